"""The `events` table: the reference events a case covers, and the strikes it clusters, named from articles.

Why: a strike the reference does not know is still an event of the case, and a reader needs to recognise
it: "US air strikes in Karbala, 13 Mar 2020", not "US strike reported on 2020-03-13". Its name is built
from its articles' own words: the place most of them name where the strike hit, and the kind of strike
they call it most ("drone strike", "air strikes", "missile strikes").

- **Place**: the extracted `places` rows with role `us_strike` when the pipeline passes them; otherwise
  capitalised names ("Baghdad", "al Shayrat airbase") whose nearest event word is a strike word, found in
  the gazetteer, in a country the cluster's strike sentences name. Sites, towns and regions are preferred to
  countries; each article votes once per place; ties go to the place named first.
- **Kind**: the strike nouns of the same sentences ("drone strike", "airstrikes" → air strikes), by votes.
- **Rows**: reference events the articles report, the attacks those answered when an article mentions
  them, other reference events an article's dates fall on, one row per clustered strike, and one per attack
  a clustered strike answered as its articles date it ("Attack on US forces at Camp Taji, 11 Mar 2020"),
  so every event a casualty figure is given to has its row.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from strikebook.extract.event_cluster import case_clusters, cluster_events
from strikebook.extract.event_terms import article_spans, own_sentences, reference_events, terms
from strikebook.extract.fact_events import article_dates
from strikebook.extract.strike_time import ANSWERED, ATTACK_WORDS, ON_US, STRIKE_WORDS, association_at
from strikebook.text.dates import format_date

_KIND = re.compile(r"\b(?:(?P<mod>drone|missile|cruise[\s-]+missile|rocket|precision|retaliatory|air)[\s-]*)?"
                   r"(?P<noun>air\s*strikes?|airstrikes?|strikes?|raids?|air\s*raids?)\b", re.I)
_PRECISION_RANK = {"site": 0, "town": 0, "region": 1, "country": 2}


def events_table(ref, article_events: dict[str, str], articles, places=None, dates=None) -> list[dict]:
    """Rows of the `events` table (see the module docstring). `article_events` maps article ids to their
    events (clustered here across `articles`); `places`, when given, are the `places` rows the clustered
    strikes are named from; `dates`, when given, are the case's `dates` rows (with their events already
    clustered) — otherwise every article's dates are resolved again."""
    events, _ = reference_events(ref)
    articles = list(articles)
    if places is not None and not isinstance(places, dict):  # grouped once: each name looks at its own
        grouped: dict[str, list] = {}
        for r in (places.to_dict("records") if hasattr(places, "to_dict") else places):
            grouped.setdefault(r.get("article_id"), []).append(r)
        places = grouped
    article_events = cluster_events(article_events, articles, ref)
    clusters = {c.event_id: c for c in case_clusters(articles, ref) if c.event_id}
    covered: dict[str, set[str]] = {}
    dated: dict[str, set[str]] | None = None
    if dates is not None:
        dated = {}
        for row in dates:
            if row.get("event_id"):
                dated.setdefault(row["article_id"], set()).add(row["event_id"])
    for article in articles:
        aid = article.article_id
        ev = article_events.get(aid, "")
        if ev:
            covered.setdefault(ev, set()).add(aid)
        own = events.get(ev)
        if own and own.responds_to in events and _mentions_event(article, events[own.responds_to]):
            covered.setdefault(own.responds_to, set()).add(aid)
        if dated is not None:
            for eid in dated.get(aid, ()):
                covered.setdefault(eid, set()).add(aid)
            continue
        for row in article_dates(article, ref, ev):
            if row["event_id"]:
                covered.setdefault(row["event_id"], set()).add(aid)
    # the attacks unknown strikes answered, as their articles date them
    attacks = {c.answered: c.members for c in clusters.values()
               if c.answered and c.answered not in events and c.answered not in covered}
    for eid, aids in attacks.items():
        covered.setdefault(eid, set()).update(aids)
    by_id = {a.article_id: a for a in articles}
    rows = []
    for eid, aids in sorted(covered.items()):
        if eid in attacks:
            members = [by_id[a] for a in sorted(aids) if a in by_id]
            kind, name = attack_name(eid, members, places)
            rows.append({"event_id": eid, "date": eid, "kind": kind, "name": name,
                         "description": "Not in the reference events: the attack a clustered strike "
                                        "answered, as its articles date it.",
                         "source": "clustered", "articles": ";".join(sorted(aids))})
            continue
        if eid in events:
            r = events[eid].row
            rows.append({"event_id": eid, "date": r.get("date", eid), "kind": r.get("kind", ""),
                         "name": r.get("name", ""), "description": r.get("description", ""),
                         "source": "reference", "articles": ";".join(sorted(aids))})
            continue
        members = [by_id[a] for a in sorted(aids) if a in by_id]
        cluster = clusters.get(eid)
        dated = sum(1 for p in cluster.profiles if p.clues) if cluster else 0
        rows.append({"event_id": eid, "date": eid, "kind": "us_strike",
                     "name": strike_name(eid, members, places),
                     "description": f"Not in the reference events: the strike {len(aids)} article(s) report, "
                                    f"dated from the words of {dated or len(aids)} of them and clustered by "
                                    "date clues and shared words.",
                     "source": "clustered", "articles": ";".join(sorted(aids))})
    return rows


