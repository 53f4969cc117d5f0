"""Role-change operations × every kind of caller, against the rules module (issue 10).

The world holds one pending request, made by the demo administrator, to make a new officer
director: only a director who is neither the requester nor that officer may decide it.
"""

from dataclasses import dataclass

import pytest

from actionplan.auth.deps import principal_for
from actionplan.auth.permissions import check_role_change_decision, sees_role_changes
from actionplan.users import service as users
from actionplan.users.models import Role
from tests.backend.builders import user
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.matrix import CALLERS, Op, assert_cell, caller_headers, expected_status


@dataclass
class AdminWorld:
    role_change_id: int
    requester_id: int
    candidate_id: int


@pytest.fixture
def world(session) -> AdminWorld:
    admin = principal_for(session, user(session, DEMO_EMAILS["admin"]))
    candidate = users.add_user(session, admin, "candidate@council.example", Role.action_owner,
                               "a long enough password", "Candidate")
    change = users.update_user(session, admin, candidate, None, Role.director, None)
    return AdminWorld(role_change_id=change.id, requester_id=admin.id, candidate_id=candidate.id)


OPS = [
    Op("list role changes", "GET", lambda w: "/api/v1/role-changes", None,
       expect=lambda p, s, w: 200 if sees_role_changes(p) else 403),
    Op("decide role change", "POST", lambda w: f"/api/v1/role-changes/{w.role_change_id}/decision", None,
       body=lambda w: {"decision": "confirm"},
       expect=lambda p, s, w: 200 if check_role_change_decision(p, w.requester_id, w.candidate_id) is None else 403),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_role_change_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


def test_the_matrix_expects_what_the_issue_says(session, world, auth):
    """Spelled out: only the director decides; the administrator who asked and the director list."""
    for caller in CALLERS:
        _, principal = caller_headers(session, world, caller, auth)
        assert expected_status(OPS[1], principal, session, world) == (200 if caller == "director" else 403)
        assert expected_status(OPS[0], principal, session, world) == (200 if caller in {"director", "admin"} else 403)
