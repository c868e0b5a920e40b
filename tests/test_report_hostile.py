"""The report runner with hostile inputs and big cases (issues 12 and 11).

- an output folder in, equal to, or around the articles folder is refused before anything is written;
- exit codes: 1 when inputs were skipped (each named), 2 for an empty case, for `--jobs` < 1, for report
  names that are not file names;
- kernels bounded (one per report to run, no more than the cores unless asked) and all stopped however the
  run ends: Ctrl-C (exit 130) and SIGTERM (exit 143) tested on a real `strikebook report` process, counting
  its child processes; previous outputs intact;
- nothing of the machine in any page: no absolute path, home folder or user name;
- progress on stderr only when it is a terminal, and never with `--quiet`;
- long tables capped, with the whole table as CSV beside the report (`present.html.frame_html`).

Fixture notebooks are written by the tests; the case tables are a small stand-in (no extraction), except in
the subprocess tests, which replace them the same way inside the child process.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pandas as pd
import pytest

from strikebook.records import Problem
from strikebook.report import redact, runner

LIB = Path(__file__).resolve().parents[1] / "lib"


def tables(n_articles: int = 2, problems=()) -> types.SimpleNamespace:
    """A stand-in for the case tables: what validation, for_each and the index read."""
    ids = [f"a{i}" for i in range(1, n_articles + 1)]
    return types.SimpleNamespace(
        articles=pd.DataFrame({"article_id": ids, "title": [f"Title {i}" for i in ids],
                               "event_id": ["2024-02-02"] * len(ids), "chars": [10] * len(ids)}),
        events=pd.DataFrame({"event_id": ["2024-02-02"], "name": ["85 targets"]}),
        quotes=pd.DataFrame({"speaker": ["John Kirby"]}),
        flags=pd.DataFrame({"article_id": [], "kind": [], "severity": []}),
        problems=list(problems))


def notebook(path: Path, *cells: str, params: str = "articles = None") -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    first = new_code_cell(params)
    first.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[first, *map(new_code_cell, cells)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, path)


def case(root: Path, *reports: str, notebooks: dict[str, tuple[str, ...]] | None = None) -> Path:
    """root/articles (two articles), root/nbs (the notebooks), root/reports.yml listing `reports`."""
    arts = root / "articles"
    arts.mkdir(parents=True)
    (arts / "a1.txt").write_text("First article\nBody.\n", encoding="utf-8")
    (arts / "a2.txt").write_text("Second article\nBody.\n", encoding="utf-8")
    (root / "nbs").mkdir()
    for name, cells in (notebooks or {}).items():
        notebook(root / "nbs" / f"{name}.ipynb", *cells)
    (root / "reports.yml").write_text("notebooks: nbs\nreports:\n" + "".join(f"  - {r}\n" for r in reports),
                                      encoding="utf-8")
    return root


SUMMARY = "from strikebook.report import summary\nsummary('done')"


def run(root: Path, out: Path, **kw) -> int:
    kw.setdefault("jobs", 1)
    return runner.run_reports(config=root / "reports.yml", out=out, articles=kw.pop("articles", root / "articles"),
                              **kw)


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def stand_in(monkeypatch, tmp_path):
    """The case tables replaced by `tables()` (set `.value` to change them); the cache in tmp."""
    holder = types.SimpleNamespace(value=tables())
    monkeypatch.setattr(runner, "_load_case", lambda articles: (holder.value, {}, ""))
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    return holder


# --- where the reports go --------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["equal", "inside", "deep inside", "holding", "symlink into"])
def test_out_in_or_around_the_articles_is_refused_before_anything_is_written(tmp_path, stand_in, capsys, monkeypatch,
                                                                           where):
    root = case(tmp_path / "root", "{notebook: ok}", notebooks={"ok": (SUMMARY,)})
    arts = root / "articles"
    out = {"equal": arts, "inside": arts / "reports", "deep inside": arts / "x" / "y", "holding": root,
           "symlink into": tmp_path / "link" / "reports"}[where]
    if where == "symlink into":
        (tmp_path / "link").symlink_to(arts)
    before = listing(tmp_path)
    pools = _pool_spy(monkeypatch)
    code = run(root, out)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"strikebook report: --out {out} ")
    assert "articles folder" in err[0] and "nothing written" in err[0]
    assert listing(tmp_path) == before  # not a file written, not a folder made
    assert out.exists() == (where in ("equal", "holding"))
    assert pools == []  # refused before any kernel started


def test_out_that_is_a_file_is_refused(tmp_path, stand_in, capsys):
    root = case(tmp_path / "root", "{notebook: ok}", notebooks={"ok": (SUMMARY,)})
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    assert run(root, tmp_path / "out") == 2
    assert capsys.readouterr().err.strip() == f"strikebook report: --out {tmp_path / 'out'}: not a folder"


# --- exit codes ------------------------------------------------------------------------------------------


def test_skipped_inputs_are_named_and_give_exit_1(tmp_path, stand_in, capsys):
    root = case(tmp_path / "root", "{notebook: ok}", notebooks={"ok": (SUMMARY,)})
    arts = root / "articles"
    stand_in.value = tables(problems=[Problem(str(arts / "empty.txt"), "empty file"),
                                      Problem(str(arts / "x.bin"), "not an article file (expected .txt)")])
    code = run(root, tmp_path / "out")
    err = capsys.readouterr().err
    assert code == 1
    assert "strikebook report: skipped empty.txt: empty file\n" in err
    assert "strikebook report: skipped x.bin: not an article file (expected .txt)\n" in err
    assert "1 report(s) ok, 0 failed, 2 input(s) skipped" in err
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    assert index["skipped"] == [{"file": "empty.txt", "problem": "empty file"},
                                {"file": "x.bin", "problem": "not an article file (expected .txt)"}]
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Inputs skipped (2)" in page and "<code>x.bin</code>" in page
    assert str(arts) not in page


@pytest.mark.parametrize("problems", [0, 2])
def test_an_empty_case_is_a_usage_error(tmp_path, stand_in, capsys, problems):
    root = case(tmp_path / "root", "{notebook: ok}", notebooks={"ok": (SUMMARY,)})
    arts = root / "articles"
    stand_in.value = tables(0, [Problem(str(arts / f"bad{i}.txt"), "empty file") for i in range(problems)])
    code = run(root, tmp_path / "out")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1] == (f"strikebook report: no articles in {arts}"
                       f"{f' ({problems} file(s) skipped)' if problems else ''}; nothing run")
    assert err[:-1] == [f"strikebook report: skipped bad{i}.txt: empty file" for i in range(problems)]
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_through_the_command_line(tmp_path, monkeypatch, capsys):
    """The real case loader on an empty folder: `no articles in FOLDER`, exit 2, not '1 report(s) ok'."""
    from strikebook.cli import main

    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    root = case(tmp_path / "root", "{notebook: ok}", notebooks={"ok": (SUMMARY,)})
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(["report", "--config", str(root / "reports.yml"), "--articles", str(empty),
                 "--out", str(tmp_path / "out")])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"strikebook report: no articles in {empty}; nothing run"


@pytest.mark.parametrize("jobs", [0, -3])
def test_jobs_below_one_is_a_clear_usage_error(tmp_path, stand_in, capsys, jobs):
    from strikebook.cli import main

    root = case(tmp_path / "root", "{notebook: ok}", notebooks={"ok": (SUMMARY,)})
    code = main(["report", "--config", str(root / "reports.yml"), "--articles", str(root / "articles"),
                 "--out", str(tmp_path / "out"), "--jobs", str(jobs)])
    assert code == 2
    assert capsys.readouterr().err.strip() == (f"strikebook report: --jobs {jobs}: must be a whole number, 1 or "
                                               "more (how many reports run at once)")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name, message", [("../escape", "not a usable report name"),
                                           ("index", "reserved for the index"),
                                           (".hidden", "not a usable report name"),
                                           ("twice", "two reports of that name")])
def test_report_names_must_be_plain_unique_file_names(tmp_path, stand_in, capsys, name, message):
    entries = [f"{{notebook: ok, name: '{name}'}}"] + (["{notebook: ok, name: twice}"] if name == "twice" else [])
    root = case(tmp_path / "root", *entries, notebooks={"ok": (SUMMARY,)})
    code = run(root, tmp_path / "out")
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "escape.html").exists()


# --- kernels: bounded, and all stopped ---------------------------------------------------------------------

#: a notebook cell that counts the kernels of its own run: processes whose parent is its parent and that run
#: ipykernel (Linux /proc), after a pause so that the other kernels have started
COUNT_KERNELS = """
import os, time
time.sleep(1.5)
def kernels():
    n = 0
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            ppid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])
            n += ppid == os.getppid() and b'ipykernel' in open(f'/proc/{pid}/cmdline', 'rb').read()
        except (OSError, ValueError, IndexError):
            pass
    return n
