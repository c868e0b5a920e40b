"""Which strike each article reports, the dates table and the events table (strikebook.extract.events)."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikebook.extract import events
from strikebook.extract.pipeline import ArticleContext
from strikebook.ingest.corpus import load_corpus
from strikebook.records import Article, Segment
from strikebook.reference.tables import load_reference

ROOT = Path(__file__).resolve().parents[1]
SEED_EVENTS = {"000": "2021-06-27", "001": "2024-02-02", "002": "2021-06-27", "003": "2021-02-25",
               "004": "2021-02-25"}


@pytest.fixture(scope="module")
def seeds():
    return load_corpus([ROOT / "data" / "articles"])


def article(text: str, published: str = "", aid: str = "x") -> Article:
    return Article(article_id=aid, path=Path(f"{aid}.txt"), text=text, published=published,
                   segments=[Segment("body", 0, len(text))])


def test_reference_events_file(ref):
    ev = ref.events.set_index("event_id")
    assert set(SEED_EVENTS.values()) | {"2021-02-15", "2024-01-28", "2021-02-20", "2021-02-22"} <= set(ev.index)
    assert (ev.loc["2024-01-28", "killed"], ev.loc["2024-01-28", "wounded"]) == ("3", "more than 40")
    assert ev.loc["2024-02-02", "responds_to"] == "2024-01-28"
    assert ev.loc["2021-02-25", "responds_to"] == "2021-02-15"
    assert ev.loc["2021-02-15", "claimed_by"] == "Saraya Awliya al-Dam"
    assert set(ev["kind"]) == {"us_strike", "attack_on_us"}
    assert all(i == d for i, d in zip(ev.index, ev["date"], strict=True))


def test_every_seed_gets_its_strike(seeds, ref):
    got = events.corpus_events(seeds)
    assert {k[:3]: v for k, v in got.items()} == SEED_EVENTS
    for a in seeds.articles:  # the extract hook agrees with ingest (no spaCy needed)
        assert events.article_event(ArticleContext(article=a, doc=None, ref=ref)) == SEED_EVENTS[a.article_id[:3]]


def test_the_right_seed_event_wins_by_a_margin(seeds, ref):
    for a in seeds.articles:
        scored = events.score_events(a, ref)
        assert scored[0][0] == SEED_EVENTS[a.article_id[:3]]
        if len(scored) > 1:
            assert scored[0][1] - scored[1][1] >= 2.0, (a.article_id, scored[:3])


def test_figures_and_the_answered_attack_identify_a_strike(ref):
    a = article("The US military struck 85 targets in Iraq and Syria in response to the drone attack on "
                "Tower 22 in Jordan that killed three US soldiers.")
    assert events.resolve_article_event(a, ref) == "2024-02-02"


def test_the_weekday_confirms_or_contradicts(ref):
    text = ("US jets struck a border control point used by Kata'ib Hezbollah in eastern Syria on {day}, "
            "in response to the rocket attack on Erbil.")
    assert events.resolve_article_event(article(text.format(day="Thursday")), ref) == "2021-02-25"
    assert events.resolve_article_event(article(text.format(day="Sunday")), ref) != "2021-02-25"


def test_publication_date_limits_the_candidates(ref):
    text = "The US military struck 85 targets in Iraq and Syria in response to the drone attack on Tower 22."
    assert events.resolve_article_event(article(text, "2021-02-26"), ref) == ""


def test_unknown_strike_gets_its_resolved_date(ref):
    a = article("US fighter jets struck two facilities in eastern Syria on Thursday, the Pentagon said.", "2023-10-27")
    assert events.resolve_article_event(a, ref) == "2023-10-26"
    assert events.resolve_article_event(article("US fighter jets struck two facilities on Thursday."), ref) == ""


def test_unknown_strikes_cluster_across_articles(ref):
    a = article("US jets struck a weapons depot near Abu Kamal and Mayadin on Thursday.", "2023-10-27", "a")
    b = article("American aircraft bombed sites near Abu Kamal and Mayadin late on Friday.", "2023-10-28", "b")
    c = article("The strikes near Abu Kamal and Mayadin destroyed a depot.", "", "c")
    found = {x.article_id: events.resolve_article_event(x, ref) for x in (a, b, c)}
    assert found == {"a": "2023-10-26", "b": "2023-10-27", "c": ""}
    merged = events.cluster_events(found, [a, b, c], ref)
    assert merged == {"a": "2023-10-26", "b": "2023-10-26", "c": "2023-10-26"}
    rows = events.events_table(ref, found, [a, b, c])
    assert [(r["event_id"], r["source"], r["articles"]) for r in rows] == [("2023-10-26", "clustered", "a;b;c")]


def test_events_table_covers_strikes_and_the_attacks_they_answered(seeds, ref):
    found = events.corpus_events(seeds)
    rows = {r["event_id"]: r for r in events.events_table(ref, found, seeds.articles)}
    assert rows["2021-06-27"]["articles"] == "000_cfc5619b08947f14;002_94e9edb50ac7c4fa"
    assert rows["2021-02-25"]["source"] == "reference" and rows["2021-02-25"]["kind"] == "us_strike"
    assert "001_2f6898c5bf1f2c44" in rows["2024-01-28"]["articles"]  # Tower 22, answered by 2024-02-02
    assert "004_0ace29a51d2ee6ad" in rows["2021-02-15"]["articles"]
    assert "004_0ace29a51d2ee6ad" in rows["2021-02-22"]["articles"]  # "Rockets hit Baghdad's Green Zone on Monday"
    assert {r["source"] for r in rows.values()} == {"reference"}


def test_dates_table_rows(seeds, ref):
    by_id = {a.article_id[:3]: a for a in seeds.articles}
    rows = events.article_dates(by_id["003"], ref, "2021-02-25")
    text = by_id["003"].text
    for r in rows:
        assert text[r["start"]:r["end"]] == r["mention"] and r["mention"] in r["sentence"]
    got = {r["mention"]: (r["date"], r["resolved_by"], r["event_id"]) for r in rows}
    assert got["last Monday night"] == ("2021-02-15", "event", "2021-02-15")
    assert got["on Thursday"] == ("2021-02-25", "event", "2021-02-25")
    rows4 = {r["mention"]: r for r in events.article_dates(by_id["004"], ref, "2021-02-25")}
    assert (rows4["on Thursday"]["date"], rows4["on Thursday"]["resolved_by"]) == ("2021-02-25", "publication")
    assert "2021-02-26" not in rows4  # the date header is not the article's own words
    assert rows4["days later"]["event_id"] == "2021-02-20"  # the Balad salvo, days after Feb. 15
    assert rows4["last year"]["event_id"] == "2020-01-08"  # "a retaliatory Iranian ballistic missile attack"
    # a speaker's relative date is not the article's: "earlier this evening" in Kirby's statement
    assert (rows4["earlier this evening"]["date"], rows4["earlier this evening"]["resolved_by"]) == ("", "")
    # without an anchor relative dates stay unresolved
    bare = events.article_dates(article("The strikes came on Sunday."), ref, "")
    assert [(r["date"], r["resolved_by"]) for r in bare] == [("", "")]


def test_sentences_do_not_split_abbreviations():
    from strikebook.extract.parse import get_nlp
    from strikebook.text.sentences import sentence_bounds

    text = "It hit on Feb. 15 near the U.S. base. Mr. Austin spoke.\n\nNext paragraph"
    got = [text[s:e] for s, e in sentence_bounds(get_nlp()(text))]
    assert got == ["It hit on Feb. 15 near the U.S. base.", "Mr. Austin spoke.", "Next paragraph"]


def test_empty_article_and_missing_reference_events(tmp_path, ref):
    empty = article("")
    assert events.resolve_article_event(empty, ref) == ""
    assert events.article_dates(empty, ref) == []
    assert events.events_table(ref, {"x": ""}, [empty]) == []
    bare = load_reference(tmp_path)  # no events.csv: dates still resolve from the publication date
    a = article("US jets struck two depots near Abu Kamal on Thursday.", "2021-02-26")
    assert events.resolve_article_event(a, bare) == "2021-02-25"
    assert [r["source"] for r in events.events_table(bare, {"x": "2021-02-25"}, [a])] == ["clustered"]


@pytest.mark.parametrize("text, published, expected", [
    ("American aircraft hit operational and weapons storage facilities near the Iraq-Syria border on Sunday, "
     "two in Syria and one in Iraq, which militias used to launch drone attacks on US troops.", "", "2021-06-27"),
    ("Washington struck 85 targets in Syria and Iraq after Sunday's drone attack on a base in Jordan killed "
     "three soldiers.", "2024-02-03", "2024-02-02"),
    ("US warplanes hit five Kataib Hezbollah facilities in Iraq and Syria on Sunday after the rocket attack on "
     "the K-1 base near Kirkuk killed a US contractor.", "", "2019-12-29"),
    ("The US military struck radar sites in Yemen on Saturday, officials said.", "2024-02-04", "2024-02-03"),
    ("Rockets hit an Iraqi air base north of Baghdad on Saturday, injuring one contractor.", "2021-02-21", ""),
])
def test_unseen_phrasings(ref, text, published, expected):
    assert events.resolve_article_event(article(text, published), ref) == expected


def test_a_strike_not_in_the_reference_is_not_taken_for_the_one_it_mentions(ref):
    """An article on a later strike that mentions a known one ("days after the strikes on 85 targets")
    gets its own strike's date, not the known event: casualty words after the date name no side."""
    text = ("US drone strike in Baghdad kills Kataib Hezbollah commander\n\n"
            "A US drone strike on a car in eastern Baghdad on Wednesday killed a senior commander of Kataib "
            "Hezbollah, the US military said, days after the strikes on 85 targets in Iraq and Syria.")
    assert events.resolve_article_event(article(text, published="2024-02-08"), ref) == "2024-02-07"


