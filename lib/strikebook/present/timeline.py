"""The case on a time axis: attacks on US forces, the US strikes that answered them, and which
articles cover which event.

Why episodes: a case can span years (2020 → 2024 here) while the events that matter sit days apart.
One linear axis would crush each episode into a dot, so events closer than `gap_days` form an episode
and each episode gets its own panel with a shared list of articles.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from strikebook.text.normalize import split_list

KIND_STYLE = {
    "us_strike": {"marker": "v", "color": "#D55E00", "label": "US strike"},
    "attack_on_us": {"marker": "^", "color": "#0072B2", "label": "attack on US forces"},
}
OTHER_STYLE = {"marker": "o", "color": "#777777", "label": "other event"}


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
                   gap_days: int = 30, title: str | None = None):
    """One panel per episode: events as markers on the date axis (shape/colour by kind, labelled), and a
    row per article with a filled dot where the article's main event is and a hollow one where it only
    mentions the event."""
    cov = coverage(events, articles, dates)
    groups = episodes(events, gap_days)
    article_ids = sorted(articles["article_id"].astype(str))
    labels = {r["article_id"]: (r.get("outlet") or r["article_id"]) for r in articles.to_dict("records")}
    n_rows = len(article_ids) + 2  # two rows on top for the event labels
    if not groups:
        fig, ax = plt.subplots(figsize=(8, 2))
        ax.text(0.5, 0.5, "No dated events in this case", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    widths = [max(1.0, min(3.0, 1 + (g["_date"].max() - g["_date"].min()).days / 10)) for g in groups]
    fig, axes = plt.subplots(1, len(groups), figsize=(max(8.0, 3.2 * len(groups) + 2), 0.45 * n_rows + 2.4),
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
            for row, aid in enumerate(article_ids):
                hit = cov[(cov["event_id"] == rec["event_id"]) & (cov["article_id"] == aid)]
                if len(hit):
                    main = hit.iloc[0]["how"] == "main"
                    ax.plot([x], [row + 1], marker="o", ms=9, color=style["color"],
                            mfc=style["color"] if main else "white", zorder=3)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=4))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="y", color="#eee")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0][0].set_yticks([-1, *range(1, len(article_ids) + 1)], ["events", *[labels[a] for a in article_ids]],
                          fontsize=8)
    axes[0][0].set_ylim(len(article_ids) + 0.6, -3.2)
    handles = [Line2D([], [], ls="", **{k: v for k, v in s.items() if k != "label"}, ms=9, label=s["label"])
               for s in KIND_STYLE.values()]
    handles += [Line2D([], [], ls="", marker="o", color="#555", ms=8, label="article's main event"),
                Line2D([], [], ls="", marker="o", color="#555", mfc="white", ms=8, label="article mentions it")]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8, frameon=False)
    fig.suptitle(title or "Attacks, strikes and the articles that cover them", x=0.01, ha="left",
                 fontsize=11.5, fontweight="bold")
    return fig


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events as a reader sees them: the articles naming each one listed with spaces ("a; b")."""
    return events.assign(articles=events["articles"].str.replace(";", "; "))


def coverage_matrix(events: pd.DataFrame, articles: pd.DataFrame, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Event (rows) × article (columns): how the article covers the event ("main" or "mentioned", see
    `coverage`), blank where it does not."""
    cov = coverage(events, articles, dates)
    return cov.pivot_table(index="event_id", columns="article_id", values="how", aggfunc="first").fillna("")


def summary_line(events: pd.DataFrame, articles: pd.DataFrame) -> str:
    """'10 events (5 US strikes, 5 attacks on US forces), 5 articles' (the report's line in the index)."""
    n_strikes = int((events["kind"] == "us_strike").sum())
    n_attacks = int((events["kind"] == "attack_on_us").sum())
    return (f"{len(events)} events ({n_strikes} US strikes, {n_attacks} attacks on US forces), "
            f"{len(articles)} articles")
