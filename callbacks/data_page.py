"""The Data page: who is signed in, upload → preview, apply, versions, compare, revert.

Every callback that reads uploads or changes the data calls ``require_editor()`` first: without a
signed-in editor the request ends with 401 (403 for a name no longer allowed) and nothing runs.
"""

from __future__ import annotations

import base64
import binascii
import logging
from typing import Any

from dash import ALL, Input, Output, State, callback, ctx, no_update

from dashboard import ids
from dashboard.data.config import Settings
from dashboard.server.auth import current_editor, require_editor
from dashboard.store.changes import describe, review, submit
from dashboard.store.large_upload import STAGED_HOURS, discard, load_staged, staging_dir
from dashboard.store.loading import current_store, get_dataset, head_version, version_dataset
from dashboard.store.upload import Uploaded
from dashboard.store.versions import STORE_FAILURES, StaleVersionError, Store, store_failure
from layouts.data_page import (
    DATA_PATH,
    applied,
    change_view,
    choose_two_versions,
    newer_data_alert,
    nothing_to_apply,
    problems_view,
    reverted,
    sign_in_prompt,
    signed_in_as,
    store_failed,
    upload_valid_title,
    versions_view,
)
from layouts.outcome_components import partnership_from_path

log = logging.getLogger(__name__)


@callback(
    Output(ids.MAIN, "hidden"),
    Output(ids.DATA_PAGE, "hidden"),
    Output(ids.DATA_EDITOR_TOOLS, "hidden"),
    Output(ids.DATA_SIGNED_IN, "children"),
    Output(ids.PARTNERSHIP_PAGE, "hidden"),
    Input(ids.URL, "pathname"),
)
def route(pathname: str | None) -> tuple[bool, bool, bool, Any, bool]:
    """Which page the path shows: the dashboard, the Data page or a partnership's page."""
    if partnership_from_path(pathname) is not None:
        return True, True, True, no_update, False
    on_data = (pathname or "/").rstrip("/") == DATA_PATH
    if not on_data:
        return False, True, True, no_update, True
    editor = current_editor()
    if editor is None:
        return True, False, True, sign_in_prompt(), True
    return True, False, False, signed_in_as(editor), True


def _refresh_head(store: Store, settings: Settings) -> None:
    """After a write: this worker shows the new version at once (others within seconds)."""
    try:
        head_version(store, settings.data_dir, fresh=True)
    except STORE_FAILURES as error:  # written, but not re-read: the periodic check catches up
        log.warning("re-reading the latest version after a write: %s", error)


def _decode(contents: list[str] | None, names: list[str] | None) -> list[tuple[str, bytes]]:
    uploads = []
    for content, name in zip(contents or [], names or [], strict=False):
        try:
            uploads.append((name, base64.b64decode(content.split(",", 1)[1], validate=True)))
        except (IndexError, binascii.Error, ValueError):
            uploads.append((name, b"\x00not-decodable"))
    return uploads


LAPSED = (
    "That large file is no longer waiting here: a file sent on its own is kept for {hours} hours, for the "
    "editor who sent it, until it is applied. Send it again."
)


def _uploads(
    contents: list[str] | None, names: list[str] | None, staged: str | None, editor: str
) -> list[tuple[str, bytes]] | Uploaded | None:
    """The files to check: the large file staged under `staged`, or those dropped (None: a staged file lapsed)."""
    if staged:
        return load_staged(staging_dir(Settings.from_env().instance), staged, editor)
    return _decode(contents, names)


@callback(
    Output(ids.DATA_PREVIEW, "children"),
    Output(ids.DATA_PREVIEW_STATE, "data"),
    Output(ids.DATA_APPLY, "disabled"),
    Output(ids.DATA_STATUS, "children", allow_duplicate=True),
    Input(ids.DATA_UPLOAD, "contents"),
    Input(ids.DATA_LARGE_STAGED, "data"),
    State(ids.DATA_UPLOAD, "filename"),
    prevent_initial_call=True,
)
def preview_upload(
    contents: list[str] | None, large: dict[str, str] | None, names: list[str] | None
) -> tuple[Any, Any, bool, Any]:
    """The change that the files dropped, or the large file sent on its own, would make: whichever came last."""
    editor = require_editor()
    staged = (large or {}).get("token") if ctx.triggered_id == ids.DATA_LARGE_STAGED else None
    uploads = _uploads(contents, names, staged, editor)
    if uploads is None:
        return None, None, True, LAPSED.format(hours=STAGED_HOURS)
    settings = Settings.from_env()
    try:
        store = current_store(settings)
        head = head_version(store, settings.data_dir, fresh=True)
        candidate, _uploaded = review(store, head, uploads)
    except STORE_FAILURES as error:
        log.error("reviewing an upload: %s", error)
        return None, None, True, store_failed(store_failure(error, writing=False))
    if not candidate.ok or candidate.change is None:
        return problems_view(candidate), {"head": head, "ok": False}, True, ""
    if candidate.change.is_empty:
        return nothing_to_apply(), None, True, ""
    view = change_view(candidate.change, upload_valid_title(candidate.sources, head))
    return view, {"head": head, "ok": True, "staged": staged}, False, ""


