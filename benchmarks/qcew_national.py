"""Benchmark reading BLS's annual QCEW single file for the whole country: load time and peak memory.

BLS publishes one CSV a year with every area of the country (about 3.5 million rows, 38 columns,
near a gigabyte). A staff member may put it in the data directory's ``qcew/`` folder as downloaded;
the dashboard streams it and keeps Colorado's rows (``dashboard.data.qcew_files``). This writes a
seeded file of that size in BLS's single-file layout (made up: SAMPLE values, never BLS's), then, in
a fresh process each time, times

* the reduction alone (``read_large_csv``: the whole file read, Colorado's rows kept), and
* the whole load of a data directory holding it (the reduction, then the contract's checks on every
  row of every file, the QCEW rows read as employment), and the same with the file as a ZIP,
* the file as the Data page's large-file route takes it (``dashboard.store.large_upload.receive``:
  written to disk from the request body, reduced, staged for the preview), the network aside,

and reports each one's wall time and the process's peak resident memory (``ru_maxrss``).

Usage: ``python -m benchmarks.qcew_national [--rows 3500000] [--work-dir DIR]`` (also run by ``make bench``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as arrow_csv

from dashboard.data.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data.geography import read_county_regions

SEED = 35
ROWS = 3_500_000
GOALS = {"load_s": 20, "peak_mb": 600}
# BLS's annual single-file layout (naics-based-annual-layout), in its order.
COLUMNS = [
    "area_fips", "own_code", "industry_code", "agglvl_code", "size_code", "year", "qtr", "disclosure_code",
    "annual_avg_estabs", "annual_avg_emplvl", "total_annual_wages", "taxable_annual_wages", "annual_contributions",
    "annual_avg_wkly_wage", "avg_annual_pay", "lq_disclosure_code", "lq_annual_avg_estabs", "lq_annual_avg_emplvl",
    "lq_total_annual_wages", "lq_taxable_annual_wages", "lq_annual_contributions", "lq_annual_avg_wkly_wage",
    "lq_avg_annual_pay", "oty_disclosure_code", "oty_annual_avg_estabs_chg", "oty_annual_avg_estabs_pct_chg",
    "oty_annual_avg_emplvl_chg", "oty_annual_avg_emplvl_pct_chg", "oty_total_annual_wages_chg",
    "oty_total_annual_wages_pct_chg", "oty_taxable_annual_wages_chg", "oty_taxable_annual_wages_pct_chg",
    "oty_annual_contributions_chg", "oty_annual_contributions_pct_chg", "oty_annual_avg_wkly_wage_chg",
    "oty_annual_avg_wkly_wage_pct_chg", "oty_avg_annual_pay_chg", "oty_avg_annual_pay_pct_chg",
]  # fmt: skip
STATES = [f"{n:02d}" for n in (*range(1, 57), 72) if n not in (3, 7, 14, 43, 52)]  # 50 states, DC, Puerto Rico
SECTORS = ["11", "21", "22", "23", "31-33", "42", "44-45", "48-49", "51", "52", "53", "54", "55", "56", "61", "62",
           "71", "72", "81"]  # fmt: skip


def areas() -> list[tuple[str, str]]:
    """(area_fips, kind) for the whole country: every county (Colorado's real ones), each state's statewide
    and unknown-county rows, metropolitan and combined areas, and the national totals."""
    colorado = list(read_county_regions()["county_fips"])
    found: list[tuple[str, str]] = [(code, "nation") for code in ("US000", "USCMS", "USMSA", "USNMS")]
    rng = np.random.default_rng(SEED)
    for state in STATES:
        counties = colorado if state == "08" else [f"{state}{2 * k + 1:03d}" for k in range(int(rng.integers(5, 120)))]
        found += [(f"{state}000", "state"), (f"{state}999", "county"), *((c, "county") for c in counties)]
    found += [(f"C{1000 + 5 * k:04d}", "msa") for k in range(390)] + [(f"CS{100 + k:03d}", "msa") for k in range(170)]
    return found


LEVELS = {"nation": ("10", "11", "14", "15", "16"), "state": ("50", "51", "54", "55", "56"),
          "county": ("70", "71", "74", "75", "76"), "msa": ("40", "41", "44", "45", "46")}  # fmt: skip


def _details() -> list[tuple[str, str, int]]:
    """(ownership, NAICS code, depth: 0 sector, 1 3-digit, 2 4-digit), each once, private first."""
    found = []
    for owner in ("5", "1", "2", "3"):
        found += [(owner, code, 0) for code in SECTORS]
        heads = [code.split("-")[0] for code in SECTORS]
        found += [(owner, head + str(d), 1) for head in heads for d in range(1, 10)]
        found += [(owner, head + str(d) + str(e), 2) for head in heads for d in range(1, 10) for e in range(1, 10)]
    return found


DETAILS = _details()


def area_rows(area: str, kind: str, per_area: int, rng: np.random.Generator) -> dict[str, Any]:
    """About `per_area` rows of one area: the ownerships' totals, sectors, and 3- and 4-digit industries,
    each (ownership, industry, level) once, as in BLS's file."""
    total_covered, by_owner, sector, three, four = LEVELS[kind]
    own = ["0", "1", "2", "3", "5"]
    code = ["10"] * 5
    level = [total_covered] + [by_owner] * 4
    for owner, naics, depth in DETAILS[: max(per_area - 5, 0)]:
        own.append(owner)
        code.append(naics)
        level.append((sector, three, four)[depth])
    n = len(own)
    jobs = rng.integers(0, 50_000, size=n)
    suppressed = rng.random(n) < 0.08
    return {
        "area_fips": [area] * n, "own_code": own, "industry_code": code, "agglvl_code": level,
        "size_code": ["0"] * n, "year": ["2023"] * n, "qtr": ["A"] * n,
        "disclosure_code": np.where(suppressed, "N", ""),
        "annual_avg_estabs": np.where(suppressed, 0, jobs // 9 + 1), "annual_avg_emplvl": np.where(suppressed, 0, jobs),
    }  # fmt: skip


def write_national(path: Path, rows: int = ROWS) -> Path:
    """A seeded whole-country single file of about `rows` rows (reused when already written)."""
    done = path.with_suffix(".done")
    if path.exists() and done.exists() and done.read_text() == str(rows):
        return path
    rng = np.random.default_rng(SEED)
    every = areas()
    per_area = rows // len(every)
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(c, pa.int64() if c.startswith(("annual_avg", "total", "taxable", "avg_", "lq_annual",
                                                         "lq_total", "lq_taxable", "lq_avg", "oty_annual",
                                                         "oty_total", "oty_taxable", "oty_avg")) else pa.string())
                        for c in COLUMNS])  # fmt: skip
    with arrow_csv.CSVWriter(str(path), schema, write_options=arrow_csv.WriteOptions(quoting_style="needed")) as out:
        chunk: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        for index, (area, kind) in enumerate(every):
            part = area_rows(area, kind, per_area, rng)
            n = len(part["area_fips"])
            for column in COLUMNS:
                if column in part:
                    chunk[column].append(np.asarray(part[column]))
                elif schema.field(column).type == pa.int64():
                    chunk[column].append(np.asarray(part["annual_avg_emplvl"]) * 3)
                else:
                    chunk[column].append(np.asarray([""] * n))
            if len(chunk["area_fips"]) == 200 or index == len(every) - 1:
                arrays = [pa.array(np.concatenate(chunk[c]), type=schema.field(c).type) for c in COLUMNS]
                out.write_table(pa.Table.from_arrays(arrays, schema=schema))
                chunk = {c: [] for c in COLUMNS}
    done.write_text(str(rows))
    return path


