"""Time spent per pipeline stage, for the benchmark: read, language, recognize, context, dedup, write.

`with stage(name):` adds the time of the block to the timing of the innermost `timed()` block running: a
document's step times its own stages and returns them with its result (`step.SourceResult.seconds`), in
whatever process it ran; the writer of the tables times its own; a run adds them up in its report
(`run_report.RunReport.stages`). Outside any `timed()` block stage times are not kept. The timing in effect is
a context variable: each thread (a Dask worker's) and each process has its own.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_TIMING: ContextVar[dict[str, float] | None] = ContextVar("extract_stage_times", default=None)


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    """The seconds of each stage run in the block (stages of a `timed()` block inside it are its own)."""
    seconds: dict[str, float] = defaultdict(float)
    token = _TIMING.set(seconds)
    try:
        yield seconds
    finally:
        _TIMING.reset(token)


class stage:
    """`with stage(name):` adds the time the block takes to the current timing's `name`. A class rather than a
    generator-based context manager: it is entered twice for every line of every document."""

    __slots__ = ("name", "start")

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc) -> None:
        seconds = _TIMING.get()
        if seconds is not None:
            seconds[self.name] += time.perf_counter() - self.start
