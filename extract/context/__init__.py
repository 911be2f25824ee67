"""Context of a figure: its sentence, subject, metric, period and cited URL, from per-language keywords.

Everything a line's figures share (sentences, clause marks, entities, periods, metric keywords, cues)
is found once per line; each figure then finds its own by bisection, inside a window around it, so the
work per figure does not grow with the length of the line.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..model import Document
from ..packs import get_pack
from ..packs.schema import MetricRules
from ..recognize.quantities import Quantity
from .entities import Entity, choose_subject, document_subject, find_entities
from .periods import Period, compound_period, find_periods, leading, nearest
from .sentences import CLAUSE, sentences

__all__ = ["Context", "DocumentScope", "LineContext", "describe", "unit_class"]

# How far from a figure its context is read: a sentence longer than this (a scraped page with no
# punctuation) is cut around the figure.
WINDOW = 600
# A document's own subject is the market it names most in its first SUBJECT_SAMPLE characters.
SUBJECT_SAMPLE = 200_000
# How far past the end of a sentence a name or period that begins in it is read.
SPAN_MARGIN = 64


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
    """What the whole document says that single sentences do not: its subject, period and forecast span."""

    subject: str = ""
    period: str = ""
    forecast: str = ""
    link_starts: list[int] = field(default_factory=list)
    # The names found in the document's first SUBJECT_SAMPLE characters, read with the pack of `lang`:
    # lines of that language take theirs from here rather than searching again.
    lang: str = ""
    entities: list[Entity] = field(default_factory=list)
    entity_starts: list[int] = field(default_factory=list)
    scanned: int = 0

    @classmethod
    def of(cls, doc: Document, lang: str) -> DocumentScope:
        """The document subject, the period its title gives, and where its cited links are."""
        pack = get_pack(lang)
        scanned = min(len(doc.text), SUBJECT_SAMPLE)
        ents = find_entities(doc.text, lang, 0, scanned)
        title = doc.title or ""
        title_ents = find_entities(title, lang)
        points = [p for p in find_periods(title, pack, 0, len(title)) if p.role == "point"]
        return cls(subject=document_subject(ents, title_ents), period=points[0].value if points else "",
                   link_starts=[link.start for link in doc.links], lang=lang, entities=ents,
                   entity_starts=[e.start for e in ents], scanned=scanned)

    def entities_in(self, lang: str, start: int, end: int) -> list[Entity] | None:
        """The names wholly inside text[start:end], if the document was read there in this language."""
        if lang != self.lang or end > self.scanned:
            return None
        i, j = bisect_left(self.entity_starts, start), bisect_left(self.entity_starts, end)
        return [e for e in self.entities[i:j] if e.end <= end]


def unit_class(q: Quantity) -> str:
    """The kind of a figure as metrics see it: a price is money per something, a capacity a count per."""
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


def _entities(text: str, lang: str, part: tuple[int, int], scope: DocumentScope | None) -> list[Entity]:
    known = scope.entities_in(lang, *part) if scope is not None else None
    return known if known is not None else find_entities(text, lang, *part)


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
        parts = regions(line, figures)
        self.sentences = [s for p in parts for s in sentences(text, *p)]
        self.sentence_starts = [s[0] for s in self.sentences]
        # Context is read from a figure's sentence and the one before it; the other sentences of a long
        # paragraph are not searched for names, periods and keywords.
        parts = _merge(self._read_span(q.start, line) for q in figures)
        self.entities = [e for p in parts for e in _entities(text, lang, p, scope)]
        self.entity_starts = [e.start for e in self.entities]
        self.periods = [x for p in parts for x in find_periods(text, pack, *p)]
        self.period_starts = [p.start for p in self.periods]
        self.clauses = _Marks([m.span() for p in parts for m in CLAUSE.finditer(text, *p)])
        self.keywords = _Marks([(m.start(), m.end(), pack.context.metric_words.find(m.group()))
                                for p in parts for m in pack.context.metric_re.finditer(text, *p)])
        self.compound = _Marks([m.span() for p in parts for m in pack.context.compound_re.finditer(text, *p)])
        self.forecast = _Marks([m.span() for p in parts for m in pack.context.forecast_re.finditer(text, *p)])

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

    def periods_in(self, start: int, end: int) -> list[Period]:
        return self.periods[bisect_left(self.period_starts, start): bisect_left(self.period_starts, end)]


def _cut(span: tuple[int, int], pos: int) -> tuple[int, int]:
    """A sentence as context for the figure at pos: at most WINDOW characters each side of it."""
    return max(span[0], pos - WINDOW), min(span[1], pos + WINDOW)


def _metric(lc: LineContext, q: Quantity, cl: tuple[int, int], sent: tuple[int, int], cls: str,
            rules: MetricRules) -> str:
    """The nearest metric keyword that fits the kind of figure, in its clause first, then its sentence."""
    allowed = rules.metric_units
    found = []
    for start, end, metric in lc.keywords.within(sent[0], sent[1]):
        if q.start <= start < q.end or end > sent[1]:
            continue
        if metric and cls in allowed.get(metric, ()):
            distance = max(start - q.end, q.start - end, 0)
            found.append((not (cl[0] <= start < cl[1]), distance, start, metric))
    if found:
        return min(found)[3]
    return rules.default_metric.get(cls, "other")


def describe(doc: Document, lang: str, q: Quantity, lc: LineContext, scope: DocumentScope) -> Context:
    """Context of one figure, from the line it was found in."""
    text = doc.text
    rules = get_pack(lang).metric_rules
    sent, previous = lc.sentence_at(q.start)
    ents = lc.entities_in(previous[0], sent[1])
    periods = lc.periods_in(sent[0], sent[1])
    cl = lc.clause(sent, q.start, q.end)
    cls = unit_class(q)
    subject, kind = choose_subject(text, lang, ents, (q.start, q.end), cl, sent, previous, scope.subject)
    metric = _metric(lc, q, cl, sent, cls, rules)
    remap = rules.market_subject_metrics
    if kind in ("market", "region") and metric in remap and q.kind == "currency":
        metric = remap[metric]

    compound = metric in rules.span_metrics and bool(lc.compound.within(sent[0], sent[1]))
    if compound:
        period = compound_period(periods, sent)
        if not period and lc.forecast.within(sent[0], sent[1]):
            period = scope.forecast
    else:
        found = nearest(periods, (q.start, q.end), cl) or leading(periods, text, sent)
        period = found.value if found else ""
        if not period and metric in rules.inherit_document_period:
            period = scope.period
    i = bisect_right(scope.link_starts, q.start) - 1
    url = doc.links[i].url if i >= 0 and q.end <= doc.links[i].end else ""
    return Context(text[sent[0]:sent[1]], subject, metric, period, url, compound)
