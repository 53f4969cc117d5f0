"""Reading actions, with their owners and milestones fetched in batches (no N+1)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from actionplan.actions.models import (
    Action, ActionPublic, ActionStatus, MilestonePublic, Milestone, UserRef,
)
from actionplan.core.clock import council_today
from actionplan.plans.models import Area
from actionplan.users.models import User


@dataclass
class ActionFilters:
    visible_plan_ids: frozenset[int] | None = None  # None: every plan
    plan_id: int | None = None
    area_id: int | None = None
    status: ActionStatus | None = None
    owner_id: int | None = None
    overdue: bool | None = None
    updated_since: dt.datetime | None = None


def _overdue_clause(today: dt.date):
    return (col(Action.due_on) < today) & (Action.status != ActionStatus.blue)


def _where(filters: ActionFilters, today: dt.date) -> list:
    clauses = []
    if filters.visible_plan_ids is not None:
        clauses.append(col(Action.plan_id).in_(filters.visible_plan_ids))
    if filters.plan_id is not None:
        clauses.append(Action.plan_id == filters.plan_id)
    if filters.area_id is not None:
        clauses.append(Action.area_id == filters.area_id)
    if filters.status is not None:
        clauses.append(Action.status == filters.status)
    if filters.owner_id is not None:
        clauses.append(Action.owner_id == filters.owner_id)
    if filters.overdue is True:
        clauses.append(_overdue_clause(today))
    elif filters.overdue is False:
        clauses.append(~_overdue_clause(today) | col(Action.due_on).is_(None))
    if filters.updated_since is not None:
        clauses.append(Action.updated_at > filters.updated_since)
    return clauses


def list_actions(session: Session, filters: ActionFilters, limit: int, offset: int) -> tuple[list[ActionPublic], int]:
    today = council_today()
    where = _where(filters, today)
    total = session.exec(select(func.count()).select_from(Action).where(*where)).one()
    # Stable order: plan, area number, position as printed, then id as the tie-breaker.
    rows = session.exec(
        select(Action, Area.number).join(Area, col(Area.id) == Action.area_id).where(*where)
        .order_by(Action.plan_id, Area.number, Action.position, Action.id).limit(limit).offset(offset)
    ).all()
    return to_public(session, rows, today), total


def get_action(session: Session, action: Action) -> ActionPublic:
    area = session.get(Area, action.area_id)
    return to_public(session, [(action, area.number)], council_today())[0]


def to_public(session: Session, rows: Sequence[tuple[Action, int]], today: dt.date) -> list[ActionPublic]:
    ids = [a.id for a, _ in rows]
    milestones: dict[int, list[Milestone]] = {}
    if ids:
        for m in session.exec(select(Milestone).where(col(Milestone.action_id).in_(ids))
                              .order_by(Milestone.action_id, Milestone.position)):
            milestones.setdefault(m.action_id, []).append(m)
    owners = users_by_id(session, {a.owner_id for a, _ in rows})
    return [
        ActionPublic(
            id=a.id, plan_id=a.plan_id, area_id=a.area_id, area_number=number, ref=a.ref,
            printed_ref=a.printed_ref, text=a.text, target_text=a.target_text, status=a.status,
            owner=owners.get(a.owner_id), due_on=a.due_on,
            next_due_on=min((m.due_on for m in milestones.get(a.id, []) if m.due_on >= today), default=None),
            overdue=a.due_on is not None and a.due_on < today and a.status != ActionStatus.blue,
            milestones=[MilestonePublic(due_on=m.due_on, text=m.text, target_value=m.target_value)
                        for m in milestones.get(a.id, [])],
            updated_at=a.updated_at)
        for a, number in rows
    ]


def users_by_id(session: Session, ids: set[int | None]) -> dict[int, UserRef]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {u.id: UserRef(id=u.id, name=u.name) for u in session.exec(select(User).where(col(User.id).in_(ids)))}
