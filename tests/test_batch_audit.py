"""Batch runs, crash safety with real SIGKILLs, and the provenance audit."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from extract.audit import audit
from extract.pipeline import batch, run

from .conftest import ROOT

SEEDS = sorted((ROOT / "sources").iterdir())
TABLES = ["mentions.csv", "claims.csv", "errors.csv", "mentions.parquet", "claims.parquet", "manifest.json"]


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


def readable(out: Path) -> None:
    """Every table parses completely and the manifest's hashes describe them."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in ("mentions.csv", "claims.csv", "errors.csv"):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            list(csv.DictReader(fh))
    pd.read_parquet(out / "mentions.parquet")
    pd.read_parquet(out / "claims.parquet")
    assert set(manifest["tables"]) == set(TABLES) - {"manifest.json"}


@pytest.fixture
def split(tmp_path):
    """Three seeds already run into `out`; the other two waiting in `new/`."""
    sources, new, out = tmp_path / "sources", tmp_path / "new", tmp_path / "out"
    sources.mkdir()
    new.mkdir()
    for i, path in enumerate(SEEDS):
        shutil.copy(path, (sources if i < 3 else new) / path.name)
    run(sources, out)
    return sources, new, out


def full_run_of_all(tmp_path) -> dict[str, bytes]:
    out = tmp_path / "full"
    run(ROOT / "sources", out)
    return snapshot(out)


def test_batch_onto_a_run_equals_a_run_of_all(split, tmp_path):
    sources, new, out = split
    report = batch([new], sources, out)
    assert sorted(report.added) == sorted(p.name for p in new.iterdir())
    assert len(report.unchanged) == 3 and not report.changed
    assert snapshot(out) == full_run_of_all(tmp_path)


def test_batch_twice_changes_nothing(split):
    sources, new, out = split
    batch([new], sources, out)
    before = snapshot(out)
    report = batch([new], sources, out)
    assert not report.added and not report.changed and len(report.unchanged) == 5
    assert snapshot(out) == before


def test_changed_and_removed_sources(split, tmp_path):
    sources, new, out = split
    batch([new], sources, out)
    gone = sources / SEEDS[0].name
    gone.unlink()
    edited = sources / SEEDS[2].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nNew line: revenue of USD 9 billion in 2026.\n",
                      encoding="utf-8")
    report = batch([], sources, out)
    assert report.removed == [SEEDS[0].name] and report.changed == [SEEDS[2].name]
    reference = tmp_path / "ref"
    run(sources, reference)
    assert snapshot(out) == snapshot(reference)
    with (out / "mentions.csv").open(encoding="utf-8") as fh:
        assert SEEDS[0].name not in {r["source"] for r in csv.DictReader(fh)}


KILL_POINTS = ["imported", f"processed:{SEEDS[3].name}", "written:mentions.csv", "written:claims.parquet",
               "journal", "renamed:mentions.csv", "renamed:claims.parquet"]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_batch_leaves_readable_tables_and_a_rerun_completes(split, tmp_path, point):
    sources, new, out = split
    before = snapshot(out)
    cmd = [sys.executable, "-m", "extract", "batch", str(new), "--sources", str(sources), "--out", str(out)]
    killed = subprocess.run(cmd, env={**os.environ, "EXTRACT_KILL_AT": point}, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    if not point.startswith("renamed:"):
        assert snapshot(out) == before  # nothing committed yet: the previous tables, untouched
    else:
        from extract.tables import recover

        recover(out)  # what any next run or audit does first
    readable(out)
    finished = subprocess.run(cmd, capture_output=True)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(out) == full_run_of_all(tmp_path)
    assert not list(out.glob(".*"))


def test_audit_passes_on_a_fresh_dataset(split, capsys):
    sources, _, out = split
    assert audit(sources, out) == 0
    assert "0 problem(s)" in capsys.readouterr().out


def problems(sources: Path, out: Path, capsys) -> list[str]:
    status = audit(sources, out)
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("PROBLEM")]
    assert status == (1 if lines else 0)
    return lines


def mentions_of(out: Path, source: str) -> list[dict]:
    with (out / "mentions.csv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["source"] == source]


def test_audit_reports_exactly_the_edited_figure(split, capsys):
    sources, _, out = split
    name = SEEDS[1].name
    target = mentions_of(out, name)[2]
    path = sources / name
    raw = path.read_bytes().decode("utf-8")
    start, end = int(target["start"]), int(target["end"])
    digit = next(i for i in range(start, end) if raw[i].isdigit())
    edited = raw[:digit] + ("7" if raw[digit] != "7" else "6") + raw[digit + 1:]  # same length
    path.write_bytes(edited.encode("utf-8"))
    lines = problems(sources, out, capsys)
    assert len(lines) == 1 and target["mention_id"] in lines[0] and "gone" in lines[0]


def test_audit_reports_every_mention_of_a_renamed_source(split, capsys):
    sources, _, out = split
    name = SEEDS[0].name
    (sources / name).rename(sources / ("renamed-" + name))
    lines = problems(sources, out, capsys)
    ids = {m["mention_id"] for m in mentions_of(out, name)}
    missing = [x for x in lines if "missing" in x]
    assert len(missing) == len(ids) and {x.split()[3] for x in missing} == ids
    # and the file under its new name is a source the tables do not hold
    assert [x for x in lines if x not in missing] == [f"PROBLEM new      renamed-{name}: is in the sources folder but "
                                                      "not in the tables; run `extract batch` or `extract run`"]


def test_audit_reports_the_mentions_cut_off_by_truncation(split, capsys):
    sources, _, out = split
    name = SEEDS[2].name
    path = sources / name
    raw = path.read_bytes().decode("utf-8")
    cut = len(raw) // 2
    path.write_bytes(raw[:cut].encode("utf-8"))
    lines = problems(sources, out, capsys)
    lost = {m["mention_id"] for m in mentions_of(out, name) if int(m["end"]) > cut}
    assert lost and {x.split()[3] for x in lines} == lost


def test_audit_shows_a_claim_with_its_mentions(capsys):
    with (ROOT / "normalized" / "claims.csv").open(encoding="utf-8") as fh:
        claim = next(c for c in csv.DictReader(fh) if c["n_sources"] == "2")
    assert audit(ROOT / "sources", ROOT / "normalized", [claim["claim_id"]]) == 0
    shown = capsys.readouterr().out
    assert claim["claim_id"] in shown and shown.count("[[") == int(claim["n_mentions"])
    assert audit(ROOT / "sources", ROOT / "normalized", ["c-nope"]) == 1
