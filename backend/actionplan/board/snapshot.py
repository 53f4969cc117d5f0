"""What a meeting saw: closing its papers freezes the board pack as it stood (every action's status, due
date, commentary, evidence counts, measure readings, and the areas' published commentary and the decisions
arising from earlier meetings) into a MeetingSnapshot that never changes. The meeting's pack is always
rendered from it."""

import datetime as dt

from sqlmodel import Session, col, select

from actionplan.actions.asof import parse_as_of
from actionplan.actions.models import Action
from actionplan.audit import service as audit
from actionplan.auth.permissions import Principal
from actionplan.board.models import (
    Commentary, CommentaryVersion, DecisionLink, Forum, Meeting, MeetingDecision, MeetingSnapshot, MeetingState,
)
from actionplan.board.service import bump, previous_meeting
from actionplan.core.errors import Conflict
from actionplan.core.types import utcnow
from actionplan.core.words import date_words
from actionplan.plans.models import Area, Plan
from actionplan.reports.pack import BoardPack, CommentaryRow, DecisionRow, build_pack, london_day
from actionplan.users.models import User


def meeting_label(session: Session, meeting: Meeting) -> str:
    return f"{session.get(Forum, meeting.forum_id).name}, {date_words(meeting.held_on)}"


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    ids = ids - {None}
    return dict(session.exec(select(User.id, User.name).where(col(User.id).in_(ids))).all()) if ids else {}


def commentary_rows(session: Session, plan_id: int, as_of: dt.datetime, up_to: dt.date) -> list[CommentaryRow]:
    """Each area's latest commentary published by `as_of`, written for the latest meeting held by `up_to`."""
    rows = session.exec(
        select(CommentaryVersion, Meeting, Area)
        .join(Commentary, col(Commentary.id) == CommentaryVersion.commentary_id)
        .join(Meeting, col(Meeting.id) == Commentary.meeting_id)
        .join(Area, col(Area.id) == Commentary.area_id)
        .where(Commentary.plan_id == plan_id, col(CommentaryVersion.published_at).is_not(None),
               col(CommentaryVersion.published_at) <= as_of, Meeting.held_on <= up_to)
        .order_by(Area.number, Meeting.held_on, Meeting.id, CommentaryVersion.version_no)).all()
    latest: dict[int, tuple[CommentaryVersion, Meeting, Area]] = {}
    for version, meeting, area in rows:
        latest[area.number] = (version, meeting, area)   # later meetings and versions come last
    names = _names(session, {v.written_by_id for v, _, _ in latest.values()})
    labels = {m.id: meeting_label(session, m) for _, m, _ in latest.values()}
    return [CommentaryRow(area_number=area.number, area_title=area.title, text=version.text,
                          written_by=names.get(version.written_by_id),
                          published_on=london_day(version.published_at) if version.published_at else None,
                          meeting=labels[meeting.id])
            for _, (version, meeting, area) in sorted(latest.items())]


def decision_rows(session: Session, plan_id: int, as_of: dt.datetime, before: dt.date) -> list[DecisionRow]:
    """Decisions of the plan's meetings held before `before`, recorded by `as_of`, oldest meeting first."""
    found = session.exec(
        select(MeetingDecision, Meeting).join(Meeting, col(Meeting.id) == MeetingDecision.meeting_id)
        .where(MeetingDecision.plan_id == plan_id, Meeting.held_on < before, MeetingDecision.recorded_at <= as_of)
        .order_by(Meeting.held_on, Meeting.id, MeetingDecision.number)).all()
    ids = [d.id for d, _ in found]
    concerns: dict[int, list[str]] = {}
    if ids:
        for link, ref, number in session.exec(
                select(DecisionLink, Action.ref, Area.number)
                .outerjoin(Action, col(Action.id) == DecisionLink.action_id)
                .outerjoin(Area, col(Area.id) == DecisionLink.area_id)
                .where(col(DecisionLink.decision_id).in_(ids)).order_by(DecisionLink.id)):
            concerns.setdefault(link.decision_id, []).append(f"Action {ref}" if ref else f"Area {number}")
    names = _names(session, {d.owner_id for d, _ in found})
    labels = {m.id: meeting_label(session, m) for _, m in found}
    return [DecisionRow(meeting=labels[m.id], meeting_on=m.held_on, number=d.number, text=d.text,
                        concerns=concerns.get(d.id, []), owner=names.get(d.owner_id), due_on=d.due_on,
                        done_on=d.done_on) for d, m in found]


def with_board_parts(session: Session, pack: BoardPack, meeting: Meeting | None = None) -> BoardPack:
    """The pack with the board's own parts: for a meeting, the commentary written for it (or earlier) and
    the decisions of earlier meetings; as at a date, those up to that day."""
    up_to = meeting.held_on if meeting else pack.as_of_date
    before = meeting.held_on if meeting else pack.as_of_date + dt.timedelta(days=1)
    return pack.model_copy(update={
        "meeting_id": meeting.id if meeting else None,
        "commentary": commentary_rows(session, pack.plan_id, pack.as_of, up_to),
        "decisions": decision_rows(session, pack.plan_id, pack.as_of, before)})


def meeting_pack(session: Session, meeting: Meeting, as_of: dt.datetime) -> tuple[BoardPack, dt.date | None]:
    """The meeting's pack as at `as_of`, with changes since the same forum's previous meeting."""
    previous = previous_meeting(session, meeting.plan_id, meeting.forum_id, meeting.held_on)
    since = previous.held_on if previous else None
    pack = build_pack(session, session.get(Plan, meeting.plan_id), as_of,
                      parse_as_of(since.isoformat()) if since else None, generated_for=meeting_label(session, meeting))
    return with_board_parts(session, pack, meeting), since


def close_papers(session: Session, actor: Principal, meeting: Meeting, read_version: int) -> Meeting:
    if meeting.state == MeetingState.papers_closed:
        raise Conflict("The papers of this meeting are already closed.", code="papers_closed")
    meeting = bump(session, Meeting, meeting.id, read_version)
    now = utcnow()
    pack, since = meeting_pack(session, meeting, now)
    snapshot = MeetingSnapshot(meeting_id=meeting.id, taken_at=now, since=since,
                               document=pack.model_dump(mode="json"), sha256=pack.digest())
    session.add(snapshot)
    # Imported here: the reports package builds on this module (a pack's board parts).
    from actionplan.reports import renderings
    renderings.request_pdf(session, pack)  # laid out now, so that the board's first download is ready
    meeting.state, meeting.papers_closed_at, meeting.papers_closed_by_id = MeetingState.papers_closed, now, actor.id
    session.add(meeting)
    audit.record(session, actor, "meeting.close_papers", "meeting", meeting.id, before={"state": "scheduled"},
                 after={"state": meeting.state, "snapshot_sha256": snapshot.sha256, "since": str(since)})
    session.commit()
    session.refresh(meeting)
    return meeting


def frozen_pack(session: Session, meeting: Meeting) -> tuple[BoardPack, str]:
    """The pack the meeting saw, read back from its snapshot, and the snapshot's SHA-256."""
    snapshot = session.exec(select(MeetingSnapshot).where(MeetingSnapshot.meeting_id == meeting.id)).first()
    if snapshot is None:
        raise Conflict("The papers of this meeting are not closed yet: its pack is made when they close.",
                       code="papers_open")
    return BoardPack.model_validate(snapshot.document), snapshot.sha256
