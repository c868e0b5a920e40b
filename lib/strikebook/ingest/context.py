"""Context rules: the kind of a line that only its neighbours and its place in the text can tell.

Why: much page clutter looks like the article's own words when read alone. A related headline is a short
line like a subheading — it is clutter because it stands under a "More News" cue; "US Syria" at the top of a
page is a tag row, not a title, because a headline or the first paragraph follows; a headline printed a
second time is page furniture; a line in Persian around an English article is the site's menu. These rules
read the parts of the whole text in order (one pass each, or a bounded window at the top and the bottom,
so the cost grows linearly with the article) after the line rules of clutter.py have run, and give every
part still undecided a kind: `title`, `body` or a clutter kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from strikebook.ingest.clutter import (
    BOILERPLATE_HEADER,
    CAPTION_LABEL,
    COMMENT_HEADER,
    headline_like,
    is_credit,
    is_embed,
    line_kind,
    words,
)
from strikebook.ingest.vocab import script_counts

MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 200
MAX_ALT_WORDS = 12
MAX_CAPTION_ABOVE_WORDS = 40
#: a paragraph this long (in words) is the article's text: what comes before it is the top of the page
MIN_PARAGRAPH_WORDS = 15
#: how many parts the top of the page may hold (a bound, so the top rules cost the same for any article)
TOP_PARTS = 12
#: longest line that can be a related headline listed under a cue, or a tag row at the bottom
MAX_LIST_WORDS = 25
MAX_TAG_WORDS = 15
MAX_LABEL_WORDS = 3
MAX_CRUMB_WORDS = 4
#: how alike a later line must be to the title to be the headline printed again
SAME_HEADLINE = 0.9
#: a site's name after a headline: " | Example News", " - Example News"
_SITE_SUFFIX = re.compile(r"\s*[|\-–—]\s*\S(?:\S|\s){0,40}")

_NAME = r"(?-i:[A-Z][\w'’-]+(?: (?:[A-Z][\w'’.-]+|al|el|bin|de|van|von)){1,3})"
_NAME_IN_PLACE = re.compile(rf"^{_NAME}(?:(?:, | and | & ){_NAME})* in (?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{0,2}})$")
_BULLET = re.compile(r"^(?:[•·*▪►>»\-–—]+|\d{1,2}[.)])\s*")
_BREAKING = re.compile(r"^(?:breaking|just in|update)\s*:", re.I)
#: "Home > World > Middle East": short items joined by breadcrumb separators
_CRUMBS = re.compile(r"^[\w&'’ -]{1,30}(?:\s*[>»›/|]\s*[\w&'’ -]{1,30}){1,5}$")
#: "Home World Middle East": a breadcrumb row without separators
_HOME_CRUMBS = re.compile(r"^home(?:\s+(?-i:[A-Z])[\w&'’-]*){1,5}$", re.I)
#: a name alone: two to four capitalised words (and, of, the between them), several joined by "and" or ","
_NAME_WORDS = r"(?-i:[A-Z][\w'’.-]+)(?:\s+(?:(?-i:[A-Z][\w'’.-]+)|and|of|the|al|el|bin)){1,3}"
_NAME_LINE = re.compile(rf"(?:by\s+)?{_NAME_WORDS}(?:\s*(?:,|and|&)\s*{_NAME_WORDS})*", re.I)
#: an author's bio closing the page: "Jane Roe is a correspondent for Example News covering the Gulf."
_BIO = re.compile(rf"^{_NAME_WORDS}\s+(?:is|was|has been|covers|reports|writes)\b[^.!?\"“”]{{0,160}}"
                  r"\b(?:correspondent|reporter|editor|writer|journalist|columnist|contributor|producer|bureau chief)s?\b"
                  r"[^!?\"“”]{0,200}$")
MAX_BIO_WORDS = 60
MAX_NAMES_WORDS = 12
#: a tag row: items joined by commas, bars or dots ("Iraq, Syria, United States")
_TAG_SEPARATORS = re.compile(r"\s*[,|·•]\s*")
_SENTENCE_MARKS = re.compile(r"[.!?:;\"“”]")
_VERBAL = re.compile(r"(?:ed|ing)$")
#: what a label is written with: words, "&", "U.S." — not a dateline's dash or brackets ("BAGHDAD (AP) —")
_LABEL_CHARS = re.compile(r"[\w&'’ .]*\w")
_LABEL_WORDS_NOT_VERBS = {"breaking", "trending", "featured", "sponsored", "related", "recommended", "opinion"}
#: share of content words two lines must have in common to describe the same picture
TWIN_SHARE = 0.6
#: shortest closing line read as a related headline (shorter ones may be a sign-off or a label)
MIN_CLOSING_WORDS = 6
_FUNCTION_WORDS = frozenset(
    "a an the and or but of in on at to for from by with as that which who whose than then is are was were be been "
    "has have had will would can could may might its their his her our this these those into over after before "
    "about against between during under while if so not no".split())
_SENTENCE_QUOTES = re.compile(r"[\"“”]")
_WIDE_GAP = 2  # blank lines: wider than a paragraph break, as around an embedded post


@dataclass
class Part:
    """A piece of a line: its kind (None until decided) and where it stands."""

    kind: str | None
    start: int
    end: int
    para: bool  # opens a paragraph
    line: bool  # starts a line (not the second piece of a split line)
    blank: bool  # a blank line before it
    gap: int = 0  # blank lines before it


def resolve(text: str, parts: list[Part]) -> list[Part]:
    """Give every part a kind, by the context rules in order; may split a part (a breadcrumb fused with the
    headline). Returns the parts, still in text order and covering the same characters."""
    rules = (_other_script, _joined_lines, _alt_text, _caption_twins, _header_runs, _cue_blocks, _embeds)
    for rule in rules:
        rule(text, parts)
    parts = _top_of_page(text, parts)
    for rule in (_title, _repeated_headline, _name_in_place, _bottom_tags, _closing_headline):
        rule(text, parts)
    for part in parts:
        if part.kind is None:
            part.kind = "body"
    return parts


def _s(text: str, part: Part) -> str:
    return text[part.start:part.end]


# --- whole-text rules -------------------------------------------------------------------------------------------

def _other_script(text: str, parts: list[Part]) -> None:
    """A line mostly in another script than the article's (site furniture in Arabic around an English
    article) is boilerplate. The article's script is the one most of its letters are written in."""
    counts = script_counts(text)
    if len(counts) < 2:
        return
    main = max(counts, key=counts.get)
    for part in parts:
        if part.kind is None:
            line = script_counts(_s(text, part))
            letters = sum(line.values())
            if letters >= 2 and line.get(main, 0) * 2 < letters:
                part.kind = "boilerplate"


