"""The interactive strike map: an inline SVG a reader can hover, filter and click, with no script at all.

Why SVG and not plotly: plotly.js inlined in every report weighed 4.8 MB of a 5.4 MB page, and its geo maps
fetch their outlines from a CDN. This map is drawn from the same `locations.map_data` as the static one
(same places, colours, window) into a template (`templates/strike_map.html.j2`): a few hundred KB even for
a thousand-article case, no network, nothing to run. Hovering a marker shows its name, role, event,
coordinates, articles and the sentence that placed it (the browser's own tooltip: SVG <title>); clicking
it jumps to its row in the location table; the legend's check boxes hide a role or an event (CSS only).
Everything from the articles goes through the template's autoescape.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import shapely

from strikebook.present.basemap import BASEMAP_CREDIT, view_countries
from strikebook.present.html import render
from strikebook.present.locations import (
    MAX_TABLE_ROWS,
    NO_EVENT_COLOUR,
    ROLE_LABELS,
    ROLE_ORDER,
    SEVERAL_COLOUR,
    STRUCK,
    count,
    map_data,
    not_placed,
)
from strikebook.present.map_layout import (
    DENSE,
    MAX_LABELS,
    MAX_MARKERS_PER_PLACE,
    SEVERAL,
    label_priority,
    marker_scale,
    overlaps,
    place_labels,
    spread_markers,
)
from strikebook.present.static_map import RING_STYLE, label_text, nice_km

WIDTH = 960
#: marker radius (px) per role; the shapes are drawn by the template (star, triangle, circle, square)
RADIUS = {"us_strike": 9.0, "attack_on_us": 7.5, "mention": 5.0, "": 4.5}
RING_RADIUS = {"region": 28.0, "nearby": 19.0, "event": 19.0}
FONT = 12.0


class _Projection:
    """lon/lat → SVG pixels (y down), equirectangular, true to scale at the window's middle latitude."""

    def __init__(self, extent):
        self.x0, self.y0, self.x1, self.y1 = extent
        self.cos = max(math.cos(math.radians((self.y0 + self.y1) / 2)), 0.1)
        self.k = WIDTH / ((self.x1 - self.x0) * self.cos)
        self.height = round((self.y1 - self.y0) * self.k)

    def __call__(self, lon, lat):
        return (np.asarray(lon) - self.x0) * self.cos * self.k, (self.y1 - np.asarray(lat)) * self.k


def _path(geom, proj: _Projection) -> str:
    """SVG path data of a (multi)polygon, to a tenth of a pixel."""
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            xs, ys = proj(*np.asarray(ring.coords).T)
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
            parts.append(f"M{pts}Z")
    return "".join(parts)


def _text_size(text: str, size: float = FONT) -> tuple[float, float]:
    """Rough width and height of bold sans-serif text in pixels (the browser's font is not known here)."""
    return 0.62 * size * len(text) + 4, size * 1.3


