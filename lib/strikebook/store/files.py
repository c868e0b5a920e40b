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


def output_conflict(out: Path, inputs, *, must_be_folder: bool = True) -> str:
    """Why `out` may not take the outputs of a case read from `inputs`, or '' when it may. The case folder is
    read-only to the tool: an output folder equal to, inside, or holding an articles folder (symbolic links
    followed; a file's folder counts for a file) is refused — the next run would read the tables or reports
    back as articles — and so is a file where a folder should be (unless `must_be_folder` is False: the
    writer then reports the failure itself)."""
    out = Path(out)
    if must_be_folder and out.exists() and not out.is_dir():
        return f"--out {out}: not a folder"
    target = out.expanduser().resolve()
    for inp in inputs:
        path = Path(inp).expanduser()
        if not path.exists():
            continue
        folder = path.resolve() if path.is_dir() else path.resolve().parent
        if target == folder:
            return f"--out {out} is the articles folder: outputs never go into the case (nothing written)"
        if target.is_relative_to(folder):
            return (f"--out {out} is inside the articles folder {inp}: outputs never go into the case "
                    "(nothing written)")
        if folder.is_relative_to(target):
            return (f"--out {out} holds the articles folder {inp}: the case would be inside --out "
                    "(nothing written)")
    return ""
