"""The page `extract report` writes (report.py): its template, style and script, and the Content-Security-Policy
that keeps it from fetching anything."""

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
