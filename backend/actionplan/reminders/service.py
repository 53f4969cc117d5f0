"""Reminders: the plan's settings, each person's choice, and the daily run that tells people.

`run_reminders(session, today)` gathers the facts, asks the pure rules what is due, and gives each
person one digest: an in-app notification (emailed to those who chose email, by the notification
email sender). Each (person, reason, subject, occurrence) is claimed in the reminder_sent table
under a unique key before it is told, in the same transaction as the digest, so a repeated run,
or two workers running at once, never tells anyone twice.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import String, func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from actionplan.actions.models import Action, Milestone, ProgressNote, Reschedule, StatusChange
from actionplan.audit import service as audit
from actionplan.audit.models import AuditEvent
from actionplan.board.models import Forum, Meeting
from actionplan.auth.permissions import Principal
from actionplan.core.clock import COUNCIL_TZ
from actionplan.core.config import Settings, get_settings
from actionplan.core.errors import NotFound
from actionplan.core.types import utcnow
from actionplan.evidence.models import Evidence, EvidenceLink
from actionplan.notifications.models import Notification
from actionplan.plans.models import Area, Plan
from actionplan.plans.version_store import shown_in_version
from actionplan.reminders import rules
from actionplan.reminders.models import PlanReminderSettings, ReminderPreference, ReminderSent
from actionplan.reminders.workdays import is_working_day
from actionplan.users.models import Role, User

SETTING_FIELDS = ("board_first_meeting_on", "board_cadence_months", "update_lead_working_days", "due_within_days",
                  "waiting_working_days", "escalate_after_working_days")


# --- the plan's settings -------------------------------------------------------------------------

def plan_settings(session: Session, plan_id: int) -> PlanReminderSettings:
    """The plan's settings, or the defaults (not saved) if nobody changed them."""
    if session.get(Plan, plan_id) is None:
        raise NotFound(f"There is no plan {plan_id}.")
    return session.get(PlanReminderSettings, plan_id) or PlanReminderSettings(plan_id=plan_id, version=0)


def update_plan_settings(session: Session, actor: Principal, plan_id: int, values: dict) -> PlanReminderSettings:
    row = plan_settings(session, plan_id)
    before = {name: _json(getattr(row, name)) for name in SETTING_FIELDS} if row.version else None
    for name in SETTING_FIELDS:
        setattr(row, name, values[name])
    row.version += 1
    row.updated_at, row.updated_by_id = utcnow(), actor.id
    session.add(row)
    audit.record(session, actor, "plan.reminder_settings", "plan", plan_id, before=before,
                 after={name: _json(values[name]) for name in SETTING_FIELDS})
    session.commit()
    session.refresh(row)
    return row


