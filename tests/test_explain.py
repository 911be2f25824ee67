"""Every number the recognizer reads and does not keep says why (`extract.explain`, `extract parse
--explain`); the public API's doctests run. Sentences of our own."""

from __future__ import annotations

import doctest
import json

import pytest

import extract
from extract import explain, parse
from extract.cli import main
from extract.packs import ENV
from extract.recognize.reasons import REASONS

CASES = [
    ("en", "Gemini-two shipped this spring.", "two", "glued_to_name"),
    ("en", "The meeting starts at 10:30 sharp.", "10", "time_or_date"),
    ("en", "They moved the 4o model to the new cluster.", "4", "name_after"),
    ("en", "Pick the one you like.", "one", "pronoun"),
    ("zh-Hans", "一切照旧，营收稳定。", "一", "numeral_in_word"),
    ("en", "Each node runs 3 GPUs per GPU slot.", "3", "rate_of_itself"),
    ("en", "The Top 10 vendors met in Paris.", "10", "list_position"),
    ("fr", "Voir le chapitre 3 du rapport.", "3", "list_position"),
    ("en", "Prices fell per 1,000 tokens last year.", "1,000", "denominator"),
    ("zh-Hans", "这家店打十折，等于没有折扣。", "十", "no_discount"),
    ("en", "The 10-year yield rose to a 52-week high.", "10", "tenor"),
    ("zh-Hans", "医保覆盖65周岁以上人口。", "65", "age"),
    ("zh-Hans", "工商银行(5.612, 0.13, 2.37%)走高。", "0.13", "quote_widget"),
    ("en", "Exports rose 4% in the first nine months.", "nine", "period"),
    ("fr", "Les ventes ont crû sur les 12 derniers mois.", "12", "period"),
]


@pytest.mark.parametrize("lang, text, number, reason", CASES)
def test_each_rejection_says_why(lang, text, number, reason):
    rejected = [(m["text"], m["rejected"]) for m in explain(text, lang) if "rejected" in m]
    assert (number, reason) in rejected, explain(text, lang)
    assert all(m["text"] != number for m in parse(text, lang)), "a rejected number is no figure"


def test_every_reason_is_exercised_and_described():
    ordinal = "ordinal"  # no shipped pack names ordinal marks apart from its list markers: a pack of our own does
    assert {reason for *_, reason in CASES} | {ordinal} == set(REASONS)


def test_an_ordinal_mark_of_a_pack_is_a_reason(tmp_path, monkeypatch):
    (tmp_path / "xx.yaml").write_text("code: xx\nscript: Latin\nordinal_before: [Nr]\n", encoding="utf-8")
    monkeypatch.setenv(ENV, str(tmp_path))
    assert [(m["text"], m.get("rejected")) for m in explain("Nr 5 and 12 %", "xx")] == [
        ("5", "ordinal"), ("12 %", None)]


def test_explain_adds_rejections_to_what_parse_gives():
    text = "Top 10 providers hold 65 % of the market, worth $12 billion at 10:30 GMT."
    found = explain(text, "en")
    assert [m for m in found if "rejected" not in m] == parse(text, "en")
    assert [m["start"] for m in found] == sorted(m["start"] for m in found)
    for m in found:
        assert text[m["start"]:m["end"]] == m["text"]


def test_cli_explain(capsys):
    assert main(["parse", "--explain", "--lang", "en", "Top 10 firms earn 5 %"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(m["text"], m.get("rejected")) for m in lines] == [("10", "list_position"), ("5 %", None)]
    assert lines[0]["why"] == REASONS["list_position"]


def test_public_api_doctests_run():
    assert doctest.testmod(extract).failed == 0
