"""Which places a strike map shows, how, and the location table under it.

Why its own module: the static map, the interactive map, the table and the report's summary line must
agree on every place, so one function, `map_locations`, decides what is shown and how (a point, a shaded
country, or listed only, with the reason in `note`); the maps only draw its rows.

Inputs are the contract tables (`schema.COLUMNS`): `places` (one row per place mention, with its role and
the event it belongs to in `event_id` — decided in extraction, empty when unknown; a places table without
that column counts every event as unknown), `events` and `articles` (`articles.event_id` = the strike each
article mainly reports).

A *location* is one named place (name + country) with all its mentions merged. Shown: every strike site,
every attack on US forces (unless switched off) and the reader's `locations`. How a location is shown:

- a point, for precisions site, town, `event` (placed at a known event's site, the text names none),
  `nearby` ("near X": drawn at X) and `region` (approximate centre) — the maps mark the last three;
- a shaded country, for a country named as struck or attacked with no site there, when its event is known
  (or when the reader asked for the country);
- listed only, with the reason: no position (precision `unknown` or no coordinates: "not placed" under the
  map), a country-wide mention, or a strike or attack the articles name in passing: a strike of an event
  no article mainly reports (on a one-event map: of another event), an attack that did not come in the
  ATTACK_WINDOW_DAYS before a strike shown (it is not one the strikes answered).

Nothing here decides which event a place belongs to: that is `places.event_id`, from extraction.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd
from markupsafe import Markup

from strikebook.present.basemap import country_code, country_shape, map_extent
from strikebook.present.html import render
from strikebook.reference.gazetteer import geocode
from strikebook.text.normalize import cell_text, fold, split_list

STRUCK = ("us_strike", "attack_on_us")
ROLE_ORDER = ("us_strike", "attack_on_us", "mention", "")
ROLE_LABELS = {
    "us_strike": "US strike site",
    "attack_on_us": "Attack on US forces",
    "mention": "Other place named in the articles",
    "": "Place asked for, not named here",
}
#: best first; a location's precision is the best of its mentions'
PRECISION_RANK = {"site": 0, "town": 1, "event": 2, "nearby": 3, "region": 4, "country": 5, "": 6, "unknown": 7}
#: drawn, but not where a place was named: the maps mark these (and say how in their legends)
APPROXIMATE = ("event", "nearby", "region")
LOCATION_COLUMNS = ["location", "country", "lat", "lon", "coordinates", "precision", "role", "events",
                    "articles", "mentions", "evidence", "on_map", "note"]
MAP_COLUMNS = LOCATION_COLUMNS + ["iso", "roles", "event_ids", "event", "marker_events", "requested",
                                  "highlight", "kind", "n_articles"]
#: rows of the location table shown in a report (the rest: in the full CSV, or counted in a note)
MAX_TABLE_ROWS = 200
#: One qualitative, colour-blind-aware palette (Okabe–Ito, then Tol's muted) for events; the marker shape
#: already says strike or attack, so colours only have to tell events apart.
EVENT_PALETTE = ["#D55E00", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#882255", "#117733",
                 "#332288", "#999933", "#AA4499", "#44AA99"]
NO_EVENT_COLOUR = "#777777"
#: a place struck in more events than the map has room for beside it (map_layout.MAX_MARKERS_PER_PLACE)
SEVERAL_COLOUR = "#222222"
#: an attack on US forces is drawn when it came at most this many days before a strike the map shows (the
#: attacks the strikes answered); older or later attacks the articles recall are listed, not drawn
ATTACK_WINDOW_DAYS = 30

NOTES = {
    "no_xy": "no coordinates: listed, not drawn",
    "country": "country-wide mention: listed, not drawn",
    "region": "region: position approximate",
    "nearby": "near this place: drawn at it, position approximate",
    "event": "placed at the event's reported site: the text names no place",
    "shaded": "country named, no site given: country shaded",
}


# --------------------------------------------------------------------------- events

def event_frame(events) -> pd.DataFrame:
    """The events table as strings, in date order (empty frame with the columns when None)."""
    cols = ["event_id", "date", "kind", "name", "description", "articles"]
    if events is None or len(events) == 0:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(events).copy()
    for c in cols:
        if c not in df.columns:
            df[c] = ""
    df = df.fillna("").astype({c: str for c in cols})
    return df.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def event_label(event: dict | pd.Series) -> str:
    """How a reader names an event: its date and name ('2024-02-02 US strikes on 85 targets…')."""
    name = str(event.get("name") or "") or ROLE_LABELS.get(str(event.get("kind") or ""), "")
    date = str(event.get("date") or event.get("event_id") or "")
    return f"{date} {name}".strip()


def event_labels(events) -> dict[str, str]:
    return {r.event_id: event_label(r._asdict()) for r in event_frame(events).itertuples()}


def event_colours(events, places=None, articles=None) -> dict[str, str]:
    """A fixed colour per event, in date order.

    With `places`, the events that put a marker or a shaded country on the case's all-events map take
    the first colours, so the palette is not spent on events never drawn; the result depends on the whole
    case, not on the event filter, so every report of one case colours an event the same way. Past
    len(EVENT_PALETTE) events, colours repeat (the legends say so)."""
    ids = list(event_frame(events)["event_id"])
    if places is not None:
        located = map_locations(places, events, articles=articles)
        drawn = {e for evs in located.loc[located["kind"] == "point", "marker_events"] for e in evs}
        drawn |= set(located.loc[located["kind"] == "country", "event"])
        ids = [e for e in ids if e in drawn] + [e for e in ids if e not in drawn]
    return {e: EVENT_PALETTE[i % len(EVENT_PALETTE)] for i, e in enumerate(ids)}


def main_events(articles) -> set[str] | None:
    """The events the articles mainly report (articles.event_id); None when unknown (no articles table)."""
    if articles is None or len(articles) == 0 or "event_id" not in articles:
        return None
    return {str(e) for e in pd.DataFrame(articles)["event_id"].fillna("") if str(e)}


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def named_in_passing(events, main: set[str] | None):
    """A test `(event_id, role) -> bool`: is this strike or attack only named in passing on a map whose
    strikes are `main`? A strike of another event is; an attack is, unless it came at most
    ATTACK_WINDOW_DAYS before one of those strikes (the attacks they answered). Unknown events ('') and
    undated ones never are; with `main` None (no articles table) nothing is."""
    if main is None:
        return lambda event_id, role: False
    dates = {r.event_id: _day(r.date) or _day(r.event_id) for r in event_frame(events).itertuples()}
    strikes = [d for d in (dates.get(e) or _day(e) for e in main) if d]

    def passing(event_id: str, role: str) -> bool:
        if not event_id:
            return False
        if role == "us_strike":
            return event_id not in main
        if role == "attack_on_us":
            when = dates.get(event_id) or _day(event_id)
            return bool(when and strikes) and not any(0 <= (s - when).days <= ATTACK_WINDOW_DAYS for s in strikes)
        return False

    return passing


def scope_articles(events, articles, event_id) -> set[str] | None:
    """The article ids an event_id selects (None = all). Unknown ids raise with the valid ones listed."""
    if event_id in (None, "", "all"):
        return None
    ev = event_frame(events)
    event_id = str(event_id)
    art = pd.DataFrame(articles) if articles is not None else pd.DataFrame(columns=["article_id", "event_id"])
    known = set(ev["event_id"]) | set(art.get("event_id", pd.Series(dtype=str)).dropna().astype(str)) - {""}
    if event_id not in known:
        raise ValueError(f"unknown event_id {event_id!r}; valid: {', '.join(sorted(known)) or '(none)'}")
    ids = {a for v in ev.loc[ev["event_id"] == event_id, "articles"] for a in split_list(v)}
    if "event_id" in art.columns:
        ids |= set(art.loc[art["event_id"].astype(str) == event_id, "article_id"].astype(str))
    return ids


def article_count(places, events=None, articles=None, event_id=None) -> int:
    """How many articles the map of `event_id` draws on (all articles of the case when None)."""
    scope = scope_articles(events, articles, event_id)
    if scope is not None:
        pl = clean_places(places)
        return len(scope | set(pl.loc[pl["event_id"] == str(event_id), "article_id"]))
    if articles is not None and len(articles):
        return pd.DataFrame(articles)["article_id"].nunique()
    ids = {a for v in event_frame(events)["articles"] for a in split_list(v)}
    if places is not None and len(places):
        ids |= set(pd.DataFrame(places)["article_id"].astype(str))
    return len(ids)


# --------------------------------------------------------------------------- places → locations

def clean_places(places) -> pd.DataFrame:
    """The places table with every column the maps read, typed; `name` falls back to the mention, `iso` is
    the country's ISO code, `event_id` is '' where unknown (or where the table has no such column)."""
    cols = ["article_id", "mention", "name", "country", "lat", "lon", "precision", "role", "event_id", "start",
            "sentence"]
    pl = pd.DataFrame(places).drop(columns="geometry", errors="ignore").copy() if places is not None else \
        pd.DataFrame(columns=cols)
    for c in cols:
        if c not in pl.columns:
            pl[c] = ""
    for c in ("lat", "lon"):
        pl[c] = pd.to_numeric(pl[c], errors="coerce")
    for c in ("article_id", "mention", "name", "country", "precision", "role", "event_id", "sentence"):
        pl[c] = [cell_text(v) for v in pl[c]]
    pl["start"] = pd.to_numeric(pl["start"], errors="coerce").fillna(0)
    pl["name"] = [n or m for n, m in zip(pl["name"], pl["mention"], strict=True)]
    pl["iso"] = [country_code(c) for c in pl["country"]]
    unplaced = pl["precision"] == "unknown"  # never drawn, whatever coordinates came with it
    pl.loc[unplaced, ["lat", "lon"]] = math.nan
    return pl.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


