"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory, a free local
port, trust authentication on loopback only, stopped and removed at the end."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway server: its URL, and stop/start for tests of the store going away."""

    url: str
    _control: list[str]

    def stop(self) -> None:
        subprocess.run([*self._control, "-m", "fast", "-w", "stop"], check=True, capture_output=True)

    def start(self) -> None:
        subprocess.run([*self._control, "-w", "start"], check=True, capture_output=True)


@contextmanager
def throwaway_server() -> Iterator[Cluster]:
    """A fresh PostgreSQL server; its URL names the 'postgres' database."""
    bindir = binaries()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed: run scripts/ensure_postgresql.sh (make test does)")
    root = Path(tempfile.mkdtemp(prefix="dashboard-pg-"))
    # PostgreSQL refuses to run as root: as root, run it as the package's 'postgres' user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(root, "postgres", "postgres")
    data, log, port = root / "data", root / "server.log", _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    control = [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log)]
    cluster = Cluster(f"postgresql+psycopg://dashboard@127.0.0.1:{port}/postgres", control)
    try:
        subprocess.run(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "dashboard", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
        cluster.start()
        try:
            yield cluster
        finally:
            subprocess.run([*control, "-m", "fast", "-w", "stop"], capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh PostgreSQL database."""
    with throwaway_server() as cluster:
        yield cluster.url
