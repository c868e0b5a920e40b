"""The report runner (`strikebook report`) and the case cache.

Most tests run tiny fixture notebooks (tests/fixtures/notebooks/) over a two-article fixture case in a
temporary folder, with the case tables replaced by a small stand-in, so they do not depend on the
extractors. One slow test runs the real reports.yml on the seed case (shared with the browser test).
"""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import _reports  # noqa: E402

from strikebook.report import catalog, render, runner  # noqa: E402
from strikebook.report import params as parameters  # noqa: E402
from strikebook.store import case

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE_TITLE = "Strike <script>alert(1)</script> hits depot"


def fake_tables():
    """A stand-in for the case tables: just what validation, for_each and the index read."""
    return types.SimpleNamespace(
        events=pd.DataFrame({"event_id": ["2021-02-25", "2021-06-27", "2024-02-02"],
                             "name": ["Strikes in eastern Syria", "Border strikes", "85 targets"]}),
        quotes=pd.DataFrame({"speaker": ["John Kirby", "Lloyd Austin", ""]}),
        articles=pd.DataFrame({"article_id": ["a1", "a2"], "title": [HOSTILE_TITLE, "Second"],
                               "event_id": ["2021-02-25", "2024-02-02"], "chars": [60, 20]}),
        flags=pd.DataFrame({"article_id": ["a1", "a1", "a2"], "kind": ["anachronism", "quote_drift", "x"],
                            "severity": ["problem", "problem", "info"]}),
    )


def make_case(root: Path) -> Path:
    """Config + notebooks copied under root (so tests can add or break notebooks) and a hostile article."""
    arts = root / "articles"
    arts.mkdir(parents=True)
    (arts / "a1.txt").write_text(HOSTILE_TITLE + "\nBody of the first article.\n", encoding="utf-8")
    (arts / "a2.txt").write_text("Second article\nMore text.\n", encoding="utf-8")
    shutil.copytree(FIXTURES / "notebooks", root / "notebooks")
    shutil.copy(FIXTURES / "reports.yml", root / "reports.yml")
    return root


@pytest.fixture
def fixture_case(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "_load_case", lambda articles: (fake_tables(), {}, ""))
    return make_case(tmp_path)


def run(root: Path, out: Path, *, only=(), overrides=(), jobs=1, show_code=False, capsys=None):
    code = runner.run_reports(config=root / "reports.yml", out=out, only=list(only), overrides=list(overrides),
                              jobs=jobs, show_code=show_code, articles=root / "articles")
    err = capsys.readouterr().err if capsys else ""
    return code, err


# --- parameter values and validation (nothing runs) -------------------------------------------------------


def test_parse_value_keeps_dates_as_text_and_reads_yaml():
    assert parameters.parse_value("2024-02-02") == "2024-02-02"
    assert parameters.parse_value("null") is None
    assert parameters.parse_value("3") == 3
    assert parameters.parse_value("[Erbil, Baghdad]") == ["Erbil", "Baghdad"]
    assert parameters.parse_value("John Kirby") == "John Kirby"


def test_fit_type_follows_the_default():
    assert parameters.fit_type(7, "both") == "7"  # a text parameter accepts a number as text
    assert parameters.fit_type(80, 0.5) == 80.0
    assert parameters.fit_type("Erbil", ["Albu Kamal"]) == ["Erbil"]
    assert parameters.fit_type({"a": 1}, None) == {"a": 1}  # None default: anything, the domain decides
    with pytest.raises(ValueError, match="expected integer"):
        parameters.fit_type("many", 3)
    with pytest.raises(ValueError, match="true/false"):
        parameters.fit_type("yes please", True)
    with pytest.raises(ValueError, match="expected text"):
        parameters.fit_type(["a"], "both")


