"""The report runner behind `strikebook report`: notebooks × parameter sets → self-contained HTML + index.

Why it is built this way:
- **Validate first.** A typo in a parameter should cost one second, not a full run: every parameter name
  is checked against the notebook's tagged `parameters` cell (read as papermill reads it), every value
  against the type of the default there, and values with a domain (an event, a speaker, a status…)
  against the case itself (`DOMAINS`). Any problem → one line each, listing the valid values, exit 2,
  nothing executed.
- **Run in parallel, in warm kernels.** Each kernel is its own process, so `--jobs N` (default all
  cores) kernels run N reports at once, driven by nbclient's asyncio API from one event loop in a
  background thread of this process (`KernelPool`). Starting a kernel and importing pandas, geopandas,
  matplotlib… costs more than most notebooks' own work, so each kernel is started and warmed up (the
  notebooks' imports) while the case is loaded and the parameters validated, then runs its reports one
  after another, reset in between to what a fresh kernel shows a notebook (`kernel_reset`); a report
  that fails or times out takes its kernel with it. Slowest reports start first (last run's times). The
  case is extracted once, before any report runs (`case.pin_case`: every kernel reads that one file).
- **Failures stay local.** A failing notebook is recorded with its failing cell and error; the others
  still render; the previous good HTML of the failed report is kept (every file is written to a
  temporary name and renamed) and the index links to it. Exit code 1.
- **Readable offline, safe to share.** nbconvert's lab template with the CDN scripts (require.js,
  MathJax, mermaid, widgets) removed; figures are inline PNGs; code hidden unless `--show-code`; the
  index is escaped HTML with its own CSS. Article text is untrusted: everything this module renders goes
  through `html.escape`.

reports.yml (see the file for the full format)::

    notebooks: notebooks          # folder of the notebooks, relative to reports.yml
    reports:
      - notebook: 01_corpus
      - notebook: 02_strike_map
        name: 02_strike_map_all
        title: Strike map, all events
      - notebook: 02_strike_map
        for_each: event_id        # one report per event of the case
        title: "Strike map: {label}"
"""

from __future__ import annotations

import ast
import datetime as dt
import html
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from strikebook.store.tables import atomic_write_text
from strikebook.text.normalize import cell_text, split_list

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SUMMARY_KEY = "strikebook"
INDEX_JSON = "index.json"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# ---------------------------------------------------------------------------------------------------------
# For notebooks


def summary(text: str) -> None:
    """Show a one-line summary of the notebook (Markdown, for the reader) and tag it for the index.

    The text is escaped before it becomes Markdown, so names taken from articles cannot inject HTML.
    The runner finds the line through the output's metadata (`{"strikebook": {"summary": ...}}`).
    """
    from IPython.display import Markdown, display

    line = " ".join(str(text).split())
    display(Markdown(f"**Summary:** {html.escape(line)}"), metadata={SUMMARY_KEY: {"summary": line}})


# ---------------------------------------------------------------------------------------------------------
# Parameter values: parsing, types, domains


class _NoDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: `event_id: 2024-02-02` must stay the string the notebooks expect."""


_NoDatesLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_value(text: str):
    """A `-p KEY VALUE` value: YAML (`null`, `true`, `3`, `[a, b]`), dates kept as strings."""
    try:
        return yaml.load(text, Loader=_NoDatesLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        return text


def _default_value(spec: dict):
    """The literal default of a notebook parameter, or `...` when it is an expression we cannot read."""
    try:
        return ast.literal_eval(spec.get("default", ""))
    except (ValueError, SyntaxError, TypeError):
        return ...


def _type_name(value) -> str:
    return {type(None): "None", bool: "true/false", int: "integer", float: "number", str: "text",
            list: "list", tuple: "list", dict: "mapping"}.get(type(value), type(value).__name__)


def fit_type(value, default):
    """`value` converted to the type of `default`, or raise ValueError saying what was expected.

    None as default accepts anything (its domain check, if any, decides); a text default accepts
    numbers as text (`-p speaker 7`); a number default accepts integers; lists check their items
    against the type of the default's items when those are all of one type.
    """
    if default is ... or default is None:
        return value
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    elif isinstance(default, list | tuple):
        if isinstance(value, str):
            value = [value]  # `-p locations Erbil` means one location
        if isinstance(value, list | tuple):
            kinds = {type(d) for d in default}
            if len(kinds) == 1 and default:
                return [fit_type(v, default[0]) for v in value]
            return list(value)
    elif isinstance(default, dict):
        if isinstance(value, dict):
            return value
    else:
        return value
    raise ValueError(f"expected {_type_name(default)} like the default {default!r}, got {value!r}")


@dataclass
class Domain:
    """The valid values of a parameter in a given case: `values(tables)`; `what` names them for errors."""

    what: str
    values: Callable
    label: Callable | None = None  # (tables, value) -> human label, for titles of `for_each` reports
    each: Callable | None = None  # (tables) -> the values `for_each` expands to (default: all valid values)


def _column_values(table: str, column: str) -> Callable:
    def values(tables) -> list[str]:
        df = getattr(tables, table, None)
        if df is None or column not in getattr(df, "columns", ()):
            return []
        return sorted({str(v) for v in df[column].dropna() if str(v).strip()})
    return values


def _main_events(tables) -> list[str]:
    """The events the articles mainly report (a per-event report for every event merely mentioned in
    passing, such as an attack years earlier, would bury the ones the case is about)."""
    main = _column_values("articles", "event_id")(tables)
    return main or _column_values("events", "event_id")(tables)


def _event_label(tables, value: str) -> str:
    ev = tables.events
    row = ev[ev["event_id"].astype(str) == value] if "event_id" in ev else ev.iloc[0:0]
    if len(row) and str(row.iloc[0].get("name", "")).strip():
        return f"{row.iloc[0]['name']} ({value})"
    return value


def _place_names(tables) -> list[str]:
    """Every name a place can be given: in the case's places table and in the reference gazetteer."""
    from strikebook.reference.tables import load_reference

    names: set[str] = set()
    places = getattr(tables, "places", None)
    if places is not None:
        for col in ("mention", "name", "country"):
            if col in places.columns:
                names |= {str(v) for v in places[col].dropna() if str(v).strip()}
    ref = load_reference()
    for col in ("name", "aliases", "country"):
        if col in ref.places.columns:
            for v in ref.places[col]:
                names |= set(split_list(v))
    for col in ("alias", "name"):
        if col in ref.aliases.columns:
            names |= {str(v).strip() for v in ref.aliases[col] if str(v).strip()}
    return sorted(names)


