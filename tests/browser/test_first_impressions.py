"""What a staff member sees on opening the link: each point measured from the rendered page, in headless
Chromium, as a person would see it (colours as drawn, boxes as laid out)."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from tests.browser.test_dashboard import click, open_dashboard, wait_until, wait_until_idle

# Each region number on a map (arguments[0]): its rendered colour, and the fill under its centre with
# that fill's opacity, seen against the panel the map sits on (arguments[1]); `region` is the place of
# the shape under it in the order of the regions (1 = Region 1).
NUMBERS_AND_FILLS = """
const [graph, panelOf] = arguments;
const panel = getComputedStyle(document.querySelector(graph).closest(panelOf)).backgroundColor;
const shapes = Array.from(document.querySelectorAll(graph + ' path.choroplethlocation'));
return Array.from(document.querySelectorAll(graph + ' .scattergeo text')).map((text) => {
  const box = text.getBoundingClientRect();
  // The regions take no pointer events (a drag layer covers them): find the one whose shape holds the point.
  const under = shapes.find((path) => {
    const centre = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2);
    return path.isPointInFill(centre.matrixTransform(path.getScreenCTM().inverse()));
  });
  const style = under ? getComputedStyle(under) : null;
  return {number: text.textContent, colour: getComputedStyle(text).fill, panel: panel,
          region: under ? shapes.indexOf(under) + 1 : null, fill: style ? style.fill : null,
          opacity: style ? Number(style.opacity) * Number(style.fillOpacity || 1) : null};
});
"""


def rgb(css: str) -> tuple[float, ...]:
    inside = css[css.index("(") + 1 : css.index(")")]
    return tuple(float(part) for part in inside.split(",")[:3])


def luminance(colour: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def numbers_on(dash_duo: Any, graph: str, panel: str) -> list[dict[str, Any]]:
    """Each region number of the map `graph`, with its contrast against what is drawn under it (the
    fill, blended with the `panel` it is seen through) and the region it is drawn on."""
    found = []
    for item in dash_duo.driver.execute_script(NUMBERS_AND_FILLS, graph, panel):
        assert item["fill"] is not None, f"no region under number {item['number']}"
        fill, panel_colour, opacity = rgb(item["fill"]), rgb(item["panel"]), item["opacity"]
        seen = tuple(f * opacity + p * (1 - opacity) for f, p in zip(fill, panel_colour, strict=True))
        found.append(item | {"contrast": contrast(rgb(item["colour"]), seen)})
    return found


def number_contrasts(dash_duo: Any) -> dict[str, float]:
    """Each page map number's contrast with what is drawn under it."""
    return {item["number"]: item["contrast"] for item in numbers_on(dash_duo, "#coverage-region-map", ".card")}


def test_every_region_number_reads_at_4_5_to_1_on_its_fill_in_both_themes(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    for state in ("statewide", "Denver Metro selected (the others faded)", "the businesses metric"):
        if state.startswith("Denver"):
            dash_duo.driver.get(f"{dash_duo.server_url}/?regions=3")
        elif state.startswith("the businesses"):
            dash_duo.driver.get(f"{dash_duo.server_url}/?regions=3,7&metric=businesses")
        dash_duo.wait_for_element("#coverage-region-map .scattergeo text", timeout=20)
        wait_until_idle(dash_duo)
        dash_duo.driver.set_window_size(1440, 1000)
        for theme in ("light", "dark"):
            if theme == "dark":
                click(dash_duo, dash_duo.find_element("#control-theme"))
                wait_until(
                    lambda: dash_duo.driver.execute_script("return document.documentElement.dataset.bsTheme") == "dark"
                )
            dash_duo.driver.execute_script(
                "document.querySelector('#coverage-region-map').scrollIntoView({block: 'center'})"
            )
            time.sleep(0.5)
            found = number_contrasts(dash_duo)
            assert sorted(found, key=int) == [str(r) for r in range(1, 15)], found
            low = {n: round(c, 2) for n, c in found.items() if c < 4.5}
            assert not low, f"{state}, {theme} theme: numbers under 4.5:1: {low}"
            if theme == "dark":
                click(dash_duo, dash_duo.find_element("#control-theme"))
                wait_until(
                    lambda: dash_duo.driver.execute_script("return document.documentElement.dataset.bsTheme") != "dark"
                )
    assert dash_duo.get_logs() == []


HOVER = "#coverage-region-map .hoverlayer .hovertext"


def shown_labels(dash_duo) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.text for e in dash_duo.find_elements(HOVER) if e.is_displayed()]


