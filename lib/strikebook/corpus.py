"""FIRST CUT (to be replaced by the corpus helper): load articles from files and folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .model import Article, Problem, Segment

DEFAULT_MAX_BYTES = 5_000_000
ARTICLE_COLUMNS = ["article_id", "path", "title", "outlet", "published", "language", "encoding", "chars",
                   "words", "event_id"]
SEGMENT_COLUMNS = ["article_id", "kind", "start", "end", "text"]


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def articles_frame(self) -> pd.DataFrame:
        rows = [{"article_id": a.article_id, "path": str(a.path), "title": a.title, "outlet": a.outlet,
                 "published": a.published, "language": a.language, "encoding": a.encoding,
                 "chars": len(a.text), "words": len(a.text.split()), "event_id": ""} for a in self.articles]
        return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)

    def segments_frame(self) -> pd.DataFrame:
        rows = [{"article_id": a.article_id, "kind": s.kind, "start": s.start, "end": s.end,
                 "text": a.text[s.start:s.end]} for a in self.articles for s in a.segments]
        return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def load_corpus(paths=None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    paths = [Path(p) for p in (paths or ["data/articles"])]
    corpus = Corpus()
    for p in paths:
        files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
        for f in files:
            text = f.read_bytes().decode("utf-8-sig")
            title = text.strip().splitlines()[0] if text.strip() else ""
            corpus.articles.append(Article(article_id=f.stem, path=f, text=text, title=title,
                                           segments=[Segment("body", 0, len(text))]))
    return corpus
