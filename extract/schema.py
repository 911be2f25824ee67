"""The data dictionary: every column of every table, its type and what it means, kept in one place.

From it come the Parquet types (`arrow_schema`), the Frictionless descriptor written beside the tables as
`schema.json` (`frictionless_descriptor`), and `docs/tables.md` (`markdown`), so that what the tables
hold, what the readers are told and what the documentation says cannot drift apart.

Types: `string`, `integer`, `number` (a double), and `list` (of strings: `;`-separated in the CSV, a list
in Parquet). In the CSV an empty cell is a missing value; in Parquet it is null, but for a list, where it
is the empty list. `period` is text: `2025` is a period, not a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

LIST_SEPARATOR = ";"
QUALIFIERS = ("exact", "approx", "gt", "ge", "lt", "le")
METRICS = ("market_share", "market_size", "growth_rate", "price", "discount", "revenue", "funding", "valuation",
           "investment", "count", "capacity", "performance", "other")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | integer | number | list
    description: str
    required: bool = False  # never empty
    enum: tuple[str, ...] = ()
    pattern: str = ""


ID = r"^[mc][0-9a-f]{16}$"
MENTIONS = (
    Column("mention_id", "string", "The mention's id: `m` and 16 hex digits of the sha256 of its source and raw "
           "offsets. The same place in the same file has the same id in every run.", True, pattern=r"^m[0-9a-f]{16}$"),
    Column("claim_id", "string", "The claim this mention states (`claims.claim_id`).", True,
           pattern=r"^c[0-9a-f]{16}$"),
    Column("source", "string", "The source file, as its path under the sources folder (with `/`).", True),
    Column("start", "integer", "Where the figure starts: an offset in Unicode code points into the source file "
           "decoded as UTF-8, line endings as they are. For HTML, the start of the raw span (markup and "
           "entities included).", True),
    Column("end", "integer", "Where the figure ends (exclusive), counted as `start` is.", True),
    Column("text", "string", "The figure as written. For text and markdown it is exactly "
           "`source_text[start:end]`; for HTML, the decoded text of the raw span.", True),
    Column("lang", "string", "The language the figure was read in (`en`, `fr`, `zh-Hans`, `zh-Hant`): the "
           "document's, or its line's where a line is in another language.", True),
    Column("value_low", "number", "The value, or the low end of a range, in the base unit: scale words applied "
           "(`4.96 billion` is 4960000000), percent in percent (`29 %` is 29), a scaled denominator folded in "
           "(`$3 per million tokens` is 3e-06 per `token`).", True),
    Column("value_high", "number", "The high end of a range; equal to `value_low` for a single value.", True),
    Column("unit", "string", "An ISO 4217 code for money (`USD`, `EUR`, `CNY`), `%`, `pp` (percentage points), "
           "`x` (a multiple), `count` (of `item`), an SI unit (`W`, `bit/s`, `B`, `kg`), `Wh`, `°C`, `point`, or a "
           "duration (`hour`, `month`, `year`).", True),
    Column("per", "string", "The denominator of a rate, in English (`hour`, `GPU-hour`, `token`, `month`); "
           "missing when the figure is not a rate."),
    Column("item", "string", "What a `count` counts, an English singular noun (`GPU`, `user`, `provider`); "
           "missing for other units."),
    Column("qualifier", "string", "How the value is stated: `exact`, `approx` (about), `gt` (more than), `ge` "
           "(at least), `lt` (less than), `le` (up to).", True, QUALIFIERS),
    Column("metric", "string", "What is measured: one of " + ", ".join(f"`{m}`" for m in METRICS) + ".", True,
           METRICS),
    Column("subject", "string", "Who or what the value is about, a short English name where one is known "
           "(`AWS`, `GPU-as-a-Service market`); missing when the text does not say."),
    Column("period", "string", "When the value holds, as text: `2025`, `2025-Q1`, `2024-H2`, `2025-10` (a "
           "month), `2026/2035` (a span, as for a growth rate), `FY2026-Q3` (fiscal); missing when the "
           "document does not say. Read it as text, never as a number."),
    Column("sentence", "string", "The sentence the figure stands in, white space collapsed.", True),
    Column("source_sha256", "string", "The sha256 of the source file's bytes when the figure was read.", True,
           pattern=r"^[0-9a-f]{64}$"),
    Column("cited_url", "string", "For a figure in the title of a cited link, the link's URL (the claim is the "
           "cited source's); missing otherwise."),
    Column("prefix", "string", "Up to 32 characters of the raw file before the figure, to find it again in an "
           "edited source (missing at the start of a file)."),
    Column("suffix", "string", "Up to 32 characters of the raw file after the figure (missing at the end of a "
           "file)."),
)

CLAIMS = (
    Column("claim_id", "string", "The claim's id: `c` and 16 hex digits of the sha256 of its resolved key "
           "(subject, metric, period, values, unit, per, item). The same fact has the same id in every run.", True,
           pattern=r"^c[0-9a-f]{16}$"),
    Column("subject", "string", "Who or what the claim is about, as its mentions agree (an English name before a "
           "transliteration); missing when none says."),
    Column("metric", "string", "What is measured (see `mentions.metric`).", True, METRICS),
    Column("period", "string", "When the value holds, as text (see `mentions.period`); missing when no mention "
           "says."),
    Column("value_low", "number", "The value, or the low end of a range, in the base unit (see "
           "`mentions.value_low`).", True),
    Column("value_high", "number", "The high end of a range; equal to `value_low` for a single value.", True),
    Column("unit", "string", "The unit (see `mentions.unit`).", True),
    Column("per", "string", "The denominator of a rate; missing when the claim is not a rate."),
    Column("item", "string", "What a `count` counts; missing for other units."),
    Column("qualifier", "string", "The qualifier most of its mentions give (ties: the plainest, `exact` first).",
           True, QUALIFIERS),
    Column("n_mentions", "integer", "How many mentions state it.", True),
    Column("n_sources", "integer", "How many documents state it.", True),
    Column("langs", "list", "The languages it is stated in, sorted.", True),
    Column("sources", "list", "The documents that state it (`mentions.source`), sorted.", True),
    Column("first_mention_id", "string", "Its first mention in table order (the lowest source path, then the "
           "lowest offset): where to start reading (`mentions.mention_id`).", True, pattern=r"^m[0-9a-f]{16}$"),
    Column("conflicts_with", "list", "The claims with the same subject, metric, period, unit, per and item but "
           "other values (`claim_id`s, sorted); empty when none. Claims without a subject conflict with none."),
    Column("n_independent_sources", "integer", "How many independent sources state it: its documents, a document "
           "and its translations or re-posts counted once (one story: front matter `translated: true` with "
           "`original:` naming the other, or the two documents giving the same figures in the same order).", True),
    Column("independent_conflicts_with", "list", "Those of `conflicts_with` that independent sources dispute: a "
           "document giving this value and not the other against a document of another story giving the other "
           "and not this one. What `extract claims --conflicts` shows."),
    Column("translation_conflicts_with", "list", "Those of `conflicts_with` disputed only within one story: a "
           "document against its own translation (most likely a translation error). The rest of "
           "`conflicts_with`, in neither list, are values every document giving one of them gives both of "
           "(segments of a market, on-demand and spot prices): no source disputes them."),
)

ERRORS = (
    Column("path", "string", "The file or folder that could not be read: its path under the sources folder, or "
           "for a file a batch did not import, the path as given.", True),
    Column("stage", "string", "Where it failed: `read` (the file, its folder or its name; a batch's import), "
           "`decode` (its bytes), `parse` (an HTML page's structure), `extract` (a page with no article text).",
           True),
    Column("reason", "string", "Why it could not be read, in words.", True),
    Column("hint", "string", "What to do about it, where there is something to do."),
)

TABLES: dict[str, tuple[Column, ...]] = {"mentions": MENTIONS, "claims": CLAIMS, "errors": ERRORS}
TITLES = {
    "mentions": "one row per place in a source where a figure asserts a fact: the provenance record",
    "claims": "one row per distinct fact, however many times and in however many languages it is stated",
    "errors": "one row per file or folder that could not be read, and why",
}
PRIMARY_KEYS = {"mentions": "mention_id", "claims": "claim_id"}
FOREIGN_KEYS = {
    "mentions": [("claim_id", "claims", "claim_id")],
    "claims": [("first_mention_id", "mentions", "mention_id")],
}


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def list_columns(table: str) -> frozenset[str]:
    return frozenset(c.name for c in TABLES[table] if c.type == "list")


def column(table: str, name: str) -> Column:
    return next(c for c in TABLES[table] if c.name == name)


def typed_row(table: str, row: dict[str, str]) -> dict:
    """A CSV row of a table with the types of the dictionary: numbers, integers, lists, None for empty."""
    kinds = {c.name: c.type for c in TABLES[table]}
    out: dict = {}
    for name, text in row.items():
        kind = kinds.get(name, "string")
        if kind == "list":
            out[name] = text.split(LIST_SEPARATOR) if text else []
        elif not text:
            out[name] = None
        else:
            out[name] = float(text) if kind == "number" else int(text) if kind == "integer" else text
    return out


def arrow_schema(table: str, names: list[str] | None = None):
    """The Parquet schema of a table (of `names`, in that order, where given: the columns of a CSV),
    each field described in its metadata."""
    import pyarrow as pa

    kinds = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "list": pa.list_(pa.string())}
    found = {c.name: c for c in TABLES[table]}
    return pa.schema([pa.field(n, kinds[found[n].type] if n in found else pa.string(),
                               metadata={"description": found[n].description} if n in found else None)
                      for n in (names or columns(table))])


def _field(c: Column) -> dict:
    out: dict = {"name": c.name, "type": c.type, "description": c.description}
    if c.type == "list":
        out.update(delimiter=LIST_SEPARATOR, itemType="string")
    constraints: dict = {}
    if c.required:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = list(c.enum)
    if c.pattern:
        constraints["pattern"] = c.pattern
    if constraints:
        out["constraints"] = constraints
    return out


def frictionless_descriptor() -> dict:
    """A Frictionless (tabular) Data Package: one resource per CSV table, each with its Table Schema (types,
    missing values, primary and foreign keys). `frictionless validate --type package schema.json` checks the
    tables against it."""
    resources = []
    for table, cols in TABLES.items():
        schema: dict = {"fields": [_field(c) for c in cols], "missingValues": [""]}
        if table in PRIMARY_KEYS:
            schema["primaryKey"] = [PRIMARY_KEYS[table]]
        if table in FOREIGN_KEYS:
            schema["foreignKeys"] = [{"fields": [f], "reference": {"resource": other, "fields": [key]}}
                                     for f, other, key in FOREIGN_KEYS[table]]
        resources.append({
            "name": table, "path": f"{table}.csv", "title": TITLES[table], "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\n",
                        "header": True},
            "schema": schema,
        })
    return {"profile": "tabular-data-package", "name": "extract-normalized",
            "title": "Numeric claims extracted from market articles", "resources": resources}


def descriptor_json() -> bytes:
    return (json.dumps(frictionless_descriptor(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def markdown() -> str:
    """The data dictionary as `docs/tables.md` holds it (`python -m extract.schema > docs/tables.md`)."""
    lines = [
        "# The tables: a data dictionary",
        "",
        "<!-- Generated by `python -m extract.schema > docs/tables.md` from extract/schema.py; a test checks it"
        " is current. -->",
        "",
        "`extract run` writes each table as CSV and (but for errors) Parquet into the output folder, with",
        "`schema.json` beside them: a Frictionless Data Package whose Table Schemas give every column's type.",
        "",
        "- **Types.** `string`, `integer` (int64), `number` (a double), `list` (of strings). In the CSV a list is",
        f"  written with `{LIST_SEPARATOR}` between its items and an empty cell is a missing value; in Parquet a",
        "  missing value is null, a list a list (empty, never null, when it holds nothing).",
        "- **`period` is text**: `2025` is a period, not the number 2025. Read the CSV with the types below",
        "  (pandas: `dtype={\"period\": \"string\"}`; DuckDB: `types={'period': 'VARCHAR'}`) or read the Parquet",
        "  tables, which carry them.",
        "",
    ]
    for table, cols in TABLES.items():
        key = f"; key `{PRIMARY_KEYS[table]}`" if table in PRIMARY_KEYS else ""
        files = f"`{table}.csv`" + (f", `{table}.parquet`" if table != "errors" else "")
        lines += [f"## {table}", "", f"{files}: {TITLES[table]}{key}.", "",
                  "| column | type | missing | meaning |", "|---|---|---|---|"]
        for c in cols:
            missing = "never" if c.required else ("empty list" if c.type == "list" else "null")
            lines.append(f"| `{c.name}` | {c.type} | {missing} | {c.description} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
