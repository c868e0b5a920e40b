"""Split an article into runs of one kind: its own words (title, body) and what is not (captions, comments…).

Why: scraped and copy-pasted articles mix the reporting with photo captions and credits, bylines, reader
comments, "Read more:" links and the headlines listed under them, embedded tweets, menus and comment forms.
A casualty count in a related headline is not the outlet's claim, so extractors read only `title` and `body`
(records.ARTICLE_KINDS) and the notebooks show what was set aside. Nothing is deleted: every segment is a
pair of character offsets into the original text.

This module tiles the text and says what the segments tell about the article (its date, its title); the
rules live in two modules, one job each: clutter.py decides what a line is on its own and cuts clutter
fused into a line, context.py decides what needs the neighbours or the position in the text. The shared
vocabulary (agencies, dates, scripts) is vocab.py.

Tiling (the contract, tested): the segments cover the WHOLE text in order, with no gap and no overlap, so
`"".join(text[s.start:s.end] for s in segments) == text`. Whitespace is folded into the segment before it
(a line's newline and the blank lines after it belong to that line's segment; whitespace at the very start
of the text belongs to the first segment). A segment is a run of consecutive lines of one kind inside one
paragraph: lines separated by a blank line are separate segments, so each body paragraph is one segment.
In a text without any blank line (trafilatura's output of an HTML page puts one paragraph per line), each
line is a paragraph.
A line may be cut in pieces where clutter is fused with the article's words: a date header ("date
2021-02-26 US carries out…"), markup opening or closing the line (`<p style="…">`), an agency's tag glued to
the first sentence ("Example News/ In response…"), an agency's name after the last sentence ("… it said.
AFP"), a photo credit run into the next sentence ("…/Getty ImagesAirstrikes target…"), a breadcrumb on the
headline's line ("Home Air US strikes…", when the headline is printed again below).

How a line gets its kind — general patterns (cue words, shapes, length, position, neighbours), never keyed
to a file or an outlet. On its own (clutter.py), in this order:

1. `date` — a line made only of a date or time stamp: dates in words, ISO or all-number forms, weekdays,
   times, time zones, "Published"/"Updated"/"Posted"/"Issued" labels, "3 hours ago", "Today" ("Fri 26 Feb
   2021 10.05 GMT", "Published: 3 Feb 2024 10:05 | Updated: 4 Feb 2024", "Sunday, 11/12/2023", "10:05 GMT"),
   or a date label alone.
2. `boilerplate` — web furniture alone on a line, or several joined by "·", "•", "|" or "/": comment forms
   and widgets ("Please enter your comment!", "Your Comment", "You are replying to:"), sign-up and
   subscribe prompts ("Subscribe to …"), the site's channels ("… is on YouTube", "(We are on WhatsApp…
   Join our Channel…)"), sharing rows, navigation ("Next", "Previous", "Follow", "Short Url", "Continue
   reading…", "(More … stories.)", "Back to top", "In English", "Get short URL"), ads, cookie notices,
   copyright and redistribution notices, "Powered by automated translation", story codes ("News Code
   47181"), app and newsletter prompts, donation widgets and counters (a line of numbers and currency only:
   "2,500 $", "$10 $25 Other"), separators ("___"), a lone address or symbol, markup alone. Furniture
   items may follow each other with or without separators ("Share on Facebook Share on X"). "Topics",
   "Tags", "Most read", "More", "Previous article", "Next" alone on a line open a list (below).
3. `comment` — third-party insertions: a leading label followed by ':' or a dash ("Comment:", "See:",
   "Read more:", "READ:", "Related:", "Watch:", "Recommended:", "Next article:"…); a cue alone on its line
   ("Reader comments", "Related Posts", "More News", "See also", "Read more", "You may also like"), which
   opens a list (below); and embedded social-media posts: a line ending in a post's signature ("— Name
   (@handle) January 3, 2020"), picture links (pic.twitter.com, t.co), an account's dateline ("BAGHDAD
   (@AP) --"), "View this post on Instagram". A sentence that merely contains the word ("Comment was not
   available", "See the statement below", "Related attacks rose") is body.
4. `byline` — "By Jane Doe" (capitalised names, short, no full stop), "Our Foreign Staff", "Staff and
   agencies", "Reporting by … Editing by …", reading times ("·4 min read"), relative times ("Updated 3
   hours ago"), a news agency named alone ("Reuters", "With AFP", "X with AFP", "AFP Published <date>"),
   source lines ("Source: Al Jazeera", "(With inputs from agencies)"), reporter codes and roles ("Senior
   Correspondent"); reporting credits, bracketed or not, wherever they stand ("(Reporting by A in
   Washington; Editing by B)", "AP writer A in Beirut contributed to this report."), so the reporters and
   their desks are not read as people and places of the story; a byline between a section label and a
   date joined by "|", "·" or "•" ("Analysis | By A, Senior Fellow | February 5, 2024", "Jane Roe |
   03.02.2024": its date is the article's, see `stated_date`).
5. `caption` — photo captions and credits: lines starting "©", "Photo:", "Image caption", "Illustration:",
   "FILE PHOTO:", "Credit:"…; lines ending in an agency credit after a dash, bar or slash (" - AP",
   "| AFP", "Photograph: Jane Doe/AP", "… REUTERS/Jane Doe"), in brackets ("(AP Photo/Jane Doe)", "(AFP via
   Getty Images)", "(AFP/File photo)", "(Representational image)"), after a picture's description ("A
   combination of images depicts …. Reuters") or as "… photo by …"; lines with "(Photo: …)" or "[File: …]";
   credit-only lines ("AFP via Getty Images"); gallery lines ("Item 1 of 5 …"); a Reuters-style caption
   ending in place and date ("…near Mosul, Iraq, October 18, 2016."). Captions are short (at most 80
   words), so a long paragraph ending in "- AP" stays body.

By context (context.py):

- a line mostly in another script than the article's (Persian or Arabic site furniture around an English
  article): boilerplate;
- a bracket opened on one line and closed on the next ("(More" / "Iraq stories.)") is read as one line;
- a short line without a full stop directly above a credit line is the image's alt text: caption; in a
  text of paragraphs, so is a sentence (up to 40 words) run straight into its credit line; a caption label
  alone ("Image caption,") makes the next line a caption;
- a header alone on its line gives its kind to the rest of its paragraph; a cue ("More News", "Related",
  "Most read", "Read more") also gives it to the headlines listed under it, across blank lines, up to the
  first line that reads as a sentence (headline-list shape: at most 25 words, capitalised, no closing full
  stop);
- the rest of an embedded post: the text above a signature line of its own, a "BREAKING:" line next to an
  embed, a headline-shaped title set off by a wide gap right above one;
- at the top of the page, above the first full paragraph (15+ words): breadcrumbs ("Home > World"), section
  labels, tag rows and language switches ("WORLD", "US Syria") — at most three capitalised words without
  a verb, followed by a longer headline, or at most two — are boilerplate; a name alone beside the date
  stamp or a byline is a byline;
- `title` — the first remaining line, if nothing but date/byline/caption/boilerplate lines came before it
  and it reads like a headline (2-30 words, at most 200 characters, no closing full stop, comma or colon);
  a later line equal or nearly equal to it (or differing by " | Site") is the headline printed again:
  boilerplate;
- "Name Surname in Place" above the first full paragraph: byline;
- closing the page: tag rows ("usa iraq strike", "Iraq, Syria, Iran"): boilerplate; the author's name and
  bio ("Jane Roe is a correspondent for …"): byline;
- `body` — everything else. Section subheadings inside the body are the article's own words: body; so is
  a standfirst, and so is a dateline ("BAGHDAD (AP) —").

Known limits: a headline that ends with a full stop is read as body (the article then has no title);
comments that are not labelled (a reader's reply pasted as a plain paragraph) stay body; agencies not in
vocab.AGENCIES are not recognised after a dash; a multi-paragraph embedded post is set aside only from the
paragraph that carries its signature; a site's name printed above the headline is read as the title.

HTML articles are segmented the same way over trafilatura's extracted text (see corpus.py).
"""

