"""Runs: a full rebuild of the tables from every source, or a batch that redoes only what changed.

A source is processed on its own (read, extract), so the tables of a set of sources are a function of
the per-source results; claims are always re-derived from all mentions. That is why a batch onto the
tables of the other sources gives the same bytes as a full run over all of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .clock import stage
from .dedup import assign_claims
from .extractor import extract_document
from .model import Mention, ReadError
from .packs import rules_version
from .readers import DEFAULT_MAX_BYTES, read_document
from .tables import load_mentions, read_table, recover, write_tables


@dataclass
class SourceResult:
    """What one source gave: its manifest entry and mentions, or the error that stopped it."""

    path: str
    entry: dict | None = None
    mentions: list[Mention] = field(default_factory=list)
    error: dict | None = None


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
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def process_source(path: Path, rel: str, log=sys.stderr, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceResult:
    """Read and extract one source; a file that cannot be read becomes an error row, never an exception."""
    try:
        with stage("read"):
            doc = read_document(path, rel, max_bytes)
    except ReadError as exc:
        print(f"extract: skipped {rel}: {exc.reason}", file=log)
        return SourceResult(rel, error={"path": rel, "stage": exc.stage, "reason": exc.reason, "hint": exc.hint})
    lang, mentions = extract_document(doc)
    entry = {"path": rel, "sha256": doc.sha256, "bytes": doc.nbytes, "language": lang, "format": doc.fmt,
             "encoding": doc.encoding, "mentions": len(mentions)}
    return SourceResult(rel, entry=entry, mentions=mentions)


def write_results(out: Path, results: list[SourceResult], report: RunReport) -> RunReport:
    """Claims from all mentions, then every table, the manifest last."""
    results = sorted(results, key=lambda r: r.path)
    with stage("dedup"):
        mentions, claims = assign_claims([m for r in results for m in r.mentions])
    report.documents = sum(1 for r in results if r.entry)
    report.mentions, report.claims = len(mentions), len(claims)
    report.errors = [r.error for r in results if r.error]
    manifest = {
        "package_version": package_version(),
        "rules_version": rules_version(),
        "sources": [r.entry for r in results if r.entry],
        "counts": {"documents": report.documents, "mentions": report.mentions, "claims": report.claims,
                   "errors": len(report.errors)},
    }
    with stage("write"):
        write_tables(out, mentions, claims, report.errors, manifest, checkpoint=checkpoint)
    return report


def run(sources: Path, out: Path, log=sys.stderr, max_bytes: int = DEFAULT_MAX_BYTES) -> RunReport:
    """Rebuild the tables in `out` from every file under `sources`."""
    results = []
    for path in source_files(sources):
        rel = path.relative_to(sources).as_posix()
        results.append(process_source(path, rel, log, max_bytes))
        checkpoint(f"processed:{rel}")
    report = RunReport(added=[r.path for r in results])
    return write_results(out, results, report)


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


def load_state(out: Path) -> tuple[dict | None, dict[str, list[Mention]], dict[str, dict]]:
    """(manifest, mentions by source, errors by path) of existing tables; (None, {}, {}) when there are none."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        mentions = load_mentions(out / "mentions.csv")
        errors = {r["path"]: r for r in read_table(out / "errors.csv")}
    except (OSError, ValueError, KeyError):
        return None, {}, {}
    by_source: dict[str, list[Mention]] = {}
    for m in mentions:
        by_source.setdefault(m.source, []).append(m)
    return manifest, by_source, errors


def batch(paths: list[Path], sources: Path, out: Path, log=sys.stderr,
          max_bytes: int = DEFAULT_MAX_BYTES) -> RunReport:
    """Add new or changed articles to the tables in `out`, redoing only what changed.

    Sources whose sha256 matches the manifest keep their mentions; new and changed ones are processed;
    sources gone from the folder leave the tables. Under other rules than the tables were built with,
    everything is redone.
    """
    sources.mkdir(parents=True, exist_ok=True)
    import_files(paths, sources)
    checkpoint("imported")
    recover(out)
    manifest, old_mentions, _ = load_state(out)
    if manifest is None or manifest.get("rules_version") != rules_version():
        return run(sources, out, log, max_bytes)
    known = {e["path"]: e for e in manifest.get("sources", [])}
    report = RunReport()
    results = []
    present = set()
    for path in source_files(sources):
        rel = path.relative_to(sources).as_posix()
        present.add(rel)
        entry = known.get(rel)
        if entry is not None and entry["sha256"] == file_sha256(path):
            results.append(SourceResult(rel, entry=entry, mentions=old_mentions.get(rel, [])))
            report.unchanged.append(rel)
            continue
        (report.changed if entry is not None else report.added).append(rel)
        results.append(process_source(path, rel, log, max_bytes))
        checkpoint(f"processed:{rel}")
    report.removed = sorted(set(known) - present)
    return write_results(out, results, report)
