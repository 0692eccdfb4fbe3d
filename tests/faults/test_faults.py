"""Fault injection: the store killed mid-write, made read-only, out of disk, or gone away; the
Parquet cache corrupted (tests/unit/test_frame_cache.py, marked `faults` too). Each time the
editor is told plainly, the stored data stays whole, and the app carries on once the fault is
gone. Runs in `make test`; `pytest -m faults` runs it alone.

A read-only directory and a full disk are real filesystems (a tmpfs, mounted) when the tests
run as root, as they do in CI; otherwise the store's engine is made to fail the same way.
"""

from __future__ import annotations

import base64
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import callbacks.data_page as data_page
from dashboard.data.config import DATA_DIR_ENV, INSTANCE_DIR_ENV, PROJECT_ROOT
from dashboard.data.files import dataset_from_files
from dashboard.store import loading
from dashboard.store.versions import Store, sha256
from tests.components import text_of
from tests.conftest import TINY_PARTNERSHIPS
from tests.postgres import throwaway_server

pytestmark = pytest.mark.faults


def renamed_partnerships(name: str = "Test Valley Health and Care") -> bytes:
    rows = [list(r) for r in TINY_PARTNERSHIPS]
    rows[1][1] = name
    return ("\n".join(",".join(r) for r in rows) + "\n").encode()


def apply_click(content: bytes) -> tuple[str, bool]:
    """Press Apply on the Data page as a signed-in editor, with this partnerships file.

    Returns the status text and whether Apply is now disabled."""
    data_url = "data:text/csv;base64," + base64.b64encode(content).decode()
    status, disabled, _versions = data_page.apply_upload(
        1, [data_url], ["partnerships.csv"], "a note", {"head": 1, "ok": True}
    )
    return text_of(status), bool(disabled)


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_page, "require_editor", lambda: "maria")


def can_mount() -> bool:
    if os.geteuid() != 0:
        return False
    probe = Path(f"/tmp/dashboard-mount-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True)
    if mounted.returncode == 0:
        subprocess.run(["umount", str(probe)], capture_output=True)
    probe.rmdir()
    return mounted.returncode == 0


MOUNTS = can_mount() and not os.environ.get("FAULTS_WITHOUT_MOUNTS")  # to try the other way as root


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def use(monkeypatch: pytest.MonkeyPatch, data_dir: Path, instance: Path) -> Store:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    monkeypatch.setenv(INSTANCE_DIR_ENV, str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    loading.reset_caches()
    loading.get_dataset()  # the store is filled from the data directory: v1
    return loading.current_store()


def failing_engine(store: Store, message: str) -> pytest.MonkeyPatch:
    """Without root: every write transaction fails as SQLite does on that fault (undo() ends it)."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise sa.exc.OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError(message))

    fault = pytest.MonkeyPatch()
    fault.setattr(store.engine, "begin", refuse)
    return fault


def read_only(store: Store, instance: Path) -> Callable[[], None]:
    """Make the instance directory read-only; return what makes it writable again."""
    if not MOUNTS:
        return failing_engine(store, "attempt to write a readonly database").undo
    store.engine.dispose()  # no file open for writing, or the remount is refused
    subprocess.run(["mount", "-o", "remount,ro", str(instance)], check=True)

    def writable() -> None:
        subprocess.run(["mount", "-o", "remount,rw", str(instance)], check=True)

    return writable


def full_disk(store: Store, instance: Path) -> Callable[[], None]:
    """Fill every byte left on the instance's disk; return what frees them again."""
    if not MOUNTS:
        return failing_engine(store, "database or disk is full").undo
    filler = instance / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler.unlink


STORE_FAULTS = {
    "a read-only instance directory": (read_only, "8m", "its files are read-only"),
    "a full disk": (full_disk, "4m", "the disk is full"),
}


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


@pytest.mark.parametrize("fault", list(STORE_FAULTS))
def test_a_store_fault_is_said_nothing_changes_and_the_store_recovers(
    tmp_path: Path, make_data_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, editor: None, fault: str
) -> None:
    inject, size, reason = STORE_FAULTS[fault]
    instance = tmp_path / "instance"
    with tmpfs(instance, size) if MOUNTS else _nothing():
        store = use(monkeypatch, make_data_dir(), instance)
        before = store.content_hash()
        undo = inject(store, instance)
        status, disabled = apply_click(renamed_partnerships())
        assert (
            status
            == f"The data store could not be written: {reason}. Nothing was changed. Apply again once it is fixed."
        )
        assert disabled is False  # the files are still valid: Apply can be tried again
        assert loading.get_dataset().partnerships["name"].iloc[0] == TINY_PARTNERSHIPS[1][1]  # viewers unaffected
        undo()
        assert store.content_hash() == before and store.head() == 1
        status, _ = apply_click(renamed_partnerships())
        assert status.startswith("Applied as v2.")


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from dashboard.store.versions import Store
    store = Store(sys.argv[1])
    files = store.files(store.head())
    for number in range(1, 10_000):
        members = files["members.csv"] + b"".join(
            b"t-health,Member %d-%d,business,Pueblo,2021,\\n" % (number, i) for i in range(20_000)
        )
        store.apply({**files, "members.csv": members}, author="writer", note=str(number), expected_head=store.head())
        print(number, flush=True)
    """
)


def test_kill_9_during_applies_leaves_the_store_whole(tmp_path: Path, make_data_dir: Callable[..., Path]) -> None:
    """A writer killed mid-transaction: every version that was committed is whole, the one that
    was not is absent, the database passes its integrity check, and the next apply works."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    from dashboard.data.files import directory_files

    Store(url).initialise(directory_files(make_data_dir()), source="tests")
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, url], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    for _ in range(2):  # two versions committed, the third under way
        assert writer.stdout.readline().strip()
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    store = Store(url)
    with sqlite3.connect(tmp_path / "store.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    head = store.head()
    assert head is not None and head >= 3
    for version in store.versions():
        files = store.files(version.id)
        assert {name: sha256(content) for name, content in files.items()} == version.checksums
    dataset_from_files(store.files(head), "after the kill")  # the latest version still passes the contract
    again = store.apply(store.files(1), author="maria", note="after the kill", expected_head=head)
    assert again == head + 1


def test_postgresql_stopped_and_restarted(
    make_data_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, editor: None
) -> None:
    with throwaway_server() as server:
        monkeypatch.setenv(DATA_DIR_ENV, str(make_data_dir()))
        monkeypatch.setenv(INSTANCE_DIR_ENV, str(tmp_path / "instance"))
        monkeypatch.setenv("DATABASE_URL", server.url)
        loading.reset_caches()
        shown = loading.get_dataset()
        server.stop()
        loading._heads.clear()  # the periodic check for a newer version comes round
        assert loading.get_dataset() is shown  # viewers keep the last version read
        status, disabled = apply_click(renamed_partnerships())
        assert status.startswith("The data store could not be written: the database server cannot be reached.")
        assert disabled is False
        server.start()
        status, _ = apply_click(renamed_partnerships())
        assert status.startswith("Applied as v2.")
        loading._heads.clear()
        assert loading.get_dataset().partnerships["name"].iloc[0] == "Test Valley Health and Care"
