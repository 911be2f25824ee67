"""One document in, its claim mentions out: language per line, figures, the claim filter, context."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from .cells import HeaderUnits, with_header_unit
from .clock import stage
from .context import Context, DocumentScope, LineContext, describe
from .context.sentences import lines
from .denominators import fold_unsaid_denominators
from .labelled import LabelNouns
from .languages import LineLanguages, from_hint, identify
from .model import Document, Mention
from .packs import Pack, get_pack
from .recognize.quantities import Quantity, find_quantities

QUOTE_CONTEXT = 32  # characters kept each side of a mention to find it again in an edited source


def is_claim(q: Quantity) -> bool:
    """A figure asserts a fact when it has a unit, or is a bounded count ("plus de 80").

    Years, bare numbers (list positions, model numbers, dates, counters), a lone numeral word used as
    an article (一家, "une fois", "a dollar") and fractions of a count ("two thirds of users") are not claims.
    """
    if q.year_like or q.word_numeral and q.kind not in ("percent", "points"):
        return False  # "one per cent" is a figure; "a dollar", 一家 are articles
    if q.kind in ("number", "count") and q.value_low < 1 and q.value_low != int(q.value_low):
        return False  # things are counted whole: "more than half of users", 超过一半 is a share, not a count
    if q.kind == "number":
        return q.qualifier != "exact"
    return True


def as_claim(q: Quantity, pack: Pack) -> Quantity:
    """A bounded bare number is a count of something the sentence names; a unit the contract writes in
    another (grams and tonnes: kg) is converted."""
    if q.kind == "number":
        return replace(q, kind="count", unit="count")
    to = pack.sections.units.table_units.get(q.unit or "")
    if to is not None:
        return replace(q, unit=to.unit, value_low=q.value_low * to.factor, value_high=q.value_high * to.factor)
    return q


def clean(v: float) -> float:
    """Twelve significant digits: 318.9 × 10⁸ is 31890000000.0, not 31889999999.999996."""
    return float(f"{v:.12g}")


def mention_id(source: str, start: int, end: int) -> str:
    return "m" + hashlib.sha256(f"{source}\x1f{start}\x1f{end}".encode()).hexdigest()[:16]


# The forecast period while a document is being read: a compound growth rate said "over the forecast
# period" takes the span the document's other compound rates give most, known once all are read. Such
# figures keep this mark as their period until then.
FORECAST_PENDING = "\x00forecast"


def document_language(doc: Document) -> tuple[str, bool]:
    """(language of the document, whether its hint settled it). Reads the first `languages.SAMPLE`
    characters of the text only."""
    with stage("language"):
        doc_lang = identify(doc.text, doc.lang_hint)
    return doc_lang, doc_lang == from_hint(doc.lang_hint)


def document_scope(doc: Document, doc_lang: str) -> DocumentScope:
    """What the whole document says that its lines do not (read from its first characters and title)."""
    with stage("context"):
        scope = DocumentScope.of(doc, doc_lang)
    scope.forecast = FORECAST_PENDING
    return scope


def read_lines(doc: Document, spans: list[tuple[int, int]], languages: LineLanguages, scope: DocumentScope,
               ahead: list[tuple[int, int]] = (), origin: int = 0) -> list[tuple[Quantity, str, Context]]:
    """(figure, language of its line, context) of every claim on these lines of the document, which follow
    the lines `languages` read before; `ahead`: the lines after them that `doc` holds; `origin`: where
    `doc` starts in its source, when it is a window of it."""
    with stage("language"):
        blocks = list(zip(spans, languages.of(doc.text, spans, ahead, origin), strict=True))
    found = []
    units = HeaderUnits(scope.layout.text_of) if doc.structure.cells and scope.layout is not None else None
    labels = LabelNouns(scope.layout) if doc.structure.items and scope.layout is not None else None
    for line, lang in blocks:
        with stage("recognize"):
            pack = get_pack(lang)
            quantities = fold_unsaid_denominators(doc.text, find_quantities(doc.text, pack, *line), pack)
            if units is not None:
                quantities = [_in_header_unit(doc, q, scope, units, lang) for q in quantities]
            if labels is not None:
                quantities = [labels.counted(doc.text, q, pack) for q in quantities]
            if scope.currency is not None:
                quantities = [scope.currency.applied(q, pack) for q in quantities]
            figures = [as_claim(q, pack) for q in quantities if is_claim(q)]
        if not figures:
            continue
        with stage("context"):
            lc = LineContext(doc, lang, line, figures, scope)
            found += [(q, lang, describe(doc, lang, q, lc, scope)) for q in figures]
    return found


def _in_header_unit(doc: Document, q: Quantity, scope: DocumentScope, units: HeaderUnits, lang: str) -> Quantity:
    """A bare number that fills a table cell, in the unit its header gives (cells.py)."""
    if q.kind != "number" or q.year_like:
        return q
    cell = scope.layout.cell_at(q.start)
    if cell is None or doc.text[cell.start:q.start].strip(" *_~≈") or doc.text[q.end:cell.end].strip(" *_"):
        return q
    unit = units.of(cell, get_pack(lang))
    return with_header_unit(q, unit) if unit is not None else q


def forecast_spans(found: list[tuple[Quantity, str, Context]]) -> Counter:
    """How often each span is the period of a compound growth rate: the document's forecast period is the
    commonest (`forecast_of`)."""
    return Counter(ctx.period for *_, ctx in found if ctx.compound and ctx.period and ctx.period != FORECAST_PENDING)


def forecast_of(spans: Counter) -> str:
    return sorted(spans.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if spans else ""


def mentions_of(doc: Document, found: list[tuple[Quantity, str, Context]], forecast: str = FORECAST_PENDING,
                offset: int = 0) -> list[Mention]:
    """The mentions of these figures; a pending forecast period becomes `forecast` (kept pending by
    default). `offset`: where `doc` starts in its source, when it is a piece of one."""
    out = []
    for q, lang, ctx in found:
        if ctx.period == FORECAST_PENDING and forecast != FORECAST_PENDING:
            ctx = replace(ctx, period=forecast)
        out.append(_mention(doc, q, lang, ctx, offset))
    return out


def extract_document(doc: Document) -> tuple[str, list[Mention]]:
    """(language of the document, its mentions); claim ids are left to deduplication."""
    doc_lang, settled = document_language(doc)
    scope = document_scope(doc, doc_lang)
    found = read_lines(doc, lines(doc.text), LineLanguages(doc_lang, settled), scope)
    return doc_lang, mentions_of(doc, found, forecast_of(forecast_spans(found)))


def _mention(doc: Document, q: Quantity, lang: str, ctx: Context, offset: int = 0) -> Mention:
    start, end = doc.to_raw(q.start, q.end)
    text = doc.raw[start:end] if doc.raw_starts is None else q.text
    at, to = start + offset, end + offset
    return Mention(
        mention_id=mention_id(doc.source, at, to), claim_id="", source=doc.source, start=at, end=to,
        text=text, lang=lang, value_low=clean(q.value_low), value_high=clean(q.value_high), unit=q.unit or "",
        per=q.per or "", item=q.item or "", qualifier=q.qualifier, metric=ctx.metric, subject=ctx.subject,
        period=ctx.period, sentence=" ".join(ctx.sentence.split()), source_sha256=doc.sha256,
        cited_url=ctx.cited_url,
        prefix=doc.raw[max(0, start - QUOTE_CONTEXT): start], suffix=doc.raw[end: end + QUOTE_CONTEXT],
    )
