"""Which strike does each article report, and which events do its dates and figures belong to?

Why a front module: the pipeline, the casualty extractor, notebooks and tests ask these questions through
one name, while the answers are built by one module per job:

- `event_terms`: the words that tell strikes apart, and the reference events as word profiles;
- `strike_time`: the day of the article's own strike as its words give it, in local time of the place
  struck ("Thursday night" in Washington is Friday in Baghdad), as clues;
- `event_match`: the reference event an article reports, if any (words and dates, with date guards);
- `event_cluster`: the articles of a case grouped by strike, each group's day (unknown strikes included);
- `event_names`: the `events` table, unknown strikes named from their articles;
- `fact_events`: the `dates` table rows and the event of a fact's sentence (`event_for_sentence`).

For the pipeline: `article_event(ctx)` is one article's event from its own words (its day, or a provisional
id "pending:<article_id>" when its words cannot date it); facts extracted alone carry it, or the provisional
"pending:<article_id>:answered" for the attack its strike answered. After extraction,
`event_remap(article_events, articles, ref)` gives per article {id given alone → event of the clustered case}
to apply to every row of dates, casualties and places (provisional ids never reach a table), and
`cluster_events` / `case_events` the articles' clustered events. `article_profile(ctx)`, computed where an
article is extracted and passed as `profiles=`, spares the case step from reading every article again.
Extracting facts after clustering (`case_events` first, then `ctx.event_id` = the clustered event) resolves
them best, but needs the whole case before any article; so the pipeline does it only where it matters:
`event_redo` names the undated articles whose event, guessed alone, the case overrules (their dates without
a year or week were resolved against the guess), to be extracted again for the case's event, and
`case_dates` re-dates the `dates` rows of undated articles whose event was provisional.
"""

from __future__ import annotations

from strikebook.extract.event_cluster import (
    JOIN_SIMILARITY,
    Cluster,
    Profile,
    article_profile,
    case_clusters,
    case_events,
    cluster_events,
    corpus_events,
    event_redo,
    event_remap,
)
from strikebook.extract.event_match import (
    MATCH_MARGIN,
    MATCH_THRESHOLD,
    PROVISIONAL,
    PUBLICATION_WINDOW,
    WORDS_THRESHOLD,
    Match,
    article_event,
    article_view,
    is_provisional,
    provisional_answered,
    provisional_event,
    reference_match,
    resolve_article_event,
    score_events,
)
from strikebook.extract.event_names import events_table, strike_name
from strikebook.extract.event_terms import (
    RefEvent,
    own_sentences,
    place_words,
    reference_events,
    terms,
)
from strikebook.extract.fact_events import (
    article_anchor,
    article_dates,
    best_event_for_text,
    case_dates,
    event_for_sentence,
    extract_dates,
    quoted_spans,
)
from strikebook.extract.strike_time import (
    ATTACK_WORDS,
    STRIKE_WORDS,
    Clue,
    article_date,
    association,
    strike_clues,
    strike_date,
)


def clear_caches() -> None:
    """Forget every per-text memo of event matching and dating (benchmarks time a fresh article's work)."""
    from strikebook.extract import (
        dates,
        event_cluster,
        event_match,
        event_names,
        event_terms,
        fact_events,
        strike_time,
    )

    for fn in (event_terms._terms, event_terms._stem, event_match._view_of, strike_time.association_at,
               strike_time._clues, strike_time._stated_date, strike_time._answered_attack,
               event_names._scanned_places, dates._find_dates, dates._match_dates):
        fn.cache_clear()
    event_cluster._MEMO.clear()
    event_cluster._CASE_ANSWERED.clear()
    fact_events._INDEXES.clear()
    strike_time._ANSWERED_MEMO.clear()
    event_terms._OWN.clear()


__all__ = [
    "ATTACK_WORDS", "JOIN_SIMILARITY", "MATCH_MARGIN", "MATCH_THRESHOLD", "PROVISIONAL",
    "PUBLICATION_WINDOW", "STRIKE_WORDS", "WORDS_THRESHOLD", "Clue", "Cluster", "Match", "Profile",
    "RefEvent", "article_anchor", "article_date", "article_dates", "article_event", "article_profile",
    "article_view", "association", "best_event_for_text", "case_clusters", "case_dates", "case_events", "clear_caches",
    "cluster_events", "corpus_events", "event_for_sentence", "event_redo", "event_remap", "events_table", "extract_dates",
    "is_provisional", "own_sentences", "place_words", "provisional_answered", "provisional_event",
    "quoted_spans", "reference_events", "reference_match", "resolve_article_event", "score_events",
    "strike_clues", "strike_date", "strike_name", "terms",
]
