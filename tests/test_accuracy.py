"""Accuracy of the extraction on the five seed articles, measured against the hand-checked gold in
tests/gold/ (issue 3, item 9), plus the provenance of every row of every table (item 8), plus tests
that the scorer itself can fail.

Run `pytest -s tests/test_accuracy.py` to see the score table; the full error report is written to the
pytest temporary folder (path printed) and by `scripts/score_extraction.py`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import scoring as evaluate

from strikebook.schema import COLUMNS, PLACE_ROLES, QUALIFIERS

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"


def seed_texts() -> dict[str, str]:
    """The seed files' original text, decoded as the loader must (offsets count characters of this)."""
    return {p.stem: p.read_bytes().decode("utf-8-sig") for p in sorted(ARTICLES.glob("*.txt"))}


@pytest.fixture(scope="module")
def gold():
    return evaluate.load_gold()


@pytest.fixture(scope="module")
def tables():
    """One extraction of the seeds for the whole module (spaCy parse is the slow part). The checks run
    separately in `test_flags_point_at_their_evidence`, so the accuracy tests do not depend on them."""
    from strikebook.extract.pipeline import extract_case

    return extract_case([ARTICLES], checks=False)


@pytest.fixture(scope="module")
def results(tables, gold, tmp_path_factory):
    res = evaluate.score_all(tables, gold)
    report = evaluate.error_report(res)
    path = tmp_path_factory.mktemp("accuracy") / "error_report.md"
    path.write_text(report, encoding="utf-8")
    print("\n" + evaluate.score_table(res) + f"\n(full error report: {path})")
    return res


# ----------------------------------------------------------------------------- the gold itself

def test_gold_rows_point_at_their_evidence(gold):
    texts = seed_texts()
    for name in ("quotes", "casualties", "places"):
        assert evaluate.provenance_problems(gold[name], name, texts) == [], name
    assert set(gold["articles"]["article_id"]) == set(texts)


def test_gold_values_are_in_the_contracts_vocabulary(gold):
    cas = gold["casualties"]
    assert set(cas["status"]) <= {"killed", "wounded"}
    assert set(cas["qualifier"]) <= set(QUALIFIERS)
    assert set(gold["places"]["role"]) <= set(PLACE_ROLES)
    for name in ("quotes", "casualties", "places"):
        assert set(COLUMNS[name]) >= set(gold[name].columns) - {"sentence"}, name
    # "at least five" → min 5, no max; "three" → 3/3
    five = cas[cas["sentence"].str.contains("at least five")].iloc[0]
    assert (five["min"], five["max"], five["qualifier"]) == ("5", "", "at least")


def test_gold_counts(gold):
    """The annotation's size, so an accidental edit of the gold shows up."""
    assert len(gold["quotes"]) == 24
    assert len(gold["casualties"]) == 14
    assert int(evaluate.score_places(pd.DataFrame(), gold["places"])["sites"]) == 8
    assert gold["quotes"].groupby("article_id").size().tolist() == [3, 7, 7, 1, 6]


# ----------------------------------------------------------------------------- the scorer can fail

def _q(aid, speaker, text, start):
    return {"article_id": aid, "speaker": speaker, "text": text, "start": start, "end": start + len(text)}


QUOTES = pd.DataFrame([
    _q("a", "John Kirby", "defensive", 10),
    _q("a", "Lloyd Austin", "We said a number of times that we will respond on our timeline,", 40),
    _q("b", "", "proxies", 5),
])


def test_perfect_quotes_score_one():
    s = evaluate.score_quotes(QUOTES, QUOTES)
    assert (s["precision"], s["recall"], s["f1"], s["speaker_accuracy"]) == (1.0, 1.0, 1.0, 1.0)


def test_missing_quote_lowers_recall_only():
    s = evaluate.score_quotes(QUOTES.iloc[:2], QUOTES)
    assert s["precision"] == 1.0 and s["recall"] == pytest.approx(2 / 3)
    assert [m["text"] for m in s["misses"]] == ["proxies"]


def test_wrong_speaker_lowers_speaker_accuracy():
    pred = QUOTES.copy()
    pred.loc[0, "speaker"] = "Joe Biden"
    s = evaluate.score_quotes(pred, QUOTES)
    assert s["f1"] == 1.0 and s["speaker_accuracy"] == pytest.approx(2 / 3)
    assert s["wrong_speakers"][0][1]["speaker"] == "Joe Biden"


def test_quote_matching_by_text_or_overlap():
    pred = QUOTES.copy()
    pred.loc[1, ["start", "end"]] = [0, 5]  # offsets wrong, text right → still a match
    pred.loc[0, "text"] = "“defensive”"  # marks included, span overlaps → match
    pred.loc[0, ["start", "end"]] = [9, 20]
    assert evaluate.score_quotes(pred, QUOTES)["f1"] == 1.0
    other = pd.DataFrame([_q("b", "", "an entirely different quotation", 200)])
    s = evaluate.score_quotes(other, QUOTES)
    assert s["f1"] == 0.0 and len(s["false_positives"]) == 1
    swallow = pd.DataFrame([_q("a", "John Kirby", "defensive" + " x" * 200, 10)])  # ran past the closing mark
    assert evaluate.score_quotes(swallow, QUOTES)["tp"] == 0
    assert evaluate.score_quotes(pd.DataFrame(), QUOTES)["recall"] == 0.0


def _c(aid, status, lo, hi, q, start, who="US soldiers", source="", event="2024-01-28"):
    return {"article_id": aid, "status": status, "min": lo, "max": hi, "qualifier": q, "who": who,
            "source": source, "event_id": event, "start": start, "end": start + 5, "sentence": ""}


