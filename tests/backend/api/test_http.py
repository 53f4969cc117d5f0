"""What every HTTP exchange gets (core/http.py): request ids, security headers, conditional reads,
CORS, body limits and types, a complete Allow header, problem+json for everything malformed, and
structured logs."""

import json
import logging
import re
import warnings

import pytest

from actionplan.core.config import Settings
from actionplan.core.db import get_session
from actionplan.core.http import API_CSP, RouteTable
from actionplan.core.logging import JsonFormatter, request_id_var
from actionplan.main import create_app
from tests.backend.builders import action

SPA_INDEX = '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head></html>'
PROBLEM = "application/problem+json"


@pytest.fixture
def make_client(engine, session, tmp_path):
    """A client for an app built with other settings (CORS origins, a built SPA...)."""
    from fastapi.testclient import TestClient

    clients = []

    def _make(**settings):
        app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False),
                                  secret_key="test-secret-key-with-enough-entropy-0123456789", **settings),
                         engine=engine)
        app.dependency_overrides[get_session] = lambda: session
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            client = TestClient(app)
        clients.append(client)
        return client
    yield _make
    for client in clients:
        client.close()


@pytest.fixture
def spa(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(SPA_INDEX)
    (dist / "assets" / "app.js").write_text("console.log('hi')")
    return dist


# --- request ids ------------------------------------------------------------------------------------


def test_a_request_id_is_made_and_returned(client):
    first = client.get("/api/v1/health").headers["x-request-id"]
    second = client.get("/api/v1/health").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_a_sane_incoming_request_id_is_kept_and_an_insane_one_replaced(client):
    assert client.get("/api/v1/health", headers={"X-Request-ID": "perf-system:2026-11-27.0042"}
                      ).headers["x-request-id"] == "perf-system:2026-11-27.0042"
    for insane in ("has spaces in it", "x" * 200, "<script>", "-starts-with-a-dash"):
        returned = client.get("/api/v1/health", headers={"X-Request-ID": insane}).headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", returned), insane


def test_errors_carry_the_request_id_too(client):
    response = client.get("/api/v1/plans", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 401 and response.headers["x-request-id"] == "abc-123"


# --- security headers -------------------------------------------------------------------------------


def test_api_responses_are_locked_down(client, auth):
    for response in (client.get("/api/v1/health"), client.get("/api/v1/plans"),
                     client.get("/api/v1/plans", headers=auth("director"))):
        assert response.headers["content-security-policy"] == API_CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"


def test_authenticated_api_responses_are_not_stored(client, auth):
    assert client.get("/api/v1/plans", headers=auth("director")).headers["cache-control"] == "no-store"
    assert client.get("/api/v1/plans", headers={"Authorization": "Bearer nonsense"}).headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/api/v1/health").headers


def test_a_routes_own_cache_control_is_kept(app, auth):
    from fastapi.responses import JSONResponse
    from fastapi.testclient import TestClient

    async def cacheable(_request):
        return JSONResponse({"ok": True}, headers={"Cache-Control": "private, max-age=60"})

    app.add_route("/api/v1/cacheable-for-test", cacheable)
    with TestClient(app) as client:
        response = client.get("/api/v1/cacheable-for-test", headers=auth("director"))
    assert response.headers["cache-control"] == "private, max-age=60"


def test_the_spa_gets_a_policy_of_its_own(make_client, spa):
    client = make_client(frontend_dir=spa)
    for path in ("/", "/actions/12", "/assets/app.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "font-src 'self'" in csp
        assert "img-src 'self' data:" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/").text == SPA_INDEX
    assert client.get("/api/v1/health").headers["content-security-policy"] == API_CSP


def test_the_spa_may_call_the_council_identity_provider_it_signs_in_with(make_client, spa):
    client = make_client(frontend_dir=spa, oidc_enabled=True, oidc_client_id="actionplan-spa",
                         oidc_issuer="https://login.microsoftonline.com/council-tenant/v2.0")
    csp = client.get("/sign-in/callback").headers["content-security-policy"]
    assert "connect-src 'self' https://login.microsoftonline.com;" in csp


def test_the_api_docs_page_may_run_only_its_own_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and "SwaggerUIBundle" in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_the_api_docs_load_nothing_from_another_host(client):
    page = client.get("/api/v1/docs")
    csp = page.headers["content-security-policy"]
    assert not re.search(r"https?:|//", csp), csp
    referenced = re.findall(r'(?:src|href)="([^"]*)"', page.text)
    assert len(referenced) == 3 and all(r.startswith("/api/v1/docs/assets/") for r in referenced), referenced
    assert "cdn" not in page.text.lower()
    for url in referenced:
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 500, url
    assert "SwaggerUIBundle" in client.get("/api/v1/docs/assets/swagger-ui-bundle.js").text
    assert client.get("/api/v1/docs/assets/index.html").status_code == 404  # only the files the page uses


# --- conditional reads ------------------------------------------------------------------------------


def test_reads_carry_an_etag_and_an_unchanged_one_is_304(client, auth):
    headers = auth("director")
    first = client.get("/api/v1/actions", params={"limit": 5}, headers=headers)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get("/api/v1/actions", params={"limit": 5}, headers={**headers, "If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    assert again.headers["cache-control"] == "no-store" and "x-request-id" in again.headers
    for matching in (f"W/{etag}", f'"other", {etag}', "*"):
        assert client.get("/api/v1/actions", params={"limit": 5},
                          headers={**headers, "If-None-Match": matching}).status_code == 304
    other_page = client.get("/api/v1/actions", params={"limit": 6}, headers={**headers, "If-None-Match": etag})
    assert other_page.status_code == 200 and other_page.headers["etag"] != etag


def test_a_change_changes_the_etag(client, session, auth):
    headers = auth("director")
    etag = client.get("/api/v1/plans", headers=headers).headers["etag"]
    plan = client.get("/api/v1/plans", headers=headers).json()["items"][0]
    assert client.post(f"/api/v1/plans/{plan['id']}/publish", headers=headers).status_code == 200
    assert client.get("/api/v1/plans", headers={**headers, "If-None-Match": etag}).status_code in (200, 304)
    areas = client.get(f"/api/v1/plans/{plan['id']}/areas", headers=headers)
    row = action(session, "1.4")
    row.text = "Changed meanwhile."
    session.add(row)
    session.commit()
    after = client.get(f"/api/v1/plans/{plan['id']}/areas", headers={**headers, "If-None-Match": areas.headers["etag"]})
    assert after.status_code in (200, 304)
    detail = client.get(f"/api/v1/areas/{row.area_id}", headers=headers)
    changed = client.get(f"/api/v1/areas/{row.area_id}", headers={**headers, "If-None-Match": detail.headers["etag"]})
    assert changed.status_code == 304
    row.text = "Changed again."
    session.add(row)
    session.commit()
    assert client.get(f"/api/v1/areas/{row.area_id}",
                      headers={**headers, "If-None-Match": detail.headers["etag"]}).status_code == 200


def test_a_routes_own_etag_is_kept_and_honoured(client, session, auth):
    headers = auth("director")
    row = action(session, "1.4")
    response = client.get(f"/api/v1/actions/{row.id}", headers=headers)
    assert response.headers["etag"] == f'"action-{row.id}-v{row.version}"'  # the version If-Match uses
    again = client.get(f"/api/v1/actions/{row.id}", headers={**headers, "If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_errors_and_writes_carry_no_etag(client, auth):
    assert "etag" not in client.get("/api/v1/actions/2147483647", headers=auth("director")).headers
    assert "etag" not in client.get("/api/v1/plans").headers


# --- CORS ------------------------------------------------------------------------------------------


INTRANET = "https://intranet.council.example"


def test_cors_is_granted_to_configured_origins_only(make_client, auth):
    client = make_client(cors_origins=[INTRANET])
    allowed = client.options("/api/v1/actions", headers={"Origin": INTRANET, "Access-Control-Request-Method": "GET",
                                                         "Access-Control-Request-Headers": "Authorization, If-None-Match"})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == INTRANET
    assert "x-request-id" in allowed.headers and allowed.headers["x-content-type-options"] == "nosniff"
    refused = client.options("/api/v1/actions", headers={"Origin": "https://evil.example",
                                                         "Access-Control-Request-Method": "GET"})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["code"] == "cors_refused" and "origin" in refused.json()["detail"]
    method = client.options("/api/v1/actions", headers={"Origin": INTRANET, "Access-Control-Request-Method": "TRACE"})
    assert method.status_code == 400 and method.headers["content-type"] == PROBLEM
    assert "method" in method.json()["detail"] and "x-request-id" in method.headers

    read = client.get("/api/v1/plans", headers={**auth("director"), "Origin": INTRANET})
    assert read.headers["access-control-allow-origin"] == INTRANET
    assert "ETag" in read.headers["access-control-expose-headers"]
    other = client.get("/api/v1/plans", headers={**auth("director"), "Origin": "https://evil.example"})
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers


def test_without_configured_origins_there_is_no_cors_at_all(client):
    response = client.get("/api/v1/health", headers={"Origin": INTRANET})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/v1/health", headers={"Origin": INTRANET, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 405 and "access-control-allow-origin" not in preflight.headers


# --- bodies: size and type --------------------------------------------------------------------------


def _json(size: int) -> bytes:
    return b'{"name": "' + b"x" * (size - 12) + b'"}'


def test_an_oversize_json_body_is_413(client, auth):
    for body in (_json(1024 * 1024 + 1), _json(5 * 1024 * 1024)):
        response = client.post("/api/v1/users", content=body, headers={**auth("admin"),
                                                                        "Content-Type": "application/json"})
        assert response.status_code == 413 and response.headers["content-type"] == PROBLEM
        assert response.json()["code"] == "body_too_large"


def test_an_oversize_body_without_a_length_is_413_too(client, auth):
    def chunks():
        for _ in range(12):
            yield b"x" * 100_000
    response = client.post("/api/v1/users", content=chunks(), headers={**auth("admin"), "Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["code"] == "body_too_large"


def test_the_body_limit_is_a_setting(make_client):
    client = make_client(max_body_bytes=2048)
    assert client.post("/api/v1/auth/token", content=b"username=" + b"x" * 3000,
                       headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 413


def test_a_body_just_under_the_limit_is_read(client, auth):
    response = client.post("/api/v1/users", content=_json(1024 * 1024),
                           headers={**auth("admin"), "Content-Type": "application/json"})
    assert response.status_code == 422  # read and validated (it is not a user), not refused for its size


def test_evidence_uploads_stream_past_the_json_limit(client, session, auth):
    boundary = "----limit-test"
    pdf = b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024)
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nAudit summary\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="effective_on"\r\n\r\n2019-01-31\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="contains_personal_data"\r\n\r\nfalse\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="audit.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n").encode() + pdf + f"\r\n--{boundary}--\r\n".encode()
    response = client.post(f"/api/v1/actions/{action(session, '1.4').id}/evidence", content=body,
                           headers={**auth("action_owner"), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("content_type, body, status, code", [
    ("application/json", b'{"email": ', 400, "malformed_json"),
    ("application/json", b"\xff\xfe not utf-8", 400, "malformed_json"),
    ("application/json", b"[1, 2, 3]", 422, "validation_failed"),
    ("application/json", b"null", 422, "validation_failed"),
    ("text/plain", b'{"email": "a@b.c"}', 415, "unsupported_media_type"),
    ("application/x-www-form-urlencoded", b"email=a%40b.c", 415, "unsupported_media_type"),
    ("multipart/form-data; boundary=x", b"--x--", 415, "unsupported_media_type"),
    (None, b'{"email": "a@b.c"}', 415, "unsupported_media_type"),
])
def test_malformed_bodies_and_wrong_types_are_problems_not_500s(client, auth, content_type, body, status, code):
    headers = {**auth("admin"), **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/v1/users", content=body, headers=headers)
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    assert response.headers["content-type"] == PROBLEM


def test_json_with_a_json_suffix_type_is_json(client, auth):
    response = client.post("/api/v1/users", content=b"{}", headers={**auth("admin"),
                                                                     "Content-Type": "application/merge-patch+json"})
    assert response.status_code == 422 and response.json()["errors"][0]["loc"][0] == "body"


def test_the_sign_in_form_refuses_json(client):
    response = client.post("/api/v1/auth/token", json={"username": "director@actionplan.example", "password": "x"})
    assert response.status_code == 415 and "application/x-www-form-urlencoded" in response.json()["detail"]


# --- methods ---------------------------------------------------------------------------------------


def test_405_names_every_method_the_path_answers(client, auth):
    response = client.put("/api/v1/webhooks", headers=auth("director"))
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"] == PROBLEM
    assert client.delete("/api/v1/actions", headers=auth("director")).headers["allow"] == "GET"
    # /users/{user_id} takes numbers only: PATCH /users/me is not a user's id that fails validation.
    assert client.patch("/api/v1/users/me", headers=auth("director")).headers["allow"] == "GET"


def test_with_the_spa_served_an_unknown_api_path_is_404_not_405(make_client, spa):
    client = make_client(frontend_dir=spa)
    response = client.post("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.headers["content-type"] == PROBLEM
    assert client.put("/api/v1/webhooks").headers["allow"] == "GET, POST"


def test_the_route_table_agrees_with_the_contract(app):
    """The middleware reads methods and body types from the routes; the OpenAPI document is the
    contract. They must say the same for every operation."""
    table = RouteTable(app)
    for path, item in app.openapi()["paths"].items():
        sample = re.sub(r"\{[^}]+\}", "1", path)
        assert {m.upper() for m in item} <= table.allowed(sample), path
        for method, operation in item.items():
            declared = tuple(operation["requestBody"]["content"]) if "requestBody" in operation else None
            assert table.body_types(method.upper(), sample) == declared, (method, path)


# --- no 500s, and when there is one, nothing leaks --------------------------------------------------


def test_an_unexpected_error_is_a_logged_problem_with_the_request_id(app, caplog):
    from fastapi.testclient import TestClient

    async def boom(_request):
        raise RuntimeError("secret internal detail")

    app.add_route("/api/v1/boom-for-test", boom)
    with caplog.at_level(logging.INFO, logger="actionplan"), TestClient(app) as client:
        response = client.get("/api/v1/boom-for-test", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500 and response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "internal_error" and "secret" not in response.text
    assert response.headers["x-request-id"] == "req-500" and response.headers["content-security-policy"] == API_CSP
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert "secret internal detail" in str(error.exc_info[1])


# --- logs ------------------------------------------------------------------------------------------


def test_every_request_is_one_log_record_with_its_fields(client, caplog):
    with caplog.at_level(logging.INFO, logger="actionplan.http"):
        client.get("/api/v1/health", headers={"X-Request-ID": "log-test-1"})
    [record] = [r for r in caplog.records if r.name == "actionplan.http"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "log-test-1"
    assert (line["level"], line["method"], line["path"], line["status"]) == ("INFO", "GET", "/api/v1/health", 200)
    assert isinstance(line["duration_ms"], float) and line["message"] == "GET /api/v1/health 200"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])


def test_lines_logged_while_handling_a_request_carry_its_id():
    record = logging.LogRecord("actionplan.evidence", logging.WARNING, __file__, 1, "stored %s", ("x",), None)
    token = request_id_var.set("inside-a-request")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert (line["request_id"], line["message"], line["logger"]) == ("inside-a-request", "stored x", "actionplan.evidence")
    assert json.loads(JsonFormatter().format(record))["request_id"] is None


# --- incremental sync -------------------------------------------------------------------------------


def test_updated_since_takes_a_timestamp_with_its_zone(client, session, auth):
    headers = auth("director")
    row = action(session, "1.4")
    since = row.updated_at.isoformat()
    assert client.get("/api/v1/actions", params={"updated_since": since, "count": True},
                      headers=headers).json()["total"] >= 0
    everything = client.get("/api/v1/actions", params={"updated_since": "0001-01-01T00:00:00+01:00", "count": True},
                            headers=headers)
    assert everything.status_code == 200 and everything.json()["total"] > 0  # before the calendar: everything
    nothing = client.get("/api/v1/actions", params={"updated_since": "9999-12-31T23:59:59-01:00", "count": True},
                         headers=headers)
    assert nothing.status_code == 200 and nothing.json()["total"] == 0
    for bad in ("2026-01-01T00:00:00", "2026-01-01", "1700000000", "yesterday"):
        response = client.get("/api/v1/actions", params={"updated_since": bad}, headers=headers)
        assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["query", "updated_since"], bad


def test_a_whole_number_is_an_integer_however_it_is_written(client, session, auth):
    from tests.backend.builders import user
    from tests.backend.conftest import DEMO_EMAILS

    area_id = action(session, "6.1").area_id
    hos = user(session, DEMO_EMAILS["head_of_service"]).id
    headers = {**auth("director"), "Content-Type": "application/json"}
    for written in (f"{hos}.0", f"{hos}.000", f"{hos}e0"):
        response = client.put(f"/api/v1/areas/{area_id}/lead", content=f'{{"lead_id": {written}}}', headers=headers)
        assert response.status_code == 200 and response.json()["lead"]["id"] == hos, written
    for wrong in (f"{hos}.5", "true", f'"{hos}"'):
        response = client.put(f"/api/v1/areas/{area_id}/lead", content=f'{{"lead_id": {wrong}}}', headers=headers)
        assert response.status_code == 422, wrong


def test_text_with_a_nul_character_is_refused_not_a_500(client, auth):
    """PostgreSQL cannot store U+0000; the app says so (422) on SQLite and PostgreSQL alike."""
    json_headers = {**auth("admin"), "Content-Type": "application/json"}
    response = client.post("/api/v1/users", content=b'{"email": "a@b.c", "name": "x\\u0000y", "role": "admin"}',
                           headers=json_headers)
    assert response.status_code == 422 and response.json()["code"] == "nul_character"
    assert response.json()["errors"][0]["loc"] == ["body", "name"]
    query = client.get("/api/v1/audit?object_type=a%00b", headers=auth("admin"))
    assert query.status_code == 422 and query.json()["errors"][0]["loc"] == ["query"]
    form = client.post("/api/v1/auth/token", content=b"username=a%00b&password=x",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 422 and form.json()["code"] == "nul_character"
    # The six characters \u0000, written in JSON as "\\u0000", are text like any other.
    escaped = client.post("/api/v1/users", content=b'{"email": "a@b.c", "name": "\\\\u0000", "role": "admin"}',
                          headers=json_headers)
    assert escaped.status_code == 422 and escaped.json()["code"] == "validation_failed"  # no password
