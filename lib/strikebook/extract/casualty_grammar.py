"""Casualty words and their victims in spaCy's parse: which word says people were killed or wounded, and
which noun phrases count the victims.

Why a module of its own: finding a casualty mention is grammar (a verb and its object or passive subject,
a noun and its "of" phrase, "N of the dead were …", a part named after "including"), and it is one job;
reading the number is `text.numbers`' job, naming who gave the figure `casualty_sources`', and turning
mentions into rows with their event `casualties`'. Everything here looks at one sentence's tokens, so the
cost is linear in the article.

A **casualty word** (`status`) is a verb, participle or adjective of killing (kill, die, slay, dead, perish,
martyr, assassinate, succumb to wounds) or wounding (wound, injure, hurt); an injury diagnosed, treated,
suffered, sustained or reported ("were diagnosed with brain injuries", "reported injuries"); or a noun:
deaths, killing(s), fatalities, bodies, martyrs, injuries, the wounding, and lives claimed, taken or lost
("claimed the lives of 10 people", "lost their lives"). Its **victims** (`victims`) are:

* the object of an active verb ("killed three soldiers"), the subject of a passive or of a participle
  without auxiliary ("11 fighters were also wounded", "with seven officials killed"), of "die" and of
  "lose (their lives)", of a copula before "dead" ("four were dead");
* the noun a participle or adjective modifies ("three slain soldiers", "Nine persons … killed in raids");
* the "of" phrase of a noun ("the deaths of hundreds of …", "the killing of a US contractor"), a
  singular possessor ("contractor's death"), the count on the noun itself ("17 deaths", "six dead");
* around "the dead": "X among the dead", "there were four commanders among the dead", "three of the dead
  were Iraqi soldiers and two policemen" (the number of the first, each conjunct its own);
* parts and companions: "including one British and two American service members" wherever "including"
  hangs below the casualty word, "killed alongside six others";
* one row per number when two numbers share a noun ("one British and two American service members").

A singular victim noun without a number or determiner counts one in a terse headline ("Civilian among six
dead", "… Policemen & Civilian"), unless it is a rank that names a person ("Quds chief killed").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from strikebook.extract.victims import is_singular_victim_noun, victim_side
from strikebook.text.numbers import VAGUE

KILL_LEMMAS = {"kill", "die", "slay", "dead", "slain", "perish", "martyr", "assassinate"}
#: verbs whose subject is the victim ("20 fighters died", "three guards perished")
_DIE_LEMMAS = {"die", "perish", "succumb"}
WOUND_LEMMAS = {"wound", "injure", "hurt", "wounded", "injured"}
#: "were diagnosed with / treated for brain injuries", "suffered wounds", "reported injuries": wounded,
#: victims = the subject (only with an injury as object: "reported" alone is a reporting verb)
INJURY_VERBS = {"diagnose", "treat", "suffer", "sustain", "hospitalize", "hospitalise", "report", "receive"}
INJURY_NOUNS = {"injury", "wound", "concussion", "injuries", "wounds", "concussions", "shrapnel", "burn", "burns"}
#: nouns that count the killed / the wounded ("17 deaths", "the killing of a contractor", "five bodies")
KILL_NOUNS = {"death", "killing", "fatality", "body", "martyr"}
WOUND_NOUNS = {"injury", "wounding"}
#: "claimed / took / cost the lives of 10 people", "lost their lives"
LIFE_VERBS = {"claim", "take", "cost", "lose", "end"}
_ATTACK_NOUNS = {"attack", "rocket", "drone", "salvo", "missile", "bombing", "barrage", "fire", "blast",
                 "explosion", "shelling"}
_STRIKE_NOUNS = {"strike", "airstrike", "raid", "bombardment", "operation"}
#: nouns that are never victims, though a count may stand before them in a casualty sentence
_NOT_VICTIMS = {"target", "site", "facility", "location", "building", "town", "village", "city", "province",
                "area", "base", "time", "day", "week", "month", "year", "hour", "minute", "rocket", "missile",
                "drone", "bomb", "munition", "strike", "airstrike", "raid", "attack", "vehicle", "car",
                "aircraft", "percent", "%", "country", "incident", "way"}

_STATUS_LEMMAS = KILL_LEMMAS | WOUND_LEMMAS | INJURY_VERBS | KILL_NOUNS | WOUND_NOUNS | {"life", "succumb"}
#: plural casualty nouns the lemmatizer may leave as they are
_NOMINAL_WORDS = {"deaths", "killings", "bodies", "fatalities", "injuries", "martyrs"}
_STATUS_WORDS = {"killed", "killing", "slain", "dead", "died", "wounded", "injured", "hurt", "hurting", "injuring",
                 "wounding", "deaths", "killings", "bodies", "lives", "fatalities", "martyred", "perished",
                 "assassinated", "martyrs"}


@dataclass
class Victim:
    """A victim phrase of a casualty word: its head noun, and where its number stands when that is not
    at the start of the head's phrase (`count`: "Three of the dead were Iraqi soldiers", one of two
    numbers on one noun); `who` overrides the victims as phrased, `last` the phrase's last token; `part` is
    True for a part of the figure the casualty word gives ("including two children", "Civilian among six
    dead")."""

    head: object
    count: object = None
    who: str | None = None
    last: int | None = None
    part: bool = False


# --------------------------------------------------------------------------- casualty words

def status(tok) -> str:
    """'killed', 'wounded' or '' for one token (see the module docstring)."""
    lemma = tok.lemma_.lower()
    word = tok.lower_
    if tok.pos_ in ("NOUN", "PROPN"):
        if lemma == "life" or word == "lives":
            verb = tok.head
            return "killed" if tok.dep_ == "dobj" and verb.lemma_.lower() in LIFE_VERBS else ""
        if lemma in KILL_NOUNS or word in _NOMINAL_WORDS - {"injuries"}:
            return "killed" if _counted_noun(tok) else ""
        if lemma in WOUND_NOUNS:
            return "wounded" if _counted_noun(tok) else ""
    if lemma in KILL_LEMMAS or word in ("killed", "killing", "slain", "dead", "died", "martyred", "perished"):
        return "killed"
    if lemma == "succumb" and any(p.lemma_.lower() in INJURY_NOUNS for c in tok.children if c.lower_ == "to"
                                  for p in c.children):
        return "killed"  # "two more succumbed to their wounds"
    if lemma in WOUND_LEMMAS or word in ("wounded", "injured", "hurt", "hurting", "injuring", "wounding"):
        return "wounded"
    if lemma in INJURY_VERBS and injury_object(tok):
        return "wounded"
    return ""


def _counted_noun(tok) -> bool:
    """A casualty noun that counts somebody: "17 deaths", "the deaths of …", "contractor's death",
    "dozens of injuries"."""
    if has_number(tok):
        return True
    if any(c.dep_ == "poss" for c in tok.children) or _of_objects(tok) or _injured_ones(tok):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and _is_quantity(tok.head.head)


def _is_quantity(tok) -> bool:
    return tok.like_num or tok.lower_ in VAGUE


def indices_in(candidates: list[int], sent) -> list[int]:
    """The candidate token indices that lie in the sentence, in order."""
    return candidates[bisect_left(candidates, sent.start):bisect_left(candidates, sent.end)]


def status_candidates(doc) -> list[int]:
    """Indices of the tokens `status` may tag, found once per Doc from its arrays of word and lemma ids:
    calling `status` on every token of every sentence cost more than the rest of the extractor."""
    cached = doc.user_data.get("strikebook_status_candidates")
    if cached is None:
        from spacy.attrs import LEMMA, LOWER

        arr = doc.to_array([LEMMA, LOWER])
        strings = doc.vocab.strings
        lemmas = [h for h in np.unique(arr[:, 0]).tolist() if strings[h].lower() in _STATUS_LEMMAS]
        words = [h for h in np.unique(arr[:, 1]).tolist() if strings[h] in _STATUS_WORDS]
        hit = np.isin(arr[:, 0], lemmas) | np.isin(arr[:, 1], words)
        cached = doc.user_data["strikebook_status_candidates"] = np.flatnonzero(hit).tolist()
    return cached


def has_number(tok) -> bool:
    return any(c.dep_ == "nummod" for c in tok.children)


def injury_object(tok) -> bool:
    """Does this verb take an injury as object ("suffered wounds", "diagnosed with brain injuries")?"""
    for c in tok.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in INJURY_NOUNS:
            return True
        if c.dep_ == "prep" and c.lower_ in ("with", "for"):
            # "brain injuries", "concussion symptoms"
            if any(p.dep_ == "pobj" and any(t.lemma_.lower() in INJURY_NOUNS for t in p.subtree) for p in c.children):
                return True
    return False


# --------------------------------------------------------------------------- victims

def _of_objects(tok) -> list:
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
            if p.dep_ == "pobj"]


