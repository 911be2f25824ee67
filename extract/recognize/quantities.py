"""Finding quantities in text: number atoms grown into figures with scale, range, unit, rate and qualifier.

One pass over the atoms a language pack's number pattern finds; each step around an atom is an anchored
match of a compiled pattern, so the work is linear in the text. Nothing here depends on the language
except through the pack.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_right
from dataclasses import dataclass, replace

import regex

from ..packs import Pack, lowered
from .numbers import misordered_unit, normalize_digits, parse_digits, parse_numeral, year_like
from .words import WordGrammar

WINDOW = 40  # characters looked at before a figure for its sign, qualifier or list marker
FIGURE_REACH = 300  # the most a figure runs past its first number ("USD 2.48 to USD 4 per GPU-hour" is 30)
RANGE_REACH = 32  # the most that can join two ends of a range ("% à", " to USD ", " points de pourcentage à ")
LATIN = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}]")
TIME_OR_DATE_BEFORE = regex.compile(r"(?r)\d[:/]$")
TIME_OR_DATE_AFTER = regex.compile(r"[:/]\d")
SLASH_NUMBER = regex.compile(r"/\d+(?:[.,]\d+)?")
IDENT_BEFORE = regex.compile(r"(?r)[\p{Latin}][\-]?$")
URL = regex.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'）」]+", regex.IGNORECASE)
END_OF_PHRASE = regex.compile(r"[ \t]*(?:[.,;:!?。，；：！？)]|$)")
NEXT_NUMBER = regex.compile(r"[ \t\u00a0\u202f]*\d")


@dataclass(frozen=True)
class Quantity:
    """One figure in a text: half-open span, normalized values and what they measure."""

    start: int
    end: int
    text: str
    value_low: float
    value_high: float
    unit: str | None  # ISO code, %, pp, x, count, SI base unit, month/year/...; None for a bare number
    kind: str  # number | currency | percent | points | multiple | duration | physical | count
    per: str | None
    item: str | None
    qualifier: str  # exact | approx | gt | ge | lt | le
    year_like: bool = False
    word_numeral: bool = False  # written with a single numeral word (一, 兩): an article more than a count


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    value: float
    text: str
    word: bool
    high: float | None = None  # the upper end of an approximation said in one numeral (两三个, 三四百)


def find_quantities(text: str, pack: Pack, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in `text[start:end]`, with offsets into `text`."""
    end = len(text) if end is None else end
    norm = _prepared(text)
    atoms = _atoms(norm, pack, start, end)
    fixed = _fixed_percents(norm, text, pack, start, end)
    if fixed:
        atoms = [a for a in atoms if not any(f.start < a.end and a.start < f.end for f in fixed)]
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        if out and atoms[i].start < out[-1].end:  # inside the figure just read (百 of 個百分點)
            i += 1
            continue
        # What the figure before took (its sign, its unit) is not there for this one to take again.
        q, used = _build(norm, text, atoms, i, pack, max(start, out[-1].end) if out else start, end)
        if q is not None:
            out.append(q)
        i += used
    if fixed:  # unless a figure took its first character already (1打对折: a dozen)
        out = sorted(out + [f for f in fixed if not any(q.start < f.end and f.start < q.end for q in out)],
                     key=lambda q: q.start)
    if pack.units.alternative_units:
        out = [_measure_reading(q, norm, pack, start, end) if q.kind == "currency" else q for q in out]
    return _join_pairs(out, norm, text, pack)


def _measure_reading(q: Quantity, norm: str, pack: Pack, start: int, end: int) -> Quantity:
    """An amount in a money word that also names a measure, read as the measure where the line speaks of
    what it measures ("the baby weighs 7 pounds", "2,204.62 pounds to a metric ton")."""
    for form_re, cue_re, unit in pack.units.alternative_units:
        if form_re.search(norm, q.start, q.end) and cue_re.search(norm, start, end):
            return replace(q, unit=unit, kind="physical")  # "weighed a pound" stays an article, no claim
    return q


def _join_pairs(found: list[Quantity], norm: str, text: str, pack: Pack) -> list[Quantity]:
    """Neighbouring figures that are one: two opposite bounds of one measure ("more than 10 and less than 20",
    大于10小于20, 1000以上，1500以下), or the two ends of a range that the atoms could not join because each is
    whole before the connector (五块六到五块七毛八, "between 2 g and about 7 g"). Links of a chain of hyphens
    stay apart (1-800-555)."""
    out: list[Quantity] = []
    for k, q in enumerate(found):
        p = out[-1] if out else None
        joined = None if p is None or _hyphen_chain(norm, found, k - 1) else _one_figure(p, q, norm, text, pack)
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


def _range_ends(p: Quantity, q: Quantity, norm: str, pack: Pack) -> tuple[float, float] | None:
    """(low, high) where p and q are the two ends of one range, else None."""
    if p.value_low != p.value_high or q.value_low != q.value_high or p.year_like or q.year_like:
        return None
    if {p.qualifier, q.qualifier} - {"exact", "approx"} or q.start - p.end > RANGE_REACH:
        return None
    if (p.unit, p.kind, p.per) != (q.unit, q.kind, q.per) and not (p.kind == "number" and q.kind != "count"):
        return None
    if q.value_low < 0 and q.start == p.end and norm[q.start] in "-–":  # the dash of 5.6元-5.78元, not a sign
        return (p.value_low, -q.value_low) if p.value_low < -q.value_low else None
    if not p.value_low < q.value_low:
        return None
    opened = _opener_joins(norm, pack, max(0, p.start - WINDOW), p.start)
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


