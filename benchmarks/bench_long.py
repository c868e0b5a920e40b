"""One very long article (issue 12): a million characters within 2× the raw spaCy time, under 1.5 GB.

The article is real text (the real-world corpus when present, the seeds and fixtures otherwise) pasted one
after another until it reaches `--chars` characters, as a wire dump or a scraped live blog would be. Measured
side by side in one run:

- **raw spaCy**: the shipped `en_core_web_sm` (all components) over the same text, split at its paragraph
  breaks (one Doc of a million characters is over spaCy's own `max_length` and needs ~10 GB), `nlp.pipe`;
- **strikebook extract**: the real command on a folder holding only that article (`--jobs 1`, empty cache),
  which parses it in pieces and runs every extractor and check over it; wall time and the peak resident
  memory of the process.

    .venv/bin/python benchmarks/bench_long.py [--chars 1000000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import BIN, PeakRSS, source_texts  # noqa: E402


def long_text(chars: int) -> str:
    parts, n, texts = [], 0, source_texts()
    i = 0
    while n < chars:
        t = texts[i % len(texts)].strip() + "\n\n"
        parts.append(t)
        n += len(t)
        i += 1
    return "".join(parts)[:chars]


def raw_spacy(path: Path) -> tuple[float, int]:
    code = ("import sys, time, spacy\n"
            "from strikebook.config import MODEL_NAMES\n"
            "name = next(n for n in MODEL_NAMES if spacy.util.is_package(n))\n"
            "nlp = spacy.load(name)\n"
            "text = open(sys.argv[1], encoding='utf-8').read()\n"
            "paras = [p for p in text.split('\\n\\n') if p.strip()]\n"
            "t = time.perf_counter()\n"
            "for _ in nlp.pipe(paras, batch_size=64): pass\n"
            "print(time.perf_counter() - t)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    peak = PeakRSS(proc.pid)
    out = proc.communicate()[0]
    return float(out.strip()), peak.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        case = tmp / "case"
        case.mkdir()
        path = case / "long.txt"
        path.write_text(long_text(args.chars), encoding="utf-8")
        raw, raw_rss = raw_spacy(path)
        env = {**os.environ, "STRIKEBOOK_CACHE": str(tmp / "cache")}
        t = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "strikebook"), "extract", str(case), "--out", str(tmp / "out"),
                                 "--jobs", "1", "--quiet"], env=env, stderr=subprocess.PIPE, text=True)
        peak = PeakRSS(proc.pid)
        err = proc.communicate()[1]
        wall = time.perf_counter() - t
        rss = peak.close()
        if proc.returncode != 0:
            sys.exit(f"strikebook extract failed ({proc.returncode}):\n{err}")
    print("| article | raw spaCy (paragraphs, nlp.pipe) | strikebook extract, --jobs 1 | ratio | peak memory |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {args.chars:,} characters | {raw:.1f} s ({raw_rss / 1e6:,.0f} MB) | {wall:.1f} s | "
          f"{wall / raw:.2f}× (target ≤ 2) | {rss / 1e6:,.0f} MB (target < 1,500) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
