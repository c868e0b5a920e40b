"""The extraction pipeline: files → per-article rows (isolated, cached, parallel) → cross-article steps → tables.

Each extractor is a plain function `extract_x(ctx) -> list[dict]` over one `ArticleContext`
(`extract.context`); `extract.work` runs them on one article, `extract.schedule` runs articles in worker
processes or on Dask, and this module joins the rows into the documented tables (`schema.COLUMNS`), then runs
what needs every article at once: clustering strikes the reference does not know, the events table, the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from strikebook.extract.context import ArticleContext  # noqa: F401 (extractors' context, re-exported)
from strikebook.ingest.corpus import (  # noqa: F401
    DEFAULT_MAX_BYTES,
    Corpus,
    articles_frame,
    case_inputs,
    load_corpus,
    segments_frame,
)
from strikebook.records import Article, Problem
from strikebook.schema import COLUMNS


@dataclass
class Tables:
    """The extraction result: one DataFrame per table of `schema.COLUMNS` (places is a GeoDataFrame)."""

    articles: pd.DataFrame
    segments: pd.DataFrame
    quotes: pd.DataFrame
    casualties: pd.DataFrame
    figures: pd.DataFrame
    places: pd.DataFrame
    entities: pd.DataFrame
    dates: pd.DataFrame
    events: pd.DataFrame
    flags: pd.DataFrame
    sentences: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS["sentences"]))
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # article_id -> original text

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in COLUMNS}

    def write(self, out_dir, written: list | None = None) -> list[Path]:
        """Write every table as UTF-8 CSV (and places.geojson) into out_dir; returns the paths (appended to
        `written` as they are done, so an interrupted write can say what it kept)."""
        from strikebook.store.tables import write_tables

        return write_tables(self, Path(out_dir), written)


def _sort_key(value):
    """Sort key that orders numbers numerically and puts missing values last, like pandas would."""
    if value is None or (isinstance(value, float) and value != value):
        return (2, 0, "")
    if isinstance(value, int | float):
        return (0, value, "")
    return (1, 0, str(value))


def frame(rows: list[dict], table: str) -> pd.DataFrame:
    """Rows → DataFrame with the contract's columns first (extra columns kept after), stably sorted.

    Rows are sorted as plain Python records before the DataFrame is built (several times faster than
    `sort_values` on small frames, which this is called on eight times per extraction)."""
    cols = COLUMNS[table]
    order = ("event_id", "date") if table == "events" else ("article_id", "start", "end", "kind", "name")
    keys = [k for k in order if k in cols]
    rows = sorted(rows, key=lambda r: tuple(_sort_key(r.get(k)) for k in keys))
    extra = list(dict.fromkeys(c for r in rows for c in r if c not in cols))
    return pd.DataFrame.from_records(rows, columns=cols + extra) if rows else pd.DataFrame(columns=cols)


def extract_case(paths=None, *, corpus: Corpus | None = None, checks: bool = True, jobs: int | None = None,
                 scheduler: str = "local", dask_address: str | None = None, cache: bool = True,
                 progress: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> Tables:
    """Run the whole pipeline on files/folders (default `data/articles`), or on an already loaded corpus.

    Per article (isolated, cached, in parallel — `extract.work`, `extract.schedule`): read, decode, segment,
    parse, extract. `jobs`: worker processes (None: every core; 1: this process); `scheduler`: "local" or
    "dask" (`dask_address` of an existing scheduler, else a LocalCluster of `jobs` workers); `cache`: read and
    write the per-article cache (`store.cache`, kind `articles`). Across articles (always recomputed from the
    rows): clustering of strikes the reference does not know, the events table, the checks; the few undated
    articles whose event, read alone, the case overrules are extracted again for the case's event (cached
    too: `events.event_redo`). Every problem —
    a file that could not be read, an article whose extraction failed — is in `Tables.problems`, one line
    naming the file; the other articles are kept. Tables are the same whatever `jobs` and `scheduler`.
    """
    from strikebook.extract.schedule import Workers, default_jobs

    problems: list[Problem] = []
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    with Workers(jobs, scheduler, dask_address) as workers:
        return _extract_case(paths, corpus, workers, problems, checks, cache, progress, max_bytes)


def _extract_case(paths, corpus, workers, problems: list[Problem], checks: bool, cache: bool, progress: bool,
                  max_bytes: int) -> Tables:
    from strikebook.extract import events, places
    from strikebook.extract.work import ArticleResult, for_event, items_for
    from strikebook.reference.tables import load_reference
    from strikebook.store.cache import Cache

    if corpus is not None:  # already loaded: parse and extract in this process, no cache
        problems += corpus.problems
        results = _extract_loaded(corpus.articles)
        problems += [r for r in results if isinstance(r, Problem)]
        results = [r for r in results if isinstance(r, ArticleResult)]
    else:
        inputs = case_inputs(paths, problems)
        items = items_for(inputs, max_bytes, problems)
        # the whole case as last extracted from exactly these articles (a rerun with nothing changed); its
        # cross-article steps are a function of the articles' rows, so one changed article recomputes them
        cases, whole = Cache("cases", enabled=cache), _whole_case_key(items, problems, checks)
        tables = cases.get(whole)
        if isinstance(tables, Tables):
            return tables
        store = Cache("articles", enabled=cache)
        results = _run_items(items, store, problems, workers, max_bytes=max_bytes, progress=progress)
    results.sort(key=lambda r: r.article.article_id)
    problems.sort(key=lambda p: p.path)
    articles = [r.article for r in results]
    ref = load_reference()
    # strikes the reference does not know are clustered across the case (from the profiles the workers read)
    own = {r.article.article_id: r.event_id for r in results}
    profiles = {r.article.article_id: r.profile for r in results if r.profile is not None}
    article_events = events.cluster_events(own, articles, ref, profiles)
    # an undated article whose event, guessed alone, the case overrules dated its facts against the guess:
    # it is extracted again for the case's event (a few articles; their rows replace the first reading's)
    redo = events.event_redo(own, articles, ref, profiles)
    if redo:
        if corpus is not None:
            again = _extract_loaded([r.article for r in results if r.article.article_id in redo], redo)
        else:
            by_id = {item.article_id: item for item in items}
            # on the workers that read the articles (their pipeline already loaded), else here
            again = _run_items([for_event(by_id[aid], ev, max_bytes) for aid, ev in sorted(redo.items())],
                               store, [], workers, max_bytes=max_bytes)
        fresh = {r.article.article_id: r for r in again if isinstance(r, ArticleResult)}
        results = [fresh.get(r.article.article_id, r) for r in results]
        redo = {aid: ev for aid, ev in redo.items() if aid in fresh}
    workers.close()  # the per-article work is done: the rest reads rows
    rows: dict[str, list[dict]] = {}
    for r in results:
        for table, trows in r.rows.items():
            rows.setdefault(table, []).extend(trows)
    # every fact an article dated to its own provisional event, or to the attack that answered, follows it;
    # an article extracted again for the case's event only has the answered attack to follow
    remap = events.event_remap(own, articles, ref, profiles)
    for aid in redo:
        remap[aid] = {k: v for k, v in remap.get(aid, {}).items() if events.is_provisional(k)}
    for table in ("dates", "casualties", "places"):
        for row in rows.get(table, []):
            mapping = remap.get(row.get("article_id"), {})
            if row.get("event_id") in mapping:
                row["event_id"] = mapping[row["event_id"]]
    # an undated article with a provisional event takes the years and weeks of its dates from the case
    dated = events.case_dates(own, article_events, articles, ref)
    if dated:
        rows["dates"] = [r for r in rows.get("dates", []) if r.get("article_id") not in dated]
        rows["dates"] += [r for aid in sorted(dated) for r in dated[aid]]
    arts = articles_frame(articles)
    arts["event_id"] = arts["article_id"].map(article_events).fillna("")
    tables = Tables(
        articles=arts,
        segments=segments_frame(articles),
        sentences=frame(rows.get("sentences", []), "sentences"),
        quotes=frame(rows.get("quotes", []), "quotes"),
        casualties=frame(rows.get("casualties", []), "casualties"),
        figures=frame(rows.get("figures", []), "figures"),
        places=places.to_geoframe(frame(rows.get("places", []), "places")),
        entities=frame(rows.get("entities", []), "entities"),
        dates=frame(rows.get("dates", []), "dates"),
        events=frame(events.events_table(ref, article_events, articles, places=rows.get("places", []),
                                         dates=rows.get("dates", [])), "events"),
        flags=frame([], "flags"),
        problems=problems,
        texts={a.article_id: a.text for a in articles},
    )
    if checks:
        from strikebook.verify.run import run_checks

        tables.flags = frame(run_checks(tables, ref), "flags")
    if corpus is None and cache:
        cases.put(whole, tables)
    return tables


def _whole_case_key(items, problems: list[Problem], checks: bool) -> str:
    """What a whole case's tables depend on: every article's key (bytes, manifest row, code, model, reference)
    and path, the inputs that could not be read, and whether the checks ran."""
    from strikebook.store.cache import digest

    return digest("whole case", str(checks), *(f"{it.path}\0{it.key}" for it in items),
                  *(f"{p.path}\0{p.message}" for p in problems))


def _run_items(items, store, problems: list[Problem], workers, *, max_bytes: int, progress: bool = False) -> list:
    """The results of the work items: read from the cache, else extracted (on the `workers` when there are
    enough to pay for starting them, or they are running already) and cached; items that fail go to
    `problems`."""
    from strikebook.extract.schedule import batches
    from strikebook.extract.work import ArticleResult

    results, todo = [], []
    for item in items:
        hit = store.get(item.key)
        if isinstance(hit, ArticleResult):
            hit.article.path = Path(item.path)  # the same bytes may sit at another path
            results.append(hit)
        else:
            todo.append(item)
    bar = _progress(len(items), len(results), progress)
    groups = batches(todo)
    try:
        serial = not workers.started and len(todo) < 2 * workers.jobs  # a few do not pay for starting workers
        for i, res in workers.run(groups, max_bytes=max_bytes, serial=serial, done=bar.update):
            for item, r in zip(groups[i], res, strict=True):
                if isinstance(r, ArticleResult):
                    store.put(item.key, r)
                    results.append(r)
                else:
                    problems.append(r)
    finally:
        bar.close()
    return results


def _extract_loaded(articles: list[Article], event_ids: dict[str, str] | None = None) -> list:
    """Parse and extract articles already loaded (the Python API's `corpus=`), one guard per article;
    `event_ids`: article_id → the event to extract its facts for (see `work.extract_rows`)."""
    from strikebook.extract.parse import get_nlp, parse_texts
    from strikebook.extract.work import _reason, extract_rows
    from strikebook.reference.tables import load_reference

    nlp, ref, out = get_nlp(), load_reference(), []
    for article, doc in zip(articles, parse_texts([a.text for a in articles], nlp), strict=True):
        try:
            if isinstance(doc, BaseException):
                raise doc
            out.append(extract_rows(article, doc, ref, (event_ids or {}).get(article.article_id, "")))
        except Exception as exc:  # noqa: BLE001 - one article never takes the case down
            out.append(Problem(str(article.path), _reason(exc)))
    return out


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, cached: int, show: bool):
    """A tqdm bar on stderr when asked and stderr is a terminal (quiet otherwise)."""
    import sys

    if not show or not total or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, initial=cached, unit="article", desc="extract", file=sys.stderr, leave=False)
