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
  two articles dated three days apart are two strikes, however alike their words. A soft reference match
  (words and a weekday) gives way to the articles the article resembles only when they report a strike the
  reference does not know: the matcher already weighed every known strike and ranked the others lower.
- A group's day (`voted_day`) is the one most members' local-time clues ("early Friday", "overnight")
  name, then the one its members' strike clues vote for most (each article votes once, with its strongest
  clue for that day; ties: the earliest); reports decide only without strike clues, the publication dates
  only without either. An undated member's weekday must fit that day. A group with no dated member takes
  the reference event its members match (`event_match.reference_match`, soft), else has no day. A day
  within one day of a reference event its members match is that event's day (the reference is curated); a
  group dated only by when its articles were written takes the known strike they match within the two weeks
  before (a follow-up analysis that gives no date).

Event ids are ISO days, as the reference's are. `case_events` gives each article its event;
`event_remap` gives, per article, {event id from the article alone → clustered event id} for tables
extracted before clustering; `case_clusters` the groups themselves (for naming them: `event_names`).
Costs: words and clues are read once per article. No matrix of article pairs is built: a group keeps the sum
of its articles' unit vectors (average similarity = dot product of sums / sizes). Dated articles start
grouped by day (and reference event), so the clustering proper runs on groups of days, and each undated
article is then compared once with each group.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from strikebook.extract.dates import parse_iso
from strikebook.extract.event_match import (
    PUBLICATION_WINDOW,
    Match,
    is_provisional,
    provisional_answered,
    reference_match,
)
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
#: they are formed, at `JOIN_SIMILARITY` when it is `CLUELESS_MARGIN` times closer to one group than to the
#: next.
CLUELESS_JOIN_SIMILARITY = 0.15
CLUELESS_MARGIN = 1.3
#: Rounds of placing undated articles (each round's placements enlarge the groups the next compares with).
PLACEMENT_ROUNDS = 3
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


def article_profile(ctx) -> Profile:
    """`extract` hook: what the clustering needs of one article (picklable; compute it where the article is
    extracted and pass it to `case_clusters`/`event_remap` as `profiles`: the case step then reads no article
    again)."""
    return profile(ctx.article, ctx.ref)


def profile(article, ref) -> Profile:
    """The article's date clues, reference match and content words."""
    clues = list(strike_clues(article))
    match = reference_match(article, ref)
    if match is not None and (match.dated or match.figures and not any(c.kind == "day" for c in clues)):
        events, _ = reference_events(ref)
        clues.append(Clue("day", events[match.event_id].date, 0, REFERENCE_WEIGHT, _REFERENCE_SHIFTS,
                          "reference"))
    text = article.text
    words = frozenset().union(*(terms(text[s:e]) for s, e in deduplicated(text, own_sentences(article))))
    return Profile(article.article_id, clues, match, words)


# --------------------------------------------------------------------------- similarity

def unit_vectors(profiles: list[Profile]) -> list[dict[str, float]]:
    """Each article's words weighted by their rarity in the case (tf-idf), as a unit vector (a word only
    one article uses says nothing about which articles belong together and is left out)."""
    n = len(profiles)
    df = Counter(t for p in profiles for t in p.words)
    out = []
    for p in profiles:
        v = {t: math.log((n + 1) / (df[t] + 0.5)) for t in p.words if df[t] > 1}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({t: x / norm for t, x in v.items()})
    return out


@dataclass
class _Group:
    """Articles (indexes) and the sum of their unit vectors: the average similarity of two groups is the
    dot product of their sums over the product of their sizes (`_dot_matrix`), so no pair of articles is
    ever compared."""

    ids: list[int]
    vec: dict[str, float]

    def absorb(self, other: _Group) -> None:
        self.ids += other.ids
        for t, x in other.vec.items():
            self.vec[t] = self.vec.get(t, 0.0) + x


# --------------------------------------------------------------------------- groups and their days

def _dated(p: Profile) -> bool:
    return any(c.kind == "day" for c in p.clues)


def _pinned(p: Profile) -> bool:
    """Is the article held to its reference match: dated to it, or undated with a figure of it?"""
    return p.match is not None and any(c.source == "reference" for c in p.clues)


def _feasible(members: list[Profile]) -> list[date] | None:
    """Days every member's clues admit, among the days dated members name (None: no member names one)."""
    candidates = sorted({d for p in members for d in p.days})
    if not candidates:
        return None
    return [d for d in candidates if all(fits_clues(p.clues, d) for p in members)]