def test_an_article_on_an_attack_on_us_forces_reports_no_us_strike(ref):
    text = ("Iran fires missiles at US forces in Iraq\n\n"
            "Iran fired more than a dozen ballistic missiles at two Iraqi bases housing US troops early on Wednesday, "
            "in retaliation for the US killing of Qasem Soleimani. The missiles hit Ain al-Asad air base in Anbar "
            "province and a base in Erbil.")
    assert events.resolve_article_event(article(text, published="2020-01-08"), ref) == ""


def test_two_articles_on_a_strike_not_in_the_reference_cluster_into_one_event(tmp_path):
    """A wire story (dateline with a year) and a follow-up on the 7 Feb 2024 Baghdad drone strike, which
    is not in data/reference/events.csv. The wire story mentions the 2 Feb strikes ("85 targets"), but
    its lead dates its own strike five days later, so it is not labelled with them."""
    (tmp_path / "a.txt").write_text(
        "US drone strike in Baghdad kills Kataib Hezbollah commander\n\n"
        "BAGHDAD, Feb 7, 2024 (Reuters) - A US drone strike on a car in eastern Baghdad on Wednesday killed a "
        "senior commander of Kataib Hezbollah and two of his guards, Iraqi security officials said.\n\n"
        "The strike came days after US forces hit 85 targets in Iraq and Syria.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Iraq condemns US strike on Baghdad that killed militia leader\n\n8 February 2024\n\n"
        "Iraq's government condemned a US drone strike in the Mashtal district of Baghdad late on Wednesday that "
        "killed three people, including a Kataib Hezbollah commander.\n", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert events.corpus_events(corpus) == {"a": "2024-02-07", "b": "2024-02-07"}


def test_a_day_of_the_month_is_no_figure_of_the_words_after_it():
    from strikebook.extract.event_terms import terms

    found = terms("On August 22, an unidentified drone approached the base. 85 targets were struck on 2 February.")
    assert "85_target" in found
    assert not {t for t in found if t.startswith(("22_", "2_"))}
