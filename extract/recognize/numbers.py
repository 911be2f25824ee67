"""Resolving the value of one numeric atom: digits with the language's marks, or Chinese numerals."""

from __future__ import annotations

import re
from typing import Any

SPLIT_DECIMAL = re.compile(r"(\d+), (\d{1,2})")

# Full-width digits and the full-width point read as ASCII; one character each, so offsets hold.
FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": "."})


def normalize_digits(text: str) -> str:
    """Length-preserving normalization of full-width digits (and a full-width comma between them)."""
    out = text.translate(FULLWIDTH)
    if "，" in out:
        chars = list(out)
        for i, ch in enumerate(chars):
            if ch == "，" and 0 < i < len(chars) - 3 and chars[i - 1].isdigit() and out[i + 1: i + 4].isdigit():
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
    if len(tail) == 3 and mark in group_marks and mark != decimal_mark:
        return float(s.replace(mark, ""))
    return float(s.replace(mark, "."))


def parse_numeral(s: str, numerals: dict[str, Any]) -> float | None:
    """Value of a Chinese numeral such as 三十五億, 一百萬, 兩千, 二〇二五 or 廿一; None if not a number."""
    digits = numerals.get("digits", {})
    small = numerals.get("small_units", {})
    tens = numerals.get("tens", {})
    large = numerals.get("large_units", {})
    if all(ch in digits for ch in s):
        if len(s) == 1:
            return float(digits[s])
        return float("".join(str(digits[ch]) for ch in s))  # digit by digit: 二〇二五
    total = section = 0.0
    num: float | None = None
    biggest = 0.0
    for ch in s:
        if ch in digits:
            num = float(digits[ch]) if num is None else num * 10 + digits[ch]
        elif ch in tens:
            section += float(tens[ch])
            num = None
        elif ch in small:
            section += (1.0 if num is None else num) * small[ch]
            num = None
        elif ch in large:
            unit = float(large[ch])
            section += num or 0.0
            num = None
            if section == 0 and total == 0:
                return None
            if unit > biggest:  # 一萬億: a larger unit scales everything before it
                total, biggest = (total + section) * unit, unit
            else:  # 一億五千萬: a smaller one scales only its own section
                total += section * unit
            section = 0.0
        else:
            return None
    return total + section + (num or 0.0)


def year_like(text: str, value: float) -> bool:
    """A bare four-digit integer between 1900 and 2100 reads as a year, not a quantity."""
    return len(text) == 4 and text.isdigit() and 1900 <= value <= 2100
