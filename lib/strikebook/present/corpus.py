"""The corpus report's view: what is in the case, and which text of each article was set aside.

Why: before trusting any fact taken from the articles, a reader needs to see what the files are made of —
the reporting (title and body) and what segmentation set aside (captions, bylines, date lines, reader
comments, web furniture) — as tables, as a chart of characters per kind, and as the full texts with the
set-aside segments marked in the same colours. Article text is untrusted: the HTML comes from templates
rendered with autoescape on (`highlight.html.j2` and friends, through `present.html`); nothing from an
article is ever marked safe.

A big case (issue 11) must still give a page a browser opens: up to `MAX_BARS` articles the chart draws one
bar each, beyond that the `TOP_ARTICLES` with the most set-aside text and the distribution over every
article; `texts_html` shows `max_texts` articles in full (those with the most set-aside text) and lists
the rest; long tables are capped by `present.html.frame_html`, their whole content written as CSV beside
the report.
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd
from markupsafe import Markup

from strikebook.present.html import capped_list, frame_html, render, source
from strikebook.records import SEGMENT_KINDS, Segment
from strikebook.text.normalize import cell_text

#: The highlight styles (templates/corpus.css): one colour per set-aside kind; the article's own words plain.
HIGHLIGHT_CSS = source("corpus.css")
#: Segment kinds that are not the article's own words (title and body are).
SET_ASIDE = tuple(k for k in SEGMENT_KINDS if k not in ("title", "body"))
#: The colour of the article's own reporting in the chart (grey: the highlights' colours stand out).
BODY_COLOUR = "#94a3b8"
#: Up to this many articles the segment chart draws one bar per article; a bigger case gets the overview.
MAX_BARS = 40
#: In the overview of a big case: how many articles (those with the most set-aside text) get a bar.
TOP_ARTICLES = 30
#: Articles shown in full by default (those with the most set-aside text; the others are listed).
MAX_TEXTS = 25
#: Article ids a table cell lists before "… and N more".
MAX_IDS = 10


# --- tables ---------------------------------------------------------------------------------------------------


def with_chars(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments table with each segment's length in characters (`chars`)."""
    return segments.assign(chars=segments["end"] - segments["start"])


def set_aside_chars(segments: pd.DataFrame) -> pd.Series:
    """Characters set aside (every kind but title and body) per article, 0 for an article with none;
    ordered most first, ties in article order."""
    segments = with_chars(segments)
    aside = segments[~segments["kind"].isin(["title", "body"])].groupby("article_id")["chars"].sum()
    ids = sorted(set(segments["article_id"]))
    total = aside.reindex(ids, fill_value=0).astype(int)
    return total.iloc[sorted(range(len(total)), key=lambda i: -total.iloc[i])]


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per file, the columns a reader needs, empty cells blank."""
    view = articles.reindex(columns=["article_id", "title", "outlet", "published", "event_id", "words", "chars",
                                     "encoding"], fill_value="").fillna("")
    return view.rename(columns={"article_id": "article", "event_id": "event", "chars": "characters"})


def events_table(articles: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The events the articles name: how many articles name each one, and which articles mainly report it
    (the first `MAX_IDS`, then "… and N more": every article's event is in the articles table)."""
    main = articles[articles["event_id"].astype(str) != ""].groupby("event_id")["article_id"].apply(
        lambda ids: capped_list(ids, MAX_IDS))
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
    """Segments per article and kind, with the characters set aside and their share of the file (%); the
    articles with the most set-aside text first (ties in article order), so a capped table shows them."""
    chars = chars_by_kind(segments)
    counts = segments.pivot_table(index="article_id", columns="kind", values="start", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=kinds_present(segments), fill_value=0)
    counts["set aside (chars)"] = chars.drop(columns=["title", "body"], errors="ignore").sum(axis=1)
    counts["set aside (%)"] = (100 * counts["set aside (chars)"] / chars.sum(axis=1)).round(1)
    counts = counts.sort_index().sort_values("set aside (chars)", ascending=False, kind="stable")
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


def segment_chart(segments: pd.DataFrame, *, max_bars: int = MAX_BARS, top: int = TOP_ARTICLES):
    """Stacked bars: characters per article by segment kind (own reporting grey, set-aside text in its
    highlight colour). Returns the matplotlib Figure.

    More than `max_bars` articles do not fit one bar each: the figure is then `segment_overview` — the `top`
    articles with the most set-aside text, and the distribution of the share set aside over every article."""
    import matplotlib.pyplot as plt

    chars = chars_by_kind(segments)
    if len(chars) > max_bars:
        return segment_overview(segments, top=top)
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


