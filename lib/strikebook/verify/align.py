"""Bounded alignment of token sequences and of strings: difflib's and rapidfuzz's own answers on quote-sized
input, an anchored alignment beyond it, so no comparison is quadratic in the length of a quote.

Why: `difflib.SequenceMatcher` and rapidfuzz's `partial_ratio` cost (at least) the product of the two
lengths; three articles quoting one 50 KB statement with small differences took over five minutes. Quotes
are short (the longest in the seeds has 358 characters, in the real-world gold 407), so below the caps
nothing changes: the exact functions run on the whole input and give the answers they always gave.
Above them:

- `matching_blocks` / `opcodes` (sequences of words): the common prefix and suffix are matched; then
  anchors (items, or runs of two to four items, that occur exactly once on each side, as in patience
  diff) are kept in order by a longest increasing subsequence and extended while the items agree; the
  windows between anchors are aligned the same way, down to windows of at most `EXACT_CELLS` (length ×
  length), which difflib aligns. A window still larger after `MAX_DEPTH` rounds is left unmatched (a
  replace): that much text with nothing unique in common is not a rendering of the same words.
- `ratio` / `partial_ratio` (characters): the words are aligned as above; matched words count in full and
  only the stretches between them are compared character by character (rapidfuzz, at most `GAP_CELLS`
  each). The score is the rapidfuzz score of that alignment: a lower bound of the exact score, equal to it
  when two texts differ in a few places.

Cost: O((n + m) · MAX_DEPTH) for the anchors plus difflib on windows of at most EXACT_CELLS each, i.e.
at most √EXACT_CELLS / 2 cells per item. `COUNTS` adds up the work done, for the complexity tests.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

#: difflib aligns two sequences whole when len(a) × len(b) is at most this (400 × 400 words)
EXACT_CELLS = 160_000
#: rapidfuzz compares two strings whole when neither is longer than this many characters …
EXACT_CHARS = 1_000
#: … and, for partial_ratio, when the longer one is at most this long
EXACT_LONG_CHARS = 4_000
#: the largest stretch between aligned words compared character by character (length × length)
GAP_CELLS = 4_000_000
#: rounds of anchoring before a window that is still too large is left unmatched
MAX_DEPTH = 16

_WORD = re.compile(r"\S+")


@dataclass
class Counts:
    """Work done by the cross-article comparisons since the last `reset()` (the complexity tests and
    benchmarks/bench_verify.py read it)."""

    cells: int = 0  # Σ len(a) × len(b) of the windows difflib aligned
    anchored: int = 0  # items examined while looking for anchors
    chars: int = 0  # Σ len(a) × len(b) of the strings rapidfuzz compared character by character
    scanned: int = 0  # index entries looked at while finding candidate pairs (`blocking`)
    candidates: int = 0  # candidate pairs found (`blocking`)
    scored: int = 0  # pairs of distinct quote keys whose similarity was computed (`quotecompare`)
    compared: int = 0  # pairs of quote texts compared word by word (`quotecompare.compare_quotes`)
    figure_pairs: int = 0  # pairs of figures compared (`figures`)

    def reset(self) -> None:
        for f in fields(self):
            setattr(self, f.name, 0)


COUNTS = Counts()


# ------------------------------------------------------------------------------------------- sequences
def matching_blocks(a: Sequence, b: Sequence) -> list[tuple[int, int, int]]:
    """(i, j, size) runs with a[i:i+size] == b[j:j+size], in order, adjacent runs merged: exactly
    difflib's `SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()` (without its final
    dummy) when len(a) × len(b) ≤ EXACT_CELLS, else the anchored alignment of the module docstring."""
    n, m = len(a), len(b)
    if n * m <= EXACT_CELLS:
        COUNTS.cells += n * m
        return [(i, j, s) for i, j, s in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if s]
    out: list[tuple[int, int, int]] = []
    _align(a, 0, n, b, 0, m, out, 0)
    return _merged(out)


def opcodes(a: Sequence, b: Sequence) -> list[tuple[str, int, int, int, int]]:
    """difflib's `get_opcodes()` (tag, i1, i2, j1, j2) of the same alignment as `matching_blocks`."""
    n, m = len(a), len(b)
    if n * m <= EXACT_CELLS:
        COUNTS.cells += n * m
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ops = []
    i = j = 0
    for ai, bj, size in matching_blocks(a, b) + [(n, m, 0)]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            ops.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            ops.append(("equal", ai, i, bj, j))
    return ops


def _align(a, alo: int, ahi: int, b, blo: int, bhi: int, out: list, depth: int) -> None:
    """Append the matching runs of a[alo:ahi] and b[blo:bhi] to `out`."""
    k = 0
    while alo + k < ahi and blo + k < bhi and a[alo + k] == b[blo + k]:
        k += 1
    if k:
        out.append((alo, blo, k))
        alo, blo = alo + k, blo + k
    k = 0
    while ahi - k > alo and bhi - k > blo and a[ahi - 1 - k] == b[bhi - 1 - k]:
        k += 1
    if k:
        out.append((ahi - k, bhi - k, k))
        ahi, bhi = ahi - k, bhi - k
    n, m = ahi - alo, bhi - blo
    if not n or not m:
        return
    if n * m <= EXACT_CELLS:
        COUNTS.cells += n * m
        sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        out.extend((alo + i, blo + j, s) for i, j, s in sm.get_matching_blocks() if s)
        return
    if depth >= MAX_DEPTH:
        return
    pa, pb = alo, blo
    for i, j, s in _anchors(a, alo, ahi, b, blo, bhi):
        if i < pa or j < pb:
            continue  # inside the run of the previous anchor
        while i + s < ahi and j + s < bhi and a[i + s] == b[j + s]:
            s += 1
        _align(a, pa, i, b, pb, j, out, depth + 1)
        out.append((i, j, s))
        pa, pb = i + s, j + s
    if (pa, pb) != (alo, blo):
        _align(a, pa, ahi, b, pb, bhi, out, depth + 1)


