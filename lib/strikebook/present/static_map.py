"""The static strike map: one matplotlib figure that reads on its own when shared as a PNG.

Why its own module: the PNG goes into every report and gets forwarded without the page around it, so it
carries its own legend (marker shapes, event colours, how approximate places are marked), a km scale
bar, a north arrow, a locator inset showing where in the world the window lies, the places named but not
placed, and its sources. What it shows and where the window is comes from `locations.map_data`; marker
and label positions from `map_layout`. Borders: `basemap` (Natural Earth, offline).
"""

from __future__ import annotations

import math
import textwrap

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from strikebook.present.basemap import BASEMAP_CREDIT, locator_countries, locator_window, view_countries
from strikebook.present.locations import (
    EVENT_PALETTE,
    NO_EVENT_COLOUR,
    ROLE_LABELS,
    ROLE_ORDER,
    SEVERAL_COLOUR,
    STRUCK,
    MapData,
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

LAND, SEA, BORDER = "#f4f1ea", "#dce9f2", "#a39e93"
#: Marker per role: the shape says *what happened there*, the colour says *which event*.
ROLE_STYLE = {
    "us_strike": {"marker": "*", "size": 360},
    "attack_on_us": {"marker": "^", "size": 170},
    "mention": {"marker": "o", "size": 60},
    "": {"marker": "s", "size": 50},
}
#: The ring round a place drawn where it was not named, and its legend entry.
RING_STYLE = {
    "region": {"ls": "--", "size": 1500, "label": "≈ region: approximate centre"},
    "nearby": {"ls": ":", "size": 800, "label": "'near' a place: drawn at that place"},
    "event": {"ls": "-.", "size": 800, "label": "at the event's reported site (no place named in the text)"},
}
EVENT_LEGEND_MAX = 10
WRAP = 34


def label_text(location: str, precision: str) -> str:
    """A place's label, saying how approximate it is: 'eastern Syria ≈', 'near Jilib', 'X (event site)'."""
    if precision == "region":
        return f"{location} ≈"
    if precision == "nearby":
        return f"near {location}"
    if precision == "event":
        return f"{location} (event site)"
    return location


def _plain(text: str) -> str:
    """Text from articles or tables, safe for matplotlib: a '$' must not switch on mathtext."""
    return str(text).replace("$", r"\$")


def _halo(width=3):
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def _box(bbox) -> tuple[float, float, float, float]:
    return bbox.x0, bbox.y0, bbox.x1, bbox.y1


def label_boxes(fig) -> list:
    """Window bounding boxes of the visible place labels and country names, for overlap checks."""
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts
            if t.get_gid() in ("label", "country") and t.get_visible()]


# --------------------------------------------------------------------------- furniture

def nice_km(target: float) -> int:
    steps = [10, 20, 25, 50, 100, 150, 200, 250, 300, 400, 500, 1000, 2000, 2500, 5000]
    return max([s for s in steps if s <= target] or [steps[0]])


