"""Employment by county and industry from the BLS Quarterly Census of Employment and Wages (QCEW),
read as BLS publishes it, and the crosswalk from NAICS codes to the dashboard's industries.

The files are the QCEW "CSVs sliced by area" (one per county: ``2023.annual 08001 Adams County,
Colorado.csv``, with the statewide ``08000`` and ``08999`` files beside them) or rows of the annual
single file, loaded unchanged (a ZIP, or a file too large to keep whole, is first reduced to the
state's rows by ``dashboard.data.qcew_files``). The layout is BLS's own
(https://www.bls.gov/cew/about-data/downloadable-file-layouts/annual/naics-based-annual-layout.htm):

* ``area_fips``: the area. The state's counties (Colorado's are 08001–08125) are read; so is the
  state's own row (``08000``, "Statewide"), as the state's total for location quotients. The
  state's "unknown or undefined" county (``08999``) is in no region, and other areas (other
  states, metropolitan areas ``C…``, the nation ``US000``) are not the state's: their rows are
  skipped and counted, never refused. A code of the state that is none of these is refused;
* ``own_code``: ownership. The dashboard reads private ownership (5), the usual basis for
  industry comparisons because government employment is coded by ownership, not by its industry;
* ``agglvl_code``: aggregation level. County rows are 70–78; the dashboard reads the county's
  total private employment (71) and the NAICS sector (74), 3-digit (75) and 4-digit (76) rows,
  and the statewide rows at the same levels (51, 54, 55, 56);
* ``year``, ``qtr`` (``A`` for annual averages), ``disclosure_code`` (``N``: not disclosed, to
  protect an employer's data; the value in the file is then 0 and means nothing, so it is read
  as suppressed, never as 0), ``annual_avg_estabs`` (``annual_avg_estabs_count`` in the files
  sliced by area) and ``annual_avg_emplvl``.

Problems name the file, the row (as a spreadsheet shows it) and the column, as for every file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.contract import INDUSTRIES, Problem, spreadsheet_row, suggest

QCEW_PREFIX = "qcew/"
"""Where QCEW files live: ``qcew/`` in a data directory, and that prefix on a stored file's name."""
CROSSWALK = "naics-crosswalk.csv"

PRIVATE = "5"
TOTAL_PRIVATE_LEVEL = "71"
INDUSTRY_LEVELS = {"74": 2, "75": 3, "76": 4}  # aggregation level → NAICS digits it holds
COUNTY_LEVELS = {"70", "71", "72", "73", "74", "75", "76", "77", "78"}
REQUIRED_COLUMNS = ("area_fips", "own_code", "industry_code", "agglvl_code", "year", "disclosure_code")
EMPLOYMENT_COLUMN = "annual_avg_emplvl"
ESTABLISHMENT_COLUMNS = ("annual_avg_estabs", "annual_avg_estabs_count")
SUPPRESSED = "N"

LAYOUT_HELP = (
    "expected the BLS QCEW annual CSV layout (columns area_fips, own_code, industry_code, agglvl_code, year, "
    "qtr, disclosure_code, annual_avg_estabs, annual_avg_emplvl, …): download it from "
    "https://www.bls.gov/cew/downloadable-data-files.htm (CSVs sliced by area, annual averages)"
)

CROSSWALK_COLUMNS = ("industry", "naics")
QCEW_TEMPLATE = "qcew.csv"
QCEW_HEADER = (
    "area_fips", "own_code", "industry_code", "agglvl_code", "size_code", "year", "qtr", "disclosure_code",
    "area_title", "own_title", "industry_title", "agglvl_title", "size_title", "annual_avg_estabs_count",
    "annual_avg_emplvl", "total_annual_wages", "annual_avg_wkly_wage", "avg_annual_pay",
)  # fmt: skip
_CODE = re.compile(r"^(\d{2}|31-33|44-45|48-49|\d{3}|\d{4})$")


def is_qcew(name: str) -> bool:
    return name.startswith(QCEW_PREFIX)


SAMPLE_NOTE = (
    "Generated sample employment in the QCEW layout (scripts/generate_sample_qcew.py): every number is made up, "
    "not published by BLS. A QCEW file whose name starts with 'sample' is always treated as sample data."
)


def sample_notes_for(names: Sequence[str]) -> dict[str, str]:
    """QCEW files named sample-… are test fixtures, never BLS data: they are labelled sample wherever shown."""
    return {n: SAMPLE_NOTE for n in names if is_qcew(n) and n[len(QCEW_PREFIX) :].lower().startswith("sample")}


def looks_like_qcew(columns: Sequence[str]) -> bool:
    """A header that has the QCEW layout's identifying columns."""
    present = set(columns)
    return {"area_fips", "own_code", "industry_code", "agglvl_code"} <= present


