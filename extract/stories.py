"""Independent sources: a document and its translation, or its re-post, are one source, not two.

Documents are grouped into *stories*: two documents are one story where the front matter of one says it is
a translation of the other (`translated: true`, and the original named by `original`, `translation_of` or
`translated_from`: its path, file name or name without extension), or where the alignment of resolution
(`align.py`) finds that they give the same figures in the same order. Stories are the connected groups of
those links.

The claims table then says, beside `n_sources`, how many independent sources state each claim
(`n_independent_sources`: its stories), and splits the claims it conflicts with by who disagrees:

- `independent_conflicts_with`: a document that gives this value and not the other stands against a
  document of another story that gives the other and not this one: two sources that disagree, what an
  analyst must look at;
- `translation_conflicts_with`: such documents stand against each other only within one story: a
  document against its own translation (most likely a translation error, as `900.23 亿` written for
  `$90.23 billion`).

What is left of `conflicts_with` is in neither: values that every document giving one of them gives
both of (a market's segments, on-demand and spot prices read with one context), which no source disputes.

This is a pass over the claims table that both engines have written (`annotate`): it reads the table a group
of claims at a time (the claims of one subject, metric, period and unit are consecutive in it, and a claim
conflicts only with claims of its group), so memory holds one group.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path

from .schema import LIST_SEPARATOR

ORIGINAL_KEYS = ("original", "translation_of", "translated_from")
EXTRA_COLUMNS = ("n_independent_sources", "independent_conflicts_with", "translation_conflicts_with")


class Stories:
    """Which documents tell one story: each source's story named by its first source path."""

    def __init__(self, links: Iterable[tuple[str, str]] = ()) -> None:
        self._parent: dict[str, str] = {}
        for a, b in links:
            self.join(a, b)

    def _find(self, x: str) -> str:
        parent = self._parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def of(self, source: str) -> str:
        return self._find(source)

    def annotate(self, claims_csv: Path, out: Path) -> Path:
        """`annotate` with these stories: what `tables.finish_tables` calls, so that the tables module, which
        this one writes with, imports nothing of it back."""
        return annotate(claims_csv, self, out)

    def groups(self) -> list[list[str]]:
        """The stories of more than one document, each sorted, in order."""
        found: dict[str, list[str]] = {}
        for x in list(self._parent):
            found.setdefault(self._find(x), []).append(x)
        for root, members in found.items():
            if root not in members:
                members.append(root)
        return sorted(sorted(m) for m in found.values())


def original_named(entry: dict, paths: dict[str, list[str]]) -> str | None:
    """The source a manifest entry's front matter names as its original, if it names one in the corpus:
    by path, by file name, or by file name without its extension (a slug)."""
    original = entry.get("original")
    if not original:
        return None
    name = str(original).strip().replace("\\", "/").split("/")[-1]
    for key in (str(original).strip().lstrip("./"), name, name.rsplit(".", 1)[0] if "." in name else name):
        found = paths.get(key)
        if found:
            return found[0]
    return None


def stories_of(aligned: Iterable[tuple[str, str]], entries: Iterable[dict]) -> Stories:
    """The stories of a corpus: its aligned document pairs, and each translation joined to the original its
    front matter names."""
    entries = list(entries)
    paths: dict[str, list[str]] = {}
    for e in entries:
        path = e["path"]
        name = path.split("/")[-1]
        for key in (path, name, name.rsplit(".", 1)[0] if "." in name else name):
            paths.setdefault(key, []).append(path)
    for found in paths.values():
        found.sort()
    links = list(aligned)
    for e in entries:
        original = original_named(e, paths)
        if original is not None and original != e["path"]:
            links.append((e["path"], original))
    return Stories(links)


def front_matter_link(meta: dict) -> tuple[bool | None, str | None]:
    """(translated, original) as a markdown note's front matter says them: `translated: true|false`, and
    the original under one of ORIGINAL_KEYS."""
    translated = meta.get("translated")
    translated = translated if isinstance(translated, bool) else None
    original = next((str(meta[k]).strip() for k in ORIGINAL_KEYS if meta.get(k)), None)
    return translated, original or None


def disagreement(own: set[str], theirs: set[str], stories: Stories) -> str:
    """Who disagrees in a conflict between a claim stated by the documents `own` and one stated by
    `theirs`: `independent` where a document that gives the one value and not the other stands against a
    document of another story that gives the other and not the one; `translation` where such documents
    stand against each other only within one story (a document and its translation); else `document`:
    every document that gives one value gives the other too (two values of one document, such as a
    market's segments, or on-demand and spot prices), which no source disputes."""
    only_own, only_theirs = own - theirs, theirs - own
    if not only_own or not only_theirs:
        return "document"
    return "independent" if len({stories.of(s) for s in only_own | only_theirs}) > 1 else "translation"


def independence(claim: dict, rivals: dict[str, dict], stories: Stories) -> dict[str, str]:
    """The three columns of a claims row (CSV text): its independent sources, and its conflicts split."""
    own = set(claim["sources"].split(LIST_SEPARATOR)) if claim["sources"] else set()
    independent, translation = [], []
    for other in filter(None, claim["conflicts_with"].split(LIST_SEPARATOR)):
        rival = rivals.get(other)
        if rival is None:
            continue
        kind = disagreement(own, set(rival["sources"].split(LIST_SEPARATOR)) if rival["sources"] else set(), stories)
        (independent if kind == "independent" else translation if kind == "translation" else []).append(other)
    return {"n_independent_sources": str(len({stories.of(s) for s in own})),
            "independent_conflicts_with": LIST_SEPARATOR.join(independent),
            "translation_conflicts_with": LIST_SEPARATOR.join(translation)}


def _group_key(row: dict) -> tuple[str, str, str, str]:
    return (row["subject"].casefold(), row["metric"], row["period"], row["unit"])


def annotated_rows(rows: Iterable[dict], stories: Stories) -> Iterator[dict]:
    """Claims rows (in table order) with the three columns filled in."""
    for _, group in groupby(rows, key=_group_key):
        group = list(group)
        by_id = {r["claim_id"]: r for r in group}
        for r in group:
            yield {**r, **independence(r, by_id, stories)}


def annotate(claims_csv: Path, stories: Stories, out: Path, name: str = "claims.csv") -> Path:
    """A new claims table (a temporary file beside out/name) with the columns of independence filled in;
    the one given is removed."""
    from .tables import CLAIM_COLUMNS, TableFile

    table = TableFile(out, name, CLAIM_COLUMNS)
    with claims_csv.open(encoding="utf-8", newline="") as fh:
        table.write(annotated_rows(csv.DictReader(fh), stories))
    path = table.close()
    claims_csv.unlink()
    return path
