"""Runs: a full rebuild of the tables from every source, or a batch that redoes only what changed.

A source is processed on its own (read, extract), so the tables of a set of sources are a function of
the per-source results; claims are always re-derived from all mentions. That is why a batch onto the
tables of the other sources gives the same bytes as a full run over all of them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import tables
from .clock import SECONDS, count_source, stage
from .dedup import finish_document
from .extractor import extract_document
from .model import Mention, ReadError
from .packs import rules_version
from .parallel import process_all
from .readers import DEFAULT_MAX_BYTES, read_document
from .spill import RenderedMentions, Resolution, patch_claim_ids, render_mentions
from .tables import (
    CLAIM_COLUMNS,
    ERROR_COLUMNS,
    MENTION_COLUMNS,
    TableFile,
    finish_tables,
    iter_mentions,
    recover,
    rows_of,
    write_csv_file,
)


@dataclass
class SourceResult:
    """What one source gave: its manifest entry and mentions, or the error that stopped it."""

    path: str
    entry: dict | None = None
    mentions: list[Mention] = field(default_factory=list)
    error: dict | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage, wherever it ran
    rendered: RenderedMentions | None = None  # `render`: mentions as table rows and resolution lines

    def render(self) -> SourceResult:
        """Serialize the mentions for the tables here, where they were made: the CSV rows and the lines for
        resolution. Done by the workers of a pool, it leaves the process that writes the tables little to do."""
        if self.rendered is None:
            self.rendered = render_mentions(self.mentions)
        return self


@dataclass
class RunReport:
    """What a run did: documents read, mentions and claims written, files skipped with why."""

    documents: int = 0
    mentions: int = 0
    claims: int = 0
    errors: list[dict] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0 when every file was read, 3 when some were skipped."""
        return 3 if self.errors else 0


def package_version() -> str:
    try:
        return version("extract")
    except PackageNotFoundError:
        return "0+unknown"


def checkpoint(name: str) -> None:
    """Fault injection for the crash tests: EXTRACT_KILL_AT=name makes the process SIGKILL itself here."""
    if os.environ.get("EXTRACT_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def source_files(sources: Path) -> list[Path]:
    """Files under the sources folder, hidden ones left out, in a stable order."""
    found = []
    for path in sources.rglob("*"):
        rel = path.relative_to(sources)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() or path.is_symlink():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(sources).as_posix())


def file_sha256(path: Path) -> str | None:
    """The sha256 of a file, read a block at a time; None when it cannot be read."""
    try:
        return tables.file_sha256(path)
    except OSError:
        return None


