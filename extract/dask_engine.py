"""The same run as Dask tasks, for corpora past one machine: `extract run --engine dask [--scheduler ADDRESS]`.

- Documents go to the workers in partitions of consecutive sources; each worker reads and extracts its
  partition (pipeline.process_source, as the local engine does) and writes its mentions as a part of
  mentions.csv, already in table order.
- Mentions are a Dask DataFrame of those partitions. Deduplication is a shuffle on the claim topic
  (claim key without values, `dedup.topic`), so that every claim and every claim it may contradict meet
  in one partition; each partition is turned into claims there (`dedup.claims_from`).
- Claims are sorted on one column (`dedup.claim_order_text`), and each sorted partition is written by
  its worker as a part of claims.csv. The Parquet twins are written by a worker too.
- The client only concatenates the parts, in order, a block at a time, and commits the set as the
  local engine does. No step gathers the mentions into one process.

Workers write into the output folder, so on a cluster it must be on storage every worker sees (NFS,
a shared volume). The result is the same bytes as `extract run` with the local engine.
"""

from __future__ import annotations

import bisect
import json
import math
import sys
import tempfile
from pathlib import Path

from .dedup import claim_key, claim_order_text, claims_from, topic
from .model import Claim, Mention, UsageError
from .parallel import fewer_collections
from .pipeline import RunReport, manifest_of, process_source
from .readers import DEFAULT_MAX_BYTES
from .sources import walk_sources
from .tables import (
    CLAIM_COLUMNS,
    ERROR_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    MENTION_COLUMNS,
    TableFile,
    concatenate,
    csv_to_parquet,
    finish_tables,
    recover,
    rows_of,
    write_csv_file,
)

DOCUMENTS_PER_PARTITION = 200


def run_dask(sources: Path, out: Path, max_bytes: int = DEFAULT_MAX_BYTES, scheduler: str | None = None,
             workers: int = 2, log=None, allow_empty: bool = False, timeout: float = 10.0) -> RunReport:
    """Rebuild the tables in `out` from every file under `sources` on a Dask cluster: the one at
    `scheduler` (UsageError when it cannot be reached in `timeout` seconds), or a LocalCluster of
    `workers` processes started for the run."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    # The scheduler reports every shuffle it starts and every worker it retires as a warning: routine here.
    for name in ("distributed", "distributed.shuffle._scheduler_plugin", "distributed.scheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    files, found = walk_sources(sources)
    tasks = [(str(path), rel) for path, rel in files]
    with dask.config.set({"dataframe.convert-string": False}):
        if scheduler:
            try:
                client = Client(scheduler, timeout=timeout)
            except (OSError, ValueError) as exc:
                raise UsageError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                                 f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
            with client:
                return _run(client, tasks, out.resolve(), max_bytes, log, found, allow_empty)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster) as client:
            return _run(client, tasks, out.resolve(), max_bytes, log, found, allow_empty)


def _run(client, tasks: list[tuple[str, str]], out: Path, max_bytes: int, log=None, found: tuple | list = (),
         allow_empty: bool = False) -> RunReport:
    import dask.dataframe as dd
    import pandas as pd
    from dask import delayed

    report = RunReport(added=[rel for _, rel in tasks])
    with tempfile.TemporaryDirectory(dir=out, prefix=".dask-", suffix=".tmp") as folder:
        parts_dir = Path(folder)
        workers = len(client.scheduler_info().get("workers", {})) or 1
        n = min(len(tasks), max(2 * workers, math.ceil(len(tasks) / DOCUMENTS_PER_PARTITION)))
        chunks = [tasks[i * len(tasks) // n:(i + 1) * len(tasks) // n] for i in range(n)]
        documents = [delayed(_documents)(chunk, max_bytes, str(parts_dir / f"mentions-{i:05d}.csv"))
                     for i, chunk in enumerate(chunks)]
        documents = client.persist(documents) if documents else []
        frames = [delayed(_frame)(d) for d in documents]
        summaries = client.gather(client.compute([delayed(_summary)(d) for d in documents])) if documents else []
        entries = [e for s in summaries for e in s["entries"]]
        errors = sorted([*found, *(e for s in summaries for e in s["errors"])], key=lambda e: e["path"])
        for error in errors:
            print(f"extract: skipped {error['path']}: {error['reason']}", file=log or sys.stderr)
        total = sum(s["mentions"] for s in summaries)

        claim_parts: list[Path] = []
        n_claims = 0
        if total:
            mentions = dd.from_delayed(frames, meta=_mention_meta(), verify_meta=False)
            shuffled = mentions.shuffle(on="topic", npartitions=len(frames))
            claims = client.persist(shuffled.map_partitions(_claims_frame, meta=_claim_meta()))
            # Sorting by ranges of the sort key, the ranges cut where a sample of every partition says
            # (Dask's own sort_values deadlocks in-process schedulers on Python 3.11 when it computes
            # its divisions, so the same method is spelled out here).
            samples = sorted(claims.map_partitions(_sample, meta=(None, "object")).compute())
            cuts = [samples[i * len(samples) // len(frames)] for i in range(1, len(frames))]
            ranged = claims.map_partitions(_range, cuts, meta=_claim_meta().assign(range=pd.Series(dtype="int64")))
            ranged = ranged.shuffle(on="range", npartitions=len(frames))
            written = ranged.map_partitions(_write_ranges, str(parts_dir), meta=(None, "object")).compute()
            parts = sorted(tuple(json.loads(w)) for w in written)  # (range, rows, path), in key order
            claim_parts = [Path(path) for _, _, path in parts]
            n_claims = sum(rows for _, rows, _ in parts)
            del claims, documents  # released on the workers before the cluster goes

        report.documents, report.mentions, report.claims, report.errors = len(entries), total, n_claims, errors
        mention_parts = [parts_dir / f"mentions-{i:05d}.csv" for i in range(len(chunks))]
        temps = {"mentions.csv": concatenate(out, "mentions.csv", MENTION_COLUMNS, mention_parts),
                 "claims.csv": concatenate(out, "claims.csv", CLAIM_COLUMNS, claim_parts),
                 "errors.csv": write_csv_file(out, "errors.csv", ERROR_COLUMNS, errors)}

        def parquet_on_a_worker(csv_path: Path, folder: Path, name: str) -> Path:
            return client.submit(csv_to_parquet, csv_path, folder, name, pure=False).result()

        finish_tables(out, temps, manifest_of(entries, report), parquet=parquet_on_a_worker, allow_empty=allow_empty)
    return report


def _documents(chunk: list[tuple[str, str]], max_bytes: int, part: str) -> dict:
    """Read and extract a partition of documents on a worker; its mentions go to a part of mentions.csv
    (table order: the partition holds consecutive sources), and stay with the task for the shuffle."""
    table = TableFile(Path(part).parent, Path(part).name, MENTION_COLUMNS, header=False)
    entries, errors, mentions = [], [], []
    with fewer_collections():  # as the local engine does: a performance setting only
        for path, rel in chunk:
            r = process_source(Path(path), rel, max_bytes)
            if r.error:
                errors.append(r.error)
                continue
            entries.append(r.entry)
            table.write(rows_of(r.mentions))
            mentions += r.mentions
    Path(table.close()).replace(part)
    return {"entries": entries, "errors": errors, "mentions": mentions}


def _summary(documents: dict) -> dict:
    return {"entries": documents["entries"], "errors": documents["errors"], "mentions": len(documents["mentions"])}


def _frame(documents: dict):
    import pandas as pd

    meta = _mention_meta()
    frame = pd.DataFrame(list(rows_of(documents["mentions"])), columns=MENTION_COLUMNS)
    frame["topic"] = [json.dumps(topic(claim_key(m)), ensure_ascii=False) for m in documents["mentions"]]
    return frame.astype(meta.dtypes.to_dict())


def _meta(columns: list[str], **extra: str):
    """An empty frame with a table's columns typed as the tables type them, and extra columns."""
    import pandas as pd

    dtypes = {c: "float64" if c in FLOAT_COLUMNS else "int64" if c in INT_COLUMNS else "object" for c in columns}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in {**dtypes, **extra}.items()})


