"""Which words credit a quote: the reporting verb that governs it, "according to", a headline label, a dash.

Why apart from naming (`speaker_names`) and from the rows (`quotes`): this is the syntax of attribution.
From the quoted words up the dependency tree to the nearest reporting verb outside any quote ("said",
"added", "told", "described … as", "condemned … as", "warned", "saying", "read"); its subject is the
speaker. A verb whose subject holds the quote does not report it ("X, who was called the “…”, was
confirmed dead"). A negated verb ("has not blamed any “proxies”") attributes nothing, nor does
"so-called". Subjects: the quoted words parsed as a subject are not one; a passive reporting verb credits
its agent ("described by X as") or nobody ("were described as"); "who" is the noun its clause qualifies;
an opening participle ("Underlining that ‘…’") goes on with the previous sentence's reporter; among
several subjects ("Another expert Haidar Sumeri wrote") a named one wins. Without a verb: "Kirby said:"
before the quote, "according to X" in its sentence, the nearest reporting verb of its sentence, a dash
signature after the quote ("“…” — Pentagon spokesman John Kirby"), or a headline's source after or before
a colon ("… ‘at least 22’ fighters: Monitor", "Khamenei: ‘…’").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from strikebook.extract import entities
from strikebook.extract.attribution_index import QuoteIndex, parse_index
from strikebook.extract.speaker_names import NOBODY, Credit, label_speaker, speaker_of
from strikebook.extract.speech_words import AS_VERBS, SPEECH_VERBS


def quote_index(doc, quotes: list[dict], text: str | None = None) -> QuoteIndex:
    """The article's quotes and the reporting verbs outside them (see `attribution_index`)."""
    return QuoteIndex(doc, quotes, _is_speech_verb, SPEECH_VERBS, text)


def _is_speech_verb(tok, parse) -> bool:
    """A reporting verb: its lemma in SPEECH_VERBS, not negated, not the "called" of "so-called"."""
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in SPEECH_VERBS:
        return False
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "so":
        return False  # "so-called" marks a scare quote, it reports nobody
    if tok.lemma_.lower() in _ANSWER_VERBS and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        return False  # "responded with 58 missile strikes": an act, not words
    return tok.i not in parse.negated


#: reporting verbs that also name an act ("the United States responded with strikes")
_ANSWER_VERBS = frozenset({"respond", "reply", "answer", "react", "retaliate"})
#: how far up the dependency tree a quote's reporting verb is looked for
_MAX_DEPTH = 40
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


def _verbs_for_quote(q, doc, qi: QuoteIndex) -> list:
    """The reporting verbs governing the quoted words, nearest first: the speech-verb ancestors outside
    quotes, walking up from the quote's own syntactic roots (punctuation inside the marks hangs on the
    outer clause in spaCy's parse, so it is no evidence), except a verb whose subject holds the quote.
    Later ones are fallbacks when the nearest has no usable subject ("Kirby said they claimed “…”")."""
    span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
    if span is None:
        return []
    best: list = []
    for tok in span:
        if tok.is_punct or tok.is_space or q["start"] <= tok.head.idx < q["end"] and tok.head.i != tok.i:
            continue
        node, depth, chain = tok, 0, []
        while node.head.i != node.i and depth < _MAX_DEPTH:
            child, node = node, node.head
            depth += 1
            if child.dep_ in _SUBJECT_DEPS and not q["start"] <= child.idx < q["end"]:
                continue  # the quote is inside this verb's subject ("X, who was called the “…”, was confirmed
                # dead"): a verb reports its complement, not its subject
            if node.i in qi.is_verb:
                chain.append((depth, node))
        if chain and (not best or chain[0][0] < best[0][0]):
            best = chain
    return [v for _, v in best]


