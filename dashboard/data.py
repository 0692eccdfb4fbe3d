"""Load and validate data into typed frames.

Nothing is read at import time. The data the app shows is the latest version in the store
(dashboard.store); on first use an empty store is filled from the data directory, after that
directory has been validated. :func:`get_dataset` keeps the dataset of the latest version and
looks for a newer one every few seconds, so an applied upload reaches every worker.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import threading
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from dashboard import frame_cache
from dashboard.config import Settings
from dashboard.geography import Geography, load_geography
from dashboard.schema import (
    FILES,
    INDUSTRIES,
    LOWERCASE,
    MEMBERS,
    OPTIONAL,
    ORG_TYPES,
    OUTCOMES,
    PARTNERSHIPS,
    REPORTED,
    REQUIRED,
    SOURCE_INDEX,
    STATUSES,
    TRUE_WORDS,
    DataContractError,
    Problem,
    failure_problems,
    is_undated,
    parse_inferred,
    parse_regions,
    schemas,
    spreadsheet_row,
    suggest,
    suggest_regions,
)
from dashboard.store import MANIFEST_NAME, Store, default_url

MANIFEST = "manifest.json"
MAX_FILE_BYTES = 256 * 1024 * 1024  # a server-side data directory; uploads get their own, lower limit
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000


@dataclass(frozen=True)
class Dataset:
    """The four validated tables plus the geography they refer to."""

    partnerships: pd.DataFrame
    """partnership_id, name, industry, regions (list[int]), status, launched_year, convener, source, notes."""
    members: pd.DataFrame
    """partnership_id, organization, org_type, county, region (from county), joined_year, left_year."""
    outcomes: pd.DataFrame
    reported: pd.DataFrame
    geography: Geography
    directory: str
    version: str
    sources: pd.DataFrame = field(default_factory=lambda: empty_source_index())
    """The source index: source (as cited in the rows), title, publisher, date ('undated' where none), address."""
    sample_notes: dict[str, str] = field(default_factory=dict)
    """Datasets in this directory that are generated sample data, with a sentence on how."""
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)
    """Results computed from this dataset (see dashboard.membership.memoized)."""

    @property
    def is_sample(self) -> bool:
        return bool(self.sample_notes)

    @cached_property
    def partnership_regions(self) -> pd.DataFrame:
        """One row per (partnership, region) it covers, with the partnership's columns."""
        exploded = self.partnerships.explode("regions").rename(columns={"regions": "region"})
        exploded["region"] = exploded["region"].astype(int)
        return exploded.reset_index(drop=True)

    @cached_property
    def industries(self) -> list[str]:
        return sorted(self.partnerships["industry"].unique())

    @property
    def regions(self) -> list[int]:
        return list(self.geography.regions.index)


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
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        message = (
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as 'CSV UTF-8' "
            "(Excel: File → Save As → CSV UTF-8)"
        )
        return None, [Problem(name, row, None, message)]


def empty_source_index() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in REQUIRED[SOURCE_INDEX] + OPTIONAL[SOURCE_INDEX]})


