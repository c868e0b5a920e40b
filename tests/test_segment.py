"""Segmentation: on the seed articles and on synthetic variants (other agencies, other labels, look-alikes).

The seeds are read here only as test data; the rules in segment.py know nothing about them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from strikebook.ingest.segment import parse_date, segment_article, stated_date, title_of
from strikebook.present.corpus import HIGHLIGHT_CSS, highlight_html, highlight_legend
from strikebook.records import SEGMENT_KINDS, Article, Segment

SEEDS = Path(__file__).resolve().parents[1] / "data" / "articles"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_bytes().decode("utf-8-sig")


def kinds_of(text: str) -> list[tuple[str, str]]:
    """(kind, stripped text) of every segment."""
    return [(s.kind, text[s.start:s.end].strip()) for s in segment_article(text)]


def kind_of_line(text: str, line: str) -> str:
    """The kind of the segment that holds `line` (which must lie in one segment)."""
    start = text.index(line)
    segs = [s for s in segment_article(text) if s.start <= start < s.end]
    assert len(segs) == 1 and segs[0].end >= start + len(line), f"{line!r} is split across segments"
    return segs[0].kind


def assert_tiles(text: str, segments: list[Segment]) -> None:
    assert "".join(text[s.start:s.end] for s in segments) == text
    pos = 0
    for s in segments:
        assert s.start == pos and s.end > s.start and s.kind in SEGMENT_KINDS
        pos = s.end
    assert pos == len(text)


# --- the seeds -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_segments_tile_the_text_exactly(prefix):
    text = seed(prefix)
    assert_tiles(text, segment_article(text))


def test_seed_000_reader_comments_and_see_line_are_comments_and_photo_credit_is_caption():
    text = seed("000")
    assert kind_of_line(text, "Comment: The SOHR is a shell organization") == "comment"
    assert kind_of_line(text, "Comment: Understandings between Trump and Iranian leadership") == "comment"
    assert kind_of_line(text, "See: Russia denies accusations of carrying out airstrikes in Idlib, Syria") == "comment"
    # alt text and the credit fused with the next sentence: split exactly after "Getty Images"
    first = segment_article(text)[0]
    assert first.kind == "caption"
    assert text[first.start:first.end] == "Jet fighter\n© US Air Force/AFP/Getty Images"
    assert kind_of_line(text, "Airstrikes target operational and weapons storage facilities") == "body"
    assert kind_of_line(text, "The Syrian Observatory for Human Rights, a Britain-based group") == "body"


def test_seed_001_comment_form_is_boilerplate_and_subheadings_stay_body():
    text = seed("001")
    assert kind_of_line(text, "Please enter your comment!") == "boilerplate"
    assert kind_of_line(text, "Please enter your name here") == "boilerplate"
    assert kind_of_line(text, "Biden vows to defend US interests and allies") == "body"
    assert kind_of_line(text, "US seeks to deter Iran and its proxies, but risks escalation") == "body"
    assert title_of(text, segment_article(text)) == "US launches air strikes on Iran-backed militias in Iraq and Syria"
    assert [k for k, _ in kinds_of(text)].count("boilerplate") == 1  # the two form lines: one segment


def test_seed_004_date_header_byline_and_agency_captions_are_set_aside():
    text = seed("004")
    segs = kinds_of(text)
    assert segs[0] == ("date", "date 2021-02-26")
    assert segs[1] == ("title", "US carries out retaliatory airstrikes against Iranian-backed militia facilities in Syria")
    assert segs[2] == ("byline", "Our Foreign Staff\n·4 min read")
    captions = [t for k, t in segs if k == "caption"]
    assert captions == [
        "Pentagon spokesman John Kirby speaks during a media briefing at the Pentagon, in Washington - AP",
        "Secretary of Defence Lloyd Austin said he recommended the action to President Joe Biden - AP",
        "A view of the scene after a rocket attack outside the international airport in Erbil - Getty",
    ]
    # the body line right after a caption (no blank line between) is body again
    assert kind_of_line(text, "US President Joe Biden on Thursday directed") == "body"
    assert kind_of_line(text, "Mr Austin said he recommended the action to the US president.") == "body"
    assert stated_date(text, segment_article(text)) == "2021-02-26"


@pytest.mark.parametrize("prefix", ["002", "003"])
def test_seeds_without_furniture_are_title_then_body(prefix):
    kinds = [k for k, _ in kinds_of(seed(prefix))]
    assert kinds[0] == "title" and set(kinds[1:]) == {"body"}


def test_no_seed_body_holds_comments_forms_or_credits():
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed(prefix)
        body = "".join(text[s.start:s.end] for s in segment_article(text) if s.kind == "body")
        assert "Comment:" not in body and "See:" not in body and "Please enter" not in body
        assert not re.search(r" - (AP|Getty)\s*$", body, re.M) and "min read" not in body


# --- synthetic variants --------------------------------------------------------------------------------------

HEAD = "US strikes militia sites in eastern Syria\n\nThe US struck two sites on Sunday, officials said.\n\n"
TAIL = "\n\nThe Pentagon said the strikes were defensive and proportionate.\n"


def in_article(line: str) -> str:
    text = HEAD + line + TAIL
    return kind_of_line(text, line)


@pytest.mark.parametrize("line", [
    "Smoke rises over the border crossing near Albu Kamal - Reuters",
    "A US fighter jet takes off from a carrier in the Gulf – AFP",
    "Iraqi security forces inspect a damaged vehicle | EPA-EFE",
    "Militia fighters attend a funeral in Baghdad - Getty Images",
    "Mourners carry coffins in Baghdad on Saturday. Photograph: Ahmed Jalil/EPA",
    "The base at Al-Tanf in 2020 (AP Photo/Ali Abdul Hassan)",
    "A satellite image of the site (Photo: Maxar Technologies)",
    "Image caption, Smoke rises after the strike",
    "FILE PHOTO: A US Air Force F-15E flies over Iraq",
    "AFP via Getty Images",
    "Getty Images",
    "Reuters/Jane Doe",
    "© Jane Doe/Reuters",
    "Photo: US Department of Defense",
])
def test_captions_and_credits_of_other_agencies(line):
    assert in_article(line) == "caption"


@pytest.mark.parametrize("line", [
    "He told AP that the strikes were proportionate and limited in scope.",
    "An AP reporter in Baghdad saw the damage to the facility.",
    "Reuters and AFP reported that at least five fighters were killed.",
    "Officials said the photo showed the destroyed depot.",
    "Comment was not immediately available from the Pentagon.",
    "Commenting on the strikes, Kirby said the US would respond at a time of its choosing.",
    "See the full statement below, the ministry said.",
    "Related attacks on US bases have increased since October.",
    "By Sunday, officials said the strike had killed five fighters.",
    "By the end of the day the base was quiet",
    "On February 26, 2021 the Pentagon confirmed the strikes.",
    "Sign up for military service rose in 2023, the ministry said.",
    "Biden vows to defend US interests and allies",  # a subheading: the article's own words
])
def test_body_sentences_that_merely_look_like_furniture_stay_body(line):
    assert in_article(line) == "body"


def test_a_long_paragraph_ending_in_an_agency_name_stays_body():
    line = " ".join(["The strikes hit weapons depots used by the militias near the border."] * 8) + " - AP"
    assert in_article(line) == "body"


@pytest.mark.parametrize("line", [
    "Comment: this is all propaganda",
    "Reader comment: the figures are inflated",
    "Readers' comments: nobody believes this",
    "Read more: Iran vows revenge for strikes",
    "READ MORE: US strikes Iraq",
    "Related: Who are Kataib Hezbollah?",
    "See also: Tower 22 attack timeline",
    "Watch: Footage of the strike",
    "Recommended: How the drone attack unfolded",
])
def test_third_party_insertions_are_comments(line):
    assert in_article(line) == "comment"


def test_a_comments_header_makes_its_paragraph_a_comment():
    text = HEAD + "Reader comments\nJohn from Ohio wrote that the strike was overdue\n" + TAIL
    assert kind_of_line(text, "John from Ohio wrote that the strike was overdue") == "comment"
    assert kind_of_line(text, "The Pentagon said the strikes were defensive") == "body"


@pytest.mark.parametrize("line", [
    "Please enter your comment!",
    "You have entered an incorrect email address!",
    "Leave a Reply",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Sign up",
    "Sign up to our free daily newsletter",
    "Share this article",
    "Facebook | Twitter | WhatsApp | Email",
    "Advertisement",
    "Skip to main content",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "© 2024 Example News Ltd. All rights reserved.",
])
def test_web_furniture_is_boilerplate(line):
    assert in_article(line) == "boilerplate"


@pytest.mark.parametrize("line", [
    "By Jane Doe",
    "By Jane Doe and John Roe in Baghdad",
    "Staff and agencies",
    "Our Middle East Correspondent",
    "Updated 3 hours ago",
    "5 min read",
    "· 12 min read",
    "Reporting by Jane Doe; Editing by John Roe",
    "Reuters",
    "AP and AFP",
])
def test_bylines(line):
    assert in_article(line) == "byline"


@pytest.mark.parametrize("line", [
    "Published: February 26, 2021",
    "Fri 26 Feb 2021 10.05 GMT",
    "June 28, 2021",
    "Updated 2021-06-28T09:00:00Z",
])
def test_date_lines(line):
    assert in_article(line) == "date"


def test_date_header_is_split_from_the_title_on_its_line():
    text = "date 2024-02-03 US hits 85 targets in Iraq and Syria\n\nThe strikes followed a drone attack.\n"
    segs = kinds_of(text)
    assert segs[:2] == [("date", "date 2024-02-03"), ("title", "US hits 85 targets in Iraq and Syria")]
    assert stated_date(text, segment_article(text)) == "2024-02-03"


def test_alt_text_above_a_credit_line_is_caption_and_fused_credit_is_split():
    text = ("Smoke over Albu Kamal\n© Jane Doe/ReutersMilitia leaders vowed revenge on Friday, a spokesman said.\n"
            "\nThe US said it hit three sites.\n")
    segs = segment_article(text)
    assert (segs[0].kind, text[segs[0].start:segs[0].end]) == ("caption", "Smoke over Albu Kamal\n© Jane Doe/Reuters")
    assert kind_of_line(text, "Militia leaders vowed revenge on Friday") == "body"
    assert_tiles(text, segs)


@pytest.mark.parametrize(("line", "credit"), [
    ("Getty ImagesAirstrikes hit three depots on Friday.", "Getty Images"),
    ("Photo: Jane Doe/AFPMilitia leaders vowed revenge.", "Photo: Jane Doe/AFP"),
    ("© AP PhotoThe base was hit twice overnight.", "© AP Photo"),
])
def test_credits_fused_with_a_sentence_are_split(line, credit):
    text = HEAD + line + TAIL
    assert kind_of_line(text, credit) == "caption"
    assert kind_of_line(text, line[len(credit):]) == "body"


def test_a_capitalised_word_inside_a_body_sentence_is_not_a_fusion():
    line = "The US Air ForceBase statement said Reuters had the story."
    assert in_article(line) == "body"


def test_text_without_blank_lines_has_one_segment_per_line():
    """trafilatura's text of an HTML page: one paragraph per line, no blank lines."""
    text = ("US strikes militias in Syria\nBy Jane Doe\nSmoke over the border\n© Reuters\n"
            "The US struck two sites.\nKirby said they were defensive.\nLeave a Reply\n")
    assert kinds_of(text) == [("title", "US strikes militias in Syria"), ("byline", "By Jane Doe"),
                              ("caption", "Smoke over the border"), ("caption", "© Reuters"),
                              ("body", "The US struck two sites."), ("body", "Kirby said they were defensive."),
                              ("boilerplate", "Leave a Reply")]


