"""Large text and markdown documents, read and extracted a window at a time: memory holds a window of the
text and what its figures need, never the whole document, and the tables come out as from reading it whole.

A source over LARGE bytes is decoded as it is read, in windows of whole lines (WINDOW characters; the first
one long enough to hold what the document is known by: its language sample, the names and the evidence of
case its first characters give, `context.SUBJECT_SAMPLE`). Each window is read and extracted with MARGIN
characters of the text before and after it, in whole lines, so that whatever a line's figures look at
around the line, and the 32 characters quoted each side of a mention, are there; offsets are those of the
whole file. What lies further back and still frames the window's figures (the headings above it, the
items its lines are nested in, the lead-in of a list, a table's header row, the title) is read as the
document goes (`readers.layout.StructureReader`) and kept, each with the text around it, as long as a
later line may be inside it. What needs the whole document waits for its end: the forecast period of
compound growth rates, and the subjects, metrics and periods carried to repeats of a figure
(`dedup.DocumentFacts`, gathered from every window). Mentions go to a temporary file as each window is
done, and come back from it finished and rendered for the tables (`spill.render_mentions`), a window at a
time, then the document's figures for the alignment.

Where a window could read differently from the whole (a page of HTML, text that is not UTF-8 or an
encoding the file declares, a line longer than a window, front matter that does not close in the first
window, a file that cannot be read), the document is read whole, as any other.
"""

from __future__ import annotations

import codecs
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .align import DocumentFigures
from .clock import stage
from .context import SUBJECT_SAMPLE, DocumentScope
from .context.frame import Layout, Place
from .context.names import Evidence
from .context.sentences import lines
from .dedup import DocumentFacts
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
from .model import Document, Mention, ReadError, Structure, with_fields
from .readers import sniff_format
from .readers.decoding import BOMS, DECLARED, MAGIC, _canonical
from .readers.layout import StructureReader, iso_date
from .readers.text import FRONT_MATTER, FRONT_MATTER_END, read_markdown, read_text, unescape
from .run_report import source_entry
from .spill import RenderedMentions, render_mentions
from .stories import front_matter_link
from .tables import file_sha256

LARGE = 4_000_000  # bytes: larger text and markdown sources are read in windows
WINDOW = 1_000_000  # characters of a window
# Characters of text read on each side of a window, at least (whole lines): what a line's figures and their
# quotes look at around it, and the lines after a run of lines whose language the lines around it settle.
MARGIN = max(4_096, RUN_REACH)
HEAD = max(SUBJECT_SAMPLE, Evidence.SAMPLE) + MARGIN  # characters the first window holds at least
CHUNK = 1 << 20  # bytes read from the file at a time
NUL_SAMPLE = 65_536  # bytes `decoding.decode` looks for NUL in

Span = tuple[int, int]


class NotWindowed(Exception):
    """This document is read whole."""


def process_large(path: Path, rel: str, folder: Path) -> tuple[dict, Path] | None:
    """(manifest entry, file of the rendered mentions: `rendered_pieces`) of a large text or markdown
    source read in windows, or None where it is to be read whole. Its mentions wait in files in `folder`
    (made if missing)."""
    try:
        size = path.stat().st_size
        if size <= LARGE:
            return None
        with stage("read"):
            sha = file_sha256(path)
            encoding = _encoding(path)
        folder.mkdir(parents=True, exist_ok=True)
        return _extract(path, rel, size, sha, encoding, folder)
    except (NotWindowed, ReadError, OSError, UnicodeDecodeError):
        return None


