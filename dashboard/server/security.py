"""What every response carries and what every request is checked for before it is read.

* Security headers on every response: a Content-Security-Policy that allows only this site's
  scripts (and Dash's inline ones, by hash), no framing, no MIME sniffing, no referrer off-site,
  and (with QuietRequestHandler and gunicorn.conf.py) a Server header that names no software.
* A request body larger than any callback but an upload is refused unread unless an editor is
  signed in: only editors upload, so nobody else can make a worker parse megabytes.
* A malformed or forged callback request (a value of the wrong type, nesting no client sends,
  an id that does not exist) is answered 400 with one log line, never a 500 and a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Sequence

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import WSGIRequestHandler

from dashboard.server import auth

ANONYMOUS_MAX_BYTES = 256 * 1024  # every callback but an upload sends a few kilobytes
SERVER_NAME = "dashboard"
log = logging.getLogger(__name__)


class QuietRequestHandler(WSGIRequestHandler):
    """The development server's handler (python app.py), with a Server header that names no
    software or version. gunicorn's is set in gunicorn.conf.py."""

    def version_string(self) -> str:
        return SERVER_NAME


def script_hash(script: str) -> str:
    """An inline script's source as a CSP hash ('sha256-…', quoted), as Dash writes its own."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode('ascii')}'"


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """Scripts only from this site and Dash's own inline scripts (by hash). Styles may be inline:
    Dash components, plotly and AG Grid set style attributes. AG Grid's cell callbacks are compiled
    from strings, which needs 'unsafe-eval'; no inline script can run without its hash."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def register(server: Flask, script_hashes: Sequence[str]) -> None:
    policy = content_security_policy(script_hashes)

    @server.before_request
    def _refuse_large_anonymous_bodies() -> Response | None:
        length = request.content_length  # the header only: the body is not read
        if length is not None and length > ANONYMOUS_MAX_BYTES and auth.current_editor() is None:
            log.warning("refused %s bytes to %s from %s: not signed in", length, request.path, request.remote_addr)
            response = Response("Sign in as a data editor to send files.", status=401)
            response.headers["Connection"] = "close"  # the unread body is not waited for
            return response
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @server.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response | HTTPException:
        if isinstance(error, HTTPException):
            return error  # 401, 403, 404, 413… keep their status and text
        if server.debug:
            raise error  # python app.py --debug: Dash's own error pages, with the traceback
        if request.path.endswith("/_dash-update-component"):
            output = _output_of_request()
            log.warning("malformed callback request for %s: %s: %.200s", output, type(error).__name__, error)
            return Response("That request was not understood.", status=400)
        log.exception("error serving %s", request.path)
        return Response("Something went wrong on the server; it has been logged.", status=500)


def _output_of_request() -> str:
    try:
        body = request.get_json(silent=True, cache=True)
    except RecursionError:
        return "(too deeply nested to read)"
    return str(body.get("output"))[:200] if isinstance(body, dict) else "(no output)"
