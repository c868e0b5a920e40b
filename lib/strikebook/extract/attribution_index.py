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
  head's subjects, objects, "as" complements and negation, and line starts of the text;
- `QuoteIndex`: the quotes of one article (where their marks are, which tokens they hold) and the
  reporting verbs outside them, in text order.
"""

from __future__ import annotations

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

    def __init__(self, doc):
        from spacy.attrs import DEP, HEAD, SENT_START

        text = doc.text
        n = len(doc)
        self.text_len = len(text)
        self.idx = [t.idx for t in doc]
        self.ends = [t.idx + len(t) for t in doc]
        # HEAD is relative and SENT_START is -1/0/1: read back as signed integers
        arr = doc.to_array([HEAD, DEP, SENT_START]).astype("int64").tolist() if n else []
        strings = doc.vocab.strings
        nsubj = {strings["nsubj"], strings["nsubjpass"]}
        objs = {strings["dobj"], strings["dative"], strings["iobj"]}
        prep, neg, agent, pobj = strings["prep"], strings["neg"], strings["agent"], strings["pobj"]
        by_of: dict[int, int] = {}  # the "by" token of an agent -> its verb
        #: sentence number of every token, and each sentence's first and past-last token
        self.sent_of: list[int] = []
        self.sent_first: list[int] = []
        sid = -1
        for i in range(n):
            if i == 0 or arr[i][2] == 1:
                sid += 1
                self.sent_first.append(i)
            self.sent_of.append(sid)
        self.sent_last = self.sent_first[1:] + [n]  # past-last token of each sentence
        self.children: dict[int, list[int]] = {}  # head -> its children, in text order
        self.subjects: dict[int, list[int]] = {}  # head -> its nsubj/nsubjpass children, in text order
        self.agents: dict[int, int] = {}  # passive verb -> the object of its "by" ("was described by X")
        self.first_object: dict[int, int] = {}  # head -> its first dobj/dative/iobj child
        self.as_heads: set[int] = set()  # heads with a prepositional "as" child
        self.negated: set[int] = set()  # heads with a negation child
        for i in range(n):
            head, dep = i + arr[i][0], arr[i][1]
            if head == i:
                continue
            self.children.setdefault(head, []).append(i)
            if dep == agent:
                by_of[i] = head
            elif dep == pobj and head in by_of:
                self.agents.setdefault(by_of[head], i)
            if dep in nsubj:
                self.subjects.setdefault(head, []).append(i)
            elif dep in objs:
                self.first_object.setdefault(head, i)
            elif dep == prep and doc[i].lower_ == "as":
                self.as_heads.add(head)
            elif dep == neg:
                self.negated.add(head)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

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


def parse_index(doc) -> ParseIndex:
    """The Doc's `ParseIndex`, built once and kept in `doc.user_data`."""
    found = doc.user_data.get(_CACHE_KEY)
    if found is None:
        found = doc.user_data[_CACHE_KEY] = ParseIndex(doc)
    return found


class QuoteIndex:
    """The quotes of one article and the reporting verbs outside them.

    `inside` covers each quote from its opening mark to its closing mark (or its capped end); `quoted` from
    its opening mark to one past its words (names there do not speak); `verbs` are the token indices of
    reporting verbs outside every quote, in text order; `according` those of "according" in "according to"."""

    def __init__(self, doc, quotes: list[dict], is_reporting_verb):
        self.parse = parse_index(doc)
        self.inside = Spans((q["open_mark"], (q["close_mark"] + 1) if q["close_mark"] is not None else q["end"])
                            for q in quotes)
        self.quoted = Spans((q["open_mark"], q["end"] + 1) for q in quotes)
        self.verbs: list[int] = []
        self.according: list[int] = []
        self.is_verb: set[int] = set()
        for tok in doc:
            if self.inside.covers(tok.idx):
                continue
            if is_reporting_verb(tok, self.parse):
                self.verbs.append(tok.i)
                self.is_verb.add(tok.i)
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                self.according.append(tok.i)

    def verbs_between(self, first: int, last: int) -> list[int]:
        """Reporting verbs among tokens [first, last), in text order."""
        return self.verbs[bisect_left(self.verbs, first):bisect_left(self.verbs, last)]

    def according_between(self, first: int, last: int) -> list[int]:
        return self.according[bisect_left(self.according, first):bisect_left(self.according, last)]
