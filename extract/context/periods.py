"""When a figure holds: period expressions of a sentence, and the one that belongs to a mention."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..packs import YEAR_RE, LowercasePattern, Pack, ending, lexicon

# Every period pattern holds a year ({Y}). A period expression is looked for only around the years of a
# text, at most this many characters before the year ("second half of fiscal year 2026", "quatrième
# trimestre de l'exercice 2026") and after it (2026财政年度第三季): a line without a year costs one scan.
YEAR = regex.compile(YEAR_RE)
REACH_BEFORE = 64
REACH_AFTER = 32
COMPARED_AFTER_GAP = 4  # characters between a period and a comparison word after it
# "December 31, 2024", "31 décembre 2024", "2024年12月31日": the day that closes a year.
YEAR_END = regex.compile(r"(?<!\d)31(?!\d)")


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    value: str  # 2025, 2025-Q1, 2024-H2, 2025-10, 2026/2035, FY2026-Q3
    role: str  # point | target | span | block | base (what a figure is compared with: "from H1 2024")
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
                role_here = "base" if role == "point" and _compared(text, pack, m.start(), m.end()) else role
                taken.append(Period(m.start(), m.end(), value, role_here, years))
    return sorted(taken, key=lambda p: p.start)


def usable(p: Period) -> bool:
    """A period that may be a figure's own: not one it is counted until, nor one it is compared with."""
    return p.role not in ("block", "base")


def _compared(text: str, pack: Pack, start: int, end: int | None = None) -> bool:
    """Whether a period is what a figure is compared with: "up 3% from H1 2024", "par rapport au S1 2024",
    较2024年同期 (a word before it), 与2024年上半年基本持平 (a word after it)."""
    rules = _partial(pack)
    if rules.comparison is not None and rules.comparison.search(text, max(0, start - 40), start) is not None:
        return True
    return end is not None and rules.compared_after is not None and rules.compared_after.match(text, end) is not None


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
        if month == 12 and YEAR_END.search(m.string, max(0, m.start() - 4), m.end()):
            return f"{fy}{year}", (year,)  # as of 31 December: the year, as accounts state it
        return (f"{year}-{month:02d}", (year,)) if month else ("", ())
    return f"{fy}{year}", (year,)


def nearest(periods: list[Period], span: tuple[int, int], window: tuple[int, int],
            figures: list[tuple[int, int]] = ()) -> Period | None:
    """The point, target or span period closest to span inside window; not one said after another figure
    that stands after this one ("employs 1,200 people and plans to invest $2.4 billion in 2026")."""
    inside = [p for p in periods if usable(p) and window[0] <= p.start and p.end <= window[1]
              and not any(span[1] <= f[0] and f[1] <= p.start for f in figures)]
    if not inside:
        return None
    return min(inside, key=lambda p: (max(p.start - span[1], span[0] - p.end, 0), p.start))


def leading(periods: list[Period], text: str, sentence: tuple[int, int]) -> Period | None:
    """A period that opens the sentence ("In January 2026, ...", "Octobre 2025 : ...", "2025年，...")."""
    s = sentence[0]
    while s < sentence[1] and not text[s].isalnum():
        s += 1
    for p in periods:
        if usable(p) and s <= p.start and p.start - s <= 4 and p.end <= sentence[1]:
            return p
    return None


# What stands before a period that opens a clause: a clause mark, then perhaps a short preposition ("in",
# "en", "au"), ending where the period begins.
CLAUSE_OPENING = ending(r"[,，;；:：、][ \t\u00a0\u3000]*(?:\p{Ll}{1,3}[ \t\u00a0]+)?$")


def clause_opening(periods: list[Period], text: str, sentence: tuple[int, int], span: tuple[int, int]) -> Period | None:
    """The last period before the figure, where it opens a clause of the sentence: it dates what the clause
    goes on to say ("魏少军指出，…， 2018年中国进口集成电路4176亿块，价值3121亿美元；出口…846亿美元")."""
    before = [p for p in periods if usable(p) and sentence[0] <= p.start and p.end <= span[0]]
    if not before:
        return None
    p = max(before, key=lambda p: p.start)
    m = CLAUSE_OPENING.search(text, sentence[0], p.start)
    return p if m else None


def only(periods: list[Period], span: tuple[int, int], figures: list[tuple[int, int]]) -> Period | None:
    """The period of a sentence that names one ("At 31 December 2024, the bank had 41,000 employees"), for
    the figure at span if it stands before every figure of the sentence or no other figure is nearer to it
    ("OpenAI's run rate of USD 3.4 billion by end of 2024, Anthropic's USD 1 billion": not the second)."""
    values = {p.value for p in periods if usable(p)}
    if len(values) != 1 or any(p.role == "block" for p in periods):
        return None
    found = next(p for p in periods if usable(p))
    if all(found.end <= f[0] for f in figures):
        return found

    def distance(f: tuple[int, int]) -> int:
        return max(found.start - f[1], f[0] - found.end, 0)

    return found if distance(span) <= min(map(distance, figures)) else None


