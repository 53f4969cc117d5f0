"""Every API operation × every kind of caller × own/other object, against the rules module.

The expected answer for each cell comes from auth/permissions.check() on the real objects
(so routes cannot drift from the rules), and tests/backend/unit/test_permissions.py checks
those rules against the issue's own words. Other domains add their operations in their own
test_authorisation_matrix_*.py; the coverage test below reads them all.
"""

import importlib
import pkgutil
import re

import pytest

from actionplan.auth.permissions import Perm, check_token_scopes
from tests.backend import api as api_tests
from tests.backend.matrix import (
    CALLERS, Op, World, action_obj, area_obj, assert_cell, if_match_action, make_world, plan_obj, send,
)


@pytest.fixture
def world(session) -> World:
    return make_world(session)


OPS = [
    Op("list plans", "GET", lambda w: "/api/v1/plans", Perm.plan_read),
    Op("get plan", "GET", lambda w: f"/api/v1/plans/{w.plan_id}", Perm.plan_read, plan_obj),
    Op("list areas", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/areas", Perm.plan_read, plan_obj),
    Op("get led area", "GET", lambda w: f"/api/v1/areas/{w.led_area}", Perm.plan_read, area_obj("led_area")),
    Op("get other area", "GET", lambda w: f"/api/v1/areas/{w.other_area}", Perm.plan_read, area_obj("other_area")),
    Op("list actions", "GET", lambda w: "/api/v1/actions", Perm.plan_read),
    Op("get own action", "GET", lambda w: f"/api/v1/actions/{w.own_action}", Perm.plan_read, action_obj("own_action")),
    Op("get other action", "GET", lambda w: f"/api/v1/actions/{w.other_action}", Perm.plan_read,
       action_obj("other_action")),
    Op("assign owner of own action", "PUT", lambda w: f"/api/v1/actions/{w.own_action}/owner",
       Perm.action_assign_owner, action_obj("own_action"), lambda w: {"owner_id": w.hos_id},
       headers=if_match_action("own_action")),
    Op("assign owner of other action", "PUT", lambda w: f"/api/v1/actions/{w.other_action}/owner",
       Perm.action_assign_owner, action_obj("other_action"), lambda w: {"owner_id": w.owner_id},
       headers=if_match_action("other_action")),
    Op("set lead of led area", "PUT", lambda w: f"/api/v1/areas/{w.led_area}/lead", Perm.area_assign_lead,
       area_obj("led_area"), lambda w: {"lead_id": None}),
    Op("set lead of other area", "PUT", lambda w: f"/api/v1/areas/{w.other_area}/lead", Perm.area_assign_lead,
       area_obj("other_area"), lambda w: {"lead_id": w.hos_id}),
    Op("publish plan", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/publish", Perm.plan_publish, plan_obj),
    Op("list inspector grants", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/inspector-grants",
       Perm.inspector_grant, plan_obj),
    Op("grant inspector", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/inspector-grants", Perm.inspector_grant,
       plan_obj, lambda w: {"inspector_id": w.inspector_id, "expires_on": "2099-12-31"}, ok=409),
    Op("revoke inspector grant", "DELETE", lambda w: f"/api/v1/inspector-grants/{w.grant_id}",
       Perm.inspector_grant, plan_obj),
    Op("list inspector reads", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/inspector-reads",
       Perm.inspector_grant, plan_obj),
    Op("list users", "GET", lambda w: "/api/v1/users", Perm.user_list),
    Op("create user", "POST", lambda w: "/api/v1/users", Perm.user_manage,
       body=lambda w: {"email": "new.officer@council.example", "role": "action_owner",
                       "password": "a long enough password"}, ok=201),
    Op("update user", "PATCH", lambda w: f"/api/v1/users/{w.owner_id}", Perm.user_manage,
       body=lambda w: {"name": "Amara O."}),
    Op("list service tokens", "GET", lambda w: "/api/v1/service-tokens", Perm.token_manage),
    Op("create service token", "POST", lambda w: "/api/v1/service-tokens", Perm.token_manage,
       body=lambda w: {"name": "data warehouse"}, ok=201,
       expect=lambda p, s, w: 201 if check_token_scopes(p, ["plans:read"], None) is None else 403),
    Op("revoke service token", "DELETE", lambda w: f"/api/v1/service-tokens/{w.token_id}", Perm.token_manage),
    Op("read me", "GET", lambda w: "/api/v1/users/me", None),
    Op("sign out everywhere", "POST", lambda w: "/api/v1/users/me/sign-out-everywhere", None, ok=204),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    response = send(client, op, session, world, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


# Operations open without a token, or outside the matrix with their own tests.
UNMATRIXED = {("GET", "/api/v1/health"), ("GET", "/api/v1/ready"), ("POST", "/api/v1/auth/token"), ("GET", "/api/v1/auth/config"),
              ("POST", "/api/v1/users/me/password"),  # own account only: tests/backend/api/test_auth.py
              ("GET", "/api/v1/calendar-feeds/{token}.ics")}  # a secret address: tests/backend/api/test_calendar_feeds.py


def _all_ops() -> list[Op]:
    ops = []
    for module in pkgutil.iter_modules(api_tests.__path__):
        if module.name.startswith("test_authorisation_matrix"):
            ops += importlib.import_module(f"tests.backend.api.{module.name}").OPS
    return ops


def test_the_matrix_covers_every_operation_of_the_api(app):
    """A new route must be added to some OPS (or to UNMATRIXED) to pass."""
    routes = {(method.upper(), _template(path)) for path, item in app.openapi()["paths"].items() for method in item}
    world = _Placeholders()
    covered = {(op.method, _template(op.path(world))) for op in _all_ops()}
    assert routes - covered - {(m, _template(p)) for m, p in UNMATRIXED} == set()


class _Placeholders:
    """Stands in for any world (domain files may extend World): every id is a placeholder."""

    def __getattr__(self, _name: str) -> str:
        return "{id}"


def _template(path: str) -> str:
    """The route a path is of: its ids as placeholders, without its query string."""
    return re.sub(r"\{[^}]+\}", "{}", path.partition("?")[0])
