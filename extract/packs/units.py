"""Units of a pack, compiled: what may follow a figure (currencies, percent, points, multiples, durations,
measures, counted things), what may open one (currency signs, 百分之), and the small change of money."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .lexicon import NEVER, SP, Lookup, ending, lexicon
from .schema import PackData

EVERY_KIND = ("percent", "points", "currency", "subunit", "multiple", "duration", "physical", "count")
BRACKETS = ("([{<", ")]}>")


@dataclass(frozen=True)
class UnitValue:
    """What a unit's surface form stands for."""

    kind: str  # currency | percent | points | multiple | duration | physical | subunit | count
    unit: str  # ISO code, %, pp, x, month, SI base unit...; for a count, the counted item
    factor: float | None = None  # a unit that scales its figure: km, cents, 成, 千分之
    tenths: bool = False  # it counts tenths (成, 折): two whole digits before it are hundredths (75折)
    per: str | None = None  # the denominator the unit says too: "bpd" is barrels per day


@dataclass(frozen=True, eq=False)
class Units:
    """Lookups and patterns of the units after a figure, and of those written before one."""

    spaced: bool
    lookup: Lookup  # surface -> UnitValue
    unit_re: regex.Pattern  # a unit right after a number (possibly in brackets)
    # Where unit_re finds none, the other ways a unit joins a number, tried in order in one alternation: a
    # connector and money or a thing ("millions of users"), a hyphen and a unit (24-month), a modifier and a
    # thing ("10,000 active users"), and last, in group `scaled`, a connector and a measure, which only a
    # figure with a scale word takes ("1,5 million de gallons").
    joined_unit_re: regex.Pattern
    hyphen_unit_re: regex.Pattern
    classifier_re: regex.Pattern
    classifiers: tuple[str, ...]
    not_classifier_re: regex.Pattern  # a word that opens with a measure word and is none (只是, 支付, 项目)
    noun_after_classifier_re: regex.Pattern  # a noun after a measure word that also names money: it counts
    classifier_money_below: float  # from this amount up, a measure word that also names money counts
    measure_symbols: list[str]
    article_unit_re: regex.Pattern | None
    unit_names: list[str]
    alternative_units: tuple[tuple[regex.Pattern, regex.Pattern, str], ...]
    # Abbreviations read as a unit only where the text writes them so (cued_units): surface -> (what it is
    # then, a cue the sentence must say or None, a word it must not say or None); elsewhere `lookup` reads
    # them, as another unit (9600 bps: bit/s) or none.
    cued: dict[str, tuple[UnitValue, regex.Pattern | None, regex.Pattern | None]]
    tenth_tail: tuple[str, ...]
    below_whole: tuple[str, ...]
    # Percentages and multiples said without a figure (打对折 50 %, sevenfold 7 x): surface -> (value, unit,
    # kind), all found in one scan of a line.
    fixed: Lookup
    fixed_re: regex.Pattern | None
    before_units: Lookup  # surface -> UnitValue, for units written before the figure
    before_unit_forms: list[str]
    before_unit_re: regex.Pattern  # ending where the figure begins
    before_unit_at_re: regex.Pattern
    before_percent_blocked_re: regex.Pattern
    size_after_re: regex.Pattern  # a word of size that closes the phrase after a measure: "1.8m tall."

    def match(self, text: str, pos: int, end: int, scaled: bool = False) -> regex.Match | None:
        """The unit at pos, by unit_re, else by joined_unit_re (its measure after a connector if `scaled`)."""
        m = self.unit_re.match(text, pos, end)
        if m is not None:
            return m
        m = self.joined_unit_re.match(text, pos, end)
        if m is not None and not scaled and m.lastgroup == "scaled":
            return None
        return m

    @functools.cached_property
    def unit_name_re(self) -> regex.Pattern:
        """`unit_names` as one pattern; compiled on first use, by `parse` only (the tables need figures)."""
        return regex.compile(lexicon(self.unit_names, spaced=self.spaced, ignore_case=True))


@dataclass(frozen=True, eq=False)
class Money:
    """The smaller parts of an amount: subunits said in its tail, or alone, and what an unsaid tail counts in."""

    unsaid_subunit: dict[str, float]
    zero_numerals: frozenset[str]
    tail_subunits: Lookup  # surface -> UnitValue(kind "subunit"; unit "*": whatever the amount is in)
    tail_subunit_re: regex.Pattern
    alone_subunit_re: regex.Pattern | None
    alone_subunit_blocked_re: regex.Pattern
    money_join_re: regex.Pattern


