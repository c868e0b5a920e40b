"""The strike-map report stays light enough to share: under 2 MB, also for a case of a thousand articles.

Why: each strike-map report used to inline all of plotly.js (4.8 MB of a 5.4 MB page). Now the static map
is a 256-colour PNG whose meaning colours are exact, the interactive map an inline SVG, and the location
table shows its first 200 rows. Checked on a synthetic 1,000-article case (15,000 place mentions, 800
places, 20 events) rendered through the real report page, and on the seed run's strike-map reports.
How fast such a page opens is measured outside the tests (see the maps helper's report); here only size.
"""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from strikebook.present import locations, maps  # noqa: E402
from strikebook.schema import COLUMNS  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
MB = 1_000_000


def big_case(n_articles: int = 1000, per_article: int = 15, n_places: int = 800, seed: int = 7):
    """places, events, articles of a synthetic case: every article names 15 of 800 places across one region,
    as strike sites, attacked sites or mentions, of 10 strikes and the 10 attacks before them."""
    rng = np.random.default_rng(seed)
    strikes = [f"2024-{m:02d}-10" for m in range(1, 11)]
    attacks = [f"2024-{m:02d}-03" for m in range(1, 11)]
    lon, lat = rng.uniform(34, 50, n_places), rng.uniform(28, 38, n_places)
    precision = rng.choice(["site", "town", "region", "nearby", "event", "unknown", "country"], n_places,
                           p=[.2, .4, .1, .1, .05, .1, .05])
    rows, main = [], {}
    for a in range(n_articles):
        aid = f"art_{a:04d}"
        main[aid] = strikes[a % len(strikes)]
        for k in range(per_article):
            p = int(rng.integers(n_places))
            role = str(rng.choice(["us_strike", "attack_on_us", "mention"], p=[.3, .2, .5]))
            event = {"us_strike": main[aid], "attack_on_us": attacks[strikes.index(main[aid])]}.get(role, "")
            placed = precision[p] != "unknown"
            rows.append({"article_id": aid, "mention": f"Place {p:04d}", "name": f"Place {p:04d}", "country": "Iraq",
                         "lat": lat[p] if placed else None, "lon": lon[p] if placed else None,
                         "precision": precision[p], "role": role, "geonameid": "", "start": 300 * k,
                         "end": 300 * k + 10, "event_id": "" if rng.random() < 0.1 else event,
                         "sentence": f"Officials said on Tuesday that the strikes near Place {p:04d} destroyed several "
                                     "buildings used by the group, according to a statement quoted by three outlets."})
    events = pd.DataFrame([(e, e, "us_strike", f"US strikes number {i}", "", "clustered", "")
                           for i, e in enumerate(strikes)]
                          + [(e, e, "attack_on_us", f"Attack number {i}", "", "clustered", "")
                             for i, e in enumerate(attacks)], columns=COLUMNS["events"])
    events["articles"] = [";".join(a for a, e in main.items() if e == ev) for ev in events["event_id"]]
    articles = pd.DataFrame({"article_id": list(main), "event_id": list(main.values())})
    return pd.DataFrame(rows), events, articles


@pytest.fixture(scope="module")
def big():
    places, events, articles = big_case()
    fig = maps.strike_map(places, events, articles=articles)
    png = maps.png_bytes(fig)
    plt.close(fig)
    table = maps.location_table(places, events, articles=articles)
    return {"png": png, "svg": str(maps.interactive_map_html(places, events, articles=articles)),
            "table": table, "table_html": str(maps.location_table_html(table))}


def test_a_thousand_article_report_is_under_2_mb(big):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from strikebook.report.render import render_html

    def shown(data):
        return new_code_cell("x", outputs=[new_output("display_data", data={**data, "text/plain": "x"})])

    nb = new_notebook(cells=[new_markdown_cell("# Strike map"),
                             shown({"image/png": base64.b64encode(big["png"]).decode()}),
                             shown({"text/html": big["table_html"]}), shown({"text/html": big["svg"]})])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.validate(nb)
    page = render_html(nb, {"title": "Strike map", "show_code": False, "parameters": {}, "started": "now"})
    assert len(page.encode("utf-8")) < 2 * MB
    assert len(big["png"]) < 400_000 and len(big["svg"]) < 700_000 and len(big["table_html"]) < 300_000
    assert "<script" not in big["svg"]


def test_the_table_shows_200_rows_and_says_how_many_there_are(big):
    assert len(big["table"]) > 200
    assert big["table_html"].count('<tr id="sb-loc-') == 200
    assert f"The first 200 of {len(big['table'])} locations are shown" in big["table_html"]
    linked = str(maps.location_table_html(big["table"].head(300), csv_link="locations.csv"))
    assert '<a href="locations.csv">the full table as CSV</a>' in linked
    assert "The first" not in str(maps.location_table_html(big["table"].head(20)))


def test_the_light_png_keeps_every_event_colour_exact():
    from PIL import Image

    fig, ax = plt.subplots(figsize=(4, 3), dpi=80)
    for i, colour in enumerate(locations.EVENT_PALETTE):
        ax.scatter([i], [i % 3], s=300, marker="*", c=colour, edgecolors="#222")
    full = io.BytesIO()
    fig.savefig(full, format="png")
    light = maps.png_bytes(fig)
    plt.close(fig)
    assert len(light) < len(full.getvalue())
    image = Image.open(io.BytesIO(light))
    assert image.mode == "P"
    got = {c for _, c in image.convert("RGB").getcolors(1 << 16)}
    assert {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in locations.EVENT_PALETTE} <= got


def test_show_displays_the_png_once():
    fig, _ = plt.subplots()
    image = maps.show(fig)
    assert image.format == "png" and image.data.startswith(b"\x89PNG")
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend will not show it again


@pytest.mark.slow
def test_every_strike_map_report_of_the_seed_run_is_under_2_mb(tmp_path_factory):
    import _reports

    if not _reports.notebook_exists("02_strike_map"):
        pytest.skip("notebooks/02_strike_map.ipynb does not exist")
    run = _reports.seed_reports(tmp_path_factory)
    pages = [r for r in run.index["reports"] if Path(r["notebook"]).stem == "02_strike_map"]
    assert pages and all(r["status"] == "ok" for r in pages)
    for r in pages:
        page = (run.out / r["html"]).read_text(encoding="utf-8")
        assert len(page.encode("utf-8")) < 2 * MB, r["name"]
        assert "plotly" not in page.lower(), r["name"]
        assert 'class="sbm-svg"' in page, r["name"]
