"""Claims of a corpus too large to hold at once: mentions spread over partition files on disk by topic
(`dedup.partition_of`), each partition turned into claims on its own, the sorted partitions merged.

Memory holds one partition, never the corpus: a run of ten times the documents uses as much of it,
in ten times as many rows per file.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from .dedup import claim_order, claims_from, partition_of, to_json
from .model import Claim, Mention

PARTITIONS = 64
# What a claim is made of; the sentence and the rest of a mention's provenance stay in mentions.csv.
FIELDS = ("mention_id", "claim_id", "source", "start", "end", "lang", "value_low", "value_high", "unit", "per",
          "item", "qualifier", "metric", "subject", "period")
BLANK = {"text": "", "sentence": "", "source_sha256": "", "cited_url": ""}


def spill_lines(mentions: Iterable[Mention], partitions: int = PARTITIONS) -> list[tuple[int, str]]:
    """(partition, line) of each mention: what the spill stores of it, ready to append. Made where the
    mention was made, so that a pool of workers does this work and not the process writing the tables."""
    return [(partition_of(m, partitions), to_json([getattr(m, f) for f in FIELDS]) + "\n")
            for m in mentions]


class ClaimSpill:
    """Partition files under `folder`: add mentions as they come, then read the claims back in order."""

    def __init__(self, folder: Path, partitions: int = PARTITIONS) -> None:
        self.folder, self.partitions = folder, partitions
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[int, object] = {}

    def add(self, lines: Iterable[tuple[int, str]]) -> None:
        """Lines of `spill_lines`, each appended to its partition's file."""
        for p, line in lines:
            if p not in self._files:
                self._files[p] = (self.folder / f"mentions-{p:04d}.jsonl").open("w", encoding="utf-8")
            self._files[p].write(line)

    def claims(self) -> Iterator[Claim]:
        """Every claim, in the order of the claims table."""
        for fh in self._files.values():
            fh.close()
        runs = [self._claims_of(p) for p in sorted(self._files)]
        return heapq.merge(*(_read_claims(path) for path in runs), key=claim_order)

    def _claims_of(self, p: int) -> Path:
        with (self.folder / f"mentions-{p:04d}.jsonl").open(encoding="utf-8") as fh:
            mentions = [Mention(**dict(zip(FIELDS, json.loads(line), strict=True)), **BLANK) for line in fh]
        path = self.folder / f"claims-{p:04d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for c in claims_from(mentions):
                fh.write(to_json(list(vars(c).values())) + "\n")
        return path


def _read_claims(path: Path) -> Iterator[Claim]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield Claim(*json.loads(line))
