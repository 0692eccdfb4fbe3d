"""The Data page (/data): editors sign in, upload files, review the change, apply it, and manage versions."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.schema import FILES
from dashboard.upload import MAX_FILES, MAX_UPLOAD_BYTES
from layouts.components import aria

BROWSER_UPLOAD_LIMIT = 4 * MAX_UPLOAD_BYTES
UPLOAD_HELP = (
    "Drop CSV (UTF-8) or XLSX files here, or click to choose: partnerships, members, outcomes or reported "
    f"figures, one file each or one workbook with a sheet per dataset. Up to {MAX_FILES} files of "
    f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Files you do not send stay as they are."
)


def data_page() -> html.Div:
    templates = [html.Li(html.A(name, href=f"/data/templates/{name}", download=f"template-{name}")) for name in FILES]
    return html.Div(
        dbc.Container(
            [
                html.H2("Data", className="h4 mt-3"),
                html.P(
                    "Load new partnership, membership, survey and published-figure files. Nothing changes until you "
                    "review the change and apply it; every change is a version you can compare, download and revert.",
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
                                        accept=".csv,.txt,.xlsx,.xls",
                                        className="upload-zone mb-2",
                                    ),
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
                                    html.P(id=ids.DATA_STATUS, className="mt-2 mb-0", **aria(aria_live="polite")),
                                    dcc.Store(id=ids.DATA_PREVIEW_STATE),
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
