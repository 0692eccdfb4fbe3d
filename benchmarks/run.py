"""Benchmark the dashboard against a naive build of the same views; print a table, write JSON.

For each membership scale (1×, 10×, 100×, 1M rows) and each build (``dashboard`` = app.py,
``naive`` = benchmarks/naive_app.py), on this machine, over loopback only:

* cold start: process start → ``/_dash-layout`` served; bytes of the layout and of the map geometry
  (the dashboard served from an environment with only what it needs to run: ``--server-venv``);
* callbacks: realistic interactions (region click, industry click, metric change, year step, Reset) sent as
  the browser sends them; each callback's time and response bytes (p50/p95);
* in headless Chromium: navigation → map drawn, and region click → every view updated (p50/p95);
* once: BLS's QCEW single file for the whole country (made up, its size), loaded from a data
  directory as CSV and as ZIP: time and peak memory (benchmarks/qcew_national.py).

Usage: ``python -m benchmarks.run [--scales 1x,1M] [--runs 20] [--browser-runs 8] [--out FILE]``
(``make bench``). Bounded: every wait has a timeout and every server is stopped at the end.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from benchmarks import qcew_national
from benchmarks.scale import SCALES, scaled_directory, scheme_directory
from dashboard import ids
from dashboard.data.config import PROJECT_ROOT, SCHEME_DIR_ENV
from dashboard.data.geography import read_county_regions

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# Both builds are served as deployed: gunicorn, 2 gthread workers × 4 threads (gunicorn.conf.py).
SERVING = ["--workers", "2", "--threads", "4", "--worker-class", "gthread", "--timeout", "300"]
BUILDS = {
    "dashboard": [GUNICORN, "app:server", "--config", "gunicorn.conf.py", *SERVING],
    "naive": [GUNICORN, "benchmarks.naive_app:server", *SERVING],
}
# The dashboard as deployed runs in an environment with requirements/run.txt only (`make bench`
# makes one, .venv-run): the test environment's packages change its start. pandera imports
# hypothesis whenever it is installed (its data-synthesis strategies), and hypothesis brings
# pytest and trio: about half a second of every start that no deployment has. The naive build
# needs plotly-geo (a bench dependency) and stays in the bench's own environment.
SERVER_VENV_DEFAULT = PROJECT_ROOT / ".venv-run"


def serve_dashboard_from(venv: Path | None) -> str:
    """Point the dashboard build at `venv`'s gunicorn; return the environment it will start in."""
    gunicorn = venv / "bin" / "gunicorn" if venv is not None else None
    if gunicorn is None or not gunicorn.exists():
        return f"the bench's own ({Path(sys.executable).parent.parent})"
    BUILDS["dashboard"] = [str(gunicorn), *BUILDS["dashboard"][1:]]
    return str(venv)


