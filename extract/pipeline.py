"""Runs: a full rebuild of the tables from every source, or a batch that redoes only what changed.

A source is processed on its own (read, extract: the document step, step.py, run by parallel.py), so the
tables of a set of sources are a function of the per-source results; claims are always re-derived from all
mentions. That is why a batch onto the
tables of the other sources gives the same bytes as a full run over all of them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from . import tables
from .clock import stage, timed
from .lock import locked
from .model import Mention, UsageError
from .packs import rules_version
from .parallel import Step, process_all
from .readers import DEFAULT_MAX_BYTES
from .run_report import RunReport, manifest_of
from .sources import check_given, import_files, source_files, walk_sources
from .spill import Resolution, patch_claim_ids
from .step import SourceResult, process_source
from .stories import stories_of
from .tables import (
    CLAIM_COLUMNS,
    ERROR_COLUMNS,
    MENTION_COLUMNS,
    TableFile,
    finish_tables,
    iter_mentions,
    recover,
    rows_of,
    untrusted_tables,
    write_csv_file,
)

__all__ = ["batch", "check_folders", "run", "source_files", "write_results"]
# The folder, in the output folder, where large documents read in windows leave their mentions until the writer
# takes them (`windows.py`): a temporary name, cleared by `tables.recover` after a run that was stopped.
SPOOL = ".windows.tmp"


def checkpoint(name: str) -> None:
    """Fault injection for the crash tests: EXTRACT_KILL_AT=name makes the process SIGKILL itself here,
    EXTRACT_STOP_AT=name stop itself (SIGSTOP) until a SIGCONT, so that a test can act at this point."""
    if os.environ.get("EXTRACT_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("EXTRACT_STOP_AT") == name:
        os.kill(os.getpid(), signal.SIGSTOP)


def file_sha256(path: Path) -> str | None:
    """The sha256 of a file, read a block at a time; None when it cannot be read."""
    try:
        return tables.file_sha256(path)
    except OSError:
        return None


def write_results(out: Path, results: Iterable[SourceResult], report: RunReport, log=sys.stderr,
                  refused: Iterable[dict] = (), found: Iterable[dict] = (), allow_empty: bool = False) -> RunReport:
    """Stream the results, in source order, into the tables: mentions written as they come (claim ids to
    follow) and spread over partitions for resolution, manifest entries kept on disk; then the claims
    resolved partition by partition, their ids written into the mentions table; the manifest last.
    Memory holds no list that grows with the corpus but the errors and the figures' hashes.
    `refused` are the files a batch did not import, `found` what the walk through the sources folder
    could not read (folders, names): error rows before any result's.
    Whatever stops it (Ctrl-C, a full disk) stops the pool and leaves the previous tables and no
    temporary file."""
    recover(out)
    try:
        with timed() as own:  # the writer's own stages; each document's come with its result
            _write_results(out, results, report, log, list(refused), list(found), allow_empty)
        report.timed(own)
        return report
    except BaseException:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # a pool behind the results stops here, not when the traceback is collected
        with contextlib.suppress(OSError):
            recover(out)
        raise


def _write_results(out: Path, results: Iterable[SourceResult], report: RunReport, log, refused: list[dict],
                   found: list[dict], allow_empty: bool) -> RunReport:
    for error in refused + found:
        print(f"extract: skipped {error['path']}: {error['reason']}", file=log)
    errors, documents, named = [], 0, []  # named: each document's path and the original it names, if any
    mentions = TableFile(out, "mentions.csv", MENTION_COLUMNS, header=False)
    header = ",".join(MENTION_COLUMNS) + "\n"
    mentions.write_text(header, 0)
    offset = len(header.encode())
    with tempfile.TemporaryDirectory(dir=out, prefix=".spill-", suffix=".tmp") as folder:
        resolution = Resolution(Path(folder) / "claims")
        entries = Path(folder) / "sources.jsonl"
        with entries.open("w", encoding="utf-8") as log_entries:
            for r in results:
                report.timed(r.seconds)
                if r.error:
                    print(f"extract: skipped {r.path}: {r.error['reason']}", file=log)
                    errors.append(r.error)
                    continue
                documents += 1
                if r.seconds:  # processed in this run, not kept from the tables of a batch
                    report.processed(r.entry, r.seconds)
                log_entries.write(json.dumps(r.entry, ensure_ascii=False) + "\n")
                named.append({"path": r.entry["path"], "original": r.entry.get("original")})
                for rendered in r.pieces():
                    with stage("write"):
                        mentions.write_text(rendered.text, rendered.rows)
                    with stage("dedup"):
                        resolution.add(offset, rendered)
                    offset += rendered.nbytes
        with stage("dedup"):
            claim_rows, claim_ids = resolution.resolve()
            claims = TableFile(out, "claims.csv", CLAIM_COLUMNS)
            claims.write(rows_of(claim_rows))
            mentions_csv = mentions.close()
            if patch_claim_ids(mentions_csv, claim_ids) != mentions.rows:
                raise RuntimeError("a mention was left without a claim")
        # Files a batch refused first, as given; then every unreadable thing of the sources folder by path.
        errors = refused + sorted(found + errors, key=lambda e: e["path"])
        report.documents, report.mentions, report.claims, report.errors = documents, mentions.rows, claims.rows, errors
        manifest = manifest_of(_lines(entries), report)
        with stage("write"):
            temps = {"mentions.csv": mentions_csv, "claims.csv": claims.close(),
                     "errors.csv": write_csv_file(out, "errors.csv", ERROR_COLUMNS, errors)}
            stories = stories_of(((p.source_a, p.source_b) for p in resolution.aligned), named)
            finish_tables(out, temps, manifest, checkpoint=checkpoint, allow_empty=allow_empty, stories=stories)
    return report


def _lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def check_folders(sources: Path, out: Path) -> None:
    """UsageError for an output folder inside the sources folder: its tables would be read as sources."""
    s, o = sources.resolve(), out.resolve()
    if o == s or o.is_relative_to(s):
        raise UsageError(f"the output folder {out} is inside the sources folder {sources}: the next run would read "
                         f"its tables as sources; give an --out outside it")


def run(sources: Path, out: Path, log=sys.stderr, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1,
        allow_empty: bool = False, refused: Iterable[dict] = ()) -> RunReport:
    """Rebuild the tables in `out` from every file under `sources`, with `jobs` processes. The output
    folder is locked for the run (lock.FolderInUse if another process holds it); tables of no document
    do not replace tables of some unless `allow_empty` (tables.WouldEmpty)."""
    check_folders(sources, out)
    with locked(out, "run"), _step(out, max_bytes) as step:
        tasks, found = walk_sources(sources)
        report = RunReport(added=[rel for _, rel in tasks])
        return write_results(out, _checked(process_all(tasks, step, jobs, log)), report, log, refused, found,
                             allow_empty)


@contextlib.contextmanager
def _step(out: Path, max_bytes: int) -> Iterator[Step]:
    """The document step of a run into `out`: large documents read in windows, their mentions waiting in
    SPOOL until the writer takes them; the folder removed after the run."""
    try:
        yield partial(process_source, max_bytes=max_bytes, spool=out / SPOOL)
    finally:
        shutil.rmtree(out / SPOOL, ignore_errors=True)


def _checked(results: Iterable[SourceResult]) -> Iterator[SourceResult]:
    try:
        for r in results:
            yield r
            checkpoint(f"processed:{r.path}")
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


def load_manifest(out: Path) -> dict | None:
    """The manifest of existing tables, or None when there are none (or they cannot be read)."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if (out / "mentions.csv").exists() else None


