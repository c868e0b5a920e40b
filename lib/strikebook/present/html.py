"""Every piece of HTML strikebook writes comes from a jinja2 template in `templates/`, rendered here.

Why: article text, quotes, speaker names, flag messages and report parameters are untrusted — an article
copied from the web can carry `<script>`. Built by hand in f-strings, every value has to be remembered to
be escaped, and one forgotten call is an injection. Here autoescape is on: every `{{ value }}` is escaped
unless it is already `Markup` — HTML that one of these templates rendered (a fragment placed in a page),
or a stylesheet from `templates/`. Nothing taken from the data is ever marked safe.

Values are escaped the way the standard library's `html.escape` does (`&quot;`, `&#x27;`: what the
reports have always contained; markupsafe's own would write `&#34;` and `&#39;`). Templates and their CSS
are package data (`pyproject.toml`), loaded from the installed package.

Use: `render("name.html.j2", **values) -> Markup`; in a template, `{{ css("name.css") }}` inlines a
stylesheet (reports are single files: nothing is linked). `frame_html(df, ...)` shows a DataFrame; a long
one is capped (`max_rows`, default 200) and, with `csv_name`, written in full as CSV beside the report.
Views that cap something other than a table (figures, quote groups, flags, article texts) say so with
`capped_note(text, csv_name=..., data=...)`; `capped_list` shortens a list of ids inside one cell.
"""

from __future__ import annotations

import html
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

TEMPLATES = "templates"  # folder of this package holding the templates and stylesheets
#: Set by `strikebook report` in each kernel, for the report it runs: the folder where files that go beside
#: the report are written (a staging folder the runner moves into the output folder once the report
#: rendered), and the report's name (the prefix of those files). Unset in JupyterLab.
REPORT_DIR_ENV, REPORT_NAME_ENV = "STRIKEBOOK_REPORT_DIR", "STRIKEBOOK_REPORT_NAME"
#: rows a table shows before it is capped
MAX_ROWS = 200
_CSV_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,60}")


def _escaped(value):
    """jinja2's `finalize`: escape with `html.escape` (quote=True) whatever is not already HTML."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one template environment: package loader, autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("strikebook.present", TEMPLATES),
        autoescape=True,
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["css"] = stylesheet
    return env


def render(template: str, **values) -> Markup:
    """`template` (a file in templates/) rendered with `values`; the result is HTML (`Markup`), so it can be
    placed in another template or shown with `IPython.display.HTML` without being escaped again."""
    return Markup(environment().get_template(template).render(**values))


def source(name: str) -> str:
    """The text of a file in templates/ as shipped (a stylesheet, or a template another engine renders)."""
    return environment().loader.get_source(environment(), name)[0]


def stylesheet(name: str) -> Markup:
    """A stylesheet from templates/, to inline in a <style> element (our own file, not data)."""
    return Markup(source(name))


def frame_html(df, *, index: bool = False, left: bool = False, empty: str = "", max_rows: int | None = MAX_ROWS,
               csv_name: str | None = None) -> Markup:
    """A DataFrame as an HTML table for a report, every cell escaped by pandas (`escape=True`) — or, when it
    has no rows and `empty` is given, that sentence in italics instead of an empty table.

    `left=True` aligns every cell left and top (long text columns: quotes, sentences, titles).
    `max_rows` (default 200; None: no cap): a longer table shows its first `max_rows` rows and says how
    many it has, so that a big case still gives a page a browser opens.
    `csv_name` (letters, digits, '_', '-'; e.g. "quotes"): inside `strikebook report`, the whole table is
    also written (atomically, UTF-8, every row, with the index when `index=True`) beside the report as
    `REPORT.csv_name.csv`, and the table links to it with a relative link (the report and its CSV files
    travel together; nothing is fetched). Outside the runner (JupyterLab) no file is written. A name
    that is not a plain file name is a ValueError.
    """
    if csv_name is not None and not _CSV_NAME.fullmatch(str(csv_name)):
        raise ValueError(f"csv_name {csv_name!r}: use letters, digits, '_' and '-' (it becomes a file name)")
    if max_rows is not None and max_rows < 1:
        raise ValueError(f"max_rows must be 1 or more (or None for no cap), got {max_rows!r}")
    if empty and len(df) == 0:
        return render("note.html.j2", text=empty)
    shown = df if max_rows is None or len(df) <= max_rows else df.head(max_rows)
    table = Markup(shown.to_html(index=index, escape=True, classes="sb-left" if left else None))  # escaped by pandas
    csv_file = "" if csv_name is None else write_beside_report(
        f"{csv_name}.csv", lambda: df.to_csv(index=index, lineterminator="\n"))
    return render("frame.html.j2", table=table, left=left, rows=len(df), shown=len(shown),
                  csv_href=quote(csv_file), csv_file=csv_file)


def capped_note(text: str, *, csv_name: str | None = None, data=None) -> Markup:
    """`text` (what a view left out, e.g. "The 25 articles with the most problems are shown, of 996.") as the
    small grey line under capped tables; with `csv_name` and `data` (a DataFrame, or a function making one,
    called only inside `strikebook report`), the whole data is also written beside the report as
    `REPORT.csv_name.csv` (no index) and linked, as `frame_html` does. With `text` empty: only the link
    ("As CSV: …"), or nothing when no file was written (outside the runner)."""
    if csv_name is not None and not _CSV_NAME.fullmatch(str(csv_name)):
        raise ValueError(f"csv_name {csv_name!r}: use letters, digits, '_' and '-' (it becomes a file name)")
    csv_file = ""
    if csv_name is not None and data is not None:
        csv_file = write_beside_report(f"{csv_name}.csv", lambda: (data() if callable(data) else data).to_csv(
            index=False, lineterminator="\n"))
    return render("capped_note.html.j2", text=text, csv_file=csv_file, csv_href=quote(csv_file))


def capped_list(items, max_items: int = 10, sep: str = "; ") -> str:
    """Items joined with `sep`, the first `max_items` of them and then "… and N more" — for a cell that
    would otherwise list every article of a big case ("a; b; c; … and 190 more")."""
    items = [str(i) for i in items]
    if len(items) <= max_items:
        return sep.join(items)
    return f"{sep.join(items[:max_items])}{sep}… and {len(items) - max_items:,} more"


def write_beside_report(name: str, text) -> str:
    """Inside `strikebook report`: write `text` (a string, or a function making it, called only then) as the
    file `REPORT.name` beside the report being made, atomically, and return that file name for a relative
    link; outside the runner, write nothing and return ''."""
    folder, report = os.environ.get(REPORT_DIR_ENV), os.environ.get(REPORT_NAME_ENV)
    if not folder:
        return ""
    from strikebook.store.files import atomic_write_text

    file_name = f"{report}.{name}" if report else name
    atomic_write_text(Path(folder) / file_name, text() if callable(text) else text)
    return file_name
