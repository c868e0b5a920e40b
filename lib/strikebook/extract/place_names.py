"""Which words of a sentence name a place, and where that place is: candidate spans and their geocoding.

Why its own module: finding the place words (spaCy's entities, glued Arabic articles, "X province",
"X (Y)" glosses) and resolving them against the gazetteer is a job apart from reading their role in the
sentence (`place_roles`); `places` joins the two.

- **Located offline.** Names are looked up in the place gazetteer (`reference.gazetteer`), with the countries
  the sentence and the article name as context; a fuzzy match in running text must lie in a country the
  article names ("Raisi" is a president, not Raisio in Finland).
- **Vague is vague.** "eastern Syria", "the Iraq-Syria border", "north of Baghdad" are `region` precision
  with a representative point from places.csv or no point at all: never a city. "X province/governorate"
  (and "the province of X") is the region (admin1.csv, with its point), never X's capital; a province no
  table knows is a region named after X in X's country, without a point.
"""

from __future__ import annotations

from strikebook.reference.gazetteer import place_key

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "ash ", "at ", "an ", "az ")  # Arabic article forms
_ARTICLE_WORDS = {a.strip() for a in _ARTICLES}
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeast",
            "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
            "southwestern", "central"}

#: words that make a place name an administrative region: "Deir Az Zor province", "Anbar governorate"
_ADMIN_NOUNS = {"province", "governorate", "region", "district", "county", "oblast", "prefecture"}
_ADMIN_SUFFIXES = ("province", "governorate", "region")


def _compass_prefix(span):
    """The 'eastern' of 'eastern Syria' or the 'north of' of 'north of Baghdad' before a place, if any."""
    doc = span.doc
    i = span.start - 1
    if i >= span.sent.start and doc[i].lower_ in _COMPASS:
        return doc[i], False
    if i - 1 >= span.sent.start and doc[i].lower_ == "of" and doc[i - 1].lower_ in _COMPASS:
        return doc[i - 1], True
    return None, False


def _candidate_spans(sent, gaz, sent_ents):
    """Entity spans of the sentence that may be places, with parenthesised glosses merged: 'Abir (Erbil)'."""
    doc = sent.doc
    ents = [e for e in sent_ents if e.label_ in PLACE_LABELS or e.label_ == "ORG"]
    out = []
    skip = set()
    for n, e in enumerate(ents):
        if (e.start, e.end) in skip:
            continue
        if e.label_ == "ORG":
            # the model calls some towns organisations; keep those used as places ("in", "near", "at")
            if not (e.root.dep_ == "pobj" and e.root.head.lower_ in {"in", "near", "at", "outside", "around"}):
                continue
            hit = gaz.cached_lookup(e.text, fuzzy=False)
            if hit is None or hit["match"] == "alternate" or hit["precision"] not in {"town", "site"}:
                continue
        start, end, gloss = e.start, e.end, None
        # an Arabic article the entity left out: "Al-" + "Mayadin", "al " + "Qaim"
        if start - 2 >= sent.start and doc[start - 1].text in {"-", "\u2013"} and not doc[start - 2].whitespace_ \
                and doc[start - 2].lower_ in _ARTICLE_WORDS:
            start -= 2
        elif start - 1 >= sent.start and doc[start - 1].text in {"Al", "El", "al", "el"}:
            start -= 1
        # "Deir Az Zor province", "the governorate of Anbar": the administrative region, not its capital
        if e.label_ in {"GPE", "LOC"} and end < sent.end and doc[end].lower_ in _ADMIN_NOUNS:
            end += 1
        elif e.label_ in {"GPE", "LOC"} and start - 2 >= sent.start and doc[start - 1].lower_ == "of" \
                and doc[start - 2].lower_ in _ADMIN_NOUNS:
            start -= 2
        # "X (Y)": the gloss in brackets names the place
        if end + 1 < sent.end and doc[end].text == "(":
            nxt = next((f for f in ents[n + 1:] if f.start == end + 1), None)
            if nxt is not None and nxt.end < sent.end and doc[nxt.end].text == ")":
                gloss = nxt
                skip.add((nxt.start, nxt.end))
                end = nxt.end + 1
        elif start - 2 >= sent.start and doc[start - 1].text == "(" and end < sent.end and doc[end].text == ")":
            j = start - 2
            if doc[j].pos_ == "PROPN" and not any(f.start <= j < f.end for f in ents if f.label_ in PLACE_LABELS):
                while j - 1 >= sent.start and doc[j - 1].pos_ == "PROPN" and doc[j - 1].is_title:
                    j -= 1
                gloss, start, end = e, j, end + 1
        out.append((doc[start:end], e, gloss))
    return out



