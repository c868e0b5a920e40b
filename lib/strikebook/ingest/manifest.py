"""The optional `manifest.csv` beside a case's files: article ids and metadata (outlet, url, date, language).

Why tolerant: a manifest is typed by hand. A missing column makes the whole manifest ignored (the files are
still read); a row naming an unknown file, a file twice, or an id twice is ignored with one line saying so;
a date that is not a date is left empty. Every problem names the manifest and the row.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from strikebook.ingest.decode import InputError, decode
from strikebook.records import Problem
from strikebook.text.dates import written_date as parse_date

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["article_id", "file", "outlet", "url", "published", "language", "notes"]


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
