"""The single page: header, controls, cards, map, industry breakdown, trends, gaps, impact, directory."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.analysis.metrics import years
from dashboard.analysis.published import PublishedFigure, differences, published_figures
from dashboard.analysis.state import DEFAULT_METRIC, DEFAULT_VIEW, METRICS, VIEWS
from dashboard.data.contract import PARTNERSHIPS
from dashboard.data.dataset import Dataset
from dashboard.data.geography import Geography
from dashboard.data.sources import citations
from dashboard.output.figures import MAP_HEIGHT
from dashboard.output.shared_figures import initial_impact_chart, initial_map
from layouts.components import SEEN, STEADY, aria, chart_panel, data_table, graph_config, outline_button, seen_as
from layouts.data_page import data_page
from layouts.outcome_components import outcomes_panel, partnership_page
from layouts.view_components import impact_words


# What the page says, in one place.
def subtitle(geography: Geography) -> str:
    """The line under the title, counted from the geography in force."""
    return (
        f"Regional coverage, businesses engaged, impact and gaps across {geography.state_name}'s "
        f"{len(geography.regions)} {geography.scheme.regions_title}"
    )


def boundaries_note(geography: Geography) -> str:
    """Where the map's outlines and its regions come from, in the scheme's words."""
    return (
        "Region boundaries: U.S. Census Bureau cartographic boundary file cb_2016_us_county_500k; "
        f"regions: {geography.state_name}'s {len(geography.regions)} {geography.scheme.regions_source}"
        + (f" ({geography.scheme.regions_cited})." if geography.scheme.regions_cited else ".")
    )


MAP_NOTE = "Click a region to select it (click again to clear); ✕ marks a region with no active partnership."
INDUSTRY_NOTE = "Click a bar to filter every view by that industry; the selected one is hatched."
GAP_NOTE = "Active partnerships per region and industry; ✕ marks none."
IMPACT_NOTE = (
    "Statewide survey results as published; they are not broken down by region or industry, "
    "so the selection does not change them. Each bar says what it is a share of."
)
SEARCH_PLACEHOLDER = "Search partnerships, industries, regions, conveners…"
YEAR_NOTE = "The latest year uses each partnership's status; earlier years, membership that year."
SAMPLE_BANNER_TEXT = (
    "Business counts and past years' coverage are made up. Partnerships, survey rates and “Published” "
    "figures are from public CWDC and Next Gen pages:"
)
GROWTH_NOTE_SAMPLE = (
    "Sample data: the business counts per year are made up, growing to just above the larger published "
    "figure in the sample's last year. No source gives counts by year, and the published totals are undated."
)


def year_note(dataset: Dataset | None) -> str:
    """What the year slider's years count, saying "(sample data)" when the membership is sample."""
    return YEAR_NOTE[:-1] + (" (sample data)." if dataset is not None and dataset.is_sample else ".")


def sample_banner_text(dataset: Dataset) -> str:
    """What the sample banner says is made up: with sample partnerships (an example scheme's), everything but
    the regions; with sample membership only, the counts, and where the rest comes from."""
    if PARTNERSHIPS in dataset.sample_notes:
        geography = dataset.geography
        return (
            "Partnerships, business counts and past years' coverage are made up; only "
            f"{geography.state_name}'s {len(geography.regions)} {geography.scheme.regions_title} and their "
            "counties are published (sources at the foot of the page)."
        )
    return SAMPLE_BANNER_TEXT


def growth_note(dataset: Dataset | None) -> str | None:
    """The growth chart's sample note: Colorado's sample is anchored to a published count, another's may not be."""
    if dataset is None or not dataset.is_sample:
        return None
    if (dataset.reported["metric"] == "businesses_engaged").any():
        return GROWTH_NOTE_SAMPLE
    return "Sample data: the business counts per year are made up. No published figure gives a count to compare."


