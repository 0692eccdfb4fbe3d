"""Pure pandas: what the page counts. No Dash, no plotting.

Definitions (also in docs/metrics.md):

* An *active partnership* has status ``active``. Emerging ones are counted separately.
* A member is *active in year Y* if ``joined_year <= Y`` and it has not left (``left_year`` blank
  or greater than Y). "Now" is the latest year in the membership file.
* *Businesses engaged* are distinct organisations of type ``business`` active now, in
  partnerships that are not inactive.
* A member belongs to the region of its county; a member without a county belongs to each
  region its partnership covers.
* A region is a *gap* when no active partnership (of the selected industry, if one is selected)
  covers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.data import Dataset

METRICS: dict[str, str] = {
    "partnerships": "Active partnerships",
    "businesses": "Businesses engaged",
    "industries": "Industries covered",
}
DEFAULT_METRIC = "partnerships"


@dataclass(frozen=True)
class Selection:
    """What the user has picked: regions (none = statewide), one industry (or all), a map metric."""

    regions: tuple[int, ...] = ()
    industry: str | None = None
    metric: str = DEFAULT_METRIC

    @classmethod
    def of(
        cls, regions: Iterable[int] | None = None, industry: str | None = None, metric: str | None = None
    ) -> Selection:
        return cls(
            regions=tuple(sorted({int(r) for r in regions or ()})),
            industry=industry or None,
            metric=metric if metric in METRICS else DEFAULT_METRIC,
        )

    @property
    def is_statewide(self) -> bool:
        return not self.regions and self.industry is None


@dataclass(frozen=True)
class Headline:
    active_partnerships: int
    emerging_partnerships: int
    regions_covered: int
    regions_in_scope: int
    businesses: int
    industries: int
    year: int


@dataclass(frozen=True)
class RegionProfile:
    region: int
    name: str
    counties: list[str]
    partnerships: pd.DataFrame
    members_by_type: dict[str, int]
    industries_present: list[str]
    industries_missing: list[str]
    conveners: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Building blocks


def latest_year(ds: Dataset) -> int:
    if len(ds.members):
        return int(ds.members["joined_year"].max())
    return int(ds.reported["year"].max()) if len(ds.reported) else 0


def members_active_in(members: pd.DataFrame, year: int) -> pd.DataFrame:
    left = members["left_year"]
    return members[(members["joined_year"] <= year) & (left.isna() | (left > year)).astype(bool)]


def partnerships_matching(ds: Dataset, selection: Selection, statuses: Iterable[str] | None = None) -> pd.DataFrame:
    """Partnerships of the selected industry that cover any selected region (all when none)."""
    frame = ds.partnerships
    if statuses is not None:
        frame = frame[frame["status"].isin(list(statuses))]
    if selection.industry is not None:
        frame = frame[frame["industry"] == selection.industry]
    if selection.regions:
        wanted = set(selection.regions)
        frame = frame[frame["regions"].map(lambda rs: bool(wanted.intersection(rs)))]
    return frame


def member_regions(ds: Dataset, members: pd.DataFrame) -> pd.DataFrame:
    """members with one row per region it counts in (its county's, else its partnership's)."""
    known = members[members["region"].notna()].assign(region=lambda f: f["region"].astype(int))
    unknown = members[members["region"].isna()].drop(columns="region")
    if len(unknown):
        spans = ds.partnership_regions[["partnership_id", "region"]]
        unknown = unknown.merge(spans, on="partnership_id", how="inner")
        return pd.concat([known, unknown], ignore_index=True)
    return known


def engaged_businesses(ds: Dataset, selection: Selection, year: int) -> pd.DataFrame:
    """Active business members in `year`, of partnerships matching the selection, by region."""
    partnership_ids = partnerships_matching(ds, Selection(industry=selection.industry), ("active", "emerging"))
    members = ds.members[
        (ds.members["org_type"] == "business") & ds.members["partnership_id"].isin(partnership_ids["partnership_id"])
    ]
    located = member_regions(ds, members_active_in(members, year))
    if selection.regions:
        located = located[located["region"].isin(selection.regions)]
    return located


# --------------------------------------------------------------------------------------------
# What the views show


def headline(ds: Dataset, selection: Selection) -> Headline:
    year = latest_year(ds)
    active = partnerships_matching(ds, selection, ("active",))
    emerging = partnerships_matching(ds, selection, ("emerging",))
    scope = set(selection.regions) if selection.regions else set(ds.regions)
    covered = {r for regions in active["regions"] for r in regions} & scope
    return Headline(
        active_partnerships=len(active),
        emerging_partnerships=len(emerging),
        regions_covered=len(covered),
        regions_in_scope=len(scope),
        businesses=int(engaged_businesses(ds, selection, year)["organization"].nunique()),
        industries=int(active["industry"].nunique()),
        year=year,
    )


def region_values(ds: Dataset, industry: str | None = None) -> pd.DataFrame:
    """One row per region (all 14): the three map metrics, partnership names, gap flag, label point."""
    selection = Selection(industry=industry)
    active = ds.partnership_regions[ds.partnership_regions["status"] == "active"]
    if industry is not None:
        active = active[active["industry"] == industry]
    grouped = active.groupby("region")
    businesses = engaged_businesses(ds, selection, latest_year(ds)).groupby("region")["organization"].nunique()
    frame = pd.DataFrame(index=pd.Index(ds.regions, name="region"))
    frame["region_name"] = ds.geography.regions["region_name"]
    frame["counties"] = ds.geography.regions["counties"].map(", ".join)
    frame["label_lon"] = ds.geography.regions["label_lon"]
    frame["label_lat"] = ds.geography.regions["label_lat"]
    frame["partnerships"] = grouped.size().reindex(frame.index, fill_value=0).astype(int)
    frame["businesses"] = businesses.reindex(frame.index, fill_value=0).astype(int)
    frame["industries"] = grouped["industry"].nunique().reindex(frame.index, fill_value=0).astype(int)
    names = grouped["name"].apply(lambda s: sorted(s))
    frame["partnership_names"] = [names.get(r, []) for r in frame.index]
    frame["is_gap"] = frame["partnerships"] == 0
    return frame


def gap_regions(ds: Dataset, industry: str | None = None) -> list[int]:
    values = region_values(ds, industry)
    return [int(r) for r in values.index[values["is_gap"]]]


def industry_breakdown(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Active partnerships and businesses engaged per industry, within the selected regions.

    Every industry in the data is listed (zero where none), so the chart's rows stay put while
    the selection changes; the industry selection itself does not filter this view.
    """
    scope = Selection(regions=selection.regions)
    active = partnerships_matching(ds, scope, ("active",))
    year = latest_year(ds)
    businesses = engaged_businesses(ds, scope, year).merge(
        ds.partnerships[["partnership_id", "industry"]], on="partnership_id"
    )
    frame = pd.DataFrame(index=pd.Index(ds.industries, name="industry"))
    frame["partnerships"] = active.groupby("industry").size().reindex(frame.index, fill_value=0).astype(int)
    frame["businesses"] = (
        businesses.groupby("industry")["organization"].nunique().reindex(frame.index, fill_value=0).astype(int)
    )
    return frame.sort_values(["partnerships", "businesses"], ascending=True)


