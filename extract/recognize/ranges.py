"""Ranges: the atom that closes a range a figure opens ("29-31%", "entre 10 et 20", "49.6至50.5億"), and
neighbouring figures that are one (two opposite bounds, or the two whole ends of a range)."""

from __future__ import annotations

import regex

from ..packs import Pack
from .atoms import Atom
from .quantity import Quantity
from .units import UnitMatch, scale_at, unit_at

WINDOW = 40  # characters looked at before a figure for its sign, qualifier, list marker or range opener
RANGE_REACH = 32  # the most that can join two ends of a range ("% à", " to USD ", " points de pourcentage à ")
LOWER_BOUNDS, UPPER_BOUNDS = frozenset({"gt", "ge"}), frozenset({"lt", "le"})
REPEATED_UNITS = ("percent", "currency", "physical", "points")  # a unit said on both ends: "5 % à 10 %"


def range_end(norm: str, atoms: list[Atom], i: int, pos: int, pack: Pack, win: int, qstart: int,
              hi_end: int) -> tuple[Atom, int, tuple[int, int] | None] | None:
    """The atom that closes a range opened by atoms[i], the position after it, and the span of a closing
    word after it ("之间") where the joiner needs one; or None."""
    b = atoms[i + 1]
    if b.start - pos > RANGE_REACH or not pack.ranges.any_join_re.search(norm, pos, b.start) \
            or hyphen_chain(norm, atoms, i):
        return None
    opened = opener_joins(norm, pack, win, qstart)
    if opened is None:
        return None
    joins = [pack.ranges.range_re, pack.ranges.between_join_re, *opened]
    starts = [pos]
    found = unit_at(norm, pos, pack, hi_end)
    if (found is not None or qstart < atoms[i].start) and (found is None or found.kind != "percent") \
            and pack.ranges.movement_re.search(norm, win, qstart):
        # "rose 3p to 164p": a change said whole, then the level it reached; a change in percent to a
        # percentage is a range of the change ("expected to grow 7% to 9%", 预计增长7%至9%)
        return None
    if found is not None and found.kind in REPEATED_UNITS:
        starts.append(found.end)
    for p in starts:
        if p != pos and not _same_unit_after(norm, b, pack, hi_end, found):
            continue  # "5 % à 10 %": the unit repeated on the right must be the same
        for join in joins:
            if _joins_at(norm, p, b, pack, join, hi_end):
                # Looked for only once a join is found, not for every pair of neighbouring figures.
                closer = _closer(norm, b, pack, hi_end)
                if closer is None and join is pack.ranges.between_join_re:
                    continue  # 与, 及 make a range only with 之间 after it
                return b, b.end, closer
    return None


def _same_unit_after(norm: str, b: Atom, pack: Pack, hi_end: int, found: UnitMatch) -> bool:
    """Whether the unit after b (and its scale) is the unit `found` before the join."""
    right = unit_at(norm, scale_at(norm, b.end, pack)[1], pack, hi_end)
    return right is not None and (right.kind, right.unit, right.factor) == (found.kind, found.unit, found.factor)


def _joins_at(norm: str, p: int, b: Atom, pack: Pack, join: regex.Pattern, hi_end: int) -> bool:
    """Whether `join` (and a currency said again) leads from p to the atom b."""
    m = join.match(norm, p, hi_end)
    if not m or m.end() == p:
        return False
    q = m.end()
    cur = pack.units.before_unit_at_re.match(norm, q, hi_end)
    if cur and cur.end() <= b.start:
        q = cur.end()
    return q == b.start


def hyphen_chain(norm: str, spans: list, i: int) -> bool:
    """Whether spans[i] and spans[i + 1] (atoms or figures, in order) are two links of a chain of three or
    more numbers joined by bare hyphens (three-nought-four, 1-222-2222): digits read out, a code or a phone
    number, never a range."""
    return _hyphen_link(norm, spans, i) and (_hyphen_link(norm, spans, i - 1) or _hyphen_link(norm, spans, i + 1))


def _hyphen_link(norm: str, spans: list, k: int) -> bool:
    """Whether a bare hyphen alone joins spans[k] to spans[k + 1]."""
    return 0 <= k < len(spans) - 1 and spans[k].end + 1 == spans[k + 1].start and norm[spans[k].end] == "-"


def opener_joins(norm: str, pack: Pack, win: int, at: int) -> list[regex.Pattern] | None:
    """The joins that the range openers before `at` allow ("between" -> "and"); None where a verb of change
    before an opener makes the two figures a movement ("grew from $5 billion to $8 billion")."""
    joins = []
    for op in pack.ranges.openers:
        m = op.opener_re.search(norm, win, at)
        if not m:
            continue
        if op.blocker_re and op.blocker_re.search(norm, max(0, m.start() - WINDOW), m.start()):
            return None
        joins.append(op.join_re)
    return joins


def _closer(norm: str, b: Atom, pack: Pack, end: int) -> tuple[int, int] | None:
    """The closing word of a "between" range right after atom b, or after its scale and unit only
    ("20亿美元之间")."""
    after_scale = scale_at(norm, b.end, pack)[1]
    unit = unit_at(norm, after_scale, pack, end)
    for p in (b.end, after_scale, unit.end if unit else None):
        m = pack.ranges.between_close_re.match(norm, p, end) if p is not None else None
        if m:
            return m.start(), m.end()
    return None


