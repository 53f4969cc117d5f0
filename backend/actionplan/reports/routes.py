from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response

from actionplan.auth.deps import CurrentPrincipal
from actionplan.core.asof import AsOfQuery
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.http import etag_matches
from actionplan.core.params import IdPath
from actionplan.evidence.download import content_disposition
from actionplan.plans.deps import plan_for
from actionplan.reports import renderings, service
from actionplan.reports.pack import BoardPack
from actionplan.reports.renderings import PackPreparing
from actionplan.reports.service import FORMATS

router = APIRouter(tags=["reports"])

IfNoneMatch = Annotated[str | None, Header(alias="if-none-match", max_length=1000,
                                           description="The ETag of a copy you hold: unchanged, it is answered 304.")]
_HEADERS = {
    "ETag": {"description": "Changes exactly when the file would: send it back in If-None-Match.",
             "schema": {"type": "string"}},
    "Content-Disposition": {"description": "attachment; the plan's slug, \"board-pack\" and the as-at date",
                            "schema": {"type": "string"}},
}


def _responses(fmt: str) -> dict:
    media_type = FORMATS[fmt].media_type.split(";")[0]
    schema = {"schema": {"type": "string"} if fmt == "csv" else {"type": "string", "format": "binary"}}
    return {200: {"description": f"The board pack as a {FORMATS[fmt].words} file, as an attachment",
                  "content": {media_type: schema}, "headers": _HEADERS},
            **(PDF_PENDING if fmt == "pdf" else {}),
            304: {"description": "Not modified: the copy named in If-None-Match is this pack"},
            **problem_responses(401, 404, 422)}


PDF_PENDING = {
    202: {"model": PackPreparing,
          "description": "The PDF is being prepared (laying out a plan takes from seconds to many minutes): ask "
                         "again at `Location` after `Retry-After` seconds. Only one is made for any number of askers.",
          "headers": {"Location": {"description": "Where to ask again: this same address.", "schema": {"type": "string"}},
                      "Retry-After": {"description": "Seconds to wait before asking again.",
                                      "schema": {"type": "integer"}}}},
    503: {**problem_responses(503)[503],
          "description": "The last attempt to make the PDF failed (code `pack_render_failed`). It has been queued "
                         "again: ask again after `Retry-After` seconds."},
}


_ABOUT = ("Everything the improvement board reads about the plan as approved at `as_of` (default: the end of today): "
          "the summary by area, every Red with its exception report, what moved since `since` (default: the improvement "
          "board's previous meeting, or the day the plan was issued), overdue and re-scheduled actions, evidence counts, every action, and the measures "
          "with their trajectories. Approved content only, the same for every reader. The same dates give the same "
          "bytes: a stable address, cacheable by its ETag. `as_of` and `since` may not be in the future, and "
          "`since` comes before `as_of`.")


def pack_response(request: Request, session, pack: BoardPack, fmt: str, filename: str,
                  if_none_match: str | None) -> Response:
    """A pack's file as an attachment, or 304 when the copy named in If-None-Match is this one. A PDF is
    read from the renderings a background job stores; until it is there, 202 says when to ask again.
    Spreadsheets and CSV take well under a second even for large plans: they are made on the request."""
    headers = {"ETag": service.etag(pack, fmt), "Cache-Control": "private, no-cache"}
    if if_none_match and etag_matches(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    if fmt == "pdf":
        found = renderings.stored_pdf(session, pack, renderings.pack_dir(request.app.state.settings))
        if isinstance(found, PackPreparing):
            address = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return JSONResponse(found.model_dump(), status_code=202, headers={
                "Location": address, "Retry-After": str(found.retry_after_seconds), "Cache-Control": "no-store"})
        content = found
    else:
        content = FORMATS[fmt].render(pack)
    headers["Content-Disposition"] = content_disposition(filename)
    return Response(content, media_type=FORMATS[fmt].media_type, headers=headers)


def _pack(request: Request, fmt: str, plan_id: int, session, principal, as_of: str | None, since: str | None,
          if_none_match: str | None) -> Response:
    pack = service.pack_for(session, plan_for(session, principal, plan_id), as_of, since)
    return pack_response(request, session, pack, fmt, service.filename(pack, fmt), if_none_match)


@router.get("/plans/{plan_id}/pack.pdf", response_class=Response, summary="The board pack as a PDF",
            description=_ABOUT + " A4, tagged (PDF/UA-1), with a contents page and vector charts.",
            responses=_responses("pdf"))
def get_pack_pdf(request: Request, plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None,
                 since: AsOfQuery = None, if_none_match: IfNoneMatch = None) -> Response:
    return _pack(request, "pdf", plan_id, session, principal, as_of, since, if_none_match)


@router.get("/plans/{plan_id}/pack.xlsx", response_class=Response, summary="The board pack as a spreadsheet",
            description=_ABOUT + " One row per action (area, ref, action, target / timescale, owner, RAG coloured and "
                                 "in words, latest commentary, due date, re-scheduled, decisions arising), a sheet per area, a "
                                 "summary, the areas' published commentary and the decisions arising.",
            responses=_responses("xlsx"))
def get_pack_xlsx(request: Request, plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None,
                  since: AsOfQuery = None, if_none_match: IfNoneMatch = None) -> Response:
    return _pack(request, "xlsx", plan_id, session, principal, as_of, since, if_none_match)


@router.get("/plans/{plan_id}/pack.csv", response_class=Response, summary="The board pack's actions as CSV",
            description=_ABOUT + " The spreadsheet's actions sheet, UTF-8 with a byte order mark.",
            responses=_responses("csv"))
def get_pack_csv(request: Request, plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None,
                 since: AsOfQuery = None, if_none_match: IfNoneMatch = None) -> Response:
    return _pack(request, "csv", plan_id, session, principal, as_of, since, if_none_match)
