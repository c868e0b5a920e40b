"""The role a sentence gives a place: a US strike there, an attack on US forces there, or a mere mention.

Why its own module: reading the role is grammar (spaCy's dependency tree, the words of striking, attacking
and killing, who acts and who is hit), a job apart from finding and locating the place (`place_names`);
`places` asks this module once per place it keeps.

How (see `_place_role`): from the place up the dependency tree to the nearest strike, attack or casualty
word: US strikes there (`us_strike`), an attack on US forces or facilities there (`attack_on_us`), else
`mention`. Who acts (the subject, a 'by' phrase, 'Israeli strikes') and who is hit (US troops, a base hosting
US forces, the embassy, a curated `us_base`) decide; strikes by another state are mentions. Only when the
sentence leaves it open ("a rocket attack on Erbil", "fighters were killed near Al-Mayadin") does the rest
of the article decide (it reports attacks on US forces / US strikes). A US strike needs the US as its agent,
in the sentence or in the two sentences before it; strikes nobody is named for count as US strikes only when
they are the article's already-introduced strikes ("the strikes") or a headline's. Origins are not sites:
where people or forces come from ("rockets launched from Iraq") is never a strike or attack site; where
forces are based ("jets based in Qatar") is not a strike site.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import numpy as np

from strikebook.reference.gazetteer import place_key
from strikebook.text.normalize import fold

HEADLINE_CHARS = 400  # a sentence starting this near the top without a full stop is read as a headline


_STRIKE = {"strike", "airstrike", "raid", "bombardment", "bomb", "target", "hit", "destroy", "pound",
           "retaliate", "strafe", "shell"}
_ATTACK = {"attack", "rocket", "salvo", "barrage", "shelling", "mortar", "fire", "storming", "storm",
           "assault", "bombing", "explosion", "blast", "ambush", "drone"}
_MUNITIONS = {"rocket", "drone", "missile", "mortar", "salvo", "barrage", "projectile", "shell", "bomb", "tomahawk",
              "attack", "attacker", "militant", "militia", "fighter", "gunman"}
_VICTIM_VERBS = {"suffer", "sustain", "endure", "face", "survive"}
_US_TARGETS = {"troop", "troops", "force", "forces", "soldier", "soldiers", "personnel", "serviceman",
               "servicemen", "service", "member", "members", "base", "bases", "facility", "facilities",
               "embassy", "consulate", "interest", "interests", "target", "targets", "position", "positions",
               "contractor", "contractors", "convoy", "convoys", "military", "diplomat", "diplomats",
               "installation", "installations", "outpost", "garrison", "compound", "americans", "citizens",
               "army", "marines", "sailors", "airmen", "staff", "mission"}
_US_WORDS = {"us", "u s", "united states", "america", "american", "americans", "washington", "pentagon",
             "coalition", "us led", "u s led", "centcom", "us military", "white house", "the pentagon"}
#: who carries out strikes when a state's adjective says whose: 'Israeli jets', 'Turkish forces'
_STRIKERS = {"jet", "warplane", "aircraft", "plane", "bomber", "helicopter", "gunship", "force", "troop",
             "military", "army", "navy", "artillery", "fighter", "air"}
_CASUALTY_VERBS = {"kill", "wound", "injure", "hurt", "maim"}
#: verbs of munitions landing: only an event when rockets, drones or missiles are the subject
_IMPACT_VERBS = {"slam", "crash", "land", "fall", "explode", "impact", "rain", "smash"}
_COMBATANTS = {"fighter", "militant", "militiaman", "militiamen", "member", "commander", "combatant",
               "operative", "civilian", "people", "person", "soldier", "guard", "leader", "number"}
_NEGATORS = {"not", "than", "never", "rather", "instead"}


@lru_cache(maxsize=8)
def _us_names(ref) -> frozenset[str]:
    """Canonical names of US actors (people in US posts, US government/military groups) from the reference."""
    names: set[str] = set()
    try:
        groups = ref.groups
        if len(groups):
            # only state actors: a US news agency or photo agency reporting a strike did not carry it out
            state = groups["kind"].isin(["government", "military", "agency"]) if "kind" in groups else True
            names |= {fold(n) for n in groups.loc[(groups["country"] == "United States") & state, "name"]}
        people = ref.people
        if len(people):
            us_orgs = {fold(n) for n in names}
            for row in people.itertuples(index=False):
                role, org = fold(str(row.role)), fold(str(row.organisation))
                if "united states" in role or "us " in role or org in us_orgs or "white house" in org \
                        or "pentagon" in org:
                    names.add(fold(row.name))
                    names.add(fold(row.name).split()[-1])  # 'Biden orders airstrikes', 'Austin said
    except (AttributeError, KeyError):
        pass
    return frozenset(names)


def _ent_at(tok):
    """The entity span a token belongs to (an index kept on the Doc, built once per Doc)."""
    index = tok.doc.user_data.get("strikebook_ent_at")
    if index is None:  # plain ints, so the Doc stays serialisable
        index = {i: (e.start, e.end) for e in tok.doc.ents for i in range(e.start, e.end)}
        tok.doc.user_data["strikebook_ent_at"] = index
    bounds = index.get(tok.i)
    return tok.doc[bounds[0]:bounds[1]] if bounds else None


def _is_us(tok, us_names) -> bool:
    """Does this token (or the entity it belongs to) name the United States or a US actor?"""
    if tok.ent_type_:
        ent = _ent_at(tok)
        if ent is not None:
            cid = fold(ent.ent_id_ or ent.text)
            if cid in us_names or place_key(cid) in _US_WORDS or place_key(ent.text) in _US_WORDS:
                return True
    return place_key(tok.text) in _US_WORDS or tok.lower_ in {"u.s.-led", "us-led"}


def _has_us(tokens, us_names) -> bool:
    return any(_is_us(t, us_names) for t in tokens)


def _is_us_target(tok, us_names) -> bool:
    """'US troops', 'American facilities', 'coalition forces', 'Americans', 'the US embassy'…"""
    if tok.lower_ in {"americans", "american"} and tok.pos_ in {"NOUN", "PROPN"}:
        return True
    if tok.lemma_.lower() in _US_TARGETS or tok.lower_ in _US_TARGETS:
        mods = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod", "poss", "npadvmod"}]
        mods += [g for c in mods for g in c.subtree]
        if any(_is_us(m, us_names) for m in mods):
            return True
        # "a member of the US military", "troops of the coalition"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of" and _has_us(c.subtree, us_names):
                return True
    return False


def _us_target_in(tokens, us_names) -> bool:
    return any(_is_us_target(t, us_names) for t in tokens)


#: prepositions of what a passive event verb is aimed at ('were focused on', 'were directed at')
_TARGET_PREPS = {"on", "at", "against", "near", "in"}
_LIGHT_CLIMB = {"dobj", "xcomp", "conj", "acl", "advcl", "pcomp", "ccomp", "nsubjpass"}


#: clauses that make a place a US facility: 'a base hosting US troops', 'the Green Zone, which houses the embassy'
_HOSTING = {"host", "house", "station", "base", "use", "contain", "shelter", "accommodate", "hold"}
_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "prep"}


def _noun_phrase(tok) -> list:
    """A noun with its modifiers, without the clauses hanging off it ('groups that threaten US interests')."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in _CLAUSES or (c.dep_ == "prep" and c.lower_ == "of")
                    or (c.dep_ in {"relcl", "acl"} and c.lemma_.lower() in _HOSTING))
    return out


