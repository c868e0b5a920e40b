"""The one rule for when two reported figures cannot both be true.

Why one: the casualty chart (`strikebook.present.charts.casualty_discrepancies`) and the conflicting-figures
check (`strikebook.verify.figures`) each used to turn a figure into a range their own way, so "about 20"
against "25" was a discrepancy in the chart and no flag in the checks. Both now ask `figures_conflict`.

A figure is a row with `min`, `max` and `qualifier` (see README, "Casualties"); it claims a range:

    exact N            [N, max or N]      ("three" → [3, 3]; a max below N is ignored)
    about N            [0.8 N, 1.2 N]     ("about 20" → [16, 24])
    at least N         [N, ∞)
    more than N        [N + 1, ∞)
    up to N            [0, N]             (N is the `max`)
    between a and b    [a, b]

Two figures conflict when their ranges do not overlap. A figure with no usable number has no range and
never conflicts: a number must be finite, not negative and at most `MAX_FIGURE` (ten million); anything
else (NaN, inf, text, an extraction error such as a year read as a count) is treated as no number.
"""

from __future__ import annotations

import math

from strikebook.text.normalize import cell_text

#: the largest count taken as a number; anything above is an extraction error, not a figure
MAX_FIGURE = 10_000_000


def _number(value) -> float | None:
    """A count cell as a float, or None when it is empty, not a number, not finite, negative or absurd."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f) or f < 0 or f > MAX_FIGURE:
        return None
    return f


def figure_interval(row) -> tuple[float, float] | None:
    """The range a reported figure claims, (lo, hi) with hi possibly infinite; None when it has no number.

    `row` is anything with `.get` (a dict, a pandas Series or record)."""
    q = cell_text(row.get("qualifier")).strip() or "exact"
    lo, hi = _number(row.get("min")), _number(row.get("max"))
    if q == "up to":
        return (0.0, hi) if hi is not None else None
    n = lo if lo is not None else hi  # a single number recorded only as `max` is still that number
    if n is None:
        return None
    if q == "at least":
        return (n, math.inf)
    if q == "more than":
        return (n + 1, math.inf)
    if q == "about":
        return (n * 0.8, n * 1.2)
    if q == "between" and lo is not None and hi is not None:
        return (min(lo, hi), max(lo, hi))
    return (n, hi if hi is not None and hi >= n else n)


def figures_conflict(a, b) -> bool:
    """True when two reported figures cannot both be true: both have a range and the ranges do not
    overlap. The caller decides what is comparable (same event, status and victims)."""
    ia, ib = figure_interval(a), figure_interval(b)
    if ia is None or ib is None:
        return False
    return ia[1] < ib[0] or ib[1] < ia[0]
