"""The 64 counties, the 14 regions, and the geometry the map draws."""

from __future__ import annotations

import json

import geopandas as gpd
import shapely

from dashboard.data.geography import load_geography, read_county_geometry, read_county_regions


def test_every_county_is_in_exactly_one_of_14_regions() -> None:
    counties = read_county_regions()
    assert len(counties) == 64
    assert counties["county_fips"].is_unique and counties["county"].is_unique
    assert counties["county_fips"].str.fullmatch(r"08\d{3}").all()
    # Colorado's 14 planning and management regions (data/README.md cites the source).
    assert sorted(counties["region"].unique()) == list(range(1, 15))
    assert counties.groupby("region")["region_name"].nunique().eq(1).all()


def test_regions_named_by_the_state_planning_regions() -> None:
    regions = read_county_regions().groupby("region")["county"].apply(sorted)
    assert regions[3] == [
        "Adams", "Arapahoe", "Boulder", "Broomfield", "Clear Creek", "Denver", "Douglas", "Gilpin", "Jefferson",
    ]  # fmt: skip
    assert regions[7] == ["Pueblo"]
    assert regions[14] == ["Huerfano", "Las Animas"]


def test_county_geometry_matches_the_county_list() -> None:
    geometry = read_county_geometry()
    assert set(geometry["county_fips"]) == set(read_county_regions()["county_fips"])
    assert geometry.geometry.is_valid.all()


def test_dissolved_regions_are_valid_and_cover_the_counties() -> None:
    geography = load_geography()
    features = geography.region_geojson["features"]
    assert [f["id"] for f in features] == [str(r) for r in range(1, 15)]
    shapes = gpd.GeoSeries([shapely.from_geojson(json.dumps(f["geometry"])) for f in features])
    assert shapes.is_valid.all()
    counties = read_county_geometry().geometry.union_all()
    regions = shapes.union_all()
    # Same outline within the simplification: area differs by under 0.5 %.
    assert abs(regions.area - counties.area) / counties.area < 0.005
    # Regions tile the state: their pairwise overlaps are negligible.
    assert abs(shapes.area.sum() - regions.area) / regions.area < 0.001


def test_region_geometry_sent_to_the_browser_is_small() -> None:
    size = len(json.dumps(load_geography().region_geojson, separators=(",", ":")))
    assert size < 40_000, f"region GeoJSON is {size:,} bytes"


def test_label_points_fall_inside_their_regions() -> None:
    geography = load_geography()
    for feature in geography.region_geojson["features"]:
        region = int(feature["id"])
        shape = shapely.from_geojson(json.dumps(feature["geometry"]))
        point = shapely.Point(geography.regions.at[region, "label_lon"], geography.regions.at[region, "label_lat"])
        assert shape.buffer(0.02).contains(point), region
