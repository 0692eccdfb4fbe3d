"""Callbacks called as plain functions, as Dash would call them."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import copy_context
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plotly.utils import PlotlyJSONEncoder

from callbacks.drawing import TARGETS, VIEW_OUTPUTS, VIEWS, draw_views
from callbacks.seen import DEFERRED, EVERYTHING_IN_VIEW
from callbacks.selection import sync_selection
from dashboard import ids
from dashboard.analysis.metrics import years
from dashboard.analysis.state import VIEWS as VIEW_NAMES
from dashboard.analysis.state import Selection, normal_year
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.store.loading import get_dataset
from tests import expected
from tests.components import text_of, walk


def card_values(component: Any) -> dict[str, str]:
    """The value shown in each headline card, by the card's id (whole values, not substrings)."""
    return {c.id: text_of(c.children) for c in walk(component) if getattr(c, "id", None) in CARD_IDS}


CARD_IDS = {ids.CARD_PARTNERSHIPS, ids.CARD_REGIONS, ids.CARD_BUSINESSES, ids.CARD_INDUSTRIES}


def run_with_trigger(trigger: str, value: Any, function: Callable[..., Any], *args: Any) -> Any:
    def call() -> Any:
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": value}]))
        return function(*args)

    return copy_context().run(call)


@pytest.fixture(autouse=True)
def default_data(use_data_dir: Callable[[Path], None]) -> None:
    use_data_dir(DEFAULT_DATA_DIR)


def drawn(
    name: str,
    regions: list[int] | None = None,
    industry: str | None = None,
    metric: str = "partnerships",
    year: int = 2024,
) -> tuple[Any, ...]:
    """What the view `name` draws for a selection, as the controller would send it."""
    dataset = get_dataset()
    selection = Selection.of(regions, industry, metric, normal_year(year, years(dataset)))
    view = next(v for v in VIEWS if v.name == name)
    return view.draw(dataset, selection)


def update_cards(regions: list[int], industry: str | None, metric: str, year: int) -> Any:
    return drawn("cards", regions, industry, metric, year)[0]


def update_profile(regions: list[int], industry: str | None) -> Any:
    return drawn("profile", regions, industry)[0]


def test_map_update_is_a_small_patch_without_geometry() -> None:
    patch, caption, _table, summary = drawn("map", [3], "Healthcare", "businesses", 2024)
    encoded = json.dumps(patch.to_plotly_json())
    assert "geojson" not in encoded and "coordinates" not in encoded
    assert len(encoded) < 5_000, len(encoded)
    assert caption.startswith("10 of 14 regions have an active Healthcare partnership.")
    assert summary == "Showing Region 3 · Denver Metro; Healthcare; 2024. Map colour: businesses engaged."


def test_cards_follow_the_selection() -> None:
    cards = update_cards([], None, "partnerships", 2024)
    statewide = text_of(cards)
    d = DEFAULT_DATA_DIR
    assert card_values(cards) == {
        ids.CARD_PARTNERSHIPS: str(len(expected.active_partnerships(d))),
        ids.CARD_REGIONS: f"{len(expected.regions_covered(d))} of 14",
        ids.CARD_BUSINESSES: f"{expected.businesses_now(d):,}",
        ids.CARD_INDUSTRIES: str(len(expected.industries_covered(d))),
    }
    assert "Published: 25 (21 March 2024;" in statewide
    assert "more than 450 (undated;" in statewide and "more than 750 (undated;" in statewide
    assert "23 from “Sector Partnerships” and 5 named on other pages" in statewide
    assert "To quote a figure, quote the published 25; 28 is this data's own count." in statewide
    pueblo = text_of(update_cards([7], None, "partnerships", 2024))
    assert "Region covered Yes" in pueblo and "1 of 1" not in pueblo and "Published" not in pueblo


def test_gap_list_names_regions_10_12_14() -> None:
    _figure, caption, _table = drawn("gaps")
    listed = text_of(drawn("gap list")[0])
    for name in ("Region 10 · West Central", "Region 12 · Northwest Mountains", "Region 14 · South Central"):
        assert name in listed and name in caption


