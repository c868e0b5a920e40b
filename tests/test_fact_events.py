"""The event a fact's sentence belongs to when the article's strike is not in the reference (fact_events,
strike_time.answered_attack, event_cluster.case_answered_attack). Synthetic articles on made-up strikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikebook.extract import event_cluster, fact_events, strike_time
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment
from strikebook.reference.tables import load_reference

STRIKE = "2022-05-06"  # a Friday; the attack it answered: Wednesday 2022-05-04

TEXT = ("US jets strike militia depots near Qusayr\n\n"
        "US warplanes struck two weapons depots of the Liwa al-Fajr militia near Qusayr early on Friday, "
        "officials said, in response to a rocket attack on Wednesday that killed two US soldiers at the "
        "Green Valley outpost. "
        "Three militia fighters were killed in the strikes, a war monitor said. "
        "The raids on Thursday, as the Pentagon dated them, destroyed both depots and killed a guard. "
        "Two American contractors were also wounded in the rocket attack, officials said. "
        "Militias have carried out a series of attacks on US forces since April 20, injuring 35 US troops. "
        "Ten people were killed in a US drone strike on Baghdad International Airport that killed a general.")


def article(text: str = TEXT, published: str = "2022-05-06", aid: str = "x") -> Article:
    return Article(article_id=aid, path=Path(f"{aid}.txt"), text=text, published=published,
                   segments=[Segment("body", 0, len(text))])


@pytest.fixture(scope="module")
def ctx(ref):
    return ArticleContext(article=article(), doc=None, ref=ref, event_id=STRIKE)


def sentence(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    end = text.index(".", start) + 1
    return start, end


def test_the_attack_the_strike_answered_is_the_one_the_article_dates(ref):
    assert strike_time.answered_attack(article(), STRIKE) == "2022-05-04"
    # an attack series' start and a later day are no answered attack
    only_series = article("US warplanes struck depots on Friday. Militias attacked US forces since May 1.")
    assert strike_time.answered_attack(only_series, STRIKE) == ""
    # an attack on nobody US, not said to be answered, is not the one
    other = article("US warplanes struck depots on Friday. A car bomb killed two shoppers on Wednesday.")
    assert strike_time.answered_attack(other, STRIKE) == ""


@pytest.mark.parametrize("words, hint, event", [
    ("Three militia fighters were killed", "us_strike", STRIKE),
    # the strike dated in US time ("Thursday") is the article's strike
    ("The raids on Thursday", "us_strike", STRIKE),
    # the attack's victims belong to the attack the strike answered, dated by the article
    ("US warplanes struck two weapons depots", "attack_on_us", "2022-05-04"),
    ("Two American contractors were also wounded", "attack_on_us", "2022-05-04"),
    # victims of several attacks belong to none
    ("Militias have carried out a series of attacks", "attack_on_us", ""),
])
def test_facts_of_an_unknown_strike(ctx, words, hint, event):
    assert fact_events.event_for_sentence(ctx, sentence(TEXT, words), hint) == event


def test_a_known_event_takes_a_fact_only_by_strong_words(ref):
    """An unknown strike of 19 Feb 2024 at places the known strike of 2 Feb 2024 also hit: shared place and
    weapon words leave the fact with the article's strike; the known strike's figure takes it."""
    text = ("Two fighters were killed when US jets struck militia rocket and drone storage sites in Al-Qaim. "
            "Eleven fighters had been killed in the US strikes on 85 targets in Iraq and Syria.")
    c = ArticleContext(article=article(text, "2024-02-20"), doc=None, ref=ref, event_id="2024-02-19")
    assert fact_events.event_for_sentence(c, sentence(text, "Two fighters"), "us_strike") == "2024-02-19"
    assert fact_events.event_for_sentence(c, sentence(text, "Eleven fighters"), "us_strike") == "2024-02-02"


def test_a_sentence_telling_only_of_the_strike_is_the_strikes(ctx):
    text = TEXT + " The US missile attack killed four soldiers."
    c = ArticleContext(article=article(text), doc=None, ref=ctx.ref, event_id=STRIKE)
    got = fact_events.event_for_sentence(c, sentence(text, "The US missile attack"), "attack_on_us")
    assert got == STRIKE


def test_a_strike_sentence_naming_what_it_answered_gives_the_victims_to_the_attack(ctx):
    """'US strikes hit militia blamed in contractor's death': the strike is told, but the death is the one
    it answered."""
    for words in ("US strikes hit militia blamed in contractor's death.",
                  "US jets struck the depots in retaliation for the deaths of two US soldiers."):
        text = TEXT + " " + words
        c = ArticleContext(article=article(text), doc=None, ref=ctx.ref, event_id=STRIKE)
        assert fact_events.event_for_sentence(c, sentence(text, words[:12]), "attack_on_us") == "2022-05-04"


def test_a_sentence_dated_to_a_year_without_the_strike_or_a_known_event_gets_none(ctx):
    """'In 2017, … accused of killing over 500 protesters': a year that holds no known event of the kind and
    not the article's strike dates background, not the strike's victims; a year that holds the strike does."""
    for words, event in (("In 2017, the militias were accused of killing over 500 protesters.", ""),
                         ("In 2022, the raids killed 40 militia fighters.", STRIKE)):
        text = TEXT + " " + words
        c = ArticleContext(article=article(text), doc=None, ref=ctx.ref, event_id=STRIKE)
        assert fact_events.event_for_sentence(c, sentence(text, words[:12]), "us_strike") == event


def test_an_undated_copy_takes_the_answered_attack_its_case_dates(tmp_path_factory):
    bare = load_reference(tmp_path_factory.mktemp("noref"))
    wire = article(aid="wire")
    copy_text = ("US warplanes struck two weapons depots of the Liwa al-Fajr militia near Qusayr, in "
                 "response to the rocket attack on the Green Valley outpost that killed two US soldiers.")
    copy = article(copy_text, "", "copy")
    assert event_cluster.case_events([wire, copy], bare) == {"wire": STRIKE, "copy": STRIKE}
    assert strike_time.answered_attack(copy, STRIKE) == ""  # the copy dates no attack
    assert event_cluster.case_answered_attack(copy, STRIKE) == "2022-05-04"  # its case does
    c = ArticleContext(article=copy, doc=None, ref=bare, event_id=STRIKE)
    assert fact_events.event_for_sentence(c, (0, len(copy_text)), "attack_on_us") == "2022-05-04"


def test_an_undated_article_gives_provisional_ids_the_case_resolves(tmp_path_factory):
    """Extracted alone, an undated copy's strike facts carry its provisional event and its attack facts the
    provisional answered attack; once clustered with the wire story both map to days."""
    from strikebook.extract import events

    bare = load_reference(tmp_path_factory.mktemp("noref2"))
    wire = article(aid="wire")
    copy_text = ("US warplanes struck two weapons depots of the Liwa al-Fajr militia near Qusayr, in "
                 "response to the rocket attack on the Green Valley outpost that killed two US soldiers. "
                 "Three militia fighters were killed in the strikes.")
    copy = article(copy_text, "", "copy")
    c = ArticleContext(article=copy, doc=None, ref=bare)
    c.event_id = events.article_event(c)
    assert c.event_id == "pending:copy"
    attack = fact_events.event_for_sentence(c, sentence(copy_text, "US warplanes"), "attack_on_us")
    strike = fact_events.event_for_sentence(c, sentence(copy_text, "Three militia"), "us_strike")
    assert (attack, strike) == ("pending:copy:answered", "pending:copy")
    remap = events.event_remap({"wire": STRIKE, "copy": c.event_id}, [wire, copy], bare)["copy"]
    assert (remap[attack], remap[strike]) == ("2022-05-04", STRIKE)


def test_a_month_dating_the_strikes_and_the_attack_they_answered_still_narrows_attack_facts(ref):
    """'ordered strikes … in February after a rocket attack in Erbil killed a contractor', in an undated
    article on the June 2021 strikes: the month is the strikes' and the attack's; the contractor belongs to
    the known February attack on Erbil, not to no event."""
    text = ("US aircraft struck militia sites near the Iraq-Syria border on Sunday. "
            "Biden first ordered strikes against the militias in February after a rocket attack in the "
            "northern Iraqi city of Erbil killed a civilian contractor.")
    c = ArticleContext(article=article(text, ""), doc=None, ref=ref, event_id="2021-06-27")
    assert fact_events.event_for_sentence(c, sentence(text, "Biden first"), "attack_on_us") == "2021-02-15"


def test_a_name_in_several_words_is_one_identifying_word(ref):
    """'the Popular Mobilization Units' shares two words with the record of the strike of 3 January 2020
    ('Popular Mobilization Forces'), but they are one name: not enough to take the fact of an undated article
    on another strike from it. A name of its own ('Abu Mahdi al-Muhandis') does take it."""
    text = ("US warplanes struck positions of the Popular Mobilization Units and an army division near Karbala, "
            "killing three soldiers. Abu Mahdi al-Muhandis had been killed with Qasem Soleimani.")
    c = ArticleContext(article=article(text, "", "k"), doc=None, ref=ref, event_id="2020-03-13")
    assert fact_events.event_for_sentence(c, sentence(text, "US warplanes"), "us_strike") == "2020-03-13"
    assert fact_events.event_for_sentence(c, sentence(text, "Abu Mahdi"), "us_strike") == "2020-01-03"


def test_one_unit_is_no_identifying_figure(ref):
    """'one UK service member' shares the figure 'one … service member' with the Erbil attack of 2021; in
    an undated article it must not take the victims from the attack the strike answered."""
    text = ("US forces struck militia depots across Iraq in response to the rocket attack on Camp Bravo that "
            "killed two US and one UK service member.")
    c = ArticleContext(article=article(text, "", "u"), doc=None, ref=ref, event_id="pending:u")
    assert fact_events.event_for_sentence(c, (0, len(text)), "attack_on_us") == "pending:u:answered"
