"""Numbers of a pack, compiled: the pattern of a number atom (digits with the language's marks, numerals of
a script of their own), scale words and abbreviations, fractions and decimals said in words."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import GAP, NEVER, SP, Lookup, _glued_codes, lexicon
from .schema import Numerals, PackData
from .units import Units

# An abbreviation must not run on into a word of its script ("5 mins"); a Chinese character after it
# starts the next word (12k个百分点).
FREE = "(?![\\p{Latin}\\p{Greek}\\p{Cyrillic}\\p{N}])"


@dataclass(frozen=True, eq=False)
class Numbers:
    decimal_mark: str
    group_marks: tuple[str, ...]
    numerals: Numerals | None
    scales: Lookup  # word -> factor
    scale_abbrev: Lookup  # abbreviation -> factor
    scale_re: regex.Pattern
    atom_re: regex.Pattern
    digit_fraction_re: regex.Pattern
    spoken_decimal_re: regex.Pattern | None
    point_words: tuple[str, ...]
    fraction_mark_re: regex.Pattern | None
    numeral_fraction_re: regex.Pattern | None
    numeral_prefix_re: regex.Pattern
    formal_numerals: frozenset[str]
    half_after_unit: tuple[str, ...]
    half_numerals: frozenset[str]
    final_unit_numerals: frozenset[str]
    opening_words: tuple[str, ...]
    unit_numeral_lead: int
    numeral_words_re: regex.Pattern | None
    part_join_re: regex.Pattern
    fraction_re: regex.Pattern


def _scales(d: PackData, spaced: bool) -> tuple[Lookup, Lookup, regex.Pattern]:
    scales, abbrev = Lookup(), Lookup()
    for w, f in d.numbers.scales.items():
        scales.add(w, float(f), True)
    for w, f in d.numbers.scale_abbreviations.items():
        abbrev.add(str(w), float(f), False)
    words = lexicon(list(scales.keys()), spaced=spaced, ignore_case=True)
    singles = [w for w in abbrev if len(w) == 1]
    multis = [w for w in abbrev if len(w) > 1]
    # A hyphen may join a scale word that makes the figure an adjective: "a $4.1-trillion economy".
    scale_re = regex.compile(
        f"(?:(?:{SP}{{0,2}}|-(?=\\p{{L}}))(?P<s>{words})"
        f"|{SP}?(?P<a>{lexicon(multis, spaced=False)}){FREE}"
        f"|(?P<a1>{lexicon(singles, spaced=False)}){FREE}"
        # A capital letter (or k) may stand apart: "1,674.5 G", "- 10  k"; "5 m" stays five metres.
        f"|{SP}{{1,2}}(?P<a2>{lexicon([s for s in singles if s.isupper() or s == 'k'], spaced=False)})"
        f"(?![\\p{{L}}\\p{{N}}]))"
    )
    return scales, abbrev, scale_re


def _digits(d: PackData, units: Units, scales: Lookup, abbrev: Lookup, spaced: bool) -> str:
    """The alternative of a number in digits, with its exponent."""
    marks = d.numbers.numbers
    groups = ["\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?", "\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?"]
    # Thousands grouped by spaces: plain spaces where the language does it, no-break spaces anywhere.
    spaces = "[ \\u00a0\\u202f]" if marks.space_groups else "[\\u00a0\\u202f]"
    decimal = regex.escape(marks.decimal)
    groups.append(f"\\d{{1,3}}(?:{spaces}\\d{{3}})+(?![\\d])(?:{decimal}\\d+)?")
    if not marks.space_groups:
        # A group that opens with a zero cannot be a number of its own: "40 000", "1 414 021 100" are one.
        groups.append(f"\\d{{1,3}}(?: \\d{{3}})*(?: 0\\d{{2}})(?: \\d{{3}})*(?![\\d])(?:{decimal}\\d+)?")
    if marks.split_decimal:
        after = [*scales.keys(), *units.lookup.keys()]
        follow = lexicon([w for w in after if not w.isascii() or len(w) > 1], spaced=spaced, ignore_case=True)
        # Not after a year: "le 1er janvier 2024, 15 entreprises".
        groups.append(f"(?!(?:19|20)\\d\\d,)\\d+, \\d{{1,2}}(?!\\d)(?={SP}?(?:%|{follow}))")
    groups.append("\\d+(?:[.,]\\d+)?")
    # A leading decimal mark: ".75 cups", ",08".
    groups.append(f"(?<![\\p{{L}}\\p{{N}}.,]){decimal}\\d+(?![.,]\\d)")
    # A digit run glued to a Latin letter is part of a name (H100, MI300X, v5, T1, GPT-4) and never an
    # atom, unless those letters are a currency code written before the figure (USD5).
    # The other end of a range of scaled figures may follow a hyphen: "5k-20k", "2M-3M".
    scaled_end = f"|(?<=[0-9](?:{lexicon(list(abbrev), spaced=False)})[-–])" if len(abbrev) else ""
    if units.measure_symbols:
        scaled_end += f"|(?<=[0-9][ ]?(?:{lexicon(units.measure_symbols, spaced=False)})[-–])"
    glued = f"(?:(?<!\\p{{Latin}}-?){_glued_codes(units.before_unit_forms)}{scaled_end})"
    digits = f"(?P<d>(?=[\\d.,]){glued}(?<!\\d)(?:" + "|".join(groups) + ")(?!\\d))"
    # Scientific notation and powers: 1e10, 12,32e+14, 2^5, 1.1^--23 (two signs: a plus).
    return digits + "(?P<x>(?:[eE]|\\^)[+\\-−－]{0,2}\\d{1,3}(?![\\p{L}\\d]))?"


def _spoken_decimals(d: PackData, spaced: bool) -> tuple[tuple[str, ...], regex.Pattern | None]:
    """A decimal said in words between digits, as a transcript writes it: "1 point 1", "point 77" (after a
    word, "at some point 500 people" is no decimal; "Point 5:" heads a list)."""
    points = [w for w in d.numbers.number_words.point if w.isalpha()]
    pattern = regex.compile(
        f"(?:(?<![\\p{{L}}\\p{{N}}.,])(?P<w>\\d+)[ ]+|(?<![\\p{{L}}\\p{{N}}][ ]*))"
        f"{lexicon(points, spaced=spaced)}[ ]+(?P<f>\\d+)(?![.,]?\\d)") if points else None
    return tuple(w.casefold() for w in points), pattern


# Fractions in digits: 3/4, 2 1/4 (a whole part of at most three digits, so that "2023 3/4" stays a year). A
# date or a version (5/17/2018, 1/2/3) is not one. Looked for only around a slash, as Chinese fractions
# around their mark.
DIGIT_FRACTION = ("(?P<fr>(?<![\\d/／:])(?<!\\d[.,])(?:(?P<fw>\\d{1,3})[ ]+(?=\\d+[/／]\\d))?(?P<fn>\\d+)[/／]"
                  "(?P<fd>\\d+)(?![\\d/／:]|[.,]\\d))")


def _numeral_patterns(num: Numerals, digits: str) -> tuple[str, regex.Pattern | None, regex.Pattern | None]:
    """(atom pattern, fraction mark, fraction pattern) of a pack with numerals of its own: Chinese numerals,
    digits mixed in (5亿1万), spaces between them, a decimal mark (十五點七), and fractions (三分之一,
    一又二分之一): one alternative each, tried before plain digits."""
    cjk = regex.escape("".join([*num.digits, *num.small_units, *num.tens, *num.large_units, *num.half]))
    point = "|".join(regex.escape(p) for p in num.point) or "(?!)"
    # A fraction mark may be typed with spaces between its characters (三分  之一).
    frac = "|".join(GAP.join(regex.escape(c) for c in f) for f in num.fraction) or "(?!)"
    closed = "|".join(regex.escape(f) for f in num.closed_fraction) or "(?!)"
    then = "".join(f"{regex.escape(w)}|" for w in num.closed_fraction_then)
    mixed = "|".join(regex.escape(f) for f in num.mixed) or "(?!)"
    neg = "|".join(regex.escape(f) for f in num.negative) or "(?!)"
    # A run that starts with digits is written in mixed style and may go on with digits (3万4000, 1千零1); a
    # run of Chinese numerals never takes digits after it (in 每百万3美元, 3 is the price).
    chinese = f"[{cjk}](?:[{cjk}]|[ ]+(?=[{cjk}]))*"
    mixed_style = f"[0-9]+[ ]*[{cjk}](?:[{cjk}0-9]|[ ]+(?=[{cjk}0-9]))*"
    seq = f"(?:{mixed_style}|{chinese})"
    decimals = regex.escape("".join(c for c in [*num.digits, *num.small_units, *num.tens, *num.large_units]
                                    if c not in num.not_decimal))
    value = f"{seq}(?:[ ]*(?:{point})[ ]*[{decimals}0-9]+)?"
    part = f"(?:{value}|[0-9]+(?:\\.[0-9]+)?)"
    # The denominator opens with a digit or a ten (十分之一, 十四分之一); either side may be negative.
    lead = regex.escape("".join([*num.digits, *num.small_units]))
    fraction = f"(?:{part}[ ]*(?:{mixed})[ ]*)?(?:{neg})?[{lead}0-9][{cjk}0-9 ]*?(?:{frac})[ ]*(?:{neg})?{part}"
    fraction += f"|[{lead}0-9][{cjk}0-9]*?(?:{closed}){part}(?={then}[^\\p{{Han}}0-9]|$)"
    # The leading class lets the engine skip at once the positions where no numeral can begin. Fractions
    # are looked for only around their marks: as one more alternative of the main pattern their mark would
    # be searched for ahead of every digit, which is quadratic on long lines.
    atom = f"(?=[{cjk}0-9])(?P<c>(?=[{cjk}0-9 ]*[{cjk}]|{seq}[ ]*(?:{point})){value})|{digits}"
    marks = f"{frac}|{closed}" if num.closed_fraction else frac
    return atom, regex.compile(marks) if num.fraction else None, regex.compile(f"(?P<f>{fraction})")


def _numeral_details(num: Numerals | None, units: Units, spaced: bool) -> dict:
    """What the recognizer checks around a numeral: characters that are also units, halves, words."""
    if num is None:
        return {"formal_numerals": frozenset(), "half_after_unit": (), "half_numerals": frozenset(),
                "final_unit_numerals": frozenset(), "opening_words": (), "unit_numeral_lead": 0,
                "numeral_words_re": None, "numeral_prefix_re": NEVER}
    units_chars = {*num.small_units, *num.large_units}
    holding = [f for f in units.before_unit_forms if any(ch in units_chars for ch in f)]
    # How many numeral characters a unit may open with (千 of 千克, 兆 of 兆瓦): only that many last
    # characters of a numeral need checking for the start of a unit.
    numeral_chars = set(units_chars) | set(num.digits) | set(num.tens)
    return {
        "formal_numerals": frozenset(num.formal),
        "half_after_unit": tuple(num.half),
        "half_numerals": frozenset(num.half),
        "final_unit_numerals": frozenset(num.final_unit),
        "opening_words": tuple(num.opening_words),
        "unit_numeral_lead": max((len(w) - len(w.lstrip("".join(numeral_chars))) for w in units.lookup),
                                 default=0) if numeral_chars else 0,
        "numeral_words_re": regex.compile(lexicon(list(num.in_words), spaced=False)) if num.in_words else None,
        "numeral_prefix_re": regex.compile(lexicon(holding, spaced=False, gaps=not spaced)),
    }


def compile_numbers(d: PackData, units: Units, spaced: bool) -> Numbers:
    scales, abbrev, scale_re = _scales(d, spaced)
    digits = _digits(d, units, scales, abbrev, spaced)
    num = d.numbers.numerals
    atom, fraction_mark_re, numeral_fraction_re = _numeral_patterns(num, digits) if num else (digits, None, None)
    point_words, spoken = _spoken_decimals(d, spaced)
    nw = d.numbers.number_words
    over = [j for j in nw.fraction_joiners if j.isalpha() or " " in j]
    # What joins the parts of a number said with digits and scale words: "4 thousand 3 hundred and 21".
    mixed = lexicon(list(nw.mixed_joiners), spaced=spaced, ignore_case=True)
    marks = d.numbers.numbers
    return Numbers(
        decimal_mark=marks.decimal, group_marks=tuple(marks.group), numerals=num,
        scales=scales, scale_abbrev=abbrev, scale_re=scale_re, atom_re=regex.compile(atom),
        digit_fraction_re=regex.compile(DIGIT_FRACTION), spoken_decimal_re=spoken, point_words=point_words,
        fraction_mark_re=fraction_mark_re, numeral_fraction_re=numeral_fraction_re,
        **_numeral_details(num, units, spaced),
        part_join_re=regex.compile(f"{SP}*(?:{mixed}){SP}*|{SP}+" if nw.mixed_joiners else f"{SP}+"),
        fraction_re=regex.compile(f"{SP}+{lexicon(over, spaced=spaced, ignore_case=True)}{SP}+") if over else NEVER,
    )

