"""The shared spaCy pipeline: components, line-break sentences, and the reference EntityRuler.

One pipeline per module (building it costs about a second); every assertion is on specific text.
"""

from __future__ import annotations

import pytest

from strikebook.extract import parse as nlp_mod
from strikebook.reference.tables import Reference, load_reference


def ents(doc, label=None):
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents if label is None or e.label_ == label]


def test_pipeline_has_only_needed_components_and_ruler_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index("entity_ruler") < names.index("ner")
    assert names.index("strikebook_line_breaks") < names.index("parser")
    assert set(names) <= set(nlp_mod.COMPONENTS) | {"entity_ruler", "strikebook_line_breaks", "strikebook_names"}
    assert "lemmatizer" in names  # quotes read reporting verbs by lemma


def test_get_nlp_is_cached(nlp):
    assert nlp_mod.get_nlp() is nlp


def test_towns_the_bare_model_calls_org_are_places(nlp):
    doc = nlp("It said the strikes hit areas near the border town of Albu Kamal. "
              "A rocket attack in Erbil killed a contractor.")
    found = {e.text: e.label_ for e in doc.ents}
    assert found["Albu Kamal"] in {"GPE", "LOC", "FAC"}
    assert found["Erbil"] in {"GPE", "LOC", "FAC"}


@pytest.mark.parametrize("spelling", ["Abu Kamal", "Al-Bukamal", "Irbil", "Arbil"])
def test_aliases_carry_canonical_ids(nlp, spelling):
    doc = nlp(f"Warplanes struck targets near {spelling} on Sunday.")
    hits = [e for e in doc.ents if e.text == spelling]
    assert hits and hits[0].label_ == "GPE"
    assert hits[0].ent_id_ in {"Albu Kamal", "Erbil"}


def test_sites_and_regions_are_single_entities(nlp):
    doc = nlp("Biden attended the dignified return at Dover Air Force Base. "
              "Rockets hit Baghdad\u2019s Green Zone. Airstrikes in eastern Syria were reported.")
    assert ("Dover Air Force Base", "FAC", "Dover Air Force Base") in ents(doc)
    assert ("Baghdad\u2019s Green Zone", "FAC", "Green Zone") in ents(doc)
    assert ("eastern Syria", "LOC", "eastern Syria") in ents(doc)


@pytest.mark.parametrize("dash", ["-", "\u2013"])
def test_border_region_tolerates_dash_styles(nlp, dash):
    doc = nlp(f"Strikes hit militias on the Iraq{dash}Syria border.")
    assert ("LOC", "Iraq-Syria border") in [(e.label_, e.ent_id_) for e in doc.ents]


@pytest.mark.parametrize("name", ["Kata'ib Hezbollah", "Kata\u2019ib Hezbollah", "Kataib Hezbollah"])
def test_group_names_tolerate_apostrophe_variants(nlp, name):
    groups = load_reference().groups
    if not len(groups) or "Kata'ib Hezbollah" not in set(groups["name"]):
        pytest.skip("groups.csv (quotes helper) does not list Kata'ib Hezbollah")
    doc = nlp(f"Militants of {name} denied any role.")
    assert ("ORG", "Kata'ib Hezbollah") in [(e.label_, e.ent_id_) for e in doc.ents]


def test_people_get_canonical_ids(nlp):
    people = load_reference().people
    if not len(people) or "John Kirby" not in set(people["name"]):
        pytest.skip("people.csv (quotes helper) does not list John Kirby")
    doc = nlp("Pentagon press secretary John F. Kirby said the strikes were defensive.")
    assert ("John F. Kirby", "PERSON", "John Kirby") in ents(doc, "PERSON")


def test_headline_and_caption_lines_are_their_own_sentences(nlp):
    text = ("US launches air strikes on militias in Iraq and Syria\n\n\nThe US military has carried out "
            "air strikes on 85 targets.\nJet fighter\n\u00a9 US Air Force/AFP\nThe attacks mark a shift.")
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0] == "US launches air strikes on militias in Iraq and Syria"
    assert "Jet fighter" in sents
    assert any(s.startswith("\u00a9 US Air Force") for s in sents)


