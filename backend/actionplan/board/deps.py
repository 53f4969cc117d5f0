"""Loading meetings for a caller: missing and invisible look the same (404)."""

from sqlmodel import Session

from actionplan.auth.deps import authorize, refuse
from actionplan.auth.permissions import Perm, PlanRef, Principal, check
from actionplan.board import commentary as board_commentary
from actionplan.board.models import Commentary, Meeting
from actionplan.core.errors import NotFound


def meeting_for(session: Session, principal: Principal, meeting_id: int, perm: Perm = Perm.plan_read) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    missing = f"There is no meeting {meeting_id}."
    if meeting is None:
        raise NotFound(missing)
    authorize(principal, perm, PlanRef(meeting.plan_id), not_found=missing)
    return meeting


def commentary_for(session: Session, principal: Principal, commentary_id: int,
                   perm: Perm = Perm.plan_read) -> Commentary:
    """A commentary the caller may see: those who see only published commentary see one once published."""
    commentary = session.get(Commentary, commentary_id)
    missing = f"There is no commentary {commentary_id}."
    if commentary is None:
        raise NotFound(missing)
    authorize(principal, Perm.plan_read, PlanRef(commentary.plan_id), not_found=missing)
    if board_commentary.one(session, principal, commentary) is None:
        raise NotFound(missing)
    if perm != Perm.plan_read:
        refuse(check(principal, perm, board_commentary.commentary_ref(session, commentary)), not_found=missing)
    return commentary
