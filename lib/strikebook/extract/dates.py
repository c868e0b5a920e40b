"""Find date expressions in article text and resolve them to calendar dates.

Why: news reports date events relative to the day they were written ("on Sunday", "last week",
"the night of the 15th"). To tell which strike an article reports, and to line up figures from
different outlets, every such expression is turned into an ISO date (or period) with its offsets,
so a reader can see the words each date came from.

Resolution needs an *anchor*: the publication date when the article states one, otherwise the
date of the event the article is matched to (see `events.py`). Without an anchor, only
self-contained dates ("25 February 2021", "2021-02-26", "January 2020") resolve.

Conventions (deterministic; news is past-tense reporting):

* A bare or "on" weekday ("on Sunday", "Thursday", "Monday night", "Monday's attack") is the most
  recent such day ON OR BEFORE the anchor (the same day is allowed: wire copy filed on the day).
  A weekday that names its date ("Sunday, January 28", "Friday 2 February 2024") is one mention: the
  date it names (without a year: the year, this one or the last, that puts it on that weekday).
* "last <weekday>" is that weekday in the calendar week (Monday-Sunday) BEFORE the anchor's week
  ("last Monday" written on Thursday 25 Feb 2021 = Monday 15 Feb 2021, not 22 Feb).
* A day of month without a month ("on the 15th", "the night of the 15th", "reported on 25.") is in
  the anchor's month, or the month before when that day is still to come. An ordinal before a name or a
  unit ("the 19th Commandos Division", "the 4th brigade", "for the 3rd time") is no date.
* A month without a year ("in February", "Feb. 15") is the most recent such month on or before
  the anchor's month (a future month is taken from the previous year), unless a future cue
  ("will", "takes up", "expected", "next"…) stands before it in the sentence: then it is the next
  such month (the anchor's own month included). A weekday after such a cue is the next such day.
* Numeric dates: "Sunday, 11/12/2023" is the reading (month/day or day/month) that falls on the weekday;
  "25/02/2021" the only valid reading; "11/12/2023" alone stays unresolved (both readings are dates).
* "January 27-28", "27-28 January" are ranges of days; "last/this/over the weekend" is the most recent
  Saturday-Sunday on or before the anchor ("last weekend" written at a weekend: the one before).
* "last week" / "this week" / "earlier this week" are ISO weeks; "last/this/earlier this month",
  "last/this year" are months and years; "N days ago", "yesterday", "today", "tonight",
  "last night", "(earlier) this evening" are days counted from the anchor; "next week/month/year"
  and "next <weekday>" (the first such day after the anchor) look forward; "days later" is the range of 1-10 days after the
  previous day-precise date in the same text ("a day later", "two days later" are exact).

Dates are written in ISO 8601 at their precision: YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY, or an
interval start/end; `earliest` and `latest` always give the covered days for comparisons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from strikebook.text.numbers import parse_number

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:night|morning|evening|afternoon))?"
_NUM = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"

#: Nouns an ordinal qualifies when it is no day of the month ("the 19th Brigade", "the 4th time"); a capitalised
#: word after the ordinal ("the 19th Commandos Division") is a name, too.
_ORDINAL_NOUNS = (r"(?:century|anniversary|brigade|division|regiment|battalion|army|corps|fleet|floor|round|time|"
                  r"amendment|session|birthday|place|straight|consecutive|attack|strike)s?\b")

# Order matters: longer, self-contained forms first; overlapping later matches are dropped.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b")),
    # numeric dates: "Sunday, 11/12/2023" (the weekday tells month/day from day/month), "25/02/2021"
    ("weekday_numeric", re.compile(rf"\b{_WEEKDAY},?\s+(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.]{_YEAR}\b")),
    ("numeric", re.compile(rf"\b(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_YEAR}\b")),
    # a weekday naming its date is one mention: "Sunday, January 28", "Friday 2 February 2024"
    ("weekday_month_day", re.compile(rf"\b{_WEEKDAY},?\s+{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?(?![-\d])")),
    ("weekday_day_month", re.compile(rf"\b{_WEEKDAY},?\s+{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z])(?:,?\s+{_YEAR}\b)?")),
    # a night or a span of days: "the night of January 27-28", "27-28 January"
    ("month_day_range", re.compile(rf"\b{_MONTH}\s+{_DAY}\s*[-–]\s*(?P<day2>[12]\d|3[01]|0?[1-9])\b(?![-\d])"
                                   rf"(?:,?\s+{_YEAR}\b)?")),
    ("day_month_range", re.compile(rf"\b{_DAY}\s*[-–]\s*(?P<day2>[12]\d|3[01]|0?[1-9])\s+{_MONTH}(?![a-z])"
                                   rf"(?:,?\s+{_YEAR}\b)?")),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("month_year", re.compile(rf"\b(?:(?:early|mid|late)[-\s])?{_MONTH}\s+{_YEAR}\b")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z])")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![-\d])")),
    ("next_weekday", re.compile(rf"\bnext\s+{_WEEKDAY}{_PART}", re.I)),
    ("last_weekday", re.compile(rf"\blast\s+{_WEEKDAY}{_PART}", re.I)),
    ("weekday", re.compile(rf"(?:\b(?i:on|late|early)\s+)?\b{_WEEKDAY}(?:'s|’s)?{_PART}\b")),
    ("day_of_month", re.compile(r"\b(?:(?:on\s+)?the\s+(?:night\s+of\s+the\s+)?|(?:on\s+)?the\s+)"
                                r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s+(?-i:[A-Z])|\s+" + _ORDINAL_NOUNS + ")",
                                re.I)),
    ("night_of_day", re.compile(r"\bthe\s+night\s+of\s+the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b", re.I)),
    ("on_bare_day", re.compile(r"\bon\s+(?P<day>[12]\d|3[01]|0?[1-9])(?=\s*[.,;])")),
    ("bare_month", re.compile(rf"\b(?:(?:in|since|until|by|from|during|of)\s+(?:(?:early|mid|late)[-\s])?|"
                              rf"(?:early|mid|late)[-\s]){_MONTH}(?![a-z])(?!\s+\d)", re.I)),
    ("year", re.compile(rf"\b(?:(?:in|since|until|by|from|during|before|after)\s+(?:(?:early|mid|late)[-\s])?|"
                        rf"(?:early|mid|late)[-\s]){_YEAR}\b(?![-\d])", re.I)),
    ("weekend", re.compile(r"\b(?P<rel>last|this|past|over\s+the|at\s+the|on\s+the|during\s+the)\s+weekend\b",
                           re.I)),
    ("rel_week", re.compile(r"\b(?P<rel>last|this|earlier\s+this|later\s+this|past|next)\s+week\b(?!s)", re.I)),
    ("rel_month", re.compile(r"\b(?P<rel>last|this|earlier\s+this|later\s+this|past|next)\s+month\b(?!s)", re.I)),
    ("rel_year", re.compile(r"\b(?P<rel>last|this|earlier\s+this|later\s+this|past|next)\s+year\b(?!s)", re.I)),
    ("ago", re.compile(rf"\b{_NUM}\s+(?P<unit>day|days|week|weeks)\s+ago\b", re.I)),
    ("later", re.compile(r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|\d)\s+)?(?P<unit>day|days)\s+later\b",
                         re.I)),
    ("deictic", re.compile(r"\b(?P<word>yesterday|today|tonight|last\s+night|"
                           r"(?:earlier\s+|later\s+)?this\s+(?:morning|afternoon|evening))\b", re.I)),
]


@dataclass(frozen=True)
class DateMention:
    """One date expression: `text[start:end]` is the mention; `date` its ISO resolution ('' if none).

    `resolved_by` is 'stated' (self-contained), 'anchor' (needed the anchor date) or '' (unresolved).
    `month`/`day`/`weekday` keep what the words themselves say, so an event matcher can compare an
    unanchored "the 15th" or "on Sunday" with candidate dates.
    """

    mention: str
    start: int
    end: int
    form: str
    date: str = ""
    precision: str = ""  # day | week | month | year | range | ''
    earliest: date | None = None
    latest: date | None = None
    resolved_by: str = ""
    month: int | None = None
    day: int | None = None
    weekday: int | None = None


#: Words just before a bare month or weekday that make it a future one ("takes up the presidency in
#: August", "will travel on Friday"), within the same sentence.
_FUTURE = re.compile(r"\b(?:will|won't|shall|takes?\s+(?:up|over|office)|to\s+take|is\s+due|are\s+due|"
                     r"expected|scheduled|plans?\s+to|planned|next|upcoming)\b[^.;]*$", re.I)


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _number(token: str | None) -> int:
    if token is None:
        return 1
    return parse_number(token) or 0


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day(d: date) -> dict:
    return {"date": d.isoformat(), "precision": "day", "earliest": d, "latest": d}


def _month_period(year: int, month: int) -> dict:
    first = date(year, month, 1)
    return {"date": f"{year:04d}-{month:02d}", "precision": "month", "earliest": first,
            "latest": first + relativedelta(months=1, days=-1)}


def _year_period(year: int) -> dict:
    return {"date": f"{year:04d}", "precision": "year", "earliest": date(year, 1, 1), "latest": date(year, 12, 31)}


def _week_period(any_day: date) -> dict:
    monday = any_day - timedelta(days=any_day.weekday())
    y, w, _ = monday.isocalendar()
    return {"date": f"{y:04d}-W{w:02d}", "precision": "week", "earliest": monday, "latest": monday + timedelta(6)}


def _range(first: date, last: date) -> dict:
    return {"date": f"{first.isoformat()}/{last.isoformat()}", "precision": "range", "earliest": first,
            "latest": last}


def most_recent_weekday(weekday: int, anchor: date) -> date:
    """The given weekday (0 = Monday) on or before the anchor (same day allowed)."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def last_weekday(weekday: int, anchor: date) -> date:
    """'last <weekday>': that weekday in the Monday-Sunday week before the anchor's week."""
    monday_before = anchor - timedelta(days=anchor.weekday() + 7)
    return monday_before + timedelta(days=weekday)


