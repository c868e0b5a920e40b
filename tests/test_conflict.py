"""The one conflict rule (`strikebook.verify.conflict`): the range each reported figure claims, and when two
figures cannot both be true. The casualty chart and the conflicting-figures check both use it."""

import math

import pandas as pd
import pytest

from strikebook.verify.conflict import MAX_FIGURE, figure_interval, figures_conflict


def fig(lo, hi, q="exact"):
    return {"min": lo, "max": hi, "qualifier": q}


@pytest.mark.parametrize(("row", "interval"), [
    (fig(3, 3), (3, 3)),
    (fig(3, None), (3, 3)),
    (fig(3, 5), (3, 5)),
    (fig(5, 3), (5, 5)),  # a max below the number is ignored
    (fig(3, 3, ""), (3, 3)),  # no qualifier: exact
    (fig(20, 20, "about"), (16, 24)),
    (fig(5, None, "at least"), (5, math.inf)),
    (fig(40, None, "more than"), (41, math.inf)),
    (fig(None, 7, "up to"), (0, 7)),
    (fig(5, 7, "between"), (5, 7)),
    (fig("3", "3.0"), (3, 3)),  # cells read back from CSV
    (pd.Series(fig(4, 4)), (4, 4)),
    (fig(MAX_FIGURE, None, "at least"), (MAX_FIGURE, math.inf)),
])
def test_the_range_a_figure_claims(row, interval):
    assert figure_interval(row) == pytest.approx(interval)


@pytest.mark.parametrize("row", [
    fig(None, None), fig(None, None, "about"), fig(5, None, "up to"), fig("", ""), fig("several", None),
    fig(float("nan"), float("nan")), fig(pd.NA, None), fig(float("inf"), None, "at least"),
    fig(None, float("inf"), "up to"), fig(MAX_FIGURE + 1, MAX_FIGURE + 1), fig(1e12, None, "more than"),
    fig(-3, -3),
])
def test_no_usable_number_is_no_range_and_never_conflicts(row):
    assert figure_interval(row) is None
    for other in (fig(0, 0), fig(1, 1), fig(MAX_FIGURE, MAX_FIGURE), fig(3, None, "at least")):
        assert not figures_conflict(row, other) and not figures_conflict(other, row)


@pytest.mark.parametrize(("a", "b", "conflict"), [
    (fig(3, 3), fig(4, 4), True),
    (fig(3, 3), fig(3, 3), False),
    (fig(3, 3), fig(2, None, "at least"), False),
    (fig(3, 3), fig(4, None, "at least"), True),
    (fig(3, 3), fig(3, None, "more than"), True),
    (fig(3, 3), fig(None, 5, "up to"), False),
    (fig(6, 6), fig(None, 5, "up to"), True),
    (fig(20, 20, "about"), fig(25, 25), True),  # the check used to allow 15–26 here; the chart did not
    (fig(20, 20, "about"), fig(24, 24), False),
    (fig(20, 20, "about"), fig(16, 16), False),
    (fig(20, 20, "about"), fig(15, 15), True),
    (fig(17, 22, "between"), fig(22, None, "at least"), False),
    (fig(17, 22, "between"), fig(23, 23), True),
    (fig(5, None, "at least"), fig(40, None, "more than"), False),
])
def test_figures_conflict_when_their_ranges_do_not_overlap(a, b, conflict):
    assert figures_conflict(a, b) is conflict
    assert figures_conflict(b, a) is conflict
