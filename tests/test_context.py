"""Context rules, table-driven: subject, metric and period of every mention of small documents."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.dedup import assign_claims
from extract.extractor import extract_document
from extract.readers import read_document

TABLE = yaml.safe_load((Path(__file__).parent / "context_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["name"] for c in TABLE["cases"]])
def test_context(case, tmp_path):
    path = tmp_path / case["file"]
    path.write_text(case["doc"], encoding="utf-8")
    _, mentions = extract_document(read_document(path, case["file"]))
    mentions, _ = assign_claims(mentions)
    got = [[m.text, m.subject, m.metric, m.period] for m in mentions]
    assert got == [[str(x) for x in e] for e in case["expect"]]


def test_cited_link_url_is_kept(tmp_path):
    path = tmp_path / "l.md"
    path.write_text("[Le marché atteindra 31,89 milliards de dollars d'ici 2034](https://example.org/r)\n",
                    encoding="utf-8")
    _, mentions = extract_document(read_document(path, "l.md"))
    assert [(m.text, m.cited_url, m.period) for m in mentions] == [
        ("31,89 milliards de dollars", "https://example.org/r", "2034")]


SENTENCE_CASES = [
    # (text, the sentences it splits into)
    ("Revenue grew 12%. Margins fell.", ["Revenue grew 12%.", "Margins fell."]),
    ("The U.S. market grew 12% in Q3. Europe lagged.", ["The U.S. market grew 12% in Q3.", "Europe lagged."]),
    ("Prices rose approx. 5% vs. last year.", ["Prices rose approx. 5% vs. last year."]),
    ("Le prix, p. ex. 2 €, baisse. La part monte.", ["Le prix, p. ex. 2 €, baisse.", "La part monte."]),
    ("p. ex. 5 € la tonne. Suite.", ["p. ex. 5 € la tonne.", "Suite."]),
    ("It closed at 3.5 per share. Then it fell.", ["It closed at 3.5 per share.", "Then it fell."]),
    ("A word glued to an abbreviation, XMr. ends it. Next.", ["A word glued to an abbreviation, XMr.", "ends it.",
                                                              "Next."]),
    ("市场份额为30%。营收增长。", ["市场份额为30%。", "营收增长。"]),
    # A long sentence before the abbreviation: the check reads only the characters that can hold one.
    ("word " * 300 + "Inc. grew 5%.", ["word " * 299 + "word Inc. grew 5%."]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_sentences_end_at_terminal_marks_but_not_after_abbreviations(text, expected):
    from extract.context.sentences import sentences

    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == expected
