"""The notebooks as a reporter and an editor use them: thin, parameterised, narrated, committed clean.

Why these checks: a notebook is the user-facing end of the pipeline. If its parameters cell is not tagged
(or a parameter is dead), papermill and `strikebook report` silently ignore what the user asked for; if
outputs are committed, a stale map of an old extraction ships in the repo and every diff is noise; if logic
creeps into cells, it escapes the tested package. All of that is checkable without running a kernel, so
the static tests run for every notebook; one slow test executes a notebook with plain papermill from the
repo root, as the README tells an editor to (the other notebooks run in the report runner's end-to-end test).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
KERNEL = "strikebook"
MAX_CELL_LINES = 25  # a cell longer than this is doing the package's job

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def _parameter_names(nb) -> list[str]:
    """Names assigned at top level of the parameters cell, in order."""
    names = []
    for node in ast.parse(nb.cells[0].source).body:
        if isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return names


def _names_read(nb) -> set[str]:
    """Every name the non-parameter code cells read (ast Load context)."""
    tree = ast.parse("\n".join(c.source for c in _code(nb)[1:]))
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook(request):
    return request.param, _read(request.param)


# --- structure ---------------------------------------------------------------------------------------------


def test_first_cell_is_the_tagged_parameters_cell(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "code", f"{path.name}: first cell is {first.cell_type}"
    assert "parameters" in first.metadata.get("tags", []), f"{path.name}: first cell not tagged 'parameters'"
    assert _parameter_names(nb), f"{path.name}: parameters cell assigns nothing"
    others = [i for i, c in enumerate(nb.cells[1:], 1) if "parameters" in c.metadata.get("tags", [])]
    assert others == [], f"{path.name}: more than one parameters cell ({others})"


def test_papermill_reads_every_parameter_with_a_literal_default_and_help(notebook):
    """What papermill (and the runner's validation) sees must be what the cell says, each documented."""
    path, nb = notebook
    specs = papermill.inspect_notebook(str(path))
    # papermill silently skips a line with a second "=" (e.g. in its comment): the runner would then
    # reject that parameter as unknown
    assert list(specs) == _parameter_names(nb), f"{path.name}: papermill does not see {_parameter_names(nb)}"
    for name, spec in specs.items():
        ast.literal_eval(spec["default"])  # the runner types `-p` values by the default's type
        assert spec["help"].strip(), f"{path.name}: parameter {name!r} has no comment saying what it does"


def test_every_parameter_is_used(notebook):
    path, nb = notebook
    unused = [p for p in _parameter_names(nb) if p not in _names_read(nb)]
    assert unused == [], f"{path.name}: parameters never used: {unused}"


def test_every_notebook_can_point_at_another_case_folder(notebook):
    """`articles` (None = data/articles) is passed to load_case, so a reporter can open another case."""
    path, nb = notebook
    assert papermill.inspect_notebook(str(path))["articles"]["default"] == "None"
    assert re.search(r"load_case\(articles\)", "\n".join(c.source for c in _code(nb))), path.name


def test_committed_without_outputs_or_run_metadata(notebook):
    path, nb = notebook
    nbformat.validate(nb)
    for i, cell in enumerate(_code(nb)):
        assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: code cell {i} has outputs"
        assert not {"papermill", "execution"} & set(cell.metadata), f"{path.name}: code cell {i} run metadata"
    assert "papermill" not in nb.metadata and "widgets" not in nb.metadata, path.name
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    assert nb.metadata["kernelspec"]["display_name"] == "Python (strikebook)"


def test_narrative_markdown_comes_first_and_states_caveats(notebook):
    path, nb = notebook
    kinds = [c.cell_type for c in nb.cells]
    first_code_after_params = kinds.index("code", 1)
    assert "markdown" in kinds[1:first_code_after_params], f"{path.name}: code before any narrative"
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown[0].lstrip().startswith("# "), f"{path.name}: first markdown cell is not a '# title'"
    assert any(re.search(r"^##? \S", m, re.M) for m in markdown[1:]), f"{path.name}: no section headings"
    words = sum(len(m.split()) for m in markdown)
    assert words >= 60, f"{path.name}: only {words} words of narrative"
    assert re.search(r"caveat", "\n".join(markdown), re.I), f"{path.name}: no caveats for the reader"


def test_code_cells_are_short_calls_into_strikebook(notebook):
    """Thin notebooks: no functions or classes, no long cells; the work is done by the package."""
    path, nb = notebook
    for i, cell in enumerate(_code(nb)):
        lines = [ln for ln in cell.source.splitlines() if ln.strip()]
        assert len(lines) <= MAX_CELL_LINES, f"{path.name}: code cell {i} has {len(lines)} lines"
        tree = ast.parse(cell.source)  # a syntax error is caught here, without a kernel
        defs = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef
                                                                        | ast.ClassDef)]
        assert defs == [], f"{path.name}: code cell {i} defines {defs}: move it to lib/strikebook"
    source = "\n".join(c.source for c in _code(nb))
    assert re.search(r"^(from strikebook\b|import strikebook\b)", source, re.M), path.name
    assert "summary(" in source, f"{path.name}: no one-line summary for the report index"


