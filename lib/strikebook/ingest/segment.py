"""Split an article into runs of one kind: its own words (title, body) and what is not (captions, comments…).

Why: scraped and copy-pasted articles mix the reporting with photo captions and credits, bylines, reader
comments, "See:" links and comment forms. A casualty count in a reader comment is not the outlet's claim,
so extractors read only `title` and `body` (model.ARTICLE_KINDS) and the notebooks show what was set aside.
Nothing is deleted: every segment is a pair of character offsets into the original text.

Tiling (the contract, tested): the segments cover the WHOLE text in order, with no gap and no overlap, so
`"".join(text[s.start:s.end] for s in segments) == text`. Whitespace is folded into the segment before it
(a line's newline and the blank lines after it belong to that line's segment; whitespace at the very start
of the text belongs to the first segment). A segment is a run of consecutive lines of one kind inside one
paragraph: lines separated by a blank line are separate segments, so each body paragraph is one segment.
In a text without any blank line (trafilatura's output of an HTML page puts one paragraph per line), each
line is a paragraph.
A line may be split in two where a date header or a photo credit is fused with the text that follows.

How a line gets its kind — general patterns, in this order, never keyed to a file or an outlet:

1. `boilerplate` — web furniture alone on a line, or several joined by "·", "•", "|" or "/": comment
   forms ("Please enter your comment!", "Please enter your name here", "Leave a Reply", "Save my name,
   email…", field labels "Name*"), "Sign up"/"Subscribe" prompts, sharing rows ("Share this article",
   "Facebook | Twitter"), "Advertisement · Scroll to continue", "Skip to content", "Most read", "Follow
   X:", cookie notices (a line about cookies that asks for consent), copyright notices ("© 2021 Outlet.
   All rights reserved"). "Topics", "Tags", "Most read" alone on a line make the rest of their paragraph
   boilerplate too (tag lists).
2. `comment` — third-party insertions, recognised by a leading label followed by ':' or a dash:
   "Comment:", "Reader comment:", "See:", "See also:", "Read more:", "Read also:", "Related:", "Watch:",
   "Recommended:"…; a label alone on its line ("Reader comments", "12 comments", "More on this story",
   "Related articles") makes the rest of its paragraph a comment too, dates included. A sentence that
   merely contains the word ("Comment was not available", "See the statement below") is body.
3. `date` — a date header at the start of a line ("date 2021-02-26 US carries out…" is split into a
   date and the rest), or a line that holds only a date, optionally with a weekday, time, time zone, a
   "Published"/"Updated" label and an "Updated …" tail ("Fri 26 Feb 2021 10.05 GMT", "Published On 28
   Jun 2021"), or a date label alone ("Published", with the date on the next line).
4. `byline` — "By Jane Doe" (capitalised names, short, no full stop), "Our Foreign Staff", "Staff and
   agencies", "Reporting by … Editing by …", reading times ("·4 min read"), relative times ("Updated 3
   hours ago"), a news agency named alone on a line ("Reuters"); reporting credits, bracketed or not,
   wherever they stand ("(Reporting by A in Washington; Editing by B)", "AP writer A in Beirut contributed
   to this report."), so the reporters and their desks are not read as people and places of the story; a
   byline between a section label and a date joined by "|", "·" or "•" ("Analysis | By A, Senior Fellow |
   February 5, 2024": its date is the article's, see `stated_date`); and, above the first full paragraph
   (15+ words) only, "Name Surname in Place" ("Julian Borger in Washington").
5. `caption` — photo captions and credits: lines starting "©", "Photo:", "Photograph:", "Image caption",
   "Image source", "Media caption", "FILE PHOTO:", "Credit:"; lines ending in an agency credit after a
   dash or bar (" - AP", " - Getty", " – Reuters", "| AFP", "Photograph: Jane Doe/AP", "(AP Photo/Jane
   Doe)", "via Getty Images"); lines with "(Photo: …)" or "[File: …]"; credit-only lines ("AFP via Getty
   Images"). A credit fused with the next sentence ("…/Getty ImagesAirstrikes target…") is split where a
   credit word (an agency, "Images", "Force"…) runs into a capitalised word. A short line without a
   full stop directly above a credit line is the image's alt text: caption. A caption label alone
   ("Image caption,") makes the next line a caption. Captions are short (at most 80 words), so a long
   paragraph ending in "- AP" stays body.
6. `title` — the first remaining line, if nothing but date/byline/caption/boilerplate lines came before it
   and it reads like a headline (2-30 words, at most 200 characters, no closing full stop, comma or colon).
7. `body` — everything else. Section subheadings inside the body are the article's own words: body;
   so is a standfirst.

Known limits: a headline that ends with a full stop is read as body (the article then has no title);
comments that are not labelled (a reader's reply pasted as a plain paragraph) stay body; agencies not in
AGENCIES are not recognised after a dash.

HTML articles are segmented the same way over trafilatura's extracted text (see corpus.py).
"""