def test_profile_only_for_one_region() -> None:
    assert "Select a single region" in text_of(update_profile([], None))
    pueblo = text_of(update_profile([7], None))
    assert "Region 7 · Pueblo" in pueblo and "Southern Colorado Healthcare Sector Partnership" in pueblo
    assert "No active partnership covers this region." in text_of(update_profile([14], None))


def test_directory_rows_and_count() -> None:
    """Every partnership that covers the region, whatever its status, and nothing else: as read from the CSV."""
    for region in (7, 3, 14):
        (rows,) = drawn("directory", [region])
        wanted = expected.partnerships_in_region(DEFAULT_DATA_DIR, region)
        assert len(rows) == len(wanted), region
        assert sorted((r["name"], r["industry"], r["status"]) for r in rows) == sorted(
            (p["name"], p["industry"], p["status"]) for p in wanted
        ), region


def test_trend_hides_statewide_totals_when_filtered() -> None:
    figure, caption, _table = drawn("growth")
    # Both published totals are undated: lines across the chart, never points at a year.
    assert [shape["y0"] for shape in figure["layout"]["shapes"]] == [450.0, 750.0]
    assert not any(trace["name"] == "Published total" for trace in figure["data"])
    assert "more than 450 (undated;" in caption
    figure, caption, _table = drawn("growth", [3])
    assert figure["layout"]["shapes"] == []
    assert "Published totals are statewide" in caption


CONTROLS = ("regions", "industry", "metric", "year", "view", "search", "link")
PAGE = "https://dashboard.example.gov/partnerships/"


def sync(trigger: str, value: Any, **state: Any) -> tuple[Any, ...]:
    """The controls (and the URL's search) after the controller ran: what it set, or what they held."""
    arguments: dict[str, Any] = {
        "search": "", "map_click": None, "industry_click": None, "reset": None, "gaps": [],
        "regions": [], "industry": None, "metric": "partnerships", "year": 2024, "view": "coverage",
        "ask": None, "in_view": {}, "drawn": None, "href": PAGE, "link": "",
    }  # fmt: skip
    arguments.update(state)
    result = run_with_trigger(trigger, value, sync_selection, *arguments.values())
    # the controls, the search and the link; what the views show and the waiting marks; the outcome
    # measure (tested on its own); the link notice (below); the views
    assert len(result) == len(CONTROLS) + 4 + len(VIEW_OUTPUTS)
    if result == (no_update,) * len(result):
        return (no_update,) * (len(CONTROLS) - 1)
    shown = tuple(
        arguments[name] or ""
        if new is no_update and name in ("search", "link")
        else arguments[name]
        if new is no_update
        else new
        for name, new in zip(CONTROLS, result[: len(CONTROLS)], strict=True)
    )
    # The link field always shows the page's address with the search the controller left.
    assert shown[-1] == (PAGE + shown[-2] if arguments["href"] else arguments["link"]), shown
    return shown[:-1]


def test_sync_map_click_selects_and_writes_the_url() -> None:
    click = {"points": [{"location": "7"}]}
    assert sync(f"{ids.REGION_MAP}.clickData", click, map_click=click) == (
        [7],
        None,
        "partnerships",
        2024,
        "coverage",
        "?regions=7",
    )


def test_the_link_field_follows_the_click_in_the_same_response() -> None:
    click = {"points": [{"location": "7"}]}
    arguments: dict[str, Any] = dict(
        search="?regions=3", map_click=click, industry_click=None, reset=None, gaps=[], regions=[3], industry=None,
        metric="partnerships", year=2024, view="coverage", ask=None, in_view={}, drawn=None,
        href="http://127.0.0.1:8050/partnerships/?regions=3#map", link="http://127.0.0.1:8050/partnerships/?regions=3",
    )  # fmt: skip
    result = run_with_trigger(f"{ids.REGION_MAP}.clickData", click, sync_selection, *arguments.values())
    # The address keeps its scheme, host and path prefix; the old search and the fragment go.
    assert result[5] == "?regions=3,7"
    assert result[6] == "http://127.0.0.1:8050/partnerships/?regions=3,7"
    # Before the page has reported its address, the field is left as it is rather than emptied.
    arguments["href"] = None
    result = run_with_trigger(f"{ids.REGION_MAP}.clickData", click, sync_selection, *arguments.values())
    assert result[5] == "?regions=3,7" and result[6] is no_update
    # A link already shown is not sent again.
    arguments.update(href="http://127.0.0.1:8050/?regions=3", link="http://127.0.0.1:8050/?regions=3", map_click=None)
    result = run_with_trigger(f"{ids.URL}.search", "?regions=3", sync_selection, *arguments.values())
    assert result[6] is no_update


