"""Load articles from files and folders into `Article` records, segmented, with one clear line per problem.

Why this layer exists: every later fact points back into an article with character offsets, so the text
kept here is the decoded original, unchanged (no normalising of quotes, dashes, spaces or line endings;
`text.normalize` makes matching forms on the side). A leading byte-order mark is part of the file's
encoding, not of its text: it is dropped by decoding ("utf-8-sig") and recorded in `encoding`.

What is read:
- a file path: that file; a folder path: its `.txt`, `.html` and `.htm` files (not its subfolders, not
  hidden files), in name order. Default: `data/articles` under the current folder, else the project's
  `data/articles` (config.data_dir()).
- `.txt`: decoded as UTF-8 ("utf-8"), UTF-8 with a BOM ("utf-8-sig"), UTF-16 with a BOM ("utf-16"),
  UTF-8 with a few stray cp1252 bytes ("utf-8+cp1252": copy-pasted text), else detected with
  charset-normalizer. Detection guesses poorly on short Western texts (it takes cp1252 curly quotes
  for cp1250), so a cp1252 reading is preferred when it decodes cleanly into plausible Western text.
- `.html`/`.htm`: decoded the same way, then the article is extracted with trafilatura. For these files
  `text` is trafilatura's extracted text and all offsets refer to it, not to the HTML source. Title and
  date fall back to trafilatura's metadata when the text has none.
- `manifest.csv` beside the files (optional): columns article_id, file, outlet, url, published, language,
  notes. It names the article ids and fills the metadata; empty fields stay empty.

Metadata: `published` comes from the manifest, else from the article's own date line, byline or dateline
(segment.stated_date); `title` from the title segment. The article id is the manifest's, else the file
name without its extension. Articles are sorted by id so every run writes the same tables.

Bad input never stops the run: each problem is one `Problem(path, message)` in `Corpus.problems` and the
other articles load. Empty, binary (NUL bytes or undecodable), too big (checked with stat before reading,
so a huge file costs no memory), missing paths, unreadable files, malformed manifests (missing column:
manifest ignored; unknown file: row ignored; duplicate id: later row or file ignored).
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from strikebook.ingest.segment import parse_date, segment_article, stated_date, title_of
from strikebook.records import Article, Problem
from strikebook.schema import COLUMNS

DEFAULT_MAX_BYTES = 5_000_000
ARTICLE_COLUMNS = list(COLUMNS["articles"])
SEGMENT_COLUMNS = list(COLUMNS["segments"])
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["article_id", "file", "outlet", "url", "published", "language", "notes"]
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES


@dataclass
class Corpus:
    """The articles read (sorted by id) and the problems met; both tables come from here."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def articles_frame(self) -> pd.DataFrame:
        """One row per article (schema `articles`); `event_id` is left empty for the events stage to fill."""
        rows = [{"article_id": a.article_id, "path": str(a.path), "title": a.title, "outlet": a.outlet,
                 "published": a.published, "language": a.language, "encoding": a.encoding,
                 "chars": len(a.text), "words": len(a.text.split()), "event_id": ""} for a in self.articles]
        return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)

    def segments_frame(self) -> pd.DataFrame:
        """One row per segment (schema `segments`); `text` is exactly `article.text[start:end]`."""
        rows = [{"article_id": a.article_id, "kind": s.kind, "start": s.start, "end": s.end,
                 "text": a.text[s.start:s.end]} for a in self.articles for s in a.segments]
        return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"path": p.path, "problem": p.message} for p in self.problems],
                            columns=["path", "problem"])


class InputError(Exception):
    """One input could not be read; the message is the one line the user sees."""


# --- decoding ------------------------------------------------------------------------------------------------

_WESTERN = set("‘’‚“”„–—…•€£¥«»°·§©®™†‡‰¢¡¿×÷¶ªº¹²³¼½¾\u00a0\u00ad")


def _plausible_western(text: str) -> bool:
    """Is a cp1252 reading believable: only Western punctuation and Latin letters, mostly ASCII letters?"""
    letters = non_ascii_letters = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ord(ch) > 127:
                non_ascii_letters += 1
                if not ("\u00c0" <= ch <= "\u00ff" or ch in "ŒœŠšŽžŸƒ"):
                    return False
        elif ord(ch) > 127 and ch not in _WESTERN:
            return False
        elif ord(ch) < 32 and ch not in "\t\n\r\f":
            return False
    return non_ascii_letters <= 0.25 * max(letters, 1)


