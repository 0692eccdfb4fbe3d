"""BLS's QCEW files as BLS ships them: the annual by-area ZIP and the single file (up to the whole
country), read without unpacking anything to disk and reduced to the state's rows.

What a staff member has downloaded is taken as it comes:

* a CSV up to ``KEEP_WHOLE_BYTES`` (a county's file, the statewide ``08000`` file, a slice of the
  single file) is kept byte for byte; ``dashboard.data.qcew.read_qcew`` then keeps the state's rows
  and counts the rest;
* a larger CSV (the single file for the whole country, about 3.5 million rows a year) is streamed
  through Arrow's CSV reader a block at a time and reduced to the rows whose ``area_fips`` is the
  state's (``08…``), with a ``source_row`` column giving each row's number in the original file,
  so a problem still names the row the person can find;
* a ZIP (BLS's "CSVs by area" archive, or any ZIP of QCEW CSVs) is checked like a workbook before
  anything is read: entry count, the uncompressed size of what would be read, each entry's
  compression ratio, and entry names (no absolute paths, no ``..``, no encrypted entries). An entry
  whose name gives another area's code (``2023.annual 56001 Albany County, Wyoming.csv``) is
  counted and not read; the others are read as above.

Pure but for reading the given file or bytes: what is read, what is skipped (in words) and any
problem come back together, and nothing is stored here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as arrow_csv

from dashboard.data.contract import Problem
from dashboard.data.qcew import LAYOUT_HELP, QCEW_PREFIX, SOURCE_ROW, looks_like_qcew

KEEP_WHOLE_BYTES = 32 * 1024 * 1024
"""A QCEW CSV up to this size is kept as it is; a larger one is reduced to the state's rows."""
MAX_NAME_CHARS = 200  # a stored name's own part, before .csv: the store takes names of up to 255 characters
# What Arrow reads at a time: 2 MB read the whole country fastest, with the least memory (make bench).
BLOCK_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """What a ZIP may hold before it is refused unread."""

    entries: int
    uncompressed: int
    """The most bytes that the entries to be read may expand to, all together."""
    ratio: int = 100
    """The most an entry over 1 MB may expand per byte stored (a zip bomb expands thousands of times)."""


# BLS's annual by-area archive holds about 4,500 CSV files (every county, state, metropolitan area and the
# nation); a state's share of them expands to tens of megabytes, the whole-country single file to about 1 GB.
DIRECTORY_ZIP = ZipLimits(entries=10_000, uncompressed=4 * 1024**3)
UPLOAD_ZIP = ZipLimits(entries=10_000, uncompressed=200 * 1024**2)

# The area code in the name of a by-area file, as BLS names them: "2023.annual 08001 Adams County, Colorado.csv"
# (US000, C1974 for a metropolitan area, CS216 for a combined one). Only a name in that form is read for it.
_AREA_IN_NAME = re.compile(r"(?:^|[-_ ])\d{4}\.[a-z0-9.-]+ (\d{5}|US[0-9A-Z]{3}|C[0-9A-Z]{4}) ")


@dataclass
class Intake:
    """What came of QCEW files as shipped: the files to store, where each came from, what was skipped."""

    files: dict[str, bytes] = field(default_factory=dict)
    """Stored name (qcew/…) → content."""
    sources: dict[str, str] = field(default_factory=dict)
    """Stored name → where it came from ("2023_annual_by_area.zip, entry '…'")."""
    notes: list[str] = field(default_factory=list)
    """What was skipped unread or reduced, one sentence per file, for the preview (never an error)."""
    problems: list[Problem] = field(default_factory=list)


def safe_file_name(label: str) -> str:
    """A file's name as stored under qcew/: its own name, without folders, made safe, ending .csv."""
    stem = PurePosixPath(label.replace("\\", "/")).name.replace(", sheet '", "-").replace("'", "")
    safe = "".join(c if c.isalnum() or c in "-_. " else "-" for c in stem).strip(" .") or "qcew"
    if safe.lower().endswith(".csv"):
        safe = safe[:-4]
    return safe[:MAX_NAME_CHARS].rstrip(" .") + ".csv"


def area_in_name(name: str) -> str | None:
    """The area code a by-area file's name gives ('08001'), or None (the single file, a name of one's own)."""
    found = _AREA_IN_NAME.search(PurePosixPath(name).name)
    return found.group(1) if found else None


