"""The restructuring guard: snapshot every table and the text of every report, then compare two snapshots.

Why: moving code between modules must not change what a reporter sees. This script runs the public command
line (`strikebook extract`, `strikebook report`), which survives any reorganisation of the package, over the
seed case and every fixture case, and writes:

    SNAPSHOT/tables/CASE/*.csv       every table `strikebook extract` writes (places.geojson too)
    SNAPSHOT/reports/CASE/NAME.txt   the visible text of every report (HTML → text, images and scripts dropped,
                                     run times and durations blanked), and the index

Usage (from the repo root, with the project's .venv):
    .venv/bin/python scripts/guard_outputs.py snapshot /tmp/guard/before      # on the old tree
    .venv/bin/python scripts/guard_outputs.py snapshot /tmp/guard/after       # on the new tree
    .venv/bin/python scripts/guard_outputs.py compare /tmp/guard/before /tmp/guard/after

`compare` prints every file that differs with a unified diff of its first differing lines and exits 1 when
anything differs: the after must equal the before except the deliberate fixes, each named in its commit.
Origin: strikebook issue 9, 2026-12-06. Licence: MIT.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: The cases: the seeds, and every fixture folder that holds articles.
CASES = {"seeds": ROOT / "data" / "articles", "unseen": ROOT / "tests" / "fixtures" / "unseen"}
#: Lines of a report that change from run to run whatever the code (timings, dates of the run).
_VOLATILE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*(?:s|ms|seconds?)\b|\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?\S*")


def html_text(page: str) -> str:
    """The text a reader sees in an HTML report: no scripts, styles or inline images; one line per block."""
    import lxml.html

    doc = lxml.html.fromstring(page)
    for bad in doc.xpath("//script|//style|//img|//svg|//noscript"):
        bad.drop_tree()
    for cell in doc.iter("td", "th"):  # keep table cells apart, so a run time is a token of its own
        cell.tail = " | " + (cell.tail or "")
    for block in doc.iter("tr", "p", "div", "li", "h1", "h2", "h3", "h4", "pre", "br"):
        block.tail = "\n" + (block.tail or "")
    lines = [" ".join(chunk.split()) for chunk in doc.text_content().splitlines()]
    return "\n".join(_VOLATILE.sub("<time>", line) for line in lines if line) + "\n"


def run(cmd: list[str], env: dict) -> None:
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")


def snapshot(out: Path) -> None:
    strikebook = str(BIN / "strikebook")
    env = dict(os.environ, PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as tmp:
        env["STRIKEBOOK_CACHE"] = str(Path(tmp) / "cache")
        for name, folder in CASES.items():
            tables = out / "tables" / name
            run([strikebook, "extract", str(folder), "--out", str(tables)], env)
            reports = Path(tmp) / "reports" / name
            run([strikebook, "report", "--articles", str(folder), "--out", str(reports), "--jobs", "2"], env)
            dest = out / "reports" / name
            dest.mkdir(parents=True, exist_ok=True)
            for page in sorted(reports.glob("*.html")):
                (dest / f"{page.stem}.txt").write_text(html_text(page.read_text(encoding="utf-8")),
                                                       encoding="utf-8")
    print(f"snapshot written to {out}")


def compare(before: Path, after: Path, context: int = 3, max_lines: int = 40) -> int:
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file()}
                   | {p.relative_to(after) for p in after.rglob("*") if p.is_file()})
    changed = 0
    for rel in names:
        a, b = before / rel, after / rel
        if not a.exists() or not b.exists():
            print(f"only in {'after' if b.exists() else 'before'}: {rel}")
            changed += 1
            continue
        ta, tb = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
        if ta == tb:
            continue
        changed += 1
        diff = list(difflib.unified_diff(ta.splitlines(), tb.splitlines(), f"before/{rel}", f"after/{rel}",
                                         n=context, lineterm=""))
        print("\n".join(diff[:max_lines]))
        if len(diff) > max_lines:
            print(f"… {len(diff) - max_lines} more diff lines")
    print(f"{changed} of {len(names)} files differ")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("snapshot", help="write a snapshot of every table and report text")
    p.add_argument("out", type=Path)
    p = sub.add_parser("compare", help="compare two snapshots")
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "snapshot":
        if args.out.exists():
            shutil.rmtree(args.out)
        snapshot(args.out)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
