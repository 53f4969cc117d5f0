"""Calendar feeds: made, renewed and revoked by their holder (audited), and read by token.

A feed shows what its holder may read when it is read (the rules are asked again each time), so
a feed stops showing a plan its holder no longer reads, and stops altogether (404) when they lose
the power to have one or their account is deactivated.
"""

import datetime as dt
import hashlib
import secrets

from sqlmodel import Session, col, select

from actionplan.actions.models import Action, ActionStatus, Milestone
from actionplan.audit import service as audit
from actionplan.auth.deps import principal_for
from actionplan.auth.permissions import Perm, PlanRef, Principal, can, visible_plan_ids
from actionplan.board.models import Forum, Meeting
from actionplan.core.errors import NotFound
from actionplan.core.types import utcnow
from actionplan.feeds import ics
from actionplan.feeds.models import CalendarFeed
from actionplan.plans.models import Plan
from actionplan.users.models import User

TOKEN_PREFIX = "cal_"
PATH = "/api/v1/calendar-feeds/{token}.ics"
SUMMARY_LENGTH = 80


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def live_feed(session: Session, user_id: int, plan_id: int | None) -> CalendarFeed | None:
    return session.exec(select(CalendarFeed).where(
        CalendarFeed.user_id == user_id, col(CalendarFeed.plan_id).is_(None) if plan_id is None
        else CalendarFeed.plan_id == plan_id, col(CalendarFeed.revoked_at).is_(None))).first()


def _revoke_live(session: Session, user_id: int, plan_id: int | None, now: dt.datetime) -> CalendarFeed | None:
    feed = live_feed(session, user_id, plan_id)
    if feed is not None:
        feed.revoked_at = now
        session.add(feed)
    return feed


def renew(session: Session, principal: Principal, plan_id: int | None) -> tuple[CalendarFeed, str]:
    """A new secret address; the previous one (if any) stops working. Returns the row and the token."""
    now = utcnow()
    old = _revoke_live(session, principal.id, plan_id, now)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=principal.id, plan_id=plan_id, token_hash=token_hash(token), created_at=now)
    session.add(feed)
    session.flush()
    audit.record(session, principal, "calendar_feed.renew" if old else "calendar_feed.create", "calendar_feed",
                 feed.id, before={"replaced_feed_id": old.id} if old else None, after={"plan_id": plan_id})
    session.commit()
    session.refresh(feed)
    return feed, token


def revoke(session: Session, principal: Principal, plan_id: int | None) -> None:
    """The address stops working at once. Nothing to revoke is not an error."""
    feed = _revoke_live(session, principal.id, plan_id, utcnow())
    if feed is None:
        return
    audit.record(session, principal, "calendar_feed.revoke", "calendar_feed", feed.id, after={"plan_id": plan_id})
    session.commit()


def read(session: Session, token: str, origin: str) -> tuple[str, bytes]:
    """The calendar at a secret address: (file name, RFC 5545 text). 404 for an unknown, revoked or
    no longer allowed one, alike."""
    missing = NotFound("There is no calendar at this address. It may have been renewed or revoked.")
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token),
                                                   col(CalendarFeed.revoked_at).is_(None))).first()
    user = session.get(User, feed.user_id) if feed is not None else None
    if user is None or not user.is_active:
        raise missing
    principal = principal_for(session, user)
    if feed.plan_id is None:
        if not can(principal, Perm.calendar_feed):
            raise missing
        return "actionplan.ics", ics.calendar(f"Action plan: {user.name}", _personal(session, principal, user, origin))
    plan = session.get(Plan, feed.plan_id)
    if plan is None or not can(principal, Perm.board_calendar_feed, PlanRef(plan.id)):
        raise missing
    entries = _meetings(session, frozenset({plan.id}), origin)
    return f"board-meetings-{plan.id}.ics", ics.calendar(f"Board meetings: {plan.title}", entries)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH - 1].rstrip() + "…"


def _personal(session: Session, principal: Principal, user: User, origin: str) -> list[ics.Entry]:
    visible = visible_plan_ids(principal)
    query = select(Action).where(Action.owner_id == user.id, Action.status != ActionStatus.blue,
                                 col(Action.retired_in_version).is_(None))
    if visible is not None:
        query = query.where(col(Action.plan_id).in_(visible))
    actions = {a.id: a for a in session.exec(query).all()}
    entries = []
    for action in actions.values():
        ref = action.printed_ref or action.ref
        if action.due_on is not None:
            entries.append(ics.Entry(
                uid=f"action-{action.id}-due", summary=f"Action {ref} due: {_short(action.text)}", day=action.due_on,
                changed_at=action.updated_at, description=f"{action.text}\n\nTarget: {action.target_text}",
                url=f"{origin}/actions/{action.id}", categories=("Due date",)))
    milestones = session.exec(select(Milestone).where(col(Milestone.action_id).in_(list(actions)),
                                                      col(Milestone.met_on).is_(None))).all() if actions else []
    for milestone in milestones:
        action = actions[milestone.action_id]
        ref = action.printed_ref or action.ref
        entries.append(ics.Entry(
            uid=f"milestone-{milestone.id}", summary=f"Milestone of {ref}: {_short(milestone.text)}",
            day=milestone.due_on, changed_at=action.updated_at, description=milestone.text,
            url=f"{origin}/actions/{action.id}", categories=("Milestone",)))
    return entries + _meetings(session, visible, origin)


def _meetings(session: Session, plan_ids: frozenset[int] | None, origin: str) -> list[ics.Entry]:
    query = (select(Meeting, Forum, Plan).join(Forum, col(Forum.id) == Meeting.forum_id)
             .join(Plan, col(Plan.id) == Meeting.plan_id))
    if plan_ids is not None:
        query = query.where(col(Meeting.plan_id).in_(plan_ids))
    return [ics.Entry(uid=f"meeting-{meeting.id}", summary=meeting.title or f"{forum.name}: {plan.title}",
                      day=meeting.held_on, start_time=meeting.start_time, location=meeting.location,
                      changed_at=meeting.updated_at, description=f"{forum.name} — {plan.title}",
                      url=f"{origin}/meetings/{meeting.id}", categories=("Meeting",))
            for meeting, forum, plan in session.exec(query).all()]
