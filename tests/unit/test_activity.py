"""Work done ahead waits for a quiet moment: the request counter it waits on."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from dashboard.server.activity import Activity, counting


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_quiet_counts_from_the_end_of_the_last_request_and_is_zero_during_one() -> None:
    clock = Clock()
    activity = Activity(clock)
    clock.now += 5
    assert activity.quiet_for() == 5
    activity.begin()
    activity.begin()
    clock.now += 1
    assert activity.quiet_for() == 0
    activity.end()
    assert activity.quiet_for() == 0  # the other request is still being answered
    clock.now += 1
    activity.end()
    clock.now += 0.25
    assert activity.quiet_for() == 0.25


def test_a_new_worker_counts_quiet_from_its_start() -> None:
    clock = Clock()
    activity = Activity(clock)
    clock.now += 60  # the master imported the app a minute before it forked this worker
    activity.restart()
    clock.now += 0.5
    assert activity.quiet_for() == 0.5


def test_waiting_for_quiet_lasts_as_long_as_a_request_does() -> None:
    activity = Activity()
    activity.begin()
    waited = threading.Event()

    def work_done_ahead() -> None:
        activity.wait_until_quiet(0.01)
        waited.set()

    waiter = threading.Thread(target=work_done_ahead)
    waiter.start()
    assert not waited.wait(0.3)  # a request is in flight: the work done ahead waits
    activity.end()
    assert waited.wait(5)
    waiter.join()


def test_every_request_is_counted_whatever_it_answers() -> None:
    clock = Clock()
    activity = Activity(clock)
    seen: list[float] = []

    def inner(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        clock.now += 1
        seen.append(activity.quiet_for())
        if environ.get("PATH_INFO") == "/broken":
            raise RuntimeError("broken")
        start_response("200 OK", [])
        return [b"ok"]

    app = counting(inner, activity)
    assert list(app({"PATH_INFO": "/"}, lambda *a: None)) == [b"ok"]
    with pytest.raises(RuntimeError):
        app({"PATH_INFO": "/broken"}, lambda *a: None)
    assert seen == [0.0, 0.0]  # busy while answering
    clock.now += 2
    assert activity.quiet_for() == 2  # and quiet after, even after a request that failed
