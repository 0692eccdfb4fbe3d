"""Reading one CSV file and validating a set of them against the contract: bytes in, a Dataset or every problem out.

One validator serves both the data directory and uploads, so an upload is held to exactly the same rules.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
import pyarrow.csv as arrow_csv

from dashboard.data import registry
from dashboard.data.contract import (
    INDUSTRIES,
    MEMBERS,
    METHODS,
    ORG_TYPES,
    OUTCOME_MEASURES,
    PARTNERSHIP_OUTCOMES,
    PARTNERSHIPS,
    STATUSES,
    ZERO_WIDTH,
    DataContractError,
    Problem,
    column_name,
    failure_problems,
    measures_in_force,
    spreadsheet_row,
    suggest,
    suggest_regions,
    whole_numbers,
)
from dashboard.data.dataset import Dataset
from dashboard.data.geography import Geography
from dashboard.data.qcew import (
    CROSSWALK,
    combine,
    empty_crosswalk,
    empty_file_report,
    is_qcew,
    read_crosswalk,
    read_qcew,
)
from dashboard.data.registry import Table

MAX_FILE_BYTES = 256 * 1024 * 1024  # a server-side data directory; uploads get their own, lower limit
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000


# --------------------------------------------------------------------------------------------
# Reading one CSV file


def _decode(name: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    if not raw.strip():
        return None, [Problem(name, None, None, "the file is empty; expected a header row and data rows")]
    if b"\x00" in raw[:4096]:
        return None, [
            Problem(name, None, None, "is not a CSV text file (it contains binary data); save it as CSV UTF-8")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        message = (
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as 'CSV UTF-8' "
            "(Excel: File → Save As → CSV UTF-8)"
        )
        return None, [Problem(name, row, None, message)]
    nul = text.find("\x00")
    if nul >= 0:  # past the first 4 KB: a damaged file, never stored or served back
        row = text.count("\n", 0, nul) + 1
        message = "contains a NUL (binary zero) character: the file is damaged or not text"
        return None, [Problem(name, row, None, message)]
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line endings
    # str.translate visits every character in Python; a file without any is left as it is.
    return (text.translate(ZERO_WIDTH) if any(chr(c) in text for c in ZERO_WIDTH) else text), []


def _records(name: str, text: str) -> tuple[list[list[str]], list[Problem]]:
    """The file's rows (blank lines skipped), or the row where the CSV breaks."""
    try:
        # Blank lines (no field, or only empty fields) are skipped; any() is C-speed on a list of str.
        return [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if any(row)], []
    except csv.Error as error:
        return [], [Problem(name, _broken_row(text), None, _csv_message(error))]


