"""Which articles of a case report the same strike, and on what day did it happen?

Why: one article alone often cannot date its strike. Many real pages carry no date; those that do say
"Thursday" in Washington time for a strike that hit after midnight in Iraq, or were published the next
day. Read together, the articles of a case settle it: the wire story says "early Friday", the broadcaster
"overnight", the undated blog post shares their words. And a strike the reference does not know must still
become one event, the same for every article on it.

How (agglomerative clustering, closest groups first):

- Each article is a vector of its content words (`event_terms.terms`) weighted by their rarity *in the
  case* (tf-idf; words every article of the case uses count for little), and carries its date clues
  (`strike_time`): days, weekdays or months and days it gives its strike, reports and publication date; an
  article matched to a reference event carries that event's day as its strongest clue when it is dated or
  gives a large figure of the event ("85 targets").
- Two groups merge when their average word similarity reaches `JOIN_SIMILARITY` and some day fits every
  dated member's clues (`strike_time.fits_clues`): "Thursday" (US time) and "early Friday" fit Friday;
  two articles dated three days apart are two strikes, however alike their words.
- A group's day (`voted_day`) is the one most members' local-time clues ("early Friday", "overnight")
  name, then the one its members' strike clues vote for most (each article votes once, with its strongest
  clue for that day; ties: the earliest); reports decide only without strike clues, the publication dates
  only without either. An undated member's weekday must fit that day. A group with no dated member takes
  the reference event its members match (`event_match.reference_match`, soft), else has no day. A day
  within one day of a reference event its members match is that event's day (the reference is curated).

Event ids are ISO days, as the reference's are. `case_events` gives each article its event;
`event_remap` gives, per article, {event id from the article alone → clustered event id} for tables
extracted before clustering; `case_clusters` the groups themselves (for naming them: `event_names`).
Costs: words are read once per article; the similarity matrix is n² in the number of articles (not in
their length), and each merge updates one row of it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from strikebook.extract.event_match import Match, is_provisional, provisional_answered, reference_match
from strikebook.extract.event_terms import deduplicated, own_sentences, reference_events, terms
from strikebook.extract.strike_time import (
    VOTE_TIERS,
    Clue,
    answered_attack,
    fits_clues,
    local_fits,
    strike_clues,
    votes,
)

#: Average word similarity (cosine of case tf-idf vectors) two groups need to be one strike; less when both
#: groups are dated within a day of each other (the days already say it: a wire story's "early Friday" and a
#: US paper's "Thursday" are one strike).
JOIN_SIMILARITY = 0.12
DATED_JOIN_SIMILARITY = 0.08
#: An article with no date clue at all joins on words alone: at this similarity while groups form, or, once
#: they are formed, at `JOIN_SIMILARITY` when it is `CLUELESS_MARGIN` times closer to one group than to the next.
CLUELESS_JOIN_SIMILARITY = 0.15
CLUELESS_MARGIN = 1.3
#: Weight of a dated reference match among an article's clues (more than any word of its own).
REFERENCE_WEIGHT = 2.0
#: Days around a reference event's day its match admits (the reference may give the US-time day).
_REFERENCE_SHIFTS = (-1, 0, 1)


@dataclass
class Profile:
    """One article as the clustering sees it."""

    article_id: str
    clues: list[Clue]
    match: Match | None
    words: frozenset

    @property
    def days(self) -> list[date]:
        """The days its clues name, with the shifts they allow (the candidates it brings to a group)."""
        out = set()
        for c in self.clues:
            if c.kind == "day":
                out |= {c.value + timedelta(days=s) for s in set(c.allowed) | {c.shift}}
        return sorted(out)


@dataclass
class Cluster:
    """Articles on one strike: `event_id` its ISO day ('' when undated), `source` reference|clustered,
    `answered` the day of the attack it answered ('' when unknown)."""

    members: list[str]
    event_id: str = ""
    source: str = ""
    profiles: list[Profile] = field(default_factory=list, repr=False)
    answered: str = ""  # the day of the attack the strike answered, as its articles date it


def profile(article, ref) -> Profile:
    """The article's date clues, reference match and content words."""
    clues = list(strike_clues(article))
    match = reference_match(article, ref)
    if match is not None and (match.dated or match.figures):
        events, _ = reference_events(ref)
        clues.append(Clue("day", events[match.event_id].date, 0, REFERENCE_WEIGHT, _REFERENCE_SHIFTS,
                          "reference"))
    text = article.text
    words = frozenset().union(*(terms(text[s:e]) for s, e in deduplicated(text, own_sentences(article))))
    return Profile(article.article_id, clues, match, words)


