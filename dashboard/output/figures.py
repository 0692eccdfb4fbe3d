"""Pure figure builders: frames in, a new ``go.Figure`` out. No globals are mutated.

Colours are colour-blind safe: a single-hue sequential blue for quantities and the Okabe–Ito
palette for categories. Nothing relies on colour alone: gaps carry an ✕ marker and a label,
the selected industry a hatch pattern, published points a distinct marker shape and a label.
"""

from __future__ import annotations

import html
import itertools
import textwrap
from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.analysis.state import METRICS, Selection
from dashboard.data.geography import Geography

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, VERMILLION = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[5]
GAP_FILL = "#e9ecef"
GAP_MARK = "#6c1d00"  # dark vermillion: 9:1 on the gap fill
INK = "#212529"
SEQUENTIAL = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
FONT = dict(
    family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif", color=INK, size=14
)
UNIT_PHRASE = {"partnerships": "of partnerships", "businesses": "of businesses"}
CATEGORY_TITLES = {
    "business": "Impact on businesses",
    "jobseeker": "Impact on students and jobseekers",
    "system": "Across the partnership system",
}


def _base_layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = dict(
        font=FONT,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(font_size=14),
    )
    layout.update(extra)
    return layout


def _gap_colorscale() -> list[list[Any]]:
    """Value 0 (a gap) is grey; anything above runs through the sequential blues."""
    scale: list[list[Any]] = [[0.0, GAP_FILL], [1e-6, GAP_FILL], [1e-6, SEQUENTIAL[0]]]
    steps = len(SEQUENTIAL) - 1
    scale += [[i / steps, colour] for i, colour in enumerate(SEQUENTIAL) if i > 0]
    return scale


# --------------------------------------------------------------------------------------------
# Region map


FADED_OPACITY = 0.4  # regions outside a selection
MAP_HEIGHT = 450  # px: at 1440 x 900 the map and its colour key end on the first screen
LIGHT_PANEL = "#ffffff"  # what a faded region is seen against: the panel in the light theme


