"""Resolving the value of one numeric atom: digits with the language's marks, or Chinese numerals."""

from __future__ import annotations

import re

from ..packs.schema import Numerals

SPLIT_DECIMAL = re.compile(r"(\d+), (\d{1,2})")
ASCII_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")

# Full-width digits, Latin letters (１５Ｋ, ＧＰＵ) and the full-width point read as ASCII; one character each,
# so offsets hold.
FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": "."}
                          | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
                          | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
FULLWIDTH_ANY = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a．]")  # most texts need no translation


def normalize_digits(text: str) -> str:
    """Length-preserving normalization of full-width digits (and a full-width comma between them: １，２３４;
    after an ASCII digit it is the clause comma of a list, $20，300美圆)."""
    out = text.translate(FULLWIDTH) if FULLWIDTH_ANY.search(text) else text
    if "，" in out and out is not text:
        chars = list(out)
        for i, ch in enumerate(chars):
            if ch == "，" and 0 < i < len(chars) - 3 and "０" <= text[i - 1] <= "９" and out[i + 1: i + 4].isdigit():
                chars[i] = ","
        out = "".join(chars)
    return out


def parse_digits(s: str, decimal_mark: str, group_marks: list[str]) -> float:
    """Value of a digit string such as `45,000`, `45 000`, `4,96`, `1.234,5` or a scraped `87, 5`.

    With both marks present the last one is the decimal mark. A single mark followed by exactly three
    digits is read the way the language reads it (`1,234` is 1234 in English, 1.234 in French); any other
    digit count after a mark can only be a decimal.
    """
    split = SPLIT_DECIMAL.fullmatch(s)
    if split:
        return float(f"{split[1]}.{split[2]}")
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in s:
        head, _, dec = s.partition(",")
        s = head.replace(" ", "") + ("." + dec if dec else "")
        return float(s)
    marks = [c for c in s if c in ".,"]
    if not marks:
        return float(s)
    if "." in marks and "," in marks:
        dec = s[max(s.rfind("."), s.rfind(","))]
        grp = "," if dec == "." else "."
        return float(s.replace(grp, "").replace(dec, "."))
    mark = marks[0]
    if len(marks) > 1:
        return float(s.replace(mark, ""))
    tail = s.split(mark)[1]
    if len(tail) == 3 and (mark in group_marks and mark != decimal_mark or tail == "000"):
        return float(s.replace(mark, ""))  # nobody writes the zeros of a decimal part: 4,000 is four thousand
    return float(s.replace(mark, "."))


def parse_numeral(s: str, numerals: Numerals) -> float | None:
    """Value of a Chinese numeral such as 三十五億, 一百萬, 兩千, 二〇二五, 廿一, 十五點七, 两千三百五 (2350),
    5亿1万4千6百, 三分之一 or 一又二分之一; None if it is not a number. Spaces inside are ignored."""
    s = "".join(s.split())
    if not s:
        return None
    if ASCII_DECIMAL.fullmatch(s):  # 五百分之2.2: a part written in digits
        return float(s)
    for read in (_fraction, _with_point, _with_half):
        value = read(s, numerals)
        if value is not NOT_HERE:
            return value
    if all(_digit(ch, numerals) is not None for ch in s):
        return float("".join(str(int(_digit(ch, numerals))) for ch in s))  # digit by digit: 二〇二五
    return _sections(s, numerals)


NOT_HERE = object()  # what a reader of one form of numeral gives for a numeral of another form


def _fraction(s: str, numerals: Numerals):
    """三分之一: denominator, mark, numerator; 一又二分之一 a whole number before them."""
    for mark in (*numerals.fraction, *numerals.closed_fraction):
        if mark in s:
            den_part, num_part = s.split(mark, 1)
            whole = 0.0
            for joiner in numerals.mixed:
                if joiner in den_part:
                    whole_part, den_part = den_part.split(joiner, 1)
                    whole = parse_numeral(whole_part, numerals) or 0.0
            sign = 1.0
            for neg in numerals.negative:  # 负三分之负一: a sign on either side
                if num_part.startswith(neg):
                    sign, num_part = -sign, num_part[len(neg):]
                if den_part.startswith(neg):
                    sign, den_part = -sign, den_part[len(neg):]
            den, num = parse_numeral(den_part, numerals), parse_numeral(num_part, numerals)
            return whole + sign * num / den if den and num is not None else None
    return NOT_HERE