def format_coords(lat, lon) -> str:
    if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
        return ""
    return f"{abs(lat):.2f}°{'N' if lat >= 0 else 'S'}, {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"


def _rank(precision: str) -> int:
    return PRECISION_RANK.get(precision, 6)


def _record(name: str, **values) -> dict:
    rec = {"location": name, "country": "", "iso": "", "lat": math.nan, "lon": math.nan, "precision": "",
           "role": "", "roles": [], "event_ids": [], "event": "", "marker_events": [], "passing": [],
           "events": "", "articles": "", "mentions": "", "evidence": "", "requested": "", "highlight": False,
           "note": "", "n_articles": 0}
    rec.update(values)
    return rec


def _group(pl: pd.DataFrame, labels: dict[str, str], passing_test) -> list[dict]:
    """Merge the mentions of one place (same name and country) into one location record.

    The role shown is the weightiest (strike, attack, mention); the marker events are the events of its
    mentions in that role, except those named in passing (`passing_test`, see `named_in_passing`); the
    colour is the event most of them belong to."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in pl.to_dict("records"):  # plain dicts: a pandas group per place is slow for thousands of places
        groups.setdefault((row["name"], row["iso"]), []).append(row)
    records = []
    for (name, iso), rows in groups.items():
        roles = {r["role"] for r in rows}
        role = next((r for r in ROLE_ORDER if r in roles), "mention")
        lead = [r for r in rows if r["role"] == role]
        located = sorted((r for r in rows if not (math.isnan(r["lat"]) or math.isnan(r["lon"]))),
                         key=lambda r: _rank(r["precision"]))
        passing = sorted({r["event_id"] for r in lead if passing_test(r["event_id"], role)})
        drawn = [r["event_id"] for r in lead if r["event_id"] not in passing]
        marker_events = sorted(set(drawn)) if role in STRUCK else []
        if "" in marker_events and len(marker_events) > 1:
            marker_events.remove("")  # a mention of unknown event beside known ones: most likely one of them
        known = Counter(e for e in drawn if e)
        colour = min(known, key=lambda e: (-known[e], e)) if known else ""
        evidence = next((r["sentence"] for r in lead if r["event_id"] in drawn), lead[0]["sentence"])
        event_ids = sorted({r["event_id"] for r in rows if r["event_id"]})
        articles = sorted({r["article_id"] for r in rows})
        records.append(_record(
            name, country=rows[0]["country"], iso=iso,
            lat=float(located[0]["lat"]) if located else math.nan,
            lon=float(located[0]["lon"]) if located else math.nan,
            precision=min((r["precision"] for r in rows), key=_rank), role=role, roles=sorted(roles),
            event_ids=event_ids, event=colour if role in STRUCK else "", marker_events=marker_events,
            passing=passing, drawn_any=bool(drawn), events="; ".join(labels.get(e, e) for e in event_ids),
            articles="; ".join(articles), n_articles=len(articles),
            mentions="; ".join(dict.fromkeys(r["mention"] for r in rows)), evidence=evidence))
    return records


def _basemap_country(name: str) -> dict | None:
    iso = country_code(name)
    shape = country_shape(iso) if iso else None
    if shape is None:
        return None
    point = shape.representative_point()
    return {"name": name, "country": iso, "lat": point.y, "lon": point.x, "precision": "country"}


def _resolve_requested(records: list[dict], requested, pl: pd.DataFrame) -> list[dict]:
    """Attach the reader's locations: matched to what the articles name, else geocoded and added."""
    context = tuple(sorted({c for c in pl["country"] if c}))
    if isinstance(requested, str):  # one place given as a plain string, not a list
        requested = [requested]
    for want in requested or ():
        want = str(want).strip()
        if not want:
            continue
        hit = geocode(want, context_countries=context)
        keys = {fold(want)} | ({fold(hit["name"])} if hit and hit.get("name") else set())
        found = [r for r in records if fold(r["location"]) in keys
                 or any(fold(m) in keys for m in r["mentions"].split("; "))]
        country = _basemap_country(want)
        is_country = (hit or {}).get("precision") == "country" or (not found and hit is None and country) \
            or any(r["precision"] == "country" for r in found)
        if is_country and country:
            iso = country["country"]
            sites = [r for r in records if r["iso"] == iso and r["precision"] != "country"
                     and not math.isnan(r["lat"])]
            if sites:  # the country stands for the sites the articles name there
                for r in sites:
                    r["requested"] = r["requested"] or want
                continue
            rec = next((r for r in found if r["precision"] == "country"), None)
            if rec is None:
                rec = _record(want, country=iso, iso=iso, precision="country")
                records.append(rec)
            rec.update(requested=want, highlight=True, lat=country["lat"], lon=country["lon"],
                       note="no site named there: country shown" if rec["articles"] else
                       "not named in these articles (or hidden by the filters): country outlined")
            continue
        if found:
            for r in found:
                r["requested"] = want
            continue
        if hit and hit.get("lat") not in (None, "") and hit.get("lon") not in (None, ""):
            rec = _record(hit.get("name") or want, country=hit.get("country", ""),
                          iso=country_code(hit.get("country", "")), precision=hit.get("precision", ""),
                          lat=float(pd.to_numeric(hit.get("lat"), errors="coerce")),
                          lon=float(pd.to_numeric(hit.get("lon"), errors="coerce")),
                          note="not named in these articles")
        else:
            rec = _record(want, note="not found in the gazetteer")
        rec["requested"] = want
        records.append(rec)
    return records


