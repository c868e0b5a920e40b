"""Casualty figures and other counted facts (targets, munitions, troops), each with its evidence.

Why: outlets disagree on how many were killed or wounded and on who says so; a chart of casualty
figures is only useful when every number keeps its qualifier ("at least five"), its victims
("Iraqi militiamen"), the source the article gives ("Syrian Observatory for Human Rights") and the
event it belongs to (the attack on US forces, or the US strikes).

How (spaCy dependency parse, one sentence at a time, the article's own words only):

* A casualty word is a verb, participle or adjective of killing (kill, die, slay, dead) or wounding
  (wound, injure, hurt), a counted noun ("17 deaths", "12 injuries"), or an injury diagnosed, treated,
  suffered or sustained ("100 service members were diagnosed with traumatic brain injuries": wounded,
  as the Pentagon counted them). Its victims are its object ("killed three US soldiers"), its passive
  or intransitive subject ("five militiamen were killed", "20 fighters died"), the subject of an
  elliptical second participle ("25 were killed and 55 others wounded"), the subject of "were among
  the dead", the object of "left … dead", or the noun it modifies ("three slain soldiers");
  conjoined victims are separate rows ("a contractor and a US service member") and share the event
  of the first. "a total of 29 fighters" = 29; "25 of its fighters" = 25, victims "its fighters".
* A casualty verb whose object the parser missed (headlines, a number in quotation marks: "raids kill
  ‘at least 22’ fighters") is read from the words that follow it. "The (death) toll (from …) rose
  to / stood at / at N", "put the toll at between 17 and 22" are killed figures without victims.
* The number is read from the start of the victim phrase: numerals (2,500), number words (one to
  ninety), "a"/"an" = 1, "a dozen" = 12, "dozens" = at least 24, "hundreds" = at least 200.
  "Several", "a number of", "some", "many", "other …" carry no number: no row (a figure nobody
  gave is not invented). Victims without a number ("killed and wounded people") give no row.
* Qualifiers: exact (3 → 3/3), at least (min), more than / over (min, exclusive), about / around /
  nearly / almost / some / approximately (min = max = the number, qualifier about), up to / as
  many as / fewer than (max only), between A and B / A to B (A/B).
* Source: "according to X"; "X reported/said/confirmed/…" when the casualty word is inside what X
  said (also "X said in a statement that …", and a trailing "…, the SOHR said."); a reporting verb
  the parser left without a subject takes the noun right before it ("In Syria, the Syrian
  Observatory … reported that …"); a headline's source follows a colon ("…: Monitor"). "of" phrases
  stay in a source ("an official of an Iraqi armed group"). Pronoun speakers resolve to the last
  person named before. Empty = the writer's narration.
* Event: victims on the US side (US, American, coalition, contractor, service member, soldiers,
  troops, personnel) or an attack as the agent → the attack on US forces; otherwise the strikes.
  `events.event_for_sentence` then picks the event (dates in the sentence, shared words).
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np

from strikebook.extract.victims import victim_side
from strikebook.text.numbers import NUMBER as _NUM
from strikebook.text.numbers import QUALIFIER, VAGUE, parse_number, read_quantity
from strikebook.text.numbers import QUALIFIER_WORDS as _QUALIFIER_WORDS

_QUAL = rf"(?P<qual>{_QUALIFIER_WORDS})?\s*"

KILL_LEMMAS = {"kill", "die", "slay", "dead", "slain"}
WOUND_LEMMAS = {"wound", "injure", "hurt", "wounded", "injured"}
#: "were diagnosed with / treated for brain injuries", "suffered wounds": wounded, victims = the subject.
INJURY_VERBS = {"diagnose", "treat", "suffer", "sustain", "hospitalize", "hospitalise"}
INJURY_NOUNS = {"injury", "wound", "concussion", "injuries", "wounds", "concussions", "shrapnel", "burn", "burns"}
_UNITS = {
    "target": "targets", "facility": "facilities", "site": "sites", "location": "sites", "building": "sites",
    "munition": "munitions", "bomb": "munitions", "missile": "munitions", "rocket": "munitions",
    "shell": "munitions", "round": "munitions",
    "troop": "troops", "soldier": "troops", "personnel": "troops", "marine": "troops", "service": "troops",
    "aircraft": "aircraft", "bomber": "aircraft", "jet": "aircraft", "plane": "aircraft", "fighter": "troops",
    "drone": "drones", "strike": "strikes", "airstrike": "strikes", "raid": "strikes",
    "group": "groups", "militia": "groups",
}
REPORTING = {"say", "report", "confirm", "tell", "announce", "state", "claim", "add", "note", "estimate",
             "put", "count", "reveal", "acknowledge", "warn", "write", "describe", "indicate", "show"}
_PRONOUNS = {"he", "she", "they", "it"}
_STATEMENT_NOUNS = {"statement", "report", "interview", "communique", "communiqué", "briefing", "post", "tweet",
                    "message", "announcement"}
_ATTACK_NOUNS = {"attack", "rocket", "drone", "salvo", "missile", "bombing", "barrage", "fire", "blast",
                 "explosion", "shelling"}
_STRIKE_NOUNS = {"strike", "airstrike", "raid", "bombardment", "operation"}


# --------------------------------------------------------------------------- casualties

def _status(tok) -> str:
    lemma = tok.lemma_.lower()
    word = tok.lower_
    if lemma in KILL_LEMMAS or word in ("killed", "killing", "slain", "dead", "died"):
        return "killed"
    if lemma in WOUND_LEMMAS or word in ("wounded", "injured", "hurt", "hurting", "injuring", "wounding"):
        return "wounded"
    if lemma in INJURY_VERBS and _injury_object(tok):
        return "wounded"
    if tok.pos_ == "NOUN" and _has_number(tok):  # "caused 17 deaths", "five fatalities", "12 injuries"
        if lemma in ("death", "fatality"):
            return "killed"
        if lemma in ("injury",):
            return "wounded"
    return ""


#: what `_status` looks at: a token whose lemma and word are in neither set is never a casualty word
_STATUS_LEMMAS = KILL_LEMMAS | WOUND_LEMMAS | INJURY_VERBS | {"death", "fatality", "injury"}
_STATUS_WORDS = {"killed", "killing", "slain", "dead", "died", "wounded", "injured", "hurt", "hurting", "injuring",
                 "wounding"}


def _indices_in(candidates: list[int], sent) -> list[int]:
    """The candidate token indices that lie in the sentence, in order."""
    return candidates[bisect_left(candidates, sent.start):bisect_left(candidates, sent.end)]


def _status_candidates(doc) -> list[int]:
    """Indices of the tokens `_status` may tag, found once per Doc from its arrays of word and lemma ids:
    calling `_status` on every token of every sentence cost more than the rest of the extractor."""
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


def _number_candidates(doc) -> list[int]:
    """Indices of the tokens `extract_figures` looks at (a `nummod` or a number-like word), once per Doc."""
    cached = doc.user_data.get("strikebook_number_candidates")
    if cached is None:
        from spacy.attrs import DEP, LIKE_NUM

        arr = doc.to_array([DEP, LIKE_NUM])
        hit = (arr[:, 0] == doc.vocab.strings["nummod"]) | (arr[:, 1] != 0)
        cached = doc.user_data["strikebook_number_candidates"] = np.flatnonzero(hit).tolist()
    return cached


def _has_number(tok) -> bool:
    return any(c.dep_ == "nummod" for c in tok.children)


def _injury_object(tok) -> bool:
    """Does this verb take an injury as object ("suffered wounds", "diagnosed with brain injuries")?"""
    for c in tok.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in INJURY_NOUNS:
            return True
        if c.dep_ == "prep" and c.lower_ in ("with", "for"):
            # "brain injuries", "concussion symptoms"
            if any(p.dep_ == "pobj" and any(t.lemma_.lower() in INJURY_NOUNS for t in p.subtree) for p in c.children):
                return True
    return False


def _victim_heads(tok) -> list:
    """The victim nouns of a casualty word (object, passive/intransitive subject or modified noun)."""
    if tok.lemma_.lower() in INJURY_VERBS:  # "100 service members were diagnosed with brain injuries"
        heads = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
    elif tok.dep_ == "pobj" and tok.head.lower_ == "among":  # "four of its commanders were among the dead"
        heads = [c for c in tok.head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    elif tok.dep_ == "oprd" and tok.head.lemma_.lower() == "leave":  # "left at least 18 militiamen dead"
        heads = [c for c in tok.head.children if c.dep_ == "dobj"] or ([tok] if _has_number(tok) else [])
    elif tok.dep_ == "amod":  # "three slain US soldiers", "the wounded contractor"
        heads = [tok.head]
    elif any(c.dep_ == "nummod" for c in tok.children):  # "left 17 dead"
        heads = [tok]
    else:  # "killed three soldiers", "five militiamen were killed", "20 fighters died", "and 34 wounded"
        # "25 fighters were killed and 55 others wounded": the second participle's subject is a victim
        elliptical = tok.dep_ == "conj" and (any(c.dep_ == "nsubjpass" for c in tok.head.children) or (
            tok.head.lemma_.lower() == "leave" and any(c.dep_ == "oprd" and _status(c) for c in tok.head.children)))
        heads = [c for c in tok.children
                 if c.dep_ in ("dobj", "nsubjpass")
                 or (c.dep_ == "nsubj" and (tok.lemma_.lower() == "die" or c.like_num or elliptical))]
    out = []
    for h in heads:
        out.append(h)
        out += [c for c in h.conjuncts if c.i > h.i]
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "including"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        # "a number of contractors and a US service member": the conjuncts of the inner noun;
                        # "several others, including a member of the US military": the included noun
                        if c.lower_ == "including":
                            out.append(p)
                        out += [x for x in p.conjuncts if x.i > p.i]
    return out


def _phrase(head, keep_of: bool = False) -> tuple[int, int]:
    """Token range [start, end) of a victim noun phrase: its subtree without conjuncts, clauses and
    most prepositional phrases ('of' is kept after a number or a member: "a member of the US military",
    "25 of its fighters"; always with `keep_of`: "an official of an Iraqi armed group")."""
    drop = set()
    keeps_of = keep_of or head.like_num or head.lower_ in ("number", "member", "members", "dozens", "hundreds",
                                                            "scores", "total")
    for c in head.children:
        if c.dep_ in ("conj", "cc", "relcl", "acl", "appos", "punct", "advcl") or (
                c.dep_ == "prep" and c.lower_ != "of") or c.i > head.i and c.dep_ == "prep" and c.lower_ == "of" \
                and not keeps_of:
            drop.update(t.i for t in c.subtree)
    idx = [t.i for t in head.subtree if t.i not in drop and not t.is_space]
    start = min(idx)
    # a quantity modifier may hang off the number ("at least" → advmod of "five"): include it
    return start, max(idx) + 1


def _who(doc, start: int, end: int, qty_chars: int, trigger=None) -> str:
    text = doc[start:end].text
    who = text[qty_chars:].strip() if qty_chars else text
    if trigger is not None and start <= trigger.i < end:  # "three slain US soldiers" → "US soldiers"
        who = re.sub(rf"(?:^|\s){re.escape(trigger.text)}\b", " ", who).strip()
    who = re.sub(r"^(?:the|a|an|of)\s+", "", who, flags=re.I)
    return who.strip(" ,.;:")


def _speaker_name(tok, doc) -> str:
    """The name of a speaker/source noun: its entity, or its phrase without determiner and clauses."""
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in ("PERSON", "ORG", "NORP", "GPE", "FAC"):
            name = ent.text
            return re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
    if tok.lower_ in _PRONOUNS:
        for ent in reversed([e for e in doc.ents if e.end <= tok.i and e.label_ == "PERSON"]):
            return ent.text
        return ""
    start, end = _phrase(tok, keep_of=True)
    text = doc[start:end].text
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I).strip()


def _preceding_speaker(verb, doc) -> str:
    """A finite reporting verb the parser left without a subject ("In Syria, the Syrian Observatory …
    reported that …", "…, the UK-based monitor said, adding …"): the noun right before it."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0:
        return ""
    prev = doc[verb.i - 1]
    if prev.pos_ in ("NOUN", "PROPN") and prev.sent == verb.sent:
        return _speaker_name(prev, doc)
    return ""


_HEADLINE_SOURCE = re.compile(r":\s*(?P<src>[A-Z][\w’'-]*(?:\s+[A-Za-z][\w’'-]*){0,3})\s*$")


def _source(tok, sent) -> str:
    """To whom the sentence attributes the casualty word `tok` ('' for the writer's narration)."""
    doc = sent.doc
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _speaker_name(objs[0], doc)
    node = tok
    via_statement = False  # "X said in a statement that …" (the clause hangs off "statement")
    while node.head.i != node.i:
        child, node = node, node.head
        if child.dep_ in ("acl", "ccomp") and node.lemma_.lower() in _STATEMENT_NOUNS:
            via_statement = True
        deps = ("ccomp", "xcomp", "advcl", "conj", "dobj", "parataxis") + (("prep",) if via_statement else ())
        if node.lemma_.lower() in REPORTING and child.dep_ in deps:
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].dep_ == "nsubj":
                return _speaker_name(subj[0], doc)
            agents = [c for c in node.children if c.dep_ == "agent"]
            for a in agents:
                for p in a.children:
                    if p.dep_ == "pobj":
                        return _speaker_name(p, doc)
            if not subj and not agents:
                found = _preceding_speaker(node, doc)
                if found:
                    return found
    # "…killed 17 people, the ministry said" parsed with the reporting verb hanging off the clause
    for c in node.children:
        if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in REPORTING and c.i > tok.i:
            subj = [x for x in c.children if x.dep_ == "nsubj"]
            if subj:
                return _speaker_name(subj[0], doc)
    # a trailing attribution the parser hung elsewhere: "The raids killed 17 fighters, the SOHR said."
    root = sent.root
    if root.lemma_.lower() in REPORTING and root.i > tok.i:
        subj = [c for c in root.children if c.dep_ == "nsubj" and c.i > tok.i]
        if subj:
            return _speaker_name(subj[0], doc)
    # a headline credits its source after a colon: "US raids kill 22 fighters: Monitor"
    m = _HEADLINE_SOURCE.search(sent.text)
    if m and tok.idx < sent.start_char + m.start() and not any(
            t.pos_ in ("VERB", "AUX") for t in doc.char_span(sent.start_char + m.start("src"), sent.end_char,
                                                             alignment_mode="expand") or []):
        return m.group("src")
    return ""


