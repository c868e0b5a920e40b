"""The one number reader: numerals and number words → integers, with qualifiers, and never unbounded.

Why one: the casualty extractor, the date resolver ("two days later") and event matching ("seven
facilities") each kept a table of number words; they disagreed past ten. And why bounded: article text is
untrusted. A 4,400-digit numeral made Python refuse the conversion and a 310-digit one became infinity in a
comparison, which silently switched a check off for every article. Numbers here are read only up to
`MAX_DIGITS` digits; anything longer, or larger than `MAX_VALUE`, is not a number (`None`), and
`implausible(n)` tells a caller when a readable number is too large to be a count of people or things.

- `parse_number("2,500")` → 2500; `"three"` → 3; `"twenty-one"` → 21; `"a"` → 1; `"1" * 400` → None.
- `parse_number("three hundred")` → 300, `"two thousand"` → 2000: a number word times hundred or thousand.
- `read_quantity("at least five Iraqi militiamen")` → (5, None, 'at least', 13): the quantity that opens a
  phrase, with its qualifier (see `QUALIFIER`) and its length in characters. "dozens", "scores",
  "hundreds", "thousands" are lower bounds (24, 40, 200, 2000: the smallest number the word allows);
  "another civilian" is one more (1), "another 20 people" 20 more (20).
- `number_word_digits(word)` → "7" for "seven": the digit form used when matching words across texts.
"""

from __future__ import annotations

import re

#: numerals longer than this are not read as numbers (Python refuses > 4,300 digits; counts never need 10)
MAX_DIGITS = 12
#: a count above this is not a count of people or things in a news report: kept as text, flagged implausible
MAX_VALUE = 10_000_000

UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen twenty").split()
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
#: every number word the readers accept, with its value
WORDS: dict[str, int] = {w: i for i, w in enumerate(UNITS)}
WORDS.update(TENS)
WORDS.update({"hundred": 100, "a": 1, "an": 1, "a dozen": 12, "dozen": 12, "a single": 1, "single": 1})
#: words that stand for a lower bound only ("dozens of fighters" = at least 24)
VAGUE = {"dozens": ("at least", 24), "scores": ("at least", 40), "hundreds": ("at least", 200),
         "thousands": ("at least", 2000)}
#: "three hundred", "two thousand": a number word times one of these
MULTIPLIERS = {"hundred": 100, "thousand": 1000}
#: a number as a regex: numerals (with thousands commas) and number words
_WORD_NUMBER = (rf"(?:(?:{'|'.join(TENS)})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
                r"|" + "|".join(reversed(UNITS)) + r"|an?)(?:\s+(?:hundred|thousand)\b)?")
NUMBER = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,{MAX_DIGITS}}}(?!\d)|\d+"
          rf"|a\s+dozen|a\s+single|{_WORD_NUMBER})")
QUALIFIER_WORDS = (r"at\s+least|a\s+minimum\s+of|no\s+fewer\s+than|no\s+less\s+than|more\s+than|over|in\s+excess\s+of"
                   r"|nearly|almost|about|around|approximately|roughly|some|close\s+to|up\s+to|as\s+many\s+as"
                   r"|fewer\s+than|less\s+than|at\s+most|a\s+maximum\s+of|between|an\s+estimated")
_QUAL = rf"(?P<qual>{QUALIFIER_WORDS})?\s*"
#: a number glued to a unit by a hyphen is an adjective, not a count: "the 62-year-old general", "a two-day visit"
_QUANTITY = re.compile(rf"^(?:the\s+|a\s+total\s+of\s+|another\s+)?{_QUAL}(?P<a>{NUMBER})(?:\s*(?:and|to|-|–|or)\s*(?P<b>{NUMBER}))?"
                       r"\b(?![-‐][^\W\d])(?!\s+(?:number|few|handful|lot|series|group|couple|minimum|maximum)\b)", re.I)
