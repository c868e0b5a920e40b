"""Two runs on the same input write byte-identical tables (issue 3, item 11).

Why two processes: a second run inside the same process shares caches and the string-hash seed, so it
would not catch output that depends on set or dict order of strings. The second run here is a fresh
interpreter with a different PYTHONHASHSEED, as a newsroom rerun would be.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from strikebook.extract.pipeline import extract_case

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [ROOT / "data" / "articles", ROOT / "tests" / "fixtures" / "unseen"]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_runs_write_byte_identical_tables(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    extract_case(INPUTS).write(first)
    code = ("import sys; from strikebook.extract.pipeline import extract_case; "
            "extract_case(sys.argv[2:]).write(sys.argv[1])")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(second), *map(str, INPUTS)], check=True, env=env,
                   cwd=ROOT, timeout=300)
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b)
    assert {"casualties.csv", "quotes.csv", "places.csv", "places.geojson", "dates.csv", "events.csv"} <= set(a)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    assert len(a["casualties.csv"].splitlines()) > 30  # both case folders were extracted, not an empty run
