"""The one name matcher: people and organisations of the reference tables, found in text by any spelling.

Why one: the same person is printed "Pentagon press secretary John Kirby", "Kirby" and "Mr Kirby"; the same
militia "Kata'ib Hezbollah", "Kataib Hizbollah" and "KH". Matching used to be done twice over the same
names (a regex scanner in the entities extractor and phrase patterns in spaCy's EntityRuler), and a third
alias regex lived in the checks; they disagreed on hyphens and apostrophes. Now:

- `key(text)` is the look-up key under which spellings of one name coincide (folded letters and digits);
- `alias_pattern(alias)` / `name_regex(name)` turn a name into a regex over original text that tolerates
  apostrophe, dash, dot and space variants ("Abdul-Mahdi" = "Abdul Mahdi");
- `NameIndex` (`name_index(ref)`) compiles every alias of `people.csv` and `groups.csv` once and finds them
  in text (`find`), looks mentions up (`lookup`) and knows surnames (`person_surnames`). The parse runs it
  once per article (`extract.parse`: it tags the spans for spaCy's NER and keeps them for the extractors).

All-capital acronyms ("KH", "PMF") must match case; other aliases match any case.
"""

from __future__ import annotations

import re
from functools import lru_cache

from strikebook.text.normalize import fold, split_list

_APOS = "'\u2019\u2018\u02bc`"
#: lower-case particles that are part of a name ("al-Muhandis", "Abu-…"), never a separate word
#: Doc.user_data key under which the parse keeps the names it found: [(start, end, kind, canonical)]
NAMES_KEY = "strikebook.names"
#: lower-case particles
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "abd", "van", "von", "de", "da", "di", "le", "la"}
#: what may join two parts of a name: spaces, or one hyphen/dash (with or without spaces round it)
_JOIN = r"(?:\s*[-\u2010\u2011\u2013]\s*|\s+)"
#: first halves of Arabic compound names: "Abdul Mahdi", "Abu Kamal", "Abd al-Aziz" are one surname
_COMPOUND_FIRST = {"abdul", "abdel", "abdol", "abd", "abu", "abou", "bin", "ibn", "bint", "ould"}




def key(text: str) -> str:
    """Letters and digits only, folded: the look-up key under which spellings of one name coincide."""
    return re.sub(r"[\W_]+", "", fold(text))


