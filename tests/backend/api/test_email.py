"""Notification email over SMTP, against a real SMTP server on loopback."""

import socket

import pytest

from actionplan.core.config import Settings
from actionplan.notifications.service import send_pending_emails
from tests.backend.smtp import smtp_server  # noqa: F401 (a fixture)
from tests.backend.builders import action, if_match
from tests.backend.conftest import DEMO_EMAILS


def test_approving_a_red_emails_the_assistant_director_and_the_director(client, session, auth, smtp_server):
    port, inbox = smtp_server
    target = action(session, "5.2")
    proposal = client.post(f"/api/v1/actions/{target.id}/proposals", headers={**auth("action_owner"),
                           **if_match("action", target)}, json={
        "to_status": "red", "commentary": "Slipped.", "exception_reason": "Partners have not signed.",
        "exception_mitigation": "Escalated to ADCS.", "revised_due_on": "2099-06-30"}).json()
    client.post(f"/api/v1/proposals/{proposal['id']}/decision", json={"decision": "approve"},
                headers={**auth("assistant_director"), "If-Match": f'"proposal-{proposal["id"]}-v1"'})
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=port,
                        smtp_from="actionplan@council.example")
    sent = send_pending_emails(session, settings)
    recipients = {to for tos, _ in inbox.messages for to in tos}
    assert sent == len(inbox.messages) >= 3
    assert {DEMO_EMAILS["assistant_director"], DEMO_EMAILS["director"], DEMO_EMAILS["action_owner"]} <= recipients
    red = next(body for tos, body in inbox.messages if tos == [DEMO_EMAILS["director"]])
    assert "Subject: 5.2 is now Red" in red and "Partners have not signed." in red
    assert send_pending_emails(session, settings) == 0  # each is sent once


def test_an_unreachable_smtp_server_leaves_emails_queued(client, session, auth):
    target = action(session, "1.4")
    client.post(f"/api/v1/actions/{target.id}/proposals", headers={**auth("action_owner"),
                **if_match("action", target)}, json={"to_status": "amber", "commentary": "x"})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=closed_port)
    assert send_pending_emails(session, settings) == 0
    from sqlmodel import col, select

    from actionplan.notifications.models import Notification

    assert session.exec(select(Notification).where(col(Notification.emailed_at).is_(None))).first() is not None


def test_a_notification_another_sender_took_is_not_emailed_again(client, session, auth, smtp_server):
    port, inbox = smtp_server
    target = action(session, "1.4")
    client.post(f"/api/v1/actions/{target.id}/proposals", headers={**auth("action_owner"),
                **if_match("action", target)}, json={"to_status": "amber", "commentary": "Behind by a month."})
    from sqlmodel import col, select

    from actionplan.notifications.models import Notification
    from actionplan.notifications.service import claim_for_email

    waiting = session.exec(select(Notification).where(col(Notification.emailed_at).is_(None))).all()
    assert waiting
    taken = waiting[0].id
    # The job and the sender after a request both read the row; the first mark wins, the second is refused.
    assert claim_for_email(session, taken) is True
    assert claim_for_email(session, taken) is False
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=port,
                        smtp_from="actionplan@council.example")
    assert send_pending_emails(session, settings) == len(waiting) - 1 == len(inbox.messages)