def _how_drawn(r: dict, labels: dict[str, str], pointed: set[tuple[str, str]]) -> tuple[str, str]:
    """(kind, note) of one location: 'point', 'country' (shaded) or 'none' (listed only), and why."""
    has_xy = not (math.isnan(r["lat"]) or math.isnan(r["lon"]))
    if r["highlight"]:
        return "country", r["note"]
    if r["role"] in STRUCK and not r.get("drawn_any", True):
        events = ", ".join(labels.get(e, e) for e in r["passing"])
        if r["role"] == "us_strike":
            return "none", f"strike named in passing ({events}), not what these articles report: listed, not drawn"
        return "none", (f"attack named in passing ({events}), not in the {ATTACK_WINDOW_DAYS} days before a strike "
                        "these articles report: listed, not drawn")
    if r["precision"] == "country":
        shaded = r["role"] in STRUCK and r["event"] and (r["role"], r["iso"]) not in pointed \
            and country_shape(r["iso"]) is not None
        return ("country", NOTES["shaded"]) if shaded else ("none", r["note"] or NOTES["country"])
    if not has_xy:
        return "none", r["note"] or NOTES["no_xy"]
    return "point", r["note"] or NOTES.get(r["precision"], "")


def map_locations(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                  articles=None) -> pd.DataFrame:
    """One row per location to show: the data behind the static map, the interactive map and the table.

    Rows: every strike site (and attacked site, if show_attacks_on_us) and every requested location, drawn
    or listed. With `event_id`, the places of that event's articles and the places of that event named
    elsewhere. Columns: MAP_COLUMNS — LOCATION_COLUMNS plus iso, roles, event_ids, event (the one that
    sets the colour), marker_events (one marker each), requested, highlight (a requested country),
    kind (point | country | none: how it is drawn) and n_articles.
    """
    scope = scope_articles(events, articles, event_id)
    pl = clean_places(places)
    if scope is not None:
        pl = pl[pl["article_id"].isin(scope) | (pl["event_id"] == str(event_id))]
    if not show_attacks_on_us:
        pl = pl[pl["role"] != "attack_on_us"]
    labels = event_labels(events)
    main = {str(event_id)} if scope is not None else main_events(articles)
    records = _resolve_requested(_group(pl, labels, named_in_passing(events, main)), locations, pl)
    records = [r for r in records if r["role"] in STRUCK or r["requested"]]
    pointed = {(r["role"], r["iso"]) for r in records if r["precision"] not in ("country", "unknown")
               and not math.isnan(r["lat"]) and r.get("drawn_any", True)}
    for r in records:
        r["kind"], r["note"] = _how_drawn(r, labels, pointed)
        r["on_map"] = r["kind"] != "none"
        r["coordinates"] = format_coords(r["lat"], r["lon"])
    df = pd.DataFrame(records, columns=MAP_COLUMNS)
    order = df["role"].map({r: i for i, r in enumerate(ROLE_ORDER)}).fillna(9)
    return df.assign(_o=order, _d=~df["on_map"].astype(bool)).sort_values(["_o", "_d", "location"], kind="stable") \
        .drop(columns=["_o", "_d"]).reset_index(drop=True)