def scale_bar(ax, *, fraction: float = 0.22, loc: tuple[float, float] = (0.04, 0.04)) -> tuple[int, float]:
    """Draw a km scale bar computed at the map's middle latitude (lon/lat axes); returns (km, degrees).

    One degree of longitude is 111.32 km × cos(latitude), so the bar is exact at the middle latitude
    and stated as such."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    mid_lat = (y0 + y1) / 2
    km_per_deg = 111.32 * max(math.cos(math.radians(mid_lat)), 0.05)
    km = nice_km((x1 - x0) * km_per_deg * fraction)
    deg = km / km_per_deg
    bx, by = x0 + loc[0] * (x1 - x0), y0 + loc[1] * (y1 - y0)
    h = (y1 - y0) * 0.008
    ax.add_patch(Rectangle((bx - 0.15 * deg, by - 3 * h), deg * 1.3, 11 * h, facecolor="white", alpha=0.8,
                           edgecolor="none", zorder=6, gid="scalebar-bg"))
    ax.add_patch(Rectangle((bx, by), deg / 2, h, facecolor="black", edgecolor="black", lw=0.6, zorder=7))
    ax.add_patch(Rectangle((bx + deg / 2, by), deg / 2, h, facecolor="white", edgecolor="black", lw=0.6,
                           zorder=7))
    ax.text(bx + deg / 2, by + 2.2 * h, f"{km} km (at {abs(mid_lat):.0f}°{'N' if mid_lat >= 0 else 'S'})",
            ha="center", va="bottom", fontsize=8, zorder=7, gid="scalebar")
    return km, deg


def _north_arrow(ax, loc=(0.955, 0.06)) -> None:
    ax.annotate("N", xy=(loc[0], loc[1] + 0.07), xytext=(loc[0], loc[1]), xycoords="axes fraction",
                ha="center", va="center", fontsize=10, fontweight="bold", zorder=7, gid="north",
                arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.2})


def _locator(ax_in, extent) -> None:
    """The inset: where in the world the map's window (red box) lies."""
    lx0, ly0, lx1, ly1 = locator_window(extent)
    world = locator_countries()
    world = world[world.intersects(shapely.box(lx0, ly0, lx1, ly1))]
    ax_in.set_facecolor(SEA)
    world.plot(ax=ax_in, color=LAND, edgecolor=BORDER, linewidth=0.3)
    x0, y0, x1, y1 = extent
    ax_in.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#C00000", lw=1.4, zorder=5))
    ax_in.set_xlim(lx0, lx1)
    ax_in.set_ylim(ly0, ly1)
    ax_in.set_aspect(1 / max(math.cos(math.radians((ly0 + ly1) / 2)), 0.2))
    ax_in.set_xticks([])
    ax_in.set_yticks([])
    ax_in.set_xlabel("")
    ax_in.set_ylabel("")
    for s in ax_in.spines.values():
        s.set_edgecolor("#666")


def _degrees(ax) -> None:
    ax.tick_params(labelsize=7, colors="#555", length=2)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0f}°{'E' if v >= 0 else 'W'}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0f}°{'N' if v >= 0 else 'S'}"))
    for s in ax.spines.values():
        s.set_edgecolor("#888")


# --------------------------------------------------------------------------- the map

def _draw_countries(ax, data: MapData) -> list:
    """Land, borders, the shaded countries; returns the country-name texts (placed where there is room)."""
    x0, y0, x1, y1 = data.extent
    countries = view_countries(data.extent)
    ax.set_facecolor(SEA)
    if len(countries):
        countries.plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.7, zorder=1)
    shaded = data.shaded
    for row in shaded.itertuples():
        geom = data.shapes.get(row.iso)
        if geom is None:
            continue
        frame = gpd.GeoSeries([geom], crs="EPSG:4326")
        if not row.articles:  # asked for, but these articles do not name it: outline only
            frame.plot(ax=ax, facecolor="none", edgecolor="#555", linestyle="--", linewidth=1.3, zorder=2)
            continue
        colour = data.colours.get(row.event, NO_EVENT_COLOUR)
        frame.plot(ax=ax, facecolor=colour, alpha=0.18, edgecolor="none", zorder=2)
        frame.plot(ax=ax, facecolor="none", edgecolor=colour, hatch="///", linewidth=1.3, zorder=2)
    view = shapely.box(x0, y0, x1, y1)
    texts = []
    for row in countries.itertuples():
        if row.iso_a2 and row.iso_a2 in set(shaded["iso"]):
            continue
        part = row.geometry.intersection(view)
        if part.is_empty or part.area < 0.035 * view.area:
            continue
        p = part.representative_point()
        texts.append(ax.text(p.x, p.y, _plain(row.name.upper()), ha="center", va="center", fontsize=8.5,
                             color="#8a857b", fontstyle="italic", zorder=3, gid="country", path_effects=_halo(2)))
    return texts


