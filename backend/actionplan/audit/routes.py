import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func
from sqlmodel import col, select

from actionplan.audit.models import AuditEvent
from actionplan.audit.service import verify_chain
from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.permissions import Perm, sees_audit_detail
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.params import Limit, Offset

router = APIRouter(tags=["audit"])


class AuditEventPublic(BaseModel):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    operation: str
    object_type: str
    object_id: str
    before: dict | None
    after: dict | None
    detail_hidden: bool = Field(description="True when before and after are withheld: they may hold the plan's "
                                            "text, which the caller does not read.")
    prev_hash: str
    hash: str


class AuditPage(BaseModel):
    items: list[AuditEventPublic]
    total: int
    limit: int
    offset: int


class AuditVerification(BaseModel):
    ok: bool
    events_checked: int
    legacy_events: int = Field(description="Events written before the chain was keyed, checked by SHA-256 only.")
    checkpoints_checked: int = Field(description="Signed checkpoints in the server's checkpoint file, each matched "
                                                 "against the log; 0 means a cut-off end could not be seen.")
    first_broken_event_id: int | None
    problem: str | None


@router.get("/audit", response_model=AuditPage, summary="Read the audit log, newest first",
            description="Every change, with who made it, when, and the object before and after; filter by "
                        "`object_type` and `object_id`. Assistant directors, the director and administrators; "
                        "administrators see before and after only for accounts, role changes and service tokens.",
            responses=problem_responses(401, 403, 422))
def list_audit(session: SessionDep, principal: CurrentPrincipal,
               object_type: Annotated[str | None, Query(max_length=40)] = None,
               object_id: Annotated[str | None, Query(max_length=40)] = None,
               limit: Limit = 100, offset: Offset = 0) -> AuditPage:
    authorize(principal, Perm.audit_read)
    query = select(AuditEvent)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit).offset(offset)).all()
    return AuditPage(items=[_public(principal, e) for e in rows], total=total, limit=limit, offset=offset)


def _public(principal, event: AuditEvent) -> AuditEventPublic:
    shown = sees_audit_detail(principal, event.object_type)
    return AuditEventPublic(id=event.id, at=event.at, actor_id=event.actor_id, actor_label=event.actor_label,
                            operation=event.operation, object_type=event.object_type, object_id=event.object_id,
                            before=event.before if shown else None, after=event.after if shown else None,
                            detail_hidden=not shown, prev_hash=event.prev_hash, hash=event.hash)


@router.get("/audit/verify", response_model=AuditVerification, summary="Check the audit log's hash chain",
            description="Checks every event's MAC (keyed with the audit key) and link, then the log against the "
                        "signed checkpoints kept outside the database; names the first broken event, or says "
                        "what is missing.",
            responses=problem_responses(401, 403, 503))
def verify(request: Request, session: SessionDep, principal: CurrentPrincipal) -> AuditVerification:
    authorize(principal, Perm.audit_read)
    result = verify_chain(session, request.app.state.settings)
    return AuditVerification(ok=result.ok, events_checked=result.events_checked, legacy_events=result.legacy_events,
                             checkpoints_checked=len(result.checkpoints),
                             first_broken_event_id=result.broken_event.id if result.broken_event else None,
                             problem=result.problem)
