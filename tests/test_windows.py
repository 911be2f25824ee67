"""Large documents read in windows (extract/windows.py): the same tables as reading them whole, memory that
does not grow with the document, and cost that grows as the document does."""

from __future__ import annotations

import codecs
import io
import time
import tracemalloc
from pathlib import Path

import pytest

from extract import windows
from extract.pipeline import process_source, run

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
    assert windows.process_large(path, name) is None


def _measured(path: Path, memory: bool) -> float:
    """Peak traced memory (bytes) or CPU seconds of processing one source as a run does."""
    if memory:
        tracemalloc.start()
        result = process_source(path, path.name, in_windows=True)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        start = time.process_time()
        result = process_source(path, path.name, in_windows=True)
        peak = time.process_time() - start
    assert result.error is None
    list(result.pieces())  # and its spool removed
    return peak


def test_memory_stays_flat_and_cost_grows_as_the_document_does(small_windows, tmp_path):
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
    cpu = {size: min(_measured(paths[size], memory=False) for _ in range(2)) for size in (250_000, 1_000_000)}
    assert 2.5 < cpu[1_000_000] / cpu[250_000] < 6, cpu  # four times the text: about four times the work


def test_a_pool_hands_the_windows_of_a_large_document_to_the_writer(small_windows, monkeypatch, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a-large.md").write_text(_document(400_000), encoding="utf-8")
    (sources / "b-small.md").write_text("---\nlang: en\n---\nAWS grew 12% in 2024.\n", encoding="utf-8")
    run(sources, tmp_path / "pool", log=io.StringIO(), jobs=2)
    whole = _tables(sources, tmp_path / "whole", monkeypatch, whole=True)
    _same_tables(tmp_path / "pool", whole)
