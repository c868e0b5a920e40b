"""The report runner behind `strikebook report`: notebooks × parameter sets → self-contained HTML + index.

Why it is built this way (each step is a module of this package):
- **Validate first** (`catalog`, `params`). A typo in a parameter should cost one second, not a full run:
  reports.yml is read and expanded over the case, and every parameter is checked against its notebook's
  `parameters` cell and against the case before anything executes. Any problem → exit 2, nothing run.
- **Run in parallel, in warm kernels** (`kernels`). `--jobs N` (default all cores) kernels start and
  import what the notebooks import while the case is loaded and the parameters validated, then run their
  reports one after another, reset in between. Slowest reports start first (last run's times, kept in the
  cache folder). The case is extracted once, before any report runs (`case.pin_case`: every kernel reads
  that one file).
- **Failures stay local.** A failing notebook is recorded with its failing cell and error; the others
  still render; the previous good HTML of the failed report is kept (every file is written to a
  temporary name and renamed) and the index links to it. Exit code 1.
- **Readable offline, safe to share** (`render`, `index`). One self-contained HTML file per report, no
  CDN, code hidden unless `--show-code`; the index lists every report with its parameters, status, run
  time and summary. Article text is untrusted: everything rendered is escaped.

This module is the orchestration only: the order of those steps, the exit code, and one report's
execute → render → write (`run_report`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
import time
from dataclasses import asdict
from pathlib import Path

from strikebook.report.catalog import expand, notebooks_to_run, read_config, relative, select
from strikebook.report.index import Result, previous_results, write_index
from strikebook.report.kernels import WarmKernel, kernel_name, start_pool, stop_pool, warm_code
from strikebook.report.params import notebook_cells, validate
from strikebook.report.render import failure_page, render_html
from strikebook.report.summary_line import find_summary
from strikebook.store.tables import atomic_write_text

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _err(line: str) -> None:
    print(f"strikebook report: {line}", file=sys.stderr)


def _load_case(articles: Path | None):
    """(tables, environment pinning the kernels to this run's case file, error text)."""
    from strikebook.store.case import pin_case

    try:
        tables, env = pin_case(articles)
        return tables, env, ""
    except Exception as exc:
        return None, {}, f"{type(exc).__name__}: {exc}"


def run_reports(config=Path("reports.yml"), out=Path("reports"), only=(), overrides=(), jobs=None,
                show_code=False, articles=Path("data/articles"), timeout: int = 900) -> int:
    """Validate, run and render the reports of `config` into `out`; returns the exit code (0, 1 or 2)."""
    t0 = time.perf_counter()
    config, out = Path(config), Path(out)
    if not config.is_absolute() and not config.exists():
        from strikebook.config import REPO_DIR

        if (REPO_DIR / config).exists():  # `strikebook report` run from a subfolder, e.g. notebooks/
            config = REPO_DIR / config
    try:
        nb_dir, entries = read_config(config)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    articles_path = None
    if articles is not None:
        from strikebook.store.case import resolve_articles

        try:
            articles_path = resolve_articles(articles)[0]
        except FileNotFoundError as exc:
            _err(str(exc))
            return EXIT_USAGE
    jobs = jobs or os.cpu_count() or 1
    kernel = kernel_name()
    notebooks, n_reports = notebooks_to_run(nb_dir, entries, only, jobs)
    pool = start_pool(min(jobs, max(1, n_reports)), kernel, warm_code(notebooks))
    warm = pool.warm
    try:
        # the case: needed for for_each and domain checks, and extracting it now warms the cache for every kernel
        tables, case_env, case_error = _load_case(articles_path)
        log.debug("case loaded at %.1f s", time.perf_counter() - t0)
        if case_error:
            _err(f"warning: cannot load the case ({case_error}); its values are not checked")
        reports, errors = expand(nb_dir, entries, tables, case_error)
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

        out.mkdir(parents=True, exist_ok=True)
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        job_list = [{
            "name": r.name, "title": r.title, "notebook": str(r.notebook), "parameters": r.parameters,
            "notebook_rel": relative(r.notebook, config.resolve().parent), "cwd": str(r.notebook.parent),
            "out": str(out.resolve()), "kernel": kernel, "show_code": show_code, "started": started,
            "error": r.error, "timeout": timeout, "warm": warm,
        } for r in chosen]
        env = ({"STRIKEBOOK_ARTICLES": str(articles_path)} if articles_path else {}) | case_env
    except BaseException:
        stop_pool(pool)
        raise
    results = execute(job_list, jobs, env, pool)
    log.debug("reports done at %.1f s", time.perf_counter() - t0)

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
    case_label = relative(articles_path, Path.cwd()) if articles_path else "(default)"
    write_index(out, merged, tables, case_label, started)
    n_failed = sum(r["status"] == "failed" for r in results)
    print(f"{len(results) - n_failed} report(s) ok, {n_failed} failed → {out / 'index.html'}", file=sys.stderr)
    return EXIT_FAILED if n_failed else EXIT_OK


async def run_report(job: dict, kernel: WarmKernel | None) -> dict:
    """Execute one notebook in a warm kernel and render it; never raises (errors go in the result).
    The caller discards the kernel when the report failed, so the next report gets a fresh one."""
    out = Path(job["out"])
    html_name, fail_name = f"{job['name']}.html", f"{job['name']}.failed.html"
    result = asdict(Result(name=job["name"], title=job["title"], notebook=job["notebook_rel"],
                           parameters=job["parameters"], status="failed"))
    t0 = time.perf_counter()
    tb = ""
    log_from = kernel.log_position() if kernel is not None else 0
    try:
        if job.get("error"):
            raise RuntimeError(job["error"])
        if kernel is None:
            raise RuntimeError(f"no kernel: {job.get('kernel_error') or 'it could not be started'}")
        nb = await kernel.execute(job["notebook"], job["parameters"], cwd=job["cwd"], env=job.get("env") or {},
                                  timeout=job["timeout"])
        result["summary"] = find_summary(nb)
        page = render_html(nb, job)
        atomic_write_text(out / html_name, page)
        (out / fail_name).unlink(missing_ok=True)
        result.update(status="ok", html=html_name)
    except Exception as exc:
        from papermill.exceptions import PapermillExecutionError

        if isinstance(exc, PapermillExecutionError):
            result["cell"] = _cell_label(job["notebook"], exc.source)
            result["error"] = f"{exc.ename}: {ANSI.sub('', str(exc.evalue))}"[:500]
            tb = ANSI.sub("", "\n".join(exc.traceback or []))
        else:  # kernel died or timed out, missing notebook, rendering failed…
            result["error"] = f"{type(exc).__name__}: {exc}"[:500]
            import traceback as tbmod

            tb = tbmod.format_exc()
    result["seconds"] = round(time.perf_counter() - t0, 2)
    result["finished"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if result["status"] != "ok":
        kernel_log = kernel.log_since(log_from)[-4000:].strip() if kernel is not None else ""
        if (out / html_name).exists():
            result["html"] = html_name  # the previous good run, left in place
        if kernel_log:
            tb += f"\n\n--- kernel log ---\n{kernel_log}"
        atomic_write_text(out / fail_name, failure_page(result, tb))
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


def execute(jobs_list: list[dict], jobs: int, env: dict, pool=None) -> list[dict]:
    """Run the jobs, `jobs` at a time, slowest first, with a progress bar; results in job order."""
    from tqdm import tqdm

    results: dict[str, dict] = {}
    bar = tqdm(total=len(jobs_list), desc="reports", unit="report", file=sys.stderr, disable=None)
    for job in jobs_list:
        job["env"] = env

    def done(res: dict) -> None:
        results[res["name"]] = res
        bar.update(1)
        if res["status"] != "ok":
            bar.write(f"failed {res['name']}: {res['cell'] + ': ' if res['cell'] else ''}{res['error']}",
                      file=sys.stderr)

    if pool is None:
        first = jobs_list[0] if jobs_list else {}
        pool = start_pool(min(jobs, len(jobs_list)), first.get("kernel") or kernel_name(), first.get("warm", ""))
    try:
        pool.run(longest_first(jobs_list, read_timings()), run_report, done)
    finally:
        pool.close()
    bar.close()
    ordered = [results[j["name"]] for j in jobs_list]
    save_timings(jobs_list, ordered)
    return ordered
