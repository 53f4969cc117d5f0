"""Every API operation × every kind of caller × own/other object, against the rules module.

The expected answer for each cell comes from auth/permissions.check() on the real objects
(so routes cannot drift from the rules), and tests/backend/unit/test_permissions.py checks
those rules against the issue's own words.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pytest
from sqlmodel import Session

from actionplan.actions.deps import action_ref
from actionplan.auth import service as access
from actionplan.auth.deps import principal_for
from actionplan.auth.permissions import AreaRef, Perm, PlanRef, Principal, check
from actionplan.plans.models import Area
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


@pytest.fixture
def world(session: Session) -> World:
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


def _action(attr):
    return lambda s, w: action_ref(s.get(__import__("actionplan.actions.models", fromlist=["Action"]).Action,
                                         getattr(w, attr)))


def _area(attr):
    return lambda s, w: AreaRef(plan_id=w.plan_id, id=getattr(w, attr))


def _plan(s, w):
    return PlanRef(w.plan_id)


OPS = [
    Op("list plans", "GET", lambda w: "/api/v1/plans", Perm.plan_read),
    Op("get plan", "GET", lambda w: f"/api/v1/plans/{w.plan_id}", Perm.plan_read, _plan),
    Op("list areas", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/areas", Perm.plan_read, _plan),
    Op("get led area", "GET", lambda w: f"/api/v1/areas/{w.led_area}", Perm.plan_read, _area("led_area")),
    Op("get other area", "GET", lambda w: f"/api/v1/areas/{w.other_area}", Perm.plan_read, _area("other_area")),
    Op("list actions", "GET", lambda w: "/api/v1/actions", Perm.plan_read),
    Op("get own action", "GET", lambda w: f"/api/v1/actions/{w.own_action}", Perm.plan_read, _action("own_action")),
    Op("get other action", "GET", lambda w: f"/api/v1/actions/{w.other_action}", Perm.plan_read,
       _action("other_action")),
    Op("assign owner of own action", "PUT", lambda w: f"/api/v1/actions/{w.own_action}/owner",
       Perm.action_assign_owner, _action("own_action"), lambda w: {"owner_id": w.hos_id}),
    Op("assign owner of other action", "PUT", lambda w: f"/api/v1/actions/{w.other_action}/owner",
       Perm.action_assign_owner, _action("other_action"), lambda w: {"owner_id": w.owner_id}),
    Op("set lead of led area", "PUT", lambda w: f"/api/v1/areas/{w.led_area}/lead", Perm.area_assign_lead,
       _area("led_area"), lambda w: {"lead_id": None}),
    Op("set lead of other area", "PUT", lambda w: f"/api/v1/areas/{w.other_area}/lead", Perm.area_assign_lead,
       _area("other_area"), lambda w: {"lead_id": w.hos_id}),
    Op("publish plan", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/publish", Perm.plan_publish, _plan),
    Op("list inspector grants", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/inspector-grants",
       Perm.inspector_grant, _plan),
    Op("grant inspector", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/inspector-grants", Perm.inspector_grant,
       _plan, lambda w: {"inspector_id": w.inspector_id, "expires_on": "2099-12-31"}, ok=409),
    Op("revoke inspector grant", "DELETE", lambda w: f"/api/v1/inspector-grants/{w.grant_id}",
       Perm.inspector_grant, _plan),
    Op("list inspector reads", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/inspector-reads",
       Perm.inspector_grant, _plan),
    Op("list users", "GET", lambda w: "/api/v1/users", Perm.user_list),
    Op("create user", "POST", lambda w: "/api/v1/users", Perm.user_manage,
       body=lambda w: {"email": "new.officer@council.example", "role": "action_owner",
                       "password": "a long enough password"}, ok=201),
    Op("update user", "PATCH", lambda w: f"/api/v1/users/{w.owner_id}", Perm.user_manage,
       body=lambda w: {"name": "Amara O."}),
    Op("list service tokens", "GET", lambda w: "/api/v1/service-tokens", Perm.token_manage),
    Op("create service token", "POST", lambda w: "/api/v1/service-tokens", Perm.token_manage,
       body=lambda w: {"name": "data warehouse"}, ok=201),
    Op("revoke service token", "DELETE", lambda w: f"/api/v1/service-tokens/{w.token_id}", Perm.token_manage),
    Op("read me", "GET", lambda w: "/api/v1/users/me", None),
]


def _caller(session: Session, app, world: World, caller: str, auth) -> tuple[dict, Principal]:
    if caller == "service_token":
        director = principal_for(session, user(session, DEMO_EMAILS["director"]))
        row, secret = access.create_service_token(session, director, "matrix", None, None, 30)
        return {"Authorization": f"Bearer {secret}"}, Principal(id=row.id, role=None, service_scopes=("plans:read",))
    who = user(session, DEMO_EMAILS[caller])
    return auth(who), principal_for(session, who)


def _expected(op: Op, principal: Principal, session: Session, world: World) -> int:
    if op.perm is None:
        return 404 if principal.is_service else op.ok
    denied = check(principal, op.perm, op.obj(session, world))
    if denied is None:
        return op.ok
    return 403 if denied.visible else 404


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, app, world, auth):
    headers, principal = _caller(session, app, world, caller, auth)
    expected = _expected(op, principal, session, world)
    body = op.body(world) if op.body else None
    response = client.request(op.method, op.path(world), json=body, headers=headers)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, world):
    response = client.request(op.method, op.path(world), json=op.body(world) if op.body else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_matrix_covers_every_operation_of_the_api(app):
    """A new route must be added to OPS (or to the public list) to pass."""
    public = {("GET", "/api/v1/health"), ("GET", "/api/v1/ready"), ("POST", "/api/v1/auth/token"),
              ("POST", "/api/v1/users/me/password")}  # the last: tested in test_auth (own account only)
    routes = {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}
    world = World(*(["{id}"] * 10))
    covered = {(op.method, _template(op.path(world))) for op in OPS}
    assert {(m, _template(p)) for m, p in routes} - covered - public == set()


def _template(path: str) -> str:
    import re

    return re.sub(r"\{[^}]+\}", "{}", path)
