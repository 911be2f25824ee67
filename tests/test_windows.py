"""Large documents read in windows (extract/windows.py): the same tables as reading them whole, and memory that
does not grow with the document (how time grows is measured by make bench-big)."""

from __future__ import annotations

import codecs
import io
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import windows
from extract.context.frame import Layout
from extract.model import Document
from extract.pipeline import SPOOL, run
from extract.readers.layout import markdown_structure
from extract.step import process_source

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["mentions.csv", "claims.csv", "errors.csv", "mentions.parquet", "claims.parquet", "manifest.json"]
# Lines of our own that reach across what a window boundary could cut: links whose address is on the next
# line, escapes, a web address, CRLF endings, a forecast period said in one place and used in another, and a
# figure said with its period once and without it elsewhere.
EXTRA = [
    "See [the filing](\n  https://example.com/filing-2025 \"Annual report\") for \\$5 billion of backlog.",
    "Revenue grew at a CAGR of 12% from 2025 to 2030, and AWS expects a CAGR of 14% over the forecast period.\r",
    "AWS had 31% of the GPU cloud market in 2024. Later on, AWS had 31% of the GPU cloud market.",
    "La part de Lambda atteignait 12 % du marché, selon https://example.fr/rapport-2024 (page 3).",
    "市場份額達到百分之三十五，較去年上升 AWS 29%。",
]


def _long_table(rows: int = 1_200) -> str:
    """A table longer than a test window: cells far below read their column headers' unit and metric."""
    head = "| Provider | Share of GPU cloud revenue in 2025 (%) | Capacity added (MW) |\n|---|---|---|\n"
    body = [f"| {'Lambda' if k % 2 else 'Nebius'} | {k % 40 + 1 if k % 50 == 7 else 'n/a'} | "
            f"{'see notes' if k % 50 != 21 else k % 90 + 3} |" for k in range(rows)]
    return head + "\n".join(body)


def _long_list(items: int = 1_200) -> str:
    """A labelled item whose nested items run past a test window, after a lead-in: items far below take
    their parent's label and the lead-in as context."""
    nested = [f"  - {'capacity planning, as noted' if k % 40 else f'about {k % 70 + 2}% of the installed base'}"
              for k in range(items)]
    return "Key figures of the operators for 2024:\n\n- **Market share:** by operator\n" + "\n".join(nested)


def _heading_far_above(lines: int = 1_500) -> str:
    """A heading whose section runs past a test window: figures far below it take its period."""
    body = [f"Utilisation was {k % 30 + 50}% at one site." if k % 60 == 0 else "Operators kept adding racks."
            for k in range(lines)]
    return "## Nebius in Q3 2025\n\n" + "\n".join(body)


EXTRA += [_long_table(), _long_list(), _heading_far_above()]


def _body(seed_order: list[Path]) -> str:
    parts = []
    for seed in seed_order:
        raw = seed.read_text(encoding="utf-8")
        if raw.startswith("---"):
            raw = raw[raw.index("\n---", 3) + 4:]
        parts.append(raw)
    return "\n".join(parts)


def _document(size: int, front_matter: str = "---\nlang: fr\ntitle: Marché du cloud GPU en 2025\n---\n") -> str:
    """About `size` characters: the seeds (French first) and the lines above, repeated."""
    seeds = sorted((ROOT / "sources").iterdir())
    body = _body(seeds[1:] + seeds[:1])
    out, n, i = [front_matter], len(front_matter), 0
    while n < size:
        piece = EXTRA[i % len(EXTRA)] + "\n" + body[: 20_000 + 3_000 * (i % 5)] + "\n"
        out.append(piece)
        n += len(piece)
        i += 1
    return "".join(out)


@pytest.fixture
def small_windows(monkeypatch):
    """Windows small enough for a test document to have many, above a threshold it passes."""
    monkeypatch.setattr(windows, "LARGE", 100_000)
    monkeypatch.setattr(windows, "WINDOW", 30_000)


