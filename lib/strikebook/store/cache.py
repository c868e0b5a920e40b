"""The one cache: pickled results on disk, addressed by a hash of everything they depend on.

Why content addressing: a cached result is valid exactly as long as its inputs are the same bytes, so the
key *is* the inputs (article bytes, reference tables, the package's own source, library versions), hashed.
Nothing is ever invalidated by hand and nothing stale can be read: change an input and the key changes.
Used for the place gazetteer index (`reference.gazetteer`), each article's extracted rows and each case's
tables (`store.case`).

Entries live in `config.cache_dir()` (STRIKEBOOK_CACHE, default `.cache/strikebook/`, git-ignored), one
folder per kind, written atomically (`store.files`), so several processes can fill the cache at once. A
corrupt or unreadable entry is treated as missing and rebuilt; a read-only cache folder only makes runs slower.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import platform
from functools import lru_cache
from pathlib import Path

from strikebook.config import PACKAGE_DIR, cache_dir
from strikebook.store.files import atomic_write_bytes

log = logging.getLogger(__name__)

#: Bump when the layout of cached objects changes in a way the source digest would not catch.
FORMAT = "2"
_MISSING = object()


def digest(*parts) -> str:
    """sha256 (hex, 32 chars) of the parts: bytes as they are, anything else as its UTF-8 `str`."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the package's Python sources, templates and of the Python and cache-format versions,
    computed once per process from the sources as imported: a process never labels results with newer code."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".j2", ".css") and p.is_file())
    return digest(FORMAT, platform.python_version(), *(b for f in files
                                                       for b in (str(f.relative_to(PACKAGE_DIR)), f.read_bytes())))


def folder_version(folder: Path, pattern: str = "*.csv", names=None) -> str:
    """A digest of the files of a folder (e.g. the reference tables), by name and bytes; `names` limits it
    to those files (a missing one counts as absent)."""
    folder = Path(folder)
    if names is not None:
        files = [folder / n for n in sorted(names)]
    else:
        files = sorted(folder.glob(pattern)) if folder.is_dir() else []
    return digest(*(b for f in files for b in (f.name, f.read_bytes() if f.is_file() else b"-")))


class Cache:
    """One kind of cached result (a sub-folder of the cache), keyed by digests."""

    def __init__(self, kind: str, folder: Path | None = None, enabled: bool = True):
        self.kind = kind
        self.folder = Path(folder) if folder is not None else cache_dir() / kind
        self.enabled = enabled

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str, default=None):
        """The cached object for `key`, or `default` when absent, disabled or unreadable."""
        if not self.enabled:
            return default
        try:
            return pickle.loads(self.path(key).read_bytes())
        except FileNotFoundError:
            return default
        except Exception as exc:  # truncated, stale class layout…: rebuild
            log.debug("cache entry %s unreadable (%s)", self.path(key), exc)
            return default

    def get_bytes(self, key: str) -> bytes | None:
        """The raw pickle of `key` if it is present and loads, else None."""
        if not self.enabled:
            return None
        try:
            data = self.path(key).read_bytes()
            pickle.loads(data)
            return data
        except Exception:
            return None

    def put(self, key: str, value) -> bytes:
        """Store `value` under `key` (atomically); returns its pickle. Write errors are logged, not raised."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self.enabled:
            try:
                atomic_write_bytes(self.path(key), data)
            except OSError as exc:
                log.warning("cannot write cache entry %s: %s", self.path(key), exc)
        return data

    def get_or_make(self, key: str, make):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = make()
            self.put(key, value)
        return value

    def prune(self, keep: set[str]) -> int:
        """Delete the entries whose key is not in `keep`; returns how many were removed."""
        removed = 0
        for f in self.folder.glob("*.pickle") if self.folder.is_dir() else []:
            if f.stem not in keep:
                f.unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> int:
        return self.prune(set())
