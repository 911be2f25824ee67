"""HTML: the visible article text, with every character mapped back to its span in the raw file.

BeautifulSoup's html.parser reads the page into its tree (html_tree.py: the tree BeautifulSoup builds, in the
forms the reader asks of it), from which the reader decides *what* to keep: the article's container, minus
scripts, styles, navigation and page furniture. While it parses, the parser's events are recorded with
their (line, column); a walk over those events then reads the kept text and records where each character
came from, entities and markup included, so that a mention's offsets point into the raw file. The walk sees
the tags at the positions the tree gave them, which is how its decisions reach the walk; the page is parsed
once.
"""

from __future__ import annotations

import re
from array import array
from html import unescape

from bs4.builder._htmlparser import BeautifulSoupHTMLParser

from ..model import Link, ReadError, Structure
from .html_find import Elements
from .html_layout import Layout
from .html_tree import Node, parse
from .layout import iso_date

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


def read_html(raw: str) -> tuple[str, array, array, tuple[Link, ...], str | None, str | None, Structure]:
    """(text, raw_starts, raw_ends, links, title, lang, structure) of an HTML page."""
    lines = _line_starts(raw)
    try:
        soup, parser = parse(raw, _RecordingParser, lines)
    except Exception as exc:  # bs4 raises assorted errors on badly broken markup
        raise ReadError("parse", f"HTML could not be parsed: {exc}", "check that the file is HTML") from exc
    elements = Elements(soup)
    root = _content_root(soup, elements)
    keep, drop = set(), set()
    whole = root is None or _offset(root, lines) is None  # no element stands out: the page is the article
    if root is not None:
        keep.add(_offset(root, lines))
        headline = elements.find("h1")
        if isinstance(headline, Node) and root not in headline.parents and headline not in root.descendants:
            keep.add(_offset(headline, lines))
        for tag in root.find_all(True):
            if _is_furniture(tag):
                drop.add(_offset(tag, lines))
    keep.discard(None)
    drop.discard(None)
    title_tag = elements.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    html_tag = elements.find("html")
    lang = html_tag.get("lang") if isinstance(html_tag, Node) else None
    walker = _Walker(raw, keep, drop)
    walker.kept = int(whole)
    walker.replay(parser.events)
    text, starts, ends, links = walker.result()
    if not text.strip():
        raise ReadError("extract", "no visible article text in the HTML page",
                        "the page may be empty or rendered by JavaScript")
    structure = walker.layout.structure(text, published(elements, root))
    return text, starts, ends, links, title, (lang if isinstance(lang, str) else None), structure


PUBLISHED_META = (("property", "article:published_time"), ("itemprop", "datePublished"),
                  ("name", "article:published_time"), ("name", "pubdate"), ("name", "publishdate"),
                  ("name", "date"), ("name", "dc.date.issued"), ("name", "DC.date.issued"),
                  ("property", "og:published_time"))
JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def published(elements: Elements, root: Node | None) -> str:
    """The page's publication date: its meta tags, its JSON-LD, then a `<time>` marked as the publication
    date, then the first `<time datetime>` of the article."""
    for attr, value in PUBLISHED_META:
        tag = elements.find("meta", attrs={attr: value})
        date = iso_date(tag.get("content")) if isinstance(tag, Node) else ""
        if date:
            return date
    for script in elements.find_all("script", attrs={"type": "application/ld+json"}):
        m = JSON_LD_DATE.search(script.get_text())
        if m and iso_date(m.group(1)):
            return iso_date(m.group(1))
    marked = elements.find("time", attrs={"itemprop": "datePublished"})
    candidates = [marked] if isinstance(marked, Node) else []
    if isinstance(root, Node):
        first = elements.find("time", attrs={"datetime": True}, within=root)
        candidates += [first] if isinstance(first, Node) else []
    for tag in candidates:
        date = iso_date(tag.get("datetime") or "")
        if date:
            return date
    return ""