PUBLISHED_INTRO = (
    "Every figure the source pages give, worded as they word it, with its source and date. Where two sources, "
    "or a source and this data, disagree, both are shown: nothing is reconciled silently."
)
# The first line of the directory's CSV (AG Grid puts a line break after it).
CSV_SAMPLE_NOTE = '"Sample data: the Businesses (sample) column counts made-up membership, not a published figure."'
PRESENT_HELP = "→ or Page Down: next · ← or Page Up: previous · Home / End · Esc: leave"


def directory_columns(*, sample: bool) -> list[dict[str, Any]]:
    """The directory's columns; the businesses column says "sample" when membership is sample data
    (its header is also the CSV download's header)."""
    columns = [dict(c) for c in DIRECTORY_COLUMNS]
    for column in columns:
        if column["field"] == "businesses" and sample:
            column["headerName"] = "Businesses (sample)"
    return columns


# Names, regions and headers wrap rather than end in "…": the row grows to its longest cell.
WRAPPED: dict[str, Any] = {"wrapText": True, "autoHeight": True}
DIRECTORY_COLUMNS: list[dict[str, Any]] = [
    # The name links to the partnership's page (assets/dashAgGridComponentFunctions.js).
    {
        "field": "name",
        "headerName": "Partnership",
        "minWidth": 260,
        "flex": 2,
        "cellRenderer": "PartnershipLink",
        **WRAPPED,
    },
    {"field": "industry", "headerName": "Industry", "minWidth": 150, "flex": 1, **WRAPPED},
    {"field": "regions", "headerName": "Regions", "minWidth": 190, "flex": 1, **WRAPPED},
    {"field": "status", "headerName": "Status", "width": 110},
    {
        "field": "businesses",
        "headerName": "Businesses",
        "width": 130,
        "filter": "agNumberColumnFilter",
        "type": "numericColumn",
    },
    {"field": "convener", "headerName": "Convener", "minWidth": 180, "flex": 1, **WRAPPED},
    {"field": "source", "headerName": "Source", "minWidth": 220, "flex": 1, "tooltipField": "source"},
    {
        "field": "inferred",
        "headerName": "Inferred",
        "minWidth": 130,
        "headerTooltip": "What the row infers rather than takes from its source",
    },
    {"field": "notes", "headerName": "Notes", "minWidth": 260, "flex": 2, "tooltipField": "notes"},
]


def header(dataset: Dataset | None) -> html.Header:
    banner = (
        dbc.Alert(
            [
                html.Strong("Sample data. "),
                sample_banner_text(dataset),
                *(
                    []
                    if PARTNERSHIPS in dataset.sample_notes
                    else [" ", html.A("what has been published", href=f"#{ids.PUBLISHED}"), "."]
                ),
            ],
            color="warning",
            className="mb-0 py-1 small sample-banner",
        )
        if dataset is not None and dataset.is_sample
        else None
    )
    return html.Header(
        [
            html.A("Skip to the dashboard", href="#main", className="visually-hidden-focusable"),
            html.Div(
                dbc.Container(
                    dbc.Row(
                        [
                            dbc.Col(
                                [
                                    html.H1(
                                        dataset.geography.dashboard_title
                                        if dataset is not None
                                        else "Sector Partnerships",
                                        className="h3 mb-0",
                                    ),
                                    # On a phone the title alone: the first screen is for the data.
                                    html.P(
                                        subtitle(dataset.geography) if dataset else "",
                                        className="mb-0 small d-none d-md-block",
                                    ),
                                ]
                            ),
                            dbc.Col(
                                html.Nav(
                                    [
                                        dcc.Link("Dashboard", href="/", id=ids.NAV_DASHBOARD, className="nav-link"),
                                        html.A(
                                            "Published figures",
                                            href=f"/#{ids.PUBLISHED}",
                                            id=ids.NAV_PUBLISHED,
                                            className="nav-link",
                                        ),
                                        dcc.Link("Data", href="/data", id=ids.NAV_DATA, className="nav-link"),
                                    ],
                                    className="nav app-nav",
                                    **aria(aria_label="Pages"),
                                ),
                                width="auto",
                                className="d-flex align-items-center",
                            ),
                            dbc.Col(
                                dbc.Switch(
                                    id=ids.THEME_SWITCH,
                                    label="Dark theme",
                                    value=False,
                                    # Remembered per browser (local storage) by Dash's persistence.
                                    persistence=True,
                                    persistence_type="local",
                                    className="mb-0 theme-switch",
                                ),
                                width="auto",
                                className="d-flex align-items-center",
                            ),
                        ],
                        className="g-2",
                    ),
                    fluid=True,
                ),
                className="app-header py-1 py-md-2",
            ),
            dbc.Container(banner, fluid=True, className="pt-2" if banner else "", id=ids.SAMPLE_BANNER),
            html.Div(id=ids.DATA_VERSION_BANNER, className="container-fluid pt-2", **aria(aria_live="polite")),
            dcc.Store(id=ids.DATA_VERSION_LOADED, data=dataset.version if dataset is not None else None),
            dcc.Interval(id=ids.DATA_VERSION_TIMER, interval=30_000),
        ]
    )


