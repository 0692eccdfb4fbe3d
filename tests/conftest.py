"""Shared fixtures: the default dataset, small hand-made datasets, and headless Chromium options."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

from dashboard.data.config import DATA_DIR_ENV, DATABASE_URL_ENV, DEFAULT_DATA_DIR, INSTANCE_DIR_ENV
from dashboard.data.dataset import Dataset
from dashboard.data.files import load_dataset
from dashboard.store.loading import reset_caches

os.environ.setdefault("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
# Tests never touch the repository's instance/ (a developer's store): a fresh one per session,
# and use_data_dir gives each test its own.
os.environ[INSTANCE_DIR_ENV] = tempfile.mkdtemp(prefix="dashboard-test-instance-")
os.environ.pop(DATABASE_URL_ENV, None)

# Under pytest-xdist (make test runs one worker per core) each worker starts its Dash test servers on
# ports of its own: dash.testing counts them up from 58050 in every process, so two workers would
# otherwise start their first servers on the same port.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and _worker[2:].isdigit():
    from dash.testing.application_runners import BaseDashRunner

    BaseDashRunner._next_port = 58050 + 500 * int(_worker[2:])


def pytest_setup_options() -> Options:
    """Chromium as this machine can run it: offline, no background requests (pluggy lists the result)."""
    options = Options()
    for flag in (
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    return options


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
    # The longest test (the bench end to end, about 45 s) goes first, so that under pytest-xdist one
    # worker takes it at the start instead of the other waiting for it at the end. The order of the
    # rest is kept (the sort is stable).
    items.sort(key=lambda item: item.path.name != "test_serving.py")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset(DEFAULT_DATA_DIR)


TINY_PARTNERSHIPS = [
    ["partnership_id", "name", "industry", "regions", "status", "convener", "source"],
    ["t-health", "Test Valley Health", "Healthcare", "7", "active", "Test Convener", "test"],
    ["t-make", "Test Makers", "Manufacturing", "7;13", "active", "", "test"],
    ["t-farm", "Test Growers", "Agriculture", "8", "emerging", "", "test"],
    ["t-old", "Test Old Partnership", "Manufacturing", "1", "inactive", "", "test"],
]
TINY_MEMBERS = [
    ["partnership_id", "organization", "org_type", "county", "joined_year", "left_year"],
    ["t-health", "Hospital A", "business", "Pueblo", "2020", ""],
    ["t-health", "Clinic B", "business", "Pueblo", "2021", ""],
    ["t-health", "College C", "education", "Pueblo", "2020", ""],
    ["t-make", "Mill D", "business", "Fremont", "2021", ""],
    ["t-make", "Foundry E", "business", "Pueblo", "2020", "2022"],
    ["t-farm", "Farm F", "business", "Alamosa", "2022", ""],
    ["t-old", "Plant G", "business", "Logan", "2019", "2021"],
]
TINY_OUTCOMES = [
    ["survey", "metric", "category", "unit", "rate", "source"],
    ["Test survey", "Hired faster", "business", "businesses", "40", "test"],
    ["Test survey", "Shared data", "system", "partnerships", "75", "test"],
]
TINY_REPORTED = [
    ["metric", "value", "as_of", "as_of_approximate", "source"],
    ["businesses_engaged", "4", "2022", "false", "test"],
]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def make_data_dir(tmp_path: Path) -> Callable[..., Path]:
    """Write a data directory from row lists (defaults: the tiny dataset) and return its path."""

    def make(
        partnerships: list[list[str]] | None = None,
        members: list[list[str]] | None = None,
        outcomes: list[list[str]] | None = None,
        reported: list[list[str]] | None = None,
        name: str = "data",
    ) -> Path:
        directory = tmp_path / name
        directory.mkdir()
        write_csv(directory / "partnerships.csv", partnerships or TINY_PARTNERSHIPS)
        write_csv(directory / "members.csv", members or TINY_MEMBERS)
        write_csv(directory / "outcomes.csv", outcomes or TINY_OUTCOMES)
        write_csv(directory / "reported.csv", reported or TINY_REPORTED)
        return directory

    return make


@pytest.fixture
def tiny(make_data_dir: Callable[..., Path]) -> Dataset:
    return load_dataset(make_data_dir())


@pytest.fixture
def use_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Point the app at another data directory, with a store of its own, for one test."""

    def use(directory: Path) -> None:
        monkeypatch.setenv(DATA_DIR_ENV, str(directory))
        monkeypatch.setenv(INSTANCE_DIR_ENV, str(tmp_path / f"instance-{directory.name}"))
        reset_caches()

    reset_caches()
    yield use
    reset_caches()
