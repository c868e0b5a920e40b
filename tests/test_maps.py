"""Strike maps, location table and interactive map on a small synthetic case (places/events/articles frames
shaped like the contract, places with the `event_id` extraction decides), plus the shipped basemap. The
gazetteer is stubbed here so the tests do not depend on strikebook.extract.places' data."""

from __future__ import annotations

import itertools
import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from strikebook.present import locations, maps  # noqa: E402
from strikebook.schema import COLUMNS  # noqa: E402

LOCATIONS = ["Albu Kamal", "Erbil", "Baghdad", "Jordan"]

GAZETTEER = {
    "albu kamal": ("Albu Kamal", "Syria", 34.4523, 40.9185, "town"),
    "erbil": ("Erbil", "Iraq", 36.1912, 44.0094, "town"),
    "baghdad": ("Baghdad", "Iraq", 33.3406, 44.4009, "town"),
    "jordan": ("Jordan", "Jordan", 31.0, 36.0, "country"),
    "tower 22": ("Tower 22", "Jordan", 33.3225, 38.6917, "site"),
}


def fake_geocode(name, context_countries=()):
    hit = GAZETTEER.get(name.lower())
    return None if hit is None else dict(zip(("name", "country", "lat", "lon", "precision"), hit, strict=True))


@pytest.fixture(autouse=True)
def stub_gazetteer(monkeypatch):
    monkeypatch.setattr(locations, "geocode", fake_geocode)


def _places(extra=()):
    rows = [
        ("a1", "Albu Kamal", "Albu Kamal", "Syria", 34.4523, 40.9185, "town", "us_strike",
         "It said the strikes hit areas near the border town of Albu Kamal."),
        ("a1", "Al-Qaim", "Al-Qaim", "Iraq", 34.3689, 41.0939, "town", "us_strike", "Strikes hit Al-Qaim."),
        ("a1", "Akashat", "Akashat", "Iraq", 33.7994, 40.6012, "town", "us_strike", "Targets near Akashat."),
        ("a1", "Jordan", "Jordan", "Jordan", 31.0, 36.0, "country", "attack_on_us",
         'A drone attack on US troops in Jordan <script>alert("x")</script> killed three soldiers.'),
        ("a1", "Baghdad airport", "Baghdad", "Iraq", 33.3406, 44.4009, "town", "mention",
         "A drone strike near Baghdad airport in 2020."),
        ("a2", "Erbil", "Erbil", "Iraq", 36.1912, 44.0094, "town", "attack_on_us",
         "A rocket attack in the northern Iraqi city of Erbil killed a civilian contractor."),
        ("a2", "eastern Syria", "eastern Syria", "Syria", 35.0, 40.5, "region", "us_strike",
         "Airstrikes in eastern Syria."),
        ("a3", "Iraq-Syria border", "Iraq-Syria border", "", None, None, "region", "us_strike",
         "Strikes on the Iraq-Syria border."),
        ("a3", "Abu Kamal", "Albu Kamal", "Syria", 34.4523, 40.9185, "town", "us_strike",
         "Facilities near Abu Kamal were destroyed."),
        ("a3", "Washington", "Washington", "United States", 38.895, -77.036, "town", "mention",
         "Officials in Washington said."),
        *extra,
    ]
    # the event each mention belongs to, as extraction decides it (places.event_id; '' = unknown)
    events = ["2024-02-02", "2024-02-02", "2024-02-02", "2024-01-28", "", "2021-02-15", "2021-02-25", "2021-06-27",
              "2021-06-27", ""]
    rows = [(*r, events[i] if i < len(events) else "") if len(r) == 9 else r for i, r in enumerate(rows)]
    df = pd.DataFrame(rows, columns=["article_id", "mention", "name", "country", "lat", "lon", "precision",
                                     "role", "sentence", "event_id"])
    df["start"] = range(0, 10 * len(df), 10)
    df["end"] = df["start"] + 5
    df["geonameid"] = ""
    return df[COLUMNS["places"]]  # the contract's columns, event_id among them


def _events():
    return pd.DataFrame([
        ("2021-02-15", "2021-02-15", "attack_on_us", "Erbil rocket attack", "Rockets hit Erbil.", "reference", "a2"),
        ("2021-02-25", "2021-02-25", "us_strike", "US air strikes in eastern Syria", "", "reference", "a2"),
        ("2021-06-27", "2021-06-27", "us_strike", "US air strikes on the Iraq-Syria border", "", "reference", "a3"),
        ("2024-01-28", "2024-01-28", "attack_on_us", "Tower 22 drone attack", "A drone hit Tower 22.", "reference",
         "a1"),
        ("2024-02-02", "2024-02-02", "us_strike", "US strikes on 85 targets in Iraq and Syria", "", "reference",
         "a1"),
    ], columns=COLUMNS["events"])


