"""Any state's counties from the U.S. Census Bureau's cartographic boundary file ``cb_2016_us_county_500k``
(every state's counties), which the PyPI package ``plotly-geo`` ships in ``_plotly_geo/package_data/``.

The counties are simplified *as a coverage*, so that a border shared by two counties stays shared (no slivers
or gaps when they are dissolved into regions). Read offline: nothing is downloaded.
``scripts/build_geography.py`` writes a scheme folder's ``counties.geojson`` with it; the app makes one the
same way at first load when a scheme folder has none (dashboard.data.geography).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

# Degrees. ~0.005° is ~400 m: invisible at state scale, a third of the raw vertex count.
TOLERANCE = 0.005
COORDINATE_DECIMALS = 5


def shapefile() -> Path:
    """The Census county file in plotly-geo (ImportError when the package is not installed)."""
    import _plotly_geo

    return Path(_plotly_geo.__file__).parent / "package_data" / "cb_2016_us_county_500k.shp"


def state_counties(state_fips: str, tolerance: float = TOLERANCE) -> gpd.GeoDataFrame:
    """Every county of the state with this two-digit FIPS code: county_fips, county, geometry (longitude and
    latitude, simplified as a coverage at `tolerance` degrees), sorted by FIPS."""
    # The file's names are UTF-8 ("Doña Ana"), but it ships without a .cpg to say so.
    counties = gpd.read_file(shapefile(), where=f"STATEFP = '{state_fips}'", encoding="utf-8")
    # The shapefile ships without a .prj; Census cartographic files are NAD83 longitude/latitude.
    counties = counties.set_crs("EPSG:4269", allow_override=True).to_crs("EPSG:4326")
    counties["geometry"] = counties.geometry.simplify_coverage(tolerance)
    counties = counties.rename(columns={"GEOID": "county_fips", "NAME": "county"})
    return counties[["county_fips", "county", "geometry"]].sort_values("county_fips").reset_index(drop=True)


def geojson_text(counties: gpd.GeoDataFrame) -> str:
    """The counties as compact GeoJSON, coordinates at COORDINATE_DECIMALS (about a metre)."""
    rounded = counties.copy()
    rounded["geometry"] = shapely.set_precision(
        rounded.geometry.values, 10**-COORDINATE_DECIMALS, mode="keep_collapsed"
    )
    return json.dumps(json.loads(rounded.to_json(drop_id=True)), separators=(",", ":"))


def write(counties: gpd.GeoDataFrame, path: Path) -> int:
    text = geojson_text(counties)
    path.write_text(text + "\n", encoding="utf-8")
    return len(text)
