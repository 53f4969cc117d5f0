"""Commentary for the board: an area lead's text for a meeting, draft → reviewed → published (or returned
to its author with a reason). Every text is a new version; none is edited or deleted. Only published
versions reach the pack, inspectors and service tokens."""

from sqlmodel import Session, col, select

from actionplan.actions.models import UserRef
from actionplan.audit import service as audit
from actionplan.auth.permissions import (
    AreaRef, CommentaryRef, Perm, Principal, check, sees_drafts, visible_plan_ids,
)
from actionplan.board.models import Commentary, CommentaryState, CommentaryVersion, Forum, Meeting, MeetingState
from actionplan.board.schemas import AreaCommentary, AreaRefPublic, CommentaryPublic, CommentaryVersionPublic
from actionplan.board.service import bump
from actionplan.core.errors import Conflict
from actionplan.core.types import utcnow
from actionplan.plans.models import Area
from actionplan.users.models import User

# A new text supersedes these; a returned version stays returned (with its reason), a published one published.
UNPUBLISHED = (CommentaryState.draft, CommentaryState.reviewed)


def commentary_ref(session: Session, commentary: Commentary, current: CommentaryVersion | None = None) -> CommentaryRef:
    current = current or latest_version(session, commentary.id)
    return CommentaryRef(area=AreaRef(plan_id=commentary.plan_id, id=commentary.area_id),
                         author_id=current.written_by_id if current else None)


def latest_version(session: Session, commentary_id: int) -> CommentaryVersion | None:
    return session.exec(select(CommentaryVersion).where(CommentaryVersion.commentary_id == commentary_id)
                        .order_by(col(CommentaryVersion.version_no).desc()).limit(1)).first()


def _open_for_commentary(session: Session, meeting: Meeting) -> None:
    forum = session.get(Forum, meeting.forum_id)
    if not forum.receives_commentary:
        raise Conflict(f"{forum.name} does not receive area commentary: write it for a meeting of the "
                       "improvement board.", code="forum_takes_no_commentary")
    if meeting.state == MeetingState.papers_closed:
        raise Conflict("The papers of this meeting are closed: its commentary stays as the board saw it.",
                       code="papers_closed")


def write(session: Session, actor: Principal, meeting: Meeting, area: Area, text: str,
          read_version: int | None) -> Commentary:
    """A new version of the area's commentary for the meeting (the first makes the commentary)."""
    _open_for_commentary(session, meeting)
    commentary = session.exec(select(Commentary).where(Commentary.meeting_id == meeting.id,
                                                       Commentary.area_id == area.id)).first()
    if commentary is None:
        commentary = Commentary(plan_id=meeting.plan_id, meeting_id=meeting.id, area_id=area.id)
        session.add(commentary)
        session.flush()
        number = 1
    else:
        commentary = bump(session, Commentary, commentary.id, read_version)
        previous = latest_version(session, commentary.id)
        number = previous.version_no + 1
        if previous.state in UNPUBLISHED:
            previous.state = CommentaryState.superseded
            session.add(previous)
    row = CommentaryVersion(commentary_id=commentary.id, version_no=number, text=text, written_by_id=actor.id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "commentary.write", "commentary", commentary.id,
                 after={"meeting_id": meeting.id, "area_id": area.id, "version": number, "text": text})
    session.commit()
    session.refresh(commentary)
    return commentary


def _transition(session: Session, actor: Principal, commentary: Commentary, read_version: int,
                allowed_from: tuple[str, ...], operation: str, **changes) -> Commentary:
    meeting = session.get(Meeting, commentary.meeting_id)
    _open_for_commentary(session, meeting)
    current = latest_version(session, commentary.id)
    if current.state not in allowed_from:
        raise Conflict(f"Its latest version is {current.state}: this needs one that is "
                       f"{' or '.join(allowed_from)}.", code="commentary_state")
    commentary = bump(session, Commentary, commentary.id, read_version)
    before = current.state
    for name, value in changes.items():
        setattr(current, name, value)
    session.add(current)
    audit.record(session, actor, operation, "commentary", commentary.id,
                 before={"version": current.version_no, "state": before},
                 after={"version": current.version_no, "state": current.state,
                        **({"reason": changes["returned_reason"]} if "returned_reason" in changes else {})})
    session.commit()
    session.refresh(commentary)
    return commentary


def review(session: Session, actor: Principal, commentary: Commentary, read_version: int) -> Commentary:
    return _transition(session, actor, commentary, read_version, (CommentaryState.draft,), "commentary.review",
                       state=CommentaryState.reviewed, reviewed_by_id=actor.id, reviewed_at=utcnow())


def return_to_author(session: Session, actor: Principal, commentary: Commentary, read_version: int,
                     reason: str) -> Commentary:
    return _transition(session, actor, commentary, read_version, (CommentaryState.draft, CommentaryState.reviewed),
                       "commentary.return", state=CommentaryState.returned, returned_reason=reason,
                       reviewed_by_id=actor.id, reviewed_at=utcnow())


