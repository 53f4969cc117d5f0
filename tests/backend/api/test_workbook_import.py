"""Importing the board pack spreadsheet after officers edited it offline (with openpyxl, as a user would):
a preview of every change with nothing applied, then the changes through the workflow as the uploader,
all or nothing; errors naming sheet, row and column; the same workbook twice changes nothing."""

import datetime as dt
import io
import zipfile

import openpyxl
from sqlmodel import func, select

from actionplan.actions.models import Action, ProgressNote, Reschedule, StatusChange
from actionplan.workbooks.models import WorkbookImport
from tests.backend.builders import action, haringey

API = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LATER = dt.date(2027, 3, 31)


def download(client, session, headers) -> bytes:
    response = client.get(f"{API}/plans/{haringey(session).id}/pack.xlsx", headers=headers)
    assert response.status_code == 200, response.text
    return response.content


def edit(data: bytes, edits: dict[str, dict[str, object]]) -> bytes:
    """Sets cells of the Actions sheet by the row's Ref and the column's heading, and saves, as Excel would."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Actions"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    rows = {sheet.cell(row=r, column=columns["Ref"]).value: r for r in range(2, sheet.max_row + 1)}
    for ref, cells in edits.items():
        for heading, value in cells.items():
            sheet.cell(row=rows[ref], column=columns[heading]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, session, headers, data: bytes, name: str = "board-pack.xlsx"):
    return client.post(f"{API}/plans/{haringey(session).id}/workbook-imports", headers=headers,
                       files={"file": (name, data, XLSX)})


def apply(client, headers, preview):
    return client.post(f"{API}/workbook-imports/{preview.json()['id']}/apply",
                       headers={**headers, "If-Match": preview.headers["ETag"]})


def pending(session, model, ref: str):
    return session.exec(select(model).where(model.action_id == action(session, ref).id,
                                            model.state == "pending")).all()


def test_a_round_trip_previews_every_change_then_applies_it_through_the_workflow(client, session, auth):
    ad = auth("assistant_director")
    before = {ref: (action(session, ref).status, action(session, ref).version) for ref in ("1.4", "1.5", "1.6", "1.7")}
    to = "Green" if before["1.4"][0] != "green" else "Amber"
    data = edit(download(client, session, ad), {
        "1.4": {"RAG": to, "Latest commentary": "Audits show 58% good or better in June."},
        "1.5": {"Due date": dt.datetime(2027, 3, 31), "Latest commentary": "The new audit tool arrives in January."},
        "1.6": {"Owner": "Amara Okafor"},
        "1.7": {"Latest commentary": "Training dates booked for every team."},
    })
    preview = upload(client, session, ad, data)
    assert preview.status_code == 201, preview.text
    body = preview.json()
    assert preview.headers["Location"] == f"{API}/workbook-imports/{body['id']}"
    assert body["state"] == "previewed" and body["errors"] == [] and body["can_apply"]
    assert body["rows_read"] == 40 and body["unchanged"] == 36
    owner_before = action(session, "1.6").owner_id
    assert [(c["kind"], c["ref"], c["column"], c["to_value"]) for c in body["changes"]] == [
        ("status", "1.4", "G", to),
        ("due_date", "1.5", "J", "31 March 2027"),
        ("owner", "1.6", "F", "Amara Okafor"),
        ("progress", "1.7", "H", "Training dates booked for every team."),
    ]
    status = body["changes"][0]
    assert status["from_value"] == {"not_started": "Not started"}.get(before["1.4"][0], before["1.4"][0].capitalize())
    assert status["note"] == "Audits show 58% good or better in June." and status["row"] == 2 + [a.ref for a in _in_print_order(session)].index("1.4")
    # Nothing is applied by the preview.
    session.expire_all()
    assert {ref: (action(session, ref).status, action(session, ref).version) for ref in before} == before
    assert not pending(session, StatusChange, "1.4") and not pending(session, Reschedule, "1.5")
    assert action(session, "1.6").owner_id == owner_before

    assert client.post(f"{API}/workbook-imports/{body['id']}/apply", headers=ad).status_code == 428
    applied = apply(client, ad, preview)
    assert applied.status_code == 200, applied.text
    assert applied.json()["state"] == "applied" and not applied.json()["can_apply"]
    session.expire_all()
    # A status in a spreadsheet is a proposal, never an approval.
    proposal, = pending(session, StatusChange, "1.4")
    assert proposal.to_status == to.lower() and action(session, "1.4").status == before["1.4"][0]
    assert proposal.commentary == "Audits show 58% good or better in June."
    reschedule, = pending(session, Reschedule, "1.5")
    assert reschedule.to_due_on == LATER and reschedule.reason == "The new audit tool arrives in January."
    assert action(session, "1.5").due_on != LATER
    assert session.get(Action, action(session, "1.6").id).owner_id != owner_before
    notes = session.exec(select(ProgressNote).where(ProgressNote.action_id == action(session, "1.7").id)).all()
    assert [n.text for n in notes][-1:] == ["Training dates booked for every team."]

    # Applying twice, or importing the same workbook again, changes nothing.
    assert apply(client, ad, preview).status_code == 409
    again = upload(client, session, ad, data)
    assert again.status_code == 201 and again.json()["changes"] == [] and again.json()["errors"] == []
    assert again.json()["unchanged"] == 40 and not again.json()["can_apply"]
    counts = [session.exec(select(func.count()).select_from(m)).one() for m in (StatusChange, Reschedule, ProgressNote)]
    assert apply(client, ad, again).status_code == 200
    assert [session.exec(select(func.count()).select_from(m)).one() for m in (StatusChange, Reschedule, ProgressNote)] == counts


def test_errors_name_the_sheet_row_and_column_and_nothing_applies(client, session, auth):
    ad = auth("assistant_director")
    data = edit(download(client, session, ad), {
        "1.1": {"RAG": "Purple"},
        "1.2": {"Due date": "soon"},
        "1.3": {"RAG": "Red", "Latest commentary": "Slipping badly."},
        "1.4": {"Owner": "Nobody Known"},
        "1.5": {"RAG": "Green"},             # a new RAG with no commentary saying why
        "2.1": {"Ref": "9.9"},
        "1.6": {"Latest commentary": "A good quarter."},
    })
    preview = upload(client, session, ad, data)
    assert preview.status_code == 201, preview.text
    errors = preview.json()["errors"]
    found = {(e["sheet"], e["row"], e["column"], e["heading"]) for e in errors}
    rows = {ref: 2 + i for i, ref in enumerate(a.ref for a in _in_print_order(session))}
    assert found >= {("Actions", rows["1.1"], "G", "RAG"), ("Actions", rows["1.2"], "J", "Due date"),
                     ("Actions", rows["1.3"], "G", "RAG"), ("Actions", rows["1.4"], "F", "Owner"),
                     ("Actions", rows["1.5"], "H", "Latest commentary"), ("Actions", rows["2.1"], "C", "Ref")}
    words = " ".join(e["message"] for e in errors)
    assert "'Purple' is not a RAG status" in words and "'soon' is not a date" in words
    assert "Red needs an exception report" in words and "Nobody called 'Nobody Known'" in words
    assert "There is no action '9.9'" in words
    assert not preview.json()["can_apply"]
    refused = apply(client, ad, preview)
    assert refused.status_code == 409 and refused.json()["code"] == "import_has_errors"
    session.expire_all()
    assert not session.exec(select(ProgressNote).where(ProgressNote.text == "A good quarter.")).all()


def _in_print_order(session):
    from actionplan.plans.models import Area
    rows = session.exec(select(Action, Area.number).join(Area, Area.id == Action.area_id)
                        .where(Action.plan_id == haringey(session).id)).all()
    return [a for a, _ in sorted(rows, key=lambda r: (r[1], r[0].position, r[0].id))]


def test_a_row_the_uploader_may_not_change_is_refused_and_then_nothing_is_applied(client, session, auth):
    owner = auth("action_owner")
    data = edit(download(client, session, owner), {
        "1.4": {"Latest commentary": "Audit programme on track."},          # theirs
        "1.5": {"Latest commentary": "Someone else's action."},            # not theirs
        "1.2": {"Owner": "Daniel Hughes"},                                 # owners are chosen by ADs
    })
    preview = upload(client, session, owner, data)
    assert preview.status_code == 201, preview.text
    body = preview.json()
    assert [c["ref"] for c in body["changes"]] == ["1.2", "1.4", "1.5"]
    messages = {e["ref"]: e["message"] for e in body["errors"]}
    assert set(messages) == {"1.2", "1.5"}
    assert "only for actions you own" in messages["1.5"] and "choose who owns an action" in messages["1.2"]
    assert apply(client, owner, preview).status_code == 409
    session.expire_all()
    assert not session.exec(select(ProgressNote).where(ProgressNote.text == "Audit programme on track.")).all()


def test_a_preview_made_before_the_plan_moved_on_is_not_applied(client, session, auth):
    owner, ad = auth("action_owner"), auth("assistant_director")
    data = edit(download(client, session, owner), {"1.4": {"Latest commentary": "Audit programme on track."}})
    preview = upload(client, session, owner, data)
    one = action(session, "1.2")
    moved = client.post(f"{API}/actions/{one.id}/progress", json={"text": "Standards drafted."},
                        headers={**ad, "If-Match": f'"action-{one.id}-v{one.version}"'})
    assert moved.status_code == 201, moved.text
    stale = apply(client, owner, preview)
    assert stale.status_code == 412 and stale.json()["code"] == "import_stale"
    wrong = client.post(f"{API}/workbook-imports/{preview.json()['id']}/apply",
                        headers={**owner, "If-Match": '"workbook-import-1-0000"'})
    assert wrong.status_code == 412
    fresh = upload(client, session, owner, data)
    assert apply(client, owner, fresh).status_code == 200


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    return out.getvalue()


def _other_sheets_only() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_kept(client, session, auth):
    ad = auth("assistant_director")
    kept = session.exec(select(func.count()).select_from(WorkbookImport)).one()
    headers_moved = edit(download(client, session, ad), {})
    book = openpyxl.load_workbook(io.BytesIO(headers_moved))
    book["Actions"]["G1"] = "Status"
    out = io.BytesIO()
    book.save(out)
    cases = {
        b"Area,Ref\r\n1,1.1\r\n": (422, "bad_workbook", "not an Excel workbook"),
        _bomb(): (422, "workbook_too_large", "expands to far more"),
        _other_sheets_only(): (422, "workbook_sheet_missing", "no sheet called 'Actions'"),
        out.getvalue(): (422, "workbook_headings_missing", "'RAG'"),
        b"PK" + b"\0" * (6 * 1024 * 1024): (413, "workbook_too_large", "larger than the 5 MB"),
    }
    for data, (status, code, words) in cases.items():
        response = upload(client, session, ad, data)
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == code and words in response.json()["detail"]
    empty = client.post(f"{API}/plans/{haringey(session).id}/workbook-imports", headers=ad,
                        files={"file": ("x.xlsx", b"", XLSX)})
    assert empty.status_code == 422
    assert session.exec(select(func.count()).select_from(WorkbookImport)).one() == kept


def test_who_may_upload_and_see_an_import(client, session, auth):
    plan_id = haringey(session).id
    owner = auth("action_owner")
    data = download(client, session, owner)
    assert upload(client, session, {}, data).status_code == 401
    assert upload(client, session, auth("admin"), data).status_code == 404        # does not read plans
    preview = upload(client, session, owner, data)
    assert preview.status_code == 201
    url = f"{API}/workbook-imports/{preview.json()['id']}"
    assert client.get(url, headers=owner).status_code == 200
    for other in ("head_of_service", "director", "admin"):
        assert client.get(url, headers=auth(other)).status_code == 404
        assert client.post(f"{url}/apply", headers={**auth(other), "If-Match": preview.headers["ETag"]}).status_code == 404
    assert client.post(f"{API}/plans/{plan_id + 999}/workbook-imports", headers=owner,
                       files={"file": ("x.xlsx", data, XLSX)}).status_code == 404


def test_one_change_refused_when_applying_undoes_them_all(client, session, auth):
    """All or nothing: a Blue previewed while the action had accepted evidence, whose evidence is then
    withdrawn (which moves no version the preview depends on), is refused at apply, and the progress
    note of another row that went in before it is undone with it."""
    from actionplan.evidence.models import Evidence, EvidenceLink
    from tests.backend.builders import accepted_evidence

    ad = auth("assistant_director")
    blue = action(session, "1.4")
    accepted_evidence(session, blue)
    data = edit(download(client, session, ad), {
        "1.2": {"Latest commentary": "Standards published on Tri.x."},
        "1.4": {"RAG": "Blue", "Latest commentary": "Audit programme complete."},
    })
    preview = upload(client, session, ad, data)
    assert preview.json()["errors"] == [] and preview.json()["can_apply"], preview.text
    for item in session.exec(select(Evidence).join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
                             .where(EvidenceLink.action_id == blue.id)):
        item.state = "withdrawn"
        session.add(item)
    session.commit()
    refused = apply(client, ad, preview)
    assert refused.status_code == 409 and refused.json()["code"] == "import_refused"
    assert "row" in refused.json()["detail"] and "Nothing was applied" in refused.json()["detail"]
    session.expire_all()
    assert not session.exec(select(ProgressNote).where(ProgressNote.text == "Standards published on Tri.x.")).all()
    assert not pending(session, StatusChange, "1.4")
    assert client.get(f"{API}/workbook-imports/{preview.json()['id']}", headers=ad).json()["state"] == "previewed"
