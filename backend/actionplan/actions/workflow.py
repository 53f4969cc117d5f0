"""Changing an action: status proposals and their decisions, re-schedules, progress notes.

Every use case here runs in one transaction: it claims the row it changes with a
compare-and-set on its version (so of two people acting on what they both read, exactly one
wins and the other gets 412), applies the rules, appends the audit event, queues
notifications and webhook events, and commits once. Who may act is decided before, by the
routes, through auth/permissions.py.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from actionplan.actions import rules
from actionplan.actions.models import Action, ActionStatus, Milestone, ProgressNote, Reschedule, StatusChange
from actionplan.actions.service import get_action as public_action
from actionplan.audit import service as audit
from actionplan.auth.permissions import ACTION_OWNER_ROLES, Principal
from actionplan.core.errors import Conflict, Invalid, NotFound, body_field
from actionplan.core.etag import PreconditionFailed
from actionplan.core.types import utcnow
from actionplan.core.words import STATUS_WORDS
from actionplan.evidence.models import Evidence, EvidenceLink
from actionplan.notifications import service as notify
from actionplan.plans.service import check_assignee
from actionplan.webhooks.outbox import emit


@dataclass(frozen=True)
class Decider:
    """Who decides: the signed-in user, or a cover deciding in an approver's name."""

    user: Principal
    on_behalf_of: Principal | None = None


def _claim(session: Session, model, object_id: int, read_version: int, **values):
    """Bumps the version only if it is still the one the caller read; on PostgreSQL this also
    locks the row until commit, so concurrent claims queue and all but the first fail."""
    result = session.execute(update(model).where(model.id == object_id, model.version == read_version)
                             .values(version=model.version + 1, **values))
    if result.rowcount != 1:
        raise PreconditionFailed("Someone changed this since you read it. Reload it, check the change, then try again.")
    return session.get(model, object_id, populate_existing=True)


def claim_action(session: Session, action_id: int, read_version: int) -> Action:
    return _claim(session, Action, action_id, read_version, updated_at=utcnow())


def _snapshot(change: StatusChange) -> dict:
    return {"state": change.state, "to_status": change.to_status, "commentary": change.commentary,
            "exception_reason": change.exception_reason, "exception_mitigation": change.exception_mitigation,
            "revised_due_on": change.revised_due_on.isoformat() if change.revised_due_on else None}


def _pending(session: Session, model, action_id: int):
    return session.exec(select(model).where(model.action_id == action_id, model.state == "pending")).first()


