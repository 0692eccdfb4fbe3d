"""The datasets of the data contract, each declared once.

A dataset is a CSV file of a data directory and of every stored version. What the app knows about one,
its file name, columns, checks, typed frame, name on the Data page, export and change summary, is one
:class:`Table` here; the reader (``parse``), the data directory (``files``), the store (``versions``,
``changes``, ``upload``, ``frame_cache``, ``safe_export``), the routes and the Data page read it from
here rather than keeping a list of their own. Adding a dataset is one declaration (and its views).

Employment (QCEW files, any number of them) and the NAICS crosswalk are read by ``dashboard.data.qcew``:
they are not one file of fixed columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from dashboard.data import contract, typed
from dashboard.data.contract import (
    MEMBERS,
    OUTCOME_MEASURES,
    OUTCOMES,
    PARTNERSHIP_OUTCOMES,
    PARTNERSHIPS,
    REPORTED,
    SOURCE_INDEX,
    Measure,
)
from dashboard.data.geography import Geography


@dataclass(frozen=True)
class Checks:
    """What a dataset's checks may refer to: the partnership ids loaded (None: partnerships.csv could not be
    read), and the counties, state and regions of the geography in force."""

    partnership_ids: Sequence[str] | None
    counties: Sequence[str]
    state: str
    """The state's name, for messages ("is not one of Colorado's 64 counties")."""
    regions: int
    """How many regions the scheme in force has, numbered from 1."""
    measures: Sequence[Measure]
    """The outcome measures in force: the built-in list and those outcome_measures.csv adds."""


@dataclass(frozen=True)
class Table:
    file: str
    """Its name in a data directory and a version ("partnerships.csv")."""
    attribute: str
    """The Dataset attribute that holds its typed frame, and its frame-cache entry."""
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    lowercase: tuple[str, ...] = ()
    """Columns normalised to lower case before they are checked ("Active" is "active")."""
    schema: Callable[[Checks], pa.DataFrameSchema] | None = None
    """The columns' checks (pandera, lazy: every problem at once); None: only the header is checked."""
    row_checks: Callable[[pd.DataFrame, Checks], list[contract.Problem]] | None = None
    """Checks across a row's cells or between rows (a value against its unit, a key given twice), run on the
    conformed text frame beside the schema's; they leave a cell the schema refuses to the schema."""
    typed: Callable[[pd.DataFrame, Geography], pd.DataFrame] = field(default=lambda frame, _geography: frame)
    """The checked text frame → the frame the app reads (numbers, lists)."""
    lists: tuple[tuple[str, type], ...] = ()
    """Columns holding lists, and their items' type: Parquet gives them back as arrays (frame_cache)."""
    numeric: frozenset[str] = frozenset()
    """Columns exported as numbers; every other cell is text, defused against spreadsheet formulas."""
    must_have: bool = True
    """Every data directory and version holds it; else it is optional and empty when absent."""
    uploadable: bool = True
    """It can be sent on the Data page (and is listed in a change)."""
    name_hints: tuple[str, ...] = ()
    """Words in an uploaded file's or sheet's name that say it is this dataset."""
    noun: tuple[str, str] = ("row", "rows")
    """One row and several, in the change summary ("would remove all 28 partnerships")."""
    listed_by: tuple[str, ...] = ()
    """A change lists its rows added and removed by these columns (none: the dataset has its own summary)."""
    changes_heading: tuple[str, str] = ("Rows added", "Rows removed")
    example: tuple[str, ...] = ()
    """The template's example row, in the order of required + optional."""

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    def empty(self, geography: Geography) -> pd.DataFrame:
        """The typed frame of a dataset that is absent (optional) or has no rows."""
        return self.typed(pd.DataFrame({c: pd.Series(dtype=str) for c in self.columns}), geography)