def _cp1252_for_bad_bytes(err: UnicodeDecodeError):
    return err.object[err.start:err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error("strikebook-cp1252", _cp1252_for_bad_bytes)


def _mixed_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray cp1252 bytes (pasted from another page) → decoded both ways; else None."""
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if good == 0 or bad > good:
        return None
    return data.decode("utf-8", errors="strikebook-cp1252")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). Raises InputError for binary or undecodable data."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {name} text despite its byte-order mark ({exc.reason} at byte "
                                 f"{exc.start})") from None
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    try:
        text = data.decode("cp1252")
        if _plausible_western(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("binary or undecodable file (no text encoding fits)")
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.01 * len(text):
        raise InputError("binary file (control characters), not text")
    return text, best.encoding


# --- manifest ------------------------------------------------------------------------------------------------

def _key(name: str) -> str:
    """File names compare in NFC so a manifest typed on one system matches names stored on another."""
    return unicodedata.normalize("NFC", name)


def read_manifest(folder: Path, problems: list[Problem]) -> dict[str, dict[str, str]]:
    """`folder/manifest.csv` → {file name (NFC): row}; {} when absent or unusable (the reason in problems)."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        raw = path.read_bytes()
        text, _ = decode(raw)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [c for c in MANIFEST_COLUMNS if c not in header]
        if missing:
            names = ", ".join(repr(c) for c in missing)
            problems.append(Problem(str(path), f"manifest is missing column {names} (expected "
                                    f"{', '.join(MANIFEST_COLUMNS)}); manifest ignored, files read without it"))
            return {}
        rows = list(reader)
    except (InputError, csv.Error, OSError) as exc:
        problems.append(Problem(str(path), f"unreadable manifest ({exc}); manifest ignored"))
        return {}
    by_file: dict[str, dict[str, str]] = {}
    ids: dict[str, int] = {}
    present = {_key(f.name) for f in folder.iterdir() if f.is_file()}
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        row = {c: (row.get(c) or "").strip() for c in MANIFEST_COLUMNS}
        name = row["file"]
        if not name:
            problems.append(Problem(str(path), f"manifest row {n} names no file; row ignored"))
            continue
        if _key(name) not in present:
            problems.append(Problem(str(path), f"manifest row {n} names unknown file {name!r} (not in "
                                    f"{folder}); row ignored"))
            continue
        if _key(name) in by_file:
            problems.append(Problem(str(path), f"manifest row {n} names file {name!r} a second time; row "
                                    "ignored"))
            continue
        aid = row["article_id"] or Path(name).stem
        if aid in ids:
            problems.append(Problem(str(path), f"manifest row {n} repeats article_id {aid!r} (row {ids[aid]}); "
                                    "row ignored"))
            continue
        if row["published"] and not parse_date(row["published"]):
            problems.append(Problem(str(path), f"manifest row {n}: published {row['published']!r} is not a "
                                    "date (YYYY-MM-DD); left empty"))
            row["published"] = ""
        elif row["published"]:
            row["published"] = parse_date(row["published"])
        ids[aid] = n
        row["article_id"] = aid
        by_file[_key(name)] = row
    return by_file


# --- files ---------------------------------------------------------------------------------------------------

def _default_paths() -> list[Path]:
    here = Path("data/articles")
    if here.exists():
        return [here]
    from strikebook.config import data_dir

    return [data_dir() / "articles"]


def _files(paths, problems: list[Problem]) -> list[Path]:
    """Expand folders (their article files, in name order); report missing paths; keep the given order."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += sorted((f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
                             and not f.name.startswith(".")), key=lambda f: f.name)
        elif p.is_file():
            if p.suffix.lower() in SUFFIXES:
                files.append(p)
            elif p.name != MANIFEST_NAME:
                problems.append(Problem(str(p), f"not an article file (expected {', '.join(SUFFIXES)})"))
        else:
            problems.append(Problem(str(p), "no such file or folder"))
    return files


def _read_text(path: Path, max_bytes: int) -> tuple[str, str, dict]:
    """(text, encoding, metadata from the HTML) of one file, or InputError."""
    size = path.stat().st_size  # before reading: a huge file is refused without loading it
    if size > max_bytes:
        raise InputError(f"{size:,} bytes is over the maximum article size of {max_bytes:,} bytes "
                         "(raise it with --max-bytes)")
    if size == 0:
        raise InputError("empty file")
    text, encoding = decode(path.read_bytes())
    meta: dict = {}
    if path.suffix.lower() in HTML_SUFFIXES:
        text, meta = _html_article(text)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    return text, encoding, meta


def _html_article(page: str) -> tuple[str, dict]:
    """The article text of an HTML page (trafilatura), with its title and date when the page gives them."""
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise InputError("no article text found in this HTML page")
    meta = {"title": getattr(doc, "title", None) or "", "published": getattr(doc, "date", None) or ""}
    return text, meta


def load_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, manifest_row: dict | None = None) -> Article:
    """Read, decode and segment one file into an Article (InputError with a one-line reason otherwise)."""
    text, encoding, meta = _read_text(path, max_bytes)
    row = manifest_row or {}
    segments = segment_article(text)
    published = row.get("published") or stated_date(text, segments) or parse_date(meta.get("published", ""))
    return Article(article_id=row.get("article_id") or path.stem, path=path, text=text, encoding=encoding,
                   title=title_of(text, segments) or meta.get("title", "").strip(), outlet=row.get("outlet", ""),
                   url=row.get("url", ""), published=published, language=row.get("language", ""),
                   notes=row.get("notes", ""), segments=segments)


def load_corpus(paths=None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Read files and folders (default `data/articles`) into a Corpus; problems are collected, never raised.

    `paths`: a path or a list of paths (str or Path), files or folders. `max_bytes`: larger files are skipped.
    """
    if paths is None or (isinstance(paths, (list, tuple)) and not paths):
        paths = _default_paths()
    elif isinstance(paths, (str, Path)):
        paths = [paths]
    corpus = Corpus()
    problems = corpus.problems
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    by_id: dict[str, Path] = {}
    seen: set[Path] = set()
    for path in _files(paths, problems):
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        folder = resolved.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(path.parent, problems)
        row = manifests[folder].get(_key(path.name))
        try:
            article = load_article(path, max_bytes=max_bytes, manifest_row=row)
        except InputError as exc:
            problems.append(Problem(str(path), str(exc)))
            continue
        except OSError as exc:
            problems.append(Problem(str(path), f"cannot read ({exc.strerror or exc})"))
            continue
        if article.article_id in by_id:
            problems.append(Problem(str(path), f"duplicate article id {article.article_id!r} (already used by "
                                    f"{by_id[article.article_id]}); skipped"))
            continue
        by_id[article.article_id] = path
        corpus.articles.append(article)
    corpus.articles.sort(key=lambda a: a.article_id)
    return corpus