def test_unknown_parameter_exits_2_listing_the_notebooks_parameters(fixture_case, capsys):
    out = fixture_case / "out"
    code, err = run(fixture_case, out, overrides=[("evnt_id", "2021-02-25")], capsys=capsys)
    assert code == 2
    assert "-p evnt_id: no report in this run has a parameter 'evnt_id'" in err
    assert "event_id" in err and "show_plot" in err
    assert "nothing run" in err
    assert not out.exists()  # nothing run, nothing written


def test_event_not_in_the_case_exits_2_listing_valid_events(fixture_case, capsys):
    out = fixture_case / "out"
    code, err = run(fixture_case, out, overrides=[("event_id", "2030-01-01")], jobs=2, capsys=capsys)
    assert code == 2
    line = "-p event_id: '2030-01-01' is not an event of this case; valid: 2021-02-25, 2021-06-27, 2024-02-02"
    assert err.count(line) == 1  # said once, though three reports have the parameter
    assert not out.exists()


def test_wrong_type_and_bad_config_parameter_exit_2(fixture_case, capsys):
    code, err = run(fixture_case, fixture_case / "out", overrides=[("n", "many")], capsys=capsys)
    assert code == 2
    assert "-p n: expected integer like the default 3, got 'many'" in err
    cfg = fixture_case / "reports.yml"
    cfg.write_text(cfg.read_text().replace("label: \"from <config>\"", "colour: red"))
    code, err = run(fixture_case, fixture_case / "out", capsys=capsys)
    assert code == 2
    assert "ok: ok.ipynb has no parameter 'colour'; its parameters: articles, event_id, n, label, ratio, show_plot" in err


def test_parameters_papermill_cannot_parse_are_still_found():
    params = parameters.notebook_parameters(FIXTURES / "notebooks" / "ok.ipynb")
    assert list(params) == ["articles", "event_id", "n", "label", "ratio", "show_plot"]  # the cell's order
    assert params["label"]["default"] == '"plain"'


def test_domain_checks_for_speaker_status_and_unknown_only(fixture_case, capsys):
    tables = fake_tables()
    r = catalog.Report("q", fixture_case / "notebooks" / "ok.ipynb", parameters={})
    errors = parameters.validate([r], [], tables, None)
    assert errors == []
    assert parameters.DOMAINS["speaker"].values(tables) == ["John Kirby", "Lloyd Austin"]
    assert parameters.DOMAINS["status"].values(tables) == ["killed", "wounded", "both"]
    code, err = run(fixture_case, fixture_case / "out", only=["nope"], capsys=capsys)
    assert code == 2
    assert "--only nope: no such report; reports: ok, ok_2021-02-25, ok_2024-02-02, fails, missing_notebook" in err


def test_for_each_expands_over_the_events_the_articles_report(fixture_case):
    nb_dir, entries = catalog.read_config(fixture_case / "reports.yml")
    reports, errors = catalog.expand(nb_dir, entries, fake_tables(), "")
    assert errors == []
    assert [r.name for r in reports] == ["ok", "ok_2021-02-25", "ok_2024-02-02", "fails", "missing_notebook"]
    by_name = {r.name: r for r in reports}
    assert by_name["ok_2024-02-02"].parameters == {"show_plot": False, "event_id": "2024-02-02"}
    assert by_name["ok_2024-02-02"].title == "Fixture for 85 targets (2024-02-02)"
    assert by_name["missing_notebook"].error.startswith("notebook not found")


# --- running: failures, atomic writes, escaping, index ---------------------------------------------------


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    """The whole fixture config in a 2-process pool: 3 good reports, 1 failing, 1 missing notebook."""
    import contextlib
    import io

    root = make_case(tmp_path_factory.mktemp("fixture_run"))
    out = root / "out"
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stderr(err):
        mp.setattr(runner, "_load_case", lambda articles: (fake_tables(), {}, ""))
        code, _ = run(root, out, jobs=2)
    return types.SimpleNamespace(root=root, out=out, code=code, err=err.getvalue(),
                                 index=json.loads((out / "index.json").read_text(encoding="utf-8")))


