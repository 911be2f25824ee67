"""`extract claims`: the claims table filtered, sorted and shown, or the claims that independent sources
contradict, each beside its rival values.

It reads `claims.parquet` with pyarrow and filters with Arrow compute kernels (columnar, vectorised, no
Python loop over rows), so a table of a million mentions answers in a fraction of a second; only the rows
shown become Python objects.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .display import fit, pad, value_text, width
from .model import UsageError
from .schema import LIST_SEPARATOR

FORMATS = ("table", "csv", "json", "parquet")
TERMINAL_ROWS = 100  # rows an aligned table shows on a terminal unless --limit says otherwise


@dataclass
class Filters:
    """What to keep. Several values of one filter are alternatives; filters of different kinds all apply.
    `subject` and `source` match a part of the text (case ignored for the subject); `metric`, `period`,
    `lang` and `unit` match the whole value, or a pattern with `*` and `?` (`--period '2025*'`)."""

    subject: list[str] = field(default_factory=list)
    metric: list[str] = field(default_factory=list)
    period: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)


def load_claims(out: Path):
    """The claims table of `out` as an Arrow table."""
    import pyarrow.parquet as pq

    path = out / "claims.parquet"
    if not path.exists():
        raise UsageError(f"no claims table in {out} (no claims.parquet): run `extract run` first")
    table = pq.read_table(path)
    if not table.schema.field("langs").type.equals(_list_type()):
        raise UsageError(f"{path} was written by an older version of extract (its lists are text): rebuild the "
                         f"tables with `extract run`")
    return table


def _list_type():
    import pyarrow as pa

    return pa.list_(pa.string())


def select(table, filters: Filters):
    """The rows of `table` that every given filter keeps, in table order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pa.array([True] * table.num_rows, type=pa.bool_())
    for name in ("subject", "metric", "period", "lang", "source", "unit"):
        wanted = getattr(filters, name)
        if not wanted:
            continue
        column = table.column("langs" if name == "lang" else "sources" if name == "source" else name)
        hit = None
        for value in wanted:
            one = _matches(column, name, value)
            hit = one if hit is None else pc.or_(hit, one)
        mask = pc.and_(mask, hit)
    return table.filter(mask)


def _matches(column, name: str, value: str):
    """A boolean per row: does the row's value (or, for a list, one of its items) match `value`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    listed = pa.types.is_list(column.type)
    values = pc.list_flatten(column) if listed else column
    if name in ("subject", "source"):
        hit = pc.match_substring(values, value, ignore_case=name == "subject")
    elif "*" in value or "?" in value:
        hit = pc.match_like(values, _like(value))
    else:
        hit = pc.equal(values, value)
    hit = pc.fill_null(hit, False)
    if not listed:
        return hit
    rows = pc.filter(pc.list_parent_indices(column), hit)
    return pc.is_in(pa.array(range(len(column)), type=pa.int64()), value_set=pc.unique(rows))


def _like(pattern: str) -> str:
    """A glob (`*`, `?`) as an SQL LIKE pattern."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


def sort(table, keys: list[str]):
    """`table` sorted by the given columns (`name:desc` or `-name` for descending; `value` is `value_low`),
    the table order breaking ties."""
    if not keys:
        return table
    order = []
    for key in keys:
        name, _, direction = key.partition(":")
        descending = name.startswith("-") or direction.lower() in ("desc", "descending")
        if direction.lower() not in ("", "asc", "ascending", "desc", "descending"):
            raise UsageError(f"cannot sort by {key!r}: write name, name:asc or name:desc")
        name = name.lstrip("-")
        name = "value_low" if name == "value" else name
        if name not in table.column_names:
            raise UsageError(f"cannot sort by {name!r}: the columns are {', '.join(table.column_names)}")
        order.append((name, "descending" if descending else "ascending"))
    import pyarrow as pa

    table = table.append_column("_order", pa.array(range(table.num_rows), type=pa.int64()))
    return table.sort_by([*order, ("_order", "ascending")]).drop_columns(["_order"])


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- conflicts -------------------------------------------------------------------------------------------


def independent_rivals(claim: dict, rival: dict) -> bool:
    """Do two conflicting claims have sources independent of each other? From the table's
    `independent_conflicts_with` where it has one; else, for older tables, different documents."""
    if "independent_conflicts_with" in claim:
        return rival["claim_id"] in (claim["independent_conflicts_with"] or [])
    return bool(set(claim["sources"]) | set(rival["sources"])) and \
        any(a != b for a in claim["sources"] for b in rival["sources"])


def with_rivals(selected, full) -> list[dict]:
    """The rows of `selected` that independent sources contradict, each with `rivals`: the conflicting
    claims (looked up in `full`, whatever the filters kept) whose sources are independent of its own."""
    import pyarrow.compute as pc

    candidates = selected.filter(pc.greater(pc.list_value_length(selected.column("conflicts_with")), 0))
    if candidates.num_rows == 0:
        return []
    wanted = pc.unique(pc.list_flatten(candidates.column("conflicts_with")))
    rivals = {r["claim_id"]: r for r in full.filter(pc.is_in(full.column("claim_id"), value_set=wanted)).to_pylist()}
    out = []
    for claim in candidates.to_pylist():
        found = [rivals[i] for i in claim["conflicts_with"] if i in rivals and independent_rivals(claim, rivals[i])]
        if found:
            out.append({**claim, "rivals": found})
    return out


# --- output ----------------------------------------------------------------------------------------------


def value_of(row: dict) -> str:
    return value_text(row["value_low"], row["value_high"], row["unit"], row.get("per"), row.get("item"),
                      row.get("qualifier"))


