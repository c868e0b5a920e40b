"""The `strikebook` command: ingest, extract, report.

Exit codes: 0 all inputs read and all work done; 1 some inputs skipped or some reports failed (each one
listed); 2 usage or fatal error. Problems are one line each, naming the file; `--debug` adds tracebacks.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path

from strikebook.ingest.corpus import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_ARTICLES = "data/articles"


class UsageError(Exception):
    """A bad command line or parameter: reported as one line, exit code 2."""


def _size(text: str) -> int:
    """'5MB', '200k', '1000' → bytes (decimal units: 1k = 1,000)."""
    t = text.strip().lower().removesuffix("b")
    mult = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}.get(t[-1:], 1)
    try:
        value = int(float(t[:-1] if t[-1:] in "kmg" else t) * mult)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 5MB, 200k)") from exc
    if value <= 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (must be more than 0 bytes)")
    return value


def _add_input_args(p: argparse.ArgumentParser) -> None:
    # default None: load_corpus then uses ./data/articles, or the project's data/articles when absent
    p.add_argument("paths", nargs="*", default=None, metavar="PATH",
                   help=f"article files (.txt, .html) or folders, with an optional manifest.csv beside them "
                        f"(default: {DEFAULT_ARTICLES})")
    p.add_argument("--out", required=True, type=Path, help="folder to write the tables into")
    p.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES,
                   help=f"skip articles larger than this (default {DEFAULT_MAX_BYTES // 1_000_000}MB)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number of jobs: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1 (got {value})")
    return value


def _add_extract_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", type=_jobs, default=None,
                   help="worker processes (default: every core of this machine; 1 = no workers)")
    p.add_argument("--scheduler", choices=("local", "dask"), default="local",
                   help="where the per-article work runs: local worker processes (default) or a Dask cluster")
    p.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                   help="an existing Dask scheduler (default with --scheduler dask: a local cluster of --jobs "
                        "workers)")
    p.add_argument("--no-cache", action="store_true",
                   help="extract every article again, without reading or writing the per-article cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="strikebook",
        description="Turn news articles about military strikes into checked, mapped, sourced tables and reports.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read and segment articles; write articles.csv and segments.csv")
    _add_input_args(p)

    p = sub.add_parser("extract", help="ingest, then extract quotes, casualties, figures, places, entities, flags")
    _add_input_args(p)
    _add_extract_args(p)

    p = sub.add_parser("report", help="run the notebooks of reports.yml and render HTML reports with an index")
    p.add_argument("--out", type=Path, default=Path("reports"),
                   help="output folder (default: reports/); not in, nor around, the articles folder")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only this report (or notebook name); repeatable")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                   help="override a notebook parameter for the reports run (value parsed as YAML)")
    p.add_argument("--jobs", type=int, default=None,
                   help="reports run at once, one kernel each (default: the number of cores; at least 1)")
    p.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument("--config", type=Path, default=Path("reports.yml"), help="report list (default: reports.yml)")
    p.add_argument("--articles", type=Path, default=Path(DEFAULT_ARTICLES),
                   help=f"the case's articles folder (default: {DEFAULT_ARTICLES}); never written to")
    p.add_argument("--case", metavar="TITLE", default=None,
                   help="the case's name in the reports (default: the articles folder's name)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar and no closing line when all went well (problems are still shown)")
    return parser


def _report_problems(problems) -> None:
    for prob in problems:
        print(f"skipped {prob}", file=sys.stderr)


def _inputs(args) -> list[Path]:
    from strikebook.ingest.corpus import _as_paths

    return _as_paths(args.paths)


def _check_out(args) -> None:
    from strikebook.store.files import output_conflict

    why = output_conflict(args.out, _inputs(args), must_be_folder=False)
    if why:
        raise UsageError(why)


def cmd_ingest(args) -> int:
    """Read and segment the articles; write articles.csv and segments.csv (exit 1 if any input was skipped)."""
    from strikebook.ingest.corpus import load_corpus
    from strikebook.store.tables import atomic_write_text, to_csv_text

    _check_out(args)
    try:
        corpus = load_corpus(args.paths, max_bytes=args.max_bytes)
    except KeyboardInterrupt:
        print("strikebook ingest: interrupted; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    _report_problems(corpus.problems)
    if not corpus.articles and not corpus.problems:
        print(f"strikebook ingest: no articles in {', '.join(map(str, _inputs(args)))}", file=sys.stderr)
        return EXIT_PARTIAL
    articles = corpus.articles_frame()  # event_id is an extracted fact: `strikebook extract` fills it
    atomic_write_text(args.out / "articles.csv", to_csv_text(articles))
    atomic_write_text(args.out / "segments.csv", to_csv_text(corpus.segments_frame()))
    skipped = f", {len(corpus.problems)} problem(s)" if corpus.problems else ""
    print(f"read {len(corpus.articles)} article(s){skipped} into {args.out}/", file=sys.stderr)
    return EXIT_PARTIAL if corpus.problems else EXIT_OK


def cmd_extract(args) -> int:
    """Extract every table of the case into --out (exit 1 if any input or article was skipped, each named)."""
    from strikebook.extract.pipeline import extract_case

    _check_out(args)
    try:
        tables = extract_case(args.paths, jobs=args.jobs, scheduler=args.scheduler,
                              dask_address=args.dask_address, cache=not args.no_cache,
                              progress=not args.quiet, max_bytes=args.max_bytes)
    except KeyboardInterrupt:
        print("strikebook extract: interrupted; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    _report_problems(tables.problems)
    if tables.articles.empty and not tables.problems:
        print(f"strikebook extract: no articles in {', '.join(map(str, _inputs(args)))}", file=sys.stderr)
        return EXIT_PARTIAL
    written: list = []
    try:
        written = tables.write(args.out, written)
    except KeyboardInterrupt:
        kept = ", ".join(p.name for p in written) or "nothing"
        print(f"strikebook extract: interrupted while writing; written: {kept}", file=sys.stderr)
        return EXIT_INTERRUPTED
    counts = ", ".join(f"{len(getattr(tables, n))} {n}" for n in ("quotes", "casualties", "places", "flags"))
    print(f"read {len(tables.articles)} article(s): {counts} → {args.out}/", file=sys.stderr)
    return EXIT_PARTIAL if tables.problems else EXIT_OK


def cmd_report(args) -> int:
    try:
        from strikebook.report.runner import run_reports

        return run_reports(config=args.config, out=args.out, only=args.only, overrides=args.parameter,
                           jobs=args.jobs, show_code=args.show_code, articles=args.articles, case=args.case,
                           quiet=args.quiet)
    except KeyboardInterrupt:  # during the imports, before the runner took over: nothing was written
        print("strikebook report: interrupted; nothing written", file=sys.stderr)
        return 130


COMMANDS = {"ingest": cmd_ingest, "extract": cmd_extract, "report": cmd_report}


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_FATAL
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s")
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"strikebook {args.command}: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        return EXIT_FATAL
    except Exception as exc:  # one clear line unless --debug
        if args.debug:
            traceback.print_exc()
        print(f"strikebook {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FATAL


if __name__ == "__main__":
    sys.exit(main())
