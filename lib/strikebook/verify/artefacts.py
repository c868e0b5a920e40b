"""Text artefacts: signs that the text is not (only) the outlet's own clean copy.

What it looks for, in the article's own words:
- machine translation: a day of the month rendered as a duration ("the 15-day attack" for "the attack on
  the 15th"; a warning when a recorded event near the article's date fell on that day), a channel name fused
  with a day number ("CNN News 26 reported"), a bare day number ("reported on 25."), a place name that is a
  known garbled rendering (`aliases.csv` notes) or is glossed with a known place ("Abir (Erbil)");
- third-party text: reader comments or inserted links (segments of kind `comment`) with the article's body
  continuing after them. A comment section after the article is page furniture and is not flagged.

Why: a machine-translated article may have garbled names, dates and quotes, so its wording needs care; text
a reader or an aggregator inserted must never be attributed to the outlet.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from strikebook.text.dates import format_date
from strikebook.text.normalize import fold, split_list
from strikebook.verify.common import Context, cell, in_spans, make_flag, table

_DAY_AS_DURATION = re.compile(r"\bthe\s+([12]\d|3[01]|0?[1-9])-day\s+(attack|strike|strikes|air ?strikes?|bombing|raid|"
                              r"assault|incident|explosion|shelling|rocket attack)\b", re.I)
_FUSED_OUTLET = re.compile(r"\b((?:[A-Z][\w&.'-]*\s+){0,3}?(?:[A-Z]{2,}|News|TV|Television|Radio|Agency|Times|Post|"
                           r"Press|Journal|Herald|Daily|Network))\s+([12]\d|3[01]|0?[1-9])\s+"
                           r"(reported|reports|said|says|quoted|cited|announced|wrote)\b")
_BARE_DAY = re.compile(r"\b(?:reported|said|announced|confirmed|quoted)\s+on\s+([12]\d|3[01]|0?[1-9])(?=\s*[.,;])")
_GLOSS = re.compile(r"\b([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s+\(([A-Z][\w'\u2019-]+(?:[\s-]+[A-Z]?[\w'\u2019-]+)?)\)")
_GARBLED_NOTE = re.compile(r"garbl|machine|mistransl|error|typo|misspel|corrupt", re.I)


def _place_names(tables, ref) -> dict[str, str]:
    """folded spelling → canonical place name, from the reference places, their aliases and the places table."""
    out: dict[str, str] = {}
    for r in table(ref, "places").itertuples(index=False):
        r = r._asdict()
        for n in [cell(r.get("name"))] + split_list(r.get("aliases")):
            out.setdefault(fold(n), cell(r.get("name")))
    for r in table(ref, "aliases").itertuples(index=False):
        r = r._asdict()
        out.setdefault(fold(cell(r.get("name"))), cell(r.get("name")))
        if not _GARBLED_NOTE.search(cell(r.get("note"))):
            out.setdefault(fold(cell(r.get("alias"))), cell(r.get("name")))
    places = table(tables, "places")
    if not places.empty and "name" in places.columns:
        for n in places["name"].dropna().astype(str):
            out.setdefault(fold(n), n)
    return out


def check_text_artefacts(ctx: Context) -> list[dict]:
    """Signs of machine translation and third-party text in each article (see the module docstring)."""
    events = ctx.events
    flags: list[dict] = []
    aliases = table(ctx.ref, "aliases")
    garbled = {fold(cell(r.alias)): cell(r.name) for r in aliases.itertuples(index=False)
               if _GARBLED_NOTE.search(cell(getattr(r, "note", "")))} if not aliases.empty else {}
    places = _place_names(ctx.tables, ctx.ref)
    pl = table(ctx.tables, "places")
    place_rows: dict[str, list[dict]] = {}  # article_id → its rows of the places table, read once
    if not pl.empty and "mention" in pl.columns:
        for r in pl.itertuples(index=False):
            place_rows.setdefault(r.article_id, []).append(r._asdict())
    for aid, text in sorted(ctx.texts.items()):
        spans = ctx.own_spans(aid)
        day = ctx.day(aid)
        for m in _DAY_AS_DURATION.finditer(text):
            if not in_spans(m.start(), spans):
                continue
            n = int(m.group(1))
            near = [e for e in events.values() if e.get("day") and day and e["day"].day == n
                    and abs((e["day"] - day).days) <= 60]
            hint = (f" — the record has the {near[0].get('name')} on {format_date(near[0]['day'].isoformat())}"
                    if near else "")
            message = (f"\u201c{m.group(0)}\u201d reads like a machine translation of \u201cthe {m.group(2)} on the "
                       f"{n}th\u201d (a day of the month rendered as a duration){hint}. Treat the wording of this "
                       "article with care.")
            f = make_flag(aid, "text_artefact", "warning" if near else "info", message, text, m.start(), m.end())
            if f:
                flags.append(f)
        for m in _FUSED_OUTLET.finditer(text):
            if in_spans(m.start(), spans):
                message = (f"\u201c{m.group(0)}\u201d looks like a channel name fused with a date (\u201c{m.group(1)} "
                           f"reported on the {m.group(2)}th\u201d): a sign of machine translation.")
                f = make_flag(aid, "text_artefact", "warning", message, text, m.start(), m.end())
                if f:
                    flags.append(f)
        for m in _BARE_DAY.finditer(text):
            if in_spans(m.start(), spans):
                message = (f"\u201c{m.group(0)}\u201d gives a bare day number with no month: a sign of machine "
                           "translation (check which day is meant).")
                f = make_flag(aid, "text_artefact", "info", message, text, m.start(), m.end())
                if f:
                    flags.append(f)
        flags += _garbled_names(aid, text, spans, place_rows.get(aid, []), garbled, places)
        flags += _inserted_comments(ctx, aid, text)
    return flags


def _garbled_names(aid, text, spans, place_rows: list[dict], garbled: dict[str, str], places: dict[str, str]
                   ) -> list[dict]:
    flags, done = [], []
    for m in _GLOSS.finditer(text):
        if not in_spans(m.start(), spans):
            continue
        outer, inner = m.group(1), m.group(2)
        canonical = places.get(fold(inner))
        if not canonical:
            continue
        if fold(outer) in garbled or (fold(outer) not in places and fuzz.ratio(fold(outer), fold(inner)) < 60):
            message = (f"\u201c{outer}\u201d is not a known spelling of {canonical}; the text glosses it as "
                       f"\u201c{inner}\u201d. A garbled name like this is a sign of machine translation.")
            f = make_flag(aid, "text_artefact", "warning", message, text, m.start(), m.end())
            if f:
                flags.append(f)
                done.append((m.start(), m.end()))
    for r in place_rows:
        core = re.sub(r"\s*\(.*\)$", "", cell(r.get("mention")))
        s, e = int(r.get("start", 0)), int(r.get("end", 0))
        if fold(core) not in garbled or any(a <= s < b for a, b in done):
            continue
        message = (f"\u201c{core}\u201d is a known garbled rendering of {garbled[fold(core)]} (found only through "
                   "the alias list): a sign of machine translation.")
        f = make_flag(aid, "text_artefact", "warning", message, text, s, e)
        if f:
            flags.append(f)
            done.append((s, e))
    return flags


def _inserted_comments(ctx: Context, aid: str, text: str) -> list[dict]:
    """Runs of reader-comment segments with the article's body continuing after them."""
    rows = ctx.segments(aid)
    body_starts = [s for s, _, kind in rows if kind == "body"]
    runs: list[list[int]] = []  # neighbouring comment segments (only space between) are one insertion
    for s, e, kind in rows:
        if kind != "comment":
            continue
        if runs and not text[runs[-1][1]:s].strip():
            runs[-1][1] = e
        else:
            runs.append([s, e])
    flags = []
    for s, e in runs:
        if not any(b >= e for b in body_starts):
            continue  # a comment section after the article is page furniture, not inserted text
        while e > s and text[e - 1].isspace():
            e -= 1
        message = ("Third-party text inside the article: this reads as a reader's comment or an inserted link, "
                   "not the outlet's reporting. Do not attribute it to the outlet.")
        f = make_flag(aid, "text_artefact", "warning", message, text, s, e)
        if f:
            flags.append(f)
    return flags