def _json(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def thresholds_of(row: PlanReminderSettings) -> rules.Thresholds:
    return rules.Thresholds(update_lead_working_days=row.update_lead_working_days,
                            due_within_days=row.due_within_days, waiting_working_days=row.waiting_working_days,
                            escalate_after_working_days=row.escalate_after_working_days)


IMPROVEMENT_BOARD = "improvement-board"


def meeting_dates(session: Session, row: PlanReminderSettings, until: dt.date) -> list[dt.date]:
    """The board's meetings up to `until`: those recorded for the plan's improvement board, and where
    none is recorded near a date the cadence gives (within half a cadence), that date."""
    recorded = sorted(session.exec(
        select(Meeting.held_on).join(Forum, col(Forum.id) == Meeting.forum_id)
        .where(Meeting.plan_id == row.plan_id, Forum.slug == IMPROVEMENT_BOARD, Meeting.held_on <= until)).all())
    return rules.board_meetings(recorded, rules.projected_meetings(row.board_first_meeting_on,
                                                                   row.board_cadence_months, until),
                                row.board_cadence_months)


# --- each person's choice ----------------------------------------------------------------------

def wants_email(session: Session, user_id: int) -> bool:
    pref = session.get(ReminderPreference, user_id)
    return True if pref is None else pref.email


def set_email_choice(session: Session, user_id: int, email: bool) -> ReminderPreference:
    pref = session.get(ReminderPreference, user_id) or ReminderPreference(user_id=user_id)
    pref.email, pref.updated_at = email, utcnow()
    session.add(pref)
    session.commit()
    session.refresh(pref)
    return pref


# --- the facts ---------------------------------------------------------------------------------

def _day(at: dt.datetime) -> dt.date:
    return at.astimezone(COUNCIL_TZ).date()


def _last_updates(session: Session, plan_id: int) -> dict[int, dt.date]:
    """The last day each action of the plan was updated: progress, a proposal (made by a person), a
    request for a new date, evidence uploaded to it."""
    in_plan = select(Action.id).where(Action.plan_id == plan_id)
    sources = [
        select(ProgressNote.action_id, func.max(ProgressNote.recorded_at)).where(
            col(ProgressNote.action_id).in_(in_plan)).group_by(ProgressNote.action_id),
        select(StatusChange.action_id, func.max(StatusChange.proposed_at)).where(
            col(StatusChange.action_id).in_(in_plan), StatusChange.source == "person").group_by(StatusChange.action_id),
        select(Reschedule.action_id, func.max(Reschedule.proposed_at)).where(
            col(Reschedule.action_id).in_(in_plan)).group_by(Reschedule.action_id),
        select(EvidenceLink.action_id, func.max(Evidence.uploaded_at))
        .join(Evidence, col(Evidence.id) == EvidenceLink.evidence_id)
        .where(col(EvidenceLink.action_id).in_(in_plan), col(EvidenceLink.home)).group_by(EvidenceLink.action_id),
    ]
    last: dict[int, dt.date] = {}
    for query in sources:
        for action_id, at in session.exec(query):
            if at is not None:
                last[action_id] = max(last.get(action_id, dt.date.min), _day(at))
    return last


def _actions(session: Session, plan_id: int, today: dt.date) -> list[rules.ActionFacts]:
    rows = session.exec(select(Action, Area.lead_id).join(Area, col(Area.id) == Action.area_id)
                        .where(Action.plan_id == plan_id, shown_in_version(today, plan_id))
                        .order_by(col(Action.id))).all()
    upcoming: dict[int, dt.date] = {}
    for action_id, due in session.exec(
            select(Milestone.action_id, func.min(Milestone.due_on)).join(Action, col(Action.id) == Milestone.action_id)
            .where(Action.plan_id == plan_id, Milestone.due_on >= today).group_by(Milestone.action_id)):
        upcoming[action_id] = due
    last = _last_updates(session, plan_id)
    out = []
    for a, lead_id in rows:
        dates = [d for d in (upcoming.get(a.id), a.due_on if a.due_on and a.due_on >= today else None) if d]
        out.append(rules.ActionFacts(id=a.id, ref=a.ref, area_lead_id=lead_id, owner_id=a.owner_id, status=a.status,
                                     continuing_review=a.continuing_review, due_on=a.due_on,
                                     next_due_on=min(dates, default=None), last_update_on=last.get(a.id)))
    return out


def _reviewers(lead_id: int | None, authors: set[int | None], sign_off: bool, ads: list[int]) -> tuple[int, ...]:
    """Who decides: the area's Head of Service, unless it needs sign-off (Red, Blue), the area has none,
    or the lead is an author; then the assistant directors. Never an author."""
    if lead_id and not sign_off and lead_id not in authors:
        return (lead_id,)
    return tuple(a for a in ads if a not in authors)


def _waiting(session: Session, plan_id: int, facts: dict[int, rules.ActionFacts], ads: list[int]
             ) -> list[rules.WaitingItem]:
    out: list[rules.WaitingItem] = []
    in_plan = col(Action.plan_id) == plan_id
    resubmitted = {int(object_id): at for object_id, at in session.exec(
        select(AuditEvent.object_id, func.max(AuditEvent.at)).where(
            AuditEvent.operation == "proposal.resubmit", AuditEvent.object_type == "status_change",
            col(AuditEvent.object_id).in_(select(func.cast(StatusChange.id, String)).join(
                Action, col(Action.id) == StatusChange.action_id).where(in_plan, StatusChange.state == "pending")))
        .group_by(AuditEvent.object_id))}
    for change in session.exec(select(StatusChange).join(Action, col(Action.id) == StatusChange.action_id)
                               .where(in_plan, col(StatusChange.state).in_(["pending", "returned"]))):
        a = facts[change.action_id]
        if change.state == "returned":
            if change.proposed_by_id and change.decided_at:
                out.append(rules.WaitingItem("returned", change.id, a, _day(change.decided_at),
                                             (change.proposed_by_id,)))
            continue
        # A resubmitted proposal waits from its resubmission.
        since = max(change.proposed_at, resubmitted.get(change.id, change.proposed_at))
        out.append(rules.WaitingItem("proposal", change.id, a, _day(since), _reviewers(
            a.area_lead_id, {change.proposed_by_id}, change.to_status in {"red", "blue"}, ads)))
    for r in session.exec(select(Reschedule).join(Action, col(Action.id) == Reschedule.action_id)
                          .where(in_plan, Reschedule.state == "pending")):
        a = facts[r.action_id]
        out.append(rules.WaitingItem("reschedule", r.id, a, _day(r.proposed_at),
                                     _reviewers(a.area_lead_id, {r.proposed_by_id}, False, ads)))
    for e, action_id in session.exec(
            select(Evidence, EvidenceLink.action_id).join(EvidenceLink, col(EvidenceLink.evidence_id) == Evidence.id)
            .join(Action, col(Action.id) == EvidenceLink.action_id)
            .where(in_plan, col(EvidenceLink.home), Evidence.state == "submitted")):
        a = facts[action_id]
        out.append(rules.WaitingItem("evidence", e.id, a, _day(e.uploaded_at),
                                     _reviewers(a.area_lead_id, {e.uploaded_by_id}, False, ads)))
    return [item for item in out if item.waiting_on]


def reminders_for_plan(session: Session, plan_id: int, today: dt.date) -> list[rules.Reminder]:
    row = plan_settings(session, plan_id)
    ads = list(session.exec(select(User.id).where(User.role == Role.assistant_director, User.is_active)
                            .order_by(col(User.id))))
    actions = _actions(session, plan_id, today)
    waiting = _waiting(session, plan_id, {a.id: a for a in actions}, ads)
    subjects = {f"action:{a.id}" for a in actions} | {f"{'proposal' if w.kind == 'returned' else w.kind}:{w.id}"
                                                      for w in waiting}
    first: dict[tuple[int, str, str, str], dt.date] = {}
    for sent in session.exec(select(ReminderSent).where(col(ReminderSent.subject).in_(subjects))):
        key = (sent.user_id, sent.reason, sent.subject, sent.occurrence)
        first[key] = min(first.get(key, sent.sent_on), sent.sent_on)
    horizon = today + dt.timedelta(days=366)
    return rules.reminders_due(today, actions, waiting, meeting_dates(session, row, horizon), thresholds_of(row),
                               ads, first)


# --- the run -----------------------------------------------------------------------------------

@dataclass
class RunSummary:
    people: int = 0
    reminders: int = 0
    escalations: int = 0


def _claim(session: Session, reminder: rules.Reminder, today: dt.date) -> bool:
    """Inserts the reminder's row unless it exists: True when this run is the one to tell it."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ReminderSent).values(
        user_id=reminder.user_id, reason=reminder.reason, subject=reminder.subject, occurrence=reminder.occurrence,
        action_id=reminder.action_id, sent_on=today, created_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["user_id", "reason", "subject", "occurrence"]).returning(ReminderSent.id)
    return session.execute(statement).first() is not None


def run_reminders(session: Session, today: dt.date, settings: Settings | None = None,
                  plan_ids: list[int] | None = None, commit: bool = True) -> RunSummary:
    """Tells everyone what is due today, once. Safe to repeat and to run in several processes at once.
    Nobody is reminded on a weekend or a bank holiday: what falls due then is told the next working day.
    commit=False (a background job, whose runner commits): everything in the caller's transaction."""
    settings = settings or get_settings()
    summary = RunSummary()
    if not is_working_day(today):
        return summary
    everything: list[rules.Reminder] = []
    query = select(Plan.id).order_by(col(Plan.id))
    if plan_ids is not None:
        query = query.where(col(Plan.id).in_(plan_ids))
    for plan_id in session.exec(query).all():
        everything += reminders_for_plan(session, plan_id, today)
    active = set(session.exec(select(User.id).where(User.is_active)))
    names = dict(session.exec(select(User.id, User.name)).all())
    for person, items in rules.digests(r for r in everything if r.user_id in active).items():
        # Claimed in a fixed order (people, then their items), so that two runs at once wait on each
        # other instead of deadlocking; the one that waits finds the rows taken and tells nothing.
        claimed = [r for r in items if _claim(session, r, today)]
        if not claimed:
            continue
        notification = Notification(user_id=person, kind="reminder.digest", title=digest_title(claimed),
                                    body=digest_body(claimed, names, settings.base_url))
        session.add(notification)
        session.flush()
        session.execute(update(ReminderSent).where(
            ReminderSent.user_id == person, ReminderSent.sent_on == today,
            col(ReminderSent.notification_id).is_(None)).values(notification_id=notification.id))
        if commit:
            session.commit()
        summary.people += 1
        summary.escalations += sum(r.reason.startswith("escalated:") for r in claimed)
        summary.reminders += sum(not r.reason.startswith("escalated:") for r in claimed)
    if commit:
        session.commit()
    else:
        session.flush()
    return summary


_HEADINGS = {"update_due": "Updates due for the board", "due_soon": "Due soon", "overdue": "Overdue",
             "returned": "Returned to you for more information", "review_waiting": "Waiting for your decision"}


def digest_title(items: list[rules.Reminder]) -> str:
    count = len(items)
    return f"Reminder: {count} {'thing needs' if count == 1 else 'things need'} your attention"


def digest_body(items: list[rules.Reminder], names: dict[int, str], base_url: str) -> str:
    groups: dict[str, list[rules.Reminder]] = defaultdict(list)
    for r in items:
        groups[r.reason].append(r)
    base = base_url.rstrip("/")
    parts = []
    for reason in [*_HEADINGS, *sorted(k for k in groups if k not in _HEADINGS)]:
        if reason not in groups:
            continue
        if reason.startswith("escalated:"):
            heading = f"Not done after a reminder: {_HEADINGS[reason.split(':', 1)[1]].lower()}"
        else:
            heading = _HEADINGS[reason]
        lines = [heading]
        for r in groups[reason]:
            who = f" (reminded: {', '.join(names.get(u, 'someone') for u in r.about_user_ids)})" \
                if r.about_user_ids else ""
            lines.append(f"- {r.what}{who}\n  {base}{r.path}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + f"\n\nChoose how you are reminded (in the app only, or by email too): {base}/settings"

