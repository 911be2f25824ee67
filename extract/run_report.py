"""What a run did (`RunReport`), and the manifest it writes: shared by the local engine (pipeline.py) and the
Dask engine (dask_engine.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from .packs import rules_version


def _costs() -> defaultdict:
    return defaultdict(lambda: [0, 0, 0.0])


@dataclass
class RunReport:
    """What a run did: documents read, mentions and claims written, files skipped with why; and, for the
    benchmark, the seconds of each stage wherever it ran, and what the documents it processed cost per
    format and per (format, language): [documents, bytes, seconds of per-document work]."""

    documents: int = 0
    mentions: int = 0
    claims: int = 0
    errors: list[dict] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    redone: bool = False  # a batch that read every source again (tables it could not trust, other rules)
    stages: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    by_format: dict[str, list] = field(default_factory=_costs)
    by_kind: dict[tuple[str, str], list] = field(default_factory=_costs)

    @property
    def exit_status(self) -> int:
        """0 when every file was read, 3 when some were skipped."""
        return 3 if self.errors else 0

    def timed(self, seconds: Mapping[str, float]) -> None:
        """Stage times spent for this run (a document's step, the writer's own work)."""
        for name, spent in seconds.items():
            self.stages[name] += spent

    def processed(self, entry: dict, seconds: Mapping[str, float]) -> None:
        """A document processed in this run (not kept from the tables of a batch), and what its step took."""
        for row in (self.by_format[entry["format"]], self.by_kind[(entry["format"], entry["language"])]):
            row[0] += 1
            row[1] += entry["bytes"]
            row[2] += sum(seconds.values())


def source_entry(path: str, sha256: str, nbytes: int, language: str, fmt: str, encoding: str, mentions: int,
                 translated: bool | None = None, original: str | None = None) -> dict:
    """What the manifest says of a source read in this run; `translated` and `original` where its front matter
    says them (`stories.front_matter_link`)."""
    entry = {"path": path, "sha256": sha256, "bytes": nbytes, "language": language, "format": fmt,
             "encoding": encoding, "mentions": mentions}
    if translated is not None:
        entry["translated"] = translated
    if original:
        entry["original"] = original
    return entry


def package_version() -> str:
    try:
        return version("extract")
    except PackageNotFoundError:
        return "0+unknown"


def manifest_of(entries: Iterable[dict], report: RunReport) -> dict:
    """The manifest of a run, but for the hashes of its tables (`tables.finish_tables` adds those)."""
    return {
        "package_version": package_version(),
        "rules_version": rules_version(),
        "sources": entries,
        "counts": {"documents": report.documents, "mentions": report.mentions, "claims": report.claims,
                   "errors": len(report.errors)},
    }
