"""What the presenting callbacks show: the saved views as a list to reorder, and a slide's figures."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from layouts.components import aria


def saved_views_list(views: list[dict[str, str]]) -> html.Ol | html.P:
    """The saved views, each a link with buttons to move it up or down and remove it."""
    if not views:
        return html.P(
            "None saved yet. Present shows the default story: statewide coverage → growth → impact → gaps → a region.",
            className="mb-0",
        )
    last = len(views) - 1
    items = []
    for i, view in enumerate(views):
        name = view["name"]
        items.append(
            html.Li(
                [
                    dcc.Link(name, href=view["search"] or "?", className="saved-view-link me-auto"),
                    _action_button("↑", "up", i, f"Move “{name}” up", disabled=i == 0),
                    _action_button("↓", "down", i, f"Move “{name}” down", disabled=i == last),
                    _action_button("✕", "remove", i, f"Remove “{name}”"),
                ],
                className="d-flex align-items-center gap-1 saved-view",
            )
        )
    return html.Ol(items, className="saved-views mb-0 ps-3")


def _action_button(symbol: str, action: str, index: int, label: str, *, disabled: bool = False) -> html.Button:
    return html.Button(
        symbol,
        id=ids.saved_view_action(action, index),
        className="btn btn-link btn-sm py-0 px-1",
        disabled=disabled,
        title=label,
        **aria(aria_label=label),
    )


def slide_figure_cards(figures: list[tuple[str, str]]) -> list[html.Div]:
    return [
        html.Div([html.Div(value, className="present-figure-value"), html.Div(label)], className="present-figure")
        for label, value in figures
    ]
