"""The rendered reports as a reader sees them: headless Chromium, network blocked.

Opens reports/index.html and every report of the seed run (tests/_reports.py, shared with test_report.py
so the notebooks run once per session) from file://, with every non-file request aborted, and checks:
no console errors, no attempt to fetch anything from the network, every image loaded, pages not blank,
and the strike map names the places the case is about. Uses Debian's chromium (installed by .ci/run);
never downloads a browser. Set STRIKEBOOK_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import _reports  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
MAP_PLACES = ("Albu Kamal", "Erbil", "Baghdad", "Jordan")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return _reports.seed_reports(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def visit(browser, path: Path, shots: Path) -> dict:
    """Open a file offline; return what a reader's browser met: errors, remote requests, images, text."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, remote = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # let the page settle
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => ({src: e.src.slice(0, 40), ok: e.complete && e.naturalWidth > 0}))")
    shot = shots / f"{path.stem}.png"
    page.screenshot(path=str(shot))
    text = page.inner_text("body")
    page.close()
    return {"errors": errors, "remote": remote, "images": images, "shot": shot, "text": text}


def distinct_colours(png: Path) -> int:
    from PIL import Image

    img = Image.open(io.BytesIO(png.read_bytes())).convert("RGB")
    return len(img.getcolors(maxcolors=1 << 24))


@pytest.fixture(scope="module")
def visits(seed, browser, tmp_path_factory):
    shots = Path(os.environ.get("STRIKEBOOK_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    pages = [seed.out / "index.html"] + [seed.out / r["html"] for r in seed.index["reports"] if r.get("html")]
    pages += [seed.out / r["failure_html"] for r in seed.index["reports"] if r.get("failure_html")]
    return {p.name: visit(browser, p, shots) for p in pages}


def test_every_page_opens_offline_without_errors(visits):
    problems = []
    for name, v in visits.items():
        problems += [f"{name}: console error: {e}" for e in v["errors"]]
        problems += [f"{name}: tried to fetch {u}" for u in v["remote"]]
        problems += [f"{name}: image not loaded: {i['src']}" for i in v["images"] if not i["ok"]]
    assert problems == []


def test_pages_are_not_blank(visits):
    assert "index.html" in visits
    for name, v in visits.items():
        assert distinct_colours(v["shot"]) > 30, f"{name} looks blank ({v['shot']})"
        assert len(v["text"]) > 100, name


def test_index_lists_every_report_and_the_corpus_report_has_its_chart(seed, visits):
    text = visits["index.html"]["text"]
    for r in seed.index["reports"]:
        assert r["title"] in text
    corpus = visits.get("01_corpus.html")
    assert corpus is not None, "the corpus report did not render"
    assert len(corpus["images"]) >= 1 and all(i["ok"] for i in corpus["images"])
    assert "The text that is not the article" in corpus["text"]


def test_strike_map_names_the_places_of_the_case(seed, visits):
    if not _reports.notebook_exists("02_strike_map"):
        pytest.skip("notebooks/02_strike_map.ipynb does not exist yet (written by the maps helper)")
    v = visits.get("02_strike_map_all.html")
    assert v is not None, "the all-events strike map did not render"
    missing = [p for p in MAP_PLACES if p not in v["text"]]
    assert missing == []
    assert v["images"] and all(i["ok"] for i in v["images"])