def _sources_text(row: dict) -> str:
    n = row["n_sources"]
    independent = row.get("n_independent_sources")
    return f"{n} ({independent} indep.)" if independent is not None and independent != n else str(n)


def _rival_text(rival: dict) -> str:
    return f"{value_of(rival)} [{', '.join(rival['sources'])}]"


TABLE_COLUMNS = [("claim", 17), ("subject", 36), ("metric", 14), ("period", 10), ("value", 26), ("sources", 12),
                 ("langs", 16)]


def table_lines(rows: list[dict], conflicts: bool = False, wide: bool = False) -> Iterator[str]:
    """The rows as an aligned text table (wide characters counted as two columns)."""
    columns = [*TABLE_COLUMNS, ("rival values", 60)] if conflicts else TABLE_COLUMNS
    cells = []
    for r in rows:
        line = [r["claim_id"], r["subject"] or "", r["metric"] or "", r["period"] or "", value_of(r),
                _sources_text(r), ", ".join(r["langs"] or [])]
        if conflicts:
            line.append("; ".join(_rival_text(x) for x in r["rivals"]))
        cells.append([c if wide else fit(c, limit) for c, (_, limit) in zip(line, columns, strict=True)])
    widths = [max([width(name), *(width(line[k]) for line in cells)]) for k, (name, _) in enumerate(columns)]
    yield "  ".join(pad(name, w) for (name, _), w in zip(columns, widths, strict=True)).rstrip()
    for line in cells:
        yield "  ".join(pad(c, w) for c, w in zip(line, widths, strict=True)).rstrip()


def _cell(v) -> str:
    if isinstance(v, list):
        return LIST_SEPARATOR.join(v)
    if isinstance(v, float):
        return repr(v)
    return "" if v is None else str(v)


def _with_rival_columns(rows: list[dict]) -> list[dict]:
    return [{**{k: v for k, v in r.items() if k != "rivals"}, "rival_claim_ids": [x["claim_id"] for x in r["rivals"]],
             "rival_values": [_rival_text(x) for x in r["rivals"]]} for r in rows]


BATCH = 65_536  # rows turned into Python values at a time, a column at a time (twice as fast as by row)


def records(table) -> Iterator[dict]:
    """The rows of an Arrow table as dicts, a batch at a time."""
    for batch in table.to_batches(max_chunksize=BATCH):
        names = batch.schema.names
        for values in zip(*(batch.column(k).to_pylist() for k in range(len(names))), strict=True):
            yield dict(zip(names, values, strict=True))


def _csv_cells(table) -> Iterator[list[str]]:
    """The rows of an Arrow table as CSV cells written as claims.csv writes them, a column at a time."""
    for batch in table.to_batches(max_chunksize=BATCH):
        yield from zip(*([_cell(v) for v in batch.column(k).to_pylist()] for k in range(batch.num_columns)),
                       strict=True)


def write(rows, fmt: str, stream, binary=None, conflicts: bool = False, wide: bool = False, schema=None) -> None:
    """Rows (an Arrow table of claims, or for `conflicts` a list of claims with their rivals, whose columns
    are those of `schema`) in a format: an aligned table, CSV (lists `;`-separated, as claims.csv), JSON
    Lines, Parquet (to `binary`, bytes)."""
    import pyarrow as pa

    if conflicts:
        if fmt == "table":
            for line in table_lines(rows, conflicts, wide):
                stream.write(line + "\n")
            return
        rows = _with_rival_columns(rows)
        schema = pa.schema([*schema, pa.field("rival_claim_ids", _list_type()), pa.field("rival_values", _list_type())])
        rows = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
    if fmt == "table":
        for line in table_lines(list(records(rows)), False, wide):
            stream.write(line + "\n")
    elif fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(rows.column_names)
        writer.writerows(_csv_cells(rows))
    elif fmt == "json":
        for r in records(rows):
            stream.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(rows, binary)
    else:
        raise UsageError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


def claims_command(out: Path, filters: Filters, keys: list[str], fmt: str, conflicts: bool = False,
                   limit: int | None = None, output: str | None = None, wide: bool = False,
                   stream=None, log=None) -> int:
    """What `extract claims` does: 0, and the number of rows said on `log`."""
    stream, log = stream or sys.stdout, log or sys.stderr
    if fmt == "parquet" and output is None and stream is sys.stdout and sys.stdout.isatty():
        raise UsageError("--format parquet writes binary: give --output FILE, or redirect the output to a file")
    full = load_claims(out)
    selected = sort(select(full, filters), keys)
    rivals = with_rivals(selected, full) if conflicts else None
    if limit is None and fmt == "table" and output is None and _is_terminal(stream):
        limit = TERMINAL_ROWS
        total = len(rivals) if rivals is not None else selected.num_rows
        if total > limit:
            print(f"extract claims: the first {limit} of {total} rows (--limit N for more, --format csv for all)",
                  file=log)
    if rivals is not None:
        rows = rivals[:limit] if limit is not None else rivals
        count = len(rows)
    else:
        rows = selected.slice(0, limit) if limit is not None else selected
        count = rows.num_rows
    if output is not None:
        mode = "wb" if fmt == "parquet" else "w"
        with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
            write(rows, fmt, fh, fh, conflicts, wide, full.schema)
    else:
        write(rows, fmt, stream, getattr(stream, "buffer", None), conflicts, wide, full.schema)
    what = "claim(s) contradicted by independent sources" if conflicts else "claim(s)"
    print(f"extract claims: {count} {what} of {full.num_rows}", file=log)
    return 0
