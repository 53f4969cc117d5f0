"""One error format for the whole API: RFC 9457 problem documents (application/problem+json).

Services raise the AppError subclasses below; they never build HTTP responses themselves.
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://actionplan.example/problems/"
log = logging.getLogger("actionplan")


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] | None = None


class AppError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(self, detail: str, *, code: str | None = None, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.code
        self.errors = errors
        self.headers = headers


class Unauthorized(AppError):
    status, code, title = 401, "unauthorized", "Sign-in required"


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(AppError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(AppError):
    status, code, title = 409, "conflict", "Conflict"


class TooLarge(AppError):
    status, code, title = 413, "evidence_too_large", "File too large"


class UnsupportedType(AppError):
    status, code, title = 415, "unsupported_media_type", "Unsupported type"


class Invalid(AppError):
    status, code, title = 422, "validation_failed", "The request is not valid"


class Unavailable(AppError):
    status, code, title = 503, "unavailable", "Service unavailable"


class DatabaseUnavailable(Unavailable):
    code, title = "database_unavailable", "Database unavailable"
    retry_after_seconds = 5

    def __init__(self, detail: str = "The database is not answering just now. Try again shortly."):
        super().__init__(detail, headers={"Retry-After": str(self.retry_after_seconds)})


class TooManyRequests(AppError):
    status, code, title = 429, "too_many_requests", "Too many attempts"


def body_field(field: str, msg: str, kind: str = "value_error") -> dict:
    """One entry of a problem's `errors`, pointing a form at the body field `field`."""
    return {"loc": ["body", field], "msg": msg, "type": kind}


