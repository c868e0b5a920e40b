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


def output_overlap(out: Path, inputs) -> str:
    """Why `out` may not be written, or '' when it may: the case folder is read-only to the tool, so an output
    folder equal to, inside, or containing an input folder (or file) is refused — the next run would read
    the tables or reports back as articles."""
    out_r = Path(out).expanduser().resolve()
    for inp in inputs:
        inp_r = Path(inp).expanduser().resolve()
        if inp_r.is_dir():
            if out_r == inp_r:
                return f"--out {out} is the articles folder {inp}: outputs never go into the case"
            if inp_r in out_r.parents:
                return f"--out {out} is inside the articles folder {inp}: outputs never go into the case"
        if out_r in inp_r.parents:
            return f"the articles {inp} are inside --out {out}: outputs never go next to the case"
    return ""
