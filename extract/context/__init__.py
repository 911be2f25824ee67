"""Context of a figure: its sentence, subject, metric, period and cited URL, from per-language keywords."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from ..packs import Pack, get_pack, load_yaml
from ..recognize.quantities import Quantity
from .entities import Entity, choose_subject, document_subject, find_entities
from .periods import Period, compound_period, find_periods, leading, nearest
from .sentences import clause, sentences

__all__ = ["Context", "DocumentScope", "describe", "unit_class"]


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

    @classmethod
    def of(cls, doc: Document, lang: str) -> DocumentScope:
        pack = get_pack(lang)
        ents = find_entities(doc.text, lang)
        title = doc.title or ""
        title_ents = find_entities(title, lang)
        points = [p for p in find_periods(title, pack, 0, len(title)) if p.role == "point"]
        return cls(subject=document_subject(ents, title_ents), period=points[0].value if points else "")


def unit_class(q: Quantity) -> str:
    """The kind of a figure as metrics see it: a price is money per something, a capacity a count per."""
    if q.per and q.kind in ("currency", "count"):
        return q.kind + "_rate"
    return q.kind


def _metric(text: str, pack: Pack, q: Quantity, cl: tuple[int, int], sent: tuple[int, int], cls: str) -> str:
    base = load_yaml("base.yaml")
    allowed = base["metric_units"]
    found = []
    for m in pack.metric_re.finditer(text, sent[0], sent[1]):
        if q.start <= m.start() < q.end:
            continue
        metric = pack.metric_words.find(m.group())
        if metric and cls in allowed.get(metric, ()):
            distance = max(m.start() - q.end, q.start - m.end(), 0)
            found.append((not (cl[0] <= m.start() < cl[1]), distance, m.start(), metric))
    if found:
        return min(found)[3]
    return base["default_metric"].get(cls, "other")


def describe(doc: Document, lang: str, q: Quantity, line: tuple[int, int], ents: list[Entity],
             periods: list[Period], scope: DocumentScope) -> Context:
    """Context of one figure found in the given line of the document."""
    text = doc.text
    pack = get_pack(lang)
    sents = sentences(text, *line)
    at = next((i for i, s in enumerate(sents) if s[0] <= q.start < s[1]), None)
    sent = sents[at] if at is not None else line
    previous = sents[at - 1] if at else (sent[0], sent[0])
    cl = clause(text, sent, q.start, q.end)
    cls = unit_class(q)
    subject, kind = choose_subject(text, lang, ents, (q.start, q.end), cl, sent, previous, scope.subject)
    metric = _metric(text, pack, q, cl, sent, cls)
    remap = load_yaml("base.yaml").get("market_subject_metrics", {})
    if kind in ("market", "region") and metric in remap and q.kind == "currency":
        metric = remap[metric]

    compound = metric == "growth_rate" and bool(pack.compound_re.search(text, sent[0], sent[1]))
    if compound:
        period = compound_period(periods, sent)
        if not period and pack.forecast_re.search(text, sent[0], sent[1]):
            period = scope.forecast
    else:
        found = nearest(periods, (q.start, q.end), cl) or leading(periods, text, sent)
        period = found.value if found else ""
        if not period and metric in load_yaml("base.yaml").get("inherit_document_period", []):
            period = scope.period
    url = next((link.url for link in doc.links if link.start <= q.start and q.end <= link.end), "")
    return Context(text[sent[0]:sent[1]], subject, metric, period, url, compound)
