"""Quotation marks: where the quoted words of an article are (plain text, no NLP).

Why apart from attribution: finding the marks fails differently from finding the speaker (a stray
apostrophe, an unclosed mark) and is tested on plain strings. Outlets print quotes with straight "…", curly
“…”, single ‘…’ or '…' marks, and copy-editing slips mix them (opened with “, closed with "). Each mark is
classified as opening or closing from the characters around it, so a straight " is an opener after a space
and a closer before one; ’ followed by a letter is an apostrophe (Iran’s), never a closing mark. A quote
never runs past the end of its paragraph unless the text plainly continues on the next line (the opening
mark ends the line, or the line breaks in mid-sentence), and never past the end of the article's own words:
an unbalanced mark must not swallow the rest of the article. Single-quoted spans are only kept when they
close inside their paragraph (an unclosed ' is usually an apostrophe). Quotes nested inside a quote are part
of it, not rows of their own. « guillemets » always open/close (French inner spaces are not part of the
words); a single mark after an s is a plural possessive ('the militias' bases') when the next single mark of
the paragraph can only close.

One left-to-right pass over the text: linear in its length.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_OPEN_DOUBLE = "\u201c\u201e\u00ab"
_CLOSE_DOUBLE = "\u201d\u00bb"
_STRAIGHT_DOUBLE = '"'
_OPEN_SINGLE = "\u2018"
_CLOSE_SINGLE = "\u2019"
_STRAIGHT_SINGLE = "'"
ALL_MARKS = _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE + _OPEN_SINGLE + _CLOSE_SINGLE + _STRAIGHT_SINGLE
_BEFORE_OPEN = set(" \t\n\r\u00a0\u2009\u202f([{\u2014\u2013-/:") | set(ALL_MARKS)
TERMINAL = tuple(".!?\u2026:;")


def _side(text: str, i: int) -> tuple[str, str]:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    return prev, nxt


def _mark_role(text: str, i: int) -> str:
    """'open', 'close', 'apostrophe' or 'either' for the quote mark at text[i], from its neighbours."""
    ch = text[i]
    if ch == "\u00ab":
        return "open"  # « » are never apostrophes and never mistaken for each other (French spacing: « mot »)
    if ch == "\u00bb":
        return "close"
    prev, nxt = _side(text, i)
    opener_ctx = (prev in _BEFORE_OPEN or prev.isspace()) and not nxt.isspace()
    closer_ctx = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if ch in (_CLOSE_SINGLE, _STRAIGHT_SINGLE):
        if prev.isalnum() and nxt.isalnum():
            return "apostrophe"  # Iran’s, Kata'ib, don't
        if ch == _STRAIGHT_SINGLE and prev.isdigit():
            return "apostrophe"  # 5' (feet)
        if nxt.isdigit() and not opener_ctx:
            return "apostrophe"
    if ch == _STRAIGHT_DOUBLE and prev.isdigit() and not opener_ctx:
        return "apostrophe"  # 12" (inches)
    if opener_ctx and not closer_ctx:
        return "open"
    if closer_ctx and not opener_ctx:
        return "close"
    if ch in _OPEN_DOUBLE + _OPEN_SINGLE:
        return "open"
    if ch in _CLOSE_DOUBLE + _CLOSE_SINGLE:
        return "close"
    return "either"


def _line_continues(text: str, open_at: int, line_end: int, limit: int) -> bool:
    """Whether an unclosed quote open at the end of a line goes on in the next line."""
    if line_end >= limit:
        return False
    content = text[open_at + 1:line_end].strip()
    gap = _SPACES.match(text, line_end, limit).end()  # the whitespace after the line, read once
    if gap >= limit or text[gap] in _OPEN_DOUBLE + _STRAIGHT_DOUBLE + _OPEN_SINGLE:
        return False  # a new paragraph that opens its own quote: the multi-paragraph convention
    if not content:
        return True  # the opening mark ends the line: the words are on the next one
    blank = text.count("\n", line_end, gap) > 1
    return not blank and not content.endswith(TERMINAL) and text[gap].islower()


_SPACES = re.compile(r"\s*")


def find_quotes(text: str, spans: list[tuple[int, int]] | None = None) -> list[dict]:
    """Quoted passages of `text` inside the given (start, end) spans (default: all of it).

    Each is a dict: start/end of the words between the marks (text[start:end] as printed), open_mark/
    close_mark offsets (close_mark None when the quote was capped at the paragraph end), and `paragraph`
    (offset of the start of the paragraph holding the opening mark).
    """
    spans = spans or [(0, len(text))]
    breaks = [m.start() for m in _BREAKS.finditer(text)]  # every "\n\n", overlapping ones too
    quotes: list[dict] = []
    for a, b in spans:
        quotes += _scan(text, a, b, breaks)
    return quotes


_BREAKS = re.compile(r"(?=\n\n)")


def _scan(text: str, a: int, b: int, breaks: list[int]) -> list[dict]:
    out: list[dict] = []
    state = None  # None | ("double"|"single", open index)
    i = a
    while i < b:
        ch = text[i]
        if ch == "\n" and state is not None:
            kind, at = state
            if kind == "single":
                state = None  # an unclosed single mark is an apostrophe or a typo, not a quote
            elif not _line_continues(text, at, i, b):
                _emit(out, text, breaks, at, i, None)
                state = None
            i += 1
            continue
        if ch not in ALL_MARKS:
            i += 1
            continue
        role = _mark_role(text, i)
        double = ch in _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE
        if role == "apostrophe":
            i += 1
            continue
        if state is None:
            if role in ("open", "either") and (double or role == "open"):
                state = ("double" if double else "single", i)
        else:
            kind, at = state
            if kind == "double" and not double:
                pass  # single marks inside a double quote belong to it
            elif kind == "single" and double:
                state = ("double", i) if role in ("open", "either") else None
            elif role in ("close", "either"):
                if kind == "single" and _plural_possessive(text, i, b):
                    i += 1
                    continue
                _emit(out, text, breaks, at, i, i)
                state = None
            elif role == "open" and double:
                # a second opener while open: the first was never closed; cap it before this one
                _emit(out, text, breaks, at, i, None)
                state = ("double", i)
        i += 1
    if state is not None and state[0] == "double":
        _emit(out, text, breaks, state[1], b, None)
    return out


def _plural_possessive(text: str, i: int, b: int) -> bool:
    """'the militias' bases': a single mark after an s, followed by a word, is a plural possessive when the
    next single mark of the paragraph can only close (the quote goes on to it)."""
    if text[i - 1:i] not in ("s", "S") or not text[i + 1:i + 2] == " " or not text[i + 2:i + 3].isalpha():
        return False
    j = i + 1
    while j < b and text[j] != "\n":
        c = text[j]
        if c in _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE:
            return False
        if c in _OPEN_SINGLE + _CLOSE_SINGLE + _STRAIGHT_SINGLE:
            role = _mark_role(text, j)
            if role != "apostrophe":
                return role == "close"
        j += 1
    return False


def _emit(out, text, breaks, open_at, stop, close_at):
    start = open_at + 1
    end = stop
    if close_at is None:
        while end > start and text[end - 1].isspace():
            end -= 1
    # « mot »: the spaces French typography puts inside the marks are not part of the words
    while start < end and text[start] in " \u00a0\u202f\u2009":
        start += 1
    while end > start and text[end - 1] in " \u00a0\u202f\u2009":
        end -= 1
    words = text[start:end]
    if not any(c.isalpha() for c in words):
        return
    k = bisect_right(breaks, open_at - 2) - 1  # the last paragraph break wholly before the mark
    out.append({"start": start, "end": end, "open_mark": open_at, "close_mark": close_at,
                "paragraph": breaks[k] + 2 if k >= 0 else 0})


def quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every quoted passage with its marks, as `find_quotes` finds them (mismatched marks,
    a quote capped at its paragraph's end): for the date readers, which do not resolve a speaker's "today"
    against the article's date."""
    return tuple((q["open_mark"], q["close_mark"] + 1 if q["close_mark"] is not None else q["end"])
                 for q in find_quotes(text))
