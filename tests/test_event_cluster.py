"""Articles of a case grouped by the strike they report, each group dated and named (event_cluster,
event_match's guards, event_names). Synthetic articles on made-up strikes the reference does not know
(except where a test says so), in the styles the real-world corpus shows: wire copy dated "early Friday",
US papers dated "Thursday", undated blog copies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from strikebook.extract import event_cluster, event_match, events
from strikebook.records import Article, Segment
from strikebook.reference.tables import load_reference


def article(text: str, published: str = "", aid: str = "x") -> Article:
    return Article(article_id=aid, path=Path(f"{aid}.txt"), text=text, published=published,
                   segments=[Segment("body", 0, len(text))])


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """A reference without events: every strike is unknown, as in a new case."""
    return load_reference(tmp_path_factory.mktemp("noref"))


WIRE = ("US jets strike militia depots near Qusayr\n\n"
        "US warplanes struck two weapons depots of the Liwa al-Fajr militia near Qusayr early Friday, "
        "officials said, after a drone attack wounded four US soldiers at the Green Valley outpost.")
PAPER = ("US strikes militia depots in Syria\n\n"
         "US warplanes struck two weapons depots of the Liwa al-Fajr militia near Qusayr on Thursday, "
         "the Pentagon said, after a drone attack on the Green Valley outpost.")
BLOG = ("Liwa al-Fajr depots near Qusayr hit by US warplanes\n\n"
        "Two weapons depots of the Liwa al-Fajr militia near Qusayr were destroyed by US warplanes, "
        "in retaliation for the drone attack on the Green Valley outpost.")
OTHER = ("US drone strike kills commander in Mosul\n\n"
         "A US drone strike killed a senior commander of the Ansar brigade in Mosul on Tuesday, the "
         "coalition said. The commander had organised attacks on the Mosul dam.")


def test_a_us_time_thursday_and_a_local_early_friday_are_one_strike_on_friday(bare):
    wire = article(WIRE, "2022-05-06", "wire")
    paper = article(PAPER, "2022-05-05", "paper")  # published in Washington the evening before
    blog = article(BLOG, "", "blog")
    got = event_cluster.case_events([wire, paper, blog], bare)
    assert got == {"wire": "2022-05-06", "paper": "2022-05-06", "blog": "2022-05-06"}
    # alone, the paper dates the strike as it writes it
    assert events.resolve_article_event(paper, bare) == "2022-05-05"


def test_strikes_days_apart_stay_apart_however_alike_their_words(bare):
    a = article(PAPER, "2022-05-05", "a")
    b = article(PAPER.replace("on Thursday", "on Monday"), "2022-05-10", "b")
    got = event_cluster.case_events([a, b], bare)
    assert got == {"a": "2022-05-05", "b": "2022-05-09"}


def test_an_undated_article_joins_the_strike_its_weekday_fits(bare):
    wire = article(WIRE, "2022-05-06", "wire")
    monday = article(BLOG.replace("were destroyed", "were destroyed on Monday"), "", "monday")
    thursday = article(BLOG.replace("were destroyed", "were destroyed on Thursday"), "", "thursday")
    got = event_cluster.case_events([wire, monday, thursday], bare)
    assert got["thursday"] == "2022-05-06"  # Thursday in US time, Friday where struck
    assert got["monday"] != "2022-05-06"


def test_an_article_unlike_any_other_stays_alone_and_undated(bare):
    wire = article(WIRE, "2022-05-06", "wire")
    paper = article(PAPER, "2022-05-05", "paper")
    other = article(OTHER, "", "other")  # no date of its own, words of another strike
    got = event_cluster.case_events([wire, paper, other], bare)
    assert got["other"] == "" and got["wire"] == got["paper"] == "2022-05-06"


def test_two_strikes_of_one_case_each_get_their_day(bare):
    arts = [article(WIRE, "2022-05-06", "wire"), article(PAPER, "2022-05-05", "paper"),
            article(OTHER, "2022-05-11", "mosul1"),
            article(OTHER.replace("the coalition said", "officials in Mosul said"), "2022-05-10", "mosul2")]
    got = event_cluster.case_events(arts, bare)
    assert got == {"wire": "2022-05-06", "paper": "2022-05-06",
                   "mosul1": "2022-05-10", "mosul2": "2022-05-10"}
    clusters = sorted(event_cluster.case_clusters(arts, bare), key=lambda c: c.event_id)
    assert [(c.event_id, c.source, sorted(c.members)) for c in clusters] == [
        ("2022-05-06", "clustered", ["paper", "wire"]), ("2022-05-10", "clustered", ["mosul1", "mosul2"])]


def test_event_remap_maps_each_articles_own_event_to_the_clustered_one(bare):
    from strikebook.extract.pipeline import ArticleContext

    wire = article(WIRE, "2022-05-06", "wire")
    paper = article(PAPER, "2022-05-05", "paper")
    blog = article(BLOG, "", "blog")
    # extracted alone: the blog cannot date its strike and gets a provisional event
    alone = {a.article_id: events.article_event(ArticleContext(article=a, doc=None, ref=bare))
             for a in (wire, paper, blog)}
    assert alone == {"wire": "2022-05-06", "paper": "2022-05-05", "blog": "pending:blog"}
    remap = events.event_remap(alone, [wire, paper, blog], bare)
    assert remap["paper"]["2022-05-05"] == "2022-05-06"
    assert remap["blog"]["pending:blog"] == "2022-05-06"
    assert remap["wire"]["2022-05-06"] == "2022-05-06"
    # the attack the strike answered, undated in the blog, is the day the case gives it (none here)
    assert remap["blog"]["pending:blog:answered"] == ""
    # the articles' own events never carry a provisional id
    assert events.cluster_events(alone, [wire, paper, blog], bare)["blog"] == "2022-05-06"
    assert events.cluster_events({"gone": "pending:gone"}, [], bare) == {"gone": ""}


# ----------------------------------------------------------------------------------------------- guards

def test_shared_place_names_alone_do_not_make_an_undated_article_a_known_strike(ref):
    """The reference strike of 2 Feb 2024 hit Al-Qaim and Akashat; a new, undated article on a strike there
    without any date or figure in common is not taken for it."""
    text = ("US aircraft struck a militia training camp near Al-Qaim and Akashat in western Iraq, "
            "destroying weapons and a command post used by Iran-backed groups, officials said.")
    assert event_match.reference_match(article(text), ref) is None
    # the same words with the event's figure do identify it
    assert event_match.reference_match(article(text + " The strikes hit 85 targets."), ref).event_id == \
        "2024-02-02"


def test_a_weekday_that_cannot_be_the_known_strikes_rules_it_out(ref):
    text = ("US aircraft struck a militia training camp near Al-Qaim and Akashat in western Iraq on Tuesday, "
            "destroying rocket and drone storage sites used by Iran-backed groups, officials said.")
    assert event_match.reference_match(article(text), ref) is None  # 2 Feb 2024 was a Friday
    assert event_match.reference_match(article(text.replace("Tuesday", "Friday")), ref) is not None


def test_a_soft_match_gives_way_to_the_dated_articles_an_article_resembles(ref):
    """Undated copy matched to a known strike by words and weekday alone (soft) joins the dated articles of
    a new strike it resembles; their day wins."""
    dated = [article("US jets strike militia sites near Al-Qaim\n\nUS jets struck militia rocket sites near "
                     "Al-Qaim and Akashat on Friday, a week after drone attacks on the Green Valley outpost, "
                     f"officials said. {extra}", "2022-05-07", aid)
             for aid, extra in (("d1", "Two fighters were killed."), ("d2", "A depot burned for hours."))]
    undated = article("US jets struck militia rocket sites near Al-Qaim and Akashat on Friday, a week after "
                      "drone attacks on the Green Valley outpost, officials said.", "", "u")
    match = event_match.reference_match(undated, ref)
    assert match is not None and not match.dated
    got = event_cluster.case_events(dated + [undated], ref)
    assert got == {"d1": "2022-05-06", "d2": "2022-05-06", "u": "2022-05-06"}


# ----------------------------------------------------------------------------------------------- names

def test_a_clustered_strike_is_named_from_its_articles_place_and_kind(bare):
    arts = [article("US drone strike kills two in Baghdad\n\nA US drone strike on a car in Baghdad killed "
                    "two militia commanders late on Wednesday, officials said.", "2022-05-05", "a"),
            article("Iraq condemns US drone strike\n\nIraq's government condemned the US drone strike in "
                    "Baghdad on Wednesday that killed two commanders.", "2022-05-05", "b")]
    found = event_cluster.case_events(arts, bare)
    assert found == {"a": "2022-05-04", "b": "2022-05-04"}
    rows = events.events_table(bare, found, arts)
    assert [(r["event_id"], r["source"], r["name"], r["articles"]) for r in rows] == [
        ("2022-05-04", "clustered", "US drone strike in Baghdad, 4 May 2022", "a;b")]


def test_the_places_table_names_the_strike_when_given(bare):
    arts = [article("US jets struck militia depots on Thursday.", "2022-05-06", "a")]
    places = [{"article_id": "a", "mention": "Qusayr", "name": "Al-Qusayr", "country": "Syria",
               "precision": "town", "role": "us_strike"},
              {"article_id": "a", "mention": "Syria", "name": "Syria", "country": "Syria",
               "precision": "country", "role": "us_strike"}]
    assert events.strike_name("2022-05-05", arts, places) == "US strike in Al-Qusayr, 5 May 2022"
    assert events.strike_name("2022-05-05", arts) == "US strike, 5 May 2022"  # no place named


def test_profiles_computed_where_articles_are_extracted_give_the_same_events(bare):
    import pickle

    from strikebook.extract.pipeline import ArticleContext

    arts = [article(WIRE, "2022-05-06", "wire"), article(PAPER, "2022-05-05", "paper"),
            article(BLOG, "", "blog")]
    profiles = {a.article_id: pickle.loads(pickle.dumps(events.article_profile(
        ArticleContext(article=a, doc=None, ref=bare)))) for a in arts}
    event_cluster._MEMO.clear()
    assert events.case_events(arts, bare, profiles) == {"wire": "2022-05-06", "paper": "2022-05-06",
                                                        "blog": "2022-05-06"}


def test_a_later_strike_that_recalls_a_known_one_is_not_taken_for_it(ref):
    """Articles written days after the known strikes of 2 Feb 2024 on a new strike that recall them ("85
    targets"): one dates its strike ("on Wednesday"), the other only by its publication date. Neither is
    the known event; they are one new strike."""
    dated = article("US drone strike kills militia commander in Baghdad\n\nA US drone strike on a car in "
                    "eastern Baghdad on Wednesday killed a senior commander of Kataib Hezbollah, officials "
                    "said, days after US forces struck 85 targets in Iraq and Syria.", "2024-02-08", "dated")
    undated_day = article("Militia commander killed in Baghdad drone strike\n\nA US drone strike on a car "
                          "in eastern Baghdad killed a senior commander of Kataib Hezbollah, officials said. "
                          "The strikes on 85 targets in Iraq and Syria came days before.",
                          "2024-02-08", "pub")
    match = event_match.reference_match(undated_day, ref)
    assert match is None or not match.dated  # written six days after, dating no strike on its day
    got = event_cluster.case_events([dated, undated_day], ref)
    assert got == {"dated": "2024-02-07", "pub": "2024-02-07"}


def test_a_follow_up_dated_only_by_its_publication_keeps_the_known_strike(ref):
    text = ("What the strikes on 85 targets tell us\n\nThe US military struck 85 targets in Iraq and Syria "
            "with B-1 bombers and 125 precision munitions, in response to the drone attack on Tower 22 in "
            "Jordan that killed three US soldiers.")
    follow_up = article(text, "2024-02-09", "analysis")
    assert event_cluster.case_events([follow_up], ref) == {"analysis": "2024-02-02"}


def test_the_attack_an_unknown_strike_answered_has_its_row(bare):
    wire = article(WIRE, "2022-05-06", "wire")
    paper_text = PAPER.replace("after a drone attack on", "after Wednesday's drone attack on")
    paper = article(paper_text, "2022-05-05", "paper")
    found = event_cluster.case_events([wire, paper], bare)
    rows = {r["event_id"]: r for r in events.events_table(bare, found, [wire, paper])}
    assert rows["2022-05-06"]["kind"] == "us_strike"
    attack = rows["2022-05-04"]  # "a drone attack wounded four US soldiers", dated Wednesday by the paper
    assert (attack["kind"], attack["source"]) == ("attack_on_us", "clustered")
    assert attack["articles"] == "paper;wire"
    assert attack["name"] == "Drone attack, 4 May 2022"  # the outpost is no place the gazetteer knows
    assert rows["2022-05-06"]["name"] == "US strikes in Al Qusayr, 6 May 2022"


def test_an_undated_statement_dated_with_a_year_rules_out_a_known_strike_months_away(ref):
    text = ("US strikes militia sites in Syria\n\nUS fighter jets struck a training facility and a weapons "
            "storage site near Al-Qaim and Akashat used by Iran's Revolutionary Guard Corps and affiliated "
            "militias, destroying rocket and drone stores. \"The President directed today's action,\" "
            "the Pentagon said in a statement released on November 12, 2023.")
    assert event_match.reference_match(article(text), ref) is None
    assert events.resolve_article_event(article(text), ref) == "2023-11-12"


def test_a_name_printed_in_several_words_is_one_piece_of_evidence(ref):
    """'Islamic Revolutionary Guard Corps-Quds Force' is one name: its four words shared with the record of
    the 85-target strikes (which names the Guard Corps) do not outweigh the name of the man killed."""
    text = ("Confirming the strike in Baghdad, the Pentagon on Friday said US forces killed Major-General "
            "Qasem Soleimani of the Islamic Revolutionary Guard Corps-Quds Force.")
    match = event_match.reference_match(article(text), ref)
    assert match is not None and match.event_id == "2020-01-03"
    assert event_match.name_runs(text, [(0, len(text))]) == (
        frozenset({"major", "general", "qasem", "soleimani"}),
        frozenset({"islamic", "revolutionary", "guard", "corp", "quds", "force"}))


def test_the_words_of_one_name_count_once_at_their_best():
    names = (frozenset({"revolutionary", "guard", "corp"}),)
    assert event_match.tied_sum({"revolutionary": 3.0, "guard": 2.0, "corp": 1.0, "baghdad": 2.5}, names) == 5.5
    assert event_match.tied_sum({"guard": 2.0, "baghdad": 2.5}, ()) == 4.5
    # a headline in title case is no name: each of its words counts
    headline = "US Strikes Kill Revolutionary Guard Commander In Baghdad"
    assert event_match.name_runs(headline, [(0, len(headline))]) == ()


def test_an_undated_reports_month_and_day_far_from_a_known_strike_rules_it_out(ref):
    """'The Iraqi military revealed the toll on March 13': an undated article whose only date is its report's
    month and day is not the strike of 3 January it shares names with (nor of 8 January: five days)."""
    text = ("US strikes near Baghdad airport killed fighters of the Popular Mobilization Forces and Kata'ib "
            "Hezbollah. The Iraqi military revealed the toll on {}.")
    assert event_match.reference_match(article(text.format("March 13")), ref) is None
    assert event_match.reference_match(article(text.format("January 8")), ref) is None
    for day in ("January 3", "January 5"):  # the report may come a day or two after the strike
        assert event_match.reference_match(article(text.format(day)), ref).event_id == "2020-01-03"


KH_SUNDAY = ("US aircraft struck weapons storage facilities of Kata'ib Hezbollah and Kata'ib Sayyid al-Shuhada "
             "near Albu Kamal on the Iraq-Syria border on Sunday, the Pentagon said, calling the defensive "
             "strikes a response to drone attacks on US personnel.")


def test_a_soft_match_is_never_overruled_by_another_known_strike(ref):
    """An undated article soft-matched to the strikes of 27 June 2021 (its words rank them above those of 29
    December 2019) is not moved to the dated wire story on the 2019 strikes, however alike their words: the
    matcher already weighed that known strike and ranked it lower."""
    undated = article(KH_SUNDAY, "", "undated")
    match = event_match.reference_match(undated, ref)
    assert match is not None and match.event_id == "2021-06-27" and not match.dated
    wire = article("US strikes Kata'ib Hezbollah\n\nUS F-15E jets struck five Kata'ib Hezbollah facilities near "
                   "Albu Kamal and Al-Qaim on the Iraq-Syria border on Sunday, the Pentagon said, in response "
                   "to the rocket attack on the K-1 base near Kirkuk.", "2019-12-30", "wire")
    assert event_match.reference_match(wire, ref).event_id == "2019-12-29"
    got = event_cluster.case_events([wire, undated], ref)
    assert got == {"wire": "2019-12-29", "undated": "2021-06-27"}


def test_articles_sharing_a_soft_match_are_not_bound_together(ref):
    """Two undated articles soft-matched to the same known strike are each moved by their own words alone:
    the one resembling the dated articles of a new strike joins them; the other, unlike them, keeps its
    match (it is not pulled along by the first)."""
    dated = [article("US jets strike militia sites near Al-Qaim\n\nUS jets struck militia rocket sites near "
                     "Al-Qaim and Akashat on Friday, a week after drone attacks on the Green Valley outpost, "
                     f"officials said. {extra}", "2022-05-07", aid)
             for aid, extra in (("d1", "Two fighters were killed."), ("d2", "A depot burned for hours."))]
    copy = article("US jets struck militia rocket sites near Al-Qaim and Akashat on Friday, a week after "
                   "drone attacks on the Green Valley outpost, officials said.", "", "copy")
    other = article("B-1 bombers on Friday struck command centres of the Islamic Revolutionary Guard Corps at "
                    "Al-Mayadin and Deir ez-Zor.", "", "other")
    for a in (copy, other):
        match = event_match.reference_match(a, ref)
        assert match is not None and match.event_id == "2024-02-02" and not match.dated
    got = event_cluster.case_events(dated + [copy, other], ref)
    assert got == {"d1": "2022-05-06", "d2": "2022-05-06", "copy": "2022-05-06", "other": "2024-02-02"}


AL_QAIM = ("US jets struck militia rocket sites near Al-Qaim and Akashat on Friday, a week after drone attacks on "
           "the Green Valley outpost, officials said.")


def test_an_undated_article_whose_guessed_event_the_case_overrules_is_read_again(ref):
    """Alone, the undated copy is taken for the known strike of Friday 2 Feb 2024 (words and weekday): its
    "on Friday" would be dated 2 Feb 2024. The case puts it on the new strike of 6 May 2022: its facts must
    be extracted again for that day. A dated article, or one whose event was provisional, need not be."""
    from strikebook.extract.pipeline import ArticleContext

    dated = [article(f"US jets strike militia sites near Al-Qaim\n\n{AL_QAIM} {extra}", "2022-05-07", aid)
             for aid, extra in (("d1", "Two fighters were killed."), ("d2", "A depot burned for hours."))]
    copy = article(AL_QAIM, "", "copy")
    arts = dated + [copy]
    alone = {a.article_id: events.article_event(ArticleContext(article=a, doc=None, ref=ref)) for a in arts}
    assert alone["copy"] == "2024-02-02"
    assert events.article_dates(copy, ref, alone["copy"])[0]["date"] == "2024-02-02"  # the guess's Friday
    assert events.event_redo(alone, arts, ref) == {"copy": "2022-05-06"}
    assert events.article_dates(copy, ref, "2022-05-06")[0]["date"] == "2022-05-06"  # the case's Friday
    assert events.event_redo({**alone, "copy": "pending:copy"}, arts, ref) == {}
    published = article(AL_QAIM, "2022-05-07", "copy")
    assert events.event_redo(alone, dated + [published], ref) == {}


def test_an_undated_article_with_a_provisional_event_dates_its_days_from_the_case(bare):
    """Alone, the undated blog's "on Thursday" has nothing to be dated against; in the case its strike is the
    wire story's of Friday 6 May 2022, and "Thursday" the day before."""
    wire = article(WIRE, "2022-05-06", "wire")
    blog = article(BLOG.replace("were destroyed", "were destroyed on Thursday"), "", "blog")
    alone = {"wire": "2022-05-06", "blog": "pending:blog"}
    case = events.cluster_events(alone, [wire, blog], bare)
    assert case == {"wire": "2022-05-06", "blog": "2022-05-06"}
    assert [r["date"] for r in events.article_dates(blog, bare, alone["blog"])] == [""]
    dated = events.case_dates(alone, case, [wire, blog], bare)
    assert list(dated) == ["blog"]  # the wire story has its own date
    assert [(r["mention"], r["date"], r["resolved_by"]) for r in dated["blog"]] == [
        ("on Thursday", "2022-05-05", "event")]
