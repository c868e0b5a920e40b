"""Direct quotes and their speakers (issue 3, item 4): every rule on a short synthetic text, both ways,
and the five seed articles with specific expected quotes and speakers.

Synthetic texts name real people only where the reference data (data/reference/people.csv) is what is
being tested; the rules themselves are also tested with names the reference does not know.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from strikebook.extract import quotes
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment
from strikebook.reference import tables as reference

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"


def make_ctx(nlp, text: str, segments: list[Segment] | None = None, article_id: str = "t") -> ArticleContext:
    article = Article(article_id=article_id, path=Path(f"{article_id}.txt"), text=text,
                      segments=segments or [Segment("body", 0, len(text))])
    return ArticleContext(article=article, doc=nlp(text), ref=reference.load_reference())


def run(nlp, text: str, **kw) -> list[dict]:
    rows = quotes.extract_quotes(make_ctx(nlp, text, **kw))
    for r in rows:  # provenance: the evidence is where the row says
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["text"] in text and r["sentence"] in text
    return rows


def pairs(rows) -> list[tuple[str, str]]:
    return [(r["text"], r["speaker"]) for r in rows]


# ------------------------------------------------------------------------------------ marks (no NLP)

def test_find_quotes_straight_curly_and_single_marks():
    text = 'He said "one" and “two” and ‘three’ and \'four\'.'
    assert [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)] == ["one", "two", "three", "four"]


def test_apostrophes_are_not_quote_marks():
    text = "Iran’s foreign ministry met the militias’ leaders at Kata'ib Hezbollah’s base; we're told it's 5' high."
    assert quotes.find_quotes(text) == []


def test_inch_marks_and_empty_marks_are_not_quotes():
    assert quotes.find_quotes('a 12" pipe and a "" pair') == []


def test_mismatched_marks_pair_up():
    text = 'He called it “defensive" and "proportionate” in one breath.'
    assert [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)] == ["defensive", "proportionate"]


def test_unbalanced_mark_stops_at_the_paragraph_end():
    text = 'He said the strikes were “defensive and proportionate.\n\nLater the weather was "fine" again.'
    found = [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)]
    assert found == ["defensive and proportionate.", "fine"]
    assert quotes.find_quotes(text)[0]["close_mark"] is None


def test_unbalanced_mark_stops_at_the_end_of_the_article_words():
    text = 'Title with an “open mark\nBody text continues here and "closes" later.'
    spans = [(0, 24), (25, len(text))]
    found = [text[q["start"]:q["end"]] for q in quotes.find_quotes(text, spans)]
    assert found == ["open mark", "closes"]


def test_quote_opening_at_line_end_continues_on_next_line():
    text = 'Kirby said: “\nWe acted in self-defence.”'
    assert [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)] == ["\nWe acted in self-defence."]


def test_wrapped_line_continues_but_a_finished_line_does_not():
    wrapped = 'He said it was “a response to\nattacks on US forces”.'
    assert [wrapped[q["start"]:q["end"]] for q in quotes.find_quotes(wrapped)] == [
        "a response to\nattacks on US forces"]
    finished = 'He said it was “a response.\nAnother paragraph starts here.'
    assert [finished[q["start"]:q["end"]] for q in quotes.find_quotes(finished)] == ["a response."]


def test_nested_quote_is_part_of_the_outer_one():
    text = 'Kirby said: “They told us ‘no’ at first.”'
    assert [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)] == ["They told us ‘no’ at first."]


# --------------------------------------------------------------------------------- speakers (spaCy)

def test_straight_quote_after_attribution(nlp):
    rows = run(nlp, '"We will respond at a time of our choosing," Kirby said.')
    assert pairs(rows) == [("We will respond at a time of our choosing,", "John Kirby")]
    assert rows[0]["cue"] == "said"


def test_inverted_attribution_with_title(nlp):
    rows = run(nlp, "“We acted in self-defence,” said Pentagon spokesman John Kirby.")
    assert pairs(rows) == [("We acted in self-defence,", "John Kirby")]
    assert rows[0]["speaker_role"] == "Pentagon spokesman"


def test_title_in_apposition_before_the_name(nlp):
    rows = run(nlp, "The Pentagon press secretary, John Kirby, said the strikes were “proportionate”.")
    assert pairs(rows) == [("proportionate", "John Kirby")]
    assert rows[0]["speaker_role"] == "Pentagon press secretary"


def test_title_in_apposition_after_an_unknown_name(nlp):
    rows = run(nlp, "Rami Haddad, spokesman for the Syrian defence ministry, said the raid was “a crime”.")
    assert pairs(rows) == [("a crime", "Rami Haddad")]
    assert rows[0]["speaker_role"] == "spokesman for the Syrian defence ministry"


def test_honorific_resolves_to_the_full_name_in_the_article(nlp):
    text = "Defence Secretary Lloyd Austin visited Iraq. Mr Austin said the US would “respond”."
    rows = run(nlp, text)
    assert pairs(rows) == [("respond", "Lloyd Austin")]
    assert rows[0]["speaker_role"] == "Defence Secretary"  # the article's title for him, given earlier


def test_honorific_alone_resolves_through_the_reference(nlp):
    assert pairs(run(nlp, "Mr Khatibzadeh said the strikes were “illegal”.")) == [("illegal", "Saeed Khatibzadeh")]


def test_pronoun_resolves_to_the_previous_attribution_subject(nlp):
    text = ("Saeed Khatibzadeh said the Biden administration was heading in the wrong direction. "
            "He added that Washington was “isolated”.")
    rows = run(nlp, text)
    assert pairs(rows) == [("isolated", "Saeed Khatibzadeh")]  # not Biden, named later but not a subject
    assert rows[0]["cue"] == "added"


def test_pronoun_after_an_according_to_source(nlp):
    text = ("The strikes hit seven sites, according to the National Security Council spokesman John Kirby.\n\n"
            "He said the targets were chosen on “clear evidence”.")
    rows = run(nlp, text)
    assert pairs(rows) == [("clear evidence", "John Kirby")]
    assert rows[0]["speaker_role"] == "National Security Council spokesman"


def test_pronoun_with_nobody_named_stays_empty(nlp):
    assert pairs(run(nlp, "He said the strikes were “necessary”.")) == [("necessary", "")]


def test_split_quote_gives_two_rows_with_one_speaker(nlp):
    text = 'Lloyd Austin spoke to reporters. "We acted," he said, "and we will act again."'
    assert pairs(run(nlp, text)) == [("We acted,", "Lloyd Austin"), ("and we will act again.", "Lloyd Austin")]


def test_quote_continuing_after_its_attribution_sentence(nlp):
    text = '"We said we would respond," Mr Kirby said. "We wanted the right targets."\n\nOther news.'
    assert pairs(run(nlp, text)) == [("We said we would respond,", "John Kirby"),
                                     ("We wanted the right targets.", "John Kirby")]


def test_quote_in_its_own_paragraph_after_said_colon(nlp):
    text = 'The Pentagon briefed reporters.\n\nOn Sunday, Kirby said:\n"We acted in self-defence. It was limited."'
    rows = run(nlp, text)
    assert pairs(rows) == [("We acted in self-defence. It was limited.", "John Kirby")]
    assert rows[0]["cue"] == "said:"


def test_multi_paragraph_quote_keeps_its_speaker(nlp):
    text = "Kirby said: “The first paragraph ends open.\n\n“The second one closes.”"
    assert pairs(run(nlp, text)) == [("The first paragraph ends open.", "John Kirby"),
                                     ("The second one closes.", "John Kirby")]


def test_short_phrase_described_as(nlp):
    rows = run(nlp, "Kirby described the airstrikes as “defensive”.")
    assert pairs(rows) == [("defensive", "John Kirby")]
    assert rows[0]["cue"] == "described \u2026 as"


def test_saying_takes_the_subject_of_the_main_verb(nlp):
    text = 'Kirby described the strikes as "defensive", saying they answered "attacks on US forces".'
    rows = run(nlp, text)
    assert pairs(rows) == [("defensive", "John Kirby"), ("attacks on US forces", "John Kirby")]
    assert [r["cue"] for r in rows] == ["described \u2026 as", "saying"]


def test_country_as_speaker(nlp):
    rows = run(nlp, "Iran condemned the strikes as a “flagrant violation of sovereignty”.")
    assert pairs(rows) == [("flagrant violation of sovereignty", "Iran")]
    assert rows[0]["cue"] == "condemned \u2026 as"


def test_organisation_as_speaker(nlp):
    rows = run(nlp, "The Pentagon said the strikes were “necessary and proportionate”.")
    assert pairs(rows) == [("necessary and proportionate", "US Department of Defense")]


def test_headline_with_single_marks_and_inverted_says(nlp):
    rows = run(nlp, "Strikes were 'defensive', says Pentagon")
    assert pairs(rows) == [("defensive", "US Department of Defense")]


def test_it_resolves_to_the_last_organisation_that_spoke(nlp):
    text = "Syrian state television reported casualties. It said the strikes were “a flagrant aggression”."
    assert pairs(run(nlp, text)) == [("a flagrant aggression", "Syrian state television")]


def test_she_resolves_to_the_previous_subject(nlp):
    text = "Jen Psaki spoke to reporters on Monday. She said Iran was “responsible”."
    assert pairs(run(nlp, text)) == [("responsible", "Jen Psaki")]


def test_pronoun_skips_a_person_the_article_shows_is_of_the_other_gender(nlp):
    text = ("White House spokeswoman Jen Psaki spoke first. Mr Austin said the strikes were over. "
            "She said Iran was “responsible”. He added that the US was “ready”.")
    assert pairs(run(nlp, text)) == [("responsible", "Jen Psaki"), ("ready", "Lloyd Austin")]


def test_unnamed_officials_keep_their_description_as_role(nlp):
    rows = run(nlp, "A senior administration official told reporters the response would be “tiered”.")
    # realworld annotation guidelines: an unnamed source is credited by its description (speaker too)
    assert pairs(rows) == [("tiered", "senior administration official")]
    assert rows[0]["speaker_role"] == "senior administration official"
    assert rows[0]["cue"] == "told reporters"


def test_each_quote_gets_its_own_sentences_speaker(nlp):
    text = "Kirby said the strikes were “defensive”. Meanwhile, Iran called the move “reckless”."
    assert pairs(run(nlp, text)) == [("defensive", "John Kirby"), ("reckless", "Iran")]


def test_told_reporters_cue(nlp):
    rows = run(nlp, "“We recommend restraint,” Khatibzadeh told reporters on Monday.")
    assert pairs(rows) == [("We recommend restraint,", "Saeed Khatibzadeh")]
    assert rows[0]["cue"] == "told reporters"


def test_according_to(nlp):
    rows = run(nlp, "The strikes were “proportionate”, according to Pentagon spokesman John Kirby.")
    assert pairs(rows) == [("proportionate", "John Kirby")]
    assert rows[0]["cue"] == "according to"


def test_scare_quote_without_speaker_is_kept_empty(nlp):
    rows = run(nlp, "The so-called “axis of resistance” has grown in recent years.")
    assert pairs(rows) == [("axis of resistance", "")]
    assert rows[0]["cue"] == ""


def test_negated_verb_credits_nobody(nlp):
    text = "The US has not blamed any Iranian “proxies” for the attack, but it pointed at Iran."
    assert pairs(run(nlp, text)) == [("proxies", "")]


def test_speech_verbs_inside_a_quote_do_not_attribute_it(nlp):
    rows = run(nlp, "The statement read: “We said we would respond.”")
    assert rows[0]["speaker"] == ""


def test_quotes_outside_the_articles_own_words_are_ignored(nlp):
    text = 'Kirby said the strikes were "defensive".\nComment: I say "rubbish".'
    cut = text.index("Comment")
    rows = run(nlp, text, segments=[Segment("body", 0, cut), Segment("comment", cut, len(text))])
    assert pairs(rows) == [("defensive", "John Kirby")]


def test_article_without_quotes_gives_no_rows(nlp):
    assert run(nlp, "The US struck two sites in Syria on Sunday.") == []
    assert run(nlp, "") == []


# ------------------------------------------------------------- house styles of other outlets (unseen)

def test_plural_possessive_inside_single_marks_does_not_close_the_quote():
    for text in ("He said 'the strikes hit the militias' bases' on Sunday.",
                 "He said \u2018the strikes hit the militias\u2019 bases\u2019 on Sunday."):
        assert [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)] == [
            text[9:text.index(" on Sunday") - 1]]
    # …but an s' followed by a new opening mark closes: two quotes
    text = "He called the 'strikes' and the 'raids' unlawful."
    assert [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)] == ["strikes", "raids"]


def test_guillemets_with_and_without_french_spacing():
    text = "Il a parl\u00e9 de \u00ab frappes \u00bb, puis de \u00abd\u00e9fense\u00bb."
    assert [text[q["start"]:q["end"]] for q in quotes.find_quotes(text)] == ["frappes", "d\u00e9fense"]


def test_guillemet_quote_gets_its_speaker(nlp):
    rows = run(nlp, "Kirby called the strikes \u00ab defensive \u00bb, adding they were \u00abproportionate\u00bb.")
    assert pairs(rows) == [("defensive", "John Kirby"), ("proportionate", "John Kirby")]


def test_split_quote_with_a_long_attribution_keeps_its_speaker(nlp):
    text = ("\u201cThe strikes were successful,\u201d Defense Secretary Mark Esper told reporters in Palm Beach, "
            "Florida, where he and Secretary of State Mike Pompeo had briefed President Donald Trump. "
            "\u201cWe will take additional action as necessary.\u201d")
    assert pairs(run(nlp, text)) == [("The strikes were successful,", "Mark Esper"),
                                     ("We will take additional action as necessary.", "Mark Esper")]


def test_a_far_scare_quote_in_the_same_paragraph_is_not_a_continuation(nlp):
    text = ("\u201cThe strikes were successful,\u201d Defense Secretary Mark Esper told reporters in Palm Beach, "
            "Florida, where he and Secretary of State Mike Pompeo had briefed President Donald Trump. The "
            "so-called \u201caxis of resistance\u201d was discussed.")
    assert pairs(run(nlp, text)) == [("The strikes were successful,", "Mark Esper"), ("axis of resistance", "")]


def test_headline_source_after_a_colon_is_the_organisation_the_body_names(nlp):
    text = ("US raids kill \u2018at least 22\u2019 fighters: Monitor\n\n"
            "The Syrian Observatory for Human Rights said the raids hit three trucks.")
    cut = text.index("\n")
    rows = run(nlp, text, segments=[Segment("title", 0, cut), Segment("body", cut + 2, len(text))])
    assert pairs(rows) == [("at least 22", "Syrian Observatory for Human Rights")]
    assert rows[0]["cue"] == ":"


def test_headline_source_before_a_colon(nlp):
    text = "Khamenei: \u2018Severe revenge awaits\u2019\n\nIran's leader spoke on Friday."
    assert pairs(run(nlp, text)) == [("Severe revenge awaits", "Ali Khamenei")]
    text = "PENTAGON: STRIKES 'NECESSARY AND PROPORTIONATE'\n\nText follows."
    assert pairs(run(nlp, text)) == [("NECESSARY AND PROPORTIONATE", "US Department of Defense")]


def test_a_section_label_or_a_sentence_with_a_colon_names_nobody(nlp):
    assert pairs(run(nlp, "Analysis: why the \u2018axis\u2019 matters\n\nText.")) == [("axis", "")]
    text = "Officials met in the \u2018green room\u2019 at noon: Monitor.\n\nThe Syrian Observatory said so."
    assert pairs(run(nlp, text)) == [("green room", "")]  # prose ending in a full stop is no headline


def test_pronoun_in_a_subordinate_clause_is_the_subject_above_it(nlp):
    text = ("The Pentagon said the raids destroyed several facilities.\n\n"
            "Syria\u2019s foreign ministry condemned what it called a \u201ccowardly\u201d attack.")
    assert pairs(run(nlp, text)) == [("cowardly", "Syria\u2019s foreign ministry")]


def test_it_is_not_a_person_above_it(nlp):
    text = "The Pentagon spoke first. Kirby condemned what it called a \u201ccowardly\u201d attack."
    assert pairs(run(nlp, text)) == [("cowardly", "US Department of Defense")]  # 'it' is not Kirby


def test_an_institution_of_a_named_party_speaks_as_printed(nlp):
    rows = run(nlp, 'Syrian state media said "a number of civilians and soldiers" were killed.')
    assert pairs(rows) == [("a number of civilians and soldiers", "Syrian state media")]
    # an undescribed "ministry" nobody named before is only a role
    rows = run(nlp, "The ministry, which has long opposed the US presence, called the strikes \u201cillegal\u201d.")
    assert pairs(rows) == [("illegal", "ministry")] and rows[0]["speaker_role"] == "ministry"


def test_described_speaker_is_the_organisation_named_before(nlp):
    text = "Iran\u2019s foreign ministry issued a statement. The ministry called the strikes \u201cillegal\u201d."
    assert pairs(run(nlp, text)) == [("illegal", "Iranian Ministry of Foreign Affairs")]
    text = "Kataib Hezbollah denied involvement. The group said the US would face \u201cconsequences\u201d."
    assert pairs(run(nlp, text)) == [("consequences", "Kata'ib Hezbollah")]
    text = ("The Syrian Observatory for Human Rights counted the dead. "
            "The Britain-based monitor said \u201cat least 22\u201d died.")
    assert pairs(run(nlp, text)) == [("at least 22", "Syrian Observatory for Human Rights")]


def test_description_that_fits_nobody_named_before_stays_a_role(nlp):
    rows = run(nlp, "The Pentagon spoke. The monitor said \u201cat least 22\u201d died.")
    assert pairs(rows) == [("at least 22", "monitor")] and rows[0]["speaker_role"] == "monitor"
    # "the government" is a government named before, not any ministry or department
    text = "The Pentagon said the raids were over. The government said it was \u201cnot informed\u201d."
    assert pairs(run(nlp, text)) == [("not informed", "government")]
    text = "The Iraqi government spoke. " + text
    assert pairs(run(nlp, text)) == [("not informed", "Government of Iraq")]


def test_the_spokesman_is_the_spokesman_named_before(nlp):
    text = "Kirby spoke and Kanaani replied. \u201cWashington must answer,\u201d the spokesman said."
    assert pairs(run(nlp, text)) == [("Washington must answer,", "Nasser Kanaani")]  # his reference role
    text = "Rami Haddad, the mayor, spoke. \u201cIt was bad,\u201d the spokesman said."
    rows = run(nlp, text)
    assert pairs(rows) == [("It was bad,", "spokesman")] and rows[0]["speaker_role"] == "spokesman"  # not the mayor
    text = "Kanaani spoke. \u201cIt was bad,\u201d the official said."
    assert pairs(run(nlp, text)) == [("It was bad,", "official")]  # "the official" is anyone


def test_it_resolves_to_an_unlisted_institution_that_spoke(nlp):
    text = "Syrian state media reported casualties. It said the strikes were \u201ca flagrant aggression\u201d."
    assert pairs(run(nlp, text)) == [("a flagrant aggression", "Syrian state media")]


def test_the_articles_own_pronoun_decides_he_or_she(nlp):
    cued = "Robin Lee said she had seen the damage. Omar Khalil said he arrived. She added it was \u201cbad\u201d."
    assert pairs(run(nlp, cued)) == [("bad", "Robin Lee")]
    assert pairs(run(nlp, cued.replace("She added", "He added"))) == [("bad", "Omar Khalil")]


def test_all_caps_headline_is_attributed_on_a_recased_copy(nlp):
    text = "KIRBY SAYS US STRIKES WERE 'DEFENSIVE'\n\nThe strikes hit two sites."
    rows = run(nlp, text)
    assert pairs(rows) == [("DEFENSIVE", "John Kirby")]
    assert quotes.restore_case("KIRBY SAYS US STRIKES HIT KATAIB HEZBOLLAH", reference.load_reference()) == \
        "Kirby says US strikes hit Kataib Hezbollah"
    text = "'WE WILL RESPOND,' SAYS AUSTIN\n\nThe strikes hit two sites."
    assert pairs(run(nlp, text)) == [("WE WILL RESPOND,", "Lloyd Austin")]
    # a line that cannot be re-cased to the same length (İ) keeps the plain parse and terminates
    assert pairs(run(nlp, "\u0130STANBUL: KIRBY SAYS STRIKES WERE 'DEFENSIVE'\n\nText.")) == [("DEFENSIVE", "John Kirby")]
    # a mixed-case headline is not re-cased
    assert quotes._shouting_lines("Kirby Says Strikes Were 'Defensive'", [(0, 35)]) == []


def test_said_in_a_statement_colon_paragraph(nlp):
    text = "The Pentagon said in a statement:\n\n\u201cThe strikes were defensive. We acted to protect our forces.\u201d"
    rows = run(nlp, text)
    assert pairs(rows) == [("The strikes were defensive. We acted to protect our forces.", "US Department of Defense")]
    assert rows[0]["cue"] == "said in a statement:"


def test_according_to_a_surname_before_the_quote(nlp):
    rows = run(nlp, "According to Kirby, \u201cthe strikes were defensive.\u201d")
    assert pairs(rows) == [("the strikes were defensive.", "John Kirby")]
    assert rows[0]["cue"] == "according to"


def test_quote_inside_parentheses(nlp):
    text = "Rami Haddad spoke briefly (\u201cWe acted in self-defence,\u201d he said) before leaving."
    assert pairs(run(nlp, text)) == [("We acted in self-defence,", "Rami Haddad")]


def test_quote_running_over_three_paragraphs(nlp):
    text = ("Kirby said: \u201cThe first paragraph ends open.\n\n\u201cThe second one goes on.\n\n"
            "\u201cThe third closes.\u201d\n\nOther news follows here.")
    assert pairs(run(nlp, text)) == [("The first paragraph ends open.", "John Kirby"),
                                     ("The second one goes on.", "John Kirby"), ("The third closes.", "John Kirby")]


def test_multi_paragraph_quote_attributed_in_its_last_paragraph(nlp):
    text = '"We acted in self-defence.\n\n"It was limited.\n\n"And we will act again," Kirby said.'
    assert pairs(run(nlp, text)) == [("We acted in self-defence.", "John Kirby"), ("It was limited.", "John Kirby"),
                                     ("And we will act again,", "John Kirby")]


def test_unclosed_quote_followed_by_a_paragraph_of_prose_is_not_continued(nlp):
    text = "The raids were \u201cdefensive.\n\nLater, Kirby said it was \u201cover\u201d."
    assert pairs(run(nlp, text)) == [("defensive.", ""), ("over", "John Kirby")]


def test_comma_introduced_quote_and_told_outlet_colon(nlp):
    assert pairs(run(nlp, "Kirby said, \u201cWe acted in self-defence.\u201d")) == [
        ("We acted in self-defence.", "John Kirby")]
    rows = run(nlp, "Asked whether more strikes would follow, Kirby told CNN: \u201cWe will not telegraph it.\u201d")
    assert pairs(rows) == [("We will not telegraph it.", "John Kirby")] and rows[0]["cue"] == "told CNN"


def test_dash_signature_after_a_long_quote(nlp):
    text = "\u201cWe will not tolerate attacks on our forces.\u201d \u2014 Pentagon spokesman John Kirby"
    rows = run(nlp, text)
    assert pairs(rows) == [("We will not tolerate attacks on our forces.", "John Kirby")]
    assert rows[0]["speaker_role"] == "Pentagon spokesman" and rows[0]["cue"] == "\u2014"
    text = "\u201cWe will not tolerate attacks.\u201d \u2014 Rami Haddad, a local official"
    assert pairs(run(nlp, text)) == [("We will not tolerate attacks.", "Rami Haddad")]
    # a dash that goes on with the sentence is no signature
    text = "The \u201cstrikes\u201d \u2014 the first in months \u2014 hit two sites."
    assert pairs(run(nlp, text)) == [("strikes", "")]


def test_speaker_with_a_relative_clause_before_the_verb(nlp):
    text = ("Kirby, who spoke at the Pentagon on Friday after meeting reporters, said the strikes were "
            "\u201cdefensive\u201d.")
    assert pairs(run(nlp, text)) == [("defensive", "John Kirby")]


# ----------------------------------------------------------------------------------------- seeds

@pytest.fixture(scope="module")
def seed_rows(nlp):
    out = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_bytes().decode("utf-8-sig")
        try:
            from strikebook.ingest.corpus import load_corpus

            article = load_corpus([path]).articles[0]
        except Exception:  # pragma: no cover - corpus loader being rewritten: treat all as body
            article = Article(article_id=path.stem, path=path, text=text, segments=[Segment("body", 0, len(text))])
        ctx = ArticleContext(article=article, doc=nlp(article.text), ref=reference.load_reference())
        out[path.stem[:3]] = (article.text, quotes.extract_quotes(ctx))
    return out


def test_seed_provenance_and_columns(seed_rows):
    from strikebook.schema import COLUMNS

    for text, rows in seed_rows.values():
        for r in rows:
            assert list(r)[: len(COLUMNS["quotes"])] == COLUMNS["quotes"]
            assert text[r["start"]:r["end"]] == r["text"]
            assert r["sentence"] and r["sentence"] in text


def test_seed_counts(seed_rows):
    assert {k: len(rows) for k, (_, rows) in seed_rows.items()} == {
        "000": 3, "001": 7, "002": 7, "003": 1, "004": 6}


def test_seed_000_pentagon_press_secretary_and_said_colon(seed_rows):
    _, rows = seed_rows["000"]
    assert [r["speaker"] for r in rows] == ["John Kirby"] * 3
    assert rows[0]["text"] == "defensive" and rows[0]["cue"] == "described \u2026 as"
    assert rows[1]["text"].startswith("ongoing series of attacks") and rows[1]["text"].endswith("deterrent message.")
    assert rows[2]["text"].startswith("Given the ongoing") and rows[2]["cue"] == "said:"
    assert {r["speaker_role"] for r in rows} == {"Pentagon press secretary"}


def test_seed_001_pronouns_and_country(seed_rows):
    _, rows = seed_rows["001"]
    assert pairs(rows) == [
        ("tiered response", "Joe Biden"),
        ("at times and places of our choosing", "Joe Biden"),
        ("If you harm an American, we will respond.", "Joe Biden"),
        ("clear, irrefutable evidence", "John Kirby"),
        ("clear violation of international law and human rights", "Iran"),
        ("a continuation of the US aggression and occupation in the region", "Saeed Khatibzadeh"),
        ("resistance forces", "Saeed Khatibzadeh"),
    ]
    assert rows[3]["speaker_role"] == "National Security Council spokesman"
    assert rows[5]["speaker_role"] == "Foreign ministry spokesman"


def test_seed_002_told_reporters_and_warning(seed_rows):
    _, rows = seed_rows["002"]
    assert [r["speaker"] for r in rows] == ["John Kirby"] * 3 + ["Saeed Khatibzadeh"] * 4
    assert rows[6]["cue"] == "told reporters"
    assert "[following]" in rows[6]["text"] and rows[6]["text"].endswith("in the region,")
    assert rows[5]["text"] == "one of the victims of such disruptions"


def test_seed_003_scare_quote(seed_rows):
    _, rows = seed_rows["003"]
    assert pairs(rows) == [("proxies", "")]


def test_seed_004_split_quote_and_mr(seed_rows):
    _, rows = seed_rows["004"]
    assert [r["speaker"] for r in rows] == ["John Kirby"] * 2 + ["Lloyd Austin"] * 4
    assert rows[3]["text"].startswith("We're confident")  # straight apostrophe inside straight quotes
    assert rows[4]["text"] == "We said a number of times that we will respond on our timeline,"
    assert rows[5]["text"].startswith("We wanted to be sure")
