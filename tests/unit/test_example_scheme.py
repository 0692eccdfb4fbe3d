"""The Washington example scheme (data/schemes/washington): its crosswalk is the published list, its data
is labelled sample everywhere, and nothing a deck or an image says names Colorado."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from dashboard.analysis.priority import basis, priority_gaps, region_industries
from dashboard.analysis.published import partnership_card_note
from dashboard.analysis.state import VIEWS, Selection
from dashboard.data.config import DEFAULT_DATA_DIR, SCHEME_DIR_ENV
from dashboard.data.contract import DataContractError
from dashboard.data.dataset import Dataset
from dashboard.data.files import load_dataset
from dashboard.data.geography import load_geography
from dashboard.output.export import deck, standalone
from dashboard.output.slides import build_slide, default_story, slides_for
from layouts.page import GROWTH_NOTE_SAMPLE, SAMPLE_BANNER_TEXT, growth_note, sample_banner_text, year_note
from scripts.generate_sample_qcew import by_area, sample_rows, write

WASHINGTON = DEFAULT_DATA_DIR / "schemes" / "washington"
# Washington's 12 workforce development areas and their counties, as the Washington Workforce Training and
# Education Coordinating Board's "Local Workforce Plans" page lists them (data/README.md); the last two are
# the three counties the page's copy leaves, by the areas' names.
PUBLISHED = {
    "Olympic Consortium": {"Clallam", "Jefferson", "Kitsap"},
    "Pacific Mountain": {"Grays Harbor", "Lewis", "Mason", "Pacific", "Thurston"},
    "Northwest": {"Island", "San Juan", "Skagit", "Whatcom"},
    "Snohomish": {"Snohomish"},
    "Seattle-King County": {"King"},
    "Pierce": {"Pierce"},
    "North Central": {"Adams", "Chelan", "Douglas", "Grant", "Okanogan"},
    "South Central": {"Kittitas", "Klickitat", "Skamania", "Yakima"},
    "Southwest Washington": {"Clark", "Cowlitz", "Wahkiakum"},
    "Eastern Washington Partnership": {
        "Ferry", "Pend Oreille", "Garfield", "Stevens", "Columbia", "Lincoln", "Whitman", "Asotin", "Walla Walla",
    },
    "Benton-Franklin": {"Benton", "Franklin"},
    "Spokane": {"Spokane"},
}  # fmt: skip


@pytest.fixture
def washington(monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.setenv(SCHEME_DIR_ENV, str(WASHINGTON))
    return load_dataset(WASHINGTON / "sample-data")


def test_the_crosswalk_is_the_published_list_of_areas() -> None:
    with (WASHINGTON / "county_regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    areas: dict[str, set[str]] = {}
    for row in rows:
        assert row["county_fips"].startswith("53") and len(row["county_fips"]) == 5
        areas.setdefault(row["region_name"], set()).add(row["county"])
    assert areas == PUBLISHED
    geography = load_geography(WASHINGTON)
    assert (geography.state_name, len(geography.counties), len(geography.regions)) == ("Washington", 39, 12)


def test_every_sample_file_is_declared_sample(washington: Dataset) -> None:
    manifest = json.loads((WASHINGTON / "sample-data" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["sample"]) == {"partnerships.csv", "members.csv"}
    with (WASHINGTON / "sample-data" / "partnerships.csv").open(encoding="utf-8", newline="") as handle:
        assert all(row["name"].startswith("Sample ") for row in csv.DictReader(handle))
    assert washington.is_sample and washington.geography.dashboard_title == "Washington Sector Partnerships"


def figure_text(value: object) -> str:
    """Every string in a figure's JSON: titles, annotations, tick labels, hover text."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(figure_text(v) for v in value.values())
    if isinstance(value, list | tuple):
        return "\n".join(figure_text(v) for v in value)
    return ""


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_image_or_slide_of_the_example_names_colorado(washington: Dataset, view: str, tmp_path: Path) -> None:
    slide = build_slide(washington, Selection.of(view=view))
    said = figure_text(standalone(slide).to_plotly_json()).replace("<br>", " ")
    assert "Colorado" not in said and "CWDC" not in said, said
    # Every chart drawn from the partnerships is labelled sample (they are made up); the survey rates are not
    # theirs (none here), and the outcomes view says what it has.
    if view not in ("impact", "outcomes"):
        assert "SAMPLE DATA: partnerships, membership and business counts are generated" in said, said
    slides = [slide, *slides_for(washington, default_story(washington))]
    for each in slides[1:]:
        said = figure_text(standalone(each).to_plotly_json()).replace("<br>", " ")
        assert "Colorado" not in said and "CWDC" not in said, said
    pptx = tmp_path / "deck.pptx"
    pptx.write_bytes(deck(slides, title=washington.geography.dashboard_title))
    presentation = Presentation(str(pptx))
    text = "\n".join(
        shape.text_frame.text for page in presentation.slides for shape in page.shapes if shape.has_text_frame
    )
    assert "Colorado" not in text and "CWDC" not in text, text
    assert presentation.core_properties.title == "Washington Sector Partnerships"


