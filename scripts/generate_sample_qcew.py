"""Write SAMPLE QCEW files in the BLS "CSVs sliced by area" annual layout, for tests, screenshots and
the benchmark. Every number is made up (seeded): it is not BLS data and is labelled as sample.

Usage: ``python scripts/generate_sample_qcew.py OUT.csv [--full] [--year 2023] [--by-area] [--scheme FOLDER]``
(``--scheme``: another state's region scheme, e.g. data/schemes/washington; default Colorado's)

Default: the private rows the dashboard reads (county total, sectors, 5415 and 6244) for all 64
counties, plus a few rows of other ownerships and levels that it must skip, and some suppressed
cells. ``--full``: every ownership and aggregation level, tens of thousands of rows, as a whole
set of county files holds. ``--by-area``: OUT is a folder, written as BLS's "CSVs by area" are: one
file per county, the statewide file (08000: the counties' private totals plus the unknown county's,
as BLS's statewide figures include it) and the unknown-county file (08999), each named as BLS names
it after ``sample-``, so that it is always labelled sample.
"""

from __future__ import annotations

import argparse
import csv
import functools
from pathlib import Path

import numpy as np

from dashboard.data.config import GEOGRAPHY_DIR
from dashboard.data.geography import read_county_regions, read_scheme

SEED = 2023
COLUMNS = [
    "area_fips", "own_code", "industry_code", "agglvl_code", "size_code", "year", "qtr", "disclosure_code",
    "area_title", "own_title", "industry_title", "agglvl_title", "size_title", "annual_avg_estabs_count",
    "annual_avg_emplvl", "total_annual_wages", "annual_avg_wkly_wage", "avg_annual_pay",
]  # fmt: skip
# NAICS sectors with a rough statewide share of private employment (made up, plausible).
SECTORS = {
    "11": 0.012, "21": 0.012, "22": 0.004, "23": 0.075, "31-33": 0.062, "42": 0.045, "44-45": 0.115,
    "48-49": 0.04, "51": 0.035, "52": 0.045, "53": 0.02, "54": 0.09, "55": 0.012, "56": 0.07, "61": 0.018,
    "62": 0.15, "71": 0.025, "72": 0.13, "81": 0.04,
}  # fmt: skip
TITLES = {"11": "Agriculture, forestry, fishing and hunting", "23": "Construction", "31-33": "Manufacturing",
          "44-45": "Retail trade", "48-49": "Transportation and warehousing", "51": "Information",
          "52": "Finance and insurance", "54": "Professional and technical services", "61": "Educational services",
          "62": "Health care and social assistance", "71": "Arts, entertainment, and recreation",
          "72": "Accommodation and food services"}  # fmt: skip
OWNERSHIPS = {"0": "Total Covered", "1": "Federal Government", "2": "State Government", "3": "Local Government",
              "5": "Private"}  # fmt: skip
BY_OWNER = " -- by ownership sector"
LEVEL_TITLES = {"70": "County, Total Covered", "71": "County, Total" + BY_OWNER,
                "73": "County, by Supersector" + BY_OWNER, "74": "County, NAICS Sector" + BY_OWNER,
                "75": "County, NAICS 3-digit" + BY_OWNER, "76": "County, NAICS 4-digit" + BY_OWNER,
                "77": "County, NAICS 5-digit" + BY_OWNER, "78": "County, NAICS 6-digit" + BY_OWNER}  # fmt: skip


def _state_row(fips: str, county: str, own: str, code: str, level: str, year: int, employment: int, estabs: int,
         suppressed: bool, state: str = "Colorado") -> dict[str, object]:  # fmt: skip
    pay = 52_000 + sum(map(ord, code)) * 97 % 30_000  # stable across runs, unlike hash()
    hidden = suppressed
    return {
        "area_fips": fips, "own_code": own, "industry_code": code, "agglvl_code": level, "size_code": "0",
        "year": year, "qtr": "A", "disclosure_code": "N" if suppressed else "",
        "area_title": f"{county} County, {state}", "own_title": OWNERSHIPS[own],
        "industry_title": TITLES.get(code, f"NAICS {code}"), "agglvl_title": LEVEL_TITLES[level],
        "size_title": "All establishment sizes",
        "annual_avg_estabs_count": 0 if hidden else estabs, "annual_avg_emplvl": 0 if hidden else employment,
        "total_annual_wages": 0 if hidden else employment * pay, "annual_avg_wkly_wage": 0 if hidden else pay // 52,
        "avg_annual_pay": 0 if hidden else pay,
    }  # fmt: skip


