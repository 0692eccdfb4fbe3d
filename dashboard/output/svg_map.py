"""The region map as inline SVG, drawn on the server: the page's first paint, and a real control before
any script has run.

The same geometry (the browser's simplified region outlines), colours, region numbers, gap ✕ marks and
colour key as the plotly map (``figures.region_map``) for a selection, framed the same way (Mercator,
MAP_MARGIN degrees round the regions, the plot area between the figure's margins). Each region is a link
that selects it (``?regions=3``) with an accessible name, so a click or Enter before the scripts are ready
is a page load onto the selection; the page's script puts the plotly map in its place once plotly has
drawn (assets/first-map.js).

Pure: a geography, the region values and a selection in, a string of markup out.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from dashboard.analysis.state import METRICS, Selection
from dashboard.data.geography import Geography
from dashboard.output.figures import (
    FADED_OPACITY,
    GAP_MARK,
    INK,
    LIGHT_PANEL,
    MAP_HEIGHT,
    MAP_MARGIN,
    _gap_colorscale,
    blend,
    nice_step,
    readable_on,
    scale_colour,
)

# Where plotly draws the map in its 450 px figure (figures.region_map), measured in Chromium: 10 px
# above the plot area (the figure's top margin) and 79 px below it, the bottom margin of 60 px grown by
# the colour key (plotly's automargin); the key's title, bar and ticks at these offsets from the top.
TOP, BOTTOM = 10, 79
KEY_TITLE, KEY_BAR, KEY_TICKS = 383, 411, 428
PLOT_HEIGHT = MAP_HEIGHT - TOP - BOTTOM
NUMBER_PX = 15  # the numbers' type, as on the plotly map
MARK_PX = 18  # the gap ✕ (plotly's x-thin marker, size 18, line 4)
LABEL_BOX = 22  # the invisible marker a number sits beside (figures: size 22)


def mercator_y(lat: float) -> float:
    """Mercator's northing in degrees (as plotly's geo draws it), so that x and y share a unit."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


class Frame:
    """The map's frame: the regions' bounds plus MAP_MARGIN, projected; what fills the plot area."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        west, south, east, north = bounds
        self.west = round(west - MAP_MARGIN, 2)
        self.east = round(east + MAP_MARGIN, 2)
        self.top = mercator_y(round(north + MAP_MARGIN, 2))
        self.bottom = mercator_y(round(south - MAP_MARGIN, 2))
        self.width = self.east - self.west
        self.height = self.top - self.bottom

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return lon - self.west, self.top - mercator_y(lat)

    @property
    def pixel_width(self) -> int:
        """The plot area's width at PLOT_HEIGHT (the map drawn as tall as the plot area lets it)."""
        return round(PLOT_HEIGHT * self.width / self.height)

    @property
    def unit(self) -> float:
        """One pixel, in the frame's units, when the map is drawn PLOT_HEIGHT tall."""
        return self.height / PLOT_HEIGHT


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    elif geometry["type"] == "GeometryCollection":
        for part in geometry["geometries"]:
            yield from _rings(part)


