from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from actionplan.auth.deps import CurrentPrincipal, covered_approvers
from actionplan.core.db import SessionDep
from actionplan.core.errors import PROBLEM_JSON, problem_responses
from actionplan.core.params import IdPath, Limit, Offset
from actionplan.evidence import filetypes, service
from actionplan.evidence.deps import EvidenceStoreDep
from actionplan.evidence.download import file_response
from actionplan.evidence.schemas import (
    EvidenceActionLink, EvidenceErasure, EvidenceLinkCreate, EvidencePublic, EvidenceReview, EvidenceReviewQueue,
    EvidenceUploadFields, EvidenceVersionPublic,
)
from actionplan.evidence.upload import FILE_FIELD, parse_fields, receive_form

router = APIRouter(tags=["evidence"])

READ = problem_responses(401, 404, 422)
CHANGE = problem_responses(401, 403, 404, 409, 422)
UPLOAD = problem_responses(400, 401, 403, 404, 409, 413, 415, 422)
UPLOAD_TEXT_FIELDS = frozenset(EvidenceUploadFields.model_fields)
ALLOWED_TYPES = sorted({t.mime for t in vars(filetypes).values() if isinstance(t, filetypes.FileType)})

_FILE_PART = {"type": "string", "format": "binary",
              "description": "The file; its type is read from its content. " + filetypes.ALLOWED_DESCRIPTION}


def _multipart(properties: dict, required: list[str], title: str) -> dict:
    """A multipart/form-data request body for OpenAPI (the routes read the stream themselves)."""
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {
        "schema": {"title": title, "type": "object", "properties": properties, "required": required,
                   "additionalProperties": False},
        "encoding": {FILE_FIELD: {"contentType": "application/octet-stream"}}}}}}


def _form_fields() -> tuple[dict, list[str]]:
    schema = EvidenceUploadFields.model_json_schema()
    properties = {}
    for name, prop in schema["properties"].items():
        if "anyOf" in prop:  # optional: leave it out or send it empty, never "null"
            given = next(p for p in prop["anyOf"] if p.get("type") != "null")
            prop = {"anyOf": [given, {"type": "string", "maxLength": 0}],
                    **{k: v for k, v in prop.items() if k not in ("anyOf", "default")}}
        properties[name] = prop
    return {FILE_FIELD: _FILE_PART, **properties}, [FILE_FIELD, *schema["required"]]


