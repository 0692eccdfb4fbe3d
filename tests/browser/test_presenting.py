"""Presenting and sharing in headless Chromium: year slider, links, saved views, slides, theme."""

from __future__ import annotations

import glob
import io
import os
import struct

from pptx import Presentation
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.data.config import DEFAULT_DATA_DIR
from tests import expected
from tests.browser.test_dashboard import click, open_dashboard, search_of, wait_until, wait_until_idle

PRESENT_TITLE = "#present-title"


SAVED_NAMES = "return [...document.querySelectorAll('#share-saved-list .saved-view-link')].map(e => e.textContent)"


def downloaded(pattern: str) -> bool:
    """A finished download: Chromium writes to a .crdownload file and renames it when complete."""
    found = glob.glob(pattern)
    return bool(found) and os.path.getsize(found[0]) > 0 and not glob.glob(pattern + ".crdownload")


def saved_names(dash_duo) -> list[str]:  # type: ignore[no-untyped-def]
    """The saved views' names, read in one step (the list is re-rendered as it changes)."""
    return list(dash_duo.driver.execute_script(SAVED_NAMES))


def press(dash_duo, key: str) -> None:  # type: ignore[no-untyped-def]
    ActionChains(dash_duo.driver).send_keys(key).perform()


def slide_title_is(dash_duo, title: str, position: str) -> None:  # type: ignore[no-untyped-def]
    dash_duo.wait_for_text_to_equal(PRESENT_TITLE, title, timeout=15)
    dash_duo.wait_for_text_to_equal("#present-position", position)


def test_presentation_by_keyboard_alone(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    present = dash_duo.find_element("#present-start")
    dash_duo.driver.execute_script("arguments[0].focus()", present)
    present.send_keys(Keys.ENTER)
    slide_title_is(dash_duo, "Statewide coverage", "Slide 1 of 5")
    assert dash_duo.find_element("#presentation").get_attribute("hidden") is None
    wait_until(lambda: dash_duo.driver.switch_to.active_element.get_attribute("id") == "present-title")
    figures = dash_duo.find_element("#present-figures").text
    covered = expected.regions_covered(DEFAULT_DATA_DIR)
    assert f"{len(expected.active_partnerships(DEFAULT_DATA_DIR))}\nActive partnerships" in figures
    assert f"{len(covered)} of 14\nRegions covered" in figures
    gaps = ", ".join(str(r) for r in sorted(set(range(1, 15)) - covered)[:-1])
    assert f"regions have no active partnership: {gaps} and" in dash_duo.find_element("#present-insights").text

    press(dash_duo, Keys.ARROW_RIGHT)
    slide_title_is(dash_duo, "Growth", "Slide 2 of 5")
    press(dash_duo, Keys.PAGE_DOWN)
    slide_title_is(dash_duo, "Impact", "Slide 3 of 5")
    press(dash_duo, Keys.ARROW_LEFT)
    slide_title_is(dash_duo, "Growth", "Slide 2 of 5")
    press(dash_duo, Keys.END)
    slide_title_is(dash_duo, "Region profile", "Slide 5 of 5")
    press(dash_duo, Keys.PAGE_DOWN)  # past the end: stays on the last slide
    wait_until_idle(dash_duo)  # the key's round trip has finished, whatever it did
    slide_title_is(dash_duo, "Region profile", "Slide 5 of 5")
    press(dash_duo, Keys.HOME)
    slide_title_is(dash_duo, "Statewide coverage", "Slide 1 of 5")
    press(dash_duo, Keys.ESCAPE)
    wait_until(lambda: dash_duo.find_element("#presentation").get_attribute("hidden") is not None)
    wait_until(lambda: dash_duo.driver.switch_to.active_element.get_attribute("id") == "present-start")
    assert dash_duo.get_logs() == []


def test_year_slider_and_play_show_coverage_year_by_year(dash_duo) -> None:  # type: ignore[no-untyped-def]
    latest = expected.latest_year(DEFAULT_DATA_DIR)
    year = latest - 8
    running = expected.partnerships_running(DEFAULT_DATA_DIR, year)
    open_dashboard(dash_duo, search=f"?year={year}")
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(running)), timeout=20)
    covered = expected.regions_of(DEFAULT_DATA_DIR, running)
    dash_duo.wait_for_text_to_equal("#card-regions", f"{len(covered)} of 14")
    dash_duo.wait_for_text_to_equal("#card-businesses", f"{expected.businesses_in(DEFAULT_DATA_DIR, year):,}")
    gaps = sorted(set(range(1, 15)) - covered)
    dash_duo.wait_for_contains_text(
        "#insights", f"In {year} (sample membership), {len(gaps)} of 14 regions have no active partnership"
    )

    # The slider by keyboard: one year on.
    handle = dash_duo.find_element("#control-year [role='slider']")
    handle.send_keys(Keys.ARROW_RIGHT)
    wait_until(lambda: search_of(dash_duo) == f"?year={year + 1}")
    next_running = expected.partnerships_running(DEFAULT_DATA_DIR, year + 1)
    dash_duo.wait_for_text_to_equal("#card-partnerships", str(len(next_running)))

    # Play runs to the latest year and stops; the latest year is the default, so the link drops it.
    click(dash_duo, dash_duo.find_element("#control-year-play"))
    wait_until(lambda: search_of(dash_duo) == "", timeout=30)
    dash_duo.wait_for_text_to_equal("#card-businesses", f"{expected.businesses_now(DEFAULT_DATA_DIR):,}")
    dash_duo.wait_for_text_to_equal("#control-year-play", "▶ Play")
    assert dash_duo.find_element("#control-year-play").get_attribute("aria-pressed") == "false"
    assert dash_duo.get_logs() == []


