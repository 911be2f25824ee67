"""The word lists of the packs compile to tries (`packs.lexicon`): the same matches, in the same order of
preference, as the plain longest-first alternation they replace, read forwards and backwards; and, for
the standard library's engine on the text in lowercase, the same matches as the `regex` pattern."""

from __future__ import annotations

import re
import unicodedata

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.packs import get_pack
from extract.packs.lexicon import (
    NUMERIC_SYMBOLS_BELOW,
    LowercasePattern,
    _re_letter,
    ending,
    lexicon,
    lowered,
    numeric_symbols,
)
from extract.recognize.atoms import word_grammar

ALPHABET = "abAB $%-"
WORDS = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=5), min_size=1, max_size=12)
TEXT = st.text(alphabet=ALPHABET + "c1", max_size=40)


def plain(words: list[str], ignore_case: bool) -> str:
    """What the trie stands for: every word in turn, longest first."""
    alt = "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return f"(?i:{alt})" if ignore_case else f"(?:{alt})"


@settings(max_examples=300, deadline=None)
@given(WORDS, TEXT, st.booleans())
def test_trie_matches_like_the_longest_first_list(words, text, ignore_case):
    trie = regex.compile(lexicon(words, spaced=False, ignore_case=ignore_case))
    reference = regex.compile(plain(words, ignore_case))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in reference.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(WORDS, TEXT, st.booleans())
def test_backward_trie_matches_like_the_longest_first_list(words, text, ignore_case):
    trie = ending(f"(?:{lexicon(words, spaced=False, ignore_case=ignore_case, backward=True)})$")
    reference = ending(f"{plain(words, ignore_case)}$")
    for end in range(len(text) + 1):
        got, want = trie.search(text, 0, end), reference.search(text, 0, end)
        assert (got and got.span()) == (want and want.span())


def test_word_boundaries_hold_around_the_whole_list():
    over = regex.compile(lexicon(["over", "more than", "%"], spaced=True, ignore_case=True))
    assert [m.group() for m in over.finditer("Moreover, over 5% and MORE THAN 6")] == ["over", "%", "MORE THAN"]
    units = regex.compile(lexicon(["ml", "m"], spaced=True, after_digits=True))
    assert [m.group() for m in units.finditer("75ml 3 m, 4mm, am")] == ["ml", "m"]


def test_a_longer_word_wins_over_its_prefix_forwards_and_backwards():
    forwards = regex.compile(lexicon(["US", "US$", "$"], spaced=False))
    assert forwards.match("US$ 5").group() == "US$"
    backwards = ending(f"(?:{lexicon(['US$', '$', 'S$'], spaced=False, backward=True)})$")
    assert backwards.search("paid US$").group() == "US$"


@settings(max_examples=300, deadline=None)
@given(WORDS, TEXT, st.booleans())
def test_gapped_trie_matches_like_the_list_of_words_typed_apart(words, text, backward):
    """With `gaps`, a word may have spaces between its characters (百 分 之), never after its last one."""
    words = [w for w in words if w.strip(" ") == w and " " not in w] or ["ab"]
    spread = [" *".join(regex.escape(c) for c in w) for w in words]
    reference = regex.compile("(?:" + "|".join(sorted(spread, key=len, reverse=True)) + ")")
    gapped = lexicon(words, spaced=False, gaps=True, backward=backward)
    pattern = ending(f"(?:{gapped})$") if backward else regex.compile(gapped)
    if backward:
        for cut in range(len(text) + 1):
            got = pattern.search(text, 0, cut)
            ref = [m for m in regex.finditer(f"(?:{reference.pattern})$", text[:cut], overlapped=True)]
            assert bool(got) == bool(ref)
    else:
        for pos in range(len(text)):
            got, ref = pattern.match(text, pos), reference.match(text, pos)
            assert bool(got) == bool(ref)
            if got:
                assert not text[got.end() - 1].isspace()


def test_gapped_words_are_found_typed_apart():
    pattern = regex.compile(lexicon(["百分之", "百分点", "个百分点"], spaced=False, gaps=True))
    assert pattern.match("百 分 之2").group() == "百 分 之"
    assert pattern.match("个 百  分点").group() == "个 百  分点"
    assert pattern.match("百分 点").group() == "百分 点"
    assert pattern.match("百 分 ") is None