def process_source(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceResult:
    """Read and extract one source; a file that cannot be read becomes an error row, never an exception.
    What it returns is all the rest of the run needs of it, so it may run in another process."""
    before = dict(SECONDS)
    try:
        with stage("read"):
            doc = read_document(path, rel, max_bytes)
    except ReadError as exc:
        return SourceResult(rel, error={"path": rel, "stage": exc.stage, "reason": exc.reason, "hint": exc.hint},
                            seconds=_spent(before))
    lang, mentions = extract_document(doc)
    with stage("dedup"):
        mentions = finish_document(mentions)
    entry = {"path": rel, "sha256": doc.sha256, "bytes": doc.nbytes, "language": lang, "format": doc.fmt,
             "encoding": doc.encoding, "mentions": len(mentions)}
    return SourceResult(rel, entry=entry, mentions=mentions, seconds=_spent(before))


def _spent(before: dict[str, float]) -> dict[str, float]:
    """The stage times since `before`, taken back out of the clock: the result carries them, and whoever
    receives it, in this process or another, counts them once."""
    spent = {k: v - before.get(k, 0.0) for k, v in SECONDS.items() if v != before.get(k, 0.0)}
    SECONDS.clear()
    SECONDS.update(before)
    return spent


def write_results(out: Path, results: Iterable[SourceResult], report: RunReport, log=sys.stderr) -> RunReport:
    """Stream the results, in source order, into the tables: mentions written as they come (claim ids to
    follow) and spread over partitions for resolution, manifest entries kept on disk; then the claims
    resolved partition by partition, their ids written into the mentions table; the manifest last.
    Memory holds no list that grows with the corpus but the errors and the figures' hashes."""
    recover(out)
    errors, documents = [], 0
    mentions = TableFile(out, "mentions.csv", MENTION_COLUMNS, header=False)
    header = ",".join(MENTION_COLUMNS) + "\n"
    mentions.write_text(header, 0)
    offset = len(header.encode())
    with tempfile.TemporaryDirectory(dir=out, prefix=".spill-", suffix=".tmp") as folder:
        resolution = Resolution(Path(folder) / "claims")
        entries = Path(folder) / "sources.jsonl"
        with entries.open("w", encoding="utf-8") as log_entries:
            for r in results:
                for name, seconds in r.seconds.items():
                    SECONDS[name] += seconds
                if r.error:
                    print(f"extract: skipped {r.path}: {r.error['reason']}", file=log)
                    errors.append(r.error)
                    continue
                documents += 1
                if r.seconds:  # processed in this run, not kept from the tables of a batch
                    count_source(r.entry["format"], r.entry["bytes"], sum(r.seconds.values()))
                log_entries.write(json.dumps(r.entry, ensure_ascii=False) + "\n")
                with stage("write"):
                    rendered = r.render().rendered
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
        report.documents, report.mentions, report.claims, report.errors = documents, mentions.rows, claims.rows, errors
        manifest = manifest_of(_lines(entries), report)
        with stage("write"):
            temps = {"mentions.csv": mentions_csv, "claims.csv": claims.close(),
                     "errors.csv": write_csv_file(out, "errors.csv", ERROR_COLUMNS, errors)}
            finish_tables(out, temps, manifest, checkpoint=checkpoint)
    return report


def _lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def manifest_of(entries: Iterable[dict], report: RunReport) -> dict:
    """The manifest of a run, but for the hashes of its tables (`tables.finish_tables` adds those)."""
    return {
        "package_version": package_version(),
        "rules_version": rules_version(),
        "sources": entries,
        "counts": {"documents": report.documents, "mentions": report.mentions, "claims": report.claims,
                   "errors": len(report.errors)},
    }


def run(sources: Path, out: Path, log=sys.stderr, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1) -> RunReport:
    """Rebuild the tables in `out` from every file under `sources`, with `jobs` processes."""
    tasks = [(path, path.relative_to(sources).as_posix()) for path in source_files(sources)]
    report = RunReport(added=[rel for _, rel in tasks])
    return write_results(out, _checked(process_all(tasks, jobs, max_bytes, log)), report, log)


def _checked(results: Iterable[SourceResult]) -> Iterator[SourceResult]:
    for r in results:
        yield r
        checkpoint(f"processed:{r.path}")


def import_files(paths: list[Path], sources: Path) -> None:
    """Copy files, or the files of folders, into the sources folder (each copy renamed into place)."""
    for given in paths:
        if given.is_dir():
            pairs = [(p, p.relative_to(given)) for p in source_files(given)]
        elif given.exists():
            pairs = [(given, Path(given.name))]
        else:
            raise FileNotFoundError(given)
        for src, rel in pairs:
            dest = sources / rel
            if dest.exists() and file_sha256(dest) == file_sha256(src):
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".{dest.name}.importing")
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)


def load_manifest(out: Path) -> dict | None:
    """The manifest of existing tables, or None when there are none (or they cannot be read)."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if (out / "mentions.csv").exists() else None


def batch(paths: list[Path], sources: Path, out: Path, log=sys.stderr,
          max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1) -> RunReport:
    """Add new or changed articles to the tables in `out`, redoing only what changed.

    Sources whose sha256 matches the manifest keep their mentions, read back from mentions.csv as the
    walk through the sources in order reaches them; new and changed ones are processed; sources gone from
    the folder leave the tables. Under other rules than the tables were built with, everything is redone.
    """
    sources.mkdir(parents=True, exist_ok=True)
    import_files(paths, sources)
    checkpoint("imported")
    recover(out)
    manifest = load_manifest(out)
    if manifest is None or manifest.get("rules_version") != rules_version():
        return run(sources, out, log, max_bytes, jobs)
    known = {e["path"]: e for e in manifest.get("sources", [])}
    report = RunReport()
    plan: list[tuple[Path, str, bool]] = []
    for path in source_files(sources):
        rel = path.relative_to(sources).as_posix()
        entry = known.get(rel)
        keep = entry is not None and entry["sha256"] == file_sha256(path)
        (report.unchanged if keep else report.changed if entry is not None else report.added).append(rel)
        plan.append((path, rel, keep))
    report.removed = sorted(set(known) - {rel for _, rel, _ in plan})
    fresh = iter(_checked(process_all([(p, rel) for p, rel, keep in plan if not keep], jobs, max_bytes, log)))
    kept = _by_source(iter_mentions(out / "mentions.csv"))

    def in_order() -> Iterator[SourceResult]:
        for _, rel, keep in plan:
            yield SourceResult(rel, entry=known[rel], mentions=kept.take(rel)) if keep else next(fresh)

    return write_results(out, in_order(), report, log)


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
