"""Reading a CSV file: Arrow's parser (fast, for large files) gives exactly what the csv module gives,
or steps aside so that the csv module names the broken row."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from dashboard.data import parse
from dashboard.data.contract import Problem

# Every character that matters to a CSV reader, and a few that do not.
TEXT = st.text(alphabet=st.sampled_from(["a", "b", " ", ",", '"', "\n", "\r", "\t", "é", "\u00a0"]), max_size=60)


def exact(name: str, raw: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[Problem]]:
    with monkeypatch.context() as patched:
        patched.setattr(parse, "_columnar", lambda text: None)
        return parse.read_table(name, raw)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_arrow_reads_what_the_csv_module_reads(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = text.encode("utf-8")
    expected, expected_problems = exact("members.csv", raw, monkeypatch)
    frame, problems = parse.read_table("members.csv", raw)
    assert problems == expected_problems
    if expected is None:
        assert frame is None
    else:
        assert frame is not None
        assert_frame_equal(frame, expected)


def oracle_rows(text: str) -> list[list[str]]:
    """The records as the csv module reads them, blank ones dropped, cells stripped."""
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if any(row)]
    return [[cell.strip() for cell in row] for row in rows]


@pytest.mark.parametrize(
    "text",
    [
        'id,name\nx,"Acme, Inc."\ny,"He said ""hi"""\n',  # quoted commas and doubled quotes
        "id,name\r\nx, padded \r\n,\r\ny,z\r\n",  # CRLF, padding, a blank record of commas
        "id,name\n\n\nx,y\n",  # empty lines
        'id,name\nx,say "hi"\n',  # a quote inside an unquoted cell is kept
    ],
)
def test_well_formed_files_read_by_arrow(text: str) -> None:
    assert parse._columnar(text) is not None, "this file should not need the exact reader"
    frame, problems = parse.read_table("members.csv", text.encode("utf-8"))
    assert problems == [] and frame is not None
    rows = oracle_rows(text)
    assert list(frame.columns) == rows[0]
    assert frame.astype(object).values.tolist() == rows[1:]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,name\nx,y\nz\nw,v,u\n", [("members.csv", 3, "has 1 fields but the header has 2"),
                                       ("members.csv", 4, "has 3 fields but the header has 2")]),
        ('id,name\nx,"a"b\n', [("members.csv", 2, "is not valid CSV: ',' expected after '\"'")]),
        ('id,name\nx,y\nx,"open\n', [("members.csv", 3, 'a quote (") opened in this row is never closed; '
                                      'close it, or double quotes inside a quoted cell')]),
    ],
)  # fmt: skip
def test_broken_rows_are_named_by_number(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert parse._columnar(text) is None
    frame, problems = parse.read_table("members.csv", text.encode("utf-8"))
    assert frame is None
    assert [(p.file, p.row, p.message) for p in problems] == expected


def test_a_cell_over_two_lines_is_read_whole() -> None:
    text = 'id,notes\nx,"line one\nline two"\n'
    frame, problems = parse.read_table("members.csv", text.encode("utf-8"))
    assert problems == [] and frame is not None
    assert frame["notes"].tolist() == ["line one\nline two"]
