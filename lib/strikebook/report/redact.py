"""Reports reveal nothing of the machine they were made on: no absolute paths, home folders or user names.

Why: reports are sent on to editors, sources and the public. An absolute path in a page names the user
(`/home/alice/…`), the folder a case is kept in (`/home/alice/leaks/informant-x/`) and the machine's
layout; tracebacks on failure pages and warnings kept by `--show-code` are full of them, and so is any
table a notebook shows with the articles' `path` column. The runner names the case by its folder's name
(or a `--case` title) and passes every page it writes — report pages, failure pages, the index — through one
`Redactor`, which replaces each folder of the run it knows (the case, the output folder, the cache, the
project, the Python environment, the working folder, the home folder) with a short label:
the case folder by its name, home by `~`, the others by `…/` and their name (the project by `…`).

Only whole path names are replaced (not `/rootfs` for `/root`, nor a run of base64 that happens to hold
the same characters), and only the folders named here: a path no one passed in is not guessed at.
"""

from __future__ import annotations

import getpass
import html
import os
import re
import sys
from pathlib import Path

#: a path starts after none of these (a word, a dot, a slash: it would be the middle of another path or
#: of base64) and ends before none of these (it would be a longer name)
_BEFORE, _AFTER = r"(?<![\w.~+/-])", r"(?![\w.-])"
#: folders too general to reveal anything, and too common to replace safely
_GENERAL = {"/", "/usr", "/usr/local", "/opt", "/tmp", "/var", "/var/tmp", "/home", "/Users", "/srv", "/mnt"}


class Redactor:
    """`redactor(text)`: `text` with every known folder replaced by its label (longest folder first)."""

    def __init__(self, folders: list[tuple[str | os.PathLike, str]]):
        labels: dict[str, str] = {}
        for folder, label in folders:
            if not folder:
                continue
            for form in {str(folder), os.path.realpath(folder), str(Path(folder).absolute())}:
                form = form.rstrip("/") or "/"
                if not form.startswith("/") or form in _GENERAL:
                    continue
                labels.setdefault(form, label)
                labels.setdefault(html.escape(form), html.escape(label))  # as it stands in HTML
        self.labels = labels
        forms = sorted(labels, key=len, reverse=True)
        self.regex = re.compile(_BEFORE + "(" + "|".join(map(re.escape, forms)) + ")" + _AFTER) if forms else None

    def __call__(self, text: str) -> str:
        if not text or self.regex is None or not any(form in text for form in self.labels):
            return text
        return self.regex.sub(lambda m: self.labels[m.group(1)], text)


def home_folders() -> list[tuple[str, str]]:
    """The user's home folder (and /home/USER, /Users/USER) → `~`."""
    found = [(os.path.expanduser("~"), "~"), (os.environ.get("HOME", ""), "~")]
    try:
        user = getpass.getuser()
    except Exception:
        user = os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    if user:
        found += [(f"/home/{user}", "~"), (f"/Users/{user}", "~")]
    return found


def run_redactor(case_folders=(), out: Path | None = None, extra=()) -> Redactor:
    """The redactor of one `strikebook report` run: its case folder(s) → their name, and the other
    folders of the run and of this machine → a label (see the module docstring). Labels are parts of the
    paths they replace (or `~`, `…`), so replacing adds nothing to a page that it did not hold."""
    from strikebook.config import REPO_DIR, cache_dir

    folders: list[tuple[str | os.PathLike, str]] = []
    for folder in case_folders:
        folders.append((folder, Path(folder).name))
    if out is not None:
        folders.append((Path(out).absolute(), f"…/{Path(out).absolute().name}"))
    folders += home_folders()  # before the working folder, which is often home itself
    for folder in extra:
        folders.append((folder, f"…/{Path(folder).name}"))
    folders += [(cache_dir().absolute(), f"…/{cache_dir().absolute().name}"), (REPO_DIR, "…")]
    for prefix in {sys.prefix, sys.exec_prefix}:
        folders.append((prefix, f"…/{Path(prefix).name}"))
    folders.append((Path.cwd(), f"…/{Path.cwd().name}"))
    return Redactor(folders)
