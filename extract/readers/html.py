"""HTML: the visible article text, with every character mapped back to its span in the raw file.

BeautifulSoup (html.parser) decides *what* to keep: the article's container, minus scripts, styles,
navigation and page furniture. A positional pass over the same html.parser events then reads the kept
text and records where each character came from, entities and markup included, so that a mention's
offsets point into the raw file. Both passes see the same tags at the same (line, column), which is how
the decisions of the first reach the second.
"""

from __future__ import annotations

import re
import warnings
from array import array
from html import unescape
from html.parser import HTMLParser

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag

from ..model import Link, ReadError

DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav", "aside", "form",
             "button", "select", "option", "textarea", "head", "object", "embed", "video", "audio", "map"}
FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|sidebar|share|sharing|social|related|comments?|breadcrumbs?|"
    r"newsletter|subscribe|advert|ads?|promo|cookie|banner|widget|popup|modal|trending|recommend\w*|"
    r"most-read|read-more|tags?|toolbar|masthead|signup|login|paywall)(?:$|[\s_-])", re.IGNORECASE)
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
              "article", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "header", "footer",
              "main", "hr", "td", "th", "caption", "address", "details", "summary"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
             "track", "wbr"}
ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#\d+|[A-Za-z][A-Za-z0-9]*);?")
# Whitespace that is not one plain space between two words: collapsed to one space, or dropped after a
# space or a line break. A plain space inside a text node maps to itself, so it needs no step of its own.
WS_TO_FOLD = re.compile(r"^\s+|\s{2,}|[^\S ]")


def read_html(raw: str) -> tuple[str, array, array, tuple[Link, ...], str | None, str | None]:
    """(text, raw_starts, raw_ends, links, title, lang) of an HTML page."""
    try:
        with warnings.catch_warnings():  # we hand bs4 content, never a path: its "looks like a filename" is noise
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(raw, "html.parser")
    except Exception as exc:  # bs4 raises assorted errors on badly broken markup
        raise ReadError("parse", f"HTML could not be parsed: {exc}", "check that the file is HTML") from exc
    lines = _line_starts(raw)
    root = _content_root(soup)
    keep, drop = set(), set()
    whole = root is None or _offset(root, lines) is None  # no element stands out: the page is the article
    if root is not None:
        keep.add(_offset(root, lines))
        headline = soup.find("h1")
        if isinstance(headline, Tag) and root not in headline.parents and headline not in root.descendants:
            keep.add(_offset(headline, lines))
        for tag in root.find_all(True):
            if _is_furniture(tag):
                drop.add(_offset(tag, lines))
    keep.discard(None)
    drop.discard(None)
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    html_tag = soup.find("html")
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    walker = _Walker(raw, lines, keep, drop)
    walker.kept = int(whole)
    walker.feed(raw)
    walker.close()
    text, starts, ends, links = walker.result()
    if not text.strip():
        raise ReadError("extract", "no visible article text in the HTML page",
                        "the page may be empty or rendered by JavaScript")
    return text, starts, ends, links, title, (lang if isinstance(lang, str) else None)


def _line_starts(raw: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", raw):
        starts.append(m.end())
    return starts


def _offset(tag: Tag, lines: list[int]) -> int | None:
    """Where a tag starts in the raw text; None for the document itself or a tag the parser made up."""
    if getattr(tag, "sourceline", None) is None:
        return None
    return lines[tag.sourceline - 1] + tag.sourcepos


def _is_furniture(tag: Tag) -> bool:
    if tag.name in DROP_TAGS:
        return True
    if tag.name in ("header", "footer") and tag.find_parent("article") is None:
        return True
    marks = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or ""])
    return bool(marks.strip()) and bool(FURNITURE.search(marks)) and tag.name not in ("article", "main", "body")


