"""Words that tell strikes apart, and the reference events (`data/reference/events.csv`) as word profiles.

Why a module of its own: matching an article to a known event, clustering articles on an unknown strike and
naming the events they cluster into all compare articles by their content words. The words are read one way
here: folded, crudely stemmed, number words as digits, and figures kept with the word that follows them
("85 targets" → `85_target`), because a figure with its unit identifies an event far better than either word.

A reference event's profile keeps its *identifying* words (names of places, groups, the event's name,
figures, weapons) apart from the ordinary words of its description, which make every event look alike.
Rarity is measured among the reference events (inverse document frequency).

Sentences are the shared parse's (`text.sentences`, the one splitter), clipped to the article's own words.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from strikebook.extract.dates import parse_iso
from strikebook.records import ARTICLE_KINDS
from strikebook.text.normalize import fold
from strikebook.text.numbers import number_word_digits
from strikebook.text.sentences import clip, ensure_sentences

_STOP = set("""a an and are as at be been before being between both but by can could did do does during each
for from had has have he her his how in into is it its more most not of on or our out over she so some such
than that the their them then there these they this those through to under up was we were what when where
which while who will with would said says say also after against about since amid other another us u.s new
one only very just""".split())


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
    previous = ""
    for w in re.findall(r"[a-z0-9]+", t):
        w, raw = number_word_digits(w), w
        if w in _STOP or (len(w) < 3 and not w.isdigit()):
            previous = raw
            continue
        if raw in _MONTHS:  # "22 August": a date, no unit of a figure
            pending = []
        w = _stem(w)
        if not w.isdigit():
            for number, _ in pending:
                out.add(f"{number}_{w}")
            pending = [(n, k - 1) for n, k in pending if k > 1]
        elif previous not in _MONTHS:  # "August 22, an unidentified drone" is a day, not 22 drones
            pending.append((w, 2))
        out.add(w)
        previous = raw
    return frozenset(out)


_MONTHS = frozenset("january february march april may june july august september october november december "
                    "jan feb mar apr jun jul aug sep sept oct nov dec".split())


def is_figure(term: str) -> bool:
    """A figure with its unit ("85_target"), of two or more ("one" is too often an article: "one-way")."""
    number, _, unit = term.partition("_")
    return bool(unit) and number.isdigit() and int(number) >= 2


def own_sentences(article) -> list[tuple[int, int]]:
    """The article's sentences (the one splitter, `text.sentences`) clipped to its own words (kept for the
    last articles asked: matching, dating and clustering each ask for them)."""
    sents = ensure_sentences(article)
    spans = article_spans(article)
    key = (article.text, tuple(spans), len(sents), sents[0] if sents else None, sents[-1] if sents else None)
    found = _OWN.get(key)
    if found is None:
        found = clip(sents, spans, article.text)
        _OWN[key] = found
        if len(_OWN) > 256:
            _OWN.pop(next(iter(_OWN)))
    return list(found)


_OWN: dict[tuple, list[tuple[int, int]]] = {}


def article_spans(article) -> list[tuple[int, int]]:
    """(start, end) of the article's own words (title and body); the whole text when it has no segments."""
    spans = article.spans(ARTICLE_KINDS)
    return spans or [(0, len(article.text))]


def sentence_finder(sents):
    """A look-up of the sentence (start, end) holding an offset among sorted `sents`, by bisection (so finding
    the sentences of all of an article's dates costs n log n, not n²); (offset, offset) when none does."""
    sents = list(sents)
    starts = [s for s, _ in sents]

    def find(offset: int) -> tuple[int, int]:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and sents[i][0] <= offset < sents[i][1]:
            return sents[i]
        return offset, offset

    return find


def span_finder(spans):
    """A test of whether an offset lies inside one of sorted, non-overlapping `spans` (quoted passages), by
    bisection."""
    spans = list(spans)
    starts = [s for s, _ in spans]

    def inside(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    return inside


def deduplicated(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
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
        described = frozenset(terms(r.get("description", "")) - GENERIC)
        events[r["event_id"]] = RefEvent(r["event_id"], d, r.get("kind", ""), r.get("responds_to", ""),
                                         frozenset(words), described, r)
    df = Counter(t for e in events.values() for t in e.terms | e.words)
    n = max(len(events), 1)
    idf = {t: math.log(n / c) for t, c in df.items()}
    return events, idf


#: Words too common in this domain's names to tell events apart.
GENERIC = terms("US U.S. American Pentagon President Biden Trump Iraq Iraqi Syria Syrian Iran Iranian "
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
    named = terms(row.get("name", "") + " " + row.get("places", ""))
    words -= {t for t in terms(desc) if t.isdigit()} - named
    return words - GENERIC


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


def place_words(ref) -> set[str]:
    """Words of known place names (reference places, aliases and event places), generic words left out."""
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
