"""The case on a time axis: attacks on US forces, the US strikes that answered them, and which
articles cover which event.

Why episodes: a case can span years (2020 → 2024 here) while the events that matter sit days apart.
One linear axis would crush each episode into a dot, so events closer than `gap_days` form an episode
and each episode gets its own panel with a shared list of articles.

A big case (issue 11) does not fit one row per article: beyond `MAX_ARTICLE_ROWS` articles the chart counts,
per event, the articles whose main event it is and those that only mention it, and says so; the coverage
table turns to one row per article (capped, whole as CSV beside the report) instead of one column each.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from strikebook.present.html import capped_list
from strikebook.text.normalize import split_list

KIND_STYLE = {
    "us_strike": {"marker": "v", "color": "#D55E00", "label": "US strike"},
    "attack_on_us": {"marker": "^", "color": "#0072B2", "label": "attack on US forces"},
}
OTHER_STYLE = {"marker": "o", "color": "#777777", "label": "other event"}
#: Up to this many articles the chart has one row per article; a bigger case gets counts per event.
MAX_ARTICLE_ROWS = 30
#: Up to this many articles the coverage table has one column per article; beyond, one row per article.
MAX_MATRIX_COLUMNS = 20
#: Article ids a table cell lists before "… and N more".
MAX_IDS = 10


def coverage(events: pd.DataFrame, articles: pd.DataFrame, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which article covers which event: `main` when the event is the article's main strike
    (articles.event_id), `mentioned` when the article dates something to that event (dates table) or the
    events table lists the article. Columns: event_id, article_id, how."""
    rows = {}
    for rec in events.to_dict("records"):
        for aid in split_list(rec.get("articles")):
            rows[(rec["event_id"], aid)] = "mentioned"
    if dates is not None and len(dates):
        for rec in dates.to_dict("records"):
            if rec.get("event_id"):
                rows[(str(rec["event_id"]), rec["article_id"])] = "mentioned"
    for rec in articles.to_dict("records"):
        if rec.get("event_id"):
            rows[(str(rec["event_id"]), rec["article_id"])] = "main"
    known = set(events["event_id"].astype(str))
    out = [{"event_id": e, "article_id": a, "how": h} for (e, a), h in rows.items() if e in known]
    return pd.DataFrame(out, columns=["event_id", "article_id", "how"]).sort_values(
        ["event_id", "article_id"], kind="stable").reset_index(drop=True)


def episodes(events: pd.DataFrame, gap_days: int = 30) -> list[pd.DataFrame]:
    """Split events (sorted by date) wherever two consecutive events are more than `gap_days` apart."""
    ev = events.assign(_date=pd.to_datetime(events["date"], errors="coerce")).dropna(subset=["_date"])
    ev = ev.sort_values("_date", kind="stable")
    groups, current, last = [], [], None
    for idx, rec in ev.iterrows():
        if last is not None and (rec["_date"] - last).days > gap_days:
            groups.append(ev.loc[current])
            current = []
        current.append(idx)
        last = rec["_date"]
    if current:
        groups.append(ev.loc[current])
    return groups


