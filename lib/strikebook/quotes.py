"""Direct quotations and who said them.

Two steps, kept apart because they fail differently:

1. **Marks** (`find_quotes`, plain text, no NLP). Outlets print quotes with straight "…", curly “…”,
   single ‘…’ or '…' marks, and copy-editing slips mix them (opened with “, closed with "). Each mark is
   classified as opening or closing from the characters around it, so a straight " is an opener after a
   space and a closer before one; ’ followed by a letter is an apostrophe (Iran’s), never a closing mark.
   A quote never runs past the end of its paragraph unless the text plainly continues on the next line
   (the opening mark ends the line, or the line breaks in mid-sentence), and never past the end of the
   article's own words: an unbalanced mark must not swallow the rest of the article. Single-quoted
   spans are only kept when they close inside their paragraph (an unclosed ' is usually an apostrophe).
   Quotes nested inside a quote are part of it, not rows of their own.

2. **Speakers** (`extract_quotes`, over the shared spaCy parse). From the quoted words up the dependency
   tree to the nearest reporting verb outside any quote ("said", "added", "told", "described … as",
   "condemned … as", "warned", "saying"); its subject is the speaker. A subject that is a title
   ("The Pentagon press secretary, John Kirby,") or an honorific ("Mr Austin") resolves to the person;
   "he"/"she" to the most salient person (the subject of the latest attribution, else the latest person
   named); organisations and countries speak too ("Iran condemned …"). A quote with no reporting verb
   takes the speaker of the quote it continues (`"A," he said. "B."`, or a quote in its own paragraph
   after "Kirby said:"). A negated verb ("has not blamed any “proxies”") attributes nothing.

Decision on scare quotes: a quoted word with nobody to attribute it to is kept with speaker "" (and
cue ""): the marks are in the text, a reader comparing outlets wants to see them, and dropping them would
hide quotes whose attribution we failed to find.
"""

from __future__ import annotations

import re

from . import entities
from .model import ARTICLE_KINDS

#: lemmas of verbs that introduce what someone said
SPEECH_VERBS = frozenset("""
say add tell state declare announce describe condemn call warn insist note emphasize emphasise stress
explain argue claim assert affirm confirm deny acknowledge admit vow pledge promise threaten urge accuse
write tweet reply reiterate maintain contend remark observe recall suggest predict dismiss
denounce slam criticise criticize praise hail brand label term characterise characterize report quote
conclude comment ask speak demand decry caution boast concede agree complain allege mention
""".split())
#: verbs that attribute a characterisation through "as": "described the strikes as “defensive”"
AS_VERBS = frozenset("describe condemn call brand label characterise characterize denounce term hail "
                     "dismiss criticise criticize slam see regard view".split())
#: country names and capitals used as speakers → the country
COUNTRY_SPEAKERS = {
    "us": "United States", "u.s.": "United States", "usa": "United States", "united states": "United States",
    "america": "United States", "washington": "United States", "the us": "United States",
    "the united states": "United States", "iran": "Iran", "tehran": "Iran", "iraq": "Iraq",
    "baghdad": "Iraq", "syria": "Syria", "damascus": "Syria", "israel": "Israel", "russia": "Russia",
    "moscow": "Russia", "jordan": "Jordan", "amman": "Jordan", "uk": "United Kingdom",
    "britain": "United Kingdom", "london": "United Kingdom", "china": "China", "beijing": "China",
    "turkey": "Turkey", "ankara": "Turkey", "lebanon": "Lebanon", "beirut": "Lebanon",
    "saudi arabia": "Saudi Arabia", "riyadh": "Saudi Arabia", "france": "France", "paris": "France",
    "germany": "Germany", "berlin": "Germany", "qatar": "Qatar", "doha": "Qatar", "yemen": "Yemen",
}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"it", "they"}