def struck_shapes(located: pd.DataFrame, places=None) -> list:
    """The outlines of the countries struck (strike sites drawn there, or the country named as struck):
    the maps show them whole when they fit."""
    drawn = located[located["on_map"].astype(bool) & (located["role"] == "us_strike")]
    shapes = []
    for iso, grp in drawn.groupby("iso"):
        if not iso:
            continue
        near = [(x, y) for x, y in zip(grp["lon"], grp["lat"], strict=True)
                if not (math.isnan(x) or math.isnan(y))] if (grp["kind"] == "point").any() else []
        shapes.append(country_shape(iso, near))
    return [s for s in shapes if s is not None]


def not_placed(located: pd.DataFrame) -> list[str]:
    """Strike and attack sites (and requested places) named without a position: listed under the map."""
    rows = located[(located["kind"] == "none") & located["lat"].isna() & (located["precision"] != "country")]
    return list(dict.fromkeys(rows["location"]))


@dataclass
class MapData:
    """Everything the static and the interactive map draw: the located places, their colours and legend
    names, the countries shaded, the window, and the words of the title and the sources line."""

    located: pd.DataFrame
    colours: dict[str, str]
    labels: dict[str, str]
    shapes: dict[str, object]  # iso → outline of each shaded country
    extent: tuple[float, float, float, float]
    n_articles: int
    scope: str  # "all events" or the event's label

    @property
    def points(self) -> pd.DataFrame:
        return self.located[self.located["kind"] == "point"]

    @property
    def shaded(self) -> pd.DataFrame:
        return self.located[self.located["kind"] == "country"]


