"""Lines, sentences and clauses of a text, as half-open spans."""

from __future__ import annotations

import functools
import re

import regex

from ..packs import Registry, ending, lexicon, registry

TERMINAL = re.compile(r"[.!?;]+[\"'»”’)\]]*(?=\s)|[。！？；]+[」』”’）]*")
CLAUSE = re.compile(r"[,;:，；：、]|\s[–—-]\s|\n")
LETTER = regex.compile(r"\p{L}")


class _Abbreviations:
    """Abbreviations of every pack, not glued to a letter before them: a period after one of them, or
    after the first part of one written with a space ("p." of "p. ex."), does not end a sentence."""

    def __init__(self, found: set[str]) -> None:
        entries = sorted(found)
        self.whole = ending(r"(?<!\p{L})(?:" + lexicon(entries, spaced=False, backward=True) + ")$")
        # The engine tries the anchor at every position of the window it is given: the window is only
        # as long as the longest abbreviation.
        self.longest = max(map(len, entries), default=0)
        # (first part, rest) of each abbreviation written with a space after an inner period: few, if any.
        self.parts = sorted({(a[: k + 1], a[k + 1:]) for a in entries for k in range(len(a) - 1)
                             if a[k] == "." and a[k + 1].isspace()})

    def ends_one(self, text: str, start: int, at: int) -> bool:
        """Whether the period before `at` is the end or an inner period of an abbreviation."""
        if self.whole.search(text, max(start, at - self.longest), at):
            return True
        for head, rest in self.parts:
            s = at - len(head)
            if s >= start and text.startswith(head, s) and text.startswith(rest, at) \
                    and not (s > 0 and LETTER.match(text, s - 1)):
                return True
        return False


@functools.cache
def _abbreviations(reg: Registry) -> _Abbreviations:
    return _Abbreviations({a for code in reg.codes for a in reg.pack(code).context.abbreviations})


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
    """Sentences of one line; a period after a digit followed by a digit, or of an abbreviation, stays."""
    out, pos = [], start
    abbreviations = _abbreviations(registry())
    for m in TERMINAL.finditer(text, start, end):
        if text[m.start()] == "." and abbreviations.ends_one(text, start, m.start() + 1):
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
