"""Loading actions for a caller: missing and invisible look the same (404)."""

from sqlalchemy import Row
from sqlmodel import Session

from actionplan.actions.models import Action
from actionplan.auth.deps import authorize
from actionplan.auth.permissions import ActionRef, Perm, Principal, sees_decision_state
from actionplan.core.errors import NotFound


def action_ref(action: Action | Row) -> ActionRef:
    return ActionRef(plan_id=action.plan_id, area_id=action.area_id, owner_id=action.owner_id)


def action_for(session: Session, principal: Principal, action_id: int, perm: Perm = Perm.plan_read) -> Action:
    action = session.get(Action, action_id)
    missing = f"There is no action {action_id}."
    if action is None:
        raise NotFound(missing)
    authorize(principal, perm, action_ref(action), not_found=missing)
    return action


def pending_item_for(session: Session, principal: Principal, model, item_id: int, noun: str):
    """A proposal (StatusChange) or a Reschedule, with its action. Inspectors and service tokens
    see only approved ones: anything else is answered as missing."""
    item = session.get(model, item_id)
    missing = f"There is no {noun} {item_id}."
    if item is None:
        raise NotFound(missing)
    action = session.get(Action, item.action_id)
    authorize(principal, Perm.plan_read, action_ref(action), not_found=missing)
    if not sees_decision_state(principal, item.state):
        raise NotFound(missing)
    return item, action