def _fixed_percents(norm: str, text: str, pack: Pack, start: int, end: int) -> list[Quantity]:
    """Percentages said without a figure (打对折, 半价: 50 %)."""
    if pack.units.fixed_percent_re is None:
        return []
    out = []
    for m in pack.units.fixed_percent_re.finditer(norm, start, end):
        value = pack.units.fixed_percents.find(m.group())
        out.append(Quantity(m.start(), m.end(), text[m.start():m.end()], value, value, "%", "percent", None, None,
                            "exact"))
    return out


LOWER_BOUNDS, UPPER_BOUNDS = frozenset({"gt", "ge"}), frozenset({"lt", "le"})


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
    # 1000以上，1500以下: each bound said after its figure.
    after_p, after_q = pack.qualifiers.after_re.match(norm, p.end, q.start), pack.qualifiers.after_re.match(norm, q.end)
    if not (after_p and after_q and pack.qualifiers.after.find(after_p.group("q")) == p.qualifier
            and pack.qualifiers.after.find(after_q.group("q")) == q.qualifier):
        return False
    joiner = pack.ranges.bound_joiner_re.match(norm, after_p.end(), q.start)
    return (joiner.end() if joiner else after_p.end()) == q.start


@functools.lru_cache(maxsize=4)
def _prepared(text: str) -> str:
    """The text as the patterns read it. A document is recognized line by line, each call over the whole
    text so that windows may look past the line: preparing it once per text keeps that linear."""
    return mask_urls(normalize_digits(text))


def mask_urls(text: str) -> str:
    """Blank web addresses (same length): the digits of a URL are never figures."""
    if "://" not in text and "www." not in text:
        return text
    return URL.sub(lambda m: " " * len(m.group()), text)


@functools.cache
def _grammar(pack: Pack) -> WordGrammar:
    return WordGrammar(pack.sections.numbers.number_words, pack.numbers.scales, pack.spaced)


def _atoms(norm: str, pack: Pack, start: int, end: int) -> list[_Atom]:
    """Digit runs, Chinese numerals and numbers in words, in order, none inside another."""
    found = list(_symbol_atoms(norm, pack, start, end))
    found += [_Atom(w.start, w.end, w.value, norm[w.start:w.end], w.single)
              for w in _grammar(pack).find(norm, start, end) if not _pronoun(norm, pack, w, start, end)]
    if pack.units.article_unit_re is not None:
        for m in pack.units.article_unit_re.finditer(norm, start, end):
            if not norm[max(start, m.start() - 4): m.start()].rstrip()[-1:].isdigit():  # "$5 a kg" is a rate
                found.append(_Atom(m.start(), m.end("a"), 1.0, m.group("a"), True))
    found.sort(key=lambda a: (a.start, -a.end))
    # Units written before a figure may hold numeral characters (百分之, 千分之): none of theirs is an atom.
    prefixes = [m.span() for m in pack.numbers.numeral_prefix_re.finditer(norm, start, end)] \
        if pack.numbers.numerals else []
    out: list[_Atom] = []
    for a in found:
        if any(s <= a.start < e for s, e in prefixes):
            continue
        if not out or a.start >= out[-1].end:
            out.append(a)
    return out


def _pronoun(norm: str, pack: Pack, w, start: int, end: int) -> bool:
    """"one" after a determiner, with no unit after it, stands for a thing: "the one you chose"."""
    if not (w.single and w.value == 1 and pack.exclusions.pronoun_re.search(norm, max(start, w.start - 12), w.start)):
        return False
    return not (pack.units.unit_re.match(norm, w.end, end) or pack.units.hyphen_unit_re.match(norm, w.end, end))


FRACTION_REACH = 40  # characters each side of a fraction mark (分之) a fraction may span


SLASH = regex.compile("[/／]")


def _around_marks(norm: str, mark_re: regex.Pattern, pattern: regex.Pattern, start: int, end: int,
                  between_digits: bool = False):
    """Matches of `pattern` that hold one occurrence of a mark (`mark_re`), each looked for in a window
    around it: as one more alternative of the main pattern a mark would be searched for ahead of every
    digit. `between_digits`: only a mark with a digit on each side (the slash of 3/4)."""
    for mark in mark_re.finditer(norm, start, end):
        at, after = mark.span()
        if not between_digits or norm[at - 1: at].isdigit() and norm[after: after + 1].isdigit():
            window = (max(start, at - FRACTION_REACH), min(end, after + FRACTION_REACH))
            for m in pattern.finditer(norm, *window):
                if m.start() <= at < m.end():
                    yield m


