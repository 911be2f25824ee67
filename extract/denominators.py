"""Denominators the text left unsaid because it said them before (CLAIMS.md §2): under "Input tokens:",
"$3 per million" is 3e-6 USD per token; after 輸入 token, 每百萬個收費 3 美元 is too.

The recognizer keeps the size of such a denominator open (`Quantity.open_per`); here its noun is looked for
where a reader finds it: in the figure's line before the figure (its list label, its sentence), then after it,
then in the text before the line, nearest first, within a reach. The nouns are the pack's denominators of
things (token, request, user), never of time: the noun of "per million" is no hour.
"""

from __future__ import annotations

from dataclasses import replace

from .packs import Pack
from .recognize.quantity import Quantity

REACH = 3000  # how far before a figure's line the noun of its denominator may have been said


def fold_unsaid_denominators(text: str, figures: list[Quantity], pack: Pack) -> list[Quantity]:
    """The figures, each rate whose noun was left unsaid completed with the noun the text said before and
    its denominator folded into its values; one whose noun the text never gave is left as said."""
    if not any(q.open_per for q in figures):
        return figures
    return [_folded(text, q, pack) if q.open_per else q for q in figures]


def _folded(text: str, q: Quantity, pack: Pack) -> Quantity:
    noun = said_noun(text, q.start, q.end, pack)
    if noun is None:
        return q
    size = q.open_per
    return replace(q, per=noun, value_low=q.value_low / size, value_high=q.value_high / size, per_scale=size,
                   open_per=None)


def said_noun(text: str, start: int, end: int, pack: Pack) -> str | None:
    """The denominator noun nearest a figure at text[start:end]: before it in its line, after it in its line,
    then before its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rates = pack.rates
    for lo, hi, last in ((line_start, start, True), (end, line_end, False),
                         (max(0, line_start - REACH), line_start, True)):
        found = list(rates.thing_re.finditer(text, lo, hi))
        if found:
            return rates.nouns.find((found[-1] if last else found[0]).group())
    return None