def is_code_or_symbol(s: str) -> bool:
    """Codes (USD) and signs ($, km/h) match exactly; words and phrases (dollars, miles per hour) ignore case."""
    letters = s.replace(" ", "").replace("'", "").replace("’", "").replace("-", "")
    return not letters.isalpha() or s.isupper()


def currencies(d: PackData) -> dict[str, dict[str, list[str]]]:
    """The currencies of a pack: its words, plus every ISO code and sign, each before or after a figure."""
    m = d.money
    out = {code: {"before": list(f.before), "after": list(f.after)} for code, f in m.currencies.items()}
    extra = {code: [code] for code in m.iso_codes}
    for code, signs in m.signs.items():
        extra.setdefault(code, []).extend(signs)
    for code, forms in extra.items():
        entry = out.setdefault(code, {"before": [], "after": []})
        for side in ("before", "after"):
            entry[side] += [f for f in forms if f not in entry[side]]
    for code in m.codes_after_only:
        if code in out:
            out[code]["before"] = [f for f in out[code]["before"] if f != code]
    return out


class _Table:
    """The unit lookup as it is filled, with its surfaces by kind: words (matched ignoring case) and symbols."""

    def __init__(self) -> None:
        self.lookup = Lookup()
        self.cued: dict[str, tuple[UnitValue, regex.Pattern | None, regex.Pattern | None]] = {}
        self.words: dict[str, list[str]] = {}
        self.symbols: dict[str, list[str]] = {}

    def add(self, surface: str, value: UnitValue, ignore_case: bool = True) -> None:
        self.lookup.add(surface, value, ignore_case)
        (self.words if ignore_case else self.symbols).setdefault(value.kind, []).append(surface)

    def alt(self, kinds: tuple[str, ...], spaced: bool) -> str:
        words = [w for k in kinds for w in self.words.get(k, [])]
        syms = [w for k in kinds for w in self.symbols.get(k, [])]
        parts = [lexicon(syms, spaced=spaced, after_digits=True, gaps=not spaced),
                 lexicon(words, spaced=spaced, ignore_case=True, after_digits=True, gaps=not spaced)]
        return "(?:" + "|".join(parts) + ")"


def _fill(d: PackData) -> _Table:
    """Every unit said after a figure, in the order the first of two equal surfaces wins."""
    t, u = _Table(), d.units
    for code, forms in currencies(d).items():
        for s in forms["after"]:
            t.add(s, UnitValue("currency", code), ignore_case=not is_code_or_symbol(s))
    for s in u.percent.after:
        t.add(s, UnitValue("percent", "%"), ignore_case=not is_code_or_symbol(s))
    for s, f in u.percent.scaled_after.items():
        t.add(s, UnitValue("percent", "%", float(f), s in u.percent.tenths), ignore_case=False)
    _fill_points(t, d)
    for s in u.multiples.after:
        t.add(s, UnitValue("multiple", "x"), ignore_case=s not in ("x", "X"))
    for unit, forms in u.durations.items():
        for s in forms:
            t.add(s, UnitValue("duration", unit))
    _fill_measures(t, d)
    for key, spec in d.money.subunits.items():
        code = spec.code or key  # a second subunit of one currency has a key of its own
        for w in spec.forms:
            value = UnitValue("subunit", code, float(spec.factor))
            if spec.glued and spec.cues:  # in unit_re's glued alternative only, read by its cues
                t.cued[w] = (value, _words(spec.cues, d), _words(spec.not_cues, d))
            elif spec.glued:
                t.lookup.add(w, value, False)  # in the lookup, and in unit_re's glued alternative only
            else:
                t.add(w, value, ignore_case=not is_code_or_symbol(w))
    for item, forms in u.counts.items.items():
        for s in forms:
            t.add(s, UnitValue("count", item))
    _fill_cued(t, d)
    return t


def _words(ws: tuple[str, ...], d: PackData) -> regex.Pattern | None:
    return regex.compile(lexicon(list(ws), spaced=d.language.word_spacing, ignore_case=True)) if ws else None


def _fill_cued(t: _Table, d: PackData) -> None:
    """Abbreviations that are a unit only in their case, glued where so said, and in a sentence of their
    cues: matched exactly, and kept out of the lookup, which keeps their other reading (bps: bit/s)."""
    for spec in d.units.cued_units:
        value = UnitValue(spec.kind, spec.unit, float(spec.factor) if spec.factor != 1.0 else None)
        for w in spec.forms:
            t.cued[w] = (value, _words(spec.cues, d), _words(spec.not_cues, d))
            if not spec.glued:
                t.symbols.setdefault(spec.kind, []).append(w)


