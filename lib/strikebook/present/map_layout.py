"""Where markers and labels go on a map, in pixels: shared by the static and the interactive map.

Why its own module: both maps must keep markers from hiding each other and labels off markers, each
other and the map's furniture, and a case of a thousand articles puts hundreds of places on one map. The
geometry here knows nothing of matplotlib or SVG: boxes are (x0, y0, x1, y1) in pixels with y up, so
each map measures its own text and converts its own coordinates.

- `spread_markers`: one marker per (place, event) side by side, then nearby places' markers pushed apart
  (deterministic, a k-d tree finds the close pairs, so it stays fast with many markers);
- `label_priority`: which places get a permanent label when there are too many to label them all;
- `place_labels`: the cartographic 8-position placement at growing distances.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from scipy.spatial import cKDTree

from strikebook.present.locations import PRECISION_RANK, ROLE_ORDER

Box = tuple[float, float, float, float]

#: Where a label may go around its point, in order of preference (cartographic convention: right first).
LABEL_SLOTS = [(1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1)]
#: at most this many places get a permanent label; the others are named on hover and in the table
MAX_LABELS = 30
#: a place struck in more events than this gets one "several events" marker instead of one per event
MAX_MARKERS_PER_PLACE = 3
SEVERAL = "several"
#: with more markers than this the map is dense: markers stay on their places (pushing hundreds apart
#: only moves them away from where they belong) and labels that find no free position are left out
DENSE = 250
#: markers (and rings) of a dense map are drawn this much smaller (area factor), so places stay apart
DENSE_SCALE = 0.3


def overlaps(a: Box, b: Box, pad: float = 0.0) -> bool:
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1])


def spread_markers(items: list[dict], iterations: int = 120) -> list[dict]:
    """Marker centres for places given as {'px', 'py', 'r', 'events': [...]} (pixel centre, marker radius,
    one marker per event, or one SEVERAL marker past MAX_MARKERS_PER_PLACE). Returns one dict per marker:
    loc (index into items), event, hx/hy (home: its slot beside its place), px/py (where it is drawn),
    moved (pushed away from its place). Past DENSE markers nothing is pushed."""
    rows = []
    for k, it in enumerate(items):
        evs = list(it["events"]) or [""]
        if len(evs) > MAX_MARKERS_PER_PLACE:
            evs = [SEVERAL]
        for i, e in enumerate(evs):
            hx = it["px"] + (i - (len(evs) - 1) / 2) * it["r"] * 1.7
            rows.append({"loc": k, "event": e, "r": it["r"], "hx": hx, "hy": it["py"], "px": hx, "py": it["py"]})
    if len(rows) <= DENSE:
        _declutter(rows, iterations)
    for m in rows:
        m["moved"] = math.hypot(m["px"] - m["hx"], m["py"] - m["hy"]) > 0.6 * m["r"]
    return rows


def marker_count(event_lists) -> int:
    """How many markers places with these marker events get (one per event, one past the maximum)."""
    return sum(1 if len(evs) > MAX_MARKERS_PER_PLACE else max(len(evs), 1) for evs in event_lists)


def marker_scale(event_lists) -> float:
    """Area factor of the markers: 1, or DENSE_SCALE when the map is dense (more than DENSE markers)."""
    return DENSE_SCALE if marker_count(event_lists) > DENSE else 1.0


def _declutter(rows: list[dict], iterations: int) -> None:
    """Push overlapping markers of *different* places apart so none hides another; markers of one place
    keep their side-by-side order. Deterministic: no randomness, fixed iterations."""
    if len(rows) < 2:
        return
    reach = 2 * 0.85 * max(m["r"] for m in rows)
    for _ in range(iterations):
        xy = np.array([(m["px"], m["py"]) for m in rows])
        moved = False
        for i, j in sorted(cKDTree(xy).query_pairs(reach)):
            a, b = rows[i], rows[j]
            need = 0.85 * (a["r"] + b["r"])
            dx, dy = b["px"] - a["px"], b["py"] - a["py"]
            d = math.hypot(dx, dy)
            if d >= need or (a["loc"] == b["loc"] and d > 0.5 * need):
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


def label_priority(requested, roles, precisions, n_articles, names) -> list[int]:
    """Indices of places in labelling order: asked-for places, strike sites, attacks, others; within each,
    places named by more articles and more precise first, then by name (stable across runs)."""
    def key(i):
        return (0 if requested[i] else 1, ROLE_ORDER.index(roles[i]) if roles[i] in ROLE_ORDER else 9,
                -int(n_articles[i] or 0), PRECISION_RANK.get(precisions[i], 6), names[i])

    return sorted(range(len(names)), key=key)


def place_labels(anchors: list[tuple[float, float, float]], sizes: list[tuple[float, float]],
                 obstacles: list[Box], frame: Box, soft: list[Box] = ()) -> list[tuple[Box, int, int] | None]:
    """Greedy placement: for each label (in the order given), try the 8 positions around its point at
    growing distances and keep the first that stays in `frame` and overlaps no placed label and no
    obstacle (markers, scale bar…); `soft` obstacles (country names) are avoided when possible.

    anchors: (x, y, radius) of each point in pixels; sizes: (width, height) of each label. Returns per
    label (box, sx, sy) — sx/sy the slot's direction (−1, 0, 1): the text is left-aligned for sx=1,
    bottom-aligned for sy=1 — or None when no free position was found. Obstacles are looked up in an
    R-tree, so thousands of markers cost little."""
    hard = _Boxes(obstacles)
    softs = _Boxes(soft)
    placed: list[Box] = []
    out: list[tuple[Box, int, int] | None] = []
    for (x, y, radius), (w, h) in zip(anchors, sizes, strict=True):
        choice = None
        for use_soft in (True, False):
            for dist in (radius + 3, radius + 14, radius + 30, radius + 50, radius + 75):
                for sx, sy in LABEL_SLOTS:
                    d = dist if sy == 0 or sx == 0 else dist * 0.72
                    ax, ay = x + sx * d, y + sy * d
                    x0 = ax if sx == 1 else ax - w if sx == -1 else ax - w / 2
                    y0 = ay if sy == 1 else ay - h if sy == -1 else ay - h / 2
                    box = (x0, y0, x0 + w, y0 + h)
                    inside = box[0] >= frame[0] and box[2] <= frame[2] and box[1] >= frame[1] and box[3] <= frame[3]
                    if inside and not hard.hits(box, 2) and not (use_soft and softs.hits(box, 2)) \
                            and not any(overlaps(box, b, pad=2) for b in placed):
                        choice = (box, sx, sy)
                        break
                if choice:
                    break
            if choice:
                break
        if choice:
            placed.append(choice[0])
        out.append(choice)
    return out


class _Boxes:
    """Boxes to test a candidate against, in an R-tree (shapely's STRtree)."""

    def __init__(self, boxes):
        self.boxes = [tuple(b) for b in boxes]
        self.tree = shapely.STRtree([shapely.box(*b) for b in self.boxes]) if self.boxes else None

    def hits(self, box: Box, pad: float) -> bool:
        if self.tree is None:
            return False
        near = self.tree.query(shapely.box(box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
        return any(overlaps(box, self.boxes[i], pad) for i in near)
