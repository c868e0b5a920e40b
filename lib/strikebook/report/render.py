"""An executed notebook → one self-contained HTML page a newsroom can read offline and send on.

Why: nbconvert's lab template fetches require.js, MathJax, mermaid and widget scripts from CDNs; a report
must open on a laptop without network and must not call out when opened. So the template here drops those
blocks, `strip_remote_assets` removes any remote <script>/<link> left, figures are inline PNGs, code is
hidden unless `--show-code` (and stderr and papermill's injected-parameters cell with it), and each page
gets a header bar linking back to the index. A report that cannot run gets a failure page instead, with
its failing cell and traceback. Article text is untrusted: everything this module renders is escaped.
"""

from __future__ import annotations

import html
import json
import logging
import re

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{#- strikebook: the lab template without anything fetched from a CDN (require.js, MathJax, mermaid,
    widgets), with a small header linking back to the index. -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>
.sb-bar { font: 14px/1.4 system-ui, sans-serif; color: #444; border-bottom: 1px solid #ddd;
          padding: 8px 16px; margin-bottom: 8px; background: #f7f7f5; }
.sb-bar a { color: #1a5fb4; }
.sb-bar code { background: #ecebe6; padding: 0 3px; border-radius: 3px; }
.jp-Notebook { max-width: 1100px; margin: 0 auto; }
/* text columns read better left-aligned (lab's default is right for every cell) */
.jp-Notebook .jp-Cell .jp-RenderedHTMLCommon td, .jp-Notebook .jp-Cell .jp-RenderedHTMLCommon th { text-align: left;
  vertical-align: top; }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<div class="sb-bar">{{ resources.strikebook_bar }}</div>
{%- endblock body_header -%}
"""

_EXPORTERS: dict[bool, object] = {}


def _exporter(show_code: bool):
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
                             extra_loaders=[DictLoader({"strikebook.html.j2": _TEMPLATE})])
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
    return ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in params.items()) or "defaults"


def _bar_html(job: dict) -> str:
    shown = {k: v for k, v in job["parameters"].items() if k != "articles"}
    params = ", ".join(f"<code>{html.escape(k)} = {html.escape(json.dumps(v, ensure_ascii=False))}</code>"
                       for k, v in shown.items()) or "defaults"
    return (f'<a href="index.html">← All reports</a> · <b>{html.escape(job["title"])}</b> · '
            f'parameters: {params} · made {html.escape(job["started"])} by <code>strikebook report</code>')


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
    body, _ = _exporter(job["show_code"]).from_notebook_node(nb, resources={"strikebook_bar": _bar_html(job)})
    return strip_remote_assets(body)



def failure_page(result: dict, traceback_text: str) -> str:
    e = html.escape
    prev = (f'<p>The last good version is still there: <a href="{e(result["html"])}">{e(result["html"])}</a>.</p>'
            if result.get("html") else "")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(result['title'])}: failed</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}}
pre{{background:#f6f6f6;padding:1em;overflow:auto;white-space:pre-wrap}} .bad{{color:#b00020}}</style></head>
<body><p><a href="index.html">← All reports</a></p><h1>{e(result['title'])}: <span class="bad">failed</span></h1>
<p>Notebook <code>{e(result['notebook'])}</code> with parameters <code>{e(_params_text(result['parameters']))}</code>
stopped at {e(result['cell'] or 'start')}.</p><p class="bad"><b>{e(result['error'])}</b></p>{prev}
<pre>{e(traceback_text)}</pre></body></html>
"""

