"""Writing and reading the versions of a plan (the rows; what changed between two is version_rules)."""

import datetime as dt

from sqlalchemy import and_, or_
from sqlmodel import Session, col, func, select

from actionplan.actions.models import Action
from actionplan.plans.models import Area, PlanVersion


def version_document(session: Session, plan_id: int) -> dict:
    """Every action in the plan now (retired ones left out), as a version records it."""
    rows = session.exec(select(Action, Area.number).join(Area, col(Area.id) == Action.area_id)
                        .where(Action.plan_id == plan_id, col(Action.retired_in_version).is_(None))
                        .order_by(Area.number, Action.position, Action.id)).all()
    return {"actions": [{"action_id": a.id, "ref": a.ref, "area_number": number, "text": a.text,
                         "target": a.target_text,
                         "due_on": a.original_due_on.isoformat() if a.original_due_on else None}
                        for a, number in rows]}


def shown_in_version(day: dt.date, plan_id: int | None = None):
    """SQL: the action is in the version of its plan in force on `day` (the first, before any): what a
    report of that day counts. Versions take effect in their order, so a number compares them."""
    plan = Action.plan_id if plan_id is None else plan_id
    in_force = func.coalesce(select(func.max(PlanVersion.number))
                             .where(PlanVersion.plan_id == plan, PlanVersion.effective_on <= day).scalar_subquery(), 1)
    return and_(Action.added_in_version <= in_force,
                or_(col(Action.retired_in_version).is_(None), Action.retired_in_version > in_force))


def latest_version(session: Session, plan_id: int) -> PlanVersion | None:
    return session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan_id)
                        .order_by(col(PlanVersion.number).desc()).limit(1)).first()


def version_in_force(session: Session, plan_id: int, on: dt.date) -> PlanVersion | None:
    """The version a report of `on` shows: the latest in effect by then (else the first)."""
    found = session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan_id, PlanVersion.effective_on <= on)
                         .order_by(col(PlanVersion.number).desc()).limit(1)).first()
    return found or session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan_id, PlanVersion.number == 1)).first()


def add_version(session: Session, plan_id: int, number: int, effective_on: dt.date, source: str, reason: str,
                made_by_id: int | None) -> PlanVersion:
    version = PlanVersion(plan_id=plan_id, number=number, effective_on=effective_on, source=source, reason=reason,
                          made_by_id=made_by_id, document=version_document(session, plan_id))
    session.add(version)
    session.flush()
    return version