def test_sync_second_click_clears_and_reset_keeps_the_metric() -> None:
    click = {"points": [{"location": "7"}]}
    assert sync(f"{ids.REGION_MAP}.clickData", click, map_click=click, regions=[7], search="?regions=7") == (
        [], None, "partnerships", 2024, "coverage", "",
    )  # fmt: skip
    result = sync(f"{ids.RESET}.n_clicks", 1, regions=[3], industry="Healthcare", metric="businesses")
    assert result == ([], None, "businesses", 2024, "coverage", "?metric=businesses")


def test_sync_restores_from_the_url() -> None:
    search = "?regions=3,7&industry=Healthcare&metric=industries&year=2016&view=gaps"
    assert sync(f"{ids.URL}.search", search, search=search) == (
        [3, 7], "Healthcare", "industries", 2016, "gaps", search,
    )  # fmt: skip
    # An escaped comma (older links) opens the same view; the link is rewritten in the short form.
    assert sync(f"{ids.URL}.search", "?regions=3%2C7", search="?regions=3%2C7")[0] == [3, 7]


def test_sync_year_slider_writes_the_year_and_the_latest_year_drops_it() -> None:
    assert sync(f"{ids.YEAR_SLIDER}.value", 2018, year=2018)[-1] == "?year=2018"
    assert sync(f"{ids.YEAR_SLIDER}.value", 2024, year=2024, search="?year=2018")[-1] == ""
    assert sync(f"{ids.VIEW_SELECT}.value", "impact", view="impact")[-1] == "?view=impact"


def test_new_gap_buttons_are_not_clicks() -> None:
    trigger = json.dumps(ids.gap_region_button(10), separators=(",", ":")) + ".n_clicks"
    assert sync(trigger, None) == (no_update,) * 6
    assert sync(trigger, 1)[0] == [10]


def test_an_ask_to_draw_before_the_first_drawing_opens_the_link() -> None:
    # The page may ask to draw what is in view before the views were ever drawn: the link still decides.
    ask = {"asked": 1, "ahead": False}
    restored = sync(f"{ids.VIEWS_ASK}.data", ask, ask=ask, in_view={ids.TREND_CHART: True}, search="?regions=3")
    assert restored[0] == [3] and restored[-1] == "?regions=3"


# --------------------------------------------------------------------------------------------
# One response per interaction: what is sent, what is left as drawn, what waits to be seen


def _sent(outputs: list[Any]) -> set[tuple[str, str]]:
    return {target for target, value in zip(TARGETS, outputs, strict=True) if value is not no_update}


def test_a_click_sends_what_is_in_view_and_notes_the_rest_as_waiting() -> None:
    dataset = get_dataset()
    first, state = draw_views(dataset, Selection.of([7]), None, {ids.INDUSTRY_CHART: True})
    # Nothing was drawn before: everything is sent, except what is out of view or in a closed table.
    waiting = {tuple(key.rsplit(".", 1)) for key in state["waiting"]}
    assert waiting == set(DEFERRED) - {(ids.INDUSTRY_CHART, "figure")}
    assert _sent(first) == set(TARGETS) - waiting
    # The trend chart comes into view: only it is drawn, with region 7's figure.
    later, state = draw_views(dataset, Selection.of([7]), state, {ids.INDUSTRY_CHART: True, ids.TREND_CHART: True})
    assert _sent(later) == {(ids.TREND_CHART, "figure")}
    figure = later[TARGETS.index((ids.TREND_CHART, "figure"))]
    assert figure == next(v for v in VIEWS if v.name == "growth").draw(dataset, Selection.of([7]))[0]
    assert f"{ids.TREND_CHART}.figure" not in state["waiting"]
    # The metric changes: the map and the insights follow it; nothing else is sent again.
    metric, _state = draw_views(dataset, Selection.of([7], metric="businesses"), state, {ids.INDUSTRY_CHART: True})
    assert {component for component, _ in _sent(metric)} == {
        ids.REGION_MAP,
        ids.REGION_MAP_CAPTION,
        ids.SELECTION_SUMMARY,
        ids.INSIGHTS,
    }