from __future__ import annotations

import re
from datetime import date

from strikebook.records import Segment

# --- shared vocabulary -------------------------------------------------------------------------------------

#: Photo and news agencies seen in credits. Order matters only for readability; matching is by regex.
AGENCIES = (
    r"AP|AFP|Getty(?:\s+Images)?|Reuters|EPA(?:-EFE)?|PA(?:\s+(?:Wire|Media|Images))?|Shutterstock|Bloomberg"
    r"|Anadolu(?:\s+Agency)?|Xinhua|TASS|SANA|IRNA|Tasnim|Sipa(?:\s+USA)?|Alamy|DPA|ZUMA(?:\s+Wire|\s+Press)?"
    r"|NurPhoto|SOPA(?:\s+Images)?|Corbis|Rex(?:\s*/\s*Shutterstock)?|UPI|Handout|Pool|Planet\s+Labs"
    r"|Maxar(?:\s+Technologies)?|U\.?S\.?\s+(?:Air\s+Force|Army|Navy|Marine\s+Corps|Central\s+Command)"
    r"|(?:US\s+)?(?:Department\s+of\s+Defen[cs]e|DoD)|CENTCOM|Associated\s+Press|Agence\s+France[- ]Presse"
    r"|File(?:\s+photo)?"
)
_AGENCY = rf"(?:{AGENCIES})"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_TEXT_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
              rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
_DATE = rf"(?:{_ISO}|{_TEXT_DATE})"
_DATE_RE = re.compile(_DATE, re.I)

_I = re.I

# --- 1. boilerplate --------------------------------------------------------------------------------------

