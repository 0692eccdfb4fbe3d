"""The selection (what the user has picked), as a URL query string, and how each interaction changes it.

Pure functions.
A link looks like ``?regions=3,7&industry=Healthcare&metric=businesses&year=2018&view=gaps``;
every part is optional (absent = the default: statewide, all industries, partnerships, the latest
year, the coverage view). Unknown or malformed values are dropped rather than failing, so a
hand-edited or stale link still opens.

Region numbers belong to a region scheme: a link made on another state's scheme (any scheme but the
default one, Colorado's) says whose with ``scheme=wa12`` (the state's postal code and its number of regions;
see Geography.link_tag). A link whose regions are another scheme's opens without them, and
``foreign_regions`` says which it named, so the page can say so rather than show a wrong region.

Saved views (a presenter's sequence) are a list of ``{"name": ..., "search": ...}``: a name and
the query string above, kept in the browser's local storage.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, urlencode

METRICS: dict[str, str] = {
    "partnerships": "Active partnerships",
    "businesses": "Businesses engaged",
    "industries": "Industries covered",
}
DEFAULT_METRIC = "partnerships"
# What a view puts in front: the panel a link opens at, and the chart a slide shows.
VIEWS: dict[str, str] = {
    "coverage": "Coverage by region",
    "industries": "Industries",
    "growth": "Growth over time",
    "gaps": "Gaps: regions × industries",
    "impact": "Reported impact",
    "region": "Region profile",
    "outcomes": "Partnership outcomes",
}
DEFAULT_VIEW = "coverage"


@dataclass(frozen=True)
class Selection:
    """What the user has picked: regions (none = statewide), one industry (or all), a map metric,
    a year (None = the latest) and the view in front (which panel; which chart on a slide)."""

    regions: tuple[int, ...] = ()
    industry: str | None = None
    metric: str = DEFAULT_METRIC
    year: int | None = None
    view: str = DEFAULT_VIEW
    measure: str | None = None
    """The partnership-outcome measure compared (None: the first one reported)."""

    @classmethod
    def of(
        cls,
        regions: Iterable[int] | None = None,
        industry: str | None = None,
        metric: str | None = None,
        year: int | None = None,
        view: str | None = None,
        measure: str | None = None,
    ) -> Selection:
        return cls(
            regions=tuple(sorted({int(r) for r in regions or ()})),
            industry=industry or None,
            metric=metric if metric in METRICS else DEFAULT_METRIC,
            year=int(year) if year is not None else None,
            view=view if view in VIEWS else DEFAULT_VIEW,
            measure=measure or None,
        )

    @property
    def is_statewide(self) -> bool:
        return not self.regions and self.industry is None


MAX_SAVED_VIEWS = 40
MAX_VIEW_NAME = 80


def normal_year(year: int | None, years: Collection[int]) -> int | None:
    """A year the data has and that is not the latest (the latest is the default, None)."""
    if year is None or not years or year not in years or year == max(years):
        return None
    return int(year)


SCHEME_PARAMETER = "scheme"


def link_scheme(search: str | None) -> str:
    """The region scheme a link says its regions are of ('' for the default scheme, or a link made before
    schemes were named)."""
    query = parse_qs((search or "").lstrip("?"))
    return query[SCHEME_PARAMETER][0].strip().lower() if query.get(SCHEME_PARAMETER) else ""


def foreign_regions(search: str | None, scheme: str) -> list[int]:
    """The region numbers a link names when they are another scheme's than `scheme` (else none)."""
    if link_scheme(search) == scheme:
        return []
    query = parse_qs((search or "").lstrip("?"))
    named = (p.strip() for p in ",".join(query.get("regions", [])).split(","))
    return sorted({int(p) for p in named if p.isdigit()})


def selection_from_search(
    search: str | None,
    regions: Collection[int],
    industries: Collection[str],
    years: Collection[int] = (),
    measures: Collection[str] = (),
    *,
    scheme: str = "",
) -> Selection:
    query = parse_qs((search or "").lstrip("?"))
    picked: list[int] = []
    ours = link_scheme(search) == scheme  # another scheme's region numbers are not this one's regions
    for part in ",".join(query.get("regions", [])).split(","):
        part = part.strip()
        if ours and part.isdigit() and int(part) in regions:
            picked.append(int(part))
    industry = query["industry"][0] if query.get("industry") else None
    metric = query["metric"][0] if query.get("metric") else DEFAULT_METRIC
    year_text = query["year"][0].strip() if query.get("year") else ""
    year = normal_year(int(year_text), years) if year_text.isdigit() else None
    view = query["view"][0] if query.get("view") else DEFAULT_VIEW
    measure = query["measure"][0] if query.get("measure") else None
    return Selection.of(
        picked,
        industry if industry in industries else None,
        metric if metric in METRICS else None,
        year,
        view if view in VIEWS else None,
        measure if measure in measures else None,
    )


