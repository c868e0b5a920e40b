"""The one atomic writer: every file strikebook writes goes to a temporary name beside it, then is renamed.

Why: a report run, a kernel filling the cache or an interrupted extract must never leave half a file where a
reader (a notebook, a browser, the next run) expects a whole one. `os.replace` is atomic on one filesystem,
so readers see the old file or the new one, nothing in between. Results are readable by all (0644):
tables and reports are meant to be shared.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (creating its folder); a failure leaves the old file, or none."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """`atomic_write_bytes` of UTF-8 text, newlines written as given."""
    atomic_write_bytes(path, text.encode("utf-8"))
