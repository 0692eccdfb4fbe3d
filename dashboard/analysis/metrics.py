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
* *Year*: the latest year (the default) uses the status column, as published. An earlier year Y
  counts a partnership as active when it had launched by Y (``launched_year``, where given) and
  had a member active in Y; one with no membership rows counts from its ``launched_year`` unless
  it is inactive now. Businesses in Y are those active in Y, in any partnership.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from dashboard.analysis.state import Selection
from dashboard.data.dataset import Dataset
from dashboard.data.membership import (
    BoolArray,
    MembershipIndex,
    distinct,
    distinct_by,
    in_regions,
    membership_index,
    memoized,
)
from dashboard.data.sources import source_title


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
    """Conveners of the active partnerships only: the ones the profile counts."""
    not_counted: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Partnerships that cover the region but are not active (emerging or inactive), with their status."""


# --------------------------------------------------------------------------------------------
# Building blocks


def latest_year(ds: Dataset) -> int:
    """The last year in the membership file ("now"); asked on every view, so remembered."""
    return memoized(ds, "latest_year", lambda: _latest_year(ds))


def _latest_year(ds: Dataset) -> int:
    if len(ds.members):
        return int(ds.members["joined_year"].max())
    dated = ds.reported["year"].dropna()  # an undated published figure has no year
    return int(dated.max()) if len(dated) else 0


def years(ds: Dataset) -> list[int]:
    """The years the year slider offers: first membership year to the latest."""
    return memoized(ds, "years", lambda: _years(ds))


def _years(ds: Dataset) -> list[int]:
    last = latest_year(ds)
    first = int(ds.members["joined_year"].min()) if len(ds.members) else last
    return list(range(first, last + 1))


def past_year(ds: Dataset, year: int | None) -> int | None:
    """`year` if it is before the latest year (history from membership), else None (now, by status)."""
    return int(year) if year is not None and year < latest_year(ds) else None


def shown_year(ds: Dataset, year: int | None) -> int:
    past = past_year(ds, year)
    return past if past is not None else latest_year(ds)


def active_partnerships(ds: Dataset, year: int | None = None) -> pd.DataFrame:
    """The partnerships that count as active: by status now, by membership in a past year."""
    past = past_year(ds, year)
    if past is None:  # asked by most views on every click: filtered once per dataset
        return memoized(
            ds, ("active_partnerships", None), lambda: ds.partnerships[ds.partnerships["status"] == "active"]
        )
    return memoized(ds, ("active_partnerships", past), lambda: _running_in(ds, past))


def _running_in(ds: Dataset, year: int) -> pd.DataFrame:
    index = membership_index(ds)
    count = len(ds.partnerships)
    with_members = np.zeros(count, dtype=bool)
    with_members[index.partnership] = True
    active_members = np.zeros(count, dtype=bool)
    active_members[index.partnership[index.active_in(year)]] = True
    launched = pd.to_numeric(ds.partnerships["launched_year"], errors="coerce").to_numpy(dtype=float)
    launched_by = launched <= year  # NaN (not published) compares False
    not_after = np.isnan(launched) | launched_by
    inactive = (ds.partnerships["status"] == "inactive").to_numpy()
    running = (active_members & not_after) | (~with_members & launched_by & ~inactive)
    return ds.partnerships.loc[running]


def partnerships_matching(
    ds: Dataset,
    selection: Selection,
    statuses: Iterable[str] | None = None,
    *,
    active: bool = False,
    year: int | None = None,
) -> pd.DataFrame:
    """Partnerships of the selected industry that cover any selected region: of all (default), or of
    those active in `year` (`active=True`; None: now). Remembered per dataset, since most views of a
    click ask for the same few: the frame is shared, to be read and not changed."""
    past = past_year(ds, year) if active else None
    wanted = tuple(statuses) if statuses is not None else None
    key = ("partnerships matching", active, past, wanted, selection.industry, selection.regions)
    return memoized(ds, key, lambda: _matching(ds, selection, wanted, active, past))


def _matching(
    ds: Dataset, selection: Selection, statuses: tuple[str, ...] | None, active: bool, past: int | None
) -> pd.DataFrame:
    frame = active_partnerships(ds, past) if active else ds.partnerships
    # One mask and at most one take: each boolean filter of the frame copies every column.
    keep = np.ones(len(frame), dtype=bool)
    if statuses is not None:
        keep &= frame["status"].isin(list(statuses)).to_numpy(dtype=bool)
    if selection.industry is not None:
        keep &= (frame["industry"] == selection.industry).to_numpy(dtype=bool)
    if selection.regions:
        coverage = region_coverage(ds)
        wanted = [r for r in selection.regions if 0 <= r < coverage.shape[1]]
        rows = ds.partnerships.index.get_indexer(frame.index)
        keep &= coverage[np.ix_(rows, wanted)].any(axis=1)
    return frame if keep.all() else frame.iloc[np.flatnonzero(keep)]


def region_coverage(ds: Dataset) -> BoolArray:
    """Partnership (by position) × region number: whether the partnership covers the region."""

    def build() -> BoolArray:
        regions = ds.partnerships["regions"].tolist()
        width = max([0, *(r for rs in regions for r in rs)]) + 1
        coverage = np.zeros((len(regions), width), dtype=bool)
        for row, covered in enumerate(regions):
            coverage[row, list(covered)] = True
        return coverage

    return memoized(ds, "region_coverage", build, pinned=True)


def _industry_mask(ds: Dataset, index: MembershipIndex, industry: str | None) -> BoolArray:
    if industry is None:
        return np.ones(len(index.organization), dtype=bool)
    code = ds.industries.index(industry) if industry in ds.industries else -1
    mask: BoolArray = index.industry == code
    return mask


def _engaged(
    ds: Dataset, regions: tuple[int, ...], industry: str | None, year: int | None
) -> tuple[MembershipIndex, BoolArray]:
    """The rows of the selected regions (all rows when none are), and which of them are business
    members active in the year, of the industry. Now (year None): only in partnerships that are not
    inactive; in a past year, in any partnership (an inactive one was running then)."""
    index = in_regions(membership_index(ds), regions)
    past = past_year(ds, year)
    mask = index.is_business & index.active_in(shown_year(ds, year)) & _industry_mask(ds, index, industry)
    if past is None:
        mask &= index.live
    return index, mask


# --------------------------------------------------------------------------------------------
# What the views show (each remembered per dataset and the parts of the selection it uses)


def headline(ds: Dataset, selection: Selection) -> Headline:
    past = past_year(ds, selection.year)
    key = ("headline", selection.regions, selection.industry, past)
    return memoized(ds, key, lambda: _headline(ds, selection, past))


def _headline(ds: Dataset, selection: Selection, past: int | None) -> Headline:
    active = partnerships_matching(ds, selection, active=True, year=past)
    # "Emerging" is a status today; a past year has no record of it.
    emerging = partnerships_matching(ds, selection, ("emerging",)) if past is None else active.iloc[:0]
    scope = set(selection.regions) if selection.regions else set(ds.regions)
    covered = {r for regions in active["regions"] for r in regions} & scope
    index, engaged = _engaged(ds, selection.regions, selection.industry, past)
    return Headline(
        active_partnerships=len(active),
        emerging_partnerships=len(emerging),
        regions_covered=len(covered),
        regions_in_scope=len(scope),
        businesses=distinct(index.organization, engaged, index.organizations),
        industries=int(active["industry"].nunique()),
        year=shown_year(ds, past),
    )


def region_values(ds: Dataset, industry: str | None = None, year: int | None = None) -> pd.DataFrame:
    """One row per region (all 14): the three map metrics, partnership names, gap flag, label point."""
    past = past_year(ds, year)
    return memoized(ds, ("region_values", industry, past), lambda: _region_values(ds, industry, past))


def _active_spans(ds: Dataset, year: int | None) -> pd.DataFrame:
    """partnership_regions rows (one per partnership and region) of the partnerships active in `year`."""
    past = past_year(ds, year)

    def spans() -> pd.DataFrame:
        ids = active_partnerships(ds, past)["partnership_id"]
        return ds.partnership_regions[ds.partnership_regions["partnership_id"].isin(ids)]

    return memoized(ds, ("active_spans", past), spans)


def _region_values(ds: Dataset, industry: str | None, past: int | None) -> pd.DataFrame:
    active = _active_spans(ds, past)
    if industry is not None:
        active = active[active["industry"] == industry]
    grouped = active.groupby("region")
    index, engaged = _engaged(ds, (), industry, past)
    per_region = distinct_by(index.region, max(ds.regions) + 1, index.organization, engaged, index.organizations)
    frame = pd.DataFrame(index=pd.Index(ds.regions, name="region"))
    frame["region_name"] = ds.geography.regions["region_name"]
    frame["counties"] = ds.geography.regions["counties"].map(", ".join)
    frame["label_lon"] = ds.geography.regions["label_lon"]
    frame["label_lat"] = ds.geography.regions["label_lat"]
    frame["number_side"] = ds.geography.regions["number_side"]
    frame["partnerships"] = grouped.size().reindex(frame.index, fill_value=0).astype(int)
    frame["businesses"] = [int(per_region[r]) for r in frame.index]
    frame["industries"] = grouped["industry"].nunique().reindex(frame.index, fill_value=0).astype(int)
    names = grouped["name"].apply(lambda s: sorted(s))
    frame["partnership_names"] = [names.get(r, []) for r in frame.index]
    frame["is_gap"] = frame["partnerships"] == 0
    return frame


def gap_regions(ds: Dataset, industry: str | None = None, year: int | None = None) -> list[int]:
    values = region_values(ds, industry, year)
    return [int(r) for r in values.index[values["is_gap"]]]


def industry_breakdown(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Active partnerships and businesses engaged per industry, within the selected regions.

    Every industry in the data is listed (zero where none), so the chart's rows stay put while
    the selection changes; the industry selection itself does not filter this view.
    """
    past = past_year(ds, selection.year)
    key = ("industry_breakdown", selection.regions, past)
    return memoized(ds, key, lambda: _industry_breakdown(ds, selection.regions, past))


