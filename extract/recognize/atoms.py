"""Number atoms: the numbers of a text, each found as a span (digit runs, numerals of a script of their own,
numbers in words, fractions, an article before a unit), then read into a value (numbers.py, words.py).

Finding decides where a number is and where it stops (before the first characters of a unit, 千 of 千克;
inside a word that says no number, 一切, it is none); reading gives its value, or none where its text is
no number after all. The figure is built around the atoms afterwards (figure.py).
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..packs import Pack, cache, lowered
from .numbers import misordered_unit, parse_digits, parse_numeral, year_like
from .reasons import NUMERAL_IN_WORD, PRONOUN, Rejection
from .words import WordGrammar, WordNumber

FRACTION_REACH = 40  # characters each side of a fraction mark (分之) a fraction may span
SLASH = regex.compile("[/／]")
CHAIN_AFTER = regex.compile(r"[.,][0-9]")
CHAIN_BEFORE = regex.compile(r"(?r)[0-9][.,]$")
CHAIN_PART = regex.compile(r"[0-9]+")
DIGITS, CHAIN, NUMERAL = "digits", "chain", "numeral"  # how a span's value is read


@dataclass(frozen=True, slots=True)
class Atom:
    """One number of the text: its span, its value, and the text it was read from."""

    start: int
    end: int
    value: float
    text: str
    word: bool  # a single numeral word (一, "a", "one"): an article more than a count
    high: float | None = None  # the upper end of an approximation said in one numeral (两三个, 三四百)


@dataclass(frozen=True, slots=True)
class Span:
    """Where an extractor found a number, and how its value is read."""

    start: int
    end: int
    reading: str  # DIGITS | CHAIN (a part of 192.168.1.2) | NUMERAL
    exponent: str = ""  # e10, ^5 after digits


@functools.cache
def word_grammar(pack: Pack) -> WordGrammar:
    """The pack's number words compiled; kept between processes with the pack (packs/cache.py)."""
    key = cache.key_of(pack)
    build = functools.partial(WordGrammar, pack.sections.numbers.number_words, pack.numbers.scales, pack.spaced)
    return cache.cached("words", key, build) if key else build()


def find_atoms(norm: str, pack: Pack, start: int, end: int, rejected: list[Rejection] | None = None) -> list[Atom]:
    """Digit runs, numerals and numbers in words of norm[start:end], in order, none inside another."""
    found = list(_symbol_atoms(norm, pack, start, end, rejected))
    found += _word_atoms(norm, pack, start, end, rejected)
    found += _article_atoms(norm, pack, start, end)
    found.sort(key=lambda a: (a.start, -a.end))
    # Units written before a figure may hold numeral characters (百分之, 千分之): none of theirs is an atom.
    prefixes = [m.span() for m in pack.numbers.numeral_prefix_re.finditer(norm, start, end)] \
        if pack.numbers.numerals else []
    out: list[Atom] = []
    for a in found:
        if any(s <= a.start < e for s, e in prefixes):
            continue
        if not out or a.start >= out[-1].end:
            out.append(a)
    return out


def _word_atoms(norm: str, pack: Pack, start: int, end: int, rejected: list[Rejection] | None) -> list[Atom]:
    out = []
    for w in word_grammar(pack).find(norm, start, end):
        if _pronoun(norm, pack, w, start, end):
            _reject(rejected, norm, w.start, w.end, PRONOUN)
        else:
            stop = _of_a_unit(norm, pack, w.end, end) if w.fraction else w.end
            out.append(Atom(w.start, stop, w.value, norm[w.start:stop], w.single))
    return out


FRACTION_OF_UNIT_KINDS = frozenset({"percent", "points", "currency", "subunit", "physical", "duration"})


@functools.cache
def _of_an_article(pack: Pack) -> regex.Pattern | None:
    """What stands between a fraction and the one unit it is a part of: "half a", "a tenth of a"."""
    nw = pack.sections.numbers.number_words
    if not nw.articles or not pack.spaced:
        return None
    sp = "[ \t\u00a0\u202f]+"
    of = "|".join(regex.escape(w) for w in nw.fraction_of)
    article = "|".join(regex.escape(w) for w in nw.articles)
    before = f"(?:{sp}(?:{of}))?" if of else ""
    return regex.compile(f"(?i:{before}{sp}(?:{article}))(?={sp})")