def timeline_chart(events: pd.DataFrame, articles: pd.DataFrame, dates: pd.DataFrame | None = None, *,
                   gap_days: int = 30, title: str | None = None, max_rows: int = MAX_ARTICLE_ROWS):
    """One panel per episode: events as markers on the date axis (shape/colour by kind, labelled), and a
    row per article with a filled dot where the article's main event is and a hollow one where it only
    mentions the event. More than `max_rows` articles: instead of a row each, two rows of counts per event
    (articles whose main event it is, filled; articles that only mention it, hollow), dots sized by count."""
    cov = coverage(events, articles, dates)
    groups = episodes(events, gap_days)
    if not groups:
        fig, ax = plt.subplots(figsize=(8, 2))
        ax.text(0.5, 0.5, "No dated events in this case", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    many = len(articles) > max_rows
    how = {(e, a): h for e, a, h in cov[["event_id", "article_id", "how"]].itertuples(index=False)}
    if many:
        counts = cov.groupby(["event_id", "how"]).size().to_dict()
        top = max(counts.values(), default=1)
        rows = ["main event of", "mentioned by"]
    else:
        article_ids = sorted(articles["article_id"].astype(str))
        labels = {r["article_id"]: (r.get("outlet") or r["article_id"]) for r in articles.to_dict("records")}
        rows = [labels[a] for a in article_ids]
    n_rows = len(rows) + 2  # two rows on top for the event labels
    widths = [max(1.0, min(3.0, 1 + (g["_date"].max() - g["_date"].min()).days / 10)) for g in groups]
    height = 0.45 * n_rows + 2.4 + (0.9 if many else 0)
    fig, axes = plt.subplots(1, len(groups), figsize=(max(8.0, 3.2 * len(groups) + 2), height),
                             sharey=True, width_ratios=widths, layout="constrained", squeeze=False)
    for ax, group in zip(axes[0], groups, strict=True):
        start, end = group["_date"].min(), group["_date"].max()
        pad = pd.Timedelta(days=max(2, (end - start).days * 0.15))
        ax.set_xlim(start - pad, end + pad)
        for k, rec in enumerate(group.to_dict("records")):
            style = KIND_STYLE.get(rec.get("kind"), OTHER_STYLE)
            x = rec["_date"]
            ax.axvline(x, color=style["color"], lw=0.8, alpha=0.35, zorder=1)
            ax.plot([x], [-1], marker=style["marker"], color=style["color"], ms=11, zorder=3)
            name = textwrap.fill(rec.get("name") or rec["event_id"], 24)
            ax.annotate(f"{x:%d %b %Y}\n{name}", (x, -1), xytext=(0, 10 + 26 * (k % 2)),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7.5,
                        color=style["color"])
            if many:
                for row, kind in enumerate(("main", "mentioned")):
                    n = counts.get((rec["event_id"], kind), 0)
                    if not n:
                        continue
                    ax.plot([x], [row + 1], marker="o", ms=5 + 17 * (n / top) ** 0.5, color=style["color"],
                            mfc=style["color"] if kind == "main" else "white", zorder=3, alpha=0.85)
                    ax.annotate(f"{n:,}", (x, row + 1), xytext=(0, -5 - 8.5 * (n / top) ** 0.5),
                                textcoords="offset points", ha="center", va="top", fontsize=7.5,
                                color=style["color"])
                continue
            for row, aid in enumerate(article_ids):
                hit = how.get((rec["event_id"], aid))
                if hit:
                    main = hit == "main"
                    ax.plot([x], [row + 1], marker="o", ms=9, color=style["color"],
                            mfc=style["color"] if main else "white", zorder=3)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=4))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="y", color="#eee")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0][0].set_yticks([-1, *range(1, len(rows) + 1)], ["events", *rows], fontsize=8)
    axes[0][0].set_ylim(len(rows) + (1.2 if many else 0.6), -3.2)
    handles = [Line2D([], [], ls="", **{k: v for k, v in s.items() if k != "label"}, ms=9, label=s["label"])
               for s in KIND_STYLE.values()]
    handles += [Line2D([], [], ls="", marker="o", color="#555", ms=8, label="article's main event"),
                Line2D([], [], ls="", marker="o", color="#555", mfc="white", ms=8, label="article mentions it")]
    note = None
    if many:  # said in the legend's title: the one text under the panels that the layout keeps clear
        note = textwrap.fill(f"{len(articles):,} articles, too many for a row each: at each event, how many articles "
                             "report it as their main event (filled) and how many only mention or date it (hollow), "
                             "dots sized by count. Which article covers which event: the table below.", 150)
    legend = fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8, frameon=False, title=note,
                        title_fontsize=8.5)
    if note:
        legend.get_title().set_color("#555")
    fig.suptitle(title or "Attacks, strikes and the articles that cover them", x=0.01, ha="left",
                 fontsize=11.5, fontweight="bold")
    return fig


def events_table(events: pd.DataFrame, max_ids: int = MAX_IDS) -> pd.DataFrame:
    """The events as a reader sees them: the articles naming each one listed with spaces ("a; b"), the first
    `max_ids` of them and then "… and N more" (every article is in the coverage table)."""
    return events.assign(articles=events["articles"].fillna("").map(lambda a: capped_list(split_list(a), max_ids)))


def coverage_matrix(events: pd.DataFrame, articles: pd.DataFrame, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Event (rows) × article (columns): how the article covers the event ("main" or "mentioned", see
    `coverage`), blank where it does not."""
    cov = coverage(events, articles, dates)
    return cov.pivot_table(index="event_id", columns="article_id", values="how", aggfunc="first").fillna("")


def coverage_table(events: pd.DataFrame, articles: pd.DataFrame, dates: pd.DataFrame | None = None, *,
                   max_columns: int = MAX_MATRIX_COLUMNS) -> pd.DataFrame:
    """Which article covers which event, in the shape that fits: up to `max_columns` articles the
    `coverage_matrix` (event rows × article columns); beyond, one row per article (id, outlet, then one
    column per event: "main", "mentioned" or blank), the articles that cover the most events first, so a
    capped table shows them."""
    matrix = coverage_matrix(events, articles, dates)
    if len(articles) <= max_columns:
        return matrix
    by_article = matrix.T.reindex(sorted(articles["article_id"].astype(str))).fillna("")
    by_article.columns.name = None
    outlet = articles["outlet"] if "outlet" in articles else pd.Series("", index=articles.index)
    outlets = dict(zip(articles["article_id"].astype(str), outlet.fillna("").astype(str), strict=True))
    by_article.insert(0, "outlet", [outlets.get(a, "") for a in by_article.index])
    covered = (by_article.drop(columns="outlet") != "").sum(axis=1)
    order = sorted(range(len(by_article)), key=lambda i: -covered.iloc[i])
    return by_article.iloc[order].rename_axis("article_id")


def summary_line(events: pd.DataFrame, articles: pd.DataFrame) -> str:
    """'10 events (5 US strikes, 5 attacks on US forces), 5 articles' (the report's line in the index)."""
    n_strikes = int((events["kind"] == "us_strike").sum())
    n_attacks = int((events["kind"] == "attack_on_us").sum())
    return (f"{len(events)} events ({n_strikes} US strikes, {n_attacks} attacks on US forces), "
            f"{len(articles)} articles")
