"""Documents processed in order, in this process or a pool of them, with progress shown as they finish.

Each document is independent (pipeline.process_source), so a pool changes when results arrive, not what
they are: `imap` hands them back in the order given, and the tables are the same bytes as with one job.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .progress import Progress

CHUNK = 4  # documents per task sent to a worker: fewer round trips, still an even spread
# Objects allocated between two collections of the youngest generation, while documents are processed.
# A document makes and drops hundreds of thousands of small objects, almost none in cycles; at Python's
# default (700) the collector ran hundreds of times per thousand documents, 3 % of the run.
GC_THRESHOLD = 20_000


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_all(tasks: list[tuple[Path, str]], jobs: int, max_bytes: int, log=sys.stderr) -> Iterator:
    """pipeline.process_source over (path, rel) tasks, results in task order, `jobs` processes at a time."""
    with fewer_collections():
        yield from _results(tasks, jobs, max_bytes, log)


@contextmanager
def fewer_collections():
    """The garbage collector's youngest generation collected every GC_THRESHOLD allocations, then as before
    (forked workers inherit it)."""
    before = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _results(tasks: list[tuple[Path, str]], jobs: int, max_bytes: int, log) -> Iterator:
    from .pipeline import process_source

    if jobs <= 1 or len(tasks) <= 1:
        progress = Progress(len(tasks), log)
        try:
            for path, rel in tasks:
                result = process_source(path, rel, max_bytes, in_windows=True)
                progress.update(result.error is not None)
                yield result
        finally:
            progress.close()
        return
    warm_up()  # compiled once here; forked workers share it instead of each compiling its own
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    # Workers leave Ctrl-C to this process, which stops them all: a worker that died of it while holding
    # the pool's queue lock would leave the others, and the pool's shutdown, waiting for ever.
    with context.Pool(min(jobs, len(tasks)), initializer=_ignore_interrupts) as pool:
        progress = Progress(len(tasks), log)  # after the fork: no thread of its own is copied
        try:
            for result in pool.imap(_process, [(p, r, max_bytes) for p, r in tasks], chunksize=CHUNK):
                progress.update(result.error is not None)
                yield result
        finally:
            progress.close()


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process(task: tuple[Path, str, int]):
    from .pipeline import process_source

    result = process_source(*task, in_windows=True).render()
    result.mentions = []  # rendered: what goes back to the parent is the text, not the objects as well
    return result


def warm_up() -> None:
    """Compile every language pack, load the language detector's profiles and import the HTML reader, once
    in the process that forks the workers."""
    from .languages import detect
    from .packs import available_languages, get_pack
    from .readers import html  # noqa: F401 - imported lazily by readers; each worker would import it again

    for code in available_languages():
        get_pack(code)
    detect("warm up the detector: " * 10)
