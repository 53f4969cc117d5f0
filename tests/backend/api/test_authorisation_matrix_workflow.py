"""The authorisation matrix for the status workflow, notifications, delegations and audit."""

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlmodel import Session

from actionplan.actions import workflow
from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action, Reschedule, StatusChange
from actionplan.auth.deps import principal_for
from actionplan.auth.permissions import DecisionRef, Perm, Principal, check, sees_decision_state
from actionplan.core.clock import council_today
from actionplan.core.etag import make_etag
from actionplan.notifications.models import Notification
from actionplan.users.models import Delegation
from tests.backend.builders import action, user
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.matrix import (
    CALLERS, Op, World, action_obj, assert_cell, if_match_action, make_world, plan_obj, send,
)


@dataclass
class WorkflowWorld(World):
    own_proposal: int = 0      # the owner's pending Amber on 1.2 (area 1, led by the HoS)
    other_proposal: int = 0    # the assistant director's pending Green on 6.1
    reschedule: int = 0        # the owner's pending new date for 1.2
    hos_notification: int = 0
    hos_delegation: int = 0


@pytest.fixture
def world(session: Session) -> WorkflowWorld:
    base = make_world(session)
    owner = principal_for(session, user(session, DEMO_EMAILS["action_owner"]))
    ad = principal_for(session, user(session, DEMO_EMAILS["assistant_director"]))
    today = council_today()
    one_two, six_one = action(session, "1.2"), action(session, "6.1")
    own = workflow.propose_status_change(session, owner, one_two.id, one_two.version, "amber", "On track soon.",
                                         None, None, None, today)
    other = workflow.propose_status_change(session, ad, six_one.id, six_one.version, "green", "Framework live.",
                                           None, None, None, today)
    session.refresh(one_two)
    reschedule = workflow.request_reschedule(session, owner, one_two.id, one_two.version,
                                             dt.date(2099, 1, 31), "Waiting for the new system.", today)
    notification = Notification(user_id=base.hos_id, kind="test", title="For the HoS")
    delegation = Delegation(approver_id=base.hos_id, cover_id=ad.id, starts_on=today, ends_on=today)
    session.add_all([notification, delegation])
    session.commit()
    return WorkflowWorld(**vars(base), own_proposal=own.id, other_proposal=other.id, reschedule=reschedule.id,
                         hos_notification=notification.id, hos_delegation=delegation.id)


def _decision(attr: str, model=StatusChange):
    def obj(s: Session, w) -> DecisionRef:
        item = s.get(model, getattr(w, attr))
        return DecisionRef(action=action_ref(s.get(Action, item.action_id)), author_id=item.proposed_by_id,
                           to_status=getattr(item, "to_status", None))
    return obj


def _etag(kind: str, attr: str, model):
    def headers(s: Session, w) -> dict:
        item = s.get(model, getattr(w, attr))
        return {"If-Match": make_etag(kind, item.id, item.version)}
    return headers


def _pending_item(perm: Perm, obj, ok: int = 200):
    """Pending items are invisible to inspectors and service tokens (404), whatever else they hold."""
    def expect(p: Principal, s: Session, w) -> int:
        if not sees_decision_state(p, "pending"):
            return 404
        denied = check(p, perm, obj(s, w))
        return ok if denied is None else (403 if denied.visible else 404)
    return expect


def _personal(owner_attr: str, ok: int):
    """Personal objects (notifications, delegations) answer only to their owner; others see nothing."""
    return lambda p, s, w: ok if not p.is_service and p.id == getattr(w, owner_attr) else 404


def _users_only(ok: int):
    return lambda p, s, w: 404 if p.is_service else ok


