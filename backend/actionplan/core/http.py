"""What every HTTP exchange gets, whatever the route: pure ASGI middleware, so that streamed
evidence uploads and file downloads keep streaming.

- RequestContextMiddleware (outermost): a request id (a sane incoming X-Request-ID, or a new
  one) on the response and on every log line; one JSON access-log line per request; security
  headers; `Cache-Control: no-store` on authenticated API responses; a complete `Allow` header
  on 405; a problem+json 500 (never a stack trace) if anything escapes.
- CORS (Starlette's), only for the configured origins.
- RequestBodyMiddleware: bodies over the limit are 413, bodies of a type the operation does not
  document are 415 — both problem+json. Evidence uploads stream past it (the evidence code limits
  them). A JSON whole number written 3.0 reaches the (strict) request models as 3.
- ConditionalGetMiddleware: every successful GET under /api/v1 carries an ETag (the route's own,
  or a hash of the body) and a matching If-None-Match is answered 304.

document_http_behaviour() writes the same facts into the OpenAPI document, so the contract
tells an integrator about them and schemathesis holds the app to them.
"""

import base64
import hashlib
import json
import logging
import re
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from swagger_ui_bundle import swagger_ui_path

from actionplan.core.errors import PROBLEM_JSON, database_is_unavailable, database_unavailable, problem_response
from actionplan.core.logging import request_id_var

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIX = "/api/v1"
log = logging.getLogger("actionplan.http")

# API responses are data: nothing in them may load or run anything, nor be framed.
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def spa_csp(identity_provider: str | None = None) -> str:
    """The SPA and its assets: its own scripts, styles, fonts and images, and calls to its own API
    and (when it signs in with one) to the council's identity provider, given as an origin."""
    connect = f"'self' {identity_provider}" if identity_provider else "'self'"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            f"connect-src {connect}; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            "frame-ancestors 'none'")


SPA_CSP = spa_csp()
# Multipart uploads to these paths are streamed and limited by their own code (evidence, workbooks).
STREAMED_UPLOADS = (re.compile(rf"^{API_PREFIX}/actions/[^/]+/evidence$"),
                    re.compile(rf"^{API_PREFIX}/evidence/[^/]+/file$"),
                    re.compile(rf"^{API_PREFIX}/plans/[^/]+/workbook-imports$"))
