"""The Data page in headless Chromium: sign in, upload, review, apply, see the dashboard change;
a bad file shows its problems and changes nothing."""

from __future__ import annotations

import csv
import glob
import os
import time
from pathlib import Path

from werkzeug.security import generate_password_hash

import app as dashboard_app
from dashboard.data.config import GEOGRAPHY_DIR
from tests import expected
from tests.browser.a11y import assert_accessible
from tests.browser.test_dashboard import GAP_MARKERS, MAP_PATHS, click, look_at, wait_until, wait_until_idle
from tests.conftest import TINY_PARTNERSHIPS, write_csv

PASSWORD = "a long test password"
# Markup that would set window.__xss if any view rendered the name as HTML (an <img> error handler
# runs from innerHTML, where a <script> would not), and a formula a spreadsheet would run.
HOSTILE_NAME = (
    '=HYPERLINK("http://example.invalid","<img src=x onerror=window.__xss=1><script>window.__xss=2</script>")'
)


def sign_in(dash_duo) -> None:  # type: ignore[no-untyped-def]
    dash_duo.driver.get(f"{dash_duo.server_url}/auth/login?next=/data")
    dash_duo.find_element("#username").send_keys("maria")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#sign-in").click()
    dash_duo.wait_for_contains_text("#data-signed-in", "Signed in as maria", timeout=20)
    wait_until_idle(dash_duo)


