"""Cross-source verification: where the reports do not add up, flagged with the words that show it.

Why: an investigator reads a pile of reports looking for what does not fit — a spokesman quoted years
after he left the post, a claim of responsibility that belongs to another attack, a weekday that is not
the day of the event, a statement whose wording changed between outlets, text a machine translator or a
reader's comment left behind. Each check here is one such question, asked the same way of any corpus:
it reads the extraction tables (`schema.COLUMNS`) and the reference data in `data/reference/` (people
with dated roles, groups, events with claims and attributions, periods), never a particular file.

Every flag is a row of the `flags` table: `article_id, kind, severity, message, evidence, start, end,
related`, where `tables.texts[article_id][start:end] == evidence`. A flag without evidence is never
emitted. Severities: `problem` (the record contradicts the article), `warning` (needs a human look),
`info` (context: what is or is not corroborated). Checks are deliberately conservative: a handful of
meaningful flags per article beats a flood of trivia.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

from strikebook.schema import COLUMNS
from strikebook.text.normalize import cell_text, fold, split_list
from strikebook.verify import quotecompare

FLAG_COLUMNS = COLUMNS["flags"]
KINDS = ("anachronism", "conflicting_figures", "conflicting_attribution", "corroboration", "quote_drift",
         "date_event_fit", "text_artefact")
#: segment kinds that hold the article's own words (captions are the outlet's too)
OWN_KINDS = ("title", "body", "caption")
_SEVERITY_ORDER = {"problem": 0, "warning": 1, "info": 2}


# ============================================================================ small shared helpers
def _table(obj, name: str) -> pd.DataFrame:
    """A table of `tables` or a reference table; missing → empty frame (tests pass SimpleNamespaces)."""
    df = getattr(obj, name, None)
    if df is None or not isinstance(df, pd.DataFrame):
        return pd.DataFrame()
    return df


def _s(value) -> str:
    """Cell → clean string ('' for NaN/None)."""
    return cell_text(value).strip()


def parse_date(value, latest: bool = False) -> date | None:
    """ISO date at any precision ('2024', '2022-05', '2022-05-20') → a day.

    `latest` gives the last day the partial date can mean: role end dates are compared with their
    latest day and start dates with their earliest, so an imprecise record never raises a false flag.
    """
    v = _s(value)
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", v)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return date(y, int(mo), int(d))
        if mo:
            return date(y, int(mo), calendar.monthrange(y, int(mo))[1] if latest else 1)
        return date(y, 12, 31) if latest else date(y, 1, 1)
    except ValueError:
        return None


def format_date(value) -> str:
    """'2024-02-02' → '2 Feb 2024'; '2022-05' → 'May 2022'; '2024' → '2024' (as precise as the record)."""
    v = _s(value)
    parts = v.split("-")
    try:
        if len(parts) >= 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
            return f"{d.day} {d.strftime('%b')} {d.year}"
        if len(parts) == 2:
            return f"{calendar.month_abbr[int(parts[1])]} {parts[0]}"
    except (ValueError, IndexError):
        return v
    return v


def _flag(article_id, kind, severity, message, text, start, end, related=()) -> dict | None:
    start, end = int(start), int(end)
    if not text or not (0 <= start < end <= len(text)):
        return None
    related = [r for r in dict.fromkeys(related) if r and r != article_id]
    return {"article_id": article_id, "kind": kind, "severity": severity, "message": message,
            "evidence": text[start:end], "start": start, "end": end, "related": ";".join(sorted(related))}


_ABBREV = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gen|Col|"
                     r"Lt|Sgt|Rep|Sen|No|Gov|Adm|Capt|Maj|U\.S|U\.K|U\.N))\.$")
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*[ \t]+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n+")


def sentence_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence around text[start:end] (a newline also ends a sentence; 'U.S.' and 'Feb.' do not)."""
    end = start if end is None else end
    lo, hi = 0, len(text)
    for b_start, b_end, newline in _boundaries(text):
        if b_end <= start:
            lo = b_end
        elif b_start >= end:
            hi = b_start + (0 if newline else 1)
            break
    return lo, hi


