"""The report runner behind `strikebook report`: notebooks × parameter sets → self-contained HTML + index.

Why it is built this way (each step is a module of this package):
- **Validate first** (`catalog`, `params`). A typo in a parameter should cost one second, not a full run:
  reports.yml is read and expanded over the case, and every parameter is checked against its notebook's
  `parameters` cell and against the case before anything executes. Any problem → exit 2, nothing run.
  So is an output folder equal to, inside, or holding the articles folder (the runner never writes next to
  the articles), `--jobs` below 1, a report name that is not a plain file name, and a case with no
  articles ("no articles in FOLDER"). Inputs the case skipped are named, one line each, and give exit 1.
- **Run in parallel, in warm kernels, bounded** (`kernels`). Kernels start and import what the notebooks
  import while the case is loaded and the parameters validated, then run their reports one after another,
  reset in between. One kernel per report to run at most, and no more than `--jobs` (default: the cores
  this process may use). Slowest reports start first (last run's times, kept in the cache folder). The
  case is extracted once, before any report runs (`case.pin_case`: every kernel reads that one file) and
  reaches the notebooks through the environment, not as a parameter.
- **Failures stay local.** A failing notebook is recorded with its failing cell and error; the others
  still render; the previous good HTML of the failed report is kept (every file is written to a
  temporary name and renamed; files a notebook writes beside its report are staged and join it only once
  it rendered) and the index links to it. Exit code 1.
- **Stopping is clean.** Ctrl-C (exit 130), SIGTERM or SIGHUP (128 + the signal) stop every kernel; the
  reports that had finished are kept and listed in the index, the others keep their previous output, and
  one line says which ("interrupted; nothing written" when none had finished).
- **Readable offline, safe to share** (`render`, `index`, `redact`). One self-contained HTML file per
  report, no CDN, code hidden unless `--show-code`; the index lists every report with its parameters,
  status, run time and summary, and long lists show their first 200 rows with the whole list as CSV.
  Article text is untrusted: everything rendered is escaped. Pages reveal nothing of the machine: the
  case is named by its folder's name (or `--case`), and every page is redacted of the run's absolute paths.
- **Progress** on stderr while reports run (reports finished / total), when stderr is a terminal and not
  `--quiet`.

This module is the orchestration only: the order of those steps, the exit code, stopping, and one
report's execute → render → write (`run_report`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import signal
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

from strikebook.config import available_cores
from strikebook.present.html import REPORT_DIR_ENV, REPORT_NAME_ENV
from strikebook.report.catalog import check_names, expand, notebooks_to_run, read_config, relative, select
from strikebook.report.index import Result, previous_results, write_index
from strikebook.report.kernels import WarmKernel, kernel_name, start_pool, stop_pool, warm_code
from strikebook.report.params import notebook_cells, validate
from strikebook.report.redact import run_redactor
from strikebook.report.render import failure_page, render_html
from strikebook.report.summary_line import find_summary
from strikebook.store.files import output_conflict
from strikebook.store.tables import atomic_write_text

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
STAGING = ".{name}.files.tmp"  # in the output folder: the files a report writes beside itself, until it renders


def _err(line: str) -> None:
    print(f"strikebook report: {line}", file=sys.stderr)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP during a run, raised where Ctrl-C raises KeyboardInterrupt, so that the same
    cleanup runs: every kernel stopped, nothing half-written, one line, exit 128 + the signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stopped(exc: KeyboardInterrupt) -> tuple[str, int]:
    """('interrupted', 130) for Ctrl-C, ('terminated', 143) for SIGTERM…"""
    if isinstance(exc, Terminated):
        return "terminated", 128 + exc.signum
    return "interrupted", EXIT_INTERRUPTED


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def _terminate_raises():
    """While a run goes on, SIGTERM and SIGHUP raise `Terminated` (default: die at once, leaving the
    kernels to notice their parent is gone). Signal handlers can only be set in the main thread."""
    old = {}
    if _main_thread():
        def raise_terminated(signum, frame):
            raise Terminated(signum)

        for sig in (signal.SIGTERM, signal.SIGHUP):
            old[sig] = signal.signal(sig, raise_terminated)
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _shielded():
    """Signals are held off while a stopped run cleans up (kernels, the index): a second Ctrl-C must not
    leave a kernel running or stop the cleanup halfway. The cleanup is bounded (pool.close: 30 s)."""
    old = {}
    if _main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            old[sig] = signal.signal(sig, signal.SIG_IGN)
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _load_case(articles: Path | None):
    """(tables, environment pinning the kernels to this run's case file, error text)."""
    from strikebook.store.case import pin_case

    try:
        tables, env = pin_case(articles)
        return tables, env, ""
    except Exception as exc:
        return None, {}, f"{type(exc).__name__}: {exc}"


def run_reports(config=Path("reports.yml"), out=Path("reports"), only=(), overrides=(), jobs=None,
                show_code=False, articles=Path("data/articles"), timeout: int = 900, *, case: str | None = None,
                quiet: bool = False) -> int:
    """Validate, run and render the reports of `config` into `out`; returns the exit code: 0 all good, 1
    some inputs skipped or some reports failed, 2 usage error (nothing run), 130 interrupted (Ctrl-C),
    128 + N stopped by signal N (SIGTERM: 143). `case`: the case's name in the index (default: the articles
    folder's name). `quiet`: no progress bar and no closing line when all went well."""
    state: dict = {"pool": None}
    with _terminate_raises():
        try:
            return _run(state, Path(config), Path(out), only, overrides, jobs, show_code, articles, timeout,
                        case, quiet)
        except KeyboardInterrupt as exc:  # before any report ran: stop the kernels, write nothing
            word, code = _stopped(exc)
            with _shielded():
                stop_pool(state["pool"])
                _remove_if_empty(state.get("created"))
            _err(f"{word}; nothing written")
            return code


def _run(state, config: Path, out: Path, only, overrides, jobs, show_code, articles, timeout, case, quiet) -> int:
    t0 = time.perf_counter()
    if not config.is_absolute() and not config.exists():
        from strikebook.config import REPO_DIR

        if (REPO_DIR / config).exists():  # `strikebook report` run from a subfolder, e.g. notebooks/
            config = REPO_DIR / config
    try:
        nb_dir, entries = read_config(config)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        _err(f"--jobs {jobs}: must be a whole number, 1 or more (how many reports run at once)")
        return EXIT_USAGE
    from strikebook.store.case import resolve_articles

    try:
        inputs = resolve_articles(articles)
    except FileNotFoundError as exc:
        _err(str(exc))
        return EXIT_USAGE
    articles_path = inputs[0] if articles is not None else None
    conflict = output_conflict(out, inputs)
    if conflict:
        _err(conflict)
        return EXIT_USAGE
    cores = available_cores()
    jobs = jobs or cores  # never more kernels than cores unless asked
    kernel = kernel_name()
    notebooks, sure = notebooks_to_run(nb_dir, entries, only)
    warm = warm_code(notebooks)
    state["pool"] = pool = start_pool(min(jobs, sure), kernel, warm)
    # the case: needed for for_each and domain checks, and extracting it now warms the cache for every kernel
    tables, case_env, case_error = _load_case(articles_path)
    log.debug("case loaded at %.1f s", time.perf_counter() - t0)
    folders = [p if p.is_dir() else p.parent for p in inputs]
    case_name = str(case or "").strip() or ", ".join(dict.fromkeys(f.name for f in folders))
    skipped = _skipped_inputs(tables, folders)
    for path, problem in skipped:
        _err(f"skipped {path}: {problem}")
    if case_error:
        _err(f"warning: cannot load the case ({case_error}); its values are not checked")
    elif not len(tables.articles):
        stop_pool(pool)
        shown = articles if articles is not None else inputs[0]
        _err(f"no articles in {shown}{f' ({len(skipped)} file(s) skipped)' if skipped else ''}; nothing run")
        return EXIT_USAGE
    reports, errors = expand(nb_dir, entries, tables, case_error)
    errors += check_names(reports)
    chosen, more = select(reports, list(only or ()))
    errors += more
    if not errors:
        errors += validate(chosen, overrides, tables, articles_path)
    log.debug("validated at %.1f s", time.perf_counter() - t0)
    if errors:
        stop_pool(pool)
        for line in errors:
            _err(line)
        _err(f"nothing run ({len(errors)} problem{'s' if len(errors) > 1 else ''})")
        return EXIT_USAGE
    pool.resize(min(jobs, sum(not r.error for r in chosen)))  # one kernel per report to run, at most

    if not out.exists():
        state["created"] = out
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(STAGING.format(name="*")):  # left by a run that was killed (SIGKILL)
        shutil.rmtree(stale, ignore_errors=True)
    redact = run_redactor(folders, out, extra=[nb_dir, config.resolve().parent])
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    env = ({"STRIKEBOOK_ARTICLES": str(articles_path)} if articles_path else {}) | case_env
    job_list = [{
        "name": r.name, "title": r.title, "notebook": str(r.notebook), "parameters": r.parameters,
        "notebook_rel": relative(r.notebook, config.resolve().parent), "cwd": str(r.notebook.parent),
        "out": str(out.resolve()), "kernel": kernel, "show_code": show_code, "started": started,
        "error": r.error, "timeout": timeout, "warm": warm, "env": env, "redact": redact,
    } for r in chosen]
    results, stopped = execute(job_list, jobs, env, pool, quiet=quiet)
    log.debug("reports done at %.1f s", time.perf_counter() - t0)

    with _shielded():  # from here on, a signal waits: the index is written whole or the old one stays
        if stopped is not None and not results:
            _remove_if_empty(state.get("created"))
            word, code = _stopped(stopped)
            _err(f"{word}; nothing written")
            return code
        previous = previous_results(out)
        by_name = {r["name"]: r for r in results}
        merged = []
        for r in reports:  # every report of the config, in its order; those not run keep their last record
            if r.name in by_name:
                merged.append(by_name[r.name])
            elif r.name in previous and (previous[r.name].get("status") != "ok"
                                         or (out / previous[r.name].get("html", "")).is_file()):
                merged.append(previous[r.name])
            else:
                merged.append(asdict(Result(r.name, r.title, relative(r.notebook, config.resolve().parent),
                                            r.parameters, "not run")))
        write_index(out, merged, tables, case_name, started, skipped=skipped, redact=redact)
    n_failed = sum(r["status"] == "failed" for r in results)
    if stopped is not None:
        word, code = _stopped(stopped)
        left = len(job_list) - len(results)
        _err(f"{word}; kept the {len(results)} finished report(s) and updated {out / 'index.html'}; "
             f"{left} unfinished keep their previous output")
        return code
    code = EXIT_FAILED if n_failed or skipped else EXIT_OK
    if code or not quiet:
        extra = f", {len(skipped)} input(s) skipped" if skipped else ""
        print(f"{len(results) - n_failed} report(s) ok, {n_failed} failed{extra} → {out / 'index.html'}",
              file=sys.stderr)
    return code


def _skipped_inputs(tables, folders: list[Path]) -> list[tuple[str, str]]:
    """(file, problem) of every input the case could not read (`tables.problems`), each file named
    relative to its articles folder."""
    found = []
    for prob in getattr(tables, "problems", None) or []:
        path, message = str(getattr(prob, "path", "")), str(getattr(prob, "message", prob))
        for folder in folders:
            shown = relative(Path(path), folder)
            if shown != path:
                path = shown
                break
        found.append((path, message))
    return found


def _remove_if_empty(folder: Path | None) -> None:
    """Remove the output folder this run created, if nothing was written into it."""
    if folder is not None:
        with contextlib.suppress(OSError):
            folder.rmdir()


async def run_report(job: dict, kernel: WarmKernel | None) -> dict:
    """Execute one notebook in a warm kernel and render it; never raises (errors go in the result).
    The caller discards the kernel when the report failed, so the next report gets a fresh one.

    Files the notebook writes beside its report (`present.html.frame_html(..., csv_name=...)`) go to a
    staging folder first (REPORT_DIR_ENV) and join the report only when it rendered: a failed or stopped
    report leaves its previous files as they were. Every page is redacted (`job["redact"]`)."""
    out = Path(job["out"])
    name = job["name"]
    html_name, fail_name = f"{name}.html", f"{name}.failed.html"
    redact = job.get("redact") or (lambda text: text)
    staging = out / STAGING.format(name=name)
    result = asdict(Result(name=name, title=job["title"], notebook=job["notebook_rel"],
                           parameters=job["parameters"], status="failed"))
    t0 = time.perf_counter()
    tb = ""
    log_from = kernel.log_position() if kernel is not None else 0
    try:
        try:
            if job.get("error"):
                raise RuntimeError(job["error"])
            if kernel is None:
                raise RuntimeError(f"no kernel: {job.get('kernel_error') or 'it could not be started'}")
            env = {**(job.get("env") or {}), REPORT_DIR_ENV: str(staging), REPORT_NAME_ENV: name}
            nb = await kernel.execute(job["notebook"], job["parameters"], cwd=job["cwd"], env=env,
                                      timeout=job["timeout"])
            result["summary"] = redact(find_summary(nb))
            page = redact(render_html(nb, job))
            if staging.is_dir():  # the tables' CSV files first: the page never links to a missing file
                for file in sorted(staging.iterdir()):
                    os.replace(file, out / file.name)
            atomic_write_text(out / html_name, page)
            (out / fail_name).unlink(missing_ok=True)
            result.update(status="ok", html=html_name)
        except Exception as exc:
            from papermill.exceptions import PapermillExecutionError

            if job.get("stopping", lambda: False)():  # the run is being stopped: not this report's failure
                raise asyncio.CancelledError() from exc
            if isinstance(exc, PapermillExecutionError):
                result["cell"] = _cell_label(job["notebook"], exc.source)
                result["error"] = f"{exc.ename}: {ANSI.sub('', str(exc.evalue))}"[:500]
                tb = ANSI.sub("", "\n".join(exc.traceback or []))
            else:  # kernel died or timed out, missing notebook, rendering failed…
                result["error"] = f"{type(exc).__name__}: {exc}"[:500]
                import traceback as tbmod

                tb = tbmod.format_exc()
    finally:  # also when the run is stopped (the task cancelled): no staging folder stays behind
        shutil.rmtree(staging, ignore_errors=True)
    result["seconds"] = round(time.perf_counter() - t0, 2)
    result["finished"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if result["status"] != "ok":
        result["cell"], result["error"] = redact(result["cell"]), redact(result["error"])
        kernel_log = kernel.log_since(log_from)[-4000:].strip() if kernel is not None else ""
        if (out / html_name).exists():
            result["html"] = html_name  # the previous good run, left in place
        if kernel_log:
            tb += f"\n\n--- kernel log ---\n{kernel_log}"
        atomic_write_text(out / fail_name, redact(failure_page(result, redact(tb))))
        result["failure_html"] = fail_name
    return result


def _cell_label(notebook: str, source: str) -> str:
    """'code cell 3 (first line…)': where the failing cell sits among the notebook's code cells."""
    first = next((ln.strip() for ln in str(source).splitlines() if ln.strip()), "")
    label = f"({first[:80]})" if first else ""
    try:
        codes = [c for c in notebook_cells(Path(notebook)) if c.get("cell_type") == "code"]
        pos = next(i for i, c in enumerate(codes, 1) if c["source"].strip() == str(source).strip())
        return f"code cell {pos} {label}".strip()
    except Exception:
        return f"cell {label}".strip()


TIMINGS = "report-times.json"  # in the case cache folder: how long each report took last time


def _timing_key(job: dict) -> str:
    return f"{job['notebook']}|{job['name']}"


def read_timings() -> dict[str, float]:
    from strikebook.config import cache_dir

    try:
        data = json.loads((cache_dir() / TIMINGS).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()}
    except Exception:
        return {}


def save_timings(jobs_list: list[dict], results: list[dict]) -> None:
    """Remember the run times of the reports that rendered (a scheduling hint for the next run, whatever
    its --out folder; losing it costs nothing but order)."""
    from strikebook.config import cache_dir

    times = read_timings()
    for job, res in zip(jobs_list, results, strict=True):
        if res["status"] == "ok" and res.get("seconds"):
            times[_timing_key(job)] = float(res["seconds"])
    try:
        atomic_write_text(cache_dir() / TIMINGS, json.dumps(times, indent=1, sort_keys=True))
    except OSError:
        pass


def longest_first(jobs_list: list[dict], timings: dict[str, float]) -> list[dict]:
    """The order to start the jobs in: slowest first by the last run's times (longest-processing-time
    scheduling: the short reports fill the gaps at the end instead of one long report running alone).
    Reports never timed come first, as if they were the slowest; ties keep the config's order."""
    known = [float(timings.get(_timing_key(j)) or 0) for j in jobs_list]
    top = max(known, default=0) + 1
    keyed = [(-(k or top), i) for i, k in enumerate(known)]
    return [jobs_list[i] for _, i in sorted(keyed)]


def execute(jobs_list: list[dict], jobs: int, env: dict, pool=None, *, quiet: bool = False):
    """Run the jobs, `jobs` at a time, slowest first, with a progress bar on stderr (when it is a terminal
    and not `quiet`). Returns (the results of the jobs that finished, in job order; the KeyboardInterrupt
    that stopped the run, or None). Every kernel is stopped before this returns, however it ends."""
    from tqdm import tqdm

    results: dict[str, dict] = {}
    bar = tqdm(total=len(jobs_list), desc="reports", unit="report", file=sys.stderr,
               disable=True if quiet else None)  # None: shown only when stderr is a terminal
    for job in jobs_list:
        job.setdefault("env", env)

    def done(res: dict) -> None:
        results[res["name"]] = res
        bar.update(1)
        if res["status"] != "ok":
            bar.write(f"failed {res['name']}: {res['cell'] + ': ' if res['cell'] else ''}{res['error']}",
                      file=sys.stderr)

    stopped = None
    if pool is None:
        first = jobs_list[0] if jobs_list else {}
        pool = start_pool(min(jobs, len(jobs_list)), first.get("kernel") or kernel_name(), first.get("warm", ""))
    try:
        pool.run(longest_first(jobs_list, read_timings()), run_report, done)
    except KeyboardInterrupt as exc:
        stopped = exc
    finally:
        with _shielded():
            pool.close()
            bar.close()
    ordered = [results[j["name"]] for j in jobs_list if j["name"] in results]
    if stopped is None:
        save_timings(jobs_list, ordered)
    return ordered, stopped
