"""The reference stage: what strikebook knows before reading any article, from `data/reference/` (each row
with its public source) and GeoNames.

Modules:
- `tables`: the reference CSVs (people and their roles over time, groups, curated places, aliases, events,
  periods, first-level regions), loaded once;
- `names`: the one name matcher — people and organisations by any spelling (`NameIndex`, `name_regex`);
- `gazetteer`: the place gazetteer — every place name locatable offline (`geocode`, `get_gazetteer`);
- `place_sources`: the extra place sources the gazetteer indexes (first-level regions, airfields) and the
  world basemap.
"""