def controls(dataset: Dataset | None) -> dbc.Card:
    """Regions, industry, what the map shows, Reset and the year, in a disclosure that is open on a wide
    window (its summary hidden) and folded on a phone (assets/fold.js), so that a phone's first screen
    shows the insights and the headline figures; the selection's summary stays in view either way."""
    regions = dataset.regions if dataset is not None else []
    region_options = [{"label": dataset.geography.region_label(r), "value": r} for r in regions] if dataset else []
    industry_options = [{"label": name, "value": name} for name in dataset.industries] if dataset else []
    return dbc.Card(
        dbc.CardBody(
            [
                html.Details(
                    [
                        html.Summary("Filters and year", className="controls-summary"),
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
                                    xl=3,
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
                                    xl=2,
                                    lg=3,
                                    md=6,
                                ),
                                dbc.Col(
                                    [
                                        dbc.Label(
                                            "Map shows", html_for=ids.METRIC_SELECT, id=f"{ids.METRIC_SELECT}-label"
                                        ),
                                        dbc.RadioItems(
                                            id=ids.METRIC_SELECT,
                                            options=[{"label": label, "value": key} for key, label in METRICS.items()],
                                            value=DEFAULT_METRIC,
                                            inline=True,
                                        ),
                                    ],
                                    xl=3,
                                    lg=4,
                                    md=8,
                                ),
                                dbc.Col(
                                    dbc.Button(
                                        "Reset", id=ids.RESET, color="secondary", outline=True, className="w-100"
                                    ),
                                    xl={"size": 1, "order": "last"},
                                    lg=1,
                                    md=4,
                                    className="d-flex align-items-end",
                                ),
                                year_control(dataset),
                            ],
                            className="g-2 g-lg-3",
                        ),
                    ],
                    id=ids.CONTROLS_FOLD,
                    open=True,
                    className="controls-fold",
                ),
                html.Div(
                    [
                        html.P(id=ids.SELECTION_SUMMARY, className="mb-0 small", **aria(aria_live="polite")),
                        html.P(id=ids.LINK_NOTICE, className="mb-0 small link-notice", **aria(aria_live="polite")),
                        # On a phone the note is inside the folded filters, under the year.
                        html.P(
                            year_note(dataset), className="small text-body-secondary mb-0 year-note d-none d-md-block"
                        ),
                    ],
                    className="d-flex flex-wrap column-gap-3 mt-2",
                ),
            ]
        ),
        className="mb-2 shadow-sm controls",
    )


