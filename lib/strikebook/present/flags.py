"""The checks report's view of the flags: which to show, how many per article, and the flags as HTML.

Why: the checks (`verify`) decide what does not add up; a reporter then needs the flags grouped by
article and kind, problems first, each with its message, the words that raised it highlighted in their
sentence and the other articles involved — and a parameter typo (`severity="problems"`) must fail with the
valid values, not show an empty page. Flag messages and article text are untrusted: the HTML comes from
templates rendered with autoescape on (`flags.html.j2`, `flag_sentence.html.j2`, through `present.html`).

A big case (issue 11) raises tens of thousands of flags: `flags_html` shows the flags of at most
`MAX_ARTICLES` articles (those with the most problems, then warnings) and at most `MAX_PER_KIND` flags of one
kind per article, says what it left out, and writes every flag shown by the selection beside the report as
CSV; `flags_by_kind` counts them all, and `flags_per_article` can put the most flagged articles first. A
message or a related line that lists hundreds of articles shows the first `MAX_IDS` ("… and N more").
"""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from strikebook.present.html import capped_list, capped_note, render
from strikebook.schema import COLUMNS, SEVERITIES
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
#: Articles whose flags are shown in full at most (those with the most problems, then warnings).
MAX_ARTICLES = 25
#: Flags of one kind shown per article at most (problems first, then in text order).
MAX_PER_KIND = 10
#: Article ids a message or a related line lists before "… and N more".
MAX_IDS = 10
_ID_RUN = re.compile(r"[^\s,;:]+(?:, [^\s,;:]+){" + str(MAX_IDS) + ",}")  # more than MAX_IDS items, ", "-separated


def _s(value) -> str:
    return cell_text(value).strip()


def _capped_ids(message: str, ids: set[str]) -> str:
    """`message` with every list of more than `MAX_IDS` article ids (", "-separated, all of them ids of the
    case) shortened to the first `MAX_IDS` and "… and N more"; any other text as it is."""
    def shorten(m):
        items = m.group(0).split(", ")
        return capped_list(items, MAX_IDS, ", ") if all(i in ids for i in items) else m.group(0)

    return _ID_RUN.sub(shorten, message) if ids and len(message) > 200 else message


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


def flags_per_article(flags, articles: pd.DataFrame, *, most_flagged_first: bool = False) -> pd.DataFrame:
    """Every article of the case (title included) with its number of problems, warnings and info flags and
    the kinds raised — zeros for an article without flags. In case order, or with `most_flagged_first` the
    articles with the most problems, then warnings, then flags first (so a capped table shows them)."""
    titles = articles[["article_id", "title"]]
    table = titles.merge(flags_summary(flags), on="article_id", how="left")
    table = table.fillna({"problem": 0, "warning": 0, "info": 0, "total": 0, "kinds": ""})
    table = table.astype({"problem": int, "warning": int, "info": int, "total": int})
    if most_flagged_first:
        table = table.sort_values(["problem", "warning", "total"], ascending=False, kind="stable")
        table = table.reset_index(drop=True)
    return table


def flags_by_kind(flags) -> pd.DataFrame:
    """Flags per kind of check (rows, in the order of the checks) and severity, with the total and the number
    of articles flagged — the whole selection in a few rows, however big the case."""
    df = _frame(flags)
    cols = ["kind", "problem", "warning", "info", "total", "articles"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for kind in [k for k in KINDS if k in set(df["kind"])] + sorted(set(df["kind"]) - set(KINDS)):
        g = df[df["kind"] == kind]
        counts = g["severity"].value_counts()
        rows.append({"kind": KIND_LABEL.get(kind, str(kind)), **{s: int(counts.get(s, 0)) for s in SEVERITIES},
                     "total": len(g), "articles": g["article_id"].nunique()})
    return pd.DataFrame(rows, columns=cols)


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
               sentences: pd.DataFrame | None = None, *, max_articles: int = MAX_ARTICLES,
               max_per_kind: int = MAX_PER_KIND, csv_name: str | None = None) -> Markup:
    """Flags grouped by article and kind, each with its message, the evidence sentence highlighted and
    the related articles — one escaped HTML block for the checks report. `sentences` is the case's
    `sentences` table.

    At most `max_articles` articles (more: those with the most problems, then warnings, then flags, in that
    order) and `max_per_kind` flags of one kind per article (problems first, then in text order), each cap
    said where it applies. `csv_name`: inside `strikebook report`, every flag of `flags` is written beside
    the report as `REPORT.csv_name.csv` and linked."""
    df = _frame(flags)
    by_article = ({str(a): g for a, g in sentences.groupby("article_id")}
                  if sentences is not None and len(sentences) else {})
    titles = {}
    if articles is not None and len(articles) and "title" in articles.columns:
        titles = {str(a): _s(t) for a, t in zip(articles["article_id"], articles["title"], strict=False)}
    ids = set(texts) | set(titles) | set(df["article_id"].astype(str) if "article_id" in df else [])
    shown, text, capped_kinds = [], "", False
    if not df.empty:
        df = df.assign(_sev=df["severity"].map(SEVERITY_ORDER).fillna(3))
        per_article = list(df.groupby("article_id", sort=True))
        if len(per_article) > max_articles:
            def rank(item):
                counts = item[1]["severity"].value_counts()
                return (-int(counts.get("problem", 0)), -int(counts.get("warning", 0)), -len(item[1]))

            per_article = sorted(per_article, key=rank)[:max_articles]
            text = (f"{len(df):,} flags in {df['article_id'].nunique():,} articles: the flags of the {max_articles} "
                    "articles with the most problems, then warnings, are shown, in that order.")
        for aid, g in per_article:
            counts = g["severity"].value_counts()
            kinds = []
            for kind, k in sorted(g.groupby("kind"), key=lambda x: (x[1]["_sev"].min(), x[0])):
                rows = []
                ordered = k.sort_values(["_sev", "start"]).to_dict("records")
                for f in ordered[:max_per_kind]:
                    sev = _s(f["severity"])
                    related = [r for r in _s(f.get("related")).split(";") if r]
                    rows.append({"severity": sev if sev in SEVERITY_LABEL else "other",
                                 "severity_label": SEVERITY_LABEL.get(sev, sev),
                                 "message": _capped_ids(_s(f["message"]), ids),
                                 "sentence": flag_html(f, texts.get(str(aid), ""), by_article.get(str(aid))),
                                 "related": capped_list(related, MAX_IDS, ", ")})
                more = len(ordered) - len(rows)
                capped_kinds |= more > 0
                kinds.append({"label": KIND_LABEL.get(kind, str(kind)), "flags": rows, "more": more})
            shown.append({"article_id": str(aid), "title": titles.get(str(aid), ""), "kinds": kinds,
                          "badge": ", ".join(f"{int(counts[s])} {s}" for s in ("problem", "warning", "info")
                                             if s in counts)})
    if capped_kinds:
        text = (text + " " if text else "") + f"At most {max_per_kind} flags of one kind are shown per article."
    data = (lambda: _frame(flags).reindex(columns=COLUMNS["flags"])) if csv_name else None
    note = capped_note(text, csv_name=csv_name, data=data) if shown and (text or csv_name) else ""
    return render("flags.html.j2", articles=shown, note=note)
