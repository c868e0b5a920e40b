"""Normalised forms of text, for matching only. The original text is never changed.

Quote marks, apostrophes and dashes come in many styles across outlets (“ ” ‘ ’ « » — – -); two
renderings of one statement should compare equal after `normalize`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TRANSLATE = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "`": "'",
    "\u2014": "-", "\u2013": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
})
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, straight quotes and apostrophes, plain hyphens for every dash, single spaces, stripped."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_TRANSLATE)).strip()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """`normalize`, then lower case without accents or apostrophes: for name look-ups (Kata'ib = Kataib)."""
    t = unicodedata.normalize("NFKD", normalize(text))
    if not t.isascii():  # (ASCII has no combining marks: skip the per-character pass)
        t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return t.replace("'", "").lower()


def cell_text(value) -> str:
    """A table cell as a string: '' for None and NaN (what pandas puts in an empty cell), else str(value)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def split_list(cell) -> list[str]:
    """A ';'-separated reference cell ("Irbil;Arbil;Hewler") as its stripped, non-empty parts."""
    return [part.strip() for part in cell_text(cell).split(";") if part.strip()]
