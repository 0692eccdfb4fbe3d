"""Generate the SAMPLE membership file ``data/members.csv``, deterministically.

No source publishes who belongs to which partnership, so the default data carries generated rows,
labelled as sample data in ``data/manifest.json`` (which the page shows) and ``data/README.md``.
What the rows are made to agree with is published:

* the count of businesses actively involved "now": more than 750 on one CWDC page and more than
  450 on another (``data/reported.csv``). Neither page is dated, so the sample is anchored only
  at its last year, above the larger figure (which is true of both); no year is assigned to either
  page, and the years before are a made-up smooth curve, not an interpolation between them;
* the partnerships, their regions and statuses (``data/partnerships.csv``).

Everything else (start years, which partnership a business joins, its county, who leaves) is
drawn from a seeded generator and is not a fact about any real organisation. Organisation names
say "Sample" so that no row can be mistaken for a real business.

Run: ``python scripts/generate_sample_members.py`` (``make sample-data``).
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SEED = 2024
FIRST_YEAR, LAST_YEAR = 2013, 2024
# Distinct businesses active in each year: a made-up curve growing by a steady share each year
# to 763 in the sample's last year, so that the sample's "now" is above both published figures.
# The sample's years (2013 to 2024) are themselves an assumption: no source gives counts by year.
FIRST_BUSINESSES, FINAL_BUSINESSES = 35, 763
ACTIVE_BUSINESSES = {
    year: round(
        FIRST_BUSINESSES * (FINAL_BUSINESSES / FIRST_BUSINESSES) ** ((year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR))
    )
    for year in range(FIRST_YEAR, LAST_YEAR + 1)
}
ANNUAL_LEAVE_RATE = 0.04
# Sample start and end years for partnerships; the sources give none.
LATE_STARTS = {
    "metro-west-manufacturing": 2021,
    "tech-talent-denver": 2022,
    "tech-talent-boulder": 2022,
    "early-childhood-education": 2022,
    "upper-ark-tech": 2023,
}
INACTIVE_WINDOWS = {
    "smiac": (2013, 2017),
    "pueblo-manufacturing-consortium": (2013, 2016),
    "get-into-water": (2014, 2018),
}
LARGE_COUNTIES = {
    "Denver": 6, "Arapahoe": 4, "Jefferson": 4, "Adams": 3, "Douglas": 3, "Boulder": 3,
    "El Paso": 5, "Larimer": 4, "Weld": 3, "Pueblo": 3, "Mesa": 3,
}  # fmt: skip
SUPPORT_TYPES = [
    ("education", "Sample Community College"),
    ("education", "Sample School District"),
    ("workforce", "Sample Workforce Center"),
    ("economic_development", "Sample Economic Development Organization"),
    ("community", "Sample Community Organization"),
]


@dataclass
class Member:
    partnership_id: str
    organization: str
    org_type: str
    county: str
    joined_year: int
    left_year: int | None = None


def partnership_windows(partnerships: pd.DataFrame, rng: np.random.Generator) -> dict[str, tuple[int, int | None]]:
    windows: dict[str, tuple[int, int | None]] = {}
    for row in partnerships.itertuples():
        if row.partnership_id in INACTIVE_WINDOWS:
            start, end = INACTIVE_WINDOWS[row.partnership_id]
            windows[row.partnership_id] = (start, end)
        elif row.partnership_id in LATE_STARTS:
            windows[row.partnership_id] = (LATE_STARTS[row.partnership_id], None)
        else:
            windows[row.partnership_id] = (int(rng.integers(FIRST_YEAR, 2020)), None)
    return windows


def generate(seed: int = SEED) -> list[Member]:
    rng = np.random.default_rng(seed)
    partnerships = pd.read_csv(ROOT / "data/partnerships.csv", dtype=str, keep_default_na=False)
    counties = pd.read_csv(ROOT / "data/geo/county_regions.csv", dtype={"county_fips": str})
    by_region = counties.groupby("region")["county"].apply(list).to_dict()
    windows = partnership_windows(partnerships, rng)
    regions = {r.partnership_id: [int(x) for x in r.regions.split(";")] for r in partnerships.itertuples()}
    weight = {
        r.partnership_id: (2.0 if 3 in regions[r.partnership_id] else 1.0)
        * (1.4 if r.industry == "Technology" else 1.0)
        for r in partnerships.itertuples()
    }

    def county_for(pid: str) -> str:
        options = [c for region in regions[pid] for c in by_region[region]]
        p = np.array([LARGE_COUNTIES.get(c, 1) for c in options], dtype=float)
        return str(rng.choice(options, p=p / p.sum()))

    members: list[Member] = []
    for pid, (start, end) in windows.items():
        for org_type, label in SUPPORT_TYPES[: int(rng.integers(3, len(SUPPORT_TYPES) + 1))]:
            county = county_for(pid)
            members.append(Member(pid, f"{label} ({county} County)", org_type, county, start, end))

    businesses: list[Member] = []
    serial = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for member in businesses:
            if member.left_year is not None or member.joined_year >= year:
                continue
            _, end = windows[member.partnership_id]
            if (end is not None and year >= end) or rng.random() < ANNUAL_LEAVE_RATE:
                member.left_year = year
        active = sum(1 for m in businesses if m.left_year is None)
        joins = ACTIVE_BUSINESSES[year] - active
        open_ids = [pid for pid, (s, e) in windows.items() if s <= year and (e is None or year < e)]
        shares = np.array([weight[pid] for pid in open_ids])
        counts = rng.multinomial(joins, shares / shares.sum())
        for pid, count in zip(open_ids, counts, strict=True):
            for _ in range(int(count)):
                serial += 1
                businesses.append(Member(pid, f"Sample Business {serial:04d}", "business", county_for(pid), year))
    return members + businesses


def active_businesses(members: list[Member], year: int) -> int:
    return sum(
        1
        for m in members
        if m.org_type == "business" and m.joined_year <= year and (m.left_year is None or m.left_year > year)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate the sample membership file.")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "data/members.csv")
    args = parser.parse_args()
    members = generate(args.seed)
    members.sort(key=lambda m: (m.partnership_id, m.org_type != "business", m.organization))
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["partnership_id", "organization", "org_type", "county", "joined_year", "left_year"])
        for m in members:
            writer.writerow([m.partnership_id, m.organization, m.org_type, m.county, m.joined_year, m.left_year or ""])
    summary = ", ".join(f"{y}: {active_businesses(members, y)}" for y in (2013, 2018, 2021, 2024))
    print(f"wrote {args.out}: {len(members)} rows; active businesses {summary}")


if __name__ == "__main__":
    main()