def test_title_only_when_the_first_line_reads_like_a_headline():
    sentence = "The US struck two sites on Sunday, officials said.\n\nThey said more strikes could follow.\n"
    assert [k for k, _ in kinds_of(sentence)] == ["body", "body"]
    assert title_of(sentence, segment_article(sentence)) == ""
    assert kinds_of("By Jane Doe\nUS strikes Syria\n\nThe US struck.\n")[:2] == [("byline", "By Jane Doe"),
                                                                                  ("title", "US strikes Syria")]


@pytest.mark.parametrize("text", [
    "", "\n\n  \n", "One line without newline", "Title\r\n\r\nBody with CRLF.\r\nMore.\r\n", "\n\nLeading blanks\n\nx",
    "Title\rOld Mac line ends\r", "\ufeffodd BOM kept as text\n", "Caption - AP\nBody.",
])
def test_segments_tile_any_text(text):
    segs = segment_article(text)
    if text:
        assert_tiles(text, segs)
    else:
        assert segs == []


def test_crlf_text_is_segmented_like_lf_text():
    lf = seed("004")
    crlf = lf.replace("\n", "\r\n")
    assert [k for k, _ in kinds_of(crlf)] == [k for k, _ in kinds_of(lf)]


def test_paragraphs_are_separate_body_segments_and_lines_of_one_paragraph_stay_together():
    text = "Headline here now\n\nFirst paragraph line one\nline two.\n\nSecond paragraph.\n"
    assert kinds_of(text) == [("title", "Headline here now"), ("body", "First paragraph line one\nline two."),
                              ("body", "Second paragraph.")]


