"""Loading plans and areas for a caller: missing and invisible look the same (404)."""

from sqlmodel import Session

from actionplan.auth.deps import authorize
from actionplan.auth.permissions import AreaRef, Perm, PlanRef, Principal
from actionplan.core.errors import NotFound
from actionplan.plans.models import Area, Plan


def plan_for(session: Session, principal: Principal, plan_id: int, perm: Perm = Perm.plan_read) -> Plan:
    plan = session.get(Plan, plan_id)
    missing = f"There is no plan {plan_id}."
    if plan is None:
        raise NotFound(missing)
    authorize(principal, perm, PlanRef(plan.id), not_found=missing)
    return plan


def area_for(session: Session, principal: Principal, area_id: int, perm: Perm = Perm.plan_read) -> Area:
    area = session.get(Area, area_id)
    missing = f"There is no area {area_id}."
    if area is None:
        raise NotFound(missing)
    authorize(principal, perm, AreaRef(plan_id=area.plan_id, id=area.id), not_found=missing)
    return area