def _targets(event) -> list:
    """The tokens naming what an event hits: its object, its 'on/against/at' phrase, the object of the clause
    it heads ('the attack that killed three US soldiers'), or the subject of a passive ('bases were hit')."""
    out = []

    def objects(verb):
        for c in verb.children:
            if c.dep_ in {"dobj", "nsubjpass", "attr"}:
                for x in [c, *[g for g in c.children if g.dep_ == "conj"]]:
                    out.extend(_noun_phrase(x))
            elif c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in _CASUALTY_VERBS:
                objects(c)  # 'slammed into the base, killing a U.S. contractor'
            elif c.dep_ == "prep" and c.lower_ in {"on", "against", "at", "including", "into"}:
                for g in c.children:
                    if g.dep_ == "pobj":
                        for x in [g, *[h for h in g.children if h.dep_ == "conj"]]:
                            out.extend(_noun_phrase(x))
            elif c.dep_ == "conj" and c.pos_ == "VERB":
                objects(c)

    objects(event)
    for c in event.children:
        if c.dep_ in {"relcl", "acl"}:
            objects(c)
    if event.dep_ in {"nsubj"}:
        objects(event.head)
    return out


def _agent(event):
    """Who carries out the event: its own 'US'/'Israeli' modifier or 'by …' phrase, else the subject of the
    verb chain that governs it ("the US launched airstrikes", "decided to authorise strikes")."""
    for c in event.children:
        if c.dep_ in {"poss", "compound", "amod", "nmod"} and (c.ent_type_ or c.pos_ == "PRON"):
            return c
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    node = event
    for _ in range(5):
        if node is not event:
            for c in node.children:
                if c.dep_ in {"nsubj", "poss"} or (c.dep_ in {"compound", "amod", "nmod"} and c.ent_type_
                                                    and node.pos_ == "NOUN"):
                    return c
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and node.pos_ == "VERB"):
                    return next((g for g in c.children if g.dep_ == "pobj"), None)
        elif node.pos_ == "VERB":
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
        if node.head.i == node.i:
            break
        if node.dep_ in _LIGHT_CLIMB or (node.dep_ == "pobj" and node.head.lower_ == "of"):
            node = node.head
            if node.dep_ == "prep":
                node = node.head
            continue
        break
    return None