def test_failing_notebook_is_marked_failed_and_the_others_render(fixture_run):
    assert fixture_run.code == 1
    status = {r["name"]: r["status"] for r in fixture_run.index["reports"]}
    assert status == {"ok": "ok", "ok_2021-02-25": "ok", "ok_2024-02-02": "ok", "fails": "failed",
                      "missing_notebook": "failed"}
    fails = next(r for r in fixture_run.index["reports"] if r["name"] == "fails")
    assert fails["cell"] == "code cell 3 (raise ValueError('boom: the fixture fails here'))"
    assert fails["error"] == "ValueError: boom: the fixture fails here"
    assert "failed fails: code cell 3" in fixture_run.err
    index = (fixture_run.out / "index.html").read_text(encoding="utf-8")
    assert "ValueError: boom: the fixture fails here" in index
    assert 'href="fails.failed.html"' in index
    assert "notebook not found" in index
    page = (fixture_run.out / "fails.failed.html").read_text(encoding="utf-8")
    assert "raise ValueError(&#x27;boom" in page or "raise ValueError('boom" in page
    assert not (fixture_run.out / "fails.html").exists()
    for name in ("ok", "ok_2021-02-25", "ok_2024-02-02"):
        assert (fixture_run.out / f"{name}.html").stat().st_size > 10_000


def test_reports_are_self_contained_code_hidden_and_summarised(fixture_run):
    page = (fixture_run.out / "ok.html").read_text(encoding="utf-8")
    assert _reports.remote_assets(page) == []
    imgs = _reports.tags(page).imgs
    assert len(imgs) == 1 and imgs[0]["src"].startswith("data:image/png;base64,")
    assert "resolve_articles" not in page  # code hidden
    assert "warning for editors only" not in page  # stderr hidden from readers
    assert "Body of the first article." in page  # stdout kept
    assert '<code>label = "from &lt;config&gt;"</code>' in page.replace("&quot;", '"')
    assert "<title>Fixture &lt;b&gt;report&lt;/b&gt;</title>" in page
    # no plot when show_plot is false (parameter reached the notebook)
    assert _reports.tags((fixture_run.out / "ok_2024-02-02.html").read_text(encoding="utf-8")).imgs == []
    ok = next(r for r in fixture_run.index["reports"] if r["name"] == "ok_2024-02-02")
    assert ok["summary"] == (f"2 articles, event 2024-02-02, label plain, n=3; first: {HOSTILE_TITLE}")


def test_nothing_from_article_text_becomes_a_script(fixture_run):
    for path in fixture_run.out.glob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in page.lower(), path.name
        for script in _reports.tags(page).scripts:
            assert "alert(1)" not in script["text"], path.name
    index = (fixture_run.out / "index.html").read_text(encoding="utf-8")
    assert "Strike &lt;script&gt;alert(1)&lt;/script&gt; hits depot" in index  # summary and article title
    assert _reports.tags(index).scripts == [] and _reports.remote_assets(index) == []


def test_index_lists_parameters_run_time_summary_and_problems(fixture_run):
    index = (fixture_run.out / "index.html").read_text(encoding="utf-8")
    assert '<a href="ok_2021-02-25.html">Fixture for Strikes in eastern Syria (2021-02-25)</a>' in index
    assert "<code>event_id = &quot;2021-02-25&quot;</code>" in index
    assert "<th>Problems</th>" in index or "Problems</th>" in index
    assert '<td class="num problems">2</td>' in index  # a1: two flags of severity problem
    assert '<td class="num">0</td>' in index  # a2: an info flag is not a problem
    ok = next(r for r in fixture_run.index["reports"] if r["name"] == "ok")
    assert ok["seconds"] > 0 and f"{ok['seconds']:.1f} s" in index