#: Web furniture phrases; a line made only of these (alone, or joined by · • | /) is boilerplate.
_FURNITURE = (
    r"please enter (?:your |a )?(?:comment|name|e-?mail(?: address)?|valid e-?mail)(?: here)?\s*[.!]?"
    r"|you have entered an incorrect e-?mail address\s*!?"
    r"|leave a (?:reply|comment)|cancel reply|post (?:a |your )?comment|submit(?: comment)?|reply"
    r"|report(?: abuse| this comment)?|load more(?: comments)?|show (?:more|comments)|view (?:all )?comments"
    r"|join the (?:conversation|discussion)|comments are closed\.?|no comments yet\.?|be the first to comment\.?"
    r"|add (?:a )?comment|write a comment"
    r"|(?:sign up|sign in|log ?in|log out|register|subscribe)(?:\s+(?:now|here|today|for free|free))?\s*[.!]?"
    r"|share(?: this| the)?(?: article| story| page| post| (?:on|via) [\w ]{1,20})?\s*[:!]?"
    r"|tweet|e-?mail|print|copy link|whatsapp|facebook|twitter|x|linkedin|reddit|pinterest|telegram|flipboard"
    r"|advertisement|advert|ad|sponsored(?: content)?|promoted(?: content)?|story continues below"
    r"(?: advertisement)?|continue reading(?: below)?|(?:article|story) continues (?:below|after advertisement)"
    r"|scroll to continue(?: with content)?|skip to (?:main )?content|skip advertisement|back to top"
    r"|most (?:read|popular|viewed|shared)|trending(?: now)?|newsletters?|topics|tags|you may also like"
    r"|click here(?: to .{1,60})?|follow us(?: on .{1,40})?|follow [\w .'’-]{1,40}:"
    r"|listen to (?:this|the) (?:article|story)(?: \(?\d+ min(?:ute)?s?\)?)?|save(?: article| for later)?"
    r"|gift (?:this )?article|bookmark|toggle (?:navigation|menu)|menu|search|home"
)
_FURNITURE_LINE = re.compile(rf"^(?:{_FURNITURE})\s*(?:[|·•/]\s*(?:{_FURNITURE})\s*)*[.!:]?$", _I)
_BOILERPLATE = [_FURNITURE_LINE] + [re.compile(p, _I) for p in (
    r"^(?:comment|name|e-?mail|website)\s*\*?\s*:?$",  # comment-form field labels alone on a line
    r"^save my name,? e-?mail,? and website in this browser",
    r"^(?:sign up|subscribe)\b.{0,150}\b(?:newsletters?|e-?mails?|inbox|alerts|updates|for free)\b[^.]*[.!]?$",
    r"^(?:tags|filed under|topics)\s*:",
    r"^our standards\s*:",
    r"^this article is more than \w+ (?:years?|months?) old$",
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:19|20)\d{2}\b.{0,120}$",  # copyright notice, not a photo credit
    r"^.{0,120}\ball rights reserved\.?$",
)]
#: Furniture headers whose following lines (to the end of the paragraph) are furniture too: tag lists
_BOILERPLATE_HEADER = re.compile(r"^(?:topics|tags|more on|most (?:read|popular|viewed)|trending(?: now)?"
                                 r"|you may also like|more from [\w ]{1,30})\s*:?$", _I)
_COOKIE = re.compile(r"\bcookies?\b", _I)
_COOKIE_ASK = re.compile(r"\b(?:we use|this (?:site|website) uses|accept|consent|privacy (?:policy|notice)"
                         r"|cookie (?:policy|settings|preferences)|manage (?:preferences|settings))\b", _I)

# --- 2. comments -----------------------------------------------------------------------------------------

_COMMENT_LABEL = (r"(?:reader(?:s|'s|s'|’s|s’)?\s+comments?|comments?|your comments?|readers?\s+respond"
                  r"|top comment|see(?: also)?|read(?: more| also| next)|also read|more on this(?: story)?"
                  r"|more|related(?: articles?| stories| coverage| content| news| reading)?|recommended"
                  r"|watch|listen|editor'?s? picks?)")
_COMMENT = re.compile(rf"^{_COMMENT_LABEL}\s*(?::|[-–—|»>]\s)", _I)
# a label alone on its line opens a comment paragraph ("Reader comments", "Comments (12)", "12 comments")
_COMMENT_HEADER = re.compile(r"^(?:\d+\s+comments?|(?:reader(?:s|'s|s'|’s|s’)?\s+)?comments(?:\s*\(\d+\))?"
                             r"|reader(?:s|'s|s'|’s|s’)?\s+comments?|readers?\s+respond|related"
                             r"(?: articles?| stories| coverage| content| topics)?|see also|read more|read next"
                             r"|also read|more on this(?: story)?|recommended(?: for you)?"
                             r"|you (?:may|might) also (?:like|be interested in))\s*:?$", _I)

# --- 3. dates --------------------------------------------------------------------------------------------

_DATE_LABEL = r"(?:date(?:d|line)?|(?:first\s+)?published|posted|updated|last\s+(?:updated|modified)|modified)"
#: "date 2021-02-26 Title…" at the start of a line: the date part, split from what follows
_DATE_HEADER = re.compile(rf"^(?:{_DATE_LABEL}(?:\s+on)?\s*[:\-–]?\s*(?:{_WEEKDAY}\s*)?{_DATE}|{_ISO})"
                          rf"(?=\s|$)", _I)
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
_ZONE = r"(?-i:\(?[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)"  # GMT, BST, UTC+3, (EST): capitals only
_DATE_LINE = re.compile(
    rf"^(?:{_DATE_LABEL}(?:\s+on)?\s*[:\-–]?\s*)?(?:{_WEEKDAY}\s*)?(?P<date>{_DATE})"
    rf"(?:\s*(?:,|at|[|•·\-–—])?\s*(?:{_TIME}))?(?:\s*{_ZONE})?"
    rf"(?:\s*[|•·,\-–—]?\s*(?:updated|last updated|modified)\b.{{0,40}})?\s*\.?$", _I)
