"""A compiled language pack: the typed sections of its file, each compiled into the lookups and patterns one
step of the engine reads. Each part is built from the sections it names, in no hidden order."""

from __future__ import annotations

from dataclasses import dataclass

from .context import ContextWords, compile_context
from .counts import CountedNouns, compile_counts
from .numbers import Numbers, compile_numbers
from .phrases import (
    Exclusions,
    Qualifiers,
    Ranges,
    Rates,
    compile_exclusions,
    compile_qualifiers,
    compile_ranges,
    compile_rates,
)
from .schema import LanguageSection, MetricRules, PackData
from .units import Money, Units, compile_money, compile_units


@dataclass(frozen=True, eq=False)
class Pack:
    """Everything the engine knows of one language. Compared and hashed by identity: caches keyed by a
    pack follow the registry that built it."""

    code: str
    spaced: bool  # written with spaces between words
    sections: PackData  # the data, typed, as the files give it
    language: LanguageSection
    units: Units
    counted: CountedNouns
    money: Money
    numbers: Numbers
    rates: Rates
    qualifiers: Qualifiers
    ranges: Ranges
    exclusions: Exclusions
    context: ContextWords
    metric_rules: MetricRules


def compile_pack(data: PackData) -> Pack:
    spaced = data.language.word_spacing
    units = compile_units(data, spaced)
    return Pack(
        code=data.language.code, spaced=spaced, sections=data, language=data.language,
        units=units, counted=compile_counts(data, spaced), money=compile_money(data, spaced),
        numbers=compile_numbers(data, units, spaced),
        rates=compile_rates(data, spaced), qualifiers=compile_qualifiers(data, spaced),
        ranges=compile_ranges(data, spaced), exclusions=compile_exclusions(data, spaced),
        context=compile_context(data, spaced), metric_rules=data.metric_rules,
    )
