"""Who the victims of a casualty figure are: one classifier for every stage.

Why one: the casualty extractor (which event do US victims belong to), the casualty chart (which figures to
draw side by side) and the conflicting-figures check (which figures must agree) each used to classify the
`who` of a figure with their own word lists, so "Iraqi soldiers" was US/coalition in the chart and Iraqi
military in the checks. All three now read the same two facts of the phrase:

- its **role**: contractor, civilian, commander, militia or military (first match in that order: "civilian contractor"
  is a contractor, "militia members" militia, "a member of the US military" military);
- its **nationality**: non-US, US (U.S., American, United States, coalition), Iraqi, Syrian, Iranian.

`victim_class` is the two together ("us military", "iraqi militia"; '' when the role is unclear),
`victim_group` the coarse group a chart compares ("US/coalition", "militia", "commanders", "civilians",
"other"): commanders and leaders are counted apart, because articles give them as a part of the dead
("four of its commanders were among the dead") rather than as a rival total; and
`victim_side` whether the victims are US/coalition people ('us') or not ('other').

`is_singular_victim_noun` says whether a word alone is one countable person of the kind these articles
count ("civilian", "contractor", "soldier"): a headline's bare "Civilian among six dead" is one victim. Ranks
and titles that name a person ("chief", "general", "commander", "leader") are left out: "Quds chief
killed" reports the killing of a named individual, which is no figure.
"""

from __future__ import annotations

import re

from strikebook.text.normalize import fold

ROLES = [
    ("contractor", re.compile(r"\bcontractors?\b")),
    ("civilian", re.compile(r"\b(?:civilians?|residents?|child|children|women|people|persons?|bystanders?"
                            r"|passers?-?by)\b")),
    # "a member of the US military" before the militia's "members"
    ("military", re.compile(r"\bmembers? of (?:the )?(?:[\w.]+ ){0,2}(?:military|armed forces|army|navy|air force"
                            r"|marines|coalition)\b")),
    # named ranks are a part of the dead, counted apart ("four of its commanders were among the dead")
    ("commander", re.compile(r"\b(?:commanders?|leaders?|chiefs?)\b")),
    ("militia", re.compile(r"\b(?:militia\w*|fighters?|militants?|paramilitar\w*|(?<!service )members?|combatants?"
                           r"|gunm[ae]n|operatives?)\b")),
    ("military", re.compile(r"\b(?:soldiers?|troops?|service ?(?:members?|m[ae]n|women|personnel)"
                            r"|servicem[ae]n|personnel|marines?|sailors?|airm[ae]n|military|officers?)\b")),
]
NATIONALITIES = [
    ("non-us", re.compile(r"\bnon-(?:american|us|u\.s\.)")),
    ("us", re.compile(r"\b(?:us|u\.s\.?|american|americans|united states|coalition)\b")),
    ("iraqi", re.compile(r"\biraqis?\b")),
    ("syrian", re.compile(r"\bsyrians?\b")),
    ("iranian", re.compile(r"\biranians?\b")),
]
_FOREIGN = {"iraqi", "syrian", "iranian"}
#: singular nouns for one person of the kinds counted as victims (not ranks or titles: those name a person)
SINGULAR_VICTIM_NOUNS = frozenset("""
civilian contractor soldier fighter militant militiaman gunman combatant policeman policewoman guard
serviceman servicewoman servicemember marine sailor airman trooper officer worker employee journalist
reporter photographer child boy girl woman man resident citizen national bystander passerby driver medic
doctor nurse farmer shepherd teenager student pilgrim member specialist volunteer paramedic
""".split())


def victim_role(who: str) -> str:
    w = fold(who or "")
    return next((r for r, p in ROLES if p.search(w)), "")


def victim_nationality(who: str) -> str:
    w = fold(who or "")
    return next((n for n, p in NATIONALITIES if p.search(w)), "")


def victim_class(who: str) -> str:
    """'three US soldiers' → 'us military'; 'Iraqi militiamen' → 'iraqi militia'; '' when the role is unclear."""
    role = victim_role(who)
    if not role:
        return ""
    return f"{victim_nationality(who)} {role}".strip()


def victim_group(who: str) -> str:
    """'US/coalition', 'militia', 'civilians' or 'other': the coarse class figures are compared within.
    Contractors and unqualified troops count with the US side, because the articles report them as such;
    Iraqi, Syrian or Iranian troops do not."""
    role, nat = victim_role(who), victim_nationality(who)
    if role == "contractor" or (nat in ("us", "non-us") and role in ("", "military")):
        return "US/coalition"
    if role == "military":
        return "other" if nat in _FOREIGN else "US/coalition"
    if role == "militia":
        return "militia"
    if role == "commander":
        return "commanders"
    if role == "civilian":
        return "civilians"
    return "other"


def is_singular_victim_noun(word: str) -> bool:
    """Is this word alone one countable person ("civilian", "Contractor"), not a rank or a plural?"""
    return fold(word or "").strip() in SINGULAR_VICTIM_NOUNS


def victim_side(who: str) -> str:
    """'us' when the victims are US or coalition people, else 'other'."""
    return "us" if victim_group(who) == "US/coalition" else "other"
