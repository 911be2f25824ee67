"""Time spent per pipeline stage, for the benchmark: read, language, recognize, context, dedup, write; and
per source format, and per format and language, what its documents cost (their bytes, and the time of the
stages run per document)."""

from __future__ import annotations

import time
from collections import defaultdict

SECONDS: dict[str, float] = defaultdict(float)
# format -> [documents, bytes, seconds of per-document work]: the bar is on markdown and text.
BY_FORMAT: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
# (format, language) -> the same: the benchmark reports both.
BY_KIND: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0.0])


class stage:
    """`with stage(name):` adds the time the block takes to SECONDS[name]. A class rather than a
    generator-based context manager: it is entered twice for every line of every document."""

    __slots__ = ("name", "start")

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc) -> None:
        SECONDS[self.name] += time.perf_counter() - self.start


def count_source(fmt: str, nbytes: int, seconds: float, lang: str = "") -> None:
    """One document of `fmt` (in `lang`) done, with what its per-document stages took wherever they ran."""
    for row in (BY_FORMAT[fmt], BY_KIND[(fmt, lang)]):
        row[0] += 1
        row[1] += nbytes
        row[2] += seconds


def reset() -> None:
    SECONDS.clear()
    BY_FORMAT.clear()
    BY_KIND.clear()
