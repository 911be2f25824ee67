"""The toolkit packs are compiled with: word lists as tries of literals, patterns read backwards from a
fixed end, and case-insensitive scans on the text in lowercase.

Nothing here knows a language: it turns lists of words into patterns that stay fast on long lines.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import regex

SP = "[ \\t\\u00a0\\u202f]"  # horizontal space, including the no-break spaces French typography uses
GAP = "[ ]*"  # between characters typed apart
YEAR_RE = "(?:19|20)\\d{2}"


def ending(pattern: str) -> regex.Pattern:
    """A pattern that must end where a window ends (`search(text, start, end)`), compiled to be tried
    backwards from that end: one attempt at the end, and at each other position of the window only the
    anchor, which fails at once. The work still grows with the window: callers keep it short."""
    return regex.compile("(?r)" + pattern, regex.V1)


def lexicon(words: list[str], *, spaced: bool, ignore_case: bool = False, after_digits: bool = False,
            backward: bool = False, gaps: bool = False, lowercase: bool = False) -> str:
    """A longest-first alternation of literal words.

    In scripts written with spaces, an entry that begins or ends with a letter must not touch another
    letter there, so that "over" never matches inside "Moreover". `backward` for a pattern of `ending()`,
    which the engine reads from right to left. Those checks stand once around the
    whole alternation, not on each entry: "either the left side is free or the word does not begin with
    a letter" says the same thing, and leaves the regex engine a bare list of literals, which it tries
    many times faster than hundreds of alternatives each opening with its own lookbehind.

    `lowercase`: the same words in the syntax of the standard library's engine, for a text in lowercase
    (`lowered`), where the engine reads a trie of literals several times faster than `regex` does.
    """
    entries = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not entries:
        return "(?!)"
    trie = _trie(entries, fold=ignore_case or lowercase, backward=backward, gaps=gaps)
    alt = f"(?i:{trie})" if ignore_case and not lowercase else f"(?:{trie})"
    if not spaced:
        return alt
    if lowercase:
        # [^\W_] is [\p{L}\p{N}], a class the engine tries at every position at once; the letter is
        # tried only where a word matched.
        before, after = _guards(entries, r"[^\W_]", _re_letter(), after_digits)
    else:
        before, after = _guards(entries, r"[\p{L}\p{N}]", r"\p{L}", after_digits)
    return f"(?:{before}{alt}{after})"


def _guards(entries: list[str], alnum: str, letter: str, after_digits: bool = False) -> tuple[str, str]:
    """The checks before and after a lexicon of a script written with spaces, in the syntax of an engine:
    `alnum` is its class of letters and digits, `letter` its letter."""
    # Units may touch the digits before them ("75ml"); other words stand apart.
    free = f"(?<!{letter})" if after_digits else f"(?<!{alnum})"
    lettered = [bool(regex.match(r"[\p{L}\p{N}]", w)) for w in entries]
    before = free if all(lettered) else f"(?:{free}|(?!{alnum}))" if any(lettered) else ""
    # ... nor run on into an elided word: the c of "5 $ c'est" is not the c of "$ c" (Canadian dollars).
    ends_in_letter = any(regex.search(r"\p{L}$", w) for w in entries)
    after = f"(?:(?<!{letter})|(?!{letter}|['’]{letter}))" if ends_in_letter else ""
    return before, after


@functools.lru_cache(maxsize=4)
def lowered(text: str) -> str | None:
    """The text in lowercase, where that keeps every offset (it does not for İ); else None. Cached: a
    document's lines are read against the whole text, so it is lowered once."""
    low = text.lower()
    return low if len(low) == len(text) else None


# Every character of the class below lies under this code point (a test reads the whole of Unicode).
NUMERIC_SYMBOLS_BELOW = 0x20000


@functools.cache
def numeric_symbols() -> str:
    """The characters the standard library's `[^\\W\\d_]` counts with letters although they are numbers
    (², ½, Ⅻ, ①): taken out of it, that class is exactly the letters, \\p{L}."""
    letters_and_numbers = re.sub(r"[\W\d_]+", "", "".join(map(chr, range(NUMERIC_SYMBOLS_BELOW))))
    return "".join(c for c in letters_and_numbers if not c.isalpha())


@functools.cache
def _re_letter() -> str:
    """\\p{L} for the standard library's engine, checked only where a word has matched."""
    return f"(?:(?![{re.escape(numeric_symbols())}])[^\\W\\d_])"


