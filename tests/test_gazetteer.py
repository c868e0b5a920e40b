"""The gazetteer deep enough for strike sites anywhere (issue 10): GeoNames cities500, first-level regions,
airfields, curated sites, and namesakes ranked by context.

Expected positions are public facts (GeoNames, Wikipedia, the airport reference points), independent of the
files under test.
"""

from __future__ import annotations

import math

import pytest

from strikebook.reference import gazetteer

BAQUBAH = (33.75, 44.61)  # Diyala's capital, GeoNames
MOSUL_AIRPORT = (36.306, 43.147)  # Wikipedia, Mosul International Airport
ASH_SHADDADAH = (36.058, 40.735)  # GeoNames 172837
HAMA = (35.13, 36.75)  # GeoNames


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_the_index_holds_villages_regions_and_airfields():
    gaz = gazetteer.get_gazetteer()
    tiers = {gaz.tier(gaz.row(i)) for i in range(0, len(gaz.rows), 97)}
    assert {"town", "village", "region"} <= tiers
    assert len(gaz.rows) > 230_000


def test_a_first_level_region_has_its_point():
    hit = gazetteer.geocode("Diyala Governorate", ["Iraq"])
    assert hit["precision"] == "region" and hit["country"] == "Iraq"
    assert km(hit["lat"], hit["lon"], *BAQUBAH) < 60
    bare = gazetteer.geocode("Diyala", ["Iraq"])  # no town bears the name: the region
    assert bare["precision"] == "region"


def test_a_town_outranks_the_region_named_after_it():
    assert gazetteer.geocode("Najaf", ["Iraq"])["precision"] == "town"
    assert gazetteer.geocode("Erbil", ["Iraq"])["precision"] == "town"


def test_a_village_in_a_country_the_text_names():
    hit = gazetteer.geocode("Ash Shaddadah", ["Syria"])
    assert hit["precision"] == "town" and km(hit["lat"], hit["lon"], *ASH_SHADDADAH) < 5
    assert gazetteer.geocode("Shaddadi", ["Syria"])["name"] == "Ash Shaddadah"  # aliases.csv


def test_a_village_elsewhere_is_no_candidate_when_the_text_names_countries():
    """'Taji' is a village in China in cities500; in a text about Iraq it is not that village."""
    assert gazetteer.geocode("Taji", ["Iraq"]) is None


def test_an_arabic_article_form_competes_with_the_bare_name():
    hit = gazetteer.geocode("Qaim", ["Iraq"])
    assert hit["country"] == "Iraq" and hit["precision"] == "town"


def test_airfields_by_names_that_say_so():
    pytest.importorskip("airportsdata")
    hit = gazetteer.geocode("Mosul airport", ["Iraq"])
    assert hit["precision"] == "site" and km(hit["lat"], hit["lon"], *MOSUL_AIRPORT) < 5
    town = gazetteer.geocode("Hama", ["Syria"])  # a town's bare name never lands on its airstrip
    assert town["precision"] == "town" and km(town["lat"], town["lon"], *HAMA) < 10


def test_an_airfields_near_namesake_abroad_is_not_a_spelling_variant():
    pytest.importorskip("airportsdata")
    assert gazetteer.geocode("Kabala airport")["country"] == "Sierra Leone"  # airportsdata, exact
    assert gazetteer.geocode("Kabalah airport") is None  # a spelling variant of it is not accepted abroad
    assert gazetteer.geocode("Kabalah airport", ["Iraq"]) is None


def test_an_alternate_spelling_abroad_is_not_the_place_in_running_text():
    gaz = gazetteer.get_gazetteer()
    assert gaz.lookup("Maysalun", ("Syria",), fuzzy_in_context=True) is None  # Maythalun is in the West Bank
    assert gaz.lookup("Maysalun")["name"] == "Maythalun"  # without a text, the alternate name still serves


def test_curated_rows_win_over_airfields():
    hit = gazetteer.geocode("Shayrat air base")
    assert hit["source"].startswith("https://en.wikipedia.org/")  # places.csv, not airportsdata


def test_the_index_key_ignores_extraction_code(tmp_path, monkeypatch):
    """Changing an extractor must not rebuild the 235,000-place index: its key covers only the code that
    shapes it (gazetteer, place sources, folding, cache format)."""
    from strikebook.store import cache

    ref_dir = gazetteer.data_dir() / "reference"
    key = gazetteer._index_key(ref_dir)
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the package")
    assert gazetteer._index_key(ref_dir) == key


def test_the_index_is_compact():
    """Keys naming one place map to the bare row number (half the objects to unpickle)."""
    gaz = gazetteer.get_gazetteer()
    assert isinstance(gaz.exact["mosul"], int | tuple)
    ints = sum(isinstance(v, int) for v in list(gaz.exact.values())[:10_000])
    assert ints > 8_000


def test_a_name_with_its_article_finds_the_place_named_with_another_form_of_it():
    # GeoNames 'Ad Dumayr' (alternate 'Al-Dumayr'): 'al-Dumayr', 'Dumayr' and 'Ad Dumayr' are one town
    for name in ("al-Dumayr", "Dumayr", "Ad Dumayr"):
        hit = gazetteer.geocode(name, ("Syria",))
        assert hit is not None and hit["name"] == "Ad Dumayr", name


def test_a_curated_site_is_found_by_its_name_without_the_site_word_unless_a_town_has_it():
    hit = gazetteer.geocode("Shayrat", ("Syria",))
    assert hit is not None and hit["precision"] == "site" and hit["match"] == "alternate"
    assert gazetteer.geocode("Balad", ("Iraq",))["precision"] == "town"  # the town, not Balad Air Base
