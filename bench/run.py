"""Throughput benchmark: `make bench` (SIZE=10MB by default; PROFILE=articles by default, see bench/corpus.py).

    python -m bench.run [--size 1MB|10MB|100MB] [--profile articles|shifted-seeds] [--jobs N]
                        [--no-repeated] [--no-cold]

Builds the corpus (bench/corpus.py), then measures, each in a fresh child process so that each peak RSS is
its own:

- the floor: reading and decoding every file and finding every digit run with one regex, the least any
  extractor does;
- the pipeline on one core and on `--jobs N` (default: every core), once what a process builds once is
  built: MB/s (and per CPU second: the machine may be shared), characters/s, mentions/s, peak RSS, time per
  stage, and per source format and per format and language the MB/s and characters/s of their
  documents' own work (read to per-document dedup, not the writer they share), and the ratio to the floor;
- a cold process: the time to its first document (spawn, imports, packs, one note extracted), a whole
  `extract run --jobs 1` over that one note, and `extract parse` of one French sentence;
- real articles repeated: the five files of sources/ copied 350 times, `extract run --jobs 1` timed as a
  whole process, against the floor on the same files timed as a whole process too.

Writes bench/results/bench-<profile>-<size>-<machine>.json. Earlier results of the shifted-seeds corpus
(bench-<size>[-jobsN]-<machine>.json) came from one run per job count.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import PROFILES, SIZES, build_corpus  # noqa: F401 - build_corpus: what the tests build with

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("EXTRACT_BENCH_CACHE", "/tmp/extract-bench"))
FRENCH = "Le marché mondial du cloud GPU a atteint 18,2 milliards de dollars en 2025, en hausse de 17 % sur un an."
COLD_RUNS = 3


def _floor(folder: Path) -> dict:
    """Read and decode every file and find every digit run with one regex: the least any extractor does."""
    from extract.readers.decoding import decode

    digits = re.compile(r"\d+")
    start, cpu, runs, nbytes, chars = time.perf_counter(), time.process_time(), 0, 0, 0
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        data = path.read_bytes()
        nbytes += len(data)
        text, _ = decode(data)
        chars += len(text)
        runs += sum(1 for _ in digits.finditer(text))
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "bytes": nbytes,
            "characters": chars, "digit_runs": runs}


def warm_up() -> None:
    """What a process builds once, built before the clock starts (packs, gazetteers, number-word grammars,
    the language detector's profiles): the cold process is measured on its own."""
    from extract.extractor import extract_document
    from extract.parallel import warm_up as pool_warm_up
    from extract.readers import read_bytes

    pool_warm_up()
    for lang, text in (("en", "AWS had about 31% of the market in Q1 2025, or $4.2 billion."),
                       ("fr", "AWS détenait environ 31 % du marché au T1 2025, soit 4,2 milliards de dollars."),
                       ("hant", "AWS在2025年第一季的市佔率約31%，營收42億美元。"),
                       ("zh", "AWS在2025年第一季的市占率约31%，营收42亿美元。")):
        extract_document(read_bytes(f"---\nlang: {lang}\n---\n{text}\n".encode(), "warm-up.md"))


def _cpu() -> float:
    import resource

    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


def _pipeline(folder: Path, jobs: int = 1, out: str = "") -> dict:
    from extract.pipeline import run

    out = Path(out) if out else CACHE / f"out-{folder.name}-{jobs}"
    warm_up()
    start, cpu = time.perf_counter(), _cpu()
    report = run(folder, out, log=open(os.devnull, "w"), jobs=jobs)  # noqa: SIM115 - a sink for the run
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "documents": report.documents, "mentions": report.mentions,
            "claims": report.claims, "stages": {k: round(v, 3) for k, v in sorted(report.stages.items())},
            "by_format": {fmt: list(row) for fmt, row in sorted(report.by_format.items())},
            "by_kind": [[fmt, lang, *row] for (fmt, lang), row in sorted(report.by_kind.items())]}


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


def _rate(nbytes: float, chars: float, seconds: float) -> dict:
    return {"megabytes": round(nbytes / 1e6, 3), "seconds": round(seconds, 3),
            "mb_per_s": round(nbytes / 1e6 / seconds, 3) if seconds else None,
            "characters_per_s": round(chars / seconds) if seconds else None}


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


