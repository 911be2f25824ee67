"""Bare figures that count what their neighbours count: the two sides of a tally ("438 contre 86", "52
against 48"), the whole a count is part of ("10 députés (sur 288)"), and the next element of a list of counts
("10 députés socialistes, 35 UMP": 35 of them too, where a word follows it)."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..packs import Pack
from .quantity import Quantity

# A list's next element names what it counts after its figure, though not in a word the pack knows ("35 UMP").
WORD_AFTER = regex.compile(r"[ \t\u00a0\u202f]+\p{L}")


def count_together(found: list[Quantity], norm: str, pack: Pack) -> list[Quantity]:
    """The figures, each bare whole number that its neighbours make a count made one, of their item."""
    counted = pack.counted
    out = list(found)
    for k in range(1, len(out)):
        p, q = out[k - 1], out[k]
        if not _bare_whole(q):
            continue
        if counted.tally_re.fullmatch(norm, p.end, q.start) and (_bare_whole(p) or p.kind == "count"):
            out[k - 1] = _counting(p, q.item) if p.kind != "count" else p
            out[k] = _counting(q, out[k - 1].item)
        elif p.kind == "count" and (counted.out_of_re.search(norm, p.end, q.start)
                                    or counted.list_join_re.fullmatch(norm, p.end, q.start)
                                    and WORD_AFTER.match(norm, q.end)):
            out[k] = _counting(q, p.item)
    return out


def _bare_whole(q: Quantity) -> bool:
    return q.kind == "number" and not q.year_like and q.value_low == q.value_high == int(q.value_low) >= 1 \
        and q.per is None


def _counting(q: Quantity, item: str | None) -> Quantity:
    return replace(q, kind="count", unit="count", item=item)