def _anchors(a, alo: int, ahi: int, b, blo: int, bhi: int) -> list[tuple[int, int, int]]:
    """Runs of s items (s = 1…4, the smallest that gives any) that occur once in each window, as (i, j, s),
    the longest chain of them that is in order on both sides."""
    for s in (1, 2, 3, 4):
        if ahi - alo < s or bhi - blo < s:
            break
        COUNTS.anchored += (ahi - alo) + (bhi - blo)
        if s == 1:
            ga = a[alo:ahi]
            gb = b[blo:bhi]
        else:
            ga = [tuple(a[i:i + s]) for i in range(alo, ahi - s + 1)]
            gb = [tuple(b[j:j + s]) for j in range(blo, bhi - s + 1)]
        ca, cb = Counter(ga), Counter(gb)
        where = {g: blo + j for j, g in enumerate(gb) if cb[g] == 1}
        pairs = [(alo + i, where[g]) for i, g in enumerate(ga) if ca[g] == 1 and g in where]
        if pairs:
            return [(i, j, s) for i, j in _increasing(pairs)]
    return []


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of (i, j) pairs (given in increasing i) with increasing j: O(k log k)."""
    tails: list[int] = []  # smallest j that ends a chain of each length
    tail_at: list[int] = []  # index into pairs of that end
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        p = bisect_left(tails, j)
        if p == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[p], tail_at[p] = j, k
        back[k] = tail_at[p - 1] if p else -1
    chain, k = [], tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _merged(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for i, j, s in sorted(blocks):
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + s)
        else:
            out.append((i, j, s))
    return out


# --------------------------------------------------------------------------------------------- strings
def ratio(a: str, b: str) -> float:
    """rapidfuzz's `fuzz.ratio` (0–100: twice the longest common subsequence over the total length);
    above EXACT_CHARS, the same formula on the characters of aligned words (see the module docstring)."""
    if len(a) <= EXACT_CHARS and len(b) <= EXACT_CHARS:
        COUNTS.chars += len(a) * len(b)
        return fuzz.ratio(a, b)
    return 200.0 * _common_chars(a, b) / (len(a) + len(b))


def partial_ratio(a: str, b: str, score_cutoff: float = 0) -> float:
    """rapidfuzz's `fuzz.partial_ratio` (the best `ratio` of the shorter string against a window of the
    longer one); above the caps, only the windows next to where the words of the shorter one align.
    With `score_cutoff`, a score below it may be returned as 0 (rapidfuzz then stops early)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) <= EXACT_CHARS and len(long) <= EXACT_LONG_CHARS:
        COUNTS.chars += len(short) * len(long)
        return fuzz.partial_ratio(a, b, score_cutoff=score_cutoff)
    if not short:
        return 0.0
    ws, wl = _words(short), _words(long)
    blocks = matching_blocks([w for _, _, w in ws], [w for _, _, w in wl])
    if not blocks:
        return 0.0
    (i0, j0, _), (i1, j1, s1) = blocks[0], blocks[-1]
    starts = {wl[j0][0] - ws[i0][0], wl[j1 + s1 - 1][1] + (len(short) - ws[i1 + s1 - 1][1]) - len(short)}
    best = 0.0
    for start in sorted(starts):
        start = min(max(start, 0), len(long) - len(short))
        if len(short) <= EXACT_CHARS:  # a short excerpt of a long text: search the windows around it
            pad = len(short) // 2
            region = long[max(0, start - pad):start + len(short) + pad]
            COUNTS.chars += len(short) * len(region)
            best = max(best, fuzz.partial_ratio(short, region))
        else:
            best = max(best, ratio(short, long[start:start + len(short)]))
    return best


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), m.group()) for m in _WORD.finditer(text))


def _common_chars(a: str, b: str) -> int:
    """A common subsequence of a and b (its length): aligned words in full, the stretches between them
    compared character by character."""
    wa, wb = _words(a), _words(b)
    common = pa = pb = 0
    for i, j, s in matching_blocks([w for _, _, w in wa], [w for _, _, w in wb]) + [(len(wa), len(wb), 0)]:
        ea = wa[i][0] if i < len(wa) else len(a)
        eb = wb[j][0] if j < len(wb) else len(b)
        common += _gap_common(a[pa:ea], b[pb:eb])
        if s:
            sa, sb = a[wa[i][0]:wa[i + s - 1][1]], b[wb[j][0]:wb[j + s - 1][1]]
            common += len(sa) if sa == sb else _gap_common(sa, sb)
            pa, pb = wa[i + s - 1][1], wb[j + s - 1][1]
    return common


def _gap_common(x: str, y: str) -> int:
    if not x or not y or len(x) * len(y) > GAP_CELLS:
        return 0
    COUNTS.chars += len(x) * len(y)
    return int(LCSseq.similarity(x, y))
