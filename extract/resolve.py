"""Resolution: which mentions of one figure state one fact.

Mentions are candidates for one claim only when they give the same figure: the same values, unit and per
(a *value group*). Within a value group, a mention's context (subject, metric, period, item) decides:

1. mentions whose contexts are equal after normalization are one claim, where the context names the
   subject, or the metric and the period (`specific`); a vaguer context only within one document;
2. mentions that an alignment of two documents pairs (`align.py`: a translation, a re-post) are one
   claim even where one field was read differently in one language; not where subject, metric and
   period all disagree (that is another statement of the same figure), nor so as to put in one claim
   two mentions of one document whose contexts disagree (a document that gives one figure for two
   subjects states two facts), unless more aligned mentions say they are one than documents say they
   are two (a repeat read wrongly once in one of four translations);
3. the claims so far then join where their contexts are *compatible* (each field equal, or left empty
   on one side; a subject may name the other within it, `DBS` and `DBS Group`) and say the same thing
   (`supported`, or in one document), unless one of them is compatible with two claims that disagree
   with each other: a figure without a period, beside the same figure for 2024 and for 2025, belongs to
   neither, and is left alone. A bound from below and one from above are never compatible.

A claim's own subject, metric and period are then chosen from its mentions by agreement: the most
specific value no mention contradicts (an English name before a transliteration), or where they
disagree, the value most sources give.

Everything here is a function of the set of mentions and alignment edges of one value group, whatever
their order, so that any engine, any partitioning and any batch give the same claims.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import regex

from .model import Mention

# A context as resolution compares it: (subject, metric, period, item, bound), the subject normalized
# (`normal_subject`), the metric `other` left empty (it says that no metric was recognised), and the
# qualifier as the side it bounds the value from: `above` (more than, at least), `below` (less than, up
# to), or empty for a value given as it is, about or exactly.
Context = tuple[str, str, str, str, str]
FIELDS = 5
BOUNDS = {"gt": "above", "ge": "above", "lt": "below", "le": "below"}

HAN = regex.compile(r"\p{Han}")
LATIN_LETTER = regex.compile(r"[^\W\d_\p{Han}]")
# Words of letters or digits; each Han character a token of its own, since Chinese names are not
# written with spaces (`星展` within `星展集团`).
TOKEN = regex.compile(r"\p{Han}|[^\W_\p{Han}]+")
UNKNOWN_METRIC = "other"
to_json = json.JSONEncoder(ensure_ascii=False).encode


@lru_cache(maxsize=1 << 16)
def normal_subject(subject: str) -> str:
    """A subject as compared: NFKC, case-folded, its words (each Han character one) joined by a space."""
    return " ".join(TOKEN.findall(unicodedata.normalize("NFKC", subject).casefold()))


def context_of(m: Mention) -> Context:
    return (normal_subject(m.subject), "" if m.metric == UNKNOWN_METRIC else m.metric, m.period, m.item,
            BOUNDS.get(m.qualifier, ""))


@lru_cache(maxsize=1 << 16)
def subjects_compatible(a: str, b: str) -> bool:
    """Two normalized subjects may name the same thing: equal, one empty, or the words of one a run of the
    other's (`dbs` in `dbs group`, `louvre` in `the louvre`; at least two letters: `s` names nothing)."""
    if not a or not b or a == b:
        return True
    short, long = sorted((a.split(" "), b.split(" ")), key=len)
    if sum(map(len, short)) < 2:
        return False
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _same_or_blank(a: str, b: str) -> bool:
    return not a or not b or a == b


def field_compatible(i: int, a: str, b: str) -> bool:
    return subjects_compatible(a, b) if i == 0 else _same_or_blank(a, b)


def compatible(x: Context, y: Context) -> bool:
    """Each field equal, or empty on one side (a subject: or one naming the other within it)."""
    return (subjects_compatible(x[0], y[0]) and _same_or_blank(x[1], y[1]) and _same_or_blank(x[2], y[2])
            and _same_or_blank(x[3], y[3]) and _same_or_blank(x[4], y[4]))


