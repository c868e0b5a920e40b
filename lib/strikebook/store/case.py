"""The case as notebooks see it: the extraction tables of one articles folder, computed once, cached on disk.

Why a cache: every report notebook needs the same tables, and extraction (spaCy parse + extractors) costs
seconds per article. `strikebook report` runs six or more notebooks, each in its own kernel; without a
shared cache each would re-extract the whole case. The cache key is a hash of everything the result
depends on — the bytes of the input files, the reference tables in `data/reference/`, and the package's
own Python sources — so editing an article, a reference row or an extractor invalidates it, and nothing
else does. Entries live in the one cache (`store.cache`, kind `cases`), written atomically, so two kernels
filling the cache at the same time never see a half-written file.

Which case: `load_case(articles)` with an explicit folder (or file, or list of them); otherwise the folder
in the STRIKEBOOK_ARTICLES environment variable (the report runner sets it for its kernels, so every report
of one run shows the same case); otherwise `data/articles`. Relative paths are tried against the current
directory and then the repo root, because JupyterLab runs notebooks with cwd=notebooks/ while papermill
and the runner are usually started from the repo root.
"""

from __future__ import annotations

import logging
import os
import pickle
from functools import lru_cache
from pathlib import Path

from strikebook.config import REPO_DIR, data_dir
from strikebook.store.cache import Cache, code_version, digest, folder_version
from strikebook.text.normalize import cell_text

log = logging.getLogger(__name__)


def _cases() -> Cache:
    return Cache("cases")


def resolve_articles(articles=None) -> list[Path]:
    """The input paths of the case, absolute, in a stable order (see the module docstring for defaults)."""
    if articles is None or articles == "":
        articles = os.environ.get("STRIKEBOOK_ARTICLES") or data_dir() / "articles"
    items = [articles] if isinstance(articles, str | os.PathLike) else list(articles)
    resolved = []
    for item in items:
        p = Path(item).expanduser()
        if not p.is_absolute() and not p.exists() and (REPO_DIR / p).exists():
            p = REPO_DIR / p
        if not p.exists():
            raise FileNotFoundError(f"{item}: no such file or folder (articles of the case)")
        resolved.append(p.resolve())
    return resolved


def _input_files(paths: list[Path]) -> list[Path]:
    files = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and not any(
                part.startswith(".") for part in f.relative_to(p).parts))
        else:
            files.append(p)
    return files


def case_key(paths: list[Path]) -> str:
    """Digest of what the case's tables depend on: input paths and bytes, reference CSVs, package code."""
    parts = [code_version(), folder_version(data_dir() / "reference")]
    for path in paths:
        parts.append(f"input {path}")
    for f in _input_files(paths):
        parts += [f"file {f}", f.read_bytes()]
    return digest(*parts)


@lru_cache(maxsize=8)
def _case_bytes(key: str, paths: tuple[str, ...]) -> bytes:
    """The pickled tables for `key`: from disk if present, else extracted and stored."""
    cache = _cases()
    data = cache.get_bytes(key)
    if data is not None:
        return data
    from strikebook.extract.pipeline import extract_case

    return cache.put(key, extract_case([Path(p) for p in paths]))


@lru_cache(maxsize=2)
def _pinned_bytes(file: str) -> bytes:
    return Path(file).read_bytes()


def load_case(articles=None):
    """The extraction tables (`extract.Tables`) of the case's articles, cached on disk and in memory.

    Each call returns a fresh copy, so a notebook that edits a table does not change what the next
    cell or notebook sees. Inside `strikebook report` the runner pins the case it extracted before
    starting the kernels (see `pin_case`), so every report of one run shows the same tables even if a
    source file is edited while the run goes on.
    """
    paths = resolve_articles(articles)
    pinned = os.environ.get("STRIKEBOOK_CASE_FILE")
    if pinned and os.environ.get("STRIKEBOOK_CASE_INPUTS") == os.pathsep.join(map(str, paths)):
        try:
            return pickle.loads(_pinned_bytes(pinned))
        except Exception as exc:  # pinned file gone or unreadable: fall back to the normal cache
            log.warning("pinned case %s unreadable (%s)", pinned, exc)
    key = case_key(paths)
    return pickle.loads(_case_bytes(key, tuple(str(p) for p in paths)))


def pin_case(articles=None) -> tuple[object, dict[str, str]]:
    """The case's tables, plus the environment that makes `load_case` in child processes (the report
    kernels) read exactly the same cached file: one extraction per run, one case for every report of the
    run, and no re-extraction when a source file is edited while the run goes on."""
    paths = resolve_articles(articles)
    key = case_key(paths)
    data = _case_bytes(key, tuple(str(p) for p in paths))
    entry = _cases().path(key)
    env = {"STRIKEBOOK_ARTICLES": str(paths[0])} if len(paths) == 1 else {}
    if entry.exists():
        env |= {"STRIKEBOOK_CASE_FILE": str(entry), "STRIKEBOOK_CASE_INPUTS": os.pathsep.join(map(str, paths))}
    return pickle.loads(data), env


def clear_cache() -> int:
    """Delete every cached case on disk and in memory; returns how many entries were removed."""
    _case_bytes.cache_clear()
    _pinned_bytes.cache_clear()
    return _cases().clear()


def case_articles(tables) -> list:
    """The case's articles as `model.Article` records (text + segments), rebuilt from the tables, for
    functions that take an article, such as `present.corpus.highlight_html`."""
    from strikebook.records import Article, Segment

    segs: dict[str, list] = {}
    for row in tables.segments.itertuples(index=False):
        segs.setdefault(str(row.article_id), []).append(Segment(str(row.kind), int(row.start), int(row.end)))
    out = []
    for a in tables.articles.to_dict("records"):
        aid = str(a["article_id"])
        out.append(Article(
            article_id=aid, path=Path(str(a.get("path") or "")), text=tables.texts.get(aid, ""),
            encoding=str(a.get("encoding") or ""), title=cell_text(a.get("title")), outlet=cell_text(a.get("outlet")),
            published=cell_text(a.get("published")), language=cell_text(a.get("language")),
            segments=sorted(segs.get(aid, []), key=lambda s: (s.start, s.end))))
    return out
