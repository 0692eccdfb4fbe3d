"""Small component builders shared by the page layout and the callbacks that refresh it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.analysis.metrics import Headline, RegionProfile
from dashboard.analysis.text import headline_figures


def aria(**attributes: str) -> dict[str, Any]:
    """HTML attributes with dashes (``aria_live="polite"`` → ``aria-live``), for ``**`` into a component."""
    return {name.replace("_", "-"): value for name, value in attributes.items()}


# assets/charts.js tells the page which of these are in view (ids.IN_VIEW), so that what is not is
# drawn when it comes into view: an element with this class names its component in data-component.
SEEN = "drawn-when-seen"

# assets/steady.js keeps a row of this class from getting shorter while the window keeps its width,
# so that a selection does not pull what is below it up the page.
STEADY = "steady-row"


def seen_as(component_id: str) -> dict[str, Any]:
    return {"data-component": component_id}


def graph_config(topojson_url: str | None = None, filename: str = "chart") -> dcc.Graph.Config:
    """Plotly config for every chart: no logo, PNG export at 2× named after the chart."""
    config: dcc.Graph.Config = {
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d", "pan2d", "zoom2d"],
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
    }
    if topojson_url:
        # plotly's geo subplot fetches its base map from a CDN unless told where else to look.
        config["topojsonURL"] = topojson_url
    return config


def chart_panel(
    title: str,
    graph: dcc.Graph,
    caption_id: str,
    table_id: str,
    *,
    note: str | None = None,
    extra: Any = None,
    panel_id: str | None = None,
    scroll: bool = False,
    caption: Any = None,
    table: Any = None,
    scroll_stop: bool = False,
) -> dbc.Card:
    """A titled chart with a text summary (figcaption) and its data as a table (the text alternative).

    The caption and the table are filled by callbacks, or given here for a chart that is the same
    for every selection."""
    graph_id = str(graph.to_plotly_json()["props"]["id"])
    heading_id = f"{graph_id}-heading"
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(title, id=heading_id, className="h5 card-title", tabIndex="-1"),
                html.P(note, className="small text-body-secondary mb-1") if note else None,
                html.Figure(
                    [
                        # A group, not an image: it holds the chart toolbar's buttons (axe nested-interactive).
                        html.Div(
                            graph,
                            role="group",
                            # On a phone a wide chart scrolls sideways rather than squeezing its labels.
                            className=f"{SEEN} chart-scroll" if scroll else SEEN,
                            # A box that scrolls sideways on a phone takes focus, so a keyboard can scroll it,
                            # when the chart in it has no toolbar buttons to focus (WCAG 2.1.1).
                            tabIndex="0" if scroll_stop else None,
                            **aria(aria_labelledby=f"{heading_id} {caption_id}"),
                            **seen_as(graph_id),
                        ),
                        html.Figcaption(caption, id=caption_id, className="small mt-1"),
                    ],
                    className="mb-2",
                ),
                extra,
                html.Details(
                    [
                        html.Summary(f"Show the data as a table: {title.lower()}"),
                        html.Div(table, id=table_id, className=f"mt-2 {SEEN}", **seen_as(table_id)),
                    ],
                    className="small",
                ),
            ]
        ),
        className="h-100 shadow-sm",
        **({"id": panel_id} if panel_id else {}),
    )


def data_table(
    frame: pd.DataFrame, caption: str, *, index: bool = False, links: Sequence[str | None] | None = None
) -> html.Div:
    """A frame's values as an accessible table (header cells, a caption before it).

    Rendered from one Markdown string: a table of hundreds of html.Td components would be
    hundreds of nodes the Dash renderer re-walks on every update; this is one. `links`: an address
    for each row's first cell (the app's own, already quoted), which then links there.
    """
    shown = frame.reset_index() if index else frame
    header = "| " + " | ".join(_markdown_cell(c) for c in shown.columns) + " |"
    rule = "|" + "|".join(" ---: " if pd.api.types.is_numeric_dtype(shown[c]) else " --- " for c in shown.columns) + "|"
    rows = [
        "| "
        + " | ".join(
            f"[{_markdown_cell(_cell(v))}]({links[i]})" if j == 0 and links and links[i] else _markdown_cell(_cell(v))
            for j, v in enumerate(row)
        )
        + " |"
        for i, row in enumerate(shown.itertuples(index=False))
    ]
    return html.Div(
        [
            html.P(caption, className="fw-semibold mb-1"),
            # A narrow screen scrolls a wide table sideways; the box takes focus so a keyboard can scroll it.
            html.Div(
                dcc.Markdown("\n".join([header, rule, *rows])),
                className="data-table",
                tabIndex="0",
                role="region",
                **aria(aria_label=caption),
            ),
        ]
    )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


# Characters Markdown (or its table, link and autolink rules) would act on, as character
# references: the Markdown renderer decodes them back to the characters, as plain text. A
# backslash escape is not enough: dcc.Markdown's parser escapes only some punctuation, and
# shows "\\:" or "\\<" as written.
_MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]#|<>:@~&"} | {"\n": " ", "\r": " "})


def _markdown_cell(value: object) -> str:
    """Cell text that cannot break the table, inject markup or become a link ('https://…',
    'www.…' and e-mail addresses would be linked by GitHub-flavoured Markdown)."""
    return str(value).translate(_MARKDOWN_ENTITIES).replace("www.", "www&#46;")


def outline_button(label: str, button_id: str, title: str, class_name: str = "") -> dbc.Button:
    """A small secondary button: an export or a download beside what it hands out."""
    return dbc.Button(
        label, id=button_id, color="secondary", outline=True, size="sm", title=title, className=class_name
    )


def stat_card(label: str, value: str, footnote: Sequence[Any], card_id: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.P(label, className="stat-label mb-1"),
                    html.P(value, className="stat-value mb-1", id=card_id),
                    html.P(footnote, className="stat-footnote small mb-0"),
                ]
            ),
            className="h-100 shadow-sm",
        ),
        xs=12,
        sm=6,
        className="mb-2",
    )


def headline_cards(
    headline: Headline,
    *,
    partnership_note: str | None = None,
    published_partnerships: str | None,
    published_businesses: str | None,
    sample: bool,
    statewide: bool,
    past: bool = False,
    quote_advice: str | None = None,
) -> list[dbc.Col]:
    """The four headline cards. Notes are plain words: what is counted, what is published, what is sample."""
    scope = "statewide" if statewide else "in the selection"
    emerging = f" · {headline.emerging_partnerships} emerging" if headline.emerging_partnerships else ""
    partnership_lines: list[Any] = (
        [
            f"Had active members and had launched by {headline.year}, {scope}"
            + (" — sample membership." if sample else ".")
        ]
        if past
        else [partnership_note or f"Partnerships recorded as active, {scope}{emerging}."]
    )
    if published_partnerships:
        partnership_lines += [html.Br(), f"Published: {published_partnerships}."]
    if quote_advice:
        partnership_lines += [html.Br(), quote_advice]
    business_lines: list[Any] = [
        f"Distinct businesses with active membership in {headline.year}, {scope}"
        + (" — sample data, not a published count." if sample else ".")
    ]
    if published_businesses:
        business_lines += [html.Br(), f"Published: {published_businesses}."]
    one_region = headline.regions_in_scope == 1
    region_note = (
        ("Has at least one active partnership." if headline.regions_covered else "Has no active partnership.")
        if one_region
        else f"Regions with at least one active partnership, of the {headline.regions_in_scope} in scope."
    )
    notes = [
        partnership_lines,
        [region_note],
        business_lines,
        [f"Distinct industries among active partnerships, {scope}."],
    ]
    card_ids = [ids.CARD_PARTNERSHIPS, ids.CARD_REGIONS, ids.CARD_BUSINESSES, ids.CARD_INDUSTRIES]
    return [
        stat_card(label, value, note, card_id)
        for (label, value), note, card_id in zip(
            headline_figures(headline, sample=sample, past=past), notes, card_ids, strict=True
        )
    ]


def profile_lines(partnerships: pd.DataFrame, *, sample: bool) -> str:
    """The profile's partnerships as a Markdown list, one line each: what a phone shows instead of the table."""
    businesses = "Businesses" + (" (sample)" if sample else "")
    lines = []
    for _, row in partnerships.iterrows():
        count = int(row[businesses])
        said = f"{count:,} business{'' if count == 1 else 'es'}" + (" (sample)" if sample else "")
        inferred = str(row["Inferred, not stated by the source"])
        parts = [str(row["Industry"]), f"convener {row['Convener']}", said]
        if inferred != "—":
            parts.append(f"{inferred} inferred")
        lines.append(f"- **{_markdown_cell(row['Partnership'])}**: " + "; ".join(_markdown_cell(p) for p in parts))
    return "\n".join(lines)


