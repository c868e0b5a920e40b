"""Who gives a casualty figure (strikebook.extract.casualty_sources): the party in whose reported speech the
figure stands, named as fully as the article names it. Short synthetic sentences in wire and monitor styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikebook.extract import casualties
from strikebook.extract.pipeline import ArticleContext
from strikebook.records import Article, Segment


def sources(nlp, ref, text: str) -> list[str]:
    art = Article(article_id="x", path=Path("x.txt"), text=text, published="", segments=[Segment("body", 0, len(text))])
    ctx = ArticleContext(article=art, doc=nlp(text), ref=ref)
    ctx.event_id = ""
    return [r["source"] for r in casualties.extract_casualties(ctx)]


@pytest.mark.parametrize("text, expected", [
    # according to X, at the start or the end of the sentence
    ("Eleven guards were killed, according to the Yemeni health ministry.", ["Yemeni health ministry"]),
    ("According to the coastguard, four sailors died.", ["coastguard"]),
    # X said in a statement (before or after the figure), X told AFP, X pointed out that
    ("The navy said in a statement on Monday that six sailors were hurt.", ["navy"]),
    ("Six sailors were hurt, the navy said in a statement.", ["navy"]),
    ("Nine guards were killed, a port official told AFP.", ["port official"]),
    ("The governor pointed out that the blast killed 14 workers.", ["governor"]),
    # a statement stands for who issued it
    ("A statement from the Yemeni coastguard said two sailors were killed.", ["Yemeni coastguard"]),
    # the figure is not what a speaker said: a casualty expression with "claim", a clause of time
    ("The blast claimed the lives of 12 workers, the governor said.", ["governor"]),
    ("The blast claimed the lives of 12 workers.", [""]),
    ("The navy has struck what it called militia targets, two days after a sailor was killed at sea.", [""]),
    # a trailing "X says" after a semicolon reports what follows it, not the figure before
    ("Yemen – Five dead in raid; minister says more raids will follow", [""]),
    # the victims misparsed as the subject of "told": the name in apposition
    ("The raids killed 15 gunmen, Ahmed Saleh, head of the port authority, told AFP.", ["Ahmed Saleh"]),
    # a headline credits its source after a colon or a dash
    ("Four sailors among dead in port blast – Yemen coastguard", ["Yemen coastguard"]),
    ("At least 12 sailors killed in port blast - monitor", ["monitor"]),
    ("Raids kill 9 guards in Aden, Mukalla: sources", ["sources"]),
    ("Nine guards were killed at the port - a record for the month.", [""]),  # a body sentence, not a credit
])
def test_sources_in_the_sentence(nlp, ref, text, expected):
    assert sources(nlp, ref, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a person as fully as the article names them, without rank
    ("Navy spokesman Brigadier General Omar Haddad said nine sailors were hurt.", ["Omar Haddad"]),
    ("Port director Samir Khalil visited the site. Khalil said 14 workers were killed.", ["Samir Khalil"]),
    # pronouns: "it" / "they" stand for the party that reported before, or the subject before them
    ("The Saba report said the sailors died at sea. It said four more people were wounded.", ["Saba"]),
    ("Port officials condemned the raid that they said killed nine workers.", ["Port officials"]),
    # a definite description stands for the fuller name given before
    ("Nine sailors were killed, the Saba news agency reported. Four others were hurt, the agency said.",
     ["Saba news agency", "Saba news agency"]),
    ("The Yemeni navy said the raid killed four. Two of the dead were cooks, the navy statement said.",
     ["Yemeni navy", "Yemeni navy"]),
])
def test_names_resolved_in_the_article(nlp, ref, text, expected):
    assert sources(nlp, ref, text) == expected
