"""The values a pack's sections hold (schema.py): the small records inside them, one per kind of entry.

Kept apart from the sections and the loader so that each file stays readable; the loader reads their type
hints as it reads the sections'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Words = tuple[str, ...]
# The vocabularies of CLAIMS.md §2: what a phrase of a pack may say a figure's qualifier or metric is.
Qualifier = Literal["exact", "approx", "gt", "ge", "lt", "le"]
Metric = Literal["market_share", "market_size", "growth_rate", "price", "discount", "revenue", "funding",
                 "valuation", "investment", "count", "capacity", "performance", "other"]


def _empty() -> dict:
    return {}


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
    # Marks of a fraction said without 之 (Cantonese 三份一, 四份三): one only where its numerator closes the
    # phrase or these follow it, since the mark also counts portions (三份一百元 are three of them at 100).
    closed_fraction: Words = ()
    closed_fraction_then: Words = ()
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
    # Money only in a sentence that says one of `cues` (a price, a share that rose) and none of `not_cues`
    # (720p video, a camera that records 60p), as cued_units are read.
    cues: Words = ()
    not_cues: Words = ()


@dataclass(frozen=True)
class AloneSubunits:
    word_goes_on: str = ""  # a pattern: a subunit with this after it is the start of a word (5分钟)
    not_after: Words = ()  # a score or a time said before the figure (得了95分)
    gap: str = ""


@dataclass(frozen=True)
class LocalCurrency:
    """A currency word several countries share (元: the yuan, the New Taiwan dollar, the Hong Kong dollar): it
    names `default` unless the document writes its amounts in another of them, named by the words of
    `named_by` (新台幣, NT$), more often than in the default."""

    default: str = ""
    named_by: dict[str, Words] = field(default_factory=_empty)


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
class CuedUnit:
    """An abbreviation that names a unit only as the text writes it so: in its case (lowercase "pc", not a
    "PC"), glued to the figure where `glued` ("24pc", not "12 pc" pieces), and where `cues` are given, in a
    sentence that says one of them and none of `not_cues` (25 bps where rates are cut; 9600 bps of a modem
    is a bit rate, read as the rest of the pack reads it)."""

    forms: Words
    kind: Literal["percent", "points"]
    unit: str
    factor: float = 1.0
    glued: bool = False
    cues: Words = ()
    not_cues: Words = ()


@dataclass(frozen=True)
class Marks:
    after: Words = ()
    before: Words = ()  # written before the figure: "multiplié par trois"
    fixed: dict[str, float] = field(default_factory=_empty)  # said without a figure: "sevenfold", 翻一番


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
    per: str = ""  # a denominator the abbreviation says too: "bpd" is barrels per day


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
    # Where it is not: whether one still counts in running text, a lowercase word (or nothing) before the
    # figure and no capitalised word after the noun ("2,000 Britons abroad", "150 Airbus A320neo jets"; not
    # "The 4 Stocks to Own", "3 Times Square").
    capitalised_in_sentences: bool = False
    # Whether the singular of such a word is the item (CLAIMS.md §2: an English singular noun): in English it
    # is; a pack of another language counts the thing and leaves the item to the words it lists.
    plural_is_item: bool = False
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
    # Words that end in one of `before` and say no amount counted: 质量 (quality), 重量 (a weight), 能量.
    not_before: Words = ()
    # Words after which a number is the number of a name, not a count ("phase 3 trials", "level 2 chargers").
    numbered: Words = ()
    # Words that open with a measure word and are no measure word (只是 only, 支付 pay, 项目 a project).
    not_classifiers: Words = ()
    tally_joiners: Words = ()
    # A bare figure in brackets after one of these, right after a count, is the whole that count is part
    # of, counted alike: "10 députés (sur 288)".
    out_of: Words = ()
    # Between a bare figure and the whole it is part of, which names what both count: "nine of the 12
    # members", "two of the three largest shareholders", "neuf des 12 membres".
    part_of: Words = ()


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
    # Words of frequency that make a count a count over time (daily, 每年, 日均: per day, per year) where they
    # govern it: among the words of its noun ("50,000 daily users"), right after it ("2 million requests
    # daily", "200 requêtes quotidiennes"), or before it across `frequency_gap`, a pattern of what may part
    # them within one noun phrase ("daily request limits (e.g., 50 requests)", 每天处理 50 个请求, 日均订单量3000万;
    # `{examples}` stands for the pack's words that open examples); not a word anywhere before it ("The Daily
    # Telegraph said 300 jobs", 公司每年发布报告，目前有5000名员工).
    frequency: dict[str, Words] = field(default_factory=_empty)
    frequency_gap: str = ""
    # Markers of a denominator for prices only: "50 $ le baril" (a length "le baril" is no rate).
    price_markers: Words = ()
    # Markers that make a figure other than a price a rate of a time only: "5 % l'an" is per year, "vers 10
    # heures l'action gagnait" no duration per share.
    time_markers: Words = ()
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
    # Words that begin with a qualifier said after a figure and are no qualifier: 上下文 (context) is not 上下.
    not_words: Words = ()
    # How many words may stand between a figure and a qualifier said after its noun, where the clause ends
    # there: "companies with 50 employees or more.", "10 $ de crédits ou plus)". 0: right after the figure.
    after_noun_words: int = 0
    # Qualifiers that bound a discount, said before a price written as a share of itself (the units'
    # below_whole): the price takes the opposite bound. 最高可享9折 is "up to 10 % off": a price of 90 % or more.
    of_discount: Words = ()


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
    # A market named by its form where the gazetteer lists none: an opener, two to six words, a head noun
    # ("the European data-centre power market").
    market_openers: Words = ()
    market_heads: Words = ()


@dataclass(frozen=True)
class Entity:
    kind: Literal["company", "group", "region", "market"]
    aliases: Words = ()