class LowercasePattern:
    """A pattern that ignores case, in two forms: one for the standard library's engine, read on the text
    in lowercase (`lowered`: the same offsets), which reads a trie of literals several times faster than
    `regex` does; and the `regex` one, read on the text itself where lowering would move offsets (İ).
    Matches found the first way are of the lowercase text: their `group()` is in lowercase."""

    def __init__(self, fallback: regex.Pattern, fast: re.Pattern) -> None:
        self.fallback, self.fast = fallback, fast

    @classmethod
    def of_words(cls, words: list[str], *, spaced: bool) -> LowercasePattern:
        """What `regex.compile(lexicon(words, spaced=spaced, ignore_case=True))` finds."""
        return cls(regex.compile(lexicon(words, spaced=spaced, ignore_case=True)),
                   re.compile(lexicon(words, spaced=spaced, lowercase=True)))

    def match(self, text: str, start: int, end: int):
        low = lowered(text)
        return self.fallback.match(text, start, end) if low is None else self.fast.match(low, start, end)

    def finditer(self, text: str, start: int, end: int):
        low = lowered(text)
        return self.fallback.finditer(text, start, end) if low is None else self.fast.finditer(low, start, end)


def _trie(words: list[str], *, fold: bool, backward: bool = False, gaps: bool = False) -> str:
    """An alternation of literal words factored on their common prefixes: `c(?:apex|ompute)` rather than
    `capex|compute`. The engine then reads each position's next character once instead of trying every
    word in turn. Every word that matches at a position lies on one path of the trie, and each ending is
    an optional, greedy tail, so the longest is tried first and shorter ones on backtracking: the same
    order as a longest-first list. A pattern read backwards (`ending()`) needs the mirror image, factored
    on common suffixes (`(?:US)?\\$`). Under `fold` (matched ignoring case) words are keyed lowercase, so
    that two spellings of one word share a path. `gaps`: spaces may stand between the characters of a
    word (百 分 之), as in text typed character by character in a script written without spaces."""
    root: dict = {}
    for w in words:
        key = w.lower() if fold and len(w.lower()) == len(w) else w
        node = root
        for ch in reversed(key) if backward else key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, top: bool = False) -> str:
        gap = "" if top or not gaps else GAP  # inside the optional tail, so no trailing space is taken
        branches = [emit(child) + regex.escape(ch) + gap if backward else gap + regex.escape(ch) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(root, top=True)


def _glued_codes(forms: list[str]) -> str:
    """Alternatives of a lookbehind for the currency forms that may touch the digits after them (USD5,
    RM5). Codes in capitals are checked only where a short run of capitals stands alone: the cheap test
    fails at once on most letters before a digit, so a long line of letters and digits stays fast."""
    latin = [f for f in forms if regex.search(r"\p{Latin}$", f)]
    capitals = [f for f in latin if regex.fullmatch(r"\p{Lu}+", f)]
    others = [f for f in latin if f not in capitals]
    out = ""
    if capitals:
        lo, hi = min(map(len, capitals)), max(map(len, capitals))
        out += f"|(?<=(?<!\\p{{L}})\\p{{Lu}}{{{lo},{hi}}})(?<={lexicon(capitals, spaced=False)})"
    if others:
        out += f"|(?<={lexicon(others, spaced=False)})"
    return out


class _Never:
    """What a pattern of an empty word list compiles to: it matches nothing, and answers so without a call
    into the regex engine, which costs about a microsecond at every figure that tries it."""

    pattern = "(?!)"

    def match(self, *args, **kwargs) -> None:
        return None

    search = fullmatch = match

    def finditer(self, *args, **kwargs):
        return iter(())

    def findall(self, *args, **kwargs) -> list:
        return []

    def __reduce__(self) -> str:
        return "NEVER"  # one of it, in a pack read back from the cache too: `pattern is NEVER` holds


NEVER = _Never()


class Lookup(dict):
    """Surface form -> value, case-insensitive for words, exact for symbols."""

    def find(self, surface: str) -> Any:
        if surface in self:
            return self[surface]
        found = self.get(surface.casefold())
        if found is None and " " in surface:  # typed apart: 百 分 之
            return self.find(surface.replace(" ", ""))
        return found

    def add(self, surface: str, value: Any, ignore_case: bool) -> None:
        self.setdefault(surface, value)
        if ignore_case:
            self.setdefault(surface.casefold(), value)