_FRACTION_OR_EXPONENT = re.compile(rb"[0-9][.eE]")
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def _is_api(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


class RouteTable:
    """The API's operations as the router sees them: which methods each path answers, and the
    media types each operation's body is declared with (those the OpenAPI document lists).
    Built once per app from its routes (FastAPI includes routers lazily, so app.router.routes is
    not flat); tests/backend/api/test_http.py checks it against the OpenAPI document."""

    def __init__(self, app: FastAPI) -> None:
        self.routes: list[tuple[re.Pattern, set[str], tuple[str, ...] | None]] = []
        for context in iter_route_contexts(app.router.routes):
            regex, methods = getattr(context, "path_regex", None), context.methods
            if regex is None or not methods or not _is_api(context.path_format or ""):
                continue
            self.routes.append((regex, set(methods), _body_media_types(context)))

    @classmethod
    def of(cls, app: FastAPI) -> "RouteTable":
        table = getattr(app.state, "route_table", None)
        if table is None:
            table = app.state.route_table = cls(app)
        return table

    def allowed(self, path: str) -> set[str]:
        return {m for regex, methods, _ in self.routes if regex.match(path) for m in methods}

    def body_types(self, method: str, path: str) -> tuple[str, ...] | None:
        for regex, methods, types in self.routes:
            if method in methods and regex.match(path):
                return types  # the route the router will pick: the first that matches
        return None


def _body_media_types(context) -> tuple[str, ...] | None:
    route = context.original_route
    types: list[str] = []
    body_field = getattr(route, "body_field", None)
    if body_field is not None:
        types.append(getattr(body_field.field_info, "media_type", "application/json"))
    extra = (getattr(route, "openapi_extra", None) or {}).get("requestBody", {}).get("content", {})
    types += [t for t in extra if t not in types]
    return tuple(types) or None


class RequestContextMiddleware:
    """Cheap on every request: the request headers are read in one pass, the security headers are
    lists made once, and the response's headers are appended to, not parsed into a mapping."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming, authenticated = None, False
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value
            elif name == b"authorization":
                authenticated = True
        request_id = None
        if incoming is not None:
            text = incoming.decode("latin-1")
            request_id = text if _REQUEST_ID.fullmatch(text) else None
        if request_id is None:
            request_id = os.urandom(16).hex()  # the form of uuid4().hex, without building a UUID
        reset = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        path, method = scope["path"], scope["method"]
        api = _is_api(path)
        extra_headers = [(b"x-request-id", request_id.encode("latin-1")),
                         *(_API_HEADERS if api else _SPA_HEADERS)]
        if api and authenticated:
            # What one person may read must not be kept by a browser or a proxy for the next.
            extra_headers.append(_NO_STORE)
        started = time.perf_counter()
        status: int | None = None
        replaced = False  # a 405 answered as 404: the app's own messages are dropped

        async def decorated(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = _with_defaults(message.get("headers", ()), extra_headers)
            await send(message)

        async def send_with_fixes(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return
            if message["type"] == "http.response.start" and message["status"] == 405 and api:
                allowed = RouteTable.of(scope["app"]).allowed(path)
                if not allowed:
                    # Only a catch-all outside the API (the SPA) matched: there is no such endpoint.
                    replaced = True
                    await problem_response(404, "Not found", f"There is no API endpoint {path}.",
                                           "not_found")(scope, receive, decorated)
                    return
                MutableHeaders(scope=message)["Allow"] = ", ".join(sorted(allowed))
            await decorated(message)

        try:
            await self.app(scope, receive, send_with_fixes)
        except Exception as exc:
            if database_is_unavailable(exc):
                # Raised outside a route (in a dependency's clean-up, say): the same 503 as in one.
                if status is None:
                    await database_unavailable(method, path, exc)(scope, receive, decorated)
                return
            # A bug, not bad input: log it whole (with the request id), tell the caller nothing internal.
            log.exception("unhandled error on %s %s", method, path)
            if status is None:
                await problem_response(500, "Internal error",
                                       "Something went wrong on our side; it has been logged "
                                       f"(request id {request_id}).", "internal_error")(scope, receive, decorated)
        finally:
            level = logging.WARNING if status is None else logging.ERROR if status >= 500 else logging.INFO
            if log.isEnabledFor(level):
                duration_ms = round((time.perf_counter() - started) * 1000, 1)
                log.log(level, "%s %s %s", method, path, status if status is not None else "(no response)",
                        extra={"request_id": request_id, "method": method, "path": path, "status": status,
                               "duration_ms": duration_ms})
            request_id_var.reset(reset)


def _header_list(csp: str) -> tuple[tuple[bytes, bytes], ...]:
    return ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"), (b"content-security-policy", csp.encode()))


_API_HEADERS = _header_list(API_CSP)
_SPA_HEADERS = _header_list(SPA_CSP)
_NO_STORE = (b"cache-control", b"no-store")


def security_headers(path: str, authenticated: bool) -> dict[str, str]:
    """The headers added to a response on this path, each unless the response sets it itself."""
    api = _is_api(path)
    extra = [*(_API_HEADERS if api else _SPA_HEADERS), *([_NO_STORE] if api and authenticated else [])]
    return {name.decode(): value.decode() for name, value in extra}


def _with_defaults(headers, defaults: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers, and each default whose name the response does not set itself."""
    out = list(headers)
    present = {name.lower() for name, _ in out}
    out += [(name, value) for name, value in defaults if name not in present]
    return out


class RequestBodyMiddleware:
    """413 over the size limit, 415 for a type the operation does not document; buffered
    (bodies are small), except the streamed evidence uploads."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _is_api(scope["path"]) and b"%00" in scope.get("query_string", b""):
            await _nul_refused(["query"])(scope, receive, send)
            return
        if scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        media = _media_type(headers.get("content-type"))
        streamed = media == "multipart/form-data" and any(p.match(scope["path"]) for p in STREAMED_UPLOADS)
        if streamed:
            has_body, replay = True, receive
        else:
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            body = bytearray()
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > self.max_body_bytes:
                    await self._too_large(scope, receive, send)
                    return
            if media is not None and _is_json(media):
                body = bytearray(whole_numbers_as_integers(bytes(body)))
            where = _nul_in_body(bytes(body), media)
            if where is not None:
                await _nul_refused(where)(scope, receive, send)
                return
            has_body, replay = bool(body), _replaying(bytes(body), receive)
        declared = RouteTable.of(scope["app"]).body_types(scope["method"], scope["path"])
        if has_body and declared is not None and not _accepts(declared, media):
            await problem_response(
                415, "Unsupported media type",
                f"Send the body as {' or '.join(declared)}" + (f", not {media}." if media else
                                                                 " with a Content-Type header."),
                "unsupported_media_type")(scope, replay, send)
            return
        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await problem_response(413, "Too large", f"The request body is larger than {self.max_body_bytes} bytes.",
                               "body_too_large")(scope, receive, send)


def _nul_refused(where: list[str | int]):
    # PostgreSQL cannot store U+0000 in text, and no text of a plan needs it: refused, never a 500.
    message = "Text may not contain the NUL character (U+0000)."
    return problem_response(422, "The request is not valid", message, "nul_character",
                            [{"loc": where, "msg": message, "type": "nul_character"}])


def _nul_in_body(body: bytes, media: str | None) -> list[str | int] | None:
    """Where a NUL character is in a JSON or form body (["body", "title"]), or None."""
    if media == "application/x-www-form-urlencoded":
        return ["body"] if b"%00" in body or b"\x00" in body else None
    if media is None or not _is_json(media) or b"\\u0000" not in body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None

    def find(value, path: list[str | int]) -> list[str | int] | None:
        if isinstance(value, str):
            return path if "\x00" in value else None
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            if isinstance(key, str) and "\x00" in key:
                return [*path, key]
            found = find(item, [*path, key])
            if found is not None:
                return found
        return None
    return find(data, ["body"])


def _is_json(media: str) -> bool:
    # FastAPI reads application/json and any application/*+json body as JSON.
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _accepts(declared: tuple[str, ...], media: str | None) -> bool:
    if media is None:
        return False
    return media in declared or ("application/json" in declared and _is_json(media))


def whole_numbers_as_integers(body: bytes) -> bytes:
    """JSON has one kind of number: 3.0 is 3, and JSON Schema's "integer" admits both. The request
    models are strict (so `true` is never taken for 1), and strict integers refuse 3.0; so a whole
    number written with a fraction or an exponent is rewritten as an integer before validation.
    Bodies without such a number are passed on byte for byte."""
    if not _FRACTION_OR_EXPONENT.search(body):
        return body
    changed = False

    def number(text: str) -> float | int:
        nonlocal changed
        value = float(text)
        if value.is_integer() and abs(value) < 2**53:
            changed = True
            return int(value)
        return value

    try:
        data = json.loads(body, parse_float=number)
    except (ValueError, RecursionError):
        return body  # malformed: FastAPI answers it (400)
    return json.dumps(data).encode() if changed else body


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay


class ConditionalGetMiddleware:
    """ETag on every successful API GET, and 304 when If-None-Match matches it.

    A route's own ETag is kept (actions carry their version, which If-Match uses for writes);
    otherwise the ETag is a hash of the body, so a poller is told "not modified" exactly when it
    would have received the same bytes. A body that streams past BUFFER_LIMIT without an ETag of
    its route's is passed on as it comes, without one (evidence files set their own)."""

    BUFFER_LIMIT = 8 * 1024 * 1024

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not _is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        if_none_match = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"if-none-match"), None)
        mode = "pass"
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def conditional_send(message: Message) -> None:
            nonlocal mode, start, size
            if message["type"] == "http.response.start":
                etag = next((v.decode("latin-1") for k, v in message.get("headers", ()) if k.lower() == b"etag"), None)
                if message["status"] != 200:
                    mode = "pass"
                elif etag is None:
                    mode, start = "buffer", message
                    return
                elif if_none_match and etag_matches(if_none_match, etag):
                    mode = "not_modified"
                    await send(_not_modified(message))
                    return
                await send(message)
            elif message["type"] != "http.response.body" or mode == "pass":
                await send(message)
            elif mode == "not_modified":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
            else:  # buffering, to hash the whole body
                assert start is not None
                chunk = message.get("body", b"")
                chunks.append(chunk)
                size += len(chunk)
                more = message.get("more_body", False)
                if more and size > self.BUFFER_LIMIT:
                    mode = "pass"
                    await send(start)
                    await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                    return
                if more:
                    return
                body = b"".join(chunks)
                etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                MutableHeaders(scope=start)["ETag"] = etag
                if if_none_match and etag_matches(if_none_match, etag):
                    await send(_not_modified(start))
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return
                await send(start)
                await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, conditional_send)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match."""
    if if_none_match.strip() == "*":
        return True
    ours = etag.strip().removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == ours for tag in if_none_match.split(","))


def _not_modified(start: Message) -> Message:
    headers = [(k, v) for k, v in start["headers"] if k.lower() not in {b"content-length", b"content-type"}]
    return {"type": "http.response.start", "status": 304, "headers": headers}


_CORS_REFUSALS = {"origin": "the page's origin is not one this API serves",
                  "method": "that method is not allowed from another origin",
                  "headers": "a header it asks to send is not allowed from another origin",
                  "private-network": "private-network access is not allowed"}


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as problem+json like every other error
    (Starlette answers text/plain)."""

    def preflight_response(self, request_headers: Headers):
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        failures = bytes(response.body).decode().removeprefix("Disallowed CORS ").split(", ")
        reasons = "; ".join(_CORS_REFUSALS.get(f, f) for f in failures)
        kept = {k: v for k, v in response.headers.items() if k.startswith("access-control-") or k == "vary"}
        return problem_response(400, "Cross-origin request refused", f"The browser's preflight was refused: {reasons}.",
                                "cors_refused", headers=kept)


