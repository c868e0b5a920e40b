"""The corpus layer: reading the seeds byte for byte, decoding, HTML, manifests, and every kind of bad input.

Each bad input must give one Problem naming the file, while the other articles still load.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from strikebook.ingest import corpus as corpus_mod
from strikebook.ingest.corpus import (
    ARTICLE_COLUMNS,
    DEFAULT_MAX_BYTES,
    MANIFEST_COLUMNS,
    SEGMENT_COLUMNS,
    decode,
    load_corpus,
)
from strikebook.schema import COLUMNS

SEEDS = Path(__file__).resolve().parents[1] / "data" / "articles"
GOOD = "US strikes militia sites in Syria\n\nThe US struck two sites on Sunday, officials said.\n"
HEADER = ",".join(MANIFEST_COLUMNS) + "\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def only_problem(corpus, path_part: str) -> str:
    """The message of the single problem; checks it names the file and is one line."""
    assert len(corpus.problems) == 1, corpus.problems
    prob = corpus.problems[0]
    assert path_part in prob.path and "\n" not in str(prob)
    return prob.message


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder with one good article, to show that the others still load."""
    write(tmp_path, "good.txt", GOOD)
    return tmp_path


# --- the seeds -----------------------------------------------------------------------------------------------

def test_seeds_load_unchanged_with_manifest_metadata():
    corpus = load_corpus([SEEDS])
    assert corpus.problems == []
    ids = [a.article_id for a in corpus.articles]
    assert ids == sorted(ids) and len(ids) == 5 and ids[0].startswith("000_")
    for art in corpus.articles:
        assert art.text == art.path.read_bytes().decode("utf-8")  # byte for byte, no normalising
        assert art.encoding == "utf-8" and art.language == "en"
        assert "".join(art.segment_text(s) for s in art.segments) == art.text
    by_id = {a.article_id[:3]: a for a in corpus.articles}
    assert by_id["004"].published == "2021-02-26"
    assert by_id["004"].title == "US carries out retaliatory airstrikes against Iranian-backed militia facilities in Syria"
    assert "Section subheadings" in by_id["001"].notes


def test_seed_frames_follow_the_schema():
    corpus = load_corpus([SEEDS])
    arts, segs = corpus.articles_frame(), corpus.segments_frame()
    assert list(arts.columns) == ARTICLE_COLUMNS == COLUMNS["articles"]
    assert list(segs.columns) == SEGMENT_COLUMNS == COLUMNS["segments"]
    texts = {a.article_id: a.text for a in corpus.articles}
    for row in segs.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    row = arts.set_index("article_id").loc["002_94e9edb50ac7c4fa"]
    assert row["chars"] == len(texts["002_94e9edb50ac7c4fa"]) and row["words"] == 632


def test_published_and_title_come_from_the_text_without_a_manifest(tmp_path):
    src = next(SEEDS.glob("004_*.txt"))
    shutil.copy(src, tmp_path / "telegraph copy.txt")
    (art,) = load_corpus([tmp_path]).articles
    assert art.article_id == "telegraph copy" and art.published == "2021-02-26"
    assert art.title.startswith("US carries out retaliatory airstrikes")


def test_default_paths_fall_back_to_the_project_data_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no data/articles here
    corpus = load_corpus()
    assert len(corpus.articles) == 5 and corpus.problems == []
    write(tmp_path, "x.txt", GOOD)
    (tmp_path / "data" / "articles").mkdir(parents=True)
    shutil.copy(tmp_path / "x.txt", tmp_path / "data" / "articles" / "local.txt")
    assert [a.article_id for a in load_corpus().articles] == ["local"]  # ./data/articles wins when present


# --- decoding ------------------------------------------------------------------------------------------------

def test_utf8_with_bom_is_recorded_and_the_bom_is_not_text(folder):
    write(folder, "bom.txt", b"\xef\xbb\xbf" + "Caf\u00e9 strike \u201cdefensive\u201d\n\nBody.\n".encode())
    art = next(a for a in load_corpus([folder]).articles if a.article_id == "bom")
    assert art.encoding == "utf-8-sig" and art.text.startswith("Caf\u00e9") and "\ufeff" not in art.text


def test_cp1252_with_curly_quotes_is_detected(folder):
    text = "Kirby said the strikes were \u201cdefensive\u201d \u2014 Iran\u2019s reply was swift.\n"
    write(folder, "win.txt", text.encode("cp1252"))
    corpus = load_corpus([folder])
    art = next(a for a in corpus.articles if a.article_id == "win")
    assert art.encoding == "cp1252" and art.text == text and corpus.problems == []


def test_other_legacy_encodings_go_to_charset_normalizer():
    text = ("\u0412\u043e\u0435\u043d\u043d\u044b\u0435 \u0421\u0428\u0410 \u043d\u0430\u043d\u0435\u0441\u043b\u0438 "
            "\u0443\u0434\u0430\u0440\u044b \u043f\u043e \u043e\u0431\u044a\u0435\u043a\u0442\u0430\u043c "
            "\u0432 \u0421\u0438\u0440\u0438\u0438. ") * 4
    decoded, encoding = decode(text.encode("cp1251"))
    assert decoded == text and encoding != "cp1252"


