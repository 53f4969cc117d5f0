"""Governance forums and meetings: scheduling, changing and listing them, each change audited in its
own transaction."""

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from actionplan.actions.models import UserRef
from actionplan.audit import service as audit
from actionplan.auth.permissions import Principal
from actionplan.board.models import Forum, Meeting, MeetingState
from actionplan.board.schemas import (
    ForumPublic, ForumRef, MeetingCreate, MeetingPublic, MeetingRef, MeetingUpdate, PreviousMeeting,
)
from actionplan.core.errors import Conflict, Invalid, body_field
from actionplan.core.etag import PreconditionFailed
from actionplan.core.types import utcnow
from actionplan.plans.models import Plan
from actionplan.users.models import User

# Fixed once the papers close: they are what the pack was frozen for.
FROZEN_AT_CLOSE = ("held_on", "start_time", "papers")


def list_forums(session: Session) -> list[ForumPublic]:
    rows = session.exec(select(Forum).where(Forum.active).order_by(Forum.position, Forum.id)).all()
    return [ForumPublic.model_validate(f, from_attributes=True) for f in rows]


def forum_by_slug(session: Session, slug: str) -> Forum | None:
    return session.exec(select(Forum).where(Forum.slug == slug)).first()


def _forum_ref(forum: Forum) -> ForumRef:
    return ForumRef(id=forum.id, slug=forum.slug, name=forum.name)


def meeting_ref(session: Session, meeting: Meeting) -> MeetingRef:
    return MeetingRef(id=meeting.id, held_on=meeting.held_on, title=meeting.title,
                      forum=_forum_ref(session.get(Forum, meeting.forum_id)))


def meeting_public(session: Session, meeting: Meeting) -> MeetingPublic:
    closer = session.get(User, meeting.papers_closed_by_id) if meeting.papers_closed_by_id else None
    previous = previous_meeting(session, meeting.plan_id, meeting.forum_id, meeting.held_on)
    return MeetingPublic(
        **meeting.model_dump(exclude={"forum_id", "papers_closed_by_id", "created_by_id", "created_at"}),
        forum=_forum_ref(session.get(Forum, meeting.forum_id)),
        papers_closed_by=UserRef(id=closer.id, name=closer.name) if closer else None,
        previous=meeting_ref(session, previous) if previous else None)


def previous_meeting(session: Session, plan_id: int, forum_id: int, before: dt.date) -> Meeting | None:
    """The forum's latest meeting on the plan held before the day: "changes since" in its reports start there,
    never at a date worked out from the clock."""
    return session.exec(select(Meeting).where(Meeting.plan_id == plan_id, Meeting.forum_id == forum_id,
                                              Meeting.held_on < before)
                        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc()).limit(1)).first()


def changes_since(session: Session, plan: Plan, forum: Forum, before: dt.date) -> PreviousMeeting:
    previous = previous_meeting(session, plan.id, forum.id, before)
    if previous is not None:
        return PreviousMeeting(meeting=meeting_ref(session, previous), since=previous.held_on)
    return PreviousMeeting(meeting=None, since=plan.issued_on if plan.issued_on and plan.issued_on < before else None)


def list_meetings(session: Session, plan: Plan, forum: Forum | None) -> list[Meeting]:
    query = select(Meeting).where(Meeting.plan_id == plan.id)
    if forum is not None:
        query = query.where(Meeting.forum_id == forum.id)
    return list(session.exec(query.order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())).all())


def _audit_view(meeting: Meeting) -> dict:
    return meeting.model_dump(mode="json", include={"forum_id", "plan_id", "held_on", "start_time", "title",
                                                    "location", "attendees", "papers", "notes", "state"})


def create_meeting(session: Session, actor: Principal, plan: Plan, body: MeetingCreate) -> Meeting:
    forum = session.get(Forum, body.forum_id)
    if forum is None or not forum.active:
        raise Invalid(f"There is no forum {body.forum_id}.", errors=[body_field("forum_id", "No such forum")])
    meeting = Meeting(plan_id=plan.id, created_by_id=actor.id, **body.model_dump())
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "meeting.create", "meeting", meeting.id, after=_audit_view(meeting))
    session.commit()
    session.refresh(meeting)
    return meeting


def update_meeting(session: Session, actor: Principal, meeting: Meeting, version: int,
                   body: MeetingUpdate) -> Meeting:
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    for name in ("held_on", "title", "location", "attendees", "papers", "notes"):
        if name in changes and changes[name] is None:
            raise Invalid(f"{name} cannot be null.", errors=[body_field(name, "Cannot be null")])
    if meeting.state == MeetingState.papers_closed:
        frozen = [name for name in FROZEN_AT_CLOSE if name in changes and changes[name] != getattr(meeting, name)]
        if frozen:
            raise Conflict(f"The papers of this meeting are closed: its {', '.join(frozen)} stay as they were "
                           "when the pack was frozen.", code="papers_closed")
    meeting = bump(session, Meeting, meeting.id, version)
    before = _audit_view(meeting)
    for name, value in changes.items():
        setattr(meeting, name, value)
    session.add(meeting)
    audit.record(session, actor, "meeting.update", "meeting", meeting.id, before=before, after=_audit_view(meeting))
    session.commit()
    session.refresh(meeting)
    return meeting


def bump(session: Session, model, object_id: int, read_version: int | None):
    """Moves a row's version (and so its ETag); given the version the caller read, only if it is still that
    one (a compare-and-set: of two writers, one wins)."""
    condition = [model.id == object_id] + ([model.version == read_version] if read_version is not None else [])
    if session.execute(update(model).where(*condition).values(version=model.version + 1,
                                                               updated_at=utcnow())).rowcount != 1:
        raise PreconditionFailed("Someone changed this since you read it. Reload it, check the change, then try again.")
    return session.get(model, object_id, populate_existing=True)


def count_meetings(session: Session, plan_id: int) -> int:
    return session.exec(select(func.count()).select_from(Meeting).where(Meeting.plan_id == plan_id)).one()
