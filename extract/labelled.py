"""Bare figures that are the value of a labelled list item count what the label names: under
`**Employees:** 41,000`, `**Passagers transportés :** 38,5 millions`, `**员工总数：** 2.3万` the figure is a
count of employees or passengers (CLAIMS.md §2a: the label is the nearest place after the sentence). The
counted thing is read by the recognizer itself, from the label put after a figure of one, so every noun a
pack counts works in labels too; a label that names no thing (Revenue, Rank, Score) leaves the figure bare.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from .context.frame import Layout
from .packs import Pack
from .recognize.quantities import Quantity, find_quantities

# What may stand between a label and its value: markup, a colon, spaces, an approximation mark.
BEFORE_VALUE = regex.compile(r"[\s*_:：~≈]*")
# What may follow the value in its item: nothing, a remark in brackets, or the end of a clause.
AFTER_VALUE = regex.compile(r"[ \t\u00a0\u202f*_]*(?:$|[\r\n(（,，;；.。])")


class LabelNouns:
    """The thing each label of one document counts, read once per label."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._known: dict[tuple[int, int, str], Quantity | None] = {}

    def counted(self, text: str, q: Quantity, pack: Pack) -> Quantity:
        """q as a count of what its item's label names, where q is a bare number and its item's value."""
        if q.kind != "number" or q.year_like:
            return q
        i = self.layout.item_at(q.start)
        if i < 0:
            return q
        item = self.layout.items[i]
        if item.label is None or item.label[1] > q.start or not BEFORE_VALUE.fullmatch(text, item.label[1], q.start) \
                or not AFTER_VALUE.match(text, q.end, item.end):
            return q
        key = (*item.label, pack.code)
        if key not in self._known:
            self._known[key] = _noun_of(self.layout.text_of(item.label), pack)
        noun = self._known[key]
        return q if noun is None else replace(q, kind="count", unit="count", item=noun.item)


def _noun_of(label: str, pack: Pack) -> Quantity | None:
    words = label.strip(" *_:：").lower() if pack.spaced else label.strip(" *_:：")
    probe = f"1 {words}"
    found = find_quantities(probe, pack)
    if found and found[0].start == 0 and found[0].kind == "count" and found[0].item:
        return found[0]
    return None
