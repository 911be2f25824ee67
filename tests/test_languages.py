"""Which language a document and each of its lines is read in (extract/languages.py). Sentences of our own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import languages
from extract.languages import block_language, by_function_words, identify

EN = ("The company said that revenue from its cloud business rose by a third in the year, and that the "
      "margin of the unit was higher than it had been for the past two years.")
FR = ("La société a indiqué que le chiffre d'affaires de son activité dans le nuage a progressé d'un tiers "
      "sur l'année, et que la marge de cette division est plus élevée que pour les deux années passées.")


@pytest.mark.parametrize("text, expected", [
    (EN, "en"),
    (FR, "fr"),
    ("GPU cloud 2025: 12 %", None),  # no function words: no verdict, langdetect decides
    ("the and le et", None),  # as many of one list as of the other: no verdict
])
def test_function_words_decide_only_on_plain_evidence(text, expected):
    assert by_function_words(text) == expected


@pytest.mark.parametrize("doc_lang, settled, block, expected", [
    ("en", False, FR, "fr"),  # a French quotation in an English report
    ("fr", False, EN + " " + EN, "en"),
    ("fr", False, EN, "fr"),  # under 150 letters: too short to switch on
    ("en", True, FR, "en"),  # the front matter said English: the line keeps it
    ("en", False, "Revenue: 12 %.", "en"),  # too short to tell
    ("fr", False, "市场份额达到百分之三十五，较去年上升。", "zh-Hans"),  # the script says it
    ("zh-Hant", False, "據報導，該公司的市場份額為 35%（AWS、Azure）。", "zh-Hant"),  # names in a Chinese line
])
def test_block_language(doc_lang, settled, block, expected):
    assert block_language(block, doc_lang, settled) == expected


def test_documents_with_plain_function_words_never_ask_langdetect(monkeypatch):
    def refuse(*_):
        raise AssertionError("langdetect asked")

    monkeypatch.setattr(languages, "detect_langs", refuse)
    assert identify(EN + "\n" + EN) == "en"
    assert identify(FR) == "fr"
    assert identify(FR, hint="fr-FR") == "fr"
    assert identify("市場份額達到百分之三十五，較去年上升。" * 3) == "zh-Hant"


def test_langdetect_decides_where_function_words_do_not():
    # German has no pack and no list: the function words say nothing and langdetect is asked.
    german = "Der Umsatz des Unternehmens ist im Jahr um ein Drittel gestiegen, und die Marge war höher."
    assert by_function_words(german) is None
    assert identify(german) == "en"  # no German pack: the default


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["市", "場", "份", "额", "A", "w", "é", "5", "%", " ", "，", "-"]), max_size=60),
       st.sampled_from([0.2, 0.3]))
def test_han_share_compares_as_the_exact_share_does(chars, enough):
    text = "".join(chars)
    han = sum(ch in "市場份额" for ch in text)
    letters = sum(ch.isalpha() for ch in text)
    exact = han / letters if letters else 0.0
    got = languages.han_share(text, enough=enough)
    for threshold in (0.05, 0.2, 0.3):
        if threshold <= enough:
            assert (got >= threshold) == (exact >= threshold)
            assert (got < threshold) == (exact < threshold)