def _digit_fractions(norm: str, pack: Pack, start: int, end: int) -> list[_Atom]:
    """Fractions in digits (3/4, 2 1/4, ３／５)."""
    out: list[_Atom] = []
    if norm.find("/", start, end) < 0 and norm.find("／", start, end) < 0:
        return out  # most lines: two string searches say so faster than a pattern
    for m in _around_marks(norm, SLASH, pack.numbers.digit_fraction_re, start, end, between_digits=True):
        # "$2/1K tokens" is a price per thousand, not 2/1 thousand: its digits are read one by one.
        if not pack.numbers.scale_re.match(norm, m.end()):
            value = _digit_fraction(m.groupdict())
            if value is not None:
                out.append(_Atom(m.start(), m.end(), value, m.group(), False))
    return out


def _spoken_decimals(norm: str, pack: Pack, start: int, end: int) -> list[_Atom]:
    """Decimals said in words between digits ("1 point 1", "point 77"): longer than the digits they hold,
    they take their place."""
    if pack.numbers.spoken_decimal_re is None:
        return []
    low = lowered(norm)
    for word in pack.numbers.point_words:  # most lines have none: string searches say so faster than the pattern
        if low is None or low.find(word, start, end) >= 0:
            break
    else:
        return []
    return [_Atom(m.start(), m.end(), float(f"{m.group('w') or 0}.{m.group('f')}"), m.group(), False)
            for m in pack.numbers.spoken_decimal_re.finditer(norm, start, end)]


def _symbol_atoms(norm: str, pack: Pack, start: int, end: int):
    matches = list(pack.numbers.atom_re.finditer(norm, start, end))
    if pack.numbers.fraction_mark_re is not None:
        nums = pack.numbers
        matches += list(_around_marks(norm, nums.fraction_mark_re, nums.numeral_fraction_re, start, end))
    fractions = _digit_fractions(norm, pack, start, end)
    yield from fractions
    yield from _spoken_decimals(norm, pack, start, end)
    starts = [f.start for f in fractions]  # in order: one slash each, found left to right
    for m in matches:
        if fractions:
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < fractions[k].end:
                continue
        groups = m.groupdict()
        if groups.get("d") is not None:
            if not m.group("x") and _in_chain(norm, m.start(), m.end()):
                yield from _chain_parts(norm, m.start(), m.end())
                continue
            try:
                value = parse_digits(m.group("d"), pack.numbers.decimal_mark, pack.numbers.group_marks)
                if m.group("x"):
                    power = _exponent(m.group("x")[1:])
                    value = value ** power if m.group("x")[0] == "^" else value * 10.0 ** power
            except (ValueError, OverflowError):
                continue
            if math.isfinite(value):
                yield _Atom(m.start(), m.end(), value, m.group(), False)
        else:
            s, e = m.start(), _unit_cut(norm, pack, m.start(), m.end())
            e = _final_unit_cut(norm, pack, s, e)
            cut = misordered_unit(norm[s:e], pack.numbers.numerals) if e - s > 2 else None
            if cut:
                e = s + cut
                while norm[e - 1] == " ":
                    e -= 1
            if _numeral_in_word(norm, pack, s, e):
                continue
            pair = _neighbour_digits(norm, pack, s, e)
            if pair is not None:
                yield _Atom(s, e, pair[0], norm[s:e], False, high=pair[1])
                continue
            value = parse_numeral(norm[s:e], pack.numbers.numerals)
            if value is not None:
                yield _Atom(s, e, value, norm[s:e], e - s == 1)


def _exponent(s: str) -> float:
    """The power written after e or ^, its signs read one by one: "-3" is -3, "--23" is 23."""
    digits = s.lstrip("+-−－")
    negative = sum(ch in "-−－" for ch in s[: len(s) - len(digits)]) % 2
    return -float(digits) if negative else float(digits)


def _final_unit_cut(norm: str, pack: Pack, start: int, end: int) -> int:
    """Where a numeral ends before a unit that is also a digit: 两 closing 三十两 or 1234两 is the tael (a
    digit 两 always comes before what it counts: 两百, 两个); or before the first character of a word that
    opens with one (七十 of 七十百分位)."""
    if end - start > 1 and any(norm.startswith(w, end - 1) for w in pack.numbers.opening_words):
        return end - 1
    nums = pack.numbers
    if end - start > 2 and norm[end - 1] in nums.half_numerals and norm[end - 2] in nums.final_unit_numerals:
        return end - 2  # 九两半: nine taels and a half
    if end - start < 2 or norm[end - 1] not in pack.numbers.final_unit_numerals or norm[end - 2] == " ":
        return end
    return end if _counted_after(norm, pack, end) else end - 1


def _neighbour_digits(norm: str, pack: Pack, start: int, end: int) -> tuple[float, float] | None:
    """Two neighbouring digits said together are a rough range: 两三个 (2-3), 三四百 (300-400), 七八成."""
    s = norm[start:end].replace(" ", "")
    digits = pack.numbers.numerals.digits
    if len(s) < 2 or s[0].isascii() or s[1].isascii() or s[0] not in digits or s[1] not in digits:
        return None
    low, high = digits[s[0]], digits[s[1]]
    if low == 0 or high != low + 1:
        return None
    rest = s[2:]
    if not rest:  # 一二线城市: two digits with nothing they count are not a range
        return (float(low), float(high)) if _counted_after(norm, pack, end) else None
    a, b = parse_numeral(s[0] + rest, pack.numbers.numerals), parse_numeral(s[1] + rest, pack.numbers.numerals)
    if a is None or b is None or any(ch in digits for ch in rest):
        return None
    return a, b