def specific(x: Context) -> bool:
    """A context that can stand for one fact across documents: it names the subject, or the metric and
    the period. Two unrelated articles each giving `12 %` with no more than a year beside it are not
    evidence of one fact; the same figure repeated in one article, or aligned with its translation, is."""
    return bool(x[0]) or bool(x[1] and x[2])


# A node of resolution: a context, and for a context that is not `specific`, the document that gives it.
Node = tuple[Context, str]


def node_of(m: Mention) -> Node:
    context = context_of(m)
    return (context, "" if specific(context) else m.source)


def supported(x: Context, y: Context) -> bool:
    """Two compatible contexts of figures in different documents say the same thing, not merely nothing
    against each other: both name the subject, or both the metric and the period. A figure read with no
    context at all (`50 %`) would otherwise join whatever one claim of its value the corpus holds. (In one
    document, a figure repeated is the same fact unless its contexts disagree.)"""
    return bool(x[0] and y[0]) or bool(x[1] and y[1] and x[2] and y[2])


def _wholly_different(x: Context, y: Context) -> bool:
    """Subject, metric and period all given on both sides and all different: another statement."""
    return not any(field_compatible(i, x[i], y[i]) for i in range(3))


def _consistent(contexts: Iterable[Context]) -> bool:
    """Every two of these contexts compatible. Compatibility is field by field, so it is enough that,
    in each field, the values given are compatible two by two."""
    contexts = list(contexts)
    for i in range(FIELDS):
        given = sorted({c[i] for c in contexts if c[i]})
        if len(given) > 1 and (i != 0 or not all(subjects_compatible(a, b) for a in given for b in given)):
            return False
    return True


@lru_cache(maxsize=1 << 16)
def script_rank(subject: str) -> int:
    """English names first: 2 Latin letters only, 1 both scripts (`Alphabet公司`), 0 Han only."""
    han, latin = HAN.search(subject) is not None, LATIN_LETTER.search(subject) is not None
    return 2 if latin and not han else 1 if latin else 0


# --- agreement -------------------------------------------------------------------------------------------


def _votes(mentions: list[Mention], field: str, norm=lambda v: v) -> dict[str, tuple[int, int]]:
    """Per normalized non-empty value of a field: (sources that give it, mentions that give it)."""
    sources: dict[str, set[str]] = defaultdict(set)
    count: Counter = Counter()
    for m in mentions:
        v = norm(getattr(m, field))
        if v:
            sources[v].add(m.source)
            count[v] += 1
    return {v: (len(sources[v]), count[v]) for v in count}


def agreed_subject(mentions: list[Mention]) -> str:
    """The most specific subject no mention contradicts, in the best script given (an English name before
    a transliteration); where they disagree, the one most sources give. Spelled as most mentions spell it."""
    votes = _votes(mentions, "subject", normal_subject)
    if not votes:
        return ""
    best = max(script_rank(v) for v in votes)
    pool = sorted(v for v in votes if script_rank(v) == best)
    agreed = [v for v in pool if all(subjects_compatible(v, w) for w in pool)]
    if agreed:
        chosen = min(agreed, key=lambda v: (-len(v.split(" ")), -votes[v][0], -votes[v][1], v))
    else:
        chosen = min(pool, key=lambda v: (-votes[v][0], -votes[v][1], -len(v.split(" ")), v))
    spellings = Counter(m.subject for m in mentions if normal_subject(m.subject) == chosen)
    return min(spellings, key=lambda s: (-spellings[s], s))


def agreed_value(mentions: list[Mention], field: str) -> str:
    """A field that is equal or not (metric, period, item): the value given, or where mentions disagree,
    the one most sources give, then the longer (`2025-Q1` says more than `2025`)."""
    votes = _votes(mentions, field, (lambda v: "" if v == UNKNOWN_METRIC else v) if field == "metric" else str)
    if not votes:
        return UNKNOWN_METRIC if field == "metric" and any(m.metric == UNKNOWN_METRIC for m in mentions) else ""
    return min(votes, key=lambda v: (-votes[v][0], -votes[v][1], -len(v), v))


