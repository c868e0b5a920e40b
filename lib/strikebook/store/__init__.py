"""The store stage: tables in and out, and the one cache.

Modules:
- `tables`: the tables as UTF-8 CSV (byte-identical across runs) and places.geojson, and reading them back;
- `files`: the one atomic writer, and the rule that outputs never go into the case folder;
- `cache`: the one cache — content-addressed pickles in STRIKEBOOK_CACHE (the gazetteer index, each article's
  rows, each case's tables);
- `case`: the case as notebooks see it (`load_case`: extracted once, cached, pinned for a report run).
"""