def _compatible(a: list[Profile], b: list[Profile]) -> bool:
    refs = {p.match.event_id for p in a + b if _pinned(p)}
    if len(refs) > 1:
        return False
    # a soft match is the known strike the article's words rank above every other: the case may overrule
    # it with a strike the reference does not know, never with another known strike those words ranked lower
    if refs and any(p.match is not None and p.match.event_id not in refs for p in a + b):
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
    window = PUBLICATION_WINDOW if _published_only(members, day) else 1
    near = [(n, eid) for eid, n in matched.items() if -1 <= (day - events[eid].date).days <= window]
    if near:
        return max(near)[1], "reference"
    iso = day.isoformat()
    return iso, ("reference" if iso in events and events[iso].kind == "us_strike" else "clustered")


def _published_only(members: list[Profile], day: date) -> bool:
    """Is the group dated by its publication dates alone (no strike, report or reference clue names a day)?
    Then a known strike its members match, reported days before they were written, is their event."""
    return not any(votes(p.clues, day)[0] or votes(p.clues, day)[1] for p in members)


def case_clusters(articles, ref, profiles: dict[str, Profile] | None = None) -> list[Cluster]:
    """The case's articles grouped by the strike they report (see the module docstring). `profiles`
    (article_id → `article_profile`) may come from the workers that extracted the articles, so the case step
    does not read every article again. The last few results are kept: the pipeline asks for the articles'
    events, then for the events table."""
    articles = list(articles)
    key = (id(ref), tuple((a.article_id, a.published, hash(a.text), tuple(a.spans())) for a in articles))
    if key not in _MEMO:
        if len(_MEMO) >= 4:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = _case_clusters(articles, ref, profiles or {})
    return _MEMO[key]


_MEMO: dict[tuple, list[Cluster]] = {}


def _case_clusters(articles, ref, given: dict[str, Profile]) -> list[Cluster]:
    profiles = [given.get(a.article_id) or profile(a, ref) for a in articles]
    vectors = unit_vectors(profiles)
    groups = _merge_dated(_seed_groups(profiles, vectors), profiles)
    groups += _place_undated(groups, profiles, vectors)
    out = []
    for ids in (g.ids for g in groups):
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


#: (article id, event id) → the attack its case's articles say that strike answered (`case_answered_attack`).
_CASE_ANSWERED: dict[tuple[str, str], str] = {}


def case_answered_attack(article, event_id: str) -> str:
    """The day of the attack the article's strike answered: as the article dates it, else as the other
    articles of its case on the same strike date it (known once the case is clustered: `case_clusters`),
    else ''. An undated copy ("in response to the Camp Taji attack") takes the day the wire story gives."""
    own = answered_attack(article, event_id)
    return own or _CASE_ANSWERED.get((article.article_id, event_id), "")


def _clueless(p: Profile) -> bool:
    return not p.clues and p.match is None


def _threshold(a: list[Profile], b: list[Profile], days: tuple | None = None) -> float:
    """The similarity two groups need (see `JOIN_SIMILARITY`, `CLUELESS_JOIN_SIMILARITY`); `days`: their
    voted days, when known."""
    if (len(a) == 1 and _clueless(a[0])) or (len(b) == 1 and _clueless(b[0])):
        return CLUELESS_JOIN_SIMILARITY
    da, db = days if days is not None else (voted_day(a), voted_day(b))
    if da is not None and db is not None and abs((da - db).days) <= 1:
        return DATED_JOIN_SIMILARITY
    return JOIN_SIMILARITY


def _seed_groups(profiles: list[Profile], vectors: list[dict]) -> list[_Group]:
    """The first groups: articles dated and matched to one reference event; articles whose own clues vote
    for one day; each undated article softly matched to a reference event, alone (a soft match is words and
    a weekday: two articles sharing one are not bound to one fate, each is moved by its own words). Articles
    with no day and no match are placed later (`_place_undated`)."""
    seeds: dict[tuple, list[int]] = {}
    for i, p in enumerate(profiles):
        if _pinned(p):
            key = ("reference", p.match.event_id)
        elif _dated(p):
            key = ("day", voted_day([p]))
        elif p.match is not None:
            key = ("soft", i)
        else:
            continue
        seeds.setdefault(key, []).append(i)
    out = []
    for ids in seeds.values():
        vec: dict[str, float] = {}
        for i in ids:
            for t, x in vectors[i].items():
                vec[t] = vec.get(t, 0.0) + x
        out.append(_Group(list(ids), vec))
    return out


