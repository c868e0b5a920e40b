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

House styles of other outlets, each a general rule (tests/test_quotes.py, tests/test_unseen.py):
- « guillemets » always open/close (French inner spaces are not part of the words); a single mark after an
  s is a plural possessive ('the militias' bases') when the next single mark of the paragraph can only close.
- Split quotes: an unattributed quote that is a sentence of its own goes on with the paragraph's last
  speaker however long the attribution between them; a quote running over paragraphs (first paragraph left
  open) takes the speaker named in any of its paragraphs.
- Headlines: the source after or before a colon ("… ‘at least 22’ fighters: Monitor", "Khamenei: ‘…’"),
  and ALL-CAPS lines, attributed on a re-cased copy (spaCy reads every capitalised word as a name).
- A dash signature after a quote ("“…” — Pentagon spokesman John Kirby").
- Described speakers: "the monitor/ministry/group said" is the organisation of that kind the article named
  before (a headline's, the one named after); an institution of a named party ("Syrian state media",
  "Syria's foreign ministry") speaks as printed; a pronoun in a clause below another subject ("the ministry
  condemned what it called …") is that subject; he/she skip people of the other gender, known from the
  article ("Mr", "spokeswoman", "X said she"); never guessed from a first name.

Decision on scare quotes: a quoted word with nobody to attribute it to is kept with speaker "" (and
cue ""): the marks are in the text, a reader comparing outlets wants to see them, and dropping them would
hide quotes whose attribution we failed to find.
"""

from __future__ import annotations

import re

import numpy as np

from strikebook.extract import entities
from strikebook.records import ARTICLE_KINDS
from strikebook.reference.names import NAME_PARTICLES
from strikebook.text.normalize import fold

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
#: head nouns that describe an organisation ("the monitor said", "Syrian state media said"), each with the
#: words of organisation names, and the kinds of data/reference/groups.csv, that it can stand for
_MONITOR = ({"monitor", "observatory", "watch", "watchdog"}, {"ngo"})
_GROUP = ({"group", "groups", "brigade", "brigades", "militia", "movement", "front", "hezbollah", "hizbollah",
           "forces", "units"}, {"militia"})
_GOVERNMENT = ({"government", "administration", "cabinet"}, set())  # not any ministry or department
_MEDIA = ({"media", "news", "agency", "television", "tv", "broadcaster", "press"}, {"media"})
_MILITARY = ({"army", "military", "command"}, set())  # "the military" is not the Quds Force named before
DESCRIPTIONS: dict[str, tuple[set[str], set[str]]] = {
    "monitor": _MONITOR, "observatory": _MONITOR, "watchdog": _MONITOR,
    "group": _GROUP, "militia": _GROUP, "faction": _GROUP, "movement": _GROUP, "organisation": _GROUP,
    "organization": _GROUP, "government": _GOVERNMENT, "administration": _GOVERNMENT,
    "cabinet": _GOVERNMENT, "media": _MEDIA, "agency": _MEDIA, "broadcaster": _MEDIA, "television": _MEDIA,
    "army": _MILITARY, "military": _MILITARY, "command": _MILITARY,
    "ministry": ({"ministry"}, set()), "department": ({"department"}, set()), "office": ({"office"}, set()),
    "council": ({"council"}, set()), "embassy": ({"embassy"}, set()), "presidency": ({"presidency"}, set()),
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
    if ch == "\u00ab":
        return "open"  # « » are never apostrophes and never mistaken for each other (French spacing: « mot »)
    if ch == "\u00bb":
        return "close"
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
                if kind == "single" and _plural_possessive(text, i, b):
                    i += 1
                    continue
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


def _plural_possessive(text: str, i: int, b: int) -> bool:
    """'the militias' bases': a single mark after an s, followed by a word, is a plural possessive when the
    next single mark of the paragraph can only close (the quote goes on to it)."""
    if text[i - 1:i] not in ("s", "S") or not text[i + 1:i + 2] == " " or not text[i + 2:i + 3].isalpha():
        return False
    j = i + 1
    while j < b and text[j] != "\n":
        c = text[j]
        if c in _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE:
            return False
        if c in _OPEN_SINGLE + _CLOSE_SINGLE + _STRAIGHT_SINGLE:
            role = _mark_role(text, j)
            if role != "apostrophe":
                return role == "close"
        j += 1
    return False


def _emit(out, text, open_at, stop, close_at):
    start = open_at + 1
    end = stop
    if close_at is None:
        while end > start and text[end - 1].isspace():
            end -= 1
    # « mot »: the spaces French typography puts inside the marks are not part of the words
    while start < end and text[start] in " \u00a0\u202f\u2009":
        start += 1
    while end > start and text[end - 1] in " \u00a0\u202f\u2009":
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
    else:
        m = re.match(r"(\s+(?:in|on|at|via|through|to)\s[^:;,.\n\"\u201c]{1,30}):\s*$",
                     text[verb.idx + len(verb):q["open_mark"]])
        if m and cue == verb.text:
            cue += m.group(1) + ":"  # "said in a statement:"
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


def _noun_subjects(doc):
    """The tokens that are noun subjects (nsubj/nsubjpass, NOUN/PROPN), picked from the Doc's arrays: a Python
    loop over every token of the article cost more than the rest of the speaker search."""
    from spacy.attrs import DEP, POS
    from spacy.symbols import NOUN, PROPN
    from spacy.tokens import Doc

    if not isinstance(doc, Doc):
        yield from doc
        return
    strings = doc.vocab.strings
    arr = doc.to_array([DEP, POS])
    deps = np.isin(arr[:, 0], [strings["nsubj"], strings["nsubjpass"]])
    nouns = np.isin(arr[:, 1], [NOUN, PROPN])
    for i in np.flatnonzero(deps & nouns).tolist():
        yield doc[i]


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
        # parties the reference does not know, as printed ("Syrian state media reported …", "the monitor said")
        covered = {o for o, _k, _n in self.subjects}
        for tok in _noun_subjects(doc):
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN") \
                    and (tok.lemma_.lower() in DESCRIPTIONS or tok.lower_ in DESCRIPTIONS) \
                    and _is_attribution_subject(tok, doc):
                first = min(t.idx for t in tok.subtree)
                if first in covered or entities.mention_at(ctx, first, tok.idx + len(tok)) is not None:
                    continue
                name, _role, _ = _speaker_of(tok, ctx, self, tok.idx)
                if name:
                    self.subjects.append((first, "org", name))
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

        # "Psaki said she …", "Austin said he …": the article's own pronoun for its subject
        for o, k, n in self.subjects:
            if k == "person" and n not in self.gender:
                m = re.match(r"[^.;\n\u201c\"]{0,80}?\b(?:said|says|added|told [\w ]{1,20}?|insisted|noted)\s+"
                             r"(?:that\s+)?(he|she)\b", ctx.text[o:o + 140])
                if m:
                    self.gender[n] = "m" if m.group(1) == "he" else "f"

    def _gender(self, name: str) -> str:
        """'m', 'f' or '' : what the article says first, else what the first name usually is."""
        return self.gender.get(name, "")

    def resolve(self, pronoun: str, at: int) -> str:
        p = pronoun.lower()
        if p in _PERSON_PRONOUNS:
            clash = "f" if p in ("he", "him") else "m"
            subj = [n for o, k, n in self.subjects if o < at and k == "person" and self._gender(n) != clash]
            if subj:
                self.gender.setdefault(subj[-1], "m" if clash == "f" else "f")
                return subj[-1]
            named = [m["name"] for m in self.people if m["start"] < at and self._gender(m["name"]) != clash]
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
    # the span's own text: `doc.text` would rebuild the whole article from its tokens on every call
    return doc[toks[0].i:toks[-1].i + 1].text


def _speaker_of(subj, ctx, salience, at, quoted=()) -> tuple[str, str, dict | None]:
    """(speaker, role, person mention) named by a subject token (names inside quotes do not speak)."""
    if subj is None:
        return "", "", None
    if subj.pos_ == "PRON" or subj.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
        found = _antecedent_in_sentence(subj, ctx, salience, at, quoted)
        if found is not None:
            return found
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
    printed = re.sub(r"(?i)^the\s+", "", re.sub(r"\s+", " ", head)).strip()
    if subj.pos_ == "PROPN":
        if subj.ent_type_ == "PERSON" or entities.key(printed) in entities.name_index(ctx.ref).person_surnames:
            return entities.canonical_person(printed, ctx), "", None  # "according to Kirby"
        return printed, "", None
    if subj.lemma_.lower() in DESCRIPTIONS or subj.lower_ in DESCRIPTIONS:
        mods = [t for t in subj.subtree if t.i < subj.i]
        if any(_names_a_party(t) for t in mods):
            return printed, "", None  # "Syrian state media", "Iraq's foreign ministry": a party as printed
        if any(t.lower_ in ("the", "its", "their") for t in mods):
            org = described_org(ctx, subj.lower_, at)
            if org:
                return org, "", None  # "the monitor said" → the monitor the article named before
    if subj.lower_ in _PERSON_TITLES:
        mods = [t for t in subj.subtree if t.i < subj.i]
        if any(t.lower_ == "the" for t in mods) and not any(_names_a_party(t) for t in mods):
            found = described_person(ctx, subj.lower_, at)
            if found:
                return found[0], found[1], None  # "the spokesman said" → the spokesman named before
    return "", re.sub(r"(?i)^(the|a|an|two|three|several|some)\s+", "", re.sub(r"\s+", " ", head)).strip(), None


#: titles that, after "the", stand for one person the article named ("the spokesman said"); not "the official"
_PERSON_TITLES = {"spokesman": {"spokesman", "spokesperson"}, "spokeswoman": {"spokeswoman", "spokesperson"},
                  "spokesperson": {"spokesman", "spokeswoman", "spokesperson"}, "minister": {"minister"},
                  "secretary": {"secretary"}, "president": {"president"}, "general": {"general"},
                  "commander": {"commander"}, "leader": {"leader"}, "ambassador": {"ambassador"},
                  "envoy": {"envoy"}, "premier": {"premier"}, "cleric": {"cleric"}, "admiral": {"admiral"}}


def described_person(ctx, title: str, at: int) -> tuple[str, str] | None:
    """(name, role) of the latest person named before `at` whose title — as the article gives it, else as
    data/reference/people.csv records it — has that word ("Kanaani said … “…,” the spokesman said")."""
    words = _PERSON_TITLES.get(title.lower(), set())
    people = getattr(ctx.ref, "people", None)
    for m in reversed([m for m in entities.mentions(ctx) if m["kind"] == "person" and m["end"] <= at]):
        printed = person_role(ctx, m)
        roles = [printed]
        if people is not None and "name" in getattr(people, "columns", []):
            roles += list(people.loc[people["name"] == m["name"], "role"])
        if any(words & set(re.findall(r"\w+", fold(r))) for r in roles if r):
            return m["name"], printed
    return None


def _names_a_party(tok) -> bool:
    """A modifier that names whose institution it is ("Syrian", "Iraq's"), not what kind ("UK-based")."""
    if tok.dep_ == "npadvmod" or tok.head.lower_ in ("based", "backed", "linked", "led", "run"):
        return False  # "UK-based monitor", "Iran-backed group": a description
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.text in ("-", "\u2010", "\u2011"):
        return False
    return tok.ent_type_ in ("NORP", "GPE", "ORG") or tok.pos_ == "PROPN"


def described_org(ctx, noun: str, at: int, forward: bool = False) -> str:
    """The organisation a description ("the monitor", "the ministry", "the group") stands for: the latest
    one named before `at` whose name or reference kind fits the noun (the first one after, with `forward`,
    for a headline whose source the body names later). "" when none fits."""
    fits = DESCRIPTIONS.get(noun.lower()) or DESCRIPTIONS.get(noun.lower().rstrip("s"))
    if not fits:
        return ""
    words, kinds = fits
    gaz = entities.name_index(ctx.ref)

    def ok(m) -> bool:
        names = set(re.findall(r"\w+", fold(m["name"] + " " + m["mention"])))
        return bool(names & words) or gaz.org_kind.get(m["name"], "") in kinds

    orgs = [m for m in entities.mentions(ctx) if m["kind"] == "org" and ok(m)]
    before = [m for m in orgs if m["end"] <= at]
    if before:
        return before[-1]["name"]
    after = [m for m in orgs if m["start"] >= at]
    return after[0]["name"] if forward and after else ""


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
    return _label_speaker(ctx, base + found.start(1), base + found.end(1), q["start"])


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
    return _label_speaker(ctx, base + m.start(1), base + m.end(1), q["start"], dash=True)


def _label_speaker(ctx, s: int, e: int, at: int, dash: bool = False) -> tuple[str, str, str]:
    """(speaker, role, cue) named by a short label without a verb (a headline's "Monitor", a dash signature)."""
    text, doc = ctx.text, ctx.doc
    cue = "\u2014" if dash else ":"
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
        return "", "", ""
    label = re.sub(r"\s+", " ", text[s:e]).strip()
    inside = [m for m in entities.mentions(ctx) if s <= m["start"] and m["end"] <= e]
    people = [m for m in inside if m["kind"] == "person"]
    if people or inside:
        m = (people or inside)[-1]
        return m["name"], person_role(ctx, m) if people else "", cue
    country = COUNTRY_SPEAKERS.get(label.lower())
    if country:
        return country, "", cue
    head = span.root
    org = described_org(ctx, head.lower_, at, forward=True) if head.i == span.end - 1 else ""
    if org:
        return org, "", cue
    word = head.lower_.rstrip("s") if head.lower_ not in DESCRIPTIONS else head.lower_
    if word in DESCRIPTIONS or word in entities.TITLE_WORDS:
        return "", label.lower(), cue  # "Officials: …": a described source nobody names
    if dash and head.ent_type_ == "PERSON":
        return entities.canonical_person(span.text, ctx), "", cue
    return "", "", ""  # "Analysis: ‘…’", "Live: …": a section label, not a source


def _antecedent_in_sentence(pron, ctx, salience, at, quoted):
    """'Syria's foreign ministry condemned what it called a “cowardly” attack': a pronoun subject of a
    subordinate clause stands for the subject of the clause above it, not for whoever spoke last."""
    p = pron.lower_
    if p not in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
        return None
    verb = pron.head
    while verb.head is not verb and verb.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "pcomp"):
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pron.i), None)
        if subj is None:
            continue
        if subj.pos_ == "PRON":
            return None
        found = _speaker_of(subj, ctx, salience, at, quoted)
        if not found[0]:
            return None
        is_person = found[2] is not None
        return found if is_person == (p in _PERSON_PRONOUNS) else None
    return None


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
        if not speaker and not role and verb is None:
            speaker, role, cue = _dash_source(q, ctx)
        if not speaker and not role and verb is None:
            speaker, role, cue = _headline_source(q, ctx, salience, quoted)
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
    # a paragraph left open by the convention for quotes running over paragraphs ("“A.¶“B,” Kirby said."):
    # its speaker is named in a later paragraph of the same quote
    for i in range(len(rows) - 2, -1, -1):
        here, nxt = rows[i], rows[i + 1]
        if not here["speaker"] and not here["speaker_role"] and quotes[i]["close_mark"] is None \
                and (nxt["speaker"] or nxt["speaker_role"]) \
                and _continues({**here, "close_mark": None}, quotes[i + 1], text):
            here.update(speaker=nxt["speaker"], speaker_role=nxt["speaker_role"], cue=nxt["cue"])
    _attribute_shouting(ctx, rows)
    return rows


