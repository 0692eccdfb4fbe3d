"""The Data page: who is signed in, upload → preview, apply, versions, compare, revert.

Every callback that reads uploads or changes the data calls ``require_editor()`` first: without a
signed-in editor the request ends with 401 (403 for a name no longer allowed) and nothing runs.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from dashboard import ids
from dashboard.auth import current_editor, require_editor
from dashboard.changes import Candidate, Change, describe, review, submit
from dashboard.config import Settings
from dashboard.data import current_store, get_dataset, head_version, version_dataset
from dashboard.store import StaleVersionError
from layouts.components import data_table

DATA_PATH = "/data"
SHOWN_PROBLEMS = 200


@callback(
    Output(ids.MAIN, "hidden"),
    Output(ids.DATA_PAGE, "hidden"),
    Output(ids.DATA_EDITOR_TOOLS, "hidden"),
    Output(ids.DATA_SIGNED_IN, "children"),
    Input(ids.URL, "pathname"),
)
def route(pathname: str | None) -> tuple[bool, bool, bool, Any]:
    on_data = (pathname or "/").rstrip("/") == DATA_PATH
    if not on_data:
        return False, True, True, no_update
    editor = current_editor()
    if editor is None:
        return (
            True,
            False,
            True,
            [
                "Changing the data needs a data editor's sign-in. ",
                html.A("Sign in", href=f"/auth/login?next={DATA_PATH}", className="fw-semibold"),
            ],
        )
    signed_in = html.Form(
        [
            f"Signed in as {editor}. ",
            html.Button("Sign out", type="submit", className="btn btn-link p-0 align-baseline"),
        ],
        method="post",
        action="/auth/logout",
        className="d-inline",
    )
    return True, False, False, signed_in


def _decode(contents: list[str] | None, names: list[str] | None) -> list[tuple[str, bytes]]:
    uploads = []
    for content, name in zip(contents or [], names or [], strict=False):
        try:
            uploads.append((name, base64.b64decode(content.split(",", 1)[1], validate=True)))
        except (IndexError, binascii.Error, ValueError):
            uploads.append((name, b"\x00not-decodable"))
    return uploads


def problems_view(candidate: Candidate) -> Any:
    frame = pd.DataFrame(
        [
            {"File": p.file, "Row": p.row if p.row is not None else "", "Column": p.column or "", "Problem": p.message}
            for p in candidate.problems
        ]
    )
    return html.Div(
        [
            dbc.Alert(
                [
                    html.Strong(f"{len(candidate.problems)} problem{'s' if len(candidate.problems) != 1 else ''}: "),
                    "nothing was changed. Fix the file and upload it again.",
                ],
                color="danger",
                className="mb-2",
            ),
            data_table(
                frame.head(SHOWN_PROBLEMS),
                "Problems (rows as a spreadsheet numbers them; the header is row 1)"
                + (f"; the first {SHOWN_PROBLEMS} of {len(frame):,}" if len(frame) > SHOWN_PROBLEMS else ""),
            ),
            *[html.P(hint, className="small mt-2 mb-0") for hint in candidate.hints],
        ],
        className="upload-problems",
    )


def change_view(change: Change, title: str) -> Any:
    items: list[Any] = []

    def section(heading: str, rows: list[str]) -> None:
        if rows:
            items.append(html.H4(f"{heading} ({len(rows)})", className="h6 mt-2 mb-1"))
            items.append(html.Ul([html.Li(r) for r in rows[:100]], className="mb-1"))

    section("Partnerships added", [f"{a['name']} ({a['industry']}; id {a['id']})" for a in change.added])
    section("Partnerships removed", [f"{r['name']} ({r['industry']}; id {r['id']})" for r in change.removed])
    section("Partnerships renamed", [f"{old} → {new} (id {pid})" for pid, old, new in change.renamed])
    section("Partnerships changed", [f"{pid}: {col} {old} → {new}" for pid, col, old, new in change.changed])
    section("Membership rows per partnership", [f"{pid}: {was} → {now}" for pid, was, now in change.members])
    section("Survey rows added", change.outcomes_added)
    section("Survey rows removed", change.outcomes_removed)
    section("Published figures added", change.reported_added)
    section("Published figures removed", change.reported_removed)
    cards: list[Any] = []
    if change.before and change.after:
        b, a = change.before, change.after
        for label, was, now in (
            ("Active partnerships", b.active_partnerships, a.active_partnerships),
            ("Regions covered", f"{b.regions_covered} of 14", f"{a.regions_covered} of 14"),
            ("Businesses engaged", f"{b.businesses:,}", f"{a.businesses:,}"),
            ("Industries", b.industries, a.industries),
        ):
            cards.append(
                dbc.Col(
                    html.Div(
                        [html.Div(label, className="stat-label"), html.Div(f"{was} → {now}", className="h5 mb-0")]
                    ),
                    className="border rounded p-2 preview-card",
                )
            )
    files = ", ".join(change.files_changed) or "none"
    return html.Div(
        [
            html.P([html.Strong(title), f" Files that change: {files}."], className="mb-2"),
            html.H4("Headline figures, statewide: now → after", className="h6"),
            dbc.Row(cards, className="g-2 mb-2"),
            *(items or [html.P("The files differ only in ways that change no partnership, member count or figure.")]),
        ],
        className="change-summary",
    )


@callback(
    Output(ids.DATA_PREVIEW, "children"),
    Output(ids.DATA_PREVIEW_STATE, "data"),
    Output(ids.DATA_APPLY, "disabled"),
    Output(ids.DATA_STATUS, "children", allow_duplicate=True),
    Input(ids.DATA_UPLOAD, "contents"),
    State(ids.DATA_UPLOAD, "filename"),
    prevent_initial_call=True,
)
def preview_upload(contents: list[str] | None, names: list[str] | None) -> tuple[Any, Any, bool, str]:
    require_editor()
    settings = Settings.from_env()
    store = current_store(settings)
    head = head_version(store, settings.data_dir, fresh=True)
    candidate, _uploaded = review(store, head, _decode(contents, names))
    if not candidate.ok or candidate.change is None:
        return problems_view(candidate), {"head": head, "ok": False}, True, ""
    if candidate.change.is_empty:
        return html.P("These files are the same as the current data: there is nothing to apply."), None, True, ""
    sources = "; ".join(f"{name} from {where}" for name, where in candidate.sources.items())
    view = change_view(candidate.change, f"The upload is valid ({sources}). Compared with v{head}:")
    return view, {"head": head, "ok": True}, False, ""


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
    settings = Settings.from_env()
    store = current_store(settings)
    try:
        # Checked again as it is applied: what is stored is exactly what passes the contract.
        _candidate, version = submit(
            store, _decode(contents, names), author=editor, note=(note or "").strip(), expected_head=int(state["head"])
        )
    except StaleVersionError as error:
        return str(error), True, no_update
    if version is None:
        return "The files no longer pass the checks, or change nothing; upload them again.", True, no_update
    head_version(store, settings.data_dir, fresh=True)
    done = [
        f"Applied as v{version}. Every view now shows it; ",
        html.A("open the dashboard", href="/"),
        " (other people's pages offer a reload).",
    ]
    return done, True, versions_view()


def versions_view() -> Any:
    versions = current_store().versions()
    rows = []
    for v in versions:
        what = {"initial": "initial data", "apply": "upload", "revert": f"revert to v{v.reverted_to}"}.get(
            v.kind, v.kind
        )
        sums = ", ".join(f"{name.split('.')[0]} {digest[:8]}" for name, digest in sorted(v.checksums.items()))
        rows.append(
            html.Tr(
                [
                    html.Th(v.label + (" (current)" if v is versions[0] else ""), scope="row"),
                    html.Td(v.created_at.replace("T", " ")),
                    html.Td(v.author),
                    html.Td(what),
                    html.Td(v.note),
                    html.Td(sums, className="small text-break"),
                    html.Td(
                        [
                            html.A("CSV (zip)", href=f"/data/versions/{v.id}/download.zip", className="me-2"),
                            html.A("XLSX", href=f"/data/versions/{v.id}/download.xlsx", className="me-2"),
                            html.Button(
                                f"Revert to v{v.id}",
                                id=ids.revert_button(v.id),
                                className="btn btn-outline-secondary btn-sm",
                                disabled=v is versions[0],
                            ),
                        ]
                    ),
                ]
            )
        )
    header = html.Thead(
        html.Tr([html.Th(h, scope="col") for h in ("Version", "When (UTC)", "Who", "What", "Note", "Checksums", "")])
    )
    return html.Div(
        dbc.Table([header, html.Tbody(rows)], size="sm", className="versions-table"), className="table-responsive"
    )


@callback(
    Output(ids.DATA_VERSIONS, "children"),
    Output(ids.DATA_COMPARE_A, "options"),
    Output(ids.DATA_COMPARE_B, "options"),
    Output(ids.DATA_COMPARE_A, "value"),
    Output(ids.DATA_COMPARE_B, "value"),
    Input(ids.DATA_EDITOR_TOOLS, "hidden"),
    Input(ids.DATA_STATUS, "children"),
    prevent_initial_call=True,
)
def list_versions(hidden: bool, _status: Any) -> tuple[Any, ...]:
    if hidden:
        return (no_update,) * 5
    require_editor()
    versions = current_store().versions()
    options = [{"label": f"{v.label} · {v.created_at[:10]} · {v.author}", "value": v.id} for v in versions]
    newest = versions[0].id if versions else None
    previous = versions[1].id if len(versions) > 1 else newest
    return versions_view(), options, options, previous, newest


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
        return html.P("Choose two different versions.")
    store = current_store()
    files_a, files_b = store.files(int(a)), store.files(int(b))
    change = describe(version_dataset(store, int(a)), version_dataset(store, int(b)), files_a, files_b)
    return change_view(change, f"From v{a} to v{b}.")


@callback(
    Output(ids.DATA_STATUS, "children", allow_duplicate=True),
    Input(ids.revert_button(ALL), "n_clicks"),  # type: ignore[arg-type]
    State(ids.DATA_NOTE, "value"),
    prevent_initial_call=True,
)
def revert(_clicks: list[int | None], note: str | None) -> Any:
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered[0]["value"]:
        return no_update
    editor = require_editor()
    settings = Settings.from_env()
    store = current_store(settings)
    target = int(trigger["version"])
    head = head_version(store, settings.data_dir, fresh=True)
    try:
        version = store.revert(
            target, author=editor, note=(note or "").strip() or f"Revert to v{target}", expected_head=head
        )
    except (StaleVersionError, KeyError) as error:
        return str(error)
    head_version(store, settings.data_dir, fresh=True)
    return [f"Reverted: v{version} holds the data of v{target}. ", html.A("Open the dashboard", href="/"), "."]


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
    return dbc.Alert(
        [
            f"The data was updated ({current.split(' ')[0]}). ",
            html.A("Reload the page", href="/"),
            " to see every view.",
        ],
        color="info",
        className="mb-0 py-2",
    )