CAS = pd.DataFrame([_c("a", "killed", "3", "3", "exact", 10), _c("a", "wounded", "40", "", "more than", 30),
                    _c("a", "killed", "3", "3", "exact", 90)])


def test_casualty_scoring():
    pred = CAS.copy()
    pred["min"] = [3, 40.0, 3]  # numbers as ints/floats from a DataFrame compare equal to gold strings
    pred["max"] = [3, None, 3]
    assert evaluate.score_casualties(pred, CAS)["f1"] == 1.0
    s = evaluate.score_casualties(CAS.iloc[:2], CAS)  # a repeated mention missed
    assert s["recall"] == pytest.approx(2 / 3) and s["precision"] == 1.0
    bad = CAS.copy()
    bad.loc[1, "qualifier"] = "at least"  # wrong qualifier is a miss and a false positive
    bad.loc[0, "source"] = "Pentagon"
    s = evaluate.score_casualties(bad, CAS)
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert s["source_agreement"] == 0.5 and s["who_agreement"] == 1.0


def test_place_scoring():
    gold = pd.DataFrame([
        {"article_id": "a", "mention": "Albu Kamal", "name": "Albu Kamal", "lat": "34.4523", "lon": "40.9185",
         "precision": "town", "role": "us_strike", "start": 10, "end": 20},
        {"article_id": "a", "mention": "eastern Syria", "name": "eastern Syria", "lat": "", "lon": "",
         "precision": "region", "role": "us_strike", "start": 40, "end": 53},
    ])
    near = pd.DataFrame([{"article_id": "a", "mention": "Albu Kamal", "lat": 34.45, "lon": 40.93,
                          "precision": "town", "role": "us_strike", "start": 10, "end": 20}])
    s = evaluate.score_places(near, gold)
    assert (s["sites"], s["sites_located"], s["role_agreement"]) == (1, 1, 1.0)
    assert s["recall"] == 0.5 and s["precision"] == 1.0
    far = near.assign(lat=33.34, lon=44.40, role="mention")  # Baghdad: ~ 344 km away
    s = evaluate.score_places(far, gold)
    assert s["sites_located"] == 0 and s["role_agreement"] == 0.0
    assert s["unlocated"][0][1][0] == pytest.approx(344, abs=5)
    assert evaluate.haversine_km(36.19, 44.01, 36.19, 44.01) == 0.0


def test_event_scoring():
    gold = pd.DataFrame({"article_id": ["a", "b"], "event_id": ["2021-02-25", "2024-02-02"], "published": ["", ""]})
    assert evaluate.score_events(gold, gold)["accuracy"] == 1.0
    s = evaluate.score_events(gold.assign(event_id=["2021-02-25", ""]), gold)
    assert s["accuracy"] == 0.5 and s["wrong"][0][0]["article_id"] == "b"


def test_provenance_check_catches_broken_rows():
    texts = {"a": 'Kirby said the strikes were "defensive". Three soldiers were killed.'}
    good = pd.DataFrame([_q("a", "John Kirby", "defensive", texts["a"].find("defensive"))])
    assert evaluate.provenance_problems(good, "quotes", texts) == []
    assert evaluate.provenance_problems(good.assign(start=good["start"] - 1), "quotes", texts)
    three = texts["a"].find("Three")
    cas = pd.DataFrame([{"article_id": "a", "start": three, "end": three + 5, "sentence": "Three soldiers were killed."}])
    assert evaluate.provenance_problems(cas, "casualties", texts) == []
    assert evaluate.provenance_problems(cas.assign(start=0, end=5), "casualties", texts)
    assert evaluate.provenance_problems(cas.assign(end=999), "casualties", texts)


def test_error_report_lists_misses_with_evidence(gold):
    pred = gold["quotes"].iloc[1:].copy()
    report = evaluate.error_report({"quotes": evaluate.score_quotes(pred, gold["quotes"])})
    assert "Misses (1):" in report and "defensive" in report and "| quotes | 24 | 23 | 23 |" in report


# ----------------------------------------------------------------------------- the extraction on the seeds

def test_loader_keeps_the_original_text(tables):
    """Gold offsets count characters of the original files: the loader must not alter the text."""
    assert tables.texts == seed_texts()


@pytest.mark.parametrize("table", [t for t in COLUMNS if t not in ("articles", "events", "flags")])
def test_every_row_points_at_its_evidence(tables, table):
    problems = evaluate.provenance_problems(getattr(tables, table), table, tables.texts)
    assert problems == [], "\n".join(problems[:20])


def test_flags_point_at_their_evidence(tables):
    from strikebook.extract.pipeline import frame
    from strikebook.reference.tables import load_reference
    from strikebook.verify.run import run_checks

    flags = frame(run_checks(tables, load_reference()), "flags")
    problems = evaluate.provenance_problems(flags, "flags", tables.texts)
    assert problems == [], "\n".join(problems[:20])


def test_quotes_f1_and_speakers(results):
    q = results["quotes"]
    assert q["f1"] >= 0.95, evaluate.error_report({"quotes": q})
    assert q["speaker_accuracy"] >= 0.95, evaluate.error_report({"quotes": q})


def test_casualty_figures_f1(results):
    c = results["casualties"]
    assert c["f1"] >= 0.95, evaluate.error_report({"casualties": c})


def test_every_strike_site_located_within_25_km(results):
    p = results["places"]
    assert p["sites_located"] == p["sites"], evaluate.error_report({"places": p})


def test_every_article_event_right(results):
    e = results["events"]
    assert e["accuracy"] == 1.0, evaluate.error_report({"events": e})