def _opens_sentence(q: dict, text: str) -> bool:
    """The quote is a sentence of its own: its opening mark follows a full stop (or the paragraph start)
    and its words start with a capital letter."""
    before = text[:q["open_mark"]].rstrip(" \t\u00a0")
    words = text[q["start"]:q["end"]].lstrip()
    ends = before.rstrip("\"'\u201d\u2019\u00bb)")
    return bool(words[:1].isupper()) and (not before or before.endswith("\n") or ends.endswith((".", "!", "?")))


def _shouting_lines(text: str, spans) -> list[tuple[int, int]]:
    """(start, end) of lines in capitals ("KIRBY SAYS STRIKES WERE ‘DEFENSIVE’"): spaCy reads every word of
    them as a proper noun, so their quotes are attributed on a re-cased copy."""
    out = []
    for a, b in spans:
        for m in re.finditer(r"[^\n]+", text[a:b]):
            letters = [c for c in m.group() if c.isalpha()]
            if len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters):
                out.append((a + m.start(), a + m.end()))
    return out


def restore_case(line: str, ref) -> str:
    """An ALL-CAPS line in sentence case, with the names the reference knows capitalised again ("Kirby",
    "Pentagon", "Kata'ib Hezbollah") and known acronyms kept ("US", "KH"). Same length as `line`, so
    offsets into it are offsets into the original."""
    gaz = entities.name_index(ref)
    out = list(line.lower())
    if len(out) != len(line):
        return line
    lowered = "".join(out)
    for s, e, _kind, _name in gaz.find(lowered, 0, len(lowered)):
        for m in re.finditer(r"[^\W\d_]+", lowered[s:e]):
            if m.group() not in NAME_PARTICLES:
                out[s + m.start()] = out[s + m.start()].upper()
    acronyms = {k.upper() for k in COUNTRY_SPEAKERS if len(k.replace(".", "")) <= 3}
    for m in re.finditer(r"[^\W\d_][\w.'\u2019-]*", line):
        word = m.group().rstrip(".")
        k = entities.key(word)
        if word in acronyms or gaz.lookup(word) and len(k) <= 4 and word.replace(".", "").isupper():
            out[m.start():m.start() + len(word)] = list(word)
        elif k in gaz.person_surnames or word.lower() in COUNTRY_SPEAKERS:
            out[m.start()] = line[m.start()]
    first = next((i for i, c in enumerate(out) if c.isalpha()), None)
    if first is not None:
        out[first] = out[first].upper()
    return "".join(out)


