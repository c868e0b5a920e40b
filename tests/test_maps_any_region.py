"""Strike maps for a case anywhere: the window follows the case's places, on the world basemap.

The case is tests/fixtures/somalia (three synthetic articles on an invented US strike near Jilib; see its
README). The places table those articles should yield is built here, with the `event_id` extraction
decides and the precisions `nearby`, `event`, `region` and `unknown` (offsets computed from the texts), so
these tests judge the maps, not the extractor; one test also maps what the real extraction finds.
Set STRIKEBOOK_SCREENSHOTS=DIR to keep the PNG.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import shapely  # noqa: E402

from strikebook.present import basemap, locations, maps  # noqa: E402
from strikebook.schema import COLUMNS  # noqa: E402

CASE = Path(__file__).parent / "fixtures" / "somalia"
FILES = {"wire_jilib": "wire_jilib_strike.txt", "regional_jilib": "regional_jilib_residents.txt",
         "statement_africom": "statement_africom_jilib.txt"}
STRIKE = "2025-03-14"

#: (article, mention as printed, name, country, lat, lon, precision, role, event_id)
PLACES = [
    ("wire_jilib", "Jilib", "Jilib", "Somalia", 0.4883, 42.7854, "town", "us_strike", STRIKE),
    ("wire_jilib", "Mogadishu", "Mogadishu", "Somalia", 2.0371, 45.3438, "town", "mention", ""),
    ("wire_jilib", "Middle Juba region", "Middle Juba", "Somalia", 1.3, 42.4, "region", "us_strike", STRIKE),
    ("wire_jilib", "Stuttgart", "Stuttgart", "Germany", 48.7823, 9.177, "town", "mention", ""),
    ("wire_jilib", "near Jamaame", "Jamaame", "Somalia", 0.0697, 42.745, "nearby", "us_strike", STRIKE),
    ("wire_jilib", "Baledogle airfield", "Baledogle airfield", "Somalia", None, None, "unknown", "attack_on_us",
     "2025-03-11"),
    ("wire_jilib", "Manda Bay", "Manda Bay", "Kenya", -2.17, 40.93, "site", "attack_on_us", "2020-01-05"),
    ("regional_jilib", "Jilib", "Jilib", "Somalia", 0.4883, 42.7854, "town", "us_strike", STRIKE),
    ("regional_jilib", "Kismayo", "Kismayo", "Somalia", -0.3582, 42.5454, "town", "mention", ""),
    ("regional_jilib", "the compound", "Jilib training camp", "Somalia", 0.52, 42.74, "event", "us_strike", STRIKE),
    ("regional_jilib", "in Somalia", "Somalia", "Somalia", 5.6525, 45.2737, "country", "us_strike", ""),
    ("regional_jilib", "Bu'aale", "Bu'aale", "Somalia", 1.0833, 42.5833, "town", "us_strike", "2024-06-10"),
    ("statement_africom", "in the vicinity of Jilib", "Jilib", "Somalia", 0.4883, 42.7854, "nearby", "us_strike",
     STRIKE),
    ("statement_africom", "Baledogle airfield", "Baledogle airfield", "Somalia", None, None, "unknown",
     "attack_on_us", "2025-03-11"),
]
EVENTS = [
    ("2020-01-05", "2020-01-05", "attack_on_us", "al-Shabaab attack on Manda Bay", "", "clustered", "wire_jilib"),
    ("2024-06-10", "2024-06-10", "us_strike", "US strike near Bu'aale", "", "clustered", "regional_jilib"),
    ("2025-03-11", "2025-03-11", "attack_on_us", "al-Shabaab attack on Baledogle airfield", "", "clustered",
     "wire_jilib;statement_africom"),
    (STRIKE, STRIKE, "us_strike", "US airstrikes near Jilib", "", "clustered",
     "wire_jilib;regional_jilib;statement_africom"),
]


def _texts() -> dict[str, str]:
    return {aid: (CASE / f).read_text(encoding="utf-8") for aid, f in FILES.items()}


def _places() -> pd.DataFrame:
    """The places table, offsets found in the texts (the evidence is text[start:end], as the contract says)."""
    texts, rows, after = _texts(), [], {}
    for aid, mention, *rest in PLACES:
        text = texts[aid]
        start = text.index(mention, after.get((aid, mention), 0))
        after[(aid, mention)] = start + 1
        s0 = text.rfind("\n", 0, start) + 1  # the paragraph stands for the sentence here
        s1 = text.find("\n", start) % (len(text) + 1)
        name, country, lat, lon, precision, role, event_id = rest
        rows.append({"article_id": aid, "mention": mention, "name": name, "country": country, "lat": lat,
                     "lon": lon, "precision": precision, "role": role, "geonameid": "", "start": start,
                     "end": start + len(mention), "sentence": text[s0:s1].strip(), "event_id": event_id})
    return pd.DataFrame(rows, columns=COLUMNS["places"])  # event_id among them


def _events() -> pd.DataFrame:
    return pd.DataFrame(EVENTS, columns=COLUMNS["events"])


def _articles() -> pd.DataFrame:
    return pd.DataFrame({"article_id": list(FILES), "event_id": [STRIKE] * len(FILES)})


def test_the_fixture_places_point_at_their_evidence():
    texts = _texts()
    for r in _places().itertuples():
        assert texts[r.article_id][r.start:r.end] == r.mention
        assert r.mention in r.sentence


def test_what_the_map_shows_and_why():
    locs = maps.map_locations(_places(), _events(), articles=_articles()).set_index("location")
    assert locs.loc["Jilib", "kind"] == "point" and locs.loc["Jilib", "precision"] == "town"
    assert locs.loc["Jilib", "articles"] == "regional_jilib; statement_africom; wire_jilib"
    assert locs.loc["Jamaame", "precision"] == "nearby" and locs.loc["Jamaame", "kind"] == "point"
    assert locs.loc["Jilib training camp", "precision"] == "event"
    assert locs.loc["Middle Juba", "note"] == "region: position approximate"
    # named without a position: listed as not placed, never drawn
    assert locs.loc["Baledogle airfield", "kind"] == "none"
    assert maps.not_placed(locs.reset_index()) == ["Baledogle airfield"]
    # background: a 2024 strike and a 2020 attack the articles recall
    assert locs.loc["Bu'aale", "kind"] == "none"
    assert locs.loc["Bu'aale", "note"].startswith("strike named in passing (2024-06-10 US strike near Bu'aale)")
    assert locs.loc["Manda Bay", "kind"] == "none"
    assert locs.loc["Manda Bay", "note"].startswith("attack named in passing (2020-01-05")
    # a country named as struck, event unknown ("hundreds of airstrikes in Somalia since 2007"): not shaded
    assert locs.loc["Somalia", "kind"] == "none"
    # plain mentions nobody asked for are not shown; nothing is asked for by default
    assert not {"Mogadishu", "Kismayo", "Stuttgart"} & set(locs.index)
    assert (locs["requested"] == "").all()


def test_places_without_an_event_id_column_are_mapped_as_unknown_events():
    places = _places().drop(columns="event_id")
    locs = maps.map_locations(places, _events(), articles=_articles()).set_index("location")
    assert locs.loc["Jilib", "event"] == "" and locs.loc["Jilib", "marker_events"] == [""]
    assert locs.loc["Bu'aale", "kind"] == "point"  # nothing says it is background: drawn, event unknown


@pytest.fixture(scope="module")
def figure(tmp_path_factory):
    fig = maps.strike_map(_places(), _events(), articles=_articles())
    out = Path(os.environ.get("STRIKEBOOK_SCREENSHOTS") or tmp_path_factory.mktemp("maps"))
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / "strike_map_somalia.png")
    yield fig, out / "strike_map_somalia.png"
    plt.close(fig)


def _texts_of(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]


def test_the_window_follows_the_case_and_shows_the_struck_country_whole(figure):
    fig, png = figure
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    sx0, sy0, sx1, sy1 = basemap.country_shape("SO", [(42.7854, 0.4883)]).bounds
    assert x0 <= sx0 and sx1 <= x1 and y0 <= sy0 and sy1 <= y1  # Somalia whole
    assert not (x0 <= 44.4 <= x1 and y0 <= 33.3 <= y1)  # Baghdad is far outside
    assert (x1 - x0) * math.cos(math.radians((y0 + y1) / 2)) < 40  # a region, not the world
    texts = _texts_of(fig)
    assert "SOMALIA" in texts and "KENYA" in texts
    assert not {"IRAQ", "SYRIA", "JORDAN"} & set(texts)
    assert png.stat().st_size > 50_000


def _collections(fig, gid):
    return [c for ax in fig.axes for c in ax.collections if c.get_gid() == gid]


def test_approximate_places_are_ringed_and_say_so(figure):
    fig, _ = figure
    stars = sum(len(c.get_offsets()) for c in _collections(fig, "marker:us_strike"))
    assert stars == 4  # Jilib, near Jamaame, the compound (event site), Middle Juba ≈ — not Bu'aale
    assert _collections(fig, "marker:attack_on_us") == []  # Baledogle not placed, Manda Bay background
    assert _collections(fig, "marker:") == []  # nothing asked for
    for precision in ("nearby", "event", "region"):
        assert len(_collections(fig, f"marker:{precision}")) == 1, precision
    labels = {t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == "label"}
    assert {"Jilib", "near Jamaame", "Jilib training camp (event site)", "Middle Juba ≈"} <= labels
    assert not {"Bu'aale", "Manda Bay", "Baledogle airfield"} & labels
    legend = [t.get_text().replace("\n", " ") for ax in fig.axes for a in [ax.get_legend(), *ax.artists]
              if isinstance(a, matplotlib.legend.Legend) for t in a.get_texts()]
    assert "'near' a place: drawn at that place" in legend
    assert "at the event's reported site (no place named in the text)" in legend
    assert "≈ region: approximate centre" in legend
    assert "2025-03-14 US airstrikes near Jilib" in legend
    footer = [t.get_text() for t in fig.texts]
    assert any(t.startswith("Not placed") and "Baledogle airfield" in t for t in footer)


def test_the_locator_frames_the_map_anywhere(figure):
    fig, _ = figure
    inset = next(child for ax in fig.axes for child in ax.child_axes)
    (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    (lx0, lx1), (ly0, ly1) = inset.get_xlim(), inset.get_ylim()
    assert lx0 <= x0 and x1 <= lx1 and ly0 <= y0 and y1 <= ly1
    assert inset.collections  # land drawn (the old locator file stopped at 20°W and 5°S)


def test_interactive_map_of_another_region():
    page = maps.interactive_map_html(_places(), _events(), articles=_articles())
    assert "<title>Jilib\n" in page and "SOMALIA" in page and "IRAQ" not in page
    assert "Baledogle airfield" in page.split("Not placed", 1)[1]
    assert "ring-nearby" in page and "ring-event" in page and "ring-region" in page


def test_map_extent_rules():
    somalia = basemap.country_shape("SO")
    # one point: padded to the minimum height, and the aspect asked for
    x0, y0, x1, y1 = basemap.map_extent([(42.8, 0.5)], aspect=1.2)
    assert y1 - y0 == pytest.approx(basemap.MIN_SPAN_LAT)
    assert (x1 - x0) * math.cos(math.radians((y0 + y1) / 2)) / (y1 - y0) == pytest.approx(1.2)
    # the struck country whole when it fits, but not the whole United States for one strike in Texas
    assert basemap.map_extent([(42.8, 0.5)], focus=[somalia])[3] >= somalia.bounds[3]
    usa = basemap.country_shape("US", [(-97.0, 31.0)])
    _, _, x1, _ = basemap.map_extent([(-97.0, 31.0)], focus=[usa])
    assert x1 < -80
    # France is its mainland, not Guiana
    assert basemap.country_shape("FR", [(2.35, 48.85)]).bounds[0] > -10
    # nothing to draw: the world, not a region
    assert basemap.map_extent([]) == basemap.EMPTY_EXTENT


def test_the_real_extraction_of_the_case_maps_somalia_not_the_middle_east():
    """What today's extractor finds in the folder (its roles and events may improve; the window must not
    depend on the Middle East)."""
    from strikebook.extract.pipeline import extract_case

    tables = extract_case([CASE])
    assert tables.problems == []
    located = maps.map_locations(tables.places, tables.events, articles=tables.articles)
    assert "Jilib" in set(located["location"])
    assert (located["requested"] == "").all()
    fig = maps.strike_map(tables.places, tables.events, articles=tables.articles)
    (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert x0 <= 42.79 <= x1 and y0 <= 0.49 <= y1
    assert not shapely.box(x0, y0, x1, y1).intersects(basemap.country_shape("IQ"))
    assert not {"IRAQ", "SYRIA", "JORDAN"} & set(_texts_of(fig))
    plt.close(fig)
    assert locations.summary_line(located).startswith(f"{len(located)} location")
