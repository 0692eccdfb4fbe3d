"""The store's schema, made and changed in steps (Alembic revisions in versions/), at start.

A store is brought to HEAD when it is opened (dashboard.store.versions.Store): a new one is made by
the steps from the first, an older one gets the steps it lacks, and a store made before its schema
had steps (no alembic_version table, but the tables there) is taken to be at the first step. The
check costs one query; Alembic is imported only when there is a step to take. On PostgreSQL an
advisory lock keeps two processes starting together from taking the same step twice.

A schema change is a new file in versions/ (``revision``: the next number, ``down_revision``: HEAD)
and HEAD moved on; tests/store/test_migrations.py checks that the steps make exactly the tables
that ``dashboard.store.versions`` declares.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

HEAD = "0002"
FIRST = "0001"
FOLDER = Path(__file__).parent
_LOCK_KEY = 7_402_312  # PostgreSQL advisory lock id for schema steps (the store's writes use ...311)


def current(connection: Connection) -> str | None:
    """The step the store is at (None: a store without steps, new or made before them)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the store to HEAD, taking the steps it lacks (none: one query)."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        at = current(connection)
        if at == HEAD:
            return
        made_before_steps = at is None and sa.inspect(connection).has_table("versions")
        _take_steps(connection, stamp=FIRST if made_before_steps else None)


def _take_steps(connection: Connection, *, stamp: str | None) -> None:
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    script = ScriptDirectory.from_config(config)

    def steps(revision, _context):  # type: ignore[no-untyped-def]
        return script._upgrade_revs(HEAD, revision)

    with EnvironmentContext(config, script, fn=steps, destination_rev=HEAD) as environment:
        environment.configure(connection=connection, transactional_ddl=True)
        if stamp is not None:
            environment.get_context().stamp(script, stamp)
        with environment.begin_transaction():
            environment.run_migrations()


def head_of_steps() -> str:
    """The last step in versions/, as Alembic reads it (HEAD must name it)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    head = ScriptDirectory.from_config(config).get_current_head()
    return str(head)