def publish(session: Session, actor: Principal, commentary: Commentary, read_version: int) -> Commentary:
    return _transition(session, actor, commentary, read_version, (CommentaryState.reviewed,), "commentary.publish",
                       state=CommentaryState.published, published_by_id=actor.id, published_at=utcnow())


# Reading ---------------------------------------------------------------------------------------------------

def _users(session: Session, ids: set[int | None]) -> dict[int, UserRef]:
    ids = ids - {None}
    if not ids:
        return {}
    return {u.id: UserRef(id=u.id, name=u.name) for u in session.exec(select(User).where(col(User.id).in_(ids)))}


def _area_refs(session: Session, areas: list[Area]) -> dict[int, AreaRefPublic]:
    leads = _users(session, {a.lead_id for a in areas})
    return {a.id: AreaRefPublic(id=a.id, number=a.number, title=a.title, lead=leads.get(a.lead_id)) for a in areas}


def _version(row: CommentaryVersion, users: dict[int, UserRef]) -> CommentaryVersionPublic:
    return CommentaryVersionPublic(
        version=row.version_no, text=row.text, state=row.state, written_by=users.get(row.written_by_id),
        written_at=row.written_at, reviewed_by=users.get(row.reviewed_by_id), reviewed_at=row.reviewed_at,
        returned_reason=row.returned_reason, published_by=users.get(row.published_by_id),
        published_at=row.published_at)


def views(session: Session, principal: Principal, commentaries: list[Commentary],
          areas: dict[int, AreaRefPublic] | None = None) -> dict[int, CommentaryPublic]:
    """Commentaries as the caller may see them, by id: those who see only published commentary get only
    published versions (and nothing for a commentary never published). Batched: no query per commentary."""
    ids = [c.id for c in commentaries]
    if not ids:
        return {}
    drafts = sees_drafts(principal)
    rows: dict[int, list[CommentaryVersion]] = {}
    query = select(CommentaryVersion).where(col(CommentaryVersion.commentary_id).in_(ids))
    if not drafts:
        query = query.where(col(CommentaryVersion.published_at).is_not(None))
    for row in session.exec(query.order_by(CommentaryVersion.commentary_id, CommentaryVersion.version_no)):
        rows.setdefault(row.commentary_id, []).append(row)
    users = _users(session, {i for vs in rows.values() for v in vs
                             for i in (v.written_by_id, v.reviewed_by_id, v.published_by_id)})
    if areas is None:
        areas = _area_refs(session, list(session.exec(select(Area).where(
            col(Area.id).in_({c.area_id for c in commentaries})))))
    out = {}
    for c in commentaries:
        versions = [_version(v, users) for v in rows.get(c.id, [])]
        if not versions:
            continue
        published = [v for v in versions if v.published_at is not None]
        out[c.id] = CommentaryPublic(id=c.id, plan_id=c.plan_id, meeting_id=c.meeting_id, area=areas[c.area_id],
                                     state=versions[-1].state, current=versions[-1],
                                     published=published[-1] if published else None, versions=versions,
                                     etag_version=c.version)
    return out


def one(session: Session, principal: Principal, commentary: Commentary) -> CommentaryPublic | None:
    return views(session, principal, [commentary]).get(commentary.id)


def for_meeting(session: Session, principal: Principal, meeting: Meeting) -> list[AreaCommentary]:
    """Every area of the plan in order, each with its commentary for the meeting as the caller may see it."""
    areas = list(session.exec(select(Area).where(Area.plan_id == meeting.plan_id).order_by(Area.number)))
    refs = _area_refs(session, areas)
    commentaries = list(session.exec(select(Commentary).where(Commentary.meeting_id == meeting.id)))
    seen = views(session, principal, commentaries, refs)
    by_area = {c.area_id: seen.get(c.id) for c in commentaries}
    return [AreaCommentary(area=refs[a.id], commentary=by_area.get(a.id)) for a in areas]


def awaiting_clearance(session: Session, principal: Principal) -> list[tuple[Commentary, Perm]]:
    """Commentary whose latest version waits for the caller: a draft to review, or a reviewed one to publish,
    on meetings whose papers are still open, never the caller's own."""
    visible = visible_plan_ids(principal)
    query = (select(Commentary, CommentaryVersion)
             .join(CommentaryVersion, col(CommentaryVersion.commentary_id) == Commentary.id)
             .join(Meeting, col(Meeting.id) == Commentary.meeting_id)
             .where(col(CommentaryVersion.state).in_([CommentaryState.draft, CommentaryState.reviewed]),
                    Meeting.state == MeetingState.scheduled))
    if visible is not None:
        query = query.where(col(Commentary.plan_id).in_(visible))
    out = []
    for commentary, version in session.exec(query.order_by(Meeting.held_on, Commentary.id)):
        perm = Perm.commentary_review if version.state == CommentaryState.draft else Perm.commentary_publish
        if check(principal, perm, commentary_ref(session, commentary, version)) is None:
            out.append((commentary, perm))
    return out


def existing(session: Session, meeting_id: int, area_id: int) -> Commentary | None:
    return session.exec(select(Commentary).where(Commentary.meeting_id == meeting_id,
                                                 Commentary.area_id == area_id)).first()
