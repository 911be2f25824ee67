"""What a pack file may hold: one frozen dataclass per section, and the loader that builds them.

A pack file (`base.yaml`, `<code>.yaml`) is a flat mapping of keys; each key belongs to one section (its
field names are the keys it owns), so that the files keep their layout while the code reads typed fields.
The loader knows every key a file may hold and the type of every value: a misspelled key or a value of
the wrong type is an error that names the file and the key, never a rule silently switched off.
To add a key: add a field to its section (with a default, so that packs without it still load).
"""

from __future__ import annotations

import dataclasses
import difflib
import types
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .fields import (  # noqa: F401 (the records of the sections, read by their type hints)
    AloneSubunits,
    AlternativeUnit,
    Between,
    Counts,
    CuedUnit,
    CurrencyForms,
    DigitMarks,
    Entity,
    ListMarkers,
    LocalCurrency,
    Marks,
    Measure,
    Metric,
    Names,
    NumberWords,
    Numerals,
    Opener,
    Per,
    Percent,
    PeriodPattern,
    Periods,
    PhysicalUnit,
    Points,
    Qualifier,
    Qualifiers,
    Range,
    ScriptVariants,
    Sentence,
    Subunit,
    Words,
    _empty,
)


class PackError(ValueError):
    """A pack file that does not follow the schema; the message names the file and the key."""


# ------------------------------------------------------------------ sections (their fields are file keys)
@dataclass(frozen=True)
class LanguageSection:
    """The registry: the pack's code, the codes it also reads, what documents call it, how it is written."""

    code: str = ""
    word_spacing: bool = True
    script: str = ""
    aliases: Words = ()  # other codes read with this pack (zh-Hans, zh-Hant)
    hints: dict[str, str] = field(default_factory=_empty)  # front matter / HTML lang (lowercase) -> code
    detected: dict[str, str] = field(default_factory=_empty)  # langdetect's code -> code
    variants: ScriptVariants | None = None
    function_words: Words = ()


@dataclass(frozen=True)
class NumberSection:
    numbers: DigitMarks = DigitMarks()
    numerals: Numerals | None = None
    scales: dict[str, float] = field(default_factory=_empty)
    scale_abbreviations: dict[str, float] = field(default_factory=_empty)
    number_words: NumberWords = NumberWords()


@dataclass(frozen=True)
class UnitSection:
    percent: Percent = Percent()
    points: Points = Points()
    multiples: Marks = Marks()
    durations: dict[str, Words] = field(default_factory=_empty)
    physical: dict[str, PhysicalUnit] = field(default_factory=_empty)
    si_prefixes: dict[str, float] = field(default_factory=_empty)
    default_prefixes: Words = ()
    physical_words: dict[str, Words] = field(default_factory=_empty)
    measures: dict[str, Measure] = field(default_factory=_empty)
    counts: Counts = Counts()
    alternative_units: tuple[AlternativeUnit, ...] = ()
    cued_units: tuple[CuedUnit, ...] = ()
    unit_connectors: Words = ()
    # Words of size said after a measure ("1.8m tall", "3m wide"): a symbol that is also a scale abbreviation
    # (m: million, metre) is the measure before one that closes the phrase.
    size_words: Words = ()
    # The unit the tables write where the recognizer reads another (CLAIMS.md §2: mass in kg, 25 tonnes are
    # 25000 kg; `parse` keeps grams and tonnes, as the peers' suites read them): unit -> the table's, factor.
    table_units: dict[str, Measure] = field(default_factory=_empty)


@dataclass(frozen=True)
class MoneySection:
    currencies: dict[str, CurrencyForms] = field(default_factory=_empty)
    iso_codes: Words = ()
    signs: dict[str, Words] = field(default_factory=_empty)
    codes_after_only: Words = ()
    subunits: dict[str, Subunit] = field(default_factory=_empty)
    tail_subunits: dict[str, Subunit] = field(default_factory=_empty)
    alone_subunits: AloneSubunits = AloneSubunits()
    money_joiners: Words = ()
    local_currency: LocalCurrency = LocalCurrency()
    # Currency words that are money only after a figure: alone they are another word ("the team won").
    figure_only: Words = ()


