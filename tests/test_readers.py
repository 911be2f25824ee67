"""Readers: front matter, links, escapes and HTML offsets back into the raw file."""

from __future__ import annotations

import html

import pytest

from extract.model import ReadError
from extract.readers import read_document, sniff_format
from extract.readers.html import read_html
from extract.readers.text import read_markdown

PAGE = """<!doctype html><html lang="fr"><head><title>Titre</title><script>var x = "99 %";</script>
<style>.a{width:50%}</style></head><body>
<nav><a href="/">Accueil</a> <a href="/x">Top 10 des 500&nbsp;articles</a></nav>
<article><h1>Le march&eacute; atteint 12,5&nbsp;milliards de dollars</h1>
<p>Selon l&#39;&eacute;tude, la part d&rsquo;AWS est d&#8217;environ 30&nbsp;%
en 2025, contre <b>28 %</b> en 2024.</p>
<aside class="related">Lire aussi : 45 % des lecteurs</aside>
<p>Voir <a href="https://example.org/rapport">le rapport de 200 pages</a>.</p></article>
<footer>&copy; 2025 Journal, 1 200 abonnés</footer></body></html>"""


def test_html_keeps_article_text_and_drops_furniture():
    text, *_ = read_html(PAGE)
    assert "12,5\u00a0milliards" in text and "30\u00a0%" in text and "28 %" in text
    for furniture in ("99 %", "50%", "Accueil", "45 % des lecteurs", "1 200 abonnés"):
        assert furniture not in text


def test_html_offsets_point_at_the_raw_characters():
    text, starts, ends, links, title, lang, _ = read_html(PAGE)
    assert lang == "fr" and title == "Titre"
    for needle, raw_form in [("12,5\u00a0milliards", "12,5&nbsp;milliards"), ("marché", "march&eacute;"),
                             ("d’AWS", "d&rsquo;AWS"), ("28 %", "28 %")]:
        i = text.index(needle)
        span = PAGE[starts[i]: ends[i + len(needle) - 1]]
        assert span == raw_form
        assert html.unescape(span) == needle
    link = links[0]
    assert link.url == "https://example.org/rapport" and text[link.start: link.end] == "le rapport de 200 pages"


def test_html_void_tags_and_references_give_each_character_once():
    # The parse is read once: the start and end BeautifulSoup makes of <br/> and the text it makes of a
    # reference are not read a second time.
    page = ("<html><body><p>Revenue<br/>rose 5&nbsp;%<br>to &#36;2&amp;3 bn<img src=x />today &lt;ok&gt;</p>"
            "<p>Next<hr/>line</p></body></html>")
    text, starts, ends, *_ = read_html(page)
    assert text == "Revenue\nrose 5\u00a0%\nto $2&3 bntoday <ok>\nNext\nline"
    raw = [page[a:b] for a, b in zip(starts, ends, strict=True)]
    assert raw[text.index("$")] == "&#36;" and raw[text.index("&")] == "&amp;" and raw[text.index("<")] == "&lt;"
    assert all(html.unescape(r) == ch for r, ch in zip(raw, text, strict=True) if ch != "\n")


def test_markdown_front_matter_title_is_text_and_the_rest_is_blank():
    raw = "---\nlang: fr\ntitle: Part de marché 2025\ntags: [a, 42]\n---\nCorps : 30 %.\n"
    text, links, meta = read_markdown(raw)
    assert len(text) == len(raw) and meta["lang"] == "fr"
    assert "Part de marché 2025" in text and "42" not in text and "lang" not in text
    assert text[text.index("Corps"):] == raw[raw.index("Corps"):]


def test_markdown_links_keep_titles_and_blank_urls():
    raw = "Voir [Le marché atteindra 31,89 milliards](https://ex.org/a-2034) et https://ex.org/v2/99.\n"
    text, links, _ = read_markdown(raw)
    assert "ex.org" not in text and "99" not in text
    assert links[0].url == "https://ex.org/a-2034"
    assert text[links[0].start: links[0].end] == "Le marché atteindra 31,89 milliards"


def test_markdown_escapes_do_not_hide_signs():
    raw = "Prix : 3 \\$ par heure, S\\$11.6 billion, \\~US\\$9 \\\\ fin\n"
    text, _, _ = read_markdown(raw)
    assert "3 $  par heure" in text
    # The escaped character takes its backslash's place: a country's dollar stays glued to its letter.
    assert "S$ 11.6 billion" in text and "~ US$ 9" in text and "\\  fin" in text
    assert len(text) == len(raw)


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(ReadError) as err:
        read_markdown("---\ntitle: x\nno end here\n")
    assert "never closed" in err.value.reason


@pytest.mark.parametrize("name,head,fmt", [("a.md", "x", "markdown"), ("a.htm", "x", "html"),
                                           ("a.txt", "<!DOCTYPE html><html>", "html"),
                                           ("a.txt", "---\nlang: fr\n---\n", "markdown"), ("a", "plain", "text")])
def test_format_by_name_then_content(name, head, fmt):
    assert sniff_format(name, head) == fmt


def test_read_document_keeps_crlf_and_hashes_bytes(tmp_path):
    path = tmp_path / "n.txt"
    path.write_bytes(b"Line one: 30%.\r\nLine two: USD 5 billion.\r\n")
    doc = read_document(path, "n.txt")
    assert doc.raw.count("\r\n") == 2 and len(doc.text) == len(doc.raw)
    assert doc.nbytes == len(path.read_bytes())
