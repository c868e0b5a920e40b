"""`strikebook extract` end to end on bad input: one line per problem, the good articles still extracted,
and an article with nothing to extract gives empty tables rather than errors."""

import pandas as pd

from strikebook.cli import main
from strikebook.schema import COLUMNS


def test_extract_skips_bad_files_with_one_line_each_and_writes_every_table(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (src / "cp1252 file.txt").write_bytes(b"Officials said three US soldiers were killed in Jordan on Sunday. "
                                          b"\x93We will respond,\x94 President Joe Biden said.")
    (src / "nothing.txt").write_text("A quiet day.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["extract", str(src), str(tmp_path / "missing"), "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    problems = [line for line in err if line.startswith("skipped ")]
    assert len(problems) == 3
    assert any("empty.txt" in p and "empty" in p for p in problems)
    assert any("binary.txt" in p and "binary" in p for p in problems)
    assert any("missing" in p and "no such file" in p for p in problems)
    assert not any("Traceback" in line for line in err)
    for table, cols in COLUMNS.items():
        df = pd.read_csv(out / f"{table}.csv", keep_default_na=False)
        assert list(df.columns[: len(cols)]) == cols, table
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert sorted(articles["article_id"]) == ["cp1252 file", "nothing"]
    assert articles.set_index("article_id").loc["cp1252 file", "encoding"] == "cp1252"
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    assert quotes[["text", "speaker"]].values.tolist() == [["We will respond,", "Joe Biden"]]
    casualties = pd.read_csv(out / "casualties.csv", keep_default_na=False)
    assert casualties[["status", "min", "who"]].values.tolist() == [["killed", 3, "US soldiers"]]
    assert (out / "places.geojson").exists()