AMBER = {"to_status": "amber", "commentary": "Matrix."}
OPS = [
    Op("propose on own action", "POST", lambda w: f"/api/v1/actions/{w.own_action}/proposals", Perm.status_propose,
       action_obj("own_action"), lambda w: AMBER, ok=201, headers=if_match_action("own_action")),
    Op("propose on other action", "POST", lambda w: f"/api/v1/actions/{w.other_action}/proposals",
       Perm.status_propose, action_obj("other_action"), lambda w: AMBER, ok=409,  # one is pending already
       headers=if_match_action("other_action")),
    Op("list proposals", "GET", lambda w: "/api/v1/proposals", Perm.plan_read),
    Op("get own proposal", "GET", lambda w: f"/api/v1/proposals/{w.own_proposal}", Perm.plan_read,
       expect=_pending_item(Perm.plan_read, _decision("own_proposal"))),
    Op("decide own-area proposal", "POST", lambda w: f"/api/v1/proposals/{w.own_proposal}/decision",
       Perm.proposal_decide, body=lambda w: {"decision": "approve"},
       headers=_etag("proposal", "own_proposal", StatusChange),
       expect=_pending_item(Perm.proposal_decide, _decision("own_proposal"))),
    Op("decide other-area proposal", "POST", lambda w: f"/api/v1/proposals/{w.other_proposal}/decision",
       Perm.proposal_decide, body=lambda w: {"decision": "reject", "note": "Not yet."},
       headers=_etag("proposal", "other_proposal", StatusChange),
       expect=_pending_item(Perm.proposal_decide, _decision("other_proposal"))),
    Op("withdraw proposal", "POST", lambda w: f"/api/v1/proposals/{w.own_proposal}/withdraw",
       Perm.proposal_withdraw, headers=_etag("proposal", "own_proposal", StatusChange),
       expect=_pending_item(Perm.proposal_withdraw, _decision("own_proposal"))),
    Op("resubmit proposal", "POST", lambda w: f"/api/v1/proposals/{w.own_proposal}/resubmit",
       Perm.proposal_withdraw, body=lambda w: {"commentary": "Again."},
       headers=_etag("proposal", "own_proposal", StatusChange),
       expect=_pending_item(Perm.proposal_withdraw, _decision("own_proposal"), ok=409)),  # not returned
    Op("ask for a new date", "POST", lambda w: f"/api/v1/actions/{w.own_action}/reschedules", Perm.status_propose,
       action_obj("own_action"), lambda w: {"to_due_on": "2099-12-31", "reason": "Matrix."}, ok=201,
       headers=if_match_action("own_action")),
    Op("list reschedules", "GET", lambda w: "/api/v1/reschedules", Perm.plan_read),
    Op("reschedules I may decide", "GET", lambda w: "/api/v1/reschedules?decidable=true", Perm.plan_read),
    # Queues are filtered by the rules: whoever decides nothing gets an empty one, never an error.
    Op("evidence awaiting my review", "GET", lambda w: "/api/v1/evidence/awaiting-review", None,
       expect=lambda p, s, w: 200),
    Op("how many decisions wait for me", "GET", lambda w: "/api/v1/queue/counts", None, expect=lambda p, s, w: 200),
    Op("get reschedule", "GET", lambda w: f"/api/v1/reschedules/{w.reschedule}", Perm.plan_read,
       expect=_pending_item(Perm.plan_read, _decision("reschedule", Reschedule))),
    Op("decide reschedule", "POST", lambda w: f"/api/v1/reschedules/{w.reschedule}/decision",
       Perm.proposal_decide, body=lambda w: {"decision": "approve"},
       headers=_etag("reschedule", "reschedule", Reschedule),
       expect=_pending_item(Perm.proposal_decide, _decision("reschedule", Reschedule))),
    Op("record progress on own action", "POST", lambda w: f"/api/v1/actions/{w.own_action}/progress",
       Perm.action_update, action_obj("own_action"), lambda w: {"text": "Matrix."}, ok=201,
       headers=if_match_action("own_action")),
    Op("record progress on other action", "POST", lambda w: f"/api/v1/actions/{w.other_action}/progress",
       Perm.action_update, action_obj("other_action"), lambda w: {"text": "Matrix."}, ok=201,
       headers=if_match_action("other_action")),
    Op("read history", "GET", lambda w: f"/api/v1/actions/{w.own_action}/history", Perm.plan_read,
       action_obj("own_action")),
    Op("read board summary", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/summary", Perm.plan_read, plan_obj),
    Op("read board summary: what moved", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/summary/moved?since=2019-01-01",
       Perm.plan_read, plan_obj),
    Op("read board summary: overdue", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/summary/overdue", Perm.plan_read,
       plan_obj),
    Op("read board summary: Reds", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/summary/reds", Perm.plan_read, plan_obj),
    Op("read RAG over time", "GET", lambda w: f"/api/v1/plans/{w.plan_id}/trend", Perm.plan_read, plan_obj),
    Op("list my notifications", "GET", lambda w: "/api/v1/notifications", None),
    Op("mark a notification read", "POST", lambda w: f"/api/v1/notifications/{w.hos_notification}/read", None,
       expect=_personal("hos_id", 200)),
    Op("mark all read", "POST", lambda w: "/api/v1/notifications/read-all", None, expect=_users_only(204)),
    Op("name a cover", "POST", lambda w: "/api/v1/delegations", Perm.delegation_manage,
       body=lambda w: {"cover_id": w.owner_id, "starts_on": str(council_today()),
                      "ends_on": str(council_today() + dt.timedelta(days=30))}, ok=201),
    Op("list delegations", "GET", lambda w: "/api/v1/delegations", None, expect=lambda p, s, w: 200),
    Op("end a delegation", "DELETE", lambda w: f"/api/v1/delegations/{w.hos_delegation}", None,
       expect=_personal("hos_id", 200)),
    Op("read audit log", "GET", lambda w: "/api/v1/audit", Perm.audit_read),
    Op("verify audit log", "GET", lambda w: "/api/v1/audit/verify", Perm.audit_read),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_matrix(op: Op, caller: str, client, session, world, auth):
    assert_cell(op, caller, client, session, world, auth)


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_everywhere(op: Op, client, session, world):
    assert send(client, op, session, world, {}).status_code == 401