CHAIN_AFTER = regex.compile(r"[.,][0-9]")
CHAIN_BEFORE = regex.compile(r"(?r)[0-9][.,]$")
CHAIN_PART = regex.compile(r"[0-9]+")


def _in_chain(norm: str, start: int, end: int) -> bool:
    """Whether digits run on past the figure's marks: 192.168.1.2, 2025.10.01, "nrs. 22,24,26,31" are several
    numbers (a date, an address, a list), not one with a decimal (a grouped 1,234,567 is matched whole)."""
    return bool(CHAIN_AFTER.match(norm, end) or CHAIN_BEFORE.search(norm, max(0, start - 2), start))


def _chain_parts(norm: str, start: int, end: int):
    for m in CHAIN_PART.finditer(norm, start, end):
        yield _Atom(m.start(), m.end(), float(m.group()), m.group(), False)


def _counted_after(norm: str, pack: Pack, pos: int) -> bool:
    """Whether a unit, a scale or a measure word follows at pos: what a numeral there counts."""
    return bool(pack.units.unit_re.match(norm, pos) or pack.numbers.scale_re.match(norm, pos)
                or pack.units.classifier_re.match(norm, pos))


def _numeral_in_word(norm: str, pack: Pack, start: int, end: int) -> bool:
    """A numeral that is a character of a word (一切, 四川), or a lone financial form between letters with
    no unit or measure word after it (陆地, 拾取, 退伍): no number is said."""
    lone_half = end - start == 1 and norm[start] in pack.numbers.half_numerals
    if end - start == 1 and norm[start] in pack.numbers.formal_numerals or lone_half:
        said = _counted_after(norm, pack, end) or pack.units.before_unit_re.search(norm, max(0, start - 8), start)
        if not said:  # a half alone says nothing (过半); with a unit after it, it is half of one (半小时)
            return lone_half or norm[start - 1: start].isalpha() or norm[end: end + 1].isalpha()
    if pack.numbers.numeral_words_re is None:
        return False
    for m in pack.numbers.numeral_words_re.finditer(norm, max(0, start - 3), min(len(norm), end + 3)):
        if m.start() <= start and end <= m.end():
            return True
    return False


def _digit_fraction(groups: dict) -> float | None:
    """3/4 = 0.75, 2 1/4 = 2.25. A leading zero or a year after the slash makes it a date (01/1995)."""
    numerator, denominator = int(groups["fn"]), int(groups["fd"])
    if denominator == 0 or groups["fn"][:1] == "0" or groups["fd"][:1] == "0" or year_like(groups["fd"], denominator):
        return None
    if groups.get("fw") is None:
        return numerator / denominator
    return int(groups["fw"]) + numerator / denominator


def _unit_cut(norm: str, pack: Pack, start: int, end: int) -> int:
    """Where a numeral must stop so as not to take the first characters of a unit (兆 of 兆瓦, 千 of 千克)."""
    # Only the last characters can open a unit that runs past the numeral (thrice as many, for spaces).
    for p in range(max(start + 1, end - 3 * pack.numbers.unit_numeral_lead), end):
        unit = pack.units.unit_re.match(norm, p)
        if unit and unit.end() > end and unit.start("u") == p:
            return p
    return end


def _scale(norm: str, pos: int, pack: Pack) -> tuple[float, int]:
    m = pack.numbers.scale_re.match(norm, pos)
    if not m:
        return 1.0, pos
    unit = pack.units.unit_re.match(norm, pos)
    if unit and unit.end() > m.end():
        return 1.0, pos
    if m.group("s"):
        return pack.numbers.scales.find(m.group("s")), m.end()
    abbr = m.group("a") or m.group("a1") or m.group("a2")
    return pack.numbers.scale_abbrev.find(abbr), m.end()


def _old(v):
    return v.kind, ((v.unit, v.factor) if v.factor is not None else v.unit)


def _unit_at(norm: str, pos: int, pack: Pack, end: int, scaled: bool = False):
    """(kind, unit, item, new_pos) of the unit starting at pos, or None. `scaled`: a scale word came before
    (a measure may then follow a connector: "1,5 million de gallons")."""
    m = pack.units.match(norm, pos, end, scaled)
    if m:
        kind, unit = _old(pack.units.lookup.find(m.group("u")))
        if kind == "count":
            return "count", "count", unit, m.end()  # the item is the unit's value
        return kind, unit, None, m.end()
    m = pack.units.classifier_re.match(norm, pos, end)
    if m and pack.units.classifiers:
        if not m.group("u"):  # 20个比特币: money counted with a measure word
            money = pack.units.unit_re.match(norm, m.end(), end)
            kind, unit = _old(pack.units.lookup.find(money.group("u"))) if money else (None, None)
            if kind == "currency":
                return "currency", unit, None, money.end()
        item = pack.units.lookup.find(m.group("u")).unit if m.group("u") else None
        return "count", "count", item, m.end()  # a measure word counts even when its noun is unknown
    return None


