"""The quotes report's view: one speaker's quotes, and statements compared across outlets as HTML.

Why: `verify.quotecompare` decides which quotes are one statement and how their wording differs; a
reporter needs to see it — each rendering side by side, word changes struck through or highlighted,
house-style changes in grey, the rest of a longer quote shown as context — and a speaker asked for that
is not quoted in the case must fail with the names that are, not show an empty page. Quotes and speaker
names are untrusted text: the HTML comes from templates rendered with autoescape on (`quote_diff.html.j2`,
`quote_excerpt.html.j2`, `quote_groups.html.j2`, through `present.html`).

A big case (issue 11) quotes one statement in hundreds of articles, mostly in a few wordings: `groups_html`
shows at most `MAX_GROUPS` statements (substantive differences first, then the most quoted), a statement with
more than `MAX_ROWS` renderings one row per distinct wording (with the articles that print it, compared
with the closest other wording), and says what it left out; every quote with its statement is written beside the
report as CSV. `speakers_html` turns the speaker × article matrix into counts per speaker when the case has
more than `MAX_MATRIX_COLUMNS` articles.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from strikebook.present.html import capped_list, capped_note, frame_html, render
from strikebook.text.normalize import fold
from strikebook.verify.quotecompare import compare_quotes, word_diff

CLASSIFICATIONS = ("identical", "cosmetic", "substantive")
#: Statements shown side by side at most; the others are counted and in the CSV.
MAX_GROUPS = 40
#: Renderings a statement shows one row each; a statement quoted more often gets one row per distinct wording.
MAX_ROWS = 12
#: Article ids a row lists before "… and N more".
MAX_IDS = 8
#: Up to this many articles the speaker table has one column per article; beyond, counts per speaker.
MAX_MATRIX_COLUMNS = 20


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


def _member_rows(members: pd.DataFrame, grouped: pd.DataFrame) -> list[dict]:
    """One row per quote of a statement, each compared with the quote it matches best (as grouped)."""
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
    return rows


def _wording_rows(members: pd.DataFrame, max_rows: int) -> tuple[list[dict], str]:
    """A statement quoted too often for a row per quote: one row per distinct wording (text and speaker) with
    the articles that print it, the wordings most articles print first, at most `max_rows`; each compared with
    the closest other wording shown (as `compare_quotes` scores them). Returns (rows, note)."""
    wordings: dict[tuple[str, str], dict[str, None]] = {}
    for text, speaker, article in zip(members["text"], members["speaker"], members["article_id"], strict=True):
        wordings.setdefault((str(text), str(speaker)), {})[str(article)] = None
    ordered = sorted(wordings.items(), key=lambda kv: -len(kv[1]))
    shown = ordered[:max_rows]
    texts = [text for (text, _), _ in shown]
    rows = []
    for (text, speaker), articles in shown:
        ids = f"{len(articles):,} article{'s' if len(articles) != 1 else ''}: {capped_list(articles, MAX_IDS, ', ')}"
        others = [j for j in range(len(shown)) if texts[j] != text]
        if not others:
            rows.append({"article_id": ids, "speaker": speaker, "quote": text, "classification": "identical",
                         "label": "identical", "differences": ""})
            continue
        scored = {j: compare_quotes(texts[j], text) for j in others}
        best = max(others, key=lambda j: (scored[j]["similarity"], len(shown[j][1]), -j))
        cmp = scored[best]
        cls = str(cmp["classification"])
        rows.append({"article_id": ids, "speaker": speaker, "quote": excerpt_diff_html(texts[best], text),
                     "classification": cls if cls in CLASSIFICATIONS else "other",
                     "label": cls + (" (excerpt)" if cmp["excerpt"] else ""), "differences": ", ".join(cmp["labels"])})
    n_articles = members["article_id"].nunique()
    note = (f"Quoted {len(members):,} times in {n_articles:,} articles, in {len(wordings):,} distinct wording"
            f"{'s' if len(wordings) != 1 else ''} (with the speaker): one row per wording, with the articles that "
            "print it.")
    if len(ordered) > max_rows:
        rest = ordered[max_rows:]
        note += (f" The {len(rest):,} wordings printed by the fewest articles ({sum(len(a) for _, a in rest):,} "
                 "article quotes) are not shown.")
    return rows, note


def groups_html(grouped: pd.DataFrame, min_articles: int = 2, *, max_groups: int = MAX_GROUPS,
                max_rows: int = MAX_ROWS, csv_name: str | None = None) -> Markup:
    """The statements quoted in `min_articles`+ articles, side by side: each quote with its word-level
    differences from the quote it matches best, the classification and the kinds of difference.
    Everything is escaped (quotes are untrusted text).

    A big case: at most `max_groups` statements (those with substantive differences first, then the most
    quoted, in that order); a statement with more than `max_rows` quotes is shown one row per distinct
    wording (`_wording_rows`). Each cap is said where it applies. `csv_name`: inside `strikebook report`,
    every quote with its statement number and comparison (`grouped`) is written beside the report as
    `REPORT.csv_name.csv` and linked."""
    if grouped is None or grouped.empty:
        return render("quote_groups.html.j2", empty="No quotes.", groups=[], note="")
    multi = grouped[grouped["n_articles"] >= min_articles]
    if multi.empty:
        return render("quote_groups.html.j2", empty="No statement is quoted in more than one article.", groups=[],
                      note="")
    by_group = dict(tuple(multi.groupby("group", sort=True)))
    chosen = list(by_group)
    text = ""
    if len(chosen) > max_groups:
        def rank(gid):
            members = by_group[gid]
            return (not (members["classification"] == "substantive").any(), -int(members["n_articles"].iloc[0]), gid)

        chosen = sorted(chosen, key=rank)[:max_groups]
        text = (f"{len(by_group):,} statements are quoted in {min_articles} or more articles; the {len(chosen)} shown "
                "are those with substantive differences first, then those quoted in the most articles.")
    note = capped_note(text, csv_name=csv_name, data=grouped) if (text or csv_name) else ""
    groups = []
    for gid in chosen:
        members = by_group[gid]
        if len(members) > max_rows:
            rows, group_note = _wording_rows(members, max_rows)
        else:
            rows, group_note = _member_rows(members, grouped), ""
        groups.append({"number": int(gid), "speakers": (members["speakers"].iloc[0] or "unnamed speaker").replace(";", " / "),
                       "n_articles": int(members["n_articles"].iloc[0]), "rows": rows, "note": group_note})
    return render("quote_groups.html.j2", empty="", groups=groups, note=note)


def speakers_html(matrix: pd.DataFrame, *, max_columns: int = MAX_MATRIX_COLUMNS, csv_name: str | None = None,
                  empty: str = "No quotes.") -> Markup:
    """Who is quoted where: the speaker × article matrix (`verify.quotecompare.speaker_matrix`) as it is up
    to `max_columns` articles; beyond, one row per speaker with the quotes, the articles quoting them and the
    articles that quote them most — and the whole matrix as CSV beside the report (`csv_name`)."""
    if matrix is None or matrix.empty or matrix.shape[1] <= max_columns:
        return frame_html(matrix if matrix is not None else pd.DataFrame(), index=True, empty=empty,
                          csv_name=csv_name)
    totals = matrix.sum(axis=1)
    summary = pd.DataFrame({
        "quotes": totals, "articles": (matrix > 0).sum(axis=1),
        "quoted most in": [capped_list([f"{a} ({int(n)})" for a, n in row[row > 0].sort_values(
            ascending=False, kind="stable").items()], 5, ", ") for _, row in matrix.iterrows()]},
        index=matrix.index)
    text = (f"{matrix.shape[1]:,} articles, too many for a column each: per speaker, how many quotes, in how many "
            "articles, and the articles that quote them most (quotes in brackets).")
    return capped_note(text, csv_name=csv_name, data=matrix.reset_index()) + frame_html(summary, index=True)