def _year_for_month(month: int, anchor: date) -> int:
    return anchor.year if month <= anchor.month else anchor.year - 1


def _numeric_date(a: int, b: int, year: int, weekday: int | None) -> date | None:
    """The one date "a/b/year" can be, as month/day or day/month: the one on the weekday given, or the only
    valid reading (a number above 12 is the day); None when both readings stay possible."""
    readings = {d for d in (_safe_date(year, a, b), _safe_date(year, b, a)) if d is not None}
    if weekday is not None:
        readings = {d for d in readings if d.weekday() == weekday}
    return readings.pop() if len(readings) == 1 else None


def _resolve(m: re.Match, form: str, anchor: date | None, previous: date | None) -> dict:
    """The fields of a DateMention for one regex match (empty resolution when it cannot be resolved)."""
    g = m.groupdict()
    out: dict = {}
    if g.get("month"):
        out["month"] = _month(g["month"])
    if g.get("m"):
        out["month"] = int(g["m"])
    if g.get("day"):
        out["day"] = int(g["day"])
    if g.get("weekday"):
        out["weekday"] = WEEKDAYS[g["weekday"].lower()]
    if form in ("month_day_range", "day_month_range"):
        if g.get("year"):
            year = int(g["year"])
        elif anchor is not None:
            year = _year_for_month(out["month"], anchor)
        else:
            return out
        first = _safe_date(year, out["month"], out["day"])
        last = _safe_date(year, out["month"], int(g["day2"]))
        if first is None or last is None or last < first:
            return out
        if not g.get("year") and anchor is not None and first > anchor + timedelta(days=1):
            first, last = first - relativedelta(years=1), last - relativedelta(years=1)
        return {**out, **_range(first, last), "resolved_by": "stated" if g.get("year") else "anchor"}
    if form in ("weekday_month_day", "weekday_day_month"):
        if g.get("year"):
            d = _safe_date(int(g["year"]), out["month"], out["day"])
            return {**out, **(_day(d) if d else {}), "resolved_by": "stated" if d else ""}
        if anchor is None:
            return out
        # the year that puts the day on the weekday the article names, this one or the last
        year = _year_for_month(out["month"], anchor)
        for y in (year, year - 1):
            d = _safe_date(y, out["month"], out["day"])
            if d and d.weekday() == out["weekday"] and d <= anchor + timedelta(days=1):
                return {**out, **_day(d), "resolved_by": "anchor"}
        d = _safe_date(year, out["month"], out["day"])  # weekday and date disagree: read the date as day_month
        if d and d > anchor + timedelta(days=1):
            d = _safe_date(year - 1, out["month"], out["day"])
        return {**out, **(_day(d) if d else {}), "resolved_by": "anchor" if d else ""}
    if form in ("weekday_numeric", "numeric"):
        d = _numeric_date(int(g["a"]), int(g["b"]), int(g["year"]), out.get("weekday"))
        if d is None:
            return out
        return {**out, "month": d.month, "day": d.day, **_day(d), "resolved_by": "stated"}
    if form in ("iso", "day_month_year", "month_day_year"):
        d = _safe_date(int(g["year"]), out["month"], out["day"])
        return {**out, **(_day(d) if d else {}), "resolved_by": "stated" if d else ""}
    if form == "month_year":
        return {**out, **_month_period(int(g["year"]), out["month"]), "resolved_by": "stated"}
    if form == "year":
        return {**out, **_year_period(int(g["year"])), "resolved_by": "stated"}
    if anchor is None:
        return out
    res: dict | None = None
    if form in ("day_month", "month_day"):
        year = _year_for_month(out["month"], anchor)
        d = _safe_date(year, out["month"], out["day"])
        if d and d > anchor + timedelta(days=1):  # "Feb. 27" written on 26 Feb is probably last year's
            d = _safe_date(year - 1, out["month"], out["day"])
        res = _day(d) if d else None
    elif form == "bare_month":
        res = _month_period(_year_for_month(out["month"], anchor), out["month"])
    elif form == "bare_month_future":
        res = _month_period(anchor.year if out["month"] >= anchor.month else anchor.year + 1, out["month"])
    elif form == "weekday":
        res = _day(most_recent_weekday(out["weekday"], anchor))
    elif form == "weekday_future":
        res = _day(anchor + timedelta(days=(out["weekday"] - anchor.weekday()) % 7))
    elif form == "last_weekday":
        res = _day(last_weekday(out["weekday"], anchor))
    elif form == "next_weekday":
        res = _day(anchor + timedelta(days=(out["weekday"] - anchor.weekday() - 1) % 7 + 1))
    elif form in ("day_of_month", "night_of_day", "on_bare_day"):
        d = _safe_date(anchor.year, anchor.month, out["day"])
        if d is None or d > anchor:
            prev = anchor - relativedelta(months=1)
            d = _safe_date(prev.year, prev.month, out["day"])
        res = _day(d) if d else None
    elif form == "weekend":
        rel = " ".join(g["rel"].lower().split())
        saturday = most_recent_weekday(5, anchor)
        if rel == "last" and anchor.weekday() >= 5:  # "last weekend" written on a Saturday or Sunday
            saturday -= timedelta(days=7)
        res = _range(saturday, min(saturday + timedelta(days=1), anchor))  # never after the anchor
    elif form in ("rel_week", "rel_month", "rel_year"):
        rel = " ".join(g["rel"].lower().split())
        if form == "rel_week":
            shift = {"last": -7, "next": 7}.get(rel, 0)
            res = _week_period(anchor + timedelta(days=shift))
            if rel == "past":
                res = _range(anchor - timedelta(days=7), anchor)
        elif form == "rel_month":
            prev = anchor - relativedelta(months=1)
            nxt = anchor + relativedelta(months=1)
            res = (_month_period(prev.year, prev.month) if rel == "last" else
                   _month_period(nxt.year, nxt.month) if rel == "next" else
                   _range(anchor - relativedelta(months=1), anchor) if rel == "past" else
                   _month_period(anchor.year, anchor.month))
        else:
            res = (_year_period(anchor.year - 1) if rel == "last" else
                   _year_period(anchor.year + 1) if rel == "next" else
                   _range(anchor - relativedelta(years=1), anchor) if rel == "past" else
                   _year_period(anchor.year))
    elif form == "ago":
        n = _number(g.get("n"))
        days = n * 7 if g["unit"].lower().startswith("week") else n
        res = _day(anchor - timedelta(days=days))
    elif form == "deictic":
        word = " ".join(g["word"].lower().split())
        res = _day(anchor - timedelta(days=1) if word in ("yesterday", "last night") else anchor)
    elif form == "later":
        if previous is None:
            return out
        if g.get("n"):
            res = _day(previous + timedelta(days=_number(g["n"])))
        else:
            res = _range(previous + timedelta(days=1), previous + timedelta(days=10))
    if not res:
        return out
    return {**out, **res, "resolved_by": "anchor"}


