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
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from strikebook.extract.victims import victim_class
from strikebook.text.dates import format_date
from strikebook.text.normalize import fold
from strikebook.verify.common import Context, cell, figure_text, make_flag, table
from strikebook.verify.conflict import figure_interval, figures_conflict

__all__ = ["check_conflicting_figures", "victim_class"]


def check_conflicting_figures(ctx: Context) -> list[dict]:
    """The same event and the same victims with counts that cannot both be true (across or within
    articles), then other counted facts of one event that differ by more than 10 %."""
    cas = table(ctx.tables, "casualties")
    texts, events = ctx.texts, ctx.events
    flags: list[dict] = []
    if not cas.empty:
        rows = []
        for _, r in cas.iterrows():
            aid = cell(r.get("article_id"))
            ev = cell(r.get("event_id")) or ctx.event_id(aid)
            cls = victim_class(cell(r.get("who")))
            if ev and cls and figure_interval(r) is not None:
                rows.append((ev, cell(r.get("status")), cls, aid, r))
        by_key = defaultdict(list)
        for row in rows:
            by_key[row[:3]].append(row)
        seen = set()
        for (ev, status, cls), members in sorted(by_key.items()):
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if not figures_conflict(a[4], b[4]):
                        continue
                    target, other = (b, a) if a[3] <= b[3] else (a, b)
                    key = (target[3], ev, status, cls, other[3])
                    if key in seen:
                        continue
                    seen.add(key)
                    name = events.get(ev, {}).get("name") or f"the event of {format_date(ev)}"
                    where = "earlier in this article" if target[3] == other[3] else f"article {other[3]}"
                    src = lambda r: f" (according to {cell(r.get('source'))})" if cell(r.get("source")) else ""  # noqa: E731
                    message = (f"{name}: this article gives {figure_text(target[4])} {cls} {status}"
                               f"{src(target[4])}, but {where} gives {figure_text(other[4])}{src(other[4])}. "
                               "Both cannot be right; check which source and which moment each figure comes from.")
                    t = texts.get(target[3], "")
                    f = make_flag(target[3], "conflicting_figures", "warning", message, t,
                                  target[4].get("start", 0), target[4].get("end", 0), [other[3]])
                    if f:
                        flags.append(f)
    flags += _conflicting_counts(ctx)
    return flags


def _unit_key(unit: str) -> str:
    u = fold(unit).strip()
    return re.sub(r"(?:es|s)$", "", u) if len(u) > 3 else u


def _conflicting_counts(ctx: Context) -> list[dict]:
    """Other counted facts (targets, munitions) of one event and unit that differ by more than 10 %."""
    fig, texts = table(ctx.tables, "figures"), ctx.texts
    if fig.empty:
        return []
    groups = defaultdict(list)
    for _, r in fig.iterrows():
        aid = cell(r.get("article_id"))
        ev = ctx.event_id(aid)
        value = pd.to_numeric(r.get("value"), errors="coerce")
        if not ev or value != value:
            continue
        evidence = texts.get(aid, "")[int(r.get("start", 0)):int(r.get("end", 0))]
        open_ended = bool(re.search(r"\b(?:more than|at least|over|about|around|nearly|almost|up to|some|dozens)\b",
                                    cell(r.get("qualifier")) + " " + evidence, re.I))
        groups[(ev, cell(r.get("kind")), _unit_key(cell(r.get("unit"))))].append((aid, float(value), open_ended, r))
    flags, seen = [], set()
    for (_ev, kind, unit), members in sorted(groups.items()):
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a[2] or b[2] or abs(a[1] - b[1]) <= 0.1 * max(a[1], b[1]):
                    continue
                target, other = (b, a) if a[0] <= b[0] else (a, b)
                key = (target[0], kind, unit, other[0])
                if key in seen:
                    continue
                seen.add(key)
                where = "earlier in this article" if target[0] == other[0] else f"article {other[0]}"
                message = (f"This article counts {target[1]:g} {unit or kind}, but {where} counts {other[1]:g} "
                           "for the same event.")
                r = target[3]
                f = make_flag(target[0], "conflicting_figures", "warning", message, texts.get(target[0], ""),
                              r.get("start", 0), r.get("end", 0), [other[0]])
                if f:
                    flags.append(f)
    return flags
