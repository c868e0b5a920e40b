"""`strikebook ingest`: tables written, exit codes 0/1/2, one stderr line per problem, no traceback unless --debug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from strikebook.cli import main
from strikebook.schema import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"
GOOD = "US strikes militia sites in Syria\n\nThe US struck two sites on Sunday, officials said.\n"


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, dtype=str, keep_default_na=False)


def ingest(capsys, *args) -> tuple[int, list[str]]:
    code = main(["ingest", *map(str, args)])
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("ingest")
    code = main(["ingest", str(SEEDS), "--out", str(out)])
    return code, read(out, "articles.csv"), read(out, "segments.csv")


def test_ingest_seeds_writes_both_tables_and_exits_0(seed_tables):
    code, articles, segments = seed_tables
    assert code == 0
    assert list(articles.columns) == COLUMNS["articles"] and list(segments.columns) == COLUMNS["segments"]
    assert len(articles) == 5 and articles["encoding"].eq("utf-8").all()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for aid, group in segments.groupby("article_id"):
        assert "".join(group.sort_values("start", key=lambda s: s.astype(int))["text"]) == texts[aid]


def kind_of(segments: pd.DataFrame, prefix: str, snippet: str) -> str:
    rows = segments[segments["article_id"].str.startswith(prefix) & segments["text"].str.contains(snippet,
                                                                                                   regex=False)]
    assert len(rows) == 1, (prefix, snippet)
    return rows["kind"].iloc[0]


def test_seed_segments_csv_sets_aside_comments_forms_captions_and_byline(seed_tables):
    """The issue's 'done when' on the seeds, read from segments.csv."""
    segments = seed_tables[2]
    assert kind_of(segments, "000", "Comment: The SOHR") == "comment"
    assert kind_of(segments, "000", "Comment: Understandings") == "comment"
    assert kind_of(segments, "000", "See: Russia denies") == "comment"
    assert kind_of(segments, "000", "© US Air Force/AFP/Getty Images") == "caption"
    assert kind_of(segments, "001", "Please enter your comment!") == "boilerplate"
    assert kind_of(segments, "001", "Please enter your name here") == "boilerplate"
    assert kind_of(segments, "004", "in Washington - AP") == "caption"
    assert kind_of(segments, "004", "to President Joe Biden - AP") == "caption"
    assert kind_of(segments, "004", "airport in Erbil - Getty") == "caption"
    assert kind_of(segments, "004", "Our Foreign Staff") == "byline"
    assert kind_of(segments, "004", "·4 min read") == "byline"
    assert kind_of(segments, "004", "date 2021-02-26") == "date"


def test_bad_inputs_exit_1_with_one_line_each_and_the_rest_written(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good one.txt").write_text(GOOD, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "bin.txt").write_bytes(b"\x00\x01binary\x00")
    (src / "big.txt").write_text(GOOD * 100, encoding="utf-8")
    (src / "manifest.csv").write_text("article_id,file,outlet\nA,good one.txt,Paper\n", encoding="utf-8")
    code, err = ingest(capsys, src, tmp_path / "missing.txt", "--out", tmp_path / "out", "--max-bytes", "2k")
    assert code == 1
    problems = [line for line in err if line.startswith("skipped ")]
    assert len(problems) == 5 and not any("Traceback" in line for line in err)
    for name in ("empty.txt", "bin.txt", "big.txt", "manifest.csv", "missing.txt"):
        assert sum(name in line for line in problems) == 1, name
    assert any("big.txt" in line and "--max-bytes" in line and "2,000 bytes" in line for line in problems)
    assert any("missing column 'url'" in line for line in problems)
    articles = read(tmp_path / "out", "articles.csv")
    assert articles["article_id"].tolist() == ["good one"] and articles["title"].iloc[0].startswith("US strikes")


def test_unwritable_output_exits_2_with_one_line_and_a_traceback_only_with_debug(tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should go")
    code, err = ingest(capsys, SEEDS, "--out", blocker)
    assert code == 2 and len(err) == 1 and err[0].startswith("strikebook ingest: error:")
    code = main(["--debug", "ingest", str(SEEDS), "--out", str(blocker)])
    assert code == 2 and "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["lots", "0", "-5MB"])
def test_a_bad_max_bytes_is_a_usage_error(tmp_path, capsys, value):
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(SEEDS), "--out", str(tmp_path), "--max-bytes", value])
    assert exc.value.code == 2 and "--max-bytes" in capsys.readouterr().err


def test_default_path_is_the_projects_articles(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err = ingest(capsys, "--out", "tables")
    assert code == 0 and err[-1] == "read 5 article(s) into tables/"
    assert len(read(tmp_path / "tables", "articles.csv")) == 5


def test_console_script_runs_in_a_real_process(tmp_path):
    """The installed `strikebook` entry point: exit code and stderr as a user sees them."""
    exe = Path(sys.executable).with_name("strikebook")
    case = tmp_path / "case"  # outputs never go inside the case folder (refused: tests/test_hostile.py)
    case.mkdir()
    (case / "empty.txt").write_bytes(b"")
    (case / "ok.txt").write_text(GOOD, encoding="utf-8")
    run = subprocess.run([str(exe), "ingest", str(case), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines()[0] == f"skipped {case / 'empty.txt'}: empty file"
    assert (tmp_path / "out" / "segments.csv").read_text(encoding="utf-8").startswith("article_id,kind,start,end,text")
    helped = subprocess.run([str(exe), "ingest", "--help"], capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0 and "--max-bytes" in helped.stdout
