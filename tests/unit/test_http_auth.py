"""Over HTTP, against the app served on a local port: data-changing routes refuse without an editor."""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

PASSWORD = "a long test password"


@pytest.fixture
def served(
    use_data_dir: Callable[[Path], None], make_data_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    use_data_dir(make_data_dir())
    monkeypatch.setenv("DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)}")
    import app as dashboard_app

    server = make_server("127.0.0.1", 0, dashboard_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def status(open_: urllib.request.OpenerDirector, request: urllib.request.Request) -> int:
    try:
        with open_.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def callback_request(base: str, output_part: str, values: dict[str, object]) -> urllib.request.Request:
    """A request for the callback whose outputs include `output_part`, as the Dash renderer sends it."""
    import app as dashboard_app

    key = next(k for k in dashboard_app.app.callback_map if output_part in k)
    spec = dashboard_app.app.callback_map[key]

    def values_of(items: list[dict[str, str]]) -> list[dict[str, object]]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1].split("@")[0]} for part in key.strip(".").split("...")
    ]
    payload = {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": values_of(spec["inputs"]),
        "state": values_of(spec["state"]),
        "changedPropIds": [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }
    return urllib.request.Request(
        f"{base}/_dash-update-component",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )


def upload_values() -> dict[str, object]:
    content = "data:text/csv;base64," + base64.b64encode(b"partnership_id,name\n").decode()
    return {
        "data-apply.n_clicks": 1,
        "data-upload.contents": [content],
        "data-upload.filename": ["partnerships.csv"],
        "data-preview-state.data": {"head": 1, "ok": True},
    }


def sign_in(base: str, open_: urllib.request.OpenerDirector) -> int:
    form = urllib.parse.urlencode({"username": "maria", "password": PASSWORD, "next": "/data"}).encode()
    return status(open_, urllib.request.Request(f"{base}/auth/login", data=form))


def test_data_changing_routes_need_an_editor(served: str, monkeypatch: pytest.MonkeyPatch) -> None:
    anonymous = opener()
    assert status(anonymous, urllib.request.Request(f"{served}/")) == 200  # viewing stays open
    for output in ("data-apply.disabled", "data-preview-state.data"):  # apply, and reading an upload
        assert status(anonymous, callback_request(served, output, upload_values())) == 401
    assert status(anonymous, urllib.request.Request(f"{served}/data/versions/1/download.zip")) == 401

    editor = opener()
    wrong = urllib.parse.urlencode({"username": "maria", "password": "not it", "next": "/data"}).encode()
    assert status(editor, urllib.request.Request(f"{served}/auth/login", data=wrong)) == 401
    assert sign_in(served, editor) == 200  # redirected to /data
    assert status(editor, urllib.request.Request(f"{served}/data/versions/1/download.zip")) == 200
    assert status(editor, callback_request(served, "data-preview-state.data", upload_values())) == 200

    # A signed-in name that is no longer an editor is refused (403), not treated as signed out.
    monkeypatch.setenv("DASHBOARD_EDITORS", "someone-else:x")
    assert status(editor, callback_request(served, "data-apply.disabled", upload_values())) == 403
    assert status(editor, urllib.request.Request(f"{served}/data/versions/1/download.xlsx")) == 403


def test_an_oversized_request_is_refused_unread(served: str) -> None:
    from dashboard.server.web import MAX_REQUEST_BYTES

    body = b"x" * (MAX_REQUEST_BYTES + 1)
    request = urllib.request.Request(
        f"{served}/_dash-update-component", data=body, headers={"Content-Type": "application/json"}
    )
    assert status(opener(), request) == 413


def test_sign_in_never_redirects_off_site(served: str) -> None:
    editor = opener()
    form = urllib.parse.urlencode({"username": "maria", "password": PASSWORD, "next": "//evil.example/x"}).encode()
    request = urllib.request.Request(f"{served}/auth/login", data=form)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    plain = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused:  # the redirect is not followed: it is the answer
        plain.open(request, timeout=30)
    assert refused.value.code == 302
    location = refused.value.headers["Location"]
    assert urllib.parse.urlsplit(location).netloc in ("", urllib.parse.urlsplit(served).netloc)
    assert location.endswith("/data") and "evil.example" not in location
    assert editor is not None