def _joined_lines(text: str, parts: list[Part]) -> None:
    """A bracket opened on one line and closed on the next ("(More" / "Iraq stories.)"): the two lines are
    read as one, and get the kind the joined line has."""
    for a, b in pairwise(parts):
        sa = _s(text, a)
        if (a.kind is None and b.kind is None and b.line and not b.blank and sa.startswith("(")
                and ")" not in sa):
            kind = line_kind(sa + " " + _s(text, b))
            if kind:
                a.kind = b.kind = kind


def _alt_text_like(s: str) -> bool:
    return 1 <= words(s) <= MAX_ALT_WORDS and not s.rstrip("\"'”’").endswith((".", ",", ";", ":"))


def _alt_text(text: str, parts: list[Part]) -> None:
    """A short line without a full stop directly above a credit line is the image's alt text: caption. In a
    text of paragraphs (blank lines between them), a caption sentence run straight into its credit line
    ("Smoke rises over the base on Friday.\n(AFP via Getty Images)") is a caption too."""
    for part, nxt in pairwise(parts):
        if part.kind is not None or nxt.blank or nxt.kind != "caption":
            continue
        s, credit = _s(text, part), _s(text, nxt)
        if is_credit(credit) and _alt_text_like(s):
            part.kind = "caption"
        elif (not nxt.para and words(s) <= MAX_CAPTION_ABOVE_WORDS
              and (is_credit(credit) or (credit.startswith("(") and credit.endswith(")")))):
            part.kind = "caption"


def _content_words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", s.casefold())}


def _twin(s: str, caption: str) -> bool:
    """Two captions of one picture (alt text and caption, or two sizes of it) open alike or share most words."""
    if _SENTENCE_QUOTES.search(s) or words(s) > MAX_CAPTION_ABOVE_WORDS or words(s) < 4:
        return False
    a, b = s.casefold().split(), caption.casefold().split()
    if a[:2] == b[:2]:
        return True
    wa, wb = _content_words(s), _content_words(caption)
    return bool(wa and wb) and len(wa & wb) >= TWIN_SHARE * min(len(wa), len(wb))