_VAGUE_RE = re.compile(r"^(?:the\s+)?(?P<word>dozens|scores|hundreds|thousands)\b", re.I)
#: "another civilian employee" = one more; "another 20" is read as 20 by `_QUANTITY`
_ANOTHER = re.compile(r"^another\b(?=\s+[^\W\d])", re.I)
#: qualifier as printed → qualifier of the tables (schema.QUALIFIERS)
QUALIFIER = {"at least": "at least", "a minimum of": "at least", "no fewer than": "at least",
             "no less than": "at least", "more than": "more than", "over": "more than",
             "in excess of": "more than", "nearly": "about", "almost": "about", "about": "about",
             "around": "about", "approximately": "about", "roughly": "about", "some": "about",
             "close to": "about", "an estimated": "about", "up to": "up to", "as many as": "up to",
             "fewer than": "up to", "less than": "up to", "at most": "up to", "a maximum of": "up to",
             "between": "between"}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def parse_number(text: str) -> int | None:
    """'2,500' → 2500, 'three' → 3, 'twenty-one' → 21, 'a' → 1; None when it is no number or too long."""
    t = " ".join(text.lower().replace("-", " ").split())
    if _DIGITS.fullmatch(t):
        digits = t.replace(",", "")
        if len(digits) > MAX_DIGITS:
            return None
        return int(digits)
    if t in WORDS:
        return WORDS[t]
    parts = t.split()
    factor = 1
    if len(parts) >= 2 and parts[-1] in MULTIPLIERS:  # "three hundred", "two thousand", "a hundred"
        factor, parts = MULTIPLIERS[parts[-1]], parts[:-1]
        if len(parts) == 1 and parts[0] in WORDS and parts[0] not in ("zero", "hundred", "single", "dozen"):
            return WORDS[parts[0]] * factor
    if len(parts) == 2 and parts[0] in TENS and parts[1] in WORDS and WORDS[parts[1]] < 10:
        return (TENS[parts[0]] + WORDS[parts[1]]) * factor
    return None


def implausible(value) -> bool:
    """Is a figure too large (or not finite) to be a count in a news report?"""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return False
    return not (v == v and abs(v) <= MAX_VALUE)


def read_quantity(phrase: str) -> tuple[int | None, int | None, str, int] | None:
    """(min, max, qualifier, length of the quantity in characters) at the start of a phrase, or None.

    "at least five Iraqi militiamen" → (5, None, 'at least', 13); "a US service member" → (1, 1,
    'exact', 1); "between 5 and 7 people" → (5, 7, 'between', 15); "several others" → None.
    """
    m = _VAGUE_RE.match(phrase)
    if m:
        qual, n = VAGUE[m.group("word").lower()]
        return n, None, qual, m.end()
    m = _QUANTITY.match(phrase[:400])  # a quantity is short: never scan a long phrase
    if not m:
        m = _ANOTHER.match(phrase)
        return (1, 1, "exact", m.end()) if m else None
    a = parse_number(m.group("a"))
    b = parse_number(m.group("b")) if m.group("b") else None
    if a is None:
        return None
    qual = QUALIFIER.get(" ".join((m.group("qual") or "").lower().split()), "exact")
    if b is not None and b > a:
        return a, b, "between", m.end()
    if qual in ("at least", "more than"):
        return a, None, qual, m.end()
    if qual == "up to":
        return None, a, qual, m.end()
    if qual == "between":
        return None
    return a, a, qual, m.end()


def number_word_digits(word: str) -> str:
    """'seven' → '7', 'twelve' → '12' (any other word unchanged): one spelling for matching texts."""
    value = WORDS.get(word)
    return str(value) if value is not None and word not in ("a", "an", "single", "a single") else word


def as_float(value) -> float | None:
    """A table cell as a number: None for a blank, missing, NaN or non-numeric cell (coordinates, figures)."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN is the one value not equal to itself
