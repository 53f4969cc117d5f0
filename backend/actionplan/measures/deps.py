"""Loading measures and readings for a caller: missing and invisible look the same (404)."""

from sqlmodel import Session

from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action
from actionplan.auth.deps import authorize
from actionplan.auth.permissions import ActionRef, AreaRef, Perm, Principal
from actionplan.core.errors import NotFound
from actionplan.measures.models import Measure, MeasureReading
from actionplan.measures.service import current_reading
from actionplan.plans.models import Area


def measure_ref(session: Session, measure: Measure) -> ActionRef | AreaRef:
    """What the rules judge a measure by: its action, or its area for an area's own measure."""
    if measure.action_id is not None:
        return action_ref(session.get(Action, measure.action_id))
    area = session.get(Area, measure.area_id)
    return AreaRef(plan_id=area.plan_id, id=area.id)


def measure_for(session: Session, principal: Principal, measure_id: int, perm: Perm = Perm.plan_read) -> Measure:
    measure = session.get(Measure, measure_id)
    missing = f"There is no measure {measure_id}."
    if measure is None:
        raise NotFound(missing)
    authorize(principal, perm, measure_ref(session, measure), not_found=missing)
    return measure


def reading_for(session: Session, principal: Principal, reading_id: int,
                perm: Perm = Perm.plan_read) -> MeasureReading:
    """The current version of a reading (its id is its first version's)."""
    reading = current_reading(session, reading_id)
    missing = f"There is no reading {reading_id}."
    if reading is None:
        raise NotFound(missing)
    authorize(principal, perm, measure_ref(session, session.get(Measure, reading.measure_id)), not_found=missing)
    return reading
