"""Plain Flask routes beside the Dash app: sign-in and sign-out, version downloads, file templates.

Every route that reads or changes stored versions needs a signed-in editor (401 without one,
403 for a name that is no longer an editor). Pages are small server-rendered HTML: sign-in must
work before any script has loaded.
"""

from __future__ import annotations

import threading
import time
from html import escape
from typing import Any
from urllib.parse import unquote, urlparse

from flask import Flask, Response, g, jsonify, redirect, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.data import registry
from dashboard.data.config import DEFAULT_DATA_DIR, Settings, env_flag, env_number
from dashboard.data.geography import load_geography
from dashboard.data.qcew import CROSSWALK, QCEW_HEADER, QCEW_TEMPLATE
from dashboard.server import auth
from dashboard.store import sessions
from dashboard.store.large_upload import (
    LARGE_UPLOAD_BYTES,
    LARGE_UPLOAD_PATH,
    LargeUploadError,
    receive,
    staging_dir,
)
from dashboard.store.loading import current_store, head_version
from dashboard.store.safe_export import safe_csv, version_xlsx, version_zip
from dashboard.store.upload import MAX_REQUEST_BYTES

MAX_VERSION_ID = 2**31 - 1
# What the Data page's script sends with a large upload: a header a form on another site cannot set, so a
# cross-site request would need a preflight that this route never answers.
LARGE_UPLOAD_HEADER = ("X-Requested-With", "dashboard-large-upload")
# Sign-in attempts: failures allowed per name and per address within the window (environment may change them).
SIGN_IN_LIMITS = {
    "name": ("DASHBOARD_SIGN_IN_FAILURES_PER_NAME", 5),
    "address": ("DASHBOARD_SIGN_IN_FAILURES_PER_ADDRESS", 20),
}
SIGN_IN_WINDOW_ENV = "DASHBOARD_SIGN_IN_WINDOW_MINUTES"
# How many reverse proxies stand in front (docs/deployment.md): their X-Forwarded-For and
# X-Forwarded-Proto are believed. None by default, so a client cannot name its own address.
PROXIES_ENV = "DASHBOARD_PROXIES"