def test_link_saved_views_and_presenting_the_sequence(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo, search="?regions=7&view=gaps")
    dash_duo.wait_for_text_to_equal("#card-regions", "Yes", timeout=20)
    wait_until(lambda: dash_duo.find_element("#share-url").get_attribute("value").endswith("/?regions=7&view=gaps"))
    click(dash_duo, dash_duo.find_element("#share-copy-link"))
    dash_duo.wait_for_contains_text("#share-copy-status", "Link copied")

    click(dash_duo, dash_duo.find_element(".saved-views-panel > summary"))  # the saved views fold away
    dash_duo.find_element("#share-save-name").send_keys("Pueblo gaps")
    click(dash_duo, dash_duo.find_element("#share-save-view"))
    wait_until(lambda: saved_names(dash_duo) == ["Pueblo gaps"], message=lambda: saved_names(dash_duo))
    assert dash_duo.find_element("#share-save-name").get_attribute("value") == ""

    click(dash_duo, dash_duo.find_element("#control-reset"))  # statewide, still the gaps view
    wait_until(lambda: search_of(dash_duo) == "?view=gaps")
    click(dash_duo, dash_duo.find_element("#share-save-view"))  # no name: described for you
    latest = expected.latest_year(DEFAULT_DATA_DIR)
    statewide = f"Gaps: regions × industries — Statewide; all industries; {latest}"
    wait_until(lambda: saved_names(dash_duo) == ["Pueblo gaps", statewide], message=lambda: saved_names(dash_duo))
    click(dash_duo, dash_duo.find_element(f"[aria-label='Move “{statewide}” up']"))
    wait_until(lambda: saved_names(dash_duo) == [statewide, "Pueblo gaps"], message=lambda: saved_names(dash_duo))

    # Saved in the browser: still there after a reload.
    dash_duo.driver.refresh()
    wait_until(lambda: saved_names(dash_duo) == [statewide, "Pueblo gaps"], timeout=20)
    wait_until_idle(dash_duo)
    click(dash_duo, dash_duo.find_element("#present-start"))
    # The unnamed view's name carries its scope; on the slide the scope is the subtitle, not said twice.
    slide_title_is(dash_duo, "Gaps: regions × industries", "Slide 1 of 2")
    press(dash_duo, Keys.ARROW_RIGHT)
    slide_title_is(dash_duo, "Pueblo gaps", "Slide 2 of 2")
    dash_duo.wait_for_contains_text("#present-subtitle", "Region 7 · Pueblo")
    press(dash_duo, Keys.ESCAPE)
    wait_until(lambda: dash_duo.find_element("#presentation").get_attribute("hidden") is not None)

    # A saved view is also a link: following it opens that view.
    wait_until_idle(dash_duo)
    click(dash_duo, dash_duo.find_element(".saved-views-panel > summary"))
    click(dash_duo, dash_duo.find_elements("#share-saved-list .saved-view-link")[1])
    wait_until(lambda: search_of(dash_duo) == "?regions=7&view=gaps")
    dash_duo.wait_for_text_to_equal("#card-regions", "Yes")
    assert dash_duo.get_logs() == []