def find_dates(text: str, anchor: date | None = None, spans: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """Every date expression in `text` (within `spans` if given), resolved against `anchor` when needed.

    Matches never overlap; the earlier pattern in `_PATTERNS` wins (so "25 February 2021" is one
    mention, not "25 February" plus "2021"). "days later" counts from the previous day-precise date.
    Results are cached (event matching resolves one text against several anchors, repeatedly).
    """
    key = tuple(spans) if spans is not None else ((0, len(text)),)
    return list(_find_dates(text, anchor, key))


@lru_cache(maxsize=512)
def _find_dates(text: str, anchor: date | None, spans: tuple) -> tuple[DateMention, ...]:
    out: list[DateMention] = []
    previous: date | None = None
    for a, b, form, m in _match_dates(text, spans):
        fields = _resolve(m, form, anchor, previous)
        mention = DateMention(mention=text[a:b], start=a, end=b, form=form, **fields)
        if mention.precision == "day" and mention.earliest is not None:
            previous = mention.earliest
        out.append(mention)
    return tuple(out)


@lru_cache(maxsize=256)
def _match_dates(text: str, spans: tuple) -> tuple[tuple[int, int, str, re.Match], ...]:
    """The date expressions of a text, before resolution: they do not depend on the anchor, and one text
    is resolved against several anchors (every candidate event), so the regex pass is done once."""
    found: list[tuple[int, int, str, re.Match]] = []
    taken: list[tuple[int, int]] = []
    present = [_cues(text, s, e) for s, e in spans]
    for form, pattern in _PATTERNS:
        needs = _NEEDS.get(form, frozenset())
        for (s, e), cues in zip(spans, present, strict=True):
            if not needs <= cues:
                continue  # the sentence lacks a word every match of this pattern contains
            for m in pattern.finditer(text, s, e):
                a, b = m.start(), m.end()
                if any(a < te and ts < b for ts, te in taken):
                    continue
                if form in ("bare_month", "month_day", "day_month") and m.group("month")[0].islower():
                    continue  # "march", "may" as ordinary words
                taken.append((a, b))
                future = form in ("bare_month", "weekday") and bool(_FUTURE.search(text, max(s, a - 60), a))
                found.append((a, b, form + "_future" if future else form, m))
    found.sort(key=lambda x: x[0])
    return tuple(found)


#: Words (or a digit) that every match of a pattern contains, so that a sentence without them is skipped
#: without running the pattern: two dozen patterns over every sentence was the slowest part of dating.
_CUE_WORDS = {
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "weekday": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "weekend": ("weekend",), "week": ("week",), "month_word": ("month",), "year_word": ("year",),
    "ago": ("ago",), "later": ("later",), "deictic": ("yesterday", "today", "tonight", "night", "this"),
}
_DIGIT = re.compile(r"\d")
_NEEDS: dict[str, frozenset[str]] = {
    "iso": frozenset({"digit"}), "numeric": frozenset({"digit"}), "weekday_numeric": frozenset({"weekday", "digit"}),
    **{f: frozenset({"weekday", "month", "digit"}) for f in ("weekday_month_day", "weekday_day_month")},
    **{f: frozenset({"month", "digit"}) for f in ("month_day_range", "day_month_range", "day_month_year",
                                                 "month_day_year", "month_year", "day_month", "month_day")},
    **{f: frozenset({"weekday"}) for f in ("next_weekday", "last_weekday", "weekday")},
    **{f: frozenset({"digit"}) for f in ("day_of_month", "night_of_day", "on_bare_day", "year")},
    "bare_month": frozenset({"month"}), "weekend": frozenset({"weekend"}), "rel_week": frozenset({"week"}),
    "rel_month": frozenset({"month_word"}), "rel_year": frozenset({"year_word"}), "ago": frozenset({"ago"}),
    "later": frozenset({"later"}), "deictic": frozenset({"deictic"}),
}


def _cues(text: str, s: int, e: int) -> frozenset[str]:
    """Which of the `_CUE_WORDS` classes (and 'digit') occur in text[s:e] (case-insensitively)."""
    low = text[s:e].casefold()
    found = {cls for cls, words in _CUE_WORDS.items() if any(w in low for w in words)}
    if _DIGIT.search(text, s, e):
        found.add("digit")
    return frozenset(found)


def parse_iso(value: str) -> date | None:
    """`date` from 'YYYY-MM-DD' (None for anything else, including empty)."""
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None
