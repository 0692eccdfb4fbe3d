"""Draw when seen: what may wait to be drawn until a person can see it, and the contract with the page.

Below the map, the charts, the region profile and the directory are drawn when they come into view, and
each chart's table when its "Show the data as a table" is opened. The selection controller
(callbacks/selection.py) draws every view in its one response to a click, but sends a new value only to
what is in view; the rest is noted as waiting and drawn by a later call, when the page says it has come
into view. The page's half is ``assets/charts.js``; the two meet in four of the page's elements:

============================ ============================================ =====================================
ids                          what it holds                                who writes it, who reads it
============================ ============================================ =====================================
``ids.IN_VIEW``              {component id: True | "near" | False}:       charts.js writes (set_props, no
                             in the window, within NEAR px of it, or not  request); the controller reads (State)
``ids.VIEWS_ASK``            {"asked": n, "ahead": bool}: draw what waits charts.js writes; an Input of the
                             and is in view (ahead: near it too)          controller (one request)
``ids.VIEWS_DRAWN``          drawn_state(): what the views show, and      the controller writes and reads
                             which targets wait ("waiting")
``ids.WAITING``              its classes, "waiting-<component id>" each   the controller writes; charts.js reads
                             (waiting_classes)                            (asks again for one that is in view)
============================ ============================================ =====================================

Which components may wait is DEFERRED, here; the page marks each with the class ``drawn-when-seen`` and
``data-component`` (layouts/components.py, SEEN). Nothing else is counted by hand: the controller's
outputs are counted from its declarations.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from dashboard import ids
from dashboard.analysis.state import Selection

Target = tuple[str, str]  # (component id, property)
ALL_FIELDS = frozenset({"regions", "industry", "metric", "year", "measure"})
"""The parts of the selection a view may follow."""
MAP_FIELDS = ALL_FIELDS - {"measure"}
"""What the map and the insights follow: all but the outcome measure, which only its own view shows."""

DEFERRED: tuple[Target, ...] = (
    (ids.INDUSTRY_CHART, "figure"),
    (ids.TREND_CHART, "figure"),
    (ids.GAP_MATRIX, "figure"),
    (ids.REGION_PROFILE, "children"),
    (ids.DIRECTORY, "rowData"),
    (ids.REGION_MAP_TABLE, "children"),
    (ids.INDUSTRY_CHART_TABLE, "children"),
    (ids.TREND_CHART_TABLE, "children"),
    (ids.GAP_MATRIX_TABLE, "children"),
    (ids.OUTCOME_CHART, "figure"),
    (ids.OUTCOME_CHART_TABLE, "children"),
    (ids.COMPLETENESS, "children"),
)
EVERYTHING_IN_VIEW: dict[str, bool] = {component: True for component, _ in DEFERRED}
"""What the page is taken to see when it opens at a panel below the map: everything above it is drawn."""


def key(target: Target) -> str:
    return f"{target[0]}.{target[1]}"


def seen_now(in_view: Any, *, ahead: bool) -> dict[str, bool]:
    """What is in view, from the page's report (ids.IN_VIEW): True for what is in the window.

    An interaction redraws only what can be seen, so a click waits for no chart below the window.
    What is just outside it ('near') is drawn only when the page asks to draw ahead (`ahead`), once
    the person has paused."""
    if not isinstance(in_view, dict):
        return {}
    return {str(name): value is True or (ahead and value == "near") for name, value in in_view.items()}


def drawn_state(version: str, selection: Selection, waiting: Collection[Target] = ()) -> dict[str, Any]:
    """What the views were last drawn for, kept in the page (ids.VIEWS_DRAWN), with what is waiting
    to be drawn until it comes into view."""
    return {
        "version": version,
        "regions": list(selection.regions),
        "industry": selection.industry,
        "metric": selection.metric,
        "year": selection.year,
        "measure": selection.measure,
        "waiting": sorted(key(target) for target in waiting),
    }


def changed(version: str, selection: Selection, drawn: Any) -> frozenset[str]:
    """The parts of the selection that differ from what the views show (all, when unknown)."""
    if not isinstance(drawn, dict) or drawn.get("version") != version:
        return ALL_FIELDS
    now = drawn_state(version, selection)
    return frozenset(name for name in ALL_FIELDS if drawn.get(name) != now[name])


def waiting(drawn: Any) -> set[str]:
    """The targets ids.VIEWS_DRAWN names as waiting."""
    names = drawn.get("waiting") if isinstance(drawn, dict) else None
    return {str(name) for name in names} if isinstance(names, list) else set()


def waiting_classes(drawn: dict[str, Any]) -> str:
    """'waiting-trend-chart waiting-directory-grid': what waits to be drawn, where assets/charts.js
    can see it (it asks again for any of them that is in view: a scroll during a request)."""
    return " ".join(sorted({f"waiting-{name.rsplit('.', 1)[0]}" for name in drawn.get("waiting", [])}))


def due(
    outputs: Sequence[Target], follows_a_change: bool, waiting_before: Collection[str], in_view: Any
) -> tuple[list[bool], list[Target]]:
    """Which of a view's outputs get a new value now, and which wait: an output is due when its view
    follows a part of the selection that changed, or it was waiting; a deferred one that is due but not
    in view (`in_view`, seen_now's) waits instead."""
    seen = in_view if isinstance(in_view, dict) else {}
    now = [follows_a_change or key(target) in waiting_before for target in outputs]
    waits = []
    for position, target in enumerate(outputs):
        if now[position] and target in DEFERRED and seen.get(target[0]) is not True:
            waits.append(target)
            now[position] = False
    return now, waits
