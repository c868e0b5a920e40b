"""The output contract: the columns of every table strikebook writes, documented in one place.

Notebooks, checks and reports read these tables and nothing else, so a column named here is a promise.
Offsets (`start`, `end`) are character offsets into the original article text: `text[start:end]` is
the evidence. `sentence` is the whole sentence that holds the evidence.
"""

COLUMNS: dict[str, list[str]] = {
    # one row per article read
    "articles": ["article_id", "path", "title", "outlet", "published", "language", "encoding", "chars",
                 "words", "event_id"],
    # every article split into runs of one kind (see records.SEGMENT_KINDS); nothing is dropped
    "segments": ["article_id", "kind", "start", "end", "text"],
    # the sentences of the one splitter (spaCy's parse), whitespace trimmed: text[start:end] is a sentence
    "sentences": ["article_id", "start", "end"],
    # direct quotations: `text` is what stands between the marks, as printed; `speaker` is the canonical name
    # of the person or organisation the article credits, or an unnamed source's description as printed
    # ("US official"), or '' when nobody is credited
    "quotes": ["article_id", "speaker", "speaker_role", "text", "start", "end", "cue", "sentence"],
    # casualty figures, one row per mention: min/max are integers or empty; qualifier in QUALIFIERS;
    # implausible_figure True when a readable figure is too large to be a count (min/max then hold it as
    # printed text); part_of = the start offset of the figure this one is a part of ("four of them"), or ''
    "casualties": ["article_id", "status", "min", "max", "qualifier", "who", "source", "event_id",
                   "start", "end", "sentence", "implausible_figure", "part_of"],
    # other counted facts (targets, munitions, troops)
    "figures": ["article_id", "kind", "value", "unit", "start", "end", "sentence"],
    # places: every place an article's own words name, one row per mention; precision in PRECISIONS (how
    # well lat/lon place it), role in PLACE_ROLES (read from the sentence); event_id = the event the place
    # belongs to in this article's reading: for a strike or attack site the event its sentence speaks of,
    # for a mention the article's main event ('' when none is known; the pipeline remaps clustered ids)
    "places": ["article_id", "mention", "name", "country", "lat", "lon", "precision", "role", "geonameid",
               "event_id", "start", "end", "sentence"],
    # people and organisations (groups, governments, agencies)
    "entities": ["article_id", "kind", "name", "mention", "start", "end"],
    # date expressions, absolute or relative, resolved to ISO dates (resolved_by: stated|publication|event|'')
    "dates": ["article_id", "mention", "date", "resolved_by", "event_id", "start", "end", "sentence"],
    # the events of the case: reference events matched by the articles, plus events clustered from articles
    # that match none (source = reference|clustered); articles = ';'-separated article ids
    "events": ["event_id", "date", "kind", "name", "description", "source", "articles"],
    # verification flags; severity in SEVERITIES; related = other article ids, ';'-separated
    "flags": ["article_id", "kind", "severity", "message", "evidence", "start", "end", "related"],
}

QUALIFIERS = ("exact", "at least", "more than", "about", "up to", "between")
CASUALTY_STATUSES = ("killed", "wounded")
#: site: a named base, airport, facility (curated, airfield); town: a town or village (GeoNames); region: a
#: province, district, border area or compass region (a representative point, or none); country: a
#: country (its representative point); nearby: a named place no source knows, at the point of the place
#: the sentence locates it by ('Rubarya in Al-Malikiyah countryside', 'Karbala airport' at Karbala);
#: event: a strike or attack site the article leaves unnamed ('a remote base in Jordan'), at the known site
#: of its event (data/reference/events.csv); unknown: named, but nothing places it (no lat/lon)
PRECISIONS = ("site", "town", "region", "country", "nearby", "event", "unknown")
PLACE_ROLES = ("us_strike", "attack_on_us", "mention")
SEVERITIES = ("info", "warning", "problem")
