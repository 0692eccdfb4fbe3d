"""The Data page (/data): editors sign in, upload files, review the change, apply it, and manage versions."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.analysis.text import headline_figures, join_words, qcew_rows_read
from dashboard.data import registry
from dashboard.data.qcew import CROSSWALK, QCEW_TEMPLATE, is_qcew
from dashboard.store.changes import Candidate, Change
from dashboard.store.large_upload import LARGE_UPLOAD_BYTES, LARGE_UPLOAD_PATH
from dashboard.store.upload import MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES, MAX_UPLOAD_TOTAL
from dashboard.store.versions import Version
from layouts.components import aria, data_table

DATA_PATH = "/data"
SHOWN_PROBLEMS = 200
BROWSER_UPLOAD_LIMIT = 4 * MAX_UPLOAD_BYTES
# What assets/upload-check.js needs to say that files are too large before anything is sent.
UPLOAD_LIMITS: dict[str, Any] = {
    "data-max-file": str(BROWSER_UPLOAD_LIMIT),
    "data-per-file": str(MAX_UPLOAD_BYTES),
    "data-max-request": str(MAX_REQUEST_BYTES),
}
UPLOAD_HELP = (
    "Drop CSV (UTF-8) or XLSX files here, or click to choose: partnerships, members, outcomes, reported "
    "figures or partnership outcomes (and measures), one file each or one workbook with a sheet per dataset, "
    f"up to {MAX_UPLOAD_BYTES // (1024 * 1024)} "
    f"MB each and {MAX_UPLOAD_TOTAL // (1024 * 1024)} MB together. Files you do not send stay as they are. "
    "Optional: employment from BLS QCEW, as downloaded (the annual CSVs by area for the state: its county files and "
    "the statewide ones, all at once if you like; a slice of the single file; or a ZIP of them; rows for other "
    "areas are skipped and counted; each file adds or replaces the file of that name) and the NAICS crosswalk. "
    "A county_regions.csv (county_fips, county, region, region_name) regroups the state's counties into new regions."
)


LARGE_HELP = (
    "BLS's whole-country single file (a CSV of about 3.5 million rows a year) or its annual archive (a ZIP), "
    f"up to {LARGE_UPLOAD_BYTES // 1024**3} GB: sent as it is, then read on the server, which keeps only the "
    "state's rows. Nothing changes until you review the change and apply it."
)


LARGE_SLOT: dict[str, Any] = {
    "data-input-id": ids.DATA_LARGE_FILE,
    "data-accept": ".csv,.zip",
    "data-route": LARGE_UPLOAD_PATH,
    "data-describedby": ids.DATA_LARGE_FILE + "-help",
}


def large_file_chooser() -> html.Div:
    """A QCEW file too large for the drop zone, sent to its own route by assets/large-upload.js."""
    return html.Div(
        [
            html.H4("A large QCEW file", className="h6 mt-3 mb-1"),
            html.P(LARGE_HELP, className="small mb-2", id=ids.DATA_LARGE_FILE + "-help"),
            dbc.Label("Choose the file (.csv or .zip)", html_for=ids.DATA_LARGE_FILE, className="mb-1"),
            # Dash has no file input of its own (dcc.Upload reads a file into memory, which is what this
            # avoids): assets/large-upload.js puts a native one here, with these attributes.
            html.Div(className="large-upload-slot mb-2", **LARGE_SLOT),
            html.Progress(
                id=ids.DATA_LARGE_PROGRESS,
                max="1",
                value="0",
                hidden=True,
                className="w-100 mb-1",
                **aria(aria_label="Sent so far"),
            ),
            html.P(id=ids.DATA_LARGE_STATUS, className="small mb-2", **aria(aria_live="polite")),
            dcc.Store(id=ids.DATA_LARGE_STAGED),
        ],
        className="large-upload",
    )


def data_page() -> html.Div:
    templates = [
        html.Li(html.A(t.file, href=f"/data/templates/{t.file}", download=f"template-{t.file}"))
        for t in registry.uploadable()
    ]
    templates += [
        html.Li(
            [
                html.A(QCEW_TEMPLATE, href=f"/data/templates/{QCEW_TEMPLATE}", download=f"template-{QCEW_TEMPLATE}"),
                ": the header of BLS's QCEW annual layout; load BLS's files as they are (docs/data-files.md)",
            ]
        ),
        html.Li(
            [
                html.A(CROSSWALK, href=f"/data/templates/{CROSSWALK}", download=CROSSWALK),
                ": the NAICS crosswalk in use, to edit",
            ]
        ),
    ]
    return html.Div(
        dbc.Container(
            [
                html.H2("Data", className="h4 mt-3"),
                html.P(
                    "Load new partnership, membership, survey, published-figure and partnership-outcome files. Nothing "
                    "changes until you review the change and apply it; every change is a version you can compare, "
                    "download and revert.",
                    className="mb-2",
                ),
                html.P(id=ids.DATA_SIGNED_IN, className="mb-3", **aria(aria_live="polite")),
                html.Div(
                    [
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H3("1. Upload files", className="h5"),
                                    html.Details(
                                        [
                                            html.Summary("Templates, one per dataset (CSV)"),
                                            html.Ul(templates, className="mb-0"),
                                        ],
                                        className="mb-2 small",
                                    ),
                                    dcc.Upload(
                                        html.Div(UPLOAD_HELP, className="p-4 text-center"),
                                        id=ids.DATA_UPLOAD,
                                        multiple=True,
                                        # The browser stops only grossly oversized files (nothing is sent); a file
                                        # over the limit but under this reaches the server and gets a clear message.
                                        max_size=BROWSER_UPLOAD_LIMIT,
                                        accept=".csv,.txt,.xlsx,.xls,.zip",
                                        className="upload-zone mb-2",
                                    ),
                                    # Filled by assets/upload-check.js when files are too large to send.
                                    html.Div(
                                        id=ids.DATA_UPLOAD_CHECK,
                                        className="alert alert-danger py-2 mb-2",
                                        hidden=True,
                                        role="alert",
                                        **UPLOAD_LIMITS,
                                    ),
                                    large_file_chooser(),
                                    dbc.Label("What changed, and why (saved with the version)", html_for=ids.DATA_NOTE),
                                    dbc.Textarea(id=ids.DATA_NOTE, maxLength=500, rows=2, className="mb-2"),
                                ]
                            ),
                            className="mb-3 shadow-sm",
                        ),
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H3("2. Review the change", className="h5"),
                                    dcc.Loading(html.Div(id=ids.DATA_PREVIEW, **aria(aria_live="polite")), type="dot"),
                                    dbc.Button("Apply this change", id=ids.DATA_APPLY, color="primary", disabled=True),
                                    html.Div(id=ids.DATA_STATUS, className="mt-2 mb-0", **aria(aria_live="polite")),
                                    dcc.Store(id=ids.DATA_PREVIEW_STATE),
                                    dcc.Store(id=ids.DATA_VERSIONS_SHOWN),
                                ]
                            ),
                            className="mb-3 shadow-sm",
                        ),
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H3("3. Versions", className="h5"),
                                    html.Div(id=ids.DATA_VERSIONS),
                                    html.H4("Compare two versions", className="h6 mt-3"),
                                    dbc.Row(
                                        [
                                            dbc.Col(
                                                [
                                                    dbc.Label("From", html_for=ids.DATA_COMPARE_A),
                                                    dcc.Dropdown(id=ids.DATA_COMPARE_A, clearable=False),
                                                ],
                                                md=3,
                                            ),
                                            dbc.Col(
                                                [
                                                    dbc.Label("To", html_for=ids.DATA_COMPARE_B),
                                                    dcc.Dropdown(id=ids.DATA_COMPARE_B, clearable=False),
                                                ],
                                                md=3,
                                            ),
                                        ],
                                        className="g-2 mb-2",
                                    ),
                                    html.Div(id=ids.DATA_COMPARISON),
                                ]
                            ),
                            className="mb-3 shadow-sm",
                        ),
                    ],
                    id=ids.DATA_EDITOR_TOOLS,
                    hidden=True,
                ),
            ],
            fluid=True,
        ),
        id=ids.DATA_PAGE,
        hidden=True,
    )


# --------------------------------------------------------------------------------------------
# What the Data page's callbacks show


def sign_in_prompt() -> list[Any]:
    return [
        "Changing the data needs a data editor's sign-in. ",
        html.A("Sign in", href=f"/auth/login?next={DATA_PATH}", className="fw-semibold"),
    ]


def signed_in_as(editor: str) -> html.Form:
    return html.Form(
        [
            f"Signed in as {editor}. ",
            html.Button("Sign out", type="submit", className="btn btn-link p-0 align-baseline"),
        ],
        method="post",
        action="/auth/logout",
        className="d-inline",
    )


def nothing_to_apply() -> html.P:
    return html.P("These files are the same as the current data: there is nothing to apply.")


def applied(version: int) -> list[Any]:
    return [
        f"Applied as v{version}. Every view now shows it; ",
        html.A("open the dashboard", href="/"),
        " (other people's pages offer a reload).",
    ]


def reverted(version: int, target: int) -> list[Any]:
    return [f"Reverted: v{version} holds the data of v{target}. ", html.A("Open the dashboard", href="/"), "."]


def store_failed(message: str) -> dbc.Alert:
    """The store could not be read or written: said plainly, with what happened to the data."""
    return dbc.Alert(message, color="danger", className="mb-0 py-2")


def choose_two_versions() -> html.P:
    return html.P("Choose two different versions.")


def newer_data_alert(version: str) -> dbc.Alert:
    """Tell people with the page open that the data changed (their views already follow it)."""
    return dbc.Alert(
        [
            f"The data was updated ({version.split(' ')[0]}). ",
            html.A("Reload the page", href="/"),
            " to see every view.",
        ],
        color="info",
        className="mb-0 py-2",
    )


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

    if change.regions is not None:
        regions_before, regions_after = change.regions
        said = (
            f"{regions_before} regions → {regions_after}"
            if regions_before != regions_after
            else f"still {regions_after} regions"
        )
        items.append(html.H4(f"The counties' regions: {said}", className="h6 mt-2 mb-1 regions-change"))
        items.append(
            html.P(
                "Links and saved views made before this change name the old regions: they open without them "
                "and say so.",
                className="small mb-1",
            )
        )
    section("Counties that change region", [f"{c}: {was} → {now}" for c, was, now in change.counties_moved])
    section("Regions renamed", [f"Region {r}: {was} → {now}" for r, was, now in change.regions_renamed])
    section("Partnerships added", [f"{a['name']} ({a['industry']}; id {a['id']})" for a in change.added])
    section("Partnerships removed", [f"{r['name']} ({r['industry']}; id {r['id']})" for r in change.removed])
    section("Partnerships renamed", [f"{old} → {new} (id {pid})" for pid, old, new in change.renamed])
    section("Partnerships changed", [f"{pid}: {col} {old} → {new}" for pid, col, old, new in change.changed])
    section("Membership rows per partnership", [f"{pid}: {was} → {now}" for pid, was, now in change.members])
    for spec in registry.uploadable():
        added, removed = change.rows.get(spec.file, ([], []))
        section(spec.changes_heading[0], added)
        section(spec.changes_heading[1], removed)
    cards: list[Any] = []
    if change.before and change.after:
        was = headline_figures(change.before, sample=change.sample)
        now = headline_figures(change.after, sample=change.sample)
        for (label, before), (_label, after) in zip(was, now, strict=True):
            cards.append(
                dbc.Col(
                    html.Div(
                        [html.Div(label, className="stat-label"), html.Div(f"{before} → {after}", className="h5 mb-0")]
                    ),
                    className="border rounded p-2 preview-card",
                )
            )
    employment = employment_read(change)
    if employment:
        items.append(employment)
    changed = change.files_changed
    files = ", ".join(changed) if len(changed) <= FILES_NAMED else f"{len(changed):,} (listed below)"
    return html.Div(
        [
            html.P([html.Strong(title), f" Files that change: {files or 'none'}."], className="mb-2"),
            html.H4("Headline figures, statewide: now → after", className="h6"),
            dbc.Row(cards, className="g-2 mb-2"),
            *(items or [html.P("The files differ only in ways that change no partnership, member count or figure.")]),
        ],
        className="change-summary",
    )


FILES_NAMED = 6  # more files than this are counted in the preview's first line, and listed in its table


def upload_valid_title(sources: Mapping[str, str], head: int) -> str:
    """The preview's first words: which file became which dataset (counted, when there are many)."""
    if len(sources) <= FILES_NAMED:
        listed = "; ".join(f"{name} from {where}" for name, where in sources.items())
    else:
        listed = f"{len(sources):,} files"
    return f"The upload is valid ({listed}). Compared with v{head}:"


