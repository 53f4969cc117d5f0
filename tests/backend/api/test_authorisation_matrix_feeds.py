"""Calendar feeds in the authorisation matrix: every caller × their own feed and a plan's board feed.
The feed itself (GET /calendar-feeds/{token}.ics) is read without signing in: tests/backend/api/
test_calendar_feeds.py. The expected answer comes from auth/permissions.check()."""

import pytest

from actionplan.auth.permissions import Perm
from tests.backend.matrix import CALLERS, Op, assert_cell, make_world, plan_obj, send

OWN, BOARD = "/api/v1/users/me/calendar-feed", "/api/v1/users/me/calendar-feed/plans/{}"
OPS = [
    Op("my calendar feed", "GET", lambda w: OWN, Perm.calendar_feed),
    Op("renew my calendar feed", "POST", lambda w: OWN, Perm.calendar_feed, ok=201),
    Op("revoke my calendar feed", "DELETE", lambda w: OWN, Perm.calendar_feed, ok=204),
    Op("my board feed", "GET", lambda w: BOARD.format(w.plan_id), Perm.board_calendar_feed, plan_obj),
    Op("renew my board feed", "POST", lambda w: BOARD.format(w.plan_id), Perm.board_calendar_feed, plan_obj, ok=201),
    Op("revoke my board feed", "DELETE", lambda w: BOARD.format(w.plan_id), Perm.board_calendar_feed, plan_obj,
       ok=204),
]


@pytest.fixture
def world(session):
    return make_world(session)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    response = send(client, op, session, world, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_matrix_expects_what_the_issue_says(session, world, auth):
    """Spelled out: owners, Heads of Service, assistant directors and the director have their own feed;
    the plan-wide feed of board meetings is for the director and assistant directors; inspectors,
    administrators and service tokens have neither."""
    from tests.backend.matrix import caller_headers, expected_status

    own, board = OPS[1], OPS[4]
    for caller in CALLERS:
        _, principal = caller_headers(session, world, caller, auth)
        assert expected_status(own, principal, session, world) == (
            201 if caller in {"action_owner", "head_of_service", "assistant_director", "director"} else 403), caller
        refused = 404 if caller in {"inspector", "admin"} else 403  # a plan they do not read is not there for them
        assert expected_status(board, principal, session, world) == (
            201 if caller in {"assistant_director", "director"} else refused), caller