def test_utf8_with_stray_cp1252_bytes_keeps_both():
    data = "Iran\u2019s reply \u2014 swift.\n".encode() + b"pasted \x93quote\x94\n"
    assert decode(data) == ("Iran\u2019s reply \u2014 swift.\npasted \u201cquote\u201d\n", "utf-8+cp1252")


def test_utf16_with_bom_is_read():
    assert decode("US strike \u201cSyria\u201d".encode("utf-16")) == ("US strike \u201cSyria\u201d", "utf-16")


def test_line_endings_are_kept(folder):
    write(folder, "crlf.txt", GOOD.replace("\n", "\r\n"))
    art = next(a for a in load_corpus([folder]).articles if a.article_id == "crlf")
    assert art.text == GOOD.replace("\n", "\r\n") and art.title == "US strikes militia sites in Syria"


# --- HTML ----------------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>US strikes militias | The Paper</title>
<meta property="article:published_time" content="2021-02-26T10:00:00Z"><script>var x = "<b>";</script></head>
<body><nav><a href="/">Home</a> <a href="/s">Sign up</a></nav><article><h1>US strikes militias in Syria</h1>
<p>The US launched air strikes on Thursday against facilities in eastern Syria used by Iran-backed militias,
the Pentagon said in a statement released late in the evening.</p>
<p>Pentagon spokesman John Kirby said the strikes were \u201cproportionate\u201d &amp; aimed at de-escalation.</p>
<p>Officials said at least one militant was killed in the strikes near the border with Iraq.</p>
</article><footer>\u00a9 2021 The Paper</footer></body></html>"""


def test_html_is_read_through_trafilatura_and_offsets_refer_to_its_text(folder):
    write(folder, "page.html", PAGE)
    corpus = load_corpus([folder])
    art = next(a for a in corpus.articles if a.article_id == "page")
    assert corpus.problems == [] and art.encoding == "utf-8"
    assert "<" not in art.text and "var x" not in art.text and "Home" not in art.text
    assert "\u201cproportionate\u201d & aimed" in art.text
    assert art.title == "US strikes militias in Syria" and art.published == "2021-02-26"
    body = [art.segment_text(s) for s in art.segments if s.kind == "body"]
    assert any(t.startswith("Officials said at least one militant") for t in body)


def test_html_without_an_article_is_a_problem(folder):
    write(folder, "empty.htm", "<html><head><title>x</title><style>p {}</style></head><body></body></html>")
    corpus = load_corpus([folder])
    assert "no article text" in only_problem(corpus, "empty.htm")
    assert [a.article_id for a in corpus.articles] == ["good"]


# --- bad input: each one problem line naming the file, the rest still loads ----------------------------------

def test_empty_file(folder):
    write(folder, "empty.txt", b"")
    corpus = load_corpus([folder])
    assert only_problem(corpus, "empty.txt") == "empty file"
    assert [a.article_id for a in corpus.articles] == ["good"]


def test_whitespace_only_file(folder):
    write(folder, "blank.txt", "\n \n\t\n")
    corpus = load_corpus([folder])
    assert "empty file" in only_problem(corpus, "blank.txt") and len(corpus.articles) == 1


def test_binary_file(folder):
    write(folder, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    corpus = load_corpus([folder])
    assert "binary" in only_problem(corpus, "photo.txt") and len(corpus.articles) == 1


def test_file_over_the_maximum_size_is_skipped_unread(folder, monkeypatch):
    big = folder / "huge dump.txt"
    with open(big, "wb") as fh:  # sparse: 6 GB on paper, nothing on disk
        fh.truncate(6_000_000_000)
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    corpus = load_corpus([folder])
    msg = only_problem(corpus, "huge dump.txt")
    assert "6,000,000,000 bytes" in msg and f"{DEFAULT_MAX_BYTES:,}" in msg and "--max-bytes" in msg
    assert "huge dump.txt" not in read and len(corpus.articles) == 1


def test_max_bytes_is_configurable(folder):
    write(folder, "long.txt", GOOD * 20)
    corpus = load_corpus([folder], max_bytes=len(GOOD) + 1)
    assert f"over the maximum article size of {len(GOOD) + 1:,} bytes" in only_problem(corpus, "long.txt")
    assert [a.article_id for a in corpus.articles] == ["good"]


def test_missing_path(folder):
    corpus = load_corpus([folder, folder / "nope.txt"])
    assert only_problem(corpus, "nope.txt") == "no such file or folder" and len(corpus.articles) == 1


def test_unsupported_file_named_explicitly(folder):
    pdf = write(folder, "report.pdf", b"%PDF-1.4")
    write(folder, "README.md", "notes")  # inside a folder: not an article, silently not read
    corpus = load_corpus([folder, pdf])
    assert "not an article file" in only_problem(corpus, "report.pdf") and len(corpus.articles) == 1


def test_unreadable_file(folder, monkeypatch):
    write(folder, "locked.txt", GOOD)
    real = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    corpus = load_corpus([folder])
    assert "Permission denied" in only_problem(corpus, "locked.txt") and len(corpus.articles) == 1


@pytest.mark.parametrize("name", ["Frappe \u00e0 Albu Kamal.txt", "strike report (2).txt", "\u0636\u0631\u0628\u0629.txt"])
def test_file_names_with_spaces_and_non_ascii_letters(folder, name):
    write(folder, name, GOOD)
    write(folder, "manifest.csv", HEADER + f'a1,"{unicodedata.normalize("NFD", name)}",The Paper,,2021-06-28,en,\n')
    corpus = load_corpus([folder])
    assert corpus.problems == []
    art = next(a for a in corpus.articles if a.path.name == name)
    assert (art.article_id, art.outlet, art.published) == ("a1", "The Paper", "2021-06-28")  # NFD name matched
    assert load_corpus([folder / name]).articles[0].article_id == "a1"  # a file path finds its manifest too


# --- manifests -----------------------------------------------------------------------------------------------

def test_manifest_fills_metadata_and_ids(folder):
    write(folder, "b.txt", GOOD)
    write(folder, "manifest.csv", HEADER + "A-1,good.txt,Example News,https://example.org/a,2024-02-03,en,note\n")
    arts = {a.path.name: a for a in load_corpus([folder]).articles}
    assert (arts["good.txt"].article_id, arts["good.txt"].outlet, arts["good.txt"].url) == (
        "A-1", "Example News", "https://example.org/a")
    assert arts["good.txt"].published == "2024-02-03" and arts["b.txt"].article_id == "b"  # unlisted: stem


def test_manifest_missing_a_column_is_ignored_but_files_load(folder):
    write(folder, "manifest.csv", "article_id,file,url,published,language,notes\nX,good.txt,,,en,\n")
    corpus = load_corpus([folder])
    msg = only_problem(corpus, "manifest.csv")
    assert "missing column 'outlet'" in msg and "manifest ignored" in msg
    assert [a.article_id for a in corpus.articles] == ["good"]


def test_manifest_row_naming_an_unknown_file(folder):
    write(folder, "manifest.csv", HEADER + "X,good.txt,Paper,,,en,\nY,gone.txt,Paper,,,en,\n")
    corpus = load_corpus([folder])
    msg = only_problem(corpus, "manifest.csv")
    assert "row 3" in msg and "unknown file 'gone.txt'" in msg
    assert [(a.article_id, a.outlet) for a in corpus.articles] == [("X", "Paper")]


def test_manifest_with_a_duplicate_id(folder):
    write(folder, "other.txt", GOOD)
    write(folder, "manifest.csv", HEADER + "X,good.txt,,,,en,\nX,other.txt,,,,en,\n")
    corpus = load_corpus([folder])
    msg = only_problem(corpus, "manifest.csv")
    assert "row 3 repeats article_id 'X'" in msg
    assert sorted(a.article_id for a in corpus.articles) == ["X", "other"]  # the second file keeps its name


def test_manifest_with_a_bad_date_keeps_the_row(folder):
    write(folder, "manifest.csv", HEADER + "X,good.txt,Paper,,last Tuesday,en,\n")
    corpus = load_corpus([folder])
    assert "'last Tuesday' is not a date" in only_problem(corpus, "manifest.csv")
    assert [(a.article_id, a.published) for a in corpus.articles] == [("X", "")]


def test_binary_manifest_is_ignored(folder):
    write(folder, "manifest.csv", b"\x00\x01\x02")
    corpus = load_corpus([folder])
    assert "unreadable manifest" in only_problem(corpus, "manifest.csv") and len(corpus.articles) == 1


def test_same_article_id_in_two_folders(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        write(tmp_path / sub, "story.txt", GOOD)
    corpus = load_corpus([tmp_path / "a", tmp_path / "b"])
    msg = only_problem(corpus, str(Path("b") / "story.txt"))
    assert "duplicate article id 'story'" in msg and len(corpus.articles) == 1


def test_a_file_given_twice_is_read_once(folder):
    corpus = load_corpus([folder, folder / "good.txt"])
    assert corpus.problems == [] and len(corpus.articles) == 1


def test_all_bad_inputs_together_each_one_line(tmp_path):
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "bin.txt", b"\x00\xff\x00")
    write(tmp_path, "win.txt", "\u201cquoted\u201d text here.\n".encode("cp1252"))
    corpus = load_corpus([tmp_path, tmp_path / "missing"], max_bytes=1_000)
    assert sorted(Path(p.path).name for p in corpus.problems) == ["bin.txt", "empty.txt", "missing"]
    assert [a.article_id for a in corpus.articles] == ["good", "win"]
    assert len(corpus.problems_frame()) == 3


def test_module_keeps_its_public_interface():
    assert DEFAULT_MAX_BYTES >= 1_000_000
    assert callable(corpus_mod.load_corpus) and hasattr(corpus_mod.Corpus, "articles_frame")