def top_legend(title: str, *, side: str = "left") -> dict[str, Any]:
    """A horizontal legend at the figure's top, from its left edge rather than the bars': on a narrow screen
    it stays in view."""
    return dict(
        orientation="h", xref="container", yref="container", y=1.0, yanchor="top", x=0.01,
        title=dict(text=title, side=side),
    )  # fmt: skip


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def scale_colour(z: float, zmin: float, zmax: float) -> str:
    """The fill plotly.js draws for `z` on the map's colour scale (linear in RGB between stops)."""
    t = min(max((z - zmin) / (zmax - zmin), 0.0), 1.0) if zmax > zmin else 0.0
    scale = _gap_colorscale()
    for (low, low_colour), (high, high_colour) in itertools.pairwise(scale):
        if low <= t <= high:
            share = (t - low) / (high - low) if high > low else 0.0
            a, b = _rgb(low_colour), _rgb(high_colour)
            return _hex(tuple(x + (y - x) * share for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]
    return str(scale[-1][1])


def blend(colour: str, background: str, opacity: float) -> str:
    a, b = _rgb(colour), _rgb(background)
    return _hex(tuple(x * opacity + y * (1 - opacity) for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    channels = [c / 255 for c in _rgb(colour)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(fill: str) -> str:
    """Black or white, whichever contrasts more with `fill`: one of them always reaches 4.5:1."""
    return "#000000" if contrast("#000000", fill) >= contrast("#ffffff", fill) else "#ffffff"


def region_map_style(
    values: pd.DataFrame, selection: Selection, *, sample: bool = False, labels: bool = True
) -> dict[tuple[str | int, ...], Any]:
    """The parts of the map figure that change with the selection, as {path: value}.

    Paths index into the figure (``("data", 0, "z")``), so a callback can send them as a Patch
    and the region geometry, sent once with the first figure, is never sent again.
    """
    metric = selection.metric
    selected = set(selection.regions)
    z = values[metric].astype(int).tolist()
    zmax = max(max(z), 1)
    step = nice_step(zmax)
    ticks = list(range(step, zmax + 1, step)) if step > 1 else list(range(1, zmax + 1))
    gaps = values[values["is_gap"]]
    what = f"{selection.industry} partnership" if selection.industry else "partnership"
    # What a region is (its name, its counties) never changes with the selection: it is the
    # choropleth's text, sent once with the figure (region_map); only the counts travel in a Patch.
    customdata = [
        [int(partnerships), int(businesses), int(industries), _names_in_hover(names) if names else f"No active {what}"]
        for partnerships, businesses, industries, names in zip(
            values["partnerships"], values["businesses"], values["industries"], values["partnership_names"], strict=True
        )
    ]
    style: dict[tuple[str | int, ...], Any] = {
        ("data", 0, "z"): z,
        ("data", 0, "zmax"): max(zmax, 1.5),
        ("data", 0, "colorbar", "tickvals"): ticks,
        ("data", 0, "customdata"): customdata,
        ("data", 0, "colorbar", "title", "text"): METRICS[metric]
        + (" (sample)" if sample and metric == "businesses" else ""),
        ("data", 0, "marker", "line", "width"): [3.5 if r in selected else 0.8 for r in values.index],
        ("data", 0, "marker", "line", "color"): [INK if r in selected else "#ffffff" for r in values.index],
        # plotly styles a choropleth's opacity per trace, not per location: fading the regions
        # that are not selected goes through selectedpoints (None = nothing faded).
        ("data", 0, "selectedpoints"): [i for i, r in enumerate(values.index) if r in selected] or None,
        ("data", 1, "lon"): gaps["label_lon"].tolist(),
        ("data", 1, "lat"): gaps["label_lat"].tolist(),
        ("data", 1, "text"): [f"Region {r}: none" for r in gaps.index],
        ("data", 1, "customdata"): [[f"Region {r} · {n}", f"No active {what}"] for r, n in gaps["region_name"].items()],
    }
    if labels:
        style |= _label_style(values, z, max(zmax, 1.5), selected)
    return style


def _label_style(
    values: pd.DataFrame, z: list[int], zmax: float, selected: set[int]
) -> dict[tuple[str | int, ...], Any]:
    """Each region's number, black or white for 4.5:1 against the fill under it. A region faded by a
    selection is seen through its panel: its number is in the second label trace, coloured for the
    light panel here and white in the dark theme (assets/02-dashboard.css), where every faded fill is
    dark enough for it.

    A number sits on its region's label point, inside the region however small the map is drawn (a
    slide, a phone); a gap's number sits beside its ✕, which marks the same point."""
    parts: dict[tuple[str | int, ...], Any] = {}
    regions = values.index.tolist()
    faded_rows = [i for i, r in enumerate(regions) if selected and r not in selected]
    shown_rows = [i for i in range(len(regions)) if i not in faded_rows]
    # Plain lists, read once: a pandas lookup per region and property was most of a click's map time.
    lons, lats = values["label_lon"].astype(float).tolist(), values["label_lat"].astype(float).tolist()
    gaps, sides = values["is_gap"].tolist(), values["number_side"].tolist()
    for trace, faded, rows in ((2, False, shown_rows), (3, True, faded_rows)):
        fills = [scale_colour(z[i], 0.5, zmax) for i in rows]
        if faded:
            fills = [blend(f, LIGHT_PANEL, FADED_OPACITY) for f in fills]
        parts |= {
            ("data", trace, "lon"): [lons[i] for i in rows],
            ("data", trace, "lat"): [lats[i] for i in rows],
            ("data", trace, "text"): [f"<b>{regions[i]}</b>" for i in rows],
            ("data", trace, "textfont", "color"): [readable_on(f) for f in fills],
            ("data", trace, "textposition"): [BESIDE_MARK[sides[i]] if gaps[i] else "middle center" for i in rows],
        }
    return parts


# Where a gap's number sits beside the ✕ drawn at its label point: on the side where the region has most
# room for it (geography._number_side). Any other region's number sits on its label point.
BESIDE_MARK = {"above": "top center", "below": "bottom center", "right": "middle right", "left": "middle left"}


MAP_MARGIN = 0.09  # degrees round the regions: room for a border's line and the numbers near it

HOVER_NAMES = 3  # partnerships named in a region's hover label; the profile lists them all


def _names_in_hover(names: Sequence[str]) -> str:
    """A few partnership names, so the label stays small beside the map ('… and 6 more')."""
    shown = list(names[:HOVER_NAMES])
    more = len(names) - len(shown)
    return "<br>".join(shown + ([f"… and {more} more (the region's profile lists them)"] if more else []))


def nice_step(top: int, most: int = 5) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50…) giving at most `most` ticks from the step up to `top`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if top // step <= most:
                return step
        magnitude *= 10


def apply_style(figure: go.Figure, style: dict[tuple[str | int, ...], Any]) -> go.Figure:
    """Write a region_map_style into a full figure (what a Patch does in the browser)."""
    as_dict = figure.to_plotly_json()
    for path, value in style.items():
        node: Any = as_dict
        for key in path[:-1]:
            node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
        node[path[-1]] = value
    return go.Figure(as_dict)


def region_map(
    geography: Geography, values: pd.DataFrame, selection: Selection, *, labels: bool = True, sample: bool = False
) -> go.Figure:
    """Choropleth of the 14 regions; gaps are grey with an ✕ and a label (not colour alone).

    With `labels` (the page, slides and images), each region's number is written on it, black or
    white for 4.5:1 against the fill under it.
    """
    figure = go.Figure(
        [
            go.Choropleth(
                geojson=geography.region_geojson,
                featureidkey="id",
                locations=[str(r) for r in values.index],
                z=[0] * len(values),
                # 0 (a gap) falls below zmin and takes the scale's first colour, the gap grey; the
                # colour bar then shows only the blues that counted regions can have.
                zmin=0.5,
                colorscale=_gap_colorscale(),
                # Below the map, across it: the map keeps the panel's width, on a phone too.
                colorbar=dict(
                    orientation="h",
                    thickness=12,
                    len=0.6,
                    x=0.5,
                    xanchor="center",
                    y=-0.02,
                    yanchor="top",
                    tickmode="array",
                    title=dict(side="top"),
                ),
                marker=dict(line=dict(width=0.8, color="#ffffff")),
                unselected=dict(marker=dict(opacity=FADED_OPACITY)),
                text=[
                    f"<b>{geography.region_label(region)}</b><br>Counties: {counties}"
                    for region, counties in zip(values.index, values["counties"], strict=True)
                ],
                hovertemplate=(
                    "%{text}<br>Active partnerships: %{customdata[0]}<br>Businesses engaged"
                    + (" (sample)" if sample else "")
                    + ": %{customdata[1]}<br>"
                    "Industries: %{customdata[2]}<br>%{customdata[3]}<extra></extra>"
                ),
                name="Regions",
            ),
            go.Scattergeo(
                mode="markers",
                marker=dict(symbol="x-thin", size=18, line=dict(width=4, color=GAP_MARK), color=GAP_MARK),
                textposition="bottom center",
                textfont=dict(size=12, color=GAP_MARK),
                # Not hoverable, so never clickable: a tap on the ✕ selects the region under it.
                hoverinfo="skip",
                name="No partnership",
                showlegend=False,
            ),
        ]
    )
    # Mercator framed on the state (Albers USA cannot be framed and would draw the state tiny), with a
    # margin of MAP_MARGIN degrees round the regions.
    west, south, east, north = geography.bounds
    # The geo subplot still loads its scope's base map (north-america_110m) even when hidden: it is
    # served from assets/topojson/ (see the graph config), never a CDN.
    figure.update_geos(
        lonaxis_range=[round(west - MAP_MARGIN, 2), round(east + MAP_MARGIN, 2)],
        lataxis_range=[round(south - MAP_MARGIN, 2), round(north + MAP_MARGIN, 2)],
        visible=False,
        scope="north america",
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    figure.update_layout(
        # 10 px above the north border: a gap's number written above its ✕ near that border stays
        # whole on a small map (a slide on an 800 x 600 projector).
        _base_layout(
            margin=dict(l=0, r=0, t=10, b=60), height=MAP_HEIGHT, clickmode="event", dragmode=False, uirevision="map"
        ),
        template="none",  # plotly's default template is ~8 KB of JSON that this page restyles anyway
    )
    if labels:
        for name in ("Region numbers", "Region numbers, faded"):
            figure.add_trace(
                go.Scattergeo(
                    # An invisible marker the size of the gap ✕, so a gap's number sits beside its ✕.
                    mode="markers+text",
                    marker=dict(size=22, opacity=0),
                    # Black or white per region (region_map_style); a halo of the other keeps a number
                    # that crosses a border legible.
                    textfont=dict(size=15, shadow="auto"),
                    textposition="middle center",  # per region in region_map_style
                    hoverinfo="skip",
                    showlegend=False,
                    name=name,
                )
            )
    return apply_style(figure, region_map_style(values, selection, sample=sample, labels=labels))


# --------------------------------------------------------------------------------------------
# Industry breakdown


def _subplot_title(text: str, x: float, y: float, *, anchor: str = "center") -> dict[str, Any]:
    return dict(text=text, x=x, y=y, xref="paper", yref="paper", xanchor=anchor, yanchor="bottom",
                showarrow=False, font=dict(size=14), align="left")  # fmt: skip


def industry_chart(breakdown: pd.DataFrame, selection: Selection, *, sample: bool) -> dict[str, Any]:
    """Two bar panels (partnerships, businesses) per industry; the selected industry is hatched.

    A plain figure dict: built on every interaction, and plotly's validation would cost more than
    the counting. tests/ validate it by loading it into go.Figure.
    """
    # An industry with nothing here is left out (the caption names them), unless it is the one selected.
    shown = (breakdown["partnerships"] > 0) | (breakdown["businesses"] > 0) | (breakdown.index == selection.industry)
    breakdown = breakdown[shown]
    industries = list(breakdown.index)
    chosen = [name == selection.industry for name in industries]
    colours = [ORANGE if c else BLUE for c in chosen]
    patterns = ["/" if c else "" for c in chosen]
    business_title = "Businesses" + ("<br>(sample)" if sample else "")
    traces = []
    for axis, column in (("", "partnerships"), ("2", "businesses")):
        values = [int(v) for v in breakdown[column]]
        traces.append(
            dict(
                type="bar",
                y=industries,
                x=values,
                xaxis=f"x{axis}",
                yaxis=f"y{axis}",
                orientation="h",
                marker=dict(color=colours, pattern=dict(shape=patterns, fgcolor=INK, size=6, solidity=0.25)),
                text=values,
                textposition="outside",
                cliponaxis=False,
                customdata=industries,
                hovertemplate="<b>%{y}</b><br>%{x} " + column + "<extra></extra>",
                name=METRICS[column],
                showlegend=False,
            )
        )
    hidden_x = dict(showgrid=False, showticklabels=False, zeroline=False, fixedrange=True)
    layout = _base_layout(
        height=max(220, 34 * len(industries) + 90),
        bargap=0.25,
        clickmode="event",
        margin=dict(l=10, r=30, t=80, b=10),  # the titles clear the modebar
        xaxis=dict(domain=[0, 0.45], anchor="y", **hidden_x),
        xaxis2=dict(domain=[0.55, 1.0], anchor="y2", **hidden_x),
        # Long industry names wrap, so on a phone the bars keep their room.
        yaxis=dict(
            anchor="x",
            fixedrange=True,
            ticksuffix="  ",
            automargin=True,
            tickmode="array",
            tickvals=industries,
            ticktext=[wrap(name, 16) for name in industries],
        ),
        yaxis2=dict(anchor="x2", matches="y", showticklabels=False, fixedrange=True),
        # Titles start at their panel's left edge, so on a phone they never run into each other.
        annotations=[
            _subplot_title("Partnerships", 0.0, 1.0, anchor="left"),
            _subplot_title(business_title, 0.55, 1.0, anchor="left"),
        ],
    )
    return {"data": traces, "layout": layout}


# --------------------------------------------------------------------------------------------
# Trends


PublishedMark = tuple[int | None, float, str]
"""A published total for the growth chart: (year, or None when its source is undated; value; label)."""


def trend_chart(
    trend: pd.DataFrame, published: Sequence[PublishedMark] = (), *, sample: bool, year: int | None = None
) -> dict[str, Any]:
    """Businesses engaged per year (with published totals) and active partnerships.

    A dated published total is a labelled diamond at its year. An undated one is a labelled dotted
    line across the chart: it is never placed at a year its source does not give.
    `year` (the year the other views show) is marked by a hatched bar and a bold year, unless it is
    the last year drawn. A plain figure dict, like industry_chart, for the same reason.
    """
    label = " (sample data)" if sample else ""
    years = [int(y) for y in trend.index]
    businesses = [int(v) for v in trend["businesses"]]
    partnerships = [int(v) for v in trend["partnerships"]]
    traces: list[dict[str, Any]] = [
        dict(
            type="scatter",
            x=years,
            y=businesses,
            mode="lines+markers",
            line=dict(color=BLUE, width=3),
            marker=dict(size=7),
            name="Businesses engaged" + label,
            hovertemplate="%{x}: %{y} businesses" + label + "<extra></extra>",
            showlegend=False,  # the panel's title names the line
        )
    ]
    top: float = max([*businesses, 1])
    points = [mark for mark in published if mark[0] is not None]
    lines = [mark for mark in published if mark[0] is None]
    top = max(top, *(value for _, value, _ in published)) if published else top
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    if points:
        traces.append(
            dict(
                type="scatter",
                x=[y for y, _, _ in points],
                y=[v for _, v, _ in points],
                mode="markers+text",
                marker=dict(symbol="diamond", size=14, color=VERMILLION, line=dict(width=1.5, color=INK)),
                text=[plain(text) for _, _, text in points],
                textposition="top left",
                textfont=dict(size=12),
                name="Published total",
                hovertemplate="%{text}<extra></extra>",
            )
        )
    for _, value, text in lines:
        shapes.append(
            dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=value, y1=value,
                 line=dict(color=VERMILLION, width=2, dash="dot"))
        )  # fmt: skip
        notes.append(
            dict(text=plain(text), xref="x domain", x=0.01, yref="y", y=value, xanchor="left", yanchor="bottom",
                 showarrow=False, font=dict(size=12, color=INK), bgcolor="rgba(255,255,255,0.75)")
        )  # fmt: skip
    traces.append(
        dict(
            type="bar",
            x=years,
            y=partnerships,
            xaxis="x2",
            yaxis="y2",
            marker=dict(color=GREEN),
            text=partnerships,
            textposition="outside",
            cliponaxis=False,
            name="Partnerships with active members",
            hovertemplate="%{x}: %{y} partnerships<extra></extra>",
            showlegend=False,
        )
    )
    x_axis = dict(dtick=1, tickformat="d", fixedrange=True, showgrid=False)
    y_axis = dict(rangemode="tozero", gridcolor="#dee2e6", fixedrange=True)
    layout = _base_layout(
        height=480,
        legend=dict(orientation="h", y=-0.08, x=0),
        margin=dict(l=10, r=10, t=40, b=30),
        xaxis=dict(anchor="y", matches="x2", showticklabels=False, **x_axis),
        xaxis2=dict(anchor="y2", **x_axis),
        yaxis=dict(domain=[0.44, 1.0], range=[0, top * 1.2], automargin=True, **y_axis),
        yaxis2=dict(domain=[0.0, 0.32], range=[0, max([*partnerships, 1]) * 1.3], automargin=True, **y_axis),
        annotations=[
            _subplot_title(
                f"Businesses engaged per year{'<br>' + label.strip() if label else ''}", 0.0, 1.0, anchor="left"
            ),
            _subplot_title(
                f"Partnerships with active members{'<br>' + label.strip() if label else ''}", 0.0, 0.32, anchor="left"
            ),
            *notes,
        ],
        shapes=shapes,
    )
    if year is not None and year in years and year != years[-1]:
        # The year the other views show: its bar hatched and its tick label bold (not colour alone).
        bars = traces[-1]
        bars["marker"]["pattern"] = dict(shape=["/" if y == year else "" for y in years], fgcolor=INK, solidity=0.35)
        layout["xaxis2"].update(
            tickmode="array", tickvals=years, ticktext=[f"<b>{y}</b>" if y == year else str(y) for y in years]
        )
    return {"data": traces, "layout": layout}


# --------------------------------------------------------------------------------------------
# Impact rates


def plain(text: object) -> str:
    """Text from the data as plotly shows it: as text. Plotly reads a subset of HTML in labels,
    hover text and legends (a survey named <a href=…> would be a live link), so < > & become
    entities, which plotly shows as the characters themselves."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int = 48) -> str:
    """Text broken into lines of at most `width` characters, joined by <br> (plotly's line break),
    shown as text (see `plain`)."""
    return "<br>".join(plain(line) for line in textwrap.wrap(text, width))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def impact_chart(outcomes: pd.DataFrame, *, compact: bool = False) -> go.Figure:
    """Survey rates by category; each bar says what it is a share of ("82% of partnerships").

    `compact` (slides): one line per label, shortened, at a fixed height; the full wording is in
    the slide's notes and on the page.
    """
    if compact:
        # A slide shows a few rates in one panel, every bar the same height; the insights say the categories.
        outcomes = outcomes.assign(category="all").sort_values("rate")
        categories, titles = ["all"], [""]
    else:
        categories = [c for c in CATEGORY_TITLES if c in set(outcomes["category"])]
        titles = [CATEGORY_TITLES[c] for c in categories]
    counts = [int((outcomes["category"] == c).sum()) for c in categories] or [1]
    figure = make_subplots(
        rows=max(len(categories), 1),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.06,
        row_heights=[n / sum(counts) for n in counts],
        subplot_titles=titles,
    )
    surveys = list(dict.fromkeys(outcomes["survey"]))
    colour = {survey: OKABE_ITO[i % len(OKABE_ITO)] for i, survey in enumerate(surveys)}
    shown: set[str] = set()
    for row, category in enumerate(categories, start=1):
        rows = outcomes[outcomes["category"] == category]
        rows = (rows if compact else rows.iloc[::-1]).reset_index(drop=True)
        # One category per published rate (the same wording from two sources gets two rows), so
        # every bar has the full row height; tick labels carry the wording.
        keys = [f"{category}-{i}" for i in rows.index]
        for survey in surveys:
            part = rows[rows["survey"] == survey]
            if not len(part):
                continue
            figure.add_trace(
                go.Bar(
                    y=[keys[i] for i in part.index],
                    x=part["rate"].tolist(),
                    orientation="h",
                    marker_color=colour[survey],
                    text=[f"{r:.0f}% {UNIT_PHRASE[u]}" for r, u in zip(part["rate"], part["unit"], strict=True)],
                    textposition="outside",
                    textfont=dict(size=13),
                    cliponaxis=False,
                    name=wrap(survey, 34) if compact else plain(survey),
                    legendgroup=survey,
                    showlegend=survey not in shown,
                    customdata=[[plain(m), plain(s)] for m, s in zip(part["metric"], part["source"], strict=True)],
                    hovertemplate="%{x:.0f}% — %{customdata[0]}<br>Source: %{customdata[1]}<extra>"
                    + plain(survey)
                    + "</extra>",
                ),
                row=row,
                col=1,
            )
            shown.add(survey)
        # On a slide (which may be a phone) labels wrap narrow: the bars keep their room.
        labels = [f"{wrap(m, 34)} " if compact else f"{wrap(m, 58)} " for m in rows["metric"]]
        figure.update_yaxes(tickmode="array", tickvals=keys, ticktext=labels, row=row, col=1)
    # Room past 100% for the "91% of partnerships" labels; ticks stop at 100%.
    figure.update_xaxes(
        range=[0, 140],
        tickmode="array",
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["0%", "25%", "50%", "75%", "100%"],
        gridcolor="#dee2e6",
        fixedrange=True,
        automargin=True,
    )
    figure.update_yaxes(fixedrange=True, tickfont=dict(size=12), automargin=True)
    figure.update_layout(
        _base_layout(
            # Two-line labels need 40 px a row, so that no label runs into the next.
            height=640 if compact else 110 + 40 * len(outcomes) + 40 * len(categories),
            barmode="overlay",
            bargap=0.25,
            # Above the items: they get the full width.
            legend=top_legend("Source:", side="top left"),
            margin=dict(l=10, r=20, t=130 if compact else 110, b=30),
        ),
        template="none",
    )
    return figure


# --------------------------------------------------------------------------------------------
# Gaps


def gap_chart(
    matrix: pd.DataFrame, region_names: pd.Series, priority: Collection[tuple[int, str]] = ()
) -> dict[str, Any]:
    """Region × industry heatmap of active partnerships; an empty cell shows ✕ (a gap). A plain dict.

    A priority gap (a key industry with no partnership, from QCEW employment) shows ◇ and is
    outlined: a glyph and a shape, not only a colour."""
    rows = [f"{r} · {region_names[r]}" for r in matrix.index]
    values = matrix.to_numpy().astype(int).tolist()
    heatmap = dict(
        type="heatmap",
        z=values,
        x=list(matrix.columns),
        y=rows,
        text=[["✕" if v == 0 else str(v) for v in row] for row in values],
        texttemplate="%{text}",
        textfont=dict(size=13),
        colorscale=_gap_colorscale(),
        zmin=0,
        zmax=max(int(matrix.to_numpy().max()) if matrix.size else 1, 1),
        showscale=False,
        xgap=2,
        ygap=2,
        customdata=[[[int(r), c] for c in matrix.columns] for r in matrix.index],
        hovertemplate=(
            "<b>Region %{customdata[0]}</b> × %{customdata[1]}<br>%{z} active partnership(s)<extra></extra>"
        ),
    )
    layout = _base_layout(
        height=max(240, 30 * len(rows) + 150),
        margin=dict(l=10, r=10, t=140, b=10),
        yaxis=dict(autorange="reversed", fixedrange=True, ticksuffix=" ", automargin=True),
        xaxis=dict(side="top", fixedrange=True, tickangle=-40, tickfont=dict(size=12), automargin=True),
    )
    marked = [(r, i) for r, i in priority if r in matrix.index and i in matrix.columns]
    if marked:
        # A priority gap's cell shows ◇ in place of ✕ and is outlined: a glyph and a shape, not only colour.
        # (Shapes, not a marker trace: they scale with the cells, on a slide too.)
        columns, regions = list(matrix.columns), list(matrix.index)
        for region, industry in marked:
            heatmap["text"][regions.index(region)][columns.index(industry)] = "◇"
        layout["shapes"] = [
            dict(type="rect", xref="x", yref="y", x0=columns.index(i) - 0.44, x1=columns.index(i) + 0.44,
                 y0=regions.index(r) - 0.42, y1=regions.index(r) + 0.42, line=dict(color=VERMILLION, width=3),
                 fillcolor="rgba(0,0,0,0)", layer="above")
            for r, i in marked
        ]  # fmt: skip
    return {"data": [heatmap], "layout": layout}


# --------------------------------------------------------------------------------------------
# When there is nothing to draw


def sentence_figure(text: str) -> dict[str, Any]:
    """A chart-sized figure that says `text`: for a selection with one cell, one bar or nothing,
    where a chart would be a block of colour with a tiny number on it."""
    return {
        "data": [],
        "layout": _base_layout(
            height=360,
            xaxis=dict(visible=False),
            yaxis=dict(visible=False),
            annotations=[
                dict(text=wrap(text, 60), x=0.5, y=0.5, xref="paper", yref="paper",
                     showarrow=False, font=dict(size=22, color=INK), align="center")
            ],
        ),
    }  # fmt: skip


def fit_to_box(figure: Any) -> dict[str, Any]:
    """The figure without a fixed size, so it takes the room its box leaves it (a slide, at any window size)."""
    as_dict: dict[str, Any] = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else dict(figure)
    # A heatmap (the gap matrix) keeps its height: each region needs its row, and in a box shorter than
    # its margins and labels plotly has no room left to draw ("Something went wrong with axis scaling").
    # The slide's chart box scrolls it instead.
    heatmaps = [t for t in as_dict.get("data") or [] if t.get("type") == "heatmap"]
    keep = ("width",) if heatmaps else ("height", "width")
    layout = {k: v for k, v in dict(as_dict.get("layout") or {}).items() if k not in keep}
    if heatmaps:
        # In a box shorter than that, the page lays the rows out for the box (smaller type, a lower
        # header row: assets/charts.js, fitRows), rather than scroll the matrix inside the slide.
        layout["meta"] = {**dict(layout.get("meta") or {}), "fitRows": len(heatmaps[0].get("y") or [])}
    return {**as_dict, "layout": {**layout, "autosize": True}}
