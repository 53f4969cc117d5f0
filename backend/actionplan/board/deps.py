"""Loading meetings, decisions and commentary for a caller: missing and invisible look the same (404)."""

from sqlmodel import Session

from actionplan.auth.deps import authorize, refuse
from actionplan.auth.permissions import Perm, PlanRef, Principal, check
from actionplan.board import commentary as board_commentary
from actionplan.board.models import Commentary, Meeting, MeetingDecision
from actionplan.core.errors import NotFound


def _of_plan(session: Session, principal: Principal, model, object_id: int, noun: str, perm: Perm):
    """A row of a plan (it has `plan_id`), if the caller may `perm` on that plan."""
    row = session.get(model, object_id)
    missing = f"There is no {noun} {object_id}."
    if row is None:
        raise NotFound(missing)
    authorize(principal, perm, PlanRef(row.plan_id), not_found=missing)
    return row


def meeting_for(session: Session, principal: Principal, meeting_id: int, perm: Perm = Perm.plan_read) -> Meeting:
    return _of_plan(session, principal, Meeting, meeting_id, "meeting", perm)


def decision_for(session: Session, principal: Principal, decision_id: int,
                 perm: Perm = Perm.plan_read) -> MeetingDecision:
    return _of_plan(session, principal, MeetingDecision, decision_id, "decision", perm)


def commentary_for(session: Session, principal: Principal, commentary_id: int,
                   perm: Perm = Perm.plan_read) -> Commentary:
    """A commentary the caller may see: those who see only published commentary see one once published."""
    commentary = _of_plan(session, principal, Commentary, commentary_id, "commentary", Perm.plan_read)
    missing = f"There is no commentary {commentary_id}."
    if board_commentary.one(session, principal, commentary) is None:
        raise NotFound(missing)
    if perm != Perm.plan_read:
        refuse(check(principal, perm, board_commentary.commentary_ref(session, commentary)), not_found=missing)
    return commentary
