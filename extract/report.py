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
from .display import value_text
from .model import Mention, ReadError, UsageError
from .query import independent_rivals, load_claims

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
            "v": _value(c),
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
            f'<li><a class="value" href="#claim/{c["claim_id"]}">{html.escape(_value(c))}</a> '
            f'<span class="sources">{html.escape(", ".join(c["sources"]))}</span></li>' for c in group)
        cards.append(f'<div class="conflict"><h3>{title}</h3><ul class="rivals">{values}</ul></div>')
    return "".join(cards)


def _value(c: dict) -> str:
    return value_text(c["value_low"], c["value_high"], c["unit"], c["per"], c["item"], c["qualifier"])


def _charts_html(figures) -> str:
    if not figures:
        return '<p class="none">No metric has enough claims for a chart.</p>'
    return "".join(f'<figure class="chart" data-metric="{html.escape(f.metric)}">{f.svg}'
                   f'<figcaption>{html.escape(f.metric)}: {f.claims} claims on {f.rows} subjects and periods, in '
                   f'{html.escape(f.unit)}; one colour per source</figcaption></figure>' for f in figures)


CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>extract: claims report</title>
<style>{style}</style>
</head>
<body>
<header>
<h1><a href="#">Claims report</a></h1>
<p class="summary">{summary}</p>
<nav><a href="#conflicts">Disputed figures</a> &middot; <a href="#claims-section">Claims</a> &middot;
<a href="#charts">Charts</a></nav>
{notes}
</header>
<main id="main-view">
<section id="conflicts">
<h2>Disputed figures <small>independent sources that disagree</small></h2>
{conflicts}
</section>
<section id="claims-section">
<h2>Claims</h2>
<div class="filters">
<input id="search" type="search" placeholder="Search subject, value, source, sentence..." autocomplete="off">
<select id="filter-subject"><option value="">every subject</option></select>
<select id="filter-metric"><option value="">every metric</option></select>
<select id="filter-period"><option value="">every period</option></select>
<select id="filter-lang"><option value="">every language</option></select>
<label><input id="filter-disputed" type="checkbox"> disputed only</label>
<span id="count"></span>
</div>
<table id="claims">
<thead><tr><th></th><th>subject</th><th>metric</th><th>period</th><th>value</th><th>mentions</th>
<th>sources</th><th>languages</th></tr></thead>
<tbody></tbody>
</table>
<button id="more" type="button" hidden>Show more</button>
</section>
<section id="charts">
<h2>Charts <small>per metric; one row per subject and period, one colour per source</small></h2>
<div class="grid">{charts}</div>
</section>
</main>
<section id="source-view" hidden>
<p><a href="#" id="back">&larr; back to the claims</a></p>
<h2 id="source-title"></h2>
<p id="source-meta"></p>
<pre id="source-text"></pre>
</section>
<script type="application/json" id="data">{data}</script>
<script>{script}</script>
</body>
</html>
"""

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
  margin: 0 auto; max-width: 1200px; padding: 0 16px 48px; color: #1d1d1f; }
header h1 { margin: 18px 0 2px; font-size: 22px; } header h1 a { color: inherit; text-decoration: none; }
.summary { color: #555; margin: 0 0 8px; }
.warning { background: #fff4e5; border-left: 4px solid #f0a020; padding: 6px 10px; margin: 4px 0; }
h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid #e3e3e3; padding-bottom: 4px; }
h2 small { font-weight: normal; color: #777; font-size: 13px; margin-left: 6px; }
.none { color: #777; }
.conflict { border: 1px solid #f1c4c4; background: #fff8f8; border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
.conflict h3 { font-size: 14px; margin: 2px 0 4px; }
.rivals { margin: 0; padding-left: 18px; } .rivals .value { font-weight: 600; }
.sources { color: #666; font-size: 12px; }
#charts .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 18px; }
figure.chart { margin: 0; } figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #666; font-size: 12px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
#search { flex: 1 1 260px; padding: 6px 8px; font-size: 14px; }
select { padding: 5px; max-width: 220px; } #count { color: #666; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #fafafa; font-weight: 600; position: sticky; top: 0; }
tr.claim { cursor: pointer; } tr.claim:hover { background: #f5f8ff; }
tr.claim.open { background: #eef3ff; }
tr.claim td.value { font-weight: 600; white-space: nowrap; }
.badge { display: inline-block; font-size: 11px; border-radius: 8px; padding: 0 6px; margin-left: 4px; }
.badge.disputed { background: #fde2e2; color: #a30000; } .badge.translation { background: #fff0d6; color: #8a5300; }
.toggle { border: 0; background: none; cursor: pointer; font-size: 12px; width: 18px; }
tr.details > td { background: #fbfcff; padding: 8px 12px 12px 34px; }
.mention { margin: 6px 0 10px; list-style: none; }
.mention .where { font-size: 12px; color: #555; }
.mention .sentence { margin: 2px 0; }
mark { background: #ffe066; padding: 0 2px; border-radius: 2px; }
.rival-list { font-size: 13px; margin: 4px 0 0; }
#more { margin: 10px 0; padding: 6px 14px; }
#source-text { white-space: pre-wrap; word-wrap: break-word; background: #fcfcfc; border: 1px solid #eee;
  padding: 12px; font: 13px/1.5 ui-monospace, "Noto Sans Mono", "Noto Sans Mono CJK SC", monospace; }
#source-text mark a { color: inherit; text-decoration: none; }
#source-text mark.target { background: #ff9f1c; outline: 2px solid #e76f00; }
#source-text .gap { color: #999; display: block; margin: 6px 0; }
"""

