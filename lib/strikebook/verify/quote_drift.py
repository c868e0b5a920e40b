"""Quote drift: the same statement quoted with different words, or given to different speakers.

What it looks for: statements that several articles quote (`quotecompare.group_quotes`, similarity ≥ 80)
where one article's wording differs substantively from an earlier article's and no other outlet renders it
the same way, or where an earlier article gives the same words to another speaker.

Why: a quote that changes between outlets is either a correction, a translation or an error, and a reader
citing it needs the original. House-style differences (punctuation, dashes, serial comma, quote marks,
case, UK/US spelling) and a shorter excerpt of a longer quote are not drift (`quotecompare.compare_quotes`).

How it scales: a quote's partners (the quotes of its statement in other articles that reach the threshold
with it) are the quotes with its match key or a neighbouring key in the `StatementGraph` the checks share,
so nothing compares every quote with every other. Per key, the quotes are kept in reading order, by
wording and by speaker; each distinct pair of wordings is compared once (`compare_quotes` is memoised),
and the quotes and articles listed in a flag are read off sorted lists, so the cost follows the quotes and
the flags, not the square of a syndicated statement's copies.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import pandas as pd

from strikebook.text.normalize import fold
from strikebook.verify import quotecompare
from strikebook.verify.common import Context, cell, make_flag


def _change_summary(a: str, b: str) -> str:
    ops = [o for o in quotecompare.word_diff(a, b) if o["kind"] == "substantive"][:3]
    parts = []
    for o in ops:
        if o["op"] == "insert":
            parts.append(f"adds \u201c{o['b']}\u201d")
        elif o["op"] == "delete":
            parts.append(f"drops \u201c{o['a']}\u201d")
        else:
            parts.append(f"\u201c{o['a']}\u201d becomes \u201c{o['b']}\u201d")
    return "; ".join(parts)


def check_quote_drift(ctx: Context, *, min_similarity: float = 80) -> list[dict]:
    """The same statement quoted with different words, or given to different speakers, in different
    articles. House-style differences (punctuation, dashes, serial comma, quote marks, case, UK/US
    spelling) and a shorter excerpt of a longer quote are not drift."""
    texts = ctx.texts
    g = ctx.quote_groups
    if g is None or g.empty:
        return []
    graph = ctx.quote_graph
    if graph is None or graph.min_similarity > min_similarity or not graph.covers(
            quotecompare.match_key(t) for t in g["text"]):
        graph = quotecompare.StatementGraph((quotecompare.match_key(t) for t in g["text"]), min_similarity)
    statements: dict = {}
    for r in g[g["n_articles"] > 1].to_dict("records"):
        statements.setdefault(r["group"], []).append(r)
    flags = []
    for gid in sorted(statements):
        flags += _statement_drift(_reading_order(statements[gid]), graph, min_similarity, texts)
    return flags


def _reading_order(members: list[dict]) -> list[dict]:
    """A statement's quotes by article and position, ties in table order (what pandas' two-column
    `sort_values`, a stable lexsort, gives), without a frame per statement."""
    if all(isinstance(m["start"], int) and isinstance(m["article_id"], str) for m in members):
        return sorted(members, key=lambda m: (m["article_id"], m["start"]))
    return pd.DataFrame(members).sort_values(["article_id", "start"]).to_dict("records")


class _Key:
    """The quotes of one statement that share a match key, in reading order (positions in `members`)."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.articles: list[str] = []  # parallel to rows (sorted, as the members are)
        self.wordings: dict[str, list[str]] = {}  # text → its first two distinct articles
        self.by_speaker: dict[str, list[int]] = {}  # folded non-empty speaker → rows

    def add(self, p: int, article: str, text: str, speaker: str) -> None:
        self.rows.append(p)
        self.articles.append(article)
        seen = self.wordings.setdefault(text, [])
        if len(seen) < 2 and article not in seen:
            seen.append(article)
        if speaker:
            self.by_speaker.setdefault(fold(speaker), []).append(p)

    def first_outside(self, article: str) -> int | None:
        """The first row of another article (the rows of one article are consecutive)."""
        if self.articles[0] != article:
            return self.rows[0]
        end = bisect_right(self.articles, article)
        return self.rows[end] if end < len(self.rows) else None

    def before(self, article: str) -> list[int]:
        """Rows of articles that sort before `article`."""
        return self.rows[:bisect_left(self.articles, article)]