def _characters(folder: Path, manifest: dict) -> dict[tuple[str, str], int]:
    """Characters of the decoded files per (format, language), as the manifest of a run names them."""
    from extract.readers.decoding import decode

    chars: dict[tuple[str, str], int] = {}
    for e in manifest["sources"]:
        key = (e["format"], e["language"])
        chars[key] = chars.get(key, 0) + len(decode((folder / e["path"]).read_bytes())[0])
    return chars


def _by_kind(rows: list[list], chars: dict[tuple[str, str], int], manifest: dict) -> dict[str, dict]:
    """Per format and language (html/en, markdown/zh-Hans...): documents, MB, mentions per kB, the seconds
    of their documents' own work, MB/s and characters/s."""
    mentions: dict[tuple[str, str], int] = {}
    for e in manifest["sources"]:
        key = (e["format"], e["language"])
        mentions[key] = mentions.get(key, 0) + e["mentions"]
    out = {}
    for fmt, lang, n, nbytes, seconds in rows:
        key = (fmt, lang)
        out[f"{fmt}/{lang}"] = {"documents": int(n), **_rate(nbytes, chars.get(key, 0), seconds),
                                "mentions_per_kb": round(mentions.get(key, 0) / nbytes * 1e3, 2)}
    return out


def _measure(folder: Path, floor: dict, jobs: int) -> dict:
    ours = _child("pipeline", folder, jobs)
    out = CACHE / f"out-{folder.name}-{jobs}"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    mb = floor["bytes"] / 1e6
    return {
        "jobs": jobs, "documents": ours["documents"], "seconds": round(ours["seconds"], 2),
        "cpu_seconds": round(ours["cpu_seconds"], 2), "mb_per_cpu_s": round(mb / ours["cpu_seconds"], 3),
        "documents_per_s": round(ours["documents"] / ours["seconds"], 1),
        "mb_per_s": round(mb / ours["seconds"], 3),
        "characters_per_s": round(floor["characters"] / ours["seconds"]),
        "mentions_per_s": round(ours["mentions"] / ours["seconds"], 1),
        "mentions": ours["mentions"], "claims": ours["claims"],
        "mentions_per_kb": round(ours["mentions"] / floor["bytes"] * 1e3, 2),
        "peak_rss_mb": round(ours["peak_rss_mb"], 1), "worker_peak_rss_mb": round(ours["worker_peak_rss_mb"], 1),
        "ratio_to_floor": round(ours["seconds"] / floor["seconds"], 1),
        "cpu_ratio_to_floor": round(ours["cpu_seconds"] / floor["cpu_seconds"], 1),
        "stages_s": ours["stages"],
        "by_format": _by_format(ours["by_format"]),
        "by_format_and_language": _by_kind(ours["by_kind"], _characters(folder, manifest), manifest),
    }


def _first_document(path: str) -> None:
    """In a cold process: what `extract run` imports, then one document read and extracted."""
    import extract.cli  # noqa: F401 - the command line's imports, as a user's process has them
    from extract.step import process_source

    process_source(Path(path), Path(path).name)
    print("first document done", flush=True)


