"""The event each fact belongs to: the date rows of the `dates` table and the event of a fact's sentence.

Why: a casualty figure, a place or a date in an article on one strike may belong to that strike, to the
attack it answered, or to an earlier event the article recalls ("last month's raids", "the January 2020
missile attack"). The sentence decides: a date in it that falls on a known event, a period ("in February")
that narrows the candidates, words it shares with them, and the kind of event its facts point to (victims
on the US side belong to an attack on US forces).

Relative dates are resolved against the article's date (`article_anchor`): its publication date, else the
day of the strike it reports. When that strike is not in the reference, its facts stay with it unless a
known event shares a name or a figure with the sentence; victims counted over several attacks ("a series of
attacks", "40 attacks since October 17") belong to no one event; a sentence telling only of the strike is
the strike's, whatever side its victims are on.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from strikebook.extract.dates import DateMention, find_dates, parse_iso
from strikebook.extract.event_cluster import case_answered_attack
from strikebook.extract.event_match import (
    DESCRIPTION_WEIGHT,
    covers,
    is_provisional,
    name_runs,
    provisional_answered,
    tied_sum,
)
from strikebook.extract.event_terms import (
    RefEvent,
    own_sentences,
    reference_events,
    sentence_finder,
    span_finder,
    terms,
)
from strikebook.extract.quote_marks import quoted_spans
from strikebook.extract.strike_time import SINCE, STRIKE_WORDS, US_MODIFIER, association


def article_anchor(article, event_id: str) -> tuple[date | None, str]:
    """The date relative expressions are resolved against, and how it was obtained."""
    published = parse_iso(article.published)
    if published:
        return published, "publication"
    d = parse_iso(event_id)
    return (d, "event") if d else (None, "")


def _events_for_period(m: DateMention, events: dict[str, RefEvent], kinds=None) -> list[RefEvent]:
    return [e for e in events.values() if covers(m, e.date) and (kinds is None or e.kind in kinds)]


def best_event_for_text(text: str, candidates: list[RefEvent], idf: dict[str, float],
                        bonus: dict[str, float] | None = None, threshold: float = 1.0,
                        key_threshold: float = 0.0) -> str:
    """The candidate sharing the most (rare) words with the text, or '' below the threshold. With
    `key_threshold`, the identifying words alone (names, figures: `RefEvent.terms`) must reach it, a "one"
    ("one UK service member") counting as no figure. The words of a name printed in several words count
    once ("Popular Mobilization Forces": `event_match.tied_sum`)."""
    words = terms(text)
    names = name_runs(text, [(0, len(text))])
    scored = []
    for ev in candidates:
        shared = words & ev.terms
        key = tied_sum({t: idf.get(t, 0.0) for t in shared}, names)
        s = (tied_sum({**{t: DESCRIPTION_WEIGHT * idf.get(t, 0.0) for t in (words & ev.words) - ev.terms},
                       **{t: idf.get(t, 0.0) for t in shared}}, names)
             + (bonus or {}).get(ev.event_id, 0.0))
        if key_threshold and tied_sum({t: idf.get(t, 0.0) for t in shared if not t.startswith("1_")},
                                      names) < key_threshold:
            continue
        if key >= key_threshold:
            scored.append((s, ev.date, ev.event_id))
    if not scored:
        return ""
    scored.sort(key=lambda x: (-x[0], -x[1].toordinal()))
    return scored[0][2] if scored[0][0] >= threshold else ""


def _event_for_mention(m: DateMention, sentence: str, events, idf, article_event_id: str) -> str:
    if m.earliest is None:
        return ""
    if m.precision == "day":
        if m.earliest.isoformat() == article_event_id:
            return article_event_id
        return m.earliest.isoformat() if m.earliest.isoformat() in events else ""
    candidates = _events_for_period(m, events)
    return best_event_for_text(sentence, candidates, idf, threshold=1.5) if candidates else ""




def article_dates(article, ref, event_id: str = "") -> list[dict]:
    """Rows of the `dates` table for one article."""
    events, idf = reference_events(ref)
    anchor, how = article_anchor(article, event_id)
    text = article.text
    sents = own_sentences(article)
    quoted = span_finder(quoted_spans(text))
    rows = []
    find = sentence_finder(sents)
    for m in find_dates(text, anchor, sents):
        s, e = find(m.start)
        if m.resolved_by == "anchor" and quoted(m.start):
            # a speaker's "earlier this evening" is relative to when they spoke, not to the article
            m = replace(m, date="", precision="", earliest=None, latest=None, resolved_by="")
        resolved_by = {"stated": "stated", "anchor": how}.get(m.resolved_by, "")
        rows.append({"article_id": article.article_id, "mention": m.mention, "date": m.date,
                     "resolved_by": resolved_by,
                     "event_id": _event_for_mention(m, text[s:e], events, idf, event_id),
                     "start": m.start, "end": m.end, "sentence": text[s:e],
                     "precision": m.precision,
                     "earliest": m.earliest.isoformat() if m.earliest else "",
                     "latest": m.latest.isoformat() if m.latest else ""})
    return rows


def case_dates(article_events: dict[str, str], case_events: dict[str, str], articles, ref) -> dict[str, list]:
    """article_id → its `dates` rows resolved against its event in the clustered case, for the articles that
    had nothing to resolve them against alone: no publication date, and an event their words could not date
    (provisional). Their dates without a year or a week ("March 13", "on Friday") take them from the case,
    as the strike's facts take its event (`event_cluster.event_remap`)."""
    out = {}
    for a in articles:
        old, new = article_events.get(a.article_id, ""), case_events.get(a.article_id, "")
        if is_provisional(old) and new and not is_provisional(new) and not parse_iso(a.published):
            out[a.article_id] = article_dates(a, ref, new)
    return out


