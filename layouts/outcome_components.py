"""Partnership outcomes on the page: the outcomes panel (one measure compared, whose data is missing) and a
partnership's own page (path /partnerships/<id>)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.analysis.metrics import members_by_year
from dashboard.analysis.outcomes import (
    MeasureSeries,
    Reported,
    format_value,
    measures,
    partnership_series,
    reported_measures,
)
from dashboard.data.contract import PARTNERSHIP_OUTCOMES, Measure
from dashboard.data.dataset import Dataset
from dashboard.data.sources import citations
from dashboard.output.outcome_figures import measure_chart, respondents_phrase
from layouts.components import SEEN, aria, data_table, graph_config, outline_button, seen_as

PARTNERSHIP_PATH = "/partnerships"
OUTCOMES_NOTE = (
    "Each partnership's latest value of one measure, beside the others'; values are never added together. "
    "Colour and pattern say how a value was collected."
)
SAMPLE_OUTCOMES = "Sample data: these partnership outcomes are generated, not reported by any partnership."
HOW_TO_ADD: list[Any] = [
    "To add outcomes, download the ",
    html.A(
        PARTNERSHIP_OUTCOMES,
        href=f"/data/templates/{PARTNERSHIP_OUTCOMES}",
        download=f"template-{PARTNERSHIP_OUTCOMES}",
    ),
    " template, fill one row per partnership, year and measure, and load it on the ",
    dcc.Link("Data page", href="/data"),
    " (the measures and their units are listed in docs/data-files.md).",
]


def partnership_href(partnership_id: str) -> str:
    return f"{PARTNERSHIP_PATH}/{quote(partnership_id, safe='')}"


def partnership_from_path(pathname: str | None) -> str | None:
    """The partnership id of /partnerships/<id>; None for any other path."""
    path = (pathname or "").rstrip("/")
    prefix = PARTNERSHIP_PATH + "/"
    if not path.startswith(prefix) or "/" in path[len(prefix) :]:
        return None
    return unquote(path[len(prefix) :]) or None


def measure_options(ds: Dataset | None) -> list[dict[str, str]]:
    """Every measure in force; those no partnership reports yet say so."""
    if ds is None:
        return []
    reported = {m.measure for m in reported_measures(ds)}
    return [
        {"label": m.label if m.measure in reported else f"{m.label} (none recorded)", "value": m.measure}
        for m in measures(ds)
    ]


def outcomes_panel(dataset: Dataset | None) -> dbc.Card:
    graph = dcc.Graph(id=ids.OUTCOME_CHART, config=graph_config(filename="partnership-outcomes"))
    heading = f"{ids.OUTCOME_CHART}-heading"
    sample = dataset is not None and dataset.partnership_outcomes_are_sample
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Partnership outcomes", id=heading, className="h5 card-title", tabIndex="-1"),
                html.P(OUTCOMES_NOTE, className="small text-body-secondary mb-1"),
                html.P(SAMPLE_OUTCOMES, className="small fw-semibold sample-note mb-1") if sample else None,
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label("Measure", html_for=ids.OUTCOME_MEASURE, className="small mb-0"),
                                dcc.Dropdown(
                                    id=ids.OUTCOME_MEASURE,
                                    options=measure_options(dataset),
                                    clearable=False,
                                    searchable=True,
                                ),
                            ],
                            md=7,
                        ),
                        dbc.Col(
                            outline_button(
                                "Download CSV",
                                ids.OUTCOME_DOWNLOAD,
                                "The measure compared, for the regions and industry selected, with sources",
                                "w-100",
                            ),
                            md=5,
                            className="d-flex align-items-end",
                        ),
                    ],
                    className="g-2 mb-2",
                ),
                html.Figure(
                    [
                        html.Div(
                            graph,
                            role="group",
                            className=f"{SEEN} chart-scroll",
                            **aria(aria_labelledby=f"{heading} {ids.OUTCOME_CHART_CAPTION}"),
                            **seen_as(ids.OUTCOME_CHART),
                        ),
                        html.Figcaption(id=ids.OUTCOME_CHART_CAPTION, className="small mt-1"),
                    ],
                    className="mb-2",
                ),
                html.Details(
                    [
                        html.Summary("Show the data as a table: partnership outcomes"),
                        html.Div(
                            id=ids.OUTCOME_CHART_TABLE, className=f"mt-2 {SEEN}", **seen_as(ids.OUTCOME_CHART_TABLE)
                        ),
                    ],
                    className="small mb-3",
                ),
                html.Div(
                    [
                        html.H3("Whose outcomes are recorded", className="h6 mb-0"),
                        outline_button(
                            "Download the matrix (CSV)",
                            ids.COMPLETENESS_DOWNLOAD,
                            "Active partnerships × measures, for the regions and industry selected",
                        ),
                    ],
                    className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-1",
                ),
                html.Div(id=ids.COMPLETENESS, className=f"{SEEN} completeness", **seen_as(ids.COMPLETENESS)),
                dcc.Download(id=ids.COMPLETENESS_CSV),
                dcc.Download(id=ids.OUTCOME_CSV),
            ]
        ),
        className="my-3 shadow-sm",
        id=ids.panel("outcomes"),
    )


def comparison_frame(reported: list[Reported], measure: Measure) -> pd.DataFrame:
    """The comparison as rows: what the table, the CSV and a slide's notes show."""
    return pd.DataFrame(
        {
            "Partnership": [r.name for r in reported],
            measure.label: [format_value(r.value, measure.unit, r.qualifier) for r in reported],
            "Year": [r.when for r in reported],
            "Earlier": [
                ""
                if r.earlier_value is None
                else f"{format_value(r.earlier_value, measure.unit, r.earlier_qualifier)} ({r.earlier_when})"
                for r in reported
            ],
            "Method": [r.method for r in reported],
            "Respondents": ["" if r.respondents is None else f"{r.respondents:,}" for r in reported],
            "Source": [r.source for r in reported],
        }
    )


