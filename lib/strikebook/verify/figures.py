"""Conflicting figures: counts of the same thing, for the same event, that cannot both be true.

What it looks for:
- casualty figures (`casualties` table) of one event, one status (killed, wounded) and one class of victims
  (`strikebook.extract.victims.victim_class`: "us military", "iraqi militia"…) whose ranges do not overlap
  (`strikebook.verify.conflict`: "at least five" only conflicts with counts below five, "about 20" with
  counts outside 16–24), across articles or within one;
- other counted facts (`figures` table: targets, munitions) of one event and unit that differ by more than
  10 %, when neither is open-ended ("more than 85", "dozens").

Why: a count that changes between outlets, or between two paragraphs of one article, is where a reader needs
to ask which source and which moment each number comes from. Figures of different victims or of another
event are never compared, so a strike's dead are not set against the attack it answered.

How it scales: figures are grouped by event, status and class of victims (counts by event, kind and unit),
and within a group sorted, so only the pairs that do conflict are visited (O(n log n) plus the conflicts),
never every pair of figures.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict

import pandas as pd

from strikebook.extract.victims import victim_class
from strikebook.text.dates import format_date
from strikebook.text.normalize import fold
from strikebook.verify.align import COUNTS
from strikebook.verify.common import Context, cell, figure_text, make_flag, table
from strikebook.verify.conflict import figure_interval

__all__ = ["check_conflicting_figures", "victim_class"]


def check_conflicting_figures(ctx: Context) -> list[dict]:
    """The same event and the same victims with counts that cannot both be true (across or within
    articles), then other counted facts of one event that differ by more than 10 %."""
    cas = table(ctx.tables, "casualties")
    texts, events = ctx.texts, ctx.events
    flags: list[dict] = []
    if not cas.empty:
        by_key = defaultdict(list)
        for r in cas.to_dict("records"):
            if cell(r.get("part_of")) or str(r.get("implausible_figure", "")).lower() == "true":
                continue  # a part of another figure ("four of them"), or a figure kept as text: not a rival count
            aid = cell(r.get("article_id"))
            ev = cell(r.get("event_id")) or ctx.event_id(aid)
            cls = victim_class(cell(r.get("who")))
            interval = figure_interval(r) if ev and cls else None
            if interval is not None:
                by_key[(ev, cell(r.get("status")), cls)].append((aid, r, interval))
        for (ev, status, cls), members in sorted(by_key.items()):
            # one flag per figure, naming every earlier figure it cannot agree with (an article at odds with a
            # thousand syndicated copies gets one flag, not a thousand)
            rivals: dict[int, list[int]] = defaultdict(list)
            seen: set[tuple[str, str]] = set()  # (article, other article): one flag per pair of articles
            for i, j in _disjoint_pairs([m[2] for m in members]):
                a, b = members[i], members[j]
                t, o = (j, i) if (a[0], _start(a[1])) <= (b[0], _start(b[1])) else (i, j)
                if (members[t][0], members[o][0]) not in seen:
                    seen.add((members[t][0], members[o][0]))
                    rivals[t].append(o)
            name = events.get(ev, {}).get("name") or f"the event of {format_date(ev)}"
            for t in sorted(rivals):
                target, others = members[t], [members[o] for o in rivals[t]]
                message = _figure_message(name, cls, status, target, others)
                f = make_flag(target[0], "conflicting_figures", "warning", message, texts.get(target[0], ""),
                              target[1].get("start", 0), target[1].get("end", 0),
                              [o[0] for o in others][:MAX_RELATED])
                if f:
                    flags.append(f)
    flags += _conflicting_counts(ctx)
    return flags


#: at most this many other articles are named in one flag (the message counts the rest)
MAX_RELATED = 25
#: at most this many rival figures are quoted in one message
MAX_QUOTED = 3


def _start(row) -> int:
    try:
        return int(row.get("start", 0))
    except (TypeError, ValueError):
        return 0


def _source(row) -> str:
    return f" (according to {cell(row.get('source'))})" if cell(row.get("source")) else ""


def _figure_message(name: str, cls: str, status: str, target, others) -> str:
    """'{event}: this article gives 17 iraqi militia killed, but article b gives 22 (according to SOHR)…'"""
    aid = target[0]
    parts = []
    for o in others[:MAX_QUOTED]:
        where = "earlier in this article" if o[0] == aid else f"article {o[0]}"
        parts.append(f"{where} gives {figure_text(o[1])}{_source(o[1])}")
    more = len(others) - MAX_QUOTED
    tail = f", and {more} more article(s) give figures it cannot agree with" if more > 0 else ""
    return (f"{name}: this article gives {figure_text(target[1])} {cls} {status}{_source(target[1])}, but "
            f"{'; '.join(parts)}{tail}. Both cannot be right; check which source and which moment each figure "
            "comes from.")


def _disjoint_pairs(intervals: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """Pairs (i < j) of intervals that do not overlap (`conflict.figures_conflict`), in (i, j) order.

    Sorted by upper end, the intervals that end before interval j starts are a prefix found by bisection,
    so the cost is O(n log n) plus the pairs found: figures that agree are never compared.
    """
    order = sorted(range(len(intervals)), key=lambda k: intervals[k][1])
    ends = [intervals[k][1] for k in order]
    pairs = []
    for j, (lo, _) in enumerate(intervals):
        for k in order[:bisect_left(ends, lo)]:  # intervals[k] ends before intervals[j] starts
            pairs.append((min(j, k), max(j, k)))
    COUNTS.figure_pairs += len(pairs)
    return sorted(pairs)


def _unit_key(unit: str) -> str:
    u = fold(unit).strip()
    return re.sub(r"(?:es|s)$", "", u) if len(u) > 3 else u


def _conflicting_counts(ctx: Context) -> list[dict]:
    """Other counted facts (targets, munitions) of one event and unit that differ by more than 10 %."""
    fig, texts = table(ctx.tables, "figures"), ctx.texts
    if fig.empty:
        return []
    groups = defaultdict(list)
    for r in fig.to_dict("records"):
        aid = cell(r.get("article_id"))
        ev = ctx.event_id(aid)
        value = pd.to_numeric(r.get("value"), errors="coerce")
        if not ev or value != value:
            continue
        evidence = texts.get(aid, "")[int(r.get("start", 0)):int(r.get("end", 0))]
        open_ended = bool(re.search(r"\b(?:more than|at least|over|about|around|nearly|almost|up to|some|dozens)\b",
                                    cell(r.get("qualifier")) + " " + evidence, re.I))
        groups[(ev, cell(r.get("kind")), _unit_key(cell(r.get("unit"))))].append((aid, float(value), open_ended, r))
    flags = []
    for (_ev, kind, unit), members in sorted(groups.items()):
        rivals: dict[int, list[int]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()  # one flag per pair of articles, naming all its rivals
        for i, j in _differing_pairs([(m[1] if not m[2] else None) for m in members]):
            a, b = members[i], members[j]
            t, o = (j, i) if (a[0], _start(a[3])) <= (b[0], _start(b[3])) else (i, j)
            if (members[t][0], members[o][0]) not in seen:
                seen.add((members[t][0], members[o][0]))
                rivals[t].append(o)
        for t in sorted(rivals):
            target, others = members[t], [members[o] for o in rivals[t]]
            parts = [f"{'earlier in this article' if o[0] == target[0] else 'article ' + o[0]} counts {o[1]:g}"
                     for o in others[:MAX_QUOTED]]
            more = len(others) - MAX_QUOTED
            tail = f", and {more} more article(s) count otherwise" if more > 0 else ""
            message = (f"This article counts {target[1]:g} {unit or kind}, but {'; '.join(parts)}{tail} "
                       "for the same event.")
            r = target[3]
            f = make_flag(target[0], "conflicting_figures", "warning", message, texts.get(target[0], ""),
                          r.get("start", 0), r.get("end", 0), [o[0] for o in others][:MAX_RELATED])
            if f:
                flags.append(f)
    return flags


def _differ(x: float, y: float) -> bool:
    """Two counts that differ by more than 10 % of the larger."""
    return not abs(x - y) <= 0.1 * max(x, y)


def _differing_pairs(values: list[float | None]) -> list[tuple[int, int]]:
    """Pairs (i < j) of counts (None: open-ended, never compared) that `_differ`, in (i, j) order.

    For x ≤ y, x and y differ exactly when x < 0.9 y: sorted by value, the counts a count y differs from
    are a prefix found by bisection (then checked with `_differ` itself, so rounding at the 10 % boundary
    cannot change the answer). Counts that are not finite are compared with every other one (there are
    none in practice). O(n log n) plus the pairs found.
    """
    finite = sorted((v, k) for k, v in enumerate(values) if v is not None and math.isfinite(v))
    vals = [v for v, _ in finite]
    pairs = set()
    for p, (y, j) in enumerate(finite):
        bound = 0.9 * y
        stop = min(p, bisect_right(vals, bound + abs(bound) * 1e-9 + 1e-12))
        COUNTS.figure_pairs += stop
        for x, k in finite[:stop]:
            if _differ(x, y):
                pairs.add((min(j, k), max(j, k)))
    odd = [k for k, v in enumerate(values) if v is not None and not math.isfinite(v)]
    for k in odd:
        COUNTS.figure_pairs += len(values)
        for j, v in enumerate(values):
            if v is not None and j != k and _differ(values[k], v):
                pairs.add((min(j, k), max(j, k)))
    return sorted(pairs)
