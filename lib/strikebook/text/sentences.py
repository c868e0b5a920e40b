"""The one sentence splitter: spaCy's sentences of the shared parse, kept as (start, end) offsets.

Why one: the dates, events, casualty figures and checks each used to split sentences their own way (spaCy's
`doc.sents` and two regex splitters) and disagreed on about one sentence in twenty, so a date could be
reported in one sentence and resolved in another. Every stage now reads the bounds the parse produced
(`strikebook.extract.parse`: the model's parser plus the line-break rule for headlines, captions and
paragraphs): `Article.sentences` during extraction, the `sentences` table afterwards.

Bounds are trimmed of surrounding whitespace and never empty; lookups are by bisection, so finding the
sentence of an offset costs O(log n) however long the article.
"""

from __future__ import annotations

from bisect import bisect_right


def sentence_bounds(doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the Doc's sentences, whitespace trimmed, empty ones dropped."""
    text = doc.text
    out = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def ensure_sentences(article) -> list[tuple[int, int]]:
    """The article's sentence bounds from the one splitter, parsing the article now if extraction has not
    (the extract stage's functions can be called on a bare `Article`, e.g. from a notebook). spaCy is only
    imported when a parse is needed, so reading cached results never loads it."""
    if not article.sentences and article.text.strip():
        from strikebook.extract.parse import get_nlp

        article.sentences = sentence_bounds(get_nlp()(article.text))
    return article.sentences


def sentence_span(bounds: list[tuple[int, int]], start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence (start, end) holding text[start:end]: from the sentence of `start` to the sentence of
    `end - 1` (an evidence span may cross a boundary). An offset between sentences (whitespace) belongs to
    the next one. Without bounds, (start, end) itself."""
    end = start + 1 if end is None or end <= start else end
    if not bounds:
        return start, end
    starts = [b[0] for b in bounds] if not isinstance(bounds, _Bounds) else bounds.starts
    i = max(0, bisect_right(starts, start) - 1)
    if bounds[i][1] <= start and i + 1 < len(bounds):
        i += 1
    j = max(i, bisect_right(starts, end - 1) - 1)
    return min(bounds[i][0], start), max(bounds[j][1], end)


def sentences_in(bounds: list[tuple[int, int]], spans) -> list[tuple[int, int]]:
    """The sentences that overlap any of `spans` (e.g. the article's own segments), in text order."""
    spans = sorted(spans)
    out = []
    k = 0
    for s, e in bounds:
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        if k < len(spans) and spans[k][0] < e:
            out.append((s, e))
    return out


def clip(bounds: list[tuple[int, int]], spans, text: str | None = None) -> list[tuple[int, int]]:
    """The parts of the sentences that lie inside `spans` (e.g. the article's own segments), in text order:
    a sentence that runs over a date header or a caption is cut at the segment's edge, so facts are only
    read from the article's own words. With `text`, each part is trimmed of surrounding whitespace."""
    spans = sorted(spans)
    out = []
    k = 0
    for s, e in bounds:
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] < e:
            a, b = max(s, spans[j][0]), min(e, spans[j][1])
            if text is not None:
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
            if a < b:
                out.append((a, b))
            j += 1
    return out


class _Bounds(list):
    """A bounds list that remembers its starts (for repeated `sentence_span` calls on one article)."""

    def __init__(self, bounds):
        super().__init__(bounds)
        self.starts = [b[0] for b in bounds]


def indexed(bounds) -> list[tuple[int, int]]:
    """`bounds` prepared for many `sentence_span` look-ups (the starts list is built once)."""
    return bounds if isinstance(bounds, _Bounds) else _Bounds(bounds)
