"""Date expressions found and resolved against an anchor (strikebook.extract.dates): every rule both ways."""

from __future__ import annotations

from datetime import date

import pytest

from strikebook.extract.dates import find_dates, last_weekday, most_recent_weekday, parse_iso

THU = date(2021, 2, 25)  # a Thursday
SUN = date(2021, 6, 27)  # a Sunday


def one(text: str, anchor: date | None = None):
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.mention  # provenance
    return m


@pytest.mark.parametrize("text, iso, mention", [
    ("It happened on 25 February 2021.", "2021-02-25", "25 February 2021"),
    ("It happened on February 25, 2021.", "2021-02-25", "February 25, 2021"),
    ("date 2021-02-26 US carries out strikes", "2021-02-26", "2021-02-26"),
    ("the Feb. 25, 2021 strikes", "2021-02-25", "Feb. 25, 2021"),
])
def test_self_contained_days_need_no_anchor(text, iso, mention):
    m = one(text)
    assert (m.date, m.precision, m.resolved_by, m.mention) == (iso, "day", "stated", mention)


def test_month_and_year_periods():
    m = one("a drone strike near Baghdad airport in January 2020.")
    assert (m.date, m.precision, m.earliest, m.latest) == ("2020-01", "month", date(2020, 1, 1), date(2020, 1, 31))
    y = one("Since late 2019, the United States carried out strikes")
    assert (y.date, y.precision, y.mention) == ("2019", "year", "Since late 2019")
    # a year used as an adjective is not a date mention
    assert find_dates("the 2015 nuclear deal") == []


def test_month_day_without_year_takes_the_anchor_year():
    m = one("its own investigation of a Feb. 15 attack", date(2021, 2, 26))
    assert (m.date, m.resolved_by, m.month, m.day) == ("2021-02-15", "anchor", 2, 15)
    # without an anchor the words are kept but no date is invented
    u = one("its own investigation of a Feb. 15 attack")
    assert (u.date, u.resolved_by, u.month, u.day) == ("", "", 2, 15)
    # a date still to come belongs to the previous year
    assert one("on Dec. 29 the US struck", date(2020, 1, 3)).date == "2019-12-29"


def test_on_weekday_is_most_recent_on_or_before_anchor():
    assert one("strikes, carried out on Sunday, targeted", SUN).date == "2021-06-27"  # same day allowed
    assert one("launched airstrikes Thursday targeting", THU).date == "2021-02-25"
    assert one("Rockets hit Baghdad's Green Zone on Monday", date(2021, 2, 26)).date == "2021-02-22"
    assert one("on Saturday", date(2024, 2, 2)).date == "2024-01-27"
    assert one("Monday's rocket attack", THU).date == "2021-02-22"
    # lower-case weekday words are not dates; no anchor → unresolved but the weekday is kept
    assert find_dates("sunday best") == []
    u = one("on Sunday")
    assert (u.date, u.weekday) == ("", 6)


def test_last_weekday_is_in_the_week_before():
    m = one("and last Monday night, a bombing near a U.S. base", THU)
    assert (m.date, m.mention) == ("2021-02-15", "last Monday night")
    assert last_weekday(0, THU) == date(2021, 2, 15)
    assert most_recent_weekday(0, THU) == date(2021, 2, 22)
    assert most_recent_weekday(3, THU) == THU


def test_day_of_month_takes_the_anchor_month_or_the_one_before():
    m = one("a rocket attack near Erbil on the night of the 15th, full of debris", THU)
    assert (m.date, m.mention) == ("2021-02-15", "on the night of the 15th")
    assert one("on the 28th", date(2021, 3, 3)).date == "2021-02-28"
    assert one("Reuters reported on 25.", THU).date == "2021-02-25"
    assert find_dates("the 20th century", THU) == []
    assert find_dates("strikes on 25 targets", THU) == []


def test_bare_month_is_the_most_recent_such_month():
    assert one("In February, the US launched airstrikes", SUN).date == "2021-02"
    assert one("since he was sworn in as president in January", SUN).date == "2021-01"
    assert one("in August", SUN).date == "2020-08"  # past-tense convention
    assert one("Raisi takes up the presidency in August", SUN).date == "2021-08"  # future cue
    assert one("Talks will resume in February", SUN).date == "2022-02"
    assert one("Biden will travel to Dover on Friday", THU).date == "2021-02-26"
    assert one("Biden travelled to Dover on Friday", THU).date == "2021-02-19"
    assert find_dates("the march to the border", SUN) == []  # common words stay words
    assert find_dates("they may strike", SUN) == []


@pytest.mark.parametrize("text, iso, precision", [
    ("a fatal drone attack on US troops in Jordan last week", "2024-W04", "week"),
    ("Earlier this week, the group denied any role", "2024-W05", "week"),
    ("Raisi was elected earlier this month", "2024-02", "month"),
    ("a missile attack against US forces in Iraq last year", "2023", "year"),
    ("last month", "2024-01", "month"),
    ("two days ago", "2024-01-31", "day"),
    ("yesterday", "2024-02-01", "day"),
    ("today", "2024-02-02", "day"),
    ("earlier this evening", "2024-02-02", "day"),
    ("next week", "2024-W06", "week"),
    ("next month", "2024-03", "month"),
    ("next Friday", "2024-02-09", "day"),
    ("next Monday", "2024-02-05", "day"),
])
def test_relative_periods(text, iso, precision):
    m = one(text, date(2024, 2, 2))
    assert (m.date, m.precision, m.resolved_by) == (iso, precision, "anchor")


