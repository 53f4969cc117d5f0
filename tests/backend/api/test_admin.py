"""Issue 10: administrators administer; they do not read or steer the plan.

Nobody changes their own role; an elevation waits for a second person, a director; tokens an
admin issues read nothing the admin cannot; the audit log shows an admin who did what, not the plan.
"""

import pytest
from sqlmodel import col, select

from actionplan.audit.models import AuditEvent
from actionplan.auth.deps import principal_for
from actionplan.notifications.models import Notification
from actionplan.users import service as users
from actionplan.users.models import Role, RoleChange, User
from tests.backend.builders import action, if_match, user
from tests.backend.conftest import DEMO_EMAILS, DEMO_PASSWORD

USERS = "/api/v1/users"
PASSWORD = "a long enough password"


def _patch(client, auth, who, target: User, **body):
    return client.patch(f"{USERS}/{target.id}", json=body, headers=auth(who))


def _decide(client, auth, who, change_id: int, decision: str):
    return client.post(f"/api/v1/role-changes/{change_id}/decision", json={"decision": decision}, headers=auth(who))


def _sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def _operations(session, object_type: str, object_id) -> list[str]:
    return [e.operation for e in session.exec(select(AuditEvent).where(
        AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id)).order_by(col(AuditEvent.id)))]


def _second_director(session) -> User:
    """As the command line makes directors."""
    return users.create_user(session, "deputy.director@actionplan.example", Role.director, PASSWORD,
                             name="Deputy Director", actor_label="cli")


# --- nobody changes their own role -----------------------------------------------------------


@pytest.mark.parametrize("body", [{"role": "director"}, {"role": "action_owner"}, {"is_active": False}])
def test_an_admin_cannot_change_their_own_role_or_deactivate_themselves(client, session, auth, body):
    admin = user(session, DEMO_EMAILS["admin"])
    response = _patch(client, auth, "admin", admin, **body)
    assert response.status_code == 403 and response.headers["content-type"] == "application/problem+json"
    assert "own role" in response.json()["detail"]
    session.refresh(admin)
    assert (admin.role, admin.is_active) == (Role.admin, True)
    assert session.exec(select(RoleChange).where(RoleChange.user_id == admin.id)).first() is None


def test_an_admin_may_still_change_their_own_name(client, session, auth):
    admin = user(session, DEMO_EMAILS["admin"])
    response = _patch(client, auth, "admin", admin, name="Ada Admin", role="admin", is_active=True)
    assert response.status_code == 200 and response.json()["name"] == "Ada Admin"


# --- elevation needs a second person -----------------------------------------------------------


def test_making_someone_director_waits_for_a_director_who_is_told(client, session, auth):
    owner = user(session, DEMO_EMAILS["action_owner"])
    owner_token = auth("action_owner")
    second = _second_director(session)
    asked = _patch(client, auth, "admin", owner, role="director")
    assert asked.status_code == 202, asked.text
    pending = asked.json()["pending_role_change"]
    assert asked.json()["role"] == "action_owner" and pending["role"] == "director" and pending["state"] == "pending"
    assert pending["requested_by_name"] == user(session, DEMO_EMAILS["admin"]).name
    session.refresh(owner)
    assert owner.role == Role.action_owner
    assert client.get("/api/v1/users/me", headers=owner_token).json()["role"] == "action_owner"
    # Every director hears of it.
    told = session.exec(select(Notification.user_id).where(Notification.kind == "role_change.requested")).all()
    assert set(told) == {user(session, DEMO_EMAILS["director"]).id, second.id}
    listed = client.get("/api/v1/role-changes", params={"pending_only": True}, headers=auth("director")).json()
    assert [c["id"] for c in listed] == [pending["id"]]

    assert _decide(client, auth, "admin", pending["id"], "confirm").status_code == 403
    confirmed = _decide(client, auth, "director", pending["id"], "confirm")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    assert confirmed.json()["decided_by_name"] == user(session, DEMO_EMAILS["director"]).name
    session.refresh(owner)
    assert owner.role == Role.director
    # The old token carried the old powers: it stops working.
    assert client.get("/api/v1/users/me", headers=owner_token).status_code == 401
    assert _operations(session, "role_change", pending["id"]) == ["role_change.request", "role_change.confirm"]
    admin_told = session.exec(select(Notification.kind).where(
        Notification.user_id == user(session, DEMO_EMAILS["admin"]).id)).all()
    assert "role_change.confirmed" in admin_told
    again = _decide(client, auth, "director", pending["id"], "refuse")
    assert again.status_code == 409 and again.json()["code"] == "role_change_decided"