def _tables(sources: Path, out: Path, monkeypatch, whole: bool) -> Path:
    with monkeypatch.context() as m:
        if whole:
            m.setattr(windows, "LARGE", 10**12)
        run(sources, out, log=io.StringIO(), jobs=1)
    assert not (out / SPOOL).exists()  # the windows' files, in the output folder while the run lasts, are gone
    return out


def _same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.parametrize("name, encoding, text", [
    ("note.md", "utf-8", lambda: _document(700_000)),
    ("hant.md", "utf-8", lambda: _document(500_000, front_matter="---\nlang: hant\n---\n")),  # Latin lines told apart
    ("report.txt", "utf-8", lambda: _document(500_000, front_matter="")),
    ("bom.md", "utf-8-sig", lambda: _document(400_000)),
    ("wide.txt", "utf-16", lambda: _document(400_000, front_matter="")),
    ("translated.md", "utf-8", lambda: _document(400_000, front_matter="---\nlang: en\ntranslated: true\n"
                                                 "original: note.md\ndate: 2025-08-14\n---\n")),
])
def test_windows_give_the_tables_of_the_whole_document(name, encoding, text, small_windows, monkeypatch, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / name).write_bytes(codecs.encode(text(), encoding))
    used = []
    monkeypatch.setattr(windows, "_pieces", _counting(windows._pieces, used))
    in_windows = _tables(sources, tmp_path / "windows", monkeypatch, whole=False)
    assert len(used) > 5  # it was read in windows, many of them
    used.clear()
    whole = _tables(sources, tmp_path / "whole", monkeypatch, whole=True)
    assert not used
    _same_tables(in_windows, whole)


def _counting(pieces, used: list):
    def counted(*args, **kwargs):
        for piece in pieces(*args, **kwargs):
            used.append(piece[0])
            yield piece
    return counted


@pytest.mark.parametrize("name, data", [
    ("page.html", lambda: ("<html><body><p>" + _document(300_000, front_matter="") + "</p></body></html>")),
    ("one-line.txt", lambda: "AWS had 31% of the market. " * 40_000),  # a line longer than a window
    ("open.md", lambda: "---\nlang: en\n" + "title: x\n" * 30_000 + "---\nAWS had 31%.\n"),  # long front matter
    ("latin1.txt", lambda: _document(300_000, front_matter="").replace("é", "\udce9")),  # not UTF-8
])
def test_what_windows_cannot_read_as_the_whole_is_read_whole(name, data, small_windows, tmp_path):
    path = tmp_path / name
    path.write_bytes(data().encode("utf-8", "surrogateescape"))
    assert path.stat().st_size > windows.LARGE
    assert windows.process_large(path, name, tmp_path / "spool") is None


def _measured(path: Path, memory: bool) -> float:
    """Peak traced memory (bytes) or CPU seconds of processing one source as a run does."""
    if memory:
        tracemalloc.start()
        result = process_source(path, path.name, spool=path.parent / "spool")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        start = time.process_time()
        result = process_source(path, path.name, spool=path.parent / "spool")
        peak = time.process_time() - start
    assert result.error is None
    list(result.pieces())  # and its spool removed
    return peak


def test_memory_stays_flat_as_the_document_grows(small_windows, tmp_path):
    paths = {}
    for size in (250_000, 1_000_000, 3_000_000):
        paths[size] = tmp_path / f"doc-{size}.md"
        paths[size].write_text(_document(size), encoding="utf-8")
    _measured(paths[250_000], memory=False)  # what a process builds once, built
    # Past its first windows (and the few texts the recognizer keeps), three times the document, the same memory.
    peak = {size: _measured(paths[size], memory=True) for size in (1_000_000, 3_000_000)}
    assert peak[3_000_000] < 1.25 * peak[1_000_000], peak
    with pytest.MonkeyPatch.context() as m:  # read whole, four times the document takes about four times as much
        m.setattr(windows, "LARGE", 10**12)
        whole = {size: _measured(paths[size], memory=True) for size in (250_000, 1_000_000)}
    assert whole[1_000_000] > 2.5 * whole[250_000], whole
    # How the time grows with a document's size is the benchmark's to say (make bench-big), not a test's: a
    # timed test fails on a loaded machine.