def _draw_markers(ax, data: MapData, dpi: float) -> pd.DataFrame:
    """One marker per (place, event) — a site struck in three events shows three stars side by side —
    pushed apart where nearby places would hide each other, tied to the true place when moved; rings round
    approximate places. Returns the markers (loc = row of data.points, x/y in data coordinates)."""
    points = data.points
    to_px, to_data = ax.transData, ax.transData.inverted()
    scale = marker_scale(points["marker_events"])
    items = []
    for r in points.itertuples():
        px, py = to_px.transform((r.lon, r.lat))
        items.append({"px": px, "py": py, "r": math.sqrt(scale * ROLE_STYLE[r.role]["size"]) * dpi / 72 / 2,
                      "events": list(r.marker_events) or [r.event]})
    rows = spread_markers(items)
    for m in rows:
        r = points.iloc[m["loc"]]
        m["x"], m["y"] = to_data.transform((m["px"], m["py"]))
        m.update(role=r["role"], lon=r["lon"], lat=r["lat"], precision=r["precision"])
    markers = pd.DataFrame(rows, columns=["loc", "event", "r", "x", "y", "moved", "role", "lon", "lat",
                                          "precision"])
    for (role, event), grp in markers.groupby(["role", "event"], sort=True):
        struck = role in STRUCK
        colour = SEVERAL_COLOUR if event == SEVERAL else data.colours.get(event, NO_EVENT_COLOUR)
        ax.scatter(grp["x"], grp["y"], s=scale * ROLE_STYLE[role]["size"], marker=ROLE_STYLE[role]["marker"],
                   c=colour if struck else "white",
                   edgecolors="#222" if struck else "#444", linewidths=0.9, zorder=5, gid=f"marker:{role}")
    for m in markers[markers["moved"]].itertuples():  # a displaced marker stays tied to its true place
        ax.plot([m.lon, m.x], [m.lat, m.y], color="#333", lw=0.8, zorder=4.8, gid="tether")
        ax.plot([m.lon], [m.lat], marker="o", ms=3, color="#111", zorder=6, gid="true-place")
    for precision, style in RING_STYLE.items():  # "somewhere around here", each in its own line style
        approx = points[points["precision"] == precision]
        if len(approx):
            ax.scatter(approx["lon"], approx["lat"], s=scale * style["size"], marker="o", facecolors="none",
                       edgecolors="#555", linewidths=1.0, linestyles=style["ls"], zorder=4,
                       gid=f"marker:{precision}")
    return markers


def _marker_box(ax, x, y, r):
    px, py = ax.transData.transform((x, y))
    return px - r, py - r, px + r, py + r


