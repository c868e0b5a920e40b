"""Timeline helpers: episodes split on gaps, and which article covers which event."""

import matplotlib
import pandas as pd

from strikebook.present import timeline

matplotlib.use("Agg")

EVENTS = pd.DataFrame([
    {"event_id": "2021-02-15", "date": "2021-02-15", "kind": "attack_on_us", "name": "Erbil rocket attack",
     "description": "", "source": "reference", "articles": "a;b"},
    {"event_id": "2021-02-25", "date": "2021-02-25", "kind": "us_strike", "name": "Strikes in eastern Syria",
     "description": "", "source": "reference", "articles": "a;b"},
    {"event_id": "2024-02-02", "date": "2024-02-02", "kind": "us_strike", "name": "Strikes on 85 targets",
     "description": "", "source": "reference", "articles": "c"},
])
ARTICLES = pd.DataFrame([{"article_id": "a", "outlet": "", "event_id": "2021-02-25"},
                         {"article_id": "b", "outlet": "Daily", "event_id": "2021-02-25"},
                         {"article_id": "c", "outlet": "", "event_id": "2024-02-02"}])


def test_episodes_split_where_events_are_far_apart():
    groups = timeline.episodes(EVENTS, gap_days=30)
    assert [g["event_id"].tolist() for g in groups] == [["2021-02-15", "2021-02-25"], ["2024-02-02"]]
    assert len(timeline.episodes(EVENTS, gap_days=5)) == 3


def test_coverage_marks_main_event_and_mentions():
    cov = timeline.coverage(EVENTS, ARTICLES)
    how = {(r.event_id, r.article_id): r.how for r in cov.itertuples()}
    assert how[("2021-02-25", "a")] == "main"
    assert how[("2021-02-15", "a")] == "mentioned"
    assert ("2024-02-02", "a") not in how
    assert how[("2024-02-02", "c")] == "main"


def test_chart_has_a_panel_per_episode_and_labels_articles_by_outlet():
    fig = timeline.timeline_chart(EVENTS, ARTICLES)
    assert len(fig.axes) == 2
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["events", "a", "Daily", "c"]
