"""Expected values counted straight from a data directory's CSV files, independently of dashboard.analysis.metrics."""

from __future__ import annotations

import csv
from pathlib import Path


def rows(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def active_partnerships(
    directory: Path, region: int | None = None, industry: str | None = None
) -> list[dict[str, str]]:
    return [
        p
        for p in rows(directory, "partnerships.csv")
        if p["status"] == "active"
        and (region is None or str(region) in p["regions"].split(";"))
        and (industry is None or p["industry"] == industry)
    ]


def partnerships_in_region(directory: Path, region: int) -> list[dict[str, str]]:
    return [p for p in rows(directory, "partnerships.csv") if str(region) in p["regions"].split(";")]


def regions_covered(directory: Path) -> set[int]:
    return {int(r) for p in active_partnerships(directory) for r in p["regions"].split(";")}


def businesses_now(directory: Path) -> int:
    members = rows(directory, "members.csv")
    latest = max(int(m["joined_year"]) for m in members)
    live = {p["partnership_id"] for p in rows(directory, "partnerships.csv") if p["status"] != "inactive"}
    return len(
        {
            m["organization"]
            for m in members
            if m["org_type"] == "business"
            and m["partnership_id"] in live
            and int(m["joined_year"]) <= latest
            and (not m["left_year"] or int(m["left_year"]) > latest)
        }
    )


def active_in(member: dict[str, str], year: int) -> bool:
    return int(member["joined_year"]) <= year and (not member["left_year"] or int(member["left_year"]) > year)


def partnerships_running(directory: Path, year: int) -> list[str]:
    """Partnerships with a member active in `year` (the default data publishes no launch years)."""
    return sorted({m["partnership_id"] for m in rows(directory, "members.csv") if active_in(m, year)})


def businesses_in(directory: Path, year: int) -> int:
    return len(
        {
            m["organization"]
            for m in rows(directory, "members.csv")
            if m["org_type"] == "business" and active_in(m, year)
        }
    )


def regions_of(directory: Path, partnership_ids: list[str]) -> set[int]:
    wanted = set(partnership_ids)
    return {
        int(r)
        for p in rows(directory, "partnerships.csv")
        if p["partnership_id"] in wanted
        for r in p["regions"].split(";")
    }


def latest_year(directory: Path) -> int:
    return max(int(m["joined_year"]) for m in rows(directory, "members.csv"))


def industries_covered(directory: Path) -> set[str]:
    return {p["industry"] for p in active_partnerships(directory)}


def words(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C': how the page lists things."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def priority_gaps(directory: Path, qcew: Path | list[Path]) -> list[tuple[int, str, int]]:
    """(region, industry, jobs) of every priority gap, largest first, counted from the QCEW file(s) with
    the csv module: private rows (own_code 5) of Colorado's counties at the sector and 4-digit levels;
    key = top 3 by jobs in the region or LQ ≥ 1.25, the state's share taken from the statewide rows
    (08000) where they give the industry and the total, else from the counties; a gap = no active
    partnership of that industry in the region. Other areas (08999, other states) are not counted."""
    with (Path(__file__).parents[1] / "data" / "geo" / "county_regions.csv").open(encoding="utf-8") as handle:
        region_of = {row["county_fips"]: int(row["region"]) for row in csv.DictReader(handle)}
    codes = {
        row["industry"]: [c.strip() for c in row["naics"].split(";") if c.strip()]
        for row in rows(directory, "naics-crosswalk.csv")
    }
    totals: dict[int, float] = {}
    jobs: dict[tuple[int, str], float] = {}
    state_given: dict[str, float] = {}
    state_total: float | None = None
    hidden: set[str] = set()
    for path in [qcew] if isinstance(qcew, Path) else qcew:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["own_code"] != "5":
                    continue
                if row["disclosure_code"] == "N":
                    if row["area_fips"] == "08000":  # not given statewide: that industry compares with the counties
                        hidden.update(i for i, wanted in codes.items() if row["industry_code"] in wanted)
                    continue
                value = float(row["annual_avg_emplvl"])
                if row["area_fips"] == "08000":
                    if row["agglvl_code"] == "51":
                        state_total = value
                    elif row["agglvl_code"] in ("54", "56"):
                        for industry, wanted in codes.items():
                            if row["industry_code"] in wanted:
                                state_given[industry] = state_given.get(industry, 0) + value
                    continue
                if row["area_fips"] not in region_of:
                    continue
                region = region_of[row["area_fips"]]
                if row["agglvl_code"] == "71":
                    totals[region] = totals.get(region, 0) + value
                elif row["agglvl_code"] in ("74", "76"):
                    for industry, wanted in codes.items():
                        if row["industry_code"] in wanted:
                            jobs[(region, industry)] = jobs.get((region, industry), 0) + value
    state = sum(totals.values())
    state_jobs: dict[str, float] = {}
    for (_region, industry), value in jobs.items():
        state_jobs[industry] = state_jobs.get(industry, 0) + value
    gaps = []
    for (region, industry), value in jobs.items():
        larger = sum(1 for (r, _), v in jobs.items() if r == region and v > value)
        if state_total and industry in state_given and industry not in hidden:
            lq = (value / totals[region]) / (state_given[industry] / state_total)
        else:
            lq = (value / totals[region]) / (state_jobs[industry] / state)
        key = (larger < 3 and value > 0) or lq >= 1.25
        if key and not active_partnerships(directory, region, industry):
            gaps.append((region, industry, round(value)))
    return sorted(gaps, key=lambda g: (-g[2], g[0], g[1]))


def directory_count(statuses: list[str], total: int) -> str:
    """The directory's count line for rows of these statuses shown out of `total`, as a person would say it."""
    head = f"{len(statuses)} of {total} partnership{'' if total == 1 else 's'} in the selection shown"
    if not statuses:
        return head + "."
    order = ["active", "emerging", "inactive"]
    kinds = sorted(set(statuses), key=lambda s: (order.index(s) if s in order else len(order), s))
    if len(kinds) == 1:
        if len(statuses) == 1:
            return f"{head}: {kinds[0]}."
        return f"{head}, {'both' if len(statuses) == 2 else 'all'} {kinds[0]}."
    parts = [f"{statuses.count(k)} {k}" for k in kinds]
    return f"{head}: {', '.join(parts[:-1])} and {parts[-1]}."
