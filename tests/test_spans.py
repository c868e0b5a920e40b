"""Interval look-ups (strikebook.text.spans): the answers a linear scan gave, in logarithmic time."""

import random

from strikebook.text.spans import Disjoint, Union


def test_union_answers_like_a_scan_of_every_span():
    rng = random.Random(3)
    spans, union = [], Union()
    for _ in range(300):
        s = rng.randrange(0, 2000)
        e = s + rng.randrange(1, 30)
        q = (rng.randrange(0, 2000), 0)
        q = (q[0], q[0] + rng.randrange(1, 30))
        assert union.free(*q) == all(q[1] <= a or q[0] >= b for a, b in spans)
        spans.append((s, e))
        union.add(s, e)
    assert all(a < b for a, b in zip(union.ends, union.starts[1:], strict=False))  # kept merged and sorted


def test_touching_intervals_do_not_overlap():
    u = Union([(0, 5), (10, 15)])
    assert u.free(5, 10) and not u.free(4, 6) and not u.free(9, 11)
    u.add(5, 10)
    assert (u.starts, u.ends) == ([0], [15])


def test_disjoint_finds_the_covering_span():
    d = Disjoint([(10, 15, "b"), (0, 5, "a")])
    assert d.covering(11, 14) == (10, 15, "b") and d.covering(0) == (0, 5, "a")
    assert d.covering(4, 6) is None and d.covering(5) is None and not d.contains(20)