def _caption_twins(text: str, parts: list[Part]) -> None:
    """A line next to a caption that describes the same picture ("People gather around a destroyed car…" above
    "People gather as a destroyed vehicle is loaded… REUTERS") is a caption too: pages print a picture's alt
    text and its caption one after the other."""
    for a, b in pairwise(parts):
        if a.kind is None and b.kind == "caption" and b.gap <= 1 and _twin(_s(text, a), _s(text, b)):
            a.kind = "caption"
        elif b.kind is None and a.kind == "caption" and b.gap <= 1 and _twin(_s(text, b), _s(text, a)):
            b.kind = "caption"


def _header_runs(text: str, parts: list[Part]) -> None:
    """A header alone on its line gives its kind to the rest of its paragraph: "Reader comments", "Topics",
    "More on this story" (dates and bylines of the listed links included); "Image caption," to the next line."""
    run, once = None, False
    for part in parts:
        if part.para:
            run = None
        if run:
            if part.kind in (None, "date", "byline"):  # a related link's date belongs to the inserted block
                part.kind = run
            if once:
                run = None
            continue
        line = _s(text, part)
        if part.kind == "comment" and COMMENT_HEADER.match(line):
            run, once = "comment", False
        elif part.kind == "boilerplate" and BOILERPLATE_HEADER.match(line):
            run, once = "boilerplate", False
        elif part.kind == "caption" and CAPTION_LABEL.match(line):
            run, once = "caption", True  # "Image caption," then the caption on the next line


def _list_item(s: str, last: bool) -> bool:
    """Shaped like a headline in a list of links: short, capitalised, no closing full stop (a question mark or
    an ellipsis may close it). The last line of a cut-off text may be a cut-off headline."""
    s = _BULLET.sub("", s).strip()
    if not s or words(s) > MAX_LIST_WORDS:
        return False
    if s.rstrip("\"'”’»").endswith((".", ",", ";", ":")) and not s.endswith(("...", "…")):
        return False
    return last or s[0].isupper() or s[0].isdigit() or s[0] in "\"“‘'"


def _cue_blocks(text: str, parts: list[Part]) -> None:
    """Under a cue alone on its line ("More News", "Related Posts", "Read more", "Most read") the headlines
    it lists are clutter of the cue's kind, across blank lines, up to the first line that reads as a sentence.
    Lines already set aside (dates, bylines, captions) do not end the list."""
    cue = None
    for i, part in enumerate(parts):
        s = _s(text, part)
        if part.kind in ("comment", "boilerplate") and (COMMENT_HEADER.match(s) or BOILERPLATE_HEADER.match(s)):
            cue = part.kind
        elif cue and part.kind is None:
            if _list_item(s, last=i == len(parts) - 1):
                part.kind = cue
            else:
                cue = None


def _embeds(text: str, parts: list[Part]) -> None:
    """The rest of an embedded post around the line that shows it is one: the post's text above a signature
    line of its own ("— Name (@handle) January 3, 2020"); a "BREAKING:" line next to an embed; a headline-
    shaped line (a video's or post's title) set off by a wide gap right above an embed."""
    for i, part in enumerate(parts):
        if part.kind != "comment" or not is_embed(_s(text, part)):
            continue
        s = _s(text, part)
        if s[:1] in "—–-" and i > 0:  # a signature alone: the post's text is what stands right above it
            j = i - 1
            while j >= 0 and parts[j].kind is None:
                parts[j].kind = "comment"
                if parts[j].para:
                    break
                j -= 1
        for j in (i - 1, i + 1):
            if 0 <= j < len(parts) and parts[j].kind is None and _BREAKING.match(_s(text, parts[j])):
                parts[j].kind = "comment"
        if i > 0 and part.gap >= _WIDE_GAP:
            above = parts[i - 1]
            if above.kind is None and headline_like(_s(text, above), MAX_LIST_WORDS):
                above.kind = "comment"


# --- the top of the page ----------------------------------------------------------------------------------------