def _broken_row(text: str) -> int:
    """The line where the record that breaks the CSV starts (read again, only when it is broken)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for _row in reader:
            start = reader.line_num + 1
    except csv.Error:
        pass
    return start


def _csv_message(error: csv.Error) -> str:
    if "unexpected end of data" in str(error) or "EOF" in str(error):
        return 'a quote (") opened in this row is never closed; close it, or double quotes inside a quoted cell'
    return f"is not valid CSV: {error}"


def read_table(name: str, raw: bytes) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV bytes into a frame of stripped strings, or say what is wrong with the file."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(name, None, None, f"is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")]
    text, problems = _decode(name, raw)
    if text is None:
        return None, problems
    columnar = _columnar(text)
    shape_problems: list[Problem] = []
    rows: list[list[str]] = []
    if columnar is not None:
        header = [column_name(str(cell)) for cell in columnar.slice(0, 1).to_pylist()[0].values()]
    else:
        records, shape_problems = _exact_records(name, text)
        if records is None:
            return None, shape_problems
        header, rows = [column_name(column) for column in records[0]], records[1:]
    if len(header) > MAX_COLUMNS:
        return None, [Problem(name, 1, None, f"has {len(header):,} columns; at most {MAX_COLUMNS} are allowed")]
    if columnar is not None:
        cells = list(columnar.slice(1).columns)
    else:  # a ragged file is refused below, before its columns would be built
        cells = [] if shape_problems else [_strings([row[i] for row in rows]) for i in range(len(header))]
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if column in seen:
            problems.append(Problem(name, 1, column, "this header appears more than once"))
        elif not column and position <= len(header):
            problems.append(Problem(name, 1, None, f"header cell {position} is blank"))
        seen.add(column)
    problems += shape_problems
    if problems:
        return None, problems
    # Cell-level work is done column by column in Arrow: a million rows stay quick.
    for column, values in zip(header, cells, strict=True):
        lengths = pc.utf8_length(values)
        if len(values) and pc.max(lengths).as_py() > MAX_CELL_CHARS:
            problems += [
                Problem(
                    name,
                    spreadsheet_row(int(i)),
                    column or None,
                    f"cell is {lengths[i].as_py():,} characters; the limit is {MAX_CELL_CHARS:,}",
                )
                for i in np.flatnonzero(pc.greater(lengths, MAX_CELL_CHARS).to_numpy(zero_copy_only=False))
            ]
    if problems:
        return None, problems
    # One contiguous array per column: Arrow reads in 1 MB blocks, and a column in 70 chunks makes
    # every later filter and take on it slower (a region click at a million rows, by a fifth).
    columns = {
        position: pd.Series(pc.utf8_trim_whitespace(values).combine_chunks(), dtype=STRINGS)
        for position, values in enumerate(cells)
    }
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=pd.RangeIndex(0))
    frame.columns = pd.Index(header)
    return frame, []


STRINGS = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas makes of a column of str


def _strings(values: list[str]) -> pyarrow.ChunkedArray:
    return pyarrow.chunked_array([values], type=pyarrow.string())


def _exact_records(name: str, text: str) -> tuple[list[list[str]] | None, list[Problem]]:
    """The header and rows by the csv module, with every broken or ragged row named by number."""
    # Let the csv module read any cell the file limit allows; long cells are reported later,
    # with their row and column, rather than as the module's generic "field larger than" error.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    records, problems = _records(name, text)
    if problems:
        return None, problems
    if not records:
        return None, [Problem(name, None, None, "the file is empty; expected a header row and data rows")]
    width = len(records[0])
    problems = [
        Problem(name, number, None, f"has {len(record)} fields but the header has {width}")
        for number, record in enumerate(records[1:], start=2)
        if len(record) != width
    ]
    return records, problems


QUOTED_LINE = re.compile(r'[^\r\n]*"[^\r\n]*')
COLUMN_TYPES = {f"f{i}": pyarrow.string() for i in range(MAX_COLUMNS + 1)}  # every cell a string


def _columnar(text: str) -> pyarrow.Table | None:
    """Every record (blank ones dropped, the header first), read by Arrow's parser, when that gives
    exactly what the csv module would; None when the file needs the exact reader: a ragged row, a
    cell over more than one line, a quote the csv module would refuse, an empty file.

    Arrow is 10–20 times faster on a large file but reports a broken row by its text, not its number,
    and takes text after a closing quote (``"a"b``) that the csv module refuses; so a line with a
    quote is first read by the csv module (only those lines), and any doubt goes to the exact reader.
    """
    if '"' in text:
        lines = QUOTED_LINE.findall(text)
        reader = csv.reader(io.StringIO("\n".join(lines), newline=""), strict=True)
        try:
            if sum(1 for _ in reader) != len(lines):
                return None  # a quoted cell goes on over a line break
        except csv.Error:
            return None
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=False, ignore_empty_lines=True),
            convert_options=arrow_csv.ConvertOptions(
                column_types=COLUMN_TYPES, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pyarrow.ArrowInvalid, pyarrow.ArrowNotImplementedError):
        return None
    if table.num_columns > MAX_COLUMNS or table.num_rows == 0:
        return None
    # A record of empty cells only (",,,") is a blank line to the csv module; such rows are rare, so
    # only the rows whose first cell is empty are looked at whole.
    candidates = pc.indices_nonzero(pc.equal(table.column(0), ""))
    if len(candidates):
        blank = pyarrow.array(np.ones(len(candidates), dtype=bool))
        for column in table.columns[1:]:
            blank = pc.and_(blank, pc.equal(column.take(candidates), ""))
        drop = pc.filter(candidates, blank)
        if len(drop):
            keep = np.ones(table.num_rows, dtype=bool)
            keep[drop.to_numpy()] = False
            table = table.filter(pyarrow.array(keep))
    return table if table.num_rows else None


def _conform(spec: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the contract's columns, add absent optional ones as blank, lower-case enumerations."""
    wanted = [c for c in spec.columns if c in frame.columns]
    frame = frame[wanted].copy()
    for column in spec.optional:
        if column not in frame.columns:
            frame[column] = ""
    for column in spec.lowercase:
        if column in frame.columns:
            frame[column] = frame[column].str.lower()
    return frame.reset_index(drop=True)


