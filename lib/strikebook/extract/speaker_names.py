"""Who a speaker is: the subject of a reporting verb, a headline label or a pronoun, resolved to a name.

Why apart from finding the verb (`speakers`): the same resolution serves every way a quote is credited
(a verb's subject, "according to X", a headline's "…: Monitor", a dash signature), and it is where the
article's and the reference's knowledge of people and organisations meet. A `Credit` says who and of what
kind (person, org, country, or a description of someone unnamed):
- the name nearest the subject's head ("The Pentagon press secretary, John Kirby,"; "Mr Austin"; "Capt."
  split from "Jeff Davis" by the sentence splitter) is the person;
- "he"/"she"/"it"/"they" are resolved by `salience.Salience`, or by the subject of the clause above
  ("the ministry condemned what it called …");
- organisations and countries speak too ("Iran condemned …"); "the monitor/ministry/group said" is the
  organisation of that kind the article named before (a headline's, the one named after); an institution
  of a named party ("Syrian state media", "Syria's foreign ministry") speaks as printed;
- a title ("the spokesman", "the Pentagon spokesman", "Iran Foreign Minister") is the person the article
  names in that role, else the one the reference says held it on the event's date (`role_holders`);
- "the statement said" is the author of the latest statement or attribution (`Salience.statement_author`);
- people nobody names are credited by their description as printed, without article or quantifier
  ("a US official" → "US official", "officials for the Imam Hussein shrine", "militia sources"), as the
  annotation guidelines say; so is an organisation described but never named ("the ministry" → "ministry").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from strikebook.extract import entities
from strikebook.extract.attribution_index import EMPTY, Spans, parse_index
from strikebook.extract.role_holders import (
    RANKS,
    fitting_mentions,
    named_holder,
    person_role,
    qualifiers,
    reference_holder,
)
from strikebook.extract.speech_words import (
    COUNTRY_SPEAKERS,
    DESCRIPTIONS,
    GROUP_PRONOUNS,
    PEOPLE_WORDS,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    STATEMENT_WORDS,
)
from strikebook.text.normalize import fold

#: how far up the dependency tree a clause's subject is looked for
_MAX_DEPTH = 40
#: determiners and quantifiers a description is printed without ("a US official" → "US official")
_QUANTIFIERS = frozenset("the a an another other some several many few two three four five six seven eight nine "
                         "ten dozens dozen scores hundreds".split())
#: dependents that end a description: relative and participial clauses, appositions, asides
_NOT_DESCRIPTION = frozenset({"relcl", "acl", "advcl", "parataxis", "appos", "punct", "cc:preconj"})


class Credit(NamedTuple):
    """Who a quote is credited to: `speaker` as the table prints it, `role` the title the article gives,
    `mention` the person mention (None otherwise), `kind` person|org|country|description|'' (nobody)."""

    speaker: str
    role: str
    mention: dict | None
    kind: str


NOBODY = Credit("", "", None, "")


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


def is_people_word(tok) -> bool:
    """A head noun for people ("official", "sources", "spokesman", "commanders"), not an institution."""
    lemma = tok.lemma_.lower()
    return lemma in PEOPLE_WORDS or lemma in entities.TITLE_WORDS or tok.lower_ in entities.TITLE_WORDS


def description(subj) -> str:
    """The subject's noun phrase as printed, without article or quantifier, relative clauses, appositions or
    asides: "Unidentified military sources and militia commanders", "officials for the Imam Hussein shrine"
    (not "… who are involved in …"), "Sources from the Popular Mobilisation Forces (PMF)" (an acronym in
    brackets stays)."""
    doc = subj.doc
    first, last = _description_span(subj)
    toks = list(doc[first:last + 1])
    dropped = []
    while toks and (toks[0].lower_ in _QUANTIFIERS or toks[0].pos_ in ("DET", "NUM", "PUNCT")) and toks[0].i != subj.i:
        dropped.append(toks.pop(0).lower_)
    while toks and toks[-1].is_punct and toks[-1].text != ")" and toks[-1].i != subj.i:
        toks.pop()
    if not toks:
        return ""
    # the span's own text: `doc.text` would rebuild the whole article from its tokens
    span = doc[toks[0].i:toks[-1].i + 1]
    printed = span.text
    if dropped and dropped[0] in ("a", "an") and subj.tag_ == "NNS" and subj.lemma_ != subj.lower_:
        at = subj.idx - span.start_char  # "A US defense officials told Reuters": one official, misprinted
        printed = printed[:at] + subj.text[:len(subj.lemma_)] + printed[at + len(subj):] \
            if subj.text.lower().startswith(subj.lemma_) else printed
    return re.sub(r"\s+", " ", printed).strip()


def _description_span(subj, limit: int = 40) -> tuple[int, int]:
    """(first, last) token of the subject's phrase without its clauses and asides (see `description`)."""
    doc = subj.doc
    children = parse_index(doc).children
    keep, todo = set(), [subj.i]
    while todo and len(keep) < limit:
        i = todo.pop()
        keep.add(i)
        for c in children.get(i, ()):
            tok = doc[c]
            if tok.dep_ == "appos" and _bracketed(tok):
                todo.append(c)
            elif tok.dep_ == "punct" and (tok.text in "()" or _inside_word(tok)) or tok.dep_ not in _NOT_DESCRIPTION:
                todo.append(c)
    first = last = subj.i
    while first - 1 in keep:
        first -= 1
    while last + 1 in keep:
        last += 1
    return first, last