_OPEN_DOUBLE = "\u201c\u201e\u00ab"
_CLOSE_DOUBLE = "\u201d\u00bb"
_STRAIGHT_DOUBLE = '"'
_OPEN_SINGLE = "\u2018"
_CLOSE_SINGLE = "\u2019"
_STRAIGHT_SINGLE = "'"
_ALL_MARKS = _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE + _OPEN_SINGLE + _CLOSE_SINGLE + _STRAIGHT_SINGLE
_BEFORE_OPEN = set(" \t\n\r\u00a0\u2009\u202f([{\u2014\u2013-/:") | set(_ALL_MARKS)
_TERMINAL = tuple(".!?\u2026:;")


# ----------------------------------------------------------------------------------------------- marks
def _side(text: str, i: int) -> tuple[str, str]:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    return prev, nxt


def _mark_role(text: str, i: int) -> str:
    """'open', 'close', 'apostrophe' or 'either' for the quote mark at text[i], from its neighbours."""
    ch = text[i]
    prev, nxt = _side(text, i)
    opener_ctx = (prev in _BEFORE_OPEN or prev.isspace()) and not nxt.isspace()
    closer_ctx = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if ch in (_CLOSE_SINGLE, _STRAIGHT_SINGLE):
        if prev.isalnum() and nxt.isalnum():
            return "apostrophe"  # Iran’s, Kata'ib, don't
        if ch == _STRAIGHT_SINGLE and prev.isdigit():
            return "apostrophe"  # 5' (feet)
        if nxt.isdigit() and not opener_ctx:
            return "apostrophe"
    if ch == _STRAIGHT_DOUBLE and prev.isdigit() and not opener_ctx:
        return "apostrophe"  # 12" (inches)
    if opener_ctx and not closer_ctx:
        return "open"
    if closer_ctx and not opener_ctx:
        return "close"
    if ch in _OPEN_DOUBLE + _OPEN_SINGLE:
        return "open"
    if ch in _CLOSE_DOUBLE + _CLOSE_SINGLE:
        return "close"
    return "either"


def _line_continues(text: str, open_at: int, line_end: int, limit: int) -> bool:
    """Whether an unclosed quote open at the end of a line goes on in the next line."""
    if line_end >= limit:
        return False
    content = text[open_at + 1:line_end].strip()
    rest = text[line_end:limit]
    nxt = rest.lstrip()
    if not nxt or nxt[0] in _OPEN_DOUBLE + _STRAIGHT_DOUBLE + _OPEN_SINGLE:
        return False  # a new paragraph that opens its own quote: the multi-paragraph convention
    if not content:
        return True  # the opening mark ends the line: the words are on the next one
    blank = "\n" in rest[: len(rest) - len(nxt)].replace("\n", "", 1)
    return not blank and not content.endswith(_TERMINAL) and nxt[:1].islower()


def find_quotes(text: str, spans: list[tuple[int, int]] | None = None) -> list[dict]:
    """Quoted passages of `text` inside the given (start, end) spans (default: all of it).

    Each is a dict: start/end of the words between the marks (text[start:end] as printed), open_mark/
    close_mark offsets (close_mark None when the quote was capped at the paragraph end), and `paragraph`
    (offset of the start of the paragraph holding the opening mark).
    """
    spans = spans or [(0, len(text))]
    quotes: list[dict] = []
    for a, b in spans:
        quotes += _scan(text, a, b)
    return quotes


def _scan(text: str, a: int, b: int) -> list[dict]:
    out: list[dict] = []
    state = None  # None | ("double"|"single", open index)
    i = a
    while i < b:
        ch = text[i]
        if ch == "\n" and state is not None:
            kind, at = state
            if kind == "single":
                state = None  # an unclosed single mark is an apostrophe or a typo, not a quote
            elif not _line_continues(text, at, i, b):
                _emit(out, text, at, i, None)
                state = None
            i += 1
            continue
        if ch not in _ALL_MARKS:
            i += 1
            continue
        role = _mark_role(text, i)
        double = ch in _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE
        if role == "apostrophe":
            i += 1
            continue
        if state is None:
            if role in ("open", "either") and (double or role == "open"):
                state = ("double" if double else "single", i)
        else:
            kind, at = state
            if kind == "double" and not double:
                pass  # single marks inside a double quote belong to it
            elif kind == "single" and double:
                state = ("double", i) if role in ("open", "either") else None
            elif role in ("close", "either"):
                _emit(out, text, at, i, i)
                state = None
            elif role == "open" and double:
                # a second opener while open: the first was never closed; cap it before this one
                _emit(out, text, at, i, None)
                state = ("double", i)
        i += 1
    if state is not None and state[0] == "double":
        _emit(out, text, state[1], b, None)
    return out


