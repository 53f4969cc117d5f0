"""Evidence: uploads checked from their content, links, review, history, withdrawal, erasure, and
what an inspector may see. Files go to a real store in a temporary directory."""

import base64
import datetime as dt
import hashlib
from urllib.parse import quote

import anyio
import httpx
import pytest
from sqlmodel import col, select

from actionplan.audit.models import AuditEvent
from actionplan.auth import service as access
from actionplan.auth.deps import principal_for
from actionplan.evidence.models import Evidence, EvidenceFile
from actionplan.evidence.upload import FEED_BYTES, FORM_OVERHEAD
from actionplan.core.types import utcnow
from actionplan.storage.files import LocalEvidenceStore
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.backend.builders import action, haringey, user
from tests.backend.conftest import DEMO_EMAILS

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PDF_V2 = PDF.replace(b"1.7", b"2.0")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(300) + b"This program cannot be run in DOS mode."
BOUNDARY = "test-boundary-5b2e"
MIB = 1024 * 1024
PROBLEM = "application/problem+json"


@pytest.fixture
def store(app, tmp_path, monkeypatch) -> LocalEvidenceStore:
    """A store of this test's own (the app is shared by the whole run: monkeypatch puts things back)."""
    store = LocalEvidenceStore(tmp_path / "evidence")
    monkeypatch.setattr(app.state, "evidence_store", store, raising=False)
    return store


@pytest.fixture
def limit(app, monkeypatch):
    """limit(n): the largest file accepted, for this test only."""
    return lambda n: monkeypatch.setattr(app.state.settings, "evidence_max_bytes", n)


def kept(store: LocalEvidenceStore) -> list[str]:
    """Every file in the store, temporary ones included."""
    return sorted(p.relative_to(store.root).as_posix() for p in store.root.rglob("*") if p.is_file())


