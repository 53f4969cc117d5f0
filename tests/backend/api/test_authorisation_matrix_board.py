"""The board's operations in the authorisation matrix: forums, meetings, every caller × the plan's
meetings. The expected answer comes from auth/permissions.check(). The plan is published and granted to
the demo inspector here, so inspectors read meetings (and change nothing)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from actionplan.board.models import Forum, Meeting
from actionplan.core.etag import make_etag
from actionplan.core.types import utcnow
from actionplan.plans.models import Plan
from actionplan.auth.permissions import Perm
from tests.backend.matrix import CALLERS, Op, World, assert_cell, make_world, plan_obj, send


@dataclass
class BoardWorld(World):
    forum_id: int = 0
    meeting_id: int = 0


@pytest.fixture
def world(session) -> BoardWorld:
    base = make_world(session)
    session.get(Plan, base.plan_id).published_at = utcnow()  # so the inspector's grant is live
    forum = session.exec(select(Forum).where(Forum.slug == "improvement-board")).one()
    meeting = Meeting(forum_id=forum.id, plan_id=base.plan_id, held_on=dt.date(2019, 7, 10), title="Q1 review")
    session.add(meeting)
    session.flush()
    world = BoardWorld(**vars(base), forum_id=forum.id, meeting_id=meeting.id)
    session.commit()
    return world


def if_match_meeting(s: Session, w: BoardWorld) -> dict:
    found = s.get(Meeting, w.meeting_id)
    return {"If-Match": make_etag("meeting", found.id, found.version)}


def signed_in(p, s, w) -> int:
    return 200


OPS = [
    Op("list forums", "GET", lambda w: "/api/v1/forums", None, expect=signed_in),
    Op("list meetings", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/meetings", Perm.plan_read, plan_obj),
    Op("schedule meeting", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/meetings", Perm.meeting_manage, plan_obj,
       lambda w: {"forum_id": w.forum_id, "held_on": "2019-10-09", "attendees": "Cllr Brabazon (chair)"}, ok=201),
    Op("get meeting", "GET", lambda w: f"/api/v1/meetings/{w.meeting_id}", Perm.plan_read, plan_obj),
    Op("change meeting", "PATCH", lambda w: f"/api/v1/meetings/{w.meeting_id}", Perm.meeting_manage, plan_obj,
       lambda w: {"notes": "Agreed the exception report for 2.3."}, headers=if_match_meeting),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    response = send(client, op, session, world, {})
    assert response.status_code == 401
