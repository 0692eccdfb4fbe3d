"""Generate the SAMPLE partnership outcomes fixture, deterministically, and a data directory that uses it.

No source publishes what each partnership achieved year by year (the lessons-learned brief gives SMIAC's
before/after results only, which ``data/partnership_outcomes.csv`` holds with their source). Tests, the
gallery and the bench need more to show: this script makes ``tests/fixtures/outcomes/partnership_outcomes.csv``
from a seeded generator. Every row is made up; the values say "sample" in their source column, and a data
directory made by :func:`fixture_directory` declares the file sample data in its manifest, so the page,
slides, images and CSV label it.

Run: ``python scripts/generate_sample_outcomes.py``.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/outcomes/partnership_outcomes.csv"
SEED = 2026
YEARS = (2021, 2022, 2023, 2024)
SOURCE = "Sample data (generated)"
SAMPLE_NOTE = (
    "Partnership outcomes are generated sample data (scripts/generate_sample_outcomes.py, seed 2026): which "
    "partnerships report, which measures, every value, method and respondent count are made up."
)
COLUMNS = ("partnership_id", "year", "measure", "value", "unit", "method", "point", "qualifier", "respondents")
# measure: (unit, methods it may be collected by, how a first value is drawn, the yearly change)
POOL: dict[str, tuple[str, tuple[str, ...], tuple[float, float], tuple[float, float]]] = {
    "jobs_created": ("count", ("survey", "administrative records"), (4, 60), (-8, 15)),
    "retention_rate": ("percent", ("survey", "administrative records"), (62, 92), (-4, 5)),
    "cost_savings": ("dollars", ("survey", "estimate"), (5_000, 180_000), (-20_000, 40_000)),
    "new_hires_from_training": ("count", ("administrative records", "survey"), (3, 40), (-5, 10)),
    "credentials_earned": ("count", ("administrative records",), (5, 90), (-10, 20)),
    "wage_change": ("dollars", ("survey", "administrative records"), (0.4, 2.5), (-0.6, 0.8)),
}


def _round(unit: str, measure: str, value: float) -> float:
    if unit == "count":
        return float(max(0, round(value)))
    if unit == "percent":
        return min(100.0, max(0.0, round(value, 1)))
    return round(value, 2) if measure == "wage_change" else float(round(value, -2))


def sample_rows(partnerships_csv: Path = ROOT / "data/partnerships.csv") -> list[dict[str, str]]:
    """The sample rows: about two in three active partnerships report two to four measures over one to four
    of the years 2021–2024."""
    rng = np.random.default_rng(SEED)
    with partnerships_csv.open(newline="", encoding="utf-8") as handle:
        active = sorted(row["partnership_id"] for row in csv.DictReader(handle) if row["status"] == "active")
    rows: list[dict[str, str]] = []
    measures = list(POOL)
    for pid in active:
        if rng.random() > 0.68:
            continue
        chosen = sorted(rng.choice(len(measures), size=int(rng.integers(2, 5)), replace=False))
        span = int(rng.integers(1, len(YEARS) + 1))
        last = YEARS[-1] if rng.random() < 0.8 else YEARS[-2]
        years = [y for y in YEARS if last - span < y <= last]
        for index in chosen:
            measure = measures[index]
            unit, methods, start, step = POOL[measure]
            method = str(methods[int(rng.integers(len(methods)))])
            value = float(rng.uniform(*start))
            for year in years:
                respondents = str(int(rng.integers(6, 61))) if method == "survey" else ""
                rows.append(
                    {
                        "partnership_id": pid,
                        "year": str(year),
                        "measure": measure,
                        "value": f"{_round(unit, measure, value):g}",
                        "unit": unit,
                        "method": method,
                        "point": "",
                        "qualifier": "",
                        "respondents": respondents,
                        "source": SOURCE,
                        "note": "",
                    }
                )
                value += float(rng.uniform(*step))
    return rows


def write(rows: list[dict[str, str]], path: Path = FIXTURE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "source", "note"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def fixture_directory(target: Path, source: Path = ROOT / "data") -> Path:
    """A copy of the data directory `source` whose partnership outcomes are the sample fixture, declared
    sample data in its manifest."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    shutil.copy(FIXTURE, target / "partnership_outcomes.csv")
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    manifest.setdefault("sample", {})["partnership_outcomes.csv"] = SAMPLE_NOTE
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIXTURE)
    args = parser.parse_args()
    path = write(sample_rows(), args.out)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
