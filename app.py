"""Colorado Sector Partnerships Dashboard: builds the Dash app; ``python app.py`` serves it.

Exposes ``app`` and ``server`` (for a WSGI server). The data directory is ``data/`` unless
``DASHBOARD_DATA_DIR`` or ``--data-dir`` says otherwise.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Sequence
from html import escape as html_escape
from typing import Any

import dash
import dash_bootstrap_components as dbc
import flask
from dash import html
from dash.exceptions import DependencyException
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

import callbacks.data_page
import callbacks.drawing
import callbacks.pages
import callbacks.present
import callbacks.selection  # noqa: F401  (each module registers its callbacks)
from callbacks.drawing import draw_views
from callbacks.first_screen import first_screen_html
from callbacks.seen import EVERYTHING_IN_VIEW
from dashboard.analysis.state import Selection
from dashboard.data.config import DATA_DIR_ENV, Settings
from dashboard.data.contract import DataContractError
from dashboard.data.membership import memoized
from dashboard.server import security, web
from dashboard.server.activity import ACTIVITY, counting
from dashboard.server.startup import EXIT_BAD_DATA, load_for_serving, set_aside_what_lasts, store_problem
from dashboard.store.loading import get_dataset, store_url
from layouts import page

log = logging.getLogger(__name__)

INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        {%preloads%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


class Dashboard(dash.Dash):
    """Dash, with the first screen written into the index page (callbacks/first_screen.py): a visitor sees
    the map, and can select a region on it, before the page's scripts have run."""

    def interpolate_index(self, **kwargs: Any) -> Any:  # type: ignore[override]  # Dash names each keyword
        kwargs["app_entry"] = first_screen_entry(self.config.requests_pathname_prefix) + kwargs["app_entry"]
        kwargs["scripts"] = deferred(kwargs["scripts"])
        kwargs["title"] = window_title(kwargs["title"])
        return super().interpolate_index(**kwargs)