def _agent(tok):
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


def _hint(tok, who: str, sent) -> str:
    if victim_side(who) == "us":
        return "attack_on_us"
    agent = _agent(tok)
    if agent is not None:
        if agent.lemma_.lower() in _ATTACK_NOUNS:
            return "attack_on_us"
        if agent.lemma_.lower() in _STRIKE_NOUNS:
            return "us_strike"
    return "us_strike"


def _sentence_casualties(ctx, sent) -> list[dict]:
    from strikebook.extract.events import event_for_sentence

    doc = sent.doc
    rows = []
    hints_in_sentence: list[str] = []
    for i in _indices_in(_status_candidates(doc), sent):
        tok = doc[i]
        status = _status(tok)
        if not status:
            continue
        trigger_hints: list[str] = []  # victims of one casualty word share one event
        heads = _victim_heads(tok)
        if not heads:
            rows += _surface_rows(ctx, sent, tok, status)
        for head in heads:
            start, end = _phrase(head)
            if not (sent.start <= start and end <= sent.end):
                continue
            phrase = doc[start:end].text
            qty = read_quantity(phrase)
            if qty is None:
                continue
            lo, hi, qual, qlen = qty
            who = _who(doc, start, end, qlen, tok)
            bare = head.like_num or head.i == tok.i or head.lower_ in VAGUE  # "killed 17", "dozens wounded"
            if who.lower() in ("number", "few", "lot") or (not who and not bare):
                continue  # a bare number ("killed 17", "17 dead") is a figure with unnamed victims
            hint = _hint(tok, who, sent)
            if (not who or who.lower().startswith("other")) and hints_in_sentence:  # "… and two were wounded"
                hint = hints_in_sentence[-1]
            if "attack_on_us" in trigger_hints:  # "wounding four American service members and two Iraqi troops"
                hint = "attack_on_us"
            trigger_hints.append(hint)
            hints_in_sentence.append(hint)
            s_char = min(doc[start].idx, tok.idx)
            e_tok = max(end - 1, tok.i)
            e_char = doc[e_tok].idx + len(doc[e_tok].text)
            rows.append({
                "article_id": ctx.article.article_id, "status": status, "min": lo, "max": hi, "qualifier": qual,
                "who": who, "source": _source(tok, sent), "event_id": event_for_sentence(ctx, sent, hint),
                "start": s_char, "end": e_char, "sentence": sent.text.strip(),
            })
    return rows


