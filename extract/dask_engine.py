"""The same run as Dask tasks, for corpora past one machine: `extract run --engine dask [--scheduler ADDRESS]`.

- Documents go to the workers in partitions of consecutive sources; each worker reads and extracts its
  partition (the document step, `step.process_source`, as the local engine does) and writes its mentions as a part of
  mentions.csv, already in table order, a placeholder where each claim id goes (`spill.py`).
- Resolution is the local engine's (`spill.py`), as Dask DataFrame steps: the documents' figures (hashes)
  are aligned on one worker; every mention and every alignment edge is shuffled to the partition of its
  value group, where `spill.resolve_partition` makes the claims; the claim ids are shuffled to the part
  of mentions.csv they belong to and written into it in place; the claims are shuffled on their topic,
  where they get their conflicts (`dedup.with_conflicts`).
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
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .align import align
from .dedup import claim_order_text, topic_partition, with_conflicts
from .model import Claim, UsageError
from .readers import DEFAULT_MAX_BYTES
from .run_report import RunReport, manifest_of
from .sources import walk_sources
from .spill import PARTITIONS, claim_line, edge_lines, patch_claim_ids, read_claim, resolve_partition
from .step import SourceResult, fewer_collections, process_source
from .stories import stories_of
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
             workers: int = 2, log=None, allow_empty: bool = False, timeout: float = 10.0,
             step: Callable[[Path, str], SourceResult] | None = None) -> RunReport:
    """Rebuild the tables in `out` from every file under `sources` on a Dask cluster: the one at
    `scheduler` (UsageError when it cannot be reached in `timeout` seconds), or a LocalCluster of
    `workers` processes started for the run. `step`: the document step the workers run (sent to them
    pickled: a module's function or a `functools.partial` of one); by default `step.process_source` with
    `max_bytes`, each document read whole."""
    step = step or partial(process_source, max_bytes=max_bytes)
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
                return _run(client, tasks, out.resolve(), step, log, found, allow_empty)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster) as client:
            return _run(client, tasks, out.resolve(), step, log, found, allow_empty)


def _run(client, tasks: list[tuple[str, str]], out: Path, step, log=None, found: tuple | list = (),
         allow_empty: bool = False) -> RunReport:
    import dask.dataframe as dd
    from dask import delayed

    report = RunReport(added=[rel for _, rel in tasks])
    with tempfile.TemporaryDirectory(dir=out, prefix=".dask-", suffix=".tmp") as folder:
        parts_dir = Path(folder)
        workers = len(client.scheduler_info().get("workers", {})) or 1
        n = min(len(tasks), max(2 * workers, math.ceil(len(tasks) / DOCUMENTS_PER_PARTITION)))
        chunks = [tasks[i * len(tasks) // n:(i + 1) * len(tasks) // n] for i in range(n)]
        documents = [delayed(_documents)(chunk, i, step, str(parts_dir / f"mentions-{i:05d}.csv"))
                     for i, chunk in enumerate(chunks)]
        documents = client.persist(documents) if documents else []
        summaries = _summaries(client, [delayed(_summary)(d) for d in documents], len(tasks), log or sys.stderr)
        entries = [e for s in summaries for e in s["entries"]]
        errors = sorted([*found, *(e for s in summaries for e in s["errors"])], key=lambda e: e["path"])
        for error in errors:
            print(f"extract: skipped {error['path']}: {error['reason']}", file=log or sys.stderr)
        total = sum(s["mentions"] for s in summaries)

        claim_parts: list[Path] = []
        n_claims, aligned = 0, []
        if total:
            # Resolution: every mention, and every alignment edge, to the partition of its value group.
            alignment = client.persist(delayed(_align)([delayed(_figures)(d) for d in documents]))
            edges = delayed(_edges_frame)(alignment)
            lines = dd.from_delayed([delayed(_lines_frame)(d) for d in documents] + [edges], meta=_line_meta(),
                                    verify_meta=False)
            resolved = lines.shuffle(on="part", npartitions=len(documents)).map_partitions(
                _resolve_frame, meta=_line_meta())
            resolved = client.persist(resolved)
            # Claim ids into the parts of mentions.csv, by the part they are in.
            ids = resolved[resolved["kind"] == ID].shuffle(on="part", npartitions=len(documents))
            patched = ids.map_partitions(_patch_parts, str(parts_dir), meta=(None, "int64")).compute()
            if int(patched.sum()) != total:
                raise RuntimeError("a mention was left without a claim")
            # Conflicts by topic, then the claims sorted by ranges of their key, each range written by a worker.
            found = resolved[resolved["kind"] == CLAIM].shuffle(on="part", npartitions=len(documents))
            claims = client.persist(found.map_partitions(_claims_frame, meta=_claim_meta()))
            # Sorting by ranges of the sort key, the ranges cut where a sample of every partition says
            # (Dask's own sort_values deadlocks in-process schedulers on Python 3.11 when it computes
            # its divisions, so the same method is spelled out here).
            samples = sorted(claims.map_partitions(_sample, meta=(None, "object")).compute())
            cuts = [samples[i * len(samples) // len(documents)] for i in range(1, len(documents))]
            ranged = claims.map_partitions(_range, cuts, meta=_claim_meta().assign(range=pd_series("int64")))
            ranged = ranged.shuffle(on="range", npartitions=len(documents))
            written = ranged.map_partitions(_write_ranges, str(parts_dir), meta=(None, "object")).compute()
            parts = sorted(tuple(json.loads(w)) for w in written)  # (range, rows, path), in key order
            claim_parts = [Path(path) for _, _, path in parts]
            n_claims = sum(rows for _, rows, _ in parts)
            aligned = client.compute(delayed(_pairs)(alignment)).result()
            del claims, resolved, documents, alignment  # released on the workers before the cluster goes

        report.documents, report.mentions, report.claims, report.errors = len(entries), total, n_claims, errors
        mention_parts = [parts_dir / f"mentions-{i:05d}.csv" for i in range(len(chunks))]
        temps = {"mentions.csv": concatenate(out, "mentions.csv", MENTION_COLUMNS, mention_parts),
                 "claims.csv": concatenate(out, "claims.csv", CLAIM_COLUMNS, claim_parts),
                 "errors.csv": write_csv_file(out, "errors.csv", ERROR_COLUMNS, errors)}

        def parquet_on_a_worker(csv_path: Path, folder: Path, name: str) -> Path:
            return client.submit(csv_to_parquet, csv_path, folder, name, pure=False).result()

        finish_tables(out, temps, manifest_of(entries, report), parquet=parquet_on_a_worker, allow_empty=allow_empty,
                      stories=stories_of(aligned, entries))
    return report


PART_BITS = 40  # a mention's key: its part of mentions.csv, and the byte offset of its claim id there
MENTION, EDGE, CLAIM, ID = 0, 1, 2, 3  # what a line of the resolution frames is


def _documents(chunk: list[tuple[str, str]], number: int, step, part: str) -> dict:
    """Read and extract a partition of documents on a worker with the document step; its mentions go to a
    part of mentions.csv (table order: the partition holds consecutive sources), claim ids to follow, and
    their lines for resolution stay with the task for the shuffle."""
    table = TableFile(Path(part).parent, Path(part).name, MENTION_COLUMNS, header=False)
    entries, errors, lines, figures = [], [], [], []
    offset = number << PART_BITS
    with fewer_collections():  # as the local engine does: a performance setting only
        for path, rel in chunk:
            r = step(Path(path), rel)
            if r.error:
                errors.append(r.error)
                continue
            entries.append(r.entry)
            for rendered in r.pieces():  # all at once, or a window of a large document at a time
                table.write_text(rendered.text, rendered.rows)
                lines += [(p, f"[{offset + at},{tail}") for p, at, tail in rendered.lines]
                offset += rendered.nbytes
                if rendered.figures is not None and len(rendered.figures.values):
                    figures.append(rendered.figures)
    Path(table.close()).replace(part)
    return {"entries": entries, "errors": errors, "lines": lines, "figures": figures}


def _summaries(client, tasks: list, total: int, log) -> list[dict]:
    """The partitions' summaries, in order, with progress shown as each partition's documents are done:
    a bar on a terminal, a log line every so often elsewhere, as the local engine shows it."""
    from distributed import as_completed

    from .progress import Progress

    futures = client.compute(tasks) if tasks else []
    where = {f.key: k for k, f in enumerate(futures)}
    found: list[dict] = [{} for _ in futures]
    progress = Progress(total, log)
    try:
        for future in as_completed(futures):
            summary = found[where[future.key]] = future.result()
            for failed in [False] * len(summary["entries"]) + [True] * len(summary["errors"]):
                progress.update(failed)
    finally:
        progress.close()
    return found


def _summary(documents: dict) -> dict:
    return {"entries": documents["entries"], "errors": documents["errors"], "mentions": len(documents["lines"])}


def _figures(documents: dict) -> list:
    return documents["figures"]


def pd_series(dtype: str):
    import pandas as pd

    return pd.Series(dtype=dtype)


def _line_meta():
    import pandas as pd

    return pd.DataFrame({"part": pd_series("int64"), "kind": pd_series("int64"), "line": pd_series("object")})


def _line_frame(rows: list[tuple[int, int, str]]):
    import pandas as pd

    if not rows:
        return _line_meta()
    part, kind, line = zip(*rows, strict=True)
    return pd.DataFrame({"part": pd.Series(part, dtype="int64"), "kind": pd.Series(kind, dtype="int64"),
                         "line": pd.Series(line, dtype="object")})


def _lines_frame(documents: dict):
    return _line_frame([(p, MENTION, line) for p, line in documents["lines"]])


def _align(figures: list[list]):
    """The documents aligned, in document order, on one worker (their figures are hashes: 16 bytes each):
    the aligned pairs (for the stories of independent sources) and the alignment edges."""
    pairs, edges = align([f for chunk in figures for f in chunk])
    return [(p.source_a, p.source_b) for p in pairs], edges


def _pairs(alignment):
    return alignment[0]


def _edges_frame(alignment):
    """The alignment edges as lines for the partitions of their figures."""
    return _line_frame([(p, EDGE, line) for p, line in edge_lines(alignment[1], PARTITIONS)])


def _resolve_frame(frame):
    """The claims of the value groups in this partition (by topic partition, for the conflicts), and the
    claim id of each of its mentions (by its part of mentions.csv)."""
    mention_lines = frame["line"][frame["kind"] == MENTION]
    edge_lines_ = frame["line"][frame["kind"] == EDGE]
    claims, ids = resolve_partition(mention_lines, edge_lines_)
    rows = [(topic_partition(c, PARTITIONS), CLAIM, claim_line(c)) for c in claims]
    rows += [(key >> PART_BITS, ID, f"{key & ((1 << PART_BITS) - 1)} {cid}") for key, cid in ids]
    return _line_frame(rows)


def _patch_parts(frame, folder: str):
    """Write the claim ids of each part of mentions.csv held here into that part, in place."""
    import pandas as pd

    written = 0
    for number, rows in frame.groupby("part", sort=True):
        ids = sorted((int(at), cid) for at, cid in (line.split() for line in rows["line"]))
        written += patch_claim_ids(Path(folder) / f"mentions-{int(number):05d}.csv", ids)
    return pd.Series([written], dtype="int64")


def _meta(columns: list[str], **extra: str):
    """An empty frame with a table's columns typed as the tables type them, and extra columns."""
    import pandas as pd

    dtypes = {c: "float64" if c in FLOAT_COLUMNS else "int64" if c in INT_COLUMNS else "object" for c in columns}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in {**dtypes, **extra}.items()})


def _claim_meta():
    return _meta(CLAIM_COLUMNS, order="object")


def _claims_frame(frame):
    """The claims of one shuffled partition, with their conflicts: every claim of each of its topics is here."""
    import pandas as pd

    claims = with_conflicts(map(read_claim, frame["line"]))
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