def point_at(dash_duo, region, label: str) -> None:  # type: ignore[no-untyped-def]
    """Move the pointer onto a region as a hand does, in small steps, until its hover label shows."""
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(dash_duo.driver).move_to_element(region).perform()
    for step in range(20):
        if label in " ".join(shown_labels(dash_duo)):
            return
        ActionChains(dash_duo.driver).move_by_offset(2 if step % 2 else -2, 1).pause(0.15).perform()
    raise AssertionError(f"no hover label for {label}")


def test_the_hover_label_gives_way_after_a_click_and_stays_small(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains

    from dashboard.data.config import DEFAULT_DATA_DIR
    from tests import expected
    from tests.browser.test_dashboard import MAP_PATHS

    open_dashboard(dash_duo)
    dash_duo.driver.set_window_size(1440, 1000)
    denver = dash_duo.find_elements(MAP_PATHS)[2]  # Region 3, in the order of the regions
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", denver)
    wait_until_idle(dash_duo)
    point_at(dash_duo, denver, "Region 3 · Denver Metro")
    label = dash_duo.find_element(HOVER).text
    active = expected.active_partnerships(DEFAULT_DATA_DIR, region=3)
    assert "Region 3 · Denver Metro" in label and len(active) > 3
    named = [p["name"] for p in active if p["name"] in label]
    assert len(named) == 3 and f"… and {len(active) - 3} more" in label, label
    # The click selects the region; the label goes, while the pointer still rests on the region.
    ActionChains(dash_duo.driver).click().perform()
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(active)), timeout=20)
    wait_until_idle(dash_duo)
    time.sleep(0.6)
    assert shown_labels(dash_duo) == [], "the hover label stayed over the map after the click"
    ActionChains(dash_duo.driver).move_by_offset(2, 2).pause(0.4).perform()  # a small move, still on region 3
    assert shown_labels(dash_duo) == []
    # A second click on the same spot still clears the selection (plotly still knows what is under it).
    ActionChains(dash_duo.driver).click().perform()
    dash_duo.wait_for_text_to_equal(
        "#card-partnerships", str(len(expected.active_partnerships(DEFAULT_DATA_DIR))), timeout=20
    )
    wait_until_idle(dash_duo)
    ActionChains(dash_duo.driver).click().perform()  # and selects it again
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(active)), timeout=20)
    # Another region shows its label again.
    pueblo = dash_duo.find_elements(MAP_PATHS)[6]
    point_at(dash_duo, pueblo, "Region 7 · Pueblo")
    assert dash_duo.get_logs() == []


