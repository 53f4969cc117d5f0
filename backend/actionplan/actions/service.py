"""Reading actions, with owners and milestones fetched in batches (no N+1), now or as at a moment."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, type_coerce, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from actionplan.actions.asof import ActionView
from actionplan.actions.milestones import add_months
from actionplan.actions.models import (
    Action, ActionPublic, ActionStatus, MilestonePublic, Milestone, ProgressNote, StatusChange, UserRef,
)
from actionplan.core.clock import COUNCIL_TZ
from actionplan.core.types import UTCDateTime
from actionplan.plans.models import Area, Plan
from actionplan.plans.version_store import shown_in_version
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


def _where(filters: ActionFilters, status, due, today: dt.date) -> list:
    clauses = []
    if filters.visible_plan_ids is not None:
        clauses.append(col(Action.plan_id).in_(filters.visible_plan_ids))
    if filters.plan_id is not None:
        clauses.append(Action.plan_id == filters.plan_id)
    if filters.area_id is not None:
        clauses.append(Action.area_id == filters.area_id)
    if filters.status is not None:
        clauses.append(status == filters.status.value)
    if filters.owner_id is not None:
        clauses.append(Action.owner_id == filters.owner_id)
    overdue = (due < today) & (status != ActionStatus.blue.value)
    if filters.overdue is True:
        clauses.append(overdue)
    elif filters.overdue is False:
        clauses.append(~overdue | due.is_(None))
    if filters.updated_since is not None:
        clauses.append(Action.updated_at > filters.updated_since)
    else:
        # The plan's version of that day; a sync (updated_since) also hears of actions retired or added.
        clauses.append(shown_in_version(today, filters.plan_id))
    return clauses


_Owner = aliased(User)


def _select(view: ActionView):
    """An action with what its public form needs from other tables (area number, status and due
    date as read, owner's name, plan's issue day), in one statement."""
    query = select(Action, Area.number, view.status.label("status_then"), view.due.label("due_then"),
                   _Owner.name.label("owner_name"), Plan.issued_on)
    return (query.join(Area, col(Area.id) == Action.area_id).join(Plan, col(Plan.id) == Action.plan_id)
            .outerjoin(_Owner, col(_Owner.id) == Action.owner_id))


def list_actions(session: Session, filters: ActionFilters, limit: int, offset: int,
                 view: ActionView | None = None, count: bool = False) -> tuple[list[ActionPublic], int | None, bool]:
    """A page of actions, whether more follow it, and (only when `count`) how many match in all:
    counting reads every matching row, the page only the rows it shows."""
    view = view or ActionView()
    where = _where(filters, view.status, view.due, view.today)
    total = session.exec(select(func.count(col(Action.id))).where(*where)).one() if count else None
    # Stable order: plan, area number, position as printed, then id as the tie-breaker. One row
    # more than the page says whether another page follows.
    rows = session.exec(_select(view).where(*where).order_by(Action.plan_id, Area.number, Action.position, Action.id)
                        .limit(limit + 1).offset(offset)).all()
    return to_public(session, rows[:limit], view.today), total, len(rows) > limit


def find_action(session: Session, action_id: int, view: ActionView | None = None) -> tuple | None:
    """One action's row for to_public(), or None."""
    return session.exec(_select(view or ActionView()).where(Action.id == action_id)).first()


def get_action(session: Session, action: Action, view: ActionView | None = None) -> ActionPublic:
    view = view or ActionView()
    row = session.exec(_select(view).where(Action.id == action.id)).one()
    return to_public(session, [row], view.today)[0]


