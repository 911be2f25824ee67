"""Command line: `extract run` builds the tables, `extract batch` adds to them, `extract audit` checks them,
`extract parse` shows what one text holds.

Exit statuses: 0 done; 3 done, but some input was skipped (each reported); 2 nothing done, the command
cannot be carried out as given (a message says why); 1 the audit found a problem; 130 interrupted
(Ctrl-C), the previous tables intact; 141 the reader of the output went away (`| head`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

from .lock import locked
from .model import UsageError
from .packs import ENV, PackError, UnknownLanguage
from .readers import DEFAULT_MAX_BYTES
from .sources import check_given
from .tables import CommittedInterrupt, WouldEmpty, recover

# Each command imports what it needs when it runs: `parse` reads no file and writes no table.

USAGE_ERROR = 2
BAD_INPUT = 3  # as for skipped files: the rest was done
INTERRUPTED = 130  # 128 + SIGINT, as shells report a program Ctrl-C stopped
BROKEN_PIPE = 141  # 128 + SIGPIPE, as shells report a program whose reader went away
SCHEDULER_TIMEOUT = 10.0  # seconds to try to reach a --scheduler


def _usable_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create output folder {out}: {exc.strerror}") from exc
    if not os.access(out, os.W_OK):
        raise UsageError(f"output folder is not writable: {out}")


def _summary(report, out: Path, command: str = "run", as_json: bool = False) -> None:
    """The last word of a run or batch: a line on stderr ("skipped": files that could not be read), or with
    --json one object on stdout."""
    if as_json:
        summary = {"command": command, "out": str(out), "documents": report.documents, "mentions": report.mentions,
                   "claims": report.claims, "errors": report.errors}
        if command == "batch":
            summary.update(added=report.added, changed=report.changed, unchanged=report.unchanged,
                           removed=report.removed, redone=report.redone)
        print(json.dumps({**summary, "exit_status": report.exit_status}, ensure_ascii=False))
        return
    print(f"extract: {report.documents} documents, {report.mentions} mentions, {report.claims} claims, "
          f"{len(report.errors)} skipped -> {out}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from .parallel import default_jobs
    from .pipeline import check_folders, run

    sources, out = Path(args.sources), Path(args.out)
    if args.engine != "dask":
        options = (("--scheduler", args.scheduler), ("--timeout", args.timeout))
        given = [flag for flag, value in options if value is not None]
        if given:
            raise UsageError(f"{' and '.join(given)} {'apply' if len(given) > 1 else 'applies'} only to --engine dask")
    elif args.timeout is not None and not args.scheduler:
        raise UsageError("--timeout applies to --scheduler (how long to try to reach it)")
    if not sources.is_dir():
        raise UsageError(f"sources folder not found: {sources}")
    check_folders(sources, out)
    _usable_out(out)
    if args.engine == "dask":
        if importlib.util.find_spec("distributed") is None:
            raise UsageError("--engine dask needs Dask, which is not installed: pip install 'extract[dask]'")
        from .dask_engine import run_dask

        with locked(out, "run --engine dask"):
            try:
                report = run_dask(sources, out, max_bytes=args.max_bytes, scheduler=args.scheduler,
                                  workers=args.jobs or default_jobs(), allow_empty=args.allow_empty,
                                  timeout=args.timeout if args.timeout is not None else SCHEDULER_TIMEOUT)
            except BaseException:
                with contextlib.suppress(OSError):
                    recover(out)  # the temporary files of the parts
                raise
    else:
        report = run(sources, out, max_bytes=args.max_bytes, jobs=args.jobs or default_jobs(),
                     allow_empty=args.allow_empty)
    _summary(report, out, "run", args.json)
    return report.exit_status


def _batch(args: argparse.Namespace) -> int:
    from .parallel import default_jobs
    from .pipeline import batch, check_folders

    sources, out = Path(args.sources), Path(args.out)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"not found: {', '.join(missing)}")
    check_folders(sources, out)
    check_given([Path(p) for p in args.paths], sources, out)
    _usable_out(out)
    report = batch([Path(p) for p in args.paths], sources, out, max_bytes=args.max_bytes,
                   jobs=args.jobs or default_jobs(), allow_empty=args.allow_empty)
    for label, names in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        for name in names:
            print(f"extract batch: {label} {name}", file=sys.stderr)
    print(f"extract batch: {len(report.added)} added, {len(report.changed)} changed, "
          f"{len(report.unchanged)} unchanged{' (read again)' if report.redone else ''}, "
          f"{len(report.removed)} removed", file=sys.stderr)
    _summary(report, out, "batch", args.json)
    return report.exit_status


def _audit(args: argparse.Namespace) -> int:
    from .audit import audit

    out = Path(args.out)
    if not (out / "manifest.json").exists():
        raise UsageError(f"no tables in {out} (no manifest.json)")
    return audit(Path(args.sources), out, args.claim_ids, as_json=args.json)


def _parse(args: argparse.Namespace) -> int:
    from . import explain, parse

    if args.context and args.explain:
        raise UsageError("--context and --explain show different things: give one of them")
    read = _context_answer if args.context else explain if args.explain else parse
    if args.jsonl:
        return _parse_jsonl(sys.stdin.buffer, sys.stdout, read)
    if args.text is None:
        raise UsageError("give a TEXT or --jsonl")
    try:
        found = read(args.text, args.lang)
    except UnknownLanguage as exc:
        raise UsageError(str(exc)) from exc
    if args.context:
        print(f"extract parse: language {found['lang']}", file=sys.stderr)
        found = found["mentions"]
    for mention in found:
        print(json.dumps(mention, ensure_ascii=False))
    return 0


def _context_answer(text: str, lang: str | None) -> dict:
    """The text read as a one-document corpus: its language, and the figures the tables would keep, each
    with its context (metric, subject, period, sentence) as the pipeline gives it."""
    from dataclasses import replace

    from .dedup import finish_document
    from .extractor import extract_document
    from .packs import get_pack
    from .readers import read_bytes

    doc = read_bytes(text.encode("utf-8"), "text")
    if lang is not None:
        get_pack(lang)  # UnknownLanguage for a language no pack reads
        doc = replace(doc, lang_hint=lang)
    doc_lang, mentions = extract_document(doc)
    keep = ("start", "end", "text", "lang", "value_low", "value_high", "unit", "per", "item", "qualifier", "metric",
            "subject", "period", "sentence", "cited_url")
    return {"lang": doc_lang,
            "mentions": [{k: getattr(m, k) or None if k in ("per", "item", "subject", "period", "cited_url")
                          else getattr(m, k) for k in keep} for m in finish_document(mentions)]}


def _parse_jsonl(lines, stream, read) -> int:
    """One answer per request line, in order: its mentions, or what is wrong with the line (a language no
    pack reads among them). 3 at the end when any line was bad, as for a run with skipped files."""
    bad = 0
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        rid = None
        try:
            request = json.loads(raw.decode("utf-8"))
            if not isinstance(request, dict):
                raise ValueError(f"a request is a JSON object, this line holds a {type(request).__name__}")
            rid = request.get("id")
            text, lang = request.get("text"), request.get("lang")
            if not isinstance(text, str):
                raise ValueError('"text" is missing or not a string')
            if lang is not None and not isinstance(lang, str):
                raise ValueError('"lang" is not a string')
            found = read(text, lang)
            answer = {"id": rid, **found} if isinstance(found, dict) else {"id": rid, "mentions": found}
        except UnknownLanguage as exc:
            answer, bad = {"id": rid, "error": f"line {number}: {exc}"}, bad + 1
        except UnicodeDecodeError as exc:
            answer, bad = {"id": rid, "error": f"line {number}: not UTF-8 (byte {exc.start})"}, bad + 1
        except json.JSONDecodeError as exc:
            answer, bad = {"id": rid, "error": f"line {number}: not valid JSON: {exc}"}, bad + 1
        except ValueError as exc:
            answer, bad = {"id": rid, "error": f"line {number}: {exc}"}, bad + 1
        except Exception as exc:  # a fault of ours on one text: answered, and the next line still is
            answer, bad = {"id": rid, "error": f"line {number}: internal error: {type(exc).__name__}: {exc}"}, bad + 1
        print(json.dumps(answer, ensure_ascii=False), file=stream)
    if bad:
        print(f"extract parse: {bad} bad request line(s), each answered with an error", file=sys.stderr)
    return BAD_INPUT if bad else 0


def _claims(args: argparse.Namespace) -> int:
    from .query import Filters, claims_command

    filters = Filters(subject=args.subject, metric=args.metric, period=args.period, lang=args.lang,
                      source=args.source, unit=args.unit)
    keys = [k for given in args.sort for k in given.split(",") if k]
    return claims_command(Path(args.out), filters, keys, args.format, conflicts=args.conflicts, limit=args.limit,
                          output=args.output, wide=args.wide)


def _report(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError("the report draws its charts with matplotlib, which is not installed: "
                         "pip install 'extract[report]'")
    from .report import build_report

    return build_report(Path(args.sources), Path(args.out), Path(args.output) if args.output else None)


SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(i?)b?|(b?))\s*", re.IGNORECASE)
POWERS = {"k": 1, "m": 2, "g": 3, "t": 4}


def size(value: str) -> int:
    """Bytes from a size as people write it: 1000, 64k, 100MB, 1.5 MB, 2GB (powers of 1000), 512KiB, 2GiB
    (powers of 1024)."""
    m = SIZE.fullmatch(value)
    if m is None:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (give bytes, or 100MB, 2GB, 512KiB)")
    number, prefix, binary = float(m.group(1)), (m.group(2) or "").lower(), m.group(3)
    return int(number * (1024 if binary else 1000) ** POWERS[prefix]) if prefix else int(number)


class _Version(argparse.Action):
    """`extract --version`: the package's version and the rules' (read only when asked)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version of extract and of its rules")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from . import __version__
        from .packs import rules_version

        print(f"extract {__version__} (rules {rules_version()})")
        parser.exit()


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
        parser.add_argument("--max-bytes", type=size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                            help="skip files larger than this: bytes, or 100MB, 2GB, 512KiB (default: 50MB)")
        parser.add_argument("--jobs", "-j", type=_positive, default=0, metavar="N",
                            help="processes (default: every core); the tables are the same bytes for any N")
        parser.add_argument("--allow-empty", action="store_true",
                            help="let a run that reads no document replace tables that hold some")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="extract", description="Numeric claims from multilingual articles.")
    ap.add_argument("--version", action=_Version)
    ap.add_argument("--packs", metavar="DIR", action="append", default=[],
                    help=f"a folder of language packs, searched before the shipped ones (as ${ENV})")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="rebuild the tables from every source file")
    _folders(r, reading=True)
    r.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes (default), or Dask tasks: the same tables (pip install 'extract[dask]')")
    r.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler (tcp://host:8786); without it a LocalCluster is started")
    r.add_argument("--timeout", type=float, metavar="SECONDS",
                   help=f"how long to try to reach the --scheduler (default: {SCHEDULER_TIMEOUT:g})")
    r.add_argument("--json", action="store_true", help="the summary as one JSON object on standard output")
    r.set_defaults(func=_run)
    b = sub.add_parser("batch", help="add new or changed articles to the tables, redoing only what changed")
    b.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders to add to the sources folder; none: take in the sources folder as it "
                        "is now (files edited, added or removed in place)")
    _folders(b, reading=True)
    b.add_argument("--json", action="store_true", help="the summary as one JSON object on standard output")
    b.set_defaults(func=_batch)
    a = sub.add_parser("audit", help="check every mention against its source, or show claims")
    a.add_argument("claim_ids", nargs="*", metavar="CLAIM_ID", help="claims to show with their mentions")
    _folders(a, reading=False)
    a.add_argument("--json", action="store_true", help="the summary and each problem (or the claims shown) as "
                                                       "one JSON object")
    a.set_defaults(func=_audit)
    c = sub.add_parser("claims", help="the claims, filtered and sorted; --conflicts: those independent sources "
                                      "contradict, beside their rival values")
    c.add_argument("--out", default="normalized", help="folder of the tables (default: normalized)")
    for name, what in (("subject", "the subject contains TEXT (case ignored)"), ("metric", "the metric is TEXT"),
                       ("period", "the period is TEXT (or matches a pattern with * and ?: '2025*')"),
                       ("lang", "stated in the language TEXT"),
                       ("source", "stated in a source whose path contains TEXT"),
                       ("unit", "the unit is TEXT (USD, %%, count...)")):
        c.add_argument(f"--{name}", action="append", default=[], metavar="TEXT",
                       help=f"{what}; repeat for alternatives")
    c.add_argument("--conflicts", action="store_true",
                   help="only claims that independent sources contradict, each with its rival values")
    c.add_argument("--sort", action="append", default=[], metavar="COLUMNS",
                   help="sort by these columns (comma-separated; name:desc for descending; default: table order)")
    c.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table",
                   help="an aligned table (default), CSV, JSON Lines or Parquet")
    c.add_argument("--limit", type=_positive, metavar="N", help="the first N rows only")
    c.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    c.add_argument("--wide", action="store_true", help="table: do not cut long cells")
    c.set_defaults(func=_claims)
    rp = sub.add_parser("report", help="write the dataset as one self-contained HTML page (OUT/report.html)")
    _folders(rp, reading=False)
    rp.add_argument("--output", "-o", metavar="FILE", help="where to write it (default: OUT/report.html)")
    rp.set_defaults(func=_report)
    p = sub.add_parser("parse", help="print the figures of one text as JSON lines")
    p.add_argument("text", nargs="?", help="the text to read")
    p.add_argument("--lang", help="language code of a pack (en, fr, zh, zh-Hans, zh-Hant); detected when absent")
    p.add_argument("--jsonl", action="store_true", help='read {"id","lang","text"} lines on standard input')
    p.add_argument("--context", action="store_true",
                   help="read the text as a document: say its language, and print the figures the tables would keep, "
                        "each with its metric, subject, period and sentence")
    p.add_argument("--explain", action="store_true",
                   help="also print each number read and not kept, with the name of its reason and what it means")
    p.set_defaults(func=_parse)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    name = "extract" if args.command == "run" else f"extract {args.command}"
    if args.packs:  # through the environment, so that worker processes read the same packs
        os.environ[ENV] = os.pathsep.join([*args.packs, *filter(None, [os.environ.get(ENV)])])
    try:
        return args.func(args)
    except PackError as exc:
        print(f"{name}: language packs: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except WouldEmpty as exc:
        print(f"{name}: no document was read from {args.sources}, and the tables in {exc.out} hold {exc.documents} "
              f"document(s): they were left as they are (give --allow-empty to replace them with empty tables)",
              file=sys.stderr)
        return USAGE_ERROR
    except UsageError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except CommittedInterrupt:
        print(f"{name}: interrupted; the new tables had already been committed", file=sys.stderr)
        return INTERRUPTED
    except KeyboardInterrupt:
        intact = "; the previous tables are intact" if args.command in ("run", "batch") else ""
        print(f"{name}: interrupted{intact}", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # Whoever read the output stopped reading (`extract audit | head`): nothing more to say to it, and
        # nothing for Python to flush into the closed pipe at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
