"""Gunicorn settings for serving the dashboard: `make serve` (docs/deployment.md explains them).

Sized for the 2-core machines the state runs this on:

* 2 workers (one per core): the callbacks are CPU-bound pandas/numpy under the GIL, so
  processes, not threads, give parallel compute. Override with WEB_CONCURRENCY.
* 4 threads per worker (gthread): a click makes the browser send ~8 callback requests at once;
  threads let a worker overlap their network I/O and serialisation.
* preload: the master imports the app and loads and validates the data once before forking, so
  a broken data directory stops the server with its message, and workers share the frames
  copy-on-write instead of each loading its own.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import gunicorn.http.wsgi

# Responses name no server software: gunicorn's own Server header says "dashboard".
gunicorn.http.wsgi.SERVER = "dashboard"
gunicorn.http.wsgi.SERVER_SOFTWARE = "dashboard"

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = True
timeout = 30  # no callback should come near this; a stuck worker is replaced
graceful_timeout = 20
keepalive = 5  # seconds: the browser reuses connections between a click's requests
max_requests = 5000  # recycle workers now and then to bound slow memory growth
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def on_starting(server: Any) -> None:
    """In the master, before any worker exists: validate and load the data, register the page."""
    import app
    from dashboard.server.startup import EXIT_BAD_DATA, load_for_serving, set_aside_what_lasts

    if load_for_serving() is None:
        sys.exit(EXIT_BAD_DATA)
    app.prepare_to_serve()
    set_aside_what_lasts()  # before the workers fork: they share it, and their collections skip it


def post_fork(server: Any, worker: Any) -> None:
    """A worker must not share the master's database connections: drop them (the data stays loaded).
    Then it draws the first visitor's views in the background, so the first visit finds them, and
    then, while it is quiet, what a first click on each region asks for."""
    import app
    from dashboard.store.loading import after_fork

    after_fork()
    app.draw_ahead_in_background()
