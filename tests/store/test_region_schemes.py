"""A new grouping of the state's counties into regions is a version like any other: uploaded as a
county_regions.csv, previewed (regions before and after, the counties that move), applied, reverted; refused
by file, row and column when it is wrong or strands a partnership, with the store left as it was. On SQLite
and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from dashboard.data.config import DEFAULT_DATA_DIR, GEOGRAPHY_DIR, SCHEME_DIR_ENV, Settings
from dashboard.data.contract import DataContractError
from dashboard.store.changes import review, submit
from dashboard.store.loading import reset_caches, version_dataset
from dashboard.store.versions import Store
from tests.conftest import TINY_PARTNERSHIPS


def colorado() -> list[list[str]]:
    """Colorado's crosswalk as its file holds it, header first (the csv module, not the code under test)."""
    with (GEOGRAPHY_DIR / "county_regions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def merged(rows: list[list[str]], into: int, gone: int, name: str) -> list[list[str]]:
    """Region `gone`'s counties moved into region `into` (renamed `name`); the regions after `gone` renumbered
    down by one, so they stay 1 to N."""
    out = [rows[0]]
    for fips, county, region, region_name in rows[1:]:
        number = int(region)
        if number in (into, gone):
            out.append([fips, county, str(into if into < gone else into - 1), name])
        else:
            out.append([fips, county, str(number - 1 if number > gone else number), region_name])
    return out


def test_a_regrouping_is_previewed_applied_and_reverted(seeded: Store) -> None:
    rows = colorado()
    moving = sorted(county for _, county, region, _ in rows[1:] if region == "14")
    old_names = {int(r): n for _, _, r, n in rows[1:]}
    regrouped = merged(rows, 13, 14, "Upper Arkansas and South Central")
    before = seeded.content_hash()

    candidate, _ = review(seeded, 1, [("regions 2027.csv", as_csv(regrouped))])
    assert candidate.ok, candidate.problems
    assert seeded.content_hash() == before  # a preview writes nothing
    change = candidate.change
    assert change is not None and change.regions == (14, 13)
    assert change.files_changed == ["county_regions.csv"]
    assert [c for c, _, _ in change.counties_moved] == moving
    assert {(was, now) for _, was, now in change.counties_moved} == {
        (f"Region 14 · {old_names[14]}", "Region 13 · Upper Arkansas and South Central")
    }
    assert change.regions_renamed == [(13, old_names[13], "Upper Arkansas and South Central")]

    uploads = [("regions 2027.csv", as_csv(regrouped))]
    candidate, version = submit(seeded, uploads, author="maria", note="", expected_head=1)
    assert version == 2, candidate.problems
    assert seeded.files(2)["county_regions.csv"] == as_csv(regrouped)
    now = version_dataset(seeded, 2)
    assert list(now.geography.regions.index) == list(range(1, 14))
    assert now.geography.region_label(13) == "Region 13 · Upper Arkansas and South Central"
    assert now.geography.link_tag.startswith("co13-")  # its links are told apart from the 14 regions'
    # Revert: the counties go back to the 14 regions, as the crosswalk went with the version it came in.
    assert seeded.revert(1, author="maria", note="undo", expected_head=2) == 3
    assert "county_regions.csv" not in seeded.files(3)
    assert len(version_dataset(seeded, 3).geography.regions) == 14


def test_a_regrouping_that_strands_a_partnership_is_refused_and_says_which(seeded: Store) -> None:
    rows = colorado()
    # Regions 12, 13 and 14 become one region 12: the tiny data's Test Makers (regions 7 and 13) would lose one.
    twelve = merged(merged(rows, 12, 13, "Mountains and Valleys"), 12, 13, "Mountains and Valleys")
    assert len({r[2] for r in twelve[1:]}) == 12
    stranded = [p for p in TINY_PARTNERSHIPS[1:] if any(int(r) > 12 for r in p[3].split(";"))]
    assert [p[1] for p in stranded] == ["Test Makers"]
    before = seeded.content_hash()
    candidate, version = submit(seeded, [("county_regions.csv", as_csv(twelve))], author="m", note="", expected_head=1)
    assert version is None and seeded.content_hash() == before
    assert [str(p) for p in candidate.problems] == [
        "partnerships.csv, row 3, column 'regions': '7;13' is not a list of region numbers 1–12 separated by ';' "
        "(e.g. '3' or '2;3')"
    ]
    assert candidate.hints[-1] == (
        "14 regions → 12: 1 partnership would lose its region: Test Makers (region 13). Send partnerships.csv "
        "with its regions in the new numbering in the same upload; nothing was changed."
    )
    # Sent together with the partnerships in the new numbering, the change applies.
    fixed = [list(p) for p in TINY_PARTNERSHIPS]
    fixed[2][3] = "7;12"
    uploads = [("county_regions.csv", as_csv(twelve)), ("partnerships.csv", as_csv(fixed))]
    candidate, version = submit(seeded, uploads, author="m", note="", expected_head=1)
    assert version == 2, candidate.problems
    assert candidate.change is not None and candidate.change.regions == (14, 12)
    assert ("t-make", "regions", "7;13", "7;12") in candidate.change.changed


def lost_zero(rows: list[list[str]]) -> bytes:
    """The crosswalk as a spreadsheet saves it when it read the FIPS codes as numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(rows[0])
    for fips, county, region, name in rows[1:]:
        sheet.append([int(fips), county, int(region), name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "case",
    ["a county given twice", "a county left out", "a region with no county", "FIPS codes read as numbers"],
)
def test_a_wrong_crosswalk_is_refused_by_row_and_column_and_nothing_is_stored(seeded: Store, case: str) -> None:
    rows = colorado()
    if case == "a county given twice":
        rows.append([rows[1][0], rows[1][1], "5", next(r[3] for r in rows[1:] if r[2] == "5")])
        upload, expected = (
            ("regions.csv", as_csv(rows)),
            (
                f"regions.csv (county_regions.csv), row {len(rows)}, column 'county_fips': '{rows[1][0]}' "
                f"({rows[1][1]}) is given twice, in rows 2 and {len(rows)}: a county belongs to one region"
            ),
        )
    elif case == "a county left out":
        gone = rows.pop(10)
        upload, expected = (
            ("regions.csv", as_csv(rows)),
            (
                f"regions.csv (county_regions.csv), column 'county_fips': {gone[1]} ({gone[0]}) is left out: every "
                "county of Colorado belongs to one region"
            ),
        )
    elif case == "a region with no county":
        rows = [r if r[2] != "6" else [r[0], r[1], "5", next(x[3] for x in rows[1:] if x[2] == "5")] for r in rows]
        upload, expected = (
            ("regions.csv", as_csv(rows)),
            (
                "regions.csv (county_regions.csv), column 'region': region 6 has no county: number the regions 1 to 13 "
                "without a gap (the map and the data files name regions by these numbers)"
            ),
        )
    else:
        upload, expected = (
            ("regions.xlsx", lost_zero(rows)),
            (
                f"regions.xlsx, sheet 'Sheet' (county_regions.csv), row 2, column 'county_fips': '{rows[1][0][1:]}' "
                "has lost its "
                f"leading zero (a spreadsheet read the code as a number): write it as '{rows[1][0]}', as text"
            ),
        )
    before = seeded.content_hash()
    candidate, version = submit(seeded, [upload], author="m", note="", expected_head=1)
    assert version is None and seeded.content_hash() == before
    said = [str(p) for p in candidate.problems]
    assert said[0] == expected, said
    if case == "FIPS codes read as numbers":
        assert len(said) == len(rows) - 1  # every row's code, each with its own row


def test_a_store_filled_under_one_state_is_refused_under_anothers_scheme(
    seeded: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The store holds Colorado's (tiny) data; served under Washington's scheme it is checked again, not read
    from frames checked against Colorado's, and refused by file, row and column with what to do."""
    version_dataset(seeded, 1, Settings(instance_dir=tmp_path))  # its frames cached under Colorado's scheme
    monkeypatch.setenv(SCHEME_DIR_ENV, str(DEFAULT_DATA_DIR / "schemes" / "washington"))
    reset_caches()
    with pytest.raises(DataContractError) as refused:
        version_dataset(seeded, 1, Settings(instance_dir=tmp_path))
    said = [str(p) for p in refused.value.problems]
    assert "members.csv, row 2, column 'county': 'Pueblo' is not one of Washington's 39 counties" in said
    assert refused.value.hints[-1].startswith(
        "The store's v1 was checked against Washington's 12 workforce development areas. If the store was filled "
        "under another region scheme, give Washington's its own store"
    )