def test_slides_download_matches_the_screen(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo, search="?regions=7&industry=Healthcare")
    dash_duo.wait_for_text_to_equal("#card-regions", "Yes", timeout=20)
    wait_until_idle(dash_duo)
    on_screen = {
        "Active partnerships": dash_duo.find_element("#card-partnerships").text,
        "Region covered": dash_duo.find_element("#card-regions").text,
        "Businesses engaged (sample)": dash_duo.find_element("#card-businesses").text,
    }
    insights = [li.text for li in dash_duo.find_elements("#insights li")]
    click(dash_duo, dash_duo.find_element("#export-pptx-view"))
    pattern = os.path.join(dash_duo.download_path, "*.pptx")
    wait_until(lambda: downloaded(pattern), timeout=60)
    with open(glob.glob(pattern)[0], "rb") as handle:
        deck = Presentation(io.BytesIO(handle.read()))
    assert len(deck.slides) == 1
    shapes = {shape.name: shape for shape in deck.slides[0].shapes}
    for label, value in on_screen.items():
        assert shapes[f"Key figure: {label}"].text_frame.text == f"{value}\n{label}"
    assert shapes["Insights"].text_frame.text == "\n".join(f"• {s}" for s in insights)
    assert "SAMPLE DATA" in shapes["Footer"].text_frame.text
    # The title names the view; the scope is said once, under it.
    assert shapes["Title"].text_frame.text == "Coverage by region"
    assert shapes["Scope"].text_frame.text.startswith("Region 7 · Pueblo; Healthcare;")
    dash_duo.wait_for_contains_text("#export-status", "Saved a deck of 1 slide")

    # The chart as an image, 1600 × 900, that stands alone (its title and sources are drawn in: unit tests).
    click(dash_duo, dash_duo.find_element("#export-png"))
    images = os.path.join(dash_duo.download_path, "*.png")
    wait_until(lambda: downloaded(images), timeout=60)
    with open(glob.glob(images)[0], "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", header[16:24]) == (1600, 900)
    dash_duo.wait_for_contains_text("#export-status", "Saved an image of")
    assert dash_duo.get_logs() == []


def test_dark_theme_is_remembered_and_charts_follow_it(dash_duo) -> None:  # type: ignore[no-untyped-def]
    open_dashboard(dash_duo)
    html = dash_duo.find_element("html")
    assert html.get_attribute("data-bs-theme") == "light"
    click(dash_duo, dash_duo.find_element("label[for='control-theme']"))
    wait_until(lambda: html.get_attribute("data-bs-theme") == "dark")
    fill = "return getComputedStyle(document.querySelector('#industry-chart .ytick text')).fill"
    wait_until(lambda: dash_duo.driver.execute_script(fill) == "rgb(233, 236, 239)")
    dash_duo.driver.refresh()
    dash_duo.wait_for_element("#coverage-region-map path.choroplethlocation", timeout=20)
    wait_until(lambda: dash_duo.find_element("html").get_attribute("data-bs-theme") == "dark")
    assert dash_duo.find_element("#control-theme").is_selected()
    assert dash_duo.get_logs() == []
