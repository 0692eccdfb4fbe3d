"""Partnership outcomes in headless Chromium, on the labelled sample fixture: a link opens the outcomes view at
a measure and its table, sentence and CSV agree with the fixture counted here; a partnership's page opens
from the directory, shows each value with its method and respondents, downloads them and leads back."""

from __future__ import annotations

import csv
import glob
import os
import time
from pathlib import Path

import app as dashboard_app
from dashboard.data.config import PROJECT_ROOT
from scripts.generate_sample_outcomes import FIXTURE, fixture_directory
from tests import expected
from tests.browser.a11y import assert_accessible
from tests.browser.test_dashboard import click, look_at, search_of, wait_until, wait_until_idle

DATA = PROJECT_ROOT / "data"


def fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def latest(rows: list[dict[str, str]], measure: str) -> dict[str, tuple[int, float]]:
    """Each partnership's latest (year, value) of a measure, from the fixture's rows."""
    found: dict[str, tuple[int, float]] = {}
    for row in rows:
        if row["measure"] == measure:
            year = int(row["year"])
            if row["partnership_id"] not in found or year > found[row["partnership_id"]][0]:
                found[row["partnership_id"]] = (year, float(row["value"]))
    return found


def dollars(value: float) -> str:
    return f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"


def downloaded(dash_duo, name: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    pattern = os.path.join(dash_duo.download_path, name)
    wait_until(lambda: bool(glob.glob(pattern)), timeout=15)
    time.sleep(0.5)
    with open(glob.glob(pattern)[0], encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_outcomes_view_and_a_partnership_page_on_the_sample_fixture(dash_duo, use_data_dir, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    use_data_dir(fixture_directory(tmp_path / "fx"))
    partnerships = expected.rows(DATA, "partnerships.csv")
    names = {p["partnership_id"]: p["name"] for p in partnerships}
    rows = fixture_rows()
    dash_duo.start_server(dashboard_app.app)
    dash_duo.driver.get(f"{dash_duo.server_url}/?view=outcomes")
    dash_duo.wait_for_element("#outcome-chart-caption", timeout=20)

    # A shared link names the measure; the measure control shows it.
    dash_duo.driver.get(f"{dash_duo.server_url}/?view=outcomes&measure=cost_savings")
    look_at(dash_duo, "#panel-outcomes")
    dash_duo.wait_for_contains_text("#outcome-measure", "Cost savings", timeout=20)
    assert "measure=cost_savings" in search_of(dash_duo), search_of(dash_duo)
    savings = latest(rows, "cost_savings")
    dash_duo.wait_for_contains_text(
        "#outcome-chart-caption",
        f"{len(savings)} of the {len(partnerships)} partnerships report cost savings.",
        timeout=15,
    )
    top = max(v for _, v in savings.values())
    leaders = [names[p] for p, (_, v) in savings.items() if v == top]
    caption = dash_duo.find_element("#outcome-chart-caption").text
    assert all(name in caption for name in leaders) and dollars(top) in caption and "(Sample data.)" in caption
    # The chart has one bar per partnership reporting it.
    bars = dash_duo.driver.execute_script("return document.querySelectorAll('#outcome-chart .bars .point').length")
    assert bars == len(savings)

    # The table: each partnership's latest value, read off the screen against the fixture.
    click(dash_duo, dash_duo.find_element("#panel-outcomes details summary"))
    dash_duo.wait_for_element("#outcome-chart-table table", timeout=15)
    table = [
        [cell.text for cell in row.find_elements("css selector", "td")]
        for row in dash_duo.find_elements("#outcome-chart-table tbody tr")
    ]
    assert {(r[0], r[1], r[2]) for r in table} == {(names[p], dollars(v), str(y)) for p, (y, v) in savings.items()}

    # Whose outcomes are recorded: a row per active partnership, counted from the files.
    active = [p for p in partnerships if p["status"] == "active"]
    reporting = {r["partnership_id"] for r in rows} & {p["partnership_id"] for p in active}
    dash_duo.wait_for_contains_text(
        "#outcome-completeness",
        f"{len(reporting)} of the {len(active)} active partnerships report at least one outcome",
        timeout=15,
    )
    assert len(dash_duo.find_elements("#outcome-completeness tbody tr")) == len(active)
    assert_accessible(dash_duo.driver, "the outcomes view, cost savings, table open")

    # The CSV: the sample label first, then the rows shown.
    click(dash_duo, dash_duo.find_element("#outcome-download"))
    lines = downloaded(dash_duo, "outcomes-cost_savings.csv")
    assert lines[0][0].startswith("Sample data:") and lines[1] == ["Cost savings statewide"]
    header = next(i for i, line in enumerate(lines) if line[:2] == ["Partnership", "Cost savings"])
    assert {(line[0], line[1]) for line in lines[header + 1 :]} == {
        (names[p], dollars(v)) for p, (_, v) in savings.items()
    }

    # The matrix as CSV: a row per active partnership, its latest year per measure, blank where none.
    click(dash_duo, dash_duo.find_element("#outcome-completeness-download"))
    lines = downloaded(dash_duo, "outcomes-recorded.csv")
    header = next(i for i, line in enumerate(lines) if line[:1] == ["Partnership"])
    matrix = {line[0]: dict(zip(lines[header][1:], line[1:], strict=True)) for line in lines[header + 1 :]}
    assert set(matrix) == {p["name"] for p in active}
    jobs = latest(rows, "jobs_created")
    for p in active:
        said = matrix[p["name"]]["Jobs created"]
        assert said == (str(jobs[p["partnership_id"]][0]) if p["partnership_id"] in jobs else ""), p["name"]

    # A partnership's page, opened from the directory: the first one with outcomes, by name.
    pid = min((p for p in reporting), key=lambda p: names[p])
    look_at(dash_duo, "#directory-grid")
    link = f"#directory-grid a[href='/partnerships/{pid}']"
    dash_duo.wait_for_element(link, timeout=15)
    click(dash_duo, dash_duo.find_element(link))
    dash_duo.wait_for_text_to_equal("#partnership-page-title", names[pid], timeout=20)
    wait_until_idle(dash_duo)
    # Where the link led is said: the window's title names the partnership, and focus is on its heading.
    wait_until(lambda: dash_duo.driver.title.startswith(f"{names[pid]} · "), message=lambda: dash_duo.driver.title)
    assert dash_duo.driver.switch_to.active_element.get_attribute("id") == "partnership-page-title"
    assert dash_duo.find_element("#main").get_attribute("hidden") is not None
    own = [r for r in rows if r["partnership_id"] == pid]
    items = [li.text for li in dash_duo.find_elements("#partnership-body li")]
    for row in own:
        shown = {"count": f"{float(row['value']):,.0f}", "dollars": dollars(float(row["value"])),
                 "percent": f"{float(row['value']):g}%"}[row["unit"]]  # fmt: skip
        said = f"{row['year']}: {shown} — {row['method']}"
        if row["respondents"]:
            said += f", {int(row['respondents'])} respondents"
        assert said + "." in items, (said, items)
    assert len(items) == len(own)
    assert "Outcomes (sample data)" in dash_duo.find_element("#partnership-body").text
    assert_accessible(dash_duo.driver, f"the page of {names[pid]}")
    click(dash_duo, dash_duo.find_element("#partnership-download"))
    lines = downloaded(dash_duo, f"outcomes-{pid}.csv")
    header = next(i for i, line in enumerate(lines) if line[:3] == ["Measure", "Unit", "When"])
    assert len(lines) - header - 1 == len(own)

    # Back to the dashboard, as it was.
    click(dash_duo, dash_duo.find_element("#partnership-page-back"))
    wait_until(lambda: dash_duo.find_element("#main").get_attribute("hidden") is None)
    wait_until(lambda: not dash_duo.driver.title.startswith(names[pid]), message=lambda: dash_duo.driver.title)
    assert dash_duo.find_element("#partnership-page").get_attribute("hidden") is not None
    assert dash_duo.get_logs() == []


def test_a_partnership_with_no_outcomes_says_so_and_how_to_add_them(dash_duo, use_data_dir) -> None:  # type: ignore[no-untyped-def]
    use_data_dir(DATA)
    dash_duo.start_server(dashboard_app.app)
    quiet = next(p for p in expected.rows(DATA, "partnerships.csv") if p["partnership_id"] != "smiac")
    dash_duo.driver.get(f"{dash_duo.server_url}/partnerships/{quiet['partnership_id']}")
    dash_duo.wait_for_text_to_equal("#partnership-page-title", quiet["name"], timeout=20)
    body = dash_duo.find_element("#partnership-body").text
    assert "No outcomes recorded yet." in body and "partnership_outcomes.csv" in body
    assert not dash_duo.find_element("#partnership-download").is_displayed()
    # SMIAC's page shows its published before/after values, undated, with their source.
    dash_duo.driver.get(f"{dash_duo.server_url}/partnerships/smiac")
    dash_duo.wait_for_contains_text("#partnership-body", "before: 30% — survey.", timeout=20)
    body = dash_duo.find_element("#partnership-body").text
    assert "after: 90% — survey." in body and "before: as high as $8,000 — survey." in body
    assert "What's Working in Colorado" in body and "sample data)" not in body.split("Outcomes")[1]
    # An id that is no partnership is said plainly.
    dash_duo.driver.get(f"{dash_duo.server_url}/partnerships/nobody-here")
    dash_duo.wait_for_text_to_equal("#partnership-body h2", "Partnership not found", timeout=20)
    assert dash_duo.get_logs() == []
