"""Which event each place belongs to, and where the strike or attack sites an article does not name are.

Why in extraction (issue 9): a place's event used to be guessed by the map from the events table; but the
sentence that names the place is what tells which strike or attack it is, and every other table (casualties,
dates) already reads its event there. So the `places.event_id` column is filled here, per article, from the
article's own reading; the pipeline later remaps event ids when it clusters unknown events across articles.

- **A strike or attack site** belongs to the event its sentence speaks of (`extract.events.
  event_for_sentence`, with the role as the kind of event): dates in the sentence, words shared with a known
  event, else the article's strike, or for an attack the attack that strike answered. As on the map before,
  an attack hits one place: a known attack whose site lies more than `MAX_ATTACK_KM` from this place, and
  whose places do not name it, is another attack, so the place gets no event rather than a wrong one.
- **A mention** belongs to the article's main event (`ctx.event_id`), as the map had it.
- **Event-informed sites.** "a remote base in Jordan" (the drone attack of 28 January 2024), "a base north
  of Baghdad" (the rocket attack on Balad days after 15 February 2021): the article does not name the site,
  but its sentence makes it a strike or attack site and its event is a reference event with a known site.
  The event must be the article's own strike, the attack that strike answered, or one the sentence dates
  (a day, or a span of days such as "days later" that holds it). The row is placed at that event's site (events.csv places/lat/lon) with precision `event`, the unnamed
  phrase as mention and the sentence as evidence, instead of shading a whole country or dropping it. Only
  when the sentence names no site or town itself (not even one no source can place), and the places it
  does name (a country, a region, "north of Baghdad") all lie in the event's country.
"""

from __future__ import annotations

from strikebook.reference.gazetteer import haversine_km, place_key
from strikebook.text.normalize import split_list
from strikebook.text.numbers import as_float

#: an attack event whose known site is farther than this from the place is another attack (as the map had it)
MAX_ATTACK_KM = 150.0
#: nouns of a site an article may leave unnamed: 'a remote base', 'an outpost', 'the facility'
UNNAMED_SITES = {"base", "outpost", "garrison", "airbase", "airfield", "installation", "facility", "compound",
                 "camp", "post"}
_DETERMINERS = {"a", "an", "the", "one", "another"}
SITE_ROLES = ("us_strike", "attack_on_us")


def _reference_rows(ref) -> dict[str, dict]:
    """The reference events as rows by id, read once per reference table (every article asks)."""
    table = getattr(ref, "events", None)
    if table is None or len(table) == 0:
        return {}
    cached = _ROWS.get(id(ref))
    if cached is None or cached[0] is not table:
        cached = _ROWS[id(ref)] = (table, {str(r["event_id"]): r for r in table.to_dict("records")})
    return cached[1]


_ROWS: dict[int, tuple] = {}


class EventReader:
    """The event of each place row of one article; one instance per article (it remembers each sentence's
    event per kind, so an article's rows cost one reading per sentence and kind)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.events = _reference_rows(ctx.ref)
        self._memo: dict[tuple[int, str], str] = {}

    def sentence_event(self, sent, role: str) -> str:
        from strikebook.extract.events import event_for_sentence

        key = (sent.start_char, role)
        if key not in self._memo:
            self._memo[key] = event_for_sentence(self.ctx, sent, role)
        return self._memo[key]

    def event_for(self, row: dict, sent) -> str:
        """The event id of a place row (see the module docstring)."""
        role = row.get("role", "mention")
        if role not in SITE_ROLES:
            return self.ctx.event_id or ""
        event_id = self.sentence_event(sent, role)
        ev = self.events.get(event_id)
        if ev is not None and role == "attack_on_us" and not self._plausible_attack(ev, row):
            return ""
        return event_id

    def _plausible_attack(self, ev: dict, row: dict) -> bool:
        names = {place_key(p) for p in split_list(ev.get("places", ""))}
        if place_key(str(row.get("name", ""))) in names or place_key(str(row.get("mention", ""))) in names:
            return True
        lat, lon = as_float(ev.get("lat")), as_float(ev.get("lon"))
        if None in (lat, lon, row.get("lat"), row.get("lon")) or row.get("precision") not in {"site", "town", "nearby"}:
            return True
        return haversine_km(row["lat"], row["lon"], lat, lon) <= MAX_ATTACK_KM

    def _own_event(self, event_id: str, sent) -> bool:
        """Is the event the article's own strike, the attack that strike answered, or one the sentence dates
        (its day, or a span of days holding it: 'days later')? Only then is its site the unnamed site of the sentence (a sentence on another attack that
        merely shares words with a known one is left unplaced)."""
        own = self.events.get(self.ctx.event_id or "")
        if event_id == self.ctx.event_id or (own is not None and event_id == own.get("responds_to")):
            return True
        from strikebook.extract.dates import find_dates
        from strikebook.extract.events import article_anchor, own_sentences

        anchor, _ = article_anchor(self.ctx.article, self.ctx.event_id)
        day = str(self.events[event_id].get("date", "") or event_id)
        return any(sent.start_char <= m.start < sent.end_char and m.earliest is not None and m.precision in
                   {"day", "range", "week"} and m.earliest.isoformat() <= day <= (m.latest or m.earliest).isoformat()
                   for m in find_dates(self.ctx.article.text, anchor, own_sentences(self.ctx.article)))

    def event_site(self, span, role: str, sent, sentence_rows: list[dict]) -> dict | None:
        """A row for an unnamed strike or attack site at its event's known site, or None (module docstring)."""
        if role not in SITE_ROLES:
            return None
        if any(r["precision"] in {"site", "town", "nearby", "unknown"} for r in sentence_rows):
            return None  # the sentence names the place itself
        event_id = self.sentence_event(sent, role)
        ev = self.events.get(event_id)
        if ev is None or ev.get("kind") != role or not self._own_event(event_id, sent):
            return None
        lat, lon = as_float(ev.get("lat")), as_float(ev.get("lon"))
        if lat is None or lon is None:
            return None
        country = str(ev.get("country", "") or "")
        if not country or not any(r.get("country") == country for r in sentence_rows) or any(
                r.get("country") and r["country"] != country for r in sentence_rows):
            return None  # the sentence locates the site in the event's country, and nowhere else
        names = split_list(ev.get("places", ""))
        return {"mention": span.text, "start": span.start_char, "end": span.end_char,
                "name": names[0] if names else str(ev.get("name", "")), "country": country, "lat": lat,
                "lon": lon, "precision": "event", "geonameid": "", "role": role, "event_id": event_id}


def unnamed_sites(sent, taken: set[int]) -> list:
    """Noun phrases of an unnamed site: a determiner, adjectives, a site noun ('a remote base', 'an
    outpost'), with no name among their words, outside tokens already read as places (`taken`)."""
    doc = sent.doc
    out = []
    for tok in sent:
        if tok.lower_ not in UNNAMED_SITES or tok.pos_ != "NOUN" or tok.i in taken:
            continue
        if tok.i + 1 < sent.end and doc[tok.i + 1].pos_ in {"NOUN", "PROPN"} and doc[tok.i + 1].dep_ != "appos":
            continue  # 'base attack', 'base commanders': a modifier, not the site
        left = [c for c in tok.lefts]
        if any(c.pos_ == "PROPN" or c.ent_type_ in {"GPE", "FAC", "LOC", "ORG"} for c in left):
            continue
        det = next((c for c in left if c.lower_ in _DETERMINERS), None)
        if det is None:
            continue
        out.append(doc[det.i:tok.i + 1])
    return out
