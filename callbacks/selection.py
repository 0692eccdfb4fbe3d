"""The selection controller: URL, map clicks, industry clicks, gap buttons, Reset and the controls.

The selection lives in the six controls (regions, industry, metric, year, view, outcome measure) and is mirrored
in the URL.
One callback owns all of them, so there is no loop between the URL and the controls; what each
interaction does is decided by the pure ``dashboard.analysis.state.next_selection``.

The same callback draws every view that follows the selection (callbacks/drawing.py), so an
interaction is one request and one response, and the page renders its changes in one pass. A view
whose part of the selection has not changed is left as it is (ids.VIEWS_DRAWN records what the
views show), and what is not in view waits until it is seen (callbacks/seen.py).
"""

from __future__ import annotations

import json
from typing import Any

from dash import ALL, Input, Output, State, callback, ctx, no_update

from callbacks.drawing import VIEW_OUTPUTS, draw_views
from callbacks.seen import EVERYTHING_IN_VIEW, seen_now, waiting_classes
from dashboard import ids
from dashboard.analysis.metrics import years
from dashboard.analysis.outcomes import chosen_measure, default_measure, link_notice, measure_names
from dashboard.analysis.state import DEFAULT_VIEW, Selection, next_selection, search_from_selection, share_link
from dashboard.store.loading import get_dataset

ROLES = {
    "url": ids.URL,
    "map": ids.REGION_MAP,
    "industry_chart": ids.INDUSTRY_CHART,
    "reset": ids.RESET,
    "gap_button": str(ids.gap_region_button(0)["type"]),
}


def _component(prop_id: str) -> str | dict[str, Any] | None:
    """The component of a triggered 'id.property' (a pattern-matching id is JSON); None for the initial call."""
    component = prop_id.rsplit(".", 1)[0]
    if not component:
        return None
    if component.startswith("{"):
        parsed: dict[str, Any] = json.loads(component)
        return parsed
    return component


# What the controller sets before the views: the six controls, the URL's search, the link, what the
# views show and what waits to be drawn.
LEADING: tuple[Output, ...] = (
    Output(ids.REGION_SELECT, "value"),
    Output(ids.INDUSTRY_SELECT, "value"),
    Output(ids.METRIC_SELECT, "value"),
    Output(ids.YEAR_SLIDER, "value"),
    Output(ids.VIEW_SELECT, "value"),
    Output(ids.URL, "search"),
    Output(ids.SHARE_URL, "value"),
    Output(ids.VIEWS_DRAWN, "data"),
    Output(ids.WAITING, "className"),
    Output(ids.OUTCOME_MEASURE, "value"),  # the sixth control, last: it came last
    Output(ids.LINK_NOTICE, "children"),
)


@callback(
    *LEADING,
    *VIEW_OUTPUTS,
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
    Input(ids.VIEWS_ASK, "data"),
    State(ids.IN_VIEW, "data"),
    State(ids.VIEWS_DRAWN, "data"),
    State(ids.URL, "href"),
    State(ids.SHARE_URL, "value"),
    Input(ids.OUTCOME_MEASURE, "value"),
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
    ask: Any = None,
    in_view: Any = None,
    drawn: Any = None,
    href: str | None = None,
    shown_link: str | None = None,
    measure: str | None = None,
) -> tuple[Any, ...]:
    # The page asks to draw what came into view (ids.VIEWS_ASK) in the same moment as a click that
    # scrolls its target into view: the two arrive together, and the click is what decides the selection.
    fired = [(t["prop_id"], t["value"]) for t in ctx.triggered]
    chosen = next(((p, v) for p, v in fired if not p.startswith(ids.VIEWS_ASK + ".")), fired[0] if fired else None)
    trigger = _component(chosen[0]) if chosen else None
    # Gap buttons are re-created whenever the gap list changes; their creation is not a click.
    if isinstance(trigger, dict) and chosen is not None and not chosen[1]:
        return (no_update,) * (len(LEADING) + len(VIEW_OUTPUTS))
    if trigger == ids.VIEWS_ASK and drawn is None:
        # The page asked before the views were first drawn: draw them from the link.
        trigger = None
    in_view = seen_now(in_view, ahead=trigger == ids.VIEWS_ASK and isinstance(ask, dict) and bool(ask.get("ahead")))
    dataset = get_dataset()
    offered = years(dataset)
    selection = next_selection(
        trigger,
        # The measure shown by default is not named in the link: only one picked is.
        Selection.of(regions, industry, metric, year, view, measure if measure != default_measure(dataset) else None),
        search=search,
        map_click=map_click,
        industry_click=industry_click,
        regions=dataset.regions,
        industries=dataset.industries,
        ids=ROLES,
        years=offered,
        measures=measure_names(dataset),
        scheme=dataset.geography.link_tag,
    )
    new_search = search_from_selection(selection, scheme=dataset.geography.link_tag)
    if selection.view != DEFAULT_VIEW and trigger in (None, ids.URL, ids.VIEW_SELECT):
        # Opening at a panel: everything above it is drawn first, so the page does not move under it.
        in_view = EVERYTHING_IN_VIEW
    views, now_drawn = draw_views(dataset, selection, drawn, in_view)
    shown_measure = chosen_measure(dataset, selection).measure
    controls = (
        (list(selection.regions), regions),
        (selection.industry, industry),
        (selection.metric, metric),
        (selection.year if selection.year is not None else offered[-1], year),
        (selection.view, view),
        (new_search, search or ""),
        # The link field, in the same response as the search it shows: a callback chained on the
        # URL would be a second pass through the page's callback queue after every click.
        (share_link(href, new_search) or shown_link, shown_link),
    )
    return (
        # A control already showing its value is not set again: its listeners would run for nothing.
        *(new if new != old else no_update for new, old in controls),
        # A call that draws nothing new (an ask for what was drawn meanwhile) sets nothing.
        *((now_drawn, waiting_classes(now_drawn)) if now_drawn != drawn else (no_update, no_update)),
        shown_measure if shown_measure != measure else no_update,
        # A link whose regions are another scheme's says so when it is opened; the next choice clears it.
        link_notice(dataset, search) if trigger in (None, ids.URL) else "",
        *views,
    )