# --------------------------------------------------------------------------- similarity

def similarity_matrix(profiles: list[Profile]) -> np.ndarray:
    """Cosine similarity of the articles' word sets weighted by rarity in the case (a word only one
    article uses says nothing about which articles belong together and is left out)."""
    n = len(profiles)
    df = Counter(t for p in profiles for t in p.words)
    vocab = sorted(t for t, c in df.items() if c > 1)
    if n == 0 or not vocab:
        return np.eye(n)
    index = {t: i for i, t in enumerate(vocab)}
    idf = np.array([math.log((n + 1) / (df[t] + 0.5)) for t in vocab])
    m = np.zeros((n, len(vocab)))
    for i, p in enumerate(profiles):
        cols = [index[t] for t in p.words if t in index]
        m[i, cols] = idf[cols]
    norms = np.linalg.norm(m, axis=1)
    norms[norms == 0] = 1.0
    m /= norms[:, None]
    return m @ m.T


# --------------------------------------------------------------------------- groups and their days

def _dated(p: Profile) -> bool:
    return any(c.kind == "day" for c in p.clues)


def _feasible(members: list[Profile]) -> list[date] | None:
    """Days every member's clues admit, among the days dated members name (None: no member names one)."""
    candidates = sorted({d for p in members for d in p.days})
    if not candidates:
        return None
    return [d for d in candidates if all(fits_clues(p.clues, d) for p in members)]


def _compatible(a: list[Profile], b: list[Profile]) -> bool:
    refs = {p.match.event_id for p in a + b if p.match is not None and (p.match.dated or p.match.figures)}
    if len(refs) > 1:
        return False
    feasible = _feasible(a + b)
    if feasible is None:  # undated articles only: their reference matches (soft) and weekdays must agree
        soft = {p.match.event_id for p in a + b if p.match is not None}
        return len(soft) <= 1 and _weekdays_meet(a + b)
    if not feasible:
        return False
    # an undated article's weekday ("on Thursday") must fit the day the merged group settles on, not merely
    # some day: dated articles already fix the group in time
    day = voted_day(a + b)
    return day is None or all(fits_clues(p.clues, day) for p in a + b if p.clues and not _dated(p))


def _weekdays_meet(members: list[Profile]) -> bool:
    """Undated articles only: do the weekdays their clues allow have one in common?"""
    common = set(range(7))
    for p in members:
        group = [c for c in p.clues if c.kind == "weekday" and c.source == "strike"]
        if group:
            common &= {(c.value + s) % 7 for c in group for s in c.allowed}
    return bool(common)


def voted_day(members: list[Profile]) -> date | None:
    """The day the members' clues vote for: the one most members' local-time clues ("early Friday",
    "overnight") name, then the strike clues' votes; reports decide only without strike clues, publication
    dates only without either; ties go to the earliest day. None when no member names a day."""
    candidates = sorted({c.day for p in members for c in p.clues if c.day is not None})
    # a day stated in local time is the local day others give in their own time ("Thursday" in Washington)
    local = {d: sum(1 for p in members if local_fits(p.clues, d)) for d in candidates}
    for tier in range(len(VOTE_TIERS)):
        support = {d: round(sum(votes(p.clues, d)[tier] for p in members), 6) for d in candidates}
        if support and max(support.values()) > 0:
            return max(candidates, key=lambda d: (local[d], support[d], -d.toordinal()))
    return None


def group_day(members: list[Profile], ref) -> tuple[str, str]:
    """(event id, source) of a group: its voted day, snapped to a reference event its members match when
    within a day; a group without a dated member takes its members' reference match."""
    events, _ = reference_events(ref)
    matched = Counter(p.match.event_id for p in members if p.match is not None)
    day = voted_day(members)
    if day is None:
        if matched:
            return matched.most_common(1)[0][0], "reference"
        return "", ""
    near = [(n, eid) for eid, n in matched.items() if abs((events[eid].date - day).days) <= 1]
    if near:
        return max(near)[1], "reference"
    iso = day.isoformat()
    return iso, ("reference" if iso in events and events[iso].kind == "us_strike" else "clustered")


