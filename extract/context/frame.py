"""Where a figure's context is read when its sentence does not give it (CLAIMS.md §2a): the label of its
list item, the headers of its table row and column, the labels of the items it is nested in, the sentence
that introduces its list, the section headings above it (nearest first), and the document's title.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..model import Cell, Document, Structure


@dataclass(frozen=True)
class Place:
    """One place a figure's context is read from: a span of `text` (the document's text, or its title)."""

    kind: str  # label | row | column | parent | lead | heading | title
    text: str
    start: int
    end: int


class Layout:
    """A document's structure, indexed for lookups by position."""

    def __init__(self, doc: Document) -> None:
        st: Structure = doc.structure
        self.doc = doc
        self.items = st.items
        self.item_starts = [i.start for i in st.items]
        self.cells = st.cells
        self.cell_starts = [c.start for c in st.cells]
        self.headings = st.headings
        self.heading_starts = [h.start for h in st.headings]
        # The heading each heading is a subsection of: the nearest before it of a higher level.
        self.heading_parent: list[int] = []
        for k, h in enumerate(st.headings):
            j = k - 1
            while j >= 0 and st.headings[j].level >= h.level:
                j = self.heading_parent[j]
            self.heading_parent.append(j)
        self.title = self._title(doc)

    @staticmethod
    def _title(doc: Document) -> Place | None:
        """The title as a place: where it stands in the text (a note's front matter keeps it readable),
        else the page's `<title>`."""
        title = (doc.title or "").strip()
        if not title:
            return None
        if doc.raw_starts is None:
            at = doc.text.find(title, 0, 4096)
            if at >= 0:
                return Place("title", doc.text, at, at + len(title))
        return Place("title", title, 0, len(title))

    def item_at(self, pos: int) -> int:
        """The innermost list item holding pos, or -1: the last item begun before pos, or one it is
        nested in (items nest properly, so whatever holds pos holds that item too)."""
        i = bisect_right(self.item_starts, pos) - 1
        while i >= 0 and not (self.items[i].start <= pos < self.items[i].end):
            i = self.items[i].parent
        return i

    def cell_at(self, pos: int) -> Cell | None:
        """The table cell holding pos, if any."""
        c = bisect_right(self.cell_starts, pos) - 1
        return self.cells[c] if c >= 0 and self.cells[c].start <= pos < self.cells[c].end else None

    def places(self, pos: int) -> list[Place]:
        """The places around the figure at pos, nearest first (not its own sentence)."""
        text = self.doc.text
        out: list[Place] = []
        i = self.item_at(pos)
        if i >= 0 and self.items[i].label and not (self.items[i].label[0] <= pos < self.items[i].label[1]):
            out.append(Place("label", text, *self.items[i].label))
        cell = self.cell_at(pos)
        if cell is not None:
            if cell.row_header:
                out.append(Place("row", text, *cell.row_header))
            if cell.column_header:
                out.append(Place("column", text, *cell.column_header))
        lead = self.items[i].lead if i >= 0 else None
        j = self.items[i].parent if i >= 0 else -1
        while j >= 0:
            item = self.items[j]
            if item.label:
                out.append(Place("parent", text, *item.label))
            lead = lead or item.lead
            j = item.parent
        if lead:
            out.append(Place("lead", text, *lead))
        h = bisect_right(self.heading_starts, pos) - 1
        if h >= 0 and self.headings[h].start <= pos < self.headings[h].end:
            h = self.heading_parent[h]  # a figure in a heading: the heading is its sentence
        while h >= 0:
            head = self.headings[h]
            out.append(Place("heading", text, head.start, head.end))
            h = self.heading_parent[h]
        if self.title is not None and not (self.title.text is text and self.title.start <= pos < self.title.end):
            out.append(self.title)
        return out
