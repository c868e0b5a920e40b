"""Who gives a casualty figure: the party in whose reported speech the figure stands ('' for the writer).

Why a module of its own: attribution is a job apart from finding the figure. A figure's source decides
which outlet's number is set against which in the checks and the chart, and the articles attribute in many
ways: "according to X" anywhere in the sentence; "X said / reported / told AFP / pointed out that …" with
the figure inside what X said; "X said in a statement that …"; a trailing "…, the SOHR said."; a reporting
verb the parser left without a subject ("…, the governor of Homs province said that …"); a headline's
source after a colon or a dash ("…: Monitor", "… – Iraq military").

Names are given as fully as the article gives them: a title is dropped ("Major General Igor Konashenkov"
→ "Igor Konashenkov"); a surname is the fullest form of that person the article prints ("Austin" →
"Lloyd Austin"); a pronoun or a definite description is the earlier source it stands for ("he" → the last
person named, "it" / "they" → the last source that reported, "the agency" → "SANA news agency", "the
military statement" → "Iraqi military"); a statement stands for who issued it ("a statement from Iraq's
military" → "Iraq's military", "the SANA report" → "SANA").

Only the sentence and, for pronouns and definite descriptions, a few sentences before it are read.
"""

from __future__ import annotations

import re

from strikebook.extract.casualty_grammar import phrase

REPORTING = {"say", "report", "confirm", "tell", "announce", "state", "claim", "add", "note", "estimate",
             "put", "count", "reveal", "acknowledge", "warn", "write", "describe", "indicate", "show", "allege",
             "declare", "assert", "stress", "insist", "explain", "inform", "disclose", "point", "quote",
             "raise", "revise", "lower", "update"}
_PRONOUNS = {"he", "she", "they", "it"}
STATEMENT_NOUNS = {"statement", "report", "interview", "communique", "communiqué", "briefing", "post", "tweet",
                   "message", "announcement"}
#: subordinators of an adverbial clause that is not what the speaker said ("…, two days after X was killed")
_NOT_SPEECH_MARKS = {"after", "before", "because", "since", "when", "while", "although", "though", "as", "once",
                     "until", "following", "if"}
_TITLE_WORDS = {"mr", "mrs", "ms", "dr", "sir", "gen", "general", "maj", "major", "brig", "brigadier", "lt",
                "lieutenant", "col", "colonel", "capt", "captain", "adm", "admiral", "sgt", "sergeant", "president",
                "secretary", "minister", "spokesman", "spokeswoman", "spokesperson", "governor", "senator",
                "sen", "rep", "commander", "defense", "defence", "foreign", "prime", "state", "press", "air", "force",
                "army", "navy", "pentagon", "ministry", "deputy", "chief", "head", "director", "-", "–"}
_RANKS = {"mr", "mrs", "ms", "dr", "sir", "gen", "general", "maj", "major", "brig", "brigadier", "lt", "lieutenant",
          "col", "colonel", "capt", "captain", "adm", "admiral", "sgt", "sergeant"}
_HEADLINE_SOURCE = re.compile(r"(?::|\s[–—-])\s*(?P<src>[A-Za-z][\w’'.-]*(?:\s+[A-Za-z][\w’'.-]*){0,3})\s*$")
_LOOK_BACK = 4  # sentences searched for the antecedent of a pronoun or definite description


def source(tok, sent) -> str:
    """To whom the sentence attributes the casualty word `tok` ('' for the writer's narration)."""
    doc = sent.doc
    according, headline = _sentence_facts(sent)
    if according is not None:
        return speaker_name(according, doc)
    node = tok
    via_statement = False  # "X said in a statement that …" (the clause hangs off "statement")
    while node.head.i != node.i:
        child, node = node, node.head
        if child.dep_ in ("acl", "ccomp") and node.lemma_.lower() in STATEMENT_NOUNS:
            via_statement = True
        if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _NOT_SPEECH_MARKS for c in child.children):
            continue  # "…, two days after a contractor was killed": not what the Pentagon described
        if child.i == tok.i and child.lemma_.lower() == "life":
            continue  # "the attack claimed the lives of 10 people": part of the casualty words, not a claim
        deps = ("ccomp", "xcomp", "advcl", "conj", "dobj", "parataxis") + (("prep",) if via_statement else ())
        if _reporting(node) and child.dep_ in deps:
            subj = [_named_subject(c, tok) for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0] is not None and subj[0].dep_ in ("nsubj", "appos"):
                return speaker_name(subj[0], doc)
            agents = [c for c in node.children if c.dep_ == "agent"]
            for a in agents:
                for p in a.children:
                    if p.dep_ == "pobj":
                        return speaker_name(p, doc)
            if not subj and not agents:
                found = _preceding_speaker(node, doc)
                if found:
                    return found
    # "…killed 17 people, the ministry said" parsed with the reporting verb hanging off the clause
    for c in node.children:
        if c.dep_ in ("parataxis", "ccomp", "advcl", "conj") and _reporting(c) and c.i > tok.i:
            subj = [x for x in c.children if x.dep_ == "nsubj"]
            if subj:
                return speaker_name(subj[0], doc)
            # "…killed 15 gunmen, Ahmed Saleh, head of the port authority, told AFP": the name in apposition
            names = [t for t in doc[tok.i:c.i] if t.dep_ == "appos" and t.ent_type_ in ("PERSON", "ORG")]
            if names:
                return speaker_name(names[-1], doc)
    # a trailing attribution the parser hung elsewhere: "The raids killed 17 fighters, the SOHR said."
    # (not across a semicolon, and not when what the verb reports follows it: "…; Israel's president says …")
    root = sent.root
    if _reporting(root) and root.i > tok.i and not any(t.text == ";" for t in doc[tok.i:root.i]) and not any(
            c.dep_ in ("ccomp", "dobj") and c.i > root.i for c in root.children):
        subj = [c for c in root.children if c.dep_ == "nsubj" and c.i > tok.i]
        if subj:
            return speaker_name(subj[0], doc)
    # a headline credits its source after a colon or a dash: "US raids kill 22 fighters: Monitor"
    if headline and tok.idx < headline[0]:
        return headline[1]
    return ""