def case_clusters(articles, ref) -> list[Cluster]:
    """The case's articles grouped by the strike they report (see the module docstring). The last few
    results are kept: the pipeline asks for the articles' events, then for the events table."""
    articles = list(articles)
    key = (id(ref), tuple((a.article_id, a.published, hash(a.text), tuple(a.spans())) for a in articles))
    if key not in _MEMO:
        if len(_MEMO) >= 4:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = _case_clusters(articles, ref)
    return _MEMO[key]


_MEMO: dict[tuple, list[Cluster]] = {}


def _case_clusters(articles, ref) -> list[Cluster]:
    profiles = [profile(a, ref) for a in articles]
    sim = similarity_matrix(profiles)
    groups: list[list[int]] = [[i] for i in range(len(profiles))]
    # articles dated and matched to one reference event start as one group
    by_ref: dict[str, list[int]] = {}
    for i, p in enumerate(profiles):
        if p.match is not None and (p.match.dated or p.match.figures):
            by_ref.setdefault(p.match.event_id, []).append(i)
    if by_ref:
        joined = {i for ids in by_ref.values() for i in ids}
        groups = [ids for ids in by_ref.values()] + [[i] for i in range(len(profiles)) if i not in joined]
    link = _links(groups, sim)
    while len(groups) > 1:
        order = np.dstack(np.unravel_index(np.argsort(-link, axis=None), link.shape))[0]
        merged = False
        for a, b in order:
            if a >= b:
                continue
            if link[a, b] < DATED_JOIN_SIMILARITY:
                break
            ga, gb = [profiles[i] for i in groups[a]], [profiles[i] for i in groups[b]]
            if link[a, b] < _threshold(ga, gb):
                continue
            if _compatible(ga, gb):
                link = _merge(groups, link, int(a), int(b))
                merged = True
                break
        if not merged:
            break
    _place_clueless(groups, sim, profiles)
    out = []
    for ids in groups:
        members = [profiles[i] for i in ids]
        event_id, source = group_day(members, ref)
        cluster = Cluster([articles[i].article_id for i in ids], event_id, source, members)
        cluster.answered = _group_answered([articles[i] for i in ids], event_id, ref)
        for i in ids:
            _CASE_ANSWERED[(articles[i].article_id, event_id)] = cluster.answered
        out.append(cluster)
    return out


def _group_answered(articles, event_id: str, ref) -> str:
    """The attack the group's strike answered: the reference's `responds_to`, else the attack day its
    articles give most often (`strike_time.answered_attack`), counting a day only when a sentence says the
    strike answered it or two articles give it."""
    events, _ = reference_events(ref)
    if event_id in events:
        return events[event_id].responds_to
    cued = Counter(d for d in (answered_attack(a, event_id, cued=True) for a in articles) if d)
    days = Counter(d for d in (answered_attack(a, event_id) for a in articles) if d)
    days = cued + Counter({d: n for d, n in days.items() if n >= 2})  # one article's attack day alone may be
    return max(days, key=lambda d: (days[d], d)) if days else ""     # another attack ("reported Saturday")


#: (article id, event id) → the attack its case's articles say that strike answered (see `case_answered_attack`).
_CASE_ANSWERED: dict[tuple[str, str], str] = {}


def case_answered_attack(article, event_id: str) -> str:
    """The day of the attack the article's strike answered: as the article dates it, else as the other
    articles of its case on the same strike date it (known once the case is clustered: `case_clusters`),
    else ''. An undated copy ("in response to the Camp Taji attack") takes the day the wire story gives."""
    own = answered_attack(article, event_id)
    return own or _CASE_ANSWERED.get((article.article_id, event_id), "")


def _clueless(p: Profile) -> bool:
    return not p.clues and p.match is None


def _threshold(a: list[Profile], b: list[Profile]) -> float:
    """The similarity two groups need (see `JOIN_SIMILARITY`, `CLUELESS_JOIN_SIMILARITY`)."""
    if (len(a) == 1 and _clueless(a[0])) or (len(b) == 1 and _clueless(b[0])):
        return CLUELESS_JOIN_SIMILARITY
    da, db = voted_day(a), voted_day(b)
    if da is not None and db is not None and abs((da - db).days) <= 1:
        return DATED_JOIN_SIMILARITY
    return JOIN_SIMILARITY