def _agent_kind(agent, us_names) -> str:
    """'us', 'other' (another state, a militia, munitions) or '' (pronoun, unknown)."""
    if agent is None:
        return ""
    if _has_us(agent.subtree, us_names):
        return "us"
    lemma = agent.lemma_.lower()
    if agent.pos_ == "PRON" or lemma in {"strike", "airstrike", "raid"}:
        return ""
    if lemma in _MUNITIONS or lemma in _ATTACK:
        return "other"
    if agent.ent_type_ in {"GPE", "NORP", "ORG"}:
        return "other"
    if lemma in _STRIKERS and any(c.dep_ in {"amod", "compound", "poss", "nmod"} and c.ent_type_ in {"GPE", "NORP"}
                                  for c in agent.children):  # 'Israeli jets', 'Turkish forces' (not 'Syrian media')
        return "other"
    if lemma in {"group", "militant", "rebel", "insurgent", "proxy", "militia", "force", "israel"}:
        return "other"
    return ""


def _event_kind(tok) -> str:
    """'strike' (strike nouns), 'strike_verb', 'attack', 'victim' (suffer, come under), 'casualty' or ''."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if lemma in {"strike", "airstrike", "raid", "bombardment"} or lower in {"strikes", "airstrikes"}:
        return "strike"
    if lemma == "target" and tok.pos_ == "NOUN":  # 'one of the targets was near Qaim' — not 'US targets'
        mods = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod", "poss"}]
        return "" if any(m.ent_type_ or m.lower_ in {"american", "u.s.", "us"} for m in mods) else "strike"
    if tok.pos_ == "VERB" and lemma in _CASUALTY_VERBS:
        return "casualty"
    if tok.pos_ == "VERB" and lemma in _IMPACT_VERBS and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _MUNITIONS for c in tok.children):
        return "strike_verb"
    if tok.pos_ == "VERB" and lemma in _STRIKE:
        return "strike_verb"
    if lemma in _ATTACK and not (lemma == "drone" and tok.dep_ == "compound"):
        if lemma == "fire" and tok.pos_ == "VERB":
            return "strike_verb"
        return "attack"
    if lemma in _VICTIM_VERBS or (lemma == "come" and any(c.lower_ == "under" for c in tok.children)):
        return "victim"
    return ""


def _negated(place_root) -> bool:
    """'strike only in Syria and not in Iraq', 'in Syria rather than in Iraq'."""
    node = place_root
    for _ in range(3):
        start = max(node.left_edge.i - 2, node.sent.start)
        if any(t.lower_ in _NEGATORS for t in node.doc[start:node.left_edge.i]):
            return True
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ not in {"pobj", "prep", "conj"}:
            break
        node = node.head
    return False


_DISTANCE = {"km", "kilometre", "kilometer", "kilometres", "kilometers", "mile", "miles", "metre", "meter",
             "metres", "meters", "yard", "yards", "away", "far", "distance"}
_ORIGIN_VERBS = {"base", "station", "deploy", "garrison", "headquarter"}
_DEFINITE = {"the", "these", "those", "this", "that", "such", "its", "their", "his", "her", "our"}


def _origin(place_root) -> str:
    """'from' when the place is where people or forces come from ('reservists from Georgia', 'bombers flown
    from the United States', 'rockets launched from Iraq'), 'based' for where forces are based ('jets based
    in Qatar', 'troops stationed in Kuwait'), '' otherwise. A distance 'from' locates ('10 km from Qaim')."""
    node = _resolve_root(place_root)
    if node.dep_ != "pobj":
        return ""
    prep = node.head
    if prep.lower_ == "from":
        governor = prep.head
        if governor.lemma_.lower() in _DISTANCE or any(c.lemma_.lower() in _DISTANCE for c in governor.children):
            return ""
        return "from"
    if prep.lower_ in {"in", "at", "on", "out"} and prep.head.lemma_.lower() in _ORIGIN_VERBS:
        return "based"
    return ""


def _definite(event) -> bool:
    """'the strikes', 'these raids', 'its airstrikes': an event the article has already introduced."""
    return any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in event.children)