def _sentence_facts(sent):
    """Once per sentence (a sentence may hold many figures): the object of its "according to", and its
    headline source after a colon or dash as (offset of the colon or dash, name)."""
    doc = sent.doc
    cache = doc.user_data.setdefault("strikebook_source_facts", {})
    if sent.start in cache:
        return cache[sent.start]
    according = None
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                according = objs[0]
                break
    headline = None
    m = _HEADLINE_SOURCE.search(sent.text[-200:])  # a headline's source is a few words at its end
    if m:
        offset = sent.end_char - len(sent.text[-200:])
        span = doc.char_span(offset + m.start("src"), sent.end_char, alignment_mode="expand") or []
        # a lower-case source ("…: sources", "… - monitor") only ends a headline: one or two words, no full stop
        lower = m.group("src")[0].islower()
        if not any(t.pos_ in ("VERB", "AUX") for t in span) and not (
                lower and (len(m.group("src").split()) > 2 or re.search(r"[.!?\"”]\s*$", sent.text))):
            headline = (offset + m.start(), m.group("src"))
    cache[sent.start] = (according, headline)
    return according, headline


def _named_subject(subj, tok):
    """The subject of a reporting verb, unless it is the counted victims the parser hung there ("The strikes
    killed 17 fighters, Rami Abdel Rahman, head of the Observatory, told AFP": "fighters" ← told); then the
    name in apposition to it, if any."""
    if subj.i > tok.i and any(c.dep_ == "nummod" for c in subj.children):
        names = [c for c in subj.children if c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG")]
        return names[0] if names else None
    return subj


def _reporting(verb) -> bool:
    lemma = verb.lemma_.lower()
    if lemma == "point":  # "pointed out that"
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)
    return lemma in REPORTING


def speaker_name(tok, doc) -> str:
    """The name of a speaker/source noun: its entity, or its phrase without determiner and clauses; a
    pronoun, a definite description or a statement stands for the party it refers to."""
    word = tok.lower_
    if word in _PRONOUNS:
        return _antecedent(tok, doc)
    if tok.lemma_.lower() in STATEMENT_NOUNS:  # "a statement from Iraq's military", "the SANA report"
        issuer = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                  for p in c.children if p.dep_ == "pobj"]
        if issuer:
            return speaker_name(issuer[0], doc)
        mods = [c for c in tok.children if c.dep_ in ("compound", "poss", "amod", "nmod") and c.i < tok.i]
        if mods:
            name = " ".join(t.text for t in doc[mods[0].i:tok.i] if t.dep_ != "case" and t.text not in ("’s", "'s"))
            return _definite(name, tok, doc) or name
    ent = _entity_of(tok)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "NORP", "GPE", "FAC"):
        if ent.label_ == "PERSON" or len(ent) == 1 and ent.text in _persons(doc):  # "Khalil" taken for an org
            return person_name(re.sub(r"^(?:the|a|an)\s+", "", ent.text, flags=re.I), doc)
        # "the Iraqi military’s Joint Command": the possessor belongs to the name
        poss = [c for c in ent.root.children if c.dep_ == "poss" and c.i < ent.start]
        start = min(t.i for t in poss[0].subtree) if poss else ent.start
        return _without_rank(re.sub(r"^(?:the|a|an)\s+", "", doc[start:ent.end].text, flags=re.I))
    start, end = phrase(tok, keep_of=True)
    text = re.sub(r"^(?:the|a|an)\s+", "", doc[start:end].text, flags=re.I).strip()
    if doc[start].lower_ == "the" and end - start <= 3:  # "the agency" → "SANA news agency"
        return _definite(text, tok, doc) or text
    return text


