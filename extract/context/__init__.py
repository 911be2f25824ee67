"""Context of a figure: its sentence, subject, metric, period and cited URL, from per-language keywords.

Everything a line's figures share (sentences, clause marks, entities, periods, metric keywords, cues)
is found once per line; each figure then finds its own by bisection, inside a window around it, so the
work per figure does not grow with the length of the line.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

import regex

from ..local_currency import LocalCurrency
from ..model import Document
from ..packs import get_pack
from ..packs.schema import MetricRules
from ..recognize.quantities import Quantity
from .entities import ACTORS, Entity, choose_subject, document_subject, find_entities, group_name
from .frame import Layout, Place
from .markets import find_markets
from .metrics import sentence_metric
from .names import Evidence, find_names, in_dateline
from .periods import (
    Period,
    clause_opening,
    compound_period,
    find_periods,
    leading,
    nearest,
    only,
    partial_period,
    relative_period,
    usable,
)
from .sentences import CLAUSE, sentences

__all__ = ["Context", "DocumentScope", "LineContext", "describe", "unit_class"]

# How far from a figure its context is read: a sentence longer than this (a scraped page with no
# punctuation) is cut around the figure.
WINDOW = 600
# A document's own subject is the market it names most in its first SUBJECT_SAMPLE characters.
SUBJECT_SAMPLE = 200_000
# How far past the end of a sentence a name or period that begins in it is read.
SPAN_MARGIN = 64
REFERENCE_LINK = regex.compile(r"\[([^\]\n]{1,120})\]\[[^\]\n]{0,20}\]")
LATIN_WORD = regex.compile(r"\p{Latin}+")


@dataclass(frozen=True)
class Context:
    sentence: str
    subject: str
    metric: str
    period: str
    cited_url: str
    compound: bool  # a compound growth rate, whose period is a span


@dataclass
class DocumentScope:
    """What the whole document says that single sentences do not: its subject, its layout (headings, list
    labels, table headers, title: `frame.Layout`), its date and forecast span, and where its citations are."""

    subject: str = ""
    forecast: str = ""
    link_starts: list[int] = field(default_factory=list)
    # The names found in the document's first SUBJECT_SAMPLE characters, read with the pack of `lang`:
    # lines of that language take theirs from here rather than searching again.
    lang: str = ""
    entities: list[Entity] = field(default_factory=list)
    entity_starts: list[int] = field(default_factory=list)
    scanned: int = 0
    layout: Layout | None = None
    evidence: Evidence | None = None
    date: str = ""
    citations: list[tuple[int, int]] = field(default_factory=list)
    currency: LocalCurrency | None = None  # what its shared currency word (元) names
    # What reading the document so far has left to later lines: the last actor a figure was about (a sentence
    # that refers to it, "The lender said…", may be a paragraph on). Shared with the scopes of its windows.
    memory: dict = field(default_factory=dict)
    # Where the text this scope reads starts in the document's text: 0, or a window's start (`windows.py`).
    origin: int = 0
    _places: dict = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document, lang: str) -> DocumentScope:
        """The document subject, its layout and date, and where its cited links are."""
        scanned = min(len(doc.text), SUBJECT_SAMPLE)
        scope = cls(link_starts=[link.start for link in doc.links], lang=lang, scanned=scanned,
                    layout=Layout(doc), evidence=Evidence(doc.text), date=doc.structure.date,
                    citations=citations(doc), currency=LocalCurrency(doc.text))
        ents = entities(doc.text, lang, 0, scanned, scope, use_scope=False)
        title = doc.title or ""
        scope.entities, scope.entity_starts = ents, [e.start for e in ents]
        scope.subject = document_subject(ents, find_entities(title, lang))
        return scope

    def window(self, doc: Document, origin: int, layout: Layout) -> DocumentScope:
        """The scope of a window of this document that starts at `origin` in its text: what the document
        says as a whole (subject, names of its first characters, evidence of case, date), the window's own
        layout and links."""
        return DocumentScope(subject=self.subject, forecast=self.forecast,
                             link_starts=[link.start for link in doc.links], lang=self.lang, entities=self.entities,
                             entity_starts=self.entity_starts, scanned=self.scanned, layout=layout,
                             evidence=self.evidence, date=self.date, citations=citations(doc), origin=origin,
                             currency=self.currency, memory=self.memory)

    def entities_in(self, lang: str, start: int, end: int, origin: int = 0) -> list[Entity] | None:
        """The names wholly inside text[start:end], if the document was read there in this language; `origin`:
        where that text starts in the text this scope reads (a place's own text)."""
        shift = self.origin + origin
        start, end = start + shift, end + shift
        if lang != self.lang or end > self.scanned:
            return None
        i, j = bisect_left(self.entity_starts, start), bisect_left(self.entity_starts, end)
        found = [e for e in self.entities[i:j] if e.end <= end]
        return [replace(e, start=e.start - shift, end=e.end - shift) for e in found] if shift else found

    def read(self, place: Place, lang: str) -> PlaceContext:
        """What a place says (names, periods, metric words), read once per document and language."""
        shift = place.origin or 0
        key = (place.origin is None, place.start + shift, place.end + shift, lang)
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = _read_place(place, lang, self)
        return found


@dataclass(frozen=True)
class PlaceContext:
    entities: list[Entity]
    periods: list[Period]
    metrics: list[str]  # the metrics its keywords name, in order (decoys left out)


def _read_place(place: Place, lang: str, scope: DocumentScope) -> PlaceContext:
    pack = get_pack(lang)
    text, s, e = place.text, place.start, place.end
    heading_like = place.kind in ("heading", "title")
    ents = entities(text, lang, s, e, scope if place.origin is not None else None,
                    title_case=heading_like and title_cased(text, s, e), use_scope=not heading_like,
                    origin=place.origin or 0)
    periods = [p for p in find_periods(text, pack, s, e) if usable(p)]
    metrics = [pack.context.metric_words.find(m.group()) for m in pack.context.metric_re.finditer(text, s, e)]
    return PlaceContext(ents, periods, [m for m in metrics if m])


def citations(doc: Document) -> list[tuple[int, int]]:
    """Spans of the document that cite a source (link titles, `[Reuters][3]`): names there are where a
    figure comes from, not what it is about."""
    spans = [(link.start, link.end) for link in doc.links]
    spans += [m.span(1) for m in REFERENCE_LINK.finditer(doc.text)]
    return sorted(spans)


def title_cased(text: str, start: int, end: int) -> bool:
    """Whether most longer Latin words of a span are capitalised, as in a title."""
    words = [w for w in LATIN_WORD.findall(text, start, end) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 >= len(words)


def entities(text: str, lang: str, start: int, end: int, scope: DocumentScope | None, *,
             title_case: bool = False, use_scope: bool = True, origin: int = 0) -> list[Entity]:
    """Names in text[start:end]: the gazetteer's, and names found by their form where the gazetteer has
    none (context/names.py); none inside a citation. `origin`: where `text` starts in the scope's text."""
    known = scope.entities_in(lang, start, end, origin) if scope is not None and use_scope else None
    if known is not None:
        return known
    listed = [e for e in find_entities(text, lang, start, end) if not in_dateline(text, e.start, e.end)]
    listed_at = _Marks([(e.start, e.end) for e in listed])
    listed += [e for e in find_markets(text, lang, start, end) if not listed_at.overlap(e.start, e.end)]
    listed.sort(key=lambda e: e.start)
    evidence = scope.evidence if scope is not None else None
    taken = _Marks([(e.start, e.end) for e in listed])
    found = [Entity(n.start, n.end, n.name, "name") for n in find_names(text, lang, start, end, evidence, title_case)
             if not taken.overlap(n.start, n.end)]
    return sorted([*listed, *found], key=lambda e: e.start)


def _citation(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The citation span holding text[start:end], if any."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return spans[i] if i >= 0 and spans[i][0] <= start and end <= spans[i][1] else None


def _uncited(ents: list[Entity], q: Quantity, scope: DocumentScope) -> list[Entity]:
    """Names outside citations, or in the one the figure itself stands in (a claim made by a cited title)."""
    if not scope.citations:
        return ents
    own = _citation(scope.citations, q.start, q.end)
    return [e for e in ents if _citation(scope.citations, e.start, e.end) in (None, own)]


def unit_class(q: Quantity, rules: MetricRules) -> str:
    """The kind of a figure as metrics see it: a price is money per something, a capacity a count per thing,
    a flow a count per time."""
    if q.per and q.kind == "count" and q.per in rules.time_denominators:
        return "count_flow"
    if q.per and q.kind in ("currency", "count"):
        return q.kind + "_rate"
    return q.kind


class _Marks:
    """Spans found in a line, in order, queried by position."""

    def __init__(self, spans: list) -> None:
        self.spans = spans
        self.starts = [s[0] for s in spans]

    def within(self, start: int, end: int) -> list:
        return self.spans[bisect_left(self.starts, start): bisect_left(self.starts, end)]

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span overlaps text[start:end] (spans that do not overlap each other)."""
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.spans[i][1] > start


def _merge(spans) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def regions(line: tuple[int, int], figures: list[Quantity]) -> list[tuple[int, int]]:
    """The parts of a line that context is read from: all of it, or for a long line with few figures
    (a scraped blob), the merged windows around its figures."""
    return _merge((max(line[0], q.start - 2 * WINDOW), min(line[1], q.end + WINDOW)) for q in figures) or [line]


class LineContext:
    """What the figures of one line share, computed once."""

    def __init__(self, doc: Document, lang: str, line: tuple[int, int], figures: list[Quantity],
                 scope: DocumentScope | None = None) -> None:
        text, pack = doc.text, get_pack(lang)
        self.line = line
        self.figures = figures
        self.spaced = pack.spaced
        parts = regions(line, figures)
        self.sentences = [s for p in parts for s in sentences(text, *p)]
        self.sentence_starts = [s[0] for s in self.sentences]
        # Context is read from a figure's sentence and the one before it; the other sentences of a long
        # paragraph are not searched for names, periods and keywords.
        parts = _merge(self._read_span(q.start, line) for q in figures)
        taken = _Marks(sorted((q.start, q.end) for q in figures))
        # A word of a figure ("USD 7.82 Billion") names nobody.
        self.entities = [e for p in parts for e in entities(text, lang, *p, scope) if not taken.overlap(e.start, e.end)]
        self.entity_starts = [e.start for e in self.entities]
        # A "year" inside a figure is part of the figure (2073.5亿元, 超过2000亿元), not its period.
        self.periods = [x for p in parts for x in find_periods(text, pack, *p) if not taken.overlap(x.start, x.end)]
        self.period_starts = [p.start for p in self.periods]
        self.clauses = _Marks([m.span() for p in parts for m in CLAUSE.finditer(text, *p)])
        words = pack.context
        self.keywords = _Marks([(m.start(), m.end(), words.metric_words.find(m.group()))
                                for p in parts for m in words.metric_re.finditer(text, *p)])
        self.compound = _Marks([m.span() for p in parts for m in words.compound_re.finditer(text, *p)])
        self.forecast = _Marks([m.span() for p in parts for m in words.forecast_re.finditer(text, *p)])

    def _read_span(self, pos: int, line: tuple[int, int]) -> tuple[int, int]:
        """Where the context of the figure at pos is read: the sentence before its own to the end of its
        own, and a little past it, for a name or a period that begins in it and ends after it."""
        sent, previous = self.sentence_at(pos)
        return min(previous[0], sent[0]), min(line[1], sent[1] + SPAN_MARGIN)

    def sentence_at(self, pos: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """(sentence, sentence before) around pos, each cut to WINDOW characters of the figure."""
        i = bisect_right(self.sentence_starts, pos) - 1
        if i < 0 or pos >= self.sentences[i][1]:
            return _cut(self.line, pos), (pos, pos)
        sent = _cut(self.sentences[i], pos)
        previous = self.sentences[i - 1] if i > 0 else (sent[0], sent[0])
        return sent, (max(previous[0], previous[1] - WINDOW), previous[1])

    def clause(self, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
        """Between the nearest clause marks (commas, colons, dashes) on each side of text[start:end]."""
        before = self.clauses.within(sent[0], start)
        after = self.clauses.within(end, sent[1])
        return (before[-1][1] if before else sent[0]), (after[0][0] if after else sent[1])

    def entities_in(self, start: int, end: int) -> list[Entity]:
        return self.entities[bisect_left(self.entity_starts, start): bisect_left(self.entity_starts, end)]

    def figures_in(self, start: int, end: int) -> list[Quantity]:
        return [q for q in self.figures if start <= q.start < end]

    def periods_in(self, start: int, end: int) -> list[Period]:
        return self.periods[bisect_left(self.period_starts, start): bisect_left(self.period_starts, end)]


def _cut(span: tuple[int, int], pos: int) -> tuple[int, int]:
    """A sentence as context for the figure at pos: at most WINDOW characters each side of it."""
    return max(span[0], pos - WINDOW), min(span[1], pos + WINDOW)


def _subject_from(places: list[Place], lang: str, scope: DocumentScope) -> tuple[str, str]:
    """The first thing a place around the figure names: an actor or a name, else a market."""
    for place in places:
        ents = scope.read(place, lang).entities
        actors = [i for i, e in enumerate(ents) if e.kind in ACTORS]
        if actors:
            return group_name(ents, actors[0], place.text, lang), ents[actors[0]].kind
        markets = [e for e in ents if e.kind == "market"]
        if markets:
            return markets[0].name, "market"
    return "", ""


# Places whose words say what a figure measures: a label or a header names the figure itself; a heading
# or a title names the topic of many figures, which says what an amount or a share is, not a count.
CLOSE_PLACES = ("label", "row", "column", "parent")
TOPIC_CLASSES = ("currency", "currency_rate", "percent", "points")
# Metric words too general to say what a heading is about ("financial performance", "utilisation").
GENERIC_METRICS = ("performance", "other", "none")


def _metric_from(places: list[Place], lang: str, scope: DocumentScope, cls: str, topics: bool,
                 rules: MetricRules) -> str | None:
    """The metric the places around a figure name: a label or a header names the figure's own; a heading
    or a title, the topic of a section, only where the sentence has no word for any metric (a sentence on
    headcounts under a title on revenue is about headcounts)."""
    allowed = rules.metric_units
    for place in places:
        if place.kind not in CLOSE_PLACES and (cls not in TOPIC_CLASSES or not topics):
            continue
        for metric in scope.read(place, lang).metrics:
            if cls in allowed.get(metric, ()):
                return metric
    return None


def _period_from(places: list[Place], lang: str, scope: DocumentScope, metric: str,
                 subject: str) -> Period | None:
    """The period of the nearest place that gives one for this figure: a place that names two periods
    ("Q1 2025 and end of 2024") says no one of them, and a place about another metric (a heading on
    market shares over a price) says when that metric holds, not this one. A title dates the figures of
    what it is about, its metric or its subject ("Claude API pricing 2025", "Alphabet in H1 2025"), not
    every figure of the document ("Top 3 GPU clouds for 2025")."""
    for place in places:
        found = scope.read(place, lang)
        if not found.periods:
            continue
        if len({p.value for p in found.periods}) > 1:
            continue
        topics = [m for m in found.metrics if m not in GENERIC_METRICS]
        if place.kind == "title":
            if metric not in topics and not _names(found.entities, subject):
                continue
        elif topics and metric not in topics:
            continue
        return found.periods[0]
    return None


def _names(ents: list[Entity], subject: str) -> bool:
    return bool(subject) and any(e.name.casefold() in subject.casefold() for e in ents)


def describe(doc: Document, lang: str, q: Quantity, lc: LineContext, scope: DocumentScope) -> Context:
    """Context of one figure: from its clause and sentence, then the places around it (its list item's
    label, its table headers, the headings above it, the title: CLAIMS.md §2a), then the document."""
    text = doc.text
    rules = get_pack(lang).metric_rules
    sent, previous = lc.sentence_at(q.start)
    ents = _uncited(lc.entities_in(previous[0], sent[1]), q, scope)
    periods = lc.periods_in(sent[0], sent[1])
    cl = lc.clause(sent, q.start, q.end)
    cls = unit_class(q, rules)
    places = scope.layout.places(q.start) if scope.layout is not None else []
    subject, kind = choose_subject(text, lang, ents, (q.start, q.end), cl, sent, previous)
    if subject and kind in ACTORS:
        scope.memory["actor"] = (subject, kind, q.start + scope.origin)
    elif not subject:
        subject, kind = _subject_from(places, lang, scope)
        if not subject:
            subject, kind = _actor_before(text, lang, sent, q, scope)
    if not subject and scope.subject:
        subject, kind = scope.subject, "market"
    named = any(m for *_, m in lc.keywords.within(sent[0], sent[1]))  # the sentence names some metric
    metric = sentence_metric(lc, q, cl, sent, cls, rules) \
        or _metric_from(places, lang, scope, cls, not named, rules) \
        or rules.default_metric.get(cls, "other")
    remap = {"market": rules.market_subject_metrics, "region": rules.region_subject_metrics}.get(kind, {})
    if metric in remap and q.kind == "currency":
        metric = remap[metric]

    compound = metric in rules.span_metrics and bool(lc.compound.within(sent[0], sent[1]))
    if compound:
        period = compound_period(periods, sent)
        if not period and lc.forecast.within(sent[0], sent[1]):
            period = scope.forecast
    else:
        period = _period(doc, lang, q, lc, scope, (sent, cl, periods, places), metric, subject, rules)
    i = bisect_right(scope.link_starts, q.start) - 1
    url = doc.links[i].url if i >= 0 and q.end <= doc.links[i].end else ""
    return Context(text[sent[0]:sent[1]], subject, metric, period, url, compound)


ANAPHOR_REACH = 2000  # characters back to the actor a sentence refers to ("The lender said…")


def _actor_before(text: str, lang: str, sent: tuple[int, int], q: Quantity, scope: DocumentScope) -> tuple[str, str]:
    """The actor named last before a sentence that opens by referring to one ("The lender said its margin
    narrowed…", 该行表示), in the paragraphs before it too; none further than ANAPHOR_REACH."""
    actor = scope.memory.get("actor")
    if actor is None or q.start + scope.origin - actor[2] > ANAPHOR_REACH:
        return "", ""
    if not get_pack(lang).context.anaphor_re.match(text, sent[0], sent[1]):
        return "", ""
    return actor[0], actor[1]


def _after_semicolon(lc: LineContext, text: str, sent: tuple[int, int], span: tuple[int, int]) -> Period | None:
    """A sentence a semicolon opens goes on with the one before it: a period opening a clause there dates
    this one's figures too (2018年中国进口…3121亿美元；出口…846亿美元)."""
    j = sent[0] - 1
    while j >= lc.line[0] and text[j] in " \t\u00a0\u3000":
        j -= 1
    if j < lc.line[0] or text[j] not in ";；":
        return None
    before, _ = lc.sentence_at(j)
    whole = (before[0], sent[1])
    return clause_opening(lc.periods_in(*whole), text, whole, span)


def _period(doc: Document, lang: str, q: Quantity, lc: LineContext, scope: DocumentScope, where: tuple,
            metric: str, subject: str, rules: MetricRules) -> str:
    """When a figure holds: a period its clause or sentence gives; a half or quarter it names without a
    year, in the year the places around it give; the period of those places; for a figure that states how
    things stand, the month the document is dated. A time the sentence gives relative to an unknown now
    (over the next three years) leaves it empty."""
    text, pack = doc.text, get_pack(lang)
    sent, cl, periods, places = where
    figures = [(f.start, f.end) for f in lc.figures_in(*sent)]
    found = nearest(periods, (q.start, q.end), cl, figures) or leading(periods, text, sent) \
        or only(periods, (q.start, q.end), figures) or clause_opening(periods, text, sent, (q.start, q.end)) \
        or _after_semicolon(lc, text, sent, (q.start, q.end))
    if found:
        return found.value
    if any(p.role == "block" for p in periods):
        return ""
    outer = _period_from(places, lang, scope, metric, subject)
    dated = int(scope.date[:4]) if scope.date else None
    # "up 5% from last year", 较去年同期: a year said as what a figure is compared with is not its period
    # (relative_period reads the pack's comparison words); 明年营收成长两成 is next year's growth
    relative = relative_period(text, pack, sent, dated)
    if relative is not None:
        return relative
    if outer and outer.years:
        part = partial_period(text, pack, sent, outer.years[0], (q.start, q.end))
    else:  # the year of the document's date: a month named after the one it is dated is last year's
        part = partial_period(text, pack, sent, dated, (q.start, q.end), latest=scope.date[:7])
    if part:
        return part
    if outer is not None:
        return outer.value
    if scope.date and len(scope.date) >= 7 and metric in rules.dated_metrics:
        return scope.date[:7]
    return ""
