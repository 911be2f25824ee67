"""Shortcuts into other libraries' private parts hold on the versions installed.

The HTML reader drives BeautifulSoup's html.parser parser (the private module bs4.builder._htmlparser) into
a tree of its own built by BeautifulSoup's rules (readers/html_tree.py), recording each event's raw offset as
the page is tokenized once. pyproject.toml bounds beautifulsoup4 to the versions this was checked on; this
test checks the shortcut itself, so that widening the bound is a test run away: the tree is the one bs4
builds alone (the same elements under the same parents, at the same lines and columns, with the same
attributes and strings of the same classes, the same text read under each element, equal where bs4's
elements are equal), a page html.parser gives up on is rejected in bs4's words, and every text event
points at its own characters in the raw page.
"""

from __future__ import annotations

import bs4
import pytest
from bs4 import BeautifulSoup, Tag

from extract.readers.html import DATA, _line_starts, _RecordingParser
from extract.readers.html_tree import Node, parse

from .conftest import ROOT

PAGES = [
    "<p>Le march&eacute; atteint 12,5&nbsp;milliards &#8217;<br/>en 2025</p>",
    "<html><body><div><p>unclosed <b>bold <i>both</div> after</body></html>",
    "<!doctype html>\n<html lang='zh-Hant'>\r\n<head><script>var x = '<p>99 %</p>';</script></head>\n"
    "<body><table><tr><td>AWS<td>31 %</table><p>約佔29-31%&amp;更多</p></body></html>",
    "<ul><li>one<li>two &lt;3&gt;</ul><!-- a comment --><p>x &unknown; y &#x41; z</p>",
    "<h1>Same</h1><article class='a  b' class='c'><h1>Same</h1><pre>  \n </pre><br></br><br/></br>"
    "<template><p>t</p></template><ruby>漢<rt>kan</rt></ruby><textarea> </textarea></article>",
    "<?xml version='1.0'?><![CDATA[ 5 % ]]><!weird><p>&#1234567890; &#x110000; &#128;</p></nosuch></p>"
    "<td headers='x y'>",
]


def _pages() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").iterdir())]
    return PAGES + ["<html><body>" + "".join(f"<p>{line}</p>" for line in s.splitlines()) + "</body></html>"
                    for s in seeds]


def _bs4_outline(soup: BeautifulSoup) -> list[tuple]:
    index = {id(soup): -1}
    out = []
    for d in soup.descendants:
        parent = index[id(d.parent)]
        index[id(d)] = len(out)
        if isinstance(d, Tag):
            out.append(("tag", parent, d.name, d.attrs, d.sourceline, d.sourcepos, d.get_text(" ", strip=True),
                        d.get_text()))
        else:
            out.append(("str", parent, type(d), str(d)))
    return out


def _outline(root: Node) -> list[tuple]:
    index = {id(root): -1}
    out = []
    for d in root.descendants:
        parent = index[id(d.parent)] if isinstance(d, Node) else None
        index[id(d)] = len(out)
        if isinstance(d, Node):
            out.append(("tag", parent, d.name, d.attrs, d.sourceline, d.sourcepos, d.get_text(" ", strip=True),
                        d.get_text()))
        else:
            out.append(("str", None, d.kind, d.text))
    return out


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # the page that opens as XML: both say so
@pytest.mark.parametrize("page", _pages())
def test_the_tree_is_the_one_bs4_builds(page):
    root, parser = parse(page, _RecordingParser, _line_starts(page))
    soup = BeautifulSoup(page, "html.parser")
    theirs, ours = _bs4_outline(soup), _outline(root)
    assert len(ours) == len(theirs), bs4.__version__
    for mine, other in zip(ours, theirs, strict=True):
        if mine[0] == "str":  # a string's parent is the element before it that holds it: checked through the tags
            assert (mine[2], mine[3]) == (other[2], other[3]), bs4.__version__
        else:
            assert mine == other, bs4.__version__
    assert root.get_text(" ", strip=True) == soup.get_text(" ", strip=True)
    tags, bs4_tags = list(root.tags()), [t for t in soup.descendants if isinstance(t, Tag)]
    same_name = [(a, b) for a in range(len(tags)) for b in range(a + 1, len(tags)) if tags[a].name == tags[b].name]
    for i, j in same_name:
        assert (tags[i] == tags[j]) == (bs4_tags[i] == bs4_tags[j]), (bs4.__version__, tags[i].name)
    events = parser.events
    texts = [(offset, value) for kind, offset, value in zip(events.kinds, events.offsets, events.values, strict=True)
             if kind == DATA]
    assert texts
    for offset, value in texts:
        assert page[offset: offset + len(value)] == value, (bs4.__version__, offset, value)


@pytest.mark.parametrize("page", ["<p>text</p><![foo[ x ]]><p>more</p>", "<html><p>ok</p><![ x"])
def test_a_page_html_parser_gives_up_on_is_rejected_in_bs4s_words(page):
    with pytest.raises(bs4.ParserRejectedMarkup) as theirs:
        BeautifulSoup(page, "html.parser")
    with pytest.raises(bs4.ParserRejectedMarkup) as ours:
        parse(page, _RecordingParser, _line_starts(page))
    assert str(ours.value) == str(theirs.value)
