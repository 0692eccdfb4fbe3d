"""Seeded scaled copies of the default data: the same partnerships and regions, more members.

``scaled_directory(scale, root)`` writes a data directory whose ``members.csv`` has the scale's rows,
drawn (with replacement, seeded) from the default membership and renamed so that every drawn
row is a distinct organisation; counties, years and the business/support mix keep their shape.
"1x+QCEW" is the default data with sample QCEW employment for every county in BLS's layout (all
ownerships and aggregation levels, about 19,000 rows: what a whole set of county files holds).
"1x+outcomes" is the default data with the sample partnership outcomes fixture (tests/fixtures/outcomes),
declared sample in its manifest: the outcomes view and the partnership pages have something to draw.
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
}  # 0 = as shipped
WITH_QCEW = {"1x+QCEW"}  # plus the sample QCEW files of every county, all ownerships and levels
WITH_OUTCOMES = {"1x+outcomes"}  # plus the sample partnership outcomes


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
