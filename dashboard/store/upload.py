"""Uploaded files → the data contract's CSV files, refusing anything hostile with a clear message.

A staff member drops CSV or XLSX files in the browser. Each is checked before it is parsed: size,
what the bytes really are (a PNG renamed .csv, a legacy or encrypted workbook), and for XLSX the
zip container (entry count, total size, compression ratio: a zip bomb) and its XML (no DOCTYPE or
entities; openpyxl also parses through defusedxml). What passes becomes CSV text for the one
validator, ``dashboard.data.parse.parse_files``, so an upload is held to the same contract as the data
directory.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from dashboard.data import registry
from dashboard.data.contract import Problem, column_name
from dashboard.data.geography import REGION_CROSSWALK, REGION_CROSSWALK_COLUMNS, load_geography
from dashboard.data.qcew import CROSSWALK, CROSSWALK_COLUMNS, QCEW_PREFIX, looks_like_qcew
from dashboard.data.qcew_files import UPLOAD_ZIP, read_zip, safe_file_name

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # per file, as sent; dcc.Upload and the server enforce it too
# A state's QCEW "CSVs by area" come one file per county, with the statewide files beside them (Colorado:
# 66; Texas: 256): the whole set can be dropped at once. Each file adds or replaces the file of that name.
MAX_FILES = 300
MAX_UPLOAD_TOTAL = 40 * 1024 * 1024  # all files of one upload together, as sent
# One callback request carries every file base64-encoded (4/3 of its size): larger is refused unread (413).
MAX_REQUEST_BYTES = MAX_UPLOAD_TOTAL * 4 // 3 + 1024 * 1024
LARGE_QCEW_HINT = "a large QCEW file (the whole-country single file, BLS's archive) goes under “A large QCEW file”"
MAX_XLSX_ENTRIES = 500
MAX_XLSX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_XLSX_RATIO = 100  # uncompressed / compressed, per entry
MAX_SHEET_ROWS = 500_000
MAX_SHEET_COLUMNS = 200

SIGNATURES: dict[bytes, str] = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (an Excel workbook is one: name it .xlsx)",
    b"\xd0\xcf\x11\xe0": "a legacy Excel (.xls) or password-protected workbook",
}


@dataclass
class Uploaded:
    """What came out of the uploaded files: CSV bytes per dataset, and where each came from."""

    files: dict[str, bytes] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # dataset → "members.xlsx, sheet 'members'"
    problems: list[Problem] = field(default_factory=list)
    received: list[dict[str, object]] = field(default_factory=list)  # name, bytes, sha256 as sent
    notes: list[str] = field(default_factory=list)
    """What was skipped unread in a ZIP, or reduced to the state's rows: said in the preview, never an error."""

    def problem(self, where: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(where, row, column, message))


def read_uploads(uploads: Sequence[tuple[str, bytes]]) -> Uploaded:
    from dashboard.store.versions import sha256

    result = Uploaded()
    if not uploads:
        result.problem("upload", "no file was received")
        return result
    if len(uploads) > MAX_FILES:
        result.problem("upload", f"{len(uploads)} files at once; at most {MAX_FILES}")
        return result
    total = sum(len(raw) for _name, raw in uploads)
    if total > MAX_UPLOAD_TOTAL:
        result.problem(
            "upload", f"{len(uploads)} files of {total:,} bytes together; at most {MAX_UPLOAD_TOTAL:,} at once"
        )
        return result
    for filename, raw in uploads:
        name = PurePath(filename or "upload").name[:120]
        result.received.append({"file": name, "bytes": len(raw), "sha256": sha256(raw)})
        if len(raw) > MAX_UPLOAD_BYTES:
            large = PurePath(name).suffix.lower() in (".csv", ".zip")
            result.problem(
                name,
                f"is {len(raw):,} bytes; the limit is {MAX_UPLOAD_BYTES:,} per file"
                + (f"; {LARGE_QCEW_HINT}" if large else ""),
            )
            continue
        suffix = PurePath(name).suffix.lower()
        if suffix == ".xlsx":
            _read_xlsx(name, raw, result)
        elif suffix == ".zip":
            _read_zip(name, raw, result)
        elif suffix in (".csv", ".txt"):
            _read_csv(name, raw, result)
        elif suffix in (".xls", ".xlsm", ".xlsb", ".ods", ".numbers"):
            result.problem(
                name, f"{suffix} files are not accepted; save the workbook as .xlsx (or each sheet as CSV UTF-8)"
            )
        else:
            result.problem(
                name, "is not a CSV, XLSX or ZIP file; accepted: .csv (UTF-8), .xlsx, and .zip for BLS's QCEW files"
            )
    return result


