"""What a staff member sees on opening the link: each point measured from the rendered page, in headless
Chromium, as a person would see it (colours as drawn, boxes as laid out)."""

from __future__ import annotations

import time
from typing import Any

from tests.browser.test_dashboard import click, open_dashboard, wait_until, wait_until_idle

# Each region number on the map: its rendered colour, and the fill under its centre with that fill's
# opacity, seen against the panel the map sits on.
NUMBERS_AND_FILLS = """
const panel = getComputedStyle(document.querySelector('#coverage-region-map').closest('.card')).backgroundColor;
return Array.from(document.querySelectorAll('#coverage-region-map .scattergeo text')).map((text) => {
  const box = text.getBoundingClientRect();
  // The regions take no pointer events (a drag layer covers them): find the one whose shape holds the point.
  const under = Array.from(document.querySelectorAll('#coverage-region-map path.choroplethlocation')).find((path) => {
    const centre = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2);
    return path.isPointInFill(centre.matrixTransform(path.getScreenCTM().inverse()));
  });
  const style = under ? getComputedStyle(under) : null;
  return {number: text.textContent, colour: getComputedStyle(text).fill, panel: panel,
          fill: style ? style.fill : null,
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


def number_contrasts(dash_duo: Any) -> dict[str, float]:
    """Each region number's contrast with what is drawn under it (the fill, blended with the panel)."""
    found: dict[str, float] = {}
    for item in dash_duo.driver.execute_script(NUMBERS_AND_FILLS):
        assert item["fill"] is not None, f"no region under number {item['number']}"
        fill, panel, opacity = rgb(item["fill"]), rgb(item["panel"]), item["opacity"]
        seen = tuple(f * opacity + p * (1 - opacity) for f, p in zip(fill, panel, strict=True))
        found[item["number"]] = contrast(rgb(item["colour"]), seen)
    return found


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
