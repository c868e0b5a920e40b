"""The index of a run: reports/index.html (what a reader opens first) and reports/index.json (its record).

Why: a run renders many reports; the index is where an editor sees at a glance which ones rendered,
with which parameters, how long they took, the one-line summary each notebook gave, and which failed and
where (a failed report keeps linking to its last good HTML). Below, the case's articles with the number
of "problem" flags the checks raised in each. index.json is the same list as data: the next run reads it
to keep the records of reports it did not run. Article titles are untrusted: the page is a template
rendered with autoescape on (`present/templates/reports_index.html.j2`, through `present.html`). The case
is named by its folder's name (or a `--case` title), never by where it lives; inputs the case could not
read are listed, each file with its problem; a long list shows its first 200 rows and links to the whole
list as CSV beside the index, so that the page of a big case still opens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from strikebook.present.html import MAX_ROWS, render
from strikebook.store.tables import atomic_write_text
from strikebook.text.normalize import cell_text

INDEX_JSON = "index.json"
ARTICLES_CSV, SKIPPED_CSV = "index.articles.csv", "index.skipped.csv"  # the index's long lists, in full


@dataclass
class Result:
    """What the index shows for one report."""

    name: str
    title: str
    notebook: str
    parameters: dict
    status: str  # ok | failed | not run
    seconds: float = 0.0
    summary: str = ""
    error: str = ""
    cell: str = ""  # the failing cell, e.g. "cell 5: df.plot(...)"
    html: str = ""  # file name of the rendered report ('' when none)
    failure_html: str = ""
    finished: str = ""


def _problem_counts(tables) -> dict[str, int] | None:
    """Flags of severity "problem" per article, or None when the case has no flags table to count."""
    flags = getattr(tables, "flags", None)
    if flags is None or not len(flags) or "severity" not in flags.columns:
        return None
    probs = flags[flags["severity"] == "problem"]
    return {str(k): int(v) for k, v in probs.groupby("article_id").size().items()}


def _report_row(r: dict) -> dict:
    """What the index's template shows of one report's record (texts only: the template escapes them)."""
    shown = {k: v for k, v in r["parameters"].items() if k != "articles"}
    return {
        "title": r["title"], "html": r.get("html", ""), "notebook": r["notebook"], "status": r["status"],
        "params": [(k, json.dumps(v, ensure_ascii=False)) for k, v in shown.items()],
        "detail": " · ".join(x for x in (r.get("cell", ""), r.get("error", "")) if x),
        "failure_html": r.get("failure_html", ""), "summary": r.get("summary", ""),
        "seconds": f'{r["seconds"]:.1f} s' if r.get("seconds") else "",
    }


def _article_rows(tables, problems: dict[str, int] | None) -> list[dict] | None:
    if tables is None or not len(getattr(tables, "articles", ())):
        return None
    return [{"article_id": cell_text(a.get("article_id")), "title": cell_text(a.get("title"))[:140],
             "outlet": cell_text(a.get("outlet")), "published": cell_text(a.get("published")),
             "event_id": cell_text(a.get("event_id")), "chars": cell_text(a.get("chars")),
             "problems": (problems or {}).get(str(a.get("article_id")), 0)}
            for a in tables.articles.to_dict("records")]


def _capped(rows: list[dict] | None, limit: int, csv_file: str) -> dict | None:
    """A table of the index, at most `limit` rows shown; the whole list is in `csv_file` when capped."""
    if rows is None:
        return None
    return {"rows": rows[:limit], "total": len(rows), "csv": csv_file if len(rows) > limit else ""}


def index_html(results: list[dict], tables, case_label: str, generated: str, skipped=(),
               max_rows: int = MAX_ROWS) -> str:
    """The index page: every report with status, parameters, run time, summary; the inputs the case
    skipped (file, problem); then the case's articles. Long lists show their first `max_rows` rows and
    link to the whole list as CSV (`write_index` writes it)."""
    checks = next((r["html"] for r in results if r.get("html") and r["status"] == "ok"
                   and Path(r["notebook"]).stem.endswith("checks") and not r["parameters"].get("kind")), "")
    problems = _problem_counts(tables)
    skipped_rows = [{"file": f, "problem": p} for f, p in skipped] or None
    return render("reports_index.html.j2", case_label=case_label, generated=generated,
                  n_ok=sum(r["status"] == "ok" for r in results),
                  n_failed=sum(r["status"] == "failed" for r in results),
                  reports=[_report_row(r) for r in results],
                  articles=_capped(_article_rows(tables, problems), max_rows, ARTICLES_CSV),
                  skipped=_capped(skipped_rows, max_rows, SKIPPED_CSV),
                  problems_shown=problems is not None, checks_html=checks)


def previous_results(out: Path) -> dict[str, dict]:
    """The records of the last run into `out` (index.json), by report name; {} when there is none."""
    try:
        return {r["name"]: r for r in json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))["reports"]}
    except Exception:
        return {}


def write_index(out: Path, results: list[dict], tables, case_label: str, generated: str, *, skipped=(),
                redact=None, max_rows: int = MAX_ROWS) -> None:
    """Write index.html and index.json into `out` (each to a temporary name, then renamed), and the whole
    articles and skipped-inputs lists as CSV beside them when the page shows only their first rows.
    `redact`: the run's `report.redact.Redactor`, applied to every file written."""
    import pandas as pd

    redact = redact or (lambda text: text)
    skipped = list(skipped)
    articles = _article_rows(tables, _problem_counts(tables)) or []
    if len(articles) > max_rows:  # the CSV first: the page never links to a missing file
        atomic_write_text(out / ARTICLES_CSV, redact(pd.DataFrame(articles).to_csv(index=False, lineterminator="\n")))
    if len(skipped) > max_rows:
        frame = pd.DataFrame(skipped, columns=["file", "problem"])
        atomic_write_text(out / SKIPPED_CSV, redact(frame.to_csv(index=False, lineterminator="\n")))
    atomic_write_text(out / "index.html",
                      redact(index_html(results, tables, case_label, generated, skipped, max_rows)))
    record = {"generated": generated, "case": case_label, "skipped": [{"file": f, "problem": p} for f, p in skipped],
              "reports": results}
    atomic_write_text(out / INDEX_JSON, redact(json.dumps(record, ensure_ascii=False, indent=1, default=str)))
