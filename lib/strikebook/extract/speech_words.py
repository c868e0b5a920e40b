"""The words attribution reads: reporting verbs, speakers that are countries, descriptions of organisations
and of people, pronouns.

Why a module of its own: the finder of reporting verbs (`speakers`), the resolver of who a subject names
(`speaker_names`) and the row assembler (`quotes`) all read these lists; keeping them in one place keeps the
three from drifting apart, and a reader can review every word the rules depend on in one page.
"""

from __future__ import annotations

#: lemmas of verbs that introduce what someone said
SPEECH_VERBS = frozenset("""
say add tell state declare announce describe condemn call warn insist note emphasize emphasise stress
explain argue claim assert affirm confirm deny acknowledge admit vow pledge promise threaten urge accuse
write tweet reply reiterate maintain contend remark observe recall suggest predict dismiss
denounce slam criticise criticize praise hail brand label term characterise characterize report quote
conclude comment ask speak demand decry caution boast concede agree complain allege mention
read underline post respond answer dub blame welcome lament underscore counter retort assure testify
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
    "body": ({"body", "council", "committee"}, set()), "committee": ({"committee"}, set()),
    "commission": ({"commission"}, set()), "parliament": ({"parliament"}, set()),
    "assembly": ({"assembly"}, set()), "coalition": ({"coalition"}, set()),
}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they"}

#: titles that, after "the", stand for one person the article named ("the spokesman said"); not "the official"
PERSON_TITLES = {"spokesman": {"spokesman", "spokesperson"}, "spokeswoman": {"spokeswoman", "spokesperson"},
                  "spokesperson": {"spokesman", "spokeswoman", "spokesperson"}, "minister": {"minister"},
                  "secretary": {"secretary"}, "president": {"president"}, "general": {"general"},
                  "commander": {"commander"}, "leader": {"leader"}, "ambassador": {"ambassador"},
                  "envoy": {"envoy"}, "premier": {"premier"}, "cleric": {"cleric"}, "admiral": {"admiral"}}


#: head nouns of people described but not named ("a US official", "militia sources", "witnesses"): with the job
#: titles of entities.TITLE_WORDS, the speaker is the description as printed (annotation guidelines)
PEOPLE_WORDS = frozenset("""
official source witness resident activist protester protestor aide member expert analyst observer medic doctor
worker villager journalist reporter relative insider negotiator fighter soldier militant people person
""".split())
#: nouns of a statement that speaks for its author ("the statement said", "the communique read")
STATEMENT_WORDS = frozenset("statement communique communiqué release readout announcement".split())
#: titles that a person holds in one organisation at a time ("the Pentagon spokesman"), each with the words of
#: the reference roles (data/reference/people.csv) that are the same job
ROLE_EQUIVALENTS = {"spokesman": ("spokesman", "spokesperson", "press secretary"),
                    "spokeswoman": ("spokeswoman", "spokesperson", "press secretary"),
                    "spokesperson": ("spokesperson", "spokesman", "spokeswoman", "press secretary")}