def _statement_drift(members: list[dict], graph, min_similarity: float, texts: dict[str, str]) -> list[dict]:
    key_of = [quotecompare.match_key(m["text"]) for m in members]
    by_key: dict[str, _Key] = {}
    for p, m in enumerate(members):
        if key_of[p]:
            by_key.setdefault(key_of[p], _Key()).add(p, m["article_id"], m["text"], cell(m["speaker"]))
    partner_keys: dict[str, list[_Key]] = {}
    for k in by_key:
        near = [(c, s) for c, s in graph.neighbours(k).items() if c in by_key] + [(k, graph.similarity(k, k))]
        partner_keys[k] = [by_key[c] for c, s in near if s >= min_similarity]
    all_substantive: dict[tuple[str, str], list[str]] = {}  # (key, text) → articles with a non-substantive rendering
    flags = []
    for p, b in enumerate(members):
        k, aid = key_of[p], b["article_id"]
        partners = partner_keys.get(k, [])
        if not partners:
            continue
        text = texts.get(aid, "")
        # wording: only when no other outlet renders it the same way, and an earlier one differs
        same = all_substantive.get((k, b["text"]))
        if same is None:
            same = _renderings_alike(partners, b["text"])
            all_substantive[(k, b["text"])] = same
        if not [a for a in same if a != aid]:
            firsts = [f for f in (key.first_outside(aid) for key in partners) if f is not None]
            first = members[min(firsts)] if firsts else None
            if first is not None and first["article_id"] < aid:
                cmp = quotecompare.compare_quotes(first["text"], b["text"])
                change = _change_summary(cmp["a_part"], cmp["b_part"])
                earlier = sorted(p2 for key in partners for p2 in key.before(aid))
                message = (f"The same statement{' by ' + b['speaker'] if cell(b['speaker']) else ''} is "
                           f"worded differently here than in article {first['article_id']}: {change}. "
                           "Check the original statement or transcript.")
                f = make_flag(aid, "quote_drift", "warning", message, text, b["start"], b["end"],
                              [members[x]["article_id"] for x in earlier])
                if f:
                    flags.append(f)
        # speaker: an earlier article gives the same statement to someone else
        sb = cell(b["speaker"])
        if sb:
            others = sorted(x for key in partners for who, rows in key.by_speaker.items() if who != fold(sb)
                            for x in rows[:bisect_left(rows, _first_row_of(key, aid))])
            if others:
                a = members[others[0]]
                message = (f"This statement is attributed to {sb} here but to {cell(a['speaker'])} in article "
                           f"{a['article_id']}.")
                f = make_flag(aid, "quote_drift", "warning", message, text, b["start"], b["end"],
                              [members[x]["article_id"] for x in others])
                if f:
                    flags.append(f)
    return flags


def _first_row_of(key: _Key, article: str) -> int:
    """The position from which a key's rows are no longer in articles before `article`."""
    k = bisect_left(key.articles, article)
    return key.rows[k] if k < len(key.rows) else 1 << 62


def _renderings_alike(partners: list[_Key], text: str) -> list[str]:
    """Up to two distinct articles whose rendering (among the partner keys') is not a substantive change
    of `text` (each distinct pair of wordings compared once)."""
    found: list[str] = []
    for key in partners:
        for wording, articles in key.wordings.items():
            if any(a not in found for a in articles) and \
                    quotecompare.compare_quotes(wording, text)["classification"] != "substantive":
                found += [a for a in articles if a not in found]
                if len(found) >= 2:
                    return found[:2]
    return found
