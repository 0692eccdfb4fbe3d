"""What the page says, read off the screen and checked against the CSV files and the source pages.

Expected values are counted here from the data directory's files (tests/expected.py and plain
csv), never from dashboard.analysis.metrics.
"""

from __future__ import annotations

import csv
import glob
import os
import time
from collections import Counter
from typing import Any

from dashboard.data.config import DEFAULT_DATA_DIR
from tests import expected
from tests.browser.test_dashboard import click, look_at, open_dashboard, wait_until

SOURCES = DEFAULT_DATA_DIR / "sources" / "index.csv"


def _sources() -> dict[str, dict[str, str]]:
    with SOURCES.open(encoding="utf-8") as handle:
        return {row["source"]: row for row in csv.DictReader(handle)}


def _figure(dash_duo: Any, graph_id: str) -> dict[str, Any]:
    script = (
        "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return {data: g.data.map(t => ({name: t.name, x: t.x})), layout: {shapes: g.layout.shapes || [],"
        " annotations: (g.layout.annotations || []).map(a => a.text)}};"
    )
    result: dict[str, Any] = dash_duo.driver.execute_script(script, f"#{graph_id}")
    return result


def test_published_figures_sit_beside_the_data_with_every_difference_said(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    reported = expected.rows(DEFAULT_DATA_DIR, "reported.csv")
    active = expected.active_partnerships(DEFAULT_DATA_DIR)
    covered = expected.regions_covered(DEFAULT_DATA_DIR)
    technology = sorted(p["name"] for p in active if p["industry"] == "Technology")

    # The header links to the panel; the panel lists every published figure with its date.
    assert dash_duo.find_element("#nav-published").get_attribute("href").endswith("/#published")
    panel = dash_duo.find_element("#published")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView()", panel)
    rows = dash_duo.find_elements("#published-table tbody tr")
    assert len(rows) == len(reported)
    dates = [row.find_elements("css selector", "td")[3].text for row in rows]
    assert dates.count("undated") == sum(r["as_of"] == "undated" for r in reported)
    assert "21 March 2024" in dates  # the one dated source, the blog post

    differences = [li.text for li in dash_duo.find_elements("#published-differences li")]
    text = " ".join(differences)
    # 25 published vs 23 listed vs 28 counted.
    listed = sum(p["source"] == "sources/cwdc-sector-partnerships-page.txt" for p in active)
    assert listed == 23 and len(active) == 28
    assert f"This data counts {len(active)} active: {listed} from “Sector Partnerships”" in text
    assert "Published: 25 partnerships (21 March 2024;" in text
    # All 14 vs 11 of 14, naming the gaps.
    gaps = sorted(set(range(1, 15)) - covered)
    assert f"active partnership in {len(covered)} of 14 regions; none in Regions 10, 12 and 14." in text
    assert gaps == [10, 12, 14]
    # Three vs four technology partnerships, by name.
    assert len(technology) == 4
    assert (
        f"This data counts 4 active technology partnerships: {', '.join(technology[:-1])} and {technology[-1]}." in text
    )
    # 450+ and 750+, both undated.
    assert (
        "more than 450 (undated; Sector Partnerships) and more than 750 (undated; Positive Return on Investment)"
        in text
    )
    assert len(differences) == 4

    # Cited by title and date everywhere on the page; file names and seeds stay out of sight.
    footer = dash_duo.find_element("footer").text
    for row in _sources().values():
        if row["source"] in {r["source"] for r in reported}:
            assert f"“{row['title']}”" in footer
    page = dash_duo.find_element("body").text
    for jargon in ("sources/", ".csv", ".txt", "seed", "scripts/", "Status 'active'"):
        assert jargon not in page.replace("Download CSV", ""), jargon
    assert dash_duo.get_logs() == []


def test_growth_chart_places_no_undated_figure_at_a_year(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    dash_duo.wait_for_contains_text("#trend-chart-caption", "undated")
    look_at(dash_duo, "#trend-chart")
    wait_until(lambda: dash_duo.driver.execute_script(
        "const g = document.querySelector('#trend-chart .js-plotly-plot');"
        "return Boolean(g && g.layout && g.layout.shapes && g.layout.shapes.length);"
    ))  # fmt: skip
    figure = _figure(dash_duo, "trend-chart")
    assert "Published total" not in [trace["name"] for trace in figure["data"]]
    published = sorted(float(r["value"]) for r in expected.rows(DEFAULT_DATA_DIR, "reported.csv")
                       if r["metric"] == "businesses_engaged")  # fmt: skip
    assert sorted(shape["y0"] for shape in figure["layout"]["shapes"]) == published == [450.0, 750.0]
    assert "Published, undated: more than 750 (Positive Return on Investment)" in figure["layout"]["annotations"]
    note = dash_duo.find_element("#panel-growth").text
    assert "No source gives counts by year" in note
    assert dash_duo.get_logs() == []


def test_region_7_says_ties_inferences_and_only_counted_conveners(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo, search="?regions=7")
    pueblo = expected.active_partnerships(DEFAULT_DATA_DIR, region=7)
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(pueblo)))
    dash_duo.wait_for_text_to_equal("#card-regions", "Yes")

    # Three industries tied at one partnership each: said as a tie, never "has the most".
    per_industry = Counter(p["industry"] for p in pueblo)
    assert set(per_industry.values()) == {1} and len(per_industry) == 3
    names = sorted(per_industry)
    dash_duo.wait_for_contains_text(
        "#industry-chart-caption",
        f"3 industries have active partnerships in the selected region, 1 partnership each: "
        f"{names[0]}, {names[1]} and {names[2]}.",
    )
    assert "has the most" not in dash_duo.find_element("#industry-chart-caption").text

    # Conveners come only from the active partnerships counted; the inactive one is listed apart.
    look_at(dash_duo, "#region-profile")
    profile = dash_duo.find_element("#region-profile")
    dash_duo.wait_for_contains_text("#region-profile", "Conveners of its active partnerships: not published")
    inactive = [p for p in expected.partnerships_in_region(DEFAULT_DATA_DIR, 7) if p["status"] == "inactive"]
    assert [p["name"] for p in inactive] == ["Pueblo Manufacturing Consortium"]
    assert (
        "Also named for this region, not counted as active: "
        "Pueblo Manufacturing Consortium (inactive; region, status inferred)." in profile.text
    )
    assert "Pueblo Workforce Center" not in profile.text

    # The directory says what each row infers.
    look_at(dash_duo, "#directory-grid")
    wait_until(lambda: "Early Childhood Education Sector Partnership" in dash_duo.find_element("#directory-grid").text)
    headers = [h.text for h in dash_duo.find_elements("#directory-grid .ag-header-cell-text")]
    assert "Inferred" in headers and "Businesses (sample)" in headers
    row = next(
        r
        for r in dash_duo.find_elements("#directory-grid .ag-center-cols-container .ag-row")
        if "Early Childhood Education Sector" in r.text
    )
    assert row.find_element("css selector", "[col-id='inferred']").text == "region, status"
    assert dash_duo.get_logs() == []