def _line_starts(raw: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", raw):
        starts.append(m.end())
    return starts


def _offset(tag: Node, lines: list[int]) -> int | None:
    """Where a tag starts in the raw text; None for the document itself or a tag the parser made up."""
    if getattr(tag, "sourceline", None) is None:
        return None
    return lines[tag.sourceline - 1] + tag.sourcepos


def _is_furniture(tag: Node) -> bool:
    if tag.name in DROP_TAGS:
        return True
    if tag.name in ("header", "footer") and tag.find_parent("article") is None:
        return True
    marks = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or ""])
    return bool(marks.strip()) and bool(FURNITURE.search(marks)) and tag.name not in ("article", "main", "body")


def _content_root(soup: Node, elements: Elements) -> Node | None:
    """The element that holds the article: the one whose paragraphs carry the most text."""
    # find_all, not CSS selectors: the same elements in the same order, and soupsieve costs more than the
    # parse itself on a page of many tags.
    for name, attrs in ((None, {"itemprop": "articleBody"}), ("article", {}), ("main", {}), (None, {"role": "main"})):
        sized = [(len(t.get_text(" ", strip=True)), t) for t in elements.find_all(name, attrs=attrs)]
        found = [(n, t) for n, t in sized if n > 200 and _link_density(t, n) < 0.5]
        if found:
            return max(found, key=lambda nt: nt[0])[1]
    scores: dict[int, tuple[float, Node]] = {}
    furniture: dict[int, bool] = {}  # each ancestor judged once, not once per paragraph under it

    def is_furniture(tag: Node) -> bool:
        if id(tag) not in furniture:
            furniture[id(tag)] = _is_furniture(tag)
        return furniture[id(tag)]

    for p in elements.find_all(["p", "pre", "td"]):
        total = len(p.get_text(" ", strip=True))
        n = total * (1.0 - _link_density(p, total))
        if n < 25 or any(is_furniture(a) for a in p.parents if isinstance(a, Node)):
            continue
        for parent, weight in ((p.parent, 1.0), (p.parent.parent if p.parent else None, 0.5)):
            if isinstance(parent, Node):
                old = scores.get(id(parent), (0.0, parent))[0]
                scores[id(parent)] = (old + n * weight, parent)
    if scores:
        return max(scores.values(), key=lambda s: s[0])[1]
    body = next((t for t in soup.tags() if t.name == "body"), None)  # BeautifulSoup's `soup.body`
    return body if body is not None else soup


def _link_density(tag: Node, total: int) -> float:
    """Share of an element's text (`total` characters) that sits inside links: high for menus and lists of
    other articles."""
    if not total:
        return 0.0
    linked = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    return min(1.0, linked / total)


START, START_END, END, DATA, REF = range(5)  # the events of html.parser that the walk reads


class _Events:
    """The events of one parse, compact (a page of many tags makes hundreds of thousands): their kind,
    raw offset and value (a tag's name, a text's characters), and the href of each link by its index."""

    def __init__(self) -> None:
        self.kinds = array("b")
        self.offsets = array("q")
        self.values: list[str | None] = []
        self.hrefs: dict[int, str] = {}


