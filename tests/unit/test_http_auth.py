"""Over HTTP, against the app served on a local port: data-changing routes refuse without an editor."""

from __future__ import annotations

import base64
import json
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.server.security import QuietRequestHandler

PASSWORD = "a long test password"


@pytest.fixture
def served(
    use_data_dir: Callable[[Path], None], make_data_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    use_data_dir(make_data_dir())
    monkeypatch.setenv("DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)}")
    import app as dashboard_app

    server = make_server("127.0.0.1", 0, dashboard_app.server, threaded=True, request_handler=QuietRequestHandler)
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


def callback_request(
    base: str, output_part: str, values: dict[str, object], changed: str | None = None
) -> urllib.request.Request:
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
        "changedPropIds": [changed or f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
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
    from dashboard.store.upload import MAX_REQUEST_BYTES

    body = b"x" * (MAX_REQUEST_BYTES + 1)

    def oversized() -> urllib.request.Request:
        return urllib.request.Request(
            f"{served}/_dash-update-component", data=body, headers={"Content-Type": "application/json"}
        )

    assert status(opener(), oversized()) == 401  # not signed in: refused before anything is read
    editor = opener()
    assert sign_in(served, editor) == 200
    assert status(editor, oversized()) == 413  # an editor's request past the upload limit


def raw_request(base: str, head: str, body: bytes, timeout: float = 10) -> bytes:
    """Send a request by hand (a body shorter than its Content-Length is allowed) and read the answer."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(head.encode() + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    return received


def test_a_large_anonymous_body_is_refused_before_it_is_read(served: str) -> None:
    """54 MB announced, a few bytes sent: the 401 comes at once, without waiting for (or parsing) the rest."""
    head = (
        "POST /_dash-update-component HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"Content-Length: {54 * 1024 * 1024}\r\n\r\n"
    )
    started = time.monotonic()
    answer = raw_request(served, head, b'{"output": "x"')
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert time.monotonic() - started < 5


def test_every_response_carries_security_headers_and_names_no_software(served: str) -> None:
    for path in ("/", "/auth/login", "/assets/02-dashboard.css", "/_dash-layout"):
        with urllib.request.urlopen(f"{served}{path}", timeout=30) as response:
            headers = response.headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
        assert "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "same-origin"
        assert headers.get_all("Server") == ["dashboard"], headers.get_all("Server")


def test_malformed_callback_requests_are_answered_400(served: str, caplog: pytest.LogCaptureFixture) -> None:
    anonymous = opener()
    assert status(anonymous, urllib.request.Request(f"{served}/")) == 200  # Dash sets up its callbacks
    forged = {
        "regions as a dict": callback_request(
            served, f"{ids.CARDS}.children", {f"{ids.REGION_SELECT}.value": {"a": 1}, f"{ids.METRIC_SELECT}.value": "x"}
        ),
        "clickData as a string": callback_request(
            served,
            f"{ids.REGION_SELECT}.value",
            {f"{ids.REGION_MAP}.clickData": "not a click", f"{ids.URL}.search": ""},
        ),
    }
    deep = b'{"output": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    forged["nested 50,000 deep"] = urllib.request.Request(
        f"{served}/_dash-update-component", data=deep, headers={"Content-Type": "application/json"}
    )
    with caplog.at_level(logging.WARNING):
        answers = {what: status(anonymous, request) for what, request in forged.items()}
    # Never a 500: what cannot be read is 400; a value the selection controller can ignore, it ignores.
    assert answers == {"regions as a dict": 400, "clickData as a string": 200, "nested 50,000 deep": 400}
    assert any("malformed callback request" in r.getMessage() for r in caplog.records)
    editor = opener()
    assert sign_in(served, editor) == 200
    compare = callback_request(
        served, "data-comparison.children", {"data-compare-a.value": 1, "data-compare-b.value": 99}
    )
    assert status(editor, compare) == 400  # a version that does not exist
    huge = urllib.request.Request(f"{served}/data/versions/{10**25}/download.zip")
    assert status(editor, huge) == 404
    # The server is unharmed: a well-formed request still works.
    good = callback_request(
        served, "cards.children", {"metric-select.value": "partnerships", "year-slider.value": None}
    )
    assert status(anonymous, good) == 200


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


def sign_in_as(
    base: str, open_: urllib.request.OpenerDirector, name: str, password: str, forwarded_for: str | None = None
) -> tuple[int, str]:
    form = urllib.parse.urlencode({"username": name, "password": password, "next": "/data"}).encode()
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    try:
        with open_.open(
            urllib.request.Request(f"{base}/auth/login", data=form, headers=headers), timeout=30
        ) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


def test_sign_in_is_limited_per_name_and_per_address(served: str, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = opener()
    for _ in range(5):
        assert sign_in_as(served, editor, "maria", "wrong guess")[0] == 401
    code, page = sign_in_as(served, editor, "maria", PASSWORD)  # the right password, too late
    assert code == 429 and "Too many failed sign-ins for this name. Try again in 15 minutes." in page
    # Another name from the same address: allowed until the address has failed 20 times.
    monkeypatch.setenv(
        "DASHBOARD_EDITORS", f"maria:{generate_password_hash(PASSWORD)};ana:{generate_password_hash(PASSWORD)}"
    )
    for number in range(15):
        assert sign_in_as(served, editor, f"guess{number}", "wrong")[0] == 401
    code, page = sign_in_as(served, editor, "ana", PASSWORD)
    assert code == 429 and "Too many failed sign-ins for this address." in page


def test_behind_a_proxy_each_client_is_limited_by_the_address_the_proxy_saw(
    served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every request comes from the proxy on loopback; with DASHBOARD_PROXIES=1 the address it
    # reports is the client's, so one client guessing does not lock out another.
    monkeypatch.setenv("DASHBOARD_PROXIES", "1")
    for number in range(20):
        assert sign_in_as(served, opener(), f"guess{number}", "wrong", forwarded_for="203.0.113.7")[0] == 401
    code, page = sign_in_as(served, opener(), "maria", PASSWORD, forwarded_for="203.0.113.7")
    assert code == 429 and "Too many failed sign-ins for this address." in page
    code, page = sign_in_as(served, opener(), "maria", PASSWORD, forwarded_for="198.51.100.4")
    assert code == 200 and "Too many" not in page


def test_with_no_proxy_a_client_cannot_name_its_own_address(served: str) -> None:
    for number in range(20):
        assert sign_in_as(served, opener(), f"guess{number}", "wrong", forwarded_for=f"203.0.113.{number}")[0] == 401
    code, page = sign_in_as(served, opener(), "maria", PASSWORD, forwarded_for="198.51.100.4")
    assert code == 429 and "Too many failed sign-ins for this address." in page


def test_sign_out_ends_the_session_on_the_server(served: str) -> None:
    jar = CookieJar()
    editor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    assert sign_in(served, editor) == 200
    download = f"{served}/data/versions/1/download.zip"
    assert status(editor, urllib.request.Request(download)) == 200
    copied = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar_copy := CookieJar()))
    for cookie in jar:
        jar_copy.set_cookie(cookie)
    assert status(copied, urllib.request.Request(download)) == 200  # the copy works while signed in
    assert status(editor, urllib.request.Request(f"{served}/auth/logout", data=b"")) == 200
    from dashboard.server import auth

    auth._live.clear()  # another worker's memory: it checks the store again within seconds
    assert status(copied, urllib.request.Request(download)) == 401


def test_a_session_ends_after_its_lifetime(served: str, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = opener()
    assert sign_in(served, editor) == 200
    download = urllib.request.Request(f"{served}/data/versions/1/download.zip")
    assert status(editor, download) == 200
    from dashboard.server import auth
    from dashboard.store import sessions

    later = time.time() + auth.session_lifetime_seconds() + 60
    monkeypatch.setattr(sessions, "now", lambda: later)
    auth._live.clear()
    assert status(editor, urllib.request.Request(f"{served}/data/versions/1/download.zip")) == 401


def test_assets_are_kept_by_the_browser_under_their_versioned_address(served: str) -> None:
    """The page names each asset with its file's modification time (?m=…): under that address the
    browser may keep it a year without asking again; the page itself and its data are asked for anew."""
    with urllib.request.urlopen(f"{served}/", timeout=30) as response:
        page = response.read().decode("utf-8")
        assert "immutable" not in (response.headers["Cache-Control"] or "")
    versioned = sorted(set(re.findall(r'(?:src|href)="(/assets/[^"?]+\?m=[^"]+)"', page)))
    assert any(path.startswith("/assets/00-plotly-dashboard.min.js?m=") for path in versioned), versioned
    for path in versioned:
        with urllib.request.urlopen(f"{served}{path}", timeout=30) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", path
    for path in ("/assets/02-dashboard.css", "/_dash-layout"):  # no version in the address: asked for each time
        with urllib.request.urlopen(f"{served}{path}", timeout=30) as response:
            assert "max-age=31536000" not in (response.headers["Cache-Control"] or ""), path


def test_what_the_page_preloads_is_there_to_be_loaded(served: str) -> None:
    """The page asks early for the layout and the callbacks, and, after its first paint, for the components'
    code-split parts; a name that an upgrade of Dash changed would be a wasted request and a slower page."""
    with urllib.request.urlopen(f"{served}/", timeout=30) as response:
        page = response.read().decode("utf-8")
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="(fetch)"', page)
    preloads += re.findall(r'<link data-after-first-paint href="([^"]+)" as="(script)"', page)
    assert {kind for _path, kind in preloads} == {"fetch", "script"}
    assert {"/_dash-layout", "/_dash-dependencies", "/_dash-component-suites/dash/dcc/async-graph.js"} <= {
        path for path, _kind in preloads
    }
    for path, kind in preloads:
        with urllib.request.urlopen(f"{served}{path}", timeout=30) as response:
            assert response.status == 200, path
            expected = "application/json" if kind == "fetch" else "javascript"
            assert expected in response.headers["Content-Type"], (path, response.headers["Content-Type"])


def test_a_script_address_no_library_has_is_not_found(served: str) -> None:
    for path in ("/_dash-component-suites/dash/dcc/async-gone.js", "/_dash-component-suites/nobody/x.js"):
        assert status(opener(), urllib.request.Request(f"{served}{path}")) == 404, path


def large_request(
    base: str, body: bytes, name: str = "2023.annual.singlefile.csv", **headers: str
) -> urllib.request.Request:
    """A large QCEW file as the Data page's script sends it: the file as the body, its name in a header."""
    sent = {"X-Requested-With": "dashboard-large-upload", "X-File-Name": urllib.parse.quote(name),
            "Content-Type": "application/octet-stream", "Origin": base} | headers  # fmt: skip
    return urllib.request.Request(f"{base}/data/qcew/large", data=body, headers=sent)


def test_a_large_file_goes_to_its_own_route_for_editors_of_this_site_only(served: str) -> None:
    from tests.store.test_large_upload import single_file

    content, colorado = single_file()
    anonymous = opener()
    with pytest.raises(urllib.error.HTTPError) as refused:
        anonymous.open(large_request(served, content), timeout=30)
    assert refused.value.code == 401 and refused.value.read().decode().startswith("Sign in as a data editor")
    editor = opener()
    assert sign_in(served, editor) == 200
    # From another site, or without the page's own header: refused.
    assert status(editor, large_request(served, content, Origin="http://example.invalid")) == 403
    assert status(editor, large_request(served, content, **{"X-Requested-With": "XMLHttpRequest"})) == 403
    with pytest.raises(urllib.error.HTTPError) as refused:
        editor.open(large_request(served, b"PK", name="members.xlsx"), timeout=30)
    assert refused.value.code == 415 and "'members.xlsx' is not a CSV or ZIP file" in refused.value.read().decode()
    # Larger than a callback request may be: the route takes it and answers with the staged file's token.
    from dashboard.store.upload import MAX_REQUEST_BYTES

    padded = content + content.split(b"\n", 1)[1].replace(b"\n08", b"\n56") * (MAX_REQUEST_BYTES // len(content) + 1)
    assert len(padded) > MAX_REQUEST_BYTES
    with editor.open(large_request(served, padded), timeout=60) as response:
        answer = json.loads(response.read())
    assert answer["name"] == "2023.annual.singlefile.csv" and answer["bytes"] == len(padded)
    # The preview reads what was staged: Colorado's rows only, as a valid change.
    preview = callback_request(
        served, "data-preview-state.data", {"data-large-staged.data": {"token": answer["token"]}},
        changed="data-large-staged.data",
    )  # fmt: skip
    with editor.open(preview, timeout=60) as response:
        drawn = json.loads(response.read())["response"]
    assert drawn["data-preview-state"]["data"] == {"head": 1, "ok": True, "staged": answer["token"]}
    assert f"the {colorado:,} for Colorado (area_fips 08…) kept" in json.dumps(
        drawn["data-preview"], ensure_ascii=False
    )
