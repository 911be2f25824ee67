"""Numbers written in words ("two thousand and two hundred", "quatre-vingt-douze", "five - eighths").

A pack's `number_words` lists units, tens, hundreds, articles, joiners, the decimal word and fraction
denominators; its `scales` give thousand, million, milliard. One pattern finds runs of such words; the
run is then folded the usual way (units and tens add, a hundred multiplies, a scale closes a group),
and where a word cannot follow the one before it ("two three") the run is cut into separate numbers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import regex

from ..packs import SP, Lookup, LowercasePattern, lexicon, lowered
from ..packs.schema import NumberWords

UNIT, TENS, HUNDRED, SCALE, POINT, DENOMINATOR, ARTICLE = "U", "T", "H", "S", "P", "D", "A"
COMPOUND = "O"  # an ordinal that is a denominator only after a ten: twenty-first, vingt et unième
LETTERS = regex.compile(r"\p{L}+")


def without_accents(word: str) -> str:
    """The word with its diacritics dropped (cinquième -> cinquieme), as plain-ASCII text writes it."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@dataclass(frozen=True)
class WordNumber:
    start: int
    end: int
    value: float
    single: bool  # one word worth at most one ("one", "une", "a"): an article more than a figure
    fraction: bool = False  # ends in a denominator: "three quarters", "a half"
    ordinal: float | None = None  # a ten and a unit's ordinal alone ("twenty-fifth"): the denominator it makes


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
            numbers = _fold(tokens, mixed, text)
            if self.alone and len(tokens) == 1 and not numbers and text[s:e].casefold() in self.alone:
                # "more than half": one word worth less than one, so never a claim of its own (half-year).
                numbers = [WordNumber(s, e, 1.0 / tokens[0][3], True, fraction=True)]
            out += numbers
        return out


def _mixed_gap(text: str, end: int, start: int, mixed: frozenset[str]) -> bool:
    return text[end:start].strip().casefold() in mixed


def _fold(tokens: list[tuple[int, int, str, float, float, bool]], mixed: list[int] = (),
          text: str = "") -> list[WordNumber]:
    """Numbers of a run of number words, cutting the run where a word cannot follow the one before.
    `mixed`: indexes of the tokens that follow a mixed-number joiner ("and" of "one and a half").
    A number cut off right before a compound ordinal is its numerator: "three twenty-firsts" is 3/21."""
    out: list[WordNumber] = []
    i, after_last = 0, -1
    while i < len(tokens):
        number, used = _mixed_number(tokens, mixed, i) or _one(tokens, i)
        if number is None:
            i += 1
            continue
        p = out[-1] if out else None
        if number.ordinal and p is not None and after_last == i and not p.fraction and p.value >= 1 \
                and not text[p.end:number.start].strip():
            out[-1] = WordNumber(p.start, number.end, p.value / number.ordinal, False, fraction=True)
        elif not (number.ordinal and number.value == 0):  # with no numerator, "twenty-first" is a rank
            out.append(number)
        i += used
        after_last = i
    return out


def _mixed_number(tokens, mixed: list[int], i: int) -> tuple[WordNumber, int] | None:
    """A whole number, a mixed joiner, a fraction: "one hundred and three quarters" is 100.75, not 103/4."""
    # The joiner that opens the fraction is the last one before it: "one hundred and thirty and two fifths"
    # is 130 and 2/5.
    ks = [k for k in mixed if k > i]
    if not ks:
        return None
    k = next((k for k in reversed(ks) if any(t[2] == DENOMINATOR for t in tokens[k:k + 4])), ks[0])
    whole, used = _one(tokens[:k], i)
    if whole is None or used != k - i or whole.fraction:
        return None
    part, more = _one(tokens, k, scaled=False)
    ordinal = None
    if part is None and tokens[k][2] == DENOMINATOR:  # "deux et demi": a bare denominator is one part
        part, more = WordNumber(tokens[k][0], tokens[k][1], 1.0 / tokens[k][3], False, fraction=True), 1
        if tokens[k - 1][2] in (HUNDRED, SCALE) and tokens[k][3] < 100:  # "one hundred and fifth": 105th
            ordinal = whole.value + tokens[k][3]
    if part is None or not part.fraction or part.value >= 1:
        return None
    # After a scale word the fraction is of the scale: "un milliard et demi", "a billion and a half";
    # unless a scale word of its own follows it: "one billion and a half million" is 1,000,500,000 (where
    # the whole has none, the scale is of the whole: "one and a half billion").
    after = k + more
    scaled = any(t[2] == SCALE for t in tokens[i:k])
    if scaled and after < len(tokens) and tokens[after][2] == SCALE and tokens[after][0] - part.end <= 2:
        own = tokens[after]
        return WordNumber(whole.start, own[1], whole.value + part.value * own[3], False), used + more + 1
    unit = tokens[k - 1][3] if tokens[k - 1][2] == SCALE else 1.0
    return WordNumber(whole.start, part.end, whole.value + part.value * unit, False, ordinal=ordinal), used + more


