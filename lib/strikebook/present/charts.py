"""Casualty figures as a reader should see them: every reported figure as a range, side by side.

Why ranges: articles rarely agree on a number, and "at least five" is not "five". Each figure is drawn
as what it claims — a point for an exact count, a bar for "between", an open arrow for "at least" /
"more than", a bar from zero for "up to" — so disagreement is visible at a glance, with the source named.

Victims are grouped by the one classifier (`strikebook.extract.victims.victim_group`), and two figures are a
discrepancy by the one conflict rule (`strikebook.verify.conflict.figures_conflict`), the rule the
conflicting-figures check uses too.

A big case (issue 11) reports thousands of figures, mostly the same few repeated: up to `MAX_LINES` figures
the chart draws each as one article reports it; beyond that one line per distinct figure (event, status,
victims, figure — `distinct_figures`) with the number of articles reporting it, at most `MAX_DISTINCT` lines
(those reported by the most articles), and says so. `figure_discrepancies` pairs distinct figures, not
articles: 300 articles saying 25 against 200 saying 26 is one discrepancy, not 60,000.
"""

from __future__ import annotations

import textwrap
from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from strikebook.extract.victims import victim_group
from strikebook.present.html import capped_list
from strikebook.text.numbers import as_float
from strikebook.verify.conflict import figures_conflict

#: Colour per casualty status (colour-blind safe pair from the Okabe–Ito palette).
STATUS_COLOURS = {"killed": "#D55E00", "wounded": "#0072B2"}

#: Up to this many figures the chart draws one line per figure as one article reports it.
MAX_LINES = 40
#: A bigger selection is drawn one line per distinct figure: at most this many (those most articles report).
MAX_DISTINCT = 40
#: Article ids and sources a table cell lists before "… and N more" (cells stay narrow: two sentences share the row).
MAX_IDS = 3

__all__ = ["casualty_chart", "casualty_discrepancies", "casualty_figures", "distinct_figures", "figure_discrepancies",
           "figure_label", "figures_conflict", "victim_group"]

def figure_label(row) -> str:
    """'3', 'at least 5', 'more than 40', 'up to 7', '5–7', 'about 20' — the figure as reported."""
    lo, hi, q = as_float(row.get("min")), as_float(row.get("max")), row.get("qualifier") or "exact"
    fmt = lambda v: f"{v:,.0f}"  # noqa: E731
    if q in ("at least", "more than") and lo is not None:
        return f"{q} {fmt(lo)}"
    if q == "up to" and hi is not None:
        return f"up to {fmt(hi)}"
    if lo is not None and hi is not None and lo != hi:
        return f"{fmt(lo)}–{fmt(hi)}"
    v = lo if lo is not None else hi
    if v is None:
        return "no number"
    return f"about {fmt(v)}" if q == "about" else fmt(v)


def casualty_figures(casualties: pd.DataFrame, articles: pd.DataFrame | None = None, *, event_id=None,
                     status: str = "both") -> pd.DataFrame:
    """The casualty table filtered and labelled for charting: one row per reported figure, with
    `victims` (coarse class), `figure` (as reported), `reported_by` (source, else 'the article'),
    `outlet` (or the article id when unknown) and `event`."""
    if status not in ("killed", "wounded", "both"):
        raise ValueError(f"status must be 'killed', 'wounded' or 'both', not {status!r}")
    df = casualties.copy()
    if event_id:
        df = df[df["event_id"].astype(str) == str(event_id)]
    if status in ("killed", "wounded"):
        df = df[df["status"] == status]
    df["victims"] = df["who"].fillna("").map(victim_group)
    df["figure"] = [figure_label(r) for r in df.to_dict("records")]
    df["reported_by"] = df["source"].fillna("").replace("", "the article's own narration")
    outlets = {}
    if articles is not None and "outlet" in articles:
        outlets = {r["article_id"]: (r.get("outlet") or "") for r in articles.to_dict("records")}
    df["outlet"] = [outlets.get(a) or a for a in df["article_id"]]
    return df.reset_index(drop=True)


def _event_names(events: pd.DataFrame | None) -> dict:
    if events is None or not len(events):
        return {}
    return {r["event_id"]: f"{r['event_id']} {r.get('name') or ''}".strip() for r in events.to_dict("records")}


