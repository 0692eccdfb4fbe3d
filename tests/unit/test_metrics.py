"""Metrics equal values counted by hand (tiny dataset) or straight from the CSV (default data)."""

from __future__ import annotations

import csv
import dataclasses
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis.metrics import (
    directory_rows,
    gap_matrix,
    gap_regions,
    headline,
    industry_breakdown,
    region_profile,
    region_values,
    trend_ends,
    yearly_trend,
)
from dashboard.analysis.state import Selection
from dashboard.data.caching import Memo
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.dataset import Dataset
from dashboard.data.membership import ROW_FIELDS, MembershipIndex, in_regions, membership_index, memoized


def read_rows(name: str) -> list[dict[str, str]]:
    with (DEFAULT_DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the tiny dataset: every expected number below was counted by hand from tests/conftest.py


def test_tiny_headline(tiny: Dataset) -> None:
    h = headline(tiny, Selection())
    assert (h.active_partnerships, h.emerging_partnerships, h.regions_covered, h.regions_in_scope) == (2, 1, 2, 14)
    # Hospital A, Clinic B, Mill D, Farm F; Foundry E left in 2022; Plant G's partnership is inactive.
    assert (h.businesses, h.industries, h.year) == (4, 2, 2022)


def test_tiny_headline_for_one_region_and_one_industry(tiny: Dataset) -> None:
    h = headline(tiny, Selection.of([13]))
    assert (h.active_partnerships, h.regions_covered, h.regions_in_scope, h.businesses) == (1, 1, 1, 1)
    h = headline(tiny, Selection.of([], "Healthcare"))
    assert (h.active_partnerships, h.regions_covered, h.businesses, h.industries) == (1, 1, 2, 1)


def test_tiny_region_values_and_gaps(tiny: Dataset) -> None:
    values = region_values(tiny)
    assert values.loc[7, ["partnerships", "businesses", "industries"]].tolist() == [2, 2, 2]
    assert values.loc[13, ["partnerships", "businesses", "industries"]].tolist() == [1, 1, 1]
    # Region 8 has only an emerging partnership: a gap, though its one business is engaged.
    assert values.loc[8, ["partnerships", "businesses"]].tolist() == [0, 1]
    assert gap_regions(tiny) == [r for r in range(1, 15) if r not in (7, 13)]
    assert gap_regions(tiny, "Manufacturing") == [r for r in range(1, 15) if r not in (7, 13)]
    assert gap_regions(tiny, "Healthcare") == [r for r in range(1, 15) if r != 7]


def test_tiny_trend(tiny: Dataset) -> None:
    trend = yearly_trend(tiny, Selection())
    assert trend["businesses"].to_dict() == {2019: 1, 2020: 3, 2021: 4, 2022: 4}
    assert trend["partnerships"].to_dict() == {2019: 1, 2020: 3, 2021: 2, 2022: 3}


def test_tiny_industry_breakdown(tiny: Dataset) -> None:
    breakdown = industry_breakdown(tiny, Selection())
    assert breakdown.loc["Healthcare"].tolist() == [1, 2]
    assert breakdown.loc["Manufacturing"].tolist() == [1, 1]
    assert breakdown.loc["Agriculture"].tolist() == [0, 1]  # emerging: not counted as active


def test_tiny_region_profile(tiny: Dataset) -> None:
    profile = region_profile(tiny, 7)
    assert profile.counties == ["Pueblo"]
    assert list(profile.partnerships["name"]) == ["Test Makers", "Test Valley Health"]
    assert profile.members_by_type == {"business": 2, "education": 1}
    assert profile.industries_present == ["Healthcare", "Manufacturing"]
    assert profile.industries_missing == []
    assert profile.conveners == ["Test Convener"]
    assert region_profile(tiny, 13).industries_missing == ["Healthcare"]


def test_tiny_directory_follows_selection(tiny: Dataset) -> None:
    assert len(directory_rows(tiny, Selection())) == 4
    rows = directory_rows(tiny, Selection.of([7]))
    assert rows[["name", "businesses"]].values.tolist() == [["Test Makers", 1], ["Test Valley Health", 2]]


# --- the default data, against counts taken straight from the CSV files


def test_default_headline_matches_the_files(dataset: Dataset) -> None:
    partnerships = read_rows("partnerships.csv")
    active = [p for p in partnerships if p["status"] == "active"]
    covered = {int(r) for p in active for r in p["regions"].split(";")}
    members = read_rows("members.csv")
    latest = max(int(m["joined_year"]) for m in members)
    live_ids = {p["partnership_id"] for p in partnerships if p["status"] != "inactive"}
    businesses = {
        m["organization"]
        for m in members
        if m["org_type"] == "business" and m["partnership_id"] in live_ids and int(m["joined_year"]) <= latest
        and (not m["left_year"] or int(m["left_year"]) > latest)
    }  # fmt: skip
    h = headline(dataset, Selection())
    assert h.active_partnerships == len(active)
    assert h.regions_covered == len(covered)
    assert h.businesses == len(businesses)
    assert h.industries == len({p["industry"] for p in active})


def test_default_gaps_are_the_regions_no_active_partnership_covers(dataset: Dataset) -> None:
    covered = {
        int(r) for p in read_rows("partnerships.csv") if p["status"] == "active" for r in p["regions"].split(";")
    }
    assert gap_regions(dataset) == sorted(set(range(1, 15)) - covered)
    assert gap_regions(dataset)  # the default data has gaps to show


def test_sample_membership_is_anchored_only_at_its_last_year(dataset: Dataset) -> None:
    """The published business totals are undated: the sample may not pass through them at a year.
    Its only anchor is its last year, above every published figure ("more than 450", "more than 750")."""
    trend = yearly_trend(dataset, Selection())
    published = dataset.reported[dataset.reported["metric"] == "businesses_engaged"]
    assert published["year"].isna().all()
    assert trend["businesses"].iloc[-1] > published["value"].max()
    # A steady made-up growth: the share added each year varies by little, with no step at any one year.
    growth = (trend["businesses"] / trend["businesses"].shift()).dropna()
    assert growth.max() - growth.min() < 0.2


@pytest.mark.parametrize("region", range(1, 15))
def test_gap_matrix_rows_sum_to_region_partnership_counts(dataset: Dataset, region: int) -> None:
    matrix = gap_matrix(dataset, Selection())
    active = [p for p in read_rows("partnerships.csv") if p["status"] == "active"]
    expected = sum(1 for p in active if str(region) in p["regions"].split(";"))
    assert matrix.loc[region].sum() == expected == region_values(dataset).at[region, "partnerships"]


def test_gap_matrix_follows_the_selection(dataset: Dataset) -> None:
    matrix = gap_matrix(dataset, Selection.of([3, 7], "Healthcare"))
    assert matrix.shape == (2, 1) and matrix.columns.tolist() == ["Healthcare"]
    active = [p for p in read_rows("partnerships.csv") if p["status"] == "active" and p["industry"] == "Healthcare"]
    for region in (3, 7):
        counted = sum(1 for p in active if str(region) in p["regions"].split(";"))
        assert matrix.at[region, "Healthcare"] == counted, region
    assert matrix.to_numpy().sum() > 0  # the selection is not an empty corner of the data


def test_an_industry_with_no_active_partnership_in_selected_regions_counts_zero(dataset: Dataset) -> None:
    # Water's only partnership is inactive: every count is zero, nothing fails.
    for regions in ([], [3], [2, 3, 4]):
        h = headline(dataset, Selection.of(regions, "Water"))
        assert (h.active_partnerships, h.regions_covered, h.industries) == (0, 0, 0)
    assert len(directory_rows(dataset, Selection.of([3], "Water"))) == 1  # the inactive one is listed
    assert region_profile(dataset, 10).partnerships.empty


def test_memo_is_bounded_and_keeps_the_index(tiny: Dataset) -> None:
    tiny = dataclasses.replace(tiny, memo=Memo(limit=3))
    membership_index(tiny)
    for region in range(1, 15):
        headline(tiny, Selection.of([region]))
    assert len(tiny.memo.results) <= 3 and "membership_index" in tiny.memo.pinned
    # Results computed again after eviction are the same numbers.
    assert headline(tiny, Selection.of([7])).active_partnerships == 2


def test_memo_computes_once_when_threads_ask_together(tiny: Dataset) -> None:
    """Eight threads asking for the same result at once get one computation and one answer; with
    many keys at once nothing is lost to eviction (a plain dict raised 'changed size during iteration')."""
    tiny = dataclasses.replace(tiny, memo=Memo(limit=5))
    calls: list[int] = []
    barrier = threading.Barrier(8)

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 42

    def ask(key: int) -> int:
        barrier.wait()
        return memoized(tiny, ("same", 0), slow) + memoized(tiny, ("many", key), lambda: key)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(8)))
    assert len(calls) == 1
    assert answers == [42 + key for key in range(8)]
    assert len(tiny.memo.results) <= 5


