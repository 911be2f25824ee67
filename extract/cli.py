"""Command line: `extract run` builds the tables, `extract parse` shows what one text holds."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import explain, parse
from .audit import audit
from .packs import ENV, PackError, UnknownLanguage
from .parallel import default_jobs
from .pipeline import batch, run
from .readers import DEFAULT_MAX_BYTES

USAGE_ERROR = 2


def _usable_out(out: Path) -> bool:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"extract: cannot create output folder {out}: {exc.strerror}", file=sys.stderr)
        return False
    if not os.access(out, os.W_OK):
        print(f"extract: output folder is not writable: {out}", file=sys.stderr)
        return False
    return True


def _summary(report, out: Path) -> None:
    print(f"extract: {report.documents} documents, {report.mentions} mentions, {report.claims} claims, "
          f"{len(report.errors)} skipped -> {out}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    sources, out = Path(args.sources), Path(args.out)
    if not sources.is_dir():
        print(f"extract: sources folder not found: {sources}", file=sys.stderr)
        return USAGE_ERROR
    if not _usable_out(out):
        return USAGE_ERROR
    if args.engine == "dask":
        from .dask_engine import run_dask

        report = run_dask(sources, out, max_bytes=args.max_bytes, scheduler=args.scheduler,
                          workers=args.jobs or default_jobs())
    else:
        report = run(sources, out, max_bytes=args.max_bytes, jobs=args.jobs or default_jobs())
    _summary(report, out)
    return report.exit_status


def _batch(args: argparse.Namespace) -> int:
    sources, out = Path(args.sources), Path(args.out)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"extract batch: not found: {', '.join(missing)}", file=sys.stderr)
        return USAGE_ERROR
    if not _usable_out(out):
        return USAGE_ERROR
    report = batch([Path(p) for p in args.paths], sources, out, max_bytes=args.max_bytes,
                   jobs=args.jobs or default_jobs())
    for label, names in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        for name in names:
            print(f"extract batch: {label} {name}", file=sys.stderr)
    print(f"extract batch: {len(report.added)} added, {len(report.changed)} changed, "
          f"{len(report.unchanged)} unchanged (skipped), {len(report.removed)} removed", file=sys.stderr)
    _summary(report, out)
    return report.exit_status


def _audit(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not (out / "manifest.json").exists():
        print(f"extract audit: no tables in {out} (no manifest.json)", file=sys.stderr)
        return USAGE_ERROR
    return audit(Path(args.sources), out, args.claim_ids)


def _parse_jsonl(read) -> int:
    """One answer a request, in order; a request in a language no pack reads gets an error of its own."""
    status = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            answer = {"id": request.get("id"), "mentions": read(request["text"], request.get("lang"))}
        except UnknownLanguage as exc:
            answer, status = {"id": request.get("id"), "error": str(exc)}, 1
        print(json.dumps(answer, ensure_ascii=False))
    return status


def _parse(args: argparse.Namespace) -> int:
    read = explain if args.explain else parse
    if args.jsonl:
        return _parse_jsonl(read)
    if args.text is None:
        print("extract parse: give a TEXT or --jsonl", file=sys.stderr)
        return USAGE_ERROR
    try:
        found = read(args.text, args.lang)
    except UnknownLanguage as exc:
        print(f"extract parse: {exc}", file=sys.stderr)
        return USAGE_ERROR
    for mention in found:
        print(json.dumps(mention, ensure_ascii=False))
    return 0


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _folders(parser: argparse.ArgumentParser, reading: bool) -> None:
    """The options every command on the dataset shares: where the sources and the tables are."""
    parser.add_argument("--sources", default="sources", help="folder of source documents (default: sources)")
    parser.add_argument("--out", default="normalized", help="folder of the tables (default: normalized)")
    if reading:
        parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                            help="skip files larger than this (default: 50 MB)")
        parser.add_argument("--jobs", "-j", type=_positive, default=0, metavar="N",
                            help="processes (default: every core); the tables are the same bytes for any N")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="extract", description="Numeric claims from multilingual articles.")
    ap.add_argument("--packs", metavar="DIR", action="append", default=[],
                    help=f"a folder of language packs, searched before the shipped ones (as ${ENV})")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="rebuild the tables from every source file")
    _folders(r, reading=True)
    r.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes (default), or Dask tasks: the same tables (pip install 'extract[dask]')")
    r.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler (tcp://host:8786); without it a LocalCluster is started")
    r.set_defaults(func=_run)
    b = sub.add_parser("batch", help="add new or changed articles to the tables, redoing only what changed")
    b.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to add to the sources folder")
    _folders(b, reading=True)
    b.set_defaults(func=_batch)
    a = sub.add_parser("audit", help="check every mention against its source, or show claims")
    a.add_argument("claim_ids", nargs="*", metavar="CLAIM_ID", help="claims to show with their mentions")
    _folders(a, reading=False)
    a.set_defaults(func=_audit)
    p = sub.add_parser("parse", help="print the figures of one text as JSON lines")
    p.add_argument("text", nargs="?", help="the text to read")
    p.add_argument("--lang", help="language code of a pack (en, fr, zh, zh-Hans, zh-Hant); detected when absent")
    p.add_argument("--jsonl", action="store_true", help='read {"id","lang","text"} lines on standard input')
    p.add_argument("--explain", action="store_true",
                   help="also print each number read and not kept, with the name of its reason and what it means")
    p.set_defaults(func=_parse)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.packs:  # through the environment, so that worker processes read the same packs
        os.environ[ENV] = os.pathsep.join([*args.packs, *filter(None, [os.environ.get(ENV)])])
    try:
        return args.func(args)
    except PackError as exc:
        print(f"extract: language packs: {exc}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
