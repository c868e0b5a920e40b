"""Cross-article checks at scale (issues 11 and 12): quote grouping, quote drift, corroboration and figures
on synthetic cases of 100 to 10,000 quotes or figures, and one 50 KB statement quoted three times.

The inputs are built in memory, seeded, from a Zipf-distributed vocabulary (the seed articles' words, most
frequent first, then made-up words), so common words are as common as in news copy:

- quote-dense:  N quotes, ~8 per article (N/8 articles), mostly different statements; one in five is
                quoted again in one or two other articles, with a changed word or as an excerpt;
- syndicated:   N quotes of N/50 statements, copied from article to article (~8 quotes per article): 70 %
                verbatim, 15 % in another house style (curly marks, dashes, case: the same match key), 8 %
                with a word changed, dropped or added, 5 % as an excerpt, 2 % given to another speaker;
- long:         three articles quoting one 50 KB statement (~8,000 words): verbatim, with five words
                changed, and in another house style with one sentence dropped;
- figures:      N casualty figures (exact, "at least", "about") of N/4 articles on three events, plus N
                counts of targets; they agree except in one article in 200, which gives another count
                (so the flags grow with the articles that disagree times those they disagree with).

For each input, one measurement in a fresh process: the seconds of `quotecompare.group_quotes` alone and of
`verify.run.run_checks` (every check, the `flags` table, its own grouping included), the peak Python
memory of run_checks (tracemalloc, in a second run, left out when run_checks takes over two minutes),
the number of flags and a digest of them (equal digests: the same flags), and the work counters of
`verify.align.COUNTS` (pairs of quotes scored, texts compared word by word).
`--baseline REV` also runs the same inputs on the package as it was at git revision REV (e.g. e187684,
the commit before issues 11 and 12), with the same time limit per measurement.

Run: .venv/bin/python benchmarks/bench_verify.py [--sizes 100 1000 10000] [--timeout 900]
                                                 [--only quote-dense syndicated long figures] [--baseline REV]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("quote-dense", "syndicated", "long", "figures")
EVENTS = ("2024-02-02", "2021-02-25", "2021-06-27")
SPEAKERS = ("John Kirby", "Lloyd Austin", "Pat Ryder", "Nasser Kanaani", "Joe Biden", "")


# ------------------------------------------------------------------------------------------- the inputs
def vocabulary(rnd: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    """Words and Zipf weights: the seed articles' words by frequency, then made-up words."""
    counts: dict[str, int] = {}
    for path in sorted((ROOT / "data" / "articles").glob("*.txt")):
        for w in re.findall(r"[A-Za-z][a-z']+", path.read_text(encoding="utf-8")):
            counts[w.lower()] = counts.get(w.lower(), 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    syllables = ["ka", "ri", "to", "mel", "an", "sur", "do", "vi", "ne", "bar", "qu", "es", "lo", "tan"]
    seen = set(words)
    while len(words) < size:
        w = "".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words, [1 / (k + 1) ** 1.05 for k in range(len(words))]


def sentence(rnd: random.Random, vocab, n_words: int) -> str:
    words, weights = vocab
    ws = rnd.choices(words, weights, k=n_words)
    out = []
    for k, w in enumerate(ws):
        out.append(w.capitalize() if k == 0 else w)
        if k < n_words - 1 and rnd.random() < 0.08:
            out[-1] += ","
    return " ".join(out)


def house_style(text: str) -> str:
    """The same words in another house style: curly apostrophes, em dashes, no serial comma, first letter
    lower-cased (the match key is unchanged)."""
    t = text.replace("'", "\u2019").replace(" - ", " \u2014 ").replace(", and ", " and ")
    return t[:1].lower() + t[1:]


def substantive(rnd: random.Random, vocab, text: str) -> str:
    words = text.split()
    k = rnd.randrange(len(words))
    r = rnd.random()
    if r < 0.4:
        words[k] = rnd.choice(vocab[0][200:2000])
    elif r < 0.7 and len(words) > 4:
        del words[k]
    else:
        words.insert(k, "not")
    return " ".join(words)


def excerpt(rnd: random.Random, text: str) -> str:
    words = text.split()
    if len(words) < 10:
        return text
    n = rnd.randint(8, len(words) - 1)
    a = rnd.randrange(len(words) - n + 1)
    return " ".join(words[a:a + n]).strip(",")


def build_case(articles: list[dict]) -> SimpleNamespace:
    """Tables from articles given as {article_id, event_id, quotes: [(speaker, text)], killed: [(n, qualifier)],
    targets: [n]}: each quote in a sentence of its own, offsets exact."""
    texts, arts, quotes, cas, figs, segs = {}, [], [], [], [], []
    for a in articles:
        aid, text = a["article_id"], ""
        for speaker, q in a.get("quotes", []):
            text += f"{speaker or 'An official'} said: \u201c"
            s = len(text)
            text += q
            quotes.append({"article_id": aid, "speaker": speaker, "speaker_role": "", "text": q, "start": s,
                           "end": len(text), "cue": "said", "sentence": ""})
            text += "\u201d "
        for n, qual in a.get("killed", []):
            phrase = {"exact": f"killed {n} US soldiers", "at least": f"killed at least {n} US soldiers",
                      "about": f"killed about {n} US soldiers", "up to": f"killed up to {n} US soldiers"}[qual]
            text += "The attack "
            s = len(text)
            text += phrase
            cas.append({"article_id": aid, "status": "killed", "min": None if qual == "up to" else n,
                        "max": n if qual in ("exact", "up to", "about") else None, "qualifier": qual,
                        "who": "US soldiers", "source": "", "event_id": a["event_id"], "start": s, "end": len(text),
                        "sentence": ""})
            text += ". "
        for n in a.get("targets", []):
            text += "US forces struck "
            s = len(text)
            text += f"{n} targets"
            figs.append({"article_id": aid, "kind": "targets", "value": n, "unit": "targets", "start": s,
                         "end": len(text), "sentence": ""})
            text += ". "
        texts[aid] = text
        arts.append({"article_id": aid, "event_id": a["event_id"], "published": a["event_id"]})
        segs.append({"article_id": aid, "kind": "body", "start": 0, "end": len(text), "text": text})
    import pandas as pd

    return SimpleNamespace(texts=texts, articles=pd.DataFrame(arts), quotes=pd.DataFrame(quotes),
                           casualties=pd.DataFrame(cas), figures=pd.DataFrame(figs), segments=pd.DataFrame(segs))


def _articles(n_articles: int) -> list[dict]:
    return [{"article_id": f"{k:05d}", "event_id": EVENTS[k % len(EVENTS)], "quotes": []} for k in range(n_articles)]


def quote_dense(n: int, seed: int = 11) -> SimpleNamespace:
    rnd = random.Random(seed)
    vocab = vocabulary(rnd)
    arts = _articles(max(2, n // 8))
    made = 0
    while made < n:
        text, speaker = sentence(rnd, vocab, rnd.randint(4, 40)), rnd.choice(SPEAKERS)
        rnd.choice(arts)["quotes"].append((speaker, text))
        made += 1
        if rnd.random() < 0.2:
            for _ in range(rnd.randint(1, 2)):
                if made < n:
                    variant = substantive(rnd, vocab, text) if rnd.random() < 0.5 else excerpt(rnd, text)
                    rnd.choice(arts)["quotes"].append((speaker, variant))
                    made += 1
    return build_case(arts)


def syndicated(n: int, seed: int = 12) -> SimpleNamespace:
    rnd = random.Random(seed)
    vocab = vocabulary(rnd)
    statements = [(rnd.choice(SPEAKERS[:-1]), sentence(rnd, vocab, rnd.randint(6, 60))) for _ in range(max(2, n // 50))]
    popularity = [1 / (k + 1) for k in range(len(statements))]
    arts = _articles(max(2, n // 8))
    for _ in range(n):
        speaker, text = rnd.choices(statements, popularity)[0]
        r = rnd.random()
        if r < 0.70:
            pass
        elif r < 0.85:
            text = house_style(text)
        elif r < 0.93:
            text = substantive(rnd, vocab, text)
        elif r < 0.98:
            text = excerpt(rnd, text)
        else:
            speaker = rnd.choice([s for s in SPEAKERS[:-1] if s != speaker])
        rnd.choice(arts)["quotes"].append((speaker, text))
    return build_case(arts)


def long_statement(chars: int = 50_000, seed: int = 13) -> SimpleNamespace:
    rnd = random.Random(seed)
    vocab = vocabulary(rnd)
    sentences = []
    while sum(len(s) + 2 for s in sentences) < chars:
        sentences.append(sentence(rnd, vocab, rnd.randint(8, 30)))
    original = ". ".join(sentences) + "."
    words = original.split(" ")
    for k in rnd.sample([k for k, w in enumerate(words) if w.isalpha() and w.islower()], 5):
        words[k] = "never"
    changed = " ".join(words)
    dropped = house_style(". ".join(sentences[:len(sentences) // 2] + sentences[len(sentences) // 2 + 1:]) + ".")
    arts = [{"article_id": f"{k:05d}", "event_id": EVENTS[0], "quotes": [("John Kirby", t)]}
            for k, t in enumerate((original, changed, dropped))]
    return build_case(arts)


def figures(n: int, seed: int = 14) -> SimpleNamespace:
    rnd = random.Random(seed)
    arts = _articles(max(2, n // 4))
    for _ in range(n):
        k = rnd.randrange(len(arts))
        a = arts[k]
        r = rnd.random()
        if k % 200 == 7:  # one article in 200 carries an early, different count
            a.setdefault("killed", []).append((4, "exact"))
        elif r < 0.9:
            a.setdefault("killed", []).append((3, "exact"))
        elif r < 0.95:
            a.setdefault("killed", []).append((2, "at least"))
        else:
            a.setdefault("killed", []).append((3, "about"))
        a.setdefault("targets", []).append(60 if k % 200 == 11 else 85)
    return build_case(arts)


def make(kind: str, n: int) -> SimpleNamespace:
    return {"quote-dense": quote_dense, "syndicated": syndicated, "figures": figures}[kind](n) if kind != "long" \
        else long_statement()


# ------------------------------------------------------------------------------------------ one measure
def clear_caches(quotecompare) -> None:
    """Forget memoised comparisons, so each run does the work a new case needs."""
    for name in ("_compare", "match_key", "_tokens"):
        getattr(getattr(quotecompare, name, None), "cache_clear", lambda: None)()


def measure(kind: str, n: int) -> dict:
    """Run in a fresh process: build the input, time group_quotes and run_checks, peak memory."""
    from strikebook.reference.tables import load_reference
    from strikebook.verify import quotecompare, run

    try:
        from strikebook.verify.align import COUNTS
    except ImportError:  # the package before issue 11 (--baseline)
        COUNTS = None
    ref = load_reference()
    case = make(kind, n)
    out = {"kind": kind, "n": n, "quotes": len(case.quotes), "figures": len(case.casualties) + len(case.figures),
           "articles": len(case.texts), "chars": max((len(t) for t in case.quotes.get("text", [])), default=0)}
    run.run_checks(build_case([{"article_id": "x", "event_id": EVENTS[0], "quotes": [("", "warm up the imports")]}]),
                   ref)
    clear_caches(quotecompare)
    t0 = time.perf_counter()
    quotecompare.group_quotes(case.quotes) if len(case.quotes) else None
    out["group_s"] = round(time.perf_counter() - t0, 3)
    clear_caches(quotecompare)
    if COUNTS is not None:
        COUNTS.reset()
    t0 = time.perf_counter()
    flags = run.run_checks(case, ref)
    out["checks_s"] = round(time.perf_counter() - t0, 3)
    out["flags"] = len(flags)
    out["digest"] = hashlib.sha256(json.dumps(flags, sort_keys=True, default=str).encode()).hexdigest()[:10]
    counts = dict(vars(COUNTS)) if COUNTS is not None else {}
    out["peak_mb"] = ""
    if out["checks_s"] < 120:  # (a second run, traced: tracing slows Python down, so it is not timed)
        clear_caches(quotecompare)
        tracemalloc.start()
        run.run_checks(case, ref)
        out["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()
    COUNTS = SimpleNamespace(**counts) if counts else None
    if COUNTS is not None:
        out.update(scored=COUNTS.scored, compared=COUNTS.compared, candidates=COUNTS.candidates,
                   cells=COUNTS.cells)
    return out


def run_one(kind: str, n: int, timeout: float, lib: Path) -> dict:
    # the same reference data for every revision (a package unpacked elsewhere would not find data/)
    env = dict(os.environ, PYTHONPATH=str(lib), PYTHONHASHSEED="0",
               STRIKEBOOK_DATA=os.environ.get("STRIKEBOOK_DATA", str(ROOT / "data")))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", kind, str(n)]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"kind": kind, "n": n, "error": f"not finished in {timeout:g} s"}
    if proc.returncode:
        return {"kind": kind, "n": n, "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def baseline_lib(rev: str, tmp: Path) -> Path:
    """The package as it was at git revision `rev`, unpacked into tmp/lib."""
    archive = subprocess.run(["git", "archive", rev, "lib"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    return tmp / "lib"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--only", nargs="+", choices=KINDS, default=list(KINDS))
    ap.add_argument("--timeout", type=float, default=900, help="seconds per measurement (default 900)")
    ap.add_argument("--baseline", metavar="REV", help="also measure the package at this git revision")
    ap.add_argument("--measure", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    libs = [("current", ROOT / "lib")]
    with tempfile.TemporaryDirectory() as tmp:
        if args.baseline:
            libs.append((f"at {args.baseline}", baseline_lib(args.baseline, Path(tmp))))
        print("| input | N | quotes | figures | articles | code | group_quotes (s) | run_checks (s) | peak MB "
              "| flags | flags digest | pairs scored | texts compared |")
        print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|")
        for kind in args.only:
            for n in ([1] if kind == "long" else args.sizes):
                for label, lib in libs:
                    r = run_one(kind, n, args.timeout, lib)
                    size = "50 KB × 3" if kind == "long" else f"{n:,}"
                    if "error" in r:
                        print(f"| {kind} | {size} | | | | {label} | {r['error']} | | | | | | |", flush=True)
                        continue
                    print(f"| {kind} | {size} | {r['quotes']:,} | {r['figures']:,} | {r['articles']:,} | {label} "
                          f"| {r['group_s']} | {r['checks_s']} | {r['peak_mb']} | {r['flags']:,} | {r['digest']} "
                          f"| {r.get('scored', '')} | {r.get('compared', '')} |", flush=True)


if __name__ == "__main__":
    main()
