"""The layout of a markdown note or a plain text: headings, list items and their labels, pipe tables.

A figure's context is read the way an analyst reads a note (CLAIMS.md §2a): its sentence, then the label
of its list item or the headers of its table cell, then the headings above it. This module finds those
places, as spans of the analysis text, so that the context step can look there; it decides nothing about
what they say.
"""

from __future__ import annotations

import datetime
import re

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
    """Headings, list items (with labels, nesting and lead-in sentences) and table cells of a note."""
    lines = _lines(text)
    headings: list[Heading] = []
    items: list[Item] = []
    cells: list[Cell] = []
    stack: list[tuple[int, int]] = []  # (indent, item index) of the open items, outermost first
    lead: tuple[int, int] | None = None  # the lead-in of the list being read
    previous: tuple[int, int] | None = None  # the last non-blank line that was not an item
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if not line.strip():
            i += 1
            continue
        if TABLE_ROW.match(line) and i + 1 < len(lines) and TABLE_RULE.match(text[slice(*lines[i + 1])]):
            i = _table(text, lines, i, cells)
            stack, lead, previous = [], None, None
            continue
        heading = _heading(text, lines, i)
        if heading is not None:
            headings.append(heading)
            stack, lead, previous = [], None, None
            i += 2 if SETEXT_1.match(text[slice(*lines[i + 1])] if i + 1 < len(lines) else "x") else 1
            continue
        bullet = BULLET.match(line)
        if bullet:
            indent = _indent(bullet.group("indent"))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                lead = previous if previous and LEAD_END.search(text, *previous) else None
            start = s + bullet.end()
            end = _item_end(text, lines, i, indent)
            items.append(Item(start, end, _label(text, start, e), stack[-1][1] if stack else -1, lead))
            stack.append((indent, len(items) - 1))
            while i + 1 < len(lines) and lines[i + 1][0] <= end and lines[i + 1][1] <= end:
                i += 1
            i += 1
            continue
        if stack and _indent(line[: len(line) - len(line.lstrip())]) > stack[-1][0]:
            i += 1  # a paragraph inside an item
            continue
        stack = []
        previous = _strip(text, s, e)
        i += 1
    return Structure(headings=tuple(headings), items=tuple(items), cells=tuple(cells), date=date)


def _heading(text: str, lines: list[tuple[int, int]], i: int) -> Heading | None:
    s, e = lines[i]
    m = ATX.match(text, s, e)
    if m:
        hs, he = _strip(text, m.start(2), m.end(2))
        return Heading(hs, he, len(m.group(1))) if he > hs else None
    if i + 1 < len(lines) and SETEXT_1.match(text, *lines[i + 1]) and not BULLET.match(text, s, e):
        hs, he = _strip(text, s, e)
        return Heading(hs, he, 1) if he > hs else None
    m = BOLD_LINE.match(text, s, e)
    if m and not BULLET.match(text, s, e):
        hs, he = _strip(text, m.start("t"), m.end("t"))
        return Heading(hs, he, 6) if he > hs else None
    return None


def _item_end(text: str, lines: list[tuple[int, int]], i: int, indent: int) -> int:
    """Where an item ends: its line, and the lines after it that continue it (indented further, no new
    item or heading, no blank line)."""
    end = lines[i][1]
    for s, e in lines[i + 1:]:
        line = text[s:e]
        if not line.strip() or BULLET.match(line) or ATX.match(line) or TABLE_ROW.match(line):
            break
        if _indent(line[: len(line) - len(line.lstrip())]) <= indent:
            break
        end = e
    return end


def _label(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The label that opens an item's first line, without its marks and colon."""
    m = BOLD_LABEL.match(text, start, end) or PLAIN_LABEL.match(text, start, end)
    if not m:
        return None
    s, e = _strip(text, m.start("t"), m.end("t"))
    if e <= s or not any(ch.isalpha() for ch in text[s:e]):
        return None
    return s, e


def _table(text: str, lines: list[tuple[int, int]], i: int, cells: list[Cell]) -> int:
    """Read the pipe table whose header row is line i; returns the index of the line after it."""
    header = _row_cells(text, *lines[i])
    j = i + 2
    while j < len(lines) and TABLE_ROW.match(text, *lines[j]):
        row = _row_cells(text, *lines[j])
        row_header = row[0] if len(row) > 1 and row[0][1] > row[0][0] else None
        for k, cell in enumerate(row):
            column = header[k] if k < len(header) and header[k][1] > header[k][0] else None
            cells.append(Cell(cell[0], cell[1], row_header if k > 0 else None, column))
        j += 1
    cells += [Cell(cell[0], cell[1], None, None) for cell in header]
    cells.sort(key=lambda c: c.start)
    return j


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
