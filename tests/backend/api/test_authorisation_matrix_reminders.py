"""Reminder settings × every kind of caller, against the rules module (issue 15).

The plan's settings: read by every reader of the plan, changed with `plan:manage_reminders`. A
person's choice of email: their own only (a service token has none: 404)."""

import pytest

from actionplan.auth.permissions import Perm
from tests.backend.matrix import CALLERS, Op, World, assert_cell, make_world, plan_obj

SETTINGS = {"board_first_meeting_on": "2019-03-31", "board_cadence_months": 3, "update_lead_working_days": 5,
            "due_within_days": 14, "waiting_working_days": 5, "escalate_after_working_days": 3}


@pytest.fixture
def world(session) -> World:
    return make_world(session)


OPS = [
    Op("read plan reminder settings", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/reminder-settings",
       Perm.plan_read, plan_obj),
    Op("change plan reminder settings", "PUT", lambda w: f"/api/v1/plans/{w.plan_id}/reminder-settings",
       Perm.plan_reminders_manage, plan_obj, lambda w: SETTINGS),
    Op("read my reminder choice", "GET", lambda w: "/api/v1/users/me/reminder-settings", None),
    Op("set my reminder choice", "PUT", lambda w: "/api/v1/users/me/reminder-settings", None,
       body=lambda w: {"email": False}),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_reminder_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


def test_setting_my_choice_changes_nobody_elses(client, session, auth):
    """The only relation made here is one's own choice: it reaches nobody else's."""
    url = "/api/v1/users/me/reminder-settings"
    assert client.put(url, json={"email": False}, headers=auth("head_of_service")).status_code == 200
    for other in ("action_owner", "assistant_director", "director"):
        assert client.get(url, headers=auth(other)).json()["email"] is True
