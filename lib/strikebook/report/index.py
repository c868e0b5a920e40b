"""The index of a run: reports/index.html (what a reader opens first) and reports/index.json (its record).

Why: a run renders many reports; the index is where an editor sees at a glance which ones rendered,
with which parameters, how long they took, the one-line summary each notebook gave, and which failed and
where (a failed report keeps linking to its last good HTML). Below, the case's articles with the number
of "problem" flags the checks raised in each. index.json is the same list as data: the next run reads it
to keep the records of reports it did not run. Article titles are untrusted: everything is escaped.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

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


_INDEX_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f1f1f; margin: 0;
       background: #fbfbf9; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; }
.meta { color: #555; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid #e3e3de; }
th { background: #efeee9; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; }
code { font-size: 13px; background: #f1f0eb; padding: 1px 4px; border-radius: 3px; }
.ok { color: #136f2e; font-weight: 600; } .failed { color: #b00020; font-weight: 600; }
.notrun { color: #777; } .err { color: #b00020; font-size: 13px; } .small { font-size: 13px; color: #555; }
a { color: #1a5fb4; }
.problems { color: #b00020; font-weight: 600; }
"""


def _problem_counts(tables) -> dict[str, int] | None:
    flags = getattr(tables, "flags", None)
    if flags is None or not len(flags) or "severity" not in flags.columns:
        return None
    probs = flags[flags["severity"] == "problem"]
    return {str(k): int(v) for k, v in probs.groupby("article_id").size().items()}


def index_html(results: list[dict], tables, case_label: str, generated: str) -> str:
    """The index page: every report with status, parameters, run time, summary; then the case's articles."""
    e = html.escape
    n_ok = sum(r["status"] == "ok" for r in results)
    n_failed = sum(r["status"] == "failed" for r in results)
    rows = []
    for r in results:
        title = e(r["title"])
        link = f'<a href="{e(r["html"])}">{title}</a>' if r.get("html") else title
        params = {k: v for k, v in r["parameters"].items() if k != "articles"}
        ptext = "<br>".join(f"<code>{e(k)} = {e(json.dumps(v, ensure_ascii=False))}</code>"
                            for k, v in params.items()) or '<span class="small">defaults</span>'
        if r["status"] == "ok":
            status = '<span class="ok">ok</span>'
        elif r["status"] == "failed":
            detail = e(" · ".join(x for x in (r.get("cell", ""), r.get("error", "")) if x))
            more = f' <a href="{e(r["failure_html"])}">details</a>' if r.get("failure_html") else ""
            prev = '<br><span class="small">link shows the last good run</span>' if r.get("html") else ""
            status = f'<span class="failed">failed</span><br><span class="err">{detail}</span>{more}{prev}'
        else:
            status = '<span class="notrun">not run</span>'
        secs = f'{r["seconds"]:.1f} s' if r.get("seconds") else ""
        rows.append(f"<tr><td>{link}<br><span class=\"small\">{e(r['notebook'])}</span></td><td>{ptext}</td>"
                    f"<td>{status}</td><td class=\"num\">{e(secs)}</td><td>{e(r.get('summary', ''))}</td></tr>")
    checks = next((r["html"] for r in results if r.get("html") and r["status"] == "ok"
                   and Path(r["notebook"]).stem.endswith("checks") and not r["parameters"].get("kind")), "")
    articles_html = _articles_section(tables, checks)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>strikebook reports</title><style>{_INDEX_CSS}</style></head>
<body><main>
<h1>strikebook reports</h1>
<p class="meta">Case: <code>{e(case_label)}</code> · generated {e(generated)} · {n_ok} ok{f', {n_failed} failed' if n_failed else ''}.
Each report is a single HTML file that works offline and can be sent on its own.</p>
<table>
<thead><tr><th>Report</th><th>Parameters</th><th>Status</th><th class="num">Run time</th><th>Summary</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
{articles_html}
</main></body></html>
"""


def _articles_section(tables, checks_html: str = "") -> str:
    if tables is None or not len(getattr(tables, "articles", ())):
        return ""
    e = html.escape
    problems = _problem_counts(tables)
    head = ["Article", "Title", "Outlet", "Published", "Event", "Characters"]
    if problems is not None:
        head.append("Problems")
    rows = []
    for a in tables.articles.to_dict("records"):
        cells = [f"<code>{e(str(a.get('article_id', '')))}</code>", e(cell_text(a.get("title"))[:140]),
                 e(cell_text(a.get("outlet"))), f'<td class="date">{e(cell_text(a.get("published")))}</td>',
                 f'<td class="date">{e(cell_text(a.get("event_id")))}</td>',
                 f'<td class="num">{e(cell_text(a.get("chars")))}</td>']
        if problems is not None:
            n = problems.get(str(a.get("article_id")), 0)
            cells.append(f'<td class="num{" problems" if n else ""}">{n}</td>')
        rows.append("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells) + "</tr>")
    ths = "".join(f'<th class="num">{h}</th>' if h in ("Characters", "Problems") else f"<th>{h}</th>" for h in head)
    see = f' — see <a href="{e(checks_html)}">the checks report</a>' if checks_html else ""
    note = (f'<p class="small">Problems: flags of severity “problem” raised by the cross-source checks{see}.</p>'
            if problems is not None else "")
    return (f"<h2>Articles in the case</h2><table><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}"
            f"</tbody></table>{note}")


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