@dataclass(frozen=True)
class RateSection:
    per: Per = Per()


@dataclass(frozen=True)
class QualifierSection:
    qualifiers: Qualifiers = Qualifiers()
    negative: Words = ()


@dataclass(frozen=True)
class RangeSection:
    range: Range = Range()


@dataclass(frozen=True)
class ExclusionSection:
    list_markers: ListMarkers = ListMarkers()
    ordinal_before: Words = ()
    # Tenors and look-back windows, no figures (10-year yield, 52-week high): nouns after a duration (a word
    # may stand between: "10-year Treasury yield"), phrases that end where the figure begins ("rendement à"),
    # words right after the number (30年期).
    tenor_nouns: Words = ()
    tenor_before: Words = ()
    tenor_after: Words = ()
    # An age after the number qualifies whom a figure counts (65周岁及以上人口, "a 58-year-old"), no figure.
    age_after: Words = ()
    # A duration after these words (before its number: "the first five months", 过去12个月) or with one of
    # them between its number and its unit ("les cinq premiers mois") is the period a figure holds for.
    period_before: Words = ()
    period_inside: Words = ()


@dataclass(frozen=True)
class ContextSection:
    sentence: Sentence = Sentence()
    coordination: Words = ()
    # Words that open examples in brackets ("(e.g., DeepSeek, Gemini)"): the names there are not what a
    # figure after the brackets is about.
    examples: Words = ()
    # Words that open a sentence about the actor named before ("The lender said…", 该行表示): where the sentence
    # names none, its figures are that actor's, across paragraphs.
    anaphors: Words = ()
    metrics: dict[Metric, Words] = field(default_factory=_empty)
    metric_decoys: Words = ()  # words that look like a metric's and are not ("up to" is no rise)
    compound_growth: Words = ()
    forecast_period: Words = ()
    periods: Periods = Periods()
    entities: dict[str, Words] = field(default_factory=_empty)  # more names of entities.yaml's entries
    names: Names = Names()


@dataclass(frozen=True)
class MetricRules:
    """How a figure's metric is chosen (language-neutral, in base.yaml)."""

    dated_metrics: tuple[Metric, ...] = ()  # hold for the document's month when nothing else says when
    span_metrics: tuple[Metric, ...] = ()
    time_denominators: Words = ()  # a count per one of these is a flow (tokens a year), per else a capacity
    default_metric: dict[str, str] = field(default_factory=_empty)
    metric_units: dict[Metric, Words] = field(default_factory=_empty)
    market_subject_metrics: dict[Metric, Metric] = field(default_factory=_empty)
    region_subject_metrics: dict[Metric, Metric] = field(default_factory=_empty)


@dataclass(frozen=True)
class PackData:
    """Every section of a pack: base.yaml merged with the language's file."""

    language: LanguageSection
    numbers: NumberSection
    units: UnitSection
    money: MoneySection
    rates: RateSection
    qualifiers: QualifierSection
    ranges: RangeSection
    exclusions: ExclusionSection
    context: ContextSection
    metric_rules: MetricRules


@dataclass(frozen=True)
class BaseOnly:
    """Keys that only base.yaml may hold."""

    rules_version: str = "0"
    default_language: str = ""  # the language of text nothing tells (too short, no letters)


@dataclass(frozen=True)
class EntitiesFile:
    entities: dict[str, Entity] = field(default_factory=_empty)


@dataclass(frozen=True)
class CountriesFile:
    """countries.yaml (tools/build_countries.py): English name -> its names by pack code, and `aliases`,
    more English ones."""

    countries: dict[str, dict[str, Words]] = field(default_factory=_empty)


def _owners() -> dict[str, str]:
    """File key -> the section that owns it."""
    hints = get_type_hints(PackData)
    owners: dict[str, str] = {}
    for section, cls in hints.items():
        for f in dataclasses.fields(cls):
            owners[f.name] = section
    return owners


