"""The board's operations in the authorisation matrix: forums, meetings, every caller × the plan's
meetings. The expected answer comes from auth/permissions.check(). The plan is published and granted to
the demo inspector here, so inspectors read meetings (and change nothing)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from actionplan.board.commentary import commentary_ref
from actionplan.board.models import (
    Commentary, CommentaryState, CommentaryVersion, DecisionLink, Forum, Meeting, MeetingDecision, MeetingSnapshot,
)
from actionplan.reports.pack import BoardPack
from actionplan.users.models import User
from tests.backend.conftest import DEMO_EMAILS
from actionplan.core.etag import make_etag
from actionplan.core.types import utcnow
from actionplan.plans.models import Plan
from actionplan.auth.permissions import AreaRef, CommentaryRef, Perm, check, sees_drafts
from tests.backend.matrix import CALLERS, Op, World, action_obj, assert_cell, make_world, plan_obj, send


@dataclass
class BoardWorld(World):
    forum_id: int = 0
    meeting_id: int = 0
    fresh_meeting_id: int = 0       # no commentary yet: writing makes one
    hos_commentary: int = 0         # a draft in the area the demo HoS leads, written by them
    ad_commentary: int = 0          # a draft in an area without a lead, written by the demo AD
    reviewed_commentary: int = 0    # reviewed, written by the HoS
    published_commentary: int = 0   # published, written by the HoS
    decision_id: int = 0            # about the other action, owned by the demo action owner
    closed_meeting_id: int = 0      # papers closed: a (small) frozen pack


def _commentary(session: Session, meeting: Meeting, area_id: int, author_id: int, state: str,
                reviewer_id: int | None = None) -> int:
    row = Commentary(plan_id=meeting.plan_id, meeting_id=meeting.id, area_id=area_id)
    session.add(row)
    session.flush()
    session.add(CommentaryVersion(commentary_id=row.id, version_no=1, text="Progress this quarter.", state=state,
                                  written_by_id=author_id, reviewed_by_id=reviewer_id,
                                  published_at=utcnow() if state == CommentaryState.published else None))
    return row.id


@pytest.fixture
def world(session) -> BoardWorld:
    base = make_world(session)
    session.get(Plan, base.plan_id).published_at = utcnow()  # so the inspector's grant is live
    forum = session.exec(select(Forum).where(Forum.slug == "improvement-board")).one()
    meeting, later, fresh = (Meeting(forum_id=forum.id, plan_id=base.plan_id, held_on=dt.date(2019, 7, 10 + day))
                             for day in range(3))
    session.add_all([meeting, later, fresh])
    session.flush()
    ad_id = session.exec(select(User.id).where(User.email == DEMO_EMAILS["assistant_director"])).one()
    director_id = session.exec(select(User.id).where(User.email == DEMO_EMAILS["director"])).one()
    world = BoardWorld(
        **vars(base), forum_id=forum.id, meeting_id=meeting.id, fresh_meeting_id=fresh.id,
        hos_commentary=_commentary(session, meeting, base.led_area, base.hos_id, CommentaryState.draft),
        ad_commentary=_commentary(session, meeting, base.other_area, ad_id, CommentaryState.draft),
        reviewed_commentary=_commentary(session, later, base.led_area, base.hos_id, CommentaryState.reviewed,
                                        director_id),
        published_commentary=_commentary(session, later, base.other_area, base.hos_id, CommentaryState.published,
                                         director_id))
    decision = MeetingDecision(meeting_id=meeting.id, plan_id=base.plan_id, text="Chase 6.1", owner_id=base.owner_id)
    session.add(decision)
    session.flush()
    session.add(DecisionLink(decision_id=decision.id, action_id=base.other_action))
    world.decision_id = decision.id
    closed = Meeting(forum_id=forum.id, plan_id=base.plan_id, held_on=dt.date(2019, 4, 10), state="papers_closed")
    session.add(closed)
    session.flush()
    pack = BoardPack(plan_id=base.plan_id, plan_slug="haringey", plan_title="Plan", organisation="Council",
                     plan_issued="March 2019", generated_for="Board", as_of=utcnow(), as_of_date=dt.date(2019, 4, 9),
                     status_counts={}, areas=[])
    session.add(MeetingSnapshot(meeting_id=closed.id, document=pack.model_dump(mode="json"), sha256=pack.digest()))
    world.closed_meeting_id = closed.id
    session.commit()
    return world


def if_match_meeting(s: Session, w: BoardWorld) -> dict:
    found = s.get(Meeting, w.meeting_id)
    return {"If-Match": make_etag("meeting", found.id, found.version)}


def signed_in(p, s, w) -> int:
    return 200


def if_match_decision(s: Session, w: BoardWorld) -> dict:
    found = s.get(MeetingDecision, w.decision_id)
    return {"If-Match": make_etag("decision", found.id, found.version)}


def if_match_commentary(attr: str):
    def headers(s: Session, w: BoardWorld) -> dict:
        found = s.get(Commentary, getattr(w, attr))
        return {"If-Match": make_etag("commentary", found.id, found.version)}
    return headers


def commentary_obj(attr: str):
    def obj(s: Session, w: BoardWorld):
        return commentary_ref(s, s.get(Commentary, getattr(w, attr)))
    return obj


def unpublished(perm: Perm | None, attr: str):
    """A commentary not yet published: those who see only published commentary get 404, as for a missing one."""
    def expect(p, s, w) -> int:
        if not sees_drafts(p):
            return 404
        denied = check(p, perm, commentary_obj(attr)(s, w)) if perm else None
        return 200 if denied is None else (403 if denied.visible else 404)
    return expect


def fresh_area(attr: str):
    return lambda s, w: CommentaryRef(area=AreaRef(plan_id=w.plan_id, id=getattr(w, attr)), author_id=None)


OPS = [
    Op("list forums", "GET", lambda w: "/api/v1/forums", None, expect=signed_in),
    Op("list meetings", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/meetings", Perm.plan_read, plan_obj),
    Op("previous meeting", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/meetings/previous?before=2019-10-01",
       Perm.plan_read, plan_obj),
    Op("schedule meeting", "POST", lambda w: f"/api/v1/plans/{w.plan_id}/meetings", Perm.meeting_manage, plan_obj,
       lambda w: {"forum_id": w.forum_id, "held_on": "2019-10-09", "attendees": "Cllr Brabazon (chair)"}, ok=201),
    Op("get meeting", "GET", lambda w: f"/api/v1/meetings/{w.meeting_id}", Perm.plan_read, plan_obj),
    Op("change meeting", "PATCH", lambda w: f"/api/v1/meetings/{w.meeting_id}", Perm.meeting_manage, plan_obj,
       lambda w: {"notes": "Agreed the exception report for 2.3."}, headers=if_match_meeting),
    Op("list meeting commentary", "GET", lambda w: f"/api/v1/meetings/{w.meeting_id}/commentary", Perm.plan_read,
       plan_obj),
    Op("write commentary for led area", "POST",
       lambda w: f"/api/v1/meetings/{w.fresh_meeting_id}/areas/{w.led_area}/commentary", Perm.commentary_write,
       fresh_area("led_area"), lambda w: {"text": "Audits are improving."}, ok=201),
    Op("write commentary for other area", "POST",
       lambda w: f"/api/v1/meetings/{w.fresh_meeting_id}/areas/{w.other_area}/commentary", Perm.commentary_write,
       fresh_area("other_area"), lambda w: {"text": "Audits are improving."}, ok=201),
    Op("commentary awaiting clearance", "GET", lambda w: "/api/v1/commentary/awaiting-clearance", None,
       expect=signed_in),
    Op("get draft commentary", "GET", lambda w: f"/api/v1/commentary/{w.hos_commentary}", Perm.plan_read,
       expect=unpublished(None, "hos_commentary")),
    Op("get published commentary", "GET", lambda w: f"/api/v1/commentary/{w.published_commentary}",
       Perm.plan_read, plan_obj),
    Op("review HoS's commentary", "POST", lambda w: f"/api/v1/commentary/{w.hos_commentary}/review",
       Perm.commentary_review, expect=unpublished(Perm.commentary_review, "hos_commentary"),
       headers=if_match_commentary("hos_commentary")),
    Op("review AD's commentary", "POST", lambda w: f"/api/v1/commentary/{w.ad_commentary}/review",
       Perm.commentary_review, expect=unpublished(Perm.commentary_review, "ad_commentary"),
       headers=if_match_commentary("ad_commentary")),
    Op("return HoS's commentary", "POST", lambda w: f"/api/v1/commentary/{w.hos_commentary}/return",
       Perm.commentary_review, body=lambda w: {"reason": "Add the May figure."},
       expect=unpublished(Perm.commentary_review, "hos_commentary"), headers=if_match_commentary("hos_commentary")),
    Op("publish reviewed commentary", "POST", lambda w: f"/api/v1/commentary/{w.reviewed_commentary}/publish",
       Perm.commentary_publish, expect=unpublished(Perm.commentary_publish, "reviewed_commentary"),
       headers=if_match_commentary("reviewed_commentary")),
    Op("close meeting papers", "POST", lambda w: f"/api/v1/meetings/{w.meeting_id}/close-papers",
       Perm.meeting_manage, plan_obj, headers=if_match_meeting),
    Op("get meeting pack", "GET", lambda w: f"/api/v1/meetings/{w.closed_meeting_id}/pack", Perm.plan_read, plan_obj),
    *(Op(f"download meeting pack as {kind}", "GET", lambda w, kind=kind: f"/api/v1/meetings/{w.closed_meeting_id}/pack.{kind}",
         Perm.plan_read, plan_obj, ok=202 if kind == "pdf" else 200) for kind in ("pdf", "xlsx", "csv")),  # PDF: queued
    Op("list meeting decisions", "GET", lambda w: f"/api/v1/meetings/{w.meeting_id}/decisions", Perm.plan_read,
       plan_obj),
    Op("record decision", "POST", lambda w: f"/api/v1/meetings/{w.meeting_id}/decisions", Perm.meeting_manage,
       plan_obj, lambda w: {"text": "Report on 1.4", "owner_id": w.owner_id, "action_ids": [w.own_action]}, ok=201),
    Op("get decision", "GET", lambda w: f"/api/v1/decisions/{w.decision_id}", Perm.plan_read, plan_obj),
    Op("change decision", "PATCH", lambda w: f"/api/v1/decisions/{w.decision_id}", Perm.meeting_manage, plan_obj,
       lambda w: {"done_on": "2019-09-30"}, headers=if_match_decision),
    Op("list own action's decisions", "GET", lambda w: f"/api/v1/actions/{w.own_action}/decisions", Perm.plan_read,
       action_obj("own_action")),
    Op("list other action's decisions", "GET", lambda w: f"/api/v1/actions/{w.other_action}/decisions",
       Perm.plan_read, action_obj("other_action")),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    response = send(client, op, session, world, {})
    assert response.status_code == 401
