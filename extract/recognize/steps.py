"""A figure built around a number atom by ordered steps on one draft record: the edges of the number, a
unit written before it, the number and its scale, a range, the unit after it, a rate, sign and qualifier,
and the exclusions (list positions, ordinals, someone else's denominator).

Each step reads the draft and the text and fills its part; a step that finds the number is no figure
returns the name of its reason (reasons.py), which ends the figure. Every match is anchored at a position
or searched backwards from one, inside a bounded reach: the work per atom does not grow with the text.
"""

from __future__ import annotations

import regex

from .counting import counted_noun, name_before
from .draft import Draft, Scan, Step
from .exclusion import exclusions
from .numbers import year_like
from .quantity import Quantity
from .ranges import WINDOW, range_end
from .rates import flow, rate
from .reasons import GLUED_TO_NAME, NAME_AFTER, NO_DISCOUNT, TIME_OR_DATE, Rejection
from .units import (
    END_OF_PHRASE,
    UnitMatch,
    alone_subunit,
    half_at,
    measure_tail,
    money_tail,
    parts_after_scale,
    scale_at,
    subunit_follows,
    tenth_tail,
    unit_at,
)

FIGURE_REACH = 300  # the most a figure runs past its first number ("USD 2.48 to USD 4 per GPU-hour" is 30)
LATIN = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}]")
TIME_OR_DATE_BEFORE = regex.compile(r"(?r)\d[:/]$")
TIME_OR_DATE_AFTER = regex.compile(r"[:/]\d")
SLASH_NUMBER = regex.compile(r"/\d+(?:[.,]\d+)?")
IDENT_BEFORE = regex.compile(r"(?r)[\p{Latin}][\-]?$")
NEXT_NUMBER = regex.compile(r"[ \t\u00a0\u202f]*\d")
LONE_MINUS = regex.compile(r"[\-−－][ \t]+")
TRAILING_SPACE = " \t\u00a0\u202f"
CROSSED = regex.compile(r"[ \t\u00a0]+[\p{Lu}\d]")


# ------------------------------------------------------------------ edges
def edges(d: Draft, s: Scan) -> str | None:
    """A number glued to letters on its left is part of a name (H100, GPT-4, v5, T1), unless the letters are
    a currency code; one in a time or a date (10:30, 5/17) is none, unless a scaled denominator follows the
    slash ($0.50/1M) or money follows the second number (15/75美元: two prices)."""
    norm, a = s.norm, d.a
    left = norm[max(d.lo, a.start - 2): a.start]
    if IDENT_BEFORE.search(left):
        if not s.pack.units.before_unit_re.search(norm, max(d.lo, a.start - 8), a.start):
            return GLUED_TO_NAME
    elif TIME_OR_DATE_BEFORE.search(norm, max(d.lo, a.start - 2), a.start) and not _money_at(s, a.end, d.hi_end):
        return TIME_OR_DATE
    if TIME_OR_DATE_AFTER.match(norm, a.end, d.hi_end):
        m = SLASH_NUMBER.match(norm, a.end, d.hi_end)
        if not (m and (s.pack.numbers.scale_re.match(norm, m.end(), d.hi_end) or _money_at(s, m.end(), d.hi_end))):
            return TIME_OR_DATE
    return None


def _money_at(s: Scan, pos: int, end: int) -> bool:
    found = unit_at(s.norm, pos, s.pack, end)
    return found is not None and found.kind == "currency"


# ------------------------------------------------------------------ prefix unit, number, scale
def prefix_unit(d: Draft, s: Scan) -> None:
    """A unit written before the number: a currency sign or code, 百分之. "in percent of 2024 sales" names a
    year (百分之2000 is growth); "the percentage of 25 firms" a share of them."""
    units = s.pack.units
    m = units.before_unit_re.search(s.norm, d.win, d.a.start)
    if not m:
        return
    v = units.before_units.find(m.group("u"))
    if v.kind == "percent" and (s.pack.spaced and year_like(d.a.text, d.a.value)
                                or units.before_percent_blocked_re.search(s.norm, d.win, m.start())):
        return
    d.kind, d.unit, d.unit_factor, d.start = v.kind, v.unit, v.factor, m.start()