def problem_response(status: int, title: str, detail: str, code: str,
                     errors: list[dict] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": TYPE_BASE + code, "title": title, "status": status,
                            "detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


# SQLite result codes that mean "not now" rather than a fault in the SQL: busy, locked, out of
# memory, I/O error, disk full, cannot open the file, locking protocol.
_SQLITE_NOT_NOW = {5, 6, 7, 10, 13, 14, 15}


def database_is_unavailable(exc: BaseException) -> bool:
    """Whether the database could not serve us (unreachable, restarting, shutting down, the
    connection lost, every connection busy): a condition to wait out, not a bug in our SQL."""
    if isinstance(exc, (InterfaceError, PoolTimeout)):
        return True
    if not isinstance(exc, OperationalError):
        return False
    code = getattr(exc.orig, "sqlite_errorcode", None)
    # psycopg's OperationalError is the server's operating state, never the statement; Python's
    # sqlite3 also files "no such table" and syntax errors under it, so SQLite is asked by code.
    return code is None or (code & 0xFF) in _SQLITE_NOT_NOW


def database_unavailable(method: str, path: str, exc: Exception) -> JSONResponse:
    """503 with Retry-After, so that clients and load balancers try again. A change is one
    transaction: it was applied whole or not at all, and If-Match makes a retry safe."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
    log.warning("the database is unavailable on %s %s: %s", method, path, reason[0])
    problem = DatabaseUnavailable()
    return problem_response(problem.status, problem.title, problem.detail, problem.code, headers=problem.headers)


def _field_errors(exc: RequestValidationError) -> list[dict]:
    return [{"loc": [str(p) if not isinstance(p, int) else p for p in e["loc"]],
             "msg": plain_message(e), "type": e["type"]} for e in exc.errors()]


def field_label(loc: "list[str | int] | tuple") -> str:
    """The field an error is about, as a person would name it: ["body", "due_on"] is "Due on".
    Leaves out where it was sent and the branch names pydantic adds for unions ("constrained-str",
    "CaseReference", "none"), as the SPA's fieldName does."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    parts = [p for p in parts if not (p[:1].isupper() or "-" in p or "[" in p or p == "none")]
    return parts[-1].replace("_", " ").capitalize() if parts else "The request"


# pydantic's messages are written for programmers ("String should have at least 3 characters"):
# each kind of error it reports, in the words a person would write, with the field's label.
_MESSAGES = {
    "missing": "Enter {label_lower}",
    "string_too_short": "{label} must be at least {min_length} character{min_length_s}",
    "string_too_long": "{label} must be {max_length} character{max_length_s} or fewer",
    "too_short": "{label} needs at least {min_length} item{min_length_s}",
    "too_long": "{label} can have at most {max_length} item{max_length_s}",
    "greater_than_equal": "{label} must be {ge} or more",
    "greater_than": "{label} must be more than {gt}",
    "less_than_equal": "{label} must be {le} or less",
    "less_than": "{label} must be less than {lt}",
    "int_parsing": "{label} must be a whole number",
    "int_type": "{label} must be a whole number",
    "int_from_float": "{label} must be a whole number",
    "float_parsing": "{label} must be a number",
    "float_type": "{label} must be a number",
    "finite_number": "{label} must be a number",
    "bool_parsing": "{label} must be yes or no",
    "bool_type": "{label} must be yes or no",
    "string_type": "{label} must be text",
    "date_parsing": "{label} must be a real date",
    "date_from_datetime_parsing": "{label} must be a real date",
    "date_from_datetime_inexact": "{label} must be a date without a time",
    "date_type": "{label} must be a real date",
    "datetime_parsing": "{label} must be a real date and time",
    "datetime_from_date_parsing": "{label} must be a real date and time",
    "datetime_type": "{label} must be a real date and time",
    "timezone_aware": "{label} must say its time zone",
    "enum": "{label} must be one of: {expected}",
    "literal_error": "{label} must be one of: {expected}",
    "string_pattern_mismatch": "{label} is not in the right format",
    "url_parsing": "{label} must be a web address, like https://www.example.org",
    "url_scheme": "{label} must be a web address starting http:// or https://",
    "url_type": "{label} must be a web address, like https://www.example.org",
    "extra_forbidden": "{label} is not expected here: leave it out",
    "model_type": "Send the details as a JSON object",
    "model_attributes_type": "Send the details as a JSON object",
    "dict_type": "Send the details as a JSON object",
    "list_type": "{label} must be a list",
    "json_invalid": "The details sent are not valid JSON",
}


def plain_message(error: dict) -> str:
    """One validation error in plain English. The service's own rules (`value_error`, "Red needs a
    revised date", or a kind of its own such as `empty_file`) are written for people already and keep
    their words."""
    kind = error["type"]
    template = _MESSAGES.get(kind)
    if template is None or (kind == "missing" and error["msg"] != "Field required"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    label = field_label(error["loc"])
    ctx = _Absent({key: str(value).replace("'", "") for key, value in (error.get("ctx") or {}).items()})
    for bound in ("min_length", "max_length"):
        ctx[f"{bound}_s"] = "" if ctx.get(bound) == "1" else "s"
    ctx.update(label=label, label_lower=label[:1].lower() + label[1:])
    return template.format_map(ctx)


class _Absent(dict):
    """A context value pydantic did not give reads as nothing rather than failing the whole answer."""

    def __missing__(self, key: str) -> str:
        return ""


def _summary(errors: list[dict]) -> str:
    """Every error, so a client that shows only the detail still shows them all at once."""
    messages = list(dict.fromkeys(e["msg"] for e in errors))
    return "; ".join(messages) + "."


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 413: "too_large",
               415: "unsupported_media_type"}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError):
        return problem_response(exc.status, exc.title, exc.detail, exc.code, exc.errors, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError):
        errors = _field_errors(exc)
        if any(e["type"] == "json_invalid" for e in errors):
            # Not a value we could check: a body that is not JSON at all is malformed (400).
            return problem_response(400, "Malformed request", _summary(errors),
                                    "malformed_json", errors)
        return problem_response(422, Invalid.title, _summary(errors), Invalid.code, errors)

    async def _database(request: Request, exc: Exception):
        if not database_is_unavailable(exc):
            raise exc  # a bug: answered 500 below
        return database_unavailable(request.method, request.url.path, exc)

    for kind in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(kind, _database)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        title = code.replace("_", " ").capitalize()
        detail = exc.detail if isinstance(exc.detail, str) else title
        return problem_response(exc.status_code, title, detail, code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # A bug, not bad input: log it whole, tell the caller nothing internal.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(500, "Internal error", "Something went wrong on our side; it has been logged.",
                                "internal_error")


def problem_responses(*statuses: int) -> dict[int | str, dict]:
    """The `responses=` entry documenting problem documents for a route."""
    descriptions = {400: "Malformed request", 401: "Not signed in or token not valid",
                    403: "Signed in but not allowed", 404: "Not found, or not visible to you",
                    409: "Conflicts with the current state", 412: "The resource changed since you read it",
                    428: "If-Match is required",
                    413: "Too large", 415: "Unsupported type", 422: "Validation failed",
                    429: "Too many attempts", 503: "A service this depends on does not answer"}
    return {s: {"model": Problem, "description": descriptions[s],
                "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for s in statuses}
