"""Insight sentences and coverage over time, against the tiny dataset counted by hand.

The tiny data (tests/conftest.py): Healthcare in region 7 and Manufacturing in regions 7 and 13
(active), Agriculture in region 8 (emerging), an inactive Manufacturing one in region 1 whose only
member left in 2021. Members: Pueblo is region 7, Fremont 13, Alamosa 8, Logan 1. Latest year 2022.
"""

from __future__ import annotations

from dashboard.analysis.insights import insights
from dashboard.analysis.metrics import gap_regions, headline, region_values, years
from dashboard.analysis.state import Selection
from dashboard.data.dataset import Dataset


def test_statewide_now(tiny: Dataset) -> None:
    assert insights(tiny, Selection()) == [
        "12 of 14 regions have no active partnership: 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12 and 14.",
        "Manufacturing partnerships cover the most regions: 2 of 14.",
        # Hospital A, Clinic B, Mill D and Farm F (emerging counts; Foundry E left in 2022).
        "4 businesses engaged in 2022, up from 1 in 2019.",
        "Region 7 · Pueblo has the most active partnerships: 2.",
    ]


def test_a_past_year_counts_what_was_running_then(tiny: Dataset) -> None:
    # 2020: Healthcare (A, C), Manufacturing (E) and the old partnership (G) had members.
    assert insights(tiny, Selection.of(year=2020)) == [
        "In 2020, 11 of 14 regions have no active partnership: 2, 3, 4, 5, 6, 8, 9, 10, 11, 12 and 14.",
        "Manufacturing partnerships cover the most regions in 2020: 3 of 14.",
        "3 businesses engaged in 2020, up from 1 in 2019.",
        "Region 7 · Pueblo has the most active partnerships in 2020: 2.",
    ]
    numbers = headline(tiny, Selection.of(year=2020))
    assert (numbers.active_partnerships, numbers.regions_covered, numbers.businesses, numbers.industries) == (
        3,
        3,
        3,
        2,
    )
    assert numbers.emerging_partnerships == 0 and numbers.year == 2020


def test_single_region_with_partnerships(tiny: Dataset) -> None:
    assert insights(tiny, Selection.of([7])) == [
        "Region 7 · Pueblo has 2 active partnerships: Healthcare and Manufacturing.",
        "Every industry with an active partnership in Colorado has one in Region 7.",
        "Region 7 holds 2 of the 4 businesses engaged in 2022 (50%).",
    ]


def test_single_gap_region(tiny: Dataset) -> None:
    assert insights(tiny, Selection.of([14])) == [
        "Region 14 · South Central has no active partnership.",
        "Active elsewhere in Colorado but not in Region 14: Healthcare and Manufacturing.",
        "Region 14 holds no businesses engaged in 2022 (of 4 businesses statewide).",
    ]


def test_an_industry_with_no_active_partnership(tiny: Dataset) -> None:
    """The empty case: Agriculture's only partnership is emerging (its member still counts)."""
    assert insights(tiny, Selection.of(industry="Agriculture")) == [
        "None of the 14 regions has an active Agriculture partnership.",
        "1 business engaged in Agriculture partnerships in 2022, up from 0 in 2019.",
    ]


def test_several_selected_regions(tiny: Dataset) -> None:
    assert insights(tiny, Selection.of([7, 13, 14], metric="businesses")) == [
        "1 of the 3 selected regions has no active partnership: 14.",
        "Manufacturing partnerships cover the most regions: 2 of 14.",
        "The 3 selected regions hold 3 of the 4 businesses engaged in 2022 (75%).",
        "Region 7 · Pueblo has the most businesses engaged: 2.",
    ]


def test_years_and_gaps_over_time(tiny: Dataset) -> None:
    assert years(tiny) == [2019, 2020, 2021, 2022]
    assert gap_regions(tiny, None, 2019) == [r for r in range(1, 15) if r != 1]  # only the old one ran
    assert 1 in gap_regions(tiny, None, 2022) and 1 not in gap_regions(tiny, None, 2020)
    # The latest year is "now": the same as no year at all.
    assert region_values(tiny, None, 2022).equals(region_values(tiny, None, None))


def test_launch_year_holds_back_a_partnership_and_counts_one_without_members(make_data_dir) -> None:  # type: ignore[no-untyped-def]
    from dashboard.data.files import load_dataset

    partnerships = [
        ["partnership_id", "name", "industry", "regions", "status", "launched_year", "source"],
        ["t-health", "Test Valley Health", "Healthcare", "7", "active", "2021", "test"],
        ["t-new", "Test New", "Construction", "3", "active", "2020", "test"],  # no members at all
    ]
    members = [
        ["partnership_id", "organization", "org_type", "county", "joined_year", "left_year"],
        ["t-health", "Hospital A", "business", "Pueblo", "2019", ""],
        ["t-health", "Clinic B", "business", "Pueblo", "2022", ""],
    ]
    ds = load_dataset(make_data_dir(partnerships=partnerships, members=members))
    assert headline(ds, Selection.of(year=2020)).active_partnerships == 1  # t-new only; t-health launched 2021
    assert headline(ds, Selection.of(year=2021)).active_partnerships == 2
    assert gap_regions(ds, None, 2020) == [r for r in range(1, 15) if r != 3]
