"""Audit: proof of where every claim came from, and that its source has not changed since.

Each mention is checked against its source: the file exists, its sha256 is the manifest's, the quote is
still at its offsets, and extracting the source again under the current rules gives the same values.
Where a source has changed, each mention is re-anchored by its quote and the text around it (the
TextQuoteSelector idea of the W3C Web Annotation model): the figure survived, moved, or is gone.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .extractor import extract_document
from .model import Mention, ReadError
from .readers import read_document
from .tables import load_mentions, read_table, recover


@dataclass(frozen=True)
class Problem:
    kind: str  # table | missing | changed | moved | gone | text | values | unindexed
    source: str
    detail: str
    mention: Mention | None = None

    def line(self) -> str:
        where = f"{self.source}:{self.mention.start}-{self.mention.end} {self.mention.mention_id} " \
                f"{self.mention.text!r}" if self.mention else self.source
        return f"PROBLEM {self.kind:8s} {where}: {self.detail}"


def _context_score(raw: str, at: int, m: Mention) -> int:
    """How much of the recorded text before and after the quote surrounds it at `at`."""
    before = raw[max(0, at - len(m.prefix)): at]
    after = raw[at + len(m.text): at + len(m.text) + len(m.suffix)]
    left = next((i for i in range(min(len(before), len(m.prefix)))
                 if before[len(before) - 1 - i] != m.prefix[len(m.prefix) - 1 - i]), min(len(before), len(m.prefix)))
    right = next((i for i in range(min(len(after), len(m.suffix))) if after[i] != m.suffix[i]),
                 min(len(after), len(m.suffix)))
    return left + right


def reanchor(raw: str, m: Mention, taken: set[int] = frozenset()) -> int | None:
    """Where the quote of m stands in a changed text: the free occurrence its context fits best, or None."""
    best, best_key = None, None
    at = raw.find(m.text)
    while at >= 0:
        key = (_context_score(raw, at, m), -abs(at - m.start))
        if at not in taken and (best_key is None or key > best_key):
            best, best_key = at, key
        at = raw.find(m.text, at + 1)
    return best


def check(sources: Path, out: Path) -> tuple[int, list[Problem]]:
    """(number of mentions checked, problems) for the tables in `out` against the files in `sources`."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    problems: list[Problem] = []
    for name, digest in (manifest.get("tables") or {}).items():
        path = out / name
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(Problem("table", name, "does not match the manifest: a run was interrupted; run "
                                                   "`extract run` or `extract batch` again"))
    mentions = load_mentions(out / "mentions.csv")
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_source[m.source].append(m)
    entries = {e["path"]: e for e in manifest.get("sources", [])}
    for rel in sorted(set(entries) | set(by_source)):
        problems += _check_source(sources, rel, entries.get(rel), by_source.get(rel, []))
    return len(mentions), problems


def _check_source(sources: Path, rel: str, entry: dict | None, mentions: list[Mention]) -> list[Problem]:
    path = sources / rel
    if entry is None:
        return [Problem("unindexed", rel, "has mentions but no manifest entry")]
    if not path.exists():
        return [Problem("missing", rel, "source file is gone (renamed or deleted)", m) for m in mentions]
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return _reanchor_all(path, rel, mentions)
    try:
        doc = read_document(path, rel)
    except ReadError as exc:
        return [Problem("text", rel, f"can no longer be read: {exc.reason}")]
    _, fresh = extract_document(doc)
    now = {m.mention_id: m for m in fresh}
    problems = []
    for m in mentions:
        if doc.raw_starts is None and doc.raw[m.start: m.end] != m.text:
            problems.append(Problem("text", rel, f"source text at these offsets is {doc.raw[m.start:m.end]!r}", m))
            continue
        again = now.get(m.mention_id)
        if again is None:
            problems.append(Problem("values", rel, "the current rules no longer read a figure here", m))
        elif (again.value_low, again.value_high, again.unit, again.per, again.item) != \
                (m.value_low, m.value_high, m.unit, m.per, m.item):
            problems.append(Problem("values", rel, f"the current rules read {again.value_low}..{again.value_high} "
                                                   f"{again.unit} {again.per} {again.item}".rstrip(), m))
    return problems


