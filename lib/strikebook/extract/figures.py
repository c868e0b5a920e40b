"""Counted facts that are not casualties: targets, facilities, munitions, troops, aircraft, strikes.

Why a module of its own: "85 targets", "more than 125 precision munitions" and "about 2,500 troops" are
read the same way as casualty figures (the one number reader, `text.numbers`) but mean something else, and
the checks compare them by unit, not by victims. A number that is already part of a casualty figure is
left to `extract.casualties` ("killed 4 soldiers" is not 4 troops deployed).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

from strikebook.extract.casualties import extract_casualties
from strikebook.extract.casualty_grammar import indices_in
from strikebook.text.numbers import read_quantity

UNITS = {
    "target": "targets", "facility": "facilities", "site": "sites", "location": "sites", "building": "sites",
    "munition": "munitions", "bomb": "munitions", "missile": "munitions", "rocket": "munitions",
    "shell": "munitions", "round": "munitions",
    "troop": "troops", "soldier": "troops", "personnel": "troops", "marine": "troops", "service": "troops",
    "aircraft": "aircraft", "bomber": "aircraft", "jet": "aircraft", "plane": "aircraft", "fighter": "troops",
    "drone": "drones", "strike": "strikes", "airstrike": "strikes", "raid": "strikes",
    "group": "groups", "militia": "groups",
}


def _number_candidates(doc) -> list[int]:
    """Indices of the tokens `extract_figures` looks at (a `nummod` or a number-like word), once per Doc."""
    cached = doc.user_data.get("strikebook_number_candidates")
    if cached is None:
        from spacy.attrs import DEP, LIKE_NUM

        arr = doc.to_array([DEP, LIKE_NUM])
        hit = (arr[:, 0] == doc.vocab.strings["nummod"]) | (arr[:, 1] != 0)
        cached = doc.user_data["strikebook_number_candidates"] = np.flatnonzero(hit).tolist()
    return cached


def _span_index(spans: list[tuple[int, int]]):
    """A test `(start, end) -> bool`: does a span hold the start or the end of [start, end) (s <= start < e or
    s < end <= e)? Answered with a bisect over the spans' starts and a running maximum of their ends, so
    an article with many casualty rows and many numbers stays linear-logarithmic."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach, best = [], -1
    for _, e in spans:
        best = max(best, e)
        reach.append(best)

    def holds(start: int, end: int) -> bool:
        i = bisect_right(starts, start)  # spans with s <= start
        if i and reach[i - 1] > start:
            return True
        j = bisect_left(starts, end)  # spans with s < end
        return bool(j) and reach[j - 1] >= end

    return holds


def extract_figures(ctx) -> list[dict]:
    """Rows of the `figures` table: counted things that are not casualties ("85 targets", "seven
    facilities", "more than 125 precision munitions", "about 2,500 troops", "two locations").

    A number is a figure when it modifies a noun of a known kind (targets, facilities, sites,
    munitions, troops, aircraft, drones, strikes, groups); numbers that are casualty figures are left
    to `extract_casualties`. `value` is the number (the lower bound for "more than"), `qualifier` as
    for casualties; `unit` the words from the number to the noun, as printed.
    """
    in_casualty = _span_index([(r["start"], r["end"]) for r in extract_casualties(ctx)])
    rows = []
    for sent in ctx.sentences():
        doc = sent.doc
        for i in indices_in(_number_candidates(doc), sent):
            tok = doc[i]
            if tok.dep_ != "nummod" and not (tok.like_num and tok.head.pos_ == "NOUN" and tok.head.i > tok.i):
                continue
            head = tok.head
            if head.i <= tok.i or head.i - tok.i > 6:
                continue
            kind = UNITS.get(head.lemma_.lower()) or UNITS.get(head.lower_.rstrip("s"))
            if kind is None:
                continue
            # the quantity: qualifier tokens before the number
            first = tok
            for c in tok.children:
                if c.dep_ in ("advmod", "quantmod", "amod") and c.i < first.i:
                    first = min(c.subtree, key=lambda t: t.i)
            phrase = doc[first.i: head.i + 1].text
            qty = read_quantity(phrase)
            if qty is None:
                continue
            lo, hi, qual, qlen = qty
            start, end = doc[first.i].idx, head.idx + len(head.text)
            if in_casualty(start, end):
                continue
            value = lo if lo is not None else hi
            unit = doc[tok.i + 1: head.i + 1].text
            rows.append({"article_id": ctx.article.article_id, "kind": kind, "value": value, "unit": unit,
                         "start": start, "end": end, "sentence": sent.text.strip(), "qualifier": qual,
                         "max": hi if hi != value else ""})
    return rows
