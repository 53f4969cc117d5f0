"""The FastAPI application."""

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from actionplan.actions.routes import router as actions_router
from actionplan.auth.routes import router as auth_router
from actionplan.core import health
from actionplan.core.config import Settings, get_settings
from actionplan.core.db import make_engine
from actionplan.core.errors import install_error_handlers
from actionplan.core.spa import mount_spa
from actionplan.plans.routes import router as plans_router
from actionplan.users.routes import router as users_router

API_PREFIX = "/api/v1"


def _operation_id(route: APIRoute) -> str:
    # Stable ids the generated clients are named after: "actions-list_actions".
    return f"{route.tags[0]}-{route.name}"


def create_app(settings: Settings | None = None, engine=None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="actionplan API",
        version="1.0.0",
        description="Runs the improvement plan that follows an inspection: areas, actions, statuses and evidence.",
        generate_unique_id_function=_operation_id,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url)
    install_error_handlers(app)

    api = APIRouter(prefix=API_PREFIX)
    api.include_router(health.router)
    api.include_router(auth_router)
    api.include_router(users_router)
    api.include_router(plans_router)
    api.include_router(actions_router)
    app.include_router(api)
    if settings.frontend_dir:
        mount_spa(app, settings.frontend_dir)
    return app