DATA_ENV = {"dashboard": "DASHBOARD_DATA_DIR", "naive": "NAIVE_DATA_DIR"}
CONTROLS = {
    f"{ids.REGION_SELECT}.value", f"{ids.INDUSTRY_SELECT}.value", f"{ids.METRIC_SELECT}.value",
    f"{ids.YEAR_SLIDER}.value",
}  # fmt: skip
IN_VIEW_ALL = (
    ids.INDUSTRY_CHART, ids.TREND_CHART, ids.GAP_MATRIX, ids.REGION_PROFILE, ids.DIRECTORY, ids.REGION_MAP_TABLE,
    ids.INDUSTRY_CHART_TABLE, ids.TREND_CHART_TABLE, ids.GAP_MATRIX_TABLE,
)  # fmt: skip
GOALS = {
    "region_geometry_kb": 40,
    "map_response_kb": 5,
    "callback_p95_ms_1x": 30,
    "callback_p95_ms_1M": 200,
    "cold_start_s": 3,  # the first start, empty store: the data directory validated and stored
    "page_to_map_s": 1.0,  # p95, cold visits
    "first_map_s": 0.5,  # p95: the server-drawn map painted, and the largest contentful paint
    "click_to_views_p95_ms": 200,
    "inp_ms": 200,
    "speedup_vs_naive": 2,  # region click → every view in view, in the browser, p50 against p50, one run
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


# --------------------------------------------------------------------------------------------
# A server process


@dataclass
class Server:
    build: str
    data_dir: Path
    scheme_dir: Path | None = None
    """Another state's region scheme to serve (DASHBOARD_SCHEME_DIR); None: Colorado's."""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    cold_start_s: float = float("nan")
    layout_bytes: int = 0
    geometry_bytes: int = 0
    log: Any = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        command = [*BUILDS[self.build], "--bind", f"127.0.0.1:{self.port}"]
        # Each server gets a new, empty store of its own, whatever the caller's environment says: its
        # start is the first start on that data (validate it, fill the store), and no scale serves
        # another scale's data (sibling data directories would otherwise share instance/ beside them).
        instance = self.data_dir.parent / f"instance-{self.build}-{self.data_dir.name}"
        shutil.rmtree(instance, ignore_errors=True)
        env = {**os.environ, DATA_ENV[self.build]: str(self.data_dir), "DASHBOARD_INSTANCE_DIR": str(instance)}
        env.pop("DATABASE_URL", None)
        env.pop(SCHEME_DIR_ENV, None)
        if self.scheme_dir is not None:
            env[SCHEME_DIR_ENV] = str(self.scheme_dir)
        started = time.perf_counter()
        self.log = (self.data_dir.parent / f"{self.build}-{self.data_dir.name}.log").open("wb")
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        while time.perf_counter() - started < timeout:
            try:
                response = requests.get(f"{self.base}/_dash-layout", timeout=timeout)
                if response.status_code == 200:
                    self.cold_start_s = time.perf_counter() - started
                    self.layout_bytes = len(response.content)
                    self.geometry_bytes = geometry_size(response.json())
                    return
            except requests.ConnectionError:
                time.sleep(0.02)
        raise RuntimeError(f"{self.build} did not serve within {timeout} s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def geometry_size(layout: Any) -> int:
    """Bytes of the map's GeoJSON in the initial layout (0 if the figure comes later)."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == ids.REGION_MAP:
                figure = node["props"].get("figure") or {}
                return sum(len(json.dumps(t.get("geojson", ""), separators=(",", ":"))) for t in figure.get("data", []))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return 0


@contextmanager
def serving(build: str, data_dir: Path, scheme_dir: Path | None = None) -> Iterator[Server]:
    server = Server(build, data_dir, scheme_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# Callbacks over HTTP, as the browser sends them


def browser_like_session() -> requests.Session:
    """A session that, like a browser, sends a request again once when a kept-alive connection
    turns out to have been closed by the server (a gunicorn worker recycled by max_requests closes
    its idle connections; a request sent on one at that moment is reset before any answer)."""
    session = requests.Session()
    retry = Retry(total=1, connect=1, read=1, status=0, other=0, allowed_methods=None, raise_on_status=False)
    session.mount("http://", HTTPAdapter(max_retries=retry))
    return session


class Client:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.session = browser_like_session()
        self.callbacks = self.session.get(f"{server.base}/_dash-dependencies", timeout=30).json()
        self.state: dict[str, Any] = {
            f"{ids.REGION_SELECT}.value": [],
            f"{ids.INDUSTRY_SELECT}.value": None,
            f"{ids.METRIC_SELECT}.value": "partnerships",
            f"{ids.URL}.search": "",
            f"{ids.RESET}.n_clicks": 0,
            # As a page scrolled through would be: every view in view, so every one is drawn.
            f"{ids.IN_VIEW}.data": {component: True for component in IN_VIEW_ALL},
        }
        self.samples: list[dict[str, Any]] = []

    @staticmethod
    def outputs(spec: str) -> Any:
        if spec.startswith(".."):
            return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in spec[2:-2].split("...")]
        node, prop = spec.rsplit(".", 1)
        return {"id": node, "property": prop}

    def value(self, dependency: dict[str, Any]) -> dict[str, Any] | list[Any]:
        if dependency["id"].startswith("{"):  # a pattern-matching family: none on the page here
            return []
        key = f"{dependency['id']}.{dependency['property']}"
        return {"id": dependency["id"], "property": dependency["property"], "value": self.state.get(key)}

    def fire(self, callback: dict[str, Any], changed: list[str], interaction: str) -> None:
        payload = {
            "output": callback["output"],
            "outputs": self.outputs(callback["output"]),
            "inputs": [self.value(d) for d in callback["inputs"]],
            "state": [self.value(d) for d in callback["state"]],
            "changedPropIds": changed,
        }
        started = time.perf_counter()
        response = self.session.post(f"{self.server.base}/_dash-update-component", json=payload, timeout=300)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code == 204:  # PreventUpdate / no_update everywhere
            body: dict[str, Any] = {}
        else:
            response.raise_for_status()
            body = response.json()
        self.samples.append(
            {
                "interaction": interaction,
                "callback": callback["output"],
                "ms": elapsed,
                "bytes": len(response.content),
                # What the map's update weighs inside the response (the whole response, when it is the map's own).
                "map_bytes": len(json.dumps(body["response"][ids.REGION_MAP]["figure"], separators=(",", ":")))
                if ids.REGION_MAP in body.get("response", {}) and "figure" in body["response"][ids.REGION_MAP]
                else None,
            }
        )
        for component, props in body.get("response", {}).items():
            for prop, value in props.items():
                self.state[f"{component}.{prop}"] = value

    def interact(self, interaction: str, trigger: str, value: Any) -> float:
        """Set `trigger`, run the controller, then every view that follows the controls; total ms."""
        before = len(self.samples)
        self.state[trigger] = value
        controller = [c for c in self.callbacks if f"{ids.URL}.search" in c["output"]]
        for callback in controller:
            self.fire(callback, [trigger], interaction)
        views = [
            c
            for c in self.callbacks
            if c not in controller and {f"{d['id']}.{d['property']}" for d in c["inputs"]} & CONTROLS
        ]
        for callback in views:
            self.fire(callback, sorted(CONTROLS), interaction)
        return float(sum(s["ms"] for s in self.samples[before:]))


def region_click(build: str, region: int) -> dict[str, Any]:
    if build == "naive":  # the naive map is drawn by county: click a county of the region
        counties = read_county_regions()
        return {"points": [{"location": counties.loc[counties["region"] == region, "county_fips"].iloc[0]}]}
    return {"points": [{"location": str(region)}]}


def year_before(shown: Any, years: list[int]) -> int:
    """The year a step back from `shown` lands on (from the first year, the last)."""
    at = years.index(shown) if shown in years else len(years)
    return years[at - 1] if at > 0 else years[-1]


def run_callbacks(
    server: Server, runs: int, industries: list[str], years: list[int], regions: list[int], seed: int = 11
) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    client = Client(server)
    totals: dict[str, list[float]] = {}
    for reset_clicks in range(1, runs + 1):
        region = int(rng.choice(regions))
        industry = str(rng.choice(industries))
        metric = str(rng.choice(["partnerships", "businesses", "industries"]))
        for interaction, trigger, value in (
            ("region click", f"{ids.REGION_MAP}.clickData", region_click(server.build, region)),
            (
                "industry click",
                f"{ids.INDUSTRY_CHART}.clickData",
                {"points": [{"customdata": industry, "y": industry}]},
            ),
            ("metric change", f"{ids.METRIC_SELECT}.value", metric),
            # A step of the year slider (its arrow keys): the year before the one shown, round to the last.
            ("year step", f"{ids.YEAR_SLIDER}.value", year_before(client.state.get(f"{ids.YEAR_SLIDER}.value"), years)),
            ("reset", f"{ids.RESET}.n_clicks", reset_clicks),
        ):
            totals.setdefault(interaction, []).append(client.interact(interaction, trigger, value))
    per_callback: dict[str, dict[str, float]] = {}
    for name in sorted({s["callback"] for s in client.samples}):
        ms = [s["ms"] for s in client.samples if s["callback"] == name]
        sizes = [s["bytes"] for s in client.samples if s["callback"] == name]
        per_callback[name] = {
            "p50_ms": percentile(ms, 50),
            "p95_ms": percentile(ms, 95),
            "max_ms": max(ms),
            "median_bytes": statistics.median(sizes),
        }
    map_bytes = [s["map_bytes"] for s in client.samples if s["map_bytes"] is not None]
    return {
        "per_callback": per_callback,
        "per_interaction": {k: {"p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95)} for k, v in totals.items()},
        "callback_p95_ms": max(v["p95_ms"] for v in per_callback.values()),
        "map_response_bytes_median": statistics.median(map_bytes) if map_bytes else 0,
        "interaction_p50_ms": percentile([t for v in totals.values() for t in v], 50),
    }


# --------------------------------------------------------------------------------------------
# In headless Chromium

# Injected before the page's own scripts. __mapAt: when the map's first region is in the DOM.
# On every mousedown a frame loop watches Dash's own callback queue (the renderer's store):
# once no callback is queued or running and more have completed than before the click, no chart
# in the window is still drawing and nothing in it waits to be drawn, the next painted frame is
# "every linked view updated".
OBSERVER = """
window.__mapAt = null; window.__last = 0; window.__done = null; window.__generation = 0; window.__clickAt = 0;
// Event Timing: every interaction's duration (input delay + handlers + the next paint), as INP counts it.
window.__interactions = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.interactionId) {
      const id = entry.interactionId;
      window.__interactions[id] = Math.max(window.__interactions[id] || 0, entry.duration);
    }
  }
}).observe({type: 'event', durationThreshold: 16, buffered: true});
const callbackQueue = () => {
  const c = window.store.getState().callbacks;
  const pending = ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed', 'stored']
    .reduce((n, k) => n + c[k].length, 0);
  return {pending, completed: c.completed};
};
// dcc.Graph marks a chart dash-graph--pending from the moment it starts drawing a new figure
// until plotly has drawn it: a view in view is updated only when none of those is pending.
const inWindow = (element) => {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight && box.width > 0 && box.height > 0;
};
const chartPendingInView = () => Array.from(document.querySelectorAll('.dash-graph--pending')).some(inWindow);
// A view the page names as waiting to be drawn (ids.WAITING's classes, assets/charts.js) that is in
// the window shows the selection before the click: the click's answer moved it into view, and the
// page has yet to ask for it. Not updated either.
const waitingInView = () => {
  const holder = document.getElementById('__WAITING__');
  if (!holder) { return false; }
  return [...holder.classList].filter((name) => name.startsWith('waiting-')).some((name) => {
    const element = document.querySelector(`.drawn-when-seen[data-component="${name.slice(8)}"]`);
    return element !== null && inWindow(element);
  });
};
document.addEventListener('mousedown', () => {
  // Only the latest click's loop may report.
  const generation = ++window.__generation;
  const start = performance.now(); const before = callbackQueue().completed; window.__done = null;
  window.__clickAt = start;
  const tick = () => {
    if (generation !== window.__generation) { return; }
    const queue = callbackQueue();
    if (queue.pending === 0 && queue.completed > before && !chartPendingInView() && !waitingInView()) {
      requestAnimationFrame(() => { window.__done = performance.now() - start; });
      return;
    }
    if (performance.now() - start > 60000) { window.__done = -1; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}, true);
// The server-drawn map (callbacks/first_screen.py) painted: the frame after its SVG is in the page.
window.__firstMapAt = null; window.__lcp = null;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.__lcp = entry.startTime; }
}).observe({type: 'largest-contentful-paint', buffered: true});
new MutationObserver(() => {
  window.__last = performance.now();
  if (window.__firstMapAt === null && document.querySelector('.first-map svg a')) {
    window.__firstMapAt = -1;
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstMapAt = performance.now(); }));
  }
  if (window.__mapAt === null && document.querySelector('#coverage-region-map .choroplethlocation')) {
    window.__mapAt = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
""".replace("__WAITING__", ids.WAITING)
# Of the callback requests a click set off: how many, when the last answer had arrived, the
# longest wait for a first byte (server time + loopback), the longest transfer.
REQUESTS_SINCE_CLICK = """
const since = window.__clickAt;
const requests = performance.getEntriesByType('resource')
  .filter((r) => r.name.includes('_dash-update-component') && r.startTime >= since);
const server = (r) => (r.serverTiming || []).filter((t) => t.name === 'app').reduce((n, t) => n + t.duration, 0);
return {
  count: requests.length,
  first_request_ms: requests.length ? requests[0].requestStart - since : 0,
  server_ms_max: Math.max(0, ...requests.map(server)),
  last_response_ms: Math.max(0, ...requests.map((r) => r.responseEnd - since)),
  first_byte_ms_max: Math.max(0, ...requests.map((r) => r.responseStart - r.requestStart)),
  transfer_ms_max: Math.max(0, ...requests.map((r) => r.responseEnd - r.responseStart)),
};
"""
MAIN_THREAD = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")
IDLE = (
    "const c = window.store.getState().callbacks;"
    " return c.requested.length + c.executing.length + c.watched.length === 0"
)


CLICK_ORDER = (7, 13, 3, 10, 1, 5, 12, 8, 2, 14, 4, 9, 6, 11)


def click_order(regions: int) -> list[int]:
    """The order regions are clicked in: Colorado's as it always was; another scheme's, a seeded shuffle."""
    if regions == len(CLICK_ORDER):
        return list(CLICK_ORDER)
    return [int(r) for r in np.random.default_rng(5).permutation(np.arange(1, regions + 1))]


# Where a person clicks a region: a point of its shape that is on screen. The centre of a region's
# box can lie outside the shape (a concave region) or below the window (a region at the map's foot
# after the page moved): a click there selects nothing, and timing it until some later callback
# (the 30-second data check) made one click in eight read 0.3-10 s.
INSIDE_POINT = """
const path = arguments[0];
const box = path.getBoundingClientRect();
const left = Math.max(box.left, 0), right = Math.min(box.right, window.innerWidth);
const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, window.innerHeight);
if (right <= left || bottom <= top) { return null; }
const toPath = path.getScreenCTM().inverse();
const middle = [(left + right) / 2, (top + bottom) / 2];
let best = null;
for (let i = 1; i < 16; i++) {
  for (let j = 1; j < 16; j++) {
    const x = left + (right - left) * i / 16, y = top + (bottom - top) * j / 16;
    if (!path.isPointInFill(new DOMPoint(x, y).matrixTransform(toPath))) { continue; }
    const away = Math.hypot(x - middle[0], y - middle[1]);
    if (best === null || away < best[2]) { best = [x, y, away]; }
  }
}
return best && [Math.round(best[0]), Math.round(best[1])];
"""


def click_inside(driver: Any, path: Any, pause: float = 0.3) -> None:
    """Move to a point inside the region's shape, wait as a person would, and click."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    point = driver.execute_script(INSIDE_POINT, path)
    if point is None:
        raise RuntimeError("the region to click is not on screen")
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(point[0], point[1])
    actions.pointer_action.pause(pause)
    actions.pointer_action.click()
    actions.perform()