def batch(paths: list[Path], sources: Path, out: Path, log=sys.stderr,
          max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1, allow_empty: bool = False) -> RunReport:
    """Add new or changed articles to the tables in `out`, redoing only what changed.

    Files are imported into the sources folder only if they read (the others are error rows). Sources
    whose sha256 matches the manifest keep their mentions, read back from mentions.csv as the walk
    through the sources in order reaches them; new and changed ones are processed; sources gone from the
    folder leave the tables. Tables whose sha256 is not the manifest's are not trusted, and everything is
    redone, as under other rules than the tables were built with.
    """
    check_folders(sources, out)
    check_given(paths, sources, out)
    with locked(out, "batch"):
        recover(out)
        manifest = load_manifest(out)
        if not sources.is_dir():
            if manifest is not None and manifest.get("sources"):
                raise UsageError(f"sources folder not found: {sources} (the tables in {out} were made from "
                                 f"{len(manifest['sources'])} sources in another folder; give it with --sources)")
            sources.mkdir(parents=True, exist_ok=True)
        imported = import_files(paths, sources, max_bytes, say=lambda line: print(f"extract batch: {line}", file=log))
        checkpoint("imported")
        previous = manifest
        if manifest is not None and manifest.get("rules_version") != rules_version():
            print(f"extract batch: the tables were made under rules {manifest.get('rules_version')}; "
                  f"redoing every source under {rules_version()}", file=log)
            manifest = None
        elif manifest is not None:
            changed = untrusted_tables(out, manifest)
            if changed:
                print(f"extract batch: {', '.join(changed)} in {out} changed since the last run (sha256 not the "
                      f"manifest's): not trusted; redoing every source", file=log)
                manifest = None
        if manifest is None:
            report = run(sources, out, log, max_bytes, jobs, allow_empty, imported.errors)
            return _compared(report, previous, sources) if previous is not None else report
        with _step(out, max_bytes) as step:
            return _batch(sources, out, manifest, imported.errors, log, step, jobs, allow_empty)