def content_path(store: LocalEvidenceStore, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    return f"{sha[:2]}/{sha[2:4]}/{sha}"


def multipart(fields: dict[str, str | None], file: bytes | None = PDF, filename: bytes = b"audit.pdf",
              file_first: bool = False) -> tuple[bytes, str]:
    """A multipart/form-data body built by hand, so names and bytes are exactly what a test says."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode() + v.encode() + b"\r\n"
             for k, v in fields.items() if v is not None]
    if file is not None:
        file_part = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="'.encode() + filename
                     + b'"\r\nContent-Type: application/pdf\r\n\r\n' + file + b"\r\n")
        parts = [file_part, *parts] if file_first else [*parts, file_part]
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode(), f"multipart/form-data; boundary={BOUNDARY}"


def upload(client, action_id: int, headers: dict, file: bytes | None = PDF, filename: bytes = b"audit.pdf",
           file_first: bool = False, **fields):
    values = {"title": "January thematic audit summary", "effective_on": "2019-01-31",
              "contains_personal_data": "false", **fields}
    body, content_type = multipart(values, file, filename, file_first)
    return client.post(f"/api/v1/actions/{action_id}/evidence", content=body,
                       headers={**headers, "Content-Type": content_type})


def replace(client, evidence_id: int, headers: dict, file: bytes, filename: bytes = b"audit-v2.pdf"):
    body, content_type = multipart({}, file, filename)
    return client.put(f"/api/v1/evidence/{evidence_id}/file", content=body,
                      headers={**headers, "Content-Type": content_type})


def review(client, evidence_id: int, headers: dict, decision: str = "accept", note: str = ""):
    return client.post(f"/api/v1/evidence/{evidence_id}/review", json={"decision": decision, "note": note},
                       headers=headers)


def problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    if code:
        assert body["code"] == code, body
    return body


def rows(session) -> int:
    return len(session.exec(select(Evidence)).all())


@pytest.fixture
def ids(session) -> dict[str, int]:
    return {ref: action(session, ref).id for ref in ("1.1", "1.2", "1.4", "6.1")}


def publish_and_grant(session) -> None:
    plan = haringey(session)
    plan.published_at = utcnow()
    session.add(plan)
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    access.grant_inspector(session, director, plan.id, user(session, DEMO_EMAILS["inspector"]).id,
                           dt.date(2099, 6, 30), dt.date.today())
    session.commit()


# Uploading

def test_an_owner_uploads_a_pdf_to_their_action(client, auth, session, store, ids):
    response = upload(client, ids["1.4"], auth("action_owner"), description="Cases audited in January 2019",
                      expires_on="2019-12-31")
    assert response.status_code == 201, response.text
    item = response.json()
    assert response.headers["location"] == f"/api/v1/evidence/{item['id']}"
    assert item | {"uploaded_at": None} == item | {
        "action_ids": [ids["1.4"]], "kind": "file", "title": "January thematic audit summary",
        "description": "Cases audited in January 2019", "state": "submitted", "version": 1, "filename": "audit.pdf",
        "content_type": "application/pdf", "size_bytes": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest(),
        "effective_on": "2019-01-31", "expires_on": "2019-12-31", "needs_renewal": True,
        "contains_personal_data": False, "uploaded_by": {"id": user(session, DEMO_EMAILS["action_owner"]).id,
                                                         "name": "Amara Okafor"}, "uploaded_at": None}
    assert kept(store) == [content_path(store, PDF)]
    assert (store.root / content_path(store, PDF)).read_bytes() == PDF
    versions = session.exec(select(EvidenceFile).where(EvidenceFile.evidence_id == item["id"])).all()
    assert [(v.version_no, v.filename) for v in versions] == [(1, "audit.pdf")]
    event = session.exec(select(AuditEvent).where(AuditEvent.object_type == "evidence",
                                                  AuditEvent.object_id == str(item["id"]))).one()
    assert event.operation == "evidence.upload" and event.after["action_ids"] == [ids["1.4"]]
    assert "filename" not in event.after and "sha256" not in event.after  # erasable things stay out of the log
    listed = client.get(f"/api/v1/actions/{ids['1.4']}/evidence", headers=auth("head_of_service")).json()
    assert [e["id"] for e in listed] == [item["id"]]


def test_field_order_does_not_matter_and_empty_optional_fields_count_as_left_out(client, auth, store, ids):
    response = upload(client, ids["1.4"], auth("action_owner"), file_first=True, expires_on="", description="")
    assert response.status_code == 201, response.text
    assert response.json()["expires_on"] is None and response.json()["needs_renewal"] is False


def test_the_type_comes_from_the_content_not_the_name_or_the_declared_type(client, auth, session, store, ids):
    before = rows(session)
    body = problem(upload(client, ids["1.4"], auth("action_owner"), EXE, b"minutes.pdf"), 415,
                   "evidence_type_not_allowed")
    assert "PDF" in body["detail"] and "Word" in body["detail"] and "UTF-8" in body["detail"]
    html = b"<!doctype html><script>alert(1)</script>"
    problem(upload(client, ids["1.4"], auth("action_owner"), html, b"notes.txt"), 415)
    assert rows(session) == before and kept(store) == []


def test_a_text_file_is_served_as_text_whatever_it_was_called(client, auth, store, ids):
    item = upload(client, ids["1.4"], auth("action_owner"), b"ref,score\n1.4,35\n", b"figures.html").json()
    assert (item["content_type"], item["filename"]) == ("text/plain", "figures.txt")
    response = client.get(f"/api/v1/evidence/{item['id']}/file", headers=auth("action_owner"))
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_an_empty_file_is_a_clear_422_and_leaves_nothing(client, auth, session, store, ids):
    before = rows(session)
    body = problem(upload(client, ids["1.4"], auth("action_owner"), b""), 422, "validation_failed")
    assert body["errors"] == [{"loc": ["body", "file"], "type": "empty_file",
                               "msg": "The file is empty (0 bytes): choose a file with content."}]
    assert rows(session) == before and kept(store) == []


def test_missing_and_invalid_fields_point_at_the_field(client, auth, session, store, ids):
    body = problem(upload(client, ids["1.4"], auth("action_owner"), title=None), 422)
    assert [e["loc"] for e in body["errors"]] == [["body", "title"]]
    body = problem(upload(client, ids["1.4"], auth("action_owner"), effective_on="January", 
                          contains_personal_data="maybe"), 422)
    assert {tuple(e["loc"]) for e in body["errors"]} == {("body", "effective_on"), ("body", "contains_personal_data")}
    body = problem(upload(client, ids["1.4"], auth("action_owner"), expires_on="2018-12-31"), 422)
    assert body["errors"][0]["loc"] == ["body", "expires_on"]
    assert "expires_on cannot be before effective_on" in body["detail"]
    for loose in ("1", "yes", "on", "True"):  # a form's boolean is true or false, as the schema says
        problem(upload(client, ids["1.4"], auth("action_owner"), contains_personal_data=loose), 422)
    problem(upload(client, ids["1.4"], auth("action_owner"), effective_on="2019-01-31T00:00:00"), 422)
    body = problem(upload(client, ids["1.4"], auth("action_owner"), owner_id="1"), 422)
    assert body["errors"][0]["loc"] == ["body", "owner_id"]
    body = problem(upload(client, ids["1.4"], auth("action_owner"), None), 422)
    assert body["errors"][0]["loc"] == ["body", "file"]
    body = problem(upload(client, ids["1.4"], auth("action_owner"), title="audit\x00summary"), 422, "nul_character")
    assert body["errors"][0]["loc"] == ["body", "title"]
    assert rows(session) == 0 and kept(store) == []


def test_the_body_must_be_complete_multipart(client, auth, session, store, ids):
    refused = problem(client.post(f"/api/v1/actions/{ids['1.4']}/evidence", json={"title": "x"},
                                  headers=auth("action_owner")), 415)
    assert "multipart/form-data" in refused["detail"]
    body, content_type = multipart({"title": "Audit", "effective_on": "2019-01-31", "contains_personal_data": "false"})
    truncated = body[:-len(f"--{BOUNDARY}--\r\n") - 10]
    problem(client.post(f"/api/v1/actions/{ids['1.4']}/evidence", content=truncated,
                        headers={**auth("action_owner"), "Content-Type": content_type}), 400, "malformed_multipart")
    problem(client.post(f"/api/v1/actions/{ids['1.4']}/evidence", content=body,
                        headers={**auth("action_owner"), "Content-Type": "multipart/form-data"}), 400)
    assert rows(session) == 0 and kept(store) == []


def test_oversize_is_413_and_leaves_nothing(client, auth, session, store, ids, limit):
    limit(100_000)
    big = PDF + bytes(100_001 - len(PDF))
    body = problem(upload(client, ids["1.4"], auth("action_owner"), big), 413, "evidence_too_large")
    assert body["detail"] == "The file is larger than the 97.7 KB allowed."
    assert upload(client, ids["1.4"], auth("action_owner"), big[:100_000]).status_code == 201  # at the limit
    # A body declared larger than any allowed upload is refused before it is read.
    huge = PDF + bytes(100_000 + FORM_OVERHEAD)
    problem(upload(client, ids["1.2"], auth("action_owner"), huge), 413)
    assert rows(session) == 1 and kept(store) == [content_path(store, big[:100_000])]


def test_the_upload_stops_with_413_as_soon_as_the_limit_is_passed(app, auth, session, store, ids, limit):
    limit(2 * MIB)
    head, content_type = multipart({"title": "Scans", "effective_on": "2019-01-31", "contains_personal_data": "false"},
                                   None)
    head = head.removesuffix(f"--{BOUNDARY}--\r\n".encode()) + (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\n\r\n%PDF-1.7\n').encode()
    sent = 0

    async def body():  # 64 MB if anyone kept reading; chunked, so no Content-Length to refuse early
        nonlocal sent
        yield head
        for _ in range(1024):
            sent += 64 * 1024
            yield bytes(64 * 1024)

    async def post():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
            return await c.post(f"/api/v1/actions/{ids['1.4']}/evidence", content=body(),
                                headers={**auth("action_owner"), "Content-Type": content_type})

    problem(anyio.run(post), 413, "evidence_too_large")
    # Read no further than the limit, the piece being written and the one arriving meanwhile.
    assert sent <= 2 * MIB + 2 * FEED_BYTES + 64 * 1024
    assert rows(session) == 0 and kept(store) == []


@pytest.mark.parametrize(("sent", "stored"), [
    (b"../../../etc/passwd.pdf", "passwd.pdf"),
    (b"..\\..\\Windows\\System32\\report.pdf", "report.pdf"),
    (b"C:\\Users\\amara\\Desktop\\audit.pdf", "audit.pdf"),
    ("Jan\x00uary\x1b[31m audit\u202efdp.exe".encode(), "January[31m auditfdp.pdf"),
    (b"\r\nX-Injected: yes.pdf", "evidence.pdf"),  # a raw CR LF ends the header: no name, nothing injected
    ("Évaluation d’été.pdf".encode(), "Évaluation d’été.pdf"),
    (b"CON.pdf", "_CON.pdf"),
    (b"...", "evidence.pdf"),
])
def test_filenames_are_stored_sanitised(client, auth, store, ids, sent, stored):
    response = upload(client, ids["1.4"], auth("action_owner"), filename=sent)
    assert response.status_code == 201, response.text
    item = response.json()
    assert item["filename"] == stored
    download = client.get(f"/api/v1/evidence/{item['id']}/file", headers=auth("action_owner"))
    assert download.headers["content-disposition"].endswith("; filename*=UTF-8''" + quote(stored, safe=""))
    assert kept(store) == [content_path(store, PDF)]


def test_the_same_file_twice_on_one_action_is_a_conflict_naming_the_first(client, auth, session, store, ids):
    first = upload(client, ids["1.4"], auth("action_owner")).json()
    body = problem(upload(client, ids["1.4"], auth("head_of_service"), filename=b"copy.pdf",
                          title="Same again"), 409, "evidence_duplicate")
    assert f"evidence {first['id']}" in body["detail"] and "January thematic audit summary" in body["detail"]
    # On another action the same content is a new item, sharing the one stored file.
    other = upload(client, ids["1.2"], auth("action_owner"), filename=b"copy.pdf").json()
    assert other["id"] != first["id"] and other["sha256"] == first["sha256"]
    assert kept(store) == [content_path(store, PDF)]
    # Once the first is withdrawn, the content may come back to its action.
    client.post(f"/api/v1/evidence/{first['id']}/withdraw", headers=auth("action_owner"))
    assert upload(client, ids["1.4"], auth("action_owner")).status_code == 201


def test_evidence_goes_only_where_the_caller_may_upload(client, auth, session, store, ids):
    body = problem(upload(client, ids["6.1"], auth("action_owner")), 403, "forbidden")
    assert body["detail"] == "You can add evidence only for actions you own."
    problem(upload(client, ids["6.1"], auth("head_of_service")), 403)   # area 6 has no lead
    assert upload(client, ids["1.1"], auth("head_of_service")).status_code == 201  # area 1 is his
    problem(upload(client, ids["1.4"], auth("inspector")), 404)          # cannot see the plan at all
    problem(upload(client, 999_999, auth("action_owner")), 404)
    assert rows(session) == 1 and kept(store) == [content_path(store, PDF)]


def test_a_failure_after_the_file_arrived_keeps_neither_row_nor_file(client, auth, session, store, ids, monkeypatch):
    from actionplan.evidence import service

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(service.audit, "record", broken)
    assert_fails_with_500(lambda: upload(client, ids["1.4"], auth("action_owner")))
    monkeypatch.undo()
    assert rows(session) == 0 and kept(store) == []
    # And when moving the file into place fails, no row is committed.
    monkeypatch.setattr("actionplan.storage.files.os.replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    assert_fails_with_500(lambda: upload(client, ids["1.4"], auth("action_owner")))
    assert rows(session) == 0 and kept(store) == []


def assert_fails_with_500(call) -> None:
    try:
        response = call()
    except (RuntimeError, OSError):
        return  # the test client re-raised it
    assert response.status_code == 500


# Links

def test_links_to_a_web_page_or_a_case_record(client, auth, session, store, ids):
    base = {"title": "Published practice standards", "effective_on": "2019-03-01", "contains_personal_data": False}
    url = client.post(f"/api/v1/actions/{ids['1.2']}/evidence-links", headers=auth("action_owner"),
                      json={**base, "url": "https://haringey.trixonline.co.uk/chapter/practice-standards"})
    assert url.status_code == 201, url.text
    assert url.json() | {"kind": "link", "url": "https://haringey.trixonline.co.uk/chapter/practice-standards",
                         "case_reference": None, "filename": None, "sha256": None} == url.json()
    case = client.post(f"/api/v1/actions/{ids['1.2']}/evidence-links", headers=auth("action_owner"),
                       json={**base, "contains_personal_data": True,
                             "case_reference": {"system": "Mosaic", "reference": "CASE-004211"}})
    assert case.status_code == 201, case.text
    assert (case.json()["case_reference"], case.json()["url"]) == ({"system": "Mosaic", "reference": "CASE-004211"},
                                                                   None)
    again = client.post(f"/api/v1/actions/{ids['1.2']}/evidence-links", headers=auth("head_of_service"),
                        json={**base, "case_reference": {"system": "Mosaic", "reference": "CASE-004211"}})
    assert f"evidence {case.json()['id']}" in problem(again, 409, "evidence_duplicate")["detail"]
    assert client.get(f"/api/v1/evidence/{url.json()['id']}/file", headers=auth("action_owner")).json()["code"] \
        == "evidence_has_no_file"
    assert client.get(f"/api/v1/evidence/{url.json()['id']}/versions", headers=auth("action_owner")).json() == []
    assert kept(store) == []


@pytest.mark.parametrize("target", [
    {"url": "ftp://files.example/report.pdf"},
    {"url": "javascript:alert(1)"},
    {"url": "https://user:secret@intranet.example/report"},
    {"url": "https://intranet.example:99999/"},
    {"url": "https://"},
    {"url": None},
    {"case_reference": {"system": "Mosaic", "reference": ""}, "effective_on": "2019-03-01"},
    {"url": "https://a.example/", "effective_on": 0},
    {"url": "https://a.example/", "effective_on": "2019-03-01T00:00:00Z"},
    {"url": "https://a.example/", "contains_personal_data": "false"},
    {"case_reference": {"system": "Mosaic:x", "reference": "1"}},
    {"url": "https://a.example/", "case_reference": {"system": "Mosaic", "reference": "1"}},
    {},
])
def test_link_targets_are_checked(client, auth, session, ids, target):
    body = {"title": "Link", "effective_on": "2019-03-01", "contains_personal_data": False, **target}
    problem(client.post(f"/api/v1/actions/{ids['1.2']}/evidence-links", headers=auth("action_owner"), json=body), 422)
    assert rows(session) == 0


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c",
                                  "\u200b", "\u2060", "\ufeff", "\u00ad", "\u00a0", "\u3000", "\u0085",
                                  "\U000e0041"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_a_link_may_not_hide_where_it_goes(client, auth, session, ids, char):
    # "https://intranet.example/report\u202efdp.exe" shows as ".../reportexe.pdf": what a reader sees
    # must be where the link goes.
    for url in (f"https://intranet.example/report{char}fdp.exe", f"https://intra{char}net.example/report"):
        body = {"title": "Link", "effective_on": "2019-03-01", "contains_personal_data": False, "url": url}
        response = client.post(f"/api/v1/actions/{ids['1.2']}/evidence-links", headers=auth("action_owner"), json=body)
        assert problem(response, 422)["errors"][0]["loc"][:2] == ["body", "url"], url
    assert rows(session) == 0


def test_a_link_may_hold_letters_of_any_language(client, auth, ids):
    body = {"title": "Link", "effective_on": "2019-03-01", "contains_personal_data": False,
            "url": "https://intranet.example/café/محضر-الاجتماع"}
    assert client.post(f"/api/v1/actions/{ids['1.2']}/evidence-links", headers=auth("action_owner"),
                       json=body).status_code == 201


def test_one_item_supports_several_actions(client, auth, session, store, ids):
    item = upload(client, ids["1.4"], auth("action_owner")).json()
    linked = client.post(f"/api/v1/evidence/{item['id']}/actions", json={"action_id": float(ids["1.2"])},  # 12.0 is an integer in JSON
                         headers=auth("action_owner"))
    assert linked.status_code == 201, linked.text
    assert linked.json()["action_ids"] == [ids["1.4"], ids["1.2"]]
    listed = client.get(f"/api/v1/actions/{ids['1.2']}/evidence", headers=auth("action_owner")).json()
    assert [e["id"] for e in listed] == [item["id"]]
    problem(client.post(f"/api/v1/evidence/{item['id']}/actions", json={"action_id": ids["1.2"]},
                        headers=auth("action_owner")), 409, "evidence_already_linked")
    problem(client.post(f"/api/v1/evidence/{item['id']}/actions", json={"action_id": ids["6.1"]},
                        headers=auth("action_owner")), 403)  # needs evidence:upload on the target
    assert client.post(f"/api/v1/evidence/{item['id']}/actions", json={"action_id": ids["6.1"]},
                       headers=auth("assistant_director")).status_code == 201
    problem(client.post(f"/api/v1/evidence/{item['id']}/actions", json={"action_id": 999_999},
                        headers=auth("action_owner")), 404)
    assert kept(store) == [content_path(store, PDF)]


def test_linking_someone_elses_item_to_ones_own_action_gives_no_power_over_it(client, auth, session, store, ids):
    """Issue 10: an owner linked another's item to their own action, then withdrew it and replaced its file."""
    theirs = upload(client, ids["6.1"], auth("assistant_director")).json()
    linked = client.post(f"/api/v1/evidence/{theirs['id']}/actions", json={"action_id": ids["1.4"]},
                         headers=auth("action_owner"))
    assert linked.status_code == 201, linked.text
    assert linked.json()["action_ids"] == [ids["6.1"], ids["1.4"]] and linked.json()["home_action_id"] == ids["6.1"]
    shown = client.get(f"/api/v1/actions/{ids['1.4']}/evidence", headers=auth("action_owner")).json()
    assert [e["id"] for e in shown] == [theirs["id"]]  # the link shows it there, and does nothing more

    problem(client.post(f"/api/v1/evidence/{theirs['id']}/withdraw", headers=auth("action_owner")), 403)
    problem(replace(client, theirs["id"], auth("action_owner"), PDF_V2), 403)
    session.expire_all()
    item = session.get(Evidence, theirs["id"])
    assert (item.state, item.version, item.sha256) == ("submitted", 1, theirs["sha256"])
    # Those who may upload on its home still may.
    assert client.post(f"/api/v1/evidence/{theirs['id']}/withdraw", headers=auth("director")).status_code == 200


def test_a_link_is_removed_by_the_linked_actions_people_or_the_items_never_its_home(client, auth, session, store,
                                                                                    ids):
    theirs = upload(client, ids["6.1"], auth("assistant_director")).json()
    mine = upload(client, ids["1.4"], auth("action_owner"), PDF_V2).json()
    for item, action_id, who in ((theirs, ids["1.4"], "action_owner"), (mine, ids["6.1"], "assistant_director")):
        assert client.post(f"/api/v1/evidence/{item['id']}/actions", json={"action_id": action_id},
                           headers=auth(who)).status_code == 201

    # The owner takes someone else's item off his action, and his own item off someone else's.
    off_mine = client.delete(f"/api/v1/evidence/{theirs['id']}/actions/{ids['1.4']}", headers=auth("action_owner"))
    assert off_mine.status_code == 200, off_mine.text
    assert off_mine.json()["action_ids"] == [ids["6.1"]]
    assert client.get(f"/api/v1/actions/{ids['1.4']}/evidence", headers=auth("action_owner")).json()[0]["id"] \
        == mine["id"]
    off_theirs = client.delete(f"/api/v1/evidence/{mine['id']}/actions/{ids['6.1']}", headers=auth("action_owner"))
    assert off_theirs.status_code == 200 and off_theirs.json()["action_ids"] == [ids["1.4"]]
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "evidence.unlink_action")
                         .order_by(col(AuditEvent.id).desc())).first()
    assert (event.before["action_ids"], event.after["action_ids"]) == ([ids["1.4"], ids["6.1"]], [ids["1.4"]])

    problem(client.delete(f"/api/v1/evidence/{theirs['id']}/actions/{ids['6.1']}", headers=auth("action_owner")), 403)
    problem(client.delete(f"/api/v1/evidence/{theirs['id']}/actions/{ids['6.1']}",
                          headers=auth("assistant_director")), 409, "evidence_home_link")
    problem(client.delete(f"/api/v1/evidence/{theirs['id']}/actions/{ids['1.4']}", headers=auth("director")), 404)