def search_from_selection(selection: Selection, *, scheme: str) -> str:
    """The link's query string; `scheme` is the region scheme's tag, said with the regions ('' for the
    default scheme: Colorado's links read as they always have)."""
    query: dict[str, str] = {}
    if selection.regions:
        query["regions"] = ",".join(str(r) for r in selection.regions)
        if scheme:
            query[SCHEME_PARAMETER] = scheme
    if selection.industry:
        query["industry"] = selection.industry
    if selection.metric != DEFAULT_METRIC:
        query["metric"] = selection.metric
    if selection.year is not None:
        query["year"] = str(selection.year)
    if selection.view != DEFAULT_VIEW:
        query["view"] = selection.view
    if selection.measure:
        query["measure"] = selection.measure
    return "?" + urlencode(query, safe=",") if query else ""


def share_link(href: str | None, search: str) -> str | None:
    """The link to a view: the page's address (scheme, host, any path prefix) with the view's search
    in place of the one it had; None while the page has not reported its address."""
    if not href:
        return None
    return href.split("#", 1)[0].split("?", 1)[0] + search


def toggle_region(selection: Selection, region: int) -> Selection:
    """A click on a region adds it to the selection, or removes it if it was selected."""
    regions = set(selection.regions) ^ {region}
    return replace(selection, regions=tuple(sorted(regions)))


def toggle_industry(selection: Selection, industry: str) -> Selection:
    """A click on an industry selects it, or clears it if it was already the one selected."""
    return replace(selection, industry=None if selection.industry == industry else industry)


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
    years: Collection[int] = (),
    measures: Collection[str] = (),
    scheme: str = "",
) -> Selection:
    """What the selection becomes after `trigger` (the id of the component that changed).

    `ids` maps the roles "url", "map", "industry_chart", "reset", "gap_button" to component ids
    (the pattern-matching gap buttons arrive as a dict id with a "region" key).
    """
    if trigger is None or trigger == ids["url"]:
        return selection_from_search(search, regions, industries, years, measures, scheme=scheme)
    # The controls hold the latest year as a number; the selection holds it as None (the default).
    current = replace(
        current, year=normal_year(current.year, years), measure=current.measure if current.measure in measures else None
    )
    if trigger == ids["reset"]:
        return Selection.of(metric=current.metric, view=current.view, measure=current.measure)
    if trigger == ids["map"]:
        region = clicked_region(map_click)
        return toggle_region(current, region) if region is not None and region in regions else current
    if trigger == ids["industry_chart"]:
        industry = clicked_industry(industry_click)
        return toggle_industry(current, industry) if industry is not None and industry in industries else current
    if isinstance(trigger, Mapping) and trigger.get("type") == ids["gap_button"]:
        region = int(trigger["region"])
        return Selection.of([region], current.industry, current.metric, current.year, current.view, current.measure)
    return Selection.of(
        current.regions,
        current.industry,
        current.metric,
        normal_year(current.year, years),
        current.view,
        current.measure,
    )


# --------------------------------------------------------------------------------------------
# Saved views and presenting them


def saved_view(name: str | None, search: str | None, fallback: str) -> dict[str, str]:
    """A saved view from what the presenter typed (blank = `fallback`, a description of the view)."""
    clean = " ".join((name or "").split())[:MAX_VIEW_NAME] or fallback[:MAX_VIEW_NAME]
    return {"name": clean, "search": search or ""}


def clean_sequence(saved: object) -> list[dict[str, str]]:
    """The saved views as stored in the browser, keeping only well-formed entries."""
    if not isinstance(saved, list):
        return []
    views = []
    for entry in saved[:MAX_SAVED_VIEWS]:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("search"), str):
            views.append({"name": entry["name"][:MAX_VIEW_NAME], "search": entry["search"]})
    return views


def edit_sequence(saved: list[dict[str, str]], action: str, index: int) -> list[dict[str, str]]:
    """Move a saved view up or down, or remove it. Out-of-range requests change nothing."""
    views = list(saved)
    if not 0 <= index < len(views):
        return views
    if action == "remove":
        del views[index]
    elif action == "up" and index > 0:
        views[index - 1], views[index] = views[index], views[index - 1]
    elif action == "down" and index < len(views) - 1:
        views[index + 1], views[index] = views[index], views[index + 1]
    return views


def add_to_sequence(saved: list[dict[str, str]], view: dict[str, str]) -> list[dict[str, str]]:
    """Append a view (the oldest goes if the list is full)."""
    return [*saved, view][-MAX_SAVED_VIEWS:]


def step_slide(index: int, count: int, action: str) -> int:
    """The slide shown after `action` ("next", "previous", "first", "last"); stays within 0..count-1."""
    if count <= 0:
        return 0
    moves = {"next": index + 1, "previous": index - 1, "first": 0, "last": count - 1}
    return min(max(moves.get(action, index), 0), count - 1)
