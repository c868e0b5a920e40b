"""Extraction on articles in house styles the seeds do not have (tests/fixtures/unseen/, see its README).

Why: the extractor is judged on real articles from other outlets. These five synthetic articles (a wire
story, a broadcaster, a regional outlet, a think-tank analysis, a second wire) carry styles the seeds lack:
datelines, "U.S.", curly and single quotes, subheadings, Arabic spellings, war-monitor ranges ("between 17
and 22", "up to 25", "about a dozen", "dozens"), a quote in its own paragraph after "he said:", split
quotes, pronoun speakers, and casualty figures of both the attack and the strikes in one article.
Gold: tests/fixtures/unseen/gold_*.csv (same formats as tests/gold/). One extraction per module.

Rows that fail in modules other helpers own are marked xfail with the reason (they pass when fixed).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from strikebook.extract.pipeline import extract_case
from strikebook.text.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


def _gold_rows(name: str) -> list[dict]:
    with open(UNSEEN / f"gold_{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


GOLD_QUOTES = _gold_rows("quotes")
GOLD_CASUALTIES = _gold_rows("casualties")
GOLD_PLACES = _gold_rows("places")
GOLD_ARTICLES = {r["article_id"]: r for r in _gold_rows("articles")}


@pytest.fixture(scope="module")
def tables():
    return extract_case([UNSEEN])


def _records(df) -> list[dict]:
    return [{k: ("" if v is None or (isinstance(v, float) and pd.isna(v)) else v) for k, v in r.items()}
            for r in df.drop(columns=[c for c in ("geometry",) if c in df.columns]).to_dict("records")]


def _int(v):
    return None if v in ("", None) or (isinstance(v, float) and pd.isna(v)) else int(float(v))


# ----------------------------------------------------------------------------------------------- articles

def test_every_article_loads_with_its_metadata(tables):
    assert tables.problems == []
    got = {r["article_id"]: r["published"] for r in _records(tables.articles)}
    assert got == {aid: g["published"] for aid, g in GOLD_ARTICLES.items()}


def test_article_events(tables):
    got = dict(zip(tables.articles["article_id"], tables.articles["event_id"], strict=True))
    assert got == {aid: g["event_id"] for aid, g in GOLD_ARTICLES.items()}


def test_events_table_has_strikes_and_the_attacks_they_answered(tables):
    ev = {r["event_id"]: (r["kind"], r["source"], set(r["articles"].split(";"))) for r in _records(tables.events)}
    assert ev["2019-12-29"] == ("us_strike", "reference", {"wire_ap_kh", "bbc_soleimani"})
    assert ev["2019-12-27"][0] == "attack_on_us" and "wire_ap_kh" in ev["2019-12-27"][2]
    assert ev["2024-02-02"] == ("us_strike", "reference", {"analysis_tower22", "wire_reuters_85"})
    assert ev["2024-01-28"][2] == {"analysis_tower22", "wire_reuters_85"}
    assert ev["2020-01-08"] == ("attack_on_us", "reference", {"analysis_tower22"})


# ----------------------------------------------------------------------------------------------- casualties

def _casualty_id(g: dict) -> str:
    return f"{g['article_id']}@{g['start']}:{g['status']}:{g['min']}-{g['max']}"


@pytest.mark.parametrize("gold", GOLD_CASUALTIES, ids=_casualty_id)
def test_casualty_figure(tables, gold):
    preds = [p for p in _records(tables.casualties)
             if (p["article_id"], p["status"], _int(p["min"]), _int(p["max"]), p["qualifier"]) ==
             (gold["article_id"], gold["status"], _int(gold["min"]), _int(gold["max"]), gold["qualifier"])]
    assert preds, f"missing {gold}"
    # the same mention, not a twin elsewhere: the row's evidence holds the gold number expression
    holding = [p for p in preds if int(p["start"]) <= int(gold["start"]) and int(gold["end"]) <= int(p["end"])]
    assert holding, f"no row's evidence holds {gold['sentence'][:80]!r} @{gold['start']}"
    best = holding[0]
    assert (fold(best["who"]), fold(best["source"]), best["event_id"]) == \
        (fold(gold["who"]), fold(gold["source"]), gold["event_id"])


def test_no_casualty_row_without_a_gold_row(tables):
    keys = {(g["article_id"], g["status"], _int(g["min"]), _int(g["max"]), g["qualifier"]) for g in GOLD_CASUALTIES}
    extra = [p for p in _records(tables.casualties)
             if (p["article_id"], p["status"], _int(p["min"]), _int(p["max"]), p["qualifier"]) not in keys]
    assert extra == []  # e.g. "a number of civilians and soldiers", "several were wounded", "No one was killed"


def test_figures_are_not_casualties(tables):
    got = {(r["article_id"], r["kind"], int(r["value"])) for r in _records(tables.figures)}
    assert {("analysis_tower22", "targets", 85), ("analysis_tower22", "facilities", 7),
            ("analysis_tower22", "munitions", 125), ("wire_reuters_85", "targets", 85),
            ("wire_ap_kh", "troops", 5200), ("wire_ap_kh", "munitions", 30)} <= got
    # the headline's "‘at least 22’ Iran-backed fighters" is a casualty figure, not a count of troops
    assert not any(a == "regional_bukamal" and v == 22 for a, _, v in got)


# ----------------------------------------------------------------------------------------------- dates

@pytest.mark.parametrize("article_id, mention, iso", [
    ("analysis_tower22", "Sunday, January 28", "2024-01-28"),  # a weekday naming its date is that date
    ("analysis_tower22", "Two days later", "2024-01-30"),
    ("analysis_tower22", "on Friday evening", "2024-02-02"),
    ("analysis_tower22", "January 8, 2020", "2020-01-08"),
    ("bbc_soleimani", "27 December", "2019-12-27"),  # British day-month order, previous year
    ("bbc_soleimani", "On Sunday", "2019-12-29"),
    ("bbc_soleimani", "on Tuesday", "2019-12-31"),
    ("regional_bukamal", "on Thursday", "2021-02-25"),
    ("regional_bukamal", "February 15", "2021-02-15"),
    ("regional_bukamal", "last month", "2021-01"),
    ("wire_ap_kh", "on Sunday", "2019-12-29"),
    ("wire_ap_kh", "on Friday", "2019-12-27"),
    ("wire_reuters_85", "Feb 2", "2024-02-02"),  # Reuters dateline without a year
    ("wire_reuters_85", "Sunday's", "2024-01-28"),
    ("wire_reuters_85", "on Tuesday", "2024-01-30"),
])
def test_dates_resolve(tables, article_id, mention, iso):
    rows = [r for r in _records(tables.dates) if r["article_id"] == article_id and r["mention"] == mention]
    assert [r["date"] for r in rows] == [iso]


def test_a_speakers_relative_day_is_not_resolved_against_the_article(tables):
    rows = {(r["article_id"], r["mention"]): r["date"] for r in _records(tables.dates)}
    assert rows[("wire_reuters_85", "today")] == ""  # "Our response began today," Biden said
    assert rows[("bbc_soleimani", "last night")] == ""


# ----------------------------------------------------------------------------------------------- quotes

#: Gold quotes whose speaker the quotes module (owned by another helper) gets wrong: (article, start) → why.
QUOTE_SPEAKER_GAPS: dict[tuple[str, str], str] = {
    # all 34 pass since the quotes helper's 17:40 UTC tree (6 failed at 17:20: headline ': Monitor', "cowardly",
    # the second half of Esper's split quote, Adel/Adil Abdul-Mahdi twice, "Syrian state media"); add
    # (article_id, start) → reason here if one regresses while its owner works on it
}


def _quote_param(g):
    gap = QUOTE_SPEAKER_GAPS.get((g["article_id"], g["start"]))
    marks = [pytest.mark.xfail(reason=f"quotes.py: {gap}", strict=False)] if gap else []
    return pytest.param(g, id=f"{g['article_id']}@{g['start']}", marks=marks)


@pytest.mark.parametrize("gold", [_quote_param(g) for g in GOLD_QUOTES])
def test_quote_and_speaker(tables, gold):
    preds = [p for p in _records(tables.quotes) if p["article_id"] == gold["article_id"]
             and int(p["start"]) == int(gold["start"]) and int(p["end"]) == int(gold["end"])]
    assert len(preds) == 1, f"quote not found exactly: {gold['text'][:60]!r}"
    assert preds[0]["text"] == gold["text"]
    assert fold(preds[0]["speaker"]) == fold(gold["speaker"])


def test_no_quote_outside_the_gold(tables):
    gold = {(g["article_id"], int(g["start"])) for g in GOLD_QUOTES}
    assert [(p["article_id"], p["text"]) for p in _records(tables.quotes)
            if (p["article_id"], int(p["start"])) not in gold] == []


# ----------------------------------------------------------------------------------------------- places

#: Named strike/attack sites the places module (owned by another helper) gets wrong: (article, start) → why.
PLACE_GAPS: dict[tuple[str, str], str] = {
    # all named sites pass since the places helper's 17:27 UTC tree; add (article_id, start) → reason here if one
    # regresses while its owner works on it
}


def _place_param(g):
    gap = PLACE_GAPS.get((g["article_id"], g["start"]))
    marks = [pytest.mark.xfail(reason=f"places.py: {gap}", strict=False)] if gap else []
    return pytest.param(g, id=f"{g['article_id']}@{g['start']}:{g['mention']}", marks=marks)


@pytest.mark.parametrize("gold", [_place_param(g) for g in GOLD_PLACES])
def test_named_site_located_within_25_km_with_its_role(tables, gold):
    from scoring import haversine_km

    s, e = int(gold["start"]), int(gold["end"])
    preds = [p for p in _records(tables.places)
             if p["article_id"] == gold["article_id"] and int(p["start"]) < e and s < int(p["end"])]
    assert preds, f"{gold['mention']!r} not extracted"
    located = [p for p in preds if p["lat"] != "" and
               haversine_km(float(gold["lat"]), float(gold["lon"]), float(p["lat"]), float(p["lon"])) <= 25]
    assert located, f"{gold['mention']!r} placed at {[(p['name'], p['lat'], p['lon']) for p in preds]}"
    assert located[0]["role"] == gold["role"]


# ----------------------------------------------------------------------------------------------- scores

def test_scores_on_the_unseen_articles(tables):
    """P/R/F1 per table with strikebook.evaluate (printed with -s); the casualty and event targets of
    issue 3 must hold here too. Places gold lists only the named strike/attack sites, so only the
    site figures are meaningful for places."""
    import scoring as evaluate

    gold = {}
    for name in ("quotes", "casualties", "places", "articles"):
        df = pd.read_csv(UNSEEN / f"gold_{name}.csv", dtype=str, keep_default_na=False)
        for col in ("start", "end"):
            if col in df.columns:
                df[col] = df[col].astype(int)
        gold[name] = df
    results = evaluate.score_all(tables, gold)
    print("\n" + evaluate.score_table(results))
    assert results["casualties"]["f1"] >= 0.95
    assert results["casualties"]["event_id_agreement"] >= 0.95
    assert results["events"]["accuracy"] == 1.0
    assert results["quotes"]["f1"] >= 0.95  # the quote spans; speakers are reported above
    assert results["places"]["site_recall"] >= 0.8


def test_every_row_points_at_its_evidence(tables):
    for name in ("quotes", "casualties", "figures", "places", "entities", "dates"):
        for r in _records(getattr(tables, name)):
            text = tables.texts[r["article_id"]]
            evidence = text[int(r["start"]):int(r["end"])]
            assert evidence.strip(), (name, r)
            if "sentence" in r and r["sentence"]:
                assert r["sentence"] in text, (name, r)


# ----------------------------------------------------------------------------------------------- empty input

def test_an_article_with_nothing_to_extract_gives_empty_tables(tmp_path):
    (tmp_path / "quiet.txt").write_text("Markets were calm\n\nShares traded in a narrow range as investors "
                                        "waited for the central bank.\n", encoding="utf-8")
    t = extract_case([tmp_path])
    assert t.problems == [] and len(t.articles) == 1
    assert t.articles["event_id"].tolist() == [""]
    from strikebook.schema import COLUMNS

    for name in ("quotes", "casualties", "figures", "places", "dates"):
        df = getattr(t, name)
        assert len(df) == 0, (name, df)
        assert list(df.columns[:len(COLUMNS[name])]) == COLUMNS[name]
    paths = t.write(tmp_path / "out")
    assert {p.name for p in paths} >= {"quotes.csv", "casualties.csv", "places.csv"}
