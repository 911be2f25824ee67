"""Who a figure is about: gazetteer matches in the text, and the rule that picks one for a mention.

The rule, nearest first: an actor (company, group, region, or a name found by its form) before the
figure in its clause; the first actor of the sentence; a market named in the sentence; the nearest actor
of the sentence just before ("Lambda ... . It supports 10,000 users"). Past the sentence, the context step
reads the places around the figure (labels, headings, title), then the document's own subject.
Actors listed together ("AWS, Azure and GCP") are one combined subject; what joins a list is pack data.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

import regex

from ..packs import Pack, get_pack, lexicon, registry

ACTORS = ("company", "group", "region", "name")
COMBINED = " (combined)"  # the mark of a subject that is several actors listed together


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    name: str
    kind: str


@functools.cache
def _separator(pack: Pack) -> regex.Pattern:
    """What may stand between two names of one list: commas, "and", "et", 與 (and markdown bold)."""
    words = lexicon(pack.context.coordination or [","], spaced=pack.spaced, ignore_case=True)
    return regex.compile(rf"(?:\s*(?:\*\*)?\s*(?:{words})\s*(?:\*\*)?\s*)+")


@functools.cache
def _gazetteer(pack: Pack) -> tuple[regex.Pattern, dict[str, tuple[str, str]], list[tuple[regex.Pattern, str, str]]]:
    entries = registry().entities.entities
    extra = pack.context.entities
    literal: dict[str, tuple[str, str]] = {}
    patterns: list[tuple[regex.Pattern, str, str]] = []
    for name, spec in entries.items():
        for alias in [*spec.aliases, *extra.get(name, [])]:
            if alias.startswith("re:"):
                patterns.append((regex.compile(alias[3:]), name, spec.kind))
            else:
                literal[alias] = (name, spec.kind)
    # Every country, by its names in English and in the pack's language (countries.yaml, from the CLDR);
    # where entities.yaml names one too, its entry stands.
    for name, names in registry().countries.countries.items():
        for alias in [name, *names.get("aliases", ()), *names.get(pack.code, ())]:
            literal.setdefault(alias, (name, "region"))
    # Latin-script names need word boundaries even inside Chinese text ("AWS服務"), so boundaries are
    # checked against Latin letters only.
    alt = lexicon(list(literal), spaced=False)
    guarded = r"(?<![\p{Latin}\p{N}])(?:" + alt + r")(?![\p{Latin}])"
    return regex.compile(guarded), literal, patterns


def find_entities(text: str, lang: str, start: int = 0, end: int | None = None) -> list[Entity]:
    """Gazetteer matches in text[start:end], in order, longest name first where they overlap."""
    end = len(text) if end is None else end
    pattern, literal, patterns = _gazetteer(get_pack(lang))
    found = [Entity(m.start(), m.end(), *literal[m.group()]) for m in pattern.finditer(text, start, end)]
    for p, name, kind in patterns:
        found += [Entity(m.start(), m.end(), name, kind) for m in p.finditer(text, start, end)]
    found.sort(key=lambda e: (e.start, -e.end))
    out: list[Entity] = []
    for e in found:
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


def group_name(ents: list[Entity], i: int, text: str, lang: str) -> str:
    """The subject named by ents[i], combined with the actors listed beside it."""
    sep = _separator(get_pack(lang))
    j = k = i
    while j > 0 and _joined(ents[j - 1], ents[j], text, sep):
        j -= 1
    while k + 1 < len(ents) and _joined(ents[k], ents[k + 1], text, sep):
        k += 1
    names = list(dict.fromkeys(e.name for e in ents[j: k + 1]))
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1] + COMBINED


def _joined(a: Entity, b: Entity, text: str, sep: regex.Pattern) -> bool:
    if a.kind not in ACTORS or b.kind not in ACTORS:
        return False
    gap = text[a.end: b.start]
    return gap == "" or bool(sep.fullmatch(gap))


def choose_subject(text: str, lang: str, ents: list[Entity], span: tuple[int, int], clause: tuple[int, int],
                   sentence: tuple[int, int], previous: tuple[int, int]) -> tuple[str, str]:
    """(subject, kind) for the figure at span from its sentence and the one before; ('', '') if none."""
    start = span[0]
    example_re = get_pack(lang).context.example_re
    actors = [(i, e) for i, e in enumerate(ents) if e.kind in ACTORS and not _an_example(text, e, start, example_re)]
    in_clause = [(i, e) for i, e in actors if clause[0] <= e.start and e.end <= start]
    if in_clause:
        i, e = in_clause[-1]
        return group_name(ents, i, text, lang), e.kind
    # Past the clause, a name the gazetteer lists is surer than one found by its form.
    listed = [(i, e) for i, e in actors if e.kind != "name"]
    in_sentence = [(i, e) for i, e in listed if sentence[0] <= e.start < sentence[1]]
    if in_sentence:
        i, e = in_sentence[0]
        return group_name(ents, i, text, lang), e.kind
    markets = [e for e in ents if e.kind == "market" and sentence[0] <= e.start < sentence[1]]
    if markets:
        before = [e for e in markets if e.end <= start]
        return (before[-1] if before else markets[0]).name, "market"
    named = [(i, e) for i, e in actors if e.kind == "name" and sentence[0] <= e.start < sentence[1]]
    if named:
        i, e = named[0]
        return group_name(ents, i, text, lang), e.kind
    for pool in (listed, actors):
        earlier = [(i, e) for i, e in pool if previous[0] <= e.start and e.end <= previous[1]]
        if earlier:
            i, e = earlier[-1]
            return group_name(ents, i, text, lang), e.kind
    return "", ""


EXAMPLE_REACH = 120  # the most characters between the bracket that opens examples and a name among them


def _an_example(text: str, e: Entity, figure: int, example_re: regex.Pattern) -> bool:
    """Whether e is named among examples in brackets that close before the figure: "free models (e.g.,
    DeepSeek, Gemini) with limits of 50 requests a day" are not DeepSeek's 50 requests."""
    if e.end > figure:
        return False
    opening = max(text.rfind("(", max(0, e.start - EXAMPLE_REACH), e.start),
                  text.rfind("（", max(0, e.start - EXAMPLE_REACH), e.start))
    if opening < 0 or any(c in text[opening:e.start] for c in ")）"):
        return False
    closing = [i for i in (text.find(")", e.end, figure), text.find("）", e.end, figure)) if i >= 0]
    return bool(closing) and bool(example_re.match(text, opening))


def document_subject(ents: list[Entity], title_ents: list[Entity]) -> str:
    """The market a document is about: the one it names most, else the first thing its title names."""
    markets = Counter(e.name for e in ents if e.kind == "market")
    if markets:
        best = max(markets.values())
        first = {e.name: e.start for e in reversed(ents)}
        return min((n for n, c in markets.items() if c == best), key=lambda n: first[n])
    return title_ents[0].name if title_ents else ""
