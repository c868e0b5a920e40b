"""HTML from templates: autoescape on, untrusted text escaped in every view, templates shipped as package data.

Why: article text, quotes, speakers, flag messages and report parameters come from outside (an article
copied from the web can carry a `<script>`). Every view that shows them is a jinja2 template rendered by
`strikebook.present.html`; these tests put a script into each kind of untrusted value and check that it
comes out as text.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from strikebook.present import html as present_html
from strikebook.report import index, render

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
LIB = Path(__file__).resolve().parents[1] / "lib" / "strikebook"


def no_script(page: str) -> None:
    assert "<script>alert" not in page.lower()
    assert ESCAPED in page


def test_render_escapes_values_but_not_rendered_fragments():
    env = present_html.environment()
    assert env.autoescape is True
    out = env.from_string('<p title="{{ v }}">{{ v }}</p>{{ frag }}').render(
        v="\"it's\" " + SCRIPT, frag=present_html.render("report_bar.html.j2", title="t", started="s", params=[]))
    assert out.startswith('<p title="&quot;it&#x27;s&quot; ' + ESCAPED + '">')
    assert '<a href="index.html">' in out  # a rendered template is HTML, placed as is
    assert isinstance(present_html.render("report_bar.html.j2", title="t", started="s", params=[]), Markup)


def test_every_template_and_stylesheet_is_declared_package_data():
    import tomllib

    pyproject = tomllib.loads((LIB.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["strikebook.present"]
    files = sorted(p.name for p in (LIB / "present" / "templates").iterdir())
    assert files and all(any(Path("templates", f).match(p) for p in patterns) for f in files), files


#: Tags that, in a Python string, mean HTML is being assembled by hand.
_TAG = re.compile(r"</?(?:html|head|body|style|script|div|span|p|a|b|i|em|strong|small|code|pre|br|hr|mark|del|ins|"
                  r"ul|ol|li|table|thead|tbody|tr|td|th|h[1-6]|section|blockquote)\b[^<>]*>", re.I)
#: (module, function) allowed to build HTML in Python: plotly's hover labels (its own mini-HTML, not a
#: page; converting them is separate work, see present/maps.py).
_ALLOWED = {("present/maps.py", "_hover")}


def _html_strings(path: Path) -> list[tuple[str, int]]:
    """(function, line) of every non-docstring, non-raw string literal (f-strings too) holding an HTML tag."""
    import ast

    lines = path.read_text(encoding="utf-8").splitlines()
    found: set[tuple[str, int]] = set()

    class Visitor(ast.NodeVisitor):
        def __init__(self):
            self.where = ["<module>"]

        def body_of(self, node):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]  # the docstring
            for child in ast.iter_child_nodes(node):
                if child not in getattr(node, "body", []) or child in body:
                    self.visit(child)

        def visit_Module(self, node):
            self.body_of(node)

        def visit_ClassDef(self, node):
            self.body_of(node)

        def visit_FunctionDef(self, node):
            self.where.append(node.name)
            self.body_of(node)
            self.where.pop()

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Constant(self, node):
            self.check(node, node.value)

        def visit_JoinedStr(self, node):
            self.check(node, "".join(v.value for v in node.values if isinstance(v, ast.Constant)))

        def check(self, node, text):
            prefix = re.match(r"[A-Za-z]*", lines[node.lineno - 1][node.col_offset:]).group()
            if isinstance(text, str) and "r" not in prefix.lower() and _TAG.search(text):
                found.add((self.where[-1], node.lineno))  # raw strings are regular expressions here

    Visitor().visit(ast.parse("\n".join(lines)))
    return sorted(found, key=lambda f: f[1])


def test_no_html_built_in_python_strings():
    """The package's HTML is in templates: no tag in a Python string literal, f-string or not."""
    found = [f"{p.relative_to(LIB)}:{line} ({name})" for p in sorted(LIB.rglob("*.py"))
             for name, line in _html_strings(p) if (str(p.relative_to(LIB)), name) not in _ALLOWED]
    assert found == []


