"""Legacy HTML of the checks report, kept here verbatim until it moves to the present stage's templates.

What is left: `flags_html` (the flags grouped by article and kind) and `flag_html` (one flag's evidence
highlighted in its sentence), with the sentence cut they use (`sentence_span`, a regex splitter over the
text, since these functions receive only the texts). That regex splitter serves this HTML only: the checks
read the `sentences` table (the one splitter) through `verify.common.Context.sentence`. When the HTML moves,
it should take its sentences from the `sentences` table too, and this module goes.

The checks themselves are one module each (see `strikebook.verify`); `run_checks`, `KINDS` and
`flags_summary` are in `strikebook.verify.run`.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pandas as pd

from strikebook.verify.common import SEVERITY_ORDER as _SEVERITY_ORDER
from strikebook.verify.common import cell as _s

_ABBREV = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gen|Col|"
                     r"Lt|Sgt|Rep|Sen|No|Gov|Adm|Capt|Maj|U\.S|U\.K|U\.N))\.$")
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*[ \t]+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n+")


def sentence_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence around text[start:end] (a newline also ends a sentence; 'U.S.' and 'Feb.' do not)."""
    end = start if end is None else end
    lo, hi = 0, len(text)
    for b_start, b_end, newline in _boundaries(text):
        if b_end <= start:
            lo = b_end
        elif b_start >= end:
            hi = b_start + (0 if newline else 1)
            break
    return lo, hi


@lru_cache(maxsize=64)
def _boundaries(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, is a line break) of the text's sentence boundaries, found once per text (the checks ask
    for the sentence around many offsets of the same article)."""
    out = []
    for m in _BOUNDARY.finditer(text):
        newline = m.group().startswith("\n")
        if newline or not _ABBREV.search(text[: m.start() + 1]):
            out.append((m.start(), m.end(), newline))
    return tuple(out)


_SEVERITY_STYLE = {"problem": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}


def flag_html(flag, text: str) -> str:
    """The sentence(s) around a flag's evidence with the evidence highlighted; everything escaped."""
    f = dict(flag)
    start, end = int(f["start"]), int(f["end"])
    lo, hi = sentence_span(text, start, end)
    lo, hi = min(lo, start), max(hi, end)
    prefix = "\u2026" if lo > 0 else ""
    suffix = "\u2026" if hi < len(text) else ""
    colour = _SEVERITY_STYLE.get(_s(f.get("severity")), "#555")
    return (f'<span class="sb-flag-sentence">{prefix}{html.escape(text[lo:start])}'
            f'<mark style="background:#fff3b0;border-bottom:2px solid {colour}">{html.escape(text[start:end])}</mark>'
            f"{html.escape(text[end:hi])}{suffix}</span>")


_SEVERITY_LABEL = {"problem": "Problem", "warning": "Warning", "info": "Info"}
_KIND_LABEL = {"anachronism": "Anachronism", "conflicting_figures": "Conflicting figures",
               "conflicting_attribution": "Conflicting attribution", "corroboration": "Corroboration",
               "quote_drift": "Quote drift", "date_event_fit": "Date and event fit",
               "text_artefact": "Text artefact"}


def flags_html(flags, texts: dict[str, str], articles: pd.DataFrame | None = None) -> str:
    """Flags grouped by article and kind, each with its message, the evidence sentence highlighted and
    the related articles — one escaped HTML block for the checks report."""
    df = pd.DataFrame(list(flags)) if not isinstance(flags, pd.DataFrame) else flags
    if df.empty:
        return "<p><em>No flags for this selection.</em></p>"
    titles = {}
    if articles is not None and len(articles) and "title" in articles.columns:
        titles = {str(a): _s(t) for a, t in zip(articles["article_id"], articles["title"], strict=False)}
    out = []
    df = df.assign(_sev=df["severity"].map(_SEVERITY_ORDER).fillna(3))
    for aid, g in df.groupby("article_id", sort=True):
        title = titles.get(str(aid), "")
        counts = g["severity"].value_counts()
        badge = ", ".join(f"{int(counts[s])} {s}" for s in ("problem", "warning", "info") if s in counts)
        out.append(f'<section class="sb-flags-article"><h3>{html.escape(str(aid))}'
                   + (f" — {html.escape(title)}" if title else "") + f" <small>({html.escape(badge)})</small></h3>")
        for kind, k in sorted(g.groupby("kind"), key=lambda x: (x[1]["_sev"].min(), x[0])):
            out.append(f"<h4>{html.escape(_KIND_LABEL.get(kind, str(kind)))}</h4><ul>")
            for f in k.sort_values(["_sev", "start"]).to_dict("records"):
                sev = _s(f["severity"])
                colour = _SEVERITY_STYLE.get(sev, "#555")
                related = _s(f.get("related"))
                out.append(
                    f'<li style="margin-bottom:0.8em"><strong style="color:{colour}">'
                    f"{html.escape(_SEVERITY_LABEL.get(sev, sev))}</strong> {html.escape(_s(f['message']))}"
                    f'<blockquote style="margin:0.3em 0 0 1em;color:#333">'
                    f"{flag_html(f, texts.get(str(aid), ''))}</blockquote>"
                    + (f"<div><small>Related: {html.escape(related.replace(';', ', '))}</small></div>" if related
                       else "")
                    + "</li>")
            out.append("</ul>")
        out.append("</section>")
    return "\n".join(out)