def compound_period(periods: list[Period], window: tuple[int, int]) -> str:
    """The span of a compound growth rate: explicit (2026-2035), or from a base year to a horizon."""
    inside = [p for p in periods if window[0] <= p.start and p.end <= window[1] and usable(p)]
    spans = [p for p in inside if p.role == "span"]
    if spans:
        return spans[0].value
    years = sorted({y for p in inside for y in p.years})
    if len(years) >= 2:
        return f"{years[0] + 1}/{years[-1]}"
    return ""


@dataclass(frozen=True)
class _Partial:
    patterns: list[regex.Pattern]
    comparison: regex.Pattern | None
    compared_after: regex.Pattern | None
    relative: LowercasePattern | None
    offsets: dict[str, int]
    open_ended: LowercasePattern | None


@functools.cache
def _partial(pack: Pack) -> _Partial:
    """The pack's words for periods said without a year, relative to now, or compared with, compiled."""
    per = pack.sections.context.periods
    ords = lexicon(list(pack.context.ordinals.keys()), spaced=pack.spaced, ignore_case=True)
    months = lexicon(list(pack.context.months.keys()), spaced=pack.spaced, ignore_case=True)
    patterns = []
    for src in per.partial:
        src = src.replace("{O}", ords).replace("{M}", months)
        if pack.spaced:
            src = f"(?<![\\p{{L}}\\p{{N}}]){src}(?![\\p{{L}}\\p{{N}}])"
        patterns.append(regex.compile(src, regex.IGNORECASE if pack.spaced else 0))
    offsets = {str(k).casefold(): int(v) for k, v in per.relative_years.items()}
    relative = LowercasePattern.of_words(list(offsets), spaced=pack.spaced) if offsets else None
    ended = list(per.open_ended)
    words = list(per.comparison)
    # the word, and perhaps a short word after it (an article: "compared with the Q1 2024", "à l'an dernier")
    comparison = ending(rf"(?:{lexicon(words, spaced=pack.spaced, ignore_case=True, backward=True)})"
                        rf"[\s\u00a0]*(?:\p{{L}}{{1,3}}['’]?[\s\u00a0]*)?$") if words else None
    after = list(per.comparison_after)
    # a word a few characters after the period: 与2024年上半年基本持平, 与去年同期相比
    compared_after = regex.compile(rf"[^\n]{{0,{COMPARED_AFTER_GAP}}}?"
                                   rf"(?:{lexicon(after, spaced=pack.spaced, ignore_case=True)})") if after else None
    return _Partial(patterns, comparison, compared_after, relative, offsets,
                    LowercasePattern.of_words(ended, spaced=pack.spaced) if ended else None)


def partial_period(text: str, pack: Pack, sentence: tuple[int, int], year: int | None,
                   near: tuple[int, int] | None = None, latest: str = "") -> str:
    """A half, a quarter, a month or the whole year a sentence names without its year ("in the second
    quarter", "au premier semestre", 上半年, "in September", 9月份, "full-year", 全年), in `year`: the year the
    places around the sentence give. Of several, the one nearest `near` (the figure), earlier patterns first
    at equal distance. `latest` (YYYY-MM, the month a report is dated): a month named after it is the year
    before's."""
    if year is None:
        return ""
    found = []
    for k, pattern in enumerate(_partial(pack).patterns):
        for m in pattern.finditer(text, *sentence):
            value = _partial_value(m.groupdict(), pack, year, latest)
            if value:
                distance = 0 if near is None else max(m.start() - near[1], near[0] - m.end(), 0)
                found.append((distance, k, value))
    return min(found)[2] if found else ""


def _partial_value(g: dict, pack: Pack, year: int, latest: str) -> str:
    if g.get("q"):
        q = pack.context.ordinals.find(g["q"]) or (int(g["q"]) if g["q"].isdigit() else None)
        if q:
            return f"{year}-Q{q}"
    if g.get("h"):
        h = pack.context.halves.find(g["h"]) or (int(g["h"]) if g["h"].isdigit() else None)
        if h:
            return f"{year}-H{h}"
    if g.get("whole"):
        return str(year)
    if g.get("month"):
        month = pack.context.months.find(g["month"].lower()) or (int(g["month"]) if g["month"].isdigit() else None)
        if month and 1 <= month <= 12:
            said = f"{year}-{month:02d}"
            return f"{year - 1}-{month:02d}" if len(latest) == 7 and said > latest else said
    return ""


def relative_period(text: str, pack: Pack, sentence: tuple[int, int], year: int | None) -> str | None:
    """A time a sentence gives relative to when it was written: "this year", "last year" (the year, if the
    document says when it was written: `year`), or "over the next three years" (no period). None when
    the sentence says no such thing."""
    rules = _partial(pack)
    if rules.relative is not None:
        for m in rules.relative.finditer(text, *sentence):
            if _compared(text, pack, m.start(), m.end()):
                continue  # 较去年同期, "compared with last year": what the figure is compared with
            offset = rules.offsets.get(m.group().casefold())
            return str(year + offset) if year is not None and offset is not None else ""
    if rules.open_ended is not None and next(iter(rules.open_ended.finditer(text, *sentence)), None):
        return ""
    return None