def _articles():
    return pd.DataFrame({"article_id": ["a1", "a2", "a3"], "event_id": ["2024-02-02", "2021-02-25", "2021-06-27"]})


def _table(**kw):
    kw.setdefault("locations", LOCATIONS)
    return maps.location_table(_places(), _events(), articles=_articles(), **kw).set_index("location")


# --------------------------------------------------------------------------- basemap

def test_basemap_has_the_region_countries_in_wgs84():
    world = maps.load_basemap()
    assert world.crs.to_epsg() == 4326
    names = set(world["name"])
    for country in ("Jordan", "Syria", "Iraq", "Iran", "Israel", "Lebanon", "Turkey", "Saudi Arabia", "Kuwait",
                    "Qatar", "Bahrain", "United Arab Emirates"):
        assert country in names
    assert world.loc[world["name"] == "Jordan", "iso_a3"].item() == "JOR"
    assert world.loc[world["name"] == "Syria", "iso_a2"].item() == "SY"
    x0, y0, x1, y1 = world.total_bounds
    assert 25 <= x0 and x1 <= 63 and 12 <= y0 and y1 <= 42
    # 1:50m, not 1:110m: Natural Earth's 1:110m countries have no Bahrain at all
    assert "Bahrain" in names
    locator = maps.load_basemap("locator")
    assert {"France", "India", "Jordan"} <= set(locator["name"])
    with pytest.raises(ValueError, match="unknown basemap layer"):
        maps.load_basemap("moon")


def test_country_code_accepts_names_and_codes():
    assert maps.country_code("Syria") == "SY"
    assert maps.country_code("SYR") == "SY"
    assert maps.country_code("iq") == "IQ"
    assert maps.country_code("") == ""
    assert maps.country_code(None) == ""


# --------------------------------------------------------------------------- location table

def test_location_table_merges_mentions_and_gives_coordinates():
    t = _table()
    albu = t.loc["Albu Kamal"]
    assert albu["lat"] == pytest.approx(34.45, abs=0.01)
    assert albu["lon"] == pytest.approx(40.92, abs=0.01)
    assert albu["coordinates"] == "34.45°N, 40.92°E"
    assert albu["precision"] == "town"
    assert albu["role"] == "US strike site"
    assert albu["articles"] == "a1; a3"  # "Albu Kamal" and "Abu Kamal" are one place
    assert albu["mentions"] == "Albu Kamal; Abu Kamal"
    assert "2021-06-27 US air strikes on the Iraq-Syria border" in albu["events"]
    assert "2024-02-02 US strikes on 85 targets in Iraq and Syria" in albu["events"]
    assert albu["evidence"] == "It said the strikes hit areas near the border town of Albu Kamal."
    assert bool(albu["on_map"])
    erbil = t.loc["Erbil"]
    assert (erbil["lat"], erbil["lon"]) == pytest.approx((36.19, 44.01), abs=0.01)
    assert erbil["role"] == "Attack on US forces"
    assert erbil["events"] == "2021-02-15 Erbil rocket attack"
    assert t.loc["Baghdad", "role"] == "Other place named in the articles"
    assert "Washington" not in t.index  # a plain mention that nobody asked for


def test_places_without_coordinates_are_listed_not_drawn():
    t = _table()
    border = t.loc["Iraq-Syria border"]
    assert not bool(border["on_map"])
    assert border["note"] == "no coordinates: listed, not drawn"
    assert t.loc["eastern Syria", "note"] == "region: position approximate"


def test_jordan_without_a_named_site_is_the_country_highlighted():
    locs = maps.map_locations(_places(), _events(), locations=LOCATIONS, articles=_articles()).set_index("location")
    assert locs.loc["Jordan", "kind"] == "country"
    assert locs.loc["Jordan", "role"] == "attack_on_us"
    # the attack belongs to the attack event the article covers, not to the strike it mainly reports
    assert locs.loc["Jordan", "event"] == "2024-01-28"
    assert locs.loc["Albu Kamal", "marker_events"] == ["2021-06-27", "2024-02-02"]


def test_jordan_with_a_named_site_means_that_site():
    tower = ("a1", "Tower 22", "Tower 22", "Jordan", 33.3225, 38.6917, "site", "attack_on_us",
             "The drone hit Tower 22, a base in north-eastern Jordan.")
    locs = maps.map_locations(_places([tower]), _events(), locations=LOCATIONS, articles=_articles())
    locs = locs.set_index("location")
    assert locs.loc["Tower 22", "requested"] == "Jordan"
    assert locs.loc["Tower 22", "kind"] == "point"
    assert "country" not in set(locs["kind"])