# --- dates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("WASHINGTON, Feb. 25, 2021 (Reuters) - The United States carried out air strikes.", "2021-02-25"),
    ("27 June 2021 — The US struck facilities on the Iraq-Syria border.", "2021-06-27"),
    ("WASHINGTON, Feb 25 (Reuters) - The United States carried out air strikes.", ""),  # no year: no guess
    ("The strikes on 2 February 2024 hit 85 targets.", ""),  # a date in a sentence is not the article's date
])
def test_stated_date_from_a_dateline(text, expected):
    assert stated_date(text, segment_article(text)) == expected


def test_stated_date_from_a_byline_with_a_date():
    text = "US strikes Syria\nBy Jane Doe, 26 February 2021\n\nThe US struck.\n"
    assert stated_date(text, segment_article(text)) == "2021-02-26"


@pytest.mark.parametrize(("raw", "iso"), [("2021-02-26", "2021-02-26"), ("Feb. 26, 2021", "2021-02-26"),
                                          ("3rd Feb 2024", "2024-02-03"), ("no date", ""), ("2021-02-30", "")])
def test_parse_date(raw, iso):
    assert parse_date(raw) == iso


# --- highlighting --------------------------------------------------------------------------------------------

def test_highlight_escapes_untrusted_text_and_marks_what_was_set_aside():
    text = ('Strike <script>alert("x")</script> & more\n\nThe base was hit & burned <b>.\n\n'
            "Comment: <img src=x onerror=alert(1)>\n")
    art = Article(article_id="a", path=Path("a.txt"), text=text, segments=segment_article(text))
    out = highlight_html(art)
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert '<mark class="seg-title" title="title">Strike &lt;script&gt;' in out
    assert '<mark class="seg-comment" title="comment">Comment: &lt;img src=x onerror=alert(1)&gt;</mark>' in out
    assert "The base was hit &amp; burned &lt;b&gt;." in out  # body: escaped, not marked
    plain = html.unescape(re.sub(r"<[^>]+>", "", out))
    assert plain == text  # nothing lost, nothing added