def agreed_context(mentions: list[Mention]) -> tuple[str, str, str, str]:
    """(subject, metric, period, item) of a claim, as the claims table writes them."""
    return (agreed_subject(mentions), agreed_value(mentions, "metric"), agreed_value(mentions, "period"),
            agreed_value(mentions, "item"))


def agreed_bound(mentions: list[Mention]) -> str:
    """The side the claim's value is a bound on (`above`, `below`), or empty for a value as it is."""
    bounds = Counter(BOUNDS[m.qualifier] for m in mentions if m.qualifier in BOUNDS)
    return min(bounds, key=lambda b: (-bounds[b], b)) if bounds else ""


def as_context(agreed: tuple[str, str, str, str], bound: str = "") -> Context:
    """An agreed (subject, metric, period, item) as resolution compares it."""
    subject, metric, period, item = agreed
    return (normal_subject(subject), "" if metric == UNKNOWN_METRIC else metric, period, item, bound)


def _profile(mentions: list[Mention]) -> Context:
    return as_context(agreed_context(mentions), agreed_bound(mentions))


# --- the clusters of one value group ---------------------------------------------------------------------


class _Clusters:
    """Union-find over nodes, each cluster knowing its nodes and, per document, those it holds there: two
    clusters may join unless a document gives the figure with contexts of both that disagree (found when
    asked, not for every two nodes of a document: a table may give one figure for a thousand subjects)."""

    def __init__(self, nodes: list[Node], sources: list[set[str]]) -> None:
        self.nodes = nodes
        self.parent = list(range(len(nodes)))
        self.members = {i: {i} for i in range(len(nodes))}
        self.documents = {i: {source: [i] for source in sources[i]} for i in range(len(nodes))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def disagreeing(self, a: int, b: int, first: bool = False) -> list[str]:
        """The documents in which clusters a and b hold contexts that disagree (the first one, if `first`)."""
        da, db = sorted((self.documents[a], self.documents[b]), key=len)
        out = []
        for source, here in da.items():
            there = db.get(source)
            if there and any(not compatible(self.nodes[i][0], self.nodes[j][0]) for i in here for j in there):
                out.append(source)
                if first:
                    break
        return out

    def may_join(self, a: int, b: int) -> bool:
        return not self.disagreeing(a, b, first=True)

    def join(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        documents = self.documents[a]
        for source, found in self.documents.pop(b).items():
            documents.setdefault(source, []).extend(found)

    def roots(self) -> list[int]:
        return sorted(self.members)


def resolve_group(mentions: list[Mention], edges: dict[tuple[Node, Node], int] | None = None) -> list[list[Mention]]:
    """The claims of one value group: its mentions in clusters, each cluster one fact. `edges` are
    alignment edges between two nodes of the group (`node_of`), with how many aligned mention pairs
    support each."""
    by_node: dict[Node, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_node[node_of(m)].append(m)
    nodes = sorted(by_node)
    index = {c: i for i, c in enumerate(nodes)}
    clusters = _Clusters(nodes, [{m.source for m in by_node[node]} for node in nodes])
    # Aligned statements, the strongest alignments first. Where the two sides hold contexts that one
    # document gives the figure with and that disagree (two facts, as that document reads), the alignment
    # must say more than those documents do: a repeat of a figure read wrongly once, aligned with three
    # translations, joins them; a figure for Azure that one of four translations read as AWS's does not
    # join AWS's.
    weights: dict[int, dict[int, int]] = defaultdict(dict)
    for (x, y), w in (edges or {}).items():
        weights[index[x]][index[y]] = weights[index[y]][index[x]] = w
    for (x, y), _ in sorted((edges or {}).items(), key=lambda e: (-e[1], index[e[0][0]], index[e[0][1]])):
        a, b = clusters.find(index[x]), clusters.find(index[y])
        if a == b or _wholly_different(x[0], y[0]):
            continue
        if clusters.may_join(a, b) or _aligned(clusters, a, b, weights) > len(clusters.disagreeing(a, b)):
            clusters.join(a, b)
    _join_compatible(clusters, by_node)
    return [[m for i in sorted(clusters.members[r]) for m in by_node[nodes[i]]] for r in clusters.roots()]


def _aligned(clusters: _Clusters, a: int, b: int, weights: dict[int, dict[int, int]]) -> int:
    """The aligned mention pairs that join the two clusters."""
    small, large = sorted((clusters.members[a], clusters.members[b]), key=len)
    return sum(w for i in small for j, w in weights.get(i, {}).items() if j in large)


def _candidates(roots: list[int], profile: dict[int, Context], sources: dict[int, set[str]]
                ) -> dict[int, set[int]]:
    """The clusters each cluster may join, a superset of the compatible ones that say the same thing
    (`supported`, or in one document), found through indexes rather than by pairing every two clusters:
    a common figure is given by thousands of documents, and a table may give one for a thousand subjects.
    Two subjects are compatible when equal or when one is a run of the other's words, so each subject
    is looked up with each run of its words; a cluster without a subject meets the clusters of its
    documents and those of its metric and period."""
    by_subject: dict[str, list[int]] = defaultdict(list)
    by_source: dict[str, list[int]] = defaultdict(list)
    by_when: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in roots:
        subject, metric, period = profile[r][:3]
        if subject:
            by_subject[subject].append(r)
        for source in sources[r]:
            by_source[source].append(r)
        if metric and period:
            by_when[(metric, period)].append(r)
    found: dict[int, set[int]] = defaultdict(set)

    def pair(r: int, others: Iterable[int]) -> None:
        for s in others:
            if s != r:
                found[r].add(s)
                found[s].add(r)

    for r in roots:
        subject, metric, period = profile[r][:3]
        if subject:
            words = subject.split(" ")
            for n in range(1, len(words) + 1):
                for k in range(len(words) - n + 1):
                    pair(r, by_subject.get(" ".join(words[k:k + n]), ()))
        else:
            for source in sources[r]:
                pair(r, by_source[source])
            if metric and period:
                pair(r, by_when[(metric, period)])
    return found


def _join_compatible(clusters: _Clusters, by_node: dict[Node, list[Mention]]) -> None:
    """Join clusters whose contexts are compatible and say the same thing, where neither is compatible
    with two that disagree."""
    roots = clusters.roots()
    if len(roots) < 2:
        return
    mentions = {r: [m for i in clusters.members[r] for m in by_node[clusters.nodes[i]]] for r in roots}
    profile = {r: _profile(mentions[r]) for r in roots}
    sources = {r: {m.source for m in mentions[r]} for r in roots}
    near = {r: sorted(s for s in found if compatible(profile[r], profile[s])
                      and (supported(profile[r], profile[s]) or not sources[r].isdisjoint(sources[s]))
                      and clusters.may_join(r, s))
            for r, found in _candidates(roots, profile, sources).items()}
    clear = {r for r in roots if _consistent([profile[r], *(profile[s] for s in near.get(r, ()))])}
    held = {r: [profile[r]] for r in roots}  # the profiles each joined cluster holds
    for r in roots:
        if r not in clear:
            continue
        for s in near.get(r, ()):
            if s < r or s not in clear:
                continue
            a, b = clusters.find(r), clusters.find(s)
            if a != b and clusters.may_join(a, b) and _consistent(held[a] + held[b]):
                merged = held.pop(a) + held.pop(b)
                clusters.join(a, b)
                held[clusters.find(a)] = merged


# --- hashes: what the engines partition and align by -----------------------------------------------------


def _hash64(text: str) -> int:
    """A signed 64-bit hash, the same in every process and on every machine (not Python's `hash`)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def value_key(m: Mention) -> tuple[str, str, str, str]:
    """What a value group shares: the values, unit and per."""
    return (repr(m.value_low), repr(m.value_high), m.unit, m.per)


def value_hash(m: Mention) -> int:
    return _key_hash(value_key(m))


def node_hash(node: Node) -> int:
    return _key_hash(node)


@lru_cache(maxsize=1 << 16)
def _key_hash(key: tuple) -> int:
    """Figures and contexts repeat across a corpus: each is hashed once while it stays in the cache."""
    return _hash64(to_json(key))
