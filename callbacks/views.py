"""Every view follows the selection held in the three controls. Each callback is thin: read the
selection, ask ``dashboard`` for numbers, figures and sentences, return them."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, Patch, callback, clientside_callback

from dashboard import ids
from dashboard.analysis.insights import insights
from dashboard.analysis.metrics import (
    directory_rows,
    gap_matrix,
    gap_regions,
    headline,
    impact_rates,
    industry_breakdown,
    past_year,
    region_profile,
    region_values,
    shown_year,
    years,
)
from dashboard.analysis.published import (
    partnership_card_note,
    published_summary,
    quote_advice,
)
from dashboard.analysis.state import Selection, normal_year
from dashboard.analysis.text import (
    gap_caption,
    impact_caption,
    in_year,
    industry_caption,
    map_caption,
    selection_summary,
)
from dashboard.data.sources import citation
from dashboard.output.figures import gap_chart, industry_chart, region_map_style
from dashboard.output.views import growth_view
from dashboard.store.loading import get_dataset
from layouts.components import headline_cards, region_profile_view
from layouts.views import (
    gap_list,
    gap_table,
    impact_table,
    industry_table,
    insight_items,
    profile_hint,
    region_values_table,
    trend_table,
)

SELECTION_INPUTS = (
    Input(ids.REGION_SELECT, "value"),
    Input(ids.INDUSTRY_SELECT, "value"),
    Input(ids.METRIC_SELECT, "value"),
    Input(ids.YEAR_SLIDER, "value"),
)


def _selection(regions: list[int] | None, industry: str | None, metric: str | None, year: int | None) -> Selection:
    return Selection.of(regions, industry, metric, normal_year(year, years(get_dataset())))


def style_patch(style: dict[tuple[str | int, ...], Any]) -> Patch:
    """Send only the changed parts of a figure; the region geometry stays in the browser."""
    patch = Patch()
    for path, value in style.items():
        node: Any = patch
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return patch


@callback(Output(ids.REGION_MAP, "figure"), *SELECTION_INPUTS)
def update_map(regions: list[int] | None, industry: str | None, metric: str | None, year: int | None) -> Patch:
    """Only what changed on the map: its own response, so the map redraws as soon as it can."""
    selection = _selection(regions, industry, metric, year)
    dataset = get_dataset()
    values = region_values(dataset, selection.industry, selection.year)
    return style_patch(region_map_style(values, selection, sample=dataset.is_sample))


@callback(
    Output(ids.REGION_MAP_CAPTION, "children"),
    Output(ids.REGION_MAP_TABLE, "children"),
    Output(ids.SELECTION_SUMMARY, "children"),
    *SELECTION_INPUTS,
)
def describe_map(
    regions: list[int] | None, industry: str | None, metric: str | None, year: int | None
) -> tuple[str, Any, str]:
    dataset = get_dataset()
    selection = _selection(regions, industry, metric, year)
    values = region_values(dataset, selection.industry, selection.year)
    past = past_year(dataset, selection.year)
    return (
        map_caption(values, selection, sample=dataset.is_sample, past=past),
        region_values_table(values, sample=dataset.is_sample, past=past),
        selection_summary(selection, dataset.geography, shown_year(dataset, selection.year)),
    )


@callback(Output(ids.INSIGHTS, "children"), *SELECTION_INPUTS)
def update_insights(regions: list[int] | None, industry: str | None, metric: str | None, year: int | None) -> list[Any]:
    return insight_items(insights(get_dataset(), _selection(regions, industry, metric, year)))


@callback(Output(ids.CARDS, "children"), *SELECTION_INPUTS)
def update_cards(regions: list[int] | None, industry: str | None, metric: str | None, year: int | None) -> list[Any]:
    dataset = get_dataset()
    selection = _selection(regions, industry, metric, year)
    now = selection.year is None  # published figures describe today, not a past year
    statewide_now = now and selection.is_statewide
    numbers = headline(dataset, selection)
    return headline_cards(
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
    )


@callback(
    Output(ids.INDUSTRY_CHART, "figure"),
    Output(ids.INDUSTRY_CHART_CAPTION, "children"),
    Output(ids.INDUSTRY_CHART_TABLE, "children"),
    *SELECTION_INPUTS,
)
def update_industries(
    regions: list[int] | None, industry: str | None, metric: str | None, year: int | None
) -> tuple[Any, str, Any]:
    dataset = get_dataset()
    selection = _selection(regions, industry, metric, year)
    breakdown = industry_breakdown(dataset, selection)
    return (
        industry_chart(breakdown, selection, sample=dataset.is_sample),
        industry_caption(breakdown, selection, sample=dataset.is_sample),
        industry_table(breakdown, sample=dataset.is_sample),
    )


@callback(
    Output(ids.TREND_CHART, "figure"),
    Output(ids.TREND_CHART_CAPTION, "children"),
    Output(ids.TREND_CHART_TABLE, "children"),
    *SELECTION_INPUTS,
)
def update_trend(
    regions: list[int] | None, industry: str | None, metric: str | None, year: int | None
) -> tuple[Any, str, Any]:
    dataset = get_dataset()
    selection = _selection(regions, industry, metric, year)
    growth = growth_view(dataset, selection)
    return growth.figure, growth.caption, trend_table(growth.trend, sample=dataset.is_sample)


@callback(
    Output(ids.GAP_MATRIX, "figure"),
    Output(ids.GAP_MATRIX_CAPTION, "children"),
    Output(ids.GAP_MATRIX_TABLE, "children"),
    *SELECTION_INPUTS,
)
def update_gaps(
    regions: list[int] | None, industry: str | None, metric: str | None, year: int | None
) -> tuple[Any, str, Any]:
    dataset = get_dataset()
    selection = _selection(regions, industry, metric, year)
    matrix = gap_matrix(dataset, selection)
    gaps = gap_regions(dataset, selection.industry, selection.year)
    names = dataset.geography.regions["region_name"]
    return (
        gap_chart(matrix, names),
        gap_caption(
            gaps,
            dataset.geography,
            selection,
            past_note=in_year(past_year(dataset, selection.year), sample=dataset.is_sample),
        ),
        gap_table(matrix, names),
    )


@callback(Output(ids.GAP_LIST, "children"), Input(ids.INDUSTRY_SELECT, "value"), Input(ids.YEAR_SLIDER, "value"))
def update_gap_list(industry: str | None, year: int | None) -> Any:
    """Which regions are gaps depends on the industry and year only: a region click leaves the
    list (and its buttons) as they are."""
    dataset = get_dataset()
    selection = Selection.of(industry=industry, year=normal_year(year, years(dataset)))
    return gap_list(dataset, gap_regions(dataset, selection.industry, selection.year), selection)


# The profile and the directory describe today: they do not follow the year.
CURRENT_INPUTS = (Input(ids.REGION_SELECT, "value"), Input(ids.INDUSTRY_SELECT, "value"))


@callback(Output(ids.REGION_PROFILE, "children"), *CURRENT_INPUTS)
def update_profile(regions: list[int] | None, industry: str | None) -> list[Any]:
    dataset = get_dataset()
    selection = Selection.of(regions, industry)
    if len(selection.regions) != 1:
        return profile_hint()
    return region_profile_view(region_profile(dataset, selection.regions[0]), sample=dataset.is_sample)


@callback(Output(ids.DIRECTORY, "rowData"), *CURRENT_INPUTS)
def update_directory(regions: list[int] | None, industry: str | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = directory_rows(get_dataset(), Selection.of(regions, industry)).to_dict("records")
    return rows


# Counted in the browser: the grid knows what its search and column filters leave visible.
clientside_callback(
    """(visible, rows) => {
        const total = (rows || []).length;
        const shown = visible ? visible.length : total;
        return `${shown} of ${total} partnerships in the selection shown.`;
    }""",
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
    Output(ids.IMPACT_CHART_CAPTION, "children"), Output(ids.IMPACT_CHART_TABLE, "children"), Input(ids.URL, "pathname")
)
def describe_impact(_pathname: str | None) -> tuple[str, Any]:
    dataset = get_dataset()
    outcomes = impact_rates(dataset).assign(source=lambda f: f["source"].map(lambda s: citation(dataset, s)))
    return impact_caption(outcomes), impact_table(outcomes)
