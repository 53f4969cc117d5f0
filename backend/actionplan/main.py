"""The FastAPI application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.engine import make_url
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from actionplan.actions.routes import router as actions_router
from actionplan.actions.workflow_routes import router as workflow_router
from actionplan.audit.routes import router as audit_router
from actionplan.auth.routes import router as auth_router
from actionplan.board.commentary_routes import router as commentary_router
from actionplan.board.decision_routes import router as decision_router
from actionplan.board.routes import router as board_router
from actionplan.feeds.routes import router as feeds_router
from actionplan.auth.tokens import JwksCache
from actionplan.evidence.routes import router as evidence_router
from actionplan.measures.routes import router as measures_router
from actionplan.core import health
from actionplan.core.config import Settings, get_settings
from actionplan.core.db import READS_AT_ONCE, make_engine
from actionplan.core.errors import install_error_handlers
from actionplan.core.http import install_contract, install_docs, install_http_middleware
from actionplan.core.spa import mount_spa
from actionplan.notifications.routes import router as notifications_router
from actionplan.plans.routes import router as plans_router
from actionplan.plans.version_routes import router as plan_versions_router
from actionplan.queue import router as queue_router
from actionplan.reports.routes import router as reports_router
from actionplan.reminders.routes import router as reminders_router
from actionplan.users.delegations import router as delegations_router
from actionplan.users.routes import router as users_router
from actionplan.webhooks.routes import router as webhooks_router
from actionplan.webhooks.targets import TargetPolicy
from actionplan.workbooks.routes import router as workbooks_router

API_PREFIX = "/api/v1"

API_DESCRIPTION = """Runs the improvement plan that follows an inspection: areas, actions, statuses and evidence.

**Signing in.** People: `POST /api/v1/auth/token` (OAuth2 password form) gives a bearer token. Other
council systems: a service token from an administrator (`apst_…`), read-only (`plans:read`), optionally
limited to one plan; with `webhooks:manage` it can also subscribe to events, and with
`measures:write` post measures' readings. Send either as
`Authorization: Bearer <token>`.

