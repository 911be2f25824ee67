"""Markets nobody put in the gazetteer, found by their form: an opener, a few words that are no function
words, a head noun ("the European data-centre power market", "the global GPU cloud market"). Which words
open and close such a name is pack data (`names: market_openers, market_heads`); a language without them
finds none this way.
"""

from __future__ import annotations

import functools

import regex

from ..packs import Pack, get_pack, lexicon, registry
from .entities import Entity

WORD = r"[\p{L}][\p{L}\p{N}&/-]*"
GAP = r"[ \u00a0]+"


@functools.cache
def _pattern(pack: Pack) -> regex.Pattern | None:
    names = pack.sections.context.names
    if not (names.market_openers and names.market_heads and pack.spaced):
        return None
    stops = lexicon([*registry().function_words(pack.code), "a", "an"], spaced=True, ignore_case=True)
    openers = lexicon(list(names.market_openers), spaced=True, ignore_case=True)
    heads = lexicon(list(names.market_heads), spaced=True)
    return regex.compile(rf"(?:{openers}){GAP}(?P<m>(?:(?!{stops}){WORD}{GAP}){{2,6}}?(?:{heads}))(?![\p{{L}}\p{{N}}])")


def find_markets(text: str, lang: str, start: int, end: int) -> list[Entity]:
    """Markets named by their form in text[start:end], as entities of kind market."""
    pattern = _pattern(get_pack(lang))
    if pattern is None:
        return []
    return [Entity(m.start("m"), m.end("m"), m.group("m"), "market") for m in pattern.finditer(text, start, end)]
