"""The elements of a parsed page, listed once in document order, so that the reader's questions (the meta
tags of a publication date, the candidates for the article's container) are asked of the few elements
that can answer them, not of the whole tree each time.

BeautifulSoup's `find` and `find_all` with attributes walk every element of the tree and test each
through its strainer; a page of 1,000 tags asked a dozen such questions costs more than its parse. Here
each question is BeautifulSoup's own strainer (`SoupStrainer.match`), asked of the same elements in the
same order, so the answers are the ones `find` and `find_all` give.
"""

from __future__ import annotations

from collections.abc import Iterable

from bs4 import BeautifulSoup, SoupStrainer, Tag


class Elements:
    """Every element of a page, in document order (`soup.descendants`), and by name."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.tags = [e for e in soup.descendants if isinstance(e, Tag)]
        self.by_name: dict[str, list[Tag]] = {}
        self.prefixed: list[Tag] = []  # a name a strainer may match with its prefix (svg:title)
        for tag in self.tags:
            self.by_name.setdefault(tag.name, []).append(tag)
            if tag.prefix:
                self.prefixed.append(tag)
        self._order = {id(t): i for i, t in enumerate(self.tags)} if self.prefixed else {}

    def _candidates(self, names: str | list[str] | None, attrs: dict) -> Iterable[Tag]:
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

    def find_all(self, names: str | list[str] | None, attrs: dict | None = None) -> list[Tag]:
        """What `soup.find_all(names, attrs=attrs)` gives."""
        attrs = attrs or {}
        strainer = SoupStrainer(names, attrs)
        return [t for t in self._candidates(names, attrs) if strainer.match(t)]

    def find(self, names: str | None, attrs: dict | None = None, within: Tag | None = None) -> Tag | None:
        """What `soup.find(names, attrs=attrs)` gives; `within`: what `within.find(...)` gives."""
        attrs = attrs or {}
        strainer = SoupStrainer(names, attrs)
        for t in self._candidates(names, attrs):
            if (within is None or any(p is within for p in t.parents)) and strainer.match(t):
                return t
        return None
