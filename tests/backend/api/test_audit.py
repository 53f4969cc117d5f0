"""The audit log: every write appends, the chain verifies, tampering is named (JOURNEYS 8)."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select

from actionplan.audit.models import AuditEvent
from actionplan.audit.service import verify_chain
from actionplan.core.config import Settings
from tests.backend.builders import action, if_match


def _ops_since(session, last_id: int) -> list[str]:
    return [e.operation for e in session.exec(select(AuditEvent).where(col(AuditEvent.id) > last_id)
                                               .order_by(col(AuditEvent.id)))]


def _last_id(session) -> int:
    return session.exec(select(AuditEvent.id).order_by(col(AuditEvent.id).desc())).first() or 0


def test_every_write_appends_an_event_in_its_transaction(client, session, auth):
    start = _last_id(session)
    target = action(session, "1.4")
    proposal = client.post(f"/api/v1/actions/{target.id}/proposals", headers={**auth("action_owner"),
                           **if_match("action", target)}, json={"to_status": "amber", "commentary": "Audit."}).json()
    client.post(f"/api/v1/proposals/{proposal['id']}/decision", json={"decision": "approve"},
                headers={**auth("head_of_service"), "If-Match": f'"proposal-{proposal["id"]}-v1"'})
    client.post("/api/v1/service-tokens", json={"name": "warehouse"}, headers=auth("director"))
    # A refused write leaves no event.
    client.post(f"/api/v1/actions/{target.id}/proposals", headers=auth("action_owner"), json={})
    assert _ops_since(session, start) == ["proposal.create", "proposal.approve", "service_token.create"]
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "proposal.approve")).one()
    assert event.before["state"] == "pending" and event.after["state"] == "approved"
    assert event.actor_label == "Daniel Hughes"


def test_the_chain_verifies(client, session, auth):
    report = client.get("/api/v1/audit/verify", headers=auth("director")).json()
    assert report["ok"] is True and report["events_checked"] >= 7 and report["first_broken_event_id"] is None
    assert client.get("/api/v1/audit/verify", headers=auth("head_of_service")).status_code == 403
    page = client.get("/api/v1/audit", params={"object_type": "user"}, headers=auth("admin")).json()
    assert page["total"] == 6 and {e["operation"] for e in page["items"]} == {"user.create"}


def _drop_append_only_guard(session) -> None:
    """What someone editing the database by hand would do first."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE auditevent DISABLE TRIGGER auditevent_no_update"))
    else:
        session.execute(text("DROP TRIGGER auditevent_no_update"))
        session.execute(text("DROP TRIGGER auditevent_no_delete"))


def test_the_log_refuses_updates_and_deletes(session):
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text("UPDATE auditevent SET actor_label = 'someone else'"))
    session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text("DELETE FROM auditevent"))
    session.rollback()


def test_an_edited_row_is_named(client, session, auth, tmp_path):
    _drop_append_only_guard(session)
    victim = session.exec(select(AuditEvent).order_by(col(AuditEvent.id)).offset(3)).first()
    session.execute(text("UPDATE auditevent SET actor_label = 'nobody' WHERE id = :id"), {"id": victim.id})
    session.expire_all()
    result = verify_chain(session, Settings(data_dir=tmp_path))
    assert result.broken_event.id == victim.id and result.events_checked == 3 and "content" in result.problem
    report = client.get("/api/v1/audit/verify", headers=auth("director")).json()
    assert report == {"ok": False, "events_checked": 3, "legacy_events": 0, "checkpoints_checked": 0,
                      "first_broken_event_id": victim.id,
                      "problem": "its content does not match its MAC (it was changed, or written without the audit key)"}


def test_a_removed_row_is_named(session, tmp_path):
    _drop_append_only_guard(session)
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id)).limit(3)).all()
    session.execute(text("DELETE FROM auditevent WHERE id = :id"), {"id": events[1].id})
    session.expire_all()
    result = verify_chain(session, Settings(data_dir=tmp_path))
    assert result.broken_event.id == events[2].id and "link" in result.problem


def test_the_cli_check_exits_non_zero_on_a_broken_chain(tmp_path):
    env = {**os.environ, "ACTIONPLAN_DATA_DIR": str(tmp_path)}
    env.pop("ACTIONPLAN_DATABASE_URL", None)
    run = lambda *a: subprocess.run([sys.executable, "-m", "actionplan.cli", *a], env=env, capture_output=True,  # noqa: E731
                                    text=True, timeout=120)
    run("migrate")
    run("demo")
    ok = run("audit-verify")
    assert ok.returncode == 0 and "intact" in ok.stdout
    import sqlite3

    db = sqlite3.connect(tmp_path / "actionplan.db")
    db.execute("DROP TRIGGER auditevent_no_update")
    db.execute("UPDATE auditevent SET after = '{\"role\": \"director\"}' WHERE id = 2")
    db.commit()
    broken = run("audit-verify")
    assert broken.returncode == 1 and "BROKEN at event 2 (user.create on user 2" in broken.stderr