def _with_point(s: str, numerals: Numerals):
    """十五點七: the digits after the point are read one by one."""
    for mark in numerals.point:
        if mark in s:
            head, tail = s.split(mark, 1)
            whole = parse_numeral(head, numerals)
            decimals = "".join(str(int(_digit(ch, numerals))) for ch in tail if _digit(ch, numerals) is not None)
            if whole is None or len(decimals) != len(tail):
                return None
            return whole + (float("0." + decimals) if decimals else 0.0)
    return NOT_HERE


def _with_half(s: str, numerals: Numerals):
    """半, 一半 (0.5), 半百 (50)."""
    for half in numerals.half:
        if half in s:
            rest = s.replace(half, "", 1)
            ones = ("1", *[c for c, v in numerals.digits.items() if v == 1])
            if not rest or (s.endswith(half) and rest in ones):
                return 0.5
            units = {**numerals.small_units, **numerals.large_units}
            if s.startswith(half) and rest[0] in units:
                whole = parse_numeral("1" + rest, numerals)
                return None if whole is None else whole / 2
            return None
    return NOT_HERE


def _sections(s: str, numerals: Numerals) -> float | None:
    """A numeral of sections closed by large units: 一億五千萬, 两千三百五 (2350), 5亿1万4千6百; one that opens
    with its unit counts one of it, as 千五 is 1500: 萬二 is 12000 (a large unit alone is no figure: 亿元)."""
    small, tens, large = numerals.small_units, numerals.tens, numerals.large_units
    if len(s) == 2 and s[0] in large and _digit(s[1], numerals):
        return float(large[s[0]]) * (1 + _digit(s[1], numerals) / 10)
    total = section = 0.0
    num: float | None = None
    biggest = 0.0
    last_unit = 0.0  # the unit just before a trailing digit: 两千三百五 is 2350, 九万四 is 94000
    after_zero = False
    for ch in s:
        d = _digit(ch, numerals)
        if d is not None:
            if d == 0 and not ch.isascii() and num is None:
                after_zero, last_unit = True, 0.0  # 一千零十二: 零 only holds a place
                continue
            num = d if num is None else num * 10 + d
        elif ch in tens:
            section += float(tens[ch])
            num, last_unit = None, 0.0
        elif ch in small:
            section += (1.0 if num is None else num) * small[ch]
            num, last_unit, after_zero = None, float(small[ch]), False
        elif ch in large:
            unit = float(large[ch])
            # 百二萬 is 1,200,000, but in 5亿1万 the 1 after 亿 is just 1 (a unit follows it).
            section += _trailing(num, last_unit if last_unit < unit else 0.0, after_zero)
            num = None
            total = _closed(total, section, biggest, unit)
            if total is None:
                return None
            biggest = max(biggest, unit)
            section, last_unit, after_zero = 0.0, unit, False
        else:
            return None
    return total + section + _trailing(num, last_unit, after_zero)


def _closed(total: float, section: float, biggest: float, unit: float) -> float | None:
    """The total once a large unit closes a section; None where the unit has no number before it."""
    if section == 0 and total == 0:
        return None
    if section == 0 and unit == biggest:  # 四万万
        return total * unit
    if unit > biggest:  # 一萬億: a larger unit scales everything before it
        return (total + section) * unit
    return total + section * unit  # 一億五千萬: a smaller one scales only its own section


def misordered_unit(s: str, numerals: Numerals) -> int | None:
    """The index in `s` of a unit of ten with no digit of its own after a smaller one of its section
    (千 of 五十千): a numeral ends before it. None where every unit stands in order."""
    small, large = numerals.small_units, numerals.large_units
    last, digit = 0.0, False
    for k, ch in enumerate(s):
        if ch in small:
            if not digit and 0 < last < small[ch]:
                return k
            last, digit = float(small[ch]), False
        elif ch in large:
            last, digit = 0.0, False
        elif _digit(ch, numerals) is not None:
            digit = True
    return None


def _digit(ch: str, numerals: Numerals) -> float | None:
    if ch.isdigit() and ch.isascii():
        return float(ch)
    value = numerals.digits.get(ch)
    return None if value is None else float(value)


def _trailing(num: float | None, last_unit: float, after_zero: bool) -> float:
    """A lone digit right after a unit stands for the next unit down (三百五 = 350), unless 零 came between."""
    if num is None:
        return 0.0
    if last_unit >= 10 and not after_zero and num < 10:
        return num * last_unit / 10
    return num


def year_like(text: str, value: float) -> bool:
    """A bare four-digit integer between 1900 and 2100 reads as a year, not a quantity."""
    return len(text) == 4 and text.isdigit() and 1900 <= value <= 2100
