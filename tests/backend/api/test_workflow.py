"""Status proposals, decisions, Red and Blue, re-schedules, delegation, ETags (issue 4; JOURNEYS 1–4)."""

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from actionplan.actions.models import Action, Reschedule, StatusChange
from actionplan.notifications.models import Notification
from tests.backend.builders import accepted_evidence, action, haringey, if_match, user
from tests.backend.conftest import DEMO_EMAILS

AMBER = {"to_status": "amber", "commentary": "More rigorous audit process lowered the baseline; training starts April."}
RED = {"to_status": "red", "commentary": "London-wide agreements have slipped.",
       "exception_reason": "Partner boroughs have not signed the protocol.",
       "exception_mitigation": "Escalated to the London ADCS lead; interim spot purchasing.",
       "revised_due_on": "2099-06-30"}


def _propose(client, session, auth, who: str, ref: str, body: dict):
    target = action(session, ref)
    session.refresh(target)
    return client.post(f"/api/v1/actions/{target.id}/proposals", json=body,
                       headers={**auth(who), **if_match("action", target)})


def _decide(client, session, auth, who: str, proposal: dict, decision: str, **extra):
    return client.post(f"/api/v1/proposals/{proposal['id']}/decision", json={"decision": decision, **extra},
                       headers={**auth(who), "If-Match": f'"proposal-{proposal["id"]}-v{proposal["version"]}"'})


def _notifications(session, email: str) -> list[str]:
    return [n.kind for n in session.exec(select(Notification).where(Notification.user_id == user(session, email).id))]


