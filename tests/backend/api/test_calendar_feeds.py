"""Calendar feeds (RFC 5545): made, renewed and revoked by their holder, read without signing in
at a secret address, parsed back with the icalendar package as Outlook and Google would read them."""

import datetime as dt

import pytest
from icalendar import Calendar
from sqlmodel import select

from actionplan.actions.models import Action, ActionStatus, Milestone
from actionplan.audit.models import AuditEvent
from actionplan.board.models import Forum, Meeting
from actionplan.feeds.models import CalendarFeed
from actionplan.feeds.service import token_hash
from actionplan.users.models import Role
from tests.backend.builders import action, haringey, user
from tests.backend.conftest import DEMO_EMAILS

FEED = "/api/v1/users/me/calendar-feed"


def _make(client, headers, url: str = FEED) -> str:
    response = client.post(url, headers=headers)
    assert response.status_code == 201, response.text
    path = response.json()["path"]
    assert path.startswith("/api/v1/calendar-feeds/cal_") and path.endswith(".ics")
    return path


def _events(body: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def owner(session, auth):
    return auth(user(session, DEMO_EMAILS["action_owner"]))


@pytest.fixture
def meeting(session):
    plan = haringey(session)
    forum = session.exec(select(Forum)).first()
    row = Meeting(forum_id=forum.id, plan_id=plan.id, held_on=dt.date(2026, 12, 10), start_time=dt.time(14, 30),
                  title="Improvement board; quarter 3, with partners", location="Civic Centre, Room 1")
    session.add(row)
    session.commit()
    return row


def test_an_owners_feed_has_their_due_dates_milestones_and_the_boards_meetings(client, session, owner, meeting):
    path = _make(client, owner)
    response = client.get(path)  # no Authorization: a calendar cannot sign in
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "private, no-cache" and response.headers["etag"]
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))  # folded at 75 octets
    events = _events(response.content)

    me = user(session, DEMO_EMAILS["action_owner"])
    mine = session.exec(select(Action).where(Action.owner_id == me.id, Action.status != ActionStatus.blue,
                                             Action.due_on != None)).all()  # noqa: E711
    assert mine, "the demo owner owns actions"
    for row in mine:
        event = events[f"action-{row.id}-due@actionplan"]
        assert event["DTSTART"].params.get("VALUE") == "DATE" or isinstance(event.decoded("DTSTART"), dt.date)
        assert event.decoded("DTSTART") == row.due_on and event.decoded("DTEND") == row.due_on + dt.timedelta(days=1)
        assert str(event["URL"]).endswith(f"/actions/{row.id}")
    others = session.exec(select(Action).where(Action.owner_id != me.id)).all()
    assert not any(f"action-{row.id}-due@actionplan" in events for row in others)
    milestones = session.exec(select(Milestone).where(Milestone.action_id.in_([a.id for a in mine]),
                                                      Milestone.met_on == None)).all()  # noqa: E711
    assert {f"milestone-{m.id}@actionplan" for m in milestones} <= set(events)
    board = events[f"meeting-{meeting.id}@actionplan"]
    assert str(board["SUMMARY"]) == "Improvement board; quarter 3, with partners"  # escaped and read back
    assert str(board["LOCATION"]) == "Civic Centre, Room 1"
    assert board["DTSTART"].params["TZID"] == "Europe/London"
    assert board.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2026, 12, 10, 14, 30)
    assert all("DTSTAMP" in event for event in events.values())
    assert b"BEGIN:VTIMEZONE" in response.content and b"TZID:Europe/London" in response.content


def test_the_feed_answers_304_when_nothing_changed_and_keeps_its_uids_when_a_date_moves(client, session, owner):
    path = _make(client, owner)
    first = client.get(path)
    assert client.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    row = action(session, "1.4")
    row.due_on, row.updated_at = dt.date(2027, 3, 31), row.updated_at + dt.timedelta(minutes=1)
    session.add(row)
    session.commit()
    moved = client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert moved.status_code == 200
    assert _events(moved.content)[f"action-{row.id}-due@actionplan"].decoded("DTSTART") == dt.date(2027, 3, 31)
    assert set(_events(moved.content)) == set(_events(first.content))