#: a date label alone on its line ("Published", "Updated:"), the date itself on the next
_DATE_LABEL_LINE = re.compile(rf"^{_DATE_LABEL}(?:\s+on)?\s*:?$", _I)

# --- 4. bylines ------------------------------------------------------------------------------------------

#: news agencies that sign stories (a line naming only them is a byline; photo agencies alone are credits)
_WIRE = (r"(?:AP|AFP|Reuters|Associated\s+Press|Agence\s+France[- ]Presse|Xinhua|TASS|Anadolu(?:\s+Agency)?"
         r"|IRNA|SANA|Tasnim|DPA|UPI|PA|Press\s+Association|agencies)")
_BYLINE_LEAD = re.compile(r"^(?:by|words by|written by|story by|reporting by|additional reporting by"
                          r"|edited by|editing by|compiled by)\s+(?P<names>.+)$", _I)
_BYLINE = [re.compile(p, _I) for p in (
    r"^(?:by |from )?our (?:\w+\s+){0,3}(?:staff|correspondents?|reporters?|team|desk|bureau|editors?)$",
    r"^(?:\w+\s+){0,2}(?:staff|reporters|correspondents?)(?:\s+(?:writers?|reporters?))?"
    r"(?:\s+(?:and|&)\s+agencies)?$",
    r"^(?:staff|agencies|wires|news desk|web desk|staff writer)(?:\s+(?:and|&)\s+agencies)?$",
    r"^[·•|\-–—\s]*\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b.{0,40}$",
    rf"^(?:{_DATE_LABEL}\s*:?\s*)?(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|months?)\s+ago\.?$",
    rf"^{_WIRE}(?:\s*(?:and|&|/|,)\s*{_WIRE})*$",
)]
#: a character that does not end a sentence: a full stop only inside "U.S." or after an initial ("Jane R. Doe")
_NO_STOP = r"(?:[^.!?]|\.(?=\S)|(?<=\b\w)\.)"
#: a reporting credit line, read without its brackets: "Reporting by …; Editing by …", "Writing by …"
_CREDIT_LINE = re.compile(r"^(?:additional\s+)?(?:reporting|writing|editing|research|compiled|produced|written)"
                          rf"\s+by\s+(?-i:[A-Z]){_NO_STOP}*$", _I)
#: "… contributed to this report." / "… contributed reporting from Beirut."
_CONTRIBUTED = re.compile(rf"^(?-i:[A-Z]){_NO_STOP}{{2,200}}\b(?:also\s+)?contributed(?:\s+(?:to\s+)?(?:this|the)\s+"
                          rf"(?:report|story|article|dispatch)|\s+(?:additional\s+)?reporting\b{_NO_STOP}{{0,80}})\.?$",
                          _I)
MAX_CREDIT_WORDS = 60
MAX_LABEL_WORDS = 4
_NAME = r"(?-i:[A-Z][\w'’-]+(?: (?:[A-Z][\w'’.-]+|al|el|bin|de|van|von)){1,3})"
_NAME_IN_PLACE = re.compile(rf"^{_NAME}(?:(?:, | and | & ){_NAME})* in (?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{0,2}})$")
MIN_PARAGRAPH_WORDS = 15
_NAME_GLUE = {"and", "&", "in", "de", "da", "del", "der", "van", "von", "al", "el", "bin", "ibn", "|", "-", "–",
              "—", "·", "•", "for", "the", "with", "at", "on"}

# --- 5. captions -----------------------------------------------------------------------------------------

