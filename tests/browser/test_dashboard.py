"""The dashboard in headless Chromium, used the way a staff member would use it."""

from __future__ import annotations

import csv
import glob
import os
import time
from collections.abc import Callable
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

import app as dashboard_app
from dashboard.data.config import DEFAULT_DATA_DIR
from tests import expected

MAP_PATHS = "#coverage-region-map path.choroplethlocation"
# The ✕ markers: the first scattergeo trace (the second holds the region numbers).
GAP_MARKERS = "#coverage-region-map .scattergeo:first-of-type path.point"


# Settled: Dash's renderer has drawn its page (the page's scripts run after the first paint, so a page just
# loaded may still show only the server's first screen) and no callback is in flight.
IDLE = (
    "return Boolean(window.renderer) && !document.querySelector('#react-entry-point ._dash-loading')"
    " && document.querySelectorAll('[data-dash-is-loading=\"true\"]').length === 0"
)


def wait_until_idle(dash_duo, quiet_checks: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Wait until Dash has had no callback in flight for a few consecutive checks (the page has settled)."""
    quiet = 0
    end = time.time() + 15
    while quiet < quiet_checks and time.time() < end:
        quiet = quiet + 1 if dash_duo.driver.execute_script(IDLE) else 0
        time.sleep(0.15)


def open_dashboard(dash_duo, search: str = "", partnerships: int | None = None) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(dashboard_app.app)
    if search:
        dash_duo.wait_for_page(url=f"{dash_duo.server_url}/{search}")
    count = len(expected.active_partnerships(DEFAULT_DATA_DIR)) if partnerships is None else partnerships
    if not search:
        dash_duo.wait_for_text_to_equal("#card-partnerships", str(count), timeout=20)
    dash_duo.wait_for_element(MAP_PATHS, timeout=20)
    wait_until_idle(dash_duo)


def click(dash_duo, element) -> None:  # type: ignore[no-untyped-def]
    """Once the page has settled, scroll the element into view and click it, as a person would.

    The pointer rests on the element first: plotly reports a click for the point under the
    pointer, which it learns from (throttled) hover events.
    """
    wait_until_idle(dash_duo)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    wait_until_still(dash_duo, element)
    ActionChains(dash_duo.driver).move_to_element(element).pause(0.4).click().perform()


def look_at(dash_duo, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Scroll a panel into view, as a person would before reading it: what is out of view is drawn
    when it comes into view (assets/charts.js)."""
    wait_until_idle(dash_duo)
    dash_duo.wait_for_element(selector, timeout=20)
    dash_duo.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", selector)
    wait_until_idle(dash_duo)


RECT = "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];"


def wait_until_still(dash_duo, element, checks: int = 4) -> None:  # type: ignore[no-untyped-def]
    """Wait until the element has stopped moving (charts and the grid above it have finished re-laying out)."""
    last, same = None, 0
    end = time.time() + 10
    while same < checks and time.time() < end:
        rect = dash_duo.driver.execute_script(RECT, element)
        same = same + 1 if rect == last else 0
        last = rect
        time.sleep(0.1)


def search_of(dash_duo) -> str:  # type: ignore[no-untyped-def]
    return str(dash_duo.driver.execute_script("return window.location.search"))


def wait_until(condition: Callable[[], bool], timeout: float = 10, message: Callable[[], object] | None = None) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"condition not met in time{': ' + str(message()) if message else ''}")


