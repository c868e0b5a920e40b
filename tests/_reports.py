"""One end-to-end `strikebook report` run of the real reports.yml on the seed case, shared by
tests/test_report.py and tests/test_browser.py so the notebooks run once per test session.

Also small helpers to inspect rendered HTML (script elements, remote assets).
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "articles"
_RUN: dict[str, SeedRun] = {}


@dataclass
class SeedRun:
    out: Path
    code: int
    stderr: str
    index: dict  # index.json

    def report(self, name: str) -> dict:
        return next(r for r in self.index["reports"] if r["name"] == name)


def seed_reports(tmp_path_factory) -> SeedRun:
    """Run the real reports.yml on data/articles into a temporary folder (once per session)."""
    if "seed" not in _RUN:
        from strikebook.report.runner import run_reports

        out = tmp_path_factory.mktemp("seed_reports")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = run_reports(config=REPO / "reports.yml", out=out, only=(), overrides=(), jobs=None,
                               show_code=False, articles=SEEDS)
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        _RUN["seed"] = SeedRun(out, code, err.getvalue(), index)
    return _RUN["seed"]


def notebook_exists(name: str) -> bool:
    return (REPO / "notebooks" / f"{name}.ipynb").exists()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []  # {"attrs": {...}, "text": "..."}
        self.links: list[dict] = []
        self.imgs: list[dict] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append({"attrs": attrs, "text": ""})
            self._in_script = True
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "img":
            self.imgs.append(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1]["text"] += data


def tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def remote_assets(page: str) -> list[str]:
    """src/href of every <script> and <link> that would be fetched from the network."""
    t = tags(page)
    urls = [s["attrs"].get("src") or "" for s in t.scripts] + [ln.get("href") or "" for ln in t.links]
    return [u for u in urls if u.startswith(("http:", "https:", "//"))]