def _merge_dated(groups: list[_Group], profiles: list[Profile]) -> list[_Group]:
    """Average-linkage clustering of the seed groups, the closest compatible pair first (see the module
    docstring).

    Without a loop over all pairs: the dot products of the groups' word sums are one sparse matrix product
    (`_dot_matrix`), a merge adds two rows of it (a group's sum is the sum of its members'), and the pairs
    close enough to join wait in a heap, the closest first (ties: the lower pair of group numbers); a pair
    whose group has changed since it was pushed is stale and skipped. A pair that may not join now (too far
    for its groups' days, or incompatible) is dropped until one of its groups changes, as before."""
    import heapq

    import numpy as np

    groups = list(groups)
    n = len(groups)
    if n < 2:
        return groups
    dots = _dot_matrix([g.vec for g in groups])
    sizes = np.array([len(g.ids) for g in groups], dtype=float)
    alive = np.ones(n, dtype=bool)
    version = [0] * n
    days = {k: voted_day([profiles[i] for i in g.ids]) for k, g in enumerate(groups)}
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, others) -> None:
        links = dots[a, others] / (sizes[a] * sizes[others])
        for c, value in zip(others.tolist(), links.tolist(), strict=True):
            if value >= DATED_JOIN_SIMILARITY:
                lo, hi = min(a, c), max(a, c)
                heapq.heappush(heap, (-value, lo, hi, version[lo], version[hi]))

    for a in range(n - 1):
        push(a, np.arange(a + 1, n))
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue  # stale: one of the groups merged since
        ga, gb = [profiles[i] for i in groups[a].ids], [profiles[i] for i in groups[b].ids]
        if -neg < _threshold(ga, gb, (days[a], days[b])) or not _compatible(ga, gb):
            continue  # not now; a new pair is pushed when either group changes
        groups[a].absorb(groups[b])
        days[a] = voted_day([profiles[i] for i in groups[a].ids])
        alive[b] = False
        dots[a, :] += dots[b, :]
        dots[:, a] = dots[a, :]
        sizes[a] += sizes[b]
        version[a] += 1
        push(a, np.flatnonzero(alive & (np.arange(n) != a)))
    return [groups[i] for i in range(n) if alive[i]]


def _dot_matrix(vectors: list[dict[str, float]], others: list[dict[str, float]] | None = None):
    """The dot products of sparse word vectors with each other (or with `others`) as a dense array, from one
    sparse product: the cost follows the words the vectors share, not a Python loop over every pair."""
    import numpy as np
    from scipy.sparse import csr_matrix

    index: dict[str, int] = {}

    def matrix(vecs):
        rows, cols, vals = [], [], []
        for r, vec in enumerate(vecs):
            for t, x in vec.items():
                rows.append(r)
                cols.append(index.setdefault(t, len(index)))
                vals.append(x)
        return len(vecs), rows, cols, vals

    parts = [matrix(vectors), matrix(others)] if others is not None else [matrix(vectors)]
    width = max(1, len(index))  # (every vector's words are indexed before any matrix is built)
    a, b = [csr_matrix((np.array(v, dtype=float), (np.array(r, dtype=np.int64), np.array(c, dtype=np.int64))),
                       shape=(n, width)) for n, r, c, v in parts] * (2 if others is None else 1)
    return (a @ b.T).toarray()


def _place_undated(groups: list[_Group], profiles: list[Profile], vectors: list[dict]) -> list[_Group]:
    """Articles left out of the seeds join the group they resemble: an undated article with a weekday or a
    month and day ("on Thursday") the closest group at `JOIN_SIMILARITY` whose day fits its clues; an
    article with no clue at all the closest at `CLUELESS_JOIN_SIMILARITY`, or at `JOIN_SIMILARITY` when
    `CLUELESS_MARGIN` times closer than to the next group (words are all it has: no close calls). In
    rounds: the articles placed in one round enlarge their groups' words for the next (an undated copy is
    often closest to other undated copies), so each round costs one look at each group per article.
    Returns the articles left alone, one group each."""
    seeded = {i for g in groups for i in g.ids}
    pending = [i for i in range(len(profiles)) if i not in seeded]
    days = [voted_day([profiles[i] for i in g.ids]) for g in groups]
    for _ in range(PLACEMENT_ROUNDS):
        if not pending or not groups:
            break
        dots = _dot_matrix([vectors[i] for i in pending], [g.vec for g in groups])  # one product per round
        sizes = [len(g.ids) for g in groups]
        best = {i: _best_group(i, groups, days, profiles, [d / n for d, n in zip(row, sizes, strict=True)])
                for i, row in zip(pending, dots.tolist(), strict=True)}
        moves = [(i, k) for i, k in best.items() if k is not None]
        if not moves:
            break
        for i, k in moves:
            groups[k].absorb(_Group([i], dict(vectors[i])))
        placed = {i for i, _ in moves}
        pending = [i for i in pending if i not in placed]
    return [_Group([i], dict(vectors[i])) for i in pending]