class _RecordingParser(BeautifulSoupHTMLParser):
    """BeautifulSoup's own parser, which keeps the events html.parser reports. The calls BeautifulSoup makes
    from inside its own handlers are not events of the markup: the start and end of <br/>
    (`handle_empty_element`, `check_already_closed` false), the text a character reference stands for."""

    def __init__(self, soup, lines: list[int], *args, **kwargs) -> None:
        super().__init__(soup, *args, **kwargs)
        self.lines = lines
        self.events = _Events()
        self.in_ref = False

    def _keep(self, kind: int, value: str | None) -> None:
        self.events.kinds.append(kind)
        self.events.offsets.append(self.lines[self.lineno - 1] + self.offset)  # getpos(), without the call
        self.events.values.append(value)

    def handle_starttag(self, tag, attrs, handle_empty_element=True) -> None:
        if handle_empty_element:
            if tag == "a":
                self.events.hrefs[len(self.events.values)] = dict(attrs).get("href") or ""
            self._keep(START, tag)
        # BeautifulSoupHTMLParser.handle_starttag, in one call: a repeated attribute's last value stands (its
        # default, REPLACE), a void element is closed at once (and its own end tag, if it has one, passed over)
        attr_dict = self.attribute_dict_class()
        for key, value in attrs:
            attr_dict[key] = "" if value is None else value
        if self.soup.start(tag, attr_dict, self.lineno, self.offset) and handle_empty_element:
            self.soup.handle_endtag(tag)
            self.already_closed_empty_element.append(tag)
        if self._root_tag_name is None:
            self._root_tag_encountered(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self._keep(START_END, tag)
        super().handle_startendtag(tag, attrs)

    def handle_endtag(self, tag, check_already_closed=True) -> None:
        if check_already_closed:
            self._keep(END, tag)
            if tag in self.already_closed_empty_element:  # BeautifulSoupHTMLParser.handle_endtag
                self.already_closed_empty_element.remove(tag)
                return
        self.soup.handle_endtag(tag)

    def handle_data(self, data) -> None:
        if not self.in_ref:
            self._keep(DATA, data)
        self.soup.data.append(data)

    def handle_charref(self, name) -> None:
        self._ref(super().handle_charref, name)

    def handle_entityref(self, name) -> None:
        self._ref(super().handle_entityref, name)

    def _ref(self, handler, name: str) -> None:
        self._keep(REF, None)
        self.in_ref = True
        handler(name)
        self.in_ref = False


class _Walker:
    """Reads the kept text in document order and records each character's raw span."""

    def __init__(self, raw: str, keep: set[int], drop: set[int]) -> None:
        self.raw, self.keep, self.drop = raw, keep, drop
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, opens kept region, opens dropped region)
        self.kept = 0
        self.dropped = 0
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.links: list[Link] = []
        self.link_open: tuple[int, str] | None = None
        self.layout = Layout(self.chars)

    def replay(self, events: _Events) -> None:
        """Read the events of the parse, in order, each at its raw offset."""
        hrefs = events.hrefs
        for i, (kind, pos, value) in enumerate(zip(events.kinds, events.offsets, events.values, strict=True)):
            if kind == DATA:
                self.data(value, pos)
            elif kind == START:
                self.start(value, pos, hrefs.get(i, ""))
            elif kind == END:
                self.end(value, pos)
            elif kind == START_END:
                if value in BLOCK_TAGS:
                    self._break(pos)
            else:
                self.ref(pos)

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
            self.layout.line_ended()
            self._emit("\n", pos, pos)

    def start(self, tag: str, pos: int, href: str) -> None:
        if tag in BLOCK_TAGS:
            self._break(pos)
        if tag in VOID_TAGS:
            return
        opens_keep, opens_drop = pos in self.keep, (pos in self.drop or tag in DROP_TAGS)
        self.kept += opens_keep
        self.dropped += opens_drop
        self.stack.append((tag, opens_keep, opens_drop))
        if tag in Layout.TAGS and self._visible():
            self.layout.start(tag)
        if tag == "a" and self._visible() and href.startswith(("http://", "https://")):
            self.link_open = (len(self.chars), href)

    def end(self, tag: str, pos: int) -> None:
        if tag == "a" and self.link_open is not None:
            start, href = self.link_open
            if len(self.chars) > start:
                self.links.append(Link(start, len(self.chars), href))
            self.link_open = None
        if not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:
            t, k, d = self.stack.pop()
            visible = self._visible()
            self.kept -= k
            self.dropped -= d
            if t in Layout.TAGS and visible:
                self.layout.end(t)
            if t == tag:
                break
        if tag in BLOCK_TAGS:
            self._break(pos)

    def data(self, data: str, pos: int) -> None:
        if not self._visible():
            return
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

    def ref(self, pos: int) -> None:
        """A character or entity reference, read again from the raw text at its offset."""
        if not self._visible():
            return
        m = ENTITY.match(self.raw, pos)
        if not m:
            return
        decoded = unescape(m.group())
        if decoded in (" ", "\t", "\n", "\r"):
            if self.chars and self.chars[-1] not in " \n":
                self._emit(" ", m.start(), m.end())
            return
        self._emit(decoded, m.start(), m.end())

    def result(self) -> tuple[str, array, array, tuple[Link, ...]]:
        while self.chars and self.chars[-1] in " \n":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()
        return "".join(self.chars), self.starts, self.ends, tuple(self.links)

