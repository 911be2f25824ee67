"""The mistakes users make with a dataset (issue #20), each done as the user does it, on a real command line.

A `Workspace` is a dataset as a user has one: three seeds already run into `out`, two waiting in `new/`.
It lives in a folder every user may enter, so that a situation may be played by an unprivileged user
(a folder of mode 000 is no obstacle to root). Each situation does one mistake and returns an `Outcome`:
what the command did, and what the README says it must have done: its exit status, how many problems
it must report, and whether the tables must be the previous ones or those of a fresh run.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extract.pipeline import run

from .conftest import ROOT

SEEDS = sorted((ROOT / "sources").iterdir())
TABLES = ["mentions.csv", "claims.csv", "errors.csv", "mentions.parquet", "claims.parquet", "manifest.json"]
DATA = ["mentions.csv", "claims.csv", "mentions.parquet", "claims.parquet"]

# Exit statuses, as the README's "Exit status" section states them.
OK, AUDIT_FAILED, USAGE, SKIPPED, INTERRUPTED, BROKEN_PIPE = 0, 1, 2, 3, 130, 141
NOBODY = 65534  # the unprivileged user a root test runs as, where a folder must be unreadable

# Lines of stderr that report what was done, not a problem: the summary, the batch's lists, progress.
INFO = re.compile(r"extract(?: batch)?: (?:\d+ documents, |\d+/\d+ documents|\d+ added, |(?:added|changed|removed) )")


def problem_lines(stderr: str) -> list[str]:
    """The lines of stderr that report a problem."""
    return [x for x in stderr.splitlines() if x.strip() and not INFO.match(x)]


def _drop_privileges() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def as_user(cmd: list[str], nobody: bool) -> tuple[list[str], object]:
    """(command, preexec_fn) that run `cmd` as the unprivileged user where asked and this is root. setpriv
    where there is one: it drops root's rights at the exec, so that an interpreter installed where only
    root may look (/root/.pyenv) still starts."""
    if not nobody or os.geteuid() != 0:
        return cmd, None
    setpriv = shutil.which("setpriv")
    if setpriv:
        return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd], None
    return cmd, _drop_privileges


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class Workspace:
    """A dataset as a user has one, in a folder any user may write to."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="extract-mistakes-"))
        self.sources, self.new, self.out = self.root / "sources", self.root / "new", self.root / "out"
        self.sources.mkdir()
        self.new.mkdir()
        for i, path in enumerate(SEEDS):
            shutil.copy(path, (self.sources if i < 3 else self.new) / path.name)
        umask = os.umask(0o022)  # as every command here runs
        try:
            run(self.sources, self.out)
        finally:
            os.umask(umask)
        self.open_to_all()
        self.previous = snapshot(self.out)

    def open_to_all(self) -> None:
        """Every folder writable by every user, so that a situation played by another user can write."""
        for folder in [self.root, *(p for p in self.root.rglob("*") if p.is_dir() and not p.is_symlink())]:
            folder.chmod(0o777)

    def cli(self, *args, as_nobody: bool = False, env: dict | None = None, input: str | None = None,
            umask: int = 0o022, timeout: float = 300) -> Result:
        """`extract ARGS` in a process of its own, as the user would type it."""
        cmd, preexec = as_user([sys.executable, "-m", "extract", *map(os.fsdecode, args)], as_nobody)
        proc = subprocess.run(cmd, capture_output=True, encoding="utf-8", errors="backslashreplace", input=input,
                              umask=umask, env={**os.environ, **(env or {})}, timeout=timeout, preexec_fn=preexec)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def fresh(self, sources: Path, as_nobody: bool = False) -> Path:
        """The tables of a fresh `extract run` over `sources`, by the same user as the situation."""
        out = self.root / f"fresh-{len(list(self.root.glob('fresh-*')))}"
        self.cli("run", "--sources", sources, "--out", out, "--allow-empty", as_nobody=as_nobody)
        return out

    def close(self) -> None:
        for folder in self.root.rglob("*"):
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o777)
        shutil.rmtree(self.root, ignore_errors=True)


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES if (out / name).exists()}


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def data_of(out: Path) -> dict:
    """What a fresh run must reproduce: the data tables' bytes and the manifest's sources."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {**{name: (out / name).read_bytes() for name in DATA}, "sources": manifest["sources"]}


def leftovers(out: Path) -> list[str]:
    """Hidden files in the output folder: temporary files, a journal, a lock that was not released."""
    return sorted(p.name for p in out.glob(".*")) if out.is_dir() else []


@dataclass
class Outcome:
    """What a mistake gave (`result`) and what it must give: the exit status, the problems reported (lines
    of stderr; for the audit and parse, lines of stdout), the rows of errors.csv, and the tables:
    "previous" (untouched) or "fresh" (those of a fresh run over `sources`)."""

    result: Result
    status: int
    problems: int
    tables: str
    sources: Path | None = None
    error_rows: int = 0
    stdout_problems: int = 0
    as_nobody: bool = False
    out: Path | None = None  # the output folder the mistake was made on, where not the workspace's
    previous: dict[str, bytes] | None = None  # its tables before, where not the workspace's
    group: int | None = None  # the process group of a run that was interrupted


# --- the situations of issue #20, one function each -------------------------------------------------------


def sort_the_table(ws: Workspace) -> Outcome:
    """1. The mentions table sorted by subject in a spreadsheet (the csv module here), then a batch."""
    path = ws.out / "mentions.csv"
    table = rows(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(table, key=lambda r: r["subject"]))
    result = ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.out)
    return Outcome(result, OK, 1, "fresh", ws.sources)


def same_names(ws: Workspace) -> Outcome:
    """2. Two different files of the same name, from two folders, in one batch."""
    for folder, text in (("a", "AWS held a 31% share of the cloud market in 2025.\n"),
                         ("b", "Azure revenue reached USD 9 billion in 2025.\n")):
        (ws.root / folder).mkdir()
        (ws.root / folder / "report.txt").write_text(text, encoding="utf-8")
    result = ws.cli("batch", ws.root / "a" / "report.txt", ws.root / "b" / "report.txt",
                    "--sources", ws.sources, "--out", ws.out)
    return Outcome(result, OK, 1, "fresh", ws.sources)


BAD_NAME = b"caf\xe9.txt"


def name_not_utf8(ws: Workspace) -> Outcome:
    """3. A file whose name is not UTF-8 (Latin-1 é), among the sources."""
    with open(os.fsencode(ws.sources) + b"/" + BAD_NAME, "wb") as fh:
        fh.write(b"Revenue reached USD 5 billion in 2024.\n")
    result = ws.cli("run", "--sources", ws.sources, "--out", ws.out)
    return Outcome(result, SKIPPED, 1, "fresh", ws.sources, error_rows=1)


def under_umask(ws: Workspace) -> Outcome:
    """4. A run under the usual umask 022: the tables must be readable by others (0644)."""
    result = ws.cli("run", "--sources", ws.sources, "--out", ws.out, umask=0o022)
    return Outcome(result, OK, 0, "fresh", ws.sources)


def unreadable_folder(ws: Workspace) -> Outcome:
    """5. A subfolder its user cannot read (mode 000), and a link to a folder, among the sources."""
    locked = ws.sources / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("Revenue reached USD 5 billion in 2024.\n", encoding="utf-8")
    shutil.copytree(ws.new, ws.root / "elsewhere")
    (ws.sources / "linked").symlink_to(ws.root / "elsewhere", target_is_directory=True)
    (ws.root / "elsewhere" / "loop").symlink_to(ws.sources, target_is_directory=True)
    ws.open_to_all()
    locked.chmod(0)
    result = ws.cli("run", "--sources", ws.sources, "--out", ws.out, as_nobody=True)
    return Outcome(result, SKIPPED, 1, "fresh", ws.sources, error_rows=1, as_nobody=True)


def out_inside_sources(ws: Workspace) -> Outcome:
    """6. The output folder inside the sources folder (tables there from an earlier run)."""
    inside = ws.sources / "normalized"
    shutil.copytree(ws.out, inside)
    before = snapshot(inside)
    result = ws.cli("run", "--sources", ws.sources, "--out", inside)
    return Outcome(result, USAGE, 1, "previous", out=inside, previous=before)


def empty_sources(ws: Workspace) -> Outcome:
    """7. An empty --sources folder over tables that hold documents."""
    (ws.root / "empty").mkdir()
    result = ws.cli("run", "--sources", ws.root / "empty", "--out", ws.out)
    return Outcome(result, USAGE, 1, "previous")


def stop_at(ws: Workspace, point: str, *args) -> subprocess.Popen:
    """`extract ARGS` started in a session of its own and stopped (SIGSTOP) at the checkpoint `point`."""
    proc = subprocess.Popen([sys.executable, "-m", "extract", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "EXTRACT_STOP_AT": point})
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the run did not reach {point}: {proc.communicate()}"
    return proc


def two_runs(ws: Workspace) -> Outcome:
    """8. A second run into the same --out while the first is under way."""
    first = stop_at(ws, f"processed:{SEEDS[0].name}", "run", "--sources", ws.sources, "--out", ws.out, "-j", "2")
    try:
        second = ws.cli("run", "--sources", ws.sources, "--out", ws.out)
    finally:
        os.kill(first.pid, signal.SIGCONT)
        _, err = first.communicate(timeout=120)
    assert first.returncode == OK, err
    return Outcome(second, USAGE, 1, "fresh", ws.sources)


def ctrl_c(ws: Workspace, point: str | None = None) -> Outcome:
    """9. Ctrl-C at a terminal (SIGINT to the run and its workers) while a run with workers is under way."""
    proc = stop_at(ws, point or f"processed:{SEEDS[0].name}", "run", "--sources", ws.sources, "--out", ws.out,
                   "-j", "2")
    os.killpg(proc.pid, signal.SIGINT)
    os.kill(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=120)
    return Outcome(Result(proc.returncode, out, err), INTERRUPTED, 1, "previous", group=proc.pid)


def unreadable_file_to_batch(ws: Workspace) -> Outcome:
    """10a. A file its user cannot read, given to batch."""
    locked = ws.new / "locked.txt"
    locked.write_text("Revenue reached USD 5 billion in 2024.\n", encoding="utf-8")
    locked.chmod(0)
    result = ws.cli("batch", locked, "--sources", ws.sources, "--out", ws.out, as_nobody=True)
    return Outcome(result, SKIPPED, 1, "fresh", ws.sources, error_rows=1, as_nobody=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unreachable_scheduler(ws: Workspace) -> Outcome:
    """10b. A --scheduler address where no scheduler listens."""
    result = ws.cli("run", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{free_port()}", "--timeout", "1",
                    "--sources", ws.sources, "--out", ws.out)
    return Outcome(result, USAGE, 1, "previous")


def scheduler_without_dask(ws: Workspace) -> Outcome:
    """10c. --scheduler given without --engine dask."""
    result = ws.cli("run", "--scheduler", "tcp://127.0.0.1:8786", "--sources", ws.sources, "--out", ws.out)
    return Outcome(result, USAGE, 1, "previous")


def audit_into_head(ws: Workspace) -> Outcome:
    """10d. `extract audit ... | head -n 1`: the reader goes away after one line of a long output."""
    ids = [r["claim_id"] for r in rows(ws.out / "claims.csv")] * 8
    proc = subprocess.Popen([sys.executable, "-m", "extract", "audit", "--sources", ws.sources, "--out", ws.out, *ids],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=120)
    return Outcome(Result(proc.returncode, "", err), BROKEN_PIPE, 0, "previous")


GROWTH = "AWS revenue grew 24 % in 2024 after 24 % in 2023.\n"


def audit_a_changed_claim(ws: Workspace) -> Outcome:
    """11. `extract audit CLAIM_ID` after the figure changed in its source (24 % -> 26 %)."""
    path = ws.sources / "growth.txt"
    path.write_text(GROWTH, encoding="utf-8")
    ws.cli("run", "--sources", ws.sources, "--out", ws.out)
    ws.previous = snapshot(ws.out)
    claim = claim_of(ws.out, "growth.txt", "2023")
    path.write_text(GROWTH.replace("after 24 %", "after 26 %"), encoding="utf-8")
    result = ws.cli("audit", "--sources", ws.sources, "--out", ws.out, claim)
    return Outcome(result, AUDIT_FAILED, 0, "previous", stdout_problems=1)


def claim_of(out: Path, source: str, period: str) -> str:
    return next(m["claim_id"] for m in rows(out / "mentions.csv") if m["source"] == source and m["period"] == period)


BAD_REQUESTS = ['{"id": "a", "lang": "en", "text": "Revenue rose 5% to USD 3 billion."}', '{"id": "b", "text": ',
                '{"id": "c", "lang": "fr"}', '["not", "an", "object"]', '{"id": "e", "text": "plus de 45 000 GPU"}']


def parse_bad_lines(ws: Workspace) -> Outcome:
    """12. `extract parse --jsonl` fed three bad lines among good ones."""
    result = ws.cli("parse", "--jsonl", input="\n".join(BAD_REQUESTS) + "\n")
    return Outcome(result, SKIPPED, 1, "previous", stdout_problems=3)


def batch_bad_files(ws: Workspace) -> Outcome:
    """13. A batch of a folder holding files that are not articles, run twice."""
    (ws.new / "empty.md").write_bytes(b"")
    (ws.new / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.out)
    result = ws.cli("batch", ws.new, "--sources", ws.sources, "--out", ws.out)
    return Outcome(result, SKIPPED, 2, "fresh", ws.sources, error_rows=2)


def audit_mistyped_sources(ws: Workspace) -> Outcome:
    """14. `extract audit` with a mistyped --sources."""
    result = ws.cli("audit", "--sources", ws.root / "sourcse", "--out", ws.out)
    return Outcome(result, USAGE, 1, "previous")


SITUATIONS = [sort_the_table, same_names, name_not_utf8, under_umask, unreadable_folder, out_inside_sources,
              empty_sources, two_runs, ctrl_c, unreadable_file_to_batch, unreachable_scheduler,
              scheduler_without_dask, audit_into_head, audit_a_changed_claim, parse_bad_lines, batch_bad_files,
              audit_mistyped_sources]
