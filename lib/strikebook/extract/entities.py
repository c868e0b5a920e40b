"""People and organisations named in an article, each resolved to one canonical name.

Why: the same person is printed as "Pentagon press secretary John Kirby", "Kirby" and "Mr Kirby"; the same
militia as "Kata'ib Hezbollah", "Kataib Hizbollah" and "KH". Notebooks and checks compare across articles,
so every mention carries a canonical `name`:

1. names and aliases from `data/reference/people.csv` and `groups.csv` (spelling variants of apostrophes,
   dashes and spaces are tolerated: "Abdul-Mahdi" = "Abdul Mahdi"; all-capital acronyms such as "KH" must
   match case);
2. spaCy PERSON / ORG entities the reference does not know (the pipeline's EntityRuler ids are honoured);
3. surnames ("Kirby", "Mr Austin", the compound "Abdul-Mahdi" of "Adel Abdul Mahdi") resolved to the longest full form of that person in the same article,
   else to the one reference person with that surname.

Only the article's own words (title and body segments) are searched: captions and reader comments name
people too, but they are not the article's reporting. Mentions are computed once per Doc and cached in
`doc.user_data`, because the quote extractor reads them again to name speakers.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from strikebook.records import ARTICLE_KINDS
from strikebook.reference.names import _APOS, NAME_PARTICLES, NAMES_KEY, NameIndex, key, name_index, surnames
from strikebook.text.normalize import split_list
from strikebook.text.spans import Disjoint, Union

#: words before a surname that make it a person ("Mr Kirby", "Secretary Austin")
HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Gen", "General", "Adm", "Admiral", "Col", "Colonel",
              "Lt", "Maj", "Capt", "Sen", "Senator", "Rep", "President", "Secretary", "Minister", "Sheikh",
              "Ayatollah", "Brig", "Prime Minister", "Commander")
#: head words of a job title ("Pentagon press secretary", "foreign ministry spokesman")
TITLE_WORDS = frozenset("""
president vice-president secretary spokesman spokeswoman spokesperson spokespeople minister commander leader
chief general admiral director ambassador envoy adviser advisor coordinator chairman chairwoman head governor
premier deputy colonel lieutenant major captain senator official founder secretary-general cleric emir king
prince mayor analyst correspondent lawmaker diplomat ayatollah sheikh commissioner officer representative
""".split())
_ORG_KINDS = ("militia", "government", "military", "agency", "media", "ngo", "other")
_CACHE_KEY = "strikebook.extract.entities.mentions"
_INDEX_KEY = "strikebook.extract.entities.index"
_FORMS_KEY = "strikebook.extract.entities.forms"


#: 'Mr ', 'Gen. '…, longest first (compiled once: this runs for every person entity)
_HONORIFIC_PREFIXES = [re.compile(rf"{re.escape(h)}\.?\s+(?=[A-Z])") for h in sorted(HONORIFICS, key=len, reverse=True)]


def _strip_title(text: str) -> str:
    """'Mr Kirby' → 'Kirby'; 'President Joe Biden' → 'Joe Biden'; drops a trailing possessive."""
    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(rf"[{_APOS}]s$", "", t)
    t = re.sub(r"(?i)^the\s+", "", t)
    changed = True
    while changed:
        changed = False
        for rx in _HONORIFIC_PREFIXES:
            m = rx.match(t)
            if m:
                t = t[m.end():]
                changed = True
    return t.strip()


def _place_keys(ref) -> frozenset:
    """Keys of every reference place name and alias (reference data: computed once per Reference)."""
    return _place_keys_cached(id(ref), ref)


@lru_cache(maxsize=8)
def _place_keys_cached(ref_id: int, ref) -> frozenset:
    keys = set()
    for table in ("places", "aliases"):
        df = getattr(ref, table)
        for col in ("name", "alias", "aliases"):
            if col in getattr(df, "columns", []):
                for cell in df[col]:
                    keys.update(key(a) for a in split_list(cell))
    return frozenset(keys)


def article_spans(ctx) -> list[tuple[int, int]]:
    """(start, end) of the article's own words; the whole text when the article has no segments."""
    spans = ctx.article.spans(ARTICLE_KINDS)
    return spans or [(0, len(ctx.text))]


def mentions(ctx) -> list[dict]:
    """Every person/organisation mention of the article (cached on the Doc): kind, name, mention, start, end."""
    cache = ctx.doc.user_data if hasattr(ctx.doc, "user_data") else {}
    if _CACHE_KEY in cache:
        return cache[_CACHE_KEY]
    found = _find_mentions(ctx)
    cache[_CACHE_KEY] = found
    return found


