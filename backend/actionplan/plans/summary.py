"""The first page the improvement board reads: RAG by area, what moved, what is overdue, every Red."""

import datetime as dt

from pydantic import BaseModel, Field
from sqlalchemy import func
from sqlmodel import Session, col, select

from actionplan.actions.asof import ActionView, parse_as_of
from actionplan.actions.models import Action, ActionStatus, StatusChange, UserRef
from actionplan.actions.service import users_by_id
from actionplan.plans.models import Area, Plan
from actionplan.plans.reads import STATUSES


class AreaCounts(BaseModel):
    area_id: int
    number: int
    title: str
    status_counts: dict[str, int]


class Movement(BaseModel):
    action_id: int
    ref: str
    from_status: ActionStatus
    to_status: ActionStatus


class ActionBrief(BaseModel):
    action_id: int
    ref: str
    status: ActionStatus
    due_on: dt.date | None
    owner: UserRef | None


class ExceptionReport(BaseModel):
    action_id: int
    ref: str
    reason: str | None
    mitigation: str | None
    revised_due_on: dt.date | None
    approved_at: dt.datetime | None


class PlanReport(BaseModel):
    plan_id: int
    as_of: dt.datetime | None = Field(description="The moment read; null means now.")
    since: dt.datetime | None
    status_counts: dict[str, int]
    areas: list[AreaCounts]
    moved: list[Movement] = Field(description="Actions whose approved status differs between `since` and `as_of`.")
    overdue: list[ActionBrief]
    reds: list[ExceptionReport] = Field(description="Every Red action with its exception report.")
    rescheduled_with_approval: int
    kept_due_date: int
    pending_proposals: int | None = Field(description="Proposals awaiting a decision now; null for inspectors.")


def _states(session: Session, plan_id: int, view: ActionView) -> list[tuple]:
    query = select(Action.id, Action.ref, Action.area_id, Action.owner_id, Action.original_due_on,
                   view.status.label("status"), view.due.label("due")).select_from(Action)
    return list(session.exec(query.where(Action.plan_id == plan_id)
                             .order_by(Action.area_id, Action.position)).all())


def plan_report(session: Session, plan: Plan, view: ActionView, since: ActionView | None,
                sees_pending: bool) -> PlanReport:
    rows = _states(session, plan.id, view)
    areas = session.exec(select(Area).where(Area.plan_id == plan.id).order_by(Area.number)).all()
    per_area = {a.id: dict.fromkeys(STATUSES, 0) for a in areas}
    for r in rows:
        per_area[r.area_id][r.status] += 1
    total = {s: sum(c[s] for c in per_area.values()) for s in STATUSES}
    moved = []
    if since is not None:
        before = {r.id: r.status for r in _states(session, plan.id, since)}
        moved = [Movement(action_id=r.id, ref=r.ref, from_status=before.get(r.id, "not_started"), to_status=r.status)
                 for r in rows if before.get(r.id, "not_started") != r.status]
    owners = users_by_id(session, {r.owner_id for r in rows})
    overdue = [ActionBrief(action_id=r.id, ref=r.ref, status=r.status, due_on=r.due, owner=owners.get(r.owner_id))
               for r in rows if r.due is not None and r.due < view.today and r.status != ActionStatus.blue]
    red_ids = [r.id for r in rows if r.status == ActionStatus.red]
    reports = _exception_reports(session, red_ids, view)
    refs = {r.id: r.ref for r in rows}
    pending = None
    if sees_pending:
        pending = session.exec(select(func.count()).select_from(StatusChange).join(Action)
                               .where(Action.plan_id == plan.id, StatusChange.state == "pending")).one()
    dated = [r for r in rows if r.due is not None]
    return PlanReport(
        plan_id=plan.id, as_of=view.at, since=since.at if since else None, status_counts=total,
        areas=[AreaCounts(area_id=a.id, number=a.number, title=a.title, status_counts=per_area[a.id]) for a in areas],
        moved=moved, overdue=overdue,
        reds=[ExceptionReport(action_id=i, ref=refs[i], reason=c.exception_reason if c else None,
                              mitigation=c.exception_mitigation if c else None,
                              revised_due_on=c.revised_due_on if c else None, approved_at=c.decided_at if c else None)
              for i in red_ids for c in [reports.get(i)]],
        rescheduled_with_approval=sum(1 for r in dated if r.due != r.original_due_on),
        kept_due_date=sum(1 for r in dated if r.due == r.original_due_on),
        pending_proposals=pending)


def _exception_reports(session: Session, action_ids: list[int], view: ActionView) -> dict[int, StatusChange]:
    """The approved Red change behind each Red action (the latest one by the moment read)."""
    if not action_ids:
        return {}
    query = (select(StatusChange).where(col(StatusChange.action_id).in_(action_ids), StatusChange.state == "approved",
                                        StatusChange.to_status == ActionStatus.red.value)
             .order_by(col(StatusChange.decided_at), col(StatusChange.id)))
    if view.at is not None:
        query = query.where(col(StatusChange.decided_at) <= view.at)
    return {c.action_id: c for c in session.exec(query)}


class TrendPoint(BaseModel):
    at: dt.date
    status_counts: dict[str, int]


def month_ends(last: dt.date, months: int) -> list[dt.date]:
    """The ends of the `months` months up to `last`, oldest first, with `last` itself at the end."""
    points, year, month = [last], last.year, last.month
    for _ in range(months - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        points.append(end)
    return sorted(set(points))


def plan_trend(session: Session, plan: Plan, days: list[dt.date]) -> list[TrendPoint]:
    """RAG counts of the plan as approved at the end of each day: one grouped query a point."""
    points = []
    for day in days:
        view = ActionView(parse_as_of(day.isoformat()))
        status = view.status.label("status")
        counts = dict.fromkeys(STATUSES, 0)
        for value, n in session.exec(select(status, func.count()).select_from(Action)
                                     .where(Action.plan_id == plan.id).group_by(status)):
            counts[value] = n
        points.append(TrendPoint(at=day, status_counts=counts))
    return points
