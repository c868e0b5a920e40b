"""The extraction pipeline: load → segment → parse once → extract → check → tables.

Each extractor is a plain function `extract_x(ctx) -> list[dict]` over one `ArticleContext`; this module
only runs them in order, attaches provenance checks and turns the rows into the documented tables
(`schema.COLUMNS`). One spaCy parse per article is shared by every extractor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from strikebook.ingest.corpus import Corpus, load_corpus
from strikebook.records import ARTICLE_KINDS, Article, Problem
from strikebook.schema import COLUMNS
from strikebook.text.sentences import sentence_bounds


@dataclass
class ArticleContext:
    """Everything an extractor may look at for one article."""

    article: Article
    doc: object  # spacy.tokens.Doc over article.text (so token offsets are original offsets)
    ref: object  # reference.Reference
    event_id: str = ""  # the US strike the article mainly reports ('' when unresolved)

    @property
    def text(self) -> str:
        return self.article.text

    def sentences(self, kinds=ARTICLE_KINDS) -> Iterator:
        """spaCy sentences that overlap segments of the given kinds (default: the article's own words).

        Overlap, not start: a title that shares its line with a date header starts inside the `date`
        segment but is still the article's own words."""
        spans = self.article.spans(kinds)
        for sent in self.doc.sents:
            if any(s < sent.end_char and sent.start_char < e for s, e in spans):
                yield sent

    def sentence_at(self, start: int, end: int | None = None):
        """The sentence holding a character offset."""
        span = self.doc.char_span(start, end or start + 1, alignment_mode="expand")
        return span.sent if span is not None else None


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

    def write(self, out_dir) -> list[Path]:
        """Write every table as UTF-8 CSV (and places.geojson) into out_dir; returns the paths."""
        from strikebook.store.tables import write_tables

        return write_tables(self, Path(out_dir))


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


def extract_case(paths=None, *, corpus: Corpus | None = None, checks: bool = True, **load_kwargs) -> Tables:
    """Run the whole pipeline on files/folders (default `data/articles`) or an already loaded corpus."""
    from strikebook.extract import casualties, entities, events, places, quotes
    from strikebook.extract import parse as nlp
    from strikebook.reference import tables as reference

    corpus = corpus if corpus is not None else load_corpus(paths, **load_kwargs)
    ref = reference.load_reference()
    pipeline = nlp.get_nlp()
    rows: dict[str, list[dict]] = {k: [] for k in ("sentences", "quotes", "casualties", "figures", "places",
                                                   "entities", "dates")}
    article_events: dict[str, str] = {}
    docs = nlp.parse([a.text for a in corpus.articles], pipeline)
    for article, doc in zip(corpus.articles, docs, strict=True):
        article.sentences = sentence_bounds(doc)
        ctx = ArticleContext(article=article, doc=doc, ref=ref)
        rows["sentences"] += [{"article_id": article.article_id, "start": s, "end": e}
                              for s, e in article.sentences]
        ctx.event_id = events.article_event(ctx)
        article_events[article.article_id] = ctx.event_id
        rows["dates"] += events.extract_dates(ctx)
        rows["entities"] += entities.extract_entities(ctx)
        rows["quotes"] += quotes.extract_quotes(ctx)
        rows["casualties"] += casualties.extract_casualties(ctx)
        rows["figures"] += casualties.extract_figures(ctx)
        rows["places"] += places.extract_places(ctx)
    # strikes that match no reference event are merged across articles by date (and place) clustering; the
    # facts extracted for an article's own strike (or a provisional one) follow it to the clustered event
    remap = events.event_remap(article_events, corpus.articles, ref)
    for table in ("dates", "casualties"):
        for row in rows[table]:
            row["event_id"] = remap.get(row["article_id"], {}).get(row["event_id"], row["event_id"])
    article_events = events.cluster_events(article_events, corpus.articles, ref)
    articles = corpus.articles_frame()
    articles["event_id"] = articles["article_id"].map(article_events).fillna("")
    tables = Tables(
        articles=articles,
        segments=corpus.segments_frame(),
        sentences=frame(rows["sentences"], "sentences"),
        quotes=frame(rows["quotes"], "quotes"),
        casualties=frame(rows["casualties"], "casualties"),
        figures=frame(rows["figures"], "figures"),
        places=places.to_geoframe(frame(rows["places"], "places")),
        entities=frame(rows["entities"], "entities"),
        dates=frame(rows["dates"], "dates"),
        events=frame(events.events_table(ref, article_events, corpus.articles), "events"),
        flags=frame([], "flags"),
        problems=list(corpus.problems),
        texts={a.article_id: a.text for a in corpus.articles},
    )
    if checks:
        from strikebook.verify.run import run_checks

        tables.flags = frame(run_checks(tables, ref), "flags")
    return tables
