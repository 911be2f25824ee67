"""Deduplication: mentions of the same fact become one claim, whatever their language or document."""

from __future__ import annotations

import hashlib
import json
import struct
from collections import Counter, defaultdict

from .model import Claim, Mention, with_fields

QUALIFIER_ORDER = ("exact", "approx", "ge", "gt", "le", "lt")
# `json.dumps(x, ensure_ascii=False)`, the same text: `dumps` with an argument builds a new encoder at
# every call, which costs more than encoding the few fields of a key.
to_json = json.JSONEncoder(ensure_ascii=False).encode


def _fact(m: Mention) -> tuple:
    """What is asserted, apart from when: used to carry a period to repeats of a figure in a document."""
    return (m.subject.casefold(), m.metric, m.value_low, m.value_high, m.unit, m.per, m.item)


def claim_key(m: Mention) -> tuple:
    """The normalized key of CLAIMS.md: subject, metric, period, values, unit, per, item."""
    return (m.subject.casefold(), m.metric, m.period, repr(m.value_low), repr(m.value_high), m.unit, m.per, m.item)


def claim_id(key: tuple) -> str:
    return "c" + hashlib.sha256(to_json(key).encode()).hexdigest()[:16]


def carry_periods(mentions: list[Mention]) -> list[Mention]:
    """A figure repeated in one document refers to the same fact: where one of its mentions says when
    (and no other says otherwise), the repeats that say nothing take that period."""
    periods: dict[tuple, set[str]] = defaultdict(set)
    for m in mentions:
        if m.period:
            periods[(m.source, *_fact(m))].add(m.period)
    out = []
    for m in mentions:
        known = periods.get((m.source, *_fact(m)), set())
        out.append(with_fields(m, period=next(iter(known))) if not m.period and len(known) == 1 else m)
    return out


def finish_document(mentions: list[Mention]) -> list[Mention]:
    """The mentions of one document as the tables hold them: periods carried to repeats, claim ids set,
    in table order. Everything here is local to the document, so documents may be done anywhere."""
    out = [with_fields(m, claim_id=claim_id(claim_key(m))) for m in carry_periods(mentions)]
    return sorted(out, key=mention_order)


def mention_order(m: Mention) -> tuple:
    return (m.source, m.start, m.end, m.mention_id)


def topic(key: tuple) -> tuple:
    """What two claims must share to contradict each other: a claim key without its values."""
    return (key[0], key[1], key[2], key[5], key[6], key[7])


def partition_of(m: Mention, partitions: int) -> int:
    """The partition of a mention's claim, stable across processes and machines (not Python's `hash`).
    Partitioning by topic keeps every claim, and every claim it may contradict, in one partition."""
    digest = hashlib.sha256(to_json(topic(claim_key(m))).encode()).digest()
    return int.from_bytes(digest[:8], "big") % partitions


def claims_from(mentions: list[Mention]) -> list[Claim]:
    """The claims of these mentions, which must hold every mention of each topic they touch (one
    partition of `partition_of`, or all of them), sorted as the claims table is."""
    groups: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[claim_key(m)].append(m)
    ids = {key: claim_id(key) for key in groups}
    by_topic: dict[tuple, list[tuple]] = defaultdict(list)
    for key in groups:
        if key[0]:
            by_topic[topic(key)].append(key)
    claims = []
    for key, ms in groups.items():
        ms = sorted(ms, key=lambda m: (m.source, m.start, m.mention_id))
        first = ms[0]
        conflicts = sorted(ids[k] for k in by_topic.get(topic(key), []) if k != key)
        counts = Counter(m.qualifier for m in ms)
        qualifier = max(QUALIFIER_ORDER, key=lambda q: (counts[q], -QUALIFIER_ORDER.index(q)))
        claims.append(Claim(
            claim_id=ids[key], subject=first.subject, metric=first.metric, period=first.period,
            value_low=first.value_low, value_high=first.value_high, unit=first.unit, per=first.per,
            item=first.item, qualifier=qualifier, n_mentions=len(ms), n_sources=len({m.source for m in ms}),
            langs=";".join(sorted({m.lang for m in ms})), sources=";".join(sorted({m.source for m in ms})),
            first_mention_id=first.mention_id, conflicts_with=";".join(conflicts),
        ))
    return sorted(claims, key=claim_order)


def claim_order(c: Claim) -> tuple:
    return (c.subject.casefold(), c.metric, c.period, c.unit, c.value_low, c.value_high, c.per, c.item, c.claim_id)


def claim_order_text(c: Claim) -> str:
    """`claim_order` as one string that sorts the same way, for engines that sort on a single column:
    fields joined by NUL (below every other character), each float as the hex of its order-preserving bits."""
    parts = [c.subject.casefold(), c.metric, c.period, c.unit, _sortable(c.value_low), _sortable(c.value_high),
             c.per, c.item, c.claim_id]
    return "\x00".join(parts)


def _sortable(x: float) -> str:
    bits = struct.unpack(">Q", struct.pack(">d", x + 0.0))[0]  # + 0.0: -0.0 sorts as 0.0 does
    return f"{bits ^ 0xFFFFFFFFFFFFFFFF if bits >> 63 else bits | 1 << 63:016x}"


def assign_claims(mentions: list[Mention]) -> tuple[list[Mention], list[Claim]]:
    """Mentions with their claim ids, and the claims table, both sorted: everything in memory at once,
    for small sets (the pipeline streams documents and partitions instead)."""
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_source[m.source].append(m)
    out = sorted((m for ms in by_source.values() for m in finish_document(ms)), key=mention_order)
    return out, claims_from(out)