SCRIPT = r"""
'use strict';
const D = JSON.parse(document.getElementById('data').textContent);
const PAGE = 200;
const $ = (id) => document.getElementById(id);
const byId = new Map(D.claims.map((c) => [c.id, c]));
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
};
for (const c of D.claims) {
  const words = [c.id, c.s, c.m, c.p, c.v, c.l.join(' '), c.src.map((k) => (D.sources[k] || {}).path).join(' ')];
  for (const k of c.ms) words.push(D.mentions[k].pre + D.mentions[k].q + D.mentions[k].post);
  c.hay = words.join('\n').toLowerCase();
}
function options(select, values) {
  for (const v of [...new Set(values)].filter((v) => v !== '').sort((a, b) => a.localeCompare(b))) {
    select.append(el('option', {value: v, text: v}));
  }
}
options($('filter-subject'), D.claims.map((c) => c.s));
options($('filter-metric'), D.claims.map((c) => c.m));
options($('filter-period'), D.claims.map((c) => c.p));
options($('filter-lang'), D.claims.flatMap((c) => c.l));
const open = new Set();
let shown = PAGE;

function matching() {
  const terms = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const s = $('filter-subject').value, m = $('filter-metric').value, p = $('filter-period').value;
  const l = $('filter-lang').value, disputed = $('filter-disputed').checked;
  return D.claims.filter((c) => (!s || c.s === s) && (!m || c.m === m) && (!p || c.p === p)
    && (!l || c.l.includes(l)) && (!disputed || c.ic.length) && terms.every((t) => c.hay.includes(t)));
}

function mentionItem(k) {
  const x = D.mentions[k];
  const source = D.sources[x.src] || {path: '?'};
  const where = el('div', {class: 'where'},
    el('a', {href: `#source/${x.src}/${x.id}`, class: 'source-link', text: `${source.path}:${x.a}\u2013${x.b}`}),
    ` \u00b7 ${x.l} \u00b7 ${x.id}`);
  const sentence = el('div', {class: 'sentence'}, x.pre, el('mark', {class: 'figure', text: x.q}), x.post);
  const item = el('li', {class: 'mention', 'data-mention': x.id}, where, sentence);
  if (x.u) item.append(el('div', {class: 'where'}, 'cited: ', el('a', {href: x.u, rel: 'noreferrer', text: x.u})));
  return item;
}

function details(c) {
  const cell = el('td', {colspan: '8'});
  cell.append(el('div', {class: 'where', text: `claim ${c.id} \u00b7 ${c.ns} source(s), ${c.ni} independent`}));
  cell.append(el('ul', {class: 'mentions'}, ...c.ms.map(mentionItem)));
  const rivals = [['disputed by independent sources', c.ic], ['differs in a translation of the same document', c.tc]];
  for (const [label, ids] of rivals) {
    if (!ids.length) continue;
    const list = el('div', {class: 'rival-list'}, `${label}: `);
    ids.forEach((id, k) => {
      const r = byId.get(id);
      if (k) list.append('; ');
      list.append(el('a', {href: `#claim/${id}`, text: r ? r.v : id}));
      if (r) list.append(` (${r.src.map((s) => (D.sources[s] || {}).path).join(', ')})`);
    });
    cell.append(list);
  }
  return el('tr', {class: 'details'}, cell);
}

function row(c) {
  const isOpen = open.has(c.id);
  const value = el('td', {class: 'value', text: c.v});
  if (c.ic.length) value.append(el('span', {class: 'badge disputed', text: 'disputed'}));
  if (c.tc.length) value.append(el('span', {class: 'badge translation', text: 'translation differs'}));
  const toggle = el('button', {class: 'toggle', type: 'button', 'aria-expanded': String(isOpen),
    text: isOpen ? '\u25be' : '\u25b8'});
  const tr = el('tr', {class: isOpen ? 'claim open' : 'claim', 'data-id': c.id}, el('td', {}, toggle),
    el('td', {text: c.s}), el('td', {text: c.m}), el('td', {text: c.p}), value, el('td', {text: String(c.n)}),
    el('td', {text: c.ni === c.ns ? String(c.ns) : `${c.ns} (${c.ni} indep.)`}), el('td', {text: c.l.join(', ')}));
  tr.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    if (open.has(c.id)) open.delete(c.id); else open.add(c.id);
    render();
  });
  return tr;
}

function render() {
  const found = matching();
  const body = $('claims').tBodies[0];
  const rows = [];
  for (const c of found.slice(0, shown)) {
    rows.push(row(c));
    if (open.has(c.id)) rows.push(details(c));
  }
  body.replaceChildren(...rows);
  $('count').textContent = `${found.length} of ${D.claims.length} claims`;
  $('more').hidden = found.length <= shown;
}

function showSource(k, mentionId) {
  const source = D.sources[k];
  if (!source) return;
  $('main-view').hidden = true;
  $('source-view').hidden = false;
  $('source-title').textContent = source.path;
  $('source-meta').textContent = `${source.lang} \u00b7 ${source.fmt} \u00b7 sha256 ${source.sha}` +
    (source.ok ? '' : ' \u00b7 the file changed since the tables were made, or is gone: its text is not shown');
  const pre = $('source-text');
  pre.replaceChildren();
  for (const [text, m] of source.seg) {
    if (text === null) { pre.append(el('span', {class: 'gap', text: '[\u2026]'})); continue; }
    if (m < 0) { pre.append(text); continue; }
    const x = D.mentions[m], c = byId.get(x.c);
    const title = c ? [c.v, c.s, c.m, c.p].join(' \u00b7 ') : '';
    pre.append(el('mark', {id: x.id, class: 'figure', title}, el('a', {href: `#claim/${x.c}`, text})));
  }
  const target = document.getElementById(source.alias[mentionId] || mentionId);
  if (target) { target.classList.add('target'); target.scrollIntoView({block: 'center'}); }
  else window.scrollTo(0, 0);
}

function showClaim(id) {
  $('source-view').hidden = true;
  $('main-view').hidden = false;
  if (!byId.has(id)) return;
  for (const f of ['filter-subject', 'filter-metric', 'filter-period', 'filter-lang']) $(f).value = '';
  $('filter-disputed').checked = false;
  $('search').value = id;
  open.add(id);
  render();
  const tr = document.querySelector(`tr.claim[data-id="${id}"]`);
  if (tr) tr.scrollIntoView({block: 'center'});
}

function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  const parts = hash.split('/');
  if (parts[0] === 'source') showSource(Number(parts[1]), parts[2]);
  else if (parts[0] === 'claim') showClaim(parts[1]);
  else {
    $('source-view').hidden = true;
    $('main-view').hidden = false;
    const section = hash && document.getElementById(hash);
    if (section) section.scrollIntoView();
  }
}

for (const id of ['search', 'filter-subject', 'filter-metric', 'filter-period', 'filter-lang', 'filter-disputed']) {
  $(id).addEventListener('input', () => { shown = PAGE; render(); });
}
$('more').addEventListener('click', () => { shown += PAGE; render(); });
window.addEventListener('hashchange', route);
render();
route();
"""
