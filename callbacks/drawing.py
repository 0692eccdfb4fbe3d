"""The views: what each draws for a selection, and the callbacks of the directory and impact panels.

Each draw is thin: ask ``dashboard`` for numbers, figures and sentences, ``layouts`` for components."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dash import ClientsideFunction, Input, Output, Patch, State, callback, clientside_callback, dcc, no_update

from callbacks import seen
from callbacks.seen import MAP_FIELDS, Target
from dashboard import ids
from dashboard.analysis.insights import insights
from dashboard.analysis.metrics import (
    directory_rows,
    gap_matrix,
    gap_regions,
    headline,
    industry_breakdown,
    past_year,
    region_profile,
    region_values,
    shown_year,
)
from dashboard.analysis.outcomes import (
    chosen_measure,
    comparison,
    comparison_caption,
    completeness,
    completeness_sentence,
    link_selection,
    measures,
    scope_words,
)
from dashboard.analysis.priority import priority_cells
from dashboard.analysis.published import (
    partnership_card_note,
    published_summary,
    quote_advice,
)
from dashboard.analysis.state import Selection
from dashboard.analysis.text import (
    gap_caption,
    in_year,
    industry_caption,
    map_caption,
    priority_mark_note,
    selection_summary,
)
from dashboard.data.dataset import Dataset
from dashboard.data.membership import memoized
from dashboard.output.figures import gap_chart, industry_chart, region_map_style, sentence_figure
from dashboard.output.outcome_figures import comparison_chart
from dashboard.output.shared_figures import growth_caption, growth_view
from dashboard.store.loading import get_dataset
from dashboard.store.safe_export import frame_csv
from layouts.components import headline_cards, region_profile_view
from layouts.outcome_components import (
    comparison_frame,
    comparison_table,
    completeness_frame,
    completeness_view,
    csv_preface,
)
from layouts.view_components import (
    employment_profile,
    gap_list,
    gap_table,
    industry_table,
    insight_items,
    priority_list,
    profile_hint,
    region_values_table,
    trend_table,
)

if TYPE_CHECKING:
    import pandas as pd

# --------------------------------------------------------------------------------------------
# The views that follow the selection. Each draws its outputs from the dataset and the selection
# and names the parts of the selection it follows; the selection controller (callbacks/selection.py)
# draws them all in the same response as the new selection, one round trip per interaction, and
# leaves a view as it is when nothing it follows has changed.

Drawn = tuple[Any, ...]
NOT_METRIC = frozenset({"regions", "industry", "year"})  # only the map and its sentences show the metric
TODAY = frozenset({"regions", "industry"})  # the profile and the directory describe today, not a year


@dataclass(frozen=True)
class View:
    name: str
    outputs: tuple[Target, ...]
    follows: frozenset[str]
    draw: Callable[[Dataset, Selection], Drawn]
    # The outputs that are never deferred (in order), drawn without building the deferred ones:
    # a chart out of view still gets its caption now, without its figure and table being made.
    undeferred: Callable[[Dataset, Selection], Drawn] | None = None


def style_patch(style: dict[tuple[str | int, ...], Any]) -> Patch:
    """Send only the changed parts of a figure; the region geometry stays in the browser."""
    patch = Patch()
    for path, value in style.items():
        node: Any = patch
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return patch


def map_view(dataset: Dataset, selection: Selection) -> Drawn:
    """The map's colours and outlines as a Patch, its caption, its table and the selection summary."""
    values = region_values(dataset, selection.industry, selection.year)
    patch, caption, summary = map_words(dataset, selection)
    past = past_year(dataset, selection.year)
    return patch, caption, region_values_table(values, sample=dataset.is_sample, past=past), summary


def map_words(dataset: Dataset, selection: Selection) -> Drawn:
    """The map without its table: the Patch, the caption and the selection summary."""
    values = region_values(dataset, selection.industry, selection.year)
    past = past_year(dataset, selection.year)
    return (
        style_patch(region_map_style(values, selection, sample=dataset.is_sample)),
        map_caption(values, selection, sample=dataset.is_sample, past=past),
        selection_summary(selection, dataset.geography, shown_year(dataset, selection.year)),
    )


