"""The index of a run: reports/index.html (what a reader opens first) and reports/index.json (its record).

Why: a run renders many reports; the index is where an editor sees at a glance which ones rendered,
with which parameters, how long they took, the one-line summary each notebook gave, and which failed and
where (a failed report keeps linking to its last good HTML). Below, the case's articles with the number
of "problem" flags the checks raised in each. index.json is the same list as data: the next run reads it
to keep the records of reports it did not run. Article titles are untrusted: the page is a template
rendered with autoescape on (`present/templates/reports_index.html.j2`, through `present.html`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from strikebook.present.html import render
from strikebook.store.tables import atomic_write_text
from strikebook.text.normalize import cell_text

INDEX_JSON = "index.json"


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


def index_html(results: list[dict], tables, case_label: str, generated: str) -> str:
    """The index page: every report with status, parameters, run time, summary; then the case's articles."""
    checks = next((r["html"] for r in results if r.get("html") and r["status"] == "ok"
                   and Path(r["notebook"]).stem.endswith("checks") and not r["parameters"].get("kind")), "")
    problems = _problem_counts(tables)
    return render("reports_index.html.j2", case_label=case_label, generated=generated,
                  n_ok=sum(r["status"] == "ok" for r in results),
                  n_failed=sum(r["status"] == "failed" for r in results),
                  reports=[_report_row(r) for r in results], articles=_article_rows(tables, problems),
                  problems_shown=problems is not None, checks_html=checks)


def previous_results(out: Path) -> dict[str, dict]:
    """The records of the last run into `out` (index.json), by report name; {} when there is none."""
    try:
        return {r["name"]: r for r in json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))["reports"]}
    except Exception:
        return {}


def write_index(out: Path, results: list[dict], tables, case_label: str, generated: str) -> None:
    """Write index.html and index.json into `out` (each to a temporary name, then renamed)."""
    atomic_write_text(out / "index.html", index_html(results, tables, case_label, generated))
    atomic_write_text(out / INDEX_JSON, json.dumps({"generated": generated, "reports": results},
                                                   ensure_ascii=False, indent=1, default=str))
