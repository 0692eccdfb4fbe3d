"""Downloads defuse spreadsheet formulas in text columns and keep numbers as numbers."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl

from dashboard.server.web import template_csv
from dashboard.store.safe_export import escape_text, safe_csv, version_xlsx, version_zip
from tests.conftest import TINY_MEMBERS, TINY_OUTCOMES, TINY_PARTNERSHIPS, TINY_REPORTED

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def files_with_dangerous_names() -> dict[str, bytes]:
    partnerships = [list(r) for r in TINY_PARTNERSHIPS]
    for i, text in enumerate(DANGEROUS[:4], start=1):
        partnerships[i][1] = text
    outcomes = [list(r) for r in TINY_OUTCOMES]
    outcomes[1][1] = "-Hired faster"
    reported = [*TINY_REPORTED, ["regions_spanned", "-3", "2024", "false", "=cmd"]]
    return {
        "partnerships.csv": csv_bytes(partnerships),
        "members.csv": csv_bytes(TINY_MEMBERS),
        "outcomes.csv": csv_bytes(outcomes),
        "reported.csv": csv_bytes(reported),
    }


def test_escape_text() -> None:
    assert [escape_text(t) for t in DANGEROUS] == ["'" + t for t in DANGEROUS]
    assert escape_text("Healthcare") == "Healthcare" and escape_text("") == ""


def test_csv_download_escapes_text_columns_only() -> None:
    files = files_with_dangerous_names()
    rows = list(csv.reader(io.StringIO(safe_csv("partnerships.csv", files["partnerships.csv"]).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:5]] == ["'" + t for t in DANGEROUS[:4]]
    reported = list(csv.reader(io.StringIO(safe_csv("reported.csv", files["reported.csv"]).decode("utf-8-sig"))))
    assert reported[-1][:2] == ["regions_spanned", "-3"] and reported[-1][4] == "'=cmd"  # number kept, text escaped
    with zipfile.ZipFile(io.BytesIO(version_zip(files))) as archive:
        assert sorted(archive.namelist()) == sorted(files)


def test_xlsx_download_has_numbers_as_numbers_and_no_formulas() -> None:
    book = openpyxl.load_workbook(io.BytesIO(version_xlsx(files_with_dangerous_names())))
    assert book.sheetnames == ["partnerships", "members", "outcomes", "reported"]
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no cell is a formula
    assert book["partnerships"]["B2"].value == "'" + DANGEROUS[0]
    assert book["outcomes"]["E2"].value == 40 and book["outcomes"]["B2"].value == "'-Hired faster"
    assert book["reported"]["B3"].value == -3 and book["members"]["E2"].value == 2020


def test_templates_have_the_contracts_columns_and_a_valid_example(make_data_dir) -> None:  # type: ignore[no-untyped-def]
    from dashboard.data import registry
    from dashboard.data.files import load_dataset

    rows = {}
    for table in registry.uploadable():
        parsed = list(csv.reader(io.StringIO(template_csv(table.file).decode())))
        assert parsed[0] == list(table.required + table.optional)
        rows[table.file] = parsed
    # The four templates every directory has are a valid data directory; with the two optional ones, too.
    four = ("partnerships.csv", "members.csv", "outcomes.csv", "reported.csv")
    optional = ("outcome_measures.csv", "partnership_outcomes.csv")
    assert sorted(rows) == sorted(four + optional)
    directory = make_data_dir(*(rows[n] for n in four))
    dataset = load_dataset(directory)
    assert list(dataset.partnerships["name"]) == ["Example Valley Health Sector Partnership"]
    for name in optional:
        (directory / name).write_bytes(template_csv(name))
    dataset = load_dataset(directory)
    assert list(dataset.table("outcome_measures")["measure"]) == ["apprentices_hired"]
    assert list(dataset.table("partnership_outcomes")["partnership_id"]) == ["example-health"]


def test_the_templates_in_docs_are_the_ones_the_app_serves() -> None:
    from dashboard.data import registry
    from dashboard.data.config import PROJECT_ROOT

    for name in (t.file for t in registry.uploadable()):
        assert (PROJECT_ROOT / "docs" / "templates" / name).read_bytes() == template_csv(name), name


def test_a_formula_in_an_extra_columns_header_is_defused_too() -> None:
    """An uploaded file may carry columns beyond the contract; their names are text from the
    upload and must not become formulas in a download (CSV or XLSX)."""
    header = '=HYPERLINK("http://example.invalid","open")'
    files = files_with_dangerous_names()
    rows = [[*TINY_MEMBERS[0], header], *[[*r, "note"] for r in TINY_MEMBERS[1:]]]
    files["members.csv"] = csv_bytes(rows)
    downloaded = list(csv.reader(io.StringIO(safe_csv("members.csv", files["members.csv"]).decode("utf-8-sig"))))
    assert downloaded[0][-1] == "'" + header and downloaded[0][:-1] == TINY_MEMBERS[0]
    book = openpyxl.load_workbook(io.BytesIO(version_xlsx(files)))
    last = book["members"].cell(row=1, column=len(rows[0]))
    assert last.data_type != "f" and last.value == "'" + header
