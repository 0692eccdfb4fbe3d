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


def ranked_gaps_shown(dash_duo, gaps: list[tuple[int, str, int]]) -> str:  # type: ignore[no-untyped-def]
    """Open the gaps view; its ranked list starts with the largest gap counted from the files and shows
    at most ten. Returns the panel's text."""
    region, industry, jobs = gaps[0]
    dash_duo.driver.get(f"{dash_duo.server_url}/?view=gaps")
    dash_duo.wait_for_element("#priority-gaps ol", timeout=20)
    items = [li.text for li in dash_duo.find_elements("#priority-gaps ol li")]
    assert items[0].startswith(f"◇ Region {region} · {region_name(region)}: {industry}, {jobs:,} jobs"), items[0]
    assert len(items) == min(10, len(gaps))
    return str(dash_duo.find_element("#priority-gaps").text)


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
        # The slide drawn, before its title is read: a title not yet written is not the wrong slide.
        wait_until(lambda: dash_duo.find_element("#present-title").text.strip() != "", timeout=15)
        if "Gaps" in dash_duo.find_element("#present-title").text:
            break
        dash_duo.find_element("#present-next").click()
        wait_until_idle(dash_duo)
    dash_duo.wait_for_contains_text("#present-insights", "priority gap", timeout=15)
    slide = dash_duo.find_element("#present-insights").text
    assert f"{industry} in Region {region} · {region_name(region)}" in slide
    assert "(sample employment data)" in dash_duo.find_element("#presentation").text
    assert dash_duo.get_logs() == []


def test_the_per_area_set_with_the_statewide_file_dropped_on_the_data_page(  # type: ignore[no-untyped-def]
    dash_duo, use_data_dir, monkeypatch, tmp_path
) -> None:
    """A staff member drops Colorado's QCEW files by area, as BLS ships them (64 counties, the statewide file
    08000 and 08999), on the Data page: the preview counts what is kept and skipped, and why; applied, the
    priority gaps rest on the statewide totals, and say so."""
    from scripts.generate_sample_qcew import by_area, sample_rows, write

    use_data_dir(DEFAULT_DATA_DIR)
    monkeypatch.setenv("DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)}")
    paths = []
    for name, rows in by_area(sample_rows()).items():
        write(tmp_path / name, rows)
        paths.append(tmp_path / name)
    # Counted here, by the rule the page states, with the csv module.
    counties = {r["county_fips"] for r in expected.rows(PROJECT_ROOT / "data/geo", "county_regions.csv")}
    total = kept = no_county = not_read = 0
    for path in paths:
        for row in expected.rows(path.parent, path.name):
            total += 1
            private = row["own_code"] == "5"
            if row["area_fips"] == "08999":
                no_county += 1
            elif (row["area_fips"] in counties and private and row["agglvl_code"] in ("71", "74", "75", "76")) or (
                row["area_fips"] == "08000" and private and row["agglvl_code"] in ("51", "54", "55", "56")
            ):
                kept += 1
            else:
                not_read += 1
    dash_duo.start_server(dashboard_app.app)
    sign_in(dash_duo)
    field = dash_duo.find_element("#data-upload input[type='file']")
    field.send_keys("\n".join(str(p) for p in sorted(paths)))
    dash_duo.wait_for_contains_text("#data-preview", "The upload is valid (66 files)", timeout=60)
    preview = dash_duo.find_element("#data-preview").text
    assert "error" not in preview.lower() and "problem" not in preview.lower()
    assert (
        f"66 files. Kept {kept:,} of {total:,} rows; skipped {no_county:,} for 08999, Colorado's unknown or undefined "
        f"county (in no region) and {not_read:,} of ownerships or detail levels the dashboard does not read."
    ) in preview
    assert "After this change: location quotients against Colorado's statewide totals (08000)." in preview
    # Each file's own line, in the table behind "Each file (66)".
    click(dash_duo, dash_duo.find_element(".qcew-files summary"))
    statewide = next(
        r.text for r in dash_duo.find_elements(".qcew-files tr") if "08000 Colorado -- Statewide.csv" in r.text
    )
    rows_there = expected.rows(tmp_path, "sample-2023.annual 08000 Colorado -- Statewide.csv")
    read_there = [r for r in rows_there if r["own_code"] == "5" and r["agglvl_code"] in ("51", "54", "55", "56")]
    assert f"Kept {len(read_there):,} of {len(rows_there):,} rows; skipped {len(rows_there) - len(read_there)} of" in (
        statewide
    )
    assert_accessible(dash_duo.driver, "the Data page's preview of the QCEW files by area")
    click(dash_duo, dash_duo.find_element("#data-apply"))
    dash_duo.wait_for_contains_text("#data-status", "Applied as v2", timeout=60)

    # The priority gaps, against the statewide totals, each as counted from the files.
    listed = ranked_gaps_shown(dash_duo, expected.priority_gaps(DEFAULT_DATA_DIR, sorted(paths)))
    assert "location quotients against Colorado's statewide totals (08000)" in listed
    assert "(sample employment data)" in listed
    assert dash_duo.get_logs() == []


