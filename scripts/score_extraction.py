"""Rerun the extraction error analysis: extract the seed articles, score against tests/gold, print markdown.

Usage:  .venv/bin/python scripts/score_extraction.py [ARTICLES_DIR] [--gold DIR] [--km 25] > report.md
        .venv/bin/python scripts/score_extraction.py tests/realworld/articles --gold tests/realworld/gold \\
            --split dev          # the real-world corpus (fill it first: scripts/fetch_realworld.py)

The output is what tests/gold/README.md's error analysis is copied from: per-table precision, recall and
F1, then every miss and false positive with its evidence. Origin: strikebook issue 3 item 9, 2026-11-21, MIT.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", default=str(ROOT / "data" / "articles"),
                        help="folder of articles the gold annotates (default: data/articles)")
    parser.add_argument("--gold", default=None, help="gold folder (default: tests/gold)")
    parser.add_argument("--km", type=float, default=25, help="distance within which a site counts as located")
    parser.add_argument("--split", help="score only the articles of this split (column `split` of --manifest)")
    parser.add_argument("--manifest", help="manifest with file and split columns (default: beside --gold)")
    parser.add_argument("--summary", action="store_true", help="print only the score table")
    args = parser.parse_args(argv)

    import scoring as evaluate

    from strikebook.extract.pipeline import extract_case

    wanted = None
    paths = [Path(args.articles)]
    if args.split:
        import csv

        manifest = Path(args.manifest) if args.manifest else Path(args.gold).parent / "manifest.csv"
        rows = [r for r in csv.DictReader(manifest.open(encoding="utf-8")) if r["split"] == args.split]
        wanted = {Path(r["file"]).stem for r in rows}
        present = [Path(args.articles) / r["file"] for r in rows if (Path(args.articles) / r["file"]).is_file()]
        for r in rows:
            if not (Path(args.articles) / r["file"]).is_file():
                print(f"not found: {Path(args.articles) / r['file']} (run scripts/fetch_realworld.py)", file=sys.stderr)
        paths = present
    gold = evaluate.load_gold(args.gold, articles=wanted)
    tables = extract_case(paths, checks=False)  # flags are not scored
    results = evaluate.score_all(tables, gold, km=args.km)
    missing = results["events"].get("missing_articles")
    if missing:
        print(f"gold articles not found in the extraction: {', '.join(missing)}", file=sys.stderr)
    out = evaluate.score_table(results) if args.summary else evaluate.error_report(results, tables.texts)
    sys.stdout.write(out + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