def _dataset_for(label: str, header: Sequence[str]) -> str | None:
    """Which dataset a file or sheet is: its columns when they fit exactly one dataset, else its
    name when that names exactly one ('partnership_members.csv' names two: its columns decide).
    A file in the QCEW layout is employment, stored under its own name (several may be loaded)."""
    columns = {column_name(h) for h in header}
    if looks_like_qcew(list(columns)):
        return QCEW_PREFIX + _stored_name(label)
    if set(CROSSWALK_COLUMNS) <= columns:
        return CROSSWALK
    if set(REGION_CROSSWALK_COLUMNS) <= columns:
        return REGION_CROSSWALK
    by_columns = [t.file for t in registry.uploadable() if set(t.required) <= columns]
    if len(by_columns) == 1:
        return by_columns[0]
    lowered = label.lower()
    by_name = [t.file for t in registry.uploadable() if any(word in lowered for word in t.name_hints)]
    return by_name[0] if len(by_name) == 1 else None


def _stored_name(label: str) -> str:
    """A QCEW file's name as stored: its own name (a sheet's name after the workbook's), made safe."""
    return safe_file_name(label)


def _read_zip(name: str, raw: bytes, result: Uploaded) -> None:
    """BLS's QCEW files in a ZIP (the by-area archive, or the files one zipped): the state's, checked first."""
    geography = load_geography()
    intake = read_zip(name, raw, geography.state_fips, geography.state_name, UPLOAD_ZIP)
    result.problems += intake.problems
    if intake.problems:
        return
    for stored, content in intake.files.items():
        if stored in result.files:
            result.problem(
                intake.sources[stored], f"is a second {stored} in this upload (first: {result.sources[stored]})"
            )
            continue
        result.files[stored] = content
        result.sources[stored] = intake.sources[stored]
    result.notes += intake.notes


def _add(result: Uploaded, dataset: str | None, label: str, content: bytes) -> None:
    if dataset is None:
        result.problem(
            label,
            "cannot tell which dataset this is: name it after one (partnerships, members, outcomes, reported) "
            "or give it that dataset's required columns (a QCEW file: BLS's own layout; the crosswalk: industry, "
            "naics; the counties' regions: county_fips, county, region, region_name)",
        )
    elif dataset in result.files:
        result.problem(label, f"is a second {dataset} in this upload (first: {result.sources[dataset]}); send one")
    else:
        result.files[dataset] = content
        result.sources[dataset] = label


# --------------------------------------------------------------------------------------------
# CSV


def _read_csv(name: str, raw: bytes, result: Uploaded) -> None:
    for signature, what in SIGNATURES.items():
        if raw.startswith(signature):
            result.problem(name, f"is not a CSV text file: it is {what}")
            return
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            raw = raw.decode("utf-16").encode("utf-8")  # Excel's "Unicode text"
        except UnicodeDecodeError:
            result.problem(name, "starts with a UTF-16 byte-order mark but is not valid UTF-16; save it as CSV UTF-8")
            return
    lines = raw.splitlines()  # \n, \r\n or an old Mac's \r
    first_line = (lines[0] if lines else b"").decode("utf-8-sig", errors="replace")
    if "\t" in first_line and "," not in first_line:
        raw = _tabs_to_commas(raw)  # tab-separated, as Excel's "Unicode text" and "Text (Tab delimited)" save
        first_line = first_line.replace("\t", ",")
    try:
        header = next(csv.reader([first_line]), [])
    except csv.Error:
        header = []
    _add(result, _dataset_for(PurePath(name).stem, header), name, raw)


def _tabs_to_commas(raw: bytes) -> bytes:
    """Tab-separated text as CSV. Undecodable bytes are kept, so the validator names their row."""
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter="\t"):
            writer.writerow(row)
    except csv.Error:
        return raw  # the validator reports the broken row
    return out.getvalue().encode("utf-8", errors="surrogateescape")


# --------------------------------------------------------------------------------------------
# XLSX


