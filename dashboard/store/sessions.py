"""Editors' sessions and failed sign-ins, kept in the store so that every worker sees them.

A session is a random token in the signed cookie; the store keeps its hash, its editor and its
end. Signing out revokes it, so a cookie copied before sign-out no longer works, and every
session ends after its lifetime whatever the cookie says. Failed sign-ins are counted per name
and per address over a window, for the sign-in rate limit.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import sqlalchemy as sa

from dashboard.store.versions import Store, sessions, sign_in_failures


def now() -> float:
    """The time, in seconds since the epoch (a function, so a test can move it)."""
    return time.time()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(store: Store, editor: str, lifetime_seconds: float) -> str:
    """A new session for `editor`: the token to put in the cookie."""
    token = secrets.token_urlsafe(32)
    moment = now()
    with store.engine.begin() as connection:
        connection.execute(sessions.delete().where(sessions.c.expires_at < moment - 86_400))  # tidy old ones
        connection.execute(
            sessions.insert().values(
                token_hash=_hash(token), editor=editor, created_at=moment, expires_at=moment + lifetime_seconds
            )
        )
    return token


def session_editor(store: Store, token: str) -> str | None:
    """The editor of a live session (not revoked, not expired), or None."""
    with store.engine.connect() as connection:
        row = connection.execute(
            sa.select(sessions.c.editor).where(
                sessions.c.token_hash == _hash(token),
                sessions.c.revoked_at.is_(None),
                sessions.c.expires_at > now(),
            )
        ).first()
    return None if row is None else str(row[0])


def revoke_session(store: Store, token: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(sessions.update().where(sessions.c.token_hash == _hash(token)).values(revoked_at=now()))


def recent_failures(store: Store, keys: list[str], window_seconds: float) -> dict[str, tuple[int, float]]:
    """Per key: failed sign-ins within the window, and when the oldest of them leaves it."""
    since = now() - window_seconds
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(sign_in_failures.c.key, sa.func.count(), sa.func.min(sign_in_failures.c.at))
            .where(sign_in_failures.c.key.in_(keys), sign_in_failures.c.at > since)
            .group_by(sign_in_failures.c.key)
        ).all()
    return {str(key): (int(count), float(oldest) + window_seconds) for key, count, oldest in rows}


def record_failure(store: Store, keys: list[str], window_seconds: float) -> None:
    moment = now()
    with store.engine.begin() as connection:
        connection.execute(sign_in_failures.delete().where(sign_in_failures.c.at < moment - window_seconds))
        connection.execute(sign_in_failures.insert(), [{"key": key[:200], "at": moment} for key in keys])


def clear_failures(store: Store, keys: list[str]) -> None:
    with store.engine.begin() as connection:
        connection.execute(sign_in_failures.delete().where(sign_in_failures.c.key.in_(keys)))
