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

Words = tuple[str, ...]
# The vocabularies of CLAIMS.md §2: what a phrase of a pack may say a figure's qualifier or metric is.
Qualifier = Literal["exact", "approx", "gt", "ge", "lt", "le"]
Metric = Literal["market_share", "market_size", "growth_rate", "price", "discount", "revenue", "funding",
                 "valuation", "investment", "count", "capacity", "performance", "other"]


class PackError(ValueError):
    """A pack file that does not follow the schema; the message names the file and the key."""


def _empty() -> dict:
    return {}


# ------------------------------------------------------------------ values inside sections
@dataclass(frozen=True)
class ScriptVariants:
    """Two ways of writing one language, told apart by the characters only one of them uses: `table` is a
    file of pairs (`first` form, `second` form); text with more of the first column's is `first`."""

    table: str
    first: str
    second: str


@dataclass(frozen=True)
class DigitMarks:
    decimal: str = "."
    group: Words = (",",)
    space_groups: bool = False  # plain spaces group digits ("45 000")
    split_decimal: bool = False  # a scraped "87, 5" before a scale word or a unit is 87.5


@dataclass(frozen=True)
class Numerals:
    """Numerals of a script of their own (Chinese): digits, units of a section and between sections."""

    digits: dict[str, int] = field(default_factory=_empty)
    small_units: dict[str, int] = field(default_factory=_empty)
    tens: dict[str, int] = field(default_factory=_empty)
    large_units: dict[str, float] = field(default_factory=_empty)
    point: Words = ()
    not_decimal: Words = ()
    final_unit: Words = ()
    opening_words: Words = ()
    fraction: Words = ()
    mixed: Words = ()
    negative: Words = ()
    half: Words = ()
    formal: Words = ()
    in_words: Words = ()


@dataclass(frozen=True)
class NumberWords:
    units: dict[str, float] = field(default_factory=_empty)
    tens: dict[str, float] = field(default_factory=_empty)
    hundreds: dict[str, float] = field(default_factory=_empty)
    hundreds_multiply_at_most: dict[str, float] = field(default_factory=_empty)
    articles: Words = ()
    joiners: Words = ()
    mixed_joiners: Words = ()
    pronoun_after: Words = ()
    point: Words = ()
    denominators: dict[str, float] = field(default_factory=_empty)
    alone: Words = ()
    compound_denominators: dict[str, float] = field(default_factory=_empty)
    fraction_joiners: Words = ()
    fraction_of: Words = ()


@dataclass(frozen=True)
class CurrencyForms:
    before: Words = ()
    after: Words = ()


@dataclass(frozen=True)
class Subunit:
    factor: float
    forms: Words
    code: str = ""  # the currency, where the key is not its code (a second subunit: HKD-cent)
    alone: bool = False  # money after a figure of its own too, not only in the tail of an amount
    # Written against the figure only (164p, pence), and not before one of `not_before` (1080p video).
    glued: bool = False
    not_before: Words = ()


@dataclass(frozen=True)
class AloneSubunits:
    word_goes_on: str = ""  # a pattern: a subunit with this after it is the start of a word (5分钟)
    not_after: Words = ()  # a score or a time said before the figure (得了95分)
    gap: str = ""


@dataclass(frozen=True)
class Percent:
    after: Words = ()
    before: Words = ()
    before_not_after: Words = ()
    scaled_after: dict[str, float] = field(default_factory=_empty)
    scaled_before: dict[str, float] = field(default_factory=_empty)
    # Units of scaled_after that count tenths: two whole digits before one are hundredths (75折 is 75 %).
    tenths: Words = ()
    tenth_tail: Words = ()
    below_whole: Words = ()
    fixed: dict[str, float] = field(default_factory=_empty)


@dataclass(frozen=True)
class Marks:
    after: Words = ()


@dataclass(frozen=True)
class Points:
    """Points after a figure (CLAIMS.md §2): percentage points (pp), points of an index or a score (`point`:
    "the Dow rose 256.81 points"), and basis points, hundredths of a percentage point (25 bp is 0.25 pp)."""

    after: Words = ()
    index: Words = ()
    basis: Words = ()


@dataclass(frozen=True)
class PhysicalUnit:
    base: str
    prefixes: Words = ()  # none: the pack's default_prefixes
    prefixed_only: bool = False
    power: int = 1


@dataclass(frozen=True)
class Measure:
    unit: str
    forms: Words
    factor: float = 1.0


@dataclass(frozen=True)
class Counts:
    items: dict[str, Words] = field(default_factory=_empty)
    modifier_gap: int = 0
    classifiers: Words = ()
    # Counted things the pack does not list, read by their form: the word after a figure that ends as the
    # language's plurals do (5.8 million shares, 206 passagers), unless it is one of `not_counted` (a word of
    # the language that ends so and names no thing: "is", "dans", a verb). `singular`: the item of such a
    # word, by whole word first (people: person), else by its longest ending (ies: y, s: "").
    plural_endings: Words = ()
    not_counted: Words = ()
    singular: dict[str, str] = field(default_factory=_empty)
    # Whether a capitalised word after a figure may be the counted thing: French capitalises only names
    # (2 209 Français); English titles capitalise every word (The 4 Stocks).
    capitalised: bool = False
    # Two bare figures joined by one of these are a tally of votes or seats (438 contre 86): both counts.
    # Measure words that name money too (块, a yuan) count things where a noun follows them (4176亿块集成电路),
    # unless that noun is one of these (五块钱 is money).
    money_nouns: Words = ()
    # ... and for amounts from this size up, where money is written in the formal unit (元), they count things
    # (4176亿块: chips, not yuan). 0: no such size.
    money_below: float = 0.0
    # Words right before a bare figure (a verb of the qualifier gap between) that say it counts something:
    # 日均订单量3000万, 用户数超过1亿.
    before: Words = ()
    tally_joiners: Words = ()
    # A bare figure in brackets after one of these, right after a count, is the whole that count is part
    # of, counted alike: "10 députés (sur 288)".
    out_of: Words = ()


