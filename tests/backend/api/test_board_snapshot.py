"""Closing a meeting's papers freezes its pack: the snapshot holds the published commentary and earlier
decisions, never changes afterwards, and every download of the meeting's pack is the same bytes."""

import csv
import io

from pypdf import PdfReader
from sqlmodel import select

from actionplan.audit.models import AuditEvent
from actionplan.board.models import MeetingSnapshot
from tests.backend.api.test_board_commentary import act, led_area_id, write
from tests.backend.api.test_board_meetings import schedule
from tests.backend.builders import action, user
from tests.backend.conftest import DEMO_EMAILS

API = "/api/v1"


def close(client, headers, meeting_id: int):
    etag = client.get(f"{API}/meetings/{meeting_id}", headers=headers).headers["ETag"]
    return client.post(f"{API}/meetings/{meeting_id}/close-papers", headers={**headers, "If-Match": etag})


def test_closing_the_papers_freezes_the_pack_with_commentary_and_earlier_decisions(client, session, auth):
    director, ad, hos = auth("director"), auth("assistant_director"), auth("head_of_service")
    july = schedule(client, session, director, "2019-07-10").json()["id"]
    client.post(f"{API}/meetings/{july}/decisions", headers=director, json={
        "text": "Bring the audit trajectory to the next board", "owner_id": user(session, DEMO_EMAILS["action_owner"]).id,
        "due_on": "2019-10-01", "action_ids": [action(session, "1.4").id]})
    october = schedule(client, session, director, "2019-10-09").json()["id"]
    draft = write(client, hos, october, led_area_id(session), "Audit quality rose to 52% good.")
    reviewed = act(client, ad, draft.json()["id"], "review", draft.headers["ETag"])
    act(client, director, draft.json()["id"], "publish", reviewed.headers["ETag"])
    assert client.get(f"{API}/meetings/{october}/pack", headers=director).status_code == 409

    closed = close(client, director, october)
    assert closed.status_code == 200, closed.text
    assert closed.json()["state"] == "papers_closed" and closed.json()["papers_closed_by"] is not None
    pack = client.get(f"{API}/meetings/{october}/pack", headers=auth("action_owner")).json()
    assert pack["meeting_id"] == october and pack["since_date"] == "2019-07-10"
    assert pack["generated_for"] == "Children's Improvement Board, 9 October 2019"
    assert [(c["area_number"], c["text"]) for c in pack["commentary"]] == [(1, "Audit quality rose to 52% good.")]
    assert [(d["text"], d["concerns"]) for d in pack["decisions"]] == [
        ("Bring the audit trajectory to the next board", ["Action 1.4"])]
    assert len(pack["actions"]) > 0 and "evidence" in pack and "measures" in pack
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "meeting.close_papers")).one()
    stored = session.exec(select(MeetingSnapshot)).one()
    assert event.after["snapshot_sha256"] == stored.sha256

    # Later changes do not reach it: the decision is marked done, the commentary can no longer change.
    decision = client.get(f"{API}/meetings/{july}/decisions", headers=director).json()[0]
    got = client.get(f"{API}/decisions/{decision['id']}", headers=director)
    client.patch(f"{API}/decisions/{decision['id']}", json={"done_on": "2019-10-20"},
                 headers={**director, "If-Match": got.headers["ETag"]})
    commentary = client.get(f"{API}/commentary/{draft.json()['id']}", headers=hos)
    late = write(client, hos, october, led_area_id(session), "Too late", commentary.headers["ETag"])
    assert late.status_code == 409 and late.json()["code"] == "papers_closed"
    again = client.get(f"{API}/meetings/{october}/pack", headers=director).json()
    assert again == pack and again["decisions"][0]["done_on"] is None
    assert close(client, director, october).status_code == 409
    changed = client.patch(f"{API}/meetings/{october}", json={"held_on": "2019-10-10"},
                           headers={**director, "If-Match": client.get(f"{API}/meetings/{october}",
                                                                       headers=director).headers["ETag"]})
    assert changed.status_code == 409


def test_the_meeting_s_pack_downloads_the_same_bytes_every_time(client, session, auth, render_pdfs):
    director = auth("director")
    meeting = schedule(client, session, director, "2019-07-10").json()["id"]
    assert client.get(f"{API}/meetings/{meeting}/pack.pdf", headers=director).status_code == 409
    close(client, director, meeting)
    render_pdfs()  # queued when the papers closed
    first = client.get(f"{API}/meetings/{meeting}/pack.pdf", headers=director)
    assert first.status_code == 200 and first.headers["content-type"] == "application/pdf"
    assert "attachment" in first.headers["content-disposition"]
    second = client.get(f"{API}/meetings/{meeting}/pack.pdf", headers=auth("action_owner"))
    assert second.content == first.content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(first.content)).pages)
    assert "Children's Improvement Board, 10 July 2019" in text and "Commentary from the areas" in text
    cached = client.get(f"{API}/meetings/{meeting}/pack.pdf", headers={**director, "If-None-Match": first.headers["ETag"]})
    assert cached.status_code == 304
    sheet = client.get(f"{API}/meetings/{meeting}/pack.xlsx", headers=director)
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    assert client.get(f"{API}/meetings/{meeting}/pack.xlsx", headers=director).content == sheet.content
    rows = client.get(f"{API}/meetings/{meeting}/pack.csv", headers=director)
    assert rows.content.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(rows.content.decode("utf-8-sig"))))
    pack = client.get(f"{API}/meetings/{meeting}/pack", headers=director).json()
    assert len(parsed) == len(pack["actions"]) + 1