def year_control(dataset: Dataset | None) -> dbc.Col:
    offered = years(dataset) if dataset is not None else [0]
    first, last = offered[0], offered[-1]
    step = max(1, len(offered) // 8)  # a label every few years (the slider thins them to fit); every year is a stop
    marks = {y: str(y) for y in offered if (last - y) % step == 0}
    return dbc.Col(
        [
            dbc.Label("Year", html_for=ids.YEAR_SLIDER, id=f"{ids.YEAR_SLIDER}-label"),
            html.Div(
                [
                    html.Button(
                        "▶ Play",
                        id=ids.PLAY,
                        type="button",
                        className="btn btn-outline-secondary btn-sm me-2 play-button",
                        title="Play the years from the first",
                        **aria(aria_pressed="false"),
                    ),
                    html.Div(
                        dcc.Slider(
                            id=ids.YEAR_SLIDER,
                            min=first,
                            max=last,
                            step=1,
                            marks=marks,
                            value=last,
                            included=False,
                            allow_direct_input=False,
                            tooltip={"placement": "top", "always_visible": False},
                        ),
                        className="flex-grow-1",
                    ),
                ],
                className="d-flex align-items-center year-row",
            ),
            html.P(year_note(dataset), className="small text-body-secondary mb-0 d-md-none"),
            dcc.Interval(id=ids.PLAY_TIMER, interval=1200, disabled=True),
        ],
        xl=3,
        md=12,
        className="year-control",
    )


def share_toolbar() -> html.Section:
    """One compact row: the link to this view, saved views, Present and the exports.

    The saved views (a name field and the sequence) fold away in a disclosure, so the map and the
    insights stay on the first screen.
    """
    return html.Section(
        [
            html.Div(
                [
                    dbc.Label("Link to this view", html_for=ids.SHARE_URL, className="small mb-0 me-1 text-nowrap"),
                    dbc.InputGroup(
                        [
                            dbc.Input(id=ids.SHARE_URL, readonly=True, value="", size="sm"),
                            dbc.Button("Copy link", id=ids.COPY_LINK, color="primary", size="sm"),
                        ],
                        size="sm",
                        className="share-link",
                    ),
                    # What a link (and a saved view) opens at: part of the link, so beside it.
                    html.Div(
                        [
                            dbc.Label("Open at", html_for=ids.VIEW_SELECT, className="small mb-0 me-1 text-nowrap"),
                            dcc.Dropdown(
                                id=ids.VIEW_SELECT,
                                options=[{"label": label, "value": key} for key, label in VIEWS.items()],
                                value=DEFAULT_VIEW,
                                clearable=False,
                                className="open-at",
                            ),
                        ],
                        className="d-flex align-items-center",
                    ),
                    dbc.Button(
                        "Present", id=ids.PRESENT_START, color="primary", size="sm", className="present-start px-3"
                    ),
                    html.Div(
                        [
                            outline_button("Image (PNG)", ids.EXPORT_PNG, "The chart of the view in front, as a PNG"),
                            outline_button("Slide (PPTX)", ids.EXPORT_PPTX_VIEW, "This view as one PowerPoint slide"),
                            outline_button(
                                "Sequence (PPTX)", ids.EXPORT_PPTX_SEQUENCE, "The saved views (or the default story)"
                            ),
                        ],
                        className="btn-group",
                        role="group",
                        **aria(aria_label="Exports"),
                    ),
                    # The sequence folds away at the row's end; opened, it takes a line of its own.
                    html.Details(
                        [
                            html.Summary(
                                "Saved views", className="small", title="Saved views: the presentation sequence"
                            ),
                            dbc.Row(
                                [
                                    dbc.Col(
                                        [
                                            dbc.Label(
                                                "Save this view as", html_for=ids.SAVE_NAME, className="small mb-1"
                                            ),
                                            dbc.InputGroup(
                                                [
                                                    dbc.Input(
                                                        id=ids.SAVE_NAME,
                                                        placeholder="e.g. Healthcare gaps, 2018",
                                                        maxLength=80,
                                                        size="sm",
                                                    ),
                                                    dbc.Button(
                                                        "Save view", id=ids.SAVE_VIEW, color="secondary", size="sm"
                                                    ),
                                                ],
                                                size="sm",
                                            ),
                                        ],
                                        md=5,
                                    ),
                                    dbc.Col(html.Div(id=ids.SAVED_LIST, className="small"), md=7),
                                ],
                                className="g-2 mt-1",
                            ),
                        ],
                        className="saved-views-panel",
                    ),
                ],
                className="d-flex flex-wrap align-items-center gap-2 toolbar-row",
            ),
            html.P(id=ids.COPY_STATUS, className="small mb-0", **aria(aria_live="polite")),
            dcc.Loading(
                html.P(id=ids.EXPORT_STATUS, className="small mb-0", **aria(aria_live="polite")),
                type="dot",
                delay_show=300,
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="mb-3 toolbar",
        **aria(aria_label="Share and present"),
    )


def presentation(topojson_url: str) -> html.Div:
    """The full-screen slide view: hidden until Present is pressed; its callbacks fill it.

    A slide is laid out to the window (CSS grid): title, scope, then the key figures and insights
    beside the chart, which takes the room that is left, then the footer. Nothing scrolls on a
    laptop or projector; on a phone the slide stacks and scrolls.
    """
    return html.Div(
        [
            html.Div(
                [
                    dbc.Button("« First", id=ids.PRESENT_FIRST, color="light", size="sm"),
                    dbc.Button("← Previous", id=ids.PRESENT_PREVIOUS, color="light", size="sm"),
                    html.Span(id=ids.PRESENT_POSITION, className="present-position", **aria(aria_live="polite")),
                    dbc.Button("Next →", id=ids.PRESENT_NEXT, color="light", size="sm"),
                    dbc.Button("Last »", id=ids.PRESENT_LAST, color="light", size="sm"),
                    html.Span(PRESENT_HELP, className="present-help"),
                    dbc.Button("Leave (Esc)", id=ids.PRESENT_EXIT, color="light", size="sm", className="present-exit"),
                ],
                className="present-bar",
            ),
            html.Div(
                [
                    html.H2(id=ids.PRESENT_TITLE, tabIndex="-1", className="present-title"),
                    html.P(id=ids.PRESENT_SUBTITLE, className="present-subtitle"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Div(id=ids.PRESENT_FIGURES, className="present-figures"),
                                    html.Ul(id=ids.PRESENT_INSIGHTS, className="present-insights"),
                                ],
                                className="present-side",
                            ),
                            html.Figure(
                                [
                                    html.H3(id=ids.PRESENT_CHART_TITLE, className="present-chart-title"),
                                    html.Div(
                                        dcc.Graph(
                                            id=ids.PRESENT_GRAPH,
                                            config={**graph_config(topojson_url, "slide"), "displayModeBar": False},
                                            style={"height": "100%", "width": "100%"},
                                        ),
                                        className="present-graph",
                                    ),
                                    html.Figcaption(id=ids.PRESENT_CAPTION, className="present-caption"),
                                ],
                                className="present-chart",
                            ),
                        ],
                        className="present-body",
                    ),
                    html.P(id=ids.PRESENT_FOOTER, className="present-footer"),
                ],
                className="present-slide",
            ),
        ],
        id=ids.PRESENTATION,
        className="presentation",
        hidden=True,
        role="dialog",
        **aria(aria_modal="true", aria_labelledby=ids.PRESENT_TITLE),
    )


