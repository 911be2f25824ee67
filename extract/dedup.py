"""Deduplication: mentions of the same fact become one claim, whatever their language or document."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import replace

from .model import Claim, Mention

QUALIFIER_ORDER = ("exact", "approx", "ge", "gt", "le", "lt")


def _fact(m: Mention) -> tuple:
    """What is asserted, apart from when: used to carry a period to repeats of a figure in a document."""
    return (m.subject.casefold(), m.metric, m.value_low, m.value_high, m.unit, m.per, m.item)


def claim_key(m: Mention) -> tuple:
    """The normalized key of CLAIMS.md: subject, metric, period, values, unit, per, item."""
    return (m.subject.casefold(), m.metric, m.period, repr(m.value_low), repr(m.value_high), m.unit, m.per, m.item)


def claim_id(key: tuple) -> str:
    return "c" + hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:16]


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
        out.append(replace(m, period=next(iter(known))) if not m.period and len(known) == 1 else m)
    return out


def assign_claims(mentions: list[Mention]) -> tuple[list[Mention], list[Claim]]:
    """Mentions with their claim ids, and the claims table; both sorted, ids stable across runs."""
    mentions = carry_periods(mentions)
    groups: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[claim_key(m)].append(m)
    ids = {key: claim_id(key) for key in groups}
    out = sorted((replace(m, claim_id=ids[claim_key(m)]) for m in mentions),
                 key=lambda m: (m.source, m.start, m.end, m.mention_id))
    by_topic: dict[tuple, list[tuple]] = defaultdict(list)
    for key in groups:
        if key[0]:
            by_topic[(key[0], key[1], key[2], key[5], key[6], key[7])].append(key)
    claims = []
    for key, ms in groups.items():
        ms = sorted(ms, key=lambda m: (m.source, m.start, m.mention_id))
        first = ms[0]
        topic = (key[0], key[1], key[2], key[5], key[6], key[7])
        conflicts = sorted(ids[k] for k in by_topic.get(topic, []) if k != key)
        counts = Counter(m.qualifier for m in ms)
        qualifier = max(QUALIFIER_ORDER, key=lambda q: (counts[q], -QUALIFIER_ORDER.index(q)))
        claims.append(Claim(
            claim_id=ids[key], subject=first.subject, metric=first.metric, period=first.period,
            value_low=first.value_low, value_high=first.value_high, unit=first.unit, per=first.per,
            item=first.item, qualifier=qualifier, n_mentions=len(ms), n_sources=len({m.source for m in ms}),
            langs=";".join(sorted({m.lang for m in ms})), sources=";".join(sorted({m.source for m in ms})),
            first_mention_id=first.mention_id, conflicts_with=";".join(conflicts),
        ))
    claims.sort(key=lambda c: (c.subject.casefold(), c.metric, c.period, c.unit, c.value_low, c.value_high,
                               c.per, c.item, c.claim_id))
    return out, claims
