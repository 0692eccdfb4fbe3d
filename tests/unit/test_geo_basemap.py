"""The map's base topojson is given to plotly.js with the page's scripts (no request before the map
is drawn): the asset must be what scripts/geo_basemap.py writes from the JSON in assets/topojson/,
under the name plotly.js looks for."""

from __future__ import annotations

import json

from dashboard.analysis.metrics import region_values
from dashboard.analysis.state import Selection
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.files import load_dataset
from dashboard.output.figures import region_map
from scripts import geo_basemap


def test_the_asset_is_written_from_the_topojson_file() -> None:
    expected = geo_basemap.script(json.loads(geo_basemap.SOURCE.read_text(encoding="utf-8")))
    assert geo_basemap.TARGET.read_text(encoding="utf-8") == expected, "run scripts/geo_basemap.py"


def test_it_is_the_base_map_the_map_asks_for() -> None:
    # plotly.js names a scope's base map "<scope with dashes>_<resolution>m" (110 unless set).
    dataset = load_dataset(DEFAULT_DATA_DIR)
    geo = region_map(dataset.geography, region_values(dataset), Selection()).layout.geo
    asked_for = f"{geo.scope.replace(' ', '-')}_{geo.resolution or 110}m"
    assert asked_for == geo_basemap.NAME
