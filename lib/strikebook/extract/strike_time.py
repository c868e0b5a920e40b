"""When did the article's own strike happen? Date clues, read as the day in the place struck.

Why: the event an article reports is the day the strike happened in local time of the place struck, as the
article's own words date it. Articles rarely print that day. They say "on Thursday", "early Friday", "late on
Sunday", "overnight", "the Pentagon said Sunday", and they are often written in another time zone: a strike
at 1 a.m. in Baghdad is "Thursday evening" in Washington. So each date expression near the strike becomes a
*clue*: the day it names, the shift to the local day its time of day implies, the shifts it allows, and how
much it weighs.

- **Which event a date belongs to** (`association`): the nearest event word, preceding words preferred —
  a strike word ("strikes", "bombed", "raids") or an attack word ("rocket attack", "killed"). An attack
  word with a US modifier is the strike ("the U.S. missile attack", "59 Tomahawk missiles"). A date right
  after a reporting verb ("Esper said Sunday", "in a statement on Thursday evening") or in a dateline
  ("WASHINGTON, Oct 27:") dates a report, not the strike: the strike is that day or the day before.
- **Time of day** (`strike_clues`): "early Friday", "Friday morning", "overnight", "1 a.m. local time" state
  the local day (and weigh more); "Thursday night", "Thursday evening", "8:30 pm Eastern Time" are the
  evening of a US-time day, after midnight where the bombs fell: the next day; a bare "Thursday" or
  "late on Thursday" is that day, possibly the next; a stated calendar date is that date.
- **Without a publication date** a weekday or a month and day cannot be placed in time; they stay clues
  (`kind` 'weekday', 'monthday') that a candidate date fits or not, for matching and clustering.
- **Not the strike's day**: a date opening a period ("since October 17", "attacks that began on Oct. 17"),
  another moment of the story ("a warning earlier Thursday"), a future day, and strikes recalled well
  before the article's date (they vote, weakly).
- **The attack it answered** (`answered_attack`): the attack day the article gives within two weeks before
  its strike, in a sentence naming US or allied forces or the answer ("the militia behind the attack on
  March 11").

The article's date is its publication date, or else a line that is only a full date near the top
("Sunday, 11/12/2023"), or a dateline with a year ("BAGHDAD, Feb 7, 2024 (Reuters)").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from strikebook.extract.dates import DateMention, find_dates, parse_iso
from strikebook.extract.event_terms import deduplicated, own_sentences, sentence_finder, span_finder
from strikebook.extract.quote_marks import quoted_spans

#: Words that make a date belong to a US strike or to an attack (on US forces), by nearest word.
STRIKE_WORDS = re.compile(r"\b(?:air\s*strikes?|airstrikes?|strikes?|struck|bomb(?:ed|ing|ings)?|"
                          r"air\s*raids?|raids?|retaliat\w*|military\s+action)\b", re.I)
ATTACK_WORDS = re.compile(r"\b(?:attacks?|attacked|rockets?|salvos?|missiles?|killed|killing|wounded|"
                          r"wounding|injured|injuring|hurt|hurting|bombing)\b", re.I)
#: A US modifier just before an attack word makes it the strike: "the U.S. missile attack", "US air attack",
#: "59 Tomahawk missiles", "multiple cruise missiles" (at most two words between, none that makes the US the
#: target: "to protect US forces from attacks", "US troops in attacks").
US_MODIFIER = re.compile(r"(?:\bU\.S\.|\bUS\b|\bUnited\s+States\b|\bAmerican\b|\bTomahawk\b|\bcruise\b"
                         r"|(?<!-)\b(?:coalition|Western|allied|Allies|NATO)\b)"
                         r"(?:[-\s]+(?!(?:from|on|against|at|in|by|of|to|forces?|troops?|personnel|bases?|soldiers"
                         r"|service|members|embassy|targets?|positions?)\b)[\w.’'-]+){0,2}?[-\s]+$", re.I)
#: Reporting and reaction words: a date right after one dates the report ("Esper said Sunday").
_REPORT_WORDS = re.compile(r"\b(?:said|says|announced|announces|confirmed|confirms|told|stated|reported|"
                           r"revealed|added|tweeted|wrote|condemned|denounced|warned|vowed|statements?|"
                           r"briefing|conference|released|issued|acknowledged)\b", re.I)
#: A dateline: capitals (and their agency) opening the sentence before the date: "WASHINGTON, Oct 27:".
_DATELINE = re.compile(r"^\W*[A-Z][A-Z/ .’'-]{2,}(?:\([^)]{0,30}\))?,?\s*$")
#: Time of day around a date: the local small hours, or a US-time evening that is the next day where struck.
_EARLY = re.compile(r"\b(?:early|morning|dawn|daybreak|pre-?dawn|small\s+hours)\b", re.I)
_EVENING = re.compile(r"\b(?:night|evening|overnight)\b", re.I)
_US_EVENING_TIME = re.compile(r"\b\d{1,2}(?::\d\d)?\s*p\.?m\.?\s*\(?(?:ET|EST|EDT|Eastern|Washington)\b",
                              re.I)
_LOCAL_EARLY_TIME = re.compile(r"\b\d{1,2}(?::\d\d)?\s*a\.?m\.?\s*\(?(?:local|[A-Z][a-z]+)\s+time\b", re.I)
_OVERNIGHT = re.compile(r"\bovernight\b", re.I)
#: "earlier" before a day: another moment of the story than the strike ("a warning earlier Thursday").
_EARLIER = re.compile(r"\b(?:earlier|later)\b(?:\s+on)?\s+\S+$", re.I)
#: "since" (or "began") opening the clause of a date: the date starts a period ("attacks since October 17",
#: "attacks that began on October 17").
SINCE = re.compile(r"\b(?:since|began|begun|started)\b[^,;:()]*$", re.I)

#: Weights of a clue's vote: a stated local time, a stated date, a plain day, a report, the publication date.
LOCAL_WEIGHT = 1.5
STATED_WEIGHT = 1.25
DAY_WEIGHT = 1.0
REPORT_WEIGHT = 0.5
PUBLICATION_WEIGHT = 0.3
#: A strike clue this many days before the article's date is a strike recalled, not the one reported.
RECENT_DAYS = 4
BACKGROUND_FACTOR = 0.3
#: Shifts (days from the named day to the local strike day) each reading allows.
_PLAIN_SHIFTS = (0, 1)
_REPORT_SHIFTS = (-1, 0, 1)
_PUBLICATION_SHIFTS = (-3, -2, -1, 0, 1)


@dataclass(frozen=True)
class Clue:
    """One piece of evidence for the day of the article's strike.

    `kind` 'day' (value: a date), 'weekday' (value: 0 = Monday) or 'monthday' (value: (month, day)).
    The strike's local day is the named day plus `shift`; `allowed` are the shifts the words admit.
    `source` is 'strike' (the date is the strike's), 'report' (a statement's or dateline's date),
    'publication' or 'reference' (a known event the article matches); text[start:end] is the evidence.
    `local` clues state the local time of day, so they name the local day whatever the writer's time zone."""

    kind: str
    value: object
    shift: int
    weight: float
    allowed: tuple[int, ...]
    source: str
    start: int = 0
    end: int = 0
    local: bool = False  # the words state the local time ("early Friday", "overnight", "1 a.m. local time")

    def fits(self, d: date, shift: int) -> bool:
        shifted = d - timedelta(days=shift)
        if self.kind == "day":
            return shifted == self.value
        if self.kind == "weekday":
            return shifted.weekday() == self.value
        return (shifted.month, shifted.day) == self.value

    def vote(self, d: date) -> float:
        """What the clue says for `d` being the strike's local day: its weight when it names it, else 0."""
        return self.weight if self.fits(d, self.shift) else 0.0

    def allows(self, d: date) -> bool:
        return any(self.fits(d, s) for s in self.allowed)

    @property
    def day(self) -> date | None:
        """The local day the clue names (only a 'day' clue names one)."""
        return self.value + timedelta(days=self.shift) if self.kind == "day" else None


# --------------------------------------------------------------------------- which event a date belongs to

def association(text: str, sent: tuple[int, int], mention: DateMention) -> str:
    """'strike', 'attack', 'report' or '': the event (or report) the date of a sentence belongs to."""
    return association_at(text, sent[0], sent[1], mention.start, mention.end)


@lru_cache(maxsize=4096)
def association_at(text: str, s: int, e: int, mention_start: int, mention_end: int,
                   reports: bool = True) -> str:
    """`association` by offsets (the same date is associated again for every candidate event); without
    `reports`, reporting words are not looked at (a time word like "overnight" dates no report)."""
    before = text[s:mention_start]
    if reports and _DATELINE.match(before):
        return "report"
    best: tuple[float, str, str, int] | None = None
    named: tuple[float, str, str, int] | None = None  # the nearest word that is not a casualty word
    for kind, pattern in (("strike", STRIKE_WORDS), ("attack", ATTACK_WORDS)):
        for m in pattern.finditer(text, s, e):
            if kind == "attack" and m.group()[0] in "rRmM" and _WEAPON_OBJECT.match(text, m.end()):
                continue  # "rocket and drone storage sites": weapons struck, not an attack
            if m.start() >= mention_start:
                if ANSWERED.search(text, mention_end, m.start()):
                    continue  # "on Thursday, in response to the rocket attack": the attack answered
                dist = (m.start() - mention_end) * 1.5  # a following word is a weaker cue
            else:
                dist = mention_start - m.end()
            found = (dist, kind, m.group().lower(), m.start())
            if best is None or dist < best[0]:
                best = found
            if not _CASUALTY_WORD.fullmatch(found[2]) and (named is None or dist < named[0]):
                named = found
    report = _nearest_report(before) if reports else None
    if report is not None and (best is None or best[3] >= mention_start or report < best[0]):
        return "report"
    if best and best[1] == "attack" and US_MODIFIER.search(text[max(s, best[3] - 40):best[3]]):
        return "strike"  # "the U.S. missile attack on a Syrian airbase … on Friday"
    if best and _CASUALTY_WORD.fullmatch(best[2]) and named is not None:
        # "A US drone strike … on Wednesday killed a commander": casualty words name no side; the nearest
        # event word of the sentence does ("a rocket attack on the base late on Wednesday that killed …")
        if named[1] == "attack" and US_MODIFIER.search(text[max(s, named[3] - 40):named[3]]):
            return "strike"
        return named[1]
    return best[1] if best else ""


#: A weapon word followed by what was struck: "rocket and drone storage sites", "missile launchers".
_WEAPON_OBJECT = re.compile(r"(?:\s+(?:and|or)\s+[\w-]+)?(?:[\s-]+[\w-]+)??[\s-]+(?:storage|sites?|"
                            r"launch(?:ers?|ing\s+sites?)|facilit(?:y|ies)|depots?|production|components?|"
                            r"warehouses?|stockpiles?|factor(?:y|ies))\b", re.I)
#: Words that open the event a strike answered: a date before them is not that event's.
ANSWERED = re.compile(r"\b(?:in\s+response\s+to|in\s+retaliation\s+for|retaliation\s+for|"
                       r"in\s+reprisal\s+for|after|following|days\s+after)\b", re.I)
_CASUALTY_WORD = re.compile(r"killed|killing|wounded|wounding|injured|injuring|hurt|hurting")


def _nearest_report(before: str) -> float | None:
    """Distance (characters) from the last reporting word to the date, when at most three words and no
    clause break lie between ("said in a statement Sunday", "confirmed Thursday"); else None."""
    tail = before[-60:]
    last = None
    for m in _REPORT_WORDS.finditer(tail):
        last = m
    if last is None:
        return None
    between = tail[last.end():]
    if re.search(r"[,;:.!?“”\"]", between.rstrip(", ")) or len(between.split()) > 3:
        return None
    return float(len(between))


# --------------------------------------------------------------------------- the article's date

def article_date(article) -> date | None:
    """The date the article states for itself: its publication date, else a line near the top that is only a
    full date ("Sunday, 11/12/2023"), else a dateline with a year ("BAGHDAD, Feb 7, 2024 (Reuters) -")."""
    published = parse_iso(article.published)
    if published:
        return published
    return _stated_date(article.text, tuple(own_sentences(article)[:4]))


@lru_cache(maxsize=256)
def _stated_date(text: str, sents: tuple) -> date | None:
    find = sentence_finder(sents)
    for m in find_dates(text, None, list(sents)):
        if m.resolved_by != "stated" or m.precision != "day":
            continue
        s, e = find(m.start)
        rest = (text[s:m.start] + " " + text[m.end:e]).strip(" ,.:-–—|")
        if not rest or _DATELINE.match(text[s:m.start]):
            return m.earliest
    return None


# --------------------------------------------------------------------------- clues

def strike_clues(article) -> list[Clue]:
    """Every clue the article's own words give to the day of its strike (see the module docstring)."""
    sents = tuple(deduplicated(article.text, own_sentences(article)))
    return list(_clues(article.text, sents, article_date(article)))


@lru_cache(maxsize=256)
def _clues(text: str, sents: tuple, anchor: date | None) -> tuple[Clue, ...]:
    out: list[Clue] = []
    quoted = span_finder(quoted_spans(text))
    mentions = find_dates(text, anchor, list(sents))
    find = sentence_finder(sents)
    starts = [x.start for x in mentions]
    for m in mentions:
        if m.form.endswith("_future") or m.form in ("later", "iso") or m.precision not in ("day", ""):
            continue
        s, e = find(m.start)
        kind = association_at(text, s, e, m.start, m.end)
        if kind not in ("strike", "report"):
            continue
        if kind == "strike" and quoted(m.start) and m.resolved_by == "anchor":
            kind = "report"  # a speaker's "today": when they spoke
        out += _mention_clues(text, (s, e), m, kind, anchor)
    if anchor is not None:
        for m in _OVERNIGHT.finditer(text):
            s, e = find(m.start())
            if s == e:
                continue
            if any(x.precision == "day" and abs(x.start - m.start()) < 25 and s <= x.start < e
                   for x in mentions[bisect_left(starts, m.start() - 25):bisect_left(starts, m.start() + 25)]
                   ):
                continue  # "overnight Thursday": the day is the mention's
            if association_at(text, s, e, m.start(), m.end(), reports=False) == "strike":
                out.append(Clue("day", anchor, 0, LOCAL_WEIGHT, (-1, 0), "strike", m.start(), m.end(),
                                local=True))
        out.append(Clue("day", anchor, 0, PUBLICATION_WEIGHT, _PUBLICATION_SHIFTS, "publication"))
    return tuple(out)


def _mention_clues(text: str, sent: tuple[int, int], m: DateMention, kind: str,
                   anchor: date | None) -> list[Clue]:
    s, e = sent
    if SINCE.search(text[s:m.start]):
        return []  # "since October 26", "since attacks began on Oct. 17": a period's start, not the strike
    near = text[max(s, m.start - 14):min(e, m.end + 12)]
    sentence = text[s:e]
    calendar = m.day is not None  # the words name the calendar day ("November 12, 2023"): no time-zone shift
    local = False
    if kind == "strike" and _EARLIER.search(text[max(s, m.start - 12):m.start] + m.mention):
        kind = "report"  # "a warning earlier Thursday", "Earlier on Thursday, …": another moment of the story
    if kind == "report":
        weight, shift, allowed = REPORT_WEIGHT, 0, _REPORT_SHIFTS
    elif _LOCAL_EARLY_TIME.search(sentence) or (_EARLY.search(near) and not _EVENING.search(m.mention)):
        weight, shift, allowed, local = LOCAL_WEIGHT, 0, (0,), True
    elif calendar:
        weight, shift, allowed = STATED_WEIGHT, 0, _PLAIN_SHIFTS
    elif _US_EVENING_TIME.search(sentence) or _EVENING.search(near):
        weight, shift, allowed = DAY_WEIGHT, 1, (0, 1)
    else:
        weight, shift, allowed = DAY_WEIGHT, 0, _PLAIN_SHIFTS
    if m.earliest is not None and m.precision == "day":
        if kind == "strike" and anchor is not None and not (
                anchor - timedelta(days=RECENT_DAYS) <= m.earliest <= anchor + timedelta(days=1)):
            weight *= BACKGROUND_FACTOR  # a strike recalled ("On October 26, F-16s struck …")
        return [Clue("day", m.earliest, shift, weight, allowed, kind, m.start, m.end, local)]
    if m.earliest is None and m.weekday is not None and m.day is None:
        return [Clue("weekday", m.weekday, shift, weight, allowed, kind, m.start, m.end, local)]
    if m.earliest is None and m.month is not None and m.day is not None:
        return [Clue("monthday", (m.month, m.day), shift, weight, allowed, kind, m.start, m.end, local)]
    return []




# --------------------------------------------------------------------------- votes

#: Sources of clues by strength: a group's day is chosen on the first, then the next breaks ties.
VOTE_TIERS = (("strike", "reference"), ("report",), ("publication",))


def votes(clues: list[Clue], d: date) -> tuple[float, ...]:
    """How strongly the clues say `d` is the strike's local day, per tier of `VOTE_TIERS`: the strongest
    clue of the tier naming it (so an article votes once, however often it repeats a day)."""
    return tuple(max((c.vote(d) for c in clues if c.source in tier), default=0.0) for tier in VOTE_TIERS)


def local_fits(clues: list[Clue], d: date) -> bool:
    """Does a clue stating the local time name `d`? (False when the article states none.)"""
    return any(c.local and c.vote(d) > 0 for c in clues)


def candidate_days(clues: list[Clue]) -> list[date]:
    """The days the clues name (day clues only: a bare weekday names no day)."""
    return sorted({c.day for c in clues if c.day is not None})


def own_strike_day(clues: list[Clue], sources=("strike",)) -> date | None:
    """The day the strongest clues of the given sources name; ties go to the clue met first in the text."""
    best: tuple[float, int, date] | None = None
    for c in clues:
        if c.source not in sources or c.day is None:
            continue
        score = sum(x.vote(c.day) for x in clues if x.source in sources and x.kind == "day")
        key = (-score, c.start, c.day)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def fits_clues(clues: list[Clue], d: date) -> bool:
    """Do the clues admit `d` as the strike's day? The strongest kind of clue present decides: strike
    clues, else reports, else the publication date; an article with no clue admits any day."""
    for sources in (("reference",), ("strike",), ("report",), ("publication",)):
        group = [c for c in clues if c.source in sources]
        if group:
            return any(c.allows(d) for c in group)
    return True


def strike_date(article) -> str:
    """The local day of the article's own strike as its words give it (ISO), or '' when they do not.

    Strike clues decide; without one, reports ("the Pentagon said on Sunday that US forces struck …")."""
    clues = strike_clues(article)
    day = own_strike_day(clues) or own_strike_day(clues, ("report",))
    return day.isoformat() if day else ""


# --------------------------------------------------------------------------- the attack it answered

#: US or allied forces named in a sentence: the attack it dates may be one on them.
ON_US = re.compile(r"\b(?:U\.?S\.?|American|Americans|coalition|allied|British|U\.?K\.?)\b"
                    r"(?:[-\s]+[\w.-]+){0,3}?[-\s]+(?:forces?|troops?|soldiers?|personnel|service\s*(?:members?|men)|servicemen|bases?|"
                    r"contractors?|citizens?|civilians?|embassy|members?|outposts?|specialists?)\b|"
                    r"\bAmericans\b|\bcoalition\b", re.I)
#: Words that make an attack the one a strike answered.
_ANSWER_CUE = re.compile(r"\b(?:in\s+response\s+to|retaliat\w*|in\s+reprisal|behind|blamed|responsible\s+for|"
                         r"avenge|after|following)\b", re.I)
#: How long before its strike an attack the article dates may be the one the strike answered.
ANSWER_WINDOW = 14


def answered_attack(article, event_id: str, cued: bool = False) -> str:
    """The day (ISO) of the attack the article's strike (`event_id`) answered, as the article dates it: the
    attack day it gives most often within two weeks before the strike (ties: the latest), in a sentence
    naming US or allied forces or the answer ("the militia behind the attack on March 11"); else ''.
    Relative days resolve against the article's date, else the strike's day. With `cued`, only sentences
    that say the strike answered the attack count ("in response to", "retaliation for", "behind")."""
    strike = parse_iso(event_id)
    if strike is None:
        return ""
    # asked once per fact sentence: the article is read once
    key = (article.text, article.published, tuple(article.spans()), strike, cued)
    found = _ANSWERED_MEMO.get(key)
    if found is None:
        anchor = article_date(article) or strike
        sents = tuple(deduplicated(article.text, own_sentences(article)))
        found = _answered_attack(article.text, sents, anchor, strike, cued)
        _ANSWERED_MEMO[key] = found
        if len(_ANSWERED_MEMO) > 256:
            _ANSWERED_MEMO.pop(next(iter(_ANSWERED_MEMO)))
    return found


_ANSWERED_MEMO: dict[tuple, str] = {}


@lru_cache(maxsize=256)
def _answered_attack(text: str, sents: tuple, anchor: date, strike: date, cued: bool) -> str:
    counts: dict[date, int] = {}
    find = sentence_finder(sents)
    for m in find_dates(text, anchor, list(sents)):
        if m.precision != "day" or m.earliest is None:
            continue
        if not strike - timedelta(days=ANSWER_WINDOW) <= m.earliest < strike:
            continue
        s, e = find(m.start)
        if SINCE.search(text[s:m.start]):
            continue  # "attacks since October 17" start a series
        if not ((ON_US.search(text, s, e) and not cued) or _ANSWER_CUE.search(text, s, e)):
            continue  # neither on US forces nor the one answered: "a chemical attack on civilians"
        if association_at(text, s, e, m.start, m.end) == "attack":
            counts[m.earliest] = counts.get(m.earliest, 0) + 1
    if not counts:
        return ""
    return max(counts, key=lambda d: (counts[d], d)).isoformat()
