"""The same views built the way most tutorials build them, as the benchmark's baseline.

Plotly Express figures rebuilt from the raw frames on every callback, full-resolution county
geometry (the Census file as shipped, unsimplified) sent with every map update, no Patch, no
caching, one callback per view. It uses the dashboard's component ids and selection controller,
so the benchmark drives both builds with the same requests. Never served to users.

Run: ``python -m benchmarks.naive_app --data-dir data --port 8060``
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import _plotly_geo
import dash
import dash_ag_grid as dag
import geopandas as gpd
import pandas as pd
import plotly.express as px
from dash import Input, Output, dcc, html

from dashboard import ids
from dashboard.analysis.state import Selection, next_selection, search_from_selection
from dashboard.data.config import DATA_DIR_ENV, PROJECT_ROOT
from dashboard.data.geography import read_county_regions

SHAPEFILE = Path(_plotly_geo.__file__).parent / "package_data" / "cb_2016_us_county_500k.shp"

# Served with the project's assets: offline, plotly's base map must come from assets/topojson/.
app = dash.Dash(__name__, title="Naive build", assets_folder=str(PROJECT_ROOT / "assets"))
GRAPH_CONFIG: Any = {"topojsonURL": "/assets/topojson/"}
server = app.server
FRAMES: dict[str, Any] = {}


def load(directory: Path) -> None:
    """Raw frames, as read; the county geometry at full resolution."""
    FRAMES["partnerships"] = pd.read_csv(directory / "partnerships.csv", dtype=str, keep_default_na=False)
    members = pd.read_csv(directory / "members.csv", dtype=str, keep_default_na=False)
    members["joined_year"] = members["joined_year"].astype(int)
    members["left_year"] = pd.to_numeric(members["left_year"].replace("", None))
    FRAMES["members"] = members
    FRAMES["outcomes"] = pd.read_csv(directory / "outcomes.csv")
    FRAMES["counties"] = read_county_regions()
    shapes = gpd.read_file(SHAPEFILE)
    shapes = shapes[shapes["STATEFP"] == "08"].set_crs("EPSG:4269", allow_override=True)
    FRAMES["geojson"] = json.loads(
        shapes.rename(columns={"GEOID": "county_fips"})[["county_fips", "geometry"]].to_json()
    )


def exploded() -> pd.DataFrame:
    p = FRAMES["partnerships"].copy()
    p["region"] = p["regions"].str.split(";")
    p = p.explode("region")
    p["region"] = p["region"].astype(int)
    return p


def filtered_members(regions: list[int] | None, industry: str | None, year: int | None = None) -> pd.DataFrame:
    members = FRAMES["members"].merge(FRAMES["counties"][["county", "region"]], on="county", how="left")
    members = members.merge(FRAMES["partnerships"][["partnership_id", "industry", "status"]], on="partnership_id")
    if year is not None:
        members = members[
            (members["joined_year"] <= year) & (members["left_year"].isna() | (members["left_year"] > year))
        ]
    if industry:
        members = members[members["industry"] == industry]
    if regions:
        members = members[members["region"].isin(regions)]
    return members


def now() -> int:
    return int(FRAMES["members"]["joined_year"].max())


def layout() -> html.Div:
    partnerships = FRAMES["partnerships"]
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Dropdown(id=ids.REGION_SELECT, options=list(range(1, 15)), value=[], multi=True),
            dcc.Dropdown(id=ids.INDUSTRY_SELECT, options=sorted(partnerships["industry"].unique()), value=None),
            dcc.RadioItems(
                id=ids.METRIC_SELECT, options=["partnerships", "businesses", "industries"], value="partnerships"
            ),
            html.Button("Reset", id=ids.RESET),
            html.Div(id=ids.CARDS),
            dcc.Graph(id=ids.REGION_MAP, config=GRAPH_CONFIG),
            dcc.Graph(id=ids.INDUSTRY_CHART),
            dcc.Graph(id=ids.TREND_CHART),
            dcc.Graph(id=ids.GAP_MATRIX),
            html.Div(id=ids.REGION_PROFILE),
            dag.AgGrid(id=ids.DIRECTORY, columnDefs=[{"field": c} for c in ["name", "industry", "regions", "status"]]),
            html.Div(id=ids.GAP_LIST),
        ]
    )


SELECTION = (
    Input(ids.REGION_SELECT, "value"),
    Input(ids.INDUSTRY_SELECT, "value"),
    Input(ids.METRIC_SELECT, "value"),
)


@dash.callback(Output(ids.REGION_MAP, "figure"), *SELECTION)
def naive_map(regions: list[int], industry: str | None, metric: str) -> Any:
    p = exploded()
    p = p[p["status"] == "active"]
    if industry:
        p = p[p["industry"] == industry]
    per_region = p.groupby("region").agg(partnerships=("partnership_id", "count"), industries=("industry", "nunique"))
    businesses = filtered_members(None, industry, now())
    businesses = businesses[businesses["org_type"] == "business"].groupby("region")["organization"].nunique()
    counties = FRAMES["counties"].copy()
    counties = counties.merge(per_region, left_on="region", right_index=True, how="left").fillna(0)
    counties["businesses"] = counties["region"].map(businesses).fillna(0)
    counties["selected"] = counties["region"].isin(regions or [])
    figure = px.choropleth(
        counties,
        geojson=FRAMES["geojson"],
        locations="county_fips",
        featureidkey="properties.county_fips",
        color=metric,
        hover_name="region_name",
        hover_data=["county", "partnerships", "businesses", "industries"],
        color_continuous_scale="Blues",
    )
    figure.update_geos(fitbounds="locations", visible=False, scope="north america")
    return figure


@dash.callback(Output(ids.CARDS, "children"), *SELECTION)
def naive_cards(regions: list[int], industry: str | None, metric: str) -> Any:
    p = exploded()
    p = p[p["status"] == "active"]
    if industry:
        p = p[p["industry"] == industry]
    if regions:
        p = p[p["region"].isin(regions)]
    members = filtered_members(regions, industry, now())
    businesses = members[(members["org_type"] == "business") & (members["status"] != "inactive")][
        "organization"
    ].nunique()
    return [
        html.P(f"{p['partnership_id'].nunique()}"),
        html.P(f"{p['region'].nunique()}"),
        html.P(f"{businesses}"),
        html.P(f"{p['industry'].nunique()}"),
    ]


@dash.callback(Output(ids.INDUSTRY_CHART, "figure"), *SELECTION)
def naive_industries(regions: list[int], industry: str | None, metric: str) -> Any:
    members = filtered_members(regions, None, now())
    members = members[members["org_type"] == "business"]
    counts = members.groupby("industry")["organization"].nunique().reset_index(name="businesses")
    return px.bar(counts, x="businesses", y="industry", orientation="h")


@dash.callback(Output(ids.TREND_CHART, "figure"), *SELECTION)
def naive_trend(regions: list[int], industry: str | None, metric: str) -> Any:
    members = filtered_members(regions, industry)
    rows = []
    first = int(members["joined_year"].min()) if len(members) else now()
    for year in range(first, now() + 1):
        active = members[
            (members["joined_year"] <= year) & (members["left_year"].isna() | (members["left_year"] > year))
        ]
        rows.append({"year": year, "businesses": active[active["org_type"] == "business"]["organization"].nunique()})
    return px.line(pd.DataFrame(rows), x="year", y="businesses", markers=True)


@dash.callback(Output(ids.GAP_MATRIX, "figure"), Output(ids.GAP_LIST, "children"), *SELECTION)
def naive_gaps(regions: list[int], industry: str | None, metric: str) -> Any:
    p = exploded()
    p = p[p["status"] == "active"]
    matrix = p.groupby(["region", "industry"]).size().unstack(fill_value=0).reindex(range(1, 15), fill_value=0)
    gaps = [int(r) for r in matrix.index[matrix.sum(axis=1) == 0]]
    return px.imshow(matrix, text_auto=True), [html.Li(f"Region {r}") for r in gaps]


@dash.callback(Output(ids.REGION_PROFILE, "children"), *SELECTION)
def naive_profile(regions: list[int], industry: str | None, metric: str) -> Any:
    if not regions or len(regions) != 1:
        return html.P("Select one region")
    members = filtered_members(regions, None, now())
    return [html.P(f"{kind}: {n}") for kind, n in members.groupby("org_type")["organization"].nunique().items()]


@dash.callback(Output(ids.DIRECTORY, "rowData"), *SELECTION)
def naive_directory(regions: list[int], industry: str | None, metric: str) -> Any:
    p = exploded()
    if industry:
        p = p[p["industry"] == industry]
    if regions:
        p = p[p["region"].isin(regions)]
    return p.drop_duplicates("partnership_id")[["name", "industry", "regions", "status"]].to_dict("records")


@dash.callback(
    Output(ids.REGION_SELECT, "value"),
    Output(ids.INDUSTRY_SELECT, "value"),
    Output(ids.METRIC_SELECT, "value"),
    Output(ids.URL, "search"),
    Input(ids.URL, "search"),
    Input(ids.REGION_MAP, "clickData"),
    Input(ids.INDUSTRY_CHART, "clickData"),
    Input(ids.RESET, "n_clicks"),
    Input(ids.REGION_SELECT, "value"),
    Input(ids.INDUSTRY_SELECT, "value"),
    Input(ids.METRIC_SELECT, "value"),
)
def naive_sync(
    search: str | None, map_click: Any, industry_click: Any, _reset: Any, regions: Any, industry: Any, metric: Any
) -> tuple[Any, ...]:
    """The same interaction rules as the dashboard (a county click selects its region)."""
    counties = FRAMES["counties"]
    if dash.ctx.triggered_id == ids.REGION_MAP and map_click:
        fips = map_click["points"][0].get("location")
        region = counties.loc[counties["county_fips"] == fips, "region"]
        map_click = {"points": [{"location": str(int(region.iloc[0]))}]} if len(region) else None
    selection = next_selection(
        dash.ctx.triggered_id,
        Selection.of(regions, industry, metric),
        search=search,
        map_click=map_click,
        industry_click={"points": [{"customdata": industry_click["points"][0].get("y")}]} if industry_click else None,
        regions=list(range(1, 15)),
        industries=sorted(FRAMES["partnerships"]["industry"].unique()),
        ids={
            "url": ids.URL,
            "map": ids.REGION_MAP,
            "industry_chart": ids.INDUSTRY_CHART,
            "reset": ids.RESET,
            "gap_button": "",
        },
    )
    return list(selection.regions), selection.industry, selection.metric, search_from_selection(selection, scheme="")


if os.environ.get("NAIVE_DATA_DIR"):  # served by gunicorn (the benchmark does this)
    load(Path(os.environ["NAIVE_DATA_DIR"]))
    app.layout = layout
    server.test_client().get("/")  # register the page's scripts in this worker (see app.register_page_scripts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8060)
    args = parser.parse_args()
    os.environ[DATA_DIR_ENV] = str(args.data_dir.resolve())
    load(args.data_dir)
    app.layout = layout
    app.run(host="127.0.0.1", port=args.port, debug=False)


if __name__ == "__main__":
    main()
