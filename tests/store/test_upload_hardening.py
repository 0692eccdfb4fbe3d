"""Uploads that used to get a 500, be accepted wrongly, or drown a person in problems: each now
gets one clear answer, and a refused one leaves the store as it was. On SQLite and PostgreSQL."""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from dashboard.data.files import dataset_from_files
from dashboard.store.changes import submit
from dashboard.store.versions import Store
from tests.conftest import TINY_MEMBERS, TINY_OUTCOMES, TINY_PARTNERSHIPS, TINY_REPORTED
from tests.store.test_uploads import csv_text, edited, workbook

P, M, OUT, R = TINY_PARTNERSHIPS, TINY_MEMBERS, TINY_OUTCOMES, TINY_REPORTED
OUT_RESPONDENTS = [[*OUT[0], "respondents"], *[[*row, "12"] for row in OUT[1:]]]


def refused(store: Store, uploads: list[tuple[str, bytes]]) -> str:
    return refused_at(store, uploads, head=1)


def refused_at(store: Store, uploads: list[tuple[str, bytes]], head: int) -> str:
    before = store.content_hash()
    candidate, version = submit(store, uploads, author="maria", note="test", expected_head=head)
    report = "\n".join(str(p) for p in candidate.problems)
    assert version is None and candidate.problems, "accepted"
    assert store.content_hash() == before and store.head() == head
    return report


def accepted(store: Store, uploads: list[tuple[str, bytes]]) -> int:
    candidate, version = submit(store, uploads, author="maria", note="test", expected_head=1)
    assert version == 2, "\n".join(str(p) for p in candidate.problems)
    return version