def comparison_table(reported: list[Reported], measure: Measure, *, sample: bool) -> Any:
    if not reported:
        return html.P("No partnership in this selection reports this measure.", className="mb-0")
    caption = f"{measure.label}: each partnership's latest value" + (" (sample data)" if sample else "")
    return data_table(
        comparison_frame(reported, measure), caption, links=[partnership_href(r.partnership_id) for r in reported]
    )


def completeness_view(table: pd.DataFrame, sentence: str, ds: Dataset, *, sample: bool) -> list[Any]:
    """Active partnerships × measures: the latest year each reports, '—' for none (said in words first)."""
    labels = {m.measure: m.label for m in measures(ds)}
    parts: list[Any] = [html.P(sentence + (" (Sample data.)" if sample else ""), className="small mb-1")]
    if len(table) and len(table.columns):
        shown = table.rename(columns=labels).replace("", "none")
        shown.index.name = "Partnership"
        ids_by_name = dict(zip(ds.partnerships["name"], ds.partnerships["partnership_id"], strict=True))
        parts.append(
            data_table(
                shown,
                "Latest year each active partnership reports, by measure",
                index=True,
                links=[partnership_href(ids_by_name[name]) for name in shown.index],
            )
        )
    if not len(reported_measures(ds)):
        parts.append(html.P(HOW_TO_ADD, className="small mb-0"))
    return parts


# --------------------------------------------------------------------------------------------
# A partnership's page