def _fill_points(t: _Table, d: PackData) -> None:
    """Percentage points, points of an index, basis points (hundredths of a percentage point)."""
    p = d.units.points
    for forms, value in ((p.after, UnitValue("points", "pp")), (p.basis, UnitValue("points", "pp", 0.01)),
                         (p.index, UnitValue("points", "point"))):
        for s in forms:
            t.add(s, value, ignore_case=not is_code_or_symbol(s))


def _fill_measures(t: _Table, d: PackData) -> None:
    """Physical units: SI symbols with their prefixes, their names, and units written as words."""
    u = d.units
    for sym, spec in u.physical.items():
        if not spec.prefixed_only:
            t.add(sym, UnitValue("physical", spec.base, 1.0), ignore_case=False)
        for p in spec.prefixes or u.default_prefixes:
            t.add(p + sym, UnitValue("physical", spec.base, float(u.si_prefixes[p]) ** int(spec.power)),
                  ignore_case=False)
    for sym, words in u.physical_words.items():
        base = t.lookup.find(sym)
        for w in words:
            t.add(w, UnitValue("physical", base.unit, base.factor))
    for spec in u.measures.values():
        for w in spec.forms:
            t.add(w, UnitValue("physical", spec.unit, float(spec.factor), per=spec.per or None),
                  ignore_case=not is_code_or_symbol(w))


def _after_patterns(t: _Table, d: PackData, spaced: bool) -> dict[str, regex.Pattern]:
    """The patterns of a unit after a figure; `unit_at_re` tries them in order in one alternation."""
    classifier = lexicon(list(d.units.counts.classifiers), spaced=False)
    conn = lexicon(list(d.units.unit_connectors), spaced=spaced, ignore_case=True)
    # A unit may stand in brackets ("20 (kg)", "20 [kg]"); a symbol that a digit runs on from is not one
    # (24703L202, "24703 m212": a code), nor is a capital letter that a hyphen and digits run on from
    # (24703 L-202, as F-16). A script without spaces may pad a unit with any number of them.
    pad = f"{SP}{{0,2}}" if spaced else f"{SP}*"
    closing = "(?!(?<=[\\p{Latin}0-9])[0-9]|(?<=(?<!\\p{L})\\p{Lu})-[0-9])"
    # Each opening bracket wants its own closing one (45{kg) holds no unit).
    opening = "|".join(f"(?P<b{k}>{regex.escape(o)})" for k, o in enumerate(BRACKETS[0]))
    for k, c in reversed(list(enumerate(BRACKETS[1]))):
        closing = f"(?(b{k}){regex.escape(c)}|{closing})"
    unit = f"{pad}(?:{opening})?(?P<u>{t.alt(EVERY_KIND, spaced)}){closing}"
    glued = [spec for spec in d.money.subunits.values() if spec.glued]
    glued_cued = [w for spec in d.units.cued_units if spec.glued for w in spec.forms]
    if glued or glued_cued:  # 164p, 24pc: against the digits, and not before a word that makes it something
        # else (1080p video)
        alts = [f"{lexicon(list(s.forms), spaced=False)}(?![\\p{{L}}\\p{{N}}])"
                f"(?!{SP}*{lexicon(list(s.not_before), spaced=spaced, ignore_case=True)})" for s in glued]
        if glued_cued:
            alts.append(f"{lexicon(glued_cued, spaced=False)}(?![\\p{{L}}\\p{{N}}])")
        unit = f"(?:(?<=\\d)(?P<u>{'|'.join(alts)})|{unit})"
    # A connector only before money and counted things; a measure takes one only after a scale word.
    conns = d.units.unit_connectors
    conn_unit = f"{SP}{{0,2}}{conn}{SP}*(?P<u>{t.alt(('currency', 'subunit', 'count'), spaced)})" if conns else ""
    conn_measure = f"{SP}{{0,2}}{conn}{SP}*(?P<u>{t.alt(('physical',), spaced)})" if conns else ""
    hyphened = ('duration', 'count', 'physical', 'currency', 'subunit', 'multiple', 'points')  # a 25-basis-point cut
    hyphen = f"[-‑](?P<u>{t.alt(hyphened, spaced)})"
    gap_item = f"{SP}+\\p{{L}}[\\p{{L}}-]*{SP}+(?P<u>{t.alt(('count',), spaced)})" if d.units.counts.modifier_gap \
        else ""
    num = d.numbers.numerals
    numeral_chars = regex.escape("".join([*num.digits, *num.small_units, *num.tens, *num.large_units, *num.half])) \
        if num else ""
    numeral_chars = numeral_chars or "\\d"
    q = d.qualifiers.qualifiers
    not_nouns = [*(w for ws in q.after.values() for w in ws), *d.ranges.range.connectors, *d.context.names.han_stops]
    joined = [f"(?:{p})" for p in (conn_unit, hyphen, gap_item) if p]
    if conn_measure:
        joined.append(f"(?P<scaled>{conn_measure})")
    return {
        "unit_re": regex.compile(unit),
        "joined_unit_re": regex.compile("|".join(joined)),
        "hyphen_unit_re": regex.compile(hyphen),
        "not_classifier_re": regex.compile(f"{pad}(?:{lexicon(list(d.units.counts.not_classifiers), spaced=spaced)})")
        if d.units.counts.not_classifiers else NEVER,
        "classifier_re": regex.compile(f"{pad}(?P<c>{classifier})(?:{pad}(?P<u>{t.alt(('count',), spaced)}))?"),
        # A numeral after it is the next part of an amount (一块二), a qualifier (3.04块以上) or a word that
        # opens no name (五块的) no noun.
        "noun_after_classifier_re": regex.compile(
            f"(?!{lexicon([*d.units.counts.money_nouns, *not_nouns], spaced=spaced)})(?![{numeral_chars}])\\p{{L}}"),
    }


