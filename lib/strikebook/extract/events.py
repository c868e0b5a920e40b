"""Which strike does each article report, and which events do its dates and figures belong to?

Why: articles on the same strike disagree on dates ("on Sunday", "Thursday", "the night of the
15th") and rarely print a full date, so the event an article reports is found from two kinds of
evidence, both general:

1. **Words shared with a known event** of `data/reference/events.csv`: place names, groups, figures
   ("85 targets"), weapons ("drone", "rocket") and the attack the strike answered. Each shared word
   counts by how rare it is among the reference events (inverse document frequency), so words every
   event shares ("Iran-backed", "militia", "Iraq") count for nothing and "Tower 22" counts a lot.
   Sentences whose own dates point to another time ("In February, the US…" in a June article) are
   down-weighted: they are background.
2. **Dates**: the article's date expressions are resolved against the publication date, or, when
   the article has none, against each candidate event's date in turn. A candidate is confirmed
   when the weekday or day the article gives for the strike falls on it ("on Sunday" fits only a
   Sunday strike) and contradicted when it does not.

An article that fits no reference event (an unknown corpus) still gets an event: the date its
strike sentence resolves to (needs a publication date); articles of one corpus whose strike dates
lie within a day of each other and share place words are clustered into one event.

Sentences are the shared parse's (`text.sentences`, the one splitter), clipped to the article's own words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from strikebook.extract.dates import DateMention, find_dates, parse_iso
from strikebook.records import ARTICLE_KINDS
from strikebook.text.normalize import fold
from strikebook.text.numbers import number_word_digits
from strikebook.text.sentences import clip, ensure_sentences

#: Words that make a date belong to a US strike or to an attack (on US forces), by nearest word.
STRIKE_WORDS = re.compile(r"\b(?:air\s*strikes?|airstrikes?|strikes?|struck|bomb(?:ed|ing|ings)?|air\s*raids?|"
                          r"raids?|retaliat\w*|military\s+action)\b", re.I)
ATTACK_WORDS = re.compile(r"\b(?:attacks?|attacked|rockets?|salvos?|missiles?|killed|killing|wounded|wounding|"
                          r"injured|injuring|hurt|hurting|bombing)\b", re.I)
#: Weight of ordinary description words against identifying words (names, figures, weapons).
DESCRIPTION_WEIGHT = 0.35
#: Weight of a sentence whose own date points away from the candidate event (background).
BACKGROUND_WEIGHT = 0.3
#: How far (days) before the publication date a reported strike may lie.
PUBLICATION_WINDOW = 14
#: Minimum evidence (idf-weighted shared words + date points) to label an article with a reference event,
#: of which shared words alone (a matching weekday is no evidence by itself), and the lead over the
#: runner-up (an article that fits two strikes equally fits neither).
MATCH_THRESHOLD = 6.0
WORDS_THRESHOLD = 4.0
MATCH_MARGIN = 1.0
#: A strike the lead dates this many days or more away from a candidate rules the candidate out (one or two
#: days apart may be the day a reaction is reported: "Iran condemned the strikes on Saturday").
LEAD_CONTRADICTION_DAYS = 2
_STOP = set("""a an and are as at be been before being between both but by can could did do does during each for
from had has have he her his how in into is it its more most not of on or our out over she so some such than
that the their them then there these they this those through to under up was we were what when where which while
who will with would said says say also after against about since amid other another us u.s new one only very
just""".split())


# --------------------------------------------------------------------------- words and sentences

@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(text: str) -> set[str]:
    """Content words of a text, folded and crudely stemmed, number words as digits ("seven" → "7")."""
    return set(_terms(text))


@lru_cache(maxsize=8192)
def _terms(text: str) -> frozenset[str]:
    """`terms`, memoised: the same article and sentence texts are scored for every candidate event."""
    t = re.sub(r"(?<=\d),(?=\d{3})", "", fold(text))
    out = set()
    pending: list[tuple[str, int]] = []  # numbers waiting for the (up to two) content words that follow
    for w in re.findall(r"[a-z0-9]+", t):
        w = number_word_digits(w)
        if w in _STOP or (len(w) < 3 and not w.isdigit()):
            continue
        w = _stem(w)
        if not w.isdigit():
            for number, _ in pending:
                out.add(f"{number}_{w}")
            pending = [(n, k - 1) for n, k in pending if k > 1]
        else:
            pending.append((w, 2))
        out.add(w)
    return frozenset(out)


def own_sentences(article) -> list[tuple[int, int]]:
    """The article's sentences (the one splitter, `text.sentences`) clipped to its own words."""
    return clip(ensure_sentences(article), _article_spans(article), article.text)


