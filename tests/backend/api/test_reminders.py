"""Reminders over a whole quarter with a controlled clock (who gets what, when, escalation, stopping),
the plan's settings and each person's choice over the API, and digests by email over real SMTP."""

import datetime as dt
import email
import email.policy

import pytest
from sqlmodel import col, select

from actionplan.audit.models import AuditEvent
from actionplan.board.models import Forum, Meeting
from actionplan.core.config import Settings
from actionplan.notifications.models import Notification
from actionplan.notifications.service import send_pending_emails
from actionplan.reminders.models import ReminderSent
from actionplan.reminders.service import run_reminders
from actionplan.users.models import User
from tests.backend.smtp import smtp_server  # noqa: F401 (a fixture)
from tests.backend.builders import haringey
from tests.backend.reminder_world import D, QUARTER, build, happenings

SETTINGS = Settings(database_url="sqlite://", base_url="https://improvement.council.example")

# Who gets what, when: (day, person) → what their one digest of that day holds.
EXPECTED = {
    ("2019-04-01", "Sam"): ["due_soon R3"],
    ("2019-04-15", "Sam"): ["overdue R3"],                     # updated the next day: no escalation
    ("2019-04-23", "Tom"): ["due_soon R4"],                    # window opened on Good Friday: after Easter
    ("2019-04-26", "Olu"): ["due_soon R1"],
    ("2019-05-07", "Tom"): ["overdue R4"],                     # 6 May a bank holiday
    ("2019-05-09", "Uma"): ["overdue R4"],                     # reassigned to Uma: Tom is never escalated
    ("2019-05-13", "Olu"): ["overdue R1"],
    ("2019-05-13", "Xan"): ["returned R7"],                    # returned on 2 May, > 5 working days
    ("2019-05-16", "Lead"): ["escalated:overdue R1", "escalated:returned R7"],   # one digest, two items
    ("2019-05-21", "AD"): ["escalated:overdue R1"],            # Xan resubmitted on the 20th: R7 stopped
    ("2019-05-29", "Lead"): ["review_waiting R7"],             # resubmitted 20 May; 27 May a bank holiday
    ("2019-05-31", "Priya"): ["due_soon R2"],                  # then re-scheduled: nothing more
    ("2019-06-07", "Olu"): ["update_due R1"],                  # board 28 June, updates due 21 June
    ("2019-06-07", "Vic"): ["update_due R5"],                  # Blue, ongoing; updated 10 June: no escalation
    ("2019-06-26", "Lead"): ["escalated:update_due R1"],       # 3 working days after the deadline
}


def test_a_quarter_of_reminders(session):
    world = build(session)
    names = {uid: name for name, uid in world.people.items()}
    refs = {aid: ref for ref, aid in world.actions.items()}
    seen: dict[tuple[str, str], list[str]] = {}
    last_id = session.exec(select(Notification.id).order_by(col(Notification.id).desc())).first() or 0
    for day in QUARTER:
        happenings(session, world, day)
        run_reminders(session, day, SETTINGS, plan_ids=[world.plan_id])
        assert run_reminders(session, day, SETTINGS, plan_ids=[world.plan_id]).people == 0  # a repeat tells nobody
        digests = session.exec(select(Notification).where(Notification.id > last_id,
                                                          Notification.kind == "reminder.digest")).all()
        for n in digests:
            key = (day.isoformat(), names[n.user_id])
            assert key not in seen, f"two digests for {key}"
            sent = session.exec(select(ReminderSent).where(ReminderSent.notification_id == n.id)).all()
            seen[key] = sorted(f"{s.reason} {refs[s.action_id]}" for s in sent)
            last_id = max(last_id, n.id)
    assert seen == {k: sorted(v) for k, v in EXPECTED.items()}
    assert not any(name == "Wen" for _, name in seen)          # R6 is complete


