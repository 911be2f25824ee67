"""Numbers written in words ("two thousand and two hundred", "quatre-vingt-douze", "five - eighths").

A pack's `number_words` lists units, tens, hundreds, articles, joiners, the decimal word and fraction
denominators; its `scales` give thousand, million, milliard. One pattern finds runs of such words; each
run's words are then read into numbers (word_values.py).
"""

from __future__ import annotations

import math
import re
import unicodedata

import regex

from ..packs import SP, Lookup, LowercasePattern, lexicon, lowered
from ..packs.schema import NumberWords
from .word_values import ARTICLE, COMPOUND, DENOMINATOR, HUNDRED, POINT, SCALE, TENS, UNIT, WordNumber, fold

LETTERS = regex.compile(r"\p{L}+")


def without_accents(word: str) -> str:
    """The word with its diacritics dropped (cinquième -> cinquieme), as plain-ASCII text writes it."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class WordGrammar:
    """The compiled number words of one pack."""

    def __init__(self, nw: NumberWords, scales: Lookup, spaced: bool) -> None:
        # Each word: its class, its value, and the largest number it multiplies. French says "dix-neuf cents"
        # (1,900) but never "quarante-cinq cents" for 4,500: there "cents" is the coin ("treize euros et
        # quarante-cinq cents").
        caps = {str(w).casefold(): float(v) for w, v in nw.hundreds_multiply_at_most.items()}
        self.words = Lookup()
        for cls, key in ((UNIT, "units"), (TENS, "tens"), (HUNDRED, "hundreds"), (DENOMINATOR, "denominators"),
                         (COMPOUND, "compound_denominators")):
            for w, v in getattr(nw, key).items():
                for form in {str(w), without_accents(str(w))}:  # "cinquieme" typed without its accent
                    self.words.add(form, (cls, float(v), caps.get(form.casefold(), math.inf)), True)
        for w in nw.point:
            self.words.add(w, (POINT, 0.0, math.inf), True)
        for w in scales:
            if w.isalpha() and len(w) > 1 and w not in self.words:
                self.words.add(w, (SCALE, float(scales[w]), math.inf), True)
        for w in nw.articles:
            self.words.add(w, (ARTICLE, 1.0, math.inf), True)
        # "one and a half", "cinq et un quart": a whole number, this joiner, then a fraction, add up.
        self.mixed = frozenset(j.casefold() for j in nw.mixed_joiners)
        self.fraction_of = frozenset(["", *(j.casefold() for j in nw.fraction_of)])
        self.enabled = bool(nw.units)
        # Denominators that say a number alone, being no ordinal ("more than half"; "third" alone is a rank).
        self.alone = frozenset(w.casefold() for w in nw.alone)
        if not self.enabled:
            return
        tokens = [w for w in self.words if self.words[w][0] != ARTICLE and w == w.casefold()]
        token = lexicon(tokens, spaced=spaced, ignore_case=True)
        article = lexicon(nw.articles, spaced=spaced, ignore_case=True)
        span = self._span(nw, tokens, spaced, lowercase=False)
        self.token_re = regex.compile(f"{article}|{token}")
        # In a script written with spaces a number word begins a word. The pattern then opens with the
        # character before it, a class the engine skips to at once; a lookbehind would be tried at every
        # position of the text, several times slower on long lines. Only the very first word of the range
        # has no character before it to read.
        self.word_start = spaced and all(regex.match(r"\p{L}", w) for w in self.words)
        # Every run holds a word other than an article, whose first letters stand alone as a word of the
        # text: a stretch of text without one of those words has no number in words. A bare trie of them,
        # read by the standard library's engine on the text in lowercase, says so many times faster than
        # the pattern can.
        self.first_letters = frozenset(LETTERS.match(w.lower()).group() for w in tokens) if self.word_start else None
        self.first_re: LowercasePattern | None = None
        if not self.word_start:
            self.span_re = regex.compile(f"(?P<w>{span})")
            return
        # Not after or before a basic Latin letter: fewer candidates inside longer words, none of the right
        # ones lost (the letters of that class are letters); `_has_first_word` checks the rest.
        first_words = lexicon(sorted(self.first_letters), spaced=False)
        self.first_word_re = re.compile(f"(?<![a-z]){first_words}(?![a-z])")
        self.first_word_at = re.compile(f"{first_words}(?![a-z])")  # where the range opens: no letter before
        low_span = self._span(nw, tokens, spaced, lowercase=True)
        self.first_re = LowercasePattern(regex.compile(f"(?<![\\p{{L}}\\p{{N}}])(?P<w>{span})"),
                                         re.compile(f"(?<![^\\W_])(?P<w>{low_span})"))
        self.span_re = LowercasePattern(regex.compile(f"[^\\p{{L}}\\p{{N}}](?P<w>{span})"),
                                        re.compile(f"[\\W_](?P<w>{low_span})"))

    def _span(self, nw: NumberWords, tokens: list[str], spaced: bool, lowercase: bool) -> str:
        """A run of number words, joined by spaces or joiners, perhaps opened by an article."""
        case = {"ignore_case": True, "lowercase": lowercase}
        token = lexicon(tokens, spaced=spaced, **case)
        leading = [w for w in self.words if self.words[w][0] in (HUNDRED, SCALE, DENOMINATOR)]
        article = lexicon(nw.articles, spaced=spaced, **case)
        joiners = lexicon([j for j in nw.joiners if j.strip()], spaced=spaced, **case)
        join = f"(?:(?:{SP}*(?:{joiners}){SP}*)+|{SP}+)"
        # An article opens a run before a word that says one of something ("a hundred", "a fifth"), or a
        # ten joined to a unit's ordinal ("a twenty-first": one of twenty-one parts).
        tens = [w for w in self.words if self.words[w][0] == TENS]
        ordinals = [w for w in self.words if self.words[w][0] == COMPOUND
                    or self.words[w][0] == DENOMINATOR and self.words[w][1] < 10]
        compound = f"{lexicon(tens, spaced=spaced, **case)}-{lexicon(ordinals, spaced=spaced, **case)}" \
            if tens and ordinals else "(?!)"
        start = f"(?:{article}{SP}+(?={lexicon(leading, spaced=spaced, **case)}|{compound}))?"
        return f"{start}{token}(?:{join}{token})*"

    def _joined(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Runs of number words with the runs after a mixed joiner joined on ("one" + "and" + "a half":
        the article starts a run of its own)."""
        out: list[tuple[int, int]] = []
        for s, e in spans:
            mixed = self.mixed and out and _mixed_gap(text, out[-1][1], s, self.mixed)
            if out and (mixed or self._fraction_of(text, out[-1], s)):
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
        return out

    def _fraction_of(self, text: str, before: tuple[int, int], start: int) -> bool:
        """A run ending in a denominator, then spaces (or a word of the pack's `fraction_of`), then one opening
        with an article: "half" + "a million" is half a million, "two thirds of a million" 666,667."""
        if text[before[1]:start].strip().casefold() not in self.fraction_of:
            return False
        last = text[before[0]:before[1]].split()[-1:]
        first = text[start:start + 4].split()[:1]
        return bool(last and first) and (self.words.find(last[0]) or ("",))[0] == DENOMINATOR \
            and (self.words.find(first[0]) or ("",))[0] == ARTICLE

    def _has_first_word(self, low: str, start: int, end: int) -> bool:
        """Whether one of `first_letters` stands in low[start:end] as a whole word (a run of letters). A
        match inside a longer word hides no other: the words are letters only, so none begins inside it."""
        at = self.first_word_at.match(low, start, end)  # the pattern below sees a letter before `start`
        if at and (at.end() == end or not low[at.end()].isalpha()):
            return True
        for m in self.first_word_re.finditer(low, start, end):
            s, e = m.span()
            if (s == start or not low[s - 1].isalpha()) and (e == end or not low[e].isalpha()):
                return True
        return False

    def find(self, text: str, start: int, end: int) -> list[WordNumber]:
        """Every number written in words in text[start:end]."""
        if not self.enabled:
            return []
        low = lowered(text) if self.first_letters else None
        if low is not None and not self._has_first_word(low, start, end):
            return []
        spans, pos = [], start
        first = self.first_re.match(text, start, end) if self.first_re is not None else None
        if first:
            spans.append(first.span("w"))
            pos = first.end()
        spans += [m.span("w") for m in self.span_re.finditer(text, pos, end)]
        out: list[WordNumber] = []
        for s, e in self._joined(text, spans):
            found = list(self.token_re.finditer(text, s, e))
            # Each token: start, end, class, value, the largest number it multiplies, and whether a hyphen joins
            # it to the one before (thirty-fifth).
            tokens = [(t.start(), t.end(), *self.words.find(t.group()),
                       k > 0 and "-" in text[found[k - 1].end():t.start()]) for k, t in enumerate(found)]
            mixed = [k for k in range(1, len(tokens)) if _mixed_gap(text, tokens[k - 1][1], tokens[k][0], self.mixed)]
            numbers = fold(tokens, mixed, text)
            if self.alone and len(tokens) == 1 and not numbers and text[s:e].casefold() in self.alone:
                # "more than half": one word worth less than one, so never a claim of its own (half-year).
                numbers = [WordNumber(s, e, 1.0 / tokens[0][3], True, fraction=True)]
            out += numbers
        return out


def _mixed_gap(text: str, end: int, start: int, mixed: frozenset[str]) -> bool:
    return text[end:start].strip().casefold() in mixed