def _article_spans(article) -> list[tuple[int, int]]:
    spans = article.spans(ARTICLE_KINDS)
    return spans or [(0, len(article.text))]


def _deduplicated(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop repeated sentences (a headline printed twice), keeping the first."""
    seen, out = set(), []
    for s, e in sents:
        key = " ".join(text[s:e].split())
        if key not in seen:
            seen.add(key)
            out.append((s, e))
    return out


# --------------------------------------------------------------------------- reference profiles

@dataclass(frozen=True)
class RefEvent:
    event_id: str
    date: date
    kind: str
    responds_to: str
    terms: frozenset  # the identifying words (see _key_terms)
    words: frozenset  # every content word of the row (description included), weaker evidence
    row: dict


@lru_cache(maxsize=8)
def _profiles(rows: tuple) -> tuple[dict[str, RefEvent], dict[str, float]]:
    events: dict[str, RefEvent] = {}
    for row in rows:
        r = dict(row)
        d = parse_iso(r.get("date", "") or r.get("event_id", ""))
        if d is None:
            continue
        words = _key_terms(r)
        events[r["event_id"]] = RefEvent(r["event_id"], d, r.get("kind", ""), r.get("responds_to", ""),
                                         frozenset(words), frozenset(terms(r.get("description", "")) - _GENERIC), r)
    df = Counter(t for e in events.values() for t in e.terms | e.words)
    n = max(len(events), 1)
    idf = {t: math.log(n / c) for t, c in df.items()}
    return events, idf


#: Words too common in this domain's names to tell events apart.
_GENERIC = terms("US U.S. American Pentagon President Biden Trump Iraq Iraqi Syria Syrian Iran Iranian "
                 "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
                 "June July August September October November December On In The A After strike strikes "
                 "airstrikes attack attacks air force forces back backed international base target targets")
#: Kinds of weapon or attack worth matching even though they are common nouns.
_WEAPONS = terms("drone drones rocket rockets missile missiles ballistic bomber bombers munitions salvo")


def _key_terms(row: dict) -> set[str]:
    """The words that identify an event: names of places, groups, the event's name, figures with
    their unit ("85 targets", "three US soldiers"), capitalised names and weapon words of the
    description. Ordinary description words are left out: they make every event look alike."""
    words = terms(" ".join(row.get(k, "") for k in ("name", "places", "claimed_by", "attributed_to",
                                                    "killed", "wounded")).replace(";", " "))
    desc = row.get("description", "")
    names = re.findall(r"\b(?:[A-Z][\w'’-]*|al-\w+|\d[\d,]*)(?:\s+(?:[A-Z][\w'’-]*|al-\w+|\d+))*", desc)
    words |= terms(" ".join(names))
    words |= terms(desc) & _WEAPONS
    words |= {t for t in terms(desc) if "_" in t}  # figures: "85_target", "3_soldier"
    words -= {t for t in terms(desc) if t.isdigit()} - terms(row.get("name", "") + " " + row.get("places", ""))
    return words - _GENERIC


def reference_events(ref) -> tuple[dict[str, RefEvent], dict[str, float]]:
    """Reference events by id, and the rarity (idf) of each of their words."""
    table = getattr(ref, "events", None)
    if table is None or len(table) == 0:
        return {}, {}
    cached = _REF_CACHE.get(id(ref))
    if cached is not None and cached[0] is table:
        return cached[1]
    rows = tuple(tuple(sorted(r.items())) for r in table.to_dict("records"))
    result = _profiles(rows)
    _REF_CACHE[id(ref)] = (table, result)
    return result


_REF_CACHE: dict[int, tuple] = {}


# --------------------------------------------------------------------------- date association

def _association(text: str, sent: tuple[int, int], mention: DateMention) -> str:
    """'strike' or 'attack': the kind of event word nearest the date (preceding words preferred)."""
    return _association_at(text, sent[0], sent[1], mention.start, mention.end)


@lru_cache(maxsize=4096)
def _association_at(text: str, s: int, e: int, mention_start: int, mention_end: int) -> str:
    """`_association` by offsets: the same date is associated again for every candidate event's anchor."""
    best: tuple[float, str, str] | None = None
    for kind, pattern in (("strike", STRIKE_WORDS), ("attack", ATTACK_WORDS)):
        for m in pattern.finditer(text, s, e):
            if m.start() >= mention_start:
                dist = (m.start() - mention_end) * 1.5  # a following word is a weaker cue
            else:
                dist = mention_start - m.end()
            if best is None or dist < best[0]:
                best = (dist, kind, m.group().lower())
    if best and best[1] == "attack" and _CASUALTY_WORD.fullmatch(best[2]) and STRIKE_WORDS.search(text, s, e):
        # "A US drone strike … on Wednesday killed a commander": casualty words name no side; the
        # sentence's strike does
        return "strike"
    return best[1] if best else ""


_CASUALTY_WORD = re.compile(r"killed|killing|wounded|wounding|injured|injuring|hurt|hurting")


def _sentence_of(sents: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for s, e in sents:
        if s <= offset < e:
            return s, e
    return offset, offset


@dataclass
class _ArticleView:
    """What event matching needs from one article, computed once."""

    text: str
    published: date | None
    sents: list[tuple[int, int]]
    sent_terms: list[set[str]]
    sent_weight: list[float]
    mentions: list[DateMention]
    assoc: list[str]


def _view(article) -> _ArticleView:
    """The article's view, computed once per text (scoring, the strike date and dates all read it)."""
    return _view_of(article.text, tuple(own_sentences(article)), tuple(article.spans(("title",))),
                    article.published)


@lru_cache(maxsize=64)
def _view_of(text: str, sents: tuple, title_spans: tuple, published_text: str) -> _ArticleView:
    sents = _deduplicated(text, list(sents))
    weights = []
    for i, (s, _e) in enumerate(sents):
        lead = i < 3 or any(ts <= s < te for ts, te in title_spans)
        weights.append(2.0 if lead else 1.0 if STRIKE_WORDS.search(text, s, _e) else 0.6)
    published = parse_iso(published_text)
    mentions = find_dates(text, published, sents)
    assoc = [_association(text, _sentence_of(sents, m.start), m) for m in mentions]
    return _ArticleView(text, published, sents, [terms(text[s:e]) for s, e in sents], weights, mentions, assoc)


def _covers(m: DateMention, d: date, slack: int = 0) -> bool:
    return (m.earliest is not None and m.latest is not None
            and m.earliest - timedelta(days=slack) <= d <= m.latest + timedelta(days=slack))


def _score(view: _ArticleView, ev: RefEvent, events: dict[str, RefEvent],
           idf: dict[str, float]) -> tuple[float, float]:
    """Evidence that the article reports the strike `ev`: (shared words, dates) (see the module docstring)."""
    anchor = view.published or ev.date
    mentions = find_dates(view.text, anchor, view.sents) if view.published is None else view.mentions
    answered = events.get(ev.responds_to)
    related = [ev.date] + ([answered.date] if answered else [])
    # sentences dated to another time are background
    weight = list(view.sent_weight)
    for m in mentions:
        if m.earliest is None or m.form in ("later",):
            continue
        if not any(_covers(m, d, slack=1) for d in related):
            for i, (s, e) in enumerate(view.sents):
                if s <= m.start < e:
                    weight[i] = min(weight[i], BACKGROUND_WEIGHT)
    profile = {t: DESCRIPTION_WEIGHT for t in ev.words}
    profile.update({t: 1.0 for t in ev.terms})
    if answered:
        for t in answered.words:
            profile.setdefault(t, DESCRIPTION_WEIGHT * 0.8)
        for t in answered.terms:
            profile[t] = max(profile.get(t, 0.0), 0.8)
    best: dict[str, float] = {}
    for words, w in zip(view.sent_terms, weight, strict=True):
        for t in sorted(words & profile.keys()):
            best[t] = max(best.get(t, 0.0), w * profile[t])
    text_score = sum(idf.get(t, 0.0) * w for t, w in sorted(best.items()))
    score = 0.0
    # a self-contained date well after the strike says the article was written later: weaker fit
    if any(m.resolved_by == "stated" and m.earliest and m.earliest > ev.date + timedelta(days=PUBLICATION_WINDOW)
           for m in mentions):
        score -= 3.0
    # dates: the strike's day, and the day of the attack it answered
    # one vote per (kind, day); a day resolved from the anchor ("on Wednesday") weighs more than the same
    # day stated in a dateline, so a stated copy of it does not soften its contradiction
    votes: dict[tuple, float] = {}
    for m, kind in zip(mentions, _associations(view, mentions), strict=True):
        if m.precision != "day" or m.earliest is None:
            continue
        if kind == "strike":
            vote = 5.0 if m.earliest == ev.date else (-8.0 if m.resolved_by == "anchor" else -2.0)
        elif answered and m.earliest == answered.date:
            vote = 3.0
        else:
            vote = 0.0
        key = (kind, m.earliest)
        votes[key] = vote if key not in votes or abs(vote) > abs(votes[key]) else votes[key]
    score += sum(votes[k] for k in sorted(votes))
    # the lead dates its own strike days away from this event, and nothing dates a strike on it: the article
    # reports another strike, however many words it shares with this one ("… on Wednesday killed a
    # commander …, days after the strikes on 85 targets")
    if any(v > 0 for (kind, _), v in votes.items() if kind == "strike"):
        return text_score, score
    lead_ends = [e for (s, e), w in zip(view.sents, view.sent_weight, strict=True) if w >= 2.0]
    lead_end = max(lead_ends) if lead_ends else 0
    for m, kind in zip(mentions, _associations(view, mentions), strict=True):
        if (kind == "strike" and m.precision == "day" and m.earliest is not None and m.start < lead_end
                and abs((m.earliest - ev.date).days) > LEAD_CONTRADICTION_DAYS):
            return text_score, score - text_score - MATCH_THRESHOLD
    return text_score, score


def _associations(view: _ArticleView, mentions: list[DateMention]) -> list[str]:
    if mentions is view.mentions:
        return view.assoc
    return [_association(view.text, _sentence_of(view.sents, m.start), m) for m in mentions]


def score_events(article, ref, detail: bool = False) -> list[tuple]:
    """Every reference US strike with the article's evidence for it, best first (ties: later date):
    (event_id, total) or, with `detail`, (event_id, total, shared-word score)."""
    events, idf = reference_events(ref)
    view = _view(article)
    scored = []
    for ev in events.values():
        if ev.kind != "us_strike":
            continue
        if view.published and not (ev.date <= view.published + timedelta(days=1)
                                   and ev.date >= view.published - timedelta(days=PUBLICATION_WINDOW)):
            continue
        words, dates = _score(view, ev, events, idf)
        scored.append((ev.event_id, round(words + dates, 3), round(words, 3)))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored if detail else [x[:2] for x in scored]


def strike_date(article) -> str:
    """The date the article's own strike sentences resolve to (first day-precise strike date), or ''."""
    view = _view(article)
    for m, kind in zip(view.mentions, view.assoc, strict=True):
        if kind == "strike" and m.precision == "day" and m.earliest is not None and m.form != "iso":
            return m.earliest.isoformat()
    return ""


def resolve_article_event(article, ref) -> str:
    """The event_id of the US strike the article mainly reports ('' when nothing resolves)."""
    scored = score_events(article, ref, detail=True)
    if scored:
        best, total, words = scored[0]
        runner_up = scored[1][1] if len(scored) > 1 else float("-inf")
        if total >= MATCH_THRESHOLD and words >= WORDS_THRESHOLD and total - runner_up >= MATCH_MARGIN:
            return best
    found = strike_date(article)
    events, _ = reference_events(ref)
    if found in events and events[found].kind != "us_strike":
        # the day is a known attack on US forces ("Iran fired missiles … on Wednesday, in retaliation
        # for …"): the article reports that attack, not a US strike
        return ""
    return found


def article_event(ctx) -> str:
    """`extract` hook: the ISO date (event_id) of the strike the article mainly reports."""
    return resolve_article_event(ctx.article, ctx.ref)


def corpus_events(corpus) -> dict[str, str]:
    """article_id → event_id for a loaded corpus, clustered across it (parses articles not yet parsed)."""
    from strikebook.reference.tables import load_reference

    ref = load_reference()
    found = {a.article_id: resolve_article_event(a, ref) for a in corpus.articles}
    return cluster_events(found, corpus.articles, ref)


def cluster_events(article_events: dict[str, str], articles, ref) -> dict[str, str]:
    """Merge unknown-strike events across articles: dates within a day that share place words join
    the earliest date; an article left without a date joins a cluster it shares place words with."""
    events, _ = reference_events(ref)
    place_words = _place_words(ref)
    by_id = {a.article_id: a for a in articles}
    words = {aid: terms(by_id[aid].text) & place_words if aid in by_id else set() for aid in article_events}
    out = dict(article_events)
    clustered = sorted({e for e in out.values() if e and e not in events})
    for i, a in enumerate(clustered):
        for b in clustered[i + 1:]:
            da, db = parse_iso(a), parse_iso(b)
            if da and db and abs((db - da).days) <= 1:
                wa = set().union(*(words[k] for k, v in out.items() if v == a))
                wb = set().union(*(words[k] for k, v in out.items() if v == b))
                if wa & wb:
                    for k, v in out.items():
                        if v == b:
                            out[k] = a
    for aid, ev in list(out.items()):
        if ev or not words.get(aid):
            continue
        best = max(((len(words[aid] & words[k]), v) for k, v in out.items() if v and v not in events),
                   default=(0, ""))
        if best[0] >= 2:
            out[aid] = best[1]
    return out


def _place_words(ref) -> set[str]:
    """Words of known place names (reference places and event places): the clustering vocabulary."""
    names = []
    for table, cols in (("places", ("name", "aliases")), ("aliases", ("alias", "name")),
                        ("events", ("places",))):
        df = getattr(ref, table, None)
        if df is not None and len(df):
            for c in cols:
                if c in df.columns:
                    names += [v.replace(";", " ") for v in df[c]]
    generic = {"iraq", "syria", "iran", "base", "air", "airport", "border", "eastern", "northern", "western"}
    return terms(" ".join(names)) - generic


# --------------------------------------------------------------------------- dates and sentences

def article_anchor(article, event_id: str) -> tuple[date | None, str]:
    """The date relative expressions are resolved against, and how it was obtained."""
    published = parse_iso(article.published)
    if published:
        return published, "publication"
    d = parse_iso(event_id)
    return (d, "event") if d else (None, "")


def _events_for_period(m: DateMention, events: dict[str, RefEvent], kinds=None) -> list[RefEvent]:
    return [e for e in events.values() if _covers(m, e.date) and (kinds is None or e.kind in kinds)]


def best_event_for_text(text: str, candidates: list[RefEvent], idf: dict[str, float],
                        bonus: dict[str, float] | None = None, threshold: float = 1.0) -> str:
    """The candidate sharing the most (rare) words with the text, or '' below the threshold."""
    words = terms(text)
    scored = []
    for ev in candidates:
        s = (sum(idf.get(t, 0.0) for t in sorted(words & ev.terms))  # sorted: sums independent of hash order
             + DESCRIPTION_WEIGHT * sum(idf.get(t, 0.0) for t in sorted((words & ev.words) - ev.terms))
             + (bonus or {}).get(ev.event_id, 0.0))
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


_QUOTED = re.compile(r"“[^“”\n]{1,2000}”|\"[^\"\n]{1,2000}\"")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of passages between quotation marks, within one paragraph (for dates only: a
    speaker's relative dates are not resolved against the article's date)."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def article_dates(article, ref, event_id: str = "") -> list[dict]:
    """Rows of the `dates` table for one article."""
    events, idf = reference_events(ref)
    anchor, how = article_anchor(article, event_id)
    text = article.text
    sents = own_sentences(article)
    quoted = quoted_spans(text)
    rows = []
    for m in find_dates(text, anchor, sents):
        s, e = _sentence_of(sents, m.start)
        if m.resolved_by == "anchor" and any(qs <= m.start < qe for qs, qe in quoted):
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


def extract_dates(ctx) -> list[dict]:
    """`extract` hook: the `dates` table rows of one article (sentence = the one its dates are resolved in)."""
    return article_dates(ctx.article, ctx.ref, ctx.event_id)


def event_for_sentence(ctx, sent, hint: str = "") -> str:
    """The event a sentence's facts belong to (used for casualty figures).

    `hint` is the kind of event the facts point to: 'attack_on_us' (victims are US or coalition
    people) or 'us_strike'. A date in the sentence that falls on a reference event decides; a
    period ("in February", "days later") narrows the candidates, which are then ranked by shared
    words, with a bonus for the article's own strike and the attack it answered. Without any
    evidence a strike fact belongs to the article's event, an attack fact to the attack that event
    answered. A sentence dated by a period (month, week, "last month") in which no known event of the
    kind falls gets no event: its facts are background, not the article's strike.
    """
    events, idf = reference_events(ctx.ref)
    kinds = {hint} if hint else {"us_strike", "attack_on_us"}
    text = ctx.article.text
    s0, e0 = (sent.start_char, sent.end_char) if hasattr(sent, "start_char") else sent
    sentence = text[s0:e0]
    anchor, _ = article_anchor(ctx.article, ctx.event_id)
    own = events.get(ctx.event_id)
    answered = own.responds_to if own else ""
    # dates are resolved in the context of the whole article ("days later" needs the previous date)
    sents = own_sentences(ctx.article)
    all_mentions = find_dates(text, anchor, sents)
    mentions = [m for m in all_mentions if s0 <= m.start < e0]
    candidates = [e for e in events.values() if e.kind in kinds]
    if anchor:
        candidates = [e for e in candidates if e.date <= anchor + timedelta(days=1)]
    if not mentions and hint:
        # "Iran fired missiles at Ain al-Asad on January 8, 2020. No one was killed, but …": a sentence
        # without a date of its own continues the dated sentence before it in the same paragraph
        before = [(s, e) for s, e in sents if e <= s0 and "\n\n" not in text[e:s0]]
        if before:
            ps, pe = before[-1]
            for m in all_mentions:
                if ps <= m.start < pe and m.precision == "day" and m.resolved_by == "stated":
                    exact = [e for e in candidates if e.date == m.earliest]
                    if exact:
                        return exact[0].event_id
    for m in mentions:
        if m.precision == "day" and m.earliest is not None:
            exact = [e for e in candidates if e.date == m.earliest]
            if exact:
                return exact[0].event_id
            if m.earliest.isoformat() == ctx.event_id and hint != "attack_on_us":
                return ctx.event_id  # the article's own strike, not in the reference events
    day_dates = [m.earliest for m in mentions if m.precision == "day" and m.earliest is not None]
    if day_dates:
        # a sentence dated to a day speaks of events near that day, not of any event sharing its words
        near = [e for e in candidates if any(abs((e.date - d).days) <= 30 for d in day_dates)]
        candidates = near
    periods = [m for m in mentions if m.earliest is not None and m.precision != "day"]
    threshold = 2.0
    if periods:
        narrowed = [e for e in candidates if any(_covers(m, e.date) for m in periods)]
        if narrowed:
            candidates, threshold = narrowed, 0.5
        elif not any(m.precision == "day" for m in mentions) and all(
                m.resolved_by == "anchor" or m.precision in ("month", "week") for m in periods):
            # "…were killed in raids last month": the sentence dates its facts to a time no known event
            # of this kind falls in, so they belong to none (not to the article's own strike)
            return ""
    elif anchor and not any(m.precision == "day" for m in mentions):
        candidates = [e for e in candidates if e.date >= anchor - timedelta(days=120)]
    bonus = {ctx.event_id: 1.5, answered: 1.5} if ctx.event_id else {}
    best = best_event_for_text(sentence, candidates, idf, bonus=bonus, threshold=threshold)
    if best:
        return best
    days = [m for m in mentions if m.precision == "day" and m.earliest is not None]
    if days:
        return days[0].earliest.isoformat()
    if hint == "attack_on_us":
        return answered
    return ctx.event_id


# --------------------------------------------------------------------------- the events table

def events_table(ref, article_events: dict[str, str], articles) -> list[dict]:
    """Rows of the `events` table: the reference events the articles cover (their strikes, the
    attacks those answered when an article mentions them, other reference events an article dates),
    and one clustered event per unknown strike date."""
    events, _ = reference_events(ref)
    article_events = cluster_events(article_events, articles, ref)
    covered: dict[str, set[str]] = {}
    for article in articles:
        aid = article.article_id
        ev = article_events.get(aid, "")
        if ev:
            covered.setdefault(ev, set()).add(aid)
        own = events.get(ev)
        if own and own.responds_to in events and _mentions_event(article, events[own.responds_to]):
            covered.setdefault(own.responds_to, set()).add(aid)
        for row in article_dates(article, ref, ev):
            if row["event_id"]:
                covered.setdefault(row["event_id"], set()).add(aid)
    rows = []
    for eid, aids in sorted(covered.items()):
        if eid in events:
            r = events[eid].row
            rows.append({"event_id": eid, "date": r.get("date", eid), "kind": r.get("kind", ""),
                         "name": r.get("name", ""), "description": r.get("description", ""),
                         "source": "reference", "articles": ";".join(sorted(aids))})
        else:
            rows.append({"event_id": eid, "date": eid, "kind": "us_strike",
                         "name": f"US strike reported on {eid}",
                         "description": f"Not in the reference events; the strike date {len(aids)} article(s) "
                                        "resolve to (clustered by date and place words).",
                         "source": "clustered", "articles": ";".join(sorted(aids))})
    return rows


def _mentions_event(article, ev: RefEvent) -> bool:
    """Does the article speak of this (answered) attack? Attack words plus a place or a rare word of it."""
    text = article.text
    if not ATTACK_WORDS.search(text):
        return False
    places = terms(ev.row.get("places", "").replace(";", " "))
    return bool(terms(text) & places)
