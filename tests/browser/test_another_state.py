"""The dashboard on another state's scheme: the Washington example (data/schemes/washington), as a workforce
board there would start it (make run SCHEME=washington). Every count is read from the example's CSV files
with the csv module; every surface, page, slides and exports, speaks of Washington and never of Colorado."""

from __future__ import annotations

import csv
import glob
import io
import os
from pathlib import Path

import pytest
from pptx import Presentation
from selenium.webdriver.common.keys import Keys

import app as dashboard_app
from dashboard.data.config import DEFAULT_DATA_DIR, SCHEME_DIR_ENV
from tests import expected
from tests.browser.a11y import axe_violations, describe
from tests.browser.test_dashboard import GAP_MARKERS, MAP_PATHS, click, look_at, search_of, wait_until, wait_until_idle
from tests.browser.test_presenting import downloaded, press, slide_title_is

WASHINGTON = DEFAULT_DATA_DIR / "schemes" / "washington"
DATA = WASHINGTON / "sample-data"


def areas() -> dict[int, tuple[str, list[str]]]:
    """Area number → (name, its counties), from the example's crosswalk."""
    found: dict[int, tuple[str, list[str]]] = {}
    with (WASHINGTON / "county_regions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(int(row["region"]), (row["region_name"], []))[1].append(row["county"])
    return found


def no_colorado(text: str, where: str) -> None:
    assert "Colorado" not in text and "CWDC" not in text, f"{where} speaks of Colorado: {text[:2000]}"


@pytest.mark.browser
def test_the_washington_example_clicks_through_and_never_says_colorado(  # type: ignore[no-untyped-def]
    dash_duo, use_data_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCHEME_DIR_ENV, str(WASHINGTON))
    use_data_dir(DATA)
    regions = areas()
    assert len(regions) == 12 and sum(len(c) for _, c in regions.values()) == 39  # Washington's 39 counties
    active = expected.active_partnerships(DATA)
    covered = expected.regions_covered(DATA)
    gaps = sorted(set(regions) - covered)
    assert gaps, "the example leaves some areas without a partnership"

    dash_duo.start_server(dashboard_app.app)
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(active)), timeout=30)
    dash_duo.wait_for_element(MAP_PATHS, timeout=20)
    wait_until_idle(dash_duo)
    assert dash_duo.driver.title == "Washington Sector Partnerships"
    assert dash_duo.find_element("h1").text == "Washington Sector Partnerships"
    dash_duo.wait_for_text_to_equal("#card-regions", f"{len(covered)} of 12")
    dash_duo.wait_for_text_to_equal("#card-businesses", f"{expected.businesses_now(DATA):,}")
    banner = dash_duo.find_element("#sample-banner").text
    assert banner.startswith("Sample data. Partnerships, business counts and past years' coverage are made up")
    assert len(dash_duo.find_elements(MAP_PATHS)) == 12
    assert len(dash_duo.find_elements(GAP_MARKERS)) == len(gaps)
    insight = dash_duo.find_element("#insights li").text
    assert insight == f"{len(gaps)} of 12 regions have no active partnership: {gaps[0]} and {gaps[1]}.", insight

    # The gap matrix: one row per area, named as the crosswalk names them.
    look_at(dash_duo, "#gap-matrix")
    dash_duo.wait_for_element("#gap-matrix .ytick text", timeout=20)
    rows = {t.text.strip() for t in dash_duo.find_elements("#gap-matrix .ytick text")}
    assert rows == {f"{r} · {n}" for r, (n, _) in regions.items()}, rows

    # The map: a click on an area with partnerships selects it; its profile names its counties.
    area = min(covered)
    name, counties = regions[area]
    click(dash_duo, dash_duo.find_elements(MAP_PATHS)[area - 1])
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(expected.active_partnerships(DATA, region=area))))
    # The link says whose regions it names: a Colorado dashboard would not take Washington's 1 for its own.
    wait_until(lambda: search_of(dash_duo) == f"?regions={area}&scheme=wa12", message=lambda: search_of(dash_duo))
    look_at(dash_duo, "#region-profile")
    dash_duo.wait_for_contains_text("#region-profile", f"Region {area} · {name}", timeout=20)
    profile = dash_duo.find_element("#region-profile").text
    assert all(county in profile for county in counties), profile
    assert "Industries active elsewhere in Washington but missing here:" in profile, profile

    # The gap list, statewide, selects a gap by keyboard.
    buttons = dash_duo.find_elements("#gap-list button")
    assert [b.text for b in buttons] == [f"✕ Region {r} · {regions[r][0]}" for r in gaps]
    buttons[0].send_keys(Keys.ENTER)
    look_at(dash_duo, "#region-profile")
    dash_duo.wait_for_contains_text("#region-profile", f"Region {gaps[0]} · {regions[gaps[0]][0]}", timeout=20)
    dash_duo.wait_for_contains_text("#region-profile", "No active partnership covers this region.")
    wait_until(lambda: search_of(dash_duo) == f"?regions={gaps[0]}&scheme=wa12", message=lambda: search_of(dash_duo))

    # A link made on Colorado's dashboard names Colorado's regions: it opens statewide, and says why.
    dash_duo.driver.get(f"{dash_duo.server_url}/?regions=5,7&industry=Healthcare")
    dash_duo.wait_for_text_to_equal(
        "#link-notice",
        "This link was made for Colorado's 14 economic development regions, not the 12 workforce development "
        "areas in use here, so the view opens without its regions 5 and 7.",
        timeout=30,
    )
    healthcare = expected.active_partnerships(DATA, industry="Healthcare")
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(healthcare)))
    assert dash_duo.find_element("#control-regions").text.startswith("All regions")
    found = axe_violations(dash_duo.driver)
    assert found == [], describe(found)
    # The page's own links to its regions keep them.
    dash_duo.driver.get(f"{dash_duo.server_url}/?regions={area}&scheme=wa12")
    dash_duo.wait_for_contains_text("#selection-summary", f"Region {area} · {name}", timeout=30)
    assert dash_duo.find_element("#link-notice").text == ""

    look_at(dash_duo, "#directory-grid")
    wait_until_idle(dash_duo)
    no_colorado(dash_duo.find_element("body").text, "the page")
    found = axe_violations(dash_duo.driver)
    assert found == [], describe(found)

    # The slides: every one of the story, said in Washington's words.
    dash_duo.driver.get(f"{dash_duo.server_url}/")
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(active)), timeout=30)
    wait_until_idle(dash_duo)
    present = dash_duo.find_element("#present-start")
    dash_duo.driver.execute_script("arguments[0].focus()", present)
    present.send_keys(Keys.ENTER)
    slide_title_is(dash_duo, "Statewide coverage", "Slide 1 of 5")
    said = []
    for number in range(1, 6):
        dash_duo.wait_for_contains_text("#present-position", f"Slide {number} of 5", timeout=15)
        wait_until_idle(dash_duo)
        said.append(dash_duo.find_element("#presentation").text)
        press(dash_duo, Keys.ARROW_RIGHT)
    no_colorado("\n".join(said), "the slides")
    assert f"12 regions have no active partnership: {gaps[0]} and {gaps[1]}." in said[0], said[0]
    press(dash_duo, Keys.ESCAPE)
    wait_until(lambda: dash_duo.find_element("#presentation").get_attribute("hidden") is not None)

    # The exports: the directory's CSV, a slide and the image.
    look_at(dash_duo, "#directory-grid")
    click(dash_duo, dash_duo.find_element("#directory-download"))
    sheets = os.path.join(dash_duo.download_path, "*.csv")
    wait_until(lambda: downloaded(sheets), timeout=30)
    text = Path(glob.glob(sheets)[0]).read_text(encoding="utf-8-sig")
    no_colorado(text, "the directory's CSV")
    assert text.startswith('"Sample data:')
    names = {row["Partnership"] for row in csv.DictReader(io.StringIO(text.split("\n", 1)[1]))}
    assert names == {p["name"] for p in expected.rows(DATA, "partnerships.csv")}

    click(dash_duo, dash_duo.find_element("#export-pptx-view"))
    decks = os.path.join(dash_duo.download_path, "*.pptx")
    wait_until(lambda: downloaded(decks), timeout=90)
    deck = Presentation(glob.glob(decks)[0])
    words = "\n".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    ) + "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    no_colorado(words, "the slide deck")
    assert deck.core_properties.title == "Washington Sector Partnerships" and "SAMPLE DATA" in words

    click(dash_duo, dash_duo.find_element("#export-png"))
    images = os.path.join(dash_duo.download_path, "*.png")
    wait_until(lambda: downloaded(images), timeout=90)
    dash_duo.wait_for_contains_text("#export-status", "Saved an image of", timeout=30)
    assert dash_duo.get_logs() == []
