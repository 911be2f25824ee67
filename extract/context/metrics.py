"""The metric a figure's own sentence gives it: the nearest metric word that fits the kind of figure, in its
clause first, and what makes a word another figure's (CLAIMS.md §2a, the first place a reader looks)."""

from __future__ import annotations

from typing import Any, Protocol

from ..packs.schema import MetricRules
from ..recognize.quantities import Quantity


class LineContext(Protocol):
    """What a line's context gives this step (context.LineContext)."""

    keywords: Any  # the metric words of the line: (start, end, metric) by position
    spaced: bool

    def clause(self, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]: ...

    def figures_in(self, start: int, end: int) -> list[Quantity]: ...


GROWTH = "growth_rate"


def sentence_metric(lc: LineContext, q: Quantity, cl: tuple[int, int], sent: tuple[int, int], cls: str,
                    rules: MetricRules) -> str | None:
    """The nearest metric keyword that fits the kind of figure, in its clause first, then its sentence; a
    word inside the figure itself (9折, a price) is nearest of all, unless it is the denominator of a rate or
    the counted thing and its metric does not fit ("$1.52 a share", "2 million shares" are no market share);
    a word in the clause of another figure is that figure's ("R&D: about $1.1bn, 8.6% of revenue": revenue is
    the share's). None when the sentence has none."""
    allowed = rules.metric_units
    found = []
    for start, end, metric in lc.keywords.within(sent[0], sent[1]):
        if end > sent[1]:
            continue
        if metric and q.start <= start and end == q.end \
                and (q.per is None and q.item is None or cls in allowed.get(metric, ())):
            return metric  # the figure's own unit says it (9折 is a price)
        if metric and cls in allowed.get(metric, ()) and not _anothers(lc, q, sent, cl, start, end):
            distance = max(start - q.end, q.start - end, 0)
            found.append((not (cl[0] <= start < cl[1]), distance, start, metric))
    # a percentage said of a growth is its rate, whatever grew: where a language puts the head of a noun
    # phrase first, a clause that opens on growth ("une croissance de ses ventes de 7 %")
    before = sorted((s, m) for outside, _, s, m in found if not outside and s < q.start)
    if cls == "percent" and lc.spaced and before and before[0][1] == GROWTH:
        return GROWTH
    return min(found)[3] if found else None


def _anothers(lc: LineContext, q: Quantity, sent: tuple[int, int], cl: tuple[int, int], start: int,
              end: int) -> bool:
    """Whether a word after q, outside its clause, stands before another figure in that figure's clause,
    and so says what that figure is. A word that opens the sentence says it of every figure after it
    ("Revenue reached $2 billion, compared with $1.7 billion"), a word after figures listed together of
    all of them ("Google (25%), Anthropic (22%) and DeepSeek (15%) lead in token share")."""
    if cl[0] <= start < cl[1] or start < q.end:
        return False
    other = lc.clause(sent, start, end)
    return any(f.start >= end and f.start != q.start for f in lc.figures_in(other[0], other[1]))