def test_the_digest_names_each_thing_and_links_to_its_page(session):
    world = build(session)
    for day in QUARTER[:46]:                                    # to 16 May
        happenings(session, world, day)
        run_reminders(session, day, SETTINGS, plan_ids=[world.plan_id])
    digest = session.exec(select(Notification).where(Notification.user_id == world.people["Lead"],
                                                     Notification.kind == "reminder.digest")).one()
    assert digest.title == "Reminder: 2 things need your attention"
    r1, r7 = world.actions["R1"], world.actions["R7"]
    assert "R1 was due on 10 May 2019" in digest.body and "(reminded: Olu Quarterly)" in digest.body
    assert f"https://improvement.council.example/actions/{r1}" in digest.body
    proposal = session.exec(select(ReminderSent).where(ReminderSent.user_id == world.people["Lead"],
                                                       ReminderSent.action_id == r7)).one()
    assert "https://improvement.council.example/proposals/" in digest.body and proposal.subject.startswith("proposal:")
    assert "https://improvement.council.example/settings" in digest.body


def test_nobody_is_reminded_on_a_weekend_or_a_bank_holiday(session):
    world = build(session)
    for day in ["2019-04-19", "2019-04-20", "2019-05-06"]:
        assert run_reminders(session, D(day), SETTINGS, plan_ids=[world.plan_id]).people == 0
    assert run_reminders(session, D("2019-05-07"), SETTINGS, plan_ids=[world.plan_id]).people > 0


# --- the plan's settings --------------------------------------------------------------------------

VALID = {"board_first_meeting_on": "2019-03-31", "board_cadence_months": 3, "update_lead_working_days": 5,
         "due_within_days": 14, "waiting_working_days": 5, "escalate_after_working_days": 3}


def test_plan_settings_start_as_defaults_and_directors_change_them_audited(client, session, auth):
    plan = haringey(session)
    url = f"/api/v1/plans/{plan.id}/reminder-settings"
    first = client.get(url, headers=auth("action_owner"))
    assert first.status_code == 200
    assert first.json()["version"] == 0 and first.json()["board_first_meeting_on"] is None
    assert first.json()["next_meetings"] == []
    changed = client.put(url, json={**VALID, "board_first_meeting_on": "2099-03-31"}, headers=auth("director"))
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["version"] == 1
    # 31 March 2099 is a Tuesday; 30 June 2099 a Tuesday; updates due 5 working days before each.
    assert body["next_meetings"][:2] == [{"meeting_on": "2099-03-31", "updates_due_on": "2099-03-24"},
                                         {"meeting_on": "2099-06-30", "updates_due_on": "2099-06-23"}]
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "plan.reminder_settings")).one()
    assert event.object_id == str(plan.id) and event.after["board_first_meeting_on"] == "2099-03-31"
    assert client.put(url, json=VALID, headers=auth("assistant_director")).json()["version"] == 2


@pytest.mark.parametrize("who", ["action_owner", "head_of_service"])
def test_only_assistant_directors_and_the_director_change_plan_settings(client, session, auth, who):
    response = client.put(f"/api/v1/plans/{haringey(session).id}/reminder-settings", json=VALID, headers=auth(who))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("change", [{"board_cadence_months": 0}, {"due_within_days": "14"},
                                    {"escalate_after_working_days": 99}, {"board_first_meeting_on": "31/03/2019"},
                                    {"board_first_meeting_on": 0}, {"surprise": 1}])
def test_plan_settings_are_validated(client, session, auth, change):
    response = client.put(f"/api/v1/plans/{haringey(session).id}/reminder-settings", json={**VALID, **change},
                          headers=auth("director"))
    assert response.status_code == 422


# --- each person's choice -------------------------------------------------------------------------

def test_each_person_chooses_in_app_only_or_email_too(client, auth):
    url = "/api/v1/users/me/reminder-settings"
    assert client.get(url, headers=auth("action_owner")).json() == {"email": True, "email_available": False}
    assert client.put(url, json={"email": False}, headers=auth("action_owner")).json()["email"] is False
    assert client.get(url, headers=auth("action_owner")).json()["email"] is False
    assert client.get(url, headers=auth("head_of_service")).json()["email"] is True   # someone else's is theirs
    assert client.put(url, json={"email": "no"}, headers=auth("action_owner")).status_code == 422