def test_highlight_marks_seed_captions_and_css_styles_every_set_aside_kind():
    text = seed("004")
    art = Article(article_id="004", path=Path("x"), text=text, segments=segment_article(text))
    out = highlight_html(art, with_css=True)
    assert out.startswith("<style>") and out.count('class="seg-caption"') == 3
    assert '<mark class="seg-byline" title="byline">Our Foreign Staff\n·4 min read</mark>' in out
    legend = highlight_legend()
    for kind in SEGMENT_KINDS:
        if kind != "body":
            assert f"mark.seg-{kind}" in HIGHLIGHT_CSS and f'class="seg-{kind}"' in legend
    assert 'class="seg-body"' not in legend


# --- whole synthetic articles laid out the way common news sites are copied ---------------------------------

WIRE = """U.S. strikes Iran-backed militia facilities in Iraq, Syria
By Jane Doe and John Roe
June 28, 20211:13 AM UTCUpdated 3 years ago

WASHINGTON, June 27 (Wire) - The U.S. military carried out air strikes on Sunday against facilities used by militias.

Advertisement · Scroll to continue

"We will act to protect U.S. personnel," the Pentagon said.

Reporting by Jane Doe; Editing by John Roe
"""

BROADSHEET = """US launches airstrikes on Iran-backed militias in Iraq and Syria
Pentagon says strikes were in response to drone attacks against US personnel
Jane Doe in Washington
Mon 28 Jun 2021 02.13 BST
Share on Facebook
Share via Email

US forces have carried out airstrikes against Iran-backed militia groups in Iraq and Syria on Sunday night, officials said.
The US has launched airstrikes in Syria. Photograph: John Roe/Reuters

Related: Iran-backed militias step up attacks on US forces

Topics
Iraq
Syria
"""

