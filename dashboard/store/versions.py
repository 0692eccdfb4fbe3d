"""The versioned data store: every version of the four data files, who made it, when and why.

One small interface over SQLAlchemy. SQLite (a file in the instance directory) by default, with no
set-up; PostgreSQL when ``DATABASE_URL`` is set, so several app instances share one truth.

A version is a complete snapshot: the four CSV files (and the sample-data manifest) as bytes,
stored once per distinct content (``blobs``, keyed by SHA-256) and listed per version
(``version_files``). Nothing is ever updated or deleted: applying an upload or reverting adds a
version. Each write is one transaction that first takes the store's write lock (``BEGIN
IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL) and checks that the version the change
was prepared against is still the latest, so two editors can never interleave or silently
overwrite each other.
"""

from __future__ import annotations

import errno
import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.data import registry
from dashboard.data.contract import MANIFEST
from dashboard.data.geography import REGION_CROSSWALK
from dashboard.data.qcew import CROSSWALK, QCEW_PREFIX, is_qcew
from dashboard.store import migrations

NAME_CHARS = 255  # the longest name a stored file may have


def storable(name: str) -> bool:
    """A file a version may hold: the registry's datasets, the crosswalk, the manifest, the version's own
    county → region crosswalk (a regrouping of the state's counties), and QCEW files
    under qcew/ (a plain name: no further folders, nothing that could leave the store)."""
    if registry.is_table(name) or name in (CROSSWALK, MANIFEST, REGION_CROSSWALK):
        return True
    rest = name[len(QCEW_PREFIX) :] if is_qcew(name) else ""
    return (
        bool(rest)
        and len(name) <= NAME_CHARS
        and "/" not in rest
        and "\\" not in rest
        and not rest.startswith(".")
        and rest.endswith(".csv")
    )


_LOCK_KEY = 7_402_311  # PostgreSQL advisory lock id for writes to this store

# The tables as the code reads and writes them. They are made and changed by the steps in
# dashboard/store/migrations/ (tests/store/test_migrations.py holds the two to each other).
metadata = sa.MetaData()
blobs = sa.Table(
    "blobs",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)
versions = sa.Table(
    "versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601, UTC
    sa.Column("author", sa.String(120), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # initial | apply | revert
    sa.Column("parent_id", sa.Integer, nullable=True),
    sa.Column("reverted_to", sa.Integer, nullable=True),
    sa.Column("uploads", sa.Text, nullable=False),  # JSON: [{"file", "sha256", "bytes"}] as received
)
# Editors' sign-in sessions, so that signing out ends a session on the server (a copied cookie
# stops working) and every session has an end; and failed sign-ins, counted across workers.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # SHA-256 of the token in the cookie
    sa.Column("editor", sa.String(120), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),  # seconds since the epoch
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float, nullable=True),
)
sign_in_failures = sa.Table(
    "sign_in_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), nullable=False, index=True),  # "name:maria" or "address:10.0.0.5"
    sa.Column("at", sa.Float, nullable=False),
)
version_files = sa.Table(
    "version_files",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    # BLS names its files "2023.annual 08999 Colorado -- Statewide, unknown or undefined.csv": stored as
    # qcew/ plus that name, longer than the 64 characters this column first had (migration 0002).
    sa.Column("name", sa.String(NAME_CHARS), primary_key=True),
    sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
)


STORE_FAILURES = (sa.exc.SQLAlchemyError, OSError)
"""What the store raises when it cannot be read or written: a full disk, a read-only instance
directory, a database server that is down."""


def store_failure(error: BaseException, *, writing: bool) -> str:
    """The failure in words for the person who clicked, saying that nothing changed."""
    text = str(error).lower()
    number = getattr(error, "errno", None) or getattr(getattr(error, "orig", None), "errno", None)
    if number == errno.ENOSPC or "disk is full" in text or "no space left" in text:
        reason = "the disk is full"
    elif number in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        reason = "its files are read-only"
    elif isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError) or "connect" in text:
        reason = "the database server cannot be reached"
    else:
        reason = type(error).__name__
    action = "written" if writing else "read"
    return f"The data store could not be {action}: {reason}. Nothing was changed."