# --- The same words read by the standard library's engine on the text in lowercase (`lowercase=True`).

SPACED_ALPHABET = "abAB éÉ²½'’-1."
SPACED_WORDS = st.lists(st.text(alphabet="abAéÉ -'", min_size=1, max_size=5).filter(str.strip),
                        min_size=1, max_size=12)
SPACED_TEXT = st.text(alphabet=SPACED_ALPHABET, max_size=40)


def _unassigned_here(c: str) -> bool:
    """Characters the regex module knows and this Python's Unicode tables do not (assigned since)."""
    return unicodedata.category(c) == "Cn"


def test_numeric_symbols_all_lie_below_the_bound():
    every = "".join(map(chr, range(0x110000)))
    beyond = [c for c in re.findall(r"[^\W\d_]", every[NUMERIC_SYMBOLS_BELOW:]) if not c.isalpha()]
    assert beyond == [] and "²" in numeric_symbols() and "½" in numeric_symbols()


def test_the_classes_of_the_standard_engine_are_the_unicode_ones():
    """[^\\W_] is [\\p{L}\\p{N}], and the letter of `lowercase` patterns is \\p{L}, for every character this
    Python knows."""
    every = "".join(c for c in map(chr, range(0x110000)) if not _unassigned_here(c))
    assert re.findall(r"[^\W_]", every) == regex.findall(r"[\p{L}\p{N}]", every)
    assert re.findall(_re_letter(), every) == regex.findall(r"\p{L}", every)


@settings(max_examples=300, deadline=None)
@given(SPACED_WORDS, SPACED_TEXT, st.booleans())
def test_lowercase_lexicon_matches_like_the_regex_one(words, text, after_digits):
    """Same spans, on the text in lowercase, as the pattern that ignores case reads on the text."""
    fast = re.compile(lexicon(words, spaced=True, lowercase=True, after_digits=after_digits))
    reference = regex.compile(lexicon(words, spaced=True, ignore_case=True, after_digits=after_digits))
    assert [m.span() for m in fast.finditer(text.lower())] == [m.span() for m in reference.finditer(text)]


@given(SPACED_WORDS, SPACED_TEXT)
@settings(max_examples=200, deadline=None)
def test_word_scanner_finds_what_the_regex_pattern_finds(words, text):
    scanner = LowercasePattern.of_words(words, spaced=True)
    for start, end in ((0, len(text)), (len(text) // 3, len(text))):
        got = [m.span() for m in scanner.finditer(text, start, end)]
        assert got == [m.span() for m in scanner.fallback.finditer(text, start, end)]


def test_word_scanner_reads_the_text_itself_where_lowering_moves_offsets():
    scanner = LowercasePattern.of_words(["market share"], spaced=True)
    text = "İstanbul: Market share rose"
    assert lowered(text) is None
    assert [m.group() for m in scanner.finditer(text, 0, len(text))] == ["Market share"]


NUMBER_TEXT = st.lists(st.sampled_from(["one", "Two", "hundred", "and", "a", "half", "thousand", "trente",
                                        "et", "un", "cinq", "someone", "often", "²", "½", "-", " ", ", ", "3",
                                        "É", "Deux", "mille", "quarts", "l'", "twenty-one"]),
                       max_size=14).map("".join)


@settings(max_examples=300, deadline=None)
@given(NUMBER_TEXT, st.sampled_from(["en", "fr"]))
def test_number_words_found_alike_on_the_lowercase_text(text, code):
    """The runs of number words the grammar reads off the text in lowercase are those its regex patterns
    read off the text (which they still do where lowering would move offsets)."""
    grammar = word_grammar(get_pack(code))
    low = text.lower()
    fast = [m.span("w") for m in grammar.span_re.fast.finditer(low, 0, len(text))]
    slow = [m.span("w") for m in grammar.span_re.fallback.finditer(text, 0, len(text))]
    assert fast == slow
    first = grammar.first_re.fast.match(low, 0, len(text)), grammar.first_re.fallback.match(text, 0, len(text))
    assert (first[0] and first[0].span("w")) == (first[1] and first[1].span("w"))
    for start in (0, len(text) // 2):  # a range may open inside a word: its letters there are a word
        has_word = grammar._has_first_word(low, start, len(text))
        assert has_word == (not grammar.first_letters.isdisjoint(regex.compile(r"\p{L}+").findall(low, start)))