def _inside_word(tok) -> bool:
    """A hyphen or slash joining two words ("Al-Nujaba", "Iranian-backed"): part of the phrase, not an aside."""
    doc = tok.doc
    return (tok.text in "-‐‑/" and 0 < tok.i < len(doc) - 1 and not doc[tok.i - 1].whitespace_
            and not tok.whitespace_)


def _bracketed(tok) -> bool:
    doc = tok.doc
    a, b = tok.left_edge.i - 1, tok.right_edge.i + 1
    return a >= 0 and b < len(doc) and doc[a].text == "(" and doc[b].text == ")"


def _honorific_name(subj, ctx):
    """'said Capt.' + 'Jeff Davis, a Pentagon spokesman.': the sentence splitter took the honorific's full
    stop for the end of a sentence, so the subject is the honorific and the name follows it."""
    if subj.text.rstrip(".") not in entities.HONORIFICS:
        return None
    end = subj.idx + len(subj)
    for m in entities.mention_index(ctx, "person").overlapping(end, end + 4):
        if m["start"] >= end:
            return m
    return None


def _event_date(ctx) -> str:
    return getattr(ctx, "event_id", "") or getattr(ctx.article, "published", "") or ""


def titled_person(ctx, head, mods, at: int, headline: bool = False) -> Credit | None:
    """A person given by title ("the spokesman", "the Pentagon spokesman", "Iran Foreign Minister"): the
    person the article names in that role, else the one people.csv says held it on the event's date. A bare
    title needs "the" (a specific person); "a spokesman" is anyone."""
    title = head.lower_
    if title not in PERSON_TITLES and title not in entities.TITLE_WORDS:
        return None
    # whose title: the words before it ("the Pentagon spokesman") and its complements ("leader of the X movement")
    after = [t.text for t in head.doc[head.i + 1:_description_span(head)[1] + 1]] if not headline else []
    quals = qualifiers([t.text for t in mods if t.pos_ in ("PROPN", "NOUN", "ADJ") or t.tag_ == "POS"] + after)
    definite = any(t.lower_ in ("the", "its", "their", "his", "her") or t.tag_ == "POS" for t in mods)
    if not quals and not (definite or headline):
        return None
    if any(t.lower_ in ("a", "an", "another") for t in mods):
        return None
    # named before, else after: "the person the article names in that role elsewhere"
    m = named_holder(ctx, title, quals, at, forward=True) if title in PERSON_TITLES or quals else None
    if m is not None:
        return Credit(m["name"], person_role(ctx, m), m, "person")
    if quals:
        ranks = frozenset(t.lower_ for t in mods) & RANKS
        name = reference_holder(ctx.ref, title, quals, _event_date(ctx), ranks)
        if name:
            return Credit(name, "", None, "person")
    return None