def template_csv(name: str) -> bytes:
    """The dataset's columns, and its example row (the registry's)."""
    spec = registry.table(name)
    lines = [",".join(spec.columns), ",".join(_quoted(v) for v in spec.example)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def crosswalk_csv() -> bytes:
    """The NAICS crosswalk of the version being served (the default one when none is stored)."""
    current = Settings.from_env()
    store = current_store(current)
    files = store.files(head_version(store, current.data_dir))
    return files.get(CROSSWALK) or (DEFAULT_DATA_DIR / CROSSWALK).read_bytes()


def _quoted(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def _safe_next(target: str | None) -> str:
    """Only same-site paths: a sign-in link cannot send anyone elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or urlparse(target).netloc:
        return "/data"
    return target


def login_page(*, message: str, next: str) -> str:
    """The sign-in page, titled with the dashboard's name for the scheme in force."""
    return LOGIN_PAGE.format(title=escape(load_geography().dashboard_title), message=message, next=next)


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · {title}</title>
<link rel="stylesheet" href="/assets/01-bootstrap-5.3.9.min.css"><link rel="stylesheet" href="/assets/02-dashboard.css">
</head><body><main class="container py-4" style="max-width: 28rem">
<h1 class="h3">Sign in as a data editor</h1>
<p class="small">Viewing the dashboard needs no sign-in. Editors load new data files.</p>
{message}
<form method="post" action="/auth/login">
<input type="hidden" name="next" value="{next}">
<div class="mb-3"><label class="form-label" for="username">Name</label>
<input class="form-control" id="username" name="username" autocomplete="username" required autofocus></div>
<div class="mb-3"><label class="form-label" for="password">Password</label>
<input class="form-control" id="password" name="password" type="password"
 autocomplete="current-password" required></div>
<button class="btn btn-primary" type="submit" id="sign-in">Sign in</button>
<a class="ms-3" href="/">Back to the dashboard</a>
</form></main></body></html>"""


_key_lock = threading.Lock()


class _KeyOnFirstUse(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the key read (or made) when first needed rather than
    when the app is imported: importing the app writes no file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def get_signing_serializer(self, app: Flask):  # type: ignore[no-untyped-def]
        ensure_secret_key(app)
        return super().get_signing_serializer(app)


def ensure_secret_key(app: Flask) -> None:
    """Load (or make) the session key now: at start-up, so a problem with it is said before serving."""
    interface = app.session_interface
    settings = interface.settings if isinstance(interface, _KeyOnFirstUse) else Settings.from_env()
    with _key_lock:
        if not app.secret_key:
            app.secret_key = auth.secret_key(settings)


def _limit(kind: str) -> int:
    env, default = SIGN_IN_LIMITS[kind]
    return int(env_number(env, default, minimum=1))


def _window_seconds() -> float:
    return env_number(SIGN_IN_WINDOW_ENV, 15, minimum=1) * 60


def _sign_in_keys(name: str) -> dict[str, str]:
    return {"name": f"name:{name.casefold()[:120]}", "address": f"address:{request.remote_addr or 'unknown'}"}


def _sign_in_refusal(name: str) -> tuple[str, int] | None:
    """Why this sign-in may not even be tried (too many failures for this name or address), and
    in how many seconds it may, or None."""
    keys = _sign_in_keys(name)
    found = sessions.recent_failures(current_store(), list(keys.values()), _window_seconds())
    for kind, key in keys.items():
        count, free_at = found.get(key, (0, 0.0))
        if count >= _limit(kind):
            wait = max(1, int(free_at - sessions.now()) + 1)
            whom = "this name" if kind == "name" else "this address"
            minutes = max(1, round(wait / 60))
            return (
                f"Too many failed sign-ins for {whom}. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
                wait,
            )
    return None


ASSETS_ENDPOINT = "dash_assets.static"  # Dash's blueprint for assets/ (after any path prefix)


class BehindProxies:
    """WSGI middleware: with DASHBOARD_PROXIES=n (read per request), the client's address and scheme
    are those the n proxies in front report (werkzeug's ProxyFix). Behind a proxy every request
    otherwise comes from the proxy's address, and the per-address limit on failed sign-ins would
    count everyone's failures together: one person guessing could lock every editor out."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app
        self._fixed: dict[int, ProxyFix] = {}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        proxies = int(env_number(PROXIES_ENV, 0, minimum=0))
        if not proxies:
            return self.wsgi_app(environ, start_response)
        if proxies not in self._fixed:
            self._fixed[proxies] = ProxyFix(self.wsgi_app, x_for=proxies, x_proto=proxies)
        return self._fixed[proxies](environ, start_response)


def register(server: Flask, settings: Settings | None = None) -> None:
    """Add the routes. `settings` gives the session key's location; routes read the configuration per request."""
    settings = settings or Settings.from_env()
    server.session_interface = _KeyOnFirstUse(settings)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Behind HTTPS, send the session cookie over HTTPS only.
        SESSION_COOKIE_SECURE=env_flag("DASHBOARD_SECURE_COOKIES"),
        PERMANENT_SESSION_LIFETIME=auth.session_lifetime_seconds(),
        # An upload arrives base64-encoded inside a callback request (4/3 of its size), up to MAX_FILES files
        # (each refused with a message past MAX_UPLOAD_BYTES); anything larger is refused with 413 unread.
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )
    server.wsgi_app = BehindProxies(server.wsgi_app)  # type: ignore[method-assign]

    @server.before_request
    def _start_clock() -> None:
        g.started = time.perf_counter()

    @server.after_request
    def _server_timing(response: Response) -> Response:
        # The time spent here, for the browser's resource timing (make bench splits a click with it).
        started = g.get("started")
        if started is not None:
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    @server.after_request
    def _keep_fingerprinted_assets(response: Response) -> Response:
        # Dash names each file of assets/ with its modification time (?m=…): an edited file gets a
        # new address, so the browser may keep a copy without asking again. Flask's default (ask
        # every time) cost a full download on every load: the compressed response's ETag never
        # matches the browser's If-None-Match, and a script fetched again is parsed again.
        if (request.endpoint or "").endswith(ASSETS_ENDPOINT) and "m" in request.args and response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    @server.before_request
    def _viewing_requires_login() -> Response | None:
        if not auth.login_required_for_viewing() or auth.current_editor():
            return None
        if request.path.startswith(("/auth/", "/assets/")):
            return None
        if not request.path.startswith("/_") and request.path != LARGE_UPLOAD_PATH:  # pages: to sign-in
            return redirect(f"/auth/login?next={request.path}")  # type: ignore[return-value]
        return Response("Sign in to view the dashboard.", status=401)

    @server.get("/auth/login")
    def login_form() -> Response:
        page = login_page(message="", next=escape(_safe_next(request.args.get("next"))))
        return Response(page, mimetype="text/html")

    @server.post("/auth/login")
    def login() -> Response:
        target = _safe_next(request.form.get("next"))
        if not auth.same_origin(request.headers.get("Origin"), request.host_url):
            return Response("Cross-site sign-in refused.", status=403)
        name = request.form.get("username", "").strip()
        refusal = _sign_in_refusal(name)
        if refusal is not None:  # even the right password waits: that is what stops guessing
            text, wait = refusal
            message = f'<div class="alert alert-warning" role="alert">{escape(text)}</div>'
            page = login_page(message=message, next=escape(target))
            response = Response(page, status=429, mimetype="text/html")
            response.headers["Retry-After"] = str(wait)
            return response
        keys = _sign_in_keys(name)
        if auth.check_credentials(name, request.form.get("password", "")):
            sessions.clear_failures(current_store(), [keys["name"]])
            auth.sign_in(name)
            return redirect(target)  # type: ignore[return-value]
        sessions.record_failure(current_store(), list(keys.values()), _window_seconds())
        message = '<div class="alert alert-danger" role="alert">That name and password do not match an editor.</div>'
        return Response(login_page(message=message, next=escape(target)), status=401, mimetype="text/html")

    @server.post("/auth/logout")
    def logout() -> Response:
        auth.sign_out()
        return redirect("/")  # type: ignore[return-value]

    @server.get("/data/versions/<int:version_id>/download.<fmt>")
    def download_version(version_id: int, fmt: str) -> Response:
        auth.require_editor()
        if version_id > MAX_VERSION_ID:
            return Response(f"There is no version {version_id}.", status=404)
        current = Settings.from_env()  # per request, like every other reader of the configuration
        store = current_store(current)
        head_version(store, current.data_dir)  # an empty store is filled first
        try:
            files = store.files(version_id)
        except KeyError:
            return Response(f"There is no version {version_id}.", status=404)
        stem = f"colorado-sector-partnerships-v{version_id}"
        if fmt == "zip":
            return _attachment(version_zip(files), f"{stem}-csv.zip", "application/zip")
        if fmt == "xlsx":
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return _attachment(version_xlsx(files), f"{stem}.xlsx", mime)
        datasets = [t.file for t in registry.uploadable()]
        name = f"{fmt}.csv" if f"{fmt}.csv" in datasets else fmt
        if name in datasets and name in files:
            return _attachment(safe_csv(name, files[name]), f"{stem}-{name}", "text/csv")
        return Response("Ask for .zip, .xlsx or one file such as partnerships.csv.", status=404)

    @server.post(LARGE_UPLOAD_PATH)
    def large_upload() -> Response:
        """One large QCEW file as the request body (the whole-country single file, BLS's archive): streamed
        to disk, reduced to the state's rows and staged; the answer is the token the Data page previews."""
        editor = auth.current_editor()
        if editor is None:  # in words the page can show (require_editor answers with an HTML page)
            return Response("Sign in as a data editor to send files (you may have been signed out).",
                            status=401, mimetype="text/plain")  # fmt: skip
        name, value = LARGE_UPLOAD_HEADER
        if request.headers.get(name) != value or not auth.same_origin(request.headers.get("Origin"), request.host_url):
            return Response("Cross-site upload refused.", status=403, mimetype="text/plain")
        request.max_content_length = LARGE_UPLOAD_BYTES
        geography = load_geography()
        try:
            received = receive(
                request.stream,
                unquote(request.headers.get("X-File-Name", "")),
                request.content_length,
                staging_dir(Settings.from_env().instance),
                editor=editor,
                state_fips=geography.state_fips,
                state=geography.state_name,
            )
        except LargeUploadError as refusal:
            return Response(refusal.message, status=refusal.status, mimetype="text/plain")
        return jsonify(token=received.token, name=received.name, bytes=received.bytes)

    @server.get("/data/templates/<name>")
    def template(name: str) -> Response:
        if name == QCEW_TEMPLATE:  # BLS's layout: the files are loaded as downloaded, so only the header
            return _attachment((",".join(QCEW_HEADER) + "\n").encode("utf-8"), f"template-{name}", "text/csv")
        if name == CROSSWALK:  # the crosswalk in use, to edit
            return _attachment(crosswalk_csv(), name, "text/csv")
        datasets = [t.file for t in registry.uploadable()]
        if name not in datasets:
            return Response("Templates: " + ", ".join([*datasets, QCEW_TEMPLATE, CROSSWALK]), status=404)
        return _attachment(template_csv(name), f"template-{name}", "text/csv")


def _attachment(content: bytes, filename: str, mimetype: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
