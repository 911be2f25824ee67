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