def number(d: Draft, s: Scan) -> None:
    """The atom's value, a scale word after it (and a larger one after that multiplies it: "lakh crore",
    "hundred thousand"), and the upper end of a rough range said in one numeral."""
    d.low_scale, d.pos = scale_at(s.norm, d.a.end, s.pack)
    if d.low_scale > 1:
        larger, after = scale_at(s.norm, d.pos, s.pack)
        if larger > d.low_scale:
            d.low_scale, d.pos = d.low_scale * larger, after
    d.high_scale = d.low_scale
    d.low_value = d.high_value = d.a.value
    d.rough = d.a.high is not None
    if d.rough:
        d.high_value = d.a.high


def scale_and_a_half(d: Draft, s: Scan) -> None:
    """What words add after a scale: "3 millions et demi", "2 billion and a half" (the word grammar has read
    the scale word and what follows it together: "millions et demi" = 1.5e6). Not the article of a unit: "2,1
    milliards un an plus tôt" is a figure, then a year."""
    b = d.next_atom(s)
    if d.low_scale > 1 and not d.rough and b is not None and b.start < d.pos < b.end:
        part = b.value / d.low_scale - 1
        if 0 < part < 1 and not (b.value - d.low_scale == 1 and s.pack.units.unit_re.match(s.norm, b.end)):
            d.low_value = d.high_value = d.a.value + round(part, 12)
            d.pos, d.used = b.end, 2


def scale_parts(d: Draft, s: Scan) -> None:
    """The smaller parts after a scale: "4 thousand 3 hundred and 21". Not after a sign: "$5 million 200
    GPUs" is two figures."""
    if d.low_scale > 1 and d.used == 1 and not d.rough and not d.a.word and d.kind is None:
        parts, d.pos, d.used = parts_after_scale(s.norm, s.atoms, d.i, d.pos, d.low_scale, s.pack)
        d.low_value = d.high_value = d.a.value + parts / d.low_scale


def spoken_fraction(d: Draft, s: Scan) -> None:
    """A fraction spoken between two numbers: "1 over 3", "un sur vingt"; an amount of money "over 3 years"
    is spread over them, not divided."""
    b = d.next_atom(s)
    if b is None or d.kind == "currency" or d.rough:
        return
    over = s.pack.numbers.fraction_re.match(s.norm, d.pos, d.hi_end)
    if over and over.end() == b.start and b.value:
        d.low_value = d.high_value = d.a.value * d.low_scale / b.value
        d.low_scale = d.high_scale = 1.0
        d.pos, d.used = b.end, 2


# ------------------------------------------------------------------ range
def range_(d: Draft, s: Scan) -> None:
    """A range: the next atom joined by a connector, a unit possibly repeated on the left ("5 % à 10 %");
    the scale said once covers both ends (49.6至50.5億)."""
    if d.used == 1 and not d.rough and d.i + 1 < len(s.atoms):
        joined = range_end(s.norm, s.atoms, d.i, d.pos, s.pack, d.win, d.start, d.hi_end)
        if joined is not None:
            b, after_b, closer = joined
            b_scale, b_pos = scale_at(s.norm, after_b, s.pack)
            a_scale = b_scale if d.low_scale == 1.0 else d.low_scale
            same_kind = year_like(d.a.text, d.a.value) == year_like(b.text, b.value)
            if same_kind and d.a.value * a_scale <= b.value * b_scale:
                d.high_value, d.high_scale, d.low_scale, d.pos, d.used = b.value, b_scale, a_scale, b_pos, 2
                d.ranged, d.closer = True, closer
    d.last = s.atoms[d.i + d.used - 1]


def name_after(d: Draft, s: Scan) -> str | None:
    """Letters that run on from the number, and are no unit, make it a name: 300X, 4o."""
    if LATIN.match(s.norm, d.last.end) and d.pos == d.last.end \
            and unit_at(s.norm, d.pos, s.pack, d.hi_end) is None:  # 720p of a video is no pence: a name
        return NAME_AFTER
    return None