def _static(*values: str) -> Callable:
    return lambda tables: list(values)


def _flag_kinds(tables) -> list[str]:
    kinds = set(_column_values("flags", "kind")(tables))
    try:
        from strikebook.verify.run import KINDS

        kinds |= set(KINDS)
    except ImportError:
        pass
    return sorted(kinds)


def _severities(tables) -> list[str]:
    from strikebook.schema import SEVERITIES

    return list(SEVERITIES)


#: Domain checks by parameter name; "NOTEBOOK:param" entries apply to one notebook only (a `kind` means
#: a flag kind in the checks notebook but may mean something else elsewhere).
DOMAINS: dict[str, Domain] = {
    "event_id": Domain("an event of this case", _column_values("events", "event_id"), _event_label, _main_events),
    "speaker": Domain("a quoted speaker in this case", _column_values("quotes", "speaker")),
    "article_id": Domain("an article of this case", _column_values("articles", "article_id")),
    "status": Domain("a casualty status", _static("killed", "wounded", "both")),
    "severity": Domain("a flag severity", _severities),
    "06_checks:kind": Domain("a kind of check", _flag_kinds),
    "locations": Domain("a place known to the case or the reference gazetteer", _place_names),
}


def domain_for(notebook: str, param: str) -> Domain | None:
    return DOMAINS.get(f"{notebook}:{param}") or DOMAINS.get(param)


def _in_domain(value: str, valid: list[str], param: str) -> bool:
    if param == "locations":  # place names: case and accents do not matter
        from strikebook.text.normalize import fold

        return fold(value) in {fold(v) for v in valid}
    return value in valid


def _listing(valid: list[str], limit: int = 40) -> str:
    if not valid:
        return "(none in this case)"
    shown = ", ".join(valid[:limit])
    return shown + (f", … ({len(valid)} in all)" if len(valid) > limit else "")


# ---------------------------------------------------------------------------------------------------------
# Planning: reports.yml → validated list of reports


@dataclass
class Report:
    """One report to render: a notebook with one parameter set."""

    name: str
    notebook: Path
    title: str = ""
    parameters: dict = field(default_factory=dict)
    error: str = ""  # set when the report cannot run at all (missing notebook): marked failed, not run


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