def test_a_new_data_version_redraws_everything_in_view() -> None:
    dataset = get_dataset()
    _outputs, state = draw_views(dataset, Selection.of([7]), None, {})
    stale = {**state, "version": "an older version"}
    outputs, _ = draw_views(dataset, Selection.of([7]), stale, {})
    assert _sent(outputs) == set(TARGETS) - set(DEFERRED)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    regions=st.lists(st.integers(1, 14), max_size=3),
    other_regions=st.lists(st.integers(1, 14), max_size=3),
    industry=st.sampled_from([None, "Healthcare", "Manufacturing", "Construction"]),
    other_industry=st.sampled_from([None, "Healthcare", "Manufacturing", "Construction"]),
    metric=st.sampled_from(["partnerships", "businesses", "industries"]),
    other_metric=st.sampled_from(["partnerships", "businesses", "industries"]),
    year=st.sampled_from([None, 2016, 2020]),
    other_year=st.sampled_from([None, 2016, 2020]),
    other_view=st.sampled_from(sorted(VIEW_NAMES)),
)
def test_a_view_left_as_drawn_would_have_drawn_the_same(
    regions: list[int],
    other_regions: list[int],
    industry: str | None,
    other_industry: str | None,
    metric: str,
    other_metric: str,
    year: int | None,
    other_year: int | None,
    other_view: str,
) -> None:
    """A view is skipped when the parts of the selection it follows are unchanged; so changing any
    other part must not change what it draws."""
    dataset = get_dataset()
    first = Selection.of(regions, industry, metric, year)
    other: dict[str, Any] = {"regions": Selection.of(other_regions).regions, "industry": other_industry}
    other |= {"metric": other_metric, "year": other_year, "view": other_view}
    for view in VIEWS:
        changed = replace(first, **{name: value for name, value in other.items() if name not in view.follows})
        before = json.dumps(view.draw(dataset, first), cls=PlotlyJSONEncoder, sort_keys=True)
        after = json.dumps(view.draw(dataset, changed), cls=PlotlyJSONEncoder, sort_keys=True)
        assert before == after, view.name
        if view.undeferred is not None:
            before = json.dumps(view.undeferred(dataset, first), cls=PlotlyJSONEncoder, sort_keys=True)
            after = json.dumps(view.undeferred(dataset, changed), cls=PlotlyJSONEncoder, sort_keys=True)
            assert before == after, view.name


@settings(max_examples=40, deadline=None)
@given(
    regions=st.lists(st.integers(1, 14), max_size=3),
    industry=st.sampled_from([None, "Healthcare", "Manufacturing", "Construction", "Water"]),
    metric=st.sampled_from(["partnerships", "businesses", "industries"]),
    year=st.sampled_from([None, 2016, 2020]),
)
def test_a_chart_out_of_view_gets_the_caption_it_would_have_in_view(
    regions: list[int], industry: str | None, metric: str, year: int | None
) -> None:
    """A view whose deferred outputs wait draws the rest alone (View.undeferred): they must be what
    the whole view draws, word for word."""
    dataset = get_dataset()
    selection = Selection.of(regions, industry, metric, year)
    alone = [view for view in VIEWS if view.undeferred is not None]
    assert {view.name for view in alone} >= {"map", "industries", "growth", "gaps"}
    for view in alone:
        assert view.undeferred is not None
        whole = view.draw(dataset, selection)
        kept = [value for target, value in zip(view.outputs, whole, strict=True) if target not in DEFERRED]
        words = view.undeferred(dataset, selection)
        as_json = [json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True) for value in (kept, list(words))]
        assert as_json[0] == as_json[1], view.name


def test_a_click_with_the_charts_out_of_view_sends_their_captions_only() -> None:
    dataset = get_dataset()
    _outputs, state = draw_views(dataset, Selection(), None, {})
    outputs, _ = draw_views(dataset, Selection.of([7]), state, {})
    sent = _sent(outputs)
    captions = {(ids.INDUSTRY_CHART_CAPTION, "children"), (ids.TREND_CHART_CAPTION, "children")}
    assert captions <= sent and (ids.INDUSTRY_CHART, "figure") not in sent
    caption = outputs[TARGETS.index((ids.INDUSTRY_CHART_CAPTION, "children"))]
    industries = sorted({p["industry"] for p in expected.active_partnerships(DEFAULT_DATA_DIR, region=7)})
    assert caption.startswith(f"{len(industries)} industries have active partnerships in the selected region"), caption
    assert expected.words(industries) in caption


