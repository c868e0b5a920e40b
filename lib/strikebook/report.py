"""The report runner behind `strikebook report`: notebooks × parameter sets → self-contained HTML + index.

Why it is built this way:
- **Validate first.** A typo in a parameter should cost one second, not a full run: every parameter name
  is checked against the notebook's tagged `parameters` cell (papermill.inspect_notebook), every value
  against the type of the default there, and values with a domain (an event, a speaker, a status…)
  against the case itself (`DOMAINS`). Any problem → one line each, listing the valid values, exit 2,
  nothing executed.
- **Run in parallel, in processes.** papermill/nbclient are not thread-safe, so each report runs in a
  worker process of a pool (`--jobs`, default all cores); each notebook gets its own kernel with
  cwd = the notebook's folder, as in JupyterLab. The case is extracted once, before any kernel starts
  (`case.load_case` fills the disk cache that every kernel then reads).
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
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SUMMARY_KEY = "strikebook"
INDEX_JSON = "index.json"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def atomic_write_text(path: Path, text: str) -> None:
    """Write beside `path` and rename, so a failed run never leaves half a report; readable by all
    (0644 under the usual umask: reports are meant to be served and shared)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
    from .reference import load_reference

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
                names |= {p.strip() for p in str(v).split(";") if p.strip()}
    for col in ("alias", "name"):
        if col in ref.aliases.columns:
            names |= {str(v).strip() for v in ref.aliases[col] if str(v).strip()}
    return sorted(names)


def _static(*values: str) -> Callable:
    return lambda tables: list(values)


def _flag_kinds(tables) -> list[str]:
    kinds = set(_column_values("flags", "kind")(tables))
    try:
        from . import checks

        kinds |= set(getattr(checks, "CHECK_KINDS", getattr(checks, "KINDS", ())))
    except ImportError:
        pass
    return sorted(kinds)


