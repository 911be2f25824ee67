"""`extract report`: the dataset as one self-contained HTML page, for an analyst's browser.

The page holds everything it shows (claims, mentions, source texts, charts as inline SVG, its script and
style) and fetches nothing: its Content-Security-Policy forbids any request, so it reads the same on a
laptop without a network as anywhere. On it: the claims that independent sources contradict, first; a
chart per metric with enough claims; the claims table with a search box and filters by subject, metric,
period and language, each claim opening to its mentions, each mention in its sentence with the figure
highlighted, its source and offsets, and a link to the source text (a view per source, its figures
marked) at that place.

Sources are read again and checked against the tables' sha256: a source that changed since, or is gone, is
not shown as if it were what the figures were read from (the page says so, and the command exits 3).
"""

from __future__ import annotations

import html
import json
import sys
from collections import defaultdict
from pathlib import Path

from .audit import quote_in
from .model import Mention, ReadError, UsageError
from .query import independent_rivals, load_claims, value_of
from .report_page import CSP, SCRIPT, STYLE, TEMPLATE

SOURCE_BUDGET = 40_000_000  # characters of source text a report holds whole; past it, windows around figures
WINDOW = 400  # characters each side of a figure kept when sources are cut to windows
MISSING_INPUT = 3  # as for `run`: done, but some input could not be shown


def build_report(sources: Path, out: Path, dest: Path | None = None, log=None) -> int:
    """Write the report of the tables in `out` (with the texts of `sources`) to `dest` (default
    out/report.html). 0, or 3 when a source could not be shown (changed since the tables, or gone)."""
    from .lock import locked
    from .tables import atomic_write, iter_mentions, recover, untrusted_tables

    log = log or sys.stderr
    if not (out / "manifest.json").exists():
        raise UsageError(f"no tables in {out} (no manifest.json): run `extract run` first")
    dest = dest or out / "report.html"
    with locked(out, "report", required=False):
        recover(out)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        warnings = [f"{name} is not the table the last run wrote (its sha256 is not the manifest's)"
                    for name in untrusted_tables(out, manifest) if name.endswith((".csv", ".parquet"))]
        claims = load_claims(out).to_pylist()
        mentions = list(iter_mentions(out / "mentions.csv"))
    page, missing = render(claims, mentions, manifest, sources, warnings)
    atomic_write(dest, page.encode("utf-8"))
    for line in warnings + missing:
        print(f"extract report: {line}", file=log)
    print(f"extract report: {len(claims)} claims, {len(mentions)} mentions, {len(manifest.get('sources', []))} "
          f"sources -> {dest}", file=log)
    return MISSING_INPUT if missing else 0


# --- the data the page holds -----------------------------------------------------------------------------


def _source_texts(sources: Path, entries: list[dict], by_source: dict[str, list[Mention]]) -> tuple[dict, list]:
    """Per source path, its raw text where it is still the file the figures were read from; and a line for
    each source that is not."""
    from .readers import read_document

    texts, missing = {}, []
    for e in entries:
        path = e["path"]
        try:
            doc = read_document(sources / path, path)
        except (ReadError, OSError) as exc:
            missing.append(f"{path}: cannot be read ({getattr(exc, 'reason', exc)}); its text is not shown")
            continue
        if doc.sha256 != e["sha256"]:
            missing.append(f"{path}: changed since the tables were made (sha256 {doc.sha256[:12]}, the tables "
                           f"record {e['sha256'][:12]}); its text is not shown")
            continue
        texts[path] = doc.raw
    if sum(map(len, texts.values())) > SOURCE_BUDGET:
        texts = {p: _windows(t, by_source.get(p, [])) for p, t in texts.items()}
    return texts, missing


def _windows(text: str, mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """Spans of the text around its figures (merged where they touch): what a large corpus's report keeps."""
    spans: list[list[int]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        a, b = max(0, m.start - WINDOW), min(len(text), m.end + WINDOW)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, b, text[a:b]) for a, b in spans]


def _segments(text: str | list[tuple[int, int, str]], mentions: list[Mention], index: dict[str, int]
              ) -> tuple[list, dict]:
    """The source text (or its windows) cut at its figures: [text, mention index or -1] pieces, a gap
    between windows [null, -1]; and for a figure inside the span of one marked before it, that figure's
    id, whose mark stands for both."""
    pieces: list[list] = []
    alias: dict[str, str] = {}
    windows = [(0, len(text), text)] if isinstance(text, str) else text
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end, m.mention_id))
    k, marked = 0, None
    for w, (a, b, chunk) in enumerate(windows):
        if w:
            pieces.append([None, -1])
        at = a
        while k < len(ordered) and ordered[k].start < b:
            m = ordered[k]
            k += 1
            if m.start < at:
                if marked is not None:
                    alias[m.mention_id] = marked
                continue
            if m.start > at:
                pieces.append([chunk[at - a: m.start - a], -1])
            pieces.append([chunk[m.start - a: min(m.end, b) - a], index[m.mention_id]])
            marked, at = m.mention_id, min(m.end, b)
        if at < b:
            pieces.append([chunk[at - a:], -1])
    return pieces, alias


