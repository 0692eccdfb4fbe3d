"""The URL ⇄ selection codec and what each interaction does to the selection."""

from __future__ import annotations

import pytest

from dashboard.metrics import Selection
from dashboard.state import (
    clicked_region,
    next_selection,
    search_from_selection,
    selection_from_search,
    toggle_industry,
    toggle_region,
)

REGIONS = list(range(1, 15))
INDUSTRIES = ["Healthcare", "Manufacturing", "Tourism & Outdoor Recreation"]
IDS = {"url": "url", "map": "map", "industry_chart": "bars", "reset": "reset", "gap_button": "gap"}


@pytest.mark.parametrize(
    "selection",
    [
        Selection(),
        Selection.of([3]),
        Selection.of([3, 7, 14]),
        Selection.of([], "Healthcare"),
        Selection.of([], "Tourism & Outdoor Recreation"),
        Selection.of([], None, "businesses"),
        Selection.of([2, 11], "Manufacturing", "industries"),
    ],
)
def test_url_round_trip(selection: Selection) -> None:
    assert selection_from_search(search_from_selection(selection), REGIONS, INDUSTRIES) == selection


def test_url_shape() -> None:
    selection = Selection.of([7, 3], "Tourism & Outdoor Recreation", "businesses")
    assert (
        search_from_selection(selection) == "?regions=3%2C7&industry=Tourism+%26+Outdoor+Recreation&metric=businesses"
    )
    assert search_from_selection(Selection()) == ""


def test_bad_url_values_are_dropped() -> None:
    selection = selection_from_search("?regions=3,99,x,&industry=Mining&metric=bogus", REGIONS, INDUSTRIES)
    assert selection == Selection.of([3])


def test_toggles() -> None:
    assert toggle_region(Selection.of([3]), 7).regions == (3, 7)
    assert toggle_region(Selection.of([3, 7]), 3).regions == (7,)
    assert toggle_industry(Selection(), "Healthcare").industry == "Healthcare"
    assert toggle_industry(Selection.of([], "Healthcare"), "Healthcare").industry is None


def test_clicked_region_reads_map_and_gap_marker_clicks() -> None:
    assert clicked_region({"points": [{"location": "12"}]}) == 12
    assert clicked_region({"points": [{"customdata": ["Region 10 · West Central", "No active partnership"]}]}) == 10
    assert clicked_region(None) is None and clicked_region({"points": []}) is None


def transition(trigger: object, current: Selection, **kwargs: object) -> Selection:
    arguments = {"search": None, "map_click": None, "industry_click": None, **kwargs}
    return next_selection(trigger, current, regions=REGIONS, industries=INDUSTRIES, ids=IDS, **arguments)  # type: ignore[arg-type]


def test_next_selection_for_each_interaction() -> None:
    start = Selection.of([3], "Healthcare", "businesses")
    assert transition(None, Selection(), search="?regions=5") == Selection.of([5])
    assert transition("url", start, search="") == Selection()
    assert transition("map", start, map_click={"points": [{"location": "7"}]}) == Selection.of(
        [3, 7], "Healthcare", "businesses"
    )
    assert transition("map", start, map_click={"points": [{"location": "3"}]}) == Selection.of(
        [], "Healthcare", "businesses"
    )
    assert transition("bars", start, industry_click={"points": [{"customdata": "Healthcare"}]}).industry is None
    assert transition("bars", start, industry_click={"points": [{"customdata": "Mining"}]}) == start
    assert transition("reset", start) == Selection.of([], None, "businesses")
    assert transition({"type": "gap", "region": 12}, start) == Selection.of([12], "Healthcare", "businesses")
    assert transition("control-regions", start) == start