def test_failed_rerun_keeps_the_previous_good_html(fixture_run, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "_load_case", lambda articles: (fake_tables(), {}, ""))
    root = tmp_path / "root"
    shutil.copytree(fixture_run.root, root)
    fixture_run = types.SimpleNamespace(root=root, out=root / "out")
    before = (fixture_run.out / "ok.html").read_bytes()
    code, err = run(fixture_run.root, fixture_run.out, only=["ok"], overrides=[("n", "-1")], capsys=capsys)
    assert code == 1
    assert (fixture_run.out / "ok.html").read_bytes() == before
    index = json.loads((fixture_run.out / "index.json").read_text(encoding="utf-8"))
    ok = next(r for r in index["reports"] if r["name"] == "ok")
    assert ok["status"] == "failed" and ok["html"] == "ok.html"
    assert ok["error"] == "ValueError: n must not be negative, got -1"
    # reports not run this time keep their last record
    status = {r["name"]: r["status"] for r in index["reports"]}
    assert status == {"ok": "failed", "ok_2021-02-25": "ok", "ok_2024-02-02": "ok", "fails": "failed",
                      "missing_notebook": "failed"}
    page = (fixture_run.out / "index.html").read_text(encoding="utf-8")
    assert "link shows the last good run" in page
    assert not list(fixture_run.out.glob(".*.tmp"))
    # a good rerun replaces it and removes the failure page
    code, _ = run(fixture_run.root, fixture_run.out, only=["ok"], show_code=True, capsys=capsys)
    assert code == 0
    assert not (fixture_run.out / "ok.failed.html").exists()
    assert "resolve_articles" in (fixture_run.out / "ok.html").read_text(encoding="utf-8")  # --show-code


def test_strip_remote_assets():
    page = ('<head><script src="https://cdn.example/require.js"></script>'
            '<link rel="stylesheet" href="//cdn.example/x.css"><script>var a = 1;</script></head>')
    assert render.strip_remote_assets(page) == "<head><script>var a = 1;</script></head>"


# --- the case cache --------------------------------------------------------------------------------------


@pytest.fixture
def counted_extract(tmp_path, monkeypatch):
    """load_case with a stand-in extractor that counts its calls, and an empty cache in tmp."""
    import importlib

    extract_module = importlib.import_module("strikebook.extract.pipeline")  # the package re-exports a function
    calls = []

    def fake_extract(paths):
        calls.append(paths)
        return {"files": sorted(p.name for p in Path(paths[0]).iterdir())}

    monkeypatch.setattr(extract_module, "extract_case", fake_extract)
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    case._case_bytes.cache_clear()
    case._pinned_bytes.cache_clear()
    yield calls
    case._case_bytes.cache_clear()
    case._pinned_bytes.cache_clear()


def test_case_is_extracted_once_and_cached_on_disk(tmp_path, counted_extract):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text("one", encoding="utf-8")
    first = case.load_case(arts)
    assert first == {"files": ["a.txt"]}
    first["files"].append("edited by a notebook")
    assert case.load_case(arts) == {"files": ["a.txt"]}  # a fresh copy each call
    case._case_bytes.cache_clear()  # as a new kernel would
    assert case.load_case(str(arts)) == {"files": ["a.txt"]}
    assert len(counted_extract) == 1
    assert len(list((tmp_path / "cache" / "cases").glob("*.pickle"))) == 1
    (arts / "a.txt").write_text("changed", encoding="utf-8")  # new input bytes → new key
    case.load_case(arts)
    assert len(counted_extract) == 2


def test_pinned_case_is_what_kernels_load_even_after_an_edit(tmp_path, counted_extract, monkeypatch):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text("one", encoding="utf-8")
    tables, env = case.pin_case(arts)
    assert tables == {"files": ["a.txt"]}
    assert env["STRIKEBOOK_ARTICLES"] == str(arts.resolve())
    assert Path(env["STRIKEBOOK_CASE_FILE"]).parent == tmp_path / "cache" / "cases"
    (arts / "b.txt").write_text("two", encoding="utf-8")  # the case changes while the run goes on
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    case._case_bytes.cache_clear()
    assert case.load_case() == {"files": ["a.txt"]}  # the run's case, not re-extracted
    assert len(counted_extract) == 1
    assert case.load_case(tmp_path) == {"files": ["arts", "cache"]}  # another case: not pinned
    assert len(counted_extract) == 2


