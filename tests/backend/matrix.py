"""The machinery of the authorisation matrix: the objects, the callers, the expected answer.

Each domain's test_authorisation_matrix*.py lists its operations as OPS; the expected
answer of every cell comes from auth/permissions.check() on the real objects.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlmodel import Session

from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action
from actionplan.auth import service as access
from actionplan.auth.deps import principal_for, service_principal
from actionplan.core.etag import make_etag
from actionplan.auth.permissions import AreaRef, Perm, PlanRef, Principal, check
from tests.backend.builders import action, haringey, user
from tests.backend.conftest import DEMO_EMAILS

CALLERS = [*DEMO_EMAILS, "service_token"]


@dataclass
class World:
    plan_id: int
    own_action: int       # 1.4: owned by the demo owner, in area 1 (led by the demo HoS)
    other_action: int     # 6.1: nobody's, in area 6 (no lead)
    led_area: int
    other_area: int
    grant_id: int
    token_id: int
    inspector_id: int
    owner_id: int
    hos_id: int


def make_world(session: Session) -> World:
    plan = haringey(session)
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    inspector = user(session, DEMO_EMAILS["inspector"])
    grant = access.grant_inspector(session, director, plan.id, inspector.id, dt.date(2099, 6, 30), dt.date.today())
    token, _ = access.create_service_token(session, director, "performance system", None, None, 30)
    return World(plan_id=plan.id, own_action=action(session, "1.4").id, other_action=action(session, "6.1").id,
                 led_area=action(session, "1.1").area_id, other_area=action(session, "6.1").area_id,
                 grant_id=grant.id, token_id=token.id, inspector_id=inspector.id,
                 owner_id=user(session, DEMO_EMAILS["action_owner"]).id,
                 hos_id=user(session, DEMO_EMAILS["head_of_service"]).id)


@dataclass
class Op:
    name: str
    method: str
    path: Callable[[World], str]
    perm: Perm | None                       # None: any signed-in user (not a service token)
    obj: Callable[[Session, World], object] = lambda s, w: None
    body: Callable[[World], dict] | None = None
    ok: int = 200
    headers: Callable[[Session, World], dict] | None = None  # e.g. the If-Match a change needs
    # Where the answer depends on more than one permission (a personal object, a pending item),
    # the expected status is stated here from the rules module's other functions.
    expect: Callable[[Principal, Session, World], int] | None = None


def if_match_action(attr: str):
    """The If-Match header for the action named by `attr`, as a client that just read it sends."""
    def headers(s: Session, w: World) -> dict:
        found = s.get(Action, getattr(w, attr))
        return {"If-Match": make_etag("action", found.id, found.version)}
    return headers


def send(client, op: Op, session: Session, world: World, headers: dict):
    extra = op.headers(session, world) if op.headers else {}
    return client.request(op.method, op.path(world), json=op.body(world) if op.body else None,
                          headers={**headers, **extra})



def action_obj(attr):
    return lambda s, w: action_ref(s.get(Action, getattr(w, attr)))


def area_obj(attr):
    return lambda s, w: AreaRef(plan_id=w.plan_id, id=getattr(w, attr))


def plan_obj(s, w):
    return PlanRef(w.plan_id)




def caller_headers(session: Session, world: World, caller: str, auth) -> tuple[dict, Principal]:
    if caller == "service_token":
        director = principal_for(session, user(session, DEMO_EMAILS["director"]))
        row, secret = access.create_service_token(session, director, "matrix", None, None, 30)
        return {"Authorization": f"Bearer {secret}"}, service_principal(session, secret)
    who = user(session, DEMO_EMAILS[caller])
    return auth(who), principal_for(session, who)


def assert_cell(op: Op, caller: str, client, session: Session, world, auth) -> None:
    """One cell of a matrix: the caller gets what the rules module says, as problem+json when refused."""
    headers, principal = caller_headers(session, world, caller, auth)
    expected = expected_status(op, principal, session, world)
    response = send(client, op, session, world, headers)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"


def expected_status(op: Op, principal: Principal, session: Session, world: World) -> int:
    if op.expect is not None:
        return op.expect(principal, session, world)
    if op.perm is None:
        return 404 if principal.is_service else op.ok
    denied = check(principal, op.perm, op.obj(session, world))
    if denied is None:
        return op.ok
    return 403 if denied.visible else 404