# --- the region-ordered index: a selection of regions is a few slices of it


REGION_SETS = st.lists(st.integers(min_value=0, max_value=16), max_size=5)


def _rows(index: MembershipIndex, keep: npt.NDArray[np.bool_] | None = None) -> list[tuple[int, ...]]:
    columns = [getattr(index, name) for name in ROW_FIELDS]
    chosen = np.ones(len(index.region), dtype=bool) if keep is None else keep
    return sorted(zip(*(column[chosen].tolist() for column in columns), strict=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(regions=REGION_SETS)
def test_the_rows_of_some_regions_are_those_rows_of_the_whole_index(dataset: Dataset, regions: list[int]) -> None:
    whole = membership_index(dataset)
    part = in_regions(whole, regions)
    wanted = np.isin(whole.region, regions) if regions else np.ones(len(whole.region), dtype=bool)
    assert _rows(part) == _rows(whole, wanted)
    # Each region's rows are where its start says, in the part as in the whole.
    for region in range(len(part.region_start) - 1):
        rows = part.region[part.region_start[region] : part.region_start[region + 1]]
        assert set(rows.tolist()) <= {region}
        assert len(rows) == (int(np.count_nonzero(whole.region == region)) if not regions or region in regions else 0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(regions=REGION_SETS, industry=st.sampled_from([None, "Healthcare", "Manufacturing", "Construction", "Nowhere"]))
def test_the_trend_ends_alone_are_the_first_and_last_years_of_the_trend(
    dataset: Dataset, regions: list[int], industry: str | None
) -> None:
    fresh = dataclasses.replace(dataset, memo=Memo())
    selection = Selection.of([r for r in regions if 1 <= r <= 14], industry)
    ends = trend_ends(fresh, selection)  # counted alone: the whole trend is not remembered yet
    whole = yearly_trend(fresh, selection)
    assert ends.to_dict("index") == {
        year: whole.loc[year].to_dict() for year in sorted({whole.index[0], whole.index[-1]})
    }
    assert trend_ends(fresh, selection).equals(ends)  # and taken from the whole trend once it is counted