def extract_dates(ctx) -> list[dict]:
    """`extract` hook: the `dates` rows of one article (sentence = the one its dates are resolved in)."""
    return article_dates(ctx.article, ctx.ref, ctx.event_id)


def event_for_sentence(ctx, sent, hint: str = "") -> str:
    """The event a sentence's facts belong to (used for casualty figures).

    `hint` is the kind of event the facts point to: 'attack_on_us' (victims are US or coalition
    people) or 'us_strike'. A date in the sentence that falls on a reference event decides, and so does one
    within a day of the article's own strike (the same strike in another time zone) or on the day of the
    attack it answered; a period ("in February", "days later") narrows the candidates, which are then
    ranked by shared words, with a bonus for the article's own strike and the attack it answered. When the
    article's strike is not in the reference, a reference event needs strongly shared words
    (`STRONG_WORDS`: a name, a figure) to take a fact from it. Without any evidence a strike fact belongs to
    the article's event, an attack fact to the attack that event answered (the reference's `responds_to`,
    or the attack the article, or else the case's articles on its strike, date before it:
    `event_cluster.case_answered_attack`; when none is known yet, the provisional id
    `event_match.provisional_answered(article_id)`, which `event_cluster.event_remap` maps to the attack
    the case's articles date, or to ''). A sentence dated by a
    period (month, week, "last month") in which no known event of the kind falls gets no event: its facts
    are background, not the article's strike.
    """
    events, idf = reference_events(ctx.ref)
    text = ctx.article.text
    s0, e0 = (sent.start_char, sent.end_char) if hasattr(sent, "start_char") else sent
    sentence = text[s0:e0]
    if hint == "attack_on_us" and _strike_only(sentence):
        hint = "us_strike"  # "the US missile attack killed four soldiers": no attack but the strike is told
    kinds = {hint} if hint else {"us_strike", "attack_on_us"}
    anchor, _ = article_anchor(ctx.article, ctx.event_id)
    own = events.get(ctx.event_id)
    own_day = parse_iso(ctx.event_id)
    answered = own.responds_to if own else (case_answered_attack(ctx.article, ctx.event_id)
                                            or provisional_answered(ctx.article.article_id))
    # dates are resolved in the context of the whole article ("days later" needs the previous date)
    index = _index(ctx.article, anchor)
    sents, all_mentions = index.sents, index.mentions
    # "since October 17" starts a period: no event's day
    first, last = bisect_left(index.mention_starts, s0), bisect_left(index.mention_starts, e0)
    mentions = [m for m in all_mentions[first:last] if not SINCE.search(text[s0:m.start])]
    candidates = [e for e in events.values() if e.kind in kinds]
    if anchor:
        candidates = [e for e in candidates if e.date <= anchor + timedelta(days=1)]
    if not mentions and hint:
        # "Iran fired missiles at Ain al-Asad on January 8, 2020. No one was killed, but …": a sentence
        # without a date of its own continues the dated sentence before it in the same paragraph
        i = bisect_right(index.sentence_ends, s0) - 1  # the last sentence ending before this one
        if i >= 0 and "\n\n" not in text[sents[i][1]:s0]:
            ps, pe = sents[i]
            starts = index.mention_starts
            for m in all_mentions[bisect_left(starts, ps):bisect_left(starts, pe)]:
                if m.precision == "day" and m.resolved_by == "stated":
                    exact = [e for e in candidates if e.date == m.earliest]
                    if exact:
                        return exact[0].event_id
    for m in mentions:
        if m.precision == "day" and m.earliest is not None:
            exact = [e for e in candidates if e.date == m.earliest]
            if exact:
                return exact[0].event_id
    if hint == "attack_on_us":  # "injuries in attacks before the strike on October 26": the strike's day
        mentions = [m for m in mentions if m.precision != "day" or association(text, (s0, e0), m) != "strike"]
    for m in mentions:
        if m.precision == "day" and m.earliest is not None:
            if (own_day and own is None and abs((m.earliest - own_day).days) <= 1
                    and association(text, (s0, e0), m) == "strike"):
                return ctx.event_id  # its own strike ("on Thursday" in US time), not in the reference
            if answered and hint != "us_strike" and m.earliest.isoformat() == answered:
                return answered  # "the Wednesday night attack on the base"
    day_dates = [m.earliest for m in mentions if m.precision == "day" and m.earliest is not None]
    if day_dates:
        # a sentence dated to a day speaks of events near that day, not of any event sharing its words
        near = [e for e in candidates if any(abs((e.date - d).days) <= 30 for d in day_dates)]
        candidates = near
    periods = [m for m in mentions if m.earliest is not None and m.precision != "day"]
    threshold, key_threshold = 2.0, 0.0
    if periods:
        narrowed = [e for e in candidates if any(covers(m, e.date) for m in periods)]
        if narrowed:
            candidates, threshold = narrowed, 0.5
        elif not any(m.precision == "day" for m in mentions) and all(
                m.resolved_by == "anchor" or m.precision in ("month", "week")
                or (own_day or anchor) is not None and not covers(m, own_day or anchor) for m in periods):
            # "…were killed in raids last month": the sentence dates its facts to a time no known event
            # of this kind falls in, so they belong to none (not to the article's own strike); a year
            # too, when the article's strike is not in it ("In 2017, … accused of killing 500 protesters")
            return ""
    elif anchor and not any(m.precision == "day" for m in mentions):
        candidates = [e for e in candidates if e.date >= anchor - timedelta(days=120)]
    series = _SERIES.search(sentence) and not _ONE_ATTACK.search(sentence)
    if hint == "attack_on_us" and not day_dates and series:
        return ""  # "the attacks have injured 21 US personnel": victims of several attacks, no one event
    if (own is None and own_day is not None or anchor is None) and not day_dates:
        # the article's strike is not a known one, or the article has no date at all: a known event
        # takes its facts only by a name or a figure
        key_threshold = STRONG_WORDS
    bonus = {ctx.event_id: 1.5, answered: 1.5} if ctx.event_id else {}
    best = best_event_for_text(sentence, candidates, idf, bonus=bonus, threshold=threshold,
                               key_threshold=key_threshold)
    if best:
        return best
    days = [m for m in mentions if m.precision == "day" and m.earliest is not None]
    if days:
        return days[0].earliest.isoformat()
    if hint == "attack_on_us":
        return answered
    return ctx.event_id