def test_a_click_that_scrolls_its_target_into_view_is_still_the_click() -> None:
    # Focusing a gap button scrolls it into view: what is in view and the click arrive together.
    button = json.dumps(ids.gap_region_button(12), separators=(",", ":")) + ".n_clicks"
    arguments: dict[str, Any] = dict(
        search="", map_click=None, industry_click=None, reset=None, gaps=[1], regions=[], industry=None,
        metric="partnerships", year=2024, view="coverage", ask={"asked": 1, "ahead": False},
        in_view={ids.REGION_PROFILE: True}, drawn=None,
    )  # fmt: skip

    def call() -> Any:
        fired = [{"prop_id": f"{ids.VIEWS_ASK}.data", "value": arguments["ask"]}, {"prop_id": button, "value": 1}]
        context_value.set(AttributeDict(triggered_inputs=fired))
        return sync_selection(*arguments.values())

    result = copy_context().run(call)
    assert result[0] == [12] and result[5] == "?regions=12"


def test_the_first_view_drawn_in_advance_is_what_a_first_visit_asks_for() -> None:
    """A worker draws the first visitor's views just after it starts (app.draw_first_view): the
    page's first two requests (its words, then what is in view) then find every result remembered."""
    import app

    dataset = get_dataset()
    dataset.memo.results.clear()
    app.draw_first_view()
    remembered = len(dataset.memo.results)
    assert remembered > 0
    _words, state = draw_views(dataset, Selection(), None, {})
    draw_views(dataset, Selection(), state, EVERYTHING_IN_VIEW)
    assert len(dataset.memo.results) == remembered  # nothing new had to be drawn


def test_a_first_click_on_any_region_finds_its_answer_drawn_ahead_and_the_same() -> None:
    """While quiet, a worker draws what a first click on each region asks for (app.draw_likely_clicks):
    the click on the map, with the statewide page drawn and the map in the window, then computes
    nothing, and says what it would have said had it counted everything itself."""
    import app

    dataset = get_dataset()
    _words, statewide = draw_views(dataset, Selection(), None, {ids.REGION_MAP: True})
    in_view = {ids.REGION_MAP: True, ids.INDUSTRY_CHART: "near"}

    def click(region: int) -> list[Any]:
        arguments: dict[str, Any] = dict(
            search="", map_click={"points": [{"location": str(region)}]}, industry_click=None, reset=None, gaps=[],
            regions=[], industry=None, metric="partnerships", year=max(years(dataset)), view="coverage", ask=None,
            in_view=in_view, drawn=statewide, href="http://x/", link="http://x/",
        )  # fmt: skip
        map_click = arguments["map_click"]
        result = run_with_trigger(f"{ids.REGION_MAP}.clickData", map_click, sync_selection, *arguments.values())
        assert result[0] == [region]
        return json.loads(json.dumps(list(result), cls=PlotlyJSONEncoder))

    dataset.memo.results.clear()
    counted = {region: click(region) for region in dataset.regions}  # each click counting for itself
    dataset.memo.results.clear()
    app.draw_first_view()
    app.draw_likely_clicks()
    years(dataset)  # counted with the page's layout, for its year slider
    remembered = len(dataset.memo.results)
    before = set(dataset.memo.results.keys())
    for region in dataset.regions:
        assert click(region) == counted[region]
    assert set(dataset.memo.results.keys()) - before == set()
    assert len(dataset.memo.results) == remembered  # nothing new had to be drawn


def test_likely_clicks_stop_when_a_new_version_replaces_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    dataset = get_dataset()
    newer = replace(dataset, version=dataset.version + "-newer")
    versions = iter([dataset, newer])
    monkeypatch.setattr(app, "get_dataset", lambda: next(versions, newer))
    dataset.memo.results.clear()
    app.draw_likely_clicks()
    assert len(dataset.memo.results) == 0  # the version changed before the first region was drawn


