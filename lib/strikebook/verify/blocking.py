"""Candidate pairs of quote keys without comparing every pair: which quotes could render one statement.

Why: comparing every quote with every other is quadratic in the corpus (1,200 articles of syndicated copy
never finished). Two renderings of one statement share most of their words, in runs, so only keys that
share words are compared. A key (`quotecompare.match_key`: lower-case words) is reduced to its word stems,
the first four characters of each word ("defence" and "defense", "respond" and "responded" share one),
and, from five words on, to its runs of two consecutive stems. Two keys are a candidate pair when they
share at least half (`OVERLAP`) of the stems of the one with fewer stems, and

- when the shorter has fewer than eight words (it must then match in full; from five words, a near-exact
  excerpt may also match) and their lengths allow a full match (rapidfuzz's ratio of strings of lengths
  l ≤ L is at most 200·l / (l + L)): nothing more — the *window rule*;
- otherwise, when both have five words or more: they share two runs and a quarter (`RUN_SHARE`) of the
  runs of the one with fewer (one word changed in a five-word quote leaves two of its four runs; an
  excerpt shares all of its own) — the *run rule*.

On the seeds, the unseen fixtures, the real-world gold quotes and the random variants of the tests, every
pair of quotes that reaches 70 or more meets these rules. Pairs that do not are never compared, whatever
their letters: at thresholds well below the default, quotes such as "additional actions" and
"international coalition" (63 % alike letter by letter) are no longer one statement.

How, without a list of all pairs: an inverted index, read by prefix filtering. To share `need` of its s
stems (runs) with another key, a key must share one of its s − need + 1 rarest ones, and two of its
s − need + 2 rarest when need ≥ 2; so only those posting lists are read, and keys found in only one of
them are dropped before anything is compared. The window rule reads the lists in the key's length window
only (they are sorted by length); each pair is looked up from one side only (under the window rule from
the key with fewer than eight words, else from the key with fewer stems or runs, then the lower index).
Then

- a posting list longer than `STOP` in one look-up is skipped there, like a stop word (a statement quoted
  in more than STOP *different* wordings could lose pairs; identical wordings are one key, see
  `quotecompare`);
- a key keeps its `TOP` candidates that share the most stems (a statement with more than TOP distinct
  renderings is still joined through them, and best matches are found among them).

Cost: the posting-list entries read, at most keys × (stems + runs) × STOP and in practice a few hundred
per key (10,000 distinct quotes: 1.8 million entries, 18,500 candidate pairs); memory: the index (one
entry per stem and run of each key) and one key's candidates at a time. Pairs are yielded, not stored.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence

from strikebook.verify.align import COUNTS

#: share of the smaller stem set two keys must have in common to be compared
OVERLAP = 0.5
#: keys with fewer words than this must match in full (see `quotecompare._similarity`) …
SHORT_WORDS = 5
#: … and with fewer than this, in full or as a near-exact excerpt (partial ≥ 95)
WINDOW_WORDS = 8
#: a stem found in more keys than this in one look-up is skipped there (a stop word)
STOP = 1_000
#: candidates kept per key (those sharing the most stems)
TOP = 64
#: characters of a word that make its stem
STEM = 4
#: stems in a run; runs two long keys must share: at least RUNS, and RUN_SHARE of the smaller's runs
RUN = 2
RUNS = 2
RUN_SHARE = 0.25


def stems(key: str) -> frozenset[str]:
    """The stems of a key's words (the first STEM characters of each)."""
    return frozenset(w[:STEM] for w in key.split())


def length_window(length: int, min_similarity: float) -> tuple[float, float]:
    """The lengths a string must have for rapidfuzz's ratio with a string of `length` to reach the
    threshold: 200·l / (l + L) ≥ T ⇔ L / l ≤ (200 − T) / T."""
    if min_similarity <= 0:
        return 0.0, math.inf
    f = min(min_similarity, 100) / (200 - min(min_similarity, 100))
    return length * f * (1 - 1e-9), length / f * (1 + 1e-9)  # (a score exactly at the threshold stays in)


def shingles(key: str) -> frozenset[tuple[str, ...]]:
    """Runs of RUN consecutive word stems ("deterrent message" → ('dete', 'mess'))."""
    st = [w[:STEM] for w in key.split()]
    return frozenset(tuple(st[i:i + RUN]) for i in range(len(st) - RUN + 1))


