"""The data contract: the files' names, their allowed values and each file's checks (the datasets
themselves, their columns and what reads them, are declared in ``dashboard.data.registry``).

Validation is pandera's (lazy, so every problem is reported at once); this module turns its
failure cases into :class:`Problem` lines that name the file, the row (as a spreadsheet shows it,
the header being row 1), the column, what is wrong and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

import pandas as pd
import pandera.pandas as pa

from dashboard.data.config import TRUE_WORDS

PARTNERSHIPS: Final = "partnerships.csv"
MEMBERS: Final = "members.csv"
OUTCOMES: Final = "outcomes.csv"
REPORTED: Final = "reported.csv"
SOURCE_INDEX: Final = "sources/index.csv"
PARTNERSHIP_OUTCOMES: Final = "partnership_outcomes.csv"
"""What each partnership achieved, year by year: one row per partnership, year, measure (and before/after)."""
OUTCOME_MEASURES: Final = "outcome_measures.csv"
"""Measures staff add to the built-in list (MEASURES), each with its unit."""
# Each file's columns, checks and typed frame are declared once, in dashboard.data.registry.
MANIFEST: Final = "manifest.json"
"""Which files of a data directory or version are generated sample data, and how (JSON)."""
UNDATED: Final = "undated"
# What a partnership row may say it infers rather than takes from its source.
INFERABLE: Final = ("region", "industry", "status", "convener")

STATUSES: Final = ("active", "emerging", "inactive")
ORG_TYPES: Final = ("business", "education", "workforce", "economic_development", "community", "other")
CATEGORIES: Final = ("business", "jobseeker", "system")
UNITS: Final = ("partnerships", "businesses")
FALSE_WORDS: Final = ("false", "no", "0", "n", "")

# Industries a partnership may name (the sector names CWDC and its partners use). A new sector is
# added here, in one reviewed change, rather than by whoever uploads a file: that is what stops
# "Health Care", "healthcare" and "Healthcare" becoming three industries on the map.
INDUSTRIES: Final = (
    "Aerospace", "Agriculture", "Bioscience", "Construction", "Cybersecurity", "Early Childhood Education",
    "Education", "Energy", "Financial Services", "Healthcare", "Hospitality", "Infrastructure", "Manufacturing",
    "Outdoor Recreation", "Public Safety", "Retail", "Technology", "Tourism & Outdoor Recreation",
    "Transportation & Logistics", "Tree Care", "Water",
)  # fmt: skip

# What a partnership outcome may measure, and in what unit. Staff extend the list with outcome_measures.csv
# (docs/data-files.md); a measure's unit decides its checks: a percent is 0–100, dollars are dollars (no
# thousands, no currency signs), a count is a whole number and never negative.
MEASURE_UNITS: Final = ("percent", "dollars", "count")
METHODS: Final = ("survey", "administrative records", "estimate")
POINTS: Final = ("before", "after")
"""A value measured before or after something (training), when a row is one side of such a pair."""


@dataclass(frozen=True)
class Measure:
    measure: str
    label: str
    unit: str
    description: str = ""

    @property
    def phrase(self) -> str:
        """The label inside a sentence ("jobs created")."""
        return self.label[:1].lower() + self.label[1:]


MEASURES: Final = (
    Measure("jobs_created", "Jobs created", "count", "New positions the partnership's businesses filled."),
    Measure("employees_retained", "Employees retained", "count", "Employees kept who would otherwise have left."),
    Measure("retention_rate", "Retention rate", "percent", "Share of employees still employed after a year."),
    Measure("wage_change", "Average wage change", "dollars", "Change in average hourly wage, in dollars."),
    Measure("cost_savings", "Cost savings", "dollars", "Money businesses saved (less rework, turnover, hiring)."),
    Measure("sales_increase", "Sales increase", "dollars", "Added sales businesses credit to the partnership."),
    Measure("new_hires_from_training", "New hires from training partners", "count",
            "People hired from the partnership's education and training partners."),
    Measure("businesses_engaged", "Businesses engaged", "count", "Businesses taking part in the year."),
    Measure("credentials_earned", "Credentials earned", "count", "Industry credentials earned by workers."),
    Measure("acceptable_product_rate", "Acceptable product rate", "percent",
            "Share of products that pass inspection."),
    Measure("rework_cost", "Rework cost", "dollars", "Cost of redoing faulty work."),
)  # fmt: skip


def measures_in_force(added: pd.DataFrame | None) -> list[Measure]:
    """The built-in measures, then those an outcome_measures.csv frame adds (None: no such file)."""
    extra = [] if added is None else [
        Measure(str(row.measure), str(row.label), str(row.unit), str(row.description))
        for row in added.itertuples(index=False)
    ]  # fmt: skip
    return [*MEASURES, *extra]


YEAR_MIN = 1990
YEAR_MAX = dt.date.today().year + 1  # next year at most: a launch already planned, never 2100
MAX_RESPONDENTS = 99_999_999
MAX_VALUE = 1e12  # no published count or amount the dashboard shows comes near a trillion
_YEAR = re.compile(r"^\d{4}$")
_REGIONS = re.compile(r"^\d{1,3}(\s*;\s*\d{1,3})*$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_AS_OF = re.compile(r"^(\d{4})(-(\d{2})(-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str
    value: str | None = field(default=None, compare=False)
    """The cell as found, when the problem is about one cell (for suggestions)."""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class DataContractError(Exception):
    """The data directory breaks the contract; ``problems`` says where and how."""

    directory: str
    problems: list[Problem]
    hints: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.report()

    def report(self, limit: int = 50) -> str:
        lines = [f"The data in {self.directory} does not meet the data contract ({len(self.problems)} problem(s)):"]
        lines += [f"  - {problem}" for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more.")
        lines += self.hints
        return "\n".join(lines)


ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
"""Invisible characters (and stray byte-order marks) removed from every cell: 't-health' and
't-health' followed by a zero-width space are one id."""


def column_name(header_cell: str) -> str:
    """A header cell as the contract names columns: without invisible characters, spaces or case
    ('\ufeffPartnership_ID ' is partnership_id)."""
    return header_cell.translate(ZERO_WIDTH).strip().lower()


def spreadsheet_row(index: int) -> int:
    """Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2."""
    return int(index) + 2


def suggest(value: str, valid: Sequence[str]) -> str:
    """' — did you mean 'X'?' for a near miss such as 'Larimer County' → 'Larimer', else ''."""
    lowered = {v.lower(): v for v in valid}
    candidate = " ".join(value.strip().lower().split())
    spaced = {k.replace(" ", ""): v for k, v in lowered.items()}
    if candidate.replace(" ", "") in spaced:
        return f" — did you mean '{spaced[candidate.replace(' ', '')]}'?"
    for suffix in (" county", " co", " co."):
        if candidate.endswith(suffix) and candidate[: -len(suffix)] in lowered:
            return f" — did you mean '{lowered[candidate[: -len(suffix)]]}'?"
    if candidate in lowered:
        return f" — did you mean '{lowered[candidate]}'?"
    close = difflib.get_close_matches(candidate, list(lowered), n=1, cutoff=0.75)
    return f" — did you mean '{lowered[close[0]]}'?" if close else ""


def suggest_regions(value: str, regions: int) -> str:
    """'region 3' or 'Region 2, 3' → ' — did you mean '3'?' (numbers 1–`regions` separated by ';')."""
    numbers = re.findall(r"\d+", value)
    if numbers and all(1 <= int(n) <= regions for n in numbers):
        return f" — did you mean '{';'.join(str(int(n)) for n in numbers)}'?"
    return ""


def parse_inferred(text: str) -> list[str]:
    """'region; status' → ['region', 'status'] (the contract has checked each word)."""
    return [part.strip() for part in text.split(";") if part.strip()]


def _inferred_ok(value: str) -> bool:
    return all(part in INFERABLE for part in parse_inferred(value))


def is_undated(as_of: str) -> bool:
    return as_of.strip().lower() in ("", UNDATED)


def parse_regions(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(";") if part.strip()})


# Checks take a whole column (pandas string Series) and return a boolean Series: vectorised, so a
# million-row membership file validates in well under a second.
SeriesCheck = Callable[[pd.Series], pd.Series]


def whole_numbers(cells: pd.Series) -> pd.Series:
    """Cells of digits (or blank) as nullable integers; a cast in Arrow, 20 times faster than
    pd.to_numeric on a million cells."""
    return cells.where(cells.ne("")).astype("Int64")


def _years(cells: pd.Series) -> pd.Series:
    numbers = whole_numbers(cells.where(cells.str.fullmatch(_YEAR.pattern), ""))
    return numbers.between(YEAR_MIN, YEAR_MAX).fillna(False).astype(bool)


def _optional(check: SeriesCheck) -> SeriesCheck:
    return lambda cells: cells.eq("") | check(cells)


def _check(check: SeriesCheck, error: str) -> pa.Check:
    return pa.Check(check, error=error)


def _element(check: Callable[[str], bool], error: str) -> pa.Check:
    """A per-cell check, for the small files only (partnership regions)."""
    return pa.Check(check, element_wise=True, error=error)


def _not_blank(error: str = "is empty; a value is required") -> pa.Check:
    return _check(lambda cells: cells.ne(""), error)


def _one_of(values: Iterable[str], what: str) -> pa.Check:
    allowed = list(values)
    return _check(lambda cells: cells.isin(allowed), f"is not a valid {what}; expected one of: {', '.join(allowed)}")


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=list(checks), unique=unique, nullable=False)


def _regions_ok(value: str, regions: int) -> bool:
    return bool(_REGIONS.match(value)) and all(1 <= r <= regions for r in parse_regions(value))


def _rates(cells: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(cells.where(cells.str.fullmatch(_NUMBER.pattern)), errors="coerce")
    return numbers.between(0, 100)


def partnerships_schema(regions: int) -> pa.DataFrameSchema:
    """`regions`: how many regions the scheme in force has (numbered from 1)."""
    year = f"is not a year between {YEAR_MIN} and {YEAR_MAX}"
    return pa.DataFrameSchema(
        {
            "partnership_id": _text(_not_blank(), unique=True),
            "name": _text(_not_blank()),
            "industry": _text(_one_of(INDUSTRIES, "industry")),
            "regions": _text(
                _element(
                    lambda value: _regions_ok(value, regions),
                    f"is not a list of region numbers 1–{regions} separated by ';' (e.g. '3' or '2;3')",
                )
            ),
            "status": _text(_one_of(STATUSES, "status")),
            "launched_year": pa.Column(str, _check(_optional(_years), year), required=False),
            "inferred": pa.Column(
                str,
                _element(
                    _inferred_ok,
                    f"is not a list of what the row infers; expected words from {', '.join(INFERABLE)} "
                    "separated by ';' (e.g. 'region;status'), or blank",
                ),
                required=False,
            ),
        },
        strict=False,
    )


def members_schema(partnership_ids: Sequence[str] | None, counties: Sequence[str], state: str) -> pa.DataFrameSchema:
    """Members are checked against the partnerships actually loaded (not at all when those could not be
    read: `partnership_ids` None)."""
    year = f"is not a year between {YEAR_MIN} and {YEAR_MAX}"
    known_ids = list(dict.fromkeys(partnership_ids or []))
    id_checks = (
        [_check(lambda cells: cells.isin(known_ids), f"names no partnership in {PARTNERSHIPS}")]
        if partnership_ids is not None
        else [_not_blank()]
    )
    known_counties = list(counties)
    return pa.DataFrameSchema(
        {
            "partnership_id": _text(*id_checks),
            "organization": _text(_not_blank()),
            "org_type": _text(_one_of(ORG_TYPES, "org_type")),
            "county": pa.Column(
                str,
                _check(
                    _optional(lambda cells: cells.isin(known_counties)),
                    f"is not one of {state}'s {len(known_counties)} counties",
                ),
                required=False,
            ),
            "joined_year": _text(_check(_years, year)),
            "left_year": pa.Column(str, _check(_optional(_years), year), required=False),
        },
        strict=False,
    )


def outcomes_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "survey": _text(_not_blank()),
            "metric": _text(_not_blank()),
            "category": _text(_one_of(CATEGORIES, "category")),
            "unit": _text(_one_of(UNITS, "unit (what the rate is a share of)")),
            "rate": _text(_check(_rates, "is not a percentage from 0 to 100")),
            "respondents": pa.Column(
                str,
                _check(
                    _optional(lambda cells: cells.str.fullmatch(r"\d{1,8}")),
                    f"is not a whole number of respondents from 0 to {MAX_RESPONDENTS:,}",
                ),
                required=False,
            ),
        },
        strict=False,
    )


def reported_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "metric": _text(_not_blank()),
            "value": _text(_element(_number_ok, f"is not a number below {MAX_VALUE:,.0f}")),
            "as_of": _text(_element(_as_of_ok, _AS_OF_ERROR)),
            "as_of_approximate": pa.Column(
                str, _one_of(TRUE_WORDS + FALSE_WORDS, "true/false value (or blank)"), required=False
            ),
            "source": _text(_not_blank()),
        },
        strict=False,
    )


def measures_schema() -> pa.DataFrameSchema:
    built_in = [m.measure for m in MEASURES]
    return pa.DataFrameSchema(
        {
            "measure": _text(
                _check(
                    lambda cells: cells.str.fullmatch(r"[a-z][a-z0-9_]{0,59}"),
                    "is not a measure name: lower-case letters, digits and '_', starting with a letter "
                    "(e.g. 'apprentices_hired')",
                ),
                _check(lambda cells: ~cells.isin(built_in), "is a built-in measure already; leave it out"),
                unique=True,
            ),
            "label": _text(_not_blank()),
            "unit": _text(_one_of(MEASURE_UNITS, "unit")),
        },
        strict=False,
    )


def partnership_outcomes_schema(
    partnership_ids: Sequence[str] | None, measures: Sequence[Measure]
) -> pa.DataFrameSchema:
    """Checked against the partnerships loaded (not at all when those could not be read) and the measures in
    force; a value's range follows its measure's unit, checked row by row (partnership_outcome_problems)."""
    this_year = dt.date.today().year
    known_ids = list(dict.fromkeys(partnership_ids or []))
    id_checks = (
        [_check(lambda cells: cells.isin(known_ids), f"names no partnership in {PARTNERSHIPS}")]
        if partnership_ids is not None
        else [_not_blank()]
    )
    names = [m.measure for m in measures]
    return pa.DataFrameSchema(
        {
            "partnership_id": _text(*id_checks),
            "year": _text(
                _check(
                    lambda cells: cells.eq(UNDATED) | _years_to(cells, this_year),
                    f"is not a year from {YEAR_MIN} to {this_year} (outcomes are of years past or this one), "
                    f"or '{UNDATED}' where the source gives none",
                )
            ),
            "measure": _text(
                _check(lambda cells: cells.isin(names), "is not a measure in the list (docs/data-files.md)")
            ),
            "value": _text(_element(_number_ok, f"is not a number below {MAX_VALUE:,.0f}")),
            "unit": _text(_one_of(MEASURE_UNITS, "unit")),
            "method": _text(_one_of(METHODS, "method")),
            "point": pa.Column(str, _one_of((*POINTS, ""), "point (before, after or blank)"), required=False),
            "respondents": pa.Column(
                str,
                _check(
                    _optional(lambda cells: cells.str.fullmatch(r"\d{1,8}") & cells.ne("0")),
                    f"is not a whole number of respondents from 1 to {MAX_RESPONDENTS:,}",
                ),
                required=False,
            ),
        },
        strict=False,
    )


def _years_to(cells: pd.Series, last: int) -> pd.Series:
    numbers = whole_numbers(cells.where(cells.str.fullmatch(_YEAR.pattern), ""))
    return numbers.between(YEAR_MIN, last).fillna(False).astype(bool)


def partnership_outcome_problems(frame: pd.DataFrame, measures: Sequence[Measure]) -> list[Problem]:
    """What a column check cannot see: the unit a row gives against its measure's, the value against the
    unit (0–100 for a percent; whole and not negative for a count), respondents on a survey only, and the
    same partnership, year, measure and point twice. A cell its column's check refuses is left to that check."""
    unit_of = {m.measure: m.unit for m in measures}
    problems: list[Problem] = []
    first: dict[tuple[str, str, str, str], int] = {}
    name = PARTNERSHIP_OUTCOMES
    for i, row in enumerate(frame.itertuples(index=False)):
        line = spreadsheet_row(i)
        expected = unit_of.get(row.measure)
        if expected is not None and row.unit in MEASURE_UNITS and row.unit != expected:
            problems.append(
                Problem(name, line, "unit", f"'{row.unit}' is not the unit of {row.measure}; expected '{expected}'")
            )
        if _number_ok(row.value):
            value = float(row.value)
            unit = expected or row.unit  # a unit the column check refused is told apart there
            if unit == "percent" and not 0 <= value <= 100:
                problems.append(Problem(name, line, "value", f"'{row.value}' is a percent outside 0–100"))
            elif unit == "count" and (value < 0 or value != int(value)):
                problems.append(
                    Problem(name, line, "value", f"'{row.value}' is not a count: a whole number, 0 or more")
                )
        if row.respondents and row.method in METHODS and row.method != "survey":
            problems.append(
                Problem(name, line, "respondents", f"is given for a {row.method}; respondents are a survey's")
            )
        key = (row.partnership_id, row.year, row.measure, row.point)
        if key in first:
            point = f", {row.point}" if row.point else ""
            problems.append(
                Problem(
                    name,
                    line,
                    "measure",
                    f"{row.partnership_id}, {row.year}, {row.measure}{point} is given already in row "
                    f"{first[key]}; one value per partnership, year and measure",
                )
            )
        else:
            first[key] = line
    return problems