def test_a_chart_only_near_the_window_waits_for_the_page_to_be_idle() -> None:
    """charts.js keeps what is in view in a store the controller reads ('near' for a chart just
    below the window): a click leaves a near chart waiting (the click redraws what can be seen); an
    ask to draw what came into view draws only what is in the window; the ask the page sends to draw
    ahead, once idle, draws what is near."""
    _words, drawn_before = draw_views(get_dataset(), Selection(), None, EVERYTHING_IN_VIEW)
    near = {ids.REGION_MAP: True, ids.INDUSTRY_CHART: "near", ids.TREND_CHART: "near"}
    click = {"points": [{"location": "7"}]}
    arguments: dict[str, Any] = dict(
        search="", map_click=click, industry_click=None, reset=None, gaps=[], regions=[], industry=None,
        metric="partnerships", year=2024, view="coverage", ask={"asked": 3, "ahead": True}, in_view=near,
        drawn=drawn_before, href="http://x/", link="http://x/",
    )  # fmt: skip
    # The last ask was to draw ahead when the click comes: the click does not read it as one.
    result = run_with_trigger(f"{ids.REGION_MAP}.clickData", click, sync_selection, *arguments.values())
    views = dict(zip(TARGETS, result[-len(VIEW_OUTPUTS) :], strict=True))
    assert views[(ids.INDUSTRY_CHART, "figure")] is no_update and views[(ids.TREND_CHART, "figure")] is no_update
    assert views[(ids.INDUSTRY_CHART_CAPTION, "children")] is not no_update  # its words are never late
    drawn_after = result[7]
    assert f"{ids.INDUSTRY_CHART}.figure" in drawn_after["waiting"]
    arguments.update(search="?regions=7", map_click=click, regions=[7], drawn=drawn_after)

    def ask(ahead: bool, in_view: dict[str, Any]) -> dict[tuple[str, str], Any]:
        arguments.update(ask={"asked": 4 + ahead, "ahead": ahead}, in_view=in_view)
        again = run_with_trigger(f"{ids.VIEWS_ASK}.data", arguments["ask"], sync_selection, *arguments.values())
        assert again[0] is no_update  # the selection stays as the click left it
        return dict(zip(TARGETS, again[-len(VIEW_OUTPUTS) :], strict=True))

    # An ask that is not to draw ahead draws nothing outside the window; one that draws nothing sets nothing.
    views = ask(False, near)
    assert all(value is no_update for value in views.values())
    # The trend chart came into the window: it alone is drawn.
    views = ask(False, {**near, ids.TREND_CHART: True})
    assert views[(ids.TREND_CHART, "figure")] is not no_update and views[(ids.INDUSTRY_CHART, "figure")] is no_update
    # The page, idle, asks to draw ahead: now what is near is drawn.
    views = ask(True, near)
    assert views[(ids.INDUSTRY_CHART, "figure")] is not no_update


def test_a_link_from_another_scheme_opens_without_its_regions_and_says_so() -> None:
    """On Colorado's scheme, a link made on Washington's (scheme=wa12) names Washington's region numbers."""
    arguments: dict[str, Any] = {
        "search": "?regions=5&industry=Healthcare&scheme=wa12", "map_click": None, "industry_click": None,
        "reset": None, "gaps": [], "regions": [], "industry": None, "metric": "partnerships", "year": 2024,
        "view": "coverage", "ask": None, "in_view": {}, "drawn": None, "href": PAGE, "link": "",
    }  # fmt: skip
    result = run_with_trigger(f"{ids.URL}.search", arguments["search"], sync_selection, *arguments.values())
    notice = result[len(CONTROLS) + 3]
    assert notice == (
        "This link was made for another region scheme (“wa12”), not the 14 economic development regions in use "
        "here, so the view opens without its region 5."
    )
    assert result[0] is no_update or result[0] == []  # no region selected
    assert result[1] == "Healthcare" and result[5] == "?industry=Healthcare"  # the rest of the link is kept
    # Colorado's own link says nothing.
    arguments["search"] = "?regions=5"
    result = run_with_trigger(f"{ids.URL}.search", arguments["search"], sync_selection, *arguments.values())
    assert result[len(CONTROLS) + 3] == "" and result[0] == [5]
