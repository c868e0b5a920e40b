"""Who a speaker is: the subject of a reporting verb, a headline label or a pronoun, resolved to a name.

Why apart from finding the verb (`speakers`): the same resolution serves every way a quote is credited
(a verb's subject, "according to X", a headline's "…: Monitor", a dash signature), and it is where the
article's and the reference's knowledge of people and organisations meet:
- a subject that is a title ("The Pentagon press secretary, John Kirby,") or an honorific ("Mr Austin")
  resolves to the person; "he"/"she" to the most salient person (`Salience`: the subject of the latest
  attribution, else the latest person named), skipping people of the other gender as the article shows it
  ("Mr", "spokeswoman", "X said she"), never guessed from a first name; a pronoun in a clause below another
  subject ("the ministry condemned what it called …") is that subject;
- organisations and countries speak too ("Iran condemned …"); "the monitor/ministry/group said" is the
  organisation of that kind the article named before (a headline's, the one named after); an institution
  of a named party ("Syrian state media", "Syria's foreign ministry") speaks as printed; "the spokesman
  said" is the spokesman named before.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np

from strikebook.extract import entities
from strikebook.extract.attribution_index import EMPTY, Spans, parse_index
from strikebook.extract.speech_words import (
    COUNTRY_SPEAKERS,
    DESCRIPTIONS,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    SPEECH_VERBS,
)
from strikebook.text.normalize import fold

#: how far up the dependency tree a clause's subject is looked for
_MAX_DEPTH = 40
#: how many earlier subjects a pronoun looks back over (skipping people of the other gender)
_LOOKBACK = 50


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
    for _ in range(_MAX_DEPTH):
        if verb.dep_ != "conj" or verb.head is verb:
            break
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


class Salience:
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
                first = tok.left_edge.idx
                if first in covered or entities.mention_at(ctx, first, tok.idx + len(tok)) is not None:
                    continue
                name, _role, _ = speaker_of(tok, ctx, self, tok.idx)
                if name:
                    self.subjects.append((first, "org", name))
        self.subjects.sort()
        self._person_subjects = [(o, n) for o, k, n in self.subjects if k == "person"]
        self._person_offsets = [o for o, _ in self._person_subjects]
        self._group_subjects = [(o, n) for o, k, n in self.subjects if k in ("org", "country")]
        self._group_offsets = [o for o, _ in self._group_subjects]
        self._people_starts = [m["start"] for m in self.people]
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
        if p in PERSON_PRONOUNS:
            clash = "f" if p in ("he", "him") else "m"
            k = bisect_left(self._person_offsets, at)
            for j in range(k - 1, max(-1, k - 1 - _LOOKBACK), -1):
                n = self._person_subjects[j][1]
                if self._gender(n) != clash:
                    self.gender.setdefault(n, "m" if clash == "f" else "f")
                    return n
            k = bisect_left(self._people_starts, at)
            for j in range(k - 1, max(-1, k - 1 - _LOOKBACK), -1):
                n = self.people[j]["name"]
                if self._gender(n) != clash:
                    return n
            return ""
        if p in GROUP_PRONOUNS:
            k = bisect_left(self._group_offsets, at)
            return self._group_subjects[k - 1][1] if k else ""
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
    stop = j - 20  # a title is a few words
    while j >= 0 and j > stop:
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


def _left_words(subj, limit: int = 30) -> list:
    """The words of the subject's phrase before its head (at most `limit`): its determiners and modifiers."""
    doc = subj.doc
    return list(doc[max(subj.left_edge.i, subj.i - limit):subj.i])


def _nearest(index, at: int, s: int, e: int, quoted: Spans):
    """The mention of `index` inside text[s:e], outside quotes, whose start is nearest `at` (the earlier one
    on a tie), found by bisection and a walk outwards."""
    starts, rows = index.starts, index.rows
    k = bisect_left(starts, at)
    left, right = k - 1, k
    best_l = best_r = None
    while left >= 0 and starts[left] >= s:
        m = rows[left]
        if m["end"] <= e and not quoted.covers(m["start"]):
            best_l = m
            break
        left -= 1
    while right < len(rows) and starts[right] < e:
        m = rows[right]
        if m["end"] <= e and not quoted.covers(m["start"]):
            best_r = m
            break
        right += 1
    if best_l is None or best_r is None:
        return best_l or best_r
    return best_l if at - best_l["start"] <= best_r["start"] - at else best_r


