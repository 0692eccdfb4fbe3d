"""Figures and sentences say what the data says."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.metrics import (
    gap_matrix,
    impact_rates,
    industry_breakdown,
    region_values,
    yearly_trend,
)
from dashboard.analysis.published import growth_marks
from dashboard.analysis.state import Selection
from dashboard.analysis.text import gap_caption, map_caption, selection_summary, trend_caption
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.dataset import Dataset
from dashboard.output.figures import (
    apply_style,
    gap_chart,
    impact_chart,
    industry_chart,
    region_map,
    region_map_style,
    trend_chart,
)
from tests import expected


def test_region_map_colours_each_region_by_the_chosen_metric(dataset: Dataset) -> None:
    # Counted here from partnerships.csv: active partnerships, and the industries among them, per region.
    active = {r: expected.active_partnerships(DEFAULT_DATA_DIR, region=r) for r in range(1, 15)}
    counted = {
        "partnerships": [len(active[r]) for r in range(1, 15)],
        "industries": [len({p["industry"] for p in active[r]}) for r in range(1, 15)],
    }
    for metric in ("partnerships", "businesses", "industries"):
        selection = Selection.of(metric=metric)
        values = region_values(dataset)
        figure = region_map(dataset.geography, values, selection)
        assert list(figure.data[0].locations) == [str(r) for r in range(1, 15)]
        assert list(figure.data[0].z) == counted.get(metric, values[metric].tolist())


def test_gaps_carry_a_marker_not_only_a_colour(dataset: Dataset) -> None:
    figure = region_map(dataset.geography, region_values(dataset), Selection())
    markers = figure.data[1]
    assert markers.marker.symbol == "x-thin"
    assert [c[0] for c in markers.customdata] == [dataset.geography.region_label(r) for r in (10, 12, 14)]
    healthcare = region_map_style(region_values(dataset, "Healthcare"), Selection.of([], "Healthcare"))
    # Regions with no active Healthcare partnership, counted here from partnerships.csv.
    without = [r for r in range(1, 15) if not expected.active_partnerships(DEFAULT_DATA_DIR, r, "Healthcare")]
    assert healthcare[("data", 1, "text")] == [f"Region {r}: none" for r in without]


def test_selected_regions_are_outlined(dataset: Dataset) -> None:
    figure = region_map(dataset.geography, region_values(dataset), Selection.of([3, 7]))
    widths = list(figure.data[0].marker.line.width)
    assert [r for r, w in zip(range(1, 15), widths, strict=True) if w > 1] == [3, 7]
    assert list(figure.data[0].selectedpoints) == [2, 6]  # the others are faded
    assert region_map(dataset.geography, region_values(dataset), Selection()).data[0].selectedpoints is None


def test_map_style_never_carries_geometry(dataset: Dataset) -> None:
    style = region_map_style(region_values(dataset, "Healthcare"), Selection.of([3], "Healthcare", "businesses"))
    assert all("geojson" not in path for path in style)
    full = region_map(dataset.geography, region_values(dataset), Selection())
    restyled = apply_style(full, style)
    assert restyled.data[0].geojson == full.data[0].geojson
    assert list(restyled.data[0].z) == region_values(dataset, "Healthcare")["businesses"].tolist()


def test_industry_chart_bars_equal_the_breakdown(dataset: Dataset) -> None:
    selection = Selection.of([3], "Technology")
    breakdown = industry_breakdown(dataset, selection)
    figure = go.Figure(industry_chart(breakdown, selection, sample=True))  # also validates the dict
    # Rows with nothing in the selected regions are left out (the caption names them); the selected one stays.
    shown = breakdown[
        (breakdown["partnerships"] > 0) | (breakdown["businesses"] > 0) | (breakdown.index == "Technology")
    ]
    assert 0 < len(shown) < len(breakdown)
    assert list(figure.data[0].y) == list(shown.index)
    assert list(figure.data[0].x) == shown["partnerships"].tolist()
    assert list(figure.data[1].x) == shown["businesses"].tolist()
    hatched = [y for y, shape in zip(figure.data[0].y, figure.data[0].marker.pattern.shape, strict=True) if shape]
    assert hatched == ["Technology"]


def test_trend_chart_places_dated_totals_at_their_year_and_undated_ones_nowhere(dataset: Dataset) -> None:
    trend = yearly_trend(dataset, Selection())
    marks = [(2020, 300.0, "Published, 2020: 300"), (None, 750.0, "Published, undated: more than 750")]
    figure = go.Figure(trend_chart(trend, marks, sample=True))
    points = [trace for trace in figure.data if trace.name == "Published total"]
    assert len(points) == 1 and list(points[0].x) == [2020] and list(points[0].y) == [300.0]
    lines = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert [(line.y0, line.y1, line.xref) for line in lines] == [(750.0, 750.0, "x domain")]
    assert "Published, undated: more than 750" in [a.text for a in figure.layout.annotations]


def test_default_published_business_totals_are_undated(dataset: Dataset) -> None:
    marks = growth_marks(dataset, Selection())
    assert sorted(value for _, value, _ in marks) == [450.0, 750.0]
    assert all(year is None for year, _, _ in marks)
    assert growth_marks(dataset, Selection.of([3])) == []


def test_impact_chart_states_the_unit_of_every_rate(dataset: Dataset) -> None:
    outcomes = impact_rates(dataset)
    texts = [t for trace in impact_chart(outcomes).data for t in trace.text]
    assert len(texts) == len(outcomes)
    assert sum("of partnerships" in t for t in texts) == int((outcomes["unit"] == "partnerships").sum())
    assert sum("of businesses" in t for t in texts) == int((outcomes["unit"] == "businesses").sum())


def test_gap_chart_marks_every_empty_cell(dataset: Dataset) -> None:
    matrix = gap_matrix(dataset, Selection())
    figure = go.Figure(gap_chart(matrix, dataset.geography.regions["region_name"]))
    marks = sum(cell == "✕" for row in figure.data[0].text for cell in row)
    assert marks == int((matrix == 0).to_numpy().sum())


def test_captions(dataset: Dataset) -> None:
    values = region_values(dataset)
    assert map_caption(values, Selection()).startswith("11 of 14 regions have an active partnership.")
    assert "10 (West Central), 12 (Northwest Mountains) and 14 (South Central)" in map_caption(values, Selection())
    assert gap_caption([10, 12, 14], dataset.geography, Selection()) == (
        "3 regions without an active partnership: Region 10 · West Central, "
        "Region 12 · Northwest Mountains and Region 14 · South Central."
    )
    assert gap_caption([], dataset.geography, Selection()) == "All 14 regions have an active partnership."
    assert gap_caption([1], dataset.geography, Selection.of([], "Healthcare")) == (
        "1 region without an active Healthcare partnership: Region 1 · Northeast."
    )
    assert selection_summary(Selection.of([7], "Healthcare"), dataset.geography) == (
        "Showing Region 7 · Pueblo; Healthcare. Map colour: active partnerships."
    )


def test_trend_caption_single_year() -> None:
    trend = pd.DataFrame({"businesses": [5], "partnerships": [1]}, index=pd.Index([2024], name="year"))
    assert trend_caption(trend, None, sample=False) == (
        "In 2024: 5 businesses engaged and 1 partnership with active members."
    )