def _severities(tables) -> list[str]:
    from .schema import SEVERITIES

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
        from .text import fold

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
    """The parameters of a notebook's tagged `parameters` cell: name → {"default": source text, "help"}.

    papermill.inspect_notebook first (what `papermill -p` sees); then every plain assignment in the cell
    read with Python's own parser, because papermill's line parser gives up on some comments (e.g. one
    containing '=') and would hide a real parameter from the check.
    """
    import logging

    import papermill

    plog = logging.getLogger("papermill.translators")
    level = plog.level
    plog.setLevel(logging.ERROR)  # its 'Unable to parse line' is covered by the fallback below
    try:
        params = dict(papermill.inspect_notebook(str(path)))
    finally:
        plog.setLevel(level)
    cell = next((c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is not None:
        try:
            tree = ast.parse(cell["source"])
        except SyntaxError:
            tree = ast.Module(body=[], type_ignores=[])
        for node in tree.body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else (
                node.target if isinstance(node, ast.AnnAssign) and node.value is not None else None)
            if isinstance(target, ast.Name) and target.id not in params:
                params[target.id] = {"name": target.id, "default": ast.get_source_segment(cell["source"], node.value),
                                     "help": ""}
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
# Executing and rendering one report (runs in a worker process)

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
        exp = HTMLExporter(config=cfg, template_name="lab",
                           extra_loaders=[DictLoader({"strikebook.html.j2": _TEMPLATE})])
        exp.template_file = "strikebook.html.j2"
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


def run_one(job: dict) -> dict:
    """Execute one notebook with papermill and render it; never raises (errors go in the result)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out = Path(job["out"])
    html_name, fail_name = f"{job['name']}.html", f"{job['name']}.failed.html"
    result = asdict(Result(name=job["name"], title=job["title"], notebook=job["notebook_rel"],
                           parameters=job["parameters"], status="failed"))
    t0 = time.perf_counter()
    tb = ""
    os.environ.update(job.get("env") or {})  # the case the kernels read (set per job: workers are reused)
    for name in ("papermill", "nbclient", "traitlets", "nbconvert"):  # --debug is for strikebook, not
        logging.getLogger(name).setLevel(logging.WARNING)  # for every kernel message
    klog = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")
    _KERNEL_LOG[:] = [klog]
    try:
        if job.get("error"):
            raise RuntimeError(job["error"])
        nb = papermill.execute_notebook(
            job["notebook"], None, parameters=job["parameters"], kernel_name=job["kernel"], cwd=job["cwd"],
            progress_bar=False, log_output=False, start_timeout=120, execution_timeout=job["timeout"],
            kernel_manager_class=kernel_manager_class())
        result["summary"] = _find_summary(nb)
        page = render_html(nb, job)
        atomic_write_text(out / html_name, page)
        (out / fail_name).unlink(missing_ok=True)
        result.update(status="ok", html=html_name)
    except PapermillExecutionError as exc:
        result["cell"] = _cell_label(job["notebook"], exc.source)
        result["error"] = f"{exc.ename}: {ANSI.sub('', str(exc.evalue))}"[:500]
        tb = ANSI.sub("", "\n".join(exc.traceback or []))
    except Exception as exc:  # kernel died, missing notebook, rendering failed…
        result["error"] = f"{type(exc).__name__}: {exc}"[:500]
        import traceback as tbmod

        tb = tbmod.format_exc()
    finally:
        _KERNEL_LOG.clear()
    klog.seek(0)
    kernel_log = klog.read()[-4000:].strip()
    klog.close()
    result["seconds"] = round(time.perf_counter() - t0, 2)
    result["finished"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if result["status"] != "ok":
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
_KERNEL_LOG: list = []  # the open file the current report's kernel writes its stderr to


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

            async def start_kernel(self, **kw):
                # the kernel's own log (shutdown chatter) goes to the report's log, not the editor's terminal
                if _KERNEL_LOG:
                    kw.setdefault("stderr", _KERNEL_LOG[0])
                return await super().start_kernel(**kw)

        _KM_CLASS.append(ReportKernelManager)
    return _KM_CLASS[0]


def _worker_init() -> None:
    import nbconvert  # noqa: F401  - pay the import once per worker, not per report
    import papermill  # noqa: F401


@contextmanager
def _environ(env: dict):
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def kernel_name() -> str:
    """The project's kernel ("strikebook", registered by `make setup`) when installed, else python3."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return "strikebook" if "strikebook" in KernelSpecManager().find_kernel_specs() else "python3"
    except Exception:
        return "python3"


def start_pool(workers: int):
    """A pool of `workers` processes, started now so that their imports (papermill, nbconvert: seconds)
    overlap the parent's validation and case loading. None when one process is enough."""
    if workers <= 1:
        return None
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # no fork of a parent holding spaCy, threads, zmq
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)
    for _ in range(workers):
        pool.submit(_noop)
    return pool


def _noop() -> None:
    return None


def stop_pool(pool) -> None:
    """Stop a pool that will not be used (validation failed): do not wait for the workers' imports."""
    if pool is None:
        return
    for proc in list(getattr(pool, "_processes", {}).values()):
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def execute(jobs_list: list[dict], jobs: int, env: dict, pool=None) -> list[dict]:
    """Run the jobs (in a process pool when jobs > 1) with a progress bar; results in job order."""
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

    if pool is None and (jobs <= 1 or len(jobs_list) <= 1):
        with _environ(env):
            for job in jobs_list:
                done(run_one(job))
    else:
        pool = pool or start_pool(min(jobs, len(jobs_list)))
        with pool:
            futures = {pool.submit(run_one, job): job for job in jobs_list}
            for fut in as_completed(futures):
                job = futures[fut]
                try:
                    done(fut.result())
                except Exception as exc:  # the worker itself died
                    done(asdict(Result(job["name"], job["title"], job["notebook_rel"], job["parameters"],
                                       "failed", error=f"worker crashed: {exc}")))
    bar.close()
    return [results[j["name"]] for j in jobs_list]


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
        cells = [f"<code>{e(str(a.get('article_id', '')))}</code>", e(_text(a.get("title"))[:140]),
                 e(_text(a.get("outlet"))), f'<td class="date">{e(_text(a.get("published")))}</td>',
                 f'<td class="date">{e(_text(a.get("event_id")))}</td>',
                 f'<td class="num">{e(_text(a.get("chars")))}</td>']
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


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


# ---------------------------------------------------------------------------------------------------------
# The command


def _err(line: str) -> None:
    print(f"strikebook report: {line}", file=sys.stderr)


def _load_case(articles: Path | None):
    """(tables, environment pinning the kernels to this run's case file, error text)."""
    from .case import pin_case

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
        from .case import REPO_DIR

        if (REPO_DIR / config).exists():  # `strikebook report` run from a subfolder, e.g. notebooks/
            config = REPO_DIR / config
    try:
        nb_dir, entries = read_config(config)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    articles_path = None
    if articles is not None:
        from .case import resolve_articles

        try:
            articles_path = resolve_articles(articles)[0]
        except FileNotFoundError as exc:
            _err(str(exc))
            return EXIT_USAGE
    jobs = jobs or os.cpu_count() or 1
    pool = start_pool(min(jobs, len(only) if only else len(entries)))
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
        kernel = kernel_name()
        job_list = [{
            "name": r.name, "title": r.title, "notebook": str(r.notebook), "parameters": r.parameters,
            "notebook_rel": _rel(r.notebook, config.resolve().parent), "cwd": str(r.notebook.parent),
            "out": str(out.resolve()), "kernel": kernel, "show_code": show_code, "started": started,
            "error": r.error, "timeout": timeout,
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


def _rel(path: Path, base: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)