def map_data(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True, articles=None,
             aspect: float = 1.18) -> MapData:
    """What a map of these options shows, and its window (width/height `aspect` of the drawing)."""
    located = map_locations(places, events, locations=locations, event_id=event_id,
                            show_attacks_on_us=show_attacks_on_us, articles=articles)
    labels = event_labels(events)
    shaded = located[located["kind"] == "country"]
    shapes = {iso: country_shape(iso) for iso in shaded["iso"] if iso}
    shapes = {iso: s for iso, s in shapes.items() if s is not None}
    points = located[located["kind"] == "point"]
    extent = map_extent(list(zip(points["lon"], points["lat"], strict=True)), list(shapes.values()),
                        struck_shapes(located), aspect=aspect)
    scope = "all events" if event_id in (None, "", "all") else labels.get(str(event_id), str(event_id))
    return MapData(located, event_colours(events, places, articles), labels, shapes, extent,
                   article_count(places, events, articles, event_id), scope)


# --------------------------------------------------------------------------- the table

def location_table(places, events=None, locations=None, event_id=None, *, show_attacks_on_us=True,
                   articles=None) -> pd.DataFrame:
    """The table under the map: location, country, lat, lon, coordinates, precision, role, events, the
    articles that mention it, the mentions as printed, the evidence sentence, on_map and a note.

    Text is left raw here (it is data); render with `location_table_html`, which escapes it."""
    df = map_locations(places, events, locations=locations, event_id=event_id,
                       show_attacks_on_us=show_attacks_on_us, articles=articles)
    df["role"] = df["role"].map(lambda r: ROLE_LABELS.get(r, r))
    df["lat"] = df["lat"].round(4)
    df["lon"] = df["lon"].round(4)
    return df[LOCATION_COLUMNS].reset_index(drop=True)


