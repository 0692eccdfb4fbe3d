"""Every hostile or broken upload is refused with a message naming file, row and column, and the
store is left exactly as it was (its content hash unchanged). On SQLite and PostgreSQL."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence

import openpyxl
import pytest

from dashboard.data.config import PROJECT_ROOT
from dashboard.data.files import dataset_from_files
from dashboard.store.changes import submit
from dashboard.store.safe_export import version_zip
from dashboard.store.upload import MAX_UPLOAD_BYTES
from dashboard.store.versions import Store
from tests.conftest import TINY_MEMBERS, TINY_OUTCOMES, TINY_PARTNERSHIPS


def csv_text(rows: list[list[str]]) -> str:
    return "\n".join(",".join(row) for row in rows) + "\n"


def edited(rows: list[list[str]], row: int, column: str, value: str) -> bytes:
    copy = [list(r) for r in rows]
    copy[row][copy[0].index(column)] = value
    return csv_text(copy).encode("utf-8")


def workbook(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_entity_expansion(xlsx: bytes) -> bytes:
    """The same workbook with a 'billion laughs' DOCTYPE in its workbook.xml."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/workbook.xml":
                doctype = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                if content.startswith(b"<?xml"):
                    end = content.index(b"?>") + 2
                    content = content[:end] + doctype + content[end:]
                else:
                    content = doctype + content
            target.writestr(item, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * 3_000_000)  # compresses about 1000:1
    return out.getvalue()


