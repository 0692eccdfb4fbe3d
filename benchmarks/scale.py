"""Seeded scaled copies of the default data: the same partnerships and regions, more members.

``scaled_directory(rows, root)`` writes a data directory whose ``members.csv`` has `rows` rows,
drawn (with replacement, seeded) from the default membership and renamed so that every drawn
row is a distinct organisation; counties, years and the business/support mix keep their shape.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.config import DEFAULT_DATA_DIR

SEED = 7
SCALES: dict[str, int] = {"1x": 0, "10x": 10, "100x": 100, "1M": 1_000_000}  # 0 = the data as shipped


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
    if (target / "members.csv").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in ("partnerships.csv", "outcomes.csv", "reported.csv"):
        shutil.copy(DEFAULT_DATA_DIR / name, target / name)
    shutil.copytree(DEFAULT_DATA_DIR / "sources", target / "sources", dirs_exist_ok=True)
    base = pd.read_csv(DEFAULT_DATA_DIR / "members.csv", dtype=str, keep_default_na=False)
    members = base if SCALES[scale] == 0 else scaled_members(base, rows_for(scale, len(base)))
    members.to_csv(target / "members.csv", index=False)
    return target
