"""Commentary for the board over the API: the area lead writes, an assistant director reviews (or returns)
and publishes, never their own; every text is a version; only published commentary reaches inspectors."""

import datetime as dt

from sqlmodel import select

from actionplan.audit.models import AuditEvent
from actionplan.auth import service as access
from actionplan.auth.deps import principal_for
from actionplan.board.models import CommentaryVersion
from actionplan.core.types import utcnow
from tests.backend.builders import action, haringey, user
from tests.backend.api.test_board_meetings import schedule
from tests.backend.conftest import DEMO_EMAILS

API = "/api/v1"


def led_area_id(session) -> int:
    return action(session, "1.1").area_id


def write(client, headers, meeting_id: int, area_id: int, text: str, etag: str | None = None):
    extra = {"If-Match": etag} if etag else {}
    return client.post(f"{API}/meetings/{meeting_id}/areas/{area_id}/commentary", json={"text": text},
                       headers={**headers, **extra})


def act(client, headers, commentary_id: int, verb: str, etag: str, body: dict | None = None):
    return client.post(f"{API}/commentary/{commentary_id}/{verb}", json=body, headers={**headers, "If-Match": etag})


def board_meeting(client, session, auth) -> int:
    return schedule(client, session, auth("director")).json()["id"]


def test_the_lead_writes_an_ad_reviews_and_publishes_and_every_version_is_kept(client, session, auth):
    meeting_id, area_id = board_meeting(client, session, auth), led_area_id(session)
    hos, ad = auth("head_of_service"), auth("assistant_director")
    first = write(client, hos, meeting_id, area_id, "Audits improving: 44% good in May.")
    assert first.status_code == 201, first.text
    commentary_id = first.json()["id"]
    assert first.json()["state"] == "draft" and first.json()["published"] is None
    assert write(client, hos, meeting_id, area_id, "Without the ETag").status_code == 428
    second = write(client, hos, meeting_id, area_id, "Audits improving: 44% rated good in May.", first.headers["ETag"])
    assert [v["state"] for v in second.json()["versions"]] == ["superseded", "draft"]
    returned = act(client, ad, commentary_id, "return", second.headers["ETag"], {"reason": "Say what 'good' means."})
    assert returned.json()["state"] == "returned"
    assert returned.json()["current"]["returned_reason"] == "Say what 'good' means."
    third = write(client, hos, meeting_id, area_id, "44% of audits rated good or better in May.", returned.headers["ETag"])
    assert act(client, ad, commentary_id, "publish", third.headers["ETag"]).status_code == 409  # not yet reviewed
    reviewed = act(client, ad, commentary_id, "review", third.headers["ETag"])
    assert reviewed.status_code == 200 and reviewed.json()["state"] == "reviewed"
    published = act(client, ad, commentary_id, "publish", reviewed.headers["ETag"])
    assert published.status_code == 200, published.text
    body = published.json()
    assert body["published"]["text"] == "44% of audits rated good or better in May." and body["published"]["version"] == 3
    assert [v["state"] for v in body["versions"]] == ["superseded", "returned", "published"]
    texts = [v.text for v in session.exec(select(CommentaryVersion).order_by(CommentaryVersion.version_no))]
    assert len(texts) == 3 and texts[0] == "Audits improving: 44% good in May."
    operations = [e.operation for e in session.exec(select(AuditEvent).where(AuditEvent.object_type == "commentary")
                                                    .order_by(AuditEvent.id))]
    assert operations == ["commentary.write", "commentary.write", "commentary.return", "commentary.write",
                          "commentary.review", "commentary.publish"]


def test_nobody_reviews_or_publishes_commentary_they_wrote(client, session, auth):
    meeting_id = board_meeting(client, session, auth)
    ad = auth("assistant_director")
    written = write(client, ad, meeting_id, led_area_id(session), "Written by the AD for the area.")
    assert written.status_code == 201
    refused = act(client, ad, written.json()["id"], "review", written.headers["ETag"])
    assert refused.status_code == 403 and "they wrote" in refused.json()["detail"]
    reviewed = act(client, auth("director"), written.json()["id"], "review", written.headers["ETag"])
    assert reviewed.status_code == 200
    assert act(client, ad, written.json()["id"], "publish", reviewed.headers["ETag"]).status_code == 403


def test_a_head_of_service_writes_only_for_the_areas_they_lead(client, session, auth):
    meeting_id = board_meeting(client, session, auth)
    other_area = action(session, "6.1").area_id
    response = write(client, auth("head_of_service"), meeting_id, other_area, "Not my area.")
    assert response.status_code == 403 and "areas you lead" in response.json()["detail"]
    assert write(client, auth("action_owner"), meeting_id, led_area_id(session), "x").status_code == 403


def test_inspectors_see_only_published_commentary(client, session, auth):
    plan = haringey(session)
    plan.published_at = utcnow()
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    access.grant_inspector(session, director, plan.id, user(session, DEMO_EMAILS["inspector"]).id,
                           dt.date(2099, 1, 1), dt.date.today())
    meeting_id, area_id = board_meeting(client, session, auth), led_area_id(session)
    draft = write(client, auth("head_of_service"), meeting_id, area_id, "Draft words.")
    inspector = auth("inspector")
    listed = client.get(f"{API}/meetings/{meeting_id}/commentary", headers=inspector).json()
    assert all(row["commentary"] is None for row in listed)
    assert client.get(f"{API}/commentary/{draft.json()['id']}", headers=inspector).status_code == 404
    reviewed = act(client, auth("assistant_director"), draft.json()["id"], "review", draft.headers["ETag"])
    published = act(client, auth("director"), draft.json()["id"], "publish", reviewed.headers["ETag"])
    # A new draft after publication: inspectors still read the published version only.
    write(client, auth("head_of_service"), meeting_id, area_id, "Next draft.", published.headers["ETag"])
    seen = client.get(f"{API}/commentary/{draft.json()['id']}", headers=inspector).json()
    assert [v["text"] for v in seen["versions"]] == ["Draft words."] and seen["published"]["text"] == "Draft words."
    row = next(r for r in client.get(f"{API}/meetings/{meeting_id}/commentary", headers=inspector).json()
               if r["area"]["id"] == area_id)
    assert row["commentary"]["current"]["text"] == "Draft words."


def test_commentary_waiting_for_an_ad_is_in_their_queue_and_counted(client, session, auth):
    meeting_id = board_meeting(client, session, auth)
    write(client, auth("head_of_service"), meeting_id, led_area_id(session), "For review.")
    ad = auth("assistant_director")
    queue = client.get(f"{API}/commentary/awaiting-clearance", headers=ad).json()
    assert [(q["waiting_for"], q["commentary"]["current"]["text"]) for q in queue] == [("review", "For review.")]
    assert client.get(f"{API}/queue/counts", headers=ad).json()["commentary"] == 1
    assert client.get(f"{API}/queue/counts", headers=auth("head_of_service")).json()["commentary"] == 0


def test_only_a_forum_that_receives_commentary_takes_it(client, session, auth):
    cabinet = schedule(client, session, auth("director"), "2019-11-14", "cabinet").json()["id"]
    response = write(client, auth("head_of_service"), cabinet, led_area_id(session), "x")
    assert response.status_code == 409 and response.json()["code"] == "forum_takes_no_commentary"
