"""Generate the SAMPLE data of the Washington example scheme (``data/schemes/washington/sample-data/``).

The scheme itself is published: Washington's 12 workforce development areas and their counties
(``data/schemes/washington/county_regions.csv``, sources in ``data/README.md``). Nothing about sector
partnerships in Washington is taken from any source, so every row written here is **sample data**,
declared so in the folder's ``manifest.json`` (which the page, slides, images and CSV downloads show):

* ``partnerships.csv``: sample partnerships named "Sample <industry> Partnership, <area>", a few industries
  per area drawn from a seeded generator; two areas are left without an active partnership and one
  partnership is inactive, so the gap views have something to show;
* ``members.csv``: sample businesses and support organisations ("Sample Business 0001", "Sample
  Organisation 0004"), each in a county of its partnership's area, with join and leave years from the same generator;
* ``outcomes.csv`` and ``reported.csv``: header only. No survey rate or published figure exists for these
  sample partnerships, and the page says so rather than borrowing Colorado's.

Run: ``python scripts/generate_example_scheme.py`` (``make sample-data``). The output is the same on every
run (seed 2026).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SCHEME_DIR = ROOT / "data" / "schemes" / "washington"
OUT = SCHEME_DIR / "sample-data"
SEED = 2026
FIRST_YEAR, LAST_YEAR = 2019, 2024
INDUSTRIES = (
    "Healthcare", "Manufacturing", "Construction", "Agriculture", "Technology", "Aerospace",
    "Transportation & Logistics", "Hospitality",
)  # fmt: skip
# Two areas with no active partnership (their numbers, in the crosswalk's numbering), one inactive
# partnership: sample choices, made so that gaps, the ✕ marks and "inactive" appear on the page.
NO_PARTNERSHIP = (6, 11)
SUPPORT_TYPES = ("education", "workforce", "economic_development", "community")
SOURCE = "Sample data (generated)"
MANIFEST = {
    "title": "Washington's workforce development areas with sample partnerships",
    "sample": {
        "partnerships.csv": (
            "Partnerships are generated sample data (scripts/generate_example_scheme.py, seed 2026): their "
            "names, industries, areas and statuses are made up. Only the areas and their counties are published."
        ),
        "members.csv": (
            "Membership rows are generated sample data (scripts/generate_example_scheme.py, seed 2026): "
            "organisation names, counties, join years and every business count are made up."
        ),
    },
}


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


def partnerships(areas: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for region, name in areas.itertuples(index=False):
        if region in NO_PARTNERSHIP:
            continue
        count = int(rng.integers(1, 4))
        for industry in sorted(rng.choice(INDUSTRIES, size=count, replace=False)):
            rows.append(
                {
                    "partnership_id": slug(f"{industry}-{name}"),
                    "name": f"Sample {industry} Partnership, {name}",
                    "industry": industry,
                    "regions": str(region),
                    "status": "active",
                    "launched_year": "",
                    "convener": "",
                    "source": SOURCE,
                    "inferred": "",
                    "notes": "Sample data: this partnership is made up.",
                }
            )
    frame = pd.DataFrame(rows)
    frame.loc[int(rng.integers(0, len(frame))), "status"] = "inactive"
    return frame


def members(partners: pd.DataFrame, crosswalk: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    counties = crosswalk.groupby("region")["county"].apply(sorted)
    rows = []
    number = 0
    for partnership in partners.itertuples(index=False):
        area = int(partnership.regions)
        active = partnership.status == "active"
        for _ in range(int(rng.integers(6, 41))):
            number += 1
            joined = int(rng.integers(FIRST_YEAR, LAST_YEAR + 1))
            left = ""
            if not active:
                left = str(LAST_YEAR - 1)
                joined = min(joined, LAST_YEAR - 1)
            elif rng.random() < 0.08 and joined < LAST_YEAR:
                left = str(int(rng.integers(joined + 1, LAST_YEAR + 1)))
            kind = "business" if rng.random() < 0.85 else str(rng.choice(SUPPORT_TYPES))
            rows.append(
                {
                    "partnership_id": partnership.partnership_id,
                    "organization": f"Sample {'Business' if kind == 'business' else 'Organisation'} {number:04d}",
                    "org_type": kind,
                    "county": str(rng.choice(counties[area])),
                    "joined_year": str(joined),
                    "left_year": left,
                }
            )
    return pd.DataFrame(rows)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def main() -> None:
    rng = np.random.default_rng(SEED)
    crosswalk = pd.read_csv(SCHEME_DIR / "county_regions.csv", dtype=str)
    crosswalk["region"] = crosswalk["region"].astype(int)
    areas = crosswalk[["region", "region_name"]].drop_duplicates().sort_values("region")
    OUT.mkdir(parents=True, exist_ok=True)
    partners = partnerships(areas, rng)
    write_csv(partners, OUT / "partnerships.csv")
    write_csv(members(partners, crosswalk, rng), OUT / "members.csv")
    (OUT / "outcomes.csv").write_text("survey,metric,category,unit,rate,respondents,source\n", encoding="utf-8")
    header = "metric,value,as_of,as_of_approximate,source,qualifier,unit,label,notes\n"
    (OUT / "reported.csv").write_text(header, encoding="utf-8")
    (OUT / "manifest.json").write_text(json.dumps(MANIFEST, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(partners)} sample partnerships")


if __name__ == "__main__":
    main()