def test_the_pages_sample_words_follow_what_is_sample(dataset: Dataset, tiny: Dataset, washington: Dataset) -> None:
    """Colorado's sample membership, the example's sample partnerships and membership, and data with nothing
    sample: each is told what it is, in the banner, the growth note and the year note."""
    assert sample_banner_text(dataset) == SAMPLE_BANNER_TEXT  # Colorado's default, as it was
    said = sample_banner_text(washington)
    assert said.startswith("Partnerships, business counts and past years' coverage are made up; only Washington's 12")
    assert "CWDC" not in said
    assert growth_note(dataset) == GROWTH_NOTE_SAMPLE
    assert growth_note(washington) == (
        "Sample data: the business counts per year are made up. No published figure gives a count to compare."
    )
    assert growth_note(tiny) is None
    assert year_note(dataset).endswith("membership that year (sample data).")
    assert year_note(tiny).endswith("membership that year.")


def test_the_partnerships_card_says_all_of_them_come_from_one_source(washington: Dataset) -> None:
    with (WASHINGTON / "sample-data" / "partnerships.csv").open(encoding="utf-8", newline="") as handle:
        active = [row for row in csv.DictReader(handle) if row["status"] == "active"]
    assert {row["source"] for row in active} == {"Sample data (generated)"}
    assert partnership_card_note(washington) == (
        f"{len(active)} in this data: all {len(active)} from “Sample data (generated)”."
    )


def test_priority_gaps_read_another_states_qcew_files_against_its_own_statewide_totals(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """BLS's per-area files for Washington (sample, made by scripts/generate_sample_qcew.py --scheme): the
    counties are Washington's, the base of the location quotients is 53000, and a Colorado county's file
    among them is refused by name, with the state it should be."""
    monkeypatch.setenv(SCHEME_DIR_ENV, str(WASHINGTON))
    directory = tmp_path / "data"
    shutil.copytree(WASHINGTON / "sample-data", directory)
    shutil.copy(DEFAULT_DATA_DIR / "naics-crosswalk.csv", directory)
    files = by_area(sample_rows(geo_dir=WASHINGTON))
    colorado = by_area(sample_rows())
    stray = next(name for name in colorado if " 08001 " in name)
    for name, rows in [*files.items(), (stray, colorado[stray])]:
        write(directory / "qcew" / name, rows)
    with pytest.raises(DataContractError) as refused:
        load_dataset(directory)
    assert [str(p) for p in refused.value.problems] == [
        f"qcew/{stray}, column 'area_fips': has no row for Washington (area_fips 53…): its "
        f"{len(colorado[stray])} row(s) are all for other areas (the first: '08001', Adams County, Colorado). "
        "Load Washington's files, or a file that holds Washington's rows"
    ]
    (directory / "qcew" / stray).unlink()
    ds = load_dataset(directory)
    where = basis(ds)
    assert where is not None and (where.statewide, where.counties) == ("53000", 39)
    assert where.phrase().endswith("location quotients against Washington's statewide totals (53000)")
    assert len(ds.employment_files) == len(files) == 39 + 2  # the counties, 53000 and 53999

    # Healthcare (NAICS 62) in area 1: the area's share over the state's, each counted from the files' rows.
    with (WASHINGTON / "county_regions.csv").open(encoding="utf-8", newline="") as handle:
        area_of = {row["county_fips"]: int(row["region"]) for row in csv.DictReader(handle)}
    jobs = total = 0.0
    for rows in files.values():
        for row in rows:
            if row["own_code"] == "5" and area_of.get(str(row["area_fips"])) == 1 and row["disclosure_code"] != "N":
                total += float(str(row["annual_avg_emplvl"])) if row["agglvl_code"] == "71" else 0
                jobs += float(str(row["annual_avg_emplvl"])) if row["industry_code"] == "62" else 0
    state = {
        (str(r["agglvl_code"]), str(r["industry_code"])): float(str(r["annual_avg_emplvl"]))
        for r in files["sample-2023.annual 53000 Washington -- Statewide.csv"]
        if r["own_code"] == "5"
    }
    lq = (jobs / total) / (state[("54", "62")] / state[("51", "10")])
    assert region_industries(ds).set_index(["region", "industry"]).at[(1, "Healthcare"), "lq"] == pytest.approx(lq)
    assert len(priority_gaps(ds)) > 0
