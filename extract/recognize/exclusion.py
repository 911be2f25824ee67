"""The last step of a figure: numbers that are no quantities (list positions, ordinals, someone else's
denominator, tenors and look-back windows, ages)."""

from __future__ import annotations

from .draft import Draft, Scan
from .reasons import AGE, DENOMINATOR, LIST_POSITION, PERIOD, TENOR
from .units import unit_at

SLASHES = "/／"


def exclusions(d: Draft, s: Scan) -> str | None:
    """Numbers that are not quantities: list positions (Top 10, "the 10 best"), ordinals (第5), the
    denominator of someone else's rate ("per 1,000 tokens"), a duration that is a tenor or a look-back
    window ("le rendement à 10 ans", "10-year yield"); but an amount of money after a slash is the next of
    two prices ("$15 / $75", 15/75美元), not a denominator, and a level after the words of a tenor is a figure
    ("le taux à 4 %", "un plus haut de 120 euros")."""
    ex = s.pack.exclusions
    m = ex.before_re.search(s.norm, d.win, d.start)
    if m:
        reason = next(name for name, value in m.groupdict().items() if value is not None)
        if not (reason == DENOMINATOR and d.kind == "currency" and s.norm[m.start()] in SLASHES
                or reason == TENOR and d.kind != "duration"):  # "taux à 4 %" is a rate, "taux à 10 ans" a tenor
            return reason
    if d.kind in ("number", "count") and ex.list_after_re.match(s.norm, d.a.end, d.hi_end):
        return LIST_POSITION
    m = ex.after_re.match(s.norm, d.a.end, d.hi_end)
    if m:
        return TENOR if m.groupdict().get("tenor") else AGE
    if d.kind == "duration" and (ex.tenor_noun_re.match(s.norm, d.pos, d.hi_end) or _ordinal_fraction(d, s)):
        return TENOR
    return PERIOD if _period(d, s) else None


def _period(d: Draft, s: Scan) -> bool:
    """Whether the figure is the period another figure holds for: a duration after "the first", "the past",
    过去 ("in the first five months", 过去12个月), or a number, a word of order, a unit of time ("les cinq
    premiers mois")."""
    ex = s.pack.exclusions
    if d.kind == "duration":
        return bool(ex.period_before_re.search(s.norm, d.win, d.start))
    inside = ex.period_inside_re.match(s.norm, d.a.end, d.hi_end) if d.used == 1 else None
    found = unit_at(s.norm, inside.end(), s.pack, d.hi_end) if inside else None
    return found is not None and found.kind == "duration"


def _ordinal_fraction(d: Draft, s: Scan) -> bool:
    """"for a third day": a third said in words before a time is its ordinal, not a fraction of it, where the
    word is one of the language's ordinals (a half day, a quarter hour are fractions)."""
    if d.a.text[:1].isdigit() or not 0 < d.low_value < 1 or d.used != 1:
        return False
    n = 1 / d.low_value
    words = d.a.text.split()
    return n >= 3 and abs(n - round(n)) < 1e-9 and bool(words) \
        and s.pack.context.ordinals.find(words[-1]) is not None