def test_page_loads_with_statewide_figures_and_no_errors(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    covered = expected.regions_covered(DEFAULT_DATA_DIR)
    dash_duo.wait_for_text_to_equal("#card-regions", f"{len(covered)} of 14")
    dash_duo.wait_for_text_to_equal("#card-businesses", f"{expected.businesses_now(DEFAULT_DATA_DIR):,}")
    assert "Sample data." in dash_duo.find_element("#sample-banner").text
    assert len(dash_duo.find_elements(MAP_PATHS)) == 14
    assert len(dash_duo.find_elements(GAP_MARKERS)) == 14 - len(covered)
    assert dash_duo.find_element("html").get_attribute("lang") == "en"
    # What assets/charts.js relies on beyond plotly's public API is there in the plotly.js served, and
    # its replacements are in place (a drawn chart's _fullLayout has the width it compares with).
    hooks = dash_duo.driver.execute_script(
        "const gd = document.querySelector('#coverage-region-map .js-plotly-plot');"
        "return [typeof Plotly.Plots.resize, typeof Plotly.react, Plotly.__dashboardPatched === true,"
        " Boolean(gd && gd._fullLayout && gd._fullLayout.width > 0)];"
    )
    assert hooks == ["function", "function", True, True], hooks
    assert dash_duo.get_logs() == []


def test_clicking_a_region_filters_cards_and_directory_and_clicking_again_clears(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    click(dash_duo, dash_duo.find_elements(MAP_PATHS)[6])  # Region 7, Pueblo
    pueblo = expected.active_partnerships(DEFAULT_DATA_DIR, region=7)
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(pueblo)))
    dash_duo.wait_for_text_to_equal("#card-regions", "Yes")
    listed = expected.partnerships_in_region(DEFAULT_DATA_DIR, 7)
    look_at(dash_duo, "#directory-grid")
    dash_duo.wait_for_text_to_equal(
        "#directory-count", expected.directory_count([p["status"] for p in listed], len(listed))
    )
    grid_names = {e.text for e in dash_duo.find_elements("#directory-grid .ag-row [col-id='name']")}
    assert grid_names == {p["name"] for p in listed}
    look_at(dash_duo, "#region-profile")
    dash_duo.wait_for_contains_text("#region-profile", "Region 7 · Pueblo")
    assert search_of(dash_duo) == "?regions=7"

    click(dash_duo, dash_duo.find_elements(MAP_PATHS)[6])
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(expected.active_partnerships(DEFAULT_DATA_DIR))))
    wait_until(lambda: search_of(dash_duo) == "")
    assert dash_duo.get_logs() == []


def test_clicking_an_industry_filters_the_map_and_the_rest(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    look_at(dash_duo, "#industry-chart")
    wait_until(lambda: len(dash_duo.find_elements("#industry-chart .subplot.xy .barlayer .point")) > 0)
    # The bars in the order drawn (an industry with nothing is not drawn), read off the chart's labels.
    order = [t.text for t in dash_duo.find_elements("#industry-chart .yaxislayer-above .ytick text")]
    bars = dash_duo.find_elements("#industry-chart .subplot.xy .barlayer .point")
    assert len(order) == len(bars) and "Healthcare" in order
    click(dash_duo, bars[order.index("Healthcare")])
    healthcare = expected.active_partnerships(DEFAULT_DATA_DIR, industry="Healthcare")
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(healthcare)))
    covered = {int(r) for p in healthcare for r in p["regions"].split(";")}
    wait_until(lambda: len(dash_duo.find_elements(GAP_MARKERS)) == 14 - len(covered))
    dash_duo.wait_for_contains_text(
        "#coverage-region-map-caption", f"{len(covered)} of 14 regions have an active Healthcare partnership"
    )
    assert search_of(dash_duo) == "?industry=Healthcare"
    assert dash_duo.get_logs() == []


def test_url_restores_the_view_and_reset_clears_it(dash_duo) -> None:  # type: ignore[no-untyped-def]
    technology = expected.active_partnerships(DEFAULT_DATA_DIR, region=3, industry="Technology")
    open_dashboard(dash_duo, search="?regions=3&industry=Technology&metric=industries")
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(technology)))
    dash_duo.wait_for_contains_text("#control-regions", "Region 3 · Denver Metro")
    dash_duo.wait_for_contains_text("#control-industry", "Technology")
    checked = dash_duo.find_element("#control-metric input:checked")
    assert checked.get_attribute("value") == "industries"
    dash_duo.wait_for_text_to_equal(
        "#selection-summary",
        f"Showing Region 3 · Denver Metro; Technology; {expected.latest_year(DEFAULT_DATA_DIR)}. "
        "Map colour: industries covered.",
    )

    click(dash_duo, dash_duo.find_element("#control-reset"))
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(expected.active_partnerships(DEFAULT_DATA_DIR))))
    dash_duo.wait_for_text_to_equal(
        "#selection-summary",
        f"Showing all 14 regions; all industries; {expected.latest_year(DEFAULT_DATA_DIR)}. "
        "Map colour: industries covered.",
    )
    wait_until(lambda: search_of(dash_duo) == "?metric=industries")
    assert dash_duo.get_logs() == []


