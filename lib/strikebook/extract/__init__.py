"""The extract stage: one parse per article, one module per table; every row keeps its provenance
(article_id, start, end into the original text, and the sentence).

Tables: `sentences`, `quotes`, `casualties`, `figures`, `places`, `entities`, `dates` (per article), and
`articles.event_id` and `events` (across articles). Modules:
- `parse`: the one spaCy pipeline (model, line-break rule, places ruler, name tagger), long texts in pieces;
- `context`: what an extractor sees of one article;
- `entities`, `quotes`, `casualties`, `places`, `dates`, `events`, `victims`: the extractors and the
  one victim classifier;
- `work`: one article in, its rows out (isolated, cached); `schedule`: where that work runs (this process,
  local workers, Dask); `pipeline`: the whole case into `Tables` (`extract_case`).
"""
