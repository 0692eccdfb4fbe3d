"""Derive Colorado county geometry from the Census file shipped in ``plotly-geo``.

Reads the Census cartographic boundary file ``cb_2016_us_county_500k`` that the PyPI package
``plotly-geo`` ships in ``_plotly_geo/package_data/``, keeps Colorado (STATEFP 08), simplifies
the counties *as a coverage* so that a border shared by two counties stays shared (no slivers or
gaps when the app dissolves counties into regions), and writes
``data/geo/counties.geojson``. The result is committed; the app never needs the network.

Run: ``python scripts/build_geography.py`` (``make geography``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import _plotly_geo
import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
SHAPEFILE = Path(_plotly_geo.__file__).parent / "package_data" / "cb_2016_us_county_500k.shp"
COLORADO_STATEFP = "08"
# Degrees. ~0.005° is ~400 m: invisible at state scale, a third of the raw vertex count.
TOLERANCE = 0.005
COORDINATE_DECIMALS = 5


def build(tolerance: float = TOLERANCE) -> gpd.GeoDataFrame:
    counties = gpd.read_file(SHAPEFILE)
    counties = counties[counties["STATEFP"] == COLORADO_STATEFP].copy()
    # The shapefile ships without a .prj; Census cartographic files are NAD83 longitude/latitude.
    counties = counties.set_crs("EPSG:4269", allow_override=True).to_crs("EPSG:4326")
    counties["geometry"] = counties.geometry.simplify_coverage(tolerance)
    counties = counties.rename(columns={"GEOID": "county_fips", "NAME": "county"})
    counties = counties[["county_fips", "county", "geometry"]].sort_values("county_fips")

    regions = pd.read_csv(ROOT / "data/geo/county_regions.csv", dtype={"county_fips": str})
    missing = set(regions["county_fips"]) ^ set(counties["county_fips"])
    if missing:
        raise SystemExit(f"county_regions.csv and the Census file disagree on FIPS: {missing}")
    invalid = counties[~counties.geometry.is_valid]
    if len(invalid):
        raise SystemExit(f"simplification made invalid geometry: {list(invalid['county'])}")
    return counties.reset_index(drop=True)


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
    args = parser.parse_args()
    counties = build(args.tolerance)
    out = ROOT / "data/geo/counties.geojson"
    size = write(counties, out)
    vertices = int(shapely.get_num_coordinates(counties.geometry.values).sum())
    print(f"wrote {out.relative_to(ROOT)}: {len(counties)} counties, {vertices} vertices, {size:,} bytes")


if __name__ == "__main__":
    main()
