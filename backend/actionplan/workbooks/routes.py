"""Importing the board pack workbook after officers have edited it offline: upload and preview, then apply."""

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from starlette.concurrency import run_in_threadpool

from actionplan.auth.deps import CurrentPrincipal, refuse
from actionplan.auth.permissions import check_workbook_import, sees_workbook_import
from actionplan.core.clock import council_today
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, TooLarge, problem_responses
from actionplan.core.params import IdPath
from actionplan.evidence.deps import EvidenceStoreDep
from actionplan.evidence.routes import _multipart
from actionplan.evidence.upload import FILE_FIELD, receive_form
from actionplan.plans.deps import plan_for
from actionplan.workbooks import service
from actionplan.workbooks.models import WorkbookImport
from actionplan.workbooks.reader import MAX_BYTES
from actionplan.workbooks.schemas import WorkbookImportPublic

router = APIRouter(tags=["workbooks"])
_ETAG = {"ETag": {"description": "Send it in If-Match to apply this preview.", "schema": {"type": "string"}}}
_BODY = _multipart({FILE_FIELD: {"type": "string", "format": "binary",
                                 "description": "The board pack spreadsheet (.xlsx) downloaded from "
                                                "GET /plans/{id}/pack.xlsx, as edited."}},
                   [FILE_FIELD], "WorkbookUpload")


def _import_for(session, principal, import_id: int) -> WorkbookImport:
    record = session.get(WorkbookImport, import_id)
    if record is None or not sees_workbook_import(principal, record.uploaded_by_id):
        raise NotFound(f"There is no workbook import {import_id}.")
    return record


def _out(session, record: WorkbookImport, response: Response) -> WorkbookImportPublic:
    response.headers["ETag"] = service.etag(record)
    return service.public(session, record)


def _plan(session, principal, plan_id: int):
    plan = plan_for(session, principal, plan_id)
    refuse(check_workbook_import(principal, plan.id))
    return plan


@router.post("/plans/{plan_id}/workbook-imports", response_model=WorkbookImportPublic, status_code=201,
             summary="Upload an edited board pack spreadsheet and preview its changes",
             description="multipart/form-data, the .xlsx in the field `file` (5 MB at most: 413 beyond). Reads the "
                         "Actions sheet and lists every change it would make (status proposals, due dates asked for, "
                         "owners, commentary as progress) and every problem, each naming its sheet, row and column: "
                         "a cell that cannot be read, or a change the workflow or your permissions refuse. Nothing "
                         "is applied. A file that is not such a workbook (not an .xlsx, one that expands far beyond "
                         "a plan, without its Actions sheet or headings, or of another plan) is a 422 and nothing is "
                         "kept. Anyone who may propose on an action of the plan may upload.",
             responses={201: {"headers": _ETAG}, **problem_responses(400, 401, 403, 404, 413, 415, 422)},
             openapi_extra=_BODY)
async def upload_workbook(plan_id: IdPath, request: Request, response: Response, session: SessionDep,
                          principal: CurrentPrincipal, store: EvidenceStoreDep) -> WorkbookImportPublic:
    plan = await run_in_threadpool(_plan, session, principal, plan_id)
    try:
        form = await receive_form(request, store, max_file_bytes=MAX_BYTES, text_fields=frozenset())
    except TooLarge:
        raise TooLarge(f"The file is larger than the {MAX_BYTES // (1024 * 1024)} MB a plan's workbook can be.",
                       code="workbook_too_large") from None
    with form:
        upload = form.require_file()

        def read() -> bytes:
            with upload.reopen() as f:
                return f.read()
        data = await run_in_threadpool(read)
    record = await run_in_threadpool(service.upload, session, principal, plan, data, form.filename, council_today())
    response.headers["Location"] = f"/api/v1/workbook-imports/{record.id}"
    return await run_in_threadpool(_out, session, record, response)


@router.get("/workbook-imports/{import_id}", response_model=WorkbookImportPublic,
            summary="Get an uploaded workbook's preview",
            description="Its uploader's alone. The ETag names the preview: send it in If-Match to apply it.",
            responses={200: {"headers": _ETAG}, **problem_responses(401, 404, 422)})
def get_workbook_import(import_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                        response: Response) -> WorkbookImportPublic:
    return _out(session, _import_for(session, principal, import_id), response)


@router.post("/workbook-imports/{import_id}/apply", response_model=WorkbookImportPublic,
             summary="Apply an uploaded workbook's changes",
             description="Every change of the preview goes through the workflow as you, each checked on its action "
                         "as in the app: a status becomes a proposal waiting for a decision, never an approval; a due "
                         "date a request for a new date; commentary alone a progress note. All or nothing: if any "
                         "change is refused (409), none is kept. 412 when the plan has moved on since the preview "
                         "(upload the workbook again); 409 when it was applied already (nothing changes again).",
             responses=problem_responses(401, 404, 409, 412, 422, 428))
def apply_workbook_import(import_id: IdPath, session: SessionDep, principal: CurrentPrincipal, response: Response,
                          if_match: Annotated[str | None, Header(description="The preview's ETag.")] = None,
                          ) -> WorkbookImportPublic:
    record = _import_for(session, principal, import_id)
    return _out(session, service.apply(session, principal, record, if_match, council_today()), response)
