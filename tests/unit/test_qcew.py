"""QCEW employment: the BLS layout as published, the crosswalk, LQ, key industries and priority gaps,
checked against values counted by hand from a small file in the real layout."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.priority import KEY_LQ, basis, priority_gaps, region_industries, top_industries, unscored
from dashboard.analysis.text import jobs_phrase, priority_line, priority_sentence
from dashboard.data.caching import Memo
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.contract import DataContractError
from dashboard.data.dataset import Dataset
from dashboard.data.files import dataset_from_files, directory_files
from dashboard.data.geography import load_geography, read_county_regions
from dashboard.data.qcew import CROSSWALK, covers

HEADER = (
    "area_fips,own_code,industry_code,agglvl_code,size_code,year,qtr,disclosure_code,area_title,own_title,"
    "industry_title,agglvl_title,size_title,annual_avg_estabs_count,annual_avg_emplvl,total_annual_wages"
)
COUNTIES = read_county_regions().set_index("county_fips")
# Two counties of one region and one of another, picked from the region table itself.
ADAMS, ARAPAHOE, PUEBLO = "08001", "08005", "08101"
REGION_A, REGION_B = int(COUNTIES.at[ADAMS, "region"]), int(COUNTIES.at[PUEBLO, "region"])


def line(area: str, own: str, code: str, level: str, jobs: int, estabs: int = 10, *, suppressed: bool = False) -> str:
    title = f"{COUNTIES.at[area, 'county']} County, Colorado" if area in COUNTIES.index else "Somewhere"
    shown_jobs, shown_estabs = (0, 0) if suppressed else (jobs, estabs)
    flag = "N" if suppressed else ""
    return f'{area},{own},{code},{level},0,2023,A,{flag},"{title}",x,x,x,x,{shown_estabs},{shown_jobs},0'


# By hand: region A (Adams + Arapahoe) and region B (Pueblo), private ownership (own_code 5).
ROWS = [
    line(ADAMS, "5", "10", "71", 1000),
    line(ADAMS, "5", "62", "74", 300, 30),
    line(ADAMS, "5", "31-33", "74", 100, 7),
    line(ADAMS, "5", "23", "74", 50, 5),
    line(ADAMS, "5", "44-45", "74", 40, 4),
    line(ARAPAHOE, "5", "10", "71", 200),
    line(ARAPAHOE, "5", "23", "74", 0, suppressed=True),  # not disclosed: never read as 0
    line(PUEBLO, "5", "10", "71", 3000),
    line(PUEBLO, "5", "62", "74", 300, 20),
    line(PUEBLO, "5", "31-33", "74", 900, 40),
    line(PUEBLO, "5", "23", "74", 150, 15),
    line(PUEBLO, "5", "44-45", "74", 620, 60),
    # Rows the dashboard skips: another ownership, the all-ownership total, a supersector, a 6-digit industry.
    line(PUEBLO, "3", "62", "74", 5000),
    line(PUEBLO, "0", "10", "70", 9000),
    line(PUEBLO, "5", "1021", "73", 800),
    line(PUEBLO, "5", "621111", "78", 70),
]
CROSSWALK_CSV = "\n".join(
    ["industry,naics,note", "Healthcare,62,x", "Manufacturing,31-33,x", "Construction,23,x", "Retail,44-45,x",
     "Tree Care,,no match", ""]
)  # fmt: skip


def qcew_csv(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def with_files(extra: dict[str, bytes]) -> Dataset:
    files = directory_files(DEFAULT_DATA_DIR) | extra
    return dataset_from_files(files, "test")


@pytest.fixture(scope="module")
def hand() -> Dataset:
    return with_files({"qcew/2023.annual by hand.csv": qcew_csv(ROWS), CROSSWALK: CROSSWALK_CSV.encode()})


def problems_of(extra: dict[str, bytes]) -> list[str]:
    with pytest.raises(DataContractError) as raised:
        with_files({CROSSWALK: CROSSWALK_CSV.encode(), **extra})
    return [str(p) for p in raised.value.problems]


def active_partnership_cells() -> set[tuple[int, str]]:
    """(region, industry) with an active partnership, read from partnerships.csv with the csv module."""
    with (DEFAULT_DATA_DIR / "partnerships.csv").open(encoding="utf-8-sig") as handle:
        return {
            (int(region), row["industry"])
            for row in csv.DictReader(handle)
            if row["status"].strip().lower() == "active"
            for region in row["regions"].split(";")
        }


# --------------------------------------------------------------------------------------------
# The layout


def test_only_private_county_rows_at_the_read_levels_are_kept(hand: Dataset) -> None:
    rows = hand.employment
    assert set(rows["level"]) == {"71", "74"}  # 70, 73 and 78 skipped
    assert len(rows) == 12  # the 12 private rows at levels 71 and 74 of ROWS
    suppressed = rows[rows["suppressed"]]
    assert list(suppressed["county_fips"]) == [ARAPAHOE] and suppressed["employment"].isna().all()


def test_a_suppressed_cell_is_never_zero(hand: Dataset) -> None:
    frame = region_industries(hand).set_index(["region", "industry"])
    construction = frame.loc[(REGION_A, "Construction")]
    assert construction["employment"] == 50 and construction["suppressed"] == 1
    assert jobs_phrase(construction["employment"], construction["suppressed"]) == "at least 50 jobs"
    assert jobs_phrase(0, 2) == "employment suppressed" and jobs_phrase(1, 0) == "1 job"


def test_rows_for_other_areas_are_skipped_and_a_wrong_code_of_the_state_refused() -> None:
    others = [line("56001", "5", "10", "71", 9), line("US000", "5", "10", "11", 9), line("C1974", "5", "10", "41", 9)]
    ds = with_files({CROSSWALK: CROSSWALK_CSV.encode(), "qcew/slice.csv": qcew_csv([*ROWS[:2], *others])})
    (report,) = ds.employment_files.to_dict("records")
    assert report == {"file": "qcew/slice.csv", "rows": 5, "kept": 2, "statewide": False, "outside": 3,
                      "no_county": 0, "not_read": 0}  # fmt: skip
    assert set(ds.employment["county_fips"]) == {ADAMS}
    # 08130 is a code of the state but neither a county, the statewide file nor its unknown county.
    problems = problems_of({"qcew/mixed.csv": qcew_csv([*ROWS[:2], line("08130", "5", "10", "71", 9)])})
    assert problems[0].startswith(
        "qcew/mixed.csv, row 4, column 'area_fips': '08130' (Somewhere) is not a Colorado county (08001–08125), "
        "nor the statewide file (08000) or its unknown county (08999); 1 row(s) are for it"
    )


def test_a_file_with_no_row_for_the_state_is_refused() -> None:
    (problem,) = problems_of({"qcew/wyoming.csv": qcew_csv([line("56001", "5", "10", "71", 9)] * 2)})
    assert problem == (
        "qcew/wyoming.csv, column 'area_fips': has no row for Colorado (area_fips 08…): its 2 row(s) are all for "
        "other areas (the first: '56001', Somewhere). Load Colorado's files, or a file that holds Colorado's rows"
    )


def test_a_file_in_another_layout_is_named_as_such() -> None:
    members = (DEFAULT_DATA_DIR / "members.csv").read_bytes()
    (problem,) = problems_of({"qcew/members.csv": members})
    assert problem.startswith("qcew/members.csv, row 1: is not a QCEW file: no column area_fips")
    assert "bls.gov/cew" in problem


def test_quarterly_rows_and_a_county_given_twice_are_refused() -> None:
    quarterly = qcew_csv([ROWS[0].replace(",A,", ",1,")])
    assert problems_of({"qcew/q.csv": quarterly})[0].startswith("qcew/q.csv, row 2, column 'qtr': '1' is a quarter")
    twice = problems_of({"qcew/a.csv": qcew_csv(ROWS[:2]), "qcew/b.csv": qcew_csv(ROWS[1:2])})
    assert twice == [
        "qcew/b.csv, row 2, column 'industry_code': county 08001, 2023, industry 62 is also in qcew/a.csv (row 3); "
        "load each county and year once"
    ]


# --------------------------------------------------------------------------------------------
# The crosswalk


def test_the_default_crosswalk_scores_what_matches_cleanly() -> None:
    default = with_files({})
    assert default.crosswalk.set_index("industry").at["Healthcare", "codes"] == ("62",)
    assert default.crosswalk.set_index("industry").at["Technology", "codes"] == ("51", "5415")
    with (DEFAULT_DATA_DIR / CROSSWALK).open(encoding="utf-8") as handle:
        blank = sorted(row["industry"] for row in csv.DictReader(handle) if not row["naics"].strip())
    assert unscored(default) == blank and "Tree Care" in blank
    assert basis(default) is None and priority_gaps(default).empty  # no employment data: nothing invented


def test_crosswalk_mistakes_name_row_and_column() -> None:
    bad = "industry,naics,note\nHealth care,62,x\nHealthcare,62;6244,x\nRetail,4-45,x\n"
    problems = problems_of({CROSSWALK: bad.encode()})
    assert problems[0].startswith(f"{CROSSWALK}, row 2, column 'industry': 'Health care' is not one of")
    assert "did you mean 'Healthcare'?" in problems[0]
    assert (
        problems[1]
        == f"{CROSSWALK}, row 3, column 'naics': '6244' is part of '62' in the same row: it would be counted twice"
    )
    assert problems[2].startswith(f"{CROSSWALK}, row 4, column 'naics': '4-45' is not a NAICS sector")
    assert covers("31-33", "3364") and not covers("62", "5415")


# --------------------------------------------------------------------------------------------
# Metrics, counted by hand


def test_share_and_location_quotient_against_the_state(hand: Dataset) -> None:
    frame = region_industries(hand).set_index(["region", "industry"])
    # Totals: region A 1,000 + 200 = 1,200; region B 3,000; the state (counties loaded) 4,200.
    # Healthcare: A 300, B 300, state 600. Manufacturing: A 100, B 900, state 1,000.
    assert frame.at[(REGION_A, "Healthcare"), "share"] == pytest.approx(300 / 1200)
    assert frame.at[(REGION_A, "Healthcare"), "lq"] == pytest.approx((300 / 1200) / (600 / 4200))
    assert frame.at[(REGION_B, "Manufacturing"), "lq"] == pytest.approx((900 / 3000) / (1000 / 4200))
    assert frame.at[(REGION_B, "Retail"), "lq"] == pytest.approx((620 / 3000) / (660 / 4200))
    assert frame.at[(REGION_B, "Healthcare"), "establishments"] == 20
    assert "Tree Care" not in set(frame.reset_index()["industry"])  # not scored


def test_key_industries_and_priority_gaps(hand: Dataset) -> None:
    frame = region_industries(hand).set_index(["region", "industry"])
    # Region A by employment: Healthcare 300, Manufacturing 100, Construction 50, Retail 40.
    assert [i for (r, i) in frame.index if r == REGION_A] == ["Healthcare", "Manufacturing", "Construction", "Retail"]
    assert list(frame.loc[REGION_A, "rank"]) == [1, 2, 3, 4]
    # Retail in A: 4th, LQ (40/1200)/(660/4200) ≈ 0.21: not key. In B: 2nd by employment: key.
    assert not frame.at[(REGION_A, "Retail"), "key"] and frame.at[(REGION_B, "Retail"), "key"]
    # Construction in B: 4th (150), LQ (150/3000)/(200/4200) = 1.05 < 1.25: not key.
    assert not frame.at[(REGION_B, "Construction"), "key"]
    assert KEY_LQ > (150 / 3000) / (200 / 4200)
    covered = active_partnership_cells()
    expected = sorted(
        (r, i)
        for (r, i) in [(REGION_A, "Healthcare"), (REGION_A, "Manufacturing"), (REGION_A, "Construction"),
                       (REGION_B, "Manufacturing"), (REGION_B, "Retail"), (REGION_B, "Healthcare")]
        if (r, i) not in covered
    )  # fmt: skip
    gaps = priority_gaps(hand)
    assert sorted(zip(gaps["region"], gaps["industry"], strict=True)) == expected
    assert list(gaps["employment"]) == sorted(gaps["employment"], reverse=True)
    assert top_industries(hand, REGION_B)["industry"].tolist() == [
        "Manufacturing",
        "Retail",
        "Healthcare",
        "Construction",
    ]


def test_the_priority_line_reads_as_the_issue_asks(hand: Dataset) -> None:
    frame = region_industries(hand)
    row = frame[(frame["region"] == REGION_B) & (frame["industry"] == "Retail")].iloc[0]
    name = load_geography().regions.at[REGION_B, "region_name"]
    lq = (620 / 3000) / (660 / 4200)
    assert (
        priority_line(row, hand.geography)
        == f"Region {REGION_B} · {name}: Retail, 620 jobs (LQ {lq:.2f}), no partnership"
    )


def test_a_suppressed_sample_file_is_labelled_sample() -> None:
    fixture = Path(__file__).parents[1] / "fixtures/qcew/sample-2023-colorado-counties.csv"
    ds = with_files({"qcew/sample-2023-colorado-counties.csv": fixture.read_bytes()})
    where = basis(ds)
    assert where is not None and where.counties == 64 and where.sample
    assert "(sample employment data)" in where.phrase()
    assert where.phrase().endswith("location quotients against the sum of the counties loaded")


# --------------------------------------------------------------------------------------------
# The sentence, against an oracle


GEOGRAPHY = load_geography()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 14), st.sampled_from(["Healthcare", "Retail", "Construction"]),
                  st.sampled_from([0, 1, 50, 4100, 4100, 12000]), st.integers(0, 2), st.floats(0.1, 3)),
        max_size=6, unique_by=lambda t: (t[0], t[1]),
    )
)  # fmt: skip
def test_the_priority_sentence_is_true(gaps: list[tuple[int, str, int, int, float]]) -> None:
    frame = pd.DataFrame(gaps, columns=["region", "industry", "employment", "suppressed", "lq"])
    frame = frame.sort_values("employment", ascending=False, kind="stable").reset_index(drop=True)
    sentence = priority_sentence(frame, GEOGRAPHY, "BASIS")
    assert sentence.endswith("Employment: BASIS.")
    if frame.empty:
        assert sentence.startswith("No priority gaps")
        return
    largest = frame["employment"].max()
    leaders = frame[frame["employment"] == largest]
    places = [f"{r['industry']} in {GEOGRAPHY.region_label(int(r['region']))}" for _, r in leaders.iterrows()]
    others = [
        f"{r['industry']} in {GEOGRAPHY.region_label(int(r['region']))}"
        for _, r in frame.iterrows()
        if r["employment"] != largest
    ]
    for place in places:
        assert place in sentence
    for place in others:
        assert place + " " not in sentence and place + "." not in sentence and place + "," not in sentence
    if len(frame) == 1:
        assert sentence.startswith("One priority gap: ") and "has no partnership" in sentence
    else:
        assert sentence.startswith(f"{len(frame)} priority gaps")
        assert ("tied" in sentence) == (1 < len(leaders) < len(frame))
        assert ("each" in sentence) == (len(leaders) > 1)
    assert "1 priority gaps" not in sentence and " 1 jobs" not in sentence
    if leaders["suppressed"].max() and largest:
        assert "at least" in sentence


def test_metrics_are_remembered_per_dataset(hand: Dataset) -> None:
    again = dataclasses.replace(hand, memo=Memo())
    assert region_industries(again).equals(region_industries(hand))


def test_the_benchmark_data_holds_a_whole_set_of_county_files(tmp_path: Path) -> None:
    from benchmarks.scale import scaled_directory
    from dashboard.data.files import load_dataset

    directory = scaled_directory("1x+QCEW", tmp_path)
    (qcew,) = sorted((directory / "qcew").glob("*.csv"))
    with qcew.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 10_000 and len({r["area_fips"] for r in rows}) == 64
    assert {r["own_code"] for r in rows} == {"0", "1", "2", "3", "5"}
    dataset = load_dataset(directory)
    assert dataset.employment_is_sample and len(priority_gaps(dataset))


def test_an_industry_the_crosswalk_does_not_score_is_said_so(hand: Dataset) -> None:
    from dashboard.analysis.insights import insights
    from dashboard.analysis.state import Selection

    tree = insights(hand, Selection.of(industry="Tree Care"))[-1]
    assert tree == "Tree Care has no priority gaps to show: the NAICS crosswalk has no clean match for it."
    water = insights(hand, Selection.of(industry="Water"))[-1]
    assert water == "Water has no priority gaps to show: it is not in the NAICS crosswalk."
    assert "priority" not in " ".join(insights(hand, Selection.of(year=2016)))  # a past year: not compared