@dataclass(frozen=True)
class AlternativeUnit:
    forms: Words
    unit: str
    cues: Words


@dataclass(frozen=True)
class Per:
    denominator_markers: Words = ()
    markers: Words = ()
    prefix: Words = ()
    nouns: dict[str, Words] = field(default_factory=_empty)
    # Denominators that carry a scale, folded into the figure as a scale word is (CLAIMS.md §2): a price per
    # kWh is per Wh, 1e3 of them.
    scaled_nouns: dict[str, Measure] = field(default_factory=_empty)
    # A scaled denominator whose noun the text leaves unsaid ("$3 per million", 每百萬個收費 3 美元): words that
    # may follow it in place of the noun ("per million input"), and what may stand between a denominator said
    # before the figure and the figure (收費, a verb: a pattern).
    unsaid_noun_modifiers: Words = ()
    gap: str = ""
    # Words said before a count that make it a count over time (daily, 每年, 日均: per day, per year), within
    # `frequency_reach` characters of it in its sentence: "daily request limits (e.g., 50–1000 requests)".
    frequency: dict[str, Words] = field(default_factory=_empty)
    frequency_reach: int = 0
    # Markers of a denominator for prices only: "50 $ le baril" (a length "le baril" is no rate).
    price_markers: Words = ()
    # Words after a denominator's noun that make it a time, not a rate: "5 % l'an dernier" is last year's.
    not_before: Words = ()
    # Endings of a word before a denominator marker that make the marker an agent's, not a rate's: after a
    # participle, "par" is "by" (adopté par 438 voix, saisi par 75 députés).
    agent_endings: Words = ()


@dataclass(frozen=True)
class Qualifiers:
    before: dict[Qualifier, Words] = field(default_factory=_empty)
    after: dict[Qualifier, Words] = field(default_factory=_empty)
    gap: str = ""  # a pattern: what may stand between a qualifier and its figure


@dataclass(frozen=True)
class Between:
    joins: Words = ()
    closers: Words = ()


@dataclass(frozen=True)
class Opener:
    open: str
    join: str
    not_after: Words = ()


@dataclass(frozen=True)
class Range:
    connectors: Words = ()
    bound_joiners: Words = ()
    between: Between = Between()
    openers: tuple[Opener, ...] = ()
    # A figure right after a verb of change (and one of `movement_joins`: "by") is the change, and the figure
    # a connector joins to it the level reached: "rose 3p to 164p", "fell 2% to 5.1%" are no ranges.
    movement_verbs: Words = ()
    movement_joins: Words = ()


@dataclass(frozen=True)
class ListMarkers:
    before: Words = ()
    after: Words = ()


@dataclass(frozen=True)
class Sentence:
    abbreviations: Words = ()


@dataclass(frozen=True)
class PeriodPattern:
    re: str
    role: Literal["point", "target", "span", "block"]


@dataclass(frozen=True)
class Periods:
    months: dict[str, int] = field(default_factory=_empty)
    halves: dict[str, int] = field(default_factory=_empty)
    ordinals: dict[str, int] = field(default_factory=_empty)
    partial: Words = ()  # a half or a quarter said without its year (patterns, {O} an ordinal word)
    relative_years: dict[str, int] = field(default_factory=_empty)  # "last year" -> -1 (from the document's date)
    open_ended: Words = ()  # a time relative to an unknown now ("over the next three years"): no period
    comparison: Words = ()  # a period after these is what a figure is compared with ("from Q1 2024")
    comparison_after: Words = ()  # ... or before these (与2024年上半年基本持平)
    patterns: tuple[PeriodPattern, ...] = ()


@dataclass(frozen=True)
class Names:
    """What the context step counts as a proper name found by its form (context/names.py)."""

    not_names: Words = ()  # capitalised words that name nobody (sentence openers, generic acronyms)
    joiners: Words = ()  # small words inside a name: Bank *of* America
    roles: Words = ()  # a name right after one of these is a person's (CEO, PDG, 行长)
    attribution: Words = ()  # a name right after one of these is a source (according to)
    org_endings: Words = ()  # an organisation's name in a script without spaces ends with one (集团, 银行)
    han_generic: Words = ()  # words that make a name a kind of organisation (初创公司)
    han_stops: Words = ()  # characters that cannot stand inside such a name (的, 在)


@dataclass(frozen=True)
class Entity:
    kind: Literal["company", "group", "region", "market"]
    aliases: Words = ()


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
    unit_connectors: Words = ()
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


@dataclass(frozen=True)
class ContextSection:
    sentence: Sentence = Sentence()
    coordination: Words = ()
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