def _blocked_left(norm: str, a: _Atom, pack: Pack, lo: int) -> bool:
    """An atom glued to letters on its left is part of a name (H100, GPT-4, v5, T1)."""
    left = norm[max(lo, a.start - 2): a.start]
    if IDENT_BEFORE.search(left):
        return not pack.units.before_unit_re.search(norm, max(lo, a.start - 8), a.start)
    return bool(TIME_OR_DATE_BEFORE.search(norm, max(lo, a.start - 2), a.start))


def _date_after(norm: str, pos: int, end: int, pack: Pack) -> bool:
    """A time or date goes on after the number (10:30, 5/17); a scaled denominator does not ($0.50/1M)."""
    if not TIME_OR_DATE_AFTER.match(norm, pos, end):
        return False
    m = SLASH_NUMBER.match(norm, pos, end)
    return not (m and pack.numbers.scale_re.match(norm, m.end(), end))


def _build(norm: str, text: str, atoms: list[_Atom], i: int, pack: Pack, lo: int, hi_end: int):
    a = atoms[i]
    # Nothing of one figure lies far past its number; bounding every match here keeps the regex engine
    # from scanning to the end of a long line for a literal it needs.
    hi_end = min(hi_end, a.end + FIGURE_REACH)
    if _blocked_left(norm, a, pack, lo) or _date_after(norm, a.end, hi_end, pack):
        return None, 1
    win = max(lo, a.start - WINDOW)
    qstart = a.start
    kind = unit = item = per = closer = None
    factor = 1.0  # physical units: SI prefix factor
    per_scale = 1.0

    m = pack.units.before_unit_re.search(norm, win, a.start)
    if m:
        kind, unit = _old(pack.units.before_units.find(m.group("u")))
        qstart = m.start()
        # "in percent of 2024 sales" names a year (百分之2000 is growth); "the percentage of 25 firms" a share.
        if kind == "percent" and (pack.spaced and year_like(a.text, a.value)
                                  or pack.units.before_percent_blocked_re.search(norm, win, m.start())):
            kind = unit = None
            qstart = a.start

    low_scale, pos = _scale(norm, a.end, pack)
    low_value = high_value = a.value
    high_scale = low_scale
    used = 1
    rough = a.high is not None  # 两三个: a rough range in one numeral
    ranged = False  # closed by a second figure (10 to 20)
    if rough:
        high_value = a.high

    # What words add after a scale: "3 millions et demi", "2 billion and a half". The word grammar has read
    # the scale word and what follows it together ("millions et demi" = 1.5e6).
    if low_scale > 1 and not rough and i + 1 < len(atoms) and atoms[i + 1].start < pos < atoms[i + 1].end:
        part = atoms[i + 1].value / low_scale - 1
        if 0 < part < 1:
            low_value = high_value = a.value + round(part, 12)
            pos, used = atoms[i + 1].end, 2
    # Not after a sign: "$5 million 200 GPUs" is two figures.
    if low_scale > 1 and used == 1 and not rough and not a.word and kind is None:
        parts, pos, used = _parts_after_scale(norm, atoms, i, pos, low_scale, pack)
        low_value = high_value = a.value + parts / low_scale
    # A fraction spoken between two numbers: "1 over 3", "un sur vingt"; an amount of money "over 3
    # years" is spread over them, not divided.
    if i + 1 < len(atoms) and kind != "currency" and not rough:
        over = pack.numbers.fraction_re.match(norm, pos, hi_end)
        if over and over.end() == atoms[i + 1].start and atoms[i + 1].value:
            low_value = high_value = a.value * low_scale / atoms[i + 1].value
            low_scale = high_scale = 1.0
            pos, used = atoms[i + 1].end, 2
    # A range: the next atom joined by a connector, a unit possibly repeated on the left ("5 % à 10 %").
    if used == 1 and not rough and i + 1 < len(atoms):
        joined = _range_end(norm, atoms, i, pos, pack, win, qstart, hi_end)
        if joined is not None:
            b, after_b, closer = joined
            b_scale, b_pos = _scale(norm, after_b, pack)
            a_scale = b_scale if low_scale == 1.0 else low_scale  # 49.6至50.5億: the scale covers both
            same_kind = year_like(a.text, a.value) == year_like(b.text, b.value)
            if same_kind and a.value * a_scale <= b.value * b_scale:
                high_value, high_scale, low_scale, pos, used = b.value, b_scale, a_scale, b_pos, 2
                ranged = True
            else:
                closer = None
    last = atoms[i + used - 1]
    if LATIN.match(norm, last.end) and pos == last.end and not pack.units.unit_re.match(norm, pos, hi_end):
        return None, used  # 300X, 4o: a name, not a figure

    # A qualifier that sits between a number and its unit (80多家, 21+).
    qualifier = None
    qa = pack.qualifiers.after_re.match(norm, pos, hi_end)
    if qa and not LATIN.match(qa.group("q")[-1:] or " "):
        qualifier = pack.qualifiers.after.find(qa.group("q"))
        after_q = qa.end()
        scale_q, scale_end = _scale(norm, after_q, pack)
        if scale_q != 1.0 and used == 1 and low_scale == 1.0:  # 500多亿: the scale comes after the qualifier
            low_scale = high_scale = scale_q
            pos = after_q = scale_end
        unit_probe = _unit_at(norm, after_q, pack, hi_end)
        if unit_probe is not None:
            pos = after_q
    # The closing word of "-10000与20000间" is no measure word (间 also counts rooms).
    found = None if closer is not None and closer[0] == pos else _unit_at(norm, pos, pack, hi_end, scaled=low_scale > 1)
    opens_next = found is not None and found[0] == "currency" and NEXT_NUMBER.match(norm, found[3], hi_end) \
        and pack.units.before_unit_re.search(norm, pos, found[3])
    if opens_next and not _subunit_follows(norm, atoms, i + used, pack, hi_end):
        found = None  # "January 2026 USD 1.5 billion": the code opens the next figure
    if found is None and kind is None and pack.money.alone_subunit_re is not None and not rough and low_scale == 1.0 \
            and low_value == int(low_value):
        found = _alone_subunit(norm, pos, pack, max(win, qstart - 4), qstart, hi_end)
    if found is not None and found[0] == "count" and found[2] is None and a.word and used == 1:
        pos, found = found[3], None  # 一个: a lone numeral character with a measure word is an article
        half = _half_at(norm, pos, pack)
        if half:  # 一个半小时, 五個半: the half after the measure word, then perhaps the unit
            low_value, high_value, pos = low_value + 0.5, high_value + 0.5, pos + half
            found = _unit_at(norm, pos, pack, hi_end)
    if found is not None:
        k2, u2, item2, pos2 = found
        if kind is None or (kind == k2 == "currency"):  # "$5 GPU": a sign before stays the unit
            kind = kind or k2
            unit = unit or u2
            item = item2
            pos = pos2
    if isinstance(unit, tuple):  # a unit that carries a factor: km, cents, 成, 千分之
        unit, factor = unit
        if kind == "percent" and factor == 10 and used == 1 and 10 < low_value < 100 and low_value == int(low_value):
            factor = 1.0  # tenths written with two digits are hundredths: 75折 and 九五折 are 75 % and 95 %
        kind = "currency" if kind == "subunit" else kind
    if kind is None:
        kind = "number"
    extra = 0.0
    if kind not in ("number", "count") and used == 1 and low_scale == 1.0 and low_value == int(low_value):
        half = _half_at(norm, pos, pack)  # 三斤半, 一块半: the half comes after the unit
        if half:
            low_value, high_value, pos = low_value + 0.5, high_value + 0.5, pos + half
    if kind == "percent" and factor == 10 and used == 1 and i + 1 < len(atoms) and \
            _tenth_tail(norm, atoms[i + 1], pos, pack):
        low_value = high_value = low_value + atoms[i + 1].value / 10  # 七成五 is 75 %
        pos, used = atoms[i + 1].end, 2
    # An amount with decimals has its cents already: "$4.25 and 32 is the quantity".
    if kind == "currency" and used == 1 and not rough and low_scale == 1.0 and i + 1 < len(atoms) and \
            low_value == int(low_value):
        extra, pos, used = _money_tail(norm, atoms, i + 1, pos, pack, hi_end, unit, factor)

    # The denominator of a rate, after ("per GPU-hour", "/heure") or before ("每小時") the figure.
    m = pack.rates.per_re.match(norm, pos, hi_end)
    if m and kind != "number":
        per = pack.rates.nouns.find(m.group("pg") or m.group("pn"))
        per_scale = _denominator_scale(m, pack)
        pos = m.end()
    else:
        m = pack.rates.per_prefix_re.search(norm, win, qstart)
        if m:
            per = pack.rates.nouns.find(m.group("pg") or m.group("pn"))
            per_scale = _denominator_scale(m, pack)
            qstart = m.start()
    if per == "token" and kind == "count" and item == "token":
        return None, used
    # A minus sign, unless a qualifier phrase ends there ("au moins 5" is at least 5, not minus 5);
    # then the qualifiers before (the nearest phrase within the pack's gap) or after ("or more", 以上).
    sign = 1.0
    before = pack.qualifiers.before_re.search(norm, win, qstart)
    minus = None if before else pack.qualifiers.negative_re.search(norm, win, qstart)
    if minus:
        sign, qstart = -1.0, minus.start()
        before = pack.qualifiers.before_re.search(norm, win, qstart)
    elif kind == "number" and _lone_minus(norm, lo, qstart, pos, hi_end):
        sign, qstart = -1.0, lo
    if qualifier is None and before:
        qualifier = pack.qualifiers.before.find(before.group("q"))
    if qualifier is None:
        m = pack.qualifiers.after_re.match(norm, pos, hi_end)
        if m:
            qualifier = pack.qualifiers.after.find(m.group("q"))

    # Numbers that are not quantities: list positions, ordinals, the denominator of someone else's rate.
    ex = pack.exclusions
    if ex.before_re.search(norm, win, qstart) or (kind in ("number", "count") and
                                                  ex.list_after_re.match(norm, a.end, hi_end)):
        return None, used

    scale_low = low_scale * factor / per_scale
    scale_high = high_scale * factor / per_scale
    value_low, value_high = low_value * scale_low + extra, high_value * scale_high + extra
    if sign < 0 and ranged:  # "-10000与20000间": the sign is the low end's
        value_low = -value_low
    elif sign < 0:
        value_low, value_high = -value_high, -value_low
    is_year = kind == "number" and low_scale == 1.0 and year_like(a.text, a.value) and \
        year_like(last.text, last.value)
    if closer is not None and closer[0] >= pos and not norm[pos:closer[0]].strip():
        pos = closer[1]  # the closing word of "10%与20%之间" is part of the range
    span_end = pos
    while span_end > qstart and text[span_end - 1] in " \t\u00a0\u202f":
        span_end -= 1
    if kind == "percent" and value_high >= 100 and norm.endswith(pack.units.below_whole, qstart, span_end):
        return None, used  # 十折: a price at ten tenths of itself is no discount, and says nothing
    return Quantity(
        start=qstart, end=span_end, text=text[qstart:span_end],
        value_low=value_low, value_high=value_high,
        unit=unit if kind != "number" else None, kind=kind, per=per, item=item,
        qualifier=qualifier or ("approx" if rough else "exact"), year_like=is_year,
        word_numeral=a.word and used == 1,
    ), used


