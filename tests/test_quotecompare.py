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


# ------------------------------------------------------------------------------ scaling (issues 11 and 12)
# The grouping no longer compares every quote with every other; these tests hold it to the old answers on
# small inputs (a reference that does compare every pair) and count the work it does on larger ones.
import difflib  # noqa: E402
import random  # noqa: E402

import pytest  # noqa: E402

from strikebook.verify import align, blocking  # noqa: E402
from strikebook.verify.align import COUNTS  # noqa: E402

STATEMENTS = [KIRBY_000, KIRBY_000_LONG,
              "We will respond at a time and place of our choosing, and we will not hesitate to act again.",
              "The strikes were a blatant violation of Iraqi sovereignty and an act of aggression",
              "an act of aggression", "a violation of Iraqi sovereignty", "defensive", "we will respond",
              "These precision strikes are a response to a series of attacks against US personnel in Iraq and Syria",
              "The United States does not seek conflict in the Middle East or anywhere else in the world"]


def _reference_group_quotes(quotes, min_similarity=80):
    """The grouping as it was before issue 11: every pair of quotes scored, then the best partner of each
    quote among all members of its group. Quadratic; the oracle for small inputs."""
    q = quotes.reset_index(drop=True)
    n = len(q)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if qc.quote_similarity(q.at[i, "text"], q.at[j, "text"]) >= min_similarity:
                parent[find(j)] = find(i)
    order = sorted(range(n), key=lambda i: (q.at[i, "article_id"], int(q.at[i, "start"] or 0)))
    best = {}
    for i in range(n):
        members = [j for j in range(n) if j != i and find(j) == find(i)]
        best[i] = max(members, key=lambda j: (qc.quote_similarity(q.at[i, "text"], q.at[j, "text"]),
                                               q.at[j, "article_id"] != q.at[i, "article_id"],
                                               len(qc.match_key(q.at[j, "text"])), -order.index(j)), default=None)
    return [find(i) for i in range(n)], best


def _variants(seed: int, n: int):
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        words = rnd.choice(STATEMENTS).split()
        r = rnd.random()
        if r < 0.25 and len(words) > 3:
            words[rnd.randrange(len(words))] = rnd.choice(["proper", "never", "the", "grave", "US"])
        elif r < 0.4 and len(words) > 6:
            a = rnd.randrange(len(words) - 5)
            words = words[a:a + rnd.randint(5, len(words) - a)]
        elif r < 0.5 and len(words) > 4:
            del words[rnd.randrange(len(words))]
        elif r < 0.6:
            words = [w.upper() if rnd.random() < 0.2 else w.replace(",", "") for w in words]
        rows.append({"article_id": f"a{rnd.randrange(max(2, n // 3))}", "speaker": rnd.choice(["", "John Kirby"]),
                     "text": " ".join(words), "start": rnd.randrange(500), "end": 0})
    return _quotes(rows)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("min_similarity", [70, 80, 90])
def test_grouping_matches_comparing_every_pair(seed, min_similarity):
    quotes = _variants(seed, 60)
    g = qc.group_quotes(quotes, min_similarity)
    roots, best = _reference_group_quotes(quotes, min_similarity)
    # the same partition of the quotes into statements
    rows = [(r.article_id, r.start, r.text) for r in quotes.itertuples()]
    key = {(r.article_id, r.start, r.text): k for k, r in enumerate(quotes.itertuples())}
    got = {}
    for r in g.itertuples():
        got.setdefault(r.group, set()).add(key[(r.article_id, r.start, r.text)])
    want = {}
    for k in range(len(rows)):
        want.setdefault(roots[k], set()).add(k)
    assert sorted(map(sorted, got.values())) == sorted(map(sorted, want.values()))
    # and each quote compared with the same partner (the same text: twins are interchangeable)
    for r in g.itertuples():
        k = key[(r.article_id, r.start, r.text)]
        partner = g.loc[r.compared_with] if r.compared_with >= 0 else None
        expected = quotes.iloc[best[k]] if best[k] is not None else None
        assert (partner is None) == (expected is None)
        if partner is not None:
            assert (partner["article_id"], partner["text"]) == (expected["article_id"], expected["text"])


def _syndicated(n: int, seed: int = 5):
    """n copies of four statements, in three house styles: four match keys however large n is."""
    rnd = random.Random(seed)
    styles = [lambda t: t, lambda t: t.replace("-", "\u2014").replace(", and", " and"),
              lambda t: "\u201c" + t.lower() + "\u201d"]
    return _quotes([{"article_id": f"a{k % (n // 4):04d}", "speaker": "John Kirby",
                     "text": rnd.choice(styles)(STATEMENTS[k % 4]), "start": k, "end": k + 1} for k in range(n)])