def speaker_of(subj, ctx, salience, at, quoted: Spans = EMPTY) -> tuple[str, str, dict | None]:
    """(speaker, role, person mention) named by a subject token (names inside quotes do not speak)."""
    if subj is None:
        return "", "", None
    if subj.pos_ == "PRON" or subj.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        found = _antecedent_in_sentence(subj, ctx, salience, at, quoted)
        if found is not None:
            return found
        name = salience.resolve(subj.lower_, at)
        return name, "", None
    s, e = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
    if quoted.any_start_in(s, subj.idx):
        return "", "", None  # a parse that makes the quoted words part of the subject is no attribution
    # the name closest to the subject's head word ("The Pentagon press secretary, John Kirby,")
    m = _nearest(entities.mention_index(ctx, "person"), subj.idx, s, e, quoted)
    if m is not None:
        return m["name"], person_role(ctx, m), m
    m = _nearest(entities.mention_index(ctx, "org"), subj.idx, s, e, quoted)
    if m is not None:
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
        mods = _left_words(subj)
        if any(_names_a_party(t) for t in mods):
            return printed, "", None  # "Syrian state media", "Iraq's foreign ministry": a party as printed
        if any(t.lower_ in ("the", "its", "their") for t in mods):
            org = described_org(ctx, subj.lower_, at)
            if org:
                return org, "", None  # "the monitor said" → the monitor the article named before
    if subj.lower_ in PERSON_TITLES:
        mods = _left_words(subj)
        if any(t.lower_ == "the" for t in mods) and not any(_names_a_party(t) for t in mods):
            found = described_person(ctx, subj.lower_, at)
            if found:
                return found[0], found[1], None  # "the spokesman said" → the spokesman named before
    return "", re.sub(r"(?i)^(the|a|an|two|three|several|some)\s+", "", re.sub(r"\s+", " ", head)).strip(), None


def described_person(ctx, title: str, at: int) -> tuple[str, str] | None:
    """(name, role) of the latest person named before `at` whose title — as the article gives it, else as
    data/reference/people.csv records it — has that word ("Kanaani said … “…,” the spokesman said")."""
    words = frozenset(PERSON_TITLES.get(title.lower(), set()))
    fitting = _fitting(ctx, ("person-title", words), lambda: _people_with_title(ctx, words))
    m = fitting.last_before(at)
    return (m["name"], person_role(ctx, m)) if m is not None else None


def _reference_roles(ref) -> dict[str, list[str]]:
    """name -> every role data/reference/people.csv gives that person (computed once per Reference)."""
    cached = _REF_ROLES.get(id(ref))
    if cached is not None and cached[0] is ref:
        return cached[1]
    roles: dict[str, list[str]] = {}
    people = getattr(ref, "people", None)
    if people is not None and {"name", "role"} <= set(getattr(people, "columns", [])):
        for name, role in zip(people["name"], people["role"], strict=True):
            roles.setdefault(str(name), []).append(str(role) if isinstance(role, str) else "")
    _REF_ROLES[id(ref)] = (ref, roles)
    return roles


_REF_ROLES: dict[int, tuple[object, dict]] = {}


def _fitting(ctx, key, build) -> entities.MentionIndex:
    """A `MentionIndex` of the article's mentions that fit one description, built once per Doc and key."""
    cache = ctx.doc.user_data.setdefault(_FITTING_KEY, {}) if hasattr(ctx.doc, "user_data") else {}
    found = cache.get(key)
    if found is None:
        found = cache[key] = entities.MentionIndex(build())
    return found


_FITTING_KEY = "strikebook.extract.speaker_names.fitting"


def _people_with_title(ctx, words: frozenset) -> list[dict]:
    """Person mentions whose title — as the article gives it, else as people.csv records it — has one of
    `words`."""
    ref_roles = _reference_roles(ctx.ref)
    out = []
    for m in entities.mention_index(ctx, "person").rows:
        roles = [person_role(ctx, m), *ref_roles.get(m["name"], [])]
        if any(words & set(re.findall(r"\w+", fold(r))) for r in roles if r):
            out.append(m)
    return out


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

    key = ("org", frozenset(words), frozenset(kinds))
    orgs = _fitting(ctx, key, lambda: [m for m in entities.mention_index(ctx, "org").rows if ok(m)])
    before = orgs.last_before(at)
    if before is not None:
        return before["name"]
    k = bisect_left(orgs.starts, at)
    return orgs.rows[k]["name"] if forward and k < len(orgs.rows) else ""


def label_speaker(ctx, s: int, e: int, at: int, dash: bool = False) -> tuple[str, str, str]:
    """(speaker, role, cue) named by a short label without a verb (a headline's "Monitor", a dash signature)."""
    text, doc = ctx.text, ctx.doc
    cue = "\u2014" if dash else ":"
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
        return "", "", ""
    label = re.sub(r"\s+", " ", text[s:e]).strip()
    inside = entities.mention_index(ctx).within(s, e)
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
    if p not in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return None
    verb = pron.head
    doc = pron.doc
    subjects = parse_index(doc).subjects
    for _ in range(_MAX_DEPTH):
        if verb.head is verb or verb.dep_ not in ("ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "pcomp"):
            break
        verb = verb.head
        subj = next((doc[c] for c in subjects.get(verb.i, ()) if c < pron.i), None)
        if subj is None:
            continue
        if subj.pos_ == "PRON":
            return None
        found = speaker_of(subj, ctx, salience, at, quoted)
        if not found[0]:
            return None
        is_person = found[2] is not None
        return found if is_person == (p in PERSON_PRONOUNS) else None
    return None


def article_roles(ctx) -> dict[str, str]:
    """The first job title the article gives each person, for later mentions that carry none."""
    roles: dict[str, str] = {}
    for m in entities.mentions(ctx):
        if m["kind"] == "person" and m["name"] not in roles:
            role = person_role(ctx, m)
            if role:
                roles[m["name"]] = role
    return roles