# --- email ------------------------------------------------------------------------------------------

def test_digests_are_emailed_to_those_who_chose_email_only(client, session, auth, smtp_server):
    port, inbox = smtp_server
    world = build(session)
    olu = session.get(User, world.people["Olu"])
    assert client.put("/api/v1/users/me/reminder-settings", json={"email": False}, headers=auth(olu)).status_code == 200
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=port, smtp_from="plan@council.example",
                        base_url="https://improvement.council.example")
    send_pending_emails(session, settings, limit=10_000)      # whatever was queued before: not this test's
    inbox.messages.clear()
    summary = run_reminders(session, D("2019-05-13"), settings, plan_ids=[world.plan_id])
    assert summary.people >= 3                                  # Olu, Sam and Tom: overdue
    send_pending_emails(session, settings, limit=10_000)
    recipients = {to for tos, _ in inbox.messages for to in tos}
    assert "sam.reminders@council.example" in recipients and "tom.reminders@council.example" in recipients
    assert "olu.reminders@council.example" not in recipients  # in the app only: still told there
    assert session.exec(select(Notification).where(Notification.user_id == olu.id,
                                                   Notification.kind == "reminder.digest")).one()
    sam = email.message_from_string(next(body for tos, body in inbox.messages
                                         if tos == ["sam.reminders@council.example"]), policy=email.policy.default)
    assert sam["Subject"] == "Reminder: 1 thing needs your attention"
    link = f"https://improvement.council.example/actions/{world.actions['R3']}"
    assert "R3 was due on 12 April 2019" in sam.get_body(("plain",)).get_content()
    assert link in sam.get_body(("plain",)).get_content()
    html = sam.get_body(("html",)).get_content()
    assert f'<a href="{link}">{link}</a>' in html and '<html lang="en">' in html
    assert '<a href="https://improvement.council.example/settings">' in html
    assert send_pending_emails(session, settings) == 0          # each is sent once


def test_a_board_meeting_recorded_for_the_plan_moves_the_update_round(session):
    world = build(session)
    board = session.exec(select(Forum).where(Forum.slug == "improvement-board")).one()
    session.add(Meeting(forum_id=board.id, plan_id=world.plan_id, held_on=D("2019-07-05")))
    session.commit()
    # Board on 5 July instead of 28 June: updates due 28 June, the round opens on 14 June (nothing played:
    # every owner of an open or ongoing action lacks an update since March; Wen's R6 is complete).
    for day in ("2019-06-07", "2019-06-14"):
        run_reminders(session, D(day), SETTINGS, plan_ids=[world.plan_id])
    told = session.exec(select(ReminderSent).where(ReminderSent.reason == "update_due",
                                                   col(ReminderSent.user_id).in_(world.people.values()))).all()
    assert {(s.sent_on, s.user_id, s.occurrence) for s in told} == {
        (D("2019-06-14"), world.people[name], "2019-07-05") for name in ("Olu", "Priya", "Sam", "Tom", "Vic", "Xan")}


def test_reminders_and_emails_are_periodic_jobs_run_from_seven_in_the_morning_in_london(session):
    from actionplan.jobs import registry
    from actionplan.jobs.runner import load_jobs
    from actionplan.reminders.jobs import remind

    load_jobs()
    assert registry.PERIODIC["reminders.run"].every == dt.timedelta(hours=1)
    assert "notifications.email" in registry.PERIODIC
    world = build(session)
    before = len(session.exec(select(ReminderSent)).all())
    remind(session, dt.datetime(2019, 5, 13, 5, tzinfo=dt.UTC))          # 06:00 in London (summer time)
    assert len(session.exec(select(ReminderSent)).all()) == before
    remind(session, dt.datetime(2019, 5, 13, 6, tzinfo=dt.UTC))          # 07:00 in London
    told = session.exec(select(ReminderSent).where(ReminderSent.user_id == world.people["Olu"])).all()
    assert [(s.reason, s.sent_on) for s in told] == [("overdue", D("2019-05-13"))]
