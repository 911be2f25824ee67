"""A big single document against the same text as separate files: `make bench-big` (MB=45 by default).

    python -m bench.big [--megabytes 45]

The files of sources/ joined, again and again, into one markdown document of that size (bench/corpus.py,
`joined_seeds`), and the same files copied 350 times as separate documents; `extract run --jobs 1` timed as
a whole process on each: seconds, CPU seconds, peak RSS, and the CPU seconds per MB of the one document
against those of the separate files (the issue's bar: the big document at 80 % of their speed or more, in
400 MB or less). Writes bench/results/big-<MB>MB-<machine>.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path

from .corpus import build_corpus, joined_seeds
from .run import CACHE, ROOT, _timed


def _run(folder: Path) -> dict:
    nbytes = sum(p.stat().st_size for p in folder.iterdir() if not p.name.startswith("."))
    with tempfile.TemporaryDirectory() as out:
        seconds, cpu, rss = _timed([sys.executable, "-m", "extract", "run", "--sources", str(folder), "--out", out,
                                    "--jobs", "1"])
    return {"megabytes": round(nbytes / 1e6, 2), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "mb_per_cpu_s": round(nbytes / 1e6 / cpu, 3), "peak_rss_mb": round(rss, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--megabytes", type=int, default=45)
    args = ap.parse_args()
    one = _run(joined_seeds(args.megabytes, CACHE))
    separate = _run(build_corpus("1MB", "seeds-repeated", CACHE))
    result = {"one_document": one, "separate_files": separate,
              "speed_of_separate_files": round(one["mb_per_cpu_s"] / separate["mb_per_cpu_s"], 3),
              "machine": {"node": platform.node(), "python": platform.python_version()}}
    for key, value in result.items():
        print(f"{key:24s} {json.dumps(value)}")
    out = ROOT / "bench" / "results" / f"big-{args.megabytes}MB-{platform.node() or 'machine'}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
