"""The tree of an HTML page, as BeautifulSoup builds it with html.parser, in the few forms the reader asks of it.

BeautifulSoup's own tree costs four times the parse itself (a `Tag` of thirty fields per element, its links
to the next and previous elements kept as it grows): on scraped pages of a thousand tags it was most of the
time of reading HTML. The reader asks little of it: the elements in document order with their names,
attributes, parents and line and column, the text under an element (`get_text`), and whether two elements
are equal. Here BeautifulSoup's parser (`BeautifulSoupHTMLParser`: its attributes, character references,
void elements, comments and declarations) feeds a tree built by the rules of BeautifulSoup's own
(`BeautifulSoup.handle_starttag`, `_popToTag`, `endData`, `string_container`), with the answers of its
`Tag` methods: the same elements, in the same places, with the same strings, so that the reader's choices
are the ones it made on BeautifulSoup's tree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bs4.builder import ParserRejectedMarkup
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from bs4.element import CData, NavigableString

ROOT_NAME = "[document]"  # BeautifulSoup.ROOT_TAG_NAME
ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"  # BeautifulSoup.ASCII_SPACES
MAIN_CONTENT_STRING_TYPES = frozenset({NavigableString, CData})  # Tag.MAIN_CONTENT_STRING_TYPES
REJECTED = ("The markup you provided was rejected by the parser. Trying a different parser or a different "
            "encoding may help.\n\nOriginal exception(s) from parser:\n ")


class Text:
    """A string of the tree, with the BeautifulSoup class it would have (NavigableString, Comment, Script...)."""

    __slots__ = ("kind", "text")

    def __init__(self, kind: type, text: str) -> None:
        self.kind, self.text = kind, text


class Node:
    """An element: what the reader reads of a BeautifulSoup `Tag`."""

    __slots__ = ("name", "attrs", "parent", "contents", "sourceline", "sourcepos", "strings")

    prefix = None  # html.parser gives no namespace prefixes

    def __init__(self, name: str, attrs: dict, parent: Node | None, sourceline: int | None,
                 sourcepos: int | None, strings: frozenset) -> None:
        self.name, self.attrs, self.parent = name, attrs, parent
        self.contents: list[Node | Text] = []
        self.sourceline, self.sourcepos = sourceline, sourcepos
        self.strings = strings  # the string classes get_text reads under it (Tag.interesting_string_types)

    def get(self, key: str, default=None):
        return self.attrs.get(key, default)

    @property
    def parents(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def descendants(self) -> Iterator[Node | Text]:
        """Every element and string under this one, in document order."""
        stack = [iter(self.contents)]
        while stack:
            for child in stack[-1]:
                yield child
                if type(child) is Node and child.contents:
                    stack.append(iter(child.contents))
                    break
            else:
                stack.pop()

    def tags(self) -> Iterator[Node]:
        """The elements under this one, in document order."""
        return (d for d in self.descendants if type(d) is Node)

    def find_all(self, name: str | bool) -> list[Node]:
        """`Tag.find_all(name)` of a name, or of True (every element)."""
        if name is True:
            return list(self.tags())
        return [t for t in self.tags() if t.name == name]

    def find_parent(self, name: str) -> Node | None:
        return next((p for p in self.parents if p.name == name), None)

    def get_text(self, separator: str = "", strip: bool = False) -> str:
        """`Tag.get_text`: the strings under this element of the kinds it reads, joined."""
        kinds = self.strings
        out = []
        for d in self.descendants:
            if type(d) is Text and d.kind in kinds:
                s = d.text.strip() if strip else d.text
                if s or not strip:
                    out.append(s)
        return separator.join(out)

    def __eq__(self, other: object) -> bool:
        """`Tag.__eq__`: the same name, attributes and contents, recursively."""
        if self is other:
            return True
        if not isinstance(other, Node) or self.name != other.name or self.attrs != other.attrs \
                or len(self.contents) != len(other.contents):
            return False
        for mine, theirs in zip(self.contents, other.contents, strict=True):
            if type(mine) is not type(theirs):
                return False
            if type(mine) is Text:
                if mine.text != theirs.text:
                    return False
            elif mine != theirs:
                return False
        return True

    __hash__ = object.__hash__


class TreeSink:
    """What BeautifulSoup's parser calls on its BeautifulSoup object, building `Node`s by its rules."""

    def __init__(self) -> None:
        self.builder = HTMLParserTreeBuilder()
        self.contains_replacement_characters = False
        self.root = Node(ROOT_NAME, {}, None, None, None, MAIN_CONTENT_STRING_TYPES)
        self.current = self.root
        self.stack = [self.root]
        self.open: Counter = Counter()
        self.preserve: list[Node] = []  # <pre>, <textarea>: whitespace kept
        self.containers: list[Node] = []  # <script>, <style>, <template>...: strings of their own class
        self.data: list[str] = []
        self._empty = self.builder.empty_element_tags
        self._preserve_tags = self.builder.preserve_whitespace_tags
        self._string_containers = self.builder.string_containers
        # attributes with several values (class="a b") on some tag: only a tag that has one is rewritten
        self._list_attrs = frozenset().union(*self.builder.cdata_list_attributes.values())

    def handle_starttag(self, name, namespace, nsprefix, attrs, sourceline=None, sourcepos=None,
                        namespaces=None) -> _Made:
        return _Made(self.start(name, attrs, sourceline, sourcepos))

    def start(self, name: str, attrs: dict, sourceline: int | None, sourcepos: int | None) -> bool:
        """An element opens (BeautifulSoup.handle_starttag); whether it is a void one (`Tag.is_empty_element` of
        a tag just made, which has no contents yet)."""
        self.endData()
        if attrs and not self._list_attrs.isdisjoint(attrs):
            attrs = self.builder._replace_cdata_list_attribute_values(name, attrs)
        container = self._string_containers.get(name)
        self._push(Node(name, attrs, self.current, sourceline, sourcepos,
                        frozenset({container}) if container is not None else MAIN_CONTENT_STRING_TYPES))
        return name in self._empty

    def _push(self, node: Node) -> None:
        self.current.contents.append(node)
        self.stack.append(node)
        self.current = node
        self.open[node.name] += 1
        if node.name in self._preserve_tags:
            self.preserve.append(node)
        if node.name in self._string_containers:
            self.containers.append(node)

    def _pop(self) -> None:
        node = self.stack.pop()
        if node.name in self.open:
            self.open[node.name] -= 1
        if self.preserve and node is self.preserve[-1]:
            self.preserve.pop()
        if self.containers and node is self.containers[-1]:
            self.containers.pop()
        if self.stack:
            self.current = self.stack[-1]

    def handle_endtag(self, name, nsprefix=None) -> None:
        self.endData()
        if name == ROOT_NAME:
            return
        for i in range(len(self.stack) - 1, 0, -1):  # BeautifulSoup._popToTag
            if not self.open.get(name):
                break
            t = self.stack[i]
            if name == t.name and t.prefix is None and nsprefix is None:
                self._pop()
                break
            self._pop()

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def endData(self, containerClass=None) -> None:  # noqa: N802, N803 - BeautifulSoup's names
        if not self.data:
            return
        data = "".join(self.data)
        self.data = []
        if not self.preserve and not data.strip(ASCII_SPACES):
            data = "\n" if "\n" in data else " "
        kind = containerClass or NavigableString
        if self.containers and kind is NavigableString:
            kind = self._string_containers.get(self.containers[-1].name, kind)
        self.current.contents.append(Text(kind, data))

    def finish(self) -> Node:
        self.endData()
        while self.current is not None and self.current.name != ROOT_NAME:
            self._pop()
        return self.root


class _Made:
    """What `handle_starttag` hands BeautifulSoup's parser back: whether the element is a void one it closes
    at once."""

    __slots__ = ("is_empty_element",)

    def __init__(self, is_empty_element: bool) -> None:
        self.is_empty_element = is_empty_element


def parse(raw: str, parser_class: type[BeautifulSoupHTMLParser], *args) -> tuple[Node, BeautifulSoupHTMLParser]:
    """The tree of `raw` and the parser that read it (`parser_class`, a BeautifulSoupHTMLParser given `args`
    after the sink); ParserRejectedMarkup, worded as BeautifulSoup words it, where html.parser gives up."""
    sink = TreeSink()
    parser = parser_class(sink, *args, convert_charrefs=False)
    try:
        try:
            parser.feed(raw)
            parser.close()
        except AssertionError as exc:  # html.parser gives up on some broken declarations this way
            raise ParserRejectedMarkup(exc) from exc
    except ParserRejectedMarkup as exc:
        raise ParserRejectedMarkup(REJECTED + str(exc)) from exc
    parser.already_closed_empty_element = []
    return sink.finish(), parser