def _draw_labels(fig, ax, data: MapData, markers: pd.DataFrame, furniture: list, country_texts: list) -> int:
    """Labels for the shaded countries and the MAX_LABELS most important places, placed off each other,
    the markers and the furniture, polished by adjustText, with leader lines. Returns how many drawn
    places are left unlabelled."""
    points = data.points
    order = label_priority(list(points["requested"].astype(bool)), list(points["role"]),
                           list(points["precision"]), list(points["n_articles"]), list(points["location"]))
    chosen = order[:MAX_LABELS]
    renderer = fig.canvas.get_renderer()
    texts, anchors = [], []
    for k in chosen:
        row = points.iloc[k]
        own = markers[markers["loc"] == k]
        cx, cy = own["x"].mean(), own["y"].mean()
        pc = ax.transData.transform((cx, cy))
        spread = max(math.hypot(*(ax.transData.transform((x, y)) - pc)) for x, y in zip(own["x"], own["y"],
                                                                                        strict=True))
        anchors.append((cx, cy, spread + own["r"].max()))
        texts.append(ax.text(cx, cy, _plain(label_text(row["location"], row["precision"])), fontsize=10,
                             fontweight="bold", color="#111", zorder=8, gid="label", path_effects=_halo(3)))
    for row in data.shaded.itertuples():
        label = f"{row.location} (country)" if row.articles else f"{row.location} (no site on this map)"
        geom = data.shapes.get(row.iso)
        x0, y0, x1, y1 = data.extent
        inside = geom.intersection(shapely.box(x0, y0, x1, y1)) if geom is not None else None
        p = inside.representative_point() if inside is not None and not inside.is_empty else None
        lon, lat = (p.x, p.y) if p is not None else (row.lon, row.lat)
        anchors.append((lon, lat, 0.0))
        texts.append(ax.text(lon, lat, _plain(label), fontsize=10, fontweight="bold", color="#111", zorder=8,
                             gid="label", path_effects=_halo(3)))
    if not texts:
        return len(points)
    marker_boxes = [_marker_box(ax, r.x, r.y, r.r) for r in markers.itertuples()]
    sizes = [(b.width, b.height) for b in (t.get_window_extent(renderer) for t in texts)]
    px_anchors = [(*ax.transData.transform((x, y)), r) for x, y, r in anchors]
    slots = place_labels(px_anchors, sizes, [_box(b) for b in furniture] + marker_boxes,
                         _box(ax.get_window_extent(renderer)), [_box(t.get_window_extent(renderer))
                                                                for t in country_texts])
    inv = ax.transData.inverted()
    dense = len(markers) > DENSE
    for text, slot, (px, py, r) in zip(texts, slots, px_anchors, strict=True):
        if slot is None and dense:  # no room on a crowded map: the place is named on hover and in the table
            text.set_visible(False)
            continue
        if slot is None:  # crowded: right of the point, and let adjustText push it
            text.set_ha("left")
            text.set_va("bottom")
            text.set_position(inv.transform((px + r + 3, py)))
            continue
        (bx0, by0, bx1, by1), sx, sy = slot
        text.set_ha({1: "left", -1: "right", 0: "center"}[sx])
        text.set_va({1: "bottom", -1: "top", 0: "center"}[sy])
        text.set_position(inv.transform((bx0 if sx == 1 else bx1 if sx == -1 else (bx0 + bx1) / 2,
                                         by0 if sy == 1 else by1 if sy == -1 else (by0 + by1) / 2)))
    if any(s is None for s in slots) and not dense:
        from adjustText import adjust_text

        adjust_text(texts, x=list(markers["x"]), y=list(markers["y"]), ax=ax,
                    target_x=[a[0] for a in anchors], target_y=[a[1] for a in anchors], avoid_self=False,
                    objects=[*furniture, *[_bbox(b) for b in marker_boxes]], expand=(1.08, 1.2),
                    force_text=(0.2, 0.3), force_static=(0.2, 0.3), force_explode=(0.0, 0.0),
                    force_pull=(0.0, 0.0), iter_lim=150, time_lim=None)
        _settle_labels(fig, ax, texts, [*furniture, *[_bbox(b) for b in marker_boxes]])
    shown = [(t, a) for t, a in zip(texts, anchors, strict=True) if t.get_visible()]
    _leader_lines(ax, [t for t, _ in shown], [a for _, a in shown])
    # country names give way to place labels
    fig.draw_without_rendering()
    placed = [_box(t.get_window_extent(renderer)) for t, _ in shown] + [_box(b) for b in furniture]
    for t in country_texts:
        box = _box(t.get_window_extent(renderer))
        if any(overlaps(box, b, pad=2) for b in placed):
            t.set_visible(False)
        else:
            placed.append(box)
    return len(points) - sum(t.get_visible() for t in texts[:len(chosen)])


