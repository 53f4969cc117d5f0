"""Nothing waits unseen (issue 13): re-schedules, evidence and covers reach the approver's queue."""

import datetime as dt

import pytest
from sqlmodel import select

from actionplan.audit.models import AuditEvent
from actionplan.notifications.models import Notification
from actionplan.users.service import create_user
from tests.backend.api.test_board_commentary import board_meeting, led_area_id, write
from tests.backend.builders import action, if_match, user
from tests.backend.conftest import DEMO_EMAILS

AMBER = {"to_status": "amber", "commentary": "Audits started."}


def _counts(client, auth, who) -> dict:
    response = client.get("/api/v1/queue/counts", headers=auth(who))
    assert response.status_code == 200, response.text
    return response.json()


def _kinds(session, email: str) -> list[str]:
    return [n.kind for n in session.exec(select(Notification).where(Notification.user_id == user(session, email).id))]


def _ask_for_date(client, session, auth, who, ref: str):
    target = action(session, ref)
    session.refresh(target)
    return client.post(f"/api/v1/actions/{target.id}/reschedules",
                       json={"to_due_on": "2099-03-31", "reason": "The new system goes live in March."},
                       headers={**auth(who), **if_match("action", target)})


def _link_evidence(client, session, auth, who, ref: str):
    response = client.post(f"/api/v1/actions/{action(session, ref).id}/evidence-links",
                           json={"title": "Audit results", "url": "https://example.org/audits",
                                 "contains_personal_data": False, "effective_on": "2026-11-01"}, headers=auth(who))
    assert response.status_code == 201, response.text
    return response.json()


def _name_cover(client, auth, approver, cover_id: int):
    today = dt.date.today()
    named = client.post("/api/v1/delegations", json={"cover_id": cover_id, "starts_on": str(today),
                                                     "ends_on": str(today + dt.timedelta(days=7))},
                        headers=auth(approver))
    assert named.status_code == 201, named.text
    return named.json()


# What each role finds in its approvals when one of every kind waits: a status change, a new due date and
# evidence on 1.4 (the owner's, in the area the Head of Service leads), and that area's commentary for the
# board written by its lead. The Head of Service decides all but the commentary; assistant directors and the
# director decide all four; the owner and the inspector nothing. An administrator, who does not read the
# plan, has no queue at all (and no approvals page).
EVERY_KIND = {
    "action_owner": (0, 0, 0, 0),
    "head_of_service": (1, 1, 1, 0),
    "assistant_director": (1, 1, 1, 1),
    "director": (1, 1, 1, 1),
    "inspector": (0, 0, 0, 0),
    "admin": None,
}


@pytest.mark.parametrize("role", EVERY_KIND)
def test_each_role_finds_every_kind_of_decision_it_may_make_in_its_queue(role, client, session, auth):
    target = action(session, "1.4")
    proposed = client.post(f"/api/v1/actions/{target.id}/proposals", json=AMBER,
                           headers={**auth("action_owner"), **if_match("action", target)})
    assert proposed.status_code == 201, proposed.text
    assert _ask_for_date(client, session, auth, "action_owner", "1.4").status_code == 201
    _link_evidence(client, session, auth, "action_owner", "1.4")
    written = write(client, auth("head_of_service"), board_meeting(client, session, auth), led_area_id(session),
                    "Audits improving.")
    assert written.status_code == 201, written.text

    who = auth(role)
    if EVERY_KIND[role] is None:
        for path in ("/api/v1/proposals", "/api/v1/reschedules"):
            assert client.get(path, params={"decidable": True}, headers=who).status_code == 403
        assert _counts(client, auth, role)["total"] == 0
        return
    listed = (client.get("/api/v1/proposals", params={"decidable": True}, headers=who).json()["total"],
              client.get("/api/v1/reschedules", params={"decidable": True}, headers=who).json()["total"],
              client.get("/api/v1/evidence/awaiting-review", headers=who).json()["total"],
              len(client.get("/api/v1/commentary/awaiting-clearance", headers=who).json()))
    assert listed == EVERY_KIND[role]
    proposals, reschedules, evidence, commentary = listed
    assert _counts(client, auth, role) == {"proposals": proposals, "reschedules": reschedules, "evidence": evidence,
                                           "commentary": commentary, "total": sum(listed)}


def test_a_new_date_reaches_the_approvers_queue_and_notifications(client, session, auth):
    asked = _ask_for_date(client, session, auth, "action_owner", "1.4")
    assert asked.status_code == 201 and asked.json()["can_decide"] is False  # nobody decides their own
    assert "reschedule.submitted" in _kinds(session, DEMO_EMAILS["head_of_service"])
    assert "reschedule.submitted" not in _kinds(session, DEMO_EMAILS["action_owner"])

    queue = client.get("/api/v1/reschedules", params={"decidable": True}, headers=auth("head_of_service")).json()
    assert [(r["action_ref"], r["can_decide"], r["decide_as"]) for r in queue["items"]] == [("1.4", True, None)]
    assert _counts(client, auth, "head_of_service") == {"proposals": 0, "reschedules": 1, "evidence": 0,
                                                        "commentary": 0, "total": 1}
    assert client.get("/api/v1/reschedules", params={"decidable": True},
                      headers=auth("action_owner")).json()["total"] == 0
    assert _counts(client, auth, "action_owner")["total"] == 0

    item = queue["items"][0]
    decided = client.post(f"/api/v1/reschedules/{item['id']}/decision", json={"decision": "approve"},
                          headers={**auth("head_of_service"), "If-Match": f'"reschedule-{item["id"]}-v1"'})
    assert decided.status_code == 200 and decided.json()["can_decide"] is False
    session.expire_all()
    assert "reschedule.approved" in _kinds(session, DEMO_EMAILS["action_owner"])
    assert _counts(client, auth, "head_of_service")["reschedules"] == 0


