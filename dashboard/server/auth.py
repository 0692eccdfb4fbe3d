"""Data editors: who may change the data, signing in, and the check every data-changing path makes.

Editors and their password hashes come from configuration, never from the code:
``DASHBOARD_EDITORS`` (``name:hash;name:hash``) and/or ``<instance>/editors.txt`` (one
``name:hash`` per line). Make a line with ``python -m dashboard.server.auth NAME`` (asks for the
password). Viewing stays open unless ``DASHBOARD_REQUIRE_LOGIN=1``.

Sign-in sets a signed Flask session cookie (HttpOnly, SameSite=Lax) holding a session token the
store knows (dashboard.store.sessions): a session lasts ``DASHBOARD_SESSION_HOURS`` (8 by
default) and signing out revokes it on the server. The cookie's key is ``DASHBOARD_SECRET_KEY``,
or a random one kept in ``<instance>/secret_key``, written atomically (mode 0600) at start-up and
made anew if it is empty or damaged.
"""

from __future__ import annotations

import functools
import getpass
import hmac
import logging
import os
import re
import secrets
import sys
import tempfile
from pathlib import Path

from flask import abort, session
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.data.caching import Cached, ttl
from dashboard.data.config import Settings, env_flag, env_number
from dashboard.store import sessions
from dashboard.store.loading import current_store

EDITORS_ENV = "DASHBOARD_EDITORS"
SECRET_ENV = "DASHBOARD_SECRET_KEY"
REQUIRE_LOGIN_ENV = "DASHBOARD_REQUIRE_LOGIN"
SESSION_HOURS_ENV = "DASHBOARD_SESSION_HOURS"
SESSION_KEY = "editor"
TOKEN_KEY = "session"
LIVE_CHECK_SECONDS = 5.0  # how long a worker trusts a session it has checked (a sign-out elsewhere takes this long)
KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")
log = logging.getLogger(__name__)
_live: Cached[str, str] = ttl(4096, LIVE_CHECK_SECONDS)


@functools.cache
def _dummy_hash() -> str:
    """Compared against when the name is unknown, so a wrong name takes as long as a wrong password
    (made on the first sign-in, not at import: hashing takes 0.1 s of every start)."""
    return generate_password_hash("not a password")


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
    ok = check_password_hash(hashed or _dummy_hash(), password)
    return bool(hashed) and ok


def secret_key(settings: Settings | None = None) -> str:
    """The key that signs session cookies: configured, or kept in the instance directory.

    A missing, empty or damaged key file is made anew, atomically: a temporary file created with
    mode 0600, written, synced, then renamed, so a full disk never leaves an empty key behind.
    If it cannot be written, this run uses a key in memory (sign-in works until restart) and says so.
    """
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured
    settings = settings or Settings.from_env()
    path = settings.instance / "secret_key"
    try:
        kept = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        kept = ""
    if KEY_PATTERN.match(kept):
        return kept
    key = secrets.token_hex(32)
    try:
        _write_private(path, key)
    except OSError as error:
        log.error("The session key could not be written to %s (%s); using one in memory until restart.", path, error)
    return key


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, scratch = tempfile.mkstemp(prefix=".secret_key-", dir=path.parent)  # created with mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def session_lifetime_seconds() -> float:
    return env_number(SESSION_HOURS_ENV, 8, minimum=0.05) * 3600


def sign_in(name: str) -> None:
    """Start a session for `name` (a new token: whatever the cookie held before is dropped)."""
    token = sessions.open_session(current_store(), name, session_lifetime_seconds())
    session.clear()
    session.permanent = True  # the cookie ends with the session's lifetime
    session[SESSION_KEY] = name
    session[TOKEN_KEY] = token


def sign_out() -> None:
    """End the session on the server too: the same cookie, kept by anyone, no longer signs in."""
    token = session.get(TOKEN_KEY)
    if isinstance(token, str):
        sessions.revoke_session(current_store(), token)
        _live.pop(token)
    session.clear()


def _session_name() -> str | None:
    """The name of this request's live session (signed in, not signed out, not expired), or None."""
    name, token = session.get(SESSION_KEY), session.get(TOKEN_KEY)
    if not isinstance(name, str) or not isinstance(token, str):
        return None
    live = _live.get(token, lambda: sessions.session_editor(current_store(), token) or "")
    return name if live == name else None


def current_editor() -> str | None:
    """The signed-in editor of this request, if still an editor."""
    name = _session_name()
    if name is None or name not in editors():
        return None
    return name


def require_editor() -> str:
    """The signed-in editor, or the request ends: 401 when not signed in, 403 when no longer allowed."""
    name = _session_name()
    if name is None:
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
