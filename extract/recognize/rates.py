"""The steps that read a figure's rate: its denominator after or before it ("per GPU-hour", 每小時), one whose
noun the text left unsaid ("per million"), and a word of frequency that makes a count a count over time."""

from __future__ import annotations

import regex

from ..packs import NEVER
from .draft import Draft, Scan
from .reasons import RATE_OF_ITSELF
from .units import denominator, denominator_scale


def rate(d: Draft, s: Scan) -> str | None:
    """The denominator of a rate, after ("per GPU-hour", "/heure") or before ("每小時") the figure. A count of
    a thing per that same thing is no rate of it."""
    rates = s.pack.rates
    d.core = d.start
    m = (rates.price_per_re if d.kind == "currency" else rates.per_re).match(s.norm, d.pos, d.hi_end)
    if m and d.kind != "currency" and _of_a_thing_by_a_time_marker(m, s):
        m = None  # "vers 10 heures l'action gagnait": no duration per share
    if m and d.kind != "number":
        d.pos = m.end()
    else:
        m = _said_before(rates.per_prefix_re, d, s)
        if m and d.kind == "percent" and s.norm[m.end("pn"):m.end()].strip():
            m = None  # 每年增长5%: a yearly rise, not a percentage per year
        if m:
            d.start = min(d.start, m.start())
    if m:
        d.per, d.per_scale = denominator(m, s.pack)
    else:
        _open_rate(d, s)
    if d.kind == "count" and d.item is not None and d.item == d.per:
        return RATE_OF_ITSELF
    return None


def _of_a_thing_by_a_time_marker(m: regex.Match, s: Scan) -> bool:
    """Whether a denominator after a figure other than a price is a thing, said with a marker that makes rates
    of a time only (the pack's time_markers: "5 % l'an" is per year)."""
    rates = s.pack.rates
    marker = s.norm[m.start():m.start("pn")].strip().casefold()
    return bool(rates.time_markers) and marker in rates.time_markers \
        and rates.thing_re.fullmatch(m.group("pn")) is not None


def _said_before(pattern: regex.Pattern, d: Draft, s: Scan) -> regex.Match | None:
    """A denominator said before the figure: right before it, or before its qualifier (每年超过 100 万亿)."""
    if pattern is NEVER:  # a language that says no denominator before its figures
        return None
    m = pattern.search(s.norm, d.win, d.start)
    if m is None:
        q = s.pack.qualifiers.before_re.search(s.norm, d.win, d.start)
        m = pattern.search(s.norm, d.win, q.start()) if q else None
    return m


def _open_rate(d: Draft, s: Scan) -> None:
    """A price per a scaled denominator whose noun the text said before ("Input tokens: $3 per million",
    每百萬個收費 3 美元): its size is kept, open, for the extractor to fold once it finds the noun. Said
    before a bare number, it is the rate of the price the number shares a unit with (每百萬個 15/75 美元)."""
    rates = s.pack.rates
    m = rates.open_re.match(s.norm, d.pos, d.hi_end) if d.kind == "currency" else None
    if m:
        d.pos = m.end()
    else:
        m = _said_before(rates.open_prefix_re, d, s)
        if m:
            d.start = min(d.start, m.start())
    if m:
        d.open_per = denominator_scale(m, s.pack)


def flow(d: Draft, s: Scan) -> None:
    """A count with no denominator of its own is a count over time where a word of frequency governs it: an
    adjective among the words of its noun ("50,000 daily users"), an adverb right after it ("processes 2
    million requests daily", "200 requêtes quotidiennes"), or a word before it in its noun phrase, across
    the pack's gap ("daily request limits (e.g., 50–1000 requests)", 每天处理 50 个请求, 日均订单量3000万). Not
    a word somewhere before it: "The Daily Telegraph said 300 jobs would go" counts jobs, not jobs a day."""
    rates = s.pack.rates
    if d.per is not None or d.open_per is not None or d.kind not in ("count", "physical") or not rates.frequency:
        return
    m = rates.frequency_re.search(s.norm, d.a.end, d.pos) or rates.frequency_after_re.match(s.norm, d.pos, d.hi_end)
    if m is None:
        m = _said_before(rates.frequency_before_re, d, s)
    if m:
        d.per = rates.frequency.find(m.group("f"))