def _draw_figure(ax, y: float, rec: dict, xmax: float) -> None:
    """One figure at height `y`: a diamond (exact), an open-ended arrow (at least / more than), a bar from
    zero (up to) or between its bounds (range), and its label right of the axes, in its status colour."""
    colour = STATUS_COLOURS.get(rec["status"], "#555")
    lo, hi, q = as_float(rec["min"]), as_float(rec["max"]), rec.get("qualifier") or "exact"
    if q in ("at least", "more than") and lo is not None:
        ax.annotate("", xy=(xmax * 0.97, y), xytext=(lo, y),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.2, "alpha": 0.55})
        ax.plot([lo], [y], marker="o" if q == "at least" else "o", mfc=colour if q == "at least" else "white",
                mec=colour, ms=8, zorder=3)
    elif q == "up to" and hi is not None:
        ax.plot([0, hi], [y, y], color=colour, lw=5, alpha=0.45, solid_capstyle="butt")
        ax.plot([hi], [y], marker="|", color=colour, ms=14, mew=2.5)
    elif lo is not None and hi is not None and lo != hi:
        ax.plot([lo, hi], [y, y], color=colour, lw=6, alpha=0.6, solid_capstyle="butt")
    else:
        v = lo if lo is not None else hi
        if v is not None:
            ax.plot([v], [y], marker="D", color=colour, ms=8, zorder=3)
    ax.text(1.01, y, rec["figure"], va="center", ha="left", fontsize=9, color=colour, fontweight="bold",
            transform=ax.get_yaxis_transform(), clip_on=False)


def _finish_chart(fig, ax, n: int, xmax: float, title: str, subtitle: str) -> None:
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("people (as reported)")
    ax.grid(axis="x", color="#eee")
    ax.spines[["top", "right"]].set_visible(False)
    legend = [
        Line2D([], [], color=STATUS_COLOURS["killed"], marker="D", ls="", label="killed: exact figure"),
        Line2D([], [], color=STATUS_COLOURS["wounded"], marker="D", ls="", label="wounded: exact figure"),
        Line2D([], [], color="#777", marker="o", ls="-", lw=2, label="at least / more than (open-ended →)"),
        Line2D([], [], color="#777", lw=6, alpha=0.6, label="range (between / up to)"),
    ]
    fig.legend(handles=legend, loc="outside lower center", fontsize=8, frameon=False, ncols=4)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11.5, fontweight="bold")
    ax.set_title(subtitle, loc="left", fontsize=8.5, color="#555")


def _empty_chart(message: str = "No casualty figures reported for this selection"):
    fig, ax = plt.subplots(figsize=(10.5, 2.4), layout="constrained")
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12, color="#555")
    ax.set_axis_off()
    return fig


def _xmax(rows: pd.DataFrame) -> float:
    finite = [v for v in pd.concat([rows["min"], rows["max"]]).map(as_float) if v is not None]
    return max(finite + [1]) * 1.35


def casualty_chart(figures: pd.DataFrame, events: pd.DataFrame | None = None, *, title: str | None = None,
                   max_lines: int = MAX_LINES, max_distinct: int = MAX_DISTINCT):
    """Horizontal range chart: one line per reported figure, grouped by event and victims.

    `figures` is the output of `casualty_figures`. More than `max_lines` figures are drawn one line per
    distinct figure with how many articles report it (`distinct_chart`). Returns the matplotlib Figure
    (empty-state figure with a message when there is nothing to draw)."""
    if len(figures) > max_lines:
        return distinct_chart(figures, events, title=title, max_lines=max_distinct)
    names = _event_names(events)
    rows = figures.copy()
    rows["_event"] = rows["event_id"].fillna("").astype(str).map(lambda e: names.get(e, e or "event unresolved"))
    rows = rows.sort_values(["_event", "victims", "status", "article_id", "start"], kind="stable")
    n = len(rows)
    if n == 0:
        return _empty_chart()
    fig, ax = plt.subplots(figsize=(10.5, max(2.4, 0.45 * n + 1.9)), layout="constrained")
    xmax = _xmax(rows)
    labels, y = [], 0
    last_group = None
    for rec in rows.to_dict("records"):
        group = (rec["_event"], rec["victims"])
        if group != last_group and last_group is not None:
            ax.axhline(y - 0.5, color="#ddd", lw=0.8)
        last_group = group
        _draw_figure(ax, y, rec, xmax)
        who = (rec.get("who") or "").strip()
        labels.append(f"{textwrap.shorten(rec['_event'], 46, placeholder='…')} · {rec['status']} {textwrap.shorten(who, 30, placeholder='…')}\n{rec['outlet']} — {textwrap.shorten(rec['reported_by'], 42, placeholder='…')}")
        y += 1
    ax.set_yticks(range(n), labels, fontsize=8)
    _finish_chart(fig, ax, n, xmax, title or "Casualty figures as reported, by event, victims and source",
                  "Each line is one figure as one article reports it, with the source the article credits.")
    return fig