def _conflict_groups(claims: list[dict]) -> list[list[dict]]:
    """Claims that independent sources contradict, in groups (one subject, metric and period each: the
    values in dispute, lowest first), the groups in table order."""
    by_id = {c["claim_id"]: c for c in claims}
    position = {c["claim_id"]: k for k, c in enumerate(claims)}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for c in claims:
        for other in c["conflicts_with"] or []:
            rival = by_id.get(other)
            if rival is not None and independent_rivals(c, rival):
                a, b = find(c["claim_id"]), find(other)
                if a != b:
                    parent[max(a, b, key=position.get)] = min(a, b, key=position.get)
    groups: dict[str, list[dict]] = defaultdict(list)
    for cid in parent:
        groups[find(cid)].append(by_id[cid])
    return sorted((sorted(g, key=lambda c: (c["value_low"], c["value_high"], position[c["claim_id"]]))
                   for g in groups.values()), key=lambda g: min(position[c["claim_id"]] for c in g))


def page_data(claims: list[dict], mentions: list[Mention], entries: list[dict], texts: dict) -> dict:
    """What the page's script works from, in short keys (the page holds it as JSON)."""
    source_index = {e["path"]: k for k, e in enumerate(entries)}
    mention_index = {m.mention_id: k for k, m in enumerate(mentions)}
    by_claim: dict[str, list[int]] = defaultdict(list)
    by_source: dict[str, list[Mention]] = defaultdict(list)
    out_mentions = []
    for k, m in enumerate(mentions):
        by_claim[m.claim_id].append(k)
        by_source[m.source].append(m)
        parts = quote_in(m)
        before, quote, after = parts if parts is not None else (m.sentence + " ", " ".join(m.text.split()), "")
        out_mentions.append({"id": m.mention_id, "c": m.claim_id, "src": source_index.get(m.source, -1),
                             "a": m.start, "b": m.end, "l": m.lang, "pre": before, "q": quote, "post": after,
                             "u": m.cited_url})
    by_id = {c["claim_id"]: c for c in claims}
    out_claims = []
    for c in claims:
        out_claims.append({
            "id": c["claim_id"], "s": c["subject"] or "", "m": c["metric"] or "", "p": c["period"] or "",
            "v": value_of(c),
            "n": c["n_mentions"], "ns": c["n_sources"], "ni": c.get("n_independent_sources", c["n_sources"]),
            "l": c["langs"] or [], "src": [source_index.get(s, -1) for s in c["sources"] or []],
            "c": c["conflicts_with"] or [],
            "ic": [r for r in c["conflicts_with"] or [] if r in by_id and independent_rivals(c, by_id[r])],
            "tc": c.get("translation_conflicts_with") or [],
            "ms": by_claim.get(c["claim_id"], []),
        })
    out_sources = []
    for e in entries:
        text = texts.get(e["path"])
        segments, alias = _segments(text, by_source.get(e["path"], []), mention_index) if text is not None \
            else ([], {})
        out_sources.append({"path": e["path"], "lang": e.get("language", ""), "fmt": e.get("format", ""),
                            "sha": e.get("sha256", ""), "ok": text is not None, "seg": segments, "alias": alias})
    return {"claims": out_claims, "mentions": out_mentions, "sources": out_sources}


# --- the page --------------------------------------------------------------------------------------------


def render(claims: list[dict], mentions: list[Mention], manifest: dict, sources: Path,
           warnings: list[str]) -> tuple[str, list[str]]:
    """The page's HTML, and a line per source it could not show."""
    from .charts import charts, source_colours

    entries = sorted(manifest.get("sources", []), key=lambda e: e["path"])
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_source[m.source].append(m)
    texts, missing = _source_texts(sources, entries, by_source)
    data = page_data(claims, mentions, entries, texts)
    groups = _conflict_groups(claims)
    contested = {c["claim_id"] for g in groups for c in g}
    figures = charts(claims, source_colours([e["path"] for e in entries]), contested)
    counts = manifest.get("counts", {})
    notes = "".join(f'<p class="warning">{html.escape(w)}</p>' for w in warnings + missing)
    versions = f"extract {manifest.get('package_version')}, rules {manifest.get('rules_version')}"
    summary = (f"{counts.get('documents', len(entries))} documents, {len(mentions)} mentions, {len(claims)} claims, "
               f"{len(groups)} disputed figure(s) &middot; {html.escape(versions)}")
    body = TEMPLATE.format(
        summary=summary, notes=notes, conflicts=_conflicts_html(groups), charts=_charts_html(figures),
        data=json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"),
        style=STYLE, script=SCRIPT, csp=CSP,
    )
    return body, missing


def _conflicts_html(groups: list[list[dict]]) -> str:
    if not groups:
        return '<p class="none">No figure is disputed between independent sources.</p>'
    cards = []
    for group in groups:
        first = group[0]
        title = " &middot; ".join(html.escape(x) for x in (first["subject"] or "?", first["metric"] or "",
                                                              first["period"] or "no period"))
        values = "".join(
            f'<li><a class="value" href="#claim/{c["claim_id"]}">{html.escape(value_of(c))}</a> '
            f'<span class="sources">{html.escape(", ".join(c["sources"]))}</span></li>' for c in group)
        cards.append(f'<div class="conflict"><h3>{title}</h3><ul class="rivals">{values}</ul></div>')
    return "".join(cards)


def _charts_html(figures) -> str:
    if not figures:
        return '<p class="none">No metric has enough claims for a chart.</p>'
    return "".join(f'<figure class="chart" data-metric="{html.escape(f.metric)}">{f.svg}'
                   f'<figcaption>{html.escape(f.metric)}: {f.claims} claims on {f.rows} subjects and periods, in '
                   f'{html.escape(f.unit)}; one colour per source</figcaption></figure>' for f in figures)
