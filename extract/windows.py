"""Large text and markdown documents, read and extracted a window at a time: memory holds a window of the
text and what its figures need, never the whole document, and the tables come out as from reading it whole.

A source over LARGE bytes is decoded as it is read, in windows of whole lines (WINDOW characters; the first
one long enough to hold what the document is known by: its language sample and the names its first
characters give, `context.SUBJECT_SAMPLE`). Each window is read and extracted with MARGIN characters of the
text before and after it, in whole lines, so that whatever a line's figures look at around the line, and
the 32 characters quoted each side of a mention, are there; offsets are those of the whole file. What
needs the whole document waits for its end: the forecast period of compound growth rates, and the periods
carried to repeats of a figure. Mentions go to a temporary file as each window is done, and come back
from it finished, rendered for the tables, a window at a time.

Where a window could read differently from the whole (a page of HTML, text that is not UTF-8 or an
encoding the file declares, a line longer than a window, front matter that does not close in the first
window, a file that cannot be read), the document is read whole, as any other.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .clock import stage
from .context import SUBJECT_SAMPLE
from .context.sentences import lines
from .dedup import claim_key, finish_document
from .extractor import (
    FORECAST_PENDING,
    document_language,
    document_scope,
    forecast_of,
    forecast_spans,
    mentions_of,
    read_lines,
)
from .languages import RUN_REACH, LineLanguages
from .model import Document, Mention, ReadError, with_fields
from .readers import sniff_format
from .readers.decoding import BOMS, DECLARED, MAGIC, _canonical
from .readers.text import ESCAPE, FRONT_MATTER, FRONT_MATTER_END, blank, read_markdown, read_text
from .spill import spill_lines
from .tables import MENTION_COLUMNS, render_records

LARGE = 4_000_000  # bytes: larger text and markdown sources are read in windows
WINDOW = 1_000_000  # characters of a window
# Characters of text read on each side of a window, at least (whole lines): what a line's figures and their
# quotes look at around it, and the lines after a run of lines whose language the lines around it settle.
MARGIN = max(4_096, RUN_REACH)
HEAD = SUBJECT_SAMPLE + MARGIN  # characters the first window holds at least
CHUNK = 1 << 20  # bytes read from the file at a time
NUL_SAMPLE = 65_536  # bytes `decoding.decode` looks for NUL in


class NotWindowed(Exception):
    """This document is read whole."""


def process_large(path: Path, rel: str) -> tuple[dict, Path] | None:
    """(manifest entry, file of the rendered mentions: `rendered_pieces`) of a large text or markdown
    source read in windows, or None where it is to be read whole."""
    try:
        size = path.stat().st_size
        if size <= LARGE:
            return None
        with stage("read"):
            sha = _sha256(path)
            encoding = _encoding(path)
        return _extract(path, rel, size, sha, encoding)
    except (NotWindowed, ReadError, OSError, UnicodeDecodeError):
        return None


def rendered_pieces(spool: Path) -> Iterator[tuple[str, int, list[tuple[int, str]]]]:
    """(table rows as text, their number, spill lines) of each window, from the file `process_large` wrote;
    the file is removed once read."""
    try:
        with spool.open("rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return
    finally:
        spool.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _encoding(path: Path) -> str:
    """The encoding `decoding.decode` gives the whole file, where its first bytes decide it: a byte-order
    mark, or a charset it declares; else UTF-8, provided the whole file decodes as such (a decoding error
    while windows are read falls back to reading whole, where other encodings are guessed)."""
    with path.open("rb") as fh:
        head = fh.read(NUL_SAMPLE)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    if any(head.startswith(magic) for magic, _ in MAGIC) or b"\x00" in head:
        raise NotWindowed("binary")
    declared = DECLARED.search(head[:4096])
    if declared:
        encoding = _canonical((declared.group(1) or declared.group(2)).decode("ascii", "replace"))
        if encoding:
            return encoding
    return "utf-8"


def _extract(path: Path, rel: str, size: int, sha: str, encoding: str) -> tuple[dict, Path]:
    """Every window read and extracted, its mentions kept on disk; then finished and rendered."""
    fd, raw_spool = tempfile.mkstemp(prefix="extract-windows-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as spool, path.open("rb") as fh:
            first = _FirstReading(rel, size, sha, encoding)
            count, spans, periods = 0, Counter(), {}
            for k, (base, raw, start, end) in enumerate(_pieces(fh, encoding)):
                if k == 1 and base + start < SUBJECT_SAMPLE:
                    raise NotWindowed("lines too long for the first window to hold the document's head")
                with stage("read"):
                    doc = first.document(raw, base, k == 0)
                if k == 0:
                    doc_lang, settled = document_language(doc)
                    scope = document_scope(doc, doc_lang)
                    head_scope, languages = scope, LineLanguages(doc_lang, settled)
                else:
                    # Past the first window, no line lies in the document's first SUBJECT_SAMPLE characters,
                    # whose names the scope holds: each line looks its names up itself, as when read whole.
                    scope = replace(head_scope, link_starts=[link.start for link in doc.links], entities=[],
                                    entity_starts=[], scanned=0)
                found = read_lines(doc, lines(doc.text, start, end), languages, scope, lines(doc.text, end))
                spans += forecast_spans(found)
                mentions = mentions_of(doc, found, offset=base)
                for m in mentions:
                    if m.period:  # each (fact, period) once: what carrying a period to repeats needs
                        periods.setdefault(claim_key(m), _slim(m))
                pickle.dump(mentions, spool, protocol=pickle.HIGHEST_PROTOCOL)
                count += len(mentions)
        spool_path = _finished(Path(raw_spool), forecast_of(spans), periods)
    finally:
        Path(raw_spool).unlink(missing_ok=True)
    entry = {"path": rel, "sha256": sha, "bytes": size, "language": doc_lang, "format": first.fmt,
             "encoding": encoding, "mentions": count}
    return entry, spool_path


def _slim(m: Mention) -> Mention:
    """A mention reduced to what deduplication compares, to stand for its fact and period."""
    return with_fields(m, mention_id="", text="", sentence="", prefix="", suffix="", cited_url="")


def _finished(raw_spool: Path, forecast: str, periods: dict[tuple, Mention]) -> Path:
    """The mentions of every window finished as `dedup.finish_document` finishes a whole document's (pending
    forecast periods set, periods carried to repeats, claim ids, table order), and rendered for the tables,
    into a new temporary file. The mentions that stand for each (fact, period) of the whole document are
    finished with each window's, so that carrying sees the whole document, and then left out."""
    # A pending period is the forecast; with no forecast, no period (as `extractor.mentions_of` leaves it).
    others = [with_fields(m, period=forecast) if m.period == FORECAST_PENDING else m for m in periods.values()
              if m.period != FORECAST_PENDING or forecast]
    fd, path = tempfile.mkstemp(prefix="extract-windows-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as out, raw_spool.open("rb") as fh:
            while True:
                try:
                    mentions = pickle.load(fh)
                except EOFError:
                    break
                with stage("dedup"):
                    mentions = [with_fields(m, period=forecast) if m.period == FORECAST_PENDING else m
                                for m in mentions]
                    done = [m for m in finish_document(mentions + others) if m.mention_id]
                with stage("write"):
                    piece = (render_records(done, MENTION_COLUMNS), len(done), spill_lines(done))
                pickle.dump(piece, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise
    return Path(path)


class _FirstReading:
    """What the first window says of the whole document (its format, front matter, title, language hint),
    and how each window is read as the whole document's reader would read it there."""

    def __init__(self, rel: str, size: int, sha: str, encoding: str) -> None:
        self.rel, self.size, self.sha, self.encoding = rel, size, sha, encoding
        self.fmt = ""
        self.front_matter_end = 0
        self.title: str | None = None
        self.lang_hint: str | None = None

    def document(self, raw: str, base: int, first: bool) -> Document:
        if first:
            self.fmt = sniff_format(self.rel, raw)
            if self.fmt == "html":
                raise NotWindowed("HTML is read whole")
        elif base < self.front_matter_end:
            raise NotWindowed("front matter reaches into the second window")
        if self.fmt == "markdown" and first:
            text, links, meta = read_markdown(raw)
            opening = FRONT_MATTER.match(raw)
            if opening:
                self.front_matter_end = FRONT_MATTER_END.search(raw, opening.end()).end()
            title, lang = meta.get("title"), meta.get("lang") or meta.get("language")
            self.title, self.lang_hint = (str(title) if title else None), (str(lang) if lang else None)
        elif self.fmt == "markdown":
            text, links = read_text(blank(raw, [m.span() for m in ESCAPE.finditer(raw)]))
        else:
            text, links = read_text(raw)
        return Document(source=self.rel, raw=raw, text=text, fmt=self.fmt, sha256=self.sha, nbytes=self.size,
                        encoding=self.encoding, title=self.title, lang_hint=self.lang_hint, links=links)


def _pieces(fh, encoding: str, window: int | None = None,
            margin: int | None = None) -> Iterator[tuple[int, str, int, int]]:
    """(where the piece starts in the text, the piece, where its window starts and ends in it) of each
    window of the decoded file: whole lines, with at least `margin` characters of text on each side of the
    window (whole lines), the first window at least HEAD characters long."""
    window = WINDOW if window is None else window
    margin = MARGIN if margin is None else margin
    size = max(window, HEAD)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    buf, before, pos, eof = "", "", 0, False  # buf: the text from `pos` on; before: the margin before it
    while True:
        while not eof and buf.find("\n", size + margin) < 0:  # a window and the margin after it, in lines
            if len(buf) > 4 * (size + margin):
                raise NotWindowed("a line longer than a window")
            data = fh.read(CHUNK)
            eof = not data
            buf += decoder.decode(data, final=eof)
        if eof and len(buf) <= size:  # the rest is the last window
            if buf or pos == 0:
                yield pos - len(before), before + buf, len(before), len(before) + len(buf)
            return
        cut = buf.rfind("\n", 0, size) + 1
        if cut == 0:
            raise NotWindowed("a line longer than a window")
        after = buf.find("\n", cut + margin) + 1 or len(buf)
        yield pos - len(before), before + buf[:after], len(before), len(before) + cut
        done = before + buf[:cut]
        keep = done.rfind("\n", 0, max(0, len(done) - margin)) + 1
        before, buf, pos, size = done[keep:], buf[cut:], pos + cut, window
