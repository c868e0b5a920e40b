"""The checks report's view of the flags: which to show, how many per article, and the flags as HTML.

Why: the checks (`verify`) decide what does not add up; a reporter then needs the flags grouped by
article and kind, problems first, each with its message, the words that raised it highlighted in their
sentence and the other articles involved — and a parameter typo (`severity="problems"`) must fail with the
valid values, not show an empty page. Flag messages and article text are untrusted: the HTML comes from
templates rendered with autoescape on (`flags.html.j2`, `flag_sentence.html.j2`, through `present.html`).
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from strikebook.present.html import render
from strikebook.schema import SEVERITIES
from strikebook.text.normalize import cell_text
from strikebook.text.sentences import indexed, sentence_span
from strikebook.verify.run import KINDS, flags_summary

SEVERITY_ORDER = {"problem": 0, "warning": 1, "info": 2}
SEVERITY_LABEL = {"problem": "Problem", "warning": "Warning", "info": "Info"}
KIND_LABEL = {"anachronism": "Anachronism", "conflicting_figures": "Conflicting figures",
              "conflicting_attribution": "Conflicting attribution", "corroboration": "Corroboration",
              "quote_drift": "Quote drift", "date_event_fit": "Date and event fit",
              "text_artefact": "Text artefact"}
PER_ARTICLE_COLUMNS = ["article_id", "title", "problem", "warning", "info", "total", "kinds"]


def _s(value) -> str:
    return cell_text(value).strip()


def _frame(flags) -> pd.DataFrame:
    return pd.DataFrame(list(flags)) if not isinstance(flags, pd.DataFrame) else flags


def select_flags(flags, severity: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """The flags of one severity and/or one kind (None: all). A value that is not a severity or a kind of
    check raises ValueError listing the valid ones (a typo must not look like "no flags")."""
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, got {severity!r}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    shown = _frame(flags)
    if severity:
        shown = shown[shown["severity"] == severity]
    if kind:
        shown = shown[shown["kind"] == kind]
    return shown


def flags_per_article(flags, articles: pd.DataFrame) -> pd.DataFrame:
    """Every article of the case (title included) with its number of problems, warnings and info flags and
    the kinds raised — zeros for an article without flags."""
    titles = articles[["article_id", "title"]]
    table = titles.merge(flags_summary(flags), on="article_id", how="left")
    return table.fillna({"problem": 0, "warning": 0, "info": 0, "total": 0, "kinds": ""})


def summary_line(flags) -> str:
    """'17 flags: 2 problems, 7 warnings, 8 info, in 5 articles' (the report's line in the index)."""
    df = _frame(flags)
    counts = df["severity"].value_counts() if len(df) else pd.Series(dtype=int)
    n_articles = df["article_id"].nunique() if len(df) else 0
    return (f"{len(df)} flags: {int(counts.get('problem', 0))} problems, "
            f"{int(counts.get('warning', 0))} warnings, {int(counts.get('info', 0))} info, in "
            f"{n_articles} articles")


def _bounds(sentences) -> list[tuple[int, int]]:
    """Sentence bounds from rows of the `sentences` table (or a list of pairs)."""
    if sentences is None:
        return []
    if isinstance(sentences, pd.DataFrame):
        return indexed(list(zip(sentences["start"].astype(int), sentences["end"].astype(int), strict=True)))
    return indexed(list(sentences))


def flag_html(flag, text: str, sentences=None) -> Markup:
    """The sentence(s) around a flag's evidence with the evidence highlighted; everything escaped.
    `sentences`: the article's rows of the `sentences` table (the one splitter); without them, the evidence
    alone is shown."""
    f = dict(flag)
    start, end = int(f["start"]), int(f["end"])
    lo, hi = sentence_span(_bounds(sentences), start, end)
    lo, hi = min(lo, start), max(hi, end)
    severity = _s(f.get("severity"))
    return render("flag_sentence.html.j2", cut_before=lo > 0, cut_after=hi < len(text),
                  before=text[lo:start], evidence=text[start:end], after=text[end:hi],
                  severity=severity if severity in SEVERITY_LABEL else "other")


def flags_html(flags, texts: dict[str, str], articles: pd.DataFrame | None = None,
               sentences: pd.DataFrame | None = None) -> Markup:
    """Flags grouped by article and kind, each with its message, the evidence sentence highlighted and
    the related articles — one escaped HTML block for the checks report. `sentences` is the case's
    `sentences` table."""
    df = _frame(flags)
    by_article = ({str(a): g for a, g in sentences.groupby("article_id")}
                  if sentences is not None and len(sentences) else {})
    titles = {}
    if articles is not None and len(articles) and "title" in articles.columns:
        titles = {str(a): _s(t) for a, t in zip(articles["article_id"], articles["title"], strict=False)}
    shown = []
    if not df.empty:
        df = df.assign(_sev=df["severity"].map(SEVERITY_ORDER).fillna(3))
        for aid, g in df.groupby("article_id", sort=True):
            counts = g["severity"].value_counts()
            kinds = []
            for kind, k in sorted(g.groupby("kind"), key=lambda x: (x[1]["_sev"].min(), x[0])):
                rows = []
                for f in k.sort_values(["_sev", "start"]).to_dict("records"):
                    sev = _s(f["severity"])
                    rows.append({"severity": sev if sev in SEVERITY_LABEL else "other",
                                 "severity_label": SEVERITY_LABEL.get(sev, sev), "message": _s(f["message"]),
                                 "sentence": flag_html(f, texts.get(str(aid), ""), by_article.get(str(aid))),
                                 "related": _s(f.get("related")).replace(";", ", ")})
                kinds.append({"label": KIND_LABEL.get(kind, str(kind)), "flags": rows})
            shown.append({"article_id": str(aid), "title": titles.get(str(aid), ""), "kinds": kinds,
                          "badge": ", ".join(f"{int(counts[s])} {s}" for s in ("problem", "warning", "info")
                                             if s in counts)})
    return render("flags.html.j2", articles=shown)
