"""Time spent per pipeline stage, for the benchmark: read, language, recognize, context, dedup, write."""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager

SECONDS: dict[str, float] = defaultdict(float)


@contextmanager
def stage(name: str):
    """Add the time the block takes to SECONDS[name]."""
    start = time.perf_counter()
    try:
        yield
    finally:
        SECONDS[name] += time.perf_counter() - start


def reset() -> None:
    SECONDS.clear()
