"""Extraction speed on the seed case, measured side by side in one run.

- warm extraction: `strikebook.extract.pipeline` on data/articles with the pipeline and gazetteer already loaded
  (target: under 2 s);
- throughput vs the raw spaCy pipeline (`en_core_web_sm` as shipped, all its components, `nlp.pipe` over
  the same texts): strikebook's extraction (parse + every extractor, all tables; the verification checks
  of `flags` are timed separately) should run at ≥ 0.8× the raw pipeline's speed;
- the verification checks (`verify.run.run_checks`, the `flags` table) on their own;
- peak memory (tracemalloc) of one warm extraction.

Every repetition starts by forgetting the per-text memos (`clear_text_caches`), so each one does the work
a new article needs; only process-wide things built from the reference data (the pipeline, the gazetteer,
the name indexes) stay loaded, as they do in any real run.

Run: .venv/bin/python benchmarks/bench_extract.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def clear_text_caches() -> None:
    """Forget per-text memoisation so every repetition does the full work a new article would need."""
    from strikebook.extract import casualties, events
    from strikebook.reference import gazetteer
    from strikebook.text import normalize as text

    events.clear_caches()  # event terms, stems, dating and date matches
    casualties._LAST.clear()
    text.fold.cache_clear()
    gazetteer.get_gazetteer().forget_lookups()


def best_of(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        clear_text_caches()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--articles", default=str(ROOT / "data" / "articles"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    import spacy

    from strikebook import load_corpus
    from strikebook.extract import parse as nlp
    from strikebook.extract import places
    from strikebook.extract.parse import model_name
    from strikebook.extract.pipeline import extract_case as extract
    from strikebook.reference import tables as reference
    from strikebook.verify.run import run_checks

    t_import = time.perf_counter() - t0
    corpus = load_corpus([args.articles])
    texts = [a.text for a in corpus.articles]
    chars = sum(map(len, texts))

    t0 = time.perf_counter()
    nlp.get_nlp()
    places.get_gazetteer()
    t_load = time.perf_counter() - t0

    raw = spacy.load(model_name())
    list(raw.pipe(texts))  # warm
    # raw spaCy and strikebook are timed alternately, so a change in machine load hits both alike
    raw_times, ext_times = [], []
    for _ in range(args.repeat):
        raw_times.append(best_of(lambda: list(raw.pipe(texts)), 1)[0])
        ext_times.append(best_of(lambda: extract(corpus=corpus, checks=False), 1)[0])
    raw_best, raw_med = min(raw_times), statistics.median(raw_times)
    ext_best, ext_med = min(ext_times), statistics.median(ext_times)
    extract(corpus=corpus)  # warm
    all_best, all_med = best_of(lambda: extract(corpus=corpus), args.repeat)
    tables, ref = extract(corpus=corpus, checks=False), reference.load_reference()
    chk_best, chk_med = best_of(lambda: run_checks(tables, ref), args.repeat)

    tracemalloc.start()
    extract(corpus=corpus)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    ratio = raw_best / ext_best
    print(f"# extraction benchmark: {len(texts)} articles, {chars:,} characters, best of {args.repeat}\n")
    print("| measure | value | target |")
    print("| --- | --- | --- |")
    print(f"| import strikebook + spaCy | {t_import:.2f} s | |")
    print(f"| load pipeline + gazetteer (cold in this process) | {t_load:.2f} s | |")
    print(f"| raw spaCy `{model_name()}` pipe, all components | {raw_best:.3f} s (median {raw_med:.3f}) | |")
    print(f"| strikebook warm extraction, all tables (parse + extractors) | {ext_best:.3f} s (median {ext_med:.3f}) | |")
    print(f"| verification checks alone (`run_checks`) | {chk_best:.3f} s (median {chk_med:.3f}) | < 0.15 s |")
    print(f"| strikebook warm extraction + verification checks | {all_best:.3f} s (median {all_med:.3f}) | < 2 s |")
    print(f"| throughput relative to raw spaCy | {ratio:.2f}× | ≥ 0.8× |")
    print(f"| peak Python memory of one extraction | {peak / 1e6:.1f} MB | |")


if __name__ == "__main__":
    main()
