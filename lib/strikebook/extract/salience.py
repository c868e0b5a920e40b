"""Who a pronoun or a statement stands for at a point of the article: its salient people and parties.

Why apart from naming a subject (`speaker_names`): salience is a running account of the whole article —
who was the subject of which clause, who reported what, who issued a statement — built once per article,
while naming looks at one phrase. "he"/"she" is the subject of the latest attribution, else the latest
person named, skipping people of the other gender as the article shows it ("Mr", "spokeswoman", "X said
she"), never guessed from a first name; "it"/"they" the latest organisation or country that was a subject.
"The statement said" is the author of the latest statement, credited quote or reported speech: whoever
"released a statement", spoke "in a statement", or was the last to be quoted or to report something.
Look-ups are bisections over offsets kept in text order.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np

from strikebook.extract import entities
from strikebook.extract.attribution_index import parse_index, tokens_with_lemma
from strikebook.extract.speaker_names import Credit, speaker_of
from strikebook.extract.speech_words import (
    COUNTRY_SPEAKERS,
    DESCRIPTIONS,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    SPEECH_VERBS,
    STATEMENT_WORDS,
)

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
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb.dep_ == "ROOT"


def _reports(node, doc) -> bool:
    """Subject of a reporting verb, or the source of an 'according to': someone who says something."""
    if node.dep_ == "pobj" and node.head.lower_ == "to" and node.head.i > 0 \
            and doc[node.head.i - 1].lower_ == "according":
        return True
    return node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_.lower() in SPEECH_VERBS


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
        self._speech: list[tuple[int, Credit]] = []  # subjects of reporting verbs, as (offset, credit)
        self._said: list[tuple[int, Credit]] = []
        self._said_at: list[int] = []
        self._noted: list[tuple[int, Credit]] = []
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
                if _reports(node, doc):
                    self._speech.append((m["start"], Credit(m["name"], "", None, m["kind"])))
        for ent in getattr(doc, "ents", []):
            if ent.label_ == "GPE" and _is_attribution_subject(ent.root, doc):
                name = COUNTRY_SPEAKERS.get(ent.text.lower())
                if name:
                    self.subjects.append((ent.start_char, "country", name))
                    if _reports(ent.root, doc):
                        self._speech.append((ent.start_char, Credit(name, "", None, "country")))
        # parties the reference does not know, as printed ("Syrian state media reported …", "the monitor said")
        covered = {o for o, _k, _n in self.subjects}
        for tok in _noun_subjects(doc):
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN") \
                    and (tok.lemma_.lower() in DESCRIPTIONS or tok.lower_ in DESCRIPTIONS) \
                    and _is_attribution_subject(tok, doc):
                first = tok.left_edge.idx
                if first in covered or entities.mention_at(ctx, first, tok.idx + len(tok)) is not None:
                    continue
                found = speaker_of(tok, ctx, self, tok.idx)
                if found.speaker and found.kind in ("org", "country"):
                    self.subjects.append((first, "org", found.speaker))
                    if _reports(tok, doc):
                        self._speech.append((first, found))
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

        self._init_statements(ctx)

    # ---------------------------------------------------------------------------------------- statements
    def _init_statements(self, ctx) -> None:
        """Who spoke, in text order: subjects of reporting verbs, and authors of statements named as the object
        of a verb or the place of speech ("The Pentagon released a statement", "X said in a statement",
        "the Pentagon's statement")."""
        doc = ctx.doc
        parse = parse_index(doc)
        authors = []
        for i in tokens_with_lemma(doc, STATEMENT_WORDS):
            tok = doc[i]
            if tok.dep_ in ("nsubj", "nsubjpass"):
                continue
            found = self._author_of(tok, ctx, parse)
            if found is not None:
                authors.append((tok.idx, found))
        self._said = sorted(self._speech + authors, key=lambda x: x[0])
        self._said_at = [o for o, _ in self._said]
        self._noted: list[tuple[int, Credit]] = []

    def _author_of(self, noun, ctx, parse) -> Credit | None:
        """The author of a statement noun that is not a subject: a name inside its phrase ("the Pentagon's
        statement"), else the subject of the verb it hangs on ("X released a statement", "X said in a
        statement"), when that names someone (not a pronoun)."""
        doc = noun.doc
        inside = entities.mention_index(ctx).within(noun.left_edge.idx, noun.idx)
        if inside:
            m = inside[-1]
            return Credit(m["name"], "", None, m["kind"])
        node = noun
        for _ in range(4):
            if node.head.i == node.i:
                return None
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                break
        else:
            return None
        for c in parse.subjects.get(node.i, ()):
            subj = doc[c]
            if subj.pos_ == "PRON":
                return None
            found = speaker_of(subj, ctx, self, subj.idx)
            return found if found.speaker else None
        return None

    def note(self, at: int, credit: Credit) -> None:
        """Record the speaker credited with a quote at `at` (quotes are credited in text order)."""
        if credit.speaker:
            self._noted.append((at, credit))

    def last_speaker(self, at: int) -> tuple[int, Credit] | None:
        """(offset, credit) of whoever spoke last before `at`: the latest author of a statement, speaker
        credited with a quote, or subject of a reporting verb."""
        k = bisect_left(self._said_at, at)
        best = self._said[k - 1] if k else None
        recent = self._noted[-_LOOKBACK:]
        j = bisect_left([o for o, _ in recent], at)
        if j and (best is None or recent[j - 1][0] >= best[0]):
            best = recent[j - 1]
        return best

    def statement_author(self, at: int) -> Credit | None:
        """Who "the statement" (or "it" of a statement) speaks for at `at`: whoever spoke last."""
        last = self.last_speaker(at)
        return last[1] if last is not None else None

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
