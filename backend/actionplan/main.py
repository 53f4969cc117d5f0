"""The FastAPI application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
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
from actionplan.core.db import make_engine
from actionplan.core.errors import install_error_handlers
from actionplan.core.http import install_contract, install_docs, install_http_middleware
from actionplan.core.spa import mount_spa
from actionplan.notifications.routes import router as notifications_router
from actionplan.plans.routes import router as plans_router
from actionplan.queue import router as queue_router
from actionplan.reports.routes import router as reports_router
from actionplan.reminders.routes import router as reminders_router
from actionplan.users.delegations import router as delegations_router
from actionplan.users.routes import router as users_router
from actionplan.webhooks.routes import router as webhooks_router
from actionplan.webhooks.targets import TargetPolicy

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
`offset`, with `total`) in a stable order; `GET /actions?updated_since=` gives what changed.

**Writing safely.** Changes to an action send the `ETag` of what you read in `If-Match` (those
operations are marked `x-requires-if-match`, and each read links to them).

**Every response** carries `X-Request-ID` (yours, if you sent a sane one): quote it when reporting
a problem. Authenticated responses are `Cache-Control: no-store`."""

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


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # As many threads as database places: a request holding a place always finds a thread, and
    # a thread always finds a connection (see core/db.py).
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.settings.db_pool_size
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
    app.state.engine = engine or make_engine(settings.database_url, pool_size=settings.db_pool_size)
    app.state.database_places = anyio.Semaphore(settings.db_pool_size)
    app.state.jwks = JwksCache(settings.oidc_jwks_cache_seconds)
    app.state.webhook_targets = TargetPolicy.from_settings(settings)
    install_error_handlers(app)

    api = APIRouter(prefix=API_PREFIX)
    api.include_router(health.router)
    api.include_router(auth_router)
    api.include_router(reminders_router)
    api.include_router(users_router)
    api.include_router(plans_router)
    api.include_router(actions_router)
    api.include_router(workflow_router)
    api.include_router(notifications_router)
    api.include_router(delegations_router)
    api.include_router(audit_router)
    api.include_router(evidence_router)
    api.include_router(measures_router)
    api.include_router(reports_router)
    api.include_router(queue_router)
    api.include_router(board_router)
    api.include_router(commentary_router)
    api.include_router(decision_router)
    api.include_router(webhooks_router)
    api.include_router(feeds_router)
    app.include_router(api)
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
