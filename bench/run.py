"""Throughput benchmark: `make bench` (SIZE=10MB by default, SIZE=100MB for the large corpus).

    python -m bench.run [--size 1MB|10MB|100MB]

Builds a benchmark corpus deterministically from sources/ (documents in en, fr, zh-Hant and zh-Hans,
with varied figures, entities and lengths, some of them HTML pages), runs the pipeline on it, and, in
the same run, the floor: reading and decoding the same files and finding every digit run with one regex.
Prints documents/s, MB/s, characters/s, mentions/s, peak RSS, time per stage and the ratio of our time to
the floor, and per source format the MB/s of its documents' own work (read to per-document dedup, not the
writer they share): the bar of the scale issue is on markdown and text;
writes bench/results/bench-<size>-<machine>.json. The pipeline and the floor each run in a child process,
so that each peak RSS is its own.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("EXTRACT_BENCH_CACHE", "/tmp/extract-bench"))
ACTORS = ["AWS", "Microsoft Azure", "Google Cloud", "CoreWeave", "Lambda", "Oracle", "IBM", "Alibaba Cloud",
          "Tencent Cloud", "RunPod", "Nebius", "Crusoe", "NVIDIA", "AMD", "OpenAI", "Anthropic"]
SIZES = {"1MB": 1_000_000, "10MB": 10_000_000, "100MB": 100_000_000}


def _simplified() -> dict[int, str]:
    """Traditional -> Simplified, from the project's own character table."""
    table = {}
    text = (ROOT / "extract/resources/zh_variants.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.startswith("#"):
            for pair in line.split():
                if len(pair) == 2:
                    table[ord(pair[0])] = pair[1]
    return table


def _variant(raw: str, rng: random.Random) -> str:
    """A document like `raw`: other figures, other actors, its paragraphs resampled to another length."""
    shift = rng.randrange(1, 9)
    raw = re.sub(r"\d", lambda m: str((int(m.group()) + shift) % 10), raw)
    swap = rng.sample(ACTORS, 4)
    for old, new in zip(("AWS", "CoreWeave", "Lambda", "Azure"), swap, strict=True):
        raw = raw.replace(old, new)
    head, sep, body = raw.partition("\n---\n") if raw.startswith("---") else ("", "", raw)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    keep = [rng.choice(paragraphs) for _ in range(rng.randrange(3, max(4, len(paragraphs) * 2)))]
    return head + sep + "\n\n".join(keep) + "\n"


def _as_html(text: str, lang: str) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip() and not p.startswith("---"))
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Report</title>'
            f"<script>var views = 1234;</script></head><body><nav><a href='/'>Home</a> Top 10</nav>"
            f"<article>{body}</article><footer>© 2025, 1 200 readers</footer></body></html>")


def build_corpus(size: str) -> Path:
    """The corpus of the given size, built once and cached (same bytes every time)."""
    target = SIZES[size]
    folder = CACHE / size
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261122)
    seeds = sorted((ROOT / "sources").iterdir())
    to_simplified = _simplified()
    total, i = 0, 0
    while total < target:
        seed = seeds[i % len(seeds)]
        raw = _variant(seed.read_text(encoding="utf-8"), rng)
        lang = "zh-Hant" if "lang: hant" in raw else ("fr" if "lang: fr" in raw else "en")
        if lang == "zh-Hant" and i % 5 == 0:
            raw, lang = raw.translate(to_simplified).replace("lang: hant", "lang: zh"), "zh-Hans"
        if i % 7 == 3:
            name, data = f"doc_{i:06d}.html", _as_html(raw, lang)
        else:
            name, data = f"doc_{i:06d}.md", raw
        (folder / name).write_text(data, encoding="utf-8")
        total += len(data.encode("utf-8"))
        i += 1
    done.write_text(str(total))
    return folder


