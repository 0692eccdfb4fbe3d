"""Derive a state's county geometry from the Census file shipped in ``plotly-geo``.

Reads the Census cartographic boundary file ``cb_2016_us_county_500k`` (every state's counties) that the
PyPI package ``plotly-geo`` ships in ``_plotly_geo/package_data/``, keeps the state a geography folder's
``scheme.json`` names (Colorado, STATEFP 08, for ``data/geo``), simplifies the counties *as a coverage* so
that a border shared by two counties stays shared (no slivers or gaps when the app dissolves counties into
regions), checks them against the folder's ``county_regions.csv`` and writes its ``counties.geojson``. The
result is committed; the app never needs the network.

Run: ``python scripts/build_geography.py`` (``make geography``), or ``--folder path/to/scheme`` for
another state's scheme.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import _plotly_geo
import geopandas as gpd
import shapely

from dashboard.data.config import GEOGRAPHY_DIR
from dashboard.data.geography import read_county_regions, read_scheme

SHAPEFILE = Path(_plotly_geo.__file__).parent / "package_data" / "cb_2016_us_county_500k.shp"
# Degrees. ~0.005° is ~400 m: invisible at state scale, a third of the raw vertex count.
TOLERANCE = 0.005
COORDINATE_DECIMALS = 5


def state_counties(state_fips: str, tolerance: float = TOLERANCE) -> gpd.GeoDataFrame:
    """Every county of the state with this two-digit FIPS code: county_fips, county, geometry (longitude and
    latitude, simplified as a coverage at `tolerance` degrees), sorted by FIPS."""
    # The file's names are UTF-8 ("Doña Ana"), but it ships without a .cpg to say so.
    counties = gpd.read_file(SHAPEFILE, where=f"STATEFP = '{state_fips}'", encoding="utf-8")
    # The shapefile ships without a .prj; Census cartographic files are NAD83 longitude/latitude.
    counties = counties.set_crs("EPSG:4269", allow_override=True).to_crs("EPSG:4326")
    counties["geometry"] = counties.geometry.simplify_coverage(tolerance)
    counties = counties.rename(columns={"GEOID": "county_fips", "NAME": "county"})
    return counties[["county_fips", "county", "geometry"]].sort_values("county_fips").reset_index(drop=True)


def build(folder: Path = GEOGRAPHY_DIR, tolerance: float = TOLERANCE) -> gpd.GeoDataFrame:
    """The counties of the state `folder`'s scheme names, checked against its county → region crosswalk."""
    counties = state_counties(read_scheme(folder).state_fips, tolerance)
    regions = read_county_regions(folder)
    missing = set(regions["county_fips"]) ^ set(counties["county_fips"])
    if missing:
        raise SystemExit(f"county_regions.csv and the Census file disagree on FIPS: {sorted(missing)}")
    invalid = counties[~counties.geometry.is_valid]
    if len(invalid):
        raise SystemExit(f"simplification made invalid geometry: {list(invalid['county'])}")
    return counties


def write(counties: gpd.GeoDataFrame, path: Path) -> int:
    rounded = counties.copy()
    rounded["geometry"] = shapely.set_precision(
        rounded.geometry.values, 10**-COORDINATE_DECIMALS, mode="keep_collapsed"
    )
    text = json.dumps(json.loads(rounded.to_json(drop_id=True)), separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--folder", type=Path, default=GEOGRAPHY_DIR, help="the scheme's folder")
    args = parser.parse_args()
    counties = build(args.folder, args.tolerance)
    out = args.folder / "counties.geojson"
    size = write(counties, out)
    vertices = int(shapely.get_num_coordinates(counties.geometry.values).sum())
    print(f"wrote {out}: {len(counties)} counties, {vertices} vertices, {size:,} bytes")


if __name__ == "__main__":
    main()