def strike_name(event_id: str, articles, places=None) -> str:
    """'US drone strike in Baghdad, 7 Feb 2024': the kind and place the articles name most, and the day."""
    place = _top_place(articles, places)
    kind = _top_kind(articles)
    return f"US {kind}{' in ' + place if place else ''}, {format_date(event_id)}"


def attack_name(event_id: str, articles, places=None) -> tuple[str, str]:
    """(kind, name) of the attack a clustered strike answered: 'attack_on_us' when its sentences name US or
    allied forces (else 'attack'), and "Rocket attack on Camp Taji, 11 Mar 2020" from the weapon and the
    site (a base, an outpost) the articles name most."""
    votes: Counter = Counter()
    on_us = False
    for article in articles:
        text = article.text
        for s, e in own_sentences(article):
            for m in _ATTACK_KIND.finditer(text, s, e):
                votes[" ".join(m.group("mod").lower().split())] += 1
                on_us = on_us or bool(ON_US.search(text, s, e))
    mod = votes.most_common(1)[0][0] if votes else ""
    place = _top_place(articles, places, "attack", ranks=("site",)) if on_us else ""
    what = f"{mod} attack".capitalize() if mod else "Attack"
    name = f"{what}{' on ' + place if place else ''}, {format_date(event_id)}"
    return ("attack_on_us" if on_us else "attack"), name


#: The weapon named before an attack: "rocket attack", "drone attacks", "chemical weapons attack".
_ATTACK_KIND = re.compile(r"\b(?P<mod>rocket|drone|missile|ballistic\s+missile|mortar|"
                          r"chemical(?:\s+weapons)?|suicide|car\s+bomb|gas)[-\s]+attacks?\b", re.I)


def _strike_sentences(article) -> list[tuple[int, int]]:
    """The title, the lead and the sentences whose nearest event word (to their middle) is a strike word."""
    text = article.text
    sents = own_sentences(article)
    out = []
    for i, (s, e) in enumerate(sents):
        if i < 3 or association_at(text, s, e, s, s, reports=False) == "strike":
            out.append((s, e))
    return out


def _top_place(articles, places=None, kind: str = "strike", ranks=None) -> str:
    """The place most of the articles name where the strike hit (`kind` 'strike') or where US forces were
    attacked ('attack'): sites and towns before regions and countries, then by votes, then first named."""
    found = {a.article_id: _places_of(a, places, kind) for a in articles}
    countries = {name for rows in found.values() for name, precision, _ in rows if precision == "country"}
    votes: Counter = Counter()
    first: dict[str, int] = {}
    rank: dict[str, int] = {}
    for rows in found.values():
        seen: dict[str, int] = {}
        for name, precision, country in rows:
            if precision != "country" and countries and country and country not in countries:
                continue  # "Austin", "Washington": not in a country the strike sentences name
            if ranks is not None and precision not in ranks:
                continue
            seen.setdefault(name, _PRECISION_RANK.get(precision, 2))
        for name, r in seen.items():
            votes[name] += 1
            rank[name] = min(rank.get(name, 9), r)
            first.setdefault(name, len(first))
    if not votes:
        return ""
    return min(votes, key=lambda n: (rank[n], -votes[n], first[n]))


