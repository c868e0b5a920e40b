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
other articles load. Empty, binary (NUL bytes or undecodable), mis-named binary formats (a PDF, an image or
an archive saved as `.txt`: `ingest.decode.sniff`), too big (checked with stat before reading, so a huge file
costs no memory), missing paths, dangling links, unreadable files or folders, malformed manifests (missing
column: manifest ignored; unknown file: row ignored; duplicate id: later row or file ignored).

Two steps, kept apart so the extraction can cache and parallelise per file (`extract.work`):
`case_inputs(paths)` lists the files with their article id and manifest row (cheap: no file is read), and
`load_article(path, data=...)` turns one file's bytes into an `Article`.
"""


from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from strikebook.ingest.decode import InputError, decode
from strikebook.ingest.manifest import MANIFEST_COLUMNS, MANIFEST_NAME, _key, read_manifest
from strikebook.ingest.segment import segment_article, stated_date, title_of
from strikebook.records import Article, Problem
from strikebook.schema import COLUMNS
from strikebook.text.dates import written_date

__all__ = ["ARTICLE_COLUMNS", "DEFAULT_MAX_BYTES", "MANIFEST_COLUMNS", "SEGMENT_COLUMNS", "CaseInput", "Corpus",
           "InputError", "case_inputs", "decode", "load_article", "load_corpus", "read_input"]

DEFAULT_MAX_BYTES = 5_000_000
ARTICLE_COLUMNS = list(COLUMNS["articles"])
SEGMENT_COLUMNS = list(COLUMNS["segments"])
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
        return articles_frame(self.articles)

    def segments_frame(self) -> pd.DataFrame:
        """One row per segment (schema `segments`); `text` is exactly `article.text[start:end]`."""
        return segments_frame(self.articles)

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"path": p.path, "problem": p.message} for p in self.problems],
                            columns=["path", "problem"])


def articles_frame(articles) -> pd.DataFrame:
    rows = [{"article_id": a.article_id, "path": str(a.path), "title": a.title, "outlet": a.outlet,
             "published": a.published, "language": a.language, "encoding": a.encoding,
             "chars": len(a.text), "words": len(a.text.split()), "event_id": ""} for a in articles]
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def segments_frame(articles) -> pd.DataFrame:
    rows = [{"article_id": a.article_id, "kind": s.kind, "start": s.start, "end": s.end,
             "text": a.text[s.start:s.end]} for a in articles for s in a.segments]
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


@dataclass(frozen=True)
class CaseInput:
    """One file of a case, before it is read: where it is, its article id, its manifest row."""

    path: Path
    article_id: str
    manifest_row: dict | None = None


# --- files ---------------------------------------------------------------------------------------------------

def _default_paths() -> list[Path]:
    here = Path("data/articles")
    if here.exists():
        return [here]
    from strikebook.config import data_dir

    return [data_dir() / "articles"]


def _as_paths(paths) -> list[Path]:
    if paths is None or (isinstance(paths, (list, tuple)) and not paths):
        return _default_paths()
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _folder_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """A folder's article files in name order (not its subfolders, not hidden files); dangling links and
    entries that cannot be examined are problems, not silence."""
    try:
        entries = sorted(folder.iterdir(), key=lambda f: f.name)
    except OSError as exc:
        problems.append(Problem(str(folder), f"cannot read this folder ({exc.strerror or exc})"))
        return []
    files = []
    for f in entries:
        if f.name.startswith(".") or f.suffix.lower() not in SUFFIXES:
            continue
        try:
            if f.is_symlink() and not f.exists():
                problems.append(Problem(str(f), f"dangling link (points to {os.readlink(f)}, which does not "
                                        "exist)"))
            elif f.is_file():
                files.append(f)
            elif f.exists() and not f.is_dir():
                problems.append(Problem(str(f), "not a regular file"))
        except OSError as exc:
            problems.append(Problem(str(f), f"cannot examine ({exc.strerror or exc})"))
    return files


def _files(paths, problems: list[Problem]) -> list[Path]:
    """Expand folders (their article files, in name order); report missing paths; keep the given order."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += _folder_files(p, problems)
        elif p.is_file():
            if p.suffix.lower() in SUFFIXES:
                files.append(p)
            elif p.name != MANIFEST_NAME:
                problems.append(Problem(str(p), f"not an article file (expected {', '.join(SUFFIXES)})"))
        elif p.is_symlink():
            problems.append(Problem(str(p), "dangling link (its target does not exist)"))
        else:
            problems.append(Problem(str(p), "no such file or folder"))
    return files