def partnership_page() -> html.Div:
    """The page's frame; its body is drawn for the partnership in the path (callbacks/pages.py)."""
    return html.Div(
        dbc.Container(
            [
                html.P(dcc.Link("← Back to the dashboard", href="/", id=ids.PARTNERSHIP_BACK), className="mt-3"),
                html.Div(id=ids.PARTNERSHIP_BODY),
                # Shown when the partnership has outcomes: its outcomes as CSV, with sources.
                dbc.Button(
                    "Download this partnership's outcomes (CSV)",
                    id=ids.PARTNERSHIP_DOWNLOAD,
                    color="secondary",
                    outline=True,
                    size="sm",
                    className="mb-3",
                    style={"display": "none"},
                ),
                dcc.Download(id=ids.PARTNERSHIP_CSV),
                dcc.Store(id=ids.PARTNERSHIP_SHOWN),
            ],
            fluid=True,
        ),
        id=ids.PARTNERSHIP_PAGE,
        hidden=True,
    )


def _fact(label: str, value: Any) -> html.Div:
    return html.Div([html.Dt(label, className="col-sm-3"), html.Dd(value, className="col-sm-9 mb-1")], className="row")


def partnership_body(ds: Dataset, partnership_id: str) -> list[Any]:
    """What the partnership is, its regions, industry, convener, members over time and its outcomes."""
    found = ds.partnerships[ds.partnerships["partnership_id"] == partnership_id]
    if not len(found):
        return [
            html.H2("Partnership not found", className="h4"),
            html.P(
                f"No partnership has the id '{partnership_id}' in the data shown. It may have been renamed or "
                "removed in a newer version; the directory lists every partnership.",
            ),
        ]
    row = found.iloc[0]
    regions = [dcc.Link(ds.geography.region_label(r), href=f"/?regions={r}&view=region") for r in row["regions"]]
    region_links: list[Any] = []
    for i, link in enumerate(regions):
        region_links += ([", "] if i else []) + [link]
    inferred = ", ".join(row["inferred"])
    launched = "" if pd.isna(row["launched_year"]) else str(int(row["launched_year"]))
    source = citations(ds, {row["source"]}) if row["source"] else "not given"
    facts = html.Dl(
        [
            _fact("Industry", row["industry"]),
            _fact("Regions", region_links),
            _fact("Status", row["status"]),
            _fact("Convener", row["convener"] or "not published"),
            _fact("Launched", launched or "not published"),
            _fact("Source", source),
            _fact("Inferred, not stated by the source", inferred) if inferred else None,
            _fact("Notes", row["notes"]) if row["notes"] else None,
        ],
        className="mb-3",
    )
    return [
        html.H2(str(row["name"]), className="h4", id=ids.PARTNERSHIP_TITLE, tabIndex="-1"),
        facts,
        _members_section(ds, partnership_id),
        _outcomes_section(ds, partnership_id),
    ]


def _members_section(ds: Dataset, partnership_id: str) -> html.Section:
    table = members_by_year(ds, partnership_id).rename(
        columns={"year": "Year", "businesses": "Businesses", "others": "Other members"}
    )
    sample = ds.is_sample
    shown = table[(table["Businesses"] > 0) | (table["Other members"] > 0)]
    label = " (sample data)" if sample else ""
    if not len(shown):
        body: list[Any] = [html.P(f"No membership is recorded for this partnership{label}.")]
    else:
        last = shown.iloc[-1]
        sentence = (
            f"{int(last['Businesses']):,} business{'' if last['Businesses'] == 1 else 'es'} and "
            f"{int(last['Other members']):,} other member{'' if last['Other members'] == 1 else 's'} in "
            f"{int(last['Year'])}, the last year with members{label}."
        )
        body = [
            html.P(sentence, className="mb-1"),
            html.Div(
                data_table(
                    shown.rename(
                        columns={"Businesses": f"Businesses{label}", "Other members": f"Other members{label}"}
                    ),
                    f"Members active each year{label}",
                ),
                className="narrow-table",
            ),
        ]
    return html.Section([html.H3("Members over time" + label, className="h5 mt-3"), *body], className="mb-3")