class MentionIndex:
    """The mentions of one article in text order, for look-ups by bisection (issue 12: the quote extractor
    asks for the mentions in or near a phrase once per quote, and scanning them all made it quadratic)."""

    def __init__(self, rows: list[dict]):
        self.rows = sorted(rows, key=lambda m: (m["start"], m["end"]))
        self.starts = [m["start"] for m in self.rows]
        self.longest = max((m["end"] - m["start"] for m in self.rows), default=0)

    def within(self, start: int, end: int) -> list[dict]:
        """Mentions inside text[start:end], in text order."""
        i, j = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.rows[i:j] if m["end"] <= end]

    def overlapping(self, start: int, end: int) -> list[dict]:
        """Mentions that share a character with text[start:end], in text order."""
        i, j = bisect_right(self.starts, start - self.longest), bisect_left(self.starts, end)
        return [m for m in self.rows[i:j] if m["end"] > start]

    def last_before(self, at: int, fits=None) -> dict | None:
        """The latest mention ending by `at` (that `fits`, when given), scanning back from `at`."""
        for k in range(bisect_left(self.starts, at) - 1, -1, -1):
            m = self.rows[k]
            if m["end"] <= at and (fits is None or fits(m)):
                return m
        return None


def mention_index(ctx, kind: str | None = None) -> MentionIndex:
    """The article's mentions (of one kind, 'person' or 'org', when given) as a `MentionIndex`, cached on the
    Doc beside the mentions."""
    cache = ctx.doc.user_data.setdefault(_INDEX_KEY, {}) if hasattr(ctx.doc, "user_data") else {}
    found = cache.get(kind)
    if found is None:
        rows = mentions(ctx)
        found = cache[kind] = MentionIndex(rows if kind is None else [m for m in rows if m["kind"] == kind])
    return found


def _find_mentions(ctx) -> list[dict]:
    text = ctx.text
    gaz = name_index(ctx.ref)
    own = Disjoint(article_spans(ctx))
    spans = own.spans
    inside = own.contains

    found = ctx.doc.user_data.get(NAMES_KEY) if hasattr(ctx.doc, "user_data") else None
    if found is None:  # a Doc parsed without the name tagger: run the one matcher here
        found = gaz.find(text, 0, len(text))
    hits: list[tuple[int, int, str, str]] = [h for h in found if inside(h[0], h[1])]
    taken = Union((s, e) for s, e, _, _ in hits)
    free = taken.free

    places = _place_keys(ctx.ref)
    ents = [e for e in getattr(ctx.doc, "ents", []) if inside(e.start_char, e.end_char)]
    # spaCy people: the full forms give this article's surname map
    people_forms: dict[str, str] = {}  # key(surname) -> longest full form (or canonical reference name)
    for s, e, kind, name in hits:
        if kind == "person":
            for sn in surnames(name) + surnames(text[s:e]):
                people_forms.setdefault(key(sn), name)
    person_ents = []
    for s0, e0, ent in _person_spans(ents, text):
        if "\n" in text[s0:e0]:
            continue
        s, e = _trim_span(s0, e0, text)
        if s >= e or not free(s, e):
            continue
        bare = _strip_title(text[s:e])
        if not bare or not bare[:1].isupper():
            continue
        if " " not in bare and _after_place_preposition(text, s):
            continue  # "flights to Austin": a lone capitalised word after "to"/"in" is a place
        person_ents.append((s, e, bare, ent))
    for s, e, _, _ in person_ents:  # reserved: a surname inside a full name is not separate
        taken.add(s, e)
    for _s, _e, bare, ent in sorted(person_ents, key=lambda p: -len(p[2].split())):
        canon = ent.ent_id_ if ent.ent_id_ and gaz.lookup(ent.ent_id_) else ""
        if not canon and len(bare.split()) >= 2:
            canon = bare
            for sn in surnames(bare):
                current = people_forms.get(key(sn))
                if current is None or len(current) < len(bare) and not gaz.lookup(current):
                    people_forms[key(sn)] = bare
    # surnames (alone or after an honorific) anywhere in the article's words
    name_rx = re.compile(r"(?<![\w\-])(?:(" + "|".join(re.escape(h) for h in HONORIFICS)
                         + r")\.?\s+)?([A-Z][\w\-]*(?:[" + _APOS + r"][A-Z]?\w+)?)")
    for a, b in spans:
        for m in name_rx.finditer(text, a, b):
            word = re.sub(rf"[{_APOS}]s$", "", m.group(2))
            s, e = m.start(2), m.start(2) + len(word)
            if not free(s, e):
                continue
            k = key(word)
            canon = people_forms.get(k)
            if canon is None and (m.group(1) or _ent_label(ctx.doc, s, e) in ("PERSON", "ORG")
                                  and not _after_place_preposition(text, s)):
                # "Mr Austin", or a surname spaCy took for a name or an organisation ("the Trump
                # administration"): the one reference person with that surname
                names = gaz.person_surnames.get(k, set())
                if len(names) == 1:
                    canon = next(iter(names))
            if canon is None:
                continue
            if not _looks_like_name_use(text, s, e):
                continue
            hits.append((s, e, "person", canon))
            taken.add(s, e)
    # remaining spaCy people and organisations
    first_names = {key(f.split()[0]): f for f in set(people_forms.values()) if len(f.split()) >= 2}
    for s, e, bare, _ent in person_ents:
        canon = canonical_person(bare, ctx, people_forms)
        if canon == bare and len(bare.split()) == 1 and key(bare) in first_names:
            canon = first_names[key(bare)]  # "President (Joe) Biden"
        hits.append((s, e, "person", canon))
    for ent in ents:
        if ent.label_ != "ORG" or "\n" in ent.text or "/" in ent.text:
            continue
        s, e = _trim_ent(ent, text)
        if s >= e or not free(s, e):
            continue
        mention = text[s:e]
        k = key(mention)
        if not k or k in places or k in people_forms or not mention[:1].isupper() or len(k) < 2:
            continue
        if re.search(r"(?:Secretary|Minister|Ministry|Office|Chief)\s+of\s+(?:the\s+)?$", text[max(0, s - 30):s]):
            continue  # "Secretary of Defence" is a title, not an organisation
        nxt = re.match(r"\s+([\w-]+)", text[e:e + 30])
        if " " not in mention.strip() and nxt and nxt.group(1).lower() in TITLE_WORDS:
            continue  # "Defence Secretary", "Interior Minister": part of a title
        last = re.findall(r"[^\W\d_][\w'\u2019-]*", mention)
        if not last or not last[-1][:1].isupper():
            continue  # "Iraqi militia": a description, not a name
        if ent.ent_id_ and gaz.lookup(ent.ent_id_):
            name = ent.ent_id_
        else:
            hit = gaz.lookup(mention)
            name = hit[1] if hit else re.sub(r"\s+", " ", mention)
        hits.append((s, e, "org", name))
        taken.add(s, e)
    rows = [{"kind": kind, "name": name, "mention": text[s:e], "start": s, "end": e}
            for s, e, kind, name in sorted(hits)]
    return rows


