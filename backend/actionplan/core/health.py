"""Liveness and readiness. Neither waits behind the API's own work: /health touches nothing, and
/ready asks the database on a connection and a thread of its own, so a crowd of requests (or
writers queueing for SQLite's lock) cannot make a load balancer think the instance is dead."""

import anyio
from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from actionplan.core.db import READ_ONLY, make_engine
from actionplan.core.errors import DatabaseUnavailable

router = APIRouter(tags=["health"])
PROBES_AT_ONCE = 2


class Health(SQLModel):
    status: str


@router.get("/health", response_model=Health, summary="Liveness: the process answers",
            description="200 whenever the process serves requests; it does not touch the database. No token.")
async def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Health, summary="Readiness: the database answers",
            description="200 when the database answers a query, 503 (with Retry-After) when it does not: route "
                        "traffic only to ready instances. No token.")
async def ready(request: Request) -> Health:
    engine, limiter = _probe(request.app)
    if not await anyio.to_thread.run_sync(_database_answers, engine, limiter=limiter):
        raise DatabaseUnavailable()
    return Health(status="ok")


def _probe(app: FastAPI) -> tuple[Engine, anyio.CapacityLimiter]:
    if getattr(app.state, "probe", None) is None:
        # Made on first use: most apps built in tests never probe. A pool as large as the
        # probes that may run at once, so a probe never waits for a connection.
        engine = make_engine(app.state.settings.database_url, pool_size=PROBES_AT_ONCE)
        app.state.probe = (engine.execution_options(**{READ_ONLY: True}), anyio.CapacityLimiter(PROBES_AT_ONCE))
    return app.state.probe


def _database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False