def test_sample_numbers_are_labelled_in_past_years_and_in_the_csv(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo, search="?metric=businesses&year=2016")
    running = expected.partnerships_running(DEFAULT_DATA_DIR, 2016)
    regions = expected.regions_of(DEFAULT_DATA_DIR, running)
    dash_duo.wait_for_contains_text("#insights", "In 2016 (sample membership),")
    dash_duo.wait_for_contains_text(
        "#coverage-region-map-caption", f"In 2016 (sample membership), {len(regions)} of 14"
    )
    dash_duo.wait_for_contains_text("#coverage-region-map-caption", "Highest businesses engaged (sample data)")
    dash_duo.wait_for_contains_text("#gap-list", "in 2016 (sample membership)")
    colorbar = _figure(dash_duo, "coverage-region-map")
    title = dash_duo.driver.execute_script(
        "return document.querySelector('#coverage-region-map .js-plotly-plot').data[0].colorbar.title.text"
    )
    assert "(sample)" in title, (title, colorbar)

    # The directory's CSV says it carries sample data, before the header.
    click(dash_duo, dash_duo.find_element("#directory-download"))
    pattern = os.path.join(dash_duo.download_path, "*.csv")
    wait_until(lambda: bool(glob.glob(pattern)))
    time.sleep(0.5)
    with open(glob.glob(pattern)[0], encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    assert lines[0].startswith('"Sample data:')
    assert "Businesses (sample)" in lines[1]
    assert dash_duo.get_logs() == []
