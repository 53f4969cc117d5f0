"""Approvers name a cover for a period of absence; the cover decides in their name."""

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import col, or_, select

from actionplan.actions.models import UserRef
from actionplan.actions.service import users_by_id
from actionplan.audit import service as audit
from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.permissions import ACTION_OWNER_ROLES, Perm
from actionplan.core.clock import council_today
from actionplan.core.db import SessionDep
from actionplan.core.errors import Invalid, NotFound, body_field, problem_responses
from actionplan.core.params import IdPath
from actionplan.core.types import utcnow
from actionplan.notifications import service as notify
from actionplan.users.models import Delegation, User

router = APIRouter(tags=["delegations"])
# A cover decides in the approver's name: keep that to an absence someone can foresee, not for ever.
MAX_AHEAD = dt.timedelta(days=365)


class DelegationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    cover_id: int = Field(ge=1, le=2_147_483_647)
    starts_on: dt.date = Field(strict=False)
    ends_on: dt.date = Field(strict=False, description="The last day of the absence.")


class DelegationPublic(BaseModel):
    id: int
    approver: UserRef
    cover: UserRef
    starts_on: dt.date
    ends_on: dt.date
    revoked_at: dt.datetime | None
    live: bool


def _public(session, rows: list[Delegation]) -> list[DelegationPublic]:
    users = users_by_id(session, {u for d in rows for u in (d.approver_id, d.cover_id)})
    today = council_today()
    return [DelegationPublic(id=d.id, approver=users[d.approver_id], cover=users[d.cover_id], starts_on=d.starts_on,
                             ends_on=d.ends_on, revoked_at=d.revoked_at,
                             live=d.revoked_at is None and d.starts_on <= today <= d.ends_on) for d in rows]


def _field_error(field: str, msg: str) -> Invalid:
    return Invalid(msg, code="invalid_delegation", errors=[body_field(field, msg)])


@router.post("/delegations", response_model=DelegationPublic, status_code=201,
             summary="Name a cover for my absence", responses=problem_responses(401, 403, 422),
             description="Approvers. The cover (another active officer) decides in my name from `starts_on` to "
                         "`ends_on`. It starts yesterday at the earliest and ends within a year of today, on or after "
                         "its start; other dates are 422 naming the field. The cover is told in their notifications, "
                         "and while the cover is in force, proposals and new due dates that reach me reach them too.")
def create_delegation(body: DelegationCreate, session: SessionDep, principal: CurrentPrincipal) -> DelegationPublic:
    authorize(principal, Perm.delegation_manage)
    cover = session.get(User, body.cover_id)
    if cover is None or not cover.is_active or cover.role not in ACTION_OWNER_ROLES or cover.id == principal.id:
        raise _field_error("cover_id", "The cover must be another active officer")
    today = council_today()
    if body.starts_on < today - dt.timedelta(days=1):
        raise _field_error("starts_on", "A cover starts today or later (yesterday at the earliest)")
    if body.ends_on < body.starts_on:
        raise _field_error("ends_on", "The absence must end on or after the day it starts")
    if body.ends_on > today + MAX_AHEAD:
        raise _field_error("ends_on", "A cover may be named for the coming year at most; name it again later")
    delegation = Delegation(approver_id=principal.id, cover_id=cover.id, starts_on=body.starts_on, ends_on=body.ends_on)
    session.add(delegation)
    session.flush()
    audit.record(session, principal, "delegation.create", "delegation", delegation.id,
                 after={"cover_id": cover.id, "starts_on": body.starts_on.isoformat(),
                        "ends_on": body.ends_on.isoformat()})
    notify.delegation_named(session, delegation, session.get(User, principal.id))
    session.commit()
    session.refresh(delegation)
    return _public(session, [delegation])[0]


@router.get("/delegations", response_model=list[DelegationPublic],
            summary="Delegations I gave or hold", responses=problem_responses(401, 422),
            description="Those I named a cover for, and those in which I am the cover, oldest first.")
def list_delegations(session: SessionDep, principal: CurrentPrincipal) -> list[DelegationPublic]:
    if principal.is_service:
        return []
    rows = session.exec(select(Delegation).where(or_(Delegation.approver_id == principal.id,
                                                     Delegation.cover_id == principal.id))
                        .order_by(col(Delegation.id))).all()
    return _public(session, list(rows))


@router.delete("/delegations/{delegation_id}", response_model=DelegationPublic, summary="End a delegation now",
               description="One I gave; it stays on record as revoked. The cover is told it ended.",
               responses=problem_responses(401, 404, 422))
def revoke_delegation(delegation_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> DelegationPublic:
    delegation = session.get(Delegation, delegation_id)
    if delegation is None or principal.is_service or delegation.approver_id != principal.id:
        raise NotFound(f"There is no delegation {delegation_id} of yours.")
    if delegation.revoked_at is None:
        delegation.revoked_at = utcnow()
        audit.record(session, principal, "delegation.revoke", "delegation", delegation.id)
        if delegation.ends_on >= council_today():
            notify.delegation_ended(session, delegation, session.get(User, principal.id))
        session.commit()
        session.refresh(delegation)
    return _public(session, [delegation])[0]