def sources_footer(dataset: Dataset | None) -> html.Footer | None:
    if dataset is None:
        return None
    cited = set(dataset.partnerships["source"]) | set(dataset.outcomes["source"]) | set(dataset.reported["source"])
    return html.Footer(
        dbc.Container(
            [
                html.H2("Sources", className="h6"),
                html.P(
                    [
                        "Partnerships, survey rates and published figures: ",
                        citations(dataset, cited),
                        ". ",
                        boundaries_note(dataset.geography),
                    ],
                    className="small mb-1",
                ),
                html.P(f"Data version {dataset.version.split(' ')[0].removeprefix('v')}.", className="small mb-0"),
            ],
            fluid=True,
        ),
        className="py-3 mt-3 border-top",
    )


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def skimmable_figures(figures: Sequence[PublishedFigure]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The published figures as a table to read on a call, and the sources it numbers.

    Claim by claim: the figures this data compares with come first, each claim's rows together, its
    comparison said once ("As above." after); each source is cited by number, with what every one
    of its figures' notes says (said once, in the list of sources), so a row's note keeps only what
    is its own."""
    order = sorted(range(len(figures)), key=lambda i: (figures[i].comparison is None, _claim(figures, i)))
    sources: list[str] = list(dict.fromkeys(figures[i].source for i in order))
    shared: dict[str, list[str]] = {}
    for source in sources:
        notes = [_SENTENCE.split(f.notes.strip()) for f in figures if f.source == source and f.notes.strip()]
        rows = sum(1 for f in figures if f.source == source)
        shared[source] = [s for s in notes[0] if all(s in n for n in notes)] if len(notes) == rows > 1 else []
    records, said = [], ""
    for i in order:
        f = figures[i]
        comparison = f.comparison.sentence if f.comparison else "Not counted in this data."
        own = [s for s in _SENTENCE.split(f.notes.strip()) if s and s not in shared[f.source]]
        records.append(
            {
                "Figure": f.what,
                "As published": f.as_published,
                "Source": f"[{sources.index(f.source) + 1}] {_short_title(f.source)}",
                "Date": f.when,
                "This data": "As above." if f.comparison and comparison == said else comparison,
                "Note": " ".join(own),
            }
        )
        said = comparison if f.comparison else ""
    return pd.DataFrame(records), [(source, " ".join(shared[source])) for source in sources]


def _claim(figures: Sequence[PublishedFigure], i: int) -> int:
    """Figures compared with the same count of this data are one claim; the claim's place is its first figure's."""
    figure = figures[i]
    if figure.comparison is None:
        return i
    return next(
        j for j, f in enumerate(figures) if f.comparison and f.comparison.sentence == figure.comparison.sentence
    )


def _short_title(citation: str) -> str:
    """The title a citation starts with ('“Sector Partnerships”'), for the table; the list gives the rest."""
    return citation.split("”", 1)[0] + "”" if citation.startswith("“") and "”" in citation else citation.split(", ")[0]


def published_panel(dataset: Dataset | None) -> dbc.Card:
    """Every published figure with its source and date, the data's count beside it, and each difference."""
    differences_list = differences(dataset) if dataset is not None else []
    table: Any = None
    survey_note: Any = None
    sources: list[tuple[str, str]] = []
    if dataset is not None:
        figures = published_figures(dataset)
        frame, sources = skimmable_figures(figures)
        table = (
            data_table(frame, "Published figures, claim by claim (the sources are numbered below)")
            if figures
            else html.P("This data has no published figures (reported.csv is empty).", className="mb-0")
        )
        outcomes = dataset.outcomes
        if len(outcomes):
            survey_note = html.P(
                f"The {len(outcomes)} survey rates are under Reported impact, each with what it is a share of; "
                f"they come from {citations(dataset, set(outcomes['source']))}.",
                className="small mb-0",
            )
    sources_list = (
        None
        if dataset is not None and not sources
        else html.Div(
            [
                html.P("Sources", className="fw-semibold mb-1 mt-2"),
                html.Ol(
                    [html.Li([source, f". {note}" if note else ""]) for source, note in sources],
                    id=ids.PUBLISHED_SOURCES,
                    className="mb-2",
                ),
            ],
            className="small",
        )
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("What has been published", className="h5 card-title", id=f"{ids.PUBLISHED}-heading"),
                html.P(PUBLISHED_INTRO, className="small"),
                html.H3("Where the sources and this data differ", className="h6"),
                html.Ul([html.Li(p) for p in differences_list], id=ids.PUBLISHED_DIFFERENCES, className="small")
                if differences_list or dataset is None
                else html.P(
                    "No published figure differs from another or from this data.",
                    id=ids.PUBLISHED_DIFFERENCES,
                    className="small",
                ),
                html.Div(table, id=ids.PUBLISHED_TABLE, className="small"),
                sources_list,
                survey_note,
            ]
        ),
        className="my-3 shadow-sm",
        id=ids.PUBLISHED,
    )


