"""Figures as the tables write them, from whole documents of our own (#17): a denominator the text said
before, units the contract writes in its own base (mass in kg), what is and is not a claim."""

from __future__ import annotations

import pytest

from extract.extractor import extract_document
from extract.readers import read_document


def _mentions(tmp_path, name: str, text: str) -> list[tuple]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, mentions = extract_document(read_document(path, name))
    return [(m.text, m.value_low, m.unit, m.per) for m in mentions]


def test_a_denominator_left_unsaid_takes_the_noun_said_before(tmp_path):
    doc = ("# What the API charges\n\nTokens read cost \\$2 per million; tokens written, \\$8 per million.\n\n"
           "## Batch\n\nAt half the price: \\$1 per million input and \\$4 per million output.\n")
    assert _mentions(tmp_path, "a.md", doc) == [
        ("\\$2 per million", 2e-06, "USD", "token"), ("\\$8 per million", 8e-06, "USD", "token"),
        ("\\$1 per million", 1e-06, "USD", "token"), ("\\$4 per million", 4e-06, "USD", "token")]


def test_a_denominator_never_said_leaves_the_price_as_said(tmp_path):
    assert _mentions(tmp_path, "b.txt", "Support costs $2 per million.\n") == [
        ("$2 per million", 2.0, "USD", "")]


def test_mass_is_written_in_kg(tmp_path):
    doc = "The ship carried 25 tonnes of aid, 300 g of seeds and 2 million tons of coal.\n"
    assert _mentions(tmp_path, "c.txt", doc) == [
        ("25 tonnes", 25000.0, "kg", ""), ("300 g", 0.3, "kg", ""), ("2 million tons", 2.0e9, "kg", "")]


@pytest.mark.parametrize("text, expected", [
    ("Growth slowed to one per cent.\n", [("one per cent", 1.0, "%", "")]),
    ("A pen costs a dollar.\n", []),  # an article, no claim
    ("The 10-year yield hit a 52-week high of 4.2%.\n", [("4.2%", 4.2, "%", "")]),
])
def test_what_is_a_claim(tmp_path, text, expected):
    assert _mentions(tmp_path, "d.txt", text) == expected


def test_a_title_list_number_is_no_count(tmp_path):
    doc = "---\ntitle: The 4 Stocks to Own Now\nlang: en\n---\n\nOne of them employs 12,000 people.\n"
    assert _mentions(tmp_path, "e.md", doc) == [("12,000 people", 12000.0, "count", "")]


def test_a_sign_set_apart_by_an_entity_is_the_figures(tmp_path):
    doc = ('<html lang="fr"><body><p>Sur un an, les exportations vinicoles reculent de -&#xA0;7,3&#xA0;%.</p>'
           "</body></html>")
    assert _mentions(tmp_path, "f.html", doc) == [("-\u00a07,3\u00a0%", -7.3, "%", "")]