def _measure_card(series: MeasureSeries, *, sample: bool) -> dbc.Col:
    unit = {"percent": "percent", "dollars": "dollars", "count": "count"}[series.measure.unit]
    lines = []
    for point in series.points.itertuples(index=False):
        value = format_value(float(point.value), series.measure.unit, str(point.qualifier))
        detail = f"{point.method}{respondents_phrase(point.respondents)}"
        note = f" {point.note}" if point.note else ""
        lines.append(html.Li([html.Strong(f"{point.when}: {value}"), f" — {detail}.{note}"]))
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H4(f"{series.measure.label} ({unit})", className="h6"),
                    html.Div(
                        dcc.Graph(
                            figure=measure_chart(series),
                            config=graph_config(filename=series.measure.measure) | {"displayModeBar": False},
                        ),
                        role="img",
                        **aria(aria_label=f"{series.measure.label}: chart of the values listed below"),
                    ),
                    html.Ul(lines, className="small mb-0 ps-3"),
                    html.P("Sample data." if sample else "", className="small fw-semibold mb-0") if sample else None,
                ]
            ),
            className="h-100 shadow-sm",
        ),
        md=6,
        xl=4,
        className="mb-3",
    )


def _outcomes_section(ds: Dataset, partnership_id: str) -> html.Section:
    series = partnership_series(ds, partnership_id)
    sample = ds.partnership_outcomes_are_sample
    heading = html.H3("Outcomes" + (" (sample data)" if sample else ""), className="h5 mt-3")
    if not series:
        return html.Section(
            [heading, html.P("No outcomes recorded yet.", className="fw-semibold mb-1"), html.P(HOW_TO_ADD)],
            className="mb-3",
        )
    sources = {s for one in series for s in one.points["source"] if s}
    return html.Section(
        [
            heading,
            html.P(
                [
                    f"{len(series)} measure{'s' if len(series) != 1 else ''} recorded; each value with how it was "
                    "collected and, for a survey, how many answered.",
                ],
                className="mb-2",
            ),
            dbc.Row([_measure_card(s, sample=sample) for s in series], className="g-3"),
            html.P(f"Sources: {citations(ds, sources)}", className="small") if sources else None,
        ],
        className="mb-3",
    )


def csv_preface(ds: Dataset, title: str, sources: set[str]) -> list[str]:
    """The lines above a CSV's table: what it is, its sources by title, and the sample label."""
    lines = [title]
    if ds.partnership_outcomes_are_sample:
        lines.insert(0, SAMPLE_OUTCOMES)
    if sources:
        lines.append(f"Sources: {citations(ds, sources)}")
    return lines


def partnership_outcomes_frame(ds: Dataset, partnership_id: str) -> tuple[pd.DataFrame, list[str]]:
    """One partnership's outcomes as a CSV's rows (a row a value), and the lines above them."""
    series = partnership_series(ds, partnership_id)
    names = ds.partnerships.set_index("partnership_id")["name"]
    name = str(names.get(partnership_id, partnership_id))
    records = [
        {
            "Measure": one.measure.label,
            "Unit": one.measure.unit,
            "When": point.when,
            "Value": float(point.value),
            "Qualifier": point.qualifier,
            "Method": point.method,
            "Respondents": "" if pd.isna(point.respondents) else int(point.respondents),
            "Source": point.source,
            "Note": point.note,
        }
        for one in series
        for point in one.points.itertuples(index=False)
    ]
    columns = ["Measure", "Unit", "When", "Value", "Qualifier", "Method", "Respondents", "Source", "Note"]
    sources = {s for one in series for s in one.points["source"] if s}
    return pd.DataFrame(records, columns=columns), csv_preface(ds, f"Outcomes of {name}", sources)


def completeness_frame(ds: Dataset, table: pd.DataFrame) -> pd.DataFrame:
    """The completeness matrix as a CSV's rows: a partnership a row, a measure a column, '' where none."""
    labels = {m.measure: m.label for m in measures(ds)}
    shown = table.rename(columns=labels)
    shown.index.name = "Partnership"
    return shown.reset_index()