def _one(tokens, i: int, scaled: bool = True) -> tuple[WordNumber | None, int]:
    """The number that starts at token i, and how many tokens it takes. `scaled`: a scale word right
    after a fraction multiplies it (a quarter million); the part of a mixed number leaves it to the whole."""
    total = current = 0.0
    last = None
    decimals: str | None = None
    before_point = 0
    start = tokens[i][0]
    end = start
    j = i
    last_scale = float("inf")
    tens = 0.0  # the ten just read: with a unit's ordinal after it, the two are one denominator
    while j < len(tokens):
        _, t_end, cls, v, cap, hyphen = tokens[j]
        if cls == COMPOUND:  # "first" is a denominator only in twenty-first
            if last != TENS:
                break
            cls = DENOMINATOR
        if decimals is not None:
            if cls == UNIT and v < 10:
                decimals += str(int(v))
                end, j = t_end, j + 1
                continue
            if decimals == "" and (cls == TENS or cls == UNIT and v < 100):
                # "point seventy-one", "virgule cinquante deux", "point eleven": one number of two digits
                two = v
                if cls == TENS and j + 1 < len(tokens) and tokens[j + 1][2] == UNIT and tokens[j + 1][3] < 10:
                    two, t_end, j = v + tokens[j + 1][3], tokens[j + 1][1], j + 1
                decimals, end, j = str(int(two)), t_end, j + 1
            break
        if cls == ARTICLE:
            if last is not None:
                break
            current = 1.0
        elif cls == UNIT:
            if last in (UNIT, DENOMINATOR) or (last == TENS and v >= 20):
                break
            current += v
        elif cls == TENS:
            if last in (UNIT, TENS, DENOMINATOR):
                break
            current += v
            tens = v
        elif cls == HUNDRED:
            if last in (HUNDRED, DENOMINATOR) or current > cap:
                break
            current = (current or 1.0) * v
        elif cls == SCALE:
            if last == SCALE and v >= last_scale or last == DENOMINATOR:
                break
            total += (current or 1.0) * v
            current, last_scale = 0.0, v
        elif cls == POINT:
            if last is None or last in (ARTICLE,):
                break
            decimals, before_point = "", end
        elif cls == DENOMINATOR:
            # A fraction of the scale word right after it: "un demi-million", "a quarter million", and with
            # no numerator "half a million", "quarter million".
            k = j + 1 + (j + 1 < len(tokens) and tokens[j + 1][2] == ARTICLE)
            of_scale = scaled and k < len(tokens) and tokens[k][2] == SCALE
            if last is None and not of_scale:
                break  # "third" alone is an ordinal, not a fraction
            whole = total + current if last is not None else 1.0
            ordinal = None
            # A ten and a unit's ordinal make one ordinal where a hyphen joins them or the ordinal is only ever
            # one after a ten: "one hundred thirty-fifths" is 100/35, "three twenty firsts" 3/21, but "cent
            # trente cinquièmes" is 130/5. Alone, "twenty-fifth" is a rank, or the denominator of a numerator
            # said right before it ("one twenty-fifth"); "twenty fifths" can be either.
            compound = last == TENS and v < 10 and (hyphen or tokens[j][2] == COMPOUND)
            if compound and whole > tens:
                whole, v = whole - tens, tens + v
            elif last == TENS and v < 10 and whole == tens:
                ordinal = tens + v
                if compound:
                    return WordNumber(start, t_end, 0.0, False, fraction=True, ordinal=ordinal), j - i + 1
            elif last in (HUNDRED, SCALE) and v < 100:  # "one hundred fifth": the 105th, after a numerator
                ordinal = whole + v
            value = whole / v
            if of_scale:
                return WordNumber(start, tokens[k][1], value * tokens[k][3], False), k - i + 1
            return WordNumber(start, t_end, value, False, fraction=True, ordinal=ordinal), j - i + 1
        last = cls
        end = t_end
        j += 1
    if j == i or last in (ARTICLE, None):
        return None, max(1, j - i)
    if decimals == "":
        j, end = j - 1, before_point  # a decimal word with no digits after it is not part of the number
    value = total + current + (float("0." + decimals) if decimals else 0.0)
    single = (j - i) == 1 and value <= 1
    return WordNumber(start, end, value, single), j - i