def test_a_director_does_not_confirm_a_change_to_their_own_role(client, session, auth):
    second = _second_director(session)
    asked = _patch(client, auth, "admin", second, role="assistant_director")
    assert asked.status_code == 202
    change_id = asked.json()["pending_role_change"]["id"]
    # Told, as every director is, but not the one to confirm it.
    assert session.exec(select(Notification).where(Notification.user_id == second.id,
                                                   Notification.kind == "role_change.requested")).first()
    own = _decide(client, auth, second, change_id, "confirm")
    assert own.status_code == 403 and "second person" in own.json()["detail"]
    assert _decide(client, auth, "director", change_id, "confirm").status_code == 200


def test_a_refused_elevation_changes_nothing(client, session, auth):
    hos = user(session, DEMO_EMAILS["head_of_service"])
    change_id = _patch(client, auth, "admin", hos, role="assistant_director").json()["pending_role_change"]["id"]
    refused = _decide(client, auth, "director", change_id, "refuse")
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    session.refresh(hos)
    assert hos.role == Role.head_of_service
    assert _operations(session, "role_change", change_id) == ["role_change.request", "role_change.refuse"]
    assert _patch(client, auth, "admin", hos, name="Daniel H.").json()["pending_role_change"] is None


def test_a_new_inspector_account_cannot_sign_in_until_a_director_confirms(client, session, auth):
    created = client.post(USERS, headers=auth("admin"), json={"email": "lead.inspector@ofsted.example",
                                                             "name": "Lead Inspector", "role": "inspector",
                                                             "password": PASSWORD})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["is_active"] is False and body["pending_role_change"]["role"] == "inspector"
    assert _sign_in(client, "lead.inspector@ofsted.example").status_code == 401
    assert _decide(client, auth, "director", body["pending_role_change"]["id"], "confirm").status_code == 200
    assert _sign_in(client, "lead.inspector@ofsted.example").status_code == 200


def test_an_ordinary_role_takes_effect_at_once(client, session, auth):
    owner = user(session, DEMO_EMAILS["action_owner"])
    changed = _patch(client, auth, "admin", owner, role="head_of_service")
    assert changed.status_code == 200 and changed.json()["role"] == "head_of_service"
    assert changed.json()["pending_role_change"] is None
    created = client.post(USERS, headers=auth("admin"), json={"email": "officer@council.example",
                                                             "role": "action_owner", "password": PASSWORD})
    assert created.status_code == 201 and created.json()["is_active"] is True


def test_reactivating_an_assistant_director_waits_for_a_director(client, session, auth):
    ad = user(session, DEMO_EMAILS["assistant_director"])
    assert _patch(client, auth, "admin", ad, is_active=False).status_code == 200
    asked = _patch(client, auth, "admin", ad, is_active=True)
    assert asked.status_code == 202 and asked.json()["is_active"] is False
    assert _sign_in(client, DEMO_EMAILS["assistant_director"], DEMO_PASSWORD).status_code == 401


def test_a_later_change_supersedes_a_waiting_one(client, session, auth):
    owner = user(session, DEMO_EMAILS["action_owner"])
    change_id = _patch(client, auth, "admin", owner, role="director").json()["pending_role_change"]["id"]
    assert _patch(client, auth, "admin", owner, role="head_of_service").status_code == 200
    assert session.get(RoleChange, change_id).state == "superseded"
    late = _decide(client, auth, "director", change_id, "confirm")
    assert late.status_code == 409
    session.refresh(owner)
    assert owner.role == Role.head_of_service
    assert _operations(session, "role_change", change_id) == ["role_change.request", "role_change.supersede"]


def test_role_change_requests_are_checked(client, session, auth):
    assert client.post("/api/v1/role-changes/999999/decision", json={"decision": "confirm"},
                       headers=auth("director")).status_code == 404
    owner = user(session, DEMO_EMAILS["action_owner"])
    change_id = _patch(client, auth, "admin", owner, role="inspector").json()["pending_role_change"]["id"]
    bad = client.post(f"/api/v1/role-changes/{change_id}/decision", json={"decision": "maybe"},
                      headers=auth("director"))
    assert bad.status_code == 422
    assert client.get("/api/v1/role-changes", headers=auth("head_of_service")).status_code == 403


