"""The map the server draws, in headless Chromium: a real control before the scripts run, and handed over to
plotly's map in place.

- With JavaScript off, a person selects a region by its link (a click, then Enter on another) and the page
  says so; axe finds nothing on that page (scripts blocked there, so that axe itself can run).
- With the CPU slowed (CDP throttling), the server's map is clicked before plotly has drawn; the page lands
  on the selection, and plotly's map takes the server map's place without moving.
- The directory grid's script is not among the page's scripts: with it blocked, the map, the cards and a
  selection still work and the directory says in words that it could not be loaded; with it, the grid
  loads afterwards and lists the selection's partnerships.

No time is asserted: each step waits for what a person would see.
"""

from __future__ import annotations

import csv
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import app as dashboard_app
from dashboard.data.config import DEFAULT_DATA_DIR, GEOGRAPHY_DIR
from tests import expected
from tests.browser.a11y import assert_accessible
from tests.browser.test_dashboard import click, look_at, wait_until
from tests.conftest import pytest_setup_options

SUMMARY = "#first-selection-summary"


def region_names() -> dict[int, str]:
    with (GEOGRAPHY_DIR / "county_regions.csv").open(encoding="utf-8") as handle:
        return {int(row["region"]): row["region_name"] for row in csv.DictReader(handle)}


def chromium(*, scripts: bool, wait_for_load: bool = True) -> webdriver.Chrome:
    """Headless Chromium; without `wait_for_load`, a command does not wait for the page's load event (the
    page is read as it arrives)."""
    options = pytest_setup_options()
    if not wait_for_load:
        options.page_load_strategy = "none"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    if not scripts:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(options=options)


def region_link(driver: Any, region: int) -> Any:
    return driver.find_element(By.CSS_SELECTOR, f'.first-map-holder a[data-region="{region}"]')


def outline_of(driver: Any, region: int) -> tuple[str | None, str | None]:
    path = region_link(driver, region).find_element(By.TAG_NAME, "path")
    return path.get_attribute("stroke"), path.get_attribute("stroke-width")