def _hover(row, data) -> str:
    """The tooltip of one location, plain text (the template escapes it; the browser shows line breaks)."""
    lines = [label_text(row.location, row.precision), ROLE_LABELS.get(row.role, row.role)]
    if row.events:
        events = row.events.split("; ")
        lines.append("Event: " + "; ".join(events[:3]) + (f" and {len(events) - 3} more" if len(events) > 3 else ""))
    lines.append(f"{row.coordinates} ({row.precision or 'precision unknown'})")
    if row.articles:
        ids = row.articles.split("; ")
        lines.append("Articles: " + "; ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else ""))
    if row.evidence:
        lines += textwrap.wrap(f"“{textwrap.shorten(row.evidence, 240, placeholder=' …')}”", 80)
    if row.note:
        lines.append(row.note)
    return "\n".join(lines)


def _scale(proj: _Projection) -> dict:
    km_per_px = 111.32 / proj.k
    km = nice_km(WIDTH * 0.2 * km_per_px)
    mid = (proj.y0 + proj.y1) / 2
    return {"px": km / km_per_px, "label": f"{km} km (at {abs(mid):.0f}°{'N' if mid >= 0 else 'S'})"}


def _markers(data, proj: _Projection, event_class: dict[str, str]) -> tuple[list[dict], list[list[dict]]]:
    """One entry per drawn place (its tooltip, its table row, its markers — one per event — and the
    tethers of markers pushed off it), and the markers of each place (for the labels)."""
    points = data.points
    xs, ys = proj(points["lon"].to_numpy(float), points["lat"].to_numpy(float))
    size = math.sqrt(marker_scale(points["marker_events"]))
    items = [{"px": x, "py": y, "r": size * RADIUS[r.role], "events": list(r.marker_events) or [r.event]}
             for x, y, r in zip(xs, ys, points.itertuples(), strict=True)]
    own: list[list[dict]] = [[] for _ in items]
    for m in spread_markers(items):
        own[m["loc"]].append(m)
    places = []
    for k, row in enumerate(points.itertuples()):
        struck = row.role in STRUCK
        uses = [{"x": round(m["px"], 1), "y": round(m["py"], 1),
                 "fill": (SEVERAL_COLOUR if m["event"] == SEVERAL else data.colours.get(m["event"], NO_EVENT_COLOUR))
                 if struck else "#fff", "cls": event_class.get(m["event"], "") if struck else ""} for m in own[k]]
        tethers = [{"x1": round(items[k]["px"], 1), "y1": round(items[k]["py"], 1), "x2": u["x"], "y2": u["y"]}
                   for u, m in zip(uses, own[k], strict=True) if m["moved"]]
        places.append({"role": row.role or "asked", "r": round(size * RADIUS[row.role], 2), "title": _hover(row, data),
                       "href": f"#sb-loc-{points.index[k]}" if points.index[k] < MAX_TABLE_ROWS else "",
                       "uses": uses, "tethers": tethers})
    return places, own


def _labels(data, proj: _Projection, places: list[dict], own: list[list[dict]]) -> tuple[list[dict], list, int]:
    """Labels of the most important places, placed off the markers and each other (the layout works with
    y up), then of the shaded countries; returns them, the boxes they and the markers take, and how many
    drawn places are left unlabelled."""
    points = data.points
    order = label_priority(list(points["requested"].astype(bool)), list(points["role"]), list(points["precision"]),
                           list(points["n_articles"]), list(points["location"]))[:MAX_LABELS]
    texts = [label_text(points.iloc[k]["location"], points.iloc[k]["precision"]) for k in order]
    anchors = []
    for k in order:
        cx, cy = np.mean([m["px"] for m in own[k]]), np.mean([m["py"] for m in own[k]])
        spread = max(math.hypot(m["px"] - cx, m["py"] - cy) + m["r"] for m in own[k])
        anchors.append((cx, proj.height - cy, spread))
    obstacles = [(u["x"] - p["r"], proj.height - u["y"] - p["r"], u["x"] + p["r"], proj.height - u["y"] + p["r"])
                 for p in places for u in p["uses"]]
    obstacles.append((0, 0, 190, 40))  # the scale bar
    slots = place_labels(anchors, [_text_size(t) for t in texts], obstacles, (0, 0, WIDTH, proj.height))
    dense = len(obstacles) > DENSE
    labels = []
    for text, slot, (x, y, r) in zip(texts, slots, anchors, strict=True):
        if slot is None and dense:  # no room: named on hover
            continue
        if slot is None:
            box, sx = (x + r + 3, y - FONT / 2, x + r + 3 + _text_size(text)[0], y + FONT / 2), 1
        else:
            box, sx, _ = slot
        labels.append({"text": text, "anchor": {1: "start", -1: "end", 0: "middle"}[sx], "box": box,
                       "x": round(box[0] + 2 if sx == 1 else box[2] - 2 if sx == -1 else (box[0] + box[2]) / 2, 1),
                       "y": round(proj.height - box[1] - 4, 1)})
    unlabelled = len(points) - len(labels)
    for row in data.shaded.itertuples():
        geom = data.shapes.get(row.iso)
        if geom is None:
            continue
        p = geom.intersection(shapely.box(*data.extent)).representative_point()
        x, y = proj(p.x, p.y)
        text = f"{row.location} (country)" if row.articles else f"{row.location} (no site on this map)"
        labels.append({"text": text, "x": round(float(x), 1), "y": round(float(y), 1), "anchor": "middle",
                       "box": None})
    return labels, [lb["box"] for lb in labels if lb["box"]] + obstacles, unlabelled


def _country_names(data, proj: _Projection, countries, taken: list) -> list[dict]:
    """Names of the countries with room in the window, where they hide no label or marker."""
    names = []
    shaded = set(data.shaded["iso"])
    view = shapely.box(*data.extent)
    for r in countries.itertuples():
        part = r.geometry.intersection(view)
        if r.iso_a2 in shaded or part.is_empty or part.area < 0.035 * view.area:
            continue
        p = part.representative_point()
        x, y = (float(v) for v in proj(p.x, p.y))
        w, h = _text_size(r.name.upper(), 10)
        box = (x - w / 2, proj.height - y - h / 2, x + w / 2, proj.height - y + h / 2)
        if not any(overlaps(box, b, 2) for b in taken):
            taken.append(box)
            names.append({"text": r.name.upper(), "x": round(x, 1), "y": round(y + 4, 1)})
    return names


def map_svg_data(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                 articles=None, aspect: float = 1.18) -> dict:
    """Everything the template draws, in SVG pixels: countries, shaded countries, rings, markers, labels,
    legend entries, the places not placed and the sources line."""
    data = map_data(places, events, locations=locations, event_id=event_id, show_attacks_on_us=show_attacks_on_us,
                    articles=articles, aspect=aspect)
    proj = _Projection(data.extent)
    tolerance = 0.7 / proj.k
    countries = view_countries(data.extent, margin=0.02, tolerance=tolerance)
    points, shaded = data.points, data.shaded
    struck_points = points[points["role"].isin(STRUCK)]
    several = (struck_points["marker_events"].map(len) > MAX_MARKERS_PER_PLACE).any()
    events_used = sorted({e for evs in struck_points["marker_events"] if len(evs) <= MAX_MARKERS_PER_PLACE
                          for e in evs} | set(shaded.loc[shaded["articles"].astype(bool), "event"]),
                         key=lambda e: (e == "", data.labels.get(e, e), e))
    event_class = {e: f"e{i}" for i, e in enumerate(events_used + ([SEVERAL] if several else []))}

    shade = []
    for i, row in enumerate(shaded.itertuples()):
        geom = data.shapes.get(row.iso)
        if geom is not None:
            shade.append({"d": _path(geom.intersection(shapely.box(*data.extent)).simplify(tolerance), proj),
                          "named": bool(row.articles), "id": i, "title": _hover(row, data),
                          "colour": data.colours.get(row.event, NO_EVENT_COLOUR),
                          "cls": f"r-{row.role or 'asked'} {event_class.get(row.event, '')}".strip()})
    xs, ys = proj(points["lon"].to_numpy(float), points["lat"].to_numpy(float))
    size = math.sqrt(marker_scale(points["marker_events"]))
    rings = [{"x": round(x, 1), "y": round(y, 1), "r": round(size * RING_RADIUS[p], 1), "style": p}
             for x, y, p in zip(xs, ys, points["precision"], strict=True) if p in RING_RADIUS]
    marked, own = _markers(data, proj, event_class)
    labels, taken, unlabelled = _labels(data, proj, marked, own)

    legend_events = [{"cls": event_class[e], "colour": data.colours.get(e, NO_EVENT_COLOUR),
                      "label": data.labels.get(e, e) if e else "Event not identified in the events table"}
                     for e in events_used]
    if several:
        legend_events.append({"cls": event_class[SEVERAL], "colour": SEVERAL_COLOUR,
                              "label": f"Struck in more than {MAX_MARKERS_PER_PLACE} events: see the table"})
    return {"width": WIDTH, "height": proj.height, "scope": data.scope, "scale": _scale(proj),
            "land": [{"d": _path(r.geometry, proj), "name": r.name} for r in countries.itertuples()],
            "shaded": shade, "places": marked, "rings": rings, "labels": labels,
            "names": _country_names(data, proj, countries, taken),
            "legend_roles": [{"role": r or "asked", "label": ROLE_LABELS[r]} for r in ROLE_ORDER
                             if (points["role"] == r).any() or (r in STRUCK and (shaded["role"] == r).any())],
            "legend_rings": [{"style": p, "label": s["label"]} for p, s in RING_STYLE.items()
                             if (points["precision"] == p).any()],
            "legend_events": legend_events, "not_placed": not_placed(data.located), "unlabelled": unlabelled,
            "source": f"Places extracted from {count(data.n_articles, 'article')}; {BASEMAP_CREDIT}. "
                      "No tiles, no network: the map is drawn in the page."}


def interactive_map_html(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                         articles=None):
    """The interactive map as an HTML fragment (Markup) for a report or a notebook cell."""
    return render("strike_map.html.j2", **map_svg_data(places, events, locations=locations, event_id=event_id,
                                                      show_attacks_on_us=show_attacks_on_us, articles=articles))


def interactive_map(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                    articles=None):
    """The interactive map for a notebook: an IPython HTML object (inline SVG, works offline)."""
    from IPython.display import HTML

    return HTML(interactive_map_html(places, events, locations=locations, event_id=event_id,
                                     show_attacks_on_us=show_attacks_on_us, articles=articles))