def insights_view(dataset: Dataset, selection: Selection) -> Drawn:
    return (insight_items(insights(dataset, selection)),)


def cards_view(dataset: Dataset, selection: Selection) -> Drawn:
    now = selection.year is None  # published figures describe today, not a past year
    statewide_now = now and selection.is_statewide
    numbers = headline(dataset, selection)
    return (
        headline_cards(
            numbers,
            partnership_note=partnership_card_note(dataset, selection) if now else None,
            published_partnerships=published_summary(dataset, "active_partnerships") if statewide_now else None,
            published_businesses=published_summary(dataset, "businesses_engaged") if statewide_now else None,
            sample=dataset.is_sample,
            statewide=selection.is_statewide,
            past=not now,
            quote_advice=quote_advice(dataset, "active_partnerships", numbers.active_partnerships)
            if statewide_now
            else None,
        ),
    )


def industries_view(dataset: Dataset, selection: Selection) -> Drawn:
    breakdown = industry_breakdown(dataset, selection)
    return (
        industry_chart(breakdown, selection, sample=dataset.is_sample),
        *industries_words(dataset, selection),
        industry_table(breakdown, sample=dataset.is_sample),
    )


def industries_words(dataset: Dataset, selection: Selection) -> Drawn:
    return (industry_caption(industry_breakdown(dataset, selection), selection, sample=dataset.is_sample),)


def trend_view(dataset: Dataset, selection: Selection) -> Drawn:
    growth = growth_view(dataset, selection)
    return growth.figure, growth.caption, trend_table(growth.trend, sample=dataset.is_sample)


def trend_words(dataset: Dataset, selection: Selection) -> Drawn:
    return (growth_caption(dataset, selection),)


def gaps_view(dataset: Dataset, selection: Selection) -> Drawn:
    matrix, priority = _gaps(dataset, selection)
    names = dataset.geography.regions["region_name"]
    return (
        gap_chart(matrix, names, priority),
        _gaps_caption(dataset, selection, matrix, priority),
        gap_table(matrix, names, priority),
    )


def gaps_words(dataset: Dataset, selection: Selection) -> Drawn:
    return (_gaps_caption(dataset, selection, *_gaps(dataset, selection)),)


def _gaps(dataset: Dataset, selection: Selection) -> tuple[pd.DataFrame, set[tuple[int, str]]]:
    """The gap matrix and its priority cells. Priority gaps compare today's partnerships with
    employment: not drawn over a past year's matrix."""
    priority = priority_cells(dataset, selection) if selection.year is None else set()
    return gap_matrix(dataset, selection), priority


def _gaps_caption(dataset: Dataset, selection: Selection, matrix: pd.DataFrame, priority: set[tuple[int, str]]) -> str:
    gaps = gap_regions(dataset, selection.industry, selection.year)
    past_note = in_year(past_year(dataset, selection.year), sample=dataset.is_sample)
    return gap_caption(gaps, dataset.geography, selection, past_note=past_note) + priority_mark_note(
        matrix, priority, sample=dataset.employment_is_sample
    )


def priority_view(dataset: Dataset, selection: Selection) -> Drawn:
    return (priority_list(dataset, Selection.of(selection.regions, selection.industry)),)


def gap_list_view(dataset: Dataset, selection: Selection) -> Drawn:
    """Which regions are gaps depends on the industry and year only: a region click leaves the
    list (and its buttons) as they are."""
    shown = Selection.of(industry=selection.industry, year=selection.year)
    return (gap_list(dataset, gap_regions(dataset, shown.industry, shown.year), shown),)


def profile_view(dataset: Dataset, selection: Selection) -> Drawn:
    if len(selection.regions) != 1:
        return (profile_hint(),)
    region = selection.regions[0]
    return (
        [
            *region_profile_view(
                region_profile(dataset, region), sample=dataset.is_sample, state=dataset.geography.state_name
            ),
            employment_profile(dataset, region),
        ],
    )