def empty_employment() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "file": pd.Series(dtype=str),
            "row": pd.Series(dtype=int),
            "county_fips": pd.Series(dtype=str),
            "statewide": pd.Series(dtype=bool),
            "year": pd.Series(dtype=int),
            "level": pd.Series(dtype=str),
            "code": pd.Series(dtype=str),
            "suppressed": pd.Series(dtype=bool),
            "employment": pd.Series(dtype=float),
            "establishments": pd.Series(dtype=float),
        }
    )


# What became of a file's rows: one row per QCEW file, in the dataset and on the Data page's preview.
REPORT_COLUMNS = ("file", "rows", "kept", "statewide", "outside", "no_county", "not_read")


def empty_file_report() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=str if c == "file" else bool if c == "statewide" else int) for c in REPORT_COLUMNS}
    )


# The kinds of area a row is for (area_fips), for a state with two-digit FIPS code SS:
COUNTY = "county"  # SSCCC, one of the state's counties: read
STATEWIDE = "statewide"  # SS000, the state's own total: read as the state's benchmark
NO_COUNTY = "no county"  # SS999, "statewide, unknown or undefined": in no county, so in no region: skipped
OUTSIDE = "outside"  # another state's areas, metropolitan and combined areas (C…), the nation (US…): skipped
UNKNOWN = "unknown"  # SSnnn that is none of the above: a wrong code, refused
STATEWIDE_LEVELS = {"51": "71", "54": "74", "55": "75", "56": "76"}  # state level → the county level it matches


def area_kinds(area: pd.Series, state_fips: str, counties: Collection[str]) -> np.ndarray:
    """Each row's kind of area (COUNTY, STATEWIDE, NO_COUNTY, OUTSIDE or UNKNOWN)."""
    in_state = (area.str.len() == 5) & area.str.startswith(state_fips) & area.str.isdigit()
    return np.select(
        [area.isin(list(counties)), area == state_fips + "000", area == state_fips + "999", in_state],
        [COUNTY, STATEWIDE, NO_COUNTY, UNKNOWN],
        default=OUTSIDE,
    )


def _source_rows(frame: pd.DataFrame) -> np.ndarray:
    """Each row's number as the person's file numbers it: a file reduced to the state's rows when it
    was read (dashboard.data.qcew_files) keeps its rows' numbers in a source_row column."""
    if SOURCE_ROW in frame.columns:
        numbers = pd.to_numeric(frame[SOURCE_ROW].where(frame[SOURCE_ROW].str.isdigit()), errors="coerce")
        if not numbers.isna().any():
            return numbers.to_numpy(dtype=int)
    return frame.index.to_numpy(dtype=int) + 2  # spreadsheet_row: the header is row 1


SOURCE_ROW = "source_row"