def _content_root(soup: BeautifulSoup) -> Tag | None:
    """The element that holds the article: the one whose paragraphs carry the most text."""
    # find_all, not CSS selectors: the same elements in the same order, and soupsieve costs more than the
    # parse itself on a page of many tags.
    for name, attrs in ((None, {"itemprop": "articleBody"}), ("article", {}), ("main", {}), (None, {"role": "main"})):
        sized = [(len(t.get_text(" ", strip=True)), t) for t in soup.find_all(name, attrs=attrs)]
        found = [(n, t) for n, t in sized if n > 200 and _link_density(t) < 0.5]
        if found:
            return max(found, key=lambda nt: nt[0])[1]
    scores: dict[int, tuple[float, Tag]] = {}
    for p in soup.find_all(["p", "pre", "td"]):
        n = len(p.get_text(" ", strip=True)) * (1.0 - _link_density(p))
        if n < 25 or any(_is_furniture(a) for a in p.parents if isinstance(a, Tag)):
            continue
        for parent, weight in ((p.parent, 1.0), (p.parent.parent if p.parent else None, 0.5)):
            if isinstance(parent, Tag):
                old = scores.get(id(parent), (0.0, parent))[0]
                scores[id(parent)] = (old + n * weight, parent)
    if scores:
        return max(scores.values(), key=lambda s: s[0])[1]
    return soup.body or soup


def _link_density(tag: Tag) -> float:
    """Share of an element's text that sits inside links: high for menus and lists of other articles."""
    total = len(tag.get_text(" ", strip=True))
    if not total:
        return 0.0
    linked = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    return min(1.0, linked / total)


class _Walker(HTMLParser):
    """Reads the kept text in document order and records each character's raw span."""

    def __init__(self, raw: str, lines: list[int], keep: set[int], drop: set[int]) -> None:
        super().__init__(convert_charrefs=False)
        self.raw, self.lines, self.keep, self.drop = raw, lines, keep, drop
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, opens kept region, opens dropped region)
        self.kept = 0
        self.dropped = 0
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.links: list[Link] = []
        self.link_open: tuple[int, str] | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _visible(self) -> bool:
        return self.kept > 0 and self.dropped == 0

    def _emit(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def _break(self, pos: int) -> None:
        if self._visible() and self.chars and self.chars[-1] != "\n":
            while self.chars and self.chars[-1] == " ":
                self.chars.pop()
                self.starts.pop()
                self.ends.pop()
            self._emit("\n", pos, pos)

    def handle_starttag(self, tag: str, attrs) -> None:
        pos = self._pos()
        if tag in BLOCK_TAGS:
            self._break(pos)
        if tag in VOID_TAGS:
            return
        opens_keep, opens_drop = pos in self.keep, (pos in self.drop or tag in DROP_TAGS)
        self.kept += opens_keep
        self.dropped += opens_drop
        self.stack.append((tag, opens_keep, opens_drop))
        if tag == "a" and self._visible():
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")):
                self.link_open = (len(self.chars), href)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in BLOCK_TAGS:
            self._break(self._pos())

    def handle_endtag(self, tag: str) -> None:
        pos = self._pos()
        if tag == "a" and self.link_open is not None:
            start, href = self.link_open
            if len(self.chars) > start:
                self.links.append(Link(start, len(self.chars), href))
            self.link_open = None
        if not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:
            t, k, d = self.stack.pop()
            self.kept -= k
            self.dropped -= d
            if t == tag:
                break
        if tag in BLOCK_TAGS:
            self._break(pos)

    def handle_data(self, data: str) -> None:
        if not self._visible():
            return
        pos = self._pos()
        i = 0
        for m in WS_TO_FOLD.finditer(data):
            self._chars(data, pos, i, m.start())
            if self.chars and self.chars[-1] not in " \n":
                self._emit(" ", pos + m.start(), pos + m.end())
            i = m.end()
        self._chars(data, pos, i, len(data))

    def _chars(self, data: str, pos: int, i: int, j: int) -> None:
        """data[i:j], which stands at raw offset pos + i onwards, one raw character per character."""
        self.chars.extend(data[i:j])
        self.starts.extend(range(pos + i, pos + j))
        self.ends.extend(range(pos + i + 1, pos + j + 1))

    def _ref(self) -> None:
        if not self._visible():
            return
        pos = self._pos()
        m = ENTITY.match(self.raw, pos)
        if not m:
            return
        decoded = unescape(m.group())
        if decoded in (" ", "\t", "\n", "\r"):
            if self.chars and self.chars[-1] not in " \n":
                self._emit(" ", m.start(), m.end())
            return
        self._emit(decoded, m.start(), m.end())

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def result(self) -> tuple[str, array, array, tuple[Link, ...]]:
        while self.chars and self.chars[-1] in " \n":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()
        return "".join(self.chars), self.starts, self.ends, tuple(self.links)
