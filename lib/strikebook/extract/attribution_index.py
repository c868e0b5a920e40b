"""Look-up tables for attribution, built once per article so that crediting every quote stays n·log n.

Why (issue 12): attribution asks the same questions of the parse for every quote — is this token inside a
quote, which sentence holds it, which reporting verbs does that sentence have, what is this verb's subject,
which line is this — and answering them by scanning (every quote span for every token, a whole sentence
for every quote, a token's children, which spaCy finds by walking its subtree) made 17 KB of short quotes
take six minutes. Here each answer is either a table computed in one pass over the Doc's arrays or a
bisection over sorted offsets: building costs O(n) for n tokens and q quotes, each look-up O(log n), so
crediting all quotes costs O((n + q) log n).

- `Spans`: sorted character intervals with membership and "does one start in [a, b)" by bisection;
- `ParseIndex` (`parse_index(doc)`, cached on the Doc): token offsets, the sentence of every token, each
  head's children, subjects, objects, passive agent, "as" complements and negation, and line starts of the
  text, read from the Doc's arrays (`Doc.to_array`) rather than token by token;
- `tokens_with_lemma`: the tokens of given lemmas, picked with numpy;
- `QuoteIndex`: the quotes of one article (where their marks are, which tokens they hold) and the
  reporting verbs and "according to"s outside them, in text order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_CACHE_KEY = "strikebook.extract.attribution_index.parse"


class Spans:
    """Character intervals [start, end) (overlaps allowed) with O(log n) look-ups."""

    def __init__(self, pairs=()):
        pairs = sorted((int(s), int(e)) for s, e in pairs)
        self.pairs = pairs
        self.starts = [s for s, _ in pairs]
        self._reach = []  # the furthest end of any interval starting at or before each one
        far = -1
        for _, e in pairs:
            far = max(far, e)
            self._reach.append(far)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def covers(self, x: int) -> bool:
        """Whether some interval holds offset x."""
        k = bisect_right(self.starts, x) - 1
        return k >= 0 and self._reach[k] > x

    def any_start_in(self, a: int, b: int) -> bool:
        """Whether some interval starts in [a, b)."""
        k = bisect_left(self.starts, a)
        return k < len(self.starts) and self.starts[k] < b


EMPTY = Spans()


class ParseIndex:
    """Tables over one parsed Doc (see the module docstring); token positions are token indices."""

    def __init__(self, doc, text: str | None = None):
        import numpy as np
        from spacy.attrs import DEP, HEAD, IDX, LENGTH, LOWER, SENT_START

        text = doc.text if text is None else text  # `doc.text` rebuilds the text: callers pass it when they can
        n = len(doc)
        self.text_len = len(text)
        strings = doc.vocab.strings
        # the Doc's arrays; HEAD is relative and SENT_START is -1/0/1: read as signed integers, but labels and
        # words are 64-bit hashes: read as they are
        arr = doc.to_array([IDX, LENGTH, HEAD, SENT_START]).astype("int64") if n else np.zeros((0, 4), "int64")
        idx, length, rel, sent_start = (arr[:, k] for k in range(4))
        labels = doc.to_array([DEP, LOWER]) if n else np.zeros((0, 2), dtype="uint64")
        dep, lower = labels[:, 0], labels[:, 1]
        self.idx: list[int] = idx.tolist()
        self.ends: list[int] = (idx + length).tolist()
        #: sentence number of every token, and each sentence's first and past-last token
        starts = sent_start == 1
        if n:
            starts[0] = True
        self.sent_first: list[int] = np.flatnonzero(starts).tolist()
        self.sent_of: list[int] = (np.cumsum(starts) - 1).tolist()
        self.sent_last = self.sent_first[1:] + [n]  # past-last token of each sentence
        self.children: dict[int, list[int]] = {}  # head -> its children, in text order
        self.subjects: dict[int, list[int]] = {}  # head -> its nsubj/nsubjpass children, in text order
        self.agents: dict[int, int] = {}  # passive verb -> the object of its "by" ("was described by X")
        self.first_object: dict[int, int] = {}  # head -> its first dobj/dative/iobj child
        self.as_heads: set[int] = set()  # heads with a prepositional "as" child
        self.negated: set[int] = set()  # heads with a negation child
        heads = (np.arange(n) + rel).tolist()
        deps = dep.tolist()
        nsubj = {strings["nsubj"], strings["nsubjpass"]}
        objs = {strings["dobj"], strings["dative"], strings["iobj"]}
        prep, neg, agent, pobj = strings["prep"], strings["neg"], strings["agent"], strings["pobj"]
        as_word = strings["as"]
        lowers = lower.tolist()
        by_of: dict[int, int] = {}  # the "by" token of an agent -> its verb
        for i in range(n):
            head, d = heads[i], deps[i]
            if head == i:
                continue
            self.children.setdefault(head, []).append(i)
            if d == agent:
                by_of[i] = head
            elif d == pobj and head in by_of:
                self.agents.setdefault(by_of[head], i)
            if d in nsubj:
                self.subjects.setdefault(head, []).append(i)
            elif d in objs:
                self.first_object.setdefault(head, i)
            elif d == prep and lowers[i] == as_word:
                self.as_heads.add(head)
            elif d == neg:
                self.negated.add(head)
        self.lowers = lowers
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def token_at(self, char: int) -> int:
        """The token holding a character offset (a token's trailing space belongs to it); -1 before the first."""
        return bisect_right(self.idx, char) - 1

    def sentence_tokens(self, i: int) -> tuple[int, int]:
        """(first, past-last) token of the sentence of token i."""
        sid = self.sent_of[i]
        return self.sent_first[sid], self.sent_last[sid]

    def sentence_chars(self, i: int) -> tuple[int, int]:
        """(start_char, end_char) of the sentence of token i, as spaCy's `Span` gives them."""
        a, b = self.sentence_tokens(i)
        return self.idx[a], self.ends[b - 1]

    def line(self, char: int) -> tuple[int, int]:
        """(start, end) of the line holding a character offset, without its newline."""
        k = bisect_right(self.line_starts, char) - 1
        start = self.line_starts[k]
        end = self.line_starts[k + 1] - 1 if k + 1 < len(self.line_starts) else self.text_len
        return start, end


def parse_index(doc, text: str | None = None) -> ParseIndex:
    """The Doc's `ParseIndex`, built once and kept in `doc.user_data` (`text`: the Doc's text, if at hand)."""
    found = doc.user_data.get(_CACHE_KEY)
    if found is None:
        found = doc.user_data[_CACHE_KEY] = ParseIndex(doc, text)
    return found


def tokens_with_lemma(doc, lemmas) -> list[int]:
    """Indices of the tokens whose lemma is one of `lemmas` (any case of its first letter, or all capitals),
    picked from the Doc's arrays rather than by a Python loop over every token."""
    import numpy as np
    from spacy.attrs import LEMMA

    if not len(doc):
        return []
    strings = doc.vocab.strings
    keys = [strings.add(form) for w in lemmas for form in (w, w.capitalize(), w.upper())]
    found = np.isin(doc.to_array([LEMMA]).astype("uint64"), np.array(keys, dtype="uint64"))
    return np.flatnonzero(found).tolist()


class QuoteIndex:
    """The quotes of one article and the reporting verbs outside them.

    `inside` covers each quote from its opening mark to its closing mark (or its capped end); `quoted` from
    its opening mark to one past its words (names there do not speak); `verbs` are the token indices of
    reporting verbs outside every quote, in text order; `according` those of "according" in "according to"."""

    def __init__(self, doc, quotes: list[dict], is_reporting_verb, lemmas=frozenset(), text: str | None = None):
        """`is_reporting_verb(token, parse)` decides; only tokens whose lemma is in `lemmas` (when given) are
        asked, picked from the Doc's arrays."""
        self.parse = parse_index(doc, text)
        self.inside = Spans((q["open_mark"], (q["close_mark"] + 1) if q["close_mark"] is not None else q["end"])
                            for q in quotes)
        self.quoted = Spans((q["open_mark"], q["end"] + 1) for q in quotes)
        self.verbs: list[int] = []
        self.according: list[int] = []
        self.is_verb: set[int] = set()
        for i in tokens_with_lemma(doc, lemmas) if lemmas else range(len(doc)):
            tok = doc[i]
            if not self.inside.covers(tok.idx) and is_reporting_verb(tok, self.parse):
                self.verbs.append(i)
                self.is_verb.add(i)
        according, to = doc.vocab.strings["according"], doc.vocab.strings["to"]
        lowers = self.parse.lowers
        for i in range(len(lowers) - 1):
            if lowers[i] == according and lowers[i + 1] == to and not self.inside.covers(self.parse.idx[i]):
                self.according.append(i)

    def verbs_between(self, first: int, last: int) -> list[int]:
        """Reporting verbs among tokens [first, last), in text order."""
        return self.verbs[bisect_left(self.verbs, first):bisect_left(self.verbs, last)]

    def according_between(self, first: int, last: int) -> list[int]:
        return self.according[bisect_left(self.according, first):bisect_left(self.according, last)]
