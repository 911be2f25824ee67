"""The layout of an HTML page as the reader walks it: headings, list items (with a bold label or a `<dt>`),
and table cells with their row and column headers, recorded as spans of the text the walk makes
(CLAIMS.md §2a: where a figure's context is read)."""

from __future__ import annotations

from ..model import Cell, Heading, Item, Structure
from .layout import PLAIN_LABEL


class Layout:
    """Headings, list items (with a bold label or a `<dt>`), and table cells with their headers, recorded
    as the walk reads them, as spans of the text it makes (CLAIMS.md §2a: where a figure's context is)."""

    TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "ul", "ol", "strong", "b", "table", "tr",
            "td", "th", "thead"}

    def __init__(self, chars: list[str]) -> None:
        self.chars = chars
        self.open: list[tuple[str, int]] = []  # (tag, where its text starts)
        self.headings: list[Heading] = []
        self.items: list[list] = []  # [start, end, bold label, parent, lead, <dt> term]
        self.item_stack: list[int] = []
        self.leads: list[tuple[int, int] | None] = []  # the lead-in of each open list
        self.line = (0, 0)  # the last line ended
        self.line_start = 0
        self.dt: tuple[int, int] | None = None
        self.tables: list[list[list[tuple[int, int, bool]]]] = []  # rows of (start, end, header) per open table
        self.head_rows: list[int] = []  # rows read inside <thead>, per open table
        self.in_thead = 0
        self.cells: list[Cell] = []

    def line_ended(self) -> None:
        self.line = (self.line_start, len(self.chars))
        self.line_start = len(self.chars) + 1

    def start(self, tag: str) -> None:
        here = len(self.chars)
        if tag in ("ul", "ol"):
            s, e = self.line
            text = "".join(self.chars[s:e]).rstrip()
            self.leads.append((s, e) if text.endswith((":", "：")) and e == here - 1 else None)
        elif tag in ("li", "dd"):
            parent = self.item_stack[-1] if self.item_stack else -1
            lead = next((x for x in reversed(self.leads) if x), None) if self.leads else None
            self.items.append([here, here, None, parent, lead, self.dt if tag == "dd" else None])
            self.item_stack.append(len(self.items) - 1)
        elif tag in ("strong", "b") and self.item_stack:
            item = self.items[self.item_stack[-1]]
            if item[2] is None and not "".join(self.chars[item[0]:]).strip():
                item[2] = (here, -1)  # a label, if a colon closes it (checked when the item ends)
        elif tag == "table":
            self.tables.append([])
            self.head_rows.append(0)
        elif tag == "thead":
            self.in_thead += 1
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
            if self.in_thead:
                self.head_rows[-1] += 1
        self.open.append((tag, here))

    def end(self, tag: str) -> None:
        start = next((s for t, s in reversed(self.open) if t == tag), None)
        while self.open:
            if self.open.pop()[0] == tag:
                break
        if start is None:
            return
        here = len(self.chars)
        if tag[0] == "h" and tag[1:].isdigit():
            self.headings.append(Heading(start, here, int(tag[1])))
        elif tag in ("ul", "ol"):
            if self.leads:
                self.leads.pop()
        elif tag in ("li", "dd"):
            if self.item_stack:
                self.items[self.item_stack.pop()][1] = here
        elif tag == "dt":
            self.dt = (start, here)
        elif tag in ("strong", "b") and self.item_stack:
            item = self.items[self.item_stack[-1]]
            if item[2] is not None and item[2][1] == -1:
                item[2] = (item[2][0], here)
        elif tag == "thead":
            self.in_thead = max(0, self.in_thead - 1)
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1].append((start, here, tag == "th"))
        elif tag == "table" and self.tables:
            self._table(self.tables.pop(), self.head_rows.pop())

    def _table(self, rows: list[list[tuple[int, int, bool]]], head_rows: int) -> None:
        rows = [r for r in rows if r]
        if not rows:
            return
        n = head_rows or (1 if all(h for *_, h in rows[0]) or len(rows) > 1 else 0)
        header = rows[n - 1] if n else []
        for r, row in enumerate(rows):
            for k, (s, e, _) in enumerate(row):
                if r < n:
                    self.cells.append(Cell(s, e))
                    continue
                row_header = row[0][:2] if k > 0 else None
                column = header[k][:2] if k < len(header) else None
                self.cells.append(Cell(s, e, row_header, column))

    def structure(self, text: str, date: str) -> Structure:
        """The layout as spans of the finished text, each trimmed of white space."""
        def trim(span):
            if span is None:
                return None
            s, e = min(span[0], len(text)), min(span[1], len(text))
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            return (s, e) if e > s else None

        headings = [Heading(*t, h.level) for h in self.headings if (t := trim((h.start, h.end)))]
        items = []
        for start, end, label, parent, lead, term in self.items:
            span = trim((start, end))
            if span is None:
                items.append(Item(start, start, None, parent, trim(lead)))
                continue
            if term is not None:
                label = trim(term)
            else:
                label = _html_label(text, span, trim(label) if label and label[1] >= 0 else None)
            items.append(Item(*span, label, parent, trim(lead)))
        cells = []
        for c in self.cells:
            span = trim((c.start, c.end))
            if span:
                cells.append(Cell(*span, trim(c.row_header), trim(c.column_header)))
        return Structure(tuple(sorted(headings, key=lambda h: h.start)), tuple(items),
                         tuple(sorted(cells, key=lambda c: c.start)), date)


def _html_label(text: str, item: tuple[int, int], bold: tuple[int, int] | None) -> tuple[int, int] | None:
    """The label of an item: a bold run that opens it and a colon ends, or words before a colon."""
    if bold is not None:
        s, e = bold
        after = text[e:item[1]].lstrip(" ")
        if text[s:e].rstrip().endswith((":", "：")):
            e = s + len(text[s:e].rstrip().rstrip(":：").rstrip())
            return (s, e) if e > s else None
        if after.startswith((":", "：")):
            return bold
    line_end = text.find("\n", item[0], item[1])
    m = PLAIN_LABEL.match(text, item[0], item[1] if line_end < 0 else line_end)
    if m:
        s, e = m.start("t"), m.end("t")
        return (s, e) if any(ch.isalpha() for ch in text[s:e]) else None
    return None