def test_wrapped_line_inside_a_sentence_is_not_split(nlp):
    text = ('Kirby said they were launched in response to an\n"ongoing series of attacks by Iran-backed '
            'groups targeting US interests in Iraq."\nBiden had only once before authorised action.')
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0].startswith("Kirby said") and sents[0].endswith('in Iraq."')
    assert sents[1] == "Biden had only once before authorised action."


def test_paragraph_quote_after_colon_starts_a_sentence(nlp):
    text = 'On Sunday, Kirby said:\n"Given the ongoing series of attacks, the president acted."'
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents == ["On Sunday, Kirby said:", '"Given the ongoing series of attacks, the president acted."']


def test_parse_batches_and_keeps_offsets(nlp):
    texts = ["First text about Erbil.", "", "Second text\nabout Albu Kamal."]
    docs = nlp_mod.parse(texts, nlp)
    assert [d.text for d in docs] == texts
    erbil = next(e for e in docs[0].ents if e.text == "Erbil")
    assert texts[0][erbil.start_char:erbil.end_char] == "Erbil"


def test_ruler_copes_without_reference_files(tmp_path):
    entries = nlp_mod.ruler_entries(Reference(tmp_path))
    labels = {label for label, _, _ in entries}
    assert labels == {"GPE"}  # only the GeoNames country names
    assert ("GPE", "Syria", "Syria") in entries


def test_ruler_entries_read_places_aliases_and_groups():
    entries = nlp_mod.ruler_entries()
    assert ("FAC", "Tower 22", "Tower 22") in entries
    assert ("GPE", "Abu Kamal", "Albu Kamal") in entries
    assert ("LOC", "Kurdish-run region", "Kurdistan Region") in entries


def test_hard_wrapped_text_keeps_sentences_across_lines(nlp):
    import textwrap

    body = ("The US military has carried out air strikes on 85 targets in Iraq and Syria linked to militias, "
            "in response to a fatal drone attack on US troops in Jordan last week. It said the strikes hit "
            "towns near the border, where the militias have a strong presence. Officials said the targets "
            "included command centres, rocket and missile storage sites and drone launch facilities used by "
            "the militias.")
    text = "US strikes militias\n\n" + textwrap.fill(body, 72) + "\n\n" + textwrap.fill(body, 72)
    assert nlp_mod.hard_wrapped(text)
    sents = [" ".join(s.text.split()) for s in nlp(text).sents]
    assert sents[0] == "US strikes militias"
    assert sents[1].startswith("The US military") and sents[1].endswith("in Jordan last week.")
    assert len(sents) == 7


def test_seed_articles_are_not_hard_wrapped():
    from strikebook.reference.tables import data_dir

    for path in sorted((data_dir() / "articles").glob("*.txt")):
        assert not nlp_mod.hard_wrapped(path.read_text(encoding="utf-8"))


def test_garbled_aliases_are_not_tagged_in_running_text(nlp):
    doc = nlp("Abir Saleh, a teacher, said the strikes were loud.")
    assert "Abir" not in [e.text for e in doc.ents if e.label_ in {"GPE", "LOC", "FAC"}]


@pytest.mark.parametrize("dateline", ["BAGHDAD (AP) — ", "WASHINGTON, Feb 2 (Reuters) - ", "BEIRUT (AFP) – "])
def test_a_wire_dateline_is_not_part_of_the_first_sentence(nlp, dateline):
    text = f"Headline here\n\n{dateline}The U.S. military carried out airstrikes in Iraq on Sunday."
    sents = [s.text for s in nlp(text).sents]
    assert sents[-1] == "The U.S. military carried out airstrikes in Iraq on Sunday."


def test_a_capitalised_sentence_opening_is_not_a_dateline():
    from strikebook.extract.parse import _DATELINE

    assert _DATELINE.match("BAGHDAD (AP) — The U.S. military struck.")
    assert not _DATELINE.match("US (and allies) — in a joint statement — said the strikes were lawful.")
    assert not _DATELINE.match("The Pentagon (DoD) — which ordered it — said so.")