_CREDIT_START = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*:|photo(?:graph)?s?\s*(?::|credit\b)|pictures?\s*:|images?\s*(?::|source\b"
    r"|credit\b)|image caption\b|media caption\b|caption\s*:|credits?\s*:|file photo\s*:|illustration\s*:"
    r"|main image\s*:|top image\s*:|photo(?:graph)?s?\s+by\s+[A-Z][^.]{0,60}$)", _I)
_CREDIT_END = re.compile(
    rf"(?:\s[-–—|/]\s*(?:{_AGENCY})(?:\s+(?:Photo|Images|Pictures|Pool|Handout|Wire))?"
    rf"(?:\s*/\s*[^/\n]{{1,60}}?)?|\b(?:Photograph|Photo|Picture|Image|Credit)s?\s*:\s*[^.:]{{1,80}}?"
    rf"|\((?:{_AGENCY})?\s*(?:Photo|Image)s?(?:\s*[:/]\s*[^()]{{1,80}})?\)|\bvia\s+Getty(?:\s+Images)?)\s*\.?$", _I)
_PHOTO_PAREN = re.compile(r"[(\[](?:photo|image|picture|credit|file)s?(?:\s*:|\s+by\b)[^)\]]{1,120}[)\]]", _I)
#: a caption label alone on its line: the caption itself is the next line
_CAPTION_LABEL = re.compile(r"^(?:image caption|media caption|caption|photo(?:graph)?|picture|image)\s*[,:]?$", _I)
_CREDIT_ONLY = re.compile(
    rf"^(?:[\w.'’ -]{{1,40}}\s*/\s*)?(?:{_AGENCY})(?:\s+(?:Photo|Images|Pictures|Pool|Handout))?"
    rf"(?:\s*(?:/|via|for)\s*(?:{_AGENCY}|[\w.'’ -]{{1,40}}))*$", _I)
# where a credit runs into the next sentence: "…/Getty ImagesAirstrikes target…"
_FUSED = re.compile(rf"(?:{_AGENCY}|Images|Photos?|Pictures|Force|Army|Navy|Agency|Media|Wire)"
                    r"(?=[A-Z][a-z]+[\s,])")

MAX_CAPTION_WORDS = 80
MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 200
MAX_ALT_WORDS = 12


# --- line rules ----------------------------------------------------------------------------------------------

def _words(s: str) -> int:
    return len(s.split())


def _is_boilerplate(s: str) -> bool:
    if _words(s) > 60:
        return False
    if any(p.search(s) for p in _BOILERPLATE):
        return True
    return bool(_COOKIE.search(s) and _COOKIE_ASK.search(s))


def _is_comment(s: str) -> bool:
    return bool(_COMMENT.match(s))


def _is_date_line(s: str) -> bool:
    return len(s) <= 100 and bool(_DATE_LINE.match(s) or _DATE_LABEL_LINE.match(s))


def _is_credit_line(s: str) -> bool:
    """A reporting credit, usually closing a wire story: "(Reporting by A in Washington; Editing by B)",
    "Writing by A; Editing by B", "Associated Press writer A in Beirut contributed to this report."."""
    if _words(s) > MAX_CREDIT_WORDS:
        return False
    core = s.strip().strip("()[]").strip()
    if _CREDIT_LINE.match(core):
        return True
    return bool(_CONTRIBUTED.search(core))


def _is_labelled_byline(s: str) -> bool:
    """"Analysis | By Helen Marsh, Senior Fellow | February 5, 2024": a byline between a section label and a
    date, joined by '|', '·' or '•'. Every part is a byline, a date, or a short label without a full stop."""
    parts = [p.strip() for p in re.split(r"[|·•]", s) if p.strip()]
    if len(parts) < 2 or not any(_is_byline(p, labelled=False) for p in parts):
        return False
    return all(_is_byline(p, labelled=False) or _is_date_line(p)
               or (_words(p) <= MAX_LABEL_WORDS and not p.endswith((".", "!", "?"))) for p in parts)


