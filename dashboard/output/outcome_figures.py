"""Figures of partnership outcomes: partnerships side by side for one measure, and one partnership's measures
as small multiples. Pure: values in, a new figure out.

Colour says how a value was collected (Okabe–Ito), and every bar's label says it too, so nothing relies on
colour alone. Values are never stacked or summed: one bar, one partnership's value.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from dashboard.analysis.outcomes import MeasureSeries, Reported, format_value
from dashboard.data.contract import METHODS, Measure
from dashboard.output.figures import BLUE, GREEN, INK, VERMILLION, _base_layout, plain, top_legend, wrap

METHOD_COLOURS = dict(zip(METHODS, (BLUE, GREEN, VERMILLION), strict=True))
METHOD_PATTERNS = dict(zip(METHODS, ("", "/", "."), strict=True))


def respondents_phrase(respondents: object) -> str:
    if respondents is None or respondents != respondents:  # None or NA
        return ""
    try:
        count = int(respondents)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return f", {count:,} respondent{'s' if count != 1 else ''}"


def value_label(value: float, measure: Measure, when: str, method: str, respondents: object, qualifier: str) -> str:
    """'45 · 2024 · survey, 38 respondents'."""
    return f"{format_value(value, measure.unit, qualifier)} · {when} · {method}{respondents_phrase(respondents)}"


def _axis(measure: Measure, values: list[float]) -> dict[str, Any]:
    axis: dict[str, Any] = dict(gridcolor="#dee2e6", fixedrange=True, zeroline=True, zerolinecolor="#adb5bd")
    if measure.unit == "percent":
        axis |= dict(range=[0, 100 * 1.6], tickvals=[0, 25, 50, 75, 100], ticktext=["0%", "25%", "50%", "75%", "100%"])
    else:
        low = min([0.0, *values])
        high = max([0.0, *values])
        axis |= dict(range=[low * 1.6 if low < 0 else 0, (high or 1) * 1.6])
        if measure.unit == "dollars":
            axis |= dict(tickprefix="$", tickformat=",~s" if high >= 10_000 else ",~r")
    return axis


def _label(r: Reported, measure: Measure, *, compact: bool) -> str:
    """On the page: value, year, method and respondents. On a slide (which may be a phone): the value and year;
    the method is the bar's colour and pattern (the key), the respondents are in the table and the notes."""
    if compact:
        return f"{format_value(r.value, measure.unit, r.qualifier)} · {r.when}"
    return value_label(r.value, measure, r.when, r.method, r.respondents, r.qualifier)


def comparison_chart(reported: list[Reported], measure: Measure, *, compact: bool = False) -> go.Figure:
    """One bar per partnership (its latest value), highest at the top; colour and pattern by method."""
    figure = go.Figure()
    ordered = list(reversed(reported))  # plotly draws the first category at the bottom
    keys = [r.partnership_id for r in ordered]
    for method in METHODS:
        part = [r for r in ordered if r.method == method]
        if not part:
            continue
        figure.add_trace(
            go.Bar(
                y=[r.partnership_id for r in part],
                x=[r.value for r in part],
                orientation="h",
                name=f"{method} (latest value)",
                marker=dict(
                    color=METHOD_COLOURS[method],
                    pattern=dict(shape=METHOD_PATTERNS[method], fillmode="overlay", fgcolor="#ffffff", solidity=0.3),
                ),
                customdata=[[plain(r.name), plain(r.source), plain(_label(r, measure, compact=False))] for r in part],
                hovertemplate="%{customdata[0]}: %{customdata[2]}<br>Source: %{customdata[1]}<extra></extra>",
            )
        )
    earlier = [r for r in ordered if r.earlier_value is not None]
    if earlier:
        # The value before the latest, as a diamond on the bar's row: a rise or a fall is seen, not summed.
        figure.add_trace(
            go.Scatter(
                y=[r.partnership_id for r in earlier],
                x=[r.earlier_value for r in earlier],
                mode="markers",
                name="earlier value",
                marker=dict(symbol="diamond", size=13, color="#ffffff", line=dict(color=INK, width=2)),
                customdata=[
                    [
                        plain(r.name),
                        plain(format_value(r.earlier_value or 0.0, measure.unit, r.earlier_qualifier)),
                        plain(r.earlier_when or ""),
                    ]
                    for r in earlier
                ],
                hovertemplate="%{customdata[0]}: %{customdata[1]} (%{customdata[2]})<extra>earlier value</extra>",
            )
        )
    # Each bar's label past its end, or past its earlier value's diamond when that is further: never under it.
    figure.add_trace(
        go.Scatter(
            y=keys,
            x=[max(r.value, r.earlier_value if r.earlier_value is not None else r.value) for r in ordered],
            mode="text",
            text=[plain("\u2002\u2002" + _label(r, measure, compact=compact)) for r in ordered],
            textposition="middle right",
            textfont=dict(size=12 if compact else 13, color=INK),
            cliponaxis=False,
            showlegend=False,
            hoverinfo="skip",
        )
    )
    names = {r.partnership_id: r.name for r in reported}
    rows = max(len(keys), 6)  # a few partnerships keep bars of a readable thickness, at the top
    figure.update_yaxes(
        range=[len(keys) - rows - 0.5, len(keys) - 0.5],
        tickmode="array",
        tickvals=keys,
        ticktext=[f"{wrap(names[k], 30 if compact else 40)} " for k in keys],
        categoryorder="array",
        categoryarray=keys,
        fixedrange=True,
        automargin=True,
        tickfont=dict(size=12),
    )
    values = [r.value for r in reported] + [r.earlier_value for r in earlier if r.earlier_value is not None]
    figure.update_xaxes(**_axis(measure, values), automargin=True)
    figure.update_layout(
        _base_layout(
            height=max(260, 120 + 44 * len(reported)) if not compact else 560,
            barmode="group",
            bargap=0.3,
            showlegend=True,
            legend=top_legend("Key:"),
            margin=dict(l=10, r=20, t=60, b=30),
        ),
        template="none",
    )
    return figure


def measure_chart(series: MeasureSeries) -> go.Figure:
    """One measure of one partnership over time: a bar per year (or before/after), each labelled."""
    points = series.points
    labels = [
        plain(format_value(v, series.measure.unit, q))
        for v, q in zip(points["value"], points["qualifier"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=list(points["when"]),
            y=list(points["value"]),
            marker=dict(
                color=[METHOD_COLOURS.get(m, BLUE) for m in points["method"]],
                pattern=dict(
                    shape=[METHOD_PATTERNS.get(m, "") for m in points["method"]],
                    fillmode="overlay",
                    fgcolor="#ffffff",
                    solidity=0.3,
                ),
            ),
            text=labels,
            textposition="outside",
            textfont=dict(size=13, color=INK),
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    axis = _axis(series.measure, list(points["value"]))
    figure.update_yaxes(**axis, title=None, automargin=True)
    figure.update_xaxes(type="category", fixedrange=True, automargin=True)
    figure.update_layout(
        _base_layout(height=240, showlegend=False, margin=dict(l=10, r=10, t=20, b=10)), template="none"
    )
    return figure
