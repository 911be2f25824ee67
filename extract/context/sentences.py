"""Lines, sentences and clauses of a text, as half-open spans."""

from __future__ import annotations

import functools
import re

import regex

from ..packs import available_languages, ending, get_pack, lexicon

TERMINAL = re.compile(r"[.!?;]+[\"'»”’)\]]*(?=\s)|[。！？；]+[」』”’）]*")
CLAUSE = re.compile(r"[,;:，；：、]|\s[–—-]\s|\n")


@functools.lru_cache(maxsize=1)
def _abbreviation_re() -> regex.Pattern:
    """Abbreviations of every pack, not glued to a letter before them, ending where a window ends: a
    period after one of them does not end a sentence. One backward match at each period of a text."""
    found = {a for code in available_languages() for a in get_pack(code).abbreviations}
    return ending(r"(?<!\p{L})(?:" + lexicon(sorted(found), spaced=False, backward=True) + ")$")


def lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Non-blank lines: the paragraphs and list items of notes and scraped pages."""
    end = len(text) if end is None else end
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one line; a period after a digit followed by a digit, or after an abbreviation, stays."""
    out, pos = [], start
    abbreviation = _abbreviation_re()
    for m in TERMINAL.finditer(text, start, end):
        if text[m.start()] == "." and abbreviation.search(text, start, m.start() + 1):
            continue
        stop = m.end()
        if text[pos:stop].strip():
            out.append(_strip(text, pos, stop))
        pos = stop
    if text[pos:end].strip():
        out.append(_strip(text, pos, end))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
