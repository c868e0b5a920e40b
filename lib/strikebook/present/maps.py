"""Strike maps for a notebook in one import: where the articles place the strikes and the attacks.

Why this module is only names: the work is split by job — `locations` (which places a map shows, how,
and the table under it), `basemap` (offline borders and the map's window), `map_layout` (marker and
label positions), `static_map` (the PNG that travels on its own) and `interactive_map` (the inline SVG a
reader hovers) — and a notebook should not need to know that split.
"""

from strikebook.present.basemap import BASEMAP_CREDIT, country_code, load_basemap, map_extent
from strikebook.present.interactive_map import interactive_map, interactive_map_html, map_svg_data
from strikebook.present.locations import (
    LOCATION_COLUMNS,
    MAX_TABLE_ROWS,
    article_count,
    event_colours,
    event_label,
    location_table,
    location_table_html,
    map_data,
    map_locations,
    not_placed,
    summary_line,
)
from strikebook.present.static_map import label_boxes, png_bytes, scale_bar, show, strike_map

__all__ = [
    "BASEMAP_CREDIT", "LOCATION_COLUMNS", "MAX_TABLE_ROWS", "article_count", "country_code", "event_colours",
    "event_label", "interactive_map", "interactive_map_html", "label_boxes", "load_basemap", "location_table",
    "location_table_html", "map_data", "map_extent", "map_locations", "map_svg_data", "not_placed", "png_bytes",
    "scale_bar", "show", "strike_map", "summary_line",
]
