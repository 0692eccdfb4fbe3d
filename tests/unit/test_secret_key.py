"""The session key: written atomically and privately at start-up, made anew when empty or damaged,
never left empty by a full disk, and not written at all by importing the app."""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.data.config import PROJECT_ROOT, Settings
from dashboard.server import auth

HEX_KEY = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv(auth.SECRET_ENV, raising=False)
    return Settings(instance_dir=tmp_path / "instance")


def test_importing_the_app_writes_no_file(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    environment = {**os.environ, "DASHBOARD_INSTANCE_DIR": str(instance)}
    environment.pop(auth.SECRET_ENV, None)
    subprocess.run([sys.executable, "-c", "import app"], cwd=PROJECT_ROOT, env=environment, check=True, timeout=120)
    assert not instance.exists() or not any(instance.iterdir())


@pytest.mark.parametrize("kept", ["", "   \n", "not a key", "ab" * 10])
def test_an_empty_or_damaged_key_is_made_anew_privately(settings: Settings, kept: str) -> None:
    path = settings.instance / "secret_key"
    path.parent.mkdir(parents=True)
    path.write_text(kept, encoding="utf-8")
    key = auth.secret_key(settings)
    assert HEX_KEY.match(key) and path.read_text(encoding="utf-8") == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert auth.secret_key(settings) == key  # kept from now on


def test_a_full_disk_leaves_no_empty_key_behind(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(auth.os, "fsync", full)
    key = auth.secret_key(settings)
    assert HEX_KEY.match(key)  # this run signs sessions with a key in memory
    assert list(settings.instance.iterdir()) == []  # no empty or partial key, no scratch file
    monkeypatch.undo()
    again = auth.secret_key(settings)  # the next start writes one
    assert HEX_KEY.match(again) and (settings.instance / "secret_key").read_text(encoding="utf-8") == again