def _flush_pending(session: Session, conflict: Conflict) -> None:
    """Writes a row that is now pending. The database keeps one pending per action (a partial unique
    index, the only constraint these rows can break), so of two requests that both passed the check
    above, the second is refused here rather than leaving two waiting."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise conflict from None


def propose_status_change(session: Session, actor: Principal, action_id: int, read_version: int,
                          to_status: ActionStatus, commentary: str, exception_reason: str | None,
                          exception_mitigation: str | None, revised_due_on: dt.date | None,
                          today: dt.date) -> StatusChange:
    action = claim_action(session, action_id, read_version)
    rules.check_proposal(action.status, to_status, commentary, exception_reason, exception_mitigation,
                         revised_due_on, today)
    rules.check_blue_evidence(to_status, _accepted_evidence(session, action.id))
    if pending := _pending(session, StatusChange, action.id):
        raise Conflict(f"Action {action.ref} already has a proposal to make it {STATUS_WORDS[pending.to_status]} "
                       "waiting for a decision; withdraw it or wait for the decision.", code="proposal_pending")
    change = StatusChange(action_id=action.id, from_status=action.status, to_status=to_status,
                          commentary=commentary.strip(), exception_reason=exception_reason,
                          exception_mitigation=exception_mitigation, revised_due_on=revised_due_on,
                          proposed_by_id=actor.id)
    session.add(change)
    _flush_pending(session, Conflict(f"Action {action.ref} already has a proposal waiting for a decision; "
                                     "withdraw it or wait for the decision.", code="proposal_pending"))
    audit.record(session, actor, "proposal.create", "status_change", change.id, after=_snapshot(change))
    notify.proposal_submitted(session, action, change)
    session.commit()
    session.refresh(change)
    return change


def withdraw_proposal(session: Session, actor: Principal, change_id: int, read_version: int) -> StatusChange:
    change = _claim(session, StatusChange, change_id, read_version)
    if change.state not in {"pending", "returned"}:
        raise Conflict(f"The proposal is {change.state}; only a pending or returned one can be withdrawn.",
                       code="proposal_closed")
    before = _snapshot(change)
    change.state = "withdrawn"
    audit.record(session, actor, "proposal.withdraw", "status_change", change.id, before=before,
                 after=_snapshot(change))
    session.commit()
    session.refresh(change)
    return change


def resubmit_proposal(session: Session, actor: Principal, change_id: int, read_version: int, commentary: str,
                      exception_reason: str | None, exception_mitigation: str | None,
                      revised_due_on: dt.date | None, today: dt.date) -> StatusChange:
    change = _claim(session, StatusChange, change_id, read_version)
    if change.state != "returned":
        raise Conflict(f"The proposal is {change.state}; only a returned one can be resubmitted.",
                       code="proposal_not_returned")
    action = session.get(Action, change.action_id)
    rules.check_proposal(action.status, ActionStatus(change.to_status), commentary, exception_reason,
                         exception_mitigation, revised_due_on, today)
    rules.check_blue_evidence(change.to_status, _accepted_evidence(session, action.id))
    conflict = Conflict(f"Action {action.ref} has another proposal waiting for a decision, made after this one "
                        "was returned; withdraw one of them first.", code="proposal_pending")
    if _pending(session, StatusChange, action.id):
        raise conflict
    before = _snapshot(change)
    change.state, change.commentary = "pending", commentary.strip()
    change.exception_reason, change.exception_mitigation = exception_reason, exception_mitigation
    change.revised_due_on = revised_due_on
    _flush_pending(session, conflict)
    audit.record(session, actor, "proposal.resubmit", "status_change", change.id, before=before,
                 after=_snapshot(change))
    notify.proposal_submitted(session, action, change)
    session.commit()
    session.refresh(change)
    return change


def _accepted_evidence(session: Session, action_id: int) -> int:
    return session.exec(select(func.count()).select_from(EvidenceLink)
                        .join(Evidence, col(Evidence.id) == EvidenceLink.evidence_id)
                        .where(EvidenceLink.action_id == action_id, Evidence.state == "accepted")).one()


def decide_proposal(session: Session, decider: Decider, change_id: int, read_version: int, decision: str,
                    note: str | None) -> StatusChange:
    """decision: approve, reject (with a reason) or return (for more information)."""
    change = _claim(session, StatusChange, change_id, read_version)
    if change.state != "pending":
        raise Conflict(f"The proposal is {change.state}; only a pending one can be decided.", code="proposal_closed")
    if decision in {"reject", "return"} and not (note or "").strip():
        raise Invalid("Say why, so the proposer knows what to do.", code="note_required",
                      errors=[body_field("note", "Give a reason")])
    action = session.get(Action, change.action_id)
    if decision == "approve":
        rules.check_blue_evidence(change.to_status, _accepted_evidence(session, action.id))
        if action.status != change.from_status:
            raise Conflict(f"The action's status changed to {action.status} after this proposal was made; "
                           "return it so it can be proposed again.", code="status_moved")
    before = _snapshot(change)
    now = utcnow()
    change.state = {"approve": "approved", "reject": "rejected", "return": "returned"}[decision]
    change.decided_by_id = decider.user.id
    change.on_behalf_of_id = decider.on_behalf_of.id if decider.on_behalf_of else None
    change.decided_at, change.decision_note = now, (note or "").strip() or None
    if decision == "approve":
        action = claim_action(session, action.id, action.version)
        action.status = change.to_status
        if change.to_status == ActionStatus.red and change.revised_due_on and change.revised_due_on != action.due_on:
            # The Red's revised date is a re-schedule approved by the same decision.
            _apply_reschedule(session, decider, action, Reschedule(
                action_id=action.id, from_due_on=action.due_on, to_due_on=change.revised_due_on,
                reason=change.exception_reason or "", proposed_by_id=change.proposed_by_id,
                proposed_at=change.proposed_at), now)
        session.flush()
        emit(session, "status.approved", {
            "action": public_action(session, action).model_dump(mode="json"),
            "change": {"id": change.id, "from": change.from_status, "to": change.to_status,
                       "commentary": change.commentary, "decided_at": now.isoformat()}}, action.plan_id)
    audit.record(session, decider.user, f"proposal.{decision}", "status_change", change.id, before=before,
                 after={**_snapshot(change), "on_behalf_of_id": change.on_behalf_of_id})
    notify.proposal_decided(session, action, change)
    session.commit()
    session.refresh(change)
    return change


def _apply_reschedule(session: Session, decider: Decider, action: Action, reschedule: Reschedule,
                      now: dt.datetime) -> None:
    reschedule.state = "approved"
    reschedule.decided_by_id = decider.user.id
    reschedule.on_behalf_of_id = decider.on_behalf_of.id if decider.on_behalf_of else None
    reschedule.decided_at = now
    session.add(reschedule)
    session.flush()
    audit.record(session, decider.user, "action.reschedule", "action", action.id,
                 before={"due_on": action.due_on.isoformat() if action.due_on else None},
                 after={"due_on": reschedule.to_due_on.isoformat(), "reschedule_id": reschedule.id})
    action.due_on = reschedule.to_due_on


def request_reschedule(session: Session, actor: Principal, action_id: int, read_version: int,
                       to_due_on: dt.date, reason: str, today: dt.date) -> Reschedule:
    action = claim_action(session, action_id, read_version)
    rules.check_reschedule(action.due_on, to_due_on, reason, today)
    conflict = Conflict(f"Action {action.ref} already has a new date waiting for a decision.",
                        code="reschedule_pending")
    if _pending(session, Reschedule, action.id):
        raise conflict
    reschedule = Reschedule(action_id=action.id, from_due_on=action.due_on, to_due_on=to_due_on,
                            reason=reason.strip(), proposed_by_id=actor.id)
    session.add(reschedule)
    _flush_pending(session, conflict)
    audit.record(session, actor, "reschedule.create", "reschedule", reschedule.id,
                 after={"to_due_on": to_due_on.isoformat(), "reason": reschedule.reason})
    notify.reschedule_requested(session, action, reschedule)
    session.commit()
    session.refresh(reschedule)
    return reschedule


def decide_reschedule(session: Session, decider: Decider, reschedule_id: int, read_version: int,
                      decision: str, note: str | None) -> Reschedule:
    reschedule = _claim(session, Reschedule, reschedule_id, read_version)
    if reschedule.state != "pending":
        raise Conflict(f"The request is {reschedule.state}; only a pending one can be decided.",
                       code="reschedule_closed")
    now = utcnow()
    reschedule.decision_note = (note or "").strip() or None
    if decision == "approve":
        action = session.get(Action, reschedule.action_id)
        action = claim_action(session, action.id, action.version)
        _apply_reschedule(session, decider, action, reschedule, now)
    else:
        reschedule.state = "rejected"
        reschedule.decided_by_id, reschedule.decided_at = decider.user.id, now
        reschedule.on_behalf_of_id = decider.on_behalf_of.id if decider.on_behalf_of else None
        audit.record(session, decider.user, "reschedule.reject", "reschedule", reschedule.id,
                     after={"note": reschedule.decision_note})
    notify.reschedule_decided(session, session.get(Action, reschedule.action_id), reschedule)
    session.commit()
    session.refresh(reschedule)
    return reschedule


def record_progress(session: Session, actor: Principal, action_id: int, read_version: int, text: str) -> ProgressNote:
    action = claim_action(session, action_id, read_version)
    if not text.strip():
        raise Invalid("Write what progress has been made.", code="empty_note",
                            errors=[body_field("text", "Cannot be empty")])
    note = ProgressNote(action_id=action.id, author_id=actor.id, text=text.strip())
    session.add(note)
    session.flush()
    audit.record(session, actor, "action.progress", "progress_note", note.id, after={"text": note.text})
    session.commit()
    session.refresh(note)
    return note


def record_milestone_met(session: Session, actor: Principal, action_id: int, read_version: int, milestone_id: int,
                         met_on: dt.date, note: str, today: dt.date) -> Action:
    """Someone who works on the action records a milestone (an occurrence of a repeating target) met,
    with a note. Once: what the plan states met, or someone recorded, is not recorded again."""
    milestone = session.get(Milestone, milestone_id)
    if milestone is None or milestone.action_id != action_id:
        raise NotFound(f"Action {action_id} has no milestone {milestone_id}.")
    if met_on > today:
        raise Invalid("met_on: a milestone cannot be met on a day still to come.", code="met_in_future",
                      errors=[body_field("met_on", "Must be today or earlier")])
    if milestone.met_on is not None or milestone.met_recorded_on is not None:
        raise Conflict("This milestone is already recorded as met.", code="milestone_already_met")
    action = claim_action(session, action_id, read_version)
    milestone.met_recorded_on, milestone.met_note = met_on, note.strip()
    milestone.met_by_id, milestone.met_recorded_at = actor.id, utcnow()
    session.add(milestone)
    audit.record(session, actor, "milestone.met", "milestone", milestone.id,
                 after={"action_id": action_id, "due_on": milestone.due_on.isoformat(), "met_on": met_on.isoformat(),
                        "note": milestone.met_note, "recurring": milestone.recurring})
    session.commit()
    session.refresh(action)
    return action


def assign_action_owner(session: Session, actor, action: Action, read_version: int, owner_id: int | None) -> Action:
    check_assignee(session, owner_id, ACTION_OWNER_ROLES, "owner_id", "an action owner")
    if action.owner_id == owner_id:
        return action
    action = claim_action(session, action.id, read_version)
    audit.record(session, actor, "action.assign_owner", "action", action.id,
                 before={"owner_id": action.owner_id}, after={"owner_id": owner_id})
    action.owner_id = owner_id
    session.add(action)
    session.commit()
    session.refresh(action)
    return action
