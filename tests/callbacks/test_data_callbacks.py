"""Data-page callbacks that need no signed-in request: the notice that newer data exists."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from dash import no_update

import callbacks.data_page as data_page
from callbacks.data_page import newer_data
from dashboard import ids
from dashboard.data.config import Settings
from dashboard.store import loading
from dashboard.store.changes import submit
from tests.callbacks.test_callbacks import run_with_trigger
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


def test_revert_is_checked_against_the_version_the_table_showed(
    use_data_dir: Callable[[Path], None], make_data_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history showed v1 as the latest; a colleague then applied v2. Reverting from the stale
    table must not silently undo v2: it is refused, as a stale Apply is."""
    use_data_dir(make_data_dir())
    loading.get_dataset()
    store = loading.current_store()
    rows = [list(r) for r in TINY_PARTNERSHIPS]
    rows[1][1] = "A colleague's rename"
    content = ("\n".join(",".join(r) for r in rows) + "\n").encode()
    submit(store, [("partnerships.csv", content)], author="lee", note="", expected_head=1)
    monkeypatch.setattr(data_page, "require_editor", lambda: "maria")
    trigger = json.dumps(ids.revert_button(1), separators=(",", ":"), sort_keys=True) + ".n_clicks"
    message = run_with_trigger(trigger, 1, data_page.revert, [1], "undo", 1)
    assert "v2" in text_of(message) and store.head() == 2  # refused: nothing written
    reverted = run_with_trigger(trigger, 1, data_page.revert, [1], "undo", 2)  # the table now shows v2
    assert text_of(reverted).startswith("Reverted: v3 holds the data of v1.") and store.head() == 3
