"""Nothing lost, nothing silent (issue #20): the mistakes users make with a dataset, each done as the user
does it (a table sorted with the csv module, two real processes on one folder, SIGINT to a real run with
workers, a file name in Latin-1 on disk, a folder of mode 000 read by a user who cannot read it), and one
test that plays every situation and checks what the README promises after each."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from functools import cache
from pathlib import Path

import pytest

from extract import lock
from extract.lock import LOCK
from extract.pipeline import batch, run

from . import mistakes as m
from .mistakes import (
    AUDIT_FAILED,
    BROKEN_PIPE,
    INTERRUPTED,
    OK,
    SEEDS,
    SKIPPED,
    TABLES,
    USAGE,
    Workspace,
    data_of,
    leftovers,
    problem_lines,
    rows,
    snapshot,
)


@pytest.fixture
def ws():
    workspace = Workspace()
    yield workspace
    workspace.close()


@cache
def unprivileged() -> str | None:
    """Why a situation cannot be played by a user who cannot read a mode-000 folder, or None when it can:
    as root, by dropping to uid 65534 in the child; as anyone else, as oneself."""
    if os.geteuid() != 0:
        return None
    cmd, preexec = m.as_user([sys.executable, "-c", "import extract.cli"], nobody=True)
    try:
        subprocess.run(cmd, preexec_fn=preexec, check=True, capture_output=True, timeout=60)
    except (subprocess.SubprocessError, OSError) as exc:
        return f"this root cannot run the package as uid {m.NOBODY} ({exc}): a mode-000 folder stays readable"
    return None


def needs_unprivileged() -> None:
    reason = unprivileged()
    if reason:
        pytest.skip(reason)


def summary_mentions(stderr: str) -> int:
    line = next(x for x in stderr.splitlines() if x.startswith("extract: ") and " documents, " in x)
    return int(line.split(" documents, ")[1].split()[0])


def fresh_run(ws: Workspace, name: str = "reference") -> dict[str, bytes]:
    out = ws.root / name
    run(ws.sources, out, allow_empty=True)
    return snapshot(out)


def rewrite(path: Path, change) -> None:
    table = rows(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(change(table))


def _edit_value(table: list[dict]) -> list[dict]:
    row = next(r for r in table if r["value_low"] == "29.0")
    row["value_low"] = "99.0"
    return table


EDITS = {
    "sorted by subject": lambda table: sorted(table, key=lambda r: r["subject"]),
    "replaced by a shorter table": lambda table: table[:24],
    "one value edited, 29 to 99": _edit_value,
}


# 1. A table changed since the manifest was written ---------------------------------------------------------


@pytest.mark.parametrize("edit", EDITS)
def test_batch_rebuilds_a_table_it_cannot_trust(ws, edit):
    rewrite(ws.out / "mentions.csv", EDITS[edit])
    if edit == "sorted by subject":  # the audit says so too (the same check, whatever the edit)
        audit = ws.cli("audit", "--sources", ws.sources, "--out", ws.out)
        assert audit.returncode == AUDIT_FAILED and "PROBLEM table    mentions.csv" in audit.stdout
    result = ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == OK, result.stderr
    assert "mentions.csv" in result.stderr and "not trusted" in result.stderr
    assert summary_mentions(result.stderr) == len(rows(ws.out / "mentions.csv"))  # never more than written
    assert snapshot(ws.out) == fresh_run(ws)
    assert "99.0" not in {c["value_low"] for c in rows(ws.out / "claims.csv")}
    if edit == "sorted by subject":  # trusted again: the next batch reuses the tables, the audit passes
        again = ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.out)
        assert "0 added, 0 changed, 5 unchanged, 0 removed" in again.stderr
        assert ws.cli("audit", "--sources", ws.sources, "--out", ws.out).returncode == OK


def test_the_sorted_table_situation_reports_the_rebuild_once(ws):
    outcome = m.sort_the_table(ws)
    assert problem_lines(outcome.result.stderr) == [
        f"extract batch: mentions.csv in {ws.out} changed since the last run (sha256 not the manifest's): "
        "not trusted; redoing every source"]
    assert "5 added" not in outcome.result.stderr and "2 added, 0 changed, 3 unchanged (read again)" in \
        outcome.result.stderr


def test_audit_fails_on_a_source_the_tables_do_not_hold(ws):
    (ws.sources / SEEDS[4].name).write_bytes(SEEDS[4].read_bytes())  # copied in by hand, never run
    result = ws.cli("audit", "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == AUDIT_FAILED
    assert [x for x in result.stdout.splitlines() if x.startswith("PROBLEM")] == [
        f"PROBLEM new      {SEEDS[4].name}: is in the sources folder but not in the tables; run `extract batch` "
        "or `extract run`"]


# 2. Same-named files -----------------------------------------------------------------------------------------


def test_same_named_files_from_two_folders_both_land(ws):
    outcome = m.same_names(ws)
    assert outcome.result.returncode == OK, outcome.result.stderr
    a, b = ws.root / "a" / "report.txt", ws.root / "b" / "report.txt"
    assert problem_lines(outcome.result.stderr) == [
        f"extract batch: {b} has the same name as {a}: imported as b/report.txt"]
    assert (ws.sources / "report.txt").read_bytes() == a.read_bytes()
    assert (ws.sources / "b" / "report.txt").read_bytes() == b.read_bytes()
    units = {(r["source"], r["unit"]) for r in rows(ws.out / "mentions.csv")}
    assert {("report.txt", "%"), ("b/report.txt", "USD")} <= units
    before = snapshot(ws.out)
    again = ws.cli("batch", a, b, "--sources", ws.sources, "--out", ws.out)
    assert "0 added, 0 changed" in again.stderr and snapshot(ws.out) == before


def test_same_named_files_in_two_given_folders(tmp_path):
    sources, out = tmp_path / "sources", tmp_path / "out"
    for folder, text in (("x", "AWS grew 12% in 2024.\n"), ("y", "Azure grew 9% in 2024.\n"),
                         ("z", "AWS grew 12% in 2024.\n")):
        (tmp_path / folder / "sub").mkdir(parents=True)
        (tmp_path / folder / "sub" / "note.txt").write_text(text, encoding="utf-8")
    said = []
    report = batch([tmp_path / "x", tmp_path / "y", tmp_path / "z"], sources, out, log=_Lines(said))
    assert sorted(report.added) == ["sub/note.txt", "y/sub/note.txt"]  # z's is the same bytes as x's
    assert any("same name as" in x and "y/sub/note.txt" in x for x in said)
    assert any("same name and bytes" in x for x in said)


class _Lines:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def write(self, text: str) -> None:
        self.lines += [x for x in text.splitlines() if x]

    def flush(self) -> None:
        pass


# 3. A file name that is not UTF-8 ----------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_an_error_row(ws):
    seeds_only = rows(ws.out / "mentions.csv")
    outcome = m.name_not_utf8(ws)
    assert outcome.result.returncode == SKIPPED
    assert [(r["path"], r["reason"]) for r in rows(ws.out / "errors.csv")] == [
        ("caf\\xe9.txt", "file name is not valid UTF-8")]
    assert problem_lines(outcome.result.stderr) == ["extract: skipped caf\\xe9.txt: file name is not valid UTF-8"]
    assert rows(ws.out / "mentions.csv") == seeds_only and not leftovers(ws.out)
    # Later batches go on, reporting it again (it is still there), never crashing on it.
    later = ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.out)
    assert later.returncode == SKIPPED and "Traceback" not in later.stderr and "2 added" in later.stderr


def test_a_batch_does_not_import_a_file_whose_name_is_not_utf8(ws):
    with open(os.fsencode(ws.new) + b"/" + m.BAD_NAME, "wb") as fh:
        fh.write(b"Revenue reached USD 5 billion in 2024.\n")
    result = ws.cli("batch", os.fsdecode(os.fsencode(ws.new) + b"/" + m.BAD_NAME), "--sources", ws.sources,
                    "--out", ws.out)
    assert result.returncode == SKIPPED and "Traceback" not in result.stderr
    assert rows(ws.out / "errors.csv")[0]["path"].endswith("caf\\xe9.txt")
    assert m.BAD_NAME not in os.listdir(os.fsencode(ws.sources))


# 4. The umask ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640)], ids=["022", "027"])
def test_tables_are_written_with_the_umask(ws, umask, mode):
    result = ws.cli("run", "--sources", ws.sources, "--out", ws.out, umask=umask)
    assert result.returncode == OK
    assert {name: (ws.out / name).stat().st_mode & 0o777 for name in TABLES} == {name: mode for name in TABLES}


# 5. Unreadable subfolders and linked folders -------------------------------------------------------------------


def test_an_unreadable_subfolder_is_an_error_row(ws):
    needs_unprivileged()
    outcome = m.unreadable_folder(ws)
    assert outcome.result.returncode == SKIPPED, outcome.result.stderr
    assert [(r["path"], r["reason"]) for r in rows(ws.out / "errors.csv")] == [
        ("locked/", "folder cannot be read: permission denied")]
    assert problem_lines(outcome.result.stderr) == [
        "extract: skipped locked/: folder cannot be read: permission denied"]
    sources = {r["source"] for r in rows(ws.out / "mentions.csv")}
    assert sources == {s.name for s in SEEDS[:3]} | {f"linked/{s.name}" for s in SEEDS[3:]}  # the loop read no more


def test_linked_folders_are_read_once_without_loops(tmp_path):
    sources = tmp_path / "sources"
    (sources / "real").mkdir(parents=True)
    (sources / "real" / "a.txt").write_text("AWS grew 12% in 2024.\n", encoding="utf-8")
    (sources / "0-link").symlink_to(sources / "real", target_is_directory=True)  # sorts before the real one
    (sources / "real" / "up").symlink_to(sources, target_is_directory=True)  # a loop
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.txt").write_text("Azure grew 9% in 2024.\n", encoding="utf-8")
    (sources / "ext").symlink_to(tmp_path / "outside", target_is_directory=True)
    report = run(sources, tmp_path / "out")
    assert report.exit_status == OK and not report.errors
    assert sorted({r["source"] for r in rows(tmp_path / "out" / "mentions.csv")}) == ["ext/b.txt", "real/a.txt"]


# 6. The output folder inside the sources -----------------------------------------------------------------------


def test_an_output_folder_inside_the_sources_is_refused(ws):
    outcome = m.out_inside_sources(ws)
    assert outcome.result.returncode == USAGE
    assert problem_lines(outcome.result.stderr) == [
        f"extract: the output folder {ws.sources / 'normalized'} is inside the sources folder {ws.sources}: the next "
        "run would read its tables as sources; give an --out outside it"]
    assert snapshot(ws.sources / "normalized") == outcome.previous
    result = ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.sources / "tables")
    assert result.returncode == USAGE and not (ws.sources / "tables").exists()
    result = ws.cli("batch", ws.root, "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == USAGE and "holds the sources folder" in result.stderr
    result = ws.cli("batch", ws.out / "mentions.csv", "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == USAGE and "tables are not articles" in result.stderr
    assert snapshot(ws.out) == ws.previous and sorted(p.name for p in ws.sources.iterdir()) == sorted([
        "normalized", *(s.name for s in SEEDS[:3])])


# 7. An empty or mistyped --sources -----------------------------------------------------------------------------


def test_an_empty_sources_folder_keeps_the_tables(ws):
    outcome = m.empty_sources(ws)
    empty = ws.root / "empty"
    assert outcome.result.returncode == USAGE
    [line] = problem_lines(outcome.result.stderr)
    assert str(empty) in line and str(ws.out) in line and "--allow-empty" in line
    assert snapshot(ws.out) == ws.previous and not leftovers(ws.out)
    allowed = ws.cli("run", "--sources", empty, "--out", ws.out, "--allow-empty")
    assert allowed.returncode == OK and rows(ws.out / "mentions.csv") == []


def test_a_mistyped_sources_folder_keeps_the_tables(ws):
    result = ws.cli("run", "--sources", ws.root / "sourcse", "--out", ws.out)
    assert result.returncode == USAGE and "sources folder not found" in result.stderr
    result = ws.cli("batch", ws.new, "--sources", ws.root / "sourcse", "--out", ws.out)
    assert result.returncode == USAGE and "sources folder not found" in result.stderr
    assert not (ws.root / "sourcse").exists() and snapshot(ws.out) == ws.previous


def test_a_batch_that_would_empty_the_tables_is_refused(ws):
    for path in ws.sources.iterdir():
        path.unlink()
    result = ws.cli("batch", ws.root / "new" / SEEDS[3].name, "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == OK  # not empty: one source left
    (ws.sources / SEEDS[3].name).unlink()
    before = snapshot(ws.out)
    nothing = ws.root / "nothing"
    nothing.mkdir()
    result = ws.cli("batch", nothing, "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == USAGE and "--allow-empty" in result.stderr and snapshot(ws.out) == before


# 8. Two runs on one output folder -----------------------------------------------------------------------------


def test_a_second_run_on_a_locked_folder_says_who_holds_it(ws):
    first = m.stop_at(ws, f"processed:{SEEDS[0].name}", "run", "--sources", ws.sources, "--out", ws.out, "-j", "2")
    try:
        holder = json.loads((ws.out / LOCK).read_text(encoding="utf-8"))
        second = ws.cli("run", "--sources", ws.sources, "--out", ws.out)
        audit = ws.cli("audit", "--sources", ws.sources, "--out", ws.out)
    finally:
        os.kill(first.pid, signal.SIGCONT)
        _, err = first.communicate(timeout=120)
    assert holder["pid"] == first.pid and holder["command"] == "extract run"
    assert second.returncode == USAGE and audit.returncode == USAGE
    [line] = problem_lines(second.stderr)
    assert f"in use by pid {first.pid} (extract run" in line and str(ws.out) in line
    assert first.returncode == OK, err
    assert snapshot(ws.out) == fresh_run(ws) and not leftovers(ws.out)


def test_two_runs_started_together_never_break_each_other(ws):
    cmd = [sys.executable, "-m", "extract", "run", "--sources", str(ws.sources), "--out", str(ws.out), "-j", "1"]
    for _ in range(2):
        procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        done = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        assert all(status in (OK, USAGE) and "Traceback" not in err for status, err in done), done
        assert OK in [status for status, _ in done]
    assert snapshot(ws.out) == fresh_run(ws) and not leftovers(ws.out)


def test_a_file_system_without_locks_is_said_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock.fcntl, "flock", no_locks)
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.txt").write_text("AWS grew 12% in 2024.\n", encoding="utf-8")
    assert run(tmp_path / "s", tmp_path / "o").exit_status == OK
    assert "cannot lock the output folder" in capsys.readouterr().err and not leftovers(tmp_path / "o")


def test_a_stale_lock_is_taken_over(ws):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (ws.out / LOCK).write_text(json.dumps({"pid": int(gone.stdout), "host": "here", "command": "extract run",
                                           "started": "then"}), encoding="utf-8")
    result = ws.cli("run", "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == OK and not leftovers(ws.out)


# 9. Ctrl-C ------------------------------------------------------------------------------------------------------


def gone(group: int, wait: float = 10.0) -> bool:
    """Whether every process of the group has ended (workers included)."""
    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("point", [f"processed:{SEEDS[0].name}", "written:claims.parquet"])
def test_ctrl_c_stops_the_run_and_its_workers_and_keeps_the_tables(ws, point):
    outcome = m.ctrl_c(ws, point)
    assert outcome.result.returncode == INTERRUPTED
    assert outcome.result.stderr == "extract: interrupted; the previous tables are intact\n"
    assert gone(outcome.group)
    assert snapshot(ws.out) == ws.previous and not leftovers(ws.out)


def test_ctrl_c_during_the_commit_lets_it_finish(ws):
    outcome = m.ctrl_c(ws, "journal")
    assert outcome.result.returncode == INTERRUPTED
    assert outcome.result.stderr == "extract: interrupted; the new tables had already been committed\n"
    assert gone(outcome.group) and snapshot(ws.out) == fresh_run(ws) and not leftovers(ws.out)


def test_sigint_to_the_run_alone_stops_its_workers(ws):
    proc = m.stop_at(ws, f"processed:{SEEDS[0].name}", "run", "--sources", ws.sources, "--out", ws.out, "-j", "2")
    os.kill(proc.pid, signal.SIGINT)
    os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == INTERRUPTED and err == "extract: interrupted; the previous tables are intact\n"
    assert gone(proc.pid) and snapshot(ws.out) == ws.previous and not leftovers(ws.out)


# 10. Exit statuses the README promises ---------------------------------------------------------------------------


def test_an_unreadable_file_given_to_batch_is_an_error_row(ws):
    needs_unprivileged()
    outcome = m.unreadable_file_to_batch(ws)
    assert outcome.result.returncode == SKIPPED, outcome.result.stderr
    [row] = rows(ws.out / "errors.csv")
    assert row["path"] == str(ws.new / "locked.txt") and row["reason"] == "permission denied; not imported"
    assert problem_lines(outcome.result.stderr) == [f"extract: skipped {row['path']}: {row['reason']}"]
    assert not (ws.sources / "locked.txt").exists()


def test_an_unreachable_scheduler_is_one_line_naming_it(ws):
    pytest.importorskip("distributed")
    outcome = m.unreachable_scheduler(ws)
    assert outcome.result.returncode == USAGE
    [line] = outcome.result.stderr.splitlines()
    assert line.startswith("extract: cannot reach the Dask scheduler at tcp://127.0.0.1:") and "within 1 s" in line
    assert snapshot(ws.out) == ws.previous


def test_options_of_the_dask_engine_without_it_are_refused(ws):
    outcome = m.scheduler_without_dask(ws)
    assert outcome.result.returncode == USAGE
    assert outcome.result.stderr == "extract: --scheduler applies only to --engine dask\n"
    result = ws.cli("run", "--engine", "dask", "--timeout", "3", "--sources", ws.sources, "--out", ws.out)
    assert result.returncode == USAGE and "--timeout applies to --scheduler" in result.stderr


def test_audit_into_head_ends_quietly(ws):
    outcome = m.audit_into_head(ws)
    assert outcome.result.returncode == BROKEN_PIPE and outcome.result.stderr == ""


# 11. audit CLAIM_ID reads the source ----------------------------------------------------------------------------


def test_audit_of_a_claim_marks_the_quote_at_its_offsets_and_checks_the_source(ws):
    (ws.sources / "growth.txt").write_text(m.GROWTH, encoding="utf-8")
    run(ws.sources, ws.out)
    later, earlier = m.claim_of(ws.out, "growth.txt", "2024"), m.claim_of(ws.out, "growth.txt", "2023")
    shown = ws.cli("audit", "--sources", ws.sources, "--out", ws.out, earlier)
    assert shown.returncode == OK and "verified" in shown.stdout
    assert "AWS revenue grew 24 % in 2024 after [[24 %]] in 2023." in shown.stdout  # the second one, not the first
    shown = ws.cli("audit", "--sources", ws.sources, "--out", ws.out, later)
    assert "AWS revenue grew [[24 %]] in 2024 after 24 % in 2023." in shown.stdout


def test_audit_of_a_claim_fails_when_its_source_changed(ws):
    outcome = m.audit_a_changed_claim(ws)
    assert outcome.result.returncode == AUDIT_FAILED
    assert "does not hold" in outcome.result.stdout
    assert [x.split()[1] for x in outcome.result.stdout.splitlines() if "PROBLEM" in x] == ["gone"]
    other = ws.cli("audit", "--sources", ws.sources, "--out", ws.out, m.claim_of(ws.out, "growth.txt", "2024"))
    assert other.returncode == AUDIT_FAILED and "PROBLEM changed" in other.stdout  # in place, but not the same file
    (ws.sources / "growth.txt").unlink()
    other = ws.cli("audit", "--sources", ws.sources, "--out", ws.out, m.claim_of(ws.out, "growth.txt", "2024"))
    assert other.returncode == AUDIT_FAILED and "PROBLEM missing" in other.stdout


# 12. parse --jsonl -----------------------------------------------------------------------------------------------


def test_parse_jsonl_answers_every_line_and_fails_at_the_end(ws):
    outcome = m.parse_bad_lines(ws)
    assert outcome.result.returncode == SKIPPED
    answers = [json.loads(x) for x in outcome.result.stdout.splitlines()]
    assert [(a["id"], "error" in a) for a in answers] == [("a", False), (None, True), ("c", True), (None, True),
                                                           ("e", False)]
    assert answers[0]["mentions"] and answers[4]["mentions"][0]["item"] == "GPU"
    assert answers[2]["error"] == 'line 3: "text" is missing or not a string'
    assert problem_lines(outcome.result.stderr) == ["extract parse: 3 bad request line(s), each answered with an error"]


# 13. A batch imports only what it can read -------------------------------------------------------------------------


def test_a_batch_does_not_import_files_it_cannot_read(ws):
    outcome = m.batch_bad_files(ws)
    assert outcome.result.returncode == SKIPPED
    assert {Path(r["path"]).name for r in rows(ws.out / "errors.csv")} == {"empty.md", "scan.pdf"}
    assert not (ws.sources / "empty.md").exists() and not (ws.sources / "scan.pdf").exists()
    before = snapshot(ws.out)
    again = ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.out)
    assert again.returncode == SKIPPED and snapshot(ws.out) == before  # the same batch twice changes nothing
    (ws.root / "later").mkdir()
    (ws.root / "later" / "note.txt").write_text("Lambda grew 30% in 2024.\n", encoding="utf-8")
    later = ws.cli("batch", ws.root / "later", "--sources", ws.sources, "--out", ws.out)
    assert later.returncode == OK and problem_lines(later.stderr) == [] and "1 added" in later.stderr


# 14. audit with a mistyped --sources -------------------------------------------------------------------------------


def test_audit_with_a_mistyped_sources_says_so_once(ws):
    outcome = m.audit_mistyped_sources(ws)
    assert outcome.result.returncode == USAGE and outcome.result.stdout == ""
    assert outcome.result.stderr == f"extract audit: sources folder not found: {ws.root / 'sourcse'}\n"


# Every situation, and what the README promises after each -----------------------------------------------------------


def test_every_mistake_ends_as_the_readme_says():
    """After each situation: the exit status the README states; one errors row or one line per problem
    (stderr; stdout for the audit's and parse's own reports); and tables that are either the previous
    ones, untouched, or those of a fresh `extract run` over the same sources, readable by all (umask 022),
    with no file left behind."""
    failures = []
    for situation in m.SITUATIONS:
        if situation in (m.unreadable_folder, m.unreadable_file_to_batch) and unprivileged():
            warnings.warn(f"{situation.__name__} not played: {unprivileged()}", stacklevel=1)
            continue
        workspace = Workspace()
        try:
            problems = _check(workspace, situation(workspace))
        except Exception as exc:  # one situation's failure must not hide the others'
            problems = [f"{type(exc).__name__}: {exc}"]
        finally:
            workspace.close()
        failures += [f"{situation.__name__}: {p}" for p in problems]
    assert not failures, "\n".join(failures)


def _check(ws: Workspace, outcome: m.Outcome) -> list[str]:
    r, out, bad = outcome.result, outcome.out or ws.out, []
    if "Traceback" in r.stderr:
        bad.append(f"traceback: {r.stderr[-500:]}")
    if r.returncode != outcome.status:
        bad.append(f"exit status {r.returncode}, the README says {outcome.status}: {r.stderr[-500:]}")
    lines = problem_lines(r.stderr)
    if len(lines) != outcome.problems:
        bad.append(f"{len(lines)} problem lines on stderr, expected {outcome.problems}: {lines}")
    reported = [x for x in r.stdout.splitlines() if "PROBLEM" in x or x.startswith('{"id"') and '"error"' in x]
    if len(reported) != outcome.stdout_problems:
        bad.append(f"{len(reported)} problems reported on stdout, expected {outcome.stdout_problems}")
    if outcome.tables == "previous":
        if snapshot(out) != (outcome.previous or ws.previous):
            bad.append("the previous tables were changed")
    else:
        errors = rows(out / "errors.csv")
        if len(errors) != outcome.error_rows:
            bad.append(f"{len(errors)} errors rows, expected {outcome.error_rows}")
        bad += [f"errors row {e['path']} has no line on stderr" for e in errors
                if not any(e["path"] in x for x in lines)]
        fresh = ws.fresh(outcome.sources, outcome.as_nobody) if outcome.as_nobody else _fresh(ws, outcome.sources)
        if data_of(out) != data_of(fresh):
            bad.append("the tables are not those of a fresh run over the same sources")
        if not all(e in errors for e in rows(fresh / "errors.csv")):
            bad.append("the errors of a fresh run are not all in errors.csv")
    if leftovers(out):
        bad.append(f"left in {out}: {leftovers(out)}")
    modes = {name: oct((out / name).stat().st_mode & 0o777) for name in TABLES if (out / name).exists()}
    if set(modes.values()) != {"0o644"}:  # every command here runs under umask 022
        bad.append(f"tables not readable by all: {modes}")
    return bad


def _fresh(ws: Workspace, sources: Path) -> Path:
    out = ws.root / "fresh"
    run(sources, out, log=_Lines([]), allow_empty=True)
    return out