def segment_overview(segments: pd.DataFrame, *, top: int = TOP_ARTICLES):
    """The segment chart of a big case, which says what it leaves out. Top: the `top` articles with the most
    set-aside text, one bar each, their set-aside characters by kind (most at the top; the article's own
    reporting is not drawn, so the set-aside parts can be read). Bottom: how many articles set aside which
    share of their file, over every article. Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    chars = chars_by_kind(segments)
    total = chars.sum(axis=1)
    aside_kinds = [k for k in chars.columns if k not in ("title", "body")]
    aside = set_aside_chars(segments)
    chosen = [a for a in aside.index[:top] if aside[a] > 0]
    colours = segment_colours()
    fig, (ax, hist) = plt.subplots(2, 1, figsize=(9, 0.3 * max(len(chosen), 3) + 5.4),
                                   height_ratios=[max(len(chosen), 3) * 0.3 + 0.6, 2.2], layout="constrained")
    if chosen and aside_kinds:
        bars = chars.loc[chosen[::-1], aside_kinds]
        bars.plot.barh(stacked=True, ax=ax, width=0.7, edgecolor="#475569", linewidth=0.4,
                       color=[colours.get(k, "#cccccc") for k in aside_kinds])
        ax.legend(title="segment kind", bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
        ax.tick_params(axis="y", labelsize=8)
    else:
        ax.text(0.5, 0.5, "No article has text set aside", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
    ax.set_xlabel("characters set aside (the article's own title and body not drawn)")
    ax.set_ylabel("")
    ax.set_title(f"The {len(chosen)} articles with the most text set aside, by kind", loc="left", fontsize=10.5)
    share = (100 * aside.reindex(total.index, fill_value=0) / total.where(total > 0)).fillna(0)
    top_share = max(5.0, float(share.max()))
    step = 1.0 if top_share <= 20 else 2.5 if top_share <= 50 else 5.0
    hist.hist(share, bins=[i * step for i in range(int(top_share // step) + 2)], color=BODY_COLOUR,
              edgecolor="#475569", linewidth=0.4)
    hist.set_xlabel("share of the file set aside (%)")
    hist.set_ylabel("articles")
    none = int((aside == 0).sum())
    hist.set_title(f"How much of each file was set aside: all {len(total):,} articles ({none:,} with none)",
                   loc="left", fontsize=10.5)
    for a in (ax, hist):
        a.spines[["top", "right"]].set_visible(False)
    fig.suptitle(f"What the {len(total):,} files are made of", x=0.01, ha="left", fontsize=11.5,
                 fontweight="bold")
    note = (f"Too many articles for one bar each: the {len(chosen)} with the most set-aside text are drawn, the "
            f"other {len(total) - len(chosen):,} are counted in the lower chart. Every article's numbers: the table "
            "below.")
    fig.supxlabel(textwrap.fill(note, 125), x=0.01, ha="left", fontsize=8.5, color="#555")
    return fig


# --- HTML -----------------------------------------------------------------------------------------------------


def articles_html(tables) -> Markup:
    """The articles table, then the files that could not be read (if any), each named with its problem."""
    problems = [str(p) for p in getattr(tables, "problems", None) or []]
    table = frame_html(articles_table(tables.articles), csv_name="articles")
    return render("articles.html.j2", table=table, problems=problems)


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


def texts_html(articles: list, max_texts: int = MAX_TEXTS) -> Markup:
    """The articles in full (`article_html`), at most `max_texts` of them: all of them in case order when they
    fit; otherwise those with the most set-aside text, most first, under a line that says so, and then the
    ids of the others (with their set-aside characters). `articles`: `store.case.case_articles(tables)`."""
    if int(max_texts) < 0:
        raise ValueError(f"max_texts must be 0 or more, got {max_texts!r}")
    aside = [sum(s.end - s.start for s in a.segments if s.kind not in ("title", "body")) for a in articles]
    if len(articles) <= max_texts:
        shown, rest = list(range(len(articles))), []
    else:
        ranked = sorted(range(len(articles)), key=lambda i: -aside[i])
        shown, rest = ranked[:max_texts], sorted(ranked[max_texts:])
    note = ""
    if rest:
        note = (f"{len(shown):,} of the {len(articles):,} articles are shown in full: those with the most text set "
                f"aside, most first. The other {len(rest):,} ({sum(aside[i] for i in rest):,} characters set aside "
                "in all) are listed after them; every segment they set aside is in the table above.")
    listed = capped_list([f"{cell_text(articles[i].article_id)}\u00a0({aside[i]:,})" for i in rest], 2000, ", ")
    return render("article_texts.html.j2", note=note, texts=[article_html(articles[i]) for i in shown],
                  n_rest=len(rest), rest=listed)