def read_qcew(
    name: str, frame: pd.DataFrame, county_fips: Mapping[str, str], state: str
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """One QCEW file's private rows at the levels the dashboard reads, what became of its rows, or its problems.

    `frame` holds the file's cells as text (columns named as the contract names them);
    `county_fips` maps each county FIPS code of the state to the county's name. Rows for the
    state's counties are kept, and so are the state's own (statewide) rows, as the benchmark for
    location quotients; rows for other areas are skipped and counted, never refused."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if EMPLOYMENT_COLUMN not in frame.columns:
        missing.append(EMPLOYMENT_COLUMN)
    found_estabs = [c for c in ESTABLISHMENT_COLUMNS if c in frame.columns]
    if not found_estabs:
        missing.append(ESTABLISHMENT_COLUMNS[0])
    estabs = found_estabs[0] if found_estabs else ESTABLISHMENT_COLUMNS[0]
    nothing = empty_employment(), empty_file_report()
    if missing:
        found = ", ".join(c for c in frame.columns[:12] if c) or "no names"
        return *nothing, [
            Problem(name, 1, None, f"is not a QCEW file: no column {', '.join(missing)} (the header has: {found}…); "
                    + LAYOUT_HELP)
        ]  # fmt: skip
    state_fips = next(iter(county_fips))[:2]
    row_of = _source_rows(frame)
    area = frame["area_fips"].str.strip()
    kinds = area_kinds(area, state_fips, county_fips)
    ours = kinds != OUTSIDE
    if not len(frame):
        return *nothing, [Problem(name, None, None, "has a header but no data rows")]
    if not ours.any():
        title = frame["area_title"].iat[0] if "area_title" in frame.columns else ""
        example = f"'{area.iat[0]}'" + (f", {title}" if title else "")
        return *nothing, [
            Problem(name, None, "area_fips",
                    f"has no row for {state} (area_fips {state_fips}…): its {len(frame):,} row(s) are all for other "
                    f"areas (the first: {example}). Load {state}'s files, or a file that holds {state}'s rows")
        ]  # fmt: skip
    problems: list[Problem] = []
    if "qtr" in frame.columns:
        quarterly = np.flatnonzero(ours & ~frame["qtr"].str.upper().isin(["A", ""]).to_numpy())
        if len(quarterly):
            first = int(quarterly[0])
            problems.append(
                Problem(name, int(row_of[first]), "qtr",
                        f"'{frame['qtr'].iat[first]}' is a quarter; load the annual averages (qtr 'A') "
                        f"— {len(quarterly):,} row(s) are quarterly")
            )  # fmt: skip
    unknown = np.flatnonzero(kinds == UNKNOWN)
    for code in list(dict.fromkeys(area.iloc[unknown]))[:5]:
        rows = unknown[area.iloc[unknown].to_numpy() == code]
        title = frame["area_title"].iat[int(rows[0])] if "area_title" in frame.columns else ""
        what = f" ({title})" if title else ""
        low, high = min(county_fips), max(county_fips)
        problems.append(
            Problem(name, int(row_of[int(rows[0])]), "area_fips",
                    f"'{code}'{what} is not a {state} county ({low}–{high}), nor the statewide file "
                    f"({state_fips}000) or its unknown county ({state_fips}999); {len(rows):,} row(s) are for it")
        )  # fmt: skip
    year_text = frame["year"].str.strip()
    years = pd.to_numeric(year_text.where(year_text.str.fullmatch(r"\d{4}")), errors="coerce")
    bad_years = np.flatnonzero(ours & years.isna().to_numpy())
    if len(bad_years):
        first = int(bad_years[0])
        problems.append(Problem(name, int(row_of[first]), "year", f"'{frame['year'].iat[first]}' is not a year"))
    if problems:
        return *nothing, problems
    level = frame["agglvl_code"].str.strip()
    private = (frame["own_code"].str.strip() == PRIVATE).to_numpy()
    county_read = (kinds == COUNTY) & level.isin([TOTAL_PRIVATE_LEVEL, *INDUSTRY_LEVELS]).to_numpy()
    state_read = (kinds == STATEWIDE) & level.isin(list(STATEWIDE_LEVELS)).to_numpy()
    wanted = private & (county_read | state_read)
    kept = frame[wanted]
    suppressed = kept["disclosure_code"].str.strip().str.upper() == SUPPRESSED
    numbers: dict[str, pd.Series] = {}
    kept_rows = row_of[wanted]
    for column in (EMPLOYMENT_COLUMN, estabs):
        cells = kept[column].str.replace(",", "", regex=False).str.strip()
        value = pd.to_numeric(cells.where(cells.str.fullmatch(r"\d+(\.\d+)?")), errors="coerce")
        bad = np.flatnonzero((value.isna() & ~suppressed).to_numpy())
        for i in bad[:5]:
            problems.append(
                Problem(name, int(kept_rows[i]), column, f"'{kept[column].iat[int(i)]}' is not a whole number")
            )
        numbers[column] = value.where(~suppressed)
    if problems:
        return *nothing, problems
    statewide = kinds[wanted] == STATEWIDE
    levels = level[wanted].to_numpy()
    rows = pd.DataFrame(
        {
            "file": name,
            "row": kept_rows,
            "county_fips": area[wanted].to_numpy(),
            "statewide": statewide,
            "year": years[wanted].astype(int).to_numpy(),
            # A statewide row is kept at the county level it matches (51 → 71, 54 → 74, …).
            "level": np.where(statewide, [STATEWIDE_LEVELS.get(v, v) for v in levels], levels),
            "code": kept["industry_code"].str.strip().to_numpy(),
            "suppressed": suppressed.to_numpy(),
            "employment": numbers[EMPLOYMENT_COLUMN].to_numpy(dtype=float),
            "establishments": numbers[estabs].to_numpy(dtype=float),
        }
    )
    report = pd.DataFrame(
        [
            {
                "file": name,
                "rows": len(frame),
                "kept": int(wanted.sum()),
                "statewide": bool(statewide.any()),
                "outside": int((kinds == OUTSIDE).sum()),
                "no_county": int((kinds == NO_COUNTY).sum()),
                "not_read": int((ours & (kinds != NO_COUNTY) & ~wanted).sum()),
            }
        ],
        columns=list(REPORT_COLUMNS),
    )
    return rows, report, []


def combine(files: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    """Every file's rows as one table; a county (or the state), year and industry given twice is
    refused, naming both files."""
    frames = [f for f in files if len(f)]
    if not frames:
        return empty_employment(), []
    rows = pd.concat(frames, ignore_index=True)
    key = ["county_fips", "year", "level", "code"]
    twice = rows[rows.duplicated(key, keep=False)]
    problems: list[Problem] = []
    for _, group in list(twice.groupby(key, sort=False))[:5]:
        first, second = group.iloc[0], group.iloc[1]
        where = f"row {first['row']}" if first["file"] == second["file"] else f"{first['file']} (row {first['row']})"
        area = "the state" if second["statewide"] else f"county {second['county_fips']}"
        problems.append(
            Problem(str(second["file"]), int(second["row"]), "industry_code",
                    f"{area}, {second['year']}, industry {second['code']} is also in "
                    f"{where}; load each county and year once")
        )  # fmt: skip
    return rows, problems


# --------------------------------------------------------------------------------------------
# The crosswalk: NAICS codes → the dashboard's industries


@dataclass(frozen=True)
class CrosswalkRow:
    industry: str
    codes: tuple[str, ...]
    note: str


def parse_codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def covers(parent: str, code: str) -> bool:
    """Is NAICS `code` inside `parent` ('3364' is inside '31-33'; '62' is not inside '6244')?"""
    if not code[:2].isdigit() or len(code.replace("-", "")) <= len(parent.split("-")[0]):
        return False
    if "-" in parent:
        low, high = (int(part) for part in parent.split("-"))
        return low <= int(code[:2]) <= high
    return code.startswith(parent)


def digits(code: str) -> int:
    """How many NAICS digits a code has ('31-33' is a sector: 2)."""
    return 2 if "-" in code else len(code)


def read_crosswalk(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The crosswalk: each industry's NAICS codes (blank: no clean match, not scored) and why."""
    missing = [c for c in CROSSWALK_COLUMNS if c not in frame.columns]
    if missing:
        return empty_crosswalk(), [
            Problem(name, 1, column, "required column is missing (expected industry, naics, note)")
            for column in missing
        ]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, row in frame.iterrows():
        where = spreadsheet_row(int(str(i)))
        industry = str(row["industry"]).strip()
        if industry not in INDUSTRIES:
            problems.append(
                Problem(name, where, "industry", f"'{industry}' is not one of the dashboard's industries"
                        + suggest(industry, INDUSTRIES))
            )  # fmt: skip
        elif industry in seen:
            problems.append(Problem(name, where, "industry", f"'{industry}' is also in row {seen[industry]}"))
        seen.setdefault(industry, where)
        codes = parse_codes(str(row["naics"]))
        for code in codes:
            inside = [c for c in codes if c != code and "-" not in c and code.startswith(c)]
            if inside:
                problems.append(
                    Problem(
                        name,
                        where,
                        "naics",
                        f"'{code}' is part of '{inside[0]}' in the same row: it would be counted twice",
                    )
                )
            if not _CODE.match(code):
                problems.append(
                    Problem(name, where, "naics",
                            f"'{code}' is not a NAICS sector (e.g. 62, 31-33), 3-digit or 4-digit code; "
                            "separate codes with ';'")
                )  # fmt: skip
    if problems:
        return empty_crosswalk(), problems
    typed = pd.DataFrame(
        {
            "industry": frame["industry"].str.strip(),
            "codes": frame["naics"].map(parse_codes),
            "note": frame["note"].str.strip() if "note" in frame.columns else "",
        }
    )
    return typed.reset_index(drop=True), []


def empty_crosswalk() -> pd.DataFrame:
    return pd.DataFrame(
        {"industry": pd.Series(dtype=str), "codes": pd.Series(dtype=object), "note": pd.Series(dtype=str)}
    )


def employment_by_industry(rows: pd.DataFrame, crosswalk: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per area (county_fips) and industry of the crosswalk (scored ones only), in `year` (the latest
    year of `rows` when None): employment and establishments summed over the industry's codes, and
    how many of those cells were suppressed. Also one row per area with industry '' = all private
    employment. `rows` are county rows or statewide rows, not both."""
    if year is None and len(rows):
        year = int(rows["year"].max())
    latest = rows[rows["year"] == year]
    if not len(latest):
        return pd.DataFrame(columns=["county_fips", "industry", "employment", "establishments", "suppressed", "cells"])
    parts = []
    total = latest[latest["level"] == TOTAL_PRIVATE_LEVEL]
    parts.append(total.assign(industry="", cells=1))
    for industry, codes in zip(crosswalk["industry"], crosswalk["codes"], strict=True):
        if not codes:
            continue
        wanted = latest["code"].isin(codes) & latest["level"].isin(
            [level for level, n in INDUSTRY_LEVELS.items() if n in {digits(c) for c in codes}]
        )
        parts.append(latest[wanted].assign(industry=industry, cells=1))
    joined = pd.concat(parts, ignore_index=True)
    summed = joined.groupby(["county_fips", "industry"], as_index=False).agg(
        employment=("employment", lambda s: float(np.nansum(s))),
        establishments=("establishments", lambda s: float(np.nansum(s))),
        suppressed=("suppressed", "sum"),
        cells=("cells", "sum"),
    )
    summed["year"] = year
    return summed