def upload(dash_duo, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Choose a file, as the file dialog would (chromedriver adds to a multiple input's list, so clear it first)."""
    field = dash_duo.find_element("#data-upload input[type='file']")
    dash_duo.driver.execute_script("arguments[0].value = ''", field)
    field.send_keys(str(path))


def test_upload_preview_apply_and_a_refused_file(dash_duo, make_data_dir, use_data_dir, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    directory = make_data_dir()
    use_data_dir(directory)
    monkeypatch.setenv("DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)}")
    dash_duo.start_server(dashboard_app.app)
    covered = expected.regions_covered(directory)
    dash_duo.wait_for_text_to_equal("#card-regions", f"{len(covered)} of 14", timeout=20)

    # Signed out, the Data page offers only a sign-in link.
    click(dash_duo, dash_duo.find_element("#nav-data"))
    dash_duo.wait_for_contains_text("#data-signed-in", "needs a data editor's sign-in")
    assert dash_duo.find_element("#data-editor-tools").get_attribute("hidden") is not None
    assert_accessible(dash_duo.driver, "the Data page, signed out")
    dash_duo.driver.get(f"{dash_duo.server_url}/auth/login?next=/data")
    dash_duo.wait_for_element("#username")
    assert_accessible(dash_duo.driver, "the sign-in form")
    sign_in(dash_duo)
    assert_accessible(dash_duo.driver, "the Data page, signed in")

    # A file too large to send: said at once, nothing sent.
    huge = tmp_path / "members-export.csv"
    huge.write_bytes(b"x" * (25 * 1024 * 1024))
    upload(dash_duo, huge)
    dash_duo.wait_for_contains_text(
        "#data-upload-check", "members-export.csv is 25 MB: the limit is 5 MB per file, so it was not sent."
    )
    assert dash_duo.find_element("#data-upload-check").get_attribute("role") == "alert"

    # A bad file: problems listed with file, row and column; nothing applied.
    bad = tmp_path / "members.csv"
    bad.write_text(
        "partnership_id,organization,org_type,county,joined_year\nt-health,Clinic Z,business,Larimer County,2023\n"
    )
    upload(dash_duo, bad)
    dash_duo.wait_for_contains_text("#data-preview", "1 problem: nothing was changed", timeout=20)
    problems = dash_duo.find_element("#data-preview").text
    assert "members.csv" in problems and "county" in problems and "did you mean 'Larimer'?" in problems
    assert dash_duo.find_element("#data-apply").get_attribute("disabled") is not None
    assert_accessible(dash_duo.driver, "the Data page with an upload's problems")

    # A valid file: a new active Construction partnership in region 3, with a hostile name.
    rows = [list(r) for r in TINY_PARTNERSHIPS] + [["t-build", HOSTILE_NAME, "Construction", "3", "active", "", ""]]
    good = tmp_path / "partnerships.csv"
    write_csv(good, rows)
    upload(dash_duo, good)
    dash_duo.wait_for_contains_text("#data-preview", "The upload is valid", timeout=20)
    preview = dash_duo.find_element("#data-preview").text
    assert "Partnerships added (1)" in preview and HOSTILE_NAME in preview
    assert f"{len(covered)} of 14 → {len(covered) + 1} of 14" in preview
    assert_accessible(dash_duo.driver, "the Data page with a valid preview")
    dash_duo.find_element("#data-note").send_keys("Add the Denver builders")
    click(dash_duo, dash_duo.find_element("#data-apply"))
    dash_duo.wait_for_contains_text("#data-status", "Applied as v2", timeout=20)
    dash_duo.wait_for_contains_text("#data-versions", "Add the Denver builders")

    # The dashboard shows the new version: cards, map, and the name as inert text.
    dash_duo.driver.get(f"{dash_duo.server_url}/")
    dash_duo.wait_for_text_to_equal("#card-regions", f"{len(covered) + 1} of 14", timeout=20)
    dash_duo.wait_for_element(MAP_PATHS)
    wait_until(lambda: len(dash_duo.find_elements(GAP_MARKERS)) == 14 - len(covered) - 1)
    look_at(dash_duo, "#directory-grid")
    dash_duo.wait_for_contains_text("#directory-grid", HOSTILE_NAME)
    assert dash_duo.driver.execute_script("return window.__xss === undefined && !document.querySelector('main script')")
    # In the region's profile the name (with its http:// text) is text, not a link.
    dash_duo.driver.get(f"{dash_duo.server_url}/?regions=3")
    dash_duo.wait_for_element("#region-profile", timeout=20)
    look_at(dash_duo, "#region-profile")
    dash_duo.wait_for_contains_text("#region-profile", "http://example.invalid", timeout=20)
    links = dash_duo.find_elements("#region-profile a")
    assert [a.get_attribute("href") for a in links if "example.invalid" in (a.get_attribute("href") or "")] == []

    # Exported CSV: the formula is defused.
    click(dash_duo, dash_duo.find_element("#directory-download"))
    pattern = os.path.join(dash_duo.download_path, "*.csv")
    wait_until(lambda: bool(glob.glob(pattern)))
    time.sleep(0.5)
    with open(glob.glob(pattern)[0], encoding="utf-8-sig") as handle:
        names = [row["Partnership"] for row in csv.DictReader(handle)]
    assert "'" + HOSTILE_NAME in names
    assert dash_duo.get_logs() == []


def test_text_from_the_data_is_never_a_link(dash_duo) -> None:  # type: ignore[no-untyped-def]
    """Uploaded text stays text in the tables (Markdown would link URLs and e-mail addresses by
    itself) and in charts (plotly reads <a href> in labels and legends)."""
    import dash
    import pandas as pd
    from dash import dcc, html

    from dashboard.output.figures import impact_chart
    from layouts.components import data_table

    texts = ["https://example.org/page", "www.example.org", "someone@example.org", "<a href='https://x.invalid'>x</a>"]
    outcomes = pd.DataFrame(
        {
            "category": "business", "metric": texts, "rate": [50.0, 60.0, 70.0, 80.0], "unit": "businesses",
            "survey": "<a href='https://survey.invalid'>Survey</a>", "source": texts,
        }
    )  # fmt: skip
    page = dash.Dash(__name__)
    page.layout = html.Div(
        [data_table(pd.DataFrame({"Source": texts}), "Sources"), dcc.Graph(id="chart", figure=impact_chart(outcomes))]
    )
    dash_duo.start_server(page)
    dash_duo.wait_for_element("#chart .main-svg")
    assert dash_duo.find_elements(".data-table a") == []
    assert [cell.text for cell in dash_duo.find_elements(".data-table td")] == texts
    hrefs = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#chart a'))"
        ".map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"
    )
    assert [h for h in hrefs if h and ".invalid" in h] == []  # (plotly's own logo link aside)
    legend = dash_duo.driver.execute_script("return document.querySelector('#chart .legendtext').textContent")
    assert legend == "<a href='https://survey.invalid'>Survey</a>"


def test_a_new_grouping_of_the_counties_is_previewed_applied_and_shown(  # type: ignore[no-untyped-def]
    dash_duo, make_data_dir, use_data_dir, monkeypatch, tmp_path
) -> None:
    """An editor uploads county_regions.csv merging region 14 into 13: the preview says 14 regions → 13 and
    names the counties that move; once applied the map has 13 regions, and a link made before, to region 14,
    opens without it and says so."""
    directory = make_data_dir()
    use_data_dir(directory)
    monkeypatch.setenv("DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)}")
    dash_duo.start_server(dashboard_app.app)
    dash_duo.wait_for_element(MAP_PATHS, timeout=20)
    with (GEOGRAPHY_DIR / "county_regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    moving = sorted(county for _, county, region, _ in rows[1:] if region == "14")
    merged = "Upper Arkansas and South Central"
    regrouped = [rows[0]] + [[f, c, "13", merged] if r in ("13", "14") else [f, c, r, n] for f, c, r, n in rows[1:]]
    crosswalk = tmp_path / "county_regions.csv"
    write_csv(crosswalk, regrouped)

    sign_in(dash_duo)
    upload(dash_duo, crosswalk)
    dash_duo.wait_for_contains_text("#data-preview", "The upload is valid", timeout=30)
    preview = dash_duo.find_element("#data-preview").text
    assert "The counties' regions: 14 regions → 13" in preview
    assert f"Counties that change region ({len(moving)})" in preview
    assert all(f"{county}: Region 14 · " in preview for county in moving), preview
    assert_accessible(dash_duo.driver, "the Data page previewing a regrouping")
    click(dash_duo, dash_duo.find_element("#data-apply"))
    dash_duo.wait_for_contains_text("#data-status", "Applied as v2", timeout=30)

    dash_duo.driver.get(f"{dash_duo.server_url}/?regions=14")
    dash_duo.wait_for_text_to_equal(
        "#link-notice",
        "This link was made for Colorado's 14 economic development regions, not the 13 economic development "
        "regions in use here, so the view opens without its region 14.",
        timeout=30,
    )
    wait_until(lambda: len(dash_duo.find_elements(MAP_PATHS)) == 13)
    active = expected.active_partnerships(directory)
    covered = {min(int(r), 13) for p in active for r in p["regions"].split(";")}
    dash_duo.wait_for_text_to_equal("#card-regions", f"{len(covered)} of 13", timeout=20)
    assert dash_duo.get_logs() == []
