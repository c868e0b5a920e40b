"""The quotes report's view: one speaker's quotes, and statements compared across outlets as HTML.

Why: `verify.quotecompare` decides which quotes are one statement and how their wording differs; a
reporter needs to see it — each rendering side by side, word changes struck through or highlighted,
house-style changes in grey, the rest of a longer quote shown as context — and a speaker asked for that
is not quoted in the case must fail with the names that are, not show an empty page. Quotes and speaker
names are untrusted text: the HTML comes from templates rendered with autoescape on (`quote_diff.html.j2`,
`quote_excerpt.html.j2`, `quote_groups.html.j2`, through `present.html`).
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from strikebook.present.html import render
from strikebook.text.normalize import fold
from strikebook.verify.quotecompare import compare_quotes, word_diff

CLASSIFICATIONS = ("identical", "cosmetic", "substantive")


def check_min_similarity(min_similarity) -> float:
    """The `min_similarity` parameter as a number from 0 to 100, else ValueError saying so."""
    if not 0 <= float(min_similarity) <= 100:
        raise ValueError(f"min_similarity must be between 0 and 100, got {min_similarity!r}")
    return float(min_similarity)


def select_speaker(quotes: pd.DataFrame, speaker: str | None) -> pd.DataFrame:
    """The quotes of one speaker (case, accents and apostrophes do not matter), or all when None.
    A speaker nobody quotes raises ValueError listing the quoted speakers."""
    if not speaker:
        return quotes
    known = sorted({s for s in quotes["speaker"].dropna() if s})
    if fold(speaker) not in {fold(s) for s in known}:
        raise ValueError(f"speaker {speaker!r} is not quoted in this case; quoted speakers: {', '.join(known)}")
    return quotes[quotes["speaker"].fillna("").map(fold) == fold(speaker)]


def summary_line(quotes: pd.DataFrame, grouped: pd.DataFrame, single: pd.DataFrame) -> str:
    """'24 quotes, 2 statements in 2+ articles, 0 with substantive differences, 18 single-source quotes'."""
    shared = grouped[grouped["n_articles"] > 1] if len(grouped) else grouped
    n_shared = shared["group"].nunique() if len(shared) else 0
    substantive = shared[shared["classification"] == "substantive"]["group"].nunique() if len(shared) else 0
    return (f"{len(quotes)} quotes, {n_shared} statements in 2+ articles, "
            f"{substantive} with substantive differences, {len(single)} single-source quotes")


def diff_html(a: str, b: str) -> Markup:
    """`b` compared with `a`, word by word, as escaped inline HTML.

    Substantive changes: red strike-through (only in `a`) and green (only in `b`); cosmetic changes in
    grey, with the kind of difference as a tooltip (quotes.css). All quote text is escaped.
    """
    a, b = a or "", b or ""
    parts = []
    pos = 0  # position in b: the spacing between tokens is b's own
    for o in word_diff(a, b):
        parts.append({"tag": "text", "text": b[pos:o["b_start"]]})
        pos = o["b_end"]
        if o["op"] == "equal":
            parts.append({"tag": "text", "text": o["b"]})
            continue
        if o["a"]:
            parts.append({"tag": "del", "text": o["a"], "kind": o["kind"], "label": o["label"]})
            if o["b"] and o["kind"] == "substantive":
                parts.append({"tag": "text", "text": " "})
        if o["b"]:
            parts.append({"tag": "ins", "text": o["b"], "kind": o["kind"], "label": o["label"]})
    parts.append({"tag": "text", "text": b[pos:]})
    return render("quote_diff.html.j2", parts=parts)


def excerpt_diff_html(a: str, b: str) -> Markup:
    """`b` compared with `a` like `diff_html`, but when one quote is an excerpt of the other only the
    matching stretch is diffed; the rest of the longer quote is shown in grey as context, not as
    words added or dropped."""
    cmp = compare_quotes(a, b)
    if not cmp["excerpt"]:
        return diff_html(a, b)
    b_part = cmp["b_part"]
    i = b.find(b_part)
    if i < 0:
        return diff_html(cmp["a_part"], b)
    return render("quote_excerpt.html.j2", before=b[:i], diff=diff_html(cmp["a_part"], b_part),
                  after=b[i + len(b_part):])


def groups_html(grouped: pd.DataFrame, min_articles: int = 2) -> Markup:
    """The statements quoted in `min_articles`+ articles, side by side: each quote with its word-level
    differences from the quote it matches best, the classification and the kinds of difference.
    Everything is escaped (quotes are untrusted text)."""
    if grouped is None or grouped.empty:
        return render("quote_groups.html.j2", empty="No quotes.", groups=[])
    multi = grouped[grouped["n_articles"] >= min_articles]
    if multi.empty:
        return render("quote_groups.html.j2", empty="No statement is quoted in more than one article.", groups=[])
    groups = []
    for gid, members in multi.groupby("group", sort=True):
        rows = []
        for _, r in members.iterrows():
            partner = r["compared_with"]
            text = str(r["text"])
            if partner is not None and partner >= 0 and (r["classification"] != "identical" or r["excerpt"]):
                quote = excerpt_diff_html(str(grouped.loc[partner, "text"]), text)
            else:
                quote = text
            cls = str(r["classification"])
            rows.append({"article_id": str(r["article_id"]), "speaker": str(r["speaker"]), "quote": quote,
                         "classification": cls if cls in CLASSIFICATIONS else "other",
                         "label": cls + (" (excerpt)" if bool(r["excerpt"]) else ""),
                         "differences": str(r["differences"]).replace(";", ", ")})
        groups.append({"number": int(gid), "speakers": (members["speakers"].iloc[0] or "unnamed speaker").replace(";", " / "),
                       "n_articles": int(members["n_articles"].iloc[0]), "rows": rows})
    return render("quote_groups.html.j2", empty="", groups=groups)