def test_event_filter_keeps_that_events_articles_and_rejects_unknown_ids():
    t = _table(event_id="2024-02-02")
    assert set(t.index) == {"Albu Kamal", "Al-Qaim", "Akashat", "Jordan", "Baghdad", "Erbil"}
    assert t.loc["Albu Kamal", "articles"] == "a1"
    assert t.loc["Erbil", "note"] == "not named in these articles"  # asked for, so still shown
    assert t.loc["Erbil", "articles"] == ""
    with pytest.raises(ValueError, match=r"unknown event_id '1999-01-01'; valid: 2021-02-15, 2021-02-25"):
        _table(event_id="1999-01-01")


def test_hiding_attacks_on_us():
    t = _table(show_attacks_on_us=False)
    assert "Attack on US forces" not in set(t["role"])
    assert t.loc["Erbil", "role"] == "Place asked for, not named here"


def test_location_table_html_escapes_evidence():
    page = maps.location_table_html(_table().reset_index())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(" in page


# --------------------------------------------------------------------------- static map

@pytest.fixture(scope="module")
def figure():
    mp = pytest.MonkeyPatch()
    mp.setattr(locations, "geocode", fake_geocode)
    fig = maps.strike_map(_places(), _events(), locations=LOCATIONS, articles=_articles())
    fig.canvas.draw()
    yield fig
    mp.undo()
    plt.close(fig)


def _collections(fig, gid):
    return [c for ax in fig.axes for c in ax.collections if c.get_gid() == gid]


def test_strike_map_markers_per_role(figure):
    strikes = _collections(figure, "marker:us_strike")
    attacks = _collections(figure, "marker:attack_on_us")
    others = _collections(figure, "marker:mention")
    # stars: Albu Kamal twice (two events), Al-Qaim, Akashat, eastern Syria; triangle: Erbil; circle: Baghdad
    assert sum(len(c.get_offsets()) for c in strikes) == 5
    assert sum(len(c.get_offsets()) for c in attacks) == 1
    assert sum(len(c.get_offsets()) for c in others) == 1
    shapes = {len(c.get_paths()[0].vertices) for c in strikes} | {len(c.get_paths()[0].vertices) for c in attacks}
    assert len(shapes) == 2  # a star and a triangle are different paths
    assert len(_collections(figure, "marker:region")) == 1  # the dashed ring round eastern Syria


def test_strike_map_legend_names_each_event_by_date_and_name(figure):
    texts = [t.get_text().replace("\n", " ") for ax in figure.axes for leg in
             [ax.get_legend(), *[a for a in ax.artists if isinstance(a, matplotlib.legend.Legend)]]
             if leg is not None for t in leg.get_texts()]
    for label in ("2021-02-15 Erbil rocket attack", "2021-02-25 US air strikes in eastern Syria",
                  "2021-06-27 US air strikes on the Iraq-Syria border", "2024-01-28 Tower 22 drone attack",
                  "2024-02-02 US strikes on 85 targets in Iraq and Syria"):
        assert label in texts
    assert {"US strike site", "Attack on US forces"} <= set(texts)


def test_strike_map_labels_do_not_overlap(figure):
    boxes = maps.label_boxes(figure)
    labels = {t.get_text() for ax in figure.axes for t in ax.texts if t.get_gid() == "label"}
    assert {"Albu Kamal", "Erbil", "Baghdad", "Jordan (country)", "eastern Syria ≈"} <= labels
    assert len(boxes) >= 7
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)


def test_strike_map_states_sources_scale_and_locator(figure):
    texts = [t.get_text() for t in figure.texts] + [t.get_text() for ax in figure.axes for t in ax.texts]
    assert any(t.startswith("Places extracted from 3 articles; basemap Natural Earth 1:50m") for t in texts)
    assert any(re.fullmatch(r"\d+ km \(at \d+°N\)", t) for t in texts)
    assert any(t == "N" for t in texts)
    insets = [child for ax in figure.axes for child in ax.child_axes]
    assert len(insets) == 1  # the locator
    assert any(p.get_edgecolor()[:3] == matplotlib.colors.to_rgb("#C00000") for p in insets[0].patches)


