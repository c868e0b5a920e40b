"""The right speaker for real quotes (issue 10): each rule on short synthetic sentences modelled on what the
real-world corpus shows (never copied from it).

Speakers are credited as tests/realworld/GUIDELINES.md says: a person by full name, a person given by role
by the person the article (or the reference, on the event's date) says held it, an organisation as named,
an unnamed source by its description without article or quantifier, nobody for a scare quote.
"""

from __future__ import annotations

from pathlib import Path

from strikebook.extract import quotes
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment
from strikebook.reference import tables as reference


def run(nlp, text: str, segments=None, event_id: str = "") -> list[dict]:
    article = Article(article_id="t", path=Path("t.txt"), text=text,
                      segments=segments or [Segment("body", 0, len(text))])
    ctx = ArticleContext(article=article, doc=nlp(text), ref=reference.load_reference(), event_id=event_id)
    rows = quotes.extract_quotes(ctx)
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    return rows


def pairs(rows) -> list[tuple[str, str]]:
    return [(r["text"], r["speaker"]) for r in rows]


def titled(text: str) -> list[Segment]:
    """A headline on the first line, the body after the blank line."""
    cut = text.index("\n")
    return [Segment("title", 0, cut), Segment("body", cut + 2, len(text))]


# ------------------------------------------------------------------------------ unnamed sources

def test_an_unnamed_source_is_credited_by_its_description(nlp):
    assert pairs(run(nlp, "A US official said the strikes were \u201climited\u201d.")) == [("limited", "US official")]
    rows = run(nlp, "Unnamed security sources and local commanders said the raid killed \u2018several\u2019 men.")
    assert pairs(rows) == [("several", "Unnamed security sources and local commanders")]


def test_a_description_keeps_its_prepositions_but_not_its_clauses(nlp):
    text = ("Officials for the Imam Ali shrine who run the building site said the dead were \u201ccivilian "
            "workers\u201d.")
    assert pairs(run(nlp, text)) == [("civilian workers", "Officials for the Imam Ali shrine")]


def test_sources_of_an_organisation_are_not_the_organisation(nlp):
    text = "Sources from the Popular Mobilisation Forces (PMF) told reporters the cars carried \u201cguests\u201d."
    assert pairs(run(nlp, text)) == [("guests", "Sources from the Popular Mobilisation Forces (PMF)")]


def test_the_nearest_verb_credits_a_description_before_a_farther_named_one(nlp):
    text = "A US defence official called the raid a \u201cone-off,\u201d Reuters reported."
    assert pairs(run(nlp, text)) == [("one-off,", "US defence official")]


def test_an_unnamed_institution_with_its_country_speaks_as_printed(nlp):
    text = "Top Iran security body has called a meeting after the \u2018martyrdom\u2019, news agency AFP reported."
    assert pairs(run(nlp, text)) == [("martyrdom", "Top Iran security body")]


# ----------------------------------------------------------------------------------------- statements

def test_the_statement_speaks_for_who_released_it(nlp):
    text = ("The Pentagon released a statement on Friday.\n\n"
            "\u201cWe acted to protect our forces,\u201d the statement said.")
    assert pairs(run(nlp, text)) == [("We acted to protect our forces,", "US Department of Defense")]
    text = "The Pentagon released a statement on Friday.\n\n\u201cWe acted to protect our forces,\u201d it read."
    assert pairs(run(nlp, text)) == [("We acted to protect our forces,", "US Department of Defense")]


def test_a_statement_named_after_its_author_and_one_that_goes_on(nlp):
    text = "\u201cThe strikes were defensive,\u201d the Pentagon statement read."
    assert pairs(run(nlp, text)) == [("The strikes were defensive,", "US Department of Defense")]
    text = ("Kataib Hezbollah issued a statement. The statement went on to say that the US would face "
            "\u201cconsequences\u201d.")
    assert pairs(run(nlp, text)) == [("consequences", "Kata'ib Hezbollah")]


def test_the_statement_of_the_latest_speaker(nlp):
    text = ("In a statement, Iraq\u2019s joint command condemned the raid.\n\n"
            "Officials at the Karbala shrine said the dead were \u201cworkers\u201d.\n\n"
            "\u201cThe airport is civilian,\u201d the statement said.")
    rows = run(nlp, text)
    assert pairs(rows)[1:] == [("The airport is civilian,", "Officials at the Karbala shrine")]