def _bbox(box):
    from matplotlib.transforms import Bbox

    return Bbox([[box[0], box[1]], [box[2], box[3]]])


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
    fixed = [_box(f) for f in furniture]
    for _ in range(steps):
        boxes = [_box(t.get_window_extent(renderer)) for t in texts]
        moved = False
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:] + fixed:
                if overlaps(a, b, pad=1):
                    dy = 6 if a[1] >= b[1] else -6
                    px, py = ax.transData.transform(texts[i].get_position())
                    texts[i].set_position(inv.transform((px, py + dy)))
                    moved = True
                    break
        if not moved:
            return


# --------------------------------------------------------------------------- legend and words

def _legend_handles(data: MapData, max_events: int = EVENT_LEGEND_MAX) -> tuple[list, list]:
    """What the shapes, rings and hatching mean; then which event each colour is."""
    points, shaded = data.points, data.shaded
    roles = [Line2D([], [], ls="", marker=ROLE_STYLE[r]["marker"], ms=13 if r == "us_strike" else 9,
                    mfc="#888" if r in STRUCK else "white", mec="#222", label=textwrap.fill(ROLE_LABELS[r], WRAP))
             for r in ROLE_ORDER if (points["role"] == r).any()]
    for precision, style in RING_STYLE.items():
        if (points["precision"] == precision).any():  # a circle in the ring's own line style (see _RingHandler)
            roles.append(Circle((0, 0), 1, fill=False, edgecolor="#555", linestyle=style["ls"], linewidth=1.2,
                                label=textwrap.fill(style["label"], WRAP)))
    if shaded["articles"].astype(bool).any():
        roles.append(Patch(facecolor="#bbb", edgecolor="#666", hatch="///", label="Country named, no site given"))
    if (~shaded["articles"].astype(bool)).any():
        roles.append(Patch(facecolor="none", edgecolor="#555", linestyle="--",
                           label=textwrap.fill("Country asked for, no site on this map", WRAP)))
    used = sorted({e for evs in points.loc[points["role"].isin(STRUCK), "marker_events"] for e in evs if e}
                  | {e for e in shaded["event"] if e}, key=lambda e: (data.labels.get(e, e), e))
    events = [Patch(facecolor=data.colours.get(e, NO_EVENT_COLOUR), edgecolor="#222",
                    label=_plain(textwrap.fill(data.labels.get(e, e), WRAP))) for e in used[:max_events]]
    if len(used) > max_events:
        events.append(Patch(facecolor="none", edgecolor="none", label=textwrap.fill(
            f"+ {len(used) - max_events} more events{' (colours repeat)' if len(used) > len(EVENT_PALETTE) else ''}: "
            "see the table", WRAP)))
    if (points["role"].isin(STRUCK) & (points["marker_events"].map(len) > MAX_MARKERS_PER_PLACE)).any():
        events.append(Patch(facecolor=SEVERAL_COLOUR, edgecolor="#222", label=textwrap.fill(
            f"Struck in more than {MAX_MARKERS_PER_PLACE} events: see the table", WRAP)))
    unknown = any("" in evs for evs in points.loc[points["role"].isin(STRUCK), "marker_events"]) or \
        (shaded["articles"].astype(bool) & (shaded["event"] == "")).any()
    if unknown:
        events.append(Patch(facecolor=NO_EVENT_COLOUR, edgecolor="#222",
                            label=textwrap.fill("Event not identified in the events table", WRAP)))
    return roles, events


