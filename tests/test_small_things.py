"""Small things a user trips on (#21 item 5): --version, --json summaries, sizes for --max-bytes, `make batch`
with spaces in paths, one meaning for "skipped", `extract batch` with no path, `parse --context`, and a
language there is no pack for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import extract
from extract.cli import main, size
from extract.packs import UnknownLanguage
from extract.tables import read_table

from .conftest import ROOT

SEEDS = sorted((ROOT / "sources").iterdir())


@pytest.fixture
def ws(tmp_path):
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    for p in SEEDS[:3]:
        shutil.copy(p, sources / p.name)
    return sources, out


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_version_of_the_package_and_the_command(capsys):
    assert extract.__version__ == version("extract")
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and out.startswith(f"extract {extract.__version__} (rules ")


def test_run_batch_and_audit_summaries_as_json(ws, tmp_path, capsys):
    sources, out = ws
    assert main(["run", "--sources", str(sources), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert summary["command"] == "run" and summary["exit_status"] == 0 and summary["errors"] == []
    assert {k: summary[k] for k in ("documents", "mentions", "claims")} == \
        {k: manifest["counts"][k] for k in ("documents", "mentions", "claims")}

    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "note.txt").write_text("Lambda raised USD 480 million in February 2025.", encoding="utf-8")
    (tmp_path / "new" / "empty.txt").write_text("", encoding="utf-8")
    status = main(["batch", str(tmp_path / "new"), "--sources", str(sources), "--out", str(out), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert status == summary["exit_status"] == 3
    assert summary["added"] == ["note.txt"] and summary["unchanged"] == sorted(p.name for p in SEEDS[:3])
    assert summary["changed"] == summary["removed"] == [] and summary["redone"] is False
    assert [e["path"] for e in summary["errors"]] == [str(tmp_path / "new" / "empty.txt")]

    assert main(["audit", "--sources", str(sources), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["problems"] == [] and summary["mentions_checked"] == summary["ok"] > 0
    edited = sources / SEEDS[2].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("7.82", "7.92"), encoding="utf-8")
    assert main(["audit", "--sources", str(sources), "--out", str(out), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    gone = [p for p in summary["problems"] if p["kind"] == "gone"]
    assert gone and gone[0]["source"] == SEEDS[2].name and gone[0]["text"].startswith("USD 7.82")
    assert summary["exit_status"] == 1 and summary["ok"] == summary["mentions_checked"] - len(summary["problems"])

    claim = next(c["claim_id"] for c in read_table(out / "claims.csv") if SEEDS[2].name not in c["sources"])
    assert main(["audit", claim, "--sources", str(sources), "--out", str(out), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["claims"][0]["claim_id"] == claim
    assert all(m["verified"] for m in shown["claims"][0]["mentions"]) and shown["claims"][0]["mentions"]


@pytest.mark.parametrize(("given", "bytes_"), [("100MB", 100_000_000), ("2GB", 2_000_000_000), ("1.5 MB", 1_500_000),
                                                ("512KiB", 524_288), ("2gib", 2 * 1024**3), ("1000", 1000),
                                                ("64k", 64_000)])
def test_max_bytes_takes_sizes(given, bytes_):
    assert size(given) == bytes_


def test_max_bytes_refuses_what_is_not_a_size(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["run", "--max-bytes", "ten megabytes"])
    assert stop.value.code == 2 and "not a size" in capsys.readouterr().err


def test_a_size_limit_skips_larger_files(ws, capsys):
    sources, out = ws
    assert main(["run", "--sources", str(sources), "--out", str(out), "--max-bytes", "5KB"]) == 3
    skipped = {e["path"]: e["reason"] for e in read_table(out / "errors.csv")}
    assert skipped and all("over the 0.005 MB limit" in r for r in skipped.values())
    assert all((sources / p).stat().st_size > 5000 for p in skipped)


def test_skipped_means_unreadable_and_unchanged_sources_are_unchanged(ws):
    sources, out = ws
    cli("run", "--sources", sources, "--out", out)
    (sources.parent / "empty.txt").write_text("", encoding="utf-8")
    again = cli("batch", SEEDS[0], sources.parent / "empty.txt", "--sources", sources, "--out", out)
    assert again.returncode == 3
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in again.stderr
    # "skipped" is said of the file that could not be read, and counted as one, nowhere else.
    lines = [line for line in again.stderr.splitlines() if "skipped" in line]
    assert len(lines) == 2 and "skipped" in lines[0] and "empty.txt: file is empty" in lines[0]
    assert ", 1 skipped -> " in lines[1]


def test_batch_without_a_path_resyncs_the_sources_folder(ws, tmp_path):
    sources, out = ws
    cli("run", "--sources", sources, "--out", out)
    edited = sources / SEEDS[2].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("7.82", "7.92"), encoding="utf-8")
    (sources / SEEDS[0].name).unlink()
    shutil.copy(SEEDS[3], sources / SEEDS[3].name)
    result = cli("batch", "--sources", sources, "--out", out)
    assert result.returncode == 0, result.stderr
    assert f"extract batch: added {SEEDS[3].name}" in result.stderr
    assert f"extract batch: changed {SEEDS[2].name}" in result.stderr
    assert f"extract batch: removed {SEEDS[0].name}" in result.stderr
    fresh = tmp_path / "fresh"
    cli("run", "--sources", sources, "--out", fresh)
    for name in ("mentions.csv", "claims.csv", "claims.parquet"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert "7920000000.0" in (out / "claims.csv").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_make_batch_takes_paths_with_spaces(ws, tmp_path):
    sources, out = ws
    cli("run", "--sources", sources, "--out", out)
    folder = tmp_path / "my notes"
    folder.mkdir()
    (folder / "new article.md").write_text("Lambda raised USD 480 million in February 2025.\n", encoding="utf-8")
    (folder / "second one.txt").write_text("CoreWeave runs more than 45,000 GPUs.\n", encoding="utf-8")
    (folder / "it's.txt").write_text("Together AI raised USD 305 million.\n", encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}

    def make(new: str) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "-s", "-C", str(ROOT), "-o", ".venv/.installed", f"BIN={bin_dir}", "batch",
                               f"NEW={new}", f"SOURCES={sources}", f"OUT={out}"], capture_output=True, text=True,
                              env=env, timeout=300)

    one = make(str(folder / "new article.md"))  # one path, as it is
    assert one.returncode == 0, one.stderr
    assert "added new article.md" in one.stderr
    several = make(f'"{folder / "second one.txt"}" "{folder}/it\'s.txt"')  # several, quoted as in a shell
    assert several.returncode == 0, several.stderr
    assert "added second one.txt" in several.stderr and "added it's.txt" in several.stderr
    resync = make("")  # none: the sources folder as it is now
    assert resync.returncode == 0 and "0 added, 0 changed, 6 unchanged" in resync.stderr


def test_parse_context_prints_the_language_and_each_figures_context(capsys):
    text = "Selon Synergy, AWS détenait environ 31 % du marché mondial du cloud en 2024."
    assert main(["parse", "--context", text]) == 0
    captured = capsys.readouterr()
    [figure] = [json.loads(line) for line in captured.out.splitlines()]
    assert "language fr" in captured.err
    assert (figure["text"], figure["lang"], figure["metric"], figure["subject"], figure["period"]) == \
        ("31 %", "fr", "market_share", "AWS", "2024")
    assert figure["qualifier"] == "approx" and figure["sentence"].startswith("Selon Synergy")


def test_parse_context_over_jsonl_answers_with_the_language():
    request = json.dumps({"id": 7, "text": "约佔市場的29-31%，AWS在2025年領先。"}, ensure_ascii=False)
    result = subprocess.run([sys.executable, "-m", "extract", "parse", "--jsonl", "--context"], input=request + "\n",
                            capture_output=True, text=True, timeout=120)
    answer = json.loads(result.stdout)
    assert result.returncode == 0 and answer["id"] == 7 and answer["lang"].startswith("zh")
    assert [(m["value_low"], m["value_high"], m["unit"]) for m in answer["mentions"]] == [(29, 31, "%")]
    assert "metric" in answer["mentions"][0] and "period" in answer["mentions"][0]


def test_a_language_without_a_pack_is_an_error(capsys):
    for extra in ([], ["--context"], ["--explain"]):
        assert main(["parse", *extra, "--lang", "xx", "3 %"]) == 2
        captured = capsys.readouterr()
        assert "no language pack for 'xx'" in captured.err and "known: en, fr, zh" in captured.err
        assert captured.out == ""
    assert main(["parse", "--lang", "fr-FR", "plus de 45 000 GPU"]) == 0  # a regional code of a pack's language
    assert json.loads(capsys.readouterr().out.splitlines()[0])["value_low"] == 45000
    with pytest.raises(UnknownLanguage, match="no language pack"):
        extract.parse("3 %", "de")
    request = json.dumps({"id": "a", "lang": "de", "text": "3 %"})
    result = subprocess.run([sys.executable, "-m", "extract", "parse", "--jsonl"], input=request + "\n",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3 and "no language pack for 'de'" in json.loads(result.stdout)["error"]
