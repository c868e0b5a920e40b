"""Which words credit a quote: the reporting verb that governs it, "according to", a headline label, a dash.

Why apart from naming (`speaker_names`) and from the rows (`quotes`): this is the syntax of attribution.
From the quoted words up the dependency tree to the nearest reporting verb outside any quote ("said",
"added", "told", "described … as", "condemned … as", "warned", "saying"); its subject is the speaker. A
negated verb ("has not blamed any “proxies”") attributes nothing, nor does "so-called". Without a verb:
"Kirby said:" before the quote, the nearest reporting verb of its sentence, "according to X", a dash
signature after the quote ("“…” — Pentagon spokesman John Kirby"), or a headline's source after or before
a colon ("… ‘at least 22’ fighters: Monitor", "Khamenei: ‘…’").
"""

from __future__ import annotations

import re

from strikebook.extract import entities
from strikebook.extract.speaker_names import label_speaker, speaker_of
from strikebook.extract.speech_words import AS_VERBS, SPEECH_VERBS


def in_quotes(quotes):
    spans = [(q["open_mark"], (q["close_mark"] + 1) if q["close_mark"] is not None else q["end"]) for q in quotes]

    def inside(tok) -> bool:
        return any(s <= tok.idx < e for s, e in spans)
    return inside


def _is_speech_verb(tok, inside) -> bool:
    if inside(tok) or tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.lemma_.lower() not in SPEECH_VERBS:
        return False
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "so":
        return False  # "so-called" marks a scare quote, it reports nobody
    return not any(c.dep_ == "neg" for c in tok.children)


def _verbs_for_quote(q, doc, inside) -> list:
    """The reporting verbs governing the quoted words, nearest first: the speech-verb ancestors outside
    quotes, walking up from the quote's own syntactic roots (punctuation inside the marks hangs on the
    outer clause in spaCy's parse, so it is no evidence). Later ones are fallbacks when the nearest has
    no usable subject ("Kirby said they claimed “…”")."""
    span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
    if span is None:
        return []
    best: list = []
    for tok in span:
        if tok.is_punct or tok.is_space or q["start"] <= tok.head.idx < q["end"] and tok.head is not tok:
            continue
        node, depth, chain = tok, 0, []
        while node.head is not node and depth < 40:
            node = node.head
            depth += 1
            if _is_speech_verb(node, inside):
                chain.append((depth, node))
        if chain and (not best or chain[0][0] < best[0][0]):
            best = chain
    return [v for _, v in best]


def _colon_verb(q, doc, inside, text):
    """'Kirby said:' closing the line or clause just before the opening mark."""
    before = text[:q["open_mark"]].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    sent = colon[0].sent
    cands = [t for t in sent if t.i < colon[0].i and _is_speech_verb(t, inside)]
    return cands[-1] if cands else None


def sentence_bounds(doc, start, end):
    first = doc.char_span(start, min(start + 1, end), alignment_mode="expand")
    last = doc.char_span(max(end - 1, start), end, alignment_mode="expand")
    if first is None or last is None:
        return start, end
    return first.sent.start_char, last.sent.end_char


def _nearby_verb(q, doc, inside, text):
    """No verb governs the quote: the nearest speech verb in its sentence(s), or in the attribution just
    after a quote that ends its sentence (`"…," Kirby said.` parsed as two sentences)."""
    s, e = sentence_bounds(doc, q["start"], q["end"])
    para_end = text.find("\n", q["end"])
    para_end = len(text) if para_end < 0 else para_end
    tail = doc.char_span(e, para_end, alignment_mode="contract") if e < para_end else None
    cands = [t for t in doc.char_span(s, e, alignment_mode="expand") or [] if _is_speech_verb(t, inside)]
    if tail is not None:
        # the attribution may follow as its own short sentence on the same line: "Kirby said."
        first = next(iter(tail.sents), None)
        if first is not None and len(first) <= 12:
            cands += [t for t in first if _is_speech_verb(t, inside)]
    if not cands:
        return None
    mid = (q["start"] + q["end"]) / 2
    return min(cands, key=lambda t: abs(t.idx - mid))


