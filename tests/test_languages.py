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


ZH = "據報導，該公司的雲端業務營收在去年成長了三分之一，毛利率也高於過去兩年。"
FR_SHORT = "Les grandes tendances du marché"  # French by langdetect, with too few function words to say it
EN_TITLES = ["Cloud GPU pricing guide: reserved capacity explained", "Top cloud providers ranked by revenue",
             "Quarterly earnings: hyperscaler capital spending"]


def _languages(lines: list[str], doc_lang: str = "zh-Hant", settled: bool = True, cut: int | None = None):
    """The language of each line of a document made of `lines`, read at once or in two parts (`cut`)."""
    text = "\n".join(lines)
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    reader = languages.LineLanguages(doc_lang, settled)
    if cut is None:
        return reader.of(text, spans)
    return reader.of(text, spans[:cut], spans[cut:]) + reader.of(text, spans[cut:])


def _counting_langdetect(monkeypatch) -> list[str]:
    asked = []
    real = languages.detect_langs

    def counted(text):
        asked.append(text)
        return real(text)

    monkeypatch.setattr(languages, "detect_langs", counted)
    return asked


def test_open_lines_between_lines_of_one_language_take_it_without_langdetect(monkeypatch):
    asked = _counting_langdetect(monkeypatch)
    lines = [ZH, FR, FR_SHORT, "2025", FR_SHORT + " en Europe", FR]
    assert _languages(lines) == ["zh-Hant", "fr", "fr", "zh-Hant", "fr", "fr"]  # the short date keeps the document's
    assert asked == []


def test_a_run_of_open_lines_is_read_by_langdetect_once(monkeypatch):
    asked = _counting_langdetect(monkeypatch)
    assert _languages([ZH, *EN_TITLES, ZH]) == ["zh-Hant", "en", "en", "en", "zh-Hant"]
    assert len(asked) == 1 and all(title in asked[0] for title in EN_TITLES)


def test_a_long_run_is_read_a_part_at_a_time(monkeypatch):
    asked = []
    real = languages.detect
    monkeypatch.setattr(languages, "detect", lambda text, default="en": asked.append(text) or real(text, default))
    titles = [f"{title} ({i})" for i in range(60) for title in EN_TITLES]
    assert 2 * languages.RUN_REACH < len("\n".join(titles)) < 3 * languages.RUN_REACH
    assert set(_languages([ZH, *titles, ZH])[1:-1]) == {"en"}
    assert len(asked) == 3 and all(len(part) <= languages.RUN_SAMPLE for part in asked)


@pytest.mark.parametrize("cut", range(1, 7))
def test_lines_read_in_parts_take_the_languages_they_take_read_at_once(cut):
    lines = [ZH, FR, FR_SHORT, *EN_TITLES, FR, ZH, *EN_TITLES]
    assert _languages(lines, cut=cut) == _languages(lines)


def test_a_long_run_read_in_windows_is_read_in_the_parts_it_is_read_in_at_once(monkeypatch):
    """A window of a large document is a text of its own: runs are measured in the document (`origin`)."""
    asked = []
    real = languages.detect
    monkeypatch.setattr(languages, "detect", lambda text, default=None: asked.append(text) or real(text, default))
    lines = [ZH, *(f"{title} ({i})" for i in range(60) for title in EN_TITLES), ZH]
    text = "\n".join(lines)
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    whole = languages.LineLanguages("zh-Hant", True).of(text, spans)
    at_once, asked[:] = list(asked), []
    cut = len(spans) // 3
    origin = spans[cut][0]
    reader = languages.LineLanguages("zh-Hant", True)
    first = reader.of(text[:origin + 5_000], spans[:cut], [s for s in spans[cut:] if s[1] <= origin + 5_000])
    second = reader.of(text[origin:], [(s - origin, e - origin) for s, e in spans[cut:]], origin=origin)
    assert first + second == whole
    assert asked == at_once and len(asked) == 3