def chromium() -> Any:
    from scripts.screenshot import chromium as make_driver

    return make_driver(1400, 1000)


def wait(driver: Any, script: str, timeout: float = 120) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if driver.execute_script(script):
            return
        time.sleep(0.02)
    raise TimeoutError(script)


def settle(driver: Any, quiet_ms: float = 400, timeout: float = 120) -> None:
    """Wait until no callback is in flight and the DOM has not changed for `quiet_ms`."""
    end = time.time() + timeout
    while time.time() < end:
        idle = driver.execute_script(IDLE)
        since = driver.execute_script("return performance.now() - window.__last")
        if idle and since > quiet_ms:
            return
        time.sleep(0.05)


def run_browser(server: Server, loads: int, clicks: int) -> dict[str, Any]:

    visits = [cold_visit(server) for _ in range(max(loads, 8))]
    page_to_map = [float(v["plotly_map_s"] or 0) for v in visits]
    first_map = [float(f) for v in visits if (f := v["first_map_s"]) is not None]
    lcp = [float(f) for v in visits if (f := v["lcp_s"]) is not None]
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
        driver.get(f"{server.base}/")
        wait(driver, "return window.__mapAt !== null")
        settle(driver)
        click_ms = []
        breakdown: list[dict[str, float]] = []
        driver.execute_cdp_cmd("Performance.enable", {})
        paths = driver.find_elements("css selector", "#coverage-region-map .choroplethlocation")
        map_graph = driver.find_element("id", "coverage-region-map")
        counties = read_county_regions()
        for n in range(clicks):
            # A different region each time: nothing the server remembers from an earlier click of the
            # bench helps. (Each worker has drawn a first click on every region ahead, as it does for
            # any visitor once quiet after a start: app.draw_likely_clicks.)
            region = click_order(len(paths))[n % len(paths)] if server.build == "dashboard" else CLICK_ORDER[n % 14]
            position = (
                region - 1 if server.build == "dashboard" else int(counties.index[counties["region"] == region][0])
            )
            target = paths[position]
            # The map in the middle of the window, as a person clicking regions keeps it (the charts
            # below it partly in view, so they are redrawn too). At once: the page scrolls smoothly
            # (CSS), and a click while it still moved landed off the region.
            driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", map_graph)
            settle(driver)
            driver.execute_script("performance.clearResourceTimings()")
            before = main_thread(driver)
            click_inside(driver, target)
            wait(driver, "return window.__done !== null")
            click_ms.append(driver.execute_script("return window.__done"))
            after = main_thread(driver)
            requests = driver.execute_script(REQUESTS_SINCE_CLICK)
            if not requests["count"]:  # the click selected nothing: a failure, not a time
                click_ms[-1] = -1
            done = click_ms[-1]
            breakdown.append(
                {
                    "requests": requests["count"],
                    "first_request_ms": requests["first_request_ms"],
                    "server_ms_max": requests["server_ms_max"],
                    "last_response_ms": requests["last_response_ms"],
                    "first_byte_ms_max": requests["first_byte_ms_max"],
                    "transfer_ms_max": requests["transfer_ms_max"],
                    "after_last_response_ms": max(0.0, done - requests["last_response_ms"]),
                    # Main-thread time from the click until every view was drawn (Chrome's own counters).
                    **{f"{k}_ms": (after[k] - before[k]) * 1000 for k in MAIN_THREAD},
                }
            )
            settle(driver)
            click_inside(driver, target)  # clear again
            settle(driver)
        measured = [ms for ms in click_ms if ms >= 0]  # -1: no callback seen within 60 s
        inp = interaction_session(driver) if server.build == "dashboard" else {}
        return {
            **inp,
            "click_breakdown_median": {k: statistics.median(b[k] for b in breakdown) for k in breakdown[0]},
            "click_failures": len(click_ms) - len(measured),
            # Each visit a cold one: a new browser with a fresh profile (nothing cached).
            "cold_visits": len(visits),
            "page_to_map_s_p50": percentile(page_to_map, 50),
            "page_to_map_s_p95": percentile(page_to_map, 95),
            "page_to_map_s_all": page_to_map,
            # The map the server draws, painted (the dashboard only; the naive build has none).
            **(
                {"first_map_s_p50": percentile(first_map, 50), "first_map_s_p95": percentile(first_map, 95)}
                if first_map
                else {}
            ),
            "lcp_s_p50": percentile(lcp, 50) if lcp else float("nan"),
            "lcp_s_p95": percentile(lcp, 95) if lcp else float("nan"),
            "click_to_views_ms_p50": percentile(measured, 50),
            "click_to_views_ms_p95": percentile(measured, 95),
            "click_to_views_ms_all": click_ms,
        }
    finally:
        driver.quit()