def _before(d: PackData, spaced: bool) -> dict:
    """Units written before the figure: currency signs and codes, "百分之"."""
    pct = d.units.percent
    pairs = [(s, UnitValue("currency", code), not is_code_or_symbol(s))
             for code, forms in currencies(d).items() for s in forms["before"]]
    pairs += [(s, UnitValue("percent", "%"), True) for s in pct.before]
    pairs += [(s, UnitValue("percent", "%", float(f)), True) for s, f in pct.scaled_before.items()]
    pairs += [(s, UnitValue("multiple", "x"), True) for s in d.units.multiples.before]
    before = Lookup()
    for s, value, ignore_case in pairs:
        before.add(s, value, ignore_case)
    forms = [s for s, _, _ in pairs]
    # "the percentage of 25 firms" names a share of them; "percentage of twenty" alone is 20 %.
    blockers = pct.before_not_after
    return {
        "before_units": before,
        "before_unit_forms": forms,
        "before_unit_re": ending(f"(?P<u>{lexicon(forms, spaced=spaced, backward=True, gaps=not spaced)}){SP}{{0,2}}$"),
        "before_unit_at_re": regex.compile(f"(?P<u>{lexicon(forms, spaced=spaced, gaps=not spaced)}){SP}{{0,2}}"),
        "before_percent_blocked_re": ending(
            f"(?:{lexicon(list(blockers), spaced=spaced, ignore_case=True, backward=True)}){SP}+$")
        if blockers else NEVER,
    }


def _percent_words(d: PackData, spaced: bool) -> dict:
    pct, mult = d.units.percent, d.units.multiples
    fixed = Lookup()
    for s, v in pct.fixed.items():
        fixed.add(s, (float(v), "%", "percent"), True)
    for s, v in mult.fixed.items():
        fixed.add(s, (float(v), "x", "multiple"), True)
    return {
        "tenth_tail": tuple(pct.tenth_tail),
        "below_whole": tuple(pct.below_whole),
        "fixed": fixed,
        "fixed_re": regex.compile(lexicon([*pct.fixed, *mult.fixed], spaced=spaced, ignore_case=True))
        if fixed else None,
    }


