"""Documents that tell the same story: a translation, a re-post, an excerpt.

Such documents give most of their figures in the same order, whatever their language, so they are found
from figures alone: each document is the sequence of its figures' value hashes (values, unit and per, in
table order), and two documents tell the same story when the longest common subsequence of their
sequences holds more than half of the shorter one's figures, and at least MIN_ALIGNED of them. A
figure's context is not needed for this, which is the point: it is what a language may read differently.
Two documents giving a handful of the same figures (two market-share tables with 30 %, 20 %, 10 %) are
told apart by their subjects: where the aligned figures both name a subject in one script, and most of
those subjects disagree, the documents tell different stories.

Candidate pairs come from an inverted index over value hashes, rarest first (a figure in many documents
says little about which story it is from; hashes in more than COMMON_SHARE of the documents are not
followed at all), at most CANDIDATES per document, so the work grows with the corpus, not its square.

What the alignment yields: the aligned document pairs (`AlignedDocuments`: which document is a
translation or a copy of which), and alignment edges for resolution (`resolve.py`): a pair of nodes
(contexts) of one figure that aligned mentions gave differently, with how many aligned mentions did.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from .model import Mention
from .resolve import node_hash, node_of, script_rank, subjects_compatible, value_hash

MIN_ALIGNED = 3  # two figures in the same order happen by chance (a share and a year-on-year change)
CANDIDATES = 8  # documents aligned with each document at most: its translations and re-posts
BUDGET = 512  # postings read per document to find them, rarest hashes first
COMMON_SHARE = 0.05  # a figure in more than this share of the documents is not followed to find pairs...
COMMON_FLOOR = 50  # ...once it is in more than this many: in a small corpus every figure is followed
MAX_WORK = 250_000  # equal pairs an alignment may look at: two tables repeating one figure are not aligned


@dataclass(frozen=True)
class DocumentFigures:
    """What alignment knows of a document: per figure, in table order, the hashes of its value and of its
    node of resolution (`resolve.node_of`), and its subject (normalized). Small: 16 bytes and a reference
    per figure."""

    source: str
    values: array
    nodes: array
    subjects: tuple[str, ...]

    @classmethod
    def of(cls, source: str, mentions: Iterable[Mention]) -> DocumentFigures:
        mentions = list(mentions)
        nodes = [node_of(m) for m in mentions]
        return cls(source, array("q", map(value_hash, mentions)), array("q", map(node_hash, nodes)),
                   tuple(sys.intern(node[0][0]) for node in nodes))


@dataclass(frozen=True)
class AlignedDocuments:
    """Two documents that tell the same story: `aligned` of their figures in the same order."""

    source_a: str
    source_b: str
    aligned: int
    figures_a: int
    figures_b: int


Edges = dict[tuple[int, int, int], int]  # (value hash, node hash, node hash) -> aligned mentions


def align(documents: Sequence[DocumentFigures]) -> tuple[list[AlignedDocuments], Edges]:
    """The aligned document pairs, in document order, and the alignment edges between the nodes of aligned
    mentions where they differ (the two node hashes in increasing order)."""
    pairs: list[AlignedDocuments] = []
    edges: Edges = defaultdict(int)
    for a, b in candidate_pairs(documents):
        da, db = documents[a], documents[b]
        matched = lcs(da.values, db.values)
        if len(matched) < needed(len(da.values), len(db.values)) or _other_subjects(da, db, matched):
            continue
        pairs.append(AlignedDocuments(da.source, db.source, len(matched), len(da.values), len(db.values)))
        for i, j in matched:
            x, y = da.nodes[i], db.nodes[j]
            if x != y:
                edges[(da.values[i], min(x, y), max(x, y))] += 1
    return pairs, dict(edges)


def needed(n: int, m: int) -> int:
    """Aligned figures that make two documents one story: more than half of the shorter one's."""
    return max(MIN_ALIGNED, min(n, m) // 2 + 1)


def candidate_pairs(documents: Sequence[DocumentFigures]) -> list[tuple[int, int]]:
    """Pairs of documents worth aligning (indices, the smaller first), each document paired with the
    CANDIDATES that share the most of its rarest figures."""
    postings: dict[int, list[int]] = defaultdict(list)
    for d, doc in enumerate(documents):
        if len(doc.values) >= MIN_ALIGNED:
            for h in set(doc.values):
                postings[h].append(d)
    common = max(COMMON_FLOOR, COMMON_SHARE * len(documents))
    pairs = set()
    for d, doc in enumerate(documents):
        if len(doc.values) < MIN_ALIGNED:
            continue
        rare = sorted((len(postings[h]), h) for h in set(doc.values) if len(postings[h]) <= common)
        hits: Counter = Counter()
        read = 0
        for size, h in rare:
            if read >= BUDGET:
                break
            hits.update(postings[h])
            read += size
        hits.pop(d, None)
        for e in sorted(hits, key=lambda e: (-hits[e], e))[:CANDIDATES]:
            pairs.add((min(d, e), max(d, e)))
    return sorted(pairs)


def lcs(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int]]:
    """A longest common subsequence of a and b as (index in a, index in b) pairs, by Hunt and Szymanski:
    time grows with the pairs of equal elements, not with len(a) * len(b). Empty past MAX_WORK pairs."""
    where: dict[int, list[int]] = defaultdict(list)
    for j, x in enumerate(b):
        where[x].append(j)
    if sum(len(where.get(x, ())) for x in a) > MAX_WORK:
        return []
    ends: list[int] = []  # ends[k]: the smallest index of b that ends a common subsequence of length k + 1
    last: list[tuple] = []  # last[k]: that subsequence, as (i, j, the node before)
    for i, x in enumerate(a):
        for j in reversed(where.get(x, ())):
            k = bisect_left(ends, j)
            if k == len(ends):
                ends.append(j)
                last.append((i, j, last[k - 1] if k else None))
            elif j < ends[k]:
                ends[k] = j
                last[k] = (i, j, last[k - 1] if k else None)
    out = []
    node = last[-1] if last else None
    while node is not None:
        out.append((node[0], node[1]))
        node = node[2]
    return out[::-1]


def _other_subjects(a: DocumentFigures, b: DocumentFigures, matched: list[tuple[int, int]]) -> bool:
    """Most aligned figures that name a subject in one script on both sides name different ones."""
    agree = disagree = 0
    for i, j in matched:
        x, y = a.subjects[i], b.subjects[j]
        if x and y and (x == y or (script_rank(x) > 0) == (script_rank(y) > 0)):
            if x == y or subjects_compatible(x, y):
                agree += 1
            else:
                disagree += 1
    return disagree >= 2 and disagree > agree


def aligned_documents(mentions: Iterable[Mention]) -> list[AlignedDocuments]:
    """Which documents tell the same story as which, from mentions in table order (mentions.csv's): for
    counting independent sources (a translation is not one)."""
    documents = [DocumentFigures.of(source, ms) for source, ms in groupby(mentions, key=attrgetter("source"))]
    return align(documents)[0]