def _places_of(article, places=None, kind: str = "strike") -> list[tuple[str, str, str]]:
    """(name, precision, country) of the places the article names as struck (or, `kind` 'attack', as where
    US forces were attacked)."""
    role = "us_strike" if kind == "strike" else "attack_on_us"
    if places is not None:
        if isinstance(places, dict):  # grouped by article (events_table groups them once)
            rows = places.get(article.article_id, [])
        else:
            rows = places.to_dict("records") if hasattr(places, "to_dict") else list(places)
        return [(str(r.get("name") or r.get("mention")), str(r.get("precision", "")),
                 str(r.get("country", ""))) for r in rows
                if r.get("article_id") == article.article_id and r.get("role") == role
                and (r.get("name") or r.get("mention"))]
    text = article.text
    sents = (_strike_sentences(article) if kind == "strike"
             else [(s, e) for s, e in own_sentences(article) if ON_US.search(text, s, e)])
    return list(_scanned_places(text, tuple(sents), kind))


@lru_cache(maxsize=256)
def _scanned_places(text: str, sents: tuple, kind: str = "strike") -> tuple[tuple[str, str, str], ...]:
    """Places found by name in the sentences: capitalised runs (with an Arabic article before and a
    facility word after: "al Shayrat airbase") known to the gazetteer and nearest to a strike word (or,
    `kind` 'attack', an attack word: "the rocket attack on Camp Taji")."""
    from strikebook.reference.gazetteer import get_gazetteer

    gazetteer = get_gazetteer()
    found: list[tuple[str, str, str]] = []
    for s, e in sents:
        for m in _NAME.finditer(text, s, e):
            words = m.group(0)
            if _NOT_PLACE.fullmatch(words.split()[-1]) or _NOT_PLACE.fullmatch(words.split()[0]):
                continue
            if association_at(text, s, e, m.start(), m.end(), reports=False) != kind:
                continue
            cues = list(ANSWERED.finditer(text, max(s, m.start() - 60), m.start()))
            if kind == "strike" and cues and not STRIKE_WORDS.search(text, cues[-1].end(), m.start()):
                continue  # "strikes after the Kirkuk base attack": the place of the attack answered
            hit = gazetteer.cached_lookup(words, fuzzy=False)
            if hit and hit.get("precision") in _PRECISION_RANK:
                found.append((hit.get("name") or words, hit["precision"], hit.get("country", "")))
    return tuple(found)


#: A capitalised run, with an Arabic article before it and a facility word after it.
_NAME = re.compile(r"(?:\b(?:al|Al|el|ad|as|ash|ez|az)[-\s])?\b[A-Z][\w’'-]+(?:[\s-]+(?:al-|Al-|el-|ad-|as-|"
                   r"ash-|ez-|az-)?[A-Z][\w’'-]+){0,3}(?:\s+(?:air\s*base|airbase|air\s*field|airfield|airport|"
                   r"military\s+base|base|oil\s+field|gas\s+field|province|governorate|district))?")
#: Capitalised words that are no place: months, weekdays, titles.
_NOT_PLACE = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|US|U\.S\.|"
                        r"President|Secretary|General|Gen\.?|Defense|Defence|Pentagon)", re.I)


def _top_kind(articles) -> str:
    votes: Counter = Counter()
    for article in articles:
        text = article.text
        for s, e in _strike_sentences(article):
            for m in _KIND.finditer(text, s, e):
                mod = (m.group("mod") or "").lower()
                noun = re.sub(r"\s+", " ", m.group("noun").lower())
                plural = noun.endswith("s")
                if noun.startswith("air"):
                    mod, noun = "air", "strikes" if plural else "strike"
                elif noun.startswith("raid"):
                    mod = mod if mod == "air" else ""
                    noun = "raids" if plural else "raid"
                if mod in ("precision", "retaliatory", "rocket"):
                    mod = ""
                mod = "missile" if mod.startswith("cruise") else mod
                votes[(f"{mod} {noun}".strip())] += 1
    return votes.most_common(1)[0][0] if votes else "strike"


def _mentions_event(article, ev) -> bool:
    """Does the article speak of this (answered) attack? Attack words plus a place or a rare word of it."""
    text = article.text
    if not ATTACK_WORDS.search(text):
        return False
    places = terms(ev.row.get("places", "").replace(";", " "))
    own = " ".join(text[s:e] for s, e in article_spans(article))
    return bool(terms(own) & places)
