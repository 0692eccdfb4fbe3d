"""A partnership's page (path /partnerships/<id>): what it is, its members over time and its outcomes, and its
outcomes as CSV. Which page a path shows is decided by callbacks.data_page.route."""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, no_update

from dashboard import ids
from dashboard.analysis.outcomes import partnership_series
from dashboard.store.loading import get_dataset
from dashboard.store.safe_export import frame_csv
from layouts.outcome_components import partnership_body, partnership_from_path, partnership_outcomes_frame

SHOWN = {"display": "inline-block"}
HIDDEN = {"display": "none"}


@callback(
    Output(ids.PARTNERSHIP_BODY, "children"),
    Output(ids.PARTNERSHIP_DOWNLOAD, "style"),
    Input(ids.URL, "pathname"),
)
def show_partnership(pathname: str | None) -> tuple[Any, dict[str, str]]:
    partnership_id = partnership_from_path(pathname)
    if partnership_id is None:
        return no_update, HIDDEN
    dataset = get_dataset()
    return partnership_body(dataset, partnership_id), SHOWN if partnership_series(dataset, partnership_id) else HIDDEN


@callback(
    Output(ids.PARTNERSHIP_CSV, "data"),
    Input(ids.PARTNERSHIP_DOWNLOAD, "n_clicks"),
    State(ids.URL, "pathname"),
    prevent_initial_call=True,
)
def download_partnership(_clicks: int | None, pathname: str | None) -> Any:
    partnership_id = partnership_from_path(pathname)
    if partnership_id is None:
        return no_update
    dataset = get_dataset()
    frame, preface = partnership_outcomes_frame(dataset, partnership_id)
    return dcc.send_bytes(frame_csv(frame, preface), f"outcomes-{partnership_id}.csv")


# When the page is drawn, the window's title names the partnership and focus moves to its heading, so a screen
# reader says where a link led (assets/pages.js).
clientside_callback(
    ClientsideFunction("pages", "shown"),
    Output(ids.PARTNERSHIP_SHOWN, "data"),
    Input(ids.PARTNERSHIP_BODY, "children"),
    Input(ids.URL, "pathname"),
)