def yearly_trend(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Per year: distinct businesses engaged, and partnerships active (any member active that year)."""
    if not len(ds.members):
        return pd.DataFrame(columns=["businesses", "partnerships"], index=pd.Index([], name="year"))
    first = int(ds.members["joined_year"].min())
    years = range(first, latest_year(ds) + 1)
    matching = partnerships_matching(ds, Selection(industry=selection.industry))
    members = ds.members[ds.members["partnership_id"].isin(matching["partnership_id"])]
    located = member_regions(ds, members)
    if selection.regions:
        located = located[located["region"].isin(selection.regions)]
    rows = []
    for year in years:
        active = members_active_in(located, year)
        rows.append(
            {
                "year": year,
                "businesses": active.loc[active["org_type"] == "business", "organization"].nunique(),
                "partnerships": active["partnership_id"].nunique(),
            }
        )
    return pd.DataFrame(rows).set_index("year")


def published_totals(ds: Dataset, metric: str = "businesses_engaged") -> pd.DataFrame:
    return ds.reported[ds.reported["metric"] == metric].sort_values("year")


def published_value(ds: Dataset, metric: str) -> pd.Series | None:
    """The latest published row for `metric`, or None."""
    rows = published_totals(ds, metric)
    return rows.iloc[-1] if len(rows) else None


def impact_rates(ds: Dataset) -> pd.DataFrame:
    order = {"business": 0, "jobseeker": 1, "system": 2}
    return (
        ds.outcomes.assign(_order=ds.outcomes["category"].map(order))
        .sort_values(["_order", "survey", "rate"], ascending=[True, True, False])
        .drop(columns="_order")
    )


def gap_matrix(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Active partnerships per region (rows) × industry (columns); 0 marks a gap.

    Rows are the selected regions (all 14 when none); columns the selected industry (all when none).
    """
    active = ds.partnership_regions[ds.partnership_regions["status"] == "active"]
    counts = active.groupby(["region", "industry"]).size().unstack(fill_value=0)
    regions = list(selection.regions) if selection.regions else ds.regions
    industries = [selection.industry] if selection.industry else ds.industries
    return counts.reindex(index=regions, columns=industries, fill_value=0).astype(int)


def region_profile(ds: Dataset, region: int) -> RegionProfile:
    year = latest_year(ds)
    geo = ds.geography.regions
    partnerships = partnerships_matching(ds, Selection(regions=(region,)))
    members = members_active_in(ds.members, year)
    located = member_regions(ds, members[members["partnership_id"].isin(partnerships["partnership_id"])])
    located = located[located["region"] == region]
    businesses = located[located["org_type"] == "business"].groupby("partnership_id")["organization"].nunique()
    table = partnerships[["partnership_id", "name", "industry", "status", "convener"]].copy()
    table["businesses"] = table["partnership_id"].map(businesses).fillna(0).astype(int)
    active_industries = set(partnerships.loc[partnerships["status"] == "active", "industry"])
    statewide = set(ds.partnerships.loc[ds.partnerships["status"] == "active", "industry"])
    return RegionProfile(
        region=region,
        name=str(geo.at[region, "region_name"]),
        counties=list(geo.at[region, "counties"]),
        partnerships=table.sort_values(["status", "name"]).reset_index(drop=True),
        members_by_type=located.groupby("org_type")["organization"].nunique().sort_index().astype(int).to_dict(),
        industries_present=sorted(active_industries),
        industries_missing=sorted(statewide - active_industries),
        conveners=sorted({c for c in partnerships["convener"] if c}),
    )


def directory_rows(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Partnerships matching the selection (every status), with region names and business counts."""
    frame = partnerships_matching(ds, selection)
    year = latest_year(ds)
    active_members = members_active_in(ds.members, year)
    businesses = (
        active_members[active_members["org_type"] == "business"].groupby("partnership_id")["organization"].nunique()
    )
    names = ds.geography.regions["region_name"]
    return (
        pd.DataFrame(
            {
                "name": frame["name"],
                "industry": frame["industry"],
                "regions": frame["regions"].map(lambda rs: "; ".join(f"{r} {names[r]}" for r in rs)),
                "status": frame["status"],
                "businesses": frame["partnership_id"].map(businesses).fillna(0).astype(int),
                "convener": frame["convener"],
                "source": frame["source"],
                "notes": frame["notes"],
            }
        )
        .sort_values(["status", "name"])
        .reset_index(drop=True)
    )
