"""Compare quotations across articles: which quotes are the same statement, and how their wording differs.

Why: outlets re-type the same statement with their own house style (curly or straight marks, em dash or
hyphen, serial comma, British or American spelling) and sometimes change it (a word dropped, a word
swapped, a sentence cut). A reporter needs to tell the two apart at a glance: house style is *cosmetic*,
a change of words is *substantive*. Quotes are grouped with rapidfuzz on `text.normalize`d text; a short
quote contained in a longer one (an excerpt) is grouped with it and compared with the part it matches.

Everything here works on the `quotes` table (`schema.COLUMNS["quotes"]`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from strikebook.text.normalize import normalize

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


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text or "")]


def _spelling_key(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    return w


def match_key(text: str) -> str:
    """Lower-case words only, single-spaced: what two renderings of one statement share."""
    return " ".join(t.text.lower().replace("\u2019", "'") for t in _tokens(normalize(text or "")) if t.is_word)


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
    changed dash or an added serial comma is its own small operation.
    """
    ta, tb = _tokens(a or ""), _tokens(b or "")
    matcher = difflib.SequenceMatcher(None, [t.text for t in ta], [t.text for t in tb], autojunk=False)
    ops: list[dict] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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
    ops = [o for o in word_diff(a, b) if o["op"] != "equal"]
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
    matcher = difflib.SequenceMatcher(None, [t.text.lower() for t in ts], [t.text.lower() for t in tl],
                                      autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return long
    first, last = blocks[0], blocks[-1]
    lo = max(0, first.b - first.a)
    hi = min(len(tl), last.b + last.size + (len(ts) - (last.a + last.size)))
    return long[tl[lo].start:tl[hi - 1].end]


def compare_quotes(a: str, b: str) -> dict:
    """Compare two quotes of (possibly) one statement.

    Returns `classification` (identical | cosmetic | substantive, on the matching stretch when one quote
    is an excerpt of the other), `excerpt` (True when one is a shorter part of the other), `labels`
    (kinds of difference), `similarity` (0–100, rapidfuzz on match keys) and `a_part`/`b_part` (what
    was compared).
    """
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
    similarity = fuzz.ratio(match_key(a_part), match_key(b_part))
    if a_part == b_part:
        classification = "identical" if (a or "").strip() == (b or "").strip() or excerpt else "cosmetic"
    else:
        classification = classify_difference(a_part, b_part)
    labels = difference_labels(a_part, b_part) if a_part != b_part else []
    return {"classification": classification, "excerpt": excerpt, "labels": labels,
            "similarity": round(float(similarity), 1), "a_part": a_part, "b_part": b_part}


# ------------------------------------------------------------------------------------------- grouping
def _similarity(ka: str, kb: str) -> float:
    """How alike two match keys are; a quote of 5+ words inside a longer one scores as a partial match."""
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    short = min(len(ka.split()), len(kb.split()))
    full = fuzz.ratio(ka, kb)
    if short < 5:
        return full  # "in the region" inside a long quote is a common phrase, not a shared statement
    partial = fuzz.partial_ratio(ka, kb)
    # short excerpts must match almost exactly: a few common words in a row are not a shared statement
    if short < 8 and partial < 95:
        partial = 0.0
    return max(full, partial)


def quote_similarity(a: str, b: str) -> float:
    """0–100: how likely two quotes render one statement (a 5+ word excerpt of a longer quote scores high)."""
    return _similarity(match_key(a), match_key(b))


def _similar_pairs(keys: list[str], min_similarity: float) -> list[tuple[int, int]]:
    """Pairs (i < j) whose `_similarity` reaches the threshold, scored in bulk with rapidfuzz.cdist
    (the same rules as `_similarity`, vectorised: hundreds of quotes in milliseconds)."""
    n = len(keys)
    if n < 2:
        return []
    full = process.cdist(keys, keys, scorer=fuzz.ratio, dtype=np.float32)
    partial = process.cdist(keys, keys, scorer=fuzz.partial_ratio, dtype=np.float32)
    words = np.array([len(k.split()) for k in keys])
    short = np.minimum.outer(words, words)
    partial = np.where(short < 5, 0.0, partial)
    partial = np.where((short < 8) & (partial < 95), 0.0, partial)
    score = np.maximum(full, partial)
    empty = np.array([not k for k in keys])
    score[empty, :] = 0
    score[:, empty] = 0
    ii, jj = np.nonzero(np.triu(score >= min_similarity, k=1))
    return list(zip(ii.tolist(), jj.tolist(), strict=True))


QUOTE_GROUP_COLUMNS = ["group", "article_id", "speaker", "text", "start", "end", "sentence", "is_reference",
                       "compared_with", "classification", "excerpt", "differences", "similarity", "n_articles",
                       "speakers"]


def group_quotes(quotes: pd.DataFrame, min_similarity: float = 80) -> pd.DataFrame:
    """Group quotes of one statement across (and within) articles.

    Returns one row per quote (singletons included) with `group` (int, numbered in reading order),
    `is_reference` (the longest quote of the group), `compared_with` (the row index, in this frame,
    of the group member it matches best — preferably in another article; -1 for singletons),
    `classification` of its difference from that member (identical | cosmetic | substantive),
    `excerpt`, `differences` (';'-joined labels), `similarity`, `n_articles` and `speakers` (';'-joined
    distinct non-empty speakers of the group) — plus the quote's own columns.
    """
    if quotes is None or len(quotes) == 0:
        return pd.DataFrame(columns=QUOTE_GROUP_COLUMNS)
    q = quotes.reset_index(drop=True).copy()
    for col in ("article_id", "speaker", "text", "sentence"):
        if col not in q.columns:
            q[col] = ""
        q[col] = q[col].fillna("").astype(str)
    for col in ("start", "end"):
        if col not in q.columns:
            q[col] = 0
    keys = [match_key(t) for t in q["text"]]
    parent = list(range(len(q)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _similar_pairs(keys, min_similarity):
        parent[find(j)] = find(i)
    order = sorted(range(len(q)), key=lambda i: (q.at[i, "article_id"], int(q.at[i, "start"] or 0)))
    group_of: dict[int, int] = {}
    for i in order:
        group_of.setdefault(find(i), len(group_of) + 1)
    q["group"] = [group_of[find(i)] for i in range(len(q))]
    rows = []
    for _, members in q.groupby("group", sort=True):
        ref_idx = max(members.index, key=lambda i: (len(keys[i].split()), -order.index(i)))
        speakers = sorted({s for s in members["speaker"] if s})
        n_articles = members["article_id"].nunique()
        for i in members.index:
            partners = [j for j in members.index if j != i]
            best = max(partners, key=lambda j: (_similarity(keys[i], keys[j]),
                                                q.at[j, "article_id"] != q.at[i, "article_id"],
                                                len(keys[j]), -order.index(j)), default=None)
            cmp = compare_quotes(q.at[best, "text"], q.at[i, "text"]) if best is not None else {
                "classification": "identical", "excerpt": False, "labels": [], "similarity": 100.0}
            rows.append({**q.loc[i].to_dict(), "_row": i, "_best": -1 if best is None else best,
                         "is_reference": i == ref_idx, "classification": cmp["classification"],
                         "excerpt": cmp["excerpt"], "differences": ";".join(cmp["labels"]),
                         "similarity": cmp["similarity"], "n_articles": n_articles, "speakers": ";".join(speakers)})
    out = pd.DataFrame(rows)
    out = out.sort_values(["group", "article_id", "start"], kind="stable").reset_index(drop=True)
    position = {r: k for k, r in enumerate(out["_row"])}
    out["compared_with"] = [position.get(b, -1) for b in out["_best"]]
    out = out.drop(columns=["_row", "_best"])
    extra = [c for c in out.columns if c not in QUOTE_GROUP_COLUMNS]
    return out[QUOTE_GROUP_COLUMNS + extra]


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