def read_table(name: str, raw: bytes) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV bytes into a frame of stripped strings, or say what is wrong with the file."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(name, None, None, f"is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")]
    text, problems = _decode(name, raw)
    if text is None:
        return None, problems
    # Let the csv module read any cell the file limit allows; long cells are reported below,
    # with their row and column, rather than as the module's generic "field larger than" error.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    try:
        # Blank lines (no field, or only empty fields) are skipped; any() is C-speed on a list of str.
        records = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if any(row)]
    except csv.Error as error:
        return None, [Problem(name, None, None, f"is not valid CSV: {error}")]
    if not records:
        return None, [Problem(name, None, None, "the file is empty; expected a header row and data rows")]
    header = [column.strip() for column in records[0]]
    if len(header) > MAX_COLUMNS:
        return None, [Problem(name, 1, None, f"has {len(header):,} columns; at most {MAX_COLUMNS} are allowed")]
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if column in seen:
            problems.append(Problem(name, 1, column, "this header appears more than once"))
        elif not column and position <= len(header):
            problems.append(Problem(name, 1, None, f"header cell {position} is blank"))
        seen.add(column)
    width = len(header)
    problems += [
        Problem(name, number, None, f"has {len(record)} fields but the header has {width}")
        for number, record in enumerate(records[1:], start=2)
        if len(record) != width
    ]
    if problems:
        return None, problems
    # Cell-level work is done column by column in pandas: a million rows stay quick.
    frame = pd.DataFrame(records[1:], columns=header, dtype=str)
    for position, column in enumerate(frame.columns):
        cells = frame.iloc[:, position]
        too_long = cells.str.len() > MAX_CELL_CHARS
        problems += [
            Problem(
                name,
                spreadsheet_row(i),
                column or None,
                f"cell is {len(cells[i]):,} characters; the limit is {MAX_CELL_CHARS:,}",
            )
            for i in frame.index[too_long]
        ]
        frame.iloc[:, position] = cells.str.strip()
    if problems:
        return None, problems
    return frame, []


def _conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the contract's columns, add absent optional ones as blank, lower-case enumerations."""
    wanted = [c for c in REQUIRED[name] + OPTIONAL[name] if c in frame.columns]
    frame = frame[wanted].copy()
    for column in OPTIONAL[name]:
        if column not in frame.columns:
            frame[column] = ""
    for column in LOWERCASE[name]:
        if column in frame.columns:
            frame[column] = frame[column].str.lower()
    return frame.reset_index(drop=True)


