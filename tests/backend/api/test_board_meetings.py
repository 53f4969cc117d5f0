"""Governance forums and meetings over the API: the forums are data, meetings are scheduled and changed by
assistant directors and the director, every change is audited, and readers of the plan see them."""

from sqlmodel import select

from actionplan.audit.models import AuditEvent
from tests.backend.builders import haringey

API = "/api/v1"


def forum_id(client, headers, slug: str = "improvement-board") -> int:
    return next(f["id"] for f in client.get(f"{API}/forums", headers=headers).json() if f["slug"] == slug)


def schedule(client, session, headers, held_on: str = "2019-07-10", slug: str = "improvement-board", **extra):
    body = {"forum_id": forum_id(client, headers, slug), "held_on": held_on, **extra}
    return client.post(f"{API}/plans/{haringey(session).id}/meetings", json=body, headers=headers)


def test_the_forums_the_plan_reports_to_are_seeded_as_data(client, auth):
    forums = client.get(f"{API}/forums", headers=auth("action_owner")).json()
    assert [f["name"] for f in forums] == [
        "Children's Improvement Board", "Cabinet", "Children's Scrutiny", "Corporate Parenting Advisory Committee",
        "Ofsted annual engagement meeting"]
    assert [f["slug"] for f in forums if f["receives_commentary"]] == ["improvement-board"]


def test_a_meeting_s_time_is_written_as_a_time_of_day(client, session, auth):
    # Neither a number of seconds (schemathesis sent 0, and it was read as midnight) nor an hour past 23.
    for start_time in (0, "25:00", "2pm", "14:00+01:00"):
        response = schedule(client, session, auth("director"), start_time=start_time)
        assert response.status_code == 422, start_time
    assert schedule(client, session, auth("director"), start_time="09:30:00").json()["start_time"] == "09:30"


def test_an_assistant_director_schedules_a_meeting_which_is_audited_and_readers_see(client, session, auth):
    response = schedule(client, session, auth("assistant_director"), start_time="14:00", title="Quarter 1 review",
                        attendees="Cllr Brabazon (chair)\nAnn Graham, Director", location="Civic Centre")
    assert response.status_code == 201, response.text
    meeting = response.json()
    assert response.headers["Location"] == f"{API}/meetings/{meeting['id']}"
    assert meeting["state"] == "scheduled" and meeting["start_time"] == "14:00"
    assert meeting["forum"]["slug"] == "improvement-board"
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "meeting.create")).one()
    assert event.object_id == str(meeting["id"]) and event.after["attendees"].startswith("Cllr Brabazon")
    listed = client.get(f"{API}/plans/{haringey(session).id}/meetings", headers=auth("action_owner")).json()
    assert [m["id"] for m in listed["items"]] == [meeting["id"]]


def test_meetings_are_listed_latest_first_and_by_forum(client, session, auth):
    director = auth("director")
    board = [schedule(client, session, director, day).json()["id"] for day in ("2019-07-10", "2019-10-09")]
    cabinet = schedule(client, session, director, "2019-11-14", "cabinet").json()["id"]
    plan_id = haringey(session).id
    everything = client.get(f"{API}/plans/{plan_id}/meetings", headers=director).json()
    assert [m["id"] for m in everything["items"]] == [cabinet, board[1], board[0]]
    only_board = client.get(f"{API}/plans/{plan_id}/meetings?forum=improvement-board", headers=director).json()
    assert [m["id"] for m in only_board["items"]] == [board[1], board[0]]
    assert client.get(f"{API}/plans/{plan_id}/meetings?forum=nope", headers=director).status_code == 404


def test_a_change_needs_the_etag_and_is_audited_with_before_and_after(client, session, auth):
    director = auth("director")
    created = schedule(client, session, director)
    meeting_id = created.json()["id"]
    url = f"{API}/meetings/{meeting_id}"
    assert client.patch(url, json={"notes": "x"}, headers=director).status_code == 428
    response = client.patch(url, json={"notes": "Agreed the 2.3 exception report."},
                            headers={**director, "If-Match": created.headers["ETag"]})
    assert response.status_code == 200, response.text
    assert response.json()["notes"] == "Agreed the 2.3 exception report." and response.json()["version"] == 2
    stale = client.patch(url, json={"notes": "y"}, headers={**director, "If-Match": created.headers["ETag"]})
    assert stale.status_code == 412
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "meeting.update")).one()
    assert event.before["notes"] == "" and event.after["notes"] == "Agreed the 2.3 exception report."


def test_a_meeting_needs_a_real_forum(client, session, auth):
    response = client.post(f"{API}/plans/{haringey(session).id}/meetings",
                           json={"forum_id": 9999, "held_on": "2019-07-10"}, headers=auth("director"))
    assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["body", "forum_id"]


def test_changes_since_start_at_the_forum_s_previous_meeting_never_at_the_clock(client, session, auth):
    director = auth("director")
    plan_id = haringey(session).id
    url = f"{API}/plans/{plan_id}/meetings/previous"
    before_any = client.get(url, params={"before": "2019-07-10"}, headers=director).json()
    assert before_any == {"meeting": None, "since": str(haringey(session).issued_on)}
    july = schedule(client, session, director, "2019-07-10").json()
    october = schedule(client, session, director, "2019-10-09").json()
    schedule(client, session, director, "2019-09-01", "cabinet")
    found = client.get(url, params={"before": "2019-10-09"}, headers=director).json()
    assert found["meeting"]["id"] == july["id"] and found["since"] == "2019-07-10"
    later = client.get(url, params={"before": "2019-12-31"}, headers=director).json()
    assert later["since"] == "2019-10-09"
    cabinet = client.get(url, params={"before": "2019-12-31", "forum": "cabinet"}, headers=director).json()
    assert cabinet["since"] == "2019-09-01"
    # Each meeting names the one before it, whose day its pack counts changes from.
    got = client.get(f"{API}/meetings/{october['id']}", headers=director).json()
    assert got["previous"]["id"] == july["id"] and july["previous"] is None


def test_a_day_in_a_query_is_written_as_a_day_never_as_seconds(client, session, auth):
    # Pydantic alone reads "0" as 1 January 1970 (seconds since then): schemathesis found it.
    url = f"{API}/plans/{haringey(session).id}/meetings/previous"
    for text in ("0", "1700000000", "2019-7-10", "10/07/2019", "1899-12-31"):
        got = client.get(url, params={"before": text}, headers=auth("director"))
        assert got.status_code == 422, text
        assert "YYYY-MM-DD" in got.json()["detail"]
