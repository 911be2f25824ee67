"""Units named without a figure: "prices quoted in dollars", "la livraison au baril", 人民币美元."""

from __future__ import annotations

from bisect import bisect_right

from ..packs import Pack


def unit_names(text: str, pack: Pack, figures: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, unit) of each unit name in `text` that no figure (spans in order) holds."""
    starts = [s for s, _ in figures]
    out = []
    for m in pack.units.unit_name_re.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < figures[k][1] or k + 1 < len(figures) and figures[k + 1][0] < m.end():
            continue
        out.append((m.start(), m.end(), pack.units.lookup.find(m.group()).unit))
    return out
