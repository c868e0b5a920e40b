"""A notebook's parameters: read from its tagged `parameters` cell, typed, and checked against the case.

Why: a typo in a parameter should cost one second, not a full run. Before anything executes, every
parameter name is checked against the notebook's tagged `parameters` cell (read with Python's own parser,
as papermill reads it, but without importing papermill or nbformat), every value against the type of the
default there (`fit_type`), and values with a domain (an event, a speaker, a status…) against the case
itself (`DOMAINS`). Any problem → one line each, listing the valid values; the runner then exits 2 with
nothing run. `-p KEY VALUE` values are read as YAML with dates kept as text (`parse_value`).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from strikebook.text.normalize import split_list

if TYPE_CHECKING:
    from strikebook.report.catalog import Report


class NoDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: `event_id: 2024-02-02` must stay the string the notebooks expect."""


NoDatesLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_value(text: str):
    """A `-p KEY VALUE` value: YAML (`null`, `true`, `3`, `[a, b]`), dates kept as strings."""
    try:
        return yaml.load(text, Loader=NoDatesLoader)  # noqa: S506 - SafeLoader subclass
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
    from strikebook.verify.run import KINDS

    return sorted(set(_column_values("flags", "kind")(tables)) | set(KINDS))


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


def notebook_cells(path: Path) -> list[dict]:
    """A notebook's cells with their source as one string (plain JSON: nbformat's validation is slow)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in data.get("cells", []):
        src = cell.get("source", "")
        cells.append({**cell, "source": "".join(src) if isinstance(src, list) else str(src)})
    return cells


def notebook_parameters(path: Path) -> dict[str, dict]:
    """The parameters of a notebook's tagged `parameters` cell: name → {"name", "default": source text}.

    Every top-level assignment of the cell, read with Python's own parser: what `papermill -p` can set
    (papermill injects its values after this cell), and more robust than papermill's line parser,
    which gives up on some comments (e.g. one containing '=') and would hide a real parameter from the
    check. Plain JSON and `ast`, so validating costs no import of papermill/nbformat (seconds).
    """
    params: dict[str, dict] = {}
    cell = next((c for c in notebook_cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
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


def validate(reports: list[Report], overrides, tables, articles: Path | None = None) -> list[str]:
    """Apply `-p` overrides and check every parameter's name, type and domain. Returns the errors.
    (`articles` is accepted for callers that pass it; the runner gives the case to the kernels itself.)"""
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
        # the case (`articles`) is not made a parameter: it reaches every notebook through the environment
        # (STRIKEBOOK_ARTICLES and the pinned case file), so that no report or index records where it lives
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