def _reanchor_all(path: Path, rel: str, mentions: list[Mention]) -> list[Problem]:
    """A changed source: say for each mention whether its figure survived where it was, moved, or is gone."""
    try:
        doc = read_document(path, rel)
    except ReadError as exc:
        return [Problem("changed", rel, f"source changed and can no longer be read: {exc.reason}", m)
                for m in mentions]
    problems = []
    # Figures whose quote is still at their offsets survived; the others may not take those places.
    in_place = {m.start for m in mentions if doc.raw_starts is None and doc.raw[m.start: m.end] == m.text}
    for m in mentions:
        if doc.raw_starts is None:
            if m.start in in_place and doc.raw[m.start: m.end] == m.text:
                continue  # survived in place
            at = reanchor(doc.raw, m, in_place)
            if at is None:
                problems.append(Problem("gone", rel, "source changed; the figure is no longer in it", m))
            else:
                where = f"{at}-{at + len(m.text)}"
                problems.append(Problem("moved", rel, f"source changed; the figure now stands at {where}", m))
        else:
            at = doc.text.find(m.text)
            if at < 0:
                problems.append(Problem("gone", rel, "source changed; the figure is no longer in it", m))
            elif doc.to_raw(at, at + len(m.text)) != (m.start, m.end):
                start, end = doc.to_raw(at, at + len(m.text))
                problems.append(Problem("moved", rel, f"source changed; the figure now stands at {start}-{end}", m))
    if not problems:
        problems.append(Problem("changed", rel, "source changed (sha256 differs from the manifest); every figure "
                                                "survived in place"))
    return problems


def show_claims(out: Path, claim_ids: list[str], stream=None) -> int:
    """Each claim's mentions in their sentences, the figure marked, with source, offsets, language, URL."""
    stream = stream or sys.stdout
    claims = {c["claim_id"]: c for c in read_table(out / "claims.csv")}
    mentions = load_mentions(out / "mentions.csv")
    status = 0
    for cid in claim_ids:
        claim = claims.get(cid)
        if claim is None:
            print(f"{cid}: no such claim in {out / 'claims.csv'}", file=stream)
            status = 1
            continue
        values = claim["value_low"] if claim["value_low"] == claim["value_high"] else \
            f"{claim['value_low']}..{claim['value_high']}"
        rate = f" per {claim['per']}" if claim["per"] else ""
        item = f" ({claim['item']})" if claim["item"] else ""
        print(f"{cid}  {claim['subject'] or '?'} | {claim['metric']} | {claim['period'] or 'no period'} | "
              f"{claim['qualifier']} {values} {claim['unit']}{rate}{item} | {claim['n_mentions']} mention(s)",
              file=stream)
        for m in (m for m in mentions if m.claim_id == cid):
            marked = m.sentence.replace(m.text, f"[[{m.text}]]", 1) if m.text in m.sentence else \
                f"{m.sentence} [[{m.text}]]"
            print(f"  - {m.source}:{m.start}-{m.end} [{m.lang}] sha256 {m.source_sha256[:12]}", file=stream)
            print(f"    {marked}", file=stream)
            if m.cited_url:
                print(f"    cited: {m.cited_url}", file=stream)
    return status


def audit(sources: Path, out: Path, claim_ids: list[str] | None = None, stream=None) -> int:
    """Exit status 0 when everything checks out (or the claims were shown), 1 otherwise."""
    stream = stream or sys.stdout
    recover(out)
    if claim_ids:
        return show_claims(out, claim_ids, stream)
    n, problems = check(sources, out)
    touched = {p.mention.mention_id for p in problems if p.mention}
    print(f"audit: {n} mentions checked in {out}, {n - len(touched)} ok, {len(problems)} problem(s)", file=stream)
    for p in problems:
        print(p.line(), file=stream)
    return 1 if problems else 0
