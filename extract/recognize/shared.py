"""Neighbouring figures that share what is said once for both: two prices joined by a slash share their
unit and rate ("$15 / $75 per million", 每百萬個 15/75 美元); an equivalent in brackets takes the rate and the
qualifier of the figure it restates ("€2.80 per hour ($3.00)", "about 4,000 roles (10%)"); the end of a
movement takes the rate and the counted thing of its start ("from 10 trillion tokens a year to over 100
trillion", 从每年 10 万亿增长到 100 万亿); and a bare figure before a count it is joined to by a range's dash
counts the same thing (10 万亿-超过 100 万亿令牌)."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..packs import Pack
from .quantity import Quantity
from .units import denominator

SLASH_JOIN = regex.compile(r"[ \t\u00a0\u202f]*[/／][ \t\u00a0\u202f]*")
# The opening bracket of an equivalent, after the noun of the figure it restates where Chinese leaves it out of
# the figure (4,000个岗位（10%）), and a few words before its figure ("(about $3.05)", "(soit 11 €)").
BRACKET_OPEN = regex.compile(r"\p{Han}{0,4}[ \t\u00a0\u202f]*[(（][^()（）\d\n]{0,20}")
BRACKET_CLOSE = regex.compile(r"[ \t\u00a0\u202f]*[)）]")
MOVE_REACH = 12  # the most a verb of change and the connector may take between a movement's two figures
NO_MOVE = regex.compile(r"[\d.。;；!?！？\n]")
RESTATE_REACH = 8  # the most between a move in points and the percentage that restates it (", or ")
COMPARE_REACH = 40  # the most between a figure and a bare one compared with it


def share(found: list[Quantity], norm: str, pack: Pack) -> list[Quantity]:
    """The figures, each given what its neighbour says for both."""
    out = list(found)
    said_by_rate: set[int] = set()  # the article of a rate read after a bracket ("a metric ton")
    for k in range(1, len(out)):
        p, q = out[k - 1], out[k]
        if SLASH_JOIN.fullmatch(norm, p.end, q.start) and _prices_of_a_pair(p, q):
            out[k - 1], out[k] = _given(p, q), _given(q, p)
        elif _restated(norm, p, q, pack):
            if p.kind == q.kind == "currency" and _rate(p) and not _rate(q):
                q = out[k] = _with_rate(q, p)
            if q.qualifier == "exact" and p.qualifier != "exact":
                q = out[k] = replace(q, qualifier=p.qualifier)
            after = _rate_after_bracket(norm, p, q, pack)
            if after is not None:
                out[k - 1], out[k] = _with_rate(p, after), _with_rate(q, after)
                said_by_rate.update(j for j in range(k + 1, len(out)) if out[j].start < after.end)
        elif p.kind == "number" and q.kind == "count" and pack.ranges.range_re.fullmatch(norm, p.end, q.start):
            out[k - 1] = replace(p, kind="count", unit="count", item=q.item)
        elif _rate(p) and not _rate(q) and _movement(norm, p, q, pack):
            out[k] = _with_rate(_given(q, p) if q.kind == "number" else q, p)
        elif q.kind == "number" and _compared(norm, p, q, pack):
            out[k] = _given(q, p)
        elif p.unit == "point" and q.kind == "percent" and q.unit == "%" and _reaches(norm, p, q, pack):
            out[k - 1] = replace(p, unit="pp")  # a move of a percentage: "0.2 points to 4.2%"
        elif q.kind == "number" and not q.year_like and _level_after_points(out, k, norm, pack):
            out[k] = _given(q, out[k - 2] if out[k - 1].kind == "percent" else out[k - 1])
    return [q for j, q in enumerate(out) if j not in said_by_rate]


def _restated(norm: str, p: Quantity, q: Quantity, pack: Pack) -> bool:
    """Whether q, in brackets right after p, says p again another way ("about 4,000 roles (10%)",
    "€2.80 per hour ($3.00)"), not how p changed ("$5bn (up 10%)")."""
    if not (BRACKET_OPEN.fullmatch(norm, p.end, q.start) and BRACKET_CLOSE.match(norm, q.end)) or q.value_low < 0:
        return False
    return not pack.ranges.movement_re.search(norm, p.end, q.start) and norm[q.start - 1: q.start] not in "+-−"


def _compared(norm: str, p: Quantity, q: Quantity, pack: Pack) -> bool:
    """Whether a bare q is compared with p, in p's unit: "€1.8 billion, against 2.1 billion a year earlier",
    "5.2% from 4.9", "44 jets in May, up from 24" (a count, of p's thing); never a year or a day ("up from
    2023", "from 10 March")."""
    if q.year_like or p.kind not in ("currency", "percent", "points", "physical", "count") \
            or q.start - p.end > COMPARE_REACH or pack.ranges.month_after_re.match(norm, q.end):
        return False
    return not NO_MOVE.search(norm, p.end, q.start) and bool(pack.ranges.comparison_re.search(norm, p.end, q.start))


def _rate_after_bracket(norm: str, p: Quantity, q: Quantity, pack: Pack) -> Quantity | None:
    """The rate said after the bracket of an amount restated in another currency, which holds for both: "812
    yuan ($112.05) a metric ton". A stand-in figure that carries the rate and where it ends."""
    if not p.kind == q.kind == "currency" or _rate(p) or _rate(q):
        return None
    close = BRACKET_CLOSE.match(norm, q.end)
    m = pack.rates.price_per_re.match(norm, close.end()) if close else None
    if m is None:
        return None
    per, per_scale = denominator(m, pack)
    return replace(q, end=m.end(), per=per, per_scale=per_scale, open_per=None)


def _rate(q: Quantity) -> bool:
    return q.per is not None or q.open_per is not None


def _prices_of_a_pair(p: Quantity, q: Quantity) -> bool:
    """Whether p and q are two prices said as one: money in one currency, or a bare number before money."""
    if q.kind != "currency" or p.kind not in ("currency", "number") or p.year_like:
        return False
    return (p.kind == "number" or p.unit == q.unit) and (not _rate(p) or not _rate(q))


def _movement(norm: str, p: Quantity, q: Quantity, pack: Pack) -> bool:
    """Whether q ends a movement that p starts, in the same unit (or said bare): a few words at most between
    them, ending with a range's connector ("to", 到), q's qualifier aside ("to over 100")."""
    if q.kind not in (p.kind, "number") or (q.kind == p.kind and q.unit != p.unit) or q.year_like:
        return False
    return _reaches(norm, p, q, pack)


def _reaches(norm: str, p: Quantity, q: Quantity, pack: Pack) -> bool:
    """Whether q is where a movement from p arrives: a few words at most, ending with "to" (到)."""
    qualifier = pack.qualifiers.before_re.search(norm, p.end, q.start)
    end = qualifier.start() if qualifier else q.start
    if end - p.end > MOVE_REACH or NO_MOVE.search(norm, p.end, end):
        return False
    return any(pack.ranges.range_re.fullmatch(norm, i, end) for i in range(p.end, end))


def _level_after_points(out: list[Quantity], k: int, norm: str, pack: Pack) -> bool:
    """Whether the bare out[k] is the level a move in points reached: "rose 120.5 points to 42,512.34", or
    with the move restated as a percentage between ("rose 256.81 points, or 0.6%, to 42,512.34")."""
    p = out[k - 1]
    if p.unit == "point":
        return _reaches(norm, p, out[k], pack)
    if k < 2 or p.kind != "percent" or out[k - 2].unit != "point":
        return False
    gap = norm[out[k - 2].end:p.start]
    return len(gap) <= RESTATE_REACH and not NO_MOVE.search(gap) and _reaches(norm, p, out[k], pack)


def _given(q: Quantity, other: Quantity) -> Quantity:
    """q with the unit (and counted thing) and the rate `other` says where q says none."""
    if q.kind == "number":
        q = replace(q, kind=other.kind, unit=other.unit, item=other.item)
    return _with_rate(q, other) if not _rate(q) and _rate(other) else q


def _with_rate(q: Quantity, other: Quantity) -> Quantity:
    """q per what `other` is per, its denominator folded as other's is."""
    size = other.per_scale if other.per is not None else 1.0
    return replace(q, per=other.per, per_scale=other.per_scale, open_per=other.open_per,
                   value_low=q.value_low / size, value_high=q.value_high / size)