def _alone_subunit(norm: str, pos: int, pack: Pack, before: int, qstart: int, end: int):
    """The subunit said alone after a whole figure (5分, 两毫, 五仙) as `_unit_at` gives a unit, or None: not
    where a word goes on from it (5分钟, 分析, 毫米) or a score or a time comes before (得了95分, 10点30分)."""
    m = pack.money.alone_subunit_re.match(norm, pos, end)
    if m is None or pack.money.alone_subunit_blocked_re.search(norm, before, qstart):
        return None
    return "subunit", _old(pack.money.tail_subunits.find(m.group("u")))[1], None, m.end()


LONE_MINUS = regex.compile(r"[\-−－][ \t]+")


def _lone_minus(norm: str, lo: int, qstart: int, pos: int, end: int) -> bool:
    """Whether a hyphen and spaces open the line before a bare number that fills the rest of it ("- 1,200,000",
    the sign typed apart): a minus. Before words, the hyphen is a list's bullet ("- 10 GPUs per node")."""
    return (lo == 0 or norm[lo - 1] == "\n") and bool(LONE_MINUS.fullmatch(norm, lo, qstart)) \
        and not norm[pos:end].strip()


def _half_at(norm: str, pos: int, pack: Pack) -> int:
    """The length of the word for a half said at pos (三斤半), 0 if none."""
    return next((len(h) for h in pack.numbers.half_after_unit if norm.startswith(h, pos)), 0)