# ------------------------------------------------------------------ unit
def qualifier_before_unit(d: Draft, s: Scan) -> None:
    """A qualifier that sits between a number and its unit (80多家, 21+); 500多亿: the scale after it."""
    q = s.pack.qualifiers
    m = q.after_re.match(s.norm, d.pos, d.hi_end)
    if not m or LATIN.match(m.group("q")[-1:] or " "):
        return
    d.qualifier = q.after.find(m.group("q"))
    after_q = m.end()
    scale_q, scale_end = scale_at(s.norm, after_q, s.pack)
    if scale_q != 1.0 and d.used == 1 and d.low_scale == 1.0:
        d.low_scale = d.high_scale = scale_q
        d.pos = after_q = scale_end
    if unit_at(s.norm, after_q, s.pack, d.hi_end) is not None:
        d.pos = after_q


def unit(d: Draft, s: Scan) -> None:
    """The unit after the number. Not the closing word of "-10000与20000间" (间 also counts rooms); not a
    currency code that opens the next figure ("January 2026 USD 1.5 billion"); a subunit alone after a whole
    figure (5分)."""
    found = None if d.closer is not None and d.closer[0] == d.pos else \
        unit_at(s.norm, d.pos, s.pack, d.hi_end, scaled=d.low_scale > 1, amount=d.high_value * d.high_scale)
    if found is not None and found.kind == "currency" and NEXT_NUMBER.match(s.norm, found.end, d.hi_end) \
            and s.pack.units.before_unit_re.search(s.norm, d.pos, found.end) \
            and not subunit_follows(s.norm, s.atoms, d.i + d.used, s.pack, d.hi_end) \
            and not _cents_follow(s, d.i + d.used, d.hi_end):
        found = None
    if found is not None and found.kind == "multiple" and _crossed_names(d, s, found):
        found = None
    if found is not None and found.kind == "count" and found.item and name_before(d, s):
        found = None  # "Windows 11 users": the number is the name's
    if found is None and d.kind is None and s.pack.money.alone_subunit_re is not None and not d.rough \
            and d.low_scale == 1.0 and d.low_value == int(d.low_value):
        found = alone_subunit(s.norm, d.pos, s.pack, max(d.win, d.start - 4), d.start, d.hi_end)
    d.found = found


def _cents_follow(s: Scan, j: int, end: int) -> bool:
    """Whether atoms[j] is the unsaid cents that close an amount ("20 ringgit 43"): whole, under a hundred, at
    the end of the phrase; a code before a figure of its own opens it ("2026 USD 1.5 billion")."""
    if j >= len(s.atoms):
        return False
    b = s.atoms[j]
    return b.value == int(b.value) < 100 and not b.text.startswith("0") \
        and bool(END_OF_PHRASE.match(s.norm, b.end, end))


def _crossed_names(d: Draft, s: Scan, found: UnitMatch) -> bool:
    """"Sonnet 3.7 x Cline", "2 x 4": an x set apart before a name or a number joins two things; no multiple.
    A multiple in a word in lowercase is one before a name too ("1.2 times EBITDA"; "9 Times Square" is none)."""
    form = s.norm[d.pos:found.end].strip()
    return s.norm[d.pos: d.pos + 1] in TRAILING_SPACE and (len(form) == 1 or form[:1].isupper()) \
        and bool(CROSSED.match(s.norm, found.end, d.hi_end))


def article_measure_word(d: Draft, s: Scan) -> None:
    """一个: a lone numeral character with a measure word is an article; 一个半小时, 五個半: the half after the
    measure word, then perhaps the unit."""
    f = d.found
    if f is None or f.kind != "count" or f.item is not None or not d.a.word or d.used != 1:
        return
    d.pos, d.found = f.end, None
    half = half_at(s.norm, d.pos, s.pack)
    if half:
        d.low_value, d.high_value, d.pos = d.low_value + 0.5, d.high_value + 0.5, d.pos + half
        d.found = unit_at(s.norm, d.pos, s.pack, d.hi_end)