@dataclass(frozen=True)
class _Index:
    """An article's own sentences and date mentions with their starts, for look-ups by bisection: every
    casualty sentence of an article asks for them, so they are computed once per article and anchor."""

    sents: list
    sentence_ends: list
    mentions: list
    mention_starts: list


_INDEXES: OrderedDict = OrderedDict()


def _index(article, anchor: date | None) -> _Index:
    key = (article.text, anchor, tuple(article.spans()))
    found = _INDEXES.get(key)
    if found is None:
        sents = own_sentences(article)
        mentions = find_dates(article.text, anchor, sents)
        found = _Index(sents, [e for _, e in sents], mentions, [m.start for m in mentions])
        _INDEXES[key] = found
        if len(_INDEXES) > 64:
            _INDEXES.popitem(last=False)
    return found


#: A sentence about several attacks ("attacks since October 17", "a series of rocket attacks") counts their
#: victims together: the figure belongs to no one attack.
_SERIES = re.compile(r"\b(?:series|string|wave|spate|barrage|\d+|dozens|scores|hundreds)\s+(?:of\s+)?"
                     r"(?:[\w-]+\s+){0,3}?attacks\b|\bsince\s+(?:(?:early|mid|"
                     r"late)[-\s]+)?(?:January|February|March|April|May|June|July|August|September|October|November|"
                     r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|\d)", re.I)
_ONE_ATTACK = re.compile(r"\b(?:attack|assault|salvo|barrage|bombing)\b", re.I)

def _strike_only(sentence: str) -> bool:
    """Does the sentence tell of a strike and of no attack on anyone else? Strike words, or attack words
    with a US modifier ("the U.S. missile attack"), and no other attack word, and nothing the strike
    answered: "US strikes hit Iraqi militia blamed in contractor's death" tells of the death it answered."""
    attacks = list(_ATTACK_NOUN.finditer(sentence))
    modified = [bool(US_MODIFIER.search(sentence[max(0, m.start() - 40):m.start()])) for m in attacks]
    return (all(modified) and (bool(STRIKE_WORDS.search(sentence)) or any(modified))
            and not _ANSWERS.search(sentence))


_ATTACK_NOUN = re.compile(r"\b(?:attacks?|attacked|assaults?|salvos?|barrages?|rockets?|shelling)\b", re.I)
#: Words that tie a strike to what it answered: victims named after them are the answered attack's.
_ANSWERS = re.compile(r"\b(?:in\s+response\s+to|(?:in\s+)?retaliation\s+for|in\s+reprisal\s+for|after|following|"
                      r"blamed|behind|responsible\s+for|to\s+avenge|avenging)\b", re.I)

#: Score of identifying words (names, figures) a reference event needs to take a fact from an article whose
#: strike it is not (or from an article with no date at all).
STRONG_WORDS = 4.0