@callback(
    Output(ids.DATA_STATUS, "children"),
    Output(ids.DATA_APPLY, "disabled", allow_duplicate=True),
    Output(ids.DATA_VERSIONS, "children", allow_duplicate=True),
    Input(ids.DATA_APPLY, "n_clicks"),
    State(ids.DATA_UPLOAD, "contents"),
    State(ids.DATA_UPLOAD, "filename"),
    State(ids.DATA_NOTE, "value"),
    State(ids.DATA_PREVIEW_STATE, "data"),
    prevent_initial_call=True,
)
def apply_upload(
    _clicks: int | None, contents: list[str] | None, names: list[str] | None, note: str | None, state: Any
) -> tuple[Any, bool, Any]:
    editor = require_editor()
    if not state or not state.get("ok"):
        return "Upload files and review the change first.", True, no_update
    staged = state.get("staged")
    uploads = _uploads(contents, names, staged, editor)
    if uploads is None:
        return LAPSED.format(hours=STAGED_HOURS), True, no_update
    settings = Settings.from_env()
    try:
        store = current_store(settings)
        # Checked again as it is applied: what is stored is exactly what passes the contract.
        _candidate, version = submit(
            store, uploads, author=editor, note=(note or "").strip(), expected_head=int(state["head"])
        )
    except StaleVersionError as error:
        return str(error), True, no_update
    except STORE_FAILURES as error:
        log.error("applying an upload by %s: %s", editor, error)
        # The files are still valid against the version shown: Apply stays on, to try again.
        return store_failed(store_failure(error, writing=True) + " Apply again once it is fixed."), False, no_update
    if version is None:
        return "The files no longer pass the checks, or change nothing; upload them again.", True, no_update
    if staged:
        discard(staging_dir(settings.instance), staged)
    _refresh_head(store, settings)
    return applied(version), True, versions_view(store.versions())


@callback(
    Output(ids.DATA_VERSIONS, "children"),
    Output(ids.DATA_COMPARE_A, "options"),
    Output(ids.DATA_COMPARE_B, "options"),
    Output(ids.DATA_COMPARE_A, "value"),
    Output(ids.DATA_COMPARE_B, "value"),
    Output(ids.DATA_VERSIONS_SHOWN, "data"),
    Input(ids.DATA_EDITOR_TOOLS, "hidden"),
    Input(ids.DATA_STATUS, "children"),
    prevent_initial_call=True,
)
def list_versions(hidden: bool, _status: Any) -> tuple[Any, ...]:
    if hidden:
        return (no_update,) * 6
    require_editor()
    try:
        versions = current_store().versions()
    except STORE_FAILURES as error:
        log.error("listing versions: %s", error)
        return store_failed(store_failure(error, writing=False)), [], [], None, None, None
    options = [{"label": f"{v.label} · {v.created_at[:10]} · {v.author}", "value": v.id} for v in versions]
    newest = versions[0].id if versions else None
    previous = versions[1].id if len(versions) > 1 else newest
    return versions_view(versions), options, options, previous, newest, newest


@callback(
    Output(ids.DATA_COMPARISON, "children"),
    Input(ids.DATA_COMPARE_A, "value"),
    Input(ids.DATA_COMPARE_B, "value"),
    prevent_initial_call=True,
)
def compare_versions(a: int | None, b: int | None) -> Any:
    require_editor()
    if a is None or b is None:
        return no_update
    if a == b:
        return choose_two_versions()
    try:
        store = current_store()
        files_a, files_b = store.files(int(a)), store.files(int(b))
        change = describe(version_dataset(store, int(a)), version_dataset(store, int(b)), files_a, files_b)
    except STORE_FAILURES as error:
        log.error("comparing versions: %s", error)
        return store_failed(store_failure(error, writing=False))
    return change_view(change, f"From v{a} to v{b}.")


@callback(
    Output(ids.DATA_STATUS, "children", allow_duplicate=True),
    Input(ids.revert_button(ALL), "n_clicks"),  # type: ignore[arg-type]
    State(ids.DATA_NOTE, "value"),
    State(ids.DATA_VERSIONS_SHOWN, "data"),
    prevent_initial_call=True,
)
def revert(_clicks: list[int | None], note: str | None, shown: int | None) -> Any:
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered[0]["value"]:
        return no_update
    editor = require_editor()
    if shown is None:
        return "Wait for the version history to load, then revert."
    settings = Settings.from_env()
    target = int(trigger["version"])
    try:
        store = current_store(settings)
        # Against the version the table showed, as Apply is against the one previewed: a colleague's
        # change made since is never undone unseen.
        version = store.revert(
            target, author=editor, note=(note or "").strip() or f"Revert to v{target}", expected_head=int(shown)
        )
    except (StaleVersionError, KeyError) as error:
        return str(error)
    except STORE_FAILURES as error:
        log.error("reverting to v%s by %s: %s", target, editor, error)
        return store_failed(store_failure(error, writing=True))
    _refresh_head(store, settings)
    return reverted(version, target)


@callback(
    Output(ids.DATA_VERSION_BANNER, "children"),
    Input(ids.DATA_VERSION_TIMER, "n_intervals"),
    State(ids.DATA_VERSION_LOADED, "data"),
    prevent_initial_call=True,
)
def newer_data(_ticks: int, loaded: str | None) -> Any:
    """Tell people with the page open that the data changed (their views already follow it)."""
    current = get_dataset().version
    if not loaded or current == loaded:
        return no_update
    return newer_data_alert(current)
