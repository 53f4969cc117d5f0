"""Recording a milestone met, in the authorisation matrix: every caller × own/other action. The expected
answer comes from auth/permissions.check() on the action. A milestone of one action named under another
is not found, whoever asks (tests/backend/api/test_seed_import.py)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlmodel import select

from actionplan.actions.models import Milestone
from actionplan.auth.permissions import Perm
from tests.backend.matrix import CALLERS, Op, World, action_obj, assert_cell, if_match_action, make_world, send


@dataclass
class MilestoneWorld(World):
    own_milestone: int = 0    # 1.4's "At least 60% by Sept 2019" (the owner's action, in the HoS's area)
    other_milestone: int = 0  # a milestone added to 6.1 (nobody's, in an area without a lead)


@pytest.fixture
def world(session) -> MilestoneWorld:
    base = make_world(session)
    own = session.exec(select(Milestone).where(Milestone.action_id == base.own_action)
                       .order_by(Milestone.position)).first()
    other = Milestone(action_id=base.other_action, position=9, due_on=dt.date(2019, 6, 30), text="Practice review")
    session.add(other)
    session.commit()
    return MilestoneWorld(**vars(base), own_milestone=own.id, other_milestone=other.id)


MET = {"met_on": "2019-09-27", "note": "Reported to the September board."}

OPS = [
    Op("record own action's milestone met", "POST",
       lambda w: f"/api/v1/actions/{w.own_action}/milestones/{w.own_milestone}/met", Perm.milestone_record,
       action_obj("own_action"), lambda w: MET, headers=if_match_action("own_action")),
    Op("record other action's milestone met", "POST",
       lambda w: f"/api/v1/actions/{w.other_action}/milestones/{w.other_milestone}/met", Perm.milestone_record,
       action_obj("other_action"), lambda w: MET, headers=if_match_action("other_action")),
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