# --- the audit log shows an admin who did what, not the plan's text ------------------------------

SECRETS = ["Child K's placement broke down", "Partner boroughs kept the names back",
           "Call the social worker at home", "Progress: Kelly's case conference", "Kelly's strategy minutes"]


def _events_with_the_plans_words(client, session, auth) -> None:
    target = action(session, "1.4")
    session.refresh(target)
    proposal = client.post(f"/api/v1/actions/{target.id}/proposals", headers={**auth("action_owner"),
                           **if_match("action", target)},
                           json={"to_status": "red", "commentary": SECRETS[0], "exception_reason": SECRETS[1],
                                 "exception_mitigation": SECRETS[2], "revised_due_on": "2099-06-30"})
    assert proposal.status_code == 201, proposal.text
    session.refresh(target)
    progress = client.post(f"/api/v1/actions/{target.id}/progress", json={"text": SECRETS[3]},
                           headers={**auth("action_owner"), **if_match("action", target)})
    assert progress.status_code == 201, progress.text
    evidence = client.post(f"/api/v1/actions/{target.id}/evidence-links", headers=auth("action_owner"),
                           json={"title": SECRETS[4], "effective_on": "2019-03-01", "contains_personal_data": True,
                                 "url": "https://council.example/strategy"})
    assert evidence.status_code == 201, evidence.text


def test_an_admin_reads_who_did_what_and_when_but_not_the_plans_words(client, session, auth):
    _events_with_the_plans_words(client, session, auth)
    admin_page = client.get("/api/v1/audit", params={"limit": 20}, headers=auth("admin"))
    assert admin_page.status_code == 200
    text = admin_page.text
    assert not [s for s in SECRETS if s in text] and "council.example/strategy" not in text
    plan_events = [e for e in admin_page.json()["items"] if e["object_type"] in {"status_change", "progress_note",
                                                                                 "evidence", "action"}]
    assert {e["operation"] for e in plan_events} >= {"proposal.create", "action.progress", "evidence.add_link"}
    for event in plan_events:
        assert event["detail_hidden"] is True and event["before"] is None and event["after"] is None
        assert event["actor_label"] and event["at"] and event["object_id"]
    # The director reads the same events whole.
    director_page = client.get("/api/v1/audit", params={"limit": 20}, headers=auth("director")).text
    assert all(s in director_page for s in SECRETS)


def test_an_admin_sees_the_detail_of_account_events(client, session, auth):
    owner = user(session, DEMO_EMAILS["action_owner"])
    _patch(client, auth, "admin", owner, role="head_of_service")
    page = client.get("/api/v1/audit", params={"object_type": "user", "object_id": str(owner.id)},
                      headers=auth("admin")).json()
    update = next(e for e in page["items"] if e["operation"] == "user.update")
    assert update["detail_hidden"] is False
    assert (update["before"]["role"], update["after"]["role"]) == ("action_owner", "head_of_service")
    assert update["actor_label"] == user(session, DEMO_EMAILS["admin"]).name


def test_a_service_token_issue_is_audited_with_its_issuer(client, session, auth):
    issued = client.post("/api/v1/service-tokens", json={"name": "dashboard"}, headers=auth("director")).json()
    event = session.exec(select(AuditEvent).where(AuditEvent.object_type == "service_token",
                                                  AuditEvent.object_id == str(issued["id"]))).one()
    assert event.operation == "service_token.create" and event.actor_id == user(session, DEMO_EMAILS["director"]).id
    assert event.after["scopes"] == ["plans:read"]


def test_the_service_layer_is_what_the_api_uses(session):
    """add_user through a principal applies the rule; create_user (command line, demo) does not."""
    admin = principal_for(session, user(session, DEMO_EMAILS["admin"]))
    pending = users.add_user(session, admin, "new.director@actionplan.example", Role.director, PASSWORD, "New")
    assert pending.is_active is False and users.pending_role_change(session, pending.id).role == Role.director
    assert _second_director(session).is_active is True