def test_syndicated_copies_are_compared_once_per_distinct_wording():
    scored = set()
    for n in (100, 400, 1600):
        COUNTS.reset()
        qc._compare.cache_clear()
        quotes = _syndicated(n)
        g = qc.group_quotes(quotes)
        assert g["group"].nunique() == 3  # KIRBY_000 and its longer quote are one statement
        scored.add(COUNTS.scored)
        # each distinct pair of wordings is compared word by word once, however many copies
        assert COUNTS.compared <= quotes["text"].nunique() ** 2 <= 12 ** 2
    # pairs of distinct match keys scored: the same for 16 times the copies
    assert len(scored) == 1 and scored.pop() <= 6


def _distinct_quotes(n: int, seed: int = 7):
    rnd = random.Random(seed)
    words = [f"w{k}" for k in range(3000)] + ["the", "of", "and", "to", "we", "will", "in", "a"] * 40
    return _quotes([{"article_id": f"a{k // 8:04d}", "text": " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 30))),
                     "start": k, "end": k + 1} for k in range(n)])


def test_distinct_quotes_are_not_compared_pairwise():
    for n in (200, 800):
        COUNTS.reset()
        g = qc.group_quotes(_distinct_quotes(n))
        assert len(g) == n
        # every pair scored is a candidate of the blocking, at most TOP per quote, far below n(n-1)/2
        assert COUNTS.scored == COUNTS.candidates <= blocking.TOP * n
        assert COUNTS.scored < n // 2
        # the index entries looked at grow with the quotes, not with the pairs
        assert COUNTS.scanned < 40 * n


def _long_statement(n_sentences: int, seed: int = 9) -> list[str]:
    rnd = random.Random(seed)
    vocab = [f"word{k}" for k in range(2000)] + ["the", "of", "and", "to", "in", "a", "we", "will"] * 100
    sentences = [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(8, 25))).capitalize() + "."
                 for _ in range(n_sentences)]
    original = " ".join(sentences)
    words = original.split(" ")
    for k in (len(words) // 5, len(words) // 2, 4 * len(words) // 5):
        words[k] = "never"
    changed = " ".join(words)
    dropped = " ".join(sentences[:n_sentences // 3] + sentences[n_sentences // 3 + 1:]).replace("-", "\u2014")
    return [original, changed, dropped]


def test_long_statements_are_compared_in_bounded_windows():
    original, changed, dropped = _long_statement(400)  # ~40 KB, ~6,500 words
    n_tokens = len(qc._tokens(original))
    COUNTS.reset()
    g = qc.group_quotes(_quotes([{"article_id": f"a{k}", "speaker": "John Kirby", "text": t, "start": 0, "end": 1}
                                 for k, t in enumerate((original, changed, dropped))]))
    assert g["group"].nunique() == 1 and set(g["classification"]) == {"substantive"}
    assert set(g["differences"]) == {"words changed", "words dropped"}
    # difflib on whole statements would fill len × len cells per comparison; the windows stay small
    assert COUNTS.cells < 50 * n_tokens < n_tokens ** 2 // 100
    assert COUNTS.chars < 100 * len(original)
    ops = [o for o in qc.word_diff(original, changed) if o["op"] != "equal"]
    assert [(o["op"], o["b"]) for o in ops] == [("replace", "never")] * 3


def test_alignment_is_difflibs_on_short_input():
    rnd = random.Random(3)
    for _ in range(200):
        a = [rnd.choice("abcde") for _ in range(rnd.randint(0, 40))]
        b = [rnd.choice("abcde") for _ in range(rnd.randint(0, 40))]
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        assert align.opcodes(a, b) == sm.get_opcodes()
        assert align.matching_blocks(a, b) == [tuple(m) for m in sm.get_matching_blocks() if m.size]


@pytest.mark.parametrize("seed", range(5))
def test_anchored_alignment_is_a_valid_diff(monkeypatch, seed):
    monkeypatch.setattr(align, "EXACT_CELLS", 64)  # force the anchored path on small input
    rnd = random.Random(seed)
    a = [rnd.choice(["the", "of", ","] + [f"w{k}" for k in range(60)]) for _ in range(300)]
    b = list(a)
    for _ in range(6):
        k, edit = rnd.randrange(len(b)), rnd.choice(["insert", "delete", "change"])
        if edit == "insert":
            b.insert(k, "new")
        elif edit == "delete":
            del b[k]
        else:
            b[k] = "changed"
    blocks = align.matching_blocks(a, b)
    assert all(a[i:i + s] == b[j:j + s] for i, j, s in blocks)
    assert all(i1 + s1 <= i2 and j1 + s1 <= j2 for (i1, j1, s1), (i2, j2, _) in zip(blocks, blocks[1:], strict=False))
    rebuilt = []
    for tag, i1, i2, j1, j2 in align.opcodes(a, b):
        rebuilt += a[i1:i2] if tag == "equal" else b[j1:j2]
    assert rebuilt == b
    assert sum(s for _, _, s in blocks) >= len(a) - 12  # six edits leave the rest aligned
