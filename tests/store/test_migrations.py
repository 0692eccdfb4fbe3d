"""The store's schema in steps (dashboard/store/migrations/), on SQLite and PostgreSQL: a new store is made by
them, a store made before they existed is taken up, and what they make is what the code declares."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.files import directory_files
from dashboard.store import migrations
from dashboard.store.versions import Store, metadata


def schema(engine: sa.Engine) -> dict[str, dict[str, str]]:
    """Each table's columns and their types, as the database reports them (lengths on PostgreSQL only:
    SQLite keeps what it was told but holds nothing to it)."""
    inspector = sa.inspect(engine)
    found = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        found[table] = {
            c["name"]: (str(c["type"]) if engine.dialect.name == "postgresql" else type(c["type"]).__name__)
            for c in inspector.get_columns(table)
        }
    return found


def declared(engine: sa.Engine) -> dict[str, dict[str, str]]:
    """The same, for the tables dashboard.store.versions declares, made directly in a scratch schema."""
    scratch = sa.create_engine("sqlite://") if engine.dialect.name == "sqlite" else engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE SCHEMA declared"))
        scratch = engine.execution_options(schema_translate_map={None: "declared"})
    metadata.create_all(scratch)
    inspector = sa.inspect(scratch)
    schema_name = "declared" if engine.dialect.name == "postgresql" else None
    found = {}
    for table in sorted(inspector.get_table_names(schema=schema_name)):
        found[table] = {
            c["name"]: (str(c["type"]) if engine.dialect.name == "postgresql" else type(c["type"]).__name__)
            for c in inspector.get_columns(table, schema=schema_name)
        }
    return found


def test_a_new_store_is_made_by_the_steps_and_is_what_the_code_declares(store_url: str) -> None:
    store = Store(store_url)
    with store.engine.connect() as connection:
        assert migrations.current(connection) == migrations.HEAD == migrations.head_of_steps()
    assert schema(store.engine) == declared(store.engine)
    indexes = {i["name"] for i in sa.inspect(store.engine).get_indexes("sign_in_failures")}
    assert indexes == {"ix_sign_in_failures_key"}
    # Opened again: nothing to do, and the data is there.
    store.initialise(directory_files(DEFAULT_DATA_DIR), source="tests")
    store.engine.dispose()
    again = Store(store_url)
    assert again.head() == 1
    again.engine.dispose()


def test_a_store_made_before_the_steps_is_taken_up_and_keeps_its_data(store_url: str) -> None:
    """As a store made by the code before it had steps: the tables, with 64-character file names, and
    no alembic_version. Opened, it is at HEAD, its names take 255 characters, and its versions are kept."""
    engine = sa.create_engine(store_url)
    old = sa.MetaData()
    for table in metadata.sorted_tables:
        columns = [
            sa.Column(c.name, sa.String(64) if (table.name, c.name) == ("version_files", "name") else c.type,
                      *([sa.ForeignKey(next(iter(c.foreign_keys)).target_fullname)] if c.foreign_keys else []),
                      primary_key=c.primary_key, nullable=c.nullable, autoincrement=c.autoincrement)
            for c in table.columns
        ]  # fmt: skip
        sa.Table(table.name, old, *columns)
    old.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO versions (created_at, author, note, kind, uploads) "
                "VALUES ('2025-01-01T00:00:00+00:00', 'maria', 'before the steps', 'initial', '[]')"
            )
        )
    engine.dispose()
    store = Store(store_url)
    with store.engine.connect() as connection:
        assert migrations.current(connection) == migrations.HEAD
    assert [v.note for v in store.versions()] == ["before the steps"]
    if store.backend == "postgresql":
        assert schema(store.engine)["version_files"]["name"] == "VARCHAR(255)"
    store.engine.dispose()
