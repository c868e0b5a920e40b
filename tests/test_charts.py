"""Casualty chart helpers: figures as reported, victim classes, and which figures truly conflict."""

import matplotlib
import pandas as pd
import pytest

from strikebook.present import charts

matplotlib.use("Agg")


def row(article, status, lo, hi, q, who, event="2024-01-28", source=""):
    return {"article_id": article, "status": status, "min": lo, "max": hi, "qualifier": q, "who": who,
            "source": source, "event_id": event, "start": 0, "end": 1, "sentence": f"{article} says {who}"}


@pytest.mark.parametrize(("lo", "hi", "q", "label"), [
    (3, 3, "exact", "3"), (5, None, "at least", "at least 5"), (40, None, "more than", "more than 40"),
    (None, 7, "up to", "up to 7"), (5, 7, "between", "5–7"), (20, 20, "about", "about 20"),
    (1500, 1500, "exact", "1,500"), (None, None, "exact", "no number"),
])
def test_figure_label_says_what_the_article_claims(lo, hi, q, label):
    assert charts.figure_label({"min": lo, "max": hi, "qualifier": q}) == label


@pytest.mark.parametrize(("who", "group"), [
    ("US soldiers", "US/coalition"), ("a civilian contractor", "US/coalition"), ("Iraqi militiamen", "militia"),
    ("fighters", "militia"), ("civilians", "civilians"), ("people", "civilians"), ("others", "other"),
])
def test_victim_group(who, group):
    assert charts.victim_group(who) == group


def test_the_chart_groups_victims_with_the_one_classifier():
    from strikebook.extract import victims

    assert charts.victim_group is victims.victim_group
    # where the chart's own word lists differed: Iraqi troops are not the US side; commanders are counted apart
    assert charts.victim_group("Iraqi soldiers") == "other"
    assert charts.victim_group("its commanders") == "commanders"


def test_conflicts_need_incompatible_ranges():
    three = row("a", "killed", 3, 3, "exact", "US soldiers")
    assert not charts.figures_conflict(three, row("b", "killed", 3, 3, "exact", "US troops"))
    assert not charts.figures_conflict(three, row("b", "killed", 2, None, "at least", "US troops"))
    assert charts.figures_conflict(three, row("b", "killed", 4, 4, "exact", "US troops"))
    assert charts.figures_conflict(three, row("b", "killed", 3, None, "more than", "US troops"))
    assert not charts.figures_conflict(three, row("b", "killed", None, 5, "up to", "US troops"))


def test_the_chart_uses_the_one_conflict_rule():
    from strikebook.verify import conflict

    assert charts.figures_conflict is conflict.figures_conflict
    about = row("a", "killed", 20, 20, "about", "US soldiers")
    assert charts.figures_conflict(about, row("b", "killed", 25, 25, "exact", "US troops"))
    assert not charts.figures_conflict(about, row("b", "killed", 24, 24, "exact", "US troops"))
    # no usable number (absurd, infinite): no range, no discrepancy
    assert not charts.figures_conflict(about, row("b", "killed", 5e7, 5e7, "exact", "US troops"))
    assert not charts.figures_conflict(about, row("b", "killed", float("inf"), None, "at least", "US troops"))


def test_discrepancies_only_within_same_event_status_and_victims():
    df = pd.DataFrame([
        row("a", "killed", 3, 3, "exact", "US soldiers"),
        row("b", "killed", 4, 4, "exact", "American troops", source="Pentagon"),
        row("c", "wounded", 4, 4, "exact", "US soldiers"),           # other status
        row("d", "killed", 9, 9, "exact", "militiamen"),             # other victims
        row("e", "killed", 7, 7, "exact", "US soldiers", event="2021-02-15"),  # other event
    ])
    disc = charts.casualty_discrepancies(charts.casualty_figures(df))
    assert disc[["article_a", "article_b", "figure_a", "figure_b"]].values.tolist() == [["a", "b", "3", "4"]]
    assert disc.iloc[0]["source_b"] == "Pentagon"
    assert disc.iloc[0]["source_a"] == "the article's own narration"


def test_casualty_figures_filters_and_rejects_unknown_status():
    df = pd.DataFrame([row("a", "killed", 3, 3, "exact", "x"), row("a", "wounded", 40, None, "more than", "x"),
                       row("b", "killed", 1, 1, "exact", "x", event="2021-02-15")])
    assert len(charts.casualty_figures(df, status="killed")) == 2
    assert charts.casualty_figures(df, event_id="2021-02-15")["article_id"].tolist() == ["b"]
    with pytest.raises(ValueError, match="status"):
        charts.casualty_figures(df, status="dead")


def test_chart_draws_one_line_per_figure_and_an_empty_state():
    df = pd.DataFrame([row("a", "killed", 3, 3, "exact", "US soldiers"),
                       row("b", "wounded", 40, None, "more than", "others")])
    fig = charts.casualty_chart(charts.casualty_figures(df))
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == 2
    texts = [t.get_text() for t in ax.texts]
    assert "3" in texts and "more than 40" in texts
    empty = charts.casualty_chart(charts.casualty_figures(df.iloc[0:0]))
    assert "No casualty figures" in empty.axes[0].texts[0].get_text()
