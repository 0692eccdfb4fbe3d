"""Data-page callbacks that need no signed-in request: the notice that newer data exists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dash import no_update

from callbacks.data_page import newer_data
from dashboard.data.config import Settings
from dashboard.store import loading
from dashboard.store.changes import submit
from tests.components import text_of
from tests.conftest import TINY_PARTNERSHIPS


def test_open_pages_hear_of_a_newer_version(use_data_dir: Callable[[Path], None], make_data_dir) -> None:  # type: ignore[no-untyped-def]
    use_data_dir(make_data_dir())
    loaded = loading.get_dataset().version
    assert newer_data(1, loaded) is no_update  # nothing new: the notice stays empty
    rows = [list(r) for r in TINY_PARTNERSHIPS]
    rows[1][1] = "Renamed"
    content = ("\n".join(",".join(r) for r in rows) + "\n").encode()
    store = loading.current_store()
    submit(store, [("partnerships.csv", content)], author="m", note="", expected_head=1)
    loading.head_version(store, Settings.from_env().data_dir, fresh=True)
    notice = text_of(newer_data(2, loaded))
    assert notice.startswith("The data was updated (v2).") and "Reload the page" in notice
    assert "Renamed" in set(loading.get_dataset().partnerships["name"])  # every view now reads v2