def _is_byline(s: str, labelled: bool = True) -> bool:
    if labelled and (_is_credit_line(s) or _is_labelled_byline(s)):
        return True
    if _words(s) > 16:
        return False
    if any(p.match(s) for p in _BYLINE):
        return True
    m = _BYLINE_LEAD.match(s)
    if not m:
        return False
    names = m.group("names").strip()
    if names.endswith(".") and not re.search(r"\b[A-Z]\.$", names):
        return False  # "By Sunday, officials said … ." is a sentence
    words = [w.strip(",;()") for w in names.split()]
    words = [w for w in words if w]
    if not words or not words[0][:1].isupper():
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_GLUE)
    return capitalised / len(words) >= 0.75


def _is_credit(s: str) -> bool:
    """A line that is (or starts as) a photo credit rather than a caption sentence."""
    return bool(_CREDIT_START.match(s) or _CREDIT_ONLY.match(s))


def _is_caption(s: str) -> bool:
    if _words(s) > MAX_CAPTION_WORDS:
        return False
    return bool(_is_credit(s) or _CREDIT_END.search(s) or _PHOTO_PAREN.search(s))


def _headline_like(s: str) -> bool:
    n = _words(s)
    return (2 <= n <= MAX_TITLE_WORDS and len(s) <= MAX_TITLE_CHARS
            and not s.rstrip("\"'”’»").endswith((".", ",", ";", ":")))


def _alt_text_like(s: str) -> bool:
    return 1 <= _words(s) <= MAX_ALT_WORDS and not s.rstrip("\"'”’").endswith((".", ",", ";", ":"))


def line_kind(line: str) -> str | None:
    """The kind a line has on its own (None: decided by context — title or body). Rules 1-5 above."""
    s = line.strip()
    if not s:
        return None
    if _is_boilerplate(s):
        return "boilerplate"
    if _is_comment(s) or _COMMENT_HEADER.match(s):
        return "comment"
    if _is_date_line(s):
        return "date"
    if _is_byline(s):
        return "byline"
    if _is_caption(s):
        return "caption"
    return None


# --- segmentation --------------------------------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _content_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the text between start and end without surrounding whitespace; None if blank."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + lead + len(stripped)