def _industry_breakdown(ds: Dataset, regions: tuple[int, ...], past: int | None) -> pd.DataFrame:
    active = partnerships_matching(ds, Selection(regions=regions), active=True, year=past)
    index, engaged = _engaged(ds, regions, None, past)
    per_industry = distinct_by(index.industry, len(ds.industries), index.organization, engaged, index.organizations)
    frame = pd.DataFrame(index=pd.Index(ds.industries, name="industry"))
    frame["partnerships"] = active.groupby("industry").size().reindex(frame.index, fill_value=0).astype(int)
    frame["businesses"] = per_industry.astype(int)
    return frame.sort_values(["partnerships", "businesses"], ascending=True)


def yearly_trend(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Per year: distinct businesses engaged, and partnerships active (any member active that year)."""
    key = ("yearly_trend", selection.regions, selection.industry)
    return memoized(ds, key, lambda: _yearly_trend(ds, selection.regions, selection.industry))


def trend_ends(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """The first and the last year of yearly_trend (one row when they are the same year): what the
    growth caption and the insights say, without counting every year between."""
    counted = ds.memo.results.peek(("yearly_trend", selection.regions, selection.industry))
    if counted is not None:
        whole = cast(pd.DataFrame, counted)
        return whole.iloc[sorted({0, len(whole) - 1})] if len(whole) else whole
    key = ("trend_ends", selection.regions, selection.industry)
    return memoized(ds, key, lambda: _yearly_trend(ds, selection.regions, selection.industry, ends_only=True))


def _yearly_trend(
    ds: Dataset, regions: tuple[int, ...], industry: str | None, *, ends_only: bool = False
) -> pd.DataFrame:
    if not len(ds.members):
        return pd.DataFrame(columns=["businesses", "partnerships"], index=pd.Index([], name="year"))
    index = in_regions(membership_index(ds), regions)
    scope = _industry_mask(ds, index, industry)
    partnership_count = len(ds.partnerships)
    # The rows in scope, taken once: each year then looks at a region's rows, not all of them.
    rows_in_scope = np.flatnonzero(scope)
    joined, left = index.joined[rows_in_scope], index.left[rows_in_scope]
    organization, partnership = index.organization[rows_in_scope], index.partnership[rows_in_scope]
    is_business, live = index.is_business[rows_in_scope], index.live[rows_in_scope]
    rows: list[dict[str, int]] = []
    latest = latest_year(ds)
    years = range(int(ds.members["joined_year"].min()), latest + 1)
    for year in sorted({years[0], years[-1]}) if ends_only and len(years) else years:
        active = (joined <= year) & (left > year)
        if year == latest:  # now, as on the cards: not in partnerships whose status is inactive
            active &= live
        rows.append(
            {
                "year": year,
                "businesses": distinct(organization, active & is_business, index.organizations),
                "partnerships": distinct(partnership, active, partnership_count),
            }
        )
    return pd.DataFrame(rows).set_index("year")


def members_by_year(ds: Dataset, partnership_id: str) -> pd.DataFrame:
    """One partnership's members active in each year the slider offers (joined by then, not yet left):
    year, businesses, others (support organisations)."""
    members = ds.members[ds.members["partnership_id"] == partnership_id]
    joined = members["joined_year"].to_numpy(dtype=float)
    left = members["left_year"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    business = (members["org_type"] == "business").to_numpy(dtype=bool)
    offered = np.array(years(ds), dtype=float)
    active = (joined[None, :] <= offered[:, None]) & (left[None, :] > offered[:, None])  # year × member
    return pd.DataFrame(
        {
            "year": offered.astype(int),
            "businesses": (active & business).sum(axis=1).astype(int),
            "others": (active & ~business).sum(axis=1).astype(int),
        }
    )


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
    past = past_year(ds, selection.year)
    counts = memoized(
        ds,
        ("gap_counts", past),
        lambda: _active_spans(ds, past).groupby(["region", "industry"]).size().unstack(fill_value=0),
    )
    regions = list(selection.regions) if selection.regions else ds.regions
    industries = [selection.industry] if selection.industry else ds.industries
    return counts.reindex(index=regions, columns=industries, fill_value=0).astype(int)


def region_profile(ds: Dataset, region: int) -> RegionProfile:
    return memoized(ds, ("region_profile", region), lambda: _region_profile(ds, region))


def _region_profile(ds: Dataset, region: int) -> RegionProfile:
    """Today's profile of one region. Every fact (conveners, members, industries) comes from the
    active partnerships that cover it: the ones its count says; the others are listed apart."""
    geo = ds.geography.regions
    index = in_regions(membership_index(ds), (region,))
    covering = partnerships_matching(ds, Selection(regions=(region,)))
    active = covering[covering["status"] == "active"]
    counted = ds.partnerships["partnership_id"].isin(active["partnership_id"]).to_numpy()
    here = index.active_in(latest_year(ds)) & counted[index.partnership]
    by_type = distinct_by(index.org_type, len(index.org_types), index.organization, here, index.organizations)
    businesses = distinct_by(
        index.partnership, len(ds.partnerships), index.organization, here & index.is_business, index.organizations
    )
    table = active[["partnership_id", "name", "industry", "convener", "inferred"]].copy()
    table["businesses"] = [int(businesses[i]) for i in active.index]
    present = set(active["industry"])
    statewide = set(ds.partnerships.loc[ds.partnerships["status"] == "active", "industry"])
    others = covering[covering["status"] != "active"][["name", "industry", "status", "convener", "inferred"]]
    return RegionProfile(
        region=region,
        name=str(geo.at[region, "region_name"]),
        counties=list(geo.at[region, "counties"]),
        partnerships=table.sort_values("name").reset_index(drop=True),
        members_by_type={t: int(n) for t, n in sorted(zip(index.org_types, by_type, strict=True)) if n},
        industries_present=sorted(present),
        industries_missing=sorted(statewide - present),
        conveners=sorted({c for c in active["convener"] if c}),
        not_counted=others.sort_values(["status", "name"]).reset_index(drop=True),
    )


NOT_PUBLISHED = "not published"


def _regions_cell(regions: list[int], names: pd.Series, selected: tuple[int, ...]) -> str:
    """A row's regions, the selected ones first, so a row listed under a region filter shows why:
    '3 Denver Metro (selected); also 2 Northern, 4 Boulder'."""
    chosen = [r for r in regions if r in selected]
    if not chosen or len(chosen) == len(regions):
        return "; ".join(f"{r} {names[r]}" for r in regions)
    others = ", ".join(f"{r} {names[r]}" for r in regions if r not in selected)
    return "; ".join(f"{r} {names[r]}" for r in chosen) + " (selected); also " + others


def directory_rows(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Partnerships matching the selection (every status), with region names and business counts."""
    key = ("directory_rows", selection.regions, selection.industry)
    return memoized(ds, key, lambda: _directory_rows(ds, selection))


def _directory_rows(ds: Dataset, selection: Selection) -> pd.DataFrame:
    frame = partnerships_matching(ds, selection)
    index = membership_index(ds)
    now = index.active_in(latest_year(ds)) & index.is_business
    businesses = distinct_by(index.partnership, len(ds.partnerships), index.organization, now, index.organizations)
    names = ds.geography.regions["region_name"]
    return (
        pd.DataFrame(
            {
                "name": frame["name"],
                "partnership_id": frame["partnership_id"],  # not a column: the name's link to its page
                "industry": frame["industry"],
                "regions": frame["regions"].map(lambda rs: _regions_cell(rs, names, selection.regions)),
                "status": frame["status"],
                "businesses": [int(businesses[i]) for i in frame.index],
                # Said as the region profile says it: a blank is what the sources do not give.
                "convener": frame["convener"].replace("", NOT_PUBLISHED),
                "source": frame["source"].map(lambda source: source_title(ds, source)),
                "inferred": frame["inferred"].map(", ".join),
                "notes": frame["notes"],
            }
        )
        .sort_values(["status", "name"])
        .reset_index(drop=True)
    )
