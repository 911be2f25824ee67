"""When a figure holds: period expressions of a sentence, and the one that belongs to a mention."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..packs import YEAR_RE, Pack

# Every period pattern holds a year ({Y}). A period expression is looked for only around the years of a
# text, at most this many characters before the year ("second half of fiscal year 2026", "quatrième
# trimestre de l'exercice 2026") and after it (2026财政年度第三季): a line without a year costs one scan.
YEAR = regex.compile(YEAR_RE)
REACH_BEFORE = 64
REACH_AFTER = 32


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    value: str  # 2025, 2025-Q1, 2024-H2, 2025-10, 2026/2035, FY2026-Q3
    role: str  # point | target | span | block
    years: tuple[int, ...]


def find_periods(text: str, pack: Pack, start: int, end: int) -> list[Period]:
    """Period expressions in text[start:end]; earlier patterns of the pack win where two overlap."""
    taken: list[Period] = []
    windows = _around_years(text, start, end)
    for pattern, role in pack.context.period_patterns:
        for m in (m for s, e in windows for m in pattern.finditer(text, s, e)):
            if any(m.start() < p.end and p.start < m.end() for p in taken):
                continue
            value, years = _value(m, pack)
            if value:
                taken.append(Period(m.start(), m.end(), value, role, years))
    return sorted(taken, key=lambda p: p.start)


def _around_years(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The merged stretches of text[start:end] around its years where a period expression can stand."""
    out: list[tuple[int, int]] = []
    for m in YEAR.finditer(text, start, end):
        s, e = max(start, m.start() - REACH_BEFORE), min(end, m.end() + REACH_AFTER)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _value(m, pack: Pack) -> tuple[str, tuple[int, ...]]:
    g = m.groupdict()
    year = int(g["y"])
    if g.get("y2"):
        y2 = int(g["y2"])
        return (f"{year}/{y2}", (year, y2)) if y2 > year else ("", ())
    fy = "FY" if g.get("fy") else ""
    if g.get("q"):
        q = pack.context.ordinals.find(g["q"]) or (int(g["q"]) if g["q"].isdigit() else None)
        return (f"{fy}{year}-Q{q}", (year,)) if q else ("", ())
    if g.get("h"):
        h = pack.context.halves.find(g["h"]) or (int(g["h"]) if g["h"].isdigit() else None)
        return (f"{fy}{year}-H{h}", (year,)) if h else ("", ())
    if g.get("month"):
        month = pack.context.months.find(g["month"].rstrip(".")) or pack.context.months.find(g["month"])
        if month is None and g["month"].isdigit():
            month = int(g["month"])
        return (f"{year}-{month:02d}", (year,)) if month else ("", ())
    return f"{fy}{year}", (year,)


def nearest(periods: list[Period], span: tuple[int, int], window: tuple[int, int]) -> Period | None:
    """The point, target or span period closest to span inside window."""
    inside = [p for p in periods if p.role != "block" and window[0] <= p.start and p.end <= window[1]]
    if not inside:
        return None
    return min(inside, key=lambda p: (max(p.start - span[1], span[0] - p.end, 0), p.start))


def leading(periods: list[Period], text: str, sentence: tuple[int, int]) -> Period | None:
    """A period that opens the sentence ("In January 2026, ...", "Octobre 2025 : ...", "2025年，...")."""
    s = sentence[0]
    while s < sentence[1] and not text[s].isalnum():
        s += 1
    for p in periods:
        if p.role != "block" and s <= p.start and p.start - s <= 4 and p.end <= sentence[1]:
            return p
    return None


def compound_period(periods: list[Period], window: tuple[int, int]) -> str:
    """The span of a compound growth rate: explicit (2026-2035), or from a base year to a horizon."""
    inside = [p for p in periods if window[0] <= p.start and p.end <= window[1] and p.role != "block"]
    spans = [p for p in inside if p.role == "span"]
    if spans:
        return spans[0].value
    years = sorted({y for p in inside for y in p.years})
    if len(years) >= 2:
        return f"{years[0] + 1}/{years[-1]}"
    return ""