def _compared(report: RunReport, previous: dict, sources: Path) -> RunReport:
    """A batch that redid every source reports what was added, changed and removed all the same."""
    known = {e["path"]: e["sha256"] for e in previous.get("sources", [])}
    present, report.added = report.added, []
    for rel in present:
        digest = known.get(rel)
        (report.added if digest is None else report.unchanged if digest == file_sha256(sources / rel)
         else report.changed).append(rel)
    report.removed = sorted(set(known) - set(present))
    report.redone = True
    return report


def _batch(sources: Path, out: Path, manifest: dict, refused: list[dict], log, step: Step, jobs: int,
           allow_empty: bool) -> RunReport:
    known = {e["path"]: e for e in manifest.get("sources", [])}
    report = RunReport()
    plan: list[tuple[Path, str, bool]] = []
    files, found = walk_sources(sources)
    for path, rel in files:
        entry = known.get(rel)
        keep = entry is not None and entry["sha256"] == file_sha256(path)
        (report.unchanged if keep else report.changed if entry is not None else report.added).append(rel)
        plan.append((path, rel, keep))
    report.removed = sorted(set(known) - {rel for _, rel, _ in plan})
    fresh = _checked(process_all([(p, rel) for p, rel, keep in plan if not keep], step, jobs, log))
    kept = _by_source(iter_mentions(out / "mentions.csv"))

    def in_order() -> Iterator[SourceResult]:
        try:
            for path, rel, keep in plan:
                if not keep:
                    yield next(fresh)
                    continue
                mentions = kept.take(rel)
                if len(mentions) != known[rel]["mentions"]:  # the table does not hold what the manifest says
                    print(f"extract batch: mentions.csv holds {len(mentions)} of the {known[rel]['mentions']} "
                          f"mentions of {rel}: reading it again", file=log)
                    yield step(path, rel)
                    continue
                yield SourceResult(rel, entry=known[rel], mentions=mentions)
        finally:
            fresh.close()

    return write_results(out, in_order(), report, log, refused, found, allow_empty)


class _by_source:
    """Mentions of a table sorted by source, handed out one source at a time as a walk in the same order
    asks for them: only one source's mentions are ever held."""

    def __init__(self, mentions: Iterator[Mention]) -> None:
        self._it, self._next = mentions, next(mentions, None)

    def take(self, source: str) -> list[Mention]:
        while self._next is not None and self._next.source < source:
            self._next = next(self._it, None)
        out = []
        while self._next is not None and self._next.source == source:
            out.append(self._next)
            self._next = next(self._it, None)
        return out
