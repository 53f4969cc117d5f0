from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from actionplan.core.db import SessionDep
from actionplan.core.errors import Unavailable, problem_responses

router = APIRouter(tags=["health"])


class Health(SQLModel):
    status: str


@router.get("/health", response_model=Health, summary="Liveness: the process answers",
            description="200 whenever the process serves requests; it does not touch the database. No token.")
def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Health, summary="Readiness: the database answers",
            description="200 when the database answers a query, 503 when it does not: route traffic only to "
                        "ready instances. No token.",
            responses=problem_responses(503))
def ready(session: SessionDep) -> Health:
    try:
        session.exec(text("SELECT 1"))
    except SQLAlchemyError:
        raise Unavailable("The database does not answer.", code="database_unavailable") from None
    return Health(status="ok")