#: A casualty verb followed by a quantity the parser did not attach (headlines, quotation marks around the
#: number): "US raids kill ‘at least 22’ Iran-backed fighters".
_SURFACE = re.compile(rf"^\s*[‘'\"“]?{_QUAL}(?P<a>{_NUM})(?:\s*(?:and|to|-|–)\s*(?P<b>{_NUM}))?[’'\"”]?"
                      rf"(?P<who>(?:\s+[\w’'.-]+){{1,4}}?)(?=\s*(?:[:;,.]|$|\s+(?:in|near|on|at|as|after|when)\b))",
                      re.I)


def _surface_rows(ctx, sent, tok, status: str) -> list[dict]:
    """A transitive casualty verb ("kill", "kills", "killed") whose object the parser missed: read the
    quantity and victims from the words that follow it."""
    from strikebook.extract.events import event_for_sentence

    if tok.pos_ != "VERB" or tok.lower_ in ("dead", "slain") or any(c.dep_ == "auxpass" for c in tok.children):
        return []
    after = sent.text[tok.idx + len(tok.text) - sent.start_char:]  # (doc.text rebuilds the whole article)
    m = _SURFACE.match(after)
    if not m:
        return []
    a = parse_number(m.group("a"))
    b = parse_number(m.group("b")) if m.group("b") else None
    who = m.group("who").strip()
    if a is None or a == 1 and m.group("a").lower() in ("a", "an") and not who:
        return []
    if who.lower().split()[0] in ("number", "few", "lot", "series", "times", "of"):
        return []
    qual = QUALIFIER.get(" ".join((m.group("qual") or "").lower().split()), "exact")
    if b is not None and b > a:
        lo, hi, qual = a, b, "between"
    else:
        lo, hi = (a, None) if qual in ("at least", "more than") else (None, a) if qual == "up to" else (a, a)
    base = tok.idx + len(tok.text)
    start = base + m.start("qual") if m.group("qual") else base + m.start("a")
    end = base + m.end("who")
    hint = "attack_on_us" if victim_side(who) == "us" else _hint(tok, who, sent)
    return [{"article_id": ctx.article.article_id, "status": status, "min": lo, "max": hi, "qualifier": qual,
             "who": who, "source": _source(tok, sent), "event_id": event_for_sentence(ctx, sent, hint),
             "start": start, "end": end, "sentence": sent.text.strip()}]