def test_evidence_has_its_own_review_queue_without_any_proposal(client, session, auth):
    item = _link_evidence(client, session, auth, "action_owner", "1.4")
    queue = client.get("/api/v1/evidence/awaiting-review", headers=auth("head_of_service")).json()
    assert [(q["evidence"]["id"], q["home_action_ref"], q["review_as"]) for q in queue["items"]] == [
        (item["id"], "1.4", None)]
    assert _counts(client, auth, "head_of_service")["evidence"] == 1
    # Its uploader never reviews it; an inspector sees none of it.
    assert client.get("/api/v1/evidence/awaiting-review", headers=auth("action_owner")).json()["total"] == 0
    assert client.get("/api/v1/evidence/awaiting-review", headers=auth("inspector")).json()["total"] == 0
    client.post(f"/api/v1/evidence/{item['id']}/review", json={"decision": "accept"}, headers=auth("head_of_service"))
    assert client.get("/api/v1/evidence/awaiting-review", headers=auth("head_of_service")).json()["total"] == 0


def test_a_cover_sees_and_decides_the_approvers_queue(client, session, auth):
    deputy = create_user(session, "deputy@actionplan.example", "action_owner", "a long enough password",
                         name="Priya Shah")
    hos = user(session, DEMO_EMAILS["head_of_service"])
    proposal = client.post(f"/api/v1/actions/{action(session, '1.4').id}/proposals", json=AMBER,
                           headers={**auth("action_owner"), **if_match("action", action(session, "1.4"))}).json()
    _ask_for_date(client, session, auth, "action_owner", "1.4")
    item = _link_evidence(client, session, auth, "assistant_director", "1.4")
    assert _counts(client, auth, deputy)["total"] == 0

    delegation = _name_cover(client, auth, "head_of_service", deputy.id)
    assert _counts(client, auth, deputy) == {"proposals": 1, "reschedules": 1, "evidence": 1, "commentary": 0,
                                             "total": 3}
    queue = client.get("/api/v1/proposals", params={"decidable": True}, headers=auth(deputy)).json()
    assert [(p["id"], p["can_decide"], p["decide_as"]["id"]) for p in queue["items"]] == [(proposal["id"], True, hos.id)]
    evidence = client.get("/api/v1/evidence/awaiting-review", headers=auth(deputy)).json()["items"]
    assert [(e["evidence"]["id"], e["review_as"]["id"]) for e in evidence] == [(item["id"], hos.id)]

    own_powers = client.post(f"/api/v1/evidence/{item['id']}/review", json={"decision": "accept"},
                             headers=auth(deputy))
    assert own_powers.status_code == 403
    reviewed = client.post(f"/api/v1/evidence/{item['id']}/review",
                           json={"decision": "accept", "on_behalf_of_id": hos.id}, headers=auth(deputy))
    assert reviewed.status_code == 200 and reviewed.json()["reviewed_by"]["name"] == "Priya Shah"
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "evidence.accept")).one()
    assert event.after["on_behalf_of_id"] == hos.id

    client.delete(f"/api/v1/delegations/{delegation['id']}", headers=auth("head_of_service"))
    assert _counts(client, auth, deputy)["total"] == 0
    assert _counts(client, auth, "head_of_service") == {"proposals": 1, "reschedules": 1, "evidence": 0,
                                                        "commentary": 0, "total": 2}


def test_a_cover_never_reviews_evidence_they_uploaded(client, session, auth):
    hos = user(session, DEMO_EMAILS["head_of_service"])
    owner = user(session, DEMO_EMAILS["action_owner"])
    item = _link_evidence(client, session, auth, "action_owner", "1.4")
    _name_cover(client, auth, "head_of_service", owner.id)
    assert client.get("/api/v1/evidence/awaiting-review", headers=auth("action_owner")).json()["total"] == 0
    refused = client.post(f"/api/v1/evidence/{item['id']}/review",
                          json={"decision": "accept", "on_behalf_of_id": hos.id}, headers=auth("action_owner"))
    assert refused.status_code == 403 and "uploaded" in refused.json()["detail"]
    stranger = client.post(f"/api/v1/evidence/{item['id']}/review",
                           json={"decision": "accept", "on_behalf_of_id": user(session, DEMO_EMAILS["director"]).id},
                           headers=auth("action_owner"))
    assert stranger.status_code == 403 and stranger.json()["code"] == "no_delegation"


