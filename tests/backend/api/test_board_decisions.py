"""Decisions and actions arising from a meeting: recorded by assistant directors and the director, linked
to actions or areas where they then show, audited; a link or ownership gives nobody power over an action."""

from sqlmodel import select

from actionplan.audit.models import AuditEvent
from tests.backend.api.test_board_meetings import schedule
from tests.backend.builders import action, if_match, user
from tests.backend.conftest import DEMO_EMAILS

API = "/api/v1"


def decide(client, session, headers, **body):
    meeting_id = schedule(client, session, headers).json()["id"]
    return client.post(f"{API}/meetings/{meeting_id}/decisions", json=body, headers=headers)


def test_a_decision_shows_on_the_actions_it_concerns_and_those_of_its_areas(client, session, auth):
    director = auth("director")
    six_one, one_four = action(session, "6.1"), action(session, "1.4")
    owner = user(session, DEMO_EMAILS["action_owner"])
    response = decide(client, session, director, text="Report the placement review backlog at the next board.",
                      owner_id=owner.id, due_on="2019-10-01", action_ids=[six_one.id], area_ids=[one_four.area_id])
    assert response.status_code == 201, response.text
    decision = response.json()
    assert decision["number"] == 1 and decision["owner"]["name"] == owner.name and decision["due_on"] == "2019-10-01"
    assert [a["ref"] for a in decision["actions"]] == ["6.1"] and [a["id"] for a in decision["areas"]] == [one_four.area_id]
    assert decision["meeting"]["forum"]["slug"] == "improvement-board"
    for linked in (six_one, one_four):
        shown = client.get(f"{API}/actions/{linked.id}/decisions", headers=auth("action_owner")).json()
        assert [d["id"] for d in shown] == [decision["id"]]
    assert client.get(f"{API}/actions/{action(session, '3.3').id}/decisions", headers=director).json() == []
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "decision.create")).one()
    assert event.after["action_ids"] == [six_one.id] and event.after["owner_id"] == owner.id


def test_owning_a_decision_linked_to_someone_else_s_action_gives_no_power_over_it(client, session, auth):
    """6.1 is nobody's action in an area without a lead; the demo owner owns the decision about it."""
    six_one = action(session, "6.1")
    owner = user(session, DEMO_EMAILS["action_owner"])
    decision = decide(client, session, auth("director"), text="Owner to chase 6.1", owner_id=owner.id,
                      action_ids=[six_one.id]).json()
    as_owner = auth("action_owner")
    progress = client.post(f"{API}/actions/{six_one.id}/progress", json={"text": "Chased."},
                           headers={**as_owner, **if_match("action", six_one)})
    assert progress.status_code == 403
    proposal = client.post(f"{API}/actions/{six_one.id}/proposals", json={"to_status": "green", "commentary": "Done"},
                           headers={**as_owner, **if_match("action", six_one)})
    assert proposal.status_code == 403
    reschedule = client.post(f"{API}/actions/{six_one.id}/reschedules",
                             json={"to_due_on": "2020-03-31", "reason": "Board asked"},
                             headers={**as_owner, **if_match("action", six_one)})
    assert reschedule.status_code == 403
    # Nor over the decision itself: only those who manage meetings change it, even to mark it done.
    got = client.get(f"{API}/decisions/{decision['id']}", headers=as_owner)
    changed = client.patch(f"{API}/decisions/{decision['id']}", json={"done_on": "2019-09-01"},
                           headers={**as_owner, "If-Match": got.headers["ETag"]})
    assert changed.status_code == 403
    # And the area lead who recorded nothing gains nothing either: the HoS leads area 1, not 6.
    hos_progress = client.post(f"{API}/actions/{six_one.id}/progress", json={"text": "x"},
                               headers={**auth("head_of_service"), **if_match("action", six_one)})
    assert hos_progress.status_code == 403


def test_a_change_replaces_links_needs_the_etag_and_is_audited(client, session, auth):
    director = auth("director")
    created = decide(client, session, director, text="Review 1.4", action_ids=[action(session, "1.4").id])
    url = f"{API}/decisions/{created.json()['id']}"
    assert client.patch(url, json={"done_on": "2019-09-01"}, headers=director).status_code == 428
    changed = client.patch(url, json={"done_on": "2019-09-01", "action_ids": [action(session, "1.8").id]},
                           headers={**director, "If-Match": created.headers["ETag"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["done_on"] == "2019-09-01" and [a["ref"] for a in changed.json()["actions"]] == ["1.8"]
    assert client.get(f"{API}/actions/{action(session, '1.4').id}/decisions", headers=director).json() == []
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "decision.update")).one()
    assert event.before["done_on"] is None and event.after["done_on"] == "2019-09-01"
    assert client.patch(url, json={"text": "x"}, headers={**director, "If-Match": created.headers["ETag"]}
                        ).status_code == 412


def test_links_stay_in_the_plan_and_owners_are_officers(client, session, auth):
    director = auth("director")
    bad_action = decide(client, session, director, text="x", action_ids=[999_999])
    assert bad_action.status_code == 422 and bad_action.json()["errors"][0]["loc"] == ["body", "action_ids"]
    inspector = user(session, DEMO_EMAILS["inspector"])
    bad_owner = decide(client, session, director, text="x", owner_id=inspector.id)
    assert bad_owner.status_code == 422 and bad_owner.json()["errors"][0]["loc"] == ["body", "owner_id"]