def _place_clueless(groups: list[list[int]], sim: np.ndarray, profiles: list[Profile]) -> None:
    """Each article with no date clue and no reference match still alone joins the group its words are
    clearly closest to: an average similarity of at least `JOIN_SIMILARITY` and `CLUELESS_MARGIN` times the
    next group's. Words are all it has, so it must not be a close call."""
    clueless = [i for ids in groups if len(ids) == 1 for i in ids if _clueless(profiles[i])]
    others = [ids for ids in groups if not (len(ids) == 1 and _clueless(profiles[ids[0]]))]
    if not others:
        return
    moves = []
    for i in clueless:
        links = sorted(((float(sim[i, ids].mean()), k) for k, ids in enumerate(others)), reverse=True)
        best, k = links[0]
        runner_up = links[1][0] if len(links) > 1 else 0.0
        if best >= JOIN_SIMILARITY and best >= CLUELESS_MARGIN * max(runner_up, 0.0):
            moves.append((i, k))
    for i, k in moves:
        others[k].append(i)
        groups.remove([i])


def _links(groups: list[list[int]], sim: np.ndarray) -> np.ndarray:
    """Average similarity between every two groups (-1 on the diagonal)."""
    g = len(groups)
    link = np.full((g, g), -1.0)
    for a in range(g):
        for b in range(a + 1, g):
            link[a, b] = link[b, a] = float(sim[np.ix_(groups[a], groups[b])].mean())
    return link


def _merge(groups: list[list[int]], link: np.ndarray, a: int, b: int) -> np.ndarray:
    """Merge group b into group a; the merged group's links are the size-weighted averages (average
    linkage), so one merge costs one row, not a new matrix of pairs."""
    na, nb = len(groups[a]), len(groups[b])
    row = (na * link[a] + nb * link[b]) / (na + nb)
    link[a, :] = row
    link[:, a] = row
    link[a, a] = -1.0
    groups[a] = groups[a] + groups[b]
    del groups[b]
    return np.delete(np.delete(link, b, axis=0), b, axis=1)


# --------------------------------------------------------------------------- what the pipeline calls

def case_events(articles, ref) -> dict[str, str]:
    """article_id → the event id of the strike it reports, clustered across the case ('' when undated)."""
    return {aid: c.event_id for c in case_clusters(articles, ref) for aid in c.members}


def cluster_events(article_events: dict[str, str], articles, ref) -> dict[str, str]:
    """`article_events` (article_id → event from the article alone, `event_match.article_event`) with every
    article of `articles` given its clustered event; ids of articles not given are kept (provisional ids
    become '')."""
    out = {aid: "" if is_provisional(ev) else ev for aid, ev in article_events.items()}
    out.update(case_events([a for a in articles if a.article_id in article_events] or list(articles), ref))
    return out


def event_remap(article_events: dict[str, str], articles, ref) -> dict[str, dict[str, str]]:
    """Per article, {event id given while the article was extracted alone → its event in the clustered
    case}, for the rows extracted before clustering (dates, casualties, places): apply it to every row of
    the article, `mapping.get(row_event, row_event)`.

    It maps the article's own event (`event_match.article_event`: its day, or a provisional id when its
    words could not date it) to the clustered event, and the provisional id of the attack that strike
    answered (`event_match.provisional_answered`) to the day the case's articles give that attack. A
    provisional id the case cannot date maps to ''. Rows without an event stay without one (background)."""
    clusters = case_clusters([a for a in articles if a.article_id in article_events] or list(articles), ref)
    clustered = {aid: c.event_id for c in clusters for aid in c.members}
    answered = {aid: c.answered for c in clusters for aid in c.members}
    out: dict[str, dict[str, str]] = {}
    for aid, old in article_events.items():
        mapping = {provisional_answered(aid): answered.get(aid, "")}
        if old:
            mapping[old] = clustered.get(aid, "" if is_provisional(old) else old)
        out[aid] = mapping
    return out


def corpus_events(corpus) -> dict[str, str]:
    """article_id → event_id for a loaded corpus, clustered across it (parses articles not yet parsed)."""
    from strikebook.reference.tables import load_reference

    return case_events(corpus.articles, load_reference())