# ---------------------------------------------------------------------------- statements over paragraphs

def test_a_paragraph_that_is_a_quote_goes_on_with_the_previous_paragraphs_speaker(nlp):
    text = ("Esper said they discussed \u201cother options\u201d with the president.\n"
            "\u201cWe will take additional actions as necessary.\u201d\n")
    assert pairs(run(nlp, text)) == [("other options", "Mark Esper"),
                                     ("We will take additional actions as necessary.", "Mark Esper")]
    text = ("\u201cWe cannot put lives at risk,\u201d said Senator Jane Roe.\n\n"
            "\u201cThe strike risks a wider war.\u201d")
    assert pairs(run(nlp, text))[1] == ("The strike risks a wider war.", "Jane Roe")


def test_a_quote_paragraph_after_reported_speech_is_not_credited(nlp):
    text = ("The administration said its strikes would deter further attacks.\n\n"
            "\u201cWe want to contain this conflict.")
    assert pairs(run(nlp, text)) == [("We want to contain this conflict.", "")]


# ---------------------------------------------------------------------------------------- headlines

def test_a_headline_quote_takes_the_speaker_of_the_same_words_in_the_body(nlp):
    text = ("US carries out \u2018defensive strikes\u2019 in Iraq\n\n"
            "\u201cWe conducted precision defensive strikes,\u201d Pentagon spokesman John Kirby said.")
    rows = run(nlp, text, segments=titled(text))
    assert pairs(rows)[0] == ("defensive strikes", "John Kirby")


def test_a_subheading_label_gives_way_to_the_body(nlp):
    text = ("Live updates\n\nFormer militia commander: \u2018We will take revenge\u2019\n\n"
            "\u201cHe joined his brothers, but we will take revenge,\u201d said Rami Haddad, a former militia "
            "commander.\n")
    rows = run(nlp, text)
    assert pairs(rows)[0] == ("We will take revenge", "Rami Haddad")


def test_a_headline_title_is_the_person_the_body_names_with_it(nlp):
    text = ("US \u2018act of terrorism\u2019 dangerous: Iran Foreign Minister\n\n"
            "Iran Foreign Minister Javad Zarif said the killing was reckless.")
    rows = run(nlp, text, segments=titled(text))
    assert pairs(rows) == [("act of terrorism", "Mohammad Javad Zarif")]


# ---------------------------------------------------------------------------------- people by role

def test_a_title_is_the_person_the_reference_says_held_it_that_day(nlp):
    text = "\u201cWe will respond at a time of our choosing,\u201d the Pentagon spokesman said."
    assert pairs(run(nlp, text, event_id="2024-02-02"))[0][1] == "Pat Ryder"  # not his deputy
    assert pairs(run(nlp, text, event_id="2021-02-26"))[0][1] == "John Kirby"
    rows = run(nlp, text)  # no date: nobody can say who held it
    assert pairs(rows)[0][1] == "Pentagon spokesman" and rows[0]["speaker_role"] == "Pentagon spokesman"


def test_a_title_is_the_person_the_article_names_in_that_role_later(nlp):
    text = ("\u201cThe base was hit by two drones,\u201d the military spokesman said.\n\n"
            "Iraqi military spokesman Yahya Rasoul later gave more details.")
    assert pairs(run(nlp, text)) == [("The base was hit by two drones,", "Yahya Rasoul")]


def test_the_secretary_is_the_secretary_named_before(nlp):
    text = ("Secretary of State Rex Tillman says Russia has failed.\n\n"
            "The secretary says Russia has been \u201csimply incompetent\u201d.")
    rows = run(nlp, text)
    assert pairs(rows) == [("simply incompetent", "Rex Tillman")]
    assert rows[0]["speaker_role"] == "Secretary of State"


def test_an_indefinite_title_is_anyone(nlp):
    text = "Pentagon spokesman John Kirby spoke. \u201cIt was bad,\u201d a spokesman said."
    assert pairs(run(nlp, text)) == [("It was bad,", "spokesman")]


