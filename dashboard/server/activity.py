"""Whether this process is answering a request, so that work done ahead waits for a quiet moment.

A worker draws what the next clicks are likely to ask for (app.draw_likely_clicks) only while no
request is being answered and none has been for a little while: work done ahead must never hold
up a request that is here now (the work is pure Python, which holds the interpreter's lock).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Activity:
    """Requests in flight in this process, and when the last one ended."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._changed = threading.Condition()
        self._busy = 0
        self._last = clock()

    def begin(self) -> None:
        with self._changed:
            self._busy += 1

    def end(self) -> None:
        with self._changed:
            self._busy = max(self._busy - 1, 0)
            self._last = self._clock()
            self._changed.notify_all()

    def restart(self) -> None:
        """Count quiet from now, as a new worker does: it has been up for no time at all."""
        with self._changed:
            self._last = self._clock()

    def quiet_for(self) -> float:
        """Seconds since the last request ended; 0 while one is being answered."""
        with self._changed:
            return 0.0 if self._busy else max(self._clock() - self._last, 0.0)

    def wait_until_quiet(self, seconds: float) -> None:
        """Return once no request has been in flight for `seconds`."""
        while True:
            quiet = self.quiet_for()
            if quiet >= seconds:
                return
            with self._changed:
                self._changed.wait(timeout=seconds - quiet)


ACTIVITY = Activity()


def counting(wsgi_app: WSGIApp, activity: Activity = ACTIVITY) -> WSGIApp:
    """`wsgi_app`, telling `activity` when each request starts and ends (whatever it answers)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        activity.begin()
        try:
            return wsgi_app(environ, start_response)
        finally:
            activity.end()

    return app
