"""The single page: header, controls, cards, map, industry breakdown, trends, gaps, impact, directory."""

from __future__ import annotations

from pathlib import Path

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard import ids
from dashboard.data import Dataset
from dashboard.figures import impact_chart, region_map
from dashboard.membership import memoized
from dashboard.metrics import DEFAULT_METRIC, METRICS, Selection, impact_rates, region_values
from layouts.components import aria, chart_panel, graph_config

# What the page says, in one place.
SUBTITLE = "Regional coverage, businesses engaged, impact and gaps across Colorado's 14 economic development regions"
MAP_NOTE = "Click a region to select it (click again to clear); ✕ marks a region with no active partnership."
INDUSTRY_NOTE = "Click a bar to filter every view by that industry; the selected one is hatched."
GAP_NOTE = "Active partnerships per region and industry; ✕ marks none."
IMPACT_NOTE = (
    "Statewide survey results as published; they are not broken down by region or industry, "
    "so the selection does not change them. Each bar says what it is a share of."
)
SEARCH_PLACEHOLDER = "Search partnerships, industries, regions, conveners…"
BOUNDARIES_NOTE = (
    "Region boundaries: U.S. Census Bureau cartographic boundary file cb_2016_us_county_500k; "
    "regions: Colorado's 14 planning and management regions."
)

DIRECTORY_COLUMNS = [
    {"field": "name", "headerName": "Partnership", "minWidth": 260, "flex": 2},
    {"field": "industry", "headerName": "Industry", "minWidth": 150, "flex": 1},
    {"field": "regions", "headerName": "Regions", "minWidth": 170, "flex": 1},
    {"field": "status", "headerName": "Status", "width": 110},
    {
        "field": "businesses",
        "headerName": "Businesses",
        "width": 130,
        "filter": "agNumberColumnFilter",
        "type": "numericColumn",
    },
    {"field": "convener", "headerName": "Convener", "minWidth": 180, "flex": 1},
    {"field": "source", "headerName": "Source", "minWidth": 220, "flex": 1, "tooltipField": "source"},
    {"field": "notes", "headerName": "Notes", "minWidth": 260, "flex": 2, "tooltipField": "notes"},
]


def header(dataset: Dataset | None) -> html.Header:
    banner = (
        dbc.Alert(
            [
                html.Strong("Sample data. "),
                " ".join(dataset.sample_notes.values()),
                " Partnerships, survey rates and figures marked “Published” come from public CWDC and Next Gen pages "
                "(sources in the directory and at the foot of the page).",
            ],
            color="warning",
            className="mb-0 py-2 small",
        )
        if dataset is not None and dataset.is_sample
        else None
    )
    return html.Header(
        [
            html.A("Skip to the dashboard", href="#main", className="visually-hidden-focusable"),
            html.Div(
                dbc.Container(
                    [
                        html.H1("Colorado Sector Partnerships", className="h3 mb-0"),
                        html.P(SUBTITLE, className="mb-0 small"),
                    ],
                    fluid=True,
                ),
                className="app-header py-2",
            ),
            dbc.Container(banner, fluid=True, className="pt-2" if banner else "", id=ids.SAMPLE_BANNER),
        ]
    )


def controls(dataset: Dataset | None) -> dbc.Card:
    regions = dataset.regions if dataset is not None else []
    region_options = [{"label": dataset.geography.region_label(r), "value": r} for r in regions] if dataset else []
    industry_options = [{"label": name, "value": name} for name in dataset.industries] if dataset else []
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Regions", html_for=ids.REGION_SELECT),
                            dcc.Dropdown(
                                id=ids.REGION_SELECT,
                                options=region_options,
                                value=[],
                                multi=True,
                                placeholder="All regions (click the map or choose)",
                            ),
                        ],
                        lg=4,
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Industry", html_for=ids.INDUSTRY_SELECT),
                            dcc.Dropdown(
                                id=ids.INDUSTRY_SELECT,
                                options=industry_options,
                                value=None,
                                placeholder="All industries",
                            ),
                        ],
                        lg=3,
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Map shows", html_for=ids.METRIC_SELECT, id=f"{ids.METRIC_SELECT}-label"),
                            dbc.RadioItems(
                                id=ids.METRIC_SELECT,
                                options=[{"label": label, "value": key} for key, label in METRICS.items()],
                                value=DEFAULT_METRIC,
                                inline=True,
                            ),
                        ],
                        lg=4,
                        md=9,
                    ),
                    dbc.Col(
                        dbc.Button("Reset", id=ids.RESET, color="secondary", outline=True, className="w-100"),
                        lg=1,
                        md=3,
                        className="d-flex align-items-end",
                    ),
                    dbc.Col(
                        html.P(id=ids.SELECTION_SUMMARY, className="mb-0 mt-2 small", **aria(aria_live="polite")),
                        xs=12,
                    ),
                ],
                className="g-3",
            )
        ),
        className="mb-3 shadow-sm controls",
    )


def sources_footer(dataset: Dataset | None) -> html.Footer | None:
    if dataset is None:
        return None
    cited = sorted(
        set(dataset.partnerships["source"]) | set(dataset.outcomes["source"]) | set(dataset.reported["source"]) - {""}
    )
    return html.Footer(
        dbc.Container(
            [
                html.H2("Sources", className="h6"),
                html.P(
                    [
                        "Partnerships, survey rates and published totals: ",
                        ", ".join(c for c in cited if c),
                        f" (in the data directory, {Path(dataset.directory).name}/). ",
                        BOUNDARIES_NOTE,
                    ],
                    className="small mb-1",
                ),
                html.P(f"Data version {dataset.version}.", className="small mb-0"),
            ],
            fluid=True,
        ),
        className="py-3 mt-3 border-top",
    )


