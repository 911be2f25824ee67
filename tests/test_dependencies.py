"""Shortcuts into other libraries' private parts hold on the versions installed.

The HTML reader subclasses BeautifulSoup's html.parser builder (the private module bs4.builder._htmlparser)
so that a page is tokenized once, recording each event's raw offset while BeautifulSoup builds its tree.
pyproject.toml bounds beautifulsoup4 to the versions this was checked on; this test checks the shortcut
itself, so that widening the bound is a test run away: the tree built through it is the one bs4 builds
alone, and every text event points at its own characters in the raw page.
"""

from __future__ import annotations

import bs4
import pytest
from bs4 import BeautifulSoup

from extract.readers.html import DATA, _line_starts, _RecordingBuilder

from .conftest import ROOT

PAGES = [
    "<p>Le march&eacute; atteint 12,5&nbsp;milliards &#8217;<br/>en 2025</p>",
    "<html><body><div><p>unclosed <b>bold <i>both</div> after</body></html>",
    "<!doctype html>\n<html lang='zh-Hant'>\r\n<head><script>var x = '<p>99 %</p>';</script></head>\n"
    "<body><table><tr><td>AWS<td>31 %</table><p>約佔29-31%&amp;更多</p></body></html>",
    "<ul><li>one<li>two &lt;3&gt;</ul><!-- a comment --><p>x &unknown; y &#x41; z</p>",
]


def _pages() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").iterdir())]
    return PAGES + ["<html><body>" + "".join(f"<p>{line}</p>" for line in s.splitlines()) + "</body></html>"
                    for s in seeds]


@pytest.mark.parametrize("page", _pages())
def test_the_recording_parser_builds_the_tree_bs4_builds(page):
    builder = _RecordingBuilder(_line_starts(page))
    ours = BeautifulSoup(page, builder=builder)
    assert str(ours) == str(BeautifulSoup(page, "html.parser")), bs4.__version__
    events = builder.events
    texts = [(offset, value) for kind, offset, value in zip(events.kinds, events.offsets, events.values, strict=True)
             if kind == DATA]
    assert texts
    for offset, value in texts:
        assert page[offset: offset + len(value)] == value, (bs4.__version__, offset, value)
