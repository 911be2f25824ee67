"""Time spent per pipeline stage, for the benchmark: read, language, recognize, context, dedup, write."""

from __future__ import annotations

import time
from collections import defaultdict

SECONDS: dict[str, float] = defaultdict(float)


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


def reset() -> None:
    SECONDS.clear()
