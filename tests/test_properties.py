"""Invariants of the recognizer over arbitrary text: no exception, spans inside, values ordered, stable."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from extract import parse

# Text built from the pieces figures are made of, so that examples exercise the grammar, plus any Unicode.
PIECES = st.sampled_from(["1", "29", "4,96", "45 000", "87, 5", "2025", " ", "-", "à", "to", "%", "％", "$", "USD",
                          "milliards", "billion", "億", "萬", "三十五", "美元", "每小時", "per hour", "超過", "约",
                          "plus de", "up to", "個", "GPU", "users", "x", "倍", "MW", "Tb/s", "。", ".", ",", "\n",
                          "H100", "Top", "第", "between", "and", "entre", "et", "de", "百分之", "兆瓦"])
TEXT = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join))
LANGS = st.sampled_from(["en", "fr", "zh-Hans", "zh-Hant"])


@settings(max_examples=300, deadline=None)
@given(TEXT, LANGS)
def test_figures_are_well_formed(text, lang):
    found = parse(text, lang)
    for m in found:
        assert 0 <= m["start"] < m["end"] <= len(text)
        assert text[m["start"]: m["end"]] == m["text"]
        assert math.isfinite(m["value_low"]) and math.isfinite(m["value_high"])
        assert m["value_low"] <= m["value_high"]
    starts = [m["start"] for m in found]
    assert starts == sorted(starts)
    assert parse(text, lang) == found