def test_a_head_of_service_does_not_review_evidence_from_an_area_they_do_not_lead_by_linking_it(
        client, auth, session, store, ids):
    """Issue 10: area 6 has no lead; linking its evidence to an action in area 1 (Daniel's) was enough."""
    elsewhere = upload(client, ids["6.1"], auth("assistant_director")).json()
    assert client.post(f"/api/v1/evidence/{elsewhere['id']}/actions", json={"action_id": ids["1.1"]},
                       headers=auth("head_of_service")).status_code == 201
    assert "You can review evidence only for actions in areas you lead" in problem(review(client, elsewhere["id"], auth("head_of_service")),
                                                           403)["detail"]
    session.expire_all()
    assert session.get(Evidence, elsewhere["id"]).state == "submitted"
    # The other way round: evidence uploaded in his area and linked elsewhere is still his to review.
    his = upload(client, ids["1.4"], auth("action_owner"), PDF_V2).json()
    assert client.post(f"/api/v1/evidence/{his['id']}/actions", json={"action_id": ids["6.1"]},
                       headers=auth("assistant_director")).status_code == 201
    assert review(client, his["id"], auth("head_of_service")).status_code == 200


# Review

def test_review_by_a_head_of_service_never_by_the_uploader(client, auth, session, store, ids):
    owners = upload(client, ids["1.4"], auth("action_owner")).json()
    own = upload(client, ids["1.1"], auth("head_of_service"), PDF_V2).json()
    nobodys = upload(client, ids["6.1"], auth("assistant_director")).json()

    assert "Nobody decides on their own" in problem(review(client, own["id"], auth("head_of_service")), 403)["detail"]
    problem(review(client, nobodys["id"], auth("head_of_service")), 403)  # area 6 is not his
    problem(review(client, owners["id"], auth("action_owner")), 403)      # owners do not review
    problem(review(client, nobodys["id"], auth("assistant_director")), 403)  # her own upload
    problem(review(client, owners["id"], auth("head_of_service"), "reject"), 422)  # a rejection says why
    problem(review(client, owners["id"], auth("head_of_service"), "reject", " \n"), 422)

    accepted = review(client, owners["id"], auth("head_of_service"), note="Matches the audit tool")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json() | {"reviewed_at": None} == accepted.json() | {
        "state": "accepted", "review_note": "Matches the audit tool", "reviewed_at": None,
        "reviewed_by": {"id": user(session, DEMO_EMAILS["head_of_service"]).id, "name": "Daniel Hughes"}}
    problem(review(client, owners["id"], auth("director")), 409, "evidence_not_submitted")
    rejected = review(client, own["id"], auth("assistant_director"), "reject", "Unsigned draft")
    assert rejected.json()["state"] == "rejected"
    operations = session.exec(select(AuditEvent.operation).where(AuditEvent.object_type == "evidence")
                              .order_by(col(AuditEvent.id))).all()
    assert operations[-2:] == ["evidence.accept", "evidence.reject"]