def _split_line(text: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    """One line's content → parts (kind or None, start, end): splits a leading date header and a fused credit."""
    parts: list[tuple[str | None, int, int]] = []
    m = _DATE_HEADER.match(text[start:end])
    if m and text[start + m.end():end].strip():
        parts.append(("date", start, start + m.end()))
        span = _content_span(text, start + m.end(), end)
        if span is None:
            return parts
        start, end = span
    s = text[start:end]
    for fuse in _FUSED.finditer(s):  # the first place where a credit runs into a sentence
        if _is_credit(s[:fuse.end()].strip()) and _words(s[fuse.end():]) >= 3:
            parts.append(("caption", start, start + fuse.end()))
            start += fuse.end()
            break
    parts.append((None, start, end))
    return parts


def segment_article(text: str) -> list[Segment]:
    """Split `text` into segments that tile it exactly (see the module docstring for the rules)."""
    if not text:
        return []
    # 1. lines → parts [kind or None, start, end, opens a paragraph, starts a line, blank line before]
    parts: list[list] = []
    blank = False
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            continue
        span = _content_span(text, m.start(), m.end())
        if span is None:
            blank = True
            continue
        for i, (kind, s, e) in enumerate(_split_line(text, *span)):
            if kind is None:
                kind = line_kind(text[s:e])
            parts.append([kind, s, e, blank and i == 0, i == 0, blank and i == 0])
        blank = False
    if not parts:
        return [Segment("body", 0, len(text))]
    if not any(p[3] for p in parts):  # no blank line anywhere (e.g. trafilatura's text): a line is a paragraph
        for p in parts:
            p[3] = p[4]

    # 2. context: alt text above a credit, comment paragraphs opened by a label alone on its line
    for i, part in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if (part[0] is None and not nxt[5] and nxt[0] == "caption" and _is_credit(text[nxt[1]:nxt[2]])
                and _alt_text_like(text[part[1]:part[2]])):
            part[0] = "caption"
    run, once = None, False  # a header alone on its line gives its kind to the rest of its paragraph
    for part in parts:
        if part[3]:
            run = None
        if run:
            if part[0] in (None, "date", "byline"):  # a related link's date belongs to the inserted block
                part[0] = run
            if once:
                run = None
            continue
        line = text[part[1]:part[2]]
        if part[0] == "comment" and _COMMENT_HEADER.match(line):
            run, once = "comment", False
        elif part[0] == "boilerplate" and _BOILERPLATE_HEADER.match(line):
            run, once = "boilerplate", False
        elif part[0] == "caption" and _CAPTION_LABEL.match(line):
            run, once = "caption", True  # "Image caption," then the caption on the next line

    # 3. title: the first undecided part when only date/byline/caption/boilerplate came before it
    for part in parts:
        if part[0] is None:
            if _headline_like(text[part[1]:part[2]]) and part is not parts[-1]:
                part[0] = "title"
            break
        if part[0] not in ("date", "byline", "caption", "boilerplate"):
            break
    # 4. bylines without "By" ("Julian Borger in Washington"), only above the first full paragraph
    for part in parts:
        line = text[part[1]:part[2]]
        if part[0] is None and _words(line) >= MIN_PARAGRAPH_WORDS:
            break
        if part[0] is None and _NAME_IN_PLACE.match(line):
            part[0] = "byline"
    for part in parts:
        if part[0] is None:
            part[0] = "body"

    # 5. tile: whitespace goes to the segment before it; merge runs of one kind inside a paragraph
    segments: list[Segment] = []
    for i, (kind, s, _e, blank_before, *_) in enumerate(parts):
        start = 0 if i == 0 else s
        end = parts[i + 1][1] if i + 1 < len(parts) else len(text)
        if segments and segments[-1].kind == kind and not blank_before:
            segments[-1] = Segment(kind, segments[-1].start, end)
        else:
            segments.append(Segment(kind, start, end))
    return segments


# --- what the segments say about the article -----------------------------------------------------------------

def parse_date(text: str) -> str:
    """The first full date (with a year) in `text` as ISO YYYY-MM-DD, or '' when there is none."""
    from dateutil import parser

    for m in _DATE_RE.finditer(text):
        raw = m.group(0)
        try:
            if raw[:4].isdigit():
                return date.fromisoformat(raw[:10]).isoformat()
            return parser.parse(raw.replace(".", " ")).date().isoformat()
        except (ValueError, OverflowError):
            continue
    return ""


_DATELINE = re.compile(rf"^[A-Z][\w .'’-]{{1,40}}(?:,\s*[A-Z][\w .'’-]{{1,30}})?,?\s+(?P<date>{_TEXT_DATE})"
                       r"\s*(?:\([^)]{1,40}\)\s*)?[-–—:]", _I)
_LEADING_DATE = re.compile(rf"^(?P<date>{_DATE})\s*[-–—:|]", _I)


def stated_date(text: str, segments: list[Segment]) -> str:
    """The date the article states for itself (ISO), or ''.

    Looked for in this order: a `date` segment; a byline that carries a date ("Our Staff · 26 Feb 2021");
    a dateline opening the first body paragraph ("WASHINGTON, Feb. 25, 2021 (Reuters) —" or
    "26 February 2021 — …"). Datelines without a year are not used: the year would be a guess.
    """
    for kind in ("date", "byline"):
        for seg in segments:
            if seg.kind == kind:
                found = parse_date(text[seg.start:seg.end])
                if found:
                    return found
    for seg in segments:
        if seg.kind == "body":
            head = text[seg.start:seg.end].strip()[:120]
            m = _DATELINE.match(head) or _LEADING_DATE.match(head)
            return parse_date(m.group("date")) if m else ""
    return ""


def title_of(text: str, segments: list[Segment]) -> str:
    """The text of the title segment, stripped ('' when the article has none)."""
    for seg in segments:
        if seg.kind == "title":
            return text[seg.start:seg.end].strip()
    return ""
