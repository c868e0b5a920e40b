"""Places named in an article, geocoded offline, with the role the sentence gives them and their event.

Why this design: the stage is split by job. `place_names` finds the words that name places and locates them
(gazetteer, provinces, compass regions); `place_roles` reads from the sentence's grammar whether the US
struck there, US forces were attacked there, or the place is only mentioned; `place_events` decides which
event each place belongs to and places the strike or attack sites an article does not name. This module
runs them over an article's own words (title and body: captions and comments are not evidence) and keeps
what is a place in use:
- **Names that are not places are left out**: adjectives and possessives ("US troops", "Iran's ministry"),
  governments ("Iran condemned", "talks with Tehran", "officials in Baghdad").
- **Every place the article names is a row**, even when nothing can place it: precision `unknown`, no point.
- **Coordinated places share one reading**: "85 targets in Iraq and Syria".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

import pandas as pd

from strikebook.extract.place_events import EventReader, unnamed_sites
from strikebook.extract.place_names import (
    _COMPASS,
    PLACE_LABELS,
    _candidate_spans,
    _demonym_country,
    _place_row,
    _use_span,
    locate_nearby,
    site_phrases,
    site_row,
    unknown_row,
    untagged_places,
)
from strikebook.extract.place_roles import (
    _ATTACK,
    _STRIKE,
    _article_events,
    _event_kind,
    _is_us,
    _resolve_root,
    _us_names,
    place_role,
)
from strikebook.reference.gazetteer import get_gazetteer
from strikebook.text.normalize import fold

_LOCATIVE_VERBS = {"be", "lie", "sit", "remain", "border", "host", "house", "become", "locate", "situate",
                   "stand"}
_PLACE_NOUNS = {"city", "town", "village", "province", "governorate", "region", "area", "border", "airport",
                "base", "crossing", "district", "desert", "camp", "outskirts", "countryside", "capital",
                "frontier", "side", "part", "east", "west", "north", "south", "outpost", "garrison", "post",
                "installation", "facility", "compound", "complex", "depot", "checkpoint", "airfield",
                "airbase", "port", "bridge", "road", "highway", "neighbourhood", "neighborhood", "suburb",
                "street", "market", "station", "vicinity", "environs", "edge", "heart", "centre", "center"}
_PLACE_ATTRS = {"home", "part", "site", "location", "country", "city", "town", "base", "hub", "center",
                "centre", "stronghold", "region", "area", "border", "route", "scene", "headquarters"}

_PEOPLE_NOUNS = {"official", "authority", "leader", "government", "diplomat", "spokesman", "spokeswoman",
                 "lawmaker", "politician", "counterpart", "ally", "partner", "administration", "minister",
                 "source", "analyst", "observer", "critic", "regime"}


def _possessive(span) -> bool:
    return span.root.dep_ == "poss" or any(c.dep_ == "case" for c in span.root.children)


_NON_LOCATIVE_PREPS = {"with", "by", "between", "for", "about", "than", "like", "among", "despite", "per"}


def _is_place_use(span, precision: str) -> bool:
    """False for names used as adjectives or for governments: 'US troops', 'Iran's minister', 'Iran condemned',
    'talks with Tehran', 'called on the US'."""
    if _possessive(span):
        return False
    root = _resolve_root(span.root)
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in {"in", "from"} and head.head.lemma_.lower() in _PEOPLE_NOUNS:
        return False  # 'officials in Baghdad', 'authorities in Baghdad': the government, not the place
    if root.dep_ in {"compound", "amod", "nmod", "poss", "npadvmod"} and head.i != root.i:
        if root.dep_ == "poss" or head.pos_ not in {"NOUN", "PROPN"}:  # 'Britain-based'
            return False
        if precision == "site":  # 'the Tower 22 outpost', 'the Erbil airport compound'
            return True
        if precision == "country":  # 'the Syria border' yes, 'the US military base' no
            return head.lemma_.lower() in {"border", "side", "frontier", "part"}
        # 'the Kirkuk base attack', 'the Erbil attack': a town naming where the event happened
        return head.lemma_.lower() in _PLACE_NOUNS or head.lemma_.lower() in _EVENT_NOUNS or (
            head.dep_ == "compound" and head.lemma_.lower() in {"base", "airport"} and
            head.head.lemma_.lower() in _EVENT_NOUNS)
    if root.dep_ == "nsubj":
        verb = head.lemma_.lower()
        if verb == "be":  # 'Iraq is home to militias' yes; 'Iran is responsible' no
            return any(c.dep_ == "attr" and c.lemma_.lower() in _PLACE_ATTRS for c in head.children)
        return verb in _LOCATIVE_VERBS
    if root.dep_ in {"dobj", "dative"} and precision in {"country", "town"}:
        return head.lemma_.lower() in _STRIKE or head.lemma_.lower() in _ATTACK or head.lemma_.lower() in {
            "visit", "enter", "leave", "reach", "cross", "capture", "seize", "control", "overrun", "bomb"}
    if root.dep_ == "pobj" and precision != "site":
        prep = head.lower_
        if prep in _NON_LOCATIVE_PREPS:
            return False
        governor = head.head
        if prep == "of":  # "the city of Erbil", "strikes of Syria" — not "the government of Iraq"
            return governor.lemma_.lower() in _PLACE_NOUNS or bool(_event_kind(governor)) or \
                governor.lower_ in _COMPASS  # 'southeast of Homs'
        if prep in {"on", "against", "over", "at"} and precision == "country":
            return bool(_event_kind(governor))
    return True



def extract_places(ctx) -> list[dict]:
    """Rows of the `places` table for one article (see schema.COLUMNS['places'])."""
    gaz = get_gazetteer()
    us_names = _us_names(ctx.ref)
    article_id = ctx.article.article_id
    # sentences holding any of the article's own words (a title glued to a date line still counts); each
    # mention is then kept only if it lies in the title or body itself
    spans = ctx.article.spans()
    span_starts = [a for a, _ in spans]

    def overlaps(start: int, end: int) -> bool:  # does start:end share a character with an own span?
        k = bisect_left(span_starts, end) - 1  # the last span starting before `end`
        return k >= 0 and spans[k][1] > start

    sentences = [s for s in ctx.doc.sents if overlaps(s.start_char, s.end_char)]
    # countries the article talks about, most mentioned first: context for namesakes
    all_ents = list(ctx.doc.ents)  # Span.ents walks the whole Doc each time: group the entities once
    ent_starts = [e.start for e in all_ents]  # (in order: each sentence's entities by bisection)
    ents_of = {sent.start: all_ents[bisect_left(ent_starts, sent.start):bisect_left(ent_starts, sent.end)]
               for sent in sentences}
    counts: Counter = Counter()
    for sent in sentences:
        for e in ents_of[sent.start]:
            if e.label_ == "GPE":
                hit = gaz.cached_lookup(e.ent_id_ or e.text, fuzzy=False)
                if hit and hit["precision"] == "country":
                    counts[hit["name"]] += 1
    article_countries = tuple(c for c, _ in counts.most_common())
    us_attacked, us_struck = _article_events(sentences, us_names)
    reader = EventReader(ctx)
    # names the article uses for people ('Soleimani' tagged a place once is still the general)
    people = {w for e in all_ents if e.label_ == "PERSON" for w in (fold(e.text), fold(e.text.split()[-1]))}
    rows: list[dict] = []

    def inside(row) -> bool:
        k = bisect_right(span_starts, row["start"]) - 1  # the last own span starting at or before the row
        return k >= 0 and row["end"] <= spans[k][1]

    def role_of(span, row) -> str:
        return place_role(span, us_names, us_facility=row.pop("_us_facility", False), us_attacked=us_attacked,
                          us_struck=us_struck)

    for sent in sentences:
        sent_countries = []
        for e in ents_of[sent.start]:
            if e.label_ in {"GPE", "NORP", "LOC"}:
                hit = gaz.cached_lookup(e.ent_id_ or e.text, fuzzy=False) or _demonym_country(e.text, gaz)
                if hit and hit["precision"] not in {"country", "region"}:
                    continue  # a town's namesakes are what we are choosing between: not evidence
                if hit and hit["country"] and hit["country"] not in sent_countries:
                    sent_countries.append(hit["country"])
        context = tuple(sent_countries) + tuple(c for c in article_countries if c not in sent_countries)
        found: list[tuple[dict, object]] = []  # (row, span its role was read from)
        taken: set[int] = set()
        for span, name, kind_words, strict in site_phrases(sent):
            row = site_row(span, name, kind_words, gaz, context, strict)
            if row is None or not inside(row):
                continue  # (a named site is a place by its own words: no use test)
            row["role"] = role_of(span, row)
            found.append((row, span))
            taken.update(range(span.start, span.end))
        previous = None  # (ent, place use?, role) of the last place, for "in Iraq and Syria"
        sent_ents = ents_of[sent.start] + untagged_places(sent, ents_of[sent.start], gaz, context)
        for mention, ent, gloss in _candidate_spans(sent, gaz, sent_ents):
            if any(i in taken for i in range(mention.start, mention.end)):
                continue  # part of a site phrase: "Baghdad's international airport"
            row = _place_row(mention, ent, gloss, gaz, context)
            if row is None and ent.label_ in PLACE_LABELS and not _is_us(ent.root, us_names) and \
                    _locative(mention) and fold(ent.text) not in people:
                row = unknown_row(mention)  # named, but no source places it
            if row is None or not inside(row):
                continue
            if previous is not None and _coordinated(previous[0], ent) and not _possessive(ent):
                # the parser sometimes makes the second of two coordinated places the subject of the next
                # verb ("85 targets in Iraq and Syria linked to militias"): it shares the first one's reading
                use, role = previous[1], previous[2]
            else:
                used = _use_span(mention, ent) if row["precision"] == "region" else ent
                use = _is_place_use(used, _USE_AS.get(row["precision"], row["precision"]))
                role = role_of(used, row) if use else "mention"
            previous = (ent, use, role)
            if not use:
                continue
            row["role"] = role
            found.append((row, ent))
            taken.update(range(mention.start, mention.end))
        found.sort(key=lambda x: x[0]["start"])
        _reference_points(found)
        _containing_places(found)
        sentence_rows = [r for r, _ in found]
        locate_nearby(sentence_rows, ctx.doc)
        for span in unnamed_sites(sent, taken):
            role = place_role(span, us_names, us_attacked=us_attacked, us_struck=us_struck)
            row = reader.event_site(span, role, sent, sentence_rows)
            if row is not None and inside(row):
                sentence_rows.append(row)
        for row in sentence_rows:
            if "event_id" not in row:
                row["event_id"] = reader.event_for(row, sent)
            for k in [k for k in row if k.startswith("_")]:
                del row[k]
            row.update(article_id=article_id, sentence=sent.text.strip())
            rows.append(row)
    return rows


#: event nouns a town's name may modify as the place of the event ('the Erbil attack')
_EVENT_NOUNS = {"attack", "strike", "airstrike", "bombing", "raid", "shelling", "explosion", "blast"}
_LOCATIVE_PREPS = {"in", "at", "near", "outside", "around", "inside", "into", "on", "across", "toward",
                   "towards", "through", "of", "between", "within", "beyond"}


def _locative(span) -> bool:
    """Is a name no source knows used as a place? The object of a locating preposition ('in Rubarya',
    'the city of X', 'near X'), or the name of a place noun ('the Bulbul district', 'X countryside').
    A name the parser merely labels a place ('a group called Saraya Awliya al-Dam') is not kept."""
    root = _resolve_root(span.root)
    if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE_PREPS:
        return root.head.lower_ != "of" or root.head.head.lemma_.lower() in _PLACE_NOUNS
    if span.root.lower_ in _PLACE_NOUNS or span[-1].lower_ in _PLACE_NOUNS:
        return True
    return root.dep_ in {"compound", "nmod"} and root.head.lemma_.lower() in _PLACE_NOUNS


_NEAR_PREPS = {"near", "outside", "around", "close", "by", "next"}


def _reference_points(found: list) -> None:
    """A town that only locates a named site is a mention ("the Shayrat air base near Homs": the base takes
    the role, Homs is where it is); without a named site, "a depot near X" leaves X the role (changed in
    place; found = (row, span) pairs of one sentence)."""
    sites = [(span, row) for row, span in found if row["precision"] in {"site", "nearby"} and
             row["role"] != "mention"]
    if not sites:
        return
    for row, span in found:
        if row["precision"] not in {"town", "region"} or row["role"] == "mention":
            continue
        words = row["mention"].split()
        if len(words) > 2 and words[0].lower() in _COMPASS and words[1].lower() == "of":
            row["role"] = "mention"  # 'the Shayrat air base, southeast of Homs': an offset only locates
            continue
        root = _resolve_root(span.root)
        prep = root.head if root.dep_ == "pobj" else None
        if prep is not None and prep.lower_ == "to" and prep.head.lower_ in {"close", "next"}:
            prep = prep.head
        if prep is None or prep.lower_ not in _NEAR_PREPS:
            continue
        governor = prep.head
        if any(site.start <= governor.i < site.end for site, _ in sites):
            row["role"] = "mention"


def _containing_places(found: list) -> None:
    """A place that contains a strike or attack site shares its role (guidelines ruling 2): "the US embassy
    in Baghdad", "Shayrat Air Base in western Syria", "Camp Taji, Iraq", "Maysalun, Syria" (changed in
    place; found = (row, span) pairs of one sentence)."""
    sites = [(span, row) for row, span in found if row["role"] != "mention" and
             row["precision"] in {"site", "town", "nearby", "unknown", "region"}]
    if not sites:
        return
    for row, span in found:
        if row["role"] != "mention":
            continue
        root = span.root
        governor = None
        if root.dep_ == "pobj" and root.head.lower_ in {"in", "inside", "within"}:
            governor = root.head.head
        elif root.dep_ in {"appos", "npadvmod", "conj"} and root.head.i < root.i and \
                span.doc[span.start - 1].text == ",":
            governor = root.head  # 'in Maysalun, Syria'
        if governor is None:
            continue
        for site, site_place in sites:
            if site_place is not row and site.start <= governor.i < site.end:
                row["role"] = site_place["role"]
                break


#: how an unplaced name is tested for being a place in use: like a town
_USE_AS = {"unknown": "town", "nearby": "town", "event": "site"}


def _coordinated(first, second) -> bool:
    """'Iraq and Syria', 'Iraq or Syria', 'Iraq, Syria': two places joined by a conjunction or comma only."""
    between = second.doc[first.end:second.start]
    return 1 <= len(between) <= 2 and all(t.lower_ in {"and", "or", ","} for t in between) and \
        first.label_ == second.label_



def to_geoframe(df: pd.DataFrame):
    """The places table as a GeoDataFrame (EPSG:4326): a Point where lat/lon are known, None elsewhere."""
    import geopandas as gpd
    from shapely.geometry import Point

    df = df.drop(columns=[c for c in df.columns if c.startswith("_")])
    lat = pd.to_numeric(df.get("lat"), errors="coerce") if "lat" in df else pd.Series(dtype=float)
    lon = pd.to_numeric(df.get("lon"), errors="coerce") if "lon" in df else pd.Series(dtype=float)
    geometry = [Point(x, y) if pd.notna(x) and pd.notna(y) else None for x, y in zip(lon, lat, strict=True)]
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")
