"""The run: every source file read, its mentions extracted, claims deduplicated, tables written."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .dedup import assign_claims
from .extractor import extract_document
from .model import Mention, ReadError
from .packs import rules_version
from .readers import read_document
from .tables import write_tables


@dataclass
class RunReport:
    """What a run did: documents read, mentions and claims written, files skipped with why."""

    documents: int = 0
    mentions: int = 0
    claims: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0 when every file was read, 3 when some were skipped."""
        return 3 if self.errors else 0


def package_version() -> str:
    try:
        return version("extract")
    except PackageNotFoundError:
        return "0+unknown"


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


def run(sources: Path, out: Path, log=sys.stderr) -> RunReport:
    """Rebuild the tables in `out` from every file under `sources`."""
    report = RunReport()
    mentions: list[Mention] = []
    manifest_sources = []
    for path in source_files(sources):
        rel = path.relative_to(sources).as_posix()
        try:
            doc = read_document(path, rel)
        except ReadError as exc:
            report.errors.append({"path": rel, "stage": exc.stage, "reason": exc.reason, "hint": exc.hint})
            print(f"extract: skipped {rel}: {exc.reason}", file=log)
            continue
        lang, found = extract_document(doc)
        mentions += found
        report.documents += 1
        manifest_sources.append({"path": rel, "sha256": doc.sha256, "bytes": doc.nbytes, "language": lang,
                                 "format": doc.fmt, "encoding": doc.encoding, "mentions": len(found)})
    mentions, claims = assign_claims(mentions)
    report.mentions, report.claims = len(mentions), len(claims)
    manifest = {
        "package_version": package_version(),
        "rules_version": rules_version(),
        "sources": manifest_sources,
        "counts": {"documents": report.documents, "mentions": report.mentions, "claims": report.claims,
                   "errors": len(report.errors)},
    }
    write_tables(out, mentions, claims, report.errors, manifest)
    return report