def _headline(sent) -> bool:
    """A headline near the top (no closing full stop): it drops its articles, so 'Airstrikes hit…' there is
    the article's own event."""
    return sent.start_char < HEADLINE_CHARS and not sent.text.rstrip().endswith((".", "!", "?", '"', "\u201d"))


def _context_agent(sent, us_names, us_struck: bool = False, window: int = 2) -> str:
    """Who struck in the sentences just before `sent` (nearest first): 'us', 'other' or '' (none said).
    'Israel has carried out dozens of air raids there. Dozens of fighters were killed in raids…': Israel's.
    Rockets and militants are attackers, not strikers: they do not count. 'The strikes' with no striker named
    are the article's own strikes (the US's when the article reports US strikes)."""
    doc = sent.doc
    start = sent.start
    for _ in range(window):
        if start <= 0:
            break
        prev = doc[start - 1].sent
        for tok in prev:
            kind = _event_kind(tok)
            if kind == "attack" and tok.pos_ == "VERB":  # 'The US military attacked an airfield with…'
                agent = _agent(tok)
                if agent is not None and _has_us(agent.subtree, us_names):
                    return "us"
                continue
            if kind not in {"strike", "strike_verb"}:
                continue
            agent = _agent(tok)
            if agent is not None and (agent.lemma_.lower() in _MUNITIONS or agent.lemma_.lower() in _ATTACK):
                continue
            who = _agent_kind(agent, us_names)
            if who:
                return who
            if us_struck and _definite(tok):
                return "us"
        start = prev.start
    return ""


def place_role(span, us_names=frozenset(), *, us_facility: bool = False, us_attacked: bool = False,
               us_struck: bool = False) -> str:
    """See _place_role; a place people or forces come from is never a strike or attack site, and a place
    where forces are based is not a strike site ('B-1 bombers based in Texas struck…')."""
    origin = _origin(span.root)
    if origin == "from":
        return "mention"
    role = _place_role(span, us_names, us_facility=us_facility, us_attacked=us_attacked, us_struck=us_struck)
    return "mention" if origin == "based" and role == "us_strike" else role