from strikebook.report import summary
summary(f'kernels={kernels()}')
"""


def _pool_spy(monkeypatch) -> list:
    pools = []
    real = runner.start_pool

    def spy(*args, **kwargs):
        pools.append(real(*args, **kwargs))
        return pools[-1]

    monkeypatch.setattr(runner, "start_pool", spy)
    return pools


def test_at_most_one_kernel_per_report_to_run(tmp_path, stand_in, monkeypatch):
    """--jobs 4 with two reports to run (and one whose notebook is missing): two kernels, never more."""
    pools = _pool_spy(monkeypatch)
    root = case(tmp_path / "root", "{notebook: count, name: c1}", "{notebook: count, name: c2}", "{notebook: gone}",
                notebooks={"count": (COUNT_KERNELS,)})
    assert run(root, tmp_path / "out", jobs=4) == 1  # the missing notebook fails
    index = {r["name"]: r for r in json.loads((tmp_path / "out" / "index.json").read_text())["reports"]}
    counts = [int(index[n]["summary"].split("=")[1]) for n in ("c1", "c2")]
    assert max(counts) <= 2 and min(counts) >= 1
    assert len(pools) == 1 and len(pools[0].kernels) <= 2  # every kernel the run ever made


def test_no_more_kernels_than_cores_unless_asked(tmp_path, stand_in, monkeypatch, capsys):
    pools = _pool_spy(monkeypatch)
    monkeypatch.setattr(runner, "available_cores", lambda: 1)
    root = case(tmp_path / "root", "{notebook: count, name: c1}", "{notebook: count, name: c2}",
                notebooks={"count": (COUNT_KERNELS,)})
    assert run(root, tmp_path / "out", jobs=None) == 0
    index = json.loads((tmp_path / "out" / "index.json").read_text())["reports"]
    assert [r["summary"] for r in index] == ["kernels=1", "kernels=1"]
    assert pools[0].size == 1
    capsys.readouterr()
    # asked for: two kernels on one core; --quiet: nothing said when all went well
    assert run(root, tmp_path / "out2", jobs=2, quiet=True) == 0
    assert pools[1].size == 2
    assert capsys.readouterr().err == ""


DRIVER = """
import sys, types
import pandas as pd
from strikebook.report import runner
tables = types.SimpleNamespace(
    articles=pd.DataFrame({"article_id": ["a1"], "title": ["t"], "event_id": [""], "chars": [1]}),
    events=pd.DataFrame({"event_id": [], "name": []}), quotes=pd.DataFrame({"speaker": []}),
    flags=pd.DataFrame({"article_id": [], "kind": [], "severity": []}), problems=[])
