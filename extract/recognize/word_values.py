"""Values of runs of number words: the words of a run folded the usual way (units and tens add, a hundred
multiplies, a scale closes a group, a denominator makes a fraction), and a run cut into separate numbers
where a word cannot follow the one before it ("two three"). Runs are found by words.py."""

from __future__ import annotations

import math
from dataclasses import dataclass

UNIT, TENS, HUNDRED, SCALE, POINT, DENOMINATOR, ARTICLE = "U", "T", "H", "S", "P", "D", "A"
COMPOUND = "O"  # an ordinal that is a denominator only after a ten: twenty-first, vingt et unième


@dataclass(frozen=True)
class WordNumber:
    start: int
    end: int
    value: float
    single: bool  # one word worth at most one ("one", "une", "a"): an article more than a figure
    fraction: bool = False  # ends in a denominator: "three quarters", "a half"
    ordinal: float | None = None  # a ten and a unit's ordinal alone ("twenty-fifth"): the denominator it makes


def fold(tokens: list[tuple[int, int, str, float, float, bool]], mixed: list[int] = (),
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


@dataclass(slots=True)
class _Reading:
    """A number being read from a run of tokens, word by word."""

    start: int
    end: int
    j: int  # the token read next
    total: float = 0.0  # what the scale words closed
    current: float = 0.0  # the group the scale words have not closed yet
    last: str | None = None  # class of the last token taken
    decimals: str | None = None  # digits after a decimal word ("point"), once one is read
    before_point: int = 0
    last_scale: float = math.inf
    tens: float = 0.0  # the ten just read: with a unit's ordinal after it, the two are one denominator


def _one(tokens, i: int, scaled: bool = True) -> tuple[WordNumber | None, int]:
    """The number that starts at token i, and how many tokens it takes. `scaled`: a scale word right
    after a fraction multiplies it (a quarter million); the part of a mixed number leaves it to the whole."""
    r = _Reading(start=tokens[i][0], end=tokens[i][0], j=i)
    while r.j < len(tokens):
        _, t_end, cls, v, cap, hyphen = tokens[r.j]
        if cls == COMPOUND:  # "first" is a denominator only in twenty-first
            if r.last != TENS:
                break
            cls = DENOMINATOR
        if r.decimals is not None:
            if _decimal_digit(r, tokens, cls, v, t_end):
                continue
            break
        if cls == DENOMINATOR:
            found = _fraction(r, tokens, i, v, t_end, hyphen, scaled)
            if found is None:
                break
            return found
        if not _TAKE[cls](r, v, cap):
            break
        r.last = cls
        r.end = t_end
        r.j += 1
    if r.j == i or r.last in (ARTICLE, None):
        return None, max(1, r.j - i)
    if r.decimals == "":
        r.j, r.end = r.j - 1, r.before_point  # a decimal word with no digits after it is not part of the number
    value = r.total + r.current + (float("0." + r.decimals) if r.decimals else 0.0)
    single = (r.j - i) == 1 and value <= 1
    return WordNumber(r.start, r.end, value, single), r.j - i


def _decimal_digit(r: _Reading, tokens, cls: str, v: float, t_end: int) -> bool:
    """A digit after the decimal word (True: read on); "point seventy-one", "virgule cinquante deux",
    "point eleven": one number of two digits, after which nothing more is read."""
    if cls == UNIT and v < 10:
        r.decimals += str(int(v))
        r.end, r.j = t_end, r.j + 1
        return True
    if r.decimals == "" and (cls == TENS or cls == UNIT and v < 100):
        two, j = v, r.j
        if cls == TENS and j + 1 < len(tokens) and tokens[j + 1][2] == UNIT and tokens[j + 1][3] < 10:
            two, t_end, j = v + tokens[j + 1][3], tokens[j + 1][1], j + 1
        r.decimals, r.end, r.j = str(int(two)), t_end, j + 1
    return False


def _take_article(r: _Reading, v: float, cap: float) -> bool:
    if r.last is not None:
        return False
    r.current = 1.0
    return True


def _take_unit(r: _Reading, v: float, cap: float) -> bool:
    if r.last in (UNIT, DENOMINATOR) or (r.last == TENS and v >= 20):
        return False
    r.current += v
    return True


def _take_tens(r: _Reading, v: float, cap: float) -> bool:
    if r.last in (UNIT, TENS, DENOMINATOR):
        return False
    r.current += v
    r.tens = v
    return True


def _take_hundred(r: _Reading, v: float, cap: float) -> bool:
    if r.last in (HUNDRED, DENOMINATOR) or r.current > cap:
        return False
    r.current = (r.current or 1.0) * v
    return True


def _take_scale(r: _Reading, v: float, cap: float) -> bool:
    if r.last == SCALE and v >= r.last_scale or r.last == DENOMINATOR:
        return False
    r.total += (r.current or 1.0) * v
    r.current, r.last_scale = 0.0, v
    return True


def _take_point(r: _Reading, v: float, cap: float) -> bool:
    if r.last is None or r.last in (ARTICLE,):
        return False
    r.decimals, r.before_point = "", r.end
    return True


_TAKE = {ARTICLE: _take_article, UNIT: _take_unit, TENS: _take_tens, HUNDRED: _take_hundred, SCALE: _take_scale,
         POINT: _take_point}


def _fraction(r: _Reading, tokens, i: int, v: float, t_end: int, hyphen: bool,
              scaled: bool) -> tuple[WordNumber, int] | None:
    """The fraction a denominator closes, or None where it cannot follow ("third" alone is an ordinal).
    A fraction of the scale word right after it: "un demi-million", "a quarter million", and with no
    numerator "half a million", "quarter million"."""
    j, last = r.j, r.last
    k = j + 1 + (j + 1 < len(tokens) and tokens[j + 1][2] == ARTICLE)
    of_scale = scaled and k < len(tokens) and tokens[k][2] == SCALE
    if last is None and not of_scale:
        return None
    whole = r.total + r.current if last is not None else 1.0
    ordinal = None
    # A ten and a unit's ordinal make one ordinal where a hyphen joins them or the ordinal is only ever one
    # after a ten: "one hundred thirty-fifths" is 100/35, "three twenty firsts" 3/21, but "cent trente
    # cinquièmes" is 130/5. Alone, "twenty-fifth" is a rank, or the denominator of a numerator said right
    # before it ("one twenty-fifth"); "twenty fifths" can be either.
    compound = last == TENS and v < 10 and (hyphen or tokens[j][2] == COMPOUND)
    if compound and whole > r.tens:
        whole, v = whole - r.tens, r.tens + v
    elif last == TENS and v < 10 and whole == r.tens:
        ordinal = r.tens + v
        if compound:
            return WordNumber(r.start, t_end, 0.0, False, fraction=True, ordinal=ordinal), j - i + 1
    elif last in (HUNDRED, SCALE) and v < 100:  # "one hundred fifth": the 105th, after a numerator
        ordinal = whole + v
    value = whole / v
    if of_scale:
        return WordNumber(r.start, tokens[k][1], value * tokens[k][3], False), k - i + 1
    return WordNumber(r.start, t_end, value, False, fraction=True, ordinal=ordinal), j - i + 1