def first_screen(dataset: Dataset | None, map_graph: dcc.Graph) -> list[Any]:
    """The controls, the toolbar and the first row (the map beside the insights and the headline figures):
    what the page shows first, and what the server writes as HTML before its scripts run
    (``first_screen_page``)."""
    return [
        controls(dataset),
        share_toolbar(),
        # The first screen: the map beside the headline figures and the insights.
        dbc.Row(
            [
                dbc.Col(
                    chart_panel(
                        "Coverage by region",
                        map_graph,
                        ids.REGION_MAP_CAPTION,
                        ids.REGION_MAP_TABLE,
                        note=MAP_NOTE,
                        panel_id=ids.panel("coverage"),
                    ),
                    lg=7,
                    # On a phone the insights and headline figures come first (order-1).
                    className="mb-3 order-2 order-lg-1",
                ),
                dbc.Col(
                    [
                        html.Section(
                            [
                                html.H2("Insights", className="h6 mb-1"),
                                html.Ul(id=ids.INSIGHTS, className="mb-0 insights"),
                            ],
                            className="insights-panel p-3 mb-2 shadow-sm",
                            **aria(aria_label="Insights"),
                        ),
                        html.Section(
                            dbc.Row(id=ids.CARDS, className="g-2 mb-0"),
                            **aria(aria_label="Headline figures"),
                        ),
                    ],
                    lg=5,
                    className="mb-3 order-1 order-lg-2",
                ),
            ],
            className=f"g-3 {STEADY}",
        ),
    ]


