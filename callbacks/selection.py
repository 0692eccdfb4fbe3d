"""The selection controller: URL, map clicks, industry clicks, gap buttons, Reset and the controls.

The selection lives in the five controls (regions, industry, metric, year, view) and is mirrored
in the URL.
One callback owns all of them, so there is no loop between the URL and the controls; what each
interaction does is decided by the pure ``dashboard.analysis.state.next_selection``.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, callback, ctx, no_update

from dashboard import ids
from dashboard.analysis.metrics import years
from dashboard.analysis.state import Selection, next_selection, search_from_selection
from dashboard.store.loading import get_dataset

ROLES = {
    "url": ids.URL,
    "map": ids.REGION_MAP,
    "industry_chart": ids.INDUSTRY_CHART,
    "reset": ids.RESET,
    "gap_button": str(ids.gap_region_button(0)["type"]),
}


@callback(
    Output(ids.REGION_SELECT, "value"),
    Output(ids.INDUSTRY_SELECT, "value"),
    Output(ids.METRIC_SELECT, "value"),
    Output(ids.YEAR_SLIDER, "value"),
    Output(ids.VIEW_SELECT, "value"),
    Output(ids.URL, "search"),
    Input(ids.URL, "search"),
    Input(ids.REGION_MAP, "clickData"),
    Input(ids.INDUSTRY_CHART, "clickData"),
    Input(ids.RESET, "n_clicks"),
    Input(ids.gap_region_button(ALL), "n_clicks"),  # type: ignore[arg-type]
    Input(ids.REGION_SELECT, "value"),
    Input(ids.INDUSTRY_SELECT, "value"),
    Input(ids.METRIC_SELECT, "value"),
    Input(ids.YEAR_SLIDER, "value"),
    Input(ids.VIEW_SELECT, "value"),
)
def sync_selection(
    search: str | None,
    map_click: dict[str, Any] | None,
    industry_click: dict[str, Any] | None,
    _reset_clicks: int | None,
    _gap_clicks: list[int | None],
    regions: list[int] | None,
    industry: str | None,
    metric: str | None,
    year: int | None,
    view: str | None,
) -> tuple[Any, ...]:
    trigger = ctx.triggered_id
    # Gap buttons are re-created whenever the gap list changes; their creation is not a click.
    if isinstance(trigger, dict) and not ctx.triggered[0]["value"]:
        return (no_update,) * 6
    dataset = get_dataset()
    offered = years(dataset)
    selection = next_selection(
        trigger,
        Selection.of(regions, industry, metric, year, view),
        search=search,
        map_click=map_click,
        industry_click=industry_click,
        regions=dataset.regions,
        industries=dataset.industries,
        ids=ROLES,
        years=offered,
    )
    new_search = search_from_selection(selection)
    return (
        list(selection.regions),
        selection.industry,
        selection.metric,
        selection.year if selection.year is not None else offered[-1],
        selection.view,
        new_search if new_search != (search or "") else no_update,
    )