def _timed(argv: list[str], until: str | None = None) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak RSS in MB) of the process `argv`, from its spawn to its exit, or the
    seconds to the first line of its output that starts with `until` (CPU and memory: the whole process)."""
    start = time.perf_counter()
    with subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        seconds = None
        for line in proc.stdout:
            if until and seconds is None and line.startswith(until):
                seconds = time.perf_counter() - start
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU time and peak memory
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start if seconds is None else seconds
    if proc.returncode != 0:
        raise RuntimeError(f"{argv} failed")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cold(note: Path) -> dict:
    """A cold process, median of COLD_RUNS: the time to its first document, a whole `extract run --jobs 1`
    of that one document, and `extract parse` of one French sentence."""
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources"
        sources.mkdir()
        (sources / note.name).write_bytes(note.read_bytes())
        first = [sys.executable, "-c", f"from bench.run import _first_document; _first_document({str(note)!r})"]
        run = [sys.executable, "-m", "extract", "run", "--sources", str(sources), "--out", str(Path(tmp) / "out"),
               "--jobs", "1"]
        parse = [sys.executable, "-m", "extract", "parse", FRENCH]
        times: dict[str, list[float]] = {}
        for _ in range(COLD_RUNS):
            for name, argv, until in (("first_document", first, "first document done"), ("run_one_document", run, None),
                                      ("parse_one_sentence", parse, None)):
                seconds, cpu, _ = _timed(argv, until)
                times.setdefault(f"{name}_s", []).append(seconds)
                times.setdefault(f"{name}_cpu_s", []).append(cpu)
    return {k: round(statistics.median(v), 3) for k, v in times.items()} | {"runs": COLD_RUNS,
                                                                           "document": note.name}


def repeated() -> dict:
    """Real articles repeated: the files of sources/ copied COPIES times, `extract run --jobs 1` timed as a
    whole process (start-up, writing the tables), against the floor on the same files, timed the same way
    (a process that starts, reads, decodes and scans them), in the same run."""
    folder = build_corpus("1MB", "seeds-repeated", CACHE)  # its size is set by the copies, not by SIZES
    floor_seconds, floor_cpu, _ = _timed([sys.executable, "-c", f"from bench.run import _floor; from pathlib import "
                                          f"Path; _floor(Path({str(folder)!r}))"])
    nbytes = sum(p.stat().st_size for p in folder.iterdir() if not p.name.startswith("."))
    with tempfile.TemporaryDirectory() as tmp:
        seconds, cpu, rss = _timed([sys.executable, "-m", "extract", "run", "--sources", str(folder), "--out", tmp,
                                    "--jobs", "1"])
    mb = nbytes / 1e6
    return {"documents": len([p for p in folder.iterdir() if not p.name.startswith(".")]),
            "megabytes": round(mb, 2), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_rss_mb": round(rss, 1),
            "mb_per_s": round(mb / seconds, 3), "mb_per_cpu_s": round(mb / cpu, 3),
            "floor_s": round(floor_seconds, 3), "floor_cpu_s": round(floor_cpu, 3),
            "ratio_to_floor": round(seconds / floor_seconds, 1), "cpu_ratio_to_floor": round(cpu / floor_cpu, 1)}


def main() -> None:
    from extract.parallel import default_jobs

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="10MB")
    ap.add_argument("--profile", choices=[p for p in PROFILES if p != "seeds-repeated"], default="articles")
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="processes of the second run (default: every "
                                                                      "core); the first runs on one")
    ap.add_argument("--no-repeated", action="store_true", help="skip the seeds copied 350 times")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-process measures")
    args = ap.parse_args()
    folder = build_corpus(args.size, args.profile, CACHE)
    floor = _child("floor", folder)
    result = {"profile": args.profile, "size": args.size, "megabytes": round(floor["bytes"] / 1e6, 2),
              "characters": floor["characters"],
              "floor": {"seconds": round(floor["seconds"], 3), "cpu_seconds": round(floor["cpu_seconds"], 3),
                        "mb_per_s": round(floor["bytes"] / 1e6 / floor["seconds"], 1),
                        "peak_rss_mb": round(floor["peak_rss_mb"], 1)},
              "one_core": _measure(folder, floor, 1)}
    if args.jobs > 1:
        result[f"jobs_{args.jobs}"] = _measure(folder, floor, args.jobs)
        result[f"jobs_{args.jobs}"]["speedup"] = round(result["one_core"]["seconds"] /
                                                       result[f"jobs_{args.jobs}"]["seconds"], 2)
    if not args.no_cold:
        note = next(p for p in sorted(folder.iterdir()) if p.suffix == ".md")
        result["cold_process"] = cold(note)
    if not args.no_repeated:
        result["seeds_repeated"] = repeated()
    result["machine"] = {"node": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version(),
                         "machine": platform.machine()}
    for key, value in result.items():
        print(f"{key:16s} {json.dumps(value, ensure_ascii=False)}")
    out = ROOT / "bench" / "results" / f"bench-{args.profile}-{args.size}-{platform.node() or 'machine'}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
