"""The rules of an action's status, pure (no I/O): what a proposal must carry, and what an
approval needs. Who may do it is auth/permissions.py's business, not this module's."""

import datetime as dt

from actionplan.actions.models import ActionStatus
from actionplan.core.errors import Conflict, Invalid, body_field

RED, BLUE = ActionStatus.red, ActionStatus.blue


def check_proposal(current: str, to_status: ActionStatus, commentary: str, exception_reason: str | None,
                   exception_mitigation: str | None, revised_due_on: dt.date | None, today: dt.date) -> None:
    """Red is "not on track – exceptional reporting required": it needs the reason, the
    mitigating actions and a revised date. Every proposal needs a commentary."""
    errors = []
    if to_status == current:
        errors.append(body_field("to_status", f"The action is already {to_status.value.replace('_', ' ')}"))
    if not commentary.strip():
        errors.append(body_field("commentary", "Say what has happened"))
    if to_status == RED:
        if not (exception_reason or "").strip():
            errors.append(body_field("exception_reason", "Red needs the reason the action is not on track"))
        if not (exception_mitigation or "").strip():
            errors.append(body_field("exception_mitigation", "Red needs the mitigating actions"))
        if revised_due_on is None:
            errors.append(body_field("revised_due_on", "Red needs a revised date"))
        elif revised_due_on < today:
            errors.append(body_field("revised_due_on", "The revised date must be today or later"))
    elif any(v for v in (exception_reason, exception_mitigation, revised_due_on)):
        errors.append(body_field("exception_reason", "An exception report goes only with a Red proposal"))
    if errors:
        raise Invalid(errors[0]["msg"] + ("" if len(errors) == 1 else f" (and {len(errors) - 1} more)"),
                      code="invalid_proposal", errors=errors)


def check_blue_evidence(to_status: str, accepted_evidence: int) -> None:
    """Blue ("achieved") needs at least one accepted evidence item behind it: checked when it is
    proposed (so nobody waits on a decision that cannot be made) and again when it is approved."""
    if to_status == BLUE and accepted_evidence == 0:
        raise Conflict("Blue needs at least one accepted evidence item on the action. Upload evidence and get it "
                       "accepted first, then propose Blue.", code="blue_needs_evidence")


def check_reschedule(current_due: dt.date | None, to_due_on: dt.date, reason: str, today: dt.date) -> None:
    errors = []
    if to_due_on == current_due:
        errors.append(body_field("to_due_on", "That is the current due date"))
    if to_due_on < today:
        errors.append(body_field("to_due_on", "The new date must be today or later"))
    if not reason.strip():
        errors.append(body_field("reason", "Give the reason for the new date"))
    if errors:
        raise Invalid(errors[0]["msg"], code="invalid_reschedule", errors=errors)