def sample_rows(
    year: int = 2023, *, full: bool = False, seed: int = SEED, geo_dir: Path = GEOGRAPHY_DIR
) -> list[dict[str, object]]:
    """Rows for every county of the scheme in `geo_dir` (default Colorado's), titled with its state."""
    rng = np.random.default_rng(seed)
    counties = read_county_regions(geo_dir)
    state = read_scheme(geo_dir).state
    _row = functools.partial(_state_row, state=state)
    base = np.array(list(SECTORS.values()))
    rows: list[dict[str, object]] = []
    for fips, county in zip(counties["county_fips"], counties["county"], strict=True):
        total = int(rng.lognormal(8.6, 1.4)) + 150
        shares = rng.dirichlet(base * 60)
        sector_jobs = {code: int(total * share) for code, share in zip(SECTORS, shares, strict=True)}
        small = total < 2_000
        rows.append(_row(fips, county, "5", "10", "71", year, sum(sector_jobs.values()),
                         max(1, total // 12), False))  # fmt: skip
        for code, jobs in sector_jobs.items():
            # BLS suppresses a cell that would reveal one employer: here, small sectors of small counties.
            suppressed = small and jobs < 25 and rng.random() < 0.6
            rows.append(_row(fips, county, "5", code, "74", year, jobs, max(1, jobs // 9), suppressed))
        for code, parent, part in (("5415", "54", 0.35), ("6244", "62", 0.08)):
            jobs = int(sector_jobs[parent] * part * rng.uniform(0.6, 1.4))
            rows.append(_row(fips, county, "5", code, "76", year, jobs, max(1, jobs // 8), small and jobs < 15))
        # Rows the dashboard must skip: another ownership, and the all-ownership total.
        rows.append(_row(fips, county, "3", "10", "71", year, total // 5, 12, False))
        rows.append(_row(fips, county, "0", "10", "70", year, total + total // 5, max(1, total // 11), False))
        if full:
            for own in ("1", "2", "3"):
                for code in list(SECTORS)[:8]:
                    rows.append(_row(fips, county, own, code, "74", year, int(total * 0.01), 3, small))
            for code, jobs in sector_jobs.items():
                head = code.split("-")[0]
                for level, width, parts in (("75", 3, 4), ("76", 4, 3), ("77", 5, 3), ("78", 6, 3)):
                    for k in range(parts):
                        sub = (head + str(k + 1) * (width - len(head)))[:width]
                        rows.append(_row(fips, county, "5", sub, level, year, jobs // (parts * 2), 2, small))
    return rows


STATE_LEVELS = {"70": "50", "71": "51", "74": "54", "75": "55", "76": "56", "77": "57", "78": "58"}


def by_area(rows: list[dict[str, object]], *, seed: int = SEED) -> dict[str, list[dict[str, object]]]:
    """The rows as BLS's per-area files, named as BLS names them (after 'sample-'), with the
    unknown-county file (08999, a small share of each private cell) and the statewide file (08000:
    every private cell summed over the counties and 08999, at the state's aggregation levels)."""
    rng = np.random.default_rng(seed + 1)
    year = int(str(rows[0]["year"]))
    fips, state = str(rows[0]["area_fips"])[:2], str(rows[0]["area_title"]).rsplit(", ", 1)[1]
    files: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        title = str(row["area_title"])
        files.setdefault(f"sample-{year}.annual {row['area_fips']} {title}.csv", []).append(row)
    unknown = []
    for row in rows:
        if row["own_code"] == "5" and row["agglvl_code"] in ("71", "74") and not row["disclosure_code"]:
            jobs = int(int(str(row["annual_avg_emplvl"])) * rng.uniform(0.0, 0.03))
            if jobs:
                unknown.append(row | {"area_fips": f"{fips}999", "annual_avg_emplvl": jobs,
                                      "annual_avg_estabs_count": 1,
                                      "area_title": f"{state} -- Statewide, unknown or undefined"})  # fmt: skip
    # One unknown-county cell per ownership, code and level, summed over the counties it was drawn from.
    merged: dict[tuple[object, ...], dict[str, object]] = {}
    for row in unknown:
        key = (row["own_code"], row["industry_code"], row["agglvl_code"])
        if key in merged:
            merged[key]["annual_avg_emplvl"] = int(str(merged[key]["annual_avg_emplvl"])) + int(
                str(row["annual_avg_emplvl"])
            )
        else:
            merged[key] = dict(row)
    unknown = list(merged.values())
    files[f"sample-{year}.annual {fips}999 {state} -- Statewide, unknown or undefined.csv"] = unknown
    statewide: dict[tuple[object, ...], dict[str, object]] = {}
    for row in [*rows, *unknown]:
        if row["own_code"] != "5" or row["agglvl_code"] not in ("71", "74", "76"):
            continue
        cell_key = (row["industry_code"], row["agglvl_code"])
        jobs = 0 if row["disclosure_code"] else int(str(row["annual_avg_emplvl"]))
        # A cell suppressed in a county is disclosed statewide: its made-up value is added back.
        if row["disclosure_code"]:
            jobs = int(rng.integers(1, 25))
        cell = statewide.setdefault(
            cell_key,
            row | {"area_fips": f"{fips}000", "area_title": f"{state} -- Statewide", "disclosure_code": "",
                   "agglvl_code": STATE_LEVELS[str(row["agglvl_code"])], "annual_avg_emplvl": 0,
                   "annual_avg_estabs_count": 0, "agglvl_title": "State" + str(row["agglvl_title"])[6:]},
        )  # fmt: skip
        cell["annual_avg_emplvl"] = int(str(cell["annual_avg_emplvl"])) + jobs
        cell["annual_avg_estabs_count"] = int(str(cell["annual_avg_estabs_count"])) + max(1, jobs // 9)
    total_covered = {**next(iter(statewide.values())), "own_code": "0", "agglvl_code": "50", "industry_code": "10"}
    files[f"sample-{year}.annual {fips}000 {state} -- Statewide.csv"] = [*statewide.values(), total_covered]
    return files


def write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--by-area", action="store_true", help="OUT is a folder: one file per area, as BLS ships")
    parser.add_argument("--scheme", type=Path, default=GEOGRAPHY_DIR, help="a region scheme's folder (its state)")
    args = parser.parse_args()
    rows = sample_rows(args.year, full=args.full, geo_dir=args.scheme)
    if args.by_area:
        files = by_area(rows)
        for name, area_rows in files.items():
            write(args.out / name, area_rows)
        print(f"wrote {len(files)} files of SAMPLE QCEW data (made up, not BLS's) to {args.out}")
        return
    write(args.out, rows)
    print(f"wrote {args.out}: {len(rows):,} rows of SAMPLE QCEW data (made up, not BLS's)")


if __name__ == "__main__":
    main()
