"""QCEW priority gaps in headless Chromium: the empty state says what to load; a QCEW file loaded on
the Data page shows its priority gaps on the matrix, in the ranked list, in a region's profile and on
a slide, each counted independently from the file."""

from __future__ import annotations

from selenium.webdriver.common.keys import Keys
from werkzeug.security import generate_password_hash

import app as dashboard_app
from dashboard.data.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from tests import expected
from tests.browser.a11y import assert_accessible
from tests.browser.test_dashboard import click, wait_until, wait_until_idle
from tests.browser.test_data_page import PASSWORD, sign_in, upload

FIXTURE = PROJECT_ROOT / "tests/fixtures/qcew/sample-2023-colorado-counties.csv"
# The matrix's priority marks: ◇ in the cell (a heatmap label) and an outline (a layout shape).
DIAMONDS = "#gap-matrix .shapelayer path"
CELL_TEXT = "#gap-matrix .hm text"


def region_name(region: int) -> str:
    return next(r["region_name"] for r in expected.rows(PROJECT_ROOT / "data/geo", "county_regions.csv")
                if int(r["region"]) == region)  # fmt: skip


def scroll_to(dash_duo, selector: str) -> None:  # type: ignore[no-untyped-def]
    dash_duo.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", selector)
    wait_until_idle(dash_duo)


def test_priority_gaps_from_a_qcew_file_loaded_on_the_data_page(dash_duo, use_data_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    use_data_dir(DEFAULT_DATA_DIR)
    monkeypatch.setenv("DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)}")
    dash_duo.start_server(dashboard_app.app)

    # Without employment data: what QCEW is and what to load, no invented number.
    dash_duo.wait_for_element("#priority-gaps", timeout=20)
    scroll_to(dash_duo, "#priority-gaps")
    dash_duo.wait_for_contains_text("#priority-gaps", "Quarterly Census of Employment and Wages", timeout=20)
    empty = dash_duo.find_element("#priority-gaps").text
    assert "jobs" not in empty and "bls.gov" in dash_duo.find_element("#priority-gaps a").get_attribute("href")

    # Load the sample QCEW file on the Data page.
    sign_in(dash_duo)
    upload(dash_duo, FIXTURE)
    dash_duo.wait_for_contains_text("#data-preview", "The upload is valid", timeout=30)
    assert "qcew/sample-2023-colorado-counties.csv" in dash_duo.find_element("#data-preview").text
    click(dash_duo, dash_duo.find_element("#data-apply"))
    dash_duo.wait_for_contains_text("#data-status", "Applied as v2", timeout=30)

    gaps = expected.priority_gaps(DEFAULT_DATA_DIR, FIXTURE)
    assert gaps, "the sample has priority gaps"
    region, industry, jobs = gaps[0]
    first = f"Region {region} · {region_name(region)}: {industry}, {jobs:,} jobs"

    # The ranked list, largest first, labelled as sample employment.
    dash_duo.driver.get(f"{dash_duo.server_url}/?view=gaps")
    dash_duo.wait_for_element("#priority-gaps ol", timeout=20)
    items = [li.text for li in dash_duo.find_elements("#priority-gaps ol li")]
    assert items[0].startswith("◇ " + first), items[0]
    assert len(items) == min(10, len(gaps))
    listed = dash_duo.find_element("#priority-gaps").text
    assert "(sample employment data)" in listed and "top 3 by private employment" in listed
    if len(gaps) > 10:
        assert f"… and {len(gaps) - 10} more" in listed

    # The matrix rings each priority gap among its columns (industries that have a partnership somewhere).
    columns = {p["industry"] for p in expected.rows(DEFAULT_DATA_DIR, "partnerships.csv")}
    on_matrix = [g for g in gaps if g[1] in columns]
    scroll_to(dash_duo, "#gap-matrix")
    wait_until(lambda: len(dash_duo.find_elements(DIAMONDS)) == len(on_matrix), timeout=20,
               message=lambda: len(dash_duo.find_elements(DIAMONDS)))  # fmt: skip
    caption = dash_duo.find_element("#gap-matrix-caption").text
    labels = [t.text for t in dash_duo.find_elements(CELL_TEXT)]
    assert labels.count("◇") == len(on_matrix)
    assert f"◇ (outlined) marks {len(on_matrix)} priority gaps" in caption and "(sample employment data)" in caption
    assert_accessible(dash_duo.driver, "the gap panel with priority gaps")

    # The insight names the largest.
    assert f"{industry} in Region {region} · {region_name(region)}" in dash_duo.find_element("#insights").text

    # The region's profile: its largest industries, each marked.
    dash_duo.driver.get(f"{dash_duo.server_url}/?regions={region}&view=region")
    dash_duo.wait_for_contains_text("#region-profile", "Largest industries by employment", timeout=20)
    profile = dash_duo.find_element("#region-profile").text
    assert f"{industry}: {jobs:,} jobs" in profile and "◇ no partnership: a priority gap" in profile

    # A slide of the gaps view says it too.
    dash_duo.driver.get(f"{dash_duo.server_url}/?view=gaps")
    dash_duo.wait_for_element("#priority-gaps ol", timeout=20)
    start = dash_duo.find_element("#present-start")
    dash_duo.driver.execute_script("arguments[0].focus()", start)
    start.send_keys(Keys.ENTER)
    for _ in range(6):
        if "Gaps" in dash_duo.find_element("#present-title").text:
            break
        dash_duo.find_element("#present-next").click()
        wait_until_idle(dash_duo)
    dash_duo.wait_for_contains_text("#present-insights", "priority gap", timeout=15)
    slide = dash_duo.find_element("#present-insights").text
    assert f"{industry} in Region {region} · {region_name(region)}" in slide
    assert "(sample employment data)" in dash_duo.find_element("#presentation").text
    assert dash_duo.get_logs() == []