def directory_view(dataset: Dataset, selection: Selection) -> Drawn:
    rows: list[dict[str, Any]] = directory_rows(dataset, Selection.of(selection.regions, selection.industry)).to_dict(
        "records"
    )
    return (rows,)


OUTCOME_FIELDS = frozenset({"regions", "industry", "measure"})  # outcomes are by year, not of the year shown


def outcomes_view(dataset: Dataset, selection: Selection) -> Drawn:
    """One measure compared across the partnerships in scope, in words and as a table, and whose outcomes
    are recorded."""
    measure = chosen_measure(dataset, selection)
    reported = comparison(dataset, selection, measure.measure)
    caption = comparison_caption(dataset, selection)
    sample = dataset.partnership_outcomes_are_sample
    figure = comparison_chart(reported, measure) if reported else sentence_figure(caption)
    table = completeness(dataset, selection)
    where = scope_words(dataset, selection)
    return (
        figure,
        caption,
        comparison_table(reported, measure, sample=sample),
        completeness_view(table, completeness_sentence(table, measures(dataset), where), dataset, sample=sample),
    )


def outcomes_words(dataset: Dataset, selection: Selection) -> Drawn:
    return (comparison_caption(dataset, selection),)


VIEWS: tuple[View, ...] = (
    View(
        "map",
        (
            (ids.REGION_MAP, "figure"),
            (ids.REGION_MAP_CAPTION, "children"),
            (ids.REGION_MAP_TABLE, "children"),
            (ids.SELECTION_SUMMARY, "children"),
        ),
        MAP_FIELDS,
        map_view,
        map_words,
    ),
    View("insights", ((ids.INSIGHTS, "children"),), MAP_FIELDS, insights_view),
    View("cards", ((ids.CARDS, "children"),), NOT_METRIC, cards_view),
    View(
        "industries",
        (
            (ids.INDUSTRY_CHART, "figure"),
            (ids.INDUSTRY_CHART_CAPTION, "children"),
            (ids.INDUSTRY_CHART_TABLE, "children"),
        ),
        NOT_METRIC,
        industries_view,
        industries_words,
    ),
    View(
        "growth",
        ((ids.TREND_CHART, "figure"), (ids.TREND_CHART_CAPTION, "children"), (ids.TREND_CHART_TABLE, "children")),
        NOT_METRIC,
        trend_view,
        trend_words,
    ),
    View(
        "gaps",
        ((ids.GAP_MATRIX, "figure"), (ids.GAP_MATRIX_CAPTION, "children"), (ids.GAP_MATRIX_TABLE, "children")),
        NOT_METRIC,
        gaps_view,
        gaps_words,
    ),
    View("gap list", ((ids.GAP_LIST, "children"),), frozenset({"industry", "year"}), gap_list_view),
    View("priority gaps", ((ids.PRIORITY_GAPS, "children"),), TODAY, priority_view),
    View("profile", ((ids.REGION_PROFILE, "children"),), TODAY, profile_view),
    View("directory", ((ids.DIRECTORY, "rowData"),), TODAY, directory_view),
    View(
        "outcomes",
        (
            (ids.OUTCOME_CHART, "figure"),
            (ids.OUTCOME_CHART_CAPTION, "children"),
            (ids.OUTCOME_CHART_TABLE, "children"),
            (ids.COMPLETENESS, "children"),
        ),
        OUTCOME_FIELDS,
        outcomes_view,
        outcomes_words,
    ),
)

TARGETS: tuple[Target, ...] = tuple(target for view in VIEWS for target in view.outputs)
VIEW_OUTPUTS: tuple[Output, ...] = tuple(Output(component, prop) for component, prop in TARGETS)


def draw_view(dataset: Dataset, selection: Selection, view: View, *, undeferred: bool = False) -> Drawn:
    """A view's outputs, remembered with the dataset under the parts of the selection it follows:
    going back to a region already seen costs nothing. With `undeferred`, only the outputs that are
    never deferred, when the view can draw them alone (View.undeferred); the rest are no_update."""
    followed = tuple(getattr(selection, name) for name in sorted(view.follows))
    if undeferred and view.undeferred is not None:
        draw_words = view.undeferred
        words = iter(memoized(dataset, ("view words", view.name, *followed), lambda: draw_words(dataset, selection)))
        return tuple(no_update if target in seen.DEFERRED else next(words) for target in view.outputs)
    return memoized(dataset, ("view", view.name, *followed), lambda: view.draw(dataset, selection))