def rendered_pieces(spool: Path) -> Iterator[RenderedMentions]:
    """The mentions of each window, rendered, from the file `process_large` wrote, then (with no rows) the
    figures of the whole document; the file is removed once read."""
    try:
        with spool.open("rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return
    finally:
        spool.unlink(missing_ok=True)


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


def _extract(path: Path, rel: str, size: int, sha: str, encoding: str, folder: Path) -> tuple[dict, Path]:
    """Every window read and extracted, its mentions kept on disk; then finished and rendered."""
    fd, raw_spool = tempfile.mkstemp(dir=folder, prefix=".windows-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as spool, path.open("rb") as fh:
            reading = _Reading(rel, size, sha, encoding)
            for k, (base, raw, start, end) in enumerate(_pieces(fh, encoding)):
                if k == 1 and base + start < SUBJECT_SAMPLE:
                    raise NotWindowed("lines too long for the first window to hold the document's head")
                pickle.dump(reading.window(raw, base, start, end), spool, protocol=pickle.HIGHEST_PROTOCOL)
        spool_path = _finished(Path(raw_spool), reading, folder)
    finally:
        Path(raw_spool).unlink(missing_ok=True)
    entry = source_entry(rel, sha, size, reading.doc_lang, reading.fmt, encoding, reading.count, reading.translated,
                         reading.original)
    return entry, spool_path


def _finished(raw_spool: Path, reading: _Reading, folder: Path) -> Path:
    """The mentions of every window finished as `dedup.finish_document` finishes a whole document's (the
    pending forecast period set, subjects, metrics and periods carried to repeats, table order), rendered
    for the tables, into a new temporary file; after them the document's figures."""
    forecast = forecast_of(reading.spans)
    facts = reading.facts
    facts.replace_period(FORECAST_PENDING, forecast)  # with no forecast, no period (as `mentions_of` leaves it)
    fd, path = tempfile.mkstemp(dir=folder, prefix=".windows-", suffix=".tmp")
    figures = []
    try:
        with os.fdopen(fd, "wb") as out, raw_spool.open("rb") as fh:
            while True:
                try:
                    mentions = pickle.load(fh)
                except EOFError:
                    break
                with stage("dedup"):
                    done = facts.finish(with_fields(m, period=forecast) if m.period == FORECAST_PENDING else m
                                        for m in mentions)
                with stage("write"):
                    rendered = render_mentions(done)
                figures.append(rendered.figures)
                rendered.figures = None
                pickle.dump(rendered, out, protocol=pickle.HIGHEST_PROTOCOL)
            whole = DocumentFigures.joined(reading.rel if reading.count else "", figures)
            pickle.dump(RenderedMentions("", 0, 0, [], whole), out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise
    return Path(path)


class _Reading:
    """One large document being read a window at a time: what its first window says of the whole (format,
    front matter, title, language, the scope of its first characters), its structure and the places
    before the current window (`Frames`), and what finishing its mentions needs (forecast spans,
    `DocumentFacts`)."""

    def __init__(self, rel: str, size: int, sha: str, encoding: str) -> None:
        self.rel, self.size, self.sha, self.encoding = rel, size, sha, encoding
        self.fmt = ""
        self.front_matter_end = 0
        self.title: str | None = None
        self.lang_hint: str | None = None
        self.translated: bool | None = None  # what its front matter says of a translation
        self.original: str | None = None
        self.frames = Frames()
        self.doc_lang = ""
        self.head: DocumentScope | None = None
        self.languages: LineLanguages | None = None
        self.spans: Counter = Counter()
        self.facts = DocumentFacts()
        self.count = 0

    def window(self, raw: str, base: int, start: int, end: int) -> list[Mention]:
        """The mentions of the lines raw[start:end] of the piece of the file `raw` that starts at `base` in
        it (pending forecast periods left pending, nothing carried yet)."""
        first = self.head is None
        with stage("read"):
            doc = self._document(raw, base, first, (start, end))
        if first:
            self.doc_lang, settled = document_language(doc)
            self.languages = LineLanguages(self.doc_lang, settled)
            scope = self.head = document_scope(doc, self.doc_lang)
        else:
            scope = self.head.window(doc, base, self.frames.layout(doc, base, start))
        with stage("read"):
            self.frames.keep(doc.text, base, scope.layout.title if first else None)
        found = read_lines(doc, lines(doc.text, start, end), self.languages, scope, lines(doc.text, end), base)
        self.spans += forecast_spans(found)
        mentions = mentions_of(doc, found, offset=base)
        self.facts.add(mentions)
        self.count += len(mentions)
        return mentions

    def _document(self, raw: str, base: int, first: bool, window: Span) -> Document:
        """The window's piece as the whole document's reader reads it there, with the structure the lines
        of the window see (`Frames.read`)."""
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
            self.translated, self.original = front_matter_link(meta)
            self.frames = Frames(iso_date(meta.get("date") or meta.get("published") or meta.get("pubDate") or ""))
        elif self.fmt == "markdown":
            text, links = read_text(unescape(raw))
        else:
            text, links = read_text(raw)
        return Document(source=self.rel, raw=raw, text=text, fmt=self.fmt, sha256=self.sha, nbytes=self.size,
                        encoding=self.encoding, title=self.title, lang_hint=self.lang_hint, links=links,
                        structure=self.frames.read(text, base, window))


class Frames:
    """The structure of a document read a window at a time (`readers.layout.StructureReader`), and the
    places before the current window that its lines may take their context from (headings above it, the
    labels and lead-ins of the items it may be nested in, a table's header row, the title), each kept with
    the lines around it for as long as a later line may be inside it. Spans are offsets of the document."""

    def __init__(self, date: str = "") -> None:
        self.structure = StructureReader(date)
        self.far: dict[Span, tuple[int, str]] = {}  # span -> (where its kept text starts, the text)
        self.title: Place | None = None  # the title's place (its origin: where its kept text starts)

    def read(self, text: str, base: int, window: Span) -> Structure:
        """Read the lines text[window[0]:window[1]] of a piece of the document that starts at `base` (each
        line with the line after it: the window's last one with the first line after the window, which the
        piece holds); the structure they see, in offsets of the piece."""
        reader, (pos, end) = self.structure, window
        while pos < end:
            nl = text.find("\n", pos)
            stop = len(text) if nl < 0 else nl
            following = None
            if nl >= 0:
                after = text.find("\n", nl + 1)
                following = (nl + 1, len(text) if after < 0 else after)
            reader.feed(text, pos, stop, following, base)
            pos = stop + 1
        return reader.window(base)

    def layout(self, doc: Document, base: int, start: int) -> Layout:
        """The layout of a window that starts at `start` of the piece `doc`, which starts at `base`: its
        structure (`read`), and the places before it, each read from its kept text."""
        far = {(s - base, e - base): Place("", text, s - at, e - at, at - base)
               for (s, e), (at, text) in self.far.items()}
        st = doc.structure
        spans = [(h.start, h.end) for h in st.headings] + [c.column_header for c in st.cells]
        spans += [span for i in st.items for span in (i.label, i.lead)]
        missing = [span for span in spans if span is not None and span[0] < start and span not in far]
        if missing:
            raise RuntimeError(f"{doc.source}: no text kept for places before the window at {base + start}: "
                               f"{missing}")
        title = self.title
        if title is not None and title.origin is not None:
            title = Place("title", title.text, title.start, title.end, title.origin - base)
        return Layout(doc, far=far, title=title)

    def keep(self, text: str, base: int, title: Place | None = None) -> None:
        """After a window: keep, with the text around it, each place read so far that a later line may take
        its context from, and let go of the others; `title`: the title's place in the first window."""
        if title is not None:
            at, around = (0, title.text) if title.origin is None else _around(text, title.start, title.end)
            self.title = Place("title", around, title.start - at, title.end - at, None if title.origin is None
                               else base + at)
        self.structure.settle()
        keep = self.structure.open_spans()
        self.far = {span: kept for span, kept in self.far.items() if span in keep}
        for s, e in keep - self.far.keys():
            at, around = _around(text, s - base, e - base)
            self.far[(s, e)] = (base + at, around)


def _around(text: str, start: int, end: int) -> tuple[int, str]:
    """(where it starts, the text): the lines of text[start:end] and MARGIN characters at least on each side,
    in whole lines, as much as `text` holds."""
    line_start = text.rfind("\n", 0, start) + 1
    at = text.rfind("\n", 0, max(0, line_start - MARGIN)) + 1 if line_start > MARGIN else 0
    line_end = text.find("\n", end)
    stop = text.find("\n", line_end + MARGIN) if line_end >= 0 else -1
    stop = len(text) if stop < 0 else stop
    return at, text[at:stop]


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
