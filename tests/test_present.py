"""The report views of the present stage: what the notebooks call instead of holding logic themselves.

Why: notebooks are thin (tests/test_notebooks.py); the choices they used to make in cells — which flags
to show, how to check a parameter, the segment colours, the set-aside statistics — are functions here, so
they are tested like the rest of the package.
"""

from __future__ import annotations

import pandas as pd
import pytest

from strikebook.present import flags as flag_view

FLAGS = pd.DataFrame({
    "article_id": ["a", "a", "b", "b"],
    "kind": ["anachronism", "corroboration", "quote_drift", "corroboration"],
    "severity": ["problem", "info", "warning", "info"],
    "message": ["m1", "m2", "m3", "m4"], "evidence": ["x"] * 4, "start": [0] * 4, "end": [1] * 4,
    "related": ["", "b", "a", ""],
})
ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["A", "B", "C"]})


# --- flags (the checks report) ------------------------------------------------------------------------------


def test_select_flags_by_severity_and_kind():
    assert len(flag_view.select_flags(FLAGS)) == 4
    assert flag_view.select_flags(FLAGS, "info")["message"].tolist() == ["m2", "m4"]
    assert flag_view.select_flags(FLAGS, "info", "corroboration")["article_id"].tolist() == ["a", "b"]
    assert flag_view.select_flags(FLAGS, kind="quote_drift")["message"].tolist() == ["m3"]


@pytest.mark.parametrize("severity, kind, message", [
    ("problems", None, "severity must be one of info, warning, problem, got 'problems'"),
    (None, "drift", "kind must be one of anachronism, conflicting_figures, .*text_artefact, got 'drift'"),
])
def test_select_flags_names_the_valid_values(severity, kind, message):
    with pytest.raises(ValueError, match=message):
        flag_view.select_flags(FLAGS, severity, kind)


def test_flags_per_article_lists_every_article_and_the_summary_line_counts():
    table = flag_view.flags_per_article(FLAGS, ARTICLES)
    assert table["article_id"].tolist() == ["a", "b", "c"]
    assert table[["problem", "warning", "info", "total"]].values.tolist() == [[1, 0, 1, 2], [0, 1, 1, 2],
                                                                               [0, 0, 0, 0]]
    assert table.loc[2, "kinds"] == ""
    assert flag_view.summary_line(FLAGS) == "4 flags: 1 problems, 1 warnings, 2 info, in 2 articles"
    assert flag_view.summary_line(FLAGS.iloc[0:0]) == "0 flags: 0 problems, 0 warnings, 0 info, in 0 articles"


# --- quotes (the quotes report) -----------------------------------------------------------------------------

QUOTES = pd.DataFrame({"article_id": ["a", "b", "b"], "speaker": ["Lloyd Austin", "Lloyd Austin", ""],
                       "text": ["q1", "q2", "q3"]})


def test_select_speaker_ignores_case_and_accents_and_lists_the_quoted_speakers():
    from strikebook.present import quotes as quote_view

    assert quote_view.select_speaker(QUOTES, None) is QUOTES
    assert quote_view.select_speaker(QUOTES, "lloyd austin")["text"].tolist() == ["q1", "q2"]
    with pytest.raises(ValueError, match=r"speaker 'John Kirby' is not quoted in this case; "
                                         r"quoted speakers: Lloyd Austin$"):
        quote_view.select_speaker(QUOTES, "John Kirby")


def test_min_similarity_is_a_percentage():
    from strikebook.present import quotes as quote_view

    assert quote_view.check_min_similarity(80) == 80.0
    with pytest.raises(ValueError, match="min_similarity must be between 0 and 100, got 180"):
        quote_view.check_min_similarity(180)


def test_quotes_summary_line():
    from strikebook.extract.pipeline import frame
    from strikebook.present import quotes as quote_view
    from strikebook.verify import quotecompare as qc

    rows = [{"article_id": a, "speaker": "X", "text": t, "start": 0, "end": 1, "sentence": ""} for a, t in (
        ("a", "We will respond at a time and place of our choosing."),
        ("b", "We will respond at the time and place of our choosing."),
        ("b", "Something else entirely, said only once."))]
    quotes = frame(rows, "quotes")
    grouped, single = qc.group_quotes(quotes), qc.single_source_quotes(quotes)
    assert quote_view.summary_line(quotes, grouped, single) == (
        "3 quotes, 1 statements in 2+ articles, 1 with substantive differences, 1 single-source quotes")
    empty = frame([], "quotes")
    assert quote_view.summary_line(empty, qc.group_quotes(empty), qc.single_source_quotes(empty)) == (
        "0 quotes, 0 statements in 2+ articles, 0 with substantive differences, 0 single-source quotes")


