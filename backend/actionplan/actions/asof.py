"""Reading actions as they stood: now, or as approved at a past moment ("as at 31 March").

Statuses and due dates are never overwritten: the status at a moment is the last approved
StatusChange decided by then; the due date is the last approved Reschedule by then, or the
date as planned. Both are SQL expressions, so lists, counts and filters stay one query
whatever the moment.
"""

import datetime as dt

from sqlalchemy import func, literal
from sqlmodel import col, select

from actionplan.actions.models import Action, Reschedule, StatusChange
from actionplan.core.clock import COUNCIL_TZ, council_today


def _latest(model, value_column, at: dt.datetime):
    """The value of the last approved row per action by `at`, as a correlated subquery: one
    index seek per action (action_id, decided_at), however long the history grows."""
    return (select(value_column).where(model.action_id == Action.id, model.state == "approved",
                                       col(model.decided_at) <= at)
            .order_by(col(model.decided_at).desc(), col(model.id).desc()).limit(1)
            .correlate(Action).scalar_subquery())


class ActionView:
    """The status and due date of actions as they stood at `at` (None: now), as SQL expressions.

    Every action of the plan is listed, even one recorded after the moment read (it was not
    started then): a plan is often entered after it was agreed, and the board asks about the
    plan as agreed."""

    def __init__(self, at: dt.datetime | None = None):
        self.at = at
        if at is None:
            self.status, self.due = Action.status, Action.due_on
            return
        self.status = func.coalesce(_latest(StatusChange, StatusChange.to_status, at), literal("not_started"))
        self.due = func.coalesce(_latest(Reschedule, Reschedule.to_due_on, at), Action.original_due_on)

    @property
    def today(self) -> dt.date:
        """The day overdue is judged on."""
        return self.at.astimezone(COUNCIL_TZ).date() if self.at else council_today()


def parse_as_of(value: str | None) -> dt.datetime | None:
    """'2019-03-31' means the end of that day in London; a timestamp must carry its zone."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("give a date (YYYY-MM-DD) or a timestamp with its zone") from None
        return moment.astimezone(dt.UTC)
    end_of_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=COUNCIL_TZ)
    return end_of_day.astimezone(dt.UTC) - dt.timedelta(microseconds=1)
