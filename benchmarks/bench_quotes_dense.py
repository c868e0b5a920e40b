"""Quote attribution on quote-dense text (issue 12): time per quote must stay flat as the quotes grow.

The issue's text is 1,400 short quotes credited one after the other, `"w0" said "x0" said …` (17 KB, one
sentence on one line); attributing them took six minutes because every token's ancestors were tested against
every quote span and every quote scanned its whole sentence. This script times `extract_quotes` alone (the
spaCy parse is done first and not timed) on that shape and on a mixed one (named subjects, pronouns, titles,
"according to", "said:", described sources, split and scare quotes, all on one line) at several sizes, best
of `--repeat` runs, forgetting the per-Doc look-up tables before each run so every run does the full work.
Times are CPU seconds of this process (`time.process_time`): on a machine shared with other work, wall-clock
times of the same run vary by a factor of two.
Linear work shows as a flat time per quote; the last column is the growth in time against the growth in
quotes from the smallest size (1.0 = linear).

Run: .venv/bin/python benchmarks/bench_quotes_dense.py [--sizes 200 400 800 1400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

_WORDS = ("defensive", "limited", "necessary", "proportionate", "lawful", "deliberate", "measured", "firm",
          "clear", "final", "swift", "narrow", "precise")
_UNITS = (
    '"The strikes were {w}," Kirby said.',
    'He added that the raids were "{w}".',
    'The Pentagon spokesman called the attack "{w}".',
    'The raids were "{w}", according to Austin.',
    'Austin said: "We acted in a {w} way."',
    'A US official said the target was "{w}".',
    '"We were {w}," she said, "and we will act again."',
    'The so-called "{w} axis" was not mentioned.',
)


def issue_text(n: int) -> str:
    return " ".join(f'"w{i}" said "x{i}" said' for i in range(n // 2)) + "."


def mixed_text(n: int) -> str:
    out, k, quotes = [], 0, 0
    while quotes < n:
        unit = _UNITS[k % len(_UNITS)].format(w=_WORDS[k % len(_WORDS)])
        out.append(unit)
        quotes += unit.count('"') // 2
        k += 1
    return " ".join(out)


def _forget(doc) -> None:
    """Drop the per-Doc look-up tables and mentions the extractor caches, so a run rebuilds them."""
    for k in [k for k in doc.user_data if isinstance(k, str) and k.startswith(("strikebook.extract.", "strikebook_"))]:
        del doc.user_data[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 400, 800, 1400])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from strikebook.extract import quotes
    from strikebook.extract.parse import get_nlp
    from strikebook.extract.pipeline import ArticleContext
    from strikebook.records import Article, Segment
    from strikebook.reference.tables import load_reference

    nlp, ref = get_nlp(), load_reference()
    print("| text | quotes | chars | parse (s, not timed below) | extract_quotes best (CPU s) | µs per quote | "
          "time growth ÷ quote growth |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, make in (("issue: \"w\" said …", issue_text), ("mixed attributions", mixed_text)):
        base = None
        for n in args.sizes:
            text = make(n)
            t0 = time.perf_counter()
            doc = nlp(text)
            parse = time.perf_counter() - t0
            article = Article(article_id="dense", path=Path("dense.txt"), text=text,
                              segments=[Segment("body", 0, len(text))])
            best, rows = float("inf"), []
            for _ in range(args.repeat):
                _forget(doc)
                ctx = ArticleContext(article=article, doc=doc, ref=ref)
                t0 = time.process_time()
                rows = quotes.extract_quotes(ctx)
                best = min(best, time.process_time() - t0)
            if base is None:
                base = (len(rows), best)
            growth = (best / base[1]) / (len(rows) / base[0])
            print(f"| {name} | {len(rows)} | {len(text):,} | {parse:.2f} | {best:.3f} | "
                  f"{1e6 * best / len(rows):.0f} | {growth:.2f} |", flush=True)


if __name__ == "__main__":
    main()
