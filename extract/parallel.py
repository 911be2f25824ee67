"""Documents processed in order, in this process or a pool of them, with progress shown as they finish.

Each document is independent (the document step, `step.process_source`, which the caller gives with its
options bound), so a pool changes when results arrive, not what they are: `imap` hands them back in the
order given, and the tables are the same bytes as with one job.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from .progress import Progress
from .step import SourceResult, fewer_collections

CHUNK = 4  # documents per task sent to a worker: fewer round trips, still an even spread
Step = Callable[[Path, str], SourceResult]  # (path, path under the sources folder) -> what the source gave


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_all(tasks: list[tuple[Path, str]], step: Step, jobs: int, log=sys.stderr) -> Iterator[SourceResult]:
    """`step` over (path, rel) tasks, results in task order, `jobs` processes at a time. In a pool, `step`
    goes to the workers with each task: a module's function, or a `functools.partial` of one."""
    with fewer_collections():
        yield from _results(tasks, step, jobs, log)


def _results(tasks: list[tuple[Path, str]], step: Step, jobs: int, log) -> Iterator[SourceResult]:
    if jobs <= 1 or len(tasks) <= 1:
        progress = Progress(len(tasks), log)
        try:
            for path, rel in tasks:
                result = step(path, rel)
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
            for result in pool.imap(_process, [(step, p, r) for p, r in tasks], chunksize=CHUNK):
                progress.update(result.error is not None)
                yield result
        finally:
            progress.close()


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process(task: tuple[Step, Path, str]) -> SourceResult:
    step, path, rel = task
    result = step(path, rel).render()
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
