"""Reference facts shipped in `data/reference/` (people, groups, places, aliases, events), loaded once.

Every CSV in that folder becomes an attribute named after its file stem (`ref.people`, `ref.events`…),
read with empty cells as empty strings. Each file's columns and sources are documented in
`data/README.md`. Set STRIKEBOOK_DATA to point at another `data/` folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from strikebook.config import data_dir


class Reference:
    """Attribute access to the reference tables; a missing file is an empty DataFrame."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._tables: dict[str, pd.DataFrame] = {}
        for path in sorted(folder.glob("*.csv")):
            self._tables[path.stem] = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        found = self._tables.get(name)
        return found if found is not None else pd.DataFrame()  # (not a `get` default: built on every call)

    def names(self) -> list[str]:
        return sorted(self._tables)


@lru_cache(maxsize=4)
def _load(folder: str) -> Reference:
    return Reference(Path(folder))


def load_reference(folder: Path | None = None) -> Reference:
    """The reference tables of `data/reference` (cached per folder)."""
    return _load(str(folder or data_dir() / "reference"))