def _capitalised(s: str) -> bool:
    return all(w[:1].isupper() or not w[:1].isalpha() for w in s.split())


def _verbal(s: str) -> bool:
    return any(_VERBAL.search(w.lower()) and w.lower() not in _LABEL_WORDS_NOT_VERBS
               for w in re.findall(r"[A-Za-z]{4,}", s))


def _name_line(s: str) -> bool:
    """A line of one to three names alone ("Jane Roe", "By Jane Roe and John Doe")."""
    return words(s) <= MAX_NAMES_WORDS and bool(_NAME_LINE.fullmatch(s))


def _section_label(s: str, nxt: str | None) -> bool:
    """A section name, tag row or language switch above the headline: at most three capitalised words
    without a verb or a full stop ("WORLD", "US Syria"), followed by a longer headline-shaped line, or of at
    most two words (a one- or two-word headline is rare; a section name is not)."""
    n = words(s)
    if not 1 <= n <= MAX_LABEL_WORDS or not _LABEL_CHARS.fullmatch(s) or not _capitalised(s) or _verbal(s):
        return False
    if n <= 2:
        return True
    return nxt is not None and headline_like(nxt) and words(nxt) > n


def _top_of_page(text: str, parts: list[Part]) -> list[Part]:
    """Above the first full paragraph: breadcrumbs ("Home > World"), section labels and tag rows are
    navigation (boilerplate); a breadcrumb printed on the headline's line ("Home Air US strikes…", the
    headline printed again below) is cut off it."""
    top: list[int] = []
    for i, part in enumerate(parts[:TOP_PARTS]):
        if part.kind is None and words(_s(text, part)) >= MIN_PARAGRAPH_WORDS:
            break
        top.append(i)
    undecided = [i for i in top if parts[i].kind is None]
    # a breadcrumb fused with the headline, which is printed again on a later line
    for a, i in enumerate(undecided):
        si = _s(text, parts[i])
        for j in undecided[a + 1:]:
            sj = _s(text, parts[j])
            head = si[:len(si) - len(sj)]
            if (len(sj) < len(si) and si.endswith(sj) and head.endswith((" ", "\t")) and headline_like(sj)
                    and 1 <= words(head) <= MAX_CRUMB_WORDS):
                part = parts[i]
                cut = part.start + len(head.rstrip())
                parts[i:i + 1] = [Part("boilerplate", part.start, cut, part.para, part.line, part.blank, part.gap),
                                  Part(None, part.start + len(head), part.end, False, False, False)]
                return _top_of_page(text, parts)  # positions moved: once more (at most TOP_PARTS times)
    for i in undecided:
        s = _s(text, parts[i])
        if (_CRUMBS.match(s) or _HOME_CRUMBS.match(s)) and words(s) <= 2 * MAX_CRUMB_WORDS:
            parts[i].kind = "boilerplate"  # breadcrumbs, wherever they stand at the top
        elif _name_line(s) and any(0 <= j < len(parts) and parts[j].kind in ("date", "byline")
                                     for j in (i - 1, i + 1)):
            parts[i].kind = "byline"  # an author's name beside the date stamp or another byline
    # labels above the headline
    undecided = [i for i in undecided if parts[i].kind is None]
    for a, i in enumerate(undecided):
        s = _s(text, parts[i])
        nxt = _s(text, parts[undecided[a + 1]]) if a + 1 < len(undecided) else None
        if i + 1 < len(parts) and _section_label(s, nxt):
            parts[i].kind = "boilerplate"
        else:
            break  # the headline: what follows it is not a label above it
    return parts


def _title(text: str, parts: list[Part]) -> None:
    """The title: the first undecided part when only date/byline/caption/boilerplate came before it, if it
    reads like a headline (2-30 words, at most 200 characters, no closing full stop, comma or colon)."""
    for part in parts:
        if part.kind is None:
            if headline_like(_s(text, part), MAX_TITLE_WORDS, MAX_TITLE_CHARS) and part is not parts[-1]:
                part.kind = "title"
            return
        if part.kind not in ("date", "byline", "caption", "boilerplate", "comment"):
            return


def _norm(s: str) -> str:
    s = re.sub(r"[‘’`´]", "'", s.casefold())
    s = re.sub(r"[“”«»]", '"', s)
    return " ".join(s.split())