# ------------------------------------------------------------------ figures that are one
def join_pairs(found: list[Quantity], norm: str, text: str, pack: Pack) -> list[Quantity]:
    """Neighbouring figures that are one: two opposite bounds of one measure ("more than 10 and less than 20",
    大于10小于20, 1000以上，1500以下), or the two ends of a range that the atoms could not join because each is
    whole before the connector (五块六到五块七毛八, "between 2 g and about 7 g"). Links of a chain of hyphens
    stay apart (1-800-555)."""
    out: list[Quantity] = []
    for k, q in enumerate(found):
        p = out[-1] if out else None
        joined = None if p is None or hyphen_chain(norm, found, k - 1) else _one_figure(p, q, norm, text, pack)
        if joined is None:
            out.append(q)
        else:
            out[-1] = joined
    return out


def _one_figure(p: Quantity, q: Quantity, norm: str, text: str, pack: Pack) -> Quantity | None:
    """The one figure p and q make, or None."""
    if _bounds_of_one_range(p, q, norm, pack):
        low, high = min(p.value_low, q.value_low), max(p.value_high, q.value_high)
        unit = q if p.kind == "number" else p  # 最多100最少20个: the unit said once, after the second
        return Quantity(p.start, q.end, text[p.start:q.end], low, high, unit.unit, unit.kind, unit.per,
                        p.item or q.item, "exact")
    ends = _range_ends(p, q, norm, pack)
    if ends is None:
        return None
    qualifier = "approx" if "approx" in (p.qualifier, q.qualifier) else "exact"
    return Quantity(p.start, q.end, text[p.start:q.end], *ends, q.unit, q.kind, q.per, q.item or p.item, qualifier)


def _may_be_ends(p: Quantity, q: Quantity) -> bool:
    """Whether p and q may be the ends of one range: single values, no bounds, close, the same unit (or a
    bare number before the other's unit)."""
    if p.value_low != p.value_high or q.value_low != q.value_high or p.year_like or q.year_like:
        return False
    if {p.qualifier, q.qualifier} - {"exact", "approx"} or q.start - p.end > RANGE_REACH:
        return False
    return (p.unit, p.kind, p.per) == (q.unit, q.kind, q.per) or (p.kind == "number" and q.kind != "count")


def _range_ends(p: Quantity, q: Quantity, norm: str, pack: Pack) -> tuple[float, float] | None:
    """(low, high) where p and q are the two ends of one range, else None."""
    if not _may_be_ends(p, q):
        return None
    if q.value_low < 0 and q.start == p.end and norm[q.start] in "-–":  # the dash of 5.6元-5.78元, not a sign
        return (p.value_low, -q.value_low) if p.value_low < -q.value_low else None
    if not p.value_low < q.value_low or p.kind not in ("number", "percent") and pack.ranges.movement_re.search(
            norm, max(0, p.start - WINDOW), p.start):
        return None
    opened = opener_joins(norm, pack, max(0, p.start - WINDOW), p.start)
    if opened is None:
        return None
    for join in [pack.ranges.range_re, *opened]:
        m = join.match(norm, p.end, q.start)
        if m is None:
            continue
        rest = m.end()
        qual = pack.qualifiers.before_re.search(norm, rest, q.start) if rest < q.start else None
        if rest == q.start or (qual and qual.start() == rest and q.qualifier == "approx"):
            return p.value_low, q.value_low
    return None


def _bounds_of_one_range(p: Quantity, q: Quantity, norm: str, pack: Pack) -> bool:
    """Whether p and q bound one measure from both sides, q's qualifier right after p (and a joiner)."""
    kinds = {p.qualifier, q.qualifier}
    if not (kinds & LOWER_BOUNDS and kinds & UPPER_BOUNDS) or p.value_low != p.value_high:
        return False
    # "over 30 and under 40 million euros": unsure; but 最多100最少20个 says its unit once, after the second.
    if (p.unit, p.kind, p.per) != (q.unit, q.kind, q.per) and not (p.kind == "number" and q.kind == "count"):
        return False
    low, high = (p, q) if p.qualifier in LOWER_BOUNDS else (q, p)
    if low.value_low >= high.value_high or q.start - p.end > RANGE_REACH + 8:
        return False
    joiner = pack.ranges.bound_joiner_re.match(norm, p.end, q.start)
    rest = joiner.end() if joiner else p.end
    qualifier = pack.qualifiers.before_re.search(norm, rest, q.start)
    if qualifier and qualifier.start() == rest:
        return True
    return _bounds_said_after(p, q, norm, pack)


def _bounds_said_after(p: Quantity, q: Quantity, norm: str, pack: Pack) -> bool:
    """1000以上，1500以下: each bound said after its figure."""
    qual = pack.qualifiers
    after_p, after_q = qual.after_re.match(norm, p.end, q.start), qual.after_re.match(norm, q.end)
    if not (after_p and after_q and qual.after.find(after_p.group("q")) == p.qualifier
            and qual.after.find(after_q.group("q")) == q.qualifier):
        return False
    joiner = pack.ranges.bound_joiner_re.match(norm, after_p.end(), q.start)
    return (joiner.end() if joiner else after_p.end()) == q.start
