"""The word lists of the packs compile to tries (`packs.lexicon`): the same matches, in the same order of
preference, as the plain longest-first alternation they replace, read forwards and backwards."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.packs import ending, lexicon

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