CHILD = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
what, target = sys.argv[1], Path(sys.argv[2])
if what == "sent":
    import tempfile
    from dashboard.store.large_upload import load_staged, receive
    staging = Path(tempfile.mkdtemp(prefix="bench-staged-"))
    with target.open("rb") as body:  # as the Data page's route reads the request
        received = receive(body, target.name, target.stat().st_size, staging, editor="bench", state_fips="08",
                           state="Colorado")
    staged = load_staged(staging, received.token, "bench")
    assert staged is not None and not staged.problems, staged
    result = {"note": staged.notes[0], "kept_bytes": sum(len(c) for c in staged.files.values())}
elif what == "reduce":
    from dashboard.data.qcew_files import read_large_csv
    intake = read_large_csv("qcew/" + target.name, target, "08", "Colorado", keep_whole=0)
    assert not intake.problems, intake.problems
    kept = sum(len(c) for c in intake.files.values())
    result = {"note": intake.notes[0], "kept_bytes": kept}
else:
    from dashboard.data.files import load_dataset
    dataset = load_dataset(target)
    result = {"employment_rows": len(dataset.employment), "counties": int(dataset.employment["county_fips"].nunique())}
result["seconds"] = time.perf_counter() - start
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def measure_in_child(python: str, what: str, target: Path) -> dict[str, Any]:
    done = subprocess.run(
        [python, "-c", CHILD, what, str(target)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900
    )
    if done.returncode:
        raise RuntimeError(f"{what} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def data_dir_with(directory: Path, qcew_file: Path) -> Path:
    """The default data with `qcew_file` (linked, not copied) as its qcew/ folder's one file."""
    if not (directory / "qcew" / qcew_file.name).exists():
        shutil.rmtree(directory, ignore_errors=True)
        shutil.copytree(DEFAULT_DATA_DIR, directory, ignore=shutil.ignore_patterns("qcew"))
        (directory / "qcew").mkdir()
        (directory / "qcew" / qcew_file.name).symlink_to(qcew_file)
    return directory


def run(work: Path, rows: int = ROWS, python: str = sys.executable) -> dict[str, Any]:
    started = time.perf_counter()
    national = write_national(work / "qcew-national" / "2023.annual.singlefile.csv", rows)
    written = time.perf_counter() - started
    directory = data_dir_with(work / "qcew-national" / "data", national)
    with national.open("rb") as handle:
        lines = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1
    archive = national.with_suffix(".zip")
    if not archive.exists() or archive.stat().st_mtime < national.stat().st_mtime:
        with zipfile.ZipFile(archive.with_suffix(".part"), "w", zipfile.ZIP_DEFLATED) as out:
            out.write(national, national.name)
        archive.with_suffix(".part").rename(archive)
    zipped = data_dir_with(work / "qcew-national" / "data-zip", archive)
    reduced = measure_in_child(python, "reduce", national)
    sent = measure_in_child(python, "sent", national)
    loaded = measure_in_child(python, "load", directory)
    from_zip = measure_in_child(python, "load", zipped)
    return {
        "file_rows": lines,
        "file_mb": national.stat().st_size / 1e6,
        "zip_mb": archive.stat().st_size / 1e6,
        "written_s": written,
        "reduce": reduced,
        "sent": sent,
        "load": loaded,
        "load_zip": from_zip,
        "goals": GOALS,
    }


def checks(result: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The goals: the data directory with the whole-country file (as CSV, and as its ZIP) loaded in time and memory."""
    found = []
    for key, what in (("load", "CSV"), ("load_zip", "ZIP"), ("sent", "CSV, Data page")):
        load, peak = result[key]["seconds"], result[key]["peak_mb"]
        found += [
            (f"QCEW whole-country {what} load", f"≤ {GOALS['load_s']} s", f"{load:.1f} s", load <= GOALS["load_s"]),
            (f"QCEW whole-country {what} peak memory", f"≤ {GOALS['peak_mb']} MB", f"{peak:.0f} MB",
             peak <= GOALS["peak_mb"]),
        ]  # fmt: skip
    return found


def describe(result: dict[str, Any]) -> str:
    reduce, load = result["reduce"], result["load"]
    return (
        f"QCEW single file, whole country: {result['file_rows']:,} rows, {result['file_mb']:.0f} MB (sample, seeded)\n"
        f"  reduced to Colorado's rows: {reduce['seconds']:.1f} s, peak {reduce['peak_mb']:.0f} MB "
        f"({reduce['note']})\n"
        f"  whole data directory loaded and checked: {load['seconds']:.1f} s, peak {load['peak_mb']:.0f} MB "
        f"({load['employment_rows']:,} employment rows, {load['counties']} areas)\n"
        f"  the same from BLS's ZIP ({result['zip_mb']:.0f} MB), read without unpacking: "
        f"{result['load_zip']['seconds']:.1f} s, peak {result['load_zip']['peak_mb']:.0f} MB\n"
        f"  sent on the Data page (received to disk, reduced, staged; the network not counted): "
        f"{result['sent']['seconds']:.1f} s, peak {result['sent']['peak_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/dashboard-bench"))
    parser.add_argument("--python", default=sys.executable, help="the interpreter the dashboard runs in")
    args = parser.parse_args()
    result = run(args.work_dir, args.rows, args.python)
    print(describe(result))
    for what, goal, measured, met in checks(result):
        print(f"{'met ' if met else 'MISS'}  {what:36} goal {goal:>10}  measured {measured:>10}")


if __name__ == "__main__":
    main()
