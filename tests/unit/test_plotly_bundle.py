"""The page's plotly.js (assets/00-plotly-dashboard.min.js) is a partial bundle: it must be the
version the Python plotly writes figures for, and hold every trace type the page draws."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from plotly.offline import get_plotlyjs_version

from callbacks.drawing import VIEWS
from dashboard.analysis.state import METRICS, Selection
from dashboard.data.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data.files import load_dataset
from layouts.page import layout

BUNDLE = PROJECT_ROOT / "assets" / "00-plotly-dashboard.min.js"
BANNER = re.compile(r"^/\*! plotly\.js v(?P<version>[\d.]+), partial bundle: (?P<traces>[a-z,]+)\.")


def banner() -> re.Match[str]:
    with BUNDLE.open(encoding="utf-8") as handle:
        found = BANNER.match(handle.readline())
    assert found, f"{BUNDLE.name} has no banner naming its version and traces: rebuild it (scripts/plotly-bundle)"
    return found


def trace_types(value: Any) -> Iterator[str]:
    """Every trace type in a layout, a callback's outputs or a figure, however nested."""
    if hasattr(value, "to_plotly_json"):  # a figure, a component, a Patch
        value = value.to_plotly_json()
    if isinstance(value, dict):
        data = value.get("data")
        if isinstance(data, list) and value.get("layout") is not None:
            for trace in data:
                if isinstance(trace, dict):
                    yield str(trace.get("type", "scatter"))
        for item in value.values():
            yield from trace_types(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from trace_types(item)


def test_the_bundle_is_the_plotly_js_that_plotly_writes_for() -> None:
    assert banner()["version"] == get_plotlyjs_version(), "plotly was upgraded: run scripts/plotly-bundle/build.sh"


def test_every_trace_the_page_draws_is_in_the_bundle() -> None:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    page = json.loads(json.dumps(layout(dataset, "/assets/topojson/"), cls=plotly.utils.PlotlyJSONEncoder))
    drawn: set[str] = set(trace_types(page))
    for metric in METRICS:
        for selection in (Selection(metric=metric), Selection.of([3], metric=metric)):
            for view in VIEWS:
                drawn |= set(trace_types(view.draw(dataset, selection)))
    assert {"choropleth", "bar", "heatmap", "scatter"} <= drawn, "the walk over the page found too little"
    assert drawn <= set(banner()["traces"].split(",")), "add the missing trace to scripts/plotly-bundle/entry.js"


CHARTS_JS = PROJECT_ROOT / "assets" / "charts.js"
WRITTEN_AGAINST = re.compile(r"written against dash (?P<dash>[\d.]+) and plotly\.js (?P<plotly>[\d.]+)")


def test_what_charts_js_relies_on_beyond_the_public_api_is_in_the_versions_locked() -> None:
    """assets/charts.js replaces Plotly.react and Plots.resize, reads gd._fullLayout, and waits on
    data-dash-is-loading: none of it is public API. It names the versions it was checked against; an
    upgrade in the lock fails here until the hooks are checked again (and the names moved on)."""
    import dash

    said = WRITTEN_AGAINST.search(CHARTS_JS.read_text(encoding="utf-8"))
    assert said, "charts.js no longer names the versions it was written against"
    lock = (PROJECT_ROOT / "requirements/run.txt").read_text(encoding="utf-8").splitlines()
    locked = {line.split("==")[0]: line.split("==")[1].split()[0] for line in lock if "==" in line}
    assert locked["dash"] == dash.__version__ == said["dash"], "dash moved: check charts.js's hooks"
    assert banner()["version"] == said["plotly"], "plotly.js moved: check charts.js's hooks"
    # The loading mark, set by the html components while a callback updates them (the plotly hooks are
    # checked in the browser: tests/browser/test_dashboard.py).
    source = (Path(dash.__file__).parent / "html" / "dash_html_components.min.js").read_text(encoding="utf-8")
    assert re.search(r'useLoading\(\)&&\(\w+\["data-dash-is-loading"\]=!0\)', source)
