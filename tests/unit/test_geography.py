"""The 64 counties, the 14 regions, the geometry the map draws, and the scheme that names them."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from dashboard.analysis.insights import insights
from dashboard.analysis.state import Selection
from dashboard.data import census
from dashboard.data.caching import Memo
from dashboard.data.config import GEOGRAPHY_DIR, SCHEME_DIR_ENV
from dashboard.data.contract import DataContractError
from dashboard.data.dataset import Dataset
from dashboard.data.files import load_dataset
from dashboard.data.geography import (
    SchemeError,
    dissolve_regions,
    load_geography,
    read_county_geometry,
    read_county_regions,
    read_scheme,
)
from layouts.page import boundaries_note, subtitle
from scripts.build_geography import SHAPEFILE, state_counties
from scripts.build_geography import write as write_counties


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


# --------------------------------------------------------------------------------------------
# The region scheme as data (scheme.json): the state and the scheme's words come from it.


def scheme_folder(tmp_path: Path, **fields: object) -> Path:
    """A copy of the default geography folder whose scheme.json has `fields` changed (None: left out)."""
    folder = tmp_path / "geo"
    shutil.copytree(GEOGRAPHY_DIR, folder)
    scheme = json.loads((GEOGRAPHY_DIR / "scheme.json").read_text(encoding="utf-8"))
    for name, value in fields.items():
        if value is None:
            scheme.pop(name, None)
        else:
            scheme[name] = value
    (folder / "scheme.json").write_text(json.dumps(scheme), encoding="utf-8")
    return folder


def test_the_default_scheme_is_colorados_and_its_fips_is_the_counties() -> None:
    geography = load_geography()
    assert geography.state_name == "Colorado"
    assert (geography.scheme.state_postal, geography.scheme.state_fips) == ("CO", "08")
    assert geography.state_fips == geography.scheme.state_fips
    assert geography.scheme.regions_title == "economic development regions"


def test_a_scheme_whose_state_is_not_its_counties_is_refused_by_name(tmp_path: Path) -> None:
    folder = scheme_folder(tmp_path, state="Wyoming", state_postal="WY", state_fips="56")
    with pytest.raises(SchemeError) as refused:
        load_geography(folder)
    problems = refused.value.problems
    assert len(problems) == len(read_county_regions())  # every county of the crosswalk is Colorado's
    assert str(problems[0]) == (
        "county_regions.csv, row 2, column 'county_fips': '08001' is not a county of Wyoming "
        "(scheme.json: its county codes start 56)"
    )


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"state": None}, ["scheme.json, column 'state': missing or empty: give it as text"]),
        (
            {"regions_title": "  ", "state_postal": 8},
            [
                "scheme.json, column 'state_postal': missing or empty: give it as text",
                "scheme.json, column 'regions_title': missing or empty: give it as text",
            ],
        ),
        (
            {"state_fips": "8"},
            ["scheme.json, column 'state_fips': '8' is not a state's two-digit FIPS code (Colorado's is '08')"],
        ),
    ],
)
def test_a_malformed_scheme_names_its_file_and_fields(
    tmp_path: Path, fields: dict[str, object], said: list[str]
) -> None:
    with pytest.raises(SchemeError) as refused:
        read_scheme(scheme_folder(tmp_path, **fields))
    assert [str(problem) for problem in refused.value.problems] == said


# --------------------------------------------------------------------------------------------
# The crosswalk's contract: every county of the state in exactly one region, by its FIPS code.


def crosswalk_rows() -> list[list[str]]:
    """Colorado's crosswalk as its file holds it (csv module, not the code under test), header first."""
    with (GEOGRAPHY_DIR / "county_regions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def crosswalk_folder(tmp_path: Path, rows: list[list[str]], *, text: str | None = None) -> Path:
    folder = scheme_folder(tmp_path)
    with (folder / "county_regions.csv").open("w", encoding="utf-8", newline="") as handle:
        if text is None:
            csv.writer(handle).writerows(rows)
        else:
            handle.write(text)
    return folder


def refusal(folder: Path) -> list[str]:
    with pytest.raises(SchemeError) as refused:
        load_geography(folder)
    return [str(problem) for problem in refused.value.problems]


def test_a_county_given_twice_is_refused_with_both_rows(tmp_path: Path) -> None:
    rows = crosswalk_rows()
    fips, county = rows[1][0], rows[1][1]
    other_region = next(r[2] for r in rows[1:] if r[2] != rows[1][2])
    other_name = next(r[3] for r in rows[1:] if r[2] == other_region)
    rows.append([fips, county, other_region, other_name])
    assert refusal(crosswalk_folder(tmp_path, rows)) == [
        f"county_regions.csv, row {len(rows)}, column 'county_fips': '{fips}' ({county}) is given twice, "
        f"in rows 2 and {len(rows)}: a county belongs to one region"
    ]


def test_a_county_left_out_is_named(tmp_path: Path) -> None:
    rows = crosswalk_rows()
    gone = rows.pop(20)
    assert refusal(crosswalk_folder(tmp_path, rows)) == [
        f"county_regions.csv, column 'county_fips': {gone[1]} ({gone[0]}) is left out: "
        "every county of Colorado belongs to one region"
    ]


def test_a_fips_code_that_lost_its_leading_zero_says_how_to_write_it(tmp_path: Path) -> None:
    rows = crosswalk_rows()
    fips = rows[3][0]
    rows[3][0] = fips.lstrip("0")  # what a spreadsheet does to 08005
    assert refusal(crosswalk_folder(tmp_path, rows)) == [
        f"county_regions.csv, row 4, column 'county_fips': '{fips.lstrip('0')}' has lost its leading zero "
        f"(a spreadsheet read the code as a number): write it as '{fips}', as text"
    ]


def test_an_empty_region_and_a_region_of_two_names_are_refused(tmp_path: Path) -> None:
    rows = crosswalk_rows()
    rows[5][2] = ""
    same = [i for i, r in enumerate(rows) if i and r[2] == rows[1][2]]
    rows[same[-1]][3] = "Another Name"
    assert refusal(crosswalk_folder(tmp_path, rows)) == [
        "county_regions.csv, row 6, column 'region': missing: every county belongs to a region "
        "(give the region's number)",
        f"county_regions.csv, row {same[-1] + 1}, column 'region_name': 'Another Name', but row 2 names "
        f"region {rows[1][2]} {rows[1][3]!r}: a region has one name",
    ]


def test_a_crosswalk_with_wrong_columns_or_not_csv_is_refused_by_file(tmp_path: Path) -> None:
    rows = crosswalk_rows()
    rows[0][2] = "region_id"
    assert refusal(crosswalk_folder(tmp_path, rows)) == [
        "county_regions.csv, row 1, column 'region': missing: the crosswalk's columns are county_fips, county, "
        "region, region_name (found 'county_fips', 'county', 'region_id', 'region_name')"
    ]
    folder = tmp_path / "binary"
    folder.mkdir()
    shutil.copy(GEOGRAPHY_DIR / "scheme.json", folder)
    (folder / "county_regions.csv").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    said = refusal(folder)
    assert len(said) == 1 and said[0].startswith("county_regions.csv: cannot be read as a CSV file")
    (folder / "county_regions.csv").write_text("county_fips,county,region,region_name\n", encoding="utf-8")
    (folder / "counties.geojson").write_text("{not geojson", encoding="utf-8")
    said = refusal(folder)
    assert said[0].startswith("counties.geojson: cannot be read") and "delete it" in said[0]


def test_a_scheme_without_county_shapes_has_them_made_at_first_load_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state's staff give scheme.json and the crosswalk only: the counties are made from the Census county
    file at first load and kept beside them; a folder that cannot be written to still serves."""
    shapes = state_counties("56")  # Wyoming's counties, as the Census file lists them
    folder = tmp_path / "wyoming"
    folder.mkdir()
    scheme = {"state": "Wyoming", "state_postal": "WY", "state_fips": "56"}
    scheme |= {"regions_title": "test areas", "regions_source": "test areas"}
    (folder / "scheme.json").write_text(json.dumps(scheme), encoding="utf-8")
    crosswalk = shapes[["county_fips", "county"]].assign(region=1, region_name="All of Wyoming")
    crosswalk.to_csv(folder / "county_regions.csv", index=False)
    geography = load_geography(folder)
    assert len(geography.counties) == len(shapes) == 23 and list(geography.regions.index) == [1]
    kept = gpd.read_file(folder / "counties.geojson")
    assert sorted(kept["county_fips"]) == sorted(shapes["county_fips"])
    # A folder that cannot be written to (the write refused as a read-only disk refuses it): made again for
    # this process, nothing kept, the same counties.
    other = tmp_path / "read-only"
    other.mkdir()
    for name in ("scheme.json", "county_regions.csv"):
        shutil.copy(folder / name, other / name)

    def refuse(*_: object) -> int:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:
        patched.setattr(census, "write", refuse)
        assert len(load_geography(other).counties) == 23
    assert not (other / "counties.geojson").exists()
    # Without the Census file (plotly-geo not installed), it says what to do.
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("scheme.json", "county_regions.csv"):
        shutil.copy(folder / name, bare / name)
    monkeypatch.setitem(sys.modules, "_plotly_geo", None)
    said = refusal(bare)
    assert said == [
        "counties.geojson: is missing, and the Census county file it is made from is not installed (the "
        f"plotly-geo package): install it, or run 'python scripts/build_geography.py --folder {bare}' where it is"
    ]


def test_a_crosswalk_saved_by_a_spreadsheet_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    text = (GEOGRAPHY_DIR / "county_regions.csv").read_text(encoding="utf-8")
    geography = load_geography(crosswalk_folder(tmp_path, [], text="\ufeff" + text.replace("\n", "\r\n")))
    assert len(geography.counties) == len(crosswalk_rows()) - 1 and len(geography.regions) == 14


def test_names_with_accents_and_apostrophes_are_kept_from_file_to_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_data_dir: Callable[..., Path]
) -> None:
    """New Mexico's Doña Ana County, read from the Census file as UTF-8, in a region named with an
    apostrophe: the crosswalk, a membership row naming the county, and the sentences keep both as written."""
    shapes = state_counties("35")
    assert "Doña Ana" in set(shapes["county"])  # the Census file's own spelling, not 'DoÃ±a Ana'
    folder = tmp_path / "new-mexico"
    folder.mkdir()
    scheme = {"state": "New Mexico", "state_postal": "NM", "state_fips": "35"}
    scheme |= {"regions_title": "test areas", "regions_source": "test areas"}
    (folder / "scheme.json").write_text(json.dumps(scheme, ensure_ascii=False), encoding="utf-8")
    area = {f: 1 if c == "Doña Ana" else 2 for f, c in zip(shapes["county_fips"], shapes["county"], strict=True)}
    names = {1: "Doña Ana's Valley", 2: "The Rest of the State"}
    crosswalk = shapes[["county_fips", "county"]].assign(
        region=shapes["county_fips"].map(area), region_name=shapes["county_fips"].map(lambda f: names[area[f]])
    )
    crosswalk.to_csv(folder / "county_regions.csv", index=False, encoding="utf-8")
    write_counties(shapes, folder / "counties.geojson")
    monkeypatch.setenv(SCHEME_DIR_ENV, str(folder))
    header = ["partnership_id", "name", "industry", "regions", "status", "convener", "source"]
    members = ["partnership_id", "organization", "org_type", "county", "joined_year", "left_year"]
    directory = make_data_dir(
        partnerships=[header, ["nm-health", "Test Health", "Healthcare", "2", "active", "", "test"]],
        members=[members, ["nm-health", "Clinic A", "business", "Doña Ana", "2021", ""]],
    )
    dataset = load_dataset(directory)
    assert dataset.geography.region_label(1) == "Region 1 · Doña Ana's Valley"
    assert dataset.geography.regions.at[1, "counties"] == ["Doña Ana"]
    assert insights(dataset, Selection())[0] == "1 of 2 regions has no active partnership: 1."


def test_a_scheme_that_is_not_json_names_its_file(tmp_path: Path) -> None:
    folder = scheme_folder(tmp_path)
    (folder / "scheme.json").write_text("{'state': 'Colorado'", encoding="utf-8")
    with pytest.raises(SchemeError) as refused:
        read_scheme(folder)
    assert str(refused.value.problems[0]).startswith("scheme.json: cannot be read as JSON")
    assert "does not meet the data contract" in str(refused.value)  # reported as any data file's problems


def test_the_pages_words_for_the_state_and_its_regions_come_from_the_scheme(tiny: Dataset) -> None:
    geography = load_geography()
    other = dataclasses.replace(
        geography,
        scheme=dataclasses.replace(
            geography.scheme, state="Wyoming", regions_title="workforce regions", regions_source="local areas"
        ),
    )
    assert subtitle(other) == (
        "Regional coverage, businesses engaged, impact and gaps across Wyoming's 14 workforce regions"
    )
    assert boundaries_note(other).endswith("regions: Wyoming's 14 local areas.")
    assert subtitle(geography).endswith("across Colorado's 14 economic development regions")
    assert (other.dashboard_title, geography.dashboard_title) == (
        "Wyoming Sector Partnerships",
        "Colorado Sector Partnerships",
    )
    # The insight sentences say the scheme's state (a dataset of its own: nothing remembered is shared).
    wyoming = dataclasses.replace(tiny, geography=other, memo=Memo())
    said = insights(wyoming, Selection.of([14]))
    assert "Active elsewhere in Wyoming but not in Region 14: Healthcare and Manufacturing." in said
    assert not any("Colorado" in sentence for sentence in said)


# --------------------------------------------------------------------------------------------
# Any state's geometry, from the Census file the project already uses (scripts/build_geography.py).
# Counties per state as the Census Bureau lists them (2016 vintage, the file's): Texas 254, Wyoming 23,
# Delaware 3; and the file's own rows for the state, read without the script.


@pytest.mark.parametrize(("state_fips", "counties", "regions"), [("48", 254, 28), ("56", 23, 5), ("10", 3, 2)])
def test_any_states_counties_dissolve_into_its_regions(state_fips: str, counties: int, regions: int) -> None:
    shapes = state_counties(state_fips)
    raw = pyogrio.read_dataframe(SHAPEFILE, columns=["STATEFP", "GEOID"], read_geometry=False)
    assert len(shapes) == counties == int((raw["STATEFP"] == state_fips).sum())
    assert shapes["county_fips"].str.startswith(state_fips).all() and shapes.geometry.is_valid.all()
    # A crosswalk of the state's own: counties dealt round the regions in FIPS order.
    crosswalk = pd.DataFrame(
        {
            "county_fips": shapes["county_fips"],
            "county": shapes["county"],
            "region": [i % regions + 1 for i in range(len(shapes))],
            "region_name": [f"Area {i % regions + 1}" for i in range(len(shapes))],
        }
    )
    dissolved = dissolve_regions(shapes, crosswalk)
    assert list(dissolved.index) == list(range(1, regions + 1))
    assert dissolved.geometry.is_valid.all()
    # Every county lies in exactly one region: its inner point is in its own region and no other.
    for _, county in shapes.iterrows():
        inside = [
            int(r) for r, shape in dissolved.geometry.items() if shape.contains(county.geometry.representative_point())
        ]
        assert inside == [int(crosswalk.loc[crosswalk["county_fips"] == county["county_fips"], "region"].iloc[0])]
    # Nothing lost or doubled: the regions cover the state's area as the counties do.
    area = shapes.geometry.to_crs(5070).area.sum()  # square metres, in an equal-area projection
    assert abs(dissolved.geometry.to_crs(5070).area.sum() - area) < 1e-6 * area


def test_a_data_directory_is_read_against_another_states_scheme_when_one_is_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_data_dir: Callable[..., Path]
) -> None:
    """DASHBOARD_SCHEME_DIR names a scheme folder (here Wyoming's counties, dealt into three test areas):
    the data is checked against its counties and regions, and the sentences name its state."""
    shapes = state_counties("56")
    folder = tmp_path / "wyoming"
    folder.mkdir()
    scheme = {"state": "Wyoming", "state_postal": "WY", "state_fips": "56"}
    scheme |= {"regions_title": "test areas", "regions_source": "test areas"}
    (folder / "scheme.json").write_text(json.dumps(scheme), encoding="utf-8")
    area = {fips: i % 3 + 1 for i, fips in enumerate(shapes["county_fips"])}
    crosswalk = shapes[["county_fips", "county"]].assign(
        region=shapes["county_fips"].map(area), region_name=shapes["county_fips"].map(lambda f: f"Area {area[f]}")
    )
    crosswalk.to_csv(folder / "county_regions.csv", index=False)
    write_counties(shapes, folder / "counties.geojson")
    in_area_1 = sorted(crosswalk.loc[crosswalk["region"] == 1, "county"])[0]
    monkeypatch.setenv(SCHEME_DIR_ENV, str(folder))

    header = ["partnership_id", "name", "industry", "regions", "status", "convener", "source"]
    members = ["partnership_id", "organization", "org_type", "county", "joined_year", "left_year"]
    directory = make_data_dir(
        partnerships=[header, ["w-health", "Test Health", "Healthcare", "1", "active", "", "test"]],
        members=[members, ["w-health", "Clinic A", "business", in_area_1, "2021", ""]],
    )
    wyoming = load_dataset(directory)
    assert wyoming.geography.state_name == "Wyoming" and list(wyoming.geography.regions.index) == [1, 2, 3]
    assert insights(wyoming, Selection())[0] == "2 of 3 regions have no active partnership: 2 and 3."
    assert "Active elsewhere in Wyoming but not in Region 2: Healthcare." in insights(wyoming, Selection.of([2]))
    # A Colorado county, or a fourth region, is not this scheme's: refused by file, row and column.
    refused = make_data_dir(
        partnerships=[header, ["w-health", "Test Health", "Healthcare", "4", "active", "", "test"]],
        members=[members, ["w-health", "Clinic A", "business", "Pueblo", "2021", ""]],
        name="colorado-words",
    )
    with pytest.raises(DataContractError) as problems:
        load_dataset(refused)
    said = [str(p) for p in problems.value.problems]
    assert any(s.startswith("members.csv, row 2, column 'county': 'Pueblo' is not one of Wyoming's 23") for s in said)
    assert any(s.startswith("partnerships.csv, row 2, column 'regions'") for s in said), said