def test_owner_proposes_amber_and_the_head_of_service_approves(client, session, auth):
    proposed = _propose(client, session, auth, "action_owner", "1.4", AMBER)
    assert proposed.status_code == 201, proposed.text
    proposal = proposed.json()
    assert proposal["state"] == "pending" and proposed.headers["etag"] == f'"proposal-{proposal["id"]}-v1"'
    # Until approved, the action's status does not move.
    assert action(session, "1.4").status == "not_started"
    assert "proposal.submitted" in _notifications(session, DEMO_EMAILS["head_of_service"])

    queue = client.get("/api/v1/proposals", params={"decidable": True}, headers=auth("head_of_service")).json()
    assert [p["action_ref"] for p in queue["items"]] == ["1.4"] and queue["items"][0]["can_decide"]
    assert client.get("/api/v1/proposals", params={"decidable": True}, headers=auth("action_owner")).json()["total"] == 0

    approved = _decide(client, session, auth, "head_of_service", proposal, "approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved.json()["decided_by"]["name"] == "Daniel Hughes"
    session.expire_all()
    assert action(session, "1.4").status == "amber"
    assert "proposal.approved" in _notifications(session, DEMO_EMAILS["action_owner"])
    history = client.get(f"/api/v1/actions/{action(session, '1.4').id}/history", headers=auth("action_owner")).json()
    assert [(h["kind"], h["proposal"]["state"]) for h in history] == [("proposal", "approved")]


def test_nobody_approves_their_own_proposal_it_goes_up(client, session, auth):
    proposal = _propose(client, session, auth, "head_of_service", "1.7", {"to_status": "green",
                                                                          "commentary": "Programme launched."}).json()
    refused = _decide(client, session, auth, "head_of_service", proposal, "approve")
    assert refused.status_code == 403 and "own proposal" in refused.json()["detail"]
    assert _decide(client, session, auth, "assistant_director", proposal, "approve").status_code == 200


def test_red_needs_an_exception_report(client, session, auth):
    response = _propose(client, session, auth, "action_owner", "5.2", {"to_status": "red", "commentary": "Slipped."})
    assert response.status_code == 422
    fields = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert fields == {("body", "exception_reason"), ("body", "exception_mitigation"), ("body", "revised_due_on")}


def test_red_is_signed_off_above_head_of_service_and_tells_the_top(client, session, auth):
    proposal = _propose(client, session, auth, "action_owner", "5.2", RED).json()
    assert _decide(client, session, auth, "head_of_service", proposal, "approve").status_code == 403
    approved = _decide(client, session, auth, "assistant_director", proposal, "approve")
    assert approved.status_code == 200
    session.expire_all()
    red = action(session, "5.2")
    assert red.status == "red" and red.due_on == dt.date(2099, 6, 30) and red.original_due_on != red.due_on
    assert "status.red" in _notifications(session, DEMO_EMAILS["director"])
    assert "status.red" in _notifications(session, DEMO_EMAILS["assistant_director"])
    summary = client.get(f"/api/v1/plans/{haringey(session).id}/summary", headers=auth("director")).json()
    reds = client.get(f"/api/v1/plans/{haringey(session).id}/summary/reds", headers=auth("director")).json()
    assert reds["items"] == [{"action_id": red.id, "ref": "5.2", "reason": RED["exception_reason"],
                              "mitigation": RED["exception_mitigation"], "revised_due_on": "2099-06-30",
                              "approved_at": approved.json()["decided_at"]}]
    assert reds["next_offset"] is None and summary["red_count"] == 1
    assert summary["rescheduled_with_approval"] == 1
    detail = client.get(f"/api/v1/actions/{red.id}", headers=auth("director")).json()
    assert detail["rescheduled"] is True and detail["overdue"] is False


def test_blue_is_refused_at_proposal_without_accepted_evidence_then_needs_sign_off(client, session, auth):
    blue = {"to_status": "blue", "commentary": "Standards published."}
    refused = _propose(client, session, auth, "action_owner", "3.1", blue)
    assert refused.status_code == 409 and refused.json()["code"] == "blue_needs_evidence"
    assert "accepted first" in refused.json()["detail"]
    assert client.get("/api/v1/proposals", params={"action_id": action(session, "3.1").id},
                      headers=auth("action_owner")).json()["total"] == 0
    accepted_evidence(session, action(session, "3.1"))
    proposal = _propose(client, session, auth, "action_owner", "3.1", blue).json()
    assert _decide(client, session, auth, "head_of_service", proposal, "approve").status_code == 403
    assert _decide(client, session, auth, "assistant_director", proposal, "approve").status_code == 200
    session.expire_all()
    assert action(session, "3.1").status == "blue"


def test_blue_is_checked_again_at_approval(client, session, auth):
    from actionplan.evidence.models import Evidence
    accepted_evidence(session, action(session, "3.1"))
    proposal = _propose(client, session, auth, "action_owner", "3.1", {"to_status": "blue",
                                                                       "commentary": "Standards published."}).json()
    for item in session.exec(select(Evidence)).all():
        item.state = "withdrawn"
        session.add(item)
    session.commit()
    no_evidence = _decide(client, session, auth, "assistant_director", proposal, "approve")
    assert no_evidence.status_code == 409 and no_evidence.json()["code"] == "blue_needs_evidence"


def test_withdraw_return_resubmit_reject(client, session, auth):
    proposal = _propose(client, session, auth, "action_owner", "3.1", AMBER).json()
    etag = {"If-Match": f'"proposal-{proposal["id"]}-v1"'}
    assert client.post(f"/api/v1/proposals/{proposal['id']}/withdraw",
                       headers={**auth("head_of_service"), **etag}).status_code == 403
    withdrawn = client.post(f"/api/v1/proposals/{proposal['id']}/withdraw", headers={**auth("action_owner"), **etag})
    assert withdrawn.json()["state"] == "withdrawn"

    proposal = _propose(client, session, auth, "action_owner", "3.1", AMBER).json()
    no_reason = _decide(client, session, auth, "head_of_service", proposal, "return")
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["loc"] == ["body", "note"]
    returned = _decide(client, session, auth, "head_of_service", proposal, "return",
                       note="Which audits? Add the figures.").json()
    assert returned["state"] == "returned"
    resubmitted = client.post(f"/api/v1/proposals/{proposal['id']}/resubmit",
                              json={"commentary": "January audits: 35% good."},
                              headers={**auth("action_owner"), "If-Match": f'"proposal-{proposal["id"]}-v2"'})
    assert resubmitted.status_code == 200 and resubmitted.json()["state"] == "pending"
    rejected = _decide(client, session, auth, "head_of_service", resubmitted.json(), "reject", note="Not Amber yet.")
    assert rejected.json()["state"] == "rejected"
    session.expire_all()
    assert action(session, "3.1").status == "not_started"


def test_changes_need_the_current_etag(client, session, auth):
    target = action(session, "1.4")
    url = f"/api/v1/actions/{target.id}/proposals"
    missing = client.post(url, json=AMBER, headers=auth("action_owner"))
    assert missing.status_code == 428
    read = client.get(f"/api/v1/actions/{target.id}", headers=auth("action_owner"))
    etag = read.headers["etag"]
    assert client.post(url, json=AMBER, headers={**auth("action_owner"), "If-Match": etag}).status_code == 201
    stale = client.post(url, json={**AMBER, "to_status": "green"}, headers={**auth("action_owner"), "If-Match": etag})
    assert stale.status_code == 412 and stale.json()["code"] == "stale_version"


def test_if_match_star_is_not_an_etag(client, session, auth):
    # "*" would match whatever is there now, and so overwrite a change made since the caller's read.
    target = action(session, "1.4")
    for sent in ("*", 'W/"x", *'):
        refused = client.post(f"/api/v1/actions/{target.id}/proposals", json=AMBER,
                              headers={**auth("action_owner"), "If-Match": sent})
        assert refused.status_code == 428, sent
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["code"] == "if_match_wildcard" and "ETag from your last read" in refused.json()["detail"]
    session.expire_all()
    assert session.exec(select(StatusChange).where(StatusChange.action_id == target.id)).all() == []


def test_one_pending_proposal_at_a_time(client, session, auth):
    assert _propose(client, session, auth, "action_owner", "1.4", AMBER).status_code == 201
    again = _propose(client, session, auth, "action_owner", "1.4", {**AMBER, "to_status": "green"})
    assert again.status_code == 409 and again.json()["code"] == "proposal_pending"
    # The status in words, not the API's code ("(to amber)").
    assert again.json()["detail"] == ("Action 1.4 already has a proposal to make it Amber waiting for a decision; "
                                      "withdraw it or wait for the decision.")


def test_a_returned_proposal_is_not_resubmitted_beside_a_newer_one(client, session, auth):
    """Issue 10: propose, return, propose again, resubmit the returned one — two would wait."""
    returned = _propose(client, session, auth, "action_owner", "1.4", AMBER).json()
    returned = _decide(client, session, auth, "head_of_service", returned, "return", note="Which audits?").json()
    assert _propose(client, session, auth, "action_owner", "1.4", {**AMBER, "to_status": "green"}).status_code == 201
    resubmitted = client.post(f"/api/v1/proposals/{returned['id']}/resubmit", json={"commentary": "35% good."},
                              headers={**auth("action_owner"), "If-Match": f'"proposal-{returned["id"]}-v2"'})
    assert resubmitted.status_code == 409, resubmitted.text
    assert resubmitted.headers["content-type"] == "application/problem+json"
    assert resubmitted.json()["code"] == "proposal_pending" and "withdraw one of them" in resubmitted.json()["detail"]
    session.expire_all()
    waiting = session.exec(select(StatusChange).where(StatusChange.action_id == action(session, "1.4").id,
                                                      StatusChange.state == "pending")).all()
    assert [c.to_status for c in waiting] == ["green"]
    assert session.get(StatusChange, returned["id"]).state == "returned"


@pytest.mark.parametrize("model", [StatusChange, Reschedule])
def test_the_database_itself_keeps_one_pending_per_action(session, model):
    """Whatever path a second pending row takes, the database refuses it (a partial unique index)."""
    target = action(session, "2.1")
    fields = ({"from_status": "not_started", "to_status": "amber"} if model is StatusChange
              else {"to_due_on": dt.date(2099, 1, 1), "reason": "Slipped"})
    session.add(model(action_id=target.id, state="rejected", **fields))
    session.add(model(action_id=target.id, state="pending", **fields))
    session.flush()
    session.add(model(action_id=target.id, state="pending", **fields))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_a_decided_proposal_cannot_be_decided_again(client, session, auth):
    proposal = _propose(client, session, auth, "action_owner", "1.4", AMBER).json()
    assert _decide(client, session, auth, "head_of_service", proposal, "approve").status_code == 200
    # Deciding from the version read before: stale.
    assert _decide(client, session, auth, "assistant_director", proposal, "reject", note="x").status_code == 412


def test_a_due_date_moves_only_by_an_approved_reschedule(client, session, auth):
    target = action(session, "4.4")
    original = target.due_on
    body = {"to_due_on": "2099-09-30", "reason": "Panel dates moved by the partner agency."}
    asked = client.post(f"/api/v1/actions/{target.id}/reschedules", json=body,
                        headers={**auth("head_of_service"), **if_match("action", target)})
    assert asked.status_code == 201
    session.expire_all()
    assert action(session, "4.4").due_on == original
    reschedule = asked.json()
    own = client.post(f"/api/v1/reschedules/{reschedule['id']}/decision", json={"decision": "approve"},
                      headers={**auth("head_of_service"), "If-Match": asked.headers["etag"]})
    assert own.status_code == 403
    approved = client.post(f"/api/v1/reschedules/{reschedule['id']}/decision", json={"decision": "approve"},
                           headers={**auth("assistant_director"), "If-Match": asked.headers["etag"]})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    session.expire_all()
    assert action(session, "4.4").due_on == dt.date(2099, 9, 30)
    summary = client.get(f"/api/v1/plans/{haringey(session).id}/summary", headers=auth("director")).json()
    assert summary["rescheduled_with_approval"] == 1
    assert summary["kept_due_date"] == sum(1 for a in session.exec(select(Action)) if a.due_on
                                           and a.plan_id == haringey(session).id) - 1


def test_a_cover_decides_in_the_approvers_name(client, session, auth):
    from actionplan.users.service import create_user

    cover = create_user(session, "deputy.hos@actionplan.example", "head_of_service", "a long enough password",
                        name="Priya Shah")
    proposal = _propose(client, session, auth, "action_owner", "1.4", AMBER).json()
    assert _decide(client, session, auth, cover, proposal, "approve").status_code == 403  # not her area
    hos = user(session, DEMO_EMAILS["head_of_service"])
    not_yet = _decide(client, session, auth, cover, proposal, "approve", on_behalf_of_id=hos.id)
    assert not_yet.status_code == 403 and not_yet.json()["code"] == "no_delegation"
    today = dt.date.today()
    named = client.post("/api/v1/delegations", json={"cover_id": cover.id, "starts_on": str(today),
                                                     "ends_on": str(today + dt.timedelta(days=14))},
                        headers=auth("head_of_service"))
    assert named.status_code == 201 and named.json()["live"]
    decided = _decide(client, session, auth, cover, proposal, "approve", on_behalf_of_id=hos.id).json()
    assert decided["decided_by"]["name"] == "Priya Shah" and decided["on_behalf_of"]["name"] == "Daniel Hughes"

    # Separation of duties binds the cover too.
    own = client.post(f"/api/v1/actions/{action(session, '1.5').id}/proposals",
                      json={"to_status": "green", "commentary": "Tools in place."},
                      headers={**auth(cover), **if_match("action", action(session, "1.5"))})
    assert own.status_code == 403  # a HoS works only on areas she leads or actions she owns
    lead_own = _propose(client, session, auth, "head_of_service", "1.7", {"to_status": "green", "commentary": "x"})
    assert _decide(client, session, auth, cover, lead_own.json(), "approve", on_behalf_of_id=hos.id).status_code == 403


def test_inspectors_see_approved_history_never_pending(client, session, auth):
    plan_id = haringey(session).id
    approved = _propose(client, session, auth, "action_owner", "1.4", AMBER).json()
    _decide(client, session, auth, "head_of_service", approved, "approve")
    pending = _propose(client, session, auth, "action_owner", "3.1", {"to_status": "green", "commentary": "x"}).json()
    client.post(f"/api/v1/plans/{plan_id}/publish", headers=auth("director"))
    client.post(f"/api/v1/plans/{plan_id}/inspector-grants", headers=auth("director"),
                json={"inspector_id": user(session, DEMO_EMAILS["inspector"]).id, "expires_on": "2099-06-30"})
    inspector = auth("inspector")
    assert client.get(f"/api/v1/proposals/{pending['id']}", headers=inspector).status_code == 404
    listed = client.get("/api/v1/proposals", headers=inspector).json()
    # The one approved by a person, and the Blues the published plan states.
    assert [p["state"] for p in listed["items"]] == ["approved"] * 7
    assert [p["source"] for p in listed["items"]].count("person") == 1
    history = client.get(f"/api/v1/actions/{action(session, '3.1').id}/history", headers=inspector).json()
    assert history == []
    summary = client.get(f"/api/v1/plans/{plan_id}/summary", headers=inspector).json()
    assert summary["pending_proposals"] is None and summary["status_counts"]["amber"] == 1


def test_the_plan_as_it_stood_on_a_date(client, session, auth):
    plan_id = haringey(session).id
    proposal = _propose(client, session, auth, "action_owner", "1.4", AMBER).json()
    _decide(client, session, auth, "head_of_service", proposal, "approve")
    # Say this decision was made on 15 March 2019: history is what the dates say.
    change = session.get(StatusChange, proposal["id"])
    change.decided_at = dt.datetime(2019, 3, 15, 10, tzinfo=dt.UTC)
    session.add(change)
    session.commit()
    director = auth("director")
    before = client.get(f"/api/v1/actions/{change.action_id}", params={"as_of": "2019-03-01"}, headers=director).json()
    after = client.get(f"/api/v1/actions/{change.action_id}", params={"as_of": "2019-03-31"}, headers=director).json()
    assert (before["status"], after["status"]) == ("not_started", "amber")
    area = client.get(f"/api/v1/plans/{plan_id}/areas", params={"as_of": "2019-03-31"}, headers=director).json()[0]
    assert area["status_counts"]["amber"] == 1
    ambers = client.get("/api/v1/actions", params={"plan_id": plan_id, "rag": "amber", "as_of": "2019-03-14"},
                        headers=director).json()
    assert ambers["items"] == [] and ambers["has_more"] is False
    board = client.get(f"/api/v1/plans/{plan_id}/summary", params={"as_of": "2019-03-31", "since": "2018-12-31"},
                       headers=director).json()
    # The Blues the plan stated when it was issued (18 March 2019) moved in that quarter too.
    dates = {"as_of": "2019-03-31", "since": "2018-12-31"}
    moved = [{"action_id": action(session, ref).id, "ref": ref, "from_status": "not_started",
              "to_status": "amber" if ref == "1.4" else "blue"} for ref in ("1.2", "1.3", "1.4", "2.3", "2.5", "2.6", "6.1")]
    assert board["moved_count"] == len(moved)
    first = client.get(f"/api/v1/plans/{plan_id}/summary/moved", params={**dates, "limit": 4}, headers=director).json()
    rest = client.get(f"/api/v1/plans/{plan_id}/summary/moved", params={**dates, "limit": 4, "offset": 4},
                      headers=director).json()
    assert (first["next_offset"], rest["next_offset"]) == (4, None)
    assert first["items"] + rest["items"] == moved
    # Overdue as at 31 March 2019 is judged on that day: due before it and not Blue. Actions due
    # "by March 2019" (1.9, 9.3a, 9.3b) are due that very day, not yet overdue; 6.1 is Blue in the plan;
    # 4.6 reports quarterly until March 2020; 6.4's practice weeks are stated done, and it goes on undated.
    assert board["overdue_count"] == 0
    assert client.get(f"/api/v1/plans/{plan_id}/summary/overdue", params=dates, headers=director).json()["items"] == []
    bad = client.get(f"/api/v1/plans/{plan_id}/summary", params={"as_of": "31/03/2019"}, headers=director)
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["query", "as_of"]


def test_progress_notes_are_history(client, session, auth):
    target = action(session, "1.4")
    noted = client.post(f"/api/v1/actions/{target.id}/progress", json={"text": "Audit tool rolled out to all teams."},
                        headers={**auth("action_owner"), **if_match("action", target)})
    assert noted.status_code == 201 and noted.json()["author"]["name"] == "Amara Okafor"
    history = client.get(f"/api/v1/actions/{target.id}/history", headers=auth("director")).json()
    assert [h["kind"] for h in history] == ["progress"]
    other = action(session, "6.1")
    assert client.post(f"/api/v1/actions/{other.id}/progress", json={"text": "x"},
                       headers={**auth("action_owner"), **if_match("action", other)}).status_code == 403


def test_notifications_are_listed_and_marked_read(client, session, auth):
    _propose(client, session, auth, "action_owner", "1.4", AMBER)
    hos = auth("head_of_service")
    page = client.get("/api/v1/notifications", headers=hos).json()
    assert page["unread"] == 1 and page["items"][0]["title"] == "1.4: proposed Amber"
    note_id = page["items"][0]["id"]
    assert client.post(f"/api/v1/notifications/{note_id}/read", headers=auth("action_owner")).status_code == 404
    assert client.post(f"/api/v1/notifications/{note_id}/read", headers=hos).json()["read_at"] is not None
    assert client.get("/api/v1/notifications", headers=hos).json()["unread"] == 0


def test_rag_over_time_for_the_dashboard_chart(client, session, auth):
    plan_id = haringey(session).id
    proposal = _propose(client, session, auth, "action_owner", "1.4", AMBER).json()
    _decide(client, session, auth, "head_of_service", proposal, "approve")
    change = session.get(StatusChange, proposal["id"])
    month_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    change.decided_at = month_ago
    session.add(change)
    session.commit()
    trend = client.get(f"/api/v1/plans/{plan_id}/trend", params={"months": 3}, headers=auth("director")).json()
    assert len(trend) == 3 and trend[-1]["at"] == str(dt.date.today())
    assert [p["status_counts"]["amber"] for p in trend] == [0, 1, 1]
    assert all(sum(p["status_counts"].values()) == 40 for p in trend)


def test_a_cover_is_named_for_sane_dates_only(client, session, auth):
    from actionplan.core.clock import council_today
    from actionplan.users.models import Delegation

    owner = user(session, DEMO_EMAILS["action_owner"])
    today = council_today()
    day = dt.timedelta(days=1)
    for starts, ends, field in [(today - 2 * day, today, "starts_on"),
                                (dt.date(1, 1, 1), today, "starts_on"),
                                (today, today - day, "ends_on"),
                                (today, today + 366 * day, "ends_on"),
                                (today, dt.date(9999, 12, 31), "ends_on"),
                                (dt.date(9999, 12, 30), dt.date(9999, 12, 31), "ends_on")]:
        refused = client.post("/api/v1/delegations", json={"cover_id": owner.id, "starts_on": str(starts),
                                                           "ends_on": str(ends)}, headers=auth("head_of_service"))
        assert refused.status_code == 422, (starts, ends)
        assert refused.headers["content-type"] == "application/problem+json"
        assert [e["loc"] for e in refused.json()["errors"]] == [["body", field]], (starts, ends)
    assert session.exec(select(Delegation).where(Delegation.cover_id == owner.id)).all() == []
    for starts, ends in [(today - day, today), (today, today + 365 * day)]:
        named = client.post("/api/v1/delegations", json={"cover_id": owner.id, "starts_on": str(starts),
                                                         "ends_on": str(ends)}, headers=auth("head_of_service"))
        assert named.status_code == 201, named.text
