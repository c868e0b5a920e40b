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
stylesheet (reports are single files: nothing is linked).
"""

from __future__ import annotations

import html
from functools import lru_cache

import jinja2
from markupsafe import Markup

TEMPLATES = "templates"  # folder of this package holding the templates and stylesheets


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


def frame_html(df, *, index: bool = False, left: bool = False, empty: str = "") -> Markup:
    """A DataFrame as an HTML table for a report, every cell escaped by pandas (`escape=True`) — or, when it
    has no rows and `empty` is given, that sentence in italics instead of an empty table.

    `left=True` aligns every cell left and top (long text columns: quotes, sentences, titles)."""
    if empty and len(df) == 0:
        return render("note.html.j2", text=empty)
    table = Markup(df.to_html(index=index, escape=True, classes="sb-left" if left else None))  # escaped by pandas
    return render("frame.html.j2", table=table, left=left)