def first_screen_page(dataset: Dataset) -> html.Div:
    """The header and the first screen as the page lays them out, for the server to write as HTML
    (``layouts.static``): the same elements and classes, so the same boxes, as Dash draws next."""
    map_graph = dcc.Graph(id=ids.REGION_MAP, style={"height": f"{MAP_HEIGHT}px"})
    return html.Div(
        [header(dataset), html.Main(dbc.Container(first_screen(dataset, map_graph), fluid=True), id=ids.MAIN)]
    )


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
        style={"height": f"{MAP_HEIGHT}px"},
    )
    industry_graph = dcc.Graph(id=ids.INDUSTRY_CHART, config=graph_config(filename="industries"))
    trend_graph = dcc.Graph(id=ids.TREND_CHART, config=graph_config(filename="trends"))
    impact_graph = dcc.Graph(
        id=ids.IMPACT_CHART,
        figure=initial_impact_chart(dataset) if dataset else {},
        config=graph_config(filename="impact"),
    )
    impact_caption, impact_table = impact_words(dataset) if dataset else (None, None)
    # No plotly toolbar on the matrix: it sat over the rotated column labels (the page's Image (PNG)
    # export draws this chart, titled and sourced).
    gap_graph = dcc.Graph(id=ids.GAP_MATRIX, config=graph_config(filename="gaps") | {"displayModeBar": False})
    directory = dag.AgGrid(
        id=ids.DIRECTORY,
        columnDefs=directory_columns(sample=dataset is not None and dataset.is_sample),
        rowData=[],
        # Column filters open from each header's menu; a row of filter fields would be nine more Tab stops.
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={
            # One Tab stop: assets/a11y.js sends Tab from the grid to the next control on the page; the
            # arrow keys move between headers and cells (AG Grid's own keyboard navigation).
            "domLayout": "autoHeight",
            "pagination": True,
            "paginationPageSize": 20,
            "paginationPageSizeSelector": False,
            "ensureDomOrder": True,  # rows in reading order for screen readers
            "animateRows": False,  # a selection change redraws at once
        },
        csvExportParams={
            "fileName": "colorado-sector-partnerships.csv",
            # Text that would start a spreadsheet formula is exported inert (assets/dashAgGridFunctions.js).
            "processCellCallback": {"function": "escapeFormula(params)"},
            **({"prependContent": CSV_SAMPLE_NOTE} if dataset is not None and dataset.is_sample else {}),
        },
        style={"width": "100%"},
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SAVED_VIEWS, storage_type="local", data=[]),
            dcc.Store(id=ids.PRESENT_STATE, data={"on": False, "index": 0, "count": 0}),
            dcc.Store(id=ids.VIEWS_DRAWN),
            dcc.Store(id=ids.IN_VIEW, data={}),
            dcc.Store(id=ids.VIEWS_ASK),
            html.Div(id=ids.WAITING, hidden=True),
            header(dataset),
            html.Main(
                dbc.Container(
                    [
                        *first_screen(dataset, map_graph),
                        dbc.Row(
                            [
                                dbc.Col(
                                    chart_panel(
                                        "Industries",
                                        industry_graph,
                                        ids.INDUSTRY_CHART_CAPTION,
                                        ids.INDUSTRY_CHART_TABLE,
                                        note=INDUSTRY_NOTE,
                                        panel_id=ids.panel("industries"),
                                    ),
                                    lg=5,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    chart_panel(
                                        "Growth over time",
                                        trend_graph,
                                        ids.TREND_CHART_CAPTION,
                                        ids.TREND_CHART_TABLE,
                                        note=growth_note(dataset),
                                        panel_id=ids.panel("growth"),
                                    ),
                                    lg=7,
                                    className="mb-3",
                                ),
                            ],
                            className="g-3",
                        ),
                        dbc.Row(
                            [
                                dbc.Col(
                                    html.Div(
                                        dbc.Card(
                                            dbc.CardBody(id=ids.REGION_PROFILE),
                                            className="h-100 shadow-sm",
                                            id=ids.panel("region"),
                                        ),
                                        className=f"{SEEN} h-100",
                                        **seen_as(ids.REGION_PROFILE),
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
                                        extra=html.Div(
                                            [
                                                html.Div(id=ids.GAP_LIST, className="mb-2"),
                                                html.Section(id=ids.PRIORITY_GAPS, className="mb-2"),
                                            ]
                                        ),
                                        panel_id=ids.panel("gaps"),
                                        scroll=True,
                                        scroll_stop=True,
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                            ],
                            # Each panel as tall as it needs: a one-region matrix beside a long profile
                            # would otherwise leave a box of blank card under it.
                            className="g-3 align-items-start",
                        ),
                        chart_panel(
                            "Reported impact",
                            impact_graph,
                            ids.IMPACT_CHART_CAPTION,
                            ids.IMPACT_CHART_TABLE,
                            note=IMPACT_NOTE,
                            panel_id=ids.panel("impact"),
                            scroll=True,
                            caption=impact_caption,
                            table=impact_table,
                        ),
                        published_panel(dataset),
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H2("Directory", className="h5 card-title", id=ids.DIRECTORY_HEADING),
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
                                    html.P(id=ids.DIRECTORY_COUNT, className="small mb-2"),
                                    html.Div(directory, className=SEEN, **seen_as(ids.DIRECTORY)),
                                ]
                            ),
                            className="my-3 shadow-sm",
                        ),
                        # Last: it grows as it is drawn (a bar and a matrix row per partnership), and what
                        # is below the window growing moves nothing a person is reading.
                        outcomes_panel(dataset),
                    ],
                    fluid=True,
                ),
                id=ids.MAIN,
                tabIndex="-1",
            ),
            data_page(),
            partnership_page(),
            sources_footer(dataset),
            presentation(topojson_url),
        ]
    )