def test_the_html_string_check_sees_hand_built_html(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""Doc with <b>tags</b> is fine."""\nimport re\nRX = re.compile(r"<(script|link)\\b")\n'
                   'def f(x):\n    cell = \'<td style="a">{}</td>\'\n    return f"<del>{x}</del>" + cell\n',
                   encoding="utf-8")
    assert _html_strings(bad) == [("f", 5), ("f", 6)]


# --- the report stage --------------------------------------------------------------------------------------


def test_index_escapes_titles_parameters_summaries_and_errors():
    results = [
        {"name": "a", "title": "T " + SCRIPT, "notebook": "nb/a.ipynb", "parameters": {"speaker": SCRIPT},
         "status": "ok", "seconds": 1.25, "summary": "S " + SCRIPT, "html": "a.html"},
        {"name": "b", "title": "B", "notebook": "nb/b.ipynb", "parameters": {}, "status": "failed",
         "error": "ValueError: " + SCRIPT, "cell": "code cell 2", "failure_html": "b.failed.html", "html": ""},
        {"name": "c", "title": "C", "notebook": "nb/c.ipynb", "parameters": {}, "status": "not run"},
    ]
    page = index.index_html(results, None, "case " + SCRIPT, "2026-01-01 00:00 UTC")
    no_script(page)
    assert page.count(ESCAPED) == 5
    assert "<code>speaker = &quot;" + ESCAPED + "&quot;</code>" in page
    assert '<span class="small">defaults</span>' in page and '<span class="notrun">not run</span>' in page
    assert '<td class="num">1.2 s</td>' in page or '<td class="num">1.3 s</td>' in page
    assert '<a href="b.failed.html">details</a>' in page and "link shows the last good run" not in page


def test_report_bar_and_failure_page_escape_parameters_and_errors():
    bar = render._bar_html({"title": SCRIPT, "started": "now", "parameters": {"articles": "x", "kind": SCRIPT}})
    no_script(bar)
    assert "articles" not in bar  # the case folder is the same for every report: not repeated
    page = render.failure_page({"title": SCRIPT, "notebook": "x.ipynb", "parameters": {"kind": SCRIPT},
                                "cell": "cell 1", "error": SCRIPT, "html": ""}, "Traceback " + SCRIPT)
    no_script(page)
    assert page.count(ESCAPED) == 5  # title ×2, parameter, error, traceback
    assert "last good version" not in page


def test_frame_html_escapes_cells_and_says_when_empty():
    import pandas as pd

    from strikebook.present.html import frame_html

    page = frame_html(pd.DataFrame({"text": [SCRIPT]}), left=True)
    no_script(page)
    assert 'class="dataframe sb-left"' in page and "table.sb-left td" in page
    assert frame_html(pd.DataFrame({"text": []}), empty="Nothing <here>.") == "<p><em>Nothing &lt;here&gt;.</em></p>"


def test_frame_html_caps_long_tables_and_writes_their_csv_beside_the_report(tmp_path, monkeypatch):
    import pandas as pd
    import pytest

    from strikebook.present.html import REPORT_DIR_ENV, REPORT_NAME_ENV, frame_html

    df = pd.DataFrame({"quote": [f"{SCRIPT} {i}" for i in range(250)], "n": range(250)})
    monkeypatch.delenv(REPORT_DIR_ENV, raising=False)
    page = frame_html(df, csv_name="quotes")  # outside the runner: capped, no file, no link
    no_script(page)
    assert page.count("<tr>") == 200 and "Showing the first 200 of 250 rows.</p>" in page and "href" not in page
    assert frame_html(df, max_rows=None).count("<tr>") == 250
    small = frame_html(df.head(3))
    assert "sb-capped" not in small and "<style>" not in small  # a short table is as it always was
    monkeypatch.setenv(REPORT_DIR_ENV, str(tmp_path / "stage"))
    monkeypatch.setenv(REPORT_NAME_ENV, "04_quotes")
    page = frame_html(df, max_rows=10, csv_name="single-source")
    assert "Showing the first 10 of 250 rows. All 250 rows: " in page
    assert '<a href="04_quotes.single-source.csv" download>04_quotes.single-source.csv</a> (CSV).' in page
    written = pd.read_csv(tmp_path / "stage" / "04_quotes.single-source.csv")
    assert written.equals(df) and [p.name for p in (tmp_path / "stage").iterdir()] == ["04_quotes.single-source.csv"]
    assert "This table as CSV: " in frame_html(df.head(3), csv_name="few")  # not capped: the link all the same
    for bad in ("../x", "a/b", ".hidden", "x y", ""):
        with pytest.raises(ValueError, match="csv_name"):
            frame_html(df, csv_name=bad)


# --- the checks report ----------------------------------------------------------------------------------------


def test_flags_view_escapes_article_text_titles_messages_and_related():
    from strikebook.present import flags

    text = f"Intro. The spokesman {SCRIPT} said so. Next."
    start = text.index("spokesman")
    flag = {"article_id": "a" + SCRIPT, "kind": "anachronism", "severity": "problem", "message": "msg " + SCRIPT,
            "evidence": text[start:start + 9], "start": start, "end": start + 9, "related": "b;" + SCRIPT}
    import pandas as pd

    cut = text.index("so.") + 3
    sentences = pd.DataFrame({"article_id": ["a" + SCRIPT] * 3, "start": [0, 7, cut + 1],
                              "end": [6, cut, len(text)]})
    page = flags.flags_html([flag], {"a" + SCRIPT: text}, pd_articles("a" + SCRIPT, "T " + SCRIPT), sentences)
    no_script(page)
    assert page.count(ESCAPED) == 5  # article id, title, message, sentence, related
    assert '<mark class="sb-evidence sb-problem">spokesman</mark>' in page
    assert "Related: b, " + ESCAPED in page


def pd_articles(article_id: str, title: str):
    import pandas as pd

    return pd.DataFrame({"article_id": [article_id], "title": [title]})


# --- the quotes report ----------------------------------------------------------------------------------------


def test_quotes_view_escapes_quotes_and_speakers_in_diffs_and_context():
    from strikebook.extract.pipeline import frame
    from strikebook.present import quotes as quote_view
    from strikebook.verify import quotecompare as qc

    long = f"We will respond {SCRIPT} at a time and place of our choosing, and we will not hesitate at all."
    rows = [{"article_id": "a", "speaker": "X " + SCRIPT, "text": long, "start": 0, "end": 1, "sentence": ""},
            {"article_id": "b", "speaker": "X " + SCRIPT, "text": long.replace(" a time", " the time"),
             "start": 0, "end": 1, "sentence": ""}]
    page = quote_view.groups_html(qc.group_quotes(frame(rows, "quotes"), min_similarity=60))
    no_script(page)
    assert '<del class="sb-substantive" title="words changed">a</del>' in page
    assert '<strong class="sb-verdict sb-verdict-substantive">substantive</strong>' in page
    diff = quote_view.diff_html("it is &", 'it was "&"')
    assert '<del class="sb-substantive" title="words changed">is</del>' in diff
    assert '<ins class="sb-cosmetic" title="quote marks">&quot;</ins>' in diff and "&amp;" in diff


# --- the corpus report ----------------------------------------------------------------------------------------


def test_corpus_views_escape_article_text_ids_and_problems():
    from types import SimpleNamespace

    import pandas as pd

    from strikebook.ingest.segment import segment_article
    from strikebook.present import corpus
    from strikebook.records import Article

    text = f"Strike {SCRIPT} hits depot\n\nOfficials said three people were killed.\n\nComment: {SCRIPT}\n"
    art = Article(article_id="a" + SCRIPT, path=Path("a.txt"), text=text, segments=segment_article(text))
    page = corpus.article_html(art)
    no_script(page)
    assert page.count(ESCAPED) == 3 and page.startswith("<h3>a" + ESCAPED + "</h3>")
    assert '<mark class="seg-comment" title="comment">Comment: ' + ESCAPED + "</mark>" in page
    legend = corpus.highlight_legend("Highlighted", corpus.SET_ASIDE, with_css=True)
    assert legend.startswith("<style>") and 'class="seg-title"' not in legend
    tables = SimpleNamespace(articles=pd.DataFrame({"article_id": ["a"], "title": [SCRIPT]}),
                             problems=["evil.txt: " + SCRIPT])
    page = corpus.articles_html(tables)
    no_script(page)
    assert "<p><b>Files that could not be read:</b></p>" in page and page.count(ESCAPED) == 2
    assert "could not be read" not in corpus.articles_html(SimpleNamespace(articles=tables.articles, problems=[]))


# --- the strike map report ------------------------------------------------------------------------------------


def test_location_table_escapes_every_cell_and_keeps_the_evidence_whole():
    import pandas as pd

    from strikebook.present import maps

    evidence = f"The strike {SCRIPT} hit " + "a depot near the border " * 20
    table = pd.DataFrame({"location": ["Erbil " + SCRIPT], "coordinates": ["36.19° N, 44.01° E"],
                          "precision": ["town"], "role": ["Attack on US forces"], "events": [None],
                          "articles": ["a"], "evidence": [evidence], "note": [float("nan")], "lat": [36.19]})
    page = maps.location_table_html(table)
    no_script(page)
    assert page.count(ESCAPED) == 2 and evidence.replace(SCRIPT, ESCAPED) in page
    assert "<th>lat</th>" not in page and "nan" not in page and "None" not in page
    assert 'class="dataframe strikebook-locations"' in page and "table.strikebook-locations td" in page