def _injured_ones(tok) -> list:
    """Who an injury noun says was hurt, counted: "minor injuries to two women and two children"."""
    if tok.lemma_.lower() not in WOUND_NOUNS:
        return []
    holders = [tok] + ([tok.head] if tok.dep_ == "dobj" else [])  # "causing injuries to …": "to" on the verb
    return [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
            if p.dep_ == "pobj" and has_number(p)]


def _passive_like(tok) -> bool:
    """A participle whose subject is its patient: "were (also) wounded", "with seven officials killed"
    (no auxiliary), not "has killed"."""
    if tok.tag_ != "VBN" or any(c.dep_ == "dobj" for c in tok.children):
        return False
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    return not aux or any(c.dep_ == "auxpass" for c in aux)


def _copula_subjects(tok) -> list:
    """"four were dead", "11 fighters were injured" (adjective after a copula): the copula's subject."""
    if tok.dep_ in ("acomp", "attr", "oprd") and tok.head.lemma_.lower() == "be":
        return [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def _around_the_dead(tok) -> list[Victim] | None:
    """"X among the dead", "N of the dead were X (and M Y)", "among those killed"; None when `tok` is not
    "the dead" (the wounded, those killed)."""
    if tok.dep_ == "acl" and tok.head.lower_ in ("those", "people") and not has_number(tok.head):
        tok = tok.head  # "Two children were among those killed", "three of those wounded"
    if tok.dep_ != "pobj":
        return None
    prep = tok.head
    if prep.lower_ == "among":
        holder = prep.head
        if holder.pos_ in ("AUX", "VERB"):  # "four commanders were among the dead", "Among the dead were …"
            return [Victim(c) for c in holder.children if c.dep_ in ("nsubj", "nsubjpass", "attr")]
        return [Victim(holder)]  # "There were four commanders among the dead", "Civilian among six dead"
    if prep.lower_ == "of" and _is_quantity(prep.head):  # "Three of the dead were Iraqi soldiers …"
        count = prep.head
        verb = count.head
        if count.dep_ == "nsubj" and verb.lemma_.lower() == "be":
            attrs = [c for c in verb.children if c.dep_ == "attr"]
            if attrs:
                return [Victim(attrs[0], count=count)]  # (its conjuncts follow as victims of their own)
        return [Victim(count, who="", last=count.i)]
    return None


def _companions(tok) -> list:
    """"killed alongside six others", "along with nine others": the counted companions of the victims."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("alongside", "with", "besides"):
            for p in c.children:
                if p.dep_ == "pobj" and (c.lower_ != "with" or p.lemma_.lower() in ("other", "others")):
                    out.append(p)
        if c.dep_ in ("advmod", "prep") and c.lower_ in ("along", "together"):
            for w in c.children:
                if w.dep_ == "prep" and w.lower_ == "with":
                    out += [p for p in w.children if p.dep_ == "pobj"]
    return [p for p in out if _is_quantity(p) or has_number(p) or p.lower_ in ("another",)]


def included_parts(sent, triggers: set[int]) -> dict[int, list]:
    """Parts named after "including" anywhere below a casualty word, by the casualty word nearest above
    them ("Three troops were killed in the attack, including one British and two American …"); found once
    per sentence."""
    out: dict[int, list] = {}
    for t in sent:
        if t.lower_ != "including" or t.i in triggers:
            continue
        node = t.head
        while node.i not in triggers and node.head.i != node.i:
            node = node.head
        if node.i in triggers:
            out.setdefault(node.i, []).extend(p for p in t.children if p.dep_ == "pobj")
    return out


def victims(tok, parts=()) -> list[Victim]:
    """The victim phrases of a casualty word (object, passive/intransitive subject, modified noun, "of"
    phrase …), conjuncts included, and `parts` (its `included_parts`)."""
    lemma = tok.lemma_.lower()
    around = _around_the_dead(tok) if tok.lower_ in ("dead", "wounded", "injured", "killed") else None
    if tok.pos_ in ("NOUN", "PROPN") and (lemma == "life" or tok.lower_ == "lives"):
        verb = tok.head
        heads = ([c for c in verb.children if c.dep_ == "nsubj"] if verb.lemma_.lower() == "lose"
                 else _of_objects(tok))
    elif tok.pos_ in ("NOUN", "PROPN") and (lemma in KILL_NOUNS | WOUND_NOUNS or tok.lower_ in _NOMINAL_WORDS):
        if has_number(tok):  # "17 deaths", "five bodies"
            heads = [tok]
        elif _of_objects(tok):  # "the deaths of hundreds of …", "the killing of a US civilian contractor"
            heads = _of_objects(tok)
        elif _injured_ones(tok):  # "injuries to two women and two children"
            heads = _injured_ones(tok)
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and _is_quantity(tok.head.head):
            among = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "among" for p in c.children
                     if p.dep_ == "pobj"]  # "dozens of minor injuries among U.S. personnel"
            who = _plain(among[0]) if among else ""
            heads = [Victim(tok.head.head, who=who, last=tok.i)]
        else:  # "contractor's death"
            heads = [c for c in tok.children if c.dep_ == "poss"]
    elif has_number(tok) and tok.dep_ != "amod":  # "left 17 dead", "six dead in US strikes", "with 12 wounded"
        heads = [tok]
        if around:  # "Civilian among six dead": a part of the six
            heads += [Victim(v.head, v.count, v.who, v.last, part=True) for v in around]
    elif around is not None:  # "four of its commanders were among the dead"
        heads = around
    elif lemma in INJURY_VERBS:  # "100 service members were diagnosed with brain injuries"
        heads = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
        if not heads and tok.dep_ == "acl":  # "resulted in 21 U.S. personnel sustaining injuries"
            heads = [tok.head]
    elif tok.dep_ in ("oprd", "advcl", "xcomp") and tok.head.lemma_.lower() == "leave" and any(
            c.dep_ == "dobj" for c in tok.head.children):  # "left at least 18 militiamen dead", "left four wounded"
        heads = [c for c in tok.head.children if c.dep_ == "dobj"] or ([tok] if has_number(tok) else [])
    elif tok.dep_ == "amod" or (tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)):  # (not "a statement that 12 … had been killed")
        heads = [_counted_above(tok.head)]  # "three slain US soldiers", "Nine persons … killed in raids"
    elif _copula_subjects(tok):  # "four were dead"
        heads = _copula_subjects(tok)
    else:  # "killed three soldiers", "five militiamen were killed", "20 fighters died", "and 34 wounded"
        # "25 fighters were killed and 55 others wounded": the second participle's subject is a victim
        elliptical = tok.dep_ == "conj" and (any(c.dep_ == "nsubjpass" for c in tok.head.children) or (
            tok.head.lemma_.lower() == "leave" and any(c.dep_ == "oprd" and status(c) for c in tok.head.children)))
        # a headline's "Four PMU members killed" (tagged as a past tense without object) is passive too
        headline = tok.tag_ == "VBD" and not any(c.dep_ in ("dobj", "aux", "auxpass") for c in tok.children)
        patient = lemma in _DIE_LEMMAS or elliptical or _passive_like(tok)
        # the subject may hang off the auxiliary ("11 fighters were also wounded" → fighters ← were)
        kids = list(tok.children) + [k for c in tok.children if c.dep_ in ("aux", "auxpass") for k in c.children]
        heads = [c for c in kids
                 if c.dep_ in ("dobj", "nsubjpass")
                 or (c.dep_ == "nsubj" and (patient or c.like_num or headline and (has_number(c) or _is_quantity(c)))
                     and c.lemma_.lower() not in _ATTACK_NOUNS | _STRIKE_NOUNS)]
        heads += _companions(tok)
    out: list[Victim] = []
    for h in heads:
        v = h if isinstance(h, Victim) else Victim(h)
        out.append(v)
        h = v.head
        out += [Victim(c) for c in h.conjuncts if c.i > h.i and not status(c)]  # ("three dead and 14 injured")
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "including"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        # "a number of contractors and a US service member": the conjuncts of the inner noun;
                        # "several others, including a member of the US military": the included noun
                        if c.lower_ == "including":
                            out.append(Victim(p, part=True))
                        out += [Victim(x, part=c.lower_ == "including") for x in p.conjuncts if x.i > p.i]
    seen = {v.head.i for v in out}
    for p in parts:
        if p.i not in seen:
            out.append(Victim(p, part=True))
            out += [Victim(x, part=True) for x in p.conjuncts if x.i > p.i]
    return [s for v in out if v.head.lemma_.lower() not in _NOT_VICTIMS for s in _split_counts(v)]


def _counted_above(noun):
    """The noun a reduced relative "killed in …" counts: the noun it follows, or, when that has no number and
    ends a phrase after a participle, the counted noun before ("Nine workers linked to the militia killed in
    raids": workers, not militia)."""
    if has_number(noun) or noun.dep_ != "pobj":
        return noun
    verb = noun.head.head
    if verb.tag_ == "VBN":
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and has_number(c)]
        if subj:
            return subj[0]
        if verb.dep_ == "acl" and has_number(verb.head):
            return verb.head
    return noun


def _split_counts(v: Victim) -> list[Victim]:
    """"one British and two American service members": one victim per number on one noun, each with its
    own words and the nouns they share."""
    head = v.head
    # a number that carries its own casualty word is a figure of its own ("12 dead, 30 hurt")
    nums = [c for c in head.children if c.dep_ == "nummod" and c.i < head.i
            and not any(x.dep_ in ("amod", "acl") and status(x) for x in c.children)]
    if v.count is not None or len(nums) < 2:
        return [v]
    doc = head.doc
    shared = [t.text for t in doc[nums[-1].i + 1:head.i + 1] if t.pos_ in ("NOUN", "PROPN") and (
        t.i == head.i or t.dep_ == "compound")]
    out = []
    for k, num in enumerate(nums):
        last = nums[k + 1].i if k + 1 < len(nums) else head.i + 1
        words = [t for t in doc[num.i + 1:last] if t.dep_ not in ("cc", "punct")]
        if k + 1 < len(nums):
            own = [t.text for t in words]
            out.append(Victim(head, count=num, who=" ".join(own + [w for w in shared if w not in own]),
                              last=words[-1].i if words else num.i, part=v.part))
        else:
            out.append(Victim(head, count=num, who=" ".join(t.text for t in words), last=head.i, part=v.part))
    return out


def _plain(head) -> str:
    start, end = phrase(head)
    return re.sub(r"^(?:the|a|an)\s+", "", head.doc[start:end].text, flags=re.I)


def phrase(head, keep_of: bool = False) -> tuple[int, int]:
    """Token range [start, end) of a victim noun phrase: its subtree without conjuncts, clauses and
    most prepositional phrases ('of' is kept after a number or a member: "a member of the US military",
    "25 of its fighters"; always with `keep_of`: "an official of an Iraqi armed group")."""
    drop = set()
    keeps_of = keep_of or head.like_num or head.lower_ in ("number", "member", "members", "dozens", "hundreds",
                                                            "thousands", "scores", "total", "minimum", "maximum")
    for c in head.children:
        if c.dep_ in ("conj", "cc", "relcl", "acl", "appos", "punct", "advcl") or (
                c.dep_ == "prep" and c.lower_ != "of") or c.i > head.i and c.dep_ == "prep" and c.lower_ == "of" \
                and not keeps_of:
            drop.update(t.i for t in c.subtree)
        elif _is_quantity(head) and any(t.text in ",;" for t in head.doc[min(c.i, head.i):max(c.i, head.i)]) or (
                c.dep_ == "nummod" and any(x.dep_ in ("amod", "acl") and status(x) for x in c.children)):
            drop.update(t.i for t in c.subtree)  # "16 dead, 25 wounded": "16 dead" is no part of "25 wounded"
    idx = [t.i for t in head.subtree if t.i not in drop and not t.is_space]
    return min(idx), max(idx) + 1


def bare_singular(head) -> bool:
    """A singular victim noun standing alone, counted one: "Civilian among six dead", "contractor's death",
    "… Policemen & Civilian" (headlines drop the article). Not with a determiner ("the contractor" is one
    already counted), not a rank naming a person ("Quds chief", "General Soleimani"), not a name."""
    if not is_singular_victim_noun(head.lower_) or head.ent_type_ in ("PERSON",):
        return False
    for c in head.children:
        if c.dep_ in ("det", "nummod", "poss", "predet") or c.ent_type_ == "PERSON" or c.dep_ == "appos":
            return False
    return not (head.dep_ == "compound" or head.head.ent_type_ == "PERSON" and head.head.i > head.i)


# --------------------------------------------------------------------------- events

def agent(tok):
    """The thing doing the killing: the subject of the casualty verb (through 'that' and conjuncts)."""
    node = tok
    while node.dep_ == "conj":
        node = node.head
    for c in node.children:
        if c.dep_ == "nsubj":
            if c.lower_ in ("that", "which") and node.dep_ == "relcl":
                return node.head
            return c
    if node.dep_ in ("relcl", "acl"):
        return node.head
    if node.dep_ == "advcl" and node.tag_ == "VBG":  # "rockets slammed into the base, killing …"
        for c in node.head.children:
            if c.dep_ == "nsubj":
                return c
    return None


def event_hint(tok, who: str) -> str:
    """'attack_on_us' when the victims are US/coalition people or an attack did the killing, else 'us_strike'."""
    if victim_side(who) == "us":
        return "attack_on_us"
    a = agent(tok)
    if a is not None:
        if a.lemma_.lower() in _ATTACK_NOUNS:
            return "attack_on_us"
        if a.lemma_.lower() in _STRIKE_NOUNS:
            return "us_strike"
    return "us_strike"
