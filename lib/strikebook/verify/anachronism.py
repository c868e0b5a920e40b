"""Anachronism: a person named with a title they did not hold on the date of the event.

What it looks for: a name from `data/reference/people.csv` (or an alias, or the surname alone) with a role
written next to it — before it ("Pentagon spokesman John Kirby", "The foreign ministry spokesman, Saeed
Khatibzadeh,") or after it ("Saeed Khatibzadeh, spokesman for Iran's foreign ministry,") — in the same
sentence, when none of the person's recorded roles that match the title covers the article's event date.

Why: copy recycled from older stories keeps the titles of the day it was written. A spokesman quoted two
years after he left the post is the surest sign that a passage is not about this event; the flag names who
held the post on the event date, from the same reference data.

Skipped on purpose: "former"/"then"/"predecessor" titles, names right after "killing of"/"assassinated", and
sentences dated to a year in which the role was held (history, not news). A role that starts within 120
days after the event, in a sentence about an election, is the president-elect case: info, not a problem.
Role phrases are compared as canonical tokens (`role_tokens`): word order and phrasing do not matter.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pandas as pd

from strikebook.reference.names import name_regex
from strikebook.text.dates import format_date, partial_iso
from strikebook.text.normalize import fold, split_list
from strikebook.verify.common import Context, cell, in_spans, make_flag, name_needle, table

#: multi-word role vocabulary → canonical tokens (order matters: longer phrases first)
_ROLE_SYNONYMS = [
    (r"coordinator for strategic communications|strategic communications|communications advis[eo]r|"
     r"press secretary|spokes(?:man|woman|person|people|persons)|spokes person|mouthpiece", " SPOKES "),
    (r"secretary of defen[cs]e|defen[cs]e secretary|defense chief|pentagon chief", " defense-secretary "),
    (r"secretary of state|state secretary", " state-secretary "),
    (r"foreign minister|minister of foreign affairs|foreign affairs minister", " foreign-minister "),
    (r"foreign ministry|ministry of foreign affairs|foreign affairs ministry|foreign office", " foreign-ministry "),
    (r"state department|department of state", " state-dept "),
    (r"department of defen[cs]e|defen[cs]e department|pentagon|\bdod\b", " pentagon "),
    (r"national security council|\bnsc\b", " nsc "),
    (r"national security advis[eo]r", " nsa "),
    (r"white house", " white-house "),
    (r"vice[- ]president", " vice-president "),
    (r"president[- ]elect", " president-elect "),
    (r"prime minister|premier", " prime-minister "),
    (r"supreme leader", " supreme-leader "),
    (r"chief justice|judiciary chief|head of the judiciary", " chief-justice "),
    (r"joint chiefs", " joint-chiefs "),
    (r"central command|centcom", " centcom "),
    (r"quds force|qods force", " quds "),
    (r"revolutionary guards?(?: corps)?|\birgc\b", " irgc "),
    (r"popular mobili[sz]ation (?:forces|units)|\bpmf\b|\bpmu\b|hashd", " pmf "),
    (r"\bunited states\b|\bu\.s\.|\bus\b|\bamerican\b|\bamerica\b", " us "),
    (r"\biran(?:ian|s)?\b", " iran "),
    (r"\biraq(?:i|s)?\b", " iraq "),
    (r"\bsyria(?:n|s)?\b", " syria "),
]
OFFICE_TOKENS = {"SPOKES", "defense-secretary", "state-secretary", "foreign-minister", "president",
                 "vice-president", "president-elect", "prime-minister", "supreme-leader", "chief-justice", "nsa",
                 "commander", "chairman", "secretary-general", "ambassador", "director", "minister", "governor"}
#: words that make a different office of the same title ("deputy press secretary", "acting secretary")
MODIFIER_TOKENS = {"deputy", "acting", "assistant", "vice"}
ORG_TOKENS = {"foreign-ministry", "state-dept", "pentagon", "nsc", "white-house", "joint-chiefs", "centcom",
              "quds", "irgc", "pmf", "us", "iran", "iraq", "syria"}
_ROLE_PATTERNS = [(re.compile(p), r) for p, r in _ROLE_SYNONYMS]
_PAST_MARKER = re.compile(r"\b(?:former|ex|then|late|previous|predecessor|outgoing|erstwhile|onetime|one-time)\b",
                          re.I)
_DEATH_BEFORE = re.compile(r"\b(?:kill\w*|assassinat\w*|death|murder\w*|slain|eliminat\w*)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@lru_cache(maxsize=8192)
def role_tokens(phrase: str) -> frozenset[str]:
    """The office and organisation a role phrase names, as canonical tokens (remembered: a case asks for the
    same role phrases over and over).

    "Foreign ministry spokesman" and "spokesman for Iran's foreign ministry" both give
    {SPOKES, foreign-ministry(, iran)}: phrasing and word order do not matter, the office does.
    """
    t = " " + fold(phrase).replace("secretary-general", "secretarygeneral") + " "
    for pattern, repl in _ROLE_PATTERNS:
        t = pattern.sub(repl, t)
    t = t.replace("secretarygeneral", " secretary-general ")
    words = set(re.findall(r"[A-Za-z][\w-]*", t))
    return frozenset(w for w in words if w in OFFICE_TOKENS or w in ORG_TOKENS or w in MODIFIER_TOKENS)


def _role_phrase(text: str, start: int, end: int, lo: int, hi: int) -> tuple[str, int, int]:
    """The role words written next to a name: before it ("Pentagon spokesman John Kirby", "The Pentagon
    press secretary, John Kirby,") or after it ("Saeed Khatibzadeh, spokesman for Iran's foreign
    ministry,"). Returns (phrase, evidence start, evidence end) or ('', start, end)."""
    before = text[lo:start]
    stripped = before.rstrip()
    if stripped.endswith(","):
        stripped = stripped[:-1].rstrip()
    cut = max(stripped.rfind(c) for c in '.;:!?"\u201c\u201d()\n,')
    if stripped.rfind(" and ") >= 0:
        cut = max(cut, stripped.rfind(" and ") + 4)
    seg = stripped[cut + 1:]
    words = list(re.finditer(r"\S+", seg))[-6:]
    # drop leading words that name no office or organisation ("the first since hardline Iranian president")
    while len(words) > 1 and role_tokens(seg[words[1].start():]) == role_tokens(seg[words[0].start():]):
        words = words[1:]
    if words:
        ps = lo + cut + 1 + words[0].start()
        phrase = text[ps:lo + len(stripped)]
        if role_tokens(phrase) & OFFICE_TOKENS:
            return phrase, ps, end
    after = text[end:hi]
    m = re.match(r",\s*((?:the |a |an )?[^,.;:!?\"\u201c\u201d()\n]{2,80}?)(?=,|\s+(?:said|says|told|added)\b)", after)
    if m and not re.match(r"(?:who|which|whose|said|says|told|added)\b", m.group(1), re.I):
        phrase = m.group(1)
        if role_tokens(phrase) & OFFICE_TOKENS:
            return phrase, start, end + m.end(1)
    return "", start, end


def _role_match(phrase_tokens: set[str], row_tokens: set[str]) -> int:
    """0 when the phrase does not name this role; else how many tokens agree."""
    office = phrase_tokens & OFFICE_TOKENS
    if not (office & row_tokens):
        return 0
    if phrase_tokens & MODIFIER_TOKENS != row_tokens & MODIFIER_TOKENS:
        return 0  # a deputy or acting post is another office
    if not (phrase_tokens & ORG_TOKENS) <= row_tokens:
        return 0
    return len(phrase_tokens & row_tokens)


def _people_index(ref) -> list[dict]:
    """Each person's name patterns and dated roles. Reference data, so built once per people table and kept
    for the process (compiling the name patterns costs about as much as a whole run of the checks)."""
    people = table(ref, "people")
    if people.empty or "name" not in people.columns:
        return []
    cached = _PEOPLE_CACHE.get("people")
    if cached is not None and cached[0] is people:
        return cached[1]
    out = _build_people_index(people)
    _PEOPLE_CACHE["people"] = (people, out)
    return out


_PEOPLE_CACHE: dict[str, tuple[pd.DataFrame, list[dict]]] = {}


def _build_people_index(people: pd.DataFrame) -> list[dict]:
    out = []
    for name, rows in people.groupby("name", sort=True):
        aliases = [name] + sorted({a for v in rows.get("aliases", pd.Series(dtype=str)) for a in split_list(v)},
                                  key=len, reverse=True)
        roles = []
        for r in rows.itertuples(index=False):
            r = r._asdict()
            roles.append({"role": cell(r.get("role")), "organisation": cell(r.get("organisation")),
                          "start": cell(r.get("start")), "end": cell(r.get("end")),
                          "from": partial_iso(r.get("start")) or date.min,
                          "from_latest": partial_iso(r.get("start"), latest=True) or date.max,
                          "to": partial_iso(r.get("end"), latest=True) or date.max,
                          "tokens": role_tokens(f"{r.get('role', '')} {r.get('organisation', '')}")})
        surname = name.split()[-1]
        long_aliases = [a for a in aliases if len(a) > 3]
        out.append({"name": name, "patterns": [name_regex(a) for a in long_aliases],
                    "needles": [name_needle(a) for a in long_aliases],
                    "surname": name_regex(surname, ignore_case=False) if len(surname) >= 5 else None,
                    "surname_needle": name_needle(surname),
                    "roles": roles})
    return out


def _held(role: dict, day: date) -> bool:
    return role["from"] <= day <= role["to"]


def _period_text(role: dict) -> str:
    if role["start"] and role["end"]:
        return f"from {format_date(role['start'])} to {format_date(role['end'])}"
    if role["start"]:
        return f"only from {format_date(role['start'])}"
    if role["end"]:
        return f"only until {format_date(role['end'])}"
    return "at another time"


def check_anachronisms(ctx: Context) -> list[dict]:
    """A person named in a role (title next to the name) they did not hold on the article's event date
    (see the module docstring for what is skipped on purpose)."""
    people = _people_index(ctx.ref)
    if not people:
        return []
    flags: list[dict] = []
    for aid, text in sorted(ctx.texts.items()):
        day = ctx.day(aid)
        if not day:
            continue
        spans = ctx.own_spans(aid)
        seen: set[tuple] = set()
        folded = text.casefold()
        for person in people:
            # a pattern whose plain-character run is not in the text cannot match: skip the scan
            matches = [m for p, needle in zip(person["patterns"], person["needles"], strict=True)
                       if needle in folded for m in p.finditer(text)]
            full = [(m.start(), m.end()) for m in matches]
            if person["surname"] is not None and person["surname_needle"] in folded:
                matches += [m for m in person["surname"].finditer(text)
                            if not any(s <= m.start() < e for s, e in full)]
            for m in sorted(matches, key=lambda m: m.start()):
                if not in_spans(m.start(), spans):
                    continue
                lo, hi = ctx.sentence(aid, m.start(), m.end())
                phrase, ps, pe = _role_phrase(text, m.start(), m.end(), lo, hi)
                if not phrase:
                    continue
                lead = " ".join(text[lo:min(ps, m.start())].split()[-2:])
                if _PAST_MARKER.search(lead + " " + phrase):
                    continue
                if _DEATH_BEFORE.search(text[max(lo, m.start() - 70):m.start()]):
                    continue
                ptoks = role_tokens(phrase)
                scored = [(_role_match(ptoks, r["tokens"]), r) for r in person["roles"]]
                best = max((s for s, _ in scored), default=0)
                if best == 0:
                    continue
                candidates = [r for s, r in scored if s == best]
                if any(_held(r, day) for r in candidates):
                    continue
                years = {int(y) for y in _YEAR.findall(text[lo:hi])} - {day.year}
                if any(r["from"].year <= y <= r["to"].year for r in candidates for y in years):
                    continue
                role = min(candidates, key=lambda r: min(abs((r["from"] - day).days), abs((r["to"] - day).days)))
                key = (person["name"], role["role"], role["start"])
                if key in seen:
                    continue
                seen.add(key)
                sentence = text[lo:hi]
                if day < role["from"] and (role["from"] - day).days <= 120 and re.search(r"\belect", sentence, re.I):
                    severity = "info"
                    message = (f"{person['name']} is called \u201c{phrase.strip()}\u201d here, but took up that post "
                               f"({role['role']}) only on {format_date(role['start'])}, after the event "
                               f"({format_date(day.isoformat())}); on the event date the accurate title is "
                               "president-elect (or similar).")
                else:
                    severity = "problem"
                    holder = _holder(people, ptoks, day, person["name"])
                    message = (f"{person['name']} is named as \u201c{phrase.strip()}\u201d, but held that post "
                               f"({role['role']}, {role['organisation']}) {_period_text(role)}; the event is "
                               f"{format_date(day.isoformat())}."
                               + (f" On that date the post was held by {holder}." if holder else "")
                               + " The passage may come from older copy.")
                f = make_flag(aid, "anachronism", severity, message, text, ps, pe)
                if f:
                    flags.append(f)
    return flags


def _holder(people: list[dict], ptoks: set[str], day: date, exclude: str) -> str:
    """Who held the role a phrase names on a given day, according to the reference data."""
    best, who = 0, []
    for person in people:
        if person["name"] == exclude:
            continue
        for r in person["roles"]:
            s = _role_match(ptoks, r["tokens"])
            # certainly in post by then (an imprecise start like '2024' might be after the day)
            if s and r["from_latest"] <= day <= r["to"] and ptoks & ORG_TOKENS <= r["tokens"]:
                if s > best:
                    best, who = s, [person["name"]]
                elif s == best:
                    who.append(person["name"])
    return " or ".join(dict.fromkeys(who)) if len(who) <= 2 else ""
