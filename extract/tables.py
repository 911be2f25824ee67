"""The output tables: their columns, and writing them so that a crash never leaves half a table.

Every file is written beside its target under a temporary name and renamed into place; the manifest
goes last, so a manifest always describes tables that are complete.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path

import pandas as pd

from .model import Claim, Mention

MENTION_COLUMNS = [f.name for f in fields(Mention)]
CLAIM_COLUMNS = [f.name for f in fields(Claim)]
ERROR_COLUMNS = ["path", "stage", "reason", "hint"]
FLOAT_COLUMNS = {"value_low", "value_high"}
INT_COLUMNS = {"start", "end", "n_mentions", "n_sources"}


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def write_tables(out: Path, mentions: list[Mention], claims: list[Claim], errors: list[dict],
                 manifest: dict) -> None:
    """mentions, claims and errors as CSV and Parquet, then the manifest."""
    m_rows = [asdict(m) for m in mentions]
    c_rows = [asdict(c) for c in claims]
    atomic_write(out / "mentions.csv", to_csv(m_rows, MENTION_COLUMNS))
    atomic_write(out / "claims.csv", to_csv(c_rows, CLAIM_COLUMNS))
    atomic_write(out / "errors.csv", to_csv(errors, ERROR_COLUMNS))
    atomic_write(out / "mentions.parquet", to_parquet(m_rows, MENTION_COLUMNS))
    atomic_write(out / "claims.parquet", to_parquet(c_rows, CLAIM_COLUMNS))
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(out / "manifest.json", text.encode("utf-8"))
