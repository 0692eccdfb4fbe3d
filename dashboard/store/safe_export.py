"""Files the app hands out (version downloads, templates) with spreadsheet formulas defused.

A cell such as ``=HYPERLINK(...)`` or ``@SUM(...)`` in a text column would run as a formula when
the file is opened in Excel. Every text cell that starts with ``= + - @``, a tab or a carriage
return gets a leading apostrophe, which spreadsheets show as text. Numeric columns (years, rates,
values) are left alone, so numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.data import registry
from dashboard.data.qcew import CROSSWALK, is_qcew

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def numeric_columns(name: str) -> frozenset[str]:
    """The columns of file `name` exported as numbers (the registry's; none for any other file)."""
    return registry.table(name).numeric if registry.is_table(name) else frozenset()


def exported(files: Mapping[str, bytes]) -> list[str]:
    """The datasets of a version that a download holds, in the registry's order (the source index is the
    administrator's, not handed out)."""
    return [t.file for t in registry.uploadable() if t.file in files]


def escape_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def rows_of(name: str, raw: bytes) -> list[list[str]]:
    """A stored CSV's rows with text cells escaped (the header row too)."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    if not rows:
        return rows
    numeric = {i for i, column in enumerate(rows[0]) if column.strip() in numeric_columns(name)}
    header = [escape_text(column) for column in rows[0]]  # an extra column's name is text from the upload too
    if is_qcew(name):  # BLS's files: a number (a negative change, say) stays a number; any other text is defused
        return [header] + [[cell if _is_number(cell) else escape_text(cell) for cell in row] for row in rows[1:]]
    return [header] + [[cell if i in numeric else escape_text(cell) for i, cell in enumerate(row)] for row in rows[1:]]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_csv(name: str, raw: bytes) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows_of(name, raw))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads it as UTF-8


def version_zip(files: Mapping[str, bytes]) -> bytes:
    """Every file of the version as CSV: its datasets, and the crosswalk and QCEW files when it has them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [*exported(files), *sorted(n for n in files if n == CROSSWALK or is_qcew(n))]:
            archive.writestr(name, safe_csv(name, files[name]))
    return out.getvalue()


def _number(text: str) -> int | float | str:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def version_xlsx(files: Mapping[str, bytes]) -> bytes:
    """One workbook, one sheet per dataset (named as the upload expects), numbers as numbers; with
    the crosswalk when the version has one (QCEW files, one per county, are in the zip)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    for name in [*exported(files), *([CROSSWALK] if CROSSWALK in files else [])]:
        sheet = workbook.create_sheet(title=name.removesuffix(".csv"))
        rows = rows_of(name, files[name])
        numeric = {i for i, c in enumerate(rows[0]) if c.strip() in numeric_columns(name)} if rows else set()
        for number, row in enumerate(rows):
            sheet.append([_number(c) if number and i in numeric and c else c for i, c in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def frame_csv(frame: pd.DataFrame, preface: Sequence[str] = ()) -> bytes:
    """A table the page shows, as CSV for a spreadsheet: `preface` lines first (a sample label, the sources),
    text cells defused, numbers as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in preface:
        writer.writerow([escape_text(line)])
    writer.writerow([escape_text(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(
            [cell if isinstance(cell, int | float) else escape_text("" if cell is None else str(cell)) for cell in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