def test_an_accepted_item_is_announced_to_webhook_subscribers_unless_it_holds_personal_data(client, auth, session,
                                                                                             store, ids):
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    token, _ = access.create_service_token(session, director, "dashboard", None, None, 30)
    session.add(WebhookSubscription(service_token_id=token.id, url="https://dashboard.example/hook", secret="s" * 32,
                                    event_types=["evidence.accepted"]))
    session.commit()
    plain = upload(client, ids["1.4"], auth("action_owner")).json()
    personal = upload(client, ids["1.2"], auth("action_owner"), PDF_V2, contains_personal_data="true").json()
    client.post(f"/api/v1/evidence/{plain['id']}/actions", json={"action_id": ids["1.2"]}, headers=auth("action_owner"))
    shown = review(client, plain["id"], auth("head_of_service")).json()
    review(client, personal["id"], auth("head_of_service"))
    deliveries = session.exec(select(WebhookDelivery)).all()
    assert [d.event_type for d in deliveries] == ["evidence.accepted"]
    assert deliveries[0].payload["data"] == shown
    assert deliveries[0].payload["data"]["action_ids"] == [ids["1.4"], ids["1.2"]]


# What inspectors and other systems see

def test_inspectors_and_service_tokens_see_accepted_evidence_without_personal_data_only(client, auth, session,
                                                                                         store, ids):
    publish_and_grant(session)
    owner, hos = auth("action_owner"), auth("head_of_service")
    shown = upload(client, ids["1.4"], owner, title="Shown").json()
    personal = upload(client, ids["1.4"], owner, PDF_V2, title="Personal", contains_personal_data="true").json()
    pending = upload(client, ids["1.4"], owner, b"pending\n", b"p.txt", title="Pending").json()
    rejected = upload(client, ids["1.4"], owner, b"rejected\n", b"r.txt", title="Rejected").json()
    for item in (shown, personal):
        review(client, item["id"], hos)
    review(client, rejected["id"], hos, "reject", "Wrong quarter")
    replace(client, shown["id"], owner, b"%PDF-1.7\nsecond\n")
    review(client, shown["id"], hos)

    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    _, secret = access.create_service_token(session, director, "performance", None, None, 30)
    for headers in (auth("inspector"), {"Authorization": f"Bearer {secret}"}):
        listed = client.get(f"/api/v1/actions/{ids['1.4']}/evidence", headers=headers)
        assert [e["title"] for e in listed.json()] == ["Shown"]
        assert client.get(f"/api/v1/evidence/{shown['id']}", headers=headers).status_code == 200
        assert client.get(f"/api/v1/evidence/{shown['id']}/file", headers=headers).content == b"%PDF-1.7\nsecond\n"
        assert [v["version_no"] for v in client.get(f"/api/v1/evidence/{shown['id']}/versions",
                                                    headers=headers).json()] == [2]
        problem(client.get(f"/api/v1/evidence/{shown['id']}/versions/1/file", headers=headers), 404)
        for hidden in (personal, pending, rejected):
            problem(client.get(f"/api/v1/evidence/{hidden['id']}", headers=headers), 404)
            problem(client.get(f"/api/v1/evidence/{hidden['id']}/file", headers=headers), 404)
            problem(client.get(f"/api/v1/evidence/{hidden['id']}/versions", headers=headers), 404)
    assert len(client.get(f"/api/v1/actions/{ids['1.4']}/evidence", headers=owner).json()) == 4


