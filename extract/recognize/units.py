"""What follows a number: its scale word, its unit, the smaller parts of an amount (3 CHF 4 cents, 一块二角) or
of a measure (3斤5两),
a half said after a unit (三斤半), the size of a rate's denominator. Each an anchored match at a position."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..packs import Pack
from .atoms import Atom
from .numbers import parse_digits, year_like

END_OF_PHRASE = regex.compile(r"[ \t]*(?:[.,;:!?。，；：！？)]|$)")
DENOMINATOR_DIGITS = regex.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d[\d,.]*\d|\d")


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """A unit found at a position, and where it ends."""

    kind: str  # currency | percent | points | multiple | duration | physical | subunit | count
    unit: str  # ISO code, %, pp, x, SI base unit...; "count" for a count
    end: int
    item: str | None = None  # what a count counts
    factor: float | None = None  # km, cents, 成, 千分之: the unit scales its figure
    tenths: bool = False  # it counts tenths (成, 折)
    per: str | None = None  # the denominator the unit says too (bpd: per day)


def unit_at(norm: str, pos: int, pack: Pack, end: int, scaled: bool = False, amount: float = 0.0) -> UnitMatch | None:
    """The unit starting at pos, or None. `scaled`: a scale word came before (a measure may then follow a
    connector: "1,5 million de gallons"). `amount`: the figure's, where known: a measure word that also
    names money (块) counts things where a noun follows it or the amount is larger than money it names."""
    units = pack.units
    if units.not_classifier_re.match(norm, pos, end):  # 5亿只是开始: 只是 is "only", no measure word
        return None
    m = units.match(norm, pos, end, scaled)
    if m and not (m.group("u") in units.classifiers and (units.noun_after_classifier_re.match(norm, m.end(), end)
                                                          or amount >= units.classifier_money_below > 0)):
        v = _cued(norm, m.group("u"), m.start("u"), pack) if m.group("u") in units.cued \
            else units.lookup.find(m.group("u"))
        if v is None:
            return None
        if v.kind == "count":
            return UnitMatch("count", "count", m.end(), item=v.unit)
        return UnitMatch(v.kind, v.unit, m.end(), factor=v.factor, tenths=v.tenths, per=v.per)
    m = units.classifier_re.match(norm, pos, end)
    if m and units.classifiers:
        if not m.group("u"):  # 20个比特币: money counted with a measure word
            money = units.unit_re.match(norm, m.end(), end)
            v = units.lookup.find(money.group("u")) if money else None
            if v is not None and v.kind == "currency":
                return UnitMatch("currency", v.unit, money.end())
        item = units.lookup.find(m.group("u")).unit if m.group("u") else None
        return UnitMatch("count", "count", m.end(), item=item)  # a measure word counts even when its noun is unknown
    return None


# Where a sentence ends, for the cues of an abbreviation (a period before a space and a capital, or at the end).
# Where a sentence ends, for the cues of an abbreviation; a period after an abbreviation in capitals ("Mr.",
# "U.S.") ends none. PREVIOUS_END finds the last one before a position in one reversed search.
_END = r"[;!?。；！？\n]|(?<!(?<![\p{L}])\p{Lu}\p{Ll}{0,2})\.(?=\s+\p{Lu}|\s*$)"
SENTENCE_END = regex.compile(_END)
PREVIOUS_END = regex.compile("(?r)" + _END)
CUE_REACH = 300


def _cued(norm: str, surface: str, pos: int, pack: Pack):
    """What an abbreviation of `cued` reads as at pos: its unit where its sentence says a cue of it and none
    of the words against it, else its other reading (or None)."""
    value, cues, not_cues = pack.units.cued[surface]
    if cues is not None:
        lo, hi = max(0, pos - CUE_REACH), min(len(norm), pos + CUE_REACH)
        before = PREVIOUS_END.search(norm, lo, pos)
        lo = before.end() if before else lo
        m = SENTENCE_END.search(norm, pos + len(surface), hi)
        hi = m.start() if m else hi
        if not cues.search(norm, lo, hi) or (not_cues is not None and not_cues.search(norm, lo, hi)):
            return pack.units.lookup.find(surface) if surface in pack.units.lookup else None
    return value


def scale_at(norm: str, pos: int, pack: Pack) -> tuple[float, int]:
    """(the factor of the scale word or abbreviation at pos, the position after it); (1, pos) if none, or
    where a unit starts there that runs further (5 m is five metres, not five million), or a unit as long
    that a word of size closes ("1.8m tall": metres; "1.8m users": million)."""
    m = pack.numbers.scale_re.match(norm, pos)
    if not m:
        return 1.0, pos
    unit = pack.units.unit_re.match(norm, pos)
    if unit and (unit.end() > m.end() or unit.end() == m.end() and pack.units.size_after_re.match(norm, unit.end())):
        return 1.0, pos
    if m.group("s"):
        return pack.numbers.scales.find(m.group("s")), m.end()
    abbr = m.group("a") or m.group("a1") or m.group("a2")
    return pack.numbers.scale_abbrev.find(abbr), m.end()


def parts_after_scale(norm: str, atoms: list[Atom], i: int, pos: int, scale: float,
                      pack: Pack) -> tuple[float, int, int]:
    """The smaller parts of a number said in digits and scale words after its first: "3 hundred and 21" is
    321, "4 thousand 3 hundred and 21" 4321; each part is smaller than the scale before it. Returns (their
    sum, the position after them, atoms used)."""
    total, used, j = 0.0, 1, i + 1
    while j < len(atoms) and atoms[j].start < pos:  # the scale word itself, read by the word grammar too
        j += 1
    while j < len(atoms):
        b = atoms[j]
        join = pack.numbers.part_join_re.match(norm, pos, b.start)
        if not join or join.end() != b.start or b.value != int(b.value) or b.value < 1 or year_like(b.text, b.value):
            break  # "2 million 2025 ..." is a figure and a year
        word = pack.numbers.scale_re.match(norm, b.end)
        b_scale, b_end = scale_at(norm, b.end, pack) if word and word.group("s") else (1.0, b.end)
        if b.value * b_scale >= scale:
            break
        total, pos, scale, used = total + b.value * b_scale, b_end, b_scale, j - i + 1
        j += 1
        while j < len(atoms) and atoms[j].start < pos:
            j += 1
        if b_scale == 1.0:
            break
    return total, pos, used


def half_at(norm: str, pos: int, pack: Pack) -> int:
    """The length of the word for a half said at pos (三斤半), 0 if none."""
    return next((len(h) for h in pack.numbers.half_after_unit if norm.startswith(h, pos)), 0)


def tenth_tail(norm: str, b: Atom, pos: int, pack: Pack) -> bool:
    """Whether atom b, right after a tenths unit (成), is its next digit: 七成五, not 七成五个."""
    tails = pack.units.tenth_tail
    if not tails or not any(norm.endswith(t, 0, pos) for t in tails):
        return False
    if norm[pos:b.start].strip(" ") or not b.word or b.value >= 10 or b.value != int(b.value):
        return False  # 七成五, 七成 六
    return unit_at(norm, b.end, pack, b.end + 8) is None and not pack.numbers.scale_re.match(norm, b.end)


def alone_subunit(norm: str, pos: int, pack: Pack, before: int, qstart: int, end: int) -> UnitMatch | None:
    """The subunit said alone after a whole figure (5分, 两毫, 五仙), or None: not where a word goes on from it
    (5分钟, 分析, 毫米) or a score or a time comes before (得了95分, 10点30分)."""
    m = pack.money.alone_subunit_re.match(norm, pos, end)
    if m is None or pack.money.alone_subunit_blocked_re.search(norm, before, qstart):
        return None
    v = pack.money.tail_subunits.find(m.group("u"))
    return UnitMatch("subunit", v.unit, m.end(), factor=v.factor)


def subunit_follows(norm: str, atoms: list[Atom], j: int, pack: Pack, end: int) -> bool:
    """Whether atoms[j] is followed by money of its own: a subunit ("3 CHF 4 cents") or a currency
    ("4人民币 5美元"), so that the currency before it closes the figure before, not opens this one."""
    if j >= len(atoms):
        return False
    at = scale_at(norm, atoms[j].end, pack)[1]
    after = unit_at(norm, at, pack, end)
    if after is None:
        return bool(pack.money.tail_subunit_re.match(norm, at, end))  # 3美元5分
    return after.kind in ("subunit", "currency")


def money_tail(norm: str, atoms: list[Atom], j: int, pos: int, pack: Pack, end: int, unit: str,
               said: float = 1.0) -> tuple[float, int, int]:
    """The smaller parts of an amount: "3 CHF 4 cents", "twenty dollar and 43", "15 dollars 50", "一块二角",
    "五块七毛八分" (each part one of a smaller subunit than the one before it).

    Returns (amount added, position after it, atoms used); (0, pos, 1) when nothing follows.
    """
    total, used = 0.0, 1
    while j < len(atoms) and said > 0:
        part = _tail_part(norm, atoms[j], pos, pack, end, unit, said)
        if part is None:
            break
        value, pos, said = part
        total, used, j = total + value, used + 1, j + 1
    return total, pos, used


def measure_tail(norm: str, atoms: list[Atom], j: int, pos: int, pack: Pack, end: int, unit: str,
                 said: float) -> tuple[float, int, int]:
    """The smaller measures of one quantity said after its first: "3斤5两", "六斤八两", "1 m 80 cm", "2 km 400 m",
    "5分钟30秒": each part a whole number right after the one before (spaces only between them), in a unit of
    the same base unit (the pack's measures) smaller than the one before it.

    Returns (amount added in the base unit, position after it, atoms used); (0, pos, 1) when nothing follows.
    """
    total, used = 0.0, 1
    while j < len(atoms):
        b = atoms[j]
        if norm[pos:b.start].strip(" \t\u00a0\u202f") or b.value < 1 or b.value != int(b.value) or b.high is not None:
            break
        after = unit_at(norm, b.end, pack, end)
        if after is None or after.kind != "physical" or after.unit != unit or (after.factor or 1.0) >= said:
            break
        said = after.factor or 1.0
        total, pos, used, j = total + b.value * said, after.end, used + 1, j + 1
    return total, pos, used


def _tail_part(norm: str, b: Atom, pos: int, pack: Pack, end: int, unit: str,
               said: float) -> tuple[float, int, float] | None:
    """One smaller part of an amount: (its value, the position after it, its subunit, or 0 where nothing
    smaller may follow it); None where b is no such part."""
    join = pack.money.money_join_re.match(norm, pos, end)
    if not join or join.end() != b.start or b.value >= 100 or b.value != int(b.value):
        return None
    after = unit_at(norm, b.end, pack, end)
    factor = None
    if after is not None and after.kind == "subunit":  # cents of whatever the amount is in
        factor, sub_end = after.factor, after.end
    elif after is None and (tail := pack.money.tail_subunit_re.match(norm, b.end, end)):
        sub = pack.money.tail_subunits.find(tail.group("u"))
        if sub.unit not in (unit, "*"):  # 三块四分: 分 only after a larger unit of its own currency
            return None
        factor, sub_end = sub.factor, tail.end()
    if factor is not None:
        return (b.value * factor, sub_end, factor) if factor < said else None
    closes = END_OF_PHRASE.match(norm, b.end, end)
    if after is None and (join.group().strip() or closes or _opens_range_of_money(norm, b, end, pack, unit)):
        # "3 GBP and one", "15 dollars 50", "一块二": the subunit unsaid, one step below the unit said (`said`
        # < 1: the amount was itself in a subunit, "两毛五"); a zero placeholder skips a step ("三块零四").
        factor = said / 10 if said < 1 else pack.money.unsaid_subunit.get(unit, 0.01)
        if b.text[:1] in pack.money.zero_numerals:
            factor /= 10
        if b.value * factor >= said:
            return None
        return b.value * factor, b.end, 0.0
    return None


def _opens_range_of_money(norm: str, b: Atom, end: int, pack: Pack, unit: str) -> bool:
    """Whether the tail b is followed by a range connector and an amount in the same currency: 五块六到五块七毛八."""
    m = pack.ranges.range_re.match(norm, b.end, end)
    if not m:
        return False
    nxt = pack.numbers.atom_re.match(norm, m.end(), end)
    found = unit_at(norm, nxt.end(), pack, end) if nxt else None
    return found is not None and found.kind == "currency" and found.unit == unit


def denominator(m: regex.Match, pack: Pack) -> tuple[str, float]:
    """(per, per_scale) of a rate's denominator matched by one of the pack's rate patterns: the noun in English
    and its size, with the scale its noun carries (a price per kWh is per Wh, 1e3 of them)."""
    rates = pack.rates
    noun = m.group("pg") or m.group("pn")
    return rates.nouns.find(noun), denominator_scale(m, pack) * (rates.noun_factors.find(noun) or 1.0)


def denominator_scale(m: regex.Match, pack: Pack) -> float:
    """The size of a rate's denominator: "per million tokens", "per 1,000 tokens", "/MTok"."""
    nums = pack.numbers
    scale = 1.0
    word = m.group("ps")
    if word:
        found = nums.scales.find(word)
        if found:
            scale = float(found)
        else:
            digits = DENOMINATOR_DIGITS.match(word).group()
            try:
                scale = parse_digits(digits, nums.decimal_mark, nums.group_marks)
            except ValueError:
                scale = 1.0
            rest = word[len(digits):].strip()
            scale *= (nums.scale_abbrev.find(rest) or nums.scales.find(rest) or 1.0) if rest else 1.0
    if m.groupdict().get("pa"):
        scale *= nums.scale_abbrev.find(m.group("pa")) or 1.0
    return scale
