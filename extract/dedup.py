"""Deduplication: mentions of the same fact become one claim, whatever their language or document.

Per document: periods carried to repeats of a figure (`finish_document`). Over all documents: the
documents that tell the same story aligned (`align.py`), the mentions of each figure resolved into
claims (`resolve.py`, `resolve_claims`), then the claims that contradict each other found
(`with_conflicts`). Claim ids are hashes of the resolved claim's key.
"""

from __future__ import annotations

import functools
import hashlib
import json
import struct
from collections import Counter, defaultdict
from collections.abc import Iterable

from .align import DocumentFigures, Edges, align
from .context.entities import COMBINED
from .model import Claim, Mention, with_fields
from .packs import registry
from .resolve import (
    agreed_bound,
    agreed_context,
    as_context,
    node_hash,
    node_of,
    resolve_group,
    specific,
    value_hash,
    value_key,
)

QUALIFIER_ORDER = ("exact", "approx", "ge", "gt", "le", "lt")
# `json.dumps(x, ensure_ascii=False)`, the same text: `dumps` with an argument builds a new encoder at
# every call, which costs more than encoding the few fields of a key.
to_json = json.JSONEncoder(ensure_ascii=False).encode


def _fact(m: Mention) -> tuple:
    """What is asserted, apart from when: used to carry a period to repeats of a figure in a document."""
    return (m.subject.casefold(), m.metric, m.value_low, m.value_high, m.unit, m.per, m.item)


def claim_id(key: tuple) -> str:
    """A claim's id: a hash of its resolved key (subject, metric, period, values, unit, per, item, and the
    side a bound is on: `< $10` and `>= $10` are two claims), so that it does not depend on which
    documents state the claim; for a claim whose context is not `resolve.specific`, its first source too."""
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


def _figure(m: Mention) -> tuple:
    return (m.source, m.value_low, m.value_high, m.unit, m.per, m.item)


def carry_context(mentions: list[Mention]) -> list[Mention]:
    """A figure repeated in one document (a summary, a sum, a list after a paragraph) refers to the same
    fact: a repeat whose sentence named no subject, or no metric (`other`), takes the one its other
    mentions agree on."""
    facts = DocumentFacts()
    facts.add(mentions)
    return [facts.with_context(m) for m in mentions]