def initial_map(dataset: Dataset) -> go.Figure:
    """The map as every visitor first gets it (geometry included): built once per dataset."""
    return memoized(dataset, "initial_map", lambda: region_map(dataset.geography, region_values(dataset), Selection()))


def layout(dataset: Dataset | None, topojson_url: str) -> html.Div:
    """The whole page for `dataset`. Views start empty and are filled by the callbacks.

    With ``dataset=None`` it is the same component tree without data: what Dash validates
    callbacks against, so that importing the app reads no files.
    """
    map_graph = dcc.Graph(
        id=ids.REGION_MAP,
        # The map's geometry is sent once, here; callbacks only Patch its colours and outlines.
        figure=initial_map(dataset) if dataset else {},
        config=graph_config(topojson_url, "colorado-sector-partnerships-map"),
        style={"height": "460px"},
    )
    industry_graph = dcc.Graph(id=ids.INDUSTRY_CHART, config=graph_config(filename="industries"))
    trend_graph = dcc.Graph(id=ids.TREND_CHART, config=graph_config(filename="trends"))
    impact_graph = dcc.Graph(
        id=ids.IMPACT_CHART,
        figure=memoized(dataset, "impact_chart", lambda: impact_chart(impact_rates(dataset))) if dataset else {},
        config=graph_config(filename="impact"),
    )
    gap_graph = dcc.Graph(id=ids.GAP_MATRIX, config=graph_config(filename="gaps"))
    directory = dag.AgGrid(
        id=ids.DIRECTORY,
        columnDefs=DIRECTORY_COLUMNS,
        rowData=[],
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "floatingFilter": True},
        dashGridOptions={
            "domLayout": "autoHeight",
            "pagination": True,
            "paginationPageSize": 20,
            "ensureDomOrder": True,  # rows in reading order for screen readers
            "animateRows": False,  # a selection change redraws at once
        },
        csvExportParams={"fileName": "colorado-sector-partnerships.csv"},
        style={"width": "100%"},
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            header(dataset),
            html.Main(
                dbc.Container(
                    [
                        controls(dataset),
                        html.Section(
                            dbc.Row(id=ids.CARDS, className="g-3 mb-0"),
                            **aria(aria_label="Headline figures", aria_live="polite"),
                        ),
                        dbc.Row(
                            [
                                dbc.Col(
                                    chart_panel(
                                        "Coverage by region",
                                        map_graph,
                                        ids.REGION_MAP_CAPTION,
                                        ids.REGION_MAP_TABLE,
                                        note=MAP_NOTE,
                                    ),
                                    lg=7,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    chart_panel(
                                        "Industries",
                                        industry_graph,
                                        ids.INDUSTRY_CHART_CAPTION,
                                        ids.INDUSTRY_CHART_TABLE,
                                        note=INDUSTRY_NOTE,
                                    ),
                                    lg=5,
                                    className="mb-3",
                                ),
                            ],
                            className="g-3",
                        ),
                        dbc.Card(dbc.CardBody(id=ids.REGION_PROFILE), className="mb-3 shadow-sm"),
                        dbc.Row(
                            [
                                dbc.Col(
                                    chart_panel(
                                        "Growth over time", trend_graph, ids.TREND_CHART_CAPTION, ids.TREND_CHART_TABLE
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    chart_panel(
                                        "Gaps: regions × industries",
                                        gap_graph,
                                        ids.GAP_MATRIX_CAPTION,
                                        ids.GAP_MATRIX_TABLE,
                                        note=GAP_NOTE,
                                        extra=html.Div(id=ids.GAP_LIST, className="mb-2"),
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                            ],
                            className="g-3",
                        ),
                        chart_panel(
                            "Reported impact",
                            impact_graph,
                            ids.IMPACT_CHART_CAPTION,
                            ids.IMPACT_CHART_TABLE,
                            note=IMPACT_NOTE,
                        ),
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H2("Directory", className="h5 card-title", id="directory-heading"),
                                    dbc.Row(
                                        [
                                            dbc.Col(
                                                [
                                                    dbc.Label(
                                                        "Search the directory",
                                                        html_for=ids.DIRECTORY_SEARCH,
                                                        className="visually-hidden",
                                                    ),
                                                    dbc.Input(
                                                        id=ids.DIRECTORY_SEARCH,
                                                        type="search",
                                                        placeholder=SEARCH_PLACEHOLDER,
                                                        debounce=False,
                                                    ),
                                                ],
                                                md=8,
                                            ),
                                            dbc.Col(
                                                dbc.Button(
                                                    "Download CSV",
                                                    id=ids.DIRECTORY_DOWNLOAD,
                                                    color="primary",
                                                    className="w-100",
                                                ),
                                                md=4,
                                            ),
                                        ],
                                        className="g-2 mb-2",
                                    ),
                                    html.P(id=ids.DIRECTORY_COUNT, className="small mb-2", **aria(aria_live="polite")),
                                    directory,
                                ]
                            ),
                            className="my-3 shadow-sm",
                        ),
                    ],
                    fluid=True,
                ),
                id="main",
                tabIndex="-1",
            ),
            sources_footer(dataset),
        ]
    )