_TOLL = re.compile(rf"\b(?:death\s+)?toll(?:\s+(?:from|in)\s+[^,.;:]{{1,40}}?)?\s+(?:has\s+)?(?:of|rose\s+to|reached|climbed\s+to|stood\s+at|at|is|was)\s+"
                   rf"{_QUAL}(?P<a>{_NUM})(?:\s*(?:and|to|-|–)\s*(?P<b>{_NUM}))?\b", re.I)


def _toll_rows(ctx, sent) -> list[dict]:
    """'the death toll rose to 22': a killed figure without a victim phrase."""
    from strikebook.extract.events import event_for_sentence

    rows = []
    for m in _TOLL.finditer(sent.text):
        n = parse_number(m.group("a"))
        if n is None:
            continue
        qual = QUALIFIER.get(" ".join((m.group("qual") or "").lower().split()), "exact")
        b = parse_number(m.group("b")) if m.group("b") else None
        if b is not None and b > n:  # "put the toll at between 17 and 22"
            lo, hi, qual = n, b, "between"
        elif qual == "between":
            continue
        else:
            lo, hi = (n, None) if qual in ("at least", "more than") else (None, n) if qual == "up to" else (n, n)
        start = sent.start_char + m.start()
        tok = sent.doc.char_span(start, start + 5, alignment_mode="expand")
        rows.append({"article_id": ctx.article.article_id, "status": "killed", "min": lo, "max": hi,
                     "qualifier": qual, "who": "", "source": _source(tok[0], sent) if tok else "",
                     "event_id": event_for_sentence(ctx, sent, "us_strike"),
                     "start": start, "end": sent.start_char + m.end(), "sentence": sent.text.strip()})
    return rows