def to_public(session: Session, rows: Sequence[tuple[Action, int, str, dt.date | None, str | None, dt.date | None]],
              today: dt.date) -> list[ActionPublic]:
    """Three statements for any number of rows: milestones, and the days each was updated on."""
    ids = [a.id for a, *_ in rows]
    milestones: dict[int, list[Milestone]] = {}
    if ids:
        for m in session.exec(select(Milestone).where(col(Milestone.action_id).in_(ids))
                              .order_by(Milestone.action_id, Milestone.position)):
            milestones.setdefault(m.action_id, []).append(m)
    # Who recorded a milestone met (owners' names come with the rows).
    owners = users_by_id(session, {m.met_by_id for ms in milestones.values() for m in ms})
    updates = _update_days(session, ids, today)
    last_update = {a.id: max(updates.get(a.id, []), default=issued or a.created_at.date())
                   for a, _, _, _, _, issued in rows}
    return [
        ActionPublic(
            id=a.id, plan_id=a.plan_id, area_id=a.area_id, area_number=number, ref=a.ref,
            printed_ref=a.printed_ref, text=a.text, target_text=a.target_text, status=status,
            owner=UserRef(id=a.owner_id, name=owner_name) if a.owner_id is not None else None,
            due_on=due, original_due_on=a.original_due_on,
            rescheduled=due != a.original_due_on,
            next_due_on=min((m.due_on for m in milestones.get(a.id, []) if m.due_on >= today), default=None),
            overdue=due is not None and due < today and status != ActionStatus.blue,
            continuing_review=a.continuing_review, review_every_months=a.review_every_months,
            last_update_on=last_update[a.id],
            stale=a.review_every_months is not None and add_months(last_update[a.id], a.review_every_months) < today,
            milestones=(shown := _milestones_public(milestones.get(a.id, []), updates.get(a.id, []), today, owners)),
            missed_occurrences=sum(1 for m in shown if m.recurring and m.state == "missed"), outcomes=a.outcomes or [],
            retired_in_version=a.retired_in_version, updated_at=a.updated_at, version=a.version)
        for a, number, status, due, owner_name, _ in rows
    ]


def _update_days(session: Session, ids: list[int], today: dt.date) -> dict[int, list[dt.date]]:
    """The days each action was updated on (a progress note, an approved status change), up to today:
    one statement."""
    found: dict[int, list[dt.date]] = {}
    if not ids:
        return found
    notes = select(ProgressNote.action_id, col(ProgressNote.recorded_at).label("at")).where(
        col(ProgressNote.action_id).in_(ids))
    changes = select(StatusChange.action_id, col(StatusChange.decided_at).label("at")).where(
        col(StatusChange.action_id).in_(ids), StatusChange.state == "approved")
    moments = union_all(notes, changes).subquery()
    for action_id, at in session.execute(select(moments.c.action_id, type_coerce(moments.c.at, UTCDateTime))):
        day = at.astimezone(COUNCIL_TZ).date()
        if day <= today:
            found.setdefault(action_id, []).append(day)
    return found


def _milestones_public(milestones: list[Milestone], updates: list[dt.date], today: dt.date,
                       users: dict[int, UserRef]) -> list[MilestonePublic]:
    """A milestone is met when the plan states it met or someone recorded it met; an occurrence of a
    repeating target (a quarterly report) also by an update in its period. A stated level is judged by
    its measure, not here. Each occurrence is due, met or missed on its own."""
    out, since = [], dt.date.min
    for m in sorted(milestones, key=lambda m: m.due_on):
        met_on = m.met_on if m.met_on is not None and m.met_on <= today else m.met_recorded_on
        met = met_on is not None or (m.recurring and any(since < day <= m.due_on for day in updates))
        out.append(MilestonePublic(id=m.id, due_on=m.due_on, text=m.text, target_value=m.target_value,
                                   recurring=m.recurring, state="met" if met else "missed" if m.due_on < today else "due",
                                   met_on=met_on, met_note=m.met_note, met_by=users.get(m.met_by_id)))
        since = m.due_on
    return out


def users_by_id(session: Session, ids: set[int | None]) -> dict[int, UserRef]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {u.id: UserRef(id=u.id, name=u.name) for u in session.exec(select(User).where(col(User.id).in_(ids)))}