def test_gap_list_names_regions_10_12_14_and_selects_one(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    gaps = sorted(set(range(1, 15)) - expected.regions_covered(DEFAULT_DATA_DIR))
    assert gaps == [10, 12, 14]
    buttons = dash_duo.find_elements("#gap-list button")
    assert [b.text for b in buttons] == [
        "✕ Region 10 · West Central",
        "✕ Region 12 · Northwest Mountains",
        "✕ Region 14 · South Central",
    ]
    buttons[1].send_keys(Keys.ENTER)  # by keyboard
    look_at(dash_duo, "#region-profile")
    dash_duo.wait_for_contains_text("#region-profile", "Region 12 · Northwest Mountains")
    dash_duo.wait_for_contains_text("#region-profile", "No active partnership covers this region.")
    dash_duo.wait_for_text_to_equal("#card-regions", "No")
    wait_until(lambda: search_of(dash_duo) == "?regions=12", message=lambda: search_of(dash_duo))
    assert dash_duo.get_logs() == []


def test_regions_can_be_chosen_by_keyboard(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    dropdown = dash_duo.find_element("#control-regions")
    dropdown.click()
    typing = dash_duo.driver.switch_to.active_element
    typing.send_keys("Upper Ark")
    time.sleep(0.3)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    upper = expected.active_partnerships(DEFAULT_DATA_DIR, region=13)
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(upper)))
    wait_until(lambda: search_of(dash_duo) == "?regions=13")
    assert dash_duo.get_logs() == []


def test_directory_search_and_csv_download(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    every = expected.rows(DEFAULT_DATA_DIR, "partnerships.csv")
    total = len(every)
    look_at(dash_duo, "#directory-grid")
    dash_duo.wait_for_text_to_equal("#directory-count", expected.directory_count([p["status"] for p in every], total))
    dash_duo.find_element("#directory-search").send_keys("Tech Talent")
    talent = [p["status"] for p in every if "tech talent" in p["name"].lower()]
    assert len(talent) == 2
    dash_duo.wait_for_text_to_equal("#directory-count", expected.directory_count(talent, total))
    click(dash_duo, dash_duo.find_element("#directory-download"))
    pattern = os.path.join(dash_duo.download_path, "*.csv")
    wait_until(lambda: bool(glob.glob(pattern)))
    time.sleep(0.5)
    with open(glob.glob(pattern)[0], encoding="utf-8-sig") as handle:
        note = handle.readline()  # the default membership is sample data: the file says so first
        downloaded = list(csv.DictReader(handle))
    assert note.startswith('"Sample data:')
    assert sorted(row["Partnership"] for row in downloaded) == ["Tech Talent Boulder", "Tech Talent Denver"]
    assert dash_duo.get_logs() == []


def test_another_data_directory_is_shown_instead(dash_duo, make_data_dir, use_data_dir) -> None:  # type: ignore[no-untyped-def]
    directory: Path = make_data_dir()
    use_data_dir(directory)
    open_dashboard(dash_duo, partnerships=len(expected.active_partnerships(directory)))
    dash_duo.wait_for_text_to_equal("#card-businesses", str(expected.businesses_now(directory)))
    dash_duo.wait_for_text_to_equal("#card-regions", f"{len(expected.regions_covered(directory))} of 14")
    assert dash_duo.find_element("#sample-banner").text == ""
    look_at(dash_duo, "#directory-grid")
    wait_until(lambda: "Test Valley Health" in dash_duo.find_element("#directory-grid").text)
    gaps = dash_duo.find_elements("#gap-list button")
    assert len(gaps) == 14 - len(expected.regions_covered(directory))
    assert dash_duo.get_logs() == []