def _of_a_unit(norm: str, pack: Pack, pos: int, end: int) -> int:
    """Where a fraction ends that is a part of one unit: after the article of "half a percentage point",
    "a tenth of a percentage point", "3/4 of a cent", so that the unit after it is the fraction's; else pos."""
    joint = _of_an_article(pack)
    m = joint.match(norm, pos, end) if joint is not None else None
    if m is None:
        return pos
    if _unit_kind(norm, pack, m.end(), end) not in FRACTION_OF_UNIT_KINDS:
        return pos
    return m.end()


def _unit_kind(norm: str, pack: Pack, pos: int, end: int) -> str | None:
    """The kind of the unit named at pos, if any: an abbreviation of `cued_units` ("bp") by the unit it reads as
    where its cues are said (units.py decides which, once the figure is built)."""
    m = pack.units.unit_re.match(norm, pos, end)
    if m is None:
        return None
    v = pack.units.lookup.find(m.group("u"))
    cued = pack.units.cued.get(m.group("u")) if v is None else None
    return v.kind if v is not None else cued[0].kind if cued is not None else None


def _article_atoms(norm: str, pack: Pack, start: int, end: int) -> list[Atom]:
    """"a dollar", "an ounce": the article counts one of a unit of money or measure."""
    if pack.units.article_unit_re is None:
        return []
    return [Atom(m.start(), m.end("a"), 1.0, m.group("a"), True)
            for m in pack.units.article_unit_re.finditer(norm, start, end)
            if not norm[max(start, m.start() - 4): m.start()].rstrip()[-1:].isdigit()]  # "$5 a kg" is a rate


def _reject(rejected: list[Rejection] | None, norm: str, start: int, end: int, reason: str) -> None:
    if rejected is not None:
        rejected.append(Rejection(start, end, norm[start:end], reason))


def _pronoun(norm: str, pack: Pack, w: WordNumber, start: int, end: int) -> bool:
    """"one" after a determiner, with no unit after it, stands for a thing: "the one you chose"."""
    if not (w.single and w.value == 1 and pack.exclusions.pronoun_re.search(norm, max(start, w.start - 12), w.start)):
        return False
    return not (pack.units.unit_re.match(norm, w.end, end) or pack.units.hyphen_unit_re.match(norm, w.end, end))


# ------------------------------------------------------------------ spans
def _around_marks(norm: str, mark_re: regex.Pattern, pattern: regex.Pattern, start: int, end: int,
                  between_digits: bool = False) -> Iterator[regex.Match]:
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


def _symbol_atoms(norm: str, pack: Pack, start: int, end: int, rejected: list[Rejection] | None) -> Iterator[Atom]:
    nums = pack.numbers
    matches = list(nums.atom_re.finditer(norm, start, end))
    if nums.fraction_mark_re is not None:
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
        for span in _spans(norm, pack, m, rejected):
            atom = _read(norm, pack, span)
            if atom is not None:
                yield atom


def _spans(norm: str, pack: Pack, m: regex.Match, rejected: list[Rejection] | None) -> Iterator[Span]:
    """The numbers a match of the atom pattern holds: one, or the parts of a chain of digits, or none."""
    if m.groupdict().get("d") is not None:
        if not m.group("x") and _in_chain(norm, m.start(), m.end()):
            yield from (Span(p.start(), p.end(), CHAIN) for p in CHAIN_PART.finditer(norm, m.start(), m.end()))
        else:
            yield Span(m.start(), m.end(), DIGITS, m.group("x") or "")
        return
    s, e = m.start(), _unit_cut(norm, pack, m.start(), m.end())
    e = _final_unit_cut(norm, pack, s, e)
    cut = misordered_unit(norm[s:e], pack.numbers.numerals) if e - s > 2 else None
    if cut:
        e = s + cut
        while norm[e - 1] == " ":
            e -= 1
    if _numeral_in_word(norm, pack, s, e):
        _reject(rejected, norm, s, e, NUMERAL_IN_WORD)
    else:
        yield Span(s, e, NUMERAL)