def test_a_pool_hands_the_windows_of_a_large_document_to_the_writer(small_windows, monkeypatch, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a-large.md").write_text(_document(400_000), encoding="utf-8")
    (sources / "b-small.md").write_text("---\nlang: en\n---\nAWS grew 12% in 2024.\n", encoding="utf-8")
    run(sources, tmp_path / "pool", log=io.StringIO(), jobs=2)
    whole = _tables(sources, tmp_path / "whole", monkeypatch, whole=True)
    _same_tables(tmp_path / "pool", whole)


# The blocks notes are made of: headings (ATX, setext, bold lines), lead-ins, paragraphs, blank lines, lists
# nested and labelled with continuation lines, tables.
LINES = st.sampled_from(["# Market in 2025", "## Pricing", "### Q3 2024", "Cloud revenue\n=====", "**Summary**",
                         "Key figures:", "The operators said:", "Plain paragraph of text.", "", "    indented text"])
ITEM = st.tuples(st.integers(0, 3), st.sampled_from(["- ", "* ", "1. ", "2) "]),
                 st.sampled_from(["AWS grew", "**Revenue:** up", "Share: 31%", "**Margin** : 12%"]), st.booleans())
LIST = st.lists(ITEM, min_size=1, max_size=8).map(
    lambda items: "\n".join("  " * depth + mark + text + ("\n" + "  " * (depth + 2) + "and more" if more else "")
                            for depth, mark, text, more in items))
TABLE = st.lists(st.sampled_from(["| Lambda | 12 |", "| Nebius | n/a |", "|  | 7 |"]), max_size=6).map(
    lambda rows: "\n".join(["| Provider | Share (%) |", "|---|---|", *rows]))


def _places_seen(layout, doc_text_start: int, positions) -> list:
    """What each position's context would be read from: (kind, text) of each place, and its cell's headers."""
    out = []
    for pos in positions:
        places = [(p.kind, p.text[p.start:p.end]) for p in layout.places(pos - doc_text_start)]
        cell = layout.cell_at(pos - doc_text_start)
        headers = None if cell is None else [layout.text_of(h) if h else None for h in (cell.row_header,
                                                                                         cell.column_header)]
        out.append((places, headers))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, LIST, TABLE), min_size=1, max_size=15), st.lists(st.integers(1, 80), max_size=6),
       st.integers(0, 3))
def test_a_window_sees_the_structure_and_places_the_whole_document_gives_there(blocks, cuts, margin):
    """`windows.Frames`, read a window at a time over pieces of the text (a few lines of margin each side),
    gives each line the places reading the note whole gives it (headers, labels, lead-ins, headings)."""
    text = "\n".join(blocks) + "\n"
    lines = text.split("\n")[:-1]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    whole = Layout(replace(_doc(text), structure=markdown_structure(text)))
    cuts = sorted({c for c in cuts if c < len(lines)})
    bounds = [0, *cuts, len(lines)]
    frames = windows.Frames()
    monkey = pytest.MonkeyPatch()
    monkey.setattr(windows, "MARGIN", 8)  # kept texts: the lines around a place, not the whole piece
    try:
        for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            lo, hi = max(0, a - margin - 1), min(len(lines), b + margin + 1)
            base = starts[lo]
            piece = text[base:starts[hi]]
            structure = frames.read(piece, base, (starts[a] - base, starts[b] - base))
            doc = replace(_doc(piece), structure=structure)
            layout = Layout(doc) if k == 0 else frames.layout(doc, base, starts[a] - base)
            frames.keep(piece, base, layout.title if k == 0 else None)
            positions = [starts[i] + len(lines[i]) // 2 for i in range(a, b)]
            assert _places_seen(layout, base, positions) == _places_seen(whole, 0, positions)
    finally:
        monkey.undo()


def _doc(text: str) -> Document:
    return Document(source="note.md", raw=text, text=text, fmt="markdown", sha256="", nbytes=len(text))