def case_inputs(paths=None, problems: list[Problem] | None = None) -> list[CaseInput]:
    """The files of a case (default `data/articles`), each with its article id and manifest row, in input
    order; duplicates of a file and of an article id are problems. No article file is read here."""
    problems = problems if problems is not None else []
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    by_id: dict[str, Path] = {}
    seen: set[Path] = set()
    out = []
    for path in _files(_as_paths(paths), problems):
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        folder = resolved.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(path.parent, problems)
        row = manifests[folder].get(_key(path.name))
        aid = (row or {}).get("article_id") or path.stem
        if aid in by_id:
            problems.append(Problem(str(path), f"duplicate article id {aid!r} (already used by {by_id[aid]}); "
                                    "skipped"))
            continue
        by_id[aid] = path
        out.append(CaseInput(path=path, article_id=aid, manifest_row=row))
    return out


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one article file, or InputError / OSError with the reason. The size is checked with stat
    before reading, so a huge file costs no memory."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{size:,} bytes is over the maximum article size of {max_bytes:,} bytes "
                         "(raise it with --max-bytes)")
    if size == 0:
        raise InputError("empty file")
    return path.read_bytes()


def _html_article(page: str) -> tuple[str, dict]:
    """The article text of an HTML page (trafilatura), with its title and date when the page gives them."""
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise InputError("no article text found in this HTML page")
    meta = {"title": getattr(doc, "title", None) or "", "published": getattr(doc, "date", None) or ""}
    return text, meta


def load_article(path: Path, *, data: bytes | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 manifest_row: dict | None = None) -> Article:
    """Decode and segment one file (its `data` if already read) into an Article; InputError with a one-line
    reason otherwise."""
    path = Path(path)
    if data is None:
        data = read_input(path, max_bytes)
    elif not data:
        raise InputError("empty file")
    text, encoding = decode(data)
    meta: dict = {}
    if path.suffix.lower() in HTML_SUFFIXES:
        text, meta = _html_article(text)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    row = manifest_row or {}
    segments = segment_article(text)
    published = (row.get("published") or stated_date(text, segments)
                 or written_date(meta.get("published", "")))
    return Article(article_id=row.get("article_id") or path.stem, path=path, text=text, encoding=encoding,
                   title=title_of(text, segments) or meta.get("title", "").strip(), outlet=row.get("outlet", ""),
                   url=row.get("url", ""), published=published, language=row.get("language", ""),
                   notes=row.get("notes", ""), segments=segments)


def input_problem(path, exc: BaseException) -> Problem:
    """The one line a user reads for a file that could not be loaded."""
    if isinstance(exc, InputError):
        return Problem(str(path), str(exc))
    if isinstance(exc, OSError):
        return Problem(str(path), f"cannot read ({exc.strerror or exc})")
    return Problem(str(path), f"could not be read ({type(exc).__name__}: {exc})")


def load_corpus(paths=None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Read files and folders (default `data/articles`) into a Corpus; problems are collected, never raised.

    `paths`: a path or a list of paths (str or Path), files or folders. `max_bytes`: larger files are skipped.
    """
    corpus = Corpus()
    for item in case_inputs(paths, corpus.problems):
        try:
            corpus.articles.append(load_article(item.path, max_bytes=max_bytes, manifest_row=item.manifest_row))
        except Exception as exc:  # one bad file never takes the case down
            corpus.problems.append(input_problem(item.path, exc))
    corpus.articles.sort(key=lambda a: a.article_id)
    return corpus