_LAST: dict[tuple, list[dict]] = {}


def extract_casualties(ctx) -> list[dict]:
    """Rows of the `casualties` table for one article (see the module docstring for the rules)."""
    cache_key = (ctx.article.article_id, ctx.article.text, ctx.event_id, id(ctx.doc), id(ctx.ref))
    if cache_key in _LAST:  # extract_figures asks again for the same article: reuse the rows
        return [dict(r) for r in _LAST[cache_key]]
    rows = []
    for sent in ctx.sentences():
        rows += _sentence_casualties(ctx, sent)
        rows += _toll_rows(ctx, sent)
    seen, out = set(), []
    for r in rows:
        key = (r["start"], r["end"], r["status"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    _LAST.clear()
    _LAST[cache_key] = [dict(r) for r in out]
    return out


# --------------------------------------------------------------------------- other figures

def extract_figures(ctx) -> list[dict]:
    """Rows of the `figures` table: counted things that are not casualties ("85 targets", "seven
    facilities", "more than 125 precision munitions", "about 2,500 troops", "two locations").

    A number is a figure when it modifies a noun of a known kind (targets, facilities, sites,
    munitions, troops, aircraft, drones, strikes, groups); numbers that are casualty figures are left
    to `extract_casualties`. `value` is the number (the lower bound for "more than"), `qualifier` as
    for casualties; `unit` the words from the number to the noun, as printed.
    """
    casualty_spans = [(r["start"], r["end"]) for r in extract_casualties(ctx)]
    rows = []
    for sent in ctx.sentences():
        doc = sent.doc
        for i in _indices_in(_number_candidates(doc), sent):
            tok = doc[i]
            if tok.dep_ != "nummod" and not (tok.like_num and tok.head.pos_ == "NOUN" and tok.head.i > tok.i):
                continue
            head = tok.head
            if head.i <= tok.i or head.i - tok.i > 6:
                continue
            kind = _UNITS.get(head.lemma_.lower()) or _UNITS.get(head.lower_.rstrip("s"))
            if kind is None:
                continue
            # the quantity: qualifier tokens before the number
            first = tok
            for c in tok.children:
                if c.dep_ in ("advmod", "quantmod", "amod") and c.i < first.i:
                    first = min(c.subtree, key=lambda t: t.i)
            phrase = doc[first.i: head.i + 1].text
            qty = read_quantity(phrase)
            if qty is None:
                continue
            lo, hi, qual, qlen = qty
            start, end = doc[first.i].idx, head.idx + len(head.text)
            if any(s <= start < e or s < end <= e for s, e in casualty_spans):
                continue
            value = lo if lo is not None else hi
            unit = doc[tok.i + 1: head.i + 1].text
            rows.append({"article_id": ctx.article.article_id, "kind": kind, "value": value, "unit": unit,
                         "start": start, "end": end, "sentence": sent.text.strip(), "qualifier": qual,
                         "max": hi if hi != value else ""})
    return rows
