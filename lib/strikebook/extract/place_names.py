"""Which words of a sentence name a place, and where that place is: candidate spans and their geocoding.

Why its own module: finding the place words (spaCy's entities, glued Arabic articles, "X province",
"X (Y)" glosses) and resolving them against the gazetteer is a job apart from reading their role in the
sentence (`place_roles`); `places` joins the two.

- **Located offline.** Names are looked up in the place gazetteer (`reference.gazetteer`), with the countries
  the sentence and the article name as context; a fuzzy match in running text must lie in a country the
  article names ("Raisi" is a president, not Raisio in Finland).
- **Vague is vague.** "eastern Syria", "the Iraq-Syria border", "north of Baghdad" are `region` precision
  with a representative point from places.csv or no point at all: never a city. A part of a town ("eastern
  Baghdad") lies within it: the town's point, precision `town`. "X province/governorate"
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

#: nouns a town's name may modify and still be the place: 'in Al-Malikiyah countryside'
_PLACE_WORDS = {"countryside", "outskirts", "area", "city", "town", "village", "district", "suburbs", "province",
                "governorate", "region"}
#: words that make a place name an administrative region: "Deir Az Zor province", "Anbar governorate"
_ADMIN_NOUNS = {"province", "governorate", "region", "district", "county", "oblast", "prefecture"}
_ADMIN_SUFFIXES = ("province", "governorate", "region")
#: administrative words of a region smaller than a province, named after its seat town
_SECOND_LEVEL = {"district", "county", "subdistrict", "sub-district"}


def _compass_prefix(span):
    """The 'eastern' of 'eastern Syria' or the 'north of' of 'north of Baghdad' before a place, if any."""
    doc = span.doc
    i = span.start - 1
    if i >= span.sent.start and doc[i].lower_ in _COMPASS:
        return doc[i], False
    if i - 1 >= span.sent.start and doc[i].lower_ == "of" and doc[i - 1].lower_ in _COMPASS:
        return doc[i - 1], True
    return None, False


def untagged_places(sent, sent_ents, gaz, context) -> list:
    """Proper names after a locating preposition that spaCy left untagged ('a radar site near Hodeidah'),
    as GPE spans, when the gazetteer knows them exactly as a town or region of a country the text names
    (or a curated place): transliterated names are what the small model most often misses."""
    if not context:
        return []
    doc = sent.doc
    tagged = {i for e in sent_ents for i in range(e.start, e.end)}
    out = []
    for tok in sent:
        if tok.dep_ != "pobj" or tok.pos_ != "PROPN" or tok.i in tagged or tok.head.lower_ not in _LOCATING_PREPS:
            continue
        start = tok.i
        while start - 1 > tok.head.i and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
            start -= 1
        if start - 2 > tok.head.i and doc[start - 1].text in {"-", "\u2013"} and doc[start - 2].lower_ in _ARTICLE_WORDS:
            start -= 2
        span = doc[start:tok.i + 1]
        if any(t.i in tagged for t in span) or not span[0].text[:1].isupper() and span[0].lower_ not in _ARTICLE_WORDS:
            continue
        hit = gaz.cached_lookup(span.text, context, fuzzy_in_context=True)  # ('Hodeidah' ~ 'Al Hudaydah')
        if hit is None or hit["precision"] not in {"town", "region", "site"} or not (
                hit["tier"] == 0 or hit["country"] in context) or (hit["match"] != "exact" and hit["tier"] != 2):
            # (an alternate name or a spelling variant counts for a town of 5,000+ only)
            continue
        out.append(_gpe(doc, span.start, span.end))
    return out


def _gpe(doc, start: int, end: int):
    """A GPE entity span (spaCy imported here: reading cached rows needs no spaCy)."""
    from spacy.tokens import Span

    return Span(doc, start, end, label="GPE")


def _candidate_spans(sent, gaz, sent_ents):
    """Entity spans of the sentence that may be places, with parenthesised glosses merged: 'Abir (Erbil)'."""
    doc = sent.doc
    ents = sorted([e for e in sent_ents if e.label_ in PLACE_LABELS or e.label_ == "ORG"], key=lambda e: e.start)
    out = []
    skip = set()
    for n, e in enumerate(ents):
        if (e.start, e.end) in skip:
            continue
        if e.label_ == "ORG":
            # the model calls some towns organisations; keep those used as places ("in", "near", "at",
            # "in Al-Malikiyah countryside")
            root = e.root.head if e.root.dep_ == "compound" and e.root.head.lower_ in _PLACE_WORDS else e.root
            if not (root.dep_ == "pobj" and (root.head.lower_ in {"in", "near", "at", "outside", "around"} or
                                             root.head.lower_ == "of" and root.head.head.lower_ in _COMPASS)):
                continue  # (and 'southeast of Homs')
            hit = gaz.cached_lookup(e.text, fuzzy=False)
            admin = e[-1].lower_ in _ADMIN_NOUNS  # 'in Zhytomyr Oblast': a region by its own words
            if hit is None or hit["match"] == "alternate" and hit["tier"] != 0 or hit["precision"] not in (
                    {"town", "site", "region"} if admin else {"town", "site"}):
                continue
        start, end, gloss = e.start, e.end, None
        # an Arabic article the entity left out: "Al-" + "Mayadin", "al " + "Qaim"
        if start - 2 >= sent.start and doc[start - 1].text in {"-", "\u2013"} and not doc[start - 2].whitespace_ \
                and doc[start - 2].lower_ in _ARTICLE_WORDS:
            start -= 2
        elif start - 1 >= sent.start and doc[start - 1].text in {"Al", "El", "al", "el"}:
            start -= 1
        # "Deir Az Zor province", "the governorate of Anbar": the administrative region, not its capital
        if e.label_ in {"GPE", "LOC", "ORG"} and end < sent.end and doc[end].lower_ in _ADMIN_NOUNS:
            end += 1
        elif e.label_ in {"GPE", "LOC"} and start - 2 >= sent.start and doc[start - 1].lower_ == "of" \
                and doc[start - 2].lower_ in _ADMIN_NOUNS and not (
                    start - 3 >= sent.start and (doc[start - 3].pos_ == "PROPN" or doc[start - 3].ent_type_)):
            start -= 2  # (not 'the Bulbul district of Mayadin': there the district is Bulbul, in Mayadin)
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
    # a district or county is named after its seat ('the Qaim district'): the seat's point, approximate; a
    # province no table knows gets no point. Either gives way to a place the sentence locates it by
    # ('the Bulbul district of Mayadin', see locate_nearby)
    seat = word in _SECOND_LEVEL and base["precision"] in {"town", "site"}
    return _row(mention, {**base, "name": f"{base['name']} {word}", "lat": base["lat"] if seat else None,
                          "lon": base["lon"] if seat else None, "precision": "region", "geonameid": "",
                          "kind": "region", "_fallback": True})


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
        if not of_form and base["precision"] == "town" and base["lat"] is not None:
            # 'eastern Baghdad' is a part of the town, within it: the town's point ('north of Baghdad' is not)
            return _row(phrase, {**base, "name": f"{compass.lower_} {base['name']}"})
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
            "geonameid": hit.get("geonameid", "") or "",
            **{k: v for k, v in hit.items() if k in {"_fallback", "_near"}}}




# ------------------------------------------------------------------------------------ named sites, unknowns

#: head nouns of a named site: 'the Qasrik base', 'Shayrat air base', 'Karbala airport', 'al-Tanf Garrison'
SITE_HEADS = {"base", "airbase", "airfield", "airport", "airstrip", "garrison", "outpost", "camp", "field",
              "embassy", "consulate", "port", "facility", "plant", "depot", "compound", "complex", "headquarters",
              "barracks", "checkpoint", "crossing", "dam", "refinery", "station"}
#: words between a site's name and its head: 'Taji military base', "Baghdad's international airport"
_SITE_MODIFIERS = {"air", "military", "army", "naval", "international", "oil", "gas", "landing", "border",
                   "weapons", "ammunition", "storage", "logistics", "support", "main", "old", "new", "civil",
                   "civilian", "regional", "domestic", "airport", "air-base", "power", "water", "fuel"} | SITE_HEADS
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_NOT_NAMES = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "another",
              "one", "two", "three", "four", "five", "several", "many", "some", "u.s.", "us", "u.s", "american",
              "coalition", "iraqi", "syrian", "iranian", "israeli", "jordanian", "turkish", "russian"}
_NAME_POS = {"PROPN", "NOUN", "ADJ", "NUM", "X"}
#: prepositions that tie an unplaced name to the place that locates it: 'Rubarya in Al-Malikiyah countryside',
#: 'the Bulbul district of Mayadin', 'Bor Saied Street, next to the bakery in Deir Ezzor'
_LOCATING = {"in", "of", "near", "outside", "around", "at", "inside", "by", "to", "close"}
#: nouns of a part of a town: 'the Zahrat district', 'Bor Said Street' (see locate_nearby)
AREA_HEADS = {"district", "neighbourhood", "neighborhood", "quarter", "street", "suburb", "road"}
#: event nouns a site's short name may modify: 'the Taji attack'
_EVENT_HEADS = {"attack", "attacks", "strike", "strikes", "bombing", "raid", "shelling"}
NEARBY_WINDOW = 12
#: prepositions after which an untagged proper name may be a place ('near Hodeidah', 'in Jilib')
_LOCATING_PREPS = {"in", "near", "outside", "around", "at", "into", "inside", "across"}  # tokens between an unplaced name and the place that locates it


def _name_token(tok) -> bool:
    """A word of a proper name: capitalised ('Qasrik', 'K1'), or a lower-case Arabic article glued to one
    ('al-Asad')."""
    if tok.lower_ in _NOT_NAMES or tok.is_punct and tok.text not in {"-", "\u2013"}:
        return False
    if tok.lower_ in {"al", "el"} or tok.lower_ in _ARTICLE_WORDS and not tok.whitespace_:
        return True  # 'al Shayrat', 'ash-Sha'irat' (not the English 'at', 'an', 'as')
    if tok.text in {"-", "\u2013"}:
        return not tok.whitespace_
    return tok.pos_ in _NAME_POS and (tok.text[:1].isupper() or any(c.isdigit() for c in tok.text) and
                                      any(c.isalpha() for c in tok.text))


def site_phrases(sent) -> list:
    """Spans '<name> [modifiers] <site noun>' in a sentence: 'Shayrat air base', 'the Qasrik base' (its name
    only), "Baghdad's international airport", 'al-Tanf Garrison', 'K1 military base'. spaCy's entities miss
    or cut most of these (a lower-case 'al', 'Air Base' read as a law); the gazetteer, which folds case,
    decides what they are (`site_row`). Returns (span, name, site words, strict) tuples; the name holds a
    capitalised word. 'the base at Taji' gives the span 'Taji', strict: only a known site of that name
    counts ('Taji base' → Camp Taji), else the name is left to the entity reading."""
    doc = sent.doc
    out = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        if tok.lower_ in _EVENT_HEADS and i - 1 >= sent.start and _name_token(doc[i - 1]) and \
                doc[i - 1].pos_ == "PROPN" and doc[i - 1].lower_ not in _SITE_MODIFIERS:
            # 'the Taji attack': the short name of a known site (strict, as 'the base at Taji')
            j = i - 1
            while j - 1 >= sent.start and _name_token(doc[j - 1]) and doc[j - 1].pos_ == "PROPN":
                j -= 1
            out.append((doc[j:i], doc[j:i], doc[i:i + 1], True))
            i += 1
            continue
        if tok.lower_ in AREA_HEADS and tok.pos_ in {"NOUN", "PROPN"}:
            # 'the Zahrat district of Mayadin', 'Bor Said Street': a part of a town no source lists (left to
            # the entity reading when the parser saw a place there)
            j = i - 1
            while j >= sent.start and _name_token(doc[j]) and doc[j].pos_ == "PROPN":
                j -= 1
            name = doc[j + 1:i]
            if len(name) and not any(t.ent_type_ in PLACE_LABELS or t.ent_type_ == "ORG" for t in name):
                out.append((doc[j + 1:i + 1], name, doc[i:i + 1], "area"))
            i += 1
            continue
        if tok.lower_ not in SITE_HEADS or tok.pos_ not in {"NOUN", "PROPN"} or (
                i - 1 >= sent.start and doc[i - 1].text in {"-", "\u2013"} and not doc[i - 1].whitespace_):
            i += 1  # (not 'Saraya Awliya al-Dam': a head glued to an article is part of a name)
            continue
        head_end = i + 1
        # a head followed by more heads or modifiers is not the end of the phrase: 'the base airport'
        while head_end < sent.end and doc[head_end].lower_ in SITE_HEADS and doc[head_end].pos_ in {"NOUN", "PROPN"}:
            head_end += 1
        j = i - 1
        while j >= sent.start and doc[j].lower_ in _SITE_MODIFIERS:
            j -= 1
        mod_start = j + 1
        if j >= sent.start and doc[j].text in _POSSESSIVE:
            j -= 1
        name_end = j + 1
        while j >= sent.start and _name_token(doc[j]):
            j -= 1
        name_start = j + 1
        while name_start < name_end and doc[name_start].text in {"-", "\u2013"}:
            name_start += 1
        while name_end > name_start and (doc[name_end - 1].text in {"-", "\u2013"} or
                                         doc[name_end - 1].lower_ in _ARTICLE_WORDS):
            name_end -= 1
        name = doc[name_start:name_end]
        if len(name) and any(t.text[:1].isupper() or any(c.isdigit() for c in t.text) for t in name) and not (
                name_start == sent.start and len(name) == 1 and name[0].pos_ != "PROPN"):
            out.append((doc[name_start:head_end], name, doc[mod_start:head_end], False))
        elif head_end + 1 < sent.end and doc[head_end].lower_ in {"at", "in"}:
            # 'the base at Taji': the name after the head; only a known site of that name counts (strict)
            k = head_end + 1
            while k < sent.end and _name_token(doc[k]):
                k += 1
            after = doc[head_end + 1:k]
            if len(after) and after[0].text[:1].isupper():
                out.append((after, after, doc[mod_start:head_end], True))
        i = head_end
    return out


def site_row(span, name, kind_words, gaz, context, strict: bool | str = False) -> dict | None:
    """What a site phrase names: a curated site or an airfield ('Shayrat air base', 'Karbala airport'),
    the curated site of its name ('al-Tanf Garrison' → Al-Tanf garrison); else, when its name is a town or
    region, that place's point with precision `nearby` (the site is at or near it: 'Taji military base'
    when no base is known there); else an unplaced row (precision `unknown`). None when the name is a country
    ('Iraq base': the country row says it) or a US word."""
    name_text = name.text
    if strict == "area":
        return {**unknown_row(span), "_fallback": True}  # placed by the place that locates it, if any
    words = " ".join(t.text for t in kind_words if t.text not in _POSSESSIVE)
    texts = [f"{name_text} {words}"]
    head = kind_words[-1].lower_
    if head in _EVENT_HEADS:
        if gaz.cached_lookup(name_text, context, fuzzy=False) is not None:
            return None  # 'the Erbil attack': the town Erbil, read as an entity
        texts = [f"{name_text} base", f"{name_text} air base"]
    elif head == "airport":
        texts += [f"{name_text} international airport", f"{name_text} airport"]
    elif head in {"base", "airbase", "airfield"}:
        texts += [f"{name_text} air base", f"{name_text} base", f"{name_text} airfield"]
    for text in texts:
        hit = gaz.cached_lookup(text, context, fuzzy=not strict, fuzzy_in_context=True)
        if hit is not None and hit["precision"] == "site":
            return _row(span, hit)
    if strict:
        return None
    base = gaz.cached_lookup(name_text, context, fuzzy_in_context=True)
    if base is not None and base["precision"] == "country":
        return None
    if base is not None and base["precision"] == "site" and base["tier"] == 0:
        return _row(span, base)
    label = " ".join(f"{name_text} {words}".split())
    if base is not None and base["lat"] is not None and base["precision"] in {"town", "region", "site"}:
        return _row(span, {**base, "name": label, "precision": "nearby", "geonameid": "", "kind": "nearby",
                           "_near": base["name"]})
    return unknown_row(span, label)


def unknown_row(span, name: str | None = None, country: str = "") -> dict:
    """A place the article names that no source can place: kept, with precision `unknown` and no point."""
    return {"mention": span.text, "start": span.start_char, "end": span.end_char, "_us_facility": False,
            "name": " ".join((name or span.text).split()), "country": country, "lat": None, "lon": None,
            "precision": "unknown", "geonameid": ""}


def locate_nearby(rows: list[dict], doc) -> None:
    """Unplaced names take the point of the place the sentence locates them by, with precision `nearby`:
    'Rubarya in Al-Malikiyah countryside', 'the Bulbul district of Mayadin', 'Bor Saied Street, next to the
    bakery in Deir Ezzor city'. The locating place must follow within a few words, joined by a locating
    preposition and no verb of its own (rows: one sentence's, in text order; changed in place)."""
    for n, row in enumerate(rows):
        if row["precision"] != "unknown" and not row.get("_fallback"):
            continue
        for other in rows[n + 1:]:
            if other["lat"] is None or other["precision"] not in {"town", "region", "site", "nearby"}:
                continue
            between = doc.char_span(row["end"], other["start"], alignment_mode="expand")
            if between is None or len(between) > NEARBY_WINDOW:
                break
            words = [t for t in between if not t.is_space]
            if not any(t.lower_ in _LOCATING for t in words) or any(
                    t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod", "compound"} for t in words):
                break
            row.update(lat=other["lat"], lon=other["lon"], country=other["country"], _near=other["name"],
                       precision="nearby" if row["precision"] == "unknown" else row["precision"])
            break
