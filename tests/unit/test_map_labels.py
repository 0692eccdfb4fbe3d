"""The map's region numbers: black or white, whichever reaches 4.5:1 against the fill drawn under it,
for any count on the colour scale, selected or faded. Contrast is computed here from WCAG's formula."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.metrics import region_values
from dashboard.analysis.state import Selection
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.files import load_dataset
from dashboard.output.figures import FADED_OPACITY, region_map, scale_colour


def wcag_contrast(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b_ = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def faded_over_white(colour: str) -> str:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c * FADED_OPACITY + 255 * (1 - FADED_OPACITY)):02x}" for c in rgb)


DATASET = load_dataset(DEFAULT_DATA_DIR)


def test_the_scale_colour_is_plotlys_at_the_stops() -> None:
    assert scale_colour(0, 0.5, 9) == "#e9ecef"  # a gap: grey
    assert scale_colour(9, 0.5, 9) == "#08306b" and scale_colour(1, 0.5, 9) not in ("#e9ecef", "#08306b")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=14, max_size=14), st.sets(st.integers(1, 14), max_size=4))
def test_every_number_reaches_4_5_to_1_on_its_fill(counts: list[int], selected: set[int]) -> None:
    frame = region_values(DATASET).copy()
    frame["partnerships"] = counts
    figure = region_map(DATASET.geography, frame, Selection.of(sorted(selected)))
    zmax = max(max(counts), 1.5)
    shown, faded = figure.data[2], figure.data[3]
    assert len(shown.text) + len(faded.text) == 14
    for trace, is_faded in ((shown, False), (faded, True)):
        for text, colour in zip(trace.text, trace.textfont.color, strict=True):
            region = int(text.strip("<b>/"))
            assert (region not in selected and bool(selected)) == is_faded
            fill = scale_colour(counts[region - 1], 0.5, zmax)
            seen = faded_over_white(fill) if is_faded else fill
            assert colour in ("#000000", "#ffffff") and wcag_contrast(colour, seen) >= 4.5, (region, fill, colour)
