"""Values as an analyst reads them: `≈4.96–5.05 bn USD`, `29–31 %`, `2.48–4 USD/GPU-hour`, `604 MW`.

Used by `extract claims` and the report; the tables keep the values in base units.
"""

from __future__ import annotations

import math
import unicodedata

QUALIFIER_SIGNS = {"exact": "", "approx": "≈", "gt": ">", "ge": "≥", "lt": "<", "le": "≤"}
# Scale words for amounts of money and counts, as financial writing abbreviates them.
SCALE_WORDS = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))
# SI prefixes for physical units.
SI_PREFIXES = ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
SI_UNITS = {"W", "Wh", "bit/s", "bit", "B", "g", "m", "L", "s", "Hz", "J", "cal"}
PLAIN_UNITS = {"%", "pp", "x", "°C", "point", "hour", "month", "year", "day", "week", "minute"}


def number(x: float) -> str:
    """Up to six significant digits, no trailing zeros, no exponent for everyday magnitudes."""
    if x == 0:
        return "0"
    if 1e-4 <= abs(x) < 1e15:
        digits = max(0, 6 - 1 - math.floor(math.log10(abs(x))))
        text = f"{x:.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{x:.6g}"


def scale_for(unit: str, high: float) -> tuple[float, str, str]:
    """(divisor, word before the unit, unit as written) for values of this size in this unit."""
    size = abs(high)
    if unit == "kg":  # the SI base unit of mass; a thousand of it is a tonne
        return (1000.0, "", "t") if size >= 1000 else (1.0, "", "kg")
    if unit in SI_UNITS:
        for factor, prefix in SI_PREFIXES:
            if size >= factor:
                return factor, "", prefix + unit
        return 1.0, "", unit
    if unit in PLAIN_UNITS:
        return 1.0, "", unit
    for factor, word in SCALE_WORDS:
        if size >= factor * (1000 if word == "k" else 1):  # 45 000 stays 45000; 2.5 m, 4.96 bn
            return factor, word, unit
    return 1.0, "", unit


def value_text(low: float, high: float, unit: str = "", per: str | None = "", item: str | None = "",
               qualifier: str | None = "exact") -> str:
    """A claim's value as text: qualifier sign, the value or range (one scale for both ends), unit, rate."""
    if low is None or high is None:
        return ""
    unit = unit or ""
    divisor, word, shown = scale_for(unit, max(abs(low), abs(high)))
    values = number(low / divisor) if low == high else f"{number(low / divisor)}–{number(high / divisor)}"
    if unit == "count":
        shown = item or "count"
    rate = f"/{per}" if per else ""
    gap = "" if shown in ("%", "x") and not word else " "
    words = " ".join(filter(None, [word, shown]))
    return f"{QUALIFIER_SIGNS.get(qualifier or 'exact', '')}{values}{gap}{words}{rate}".strip()


def width(text: str) -> int:
    """Columns a terminal gives the text: two for a wide (CJK) character, none for a combining mark."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def fit(text: str, columns: int) -> str:
    """The text cut to `columns` terminal columns (an ellipsis where it was cut)."""
    if len(text) <= columns // 2 or width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space