def take_unit(d: Draft, s: Scan) -> None:
    """The unit found is the figure's, unless a unit before it says otherwise ("$5 GPU": the sign stays)."""
    f = d.found
    if f is not None and (d.kind is None or d.kind == f.kind == "currency"):
        d.kind = d.kind or f.kind
        if d.unit is None:
            d.unit, d.unit_factor, d.tenths = f.unit, f.factor, f.tenths
        d.item, d.per = f.item, f.per
        d.pos = f.end
    if d.unit_factor is not None:  # a unit that carries a factor: km, cents, 成, 千分之
        d.factor = d.unit_factor
        if d.tenths and d.used == 1 and 10 < d.low_value < 100 and d.low_value == int(d.low_value):
            d.factor, d.tenths = 1.0, False  # two digits before tenths are hundredths: 75折 and 九五折 are 75 %, 95 %
        d.kind = "currency" if d.kind == "subunit" else d.kind
    if d.kind is None:
        d.kind = "number"


def half_after_unit(d: Draft, s: Scan) -> None:
    """三斤半, 一块半: the half comes after the unit."""
    if d.kind not in ("number", "count") and d.used == 1 and d.low_scale == 1.0 and d.low_value == int(d.low_value):
        half = half_at(s.norm, d.pos, s.pack)
        if half:
            d.low_value, d.high_value, d.pos = d.low_value + 0.5, d.high_value + 0.5, d.pos + half


def next_tenth(d: Draft, s: Scan) -> None:
    """七成五 is 75 %: a digit right after a tenths unit is the next tenth."""
    b = d.next_atom(s)
    if d.tenths and d.used == 1 and b is not None and tenth_tail(s.norm, b, d.pos, s.pack):
        d.low_value = d.high_value = d.low_value + b.value / 10
        d.pos, d.used = b.end, 2


def smaller_parts(d: Draft, s: Scan) -> None:
    """The smaller parts of an amount ("3 CHF 4 cents", 五块七毛八分) or of a measure (3斤5两, 1 m 80 cm), one
    figure; one with decimals or a half has its parts already: "$4.25 and 32 is the quantity", 三斤半 5."""
    if d.used != 1 or d.rough or d.low_scale != 1.0 or d.i + 1 >= len(s.atoms) or d.low_value != int(d.low_value):
        return
    if d.kind == "currency":
        d.extra, d.pos, d.used = money_tail(s.norm, s.atoms, d.i + 1, d.pos, s.pack, d.hi_end, d.unit, d.factor)
    elif d.kind == "physical":
        d.extra, d.pos, d.used = measure_tail(s.norm, s.atoms, d.i + 1, d.pos, s.pack, d.hi_end, d.unit, d.factor)


# ------------------------------------------------------------------ sign and qualifier (rates.py, exclusion.py)
def sign_and_qualifier(d: Draft, s: Scan) -> None:
    """A minus sign, unless a qualifier phrase ends there ("au moins 5" is at least 5, not minus 5); then the
    qualifiers before (the nearest phrase within the pack's gap) or after ("or more", 以上), or after the
    figure's noun where its clause ends there ("50 employees or more.")."""
    q, norm = s.pack.qualifiers, s.norm
    core = d.core if d.core >= 0 else d.start  # the figure without a rate said before it (每年超过 100 万亿)
    before = q.before_re.search(norm, d.win, d.start)
    if before is None and d.start < core:
        before = q.before_re.search(norm, d.start, core)
    minus = None if before else q.negative_re.search(norm, d.win, core)
    if minus:
        d.sign, d.start = -1.0, min(d.start, minus.start())
        before = q.before_re.search(norm, d.win, d.start)
    elif d.kind == "number" and _lone_minus(norm, d.lo, d.start, d.pos, d.hi_end):
        d.sign, d.start = -1.0, d.lo
    if d.qualifier is None and before:
        d.qualifier = q.before.find(before.group("q"))
        if before.group("q").casefold() in q.of_discount and s.norm.endswith(s.pack.units.below_whole, d.start,
                                                                               d.pos):
            d.qualifier = OPPOSITE.get(d.qualifier, d.qualifier)
    if d.qualifier is None:
        m = q.after_re.match(norm, d.pos, d.hi_end) or q.after_noun_re.match(norm, d.pos, d.hi_end)
        if m:
            d.qualifier = q.after.find(m.group("q"))