def test_scale_bar_length_is_true_at_the_map_latitude():
    fig, ax = plt.subplots()
    ax.set_xlim(36, 46)
    ax.set_ylim(30, 38)
    km, deg = maps.scale_bar(ax)
    plt.close(fig)
    assert km == 200  # 22 % of ~925 km, rounded down to a round length
    assert deg * 111.32 * math.cos(math.radians(34)) == pytest.approx(200)


def test_strike_map_draws_into_a_given_axes_and_outlines_a_country_not_named():
    fig, ax = plt.subplots(figsize=(8, 6))
    out = maps.strike_map(_places(), _events(), locations=["Erbil", "Jordan"], event_id="2021-02-25", ax=ax,
                          articles=_articles())
    assert out is fig
    legend = [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]
    assert "Country asked for, no site on this map" in legend
    assert "Country named, no site given" not in legend
    assert "Jordan (no site on this map)" in {t.get_text() for t in ax.texts}
    assert "Event not identified in the events table" not in legend
    assert maps.article_count(_places(), _events(), _articles(), "2021-02-25") == 1
    plt.close(fig)


def test_an_attack_no_listed_event_explains_stays_unattributed():
    embassy = ("a3", "US embassy in Baghdad", "US Embassy in Baghdad", "Iraq", 33.2985, 44.395, "site",
               "attack_on_us", "Rockets were fired at the US embassy in Baghdad.")
    locs = maps.map_locations(_places([embassy]), _events(), articles=_articles()).set_index("location")
    # article a3 covers only a strike; the attack must not take the strike's colour
    assert locs.loc["US Embassy in Baghdad", "event"] == ""
    assert locs.loc["US Embassy in Baghdad", "events"] == ""
    fig = maps.strike_map(_places([embassy]), _events(), articles=_articles())
    texts = [t.get_text().replace("\n", " ") for ax in fig.axes for a in ax.artists + [ax.get_legend()]
             if isinstance(a, matplotlib.legend.Legend) for t in a.get_texts()]
    assert "Event not identified in the events table" in texts
    plt.close(fig)


# --------------------------------------------------------------------------- interactive map

def test_interactive_map_is_offline_and_escapes_evidence():
    """The interactive map is an inline SVG (no plotly.js, no script at all): hover text per marker and
    shaded country, article text escaped by the template."""
    data = maps.map_svg_data(_places(), _events(), locations=LOCATIONS, articles=_articles())
    hovers = [p["title"] for p in data["places"]] + [s["title"] for s in data["shaded"]]
    jordan = next(h for h in hovers if h.startswith("Jordan"))
    assert '<script>alert("x")</script>' in jordan  # raw text here: the template escapes it
    assert any(h.startswith("Albu Kamal") and "34.45°N, 40.92°E" in h for h in hovers)
    page = maps.interactive_map_html(_places(), _events(), locations=LOCATIONS, articles=_articles())
    assert "<script>alert" not in page and 'alert("x")' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script" not in page  # nothing to run, nothing fetched
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page)
    assert page.count("<svg") >= 1 and '<a class="r-us_strike"' in page and "<title>Albu Kamal" in page
    html_obj = maps.interactive_map(_places(), _events(), locations=LOCATIONS, articles=_articles())
    assert "<svg" in html_obj.data


def test_dollar_signs_in_names_do_not_break_the_map():
    places = _places()
    places.loc[places["name"] == "Akashat", "name"] = "Camp $5$ and $"  # would be mathtext unescaped
    fig = maps.strike_map(places, _events(), articles=_articles())
    fig.savefig(__import__("io").BytesIO(), format="png")
    assert any("$5" in t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == "label")
    plt.close(fig)


def test_summary_line_counts_what_the_map_shows():
    located = maps.map_locations(_places(), _events(), locations=LOCATIONS, articles=_articles())
    # strike sites drawn: Albu Kamal, Al-Qaim, Akashat, eastern Syria (the border has no coordinates);
    # attacked: Erbil and the shaded Jordan
    assert maps.summary_line(located) == "8 locations, 4 strike sites, 2 attacked sites, 5 events"


def test_an_empty_case_draws_an_explained_empty_map():
    empty = pd.DataFrame(columns=COLUMNS["places"])
    fig = maps.strike_map(empty, None)
    assert "No strike or attack site located in these articles" in {t.get_text() for t in fig.axes[0].texts}
    assert any(t.get_text().startswith("Places extracted from 0 articles") for t in fig.texts)
    plt.close(fig)
    table = maps.location_table(empty, None, ["Erbil", "Atlantis"])
    assert table.set_index("location")["note"].to_dict() == {
        "Erbil": "not named in these articles", "Atlantis": "not found in the gazetteer"}
    assert "<path d=" in maps.interactive_map_html(empty, None)  # borders still drawn
