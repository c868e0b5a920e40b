"""One article in, its rows out: the unit of work that is isolated, cached and run in parallel.

Why a unit per article: everything the extractors compute from one article alone (its segments, its parse,
the rows of every table) depends only on that file's bytes, its manifest row, and the versions of what shapes
the result (the package's code, the spaCy model, the reference tables). So it can be

- **isolated**: any exception, or a limit hit, while reading, parsing or extracting one article skips that
  article with one line naming the file and the reason; every other article is kept;
- **cached** (`store.cache`, kind `articles`) under a digest of exactly those inputs: a warm rerun reads the
  rows back without loading spaCy, and a changed article, reference table or code version re-extracts exactly
  what it should;
- **run anywhere**: `process_batch` is a plain function of picklable inputs, so local worker processes or a
  Dask cluster run it the same way (`extract.schedule`).

Long articles are parsed in paragraph-sized pieces (`extract.parse.parse_text`), so spaCy's `max_length` is
never the reason an article fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

from strikebook.ingest.corpus import DEFAULT_MAX_BYTES, CaseInput, input_problem, load_article
from strikebook.records import Article, Problem

log = logging.getLogger(__name__)

#: the tables whose rows come from one article alone
ARTICLE_TABLES = ("sentences", "quotes", "casualties", "figures", "places", "entities", "dates")


@dataclass(frozen=True)
class WorkItem:
    """One article file to process: where it came from, its bytes, and its manifest row."""

    path: str
    article_id: str
    data: bytes
    manifest_row: dict | None = None
    key: str = ""  # its cache key (see `item_key`)
    event_id: str = ""  # the event to extract its facts for, when the case has settled it (else its own)


@dataclass
class ArticleResult:
    """What one article yields: the article (text, segments, sentences, metadata), its rows per table, and
    the event it mainly reports as read from the article alone (before cross-article clustering)."""

    article: Article
    rows: dict[str, list[dict]] = field(default_factory=dict)
    event_id: str = ""
    profile: object = None  # what clustering needs of the article (events.article_profile), read once here


# --------------------------------------------------------------------------------------------- versions

@lru_cache(maxsize=1)
def model_version() -> str:
    """The spaCy library and model versions, read from package metadata (no spaCy import)."""
    from importlib import metadata

    from strikebook.config import MODEL_NAMES

    parts = []
    for dist in ("spacy", *MODEL_NAMES, *(n.replace("_", "-") for n in MODEL_NAMES)):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            continue
    return ";".join(sorted(set(parts)))


@lru_cache(maxsize=1)
def versions() -> str:
    """Everything besides the file that shapes an article's rows: code, model, reference tables."""
    from strikebook.config import reference_dir
    from strikebook.store.cache import code_version, digest, folder_version

    return digest(code_version(), model_version(), folder_version(reference_dir()))


def item_key(path: str, data: bytes, manifest_row: dict | None, max_bytes: int = DEFAULT_MAX_BYTES,
             event_id: str = "") -> str:
    """The cache key of one article: its bytes, file name (the suffix decides HTML or text), manifest row and
    the versions of what shapes the result (and the event its facts were extracted for, when one was given)."""
    import json

    from strikebook.store.cache import digest

    row = json.dumps(manifest_row or {}, sort_keys=True, ensure_ascii=False)
    name = path.rsplit("/", 1)[-1]
    if event_id:
        return digest("article", versions(), name, row, max_bytes, data, "event", event_id)
    return digest("article", versions(), name, row, max_bytes, data)


def for_event(item: WorkItem, event_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> WorkItem:
    """The same article, to be extracted again for the event the case settled on (see `extract_rows`)."""
    from dataclasses import replace

    return replace(item, event_id=event_id,
                   key=item_key(item.path, item.data, item.manifest_row, max_bytes, event_id))


# --------------------------------------------------------------------------------------------- the work

def extract_rows(article: Article, doc, ref, event_id: str = "") -> ArticleResult:
    """Every extractor over one parsed article (`doc` is the parse of `article.text`). Its facts are dated
    and given events against the event it reports as read from its own words (`events.article_event`), or
    against `event_id` when given: the event the case settled on (`events.event_redo`)."""
    from strikebook.extract import casualties, entities, events, figures, places, quotes
    from strikebook.extract.context import ArticleContext
    from strikebook.text.sentences import sentence_bounds

    article.sentences = sentence_bounds(doc)
    ctx = ArticleContext(article=article, doc=doc, ref=ref)
    aid = article.article_id
    rows: dict[str, list[dict]] = {"sentences": [{"article_id": aid, "start": s, "end": e}
                                                 for s, e in article.sentences]}
    own = events.article_event(ctx)
    ctx.event_id = event_id or own
    rows["dates"] = events.extract_dates(ctx)
    rows["entities"] = entities.extract_entities(ctx)
    rows["quotes"] = quotes.extract_quotes(ctx)
    rows["casualties"] = casualties.extract_casualties(ctx)
    rows["figures"] = figures.extract_figures(ctx)
    rows["places"] = places.extract_places(ctx)
    return ArticleResult(article=article, rows=rows, event_id=own, profile=events.article_profile(ctx))


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:200] + "…"
    return f"extraction failed ({type(exc).__name__}: {text})" if text else f"extraction failed ({type(exc).__name__})"


def process_batch(items: list[WorkItem], max_bytes: int = DEFAULT_MAX_BYTES) -> list[ArticleResult | Problem]:
    """Load, parse and extract a batch of articles, one guard per article: the result for each item, in
    order, is its `ArticleResult` or the `Problem` that skipped it. Runs in any process (the spaCy pipeline,
    the reference tables and the gazetteer are loaded once per process)."""
    from strikebook.extract.parse import get_nlp, parse_texts
    from strikebook.reference.tables import load_reference

    out: list[ArticleResult | Problem | None] = [None] * len(items)
    loaded: list[tuple[int, Article]] = []
    for i, item in enumerate(items):
        try:
            article = load_article(_path(item.path), data=item.data, max_bytes=max_bytes,
                                   manifest_row=item.manifest_row)
            article.article_id = item.article_id
            loaded.append((i, article))
        except Exception as exc:  # noqa: BLE001 - one bad file never takes the case down
            out[i] = input_problem(item.path, exc)
    if loaded:
        nlp, ref = get_nlp(), load_reference()
        for (i, article), doc in zip(loaded, parse_texts([a.text for _, a in loaded], nlp), strict=True):
            item = items[i]
            try:
                if isinstance(doc, BaseException):
                    raise doc
                out[i] = extract_rows(article, doc, ref, item.event_id)
            except Exception as exc:  # noqa: BLE001 - isolate the article, keep the others
                log.debug("article %s failed", item.path, exc_info=True)
                out[i] = Problem(item.path, _reason(exc))
            finally:
                doc = None  # the Doc is never kept: memory stays flat over a large case
    return out  # type: ignore[return-value]


def _path(text: str):
    from pathlib import Path

    return Path(text)


def items_for(inputs: list[CaseInput], max_bytes: int, problems: list[Problem]) -> list[WorkItem]:
    """Read each input's bytes (stat first: a huge file is refused unread) into a work item with its key."""
    from strikebook.ingest.corpus import read_input

    items = []
    for inp in inputs:
        try:
            data = read_input(inp.path, max_bytes)
        except Exception as exc:  # noqa: BLE001
            problems.append(input_problem(inp.path, exc))
            continue
        items.append(WorkItem(path=str(inp.path), article_id=inp.article_id, data=data,
                              manifest_row=inp.manifest_row,
                              key=item_key(str(inp.path), data, inp.manifest_row, max_bytes)))
    return items
