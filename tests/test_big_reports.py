"""Every report stays usable for a case of 1,000 articles (issue 11): figures aggregate, long lists are capped
and say so, the whole data goes beside the report as CSV, and each report's HTML is under 2 MB.

The case: `_bigcase.replicate` turns the seed case's tables into those of 1,000 syndicated copies (40 outlets,
a third of the casualty figures moved by one, thousands of flags) in a second — extracting 1,000 files takes
many minutes, and what the reports must withstand is the tables. The views are checked on it directly, and
one slow test runs notebooks 01, 03, 04, 05 and 06 through `strikebook report` with the case pinned to those
tables. How fast the pages open in a browser is measured by benchmarks/bench_big_reports.py, not here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import _bigcase  # noqa: E402
import _reports  # noqa: E402

from strikebook.present import charts, corpus, timeline  # noqa: E402
from strikebook.present import flags as checks_view  # noqa: E402
from strikebook.present import quotes as quote_view  # noqa: E402
from strikebook.present.html import REPORT_DIR_ENV, REPORT_NAME_ENV  # noqa: E402
from strikebook.store.case import case_articles, load_case  # noqa: E402
from strikebook.verify import quotecompare  # noqa: E402

MB = 1_000_000
N = 1000
REPORTS = ("01_corpus", "03_casualties", "04_quotes", "05_timeline", "06_checks")


@pytest.fixture(scope="module")
def seed():
    return load_case(_reports.SEEDS)


@pytest.fixture(scope="module")
def big(seed):
    """1,000 copies of the seed articles; quotes kept in the first 120 (grouping quotes is quadratic)."""
    return _bigcase.replicate(seed, N, quoting=120)


def test_the_big_case_looks_like_one(big):
    assert len(big.articles) == N and big.articles["outlet"].nunique() == 40
    assert len(big.flags) > 10_000 and big.flags["article_id"].nunique() == N
    assert (big.flags["evidence"] == [big.texts[a][s:e] for a, s, e in
                                      zip(big.flags["article_id"], big.flags["start"], big.flags["end"], strict=True)]).all()
    figures = charts.casualty_figures(big.casualties, big.articles)
    assert len(charts.distinct_figures(figures)) > len(charts.distinct_figures(figures.head(14)))


# --- 01: the corpus -------------------------------------------------------------------------------------------


def test_the_corpus_chart_shows_the_articles_with_most_set_aside_and_the_distribution(big, seed):
    fig = corpus.segment_chart(big.segments)
    bars, hist = fig.axes[:2]
    labels = [t.get_text() for t in bars.get_yticklabels()]
    most = corpus.set_aside_chars(big.segments).index[:corpus.TOP_ARTICLES].tolist()
    assert labels == most[::-1]  # the 30 with the most set-aside text, the most at the top
    assert "all 1,000 articles" in hist.get_title(loc="left")
    assert "the other 970 are counted in the lower chart" in fig.get_supxlabel().replace("\n", " ")
    plt.close(fig)
    small = corpus.segment_chart(seed.segments)  # the seed case keeps one bar per article
    assert len(small.axes[0].get_yticklabels()) == len(seed.articles)
    plt.close(small)


def test_full_texts_are_capped_to_those_with_most_set_aside_and_the_rest_listed(big, seed):
    page = str(corpus.texts_html(case_articles(big), max_texts=25))
    shown = re.findall(r"<h3>([^<]+)</h3>", page)
    assert shown[:25] == corpus.set_aside_chars(big.segments).index[:25].tolist()
    assert "Not shown in full (975 articles" in page and "25 of the 1,000 articles are shown in full" in page
    assert len(page.encode()) < 600_000
    every = str(corpus.texts_html(case_articles(seed)))
    assert re.findall(r"<h3>([^<]+)</h3>", every) == seed.articles["article_id"].tolist()  # case order, all
    assert "Not shown" not in every and "sb-capped" not in every
    with pytest.raises(ValueError, match="max_texts"):
        corpus.texts_html(case_articles(seed), -1)


def test_corpus_tables_put_the_most_set_aside_first_and_cap_id_lists(big):
    counts = corpus.segment_counts(big.segments)
    assert counts["set aside (chars)"].is_monotonic_decreasing and len(counts) == N
    events = corpus.events_table(big.articles, big.events)
    assert events["mainly reported by"].str.len().max() < 200
    assert events["mainly reported by"].str.contains(r"… and \d+ more$").any()


# --- 03: casualties -------------------------------------------------------------------------------------------


def test_the_casualty_chart_draws_one_line_per_distinct_figure_with_its_article_count(big):
    figures = charts.casualty_figures(big.casualties, big.articles)
    distinct = charts.distinct_figures(figures)
    assert distinct["reports"].sum() == len(figures)
    fig = charts.casualty_chart(figures, big.events)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == min(len(distinct), charts.MAX_DISTINCT)
    assert all(re.search(r"\n[\d,]+ articles? — most often credited: ", label) for label in labels)
    assert f"{len(figures):,} figures in {N:,} articles, {len(distinct)} distinct" in ax.get_title(loc="left").replace("\n", " ")
    plt.close(fig)
    capped = charts.casualty_chart(figures, big.events, max_distinct=5)
    assert len(capped.axes[0].get_yticklabels()) == 5
    assert f"the other {len(distinct) - 5} (reported by" in capped.axes[0].get_title(loc="left").replace("\n", " ")
    plt.close(capped)


def test_discrepancies_pair_distinct_figures_not_articles(big):
    figures = charts.casualty_figures(big.casualties, big.articles)
    disc = charts.figure_discrepancies(figures)
    distinct = charts.distinct_figures(figures)
    assert 0 < len(disc) < len(distinct) ** 2
    for r in disc.to_dict("records"):
        a = distinct[(distinct["event_id"] == r["event_id"]) & (distinct["status"] == r["status"])
                     & (distinct["victims"] == r["victims"]) & (distinct["figure"] == r["figure_a"])].iloc[0]
        b = distinct[(distinct["event_id"] == r["event_id"]) & (distinct["status"] == r["status"])
                     & (distinct["victims"] == r["victims"]) & (distinct["figure"] == r["figure_b"])].iloc[0]
        assert charts.figures_conflict(a, b) and a["articles"] >= b["articles"]
        assert r["articles_a"].startswith(f"{a['articles']:,} article") and r["source_b"] == b["reported_by"]
    rows = [{"article_id": a, "status": "killed", "min": n, "max": n, "qualifier": "exact", "who": "US soldiers",
             "source": "", "event_id": "2024-01-28", "start": 0, "end": 1, "sentence": f"{a}: {n} killed"}
            for a, n in (("a", 3), ("b", 4), ("c", 4))]
    few = charts.casualty_figures(pd.DataFrame(rows))
    assert len(charts.casualty_discrepancies(few)) == 2  # a-b and a-c
    one = charts.figure_discrepancies(few)
    assert one[["figure_a", "articles_a", "figure_b", "articles_b"]].values.tolist() == [
        ["4", "2 articles: b; c", "3", "1 article: a"]]
    assert one.iloc[0]["evidence_a"] == "b: 4 killed"


# --- 05: timeline ---------------------------------------------------------------------------------------------


def test_the_timeline_counts_articles_per_event_and_the_coverage_table_turns(big, seed):
    fig = timeline.timeline_chart(big.events, big.articles, big.dates)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["events", "main event of", "mentioned by"]
    counts = [t.get_text() for ax in fig.axes for t in ax.texts]
    cov = timeline.coverage(big.events, big.articles, big.dates)
    assert str(int(((cov["event_id"] == "2024-02-02") & (cov["how"] == "main")).sum())) in counts
    assert "too many for a row each" in fig.legends[0].get_title().get_text()
    plt.close(fig)
    table = timeline.coverage_table(big.events, big.articles, big.dates)
    assert table.shape == (N, 1 + len(big.events)) and list(table.columns[1:]) == sorted(big.events["event_id"])
    assert set(table.iloc[:, 1:].stack()) <= {"main", "mentioned", ""}
    assert timeline.coverage_table(seed.events, seed.articles, seed.dates).equals(
        timeline.coverage_matrix(seed.events, seed.articles, seed.dates))
    assert timeline.events_table(big.events)["articles"].str.len().max() < 200


# --- 04: quotes -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grouped(big):
    return quotecompare.group_quotes(big.quotes)


def test_quote_groups_are_capped_and_a_much_quoted_statement_shows_its_wordings(grouped):
    multi = grouped[grouped["n_articles"] > 1]
    page = str(quote_view.groups_html(grouped, max_groups=5))
    assert page.count('<section class="sb-quote-group">') == 5
    assert f"{multi['group'].nunique()} statements are quoted in 2 or more articles; the 5 shown" in page
    biggest = multi.groupby("group").size().max()
    assert biggest > quote_view.MAX_ROWS
    assert re.search(rf"Quoted {biggest} times in \d+ articles, in \d+ distinct wordings?", page)
    assert page.count("<tr>") <= 5 * quote_view.MAX_ROWS
    assert re.search(r"<td>\d+ articles: a\d{5}, .*… and \d+ more</td>", page)
    default = str(quote_view.groups_html(grouped))
    assert default.count('<section class="sb-quote-group">') == min(multi["group"].nunique(), quote_view.MAX_GROUPS)


def test_the_speaker_table_has_a_row_per_speaker_when_articles_are_many(big):
    matrix = quotecompare.speaker_matrix(big.quotes)
    assert matrix.shape[1] > quote_view.MAX_MATRIX_COLUMNS
    page = str(quote_view.speakers_html(matrix))
    header = re.search(r"<thead>.*?</thead>", page, re.S).group(0)
    assert re.findall(r"<th>([^<]*)</th>", header)[:4] == ["", "quotes", "articles", "quoted most in"]
    assert "too many for a column each" in page
    few = matrix.iloc[:, :3]
    assert str(quote_view.speakers_html(few)).count("<th>a0") == 3  # a small case keeps its matrix


# --- 06: checks -----------------------------------------------------------------------------------------------


def test_flags_are_capped_per_article_and_kind_with_long_id_lists_shortened(big):
    page = str(checks_view.flags_html(big.flags, big.texts, big.articles, big.sentences))
    assert page.count('<section class="sb-flags-article">') == checks_view.MAX_ARTICLES
    assert f"{len(big.flags):,} flags in 1,000 articles: the flags of the 25 articles with the most problems" in page
    assert "more conflicting figures flags in this article." in page
    assert len(page.encode()) < 500_000
    related = re.findall(r"Related: ([^<]*)<", page)
    assert related and all(r.count(",") <= checks_view.MAX_IDS for r in related)
    per_article = checks_view.flags_per_article(big.flags, big.articles, most_flagged_first=True)
    assert per_article["problem"].is_monotonic_decreasing and per_article["problem"].dtype == int
    kinds = checks_view.flags_by_kind(big.flags)
    assert kinds["total"].sum() == len(big.flags) and "Conflicting figures" in set(kinds["kind"])


def test_a_message_listing_many_articles_shows_the_first_ten():
    ids = {f"a{i:03d}" for i in range(50)}
    message = "also in " + ", ".join(sorted(ids)) + ": corroborated; and x, y, z"
    short = checks_view._capped_ids(message, ids)
    assert short == "also in " + ", ".join(sorted(ids)[:10]) + ", … and 40 more: corroborated; and x, y, z"
    words = "one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve " * 20
    assert checks_view._capped_ids(words, ids) == words  # not article ids: left alone


def test_capped_views_write_their_whole_data_beside_the_report(big, grouped, tmp_path, monkeypatch):
    monkeypatch.setenv(REPORT_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(REPORT_NAME_ENV, "r")
    page = str(checks_view.flags_html(big.flags, big.texts, big.articles, big.sentences, csv_name="flags"))
    assert 'All of it: <a href="r.flags.csv" download>r.flags.csv</a> (CSV).' in page
    assert len(pd.read_csv(tmp_path / "r.flags.csv")) == len(big.flags)
    page = str(quote_view.groups_html(grouped, csv_name="quote_groups"))
    assert 'href="r.quote_groups.csv"' in page and len(pd.read_csv(tmp_path / "r.quote_groups.csv")) == len(grouped)
    quote_view.speakers_html(quotecompare.speaker_matrix(big.quotes), csv_name="speakers")
    assert pd.read_csv(tmp_path / "r.speakers.csv").shape[1] == 1 + big.quotes["article_id"].nunique()


# --- the reports themselves -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_report_of_a_thousand_article_case_is_under_2_mb(big, tmp_path_factory):
    root = tmp_path_factory.mktemp("big_reports")
    folder = _bigcase.write_copies(big, root / "articles")
    out = root / "out"
    assert _bigcase.run_pinned(big, folder, out, only=REPORTS) == 0
    index = __import__("json").loads((out / "index.json").read_text(encoding="utf-8"))
    status = {r["name"]: r["status"] for r in index["reports"] if r["name"] in REPORTS}
    assert status == dict.fromkeys(REPORTS, "ok")
    pages = {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in REPORTS}
    sizes = {name: len(page.encode("utf-8")) for name, page in pages.items()}
    assert all(size < 2 * MB for size in sizes.values()), sizes
    assert "Showing the first 200 of 1,000 rows." in pages["01_corpus"] and "Not shown in full (975" in pages["01_corpus"]
    assert "distinct" in pages["03_casualties"] and "03_casualties.figures.csv" in pages["03_casualties"]
    assert "04_quotes.quote_groups.csv" in pages["04_quotes"] and "distinct wording" in pages["04_quotes"]
    assert "05_timeline.coverage.csv" in pages["05_timeline"]
    assert "06_checks.flags.csv" in pages["06_checks"] and "the flags of the 25 articles" in pages["06_checks"]
    assert len(pd.read_csv(out / "06_checks.flags.csv")) == len(big.flags)
    assert len(pd.read_csv(out / "01_corpus.articles.csv")) == N
    for name, page in pages.items():  # every capped table's CSV link points to a file that is there
        for href in re.findall(r'<a href="([^"]+\.csv)" download>', page):
            assert (out / href).is_file(), (name, href)
