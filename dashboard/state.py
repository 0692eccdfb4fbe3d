"""The selection as a URL query string, and how each interaction changes it. Pure functions.

A link looks like ``?regions=3,7&industry=Healthcare&metric=businesses``; unknown or malformed
values are dropped rather than failing, so a hand-edited or stale link still opens.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode

from dashboard.metrics import DEFAULT_METRIC, METRICS, Selection


def selection_from_search(search: str | None, regions: Collection[int], industries: Collection[str]) -> Selection:
    query = parse_qs((search or "").lstrip("?"))
    picked: list[int] = []
    for part in ",".join(query.get("regions", [])).split(","):
        part = part.strip()
        if part.isdigit() and int(part) in regions:
            picked.append(int(part))
    industry = query["industry"][0] if query.get("industry") else None
    metric = query["metric"][0] if query.get("metric") else DEFAULT_METRIC
    return Selection.of(picked, industry if industry in industries else None, metric if metric in METRICS else None)


def search_from_selection(selection: Selection) -> str:
    query: dict[str, str] = {}
    if selection.regions:
        query["regions"] = ",".join(str(r) for r in selection.regions)
    if selection.industry:
        query["industry"] = selection.industry
    if selection.metric != DEFAULT_METRIC:
        query["metric"] = selection.metric
    return "?" + urlencode(query) if query else ""


def toggle_region(selection: Selection, region: int) -> Selection:
    """A click on a region adds it to the selection, or removes it if it was selected."""
    regions = set(selection.regions) ^ {region}
    return Selection.of(regions, selection.industry, selection.metric)


def toggle_industry(selection: Selection, industry: str) -> Selection:
    """A click on an industry selects it, or clears it if it was already the one selected."""
    return Selection.of(selection.regions, None if selection.industry == industry else industry, selection.metric)


def clicked_region(click_data: Mapping[str, Any] | None) -> int | None:
    """The region number in a map clickData (choropleth location, or a gap marker's customdata)."""
    if not click_data or not click_data.get("points"):
        return None
    point = click_data["points"][0]
    location = point.get("location")
    if location is not None and str(location).isdigit():
        return int(location)
    custom = point.get("customdata")
    if isinstance(custom, list) and custom and isinstance(custom[0], str) and custom[0].startswith("Region "):
        number = custom[0].split()[1]
        return int(number) if number.isdigit() else None
    return None


def clicked_industry(click_data: Mapping[str, Any] | None) -> str | None:
    if not click_data or not click_data.get("points"):
        return None
    point = click_data["points"][0]
    value = point.get("customdata", point.get("y"))
    return str(value) if value is not None else None


def next_selection(
    trigger: str | Mapping[str, Any] | None,
    current: Selection,
    *,
    search: str | None,
    map_click: Mapping[str, Any] | None,
    industry_click: Mapping[str, Any] | None,
    regions: Collection[int],
    industries: Collection[str],
    ids: Mapping[str, str],
) -> Selection:
    """What the selection becomes after `trigger` (the id of the component that changed).

    `ids` maps the roles "url", "map", "industry_chart", "reset", "gap_button" to component ids
    (the pattern-matching gap buttons arrive as a dict id with a "region" key).
    """
    if trigger is None or trigger == ids["url"]:
        return selection_from_search(search, regions, industries)
    if trigger == ids["reset"]:
        return Selection.of(metric=current.metric)
    if trigger == ids["map"]:
        region = clicked_region(map_click)
        return toggle_region(current, region) if region is not None and region in regions else current
    if trigger == ids["industry_chart"]:
        industry = clicked_industry(industry_click)
        return toggle_industry(current, industry) if industry is not None and industry in industries else current
    if isinstance(trigger, Mapping) and trigger.get("type") == ids["gap_button"]:
        region = int(trigger["region"])
        return Selection.of([region], current.industry, current.metric)
    return current