def _after_place_preposition(text: str, start: int) -> bool:
    return re.search(r"(?i)\b(?:to|in|from|at|near|into|outside)\s+$", text[max(0, start - 12):start]) is not None


def _ent_label(doc, start: int, end: int) -> str:
    """Label of the entity span covering [start, end) ('' when none). `doc.ents` builds new Span objects on
    every access, so the (start, end, label) triples are computed once per doc and kept in user_data."""
    index = getattr(doc, "user_data", {}).get("strikebook_ent_spans") if hasattr(doc, "user_data") else None
    if index is None:
        index = Disjoint((ent.start_char, ent.end_char, ent.label_) for ent in getattr(doc, "ents", []))
        if hasattr(doc, "user_data"):
            doc.user_data["strikebook_ent_spans"] = index
    hit = index.covering(start, end)
    return hit[2] if hit else ""


def _person_spans(ents, text: str) -> list[tuple[int, int, object]]:
    """(start, end, entity) of the spans that name people: spaCy's PERSON entities; two PERSON entities that
    spaCy split inside one name, with one space between them ("Talal" + "al-Barazi"); and a name that spaCy
    swallowed, with its title, into an entity of another kind: the capitalised words after a title word
    ("[Homs Governor Nadim al-Farsi]" read as a work of art) or after the department of a title that takes
    one ("Secretary of [State Rex Tillerson]" read as an organisation), when they are two words or more."""
    out: list[tuple[int, int, object]] = []
    for ent in ents:
        if ent.label_ == "PERSON":
            if out and out[-1][2].label_ == "PERSON" and text[out[-1][1]:ent.start_char] == " " \
                    and _name_word(ent.text.split()[0]):
                out[-1] = (out[-1][0], ent.end_char, out[-1][2])
                continue
            out.append((ent.start_char, ent.end_char, ent))
            continue
        if len(ent) < 3 or ent.label_ in ("CARDINAL", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"):
            continue  # a title and a name of two words or more take three tokens at least
        words = list(re.finditer(r"\S+", ent.text))
        titles = [k for k, w in enumerate(words) if w.group().lower() in TITLE_WORDS]
        first = titles[-1] + 1 if titles else None
        if first is None and len(words) >= 3 and _TITLE_OF.search(text, max(0, ent.start_char - 30), ent.start_char):
            first = 1  # the department's word, then the name
        if first is None or len(words) - first < 2:
            continue
        name = words[first:]
        if all(_name_word(w.group()) for w in name):
            out.append((ent.start_char + name[0].start(), ent.end_char, ent))
    return out


def _name_word(word: str) -> bool:
    """A capitalised word of a name, or one after a particle ("al-Farsi")."""
    head, _, rest = word.partition("-")
    return word[:1].isupper() or head.lower() in NAME_PARTICLES and rest[:1].isupper()


#: a title that takes its department after "of" ("Secretary of State …", "Minister of Defence …")
_TITLE_OF = re.compile(r"\b(?:Secretary|Minister)\s+of\s+(?:the\s+)?$")


def _trim_ent(ent, text) -> tuple[int, int]:
    """Entity offsets without a leading 'the' or a trailing possessive."""
    return _trim_span(ent.start_char, ent.end_char, text)


def _trim_span(s: int, e: int, text: str) -> tuple[int, int]:
    """Offsets without a leading 'the' or a trailing possessive."""
    m = re.match(r"(?i)the\s+", text[s:e])
    if m:
        s += m.end()
    m = re.search(rf"[{_APOS}]s$", text[s:e])
    if m:
        e -= 2
    return s, e


def _looks_like_name_use(text: str, s: int, e: int) -> bool:
    """A capitalised surname is a name unless it is part of a longer capitalised phrase it does not start
    ("Dover Air Force Base" for a person Dover would not count)."""
    before = text[max(0, s - 2):s]
    return not re.search(r"[A-Za-z][\-]$", before)


def canonical_person(mention: str, ctx, article_forms: dict | None = None) -> str:
    """The canonical name for a person as printed ("Mr Kirby", "Pentagon spokesman John Kirby" → "John Kirby").

    Order: reference alias; surname of a full form named in the same article; the single reference person
    with that surname; else the mention without its honorific.
    """
    gaz = name_index(ctx.ref)
    bare = _strip_title(mention)
    hit = gaz.lookup(bare)
    if hit and hit[0] == "person":
        return hit[1]
    # a title glued in front: try the trailing words ("Pentagon spokesman John Kirby" → "John Kirby")
    words = bare.split()
    for i in range(1, len(words)):
        hit = gaz.lookup(" ".join(words[i:]))
        if hit and hit[0] == "person":
            return hit[1]
    forms = article_forms if article_forms is not None else _article_forms(ctx)
    if len(words) == 1:
        k = key(words[0])
        if k in forms:
            return forms[k]
        names = gaz.person_surnames.get(k, set())
        if len(names) == 1:
            return next(iter(names))
    else:
        k = key(words[-1])
        full = forms.get(k)
        if full and len(full.split()) > len(words):
            return full
    return bare


def _article_forms(ctx) -> dict[str, str]:
    """key(surname) -> the first full name of a person mention with that surname (cached on the Doc)."""
    cache = ctx.doc.user_data if hasattr(ctx.doc, "user_data") else {}
    forms = cache.get(_FORMS_KEY)
    if forms is None:
        forms = {}
        for m in mentions(ctx):
            if m["kind"] == "person":
                for sn in surnames(m["name"]):
                    forms.setdefault(key(sn), m["name"])
        cache[_FORMS_KEY] = forms
    return forms


def canonical_org(mention: str, ctx) -> str:
    """The canonical name of an organisation as printed ('the Pentagon' → 'US Department of Defense')."""
    bare = re.sub(r"(?i)^the\s+", "", re.sub(r"\s+", " ", mention).strip())
    hit = name_index(ctx.ref).lookup(bare)
    return hit[1] if hit else bare


def mention_at(ctx, start: int, end: int, kind: str | None = None) -> dict | None:
    """The mention overlapping text[start:end] (the longest one), optionally of one kind."""
    best = None
    for m in mention_index(ctx).overlapping(start, end):
        if kind is None or m["kind"] == kind:
            if best is None or m["end"] - m["start"] > best["end"] - best["start"]:
                best = m
    return best


def extract_entities(ctx) -> list[dict]:
    """Rows of the `entities` table: article_id, kind (person|org), name, mention, start, end."""
    aid = ctx.article.article_id
    return [{"article_id": aid, "kind": m["kind"], "name": m["name"], "mention": m["mention"],
             "start": m["start"], "end": m["end"]} for m in mentions(ctx)]


__all__ = ["HONORIFICS", "TITLE_WORDS", "MentionIndex", "NameIndex", "article_spans", "canonical_org", "canonical_person",
           "extract_entities", "key", "mention_at", "mention_index", "mentions", "name_index",
           "surnames"]