def location_table_html(table: pd.DataFrame, *, max_rows: int = MAX_TABLE_ROWS, csv_link: str = "") -> Markup:
    """The location table as HTML for reports (template locations.html.j2): every cell escaped (article
    text is untrusted), evidence sentences whole, empty cells blank. Rows past `max_rows` are left out
    with a note saying how many; `csv_link` (a relative link to the full table as CSV) is offered there.
    Each row has an anchor (`sb-loc-N`, N = row number) the interactive map's markers link to."""
    cols = [c for c in ("location", "coordinates", "precision", "role", "events", "articles", "evidence",
                        "note") if c in table.columns]
    shown = table.head(max_rows)
    rows = [[cell_text(v) for v in row] for row in shown[cols].itertuples(index=False)]
    return render("locations.html.j2", columns=cols, rows=rows, total=len(table), csv_link=csv_link)


def summary_line(located: pd.DataFrame) -> str:
    """The report's one-line summary from `map_locations` output: '15 locations, 4 strike sites, …'."""
    on_map = located[located["on_map"].astype(bool)]
    n_events = len({e for ids in located["event_ids"] for e in ids})
    return ", ".join([count(len(located), "location"),
                      count(int((on_map["role"] == "us_strike").sum()), "strike site"),
                      count(int((on_map["role"] == "attack_on_us").sum()), "attacked site"),
                      count(n_events, "event")])


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