def alias_pattern(alias: str) -> str:
    """A regex for one alias that tolerates apostrophe, dash, dot and space variants: a hyphen and a space
    between two name parts are interchangeable ("Abdul-Mahdi" = "Abdul Mahdi"), as they are in `key`."""
    out = []
    for ch in alias:
        if ch in _APOS:
            out.append(f"[{_APOS}]?")
        elif ch in "-\u2010\u2011\u2013":
            out.append(_JOIN + "?")
        elif ch == " ":
            out.append(_JOIN)
        elif ch == ".":
            out.append(r"\.?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def name_regex(name: str, ignore_case: bool | None = None) -> re.Pattern:
    """A name as a regex over original text (any apostrophe or none, hyphen or space alike), as a whole
    word; case-insensitive for names longer than four characters unless `ignore_case` says otherwise."""
    flags = re.IGNORECASE if (ignore_case if ignore_case is not None else len(name) > 4) else 0
    return re.compile(r"(?<![\w'\u2019])" + alias_pattern(name.strip()) + r"(?![\w])", flags)


def surnames(name: str) -> list[str]:
    """Forms of a full name a later mention may use alone: "Abu Mahdi al-Muhandis" → al-Muhandis, Muhandis."""
    parts = name.replace("\u2019", "'").split()
    if len(parts) < 2:
        return []
    last = parts[-1].rstrip(".,")
    if last.lower().rstrip(".") in {"jr", "sr", "ii", "iii", "iv"} and len(parts) > 2:
        last = parts[-2]
    out = [last]
    m = re.match(r"(?i)(?:al|el|ul)[-\s](.+)", last)
    if m:
        out.append(m.group(1))
    if len(parts) > 2 and parts[-2].lower() in _COMPOUND_FIRST:
        out.insert(0, f"{parts[-2]} {last}")  # "Adel Abdul Mahdi" is Mr Abdul Mahdi (or Abdul-Mahdi)
    return out


class NameIndex:
    """The people and groups of the reference tables, compiled once into two regexes (case-(in)sensitive)."""

    def __init__(self, people, groups):
        self.by_key: dict[str, tuple[str, str]] = {}  # key(alias) -> (kind, canonical name)
        self.person_surnames: dict[str, set[str]] = {}  # key(surname) -> canonical names
        self.org_kind: dict[str, str] = {}
        self.org_country: dict[str, str] = {}
        exact: list[str] = []
        loose: list[str] = []
        for row in getattr(people, "itertuples", lambda **_: [])(index=False):
            for alias in [row.name, *split_list(row.aliases)]:
                self._add(alias, "person", row.name, exact, loose)
                for s in surnames(alias):
                    self.person_surnames.setdefault(key(s), set()).add(row.name)
        for row in getattr(groups, "itertuples", lambda **_: [])(index=False):
            self.org_kind[row.name] = getattr(row, "kind", "") or "other"
            self.org_country[row.name] = getattr(row, "country", "") or ""
            for alias in [row.name, *split_list(row.aliases)]:
                alias = re.sub(r"(?i)^the\s+", "", alias)
                self._add(alias, "org", row.name, exact, loose)
        self.exact, self._exact_scan = self._compile(exact, 0)
        self.loose, self._loose_scan = self._compile(loose, re.IGNORECASE)

    def _add(self, alias, kind, name, exact, loose):
        k = key(alias)
        if not k or k in self.by_key:
            return
        self.by_key[k] = (kind, name)
        acronym = alias.replace(".", "").isupper() and len(alias) <= 6
        (exact if acronym else loose).append(alias)

    @staticmethod
    def _compile(aliases, flags):
        """The alternation of every alias, and a faster scanner that finds exactly the same matches.

        Python's regex engine tries a thousand alternatives at every word start; the scanner first looks
        at the word's first character and tries only the aliases that can begin with it, in the same order
        (so the same alternative wins), falling back to the full pattern for a non-ASCII first character.
        """
        if not aliases:
            return None, None
        pats = sorted({alias_pattern(a) for a in aliases}, key=len, reverse=True)
        full = re.compile(r"(?<!\w)(?:" + "|".join(pats) + r")(?![\w])", flags)
        if len(pats) < 100 or any(not p[:1].isalnum() for p in pats):  # few aliases, or one opening with
            return full, None  # punctuation: the plain alternation
        ascii_chars = [chr(code) for code in range(128)]
        opens = {f: [c for c in ascii_chars if re.fullmatch(re.escape(f), c, flags)] for f in {p[0] for p in pats}}
        groups: dict[str, list[str]] = {}
        for p in pats:  # in the full pattern's order
            for c in opens[p[0]]:
                groups.setdefault(c, []).append(p)
        compiled: dict[tuple, re.Pattern] = {}
        by_char: dict[str, re.Pattern] = {}
        for c, group in groups.items():
            k = tuple(group)
            if k not in compiled:  # 'a' and 'A' share one pattern when case is ignored
                compiled[k] = re.compile(r"(?<!\w)(?:" + "|".join(group) + r")(?![\w])", flags)
            by_char[c] = compiled[k]
        starts = "".join(re.escape(c) for c in by_char)
        candidates = re.compile(r"(?<!\w)(?:[" + starts + r"]|[^\x00-\x7f])")
        return full, (full, by_char, candidates)

    @staticmethod
    def _scan(scan, text: str, start: int, end: int):
        """The matches `full.finditer(text, start, end)` would give (see `_compile`)."""
        full, by_char, candidates = scan
        pos = start
        while True:
            c = candidates.search(text, pos, end)
            if c is None:
                return
            p = c.start()
            ch = text[p]
            m = (by_char[ch] if ch.isascii() else full).match(text, p, end)
            if m is not None:
                yield m
                pos = m.end()
            else:
                pos = p + 1

    def find(self, text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """(start, end, kind, canonical) of every reference name in text[start:end], longest first wins."""
        hits = []
        for rx, scan in ((self.loose, self._loose_scan), (self.exact, self._exact_scan)):
            if rx is None:
                continue
            for m in (self._scan(scan, text, start, end) if scan is not None else rx.finditer(text, start, end)):
                if not _free_start(text, m.start()):
                    continue
                hit = self.by_key.get(key(m.group()))
                if hit:
                    hits.append((m.start(), m.end(), hit[0], hit[1]))
        return _non_overlapping(hits)

    def lookup(self, mention: str) -> tuple[str, str] | None:
        """The (kind, canonical name) a name as printed stands for: its spelling as an alias, else with a leading
        particle or article dropped ("Al Nujaba movement" = "Nujaba Movement") or its last word's plural
        changed ("Popular Mobilization Force" = "… Forces"), as outlets print group names."""
        hit = self.by_key.get(key(mention))
        if hit is not None:
            return hit
        words = re.findall(r"[^\W_]+", fold(mention))
        variants = []
        if len(words) > 1 and (words[0] in NAME_PARTICLES or words[0] == "the"):
            variants.append(words[1:])
        for w in list(variants) + [words]:
            if len(w) > 1 and len(w[-1]) > 3:
                variants.append(w[:-1] + [w[-1][:-1] if w[-1].endswith("s") else w[-1] + "s"])
        for w in variants:
            hit = self.by_key.get("".join(w))
            if hit is not None:
                return hit
        return None


_HYPHENATED = re.compile(r"(\w+)-$")


def _free_start(text: str, start: int) -> bool:
    """A name may follow a hyphen only when a capitalised name stands before it ("the Israel-Hamas war",
    "US-Iran talks"), not inside a word ("pro-Hamas" is read, "al-Muhandis" is not split into "Muhandis")."""
    if start == 0 or text[start - 1] != "-":
        return True
    m = _HYPHENATED.search(text, max(0, start - 40), start)
    if m is None:
        return True
    word = m.group(1)
    return word[:1].isupper() and word.lower() not in NAME_PARTICLES


def _non_overlapping(hits):
    hits = sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))
    out, last_end = [], -1
    for h in hits:
        if h[0] >= last_end:
            out.append(h)
            last_end = h[1]
    return out


@lru_cache(maxsize=8)
def _name_index_cached(ref_id: int, ref) -> NameIndex:
    return NameIndex(ref.people, ref.groups)


def name_index(ref) -> NameIndex:
    """The compiled reference names (cached per loaded Reference object)."""
    return _name_index_cached(id(ref), ref)
