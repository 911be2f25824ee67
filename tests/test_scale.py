"""Scale: `--jobs N` and the Dask engine give the same bytes as one process; deduplication by partitions
gives the claims of deduplication in one piece; progress is shown as it should be."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bench.run as bench
from extract.dedup import assign_claims, finish_document, topic_partition
from extract.model import Mention, with_fields
from extract.pipeline import batch, run
from extract.progress import Progress
from extract.spill import Resolution, render_mentions
from extract.tables import manifest_json

from .test_resolve import ARTICLES

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["mentions.csv", "claims.csv", "errors.csv", "mentions.parquet", "claims.parquet", "manifest.json"]


def same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _built(size: str, folder: Path) -> Path:
    """The benchmark's corpus of this size (articles: notes, reports and pages in all four languages), built
    by its own code."""
    cache, bench.CACHE = bench.CACHE, folder
    try:
        return bench.build_corpus(size)
    finally:
        bench.CACHE = cache


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _built("1MB", tmp_path_factory.mktemp("bench"))


@pytest.fixture(scope="module")
def corpus_10mb(tmp_path_factory) -> Path:
    return _built("10MB", tmp_path_factory.mktemp("bench"))


def test_jobs_give_the_same_bytes_as_one_process(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = run(corpus, one, log=io.StringIO(), jobs=1)
    r2 = run(corpus, two, log=io.StringIO(), jobs=2)
    assert r1.mentions == r2.mentions > 500  # 1 MB of articles: most of its bytes are the markup of pages
    same_tables(one, two)


def test_batch_with_jobs_equals_a_run(corpus, tmp_path):
    docs = sorted(corpus.glob("doc_*"))
    half = tmp_path / "half"
    half.mkdir()
    for doc in docs[::2]:
        (half / doc.name).write_bytes(doc.read_bytes())
    out = tmp_path / "out"
    run(half, out, log=io.StringIO(), jobs=2)
    rest = tmp_path / "rest"
    rest.mkdir()
    for doc in docs[1::2]:
        (rest / doc.name).write_bytes(doc.read_bytes())
    report = batch([rest], half, out, log=io.StringIO(), jobs=2)
    assert len(report.added) == len(docs[1::2]) and len(report.unchanged) == len(docs[::2])
    run(half, tmp_path / "full", log=io.StringIO(), jobs=1)
    same_tables(out, tmp_path / "full")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_reports_each_processed_document_once_by_format_and_the_stage_times(jobs, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.md").write_text("---\nlang: en\n---\nAWS grew 12% in 2024.\n", encoding="utf-8")
    (sources / "b.txt").write_text("Azure grew 9% in 2024.\n", encoding="utf-8")
    (sources / "c.html").write_text("<html lang=en><body><p>GPU hours cost $2.50.</p></body></html>", encoding="utf-8")
    (sources / "d.md").write_bytes(b"")  # an error row: no document done
    report = run(sources, tmp_path / "out", log=io.StringIO(), jobs=jobs)
    counted = {fmt: row[:2] for fmt, row in report.by_format.items()}
    sizes = {name: (sources / name).stat().st_size for name in ("a.md", "b.txt", "c.html")}
    assert counted == {"markdown": [1, sizes["a.md"]], "text": [1, sizes["b.txt"]], "html": [1, sizes["c.html"]]}
    assert all(row[2] > 0 for row in report.by_format.values())
    assert {"read", "language", "recognize", "context", "dedup", "write"} <= set(report.stages)
    # A batch counts what it processed, not the sources it kept from the tables.
    (sources / "e.md").write_text("Lambda grew 30%.\n", encoding="utf-8")
    report = batch([], sources, tmp_path / "out", log=io.StringIO(), jobs=jobs)
    added = (sources / "e.md").stat().st_size
    assert {fmt: row[:2] for fmt, row in report.by_format.items()} == {"markdown": [1, added]}


def test_the_bench_reports_markdown_and_text_together():
    rows = {"html": [1, 3_000_000, 2.0], "markdown": [2, 2_000_000, 1.0], "text": [1, 1_000_000, 1.0]}
    report = bench._by_format(rows)
    assert report["html"] == {"documents": 1, "megabytes": 3.0, "seconds": 2.0, "mb_per_s": 1.5}
    assert report["markdown_and_text"] == {"megabytes": 3.0, "seconds": 2.0, "mb_per_s": 1.5}


def _mention(i: int, rng: random.Random) -> Mention:
    subject = rng.choice(["AWS", "aws", "Azure", ""])
    return Mention(
        mention_id=f"m{i:05d}", claim_id="", source=f"doc{rng.randrange(6)}.md", start=i, end=i + 3, text="12%",
        lang=rng.choice(["en", "fr"]), value_low=float(rng.choice([12, 13, 14])), value_high=14.0, unit="%",
        per="", item="", qualifier=rng.choice(["exact", "approx", "ge"]), metric=rng.choice(["share", "growth"]),
        subject=subject, period=rng.choice(["2024", "2025", ""]), sentence="", source_sha256="", cited_url="")


def _resolved_by_partitions(mentions: list[Mention], folder: Path, partitions: int) -> tuple[list, list]:
    """Claims and claim ids (in table order) as the local engine makes them: documents rendered, their
    lines spread over partitions, each partition resolved on its own."""
    resolution = Resolution(folder, partitions)
    offset = 0
    for source in sorted({m.source for m in mentions}):
        rendered = render_mentions(finish_document([m for m in mentions if m.source == source]), partitions)
        resolution.add(offset, rendered)
        offset += rendered.nbytes
    claims, ids = resolution.resolve()
    return list(claims), [cid for _, cid in ids]


@pytest.mark.parametrize("seed", range(5))
def test_claims_by_partitions_are_the_claims_of_the_whole(seed, tmp_path):
    rng = random.Random(seed)
    contradicting = [with_fields(_mention(400 + k, rng), subject="Azure", metric="share", period="2023",
                                 value_low=v, value_high=v, qualifier="exact") for k, v in enumerate((21.0, 22.0))]
    mentions, whole = assign_claims([_mention(i, rng) for i in range(400)] + contradicting)
    assert len(whole) < len({(m.subject, m.metric, m.period, m.value_low, m.qualifier) for m in mentions})
    for partitions in (1, 3, 64):
        claims, ids = _resolved_by_partitions(mentions, tmp_path / f"p{partitions}", partitions)
        assert claims == whole
        assert ids == [m.claim_id for m in mentions]
    # Every claim and each claim it contradicts share a topic partition.
    by_id = {c.claim_id: c for c in whole}
    for claim in whole:
        for other in filter(None, claim.conflicts_with.split(";")):
            assert topic_partition(by_id[other], 7) == topic_partition(claim, 7)
    assert any(c.conflicts_with for c in whole)


def test_progress_is_plain_lines_off_a_terminal():
    stream = io.StringIO()
    progress = Progress(3, stream, every=0.0)
    for failed in (False, True, False):
        progress.update(failed)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("extract: 3/3 documents,") and lines[-1].endswith("1 errors")


def test_progress_is_a_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(2, stream)
    progress.update(False)
    progress.update(True)
    progress.close()
    assert "2/2" in stream.getvalue() and "1 errors" in stream.getvalue() and "\r" in stream.getvalue()


def test_jobs_must_be_positive(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "extract", "run", "--sources", str(ROOT / "sources"), "--out",
                           str(tmp_path), "--jobs", "0"], capture_output=True, text=True)
    assert proc.returncode == 2 and "--jobs" in proc.stderr



def _dask_run(sources: Path, out: Path, status: int = 0) -> str:
    pytest.importorskip("distributed")
    proc = subprocess.run([sys.executable, "-m", "extract", "run", "--engine", "dask", "--jobs", "2",
                           "--sources", str(sources), "--out", str(out)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == status, proc.stderr[-3000:]
    return proc.stderr


def test_dask_engine_reports_bad_files_and_copes_with_no_files(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for seed in sorted((ROOT / "sources").iterdir())[:2]:
        (sources / seed.name).write_bytes(seed.read_bytes())
    for name, text in ARTICLES.items():  # a translation pair: claims joined by the alignment
        (sources / name).write_text(text, encoding="utf-8")
    (sources / "binary.md").write_bytes(b"\x00\x01\x02")
    (sources / "empty.txt").write_bytes(b"")
    stderr = _dask_run(sources, tmp_path / "dask", status=3)
    assert "skipped binary.md: binary file" in stderr and "skipped empty.txt: file is empty" in stderr
    assert run(sources, tmp_path / "local", log=io.StringIO(), jobs=1).exit_status == 3
    same_tables(tmp_path / "local", tmp_path / "dask")
    empty = tmp_path / "empty"
    empty.mkdir()
    _dask_run(empty, tmp_path / "dask-empty")
    run(empty, tmp_path / "local-empty", log=io.StringIO(), jobs=1)
    same_tables(tmp_path / "local-empty", tmp_path / "dask-empty")


def test_dask_engine_gives_the_local_tables_on_the_seeds(seed_run, tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACT_PROGRESS_EVERY", "0")  # a progress line for every document, as the local engine
    stderr = _dask_run(ROOT / "sources", tmp_path / "dask")
    same_tables(seed_run[0], tmp_path / "dask")
    progress = [line for line in stderr.splitlines() if line.startswith("extract: ") and "/5 documents" in line]
    assert progress and progress[-1].startswith("extract: 5/5 documents,") and progress[-1].endswith("0 errors")


def test_dask_engine_gives_the_local_tables_on_the_10mb_corpus(corpus_10mb, tmp_path):
    _dask_run(corpus_10mb, tmp_path / "dask")
    run(corpus_10mb, tmp_path / "local", log=io.StringIO(), jobs=2)
    same_tables(tmp_path / "local", tmp_path / "dask")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=6), JSON, max_size=4), st.lists(st.dictionaries(st.text(max_size=6), JSON,
                                                                                        max_size=4), max_size=4))
def test_the_manifest_streams_as_json_dumps_writes_it(head, sources):
    manifest = {**head, "sources": sources}
    expected = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert "".join(manifest_json({**manifest, "sources": iter(sources)})) == expected
