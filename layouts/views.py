"""What the views' callbacks show, built from computed data: the insight list, the gap list, the
profile's hint and the table behind each chart (its text alternative). The first render and
every update share these builders."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import ids
from dashboard.analysis.metrics import past_year
from dashboard.analysis.state import Selection
from dashboard.analysis.text import gap_caption, in_year
from dashboard.data.dataset import Dataset
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


def gap_table(matrix: pd.DataFrame, names: pd.Series) -> Any:
    table = matrix.rename(index=lambda r: f"{r} {names[r]}")
    table.index.name = "Region"
    return data_table(table, "Active partnerships per region and industry (0 = gap)", index=True)


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
