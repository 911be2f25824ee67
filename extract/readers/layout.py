"""The layout of a markdown note or a plain text: headings, list items and their labels, pipe tables.

A figure's context is read the way an analyst reads a note (CLAIMS.md §2a): its sentence, then the label
of its list item or the headers of its table cell, then the headings above it. This module finds those
places, as spans of the analysis text, so that the context step can look there; it decides nothing about
what they say.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from ..model import Cell, Heading, Item, Structure

ATX = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*\r?$")
SETEXT_1 = re.compile(r"[ \t]{0,3}=+[ \t]*\r?$")
# A line that is bold text and nothing else stands for a heading in many notes ("**Summary**").
BOLD_LINE = re.compile(r"[ \t]*(?:\*\*|__)(?P<t>[^*_\n]+?)(?:\*\*|__)[ \t]*[:：]?[ \t]*\r?$")
BULLET = re.compile(r"(?P<indent>[ \t]*)(?:[*+\-•●▪◦‣]|\d{1,3}[.)])[ \t]+(?=\S)")
# A label opening an item: "**Input tokens:**", "**Revenue** :", "Employees: ...".
BOLD_LABEL = re.compile(r"(?:\*\*|__)(?P<t>[^*_\n]{1,120}?)[ \t]*(?:[:：][ \t]*(?:\*\*|__)|(?:\*\*|__)[ \t]*[:：])")
PLAIN_LABEL = re.compile(r"(?P<t>[^\n:：*|]{1,60}?)[ \t]*[:：](?=[ \t]|\r?$)")
TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*\r?$")
TABLE_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+(?:[ \t]*:?-{2,}:?[ \t]*)?\r?$")
LEAD_END = re.compile(r"[:：][ \t]*(?:\*\*|__)?[ \t]*\r?$")
DATE = re.compile(r"(?:19|20)\d{2}(?:-[01]\d(?:-[0-3]\d)?)?")
TAB_WIDTH = 4


def _lines(text: str) -> list[tuple[int, int]]:
    """Every line of the text, blank ones too, as (start, end) without its line break."""
    out, pos = [], 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        out.append((pos, stop))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r*_":
        start += 1
    while end > start and text[end - 1] in " \t\r*_":
        end -= 1
    return start, end


def _indent(s: str) -> int:
    return len(s.expandtabs(TAB_WIDTH))


def markdown_structure(text: str, date: str = "") -> Structure:
    """Headings, list items (with labels, nesting and lead-ins) and table cells of a note."""
    reader = StructureReader(date)
    spans = _lines(text)
    for i, (s, e) in enumerate(spans):
        reader.feed(text, s, e, spans[i + 1] if i + 1 < len(spans) else None)
    return reader.structure()


Span = tuple[int, int]


class StructureReader:
    """What `markdown_structure` finds, read a line at a time in the document's order, each line with the
    line after it (a setext underline, a table's rule): a large document read in windows (`windows.py`)
    gets in each window the structure that reading it whole gives there. Spans are offsets of the whole
    text: `feed` takes where the text it is given starts (`origin`)."""

    def __init__(self, date: str = "") -> None:
        self.date = date
        self.headings: list[Heading] = []
        self.items: dict[int, Item] = {}  # by index in the document's list of items
        self.count = 0  # items read so far
        self.cells: list[Cell] = []
        self.stack: list[tuple[int, int]] = []  # (indent, item index) of the open items, outermost first
        self.lead: Span | None = None  # the lead-in of the list being read
        self.previous: Span | None = None  # the last non-blank line that was not an item...
        self.previous_leads = False  # ...and whether it ends as a lead-in does (a colon)
        self.skip = 0  # lines already read with the line before them (an underline, a table's rule)
        self.header: list[Span] | None = None  # the header cells of the table being read
        self.continued: tuple[int, int] | None = None  # (index, indent) of the item its next lines may continue

    def structure(self) -> Structure:
        return Structure(headings=tuple(self.headings), items=tuple(self.items[k] for k in sorted(self.items)),
                         cells=tuple(self.cells), date=self.date)

    def feed(self, text: str, s: int, e: int, following: Span | None, origin: int = 0) -> None:
        """Read the line text[s:e]; `following`: the span of the line after it, None at the end of the text."""
        if self.skip:
            self.skip -= 1
            return
        line = text[s:e]
        if self.header is not None:
            if TABLE_ROW.match(line):
                self._row(text, s, e, origin)
                return
            self.header, self.stack, self.lead, self.previous = None, [], None, None
        if self.continued is not None:
            if self._continues(line):
                index = self.continued[0]
                self.items[index] = replace(self.items[index], end=origin + e)
                return
            self.continued = None
        if not line.strip():
            return
        after = text[following[0]:following[1]] if following is not None else None
        if TABLE_ROW.match(line) and after is not None and TABLE_RULE.match(after):
            self.header = [(origin + a, origin + b) for a, b in _row_cells(text, s, e)]
            self.cells += [Cell(a, b, None, None) for a, b in self.header]
            self.skip, self.stack, self.lead, self.previous = 1, [], None, None
            return
        heading = _heading(text, s, e, after)
        if heading is not None:
            self.headings.append(Heading(origin + heading.start, origin + heading.end, heading.level))
            self.stack, self.lead, self.previous = [], None, None
            self.skip = 1 if after is not None and SETEXT_1.match(after) else 0
            return
        bullet = BULLET.match(line)
        if bullet:
            self._item(text, s, e, bullet, origin)
            return
        if self.stack and _indent(line[: len(line) - len(line.lstrip())]) > self.stack[-1][0]:
            return  # a paragraph inside an item
        self.stack = []
        ps, pe = _strip(text, s, e)
        self.previous, self.previous_leads = (origin + ps, origin + pe), bool(LEAD_END.search(text, ps, pe))

    def _continues(self, line: str) -> bool:
        """Whether a line continues the item before it (indented further, no new item or heading, no blank
        line)."""
        if not line.strip() or BULLET.match(line) or ATX.match(line) or TABLE_ROW.match(line):
            return False
        return _indent(line[: len(line) - len(line.lstrip())]) > self.continued[1]

    def _item(self, text: str, s: int, e: int, bullet: re.Match, origin: int) -> None:
        indent = _indent(bullet.group("indent"))
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if not self.stack:
            self.lead = self.previous if self.previous and self.previous_leads else None
        start = s + bullet.end()
        label = _label(text, start, e)
        index = self.count
        self.count += 1
        self.items[index] = Item(origin + start, origin + e, (origin + label[0], origin + label[1]) if label else None,
                                 self.stack[-1][1] if self.stack else -1, self.lead)
        self.stack.append((indent, index))
        self.continued = (index, indent)

    def _row(self, text: str, s: int, e: int, origin: int) -> None:
        row = _row_cells(text, s, e)
        row_header = (origin + row[0][0], origin + row[0][1]) if len(row) > 1 and row[0][1] > row[0][0] else None
        header = self.header
        for k, (a, b) in enumerate(row):
            column = header[k] if k < len(header) and header[k][1] > header[k][0] else None
            self.cells.append(Cell(origin + a, origin + b, row_header if k > 0 else None, column))

    # ------------------------------------------------------------- a window at a time (windows.py)
    def window(self, origin: int) -> Structure:
        """The structure the lines read since the last `settle` see, in offsets of a text that starts at
        `origin`: their headings, items and cells, and before them the chains of headings and of items the
        lines before left open (spans before `origin` are negative)."""
        order = sorted(self.items)
        index = {k: n for n, k in enumerate(order)}

        def at(span: Span | None) -> Span | None:
            return (span[0] - origin, span[1] - origin) if span is not None else None

        items = tuple(Item(i.start - origin, i.end - origin, at(i.label), index[i.parent] if i.parent >= 0 else -1,
                           at(i.lead)) for i in (self.items[k] for k in order))
        return Structure(headings=tuple(Heading(h.start - origin, h.end - origin, h.level) for h in self.headings),
                         items=items, cells=tuple(Cell(c.start - origin, c.end - origin, at(c.row_header),
                                                       at(c.column_header)) for c in self.cells), date=self.date)

    def settle(self) -> None:
        """Let go of what no line after those read can be inside: all but the chain of headings above the
        last one and the chain of items the last one is nested in; the cells (a cell is on its figure's line)."""
        chain, level = [], 7
        for h in reversed(self.headings):
            if h.level < level:
                chain.append(h)
                level = h.level
        self.headings = chain[::-1]
        kept, k = {}, self.count - 1
        while k >= 0:
            kept[k] = self.items[k]
            k = kept[k].parent
        self.items = kept
        self.cells = []

    def open_spans(self) -> set[Span]:
        """The spans, read so far, that a line after them may take its context from: headings and labels and
        lead-ins of the chains `settle` keeps, the last line if it ends as a lead-in, the header cells of the
        table being read."""
        spans = {(h.start, h.end) for h in self.headings}
        for item in self.items.values():
            spans |= {span for span in (item.label, item.lead) if span is not None}
        if self.previous is not None and self.previous_leads:
            spans.add(self.previous)
        return spans | set(self.header or ())


def _heading(text: str, s: int, e: int, after: str | None) -> Heading | None:
    """The heading line text[s:e] is, if any; `after`: the line after it (None at the end of the text)."""
    m = ATX.match(text, s, e)
    if m:
        hs, he = _strip(text, m.start(2), m.end(2))
        return Heading(hs, he, len(m.group(1))) if he > hs else None
    if after is not None and SETEXT_1.match(after) and not BULLET.match(text, s, e):
        hs, he = _strip(text, s, e)
        return Heading(hs, he, 1) if he > hs else None
    m = BOLD_LINE.match(text, s, e)
    if m and not BULLET.match(text, s, e):
        hs, he = _strip(text, m.start("t"), m.end("t"))
        return Heading(hs, he, 6) if he > hs else None
    return None


def _label(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The label that opens an item's first line, without its marks and colon."""
    m = BOLD_LABEL.match(text, start, end) or PLAIN_LABEL.match(text, start, end)
    if not m:
        return None
    s, e = _strip(text, m.start("t"), m.end("t"))
    if e <= s or not any(ch.isalpha() for ch in text[s:e]):
        return None
    return s, e


def _row_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a pipe-table row, each stripped of spaces and emphasis marks."""
    bounds = [k for k in range(start, end) if text[k] == "|" and (k == start or text[k - 1] != "\\")]
    first = text[start:end].lstrip(" \t")
    out = []
    edges = bounds if first.startswith("|") else [start - 1, *bounds]
    for a, b in zip(edges, edges[1:], strict=False):
        out.append(_strip(text, a + 1, b))
    return out


def iso_date(value) -> str:
    """A front-matter or page date as ISO text (`2025-08-14`, `2025-08`), or '' when it is none."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str):
        m = DATE.match(value.strip())
        return m.group() if m else ""
    return ""
