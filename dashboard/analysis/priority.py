"""Priority gaps: which of a region's key industries have no active partnership, from QCEW employment.

Definitions (also in docs/metrics.md), per region and industry of the NAICS crosswalk, in the
latest QCEW year loaded, private ownership:

* employment and establishments: the sum over the region's counties and the industry's NAICS codes.
  A suppressed cell (BLS disclosure code N) is left out of the sum and the figure is marked "at
  least": it is never counted as 0;
* share: the industry's employment over all private employment in the region;
* location quotient (LQ): the share in the region over the same share in the state. The state is
  the statewide file (BLS's ``08000``) where it is loaded and gives the industry and the total (not
  suppressed); otherwise the counties loaded. LQ 1.3 means the industry is 30% more concentrated here;
* key industry: among the region's top three scored industries by employment, or LQ ≥ 1.25;
* priority gap: a key industry with no active partnership covering the region.

Industries with no clean NAICS match (a blank row in the crosswalk) are not scored. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.metrics import active_partnerships
from dashboard.analysis.state import Selection
from dashboard.analysis.text import join_words
from dashboard.data.dataset import Dataset
from dashboard.data.membership import memoized
from dashboard.data.qcew import employment_by_industry

TOP_N = 3
KEY_LQ = 1.25
RULE = (
    f"A key industry is among a region's top {TOP_N} by private employment, or has a location quotient of "
    f"{KEY_LQ:g} or more; a priority gap is a key industry with no active partnership in that region."
)


@dataclass(frozen=True)
class EmploymentBasis:
    """What the employment figures rest on, for the sentences that cite them."""

    year: int
    counties: int
    files: int
    sample: bool
    of: int
    """How many counties the state has (from the geography in force)."""
    state: str
    """The state's name, from the geography in force."""
    statewide: str = ""
    """The statewide file's area code ('08000') when its totals are the base of location quotients, else ''."""
    counties_for: tuple[str, ...] = ()
    """With a statewide base: industries whose statewide figure is suppressed or absent, compared with the
    counties loaded instead."""

    def phrase(self) -> str:
        what = f"QCEW {self.year} annual averages" + (" (sample employment data)" if self.sample else "")
        counties = (
            f"all {self.of} counties" if self.counties == self.of else f"{self.counties} of {self.of} counties loaded"
        )
        return f"{what}, private ownership, {counties}; {self.lq_phrase()}"

    def lq_phrase(self) -> str:
        """Which state total the location quotients compare with: said wherever they are cited."""
        if not self.statewide:
            return "location quotients against the sum of the counties loaded"
        said = f"location quotients against {self.state}'s statewide totals ({self.statewide})"
        if self.counties_for:
            said += (
                f", except {join_words(list(self.counties_for))} (not given statewide: against the sum of the "
                "counties loaded)"
            )
        return said


def has_employment(ds: Dataset) -> bool:
    """County employment and a crosswalk to read it with (statewide figures alone place nothing in a region)."""
    return bool((~ds.employment["statewide"]).any()) and bool(len(ds.crosswalk))


def basis(ds: Dataset) -> EmploymentBasis | None:
    """What the employment figures rest on (None without QCEW data): remembered per dataset."""
    return memoized(ds, "employment_basis", lambda: _basis(ds), pinned=True)


def _basis(ds: Dataset) -> EmploymentBasis | None:
    if not has_employment(ds):
        return None
    frame = region_industries(ds)
    latest = _latest_county_year(ds)
    rows = ds.employment[ds.employment["year"] == latest]
    on_state = frame["lq_base"] == STATEWIDE_BASE
    return EmploymentBasis(
        year=latest,
        counties=int(rows.loc[~rows["statewide"], "county_fips"].nunique()),
        files=int(rows["file"].nunique()),
        sample=ds.employment_is_sample,
        of=len(ds.geography.counties),
        statewide=ds.geography.state_fips + "000" if on_state.any() else "",
        state=ds.geography.state_name,
        counties_for=tuple(sorted(set(frame.loc[~on_state, "industry"]))) if on_state.any() else (),
    )


def _latest_county_year(ds: Dataset) -> int:
    return int(ds.employment.loc[~ds.employment["statewide"], "year"].max())


STATEWIDE_BASE, COUNTIES_BASE = "statewide", "counties"


def region_industries(ds: Dataset) -> pd.DataFrame:
    """One row per region × scored industry: employment, establishments, suppressed cells, share,
    lq, rank in the region, key (and why), has_partnership, priority. Empty without QCEW data."""
    return memoized(ds, "region_industries", lambda: _region_industries(ds), pinned=True)


COLUMNS = [
    "region", "industry", "employment", "establishments", "suppressed", "share", "lq", "lq_base", "rank", "key",
    "why", "has_partnership", "priority",
]  # fmt: skip


