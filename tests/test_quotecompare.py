"""Quote comparison: grouping renderings of one statement, word diffs, cosmetic vs substantive.

The Kirby statement below is quoted in two seed articles (000 with a hyphen and no serial comma, 002
with an em dash and a serial comma): house style only, so it must come out as cosmetic.
"""

import pandas as pd

from strikebook.extract.pipeline import frame
from strikebook.present import quotes as quote_view
from strikebook.verify import quotecompare as qc

KIRBY_000 = ("The United States took necessary, appropriate and deliberate action designed to limit the risk of "
             "escalation - but also to send a clear and unambiguous deterrent message.")
KIRBY_002 = ("The United States took necessary, appropriate, and deliberate action designed to limit the risk of "
             "escalation \u2014 but also to send a clear and unambiguous deterrent message,")
KIRBY_000_LONG = "ongoing series of attacks by Iran-backed groups targeting US interests in Iraq. " + KIRBY_000


def test_identical_text_is_identical():
    assert qc.classify_difference(KIRBY_000, KIRBY_000) == "identical"


def test_kirby_renderings_differ_only_cosmetically():
    assert qc.classify_difference(KIRBY_000, KIRBY_002) == "cosmetic"
    assert qc.difference_labels(KIRBY_000, KIRBY_002) == ["serial comma", "dash style", "punctuation"]


def test_each_cosmetic_kind_is_named():
    assert qc.difference_labels("we will respond", "We will respond") == ["case"]
    assert qc.difference_labels("it\u2019s over", "it's over") == ["quote marks"]
    assert qc.difference_labels("a clear  message", "a clear message") == ["whitespace"]
    assert qc.difference_labels("in defence of our troops", "in defense of our troops") == ["spelling (UK/US)"]
    assert qc.difference_labels("crisis, problems", "crisis; problems") == ["punctuation"]
    for a, b in [("we will respond", "We will respond"), ("a clear  message", "a clear message")]:
        assert qc.classify_difference(a, b) == "cosmetic"


def test_substantive_kinds_are_named():
    assert qc.classify_difference("we will respond", "we will respond forcefully") == "substantive"
    assert qc.difference_labels("we will respond", "we will respond forcefully") == ["words added"]
    assert qc.difference_labels("we will respond forcefully", "we will respond") == ["words dropped"]
    assert qc.difference_labels("necessary and deliberate action", "proper and deliberate action") == ["words changed"]
    assert qc.difference_labels("reform its path instead of such behaviours",
                                "reform its path instead of [following] such behaviours") == ["editorial insertion"]


def test_word_diff_ops_carry_the_printed_text_and_spans():
    ops = [o for o in qc.word_diff(KIRBY_000, KIRBY_002) if o["op"] != "equal"]
    assert [(o["op"], o["a"], o["b"], o["label"]) for o in ops] == [
        ("insert", "", ",", "serial comma"), ("replace", "-", "\u2014", "dash style"),
        ("replace", ".", ",", "punctuation")]
    dash = ops[1]
    assert KIRBY_000[dash["a_start"]:dash["a_end"]] == "-"
    assert KIRBY_002[dash["b_start"]:dash["b_end"]] == "\u2014"


def test_excerpt_is_compared_with_the_part_it_matches():
    cmp = qc.compare_quotes(KIRBY_000_LONG, KIRBY_002)
    assert cmp["excerpt"] is True
    assert cmp["classification"] == "cosmetic"
    assert cmp["a_part"].startswith("The United States took") and cmp["a_part"].endswith("deterrent message")
    short = qc.compare_quotes("ongoing series of attacks by Iran-backed groups targeting US interests in Iraq",
                              KIRBY_000_LONG)
    assert (short["classification"], short["excerpt"]) == ("identical", True)
    changed = qc.compare_quotes("The United States took proper and deliberate action", KIRBY_000_LONG)
    assert changed["classification"] == "substantive" and changed["excerpt"] is True


def test_diff_html_highlights_and_escapes():
    out = quote_view.diff_html("<script>alert(1)</script> we respond", "<script>alert(2)</script> we respond")
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert '<del class="sb-substantive"' in out and ">1</del>" in out and ">2</ins>" in out
    cosmetic = quote_view.diff_html(KIRBY_000, KIRBY_002)
    assert 'class="sb-cosmetic" title="dash style"' in cosmetic
    assert "sb-substantive" not in cosmetic
    assert "appropriate<ins" in cosmetic  # b's own spacing is kept


def _quotes(rows):
    return frame([{"speaker": "", "sentence": "", "cue": "", "speaker_role": "", **r} for r in rows], "quotes")


