"""Scale: a case of hundreds to thousands of articles, measured side by side in one run (issue 11).

Corpora: N articles made from real texts with small perturbations, as syndicated wire copy is (a sentence
dropped, a word changed, a line added), so no two files are identical and the cache cannot short-cut them.
The texts are the real-world corpus (`tests/realworld/articles`, filled by scripts/fetch_realworld.py) when
present, plus the seed case and the unseen fixtures.

For each N (default 300 and 1,000; `--sizes 300 1000 10000`):
- **raw spaCy**: the shipped `en_core_web_sm` model, all its components, `nlp.pipe` over the same texts, in
  one process (the issue's yardstick);
- **cold**, `strikebook extract --jobs 1` and `--jobs <all cores>` with an empty cache;
- **warm**: the same command again, nothing changed;
- **one article changed**: one file edited, the same command again;
- **Dask**: `--scheduler dask` on a LocalCluster of all cores, empty cache;
- **peak memory per process** (resident set, sampled every 0.1 s over the command and all its workers).

Targets, on the project's 2-core machine: cold ≥ 1.5× raw spaCy's speed; warm ≥ 20× faster than cold; one
changed article ≥ 10× faster than cold; 10,000 articles finish with every process under 2 GB.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 300 1000] [--skip-dask] [--skip-serial]

Prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def source_texts() -> list[str]:
    folders = [ROOT / "tests" / "realworld" / "articles", ROOT / "data" / "articles", ROOT / "tests" / "fixtures" / "unseen"]
    texts = []
    for folder in folders:
        texts += [p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []
    return texts


def perturb(text: str, rng: random.Random, n: int) -> str:
    """A syndicated copy: one paragraph dropped or a word swapped, and an agency line added."""
    paras = text.split("\n\n")
    if len(paras) > 3 and rng.random() < 0.5:
        del paras[rng.randrange(1, len(paras))]
    words = {"said": "says", "Sunday": "Sunday night", "officials": "US officials", "strikes": "air strikes"}
    out = "\n\n".join(paras)
    for a, b in rng.sample(sorted(words.items()), 2):
        out = out.replace(a, b, 1)
    return out + f"\n\n(Copy {n} distributed by a wire service.)\n"


def make_case(folder: Path, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    base = source_texts()
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for i in range(n):
        text = perturb(base[i % len(base)], rng, i)
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


class PeakRSS:
    """Peak resident memory of a process and its descendants, each process on its own (psutil, sampled)."""

    def __init__(self, pid: int):
        import psutil

        self.root = psutil.Process(pid)
        self.peak: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        import psutil

        while not self.stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[p.pid] = max(self.peak.get(p.pid, 0), rss)
            time.sleep(0.1)

    def close(self) -> int:
        self.stop.set()
        self.thread.join()
        return max(self.peak.values(), default=0)


def extract(case: Path, out: Path, cache: Path, *args: str) -> tuple[float, int]:
    env = {**os.environ, "STRIKEBOOK_CACHE": str(cache)}
    t = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "strikebook"), "extract", str(case), "--out", str(out), "--quiet", *args],
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        peak = PeakRSS(proc.pid)
    except ImportError:
        peak = None
    err = proc.communicate()[1]
    wall = time.perf_counter() - t
    rss = peak.close() if peak else 0
    if proc.returncode not in (0, 1):
        sys.exit(f"strikebook extract failed ({proc.returncode}):\n{err}")
    return wall, rss


def raw_spacy(texts: list[str]) -> float:
    """The shipped model as is (all components) over the texts, one process; model load excluded."""
    code = ("import sys, time, spacy\n"
            "from strikebook.config import MODEL_NAMES\n"
            "name = next(n for n in MODEL_NAMES if spacy.util.is_package(n))\n"
            "nlp = spacy.load(name)\n"
            "texts = [open(p, encoding='utf-8').read() for p in sys.argv[1:]]\n"
            "t = time.perf_counter()\n"
            "for _ in nlp.pipe(texts, batch_size=16): pass\n"
            "print(time.perf_counter() - t)\n")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            p = Path(tmp) / f"{i}.txt"
            p.write_text(text, encoding="utf-8")
            paths.append(str(p))
        out = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-serial", action="store_true", help="skip the --jobs 1 cold run")
    args = ap.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in args.sizes:
            case = tmp / f"case{n}"
            texts = make_case(case, n)
            chars = sum(map(len, texts))
            r: dict[str, object] = {"n": n, "chars": chars}
            r["raw"] = raw_spacy(texts) if n <= 1000 else None
            cache = tmp / f"cache{n}"
            if not args.skip_serial and n <= 1000:
                r["cold1"], r["rss1"] = extract(case, tmp / "out", tmp / f"c1-{n}", "--jobs", "1")
                shutil.rmtree(tmp / f"c1-{n}", ignore_errors=True)
            r["cold"], r["rss"] = extract(case, tmp / "out", cache, "--jobs", str(cores))
            r["warm"], r["rss_warm"] = extract(case, tmp / "out", cache, "--jobs", str(cores))
            first = case / "a00000.txt"
            first.write_text(first.read_text(encoding="utf-8") + "\nA correction was appended.\n", encoding="utf-8")
            r["one"], _ = extract(case, tmp / "out", cache, "--jobs", str(cores))
            if not args.skip_dask and n <= 1000:
                r["dask"], r["rss_dask"] = extract(case, tmp / "out", tmp / f"cd-{n}", "--scheduler", "dask",
                                                   "--jobs", str(cores))
                shutil.rmtree(tmp / f"cd-{n}", ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(case, ignore_errors=True)
            rows.append(r)
            print(f"done {n}: {r}", file=sys.stderr, flush=True)
    mb = lambda b: f"{b / 1e6:,.0f} MB" if b else "–"  # noqa: E731
    s = lambda v: f"{v:.1f} s" if isinstance(v, float) else "–"  # noqa: E731
    print(f"Machine: {cores} cores. Times are wall-clock; memory is the peak resident set of the largest process.\n")
    print("| articles | characters | raw spaCy, 1 process | cold --jobs 1 | cold, all cores | cold vs raw spaCy "
          "| warm (nothing changed) | cold ÷ warm | one article changed | cold ÷ one changed | Dask LocalCluster "
          "| peak memory per process |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ratio = f"{r['raw'] / r['cold']:.2f}×" if r.get("raw") else "–"
        print(f"| {r['n']:,} | {r['chars']:,} | {s(r.get('raw'))} | {s(r.get('cold1'))} | {s(r['cold'])} | {ratio} | "
              f"{s(r['warm'])} | {r['cold'] / r['warm']:.0f}× | {s(r['one'])} | {r['cold'] / r['one']:.0f}× | "
              f"{s(r.get('dask'))} | {mb(max(r.get('rss', 0), r.get('rss1', 0) or 0, r.get('rss_dask', 0) or 0))} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
