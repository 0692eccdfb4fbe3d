"""The map's base topojson is given to plotly.js with the page's scripts (no request before the map
is drawn): the asset must hold the JSON in assets/topojson/, under the name plotly.js looks for."""

from __future__ import annotations

import json
import re

from dashboard.analysis.metrics import region_values
from dashboard.analysis.state import Selection
from dashboard.data.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data.files import load_dataset
from dashboard.output.figures import region_map

ASSET = PROJECT_ROOT / "assets" / "00-plotly-geo-basemap.js"
SET = re.compile(r'window\.PlotlyGeoAssets\.topojson\["(?P<name>[^"]+)"\] = JSON\.parse\((?P<text>".*")\);')


def test_the_asset_holds_the_topojson_file_under_its_name() -> None:
    found = SET.search(ASSET.read_text(encoding="utf-8"))
    assert found, f"{ASSET.name} sets no base map: run scripts/geo_basemap.py"
    source = PROJECT_ROOT / "assets" / "topojson" / f"{found['name']}.json"
    assert json.loads(json.loads(found["text"])) == json.loads(source.read_text(encoding="utf-8")), (
        f"{ASSET.name} is not {source.name}: run scripts/geo_basemap.py"
    )


def test_it_is_the_base_map_the_map_asks_for() -> None:
    # plotly.js names a scope's base map "<scope with dashes>_<resolution>m" (110 unless set).
    dataset = load_dataset(DEFAULT_DATA_DIR)
    geo = region_map(dataset.geography, region_values(dataset), Selection()).layout.geo
    wanted = f"{geo.scope.replace(' ', '-')}_{geo.resolution or 110}m"
    found = SET.search(ASSET.read_text(encoding="utf-8"))
    assert found and found["name"] == wanted
