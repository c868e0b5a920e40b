"""Who holds a title: the job title an article gives a person, the person it names in a role, and the one
data/reference/people.csv says held the role on the event's date.

Why apart: "the spokesman said", "the Pentagon spokesman said", "Iran Foreign Minister: ‘…’" credit a person
by role. The annotation guidelines credit the person the article names in that role elsewhere; when the
article never names them, the reference's role history knows who held the role that day — if exactly one
person did (one Pentagon press secretary at a time), otherwise the role stays a description. A role fits
when it has the title's word (or a word of the same job: a spokesman is a press secretary) and every word
that qualifies it ("Pentagon", "Iranian", "foreign") is in the role, in the organisation or its aliases,
or in the organisation's country.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from strikebook.extract import entities
from strikebook.extract.speech_words import PERSON_TITLES, ROLE_EQUIVALENTS
from strikebook.reference.names import NAME_PARTICLES
from strikebook.text.normalize import fold, split_list

_FITTING_KEY = "strikebook.extract.role_holders.fitting"
#: courtesy titles that stand between a job title and the name
_COURTESY = frozenset({"Dr", "Mr", "Mrs", "Ms", "Miss", "Sir", "Dame"})
#: words of a lower rank in the same office: a "Pentagon spokesman" is not the deputy press secretary
RANKS = frozenset({"deputy", "assistant", "vice", "acting", "principal"})
_REF_CACHE: dict[int, tuple[object, dict]] = {}
#: words that qualify a title without saying which organisation ("the former spokesman", "its top general")
_NOT_QUALIFIERS = frozenset("the a an its their his her former then top senior chief deputy acting new "
                            "current another s of for in at from to and on".split()) | NAME_PARTICLES


def person_role(ctx, mention: dict) -> str:
    """The job title the article attaches to one person mention, as printed ("" when none):
    before the name ("Pentagon press secretary John Kirby", "The Pentagon press secretary, John Kirby")
    or after it ("Saeed Khatibzadeh, spokesman for Iran’s foreign ministry,"; "Mohsen Rezaei, the former
    commander of the Guards who is now …": up to the relative clause)."""
    doc, text = ctx.doc, ctx.text
    span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
    if span is None:
        return ""
    role = _title_left(doc, span.start - 1)
    if role:
        return role
    j = span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j >= 0 and doc[j].text == "," and j - 1 >= 0:
        role = _title_left(doc, j - 1)
        if role:
            return role
    after = text[mention["end"]:mention["end"] + 120]
    m = re.match(r",\s+(?:the\s+|a\s+|an\s+)?([^,;:\n\u2014()\"\u201c\u201d]{2,90}?)"
                 r"\s*(?:,|;|\u2014|\bsaid\b|\b(?:who|which|that)\b|$)", after)
    if m and not re.match(r"(?i)(who|which|that|whose|saying|and|but)\b", m.group(1)):
        words = re.findall(r"[\w\-]+", m.group(1).lower())
        if any(w in entities.TITLE_WORDS for w in words) and len(words) <= 10:
            return m.group(1).strip().rstrip(".")
    return ""


def _title_left(doc, j) -> str:
    """Words ending at token j that form a job title ("Pentagon press secretary", "U.S. President",
    "Secretary of State")."""
    toks = []
    stop = j - 20  # a title is a few words
    while j >= 0 and j > stop:
        t = doc[j]
        if t.is_space or t.is_punct and t.text not in (".",):
            break
        if t.pos_ in ("NOUN", "PROPN", "ADJ") or t.tag_ == "POS" or (
                t.lower_ in ("of", "for") and toks and toks[0].lower_ in entities.TITLE_WORDS):
            toks.insert(0, t)
            j -= 1
            continue
        if t.lower_ in ("of", "for") and toks and j >= 1 and doc[j - 1].lower_ in entities.TITLE_WORDS:
            toks.insert(0, t)  # "Secretary of State": the title word comes before "of"
            j -= 1
            continue
        break
    while toks and (toks[0].lower_ in ("of", "for") or toks[0].tag_ == "POS"):
        toks.pop(0)
    if not toks:
        return ""
    last_title = max((k for k, t in enumerate(toks) if t.lower_ in entities.TITLE_WORDS), default=-1)
    if last_title < 0:
        return ""
    if last_title + 2 < len(toks) and toks[last_title + 1].lower_ in ("of", "for"):
        last_title = len(toks) - 1  # "Secretary of State": the department after "of" is part of the title
    toks = toks[: last_title + 1]
    while len(toks) > 1 and toks[-1].text.rstrip(".") in _COURTESY:
        toks.pop()  # "Secretary of Defense Dr. Mark Esper": "Dr." is not part of the title
    # the span's own text: `doc.text` would rebuild the whole article from its tokens on every call
    return doc[toks[0].i:toks[-1].i + 1].text


def title_words(title: str) -> tuple[str, ...]:
    """The words (or two-word phrases) of roles that are the job `title` names."""
    t = title.lower()
    return tuple(ROLE_EQUIVALENTS.get(t) or sorted(PERSON_TITLES.get(t, {t})))


def qualifiers(words) -> frozenset[str]:
    """The content words that say whose title it is ("Pentagon", "Iran's foreign ministry" → pentagon; iran,
    foreign, ministry), without articles and words of rank."""
    out = set()
    for w in words:
        for part in re.findall(r"[^\W_]+", fold(str(w))):
            if part not in _NOT_QUALIFIERS:
                out.add(part)
    return frozenset(out)


def _same_word(q: str, w: str) -> bool:
    """'iran' = 'iranian', 'pentagon' = 'pentagon'; short words must be equal ('us')."""
    if q == w:
        return True
    return len(q) >= 4 and len(w) >= 4 and (q.startswith(w) or w.startswith(q))


def role_fits(role: str, titles, quals, context: str = "") -> bool:
    """Whether a role ("Pentagon press secretary") is a title of `titles` qualified by every word of `quals`
    (found in the role or in `context`: its organisation, aliases, country)."""
    role_f = fold(role)
    words = set(re.findall(r"[^\W_]+", role_f))
    if not any((t in role_f) if " " in t else (t in words) for t in titles):
        return False
    known = words | set(re.findall(r"[^\W_]+", fold(context)))
    return all(any(_same_word(q, w) for w in known) for q in quals)


def fitting_mentions(ctx, key, build) -> entities.MentionIndex:
    """A `MentionIndex` of the article's mentions that fit one description, built once per Doc and key."""
    cache = ctx.doc.user_data.setdefault(_FITTING_KEY, {}) if hasattr(ctx.doc, "user_data") else {}
    found = cache.get(key)
    if found is None:
        found = cache[key] = entities.MentionIndex(build())
    return found


def _reference(ref) -> dict:
    """From people.csv and groups.csv, once per Reference: name -> roles, and the role history rows with the
    words of their organisation (its aliases and country)."""
    cached = _REF_CACHE.get(id(ref))
    if cached is not None and cached[0] is ref:
        return cached[1]
    people, groups = getattr(ref, "people", None), getattr(ref, "groups", None)
    org_words: dict[str, str] = {}
    if groups is not None and "name" in getattr(groups, "columns", []):
        for row in groups.to_dict("records"):
            aliases = " ".join(split_list(row.get("aliases", "")))
            org_words[str(row["name"])] = f"{row['name']} {aliases} {row.get('country', '') or ''}"
    history: list[tuple[str, str, str, str, str]] = []  # name, role, context, start, end
    if people is not None and {"name", "role"} <= set(getattr(people, "columns", [])):
        for row in people.to_dict("records"):
            name, role = str(row["name"]), row.get("role") if isinstance(row.get("role"), str) else ""
            org = str(row.get("organisation", "") or "")
            history.append((name, role, f"{org} {org_words.get(org, '')}", str(row.get("start", "") or ""),
                            str(row.get("end", "") or "")))
    by_name: dict[str, list[tuple]] = {}
    for h in history:
        by_name.setdefault(h[0], []).append(h)
    out = {"history": history, "by_name": by_name}
    _REF_CACHE[id(ref)] = (ref, out)
    return out


def _held_on(date: str, start: str, end: str) -> bool:
    """Whether a role held from `start` to `end` (ISO dates, months or years; empty = open) covers `date`."""
    if start and date[:len(start)] < start:
        return False
    return not end or date[:len(end)] <= end


def _key(word: str) -> str:
    """The look-up key of a role word: its first four letters (so that 'iran' finds 'iranian', as `_same_word`
    matches them), or the whole of a shorter word."""
    return word[:4]


def _people_roles(ctx) -> tuple[list[dict], list[list[tuple[str, str]]], dict[str, list[int]]]:
    """The article's person mentions, the roles each has (as the article prints it, and as people.csv records
    it with its organisation's words), and an index from role words to mentions: built once per Doc, so that
    asking for the holder of a title costs the mentions that share its rarest word, not all of them."""
    cache = ctx.doc.user_data if hasattr(ctx.doc, "user_data") else {}
    found = cache.get(_ROLES_KEY)
    if found is not None:
        return found
    ref = _reference(ctx.ref)
    rows = entities.mention_index(ctx, "person").rows
    roles: list[list[tuple[str, str]]] = []
    posting: dict[str, list[int]] = {}
    for k, m in enumerate(rows):
        printed = person_role(ctx, m)
        mine = ([(printed, "")] if printed else []) + [(r, c) for _n, r, c, _s, _e in ref["by_name"].get(m["name"], ())]
        roles.append(mine)
        for key in {_key(w) for r, c in mine for w in re.findall(r"[^\W_]+", fold(f"{r} {c}"))}:
            posting.setdefault(key, []).append(k)
    found = cache[_ROLES_KEY] = (rows, roles, posting)
    return found


_ROLES_KEY = "strikebook.extract.role_holders.roles"


def named_holder(ctx, title: str, quals, at: int, forward: bool = False) -> dict | None:
    """The person mention of the latest person named before `at` whose title — as the article gives it, or
    as people.csv records it — is `title` qualified by `quals` (the first one named after `at`, with
    `forward`, for a headline whose body names the person later)."""
    titles, quals = title_words(title), frozenset(quals)

    def build():
        rows, roles, posting = _people_roles(ctx)
        title_rows = sorted({k for t in titles for k in posting.get(_key(t.split()[-1]), ())})
        cands = min([title_rows] + [posting.get(_key(q), []) for q in quals], key=len)
        return [rows[k] for k in sorted(cands) if any(
            role_fits(r, titles, quals, c) if c else role_fits(r, titles, quals) for r, c in roles[k])]

    def build_plain():
        rows, roles, _posting = _people_roles(ctx)
        index = {id(r): k for k, r in enumerate(rows)}
        return [m for m in fitting_mentions(ctx, ("holder", titles, quals), build).rows
                if not _qualified_in_print(roles[index[id(m)]], titles)]

    fitting = fitting_mentions(ctx, ("holder", titles, quals), build)
    # a bare title ("the President said") is not someone the article names with a qualifier ("Syrian President
    # Bashar Assad") when someone else holds the title plainly ("President Trump"): prefer the plain holders
    choices = ([fitting_mentions(ctx, ("plain holder", titles), build_plain)] if not quals else []) + [fitting]
    for fitting in choices:
        m = fitting.last_before(at)
        if m is None and forward:
            k = bisect_left(fitting.starts, at)
            m = fitting.rows[k] if k < len(fitting.rows) else None
        if m is not None:
            return m
    return None


def _qualified_in_print(roles: list[tuple[str, str]], titles) -> bool:
    """Whether the article prints this person's title only with words saying whose it is ("Syrian President")."""
    printed = [r for r, c in roles if not c]
    title_parts = {w for t in titles for w in t.split()}
    return bool(printed) and all(qualifiers(re.findall(r"[^\W_]+", fold(r))) - title_parts for r in printed)


def reference_holder(ref, title: str, quals, date: str, ranks=frozenset()) -> str:
    """The one person people.csv says held `title` (qualified by `quals`) on `date`; "" when nobody or
    several did, or the date is unknown. A role of a rank the title does not say ("Deputy Pentagon press
    secretary" for "the Pentagon spokesman") is someone else's."""
    if not date:
        return ""
    titles, quals = title_words(title), frozenset(quals)
    names = {n for n, r, c, s, e in _reference(ref)["history"]
             if _held_on(date, s, e) and role_fits(r, titles, quals, c)
             and set(re.findall(r"[^\W_]+", fold(r))) & RANKS <= set(ranks)}
    return next(iter(names)) if len(names) == 1 else ""


def described_person(ctx, title: str, at: int) -> tuple[str, str] | None:
    """(name, role) of the latest person named before `at` whose title — as the article gives it, else as
    data/reference/people.csv records it — has that word ("Kanaani said … “…,” the spokesman said")."""
    m = named_holder(ctx, title, (), at)
    return (m["name"], person_role(ctx, m)) if m is not None else None