def _floor(folder: Path) -> dict:
    """Read and decode every file and find every digit run with one regex: the least any extractor does."""
    from extract.readers.decoding import decode

    digits = re.compile(r"\d+")
    start, runs, nbytes, chars = time.perf_counter(), 0, 0, 0
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        data = path.read_bytes()
        nbytes += len(data)
        text, _ = decode(data)
        chars += len(text)
        runs += sum(1 for _ in digits.finditer(text))
    return {"seconds": time.perf_counter() - start, "bytes": nbytes, "characters": chars, "digit_runs": runs}


def _pipeline(folder: Path, jobs: int = 1) -> dict:
    from extract import clock
    from extract.pipeline import run

    out = CACHE / f"out-{folder.name}-{jobs}"
    clock.reset()
    start = time.perf_counter()
    report = run(folder, out, log=open(os.devnull, "w"), jobs=jobs)  # noqa: SIM115 - a sink for the run
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "documents": report.documents, "mentions": report.mentions,
            "claims": report.claims, "stages": {k: round(v, 3) for k, v in sorted(clock.SECONDS.items())},
            "by_format": {fmt: list(row) for fmt, row in sorted(clock.BY_FORMAT.items())}}


def _child(kind: str, folder: Path, *args) -> dict:
    """Run one measurement in a fresh process and return its figures with its own peak RSS (and that of
    the largest of its worker processes, if it had any)."""
    code = (f"import json, resource; from bench.run import _{kind}; from pathlib import Path; "
            f"r = _{kind}(Path({str(folder)!r}), *{args!r}); "
            "r['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
            "r['worker_peak_rss_mb'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024; "
            "print(json.dumps(r))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _by_format(rows: dict[str, list[float]]) -> dict[str, dict]:
    """Per source format: its documents, megabytes, the seconds of their own work and its MB/s; and
    markdown and text together, the formats the issue's throughput bar names."""
    out = {fmt: {"documents": int(n), "megabytes": round(b / 1e6, 2), "seconds": round(s, 2),
                 "mb_per_s": round(b / 1e6 / s, 3) if s else None} for fmt, (n, b, s) in rows.items()}
    plain = [rows[f] for f in ("markdown", "text") if f in rows]
    b, s = sum(r[1] for r in plain), sum(r[2] for r in plain)
    out["markdown_and_text"] = {"megabytes": round(b / 1e6, 2), "seconds": round(s, 2),
                                "mb_per_s": round(b / 1e6 / s, 3) if s else None}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="10MB")
    ap.add_argument("--jobs", type=int, default=1, help="processes for the pipeline (default 1: one core)")
    args = ap.parse_args()
    folder = build_corpus(args.size)
    floor = _child("floor", folder)
    ours = _child("pipeline", folder, args.jobs)
    mb = floor["bytes"] / 1e6
    result = {
        "size": args.size, "jobs": args.jobs, "documents": ours["documents"], "megabytes": round(mb, 2),
        "seconds": round(ours["seconds"], 2),
        "documents_per_s": round(ours["documents"] / ours["seconds"], 1),
        "mb_per_s": round(mb / ours["seconds"], 3),
        "characters_per_s": round(floor["characters"] / ours["seconds"]),
        "mentions_per_s": round(ours["mentions"] / ours["seconds"], 1),
        "mentions": ours["mentions"], "claims": ours["claims"], "peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "worker_peak_rss_mb": round(ours["worker_peak_rss_mb"], 1),
        "stages_s": ours["stages"],
        "by_format": _by_format(ours["by_format"]),
        "floor": {"seconds": round(floor["seconds"], 3), "mb_per_s": round(mb / floor["seconds"], 1),
                  "peak_rss_mb": round(floor["peak_rss_mb"], 1)},
        "ratio_to_floor": round(ours["seconds"] / floor["seconds"], 1),
        "machine": {"node": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version(),
                    "machine": platform.machine()},
    }
    for key, value in result.items():
        print(f"{key:16s} {value}")
    jobs = f"-jobs{args.jobs}" if args.jobs != 1 else ""
    out = ROOT / "bench" / "results" / f"bench-{args.size}{jobs}-{platform.node() or 'machine'}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