def _place_role(span, us_names=frozenset(), *, us_facility: bool = False, us_attacked: bool = False,
                us_struck: bool = False) -> str:
    """`us_strike`, `attack_on_us` or `mention` for a place span, read from its sentence's dependency tree.

    us_facility: the place is known to host US forces (places.csv kind us_base/us_embassy).
    us_attacked / us_struck: the article elsewhere says US forces were attacked / US forces struck; used only
    when this sentence leaves it open ('a rocket attack on Erbil', 'fighters were killed near Al-Mayadin').
    """
    root = span.root
    if _negated(root):
        return "mention"
    via_us_target = us_facility or _is_us_target(root, us_names) or _has_us(span, us_names) and any(
        w in place_key(span.text) for w in ("embassy", "base", "consulate"))
    node = root
    seen = 0
    while node.head.i != node.i and seen < 12:
        child, node, seen = node, node.head, seen + 1
        if _is_us_target(node, us_names):
            via_us_target = True
        kind = _event_kind(node)
        if not kind and node.pos_ in {"VERB", "AUX"}:
            # a light verb with the event as its object: "launches air strikes on militias in Iraq";
            # a copula with the event as its subject: "one of the targets was near the town of Qaim"
            locative = child.dep_ == "prep" and child.lower_ in {"near", "in", "at", "around", "outside",
                                                                  "inside", "on"}
            # and a passive with the event as its subject: "the strikes were focused on a facility near X"
            deps = {"dobj"} | ({"nsubj"} if node.lemma_.lower() == "be" and locative else set()) | (
                {"nsubjpass"} if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS else set())
            for c in node.children:
                if c.dep_ not in deps:
                    continue
                cands = [c] + [g for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                               for g in p.children if g.dep_ == "pobj"]
                hit = next((x for x in cands if _event_kind(x) in {"strike", "attack"}), None)
                if hit is not None:
                    node, kind = hit, _event_kind(hit)
                    break
            if not kind and child.dep_ == "prep" and child.lower_ in {"into", "at", "on", "against"} and any(
                    c.dep_ == "dobj" and c.lemma_.lower() in _MUNITIONS for c in node.children):
                kind = "strike_verb"  # 'the US sent 60 missiles into the air base': the verb is the strike
        if not kind:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN"}:
                # the place locates the subject of a verb that is no strike: "officials in Baghdad believe…"
                return "mention"
            continue
        if kind == "attack" and node.dep_ == "dobj" and _event_kind(node.head) == "victim":
            node, kind = node.head, "victim"  # "the US military suffered a rocket attack near Erbil"
        clause = _targets(node)
        agent = _agent(node)
        who = _agent_kind(agent, us_names)
        if kind == "victim":
            subj = agent
            if subj is not None and (_has_us(subj.subtree, us_names) or _us_target_in(subj.subtree, us_names)):
                return "attack_on_us"
            continue
        hits_us = via_us_target or _us_target_in(clause, us_names)
        if kind == "casualty":
            # 'killed three US soldiers and wounded more than 40 others at a base in Jordan': one event
            first = node.head if node.dep_ == "conj" and node.head.pos_ == "VERB" else node
            verbs = [first] + [c for c in first.children if c.dep_ == "conj" and c.pos_ == "VERB"]
            victims = [t for v in verbs for c in v.children if c.dep_ in {"dobj", "nsubjpass"} for t in c.subtree]
            if agent is not None and agent.tag_ in {"WDT", "WP"} and first.dep_ == "relcl":
                agent = first.head  # 'the drone attack that killed…'
                who = _agent_kind(agent, us_names)
            if _us_target_in(victims, us_names) or _has_us(victims, us_names):
                return "attack_on_us"
            if agent is not None and _event_kind(agent) == "strike":  # 'Israeli strikes killed…'
                return "mention" if _agent_kind(_agent(agent), us_names) == "other" else "us_strike"
            if who == "us":
                return "us_strike"
            if who == "other" or (agent is not None and _event_kind(agent) == "attack"):
                return "mention"
            combatants = any(t.lemma_.lower() in _COMBATANTS or t.lower_ in _COMBATANTS for t in victims)
            if not combatants:
                return "mention"
            context = _context_agent(span.sent, us_names, us_struck)
            return "us_strike" if context == "us" or (context == "" and us_struck) else "mention"
        if kind == "attack":
            if hits_us and who != "us":
                return "attack_on_us"
            if who == "us":
                return "us_strike"
            if _us_target_in(span.sent, us_names):
                return "attack_on_us"
            targets_named = [t for t in clause if t.pos_ in {"NOUN", "PROPN"}]
            if us_attacked and who == "" and not any(t.ent_type_ in {"NORP", "GPE"} and not _is_us(t, us_names)
                                                     for t in clause if t not in span):
                return "attack_on_us" if not targets_named or any(t in span for t in targets_named) else "mention"
            return "mention"
        # strikes and striking verbs
        if kind == "strike_verb" and agent is not None and (
                agent.lemma_.lower() in _MUNITIONS or _event_kind(agent) == "attack"):
            if hits_us:
                return "attack_on_us"
            if not _definite(agent) and not _has_us(agent.subtree, us_names):
                return "mention"  # 'rockets slammed into a market': somebody's rockets, not the US's
            # 'the missiles targeted the air base' / 'US missiles hit…': the munitions already told of
            who = "us" if _has_us(agent.subtree, us_names) else ""
        if hits_us and who != "us":
            return "attack_on_us"
        if who == "other":
            return "mention"
        if who == "":
            # nobody named in the sentence: 'the strikes' are the ones already reported; bare 'raids' need a
            # striker in the sentences just before ('Israel has carried out dozens of raids…')
            # the Pentagon or the US named anywhere in the sentence ('the Pentagon said jets struck…') will do
            context = "us" if _has_us(span.sent, us_names) else _context_agent(span.sent, us_names, us_struck)
            event = agent if kind == "strike_verb" and agent is not None and _event_kind(agent) == "strike" \
                else node
            if context == "other" or (context == "" and not _definite(event) and not
                                      (us_struck and _headline(span.sent))):
                return "mention"
        return "us_strike"
    return "mention"



