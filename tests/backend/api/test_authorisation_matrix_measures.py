"""The measure operations in the authorisation matrix: every caller × own/other action's measures and
readings, plus a service token with `measures:write`. The expected answer comes from
auth/permissions.check() on the measure's action. The plan is published and granted to the demo
inspector here, so inspectors read measures (and may change nothing)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from actionplan.auth import service as access
from actionplan.auth.deps import principal_for, service_principal
from actionplan.core.etag import make_etag
from actionplan.core.types import utcnow
from actionplan.measures.models import Measure, MeasureReading
from actionplan.plans.models import Plan
from actionplan.auth.permissions import Perm
from tests.backend.builders import user
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.matrix import CALLERS, Op, World, action_obj, area_obj, caller_headers, expected_status, make_world, plan_obj, send


@dataclass
class MeasureWorld(World):
    own_measure: int = 0      # 1.4's, from the seed (the owner's action, in the area the HoS leads)
    other_measure: int = 0    # on 6.1 (nobody's, in an area without a lead)
    own_reading: int = 0
    other_reading: int = 0
    led_area_measure: int = 0     # of area 1 as a whole (the HoS leads it; the owner owns 1.4 in it)
    other_area_measure: int = 0   # of area 6 as a whole (no lead)
    led_area_reading: int = 0
    other_area_reading: int = 0


def _reading(session: Session, measure_id: int, by: int) -> int:
    row = MeasureReading(measure_id=measure_id, taken_on=dt.date(2019, 5, 31), value=44, recorded_by_id=by,
                         recorded_by_label="matrix")
    session.add(row)
    session.flush()
    row.entry_id = row.id
    return row.id


@pytest.fixture
def world(session) -> MeasureWorld:
    base = make_world(session)
    session.get(Plan, base.plan_id).published_at = utcnow()  # so the inspector's grant is live
    own = session.exec(select(Measure).where(Measure.action_id == base.own_action)).one()
    other = Measure(action_id=base.other_action, area_id=base.other_area, name="Placements reviewed on time",
                    unit="percent")
    led_area = Measure(area_id=base.led_area, name="Re-referrals within 12 months", unit="percent")
    other_area = Measure(area_id=base.other_area, name="Care leavers in touch", unit="percent")
    session.add_all([other, led_area, other_area])
    session.flush()
    world = MeasureWorld(**vars(base), own_measure=own.id, other_measure=other.id,
                         own_reading=_reading(session, own.id, base.owner_id),
                         other_reading=_reading(session, other.id, base.hos_id),
                         led_area_measure=led_area.id, other_area_measure=other_area.id,
                         led_area_reading=_reading(session, led_area.id, base.hos_id),
                         other_area_reading=_reading(session, other_area.id, base.hos_id))
    session.commit()
    return world


def if_match(kind: str, attr: str):
    def headers(s: Session, w: MeasureWorld) -> dict:
        if kind == "measure":
            found = s.get(Measure, getattr(w, attr))
            return {"If-Match": make_etag("measure", found.id, found.version)}
        found = s.get(MeasureReading, getattr(w, attr))
        return {"If-Match": make_etag("reading", found.entry_id, found.version_no)}
    return headers


def measure_of(attr: str):
    if attr.endswith("area"):
        return area_obj(attr)
    return action_obj("own_action" if attr.startswith("own") else "other_action")


MEASURE = {"name": "Children seen within 10 days", "unit": "percent", "targets": [{"value": 90, "due_on": "2019-09-30"}]}
READING = {"value": 52, "taken_on": "2019-06-30", "source": "Mosaic"}
CORRECTION = {"value": 45, "taken_on": "2019-05-31", "reason": "Recounted"}

OPS = [
    Op("list own action's measures", "GET", lambda w: f"/api/v1/actions/{w.own_action}/measures", Perm.plan_read,
       action_obj("own_action")),
    Op("list other action's measures", "GET", lambda w: f"/api/v1/actions/{w.other_action}/measures", Perm.plan_read,
       action_obj("other_action")),
    Op("list plan's measures", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/measures", Perm.plan_read, plan_obj),
    Op("get own measure", "GET", lambda w: f"/api/v1/measures/{w.own_measure}", Perm.plan_read, measure_of("own")),
    Op("get other measure", "GET", lambda w: f"/api/v1/measures/{w.other_measure}", Perm.plan_read,
       measure_of("other")),
    Op("define measure on own action", "POST", lambda w: f"/api/v1/actions/{w.own_action}/measures",
       Perm.measure_manage, action_obj("own_action"), lambda w: MEASURE, ok=201),
    Op("define measure on other action", "POST", lambda w: f"/api/v1/actions/{w.other_action}/measures",
       Perm.measure_manage, action_obj("other_action"), lambda w: MEASURE, ok=201),
    Op("change own measure", "PATCH", lambda w: f"/api/v1/measures/{w.own_measure}", Perm.measure_manage,
       measure_of("own"), lambda w: {"tolerance": 3}, headers=if_match("measure", "own_measure")),
    Op("change other measure", "PATCH", lambda w: f"/api/v1/measures/{w.other_measure}", Perm.measure_manage,
       measure_of("other"), lambda w: {"tolerance": 3}, headers=if_match("measure", "other_measure")),
    Op("enter reading on own measure", "POST", lambda w: f"/api/v1/measures/{w.own_measure}/readings",
       Perm.measure_record, measure_of("own"), lambda w: READING, ok=201),
    Op("enter reading on other measure", "POST", lambda w: f"/api/v1/measures/{w.other_measure}/readings",
       Perm.measure_record, measure_of("other"), lambda w: READING, ok=201),
    Op("get own reading", "GET", lambda w: f"/api/v1/measure-readings/{w.own_reading}", Perm.plan_read,
       measure_of("own")),
    Op("get other reading", "GET", lambda w: f"/api/v1/measure-readings/{w.other_reading}", Perm.plan_read,
       measure_of("other")),
    Op("correct own reading", "POST", lambda w: f"/api/v1/measure-readings/{w.own_reading}/corrections",
       Perm.measure_record, measure_of("own"), lambda w: CORRECTION, headers=if_match("reading", "own_reading")),
    Op("correct other reading", "POST", lambda w: f"/api/v1/measure-readings/{w.other_reading}/corrections",
       Perm.measure_record, measure_of("other"), lambda w: CORRECTION, headers=if_match("reading", "other_reading")),
]
# An area's own measures: its lead and above manage and record them; everyone who reads the plan reads them
# (owners of the area's actions among them); owning an action in the area gives no power over them.
for side in ("led", "other"):
    area, measure, reading = f"{side}_area", f"{side}_area_measure", f"{side}_area_reading"
    OPS += [
        Op(f"list {side} area's measures", "GET", lambda w, a=area: f"/api/v1/areas/{getattr(w, a)}/measures",
           Perm.plan_read, area_obj(area)),
        Op(f"define measure on {side} area", "POST", lambda w, a=area: f"/api/v1/areas/{getattr(w, a)}/measures",
           Perm.measure_manage, area_obj(area), lambda w: MEASURE, ok=201),
        Op(f"get {side} area's measure", "GET", lambda w, m=measure: f"/api/v1/measures/{getattr(w, m)}",
           Perm.plan_read, area_obj(area)),
        Op(f"change {side} area's measure", "PATCH", lambda w, m=measure: f"/api/v1/measures/{getattr(w, m)}",
           Perm.measure_manage, area_obj(area), lambda w: {"tolerance": 3}, headers=if_match("measure", measure)),
        Op(f"enter reading on {side} area's measure", "POST",
           lambda w, m=measure: f"/api/v1/measures/{getattr(w, m)}/readings", Perm.measure_record, area_obj(area),
           lambda w: READING, ok=201),
        Op(f"correct reading of {side} area's measure", "POST",
           lambda w, r=reading: f"/api/v1/measure-readings/{getattr(w, r)}/corrections", Perm.measure_record,
           area_obj(area), lambda w: CORRECTION, headers=if_match("reading", reading)),
    ]


def headers_of(session: Session, world: MeasureWorld, caller: str, auth):
    if caller == "measures_token":
        director = principal_for(session, user(session, DEMO_EMAILS["director"]))
        _, secret = access.create_service_token(session, director, "performance system", ["measures:write"], None, 30)
        return {"Authorization": f"Bearer {secret}"}, service_principal(session, secret)
    return caller_headers(session, world, caller, auth)


@pytest.mark.parametrize("caller", [*CALLERS, "measures_token"])
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    headers, principal = headers_of(session, world, caller, auth)
    expected = expected_status(op, principal, session, world)
    response = send(client, op, session, world, headers)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    response = send(client, op, session, world, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