def test_a_single_file_too_large_to_drop_is_sent_on_its_own_and_its_gaps_shown(  # type: ignore[no-untyped-def]
    dash_duo, use_data_dir, monkeypatch, tmp_path
) -> None:
    """BLS's single file (here 8 MB: Colorado's rows among other states', over the drop zone's 5 MB) goes
    under "A large QCEW file": sent, read on the server, previewed with its counts, applied; the priority
    gaps are those counted from the file."""
    from dashboard.store.upload import MAX_UPLOAD_BYTES
    from tests.store.test_large_upload import single_file

    use_data_dir(DEFAULT_DATA_DIR)
    monkeypatch.setenv("DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)}")
    content, colorado = single_file()
    others = content.split(b"\n", 1)[1].replace(b"\n08", b"\n56")
    path = tmp_path / "2023.annual.singlefile.csv"
    path.write_bytes(content + others * (8 * 1024 * 1024 // len(others)))
    assert path.stat().st_size > MAX_UPLOAD_BYTES
    total = sum(1 for _ in expected.rows(tmp_path, path.name))
    dash_duo.start_server(dashboard_app.app)
    sign_in(dash_duo)
    # The drop zone refuses it, and says where such a file goes.
    upload(dash_duo, path)
    dash_duo.wait_for_contains_text("#data-preview", "goes under “A large QCEW file”", timeout=30)
    assert f"{path.stat().st_size:,} bytes; the limit is {MAX_UPLOAD_BYTES:,} per file" in (
        dash_duo.find_element("#data-preview").text
    )
    chooser = dash_duo.find_element("#data-large-file")
    label = dash_duo.find_element("label[for='data-large-file']")
    assert label.text == "Choose the file (.csv or .zip)" and chooser.get_attribute("accept") == ".csv,.zip"
    chooser.send_keys(str(path))
    dash_duo.wait_for_contains_text("#data-large-status", "2023.annual.singlefile.csv received", timeout=60)
    dash_duo.wait_for_contains_text("#data-preview", "The upload is valid", timeout=60)
    preview = dash_duo.find_element("#data-preview").text
    assert (
        f"2023.annual.singlefile.csv: {total:,} rows read; the {colorado:,} for Colorado (area_fips 08…) kept, "
        f"{total - colorado:,} for areas outside Colorado skipped"
    ) in preview
    assert_accessible(dash_duo.driver, "the Data page with a large file received")
    click(dash_duo, dash_duo.find_element("#data-apply"))
    dash_duo.wait_for_contains_text("#data-status", "Applied as v2", timeout=60)

    ranked_gaps_shown(dash_duo, expected.priority_gaps(DEFAULT_DATA_DIR, path))
    assert dash_duo.get_logs() == []