def _before_mark(text: str, at: int) -> int:
    """The end of the text before offset `at` without the whitespace in between (a backward scan over that
    whitespace only)."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


def _colon_verb(q, doc, qi: QuoteIndex, text):
    """'Kirby said:' closing the line or clause just before the opening mark."""
    end = _before_mark(text, q["open_mark"])
    if end == 0 or text[end - 1] != ":":
        return None
    colon = qi.parse.token_at(end - 1)
    if colon < 0:
        return None
    first, _ = qi.parse.sentence_tokens(colon)
    cands = qi.verbs_between(first, colon)
    return doc[cands[-1]] if cands else None


def sentence_bounds(doc, start, end):
    """(start_char, end_char) of the sentences holding text[start:end] (from the first one's start to the
    last one's end), by look-up in the Doc's `ParseIndex`."""
    parse = parse_index(doc)
    first = parse.token_at(start)
    last = parse.token_at(max(end - 1, start))
    if first < 0 or last < 0 or not len(doc):
        return start, end
    return parse.sentence_chars(first)[0], parse.sentence_chars(last)[1]


def _nearby_verb(q, doc, qi: QuoteIndex, text):
    """No verb governs the quote: the nearest speech verb in its sentence(s), or in the attribution just
    after a quote that ends its sentence (`"…," Kirby said.` parsed as two sentences)."""
    parse = qi.parse
    s, e = sentence_bounds(doc, q["start"], q["end"])
    para_end = parse.line(q["end"])[1]
    first, last = parse.token_at(s), parse.token_at(e - 1) + 1
    cands = qi.verbs_between(max(first, 0), last)
    if e < para_end:
        # the attribution may follow as its own short sentence on the same line: "Kirby said."
        t0 = bisect_left(parse.idx, e)  # the first token starting at or after the sentence end …
        t1 = bisect_right(parse.ends, para_end)  # … to the last one ending by the line end
        if t0 < t1:
            stop = min(parse.sentence_tokens(t0)[1], t1)
            if stop - t0 <= 12:
                cands = cands + qi.verbs_between(t0, stop)
    if not cands:
        return None
    mid = (q["start"] + q["end"]) / 2
    k = _bisect_idx(parse, cands, mid)
    near = [cands[j] for j in (k - 1, k) if 0 <= j < len(cands)]
    return doc[min(near, key=lambda i: abs(parse.idx[i] - mid))]


def _bisect_idx(parse, cands: list[int], mid: float) -> int:
    """bisect_left over the character offsets of the (sorted) candidate tokens without listing them all."""
    lo, hi = 0, len(cands)
    while lo < hi:
        m = (lo + hi) // 2
        if parse.idx[cands[m]] < mid:
            lo = m + 1
        else:
            hi = m
    return lo


def _according_to(q, doc, qi: QuoteIndex):
    s, e = sentence_bounds(doc, q["start"], q["end"])
    first, last = qi.parse.token_at(s), qi.parse.token_at(e - 1) + 1
    for i in qi.according_between(max(first, 0), last):
        objs = [c for c in doc[i + 1].children if c.dep_ == "pobj"]
        if objs:
            return objs[0]
    return None


def _subjects(verb, ctx, qi: QuoteIndex, depth: int = 0) -> list | None:
    """The tokens that may name who speaks through `verb`, best first ([] when the clause names nobody, None
    when its only subject is the quote itself: then it is not the quote's reporting verb).

    - its subjects, except words of the quote itself that the parse made its subject, and except the subject
      of a passive reporting verb ("the strikes were described as …" says nothing of who described them);
      the agent of a passive ("was described by the Pentagon as") instead;
    - a relative pronoun stands for the noun its clause qualifies ("Raab, who asserted that “…”");
    - a name right before the verb ("President Joe Biden said" mis-parsed under a headline);
    - "…, saying …" / "but warned …": the subject of the governing verb (never one inside a quote)."""
    doc = verb.doc
    parse = qi.parse
    out, passive, quote_subject = [], False, False
    if verb.i in parse.agents:
        out.append(doc[parse.agents[verb.i]])
    for c in parse.subjects.get(verb.i, ()):
        tok = doc[c]
        if tok.lower_ in ("that", "which", "who"):
            if verb.dep_ == "relcl" and verb.head.i != verb.i:
                out.append(verb.head)
            continue
        if depth == 0 and tok.dep_ == "nsubjpass" and verb.i in qi.is_verb:
            passive = True
            continue
        if qi.quoted.covers(tok.idx) or qi.quoted.any_start_in(tok.left_edge.idx, tok.idx):
            quote_subject = True
            continue  # the quoted words, parsed as the subject of their own attribution
        out.append(tok)
    if out or passive:
        return out
    if quote_subject and depth == 0:
        return None  # the quote is what this verb's clause is about, not what it reports
    j = verb.i - 1
    while j >= 0 and doc[j].dep_ in ("aux", "neg", "advmod") and j > verb.i - 4:
        j -= 1
    if j >= 0 and not doc[j].is_punct:
        m = entities.mention_at(ctx, doc[j].idx, doc[j].idx + len(doc[j]))
        if m is not None:
            return [doc[j]]
    head = verb.head
    if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "acl") and head.i != verb.i and depth < _MAX_DEPTH \
            and not qi.inside.covers(head.idx):
        return _subjects(head, ctx, qi, depth + 1)
    return []


def _opens_with_participle(verb, qi: QuoteIndex) -> bool:
    """'Underlining that ‘…’': a clause opening its sentence with a participle and no subject goes on with
    whoever spoke last."""
    if verb.tag_ != "VBG":
        return False
    first, _ = qi.parse.sentence_tokens(verb.i)
    return all(t.is_punct or t.is_space or t.pos_ in ("ADV", "CCONJ") for t in verb.doc[first:verb.i])


def _cue(verb, q, text) -> str:
    if verb is None:
        return ""
    if verb.lower_ == "according":
        return "according to"
    cue = verb.text
    parse = parse_index(verb.doc)
    if verb.lemma_.lower() == "tell" and verb.i in parse.first_object:
        o = verb.doc[parse.first_object[verb.i]]
        if o.right_edge.i - o.left_edge.i < 4:  # a short object ("reporters", "the BBC")
            sub = list(o.subtree)
            if not any(q["open_mark"] <= t.idx < q["end"] for t in sub):
                cue = text[verb.idx:sub[-1].idx + len(sub[-1])]
    if verb.lemma_.lower() in AS_VERBS and verb.i in parse.as_heads:
        cue = f"{verb.text} \u2026 as"
    after = text[verb.idx + len(verb):verb.idx + len(verb) + 2]
    gap = q["open_mark"] - verb.idx - len(verb)
    if after.lstrip(" ").startswith(":"):
        cue += ":"
    elif 0 < gap <= 80:  # "said in a statement:" is short
        m = re.match(r"(\s+(?:in|on|at|via|through|to)\s[^:;,.\n\"\u201c]{1,30}):\s*$",
                     text[verb.idx + len(verb):q["open_mark"]])
        if m and cue == verb.text:
            cue += m.group(1) + ":"  # "said in a statement:"
    return cue



#: a headline is a short line: longer ones are prose however they end
_HEADLINE_MAX = 300


def _headline_source(q, ctx, salience) -> tuple[Credit, str]:
    """Headline style: the source after a colon ("US raids kill ‘at least 22’ fighters: Monitor") or before it
    ("Khamenei: ‘Severe revenge awaits’"). Only on a line without a full stop (a headline, not prose), and
    only a short label without a verb; a description ("Monitor") stands for the organisation of that kind
    the article names, before or after; a title ("Iran Foreign Minister") the person it names in that role."""
    text = ctx.text
    parse = parse_index(ctx.doc)
    line_start = parse.line(q["open_mark"])[0]
    line_end = parse.line(q["end"])[1]
    if line_end - line_start > _HEADLINE_MAX:
        return NOBODY, ""
    line = text[line_start:line_end].rstrip()
    if not line or line.endswith((".", "!", "?")) and not line.endswith(("\u201d.", '".', "\u2019.")):
        return NOBODY, ""
    close = q["close_mark"] if q["close_mark"] is not None else q["end"]
    after = re.match(r"[^:\n]*:\s*([^\W\d_][^:\n\"\u201c\u201d\u2018\u2019]{0,40}?)\s*$", text[close + 1:line_end])
    before = re.match(r"\s*([^\W\d_][^:\n\"\u201c\u201d\u2018\u2019]{0,40}?):\s", text[line_start:q["open_mark"]] + " ")
    found = after or before
    if not found or len(found.group(1).split()) > 5:
        return NOBODY, ""
    base = close + 1 if found is after else line_start
    return label_speaker(ctx, base + found.start(1), base + found.end(1), q["start"])


def _dash_source(q, ctx, salience) -> tuple[Credit, str]:
    """A long quote signed with a dash after it: "“…” — Pentagon spokesman John Kirby" (the rest of the line)."""
    if q["close_mark"] is None:
        return NOBODY, ""
    text = ctx.text
    line_end = parse_index(ctx.doc).line(q["close_mark"])[1]
    if line_end - q["close_mark"] > 200:
        return NOBODY, ""  # a signature is a short rest of the line (at most 90 characters of name)
    m = re.match(r"[,.]?\s*(?:\u2014|\u2013|--?)\s*([^\W\d_][^\n\"\u201c\u201d]{1,90}?)[.\s]*$",
                 text[q["close_mark"] + 1:line_end])
    if not m:
        return NOBODY, ""
    base = q["close_mark"] + 1
    return label_speaker(ctx, base + m.start(1), base + m.end(1), q["start"], dash=True)


def _previous_reporter(verb, ctx, qi: QuoteIndex, salience) -> Credit:
    """Who reports in the sentence before `verb`'s (its last reporting verb's subject), else whoever spoke
    last: the speaker an opening participle ("Underlining that …") goes on with."""
    first, _ = qi.parse.sentence_tokens(verb.i)
    if first > 0:
        before = qi.verbs_between(qi.parse.sentence_tokens(first - 1)[0], first)
        if before:
            v = verb.doc[before[-1]]
            for t in _subjects(v, ctx, qi) or []:
                found = speaker_of(t, ctx, salience, v.idx, qi.quoted)
                if found.speaker:
                    return found
    return salience.statement_author(verb.idx) or NOBODY


def reported_before(q: dict, ctx, qi: QuoteIndex, salience) -> tuple[Credit, str] | None:
    """A quote in a sentence with no reporting verb, right after a sentence of reported speech in the same
    paragraph ("An official told Reuters that one target was a depot. The other was a “command and control”
    site."), goes on with that report: (credit, cue) of the previous sentence's reporting verb that takes a
    reported clause (or closes the sentence just before the quote: "Trump said. “…”"), or None."""
    parse, doc = qi.parse, ctx.doc
    at = parse.token_at(q["open_mark"])
    if at <= 0:
        return None
    first, _ = parse.sentence_tokens(at)
    if first == 0 or parse.line(parse.idx[first - 1])[0] != parse.line(q["open_mark"])[0]:
        return None  # the first sentence of its paragraph
    before = qi.verbs_between(parse.sentence_tokens(first - 1)[0], first)
    last = first - 1
    while last > 0 and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    for i in reversed(before):
        closing = i == last and not ctx.text[doc[last].idx + len(doc[last]):q["open_mark"]].strip(" .:,\t")
        if not closing and not any(doc[c].dep_ == "ccomp" for c in parse.children.get(i, ())):
            continue  # "Trump said. “These are …”": a full stop typed for a colon before the quote
        v = doc[i]
        cands = [speaker_of(t, ctx, salience, v.idx, qi.quoted) for t in _subjects(v, ctx, qi) or []]
        named = [c for c in cands if c.speaker]
        if named:
            return named[0], _cue(v, q, ctx.text)
        return None
    return None


class Attribution(NamedTuple):
    """What credits one quote: `credit` (speaker_names.Credit), `cue` (the words that credit it), `verb` (the
    reporting verb, None when no verb credits it: the quote may go on from the one before) and `scare`
    (a "so-called" quote: nobody's words)."""

    credit: Credit
    cue: str
    verb: object
    scare: bool = False


_SO_CALLED = re.compile(r"(?i)\bso[-\u2010\u2011 ]called\s*$")


def attribute(q: dict, ctx, qi: QuoteIndex, salience) -> Attribution:
    """What credits one quote in its own sentence, headline or signature (see the module docstring)."""
    text, doc = ctx.text, ctx.doc
    if _SO_CALLED.search(text, max(0, q["open_mark"] - 12), q["open_mark"]):
        return Attribution(NOBODY, "", None, scare=True)  # "the so-called “axis of resistance”"
    quoted = qi.quoted
    verbs = _verbs_for_quote(q, doc, qi)
    nearby = False
    if not verbs:
        v = _colon_verb(q, doc, qi, text)
        if v is None:
            # no verb governs the quote: "according to X" in its sentence says who, before a nearby verb does
            obj = _according_to(q, doc, qi)
            found = speaker_of(obj, ctx, salience, obj.idx) if obj is not None else NOBODY
            if found.speaker:
                return Attribution(found, "according to", None)
            v = _nearby_verb(q, doc, qi, text)
            nearby = v is not None
        verbs = [v] if v is not None else []
    verb = verbs[0] if verbs else None
    credit, cue = NOBODY, ""
    for v in verbs:
        subjects = _subjects(v, ctx, qi)
        if subjects is None and v is not verbs[-1]:
            continue  # the quoted words are this verb's subject ("“these strikes” responded to …"): not its report
        subjects = subjects or []
        cands = [speaker_of(t, ctx, salience, v.idx, quoted) for t in subjects]
        # several subjects ("Another expert Haidar Sumeri wrote"): a person before an organisation before a
        # description
        order = [k for k, c in enumerate(cands) if c.speaker and c.kind == "person"] \
            + [k for k, c in enumerate(cands) if c.speaker and c.kind not in ("person", "description")] \
            + [k for k, c in enumerate(cands) if c.speaker] + list(range(len(cands)))
        credit = cands[order[0]] if order else NOBODY
        if not credit.speaker and not cands and _opens_with_participle(v, qi):
            credit = _previous_reporter(v, ctx, qi, salience)
        if credit.speaker or v is verbs[-1]:
            verb = v
            cue = _cue(v, q, text)
            break
    if nearby and not credit.speaker:
        # a reporting verb near the quote that does not govern it and names nobody ("… a facility, which would
        # suggest …") is no attribution: the quote may go on from what comes before
        credit, cue, verb = NOBODY, "", None
    if not credit.speaker:
        obj = _according_to(q, doc, qi)
        if obj is not None:
            found = speaker_of(obj, ctx, salience, obj.idx)
            if found.speaker:
                credit, cue = found, "according to"
    if not credit.speaker and not credit.role and verb is None:
        credit, cue = _dash_source(q, ctx, salience)
    if not credit.speaker and not credit.role and verb is None:
        credit, cue = _headline_source(q, ctx, salience)
    return Attribution(credit, cue, verb)
