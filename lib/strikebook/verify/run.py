"""Run every check over a case: the `flags` table, and a per-article summary of it.

`run_checks(tables, ref)` builds one `Context` (texts, article dates and events, segment spans, sentences,
quote groups, each read once) and passes it to every check in `CHECKS`. A check that fails on malformed
input does not take the others down: its error is logged and it contributes nothing (the extraction
tables are still written); the checks are tested on their own. Flags whose evidence is not exactly
`texts[article_id][start:end]` are dropped, duplicates removed, and the rest sorted by article, position
and severity.
"""

from __future__ import annotations

import logging

import pandas as pd

from strikebook.verify.anachronism import check_anachronisms
from strikebook.verify.artefacts import check_text_artefacts
from strikebook.verify.attribution import check_conflicting_attributions
from strikebook.verify.common import SEVERITY_ORDER, Context
from strikebook.verify.corroboration import check_corroboration
from strikebook.verify.date_fit import check_date_event_fit
from strikebook.verify.figures import check_conflicting_figures
from strikebook.verify.quote_drift import check_quote_drift

KINDS = ("anachronism", "conflicting_figures", "conflicting_attribution", "corroboration", "quote_drift",
         "date_event_fit", "text_artefact")
CHECKS = (check_anachronisms, check_conflicting_figures, check_conflicting_attributions, check_corroboration,
          check_quote_drift, check_date_event_fit, check_text_artefacts)
SUMMARY_COLUMNS = ["article_id", "problem", "warning", "info", "total", "kinds"]

log = logging.getLogger(__name__)


def run_checks(tables, ref) -> list[dict]:
    """Every check over the case; rows of the `flags` table, sorted by article, position and severity."""
    ctx = Context(tables, ref)
    flags: list[dict] = []
    for check in CHECKS:
        try:
            flags += [f for f in check(ctx) if f]
        except Exception as exc:  # noqa: BLE001
            log.warning("check %s failed: %s", check.__name__, exc)
    texts = ctx.texts
    good, seen = [], set()
    for f in flags:
        t = texts.get(f["article_id"], "")
        if not f.get("evidence") or t[f["start"]:f["end"]] != f["evidence"]:
            continue
        key = (f["article_id"], f["kind"], f["start"], f["end"], f["message"])
        if key not in seen:
            seen.add(key)
            good.append(f)
    return sorted(good, key=lambda f: (f["article_id"], f["start"], SEVERITY_ORDER.get(f["severity"], 3), f["kind"]))


def flags_summary(flags) -> pd.DataFrame:
    """Per article: how many problems, warnings and info flags, and of which kinds (for the report index)."""
    df = pd.DataFrame(list(flags)) if not isinstance(flags, pd.DataFrame) else flags
    if df.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    rows = []
    for aid, g in df.groupby("article_id", sort=True):
        counts = g["severity"].value_counts()
        rows.append({"article_id": aid, "problem": int(counts.get("problem", 0)),
                     "warning": int(counts.get("warning", 0)), "info": int(counts.get("info", 0)),
                     "total": len(g), "kinds": ";".join(sorted(set(g["kind"])))})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
