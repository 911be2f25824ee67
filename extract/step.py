"""The document step: one source in; its manifest entry and mentions (or the error row that says why it could
not be read), and the time of each stage, out. Each source is processed on its own, so the step may run
anywhere: in this process, a worker of the local pool (parallel.py), a Dask worker (dask_engine.py). The
engines take it as a callable of (path, rel): `process_source` with its options bound (`functools.partial`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .clock import stage, timed
from .dedup import finish_document
from .extractor import extract_document
from .model import Mention, ReadError
from .readers import DEFAULT_MAX_BYTES, read_document
from .run_report import source_entry
from .spill import RenderedMentions, render_mentions
from .windows import process_large, rendered_pieces

# Objects allocated between two collections of the youngest generation, while documents are processed.
# A document makes and drops hundreds of thousands of small objects, almost none in cycles; at Python's
# default (700) the collector ran hundreds of times per thousand documents, 3 % of the run.
GC_THRESHOLD = 20_000


@dataclass
class SourceResult:
    """What one source gave: its manifest entry and mentions, or the error that stopped it."""

    path: str
    entry: dict | None = None
    mentions: list[Mention] = field(default_factory=list)
    error: dict | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage, wherever it ran
    rendered: RenderedMentions | None = None  # `render`: mentions as table rows and resolution lines
    spool: Path | None = None  # a large source read in windows: its mentions, rendered, in this file

    def render(self) -> SourceResult:
        """Serialize the mentions for the tables here, where they were made: the CSV rows and the lines for
        resolution. Done by the workers of a pool, it leaves the process that writes the tables little to do."""
        if self.rendered is None and self.spool is None:
            self.rendered = render_mentions(self.mentions)
        return self

    def pieces(self) -> Iterator[RenderedMentions]:
        """The mentions rendered: all at once, or a window at a time and then the document's figures."""
        if self.spool is not None:
            yield from rendered_pieces(self.spool)
        else:
            yield self.render().rendered


def process_source(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES, spool: Path | None = None) -> SourceResult:
    """Read and extract one source; a file that cannot be read becomes an error row, never an exception.
    What it returns is all the rest of the run needs of it, so it may run in another process.
    `spool`: a folder where a large text or markdown source, read a window at a time (`windows.py`), leaves
    its mentions (`SourceResult.spool`) rather than in memory; without it every source is read whole."""
    with timed() as seconds:
        result = _processed(path, rel, max_bytes, spool)
    result.seconds = dict(seconds)
    return result


def _processed(path: Path, rel: str, max_bytes: int, spool: Path | None) -> SourceResult:
    if spool is not None and path.is_file() and path.stat().st_size <= max_bytes:
        large = process_large(path, rel, spool)
        if large is not None:
            entry, rendered = large
            return SourceResult(rel, entry=entry, spool=rendered)
    try:
        with stage("read"):
            doc = read_document(path, rel, max_bytes)
    except ReadError as exc:
        return SourceResult(rel, error={"path": rel, "stage": exc.stage, "reason": exc.reason, "hint": exc.hint})
    lang, mentions = extract_document(doc)
    with stage("dedup"):
        mentions = finish_document(mentions)
    entry = source_entry(rel, doc.sha256, doc.nbytes, lang, doc.fmt, doc.encoding, len(mentions), doc.translated,
                         doc.original)
    return SourceResult(rel, entry=entry, mentions=mentions)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The garbage collector's youngest generation collected every GC_THRESHOLD allocations while documents
    are processed, then as before (forked workers inherit it): a performance setting only."""
    before = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
