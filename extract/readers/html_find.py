"""The elements of a parsed page, listed once in document order, so that the reader's questions (the meta
tags of a publication date, the candidates for the article's container) are asked of the few elements
that can answer them, not of the whole tree each time.

BeautifulSoup's `find` and `find_all` with attributes walk every element of the tree and test each
through its strainer; a page of 1,000 tags asked a dozen such questions costs more than its parse. Here
each question is asked of the same elements in the same order, by the rules of BeautifulSoup's strainer
(`SoupStrainer.matches_tag` of names and of attribute values that are strings or True), so the answers are
the ones `find` and `find_all` give on BeautifulSoup's tree of the page (html_tree.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from .html_tree import Node


class Elements:
    """Every element of a page, in document order (`soup.descendants`), and by name."""

    def __init__(self, root: Node) -> None:
        self.tags = list(root.tags())
        self.by_name: dict[str, list[Node]] = {}
        self.prefixed: list[Node] = []  # a name a strainer may match with its prefix (svg:title)
        for tag in self.tags:
            self.by_name.setdefault(tag.name, []).append(tag)
            if tag.prefix:
                self.prefixed.append(tag)
        self._order = {id(t): i for i, t in enumerate(self.tags)} if self.prefixed else {}

    def _candidates(self, names: str | list[str] | None, attrs: dict) -> Iterable[Node]:
        """The elements that may match, in document order: those of these names, else those that carry
        every attribute asked for (a strainer's attribute rule never matches an absent attribute)."""
        if names is None:
            return (t for t in self.tags if all(a in t.attrs for a in attrs))
        names = [names] if isinstance(names, str) else names
        found = [t for n in names for t in self.by_name.get(n, ())]
        if self.prefixed:
            found = list({id(t): t for t in found + self.prefixed}.values())
        if len(names) > 1 or self.prefixed:
            order = self._order or {id(t): i for i, t in enumerate(self.tags)}
            self._order = order
            found.sort(key=lambda t: order[id(t)])
        return found

    def find_all(self, names: str | list[str] | None, attrs: dict | None = None) -> list[Node]:
        """What `soup.find_all(names, attrs=attrs)` gives."""
        attrs = attrs or {}
        return [t for t in self._candidates(names, attrs) if _matches(t, names, attrs)]

    def find(self, names: str | None, attrs: dict | None = None, within: Node | None = None) -> Node | None:
        """What `soup.find(names, attrs=attrs)` gives; `within`: what `within.find(...)` gives."""
        attrs = attrs or {}
        for t in self._candidates(names, attrs):
            if (within is None or any(p is within for p in t.parents)) and _matches(t, names, attrs):
                return t
        return None


def _matches(tag: Node, names: str | list[str] | None, attrs: dict) -> bool:
    """`SoupStrainer(names, attrs).match(tag)` of names and of attribute rules that are strings or True: a
    name matches the tag's name or its prefixed name; each attribute rule matches its value, one of the
    values of a multi-valued attribute, or their values joined by spaces."""
    if names is None and not attrs:
        return False
    if names is not None:
        wanted = [names] if isinstance(names, str) else names
        prefixed = f"{tag.prefix}:{tag.name}" if tag.prefix else None
        if not any(n == tag.name or n == prefixed for n in wanted):
            return False
    for attr, rule in attrs.items():
        if not (rule is True or isinstance(rule, str)):
            raise TypeError(f"attribute rule {rule!r}: only strings and True are read here")
        value = tag.get(attr)
        values = value if isinstance(value, list) else [value]
        if not any(_value_matches(rule, v) for v in values) \
                and not (len(values) != 1 and _value_matches(rule, " ".join(values))):
            return False
    return True


def _value_matches(rule: str | bool, value: str | None) -> bool:
    return value is not None if rule is True else rule == value
