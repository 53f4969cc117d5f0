"""The first page the improvement board reads: RAG by area, what moved, what is overdue, every Red.

Whatever the plan's size, a reader gets it in a few statements of constant-size answers: the counts
(`board_summary`: one grouped query over the plan's actions as they stood), then each list a page at a
time (`list_reds`, `list_overdue`, `list_moved`: one query a page). What stood at a moment, and the
exception report behind each Red, are each one index seek per action on (action_id, decided_at, id),
never a load of the history. (Ranking the plan's whole history with a window function instead is as
fast on PostgreSQL, but SQLite joins the ranked rows without an index: hundreds of times slower.) `plan_report` gives the
whole of it at once, for the board pack that prints every line.
"""

import datetime as dt

from pydantic import BaseModel, Field
from sqlalchemy import and_, case, func, literal, outerjoin
from sqlmodel import Session, col, select

from actionplan.actions.asof import ActionView, parse_as_of
from actionplan.actions.models import Action, ActionStatus, StatusChange, UserRef
from actionplan.plans.models import Area, Plan, VersionRef
from actionplan.plans.reads import STATUSES
from actionplan.plans.version_store import shown_in_version, version_in_force
from actionplan.users.models import User


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


class _PlanAt(BaseModel):
    plan_id: int
    as_of: dt.datetime | None = Field(description="The moment read; null means now.")
    since: dt.datetime | None
    status_counts: dict[str, int]
    areas: list[AreaCounts]


class BoardSummary(_PlanAt):
    """The counts of the board's first page: its size does not grow with the plan's."""

    plan_version: VersionRef | None = Field(description="The plan version the counts are of: the one in force on the "
                                                         "`as_of` day (its actions; their wording is the latest).")

    moved_count: int | None = Field(description="Actions whose approved status differs between `since` and `as_of`; "
                                                "null without `since`. Listed by `GET /plans/{id}/summary/moved`.")
    overdue_count: int = Field(description="Actions past their due date and not Blue. Listed by "
                                           "`GET /plans/{id}/summary/overdue`.")
    red_count: int = Field(description="Red actions. Listed with their exception reports by "
                                       "`GET /plans/{id}/summary/reds`.")
    rescheduled_with_approval: int
    kept_due_date: int
    pending_proposals: int | None = Field(description="Proposals awaiting a decision now; null for inspectors.")


class _Page(BaseModel):
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page; null on the last one.")


class MovementsPage(_Page):
    items: list[Movement]


class OverduePage(_Page):
    items: list[ActionBrief]


class RedsPage(_Page):
    items: list[ExceptionReport]


class PlanReport(_PlanAt):
    """The whole board report at once (the counts and every line of every list): for the board pack."""

    moved: list[Movement] = Field(description="Actions whose approved status differs between `since` and `as_of`.")
    overdue: list[ActionBrief]
    reds: list[ExceptionReport] = Field(description="Every Red action with its exception report.")
    rescheduled_with_approval: int
    kept_due_date: int
    pending_proposals: int | None = Field(description="Proposals awaiting a decision now; null for inspectors.")


def _states(plan_id: int, view: ActionView, since: ActionView | None = None):
    """The plan's actions as they stood: one row each. Read as at a moment, it is computed once
    (materialised, so that a status is sought once per action however often the query names it);
    read now, it is the table itself, which the database may filter and page by its indexes."""
    columns = [Action.id, Action.ref, Action.area_id, Action.position, Action.owner_id, Action.original_due_on,
               view.status.label("status"), view.due.label("due")]
    if since is not None:
        columns.append(since.status.label("before"))
    states = (select(*columns).select_from(Action)
              .where(Action.plan_id == plan_id, shown_in_version(view.today, plan_id)).cte("states"))
    return states.prefix_with("MATERIALIZED") if view.at is not None or since is not None else states


def _overdue(states, view: ActionView):
    return and_(states.c.due.is_not(None), states.c.due < view.today, states.c.status != ActionStatus.blue.value)


def _moved(states):
    return states.c.before != states.c.status


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _version_ref(session: Session, plan_id: int, on: dt.date) -> VersionRef | None:
    shown = version_in_force(session, plan_id, on)
    return VersionRef(number=shown.number, effective_on=shown.effective_on) if shown else None


def board_summary(session: Session, plan: Plan, view: ActionView, since: ActionView | None,
                  sees_pending: bool) -> BoardSummary:
    """Counts by area and status, and of each list, in one grouped query; the areas; pending proposals."""
    states = _states(plan.id, view, since)
    dated = states.c.due.is_not(None)
    # A row per area (its count of each status side by side), not one per area and status: a plan
    # of 2,000 areas gives 2,000 rows, not 10,000. Plain rows, read on the connection.
    rows = session.connection().execute(
        select(states.c.area_id, *(_count_if(states.c.status == status) for status in STATUSES),
               _count_if(_overdue(states, view)), _count_if(and_(dated, states.c.due != states.c.original_due_on)),
               _count_if(and_(dated, states.c.due == states.c.original_due_on)),
               _count_if(_moved(states)) if since is not None else literal(0))
        .group_by(states.c.area_id)).all()
    # Plain rows: a plan of 2,000 actions has 250 areas, and making an Area object of each took longer
    # than all of the summary's SQL.
    areas = session.execute(select(Area.id, Area.number, Area.title).where(Area.plan_id == plan.id)
                            .order_by(Area.number)).all()
    per_area = {a.id: dict.fromkeys(STATUSES, 0) for a in areas}
    overdue = rescheduled = kept = moved = 0
    for area_id, *counts in rows:
        per_area[area_id] = dict(zip(STATUSES, counts[:len(STATUSES)]))
        n_overdue, n_rescheduled, n_kept, n_moved = counts[len(STATUSES):]
        overdue, rescheduled, kept, moved = (overdue + n_overdue, rescheduled + n_rescheduled, kept + n_kept,
                                             moved + n_moved)
    total = {s: sum(c[s] for c in per_area.values()) for s in STATUSES}
    pending = None
    if sees_pending:
        pending = session.exec(select(func.count()).select_from(StatusChange).join(Action)
                               .where(Action.plan_id == plan.id, StatusChange.state == "pending")).one()
    return BoardSummary(
        plan_id=plan.id, as_of=view.at, since=since.at if since else None, status_counts=total,
        # Plain dicts, checked in one pass with the summary rather than an AreaCounts made for each
        # (a plan of 2,000 areas spent a fifth of its summary doing that).
        areas=[{"area_id": a.id, "number": a.number, "title": a.title, "status_counts": per_area[a.id]}
               for a in areas],
        moved_count=moved if since is not None else None, overdue_count=overdue, red_count=total["red"],
        rescheduled_with_approval=rescheduled, kept_due_date=kept, pending_proposals=pending,
        plan_version=_version_ref(session, plan.id, view.today))


