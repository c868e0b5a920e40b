"""Interval look-ups over character offsets: sorted starts and `bisect`, never a scan of every span.

Why: extractors ask "is this offset inside the article's own words?", "does this candidate overlap a name
already found?", "which entity covers these characters?" once per token or candidate. A linear scan of all
spans per question made those steps quadratic in an article's length (a 200,000-character article spent
most of its time there).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Union:
    """A set of characters given as intervals, kept merged: `free(s, e)` (no overlap) and `add(s, e)` in
    O(log n)."""

    def __init__(self, spans=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(spans):
            self.add(s, e)

    def free(self, s: int, e: int) -> bool:
        """Does [s, e) overlap no interval of the set?"""
        i = bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return False
        return not (i + 1 < len(self.starts) and self.starts[i + 1] < e)

    def add(self, s: int, e: int) -> None:
        if s >= e:
            return
        i = bisect_left(self.ends, s)  # first interval that ends at or after s
        j = bisect_right(self.starts, e)  # intervals from i to j-1 touch [s, e)
        if i < j:
            s, e = min(s, self.starts[i]), max(e, self.ends[j - 1])
        self.starts[i:j] = [s]
        self.ends[i:j] = [e]


class Disjoint:
    """Sorted, non-overlapping spans with a payload (e.g. segments, entities): which one covers an offset."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [sp[0] for sp in self.spans]

    def covering(self, s: int, e: int | None = None):
        """The span that contains [s, e) (e defaults to s + 1), or None."""
        e = s + 1 if e is None else e
        i = bisect_right(self.starts, s) - 1
        if i >= 0 and self.spans[i][0] <= s and e <= self.spans[i][1]:
            return self.spans[i]
        return None

    def contains(self, s: int, e: int | None = None) -> bool:
        return self.covering(s, e) is not None
