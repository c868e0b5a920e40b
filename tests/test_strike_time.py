"""The day of an article's own strike as its words give it (extract.strike_time): every rule both ways.

Sentences are synthetic, modelled on how wire stories, US papers and regional outlets date a strike.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from strikebook.extract import strike_time
from strikebook.extract.dates import find_dates
from strikebook.records import Article, Segment


def article(text: str, published: str = "", aid: str = "x") -> Article:
    return Article(article_id=aid, path=Path(f"{aid}.txt"), text=text, published=published,
                   segments=[Segment("body", 0, len(text))])


def assoc(sentence: str, mention: str, anchor: date | None = date(2022, 5, 6)) -> str:
    m = next(x for x in find_dates(sentence, anchor) if x.mention == mention)
    return strike_time.association(sentence, (0, len(sentence)), m)


# ----------------------------------------------------------------------------------------------- association

@pytest.mark.parametrize("sentence, mention, kind", [
    ("US jets bombed a militia depot near the border on Thursday.", "on Thursday", "strike"),
    ("Rockets hit a base hosting US troops on Monday night.", "on Monday night", "attack"),
    # a date right after a reporting word dates the report, not the strike
    ("The US hit four militia sites in Iraq, Defense Secretary Jane Roe said Sunday.", "Sunday", "report"),
    ("In a statement on Thursday evening, the Pentagon confirmed raids.", "on Thursday evening", "report"),
    ("The Pentagon said on Sunday that US aircraft struck two depots.", "on Sunday", "report"),
    ("Officials said the strikes on Sunday destroyed two depots.", "on Sunday", "strike"),
    ("CAIRO, May 6 (Agency) - US aircraft struck a convoy in eastern Syria.", "May 6", "report"),
    # an attack word with a US modifier is the strike
    ("Six people died in the U.S. missile attack on an air base near Hama on Friday.", "on Friday", "strike"),
    ("On Thursday night the US Navy fired 40 Tomahawk missiles at a base.", "On Thursday night", "strike"),
    ("A rocket attack on the base on Friday injured two US contractors.", "on Friday", "attack"),
    # the coalition's or the West's attack is the strike; an attack on the coalition is not
    ("The Western coalition attacked targets last Saturday, the ministry said.", "last Saturday", "strike"),
    ("An anti-coalition attack hit the depot on Friday.", "on Friday", "attack"),
    # US forces as the target of the attack word: not a US attack
    ("The strikes protect US forces from attacks like the ones on Monday.", "on Monday", "attack"),
    # the attack a strike answered comes after "in response to", "after": the date is the strike's
    ("US jets struck a depot on Thursday, in response to the rocket attack on the embassy.", "on Thursday",
     "strike"),
])
def test_association(sentence, mention, kind):
    assert assoc(sentence, mention) == kind


# ----------------------------------------------------------------------------------------------- clues

def clues(text: str, published: str = "") -> list[strike_time.Clue]:
    return [c for c in strike_time.strike_clues(article(text, published)) if c.source != "publication"]


def test_a_plain_weekday_is_that_day_or_the_next():
    (c,) = clues("US aircraft struck two depots in eastern Syria on Thursday.", "2022-05-06")
    assert (c.day, c.allowed, c.local) == (date(2022, 5, 5), (0, 1), False)
    assert c.allows(date(2022, 5, 6)) and not c.allows(date(2022, 5, 4))


def test_early_friday_states_the_local_day():
    (c,) = clues("US aircraft struck two depots in eastern Syria early Friday.", "2022-05-06")
    assert (c.day, c.allowed, c.local, c.weight) == (date(2022, 5, 6), (0,), True, strike_time.LOCAL_WEIGHT)
    (c,) = clues("US aircraft struck two depots early on Friday, officials said.", "2022-05-07")
    assert (c.day, c.local) == (date(2022, 5, 6), True)


@pytest.mark.parametrize("text", [
    "US warships fired cruise missiles at an airfield on Thursday night.",
    "US jets struck two depots in eastern Syria on Thursday evening.",
    "The missiles struck the airfield around 9:40 pm Eastern Time on Thursday.",
])
def test_a_us_time_evening_is_the_next_day_where_the_bombs_fell(text):
    (c,) = clues(text, "2022-05-06")
    assert (c.value, c.shift, c.day) == (date(2022, 5, 5), 1, date(2022, 5, 6))
    assert strike_time.strike_date(article(text, "2022-05-06")) == "2022-05-06"


def test_late_on_a_day_is_that_day():
    late = article("US jets bombed a depot late on Wednesday.", "2022-05-06")
    assert strike_time.strike_date(late) == "2022-05-04"


def test_a_stated_date_is_not_shifted_by_its_time_of_day():
    text = "The US carried out two strikes in Syria on Sunday evening on November 13, 2022, officials said."
    assert strike_time.strike_date(article(text)) == "2022-11-13"


def test_overnight_is_the_night_before_the_article():
    (c,) = clues("Officials condemned the overnight air strikes on their bases.", "2022-05-06")
    assert (c.day, c.local, c.allowed) == (date(2022, 5, 6), True, (-1, 0))
    assert clues("Officials condemned the overnight air strikes on their bases.") == []  # no date: nothing


def test_undated_articles_keep_weekdays_and_month_days_as_clues():
    weekday, = clues("US aircraft struck two depots on Sunday.")
    assert (weekday.kind, weekday.value) == ("weekday", 6)
    assert weekday.allows(date(2022, 5, 8)) and weekday.allows(date(2022, 5, 9))  # a Sunday, the Monday after
    assert not weekday.allows(date(2022, 5, 6))
    monthday, = clues("According to officials, the US strikes on May 5 hit five sites.")
    assert (monthday.kind, monthday.value) == ("monthday", (5, 5))
    assert monthday.allows(date(2021, 5, 5)) and not monthday.allows(date(2021, 5, 7))


def test_since_starts_a_period_and_earlier_strikes_are_background():
    assert clues("The strikes are the third round of strikes since October 17.") == []
    (recalled, own) = clues("On April 2, US jets struck a depot. US jets struck again on Thursday.",
                            "2022-05-06")
    assert recalled.weight < own.weight  # a strike a month before the article is recalled
    assert strike_time.strike_date(article("On April 2, US jets struck a depot. US jets struck again on "
                                           "Thursday.", "2022-05-06")) == "2022-05-05"


def test_earlier_on_a_day_dates_another_moment_of_the_story():
    (c,) = clues("The strikes follow a phone call earlier Thursday between the two leaders.", "2022-05-06")
    assert c.source == "report"


def test_a_quoted_today_dates_the_statement():
    (c,) = clues('"Today, US forces conducted strikes on two facilities," the statement said.', "2022-05-06")
    assert (c.source, c.day) == ("report", date(2022, 5, 6))


def test_reports_date_the_strike_only_without_strike_clues():
    text = "The Pentagon said on Sunday that US aircraft struck two depots near the border."
    assert strike_time.strike_date(article(text, "2022-05-09")) == "2022-05-08"


# ----------------------------------------------------------------------------------------------- its date

@pytest.mark.parametrize("text, iso", [
    ("Sunday, 11/13/2022\n\nUS strikes militia sites in Syria on Sunday.", "2022-11-13"),
    ("BAGHDAD, May 6, 2022 (Agency) - A US drone strike on a car killed two men on Friday.", "2022-05-06"),
    ("6 May 2022\n\nA US drone strike on a car killed two men.", "2022-05-06"),
])
def test_the_articles_own_date_without_a_publication_date(text, iso):
    a = article(text)
    a.segments = [Segment("body", 0, len(text))]
    assert strike_time.article_date(a) == date.fromisoformat(iso)


def test_a_date_inside_a_sentence_is_not_the_articles_date():
    a = article("US jets struck a depot, weeks after the 6 May 2022 attack on the embassy.")
    assert strike_time.article_date(a) is None
    assert strike_time.article_date(article("No date here.", "2022-05-07")) == date(2022, 5, 7)


def test_a_speakers_tonight_between_mismatched_marks_dates_when_they_spoke_not_the_strike():
    text = ("A drone hit a base on Thursday. In response, Defense Secretary Jane Roe said Thursday that she had "
            "ordered \u201cprecision air strikes tonight against facilities used by the groups\".")
    clues = strike_time.strike_clues(article(text, "2023-03-25"))
    assert not [c for c in clues if c.source == "strike" and c.day == date(2023, 3, 25)]