REFUSED: dict[str, tuple[Callable[[], list[tuple[str, bytes]]], list[str]]] = {
    "a 25-digit number of respondents": (
        lambda: [("outcomes.csv", edited(OUT_RESPONDENTS, 1, "respondents", "1" * 25))],
        ["outcomes.csv, row 2, column 'respondents': '1111111111111111111111111' is not a whole number of respondents"],
    ),
    "a NUL byte past the first 4 KB": (
        lambda: [("partnerships.csv", csv_text(P).encode() + b"\n" * 5000 + b"t-nul,A\x00B,Healthcare,3,active,,\n")],
        ["partnerships.csv, row ", "contains a NUL (binary zero) character"],
    ),
    "an unbalanced quote": (
        lambda: [("partnerships.csv", (csv_text(P) + 't-q,"Open quote,Healthcare,3,active,,\n').encode())],
        ['partnerships.csv, row 6: a quote (") opened in this row is never closed'],
    ),
    "a month 13": (
        lambda: [("reported.csv", edited(R, 1, "as_of", "2024-13-45"))],
        ["reported.csv, row 2, column 'as_of': '2024-13-45' is not a date from 1990 to"],
    ),
    "year 0000": (lambda: [("reported.csv", edited(R, 1, "as_of", "0000"))], ["'0000' is not a date from 1990"]),
    "the last day of 9999": (
        lambda: [("reported.csv", edited(R, 1, "as_of", "9999-12-31"))],
        ["'9999-12-31' is not a date from 1990"],
    ),
    "a 400-digit published value": (
        lambda: [("reported.csv", edited(R, 1, "value", "9" * 400))],
        ["reported.csv, row 2, column 'value': '999", "is not a number below 1,000,000,000,000"],
    ),
    "a member who joins in 2100": (
        lambda: [("members.csv", edited(M, 1, "joined_year", "2100"))],
        ["members.csv, row 2, column 'joined_year': '2100' is not a year between 1990 and"],
    ),
    "ids that differ only in case": (
        lambda: [("partnerships.csv", edited(P, 3, "partnership_id", "T-Health"))],
        ["partnerships.csv, row 4, column 'partnership_id': 'T-Health' differs from 't-health' (row 2) only in case"],
    ),
    "a member naming an id in other case": (
        lambda: [("members.csv", edited(M, 1, "partnership_id", "T-HEALTH"))],
        ["members.csv, row 2, column 'partnership_id': 'T-HEALTH' names no partnership", "did you mean 't-health'?"],
    ),
    "a header-only membership file": (
        lambda: [("members.csv", csv_text(M[:1]).encode())],
        ["members.csv: has a header but no data rows: it would remove all 7 membership rows. Nothing was changed"],
    ),
    "a survey file of blank lines after its header": (
        lambda: [("outcomes.csv", (csv_text(OUT[:1]) + "\n\n,,,,,\n\n").encode())],
        ["outcomes.csv: has a header but no data rows: it would remove all 2 survey results"],
    ),
    "a missing column, said once": (
        lambda: [("partnerships.csv", csv_text([[c for i, c in enumerate(r) if i != 2] for r in P] * 300).encode())],
        ["partnerships.csv, row 1, column 'industry': required column is missing (the header has: partnership_id"],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_bad_upload_gets_one_clear_answer(seeded: Store, case: str) -> None:
    make, fragments = REFUSED[case]
    report = refused(seeded, make())
    for fragment in fragments:
        assert fragment in report, f"{fragment!r} not in:\n{report}"
    if case == "a missing column, said once":
        assert report.count("\n") == 0, report  # one problem, not one per row


def test_a_hidden_sheet_is_never_used_without_saying_so(seeded: Store) -> None:
    book = openpyxl.Workbook()
    book.active.title = "partnerships"
    for row in P:
        book.active.append(row)
    hidden = book.create_sheet("members")
    hidden.append(M[0])  # only a header: had it been used, every membership row would go
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    report = refused(seeded, [("data.xlsx", out.getvalue())])
    assert report == "data.xlsx, sheet 'members': is hidden, so it was not read: unhide it to load it, or delete it"


def test_a_formula_without_a_saved_value_is_named(seeded: Store) -> None:
    rows = [list(r) for r in OUT_RESPONDENTS]
    book = openpyxl.Workbook()  # openpyxl writes formulas without calculating them, as some programs do
    book.active.title = "outcomes"
    for row in rows[:2]:
        book.active.append(row)
    book.active.append([*rows[2][:4], "=B2*2", "12", "test"])
    out = io.BytesIO()
    book.save(out)
    report = refused(seeded, [("survey.xlsx", out.getvalue())])
    assert report.startswith("survey.xlsx, sheet 'outcomes', row 3, column 'rate': holds a formula (=B2*2) with no")


def without_dimension(xlsx: bytes) -> bytes:
    """The workbook with its sheets' <dimension> removed and a blank trailing cell on data rows."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                start = content.index(b"<dimension")
                content = content[:start] + content[content.index(b"/>", start) + 2 :]
            target.writestr(item, content)
    return out.getvalue()


ACCEPTED: dict[str, Callable[[], list[tuple[str, bytes]]]] = {
    "old Mac line endings (CR only)": lambda: [("partnerships.csv", csv_text(P).replace("\n", "\r").encode())],
    "Excel 'Unicode text': UTF-16, tab-separated": lambda: [
        ("partnerships.txt", "\n".join("\t".join(r) for r in P).encode("utf-16"))
    ],
    "a double byte-order mark": lambda: [("partnerships.csv", codecs.BOM_UTF8 * 2 + csv_text(P).encode())],
    "headers in capitals": lambda: [("partnerships.csv", csv_text([[c.upper() for c in P[0]], *P[1:]]).encode())],
    "an XLSX without <dimension>, blank cells trailing": lambda: [
        ("data.xlsx", without_dimension(workbook({"partnerships": [*P[:1], *[[*r, None, None] for r in P[1:]]]})))
    ],
    "a file named for two datasets, told apart by its columns": lambda: [
        ("partnership_members.csv", edited(M, 1, "organization", "Hospital A (renamed)"))
    ],
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_a_good_file_in_an_awkward_form_is_read(seeded: Store, case: str) -> None:
    uploads = ACCEPTED[case]()
    if case.startswith("a file named"):
        rows = [list(r) for r in M]
        rows[1][1] = "Hospital A (renamed)"
        accepted(seeded, uploads)
        members = dataset_from_files(seeded.files(2), "v2").members
        assert "Hospital A (renamed)" in set(members["organization"]) and len(members) == len(M) - 1
        return
    partnerships = [list(r) for r in P]
    partnerships[1][1] = "Test Valley Health and Care"
    changed = [(name, raw.replace(b"Test Valley Health", b"Test Valley Health and Care")) for name, raw in uploads]
    if case.startswith("Excel"):
        changed = [(n, "\n".join("\t".join(r) for r in partnerships).encode("utf-16")) for n, _ in uploads]
    if case.startswith("an XLSX"):
        sheet: list[list[str | None]] = [[*partnerships[0]], *[[*r, None, None] for r in partnerships[1:]]]
        changed = [("data.xlsx", without_dimension(workbook({"partnerships": sheet})))]
    accepted(seeded, changed)
    stored = dataset_from_files(seeded.files(2), "v2").partnerships
    assert list(stored["partnership_id"]) == [r[0] for r in P[1:]]
    assert list(stored["name"]) == [r[1] for r in partnerships[1:]]


def test_a_nul_in_the_note_is_stored_without_it(seeded: Store) -> None:
    version = seeded.apply(seeded.files(1) | {"partnerships.csv": edited(P, 1, "name", "Renamed")},
                           author="maria\x00", note="fix\x00 typo\nline two", expected_head=1)  # fmt: skip
    stored = next(v for v in seeded.versions() if v.id == version)
    assert (stored.author, stored.note) == ("maria", "fix typo\nline two")


def test_an_invisible_character_does_not_make_a_new_id(seeded: Store) -> None:
    """A zero-width space pasted after 't-health' (as web pages and chat tools add) is removed:
    the member still belongs to t-health, and a partnership id cannot be doubled with one."""
    rows = [list(r) for r in M]
    rows[1][0], rows[1][1] = "t-health\u200b", "Hospital A2"
    accepted(seeded, [("members.csv", csv_text(rows).encode())])
    ids = list(dataset_from_files(seeded.files(2), "v2").members["partnership_id"])
    assert ids.count("t-health") == [r[0] for r in M].count("t-health") and "t-health\u200b" not in ids
    doubled = edited(P, 3, "partnership_id", "t-health\u200b")
    report = refused_at(seeded, [("partnerships.csv", doubled)], head=2)
    assert "partnerships.csv, row 4, column 'partnership_id': 't-health' appears more than once" in report
