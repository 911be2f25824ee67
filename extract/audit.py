"""Audit: proof of where every claim came from, and that its source has not changed since.

Each mention is checked against its source: the file exists, its sha256 is the manifest's, the quote is
still at its offsets, and extracting the source again under the current rules gives the same values.
Where a source has changed, each mention is re-anchored by its quote and the text around it (the
TextQuoteSelector idea of the W3C Web Annotation model): the figure survived, moved, or is gone.
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .extractor import extract_document
from .lock import locked
from .model import Document, Mention, ReadError, UsageError
from .readers import read_document
from .schema import typed_row
from .sources import walk_sources
from .tables import file_sha256, load_mentions, read_table, recover, untrusted_tables


@dataclass(frozen=True)
class Problem:
    kind: str  # table | missing | changed | moved | gone | text | values | unindexed | new | unread
    source: str
    detail: str
    mention: Mention | None = None

    def as_dict(self) -> dict:
        m = self.mention
        return {"kind": self.kind, "source": self.source, "detail": self.detail,
                "mention_id": m.mention_id if m else None, "start": m.start if m else None,
                "end": m.end if m else None, "text": m.text if m else None}

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
    problems = _table_problems(out, manifest)
    mentions = load_mentions(out / "mentions.csv")
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_source[m.source].append(m)
    entries = {e["path"]: e for e in manifest.get("sources", [])}
    for rel in sorted(set(entries) | set(by_source)):
        problems += _check_source(sources, rel, entries.get(rel), by_source.get(rel, []))
    problems += _untabled(sources, out, entries)
    return len(mentions), problems


def _table_problems(out: Path, manifest: dict, names: tuple[str, ...] | None = None) -> list[Problem]:
    """A problem for each table (of `names`, or all) whose sha256 is not the one the manifest records."""
    bad = untrusted_tables(out, manifest)
    return [Problem("table", name, "is not the table the last run wrote (its sha256 differs from the manifest's: "
                                   "edited, sorted or replaced since, or a run was cut short); run `extract run` "
                                   "to rebuild the tables") for name in bad if names is None or name in names]


def _untabled(sources: Path, out: Path, entries: dict[str, dict]) -> list[Problem]:
    """Files of the sources folder that are neither in the tables nor among the files reported unreadable."""
    try:
        reported = {row["path"] for row in read_table(out / "errors.csv")}
    except OSError:
        reported = set()
    files, errors = walk_sources(sources)
    problems = [Problem("new", rel, "is in the sources folder but not in the tables; run `extract batch` or "
                                    "`extract run`") for _, rel in files if rel not in entries and rel not in reported]
    problems += [Problem("unread", e["path"], e["reason"]) for e in errors if e["path"] not in reported]
    return problems


def _check_source(sources: Path, rel: str, entry: dict | None, mentions: list[Mention]) -> list[Problem]:
    path = sources / rel
    if entry is None:
        return [Problem("unindexed", rel, "has mentions but no manifest entry")]
    if not path.exists():
        return [Problem("missing", rel, "source file is gone (renamed or deleted)", m) for m in mentions]
    try:
        digest = file_sha256(path)
    except OSError as exc:
        return [Problem("text", rel, f"can no longer be read: {exc.strerror or exc}")]
    if digest != entry["sha256"]:
        return _reanchor_all(path, rel, mentions)
    problems = [Problem("text", rel, f"the mention records sha256 {m.source_sha256[:12]}, the manifest "
                                     f"{digest[:12]}", m) for m in mentions if m.source_sha256 != digest]
    if problems:
        return problems
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
        elif again.text != m.text:  # HTML: the raw span, read again, gives other text
            problems.append(Problem("text", rel, f"the figure at these offsets now reads {again.text!r}", m))
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


def show_claims(sources: Path, out: Path, claim_ids: list[str], stream=None, as_json: bool = False) -> int:
    """Each claim's mentions in their sentences, the figure marked where its offsets say, with source,
    offsets, language, URL; each mention checked against its source as the audit checks it (the file's
    sha256, the quote at its offsets, the values under the current rules). 1 when anything shown does
    not hold (or a claim is not in the tables), else 0. `as_json`: one JSON object, the same facts."""
    stream = stream or sys.stdout
    table_problems, shown = _claims_shown(sources, out, claim_ids)
    status = 1 if table_problems or any(not c["holds"] for c in shown) else 0
    if as_json:
        claims = [{"claim_id": c["claim_id"], "in_tables": c["claim"] is not None, "holds": c["holds"],
                   **(typed_row("claims", c["claim"]) if c["claim"] else {}), "count_problem": c["count_problem"],
                   "mentions": [{k: v for k, v in m.items() if k != "problem_lines"} for m in c["mentions"]]}
                  for c in shown]
        print(json.dumps({"command": "audit", "out": str(out), "claims": claims,
                          "problems": [p.as_dict() for p in table_problems], "exit_status": status},
                         ensure_ascii=False), file=stream)
        return status
    for p in table_problems:
        print(p.line(), file=stream)
    for c in shown:
        if c["claim"] is None:
            print(f"{c['claim_id']}: no such claim in {out / 'claims.csv'}", file=stream)
            continue
        claim = c["claim"]
        values = claim["value_low"] if claim["value_low"] == claim["value_high"] else \
            f"{claim['value_low']}..{claim['value_high']}"
        rate = f" per {claim['per']}" if claim["per"] else ""
        item = f" ({claim['item']})" if claim["item"] else ""
        print(f"{c['claim_id']}  {claim['subject'] or '?'} | {claim['metric']} | {claim['period'] or 'no period'} | "
              f"{claim['qualifier']} {values} {claim['unit']}{rate}{item} | {claim['n_mentions']} mention(s)",
              file=stream)
        if c["count_problem"]:
            print(f"  PROBLEM {c['count_problem']}", file=stream)
        for m in c["mentions"]:
            state = "verified" if m["verified"] else "does not hold"
            print(f"  - {m['source']}:{m['start']}-{m['end']} [{m['lang']}] sha256 {m['source_sha256'][:12]} {state}",
                  file=stream)
            print(f"    {m['quote']}", file=stream)
            if m["cited_url"]:
                print(f"    cited: {m['cited_url']}", file=stream)
            for line in m["problem_lines"]:
                print(f"    {line}", file=stream)
    return status


def _claims_shown(sources: Path, out: Path, claim_ids: list[str]) -> tuple[list[Problem], list[dict]]:
    """The problems of the tables themselves, and per claim asked for: the claim's row (None where it is not
    in the tables), whether it holds, and its mentions each checked against its source."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    table_problems = _table_problems(out, manifest, ("mentions.csv", "claims.csv"))
    claims = {c["claim_id"]: c for c in read_table(out / "claims.csv")}
    wanted = set(claim_ids)
    by_claim: dict[str, list[Mention]] = defaultdict(list)
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for m in load_mentions(out / "mentions.csv"):
        by_source[m.source].append(m)
        if m.claim_id in wanted:
            by_claim[m.claim_id].append(m)
    entries = {e["path"]: e for e in manifest.get("sources", [])}
    checked: dict[str, tuple[Document | None, list[Problem]]] = {}  # per source, checked once
    shown = []
    for cid in claim_ids:
        claim = claims.get(cid)
        if claim is None:
            shown.append({"claim_id": cid, "claim": None, "holds": False, "count_problem": None, "mentions": []})
            continue
        mentions = by_claim.get(cid, [])
        count_problem = None
        if len(mentions) != int(claim["n_mentions"] or 0):
            count_problem = f"the claim counts {claim['n_mentions']} mention(s), mentions.csv holds {len(mentions)}"
        rows = []
        for m in mentions:
            if m.source not in checked:  # all its mentions: a figure still in place keeps its place
                checked[m.source] = _verify(sources, m.source, entries.get(m.source), by_source[m.source])
            doc, problems = checked[m.source]
            mine = [p for p in problems if p.mention is not None and p.mention.mention_id == m.mention_id] or \
                [p for p in problems if p.mention is None]
            rows.append({"mention_id": m.mention_id, "source": m.source, "start": m.start, "end": m.end,
                         "lang": m.lang, "text": m.text, "source_sha256": m.source_sha256, "verified": not mine,
                         "quote": mark(m, None if mine else doc), "cited_url": m.cited_url or None,
                         "problems": [p.as_dict() for p in mine], "problem_lines": [p.line() for p in mine]})
        holds = count_problem is None and all(r["verified"] for r in rows)
        shown.append({"claim_id": cid, "claim": claim, "holds": holds, "count_problem": count_problem,
                      "mentions": rows})
    return table_problems, shown


