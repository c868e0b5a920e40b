"""The verify stage: where the reports do not add up, flagged with the words that show it.

It makes the `flags` table (`schema.COLUMNS["flags"]`: article_id, kind, severity, message, evidence, start,
end, related; `texts[article_id][start:end] == evidence`) from the extraction tables and the reference data in
`data/reference/`, never from a particular file, and compares quotes across outlets. Severities: `problem`
(the record contradicts the article), `warning` (needs a human look), `info` (what is or is not
corroborated). The checks are deliberately conservative: a handful of meaningful flags per article beats a
flood of trivia. No check compares every pair of quotes, figures or claims of the corpus: identical
quotes are one, candidates come from an index (`blocking`), figures are compared in sorted order, and the
cost follows the corpus and the flags (benchmarks/bench_verify.py).

Modules, one job each:
- `run`: `run_checks(tables, ref)` (every check, the `flags` rows), `KINDS`, `flags_summary`;
- `common`: the `Context` the checks share (texts, article dates and events, own-words spans, sentences,
  quote groups: read once per run) and flag construction;
- one module per check (flag kind): `anachronism` (anachronism), `figures` (conflicting_figures),
  `attribution` (conflicting_attribution), `corroboration`, `quote_drift`, `date_fit` (date_event_fit),
  `artefacts` (text_artefact);
- `conflict`: the one rule for when two reported figures cannot both be true (also used by the casualty
  chart);
- `quotecompare`: grouping the quotes of one statement (`StatementGraph`) and classifying their differences;
- `blocking`: which quotes are compared at all (shared word stems and runs, never all pairs);
- `align`: comparisons bounded in the length of a quote (difflib and rapidfuzz on quote-sized input, an
  anchored alignment of long statements), and `COUNTS`, the work done, for tests and benchmarks;
"""