BROADCASTER = """US strikes Iran-backed militias in Iraq and Syria
Published
28 June 2021

Image source, Getty Images
Image caption,
The US says the strikes were "defensive"

The US has carried out air strikes against Iran-backed militias along the Iraq-Syria border.

More on this story
US air strike in Syria 'kills 17 militia fighters'
Published
26 February 2021
"""


def test_wire_style_article():
    assert kinds_of(WIRE) == [
        ("title", "U.S. strikes Iran-backed militia facilities in Iraq, Syria"),
        ("byline", "By Jane Doe and John Roe"),
        ("date", "June 28, 20211:13 AM UTCUpdated 3 years ago"),
        ("body", "WASHINGTON, June 27 (Wire) - The U.S. military carried out air strikes on Sunday against "
                 "facilities used by militias."),
        ("boilerplate", "Advertisement · Scroll to continue"),
        ("body", '"We will act to protect U.S. personnel," the Pentagon said.'),
        ("byline", "Reporting by Jane Doe; Editing by John Roe"),
    ]
    assert stated_date(WIRE, segment_article(WIRE)) == "2021-06-28"


def test_broadsheet_style_article():
    kinds = kinds_of(BROADSHEET)
    assert [k for k, _ in kinds] == ["title", "body", "byline", "date", "boilerplate", "body", "caption", "comment",
                                     "boilerplate"]
    assert kinds[1][1].startswith("Pentagon says strikes")  # the standfirst is the article's own words
    assert kinds[-1] == ("boilerplate", "Topics\nIraq\nSyria")


def test_broadcaster_style_article():
    assert kinds_of(BROADCASTER) == [
        ("title", "US strikes Iran-backed militias in Iraq and Syria"),
        ("date", "Published\n28 June 2021"),
        ("caption", 'Image source, Getty Images\nImage caption,\nThe US says the strikes were "defensive"'),
        ("body", "The US has carried out air strikes against Iran-backed militias along the Iraq-Syria border."),
        ("comment", "More on this story\nUS air strike in Syria 'kills 17 militia fighters'\nPublished\n26 February 2021"),
    ]
    assert stated_date(BROADCASTER, segment_article(BROADCASTER)) == "2021-06-28"


def test_name_in_place_is_a_byline_only_above_the_first_paragraph():
    late = BROADSHEET.replace("Topics\nIraq\nSyria\n", "Jane Doe in Washington\n")
    assert kinds_of(late)[-1] == ("body", "Jane Doe in Washington")


# --- reporting credits and labelled bylines (house styles of wires and think tanks) ---------------------------

@pytest.mark.parametrize("line", [
    "(Reporting by Daniel Hart and Omar Salem in Washington and Layla Nasser in Baghdad; Editing by Mark Cole)",
    "Reporting by Phil Stewart; Additional reporting by Jane R. Doe in Beirut; Writing by Idrees Ali",
    "Associated Press writer Karim Aziz in Beirut contributed to this report.",
    "Jane Roe in Washington contributed reporting.",
    "Analysis | By Helen Marsh, Senior Fellow, Middle East Security Program | February 5, 2024",
    "Opinion · By Jane Doe",
])
def test_reporting_credits_and_labelled_bylines_are_bylines(line):
    assert in_article(line) == "byline"


@pytest.mark.parametrize("line", [
    "Reporting by Reuters showed the strikes killed 10 people.",  # a sentence about reporting
    "The strikes killed ten. Karim Aziz contributed to this report.",  # a paragraph of the story
    "Bad weather contributed to the delay of the strikes.",
    "Iraq | Syria | the strikes killed ten people in the border town.",  # no byline among the parts
])
def test_sentences_that_look_like_credits_stay_body(line):
    assert in_article(line) == "body"


def test_labelled_byline_gives_the_article_date():
    text = ("After Tower 22: what the strikes tell us\n\nAnalysis | By Helen Marsh, Senior Fellow | February 5, 2024"
            "\n\nEarly on Sunday, a drone struck a US outpost in Jordan near the Syrian border, killing three.\n")
    assert [k for k, _ in kinds_of(text)] == ["title", "byline", "body"]
    assert stated_date(text, segment_article(text)) == "2024-02-05"
    plain = text.replace("Analysis | By Helen Marsh, Senior Fellow | February 5, 2024", "Analysis by Helen Marsh")
    assert stated_date(plain, segment_article(plain)) == ""