def _ring(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
    """Legend key of a ring: a circle with the ring's dashes (a marker cannot be dashed)."""
    r = min(width, height) * 0.75
    return Circle((width / 2 - xdescent, height / 2 - ydescent), r)


#: legend handler map: Circle handles are drawn as circles, not as the rectangles of other patches
RING_HANDLER = {Circle: HandlerPatch(patch_func=_ring)}


def _side_panel(fig, side, data: MapData) -> None:
    renderer = fig.canvas.get_renderer()
    inset = side.inset_axes([0.0, 0.6, 1.0, 0.4])
    _locator(inset, data.extent)
    inset.set_title("Map area (red box)", fontsize=8, color="#444")
    role_handles, event_handles = _legend_handles(data)
    kw = {"fontsize": 9, "frameon": False, "alignment": "left", "title_fontproperties": {"weight": "bold"}}
    top = 0.56
    if role_handles:
        leg1 = side.legend(handles=role_handles, title="On the map", loc="upper left", bbox_to_anchor=(0.0, top),
                           handler_map=RING_HANDLER, **kw)
        side.add_artist(leg1)
        fig.draw_without_rendering()
        top = leg1.get_window_extent(renderer).transformed(side.transAxes.inverted()).y0 - 0.03
    for max_events in range(EVENT_LEGEND_MAX, -1, -2):  # fewer events listed until the legend fits the panel
        _, event_handles = _legend_handles(data, max_events)
        if not event_handles:
            return
        leg2 = side.legend(handles=event_handles, title="Event (colour)", loc="upper left",
                           bbox_to_anchor=(0.0, top), **kw)
        fig.draw_without_rendering()
        if leg2.get_window_extent(renderer).y0 >= fig.bbox.y0 + 0.02 * fig.bbox.height:
            return


def _footer(data: MapData, unlabelled: int) -> list[str]:
    """The lines under the map: sources and caveats, the places not placed, the places left unlabelled."""
    lines = [f"Places extracted from {count(data.n_articles, 'article')}; {BASEMAP_CREDIT}.",
             "Approximate places are ringed; extraction can miss places."]
    missing = not_placed(data.located)
    if missing:
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        lines += textwrap.wrap(f"Not placed (named, but no position known; listed in the table): {shown}.", 125)[:2]
    if unlabelled > 0:
        lines.append(f"{count(unlabelled, 'more place')} drawn without a label: hover them on the interactive "
                     "map, or see the table.")
    return [_plain(line) for line in lines]


def strike_map(places, events=None, *, locations=None, event_id=None, show_attacks_on_us=True, ax=None,
               articles=None, title: str | None = None):
    """The static strike map (matplotlib Figure) on the offline Natural Earth basemap.

    Strike sites are stars, attacked US sites triangles, other requested places open circles; colour =
    event (legend names each by date and name); places drawn where they were not named (a region's centre,
    'near' a place, an event's reported site) are ringed and their labels say so. The window follows the
    case's places (see basemap.map_extent). Labels avoid each other; a km scale bar, a north arrow, a
    locator inset, the places not placed and the sources are added. Pass `ax` to draw into your own axes
    (legend and inset then go inside it).
    """
    own_layout = ax is None
    if own_layout:
        fig = plt.figure(figsize=(12, 8.6), dpi=110)
        ax = fig.add_axes([0.05, 0.13, 0.66, 0.77])
        side = fig.add_axes([0.73, 0.13, 0.25, 0.77])
        side.axis("off")
    else:
        fig, side = ax.figure, None
    box = ax.get_position()
    aspect = (box.width * fig.get_figwidth()) / (box.height * fig.get_figheight())
    data = map_data(places, events, locations=locations, event_id=event_id, show_attacks_on_us=show_attacks_on_us,
                    articles=articles, aspect=aspect)
    x0, y0, x1, y1 = data.extent

    country_texts = _draw_countries(ax, data)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / max(math.cos(math.radians((y0 + y1) / 2)), 0.1))
    _degrees(ax)
    fig.draw_without_rendering()  # fixes the aspect, so pixel positions below are right
    markers = _draw_markers(ax, data, fig.dpi)
    scale_bar(ax)
    _north_arrow(ax)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    furniture = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() in ("scalebar", "north")]
    furniture += [p.get_window_extent(renderer) for p in ax.patches if p.get_gid() == "scalebar-bg"]
    if not own_layout:
        inset = ax.inset_axes([0.68, 0.68, 0.3, 0.3])
        _locator(inset, data.extent)
        fig.draw_without_rendering()
        furniture.append(inset.get_window_extent(renderer))
    unlabelled = _draw_labels(fig, ax, data, markers, furniture, country_texts)
    if data.points.empty and data.shaded.empty:  # say so, rather than leave an empty map to be misread
        ax.text(0.5, 0.5, "No strike or attack site located in these articles", transform=ax.transAxes,
                ha="center", va="center", fontsize=12, color="#333", zorder=9, gid="empty", path_effects=_halo(4))

    heading = title or "Where the articles place the US strikes" + \
        (" and the attacks on US forces" if show_attacks_on_us else "")
    footer = _footer(data, unlabelled)
    if own_layout:
        _side_panel(fig, side, data)
        fig.text(0.05, 0.955, _plain(heading), fontsize=15, fontweight="bold", ha="left")
        fig.text(0.05, 0.925, _plain(f"Scope: {data.scope}"), fontsize=10.5, color="#444", ha="left")
        for i, line in enumerate(footer):
            fig.text(0.05, 0.085 - i * 0.02, line, fontsize=8, color="#555", ha="left",
                     gid="source" if i == 0 else "footer")
    else:
        role_handles, event_handles = _legend_handles(data)
        if role_handles or event_handles:
            ax.legend(handles=role_handles + event_handles, loc="lower right", fontsize=7, framealpha=0.9,
                      handler_map=RING_HANDLER)
        ax.set_title(_plain(f"{heading}\nScope: {data.scope}"), fontsize=10)
        ax.annotate("\n".join(footer), (0, -0.08), xycoords="axes fraction", fontsize=7, color="#555",
                    va="top", gid="source")
    return fig


