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
import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path

import pandas as pd

from .model import Claim, Mention

MENTION_COLUMNS = [f.name for f in fields(Mention)]
CLAIM_COLUMNS = [f.name for f in fields(Claim)]
ERROR_COLUMNS = ["path", "stage", "reason", "hint"]
FLOAT_COLUMNS = {"value_low", "value_high"}
INT_COLUMNS = {"start", "end", "n_mentions", "n_sources"}


JOURNAL = ".commit-journal.json"


def _write_temp(path: Path, data: bytes) -> Path:
    """data in a new temporary file beside path, flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)


def commit(out: Path, files: dict[str, bytes], checkpoint=lambda name: None) -> None:
    """Replace the files of `out` by these, all or none (the last one named is renamed last)."""
    recover(out)
    temps = {}
    for name, data in files.items():
        temps[name] = _write_temp(out / name, data)
        checkpoint(f"written:{name}")
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


def to_csv(rows: list[dict], columns: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


def to_parquet(rows: list[dict], columns: list[str]) -> bytes:
    frame = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c in FLOAT_COLUMNS:
            frame[c] = frame[c].astype("float64")
        elif c in INT_COLUMNS:
            frame[c] = frame[c].astype("int64")
        else:
            frame[c] = frame[c].fillna("").astype(str)
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue()


def read_table(path: Path) -> list[dict]:
    """Rows of a CSV table written by `write_tables`, values as strings."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_mentions(path: Path) -> list[Mention]:
    """Mentions of a mentions.csv, typed as they were written (values round-trip through repr)."""
    out = []
    for row in read_table(path):
        values = {c: row.get(c, "") for c in MENTION_COLUMNS}
        for c in INT_COLUMNS & values.keys():
            values[c] = int(values[c])
        for c in FLOAT_COLUMNS:
            values[c] = float(values[c])
        out.append(Mention(**values))
    return out


def _rows(items: list) -> list[dict]:
    """Dataclass instances as row dicts; a shallow copy, where `asdict` deep-copies every value."""
    if not items:
        return []
    names = [f.name for f in fields(items[0])]
    return [{n: getattr(x, n) for n in names} for x in items]


def write_tables(out: Path, mentions: list[Mention], claims: list[Claim], errors: list[dict],
                 manifest: dict, checkpoint=lambda name: None) -> None:
    """mentions, claims and errors as CSV and Parquet, then the manifest, which lists their hashes."""
    m_rows = _rows(mentions)
    c_rows = _rows(claims)
    tables = {
        "mentions.csv": to_csv(m_rows, MENTION_COLUMNS),
        "claims.csv": to_csv(c_rows, CLAIM_COLUMNS),
        "errors.csv": to_csv(errors, ERROR_COLUMNS),
        "mentions.parquet": to_parquet(m_rows, MENTION_COLUMNS),
        "claims.parquet": to_parquet(c_rows, CLAIM_COLUMNS),
    }
    manifest = {**manifest, "tables": {name: hashlib.sha256(data).hexdigest() for name, data in tables.items()}}
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    commit(out, {**tables, "manifest.json": text.encode("utf-8")}, checkpoint)