def test_case_key_depends_on_inputs_not_on_how_the_path_is_written(tmp_path, monkeypatch):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_bytes(b"x")
    key = case.case_key(case.resolve_articles(arts))
    monkeypatch.chdir(tmp_path)
    assert case.case_key(case.resolve_articles("arts")) == key
    (arts / "b.txt").write_bytes(b"y")
    assert case.case_key(case.resolve_articles(arts)) != key
    with pytest.raises(FileNotFoundError, match="nope: no such file or folder"):
        case.resolve_articles("nope")


def test_default_case_comes_from_environment_then_repo(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIKEBOOK_ARTICLES", str(tmp_path))
    assert case.resolve_articles() == [tmp_path.resolve()]
    monkeypatch.delenv("STRIKEBOOK_ARTICLES")
    monkeypatch.chdir(tmp_path)  # like JupyterLab running a notebook in notebooks/
    assert case.resolve_articles() == [(_reports.REPO / "data" / "articles").resolve()]
    assert case.resolve_articles("data/articles") == [(_reports.REPO / "data" / "articles").resolve()]


def test_corrupt_cache_entry_is_rebuilt(tmp_path, counted_extract):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text("one", encoding="utf-8")
    case.load_case(arts)
    entry = next((tmp_path / "cache" / "cases").glob("*.pickle"))
    entry.write_bytes(b"\x80\x05truncated")
    case._case_bytes.cache_clear()
    assert case.load_case(arts) == {"files": ["a.txt"]}
    assert len(counted_extract) == 2
    assert pickle.loads(entry.read_bytes()) == {"files": ["a.txt"]}


def test_two_processes_filling_the_cache_at_once(tmp_path):
    """Both write the same entry (temp file + rename): each gets whole tables, no temp file is left."""
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text("one", encoding="utf-8")
    script = ("import importlib, sys, strikebook.store.case as c\n"
              "e = importlib.import_module('strikebook.extract.pipeline')\n"
              "e.extract_case = lambda paths: {'big': 'x' * 5_000_000}\n"
              "print(len(c.load_case(sys.argv[1])['big']))\n")
    env = {**__import__("os").environ, "STRIKEBOOK_CACHE": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(arts)], stdout=subprocess.PIPE, env=env, text=True)
             for _ in range(2)]
    assert [p.communicate(timeout=120)[0].strip() for p in procs] == ["5000000", "5000000"]
    assert [f.suffix for f in (tmp_path / "cache" / "cases").iterdir()] == [".pickle"]


def test_case_articles_rebuilds_articles_with_segments():
    tables = types.SimpleNamespace(
        articles=pd.DataFrame({"article_id": ["a"], "path": ["a.txt"], "title": ["T"], "outlet": [None],
                               "published": [""], "language": ["en"], "encoding": ["utf-8"]}),
        segments=pd.DataFrame({"article_id": ["a", "a"], "kind": ["body", "title"], "start": [2, 0],
                               "end": [6, 1]}),
        texts={"a": "T\nbody"})
    (art,) = case.case_articles(tables)
    assert art.text == "T\nbody" and art.outlet == ""
    assert [(s.kind, s.start, s.end) for s in art.segments] == [("title", 0, 1), ("body", 2, 6)]