# ------------------------------------------------------------------------------------- verbs and subjects

def test_a_passive_reporting_verb_names_nobody_but_its_agent(nlp):
    assert pairs(run(nlp, "The strikes were described as \u201cnarrowly tailored\u201d.")) == [
        ("narrowly tailored", "")]
    assert pairs(run(nlp, "The strikes were described by Kirby as \u201cnarrowly tailored\u201d.")) == [
        ("narrowly tailored", "John Kirby")]


def test_who_in_a_relative_clause_is_the_noun_it_qualifies(nlp):
    text = ("Pompeo welcomed a statement by his counterpart Dominic Rayner, who asserted that \u201cthose "
            "responsible must be held accountable\u201d.")
    assert pairs(run(nlp, text)) == [("those responsible must be held accountable", "Dominic Rayner")]


def test_an_opening_participle_goes_on_with_the_previous_sentences_reporter(nlp):
    text = ("Defence Secretary Ben Wallis confirmed that Britain took no part in the raids. "
            "Underlining that \u2018London supports the right of the United States to defend itself\u2019.")
    assert pairs(run(nlp, text)) == [("London supports the right of the United States to defend itself",
                                      "Ben Wallis")]


def test_an_honorific_split_from_its_name_by_the_sentence_splitter(nlp):
    text = "\u201cThe targets included aircraft shelters,\u201d said Capt. Jeff Davis, a Pentagon spokesman."
    assert pairs(run(nlp, text)) == [("The targets included aircraft shelters,", "Jeff Davis")]


def test_quoted_words_parsed_as_the_subject_do_not_hide_the_speaker(nlp):
    # spaCy makes "strikes" the subject of "said"; the subject that speaks is the assistant
    text = ('US forces have conducted "precision strikes" against five militia sites in Iraq and two in Syria, '
            "Assistant to the Secretary of Defense Jonathan Hoffman said in a statement.")
    assert pairs(run(nlp, text)) == [("precision strikes", "Jonathan Hoffman")]


def test_according_to_comes_before_a_verb_that_does_not_govern_the_quote(nlp):
    text = ("According to CNBC, General Qassem Soleimani, who was referred to as the \u201cspy master\u201d, "
            "was confirmed dead by several Iranian and Iraqi news agencies.")
    assert pairs(run(nlp, text)) == [("spy master", "CNBC")]


def test_a_so_called_quote_is_nobodys_even_after_a_reporting_verb(nlp):
    text = "Kirby said the raids hit the so-called \u201caxis of resistance\u201d hard."
    assert pairs(run(nlp, text)) == [("axis of resistance", "")]


def test_a_titles_complement_says_whose_title_it_is(nlp):
    text = ("Supreme Leader Ali Khamenei vowed revenge. The leader of the Nujaba movement said the US would face "
            "\u201cconsequences\u201d.")
    assert pairs(run(nlp, text))[-1] == ("consequences", "leader of the Nujaba movement")  # not Khamenei
    text = ("Rami Haddad, spokesman for the Syrian defence ministry, spoke first. Later the spokesman for the "
            "ministry called the raid \u201ca crime\u201d.")
    assert pairs(run(nlp, text)) == [("a crime", "Rami Haddad")]


def test_a_quote_goes_on_with_the_reported_speech_of_the_sentence_before(nlp):
    text = ("A US defence official told Reuters that one of the targets was a weapons depot. The other was a "
            "\u201ccommand and control\u201d site, which would suggest a headquarters.")
    assert pairs(run(nlp, text)) == [("command and control", "US defence official")]  # "a … officials" typo too
    text = text.replace("A US defence official", "A US defence officials")
    assert pairs(run(nlp, text)) == [("command and control", "US defence official")]
    # not across a paragraph, and not after a report without a reported clause
    text = "A US defence official told Reuters that one target was a depot.\n\nThe other was a \u201cbase\u201d."
    assert pairs(run(nlp, text)) == [("base", "")]
    text = "Iran condemned the strikes. The \u201cmaximum pressure\u201d campaign goes on."
    assert pairs(run(nlp, text)) == [("maximum pressure", "")]


