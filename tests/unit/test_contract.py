"""The data contract: good files load; every kind of bad file is named by file, row and column."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.data.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data.contract import DataContractError, Problem, suggest
from dashboard.data.files import load_dataset
from tests.conftest import TINY_MEMBERS, TINY_OUTCOMES, TINY_PARTNERSHIPS

MakeDir = Callable[..., Path]


def problems_of(directory: Path) -> list[Problem]:
    with pytest.raises(DataContractError) as caught:
        load_dataset(directory)
    return caught.value.problems


def with_cell(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    """A copy of rows with one cell changed (row 1 is the first data row)."""
    copy = [list(r) for r in rows]
    copy[row][copy[0].index(column)] = value
    return copy


def test_default_data_loads_with_every_seed_partnership() -> None:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    with (DEFAULT_DATA_DIR / "partnerships.csv").open(encoding="utf-8") as handle:
        names = {row["name"] for row in csv.DictReader(handle)}
    assert set(dataset.partnerships["name"]) == names
    for name in (
        "Tech Talent Denver",
        "Tech Talent Boulder",
        "Upper Arkansas Tech",
        "Metro-West Advanced Manufacturing Alliance",
    ):
        assert name in names
    assert dataset.is_sample and "members.csv" in dataset.sample_notes


def test_every_default_row_cites_a_source_file_that_exists() -> None:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    for frame in (dataset.partnerships, dataset.outcomes, dataset.reported):
        for source in frame["source"]:
            assert (DEFAULT_DATA_DIR / source).is_file(), source


def test_tiny_dataset_loads(make_data_dir: MakeDir) -> None:
    dataset = load_dataset(make_data_dir())
    assert len(dataset.partnerships) == 4 and len(dataset.members) == 7
    assert not dataset.is_sample


def test_unknown_county_names_file_row_column_and_suggests(make_data_dir: MakeDir) -> None:
    members = with_cell(TINY_MEMBERS, 2, "county", "Larimer County")
    with pytest.raises(DataContractError) as caught:
        load_dataset(make_data_dir(members=members))
    error = caught.value
    assert error.problems == [
        Problem(
            "members.csv",
            3,
            "county",
            "'Larimer County' is not one of Colorado's 64 counties — did you mean 'Larimer'?",
        )
    ]
    report = error.report()
    assert "members.csv, row 3, column 'county'" in report
    assert "Valid counties: Adams, Alamosa," in report and "Yuma." in report


def test_region_out_of_range_and_bad_status(make_data_dir: MakeDir) -> None:
    partnerships = with_cell(with_cell(TINY_PARTNERSHIPS, 1, "regions", "7;15"), 2, "status", "paused")
    found = problems_of(make_data_dir(partnerships=partnerships))
    assert [(p.file, p.row, p.column) for p in found] == [
        ("partnerships.csv", 2, "regions"),
        ("partnerships.csv", 3, "status"),
    ]
    assert "1–14" in found[0].message
    assert "expected one of: active, emerging, inactive" in found[1].message


def test_duplicate_partnership_id_and_member_of_unknown_partnership(make_data_dir: MakeDir) -> None:
    partnerships = with_cell(TINY_PARTNERSHIPS, 2, "partnership_id", "t-health")
    found = problems_of(make_data_dir(partnerships=partnerships))
    duplicate = [p for p in found if p.file == "partnerships.csv"]
    assert {p.row for p in duplicate} == {2, 3} and all("more than once" in p.message for p in duplicate)
    orphans = [p for p in found if p.file == "members.csv"]
    # t-make no longer exists, so its two members point at nothing.
    assert {(p.row, p.column) for p in orphans} == {(5, "partnership_id"), (6, "partnership_id")}


@pytest.mark.parametrize("rate", ["120", "-5", "abc", "", "NaN"])
def test_rate_must_be_a_percentage(make_data_dir: MakeDir, rate: str) -> None:
    found = problems_of(make_data_dir(outcomes=with_cell(TINY_OUTCOMES, 1, "rate", rate)))
    assert [(p.file, p.row, p.column) for p in found] == [("outcomes.csv", 2, "rate")]


def test_missing_required_column(make_data_dir: MakeDir) -> None:
    partnerships = [row[:3] + row[4:] for row in TINY_PARTNERSHIPS]  # drop "regions"
    found = problems_of(make_data_dir(partnerships=partnerships))
    header = ", ".join(partnerships[0])
    assert found == [
        Problem("partnerships.csv", 1, "regions", f"required column is missing (the header has: {header})")
    ]


def test_left_before_joined(make_data_dir: MakeDir) -> None:
    found = problems_of(make_data_dir(members=with_cell(TINY_MEMBERS, 1, "left_year", "2019")))
    assert found == [Problem("members.csv", 2, "left_year", "'2019' is before joined_year 2020")]


def test_ragged_row_is_named(make_data_dir: MakeDir) -> None:
    directory = make_data_dir()
    path = directory / "members.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "t-health,Extra,business,Pueblo,2020,,surplus\n", encoding="utf-8"
    )
    found = problems_of(directory)
    assert found == [Problem("members.csv", 9, None, "has 7 fields but the header has 6")]


def test_duplicate_header(make_data_dir: MakeDir) -> None:
    outcomes = [[*row, row[1]] for row in TINY_OUTCOMES]
    outcomes[0][-1] = "metric"
    found = problems_of(make_data_dir(outcomes=outcomes))
    assert found == [Problem("outcomes.csv", 1, "metric", "this header appears more than once")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("partnership_id,name\nx,Caf\u00e9\n".encode("latin-1"), "is not UTF-8"),
    ],
)
def test_unreadable_files(make_data_dir: MakeDir, content: bytes, expected: str) -> None:
    directory = make_data_dir()
    (directory / "partnerships.csv").write_bytes(content)
    found = [p for p in problems_of(directory) if p.file == "partnerships.csv"]
    assert len(found) == 1 and expected in found[0].message


def test_utf8_bom_and_case_are_accepted(make_data_dir: MakeDir) -> None:
    directory = make_data_dir(partnerships=with_cell(TINY_PARTNERSHIPS, 1, "status", "Active"))
    path = directory / "partnerships.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_dataset(directory).partnerships.loc[0, "status"] == "active"


def test_missing_file(make_data_dir: MakeDir) -> None:
    directory = make_data_dir()
    (directory / "outcomes.csv").unlink()
    found = problems_of(directory)
    assert found == [
        Problem("outcomes.csv", None, None, "file is missing; expected columns: survey, metric, category, unit, rate")
    ]


def test_suggestions_for_near_misses() -> None:
    counties = ["Larimer", "Las Animas", "Denver"]
    assert suggest("Larimer County", counties) == " — did you mean 'Larimer'?"
    assert suggest("larimer", counties) == " — did you mean 'Larimer'?"
    assert suggest("Denvr", counties) == " — did you mean 'Denver'?"
    assert suggest("Atlantis", counties) == ""


def run_app(directory: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python app.py` on `directory`, as an administrator would start it (it should refuse, not serve)."""
    return subprocess.run(
        [sys.executable, "app.py", "--data-dir", str(directory), "--port", "0"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DASHBOARD_INSTANCE_DIR": str(directory.parent / "instance"), **env},  # an empty store
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_app_refuses_bad_data_with_a_message_not_a_traceback(make_data_dir: MakeDir) -> None:
    result = run_app(make_data_dir(members=with_cell(TINY_MEMBERS, 1, "county", "Gotham")))
    assert result.returncode == 2
    assert "members.csv, row 2, column 'county': 'Gotham' is not one of Colorado's 64 counties" in result.stderr
    assert "Traceback" not in result.stderr


def test_suggestion_survives_an_apostrophe_in_the_value(make_data_dir: MakeDir) -> None:
    members = with_cell(TINY_MEMBERS, 1, "county", "D'Larimer")
    found = problems_of(make_data_dir(members=members))
    assert [p.message for p in found] == ["'D'Larimer' is not one of Colorado's 64 counties — did you mean 'Larimer'?"]


def test_app_refuses_an_unreachable_store_with_a_message(make_data_dir: MakeDir) -> None:
    result = run_app(make_data_dir(), DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert "The data store could not be reached: OperationalError" in result.stderr
    assert "Traceback" not in result.stderr
