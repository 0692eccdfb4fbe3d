"""Call-ready on every screen: WCAG 2.1 AA (axe-core) in every state, the first screen, the phone,
slides that fit at projector sizes, and the page's links and clicks keeping the view.

Expected numbers are counted from the CSV files (tests/expected.py).
"""

from __future__ import annotations

import functools
import time
from itertools import combinations
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.data.config import DEFAULT_DATA_DIR
from tests import expected
from tests.browser.a11y import assert_accessible
from tests.browser.test_dashboard import (
    GAP_MARKERS,
    MAP_PATHS,
    click,
    look_at,
    open_dashboard,
    search_of,
    wait_until,
    wait_until_idle,
)

VIEWS = ("industries", "growth", "gaps", "impact", "region")
SLIDE_PARTS = (
    ".present-bar", "#present-title", "#present-subtitle", ".present-side", "#present-chart-title",
    "#present-graph", "#present-caption", "#present-footer",
)  # fmt: skip
RECT = "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];"


def resize(dash_duo, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """The viewport (not the window) at exactly this size, as a screen of that size shows the page."""
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    time.sleep(0.6)
    wait_until_idle(dash_duo)


def visit(dash_duo, search: str) -> None:  # type: ignore[no-untyped-def]
    dash_duo.driver.get(f"{dash_duo.server_url}/{search}")
    dash_duo.wait_for_element(MAP_PATHS, timeout=20)
    wait_until_idle(dash_duo)


def rect(dash_duo, element: Any) -> list[float]:  # type: ignore[no-untyped-def]
    return list(dash_duo.driver.execute_script(RECT, element))


def overlap(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def contrast(foreground: str, background: str) -> float:
    def luminance(css: str) -> float:
        numbers = [float(n) for n in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
        channels = [c / 255 for c in numbers]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FOCUS_STYLE = """
const el = arguments[0];
el.focus();
const style = getComputedStyle(el);
let node = el.parentElement, bg = 'rgba(0, 0, 0, 0)';
while (node) {
  const b = getComputedStyle(node).backgroundColor;
  if (b && !b.startsWith('rgba(0, 0, 0, 0)') && !b.endsWith(', 0)')) { bg = b; break; }
  node = node.parentElement;
}
return [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor, bg || 'rgb(255, 255, 255)'];
"""


def assert_focus_visible(dash_duo, theme: str) -> None:  # type: ignore[no-untyped-def]
    """Every kind of control shows a focus ring of at least 2 px at 3:1 or more against what is behind it."""
    ActionChains(dash_duo.driver).send_keys(Keys.SHIFT).perform()  # keyboard modality: :focus-visible applies
    for selector in ("#control-reset", "#share-copy-link", "#share-url", "#nav-data", "#control-industry",
                     "#directory-search", "#export-png", ".saved-views-panel > summary"):  # fmt: skip
        element = dash_duo.find_element(selector)
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        ActionChains(dash_duo.driver).send_keys(Keys.SHIFT).perform()
        style, width, colour, background = dash_duo.driver.execute_script(FOCUS_STYLE, element)
        assert style == "solid" and width >= 2, (theme, selector, style, width)
        ratio = contrast(colour, background if background.startswith("rgb") else "rgb(255, 255, 255)")
        assert ratio >= 3, (theme, selector, colour, background, ratio)


def test_every_page_state_passes_axe_and_the_first_screen_holds_the_map_and_insights(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    resize(dash_duo, 1440, 900)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    assert_accessible(dash_duo.driver, "default")
    # The first screen: the map (its top half at least) and the insights, above the fold.
    map_box = rect(dash_duo, dash_duo.find_element("#coverage-region-map"))
    insights = rect(dash_duo, dash_duo.find_element(".insights-panel"))
    assert map_box[1] < 900 - 200 and insights[3] <= 900, (map_box, insights)
    # Region numbers are written on the map; the ✕ markers are not hoverable, so never clickable.
    numbers = {t.text for t in dash_duo.find_elements("#coverage-region-map .scattergeo text")}
    assert {str(r) for r in range(1, 15)} <= numbers
    assert_focus_visible(dash_duo, "light")

    for search, state in [
        ("?regions=7", "a region"),
        ("?industry=Healthcare", "an industry"),
        ("?year=2016&metric=businesses", "a past year, businesses"),
        *[(f"?regions=7&view={view}", f"the {view} view") for view in VIEWS],
    ]:
        visit(dash_duo, search)
        assert_accessible(dash_duo.driver, state)
        view = search.split("view=")[-1] if "view=" in search else None
        if view:
            # A link to a view lands on its panel once the page has drawn, its heading focused.
            panel = dash_duo.find_element(f"#panel-{view}")

            def at_top(p: Any = panel) -> bool:
                return abs(rect(dash_duo, p)[1]) < 40

            def where(p: Any = panel) -> Any:
                return rect(dash_duo, p)

            wait_until(at_top, timeout=10, message=where)
            active = dash_duo.driver.switch_to.active_element
            assert active.get_attribute("id") == f"{'region-profile' if view == 'region' else view}-heading" or (
                active.tag_name == "h2" and panel.find_element("css selector", "h2") == active
            )

    # The business colour bar ticks at round numbers.
    visit(dash_duo, "?metric=businesses")
    ticks = [
        int(t.text.replace(",", "")) for t in dash_duo.find_elements("#coverage-region-map .colorbar .cbaxis text")
    ]
    assert ticks and all(t % 10 == 0 for t in ticks) and ticks == sorted(ticks), ticks

    dash_duo.find_element("#control-theme").click()
    wait_until(lambda: dash_duo.driver.execute_script("return document.documentElement.dataset.bsTheme") == "dark")
    time.sleep(0.5)
    assert_accessible(dash_duo.driver, "dark theme")
    assert_focus_visible(dash_duo, "dark")
    assert dash_duo.get_logs() == []


def test_clicks_keep_the_year_and_view_the_link_stays_current_and_one_line_announces(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo, search="?year=2016&view=gaps")
    running = expected.partnerships_running(DEFAULT_DATA_DIR, 2016)
    covered = expected.regions_of(DEFAULT_DATA_DIR, running)
    wait_until(lambda: len(dash_duo.find_elements(GAP_MARKERS)) == 14 - len(covered))
    live = (
        "return [...document.querySelectorAll('[aria-live]:not([aria-live=off])')]"
        ".filter(e => !e.closest('[hidden]')).map(e => e.textContent)"
    )
    before = dash_duo.driver.execute_script(live)

    # A click on Pueblo, and one on the ✕ of a gap region: each selects the region under the pointer.
    click(dash_duo, dash_duo.find_elements(MAP_PATHS)[6])
    wait_until(lambda: search_of(dash_duo) == "?regions=7&year=2016&view=gaps", message=lambda: search_of(dash_duo))
    wait_until(
        lambda: dash_duo.find_element("#share-url").get_attribute("value").endswith("?regions=7&year=2016&view=gaps")
    )
    wait_until_idle(dash_duo)
    after = dash_duo.driver.execute_script(live)
    changed = [text for old, text in zip(before, after, strict=True) if old != text]
    assert len(changed) == 1 and changed[0].startswith("Showing Region 7 · Pueblo"), changed
    assert len(changed[0]) < 120

    gap = sorted(set(range(1, 15)) - covered)[0]
    marker = dash_duo.find_elements(GAP_MARKERS)[0]
    click(dash_duo, marker)
    wait_until(
        lambda: search_of(dash_duo) == f"?regions=7,{gap}&year=2016&view=gaps", message=lambda: search_of(dash_duo)
    )

    # An industry bar keeps them too; zero rows are left out of the chart and named in its caption.
    look_at(dash_duo, "#industry-chart")  # drawn for the selection once it is in view
    bars = dash_duo.find_elements("#industry-chart .subplot.xy .barlayer .point")
    labels = [t.text for t in dash_duo.find_elements("#industry-chart .yaxislayer-above .ytick text")]
    assert len(bars) == len(labels) and all(label for label in labels)
    click(dash_duo, bars[-1])
    wait_until(
        lambda: (
            "year=2016" in search_of(dash_duo)
            and "view=gaps" in search_of(dash_duo)
            and "industry=" in search_of(dash_duo)
        )
    )
    dash_duo.wait_for_contains_text("#industry-chart-caption", "Not shown, with none in the selected regions")
    assert dash_duo.get_logs() == []


def test_the_directory_is_one_tab_stop(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    download = dash_duo.find_element("#directory-download")
    dash_duo.driver.execute_script("arguments[0].focus()", download)
    inside = "return !!document.activeElement.closest('#directory-grid .ag-root')"
    ActionChains(dash_duo.driver).send_keys(Keys.TAB).perform()
    wait_until(lambda: dash_duo.driver.execute_script(inside))
    ActionChains(dash_duo.driver).send_keys(Keys.ARROW_DOWN).perform()  # arrows move within
    assert dash_duo.driver.execute_script(inside)
    ActionChains(dash_duo.driver).send_keys(Keys.TAB).perform()
    wait_until(lambda: not dash_duo.driver.execute_script(inside))
    ActionChains(dash_duo.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    wait_until(lambda: dash_duo.driver.execute_script(inside))
    ActionChains(dash_duo.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    wait_until(lambda: dash_duo.driver.switch_to.active_element.get_attribute("id") == "directory-download")
    assert dash_duo.get_logs() == []


def slide_boxes(dash_duo) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    return {part: rect(dash_duo, dash_duo.find_element(part)) for part in SLIDE_PARTS}


PROJECTOR_SIZES = ((1366, 768), (1440, 900), (1920, 1080), (800, 600))
CHART_IN_BOX = """
const box = document.querySelector('.present-graph');
const svg = box.querySelector('.main-svg');
if (!svg) { return null; }
const b = box.getBoundingClientRect(), c = svg.getBoundingClientRect();
return {box: [b.left, b.top, b.right, b.bottom], chart: [c.left, c.top, c.right, c.bottom],
        scroll: [box.scrollHeight, box.clientHeight, box.scrollWidth, box.clientWidth]};
"""


def chart_in_box(dash_duo, report: bool = False) -> Any:  # type: ignore[no-untyped-def]
    """Whether the slide's chart is drawn whole inside its box and the box does not scroll."""
    found = dash_duo.driver.execute_script(CHART_IN_BOX)
    if report or found is None:
        return found if report else False
    box, chart, (tall, shown, wide, across) = found["box"], found["chart"], found["scroll"]
    return bool(chart[1] >= box[1] - 1 and chart[3] <= box[3] + 1 and chart[2] <= box[2] + 1 and tall <= shown + 1
                and wide <= across + 1)  # fmt: skip


def test_every_slide_fits_at_projector_sizes_passes_axe_and_keeps_focus_in_the_dialog(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    click(dash_duo, dash_duo.find_element("#present-start"))
    dash_duo.wait_for_text_to_equal("#present-position", "Slide 1 of 5", timeout=15)
    titles, said = [], []
    for index in range(5):
        wait_until_idle(dash_duo)
        titles.append(dash_duo.find_element("#present-title").text)
        said.append(dash_duo.find_element("#present-insights").text)
        assert dash_duo.find_element("#present-subtitle").text not in titles[-1]
        for width, height in PROJECTOR_SIZES:
            resize(dash_duo, width, height)
            time.sleep(0.4)
            # The chart is whole in its box, unscrolled (the gap matrix is laid out for the box: charts.js).
            wait_until(
                lambda: chart_in_box(dash_duo),
                10,
                functools.partial(lambda w, h: (titles[-1], w, h, chart_in_box(dash_duo, True)), width, height),
            )
            assert_accessible(dash_duo.driver, f"slide {index + 1} at {width}×{height}", "#presentation")
            boxes = slide_boxes(dash_duo)
            for part, box in boxes.items():
                assert box[0] >= -1 and box[1] >= -1 and box[2] <= width + 1 and box[3] <= height + 1, (
                    titles[-1],
                    width,
                    height,
                    part,
                    box,
                )
            for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
                assert not overlap(box_a, box_b), (titles[-1], width, height, a, b, box_a, box_b)
            side = dash_duo.find_element(".present-side")
            last = side.find_elements("css selector", "li")[-1]
            assert rect(dash_duo, last)[3] <= boxes[".present-side"][3] + 1, (titles[-1], width, "insights cut off")
        # Tab never leaves the dialog: round the slide bar's buttons and back.
        for _ in range(9):
            ActionChains(dash_duo.driver).send_keys(Keys.TAB).perform()
            assert dash_duo.driver.execute_script("return !!document.activeElement.closest('#presentation')")
        dash_duo.driver.execute_script("document.getElementById('present-title').focus()")
        ActionChains(dash_duo.driver).send_keys(Keys.ARROW_RIGHT).perform()
        if index < 4:
            dash_duo.wait_for_text_to_equal("#present-position", f"Slide {index + 2} of 5", timeout=15)
    assert len(set(titles)) == 5
    assert len(set(said)) == 5  # each slide says its own insights

    # A phone: the slide stacks and scrolls; Leave is on screen; nothing runs off the side.
    resize(dash_duo, 390, 844)
    leave = rect(dash_duo, dash_duo.find_element("#present-exit"))
    assert leave[2] <= 390 and leave[3] <= 120, leave
    bar = rect(dash_duo, dash_duo.find_element(".present-bar"))
    assert bar[3] - bar[1] <= 90, bar
    for part in ("#present-title", "#present-figures", "#present-insights", "#present-footer"):
        box = rect(dash_duo, dash_duo.find_element(part))
        assert box[0] >= 0 and box[2] <= 390, (part, box)
    assert_accessible(dash_duo.driver, "a slide on a phone")
    ActionChains(dash_duo.driver).send_keys(Keys.ESCAPE).perform()
    wait_until(lambda: dash_duo.find_element("#presentation").get_attribute("hidden") is not None)
    assert dash_duo.get_logs() == []


CHART_TEXT = """
const graph = arguments[0];
const svg = graph.querySelector('.main-svg');
const bounds = svg.getBoundingClientRect();
const texts = [];
graph.querySelectorAll('.main-svg text, .infolayer text').forEach((t) => {
  if (!t.textContent.trim() || t.closest('.hoverlayer') || getComputedStyle(t).opacity === '0') return;
  const box = t.getBBox();
  if (box.width === 0 || box.height === 0) return;
  // The glyphs' box as drawn, rotation included: its four corners on the screen.
  const m = t.getScreenCTM();
  const corners = [[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, box.y + box.height],
                   [box.x, box.y + box.height]].map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  texts.push([t.textContent.trim(), corners]);
});
return [[bounds.left, bounds.top, bounds.right, bounds.bottom], texts];
"""


def polygons_overlap(a: list[list[float]], b: list[list[float]], slack: float = 2.0) -> bool:
    """Two convex quadrilaterals overlap by more than `slack` px (separating axis test)."""
    for shape in (a, b):
        for i in range(len(shape)):
            x1, y1 = shape[i]
            x2, y2 = shape[(i + 1) % len(shape)]
            axis = (y1 - y2, x2 - x1)
            length = (axis[0] ** 2 + axis[1] ** 2) ** 0.5 or 1.0
            project_a = [(px * axis[0] + py * axis[1]) / length for px, py in a]
            project_b = [(px * axis[0] + py * axis[1]) / length for px, py in b]
            if min(max(project_a), max(project_b)) - max(min(project_a), min(project_b)) <= slack:
                return False
    return True


def test_on_a_phone_every_chart_is_readable_and_the_page_passes_axe(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo, search="?regions=7")
    resize(dash_duo, 390, 844)
    time.sleep(1.0)
    assert_accessible(dash_duo.driver, "a phone viewport")
    # The page never scrolls sideways; wide charts scroll inside their own box.
    assert dash_duo.driver.execute_script("return document.documentElement.scrollWidth") <= 390
    # The map fills the width with its colour key below it.
    map_box = rect(dash_duo, dash_duo.find_element("#coverage-region-map .main-svg"))
    key = rect(dash_duo, dash_duo.find_element("#coverage-region-map .colorbar"))
    assert map_box[2] - map_box[0] >= 300 and key[1] >= map_box[1] + 250, (map_box, key)  # was 205 px, 40% key
    # Year labels thinned: none touches another.
    visible = "return getComputedStyle(arguments[0]).visibility === 'visible'"
    marks = dash_duo.find_elements("#control-year .dash-slider-mark")
    shown = [rect(dash_duo, m) for m in marks if dash_duo.driver.execute_script(visible, m)]
    assert len(shown) >= 3 and not any(overlap(a, b, 0) for a, b in combinations(shown, 2))
    for graph_id in ("coverage-region-map", "industry-chart", "trend-chart", "gap-matrix", "impact-chart"):
        graph = dash_duo.find_element(f"#{graph_id}")
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", graph)
        time.sleep(0.3)
        bounds, texts = dash_duo.driver.execute_script(CHART_TEXT, graph)
        assert texts, graph_id
        for text, corners in texts:
            xs = [x for x, _ in corners]
            assert min(xs) >= bounds[0] - 1 and max(xs) <= bounds[2] + 1, (graph_id, text, corners, bounds)
        for (a, corners_a), (b, corners_b) in combinations(texts, 2):
            assert not polygons_overlap(corners_a, corners_b), (graph_id, a, b, corners_a, corners_b)
    assert dash_duo.get_logs() == []


PAGE_TOP = "return arguments[0].getBoundingClientRect().top + window.scrollY;"


def test_selecting_a_region_does_not_pull_the_charts_below_the_map_up_the_page(dash_duo) -> None:  # type: ignore[no-untyped-def]
    """Statewide, the cards beside the map compare the data with the published figures; a region has
    none, so its cards are shorter. The row keeps its height while the window keeps its width, so
    the charts under the map stay where a person last saw them."""
    open_dashboard(dash_duo)
    resize(dash_duo, 1400, 1000)
    industries = dash_duo.find_element("#panel-industries")
    statewide_top = dash_duo.driver.execute_script(PAGE_TOP, industries)
    assert "Published:" in dash_duo.find_element("#headline-cards").text

    # What a person opens in the row and closes again leaves no space behind.
    table_toggle = dash_duo.find_element("#panel-coverage summary")
    click(dash_duo, table_toggle)
    wait_until(lambda: dash_duo.driver.execute_script(PAGE_TOP, industries) > statewide_top + 100)
    click(dash_duo, table_toggle)
    wait_until(lambda: dash_duo.driver.execute_script(PAGE_TOP, industries) == statewide_top)

    denver = expected.active_partnerships(DEFAULT_DATA_DIR, region=3)
    click(dash_duo, dash_duo.find_elements(MAP_PATHS)[2])  # Region 3, Denver Metro
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(denver)))
    wait_until_idle(dash_duo)
    assert "Published:" not in dash_duo.find_element("#headline-cards").text
    assert dash_duo.driver.execute_script(PAGE_TOP, industries) == statewide_top

    # At another width the row finds its own height again: for the region, shorter than statewide.
    resize(dash_duo, 1300, 1000)
    resize(dash_duo, 1400, 1000)
    wait_until(lambda: dash_duo.driver.execute_script(PAGE_TOP, industries) < statewide_top)
    # On a phone the columns stack: nothing is held.
    resize(dash_duo, 390, 844)
    row = dash_duo.find_element(".steady-row")
    assert row.value_of_css_property("min-height") in ("0px", "auto")
    assert dash_duo.get_logs() == []


def test_on_an_old_projector_the_map_slide_shows_every_region_number_whole(dash_duo) -> None:  # type: ignore[no-untyped-def]
    """At 800 × 600 and 1024 × 768 the map on the first slide is small: every region's number, and
    every other word on it, is drawn inside the chart, none over another."""
    open_dashboard(dash_duo)
    click(dash_duo, dash_duo.find_element("#present-start"))
    dash_duo.wait_for_text_to_equal("#present-position", "Slide 1 of 5", timeout=15)
    assert dash_duo.find_element("#present-chart-title").text.startswith("Coverage by region")
    for width, height in ((800, 600), (1024, 768)):
        resize(dash_duo, width, height)
        time.sleep(0.4)
        bounds, texts = dash_duo.driver.execute_script(CHART_TEXT, dash_duo.find_element("#present-graph"))
        numbers = {text for text, _ in texts if text.isdigit() and 1 <= int(text) <= 14}
        assert numbers == {str(region) for region in range(1, 15)}, (width, numbers)
        for text, corners in texts:
            xs, ys = [x for x, _ in corners], [y for _, y in corners]
            inside = min(xs) >= bounds[0] - 1 and max(xs) <= bounds[2] + 1
            assert inside and min(ys) >= bounds[1] - 1 and max(ys) <= bounds[3] + 1, (width, text, corners, bounds)
        for (a, corners_a), (b, corners_b) in combinations(texts, 2):
            assert not polygons_overlap(corners_a, corners_b), (width, a, b, corners_a, corners_b)
    assert dash_duo.get_logs() == []
