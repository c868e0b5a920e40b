"""The shared vocabulary of the segmenter: agencies, times, time zones, scripts (dates: `text.dates`).

Why: the line classifier (clutter.py), the context rules (context.py) and the article's own date
(segment.stated_date) must agree on what a date or an agency is; one definition here keeps them in step.
Every pattern is a plain regex string (or a compiled regex where noted) meant to be embedded in others.
"""

from __future__ import annotations

import re

from strikebook.text.dates import (  # noqa: F401 (the one date vocabulary, re-exported)
    ANY_DATE,
    DATE,
    DATE_RE,
    ISO,
    MONTH,
    NUMERIC_DATE,
    NUMERIC_DATE_RE,
    TEXT_DATE,
    WEEKDAY,
)

#: Photo and news agencies seen in credits. Order matters only for readability; matching is by regex.
AGENCIES = (
    r"AP|AFP|Getty(?:\s+Images)?|Reuters|EPA(?:-EFE)?|PA(?:\s+(?:Wire|Media|Images))?|Shutterstock|Bloomberg"
    r"|Anadolu(?:\s+Agency)?|Xinhua|TASS|SANA|IRNA|Tasnim|Sipa(?:\s+USA)?|Alamy|DPA|ZUMA(?:\s+Wire|\s+Press)?"
    r"|NurPhoto|SOPA(?:\s+Images)?|Corbis|Rex(?:\s*/\s*Shutterstock)?|UPI|Handout|Pool|Planet\s+Labs"
    r"|Maxar(?:\s+Technologies)?|U\.?S\.?\s+(?:Air\s+Force|Army|Navy|Marine\s+Corps|Central\s+Command)"
    r"|(?:US\s+)?(?:Department\s+of\s+Defen[cs]e|DoD)|CENTCOM|Associated\s+Press|Agence\s+France[- ]Presse"
    r"|File(?:\s+photo)?"
)
AGENCY = rf"(?:{AGENCIES})"
#: news agencies that sign stories (a line naming only them is a byline; photo agencies alone are credits)
WIRE = (r"(?:AP|AFP|Reuters|Associated\s+Press|Agence\s+France[- ]Presse|Xinhua|TASS|Anadolu(?:\s+Agency)?"
        r"|IRNA|SANA|Tasnim|DPA|UPI|PA|Press\s+Association|agencies)")


TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
#: time zones, capitals only: GMT, BST, UTC+3, (EST), Local time
ZONE = (r"(?-i:\(?(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|IST|AST|IRST|GST|PKT|TRT|EAT|CAT|WAT|SAST|HKT|SGT|ICT"
        r"|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|AEST|AEDT|JST|KST|WIB|Z)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)"
        r"|[+-]\d{2}:?\d{2}|local time")
#: labels that introduce a date stamp
DATE_LABEL = (r"(?:date(?:d|line)?|(?:first\s+)?published|posted|update[ds]?|last\s+(?:updated|modified)|modified"
              r"|created|released|issued)")
#: "3 hours ago", "an hour ago"
AGO = (r"(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago")

#: letters of each script, for telling site furniture in another script from the article's own words
SCRIPTS = {
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F]"),
    "arabic": re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]"),
    "hebrew": re.compile(r"[\u0590-\u05FF]"),
    "cyrillic": re.compile(r"[\u0400-\u04FF]"),
    "greek": re.compile(r"[\u0370-\u03FF]"),
    "cjk": re.compile(r"[\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]"),
    "devanagari": re.compile(r"[\u0900-\u097F]"),
}


def script_counts(s: str) -> dict[str, int]:
    """Letters of each script in `s` (scripts with none are left out)."""
    counts = {name: len(rx.findall(s)) for name, rx in SCRIPTS.items()}
    return {k: v for k, v in counts.items() if v}