UPLOAD_BODY = _multipart(*_form_fields(), "EvidenceUpload")
REPLACE_BODY = _multipart({FILE_FIELD: _FILE_PART}, [FILE_FIELD], "EvidenceFileReplacement")
_BINARY = {"schema": {"type": "string", "format": "binary"}}
_FILE_HEADERS = {
    "Content-Disposition": {"description": "attachment, with the sanitised filename (RFC 6266 filename*)",
                            "schema": {"type": "string"}},
    "Repr-Digest": {"description": "SHA-256 of the whole file (RFC 9530)", "schema": {"type": "string"}},
    "X-Content-SHA256": {"description": "SHA-256 of the whole file, hex", "schema": {"type": "string"}},
    "ETag": {"description": "The quoted SHA-256; use it in If-Range", "schema": {"type": "string"}},
}
FILE_RESPONSES = {
    200: {"description": "The whole file, as an attachment, in the type detected from its content",
          "content": {mime: _BINARY for mime in ALLOWED_TYPES}, "headers": _FILE_HEADERS},
    206: {"description": "The range asked for (one range; several are answered with the whole file)",
          "content": {mime: _BINARY for mime in ALLOWED_TYPES},
          "headers": {**_FILE_HEADERS, "Content-Range": {"schema": {"type": "string"}}}},
    416: {"description": "The range starts beyond the end of the file",
          "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}},
    **READ,
}
RangeHeader = Annotated[str | None, Header(alias="range", description="e.g. bytes=0-1048575", max_length=200)]
IfRangeHeader = Annotated[str | None, Header(alias="if-range", description="The ETag of an earlier response",
                                             max_length=200)]


# OpenAPI links: what a client (or a stateful test) can do next with the item it just created.
_NEXT = {"evidence_id": "$response.body#/id"}
CREATED = {201: {"description": "Created; `Location` names the new item", "links": {
    name: {"operationId": f"evidence-{operation}", "parameters": _NEXT}
    for name, operation in (("GetEvidence", "get_evidence"), ("DownloadFile", "download_evidence_file"),
                            ("ListVersions", "list_evidence_versions"), ("ReplaceFile", "replace_evidence_file"),
                            ("Review", "review_evidence"), ("Withdraw", "withdraw_evidence"),
                            ("LinkToAction", "link_evidence_to_action"), ("Erase", "erase_evidence"))}}}


def _created(response: Response, evidence: EvidencePublic) -> EvidencePublic:
    response.headers["Location"] = f"/api/v1/evidence/{evidence.id}"
    return evidence


@router.get("/actions/{action_id}/evidence", response_model=list[EvidencePublic], summary="List an action's evidence",
            description="Oldest first. Inspectors and service tokens see accepted evidence without personal data only.",
            responses=READ)
def list_action_evidence(action_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> list[EvidencePublic]:
    return service.list_for_action(session, principal, action_id)


@router.post("/actions/{action_id}/evidence", response_model=EvidencePublic, status_code=201,
             summary="Upload a file as evidence for an action",
             description="multipart/form-data, streamed to storage as it arrives. The file's type is read from its "
                         "content (415 otherwise); over the size limit (50 MB unless configured) the upload stops "
                         "with 413 at once; an empty file is 422. The same content already on this action is a 409 "
                         "naming that item; on other actions it becomes a new item sharing the stored file. "
                         "Optional fields may be left out or sent empty.",
             responses=CREATED | UPLOAD, openapi_extra=UPLOAD_BODY)
async def upload_evidence(action_id: IdPath, request: Request, response: Response, session: SessionDep,
                          principal: CurrentPrincipal, store: EvidenceStoreDep) -> EvidencePublic:
    await run_in_threadpool(service.check_may_upload, session, principal, action_id)
    with await receive_form(request, store, max_file_bytes=request.app.state.settings.evidence_max_bytes,
                            text_fields=UPLOAD_TEXT_FIELDS) as form:
        upload = form.require_file()
        fields = parse_fields(form, EvidenceUploadFields)
        evidence = await run_in_threadpool(service.upload_file, session, principal, action_id, fields, upload,
                                           form.filename)
    return _created(response, evidence)


@router.post("/actions/{action_id}/evidence-links", response_model=EvidencePublic, status_code=201,
             summary="Add evidence without a file: a web address or a case-management record",
             description="Give `url` (http or https) or `case_reference` ({system, reference}, e.g. a Mosaic record). "
                         "The same link already on this action is a 409.",
             responses=CREATED | CHANGE)
def add_evidence_link(action_id: IdPath, body: EvidenceLinkCreate, response: Response, session: SessionDep,
                      principal: CurrentPrincipal) -> EvidencePublic:
    return _created(response, service.add_link(session, principal, action_id, body))


@router.get("/evidence/awaiting-review", response_model=EvidenceReviewQueue,
            summary="Evidence waiting for my review; its queue",
            description="Submitted evidence you may accept or reject, oldest first: on the home actions you review "
                        "on, or as the cover of an approver who named you (then `review_as` names them). Never "
                        "evidence you uploaded. Empty for those who review nothing.",
            responses=problem_responses(401, 422))
def evidence_awaiting_review(session: SessionDep, principal: CurrentPrincipal, limit: Limit = 100,
                             offset: Offset = 0) -> EvidenceReviewQueue:
    return service.review_queue(session, principal, covered_approvers(session, principal), limit, offset)


@router.get("/evidence/{evidence_id}", response_model=EvidencePublic, summary="Get an evidence item",
            description="With the actions it supports, its review and, once past `expires_on`, `needs_renewal`. "
                        "Inspectors and service tokens get 404 for anything but accepted evidence without "
                        "personal data.", responses=READ)
def get_evidence(evidence_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> EvidencePublic:
    return service.get_evidence(session, principal, evidence_id)


@router.get("/evidence/{evidence_id}/file", response_class=Response, summary="Download an evidence file",
            description="As an attachment, with `X-Content-Type-Options: nosniff` and the stored SHA-256 in "
                        "`Repr-Digest` and `X-Content-SHA256`. One `Range` gives 206.",
            responses=FILE_RESPONSES)
def download_evidence_file(evidence_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                           store: EvidenceStoreDep, range_: RangeHeader = None,
                           if_range: IfRangeHeader = None) -> Response:
    return file_response(store, service.file_to_download(session, principal, evidence_id), range_, if_range)


@router.put("/evidence/{evidence_id}/file", response_model=EvidencePublic, summary="Replace an evidence file",
            description="A new version, streamed like an upload; earlier versions stay in the history and the item "
                        "goes back to `submitted` for review. Its uploader, or anyone who may upload evidence on "
                        "its home action (the one it was uploaded to).",
            responses=UPLOAD, openapi_extra=REPLACE_BODY)
async def replace_evidence_file(evidence_id: IdPath, request: Request, session: SessionDep,
                                principal: CurrentPrincipal, store: EvidenceStoreDep) -> EvidencePublic:
    await run_in_threadpool(service.check_may_replace, session, principal, evidence_id)
    with await receive_form(request, store, max_file_bytes=request.app.state.settings.evidence_max_bytes,
                            text_fields=frozenset()) as form:
        upload = form.require_file()
        return await run_in_threadpool(service.replace_file, session, principal, evidence_id, upload, form.filename)


@router.get("/evidence/{evidence_id}/versions", response_model=list[EvidenceVersionPublic],
            summary="An evidence file's versions, newest first",
            description="Inspectors and service tokens see the current version only.", responses=READ)
def list_evidence_versions(evidence_id: IdPath, session: SessionDep,
                           principal: CurrentPrincipal) -> list[EvidenceVersionPublic]:
    return service.list_versions(session, principal, evidence_id)


@router.get("/evidence/{evidence_id}/versions/{version_no}/file", response_class=Response,
            summary="Download one version of an evidence file",
            description="Like the current file; earlier versions only for those who see unreviewed evidence "
                        "(not inspectors or service tokens). Erased versions are gone (404).",
            responses=FILE_RESPONSES)
def download_evidence_version(evidence_id: IdPath, version_no: Annotated[int, Path(ge=1, le=100_000)],
                              session: SessionDep, principal: CurrentPrincipal, store: EvidenceStoreDep,
                              range_: RangeHeader = None, if_range: IfRangeHeader = None) -> Response:
    stored = service.file_to_download(session, principal, evidence_id, version_no)
    return file_response(store, stored, range_, if_range)


@router.post("/evidence/{evidence_id}/actions", response_model=EvidencePublic, status_code=201,
             summary="Let an evidence item support another action",
             description="One file, several actions. Needs `evidence:upload` on that action, of the same plan. "
                         "The link only shows the item there: reviewing, withdrawing and replacing it are still "
                         "decided on its home action. `Location` names the link, which DELETE removes.",
             responses=CHANGE)
def link_evidence_to_action(evidence_id: IdPath, body: EvidenceActionLink, response: Response, session: SessionDep,
                            principal: CurrentPrincipal) -> EvidencePublic:
    evidence = service.link_to_action(session, principal, evidence_id, body.action_id)
    # What is created is the link: its address is the one that removes it.
    response.headers["Location"] = f"/api/v1/evidence/{evidence.id}/actions/{body.action_id}"
    return evidence


@router.delete("/evidence/{evidence_id}/actions/{action_id}", response_model=EvidencePublic,
               summary="Stop an evidence item supporting an action it was linked to",
               description="Those who may upload evidence on that action, or withdraw the item. The action it was "
                           "uploaded to keeps it (409): withdraw it instead.",
               responses=CHANGE)
def unlink_evidence_from_action(evidence_id: IdPath, action_id: IdPath, session: SessionDep,
                                principal: CurrentPrincipal) -> EvidencePublic:
    return service.unlink_from_action(session, principal, evidence_id, action_id)


@router.post("/evidence/{evidence_id}/review", response_model=EvidencePublic, summary="Accept or reject evidence",
             description="A Head of Service for the areas they lead, or an assistant director or the director, on the "
                         "item's home action (not on actions it is only linked to), or their cover naming them in "
                         "`on_behalf_of_id`; never its uploader. Accepting evidence without personal data tells webhook subscribers "
                         "(`evidence.accepted`).",
             responses=CHANGE)
def review_evidence(evidence_id: IdPath, body: EvidenceReview, session: SessionDep,
                    principal: CurrentPrincipal) -> EvidencePublic:
    return service.review(session, principal, evidence_id, body)


@router.post("/evidence/{evidence_id}/withdraw", response_model=EvidencePublic, summary="Withdraw evidence",
             description="A state, never a deletion: the item stays, marked withdrawn.", responses=CHANGE)
def withdraw_evidence(evidence_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> EvidencePublic:
    return service.withdraw(session, principal, evidence_id)


@router.post("/evidence/{evidence_id}/erase", response_model=EvidencePublic,
             summary="Erase evidence content for data-protection reasons",
             description="Assistant directors and the director. Removes the content of every version (unless other "
                         "items hold the same content), the filenames, description, link target and hashes; keeps "
                         "the record that it existed, who erased it, when and why. Audited.",
             responses=CHANGE)
def erase_evidence(evidence_id: IdPath, body: EvidenceErasure, session: SessionDep, principal: CurrentPrincipal,
                   store: EvidenceStoreDep) -> EvidencePublic:
    return service.erase(session, principal, store, evidence_id, body.reason)