def test_among_several_subjects_a_person_comes_first(nlp):
    text = "Kataib Hezbollah spokesman Jafar al-Husseini said the group would keep up its \u201cresistance\u201d."
    assert pairs(run(nlp, text)) == [("resistance", "Jafar al-Husseini")]


def test_more_reporting_verbs(nlp):
    assert pairs(run(nlp, "\u201cWe hit them hard,\u201d Kirby responded when asked.")) == [
        ("We hit them hard,", "John Kirby")]
    assert pairs(run(nlp, "Iran blamed Israel for the \u201cterrorist\u201d attack.")) == [("terrorist", "Iran")]
    # a verb that reports facts, not words, does not credit a name in quotes
    text = "Austin revealed strikes on facilities of the Iranian \u201cRevolutionary Guard\u201d on Sunday."
    assert pairs(run(nlp, text)) == [("Revolutionary Guard", "")]


def test_a_verb_whose_subject_is_the_quote_does_not_report_it(nlp):
    text = "Defense Secretary Lloyd Austin stated that these \u201cprecision strikes\u201d responded to attacks."
    rows = run(nlp, text)
    assert pairs(rows) == [("precision strikes", "Lloyd Austin")] and rows[0]["cue"] == "stated"


def test_a_capitalised_title_is_a_title(nlp):
    text = "Iran\u2019s Supreme Leader said the killing would bring \u201csevere revenge\u201d."
    assert pairs(run(nlp, text, event_id="2020-01-03")) == [("severe revenge", "Ali Khamenei")]
    assert pairs(run(nlp, text)) == [("severe revenge", "Iran\u2019s Supreme Leader")]  # no date: as printed
    text = "President Joe Biden ordered the raids. The President said they were \u201cnecessary\u201d."
    assert pairs(run(nlp, text)) == [("necessary", "Joe Biden")]


# ------------------------------------------------------------ shapes seen after the first evaluation (issue 10)

def test_a_hyphenated_word_stays_in_a_description(nlp):
    text = "Two officials with Iran-backed militias in Syria said the target was a “logistics hub”."
    assert pairs(run(nlp, text)) == [("logistics hub", "officials with Iran-backed militias in Syria")]


def test_a_nickname_inside_a_name_quotes_nobody(nlp):
    text = "Officials said one of the dead was Karim Hassan “Abu Ali” al-Tamimi, a senior commander."
    assert pairs(run(nlp, text)) == [("Abu Ali", "")]


def test_a_bare_title_is_the_plain_holder_not_one_named_with_a_country(nlp):
    text = ("President Joe Biden ordered the strikes on Friday. Opposition groups blamed Syrian President Bashar "
            "Assad for the attack. “We will not stand by,” the President said.")
    assert pairs(run(nlp, text)) == [("We will not stand by,", "Joe Biden")]


def test_responded_with_strikes_is_an_act_so_the_quote_belongs_to_who_noted_it(nlp):
    text = ("Biden noted that last year the United States responded with 40 missile strikes “that destroyed half "
            "of the air force.”")
    assert pairs(run(nlp, text)) == [("that destroyed half of the air force.", "Joe Biden")]


def test_a_full_stop_typed_for_a_colon_before_the_quote(nlp):
    text = "Speaking at the White House on Friday night, Biden said. “These are the crimes of a tyrant.”"
    assert pairs(run(nlp, text)) == [("These are the crimes of a tyrant.", "Joe Biden")]


def test_he_opening_a_sentence_goes_on_with_a_subject_described_by_role(nlp):
    text = ("The leader of the Al-Nujaba movement had issued a statement urging Prime Minister Mohammed Shia "
            "al-Sudani to act. He warned of an “unprecedented escalation” if the troops stayed.")
    assert pairs(run(nlp, text)) == [("unprecedented escalation", "leader of the Al-Nujaba movement")]


def test_our_correspondent_is_the_reporter_the_article_named(nlp):
    text = ("Al Jazeera’s Omar Khalil, reporting from Baghdad, said the raid was targeted. Our correspondent said "
            "the deaths were a turning point. He said the region had been “on edge” for weeks.")
    assert pairs(run(nlp, text)) == [("on edge", "Omar Khalil")]