def _region_industries(ds: Dataset) -> pd.DataFrame:
    if not has_employment(ds):
        return pd.DataFrame(columns=COLUMNS)
    employment = ds.employment
    year = _latest_county_year(ds)
    by_county = employment_by_industry(employment[~employment["statewide"]], ds.crosswalk, year)
    region_of = dict(zip(ds.geography.counties["county_fips"], ds.geography.counties["region"], strict=True))
    by_county["region"] = by_county["county_fips"].map(region_of).astype(int)
    summed = by_county.groupby(["region", "industry"], as_index=False)[
        ["employment", "establishments", "suppressed"]
    ].sum()
    totals = summed[summed["industry"] == ""].set_index("region")["employment"]
    frame = summed[summed["industry"] != ""].copy()
    frame["share"] = frame["employment"] / frame["region"].map(totals)
    # The state's share of each industry: from the statewide file where it gives both the total and the
    # industry (neither suppressed), else from the counties loaded.
    county_total = float(totals.sum())
    county_share = frame["industry"].map(frame.groupby("industry")["employment"].sum()) / (county_total or np.nan)
    state_share = county_share.copy()
    statewide = employment_by_industry(employment[employment["statewide"]], ds.crosswalk, year)
    base = pd.Series(COUNTIES_BASE, index=frame.index)
    if len(statewide):
        given = statewide[statewide["suppressed"] == 0].set_index("industry")["employment"]
        state_total = float(given.get("", 0.0))
        if state_total > 0:
            on_state = frame["industry"].isin(given.index)
            state_share[on_state] = frame.loc[on_state, "industry"].map(given) / state_total
            base[on_state] = STATEWIDE_BASE
    frame["lq"] = frame["share"] / state_share
    frame["lq_base"] = base
    frame = frame.sort_values(["region", "employment", "industry"], ascending=[True, False, True])
    # Rank 1 is the largest; equal employment shares a rank, so a tie at third keeps both.
    frame["rank"] = frame.groupby("region")["employment"].rank(method="min", ascending=False).astype(int)
    top = (frame["rank"] <= TOP_N) & (frame["employment"] > 0)
    concentrated = frame["lq"] >= KEY_LQ
    frame["key"] = top | concentrated
    frame["why"] = [
        " and ".join(
            ([f"top {TOP_N} by employment (#{r})"] if t else []) + ([f"LQ {lq:.2f} ≥ {KEY_LQ:g}"] if c else [])
        )
        for r, t, lq, c in zip(frame["rank"], top, frame["lq"], concentrated, strict=True)
    ]
    active = active_partnerships(ds)
    spans = ds.partnership_regions[ds.partnership_regions["partnership_id"].isin(active["partnership_id"])]
    covered = set(zip(spans["region"].astype(int), spans["industry"], strict=True))
    frame["has_partnership"] = [(int(r), i) in covered for r, i in zip(frame["region"], frame["industry"], strict=True)]
    frame["priority"] = frame["key"] & ~frame["has_partnership"]
    frame["suppressed"] = frame["suppressed"].astype(int)
    return frame[COLUMNS].reset_index(drop=True)


def priority_gaps(ds: Dataset, regions: tuple[int, ...] = (), industry: str | None = None) -> pd.DataFrame:
    """The priority gaps (of the selected regions and industry, when given), largest employment first."""
    frame = region_industries(ds)
    gaps = frame[frame["priority"].astype(bool)] if len(frame) else frame
    if regions:
        gaps = gaps[gaps["region"].isin(regions)]
    if industry is not None:
        gaps = gaps[gaps["industry"] == industry]
    return gaps.sort_values(["employment", "region", "industry"], ascending=[False, True, True]).reset_index(drop=True)


def top_industries(ds: Dataset, region: int, count: int = 5) -> pd.DataFrame:
    """A region's largest scored industries by employment (ties at the cut kept)."""
    frame = region_industries(ds)
    if not len(frame):
        return frame
    here = frame[frame["region"] == region]
    return here[here["rank"] <= count].reset_index(drop=True)


def unscored(ds: Dataset) -> list[str]:
    """Industries with no clean NAICS match in the crosswalk."""
    return sorted(ds.crosswalk.loc[ds.crosswalk["codes"].map(len) == 0, "industry"])


def priority_cells(ds: Dataset, selection: Selection) -> set[tuple[int, str]]:
    """(region, industry) of each priority gap in the selection: what the gap matrix marks."""
    gaps = priority_gaps(ds, selection.regions, selection.industry)
    return {(int(r), str(i)) for r, i in zip(gaps["region"], gaps["industry"], strict=True)}