# --- the real thing --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_real_reports_on_the_seed_case(tmp_path_factory):
    """reports.yml on data/articles: every notebook that exists renders; 01_corpus says what is in the case."""
    run_ = _reports.seed_reports(tmp_path_factory)
    reports = run_.index["reports"]
    names = [r["name"] for r in reports]
    assert names[:5] == ["01_corpus", "02_strike_map_all", "02_strike_map_2021-02-25",
                         "02_strike_map_2021-06-27", "02_strike_map_2024-02-02"]
    for r in reports:
        nb = Path(r["notebook"]).stem
        if _reports.notebook_exists(nb):
            assert r["status"] == "ok", f"{r['name']}: {r['cell']} {r['error']}"
            page = (run_.out / r["html"]).read_text(encoding="utf-8")
            assert _reports.remote_assets(page) == [], r["name"]
        else:
            assert r["status"] == "failed" and "notebook not found" in r["error"]
    missing = [r for r in reports if not _reports.notebook_exists(Path(r["notebook"]).stem)]
    assert run_.code == (1 if missing else 0)
    corpus = run_.report("01_corpus")
    assert corpus["summary"].startswith("5 articles, 3 events")
    page = (run_.out / "01_corpus.html").read_text(encoding="utf-8")
    assert '<mark class="seg-comment" title="comment">Comment:' in page  # reader comment set aside
    assert '<mark class="seg-caption" title="caption">' in page
    assert _reports.tags(page).imgs and all(i["src"].startswith("data:image/png") for i in _reports.tags(page).imgs)
    index = (run_.out / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") >= len(reports) + 5  # every report + every article


@pytest.mark.slow
def test_every_figure_report_shows_its_figure(tmp_path_factory):
    """The map, casualty, timeline and corpus reports each carry their figure inline — also the second and
    later reports a warm kernel runs (a kernel reset once silently stopped figures from being shown)."""
    run_ = _reports.seed_reports(tmp_path_factory)
    for r in run_.index["reports"]:
        if Path(r["notebook"]).stem in ("01_corpus", "02_strike_map", "03_casualties", "05_timeline"):
            page = (run_.out / r["html"]).read_text(encoding="utf-8")
            imgs = _reports.tags(page).imgs
            assert imgs and all(i["src"].startswith("data:image/png") for i in imgs), r["name"]


@pytest.mark.slow
def test_hostile_article_in_the_real_corpus_report(tmp_path):
    """An article carrying a script: the corpus report and the index show it as text, never as a script."""
    arts = tmp_path / "articles"
    arts.mkdir()
    shutil.copy(_reports.SEEDS / "003_9e7ad18b48a0c6cb.txt", arts)
    (arts / "evil.txt").write_text(
        "Strike hits depot <script>alert(1)</script>\n\nOfficials said <img src=x onerror=alert(2)> "
        "three people were killed in the strike on Tuesday.\n\nComment: <script>alert(3)</script>\n",
        encoding="utf-8")
    out = tmp_path / "out"
    code = runner.run_reports(config=_reports.REPO / "reports.yml", out=out, only=["01_corpus"], overrides=(),
                              jobs=1, show_code=False, articles=arts)
    assert code == 0
    for path in (out / "01_corpus.html", out / "index.html"):
        page = path.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path.name
        assert "<script>alert" not in page and "<img src=x" not in page
        assert all("alert(" not in s["text"] for s in _reports.tags(page).scripts)
        assert all(i.get("src", "").startswith("data:") for i in _reports.tags(page).imgs)


@pytest.mark.slow
def test_seed_reports_reveal_nothing_of_the_machine(tmp_path_factory):
    """No page or record of a real run names the output, project, case, cache, Python or home folder, the
    working folder or the user: the case is named by its folder's name."""
    import getpass
    import os

    from strikebook.config import REPO_DIR, cache_dir

    run_ = _reports.seed_reports(tmp_path_factory)
    user = getpass.getuser()
    machine = {str(run_.out), str(run_.out.resolve()), str(REPO_DIR), str(_reports.SEEDS), sys.prefix,
               str(cache_dir()), str(Path.home()) + "/", str(Path.cwd()), f"/home/{user}", f"/{user}/",
               "pytest-of-"} | ({os.environ["USER"]} if len(os.environ.get("USER", "")) > 5 else set())
    files = [*run_.out.glob("*.html"), run_.out / "index.json", *run_.out.glob("*.csv")]
    leaks = [(f.name, m) for f in files for m in sorted(machine) if m in f.read_text(encoding="utf-8")]
    assert leaks == []
    assert run_.index["case"] == "articles"
    assert "Case: <b>articles</b>" in (run_.out / "index.html").read_text(encoding="utf-8")


# --- warm kernels: one kernel runs report after report, isolated ------------------------------------------


def _notebook(path: Path, *cells: str, params: str = "tag = 'x'") -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    first = new_code_cell(params)
    first.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[first, *map(new_code_cell, cells)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, path)


def _gone(pid: int, wait: float = 10) -> bool:
    import os
    import time

    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


PROBE = ("import os, matplotlib, pandas as pd\n"
         "from pathlib import Path\n"
         "from strikebook.report import summary\n"
         "summary(f\"leaked={'leaked' in globals() or 'poison' in globals()} "
         "lw={matplotlib.rcParams['lines.linewidth']} env={os.environ.get('SB_LEAK')} "
         "rows={pd.get_option('display.max_rows')} cwd={Path.cwd().name} figs={len(__import__('matplotlib.pyplot').pyplot.get_fignums())} "
         "pid={os.getpid()}\")")


def test_one_kernel_runs_report_after_report_without_leaking_state(tmp_path, monkeypatch, capsys):
    """A notebook that sets variables, matplotlib and pandas options, the environment and the cwd, or
    leaves a figure open, changes nothing for the next report in the same kernel; a failing or timed-out
    notebook costs its kernel, and the next report runs in a fresh one."""
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))  # no timings: the config's order
    monkeypatch.setattr(runner, "_load_case", lambda articles: (fake_tables(), {}, ""))
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "dirty.ipynb",
              "import os, matplotlib, pandas as pd, matplotlib.pyplot as plt\n"
              "leaked = 'from dirty'\nmatplotlib.rcParams['lines.linewidth'] = 9\nos.environ['SB_LEAK'] = '1'\n"
              "pd.set_option('display.max_rows', 3)\nplt.figure()\nos.chdir('/')", PROBE)
    _notebook(nbs / "probe.ipynb", PROBE)
    _notebook(nbs / "fails.ipynb", "poison = 1\nraise RuntimeError('boom')")
    _notebook(nbs / "hangs.ipynb", "poison = 2\nimport time\ntime.sleep(60)")
    (tmp_path / "reports.yml").write_text(
        "notebooks: nbs\nreports:\n"
        "  - notebook: dirty\n  - {notebook: probe, name: probe_1}\n  - notebook: fails\n"
        "  - {notebook: probe, name: probe_2}\n  - notebook: hangs\n  - {notebook: probe, name: probe_3}\n",
        encoding="utf-8")
    code = runner.run_reports(config=tmp_path / "reports.yml", out=tmp_path / "out", jobs=1, articles=None,
                              timeout=4)
    assert code == 1
    index = {r["name"]: r for r in json.loads((tmp_path / "out" / "index.json").read_text())["reports"]}
    assert [index[n]["status"] for n in index] == ["ok", "ok", "failed", "ok", "failed", "ok"]
    assert index["dirty"]["summary"].startswith("leaked=True lw=9.0 env=1 rows=3 cwd= figs=0 pid=")
    pids = {}
    for name in ("probe_1", "probe_2", "probe_3"):  # what a fresh kernel shows (matplotlib's, pandas' defaults)
        probe = index[name]["summary"]
        assert probe.startswith("leaked=False lw=1.5 env=None rows=60 cwd=nbs figs=0 pid="), probe
        pids[name] = probe.rsplit("pid=", 1)[1]
    pids["dirty"] = index["dirty"]["summary"].rsplit("pid=", 1)[1]
    assert pids["dirty"] == pids["probe_1"]  # the kernel was reused…
    assert len({pids["probe_1"], pids["probe_2"], pids["probe_3"]}) == 3  # …and replaced after each failure
    assert index["fails"]["error"] == "RuntimeError: boom"
    assert "CellTimeoutError" in index["hangs"]["error"] or "Timeout" in index["hangs"]["error"]
    assert all(_gone(int(pid)) for pid in pids.values())  # no kernel left running
