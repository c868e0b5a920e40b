"""Benchmark: `strikebook report` vs the naive way vs the floor, measured side by side in one run.

- **strikebook report**: the real command (a fresh process, as an editor runs it), all reports of
  reports.yml on the seed case, `--jobs N` (default: all cores). It keeps one warm kernel per job and
  runs its reports one after another in it, so its per-report times exclude kernel start and imports
  (paid once per job, counted in the wall time).
- **naive**: what one would do by hand: for each report, the papermill CLI, then
  `jupyter nbconvert --to html`, one after the other.
- **floor**: the least any runner must pay: for each report, executing an *empty* notebook that only has
  that notebook's import statements (kernel start + imports), in one process, one after the other;
  the total divided by the number of jobs.

Targets (issue 4): strikebook report ≤ ½ × naive, and ≤ 1.3 × floor. The case cache is warmed once first,
so all three read the same cached tables (extraction itself is benchmarked elsewhere).

    .venv/bin/python benchmarks/bench_report.py [--jobs N] [--only NAME]... [--articles CASE] [--skip-naive]

Prints a Markdown table (paste into benchmarks/README.md) and per-report times.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def plan(only: list[str], folder: Path):
    """The validated reports of reports.yml (name, notebook, parameters), as the runner sees them."""
    from strikebook.report import catalog, params
    from strikebook.store.case import load_case, resolve_articles

    articles = resolve_articles(folder)[0]
    tables = load_case(articles)  # warms the cache for every method
    nb_dir, entries = catalog.read_config(REPO / "reports.yml")
    reports, errors = catalog.expand(nb_dir, entries, tables, "")
    reports, more = catalog.select(reports, only)
    errors += more + params.validate(reports, [], tables, articles)
    if errors:
        sys.exit("\n".join(errors))
    return [r for r in reports if r.notebook.exists()], articles


def import_lines(notebook: Path) -> str:
    """The notebook's import statements, in order, deduplicated: the floor notebook's only cell."""
    import nbformat

    lines: list[str] = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                line = ast.unparse(node)
                if line not in lines:
                    lines.append(line)
    return "\n".join(lines)


def warm(articles: Path) -> None:
    """Make sure the case cache is warm right before a method runs (sources may change between methods)."""
    from strikebook.store.case import load_case

    load_case(articles)


def time_runner(jobs: int, only: list[str], out: Path, articles: Path) -> tuple[float, dict]:
    cmd = [str(BIN / "strikebook"), "report", "--articles", str(articles), "--out", str(out), "--jobs", str(jobs),
           "--quiet"]
    for o in only:
        cmd += ["--only", o]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        sys.exit(f"strikebook report failed ({proc.returncode}):\n{proc.stderr}")
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    return wall, {r["name"]: r["seconds"] for r in index["reports"] if r["status"] != "not run"}


def time_naive(reports, articles: Path, kernel: str, out: Path) -> tuple[float, dict]:
    per = {}
    t0 = time.perf_counter()
    for r in reports:
        t = time.perf_counter()
        executed = out / f"{r.name}.ipynb"
        cmd = [str(BIN / "papermill"), str(r.notebook), str(executed), "-k", kernel, "--cwd", str(r.notebook.parent),
               "--no-progress-bar"]
        for key, value in r.parameters.items():
            cmd += ["-y", json.dumps({key: value})] if not isinstance(value, str) else ["-p", key, value]
        env = {**os.environ, "STRIKEBOOK_ARTICLES": str(articles)}
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed), "--output-dir", str(out)],
                       check=True, capture_output=True)
        per[r.name] = time.perf_counter() - t
    return time.perf_counter() - t0, per


def time_floor(reports, kernel: str, jobs: int) -> tuple[float, dict]:
    import nbformat
    import papermill
    from nbformat.v4 import new_code_cell, new_notebook

    from strikebook.report.kernels import kernel_manager_class

    per = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in reports:
            nb = new_notebook(cells=[new_code_cell(import_lines(r.notebook))],
                              metadata={"kernelspec": {"name": kernel, "display_name": kernel, "language": "python"}})
            path = Path(tmp) / f"{r.name}.ipynb"
            nbformat.write(nb, path)
            t = time.perf_counter()
            papermill.execute_notebook(str(path), None, kernel_name=kernel, cwd=str(r.notebook.parent),
                                       progress_bar=False, kernel_manager_class=kernel_manager_class())
            per[r.name] = time.perf_counter() - t
    return sum(per.values()) / jobs, per


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--skip-naive", action="store_true", help="skip the (slow) naive way")
    ap.add_argument("--articles", type=Path, default=REPO / "data" / "articles",
                    help="the case folder (default: the seed case); e.g. a 1,000-article case made by "
                         "tests/_bigcase.make_case, extracted once before (its cache warm)")
    args = ap.parse_args(argv)

    from strikebook.report.kernels import kernel_name

    reports, articles = plan(args.only, args.articles)
    kernel = kernel_name()
    print(f"{len(reports)} reports, {args.jobs} jobs, kernel {kernel}, {os.cpu_count()} cores", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="bench_report_"))
    try:
        floor, floor_per = time_floor(reports, kernel, args.jobs)
        warm(articles)
        runner, runner_per = time_runner(args.jobs, args.only, work / "runner", articles)
        if args.skip_naive:
            naive, naive_per = float("nan"), {}
        else:
            (work / "naive").mkdir()
            warm(articles)
            naive, naive_per = time_naive(reports, articles, kernel, work / "naive")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    case = "the seed case" if args.articles == REPO / "data" / "articles" else f"{args.articles.name}"
    print(f"\n`strikebook report` on {case}: {len(reports)} reports, --jobs {args.jobs}, "
          f"{os.cpu_count()} cores, case cache warm.\n")
    print("| method | wall time (s) | strikebook report is |")
    print("|---|---:|---|")
    print(f"| strikebook report | {runner:.1f} | |")
    if not args.skip_naive:
        print(f"| naive: papermill CLI + jupyter nbconvert, one by one | {naive:.1f} | "
              f"{runner / naive:.2f} × naive (target ≤ 0.5) |")
    print(f"| floor: empty notebook with the same imports per report ÷ jobs | {floor:.1f} | "
          f"{runner / floor:.2f} × floor (target ≤ 1.3) |")
    busy = sum(runner_per.values()) / args.jobs
    print(f"| runner: Σ per-report time (reset, cells, render; kernels are warm) ÷ jobs | {busy:.1f} | "
          f"overhead outside the reports: {runner - busy:.1f} s |")
    print("\n| report | runner (s, warm kernel, incl. render) | naive (s) | floor, one report (s) |")
    print("|---|---:|---:|---:|")
    for r in reports:
        print(f"| {r.name} | {runner_per.get(r.name, float('nan')):.1f} | {naive_per.get(r.name, float('nan')):.1f} | "
              f"{floor_per[r.name]:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
