"""People and organisations with canonical names (issue 3, item 7), and the reference tables they come
from (people.csv is also the anachronism check's role history, issue 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from strikebook.extract import entities
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment
from strikebook.reference import tables as reference

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "data" / "reference"
ARTICLES = ROOT / "data" / "articles"


def make_ctx(nlp, text, segments=None, article_id="t"):
    article = Article(article_id=article_id, path=Path(f"{article_id}.txt"), text=text,
                      segments=segments or [Segment("body", 0, len(text))])
    return ArticleContext(article=article, doc=nlp(text), ref=reference.load_reference())


def ents(nlp, text, **kw):
    rows = entities.extract_entities(make_ctx(nlp, text, **kw))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["mention"]
    return [(r["kind"], r["mention"], r["name"]) for r in rows]


# ------------------------------------------------------------------------------ reference tables

def read(name):
    return pd.read_csv(REF / name, dtype=str, keep_default_na=False)


def test_people_csv_columns_dates_and_sources():
    people = read("people.csv")
    assert list(people.columns) == ["name", "aliases", "role", "organisation", "start", "end", "source"]
    iso = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # a date, or a month/year when the day is not certain
    for row in people.itertuples():
        assert row.name and row.role and row.organisation, row
        assert row.source.startswith("https://"), row
        for d in (row.start, row.end):
            assert d == "" or iso.match(d), (row.name, d)
        if row.start and row.end:
            assert row.start <= row.end, row


def test_people_csv_role_history_for_the_anachronism_check():
    people = read("people.csv")

    def held(name, role_word, day):
        rows = people[(people["name"] == name) & people["role"].str.contains(role_word, case=False)]
        return any((r.start or "0000") <= day and (not r.end or day <= r.end + "-99")
                   for r in rows.itertuples())

    assert held("John Kirby", "Pentagon press secretary", "2021-02-25")
    assert not held("John Kirby", "Pentagon press secretary", "2024-02-02")
    assert held("John Kirby", "National Security Council", "2024-02-02")
    assert held("Saeed Khatibzadeh", "spokesman", "2021-06-28")
    assert not held("Saeed Khatibzadeh", "spokesman", "2024-02-02")  # 001 quotes him in Feb 2024
    assert held("Nasser Kanaani", "spokesman", "2024-02-02")
    assert held("Lloyd Austin", "Secretary of Defense", "2021-02-25")
    assert not held("Mark Esper", "Secretary of Defense", "2021-02-25")
    assert held("Ebrahim Raisi", "President of Iran", "2024-02-02")
    assert not held("Ebrahim Raisi", "President of Iran", "2021-06-27")  # elected, not yet in office


def test_groups_csv_columns_kinds_and_sources():
    groups = read("groups.csv")
    assert list(groups.columns) == ["name", "aliases", "kind", "country", "source"]
    assert set(groups["kind"]) <= {"militia", "government", "military", "agency", "media", "ngo", "other"}
    assert all(s.startswith("https://") for s in groups["source"])
    assert groups["name"].is_unique


def test_no_alias_names_two_things():
    seen = {}
    for file in ("people.csv", "groups.csv"):
        df = read(file)
        for row in df.drop_duplicates("name").itertuples():
            for alias in [row.name, *[a for a in row.aliases.split(";") if a]]:
                k = entities.key(alias)
                assert seen.setdefault(k, row.name) == row.name, (alias, seen[k], row.name)


# ----------------------------------------------------------------------------------- resolution

@pytest.mark.parametrize("mention", ["Kata'ib Hezbollah", "Kataib Hizbollah", "Kata’ib Hizbollah",
                                     "Hezbollah Brigades", "KH"])
def test_kataib_hezbollah_spellings(nlp, mention):
    assert ents(nlp, f"The strikes hit {mention} sites.") == [("org", mention, "Kata'ib Hezbollah")]


def test_acronyms_match_case_and_longest_name_wins(nlp):
    text = "Kata'ib Sayyid al-Shuhada (KSS) and Hezbollah met; the kh sound is not a militia."
    assert ents(nlp, text) == [("org", "Kata'ib Sayyid al-Shuhada", "Kata'ib Sayyid al-Shuhada"),
                               ("org", "KSS", "Kata'ib Sayyid al-Shuhada"), ("org", "Hezbollah", "Hezbollah")]


def test_surname_and_honorific_resolve_to_the_full_name(nlp):
    text = "Pentagon press secretary John Kirby spoke. Kirby said more. Mr Kirby left."
    people = [e for e in ents(nlp, text) if e[0] == "person"]
    assert people == [("person", "John Kirby", "John Kirby"), ("person", "Kirby", "John Kirby"),
                      ("person", "Kirby", "John Kirby")]


def test_unknown_person_surname_takes_the_longest_form_in_the_article(nlp):
    text = "Rami Haddad, a local official, described the damage. Haddad said three buildings collapsed."
    assert [e for e in ents(nlp, text) if e[0] == "person"] == [
        ("person", "Rami Haddad", "Rami Haddad"), ("person", "Haddad", "Rami Haddad")]


def test_spelling_variant_of_a_reference_person(nlp):
    assert ents(nlp, "The US killed Qassim Suleimani in 2020.") == [("person", "Qassim Suleimani", "Qassem Soleimani")]


def test_a_surname_that_is_also_a_place_needs_a_reason(nlp):
    assert [e for e in ents(nlp, "Flights to Austin were delayed.") if e[0] == "person"] == []
    assert ents(nlp, "Mr Austin said he recommended the action.") == [("person", "Austin", "Lloyd Austin")]


@pytest.mark.parametrize("mention", ["Adel Abdul-Mahdi", "Adel Abdul Mahdi", "Adil Abdul\u2010Mahdi",
                                     "Adel Abdul - Mahdi"])
def test_hyphen_and_space_spellings_of_a_reference_name(nlp, mention):
    assert [e for e in ents(nlp, f"Prime Minister {mention} spoke.") if e[0] == "person"] == [
        ("person", mention, "Adil Abdul-Mahdi")]


def test_compound_surname_and_possessive_office(nlp):
    text = "Abu Mahdi al-Muhandis vowed revenge. Abdul-Mahdi\u2019s office called it an attack."
    assert [e for e in ents(nlp, text) if e[0] == "person"] == [
        ("person", "Abu Mahdi al-Muhandis", "Abu Mahdi al-Muhandis"), ("person", "Abdul-Mahdi", "Adil Abdul-Mahdi")]
    assert entities.surnames("Adel Abdul Mahdi") == ["Abdul Mahdi", "Mahdi"]
    assert entities.surnames("Lloyd Austin") == ["Austin"]  # no compound without its first half


def test_hyphen_does_not_join_different_names(nlp):
    # "Abdul-Mahdi" may be written "Abdul Mahdi", but "Abdul" alone or "Mahdi" alone is not him
    people = [e for e in ents(nlp, "Mahdi Hassan met Abdul Rahim.") if e[0] == "person"]
    assert all(name != "Adil Abdul-Mahdi" for _, _, name in people)


def test_canonical_person_helper(nlp):
    ctx = make_ctx(nlp, "Defence Secretary Lloyd Austin spoke to reporters.")
    assert entities.canonical_person("Mr Austin", ctx) == "Lloyd Austin"
    assert entities.canonical_person("Pentagon spokesman John Kirby", ctx) == "John Kirby"
    assert entities.canonical_person("Qassim Suleimani", ctx) == "Qassem Soleimani"
    assert entities.canonical_person("Jane Doe", ctx) == "Jane Doe"
    assert entities.canonical_org("the Pentagon", ctx) == "US Department of Defense"


def test_titles_are_not_organisations(nlp):
    names = [e[2] for e in ents(nlp, "Secretary of Defence Lloyd Austin and Iraqi militia leaders met.")]
    assert names == ["Lloyd Austin"]


def test_a_name_spacy_splits_in_two_is_one_person(nlp):
    from spacy.tokens import Span

    doc = nlp.make_doc("Governor Talib al-Qadiri said it.")
    doc.ents = [Span(doc, 1, 2, "PERSON"), Span(doc, 2, 5, "PERSON")]  # "Talib" + "al-Qadiri", as spaCy may
    assert [doc.text[s:e] for s, e, _ in entities._person_spans(doc.ents, doc.text)] == ["Talib al-Qadiri"]
    doc.ents = [Span(doc, 1, 2, "PERSON"), Span(doc, 5, 6, "PERSON")]  # not side by side: two
    assert len(entities._person_spans(doc.ents, doc.text)) == 2


def test_a_name_read_with_its_title_as_another_kind_of_entity(nlp):
    text = "\u201cIt will not break us,\u201d Homs Governor Nadim al-Farsi said."  # spaCy: a work of art
    assert [e for e in ents(nlp, text) if e[0] == "person"] == [("person", "Nadim al-Farsi", "Nadim al-Farsi")]


def test_the_name_after_a_title_with_its_department(nlp):
    # spaCy reads "State Rex Tillman" as an organisation: the department's word, then a person
    text = "Tillman says talks failed\n\nSecretary of State Rex Tillman says Russia has failed."
    people = [e for e in ents(nlp, text) if e[0] == "person"]
    assert ("person", "Rex Tillman", "Rex Tillman") in people
    assert ("person", "Tillman", "Rex Tillman") in people  # the headline's surname is the same man
    assert [e for e in ents(nlp, text) if e[0] == "org"] == []


def test_only_the_articles_own_words(nlp):
    text = "Kirby spoke at the Pentagon.\nComment: Reuters is biased."
    cut = text.index("Comment")
    found = ents(nlp, text, segments=[Segment("body", 0, cut), Segment("comment", cut, len(text))])
    assert [e[2] for e in found] == ["John Kirby", "US Department of Defense"]


def test_empty_article(nlp):
    assert ents(nlp, "") == []


# ----------------------------------------------------------------------------------------- seeds

def test_seed_entities(nlp):
    from strikebook.ingest.corpus import load_corpus

    corpus = load_corpus([ARTICLES])
    by_id = {}
    for article in corpus.articles:
        ctx = ArticleContext(article=article, doc=nlp(article.text), ref=reference.load_reference())
        rows = entities.extract_entities(ctx)
        for r in rows:
            assert article.text[r["start"]:r["end"]] == r["mention"]
            assert r["kind"] in ("person", "org")
        by_id[article.article_id[:3]] = {(r["mention"], r["name"]) for r in rows}
    assert ("Qassem Suleimani", "Qassem Soleimani") in by_id["000"]
    assert ("Kirby", "John Kirby") in by_id["000"]
    assert ("Guardians of Blood Brigade", "Saraya Awliya al-Dam") in by_id["001"]
    assert ("IRGC", "Islamic Revolutionary Guard Corps") in by_id["001"]
    assert ("Kata’ib Hizbollah", "Kata'ib Hezbollah") in by_id["002"]
    assert ("Khatibzadeh", "Saeed Khatibzadeh") in by_id["002"]
    assert ("Hezbollah Brigades", "Kata'ib Hezbollah") in by_id["003"]
    assert ("Jen Psaki", "Jen Psaki") in by_id["003"]
    assert ("KSS", "Kata'ib Sayyid al-Shuhada") in by_id["004"]
    assert ("Austin", "Lloyd Austin") in by_id["004"]
    assert ("Qassim Soleimani", "Qassem Soleimani") in by_id["004"]
    # reader comments ("Comment: The SOHR is a shell…") are not the article's words
    assert ("SOHR", "Syrian Observatory for Human Rights") not in by_id["000"]


def test_a_group_name_printed_with_a_particle_or_another_plural_is_still_the_group():
    from strikebook.reference.names import name_index

    index = name_index(reference.load_reference())
    assert index.lookup("Al Nujaba movement") == ("org", "Harakat al-Nujaba")
    assert index.lookup("Popular Mobilization Force") == ("org", "Popular Mobilisation Forces")
    assert index.lookup("Force") is None and index.lookup("the Movement") is None