def _repeated_headline(text: str, parts: list[Part]) -> None:
    """The headline printed a second time (equal or nearly equal to the title) is page furniture."""
    title = next((p for p in parts if p.kind == "title"), None)
    if title is None:
        return
    t = _norm(_s(text, title))
    for part in parts:
        if part.kind is not None or part.start < title.end:
            continue
        s = _s(text, part)
        if abs(len(s) - len(t)) > (1 - SAME_HEADLINE) * 2 * len(t):
            continue
        s = _norm(s)
        same = SequenceMatcher(None, s, t, autojunk=False)
        if s == t or (same.real_quick_ratio() >= SAME_HEADLINE and same.quick_ratio() >= SAME_HEADLINE
                      and same.ratio() >= SAME_HEADLINE):
            part.kind = "boilerplate"
    # the headline printed again with the site's name after it ("US strikes Syria | Example News"), or without
    for part in parts:
        if part.kind is None and part.start > title.end:
            s = _norm(_s(text, part))
            longer, shorter = (s, t) if len(s) > len(t) else (t, s)
            if longer.startswith(shorter) and _SITE_SUFFIX.fullmatch(longer[len(shorter):]):
                part.kind = "boilerplate"


def _cut_off(s: str) -> bool:
    """A line that stops where a sentence cannot: on a little word or a verb's -ing ("… usually with a")."""
    last = re.findall(r"[\w'’-]+", s.casefold())[-1:]
    return not last or last[0] in _FUNCTION_WORDS or last[0].endswith("ing")


def _closing_headline(text: str, parts: list[Part]) -> None:
    """A headline-shaped line closing the page, its own paragraph after the article's last full sentence, is a
    link to another story ("US strikes militia headquarters in the capital, killing a commander"): related.
    Not when the article's text ends without a full stop (a saved copy cut off mid-paragraph). Kind: boilerplate,
    as for the headlines listed under a "More News" cue."""
    rest = [p for p in parts if p.kind in (None, "title")]
    if len(rest) < 3:
        return
    last, before = rest[-1], rest[-2]
    s = _s(text, last)
    if (last.kind is None and last.blank and before.kind is None
            and MIN_CLOSING_WORDS <= words(s) <= MAX_LIST_WORDS and headline_like(s)
            and not _SENTENCE_QUOTES.search(s) and s[:1].isupper()
            and not _cut_off(s) and _s(text, before).rstrip("\"'”’»)").endswith((".", "!", "?"))
            and words(_s(text, before)) >= MIN_PARAGRAPH_WORDS):
        last.kind = "boilerplate"


def _name_in_place(text: str, parts: list[Part]) -> None:
    """Bylines without "By" ("Julian Borger in Washington"), only above the first full paragraph."""
    for part in parts:
        line = _s(text, part)
        if part.kind is None and words(line) >= MIN_PARAGRAPH_WORDS:
            break
        if part.kind is None and _NAME_IN_PLACE.match(line):
            part.kind = "byline"


# --- the bottom of the page ---------------------------------------------------------------------------------------

def _tag_row(s: str) -> bool:
    """A row of tags: lower-case keywords without punctuation ("usa iraq strike"), or short capitalised items
    joined by commas, bars or dots ("Iraq, Syria, United States")."""
    if words(s) > MAX_TAG_WORDS or _SENTENCE_MARKS.search(s):
        return False
    if words(s) >= 2 and not any(c.isupper() for c in s) and re.fullmatch(r"[\w\s,'’-]+", s):
        return True
    items = [x for x in _TAG_SEPARATORS.split(s) if x]
    return len(items) >= 2 and all(words(x) <= MAX_LABEL_WORDS and _capitalised(x) for x in items)


def _bottom_tags(text: str, parts: list[Part]) -> None:
    """Tag rows and authors' bios closing the page, each its own paragraph after the last of the article's
    lines: boilerplate and byline."""
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        if part.kind is not None:
            continue
        s = _s(text, part)
        if part.blank and _tag_row(s):
            part.kind = "boilerplate"
        elif words(s) <= MAX_BIO_WORDS and _BIO.match(s):
            part.kind = "byline"
        elif _name_line(s) and any(0 <= j < len(parts) and parts[j].kind in ("byline", "comment")
                                     for j in (i - 1, i + 1)):
            part.kind = "byline"  # the author's name above a bio or a handle
        else:
            return