def test_renewing_stops_the_old_address_and_revoking_stops_the_new_one(client, session, owner):
    assert client.get(FEED, headers=owner).json() == {"active": False, "created_at": None}
    old = _make(client, owner)
    new = _make(client, owner)
    gone = client.get(old)
    assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"
    assert client.get(new).status_code == 200
    assert client.get(FEED, headers=owner).json()["active"] is True
    assert client.delete(FEED, headers=owner).status_code == 204
    assert client.get(new).status_code == 404
    assert client.get(FEED, headers=owner).json()["active"] is False
    assert client.delete(FEED, headers=owner).status_code == 204  # nothing left to revoke: still fine
    operations = session.exec(select(AuditEvent.operation).where(AuditEvent.object_type == "calendar_feed")).all()
    assert operations[-3:] == ["calendar_feed.create", "calendar_feed.renew", "calendar_feed.revoke"]


def test_only_the_hash_of_the_address_is_kept(client, session, owner):
    token = _make(client, owner).removeprefix("/api/v1/calendar-feeds/").removesuffix(".ics")
    [row] = session.exec(select(CalendarFeed).where(CalendarFeed.revoked_at == None)).all()  # noqa: E711
    assert row.token_hash == token_hash(token) and token not in row.token_hash


def test_a_feed_stops_when_its_holder_is_deactivated_or_loses_the_power(client, session, owner):
    path = _make(client, owner)
    me = user(session, DEMO_EMAILS["action_owner"])
    me.role = Role.admin  # administrators do not read the plan
    session.add(me)
    session.commit()
    assert client.get(path).status_code == 404
    me.role, me.is_active = Role.action_owner, False
    session.add(me)
    session.commit()
    assert client.get(path).status_code == 404


def test_an_unknown_or_malformed_address_is_not_found(client):
    assert client.get("/api/v1/calendar-feeds/cal_nothing-here.ics").status_code == 404
    assert client.get("/api/v1/calendar-feeds/" + "x" * 101 + ".ics").status_code == 422


def test_the_directors_plan_feed_has_the_plans_meetings_only(client, session, auth, meeting, owner):
    director = auth(user(session, DEMO_EMAILS["director"]))
    plan_id = haringey(session).id
    url = f"{FEED}/plans/{plan_id}"
    path = _make(client, director, url)
    events = _events(client.get(path).content)
    assert set(events) == {f"meeting-{m.id}@actionplan"
                           for m in session.exec(select(Meeting).where(Meeting.plan_id == plan_id)).all()}
    assert f"meeting-{meeting.id}@actionplan" in events
    assert str(Calendar.from_ical(client.get(path).content)["X-WR-CALNAME"]).startswith("Board meetings: ")
    # The director's own feed is another address: revoking one leaves the other.
    own = _make(client, director)
    assert client.delete(url, headers=director).status_code == 204
    assert client.get(path).status_code == 404 and client.get(own).status_code == 200
    assert client.post(url, headers=owner).status_code == 403  # owners have their own feed only


def test_a_feed_gives_nothing_beyond_its_holders_own_calendar(client, session, auth, owner):
    """The relation a feed makes (an address → its holder's calendar) gives no power: the address is no
    sign-in, and the Head of Service who leads the owner's area sees only their own actions' dates in theirs."""
    token = _make(client, owner).removeprefix("/api/v1/calendar-feeds/").removesuffix(".ics")
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    hos = user(session, DEMO_EMAILS["head_of_service"])
    events = _events(client.get(_make(client, auth(hos))).content)
    owned_by_others = session.exec(select(Action).where(Action.owner_id != hos.id)).all()
    assert not {f"action-{row.id}-due@actionplan" for row in owned_by_others} & set(events)
