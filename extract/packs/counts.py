"""Counted things a pack does not list, compiled: the word after a figure read by its plural form, its item
(its singular), and the words that make bare figures counts together (tallies, out-of totals)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import NEVER, SP, ending, lexicon
from .schema import PackData


@dataclass(frozen=True, eq=False)
class CountedNouns:
    # After a figure: an optional connector (group `c`: "28 millions d'habitants", taken only after a scale
    # word), an optional modifier (group `m`), and the noun (group `n`).
    noun_re: regex.Pattern
    # For running text only (`capitalised_in_sentences`), tried in order where noun_re finds nothing counted:
    # names among the modifiers before a noun in lowercase, then a capitalised noun right after the figure.
    capitalised_res: tuple[regex.Pattern, ...]
    not_counted: frozenset[str]  # casefolded
    joining: frozenset[str]  # words that may join two modifiers: "contract or temporary workers"
    no_names: frozenset[str]  # capitalised words that name nobody (casefolded): "ALL 3 vendors" counts
    singular_words: dict[str, str]
    singular_endings: tuple[tuple[str, str], ...]  # longest first
    tally_re: regex.Pattern  # between two bare figures of a tally
    out_of_re: regex.Pattern  # ending where a bare figure in brackets begins: "(sur "
    list_join_re: regex.Pattern  # between two elements of a list: ", ", " et ", "), "
    before_re: regex.Pattern  # ending where a bare figure begins: the word of what it counts (订单量)
    plural_is_item: bool  # the singular of an unlisted plural is the item (English only: CLAIMS.md §2)
    not_before: tuple[str, ...]  # words that end as those do and count nothing (质量)
    numbered_re: regex.Pattern  # ending where a number begins: a word that makes it a name's ("phase 3")
    part_of_re: regex.Pattern  # after a bare figure, before the whole it is part of: " of the "

    def item(self, word: str) -> str:
        """The singular of a counted word: 'shares' share, 'people' person, 'passagers' passager; a name
        keeps its capital (Français)."""
        key = word.casefold()
        if key in self.singular_words:
            return self.singular_words[key]
        base = word if word[:1].isupper() else key
        for tail, replacement in self.singular_endings:
            if key.endswith(tail) and len(key) > len(tail) + 1:
                return base[: len(base) - len(tail)] + replacement
        return base


def compile_counts(d: PackData, spaced: bool) -> CountedNouns:
    c = d.units.counts
    endings = list(c.plural_endings)
    words = {k.casefold(): v for k, v in c.singular.items() if not k.startswith("-")}
    suffixes = sorted(((k[1:], v) for k, v in c.singular.items() if k.startswith("-")), key=lambda kv: -len(kv[0]))
    # Words that follow figures and end like plurals without naming a thing: the pack's list, its function
    # words, its month names (5 mars), its number words (les 5 ou 6).
    stops = {*c.not_counted, *d.language.function_words, *d.context.periods.months,
             *d.numbers.number_words.units, *d.numbers.number_words.tens, *d.numbers.number_words.hundreds}
    letter = "\\p{L}" if c.capitalised else "\\p{Ll}"
    if endings and spaced:
        tail = lexicon(endings, spaced=False)
        # A word cut short ("suppress…") is no word.
        noun = f"(?P<n>{letter}[\\p{{L}}'’\\-]*?{tail})(?![\\p{{L}}\\p{{N}}'’\\-…])"
        conns = lexicon(list(d.units.unit_connectors), spaced=spaced, ignore_case=True)
        # The fewest modifiers first: "5 shares traded hands" counts shares.
        word = "\\p{Ll}[\\p{L}\\-]*"
        modifier = f"(?:(?P<m>{word}(?:{SP}+{word}){{0,{c.modifier_gap - 1}}}?){SP}+)??" if c.modifier_gap else ""
        noun_re = regex.compile(f"{SP}+(?:(?P<c>{conns}){SP}*)?{modifier}{noun}")
        capitalised_res: tuple[regex.Pattern, ...] = ()
        if c.capitalised_in_sentences and not c.capitalised:
            # Names among the modifiers before a noun in lowercase ("150 Airbus A320neo jets"), else a
            # capitalised noun right after the figure ("2,000 Britons").
            capital = f"(?P<n>\\p{{Lu}}[\\p{{L}}'’\\-]*?{tail})(?![\\p{{L}}\\p{{N}}'’\\-…])"
            name = "(?:\\p{Lu}[\\p{L}\\p{N}\\-]*|\\p{Ll}[\\p{L}\\-]*)"
            names = f"(?P<m>{name}(?:{SP}+{name}){{0,{max(0, c.modifier_gap - 1)}}}?){SP}+"
            capitalised_res = (regex.compile(f"{SP}+(?:(?P<c>{conns}){SP}*)?{names}{noun}"),
                               regex.compile(f"{SP}+(?:(?P<c>{conns}){SP}*)?{capital}"))
    else:
        noun_re, capitalised_res = NEVER, ()
    tally = lexicon(list(c.tally_joiners), spaced=spaced, ignore_case=True)
    coordination = lexicon(list(d.context.coordination), spaced=spaced, ignore_case=True)
    out_of = lexicon(list(c.out_of), spaced=spaced, ignore_case=True, backward=True)
    return CountedNouns(
        noun_re=noun_re, capitalised_res=capitalised_res, not_counted=frozenset(w.casefold() for w in stops),
        joining=frozenset(w.casefold() for w in d.context.coordination),
        no_names=frozenset(w.casefold() for w in d.context.names.not_names),
        singular_words=words, singular_endings=tuple(suffixes),
        tally_re=regex.compile(f"{SP}*{tally}{SP}*") if c.tally_joiners else NEVER,
        out_of_re=ending(f"[(（]{SP}*(?:{out_of}){SP}*$") if c.out_of else NEVER,
        before_re=ending(f"(?P<w>{lexicon(list(c.before), spaced=spaced, backward=True)}){d.qualifiers.qualifiers.gap}"
                         f"{SP}*$") if c.before else NEVER,
        not_before=tuple(c.not_before), plural_is_item=c.plural_is_item,
        numbered_re=ending(f"(?:{lexicon(list(c.numbered), spaced=spaced, ignore_case=True, backward=True)}){SP}+$")
        if c.numbered else NEVER,
        part_of_re=regex.compile(f"{SP}+{lexicon(list(c.part_of), spaced=spaced, ignore_case=True)}")
        if c.part_of else NEVER,
        list_join_re=regex.compile(f"(?:{SP}*[)）])?{SP}*(?:{coordination})(?:{SP}*(?:{coordination}))?{SP}*"),
    )
