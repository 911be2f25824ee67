"""Bare figures in table cells take the unit their header gives: under `GDP growth (%)` the cell `8.1` is
8.1 %, under `Revenue (USD bn)` the cell `4.2` is 4.2e9 USD, under `营收（亿元）` the cell `120` is 1.2e10 CNY
(CLAIMS.md §2a). The unit is read by the recognizer itself, from the header's bracketed words put after a
figure of one, so every unit and scale a pack knows works in headers too.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from .model import Cell
from .packs import Pack
from .recognize.quantities import Quantity, find_quantities

BRACKETED = regex.compile(r"[(（\[［]([^()（）\[\]［］\n]{1,24})[)）\]］]")


class HeaderUnits:
    """The unit each header of one document gives, read once per header."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._known: dict[tuple[int, int, str], Quantity | None] = {}

    def of(self, cell: Cell, pack: Pack) -> Quantity | None:
        """A figure of one in the unit the cell's column header (else its row header) names, if any."""
        for header in (cell.column_header, cell.row_header):
            if header is None:
                continue
            key = (*header, pack.code)
            if key not in self._known:
                self._known[key] = _unit_of(self.text[header[0]:header[1]], pack)
            if self._known[key] is not None:
                return self._known[key]
        return None


def _unit_of(header: str, pack: Pack) -> Quantity | None:
    for m in BRACKETED.finditer(header):
        words = m.group(1).strip()
        first, _, rest = words.partition(" ")
        for probe in (f"1 {words}", f"1{words}", f"{first} 1 {rest}" if rest else ""):
            if not probe:
                continue
            found = [q for q in find_quantities(probe, pack) if q.unit and q.kind != "number"]
            if len(found) == 1 and found[0].start == 0 and found[0].end == len(probe) \
                    and found[0].value_low == found[0].value_high:
                return found[0]
    return None


def with_header_unit(q: Quantity, unit: Quantity) -> Quantity:
    """A bare number of a cell read in its header's unit: the header's scale applied, its unit taken."""
    return replace(q, value_low=q.value_low * unit.value_low, value_high=q.value_high * unit.value_high,
                   unit=unit.unit, kind=unit.kind, per=unit.per, item=unit.item)
