"""Candidate pairs of quote keys without comparing every pair: which quotes could render one statement.

Why: comparing every quote with every other is quadratic in the corpus (1,200 articles of syndicated copy
never finished). Two renderings of one statement share most of their words, so only keys that share words
are compared. A key (`quotecompare.match_key`: lower-case words) is reduced to its word stems, the first
four characters of each word ("defence" and "defense", "respond" and "responded" share one). Two keys
are a candidate pair when

- they share at least half (`OVERLAP`) of the stems of the one with fewer stems, and
- when either has fewer than five words (then the whole quotes must reach the threshold, not an excerpt),
  their lengths allow it: rapidfuzz's ratio of strings of lengths l ≤ L is at most 200·l / (l + L).

On the seeds, the unseen fixtures and the real-world gold, every pair of quotes that reaches the default
threshold (80) shares at least half its stems ("an aggression" / "blatant aggression"). Pairs that share
fewer words, whatever their characters, are never compared: at thresholds well below the default, two
quotes such as "additional actions" and "international coalition" (63 % alike letter by letter) are no
longer grouped.

How, without a list of all pairs: stems are ranked from rare to common over the keys, and a key with s
stems looks up only its s − ⌈s/2⌉ + 1 rarest stems in an inverted index (prefix filtering: a key sharing
half of its stems with another shares one of these), and only keys ranked after it (more stems, then
index), so each pair is found once. Short keys look up only entries in their length window (the index is
also sorted by length). Then

- a stem found in more than `STOP` keys in that look-up is skipped, like a stop word (a statement quoted
  in more than STOP *different* wordings would lose pairs; identical wordings count once, see
  `quotecompare`);
- a key keeps its `TOP` candidates that share the most stems (a statement with more than TOP distinct
  renderings is still joined through them, and best matches are found among them).

Cost: O(Σ looked-up entries) ≤ O(keys × stems × STOP), in practice a few entries per key; memory: the
index (one entry per stem of each key) and one key's candidates at a time; pairs are yielded, not stored.
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
#: keys with fewer words than this must match in full (see `quotecompare._similarity`)
SHORT_WORDS = 5
#: a stem found in more keys than this in one look-up is skipped there (a stop word)
STOP = 1_000
#: candidates kept per key (those sharing the most stems)
TOP = 64
#: characters of a word that make its stem
STEM = 4


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


def candidate_pairs(keys: Sequence[str], min_similarity: float) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i ≠ j, of indexes into `keys` (distinct, non-empty match keys) that could reach
    `min_similarity` (the rules of the module docstring); each pair once, yielded as found."""
    n = len(keys)
    if n < 2:
        return
    key_stems = [stems(k) for k in keys]
    n_words = [len(k.split()) for k in keys]
    lengths = [len(k) for k in keys]
    df = Counter(s for ss in key_stems for s in ss)
    # a key is "owner" of the pairs with keys ranked after it: more stems, then a higher index
    rank = [len(ss) * n + i for i, ss in enumerate(key_stems)]
    by_rank: dict[str, list[int]] = {}
    by_length: dict[str, list[tuple[int, int]]] = {}
    for i in sorted(range(n), key=rank.__getitem__):
        for s in key_stems[i]:
            by_rank.setdefault(s, []).append(i)
            by_length.setdefault(s, []).append((lengths[i], i))
    rank_keys = {s: [rank[i] for i in ids] for s, ids in by_rank.items()}
    for entries in by_length.values():
        entries.sort()
    length_keys = {s: [ln for ln, _ in entries] for s, entries in by_length.items()}

    for x in range(n):
        sx = key_stems[x]
        need = max(1, math.ceil(OVERLAP * len(sx)))
        prefix = sorted(sx, key=lambda s: (df[s], s))[:len(sx) - need + 1]
        short = n_words[x] < SHORT_WORDS
        lo, hi = length_window(lengths[x], min_similarity)
        found: set[int] = set()
        for s in prefix:
            if short:
                a, b = bisect_left(length_keys[s], lo), bisect_right(length_keys[s], hi)
                if b - a > STOP:
                    continue
                COUNTS.scanned += b - a
                found.update(i for _, i in by_length[s][a:b] if rank[i] > rank[x])
            else:
                a = bisect_right(rank_keys[s], rank[x])
                if len(rank_keys[s]) - a > STOP:
                    continue
                COUNTS.scanned += len(rank_keys[s]) - a
                found.update(by_rank[s][a:])
        scored = []
        for y in found:
            if (short or n_words[y] < SHORT_WORDS) and not lo <= lengths[y] <= hi:
                continue
            shared = len(sx & key_stems[y])
            if shared >= need:
                scored.append((shared, -abs(lengths[y] - lengths[x]), -y))
        for _, _, y in heapq.nlargest(TOP, scored):
            COUNTS.candidates += 1
            yield x, -y
