"""Names nobody listed, found by their form (context/names.py), table-driven per language: what is a
name, what is not (a sentence's first word, a title's words, a person after a role word, a product code)."""

from __future__ import annotations

import pytest

from extract.context.names import Evidence, find_names

CASES = [
    # (language, text, the names found in it)
    ("en", "Orders at Kestrel Dynamics grew. Kestrel Dynamics now ships to Ohio.",
     ["Kestrel Dynamics", "Kestrel Dynamics", "Ohio"]),
    ("en", "Revenue at Bank of America rose, as did Procter & Gamble's.", ["Bank of America", "Procter & Gamble"]),
    ("en", "Demand for Claude 3.5 Sonnet and GPT-4o rose.", ["Claude 3.5 Sonnet"]),
    ("en", "The company said Tuesday that Total Revenue rose.", []),
    ("en", "CEO Maria Lindqvist said sales at Borealis Freight grew.", ["Borealis Freight"]),
    ("en", "Shipments of A100 and H100 GPUs through the API grew.", []),
    ("en", "Strong demand lifted sales. Strong is not a name here.", []),
    ("en", "Analysts at Orvane expect more. Orvane said so.", ["Orvane", "Orvane"]),
    ("en", "The cloud grew, and Cloud GPU demand too.", []),
    ("en", "Revenue of DBS Group’s bank rose.", ["DBS Group"]),
    ("fr", "Le chiffre d'affaires de Valmont Industries progresse, selon la Banque de France.",
     ["Valmont Industries", "Banque de France"]),
    ("fr", "Le PDG Jean Moreau a vendu des actions de d'Alphabet.", ["Alphabet"]),
    ("fr", "Voici les résultats. Cependant la croissance ralentit.", []),
    ("zh", "据华光汽车集团公布，其销量增长，中国人民银行维持利率不变。", ["华光汽车集团", "中国人民银行"]),
    ("zh", "多家初创公司和上市公司表示，大型科技公司正在扩张。", []),
    ("zh", "该公司首席执行官王明表示，OpenRouter 和 Kilo Code 的用量上升。", ["OpenRouter", "Kilo Code"]),
]


@pytest.mark.parametrize("lang, text, expected", CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_names_found_by_their_form(lang, text, expected):
    assert [n.name for n in find_names(text, lang, 0, len(text), Evidence(text))] == expected


def test_title_words_need_the_document_to_write_them_as_names():
    text = "## Key Insights From Acme Robotics\n\nPrices at Acme Robotics rose, and key insights followed.\n"
    heading = text.index("Key"), text.index("\n")
    assert [n.name for n in find_names(text, "en", *heading, Evidence(text), title_case=True)] == ["Acme Robotics"]


def test_names_are_found_in_linear_time_on_a_line_of_capitals():
    """A hostile line of capitalised tokens costs one pass: each candidate is judged on its own."""
    text = " ".join(f"Xq{i % 97}Zk" for i in range(20_000)) + " Acme Corp."
    assert [n.name for n in find_names(text, "en", 0, len(text), Evidence(text))] == ["Acme Corp"]


def test_a_run_ending_in_a_code_is_no_name_by_itself():
    text = "Shipments of A100 rose."
    assert find_names(text, "en", 0, len(text), Evidence(text)) == []
