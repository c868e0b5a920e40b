"""The records every stage passes along: articles, their segments, and the problems met on the way.

Why dataclasses: an `Article` keeps the original text untouched next to its metadata so that every
fact extracted later can point back into it with character offsets (`text[start:end]`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Segment kinds, in the order a reader meets them. Only `title` and `body` are the article's own words.
SEGMENT_KINDS = ("title", "date", "byline", "caption", "body", "comment", "boilerplate")
#: Kinds whose text is the article's own reporting, where facts are extracted from.
ARTICLE_KINDS = ("title", "body")


@dataclass(frozen=True)
class Segment:
    """A run of the original text of one kind; `text[start:end]` is its content."""

    kind: str
    start: int
    end: int


@dataclass
class Article:
    """One article as read from disk. `text` is the decoded original, never modified."""

    article_id: str
    path: Path
    text: str
    encoding: str = "utf-8"
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or empty when the article does not say
    language: str = ""
    notes: str = ""
    segments: list[Segment] = field(default_factory=list)
    #: (start, end) of its sentences, from the one splitter (`text.sentences`), set when the article is parsed
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def segment_text(self, seg: Segment) -> str:
        return self.text[seg.start : seg.end]

    def spans(self, kinds=ARTICLE_KINDS) -> list[tuple[int, int]]:
        """(start, end) of the segments of the given kinds, in text order."""
        return [(s.start, s.end) for s in self.segments if s.kind in kinds]

    def kind_at(self, offset: int) -> str:
        """The segment kind covering a character offset ('' when none does)."""
        for s in self.segments:
            if s.start <= offset < s.end:
                return s.kind
        return ""


@dataclass(frozen=True)
class Problem:
    """An input that could not be (fully) read: one line for the user, naming the file."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