def _emit(out, text, open_at, stop, close_at):
    start = open_at + 1
    end = stop
    if close_at is None:
        while end > start and text[end - 1].isspace():
            end -= 1
    words = text[start:end]
    if not any(c.isalpha() for c in words):
        return
    para = text.rfind("\n\n", 0, open_at)
    out.append({"start": start, "end": end, "open_mark": open_at, "close_mark": close_at,
                "paragraph": para + 2 if para >= 0 else 0})


# -------------------------------------------------------------------------------------------- speakers
def _in_quotes(quotes):
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


def _sentence_bounds(doc, start, end):
    first = doc.char_span(start, min(start + 1, end), alignment_mode="expand")
    last = doc.char_span(max(end - 1, start), end, alignment_mode="expand")
    if first is None or last is None:
        return start, end
    return first.sent.start_char, last.sent.end_char


def _nearby_verb(q, doc, inside, text):
    """No verb governs the quote: the nearest speech verb in its sentence(s), or in the attribution just
    after a quote that ends its sentence (`"…," Kirby said.` parsed as two sentences)."""
    s, e = _sentence_bounds(doc, q["start"], q["end"])
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
    s, e = _sentence_bounds(doc, q["start"], q["end"])
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
    return cue


def _is_attribution_subject(node, doc) -> bool:
    """Subject of a main clause or of a reporting verb, or the source of an 'according to' (not the
    subject of a clause reported by someone else: "Khatibzadeh said the Biden administration was…")."""
    if node.dep_ == "pobj" and node.head.lower_ == "to" and node.head.i > 0 \
            and doc[node.head.i - 1].lower_ == "according":
        return True
    if node.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = node.head
    if verb.lemma_.lower() in SPEECH_VERBS:
        return True
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