def draw_views(
    dataset: Dataset, selection: Selection, drawn: Any = None, in_view: Any = None
) -> tuple[list[Any], dict[str, Any]]:
    """The values of VIEW_OUTPUTS, and the new ids.VIEWS_DRAWN (callbacks/seen.py: what is due now,
    what waits until it is seen).

    A view whose part of the selection is as drawn is ``no_update``. A deferred target gets its new
    value only when it is in view (`in_view`: component id → bool, from the page); otherwise it is
    ``no_update`` and noted as waiting, and is drawn by a later call once it is in view."""
    changed = seen.changed(dataset.version, selection, drawn)
    waiting_before = seen.waiting(drawn) if changed != seen.ALL_FIELDS else set()
    outputs: list[Any] = []
    waiting: list[Target] = []
    for view in VIEWS:
        due, waits = seen.due(view.outputs, bool(view.follows & changed), waiting_before, in_view)
        waiting += waits
        deferred_due = any(due[i] for i, target in enumerate(view.outputs) if target in seen.DEFERRED)
        drawn_now = draw_view(dataset, selection, view, undeferred=not deferred_due) if any(due) else ()
        outputs += [drawn_now[i] if due[i] else no_update for i in range(len(view.outputs))]
    return outputs, seen.drawn_state(dataset.version, selection, waiting)


# Counted in the browser: the grid knows what its search and column filters leave visible.
clientside_callback(
    ClientsideFunction("directory", "count"),  # assets/directory.js
    Output(ids.DIRECTORY_COUNT, "children"),
    Input(ids.DIRECTORY, "virtualRowData"),
    Input(ids.DIRECTORY, "rowData"),
)


@callback(Output(ids.DIRECTORY, "dashGridOptions"), Input(ids.DIRECTORY_SEARCH, "value"), prevent_initial_call=True)
def search_directory(text: str | None) -> Patch:
    patch = Patch()
    patch["quickFilterText"] = text or ""
    return patch


@callback(
    Output(ids.DIRECTORY, "exportDataAsCsv"), Input(ids.DIRECTORY_DOWNLOAD, "n_clicks"), prevent_initial_call=True
)
def download_directory(_clicks: int | None) -> bool:
    return True


@callback(
    Output(ids.OUTCOME_CSV, "data"),
    Input(ids.OUTCOME_DOWNLOAD, "n_clicks"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def download_outcomes(_clicks: int | None, search: str | None) -> Any:
    """The measure compared, for the selection in the link, as CSV with its sources (and sample label)."""
    dataset = get_dataset()
    selection = link_selection(dataset, search)
    measure = chosen_measure(dataset, selection)
    reported = comparison(dataset, selection, measure.measure)
    where = scope_words(dataset, selection) or " statewide"
    preface = csv_preface(dataset, f"{measure.label}{where}", {r.source for r in reported if r.source})
    return dcc.send_bytes(frame_csv(comparison_frame(reported, measure), preface), f"outcomes-{measure.measure}.csv")


@callback(
    Output(ids.COMPLETENESS_CSV, "data"),
    Input(ids.COMPLETENESS_DOWNLOAD, "n_clicks"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def download_completeness(_clicks: int | None, search: str | None) -> Any:
    """Whose outcomes are recorded, for the regions and industry in the link, as CSV (a blank: none recorded)."""
    dataset = get_dataset()
    selection = link_selection(dataset, search)
    where = scope_words(dataset, selection) or " statewide"
    title = f"Latest year each active partnership{where} reports, by measure (blank: none recorded)"
    frame = completeness_frame(dataset, completeness(dataset, selection))
    return dcc.send_bytes(frame_csv(frame, csv_preface(dataset, title, set())), "outcomes-recorded.csv")