def _best_group(i: int, groups: list[_Group], days: list, profiles: list[Profile], links: list[float]):
    """The index of the group article `i` (not seeded) joins, or None (see `_place_undated`); `links`: its
    average similarity to each group."""
    p = profiles[i]
    links = sorted(((value, k) for k, value in enumerate(links)), reverse=True)
    if p.clues:  # a weekday or a month and day: the group's day must fit it
        for value, k in links:
            if value < JOIN_SIMILARITY:
                return None
            if days[k] is not None and fits_clues(p.clues, days[k]):
                return k
            if days[k] is None and _compatible([p], [profiles[j] for j in groups[k].ids]):
                return k
        return None
    if not links:
        return None
    value, k = links[0]
    runner_up = links[1][0] if len(links) > 1 else 0.0
    if value >= CLUELESS_JOIN_SIMILARITY or (value >= JOIN_SIMILARITY
                                             and value >= CLUELESS_MARGIN * max(runner_up, 0.0)):
        return k
    return None


# --------------------------------------------------------------------------- what the pipeline calls

def case_events(articles, ref, profiles: dict[str, Profile] | None = None) -> dict[str, str]:
    """article_id → the event id of the strike it reports, clustered across the case ('' when undated)."""
    return {aid: c.event_id for c in case_clusters(articles, ref, profiles) for aid in c.members}


def cluster_events(article_events: dict[str, str], articles, ref,
                   profiles: dict[str, Profile] | None = None) -> dict[str, str]:
    """`article_events` (article_id → event from the article alone, `event_match.article_event`) with every
    article of `articles` given its clustered event; ids of articles not given are kept (provisional ids
    become '')."""
    out = {aid: "" if is_provisional(ev) else ev for aid, ev in article_events.items()}
    out.update(case_events([a for a in articles if a.article_id in article_events] or list(articles), ref,
                           profiles))
    return out


def event_remap(article_events: dict[str, str], articles, ref,
                profiles: dict[str, Profile] | None = None) -> dict[str, dict[str, str]]:
    """Per article, {event id given while the article was extracted alone → its event in the clustered
    case}, for the rows extracted before clustering (dates, casualties, places): apply it to every row of
    the article, `mapping.get(row_event, row_event)`.

    It maps the article's own event (`event_match.article_event`: its day, or a provisional id when its
    words could not date it) to the clustered event, and the provisional id of the attack that strike
    answered (`event_match.provisional_answered`) to the day the case's articles give that attack. A
    provisional id the case cannot date maps to ''. Rows without an event stay without one (background).
    `profiles`: see `case_clusters`."""
    clusters = case_clusters([a for a in articles if a.article_id in article_events] or list(articles), ref,
                             profiles)
    clustered = {aid: c.event_id for c in clusters for aid in c.members}
    answered = {aid: c.answered for c in clusters for aid in c.members}
    out: dict[str, dict[str, str]] = {}
    for aid, old in article_events.items():
        mapping = {provisional_answered(aid): answered.get(aid, "")}
        if old:
            mapping[old] = clustered.get(aid, "" if is_provisional(old) else old)
        out[aid] = mapping
    return out


def event_redo(article_events: dict[str, str], articles, ref,
               profiles: dict[str, Profile] | None = None) -> dict[str, str]:
    """Articles whose facts were dated against a guess the case contradicts: article_id → the clustered event
    to extract them for again (`extract.work.extract_rows(..., event_id=)`).

    An article without a publication date resolves its dates without a year or a week ("March 13", "on
    Friday") against the event it reports (`fact_events.article_anchor`). Read alone, that event is a guess
    when the article does not date it: a reference event it shares words with, a day its clues give. When the
    case settles on another event, every date resolved against the guess lies in the wrong week or year
    ("March 13" → 2019-03-13 for an article guessed to be on 3 Jan 2020, clustered on 13 Mar 2020), and so
    do the events of its facts: renaming its event id (`event_remap`) cannot move them. Articles whose event
    was provisional (no guess) need no second reading: their facts follow the provisional id. `profiles`:
    see `case_clusters`."""
    clustered = case_events([a for a in articles if a.article_id in article_events] or list(articles), ref,
                            profiles)
    out = {}
    for a in articles:
        old, new = article_events.get(a.article_id, ""), clustered.get(a.article_id, "")
        if old and new and old != new and not is_provisional(old) and not parse_iso(a.published):
            out[a.article_id] = new
    return out


def corpus_events(corpus) -> dict[str, str]:
    """article_id → event_id for a loaded corpus, clustered across it (parses articles not yet parsed)."""
    from strikebook.reference.tables import load_reference

    return case_events(corpus.articles, load_reference())