def read_config(config: Path) -> tuple[Path, list[dict]]:
    """(notebooks folder, report entries) from reports.yml; ValueError naming the problem."""
    config = Path(config)
    if not config.exists():
        raise ValueError(f"{config}: no such file (the list of reports)")
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_NoDatesLoader) or {}  # noqa: S506
    except yaml.YAMLError as exc:
        raise ValueError(f"{config}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise ValueError(f"{config}: expected a mapping with a 'reports' list")
    nb_dir = (config.resolve().parent / str(data.get("notebooks", "notebooks"))).resolve()
    entries = []
    for i, entry in enumerate(data["reports"], 1):
        if isinstance(entry, str):
            entry = {"notebook": entry}
        if not isinstance(entry, dict) or not entry.get("notebook"):
            raise ValueError(f"{config}: report #{i} has no 'notebook'")
        unknown = set(entry) - {"notebook", "name", "title", "parameters", "for_each"}
        if unknown:
            raise ValueError(f"{config}: report #{i} ({entry['notebook']}): unknown key(s) {sorted(unknown)}; "
                             "use notebook, name, title, parameters, for_each")
        if not isinstance(entry.get("parameters") or {}, dict):
            raise ValueError(f"{config}: report #{i} ({entry['notebook']}): 'parameters' must be a mapping")
        entries.append(entry)
    return nb_dir, entries


def _slug(value) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", str(value)).strip("-") or "x"


def _cells(path: Path) -> list[dict]:
    """A notebook's cells with their source as one string (plain JSON: nbformat's validation is slow)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in data.get("cells", []):
        src = cell.get("source", "")
        cells.append({**cell, "source": "".join(src) if isinstance(src, list) else str(src)})
    return cells


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook (the title a reader sees), else its file name."""
    try:
        cells = _cells(path)
    except Exception:
        return path.stem
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in cell["source"].splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


class _SafeFormat(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def expand(nb_dir: Path, entries: list[dict], tables, case_error: str) -> tuple[list[Report], list[str]]:
    """Entries → reports (`for_each` expanded over the case's valid values); also usage errors."""
    reports, errors = [], []
    for entry in entries:
        nb_name = str(entry["notebook"])
        path = nb_dir / (nb_name if nb_name.endswith(".ipynb") else nb_name + ".ipynb")
        base = str(entry.get("name") or path.stem)
        params = dict(entry.get("parameters") or {})
        exists = path.exists()
        nb_title = notebook_title(path) if exists else path.stem
        missing = "" if exists else f"notebook not found: {_rel(path, nb_dir.parent)}"
        param = entry.get("for_each")
        if not param:
            title = str(entry.get("title") or nb_title).format_map(_SafeFormat(params))
            reports.append(Report(base, path, title, params, missing))
            continue
        dom = domain_for(path.stem, str(param))
        if dom is None:
            errors.append(f"{base}: for_each: {param} has no list of values (known: {', '.join(DOMAINS)})")
            continue
        if tables is None:
            reports.append(Report(base, path, str(entry.get("title") or nb_title), params,
                                  missing or f"cannot list the values of {param}: {case_error}"))
            continue
        for value in (dom.each or dom.values)(tables):
            label = dom.label(tables, value) if dom.label else value
            fields = _SafeFormat({**params, param: value, "value": value, "label": label})
            title = str(entry.get("title") or f"{nb_title}: {{label}}").format_map(fields)
            reports.append(Report(f"{base}_{_slug(value)}", path, title, {**params, param: value}, missing))
    return reports, errors


def select(reports: list[Report], only: list[str]) -> tuple[list[Report], list[str]]:
    """The reports named by --only: a report's name, or a notebook's name for all of its reports
    (`--only 02_strike_map` runs every strike map; `--only 02_strike_map_all` just that one)."""
    if not only:
        return reports, []
    names = {r.name for r in reports}
    # a report's own name wins; otherwise a notebook name selects all that notebook's reports
    chosen = [r for r in reports if r.name in only or (r.notebook.stem in only and r.notebook.stem not in names)]
    known = names | {r.notebook.stem for r in reports}
    errors = [f"--only {o}: no such report; reports: {', '.join(r.name for r in reports)}"
              for o in only if o not in known]
    return chosen, errors


def notebook_parameters(path: Path) -> dict[str, dict]:
    """The parameters of a notebook's tagged `parameters` cell: name → {"name", "default": source text}.

    Every top-level assignment of the cell, read with Python's own parser: what `papermill -p` can set
    (papermill injects its values after this cell), and more robust than papermill's line parser,
    which gives up on some comments (e.g. one containing '=') and would hide a real parameter from the
    check. Plain JSON and `ast`, so validating costs no import of papermill/nbformat (seconds).
    """
    params: dict[str, dict] = {}
    cell = next((c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return params
    try:
        tree = ast.parse(cell["source"])
    except SyntaxError as exc:
        raise ValueError(f"parameters cell is not valid Python: {exc.msg} (line {exc.lineno})") from exc
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else (
            node.target if isinstance(node, ast.AnnAssign) and node.value is not None else None)
        if isinstance(target, ast.Name):
            params[target.id] = {"name": target.id, "default": ast.get_source_segment(cell["source"], node.value)}
    return params


def validate(reports: list[Report], overrides, tables, articles: Path | None) -> list[str]:
    """Apply `-p` overrides and check every parameter's name, type and domain. Returns the errors."""
    errors: list[str] = []
    specs: dict[Path, dict] = {}
    for r in reports:
        if not r.error and r.notebook not in specs:
            try:
                specs[r.notebook] = notebook_parameters(r.notebook)
            except Exception as exc:
                r.error = f"cannot read the notebook's parameters: {exc}"
    runnable = [r for r in reports if not r.error]
    from_cli = {key for key, _ in overrides or ()}
    for key, raw in overrides or ():
        having = [r for r in runnable if key in specs[r.notebook]]
        if not having:
            names = sorted({p for r in runnable for p in specs[r.notebook]})
            errors.append(f"-p {key}: no report in this run has a parameter '{key}'; "
                          f"parameters: {', '.join(names) or '(none)'}")
        for r in having:
            r.parameters[key] = parse_value(raw)
    for r in runnable:
        spec = specs[r.notebook]
        if articles is not None and "articles" in spec and "articles" not in r.parameters:
            r.parameters["articles"] = str(articles)  # every report shows the same case
        for key in list(r.parameters):
            if key not in spec:
                errors.append(f"{r.name}: {r.notebook.name} has no parameter '{key}'; "
                              f"its parameters: {', '.join(spec) or '(none)'}")
                continue
            where = f"-p {key}" if key in from_cli else f"{r.name}: parameter {key}"
            try:
                r.parameters[key] = value = fit_type(r.parameters[key], _default_value(spec[key]))
            except ValueError as exc:
                errors.append(f"{where}: {exc}")
                continue
            dom = domain_for(r.notebook.stem, key)
            if dom is None or value is None or tables is None:
                continue
            valid = dom.values(tables)
            items = value if isinstance(value, list) else [value]
            bad = [v for v in items if v is not None and not _in_domain(str(v), valid, key)]
            for v in bad:
                errors.append(f"{where}: {v!r} is not {dom.what}; valid: {_listing(valid)}")
    return list(dict.fromkeys(errors))  # an override checked against several reports: said once


# ---------------------------------------------------------------------------------------------------------
# Executing and rendering one report

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


def _find_summary(nb) -> str:
    found = ""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get(SUMMARY_KEY)
            if isinstance(meta, dict) and meta.get("summary"):
                found = str(meta["summary"])
    return found


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


async def run_report(job: dict, kernel: WarmKernel | None) -> dict:
    """Execute one notebook in a warm kernel and render it; never raises (errors go in the result).
    The caller discards the kernel when the report failed, so the next report gets a fresh one."""
    out = Path(job["out"])
    html_name, fail_name = f"{job['name']}.html", f"{job['name']}.failed.html"
    result = asdict(Result(name=job["name"], title=job["title"], notebook=job["notebook_rel"],
                           parameters=job["parameters"], status="failed"))
    t0 = time.perf_counter()
    tb = ""
    log_from = kernel.log_position() if kernel is not None else 0
    try:
        if job.get("error"):
            raise RuntimeError(job["error"])
        if kernel is None:
            raise RuntimeError(f"no kernel: {job.get('kernel_error') or 'it could not be started'}")
        nb = await kernel.execute(job["notebook"], job["parameters"], cwd=job["cwd"], env=job.get("env") or {},
                                  timeout=job["timeout"])
        result["summary"] = _find_summary(nb)
        page = render_html(nb, job)
        atomic_write_text(out / html_name, page)
        (out / fail_name).unlink(missing_ok=True)
        result.update(status="ok", html=html_name)
    except Exception as exc:
        from papermill.exceptions import PapermillExecutionError

        if isinstance(exc, PapermillExecutionError):
            result["cell"] = _cell_label(job["notebook"], exc.source)
            result["error"] = f"{exc.ename}: {ANSI.sub('', str(exc.evalue))}"[:500]
            tb = ANSI.sub("", "\n".join(exc.traceback or []))
        else:  # kernel died or timed out, missing notebook, rendering failed…
            result["error"] = f"{type(exc).__name__}: {exc}"[:500]
            import traceback as tbmod

            tb = tbmod.format_exc()
    result["seconds"] = round(time.perf_counter() - t0, 2)
    result["finished"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if result["status"] != "ok":
        kernel_log = kernel.log_since(log_from)[-4000:].strip() if kernel is not None else ""
        if (out / html_name).exists():
            result["html"] = html_name  # the previous good run, left in place
        if kernel_log:
            tb += f"\n\n--- kernel log ---\n{kernel_log}"
        atomic_write_text(out / fail_name, failure_page(result, tb))
        result["failure_html"] = fail_name
    return result


def _cell_label(notebook: str, source: str) -> str:
    """'code cell 3 (first line…)': where the failing cell sits among the notebook's code cells."""
    first = next((ln.strip() for ln in str(source).splitlines() if ln.strip()), "")
    label = f"({first[:80]})" if first else ""
    try:
        codes = [c for c in _cells(Path(notebook)) if c.get("cell_type") == "code"]
        pos = next(i for i, c in enumerate(codes, 1) if c["source"].strip() == str(source).strip())
        return f"code cell {pos} {label}".strip()
    except Exception:
        return f"cell {label}".strip()


_KM_CLASS: list = []


def kernel_manager_class():
    """A kernel manager that provisions CurveZMQ keys when the kernel supports them: encrypted local
    traffic, and no 'running over TCP without encryption' warning from every kernel on stderr."""
    if not _KM_CLASS:
        from jupyter_client.manager import AsyncKernelManager
        from traitlets import default

        try:
            import zmq

            curve = zmq.has("curve")
        except Exception:
            curve = False

        class ReportKernelManager(AsyncKernelManager):
            @default("transport_encryption")
            def _default_transport_encryption(self):
                return "auto" if curve else "disabled"

        _KM_CLASS.append(ReportKernelManager)
    return _KM_CLASS[0]


# ---------------------------------------------------------------------------------------------------------
# Warm kernels: one per job, reused report after report
#
# Starting a kernel and importing pandas, geopandas, matplotlib, spaCy-free strikebook… costs about two
# seconds; the notebooks' own work is often less. So each job keeps one kernel, imports what the run's
# notebooks import once, and runs its reports one after another in it. Between two reports the kernel is
# put back as a fresh one would be (`kernel_reset`): user variables deleted (as `%reset -f`), figures
# closed, matplotlib settings, warnings filters, pandas options, sys.path and environment restored, cwd
# set to the notebook's folder. What is kept is only what imports and caches hold (modules, the case
# file read once, the basemap). A report that fails or times out takes its kernel with it.

_KERNEL_STATE: dict = {}  # inside a kernel: the state a fresh kernel had, taken after the warm-up imports


def kernel_snapshot() -> None:
    """(Runs in the kernel, once, after the warm-up imports.) Remember what `kernel_reset` restores."""
    import warnings

    try:
        import matplotlib
        import matplotlib.pyplot  # noqa: F401  - the inline backend sets its rc on first import

        rc = dict(matplotlib.rcParams.copy())
        for key in ("backend", "interactive"):  # the inline backend owns these: restoring them stops
            rc.pop(key, None)  # figures being shown after the first report
    except Exception:
        rc = None
    _KERNEL_STATE.update(rc=rc, filters=list(warnings.filters), path=list(sys.path), environ=dict(os.environ))


def kernel_reset(cwd: str, env: dict) -> None:
    """(Runs in the kernel before each report.) Make the kernel look freshly started to the notebook."""
    import warnings

    from IPython import get_ipython

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    shell = get_ipython()
    if shell is not None:
        _clear_user_namespace(shell)
    if _KERNEL_STATE.get("rc") is not None and "matplotlib" in sys.modules:
        dict.update(sys.modules["matplotlib"].rcParams, _KERNEL_STATE["rc"])  # as matplotlib.rc_context does
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
    warnings.filters[:] = _KERNEL_STATE.get("filters", warnings.filters)
    warnings._filters_mutated()
    sys.path[:] = _KERNEL_STATE.get("path", sys.path)
    environ = _KERNEL_STATE.get("environ")
    if environ is not None:
        for key in set(os.environ) - set(environ):
            del os.environ[key]
        os.environ.update(environ)
    os.environ.update(env)
    os.chdir(cwd)


def _clear_user_namespace(shell) -> None:
    """What `%reset -f` does to the user's namespace, without its full garbage collection (a quarter of a
    second per report once pandas, geopandas and plotly are loaded): every name the previous notebook
    defined is deleted, every name a fresh kernel has is put back, the output history is emptied."""
    ns = shell.user_ns
    fresh = _KERNEL_STATE.setdefault("user_ns", dict(ns))  # first call: right after the warm-up
    for key in [k for k in ns if k not in fresh]:
        del ns[key]
    ns.update(fresh)
    for key in ("_oh", "Out"):
        if isinstance(ns.get(key), dict):
            ns[key].clear()
    ns.update({"_": "", "__": "", "___": ""})
    hook = getattr(shell, "displayhook", None)
    for attr in ("_", "__", "___"):
        if hook is not None and hasattr(hook, attr):
            setattr(hook, attr, "")


def warm_code(notebooks) -> str:
    """The code a kernel runs once when it starts: every import statement of the run's notebooks (each
    on its own: one that fails is left for the notebook to report), then the snapshot."""
    lines: list[str] = []
    for path in notebooks:
        try:
            cells = _cells(Path(path))
        except Exception:
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            try:
                tree = ast.parse(cell["source"])
            except SyntaxError:
                continue
            for node in tree.body:  # top-level imports only: those inside functions may be conditional
                if isinstance(node, ast.Import | ast.ImportFrom) and ast.unparse(node) not in lines:
                    lines.append(ast.unparse(node))
    return (f"def _strikebook_warm(lines={lines!r}):\n"
            "    for line in lines:\n"
            "        try:\n"
            "            exec(line, {})\n"
            "        except Exception:\n"
            "            pass\n"
            "    import strikebook.report.runner\n"
            "    strikebook.report.runner.kernel_snapshot()\n"
            "_strikebook_warm()\n"
            "del _strikebook_warm\n")


class WarmKernel:
    """One kernel (with the run's imports done) that executes notebook after notebook. Async: the
    runner drives all its kernels from one event loop (`KernelPool`)."""

    def __init__(self, name: str, warm: str, start_timeout: int = 120):
        self.name, self.warm, self.start_timeout = name, warm, start_timeout
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # the kernel's stderr
        self.km = kernel_manager_class()(kernel_name=name)
        self.kc = None

    async def start(self) -> WarmKernel:
        """Launch, wait until the kernel answers, run the warm-up imports."""
        try:
            await self.km.start_kernel(stderr=self.log, cwd=os.getcwd())
            self.kc = self.km.client()
            self.kc.start_channels()
            await self.kc.wait_for_ready(timeout=self.start_timeout)
            await self.run(self.warm, timeout=self.start_timeout)
        except BaseException:
            await self.stop()
            raise
        return self

    async def run(self, code: str, timeout: float = 120) -> None:
        """Run code outside any notebook (no history, no output); RuntimeError if it fails."""
        reply = await self.kc.execute_interactive(code, silent=True, store_history=False, timeout=timeout,
                                                  output_hook=lambda msg: None)
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"kernel setup failed: {content.get('ename')}: {content.get('evalue')}")

    async def execute(self, notebook: str, parameters: dict, cwd: str, env: dict, timeout: int):
        """What `papermill.execute_notebook` does — parameterise, run cell by cell recording papermill's
        metadata, raise PapermillExecutionError naming the failing cell — in this kernel."""
        from nbclient.exceptions import CellExecutionError
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import NotebookExecutionManager
        from papermill.execute import (
            prepare_notebook_metadata,
            raise_for_execution_errors,
            remove_error_markers,
        )
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        await self.run(f"__import__('strikebook.report.runner').report.runner.kernel_reset({cwd!r}, {env!r})")
        nb = load_notebook_node(notebook)
        if parameters:
            nb = parameterize_notebook(nb, parameters, kernel_name=self.name)
        nb = remove_error_markers(prepare_notebook_metadata(nb, notebook, None))
        manager = NotebookExecutionManager(nb, output_path=None, progress_bar=False, log_output=False)
        manager.notebook_start()
        client = PapermillNotebookClient(manager, km=self.km, timeout=timeout, kernel_name=self.name,
                                         log=logging.getLogger("papermill"), log_output=False)
        client.kc = self.kc  # the same channels, report after report
        try:
            async with client.async_setup_kernel():
                for index, cell in enumerate(client.nb.cells):  # papermill_execute_cells, awaited
                    try:
                        manager.cell_start(cell, index)
                        await client.async_execute_cell(cell, index,
                                                        execution_count=client.code_cells_executed + 1)
                    except CellExecutionError as ex:
                        manager.cell_exception(client.nb.cells[index], cell_index=index, exception=ex)
                        break
                    finally:
                        manager.cell_complete(client.nb.cells[index], cell_index=index)
        finally:
            manager.notebook_complete()
        raise_for_execution_errors(manager.nb, None)
        return manager.nb

    def log_position(self) -> int:
        try:
            self.log.seek(0, os.SEEK_END)
            return self.log.tell()
        except Exception:
            return 0

    def log_since(self, position: int) -> str:
        try:
            self.log.seek(position)
            return self.log.read()
        except Exception:
            return ""

    async def stop(self) -> None:
        """Kill the kernel now (nothing in it is worth a graceful shutdown)."""
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:
                pass
        try:
            if self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        self.log.close()


class KernelPool:
    """`size` warm kernels, driven from an event loop in a background thread of this process.

    The kernels start (and import what the notebooks import) the moment the pool is made, while the main
    thread loads the case and validates the parameters. Each kernel is a separate process, so the
    reports run in parallel; this process only exchanges messages with them and renders the HTML (a
    few hundredths of a second per report). No worker processes: no second Python start, no second
    import of papermill and nbconvert per job, and nothing to spawn before a kernel can be launched.
    """

    def __init__(self, size: int, name: str, warm: str, start_timeout: int = 120):
        import asyncio
        import threading

        _import_notebook_tools()

        for logger in ("papermill", "nbclient", "traitlets", "nbconvert"):  # --debug is for strikebook, not
            logging.getLogger(logger).setLevel(logging.WARNING)  # for every kernel message
        self.size, self.name, self.warm, self.start_timeout = size, name, warm, start_timeout
        self.kernels: list[WarmKernel] = []  # every kernel ever made, so that close() can kill them all
        self.lanes: list = []
        self.closing = False
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="strikebook-kernels", daemon=True)
        self.thread.start()
        self.starting = self._call(self._launch_all()).result()

    def _call(self, coro):
        import asyncio

        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def _launch_all(self) -> list:
        import asyncio

        return [asyncio.ensure_future(self._new_kernel()) for _ in range(self.size)]

    async def _new_kernel(self) -> WarmKernel:
        if self.closing:
            raise RuntimeError("the run was stopped")
        kernel = WarmKernel(self.name, self.warm, self.start_timeout)
        self.kernels.append(kernel)
        return await kernel.start()

    def run(self, jobs_list: list[dict], done: Callable) -> None:
        """Run the jobs, in this order, `size` at a time; `done(result)` as each finishes."""
        self._call(self._run_all(list(jobs_list), done)).result()

    async def _run_all(self, queue: list[dict], done: Callable) -> None:
        import asyncio

        async def lane(starting) -> None:
            if not queue:  # more kernels than reports: this one is not needed (close() kills it)
                starting.cancel()
                return
            kernel, error = None, ""
            try:
                kernel = await starting
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            while queue:
                job = queue.pop(0)
                if kernel is None and not job.get("error"):
                    try:
                        kernel = await self._new_kernel()
                    except Exception as exc:
                        error = f"{type(exc).__name__}: {exc}"
                result = await run_report({**job, "kernel_error": error}, kernel)
                if result["status"] != "ok" and kernel is not None:
                    await kernel.stop()  # what the notebook left behind (half-made state, a stuck cell) goes too
                    kernel = None
                done(result)
            if kernel is not None:
                await kernel.stop()

        self.lanes = [asyncio.ensure_future(lane(s)) for s in self.starting]
        await asyncio.gather(*self.lanes)

    def close(self) -> None:
        """Kill every kernel (started or still starting) and stop the loop."""
        async def kill_all():
            import asyncio

            self.closing = True  # Ctrl-C mid-run: no lane takes another report or starts another kernel
            for task in [*self.lanes, *self.starting]:
                task.cancel()
            await asyncio.gather(*self.lanes, *self.starting, return_exceptions=True)
            for kernel in self.kernels:
                await kernel.stop()

        try:
            self._call(kill_all()).result(timeout=30)
        except Exception:
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def _import_notebook_tools() -> None:
    """Import papermill and nbconvert now, without the 1 s of CPU that jsonschema (via nbformat) spends
    compiling a Lark grammar for its optional `rfc3987_syntax` format checks, which no notebook schema
    uses; on 2 cores that second competes with the kernels starting. The module is hidden only while
    jsonschema is first imported (it then skips those two IRI checks, in this process only)."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import nbconvert  # noqa: F401
        import papermill  # noqa: F401
        return
    sys.modules["rfc3987_syntax"] = None  # import → ImportError, which jsonschema expects
    try:
        import nbconvert  # noqa: F401
        import papermill  # noqa: F401
    finally:
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]


def kernel_name() -> str:
    """The project's kernel ("strikebook", registered by `make setup`) when installed, else python3."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return "strikebook" if "strikebook" in KernelSpecManager().find_kernel_specs() else "python3"
    except Exception:
        return "python3"


def start_pool(workers: int, kernel: str, warm: str = "") -> KernelPool:
    """`workers` kernels, starting now so that their start and warm-up overlap the parent's validation
    and case loading."""
    return KernelPool(max(1, workers), kernel, warm)


def stop_pool(pool) -> None:
    """Stop a pool that will not be used (validation failed) or is done."""
    if pool is not None:
        pool.close()


TIMINGS = "report-times.json"  # in the case cache folder: how long each report took last time


def _timing_key(job: dict) -> str:
    return f"{job['notebook']}|{job['name']}"


def read_timings() -> dict[str, float]:
    from strikebook.config import cache_dir

    try:
        data = json.loads((cache_dir() / TIMINGS).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()}
    except Exception:
        return {}


def save_timings(jobs_list: list[dict], results: list[dict]) -> None:
    """Remember the run times of the reports that rendered (a scheduling hint for the next run, whatever
    its --out folder; losing it costs nothing but order)."""
    from strikebook.config import cache_dir

    times = read_timings()
    for job, res in zip(jobs_list, results, strict=True):
        if res["status"] == "ok" and res.get("seconds"):
            times[_timing_key(job)] = float(res["seconds"])
    try:
        atomic_write_text(cache_dir() / TIMINGS, json.dumps(times, indent=1, sort_keys=True))
    except OSError:
        pass


def longest_first(jobs_list: list[dict], timings: dict[str, float]) -> list[dict]:
    """The order to start the jobs in: slowest first by the last run's times (longest-processing-time
    scheduling: the short reports fill the gaps at the end instead of one long report running alone).
    Reports never timed come first, as if they were the slowest; ties keep the config's order."""
    known = [float(timings.get(_timing_key(j)) or 0) for j in jobs_list]
    top = max(known, default=0) + 1
    keyed = [(-(k or top), i) for i, k in enumerate(known)]
    return [jobs_list[i] for _, i in sorted(keyed)]


def execute(jobs_list: list[dict], jobs: int, env: dict, pool=None) -> list[dict]:
    """Run the jobs, `jobs` at a time, slowest first, with a progress bar; results in job order."""
    from tqdm import tqdm

    results: dict[str, dict] = {}
    bar = tqdm(total=len(jobs_list), desc="reports", unit="report", file=sys.stderr, disable=None)
    for job in jobs_list:
        job["env"] = env

    def done(res: dict) -> None:
        results[res["name"]] = res
        bar.update(1)
        if res["status"] != "ok":
            bar.write(f"failed {res['name']}: {res['cell'] + ': ' if res['cell'] else ''}{res['error']}",
                      file=sys.stderr)

    if pool is None:
        first = jobs_list[0] if jobs_list else {}
        pool = start_pool(min(jobs, len(jobs_list)), first.get("kernel") or kernel_name(), first.get("warm", ""))
    try:
        pool.run(longest_first(jobs_list, read_timings()), done)
    finally:
        pool.close()
    bar.close()
    ordered = [results[j["name"]] for j in jobs_list]
    save_timings(jobs_list, ordered)
    return ordered


# ---------------------------------------------------------------------------------------------------------
# The index page

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


# ---------------------------------------------------------------------------------------------------------
# The command


def _err(line: str) -> None:
    print(f"strikebook report: {line}", file=sys.stderr)


def _load_case(articles: Path | None):
    """(tables, environment pinning the kernels to this run's case file, error text)."""
    from strikebook.store.case import pin_case

    try:
        tables, env = pin_case(articles)
        return tables, env, ""
    except Exception as exc:
        return None, {}, f"{type(exc).__name__}: {exc}"


def _previous(out: Path) -> dict[str, dict]:
    try:
        return {r["name"]: r for r in json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))["reports"]}
    except Exception:
        return {}


def run_reports(config=Path("reports.yml"), out=Path("reports"), only=(), overrides=(), jobs=None,
                show_code=False, articles=Path("data/articles"), timeout: int = 900) -> int:
    """Validate, run and render the reports of `config` into `out`; returns the exit code (0, 1 or 2)."""
    t0 = time.perf_counter()
    config, out = Path(config), Path(out)
    if not config.is_absolute() and not config.exists():
        from strikebook.config import REPO_DIR

        if (REPO_DIR / config).exists():  # `strikebook report` run from a subfolder, e.g. notebooks/
            config = REPO_DIR / config
    try:
        nb_dir, entries = read_config(config)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    articles_path = None
    if articles is not None:
        from strikebook.store.case import resolve_articles

        try:
            articles_path = resolve_articles(articles)[0]
        except FileNotFoundError as exc:
            _err(str(exc))
            return EXIT_USAGE
    jobs = jobs or os.cpu_count() or 1
    kernel = kernel_name()
    notebooks, n_reports = _notebooks_to_run(nb_dir, entries, only, jobs)
    pool = start_pool(min(jobs, max(1, n_reports)), kernel, warm_code(notebooks))
    warm = pool.warm
    try:
        # the case: needed for for_each and domain checks, and extracting it now warms the cache for every kernel
        tables, case_env, case_error = _load_case(articles_path)
        log.debug("case loaded at %.1f s", time.perf_counter() - t0)
        if case_error:
            _err(f"warning: cannot load the case ({case_error}); its values are not checked")
        reports, errors = expand(nb_dir, entries, tables, case_error)
        chosen, more = select(reports, list(only or ()))
        errors += more
        if not errors:
            errors += validate(chosen, overrides, tables, articles_path)
        log.debug("validated at %.1f s", time.perf_counter() - t0)
        if errors:
            stop_pool(pool)
            for line in errors:
                _err(line)
            _err(f"nothing run ({len(errors)} problem{'s' if len(errors) > 1 else ''})")
            return EXIT_USAGE

        out.mkdir(parents=True, exist_ok=True)
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        job_list = [{
            "name": r.name, "title": r.title, "notebook": str(r.notebook), "parameters": r.parameters,
            "notebook_rel": _rel(r.notebook, config.resolve().parent), "cwd": str(r.notebook.parent),
            "out": str(out.resolve()), "kernel": kernel, "show_code": show_code, "started": started,
            "error": r.error, "timeout": timeout, "warm": warm,
        } for r in chosen]
        env = ({"STRIKEBOOK_ARTICLES": str(articles_path)} if articles_path else {}) | case_env
    except BaseException:
        stop_pool(pool)
        raise
    results = execute(job_list, jobs, env, pool)
    log.debug("reports done at %.1f s", time.perf_counter() - t0)

    previous = _previous(out)
    by_name = {r["name"]: r for r in results}
    merged = []
    for r in reports:  # every report of the config, in its order; those not run keep their last record
        if r.name in by_name:
            merged.append(by_name[r.name])
        elif r.name in previous and (previous[r.name].get("status") != "ok"
                                     or (out / previous[r.name].get("html", "")).is_file()):
            merged.append(previous[r.name])
        else:
            merged.append(asdict(Result(r.name, r.title, _rel(r.notebook, config.resolve().parent),
                                        r.parameters, "not run")))
    case_label = _rel(articles_path, Path.cwd()) if articles_path else "(default)"
    atomic_write_text(out / "index.html", index_html(merged, tables, case_label, started))
    atomic_write_text(out / INDEX_JSON, json.dumps({"generated": started, "reports": merged},
                                                   ensure_ascii=False, indent=1, default=str))
    n_failed = sum(r["status"] == "failed" for r in results)
    print(f"{len(results) - n_failed} report(s) ok, {n_failed} failed → {out / 'index.html'}", file=sys.stderr)
    return EXIT_FAILED if n_failed else EXIT_OK


def _notebooks_to_run(nb_dir: Path, entries: list[dict], only, jobs: int) -> tuple[list[Path], int]:
    """The notebooks a run will probably execute and about how many reports (known before the case is
    loaded and validated: for the number of kernels to start and their warm-up imports)."""
    paths, n_reports = [], 0
    for entry in entries:
        nb_name = str(entry["notebook"])
        path = nb_dir / (nb_name if nb_name.endswith(".ipynb") else nb_name + ".ipynb")
        base = str(entry.get("name") or path.stem)
        if only and not any(o in (path.stem, base) or o.startswith(base + "_") for o in only):
            continue
        n_reports += jobs if entry.get("for_each") else 1
        if path.exists() and path not in paths:
            paths.append(path)
    return paths, n_reports


def _rel(path: Path, base: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)