def cold_visit(server: Server) -> dict[str, float | None]:
    """One first visit: a new Chromium (a fresh profile, nothing cached) opens the page. When the server's
    map was painted, the largest contentful paint, and when plotly's map was drawn (seconds from the
    navigation's start)."""
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
        driver.get(f"{server.base}/")
        wait(driver, "return window.__mapAt !== null")
        first, lcp, plotly = driver.execute_script("return [window.__firstMapAt, window.__lcp, window.__mapAt]")
        return {
            "first_map_s": first / 1000 if first is not None and first > 0 else None,
            "lcp_s": lcp / 1000 if lcp is not None else None,
            "plotly_map_s": plotly / 1000,
        }
    finally:
        driver.quit()


def main_thread(driver: Any) -> dict[str, float]:
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return {m["name"]: float(m["value"]) for m in metrics if m["name"] in MAIN_THREAD}


def interaction_session(driver: Any, interactions: int = 30) -> dict[str, Any]:
    """INP over a scripted session, as a person would use the page: map clicks, industry bar
    clicks, metric changes, year steps and Reset, each waited out. INP is the longest interaction
    (with fewer than 50, web-vitals takes the maximum); 'good' is ≤ 200 ms."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.get(driver.current_url.split("?")[0])
    wait(driver, "return window.__mapAt !== null")
    settle(driver)
    driver.execute_script("window.__interactions = {}")
    kinds = ["bar", "map", "metric", "year", "reset"]  # a bar right after Reset: every industry has one
    for n in range(interactions):
        kind = kinds[n % len(kinds)]
        if kind == "map":
            targets = driver.find_elements("css selector", f"#{ids.REGION_MAP} .choroplethlocation")
            target = targets[(n * 5) % len(targets)]
        elif kind == "bar":
            targets = driver.find_elements("css selector", f"#{ids.INDUSTRY_CHART} .point path")
            if not targets:  # no bars to click in this selection: Reset instead
                targets = [driver.find_element("id", ids.RESET)]
            target = targets[(n * 3) % len(targets)]
        elif kind == "metric":
            targets = driver.find_elements("css selector", f"#{ids.METRIC_SELECT} input")
            target = targets[n % len(targets)]
        elif kind == "year":
            target = driver.find_element("css selector", f"#{ids.YEAR_SLIDER} [role='slider']")
        else:
            target = driver.find_element("id", ids.RESET)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", target)
        settle(driver)
        if kind == "year":
            ActionChains(driver).move_to_element(target).click().send_keys(Keys.ARROW_LEFT).perform()
        elif kind == "map":
            click_inside(driver, target, pause=0.2)
        else:
            ActionChains(driver).move_to_element(target).pause(0.2).click().perform()
        settle(driver)
    durations = sorted(driver.execute_script("return Object.values(window.__interactions)"))
    return {
        "inp_ms": durations[-1] if durations else 0.0,
        "interactions_seen": len(durations),
        "interaction_ms_p50": percentile(durations, 50) if durations else 0.0,
    }


# --------------------------------------------------------------------------------------------


def industries_in(data_dir: Path) -> list[str]:
    with (data_dir / "partnerships.csv").open(encoding="utf-8") as handle:
        return sorted({row["industry"] for row in csv.DictReader(handle)})


def years_in(data_dir: Path) -> list[int]:
    """The slider's years: from the first year a member joined to the last (metrics.years)."""
    with (data_dir / "members.csv").open(encoding="utf-8") as handle:
        joined = {int(row["joined_year"]) for row in csv.DictReader(handle)}
    return list(range(min(joined), max(joined) + 1))