class _Salience:
    """Who 'he' or 'they' most likely is at a point of the article: the latest person (or group) that was
    the subject of a clause or an 'according to', else the latest named."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.people = [m for m in entities.mentions(ctx) if m["kind"] == "person"]
        self.subjects: list[tuple[int, str, str]] = []  # (offset, kind, name)
        doc = ctx.doc
        for m in entities.mentions(ctx):
            span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
            if span is None:
                continue
            node = span.root
            if node.dep_ == "appos":
                node = node.head
            if _is_attribution_subject(node, doc):
                self.subjects.append((m["start"], m["kind"], m["name"]))
        for ent in getattr(doc, "ents", []):
            if ent.label_ == "GPE" and _is_attribution_subject(ent.root, doc):
                name = COUNTRY_SPEAKERS.get(ent.text.lower())
                if name:
                    self.subjects.append((ent.start_char, "country", name))
        self.subjects.sort()
        # gender only from what the article itself says: "Mr Austin", "Ms Psaki", "spokeswoman"
        self.gender: dict[str, str] = {}
        for m in self.people:
            before = ctx.text[max(0, m["start"] - 40):m["start"]]
            after = ctx.text[m["end"]:m["end"] + 40]
            for g, honorific, title in (("m", "Mr|Sir|Lord|King|Prince", "spokesman|chairman|congressman"),
                                        ("f", "Mrs|Ms|Miss|Madam|Queen|Princess|Lady",
                                         "spokeswoman|chairwoman|congresswoman")):
                if re.search(rf"\b(?:{honorific})\.?\s+$", before) or re.search(
                        rf"(?i)\b(?:{title})\s+$", before) or re.match(rf"(?i),\s+[^,]{{0,50}}\b(?:{title})\b", after):
                    self.gender.setdefault(m["name"], g)

    def resolve(self, pronoun: str, at: int) -> str:
        p = pronoun.lower()
        if p in _PERSON_PRONOUNS:
            clash = "f" if p in ("he", "him") else "m"
            subj = [n for o, k, n in self.subjects if o < at and k == "person" and self.gender.get(n) != clash]
            if subj:
                self.gender.setdefault(subj[-1], "m" if clash == "f" else "f")
                return subj[-1]
            named = [m["name"] for m in self.people if m["start"] < at and self.gender.get(m["name"]) != clash]
            return named[-1] if named else ""
        if p in _GROUP_PRONOUNS:
            subj = [n for o, k, n in self.subjects if o < at and k in ("org", "country")]
            return subj[-1] if subj else ""
        return ""


def person_role(ctx, mention: dict) -> str:
    """The job title the article attaches to one person mention, as printed ("" when none):
    before the name ("Pentagon press secretary John Kirby", "The Pentagon press secretary, John Kirby")
    or after it ("Saeed Khatibzadeh, spokesman for Iran’s foreign ministry,")."""
    doc, text = ctx.doc, ctx.text
    span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
    if span is None:
        return ""
    role = _title_left(doc, span.start - 1)
    if role:
        return role
    j = span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j >= 0 and doc[j].text == "," and j - 1 >= 0:
        role = _title_left(doc, j - 1)
        if role:
            return role
    after = text[mention["end"]:mention["end"] + 120]
    m = re.match(r",\s+(?:the\s+|a\s+|an\s+)?([^,;:\n\u2014()\"\u201c\u201d]{2,90}?)\s*(?:,|;|\u2014|\bsaid\b|$)",
                 after)
    if m and not re.match(r"(?i)(who|which|that|whose|saying|and|but)\b", m.group(1)):
        words = re.findall(r"[\w\-]+", m.group(1).lower())
        if any(w in entities.TITLE_WORDS for w in words) and len(words) <= 10:
            return m.group(1).strip().rstrip(".")
    return ""


def _title_left(doc, j) -> str:
    """Words ending at token j that form a job title ("Pentagon press secretary", "U.S. President")."""
    toks = []
    while j >= 0:
        t = doc[j]
        if t.is_space or t.is_punct and t.text not in (".",):
            break
        if t.pos_ in ("NOUN", "PROPN", "ADJ") or t.tag_ == "POS" or (
                t.lower_ in ("of", "for") and toks and toks[0].lower_ in entities.TITLE_WORDS):
            toks.insert(0, t)
            j -= 1
            continue
        break
    while toks and (toks[0].lower_ in ("of", "for") or toks[0].tag_ == "POS"):
        toks.pop(0)
    if not toks:
        return ""
    last_title = max((k for k, t in enumerate(toks) if t.lower_ in entities.TITLE_WORDS), default=-1)
    if last_title < 0:
        return ""
    toks = toks[: last_title + 1]
    return doc.text[toks[0].idx:toks[-1].idx + len(toks[-1])]


def _speaker_of(subj, ctx, salience, at, quoted=()) -> tuple[str, str, dict | None]:
    """(speaker, role, person mention) named by a subject token (names inside quotes do not speak)."""
    if subj is None:
        return "", "", None
    if subj.pos_ == "PRON" or subj.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
        name = salience.resolve(subj.lower_, at)
        return name, "", None
    sub = sorted(subj.subtree, key=lambda t: t.i)
    s, e = sub[0].idx, sub[-1].idx + len(sub[-1])
    if any(s <= q0 < subj.idx for q0, _ in quoted):
        return "", "", None  # a parse that makes the quoted words part of the subject is no attribution
    cands = [m for m in entities.mentions(ctx) if s <= m["start"] and m["end"] <= e
             and not any(q0 <= m["start"] < q1 for q0, q1 in quoted)]
    people = [m for m in cands if m["kind"] == "person"]
    if people:
        # the name closest to the subject's head word ("The Pentagon press secretary, John Kirby,")
        m = min(people, key=lambda m: abs(m["start"] - subj.idx))
        return m["name"], person_role(ctx, m), m
    orgs = [m for m in cands if m["kind"] == "org"]
    if orgs:
        m = min(orgs, key=lambda m: abs(m["start"] - subj.idx))
        return m["name"], "", None
    phrase = ctx.text[s:e]
    country = COUNTRY_SPEAKERS.get(re.sub(r"\s+", " ", phrase).strip().lower())
    if country:
        return country, "", None
    head = ctx.text[s:subj.idx + len(subj)]  # the noun phrase up to its head, without relative clauses
    if subj.pos_ == "PROPN":
        return re.sub(r"(?i)^the\s+", "", re.sub(r"\s+", " ", head)).strip(), "", None
    return "", re.sub(r"(?i)^(the|a|an|two|three|several|some)\s+", "", re.sub(r"\s+", " ", head)).strip(), None


def _article_roles(ctx) -> dict[str, str]:
    """The first job title the article gives each person, for later mentions that carry none."""
    roles: dict[str, str] = {}
    for m in entities.mentions(ctx):
        if m["kind"] == "person" and m["name"] not in roles:
            role = person_role(ctx, m)
            if role:
                roles[m["name"]] = role
    return roles


def extract_quotes(ctx) -> list[dict]:
    """Rows of the `quotes` table for one article: article_id, speaker, speaker_role, text, start, end, cue,
    sentence (see the module docstring for the rules)."""
    text, doc = ctx.text, ctx.doc
    spans = ctx.article.spans(ARTICLE_KINDS) or [(0, len(text))]
    quotes = find_quotes(text, spans)
    if not quotes:
        return []
    inside = _in_quotes(quotes)
    quoted = [(q["open_mark"], q["end"] + 1) for q in quotes]
    salience = _Salience(ctx)
    roles = _article_roles(ctx)
    rows: list[dict] = []
    prev = None
    for q in quotes:
        verbs = _verbs_for_quote(q, doc, inside)
        if not verbs:
            v = _colon_verb(q, doc, inside, text) or _nearby_verb(q, doc, inside, text)
            verbs = [v] if v is not None else []
        verb = verbs[0] if verbs else None
        speaker, role, cue = "", "", ""
        for v in verbs:
            speaker, role, _ = _speaker_of(_subject(v, ctx), ctx, salience, v.idx, quoted)
            if speaker or v is verbs[-1]:
                verb = v
                cue = _cue(v, q, text)
                break
        if not speaker:
            obj = _according_to(q, doc, inside)
            if obj is not None:
                speaker, role, _ = _speaker_of(obj, ctx, salience, obj.idx)
                cue = "according to" if speaker else cue
        if not speaker and not role and verb is None and prev is not None \
                and (prev["speaker"] or prev["speaker_role"]) and _continues(prev, q, text):
            speaker, role, cue = prev["speaker"], prev["speaker_role"], prev["cue"]
        if speaker and not role:
            role = roles.get(speaker, "")
        if not speaker and not role:
            cue = ""  # nobody to credit: no cue either (a scare quote)
        s, e = _sentence_bounds(doc, q["start"], q["end"])
        row = {"article_id": ctx.article.article_id, "speaker": speaker, "speaker_role": role,
               "text": text[q["start"]:q["end"]], "start": q["start"], "end": q["end"], "cue": cue,
               "sentence": text[s:e].strip()}
        rows.append(row)
        prev = {**row, "close_mark": q["close_mark"], "paragraph": q["paragraph"]}
    return rows


def _continues(prev: dict, q: dict, text: str) -> bool:
    """Whether quote q goes on from the previous one: separated only by its attribution in one paragraph,
    or opening the paragraph after an unclosed quote or after a line ending in a colon ("Kirby said:")."""
    between = text[prev["end"]:q["start"]]
    if "\n" not in between.strip():
        return len(between) <= 120
    if prev["close_mark"] is None:
        return text[:q["start"] - 1].rstrip().endswith(prev["text"].rstrip()[-20:])
    return False


__all__ = ["AS_VERBS", "COUNTRY_SPEAKERS", "SPEECH_VERBS", "extract_quotes", "find_quotes", "person_role"]
