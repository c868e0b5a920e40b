"""Date and event fit: dates in the text that cannot be the date of the event the sentence is about, and
statements that belong to another period.

What it looks for:
- a weekday ("on Saturday") or a day of the month ("the night of the 15th") in a sentence about an attack
  or a strike, when no recorded event of that kind near the article's event (the event, the attack it
  answered, the events of the ten days before) fell on that day. Weekdays that date a statement or a
  reaction ("said on Monday") and weekdays in a sentence that names its month are left alone;
- a `dates` row the extractor tied to an event, stated outright, that is not the event's date;
- a statement that `data/reference/periods.csv` ties to a period (e.g. "efforts to revive the nuclear deal",
  2021–2022) in an article whose event date is outside it, unless the sentence says it ended.

Why: a weekday off by one may be a time-zone difference, but a date that fits another attack, or a "current"
state of affairs that ended years before, marks copy recycled from older stories.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from strikebook.text.dates import format_date, partial_iso
from strikebook.text.normalize import split_list
from strikebook.verify.common import Context, cell, in_spans, make_flag, table

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(r"\b(?:(?i:on|last|this|early|late)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                         r"Sunday)(?:['\u2019]s)?(?:\s+(?:night|morning|evening|afternoon))?\b")
_DAY_OF_MONTH_RE = re.compile(r"\bthe\s+(?:night\s+of\s+the\s+)?([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
                              r"(?!\s+(?:century|anniversary|time|day|floor))", re.I)
_MONTH_WORD = re.compile(r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|March|Mar|April|Apr|May|June|Jun|July|Jul|Aug(?:ust)?|"
                         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
_ATTACK_WORDS = re.compile(r"\b(?:attack\w*|rocket\w*|drone attack\w*|bombing\w*|salvo\w*|assault\w*|ambush\w*|"
                           r"shelling|explosion\w*|blast\w*)\b", re.I)
_STRIKE_WORDS = re.compile(r"\b(?:air ?strikes?|strikes?|struck|raids?|bombed|retaliat\w*|military action|"
                           r"operation)\b", re.I)


def _sentence_event(text: str, lo: int, hi: int, pos: int, candidates: list[dict]) -> list[dict]:
    """Candidate events of the kind the sentence talks about nearest to `pos` (attack vs strike)."""
    best_kind, best_dist = "", 10 ** 9
    for pattern, kind in ((_ATTACK_WORDS, "attack_on_us"), (_STRIKE_WORDS, "us_strike")):
        for m in pattern.finditer(text, lo, hi):
            d = min(abs(m.start() - pos), abs(m.end() - pos))
            if d < best_dist:
                best_kind, best_dist = kind, d
    return [c for c in candidates if c.get("kind") == best_kind] if best_kind else []


#: words that make a weekday date a statement or a reaction rather than the event itself
_SPEECH = re.compile(r"\b(?:said|says|told|announced|stated|added|confirmed|reported|warned|briefing|briefed|"
                     r"press conference|statement|interview|tweeted|wrote|condemned|denounced|vowed|urged|called|"
                     r"accused|rejected|critici[sz]ed|responded|welcomed|praised|threatened|promised|pledged|met|"
                     r"spoke|visited|attended|insisted|denied|summoned|protested)\b", re.I)


def _about_speech(text: str, lo: int, hi: int, m: re.Match) -> bool:
    """True when the weekday dates a statement ("said on Monday", "On Monday, officials said") rather than
    the event: a speech word is nearer to the weekday than any attack or strike word."""
    def nearest(pattern) -> int:
        return min((min(abs(x.start() - m.end()), abs(m.start() - x.end())) for x in pattern.finditer(text, lo, hi)),
                   default=10 ** 9)
    return nearest(_SPEECH) < min(nearest(_ATTACK_WORDS), nearest(_STRIKE_WORDS))


def _candidate_events(article_event: str, events: dict[str, dict]) -> list[dict]:
    """The article's event, the attack it answered, and recorded events of the 10 days before it."""
    ev = events.get(article_event)
    if not ev or not ev.get("day"):
        return []
    out = {article_event: ev}
    for r in split_list(ev.get("responds_to")):
        if r in events:
            out[r] = events[r]
    for eid, e in events.items():
        if e.get("day") and timedelta(0) <= ev["day"] - e["day"] <= timedelta(days=10):
            out[eid] = e
    return [dict(v, event_id=k) for k, v in sorted(out.items())]