BUILT_IN: tuple[Table, ...] = (
    Table(
        PARTNERSHIPS,
        "partnerships",
        required=("partnership_id", "name", "industry", "regions", "status"),
        optional=("launched_year", "convener", "source", "inferred", "notes"),
        lowercase=("status", "inferred"),
        schema=lambda checks: contract.partnerships_schema(checks.regions),
        typed=lambda frame, _geography: typed.partnerships(frame),
        lists=(("regions", int), ("inferred", str)),
        numeric=frozenset({"launched_year"}),
        name_hints=("partnership",),
        noun=("partnership", "partnerships"),
        example=(
            "example-health",
            "Example Valley Health Sector Partnership",
            "Healthcare",
            "7",
            "active",
            "2019",
            "Example Workforce Center",
            "https://example.org/source",
            "",
            "",
        ),
    ),
    Table(
        MEMBERS,
        "members",
        required=("partnership_id", "organization", "org_type", "joined_year"),
        optional=("county", "left_year"),
        lowercase=("org_type",),
        schema=lambda checks: contract.members_schema(checks.partnership_ids, checks.counties, checks.state),
        typed=typed.members,
        numeric=frozenset({"joined_year", "left_year"}),
        name_hints=("member",),
        noun=("membership row", "membership rows"),
        example=("example-health", "Example Hospital", "business", "2019", "Pueblo", ""),
    ),
    Table(
        OUTCOMES,
        "outcomes",
        required=("survey", "metric", "category", "unit", "rate"),
        optional=("respondents", "source"),
        lowercase=("category", "unit"),
        schema=lambda checks: contract.outcomes_schema(),
        typed=lambda frame, _geography: typed.outcomes(frame),
        numeric=frozenset({"rate", "respondents"}),
        name_hints=("outcome", "survey", "impact"),
        noun=("survey result", "survey results"),
        listed_by=("survey", "metric", "rate"),
        changes_heading=("Survey rows added", "Survey rows removed"),
        example=(
            "Example survey 2025",
            "Found employees with the skills they needed",
            "business",
            "businesses",
            "82",
            "120",
            "https://example.org/survey",
        ),
    ),
    Table(
        REPORTED,
        "reported",
        required=("metric", "value", "as_of", "source"),
        optional=("as_of_approximate", "qualifier", "unit", "label", "notes"),
        lowercase=("as_of", "as_of_approximate"),
        schema=lambda checks: contract.reported_schema(),
        typed=lambda frame, _geography: typed.reported(frame),
        numeric=frozenset({"value"}),
        name_hints=("reported", "published", "figures"),
        noun=("published figure", "published figures"),
        listed_by=("metric", "value", "as_of"),
        changes_heading=("Published figures added", "Published figures removed"),
        example=(
            "businesses_engaged",
            "750",
            "undated",
            "https://example.org/page",
            "false",
            "more than",
            "businesses",
            "More than 750 businesses take part.",
            "The page gives no date.",
        ),
    ),
    # Measures staff add to the built-in list (contract.MEASURES); read before the outcomes they check.
    Table(
        OUTCOME_MEASURES,
        "outcome_measures",
        required=("measure", "label", "unit"),
        optional=("description",),
        lowercase=("measure", "unit"),
        schema=lambda checks: contract.measures_schema(),
        must_have=False,
        name_hints=("measure",),
        noun=("outcome measure", "outcome measures"),
        listed_by=("measure", "label", "unit"),
        changes_heading=("Measures added", "Measures removed"),
        example=("apprentices_hired", "Apprentices hired", "count", "Apprentices the businesses took on."),
    ),
    # What each partnership achieved, year by year: optional, so a directory or version without it shows
    # "no outcomes recorded yet" rather than failing.
    Table(
        PARTNERSHIP_OUTCOMES,
        "partnership_outcomes",
        required=("partnership_id", "year", "measure", "value", "unit", "method"),
        optional=("point", "qualifier", "respondents", "source", "note"),
        lowercase=("year", "measure", "unit", "method", "point"),
        schema=lambda checks: contract.partnership_outcomes_schema(checks.partnership_ids, checks.measures),
        row_checks=lambda frame, checks: contract.partnership_outcome_problems(frame, checks.measures),
        typed=lambda frame, _geography: typed.partnership_outcomes(frame),
        numeric=frozenset({"year", "value", "respondents"}),
        must_have=False,
        name_hints=("partnership_outcome", "partnership outcome", "achiev", "results"),
        noun=("partnership outcome", "partnership outcomes"),
        listed_by=("partnership_id", "year", "measure", "value"),
        changes_heading=("Partnership outcomes added", "Partnership outcomes removed"),
        example=(
            "example-health",
            "2024",
            "jobs_created",
            "12",
            "count",
            "survey",
            "",
            "",
            "31",
            "Example partnership survey 2024",
            "",
        ),
    ),
    # Who published each source a row cites, with its title and date ("undated" where the page gives none),
    # so the page can cite by title and date rather than by file name. Kept by the administrator.
    Table(
        SOURCE_INDEX,
        "sources",
        required=("source", "title"),
        optional=("publisher", "date", "address", "notes"),
        lowercase=("date",),
        schema=lambda checks: contract.source_index_schema(),
        must_have=False,
        uploadable=False,
    ),
)

_tables: list[Table] = list(BUILT_IN)


def tables() -> tuple[Table, ...]:
    """Every dataset, in the order files are read, listed and exported."""
    return tuple(_tables)


def table(file: str) -> Table:
    """The dataset stored as `file`. Raises KeyError for a name that is no dataset."""
    for candidate in _tables:
        if candidate.file == file:
            return candidate
    raise KeyError(file)


def is_table(file: str) -> bool:
    return any(t.file == file for t in _tables)


def must_have() -> tuple[str, ...]:
    """The files every data directory and version holds."""
    return tuple(t.file for t in _tables if t.must_have)


def uploadable() -> tuple[Table, ...]:
    return tuple(t for t in _tables if t.uploadable)


def register(new: Table) -> None:
    """Declare one more dataset (a test's, or one added before its own module is written)."""
    if is_table(new.file) or any(t.attribute == new.attribute for t in _tables):
        raise ValueError(f"a dataset named {new.file} or held as {new.attribute} is declared already")
    _tables.append(new)


def unregister(file: str) -> None:
    """Take back a dataset declared with register (the built-in ones stay)."""
    if any(t.file == file for t in BUILT_IN):
        raise ValueError(f"{file} is part of the contract")
    _tables[:] = [t for t in _tables if t.file != file]
