"""Every casualty-figure mention on real phrasing (issue 10): death phrasings, terse headlines, sub-counts,
"among the dead", companions, repeated mentions, bounded figures. Short synthetic sentences modelled on
the phrasings the real-world corpus shows (tests/realworld/GUIDELINES.md says what counts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikebook.extract import casualties
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment


def extract(nlp, ref, text: str, segments=None) -> list[dict]:
    art = Article(article_id="x", path=Path("x.txt"), text=text, published="",
                  segments=segments or [Segment("body", 0, len(text))])
    ctx = ArticleContext(article=art, doc=nlp(text), ref=ref)
    ctx.event_id = ""
    out = casualties.extract_casualties(ctx)
    for r in out:  # provenance: the evidence is in the sentence, and the sentence in the text
        assert r["sentence"] in text and text[r["start"]:r["end"]] in r["sentence"]
    return out


def figures(out) -> list[tuple]:
    return [(r["status"], r["min"], r["max"], r["qualifier"], r["who"]) for r in out]


def same(out, expected) -> bool:
    return sorted(figures(out), key=repr) == sorted(expected, key=repr)


@pytest.mark.parametrize("sentence, expected", [
    # death phrasings
    ("Four guards lost their lives in the raid.", [("killed", 4, 4, "exact", "guards")]),
    ("One soldier lost his life in the attack.", [("killed", 1, 1, "exact", "soldier")]),
    ("The blast claimed the lives of 12 workers.", [("killed", 12, 12, "exact", "workers")]),
    ("The bombing claimed the life of a local driver.", [("killed", 1, 1, "exact", "local driver")]),
    ("The death toll of 31 includes two medics.", [("killed", 31, 31, "exact", "")]),
    ("The raids caused nine fatalities.", [("killed", 9, 9, "exact", "")]),
    ("Medics pulled the bodies of 14 militiamen from the ruins.", [("killed", 14, 14, "exact", "militiamen")]),
    ("Eleven bodies were taken to the morgue.", [("killed", 11, 11, "exact", "")]),
    ("He blamed the group for the deaths of hundreds of soldiers.", [("killed", 200, None, "at least", "soldiers")]),
    ("The raid followed the killing of a Danish engineer.", [("killed", 1, 1, "exact", "Danish engineer")]),
    ("The strikes answered the wounding of thousands more.", [("wounded", 2000, None, "at least", "")]),
    ("The attacks caused dozens of injuries among local guards.", [("wounded", 24, None, "at least", "local guards")]),
    ("A minimum of 8 guards were killed.", [("killed", 8, None, "at least", "guards")]),
    ("Six more people died of their wounds, raising the toll to 30.",
     [("killed", 6, 6, "exact", "people"), ("killed", 30, 30, "exact", "")]),
    ("The number of dead has climbed to 27.", [("killed", 27, 27, "exact", "")]),
    ("Five volunteers were martyred in the raid.", [("killed", 5, 5, "exact", "volunteers")]),
    ("The raid left 17 martyrs, the group said.", [("killed", 17, 17, "exact", "")]),
    ("Three guards perished in the fire.", [("killed", 3, 3, "exact", "guards")]),
    ("The strike left four wounded.", [("wounded", 4, 4, "exact", "")]),
    ("A rocket hit a home, causing minor injuries to two women and two children.",
     [("wounded", 2, 2, "exact", "women"), ("wounded", 2, 2, "exact", "children")]),
    ("The attack caused injuries to the base.", []),
    ("The attack left 12 soldiers injured.", [("wounded", 12, 12, "exact", "soldiers")]),
    ("The storm left the town wounded and angry.", []),
    ("Two more guards succumbed to their wounds on Sunday.", [("killed", 2, 2, "exact", "guards")]),
    ("The death tally rose to 12.", [("killed", 12, 12, "exact", "")]),
    # a participle's subject, wherever the parser hangs it
    ("Rockets were fired, with five guards in all killed.", [("killed", 5, 5, "exact", "guards")]),
    ("The office said 13 Kurdish fighters were also injured.", [("wounded", 13, 13, "exact", "Kurdish fighters")]),
    ("Another guard was also hurt in the blast.", [("wounded", 1, 1, "exact", "guard")]),
    ("The shelling resulted in 16 workers sustaining injuries.", [("wounded", 16, 16, "exact", "workers")]),
    ("At least 31 sailors reported injuries after the attack.", [("wounded", 31, None, "at least", "sailors")]),
])
def test_death_and_injury_phrasings(nlp, ref, sentence, expected):
    assert same(extract(nlp, ref, sentence), expected)


@pytest.mark.parametrize("headline, expected", [
    ("Navy jets kill 7 gunmen in Yemen", [("killed", 7, 7, "exact", "gunmen")]),
    ("Driver among four dead in border raid", [("killed", 4, 4, "exact", ""), ("killed", 1, 1, "exact", "Driver")]),
    ("A senior militia leader killed in drone strike near Basra", [("killed", 1, 1, "exact", "senior militia leader")]),
    ("Three guards killed in rocket attack on airport", [("killed", 3, 3, "exact", "guards")]),
    ("Nine workers linked to the militia killed in night raids", [("killed", 9, 9, "exact", "workers")]),
    ("Air strikes killed soldiers, police & civilian, army says", [("killed", 1, 1, "exact", "civilian")]),
    ("12 dead, 30 hurt as drones hit depot", [("killed", 12, 12, "exact", ""), ("wounded", 30, 30, "exact", "")]),
    ("Update: Yemen – Five dead in raid; minister says more to come", [("killed", 5, 5, "exact", "")]),
    # a past tense without object in a headline is a passive ("Four … killed, several injured in …")
    ("Four port guards killed, several injured in night raid", [("killed", 4, 4, "exact", "port guards")]),
])
def test_terse_headlines(nlp, ref, headline, expected):
    assert same(extract(nlp, ref, headline), expected)


@pytest.mark.parametrize("headline", [
    "Militia chief killed in drone strike",  # a rank names a person: the killing of a named individual
    "Drone strike kills Colonel Hassan Nasser",
    "Officials mourn the 58-year-old commander's killing",  # an age is no count
])
def test_headlines_naming_one_person_give_no_row(nlp, ref, headline):
    assert extract(nlp, ref, headline) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Thirty people were killed, 21 in Iraq and nine in Syria.",
     [("killed", 30, 30, "exact", "people"), ("killed", 21, 21, "exact", ""), ("killed", 9, 9, "exact", "")]),
    ("Eight guards were killed in Basra and two in Mosul.",
     [("killed", 8, 8, "exact", "guards"), ("killed", 2, 2, "exact", "")]),
    ("The raids killed 40 people in Iraq and 12 in Syria, officials said.",
     [("killed", 40, 40, "exact", "people"), ("killed", 12, 12, "exact", "")]),
    ("The blast killed 15 people, eight of them children.",
     [("killed", 15, 15, "exact", "people"), ("killed", 8, 8, "exact", "children")]),
    ("Two were killed, with 20 hurt, six of them badly.",
     [("killed", 2, 2, "exact", ""), ("wounded", 20, 20, "exact", ""), ("wounded", 6, 6, "exact", "badly")]),
    ("Five medics were injured, two of whom are in a critical condition.",
     [("wounded", 5, 5, "exact", "medics"), ("wounded", 2, 2, "exact", "in a critical condition")]),
    ("Four sailors were killed in the blast, including one Greek and three Dutch crew members.",
     [("killed", 4, 4, "exact", "sailors"), ("killed", 1, 1, "exact", "Greek crew members"),
      ("killed", 3, 3, "exact", "Dutch crew members")]),
    ("The drone killed two French and one Italian engineer.",
     [("killed", 2, 2, "exact", "French"), ("killed", 1, 1, "exact", "Italian engineer")]),
    ("The blast killed 6 people, among them 2 medics.",
     [("killed", 6, 6, "exact", "people"), ("killed", 2, 2, "exact", "medics")]),
    ("The blast left three dead and 14 injured.", [("killed", 3, 3, "exact", ""), ("wounded", 14, 14, "exact", "")]),
    ("Drones killed 4 and injured others, the navy said.", [("killed", 4, 4, "exact", "")]),
    ("Ten people were killed, including three nurses from a nearby clinic.",
     [("killed", 10, 10, "exact", "people"), ("killed", 3, 3, "exact", "nurses")]),
])
def test_sub_counts_are_rows_of_their_own(nlp, ref, sentence, expected):
    assert same(extract(nlp, ref, sentence), expected)


def test_a_date_or_a_figure_already_read_is_no_sub_count(nlp, ref):
    out = extract(nlp, ref, "The strikes killed 6 guards on 14 March, 2 of them officers.")
    assert same(out, [("killed", 6, 6, "exact", "guards"), ("killed", 2, 2, "exact", "officers")])
    assert extract(nlp, ref, "The ministry counted 12 in Basra.") == []  # no figure before it to divide


@pytest.mark.parametrize("sentence, expected", [
    ("One of the dead was a local official.", [("killed", 1, 1, "exact", "local official")]),
    ("A border guard was among the dead.", [("killed", 1, 1, "exact", "border guard")]),
    ("Among the dead were four Afghan fighters.", [("killed", 4, 4, "exact", "Afghan fighters")]),
    ("There were three nurses among the dead.", [("killed", 3, 3, "exact", "nurses")]),
    ("Five of the dead were guards and two were cooks.", [("killed", 5, 5, "exact", "guards"),
                                                          ("killed", 2, 2, "exact", "")]),
    ("Four of the dead were Somali sailors and three cooks, the navy said.",
     [("killed", 4, 4, "exact", "Somali sailors"), ("killed", 3, 3, "exact", "cooks")]),
    ("Two children were among those killed.", [("killed", 2, 2, "exact", "children")]),
    ("Among the wounded were two reporters.", [("wounded", 2, 2, "exact", "reporters")]),
])
def test_among_and_of_the_dead(nlp, ref, sentence, expected):
    assert same(extract(nlp, ref, sentence), expected)


@pytest.mark.parametrize("sentence, expected", [
    ("Nasser and eight others were killed in the raid.", [("killed", 8, 8, "exact", "others")]),
    ("The colonel was killed alongside four others.", [("killed", 4, 4, "exact", "others")]),
    ("The missile killed the commander along with three others.", [("killed", 3, 3, "exact", "others")]),
    ("The shells hit the camp, killing four guards and wounding 11 others.",
     [("killed", 4, 4, "exact", "guards"), ("wounded", 11, 11, "exact", "others")]),
    ("The blast killed six and wounded 19.", [("killed", 6, 6, "exact", ""), ("wounded", 19, 19, "exact", "")]),
])
def test_others_and_killing_and_wounding(nlp, ref, sentence, expected):
    assert same(extract(nlp, ref, sentence), expected)


@pytest.mark.parametrize("sentence", [
    "The drone strike killed Colonel Hassan Nasser.",
    "The raid killed several guards.",
    "A number of sailors were hurt.",
    "No sailors were hurt.",
    "Nobody was killed in the blast.",
    "The sailor, 45, was killed in the blast.",  # an age after a named or determined person is no count
    "Their bodies were flown home on Sunday.",
    "The official succumbed to pressure and resigned.",
    "The tally of 85 targets includes two depots.",  # a tally of things, not of the dead
])
def test_no_row(nlp, ref, sentence):
    assert extract(nlp, ref, sentence) == []


def test_a_statement_is_no_victim(nlp, ref):
    out = extract(nlp, ref, "The ministry said in a statement that 12 sailors had been hurt.")
    assert figures(out) == [("wounded", 12, 12, "exact", "sailors")]


def test_the_same_figure_in_headline_standfirst_and_body_is_three_mentions(nlp, ref):
    title = "Drone strike kills 4 guards in Basra"
    stand = "Four guards were killed on Monday, officials say."
    body = "A drone strike killed four guards at a checkpoint in Basra on Monday, the officials said."
    text = f"{title}\n{stand}\n\n{body}\n"
    segments = [Segment("title", 0, len(title)), Segment("body", len(title) + 1, len(text))]
    out = extract(nlp, ref, text, segments)
    assert [(r["min"], r["who"]) for r in out] == [(4, "guards")] * 3
    assert len({r["start"] for r in out}) == 3  # each mention with its own offsets
    assert [r["start"] < len(title) for r in out] == [True, False, False]


def test_absurd_figures_are_kept_as_text_and_flagged(nlp, ref):
    out = extract(nlp, ref, "The statement claimed the raid killed 50,000,000 fighters.")
    assert [(r["min"], r["max"], r["implausible_figure"]) for r in out] == [("50,000,000", "50,000,000", True)]
    out = extract(nlp, ref, "The raid killed 50 fighters.")
    assert [(r["min"], r["implausible_figure"]) for r in out] == [(50, False)]


def test_huge_numerals_neither_crash_nor_count(nlp, ref):
    assert extract(nlp, ref, "The raid killed " + "9" * 4000 + " fighters.") == []
    assert extract(nlp, ref, "The death toll rose to " + "1" * 400 + ".") == []


@pytest.mark.parametrize("sentence, parts", [
    # {figure: the figure it is a part of (None: a figure of its own)}
    ("Eleven sailors including three cooks were killed.", {11: None, 3: 11}),
    ("Driver among four dead in border raid", {4: None, 1: 4}),
    ("Thirty people were killed, 21 in Iraq and nine in Syria.", {30: None, 21: 30, 9: 30}),
    ("Ten people were wounded, six of them seriously.", {10: None, 6: 10}),
    ("The drone killed two French and one Italian engineer.", {2: None, 1: None}),  # two groups, no parts
])
def test_a_sub_count_points_to_the_figure_it_divides(nlp, ref, sentence, parts):
    out = extract(nlp, ref, sentence)
    at = {r["start"]: r["min"] for r in out}
    assert {r["min"]: at.get(r["part_of"]) for r in out} == parts
