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
from pathlib import Path

import geopandas as gpd
import shapely

from dashboard.data.census import TOLERANCE, shapefile, state_counties, write
from dashboard.data.config import GEOGRAPHY_DIR
from dashboard.data.geography import read_county_regions, read_scheme

SHAPEFILE = shapefile()
__all__ = ["SHAPEFILE", "build", "state_counties", "write"]


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
