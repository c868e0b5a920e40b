"""Casualty figures and other counted figures (strikebook.extract.casualties): seeds and synthetic sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikebook.extract import casualties, events, figures
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"


def context(nlp, ref, text: str, published: str = "", event_id: str | None = None, aid: str = "x"):
    art = Article(article_id=aid, path=Path(f"{aid}.txt"), text=text, published=published,
                  segments=[Segment("body", 0, len(text))])
    ctx = ArticleContext(article=art, doc=nlp(text), ref=ref)
    ctx.event_id = events.article_event(ctx) if event_id is None else event_id
    return ctx


def rows(nlp, ref, text, **kw):
    ctx = context(nlp, ref, text, **kw)
    out = casualties.extract_casualties(ctx)
    for r in out:  # provenance: the evidence holds the figure's words
        assert r["sentence"] in text and text[r["start"]:r["end"]] in r["sentence"]
    return out


def short(out):
    return [(r["status"], r["min"], r["max"], r["qualifier"], r["who"]) for r in out]


@pytest.fixture(scope="module")
def seed_rows(nlp, ref):
    from strikebook.ingest.corpus import load_corpus

    corpus = load_corpus([SEEDS])
    got = {}
    for a in corpus.articles:
        ctx = ArticleContext(article=a, doc=nlp(a.text), ref=ref)
        ctx.event_id = events.article_event(ctx)
        got[a.article_id[:3]] = (a.text, casualties.extract_casualties(ctx), figures.extract_figures(ctx))
    return got


# ----------------------------------------------------------------------------- seeds

def test_seed_tower22_attack(seed_rows):
    text, cas, _ = seed_rows["001"]
    got = [(r["status"], r["min"], r["max"], r["qualifier"], r["who"], r["source"], r["event_id"]) for r in cas]
    assert got == [
        ("killed", 3, 3, "exact", "US soldiers", "Joe Biden", "2024-01-28"),
        ("wounded", 40, None, "more than", "others", "Joe Biden", "2024-01-28"),
        ("killed", 3, 3, "exact", "US soldiers", "", "2024-01-28"),  # "the three slain US soldiers"
    ]
    assert text[cas[1]["start"]:cas[1]["end"]] == "wounded more than 40 others"
    # "killed and wounded people, but did not give an exact number" → no figure
    assert not any("exact number" in r["sentence"] for r in cas)


def test_seed_sohr_figure_and_the_february_attack(seed_rows):
    text, cas, _ = seed_rows["000"]
    sohr = cas[0]
    assert (sohr["status"], sohr["min"], sohr["max"], sohr["qualifier"], sohr["who"]) == \
        ("killed", 5, None, "at least", "Iraqi militiamen")
    assert (sohr["source"], sohr["event_id"]) == ("Syrian Observatory for Human Rights", "2021-06-27")
    assert text[sohr["start"]:sohr["end"]] == "at least five Iraqi militiamen were killed"
    assert short(cas[1:]) == [("killed", 1, 1, "exact", "civilian contractor"),
                              ("wounded", 1, 1, "exact", "US service member")]  # "other coalition troops": no number
    assert {(r["source"], r["event_id"]) for r in cas[1:]} == {("Pentagon", "2021-02-15")}


def test_seed_erbil_balad_and_translated_article(seed_rows):
    _, cas4, _ = seed_rows["004"]
    assert [(r["status"], r["min"], r["max"], r["qualifier"], r["who"], r["event_id"]) for r in cas4] == [
        ("killed", 1, 1, "exact", "non-American contractor", "2021-02-15"),
        ("wounded", 1, 1, "exact", "US service member", "2021-02-15"),  # "a number of American contractors": none
        ("wounded", 1, None, "at least", "contractor", "2021-02-20"),  # the Balad salvo "days later"
    ]
    _, cas3, _ = seed_rows["003"]
    assert short(cas3) == [("killed", 1, 1, "exact", "contractor"), ("killed", 1, 1, "exact", "U.S.-led contractor"),
                           ("wounded", 8, None, "at least", "others")]
    assert {r["event_id"] for r in cas3} == {"2021-02-15"}
    _, cas2, _ = seed_rows["002"]
    assert short(cas2) == [("killed", 1, 1, "exact", "civilian contractor"),
                           ("wounded", 1, 1, "exact", "member of the US military")]


def test_seed_figures(seed_rows):
    _, _, fig1 = seed_rows["001"]
    assert [(r["kind"], r["value"], r["unit"], r["qualifier"]) for r in fig1] == [
        ("targets", 85, "targets", "exact"), ("facilities", 7, "facilities", "exact"),
        ("munitions", 125, "precision munitions", "more than"), ("troops", 2500, "troops", "about")]
    _, _, fig0 = seed_rows["000"]
    assert [(r["kind"], r["value"], r["unit"]) for r in fig0] == [("sites", 2, "locations")]
    for text, _cas, figs in seed_rows.values():
        for r in figs:
            assert str(r["value"]).replace("2500", "2,500") in text[r["start"]:r["end"]] or r["value"] <= 20


# ----------------------------------------------------------------------------- synthetic rules

@pytest.mark.parametrize("sentence, expected", [
    ("The strike killed three fighters.", ("killed", 3, 3, "exact", "fighters")),
    ("At least five militiamen were killed.", ("killed", 5, None, "at least", "militiamen")),
    ("The attack wounded more than 40 soldiers.", ("wounded", 40, None, "more than", "soldiers")),
    ("Up to 7 civilians were injured.", ("wounded", None, 7, "up to", "civilians")),
    ("Between 5 and 7 people were killed.", ("killed", 5, 7, "between", "people")),
    ("About 20 fighters died.", ("killed", 20, 20, "about", "fighters")),
    ("Nearly 30 guards were hurt.", ("wounded", 30, 30, "about", "guards")),
    ("The raid killed 2,500 people.", ("killed", 2500, 2500, "exact", "people")),
    ("The blast killed twenty-one workers.", ("killed", 21, 21, "exact", "workers")),
    ("The rocket killed a contractor.", ("killed", 1, 1, "exact", "contractor")),
    ("Dozens of fighters were killed.", ("killed", 24, None, "at least", "fighters")),
    ("The bombing left two slain guards.", ("killed", 2, 2, "exact", "guards")),
    ("The strikes killed 17.", ("killed", 17, 17, "exact", "")),
    ("The attack left 17 dead.", ("killed", 17, 17, "exact", "")),
    ("Killing three, the drone hit a base.", ("killed", 3, 3, "exact", "")),
    ("Two US soldiers died of their wounds.", ("killed", 2, 2, "exact", "US soldiers")),
    ("The death toll rose to 22.", ("killed", 22, 22, "exact", "")),
    # injuries diagnosed or treated are wounded figures (the Pentagon counted Ain al-Asad's brain injuries so)
    ("Some 34 service members were treated for traumatic brain injuries.",
     ("wounded", 34, 34, "about", "service members")),
    ("More than 100 US troops were later diagnosed with traumatic brain injuries.",
     ("wounded", 100, None, "more than", "US troops")),
    ("Two guards suffered shrapnel wounds.", ("wounded", 2, 2, "exact", "guards")),
    # elliptical second participle, "among the dead", ranges of a toll, "N of their …"
    ("Four of its commanders were among the dead.", ("killed", 4, 4, "exact", "its commanders")),
    ("Local sources put the toll at between 17 and 22.", ("killed", 17, 22, "between", "")),
    ("US jets struck five sites, killing 25 of its fighters.", ("killed", 25, 25, "exact", "its fighters")),
])
def test_numbers_qualifiers_and_victims(nlp, ref, sentence, expected):
    assert short(rows(nlp, ref, sentence, event_id="")) == [expected]


@pytest.mark.parametrize("sentence", [
    "Syrian state television reported that the strikes killed and wounded people, but did not give a number.",
    "The rockets injured several others.",
    "The attack wounded a number of contractors.",
    "The US hit 85 targets with more than 125 precision munitions.",
    "There are about 2,500 US troops in Iraq.",
    "The group vowed to avenge the deaths of its leaders.",
    "Many soldiers were wounded.",
    "No Americans were hurt.",
    "The wounded were treated for injuries at a hospital in Baghdad.",
])
def test_no_casualty_figure(nlp, ref, sentence):
    assert rows(nlp, ref, sentence, event_id="") == []


def test_conjoined_victims_are_separate_rows(nlp, ref):
    out = rows(nlp, ref, "The attack killed one civilian contractor and wounded a US service member and "
                         "other coalition troops.", event_id="")
    assert short(out) == [("killed", 1, 1, "exact", "civilian contractor"),
                          ("wounded", 1, 1, "exact", "US service member")]


@pytest.mark.parametrize("sentence, source", [
    ("At least five militiamen were killed, according to the Syrian Observatory for Human Rights.",
     "Syrian Observatory for Human Rights"),
    ("Syrian state television reported that the strikes killed 17 people.", "Syrian state television"),
    ("The Pentagon said the attack killed one contractor.", "Pentagon"),
    ("The attack killed one contractor.", ""),
    ("The strikes killed 17 and wounded 5, the ministry said.", "ministry"),
    ("Eight contractors were injured, according to a coalition spokesman.", "coalition spokesman"),
    ("The strikes killed at least 23 fighters, Rami Abdulrahman told AFP.", "Rami Abdulrahman"),
])
def test_sources(nlp, ref, sentence, source):
    out = rows(nlp, ref, sentence, event_id="")
    assert out and {r["source"] for r in out} == {source}


def test_elliptical_victims_follow_the_first(nlp, ref):
    out = rows(nlp, ref, "Three soldiers were killed and 34 wounded. A US soldier was killed and two were wounded.",
               event_id="")
    assert short(out) == [("killed", 3, 3, "exact", "soldiers"), ("wounded", 34, 34, "exact", ""),
                          ("killed", 1, 1, "exact", "US soldier"), ("wounded", 2, 2, "exact", "")]


def test_events_of_casualties(nlp, ref):
    text = ("US jets struck militia facilities near Albu Kamal in eastern Syria on Thursday, in response to the "
            "rocket attack on Erbil. The strikes killed 17 fighters, a monitor said. "
            "The Feb. 15 attack on Erbil killed one contractor.")
    ctx = context(nlp, ref, text, published="2021-02-26")
    assert ctx.event_id == "2021-02-25"
    out = casualties.extract_casualties(ctx)
    assert [(r["who"], r["event_id"]) for r in out] == [("fighters", "2021-02-25"), ("contractor", "2021-02-15")]


def test_figures_synthetic(nlp, ref):
    ctx = context(nlp, ref, "The strikes hit seven facilities and two locations with up to 30 bombs, "
                            "and killed 4 soldiers.", event_id="")
    got = [(r["kind"], r["value"], r["unit"], r["qualifier"]) for r in figures.extract_figures(ctx)]
    assert got == [("facilities", 7, "facilities", "exact"), ("sites", 2, "locations", "exact"),
                   ("munitions", 30, "bombs", "up to")]


def test_read_quantity():
    assert casualties.read_quantity("at least five Iraqi militiamen") == (5, None, "at least", 13)
    assert casualties.read_quantity("a US service member")[:3] == (1, 1, "exact")
    assert casualties.read_quantity("several others") is None
    assert casualties.read_quantity("a number of contractors") is None
    assert casualties.parse_number("2,500") == 2500 and casualties.parse_number("forty") == 40


# ----------------------------------------------------------------------------- styles of other outlets

def test_elliptical_second_participle_is_its_own_row(nlp, ref):
    out = rows(nlp, ref, "Iraqi security and militia officials said at least 25 fighters were killed and 55 others "
                         "wounded in the strikes.", event_id="")
    assert [(r["status"], r["min"], r["max"], r["qualifier"], r["who"], r["source"]) for r in out] == [
        ("killed", 25, None, "at least", "fighters", "Iraqi security and militia officials"),
        ("wounded", 55, 55, "exact", "others", "Iraqi security and militia officials"),
    ]


@pytest.mark.parametrize("sentence, source", [
    # the parser leaves the reporting verb without a subject: the noun right before it is the source
    ("In Syria, the Syrian Observatory for Human Rights reported that at least 23 pro-Iran fighters were killed "
     "near Al-Mayadin.", "Syrian Observatory for Human Rights"),
    ("Most of the dead belonged to Kataib Hezbollah, the UK-based monitor said, adding that about a dozen other "
     "fighters were wounded.", "UK-based monitor"),
    # "of" phrases stay in a source ("an official of an Iraqi armed group", not "official")
    ("An official of an Iraqi armed group told the Reuters news agency that one fighter had been killed.",
     "official of an Iraqi armed group"),
    # "X said in a statement that …"
    ("Kataib Hezbollah said in a statement that four of its commanders were among the dead.", "Kataib Hezbollah"),
    ("Local sources in Deir Az Zor put the toll at between 17 and 22.", "Local sources"),
    # a headline credits its source after a colon
    ("US air raids in eastern Syria kill ‘at least 22’ Iran-backed fighters: Monitor", "Monitor"),
])
def test_sources_in_other_house_styles(nlp, ref, sentence, source):
    out = rows(nlp, ref, sentence, event_id="")
    assert len(out) == 1 and out[0]["source"] == source


def test_headline_quantity_in_quotation_marks(nlp, ref):
    out = rows(nlp, ref, "US air raids in eastern Syria kill ‘at least 22’ Iran-backed fighters: Monitor", event_id="")
    assert short(out) == [("killed", 22, None, "at least", "Iran-backed fighters")]


def test_conjoined_victims_of_an_attack_share_its_event(nlp, ref):
    text = ("More than 30 rockets slammed into the K-1 military base near Kirkuk on Friday, killing a U.S. civilian "
            "contractor and wounding four American service members and two members of the Iraqi security forces.")
    out = rows(nlp, ref, text, published="2019-12-29", event_id="2019-12-29")
    assert [(r["status"], r["min"], r["event_id"]) for r in out] == [
        ("killed", 1, "2019-12-27"), ("wounded", 4, "2019-12-27"), ("wounded", 2, "2019-12-27")]


def test_background_month_without_a_known_event_gets_no_event(nlp, ref):
    text = ("US air raids near Abu Kamal killed at least 22 fighters on Thursday. Dozens of fighters were killed in "
            "raids on Deir Az Zor province last month, the monitor said.")
    out = rows(nlp, ref, text, published="2021-02-26", event_id="2021-02-25")
    assert [(r["min"], r["event_id"], r["source"]) for r in out] == [(22, "2021-02-25", ""), (24, "", "monitor")]


def test_undated_sentence_continues_the_dated_one_before(nlp, ref):
    text = ("After the killing of Qasem Soleimani, Iran fired ballistic missiles at Ain al-Asad air base on January 8, "
            "2020. No one was killed, but more than 100 US service members were later diagnosed with traumatic brain "
            "injuries.")
    out = rows(nlp, ref, text, published="2024-02-05", event_id="2024-02-02")
    assert [(r["status"], r["min"], r["qualifier"], r["event_id"]) for r in out] == [
        ("wounded", 100, "more than", "2020-01-08")]


@pytest.mark.parametrize("sentence, expected", [
    ("The raids killed between 17 and 22 fighters, the SOHR said.",
     [("killed", 17, 22, "between", "fighters", "SOHR")]),
    ("The strikes left at least 18 militiamen dead and dozens wounded.",
     [("killed", 18, None, "at least", "militiamen", ""), ("wounded", 24, None, "at least", "", "")]),
    ("A total of 29 fighters were killed, the monitor said on Saturday.",
     [("killed", 29, 29, "exact", "fighters", "monitor")]),
    ("The death toll from the strikes rose to 40, a war monitor said.",
     [("killed", 40, 40, "exact", "", "war monitor")]),
    ("Eleven U.S. troops were treated for concussion symptoms.",
     [("wounded", 11, 11, "exact", "U.S. troops", "")]),
    ("The strikes caused 17 deaths, the monitor said.", [("killed", 17, 17, "exact", "", "monitor")]),
    ("The attack caused 12 injuries.", [("wounded", 12, 12, "exact", "", "")]),
    ("Biden said three US troops were killed and dozens wounded.",
     [("killed", 3, 3, "exact", "US troops", "Biden"), ("wounded", 24, None, "at least", "", "Biden")]),
])
def test_wire_and_monitor_phrasings(nlp, ref, sentence, expected):
    out = rows(nlp, ref, sentence, event_id="")
    assert [(r["status"], r["min"], r["max"], r["qualifier"], r["who"], r["source"]) for r in out] == expected


def test_a_strike_outside_the_reference_keeps_the_articles_own_event(nlp, ref):
    """The sentence's day is the article's own (clustered) strike: its figures belong to it, not to the
    reference event sharing the most words (the Soleimani drone strike in Baghdad)."""
    text = ("Iraq's government condemned a US drone strike in the Mashtal district of Baghdad late on Wednesday that "
            "killed three people, including a Kataib Hezbollah commander.")
    out = rows(nlp, ref, text, published="2024-02-08", event_id="2024-02-07")
    assert [(r["min"], r["event_id"]) for r in out] == [(3, "2024-02-07"), (1, "2024-02-07")]