def employment_read(change: Change) -> Any:
    """What became of each QCEW file's rows: kept, and skipped with why; never shown as an error."""
    read = change.employment_files
    if read is None and not change.employment_notes:
        return None
    state, fips = change.state, change.state_fips
    parts: list[Any] = [html.H4("Employment files read (QCEW)", className="h6 mt-2 mb-1")]
    if read is not None:
        totals = read[["rows", "kept", "outside", "no_county", "not_read"]].sum().astype(int)
        count = f"{len(read):,} file{'s' if len(read) != 1 else ''}"
        said = qcew_rows_read(
            int(totals["rows"]), int(totals["kept"]), int(totals["outside"]), int(totals["no_county"]),
            int(totals["not_read"]), state=state, fips=fips,
        )  # fmt: skip
        statewide = read.loc[read["statewide"].astype(bool), "file"].tolist()
        parts.append(html.P(f"{count}. {said}", className="mb-1 qcew-read-total"))
        if statewide:
            parts.append(
                html.P(
                    f"{join_words(statewide)} {'holds' if len(statewide) == 1 else 'hold'} {change.state}'s "
                    "statewide totals: not a county, but the state's own figures.",
                    className="mb-1",
                )
            )
    if change.lq_base:
        parts.append(html.P(f"After this change: {change.lq_base}.", className="mb-1 qcew-lq-base"))
    if change.employment_notes:
        parts.append(html.Ul([html.Li(n + ".") for n in change.employment_notes], className="mb-1 qcew-notes"))
    if read is not None:
        table = pd.DataFrame(
            {
                "File": read["file"],
                "Rows": read["rows"].astype(int),
                "Kept": read["kept"].astype(int),
                "What was skipped, and why": [
                    qcew_rows_read(
                        int(r.rows),
                        int(r.kept),
                        int(r.outside),
                        int(r.no_county),
                        int(r.not_read),
                        state=state,
                        fips=fips,
                    )
                    for r in read.itertuples()
                ],
            }
        )
        parts.append(
            html.Details(
                [
                    html.Summary(f"Each file ({len(read):,})"),
                    data_table(table, "Rows kept and skipped, per employment file"),
                ],
                open=len(read) <= FILES_NAMED,
                className="qcew-files",
            )
        )
    return html.Div(parts, className="employment-read")


def version_checksums(checksums: Mapping[str, str]) -> str:
    """Each file's checksum, shortened; QCEW files (one per county: a whole set is 66) as one checksum of
    their names and checksums together."""
    qcew = sorted(name for name in checksums if is_qcew(name))
    said = [f"{name.split('.')[0]} {digest[:8]}" for name, digest in sorted(checksums.items()) if not is_qcew(name)]
    if qcew:
        together = hashlib.sha256("".join(f"{name}\n{checksums[name]}\n" for name in qcew).encode()).hexdigest()
        said.append(f"qcew ({len(qcew)} file{'s' if len(qcew) != 1 else ''}) {together[:8]}")
    return ", ".join(said)


def versions_view(versions: Sequence[Version]) -> Any:
    """The version history as a table, newest first, with downloads and a revert button per version."""
    rows = []
    for v in versions:
        what = {"initial": "initial data", "apply": "upload", "revert": f"revert to v{v.reverted_to}"}.get(
            v.kind, v.kind
        )
        sums = version_checksums(v.checksums)
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