def _validate(name: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return failure_problems(name, errors.failure_cases)
    return []


def _optional_int(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", None)).astype("Int64")


# --------------------------------------------------------------------------------------------
# Loading a directory


def _read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    return sample_notes_of(path.read_bytes(), str(directory)) if path.exists() else {}


def sample_notes_of(manifest: bytes, where: str) -> dict[str, str]:
    """The manifest's {file: how it was generated} for files that are sample data."""
    try:
        parsed: dict[str, Any] = json.loads(manifest.decode("utf-8"))
        notes = parsed.get("sample", {})
        return {str(k): str(v) for k, v in notes.items()}
    except (ValueError, AttributeError) as error:
        raise DataContractError(where, [Problem(MANIFEST, None, None, f"is not valid JSON: {error}")]) from None


def read_directory(directory: Path) -> dict[str, bytes]:
    missing = [name for name in FILES if not (directory / name).is_file()]
    if missing:
        problems = [
            Problem(name, None, None, f"file is missing; expected columns: {', '.join(REQUIRED[name])}")
            for name in missing
        ]
        raise DataContractError(str(directory), problems)
    files = {name: (directory / name).read_bytes() for name in FILES}
    if (directory / SOURCE_INDEX).is_file():
        files[SOURCE_INDEX] = (directory / SOURCE_INDEX).read_bytes()
    return files


def parse_files(
    raw: Mapping[str, bytes], directory: str, geography: Geography, sample_notes: dict[str, str] | None = None
) -> Dataset:
    """Validate the four files' bytes (and the source index, if given) as a whole; raise
    DataContractError listing every problem."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    names = [*FILES, SOURCE_INDEX] if SOURCE_INDEX in raw else list(FILES)
    for name in names:
        frame, file_problems = read_table(name, raw[name])
        problems += file_problems
        if frame is not None:
            frames[name] = _conform(name, frame)
    # When partnerships.csv cannot be read, members are not checked against its ids (a hint says so).
    ids = list(frames[PARTNERSHIPS].get("partnership_id", [])) if PARTNERSHIPS in frames else None
    contract = schemas(ids, geography.county_names)
    for name, frame in frames.items():
        problems += _validate(name, frame, contract[name])
    hints: list[str] = []
    if MEMBERS in frames and not problems:
        problems += _member_year_problems(frames[MEMBERS])
    county_problems = [p for p in problems if p.file == MEMBERS and p.column == "county"]
    problems = [_with_suggestion(p, geography.county_names) for p in problems]
    if county_problems:
        hints.append("Valid counties: " + ", ".join(geography.county_names) + ".")
    if PARTNERSHIPS not in frames and MEMBERS in frames:
        hints.append(f"members.csv was not checked against partnership ids because {PARTNERSHIPS} could not be read.")
    if problems:
        raise DataContractError(directory, sorted(problems, key=_problem_order), hints)

    version = hashlib.sha256(b"".join(hashlib.sha256(raw[n]).digest() for n in names)).hexdigest()[:12]
    return Dataset(
        partnerships=_typed_partnerships(frames[PARTNERSHIPS]),
        members=_typed_members(frames[MEMBERS], geography),
        outcomes=_typed_outcomes(frames[OUTCOMES]),
        reported=_typed_reported(frames[REPORTED]),
        geography=geography,
        directory=directory,
        version=version,
        sample_notes=dict(sample_notes or {}),
        sources=frames[SOURCE_INDEX] if SOURCE_INDEX in frames else empty_source_index(),
    )


def _problem_order(problem: Problem) -> tuple[int, int, str]:
    order = (*FILES, SOURCE_INDEX)
    return (order.index(problem.file) if problem.file in order else -1, problem.row or 0, problem.column or "")


def _with_suggestion(problem: Problem, counties: Sequence[str]) -> Problem:
    """Add 'did you mean' to a near miss: a county, an industry, a status, a region list."""
    if not problem.value or "did you mean" in problem.message:
        return problem
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
        hint = suggest_regions(problem.value)
    else:
        hint = ""
    return Problem(problem.file, problem.row, problem.column, problem.message + hint, value=problem.value)


def _member_year_problems(members: pd.DataFrame) -> list[Problem]:
    left = members["left_year"]
    mask = (left != "") & (pd.to_numeric(left.replace("", None)) < pd.to_numeric(members["joined_year"]))
    return [
        Problem(
            MEMBERS,
            spreadsheet_row(int(i)),
            "left_year",
            f"'{left[i]}' is before joined_year {members.at[i, 'joined_year']}",
        )
        for i in members.index[mask.fillna(False).astype(bool)]
    ]


def _typed_partnerships(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.copy()
    typed["regions"] = typed["regions"].map(parse_regions)
    typed["launched_year"] = _optional_int(typed["launched_year"])
    typed["inferred"] = typed["inferred"].map(parse_inferred)
    return typed


def _typed_members(frame: pd.DataFrame, geography: Geography) -> pd.DataFrame:
    typed = frame.copy()
    typed["joined_year"] = typed["joined_year"].astype(int)
    typed["left_year"] = _optional_int(typed["left_year"])
    typed["region"] = typed["county"].map(geography.region_of_county()).astype("Int64")
    return typed


def _typed_outcomes(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.copy()
    typed["rate"] = typed["rate"].astype(float)
    typed["respondents"] = _optional_int(typed["respondents"])
    return typed


def _typed_reported(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.copy()
    typed["value"] = typed["value"].astype(float)
    typed["as_of_approximate"] = typed["as_of_approximate"].isin(TRUE_WORDS)
    undated = typed["as_of"].map(is_undated)
    typed["as_of"] = typed["as_of"].where(~undated, "undated")
    # A figure whose source gives no date has no year: it is never placed on a time axis.
    typed["year"] = pd.to_numeric(typed["as_of"].str[:4].where(~undated), errors="coerce").astype("Int64")
    return typed


def load_dataset(directory: Path) -> Dataset:
    """Read and validate a data directory. Raises DataContractError naming every problem."""
    directory = directory.resolve()
    return parse_files(read_directory(directory), str(directory), load_geography(), _read_manifest(directory))


def directory_files(directory: Path) -> dict[str, bytes]:
    """The four files (and the source index and manifest, if any) of a data directory, as bytes."""
    files = read_directory(directory)
    if (directory / MANIFEST).exists():
        files[MANIFEST_NAME] = (directory / MANIFEST).read_bytes()
    return files


def dataset_from_files(files: Mapping[str, bytes], where: str, version: str | None = None) -> Dataset:
    notes = sample_notes_of(files[MANIFEST_NAME], where) if MANIFEST_NAME in files else {}
    dataset = parse_files({n: files[n] for n in (*FILES, SOURCE_INDEX) if n in files}, where, load_geography(), notes)
    if version is None:
        return dataset
    return dataclasses.replace(dataset, version=f"{version} ({dataset.version})", memo={})


HEAD_CHECK_SECONDS = 2.0  # how stale a worker's idea of the latest version may be
_heads: dict[str, tuple[float, int]] = {}
_validated: dict[tuple[str, int], Dataset] = {}
_init_lock = threading.Lock()


def store_url(settings: Settings) -> str:
    return settings.database_url or default_url(settings.instance)


@lru_cache(maxsize=8)
def get_store(url: str) -> Store:
    return Store(url)


def current_store(settings: Settings | None = None) -> Store:
    return get_store(store_url(settings or Settings.from_env()))


def head_version(store: Store, data_dir: Path, *, fresh: bool = False) -> int:
    """The latest version, checked at most every HEAD_CHECK_SECONDS (or now, if `fresh`).

    An empty store is filled from `data_dir` first, after validating it (a DataContractError
    leaves the store empty)."""
    now = time.monotonic()
    cached = _heads.get(store.url)
    if cached and not fresh and now - cached[0] < HEAD_CHECK_SECONDS:
        return cached[1]
    head = store.head()
    if head is None:
        with _init_lock:
            validated = load_dataset(data_dir)  # validate before anything is stored
            head = store.initialise(directory_files(data_dir.resolve()), source=str(data_dir))
            _validated[(store.url, head)] = validated  # so the first request does not parse it again
    _heads[store.url] = (now, head)
    return head


@lru_cache(maxsize=4)
def _cached_dataset(url: str, version_id: int, where: str, cache_folder: Path) -> Dataset:
    """A version's dataset: handed over after first-run validation, read from the local Parquet
    cache of that exact content, or parsed and validated from the stored files (then cached)."""
    store = get_store(url)
    key = frame_cache.cache_key(store.checksums(version_id))
    label = f"v{version_id}"
    dataset = _validated.pop((url, version_id), None)
    if dataset is None:
        cached = frame_cache.load(cache_folder, key)
        if cached is not None:
            frames, meta = cached
            notes = meta.get("sample_notes", {})
            return Dataset(
                **frames,
                geography=load_geography(),
                directory=where,
                version=f"{label} ({meta.get('version', '')})",
                sample_notes={str(k): str(v) for k, v in notes.items()} if isinstance(notes, dict) else {},
            )
        dataset = dataset_from_files(store.files(version_id), where)
    frames = {name: getattr(dataset, name) for name in frame_cache.FRAMES}
    frame_cache.save(cache_folder, key, frames, {"version": dataset.version, "sample_notes": dataset.sample_notes})
    return dataclasses.replace(dataset, version=f"{label} ({dataset.version})", memo={})


def version_dataset(store: Store, version_id: int, settings: Settings | None = None) -> Dataset:
    """Any version's dataset, parsed once per process (and kept on disk) like the latest one."""
    settings = settings or Settings.from_env()
    return _cached_dataset(store.url, version_id, str(settings.data_dir), settings.instance / "cache")


def get_dataset(settings: Settings | None = None) -> Dataset:
    """The dataset of the store's latest version."""
    settings = settings or Settings.from_env()
    store = get_store(store_url(settings))
    head = head_version(store, settings.data_dir)
    return _cached_dataset(store.url, head, str(settings.data_dir), settings.instance / "cache")


def reset_caches() -> None:
    """Forget cached stores, heads and datasets (tests switch data directories)."""
    _cached_dataset.cache_clear()
    get_store.cache_clear()
    _heads.clear()
    _validated.clear()


def after_fork() -> None:
    """In a forked worker: open new database connections rather than share the parent's.

    The loaded datasets are kept (that is what preloading is for); only connection pools reset.
    """
    for url in list(_heads):
        get_store(url).engine.dispose(close=False)