# Life cycle

def test_replacing_the_file_keeps_the_history_and_goes_back_for_review(client, auth, session, store, ids):
    item = upload(client, ids["1.4"], auth("action_owner")).json()
    review(client, item["id"], auth("head_of_service"))
    before = rows(session)
    problem(replace(client, item["id"], auth("action_owner"), PDF), 409, "evidence_unchanged")
    problem(replace(client, item["id"], auth("action_owner"), EXE, b"v2.pdf"), 415)
    problem(replace(client, item["id"], auth("action_owner"), b""), 422)
    replaced = replace(client, item["id"], auth("action_owner"), PDF_V2, b"audit (final).pdf")
    assert replaced.status_code == 200, replaced.text
    assert replaced.json() | {"reviewed_at": None} == replaced.json() | {
        "version": 2, "state": "submitted", "filename": "audit (final).pdf", "reviewed_by": None,
        "reviewed_at": None, "review_note": None, "sha256": hashlib.sha256(PDF_V2).hexdigest()}
    assert rows(session) == before
    versions = client.get(f"/api/v1/evidence/{item['id']}/versions", headers=auth("head_of_service")).json()
    assert [(v["version_no"], v["current"], v["filename"]) for v in versions] == [
        (2, True, "audit (final).pdf"), (1, False, "audit.pdf")]
    old = client.get(f"/api/v1/evidence/{item['id']}/versions/1/file", headers=auth("head_of_service"))
    assert old.content == PDF and 'filename="audit.pdf"' in old.headers["content-disposition"]
    assert client.get(f"/api/v1/evidence/{item['id']}/file", headers=auth("action_owner")).content == PDF_V2
    assert kept(store) == sorted([content_path(store, PDF), content_path(store, PDF_V2)])
    link = client.post(f"/api/v1/actions/{ids['1.4']}/evidence-links", headers=auth("action_owner"),
                       json={"title": "Tri.x", "effective_on": "2019-03-01", "contains_personal_data": False,
                             "url": "https://haringey.trixonline.co.uk/"}).json()
    problem(replace(client, link["id"], auth("action_owner"), PDF), 409, "evidence_is_link")
    problem(replace(client, item["id"], auth("inspector"), PDF), 404)