# --------------------------------------------------------------------------- the PNG a report carries

def png_bytes(fig, dpi: float | None = None) -> bytes:
    """The figure as a PNG of 256 colours — about a third of the full-colour file, so a report stays light.

    The palette holds every colour that carries meaning exactly (each event's, the land, sea and border
    colours, black, white, the greys of unknown and several events) and the image's own most common
    colours besides (for the anti-aliased edges); each pixel takes the nearest palette colour, computed
    exactly (Pillow's own palette matching rounds), so a meaning colour is never shifted to a neighbour's."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi)
    image = Image.open(buf).convert("RGB")
    exact = [*EVENT_PALETTE, NO_EVENT_COLOUR, SEVERAL_COLOUR, LAND, SEA, BORDER, "#000000", "#ffffff", "#111111",
             "#222222", "#333333", "#444444", "#555555", "#888888", "#C00000", "#8a857b", "#bbbbbb"]
    fixed = [[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in dict.fromkeys(c.lower() for c in exact)]
    common = image.reduce(2).quantize(colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT,
                                      dither=Image.Dither.NONE)
    palette = np.array(fixed + np.reshape(common.getpalette()[:3 * (256 - len(fixed))], (-1, 3)).tolist(),
                       dtype=np.int32)
    pixels = np.asarray(image, dtype=np.int32)
    packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    colours, inverse = np.unique(packed.ravel(), return_inverse=True)
    rgb = np.stack([(colours >> 16) & 255, (colours >> 8) & 255, colours & 255], axis=1)
    nearest = np.concatenate([((rgb[k:k + 4096, None, :] - palette[None, :, :]) ** 2).sum(-1).argmin(1)
                              for k in range(0, len(rgb), 4096)]).astype(np.uint8)
    out = Image.fromarray(nearest[inverse].reshape(packed.shape), mode="P")
    out.putpalette(palette.astype(np.uint8).ravel().tolist())
    data = io.BytesIO()
    out.save(data, format="PNG", optimize=True)
    return data.getvalue()


def show(fig):
    """Display the map in a notebook as that light PNG (IPython Image), and close the figure so the inline
    backend does not show it a second time in full colour."""
    from IPython.display import Image

    data = png_bytes(fig)
    plt.close(fig)
    return Image(data=data, format="png")