class DocumentFacts:
    """What the mentions of one document say of each figure, gathered from all of them (at once, or a window
    of a large document at a time): the subjects and the metrics its mentions name, and the periods said
    with each (subject, metric). `finish` then gives any of the mentions as `finish_document` gives it
    for the whole document. Small: a few entries per distinct figure of the document."""

    def __init__(self) -> None:
        self._said: dict[tuple, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        self._dated: set[tuple] = set()  # (figure, subject, metric, period) of each mention that has a period
        self._periods: dict[tuple, set[str]] | None = None
        self._subjects: set[str] = set()  # every subject the document names

    def add(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            figure = _figure(m)
            subjects, metrics = self._said[figure]
            if m.subject:
                subjects.add(m.subject)
                self._subjects.add(m.subject)
            if m.metric != "other":
                metrics.add(m.metric)
            if m.period:
                self._dated.add((figure, m.subject, m.metric, m.period))
        self._periods = None

    def replace_period(self, mark: str, period: str) -> None:
        """A period left as `mark` while the document was read is `period` (none where it is empty)."""
        dated = {(figure, subject, metric, period if p == mark else p) for figure, subject, metric, p in self._dated}
        self._dated = {fact for fact in dated if fact[3]}
        self._periods = None

    def _agreed(self, figure: tuple, subject: str, metric: str) -> tuple[str, str]:
        subjects, metrics = self._said[figure]
        if not subject and len(subjects) == 1:
            subject = next(iter(subjects))
        if metric == "other" and len(metrics) == 1:
            metric = next(iter(metrics))
        return self.full_name(subject), metric

    def full_name(self, subject: str) -> str:
        """A one-word name the document also writes in full is that name: after "Brightwater Energy",
        "shares in Brightwater" are Brightwater Energy's (one full form only; none for a combined subject; a
        name the gazetteer lists is its own: Google is not Google Cloud)."""
        if not subject or " " in subject or not subject[:1].isupper() or subject in listed_names():
            return subject
        longer = [s for s in self._subjects if s.startswith(subject + " ") and not s.endswith(COMBINED)]
        return longer[0] if len(longer) == 1 else subject

    def with_context(self, m: Mention) -> Mention:
        """`carry_context` of one mention: the subject and metric its figure's other mentions agree on."""
        subject, metric = self._agreed(_figure(m), m.subject, m.metric)
        changes = {}
        if subject != m.subject:
            changes["subject"] = subject
        if metric != m.metric:
            changes["metric"] = metric
        return with_fields(m, **changes) if changes else m

    def finish(self, mentions: Iterable[Mention]) -> list[Mention]:
        """These mentions as `finish_document` gives them: context, then periods carried, in table order."""
        if self._periods is None:  # each fact (as carried context says it) -> the periods it is said with
            self._periods = defaultdict(set)
            for figure, subject, metric, period in self._dated:
                subject, metric = self._agreed(figure, subject, metric)
                self._periods[(figure[0], subject.casefold(), metric, *figure[1:])].add(period)
        out = []
        for m in map(self.with_context, mentions):
            known = () if m.period else self._periods.get((m.source, *_fact(m)), ())
            out.append(with_fields(m, period=next(iter(known))) if len(known) == 1 else m)
        return sorted(out, key=mention_order)


@functools.cache
def listed_names() -> frozenset[str]:
    """The names the gazetteer gives its entries and countries: each is a subject of its own."""
    reg = registry()
    return frozenset([*reg.entities.entities, *reg.countries.countries])


def finish_document(mentions: list[Mention]) -> list[Mention]:
    """The mentions of one document as the tables hold them, but for their claim ids: subjects, metrics
    and periods carried to repeats, in table order. Everything here is local to the document, so
    documents may be done anywhere; claim ids need every document (`resolve_claims`)."""
    facts = DocumentFacts()
    facts.add(mentions)
    return facts.finish(mentions)


def mention_order(m: Mention) -> tuple:
    return (m.source, m.start, m.end, m.mention_id)


def resolve_claims(mentions: Iterable[Mention], edges: Edges | None = None) -> list[tuple[Claim, list[Mention]]]:
    """The claims of these mentions, each with its mentions, `conflicts_with` left empty. The mentions
    must hold every mention of each value group they touch (one partition of `value_partition`, or all
    of them); `edges` the alignment edges of those groups (`align.align`), others are not used."""
    groups: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[value_key(m)].append(m)
    by_value: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    for (vh, x, y), weight in (edges or {}).items():
        by_value[vh][(x, y)] = weight
    out = []
    for key in sorted(groups):
        ms = sorted(groups[key], key=mention_order)
        found = by_value.get(value_hash(ms[0])) if by_value else None
        group_edges = {}
        if found:
            nodes = {node_hash(node): node for node in map(node_of, ms)}
            group_edges = {(nodes[x], nodes[y]): w for (x, y), w in found.items() if x in nodes and y in nodes}
        claims: dict[tuple, tuple[tuple, list[Mention]]] = {}
        for cluster in resolve_group(ms, group_edges):
            context = agreed_context(cluster)
            subject, metric, period, item = context
            ckey = (subject.casefold(), metric, period, *key, item, agreed_bound(cluster))
            if not specific(as_context(context)):  # `12 %` in 2023, said of nothing: a fact of its document
                ckey += (min(m.source for m in cluster),)
            claims.setdefault(ckey, (context, []))[1].extend(cluster)
        for ckey, (context, cms) in claims.items():
            cms.sort(key=mention_order)
            out.append((_claim(ckey, context, cms), cms))
    return out


def _claim(key: tuple, context: tuple[str, str, str, str], ms: list[Mention]) -> Claim:
    """Two clusters whose resolved keys are equal are one fact: `key` (that of `claim_key`) names it."""
    first = min(ms, key=lambda m: (m.source, m.start, m.mention_id))
    counts = Counter(m.qualifier for m in ms)
    qualifier = max(QUALIFIER_ORDER, key=lambda q: (counts[q], -QUALIFIER_ORDER.index(q)))
    subject, metric, period, item = context
    return Claim(
        claim_id=claim_id(key), subject=subject, metric=metric, period=period, value_low=first.value_low,
        value_high=first.value_high, unit=first.unit, per=first.per, item=item, qualifier=qualifier,
        n_mentions=len(ms), n_sources=len({m.source for m in ms}), langs=";".join(sorted({m.lang for m in ms})),
        sources=";".join(sorted({m.source for m in ms})), first_mention_id=first.mention_id, conflicts_with="",
    )


def topic(c: Claim) -> tuple:
    """What two claims must share to contradict each other: a claim's key without its values."""
    return (c.subject.casefold(), c.metric, c.period, c.unit, c.per, c.item)


def topic_partition(c: Claim, partitions: int) -> int:
    """The partition of a claim's topic, stable across processes and machines: every claim and every
    claim it may contradict meet in one."""
    digest = hashlib.sha256(to_json(topic(c)).encode()).digest()
    return int.from_bytes(digest[:8], "big") % partitions


def value_partition(m: Mention, partitions: int) -> int:
    """The partition of a mention's value group: every mention that may be of its claim is there."""
    return value_hash(m) % partitions


def with_conflicts(claims: Iterable[Claim]) -> list[Claim]:
    """These claims with `conflicts_with` set (other claims of the same subject, metric and period, with
    other values), sorted as the claims table is. They must hold every claim of each topic they touch."""
    claims = list(claims)
    by_topic: dict[tuple, list[str]] = defaultdict(list)
    for c in claims:
        if c.subject:
            by_topic[topic(c)].append(c.claim_id)
    out = [with_fields(c, conflicts_with=";".join(sorted(i for i in by_topic[topic(c)] if i != c.claim_id)))
           if c.subject else c for c in claims]
    return sorted(out, key=claim_order)


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
    for small sets (the engines stream documents and partitions instead, to the same result)."""
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_source[m.source].append(m)
    documents = [finish_document(by_source[s]) for s in sorted(by_source)]
    _, edges = align([DocumentFigures.of(ms[0].source, ms) for ms in documents])
    resolved = resolve_claims((m for ms in documents for m in ms), edges)
    ids = {m.mention_id: c.claim_id for c, ms in resolved for m in ms}
    out = [with_fields(m, claim_id=ids[m.mention_id]) for ms in documents for m in ms]
    return out, with_conflicts(c for c, _ in resolved)