def test_nothing_is_keyed_to_a_seed_file_or_this_machine(notebook):
    path, nb = notebook
    text = "\n".join(c.source for c in nb.cells)
    assert not re.search(r"\b\d{3}_[0-9a-f]{16}\b", text), f"{path.name}: names a seed article"
    assert "/work/" not in text and "os.chdir" not in text and "sys.path" not in text, path.name


def test_defaults_match_the_issue():
    """The documented parameters of the notebooks the README and reports.yml rely on."""
    specs = {p.stem: papermill.inspect_notebook(str(p)) for p in NOTEBOOKS}
    default = {nb: {k: ast.literal_eval(v["default"]) for k, v in s.items()} for nb, s in specs.items()}
    if "02_strike_map" in default:
        # issue 10: nothing is asked for by default (the map shows what the articles place, for any case)
        assert default["02_strike_map"]["locations"] is None
        assert default["02_strike_map"]["event_id"] is None
        assert default["02_strike_map"]["show_attacks_on_us"] is True
    if "03_casualties" in default:
        assert default["03_casualties"]["event_id"] is None and default["03_casualties"]["status"] == "both"
    if "04_quotes" in default:
        assert default["04_quotes"]["speaker"] is None
        assert 0 <= default["04_quotes"]["min_similarity"] <= 100


def test_parameter_helpers_see_a_broken_notebook():
    """The checks above can fail: an unused parameter and a helper function are caught."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("event_id = None  # one event\nunused = 3  # never read",
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("def helper(x):\n    return x\nprint(event_id)")]
    assert _parameter_names(nb) == ["event_id", "unused"]
    assert "unused" not in _names_read(nb) and "event_id" in _names_read(nb)
    assert "helper" in {n.name for n in ast.walk(ast.parse(nb.cells[1].source)) if isinstance(n, ast.FunctionDef)}


# --- one real execution ------------------------------------------------------------------------------------


def _kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


@pytest.mark.slow
def test_plain_papermill_runs_the_strike_map_from_the_repo_root(tmp_path):
    """The README's one-notebook command: papermill CLI, repo root as cwd, one event selected."""
    source = REPO / "notebooks" / "02_strike_map.ipynb"
    if not source.exists():
        pytest.skip("02_strike_map not written yet")
    out = tmp_path / "map.ipynb"
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", str(source.relative_to(REPO)), str(out), "-p", "event_id",
         "2024-02-02", "-k", _kernel_name(), "--no-progress-bar"],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    nb = _read(out)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "event_id = \"2024-02-02\"" in injected[0].source
    outputs = [o for c in _code(nb) for o in c.outputs]
    errors = [f"{o.ename}: {o.evalue}" for o in outputs if o.output_type == "error"]
    assert errors == []
    assert any("image/png" in o.get("data", {}) for o in outputs), "no static map"
    rendered = json.dumps([o.get("data", {}) for o in outputs] + [o.get("text", "") for o in outputs])
    assert "Albu Kamal" in rendered
    summaries = [o.metadata["strikebook"]["summary"] for o in outputs if "strikebook" in o.get("metadata", {})]
    assert len(summaries) == 1 and "location" in summaries[0]