def test_days_later_counts_from_the_previous_date():
    text = "In the Feb. 15 attack, rockets hit. Another salvo struck days later. Then, two days later, more."
    found = find_dates(text, date(2021, 2, 26))
    assert [m.mention for m in found] == ["Feb. 15", "days later", "two days later"]
    assert found[1].date == "2021-02-16/2021-02-25" and found[1].precision == "range"
    assert found[2].date == "2021-02-17"
    assert find_dates("days later", date(2021, 2, 26))[0].date == ""  # nothing to count from


def test_spans_limit_the_search_and_no_overlaps():
    text = "On 25 February 2021 and on Sunday."
    assert [m.mention for m in find_dates(text, SUN)] == ["25 February 2021", "on Sunday"]
    assert [m.mention for m in find_dates(text, SUN, [(20, len(text))])] == ["on Sunday"]


def test_parse_iso():
    assert parse_iso("2021-02-25") == THU
    assert parse_iso("") is None and parse_iso("2021-02") is None and parse_iso("not a date!") is None


@pytest.mark.parametrize("text, iso, mention", [
    # a weekday that names its date is one mention, and the date decides (not "the most recent Sunday")
    ("Early on Sunday, January 28, a drone struck Tower 22.", "2024-01-28", "Sunday, January 28"),
    ("The strikes came on Friday 2 February 2024.", "2024-02-02", "Friday 2 February 2024"),
    ("on Thursday, Feb. 25, 2021, US jets struck", "2021-02-25", "Thursday, Feb. 25, 2021"),
    # without a year: the year that puts the day on that weekday, never after the anchor
    ("It happened on Sunday, 29 December.", "2019-12-29", "Sunday, 29 December"),
])
def test_weekday_with_its_date(text, iso, mention):
    anchor = date(2024, 2, 5) if "2024" in text or "Tower" in text else date(2020, 1, 3)
    found = find_dates(text, anchor)
    assert [(m.mention, m.date) for m in found] == [(mention, iso)]


@pytest.mark.parametrize("text, anchor, iso", [
    ("on the night of January 27-28", date(2024, 2, 3), "2024-01-27/2024-01-28"),
    ("27-28 January 2024", None, "2024-01-27/2024-01-28"),
    ("Dec. 30-31", date(2024, 2, 3), "2023-12-30/2023-12-31"),  # a span still to come is last year's
    ("last weekend", date(2024, 2, 3), "2024-01-27/2024-01-28"),  # written on a Saturday: the one before
    ("last weekend", date(2024, 1, 31), "2024-01-27/2024-01-28"),
    ("over the weekend", date(2024, 1, 29), "2024-01-27/2024-01-28"),
    ("over the weekend", date(2024, 2, 3), "2024-02-03"[:10] + "/2024-02-03"),  # not after the anchor
])
def test_day_spans_and_weekends(text, anchor, iso):
    m = one(text, anchor)
    assert (m.date, m.precision) == (iso, "range")


@pytest.mark.parametrize("text, iso, mention", [
    ("Posted Wednesday, 3/9/2022 at noon", "2022-03-09", "Wednesday, 3/9/2022"),  # month/day: 9 March, a Wednesday
    ("Friday, 3.9.2021", "2021-09-03", "Friday, 3.9.2021"),  # day.month: 3 September 2021 was a Friday
    ("Updated 28/01/2024 09:12", "2024-01-28", "28/01/2024"),  # the only valid reading (28 is no month)
    ("Updated 01/28/2024", "2024-01-28", "01/28/2024"),
])
def test_numeric_dates_resolve_when_only_one_reading_fits(text, iso, mention):
    m = one(text)
    assert (m.date, m.resolved_by, m.mention) == (iso, "stated", mention)


def test_an_ambiguous_numeric_date_stays_unresolved():
    m = one("Updated 4/5/2023")
    assert (m.mention, m.date, m.resolved_by) == ("4/5/2023", "", "")
    # the weekday decides between the readings; a weekday fitting neither leaves it unresolved
    assert one("Wednesday, 4/5/2023").date == "2023-04-05"  # 5 April 2023 was a Wednesday
    assert one("Thursday, 4/5/2023").date == "2023-05-04"  # 4 May 2023 was a Thursday
    assert one("Monday, 4/5/2023").date == ""


@pytest.mark.parametrize("text", [
    "Three soldiers of the 19th Commandos Division were killed.",
    "Fighters of the 46th brigade were wounded.",
    "It was struck for the 4th time this year.",
])
def test_an_ordinal_before_a_name_or_a_unit_is_no_date(text):
    assert [m.mention for m in find_dates(text, THU) if m.form == "day_of_month"] == []
    assert one("Rockets hit the base on the 15th, officials said.", THU).date == "2021-02-15"