def _notifications(client, auth, who) -> list[dict]:
    response = client.get("/api/v1/notifications", headers=auth(who))
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_named_cover_is_told_whom_they_cover_from_when_to_when_and_when_it_ends(client, session, auth):
    deputy = create_user(session, "deputy@actionplan.example", "action_owner", "a long enough password",
                         name="Priya Shah")
    today = dt.date.today()
    delegation = _name_cover(client, auth, "head_of_service", deputy.id)
    [named] = _notifications(client, auth, deputy)
    ends = today + dt.timedelta(days=7)
    assert named["kind"] == "delegation.named" and named["read_at"] is None
    assert named["title"] == (f"You cover for Daniel Hughes from {today.day} {today:%B %Y} "
                              f"to {ends.day} {ends:%B %Y}")
    assert "What waits for them is in your approvals" in named["body"]
    assert _kinds(session, DEMO_EMAILS["head_of_service"]) == []  # the approver is not told what they did

    client.delete(f"/api/v1/delegations/{delegation['id']}", headers=auth("head_of_service"))
    ended = _notifications(client, auth, deputy)[0]
    assert (ended["kind"], ended["title"]) == ("delegation.ended", "Daniel Hughes ended your cover")
    # Ending it again tells nobody twice.
    client.delete(f"/api/v1/delegations/{delegation['id']}", headers=auth("head_of_service"))
    assert len(_notifications(client, auth, deputy)) == 2


def test_decisions_arriving_while_a_cover_is_in_force_reach_the_cover_too(client, session, auth):
    deputy = create_user(session, "deputy@actionplan.example", "action_owner", "a long enough password",
                         name="Priya Shah")
    later = create_user(session, "later@actionplan.example", "action_owner", "a long enough password",
                        name="Sam Okoye")
    today = dt.date.today()
    delegation = _name_cover(client, auth, "head_of_service", deputy.id)
    # A cover from next week hears nothing of today's decisions.
    planned = client.post("/api/v1/delegations", json={"cover_id": later.id, "starts_on": str(today + dt.timedelta(days=7)),
                                                       "ends_on": str(today + dt.timedelta(days=9))},
                          headers=auth("head_of_service"))
    assert planned.status_code == 201, planned.text

    target = action(session, "1.4")
    client.post(f"/api/v1/actions/{target.id}/proposals", json=AMBER,
                headers={**auth("action_owner"), **if_match("action", target)})
    _ask_for_date(client, session, auth, "action_owner", "1.4")
    told = {(n["kind"], n["title"], n["action_id"]) for n in _notifications(client, auth, deputy)}
    assert ("proposal.submitted", "1.4: proposed Amber (you cover for Daniel Hughes)", target.id) in told
    assert ("reschedule.submitted", "1.4: new due date 31 March 2099 asked for (you cover for Daniel Hughes)",
            target.id) in told
    assert [n["kind"] for n in _notifications(client, auth, later)] == ["delegation.named"]
    # The approver is still told, as before.
    assert {"proposal.submitted", "reschedule.submitted"} <= set(_kinds(session, DEMO_EMAILS["head_of_service"]))

    # Once the cover ends, what arrives is the approver's alone.
    client.delete(f"/api/v1/delegations/{delegation['id']}", headers=auth("head_of_service"))
    before = len(_notifications(client, auth, deputy))
    other = action(session, "1.2")
    client.post(f"/api/v1/actions/{other.id}/proposals", json=AMBER,
                headers={**auth("action_owner"), **if_match("action", other)})
    assert len(_notifications(client, auth, deputy)) == before


def test_a_cover_is_not_told_of_their_own_proposal_as_a_decision_to_make(client, session, auth):
    owner = user(session, DEMO_EMAILS["action_owner"])
    _name_cover(client, auth, "head_of_service", owner.id)
    target = action(session, "1.4")
    proposed = client.post(f"/api/v1/actions/{target.id}/proposals", json=AMBER,
                           headers={**auth("action_owner"), **if_match("action", target)})
    assert proposed.status_code == 201, proposed.text
    assert _kinds(session, DEMO_EMAILS["action_owner"]) == ["delegation.named"]


def test_a_cover_who_would_be_told_anyway_is_told_once(client, session, auth):
    ad = user(session, DEMO_EMAILS["assistant_director"])
    _name_cover(client, auth, "head_of_service", ad.id)
    target = action(session, "1.4")
    red = {"to_status": "red", "commentary": "Slipped.", "exception_reason": "Partners have not signed.",
           "exception_mitigation": "Escalated.", "revised_due_on": "2099-06-30"}
    proposed = client.post(f"/api/v1/actions/{target.id}/proposals", json=red,
                           headers={**auth("action_owner"), **if_match("action", target)})
    assert proposed.status_code == 201, proposed.text
    # Red goes to the area's lead and to the assistant directors: the lead's cover is one of them.
    assert [n["title"] for n in _notifications(client, auth, "assistant_director")
            if n["kind"] == "proposal.submitted"] == ["1.4: proposed Red"]