def candidate_pairs(keys: Sequence[str], min_similarity: float) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i ≠ j, of indexes into `keys` (distinct, non-empty match keys) that could reach
    `min_similarity` (the rules of the module docstring); each pair once, yielded as found."""
    n = len(keys)
    if n < 2:
        return
    ids: dict = {}  # stems and runs as small ints (cheaper to hash and intersect), numbered reproducibly
    key_stems = [frozenset(ids.setdefault(s, len(ids)) for s in sorted(stems(k))) for k in keys]
    n_words = [len(k.split()) for k in keys]
    lengths = [len(k) for k in keys]
    key_runs = [frozenset(ids.setdefault(t, len(ids)) for t in sorted(shingles(k))) if w >= SHORT_WORDS
                else frozenset() for k, w in zip(keys, n_words, strict=True)]
    df = Counter(s for ss in key_stems for s in ss)
    df.update(t for rr in key_runs for t in rr)
    # how many stems (runs) a pair must share: ⌈OVERLAP · the smaller set⌉ = the smaller of the two keys' own
    need_stems = [max(1, math.ceil(OVERLAP * len(ss))) for ss in key_stems]
    need_runs = [max(RUNS, math.ceil(RUN_SHARE * len(rr))) for rr in key_runs]
    # a pair is looked up from the key with fewer stems (runs), then the lower index: its "rank" is lower
    stem_rank = [len(ss) * n + i for i, ss in enumerate(key_stems)]
    run_rank = [len(rr) * n + i for i, rr in enumerate(key_runs)]
    by_length: dict[int, list[tuple[int, int]]] = {}  # stem → (length, key) of the keys that have it
    by_run: dict[int, list[int]] = {}  # run → the keys that have it, by run rank
    for i in range(n):
        for s in key_stems[i]:
            by_length.setdefault(s, []).append((lengths[i], i))
    for i in sorted(range(n), key=run_rank.__getitem__):
        for t in key_runs[i]:
            by_run.setdefault(t, []).append(i)
    length_keys, length_ids = {}, {}
    for s, entries in by_length.items():
        entries.sort()
        length_keys[s], length_ids[s] = [ln for ln, _ in entries], [i for _, i in entries]
    del by_length
    run_ranks = {t: [run_rank[i] for i in ks] for t, ks in by_run.items()}

    for x in range(n):
        sx, rx = key_stems[x], key_runs[x]
        lo, hi = length_window(lengths[x], min_similarity)
        window: list[int] = []
        if n_words[x] < WINDOW_WORDS:  # keys in its length window that may share half of its stems
            hits = _probe(sx, need_stems[x], df, lambda s, lo=lo, hi=hi: _window(length_keys[s], lo, hi), length_ids)
            window = [y for y in hits if n_words[y] >= WINDOW_WORDS or stem_rank[y] > stem_rank[x]]
        runs: list[int] = []
        if rx:  # long keys (ranked after it) that may share RUN_SHARE of its runs of stems
            hits = _probe(rx, need_runs[x], df, lambda t, r=run_rank[x]: (bisect_right(run_ranks[t], r), len(run_ranks[t])),
                          by_run)
            runs = [y for y in hits if len(rx & key_runs[y]) >= min(need_runs[x], need_runs[y])
                    and not (min(n_words[x], n_words[y]) < WINDOW_WORDS and lo <= lengths[y] <= hi)]
            # (a pair in the length window of a key under WINDOW_WORDS words is the window rule's)
        scored = []
        for y in set(window).union(runs):
            shared = len(sx & key_stems[y])
            if shared >= min(need_stems[x], need_stems[y]):
                scored.append((shared, -abs(lengths[y] - lengths[x]), -y))
        for _, _, y in heapq.nlargest(TOP, scored):
            COUNTS.candidates += 1
            yield x, -y


def _window(sorted_lengths: list[int], lo: float, hi: float) -> tuple[int, int]:
    return bisect_left(sorted_lengths, lo), bisect_right(sorted_lengths, hi)


def _probe(tokens: frozenset[int], need: int, df: Counter, span, postings: dict[int, list[int]]) -> list[int]:
    """The keys that may share `need` of `tokens` (each token's posting list, the part `span` gives).

    Prefix filtering: a key sharing `need` of them shares at least one of the len − need + 1 rarest, and at
    least two of the len − need + 2 rarest when need ≥ 2, so only those lists are read (a list longer
    than STOP is skipped) and, when need ≥ 2, keys found in only one of them are dropped."""
    k = 2 if need >= 2 else 1
    hits: Counter[int] = Counter()
    for t in sorted(tokens, key=lambda t: (df[t], t))[:len(tokens) - need + k]:
        a, b = span(t)
        if b - a > STOP:
            continue
        COUNTS.scanned += b - a
        hits.update(postings[t][a:b])
    return list(hits) if k == 1 else [y for y, c in hits.items() if c >= 2]