def _entity_of(tok):
    """The named entity holding a token, or None (from the token's IOB tags: no scan of doc.ents)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    from spacy.tokens import Span  # (here: reading cached rows needs no spaCy)

    return Span(doc, start, end, label=tok.ent_type_)


def _persons(doc) -> dict[str, list[str]]:
    """The article's person names without titles, longest first per last word (once per Doc)."""
    cached = doc.user_data.get("strikebook_person_names")
    if cached is None:
        cached = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            words = [re.sub(r"[’']s$", "", w) for w in ent.text.split()]
            while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
                words = words[1:]
            if words and words not in cached.setdefault(words[-1], []):
                cached[words[-1]].append(words)
        for names in cached.values():
            names.sort(key=len, reverse=True)
        doc.user_data["strikebook_person_names"] = cached
    return cached


def person_name(name: str, doc) -> str:
    """A person as fully as the article names them, without titles: "Major General Igor Konashenkov" →
    "Igor Konashenkov"; "Austin" → "Lloyd Austin" when the article prints that."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    if not words:
        return name
    best = words
    for other in _persons(doc).get(words[-1], []):
        if len(other) > len(best) and other[-len(words):] == words:
            best = other
            break
    return " ".join(best)


def _without_rank(name: str) -> str:
    """A rank or honorific glued to a name the model took for an organisation ("Major General Igor
    Konashenkov"): dropped when capitalised name words remain."""
    words = name.split()
    k = 0
    while k < len(words) - 2 and words[k].lower().rstrip(".") in _RANKS:
        k += 1
    rest = words[k:]
    return " ".join(rest) if k and all(w[:1].isupper() for w in rest) else name


def _antecedent(pron, doc) -> str:
    """"he"/"she": the last person named before; "it"/"they": a subject before it in its sentence ("Iraqi
    military officials condemned … strikes that they said killed …"), else the subject of the nearest
    reporting verb of the few sentences before ("The SANA report said … It said seven more …")."""
    if pron.lower_ in ("he", "she"):
        for ent in reversed([e for e in doc.ents if e.end <= pron.i and e.label_ == "PERSON"]):
            return person_name(ent.text, doc)
        return ""
    sent = pron.sent
    tags = ("NNS", "NNPS") if pron.lower_ == "they" else ("NN", "NNP")
    for t in reversed(doc[sent.start:pron.i]):
        if t.dep_ == "nsubj" and t.tag_ in tags and t.ent_type_ != "PERSON":
            return speaker_name(t, doc)
    for t in reversed(doc[_back(sent, doc):sent.start]):
        if _reporting(t) and t.pos_ in ("VERB", "AUX"):
            subj = [c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in _PRONOUNS]
            if subj:
                return speaker_name(subj[0], doc)
    return ""


def _back(sent, doc) -> int:
    """The first token of the sentence `_LOOK_BACK` sentences before `sent` (or of the document)."""
    start = sent.start
    for _ in range(_LOOK_BACK):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start


def _definite(text: str, tok, doc) -> str:
    """"the agency", "the military statement": the fuller name of an earlier source ending with the same
    words ("SANA news agency", "Iraqi military"), found among the subjects of reporting verbs and the
    named organisations of the last few sentences."""
    words = text.lower().split()
    if not words:
        return ""
    for t in reversed(doc[_back(tok.sent, doc):tok.i]):
        if not (_reporting(t) and t.pos_ in ("VERB", "AUX")):
            continue
        for c in t.children:
            if c.dep_ == "nsubj" and c.i < tok.i and c.lower_ not in _PRONOUNS:
                s, e = phrase(c, keep_of=True)
                name = re.sub(r"^(?:the|a|an)\s+", "", doc[s:e].text, flags=re.I)
                if name.lower().split()[-len(words):] == words and len(name.split()) > len(words):
                    return name
    return ""


def _preceding_speaker(verb, doc) -> str:
    """A finite reporting verb the parser left without a subject ("In Syria, the Syrian Observatory …
    reported that …", "…, the governor of the Homs province said that …"): the noun phrase right before
    it (from its last noun up to the head of an "of" phrase)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0:
        return ""
    prev = doc[verb.i - 1]
    if prev.pos_ not in ("NOUN", "PROPN") or prev.sent != verb.sent:
        return ""
    while prev.dep_ == "pobj" and prev.head.lower_ == "of" and prev.head.head.pos_ in ("NOUN", "PROPN"):
        prev = prev.head.head  # "the governor of the Homs province said"
    return speaker_name(prev, doc)
