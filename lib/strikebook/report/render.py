"""An executed notebook → one self-contained HTML page a newsroom can read offline and send on.

Why: nbconvert's lab template fetches require.js, MathJax, mermaid and widget scripts from CDNs; a report
must open on a laptop without network and must not call out when opened. So the page template drops
those blocks, `strip_remote_assets` removes any remote <script>/<link> left, figures are inline PNGs, code is
hidden unless `--show-code` (and stderr and papermill's injected-parameters cell with it), and each page
gets a header bar linking back to the index. A report that cannot run gets a failure page instead, with
its failing cell and traceback. Article text is untrusted: the bar and the failure page are templates
rendered with autoescape on (`present.html`); the page template is `present/templates/report_page.html.j2`.
"""

from __future__ import annotations

import json
import logging
import re

from strikebook.present.html import render, source

_EXPORTERS: dict[bool, object] = {}


def _exporter(show_code: bool):
    """nbconvert's HTML exporter with the lab template and ours on top (report_page.html.j2), one per
    show_code value, made once per process."""
    if show_code not in _EXPORTERS:
        from jinja2 import DictLoader
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        cfg = Config()
        cfg.TagRemovePreprocessor.enabled = True
        cfg.TagRemovePreprocessor.remove_cell_tags = {"remove-cell", "remove_cell"}
        cfg.TagRemovePreprocessor.remove_input_tags = {"remove-input", "remove_input", "hide-input"}
        class ReportExporter(HTMLExporter):
            def _validate_preprocessor(self, nbc, preprocessor):
                """nbconvert re-validates the notebook after each of its dozen preprocessors, and nbformat
                compiles a fresh schema validator each time (`relax_add_props`): 0.3 s per report, the
                largest part of rendering. The executed notebook was valid and these preprocessors only
                drop cells and outputs, so once (in `render_html`) is enough."""

        exp = ReportExporter(config=cfg, template_name="lab",
                             extra_loaders=[DictLoader({"strikebook.html.j2": source("report_page.html.j2")})])
        exp.template_file = "strikebook.html.j2"
        exp.log = logging.getLogger("strikebook.report.render")  # its 'alternative text is missing on
        exp.log.setLevel(logging.ERROR)  # 1 image(s)' per figure is not for the editor's terminal
        exp.exclude_input = not show_code
        exp.exclude_input_prompt = not show_code
        exp.exclude_output_prompt = True
        exp.embed_images = True
        _EXPORTERS[show_code] = exp
    return _EXPORTERS[show_code]


_REMOTE_TAG = re.compile(r"<(script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
                         re.IGNORECASE)


def strip_remote_assets(page: str) -> str:
    """Remove <script src=http…> and <link href=http…> tags: a report must not fetch anything."""
    return _REMOTE_TAG.sub("", page)


def _params_text(params: dict) -> str:
    """Every parameter as `name = JSON value`, for the failure page (plain text: its template escapes it)."""
    return ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in params.items()) or "defaults"


def _bar_html(job: dict) -> str:
    """The header bar: back to the index, the title, the parameters (not the case folder), when made."""
    shown = {k: v for k, v in job["parameters"].items() if k != "articles"}
    return render("report_bar.html.j2", title=job["title"], started=job["started"],
                  params=[(k, json.dumps(v, ensure_ascii=False)) for k, v in shown.items()])


def render_html(nb, job: dict) -> str:
    """An executed notebook → one self-contained HTML page (code hidden unless show_code)."""
    nb.metadata["title"] = job["title"]
    if not job["show_code"]:
        for cell in nb.cells:  # a reader needs no warnings or injected-parameter cells
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.get("outputs", [])
                                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    import nbformat

    nbformat.validate(nb)  # once, with a cached validator (see _exporter)
    resources = {"strikebook_bar": _bar_html(job), "strikebook_css": source("report_page.css")}
    body, _ = _exporter(job["show_code"]).from_notebook_node(nb, resources=resources)
    return strip_remote_assets(body)


def failure_page(result: dict, traceback_text: str) -> str:
    """The page of a report that failed: where it stopped, the error, the traceback, the last good HTML."""
    return render("failure.html.j2", title=result["title"], notebook=result["notebook"],
                  params=_params_text(result["parameters"]), cell=result["cell"], error=result["error"],
                  last_good=result.get("html", ""), traceback=traceback_text)