def _resolve_root(tok):
    while tok.dep_ in {"conj", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    return tok



#: the only lemmas (lower-cased) and words for which `_event_kind` / `_is_us_target` can answer
_EVENT_LEMMAS = ({"strike", "airstrike", "raid", "bombardment", "target", "come"} | _CASUALTY_VERBS | _IMPACT_VERBS
                 | _STRIKE | _ATTACK | _VICTIM_VERBS)
_EVENT_WORDS = {"strikes", "airstrikes"}
_TARGET_WORDS = {"americans", "american"} | _US_TARGETS


def _tokens_with(doc, cache_key: str, lemmas: set, words: set) -> list[int]:
    """Indices of the tokens whose lower-cased lemma is in `lemmas` or whose lower-cased word is in `words`,
    read once per Doc from its arrays (testing every token in Python was most of the article-level pass)."""
    cached = doc.user_data.get(cache_key)
    if cached is None:
        from spacy.attrs import LEMMA, LOWER  # (here: the module itself is used without spaCy)

        arr = doc.to_array([LEMMA, LOWER])
        strings = doc.vocab.strings
        lem = [h for h in np.unique(arr[:, 0]).tolist() if strings[h].lower() in lemmas]
        low = [h for h in np.unique(arr[:, 1]).tolist() if strings[h] in words]
        cached = doc.user_data[cache_key] = np.flatnonzero(np.isin(arr[:, 0], lem) | np.isin(arr[:, 1], low)).tolist()
    return cached


def _article_events(sentences, us_names) -> tuple[bool, bool]:
    """Does the article say US forces were attacked, and that US forces struck? (sentence-level cues)"""
    attacked = struck = False
    if not sentences:
        return attacked, struck
    doc = sentences[0].doc
    event_toks = _tokens_with(doc, "strikebook_event_tokens", _EVENT_LEMMAS, _EVENT_WORDS)
    target_toks = _tokens_with(doc, "strikebook_target_tokens", _US_TARGETS, _TARGET_WORDS)
    for sent in sentences:
        # only candidate tokens can have a kind or be a US target (see _EVENT_LEMMAS)
        kinds = {_event_kind(doc[i]) for i in event_toks[bisect_left(event_toks, sent.start):
                                                        bisect_left(event_toks, sent.end)]}
        has_us_target = any(_is_us_target(doc[i], us_names) for i in target_toks[
            bisect_left(target_toks, sent.start):bisect_left(target_toks, sent.end)])
        attacked = attacked or ("attack" in kinds and has_us_target) or ("victim" in kinds and has_us_target)
        struck = struck or (("strike" in kinds or "strike_verb" in kinds) and _has_us(sent, us_names))
        if attacked and struck:
            break
    return attacked, struck