def _links(targets: list[tuple[str, str]]) -> list[Any]:
    """Links separated by ' · ', in a page's own navigation (dcc.Link: no page load)."""
    parts: list[Any] = []
    for i, (text, href) in enumerate(targets):
        parts += ([" · "] if i else []) + [dcc.Link(text, href=href)]
    return parts


def region_profile_view(profile: RegionProfile, *, sample: bool, state: str) -> list[Any]:
    """A region today: its counties, the active partnerships that cover it and what they hold.

    Conveners, members and industries come from those active partnerships only; partnerships that
    cover the region but are not active are listed apart, so none of their facts is read as current.
    """
    partnerships = profile.partnerships.assign(
        convener=profile.partnerships["convener"].replace("", "not published"),
        inferred=profile.partnerships["inferred"].map(lambda words: ", ".join(words) or "—"),
    ).rename(
        columns={
            "name": "Partnership",
            "industry": "Industry",
            "convener": "Convener",
            "inferred": "Inferred, not stated by the source",
            "businesses": "Businesses" + (" (sample)" if sample else ""),
        }
    )[
        [
            "Partnership",
            "Industry",
            "Convener",
            "Businesses" + (" (sample)" if sample else ""),
            "Inferred, not stated by the source",
        ]
    ]
    members = ", ".join(f"{n:,} {kind.replace('_', ' ')}" for kind, n in profile.members_by_type.items()) or "none"
    not_counted = [
        f"{row['name']} ({row['status']}"
        + (f"; {', '.join(row['inferred'])} inferred" if row["inferred"] else "")
        + ")"
        for _, row in profile.not_counted.iterrows()
    ]
    count = len(profile.partnerships)
    return [
        html.H2(f"Region {profile.region} · {profile.name}", className="h5 card-title"),
        html.P([html.Strong("Counties: "), ", ".join(profile.counties)], className="mb-1"),
        html.P(
            [html.Strong("Industries with an active partnership: "), ", ".join(profile.industries_present) or "none"],
            className="mb-1",
        ),
        html.P(
            [
                html.Strong(f"Industries active elsewhere in {state} but missing here: "),
                ", ".join(profile.industries_missing) or "none",
            ],
            className="mb-1",
        ),
        html.P(
            [html.Strong("Conveners of its active partnerships: "), ", ".join(profile.conveners) or "not published"],
            className="mb-1",
        ),
        html.P(
            [html.Strong("Active members" + (" (sample data)" if sample else "") + ": "), members], className="mb-2"
        ),
        html.Div(
            [
                # A table on a wide screen; on a phone, where five columns would not fit, one line each.
                html.Div(
                    data_table(
                        partnerships,
                        f"{count} active partnership{'' if count == 1 else 's'} covering Region {profile.region}",
                    ),
                    className="d-none d-sm-block",
                ),
                html.Div(
                    [
                        html.P(
                            f"{count} active partnership{'' if count == 1 else 's'} covering Region {profile.region}",
                            className="fw-semibold mb-1",
                        ),
                        dcc.Markdown(profile_lines(partnerships, sample=sample), className="profile-lines"),
                    ],
                    className="d-sm-none",
                ),
            ]
        )
        if count
        else html.P("No active partnership covers this region.", className="fw-semibold"),
        html.Nav(
            [
                html.Span("Partnership pages: ", className="fw-semibold"),
                *_links(
                    [
                        (str(name), f"/partnerships/{quote(str(pid), safe='')}")
                        for pid, name in zip(
                            profile.partnerships["partnership_id"], profile.partnerships["name"], strict=True
                        )
                    ]
                ),
            ],
            className="small mt-2 partnership-links",
            **aria(aria_label=f"Pages of the partnerships covering Region {profile.region}"),
        )
        if count
        else None,
        html.P(
            [html.Strong("Also named for this region, not counted as active: "), "; ".join(not_counted) + "."],
            className="small mb-0 mt-2",
        )
        if not_counted
        else None,
    ]
