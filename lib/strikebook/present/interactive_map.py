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

from strikebook.present.basemap import BASEMAP_CREDIT, view_countries
from strikebook.present.html import render
from strikebook.present.locations import (
    MAX_TABLE_ROWS,
    NO_EVENT_COLOUR,
    ROLE_LABELS,
    ROLE_ORDER,
    STRUCK,
    count,
    map_data,
    not_placed,
)
from strikebook.present.map_layout import MAX_LABELS, label_priority, overlaps, place_labels, spread_markers
from strikebook.present.static_map import RING_STYLE, label_text

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
        lines.append(f"Event: {row.events}")
    lines.append(f"{row.coordinates} ({row.precision or 'precision unknown'})")
    if row.articles:
        ids = row.articles.split("; ")
        lines.append("Articles: " + "; ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else ""))
    if row.evidence:
        lines += textwrap.wrap(f"“{textwrap.shorten(row.evidence, 400, placeholder=' …')}”", 80)
    if row.note:
        lines.append(row.note)
    return "\n".join(lines)


def _scale(proj: _Projection) -> dict:
    from strikebook.present.static_map import _nice_km

    km_per_px = 111.32 / proj.k
    km = _nice_km(WIDTH * 0.2 * km_per_px)
    mid = (proj.y0 + proj.y1) / 2
    return {"px": km / km_per_px, "label": f"{km} km (at {abs(mid):.0f}°{'N' if mid >= 0 else 'S'})"}


def map_svg_data(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True,
                 articles=None, aspect: float = 1.18) -> dict:
    """Everything the template draws, in SVG pixels: countries, shaded countries, rings, markers, labels,
    legend entries, the places not placed and the sources line."""
    data = map_data(places, events, locations=locations, event_id=event_id, show_attacks_on_us=show_attacks_on_us,
                    articles=articles, aspect=aspect)
    proj = _Projection(data.extent)
    tolerance = 0.7 / proj.k
    countries = view_countries(data.extent, margin=0.02, tolerance=tolerance)
    points, shaded, located = data.points, data.shaded, data.located
    events_used = sorted({e for evs in points.loc[points["role"].isin(STRUCK), "marker_events"] for e in evs}
                         | set(shaded.loc[shaded["articles"].astype(bool), "event"]),
                         key=lambda e: (e == "", data.labels.get(e, e), e))
    event_class = {e: f"e{i}" for i, e in enumerate(events_used)}

    land = [{"d": _path(r.geometry, proj), "name": r.name} for r in countries.itertuples()]
    shade = []
    for i, row in enumerate(shaded.itertuples()):
        geom = data.shapes.get(row.iso)
        if geom is None:
            continue
        shade.append({"d": _path(geom.simplify(tolerance), proj), "named": bool(row.articles), "id": i,
                      "colour": data.colours.get(row.event, NO_EVENT_COLOUR), "title": _hover(row, data),
                      "cls": f"r-{row.role or 'asked'} {event_class.get(row.event, '')}".strip()})

    xs, ys = proj(points["lon"].to_numpy(float), points["lat"].to_numpy(float))
    items = [{"px": x, "py": y, "r": RADIUS[r.role], "events": list(r.marker_events) or [r.event]}
             for x, y, r in zip(xs, ys, points.itertuples(), strict=True)]
    markers = []
    for m in spread_markers(items):
        row = points.iloc[m["loc"]]
        struck = row["role"] in STRUCK
        markers.append({"loc": m["loc"], "x": round(m["px"], 1), "y": round(m["py"], 1), "hx": round(items[m["loc"]]["px"], 1),
                        "hy": round(items[m["loc"]]["py"], 1), "moved": m["moved"], "role": row["role"] or "asked",
                        "r": RADIUS[row["role"]], "title": _hover(row, data),
                        "fill": data.colours.get(m["event"], NO_EVENT_COLOUR) if struck else "#fff",
                        "cls": f"r-{row['role'] or 'asked'} {event_class.get(m['event'], '') if struck else ''}".strip(),
                        "href": f"#sb-loc-{points.index[m['loc']]}" if points.index[m["loc"]] < MAX_TABLE_ROWS else ""})
    rings = [{"x": round(x, 1), "y": round(y, 1), "r": RING_RADIUS[p], "style": p}
             for x, y, p in zip(xs, ys, points["precision"], strict=True) if p in RING_RADIUS]

    # labels: the most important places, placed off markers and each other (y up for the layout)
    order = label_priority(list(points["requested"].astype(bool)), list(points["role"]), list(points["precision"]),
                           list(points["n_articles"]), list(points["location"]))[:MAX_LABELS]
    texts = [label_text(points.iloc[k]["location"], points.iloc[k]["precision"]) for k in order]
    anchors = []
    for k in order:
        own = [m for m in markers if m["loc"] == k]
        cx, cy = np.mean([m["x"] for m in own]), np.mean([m["y"] for m in own])
        spread = max(math.hypot(m["x"] - cx, m["y"] - cy) + m["r"] for m in own)
        anchors.append((cx, proj.height - cy, spread))
    obstacles = [(m["x"] - m["r"], proj.height - m["y"] - m["r"], m["x"] + m["r"], proj.height - m["y"] + m["r"])
                 for m in markers]
    obstacles.append((0, 0, 190, 40))  # the scale bar
    slots = place_labels(anchors, [_text_size(t) for t in texts], obstacles, (0, 0, WIDTH, proj.height))
    labels = []
    for text, slot, (ax_, ay_, r) in zip(texts, slots, anchors, strict=True):
        if slot is None:
            box, sx = (ax_ + r + 3, ay_ - FONT / 2, ax_ + r + 3 + _text_size(text)[0], ay_ + FONT / 2), 1
        else:
            box, sx, _ = slot
        labels.append({"text": text, "x": round(box[0] + 2 if sx >= 0 else box[2] - 2, 1) if sx != 0 else
                       round((box[0] + box[2]) / 2, 1), "anchor": {1: "start", -1: "end", 0: "middle"}[sx],
                       "y": round(proj.height - box[1] - 4, 1), "box": box})
    for row in shaded.itertuples():
        geom = data.shapes.get(row.iso)
        p = geom.representative_point() if geom is not None else None
        if p is None:
            continue
        x, y = proj(p.x, p.y)
        text = f"{row.location} (country)" if row.articles else f"{row.location} (no site on this map)"
        labels.append({"text": text, "x": round(float(x), 1), "y": round(float(y), 1), "anchor": "middle",
                       "box": None})
    placed = [lb["box"] for lb in labels if lb["box"]] + obstacles
    names = []
    view_area = WIDTH * proj.height
    for r in countries.itertuples():
        if r.iso_a2 in set(shaded["iso"]) or r.geometry.area * proj.k ** 2 * proj.cos < 0.035 * view_area:
            continue
        p = r.geometry.representative_point()
        x, y = proj(p.x, p.y)
        w, h = _text_size(r.name.upper(), 10)
        box = (float(x) - w / 2, proj.height - float(y) - h / 2, float(x) + w / 2, proj.height - float(y) + h / 2)
        if not any(overlaps(box, b, 2) for b in placed):
            placed.append(box)
            names.append({"text": r.name.upper(), "x": round(float(x), 1), "y": round(float(y) + 4, 1)})

    legend_roles = [{"role": r or "asked", "label": ROLE_LABELS[r]} for r in ROLE_ORDER if (points["role"] == r).any()
                    or (r in STRUCK and (shaded["role"] == r).any())]
    legend_rings = [{"style": p, "label": s["label"]} for p, s in RING_STYLE.items() if (points["precision"] == p).any()]
    legend_events = [{"cls": event_class[e], "colour": data.colours.get(e, NO_EVENT_COLOUR),
                      "label": data.labels.get(e, e) if e else "Event not identified in the events table"}
                     for e in events_used]
    unlabelled = len(points) - len(order)
    return {"width": WIDTH, "height": proj.height, "land": land, "shaded": shade, "markers": markers,
            "rings": rings, "labels": labels, "names": names, "scale": _scale(proj),
            "legend_roles": legend_roles, "legend_rings": legend_rings, "legend_events": legend_events,
            "not_placed": not_placed(located), "unlabelled": unlabelled, "scope": data.scope,
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