def compile_units(d: PackData, spaced: bool) -> Units:
    t = _fill(d)
    # "a dollar", "a kilogram", "an ounce": the article counts one of a unit of money or measure (a code or
    # a one-letter symbol after an article is a word of the text: "a m", "a L.A. firm").
    articles = list(d.numbers.number_words.articles)
    kinds = ("currency", "subunit", "physical")
    named = [w for k in kinds for w in t.words.get(k, [])] + \
        [w for k in kinds for w in t.symbols.get(k, []) if len(w) > 1 and not w.isupper()]
    article_unit_re = regex.compile(
        f"(?<![\\p{{L}}\\p{{N}}])(?P<a>{lexicon(articles, spaced=spaced, ignore_case=True)}){SP}+"
        f"(?={lexicon(named, spaced=spaced, ignore_case=True)}(?![\\p{{L}}\\p{{N}}]))") if articles else None
    # The names of units of money and measure, for a unit said without a figure ("prices in dollars",
    # 人民币美元); a symbol or a code alone is too often a letter of the text.
    shortest = 3 if spaced else 2
    figure_only = {w.casefold() for w in d.money.figure_only}
    unit_names = sorted({w for k in ("currency", "physical") for w in t.words.get(k, [])
                         if len(w) >= shortest and not is_code_or_symbol(w) and w.casefold() not in figure_only})
    # Money words that also name a measure (pounds, livres): the measure where the line speaks of it.
    alternative = tuple(
        (ending(f"(?:{lexicon(list(spec.forms), spaced=spaced, ignore_case=True, backward=True)})$"),
         regex.compile(lexicon(list(spec.cues), spaced=spaced, ignore_case=True)), spec.unit)
        for spec in d.units.alternative_units)
    return Units(
        spaced=spaced, lookup=t.lookup, **_after_patterns(t, d, spaced),
        classifiers=tuple(d.units.counts.classifiers), classifier_money_below=d.units.counts.money_below,
        # Unit symbols of measure ending in a letter (kg, km, MW): the end of a range may follow one and a
        # hyphen, glued ("20kg-30kg").
        measure_symbols=sorted({w for w in t.symbols.get("physical", []) if regex.search(r"\p{Latin}$", w)}),
        article_unit_re=article_unit_re, unit_names=unit_names, alternative_units=alternative, cued=t.cued,
        size_after_re=_size_after(d, spaced),
        **_percent_words(d, spaced), **_before(d, spaced),
    )


def _size_after(d: PackData, spaced: bool) -> regex.Pattern:
    """A word of size after a measure that closes its phrase ("1.8m tall.", "25m long and 2m deep"); before a
    noun it may be the noun's ("2m high school students", "5m long positions")."""
    if not d.units.size_words:
        return NEVER
    joiners = [j for j in d.numbers.number_words.joiners if j.isalpha()]
    joined = f"|{SP}+(?:{lexicon(joiners, spaced=spaced, ignore_case=True)})(?![\\p{{L}}\\p{{N}}])" if joiners else ""
    return regex.compile(f"{SP}*(?:{lexicon(list(d.units.size_words), spaced=spaced, ignore_case=True)})"
                         f"(?![\\p{{L}}\\p{{N}}\\-])(?:[ \\t]*(?:[.,;:!?)]|$){joined})")


def compile_money(d: PackData, spaced: bool) -> Money:
    m = d.money
    # The subunit an amount's unsaid tail counts in: "15 dollars 50" is cents, "一块二" is 角 (0.1).
    unsaid: dict[str, float] = {}
    for key, spec in m.subunits.items():
        code = spec.code or key
        unsaid[code] = max(unsaid.get(code, 0.0), float(spec.factor))
    # Subunits that are money only in the tail of an amount (三块四分): alone, 分 is a score or a minute.
    tails = Lookup()
    for key, spec in m.tail_subunits.items():
        code = spec.code or key
        if code != "*":
            unsaid[code] = max(unsaid.get(code, 0.0), float(spec.factor))
        for w in spec.forms:
            tails.add(w, UnitValue("subunit", code, float(spec.factor)), not is_code_or_symbol(w))
    tail_words = lexicon(list(tails), spaced=spaced, ignore_case=True, after_digits=True)
    # Those of them that are money alone too (5分, 两毫), where no word goes on from them and no score or
    # time of day is said before the figure.
    alone = [w for spec in m.tail_subunits.values() if spec.alone for w in spec.forms]
    rules = m.alone_subunits
    blockers = list(rules.not_after)
    numerals = d.numbers.numerals
    return Money(
        unsaid_subunit=unsaid,
        zero_numerals=frozenset(c for c, v in numerals.digits.items() if v == 0) if numerals else frozenset(),
        tail_subunits=tails,
        tail_subunit_re=regex.compile(f"{SP}{{0,2}}(?P<u>{tail_words})"),
        alone_subunit_re=regex.compile(
            f"{SP}{{0,2}}(?P<u>{lexicon(alone, spaced=spaced)})(?!{rules.word_goes_on or '(?!)'})") if alone else None,
        alone_subunit_blocked_re=ending(
            f"(?:{lexicon(blockers, spaced=spaced, backward=True)}){rules.gap}$") if blockers else NEVER,
        money_join_re=regex.compile(
            f"{SP}*(?:{lexicon(list(m.money_joiners), spaced=spaced, ignore_case=True)})?{SP}*"),
    )