def test_group_quotes_joins_renderings_and_excerpts_across_articles():
    quotes = _quotes([
        {"article_id": "a", "speaker": "John Kirby", "text": KIRBY_000_LONG, "start": 10, "end": 200},
        {"article_id": "a", "speaker": "John Kirby", "text": "defensive", "start": 5, "end": 14},
        {"article_id": "b", "speaker": "John Kirby", "text": KIRBY_002, "start": 300, "end": 460},
        {"article_id": "b", "speaker": "John Kirby", "text": "defensive", "start": 40, "end": 49},
        {"article_id": "b", "speaker": "Saeed Khatibzadeh", "text": "failed", "start": 90, "end": 96},
        {"article_id": "c", "speaker": "Lloyd Austin", "text": "We said a number of times that we will respond",
         "start": 1, "end": 40},
    ])
    g = qc.group_quotes(quotes, min_similarity=80)
    assert list(g.columns[:len(qc.QUOTE_GROUP_COLUMNS)]) == qc.QUOTE_GROUP_COLUMNS
    assert g["group"].nunique() == 4
    kirby = g[g["text"].isin([KIRBY_000_LONG, KIRBY_002])]
    assert kirby["group"].nunique() == 1 and set(kirby["n_articles"]) == {2}
    row_002 = kirby[kirby["article_id"] == "b"].iloc[0]
    assert (row_002["classification"], bool(row_002["excerpt"])) == ("cosmetic", True)
    assert g.loc[row_002["compared_with"], "article_id"] == "a"
    defensive = g[g["text"] == "defensive"]
    assert defensive["group"].nunique() == 1 and set(defensive["classification"]) == {"identical"}
    # a one-word quote does not join a longer quote that happens to contain the word
    assert g[g["text"] == "failed"]["n_articles"].iloc[0] == 1


def test_short_common_phrases_do_not_make_a_group():
    quotes = _quotes([
        {"article_id": "a", "text": "in the region", "start": 0, "end": 5},
        {"article_id": "b", "text": "a continuation of the US aggression and occupation in the region",
         "start": 0, "end": 5},
    ])
    assert qc.group_quotes(quotes)["group"].nunique() == 2


def test_single_source_quotes_and_speaker_matrix():
    quotes = _quotes([
        {"article_id": "a", "speaker": "John Kirby", "text": "defensive", "start": 1, "end": 2},
        {"article_id": "b", "speaker": "John Kirby", "text": "defensive", "start": 1, "end": 2},
        {"article_id": "b", "speaker": "", "text": "proxies", "start": 5, "end": 6},
        {"article_id": "b", "speaker": "John Kirby", "text": "clear, irrefutable evidence", "start": 9, "end": 10},
    ])
    single = qc.single_source_quotes(quotes)
    assert sorted(single["text"]) == ["clear, irrefutable evidence", "proxies"]
    m = qc.speaker_matrix(quotes)
    assert list(m.index) == ["John Kirby", "(unnamed)"]
    assert m.loc["John Kirby", "b"] == 2 and m.loc["John Kirby", "a"] == 1 and m.loc["(unnamed)", "a"] == 0


def test_empty_quotes_give_empty_frames():
    empty = frame([], "quotes")
    assert qc.group_quotes(empty).empty
    assert qc.single_source_quotes(empty).empty
    assert qc.speaker_matrix(pd.DataFrame(columns=["article_id", "speaker"])).empty


def test_groups_html_shows_excerpts_in_context_and_escapes():
    quotes = _quotes([
        {"article_id": "a", "speaker": "John <b>Kirby</b>", "text": KIRBY_000_LONG, "start": 10, "end": 200},
        {"article_id": "b", "speaker": "John Kirby", "text": KIRBY_002, "start": 300, "end": 460},
        {"article_id": "b", "speaker": "", "text": "<script>alert(1)</script> alone", "start": 1, "end": 9},
    ])
    out = quote_view.groups_html(qc.group_quotes(quotes))
    assert "<script>" not in out and "<b>Kirby</b>" not in out and "John &lt;b&gt;Kirby&lt;/b&gt;" in out
    assert out.count('<section class="sb-quote-group">') == 1  # the single-article quote is not a statement block
    assert "cosmetic (excerpt)" in out and "sb-substantive" not in out
    assert 'class="sb-context"' in out  # the rest of the long quote is grey context, not "words added"
    assert quote_view.groups_html(qc.group_quotes(_quotes([]))) == "<p><em>No quotes.</em></p>"
