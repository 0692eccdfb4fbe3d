"""The URL ⇄ selection codec and what each interaction does to the selection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.state import (
    Selection,
    clicked_region,
    foreign_regions,
    link_scheme,
    next_selection,
    search_from_selection,
    selection_from_search,
    toggle_industry,
    toggle_region,
)
from dashboard.analysis.text import foreign_link_notice
from dashboard.data.geography import load_geography

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
    assert selection_from_search(search_from_selection(selection, scheme=""), REGIONS, INDUSTRIES) == selection


def test_url_shape() -> None:
    selection = Selection.of([7, 3], "Tourism & Outdoor Recreation", "businesses")
    said = search_from_selection(selection, scheme="")
    assert said == "?regions=3,7&industry=Tourism+%26+Outdoor+Recreation&metric=businesses"
    assert search_from_selection(Selection(), scheme="") == ""


def test_bad_url_values_are_dropped() -> None:
    selection = selection_from_search("?regions=3,99,x,&industry=Mining&metric=bogus", REGIONS, INDUSTRIES)
    assert selection == Selection.of([3])


def test_toggles() -> None:
    assert toggle_region(Selection.of([3]), 7).regions == (3, 7)
    assert toggle_region(Selection.of([3, 7]), 3).regions == (7,)
    assert toggle_industry(Selection(), "Healthcare").industry == "Healthcare"
    assert toggle_industry(Selection.of([], "Healthcare"), "Healthcare").industry is None


def test_map_and_bar_clicks_keep_the_year_and_the_view() -> None:
    past = Selection.of([3], None, "businesses", 2016, "gaps")
    assert toggle_region(past, 7) == Selection.of([3, 7], None, "businesses", 2016, "gaps")
    assert toggle_industry(past, "Healthcare") == Selection.of([3], "Healthcare", "businesses", 2016, "gaps")


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


# --------------------------------------------------------------------------------------------
# Year and view in the URL; saved views; stepping through slides

YEARS = list(range(2013, 2025))


@pytest.mark.parametrize(
    ("selection", "search"),
    [
        (Selection.of([3, 7]), "?regions=3,7"),
        (Selection.of(industry="Healthcare"), "?industry=Healthcare"),
        (Selection.of(metric="industries"), "?metric=industries"),
        (Selection.of(year=2016), "?year=2016"),
        (Selection.of(view="gaps"), "?view=gaps"),
        (
            Selection.of([12], "Manufacturing", "businesses", 2019, "region"),
            "?regions=12&industry=Manufacturing&metric=businesses&year=2019&view=region",
        ),
    ],
)
def test_each_state_element_round_trips_through_the_url(selection: Selection, search: str) -> None:
    assert search_from_selection(selection, scheme="") == search
    assert selection_from_search(search, REGIONS, INDUSTRIES, YEARS) == selection


@pytest.mark.parametrize(
    "search",
    ["?year=1999", "?year=2024", "?year=twenty", "?year=", "?view=nowhere", "?view=", "?year=2016.5"],
)
def test_unknown_year_or_view_opens_the_default(search: str) -> None:
    """The latest year is the default, so a link never carries it; junk is dropped, not an error."""
    selection = selection_from_search(search, REGIONS, INDUSTRIES, YEARS)
    assert selection.year is None and selection.view == "coverage"


def test_reset_keeps_metric_and_view_and_clears_the_rest() -> None:
    current = Selection.of([3], "Healthcare", "businesses", 2016, "gaps")
    after = next_selection(
        "reset", current, search="", map_click=None, industry_click=None, regions=REGIONS,
        industries=INDUSTRIES, ids=IDS, years=YEARS,
    )  # fmt: skip
    assert after == Selection.of(metric="businesses", view="gaps")


def test_saved_views_edit_and_clean() -> None:
    from dashboard.analysis.state import MAX_SAVED_VIEWS, add_to_sequence, clean_sequence, edit_sequence, saved_view

    views = [saved_view(name, f"?regions={i}", "fallback") for i, name in enumerate(["A", "B", "C"], start=1)]
    assert [v["name"] for v in edit_sequence(views, "up", 2)] == ["A", "C", "B"]
    assert [v["name"] for v in edit_sequence(views, "down", 0)] == ["B", "A", "C"]
    assert [v["name"] for v in edit_sequence(views, "remove", 1)] == ["A", "C"]
    assert edit_sequence(views, "up", 0) == views and edit_sequence(views, "down", 2) == views
    assert edit_sequence(views, "remove", 7) == views
    assert saved_view("   ", "?view=gaps", "Gaps — Statewide")["name"] == "Gaps — Statewide"
    assert saved_view("  Two   spaces ", "", "x")["name"] == "Two spaces"
    # What comes back from the browser's storage is checked, not trusted.
    assert clean_sequence([{"name": "ok", "search": "?x"}, {"name": 3}, "junk", None]) == [
        {"name": "ok", "search": "?x"}
    ]
    assert clean_sequence({"not": "a list"}) == []
    many = views
    for i in range(MAX_SAVED_VIEWS + 5):
        many = add_to_sequence(many, saved_view(f"V{i}", "", "x"))
    assert len(many) == MAX_SAVED_VIEWS and many[-1]["name"] == f"V{MAX_SAVED_VIEWS + 4}"


def test_slide_steps_stay_in_the_sequence() -> None:
    from dashboard.analysis.state import step_slide

    assert [step_slide(0, 5, a) for a in ("next", "previous", "first", "last")] == [1, 0, 0, 4]
    assert step_slide(4, 5, "next") == 4 and step_slide(9, 5, "stay") == 4 and step_slide(0, 0, "next") == 0


def test_the_latest_year_from_the_slider_never_reaches_the_url_whatever_the_trigger() -> None:
    current = Selection.of([3], None, "partnerships", 2024, "coverage")
    for trigger in ("gap", "map", "reset", "something-else"):
        after = next_selection(
            {"type": "gap", "region": 12} if trigger == "gap" else trigger, current, search="",
            map_click={"points": [{"location": "7"}]}, industry_click=None, regions=REGIONS,
            industries=INDUSTRIES, ids=IDS, years=YEARS,
        )  # fmt: skip
        assert after.year is None and "year" not in search_from_selection(after, scheme=""), trigger


# --------------------------------------------------------------------------------------------
# Links name their region scheme: another scheme's region numbers are not taken for this one's.


def test_a_link_made_on_another_scheme_opens_without_its_regions() -> None:
    colorado_link = "?regions=5,7&industry=Healthcare"
    # On the default scheme (Colorado's) the link is its own, as every link made before schemes.
    assert selection_from_search(colorado_link, REGIONS, INDUSTRIES) == Selection.of([5, 7], "Healthcare")
    assert foreign_regions(colorado_link, "") == []
    # On Washington's (tag wa12) the same numbers are other regions: left out, and said which.
    assert selection_from_search(colorado_link, REGIONS, INDUSTRIES, scheme="wa12") == Selection.of([], "Healthcare")
    assert foreign_regions(colorado_link, "wa12") == [5, 7]
    # Washington's links say whose they are, and read back on Washington's scheme only.
    ours = search_from_selection(Selection.of([5]), scheme="wa12")
    assert ours == "?regions=5&scheme=wa12"
    assert selection_from_search(ours, REGIONS, INDUSTRIES, scheme="wa12") == Selection.of([5])
    assert selection_from_search(ours, REGIONS, INDUSTRIES) == Selection()
    assert foreign_regions(ours, "") == [5] and link_scheme(ours) == "wa12"
    # A link with no regions is anyone's: it names nothing that depends on the scheme.
    assert search_from_selection(Selection.of(industry="Healthcare"), scheme="wa12") == "?industry=Healthcare"
    assert foreign_regions("?industry=Healthcare", "wa12") == []


@settings(deadline=None)  # the first example reads the geography
@given(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=6, unique=True))
def test_the_foreign_link_notice_reads_for_one_and_many(named: list[int]) -> None:
    geography = load_geography()
    said = foreign_link_notice(sorted(named), geography, "another region scheme (“wa12”)")
    numbers = [str(n) for n in sorted(named)]
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    which = ("region " if len(named) == 1 else "regions ") + listed
    assert said == (
        "This link was made for another region scheme (“wa12”), not the 14 economic development regions in use "
        f"here, so the view opens without its {which}."
    )