class StaleVersionError(RuntimeError):
    """The data changed after the change was prepared; it must be previewed again."""


@dataclass(frozen=True)
class Version:
    id: int
    created_at: str
    author: str
    note: str
    kind: str
    parent_id: int | None
    reverted_to: int | None
    uploads: list[dict[str, Any]]
    checksums: dict[str, str]  # file name → SHA-256 of its content in this version

    @property
    def label(self) -> str:
        return f"v{self.id}"


MAX_NOTE_CHARS = 2000


def plain_text(text: str, limit: int) -> str:
    """Text as stored: no control characters but line breaks and tabs (PostgreSQL refuses NUL in
    text; the others would only hide in the history), at most `limit` characters."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")[:limit]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def default_url(instance_dir: Path) -> str:
    return f"sqlite:///{instance_dir / 'dashboard.sqlite3'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = sa.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)  # the instance directory, on first use
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        # pysqlite's own transaction handling defers BEGIN; take the write lock at the start instead.
        @sa.event.listens_for(engine, "connect")
        def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

        @sa.event.listens_for(engine, "begin")
        def _begin_immediate(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as error:  # psycopg is an extra: installed only where PostgreSQL is used
        raise sa.exc.ArgumentError(
            f"DATABASE_URL needs a database driver that is not installed ({error.name}); for PostgreSQL "
            "install the project's postgres extra: pip install '.[postgres]'"
        ) from None


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        migrations.upgrade(self.engine)  # the tables below, made or brought up to date in steps

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                if self.backend == "postgresql":
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
                yield connection
        except sa.exc.OperationalError:
            # A connection opened while the files were read-only stays read-only: start afresh next
            # time, so the store works again as soon as the fault is fixed, without a restart.
            self.engine.dispose()
            raise

    # ----------------------------------------------------------------------------------------
    # Reading

    def head(self) -> int | None:
        with self.engine.connect() as connection:
            return self._head(connection)

    @staticmethod
    def _head(connection: Connection) -> int | None:
        value = connection.execute(sa.select(sa.func.max(versions.c.id))).scalar()
        return int(value) if value is not None else None

    def files(self, version_id: int) -> dict[str, bytes]:
        query = (
            sa.select(version_files.c.name, blobs.c.content)
            .join(blobs, blobs.c.sha256 == version_files.c.sha256)
            .where(version_files.c.version_id == version_id)
        )
        with self.engine.connect() as connection:
            found = {str(name): bytes(content) for name, content in connection.execute(query)}
        if not found:
            raise KeyError(f"no version {version_id}")
        return found

    def file(self, version_id: int, name: str) -> bytes | None:
        """One file of a version (None when the version has none of that name)."""
        query = (
            sa.select(blobs.c.content)
            .join(version_files, blobs.c.sha256 == version_files.c.sha256)
            .where(version_files.c.version_id == version_id, version_files.c.name == name)
        )
        with self.engine.connect() as connection:
            content = connection.execute(query).scalar()
        return bytes(content) if content is not None else None

    def checksums(self, version_id: int) -> dict[str, str]:
        query = sa.select(version_files.c.name, version_files.c.sha256).where(version_files.c.version_id == version_id)
        with self.engine.connect() as connection:
            return {str(name): str(digest) for name, digest in connection.execute(query)}

    def versions(self) -> list[Version]:
        """Every version, newest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(versions).order_by(versions.c.id.desc())).mappings().all()
            sums: dict[int, dict[str, str]] = {}
            for version_id, name, digest in connection.execute(
                sa.select(version_files.c.version_id, version_files.c.name, version_files.c.sha256)
            ):
                sums.setdefault(int(version_id), {})[str(name)] = str(digest)
        return [
            Version(
                id=int(row["id"]),
                created_at=str(row["created_at"]),
                author=str(row["author"]),
                note=str(row["note"]),
                kind=str(row["kind"]),
                parent_id=row["parent_id"],
                reverted_to=row["reverted_to"],
                uploads=json.loads(row["uploads"]),
                checksums=sums.get(int(row["id"]), {}),
            )
            for row in rows
        ]

    def content_hash(self) -> str:
        """A hash of everything stored: equal before and after means nothing changed."""
        digest = hashlib.sha256()
        with self.engine.connect() as connection:
            for table in (versions, version_files, blobs):
                keys = list(table.primary_key.columns)
                for row in connection.execute(sa.select(table).order_by(*keys)):
                    digest.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
        return digest.hexdigest()

    # ----------------------------------------------------------------------------------------
    # Writing: each a single transaction under the write lock

    def initialise(self, files: Mapping[str, bytes], *, source: str) -> int:
        """Create version 1 from a data directory's files, if the store is empty. Returns the head."""
        with self._writing() as connection:
            head = self._head(connection)
            if head is not None:
                return head
            return self._add(connection, files, author="system", note=f"Initial data from {source}", kind="initial")

    def apply(
        self,
        files: Mapping[str, bytes],
        *,
        author: str,
        note: str,
        expected_head: int | None,
        uploads: list[dict[str, Any]] | None = None,
    ) -> int:
        """Add a version holding `files` (all four, already validated). Returns its id."""
        with self._writing() as connection:
            self._check_head(connection, expected_head)
            return self._add(
                connection, files, author=author, note=note, kind="apply", parent=expected_head, uploads=uploads
            )

    def revert(self, to_version: int, *, author: str, note: str, expected_head: int | None) -> int:
        """Add a version whose files are those of `to_version` (nothing is removed)."""
        files = self.files(to_version)
        with self._writing() as connection:
            self._check_head(connection, expected_head)
            return self._add(
                connection, files, author=author, note=note, kind="revert", parent=expected_head, reverted_to=to_version
            )

    def _check_head(self, connection: Connection, expected: int | None) -> None:
        head = self._head(connection)
        if head != expected:
            raise StaleVersionError(
                f"The data changed while you were reviewing (now v{head}, you reviewed against v{expected}). "
                "Nothing was applied; review the change again."
            )

    def _add(
        self,
        connection: Connection,
        files: Mapping[str, bytes],
        *,
        author: str,
        note: str,
        kind: str,
        parent: int | None = None,
        reverted_to: int | None = None,
        uploads: list[dict[str, Any]] | None = None,
    ) -> int:
        unknown = {name for name in files if not storable(name)}
        if unknown or not set(registry.must_have()) <= set(files):
            optional = [t.file for t in registry.tables() if not t.must_have]
            raise ValueError(
                f"a version holds {', '.join(registry.must_have())} (and optionally {', '.join(optional)}, "
                f"{CROSSWALK}, {MANIFEST} and QCEW files under {QCEW_PREFIX}); got {sorted(files)}"
            )
        inserted = connection.execute(
            versions.insert().values(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                author=plain_text(author, 120),
                note=plain_text(note, MAX_NOTE_CHARS),
                kind=kind,
                parent_id=parent,
                reverted_to=reverted_to,
                uploads=json.dumps(uploads or []),
            )
        )
        key = inserted.inserted_primary_key
        assert key is not None
        version_id = int(key[0])
        for name, content in sorted(files.items()):
            digest = sha256(content)
            exists = connection.execute(sa.select(blobs.c.sha256).where(blobs.c.sha256 == digest)).first()
            if exists is None:
                connection.execute(blobs.insert().values(sha256=digest, size=len(content), content=content))
            connection.execute(version_files.insert().values(version_id=version_id, name=name, sha256=digest))
        return version_id