def test_withdrawal_is_a_state_by_the_uploader_or_whoever_may_upload_there(client, auth, session, store, ids):
    owners = upload(client, ids["1.4"], auth("action_owner")).json()
    ads = upload(client, ids["6.1"], auth("assistant_director")).json()
    problem(client.post(f"/api/v1/evidence/{ads['id']}/withdraw", headers=auth("action_owner")), 403)
    problem(client.post(f"/api/v1/evidence/{ads['id']}/withdraw", headers=auth("head_of_service")), 403)
    # The action changes hands; its former owner may still withdraw what they uploaded.
    action(session, "1.4").owner_id = user(session, DEMO_EMAILS["head_of_service"]).id
    session.commit()
    withdrawn = client.post(f"/api/v1/evidence/{owners['id']}/withdraw", headers=auth("action_owner"))
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    problem(client.post(f"/api/v1/evidence/{owners['id']}/withdraw", headers=auth("action_owner")), 409)
    problem(review(client, owners["id"], auth("director")), 409)
    assert client.post(f"/api/v1/evidence/{ads['id']}/withdraw", headers=auth("director")).status_code == 200
    assert rows(session) == 2 and len(kept(store)) == 1  # nothing deleted


def test_erasure_removes_every_version_and_keeps_the_record(client, auth, session, store, ids):
    item = upload(client, ids["1.4"], auth("action_owner"), description="About child A.B.").json()
    replace(client, item["id"], auth("action_owner"), PDF_V2, b"A.B. assessment.pdf")
    shared = upload(client, ids["1.2"], auth("action_owner"), PDF_V2).json()  # same content
    problem(client.post(f"/api/v1/evidence/{item['id']}/erase", json={"reason": "x"}, headers=auth("head_of_service")),
            403)
    problem(client.post(f"/api/v1/evidence/{item['id']}/erase", json={"reason": " "}, headers=auth("director")), 422)

    erased = client.post(f"/api/v1/evidence/{item['id']}/erase", headers=auth("assistant_director"),
                         json={"reason": "Personal data about a child uploaded by mistake"})
    assert erased.status_code == 200, erased.text
    record = client.get(f"/api/v1/evidence/{item['id']}", headers=auth("action_owner")).json()
    assert record | {"erased_at": None} == record | {
        "state": "erased", "title": "January thematic audit summary", "description": "", "filename": None,
        "sha256": None, "erased_at": None, "erasure_reason": "Personal data about a child uploaded by mistake",
        "erased_by": {"id": user(session, DEMO_EMAILS["assistant_director"]).id, "name": "Sarah Mensah"}}
    versions = client.get(f"/api/v1/evidence/{item['id']}/versions", headers=auth("action_owner")).json()
    assert [(v["version_no"], v["sha256"], v["filename"]) for v in versions] == [(2, None, ""), (1, None, "")]
    # Version 1's content had no other user and is gone; version 2's is another item's too and stays.
    assert kept(store) == [content_path(store, PDF_V2)]
    assert client.get(f"/api/v1/evidence/{shared['id']}/file", headers=auth("action_owner")).content == PDF_V2
    problem(client.get(f"/api/v1/evidence/{item['id']}/file", headers=auth("action_owner")), 404, "evidence_erased")
    problem(client.get(f"/api/v1/evidence/{item['id']}/versions/1/file", headers=auth("action_owner")), 404)
    problem(client.post(f"/api/v1/evidence/{item['id']}/erase", json={"reason": "again"}, headers=auth("director")),
            409)
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "evidence.erase")).one()
    assert event.after | {"files_removed": 1, "files_kept_for_other_items": 1} == event.after
    assert "A.B." not in str(event.before) + str(event.after)
    # Erasing the other item too removes the last copy.
    client.post(f"/api/v1/evidence/{shared['id']}/erase", json={"reason": "Same file"}, headers=auth("director"))
    assert kept(store) == []