def _in_chain(norm: str, start: int, end: int) -> bool:
    """Whether digits run on past the figure's marks: 192.168.1.2, 2025.10.01, "nrs. 22,24,26,31" are several
    numbers (a date, an address, a list), not one with a decimal (a grouped 1,234,567 is matched whole)."""
    return bool(CHAIN_AFTER.match(norm, end) or CHAIN_BEFORE.search(norm, max(0, start - 2), start))


def _unit_cut(norm: str, pack: Pack, start: int, end: int) -> int:
    """Where a numeral must stop so as not to take the first characters of a unit (兆 of 兆瓦, 千 of 千克)."""
    # Only the last characters can open a unit that runs past the numeral (thrice as many, for spaces).
    for p in range(max(start + 1, end - 3 * pack.numbers.unit_numeral_lead), end):
        unit = pack.units.unit_re.match(norm, p)
        if unit and unit.end() > end and unit.start("u") == p:
            return p
    return end


def _final_unit_cut(norm: str, pack: Pack, start: int, end: int) -> int:
    """Where a numeral ends before a unit that is also a digit: 两 closing 三十两 or 1234两 is the tael (a
    digit 两 always comes before what it counts: 两百, 两个); or before the first character of a word that
    opens with one (七十 of 七十百分位)."""
    nums = pack.numbers
    if end - start > 1 and any(norm.startswith(w, end - 1) for w in nums.opening_words):
        return end - 1
    if end - start > 2 and norm[end - 1] in nums.half_numerals and norm[end - 2] in nums.final_unit_numerals:
        return end - 2  # 九两半: nine taels and a half
    if end - start < 2 or norm[end - 1] not in nums.final_unit_numerals or norm[end - 2] == " ":
        return end
    return end if counted_after(norm, pack, end) else end - 1


def counted_after(norm: str, pack: Pack, pos: int) -> bool:
    """Whether a unit, a scale or a measure word follows at pos: what a numeral there counts."""
    return bool(pack.units.unit_re.match(norm, pos) or pack.numbers.scale_re.match(norm, pos)
                or pack.units.classifier_re.match(norm, pos))


def _numeral_in_word(norm: str, pack: Pack, start: int, end: int) -> bool:
    """A numeral that is a character of a word (一切, 四川), or a lone financial form between letters with
    no unit or measure word after it (陆地, 拾取, 退伍): no number is said."""
    nums = pack.numbers
    lone_half = end - start == 1 and norm[start] in nums.half_numerals
    if end - start == 1 and norm[start] in nums.formal_numerals or lone_half:
        said = counted_after(norm, pack, end) or pack.units.before_unit_re.search(norm, max(0, start - 8), start)
        if not said:  # a half alone says nothing (过半); with a unit after it, it is half of one (半小时)
            return lone_half or norm[start - 1: start].isalpha() or norm[end: end + 1].isalpha()
    if nums.numeral_words_re is None:
        return False
    for m in nums.numeral_words_re.finditer(norm, max(0, start - 3), min(len(norm), end + 3)):
        if m.start() <= start and end <= m.end():
            return True
    return False


# ------------------------------------------------------------------ values
def _read(norm: str, pack: Pack, span: Span) -> Atom | None:
    """The atom of a span, or None where its text is no number after all."""
    s, e = span.start, span.end
    text = norm[s:e]
    if span.reading == CHAIN:
        return Atom(s, e, float(text), text, False)
    if span.reading == DIGITS:
        value = _digits_value(text[: len(text) - len(span.exponent)], span.exponent, pack)
        return Atom(s, e, value, text, False) if value is not None and math.isfinite(value) else None
    pair = _neighbour_digits(norm, pack, s, e)
    if pair is not None:
        return Atom(s, e, pair[0], text, False, high=pair[1])
    value = parse_numeral(text, pack.numbers.numerals)
    return Atom(s, e, value, text, e - s == 1) if value is not None else None