def test_with_javascript_off_a_region_is_selected_by_its_link(dash_duo) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(dashboard_app.app)
    names = region_names()
    driver = chromium(scripts=False)
    try:
        driver.get(dash_duo.server_url + "/")
        link = region_link(driver, 3)
        assert link.get_attribute("aria-label").startswith(f"Region 3 · {names[3]}: ")
        link.click()
        wait_until(lambda: driver.current_url.endswith("/?regions=3"), 15, lambda: driver.current_url)
        summary = driver.find_element(By.CSS_SELECTOR, SUMMARY).text
        assert summary.startswith(f"Showing Region 3 · {names[3]};"), summary
        assert outline_of(driver, 3) == ("#212529", "3.5") and outline_of(driver, 5)[1] == "0.8"
        # The selected region's link now takes it out again; Enter on another adds that one.
        assert region_link(driver, 3).get_dom_attribute("href").endswith("/")
        region_link(driver, 5).send_keys(Keys.ENTER)
        wait_until(lambda: driver.current_url.endswith("/?regions=3,5"), 15, lambda: driver.current_url)
        summary = driver.find_element(By.CSS_SELECTOR, SUMMARY).text
        assert f"Region 3 · {names[3]}" in summary and f"Region 5 · {names[5]}" in summary, summary
        # Nothing on the page was drawn by a script: Dash never ran.
        assert driver.find_elements(By.CSS_SELECTOR, "#react-entry-point header") == []
    finally:
        driver.quit()

    # axe needs scripts of its own: the page's are blocked instead, and the server's screen stays alone.
    driver = chromium(scripts=True)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/_dash-component-suites/*", "*/assets/*.js*"]})
        driver.get(dash_duo.server_url + "/?regions=3")
        assert driver.find_elements(By.CSS_SELECTOR, "#first-screen .first-map svg a")
        assert driver.execute_script(
            "return window.Plotly === undefined && !document.querySelector('#react-entry-point header')"
        )
        assert_accessible(driver, "the server's first screen, no page scripts")
    finally:
        driver.quit()


SHOWN = """
const q = (s) => document.querySelector(s);
const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
const gd = q('#coverage-region-map .js-plotly-plot');
const trace = gd && gd.data && gd.data[0];
const widths = trace && trace.marker && trace.marker.line ? trace.marker.line.width : null;
return {
  styled: [...document.querySelectorAll('link[rel=stylesheet]')].every((link) => link.sheet),
  server: Boolean(q('#first-screen')), holder: box(q('.first-map-holder')), cover: Boolean(q('.first-map-holder')),
  plotly: document.querySelectorAll('#coverage-region-map .choroplethlocation').length,
  box: box(q('#react-entry-point [data-component="coverage-region-map"]')),
  outlined: Array.isArray(widths) ? trace.locations.filter((_, i) => widths[i] > 1).map(Number) : null,
  regions: (q('#control-regions') || {}).textContent || '', search: window.location.search,
};
"""


def test_a_click_before_plotly_is_ready_lands_on_the_selection_and_the_map_stays_put(dash_duo) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(dashboard_app.app)
    names = region_names()
    driver = chromium(scripts=True, wait_for_load=False)
    driver.set_window_size(1440, 900)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    )
    # A slow machine on a slow line: the CPU at a quarter of its speed, scripts arriving at 100 KB/s.
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
    driver.execute_cdp_cmd("Network.enable", {})
    slow = {"offline": False, "latency": 40, "downloadThroughput": 100_000, "uploadThroughput": 100_000}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", slow)
    try:
        # Navigating without waiting for the page's load event, as a person sees a page arrive.
        driver.get(dash_duo.server_url + "/")
        # The server's page as a person sees it: its map, laid out by the page's style sheets.
        wait_until(lambda: bool(driver.execute_script(SHOWN)["holder"] and driver.execute_script(SHOWN)["styled"]), 30)
        before = driver.execute_script(SHOWN)
        # Region 7's number sits on its label point, inside the region (the number lets the click through);
        # a gap's number would sit beside its ✕.
        assert 7 in expected.regions_covered(DEFAULT_DATA_DIR)
        x, y = driver.execute_script(
            "const b = document.querySelector('#first-screen .first-map-numbers text:nth-child(7)')"
            ".getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2];"
        )
        assert before["plotly"] == 0 and driver.execute_script("return window.Plotly === undefined"), (
            "plotly was ready before the click: nothing to test"
        )
        # A person's click: mouse events into the page's input queue (handled when its main thread is free,
        # as a real click is while a script is being parsed), not a script calling click().
        for kind, button in (("mouseMoved", "none"), ("mousePressed", "left"), ("mouseReleased", "left")):
            driver.execute_cdp_cmd(
                "Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": button, "clickCount": 1}
            )
        # The page the click opened, its server map first (scripts still on their way), then Dash's page,
        # then plotly's map.
        seen: list[dict[str, Any]] = []

        def server_map_of_the_selection() -> bool:
            now = driver.execute_script(SHOWN)
            seen.append(now)
            return bool(now["search"] == "?regions=7" and now["server"] and now["styled"] and now["holder"])

        wait_until(server_map_of_the_selection, 60, lambda: (driver.current_url, seen[-1] if seen else None))
        assert outline_of(driver, 7) == ("#212529", "3.5")
        # The rest of the page's scripts arrive at the line's full speed; the CPU stays slow.
        fast = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", fast)

        def landed() -> bool:
            now = driver.execute_script(SHOWN)
            seen.append(now)
            return bool(now["outlined"] == [7] and not now["cover"] and names[7] in now["regions"])

        wait_until(landed, 120, lambda: seen[-1] if seen else None)
        assert driver.execute_script("return window.location.search") == "?regions=7"
    finally:
        driver.quit()
    # Where the server's map was drawn is where plotly's is: no jump when one takes the other's place.
    server_boxes = {
        tuple(s["holder"]) for s in seen if s["server"] and s["holder"] and s["styled"] and s["search"] == "?regions=7"
    }
    plotly_box = tuple(seen[-1]["box"])
    assert server_boxes, "the server's map was never seen on the page the click opened"
    for server_box in server_boxes:
        assert all(abs(a - b) <= 1 for a, b in zip(server_box, plotly_box, strict=True)), (server_box, plotly_box)


LOADED_SCRIPTS = """
return performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('dash_ag_grid'));
"""


def test_the_page_works_before_and_without_the_directory_grids_script(dash_duo) -> None:  # type: ignore[no-untyped-def]
    """The grid's 2.2 MB of script is not among what the page runs before its first answer; if it cannot be
    had at all, the map, the cards and the selection still work and the directory says so in words."""
    dash_duo.start_server(dashboard_app.app)
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/dash_ag_grid/*"]})
    try:
        dash_duo.wait_for_page(url=f"{dash_duo.server_url}/")
        total = len(expected.active_partnerships(DEFAULT_DATA_DIR))
        dash_duo.wait_for_text_to_equal("#card-partnerships", str(total), timeout=20)
        dash_duo.wait_for_element("#coverage-region-map path.choroplethlocation", timeout=20)
        # A region selected on the map: the cards follow, with no grid on the page.
        pueblo = dash_duo.find_elements("#coverage-region-map path.choroplethlocation")[6]
        click(dash_duo, pueblo)
        dash_duo.wait_for_text_to_equal(
            "#card-partnerships", str(len(expected.active_partnerships(DEFAULT_DATA_DIR, region=7))), timeout=20
        )
        look_at(dash_duo, "#directory-grid")
        dash_duo.wait_for_contains_text("#directory-grid", "The directory could not be loaded", timeout=20)
        assert driver.find_elements(By.CSS_SELECTOR, "#directory-grid .ag-root") == []
        assert_accessible(driver, "the directory without its grid")
        # The only errors are the blocked script's own.
        logs = [entry for entry in dash_duo.get_logs() if "dash_ag_grid" not in entry["message"]]
        assert logs == [], logs
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})

    # With the script to be had, the first screen's scripts still leave it out: it is fetched afterwards,
    # and the directory it draws is the real grid, with the selection's rows.
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/?regions=7")
    dash_duo.wait_for_element("#coverage-region-map path.choroplethlocation", timeout=20)
    # The page as sent names the script (its own wait for the first paint); only the stand-in adds it.
    named, with_the_page = driver.execute_script(
        "return [document.querySelectorAll('script[data-lazy-src*=\"dash_ag_grid\"]').length,"
        ' document.querySelectorAll(\'script[type="text/x-after-first-paint"][src*="dash_ag_grid"]\').length]'
    )
    assert (named, with_the_page) == (1, 0), "the grid's script is among the page's own scripts again"
    look_at(dash_duo, "#directory-grid")
    listed = expected.partnerships_in_region(DEFAULT_DATA_DIR, 7)
    dash_duo.wait_for_text_to_equal(
        "#directory-count", expected.directory_count([p["status"] for p in listed], len(listed)), timeout=30
    )
    names = {e.text for e in dash_duo.find_elements("#directory-grid .ag-row [col-id='name']")}
    assert names == {p["name"] for p in listed}
    assert any("dash_ag_grid.v" in name or "dash_ag_grid.min" in name for name in driver.execute_script(LOADED_SCRIPTS))