def test_present_opens_at_the_view_on_screen_and_the_story_is_one_key_away(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.keys import Keys

    from tests.browser.test_dashboard import MAP_PATHS

    open_dashboard(dash_duo)
    click(dash_duo, dash_duo.find_elements(MAP_PATHS)[2])  # Region 3 · Denver Metro, on the map
    dash_duo.wait_for_contains_text("#selection-summary", "Region 3 · Denver Metro", timeout=20)
    click(dash_duo, dash_duo.find_element("#present-start"))
    dash_duo.wait_for_text_to_equal("#present-position", "Slide 1 of 6", timeout=15)
    assert dash_duo.find_element("#present-title").text == "Coverage by region"
    assert dash_duo.find_element("#present-subtitle").text.startswith("Region 3 · Denver Metro")
    dash_duo.find_element("#present-title").send_keys(Keys.ARROW_RIGHT)
    dash_duo.wait_for_text_to_equal("#present-position", "Slide 2 of 6", timeout=15)
    dash_duo.wait_for_text_to_equal("#present-title", "Statewide coverage", timeout=15)
    assert dash_duo.find_element("#present-subtitle").text.startswith("Statewide")
    assert dash_duo.get_logs() == []


def test_slide_1_draws_each_region_number_on_its_own_region_at_4_5_to_1_at_every_projector_size(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from dashboard.data.config import DEFAULT_DATA_DIR
    from tests import expected
    from tests.browser.test_call_ready import resize

    gaps = set(range(1, 15)) - expected.regions_covered(DEFAULT_DATA_DIR)
    assert gaps, "the default data has regions without a partnership, whose numbers sit above their ✕"
    open_dashboard(dash_duo)
    click(dash_duo, dash_duo.find_element("#present-start"))
    dash_duo.wait_for_text_to_equal("#present-position", "Slide 1 of 5", timeout=15)
    for width, height in ((1440, 900), (1366, 768), (1920, 1080), (800, 600)):
        resize(dash_duo, width, height)
        wait_until_idle(dash_duo)
        time.sleep(0.5)
        found = numbers_on(dash_duo, "#present-graph", "#presentation")
        assert sorted(int(item["number"]) for item in found) == list(range(1, 15)), found
        # A number on a neighbour's fill names the wrong region (and was 1.6:1 on it); a gap's number,
        # above its ✕, too.
        elsewhere = {item["number"]: item["region"] for item in found if item["region"] != int(item["number"])}
        assert not elsewhere, f"{width}x{height}: numbers drawn on another region: {elsewhere}"
        low = {item["number"]: round(item["contrast"], 2) for item in found if item["contrast"] < 4.5}
        assert not low, f"{width}x{height}: numbers under 4.5:1: {low}"
    assert dash_duo.get_logs() == []


def box(dash_duo, selector: str) -> list[float]:  # type: ignore[no-untyped-def]
    """left, top, right, bottom of the element, in the viewport."""
    return list(
        dash_duo.driver.execute_script(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
            "return [r.left, r.top, r.right, r.bottom];",
            selector,
        )
    )


def inside(rect: list[float], width: int, height: int) -> bool:
    return rect[0] >= 0 and rect[1] >= 0 and rect[2] <= width and rect[3] <= height and rect[3] > rect[1]


def test_the_first_screen_at_1440_by_900_holds_the_whole_map_its_key_and_the_first_card(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from tests.browser.test_call_ready import resize

    open_dashboard(dash_duo)
    resize(dash_duo, 1440, 900)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.3)
    for part in ("#coverage-region-map", "#coverage-region-map .colorbar", "#headline-cards > div:first-child",
                 ".insights-panel"):  # fmt: skip
        assert inside(box(dash_duo, part), 1440, 900), (part, box(dash_duo, part))
    # Every region's shape is whole on screen (regions 8 and 9, at the bottom, were cut off).
    shapes = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#coverage-region-map path.choroplethlocation'))"
        ".map((p) => { const r = p.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });"
    )
    assert len(shapes) == 14 and all(inside(s, 1440, 900) for s in shapes), shapes
    # The first card's words end on screen: the last line of its note is inside the window.
    assert "Published:" in dash_duo.find_element("#headline-cards > div:first-child").text
    assert dash_duo.get_logs() == []


def test_on_a_phone_the_summary_comes_first_and_the_year_marks_stay_clear_of_their_note(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from tests.browser.test_call_ready import resize

    open_dashboard(dash_duo)
    resize(dash_duo, 390, 844)
    dash_duo.driver.refresh()
    dash_duo.wait_for_element("#insights li", timeout=20)
    wait_until_idle(dash_duo)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.3)
    # Data above the fold: the insights, and the first headline figure's value.
    assert inside(box(dash_duo, ".insights-panel"), 390, 844), box(dash_duo, ".insights-panel")
    assert inside(box(dash_duo, "#headline-cards > div:first-child .stat-value"), 390, 844)
    # The filters are folded, the selection's summary in view; the link and exports come after the figures.
    assert dash_duo.find_element("#controls-fold").get_attribute("open") is None
    assert inside(box(dash_duo, "#selection-summary"), 390, 844)
    assert box(dash_duo, ".toolbar")[1] > box(dash_duo, "#headline-cards")[3]
    # Opened, the year slider's marks are clear of the note under them and of each other.
    click(dash_duo, dash_duo.find_element("#controls-fold > summary"))
    wait_until(lambda: dash_duo.find_element("#controls-fold").get_attribute("open") is not None)
    marks = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.year-control [class*=\"slider-mark\"]'))"
        ".filter((m) => m.getBoundingClientRect().width > 0 && getComputedStyle(m).visibility !== 'hidden')"
        ".map((m) => { const r = m.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });"
    )
    note = box(dash_duo, ".year-control p")
    assert marks, "no year marks drawn"
    assert all(mark[3] <= note[1] + 0.5 for mark in marks), (marks, note)
    ordered = sorted(marks)
    assert all(a[2] <= b[0] for a, b in itertools.pairwise(ordered)), ordered
    assert dash_duo.get_logs() == []


def test_the_year_labels_never_run_together_beside_the_filters(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from itertools import combinations

    from tests.browser.test_call_ready import overlap, rect, resize

    open_dashboard(dash_duo)
    for width in (1024, 1440, 1920, 800):
        resize(dash_duo, width, 900)
        marks = [
            rect(dash_duo, m)
            for m in dash_duo.find_elements("#control-year .dash-slider-mark")
            if m.value_of_css_property("visibility") == "visible"
        ]
        assert len(marks) >= 3, (width, marks)
        assert not any(overlap(a, b, 0) for a, b in combinations(marks, 2)), (width, marks)


def test_the_gap_matrix_has_no_toolbar_over_its_labels_and_no_blank_under_one_row(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from tests.browser.test_call_ready import resize

    open_dashboard(dash_duo)
    resize(dash_duo, 1440, 900)
    dash_duo.driver.get(f"{dash_duo.server_url}/?regions=3&view=gaps")
    dash_duo.wait_for_element("#gap-matrix .xtick text", timeout=20)
    dash_duo.driver.execute_script("document.querySelector('#gap-matrix').scrollIntoView({block: 'center'})")
    wait_until_idle(dash_duo)
    labels = [t.text for t in dash_duo.find_elements("#gap-matrix .xtick text")]
    assert "Tourism & Outdoor Recreation" in labels
    # Pointing at the matrix, as a person reading a label would: no plotly toolbar is there to cover one.
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(dash_duo.driver).move_to_element(dash_duo.find_element("#gap-matrix")).pause(0.3).perform()
    assert dash_duo.find_elements("#gap-matrix .modebar-btn") == []
    # The panel ends where its content ends: no box of blank card under a one-row matrix.
    blank = dash_duo.driver.execute_script(
        "const card = document.querySelector('#panel-gaps'); const body = card.querySelector('.card-body');"
        "const last = Array.from(body.children).filter((e) => e.getBoundingClientRect().height > 0).pop();"
        "return card.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom;"
    )
    assert blank < 40, f"{blank:.0f} px of blank card under the matrix"
    assert dash_duo.get_logs() == []


def test_the_directory_says_statuses_why_a_row_matches_and_not_published(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from dashboard.data.config import DEFAULT_DATA_DIR
    from tests import expected
    from tests.browser.test_call_ready import resize
    from tests.browser.test_dashboard import look_at

    open_dashboard(dash_duo)
    resize(dash_duo, 1440, 900)
    dash_duo.driver.get(f"{dash_duo.server_url}/?regions=3")
    look_at(dash_duo, "#directory-grid")
    listed = expected.partnerships_in_region(DEFAULT_DATA_DIR, 3)
    statuses = [p["status"] for p in listed]
    assert len(set(statuses)) > 1, "region 3 lists partnerships of more than one status"
    dash_duo.wait_for_text_to_equal("#directory-count", expected.directory_count(statuses, len(listed)), timeout=20)
    active = len(expected.active_partnerships(DEFAULT_DATA_DIR, region=3))
    assert f"{active} active" in dash_duo.find_element("#directory-count").text
    # Every header and every partnership's name is whole on screen (wrapped, never cut with "…").
    cut = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#directory-grid .ag-header-cell-text, "
        '#directory-grid .ag-row [col-id="name"] .ag-cell-value, #directory-grid .ag-row [col-id="regions"] '
        ".ag-cell-value')).filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)"
        ".map((e) => e.textContent);"
    )
    assert cut == [], cut
    cells = {
        row.find_element("css selector", "[col-id='name']").text: row
        for row in dash_duo.find_elements("#directory-grid .ag-center-cols-container .ag-row")
    }
    several = [p for p in listed if len(p["regions"].split(";")) > 1]
    assert several
    for p in several:
        regions = cells[p["name"]].find_element("css selector", "[col-id='regions']").text
        assert regions.startswith("3 Denver Metro (selected); also "), regions
    for p in listed:
        convener = cells[p["name"]].find_element("css selector", "[col-id='convener']").text
        assert convener == (p.get("convener", "").strip() or "not published"), (p["name"], convener)
    assert dash_duo.get_logs() == []


def test_the_directory_count_is_said_truly_for_any_rows(dash_duo) -> None:  # type: ignore[no-untyped-def]
    """The count line is written in the browser (assets/directory.js): checked there against an oracle."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests import expected

    open_dashboard(dash_duo)
    count = "return window.dash_clientside.directory.count(arguments[0], arguments[1]);"

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(["active", "emerging", "inactive"]), max_size=12), st.integers(0, 4))
    def check(statuses: list[str], hidden: int) -> None:
        rows = [{"status": s} for s in statuses] + [{"status": "active"}] * hidden
        shown = rows[: len(statuses)]
        said = dash_duo.driver.execute_script(count, shown, rows)
        assert said == expected.directory_count(statuses, len(rows))
        assert not re.search(r"\b1 partnerships\b", said) and not re.match(
            r"0 of \d+ partnerships? in the selection shown:", said
        )

    check()
    assert dash_duo.driver.execute_script(count, None, [{"status": "active"}]) == (
        "1 of 1 partnership in the selection shown: active."
    )


def test_on_a_phone_the_region_profile_shows_every_partnership_whole(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from dashboard.data.config import DEFAULT_DATA_DIR
    from tests import expected
    from tests.browser.test_call_ready import resize
    from tests.browser.test_dashboard import look_at

    open_dashboard(dash_duo)
    resize(dash_duo, 390, 844)
    dash_duo.driver.get(f"{dash_duo.server_url}/?regions=3&view=region")
    look_at(dash_duo, "#region-profile")
    dash_duo.wait_for_contains_text("#region-profile", "active partnerships covering Region 3", timeout=20)
    lines = [li for li in dash_duo.find_elements("#region-profile .profile-lines li") if li.is_displayed()]
    active = expected.active_partnerships(DEFAULT_DATA_DIR, region=3)
    assert len(lines) == len(active)
    profile = dash_duo.find_element("#region-profile")
    width = profile.rect["width"]
    for line in lines:
        assert line.rect["x"] >= profile.rect["x"] and line.rect["x"] + line.rect["width"] <= profile.rect["x"] + width
        assert "business" in line.text and "convener" in line.text, line.text
    assert sorted(li.text.split(":")[0] for li in lines) == sorted(p["name"] for p in active)
    # Nothing in the profile is wider than its box: no column is out of sight to the right.
    overflow = dash_duo.driver.execute_script(
        "const edge = document.querySelector('#region-profile').getBoundingClientRect().right + 1;"
        "return Array.from(document.querySelectorAll('#region-profile *')).filter((e) => e.offsetParent !== null"
        " && e.getBoundingClientRect().right > edge).map((e) => e.tagName + ' ' + e.textContent.slice(0, 40));"
    )
    assert overflow == [], overflow
    assert dash_duo.get_logs() == []


def test_the_published_figures_read_claim_by_claim_with_each_note_said_once(dash_duo) -> None:  # type: ignore[no-untyped-def]
    from dashboard.data.config import DEFAULT_DATA_DIR
    from tests import expected

    open_dashboard(dash_duo)
    panel = dash_duo.find_element("#published")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView()", panel)
    reported = expected.rows(DEFAULT_DATA_DIR, "reported.csv")
    rows = [[td.text for td in tr.find_elements("css selector", "td")] for tr in
            dash_duo.find_elements("#published-table tbody tr")]  # fmt: skip
    assert len(rows) == len(reported)
    # The conflicts come first: the differences are listed above the table.
    differences = dash_duo.find_element("#published-differences")
    assert differences.location["y"] < dash_duo.find_element("#published-table").location["y"]
    # Claim by claim: the two business figures sit together; a comparison is said once per claim.
    names = [r[0] for r in rows]
    first = names.index("Businesses actively involved")
    assert names[first + 1] == "Businesses actively involved"
    compared = [r[4] for r in rows if r[4] not in ("Not counted in this data.", "As above.")]
    assert compared and len(compared) == len(set(compared)), compared
    assert any(r[4] == "As above." for r in rows)  # 25 and "over 20" partnerships: one claim, one count
    # Each source once, numbered, and cited by its number in the table.
    sources = [li.text for li in dash_duo.find_elements("#published-sources li")]
    cited = {source for r in reported for source in [r["source"]]}
    assert len(sources) == len(cited) == len(set(sources))
    assert all(r[2].startswith("[") and "]" in r[2] for r in rows)
    # No sentence of a note is said in two rows: what a source's notes share is said once, with the source.
    sentences = [s for r in rows for s in re.split(r"(?<=[.!?])\s+", r[5]) if s]
    assert len(sentences) == len(set(sentences)), sentences
    assert any("SMIAC" in s for s in sources)
    assert dash_duo.get_logs() == []