def _check_container(name: str, raw: bytes) -> str | None:
    """Why this .xlsx must not be opened, or None."""
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "is password-protected (encrypted) or a legacy .xls workbook; save it as a plain .xlsx without a password"
        )
    if not raw.startswith(b"PK\x03\x04"):
        return "is not an Excel workbook (.xlsx files are zip archives); save it as .xlsx or CSV UTF-8"
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        return "is a damaged .xlsx (not a readable zip archive)"
    entries = archive.infolist()
    if len(entries) > MAX_XLSX_ENTRIES:
        return f"holds {len(entries):,} parts; a workbook with a few sheets has dozens (limit {MAX_XLSX_ENTRIES})"
    total = sum(e.file_size for e in entries)
    if total > MAX_XLSX_UNCOMPRESSED:
        return f"would expand to {total:,} bytes (limit {MAX_XLSX_UNCOMPRESSED:,}): refused as a possible zip bomb"
    for entry in entries:
        if (
            entry.compress_size
            and entry.file_size / entry.compress_size > MAX_XLSX_RATIO
            and entry.file_size > 1_000_000
        ):
            ratio = entry.file_size // entry.compress_size
            return f"part '{entry.filename}' is compressed {ratio}:1: refused as a possible zip bomb"
        if entry.filename.endswith((".xml", ".rels")):
            with archive.open(entry) as part:
                start = part.read(4096)
            if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
                return (
                    f"part '{entry.filename}' declares a DOCTYPE or XML entities, which workbooks never need: refused"
                )
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        return "is a zip archive but not an Excel workbook (no xl/workbook.xml)"
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(name: str, raw: bytes, result: Uploaded) -> None:
    refusal = _check_container(name, raw)
    if refusal:
        result.problem(name, refusal)
        return
    import openpyxl  # parses through defusedxml when it is installed (it is a dependency)

    try:
        # Values as Excel last saved them, and beside them the formulas: a formula with no saved
        # value (a file written by a program that does not calculate) is named, not read as blank.
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a malformed workbook
        result.problem(
            name, f"could not be read as a workbook ({type(error).__name__}); re-save it from Excel as .xlsx"
        )
        return
    try:
        found = 0
        for sheet, sheet_formulas in zip(workbook.worksheets, formulas.worksheets, strict=True):
            label = f"{name}, sheet '{sheet.title}'"
            rows = sheet.iter_rows(values_only=True)
            header_cells = next(rows, None)
            if header_cells is None:
                continue
            header = _trimmed([_cell_text(h) for h in header_cells])
            dataset = _dataset_for(sheet.title, header)
            if sheet.sheet_state != "visible":
                if dataset is not None:
                    result.problem(label, "is hidden, so it was not read: unhide it to load it, or delete it")
                continue
            if dataset is None and len(workbook.worksheets) > 1:
                continue  # notes or instructions sheets are ignored when others name a dataset
            if len(header) > MAX_SHEET_COLUMNS:
                result.problem(label, f"has {len(header):,} columns; at most {MAX_SHEET_COLUMNS} are allowed")
                continue
            content = _sheet_csv(label, header, rows, sheet_formulas.iter_rows(min_row=2, values_only=True), result)
            if content is not None:
                _add(result, dataset, label, content)
                found += 1
        if not found and not any(p.file.startswith(name) for p in result.problems):
            result.problem(name, "has no sheet named after a dataset (partnerships, members, outcomes, reported)")
    finally:
        workbook.close()
        formulas.close()


def _trimmed(cells: list[str]) -> list[str]:
    """Without the blank cells at the end of a row (a sheet without a <dimension> pads rows unevenly)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _sheet_csv(
    label: str,
    header: list[str],
    rows: Iterator[tuple[object, ...]],
    formulas: Iterator[tuple[object, ...]],
    result: Uploaded,
) -> bytes | None:
    """The sheet as CSV, each row as wide as the header; None (with problems) if it cannot be."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    width = len(header)
    unsaved = 0
    for number, (row, row_formulas) in enumerate(zip(rows, formulas, strict=False), start=2):
        if number - 1 > MAX_SHEET_ROWS:
            result.problem(label, f"has more than {MAX_SHEET_ROWS:,} rows")
            return None
        cells = [_cell_text(v) for v in row]
        for position, (value, formula) in enumerate(zip(row, row_formulas, strict=False)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                unsaved += 1
                if unsaved <= 20:
                    column = header[position] if position < width else None
                    result.problem(
                        label,
                        f"holds a formula ({formula[:60]}) with no saved value; open the workbook in Excel so it "
                        "calculates, and save it again (or paste the values)",
                        row=number,
                        column=column,
                    )
        cells = cells[:width] if not any(cells[width:]) else cells  # blank overflow cells are padding
        writer.writerow(cells + [""] * (width - len(cells)))
    return None if unsaved else out.getvalue().encode("utf-8")