def distinct_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct reported figure — event, status, victims and the figure as reported (with its
    min, max and qualifier) — with how many articles report it (`articles`) and how many times (`reports`),
    the victims as most often phrased (`who`), the sources credited, most often first (`reported_by`), how
    many outlets (`outlets`; an article without one counts as its own), and the first report's article and
    sentence. Most reported first
    within each event, status and victims. `figures` is the output of `casualty_figures`."""
    cols = ["event_id", "status", "victims", "figure", "articles", "reports", "who", "reported_by", "outlets",
            "article_id", "sentence", "min", "max", "qualifier"]
    groups: dict[tuple, list[dict]] = {}
    for rec in figures.to_dict("records"):
        key = (str(rec.get("event_id") or ""), rec["status"], rec["victims"], rec["figure"])
        groups.setdefault(key, []).append(rec)
    out = []
    for (event, status, victims, figure), recs in groups.items():
        arts = list(dict.fromkeys(str(r["article_id"]) for r in recs))
        sources = [s for s, _ in Counter(r["reported_by"] for r in recs).most_common()]
        who = Counter((r.get("who") or "").strip() for r in recs).most_common(1)[0][0]
        first = recs[0]
        out.append({"event_id": event, "status": status, "victims": victims, "figure": figure,
                    "articles": len(arts), "reports": len(recs), "who": who,
                    "reported_by": capped_list(sources, MAX_IDS),
                    "outlets": len({str(r.get("outlet") or r["article_id"]) for r in recs}),
                    "article_id": first["article_id"], "sentence": first.get("sentence", ""),
                    "min": first.get("min"), "max": first.get("max"), "qualifier": first.get("qualifier")})
    df = pd.DataFrame(out, columns=cols)
    if len(df):
        df = df.assign(_n=-df["articles"]).sort_values(["event_id", "status", "victims", "_n"], kind="stable")
        df = df.drop(columns="_n").reset_index(drop=True)
    return df


def distinct_chart(figures: pd.DataFrame, events: pd.DataFrame | None = None, *, title: str | None = None,
                   max_lines: int = MAX_DISTINCT):
    """The casualty chart of a big selection: one line per distinct figure (`distinct_figures`), labelled
    with how many articles report it and the source most often credited; at most `max_lines` lines, those
    reported by the most articles, and a subtitle that says what was aggregated and left out."""
    distinct = distinct_figures(figures)
    if distinct.empty:
        return _empty_chart()
    names = _event_names(events)
    rows = distinct.copy()
    rows["_event"] = rows["event_id"].map(lambda e: names.get(e, e or "event unresolved"))
    kept = rows.sort_values("articles", ascending=False, kind="stable").head(max_lines)
    rows = kept.sort_values(["_event", "victims", "status"], kind="stable")
    n = len(rows)
    fig, ax = plt.subplots(figsize=(10.5, max(2.4, 0.45 * n + 2.2)), layout="constrained")
    xmax = _xmax(rows)
    labels, last_group = [], None
    for y, rec in enumerate(rows.to_dict("records")):
        group = (rec["_event"], rec["victims"])
        if group != last_group and last_group is not None:
            ax.axhline(y - 0.5, color="#ddd", lw=0.8)
        last_group = group
        _draw_figure(ax, y, rec, xmax)
        source = textwrap.shorten(rec["reported_by"].split("; ")[0], 40, placeholder="…")
        n_art = f"{rec['articles']:,} article{'s' if rec['articles'] != 1 else ''}"
        labels.append(f"{textwrap.shorten(rec['_event'], 46, placeholder='…')} · {rec['status']} "
                      f"{textwrap.shorten(rec['who'], 30, placeholder='…')}\n{n_art} — most often credited: {source}")
    ax.set_yticks(range(n), labels, fontsize=8)
    n_articles = figures["article_id"].nunique()
    note = (f"Each line is one distinct figure (event, status, victims, figure) with the number of articles that "
            f"report it: {len(figures):,} figures in {n_articles:,} articles, {len(distinct):,} distinct.")
    if len(distinct) > n:
        left = distinct.drop(index=kept.index)
        note += (f" The {n} reported by the most articles are drawn; the other {len(left):,} (reported by "
                 f"{left['articles'].max():,} article{'s' if left['articles'].max() != 1 else ''} or fewer) are "
                 "in the tables below.")
    _finish_chart(fig, ax, n, xmax, title or "Casualty figures as reported, by event and victims",
                  textwrap.fill(note, 150))
    return fig


def casualty_discrepancies(figures: pd.DataFrame) -> pd.DataFrame:
    """Pairs of figures for the same event, status and victim class that cannot both be true, with
    both evidence sentences. `figures` is the output of `casualty_figures`."""
    out = []
    recs = figures.to_dict("records")
    for i, a in enumerate(recs):
        for b in recs[i + 1:]:
            if (str(a["event_id"]), a["status"], a["victims"]) != (str(b["event_id"]), b["status"], b["victims"]):
                continue
            if figures_conflict(a, b):
                out.append({"event_id": a["event_id"], "status": a["status"], "victims": a["victims"],
                            "article_a": a["article_id"], "figure_a": a["figure"], "source_a": a["reported_by"],
                            "evidence_a": a["sentence"], "article_b": b["article_id"], "figure_b": b["figure"],
                            "source_b": b["reported_by"], "evidence_b": b["sentence"]})
    cols = ["event_id", "status", "victims", "article_a", "figure_a", "source_a", "evidence_a", "article_b",
            "figure_b", "source_b", "evidence_b"]
    return pd.DataFrame(out, columns=cols)


def figure_discrepancies(figures: pd.DataFrame) -> pd.DataFrame:
    """Pairs of distinct figures (`distinct_figures`) for the same event, status and victims that cannot both be
    true — one row per pair of figures, not per pair of articles — each side with its figure, the articles
    that report it (`articles_a`: "97 articles: a; b; c; … and 94 more", the first `MAX_IDS`), the sources
    credited and one evidence sentence. The more reported figure is side a. `figures` is the output of
    `casualty_figures`."""
    cols = ["event_id", "status", "victims", "figure_a", "articles_a", "source_a", "evidence_a", "figure_b",
            "articles_b", "source_b", "evidence_b"]
    distinct = distinct_figures(figures)
    if distinct.empty:
        return pd.DataFrame(columns=cols)
    ids = {}
    for rec in figures.to_dict("records"):
        key = (str(rec.get("event_id") or ""), rec["status"], rec["victims"], rec["figure"])
        ids.setdefault(key, {})[str(rec["article_id"])] = None
    out = []
    for _, same in distinct.groupby(["event_id", "status", "victims"], sort=False):
        recs = same.sort_values("articles", ascending=False, kind="stable").to_dict("records")
        for i, a in enumerate(recs):
            for b in recs[i + 1:]:
                if not figures_conflict(a, b):
                    continue
                row = {"event_id": a["event_id"], "status": a["status"], "victims": a["victims"]}
                for side, r in (("a", a), ("b", b)):
                    arts = ids[(r["event_id"], r["status"], r["victims"], r["figure"])]
                    row |= {f"figure_{side}": r["figure"], f"source_{side}": r["reported_by"],
                            f"articles_{side}": f"{len(arts):,} article{'s' if len(arts) != 1 else ''}: "
                                                f"{capped_list(arts, MAX_IDS)}",
                            f"evidence_{side}": r["sentence"]}
                out.append(row)
    return pd.DataFrame(out, columns=cols)


def summary_line(figures: pd.DataFrame, discrepancies: pd.DataFrame) -> str:
    """'14 casualty figures, 4 events, 0 casualty discrepancies' (the report's line in the index)."""
    return (f"{len(figures)} casualty figures, {figures['event_id'].nunique()} events, "
            f"{len(discrepancies)} casualty discrepancies")
