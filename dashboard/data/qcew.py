"""Employment by county and industry from the BLS Quarterly Census of Employment and Wages (QCEW),
read as BLS publishes it, and the crosswalk from NAICS codes to the dashboard's industries.

The files are the QCEW "CSVs sliced by area" (one per county: ``2023.annual 08001 Adams County,
Colorado.csv``) or rows of the annual single file, loaded unchanged. The layout is BLS's own
(https://www.bls.gov/cew/about-data/downloadable-file-layouts/annual/naics-based-annual-layout.htm):

* ``area_fips``: the county (Colorado counties are 08001–08125); other areas are refused;
* ``own_code``: ownership. The dashboard reads private ownership (5), the usual basis for
  industry comparisons because government employment is coded by ownership, not by its industry;
* ``agglvl_code``: aggregation level. County rows are 70–78; the dashboard reads the county's
  total private employment (71) and the NAICS sector (74), 3-digit (75) and 4-digit (76) rows;
* ``year``, ``qtr`` (``A`` for annual averages), ``disclosure_code`` (``N``: not disclosed, to
  protect an employer's data; the value in the file is then 0 and means nothing, so it is read
  as suppressed, never as 0), ``annual_avg_estabs`` (``annual_avg_estabs_count`` in the files
  sliced by area) and ``annual_avg_emplvl``.

Problems name the file, the row (as a spreadsheet shows it) and the column, as for every file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
            "year": pd.Series(dtype=int),
            "level": pd.Series(dtype=str),
            "code": pd.Series(dtype=str),
            "suppressed": pd.Series(dtype=bool),
            "employment": pd.Series(dtype=float),
            "establishments": pd.Series(dtype=float),
        }
    )


def read_qcew(name: str, frame: pd.DataFrame, county_fips: Mapping[str, str]) -> tuple[pd.DataFrame, list[Problem]]:
    """One QCEW file's private county rows at the levels the dashboard reads, or its problems.

    `frame` holds the file's cells as text (columns named as the contract names them);
    `county_fips` maps each Colorado county FIPS code to the county's name."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if EMPLOYMENT_COLUMN not in frame.columns:
        missing.append(EMPLOYMENT_COLUMN)
    found_estabs = [c for c in ESTABLISHMENT_COLUMNS if c in frame.columns]
    if not found_estabs:
        missing.append(ESTABLISHMENT_COLUMNS[0])
    estabs = found_estabs[0] if found_estabs else ESTABLISHMENT_COLUMNS[0]
    if missing:
        found = ", ".join(c for c in frame.columns[:12] if c) or "no names"
        return empty_employment(), [
            Problem(name, 1, None, f"is not a QCEW file: no column {', '.join(missing)} (the header has: {found}…); "
                    + LAYOUT_HELP)
        ]  # fmt: skip
    problems: list[Problem] = []
    if "qtr" in frame.columns:
        quarterly = frame.index[~frame["qtr"].str.upper().isin(["A", ""])]
        if len(quarterly):
            first = int(quarterly[0])
            problems.append(
                Problem(name, spreadsheet_row(first), "qtr",
                        f"'{frame.at[first, 'qtr']}' is a quarter; load the annual averages (qtr 'A') "
                        f"— {len(quarterly):,} row(s) are quarterly")
            )  # fmt: skip
    area = frame["area_fips"].str.strip()
    outside = frame.index[~area.isin(list(county_fips))]
    for code in list(dict.fromkeys(area[outside]))[:5]:
        rows = outside[area[outside] == code]
        title = frame.at[int(rows[0]), "area_title"] if "area_title" in frame.columns else ""
        what = f" ({title})" if title else ""
        problems.append(
            Problem(name, spreadsheet_row(int(rows[0])), "area_fips",
                    f"'{code}'{what} is not a Colorado county (08001–08125); {len(rows):,} row(s) are for it. "
                    "Load the Colorado county files only")
        )  # fmt: skip
    years = pd.to_numeric(frame["year"].where(frame["year"].str.fullmatch(r"\d{4}")), errors="coerce")
    bad_years = frame.index[years.isna()]
    if len(bad_years):
        first = int(bad_years[0])
        problems.append(Problem(name, spreadsheet_row(first), "year", f"'{frame.at[first, 'year']}' is not a year"))
    if problems:
        return empty_employment(), problems
    level = frame["agglvl_code"].str.strip()
    wanted = (frame["own_code"].str.strip() == PRIVATE) & (level.isin([TOTAL_PRIVATE_LEVEL, *INDUSTRY_LEVELS]))
    kept = frame[wanted]
    suppressed = kept["disclosure_code"].str.strip().str.upper() == SUPPRESSED
    numbers: dict[str, pd.Series] = {}
    for column in (EMPLOYMENT_COLUMN, estabs):
        cells = kept[column].str.replace(",", "", regex=False).str.strip()
        value = pd.to_numeric(cells.where(cells.str.fullmatch(r"\d+(\.\d+)?")), errors="coerce")
        bad = kept.index[value.isna() & ~suppressed]
        for i in bad[:5]:
            problems.append(
                Problem(name, spreadsheet_row(int(i)), column, f"'{kept.at[i, column]}' is not a whole number")
            )
        numbers[column] = value.where(~suppressed)
    if problems:
        return empty_employment(), problems
    rows = pd.DataFrame(
        {
            "file": name,
            "row": [spreadsheet_row(int(i)) for i in kept.index],
            "county_fips": area[wanted].to_numpy(),
            "year": years[wanted].astype(int).to_numpy(),
            "level": level[wanted].to_numpy(),
            "code": kept["industry_code"].str.strip().to_numpy(),
            "suppressed": suppressed.to_numpy(),
            "employment": numbers[EMPLOYMENT_COLUMN].to_numpy(dtype=float),
            "establishments": numbers[estabs].to_numpy(dtype=float),
        }
    )
    return rows, []


def combine(files: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    """Every file's rows as one table; a county, year and industry given twice is refused, naming both files."""
    frames = [f for f in files if len(f)]
    if not frames:
        return empty_employment(), []
    rows = pd.concat(frames, ignore_index=True)
    key = ["county_fips", "year", "level", "code"]
    twice = rows[rows.duplicated(key, keep=False)]
    problems: list[Problem] = []
    for _, group in list(twice.groupby(key, sort=False))[:5]:
        first, second = group.iloc[0], group.iloc[1]
        problems.append(
            Problem(str(second["file"]), int(second["row"]), "industry_code",
                    f"county {second['county_fips']}, {second['year']}, industry {second['code']} is also in "
                    f"{first['file']} (row {first['row']}); load each county and year once")
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


def employment_by_industry(rows: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Per county and industry of the crosswalk (scored ones only), in the latest year loaded:
    employment and establishments summed over the industry's codes, and how many of those cells
    were suppressed. Also one row per county with industry '' = all private employment."""
    if not len(rows):
        return pd.DataFrame(columns=["county_fips", "industry", "employment", "establishments", "suppressed", "cells"])
    year = int(rows["year"].max())
    latest = rows[rows["year"] == year]
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
