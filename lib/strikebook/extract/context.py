"""What an extractor may look at for one article: the article, its one parse, the reference tables, its event.

Why a context object: every extractor is a plain function `extract_x(ctx) -> rows` over the same parse, so an
article is parsed once however many tables it feeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from strikebook.records import ARTICLE_KINDS, Article


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
        spans = sorted(self.article.spans(kinds))
        k = 0
        for sent in self.doc.sents:  # one walk over both sorted lists: linear in the article's length
            while k < len(spans) and spans[k][1] <= sent.start_char:
                k += 1
            if k < len(spans) and spans[k][0] < sent.end_char:
                yield sent

    def sentence_at(self, start: int, end: int | None = None):
        """The sentence holding a character offset."""
        span = self.doc.char_span(start, end or start + 1, alignment_mode="expand")
        return span.sent if span is not None else None