def _demonym_country(text: str, gaz):
    """'Iraqi' → Iraq, 'Syrian' → Syria (for context only), by stripping the usual English suffixes."""
    k = place_key(text)
    for suffix, repl in (("i", ""), ("ian", "ia"), ("an", "a"), ("ese", ""), ("ish", "")):
        if k.endswith(suffix):
            hit = gaz.cached_lookup(k[: -len(suffix)] + repl, fuzzy=False)
            if hit and hit["precision"] == "country":
                return hit
    return None


def _admin_word(mention, ent, name_span):
    """(the administrative word, the name part) of 'Deir Az Zor province', 'the province of Anbar' or an
    entity 'Homs province'; (None, name_span) when the mention is a plain name."""
    for tok in (mention[-1], mention[0]):
        if tok.lower_ in _ADMIN_NOUNS and not (ent.start <= tok.i < ent.end):
            return tok, name_span
    if name_span is ent and len(ent) > 1 and ent[-1].lower_ in _ADMIN_NOUNS:
        return ent[-1], ent[:-1]
    return None, name_span


def _use_span(mention, ent):
    """The span whose grammar says how the place is used: the whole 'X province' when the mention took in
    its administrative word (the parser hangs X off 'province'), else the entity."""
    return mention if (mention[-1].lower_ in _ADMIN_NOUNS or mention[0].lower_ in _ADMIN_NOUNS) else ent


def _admin_row(mention, name_span, admin, gaz, context) -> dict | None:
    """'X province/governorate/region' is the region: a curated region row when one matches (its name or the
    resolved town's name + the word, so spelling variants of the name part count), else a region named after
    X in X's country, without a point. Never X's capital town."""
    word = admin.lower_
    for text in (mention.text, f"{name_span.text} {word}"):
        hit = gaz.cached_lookup(text, context, fuzzy=False)
        if hit is not None and hit["precision"] == "region":
            return _row(mention, hit)
    base = gaz.cached_lookup(name_span.ent_id_ or name_span.text, context, fuzzy_in_context=True)
    if base is not None and base["precision"] == "region":
        return _row(mention, base)
    if base is not None:
        for suffix in (word, *_ADMIN_SUFFIXES):
            hit = gaz.cached_lookup(f"{base['name']} {suffix}", fuzzy=False)
            if hit is not None and hit["precision"] == "region":
                return _row(mention, hit)
    hit = gaz.cached_lookup(f"{name_span.text} {word}", context, fuzzy_in_context=True)
    if hit is not None and hit["precision"] == "region":
        return _row(mention, hit)
    if base is None or base["precision"] == "country":
        return None
    return _row(mention, {**base, "name": f"{base['name']} {word}", "lat": None, "lon": None,
                          "precision": "region", "geonameid": "", "kind": "region"})


def _place_row(mention, ent, gloss, gaz, context) -> dict | None:
    name_span = gloss if gloss is not None else ent
    admin, name_span = _admin_word(mention, ent, name_span)
    if admin is not None:
        row = _admin_row(mention, name_span, admin, gaz, context)
        if row is not None:
            return row
        if not (ent.start <= admin.i < ent.end):  # 'the Iraq region': Iraq
            mention = mention[:-1] if admin.i == mention[-1].i else mention[2:]
        name_span = gloss if gloss is not None else ent
    compass, of_form = _compass_prefix(mention)
    if compass is not None:
        phrase = mention.doc[compass.i:mention.end]
        hit = gaz.cached_lookup(phrase.text, context, fuzzy=False)
        base = gaz.cached_lookup(name_span.ent_id_ or name_span.text, context, fuzzy_in_context=True)
        if hit is not None and hit["precision"] == "region":
            return _row(phrase, hit)
        if base is None:
            return None
        region = {**base, "name": f"{compass.lower_} {'of ' if of_form else ''}{base['name']}",
                  "lat": None, "lon": None, "precision": "region", "geonameid": ""}
        return _row(phrase, region)
    hit = gaz.cached_lookup(name_span.ent_id_ or name_span.text, context, fuzzy_in_context=True)
    if hit is None and name_span.ent_id_:
        hit = gaz.cached_lookup(name_span.text, context)
    if hit is None:
        return None
    if hit["precision"] != "country" and hit["match"] == "fuzzy" and ent.label_ not in PLACE_LABELS:
        return None
    return _row(mention, hit)


def _row(span, hit) -> dict:
    return {"mention": span.text, "start": span.start_char, "end": span.end_char,
            "_us_facility": str(hit.get("kind", "")).startswith("us_"), "name": hit["name"], "country": hit["country"] or "",
            "lat": hit["lat"], "lon": hit["lon"], "precision": hit["precision"],
            "geonameid": hit.get("geonameid", "") or ""}