def test_evidence_past_its_expiry_is_flagged_for_renewal(client, auth, session, store, ids):
    today = dt.date.today()
    old = upload(client, ids["1.4"], auth("action_owner"), effective_on="2019-01-31",
                 expires_on=(today - dt.timedelta(days=1)).isoformat()).json()
    current = upload(client, ids["1.4"], auth("action_owner"), PDF_V2, effective_on="2019-01-31",
                     expires_on=(today + dt.timedelta(days=1)).isoformat()).json()
    assert (old["needs_renewal"], current["needs_renewal"]) == (True, False)


# Downloads

def test_a_download_is_an_attachment_with_its_hash_and_no_sniffing(client, auth, store, ids):
    item = upload(client, ids["1.4"], auth("action_owner"), filename="Évaluation d'été; 2019.pdf".encode()).json()
    response = client.get(f"/api/v1/evidence/{item['id']}/file", headers=auth("action_owner"))
    assert response.status_code == 200 and response.content == PDF
    sha = hashlib.sha256(PDF).hexdigest()
    assert item["filename"] == "Évaluation d'été; 2019.pdf"
    assert {k: response.headers[k] for k in ("content-type", "content-disposition", "x-content-type-options",
                                             "x-content-sha256", "etag", "accept-ranges", "content-length",
                                             "cache-control")} == {
        "content-type": "application/pdf",
        "content-disposition": "attachment; filename=\"_valuation d'_t_; 2019.pdf\"; "
                               "filename*=UTF-8''%C3%89valuation%20d%27%C3%A9t%C3%A9%3B%202019.pdf",
        "x-content-type-options": "nosniff", "x-content-sha256": sha, "etag": f'"{sha}"', "accept-ranges": "bytes",
        "content-length": str(len(PDF)), "cache-control": "private, no-store"}
    assert response.headers["repr-digest"] == f"sha-256=:{base64.b64encode(bytes.fromhex(sha)).decode()}:"


