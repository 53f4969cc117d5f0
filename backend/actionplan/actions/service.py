"""Reading actions, with owners and milestones fetched in batches (no N+1), now or as at a moment."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, bindparam, func, type_coerce, union_all
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
    """An action's columns with what its public form needs from other tables (area number, status and
    due date as read, owner's name, plan's issue day), in one statement. Plain rows: building an
    Action object for each costs more than reading it."""
    query = select(Action.__table__, col(Area.number).label("area_number"), view.status.label("status_then"),
                   view.due.label("due_then"), _Owner.name.label("owner_name"),
                   col(Plan.issued_on).label("plan_issued_on"))
    return (query.join(Area, col(Area.id) == Action.area_id).join(Plan, col(Plan.id) == Action.plan_id)
            .outerjoin(_Owner, col(_Owner.id) == Action.owner_id))


# The statements every read of an action makes, built once: building a statement costs more than
# running it (SQLAlchemy then finds its compiled form by key). Each takes its ids as a parameter.
_ONE_NOW = _select(ActionView()).where(Action.id == bindparam("action_id"))
_MILESTONES = (select(Milestone.__table__).where(col(Milestone.action_id).in_(bindparam("ids", expanding=True)))
               .order_by(Milestone.action_id, Milestone.position))
_moments = union_all(
    select(ProgressNote.action_id, col(ProgressNote.recorded_at).label("at"))
    .where(col(ProgressNote.action_id).in_(bindparam("ids", expanding=True))),
    select(StatusChange.action_id, col(StatusChange.decided_at).label("at"))
    .where(col(StatusChange.action_id).in_(bindparam("ids", expanding=True)), StatusChange.state == "approved"),
).subquery()
_UPDATES = select(_moments.c.action_id, type_coerce(_moments.c.at, UTCDateTime))
# The last update of each action by a moment: a row per action however long its history.
_LAST_UPDATES = (select(_moments.c.action_id, type_coerce(func.max(_moments.c.at), UTCDateTime))
                 .where(_moments.c.at < bindparam("before", type_=UTCDateTime)).group_by(_moments.c.action_id))
_USER_NAMES = select(User.id, User.name).where(col(User.id).in_(bindparam("ids", expanding=True)))


def list_actions(session: Session, filters: ActionFilters, limit: int, offset: int,
                 view: ActionView | None = None, count: bool = False) -> tuple[list[ActionPublic], int | None, bool]:
    """A page of actions, whether more follow it, and (only when `count`) how many match in all:
    counting reads every matching row, the page only the rows it shows."""
    view = view or ActionView()
    where = _where(filters, view.status, view.due, view.today)
    total = session.exec(select(func.count(col(Action.id))).where(*where)).one() if count else None
    # Stable order: plan, area number, position as printed, then id as the tie-breaker. One row
    # more than the page says whether another page follows. The page's ids are found first, by
    # area (plan_id, number) and then action (area_id, position, id) indexes, without sorting the
    # plan; then the rows it shows are read whole.
    order = (Area.plan_id, Area.number, Action.position, Action.id)
    page = (select(Action.id).join(Area, col(Area.id) == Action.area_id).where(*where).order_by(*order)
            .limit(limit + 1).offset(offset).subquery("page"))
    rows = session.execute(_select(view).join(page, page.c.id == Action.id).order_by(*order)).all()
    return to_public(session, rows[:limit], view.today), total, len(rows) > limit


def find_action(session: Session, action_id: int, view: ActionView | None = None) -> Row | None:
    """One action's row for to_public() (its columns read like an Action's), or None."""
    if view is None or view.at is None:
        return session.execute(_ONE_NOW, {"action_id": action_id}).first()
    return session.execute(_select(view).where(Action.id == action_id)).first()


def get_action(session: Session, action: Action, view: ActionView | None = None) -> ActionPublic:
    view = view or ActionView()
    return to_public(session, [find_action(session, action.id, view)], view.today)[0]


def to_public(session: Session, rows: Sequence[Row], today: dt.date) -> list[ActionPublic]:
    """Four statements for any number of rows of _select(): milestones, who recorded them met, the day
    each action was last updated, and every update day of those with a repeating milestone (made even
    when none has one, so that a page makes as many statements whatever it shows)."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    milestones: dict[int, list] = {}  # rows of the milestone table, read like Milestone
    for m in session.connection().execute(_MILESTONES, {"ids": ids}):
        milestones.setdefault(m.action_id, []).append(m)
    # Who recorded a milestone met (owners' names come with the rows).
    owners = users_by_id(session, {m.met_by_id for ms in milestones.values() for m in ms})
    last_updates = _last_update_days(session, ids, today)
    # Every update day only of actions with a repeating milestone (met by an update in its period).
    repeating = {m.action_id for ms in milestones.values() for m in ms if m.recurring}
    updates = _update_days(session, list(repeating), today)
    out = []
    for r in rows:
        due, status = r.due_then, r.status_then
        last_update = last_updates.get(r.id) or r.plan_issued_on or r.created_at.date()
        shown = _milestones_public(milestones.get(r.id, []), updates.get(r.id, []), today, owners)
        out.append(ActionPublic(
            id=r.id, plan_id=r.plan_id, area_id=r.area_id, area_number=r.area_number, ref=r.ref,
            printed_ref=r.printed_ref, text=r.text, target_text=r.target_text, status=status,
            owner=UserRef(id=r.owner_id, name=r.owner_name) if r.owner_id is not None else None,
            due_on=due, original_due_on=r.original_due_on, rescheduled=due != r.original_due_on,
            next_due_on=min((m.due_on for m in milestones.get(r.id, []) if m.due_on >= today), default=None),
            overdue=due is not None and due < today and status != ActionStatus.blue,
            continuing_review=r.continuing_review, review_every_months=r.review_every_months,
            last_update_on=last_update,
            stale=r.review_every_months is not None and add_months(last_update, r.review_every_months) < today,
            milestones=shown, missed_occurrences=sum(1 for m in shown if m.recurring and m.state == "missed"),
            outcomes=r.serves_outcomes or [], retired_in_version=r.retired_in_version, updated_at=r.updated_at,
            version=r.version))
    return out


def _last_update_days(session: Session, ids: list[int], today: dt.date) -> dict[int, dt.date]:
    """The day each action was last updated (a progress note, an approved status change) by the end of
    today: one statement."""
    before = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=COUNCIL_TZ)
    rows = session.connection().execute(_LAST_UPDATES, {"ids": ids, "before": before})
    return {action_id: at.astimezone(COUNCIL_TZ).date() for action_id, at in rows}


def _update_days(session: Session, ids: list[int], today: dt.date) -> dict[int, list[dt.date]]:
    """The days each action was updated on (a progress note, an approved status change), up to today:
    one statement."""
    found: dict[int, list[dt.date]] = {}
    for action_id, at in session.connection().execute(_UPDATES, {"ids": ids}):
        day = at.astimezone(COUNCIL_TZ).date()
        if day <= today:
            found.setdefault(action_id, []).append(day)
    return found


def _milestones_public(milestones: list, updates: list[dt.date], today: dt.date,
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
    rows = session.connection().execute(_USER_NAMES, {"ids": list(ids)})
    return {i: UserRef(id=i, name=name) for i, name in rows}