# --------------------------------------------------------------------------------------------
# A CSV too large to keep whole


def reduce_to_state(
    label: str, open_stream: Callable[[], IO[bytes]], state_fips: str, state: str
) -> tuple[bytes | None, str, list[Problem]]:
    """The state's rows of a large QCEW CSV (with each row's number in the original as source_row), a
    sentence on what was skipped, or the problems. `open_stream` opens the file anew each time it is called."""
    with open_stream() as stream:
        first = stream.readline(64 * 1024).decode("utf-8-sig", errors="replace")
    header = next(csv.reader([first]), [])
    header = [h.strip() for h in header]
    if not looks_like_qcew(header) or "area_fips" not in header:
        found = ", ".join(h for h in header[:12] if h) or "no names"
        return None, "", [Problem(label, 1, None, f"is not a QCEW file (the header has: {found}…); {LAYOUT_HELP}")]
    if len(set(header)) != len(header):
        return None, "", [Problem(label, 1, None, "names a column twice in its header")]
    options = arrow_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False)
    kept: list[pa.RecordBatch] = []
    rows = outside = 0
    try:
        with open_stream() as stream:
            reader = arrow_csv.open_csv(
                stream,
                read_options=arrow_csv.ReadOptions(block_size=BLOCK_BYTES, encoding="utf8"),
                convert_options=options,
            )
            for batch in reader:
                area = pc.utf8_trim_whitespace(batch.column("area_fips"))
                ours = pc.starts_with(area, state_fips)
                numbers = pa.array(range(rows + 2, rows + 2 + batch.num_rows), type=pa.int64())
                mine = batch.append_column(SOURCE_ROW, numbers).filter(ours)
                if mine.num_rows:
                    kept.append(mine)
                rows += batch.num_rows
                outside += batch.num_rows - mine.num_rows
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        row = _first_bad_row(open_stream, len(header))
        return None, "", [Problem(label, row, None, f"is not valid CSV in the QCEW layout: {_arrow_message(error)}")]
    if not kept:
        return None, "", [
            Problem(label, None, "area_fips",
                    f"has no row for {state} (area_fips {state_fips}…): its {rows:,} row(s) are all for other areas. "
                    f"Load {state}'s files, or a file that holds {state}'s rows")
        ]  # fmt: skip
    table = pa.Table.from_batches(kept)
    out = io.BytesIO()
    arrow_csv.write_csv(table, out, arrow_csv.WriteOptions(quoting_style="needed"))
    note = (
        f"{label}: {rows:,} rows read; the {table.num_rows:,} for {state} (area_fips {state_fips}…) kept, "
        f"{outside:,} for areas outside {state} skipped"
    )
    return out.getvalue(), note, []


def _arrow_message(error: Exception) -> str:
    text = str(error).split("\n")[0]
    return text.removeprefix("CSV parse error: ")[:200]


def _first_bad_row(open_stream: Callable[[], IO[bytes]], width: int) -> int | None:
    """The line of the first record whose field count differs from the header's (read again, only
    when the file is broken)."""
    with open_stream() as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(text)
        try:
            for record in reader:
                if record and len(record) != width:
                    return reader.line_num
        except csv.Error:
            return reader.line_num
    return None


# --------------------------------------------------------------------------------------------
# A ZIP


