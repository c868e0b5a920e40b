"""Hostile inputs (issue 12): one bad article never takes the case down, every cost is bounded, the case folder
is never written. Each test is one row of the issue's table, scaled down where the real input is slow, but
asserting the same bound; the Hypothesis test fuzzes article text through ingest and extraction.

The report runner's rows (--out inside the case, exit codes of `report`, kernels, paths in the HTML, JupyterLab
offline) are tested in tests/test_report.py; quote-dense attribution in tests/test_quotes.py; quote comparison
at scale in tests/test_quotecompare.py."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strikebook.cli import main
from strikebook.extract.pipeline import extract_case
from strikebook.ingest.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
GOOD = ("date 2031-03-04 US strikes militia sites in Syria\n\n"
        "US forces struck two sites near Albu Kamal on Sunday, the Pentagon said. "
        "\"We will respond,\" Lloyd Austin said. Seventeen fighters were killed.\n")
OTHER = ("date 2031-03-04 Monitor: 22 killed in US raids\n\n"
         "The Syrian Observatory for Human Rights said 22 fighters were killed in the US strikes near Albu "
         "Kamal on Sunday.\n")


@pytest.fixture
def case(tmp_path, monkeypatch):
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "a good one.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    return folder


def run_cli(capsys, *args) -> tuple[int, list[str]]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err.splitlines()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


# ------------------------------------------------------------------------------------------- sniff, links

def test_a_pdf_saved_as_txt_is_skipped_with_its_kind_named(case, capsys, tmp_path):
    (case / "scan.txt").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n(\"Quote\" 5 killed) Tj\n")
    code, err = run_cli(capsys, "extract", case, "--out", tmp_path / "out", "--jobs", "1")
    assert code == 1
    assert f"skipped {case / 'scan.txt'}: a PDF, not text (binary)" in err
    quotes = (tmp_path / "out" / "quotes.csv").read_text(encoding="utf-8")
    assert "Quote" not in quotes and "We will respond" in quotes


@pytest.mark.parametrize("head, kind", [(b"PK\x03\x04\x14\x00", "a ZIP archive"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
                                        (b"\xff\xd8\xff\xe0", "a JPEG image"), (b"\x1f\x8b\x08\x00", "a gzip archive"),
                                        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file")])
def test_binary_formats_are_recognised_by_their_bytes(case, head, kind):
    (case / "renamed.txt").write_bytes(head + b"readable looking text " * 20)
    corpus = load_corpus([case])
    [problem] = corpus.problems
    assert problem.path.endswith("renamed.txt") and problem.message.startswith(kind)


def test_a_dangling_link_is_named_and_makes_the_exit_status_1(case, capsys, tmp_path):
    os.symlink(tmp_path / "gone.txt", case / "x.txt")
    code, err = run_cli(capsys, "extract", case, "--out", tmp_path / "out", "--jobs", "1")
    assert code == 1
    assert any(line.startswith(f"skipped {case / 'x.txt'}: dangling link") for line in err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_named(case, capsys, tmp_path):
    locked = case / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    code, err = run_cli(capsys, "extract", case, "--out", tmp_path / "out", "--jobs", "1")
    assert code == 1 and any("locked.txt: cannot read" in line for line in err)


# ------------------------------------------------------------------------------------------- numbers

def test_a_4400_digit_number_neither_crashes_nor_names_another_file(case, capsys, tmp_path):
    (case / "digits.txt").write_text(GOOD + "\nThe code was " + "7" * 4400 + " and 4,400 people were killed.\n",
                                     encoding="utf-8")
    code, err = run_cli(capsys, "extract", case, "--out", tmp_path / "out", "--jobs", "1")
    assert code == 0, err
    import pandas as pd

    casualties = pd.read_csv(tmp_path / "out" / "casualties.csv")
    assert 4400 in set(casualties["min"]) and casualties["min"].max() == 4400


def test_an_absurd_figure_never_becomes_infinity_nor_silences_the_checks(tmp_path, monkeypatch):
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    (folder / "c.txt").write_text(OTHER.replace("22 fighters", "1" * 310 + " fighters"), encoding="utf-8")
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    tables = extract_case([folder], jobs=1)
    values = [float(v) for v in tables.casualties["min"].dropna()]
    assert all(v < 1e7 for v in values)  # no infinity, no 310-digit number
    flagged = tables.flags[tables.flags["kind"] == "conflicting_figures"]
    assert {"a", "b"} <= set(flagged["article_id"]) | set(";".join(flagged["related"]).split(";"))


# ------------------------------------------------------------------------------------------- long articles

def test_an_article_over_the_parsers_limit_is_parsed_in_pieces_not_refused(case, monkeypatch, capsys, tmp_path):
    """Scaled down: spaCy's limit set to 20,000 characters and a 60,000-character article (the real case is a
    1.2-million-character article under a one-million limit)."""
    from strikebook.extract import parse

    nlp = parse.get_nlp()
    monkeypatch.setattr(nlp, "max_length", 20_000)
    monkeypatch.setattr(parse, "PIECE_CHARS", 10_000)
    body = ("US forces struck a depot near Albu Kamal, killing at least 3 fighters, officials said.\n\n" * 700)
    (case / "huge.txt").write_text("A very long article\n\n" + body, encoding="utf-8")
    code, err = run_cli(capsys, "extract", case, "--out", tmp_path / "out", "--jobs", "1", "--no-cache")
    assert code == 0, err
    assert (tmp_path / "out" / "casualties.csv").read_text(encoding="utf-8").count("huge,killed,3") == 700


# ------------------------------------------------------------------------------------------- the case is read-only

@pytest.mark.parametrize("where", ["same", "inside"])
def test_out_inside_the_case_is_refused_before_anything_is_written(case, capsys, where):
    out = case if where == "same" else case / "tables"
    before = digests(case)
    code, err = run_cli(capsys, "extract", case, "--out", out, "--jobs", "1")
    assert code == 2 and len(err) == 1 and "outputs never go into the case" in err[0]
    assert digests(case) == before and not (case / "tables").exists()


def test_the_case_inside_out_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "articles").mkdir(parents=True)
    (out / "articles" / "a.txt").write_text(GOOD, encoding="utf-8")
    code, err = run_cli(capsys, "ingest", out / "articles", "--out", out)
    assert code == 2 and "inside --out" in err[0]


def test_an_empty_case_says_so(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, err = run_cli(capsys, "extract", tmp_path / "empty", "--out", tmp_path / "out", "--jobs", "1")
    assert code == 1 and err[-1] == f"strikebook extract: no articles in {tmp_path / 'empty'}"


def test_jobs_below_one_is_a_usage_error(case, capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(case), "--out", str(tmp_path / "out"), "--jobs", "0"])
    assert exc.value.code == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------- Ctrl-C

def test_ctrl_c_during_extract_says_one_line_and_keeps_previous_outputs(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    for i in range(30):
        (folder / f"a{i:02}.txt").write_text(GOOD.replace("Seventeen", str(i + 1)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "quotes.csv").write_text("previous run\n", encoding="utf-8")
    env = {**os.environ, "STRIKEBOOK_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen([str(Path(sys.executable).with_name("strikebook")), "extract", str(folder), "--out",
                             str(out), "--jobs", "1"], stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(4)  # inside the extraction (loading spaCy and parsing 30 articles takes longer)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=120)[1]
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "strikebook extract: interrupted; nothing written"
    assert (out / "quotes.csv").read_text(encoding="utf-8") == "previous run\n"


# ------------------------------------------------------------------------------------------- fuzzing

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
PIECES = st.lists(st.one_of(
    TEXT,
    st.sampled_from(["\"", "“", "”", "‘", "’", "«", "»", "'", "\n", "\n\n", "<script>alert(1)</script>", "<p>",
                     "Read more:", "said", "killed", "at least", "1" * 30, "9,999,999", "Baghdad", " ", "\r\n",
                     "\u200b", "\ufeff", "é", "ب"]),
    st.integers(min_value=0, max_value=10**40).map(str),
    st.text(alphabet="ab \n", min_size=200, max_size=2000),  # very long lines
), max_size=30).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(texts=st.lists(PIECES, min_size=1, max_size=3))
def test_fuzzed_articles_never_raise_and_every_offset_slices_the_original(texts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    for i, text in enumerate(texts):
        (folder / f"f{i}.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
    before = digests(folder)
    os.environ["STRIKEBOOK_CACHE"] = str(folder.parent / "fuzz-cache")
    tables = extract_case([folder], jobs=1)
    assert digests(folder) == before  # inputs are never modified
    for name in ("quotes", "casualties", "places", "entities", "dates", "sentences", "segments"):
        for row in getattr(tables, name).itertuples():
            text = tables.texts[row.article_id]
            assert 0 <= row.start <= row.end <= len(text)
            if name == "quotes":
                assert text[row.start:row.end] == row.text
            if name in ("places", "entities"):
                assert text[row.start:row.end] == row.mention
    for flag in tables.flags.itertuples():
        assert tables.texts[flag.article_id][flag.start:flag.end] == flag.evidence
