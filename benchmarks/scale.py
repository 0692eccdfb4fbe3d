"""Seeded scaled copies of the default data: the same partnerships and regions, more members.

``scaled_directory(scale, root)`` writes a data directory whose ``members.csv`` has the scale's rows,
drawn (with replacement, seeded) from the default membership and renamed so that every drawn
row is a distinct organisation; counties, years and the business/support mix keep their shape.
"1x+QCEW" is the default data with sample QCEW employment for every county in BLS's layout (all
ownerships and aggregation levels, about 19,000 rows: what a whole set of county files holds).
"1x+outcomes" is the default data with the sample partnership outcomes fixture (tests/fixtures/outcomes),
declared sample in its manifest: the outcomes view and the partnership pages have something to draw.
"texas" is another state's scheme at the size of the largest: Texas's 254 counties (the Census file) dealt
into 28 bench areas by latitude band and longitude, with sample partnerships and members generated as the
Washington example's are (scripts/generate_example_scheme.py). Only the dashboard serves it (the naive
build is Colorado's).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.config import DEFAULT_DATA_DIR

SEED = 7
SCALES: dict[str, int] = {
    "1x": 0,
    "1x+QCEW": 0,
    "1x+outcomes": 0,
    "10x": 10,
    "100x": 100,
    "1M": 1_000_000,
    "texas": 0,
}  # 0 = as shipped
WITH_QCEW = {"1x+QCEW"}  # plus the sample QCEW files of every county, all ownerships and levels
WITH_OUTCOMES = {"1x+outcomes"}  # plus the sample partnership outcomes
SCHEMES = {"texas": ("48", "Texas", "TX", 28)}  # scale → the state's FIPS, name, postal code, bench areas


def scheme_directory(scale: str, root: Path) -> Path | None:
    """The region scheme folder a scale is served on (None: Colorado's, the default)."""
    return root / f"scheme-{scale}" if scale in SCHEMES else None


def write_scheme(scale: str, root: Path) -> Path:
    """A scheme folder of the state's every county, dealt into contiguous bench areas: bands of latitude,
    each cut by longitude, so that a map of them looks like a state's regions."""
    import json

    from scripts.build_geography import state_counties
    from scripts.build_geography import write as write_counties

    fips, state, postal, areas = SCHEMES[scale]
    folder = root / f"scheme-{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    counties = state_counties(fips)
    points = counties.geometry.to_crs(5070).centroid
    counties = counties.assign(x=points.x.values, y=points.y.values)
    bands = 4
    counties["band"] = pd.qcut(counties["y"].rank(method="first"), bands, labels=False)
    per_band = areas // bands
    counties["region"] = 0
    for band, group in counties.groupby("band"):
        cut = pd.qcut(group["x"].rank(method="first"), per_band, labels=False)
        counties.loc[group.index, "region"] = int(band) * per_band + cut + 1
    counties["region"] = counties["region"].astype(int)
    counties["region_name"] = "Bench Area " + counties["region"].astype(str)
    counties[["county_fips", "county", "region", "region_name"]].to_csv(folder / "county_regions.csv", index=False)
    write_counties(counties[["county_fips", "county", "geometry"]], folder / "counties.geojson")
    scheme = {"state": state, "state_postal": postal, "state_fips": fips}
    scheme |= {"regions_title": "bench areas", "regions_source": "bench areas (made for the benchmark)"}
    (folder / "scheme.json").write_text(json.dumps(scheme), encoding="utf-8")
    return folder


def write_scheme_data(scale: str, root: Path, target: Path) -> None:
    """Sample partnerships and members in the scale's scheme, and empty survey and published files."""
    import json

    from scripts import generate_example_scheme as example

    folder = write_scheme(scale, root)
    crosswalk = pd.read_csv(folder / "county_regions.csv", dtype={"county_fips": str})
    names = crosswalk[["region", "region_name"]].drop_duplicates().sort_values("region")
    rng = np.random.default_rng(SEED)
    partners = example.partnerships(names, rng)
    example.write_csv(partners, target / "partnerships.csv")
    example.write_csv(example.members(partners, crosswalk, rng), target / "members.csv")
    (target / "outcomes.csv").write_text("survey,metric,category,unit,rate,respondents,source\n", encoding="utf-8")
    header = "metric,value,as_of,as_of_approximate,source,qualifier,unit,label,notes\n"
    (target / "reported.csv").write_text(header, encoding="utf-8")
    (target / "manifest.json").write_text(json.dumps(example.MANIFEST), encoding="utf-8")


def scaled_members(base: pd.DataFrame, rows: int, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    picked = base.iloc[rng.integers(0, len(base), size=rows)].reset_index(drop=True)
    picked["organization"] = picked["organization"] + " · " + pd.Series(np.arange(rows), dtype=str)
    return picked


def rows_for(scale: str, base_rows: int) -> int:
    factor = SCALES[scale]
    if factor == 0:
        return base_rows
    return factor * base_rows if factor < 1000 else factor


def scaled_directory(scale: str, root: Path) -> Path:
    """A data directory for `scale` under `root` (reused if already written)."""
    target = root / f"data-{scale}"
    if (target / "members.csv").exists() and (target / "naics-crosswalk.csv").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    if scale in SCHEMES:
        write_scheme_data(scale, root, target)
        shutil.copy(DEFAULT_DATA_DIR / "naics-crosswalk.csv", target / "naics-crosswalk.csv")
        return target
    for name in ("partnerships.csv", "outcomes.csv", "reported.csv", "naics-crosswalk.csv"):
        shutil.copy(DEFAULT_DATA_DIR / name, target / name)
    if scale in WITH_QCEW:
        from scripts.generate_sample_qcew import sample_rows, write

        write(target / "qcew" / "sample-2023-all-levels.csv", sample_rows(full=True))
    if scale in WITH_OUTCOMES:
        import json

        from scripts.generate_sample_outcomes import FIXTURE, SAMPLE_NOTE

        shutil.copy(FIXTURE, target / "partnership_outcomes.csv")
        manifest = json.loads((DEFAULT_DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
        manifest["sample"]["partnership_outcomes.csv"] = SAMPLE_NOTE
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    shutil.copytree(DEFAULT_DATA_DIR / "sources", target / "sources", dirs_exist_ok=True)
    base = pd.read_csv(DEFAULT_DATA_DIR / "members.csv", dtype=str, keep_default_na=False)
    members = base if SCALES[scale] == 0 else scaled_members(base, rows_for(scale, len(base)))
    members.to_csv(target / "members.csv", index=False)
    return target
