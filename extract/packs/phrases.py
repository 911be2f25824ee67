"""The phrases around a figure, compiled: qualifiers and signs, range connectors and openers, rates, and
what makes a number no quantity (a list position, an ordinal, someone else's denominator)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import NEVER, SP, Lookup, ending, lexicon
from .schema import PackData
from .units import is_code_or_symbol


@dataclass(frozen=True, eq=False)
class Qualifiers:
    before: Lookup  # phrase -> exact | approx | gt | ge | lt | le
    of_discount: frozenset[str]  # phrases that bound a discount, not the price said after them
    after: Lookup
    before_re: regex.Pattern  # the nearest phrase before a figure, within the gap the language allows
    after_re: regex.Pattern
    # a qualifier said after the words of the figure's noun, the clause ending there ("50 employees or more.")
    after_noun_re: regex.Pattern
    negative_re: regex.Pattern


@dataclass(frozen=True, eq=False)
class Opener:
    """A word that opens a range ("between", "from") and the join it allows; a verb of change before it
    makes the two figures a movement ("grew from $5 billion to $8 billion")."""

    opener_re: regex.Pattern
    join_re: regex.Pattern
    blocker_re: regex.Pattern | None


@dataclass(frozen=True, eq=False)
class Ranges:
    range_re: regex.Pattern
    bound_joiner_re: regex.Pattern
    between_join_re: regex.Pattern
    between_close_re: regex.Pattern
    any_join_re: regex.Pattern
    openers: tuple[Opener, ...]
    movement_re: regex.Pattern  # ending where a figure begins: a verb of change ("rose", "rose by")
    # ending where a figure begins: a word that compares it with the figure before ("from", "contre", 较): a
    # bare figure there is in that figure's unit ("1,8 milliard d'euros, contre 2,1 milliards")
    comparison_re: regex.Pattern
    month_after_re: regex.Pattern  # a month name after a figure: the figure is a day ("from 10 March")


@dataclass(frozen=True, eq=False)
class Rates:
    nouns: Lookup  # denominator noun -> English unit
    noun_factors: Lookup  # denominator noun -> the scale it carries (kWh: 1e3 Wh)
    per_re: regex.Pattern  # after the figure: "per GPU-hour", "/heure"
    price_per_re: regex.Pattern  # ... and after an amount of money: "50 $ le baril"
    per_prefix_re: regex.Pattern  # before it, where the language writes it there: 每小時
    # A scaled denominator with its noun left unsaid, after the figure ("per million") or before it (每百萬個).
    open_re: regex.Pattern
    open_prefix_re: regex.Pattern
    # The denominators that are things, not times, wherever the text names them: where a rate leaves its
    # noun unsaid, the nearest one the text said before is it (the noun of "per million" is no hour).
    thing_re: regex.Pattern
    time_markers: tuple[str, ...]  # markers that make a rate of a time only, but for a price ("l'": 5 % l'an)
    frequency: Lookup  # daily -> day
    frequency_re: regex.Pattern  # a frequency word among the words of a count's noun ("50,000 daily users")
    frequency_after_re: regex.Pattern  # ... right after the count ("2 million requests daily")
    frequency_before_re: regex.Pattern  # ... ending where it begins, across the pack's gap (每天处理 50 个)


@dataclass(frozen=True, eq=False)
class Exclusions:
    # Ending where a figure begins: a list marker (list_position), an ordinal mark (ordinal), a rate's
    # marker (denominator: "per 1,000 tokens", the figure is someone else's denominator).
    before_re: regex.Pattern
    list_after_re: regex.Pattern
    pronoun_re: regex.Pattern  # "one" after these is a pronoun ("the one you chose")
    tenor_noun_re: regex.Pattern  # after a duration: " yield", " Treasury yield", " high"
    after_re: regex.Pattern  # right after the number: a tenor (group tenor: 年期) or an age (group age: 周岁)
    period_before_re: regex.Pattern  # ending where a duration begins: "the first ", 过去
    period_inside_re: regex.Pattern  # between a duration's number and its unit: " premiers "


# Markdown emphasis around a figure or between it and its qualifier: "**", "*", "__".
EMPHASIS = r"(?:[*_]{1,3})?"
# A symbol said after a figure and followed by another figure, or set apart by a space, is arithmetic, not a
# qualifier: "$90B + $96B", "45.6 亿元 + 华南 52.9 亿元" (60+ is sixty or more).
OPERATOR_GUARD = r"(?:(?<=\p{L})|(?<![ \t\u00a0\u202f]\p{S})(?![ \t\u00a0\u202f]*[\\\p{Sc}\p{N}]))"
# Where a clause ends: punctuation, a closing bracket, the end of a line.
CLAUSE_END = r"(?=[ \t\u00a0\u202f]*(?:[\p{P}]|$))"


def compile_qualifiers(d: PackData, spaced: bool) -> Qualifiers:
    q = d.qualifiers.qualifiers
    not_words = f"(?!{lexicon(list(q.not_words), spaced=spaced)})" if q.not_words else ""
    before, after = Lookup(), Lookup()
    for name, forms in q.before.items():
        for s in forms:
            before.add(s, name, True)
    for name, forms in q.after.items():
        for s in forms:
            after.add(s, name, True)
    qb = lexicon([s for forms in q.before.values() for s in forms], spaced=spaced, ignore_case=True, backward=True)
    qa = lexicon([s for forms in q.after.values() for s in forms], spaced=spaced, ignore_case=True)
    # A minus: a sign glued to the figure (not a range's dash or a name's hyphen: no digit, Latin letter or
    # % before it; after a Chinese character it is a sign, 同比-5%), or a word.
    negative = d.qualifiers.negative
    signs = [s for s in negative if not s[0].isalpha()]
    words = [s for s in negative if s[0].isalpha()]
    return Qualifiers(
        before=before, after=after, of_discount=frozenset(s.casefold() for s in q.of_discount),
        # markdown emphasis may stand between a qualifier and its figure: "about **41,000 employees**"
        before_re=ending(f"(?P<q>{qb}){q.gap}{SP}*{EMPHASIS}$"),
        after_re=regex.compile(f"{SP}*{not_words}(?P<q>{qa}){OPERATOR_GUARD}"),
        after_noun_re=regex.compile(
            f"{EMPHASIS}(?:{SP}+[\\p{{L}}'’-]+){{1,{q.after_noun_words}}}{SP}+(?P<q>{qa}){EMPHASIS}{CLAUSE_END}",
            regex.IGNORECASE) if q.after_noun_words and spaced else NEVER,
        # ... or a sign set apart by a space after an opening mark ("(- 2,5 %)", ": - 3 %"), or by a no-break
        # space after a word, as typography sets it ("de -\u00a02,5\u00a0%"); a hyphen between spaces after a
        # word is a dash ("panel - 20 buyers"), at the start of a line a bullet.
        negative_re=ending(
            f"(?:(?<![\\p{{Latin}}\\p{{N}}%)\\].,\\-−－]){lexicon(signs, spaced=False, backward=True)}"
            f"|(?<=[(\\[:=（：]{SP}?){lexicon(signs, spaced=False, backward=True)}{SP}+"
            f"|(?<=\\p{{L}}{SP}){lexicon(signs, spaced=False, backward=True)}[\\u00a0\\u202f]+"
            f"|{lexicon(words, spaced=spaced, ignore_case=True, backward=True)}{SP}*)$"),
    )


def compile_ranges(d: PackData, spaced: bool) -> Ranges:
    """"29-31%", "20 to 40 percent", "entre 10 et 20", "49.6至50.5億", "10%与20%之间"."""
    rng = d.ranges.range
    conns = lexicon(list(rng.connectors), spaced=spaced, ignore_case=True)
    bounds = lexicon(list(rng.bound_joiners), spaced=spaced, ignore_case=True)
    # "10%与20%之间": a joiner that makes a range only where a closing word follows the second figure.
    joins = lexicon(list(rng.between.joins), spaced=spaced, ignore_case=True)
    closers = lexicon(list(rng.between.closers), spaced=spaced, ignore_case=True)
    # Every word that can join the two ends of a range, with no boundaries: where none stands between two
    # figures, no pattern of a range needs trying (most neighbouring figures are not one).
    every_join = [*rng.connectors, *rng.between.joins, *(op.join for op in rng.openers)]
    compared = d.context.periods.comparison
    openers = []
    for op in rng.openers:
        block = lexicon(list(op.not_after), spaced=spaced, ignore_case=True, backward=True) if op.not_after else None
        openers.append(Opener(
            ending(f"(?:{lexicon([op.open], spaced=spaced, ignore_case=True, backward=True)}){SP}*$"),
            regex.compile(f"{SP}*(?:{lexicon([op.join], spaced=spaced, ignore_case=True)}){SP}*"),
            ending(f"(?:{block}){SP}+$") if block else None,
        ))
    return Ranges(
        range_re=regex.compile(f"{SP}*(?:{conns}){SP}*"),
        bound_joiner_re=regex.compile(f"{SP}*(?:{bounds})?{SP}*"),
        between_join_re=regex.compile(f"{SP}*(?:{joins}){SP}*"),
        between_close_re=regex.compile(f"{SP}*(?:{closers})"),
        any_join_re=regex.compile(lexicon(every_join, spaced=False, ignore_case=True)),
        openers=tuple(openers),
        movement_re=ending(
            f"(?:{lexicon(list(rng.movement_verbs), spaced=spaced, ignore_case=True, backward=True)})"
            f"(?:{SP}+{lexicon(list(rng.movement_joins), spaced=spaced, ignore_case=True, backward=True)})?{SP}*$")
        if rng.movement_verbs else NEVER,
        comparison_re=ending(f"(?:{lexicon(list(compared), spaced=spaced, ignore_case=True, backward=True)}){SP}*$")
        if compared else NEVER,
        month_after_re=regex.compile(f"{SP}*{lexicon(list(months), spaced=spaced, ignore_case=True)}")
        if (months := d.context.periods.months) else NEVER,
    )


def _denominator(d: PackData, nouns: Lookup, spaced: bool, backward: bool) -> tuple[str, str]:
    """(denominator, nouns) of a rate, for a pattern read forwards or (`ending()`) backwards."""
    def lex(words: list[str], sp: bool = spaced, ic: bool = True) -> str:
        return lexicon(words, spaced=sp, ignore_case=ic, backward=backward)

    scale_words = lex(list(d.numbers.scales.keys()))
    abbrev = lex([str(a) for a in d.numbers.scale_abbreviations], sp=False, ic=False)
    number = f"(?:\\d{{1,3}}(?:[ \\u00a0\\u202f]\\d{{3}})+|\\d[\\d,.]*)(?:{abbrev}|{SP}*{scale_words})?"
    conns = lex(list(d.units.unit_connectors))
    classifier = lex(list(d.units.counts.classifiers), sp=False, ic=False)
    denominator = f"(?:(?P<ps>{scale_words}|{number}){SP}*(?:{conns}{SP}*)?)?(?:{classifier}{SP}*)?"
    # "/MTok": a scale abbreviation glued to the noun.
    glued = lex(list(nouns.keys()), sp=False, ic=False)
    return denominator, f"(?:(?P<pa>{abbrev})(?P<pg>{glued})(?!\\p{{L}})|{lex(list(nouns.keys()))})"


def compile_rates(d: PackData, spaced: bool) -> Rates:
    """"per GPU-hour", "/heure", "每小時" (before the figure where the pack says so)."""
    per = d.rates.per
    nouns, factors = Lookup(), Lookup()
    for unit, forms in per.nouns.items():
        for s in forms:
            nouns.add(s, unit, True)
    for spec in per.scaled_nouns.values():
        for s in spec.forms:
            nouns.add(s, spec.unit, not is_code_or_symbol(s))
            factors.add(s, float(spec.factor), not is_code_or_symbol(s))
    markers = lexicon(list(per.markers), spaced=spaced, ignore_case=True)
    price_markers = lexicon([*per.markers, *per.price_markers], spaced=spaced, ignore_case=True)
    denominator, after = _denominator(d, nouns, spaced, backward=False)
    back_denominator, back_nouns = _denominator(d, nouns, spaced, backward=True)
    prefix = lexicon(list(per.prefix), spaced=spaced, backward=True)
    time = f"(?!{SP}+{lexicon(list(per.not_before), spaced=spaced, ignore_case=True)})" if per.not_before else ""
    return Rates(
        nouns=nouns, noun_factors=factors, time_markers=tuple(m.casefold() for m in per.time_markers),
        per_re=regex.compile(f"{SP}*(?:{markers}){SP}*{denominator}(?P<pn>{after}){time}"),
        price_per_re=regex.compile(f"{SP}*(?:{price_markers}){SP}*{denominator}(?P<pn>{after}){time}"),
        per_prefix_re=ending(f"(?:{prefix}){SP}*{back_denominator}(?P<pn>{back_nouns}){per.gap}{SP}*$")
        if per.prefix else NEVER,
        **_open_denominators(d, spaced),
    )


def _open_denominators(d: PackData, spaced: bool) -> dict:
    """"$3 per million", "3 $ par million", "每百萬個收費 3 美元": a scaled denominator with no noun, where the
    text said the noun before (CLAIMS.md §2). After the figure it ends the phrase, or a word of the pack that
    stands in for the noun ("per million input") follows it; before the figure, a short gap may part them."""
    per = d.rates.per
    scale_words = list(d.numbers.scales.keys())
    abbrev = lexicon([str(a) for a in d.numbers.scale_abbreviations], spaced=False)
    number = f"\\d[\\d,.]*(?:{abbrev}|{SP}*{lexicon(scale_words, spaced=spaced, ignore_case=True)})"
    times = set(d.metric_rules.time_denominators)
    things = [s for unit, forms in per.nouns.items() if unit not in times and "hour" not in unit for s in forms]
    size = f"(?P<ps>{lexicon(scale_words, spaced=spaced, ignore_case=True)}|{number})"
    classifier = lexicon(list(d.units.counts.classifiers), spaced=False)
    markers = lexicon(list(per.markers), spaced=spaced, ignore_case=True)
    modifiers = lexicon(list(per.unsaid_noun_modifiers), spaced=spaced, ignore_case=True)
    stop = f"(?={SP}*(?:$|[^\\p{{L}}\\p{{N}}\\s]|{modifiers}|\\n))"
    back_size = f"(?P<ps>{lexicon(scale_words, spaced=spaced, ignore_case=True, backward=True)})"
    prefix = lexicon(list(per.prefix), spaced=spaced, backward=True)
    return {
        "open_re": regex.compile(f"{SP}*(?:{markers}){SP}*{size}(?:{SP}*{classifier})?{stop}"),
        "open_prefix_re": ending(f"(?:{prefix}){SP}*{back_size}{SP}*(?:{classifier})?{per.gap}{SP}*$")
        if per.prefix else NEVER,
        "thing_re": regex.compile(lexicon(things, spaced=spaced, ignore_case=True)),
        **_frequencies(d, spaced),
    }


def _frequencies(d: PackData, spaced: bool) -> dict:
    per = d.rates.per
    frequency = Lookup()
    for unit, words in per.frequency.items():
        for w in words:
            frequency.add(w, unit, True)
    back = lexicon(list(frequency), spaced=spaced, ignore_case=True, backward=True)
    forward = lexicon(list(frequency), spaced=spaced, ignore_case=True)
    examples = lexicon(list(d.context.examples), spaced=spaced, ignore_case=True, backward=True)
    gap = per.frequency_gap.replace("{examples}", examples)
    return {
        "frequency": frequency,
        "frequency_before_re": ending(f"(?P<f>{back}){gap}$") if per.frequency else NEVER,
        "frequency_re": regex.compile(f"(?P<f>{forward})") if per.frequency else NEVER,
        "frequency_after_re": regex.compile(f"{SP}*(?P<f>{forward})") if per.frequency else NEVER,
    }


def compile_exclusions(d: PackData, spaced: bool) -> Exclusions:
    ex = d.exclusions
    list_before = lexicon(list(ex.list_markers.before), spaced=spaced, backward=True)
    before = [f"(?P<list_position>(?:{list_before})[ \\t\\u00a0-]*$)"]
    if ex.ordinal_before:
        before.append(f"(?P<ordinal>(?:{lexicon(list(ex.ordinal_before), spaced=spaced, backward=True)}){SP}*$)")
    per = d.rates.per
    denominators = lexicon(list(per.denominator_markers), spaced=spaced, ignore_case=True, backward=True)
    agent = f"(?<!\\p{{L}}{lexicon(list(per.agent_endings), spaced=False, ignore_case=True)}{SP}+)" \
        if per.agent_endings else ""
    before.append(f"(?P<denominator>{agent}(?:{denominators}){SP}*$)")
    if ex.tenor_before:
        before.append(f"(?P<tenor>(?:{lexicon(list(ex.tenor_before), spaced=spaced, ignore_case=True, backward=True)})"
                      f"{SP}*$)")
    classifier = lexicon(list(d.units.counts.classifiers), spaced=False)
    after = lexicon(list(ex.list_markers.after), spaced=spaced, ignore_case=True)
    pronoun = d.numbers.number_words.pronoun_after
    return Exclusions(
        before_re=ending("|".join(before)),
        list_after_re=regex.compile(f"[+]?{SP}*(?:{classifier})?{SP}*(?:{after})"),
        pronoun_re=ending(f"(?:{lexicon(list(pronoun), spaced=spaced, ignore_case=True, backward=True)}){SP}+$")
        if pronoun else NEVER,
        **_tenors_and_ages(ex, spaced),
        **_periods(ex, spaced),
    )


def _periods(ex, spaced: bool) -> dict:
    before = lexicon(list(ex.period_before), spaced=spaced, ignore_case=True, backward=True)
    inside = lexicon(list(ex.period_inside), spaced=spaced, ignore_case=True)
    return {
        "period_before_re": ending(f"(?:{before}){SP}*$") if ex.period_before else NEVER,
        "period_inside_re": regex.compile(f"{SP}*(?:{inside}){SP}*") if ex.period_inside else NEVER,
    }


def _tenors_and_ages(ex, spaced: bool) -> dict:
    gap = f"(?:{SP}+[\\p{{L}}\\-]+)?{SP}+" if spaced else f"{SP}*"
    nouns = lexicon(list(ex.tenor_nouns), spaced=spaced, ignore_case=True)
    after = [f"(?P<{name}>{lexicon(list(words), spaced=spaced, ignore_case=True)})"
             for name, words in (("tenor", ex.tenor_after), ("age", ex.age_after)) if words]
    return {
        "tenor_noun_re": regex.compile(f"{gap}(?:{nouns})") if ex.tenor_nouns else NEVER,
        "after_re": regex.compile(f"{SP}*(?:{'|'.join(after)})") if after else NEVER,
    }
