"""The corpus report's view: what is in the case, and which text of each article was set aside.

Why: before trusting any fact taken from the articles, a reader needs to see what the files are made of —
the reporting (title and body) and what segmentation set aside (captions, bylines, date lines, reader
comments, web furniture) — as tables, as a chart of characters per kind, and as the full texts with the
set-aside segments marked in the same colours. Article text is untrusted: the HTML comes from templates
rendered with autoescape on (`highlight.html.j2` and friends, through `present.html`); nothing from an
article is ever marked safe.
"""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from strikebook.present.html import frame_html, render, source
from strikebook.records import SEGMENT_KINDS, Segment
from strikebook.text.normalize import cell_text

#: The highlight styles (templates/corpus.css): one colour per set-aside kind; the article's own words plain.
HIGHLIGHT_CSS = source("corpus.css")
#: Segment kinds that are not the article's own words (title and body are).
SET_ASIDE = tuple(k for k in SEGMENT_KINDS if k not in ("title", "body"))
#: The colour of the article's own reporting in the chart (grey: the highlights' colours stand out).
BODY_COLOUR = "#94a3b8"


# --- tables ---------------------------------------------------------------------------------------------------


def with_chars(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments table with each segment's length in characters (`chars`)."""
    return segments.assign(chars=segments["end"] - segments["start"])


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per file, the columns a reader needs, empty cells blank."""
    view = articles.reindex(columns=["article_id", "title", "outlet", "published", "event_id", "words", "chars",
                                     "encoding"], fill_value="").fillna("")
    return view.rename(columns={"article_id": "article", "event_id": "event", "chars": "characters"})


def events_table(articles: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The events the articles name: how many articles name each one, and which articles mainly report it."""
    main = articles[articles["event_id"].astype(str) != ""].groupby("event_id")["article_id"].apply("; ".join)
    view = events.reindex(columns=["event_id", "date", "kind", "name", "articles"]).fillna("")
    view["named in"] = view.pop("articles").map(lambda s: len([a for a in str(s).split(";") if a]))
    view["mainly reported by"] = view["event_id"].map(main).fillna("")
    return view


def outlets_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per outlet ("(not stated)" when the file does not say)."""
    outlets = articles["outlet"].fillna("").replace("", "(not stated)").value_counts().rename_axis("outlet")
    return outlets.to_frame("articles")


def kinds_present(segments: pd.DataFrame) -> list[str]:
    """The segment kinds this case has, in SEGMENT_KINDS order."""
    return [k for k in SEGMENT_KINDS if k in set(segments["kind"])]


def chars_by_kind(segments: pd.DataFrame) -> pd.DataFrame:
    """Characters per article (rows, last article first: the chart's top-down order) and segment kind."""
    segments = with_chars(segments)
    chars = segments.pivot_table(index="article_id", columns="kind", values="chars", aggfunc="sum", fill_value=0)
    return chars.reindex(columns=kinds_present(segments), fill_value=0).sort_index(ascending=False)


def segment_counts(segments: pd.DataFrame) -> pd.DataFrame:
    """Segments per article and kind, with the characters set aside and their share of the file (%)."""
    chars = chars_by_kind(segments)
    counts = segments.pivot_table(index="article_id", columns="kind", values="start", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=kinds_present(segments), fill_value=0)
    counts["set aside (chars)"] = chars.drop(columns=["title", "body"], errors="ignore").sum(axis=1)
    counts["set aside (%)"] = (100 * counts["set aside (chars)"] / chars.sum(axis=1)).round(1)
    return counts.rename_axis(None, axis=1)


def set_aside_table(segments: pd.DataFrame) -> pd.DataFrame:
    """Every segment set aside, as it stands in the file (line breaks shown as ⏎)."""
    aside = segments[~segments["kind"].isin(["title", "body"])]
    view = aside[["article_id", "kind", "start", "end", "text"]].rename(columns={"article_id": "article"})
    view["text"] = view["text"].str.strip().str.replace(r"\s*\n\s*", " ⏎ ", regex=True)
    return view


def summary_line(tables) -> str:
    """'5 articles, 3 events, no outlets named, 10 segments set aside (4% of the text)'."""
    arts, segs = tables.articles, with_chars(tables.segments)
    aside = segs[~segs["kind"].isin(["title", "body"])]
    share = 100 * aside["chars"].sum() / max(1, segs["chars"].sum())
    n_events = arts.loc[arts["event_id"].astype(str) != "", "event_id"].nunique()
    n_outlets = arts["outlet"].fillna("").replace("", None).dropna().nunique()
    return (f"{len(arts)} articles, {n_events} events, {n_outlets or 'no'} outlets named, "
            f"{len(aside)} segments set aside ({share:.0f}% of the text)")


# --- figures --------------------------------------------------------------------------------------------------


def segment_colours() -> dict[str, str]:
    """Colour per segment kind for charts: the highlight colours of HIGHLIGHT_CSS, body in grey, so the
    chart and the highlighted texts use the same colours."""
    colours = dict(re.findall(r"seg-(\w+) \{ background: (#[0-9a-fA-F]{6})", HIGHLIGHT_CSS))
    colours["body"] = BODY_COLOUR
    return colours


def segment_chart(segments: pd.DataFrame):
    """Stacked bars: characters per article by segment kind (own reporting grey, set-aside text in its
    highlight colour). Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    chars = chars_by_kind(segments)
    kinds, colours = list(chars.columns), segment_colours()
    ax = chars.plot.barh(stacked=True, figsize=(9, 0.5 * len(chars) + 1.6), width=0.7, edgecolor="#475569",
                         linewidth=0.4, color=[colours.get(k, "#cccccc") for k in kinds])
    ax.set_xlabel("characters in the original file")
    ax.set_ylabel("")
    ax.set_title("Characters per article, by segment kind", loc="left")
    ax.legend(title="segment kind", bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    plt.tight_layout()
    return ax.figure


# --- HTML -----------------------------------------------------------------------------------------------------


def articles_html(tables) -> Markup:
    """The articles table, then the files that could not be read (if any), each named with its problem."""
    problems = [str(p) for p in getattr(tables, "problems", None) or []]
    return render("articles.html.j2", table=frame_html(articles_table(tables.articles)), problems=problems)


def highlight_legend(label: str = "Set aside", kinds=None, *, with_css: bool = False) -> Markup:
    """One marked sample per kind (default: every kind but body), to put above highlighted articles;
    `with_css=True` prepends HIGHLIGHT_CSS in a <style> element."""
    kinds = [k for k in SEGMENT_KINDS if k != "body"] if kinds is None else list(kinds)
    return render("highlight_legend.html.j2", label=label, kinds=kinds, with_css=with_css)


def highlight_html(article, *, with_css: bool = False) -> Markup:
    """The article's text as HTML, every character escaped (article text is untrusted), with each segment
    that is not `body` wrapped in `<mark class="seg-KIND" title="KIND">` (surrounding whitespace left outside
    the mark). Style with HIGHLIGHT_CSS; `with_css=True` prepends it in a <style> element."""
    text = article.text
    segments = article.segments or [Segment("body", 0, len(text))]
    parts = []
    pos = 0
    for seg in segments:
        if seg.start > pos:  # never expected (segments tile the text), but never drop text either
            parts.append({"text": text[pos:seg.start], "kind": ""})
        chunk = text[seg.start:seg.end]
        if seg.kind == "body" or not chunk.strip():
            parts.append({"text": chunk, "kind": ""})
        else:
            core = chunk.strip()
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            parts.append({"text": core, "kind": seg.kind, "lead": lead, "trail": chunk[len(lead) + len(core):]})
        pos = max(pos, seg.end)
    if pos < len(text):
        parts.append({"text": text[pos:], "kind": ""})
    return render("highlight.html.j2", parts=parts, with_css=with_css)


def article_html(article) -> Markup:
    """One article in full under its id, the set-aside segments marked (style: HIGHLIGHT_CSS)."""
    return render("article_text.html.j2", article_id=cell_text(article.article_id), text=highlight_html(article))
