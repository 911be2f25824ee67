"""Invariants over arbitrary input (hypothesis): never an exception, every span inside its text and equal
to it, values finite and ordered, the same output twice. Together these run 2,200 examples."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract import parse
from extract.extractor import extract_document
from extract.model import ReadError
from extract.readers import read_bytes

# Text built from the pieces figures are made of, so that examples exercise the grammar, plus any Unicode.
PIECES = st.sampled_from([
    "1", "29", "4,96", "45 000", "87, 5", "2025", " ", "-", "à", "to", "%", "％", "$", "USD", "milliards",
    "billion", "億", "萬", "三十五", "美元", "每小時", "per hour", "超過", "约", "plus de", "up to", "個", "GPU",
    "users", "x", "倍", "MW", "Tb/s", "。", ".", ",", "\n", "H100", "Top", "第", "between", "and", "entre", "et",
    "de", "百分之", "兆瓦", "AWS", "market share", "CAGR", "in 2024", "Q3", "\r\n", "**", "[", "](http://a.b/1)",
    "分之", "又", "點", "成", "折", "千分之", "零", "两", "十", "万", "e", "^", "-", "over", "cents", "and", "twenty",
    "hundred", "quatre-vingt", "et", "demi", "点", "块", "角", "km", "kg", "¢", "CHF", "一", "个", "/MTok",
    "半", "两三", "三四百", "蚊", "毫", "打对折", "twenty-first", "fifths", "(", ")", "a dollar", "of a", "thousand",
    "192.168.1", "22,24", "七成", "Ｋ", "$ c", "c'est", "銭", "个半", "到", "至", "三十两", "between 2 g and about",
])
TEXT = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join))
LANGS = st.sampled_from(["en", "fr", "zh-Hans", "zh-Hant"])
FORMATS = st.sampled_from(["a.txt", "a.md", "a.html"])
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@settings(max_examples=1200, **SETTINGS)
@given(TEXT, LANGS)
@example("0分之兆瓦", "zh-Hans")  # found by this test: a unit cut left a fraction without numerator
@example("两三分之1", "zh-Hans")  # found by this test: a rough range under a fraction mark came out reversed
def test_figures_are_well_formed(text, lang):
    found = parse(text, lang)
    for m in found:
        assert 0 <= m["start"] < m["end"] <= len(text)
        assert text[m["start"]: m["end"]] == m["text"]
        if m["value_low"] is None:  # a unit named without a figure
            assert m["value_high"] is None and m["unit"]
            continue
        assert math.isfinite(m["value_low"]) and math.isfinite(m["value_high"])
        assert m["value_low"] <= m["value_high"]
    starts = [m["start"] for m in found]
    assert starts == sorted(starts)
    # No two figures share a character.
    assert all(a["end"] <= b["start"] for a, b in zip(found, found[1:], strict=False)), found
    assert parse(text, lang) == found


@settings(max_examples=500, **SETTINGS)
@given(st.binary(max_size=400), FORMATS)
def test_readers_take_any_bytes(data, name):
    try:
        doc = read_bytes(data, name)
    except ReadError as exc:
        assert exc.reason and exc.stage
        return
    if doc.raw_starts is None:
        assert len(doc.text) == len(doc.raw)
    else:
        assert len(doc.raw_starts) == len(doc.raw_ends) == len(doc.text)
        assert all(0 <= s <= e <= len(doc.raw) for s, e in zip(doc.raw_starts, doc.raw_ends, strict=True))


@settings(max_examples=500, **SETTINGS)
@given(TEXT, FORMATS, st.sampled_from(["", "---\nlang: fr\n---\n", "---\nlang: hant\ntitle: 市場 2025\n---\n"]))
def test_every_mention_points_at_its_source(text, name, head):
    data = ((head if name != "a.html" else "") + text).encode("utf-8")
    try:
        doc = read_bytes(data, name)
    except ReadError:
        return
    _, mentions = extract_document(doc)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(doc.raw)
        if doc.raw_starts is None:
            assert doc.raw[m.start: m.end] == m.text
        assert math.isfinite(m.value_low) and m.value_low <= m.value_high
    assert [m.mention_id for m in extract_document(doc)[1]] == [m.mention_id for m in mentions]


PERIOD_PIECES = st.sampled_from([
    "2025", "2030", "1999", "12025", " ", "between ", "from ", " and ", " to ", "-", "–", "through ", "since ",
    "by the end of ", "Q3", "Q3 ", "FY", "fiscal year ", "second half of ", "third quarter of ", "H2 ", "March ",
    "Sept. 30, ", "entre ", " et ", "quatrième trimestre de l'exercice ", "d'ici ", "T2 ", "年", "财年", "第三季",
    "上半年", "至", "以来", "12月", "。", ",", "x", "\n", "１", "二〇二五",
])


@settings(max_examples=300, **SETTINGS)
@given(st.lists(PERIOD_PIECES, max_size=40).map("".join), st.sampled_from(["en", "fr", "zh"]))
def test_periods_looked_for_around_years_are_the_periods_of_the_whole_text(text, lang):
    """find_periods reads only the stretches around years; a scan of the whole text finds the same."""
    from extract.context.periods import Period, _compared, _value, find_periods
    from extract.packs import get_pack

    pack = get_pack(lang)
    taken: list[Period] = []
    for pattern, role in pack.context.period_patterns:
        for m in pattern.finditer(text):
            if not any(m.start() < p.end and p.start < m.end() for p in taken):
                value, years = _value(m, pack)
                if value:
                    compared = role == "point" and _compared(text, pack, m.start())
                    taken.append(Period(m.start(), m.end(), value, "base" if compared else role, years))
    assert find_periods(text, pack, 0, len(text)) == sorted(taken, key=lambda p: p.start)
