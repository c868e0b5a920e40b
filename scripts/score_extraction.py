"""Rerun the extraction error analysis: extract the seed articles, score against tests/gold, print markdown.

Usage:  .venv/bin/python scripts/score_extraction.py [ARTICLES_DIR] [--gold DIR] [--km 25] > report.md

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
    args = parser.parse_args(argv)

    import scoring as evaluate

    from strikebook.extract.pipeline import extract_case

    gold = evaluate.load_gold(args.gold)
    tables = extract_case([Path(args.articles)], checks=False)  # flags are not scored
    results = evaluate.score_all(tables, gold, km=args.km)
    sys.stdout.write(evaluate.error_report(results) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
