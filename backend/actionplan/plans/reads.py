"""Reading plans and areas, with counts computed in the database."""

import datetime as dt

from sqlalchemy import func
from sqlmodel import Session, col, select

from actionplan.actions.asof import ActionView
from actionplan.actions.models import Action, ProgressNote, StatusChange
from actionplan.core.clock import COUNCIL_TZ
from actionplan.measures.models import Measure, MeasureReading
from actionplan.actions.service import ActionFilters, list_actions, users_by_id
from actionplan.plans.models import (
    AcronymPublic, Area, AreaPublic, AreaSummary, KeyDatePublic, LegendEntryPublic, Plan, PlanPublic,
    PlanSummary,
)
from actionplan.plans.version_store import shown_in_version

STATUSES = ("not_started", "red", "amber", "green", "blue")


def list_plans(session: Session, visible: frozenset[int] | None, limit: int,
               offset: int) -> tuple[list[PlanSummary], int]:
    where = [] if visible is None else [col(Plan.id).in_(visible)]
    total = session.exec(select(func.count()).select_from(Plan).where(*where)).one()
    plans = session.exec(select(Plan).where(*where).order_by(Plan.id).limit(limit).offset(offset)).all()
    return [PlanSummary.model_validate(p, from_attributes=True) for p in plans], total


def _area_summaries(session: Session, areas: list[Area], view: ActionView | None = None) -> list[AreaSummary]:
    view = view or ActionView()
    counts: dict[int, dict[str, int]] = {a.id: dict.fromkeys(STATUSES, 0) for a in areas}
    if areas:
        status = view.status.label("status_then")
        rows = session.exec(select(Action.area_id, status, func.count()).select_from(Action)
                            .where(col(Action.area_id).in_(list(counts)), shown_in_version(view.today))
                            .group_by(Action.area_id, status)).all()
        for area_id, status, n in rows:
            counts[area_id][status] = n
    leads = users_by_id(session, {a.lead_id for a in areas})
    return [AreaSummary(id=a.id, plan_id=a.plan_id, number=a.number, title=a.title, lead=leads.get(a.lead_id),
                        action_count=sum(counts[a.id].values()), status_counts=counts[a.id]) for a in areas]


def get_plan(session: Session, plan: Plan, view: ActionView | None = None) -> PlanPublic:
    return PlanPublic(
        **PlanSummary.model_validate(plan, from_attributes=True).model_dump(),
        context=plan.context, key_dates=[KeyDatePublic(**k) for k in plan.key_dates],
        legend=[LegendEntryPublic(**x) for x in plan.legend], acronyms=[AcronymPublic(**x) for x in plan.acronyms],
        areas=list_areas(session, plan.id, view), last_activity_on=last_activity_on(session, plan.id))


def last_activity_on(session: Session, plan_id: int) -> dt.date | None:
    """The latest approved status change, progress note, or reading's day in the plan (in London)."""
    decided = session.exec(select(func.max(StatusChange.decided_at)).join(Action).where(
        Action.plan_id == plan_id, StatusChange.state == "approved")).one()
    noted = session.exec(select(func.max(ProgressNote.recorded_at)).join(Action).where(Action.plan_id == plan_id)).one()
    read = session.exec(select(func.max(MeasureReading.taken_on)).join(Measure).join(Area, col(Area.id) == Measure.area_id)
                        .where(Area.plan_id == plan_id, col(MeasureReading.superseded_at).is_(None))).one()
    days = [at.astimezone(COUNCIL_TZ).date() for at in (decided, noted) if at is not None] + ([read] if read else [])
    return max(days, default=None)


def list_areas(session: Session, plan_id: int, view: ActionView | None = None) -> list[AreaSummary]:
    return _area_summaries(session, list(session.exec(select(Area).where(Area.plan_id == plan_id)
                                                      .order_by(Area.number)).all()), view)


def list_areas_by_ids(session: Session, area_ids: list[int]) -> list[AreaSummary]:
    return _area_summaries(session, list(session.exec(select(Area).where(col(Area.id).in_(area_ids))
                                                      .order_by(Area.number)).all()))


def get_area(session: Session, area: Area, view: ActionView | None = None) -> AreaPublic:
    summary = _area_summaries(session, [area], view)[0]
    actions, _, _ = list_actions(session, ActionFilters(area_id=area.id), limit=1000, offset=0, view=view)
    return AreaPublic(**summary.model_dump(), target_heading=area.target_heading, outcomes=area.outcomes,
                      actions=actions)