def _mention_meta():
    return _meta(MENTION_COLUMNS, topic="object")


def _claim_meta():
    return _meta(CLAIM_COLUMNS, order="object")


def _claims_frame(frame):
    """The claims of one shuffled partition: every mention of each of its topics is here."""
    import pandas as pd

    mentions = [Mention(**_native(row, MENTION_COLUMNS)) for row in frame[MENTION_COLUMNS].to_dict("records")]
    claims = claims_from(mentions)
    out = pd.DataFrame(list(rows_of(claims)), columns=CLAIM_COLUMNS)
    out = out.astype(_claim_meta().drop(columns=["order"]).dtypes.to_dict()) if claims else _claim_meta()
    out["order"] = pd.Series([claim_order_text(c) for c in claims], dtype="object", index=out.index)
    return out


SAMPLE = 64  # sort keys each claims partition offers to place the range cuts


def _sample(frame):
    import pandas as pd

    keys = sorted(frame["order"])
    return pd.Series(keys[:: max(1, len(keys) // SAMPLE)], dtype="object")


def _range(frame, cuts: list[str]):
    """Which range of the sort key each claim falls in: the shuffle on it brings each range together."""
    frame = frame.copy()
    frame["range"] = [bisect.bisect_right(cuts, key) for key in frame["order"]]
    return frame


def _write_ranges(frame, folder: str):
    """Write each range of claims in this partition, sorted, as a part of claims.csv named by its range,
    so that the client concatenates the parts in order."""
    import pandas as pd

    out = []
    for number, rows in frame.groupby("range", sort=True):
        rows = rows.sort_values("order")
        claims = [Claim(**_native(row, CLAIM_COLUMNS)) for row in rows[CLAIM_COLUMNS].to_dict("records")]
        path = Path(folder) / f"claims-{int(number):05d}.csv"
        table = TableFile(path.parent, path.name, CLAIM_COLUMNS, header=False)
        table.write(rows_of(claims))
        Path(table.close()).replace(path)
        out.append(json.dumps([int(number), len(claims), str(path)]))
    return pd.Series(out, dtype="object")


def _native(row: dict, columns: list[str]) -> dict:
    """A row as the dataclass takes it: Python floats and ints, never NumPy's (whose repr differs), and
    text where a frame may hold None or NaN for an empty cell."""
    out = {}
    for c in columns:
        v = row[c]
        if c in FLOAT_COLUMNS:
            out[c] = float(v)
        elif c in INT_COLUMNS:
            out[c] = int(v)
        else:
            out[c] = "" if v is None or isinstance(v, float) and math.isnan(v) else str(v)
    return out