@contextmanager
def _opened(source: bytes | Path) -> Iterator[zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    try:
        yield archive
    finally:
        archive.close()


def read_zip(label: str, source: bytes | Path, state_fips: str, state: str, limits: ZipLimits) -> Intake:
    """The state's QCEW files in a ZIP (as bytes, or a file on disk), checked before anything is read."""
    intake = Intake()
    if isinstance(source, bytes) and not source.startswith(b"PK"):
        intake.problems.append(Problem(label, None, None, "is not a ZIP archive (it does not start as one)"))
        return intake
    try:
        with _opened(source) as archive:
            _read_archive(label, archive, state_fips, state, limits, intake)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        intake.files.clear()
        intake.problems.append(Problem(label, None, None, f"is a damaged ZIP archive ({error}); download it again"))
    return intake


def _refusal(entries: list[zipfile.ZipInfo], limits: ZipLimits) -> str | None:
    """Why this ZIP must not be read at all, or None."""
    if len(entries) > limits.entries:
        return (
            f"holds {len(entries):,} entries; BLS's annual by-area archive has about 4,500 (limit {limits.entries:,}): "
            "refused unread"
        )
    for entry in entries:
        name = entry.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
            return f"holds an entry named '{name[:120]}', a path that leaves the archive: refused unread"
        if entry.flag_bits & 0x1:
            return f"entry '{name[:120]}' is encrypted (password-protected): save the files without a password"
    return None


def _read_archive(
    label: str, archive: zipfile.ZipFile, state_fips: str, state: str, limits: ZipLimits, intake: Intake
) -> None:
    entries = [e for e in archive.infolist() if not e.is_dir()]
    refusal = _refusal(entries, limits)
    if refusal:
        intake.problems.append(Problem(label, None, None, refusal))
        return
    chosen: list[zipfile.ZipInfo] = []
    other_areas: list[str] = []
    not_csv: list[str] = []
    for entry in entries:
        if not entry.filename.lower().endswith(".csv"):
            not_csv.append(PurePosixPath(entry.filename).name)
            continue
        area = area_in_name(entry.filename)
        if area is not None and not area.startswith(state_fips):
            other_areas.append(area)
            continue
        chosen.append(entry)
    if not chosen:
        if len(other_areas) == 1:
            what = "its one CSV file is for another area"
        elif other_areas:
            what = f"its {len(other_areas):,} CSV files are all for other areas"
        else:
            what = "it holds no CSV file"
        intake.problems.append(
            Problem(
                label, None, None, f"holds no QCEW file for {state}: {what}. Load {state}'s files, or BLS's archive"
            )
        )
        return
    total = sum(e.file_size for e in chosen)
    if total > limits.uncompressed:
        intake.problems.append(
            Problem(label, None, None,
                    f"would expand to {total:,} bytes (limit {limits.uncompressed:,}): refused as a possible zip bomb")
        )  # fmt: skip
        return
    for entry in chosen:
        if entry.compress_size and entry.file_size > 1_000_000 and entry.file_size / entry.compress_size > limits.ratio:
            ratio = entry.file_size // entry.compress_size
            intake.problems.append(
                Problem(label, None, None,
                        f"entry '{entry.filename[:120]}' is compressed {ratio:,}:1: refused as a possible zip bomb")
            )  # fmt: skip
            return
    for entry in chosen:
        where = f"{label}, entry '{PurePosixPath(entry.filename).name}'"
        stored = QCEW_PREFIX + safe_file_name(entry.filename)
        if stored in intake.files:
            intake.problems.append(
                Problem(where, None, None, f"has the same name as {intake.sources[stored]}: rename one")
            )
            continue
        if entry.file_size <= KEEP_WHOLE_BYTES:
            content: bytes | None = archive.read(entry)
        else:
            content, note, problems = reduce_to_state(where, partial(archive.open, entry), state_fips, state)
            intake.problems += problems
            if note:
                intake.notes.append(note)
        if content is not None:
            intake.files[stored] = content
            intake.sources[stored] = where
    said = [f"{label}: {_files(len(chosen), 'CSV file')} read"]
    if other_areas:
        said.append(f"{_files(len(other_areas), 'file')} for areas outside {state} not read")
    if not_csv:
        shown = ", ".join(not_csv[:3]) + (" …" if len(not_csv) > 3 else "")
        what = "1 entry that is" if len(not_csv) == 1 else f"{len(not_csv):,} entries that are"
        said.append(f"{what} not CSV not read ({shown})")
    intake.notes.insert(0, "; ".join(said))


def _files(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' if count != 1 else ''}"


def read_large_csv(label: str, path: Path, state_fips: str, state: str, keep_whole: int | None = None) -> Intake:
    """A QCEW CSV on disk: kept whole up to `keep_whole` bytes (KEEP_WHOLE_BYTES unless given), else
    reduced to the state's rows."""
    intake = Intake()
    stored = QCEW_PREFIX + path.name
    if path.stat().st_size <= (KEEP_WHOLE_BYTES if keep_whole is None else keep_whole):
        intake.files[stored] = path.read_bytes()
    else:
        content, note, problems = reduce_to_state(label, lambda: path.open("rb"), state_fips, state)
        intake.problems += problems
        if content is not None:
            intake.files[stored] = content
            intake.notes.append(note)
    intake.sources[stored] = label
    return intake