OPPOSITE = {"le": "ge", "ge": "le", "lt": "gt", "gt": "lt"}


def _lone_minus(norm: str, lo: int, qstart: int, pos: int, end: int) -> bool:
    """Whether a hyphen and spaces open the line before a bare number that fills the rest of it ("- 1,200,000",
    the sign typed apart): a minus. Before words, the hyphen is a list's bullet ("- 10 GPUs per node")."""
    return (lo == 0 or norm[lo - 1] == "\n") and bool(LONE_MINUS.fullmatch(norm, lo, qstart)) \
        and not norm[pos:end].strip()


STEPS: tuple[Step, ...] = (
    edges, prefix_unit, number, scale_and_a_half, scale_parts, spoken_fraction, range_, name_after,
    qualifier_before_unit, unit, article_measure_word, take_unit, counted_noun, half_after_unit, next_tenth,
    smaller_parts,
    rate, flow, sign_and_qualifier, exclusions,
)


def build(s: Scan, i: int, lo: int, end: int) -> tuple[Quantity | Rejection, int]:
    """The figure that starts at atom i (or why there is none), and how many atoms it took; nothing of it
    lies before lo or past end."""
    a = s.atoms[i]
    # Nothing of one figure lies far past its number; bounding every match here keeps the regex engine
    # from scanning to the end of a long line for a literal it needs.
    d = Draft(i, a, lo, hi_end=min(end, a.end + FIGURE_REACH), win=max(lo, a.start - WINDOW), start=a.start)
    for step in STEPS:
        reason = step(d, s)
        if reason is not None:
            return Rejection(a.start, a.end, s.text[a.start:a.end], reason), d.used
    return finish(d, s)


def finish(d: Draft, s: Scan) -> tuple[Quantity | Rejection, int]:
    """The values in base units, the span without trailing spaces, and the figure; a price at ten tenths
    of itself or more (十折) is no discount and says nothing."""
    scale_low = d.low_scale * d.factor / d.per_scale
    scale_high = d.high_scale * d.factor / d.per_scale
    value_low, value_high = d.low_value * scale_low + d.extra, d.high_value * scale_high + d.extra
    if d.sign < 0 and d.ranged:  # "-10000与20000间": the sign is the low end's
        value_low = -value_low
    elif d.sign < 0:
        value_low, value_high = -value_high, -value_low
    # the ends in order: a rough fraction reads them backwards (两三分之1 is a third to a half)
    value_low, value_high = min(value_low, value_high), max(value_low, value_high)
    a, pos = d.a, d.pos
    is_year = d.kind == "number" and d.low_scale == 1.0 and year_like(a.text, a.value) and \
        year_like(d.last.text, d.last.value)
    if d.closer is not None and d.closer[0] >= pos and not s.norm[pos:d.closer[0]].strip():
        pos = d.closer[1]  # the closing word of "10%与20%之间" is part of the range
    span_end = pos
    while span_end > d.start and s.text[span_end - 1] in TRAILING_SPACE:
        span_end -= 1
    if d.kind == "percent" and value_high >= 100 and s.norm.endswith(s.pack.units.below_whole, d.start, span_end):
        return Rejection(a.start, a.end, s.text[a.start:a.end], NO_DISCOUNT), d.used
    return Quantity(
        start=d.start, end=span_end, text=s.text[d.start:span_end],
        value_low=value_low, value_high=value_high,
        unit=d.unit if d.kind != "number" else None, kind=d.kind, per=d.per, item=d.item,
        qualifier=d.qualifier or ("approx" if d.rough else "exact"), year_like=is_year,
        word_numeral=a.word and d.used == 1, per_scale=d.per_scale, open_per=d.open_per,
    ), d.used
