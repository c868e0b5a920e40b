"""Big-case reports: the size of each report and the time a browser takes to open it (issue 11).

Case: N articles (default 1,000).
- default: the tables of N syndicated copies of the seed case (`tests/_bigcase.replicate`, seconds; quotes
  kept in the first `--quoting` copies, default all), the report run pinned to them;
- `--extract`: N perturbed copies of the seed and unseen articles written as files (`tests/_bigcase.make_case`)
  and the real `strikebook report` on them — extraction included (many minutes on 2 cores; cached).

The reports (default: 01_corpus, 03_casualties, 04_quotes, 05_timeline, 06_checks and the all-events strike
map) run through the report runner with `--jobs 2`; then each page is opened in headless Chromium (Debian's
/usr/bin/chromium through Playwright) from file://, network blocked, `--repeat` times (default 3), each in a
new tab: time to the load event with the page laid out, and to its first screenshot. Medians are printed.

Target (issue 11): every report under 2 MB and open in under 5 s on the project's 2-core machine.

    .venv/bin/python benchmarks/bench_big_reports.py [--n 1000] [--extract] [--only NAME ...] [--keep DIR]

Prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
REPORTS = ["01_corpus", "02_strike_map_all", "03_casualties", "04_quotes", "05_timeline", "06_checks"]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def run(work: Path, n: int, extract: bool, quoting: int | None, only: list[str]) -> tuple[Path, float, dict]:
    """Make the case and run its reports into work/out; returns (out, seconds, index)."""
    import _bigcase

    out = work / "out"
    t = time.perf_counter()
    if extract:
        from strikebook.report.runner import run_reports

        folder = _bigcase.make_case(work / "articles", n)
        print(f"{n} articles written; extracting and running the reports (minutes)…", file=sys.stderr)
        code = run_reports(config=ROOT / "reports.yml", out=out, only=only, jobs=2, articles=folder, quiet=True)
    else:
        from strikebook.store.case import load_case

        tables = _bigcase.replicate(load_case(ROOT / "data" / "articles"), n, quoting=quoting)
        folder = _bigcase.write_copies(tables, work / "articles")
        code = _bigcase.run_pinned(tables, folder, out, only=only, jobs=2)
    seconds = time.perf_counter() - t
    if code not in (0, 1):
        sys.exit(f"strikebook report failed ({code})")
    return out, seconds, json.loads((out / "index.json").read_text(encoding="utf-8"))


def open_times(pages: list[Path], repeat: int) -> dict[str, tuple[float, float]]:
    """Per page: median seconds to the load event (page laid out) and to the first screenshot."""
    from playwright.sync_api import sync_playwright

    times: dict[str, tuple[float, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        for path in pages:
            loads, shots = [], []
            for _ in range(repeat):
                page = browser.new_page(viewport={"width": 1300, "height": 1000})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:"))
                           else r.abort())
                t = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                page.evaluate("document.body.scrollHeight")  # layout done
                loads.append(time.perf_counter() - t)
                page.screenshot()
                shots.append(time.perf_counter() - t)
                page.close()
            times[path.stem] = (statistics.median(loads), statistics.median(shots))
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the case")
    parser.add_argument("--extract", action="store_true", help="write article files and extract them for real")
    parser.add_argument("--quoting", type=int, default=None, help="copies that keep their quotes (default all)")
    parser.add_argument("--only", nargs="*", default=REPORTS, help="reports to run and open")
    parser.add_argument("--repeat", type=int, default=3, help="opens per page (median)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"needs Debian's chromium at {CHROMIUM}")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        out, seconds, index = run(work, args.n, args.extract, args.quoting, args.only)
        reports = [r for r in index["reports"] if r["name"] in args.only and r.get("html")]
        times = open_times([out / r["html"] for r in reports], args.repeat)
        case = "perturbed copies, extracted" if args.extract else "replicated seed tables"
        print(f"\n{args.n:,} articles ({case}); reports run in {seconds:.0f} s with --jobs 2\n")
        print("| report | status | run (s) | HTML (MB) | CSV beside (MB) | open: load (s) | open: first screen (s) |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for r in reports:
            html = out / r["html"]
            csv = sum(p.stat().st_size for p in out.glob(f"{html.stem}.*.csv"))
            load, shot = times[html.stem]
            print(f"| {r['name']} | {r['status']} | {r.get('seconds', 0):.1f} | {html.stat().st_size / 1e6:.2f} | "
                  f"{csv / 1e6:.2f} | {load:.2f} | {shot:.2f} |")


if __name__ == "__main__":
    main()