@lru_cache(maxsize=64)
def _boundaries(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, is a line break) of the text's sentence boundaries, found once per text (the checks ask
    for the sentence around many offsets of the same article)."""
    out = []
    for m in _BOUNDARY.finditer(text):
        newline = m.group().startswith("\n")
        if newline or not _ABBREV.search(text[: m.start() + 1]):
            out.append((m.start(), m.end(), newline))
    return tuple(out)


def _article_info(tables) -> dict[str, dict]:
    """article_id → {'event_id', 'date' (of the event, else the publication date), 'published'}."""
    articles = _table(tables, "articles")
    if _IN_RUN and _INFO_CACHE and _INFO_CACHE[0][0] is articles:  # every check asks: read it once per run
        return {k: dict(v) for k, v in _INFO_CACHE[0][1].items()}
    out = _read_article_info(tables)
    if _IN_RUN:
        _INFO_CACHE[:] = [(articles, out)]
    return {k: dict(v) for k, v in out.items()}


_INFO_CACHE: list = []  # [(articles frame, info)]: the last frame only
#: The memos below live only inside one `run_checks` call (cleared at its start and end), so a frame
#: changed in place between two calls is always read afresh.
_IN_RUN = False


def _read_article_info(tables) -> dict[str, dict]:
    out = {}
    for _, row in _table(tables, "articles").iterrows():
        aid = _s(row.get("article_id"))
        ev = _s(row.get("event_id"))
        out[aid] = {"event_id": ev, "date": parse_date(ev) or parse_date(row.get("published")),
                    "published": _s(row.get("published"))}
    return out


def _events(tables, ref) -> dict[str, dict]:
    """event_id → the reference row (claims, attributions, responds_to…) completed from tables.events."""
    key = (_table(tables, "events"), _table(ref, "events"))
    if _IN_RUN and _EVENTS_CACHE and all(a is b for a, b in zip(_EVENTS_CACHE[0][0], key, strict=True)):
        return {k: dict(v) for k, v in _EVENTS_CACHE[0][1].items()}
    out = _read_events(tables, ref)
    if _IN_RUN:
        _EVENTS_CACHE[:] = [(key, out)]
    return {k: dict(v) for k, v in out.items()}


_EVENTS_CACHE: list = []  # [((tables.events, ref.events), events)]: the last pair only


def _read_events(tables, ref) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for _, row in _table(tables, "events").iterrows():
        out[_s(row.get("event_id"))] = {k: _s(v) for k, v in row.items()}
    for _, row in _table(ref, "events").iterrows():
        eid = _s(row.get("event_id"))
        out[eid] = {**out.get(eid, {}), **{k: _s(v) for k, v in row.items()}}
    for eid, ev in out.items():
        ev["day"] = parse_date(ev.get("date") or eid)
    return {k: v for k, v in out.items() if k}


def _own_spans(tables, article_id: str, text: str, kinds=OWN_KINDS) -> list[tuple[int, int]]:
    seg = _table(tables, "segments")
    if seg.empty or "article_id" not in seg.columns:
        return [(0, len(text))]
    rows = _segments_by_article(seg).get(article_id)
    if not rows:
        return [(0, len(text))]
    return [(s, e) for s, e, kind in rows if kind in kinds]


_SEGMENTS_CACHE: list = []  # [(segments frame, {article_id: [(start, end, kind)]})]: the last frame only


def _segments_by_article(seg: pd.DataFrame) -> dict[str, list[tuple[int, int, str]]]:
    """The segments table grouped by article once (every check asks for every article's spans)."""
    if _IN_RUN and _SEGMENTS_CACHE and _SEGMENTS_CACHE[0][0] is seg:
        return _SEGMENTS_CACHE[0][1]
    grouped: dict[str, list[tuple[int, int, str]]] = {}
    for r in seg.itertuples():
        grouped.setdefault(r.article_id, []).append((int(r.start), int(r.end), r.kind))
    if _IN_RUN:
        _SEGMENTS_CACHE[:] = [(seg, grouped)]
    return grouped


def _in_spans(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def name_regex(name: str, ignore_case: bool | None = None) -> re.Pattern:
    """A name as a regex over the original text: any apostrophe or none, hyphen or space alike."""
    parts = []
    for ch in name.strip():
        if ch in "'\u2019\u02bc`":
            parts.append("['\u2019\u02bc`]?")
        elif ch in " -\u2010\u2011":
            parts.append(r"[\s\-\u2010\u2011]+")
        else:
            parts.append(re.escape(ch))
    flags = re.IGNORECASE if (ignore_case if ignore_case is not None else len(name) > 4) else 0
    return re.compile(r"(?<![\w'\u2019])" + "".join(parts) + r"(?![\w])", flags)


def _texts(tables) -> dict[str, str]:
    return dict(getattr(tables, "texts", {}) or {})


# ============================================================================ anachronism
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
_PAST_MARKER = re.compile(r"\b(?:former|ex|then|late|previous|predecessor|outgoing|erstwhile|onetime|one-time)\b",
                          re.I)
_DEATH_BEFORE = re.compile(r"\b(?:kill\w*|assassinat\w*|death|murder\w*|slain|eliminat\w*)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def role_tokens(phrase: str) -> set[str]:
    """The office and organisation a role phrase names, as canonical tokens.

    "Foreign ministry spokesman" and "spokesman for Iran's foreign ministry" both give
    {SPOKES, foreign-ministry(, iran)}: phrasing and word order do not matter, the office does.
    """
    t = " " + fold(phrase).replace("secretary-general", "secretarygeneral") + " "
    for pattern, repl in _ROLE_SYNONYMS:
        t = re.sub(pattern, repl, t)
    t = t.replace("secretarygeneral", " secretary-general ")
    words = set(re.findall(r"[A-Za-z][\w-]*", t))
    return {w for w in words if w in OFFICE_TOKENS or w in ORG_TOKENS or w in MODIFIER_TOKENS}


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
    """Each person's name patterns and dated roles; reference data, so built once per people table."""
    people = _table(ref, "people")
    if people.empty or "name" not in people.columns:
        return []
    cached = _PEOPLE_CACHE.get("people")
    if cached is not None and cached[0] is people:
        return cached[1]
    out = _build_people_index(people)
    _PEOPLE_CACHE["people"] = (people, out)
    return out


_PEOPLE_CACHE: dict[str, tuple[pd.DataFrame, list[dict]]] = {}


def _needle(alias: str) -> str:
    """The longest run of plain characters of a name (between apostrophes, spaces and hyphens), case-folded:
    every match of its `name_regex` contains it, so a text without it need not be scanned."""
    parts = re.split("['\u2019\u02bc` \\-\u2010\u2011]+", alias.strip())
    return max(parts, key=len).casefold() if parts else ""


def _build_people_index(people: pd.DataFrame) -> list[dict]:
    out = []
    out = []
    for name, rows in people.groupby("name", sort=True):
        aliases = [name] + sorted({a for v in rows.get("aliases", pd.Series(dtype=str)) for a in split_list(v)},
                                  key=len, reverse=True)
        roles = []
        for r in rows.itertuples(index=False):
            r = r._asdict()
            roles.append({"role": _s(r.get("role")), "organisation": _s(r.get("organisation")),
                          "start": _s(r.get("start")), "end": _s(r.get("end")),
                          "from": parse_date(r.get("start")) or date.min,
                          "from_latest": parse_date(r.get("start"), latest=True) or date.max,
                          "to": parse_date(r.get("end"), latest=True) or date.max,
                          "tokens": role_tokens(f"{r.get('role', '')} {r.get('organisation', '')}")})
        surname = name.split()[-1]
        long_aliases = [a for a in aliases if len(a) > 3]
        out.append({"name": name, "patterns": [name_regex(a) for a in long_aliases],
                    "needles": [_needle(a) for a in long_aliases],
                    "surname": name_regex(surname, ignore_case=False) if len(surname) >= 5 else None,
                    "surname_needle": _needle(surname),
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


def check_anachronisms(tables, ref) -> list[dict]:
    """A person named in a role (title next to the name) they did not hold on the article's event date.

    Skipped on purpose: "former"/"then"/"predecessor" titles, names right after "killing of"/
    "assassinated", and sentences dated to a year in which the role was held (history, not news).
    A role that starts within 120 days after the event, in a sentence about an election, is the
    president-elect case: info, not a problem.
    """
    people = _people_index(ref)
    if not people:
        return []
    texts, info = _texts(tables), _article_info(tables)
    flags: list[dict] = []
    for aid, text in sorted(texts.items()):
        day = info.get(aid, {}).get("date")
        if not day:
            continue
        spans = _own_spans(tables, aid, text)
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
                if not _in_spans(m.start(), spans):
                    continue
                lo, hi = sentence_span(text, m.start(), m.end())
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
                f = _flag(aid, "anachronism", severity, message, text, ps, pe)
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


# ============================================================================ conflicting figures
_VICTIM_ROLES = [
    ("contractor", r"contractor"),
    ("civilian", r"civilian|resident|child|children|women|people|person|bystander|passer"),
    ("militia", r"militia\w*|fighter|militant|paramilitar|member|combatant|gunm[ae]n"),
    ("military", r"soldier|troop|service ?(?:member|men|man|women|personnel)|servicem[ae]n|personnel|marine|"
                 r"sailor|airm[ae]n|military|officer"),
]
_NATIONALITY = [("non-us", r"\bnon-american"), ("us", r"\b(?:us|u\.s\.|american|americans|united states)\b"),
                ("iraqi", r"\biraqi"), ("syrian", r"\bsyrian"), ("iranian", r"\biranian")]


def victim_class(who: str) -> str:
    """'three US soldiers' → 'us military'; 'Iraqi militiamen' → 'iraqi militia'; '' when unclear."""
    w = fold(who)
    role = next((r for r, p in _VICTIM_ROLES if re.search(p, w)), "")
    if not role:
        return ""
    nat = next((n for n, p in _NATIONALITY if re.search(p, w)), "")
    return f"{nat} {role}".strip()


def _interval(row) -> tuple[float, float] | None:
    q = _s(row.get("qualifier")) or "exact"
    lo, hi = pd.to_numeric(row.get("min"), errors="coerce"), pd.to_numeric(row.get("max"), errors="coerce")
    if q == "up to":
        return (0, float(hi)) if hi == hi else None
    if lo != lo:
        return None
    lo = float(lo)
    if q == "at least":
        return (lo, float("inf"))
    if q == "more than":
        return (lo + 1, float("inf"))
    if q == "about":
        return (lo * 0.75, lo * 1.25 + 1)
    if q == "between":
        return (lo, float(hi) if hi == hi else lo)
    return (lo, float(hi) if hi == hi and hi >= lo else lo)


def _figure_text(row) -> str:
    q = _s(row.get("qualifier")) or "exact"
    lo, hi = _s(row.get("min")).removesuffix(".0"), _s(row.get("max")).removesuffix(".0")
    if q == "between":
        return f"between {lo} and {hi}"
    if q == "up to":
        return f"up to {hi}"
    return lo if q == "exact" else f"{q} {lo}"


def check_conflicting_figures(tables, ref) -> list[dict]:
    """The same event and the same victims with counts that cannot both be true (across or within
    articles). Open-ended figures ("at least five") only conflict with counts below them."""
    cas = _table(tables, "casualties")
    texts, info, events = _texts(tables), _article_info(tables), _events(tables, ref)
    flags: list[dict] = []
    if not cas.empty:
        rows = []
        for _, r in cas.iterrows():
            aid = _s(r.get("article_id"))
            ev = _s(r.get("event_id")) or info.get(aid, {}).get("event_id", "")
            iv, cls = _interval(r), victim_class(_s(r.get("who")))
            if ev and iv and cls:
                rows.append((ev, _s(r.get("status")), cls, aid, iv, r))
        by_key = defaultdict(list)
        for row in rows:
            by_key[row[:3]].append(row)
        seen = set()
        for (ev, status, cls), members in sorted(by_key.items()):
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    (alo, ahi), (blo, bhi) = a[4], b[4]
                    if alo <= bhi and blo <= ahi:
                        continue
                    target, other = (b, a) if a[3] <= b[3] else (a, b)
                    key = (target[3], ev, status, cls, other[3])
                    if key in seen:
                        continue
                    seen.add(key)
                    name = events.get(ev, {}).get("name") or f"the event of {format_date(ev)}"
                    where = "earlier in this article" if target[3] == other[3] else f"article {other[3]}"
                    src = lambda r: f" (according to {_s(r.get('source'))})" if _s(r.get("source")) else ""  # noqa: E731
                    message = (f"{name}: this article gives {_figure_text(target[5])} {cls} {status}"
                               f"{src(target[5])}, but {where} gives {_figure_text(other[5])}{src(other[5])}. "
                               "Both cannot be right; check which source and which moment each figure comes from.")
                    t = texts.get(target[3], "")
                    f = _flag(target[3], "conflicting_figures", "warning", message, t, target[5].get("start", 0),
                              target[5].get("end", 0), [other[3]])
                    if f:
                        flags.append(f)
    flags += _conflicting_counts(tables, texts, info)
    return flags


def _unit_key(unit: str) -> str:
    u = fold(unit).strip()
    return re.sub(r"(?:es|s)$", "", u) if len(u) > 3 else u


def _conflicting_counts(tables, texts, info) -> list[dict]:
    """Other counted facts (targets, munitions) of one event and unit that differ by more than 10 %."""
    fig = _table(tables, "figures")
    if fig.empty:
        return []
    groups = defaultdict(list)
    for _, r in fig.iterrows():
        aid = _s(r.get("article_id"))
        ev = info.get(aid, {}).get("event_id", "")
        value = pd.to_numeric(r.get("value"), errors="coerce")
        if not ev or value != value:
            continue
        evidence = texts.get(aid, "")[int(r.get("start", 0)):int(r.get("end", 0))]
        open_ended = bool(re.search(r"\b(?:more than|at least|over|about|around|nearly|almost|up to|some|dozens)\b",
                                    _s(r.get("qualifier")) + " " + evidence, re.I))
        groups[(ev, _s(r.get("kind")), _unit_key(_s(r.get("unit"))))].append((aid, float(value), open_ended, r))
    flags, seen = [], set()
    for (_ev, kind, unit), members in sorted(groups.items()):
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a[2] or b[2] or abs(a[1] - b[1]) <= 0.1 * max(a[1], b[1]):
                    continue
                target, other = (b, a) if a[0] <= b[0] else (a, b)
                key = (target[0], kind, unit, other[0])
                if key in seen:
                    continue
                seen.add(key)
                where = "earlier in this article" if target[0] == other[0] else f"article {other[0]}"
                message = (f"This article counts {target[1]:g} {unit or kind}, but {where} counts {other[1]:g} "
                           "for the same event.")
                r = target[3]
                f = _flag(target[0], "conflicting_figures", "warning", message, texts.get(target[0], ""),
                          r.get("start", 0), r.get("end", 0), [other[0]])
                if f:
                    flags.append(f)
    return flags


# ============================================================================ conflicting attributions
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
    groups = _table(ref, "groups")
    if groups.empty:
        return []
    out = []
    for r in groups.itertuples(index=False):
        r = r._asdict()
        if _s(r.get("kind")) not in ("militia", ""):
            continue
        names = [_s(r.get("name"))] + split_list(r.get("aliases"))
        for n in sorted(set(names), key=len, reverse=True):
            if len(n) >= 3:
                out.append((_s(r.get("name")), name_regex(n, ignore_case=len(n) > 4), _needle(n)))
    return out


def _claims(tables, ref) -> list[dict]:
    """Groups named as claiming (or carrying out) an attack: one row per group mention next to a cue."""
    patterns = _group_patterns(ref)
    texts = _texts(tables)
    out = []
    for aid, text in sorted(texts.items()):
        spans = _own_spans(tables, aid, text)
        found = []
        folded = text.casefold()
        for name, pat, needle in patterns:
            if needle not in folded:
                continue  # (see _needle)
            for m in pat.finditer(text):
                if _in_spans(m.start(), spans) and not any(s <= m.start() < e for _, s, e in found):
                    found.append((name, m.start(), m.end()))
        for name, gs, ge in sorted(found, key=lambda x: x[1]):
            lo, hi = sentence_span(text, gs, ge)
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


def check_conflicting_attributions(tables, ref) -> list[dict]:
    """A claim or attribution that the record ties to another attack, or that another article gives to
    a different group. Denials ("denied any role") and hedges ("militants with links to X") are not
    claims."""
    texts, info, events = _texts(tables), _article_info(tables), _events(tables, ref)
    claims = _claims(tables, ref)
    flags: list[dict] = []
    by_event = defaultdict(list)
    for c in claims:
        aid = c["article_id"]
        target = _attacked_event(info.get(aid, {}).get("event_id", ""), events)
        c["target"] = target
        if target:
            by_event[target].append(c)
        ev = events.get(target, {})
        known = {fold(g) for g in split_list(ev.get("claimed_by")) + split_list(ev.get("attributed_to"))}
        if not target or not known or fold(c["group"]) in known:
            continue
        others = [(eid, e) for eid, e in sorted(events.items())
                  if eid != target and fold(c["group"]) in {fold(g) for g in split_list(e.get("claimed_by"))
                                                             + split_list(e.get("attributed_to"))}]
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
        f = _flag(c["article_id"], "conflicting_attribution", severity, message, texts.get(c["article_id"], ""),
                  c["start"], c["end"])
        if f:
            flags.append(f)
    # across articles: the same attack claimed by different groups
    for target, cs in sorted(by_event.items()):
        claim_rows = [c for c in cs if c["cue"] == "claim"]
        for c in claim_rows:
            rivals = [o for o in claim_rows if o["article_id"] != c["article_id"] and fold(o["group"]) != fold(c["group"])
                      and o["article_id"] < c["article_id"]]
            if not rivals:
                continue
            label = events.get(target, {}).get("name") or f"the attack of {format_date(target)}"
            message = (f"This article says {c['group']} claimed the {label}; "
                       + "; ".join(f"article {o['article_id']} says {o['group']}" for o in rivals) + ".")
            f = _flag(c["article_id"], "conflicting_attribution", "warning", message,
                      texts.get(c["article_id"], ""), c["start"], c["end"], [o["article_id"] for o in rivals])
            if f:
                flags.append(f)
    return flags


# ============================================================================ corroboration
def _quote_groups(tables) -> pd.DataFrame:
    quotes = _table(tables, "quotes")
    if quotes.empty:
        return pd.DataFrame()
    return quotecompare.group_quotes(quotes)


def _event_articles(info: dict[str, dict]) -> dict[str, list[str]]:
    out = defaultdict(list)
    for aid, i in sorted(info.items()):
        if i["event_id"]:
            out[i["event_id"]].append(aid)
    return out


def check_corroboration(tables, ref, *, groups: pd.DataFrame | None = None) -> list[dict]:
    """What only one article carries, when other articles cover the same event (info, few rows).

    Per article at most: one row for casualty figures no other article on the event gives, one row for
    its single-source quotes, one row for its quotes that other articles confirm.
    """
    texts, info, events = _texts(tables), _article_info(tables), _events(tables, ref)
    event_articles = _event_articles(info)
    flags: list[dict] = []
    cas = _table(tables, "casualties")
    if not cas.empty:
        cas = cas.copy()
        cas["article_id"] = cas["article_id"].astype(str)
        cas["ev"] = [(_s(e) or info.get(a, {}).get("event_id", "")) for e, a in zip(cas.get("event_id", ""),
                                                                                 cas["article_id"], strict=False)]
        for aid, rows in cas.groupby("article_id", sort=True):
            own_ev = info.get(aid, {}).get("event_id", "")
            peers = [a for a in event_articles.get(own_ev, []) if a != aid]
            if not peers:
                continue
            lonely = []
            for r in rows.sort_values("start").itertuples(index=False):
                r = r._asdict()
                others = cas[(cas["ev"] == r["ev"]) & (cas["status"] == r["status"]) & (cas["article_id"] != aid)]
                if r["ev"] and others.empty:
                    lonely.append(r)
            if lonely:
                r = lonely[0]
                src = f", attributed to {_s(r.get('source'))}" if _s(r.get("source")) else ""
                name = events.get(r["ev"], {}).get("name") or f"the event of {format_date(r['ev'])}"
                message = (f"Only this article gives {'this figure' if len(lonely) == 1 else 'these figures'} for the "
                           f"{name} ({_figure_text(r)} {_s(r.get('status'))}{src}"
                           + (f", and {len(lonely) - 1} more" if len(lonely) > 1 else "")
                           + f"); the other article(s) on the same story ({', '.join(peers)}) do not. "
                           "Uncorroborated within this case.")
                f = _flag(aid, "corroboration", "info", message, texts.get(aid, ""), r["start"], r["end"], peers)
                if f:
                    flags.append(f)
    g = groups if groups is not None else _quote_groups(tables)
    if g is None or g.empty:
        return flags
    for aid, rows in g.groupby("article_id", sort=True):
        own_ev = info.get(aid, {}).get("event_id", "")
        peers = [a for a in event_articles.get(own_ev, []) if a != aid]
        if not peers:
            continue
        rows = rows.sort_values("start")
        shared = rows[rows["n_articles"] > 1]
        single = rows[(rows["n_articles"] == 1) & (rows["text"].str.split().str.len() >= 4)]
        text = texts.get(aid, "")
        if len(shared):
            r = shared.iloc[0]
            others = sorted(set(g[g["group"].isin(shared["group"])]["article_id"]) - {aid})
            who = f" of {r['speaker']}" if _s(r["speaker"]) else ""
            message = (f"{shared['group'].nunique()} quoted statement(s) in this article, e.g. this one{who}, also "
                       f"appear in {', '.join(others)}: corroborated across outlets.")
            f = _flag(aid, "corroboration", "info", message, text, r["start"], r["end"], others)
            if f:
                flags.append(f)
        if len(single):
            r = single.iloc[0]
            message = (f"{len(single)} quote(s) in this article, e.g. this one"
                       + (f" of {r['speaker']}" if _s(r["speaker"]) else "")
                       + f", appear in no other article on the same event ({', '.join(peers)}): uncorroborated.")
            f = _flag(aid, "corroboration", "info", message, text, r["start"], r["end"], peers)
            if f:
                flags.append(f)
    return flags


# ============================================================================ quote drift
def _change_summary(a: str, b: str) -> str:
    ops = [o for o in quotecompare.word_diff(a, b) if o["kind"] == "substantive"][:3]
    parts = []
    for o in ops:
        if o["op"] == "insert":
            parts.append(f"adds \u201c{o['b']}\u201d")
        elif o["op"] == "delete":
            parts.append(f"drops \u201c{o['a']}\u201d")
        else:
            parts.append(f"\u201c{o['a']}\u201d becomes \u201c{o['b']}\u201d")
    return "; ".join(parts)


def check_quote_drift(tables, ref, *, groups: pd.DataFrame | None = None, min_similarity: float = 80) -> list[dict]:
    """The same statement quoted with different words, or given to different speakers, in different
    articles. House-style differences (punctuation, dashes, serial comma, quote marks, case, UK/US
    spelling) and a shorter excerpt of a longer quote are not drift."""
    texts = _texts(tables)
    g = groups if groups is not None else _quote_groups(tables)
    if g is None or g.empty:
        return []
    flags = []
    for _, members in g[g["n_articles"] > 1].groupby("group", sort=True):
        members = members.sort_values(["article_id", "start"]).to_dict("records")
        for b in members:
            partners = [(a, quotecompare.compare_quotes(a["text"], b["text"])) for a in members
                        if a["article_id"] != b["article_id"]
                        and quotecompare.quote_similarity(a["text"], b["text"]) >= min_similarity]
            # wording: only when no other outlet renders it the same way, and an earlier one differs
            if not any(c["classification"] != "substantive" for _, c in partners):
                earlier = [(a, c) for a, c in partners if a["article_id"] < b["article_id"]]
                if earlier:
                    a, cmp = earlier[0]
                    change = _change_summary(cmp["a_part"], cmp["b_part"])
                    message = (f"The same statement{' by ' + b['speaker'] if _s(b['speaker']) else ''} is "
                               f"worded differently here than in article {a['article_id']}: {change}. "
                               "Check the original statement or transcript.")
                    f = _flag(b["article_id"], "quote_drift", "warning", message, texts.get(b["article_id"], ""),
                              b["start"], b["end"], [x["article_id"] for x, _ in earlier])
                    if f:
                        flags.append(f)
            # speaker: an earlier article gives the same statement to someone else
            sb = _s(b["speaker"])
            others = [a for a, _ in partners if a["article_id"] < b["article_id"] and _s(a["speaker"])
                      and fold(_s(a["speaker"])) != fold(sb)]
            if sb and others:
                a = others[0]
                message = (f"This statement is attributed to {sb} here but to {_s(a['speaker'])} in article "
                           f"{a['article_id']}.")
                f = _flag(b["article_id"], "quote_drift", "warning", message, texts.get(b["article_id"], ""),
                          b["start"], b["end"], [x["article_id"] for x in others])
                if f:
                    flags.append(f)
    return flags


# ============================================================================ date and event fit
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(r"\b(?:(?i:on|last|this|early|late)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                         r"Sunday)(?:['\u2019]s)?(?:\s+(?:night|morning|evening|afternoon))?\b")
_DAY_OF_MONTH_RE = re.compile(r"\bthe\s+(?:night\s+of\s+the\s+)?([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
                              r"(?!\s+(?:century|anniversary|time|day|floor))", re.I)
_MONTH_WORD = re.compile(r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|March|Mar|April|Apr|May|June|Jun|July|Jul|Aug(?:ust)?|"
                         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
_ATTACK_WORDS = re.compile(r"\b(?:attack\w*|rocket\w*|drone attack\w*|bombing\w*|salvo\w*|assault\w*|ambush\w*|"
                           r"shelling|explosion\w*|blast\w*)\b", re.I)
_STRIKE_WORDS = re.compile(r"\b(?:air ?strikes?|strikes?|struck|raids?|bombed|retaliat\w*|military action|"
                           r"operation)\b", re.I)


def _sentence_event(text: str, lo: int, hi: int, pos: int, candidates: list[dict]) -> list[dict]:
    """Candidate events of the kind the sentence talks about nearest to `pos` (attack vs strike)."""
    best_kind, best_dist = "", 10 ** 9
    for pattern, kind in ((_ATTACK_WORDS, "attack_on_us"), (_STRIKE_WORDS, "us_strike")):
        for m in pattern.finditer(text, lo, hi):
            d = min(abs(m.start() - pos), abs(m.end() - pos))
            if d < best_dist:
                best_kind, best_dist = kind, d
    return [c for c in candidates if c.get("kind") == best_kind] if best_kind else []


#: words that make a weekday date a statement or a reaction rather than the event itself
_SPEECH = re.compile(r"\b(?:said|says|told|announced|stated|added|confirmed|reported|warned|briefing|briefed|"
                     r"press conference|statement|interview|tweeted|wrote|condemned|denounced|vowed|urged|called|"
                     r"accused|rejected|critici[sz]ed|responded|welcomed|praised|threatened|promised|pledged|met|"
                     r"spoke|visited|attended|insisted|denied|summoned|protested)\b", re.I)


def _about_speech(text: str, lo: int, hi: int, m: re.Match) -> bool:
    """True when the weekday dates a statement ("said on Monday", "On Monday, officials said") rather than
    the event: a speech word is nearer to the weekday than any attack or strike word."""
    def nearest(pattern) -> int:
        return min((min(abs(x.start() - m.end()), abs(m.start() - x.end())) for x in pattern.finditer(text, lo, hi)),
                   default=10 ** 9)
    return nearest(_SPEECH) < min(nearest(_ATTACK_WORDS), nearest(_STRIKE_WORDS))


def _candidate_events(article_event: str, events: dict[str, dict]) -> list[dict]:
    """The article's event, the attack it answered, and recorded events of the 10 days before it."""
    ev = events.get(article_event)
    if not ev or not ev.get("day"):
        return []
    out = {article_event: ev}
    for r in split_list(ev.get("responds_to")):
        if r in events:
            out[r] = events[r]
    for eid, e in events.items():
        if e.get("day") and timedelta(0) <= ev["day"] - e["day"] <= timedelta(days=10):
            out[eid] = e
    return [dict(v, event_id=k) for k, v in sorted(out.items())]


def check_date_event_fit(tables, ref) -> list[dict]:
    """Dates that cannot fit the event the sentence is about, and statements tied to another period.

    - a weekday ("on Saturday") or day of month ("the night of the 15th") next to an attack or strike
      word, when no recorded attack/strike of that kind near the article's event fell on that day;
    - a `dates` row the extractor tied to an event, stated outright, that is not the event's date;
    - a statement that `data/reference/periods.csv` ties to a period the event date is outside of.
    """
    texts, info, events = _texts(tables), _article_info(tables), _events(tables, ref)
    flags: list[dict] = []
    for aid, text in sorted(texts.items()):
        ev_id = info.get(aid, {}).get("event_id", "")
        cands = _candidate_events(ev_id, events)
        if not cands:
            continue
        spans = _own_spans(tables, aid, text)
        checks = [(m, "weekday") for m in _WEEKDAY_RE.finditer(text)] + \
                 [(m, "day") for m in _DAY_OF_MONTH_RE.finditer(text)]
        for m, what in sorted(checks, key=lambda x: x[0].start()):
            if not _in_spans(m.start(), spans):
                continue
            lo, hi = sentence_span(text, m.start(), m.end())
            if _MONTH_WORD.search(text, lo, hi) and what == "weekday":
                continue  # the sentence dates itself; a weekday next to a stated month is not relative
            kind_cands = _sentence_event(text, lo, hi, m.start(), cands)
            if not kind_cands or _about_speech(text, lo, hi, m):
                continue
            if what == "weekday":
                wd = _WEEKDAYS.index(m.group(1).lower())
                if any(c["day"].weekday() == wd for c in kind_cands):
                    continue
                c = _closest(kind_cands, ev_id, events)
                message = (f"The article puts the {c.get('name') or 'event'} on a {m.group(1)}, but the record "
                           f"dates it {c['day'].strftime('%A')} {format_date(c['day'].isoformat())}. Check the date "
                           "(a time-zone difference can shift a night attack by one day).")
            else:
                day_n = int(m.group(1))
                if any(c["day"].day == day_n for c in kind_cands):
                    continue
                c = _closest(kind_cands, ev_id, events)
                message = (f"The article dates the {c.get('name') or 'event'} to the {m.group(1)}th of the month, but "
                           f"the record has {format_date(c['day'].isoformat())}.")
            f = _flag(aid, "date_event_fit", "warning", message, text, m.start(), m.end(), _related(c, info, aid))
            if f:
                flags.append(f)
    flags += _stated_dates_off(tables, texts, events, flags)
    flags += _period_statements(tables, ref, texts, info)
    return flags


def _closest(cands: list[dict], article_event: str, events: dict[str, dict]) -> dict:
    responds = split_list(events.get(article_event, {}).get("responds_to"))
    return sorted(cands, key=lambda c: (c["event_id"] not in responds and c["event_id"] != article_event,
                                        c["event_id"] != article_event))[0]


def _related(event: dict, info: dict[str, dict], aid: str) -> list[str]:
    return [a for a, i in sorted(info.items()) if a != aid and i["event_id"] == event.get("event_id")]


def _stated_dates_off(tables, texts, events, already: list[dict]) -> list[dict]:
    dates = _table(tables, "dates")
    if dates.empty or "resolved_by" not in dates.columns:
        return []
    flags = []
    for r in dates.itertuples(index=False):
        r = r._asdict()
        ev = events.get(_s(r.get("event_id")))
        d = parse_date(r.get("date"))
        if not ev or not ev.get("day") or _s(r.get("resolved_by")) != "stated" or not re.match(r"^\d{4}-\d\d-\d\d$",
                                                                                                _s(r.get("date"))):
            continue
        if d == ev["day"] or abs((d - ev["day"]).days) > 60:
            continue
        aid, s, e = _s(r.get("article_id")), int(r.get("start")), int(r.get("end"))
        if any(f["article_id"] == aid and f["start"] < e and s < f["end"] for f in already):
            continue
        message = (f"The article dates the {ev.get('name') or 'event'} to {format_date(d.isoformat())}; the record "
                   f"has {format_date(ev['day'].isoformat())}.")
        f = _flag(aid, "date_event_fit", "warning", message, texts.get(aid, ""), s, e)
        if f:
            flags.append(f)
    return flags


def _period_statements(tables, ref, texts, info) -> list[dict]:
    periods = _table(ref, "periods")
    if periods.empty or "pattern" not in periods.columns:
        return []
    flags = []
    for p in periods.itertuples(index=False):
        p = p._asdict()
        try:
            pattern = re.compile(_s(p.get("pattern")), re.I)
            unless = re.compile(_s(p.get("unless")), re.I) if _s(p.get("unless")) else None
        except re.error:
            continue
        start, end = parse_date(p.get("start")) or date.min, parse_date(p.get("end"), latest=True) or date.max
        for aid, text in sorted(texts.items()):
            day = info.get(aid, {}).get("date")
            if not day or start <= day <= end:
                continue
            spans = _own_spans(tables, aid, text)
            for m in pattern.finditer(text):
                if not _in_spans(m.start(), spans):
                    continue
                lo, hi = sentence_span(text, m.start(), m.end())
                if unless and unless.search(text, lo, hi):
                    continue
                when = (f"from {format_date(p.get('start'))} to {format_date(p.get('end'))}" if _s(p.get("end"))
                        else f"only from {format_date(p.get('start'))}")
                message = (f"This passage speaks of \u201c{_s(p.get('statement'))}\u201d as current, which fits "
                           f"{when}; the event is {format_date(day.isoformat())}. It may be recycled from older "
                           "copy.")
                f = _flag(aid, "date_event_fit", "warning", message, text, m.start(), m.end())
                if f:
                    flags.append(f)
                break  # one flag per article and period
    return flags


# ============================================================================ text artefacts
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
    for r in _table(ref, "places").itertuples(index=False):
        r = r._asdict()
        for n in [_s(r.get("name"))] + split_list(r.get("aliases")):
            out.setdefault(fold(n), _s(r.get("name")))
    for r in _table(ref, "aliases").itertuples(index=False):
        r = r._asdict()
        out.setdefault(fold(_s(r.get("name"))), _s(r.get("name")))
        if not _GARBLED_NOTE.search(_s(r.get("note"))):
            out.setdefault(fold(_s(r.get("alias"))), _s(r.get("name")))
    places = _table(tables, "places")
    if not places.empty and "name" in places.columns:
        for n in places["name"].dropna().astype(str):
            out.setdefault(fold(n), n)
    return out


def check_text_artefacts(tables, ref) -> list[dict]:
    """Signs that the text is not (only) the outlet's own clean copy.

    - machine translation: a day of month rendered as a duration ("the 15-day attack" for "the attack
      on the 15th"), a channel name fused with a day number ("CNN News 26 reported"), a bare day number
      ("reported on 25."), a place name that is a known garbled rendering or a gloss "Abir (Erbil)";
    - third-party text: reader comments (segments of kind `comment`) that sit inside the article body.
    """
    texts, info, events = _texts(tables), _article_info(tables), _events(tables, ref)
    flags: list[dict] = []
    garbled = {fold(_s(r.alias)): _s(r.name) for r in _table(ref, "aliases").itertuples(index=False)
               if _GARBLED_NOTE.search(_s(getattr(r, "note", "")))} if not _table(ref, "aliases").empty else {}
    places = _place_names(tables, ref)
    for aid, text in sorted(texts.items()):
        spans = _own_spans(tables, aid, text)
        day = info.get(aid, {}).get("date")
        for m in _DAY_AS_DURATION.finditer(text):
            if not _in_spans(m.start(), spans):
                continue
            n = int(m.group(1))
            near = [e for e in events.values() if e.get("day") and day and e["day"].day == n
                    and abs((e["day"] - day).days) <= 60]
            hint = (f" — the record has the {near[0].get('name')} on {format_date(near[0]['day'].isoformat())}"
                    if near else "")
            message = (f"\u201c{m.group(0)}\u201d reads like a machine translation of \u201cthe {m.group(2)} on the "
                       f"{n}th\u201d (a day of the month rendered as a duration){hint}. Treat the wording of this "
                       "article with care.")
            f = _flag(aid, "text_artefact", "warning" if near else "info", message, text, m.start(), m.end())
            if f:
                flags.append(f)
        for m in _FUSED_OUTLET.finditer(text):
            if _in_spans(m.start(), spans):
                message = (f"\u201c{m.group(0)}\u201d looks like a channel name fused with a date (\u201c{m.group(1)} "
                           f"reported on the {m.group(2)}th\u201d): a sign of machine translation.")
                f = _flag(aid, "text_artefact", "warning", message, text, m.start(), m.end())
                if f:
                    flags.append(f)
        for m in _BARE_DAY.finditer(text):
            if _in_spans(m.start(), spans):
                message = (f"\u201c{m.group(0)}\u201d gives a bare day number with no month: a sign of machine "
                           "translation (check which day is meant).")
                f = _flag(aid, "text_artefact", "info", message, text, m.start(), m.end())
                if f:
                    flags.append(f)
        flags += _garbled_names(aid, text, spans, tables, garbled, places)
        flags += _inserted_comments(aid, text, tables)
    return flags


def _garbled_names(aid, text, spans, tables, garbled: dict[str, str], places: dict[str, str]) -> list[dict]:
    flags, done = [], []
    for m in _GLOSS.finditer(text):
        if not _in_spans(m.start(), spans):
            continue
        outer, inner = m.group(1), m.group(2)
        canonical = places.get(fold(inner))
        if not canonical:
            continue
        if fold(outer) in garbled or (fold(outer) not in places and fuzz.ratio(fold(outer), fold(inner)) < 60):
            message = (f"\u201c{outer}\u201d is not a known spelling of {canonical}; the text glosses it as "
                       f"\u201c{inner}\u201d. A garbled name like this is a sign of machine translation.")
            f = _flag(aid, "text_artefact", "warning", message, text, m.start(), m.end())
            if f:
                flags.append(f)
                done.append((m.start(), m.end()))
    pl = _table(tables, "places")
    if not pl.empty and "mention" in pl.columns:
        for r in pl[pl["article_id"] == aid].itertuples(index=False):
            r = r._asdict()
            core = re.sub(r"\s*\(.*\)$", "", _s(r.get("mention")))
            s, e = int(r.get("start", 0)), int(r.get("end", 0))
            if fold(core) not in garbled or any(a <= s < b for a, b in done):
                continue
            message = (f"\u201c{core}\u201d is a known garbled rendering of {garbled[fold(core)]} (found only through "
                       "the alias list): a sign of machine translation.")
            f = _flag(aid, "text_artefact", "warning", message, text, s, e)
            if f:
                flags.append(f)
                done.append((s, e))
    return flags


def _inserted_comments(aid: str, text: str, tables) -> list[dict]:
    seg = _table(tables, "segments")
    if seg.empty or "kind" not in seg.columns:
        return []
    rows = seg[seg["article_id"] == aid].sort_values("start")
    body_starts = [int(r.start) for r in rows.itertuples() if r.kind == "body"]
    runs: list[list[int]] = []  # neighbouring comment segments (only space between) are one insertion
    for r in rows.itertuples():
        if r.kind != "comment":
            continue
        s, e = int(r.start), int(r.end)
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
        f = _flag(aid, "text_artefact", "warning", message, text, s, e)
        if f:
            flags.append(f)
    return flags


# ============================================================================ run all, summaries, HTML
CHECKS = (check_anachronisms, check_conflicting_figures, check_conflicting_attributions, check_corroboration,
          check_quote_drift, check_date_event_fit, check_text_artefacts)


def run_checks(tables, ref) -> list[dict]:
    """Every check over the case; rows of the `flags` table, sorted by article, position and severity.

    A check that fails on malformed input must not take the others down: its error becomes nothing
    (the extraction tables are still written); the checks are tested on their own.
    """
    global _IN_RUN
    for memo in (_INFO_CACHE, _EVENTS_CACHE, _SEGMENTS_CACHE):
        memo.clear()
    _IN_RUN = True
    try:
        return _run_checks(tables, ref)
    finally:
        _IN_RUN = False
        for memo in (_INFO_CACHE, _EVENTS_CACHE, _SEGMENTS_CACHE):
            memo.clear()


def _run_checks(tables, ref) -> list[dict]:
    groups = None
    try:
        groups = _quote_groups(tables)
    except Exception:  # noqa: BLE001 - quotes table malformed: the quote checks just see no groups
        groups = pd.DataFrame()
    flags: list[dict] = []
    for check in CHECKS:
        kwargs = {"groups": groups} if check in (check_corroboration, check_quote_drift) else {}
        try:
            flags += [f for f in check(tables, ref, **kwargs) if f]
        except Exception as exc:  # noqa: BLE001
            import logging

            logging.getLogger(__name__).warning("check %s failed: %s", check.__name__, exc)
    texts = _texts(tables)
    good, seen = [], set()
    for f in flags:
        t = texts.get(f["article_id"], "")
        if not f.get("evidence") or t[f["start"]:f["end"]] != f["evidence"]:
            continue
        key = (f["article_id"], f["kind"], f["start"], f["end"], f["message"])
        if key not in seen:
            seen.add(key)
            good.append(f)
    return sorted(good, key=lambda f: (f["article_id"], f["start"], _SEVERITY_ORDER.get(f["severity"], 3), f["kind"]))


SUMMARY_COLUMNS = ["article_id", "problem", "warning", "info", "total", "kinds"]


def flags_summary(flags) -> pd.DataFrame:
    """Per article: how many problems, warnings and info flags, and of which kinds (for the report index)."""
    df = pd.DataFrame(list(flags)) if not isinstance(flags, pd.DataFrame) else flags
    if df.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    rows = []
    for aid, g in df.groupby("article_id", sort=True):
        counts = g["severity"].value_counts()
        rows.append({"article_id": aid, "problem": int(counts.get("problem", 0)),
                     "warning": int(counts.get("warning", 0)), "info": int(counts.get("info", 0)),
                     "total": len(g), "kinds": ";".join(sorted(set(g["kind"])))})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
