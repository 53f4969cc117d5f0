"""Reading plans and areas, with counts computed in the database."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from actionplan.actions.models import Action
from actionplan.actions.service import ActionFilters, list_actions, users_by_id
from actionplan.core.errors import NotFound
from actionplan.plans.models import (
    AcronymPublic, Area, AreaPublic, AreaSummary, KeyDatePublic, LegendEntryPublic, Plan, PlanPublic,
    PlanSummary,
)

STATUSES = ("not_started", "red", "amber", "green", "blue")


def list_plans(session: Session, limit: int, offset: int) -> tuple[list[PlanSummary], int]:
    total = session.exec(select(func.count()).select_from(Plan)).one()
    plans = session.exec(select(Plan).order_by(Plan.id).limit(limit).offset(offset)).all()
    return [PlanSummary.model_validate(p, from_attributes=True) for p in plans], total


def _area_summaries(session: Session, areas: list[Area]) -> list[AreaSummary]:
    counts: dict[int, dict[str, int]] = {a.id: dict.fromkeys(STATUSES, 0) for a in areas}
    if areas:
        rows = session.exec(select(Action.area_id, Action.status, func.count())
                            .where(col(Action.area_id).in_(list(counts)))
                            .group_by(Action.area_id, Action.status)).all()
        for area_id, status, n in rows:
            counts[area_id][status] = n
    leads = users_by_id(session, {a.lead_id for a in areas})
    return [AreaSummary(id=a.id, plan_id=a.plan_id, number=a.number, title=a.title, lead=leads.get(a.lead_id),
                        action_count=sum(counts[a.id].values()), status_counts=counts[a.id]) for a in areas]


def get_plan(session: Session, plan_id: int) -> PlanPublic:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"There is no plan {plan_id}.")
    return PlanPublic(
        **PlanSummary.model_validate(plan, from_attributes=True).model_dump(),
        context=plan.context, key_dates=[KeyDatePublic(**k) for k in plan.key_dates],
        legend=[LegendEntryPublic(**x) for x in plan.legend], acronyms=[AcronymPublic(**x) for x in plan.acronyms],
        areas=list_areas(session, plan_id))


def list_areas(session: Session, plan_id: int) -> list[AreaSummary]:
    if session.get(Plan, plan_id) is None:
        raise NotFound(f"There is no plan {plan_id}.")
    return _area_summaries(session, list(session.exec(select(Area).where(Area.plan_id == plan_id)
                                                      .order_by(Area.number)).all()))


def get_area(session: Session, area_id: int) -> AreaPublic:
    area = session.get(Area, area_id)
    if area is None:
        raise NotFound(f"There is no area {area_id}.")
    summary = _area_summaries(session, [area])[0]
    actions, _ = list_actions(session, ActionFilters(area_id=area_id), limit=1000, offset=0)
    return AreaPublic(**summary.model_dump(), target_heading=area.target_heading, outcomes=area.outcomes,
                      actions=actions)