def region_path(geometry: dict[str, Any], frame: Frame) -> str:
    """An SVG path (even-odd: holes stay holes) of a GeoJSON polygon or multipolygon."""
    parts = []
    for ring in _rings(geometry):
        points = [frame.point(lon, lat) for lon, lat, *_ in ring]
        parts.append("M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in points) + "Z")
    return "".join(parts)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def region_name(values: pd.DataFrame, region: int, selection: Selection, *, sample: bool) -> str:
    """What a region's link is called: the region, what the map shows there and what the link does."""
    row = values.loc[region]
    what = f"active {selection.industry} " if selection.industry else "active "
    partnerships = int(row["partnerships"])
    counted = (
        _count(partnerships, what + "partnership", what + "partnerships")
        if partnerships
        else f"no {what}partnership (a gap)"
    )
    businesses = _count(int(row["businesses"]), "business", "businesses") + (" (sample)" if sample else "")
    state = "selected; the link removes it from the selection" if region in selection.regions else "select it"
    return f"Region {region} · {row['region_name']}: {counted}, {businesses} engaged. {state.capitalize()}."


def _key(zmax: float, ticks: Sequence[int], title: str) -> str:
    """The colour key under the map, as plotly draws it: a horizontal bar 60% of the map's width, its title
    above it, ticks under it."""
    scale = _gap_colorscale()
    # The bar runs from zmin (0.5) to zmax over the blues (the gap grey lies below zmin).
    low = 1e-6
    stops = ", ".join(f"{colour} {(max(at, low) - low) / (1 - low) * 100:.1f}%" for at, colour in scale[2:])
    labels = "".join(
        f'<span class="first-map-tick" style="left:{(tick - 0.5) / (zmax - 0.5) * 100:.2f}%">{tick}</span>'
        for tick in ticks
        if zmax > 0.5
    )
    return (
        '<div class="first-map-key" aria-hidden="true">'
        f'<div class="first-map-key-title" style="top:{KEY_TITLE}px">{html.escape(title)}</div>'
        f'<div class="first-map-key-bar" style="top:{KEY_BAR}px;background:linear-gradient(to right, {stops})"></div>'
        f'<div class="first-map-key-ticks" style="top:{KEY_TICKS}px">{labels}</div></div>'
    )


SIDE_OFFSET = {"above": (0, -1), "below": (0, 1), "right": (1, 0), "left": (-1, 0)}
ANCHOR = {"above": "middle", "below": "middle", "right": "start", "left": "end"}


def region_map_svg(
    geography: Geography,
    values: pd.DataFrame,
    selection: Selection,
    *,
    href: Callable[[int], str],
    sample: bool = False,
    label: str = "",
) -> str:
    """The map for `selection` as a block of HTML: the regions as links (`href(region)` each), their
    numbers, the gaps' ✕, and the colour key. `label` names the map for assistive technology."""
    frame = Frame(geography.bounds)
    unit = frame.unit
    metric = selection.metric
    z = values[metric].astype(int)
    zmax = float(max(int(z.max()), 1))
    step = nice_step(int(zmax))
    ticks = list(range(step, int(zmax) + 1, step)) if step > 1 else list(range(1, int(zmax) + 1))
    zmax = max(zmax, 1.5)
    selected = set(selection.regions)
    shapes = {feature["id"]: feature["geometry"] for feature in geography.region_geojson["features"]}
    regions, labels, marks = [], [], []
    for region in values.index:
        value = int(z.loc[region])
        fill = scale_colour(value, 0.5, zmax)
        faded = bool(selected) and region not in selected
        shown = blend(fill, LIGHT_PANEL, FADED_OPACITY) if faded else fill
        line = f'stroke="{INK}" stroke-width="3.5"' if region in selected else 'stroke="#ffffff" stroke-width="0.8"'
        name = html.escape(region_name(values, region, selection, sample=sample), quote=True)
        regions.append(
            f'<a href="{html.escape(href(region), quote=True)}" aria-label="{name}" data-region="{region}">'
            f"<title>{name}</title>"
            f'<path d="{region_path(shapes[str(region)], frame)}" fill="{shown}" fill-rule="evenodd" {line} '
            f'vector-effect="non-scaling-stroke"/></a>'
        )
        x, y = frame.point(float(values.at[region, "label_lon"]), float(values.at[region, "label_lat"]))
        colour = readable_on(shown)
        halo = "#ffffff" if colour == "#000000" else "#000000"
        if values.at[region, "is_gap"]:
            arm = MARK_PX / 2 * unit * 0.7
            marks.append(
                f'<path d="M{x - arm:.3f},{y - arm:.3f}L{x + arm:.3f},{y + arm:.3f}M{x - arm:.3f},{y + arm:.3f}'
                f'L{x + arm:.3f},{y - arm:.3f}" stroke="{GAP_MARK}" stroke-width="4" '
                'vector-effect="non-scaling-stroke"/>'
            )
            side = str(values.at[region, "number_side"])
            dx, dy = SIDE_OFFSET[side]
            reach = (LABEL_BOX / 2 + (NUMBER_PX / 2 if dy else 2)) * unit
            x, y, anchor = x + dx * reach, y + dy * reach, ANCHOR[side]
        else:
            anchor = "middle"
        labels.append(
            f'<text x="{x:.3f}" y="{y:.3f}" text-anchor="{anchor}" dominant-baseline="central" fill="{colour}" '
            f'stroke="{halo}">{region}</text>'
        )
    title = METRICS[metric] + (" (sample)" if sample and metric == "businesses" else "")
    font = NUMBER_PX * unit
    return (
        f'<div class="first-map" style="height:{MAP_HEIGHT}px">'
        f'<div class="first-map-plot" style="top:{TOP}px;height:{PLOT_HEIGHT}px">'
        f'<svg viewBox="0 0 {frame.width:.3f} {frame.height:.3f}" width="{frame.pixel_width}" '
        f'height="{PLOT_HEIGHT}" role="group" aria-label="{html.escape(label, quote=True)}">'
        f'<g class="first-map-regions">{"".join(regions)}</g>'
        f'<g class="first-map-marks" aria-hidden="true">{"".join(marks)}</g>'
        f'<g class="first-map-numbers" aria-hidden="true" font-size="{font:.4f}" font-weight="bold" '
        f'stroke-width="{3 * unit:.4f}" paint-order="stroke">{"".join(labels)}</g>'
        "</svg></div>"
        f"{_key(zmax, ticks, title)}</div>"
    )
