"""Every view follows the selection held in the three controls. Each callback is thin: read the
selection, ask ``dashboard`` for numbers, figures and sentences, return them."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, Patch, callback, clientside_callback, html

from dashboard import ids
from dashboard.data import Dataset, get_dataset
from dashboard.figures import gap_chart, industry_chart, region_map_style, trend_chart
from dashboard.insights import insights
from dashboard.metrics import (
    Selection,
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
    yearly_trend,
    years,
)
from dashboard.published import (
    GROWTH_FILTERED_NOTE,
    growth_marks,
    growth_published_phrases,
    partnership_card_note,
    published_summary,
    quote_advice,
)
from dashboard.sources import citation
from dashboard.state import normal_year
from dashboard.text import (
    gap_caption,
    impact_caption,
    in_year,
    industry_caption,
    map_caption,
    selection_summary,
    trend_caption,
)
from layouts.components import data_table, headline_cards, region_profile_view

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
    table = values[["region_name", "counties", "partnerships", "businesses", "industries"]].rename(
        columns={
            "region_name": "Region name",
            "counties": "Counties",
            "partnerships": "Active partnerships",
            "businesses": "Businesses engaged" + (" (sample)" if dataset.is_sample else ""),
            "industries": "Industries",
        }
    )
    table.index.name = "Region"
    past = past_year(dataset, selection.year)
    return (
        map_caption(values, selection, sample=dataset.is_sample, past=past),
        data_table(table, "Values per region" + (f" in {past}" if past else ""), index=True),
        selection_summary(selection, dataset.geography, shown_year(dataset, selection.year)),
    )


@callback(Output(ids.INSIGHTS, "children"), *SELECTION_INPUTS)
def update_insights(regions: list[int] | None, industry: str | None, metric: str | None, year: int | None) -> list[Any]:
    return [html.Li(sentence) for sentence in insights(get_dataset(), _selection(regions, industry, metric, year))]


@callback(Output(ids.CARDS, "children"), *SELECTION_INPUTS)
def update_cards(
    regions: list[int] | None, industry: str | None, metric: str | None, year: int | None
) -> list[dbc.Col]:
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
    sample = " (sample)" if dataset.is_sample else ""
    table = breakdown.iloc[::-1].rename(
        columns={"partnerships": "Active partnerships", "businesses": f"Businesses engaged{sample}"}
    )
    table.index.name = "Industry"
    return (
        industry_chart(breakdown, selection, sample=dataset.is_sample),
        industry_caption(breakdown, selection, sample=dataset.is_sample),
        data_table(table, "Partnerships and businesses per industry", index=True),
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
    trend = yearly_trend(dataset, selection)
    sample = " (sample)" if dataset.is_sample else ""
    table = trend.rename(
        columns={
            "businesses": f"Businesses engaged{sample}",
            "partnerships": f"Partnerships with active members{sample}",
        }
    )
    table.index.name = "Year"
    caption = trend_caption(trend, growth_published_phrases(dataset, selection), sample=dataset.is_sample)
    if not selection.is_statewide:
        caption += " " + GROWTH_FILTERED_NOTE
    marks = growth_marks(dataset, selection)
    figure = trend_chart(trend, marks, sample=dataset.is_sample, year=shown_year(dataset, selection.year))
    return figure, caption, data_table(table, "Per year", index=True)


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
    table = matrix.rename(index=lambda r: f"{r} {names[r]}")
    table.index.name = "Region"
    return (
        gap_chart(matrix, names),
        gap_caption(
            gaps,
            dataset.geography,
            selection,
            past_note=in_year(past_year(dataset, selection.year), sample=dataset.is_sample),
        ),
        data_table(table, "Active partnerships per region and industry (0 = gap)", index=True),
    )


@callback(Output(ids.GAP_LIST, "children"), Input(ids.INDUSTRY_SELECT, "value"), Input(ids.YEAR_SLIDER, "value"))
def update_gap_list(industry: str | None, year: int | None) -> Any:
    """Which regions are gaps depends on the industry and year only: a region click leaves the
    list (and its buttons) as they are."""
    dataset = get_dataset()
    selection = Selection.of(industry=industry, year=normal_year(year, years(dataset)))
    return gap_list(dataset, gap_regions(dataset, selection.industry, selection.year), selection)


def gap_list(dataset: Dataset, gaps: list[int], selection: Selection) -> Any:
    what = f"no active {selection.industry} partnership" if selection.industry else "no active partnership"
    past = past_year(dataset, selection.year)
    if past is not None:
        what += f" in {past}" + (" (sample membership)" if dataset.is_sample else "")
    if not gaps:
        return html.P(
            gap_caption(gaps, dataset.geography, selection, past_note=in_year(past, sample=dataset.is_sample))
        )
    return html.Div(
        [
            html.H3(f"Regions with {what}, statewide", className="h6 mb-1"),
            html.Ul(
                [
                    html.Li(
                        dbc.Button(
                            ["✕ ", dataset.geography.region_label(region)],
                            id=ids.gap_region_button(region),
                            color="link",
                            className="p-0 gap-link",
                            title=f"Select Region {region}",
                        )
                    )
                    for region in gaps
                ],
                className="list-unstyled mb-0 gap-list",
            ),
        ]
    )


# The profile and the directory describe today: they do not follow the year.
CURRENT_INPUTS = (Input(ids.REGION_SELECT, "value"), Input(ids.INDUSTRY_SELECT, "value"))


@callback(Output(ids.REGION_PROFILE, "children"), *CURRENT_INPUTS)
def update_profile(regions: list[int] | None, industry: str | None) -> list[Any]:
    dataset = get_dataset()
    selection = Selection.of(regions, industry)
    if len(selection.regions) != 1:
        hint = (
            "Select a single region (click it on the map, or choose it under Regions) to see its profile: "
            "counties, partnerships, conveners, members, and the industries present and missing."
        )
        return [html.H2("Region profile", className="h5 card-title"), html.P(hint, className="mb-0")]
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
    caption = impact_caption(outcomes)
    table = outcomes[["category", "metric", "rate", "unit", "survey", "source"]].rename(
        columns={
            "category": "Category",
            "metric": "Result",
            "rate": "Rate (%)",
            "unit": "Share of",
            "survey": "Survey",
            "source": "Source",
        }
    )
    return caption, data_table(table, "Published impact rates")