**Errors** are RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail`, a stable
`code`, and for validation failures `errors: [{loc, msg, type}]`. 400 malformed body, 401 not signed
in, 403 not allowed, 404 missing or not visible to you, 409 conflict, 412 changed since you read it,
413 too large, 415 wrong Content-Type, 422 invalid, 428 If-Match required, 429 slow down, 503 the
database is not answering just now (`database_unavailable`; try again after `Retry-After` seconds).
Text never holds the NUL character (U+0000): a request with one is 422 `nul_character`. A JSON number
written `3.0` is the integer 3.

**Reading cheaply.** Every successful GET carries an `ETag`; send it back in `If-None-Match` and an
unchanged resource is answered `304 Not Modified` with no body. Lists are paginated (`limit`,
`offset`) in a stable order; `GET /actions?updated_since=` gives what changed. `GET /actions` counts
the matching actions (`total`) only when asked (`count=true`) and says whether another page follows
(`has_more`).

**Writing safely.** Changes to an action send the `ETag` of what you read in `If-Match` (those
operations are marked `x-requires-if-match`, and each read links to them).

**Every response** carries `X-Request-ID` (yours, if you sent a sane one): quote it when reporting
a problem. Authenticated responses are `Cache-Control: no-store`.

**Changes.** 1.1.0: `GET /actions` gives `total` only with `count=true` (it is null otherwise: counting
read every matching action on every page) and adds `has_more`; `GET /plans/{id}/summary` gives counts, and its
lists come a page at a time from `/summary/moved`, `/summary/overdue` and `/summary/reds`."""

OPENAPI_TAGS = [
    {"name": "health", "description": "Liveness and readiness, for load balancers and orchestrators. No token."},
    {"name": "auth", "description": "Signing in, and service tokens for other council systems (administrators)."},
    {"name": "users", "description": "Who I am and what I may do; user accounts (administrators)."},
    {"name": "plans", "description": "Improvement plans: their legend, glossary, key dates and areas."},
    {"name": "areas", "description": "Areas for improvement, with their outcomes, actions, lead and RAG counts."},
    {"name": "actions", "description": "Actions with their targets, milestones, owner and approved status; "
                                       "filter, page and sync them incrementally with `updated_since`."},
    {"name": "workflow", "description": "Changing an action: status proposals and decisions, re-schedules, progress. "
                                        "Each change sends the action's ETag in If-Match."},
    {"name": "evidence", "description": "Files and links evidencing actions: upload, review, versions, download."},
    {"name": "measures", "description": "Key performance indicators of actions: baselines, dated targets, readings "
                                        "and corrections, and whether the latest reading is on its trajectory."},
    {"name": "inspectors", "description": "The director's grants of read access to inspectors, and what they read."},
    {"name": "notifications", "description": "What needs my attention: proposals to decide, decisions on mine."},
    {"name": "reminders", "description": "When the board meets and updates are due before it; how each person is "
                                         "reminded (in the app only, or by email too)."},
    {"name": "delegations", "description": "Approvers naming a cover for their absence."},
    {"name": "board", "description": "Governance forums (the improvement board, Cabinet, scrutiny...) and their "
                                     "meetings about a plan."},
    {"name": "queue", "description": "How many decisions wait for me, across proposals, new dates and evidence."},
    {"name": "reports", "description": "The board pack as PDF, spreadsheet and CSV, as approved at a date: "
                                       "stable addresses, cacheable by ETag."},
    {"name": "workbooks", "description": "The board pack spreadsheet imported back after officers edited it "
                                         "offline: a preview of every change, then applied through the workflow."},
    {"name": "audit", "description": "The tamper-evident log of every change."},
    {"name": "webhooks", "description": "Events pushed to another council system (service tokens with "
                                        "`webhooks:manage`): signed, retried, with a delivery log to read "
                                        "and replay from."},
    {"name": "calendar feeds", "description": "Secret addresses a calendar subscribes to (RFC 5545): my due "
                                              "dates, milestones and board meetings, or a plan's board meetings."},
]


def _operation_id(route: APIRoute) -> str:
    # Stable ids the generated clients are named after: "actions-list_actions".
    return f"{route.tags[0]}-{route.name}"


def _add_routes(app: FastAPI, router: APIRouter, prefix: str) -> None:
    """The router's operations added to the app itself, under the prefix. Included routers
    (app.include_router) are resolved on every request, router by router: with fourteen of them
    that cost more than the rest of a /health request. Each module keeps its own router."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"{route!r}: only API routes are added this way")
        app.router.add_api_route(
            prefix + route.path, route.endpoint, response_model=route.response_model, status_code=route.status_code,
            tags=route.tags, dependencies=route.dependencies, summary=route.summary, description=route.description,
            response_description=route.response_description, responses=route.responses,
            deprecated=route.deprecated, methods=route.methods, operation_id=route.operation_id,
            response_model_include=route.response_model_include, response_model_exclude=route.response_model_exclude,
            response_model_by_alias=route.response_model_by_alias,
            response_model_exclude_unset=route.response_model_exclude_unset,
            response_model_exclude_defaults=route.response_model_exclude_defaults,
            response_model_exclude_none=route.response_model_exclude_none, include_in_schema=route.include_in_schema,
            response_class=route.response_class, name=route.name, callbacks=route.callbacks,
            openapi_extra=route.openapi_extra, generate_unique_id_function=_operation_id)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # As many threads as database places: a request holding a place always finds a thread, and
    # a thread always finds a connection (see core/db.py).
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.database_connections
    yield


def create_app(settings: Settings | None = None, engine=None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="actionplan API",
        version="1.1.0",
        description=API_DESCRIPTION,
        openapi_tags=OPENAPI_TAGS,
        generate_unique_id_function=_operation_id,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served by install_docs(), with its own Content-Security-Policy
        redoc_url=None,
    )
    app.state.settings = settings
    reads = settings.reads_at_once or READS_AT_ONCE[make_url(settings.database_url).get_backend_name()]
    app.state.database_connections = settings.db_pool_size + reads
    app.state.engine = engine or make_engine(settings.database_url, pool_size=app.state.database_connections)
    app.state.database_places = anyio.Semaphore(settings.db_pool_size)
    app.state.read_places = anyio.Semaphore(reads)
    app.state.jwks = JwksCache(settings.oidc_jwks_cache_seconds)
    app.state.webhook_targets = TargetPolicy.from_settings(settings)
    install_error_handlers(app)

    for router in (health.router, auth_router, reminders_router, users_router, plans_router, plan_versions_router,
                   actions_router, workflow_router, notifications_router, delegations_router, audit_router,
                   evidence_router, measures_router, reports_router, queue_router, board_router, commentary_router, decision_router,
                   webhooks_router, feeds_router, workbooks_router):
        _add_routes(app, router, API_PREFIX)
    install_http_middleware(app, cors_origins=settings.cors_origins, max_body_bytes=settings.max_body_bytes)
    if settings.trusted_proxies:
        # Outermost, so everything inside sees the client's address, the sign-in throttle included.
        # Uvicorn's own: it believes the right-most X-Forwarded-For entry that is not a trusted proxy.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    install_contract(app, settings.max_body_bytes)
    install_docs(app, f"{API_PREFIX}/docs", app.openapi_url)
    if settings.frontend_dir:
        mount_spa(app, settings.frontend_dir, settings.spa_identity_provider())
    return app
