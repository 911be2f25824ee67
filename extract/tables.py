"""The output tables: their columns, and writing them so that a crash never leaves half a table.

A set of tables is committed like a database transaction: every new table is first written in full to a
temporary file beside its target; then a journal listing the renames is written (atomically); then the
renames are done, the manifest last, and the journal removed. Killed before the journal exists, the run
leaves the previous tables as they were; killed after, the next run (or audit) finishes the renames
from the journal. Either way the tables are a complete set, never a mix.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import operator
import os
import shutil
import signal
import tempfile
import threading
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

from .model import Claim, Mention, UsageError
from .schema import TABLES, descriptor_json

MENTION_COLUMNS = [f.name for f in fields(Mention)]
CLAIM_COLUMNS = [f.name for f in fields(Claim)]
ERROR_COLUMNS = ["path", "stage", "reason", "hint"]
# The columns typed as numbers in the data dictionary (schema.py), which every engine writes alike.
FLOAT_COLUMNS = {c.name for cols in TABLES.values() for c in cols if c.type == "number"}
INT_COLUMNS = {c.name for cols in TABLES.values() for c in cols if c.type == "integer"}


JOURNAL = ".commit-journal.json"


def file_mode() -> int:
    """The mode `open` gives a new file under this process's umask (0644 under 022): the tables are for
    other users and for Dask workers to read, where `mkstemp` makes files for their owner alone. Read from
    /proc where it says, since setting the umask to read it would race with other threads."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            mask = next(int(line.split()[1], 8) for line in fh if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError):
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def _mkstemp(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside `folder/name`, hidden and named for it, with the mode of a new file."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.fchmod(fd, file_mode())
    return fd, tmp


def _write_temp(path: Path, data: bytes | Iterable[str]) -> Path:
    """data (bytes, or text in pieces written as they come) in a new temporary file beside path, flushed
    to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _mkstemp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, bytes) else data:
                fh.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and an atomic rename."""
    os.replace(_write_temp(path, data), path)


def recover(out: Path) -> None:
    """Finish a commit that a killed run left half done, and clear temporary files of an aborted one."""
    journal = out / JOURNAL
    if journal.exists():
        try:
            renames = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:
            renames = []  # the journal itself was never completed: nothing was renamed yet
        for tmp, final in renames:
            if (out / tmp).exists():
                os.replace(out / tmp, out / final)
        journal.unlink()
    discard_temps(out)


def discard_temps(out: Path) -> None:
    """Remove the temporary files and folders of a run that did not commit."""
    for stale in out.glob(".*.tmp"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


class CommittedInterrupt(KeyboardInterrupt):
    """Ctrl-C that came while a commit was under way: held back until the commit was done, so the new
    tables, not the previous ones, are in place."""


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """SIGINT held back for the block (in the main thread, where Python handles signals), then raised."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, None):
        yield  # Ctrl-C is not this process's to handle (ignored, as for a job run in the background)
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise CommittedInterrupt()


def commit(out: Path, temps: dict[str, Path], checkpoint=lambda name: None) -> None:
    """Put these finished temporary files in place of the tables they are named for, all or none (the
    last one named is renamed last): a journal of the renames first, then the renames. Ctrl-C waits for
    the end of it (see CommittedInterrupt); a kill is what the journal is for."""
    with _interrupt_held():
        atomic_write(out / JOURNAL, json.dumps([[t.name, n] for n, t in temps.items()]).encode("utf-8"))
        checkpoint("journal")
        for name, tmp in temps.items():
            os.replace(tmp, out / name)
            checkpoint(f"renamed:{name}")
        (out / JOURNAL).unlink()


def _cell(value) -> str:
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


ROW_GROUP = 2_000  # rows per Parquet row group: memory holds one at a time, whatever the table's length


class TableFile:
    """One CSV table written row by row into a temporary file beside its target, so that a table of any
    length passes through memory a row at a time."""

    def __init__(self, out: Path, name: str, columns: list[str], header: bool = True) -> None:
        out.mkdir(parents=True, exist_ok=True)
        fd, tmp = _mkstemp(out, name)
        self.path, self.columns, self.rows = Path(tmp), columns, 0
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh, lineterminator="\n")
        if header:
            self._writer.writerow(columns)

    def write(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self._writer.writerow([_cell(row.get(c)) for c in self.columns])
            self.rows += 1

    def write_text(self, text: str, rows: int) -> None:
        """Rows already rendered by `render_records` (in another process, say)."""
        self._fh.write(text)
        self.rows += rows

    def close(self) -> Path:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        return self.path


def render_records(records: Iterable, columns: list[str]) -> str:
    """Records (dataclass instances) as the lines `TableFile` would write for them, without a header, read
    straight off the records: the csv writer itself writes a float as its repr, None as nothing and an int
    as its digits, as `_cell` does for rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    row = operator.attrgetter(*columns)
    writer.writerows(map(row, records))
    return buf.getvalue()


def concatenate(out: Path, name: str, columns: list[str], parts: list[Path]) -> Path:
    """One CSV table from parts written without a header (by other processes), in the order given,
    copied a block at a time into a temporary file beside `out/name`."""
    table = TableFile(out, name, columns)
    table._fh.flush()
    for part in parts:
        with part.open(encoding="utf-8", newline="") as fh:
            shutil.copyfileobj(fh, table._fh, 1 << 20)
    return table.close()


def csv_to_parquet(csv_path: Path, out: Path, name: str) -> Path:
    """The Parquet twin of a CSV table, typed as the data dictionary says (`schema.py`): an empty cell is
    null, a `;`-separated list a list of strings (empty, not null, when it holds nothing), numbers doubles,
    counts and offsets int64, everything else text (`period` too). Written from the CSV in row groups of
    ROW_GROUP rows into a temporary file beside `out/name`. Every engine derives it the same way, from the
    same CSV bytes, so it is the same bytes; floats come back through `float(repr(x)) == x`. Memory holds
    one row group: Arrow's own CSV reader was faster but kept more with every block."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .schema import LIST_SEPARATOR, arrow_schema

    pool = _returning_pool()
    fd, tmp = _mkstemp(out, name)
    os.close(fd)
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        columns = next(reader)
        schema = arrow_schema(name.split(".")[0], columns)
        with pq.ParquetWriter(tmp, schema, memory_pool=pool) as writer:
            for chunk in _chunks(reader, ROW_GROUP):
                arrays = [_arrow_array(pa, values, f.type, LIST_SEPARATOR)
                          for values, f in zip(zip(*chunk, strict=True), schema, strict=True)]
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    return Path(tmp)


def _arrow_array(pa, values: tuple[str, ...], kind, separator: str):
    """The Arrow array of a column of a row group, from its CSV text ('' is null, but for a list, where it is
    the empty list), assembled from its buffers: `pa.array` asks whether a list is a pandas object, and so
    imports pandas where it is installed, a third of a second of every run that never uses it."""
    n = len(values)
    if pa.types.is_list(kind):
        items = [v.split(separator) if v else [] for v in values]
        offsets = array("i", [0])
        offsets.extend(itertools.accumulate(map(len, items)))
        child = _arrow_array(pa, tuple(itertools.chain.from_iterable(items)), kind.value_type, separator)
        return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets)], children=[child])
    valid = [bool(v) for v in values]
    nulls = n - sum(valid)
    bitmap = pa.py_buffer(_bitmap(valid)) if nulls else None
    if pa.types.is_string(kind):
        data = [v.encode("utf-8") for v in values]
        offsets = array("i", [0])
        offsets.extend(itertools.accumulate(map(len, data)))
        buffers = [bitmap, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))]
    else:
        number, code = (float, "d") if pa.types.is_floating(kind) else (int, "q")
        buffers = [bitmap, pa.py_buffer(array(code, (number(v) if v else 0 for v in values)))]
    return pa.Array.from_buffers(kind, n, buffers, null_count=nulls)


def _bitmap(valid: list[bool]) -> bytes:
    """Arrow's validity bitmap: a bit per value, least significant bit first."""
    out = bytearray((len(valid) + 7) // 8)
    for i, ok in enumerate(valid):
        if ok:
            out[i >> 3] |= 1 << (i & 7)
    return bytes(out)


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _returning_pool():
    """An Arrow memory pool that gives freed memory back at once (jemalloc without decay), where Arrow
    has one: the default pool keeps what each block used, and a long table would grow the process."""
    import pyarrow as pa

    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:
        return None
    return pool


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(path: Path) -> list[dict]:
    """Rows of a CSV table written by `finish_tables`, values as strings."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def iter_mentions(path: Path) -> Iterator[Mention]:
    """Mentions of a mentions.csv one at a time, typed as they were written (values round-trip through repr)."""
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            values = {c: row.get(c, "") for c in MENTION_COLUMNS}
            for c in INT_COLUMNS & values.keys():
                values[c] = int(values[c])
            for c in FLOAT_COLUMNS:
                values[c] = float(values[c])
            yield Mention(**values)


def load_mentions(path: Path) -> list[Mention]:
    return list(iter_mentions(path))


def rows_of(items: Iterable) -> Iterator[dict]:
    """Dataclass instances as row dicts; a shallow copy, where `asdict` deep-copies every value."""
    names = None
    for x in items:
        names = names or [f.name for f in fields(x)]
        yield {n: getattr(x, n) for n in names}


def write_csv_file(out: Path, name: str, columns: list[str], rows: Iterable[dict]) -> Path:
    table = TableFile(out, name, columns)
    table.write(rows)
    return table.close()


class WouldEmpty(UsageError):
    """A run that read no document, over tables that hold some: most often a mistyped or empty --sources."""

    def __init__(self, out: Path, documents: int) -> None:
        super().__init__(f"no document was read, and the tables in {out} hold {documents}: they were left as they "
                         f"are (give --allow-empty to replace them with empty tables)")
        self.out, self.documents = out, documents


def documents_in(out: Path) -> int:
    """How many documents the tables in `out` hold, as their manifest says (0 where there are none)."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return int(manifest.get("counts", {}).get("documents") or len(manifest.get("sources") or []))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0


def untrusted_tables(out: Path, manifest: dict) -> list[str]:
    """The tables of `out` whose sha256 is not the one the manifest records (changed since, or missing)."""
    recorded = manifest.get("tables") or {}
    if not recorded:
        return ["manifest.json (it records no table hashes)"]
    bad = []
    for name, digest in sorted(recorded.items()):
        try:
            if file_sha256(out / name) != digest:
                bad.append(name)
        except OSError:
            bad.append(name)
    return bad


def finish_tables(out: Path, csv_temps: dict[str, Path], manifest: dict, checkpoint=lambda name: None,
                  parquet=csv_to_parquet, allow_empty: bool = False, stories=None) -> None:
    """Given the finished CSV tables (temporary files), write their Parquet twins (with `parquet`, which
    an engine may run elsewhere) and the manifest, which lists the hashes of all of them, then commit
    the set. Any of it may be killed: see `commit`. Tables of no document do not replace tables of some
    unless `allow_empty` (WouldEmpty, the temporary files removed). `stories` (stories.Stories): which
    documents tell one story, for the claims' columns of independence, filled in here for every engine."""
    if not allow_empty and not manifest["counts"]["documents"]:
        previous = documents_in(out)
        if previous:
            for tmp in csv_temps.values():
                tmp.unlink(missing_ok=True)
            raise WouldEmpty(out, previous)
    temps = dict(csv_temps)
    if stories is not None:
        temps["claims.csv"] = stories.annotate(temps["claims.csv"], out)
    for name in csv_temps:
        checkpoint(f"written:{name}")
    for name in ("mentions", "claims"):
        temps[f"{name}.parquet"] = parquet(temps[f"{name}.csv"], out, f"{name}.parquet")
        checkpoint(f"written:{name}.parquet")
    order = ["mentions.csv", "claims.csv", "errors.csv", "mentions.parquet", "claims.parquet"]
    temps = {name: temps[name] for name in order}
    manifest = {**manifest, "tables": {name: file_sha256(path) for name, path in temps.items()}}
    temps["schema.json"] = _write_temp(out / "schema.json", descriptor_json())  # the tables' types, for readers
    temps["manifest.json"] = _write_temp(out / "manifest.json", manifest_json(manifest))
    commit(out, temps, checkpoint)


SOURCES_SLOT = "\x00sources\x00"


def manifest_json(manifest: dict) -> Iterator[str]:
    """The text of `json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)` and a newline, in
    pieces, where `manifest["sources"]` may be any iterable (a file of entries read as it is written out):
    the entries of a large corpus need not all be in memory at once."""
    sources = manifest["sources"]
    head, tail = json.dumps({**manifest, "sources": SOURCES_SLOT}, ensure_ascii=False, indent=2,
                            sort_keys=True).split(json.dumps(SOURCES_SLOT))
    yield head
    opened = False
    for entry in sources:
        body = json.dumps(entry, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n    ")
        yield ("[\n    " if not opened else ",\n    ") + body
        opened = True
    yield "\n  ]" if opened else "[]"
    yield tail + "\n"