# Loaded when first needed (assets/lazy-grid.js stands in for it): the directory's grid, 2.2 MB of script.
LAZY_SCRIPTS = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid[^"]*\.js)"></script>')
PAGE_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')

# Fetches and runs the page's scripts, in their order, once the first screen has been painted. Each is named by
# an inert tag (a type no browser fetches or runs), which this turns into a real one after the frame that
# shows the server's first screen, and the code-split chunks' links become preloads then too. Fetched with
# the page, ~4 MB of script was compiled as it arrived and then run, and on two cores that held the first
# paint back by 0.4-0.5 s (docs/performance.md). A tab opened hidden paints no frame: they start at once there.
AFTER_PAINT = "text/x-after-first-paint"
SCRIPT_LOADER = """
(function () {
    var started = false;
    function run() {
        if (started) { return; }
        started = true;
        document.querySelectorAll('link[data-after-first-paint]').forEach(function (link) { link.rel = 'preload'; });
        var named = document.querySelectorAll('script[type="AFTER_PAINT"]');
        named.forEach(function (tag, i) {
            var script = document.createElement('script');
            script.src = tag.src;
            script.async = false;
            if (i === named.length - 1) { script.onload = script.onerror = window.startDash; }
            tag.parentNode.insertBefore(script, tag);
        });
    }
    if (document.visibilityState === 'hidden') {
        run();
    } else {
        requestAnimationFrame(function () { setTimeout(run, 0); });
    }
})();
""".replace("AFTER_PAINT", AFTER_PAINT)


def deferred(scripts: str) -> str:
    """Every script the page loads, fetched and run after the first screen is painted (SCRIPT_LOADER), in the
    same order, so the first screen appears as soon as its style sheets have arrived instead of after ~4 MB
    of script has been received, compiled and run. Dash's inline scripts only define clientside functions and
    run where they are; the renderer starts once the last script has run (RENDERER). The directory grid's
    script is named, not loaded: assets/lazy-grid.js loads it when the directory is near or the page is idle."""
    named = LAZY_SCRIPTS.sub(r'<script type="application/json" data-lazy-src="\1"></script>', scripts)
    inert = PAGE_SCRIPT.sub(rf'<script type="{AFTER_PAINT}" src="\1"></script>', named)
    return inert + f"\n<script>{SCRIPT_LOADER}</script>"


# Dash's renderer, started by the script loader once the page's scripts have run.
RENDERER = "window.startDash = function () { if (!window.renderer) { window.renderer = new DashRenderer(); } };"


def window_title(default: str) -> str:
    """The window's title names the state of the region scheme in force (its dashboard title)."""
    try:
        return html_escape(get_dataset().geography.dashboard_title)
    except (DataContractError, SQLAlchemyError):  # the page says why once it loads
        return default


def first_screen_entry(prefix: str) -> str:
    """The server's first screen for the dashboard's own address (not the Data page's or a partnership's),
    for the view in the link; nothing if the data cannot be read (the page says why once it loads)."""
    if flask.request.path != prefix:
        return ""
    try:
        return first_screen_html(get_dataset(), flask.request.query_string.decode("utf-8", "replace"), prefix)
    except (DataContractError, SQLAlchemyError):
        return ""
    except Exception:  # the page still works without it: Dash draws it all, a moment later
        log.exception("writing the first screen failed")
        return ""


app = Dashboard(
    __name__,
    title="Colorado Sector Partnerships",
    # The window's title stays what it is while callbacks run (Dash would flash "Updating..." on every click
    # in a shared screen's tab); a partnership's page names itself there (assets/pages.js).
    update_title="",
    # Bootstrap's CSS is served from assets/, not a CDN: the page makes no request off the machine.
    external_stylesheets=[],
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    index_string=INDEX_STRING,
    compress=True,  # gzip responses (flask-compress): the layout shrinks ~5×, a help on slow networks
)
# What the page fetches only after its scripts have run, asked for at once so it arrives meanwhile: the layout
# and the callbacks. The code-split parts of the components the first screen draws (Dash loads each when a
# component of its kind first renders, one after another) are asked for with the page's scripts, after the
# first paint (SCRIPT_LOADER): a script received is compiled at once, and on two cores that held the first
# paint back by about 0.35 s.
PRELOADS = (("_dash-layout", "fetch"), ("_dash-dependencies", "fetch"))
CHUNKS = (
    "dash/dcc/async-graph.js",
    "dash/dcc/async-dropdown.js",
    "dash/dcc/async-slider.js",
    "dash/dcc/async-markdown.js",
    "dash/dcc/async-upload.js",
)


def preload_links(prefix: str) -> str:
    fetched = [f'<link rel="preload" href="{prefix}{path}" as="fetch" crossorigin="anonymous">' for path, _ in PRELOADS]
    later = [f'<link data-after-first-paint href="{prefix}_dash-component-suites/{c}" as="script">' for c in CHUNKS]
    return "\n        ".join(fetched + later)


app.renderer = RENDERER
app.index_string = INDEX_STRING.replace("{%preloads%}", preload_links(app.config.requests_pathname_prefix))
server = app.server
web.register(server)  # sign-in, version downloads, templates; session and upload-size settings


@server.errorhandler(DependencyException)
def _no_such_script(_error: DependencyException) -> tuple[str, int]:
    """A script address no component library has (a typo, a probe, a page from before an upgrade):
    not found, as any other address, rather than a server error in the log."""
    return "Not found.", 404


def register_page_scripts() -> None:
    """Serve the index page once in this process.

    Dash registers the component scripts a page may ask for while it renders the first index
    page. Under gunicorn the page and its scripts can be served by different workers, and a
    worker that never rendered the page answers the scripts with "not a registered library".
    Called in the master before forking, every worker inherits the registration.
    """
    response = server.test_client().get("/")
    if response.status_code != 200:
        raise RuntimeError(f"the index page failed to render: {response.status_code}")


def contract_error_page(error: DataContractError) -> html.Div:
    return dbc.Container(
        [
            html.H1("The dashboard's data could not be loaded", className="h3 mt-4"),
            html.P("Fix these problems in the data files and restart the server; nothing was changed."),
            html.Pre(error.report(limit=200), className="border p-3 bg-light"),
        ]
    )


def store_error_page(error: SQLAlchemyError) -> html.Div:
    return dbc.Container(
        [
            html.H1("The dashboard's data store could not be reached", className="h3 mt-4"),
            html.P("Nothing was changed. Check DATABASE_URL (or the instance directory) and that the database is up."),
            html.Pre(store_problem(error), className="border p-3 bg-light"),
        ]
    )


def serve_layout() -> html.Div:
    try:
        dataset = get_dataset()
    except DataContractError as error:
        return contract_error_page(error)
    except SQLAlchemyError as error:
        return store_error_page(error)
    url = app.get_asset_url("topojson/")
    # The page depends on the data version only: built once per version, not on every visit.
    return memoized(dataset, ("page layout", url), lambda: page.layout(dataset, topojson_url=url), pinned=True)


# The same tree without data, for Dash to validate callbacks against: importing reads no files.
app.validation_layout = page.layout(None, topojson_url=app.get_asset_url("topojson/"))  # type: ignore[assignment]
app.layout = serve_layout
# Security headers (a CSP with the hashes of Dash's inline scripts, computed now that every
# clientside callback is defined), refusal of large anonymous bodies, 400 for malformed callbacks.
security.register(server, [*app.csp_hashes(), security.script_hash(SCRIPT_LOADER)])
# Each request is counted, so that work done ahead (draw_likely_clicks) waits for a quiet moment.
server.wsgi_app = counting(server.wsgi_app)


def prepare_to_serve() -> None:
    """Before the first request, in the process that serves (gunicorn's master before forking):
    the session key read or made, and the page's scripts registered."""
    web.ensure_secret_key(server)
    register_page_scripts()


def draw_first_view() -> None:
    """Draw what a first visitor's page asks for (the default selection: its words at once, then
    every view as it comes into view), so the first visit after a start finds it remembered.

    Run in the background in each worker once it is quiet after the fork (draw_ahead): the start
    does not wait for it, and a request that asks meanwhile waits for the same drawing rather than
    repeating it (a dataset's memo computes each result once).
    """
    try:
        dataset = get_dataset()
        for in_view in ({}, EVERYTHING_IN_VIEW):
            draw_views(dataset, Selection(), None, in_view)
    except Exception:  # a request will meet, and report, the same problem
        log.exception("drawing the first view in advance failed")


QUIET_S = 0.3  # work done ahead waits until no request has been answered for this long


def draw_likely_clicks() -> None:
    """Draw, ahead, what a click on each region of the first view asks for (the words of every view
    and the map's new colours), one region at a time and only while the worker is quiet: a person's
    first click on any region then finds its answer remembered instead of counting it (30-40 ms of
    the click at every scale). Stops when a new data version replaces the one it started on."""
    try:
        dataset = get_dataset()
        for region in dataset.regions:
            ACTIVITY.wait_until_quiet(QUIET_S)
            if get_dataset().version != dataset.version:
                return
            draw_views(dataset, Selection(regions=(region,)), None, {})
    except Exception:  # a request will meet, and report, the same problem
        log.exception("drawing the likely clicks in advance failed")


def draw_ahead() -> None:
    """The first view, then the likely clicks, each once the worker is quiet: the requests of a
    visit that is here already (the page's layout, just after a start) are answered first, and
    count what they need themselves."""
    ACTIVITY.restart()
    ACTIVITY.wait_until_quiet(QUIET_S)
    draw_first_view()
    draw_likely_clicks()


def draw_ahead_in_background() -> None:
    """Just after a worker starts: the first view, then the likely clicks (the start does not wait)."""
    threading.Thread(target=draw_ahead, name="draw-ahead", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    settings = Settings.from_args(argv)
    os.environ[DATA_DIR_ENV] = str(settings.data_dir)
    dataset = load_for_serving()  # validated once, then cached for the requests
    if dataset is None:
        return EXIT_BAD_DATA
    sample = " (includes sample data)" if dataset.is_sample else ""
    print(
        f"Data {dataset.version}: {len(dataset.partnerships)} partnerships and {len(dataset.members)} membership "
        f"rows{sample}, from the store {make_url(store_url(settings)).render_as_string(hide_password=True)} "
        f"(seeded from {settings.data_dir}).\nServing on http://{settings.host}:{settings.port}",
        flush=True,
    )
    prepare_to_serve()
    set_aside_what_lasts()
    draw_ahead_in_background()
    app.run(host=settings.host, port=settings.port, debug=settings.debug, request_handler=security.QuietRequestHandler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