def source_index_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source": _text(_not_blank(), unique=True),
            "title": _text(_not_blank()),
            "date": pa.Column(str, _element(_as_of_ok, _AS_OF_ERROR), required=False),
        },
        strict=False,
    )


_AS_OF_ERROR = (
    f"is not a date from {YEAR_MIN} to {YEAR_MAX} (YYYY, YYYY-MM or YYYY-MM-DD, a day that exists) "
    f"or '{UNDATED}' (or blank) for a source that gives none"
)


def _as_of_ok(value: str) -> bool:
    """'undated', or a real date (a day that exists, a month 1–12) in a year the contract allows."""
    if is_undated(value):
        return True
    match = _AS_OF.match(value)
    if not match:
        return False
    year, month, day = int(match[1]), int(match[3] or 1), int(match[5] or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return YEAR_MIN <= year <= YEAR_MAX


def _number_ok(value: str) -> bool:
    return bool(_NUMBER.match(value)) and abs(float(value)) < MAX_VALUE


def failure_problems(file: str, failure_cases: pd.DataFrame) -> list[Problem]:
    """Turn pandera's failure cases into Problems, one per failing cell."""
    problems: list[Problem] = []
    for case in failure_cases.itertuples(index=False):
        check = str(case.check)
        column = None if case.column is None or pd.isna(case.column) else str(case.column)
        value = case.failure_case
        if check == "column_in_dataframe":
            problems.append(Problem(file, None, str(value), "required column is missing"))
            continue
        row = None if case.index is None or pd.isna(case.index) else spreadsheet_row(int(case.index))
        if check == "field_uniqueness":
            problems.append(Problem(file, row, column, f"'{value}' appears more than once; each must be unique"))
        else:
            problems.append(Problem(file, row, column, f"'{value}' {check}", value=str(value)))
    return problems
