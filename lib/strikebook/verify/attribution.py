"""Conflicting attribution: a claim of responsibility that belongs to another attack, or that another
article gives to a different group.

What it looks for: an armed group from `data/reference/groups.csv` (kind `militia`) named next to a claim or
attribution cue in the same sentence — "claimed by X", "carried out by X", "X claimed responsibility", "X was
behind" — in the article's own words. The claim is about the attack the article's event answered (or the
event itself when it is an attack). It is flagged
- as a problem when the record (`data/reference/events.csv`: `claimed_by`, `attributed_to`) gives that
  group another attack: the claim was probably carried over from coverage of the other attack;
- as a warning when the record names other groups, or when an earlier article says another group claimed
  the same attack.

Why: claims are copied from story to story; a claim that moved from one attack to another changes who is
blamed for whose deaths. Denials ("denied any role") and hedges ("militants with links to X") are not
claims, and a group the record does not know is never flagged.

How it scales: claims are found article by article; across articles, the claims on one attack are kept in
article order per group, so an article's rivals (earlier articles naming another group) are read off
sorted lists instead of comparing every pair of claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict

from strikebook.reference.names import name_regex
from strikebook.text.dates import format_date
from strikebook.text.normalize import fold, split_list
from strikebook.verify.common import Context, cell, in_spans, make_flag, name_needle, table

#: cue, then the group: "claimed by X", "carried out by X"
_CUE_BEFORE = re.compile(r"\b(?:claimed by|claims? of responsibility (?:by|from)|responsibility was claimed by|"
                         r"carried out by|launched by|conducted by|blamed on|attributed to)\b", re.I)
#: the group, then the cue: "X claimed responsibility", "X was behind"
_CUE_AFTER = re.compile(r"\b(?:(?:has |have |had )?claimed (?:responsibility|credit|the (?:\w+ )?(?:attack|strike|"
                        r"bombing|assault))|took (?:responsibility|credit)|(?:was|were|is|are) (?:behind|responsible "
                        r"for))\b", re.I)
_DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|rejected responsibility|no role|not involved|"
                     r"not responsible|has not (?:categorically )?blamed)\b", re.I)
_HEDGE = re.compile(r"\b(?:links? to|linked to|ties to|tied to|affiliated (?:to|with)|backed by|close to|aligned "
                    r"with|allied (?:to|with)|such as|like)\b", re.I)


def _group_patterns(ref) -> list[tuple[str, re.Pattern, str]]:
    groups = table(ref, "groups")
    if groups.empty:
        return []
    out = []
    for r in groups.itertuples(index=False):
        r = r._asdict()
        if cell(r.get("kind")) not in ("militia", ""):
            continue
        names = [cell(r.get("name"))] + split_list(r.get("aliases"))
        for n in sorted(set(names), key=len, reverse=True):
            if len(n) >= 3:
                out.append((cell(r.get("name")), name_regex(n, ignore_case=len(n) > 4), name_needle(n)))
    return out


def _claims(ctx: Context) -> list[dict]:
    """Groups named as claiming (or carrying out) an attack: one row per group mention next to a cue."""
    patterns = _group_patterns(ctx.ref)
    texts = ctx.texts
    out = []
    for aid, text in sorted(texts.items()):
        spans = ctx.own_spans(aid)
        found = []
        folded = text.casefold()
        for name, pat, needle in patterns:
            if needle not in folded:
                continue  # (see common.name_needle)
            for m in pat.finditer(text):
                if in_spans(m.start(), spans) and not any(s <= m.start() < e for _, s, e in found):
                    found.append((name, m.start(), m.end()))
        for name, gs, ge in sorted(found, key=lambda x: x[1]):
            lo, hi = ctx.sentence(aid, gs, ge)
            best = None
            for c in _CUE_BEFORE.finditer(text, lo, hi):
                gap = text[c.end():gs]
                if c.end() <= gs and len(gap) <= 60 and not _HEDGE.search(gap) and not re.search(r"[;:]", gap):
                    kind = "claim" if re.search(r"claim|responsib", c.group(), re.I) else "attribution"
                    if best is None or len(gap) < best[0]:
                        best = (len(gap), kind, c.start(), ge)
            for c in _CUE_AFTER.finditer(text, lo, hi):
                gap = text[ge:c.start()]
                if ge <= c.start() and len(gap) <= 40 and not re.search(r"[;:.]", gap):
                    kind = "claim" if re.search(r"claim|responsib|credit", c.group(), re.I) else "attribution"
                    if best is None or len(gap) < best[0]:
                        best = (len(gap), kind, gs, c.end())
            if best is None:
                continue
            window = text[max(lo, best[2] - 40):min(hi, best[3] + 40)]
            if _DENIAL.search(window):
                continue
            out.append({"article_id": aid, "group": name, "cue": best[1], "start": best[2], "end": best[3]})
    # one row per article, group and cue
    uniq = {}
    for c in out:
        uniq.setdefault((c["article_id"], c["group"], c["cue"]), c)
    return list(uniq.values())


def _attacked_event(article_event: str, events: dict[str, dict]) -> str:
    """The attack an article's claims are about: the event itself, or the attack a strike answered."""
    ev = events.get(article_event, {})
    if ev.get("kind") == "us_strike" and ev.get("responds_to", "").strip():
        return ev.get("responds_to", "").split(";")[0].strip()
    return article_event  # an attack itself, or a strike whose cause the record does not name