def speaker_of(subj, ctx, salience, at, quoted: Spans = EMPTY) -> Credit:
    """Who a subject token names (names inside quotes do not speak); see the module docstring."""
    if subj is None:
        return NOBODY
    if subj.pos_ == "PRON" or subj.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        found = _antecedent_in_sentence(subj, ctx, salience, at, quoted)
        if found is None and subj.lower_ in PERSON_PRONOUNS:
            found = _described_subject_before(subj, ctx, salience, at, quoted)
        if found is not None:
            return found
        name = salience.resolve(subj.lower_, at)
        return Credit(name, "", None, "person" if subj.lower_ in PERSON_PRONOUNS else "org") if name else NOBODY
    m = _honorific_name(subj, ctx)
    if m is not None:
        return Credit(m["name"], person_role(ctx, m), m, "person")
    s, e = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
    if quoted.any_start_in(s, subj.idx):
        return NOBODY  # a parse that makes the quoted words part of the subject is no attribution
    # the name closest to the subject's head word ("The Pentagon press secretary, John Kirby,")
    m = _nearest(entities.mention_index(ctx, "person"), subj.idx, s, e, quoted)
    if m is not None:
        return Credit(m["name"], person_role(ctx, m), m, "person")
    people = is_people_word(subj) and subj.ent_type_ != "PERSON"  # "the Supreme Leader": a title, capitalised
    if not people:
        m = _nearest(entities.mention_index(ctx, "org"), subj.idx, s, e, quoted)
        if m is not None:
            return Credit(m["name"], "", None, "org")
    phrase = ctx.text[s:e]
    country = COUNTRY_SPEAKERS.get(re.sub(r"\s+", " ", phrase).strip().lower())
    if country:
        return Credit(country, "", None, "country")
    head = ctx.text[s:subj.idx + len(subj)]  # the noun phrase up to its head, without relative clauses
    printed = re.sub(r"(?i)^the\s+", "", re.sub(r"\s+", " ", head)).strip()
    if subj.pos_ == "PROPN" and not people:
        if subj.ent_type_ == "PERSON" or entities.key(printed) in entities.name_index(ctx.ref).person_surnames:
            return Credit(entities.canonical_person(printed, ctx), "", None, "person")  # "according to Kirby"
        return Credit(printed, "", None, "org")
    mods = _left_words(subj)
    role = re.sub(r"(?i)^(the|a|an|two|three|several|some)\s+", "", re.sub(r"\s+", " ", head)).strip()
    if subj.lemma_.lower() in DESCRIPTIONS or subj.lower_ in DESCRIPTIONS:
        if any(_names_a_party(t) for t in mods):
            return Credit(printed, "", None, "org")  # "Syrian state media", "Iraq's foreign ministry": as printed
        if any(t.lower_ in ("the", "its", "their") for t in mods):
            org = described_org(ctx, subj.lower_, at)
            if org:
                return Credit(org, "", None, "org")  # "the monitor said" → the monitor the article named before
    if people:
        found = titled_person(ctx, subj, mods, at)
        if found is not None:
            return found._replace(role=found.role or role)
    if subj.lemma_.lower() in STATEMENT_WORDS and hasattr(salience, "statement_author"):
        found = salience.statement_author(at)
        if found is not None:
            return found  # "the statement said": its author
    if people or subj.lemma_.lower() in DESCRIPTIONS or subj.lower_ in DESCRIPTIONS:
        return Credit(description(subj), role, None, "description")
    return Credit("", role, None, "")


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
    orgs = fitting_mentions(ctx, key, lambda: [m for m in entities.mention_index(ctx, "org").rows if ok(m)])
    before = orgs.last_before(at)
    if before is not None:
        return before["name"]
    k = bisect_left(orgs.starts, at)
    return orgs.rows[k]["name"] if forward and k < len(orgs.rows) else ""