OWNERS = _owners()


def pack_data(raw: dict, where: str) -> PackData:
    """The sections of a pack file (or of base.yaml merged with one), checked against the schema."""
    if not isinstance(raw, dict):
        raise PackError(f"{where}: expected a mapping of keys, got {_kind(raw)}")
    parts: dict[str, dict] = {name: {} for name in OWNERS.values()}
    for key, value in raw.items():
        owner = OWNERS.get(key) if isinstance(key, str) else None
        if owner is None:
            raise PackError(f"{where}: unknown key {key!r}{_suggest(key, OWNERS)}")
        parts[owner][key] = value
    hints = get_type_hints(PackData)
    return PackData(**{name: build(hints[name], parts[name], where) for name in hints})


def base_only(raw: dict, where: str) -> tuple[BaseOnly, dict]:
    """(keys only base.yaml holds, the rest, a pack's keys)."""
    own = {f.name for f in dataclasses.fields(BaseOnly)}
    return build(BaseOnly, {k: v for k, v in raw.items() if k in own}, where), \
        {k: v for k, v in raw.items() if k not in own}


def build(cls: type, raw: Any, where: str, path: str = "") -> Any:
    """An instance of the dataclass `cls` from a mapping; unknown keys and wrong types raise PackError."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise PackError(f"{where}: {path or 'file'}: expected a mapping, got {_kind(raw)}")
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for key, value in raw.items():
        name = f"{path}.{key}" if path else str(key)
        if key not in fields:
            raise PackError(f"{where}: unknown key {name!r}{_suggest(key, fields)}")
        if value is None and _has_default(fields[key]):
            continue  # an empty entry ("prefix:") is the default
        values[key] = _convert(hints[key], value, where, name)
    missing = [n for n, f in fields.items() if n not in values and not _has_default(f)]
    if missing:
        raise PackError(f"{where}: {path or 'file'}: missing key {missing[0]!r}")
    return cls(**values)


def _has_default(f: dataclasses.Field) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


def _convert(tp: Any, value: Any, where: str, path: str) -> Any:
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return _convert(next(a for a in args if a is not type(None)), value, where, path)
    if origin is Literal:
        if value not in args:
            raise PackError(f"{where}: {path}: {value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if dataclasses.is_dataclass(tp):
        return build(tp, value, where, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise PackError(f"{where}: {path}: expected a list, got {_kind(value)}")
        return tuple(_convert(args[0], v, where, f"{path}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise PackError(f"{where}: {path}: expected a mapping, got {_kind(value)}")
        for k in value:
            if not isinstance(k, str):
                raise PackError(f"{where}: {path}: key {k!r} must be text (quote it in the file)")
            if get_origin(args[0]) is Literal and k not in get_args(args[0]):
                raise PackError(f"{where}: unknown key '{path}.{k}'{_suggest(k, get_args(args[0]))}")
        return {k: _convert(args[1], v, where, f"{path}.{k}") for k, v in value.items()}
    return _scalar(tp, value, where, path)


def _scalar(tp: type, value: Any, where: str, path: str) -> Any:
    """A str, bool, int or float; a number keeps what the file wrote (an int stays an int), except that
    YAML 1.1 reads `1.0e3` (no sign in the exponent) as text: such a number is read as a float."""
    if tp is float and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    ok = {str: lambda v: isinstance(v, str), bool: lambda v: isinstance(v, bool),
          int: lambda v: isinstance(v, int) and not isinstance(v, bool),
          float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)}[tp]
    if not ok(value):
        raise PackError(f"{where}: {path}: expected {_NAMES[tp]}, got {_kind(value)} {value!r}")
    return value


_NAMES = {str: "text", bool: "true or false", int: "a whole number", float: "a number"}


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}.get(
        type(value), type(value).__name__)


def _suggest(key: Any, known) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(known))})"