# --- corpus (the corpus report) -----------------------------------------------------------------------------

SEGMENTS = pd.DataFrame({
    "article_id": ["a", "a", "a", "b", "b"],
    "kind": ["title", "body", "comment", "caption", "body"],
    "start": [0, 10, 90, 0, 20], "end": [10, 90, 100, 20, 120],
    "text": ["T", "B", "Comment:\n  hello", "Photo", "B2"],
})


def test_segment_colours_come_from_the_highlight_css_for_every_kind():
    from strikebook.present import corpus
    from strikebook.records import SEGMENT_KINDS

    colours = corpus.segment_colours()
    assert set(colours) == set(SEGMENT_KINDS)
    assert colours["body"] == corpus.BODY_COLOUR
    assert all(f"mark.seg-{k} {{ background: {colours[k]}" in corpus.HIGHLIGHT_CSS for k in corpus.SET_ASIDE)


def test_set_aside_statistics():
    from strikebook.present import corpus

    chars = corpus.chars_by_kind(SEGMENTS)
    assert chars.index.tolist() == ["b", "a"] and list(chars.columns) == ["title", "caption", "body", "comment"]
    counts = corpus.segment_counts(SEGMENTS)
    assert counts.loc["a", ["title", "body", "comment", "caption"]].tolist() == [1, 1, 1, 0]
    assert counts["set aside (chars)"].to_dict() == {"a": 10, "b": 20}
    assert counts["set aside (%)"].to_dict() == {"a": 10.0, "b": 16.7}
    aside = corpus.set_aside_table(SEGMENTS)
    assert aside["text"].tolist() == ["Comment: ⏎ hello", "Photo"] and aside.columns[0] == "article"


def test_corpus_tables_and_summary_line():
    from types import SimpleNamespace

    from strikebook.present import corpus

    articles = pd.DataFrame({"article_id": ["a", "b"], "title": ["A", "B"], "outlet": ["Wire", None],
                             "published": ["2024-02-03", ""], "event_id": ["2024-02-02", ""], "words": [20, 24],
                             "chars": [100, 120], "encoding": ["utf-8", "utf-8"]})
    events = pd.DataFrame({"event_id": ["2024-02-02", "2024-01-28"], "date": ["2024-02-02", "2024-01-28"],
                           "kind": ["us_strike", "attack_on_us"], "name": ["S", "A"], "articles": ["a;b", "b"]})
    ev = corpus.events_table(articles, events)
    assert ev[["named in", "mainly reported by"]].values.tolist() == [[2, "a"], [1, ""]]
    assert corpus.outlets_table(articles)["articles"].to_dict() == {"Wire": 1, "(not stated)": 1}
    assert list(corpus.articles_table(articles).columns) == ["article", "title", "outlet", "published", "event",
                                                             "words", "characters", "encoding"]
    tables = SimpleNamespace(articles=articles, segments=SEGMENTS)
    assert corpus.summary_line(tables) == "2 articles, 1 events, 1 outlets named, 2 segments set aside (14% of the text)"


def test_segment_chart_draws_one_bar_per_article_in_the_highlight_colours():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from strikebook.present import corpus

    fig = corpus.segment_chart(SEGMENTS)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a"]
    legend = {t.get_text(): h.get_facecolor() for t, h in zip(ax.get_legend().get_texts(),
                                                              ax.get_legend().legend_handles, strict=True)}
    assert matplotlib.colors.to_hex(legend["caption"]) == corpus.segment_colours()["caption"]
    plt.close(fig)


# --- casualties and timeline ----------------------------------------------------------------------------------


def test_casualty_summary_line():
    from strikebook.present import charts

    figures = pd.DataFrame({"event_id": ["e1", "e1", "e2"]})
    assert charts.summary_line(figures, pd.DataFrame({"a": [1]})) == (
        "3 casualty figures, 2 events, 1 casualty discrepancies")


def test_timeline_tables_and_summary_line():
    from strikebook.present import timeline

    events = pd.DataFrame({"event_id": ["2024-01-28", "2024-02-02"], "kind": ["attack_on_us", "us_strike"],
                           "articles": ["a;b", "b"]})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "event_id": ["", "2024-02-02", ""]})
    assert timeline.events_table(events)["articles"].tolist() == ["a; b", "b"]
    matrix = timeline.coverage_matrix(events, articles)
    assert matrix.to_dict("index") == {"2024-01-28": {"a": "mentioned", "b": "mentioned"},
                                       "2024-02-02": {"a": "", "b": "main"}}
    assert timeline.summary_line(events, articles) == "2 events (1 US strikes, 1 attacks on US forces), 3 articles"