def _verify(sources: Path, rel: str, entry: dict | None,
            mentions: list[Mention]) -> tuple[Document | None, list[Problem]]:
    """The source read again (None where it cannot be) and the problems of these mentions of it: as the
    audit finds them, and a changed sha256 even where every figure is still in place."""
    problems = _check_source(sources, rel, entry, mentions)
    try:
        doc = read_document(sources / rel, rel)
    except ReadError:
        return None, problems
    if entry is not None and doc.sha256 != entry["sha256"] and not any(p.mention is None for p in problems):
        problems.append(Problem("changed", rel, f"source changed (sha256 now {doc.sha256[:12]}, the tables record "
                                                f"{entry['sha256'][:12]})"))
    return doc, problems


SPACE = re.compile(r"\s+")


def mark(m: Mention, doc: Document | None = None) -> str:
    """The mention's sentence with its quote [[marked]] where the recorded offsets put it (`quote_in`)."""
    parts = quote_in(m, doc)
    if parts is None:
        return f"{m.sentence} [[{m.text}]]"
    before, quote, after = parts
    return f"{before}[[{quote}]]{after}"


def quote_in(m: Mention, doc: Document | None = None) -> tuple[str, str, str] | None:
    """The mention's sentence as (before, quote, after), the quote where the recorded offsets put it: of the
    places the quote stands in the sentence, the one whose surroundings are those of the offsets in the
    source (read from `doc` where it is given and verified, else from the recorded prefix and suffix).
    None where the quote is not in the sentence."""
    quote = " ".join(m.text.split())
    sentence = m.sentence
    if not quote or quote not in sentence:
        return None
    if doc is not None:
        start, end = _text_span(doc, m)
        before, after = doc.text[max(0, start - len(sentence) - 1):start], doc.text[end:end + len(sentence) + 1]
    else:
        before, after = m.prefix, m.suffix
    before, after = SPACE.sub(" ", before), SPACE.sub(" ", after)
    best, best_key = 0, None
    at = sentence.find(quote)
    while at >= 0:
        left, right = sentence[:at], sentence[at + len(quote):]
        key = _common_suffix(left, before) + _common_prefix(right, after)
        if best_key is None or key > best_key:
            best, best_key = at, key
        at = sentence.find(quote, at + 1)
    return sentence[:best], quote, sentence[best + len(quote):]


