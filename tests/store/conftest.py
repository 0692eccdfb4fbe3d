"""The same store tests on SQLite and on a real PostgreSQL server the suite starts itself."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard.data.files import directory_files
from dashboard.store.versions import Store
from tests.postgres import throwaway_cluster

_databases = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    server: str = request.getfixturevalue("postgres_server")
    name = f"test_{next(_databases)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    created = Store(store_url)
    yield created
    created.engine.dispose()


@pytest.fixture
def seeded(store: Store, make_data_dir: Callable[..., Path]) -> Store:
    """A store holding the tiny dataset as version 1."""
    store.initialise(directory_files(make_data_dir()), source="tests")
    return store