def _digits_value(digits: str, exponent: str, pack: Pack) -> float | None:
    """Digits with the language's marks, and a power written after them: 1e10, 2^5, 1.1^--23."""
    try:
        value = parse_digits(digits, pack.numbers.decimal_mark, pack.numbers.group_marks)
        if exponent:
            power = _exponent(exponent[1:])
            value = value ** power if exponent[0] == "^" else value * 10.0 ** power
    except (ValueError, OverflowError):
        return None
    return value


def _exponent(s: str) -> float:
    """The power written after e or ^, its signs read one by one: "-3" is -3, "--23" is 23."""
    digits = s.lstrip("+-−－")
    negative = sum(ch in "-−－" for ch in s[: len(s) - len(digits)]) % 2
    return -float(digits) if negative else float(digits)


def _neighbour_digits(norm: str, pack: Pack, start: int, end: int) -> tuple[float, float] | None:
    """Two neighbouring digits said together are a rough range: 两三个 (2-3), 三四百 (300-400), 七八成."""
    s = norm[start:end].replace(" ", "")
    numerals = pack.numbers.numerals
    digits = numerals.digits
    if len(s) < 2 or s[0].isascii() or s[1].isascii() or s[0] not in digits or s[1] not in digits:
        return None
    low, high = digits[s[0]], digits[s[1]]
    if low == 0 or high != low + 1:
        return None
    rest = s[2:]
    if not rest:  # 一二线城市: two digits with nothing they count are not a range
        return (float(low), float(high)) if counted_after(norm, pack, end) else None
    a, b = parse_numeral(s[0] + rest, numerals), parse_numeral(s[1] + rest, numerals)
    if a is None or b is None or any(ch in digits for ch in rest):
        return None
    return a, b


def _digit_fractions(norm: str, pack: Pack, start: int, end: int) -> list[Atom]:
    """Fractions in digits (3/4, 2 1/4, ３／５)."""
    out: list[Atom] = []
    if norm.find("/", start, end) < 0 and norm.find("／", start, end) < 0:
        return out  # most lines: two string searches say so faster than a pattern
    for m in _around_marks(norm, SLASH, pack.numbers.digit_fraction_re, start, end, between_digits=True):
        # "$2/1K tokens" is a price per thousand, not 2/1 thousand, and "15/75 USD" two prices (money is
        # written in decimals): their digits are read one by one.
        if not pack.numbers.scale_re.match(norm, m.end()) and not _money_at(norm, pack, m.end()):
            value = _digit_fraction(m.groupdict())
            if value is not None:
                stop = _of_a_unit(norm, pack, m.end(), end) if value < 1 else m.end()
                out.append(Atom(m.start(), stop, value, norm[m.start():stop], False))
    return out


def _money_at(norm: str, pack: Pack, pos: int) -> bool:
    """Whether a currency is named at pos."""
    return _unit_kind(norm, pack, pos, len(norm)) == "currency"


def _digit_fraction(groups: dict) -> float | None:
    """3/4 = 0.75, 2 1/4 = 2.25. A leading zero or a year after the slash makes it a date (01/1995)."""
    numerator, denominator = int(groups["fn"]), int(groups["fd"])
    if denominator == 0 or groups["fn"][:1] == "0" or groups["fd"][:1] == "0" or year_like(groups["fd"], denominator):
        return None
    if groups.get("fw") is None:
        return numerator / denominator
    return int(groups["fw"]) + numerator / denominator


def _spoken_decimals(norm: str, pack: Pack, start: int, end: int) -> list[Atom]:
    """Decimals said in words between digits ("1 point 1", "point 77"): longer than the digits they hold,
    they take their place."""
    nums = pack.numbers
    if nums.spoken_decimal_re is None:
        return []
    low = lowered(norm)
    for word in nums.point_words:  # most lines have none: string searches say so faster than the pattern
        if low is None or low.find(word, start, end) >= 0:
            break
    else:
        return []
    return [Atom(m.start(), m.end(), float(f"{m.group('w') or 0}.{m.group('f')}"), m.group(), False)
            for m in nums.spoken_decimal_re.finditer(norm, start, end)]