def check_conflicting_attributions(ctx: Context) -> list[dict]:
    """A claim or attribution that the record ties to another attack, or that another article gives to
    a different group. Denials ("denied any role") and hedges ("militants with links to X") are not
    claims."""
    texts, events = ctx.texts, ctx.events
    claims = _claims(ctx)
    flags: list[dict] = []
    # group (folded) → the recorded events that name it, in event order (looked up once per claim)
    events_naming: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for eid, e in sorted(events.items()):
        for g in {fold(g) for g in split_list(e.get("claimed_by")) + split_list(e.get("attributed_to"))}:
            events_naming[g].append((eid, e))
    by_event = defaultdict(list)
    for c in claims:
        aid = c["article_id"]
        target = _attacked_event(ctx.event_id(aid), events)
        c["target"] = target
        if target:
            by_event[target].append(c)
        ev = events.get(target, {})
        known = {fold(g) for g in split_list(ev.get("claimed_by")) + split_list(ev.get("attributed_to"))}
        if not target or not known or fold(c["group"]) in known:
            continue
        others = [(eid, e) for eid, e in events_naming.get(fold(c["group"]), []) if eid != target]
        label = ev.get("name") or f"the attack of {format_date(target)}"
        record = " and ".join(filter(None, [
            f"claimed by {', '.join(split_list(ev.get('claimed_by')))}" if split_list(ev.get("claimed_by")) else "",
            f"attributed to {', '.join(split_list(ev.get('attributed_to')))}" if split_list(ev.get("attributed_to")) else ""]))
        verb = "claimed" if c["cue"] == "claim" else "carried out"
        if others:
            oid, oe = others[0]
            how = "claimed" if fold(c["group"]) in {fold(g) for g in split_list(oe.get("claimed_by"))} else "blamed for"
            message = (f"The article says {c['group']} {verb} the {label} ({format_date(ev.get('date') or target)}), "
                       f"but in the record {c['group']} {how} the {oe.get('name') or 'another attack'} "
                       f"({format_date(oe.get('date') or oid)}); the {label} was {record}. The claim may have been "
                       "carried over from coverage of the other attack.")
            severity = "problem"
        else:
            message = (f"The article says {c['group']} {verb} the {label}; the record has it {record}.")
            severity = "warning"
        f = make_flag(c["article_id"], "conflicting_attribution", severity, message, texts.get(c["article_id"], ""),
                      c["start"], c["end"])
        if f:
            flags.append(f)
    # across articles: the same attack claimed by different groups
    for target, cs in sorted(by_event.items()):
        claim_rows = sorted((c for c in cs if c["cue"] == "claim"), key=lambda c: c["article_id"])  # (stable)
        articles = [c["article_id"] for c in claim_rows]
        rows_of_group: dict[str, list[int]] = defaultdict(list)
        for k, c in enumerate(claim_rows):
            rows_of_group[fold(c["group"])].append(k)
        for c in claim_rows:
            # rivals: claims of earlier articles naming another group (a prefix of each group's rows)
            before = bisect_left(articles, c["article_id"])
            rivals = [claim_rows[k] for k in sorted(k for g, ks in rows_of_group.items() if g != fold(c["group"])
                                                    for k in ks[:bisect_left(ks, before)])]
            if not rivals:
                continue
            label = events.get(target, {}).get("name") or f"the attack of {format_date(target)}"
            message = (f"This article says {c['group']} claimed the {label}; "
                       + "; ".join(f"article {o['article_id']} says {o['group']}" for o in rivals) + ".")
            f = make_flag(c["article_id"], "conflicting_attribution", "warning", message,
                          texts.get(c["article_id"], ""), c["start"], c["end"], [o["article_id"] for o in rivals])
            if f:
                flags.append(f)
    return flags
