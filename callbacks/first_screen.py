"""The first screen written by the server: what the page shows, and can be used for, before its scripts run.

The index page carries, beside Dash's entry point, the header and the first screen for the view in the
link (``layouts.page.first_screen_page`` written as HTML by ``layouts.static``): the selection's summary,
the insights and headline figures, the map's caption and table, and the map itself as SVG whose regions
are links (``dashboard.output.svg_map``). The words are the views' own (``callbacks.drawing``, remembered
with the dataset), so what the scripts draw next says the same. ``assets/first-map.js`` hands over: when
Dash has drawn the page it removes this copy and keeps the SVG map over the plotly map's box until plotly
has drawn the same view.
"""

from __future__ import annotations

import json
from typing import Any

from callbacks.drawing import VIEWS, draw_view
from dashboard import ids
from dashboard.analysis.metrics import region_values
from dashboard.analysis.outcomes import link_selection
from dashboard.analysis.state import Selection, search_from_selection, toggle_region
from dashboard.data.dataset import Dataset
from dashboard.data.membership import memoized
from dashboard.output.svg_map import region_map_svg
from layouts.page import first_screen_page
from layouts.static import static_html

VIEW = {view.name: view for view in VIEWS}
# What the server fills in, view by view: (view, output index) → component id.
FILLED = {
    ids.REGION_MAP_CAPTION: ("map", 1),
    ids.REGION_MAP_TABLE: ("map", 2),
    ids.SELECTION_SUMMARY: ("map", 3),
    ids.INSIGHTS: ("insights", 0),
    ids.CARDS: ("cards", 0),
}


def map_label(dataset: Dataset) -> str:
    regions = len(dataset.regions)
    return (
        f"Map of the {regions} regions. Each region is a link that selects it; the table under the map "
        "gives the same values."
    )


def region_href(selection: Selection, prefix: str, scheme: str = "") -> Any:
    """The link a region of the server's map is: the view with that region added to the selection, or taken
    out of it (as a click on the plotly map does)."""

    def href(region: int) -> str:
        return prefix + search_from_selection(toggle_region(selection, region), scheme=scheme)

    return href


def first_screen_html(dataset: Dataset, search: str | None, prefix: str = "/") -> str:
    """The header and first screen for the view `search` names, as HTML; remembered per selection."""
    selection = link_selection(dataset, search)
    return memoized(dataset, ("first screen", selection, prefix), lambda: _first_screen(dataset, selection, prefix))


def _first_screen(dataset: Dataset, selection: Selection, prefix: str) -> str:
    drawn = {name: draw_view(dataset, selection, VIEW[name]) for name in ("map", "insights", "cards")}
    page = first_screen_page(dataset)
    for component in _components(page):
        target = getattr(component, "id", None)
        if target == ids.CONTROLS_FOLD:
            component.open = False  # folded on a phone; shown on a wider window by CSS (assets/02-dashboard.css)
        if isinstance(target, str) and target in FILLED:
            view, index = FILLED[target]
            component.children = drawn[view][index]
    values = region_values(dataset, selection.industry, selection.year)
    svg = region_map_svg(
        dataset.geography,
        values,
        selection,
        href=region_href(selection, prefix, dataset.geography.link_tag),
        sample=dataset.is_sample,
        label=map_label(dataset),
    )
    # What the plotly map must show before it takes the server map's place (assets/first-map.js).
    shown = json.dumps({"z": values[selection.metric].astype(int).tolist(), "selected": list(selection.regions)})
    holder = f"<div class=\"first-map-holder\" data-shown='{shown}'>{svg}</div>"
    written = static_html(page, replace={ids.REGION_MAP: holder})
    return f'<div id="{ids.FIRST_SCREEN}" class="first-screen">{written}</div>'


def _components(node: Any) -> Any:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list | tuple):
            stack.extend(current)
        elif hasattr(current, "to_plotly_json"):
            yield current
            children = getattr(current, "children", None)
            if children is not None:
                stack.append(children)
