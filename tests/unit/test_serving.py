"""The production server and the benchmark run end to end (smoke tests, no timing assertions)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from dashboard.data.config import PROJECT_ROOT
from tests.conftest import TINY_MEMBERS

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def test_gunicorn_refuses_bad_data_with_the_contract_message(make_data_dir: Callable[..., Path]) -> None:
    members = [list(row) for row in TINY_MEMBERS]
    members[1][3] = "Gotham"
    directory = make_data_dir(members=members)
    result = subprocess.run(
        [GUNICORN, "app:server", "--config", "gunicorn.conf.py", "--bind", "127.0.0.1:0"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DASHBOARD_DATA_DIR": str(directory), "DASHBOARD_INSTANCE_DIR": str(directory.parent / "i")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "members.csv, row 2, column 'county': 'Gotham' is not one of Colorado's 64 counties" in result.stderr
    assert "Traceback" not in result.stderr


def test_benchmark_runs_at_1x(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scales", "1x,texas", "--runs", "1", "--no-browser",
         "--out", str(out), "--work-dir", str(tmp_path / "work"), "--qcew-national-rows", "60000"],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    report = json.loads(out.read_text())
    result = report["results"][0]
    assert result["membership_rows"] == sum(1 for _ in (PROJECT_ROOT / "data/members.csv").open()) - 1
    for build in ("dashboard", "naive"):
        assert result[build]["cold_start_s"] > 0
        assert set(result[build]["per_interaction"]) == {
            "region click", "industry click", "metric change", "year step", "reset"
        }  # fmt: skip
    # The dashboard sends its region geometry once, in the layout; the naive build with every map update.
    assert result["dashboard"]["geometry_bytes"] > 0 and result["naive"]["geometry_bytes"] == 0
    assert result["naive"]["map_response_bytes_median"] > 10 * result["dashboard"]["map_response_bytes_median"]
    assert {check["what"] for check in report["checks"]} >= {"region geometry", "callback p95 at 1x"}
    # Another state's scheme at the largest state's size: Texas's 254 counties in 28 areas, the dashboard only.
    texas = report["results"][1]
    assert (texas["scale"], texas["regions"], "naive" in texas) == ("texas", 28, False)
    crosswalk = (tmp_path / "work" / "scheme-texas" / "county_regions.csv").read_text(encoding="utf-8").splitlines()
    assert len(crosswalk) - 1 == 254 and all(line.startswith("48") for line in crosswalk[1:])
    assert set(texas["dashboard"]["per_interaction"]) == set(result["dashboard"]["per_interaction"])
    assert "first start at texas (empty store)" in {check["what"] for check in report["checks"]}
    # The whole-country QCEW file, written small here: every line but its header is a row, and what
    # the data directory keeps of it is Colorado's (area codes 08…), its 64 counties and statewide.
    national = tmp_path / "work" / "qcew-national" / "2023.annual.singlefile.csv"
    with national.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
        areas = [row[header.index("area_fips")] for row in csv.reader(handle)]
    qcew = report["qcew_national"]
    assert qcew["file_rows"] == len(areas)
    colorado = sum(1 for a in areas if a.startswith("08"))
    assert f"{len(areas):,} rows read; the {colorado:,} for Colorado (area_fips 08…) kept" in qcew["reduce"]["note"]
    assert qcew["load"]["counties"] == len({a for a in areas if a.startswith("08") and a[2:] != "999"})
    assert {check["what"] for check in report["checks"]} >= {
        "QCEW whole-country CSV load",
        "QCEW whole-country ZIP load",
    }


def test_what_the_server_loaded_before_serving_is_set_aside_from_the_collector(tmp_path: Path) -> None:
    """gunicorn's master loads the modules and the data, then freezes them before the workers fork:
    a full garbage collection in a worker walks only what was made after, not ~200,000 objects."""
    code = (
        "import gc, runpy; conf = runpy.run_path('gunicorn.conf.py'); conf['on_starting'](None); "
        "print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DASHBOARD_INSTANCE_DIR": str(tmp_path / "instance")},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, tracked = (int(word) for word in result.stdout.split()[-2:])
    assert frozen > 50_000 and tracked < frozen / 20, result.stdout
