"""Corroboration: what only one article carries, and what other outlets confirm (info flags, few rows).

What it looks for, per article, when at least one other article of the case covers the same event:
- casualty figures of an event and status that no other article gives (one row, the first figure);
- quoted statements (`quotecompare.group_quotes`) that appear in other articles too (one row);
- quotes of four words or more that appear in no other article (one row).

Why: an investigator weighs a fact by how many independent outlets carry it. These rows are context, not
faults: an exclusive quote may be a scoop, a lone figure may be the first report. Articles whose event no
other article covers get nothing, since there is nothing to compare them with.

How it scales: which articles give a figure for an event and status, and which articles quote each
statement, are tallied once; no figure or quote is compared with every other.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from strikebook.text.dates import format_date
from strikebook.verify.common import Context, cell, figure_text, make_flag, table


def _event_articles(info: dict[str, dict]) -> dict[str, list[str]]:
    out = defaultdict(list)
    for aid, i in sorted(info.items()):
        if i["event_id"]:
            out[i["event_id"]].append(aid)
    return out


def _is_value(v) -> bool:
    """A cell pandas' `==` can match: not None, not NaN."""
    return v is not None and v == v


def _articles_giving(cas) -> dict[tuple, list[str]]:
    """(event, status) → up to two distinct articles giving a casualty figure for it (enough to tell
    whether an article other than a given one does)."""
    out: dict[tuple, list[str]] = {}
    for ev, status, aid in zip(cas["ev"], cas["status"], cas["article_id"], strict=True):
        if _is_value(status):
            seen = out.setdefault((ev, status), [])
            if len(seen) < 2 and aid not in seen:
                seen.append(aid)
    return out


def _by_start(rows: list[dict]) -> list[dict]:
    """An article's rows in the order of pandas' `sort_values("start")` (the same numpy argsort, ties
    included), without building a frame per article."""
    starts = np.asarray([r["start"] for r in rows])
    if starts.dtype.kind not in "iu":  # floats with NaN, strings: let pandas decide, as before
        return pd.DataFrame(rows).sort_values("start").to_dict("records")
    return [rows[k] for k in starts.argsort(kind="quicksort")]


def check_corroboration(ctx: Context) -> list[dict]:
    """What only one article carries, when other articles cover the same event (info, few rows).

    Per article at most: one row for casualty figures no other article on the event gives, one row for
    its single-source quotes, one row for its quotes that other articles confirm.
    """
    texts, info, events = ctx.texts, ctx.info, ctx.events
    event_articles = _event_articles(info)
    flags: list[dict] = []
    cas = table(ctx.tables, "casualties")
    if not cas.empty:
        cas = cas.copy()
        cas["article_id"] = cas["article_id"].astype(str)
        cas["ev"] = [(cell(e) or info.get(a, {}).get("event_id", "")) for e, a in zip(cas.get("event_id", ""),
                                                                                 cas["article_id"], strict=False)]
        givers = None
        for aid, rows in _rows_by_article(cas):
            own_ev = info.get(aid, {}).get("event_id", "")
            peers = [a for a in event_articles.get(own_ev, []) if a != aid]
            if not peers:
                continue
            lonely = []
            givers = _articles_giving(cas) if givers is None else givers
            for r in _by_start(rows):
                others = [a for a in givers.get((r["ev"], r["status"]), ()) if a != aid]
                if r["ev"] and not others:
                    lonely.append(r)
            if lonely:
                r = lonely[0]
                src = f", attributed to {cell(r.get('source'))}" if cell(r.get("source")) else ""
                name = events.get(r["ev"], {}).get("name") or f"the event of {format_date(r['ev'])}"
                message = (f"Only this article gives {'this figure' if len(lonely) == 1 else 'these figures'} for the "
                           f"{name} ({figure_text(r)} {cell(r.get('status'))}{src}"
                           + (f", and {len(lonely) - 1} more" if len(lonely) > 1 else "")
                           + f"); the other article(s) on the same story ({', '.join(peers)}) do not. "
                           "Uncorroborated within this case.")
                f = make_flag(aid, "corroboration", "info", message, texts.get(aid, ""), r["start"], r["end"], peers)
                if f:
                    flags.append(f)
    g = ctx.quote_groups
    if g is None or g.empty:
        return flags
    articles_of: dict = {}
    for gid, a in zip(g["group"], g["article_id"], strict=True):
        articles_of.setdefault(gid, set()).add(a)
    for aid, rows in _rows_by_article(g):
        own_ev = info.get(aid, {}).get("event_id", "")
        peers = [a for a in event_articles.get(own_ev, []) if a != aid]
        if not peers:
            continue
        rows = _by_start(rows)
        shared = [r for r in rows if r["n_articles"] > 1]
        single = [r for r in rows if r["n_articles"] == 1 and len(r["text"].split()) >= 4]
        text = texts.get(aid, "")
        if shared:
            r = shared[0]
            groups = {x["group"] for x in shared}
            others = sorted(set().union(*(articles_of[x] for x in groups)) - {aid})
            who = f" of {r['speaker']}" if cell(r["speaker"]) else ""
            message = (f"{len(groups)} quoted statement(s) in this article, e.g. this one{who}, also "
                       f"appear in {', '.join(others)}: corroborated across outlets.")
            f = make_flag(aid, "corroboration", "info", message, text, r["start"], r["end"], others)
            if f:
                flags.append(f)
        if single:
            r = single[0]
            message = (f"{len(single)} quote(s) in this article, e.g. this one"
                       + (f" of {r['speaker']}" if cell(r["speaker"]) else "")
                       + f", appear in no other article on the same event ({', '.join(peers)}): uncorroborated.")
            f = make_flag(aid, "corroboration", "info", message, text, r["start"], r["end"], peers)
            if f:
                flags.append(f)
    return flags


def _rows_by_article(df: pd.DataFrame) -> list[tuple[str, list[dict]]]:
    """(article_id, its rows as dicts in table order), by article id: one pass over the table."""
    out: dict = {}
    for r in df.to_dict("records"):
        out.setdefault(r["article_id"], []).append(r)
    return sorted(out.items(), key=lambda kv: kv[0])
