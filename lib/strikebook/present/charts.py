"""Casualty figures as a reader should see them: every reported figure as a range, side by side.

Why ranges: articles rarely agree on a number, and "at least five" is not "five". Each figure is drawn
as what it claims — a point for an exact count, a bar for "between", an open arrow for "at least" /
"more than", a bar from zero for "up to" — so disagreement is visible at a glance, with the source named.

Victims are grouped by the one classifier (`strikebook.extract.victims.victim_group`), and two figures are a
discrepancy by the one conflict rule (`strikebook.verify.conflict.figures_conflict`), the rule the
conflicting-figures check uses too.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from strikebook.extract.victims import victim_group
from strikebook.verify.conflict import figures_conflict

#: Colour per casualty status (colour-blind safe pair from the Okabe–Ito palette).
STATUS_COLOURS = {"killed": "#D55E00", "wounded": "#0072B2"}

__all__ = ["casualty_chart", "casualty_discrepancies", "casualty_figures", "figure_label", "figures_conflict",
           "victim_group"]

def _num(value) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def figure_label(row) -> str:
    """'3', 'at least 5', 'more than 40', 'up to 7', '5–7', 'about 20' — the figure as reported."""
    lo, hi, q = _num(row.get("min")), _num(row.get("max")), row.get("qualifier") or "exact"
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


def casualty_chart(figures: pd.DataFrame, events: pd.DataFrame | None = None, *, title: str | None = None):
    """Horizontal range chart: one line per reported figure, grouped by event and victims.

    `figures` is the output of `casualty_figures`. Returns the matplotlib Figure (empty-state figure
    with a message when there is nothing to draw)."""
    names = {}
    if events is not None and len(events):
        names = {r["event_id"]: f"{r['event_id']} {r.get('name') or ''}".strip() for r in events.to_dict("records")}
    rows = figures.copy()
    rows["_event"] = rows["event_id"].fillna("").astype(str).map(lambda e: names.get(e, e or "event unresolved"))
    rows = rows.sort_values(["_event", "victims", "status", "article_id", "start"], kind="stable")
    n = len(rows)
    fig, ax = plt.subplots(figsize=(10.5, max(2.4, 0.45 * n + 1.9)), layout="constrained")
    if n == 0:
        ax.text(0.5, 0.5, "No casualty figures reported for this selection", ha="center", va="center",
                transform=ax.transAxes, fontsize=12, color="#555")
        ax.set_axis_off()
        return fig
    finite = [v for v in pd.concat([rows["min"], rows["max"]]).map(_num) if v is not None]
    xmax = max(finite + [1]) * 1.35
    labels, y = [], 0
    last_group = None
    for rec in rows.to_dict("records"):
        group = (rec["_event"], rec["victims"])
        if group != last_group and last_group is not None:
            ax.axhline(y - 0.5, color="#ddd", lw=0.8)
        last_group = group
        colour = STATUS_COLOURS.get(rec["status"], "#555")
        lo, hi, q = _num(rec["min"]), _num(rec["max"]), rec.get("qualifier") or "exact"
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
        who = (rec.get("who") or "").strip()
        labels.append(f"{textwrap.shorten(rec['_event'], 46, placeholder='…')} · {rec['status']} {textwrap.shorten(who, 30, placeholder='…')}\n{rec['outlet']} — {textwrap.shorten(rec['reported_by'], 42, placeholder='…')}")
        y += 1
    ax.set_yticks(range(n), labels, fontsize=8)
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
    fig.suptitle(title or "Casualty figures as reported, by event, victims and source", x=0.01, ha="left",
                 fontsize=11.5, fontweight="bold")
    ax.set_title("Each line is one figure as one article reports it, with the source the article credits.",
                 loc="left", fontsize=8.5, color="#555")
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


def summary_line(figures: pd.DataFrame, discrepancies: pd.DataFrame) -> str:
    """'14 casualty figures, 4 events, 0 casualty discrepancies' (the report's line in the index)."""
    return (f"{len(figures)} casualty figures, {figures['event_id'].nunique()} events, "
            f"{len(discrepancies)} casualty discrepancies")
