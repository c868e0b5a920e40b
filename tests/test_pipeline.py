"""The per-article pipeline (issue 11): cache keyed on what shapes an article's rows, the same tables from any
number of local workers or a Dask cluster, one article's failure isolated, long articles parsed in pieces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from strikebook.extract import schedule, work
from strikebook.extract.pipeline import extract_case
from strikebook.schema import COLUMNS
from strikebook.store.tables import to_csv_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


def csvs(tables) -> dict[str, str]:
    return {name: to_csv_text(getattr(tables, name)) for name in COLUMNS}


@pytest.fixture
def case(tmp_path, monkeypatch):
    """Six real-style articles (the seeds and one unseen fixture) in one folder, and an empty cache."""
    folder = tmp_path / "case"
    folder.mkdir()
    for src in sorted(SEEDS.glob("*.txt")) + [UNSEEN / "wire_ap_kh_strikes.txt"]:
        shutil.copy(src, folder / src.name)
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    return folder


@pytest.fixture
def counted(monkeypatch):
    """Counts the articles that are really extracted (not read back from the cache)."""
    seen: list[str] = []
    real = work.process_batch

    def counting(items, max_bytes=work.DEFAULT_MAX_BYTES):
        seen.extend(Path(i.path).name for i in items)
        return real(items, max_bytes)

    monkeypatch.setattr(schedule, "process_batch", counting)
    return seen


def test_warm_rerun_reads_every_article_from_the_cache(case, counted):
    first = extract_case([case], jobs=1)
    assert len(counted) == 6
    counted.clear()
    second = extract_case([case], jobs=1)
    assert counted == [] and csvs(second) == csvs(first)


def test_one_changed_article_is_the_only_one_extracted_again(case, counted):
    extract_case([case], jobs=1)
    counted.clear()
    target = case / "wire_ap_kh_strikes.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    again = extract_case([case], jobs=1)
    assert counted == ["wire_ap_kh_strikes.txt"]
    assert again.texts["wire_ap_kh_strikes"].endswith("A line added later.\n")


def test_a_changed_reference_table_or_code_version_extracts_everything_again(case, counted, monkeypatch, tmp_path):
    extract_case([case], jobs=1)
    counted.clear()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "reference", data / "reference")
    with open(data / "reference" / "aliases.csv", "a", encoding="utf-8") as fh:
        fh.write("Bukamaal,Albu Kamal,test spelling\n")
    monkeypatch.setenv("STRIKEBOOK_DATA", str(data))
    work.versions.cache_clear()
    extract_case([case], jobs=1)
    assert len(counted) == 6  # every article: the reference shapes every row
    counted.clear()
    monkeypatch.delenv("STRIKEBOOK_DATA")
    work.versions.cache_clear()
    extract_case([case], jobs=1)
    assert counted == []  # back to the original reference: the original entries are still valid
    monkeypatch.setattr(work, "versions", lambda: "another code version")
    extract_case([case], jobs=1)
    assert len(counted) == 6


def test_no_cache_neither_reads_nor_writes(case, counted, tmp_path):
    extract_case([case], jobs=1, cache=False)
    assert not (tmp_path / "cache" / "articles").exists()
    extract_case([case], jobs=1, cache=False)
    assert len(counted) == 12


def test_local_workers_give_byte_identical_tables(case):
    serial = extract_case([case], jobs=1, cache=False)
    parallel = extract_case([case], jobs=2, cache=False)
    assert csvs(parallel) == csvs(serial)


def test_dask_local_cluster_gives_byte_identical_tables(case):
    pytest.importorskip("distributed")
    serial = extract_case([case], jobs=1, cache=False)
    on_dask = extract_case([case], jobs=2, scheduler="dask", cache=False)
    assert csvs(on_dask) == csvs(serial)


def test_one_failing_article_is_skipped_with_its_name_and_the_others_kept(case, monkeypatch):
    from strikebook.extract import quotes

    real = quotes.extract_quotes

    def fragile(ctx):
        if ctx.article.article_id == "wire_ap_kh_strikes":
            raise RecursionError("maximum recursion depth exceeded")
        return real(ctx)

    monkeypatch.setattr(quotes, "extract_quotes", fragile)
    tables = extract_case([case], jobs=1, cache=False)
    assert len(tables.articles) == 5 and "wire_ap_kh_strikes" not in set(tables.articles["article_id"])
    [problem] = tables.problems
    assert problem.path.endswith("wire_ap_kh_strikes.txt")
    assert "extraction failed (RecursionError: maximum recursion depth exceeded)" in problem.message
    assert len(tables.quotes) > 20  # the other articles' quotes are there


def test_batches_are_bounded_in_articles_and_bytes():
    items = [work.WorkItem(path=f"{i}.txt", article_id=str(i), data=b"x" * 30_000) for i in range(10)]
    groups = schedule.batches(items)
    assert [len(g) for g in groups] == [2, 2, 2, 2, 2]
    small = [work.WorkItem(path=f"{i}.txt", article_id=str(i), data=b"x") for i in range(20)]
    assert [len(g) for g in schedule.batches(small)] == [8, 8, 4]


def test_a_long_article_is_parsed_in_pieces_with_its_offsets(tmp_path, monkeypatch, nlp):
    from strikebook.extract import parse

    monkeypatch.setattr(parse, "PIECE_CHARS", 2_000)  # scaled down: the real pieces are 50,000 characters
    para = ("The Pentagon said US forces struck two facilities near Albu Kamal on Thursday, killing at least "
            "five fighters. \"This is a warning,\" Lloyd Austin said.\n\n")
    text = "US strikes in eastern Syria\n\n" + para * 60
    assert len(parse.pieces(text, 2_000)) > 3 and "".join(parse.pieces(text, 2_000)) == text
    doc = parse.parse_long(text, nlp, 2_000)
    assert doc.text == text and len(list(doc.sents)) >= 120
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "long.txt").write_text(text, encoding="utf-8")
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    tables = extract_case([folder], jobs=1)
    assert not tables.problems
    assert len(tables.quotes) == 60 and set(tables.quotes["speaker"]) == {"Lloyd Austin"}
    assert len(tables.casualties) == 60
    for row in tables.quotes.itertuples():
        assert text[row.start:row.end] == row.text


def test_pieces_cut_at_paragraphs_then_lines_then_spaces():
    text = "a" * 10 + "\n\n" + "b" * 10 + "\n" + "c" * 10 + " " + "d" * 30
    parts = pipeline_pieces(text, 16)
    assert "".join(parts) == text and all(len(p) <= 16 for p in parts)
    assert parts[0] == "a" * 10 + "\n\n"


def pipeline_pieces(text, size):
    from strikebook.extract.parse import pieces

    return pieces(text, size)


def test_an_undated_article_the_case_puts_on_another_strike_is_extracted_again_for_it(tmp_path, monkeypatch,
                                                                                       counted):
    """Alone, the undated copy is taken for the known strikes of Friday 2 Feb 2024 and its "on Friday" dated
    that day; the case puts it on the new strike of Friday 6 May 2022 that the dated articles report. It is
    extracted once more for that day (and only it), so its dates and facts are that strike's, in its year;
    a warm rerun reads both readings from the cache."""
    folder = tmp_path / "case"
    folder.mkdir()
    body = ("US jets struck militia rocket sites near Al-Qaim and Akashat on Friday, a week after drone "
            "attacks on the Green Valley outpost, officials said.")
    files = {"d1.txt": f"US jets strike militia sites near Al-Qaim\n\n{body} Two fighters were killed.\n",
             "d2.txt": f"US jets strike militia sites near Al-Qaim\n\n{body} A depot burned for hours.\n",
             "copy.txt": f"{body} Three militia fighters were killed in the strikes.\n"}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "article_id,file,outlet,url,published,language,notes\n"
        "d1,d1.txt,,,2022-05-07,en,\nd2,d2.txt,,,2022-05-07,en,\ncopy,copy.txt,,,,en,\n", encoding="utf-8")
    monkeypatch.setenv("STRIKEBOOK_CACHE", str(tmp_path / "cache"))
    tables = extract_case([folder], jobs=1, checks=False)
    assert sorted(counted) == ["copy.txt", "copy.txt", "d1.txt", "d2.txt"]
    assert dict(zip(tables.articles["article_id"], tables.articles["event_id"], strict=True)) == {
        "copy": "2022-05-06", "d1": "2022-05-06", "d2": "2022-05-06"}
    dates = tables.dates[tables.dates["article_id"] == "copy"]
    assert list(zip(dates["mention"], dates["date"], dates["resolved_by"], dates["event_id"],
                    strict=True)) == [
        ("on Friday", "2022-05-06", "event", "2022-05-06")]
    victims = tables.casualties[tables.casualties["article_id"] == "copy"]
    assert list(zip(victims["min"], victims["event_id"], strict=True)) == [(3, "2022-05-06")]
    assert "2024-02-02" not in set(tables.events["event_id"])
    counted.clear()
    again = extract_case([folder], jobs=1, checks=False)
    assert counted == [] and csvs(again) == csvs(tables)
    from strikebook.ingest.corpus import load_corpus

    loaded = extract_case(corpus=load_corpus([folder]), checks=False)  # the Python API's loaded articles
    assert csvs(loaded) == csvs(tables)
