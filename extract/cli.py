"""Command line: `extract run` builds the tables, `extract parse` shows what one text holds."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import parse
from .pipeline import run

USAGE_ERROR = 2


def _run(args: argparse.Namespace) -> int:
    sources, out = Path(args.sources), Path(args.out)
    if not sources.is_dir():
        print(f"extract: sources folder not found: {sources}", file=sys.stderr)
        return USAGE_ERROR
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"extract: cannot create output folder {out}: {exc.strerror}", file=sys.stderr)
        return USAGE_ERROR
    if not os.access(out, os.W_OK):
        print(f"extract: output folder is not writable: {out}", file=sys.stderr)
        return USAGE_ERROR
    report = run(sources, out)
    print(f"extract: {report.documents} documents, {report.mentions} mentions, {report.claims} claims, "
          f"{len(report.errors)} skipped -> {out}", file=sys.stderr)
    return report.exit_status


def _parse(args: argparse.Namespace) -> int:
    if args.jsonl:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            found = parse(request["text"], request.get("lang"))
            print(json.dumps({"id": request.get("id"), "mentions": found}, ensure_ascii=False))
        return 0
    if args.text is None:
        print("extract parse: give a TEXT or --jsonl", file=sys.stderr)
        return USAGE_ERROR
    for mention in parse(args.text, args.lang):
        print(json.dumps(mention, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="extract", description="Numeric claims from multilingual articles.")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="rebuild the tables from every source file")
    r.add_argument("--sources", default="sources", help="folder of source documents (default: sources)")
    r.add_argument("--out", default="normalized", help="folder for the tables (default: normalized)")
    r.set_defaults(func=_run)
    p = sub.add_parser("parse", help="print the figures of one text as JSON lines")
    p.add_argument("text", nargs="?", help="the text to read")
    p.add_argument("--lang", help="language code (en, fr, zh-Hans, zh-Hant); detected when absent")
    p.add_argument("--jsonl", action="store_true", help='read {"id","lang","text"} lines on standard input')
    p.set_defaults(func=_parse)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
