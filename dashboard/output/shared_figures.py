"""A view's chart and its words for a selection, where the page and the slides must agree: the one
place each rule lives (the growth chart's published totals, its selected-year mark and its note
when filtered)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.metrics import impact_rates, region_values, shown_year, trend_ends, yearly_trend
from dashboard.analysis.published import GROWTH_FILTERED_NOTE, growth_marks, growth_published_phrases
from dashboard.analysis.state import Selection
from dashboard.analysis.text import impact_caption, trend_caption
from dashboard.data.dataset import Dataset
from dashboard.data.membership import memoized
from dashboard.output.figures import impact_chart, region_map, sentence_figure, trend_chart


@dataclass(frozen=True)
class Growth:
    trend: pd.DataFrame
    figure: dict[str, Any]
    caption: str
    published: bool
    """Published totals are drawn (statewide, all industries only: they describe the whole state)."""


def growth_view(ds: Dataset, selection: Selection) -> Growth:
    """Businesses and partnerships per year, with the published totals where they apply and the
    selected year marked; the caption says when published totals are left off because of a filter."""
    trend = yearly_trend(ds, selection)
    marks = growth_marks(ds, selection)
    figure = trend_chart(trend, marks, sample=ds.is_sample, year=shown_year(ds, selection.year))
    return Growth(trend=trend, figure=figure, caption=growth_caption(ds, selection), published=bool(marks))


def growth_caption(ds: Dataset, selection: Selection) -> str:
    """The growth chart's caption, without drawing the chart."""
    caption = trend_caption(trend_ends(ds, selection), growth_published_phrases(ds, selection), sample=ds.is_sample)
    if not selection.is_statewide:
        caption += " " + GROWTH_FILTERED_NOTE
    return caption


def initial_map(ds: Dataset) -> go.Figure:
    """The map as every visitor first gets it (geometry included): built once per dataset."""
    return memoized(
        ds,
        "initial_map",
        lambda: region_map(ds.geography, region_values(ds), Selection(), labels=True, sample=ds.is_sample),
    )


def initial_impact_chart(ds: Dataset) -> go.Figure:
    """The impact chart: the same for every visitor and selection, so built once per dataset."""
    rates = impact_rates(ds)
    if rates.empty:  # an axis with no bars reads as broken: say it instead
        return go.Figure(sentence_figure(impact_caption(rates)))
    return memoized(ds, "impact_chart", lambda: impact_chart(rates))
