"""Document structure as the readers see it (readers/layout.py, readers/html.py): headings, list items with
their labels, nesting and lead-in, table cells with their headers, and the document's date."""

from __future__ import annotations

import pytest

from extract.readers import read_bytes


def _spans(text, spans):
    return [text[s:e] if s is not None else None for s, e in spans]


def _layout(name: str, source: str):
    doc = read_bytes(source.encode("utf-8"), name)
    st = doc.structure
    text = doc.text
    return {
        "headings": [(h.level, text[h.start:h.end]) for h in st.headings],
        "items": [(text[i.start:i.end].split("\n")[0], text[slice(*i.label)] if i.label else None,
                   i.parent, text[slice(*i.lead)] if i.lead else None) for i in st.items],
        "cells": [(text[c.start:c.end], text[slice(*c.row_header)] if c.row_header else None,
                   text[slice(*c.column_header)] if c.column_header else None) for c in st.cells],
        "date": st.date,
    }


MARKDOWN = """---
title: Notes
date: 2025-08-14
---

# Results

The figures below (as of June 2025) are:
- **Revenue:** $5 billion
- Margin: 12 %
  - **Core:** 14 %

## Table

| Year | Growth (%) |
|------|------|
| 2024 | 3.1 |

**Summary**

1. Plain item with no label
"""


def test_markdown_headings_items_tables_and_date():
    got = _layout("n.md", MARKDOWN)
    assert got["headings"] == [(1, "Results"), (2, "Table"), (6, "Summary")]
    assert got["items"] == [
        ("**Revenue:** $5 billion", "Revenue", -1, "The figures below (as of June 2025) are:"),
        ("Margin: 12 %", "Margin", -1, "The figures below (as of June 2025) are:"),
        ("**Core:** 14 %", "Core", 1, "The figures below (as of June 2025) are:"),
        ("Plain item with no label", None, -1, None),
    ]
    assert ("3.1", "2024", "Growth (%)") in got["cells"]
    assert ("2024", None, "Year") in got["cells"]
    assert got["date"] == "2025-08-14"


HTML = """<html><head><title>T</title>
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-02-29T08:00:00Z"}</script></head>
<body><article><h1>Quarterly figures of a company</h1>
<p>A paragraph long enough for the article to stand out from the rest of the page, which is what the reader
looks for before it reads anything else on it, so here are a few more words to make it so:</p>
<ul><li><strong>Revenue:</strong> $5 billion</li>
<li><b>Profit</b>: $2 billion<ul><li>of which 3% abroad</li></ul></li></ul>
<table><thead><tr><th>Year</th><th>Share (%)</th></tr></thead><tbody><tr><td>2023</td><td>8.1</td></tr></tbody></table>
<dl><dt>Employees</dt><dd>41,000</dd></dl>
</article></body></html>"""


def test_html_headings_items_tables_and_publication_date():
    got = _layout("p.html", HTML)
    assert got["headings"] == [(1, "Quarterly figures of a company")]
    labels = [(first, label, parent) for first, label, parent, _ in got["items"]]
    assert labels == [("Revenue: $5 billion", "Revenue", -1), ("Profit: $2 billion", "Profit", -1),
                      ("of which 3% abroad", None, 1), ("41,000", "Employees", -1)]
    assert got["items"][0][3].endswith("here are a few more words to make it so:")
    assert ("8.1", "2023", "Share (%)") in got["cells"]
    assert got["date"] == "2024-02-29"


@pytest.mark.parametrize("meta, expected", [
    ('<meta property="article:published_time" content="2023-11-08T22:19:12+00:00">', "2023-11-08"),
    ('<meta itemprop="datePublished" content="2021-05-01">', "2021-05-01"),
    ('<meta name="pubdate" content="2019-09-07">', "2019-09-07"),
    ("", ""),
])
def test_html_publication_date_sources(meta, expected):
    page = (f"<html><head>{meta}<title>T</title></head><body><article><p>{'Words of the article. ' * 20}"
            "</p></article></body></html>")
    assert read_bytes(page.encode(), "d.html").structure.date == expected


def test_layout_leaves_the_text_and_its_offsets_alone():
    """Structure is read beside the text, never by changing it: markdown text keeps its length."""
    doc = read_bytes(MARKDOWN.encode("utf-8"), "n.md")
    assert len(doc.text) == len(doc.raw)


@pytest.mark.parametrize("doc, expected", [
    ("---\nlang: en\n---\n\n* **Employees:** 6,400\n* **Rank:** 3\n", [("6,400", "count", "employee")]),
    ("---\nlang: fr\n---\n\n* **Magasins ouverts :** 1 250 (fin 2024)\n", [("1 250", "count", "store")]),
    ("---\nlang: zh-Hans\n---\n\n* **门店数量：** 3200\n", [("3200", "count", "store")]),
    # a figure with words after it in its item is read by its own noun, not the label's
    ("---\nlang: en\n---\n\n* **Staff:** 40 engineers and 12 designers\n",
     [("40 engineers", "count", "engineer"), ("12 designers", "count", "designer")]),
])
def test_a_labelled_items_bare_value_counts_what_the_label_names(doc, expected):
    from extract.extractor import extract_document
    _, mentions = extract_document(read_bytes(doc.encode(), "note.md"))
    assert [(m.text, m.unit, m.item) for m in mentions] == expected


@pytest.mark.parametrize("doc, expected", [
    # amounts written in New Taiwan dollars: a bare 元, and a column in 億元, are too
    ("---\nlang: zh-Hant\n---\n\n營收為新台幣412億元，淨利65億元。\n\n"
     "| 年度 | 營收（億元） |\n|---|---|\n| 2024 | 1,380 |\n",
     [("新台幣412億元", "TWD"), ("65億元", "TWD"), ("1,380", "TWD")]),
    # in Hong Kong dollars
    ("---\nlang: zh-Hant\n---\n\n集團收入為320億港元，其中零售業務貢獻95億元。\n",
     [("320億港元", "HKD"), ("95億元", "HKD")]),
    # a document that says nothing of its currency, or names renminbi as often: 元 is the yuan
    ("---\nlang: zh-Hans\n---\n\n公司营收为120亿元。\n", [("120亿元", "CNY")]),
    ("---\nlang: zh-Hans\n---\n\n营收为人民币80亿元，折合新台币360亿元，净利10亿元。\n",
     [("人民币80亿元", "CNY"), ("新台币360亿元", "TWD"), ("10亿元", "CNY")]),
])
def test_a_bare_yuan_is_the_currency_the_document_writes_its_amounts_in(doc, expected):
    from extract.extractor import extract_document
    _, mentions = extract_document(read_bytes(doc.encode(), "note.md"))
    assert [(m.text, m.unit) for m in mentions] == expected