def label_speaker(ctx, s: int, e: int, at: int, dash: bool = False) -> tuple[Credit, str]:
    """(credit, cue) of a short label without a verb (a headline's "Monitor" or "Iran Foreign Minister", a dash
    signature): a name in it; a country; the organisation a description stands for; the person the article
    names with that title (before or after: a headline's source is often named in the body); else the
    description as printed ("Officials: …")."""
    text, doc = ctx.text, ctx.doc
    cue = "\u2014" if dash else ":"
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
        return NOBODY, ""
    label = re.sub(r"\s+", " ", text[s:e]).strip()
    inside = entities.mention_index(ctx).within(s, e)
    people = [m for m in inside if m["kind"] == "person"]
    if people:
        m = people[-1]
        return Credit(m["name"], person_role(ctx, m), m, "person"), cue
    if inside:
        return Credit(inside[-1]["name"], "", None, "org"), cue
    country = COUNTRY_SPEAKERS.get(label.lower())
    if country:
        return Credit(country, "", None, "country"), cue
    head = span.root
    org = described_org(ctx, head.lower_, at, forward=True) if head.i == span.end - 1 else ""
    if org:
        return Credit(org, "", None, "org"), cue
    word = head.lower_.rstrip("s") if head.lower_ not in DESCRIPTIONS else head.lower_
    if word in DESCRIPTIONS or word in entities.TITLE_WORDS or is_people_word(head):
        found = titled_person(ctx, head, list(doc[span.start:head.i]), at, headline=True)
        if found is not None:
            return found._replace(role=found.role or label), cue
        printed = re.sub(r"(?i)^(?:the|a|an)\s+", "", label)
        return Credit(printed, label.lower(), None, "description"), cue  # "Officials: …": nobody named
    if dash and head.ent_type_ == "PERSON":
        return Credit(entities.canonical_person(span.text, ctx), "", None, "person"), cue
    return NOBODY, ""  # "Analysis: ‘…’", "Live: …": a section label, not a source


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
        if verb.head.i == verb.i or verb.dep_ not in ("ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "pcomp"):
            break
        verb = verb.head
        subj = next((doc[c] for c in subjects.get(verb.i, ()) if c < pron.i), None)
        if subj is None:
            continue
        if subj.pos_ == "PRON":
            return None
        found = speaker_of(subj, ctx, salience, at, quoted)
        if not found.speaker or found.kind == "description":
            return None
        is_person = found.mention is not None
        return found if is_person == (p in PERSON_PRONOUNS) else None
    return None


def _described_subject_before(pron, ctx, salience, at, quoted):
    """'The leader of the movement … had issued a statement urging Prime Minister X to act. He warned of an
    “escalation”': a sentence opening with "he"/"she" goes on with the previous sentence's subject when that
    subject is a person described by role (nobody named in it), not with a name that sentence only mentions."""
    doc = pron.doc
    parse = parse_index(doc)
    first, _ = parse.sentence_tokens(pron.i)
    if pron.dep_ != "nsubj" or pron.head.dep_ != "ROOT" or first == 0 or any(
            not (t.is_punct or t.is_space) for t in doc[first:pron.i]):
        return None
    prev_first, _ = parse.sentence_tokens(first - 1)
    root = next((t for t in doc[prev_first:first] if t.dep_ == "ROOT"), None)
    subj = next((doc[c] for c in parse.subjects.get(root.i, ())), None) if root is not None else None
    if subj is None or subj.pos_ == "PRON" or not is_people_word(subj) or any(
            t.lower_ in ("our", "my") for t in subj.lefts):
        return None  # "Our correspondent said …": the outlet's reporter, whom the article names
    found = speaker_of(subj, ctx, salience, subj.idx, quoted)
    return found if found.speaker and found.kind in ("description", "person") else None


def article_roles(ctx) -> dict[str, str]:
    """The first job title the article gives each person, for later mentions that carry none."""
    roles: dict[str, str] = {}
    for m in entities.mentions(ctx):
        if m["kind"] == "person" and m["name"] not in roles:
            role = person_role(ctx, m)
            if role:
                roles[m["name"]] = role
    return roles

