"""Claims of a corpus too large to hold at once, resolved partition by partition on disk.

A mention's claim is known only once every document is read (`dedup.py`), so the mentions table is
written first with a placeholder of the claim id's width in each row, and its rows' claim ids are
written in place at the end. In between:

1. each mention goes, as one line, to the partition file of its value group (`dedup.value_partition`:
   values, unit and per), keyed by the byte offset of its claim id in mentions.csv; each document's
   figures (hashes only) stay in memory for the alignment;
2. the documents are aligned (`align.py`), and the alignment edges go to the partitions of their figures;
3. each partition is resolved into claims on its own (`resolve_partition`): its (offset, claim id) pairs
   are written sorted, and its claims go to partition files by topic (`dedup.topic_partition`);
4. each topic partition gets its conflicts and is sorted (`dedup.with_conflicts`); the claims table is
   the merge of the sorted topic partitions, and the claim ids the merge of the sorted offsets, written
   into mentions.csv in one pass (`patch_claim_ids`).

Memory holds one partition and the figures' hashes (16 bytes a figure), never the corpus's mentions.
The Dask engine runs the same steps as tasks, with the same functions.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from .align import AlignedDocuments, DocumentFigures, Edges, align
from .dedup import claim_order, resolve_claims, to_json, topic_partition, with_conflicts
from .model import Claim, Mention
from .tables import MENTION_COLUMNS

PARTITIONS = 64
# What resolution reads of a mention; the sentence and the rest of its provenance stay in mentions.csv.
FIELDS = ("mention_id", "source", "start", "end", "lang", "value_low", "value_high", "unit", "per", "item",
          "qualifier", "metric", "subject", "period")
BLANK = {"claim_id": "", "text": "", "sentence": "", "source_sha256": "", "cited_url": ""}
PLACEHOLDER = "c" + "?" * 16  # as wide as a claim id (`dedup.claim_id`), and never one
_ROW = attrgetter(*MENTION_COLUMNS[2:])
_FIELDS = attrgetter(*FIELDS)
assert MENTION_COLUMNS[:2] == ["mention_id", "claim_id"]


@dataclass
class RenderedMentions:
    """One document's mentions ready for the tables, made where the document was read: the CSV rows
    (claim ids left as PLACEHOLDER), their length in bytes, and per mention the byte offset of its claim
    id in `text`, its partition and its line for resolution (without the offset, which the writer adds)."""

    text: str
    rows: int
    nbytes: int
    lines: list[tuple[int, int, str]]
    figures: DocumentFigures


def render_mentions(mentions: list[Mention], partitions: int = PARTITIONS) -> RenderedMentions:
    """One document's mentions, in table order, as the tables and the resolution take them. The rows are
    those `tables.render_records` writes, but for the placeholder; offsets count bytes, as the file holds."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    starts = []
    for m in mentions:
        starts.append(buf.tell())
        writer.writerow((m.mention_id, PLACEHOLDER, *_ROW(m)))
    text = buf.getvalue()
    if not text.isascii():  # offsets in bytes, as the file is patched
        ends, at = [*starts[1:], len(text)], 0
        for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
            starts[k], at = at, at + len(text[a:b].encode())
    figures = DocumentFigures.of(mentions[0].source if mentions else "", mentions)
    lines = [(value % partitions, start + len(m.mention_id) + 1, to_json(_FIELDS(m))[1:])
             for m, start, value in zip(mentions, starts, figures.values, strict=True)]
    return RenderedMentions(text, len(mentions), len(text.encode()), lines, figures)


def resolve_partition(mention_lines: Iterable[str], edge_lines: Iterable[str]) -> tuple[list[Claim],
                                                                                        list[tuple[int, str]]]:
    """The claims of one partition (conflicts not yet set) and (offset, claim id) of each of its mentions,
    sorted by offset. The lines may come in any order: the result is the same."""
    keys: dict[str, int] = {}
    mentions = []
    for line in mention_lines:
        key, *fields = json.loads(line)
        m = Mention(**dict(zip(FIELDS, fields, strict=True)), **BLANK)
        keys[m.mention_id] = key
        mentions.append(m)
    edges: Edges = {}
    for line in edge_lines:
        vh, x, y, weight = json.loads(line)
        edges[(vh, x, y)] = weight
    resolved = resolve_claims(mentions, edges)
    ids = sorted((keys[m.mention_id], c.claim_id) for c, ms in resolved for m in ms)
    return [c for c, _ in resolved], ids


