"""Data editors: who may change the data, signing in, and the check every data-changing path makes.

Editors and their password hashes come from configuration, never from the code:
``DASHBOARD_EDITORS`` (``name:hash;name:hash``) and/or ``<instance>/editors.txt`` (one
``name:hash`` per line). Make a line with ``python -m dashboard.server.auth NAME`` (asks for the
password). Viewing stays open unless ``DASHBOARD_REQUIRE_LOGIN=1``.

Sign-in sets a signed Flask session cookie (HttpOnly, SameSite=Lax). The key is
``DASHBOARD_SECRET_KEY``, or a random one kept in ``<instance>/secret_key``.
"""

from __future__ import annotations

import getpass
import hmac
import os
import secrets
import sys

from flask import abort, session
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.data.config import Settings, env_flag

EDITORS_ENV = "DASHBOARD_EDITORS"
SECRET_ENV = "DASHBOARD_SECRET_KEY"
REQUIRE_LOGIN_ENV = "DASHBOARD_REQUIRE_LOGIN"
SESSION_KEY = "editor"
# Compared against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password")


def editors(settings: Settings | None = None) -> dict[str, str]:
    """name → password hash, from the environment and the instance's editors.txt."""
    settings = settings or Settings.from_env()
    found: dict[str, str] = {}
    lines = [entry for entry in os.environ.get(EDITORS_ENV, "").split(";")]
    path = settings.instance / "editors.txt"
    if path.is_file():
        lines += path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        name, hashed = line.split(":", 1)
        found[name.strip()] = hashed.strip()
    return found


def check_credentials(name: str, password: str, settings: Settings | None = None) -> bool:
    known = editors(settings)
    hashed = known.get(name.strip())
    ok = check_password_hash(hashed or _DUMMY_HASH, password)
    return bool(hashed) and ok


def secret_key(settings: Settings | None = None) -> str:
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured
    settings = settings or Settings.from_env()
    path = settings.instance / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def current_editor() -> str | None:
    """The signed-in editor of this request, if still an editor."""
    name = session.get(SESSION_KEY)
    if not isinstance(name, str) or name not in editors():
        return None
    return name


def require_editor() -> str:
    """The signed-in editor, or the request ends: 401 when not signed in, 403 when no longer allowed."""
    name = session.get(SESSION_KEY)
    if not isinstance(name, str):
        abort(401, description="Sign in as a data editor to change the data.")
    if name not in editors():
        abort(403, description=f"'{name}' is not a data editor (any more).")
    return name


def login_required_for_viewing() -> bool:
    return env_flag(REQUIRE_LOGIN_ENV)


def same_origin(origin: str | None, host_url: str) -> bool:
    """A form post must come from this site (a second line of defence after SameSite cookies)."""
    return origin is None or hmac.compare_digest(origin.rstrip("/"), host_url.rstrip("/"))


def main(argv: list[str]) -> int:
    if len(argv) != 1 or ":" in argv[0] or not argv[0].strip():
        print("usage: python -m dashboard.server.auth NAME   (prints a line for DASHBOARD_EDITORS or editors.txt)")
        return 2
    password = getpass.getpass(f"Password for {argv[0]}: ")
    if len(password) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return 2
    if password != getpass.getpass("Again: "):
        print("The two passwords differ.", file=sys.stderr)
        return 2
    print(f"{argv[0].strip()}:{generate_password_hash(password)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