def _according_to(q, doc, inside):
    s, e = sentence_bounds(doc, q["start"], q["end"])
    span = doc.char_span(s, e, alignment_mode="expand")
    for tok in span or []:
        if tok.lower_ == "according" and not inside(tok) and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _subject(verb, ctx):
    """The token naming who speaks through `verb` (None when the clause has none)."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which", "who"):
            return c
    # a name right before the verb ("President Joe Biden said" mis-parsed under a headline)
    j = verb.i - 1
    while j >= 0 and verb.doc[j].dep_ in ("aux", "neg", "advmod") and j > verb.i - 4:
        j -= 1
    if j >= 0 and not verb.doc[j].is_punct:
        m = entities.mention_at(ctx, verb.doc[j].idx, verb.doc[j].idx + len(verb.doc[j]))
        if m is not None:
            return verb.doc[j]
    # "…, saying …" / "…, warning …" / "but warned …": the subject of the governing verb
    if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "acl") and verb.head is not verb:
        return _subject(verb.head, ctx)
    return None


def _cue(verb, q, text) -> str:
    if verb is None:
        return ""
    if verb.lower_ == "according":
        return "according to"
    cue = verb.text
    if verb.lemma_.lower() == "tell":
        objs = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
        if objs:
            o = objs[0]
            sub = list(o.subtree)
            if len(sub) <= 4 and not any(q["open_mark"] <= t.idx < q["end"] for t in sub):
                cue = text[verb.idx:sub[-1].idx + len(sub[-1])]
    as_preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"]
    if verb.lemma_.lower() in AS_VERBS and as_preps:
        cue = f"{verb.text} \u2026 as"
    after = text[verb.idx + len(verb):verb.idx + len(verb) + 2]
    if after.lstrip(" ").startswith(":"):
        cue += ":"
    else:
        m = re.match(r"(\s+(?:in|on|at|via|through|to)\s[^:;,.\n\"\u201c]{1,30}):\s*$",
                     text[verb.idx + len(verb):q["open_mark"]])
        if m and cue == verb.text:
            cue += m.group(1) + ":"  # "said in a statement:"
    return cue



def _headline_source(q, ctx, salience, quoted) -> tuple[str, str, str]:
    """Headline style: the source after a colon ("US raids kill ‘at least 22’ fighters: Monitor") or before it
    ("Khamenei: ‘Severe revenge awaits’"). Only on a line without a full stop (a headline, not prose), and
    only a short label without a verb; a description ("Monitor") stands for the organisation of that kind
    the article names, before or after. Returns (speaker, role, cue)."""
    text = ctx.text
    line_start = text.rfind("\n", 0, q["open_mark"]) + 1
    line_end = text.find("\n", q["end"])
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].rstrip()
    if not line or line.endswith((".", "!", "?")) and not line.endswith(("\u201d.", '".', "\u2019.")):
        return "", "", ""
    close = q["close_mark"] if q["close_mark"] is not None else q["end"]
    after = re.match(r"[^:\n]*:\s*([^\W\d_][^:\n\"\u201c\u201d\u2018\u2019]{0,40}?)\s*$", text[close + 1:line_end])
    before = re.match(r"\s*([^\W\d_][^:\n\"\u201c\u201d\u2018\u2019]{0,40}?):\s", text[line_start:q["open_mark"]] + " ")
    found = after or before
    if not found or len(found.group(1).split()) > 5:
        return "", "", ""
    base = close + 1 if found is after else line_start
    return label_speaker(ctx, base + found.start(1), base + found.end(1), q["start"])


def _dash_source(q, ctx) -> tuple[str, str, str]:
    """A long quote signed with a dash after it: "“…” — Pentagon spokesman John Kirby" (the rest of the line)."""
    if q["close_mark"] is None:
        return "", "", ""
    text = ctx.text
    line_end = text.find("\n", q["close_mark"])
    line_end = len(text) if line_end < 0 else line_end
    m = re.match(r"[,.]?\s*(?:\u2014|\u2013|--?)\s*([^\W\d_][^\n\"\u201c\u201d]{1,90}?)[.\s]*$",
                 text[q["close_mark"] + 1:line_end])
    if not m:
        return "", "", ""
    base = q["close_mark"] + 1
    return label_speaker(ctx, base + m.start(1), base + m.end(1), q["start"], dash=True)



def attribute(q: dict, ctx, inside, salience, quoted) -> tuple[str, str, str, object]:
    """(speaker, role, cue, verb) crediting one quote from its own sentence, headline or signature; `verb` is
    the reporting verb found (None when no verb credits it: the quote may go on from the one before)."""
    text, doc = ctx.text, ctx.doc
    verbs = _verbs_for_quote(q, doc, inside)
    if not verbs:
        v = _colon_verb(q, doc, inside, text) or _nearby_verb(q, doc, inside, text)
        verbs = [v] if v is not None else []
    verb = verbs[0] if verbs else None
    speaker, role, cue = "", "", ""
    for v in verbs:
        speaker, role, _ = speaker_of(_subject(v, ctx), ctx, salience, v.idx, quoted)
        if speaker or v is verbs[-1]:
            verb = v
            cue = _cue(v, q, text)
            break
    if not speaker:
        obj = _according_to(q, doc, inside)
        if obj is not None:
            speaker, role, _ = speaker_of(obj, ctx, salience, obj.idx)
            cue = "according to" if speaker else cue
    if not speaker and not role and verb is None:
        speaker, role, cue = _dash_source(q, ctx)
    if not speaker and not role and verb is None:
        speaker, role, cue = _headline_source(q, ctx, salience, quoted)
    return speaker, role, cue, verb
