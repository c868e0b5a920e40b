"""Compare quotations across articles: which quotes are the same statement, and how their wording differs.

Why: outlets re-type the same statement with their own house style (curly or straight marks, em dash or
hyphen, serial comma, British or American spelling) and sometimes change it (a word dropped, a word
swapped, a sentence cut). A reporter needs to tell the two apart at a glance: house style is *cosmetic*,
a change of words is *substantive*. Quotes are grouped with rapidfuzz on `text.normalize`d text; a short
quote contained in a longer one (an excerpt) is grouped with it and compared with the part it matches.

How it scales (issues 11 and 12): identical match keys are one key (syndicated copy quotes one statement
hundreds of times; it is tokenised and compared once); candidate pairs of distinct keys come from
`verify.blocking` (shared word stems and runs), never from all pairs; each candidate pair is scored once
(`StatementGraph`); and every comparison is bounded in the length of the quotes (`verify.align`: difflib and
rapidfuzz on the whole of quote-sized input, exactly as before, an anchored alignment of longer statements).
Word-by-word comparisons of two texts are memoised (`compare_quotes`), so a rendering repeated in many
articles is diffed once.

Everything here works on the `quotes` table (`schema.COLUMNS["quotes"]`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from strikebook.text.normalize import normalize
from strikebook.verify import align, blocking
from strikebook.verify.align import COUNTS

#: a word (with inner apostrophes) or a single non-space character (punctuation, dash, quote mark)
_TOKEN = re.compile(r"\w+(?:['\u2019\u02bc]\w+)*|[^\w\s]")
_DASHES = set("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_QUOTE_MARKS = set("\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2032\u2033`")
#: British → American spelling endings (applied to both sides: "defence"/"defense" compare equal)
_SPELLING = [(re.compile(p), r) for p, r in (
    (r"isation", "ization"), (r"ise(s|d)?$", r"ize\1"), (r"ising$", "izing"), (r"yse(s|d)?$", r"yze\1"),
    (r"our(s|ed|ing)?$", r"or\1"), (r"ourite", "orite"), (r"ence$", "ense"), (r"tre(s)?$", r"ter\1"),
    (r"lled$", "led"), (r"lling$", "ling"), (r"ogue(s)?$", r"og\1"), (r"our(s)?$", r"or\1"),
)]

COSMETIC_LABELS = ("case", "dash style", "quote marks", "serial comma", "punctuation", "whitespace",
                   "spelling (UK/US)")
SUBSTANTIVE_LABELS = ("words added", "words dropped", "words changed", "editorial insertion")


class _Tok(NamedTuple):
    text: str
    start: int
    end: int
    is_word: bool


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[_Tok, ...]:
    """The tokens of a text (memoised: a quote compared with several renderings is tokenised once)."""
    return tuple(_Tok(t, m.start(), m.end(), t[0].isalnum() or t[0] == "_")
                 for m in _TOKEN.finditer(text or "") for t in (m.group(),))


def _spelling_key(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    return w


@lru_cache(maxsize=16384)
def match_key(text: str) -> str:
    """Lower-case words only, single-spaced: what two renderings of one statement share."""
    return " ".join(t.lower().replace("\u2019", "'") for t in _TOKEN.findall(normalize(text or ""))
                    if t[0].isalnum() or t[0] == "_")


# --------------------------------------------------------------------------------------------- word diff
def _classify_op(tag: str, a: list[_Tok], b: list[_Tok], b_next: str, a_next: str) -> tuple[str, str]:
    """(kind, label) of one diff operation; kind is 'cosmetic' or 'substantive'."""
    aw = [t.text for t in a if t.is_word]
    bw = [t.text for t in b if t.is_word]
    if [normalize(w).lower() for w in aw] == [normalize(w).lower() for w in bw]:
        if [normalize(w) for w in aw] != [normalize(w) for w in bw]:
            return "cosmetic", "case"
        if aw != bw:
            return "cosmetic", "quote marks"  # apostrophe style inside a word (it’s / it's)
        ap = "".join(t.text for t in a if not t.is_word)
        bp = "".join(t.text for t in b if not t.is_word)
        if normalize(ap) == normalize(bp):
            if set(ap + bp) & _DASHES:
                return "cosmetic", "dash style"
            return "cosmetic", "quote marks"
        if {ap, bp} <= {"", ","} and (b_next if tag == "insert" else a_next).lower() in ("and", "or"):
            return "cosmetic", "serial comma"
        if set(ap + bp) <= _QUOTE_MARKS:
            return "cosmetic", "quote marks"
        return "cosmetic", "punctuation"
    if aw and bw and len(aw) == len(bw) and all(_spelling_key(x) == _spelling_key(y) for x, y in zip(aw, bw,
                                                                                                      strict=True)):
        return "cosmetic", "spelling (UK/US)"
    bracketed = [t.text for t in (b if tag == "insert" else a) if not t.is_word]
    if tag in ("insert", "delete") and "[" in bracketed and "]" in bracketed:
        return "substantive", "editorial insertion"
    if tag == "insert" or (tag == "replace" and not aw):
        return "substantive", "words added"
    if tag == "delete" or (tag == "replace" and not bw):
        return "substantive", "words dropped"
    return "substantive", "words changed"


def word_diff(a: str, b: str) -> list[dict]:
    """Word-level differences from `a` to `b`, in order.

    Returns a list of operations, each a dict: `op` (equal | insert | delete | replace), `a` and `b`
    (the text of each side, as printed), `kind` ('' for equal, else cosmetic | substantive), `label`
    (one of COSMETIC_LABELS or SUBSTANTIVE_LABELS) and the character spans `a_start`/`a_end`,
    `b_start`/`b_end` of each side. Tokens are words and single punctuation marks, so a
    changed dash or an added serial comma is its own small operation. Quote-sized texts are aligned by
    difflib; long statements by `align.opcodes` (anchors, then difflib on the windows that differ).
    """
    a, b = a or "", b or ""
    ta, tb = _tokens(a), _tokens(b)
    ops: list[dict] = []
    for tag, i1, i2, j1, j2 in align.opcodes([t.text for t in ta], [t.text for t in tb]):
        sa, sb = ta[i1:i2], tb[j1:j2]
        a_span = (sa[0].start, sa[-1].end) if sa else ((ta[i1].start,) * 2 if i1 < len(ta) else (len(a),) * 2)
        b_span = (sb[0].start, sb[-1].end) if sb else ((tb[j1].start,) * 2 if j1 < len(tb) else (len(b),) * 2)
        op = {"op": tag, "a": a[a_span[0]:a_span[1]], "b": b[b_span[0]:b_span[1]], "kind": "", "label": "",
              "a_start": a_span[0], "a_end": a_span[1], "b_start": b_span[0], "b_end": b_span[1]}
        if tag != "equal":
            a_next = ta[i2].text if i2 < len(ta) else ""
            b_next = tb[j2].text if j2 < len(tb) else ""
            op["kind"], op["label"] = _classify_op(tag, sa, sb, b_next, a_next)
        ops.append(op)
    return ops


def difference_labels(a: str, b: str) -> list[str]:
    """The distinct kinds of difference between two renderings, substantive ones first."""
    return _labels(a, b, word_diff(a, b))


def _labels(a: str, b: str, diff: list[dict]) -> list[str]:
    ops = [o for o in diff if o["op"] != "equal"]
    labels = [o["label"] for o in ops if o["kind"] == "substantive"] + [o["label"] for o in ops
                                                                        if o["kind"] == "cosmetic"]
    if not ops and (a or "") != (b or ""):
        labels = ["whitespace"]
    return list(dict.fromkeys(labels))


def classify_difference(a: str, b: str) -> str:
    """"identical" (same characters), "cosmetic" (house style only) or "substantive" (words differ)."""
    if (a or "") == (b or ""):
        return "identical"
    if any(o["kind"] == "substantive" for o in word_diff(a, b)):
        return "substantive"
    return "cosmetic"


# ------------------------------------------------------------------------------------ excerpt alignment
def _strip_edges(text: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", text or "")


def aligned_part(short: str, long: str) -> str:
    """The part of `long` that `short` renders (words from the first to the last matching word).

    Why: "ongoing series of attacks" quoted alone and inside a longer quote is the same statement; the
    wording comparison must look at the matching stretch, not count the rest of the long quote as
    "words dropped".
    """
    ts = [t for t in _tokens(short) if t.is_word]
    tl = [t for t in _tokens(long) if t.is_word]
    if not ts or not tl:
        return long
    blocks = align.matching_blocks([t.text.lower() for t in ts], [t.text.lower() for t in tl])
    if not blocks:
        return long
    (fa, fb, _), (la, lb, size) = blocks[0], blocks[-1]
    lo = max(0, fb - fa)
    hi = min(len(tl), lb + size + (len(ts) - (la + size)))
    return long[tl[lo].start:tl[hi - 1].end]


def compare_quotes(a: str, b: str) -> dict:
    """Compare two quotes of (possibly) one statement.

    Returns `classification` (identical | cosmetic | substantive, on the matching stretch when one quote
    is an excerpt of the other), `excerpt` (True when one is a shorter part of the other), `labels`
    (kinds of difference), `similarity` (0–100, rapidfuzz on match keys) and `a_part`/`b_part` (what
    was compared). Memoised: a rendering repeated in many articles is compared once.
    """
    cmp = _compare(a or "", b or "")
    return {**cmp, "labels": list(cmp["labels"])}


@lru_cache(maxsize=4096)
def _compare(a: str, b: str) -> dict:
    COUNTS.compared += 1
    a_s, b_s = _strip_edges(a), _strip_edges(b)
    ka, kb = match_key(a_s), match_key(b_s)
    excerpt = False
    a_part, b_part = a_s, b_s
    if ka != kb and ka and kb:
        if len(ka.split()) < len(kb.split()):
            b_part = aligned_part(a_s, b_s)
        elif len(kb.split()) < len(ka.split()):
            a_part = aligned_part(b_s, a_s)
        excerpt = (a_part, b_part) != (a_s, b_s)
    similarity = align.ratio(match_key(a_part), match_key(b_part))
    if a_part == b_part:
        classification = "identical" if a.strip() == b.strip() or excerpt else "cosmetic"
        labels: list[str] = []
    else:
        diff = word_diff(a_part, b_part)
        classification = "substantive" if any(o["kind"] == "substantive" for o in diff) else "cosmetic"
        labels = _labels(a_part, b_part, diff)
    return {"classification": classification, "excerpt": excerpt, "labels": tuple(labels),
            "similarity": round(float(similarity), 1), "a_part": a_part, "b_part": b_part}


# ------------------------------------------------------------------------------------------- grouping
def _similarity(ka: str, kb: str, cutoff: float = 0) -> float:
    """How alike two match keys are; a quote of 5+ words inside a longer one scores as a partial match.
    With `cutoff`, a score below it may come out lower than it is (the graph only keeps those above)."""
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    COUNTS.scored += 1
    short = min(len(ka.split()), len(kb.split()))
    full = align.ratio(ka, kb)
    if short < blocking.SHORT_WORDS:
        return full  # "in the region" inside a long quote is a common phrase, not a shared statement
    # short excerpts must match almost exactly: a few common words in a row are not a shared statement
    partial = align.partial_ratio(ka, kb, score_cutoff=max(cutoff, 95) if short < 8 else cutoff)
    if short < 8 and partial < 95:
        partial = 0.0
    return max(full, partial)


def quote_similarity(a: str, b: str) -> float:
    """0–100: how likely two quotes render one statement (a 5+ word excerpt of a longer quote scores high)."""
    return _similarity(match_key(a), match_key(b))


class StatementGraph:
    """Which match keys render one statement, found without comparing all pairs.

    The distinct non-empty keys (identical keys are one key); the similarity of every candidate pair
    (`verify.blocking`) that reaches `min_similarity`, each pair scored once; and the statements, the
    connected sets of keys. Memory: the keys, the index of blocking and the pairs that reach the
    threshold — never a list of all pairs.
    """

    def __init__(self, keys: Iterable[str], min_similarity: float = 80):
        self.min_similarity = float(min_similarity)
        self.keys = list(dict.fromkeys(k for k in keys if k))
        self.index = {k: i for i, k in enumerate(self.keys)}
        self._edges: list[dict[int, float]] = [{} for _ in self.keys]
        parent = list(range(len(self.keys)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j in blocking.candidate_pairs(self.keys, self.min_similarity):
            score = _similarity(self.keys[i], self.keys[j], self.min_similarity)
            if score >= self.min_similarity:
                self._edges[i][j] = self._edges[j][i] = score
                parent[find(j)] = find(i)
        self._root = [find(i) for i in range(len(self.keys))]

    def covers(self, keys: Iterable[str]) -> bool:
        return all(k in self.index for k in keys if k)

    def statement(self, key: str) -> int | None:
        """The statement (an int) a key belongs to; None for an empty key or a threshold above 100 (then
        not even identical quotes are one statement)."""
        if not key or self.min_similarity > 100:
            return None
        return self._root[self.index[key]]

    def similarity(self, a: str, b: str) -> float:
        """`_similarity` of two keys when it reaches the threshold (100 for identical keys), else 0."""
        if not a or not b:
            return 0.0
        if a == b:
            return 100.0
        return self._edges[self.index[a]].get(self.index[b], 0.0)

    def neighbours(self, key: str) -> dict[str, float]:
        """The other keys that reach the threshold with `key`, and their similarity."""
        if not key:
            return {}
        return {self.keys[j]: s for j, s in self._edges[self.index[key]].items()}


QUOTE_GROUP_COLUMNS = ["group", "article_id", "speaker", "text", "start", "end", "sentence", "is_reference",
                       "compared_with", "classification", "excerpt", "differences", "similarity", "n_articles",
                       "speakers"]


def _clean(quotes: pd.DataFrame) -> pd.DataFrame:
    q = quotes.reset_index(drop=True).copy()
    for col in ("article_id", "speaker", "text", "sentence"):
        if col not in q.columns:
            q[col] = ""
        q[col] = q[col].fillna("").astype(str)
    for col in ("start", "end"):
        if col not in q.columns:
            q[col] = 0
    return q


def statement_graph(quotes: pd.DataFrame, min_similarity: float = 80) -> StatementGraph:
    """The `StatementGraph` of a quotes table (what `group_quotes` groups by; the checks share one)."""
    return StatementGraph((match_key(t) for t in _clean(quotes)["text"]), min_similarity)


def group_quotes(quotes: pd.DataFrame, min_similarity: float = 80, graph: StatementGraph | None = None
                 ) -> pd.DataFrame:
    """Group quotes of one statement across (and within) articles.

    Returns one row per quote (singletons included) with `group` (int, numbered in reading order),
    `is_reference` (the longest quote of the group), `compared_with` (the row index, in this frame,
    of the group member it matches best — preferably in another article; -1 for singletons),
    `classification` of its difference from that member (identical | cosmetic | substantive),
    `excerpt`, `differences` (';'-joined labels), `similarity`, `n_articles` and `speakers` (';'-joined
    distinct non-empty speakers of the group) — plus the quote's own columns.

    Two quotes are one statement when their match keys reach `min_similarity` (`_similarity`), through
    other quotes too. `graph` is a `StatementGraph` of these quotes at this threshold, when the caller
    already has one. Cost: linear in the quotes plus the candidate pairs of `verify.blocking`.
    """
    if quotes is None or len(quotes) == 0:
        return pd.DataFrame(columns=QUOTE_GROUP_COLUMNS)
    q = _clean(quotes)
    texts, articles, speaker = q["text"].tolist(), q["article_id"].tolist(), q["speaker"].tolist()
    keys = [match_key(t) for t in texts]
    if graph is None or graph.min_similarity != float(min_similarity) or not graph.covers(keys):
        graph = StatementGraph(keys, min_similarity)
    n = len(q)
    statement = [graph.statement(k) for k in keys]
    starts = [int(v or 0) for v in q["start"].tolist()]
    order = sorted(range(n), key=lambda i: (articles[i], starts[i]))
    pos = [0] * n
    for p, i in enumerate(order):
        pos[i] = p
    group_of: dict[object, int] = {}
    for i in order:
        group_of.setdefault(("s", statement[i]) if statement[i] is not None else ("r", i), len(group_of) + 1)
    group = [group_of[("s", statement[i]) if statement[i] is not None else ("r", i)] for i in range(n)]
    q["group"] = group
    members_of: dict[int, list[int]] = {}
    for i in range(n):
        members_of.setdefault(group[i], []).append(i)
    n_words = {k: len(k.split()) for k in set(keys)}
    records = q.to_dict("records")
    rows = []
    for gid in sorted(members_of):
        members = members_of[gid]
        ref_idx = max(members, key=lambda i: (n_words[keys[i]], -pos[i]))
        speakers = ";".join(sorted({speaker[i] for i in members if speaker[i]}))
        n_articles = len({articles[i] for i in members})
        rows_of_key: dict[str, list[int]] = {}
        for i in sorted(members, key=pos.__getitem__):
            rows_of_key.setdefault(keys[i], []).append(i)
        closest = {k: _closest_keys(k, rows_of_key, graph) for k in rows_of_key} if len(members) > 1 else {}
        for i in members:
            best = _best_partner(i, closest[keys[i]], keys, articles, pos, rows_of_key) if len(members) > 1 else None
            cmp = compare_quotes(texts[best], texts[i]) if best is not None else {
                "classification": "identical", "excerpt": False, "labels": [], "similarity": 100.0}
            rows.append({**records[i], "_row": i, "_best": -1 if best is None else best,
                         "is_reference": i == ref_idx, "classification": cmp["classification"],
                         "excerpt": cmp["excerpt"], "differences": ";".join(cmp["labels"]),
                         "similarity": cmp["similarity"], "n_articles": n_articles, "speakers": speakers})
    out = pd.DataFrame(rows)
    out = out.sort_values(["group", "article_id", "start"], kind="stable").reset_index(drop=True)
    position = {r: k for k, r in enumerate(out["_row"])}
    out["compared_with"] = [position.get(b, -1) for b in out["_best"]]
    out = out.drop(columns=["_row", "_best"])
    extra = [c for c in out.columns if c not in QUOTE_GROUP_COLUMNS]
    return out[QUOTE_GROUP_COLUMNS + extra]


def _closest_keys(k: str, rows_of_key: dict[str, list[int]], graph: StatementGraph) -> list[str]:
    """The keys of a group most similar to key k (its own when another quote has it): only they can hold
    a quote's best partner. Every member of a group of two or more reaches the threshold with a quote of
    its own or a neighbouring key (`graph`), so no other member can score higher."""
    levels = [(s, c) for c, s in graph.neighbours(k).items() if c in rows_of_key]
    if len(rows_of_key.get(k, ())) > 1:
        levels.append((graph.similarity(k, k), k))
    if not levels:  # (an empty key is in a group of its own)
        return list(rows_of_key)
    top = max(s for s, _ in levels)
    return [c for s, c in levels if s == top]


def _best_partner(i: int, closest: list[str], keys: list[str], articles: list[str], pos: list[int],
                  rows_of_key: dict[str, list[int]]) -> int | None:
    """The group member quote i matches best: the highest similarity (a quote of one of the `closest`
    keys), then one in another article, then the longest key, then the first in reading order."""
    best = None
    for other_article in (True, False):
        for c in closest:
            j = next((j for j in rows_of_key[c] if j != i and (articles[j] != articles[i]) == other_article), None)
            if j is not None and (best is None or (len(c), -pos[j]) > (len(keys[best]), -pos[best])):
                best = j
        if best is not None:
            return best
    return None


def single_source_quotes(quotes: pd.DataFrame, min_similarity: float = 80) -> pd.DataFrame:
    """Quotes whose statement appears in one article only (uncorroborated by the rest of the corpus)."""
    grouped = group_quotes(quotes, min_similarity)
    if grouped.empty:
        return grouped
    return grouped[grouped["n_articles"] == 1].reset_index(drop=True)


def speaker_matrix(quotes: pd.DataFrame) -> pd.DataFrame:
    """Speaker × article counts of quotes (unnamed speakers as "(unnamed)"), busiest speakers first."""
    if quotes is None or len(quotes) == 0:
        return pd.DataFrame()
    q = quotes.copy()
    q["speaker"] = q["speaker"].fillna("").astype(str).replace("", "(unnamed)")
    m = pd.crosstab(q["speaker"], q["article_id"])
    m = m.loc[m.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    m.columns.name = "article_id"
    m.index.name = "speaker"
    return m