def _attribute_shouting(ctx, rows: list[dict]) -> None:
    """Speakers of quotes on ALL-CAPS lines, from a parse of the re-cased line (kept when it names one)."""
    text = ctx.text
    lines = _shouting_lines(text, ctx.article.spans(ARTICLE_KINDS) or [(0, len(text))])
    if not lines:
        return
    import dataclasses

    from strikebook.extract.parse import get_nlp
    from strikebook.records import Segment

    for a, b in lines:
        here = [r for r in rows if a <= r["start"] < b]
        if not here:
            continue
        line = restore_case(text[a:b], ctx.ref)
        if line == text[a:b]:
            continue  # could not be re-cased (a character changes length in lower case)
        sub_article = dataclasses.replace(ctx.article, text=line, segments=[Segment("body", 0, len(line))])
        sub = type(ctx)(article=sub_article, doc=get_nlp()(line), ref=ctx.ref)
        found = {r["start"] + a: r for r in extract_quotes(sub)}
        for r in here:
            got = found.get(r["start"])
            if got and (got["speaker"] or not r["speaker"] and got["speaker_role"]):
                r.update(speaker=got["speaker"], speaker_role=got["speaker_role"], cue=got["cue"])


def _continues(prev: dict, q: dict, text: str) -> bool:
    """Whether quote q goes on from the previous one: separated only by its attribution in one paragraph,
    or opening the paragraph after an unclosed quote or after a line ending in a colon ("Kirby said:")."""
    between = text[prev["end"]:q["start"]]
    if "\n" not in between.strip():
        if "\n" in between and between.strip().strip(_ALL_MARKS).strip():
            return False  # an unclosed quote's paragraph ended, and the next one does not open with a quote
        # a short attribution between the two halves, or a quote that opens a new sentence of the same
        # paragraph ("“A,” Esper told reporters in Palm Beach, where he … . “B.”"): the convention is that an
        # unattributed full-sentence quote goes on with the paragraph's last speaker
        return len(between) <= 120 or _opens_sentence(q, text)
    if prev["close_mark"] is None:
        return text[:q["start"] - 1].rstrip().endswith(prev["text"].rstrip()[-20:])
    return False


__all__ = ["AS_VERBS", "COUNTRY_SPEAKERS", "DESCRIPTIONS", "SPEECH_VERBS", "described_org", "described_person",
           "extract_quotes", "find_quotes", "person_role", "restore_case"]