def _validate(name: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return failure_problems(name, errors.failure_cases)
    return []


def parse_files(
    raw: Mapping[str, bytes], directory: str, geography: Geography, sample_notes: dict[str, str] | None = None
) -> Dataset:
    """Validate the files' bytes (every dataset of the registry: those it must have, and the optional
    ones given) as a whole; raise DataContractError listing every problem."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    specs = [t for t in registry.tables() if t.must_have or t.file in raw]
    names = [t.file for t in specs]
    employment, employment_files, crosswalk, optional_problems = _employment(raw, geography)
    problems += optional_problems
    for spec in specs:
        name = spec.file
        frame, file_problems = read_table(name, raw[name])
        problems += file_problems
        if frame is None:
            continue
        missing = [c for c in spec.required if c not in frame.columns]
        if missing:  # one message about the header, not one for every row
            found = ", ".join(c for c in frame.columns if c) or "no names"
            problems += [
                Problem(name, 1, column, f"required column is missing (the header has: {found})") for column in missing
            ]
            continue
        frames[name] = _conform(spec, frame)
    # When partnerships.csv cannot be read, members are not checked against its ids (a hint says so).
    ids = list(frames[PARTNERSHIPS].get("partnership_id", [])) if PARTNERSHIPS in frames else None
    measures = measures_in_force(frames.get(OUTCOME_MEASURES))
    checks = registry.Checks(ids, geography.county_names, geography.state_name, len(geography.regions), measures)
    for spec in specs:
        if spec.file in frames and spec.schema is not None:
            problems += _validate(spec.file, frames[spec.file], spec.schema(checks))
        if spec.file in frames and spec.row_checks is not None:
            problems += spec.row_checks(frames[spec.file], checks)
    hints: list[str] = []
    if PARTNERSHIPS in frames:
        problems += _ids_differing_in_case(frames[PARTNERSHIPS]["partnership_id"])
    if MEMBERS in frames and not problems:
        problems += _member_year_problems(frames[MEMBERS])
    county_problems = [p for p in problems if p.file == MEMBERS and p.column == "county"]
    hinted: dict[tuple[str, str | None, str | None], str] = {}  # a value repeated on many rows is looked up once
    regions = len(geography.regions)
    measure_names = [m.measure for m in measures]
    problems = [
        _with_suggestion(p, geography.county_names, regions, ids or (), hinted, measure_names) for p in problems
    ]
    if county_problems:
        hints.append("Valid counties: " + ", ".join(geography.county_names) + ".")
    if PARTNERSHIPS not in frames and MEMBERS in frames:
        hints.append(f"members.csv was not checked against partnership ids because {PARTNERSHIPS} could not be read.")
    if problems:
        raise DataContractError(directory, sorted(problems, key=_problem_order), hints)

    hashed = [*names, *sorted(n for n in raw if is_qcew(n) or n == CROSSWALK)]
    version = hashlib.sha256(b"".join(hashlib.sha256(raw[n]).digest() for n in hashed)).hexdigest()[:12]
    tables = {
        t.attribute: t.typed(frames[t.file], geography) if t.file in frames else t.empty(geography)
        for t in registry.tables()
    }
    return Dataset.of(
        tables,
        geography=geography,
        directory=directory,
        version=version,
        sample_notes=dict(sample_notes or {}),
        employment=employment,
        employment_files=employment_files,
        crosswalk=crosswalk,
    )


def _employment(
    raw: Mapping[str, bytes], geography: Geography
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[Problem]]:
    """The QCEW files (qcew/…), what became of each file's rows, and the NAICS crosswalk, when present:
    optional datasets."""
    problems: list[Problem] = []
    crosswalk = empty_crosswalk()
    if CROSSWALK in raw:
        frame, file_problems = read_table(CROSSWALK, raw[CROSSWALK])
        problems += file_problems
        if frame is not None:
            crosswalk, file_problems = read_crosswalk(CROSSWALK, frame)
            problems += file_problems
    fips = dict(zip(geography.counties["county_fips"], geography.counties["county"], strict=True))
    files, reports = [], []
    for name in sorted(n for n in raw if is_qcew(n)):
        frame, file_problems = read_table(name, raw[name])
        problems += file_problems
        if frame is not None:
            rows, report, file_problems = read_qcew(name, frame, fips, geography.state_name)
            problems += file_problems
            files.append(rows)
            reports.append(report)
    employment, file_problems = combine(files)
    report = pd.concat(reports, ignore_index=True) if reports else empty_file_report()
    return employment, report, crosswalk, problems + file_problems


def _problem_order(problem: Problem) -> tuple[int, int, str]:
    order = (*(t.file for t in registry.tables()), CROSSWALK)
    place = order.index(problem.file) if problem.file in order else len(order)
    return (place, problem.row or 0, problem.column or "")


def _ids_differing_in_case(ids: pd.Series) -> list[Problem]:
    """'T-Health' beside 't-health' is a typing slip, not a second partnership: refuse it."""
    folded = ids.str.casefold()
    first_of: dict[str, int] = {}
    problems = []
    for position, (value, key) in enumerate(zip(ids, folded, strict=True)):
        if key in first_of and ids.iloc[first_of[key]] != value:
            other = ids.iloc[first_of[key]]
            problems.append(
                Problem(
                    PARTNERSHIPS,
                    spreadsheet_row(position),
                    "partnership_id",
                    f"'{value}' differs from '{other}' (row {spreadsheet_row(first_of[key])}) only in case; "
                    "ids must differ by more than case",
                )
            )
        first_of.setdefault(key, position)
    return problems


def _with_suggestion(
    problem: Problem,
    counties: Sequence[str],
    regions: int,
    ids: Sequence[str] = (),
    hinted: dict[tuple[str, str | None, str | None], str] | None = None,
    measures: Sequence[str] = (),
) -> Problem:
    """Add 'did you mean' to a near miss: a county, an industry, a status, a region list, an id."""
    if not problem.value or "did you mean" in problem.message:
        return problem
    key = (problem.file, problem.column, problem.value)
    if hinted is not None and key in hinted:
        return Problem(problem.file, problem.row, problem.column, problem.message + hinted[key], value=problem.value)
    where = (problem.file, problem.column)
    if where == (MEMBERS, "county"):
        hint = suggest(problem.value, counties)
    elif where == (PARTNERSHIPS, "industry"):
        hint = suggest(problem.value, INDUSTRIES)
    elif where == (PARTNERSHIPS, "status"):
        hint = suggest(problem.value, STATUSES)
    elif where == (MEMBERS, "org_type"):
        hint = suggest(problem.value.replace(" ", "_"), ORG_TYPES)
    elif where == (PARTNERSHIPS, "regions"):
        hint = suggest_regions(problem.value, regions)
    elif where in ((MEMBERS, "partnership_id"), (PARTNERSHIP_OUTCOMES, "partnership_id")):
        hint = suggest(problem.value, ids)
    elif where == (PARTNERSHIP_OUTCOMES, "measure"):
        hint = suggest(problem.value.replace(" ", "_"), measures) or suggest(problem.value, measures)
    elif where == (PARTNERSHIP_OUTCOMES, "method"):
        hint = suggest(problem.value, METHODS)
    else:
        hint = ""
    if hinted is not None:
        hinted[key] = hint
    return Problem(problem.file, problem.row, problem.column, problem.message + hint, value=problem.value)


def _member_year_problems(members: pd.DataFrame) -> list[Problem]:
    left = members["left_year"]
    mask = whole_numbers(left) < whole_numbers(members["joined_year"])
    return [
        Problem(
            MEMBERS,
            spreadsheet_row(int(i)),
            "left_year",
            f"'{left[i]}' is before joined_year {members.at[i, 'joined_year']}",
        )
        for i in members.index[mask.fillna(False).astype(bool)]
    ]