def regions_in(scheme_dir: Path | None) -> list[int]:
    crosswalk = read_county_regions() if scheme_dir is None else read_county_regions(scheme_dir)
    return sorted({int(r) for r in crosswalk["region"]})


def measure(scale: str, root: Path, runs: int, loads: int, clicks: int, *, browser: bool) -> dict[str, Any]:
    data_dir = scaled_directory(scale, root)
    scheme_dir = scheme_directory(scale, root)
    industries = industries_in(data_dir)
    years = years_in(data_dir)
    regions = regions_in(scheme_dir)
    rows = sum(1 for _ in (data_dir / "members.csv").open()) - 1
    result: dict[str, Any] = {"scale": scale, "membership_rows": rows, "regions": len(regions)}
    # The naive build is Colorado's alone: another state's scheme is measured on the dashboard only.
    for build in BUILDS if scheme_dir is None else ("dashboard",):
        with serving(build, data_dir, scheme_dir) as server:
            entry: dict[str, Any] = {
                "cold_start_s": server.cold_start_s,
                "layout_bytes": server.layout_bytes,
                "geometry_bytes": server.geometry_bytes,
            }
            build_runs = runs if build == "dashboard" or scale == "1x" else max(2, runs // 4)
            entry.update(run_callbacks(server, build_runs, industries, years, regions))
            if browser:
                entry.update(run_browser(server, loads, clicks if build == "dashboard" else max(2, clicks // 2)))
            result[build] = entry
        print(f"  {scale} {build}: done", flush=True)
    if "naive" not in result:
        return result
    result["speedup_interaction_p50"] = (
        result["naive"]["interaction_p50_ms"] / result["dashboard"]["interaction_p50_ms"]
    )
    if browser:
        result["speedup_click_p50"] = (
            result["naive"]["click_to_views_ms_p50"] / result["dashboard"]["click_to_views_ms_p50"]
        )
    return result


Check = tuple[str, str, str, bool]


def goals(results: list[dict[str, Any]]) -> list[Check]:
    """Each goal (issues #5 and #11) with what was measured, and whether it was met."""
    by_scale = {r["scale"]: r for r in results}
    first = results[0]["dashboard"]
    worst_map = max(r["dashboard"]["map_response_bytes_median"] for r in results)
    rows: list[Check] = [
        ("region geometry", f"≤ {GOALS['region_geometry_kb']} KB", f"{first['geometry_bytes'] / 1000:.1f} KB",
         first["geometry_bytes"] <= GOALS["region_geometry_kb"] * 1000),
        ("map response on selection", f"≤ {GOALS['map_response_kb']} KB", f"{worst_map / 1000:.1f} KB",
         worst_map <= GOALS["map_response_kb"] * 1000),
    ]  # fmt: skip
    for scale, goal in (("1x", GOALS["callback_p95_ms_1x"]), ("1M", GOALS["callback_p95_ms_1M"])):
        if scale in by_scale:
            p95 = by_scale[scale]["dashboard"]["callback_p95_ms"]
            rows.append((f"callback p95 at {scale}", f"≤ {goal} ms", f"{p95:.0f} ms", p95 <= goal))
    for r in results:
        d, scale = r["dashboard"], r["scale"]
        cold, speedup = d["cold_start_s"], r.get("speedup_interaction_p50")
        rows.append((f"first start at {scale} (empty store)", f"≤ {GOALS['cold_start_s']} s", f"{cold:.1f} s",
                     cold <= GOALS["cold_start_s"]))  # fmt: skip
        if "page_to_map_s_p95" in d:
            to_map, click50, click = d["page_to_map_s_p95"], d["click_to_views_ms_p50"], d["click_to_views_ms_p95"]
            rows.append((f"page → plotly's map at {scale} (p95, cold visits)", f"≤ {GOALS['page_to_map_s']} s",
                         f"{to_map:.2f} s", to_map <= GOALS["page_to_map_s"]))  # fmt: skip
            if "first_map_s_p95" in d:
                first_map = d["first_map_s_p95"]
                rows.append((f"page → the server's map painted at {scale} (p95)", f"≤ {GOALS['first_map_s']} s",
                             f"{first_map:.2f} s", first_map <= GOALS["first_map_s"]))  # fmt: skip
                rows.append((f"LCP at {scale} (p95)", f"≤ {GOALS['first_map_s']} s", f"{d['lcp_s_p95']:.2f} s",
                             d["lcp_s_p95"] <= GOALS["first_map_s"]))  # fmt: skip
            rows.append((f"click → every view at {scale} (p50 / p95)", f"p95 ≤ {GOALS['click_to_views_p95_ms']} ms",
                         f"{click50:.0f} / {click:.0f} ms", click <= GOALS["click_to_views_p95_ms"]))  # fmt: skip
            browser = r.get("speedup_click_p50")
            if browser is not None:
                naive = r["naive"]["click_to_views_ms_p50"]
                rows.append((f"click vs naive at {scale} (p50, same run)", f"≥ {GOALS['speedup_vs_naive']}×",
                             f"{browser:.1f}× ({naive:.0f} ms)", browser >= GOALS["speedup_vs_naive"]))  # fmt: skip
        if "inp_ms" in d:
            rows.append((f"INP over 30 interactions at {scale}", f"≤ {GOALS['inp_ms']} ms", f"{d['inp_ms']:.0f} ms",
                         d["inp_ms"] <= GOALS["inp_ms"]))  # fmt: skip
        if speedup is not None:
            rows.append((f"callbacks faster than naive at {scale}", f"≥ {GOALS['speedup_vs_naive']}×",
                         f"{speedup:.1f}×", speedup >= GOALS["speedup_vs_naive"]))  # fmt: skip
    return rows


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        f"{'scale':>7} {'rows':>9} | {'build':9} | {'cold s':>6} | {'layout KB':>9} | {'geo KB':>7} | "
        f"{'cb p50':>7} {'cb p95':>7} | {'map KB':>7} | {'act p50':>8} | {'page→map':>8} | {'click p50':>9} {'p95':>6}"
    ]
    for r in results:
        for build in (b for b in BUILDS if b in r):
            d = r[build]
            p50 = statistics.median(v["p50_ms"] for v in d["per_callback"].values())
            nan = float("nan")
            to_map, click50, click95 = (
                d.get(k, nan) for k in ("page_to_map_s_p50", "click_to_views_ms_p50", "click_to_views_ms_p95")
            )
            lines.append(
                f"{r['scale']:>7} {r['membership_rows']:>9,} | {build:9} | {d['cold_start_s']:6.2f} | "
                f"{d['layout_bytes'] / 1000:9.1f} | {d['geometry_bytes'] / 1000:7.1f} | "
                f"{p50:7.1f} {d['callback_p95_ms']:7.1f} | {d['map_response_bytes_median'] / 1000:7.1f} | "
                f"{d['interaction_p50_ms']:8.1f} | {to_map:8.2f} | {click50:9.0f} {click95:6.0f}"
            )
        if "speedup_interaction_p50" in r:
            lines.append(f"{'':>19}| faster per interaction (p50): {r['speedup_interaction_p50']:.1f}×")
        else:
            lines.append(f"{'':>19}| {r['regions']} regions of another state's scheme: the dashboard only")
        for build in (b for b in BUILDS if b in r):
            each = ", ".join(
                f"{name} {v['p50_ms']:.0f} / {v['p95_ms']:.0f}" for name, v in r[build]["per_interaction"].items()
            )
            lines.append(f"{'':>19}| {build}, server ms per interaction (p50 / p95): {each}")
        if "cold_visits" in r["dashboard"]:
            d, n = r["dashboard"], r.get("naive", {})
            server_map = (
                f"the server's map painted p50 {d['first_map_s_p50']:.2f} / p95 {d['first_map_s_p95']:.2f} s, "
                if "first_map_s_p95" in d
                else ""
            )
            lines.append(
                f"{'':>19}| {d['cold_visits']} cold visits (a fresh browser each): {server_map}LCP p95 "
                f"{d['lcp_s_p95']:.2f} s, plotly's map p50 {d['page_to_map_s_p50']:.2f} / p95 "
                f"{d['page_to_map_s_p95']:.2f} s; naive: LCP p95 {n.get('lcp_s_p95', float('nan')):.2f} s, "
                f"map p95 {n.get('page_to_map_s_p95', float('nan')):.2f} s"
            )
        parts = r["dashboard"].get("click_breakdown_median")
        if parts:
            lines.append(
                f"{'':>19}| a region click (median): {parts['requests']:.0f} request(s), the first sent at "
                f"{parts['first_request_ms']:.0f} ms, server {parts['server_ms_max']:.0f} ms, last answer at "
                f"{parts['last_response_ms']:.0f} ms (longest first byte {parts['first_byte_ms_max']:.0f} ms, "
                f"longest transfer {parts['transfer_ms_max']:.0f} ms), then {parts['after_last_response_ms']:.0f} ms "
                f"to draw; main thread: script {parts['ScriptDuration_ms']:.0f} ms, layout "
                f"{parts['LayoutDuration_ms']:.0f} ms, style {parts['RecalcStyleDuration_ms']:.0f} ms, "
                f"all tasks {parts['TaskDuration_ms']:.0f} ms"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(SCALES), help="comma-separated: " + ", ".join(SCALES))
    parser.add_argument("--runs", type=int, default=20, help="rounds of the five interactions per scale")
    parser.add_argument("--browser-runs", type=int, default=8, help="page loads and region clicks in Chromium")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    default_work = Path(tempfile.gettempdir()) / "dashboard-bench"
    parser.add_argument("--work-dir", type=Path, default=default_work, help="where scaled data is written")
    parser.add_argument(
        "--server-venv",
        type=Path,
        default=SERVER_VENV_DEFAULT,
        help="the virtualenv the dashboard is served from (default .venv-run, made by make bench; "
        "the bench's own when it does not exist)",
    )
    parser.add_argument("--no-qcew-national", action="store_true", help="skip the whole-country QCEW file")
    parser.add_argument(
        "--qcew-national-rows",
        type=int,
        default=qcew_national.ROWS,
        help="rows of the whole-country file (default: about BLS's 3.5 million; fewer to check the bench runs)",
    )
    args = parser.parse_args()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    server_environment = serve_dashboard_from(args.server_venv)
    print(f"dashboard served from: {server_environment}", flush=True)
    results = []
    for scale in args.scales.split(","):
        print(f"scale {scale}…", flush=True)
        results.append(
            measure(scale, args.work_dir, args.runs, args.browser_runs, args.browser_runs, browser=not args.no_browser)
        )
    national: dict[str, Any] | None = None
    all_checks = goals(results)
    if not args.no_qcew_national:
        print("QCEW single file for the whole country…", flush=True)
        python = args.server_venv / "bin" / "python"
        national = qcew_national.run(
            args.work_dir, args.qcew_national_rows, python=str(python) if python.exists() else sys.executable
        )
        all_checks += qcew_national.checks(national)
    report = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "dashboard_environment": server_environment,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "goals": GOALS,
        "results": results,
        "qcew_national": national,
        "checks": [dict(zip(("what", "goal", "measured", "met"), row, strict=True)) for row in all_checks],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print()
    print(table(results))
    if national is not None:
        print(qcew_national.describe(national))
    print()
    for what, goal, measured, met in all_checks:
        print(f"{'met ' if met else 'MISS'}  {what:36} goal {goal:>10}  measured {measured:>10}")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
