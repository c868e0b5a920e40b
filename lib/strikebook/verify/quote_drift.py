"""Quote drift: the same statement quoted with different words, or given to different speakers.

What it looks for: statements that several articles quote (`quotecompare.group_quotes`, similarity ≥ 80)
where one article's wording differs substantively from an earlier article's and no other outlet renders it
the same way, or where an earlier article gives the same words to another speaker.

Why: a quote that changes between outlets is either a correction, a translation or an error, and a reader
citing it needs the original. House-style differences (punctuation, dashes, serial comma, quote marks,
case, UK/US spelling) and a shorter excerpt of a longer quote are not drift (`quotecompare.compare_quotes`).
"""

from __future__ import annotations

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
    flags = []
    for _, members in g[g["n_articles"] > 1].groupby("group", sort=True):
        members = members.sort_values(["article_id", "start"]).to_dict("records")
        for b in members:
            partners = [(a, quotecompare.compare_quotes(a["text"], b["text"])) for a in members
                        if a["article_id"] != b["article_id"]
                        and quotecompare.quote_similarity(a["text"], b["text"]) >= min_similarity]
            # wording: only when no other outlet renders it the same way, and an earlier one differs
            if not any(c["classification"] != "substantive" for _, c in partners):
                earlier = [(a, c) for a, c in partners if a["article_id"] < b["article_id"]]
                if earlier:
                    a, cmp = earlier[0]
                    change = _change_summary(cmp["a_part"], cmp["b_part"])
                    message = (f"The same statement{' by ' + b['speaker'] if cell(b['speaker']) else ''} is "
                               f"worded differently here than in article {a['article_id']}: {change}. "
                               "Check the original statement or transcript.")
                    f = make_flag(b["article_id"], "quote_drift", "warning", message, texts.get(b["article_id"], ""),
                              b["start"], b["end"], [x["article_id"] for x, _ in earlier])
                    if f:
                        flags.append(f)
            # speaker: an earlier article gives the same statement to someone else
            sb = cell(b["speaker"])
            others = [a for a, _ in partners if a["article_id"] < b["article_id"] and cell(a["speaker"])
                      and fold(cell(a["speaker"])) != fold(sb)]
            if sb and others:
                a = others[0]
                message = (f"This statement is attributed to {sb} here but to {cell(a['speaker'])} in article "
                           f"{a['article_id']}.")
                f = make_flag(b["article_id"], "quote_drift", "warning", message, texts.get(b["article_id"], ""),
                          b["start"], b["end"], [x["article_id"] for x in others])
                if f:
                    flags.append(f)
    return flags