@pytest.mark.parametrize(("range_", "status", "content_range", "part"), [
    ("bytes=0-9", 206, "bytes 0-9/{n}", slice(0, 10)),
    ("bytes=10-", 206, "bytes 10-{last}/{n}", slice(10, None)),
    ("bytes=-6", 206, "bytes {tail}-{last}/{n}", slice(-6, None)),
    ("bytes=5-100000", 206, "bytes 5-{last}/{n}", slice(5, None)),
    ("bytes=0-0,5-6", 200, None, slice(None)),      # several ranges: the whole file
    ("pages=1", 200, None, slice(None)),            # not bytes: ignored
    ("bytes=100000-", 416, "bytes */{n}", None),
])
def test_range_requests(client, auth, store, ids, range_, status, content_range, part):
    item = upload(client, ids["1.4"], auth("action_owner")).json()
    response = client.get(f"/api/v1/evidence/{item['id']}/file", headers={**auth("action_owner"), "Range": range_})
    assert response.status_code == status, response.text
    n = len(PDF)
    if content_range:
        assert response.headers["content-range"] == content_range.format(n=n, last=n - 1, tail=n - 6)
    if part is not None:
        assert response.content == PDF[part]
        assert response.headers["x-content-sha256"] == hashlib.sha256(PDF).hexdigest()
    else:
        assert response.headers["content-type"] == PROBLEM


def test_if_range_with_a_stale_etag_sends_the_whole_file(client, auth, store, ids):
    item = upload(client, ids["1.4"], auth("action_owner")).json()
    headers = {**auth("action_owner"), "Range": "bytes=0-3"}
    fresh = client.get(f"/api/v1/evidence/{item['id']}/file", headers={**headers, "If-Range": f'"{item["sha256"]}"'})
    stale = client.get(f"/api/v1/evidence/{item['id']}/file", headers={**headers, "If-Range": '"0000"'})
    assert (fresh.status_code, fresh.content) == (206, PDF[:4])
    assert (stale.status_code, stale.content) == (200, PDF)