P, M, OUT = TINY_PARTNERSHIPS, TINY_MEMBERS, TINY_OUTCOMES
CASES: dict[str, tuple[Callable[[], list[tuple[str, bytes]]], list[str]]] = {
    "empty file": (lambda: [("partnerships.csv", b"")], ["partnerships.csv", "the file is empty"]),
    "png renamed .csv": (
        lambda: [("partnerships.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)],
        ["partnerships.csv: is not a CSV text file: it is a PNG image"],
    ),
    "over the size limit": (
        lambda: [("members.csv", b"a" * (MAX_UPLOAD_BYTES + 1))],
        [f"members.csv: is {MAX_UPLOAD_BYTES + 1:,} bytes; the limit is {MAX_UPLOAD_BYTES:,} per file"],
    ),
    "xlsx zip bomb": (lambda: [("data.xlsx", zip_bomb())], ["data.xlsx", "refused as a possible zip bomb"]),
    "xlsx xml entities": (
        lambda: [("data.xlsx", with_entity_expansion(workbook({"partnerships": [list(r) for r in P]})))],
        ["data.xlsx: part 'xl/workbook.xml' declares a DOCTYPE or XML entities"],
    ),
    "encrypted xlsx": (
        lambda: [("data.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)],
        ["data.xlsx: is password-protected (encrypted) or a legacy .xls workbook"],
    ),
    "legacy xls": (lambda: [("data.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 64)], [".xls files are not accepted"]),
    "not utf-8": (
        lambda: [("partnerships.csv", edited(P, 2, "name", "Caf\u00e9").replace("é".encode(), b"\xe9"))],
        ["partnerships.csv", "row 3", "is not UTF-8 text (byte 0xe9)", "CSV UTF-8"],
    ),
    "ragged rows": (
        lambda: [("partnerships.csv", (csv_text(P) + "t-x,Extra,Healthcare,3\n").encode())],
        ["partnerships.csv, row 6: has 4 fields but the header has 7"],
    ),
    "missing header": (
        lambda: [("outcomes.csv", csv_text([r[:4] + r[5:] for r in OUT]).encode())],
        ["outcomes.csv, row 1, column 'rate': required column is missing (the header has: survey, metric,"],
    ),
    "duplicate header": (
        lambda: [("outcomes.csv", csv_text([[*r, r[4]] for r in OUT]).encode())],
        ["outcomes.csv, row 1, column 'rate': this header appears more than once"],
    ),
    "unknown county": (
        lambda: [("members.csv", edited(M, 1, "county", "Larimer County"))],
        [
            "members.csv, row 2, column 'county': 'Larimer County' is not one of Colorado's 64 counties",
            "did you mean 'Larimer'?",
        ],
    ),
    "region with a word": (
        lambda: [("partnerships.csv", edited(P, 1, "regions", "region 3 "))],
        ["partnerships.csv, row 2, column 'regions': 'region 3'", "did you mean '3'?"],
    ),
    "unknown industry": (
        lambda: [("partnerships.csv", edited(P, 1, "industry", "Health Care"))],
        ["column 'industry': 'Health Care' is not a valid industry", "did you mean 'Healthcare'?"],
    ),
    "unknown status": (
        lambda: [("partnerships.csv", edited(P, 1, "status", "actve"))],
        ["column 'status': 'actve' is not a valid status", "did you mean 'active'?"],
    ),
    "non-numeric rate": (
        lambda: [("outcomes.csv", edited(OUT, 1, "rate", "eighty"))],
        ["outcomes.csv, row 2, column 'rate': 'eighty' is not a percentage from 0 to 100"],
    ),
    "negative rate": (lambda: [("outcomes.csv", edited(OUT, 1, "rate", "-5"))], ["'-5' is not a percentage"]),
    "rate over 100": (lambda: [("outcomes.csv", edited(OUT, 2, "rate", "120"))], ["row 3, column 'rate': '120'"]),
    "NaN rate": (lambda: [("outcomes.csv", edited(OUT, 1, "rate", "NaN"))], ["'NaN' is not a percentage"]),
    "duplicate partnership id": (
        lambda: [("partnerships.csv", edited(P, 2, "partnership_id", "t-health"))],
        ["column 'partnership_id': 't-health' appears more than once"],
    ),
    "member of an unknown partnership": (
        lambda: [("members.csv", edited(M, 3, "partnership_id", "t-nowhere"))],
        ["members.csv, row 4, column 'partnership_id': 't-nowhere' names no partnership in partnerships.csv"],
    ),
    "a 1 MB cell": (
        lambda: [("partnerships.csv", edited(P, 1, "name", "x" * 1_000_000))],
        ["partnerships.csv, row 2, column 'name': cell is 1,000,000 characters; the limit is 10,000"],
    ),
    "thousands of columns": (
        lambda: [("partnerships.csv", csv_text([r + [f"c{i}" for i in range(3000)] for r in P]).encode())],
        ["partnerships.csv, row 1: has 3,007 columns; at most 200 are allowed"],
    ),
    "unidentifiable file": (
        lambda: [("notes.csv", b"a,b\n1,2\n")],
        ["notes.csv: cannot tell which dataset this is"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_upload_is_refused_and_the_store_is_unchanged(seeded: Store, case: str) -> None:
    make, expected = CASES[case]
    before = seeded.content_hash()
    candidate, version = submit(seeded, make(), author="maria", note=case, expected_head=1)
    report = "\n".join(str(p) for p in candidate.problems) + "\n" + "\n".join(candidate.hints)
    assert version is None and candidate.problems, report
    for fragment in expected:
        assert fragment in report, f"{fragment!r} not in:\n{report}"
    assert seeded.content_hash() == before and seeded.head() == 1


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16 (Excel 'Unicode text')"),
    ],
)
def test_byte_order_marks_are_handled(seeded: Store, encode: Callable[[str], bytes]) -> None:
    rows = [list(r) for r in P]
    rows[1][1] = "Test Valley Health — Pueblo"
    candidate, version = submit(seeded, [("partnerships.csv", encode(csv_text(rows)))], author="m", note="",
                                expected_head=1)  # fmt: skip
    assert version == 2, candidate.problems
    assert "Test Valley Health — Pueblo" in set(dataset_from_files(seeded.files(2), "v").partnerships["name"])


def test_a_workbook_with_a_sheet_per_dataset_is_applied(seeded: Store) -> None:
    partnerships = [list(r) for r in P] + [["t-new", "Test New Builders", "Construction", "3;4", "emerging", "", ""]]
    members = [[*r[:4], int(r[4]), int(r[5]) if r[5] else None] if i else list(r) for i, r in enumerate(M)]
    xlsx = workbook({"Read me": [["Notes are ignored"]], "partnerships": partnerships, "Members": members})
    candidate, version = submit(seeded, [("new data.xlsx", xlsx)], author="maria", note="xlsx", expected_head=1)
    assert version == 2, candidate.problems
    assert candidate.change is not None and candidate.change.added == [
        {"id": "t-new", "name": "Test New Builders", "industry": "Construction"}
    ]
    assert candidate.sources == {
        "partnerships.csv": "new data.xlsx, sheet 'partnerships'",
        "members.csv": "new data.xlsx, sheet 'Members'",
    }


def test_a_problem_in_a_sheet_names_the_workbook_and_sheet(seeded: Store) -> None:
    partnerships = [list(r) for r in P]
    partnerships[2][2] = "Manufactoring"
    candidate, version = submit(seeded, [("q3.xlsx", workbook({"partnerships": partnerships}))], author="m",
                                note="", expected_head=1)  # fmt: skip
    assert version is None
    # The allowed industries as docs/data-contract.md lists them for people.
    documented = re.search(r"`INDUSTRIES` \(([^)]*)\)", (PROJECT_ROOT / "docs/data-contract.md").read_text())
    assert documented is not None
    assert str(candidate.problems[0]).startswith(
        "q3.xlsx, sheet 'partnerships' (partnerships.csv), row 3, column 'industry': 'Manufactoring' is not a valid "
        f"industry; expected one of: {documented.group(1)}"
    )
    assert "did you mean 'Manufacturing'?" in candidate.problems[0].message


def test_markup_is_stored_as_text(seeded: Store) -> None:
    hostile = "<script>alert('x')</script> javascript:alert(1)"
    _candidate, version = submit(seeded, [("partnerships.csv", edited(P, 1, "name", hostile))], author="m", note="",
                                expected_head=1)  # fmt: skip
    assert version == 2
    assert hostile in set(dataset_from_files(seeded.files(2), "v").partnerships["name"])


def test_uploading_the_same_data_applies_nothing(seeded: Store) -> None:
    before = seeded.content_hash()
    candidate, version = submit(seeded, [("partnerships.csv", csv_text(P).encode())], author="m", note="",
                                expected_head=1)  # fmt: skip
    assert version is None and candidate.change is not None and candidate.change.is_empty
    assert seeded.content_hash() == before


# --------------------------------------------------------------------------------------------
# QCEW employment: an optional dataset, loaded as BLS publishes it


QCEW_FIXTURE = PROJECT_ROOT / "tests/fixtures/qcew/sample-2023-colorado-counties.csv"


def test_qcew_files_are_versioned_previewed_and_reverted(seeded: Store) -> None:
    crosswalk = (PROJECT_ROOT / "data/naics-crosswalk.csv").read_bytes()
    uploads = [("sample-2023-colorado-counties.csv", QCEW_FIXTURE.read_bytes()), ("my crosswalk.csv", crosswalk)]
    candidate, version = submit(seeded, uploads, author="maria", note="QCEW 2023", expected_head=1)
    assert version == 2, candidate.problems
    stored = "qcew/sample-2023-colorado-counties.csv"
    assert candidate.change is not None and candidate.change.files_changed == ["naics-crosswalk.csv", stored]
    files = seeded.files(2)
    assert files[stored] == QCEW_FIXTURE.read_bytes() and files["naics-crosswalk.csv"] == crosswalk
    # The version's download holds them too.
    names = zipfile.ZipFile(io.BytesIO(version_zip(files))).namelist()
    assert names[-2:] == ["naics-crosswalk.csv", stored]
    dataset = dataset_from_files(files, "v2")
    with QCEW_FIXTURE.open(encoding="utf-8") as handle:
        private = [r for r in csv.DictReader(handle) if r["own_code"] == "5" and r["agglvl_code"] in ("71", "74", "76")]
    assert len(dataset.employment) == len(private)
    assert dataset.employment_is_sample and not dataset.sample_notes.get("members.csv")  # named sample-…: labelled
    # A second batch adds its file beside the first; the same name replaces it.
    again, version = submit(seeded, uploads[:1], author="maria", note="same file", expected_head=2)
    assert version is None and again.change is not None and again.change.is_empty
    # Revert: the QCEW files go with the version they came in.
    assert seeded.revert(1, author="maria", note="undo", expected_head=2) == 3
    assert not any(name.startswith("qcew/") for name in seeded.files(3))


def test_a_qcew_file_with_problems_is_refused_naming_the_file_row_and_column(seeded: Store) -> None:
    text = QCEW_FIXTURE.read_text(encoding="utf-8").splitlines()
    text[5] = text[5].replace("08001", "08130", 1)
    candidate, version = submit(
        seeded, [("2023.annual Colorado.csv", ("\n".join(text) + "\n").encode())], author="m", note="", expected_head=1
    )
    assert version is None and seeded.head() == 1
    assert str(candidate.problems[0]).startswith(
        "2023.annual Colorado.csv (qcew/2023.annual Colorado.csv), row 6, column 'area_fips': '08130' "
        "(Adams County, Colorado) is not a Colorado county"
    )


def by_area_files() -> dict[str, bytes]:
    """Colorado's sample QCEW files by area, as BLS names them (after 'sample-'): 64 counties, 08000, 08999."""
    from scripts.generate_sample_qcew import by_area, sample_rows

    files = {}
    for name, rows in by_area(sample_rows()).items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files[name] = out.getvalue().encode("utf-8")
    return files


def test_the_per_area_set_as_a_zip_is_previewed_applied_and_reverted(seeded: Store) -> None:
    files = by_area_files()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in files.items():
            out.writestr("2023.annual.by_area/" + name, content)
        out.writestr("2023.annual.by_area/2023.annual 56001 Albany County, Wyoming.csv", b"never read")
    crosswalk = (PROJECT_ROOT / "data/naics-crosswalk.csv").read_bytes()
    uploads = [("2023_annual_by_area.zip", archive.getvalue()), ("naics-crosswalk.csv", crosswalk)]
    candidate, version = submit(seeded, uploads, author="maria", note="QCEW by area", expected_head=1)
    assert version == 2, candidate.problems
    change = candidate.change
    assert change is not None and change.employment_files is not None and len(change.employment_files) == 66
    assert change.employment_notes == ["2023_annual_by_area.zip: 66 CSV files read; 1 file for areas outside "
                                       "Colorado not read"]  # fmt: skip
    statewide = change.employment_files.set_index("file").loc["qcew/sample-2023.annual 08000 Colorado -- Statewide.csv"]
    assert bool(statewide["statewide"]) and statewide["kept"] == sum(
        1 for r in csv.DictReader(io.StringIO(files["sample-2023.annual 08000 Colorado -- Statewide.csv"].decode()))
        if r["own_code"] == "5" and r["agglvl_code"] in ("51", "54", "56")
    )  # fmt: skip
    assert change.lq_base == "location quotients against Colorado's statewide totals (08000)"
    # Stored byte for byte, one file per area; the other state's entry is nowhere.
    stored = {n: c for n, c in seeded.files(2).items() if n.startswith("qcew/")}
    assert stored == {"qcew/" + n.replace(",", "-"): c for n, c in files.items()}
    assert seeded.revert(1, author="maria", note="undo", expected_head=2) == 3
    assert not any(name.startswith("qcew/") for name in seeded.files(3))


def test_a_zip_that_would_expand_too_far_is_refused_unread(seeded: Store) -> None:
    from dashboard.data.qcew_files import UPLOAD_ZIP

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out, out.open("2023.annual 08001 a.csv", "w") as entry:
        block = b"0" * (1024 * 1024)
        for _ in range(UPLOAD_ZIP.uncompressed // len(block) + 1):
            entry.write(block)
    before = seeded.content_hash()
    candidate, version = submit(seeded, [("bomb.zip", archive.getvalue())], author="m", note="", expected_head=1)
    assert version is None and seeded.content_hash() == before
    assert [str(p) for p in candidate.problems] == [
        f"bomb.zip: would expand to {UPLOAD_ZIP.uncompressed + 1024 * 1024:,} bytes (limit "
        f"{UPLOAD_ZIP.uncompressed:,}): refused as a possible zip bomb"
    ]


def test_a_store_made_for_shorter_names_takes_the_names_bls_gives(store: Store, store_url: str) -> None:
    import sqlalchemy as sa

    from dashboard.data.config import DEFAULT_DATA_DIR
    from dashboard.data.files import directory_files

    # As a store made before names could be longer than 64 characters (and before its schema had steps).
    with store.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE alembic_version"))
        if store.backend == "postgresql":
            connection.execute(sa.text("ALTER TABLE version_files ALTER COLUMN name TYPE VARCHAR(64)"))
    store.engine.dispose()
    again = Store(store_url)
    again.initialise(directory_files(DEFAULT_DATA_DIR), source="tests")
    name = "2023.annual 08999 Colorado -- Statewide, unknown or undefined.csv"
    row = '08999,5,10,71,0,2023,A,,"Colorado -- Statewide, unknown or undefined",x,x,x,x,1,5,0\n'
    header = "area_fips,own_code,industry_code,agglvl_code,size_code,year,qtr,disclosure_code,area_title,own_title,"
    header += "industry_title,agglvl_title,size_title,annual_avg_estabs_count,annual_avg_emplvl,total_annual_wages\n"
    statewide = (header + row.replace("08999", "08000").replace(",71,", ",51,")).encode()
    uploads = [(name, (header + row).encode()), ("2023.annual 08000 Colorado -- Statewide.csv", statewide)]
    candidate, version = submit(again, uploads, author="maria", note="", expected_head=1)
    assert version == 2, candidate.problems
    assert "qcew/2023.annual 08999 Colorado -- Statewide- unknown or undefined.csv" in again.files(2)
    again.engine.dispose()
