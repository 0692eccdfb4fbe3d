"""Callbacks called as plain functions, as Dash would call them."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import copy_context
from pathlib import Path
from typing import Any

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

from callbacks.selection import sync_selection
from callbacks.views import (
    describe_map,
    update_cards,
    update_directory,
    update_gap_list,
    update_gaps,
    update_map,
    update_profile,
    update_trend,
)
from dashboard import ids
from dashboard.data.config import DEFAULT_DATA_DIR
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


def test_map_update_is_a_small_patch_without_geometry() -> None:
    patch = update_map([3], "Healthcare", "businesses", 2024)
    encoded = json.dumps(patch.to_plotly_json())
    assert "geojson" not in encoded and "coordinates" not in encoded
    assert len(encoded) < 5_000, len(encoded)
    caption, _table, summary = describe_map([3], "Healthcare", "businesses", 2024)
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
    _figure, caption, _table = update_gaps([], None, "partnerships", 2024)
    listed = text_of(update_gap_list(None, 2024))
    for name in ("Region 10 · West Central", "Region 12 · Northwest Mountains", "Region 14 · South Central"):
        assert name in listed and name in caption


def test_profile_only_for_one_region() -> None:
    assert "Select a single region" in text_of(update_profile([], None))
    pueblo = text_of(update_profile([7], None))
    assert "Region 7 · Pueblo" in pueblo and "Southern Colorado Healthcare Sector Partnership" in pueblo
    assert "No active partnership covers this region." in text_of(update_profile([14], None))


def test_directory_rows_and_count() -> None:
    rows = update_directory([7], None)
    assert {row["name"] for row in rows} >= {
        "Southern Colorado Manufacturing Partnership",
        "Pueblo Manufacturing Consortium",
    }


def test_trend_hides_statewide_totals_when_filtered() -> None:
    figure, caption, _table = update_trend([], None, "partnerships", 2024)
    # Both published totals are undated: lines across the chart, never points at a year.
    assert [shape["y0"] for shape in figure["layout"]["shapes"]] == [450.0, 750.0]
    assert not any(trace["name"] == "Published total" for trace in figure["data"])
    assert "more than 450 (undated;" in caption
    figure, caption, _table = update_trend([3], None, "partnerships", 2024)
    assert figure["layout"]["shapes"] == []
    assert "Published totals are statewide" in caption


def sync(trigger: str, value: Any, **state: Any) -> tuple[Any, ...]:
    arguments: dict[str, Any] = {
        "search": "", "map_click": None, "industry_click": None, "reset": None, "gaps": [],
        "regions": [], "industry": None, "metric": "partnerships", "year": 2024, "view": "coverage",
    }  # fmt: skip
    arguments.update(state)
    return run_with_trigger(trigger, value, sync_selection, *arguments.values())


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
        [3, 7], "Healthcare", "industries", 2016, "gaps", no_update,
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