def edge_lines(edges: Edges, partitions: int = PARTITIONS) -> Iterator[tuple[int, str]]:
    """(partition, line) of each alignment edge: it goes where the mentions of its figure are."""
    for (vh, x, y), weight in sorted(edges.items()):
        yield vh % partitions, to_json([vh, x, y, weight]) + "\n"


def claim_line(c: Claim) -> str:
    return to_json(list(vars(c).values())) + "\n"


def read_claim(line: str) -> Claim:
    return Claim(*json.loads(line))


class Resolution:
    """The partition files under `folder`: add each document's rendered mentions as the mentions table
    takes them, then resolve, and read back the claims and the claim ids, each in table order."""

    def __init__(self, folder: Path, partitions: int = PARTITIONS) -> None:
        self.folder, self.partitions = folder, partitions
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, object] = {}
        self._documents: list[DocumentFigures] = []
        self.aligned: list[AlignedDocuments] = []

    def _write(self, name: str, line: str) -> None:
        fh = self._files.get(name)
        if fh is None:
            fh = self._files[name] = (self.folder / name).open("w", encoding="utf-8")
        fh.write(line)

    def _close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files = {}

    def add(self, offset: int, rendered: RenderedMentions) -> None:
        """A document's mentions, whose rows start at byte `offset` of the mentions table."""
        for p, at, tail in rendered.lines:
            self._write(f"mentions-{p:04d}.jsonl", f"[{offset + at},{tail}\n")
        if rendered.rows:
            self._documents.append(rendered.figures)

    def resolve(self) -> tuple[Iterator[Claim], Iterator[tuple[int, str]]]:
        """Every claim, in the order of the claims table; every (offset, claim id), by offset."""
        self._close()
        self.aligned, edges = align(self._documents)
        self._documents = []
        for p, line in edge_lines(edges, self.partitions):
            self._write(f"edges-{p:04d}.jsonl", line)
        self._close()
        id_files = []
        for p in range(self.partitions):
            path = self.folder / f"mentions-{p:04d}.jsonl"
            if not path.exists():
                continue
            claims, ids = resolve_partition(_lines(path), _lines(self.folder / f"edges-{p:04d}.jsonl"))
            for c in claims:
                self._write(f"topic-{topic_partition(c, self.partitions):04d}.jsonl", claim_line(c))
            id_files.append(self.folder / f"ids-{p:04d}.txt")
            with id_files[-1].open("w", encoding="utf-8") as fh:
                fh.writelines(f"{key} {cid}\n" for key, cid in ids)
        self._close()
        claim_files = []
        for t in range(self.partitions):
            path = self.folder / f"topic-{t:04d}.jsonl"
            if path.exists():
                claim_files.append(self.folder / f"claims-{t:04d}.jsonl")
                with claim_files[-1].open("w", encoding="utf-8") as fh:
                    fh.writelines(map(claim_line, with_conflicts(map(read_claim, _lines(path)))))
        claims = heapq.merge(*(map(read_claim, _lines(path)) for path in claim_files), key=claim_order)
        ids = heapq.merge(*(map(_read_id, _lines(path)) for path in id_files))
        return claims, ids


def _lines(path: Path) -> Iterator[str]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        yield from fh


def _read_id(line: str) -> tuple[int, str]:
    key, cid = line.split()
    return int(key), cid


def patch_claim_ids(path: Path, ids: Iterable[tuple[int, str]], block: int = 1 << 20) -> int:
    """Write each claim id at its byte offset in the file, over the placeholder there, in increasing order
    of offset, a block of the file at a time; the number written. The file is flushed to disk."""
    placeholder, width = PLACEHOLDER.encode(), len(PLACEHOLDER)
    fd = os.open(path, os.O_RDWR)
    try:
        start, buf, written = 0, bytearray(), 0
        for offset, cid in ids:
            if offset + width > start + len(buf):
                if buf:
                    os.pwrite(fd, buf, start)
                start, buf = offset, bytearray(os.pread(fd, max(block, width), offset))
            at = offset - start
            if buf[at:at + width] != placeholder or len(cid) != width:
                raise ValueError(f"{path}: no claim id placeholder at byte {offset}")
            buf[at:at + width] = cid.encode()
            written += 1
        if buf:
            os.pwrite(fd, buf, start)
        os.fsync(fd)
    finally:
        os.close(fd)
    return written