def _opens_range_of_money(norm: str, b: _Atom, end: int, pack: Pack, unit: str) -> bool:
    """Whether the tail b is followed by a range connector and an amount in the same currency: 五块六到五块七毛八."""
    m = pack.ranges.range_re.match(norm, b.end, end)
    if not m:
        return False
    nxt = pack.numbers.atom_re.match(norm, m.end(), end)
    found = _unit_at(norm, nxt.end(), pack, end) if nxt else None
    return found is not None and found[0] == "currency" and found[1] == unit


def _parts_after_scale(norm: str, atoms: list[_Atom], i: int, pos: int, scale: float,
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
        b_scale, b_end = _scale(norm, b.end, pack) if word and word.group("s") else (1.0, b.end)
        if b.value * b_scale >= scale:
            break
        total, pos, scale, used = total + b.value * b_scale, b_end, b_scale, j - i + 1
        j += 1
        while j < len(atoms) and atoms[j].start < pos:
            j += 1
        if b_scale == 1.0:
            break
    return total, pos, used


def _tenth_tail(norm: str, b: _Atom, pos: int, pack: Pack) -> bool:
    """Whether atom b, right after a tenths unit (成), is its next digit: 七成五, not 七成五个."""
    if not pack.units.tenth_tail or not any(norm.endswith(t, 0, pos) for t in pack.units.tenth_tail):
        return False
    if norm[pos:b.start].strip(" ") or not b.word or b.value >= 10 or b.value != int(b.value):
        return False  # 七成五, 七成 六
    return _unit_at(norm, b.end, pack, b.end + 8) is None and not pack.numbers.scale_re.match(norm, b.end)


def _subunit_follows(norm: str, atoms: list[_Atom], j: int, pack: Pack, end: int) -> bool:
    """Whether atoms[j] is followed by money of its own: a subunit ("3 CHF 4 cents") or a currency
    ("4人民币 5美元"), so that the currency before it closes the figure before, not opens this one."""
    if j >= len(atoms):
        return False
    at = _scale(norm, atoms[j].end, pack)[1]
    after = _unit_at(norm, at, pack, end)
    if after is None:
        return bool(pack.money.tail_subunit_re.match(norm, at, end))  # 3美元5分
    return after[0] in ("subunit", "currency")


def _money_tail(norm: str, atoms: list[_Atom], j: int, pos: int, pack: Pack, end: int, unit: str,
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


def _tail_part(norm: str, b: _Atom, pos: int, pack: Pack, end: int, unit: str,
               said: float) -> tuple[float, int, float] | None:
    """One smaller part of an amount: (its value, the position after it, its subunit, or 0 where nothing
    smaller may follow it); None where b is no such part."""
    join = pack.money.money_join_re.match(norm, pos, end)
    if not join or join.end() != b.start or b.value >= 100 or b.value != int(b.value):
        return None
    after = _unit_at(norm, b.end, pack, end)
    sub = None
    if after is not None and after[0] == "subunit":  # cents of whatever the amount is in
        sub, sub_end = after[1], after[3]
    elif after is None and (tail := pack.money.tail_subunit_re.match(norm, b.end, end)):
        sub, sub_end = _old(pack.money.tail_subunits.find(tail.group("u")))[1], tail.end()
        if sub[0] not in (unit, "*"):  # 三块四分: 分 only after a larger unit of its own currency
            return None
    if sub is not None:
        return (b.value * sub[1], sub_end, sub[1]) if sub[1] < said else None
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


def _range_end(norm: str, atoms: list[_Atom], i: int, pos: int, pack: Pack, win: int, qstart: int, hi_end: int):
    """The atom that closes a range opened by atoms[i], the position after it, and the span of a closing
    word after it ("之间") where the joiner needs one; or None."""
    b = atoms[i + 1]
    if b.start - pos > RANGE_REACH or not pack.ranges.any_join_re.search(norm, pos, b.start) \
            or _hyphen_chain(norm, atoms, i):
        return None
    opened = _opener_joins(norm, pack, win, qstart)
    if opened is None:
        return None
    joins = [pack.ranges.range_re, pack.ranges.between_join_re, *opened]
    starts = [pos]
    found = _unit_at(norm, pos, pack, hi_end)
    if found is not None and found[0] in ("percent", "currency", "physical", "points"):
        starts.append(found[3])
    for p in starts:
        if p != pos:  # "5 % à 10 %": the unit repeated on the right must be the same
            right = _unit_at(norm, _scale(norm, b.end, pack)[1], pack, hi_end)
            if right is None or right[:2] != found[:2]:
                continue
        for join in joins:
            m = join.match(norm, p, hi_end)
            if not m or m.end() == p:
                continue
            q = m.end()
            cur = pack.units.before_unit_at_re.match(norm, q, hi_end)
            if cur and cur.end() <= b.start:
                q = cur.end()
            if q == b.start:
                # Looked for only once a join is found, not for every pair of neighbouring figures.
                closer = _closer(norm, b, pack, hi_end)
                if closer is None and join is pack.ranges.between_join_re:
                    continue  # 与, 及 make a range only with 之间 after it
                return b, b.end, closer
    return None


def _hyphen_chain(norm: str, spans: list, i: int) -> bool:
    """Whether spans[i] and spans[i + 1] (atoms or figures, in order) are two links of a chain of three or
    more numbers joined by bare hyphens (three-nought-four, 1-222-2222): digits read out, a code or a phone
    number, never a range."""
    return _hyphen_link(norm, spans, i) and (_hyphen_link(norm, spans, i - 1) or _hyphen_link(norm, spans, i + 1))


def _hyphen_link(norm: str, spans: list, k: int) -> bool:
    """Whether a bare hyphen alone joins spans[k] to spans[k + 1]."""
    return 0 <= k < len(spans) - 1 and spans[k].end + 1 == spans[k + 1].start and norm[spans[k].end] == "-"


def _opener_joins(norm: str, pack: Pack, win: int, at: int) -> list[regex.Pattern] | None:
    """The joins that the range openers before `at` allow ("between" -> "and"); None where a verb of change
    before an opener makes the two figures a movement ("grew from $5 billion to $8 billion")."""
    joins = []
    for op in pack.ranges.openers:
        opener, join, blocker = op.opener_re, op.join_re, op.blocker_re
        m = opener.search(norm, win, at)
        if not m:
            continue
        if blocker and blocker.search(norm, max(0, m.start() - WINDOW), m.start()):
            return None
        joins.append(join)
    return joins


def _closer(norm: str, b: _Atom, pack: Pack, end: int) -> tuple[int, int] | None:
    """The closing word of a "between" range right after atom b, or after its scale and unit only
    ("20亿美元之间")."""
    after_scale = _scale(norm, b.end, pack)[1]
    unit = _unit_at(norm, after_scale, pack, end)
    for p in (b.end, after_scale, unit[3] if unit else None):
        m = pack.ranges.between_close_re.match(norm, p, end) if p is not None else None
        if m:
            return m.start(), m.end()
    return None


def _denominator_scale(m, pack: Pack) -> float:
    """The size of a rate's denominator: "per million tokens", "per 1,000 tokens", "/MTok"."""
    scale = 1.0
    word = m.group("ps")
    if word:
        found = pack.numbers.scales.find(word)
        if found:
            scale = float(found)
        else:
            digits = regex.match(r"\d[\d,.]*\d|\d", word).group()
            try:
                scale = parse_digits(digits, pack.numbers.decimal_mark, pack.numbers.group_marks)
            except ValueError:
                scale = 1.0
            rest = word[len(digits):].strip()
            scale *= (pack.numbers.scale_abbrev.find(rest) or pack.numbers.scales.find(rest) or 1.0) if rest else 1.0
    if m.group("pa"):
        scale *= pack.numbers.scale_abbrev.find(m.group("pa")) or 1.0
    return scale