def install_http_middleware(app: FastAPI, *, cors_origins: list[str], max_body_bytes: int) -> None:
    """Added innermost first: the request context wraps everything, CORS included."""
    app.add_middleware(ConditionalGetMiddleware)
    app.add_middleware(RequestBodyMiddleware, max_body_bytes=max_body_bytes)
    if cors_origins:
        app.add_middleware(
            ProblemCORSMiddleware, allow_origins=cors_origins, allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-ID"],
            expose_headers=["ETag", "Location", "Retry-After", "X-Request-ID"], max_age=600)
    app.add_middleware(RequestContextMiddleware)


# Swagger UI's files, served from the swagger-ui-bundle-v2 package (no CDN): name → media type.
_DOCS_ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css",
                "favicon-32x32.png": "image/png"}


def install_docs(app: FastAPI, docs_url: str, openapi_url: str) -> None:
    """Swagger UI at docs_url, its files served from here (docs_url/assets/…), with a
    Content-Security-Policy that lets its one inline script run (by hash) and nothing load from
    anywhere else."""
    assets = f"{docs_url}/assets"
    page = get_swagger_ui_html(openapi_url=openapi_url, title=f"{app.title} - Swagger UI",
                               swagger_js_url=f"{assets}/swagger-ui-bundle.js",
                               swagger_css_url=f"{assets}/swagger-ui.css",
                               swagger_favicon_url=f"{assets}/favicon-32x32.png")
    html = bytes(page.body).decode()
    inline = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline)
    # Swagger UI sets style attributes as it renders: styles need 'unsafe-inline'; scripts do not.
    csp = (f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

    async def swagger_ui(_request) -> HTMLResponse:
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})

    async def swagger_asset(request) -> Response:
        name = request.path_params["name"]
        if name not in _DOCS_ASSETS:
            return problem_response(404, "Not found", f"There is no file {name} of the API docs.", "not_found")
        return FileResponse(Path(str(swagger_ui_path)) / name, media_type=_DOCS_ASSETS[name],
                            headers={"Cache-Control": "public, max-age=86400"})

    app.add_route(docs_url, swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_route(f"{assets}/{{name}}", swagger_asset, methods=["GET"], include_in_schema=False)


# --- the same facts, in the contract ----------------------------------------------------------

_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
_PROBLEM = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _problem(description: str) -> dict:
    return {"description": description, "content": _PROBLEM}


def document_http_behaviour(schema: dict, max_body_bytes: int) -> dict:
    """Adds to every operation the responses the middleware and error handlers can give, so no
    route can forget one: 401 where a token is required, 400/413/415 where there is a body, 422
    where there is anything to validate, ETag and 304 on API reads. Error bodies are documented as
    what they are, application/problem+json only."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            if operation.get("security"):
                responses.setdefault("401", _problem("Not signed in, or the token is not valid (expired, revoked)"))
            if "requestBody" in operation:
                responses.setdefault("400", _problem("The body could not be parsed (malformed JSON or form data)"))
                responses.setdefault("413", _problem(f"The body is larger than {max_body_bytes} bytes"))
                responses.setdefault("415", _problem("The body's Content-Type is not one this operation accepts"))
            if "requestBody" in operation or operation.get("parameters"):
                responses.setdefault("422", _problem("Validation failed: `errors` names each field"))
            if _is_api(path) and not path.endswith("/health"):
                responses.setdefault("503", {**_problem("The database is not answering just now "
                                                        "(`database_unavailable`): try again after Retry-After"),
                                             "headers": {"Retry-After": {
                                                 "description": "Seconds to wait before trying again.",
                                                 "schema": {"type": "integer"}}}})
            for code, response in responses.items():
                if code[0] in "45":
                    content = response.get("content") or {}
                    if PROBLEM_JSON in content or "HTTPValidationError" in str(content):
                        response["content"] = _PROBLEM
            if method == "get" and _is_api(path) and "200" in responses:
                etag = {"description": "The version of this representation: send it back in If-None-Match.",
                        "required": True, "schema": {"type": "string"}}
                responses["200"].setdefault("headers", {}).setdefault("ETag", etag)
                responses.setdefault("304", {"description": "Not modified: it still matches your If-None-Match",
                                             "headers": {"ETag": etag}})
            operation["responses"] = dict(sorted(responses.items()))
            if any(p.get("in") == "header" and p.get("name", "").lower() == "if-match"
                   for p in operation.get("parameters", [])):
                # A write that must send back the ETag the caller read (428 without, 412 when stale).
                operation["x-requires-if-match"] = True
    _link_reads_to_conditional_writes(schema)
    _link_collections_to_items(schema)
    schemas = schema.get("components", {}).get("schemas", {})
    text = json.dumps(schema.get("paths"))
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in schemas and f'/{unused}"' not in text:
            del schemas[unused]
    return schema


def install_contract(app: FastAPI, max_body_bytes: int) -> None:
    """app.openapi() returns the document with document_http_behaviour() applied."""
    generate = app.openapi

    def openapi() -> dict:
        if not getattr(app, "_http_documented", False):
            app.openapi_schema = document_http_behaviour(generate(), max_body_bytes)
            app._http_documented = True
        return app.openapi_schema

    app.openapi = openapi


def _link_reads_to_conditional_writes(schema: dict) -> None:
    """An OpenAPI link from each read to the writes beneath it that need its ETag in If-Match
    (GET /actions/{action_id} → PUT /actions/{action_id}/owner): a client, and schemathesis's
    stateful phase, can follow it with the right If-Match."""
    paths = schema.get("paths", {})
    for path, item in paths.items():
        for method, operation in item.items():
            if method not in _METHODS or not operation.get("x-requires-if-match"):
                continue
            parent = path
            while "/" in parent.rstrip("/"):
                parent = parent.rsplit("/", 1)[0]
                read = paths.get(parent, {}).get("get", {})
                if "200" in read.get("responses", {}) and "ETag" in read["responses"]["200"].get("headers", {}):
                    break
            else:
                continue
            names = re.findall(r"\{([^}]+)\}", parent)
            if set(re.findall(r"\{([^}]+)\}", path)) != set(names):
                continue
            parameters = {name: f"$request.path.{name}" for name in names}
            parameters["header.if-match"] = "$response.header.ETag"
            read["responses"]["200"].setdefault("links", {})[operation["operationId"]] = {
                "operationId": operation["operationId"], "parameters": parameters,
                "description": f"{method.upper()} {path} with this ETag in If-Match."}


def _item_pointer(schema: dict, response: dict, status: str) -> str | None:
    """Where the id of (the first) item is in a response: a created item's own id, a page's
    first item's id, or a list's first item's id."""
    body = response.get("content", {}).get("application/json", {}).get("schema", {})
    components = schema.get("components", {}).get("schemas", {})

    def resolve(node: dict) -> dict:
        ref = node.get("$ref", "")
        return components.get(ref.rsplit("/", 1)[-1], {}) if ref else node

    body = resolve(body)
    if status == "201" and "id" in body.get("properties", {}):
        return "$response.body#/id"
    if body.get("type") == "array" and "id" in resolve(body.get("items", {})).get("properties", {}):
        return "$response.body#/0/id"
    items = body.get("properties", {}).get("items", {})
    if items.get("type") == "array" and "id" in resolve(items.get("items", {})).get("properties", {}):
        return "$response.body#/items/0/id"
    return None


def _link_collections_to_items(schema: dict) -> None:
    """Links from a collection (GET /plans, POST /webhooks) to the operations on one of its items
    (GET /plans/{plan_id}, DELETE /webhooks/{webhook_id}, POST /notifications/{notification_id}/read):
    the id in the response fills the one path parameter after the collection's path."""
    paths = schema.get("paths", {})
    for path, item in paths.items():
        for method, status in (("get", "200"), ("post", "201")):
            response = item.get(method, {}).get("responses", {}).get(status)
            pointer = _item_pointer(schema, response, status) if response else None
            if pointer is None:
                continue
            prefix = path.rstrip("/") + "/{"
            for child, child_item in paths.items():
                if not child.startswith(prefix):
                    continue
                names = re.findall(r"\{([^}]+)\}", child)
                inherited = re.findall(r"\{([^}]+)\}", path)
                fresh = [n for n in names if n not in inherited]
                if len(fresh) != 1 or not child[len(prefix):].startswith(fresh[0] + "}"):
                    continue
                for child_method, operation in child_item.items():
                    if child_method not in _METHODS:
                        continue
                    parameters = {n: f"$request.path.{n}" for n in inherited}
                    parameters[fresh[0]] = pointer
                    response.setdefault("links", {}).setdefault(operation["operationId"], {
                        "operationId": operation["operationId"], "parameters": parameters})