from __future__ import annotations

import re

from strikebook.ingest.clutter import content_span, line_kind, split_line
from strikebook.ingest.context import Part, resolve
from strikebook.ingest.vocab import DATE, TEXT_DATE
from strikebook.records import Segment
from strikebook.text.dates import written_date
from strikebook.text.dates import written_date as parse_date  # noqa: F401 (its former name here)

__all__ = ["line_kind", "parse_date", "segment_article", "stated_date", "title_of"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _parts(text: str) -> list[Part]:
    """The text's lines, cut where clutter is fused into a line, each with its line-level kind (or None)."""
    parts: list[Part] = []
    gap = 0
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            continue
        span = content_span(text, m.start(), m.end())
        if span is None:
            gap += 1
            continue
        for i, (kind, s, e) in enumerate(split_line(text, *span)):
            first = i == 0
            parts.append(Part(kind, s, e, para=bool(gap) and first, line=first, blank=bool(gap) and first,
                              gap=gap if first else 0))
        gap = 0
    if not any(p.para for p in parts):  # no blank line anywhere (e.g. trafilatura's text): a line is a paragraph
        for p in parts:
            p.para = p.line
    return parts


def segment_article(text: str) -> list[Segment]:
    """Split `text` into segments that tile it exactly (see the module docstring for the rules)."""
    if not text:
        return []
    parts = _parts(text)
    if not parts:
        return [Segment("body", 0, len(text))]
    parts = resolve(text, parts)
    # tile: whitespace goes to the segment before it; merge runs of one kind inside a paragraph
    segments: list[Segment] = []
    for i, part in enumerate(parts):
        start = 0 if i == 0 else part.start
        end = parts[i + 1].start if i + 1 < len(parts) else len(text)
        if segments and segments[-1].kind == part.kind and not part.para:
            segments[-1] = Segment(part.kind, segments[-1].start, end)
        else:
            segments.append(Segment(part.kind, start, end))
    return segments


# --- what the segments say about the article -----------------------------------------------------------------



_DATELINE = re.compile(rf"^[A-Z][\w .'’-]{{1,40}}(?:,\s*[A-Z][\w .'’-]{{1,30}})?,?\s+(?P<date>{TEXT_DATE})"
                       r"\s*(?:\([^)]{1,40}\)\s*)?[-–—:]", re.I)
_LEADING_DATE = re.compile(rf"^(?P<date>{DATE})\s*[-–—:|]", re.I)


def stated_date(text: str, segments: list[Segment]) -> str:
    """The date the article states for itself (ISO), or ''.

    Looked for in this order: a `date` segment; a byline that carries a date ("Our Staff · 26 Feb 2021");
    a dateline opening the first body paragraph ("WASHINGTON, Feb. 25, 2021 (Reuters) —" or
    "26 February 2021 — …"). Datelines without a year are not used: the year would be a guess.
    """
    for kind in ("date", "byline"):
        for seg in segments:
            if seg.kind == kind:
                found = written_date(text[seg.start:seg.end])
                if found:
                    return found
    for seg in segments:
        if seg.kind == "body":
            head = text[seg.start:seg.end].strip()[:120]
            m = _DATELINE.match(head) or _LEADING_DATE.match(head)
            return written_date(m.group("date")) if m else ""
    return ""


def title_of(text: str, segments: list[Segment]) -> str:
    """The text of the title segment, stripped ('' when the article has none)."""
    for seg in segments:
        if seg.kind == "title":
            return text[seg.start:seg.end].strip()
    return ""