def _page(query, states, limit: int | None, offset: int):
    """In the plan's printed order; one row more than asked, to know whether another page follows."""
    query = query.order_by(states.c.area_id, states.c.position, states.c.id).offset(offset)
    return query.limit(limit + 1) if limit is not None else query


def _next(rows: list, limit: int | None, offset: int) -> tuple[list, int | None]:
    if limit is None or len(rows) <= limit:
        return rows, None
    return rows[:limit], offset + limit


def list_moved(session: Session, plan_id: int, view: ActionView, since: ActionView, limit: int | None = None,
               offset: int = 0) -> tuple[list[Movement], int | None]:
    states = _states(plan_id, view, since)
    rows = session.exec(_page(select(states.c.id, states.c.ref, states.c.before, states.c.status)
                              .where(_moved(states)), states, limit, offset)).all()
    rows, following = _next(rows, limit, offset)
    return [Movement(action_id=i, ref=ref, from_status=before, to_status=status) for i, ref, before, status in rows], \
        following


def list_overdue(session: Session, plan_id: int, view: ActionView, limit: int | None = None,
                 offset: int = 0) -> tuple[list[ActionBrief], int | None]:
    states = _states(plan_id, view)
    query = (select(states.c.id, states.c.ref, states.c.status, states.c.due, User.id, User.name)
             .select_from(outerjoin(states, User, col(User.id) == states.c.owner_id)).where(_overdue(states, view)))
    rows, following = _next(session.exec(_page(query, states, limit, offset)).all(), limit, offset)
    return [ActionBrief(action_id=i, ref=ref, status=status, due_on=due,
                        owner=UserRef(id=owner_id, name=name) if owner_id is not None else None)
            for i, ref, status, due, owner_id, name in rows], following


def _latest_red_change(view: ActionView, states):
    """The id of the approved Red change behind a Red action (the latest by the moment read): one seek
    on (action_id, decided_at, id) per Red action listed."""
    query = select(StatusChange.id).where(StatusChange.action_id == states.c.id, StatusChange.state == "approved",
                                          StatusChange.to_status == ActionStatus.red.value,
                                          col(StatusChange.decided_at).is_not(None))
    if view.at is not None:
        query = query.where(col(StatusChange.decided_at) <= view.at)
    return (query.order_by(col(StatusChange.decided_at).desc(), col(StatusChange.id).desc()).limit(1)
            .correlate(states).scalar_subquery())


def list_reds(session: Session, plan_id: int, view: ActionView, limit: int | None = None,
              offset: int = 0) -> tuple[list[ExceptionReport], int | None]:
    states = _states(plan_id, view)
    # The page first, then the report behind each of its Reds only.
    page = _page(select(states.c.id, states.c.ref, states.c.area_id, states.c.position)
                 .where(states.c.status == ActionStatus.red.value), states, limit, offset).subquery("page")
    report = StatusChange.__table__.alias("report")
    query = (select(page.c.id, page.c.ref, report.c.exception_reason, report.c.exception_mitigation,
                    report.c.revised_due_on, report.c.decided_at)
             .select_from(outerjoin(page, report, report.c.id == _latest_red_change(view, page)))
             .order_by(page.c.area_id, page.c.position, page.c.id))
    rows, following = _next(session.exec(query).all(), limit, offset)
    return [ExceptionReport(action_id=i, ref=ref, reason=reason, mitigation=mitigation, revised_due_on=revised,
                            approved_at=approved) for i, ref, reason, mitigation, revised, approved in rows], following


def plan_report(session: Session, plan: Plan, view: ActionView, since: ActionView | None,
                sees_pending: bool) -> PlanReport:
    """Everything at once, every list whole: five statements whatever the plan's size."""
    counts = board_summary(session, plan, view, since, sees_pending)
    return PlanReport(
        plan_id=plan.id, as_of=view.at, since=counts.since, status_counts=counts.status_counts, areas=counts.areas,
        moved=list_moved(session, plan.id, view, since)[0] if since is not None else [],
        overdue=list_overdue(session, plan.id, view)[0], reds=list_reds(session, plan.id, view)[0],
        rescheduled_with_approval=counts.rescheduled_with_approval, kept_due_date=counts.kept_due_date,
        pending_proposals=counts.pending_proposals)


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
                                     .where(Action.plan_id == plan.id, shown_in_version(day, plan.id))
                                     .group_by(status)):
            counts[value] = n
        points.append(TrendPoint(at=day, status_counts=counts))
    return points
