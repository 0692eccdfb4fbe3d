"""A dataset declared only in the registry (dashboard.data.registry) is read, checked, versioned, listed in a
change, exported and reverted by the store as the contract's own datasets are, on SQLite and PostgreSQL:
adding a dataset is one declaration."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

import pandas as pd
import pandera.pandas as pa
import pytest

from dashboard.data import registry
from dashboard.data.files import dataset_from_files
from dashboard.data.geography import Geography
from dashboard.store.changes import submit
from dashboard.store.loading import reset_caches
from dashboard.store.safe_export import version_xlsx, version_zip
from dashboard.store.versions import Store

VISITS = "site_visits.csv"


def visits_schema(checks: registry.Checks) -> pa.DataFrameSchema:
    known = list(checks.partnership_ids or [])
    return pa.DataFrameSchema(
        {
            "partnership_id": pa.Column(str, pa.Check(lambda cells: cells.isin(known), error="names no partnership")),
            "visited": pa.Column(str, pa.Check(lambda cells: cells.str.fullmatch(r"20\d\d"), error="is not a year")),
        },
        strict=False,
    )


def visits_typed(frame: pd.DataFrame, _geography: Geography) -> pd.DataFrame:
    out = frame.copy()
    out["visited"] = pd.to_numeric(out["visited"]).astype("Int64")
    out["visitors"] = pd.to_numeric(out["visitors"].replace("", None)).astype("Int64")
    return out


@pytest.fixture
def visits() -> Iterator[registry.Table]:
    table = registry.Table(
        VISITS,
        "site_visits",
        required=("partnership_id", "visited", "note"),
        optional=("visitors",),
        schema=visits_schema,
        typed=visits_typed,
        numeric=frozenset({"visitors"}),
        must_have=False,
        name_hints=("visit",),
        noun=("site visit", "site visits"),
        listed_by=("partnership_id", "visited"),
        changes_heading=("Site visits added", "Site visits removed"),
        example=("t-health", "2024", "Toured the simulation lab", "12"),
    )
    registry.register(table)
    reset_caches()
    yield table
    registry.unregister(VISITS)
    reset_caches()


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


HEADER = ["partnership_id", "visited", "note", "visitors"]


def test_a_dataset_declared_only_in_the_registry_is_checked_versioned_listed_exported_and_reverted(
    seeded: Store, visits: registry.Table
) -> None:
    # Checked: a row naming no partnership, a year that is none; nothing is stored.
    before = seeded.content_hash()
    bad = csv_bytes([HEADER, ["t-health", "2024", "lab tour", "12"], ["t-nobody", "last May", "walk", ""]])
    candidate, version = submit(seeded, [("our visits.csv", bad)], author="maria", note="", expected_head=1)
    assert version is None and seeded.content_hash() == before
    assert sorted((p.row, p.column) for p in candidate.problems) == [(3, "partnership_id"), (3, "visited")]
    assert all(str(p).startswith("our visits.csv (site_visits.csv), row 3") for p in candidate.problems)

    # Versioned and listed: told apart from the other datasets by its columns, stored under its own name.
    hostile = '=HYPERLINK("http://example.invalid","x")'
    good = csv_bytes([HEADER, ["t-health", "2024", "lab tour", "12"], ["t-make", "2025", hostile, ""]])
    candidate, version = submit(seeded, [("export.csv", good)], author="maria", note="visits", expected_head=1)
    assert version == 2, candidate.problems
    assert candidate.change is not None and candidate.change.files_changed == [VISITS]
    assert candidate.change.rows[VISITS] == (["t-health · 2024", "t-make · 2025"], [])
    dataset = dataset_from_files(seeded.files(2), "v2")
    table = dataset.table("site_visits")
    assert list(table["partnership_id"]) == ["t-health", "t-make"]
    assert table["visitors"].iloc[0] == 12 and pd.isna(table["visitors"].iloc[1])
    # Kept in the local frame cache too: read back from it, the same rows.
    from dashboard.store.loading import version_dataset

    for _ in ("parsed", "from the frame cache"):
        reset_caches()
        again = version_dataset(seeded, 2).table("site_visits")
        assert list(again["partnership_id"]) == ["t-health", "t-make"] and again["visitors"].iloc[0] == 12
    # Exported: the formula defused, the count left a number.
    archive = zipfile.ZipFile(io.BytesIO(version_zip(seeded.files(2))))
    assert VISITS in archive.namelist()
    exported = list(csv.reader(io.StringIO(archive.read(VISITS).decode("utf-8-sig"))))
    assert exported[1] == ["t-health", "2024", "lab tour", "12"] and exported[2][2] == "'" + hostile
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(version_xlsx(seeded.files(2))))
    assert book["site_visits"]["D2"].value == 12

    # A row taken away is listed as removed; a file with a header only would remove every row: refused.
    fewer = csv_bytes([HEADER, ["t-make", "2025", hostile, ""]])
    candidate, version = submit(seeded, [("visits.csv", fewer)], author="maria", note="", expected_head=2)
    assert version == 3 and candidate.change is not None
    assert candidate.change.rows[VISITS] == ([], ["t-health · 2024"])
    empty = csv_bytes([HEADER])
    candidate, version = submit(seeded, [("visits.csv", empty)], author="maria", note="", expected_head=3)
    assert version is None
    assert [p.message for p in candidate.problems] == [
        "has a header but no data rows: it would remove the only site visit. Nothing was changed; send the file "
        "with the rows to keep"
    ]

    # Reverted: the version before it has no such file, and the dataset is empty there.
    assert seeded.revert(1, author="maria", note="undo", expected_head=3) == 4
    assert VISITS not in seeded.files(4)
    assert dataset_from_files(seeded.files(4), "v4").table("site_visits").empty


def test_every_declared_dataset_has_a_template_with_its_columns_and_a_name_it_is_told_apart_by(
    visits: registry.Table,
) -> None:
    from dashboard.server.web import template_csv
    from dashboard.store.upload import read_uploads

    for table in registry.uploadable():
        template = template_csv(table.file)
        header = next(csv.reader(io.StringIO(template.decode())))
        assert header == list(table.required + table.optional), table.file
        named = read_uploads([(f"our {table.name_hints[0]}s.csv", template)])
        assert list(named.files) == [table.file], (table.file, named.problems)
