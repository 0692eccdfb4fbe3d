"""What the views' callbacks show, built from computed data: the insight list, the gap list, the
profile's hint and the table behind each chart (its text alternative). The first render and
every update share these builders."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import ids
from dashboard.analysis.metrics import impact_rates, past_year
from dashboard.analysis.priority import RULE, basis, priority_gaps, top_industries, unscored
from dashboard.analysis.state import Selection
from dashboard.analysis.text import gap_caption, impact_caption, in_year, jobs_phrase, lq_phrase, priority_line
from dashboard.data.dataset import Dataset
from dashboard.data.sources import citation
from layouts.components import data_table


def _sample(sample: bool) -> str:
    return " (sample)" if sample else ""


def insight_items(sentences: list[str]) -> list[html.Li]:
    return [html.Li(sentence) for sentence in sentences]


def profile_hint() -> list[Any]:
    hint = (
        "Select a single region (click it on the map, or choose it under Regions) to see its profile: "
        "counties, partnerships, conveners, members, and the industries present and missing."
    )
    return [html.H2("Region profile", className="h5 card-title"), html.P(hint, className="mb-0")]


def region_values_table(values: pd.DataFrame, *, sample: bool, past: int | None) -> Any:
    table = values[["region_name", "counties", "partnerships", "businesses", "industries"]].rename(
        columns={
            "region_name": "Region name",
            "counties": "Counties",
            "partnerships": "Active partnerships",
            "businesses": f"Businesses engaged{_sample(sample)}",
            "industries": "Industries",
        }
    )
    table.index.name = "Region"
    return data_table(table, "Values per region" + (f" in {past}" if past else ""), index=True)


def industry_table(breakdown: pd.DataFrame, *, sample: bool) -> Any:
    table = breakdown.iloc[::-1].rename(
        columns={"partnerships": "Active partnerships", "businesses": f"Businesses engaged{_sample(sample)}"}
    )
    table.index.name = "Industry"
    return data_table(table, "Partnerships and businesses per industry", index=True)


def trend_table(trend: pd.DataFrame, *, sample: bool) -> Any:
    table = trend.rename(
        columns={
            "businesses": f"Businesses engaged{_sample(sample)}",
            "partnerships": f"Partnerships with active members{_sample(sample)}",
        }
    )
    table.index.name = "Year"
    return data_table(table, "Per year", index=True)


def gap_table(matrix: pd.DataFrame, names: pd.Series, priority: Collection[tuple[int, str]] = ()) -> Any:
    marked = set(priority)
    if marked:
        table: pd.DataFrame = matrix.astype(object)
        for region, industry in marked:
            if region in table.index and industry in table.columns:
                table.at[region, industry] = f"{table.at[region, industry]} ◇ priority gap"
        caption = "Active partnerships per region and industry (0 = gap; ◇ = priority gap)"
    else:
        table, caption = matrix, "Active partnerships per region and industry (0 = gap)"
    table = table.rename(index=lambda r: f"{r} {names[r]}")
    table.index.name = "Region"
    return data_table(table, caption, index=True)


QCEW_FILES = "https://www.bls.gov/cew/downloadable-data-files.htm"
PRIORITY_SHOWN = 10


def priority_list(dataset: Dataset, selection: Selection) -> Any:
    """The priority gaps of the selection, largest first, under the rule that makes them; or, with
    no employment data, what it takes to see them."""
    where = basis(dataset)
    heading = html.H3("Priority gaps: key industries with no partnership", className="h6 mb-1 mt-2")
    if where is None:
        return html.Div(
            [
                heading,
                html.P(
                    [
                        "Here you would see, region by region, the industries that employ the most people there "
                        "(or are unusually concentrated there) and have no active partnership: where a new "
                        "partnership could matter most, largest first.",
                    ],
                    className="small mb-1",
                ),
                html.P(
                    [
                        "It needs employment by industry and county, which this dashboard's sources do not give. "
                        "BLS publishes it as the Quarterly Census of Employment and Wages (",
                        html.A("QCEW data files", href=QCEW_FILES, target="_blank", rel="noopener"),
                        "). How to add it: an editor signs in on the ",
                        html.A("Data page", href="/data"),
                        f" and drops BLS's files for {dataset.geography.state_name} there as downloaded (the annual"
                        " CSVs by area; a ZIP "
                        "of them works too); the ",
                        html.A("NAICS crosswalk", href="/data/templates/naics-crosswalk.csv"),
                        " says which industry codes make each of the dashboard's industries.",
                    ],
                    className="small mb-0",
                ),
            ],
            className="priority-gaps",
        )
    gaps = priority_gaps(dataset, selection.regions, selection.industry)
    shown = gaps.head(PRIORITY_SHOWN)
    more = len(gaps) - len(shown)
    unscored_industries = unscored(dataset)
    return html.Div(
        [
            heading,
            html.P([RULE, " Employment: ", where.phrase(), "."], className="small mb-1"),
            html.Ol(
                [html.Li(["◇ ", priority_line(row, dataset.geography)]) for _, row in shown.iterrows()],
                className="mb-1 priority-list",
            )
            if len(shown)
            else html.P(
                "None in this selection: each key industry here has an active partnership in its region.",
                className="mb-1",
            ),
            html.P(f"… and {more} more (largest {PRIORITY_SHOWN} shown).", className="small mb-1") if more else None,
            html.P(
                "Not scored (no clean NAICS match in the crosswalk): " + ", ".join(unscored_industries) + ".",
                className="small text-body-secondary mb-0",
            )
            if unscored_industries
            else None,
        ],
        className="priority-gaps",
    )


def employment_profile(dataset: Dataset, region: int) -> Any:
    """A region's largest industries by employment, each marked with whether it has a partnership."""
    where = basis(dataset)
    if where is None:
        return html.P(
            "Largest industries by employment: load QCEW employment on the Data page to see them.",
            className="small mt-2 mb-0",
        )
    top = top_industries(dataset, region)
    items = []
    for _, row in top.iterrows():
        jobs = jobs_phrase(float(row["employment"]), int(row["suppressed"]))
        mark = "has an active partnership" if row["has_partnership"] else "no partnership"
        if row["priority"]:
            mark = "◇ no partnership: a priority gap"
        items.append(html.Li(f"{row['industry']}: {jobs}, {lq_phrase(row['lq'])} — {mark}"))
    return html.Div(
        [
            html.H3("Largest industries by employment", className="h6 mt-3 mb-1"),
            html.P(where.phrase() + ".", className="small mb-1"),
            html.Ol(items, className="mb-0")
            if items
            else html.P("No employment in the industries scored.", className="mb-0"),
        ]
    )


def impact_words(dataset: Dataset) -> tuple[str, Any]:
    """The impact chart's caption and table: the same for every selection, so they are part of the
    page as built once per data version, not a request of every page load."""
    outcomes = impact_rates(dataset).assign(source=lambda f: f["source"].map(lambda s: citation(dataset, s)))
    return impact_caption(outcomes), impact_table(outcomes)


def impact_table(outcomes: pd.DataFrame) -> Any:
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
    return data_table(table, "Published impact rates")


def gap_list(dataset: Dataset, gaps: list[int], selection: Selection) -> Any:
    """The regions without a partnership as buttons that select them, or a sentence when there are none."""
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