runner._load_case = lambda articles: (tables, {}, "")
from strikebook.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
        except (OSError, ValueError, IndexError):
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(predicate, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def slow_case(tmp_path_factory):
    """`quick` and `slow` reports, run once (quickly) so that the output folder holds a previous run; shared
    by the tests that stop a run (each removes the marker the slow notebook leaves)."""
    tmp = tmp_path_factory.mktemp("slow_case")
    marker = tmp / "slow-started"
    slow = (f"import time, pathlib\nif wait:\n    pathlib.Path({str(marker)!r}).write_text('x')\n"
            "    time.sleep(120)\n" + SUMMARY)
    root = case(tmp / "root", "{notebook: quick}", "{notebook: slow}", notebooks={"quick": (SUMMARY,)})
    notebook(root / "nbs" / "slow.ipynb", slow, params="articles = None\nwait = False")
    out = tmp / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "_load_case", lambda articles: (tables(), {}, ""))
        mp.setenv("STRIKEBOOK_CACHE", str(tmp / "cache"))
        assert run(root, out) == 0
    yield types.SimpleNamespace(root=root, out=out, marker=marker, tmp=tmp)


@pytest.fixture
def stoppable(slow_case):
    slow_case.marker.unlink(missing_ok=True)
    return slow_case


def _start(slow_case, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(LIB), os.environ.get("PYTHONPATH", "")]),
           "STRIKEBOOK_CACHE": str(slow_case.tmp / "cache")}
    cmd = [sys.executable, "-c", DRIVER, "report", "--config", str(slow_case.root / "reports.yml"),
           "--articles", str(slow_case.root / "articles"), "--out", str(slow_case.out), "-p", "wait", "true", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.parametrize("sig, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_stopped_run_stops_every_kernel_writes_nothing_and_says_so(stoppable, sig, code, word):
    slow_case = stoppable
    before = listing(slow_case.out)
    proc = _start(slow_case, "--only", "slow", "--jobs", "2")
    try:
        _wait_for(slow_case.marker.exists)
        kernels = _children(proc.pid)
        assert len(kernels) == 1  # one report to run: one kernel, though --jobs 2
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == code
    assert err.strip().splitlines() == [f"strikebook report: {word}; nothing written"]
    _wait_for(lambda: not any(_alive(k) for k in kernels), timeout=10)
    assert listing(slow_case.out) == before  # previous outputs intact, no staging folder left


def test_ctrl_c_keeps_the_reports_that_finished(stoppable):
    slow_case = stoppable
    before = listing(slow_case.out)
    quick_made = (slow_case.out / "quick.html").stat().st_mtime_ns
    proc = _start(slow_case, "--jobs", "2")
    try:
        _wait_for(lambda: slow_case.marker.exists() and (slow_case.out / "quick.html").stat().st_mtime_ns != quick_made)
        kernels = _children(proc.pid)
        assert 1 <= len(kernels) <= 2
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == (
        f"strikebook report: interrupted; kept the 1 finished report(s) and updated {slow_case.out / 'index.html'}; "
        "1 unfinished keep their previous output")
    _wait_for(lambda: not any(_alive(k) for k in kernels), timeout=10)
    after = listing(slow_case.out)
    assert after["slow.html"] == before["slow.html"]
    assert sorted(after) == sorted(before)
    index = {r["name"]: r for r in json.loads(after["index.json"])["reports"]}
    assert index["slow"] == {r["name"]: r for r in json.loads(before["index.json"])["reports"]}["slow"]
    assert index["quick"]["status"] == "ok"


# --- nothing of the machine in any page ------------------------------------------------------------------

LEAKY = """
import os, sys, warnings
from pathlib import Path
import pandas as pd
from strikebook.store.case import resolve_articles
from strikebook.report import summary
folder = resolve_articles(articles)[0]
print('case folder:', folder, 'cwd:', os.getcwd(), 'home:', os.path.expanduser('~'), 'python:', sys.prefix)
print('report folder:', os.environ.get('STRIKEBOOK_REPORT_DIR'))
warnings.warn(f'a warning naming {folder}')
display(pd.DataFrame({'path': [str(p) for p in sorted(folder.iterdir())]}))
summary(f'read {folder}')
"""
FAILS = """
from strikebook.store.case import resolve_articles
open(resolve_articles(articles)[0] / 'missing.txt')
"""


def test_no_page_reveals_paths_home_or_user(tmp_path, stand_in, monkeypatch):
    import matplotlib

    real_home = str(Path.home())
    user = "sbuserq7"
    home = tmp_path / "home" / user
    home.mkdir(parents=True)
    monkeypatch.setenv("MPLCONFIGDIR", matplotlib.get_configdir())  # no font cache rebuilt in the new home
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USER", user)
    monkeypatch.setattr("getpass.getuser", lambda: user)
    root = case(home / "leaks" / "source-x", "{notebook: leaky}", "{notebook: fails}",
                notebooks={"leaky": (LEAKY,), "fails": (FAILS,)})
    arts = root / "articles"
    stand_in.value = tables(problems=[Problem(str(arts / "bad.txt"), "empty file")])
    out = home / "reports-out"
    monkeypatch.chdir(root)
    assert run(root, out, show_code=True, jobs=2) == 1
    files = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert {"leaky.html", "fails.failed.html", "index.html", "index.json"} <= set(files)
    assert "read articles" in files["index.json"]  # the case named by its folder's name
    assert "missing.txt" in files["fails.failed.html"]  # the error is still there, its path shortened
    from strikebook.config import REPO_DIR, cache_dir

    machine = [str(tmp_path), str(home), user, "leaks", "source-x", str(out), str(arts), str(REPO_DIR),
               sys.prefix, str(cache_dir()), os.path.realpath(tmp_path), real_home]
    leaks = [(name, m) for name, text in files.items() for m in machine if m in text]
    assert leaks == []


def test_redactor_replaces_whole_paths_only():
    r = redact.Redactor([("/home/ann/cases/gaza", "gaza"), ("/home/ann", "~"), ("/srv/out", "…/out")])
    assert r("open('/home/ann/cases/gaza/a.txt')") == "open('gaza/a.txt')"
    assert r("in /home/ann/.cache and /home/annex/x") == "in ~/.cache and /home/annex/x"
    assert r("/srv/output /srv/out/x.html") == "/srv/output …/out/x.html"
    assert r("data:image/png;base64,AAAA/home/ann/BBB") == "data:image/png;base64,AAAA/home/ann/BBB"
    assert r("&lt;/home/ann/x&gt;") == "&lt;~/x&gt;"
    assert redact.Redactor([("/", "root"), ("/tmp", "t")])("/tmp/x") == "/tmp/x"  # too general to replace


# --- progress ----------------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class InstantPool:
    """Stands in for the kernel pool: every report 'runs' at once and succeeds."""

    def run(self, jobs_list, work, done):
        for job in jobs_list:
            done({"name": job["name"], "status": "ok", "seconds": 0.1})

    def close(self):
        pass


@pytest.mark.parametrize("tty, quiet, shown", [(True, False, True), (True, True, False), (False, False, False)])
def test_progress_bar_on_a_terminal_only_and_never_when_quiet(tmp_path, monkeypatch, tty, quiet, shown):
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    err = Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    jobs = [{"name": f"r{i}", "notebook": "nb.ipynb"} for i in range(3)]
    results, stopped = runner.execute(jobs, 2, {}, InstantPool(), quiet=quiet)
    assert [r["name"] for r in results] == ["r0", "r1", "r2"] and stopped is None
    assert ("reports: 100%" in err.getvalue() and "3/3" in err.getvalue()) == shown


# --- big cases: capped tables with their CSV beside the report ----------------------------------------------

BIG_TABLE = """
import pandas as pd
from IPython.display import HTML, display
from strikebook.present.html import frame_html
from strikebook.report import summary
df = pd.DataFrame({'quote': [f'<b>quote</b> {i}' for i in range(rows)], 'n': range(rows)})
display(HTML(frame_html(df, max_rows=200, csv_name='quotes')))
if fail:
    raise ValueError('fails after writing its CSV')
summary('ok')
"""


def test_long_table_is_capped_and_its_csv_goes_beside_the_report(tmp_path, stand_in):
    root = case(tmp_path / "root", "{notebook: big}")
    notebook(root / "nbs" / "big.ipynb", BIG_TABLE, params="articles = None\nrows = 5000\nfail = False")
    out = tmp_path / "out"
    assert run(root, out) == 0
    page = (out / "big.html").read_text(encoding="utf-8")
    assert "Showing the first 200 of 5,000 rows." in page
    assert re.search(r'<a (download="" )?href="big.quotes.csv"( download)?>big.quotes.csv</a> \(CSV\)', page)
    assert "&lt;b&gt;quote&lt;/b&gt; 199" in page and "quote&lt;/b&gt; 200<" not in page
    csv = pd.read_csv(out / "big.quotes.csv")
    assert len(csv) == 5000 and csv["quote"].iloc[4999] == "<b>quote</b> 4999"
    # a failing rerun leaves the report's previous CSV as it was, and no staging folder
    before = (out / "big.quotes.csv").read_bytes()
    assert runner.run_reports(config=root / "reports.yml", out=out, overrides=[("rows", "10"), ("fail", "true")],
                              articles=root / "articles", jobs=1) == 1
    assert (out / "big.quotes.csv").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["big.failed.html", "big.html", "big.quotes.csv", "index.html",
                                                     "index.json"]


def test_index_caps_the_articles_of_a_big_case(tmp_path, stand_in):
    root = case(tmp_path / "root", "{notebook: ok}", notebooks={"ok": (SUMMARY,)})
    stand_in.value = tables(1500)
    out = tmp_path / "out"
    assert run(root, out) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("<td><code>a") == 200
    assert "Showing the first 200 of 1500 articles" in page and 'href="index.articles.csv"' in page
    assert "Articles in the case (1500; the first 200 shown)" in page
    assert len(pd.read_csv(out / "index.articles.csv")) == 1500
