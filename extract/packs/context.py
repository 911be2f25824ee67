"""The context words of a pack, compiled: metric keywords, compound growth and forecast cues, period
patterns, abbreviations that do not end a sentence, what joins a list of names, and names of entities."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import NEVER, YEAR_RE, Lookup, LowercasePattern, lexicon
from .schema import PackData


@dataclass(frozen=True, eq=False)
class ContextWords:
    metric_words: Lookup  # keyword -> metric ('' for a decoy: a word that looks like one and is not)
    metric_re: LowercasePattern
    compound_re: LowercasePattern
    forecast_re: LowercasePattern
    months: Lookup
    ordinals: Lookup
    halves: Lookup
    period_patterns: tuple[tuple[regex.Pattern, str], ...]  # (pattern, role), earlier ones win
    abbreviations: tuple[str, ...]
    coordination: tuple[str, ...]
    example_re: regex.Pattern  # an opening bracket and a word that opens examples: "(e.g., ", "（例如"
    anaphor_re: regex.Pattern  # where a sentence opens: a word for the actor named before ("The lender")
    entities: dict[str, tuple[str, ...]]  # more names of entities.yaml's entries


def _numbered(words: dict[str, int]) -> Lookup:
    out = Lookup()
    for w, n in words.items():
        out.add(str(w), int(n), True)
    return out


def _period_patterns(d: PackData, months: Lookup, ordinals: Lookup, spaced: bool) -> tuple:
    """The pack's period patterns, where {Y}, {Y2}, {M}, {O} stand for a year, a second year, a month name
    and an ordinal word of the pack."""
    month_alt = lexicon(list(months.keys()), spaced=spaced, ignore_case=True)
    ord_alt = lexicon(list(ordinals.keys()), spaced=spaced, ignore_case=True)
    out = []
    for p in d.context.periods.patterns:
        src = (p.re.replace("{Y2}", f"(?P<y2>{YEAR_RE})").replace("{Y}", f"(?P<y>{YEAR_RE})")
               .replace("{M}", f"(?P<month>{month_alt})").replace("{O}", ord_alt))
        src = f"(?<![\\p{{N}}]){src}(?![\\p{{N}}])"
        if spaced:
            src = f"(?<![\\p{{L}}]){src}"
        out.append((regex.compile(src, regex.IGNORECASE if spaced else 0), p.role))
    return tuple(out)


def compile_context(d: PackData, spaced: bool) -> ContextWords:
    c = d.context
    metric_words = Lookup()
    for metric, words in c.metrics.items():
        for w in words:
            metric_words.add(w, metric, True)
    for w in c.metric_decoys:
        metric_words.add(w, "", True)
    months, ordinals = _numbered(c.periods.months), _numbered(c.periods.ordinals)
    return ContextWords(
        metric_words=metric_words,
        metric_re=LowercasePattern.of_words(list(metric_words.keys()), spaced=spaced),
        compound_re=LowercasePattern.of_words(list(c.compound_growth), spaced=spaced),
        forecast_re=LowercasePattern.of_words(list(c.forecast_period), spaced=spaced),
        months=months, ordinals=ordinals, halves=_numbered(c.periods.halves),
        period_patterns=_period_patterns(d, months, ordinals, spaced),
        abbreviations=tuple(c.sentence.abbreviations),
        coordination=tuple(c.coordination),
        example_re=regex.compile(f"[(（][ \\t]*(?:{lexicon(list(c.examples), spaced=spaced, ignore_case=True)})")
        if c.examples else NEVER,
        anaphor_re=regex.compile(f"[\\s*_>#-]*(?:{lexicon(list(c.anaphors), spaced=spaced, ignore_case=True)})")
        if c.anaphors else NEVER,
        entities=dict(c.entities),
    )