def check_date_event_fit(ctx: Context) -> list[dict]:
    """Dates that cannot fit the event the sentence is about, and statements tied to another period (the three
    kinds of the module docstring)."""
    texts, info, events = ctx.texts, ctx.info, ctx.events
    flags: list[dict] = []
    articles_of_event: dict[str, list[str]] = {}
    for a, i in sorted(info.items()):
        articles_of_event.setdefault(i["event_id"], []).append(a)
    for aid, text in sorted(texts.items()):
        ev_id = info.get(aid, {}).get("event_id", "")
        cands = _candidate_events(ev_id, events)
        if not cands:
            continue
        spans = ctx.own_spans(aid)
        checks = [(m, "weekday") for m in _WEEKDAY_RE.finditer(text)] + \
                 [(m, "day") for m in _DAY_OF_MONTH_RE.finditer(text)]
        for m, what in sorted(checks, key=lambda x: x[0].start()):
            if not in_spans(m.start(), spans):
                continue
            lo, hi = ctx.sentence(aid, m.start(), m.end())
            if _MONTH_WORD.search(text, lo, hi) and what == "weekday":
                continue  # the sentence dates itself; a weekday next to a stated month is not relative
            kind_cands = _sentence_event(text, lo, hi, m.start(), cands)
            if not kind_cands or _about_speech(text, lo, hi, m):
                continue
            if what == "weekday":
                wd = _WEEKDAYS.index(m.group(1).lower())
                if any(c["day"].weekday() == wd for c in kind_cands):
                    continue
                c = _closest(kind_cands, ev_id, events)
                message = (f"The article puts the {c.get('name') or 'event'} on a {m.group(1)}, but the record "
                           f"dates it {c['day'].strftime('%A')} {format_date(c['day'].isoformat())}. Check the date "
                           "(a time-zone difference can shift a night attack by one day).")
            else:
                day_n = int(m.group(1))
                if any(c["day"].day == day_n for c in kind_cands):
                    continue
                c = _closest(kind_cands, ev_id, events)
                message = (f"The article dates the {c.get('name') or 'event'} to the {m.group(1)}th of the month, but "
                           f"the record has {format_date(c['day'].isoformat())}.")
            f = make_flag(aid, "date_event_fit", "warning", message, text, m.start(), m.end(),
                          _related(c, articles_of_event, aid))
            if f:
                flags.append(f)
    flags += _stated_dates_off(ctx, flags)
    flags += _period_statements(ctx)
    return flags


def _closest(cands: list[dict], article_event: str, events: dict[str, dict]) -> dict:
    responds = split_list(events.get(article_event, {}).get("responds_to"))
    return sorted(cands, key=lambda c: (c["event_id"] not in responds and c["event_id"] != article_event,
                                        c["event_id"] != article_event))[0]


def _related(event: dict, articles_of_event: dict[str, list[str]], aid: str) -> list[str]:
    return [a for a in articles_of_event.get(event.get("event_id"), []) if a != aid]


def _stated_dates_off(ctx: Context, already: list[dict]) -> list[dict]:
    """`dates` rows the extractor tied to an event, stated outright, that are not the event's date."""
    dates, texts, events = table(ctx.tables, "dates"), ctx.texts, ctx.events
    if dates.empty or "resolved_by" not in dates.columns:
        return []
    flagged: dict[str, list[tuple[int, int]]] = {}
    for f in already:
        flagged.setdefault(f["article_id"], []).append((f["start"], f["end"]))
    flags = []
    for r in dates.itertuples(index=False):
        r = r._asdict()
        ev = events.get(cell(r.get("event_id")))
        d = partial_iso(r.get("date"))
        if not ev or not ev.get("day") or cell(r.get("resolved_by")) != "stated" or not re.match(r"^\d{4}-\d\d-\d\d$",
                                                                                                cell(r.get("date"))):
            continue
        if d == ev["day"] or abs((d - ev["day"]).days) > 60:
            continue
        aid, s, e = cell(r.get("article_id")), int(r.get("start")), int(r.get("end"))
        if any(fs < e and s < fe for fs, fe in flagged.get(aid, ())):
            continue
        message = (f"The article dates the {ev.get('name') or 'event'} to {format_date(d.isoformat())}; the record "
                   f"has {format_date(ev['day'].isoformat())}.")
        f = make_flag(aid, "date_event_fit", "warning", message, texts.get(aid, ""), s, e)
        if f:
            flags.append(f)
    return flags


def _period_statements(ctx: Context) -> list[dict]:
    """Statements `periods.csv` ties to a period the article's date is outside of (one flag per article and
    period)."""
    periods = table(ctx.ref, "periods")
    if periods.empty or "pattern" not in periods.columns:
        return []
    flags = []
    for p in periods.itertuples(index=False):
        p = p._asdict()
        try:
            pattern = re.compile(cell(p.get("pattern")), re.I)
            unless = re.compile(cell(p.get("unless")), re.I) if cell(p.get("unless")) else None
        except re.error:
            continue
        start, end = partial_iso(p.get("start")) or date.min, partial_iso(p.get("end"), latest=True) or date.max
        for aid, text in sorted(ctx.texts.items()):
            day = ctx.day(aid)
            if not day or start <= day <= end:
                continue
            spans = ctx.own_spans(aid)
            for m in pattern.finditer(text):
                if not in_spans(m.start(), spans):
                    continue
                lo, hi = ctx.sentence(aid, m.start(), m.end())
                if unless and unless.search(text, lo, hi):
                    continue
                when = (f"from {format_date(p.get('start'))} to {format_date(p.get('end'))}" if cell(p.get("end"))
                        else f"only from {format_date(p.get('start'))}")
                message = (f"This passage speaks of \u201c{cell(p.get('statement'))}\u201d as current, which fits "
                           f"{when}; the event is {format_date(day.isoformat())}. It may be recycled from older "
                           "copy.")
                f = make_flag(aid, "date_event_fit", "warning", message, text, m.start(), m.end())
                if f:
                    flags.append(f)
                break  # one flag per article and period
    return flags
