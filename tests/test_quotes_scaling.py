"""Attribution stays linear in a quote-dense article (issue 12).

17 KB of short quotes (`"w1" said "w2" said …`, 1,400 quotes) took six minutes: every token's ancestors were
tested against every quote span, and every quote scanned its whole sentence. The bound is asserted on
structure, not on wall-clock time (the machine is shared): the number of Python function calls the quote
extractor makes must grow like the number of quotes (×4 quotes → at most ×5 calls; the old code made ×7 for
×2 quotes). Speed itself is measured by benchmarks/bench_quotes_dense.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from strikebook.extract import quotes
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment
from strikebook.reference import tables as reference


def issue_text(n: int) -> str:
    """The issue's shape: n short quotes, each credited by a "said", one sentence on one line."""
    return " ".join(f'"w{i}" said "x{i}" said' for i in range(n // 2)) + "."


#: plain words for the quotes (a digit before a straight mark would read as inches: 12")
_WORDS = ("defensive", "limited", "necessary", "proportionate", "lawful", "deliberate", "measured", "firm",
          "clear", "final", "swift", "narrow", "precise")


def mixed_text(n: int) -> str:
    """Every way of crediting a quote, n quotes on one line (no paragraph or line breaks to cut the
    search short): a named subject, a pronoun, a title, "according to", "said:", a described source, a
    split quote and an unattributed scare quote."""
    units = [
        '"The strikes were {w}," Kirby said.',
        'He added that the raids were "{w}".',
        'The Pentagon spokesman called the attack "{w}".',
        'The raids were "{w}", according to Austin.',
        'Austin said: "We acted in a {w} way."',
        'A US official said the target was "{w}".',
        '"We were {w}," she said, "and we will act again."',
        'The so-called "{w} axis" was not mentioned.',
    ]
    out, k = [], 0
    while sum(u.count('"') // 2 for u in out) < n:
        out.append(units[k % len(units)].format(w=_WORDS[k % len(_WORDS)]))
        k += 1
    return " ".join(out)


def _calls(nlp, text: str) -> tuple[int, int]:
    """(rows, Python and C function calls) of one quote extraction over an already parsed text."""
    article = Article(article_id="dense", path=Path("dense.txt"), text=text, segments=[Segment("body", 0, len(text))])
    ctx = ArticleContext(article=article, doc=nlp(text), ref=reference.load_reference())
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        rows = quotes.extract_quotes(ctx)
    finally:
        sys.setprofile(None)
    return len(rows), count


@pytest.mark.parametrize("make", [issue_text, mixed_text], ids=["issue", "mixed"])
def test_attribution_work_grows_linearly_with_the_number_of_quotes(nlp, make):
    small_rows, small = _calls(nlp, make(200))
    large_rows, large = _calls(nlp, make(800))
    assert small_rows >= 200 and large_rows >= 4 * small_rows - 8
    ratio = large / small
    # linear: ×4; n·log n: about ×5; the quadratic search it replaces: ×16 and more
    assert ratio < 5.0, f"{small} calls for {small_rows} quotes, {large} for {large_rows} (×{ratio:.1f})"


def test_mixed_text_credits_every_way(nlp):
    """The scaled text exercises the rules it claims to (so the bound above covers them)."""
    text = mixed_text(9)
    article = Article(article_id="dense", path=Path("dense.txt"), text=text, segments=[Segment("body", 0, len(text))])
    rows = quotes.extract_quotes(ArticleContext(article=article, doc=nlp(text), ref=reference.load_reference()))
    assert len(rows) == 9
    assert [r["speaker"] for r in rows[:2]] == ["John Kirby"] * 2
    assert (rows[4]["speaker"], rows[4]["cue"]) == ("Lloyd Austin", "said:")