def _text_span(doc: Document, m: Mention) -> tuple[int, int]:
    """Where the mention's raw span stands in the document's text."""
    if doc.raw_starts is None:
        return m.start, m.end
    start = bisect.bisect_left(doc.raw_starts, m.start)
    end = bisect.bisect_left(doc.raw_ends, m.end) + 1
    return start, max(start, min(end, len(doc.text)))


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def audit(sources: Path, out: Path, claim_ids: list[str] | None = None, stream=None, as_json: bool = False) -> int:
    """Exit status 0 when everything checks out (or the claims shown hold), 1 otherwise. UsageError when
    there is no sources folder (a mistyped --sources would otherwise make every source look deleted).
    `as_json`: the summary and the problems as one JSON object."""
    stream = stream or sys.stdout
    if not sources.is_dir():
        raise UsageError(f"sources folder not found: {sources}")
    with locked(out, "audit", required=False):
        recover(out)
        if claim_ids:
            return show_claims(sources, out, claim_ids, stream, as_json)
        n, problems = check(sources, out)
    touched = {p.mention.mention_id for p in problems if p.mention}
    status = 1 if problems else 0
    if as_json:
        print(json.dumps({"command": "audit", "out": str(out), "mentions_checked": n, "ok": n - len(touched),
                          "problems": [p.as_dict() for p in problems], "exit_status": status}, ensure_ascii=False),
              file=stream)
        return status
    print(f"audit: {n} mentions checked in {out}, {n - len(touched)} ok, {len(problems)} problem(s)", file=stream)
    for p in problems:
        print(p.line(), file=stream)
    return status
