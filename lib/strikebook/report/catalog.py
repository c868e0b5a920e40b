"""The catalogue of reports: reports.yml read, `for_each` expanded over the case, `--only` selected.

Why: reports.yml says which notebooks run with which parameters, in the order the index lists them. One
entry can stand for several reports (`for_each: event_id` → one report per event the articles mainly
report), so the list of reports depends on the case and is only known once the case is loaded. Problems
in the file are ValueErrors naming the entry; a missing notebook is not an error here but a report marked
failed in the index (`Report.error`), so the other reports still run.

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

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from strikebook.report.params import DOMAINS, NoDatesLoader, domain_for, notebook_cells


@dataclass
class Report:
    """One report to render: a notebook with one parameter set."""

    name: str
    notebook: Path
    title: str = ""
    parameters: dict = field(default_factory=dict)
    error: str = ""  # set when the report cannot run at all (missing notebook): marked failed, not run


def read_config(config: Path) -> tuple[Path, list[dict]]:
    """(notebooks folder, report entries) from reports.yml; ValueError naming the problem."""
    config = Path(config)
    if not config.exists():
        raise ValueError(f"{config}: no such file (the list of reports)")
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=NoDatesLoader) or {}  # noqa: S506
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


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook (the title a reader sees), else its file name."""
    try:
        cells = notebook_cells(path)
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
        missing = "" if exists else f"notebook not found: {relative(path, nb_dir.parent)}"
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


#: what a report's name may be: it becomes NAME.html in the output folder (no folders, no hidden files)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
_RESERVED = {"index"}  # index.html, index.json are the run's own


def check_names(reports: list[Report]) -> list[str]:
    """Usage errors for report names that are not plain file names, are reserved, or are used twice (each
    report is one file: a second one of the same name would overwrite the first)."""
    errors, seen = [], set()
    for r in reports:
        if not _NAME.fullmatch(r.name) or r.name.endswith((".failed", ".tmp")):
            errors.append(f"{r.name!r}: not a usable report name (letters, digits, '.', '_', '-'; it becomes "
                          "NAME.html in the output folder)")
        elif r.name in _RESERVED:
            errors.append(f"{r.name!r}: reserved for the index; give the report another name")
        elif r.name in seen:
            errors.append(f"{r.name!r}: two reports of that name; names must be unique (set 'name:')")
        seen.add(r.name)
    return errors


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


def notebooks_to_run(nb_dir: Path, entries: list[dict], only) -> tuple[list[Path], int]:
    """The notebooks a run will probably execute, and how many reports it surely runs, known before the
    case is loaded (for the kernels to start at once and their warm-up imports): the entries without
    `for_each` that `--only` selects and whose notebook exists. A `for_each` entry may expand to no report
    at all, so it counts for none here; the runner adds kernels once the case is known."""
    paths, sure = [], 0
    plain = {str(e.get("name") or Path(str(e["notebook"])).stem) for e in entries if not e.get("for_each")}
    for entry in entries:
        nb_name = str(entry["notebook"])
        path = nb_dir / (nb_name if nb_name.endswith(".ipynb") else nb_name + ".ipynb")
        base = str(entry.get("name") or path.stem)
        if entry.get("for_each"):
            chosen = not only or any(o == path.stem or o == base or o.startswith(base + "_") for o in only)
        else:
            chosen = not only or base in only or (path.stem in only and path.stem not in plain)
        if not chosen or not path.exists():
            continue
        sure += 0 if entry.get("for_each") else 1
        if path not in paths:
            paths.append(path)
    return paths, sure


def relative(path: Path, base: Path) -> str:
    """`path` relative to `base` for showing (the index, error lines), else `path` as given."""
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)
