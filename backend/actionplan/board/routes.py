"""Governance forums and their meetings about a plan."""

import datetime as dt

from typing import Annotated

from fastapi import Header, APIRouter, Query, Request, Response

from actionplan.auth.deps import CurrentPrincipal
from actionplan.auth.permissions import Perm
from actionplan.board import service, snapshot
from actionplan.board.deps import meeting_for
from actionplan.board.schemas import (
    ForumPublic, MeetingCreate, MeetingPublic, MeetingsPage, MeetingUpdate, PreviousMeeting,
)
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.etag import make_etag, require_match
from actionplan.core.params import Day, IdPath
from actionplan.plans.deps import plan_for
from actionplan.reports.pack import BoardPack
from actionplan.reports.routes import PDF_PENDING, IfNoneMatch, pack_response
from actionplan.reports.service import FORMATS


router = APIRouter(tags=["board"])
READ = problem_responses(401, 404, 422)
WRITE = problem_responses(401, 403, 404, 422)
CHANGE = problem_responses(401, 403, 404, 409, 412, 422, 428)
IfMatch = Annotated[str | None, Header(description="The ETag you read; required for this change.")]
DateQuery = Annotated[Day, Query(description="A day, e.g. 2019-07-10.")]
ForumSlug = Annotated[str | None, Query(max_length=80, description="Only this forum's meetings (its slug).")]


def _meeting_out(session, meeting, response: Response, status: int | None = None) -> MeetingPublic:
    response.headers["ETag"] = make_etag("meeting", meeting.id, meeting.version)
    if status == 201:
        response.headers["Location"] = f"/api/v1/meetings/{meeting.id}"
    return service.meeting_public(session, meeting)


@router.get("/forums", response_model=list[ForumPublic], summary="List the governance forums",
            description="The forums a plan reports to (the improvement board, Cabinet, scrutiny...), as data.",
            responses=problem_responses(401))
def list_forums(session: SessionDep, principal: CurrentPrincipal) -> list[ForumPublic]:
    return service.list_forums(session)


@router.get("/plans/{plan_id}/meetings", response_model=MeetingsPage, summary="List a plan's meetings",
            description="Latest first; `forum` keeps one forum's.", responses=READ)
def list_meetings(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                  forum: ForumSlug = None) -> MeetingsPage:
    plan = plan_for(session, principal, plan_id)
    found = service.forum_by_slug(session, forum) if forum is not None else None
    if forum is not None and found is None:
        raise NotFound(f"There is no forum {forum!r}.")
    items = [service.meeting_public(session, m) for m in service.list_meetings(session, plan, found)]
    return MeetingsPage(items=items, total=len(items))


@router.get("/plans/{plan_id}/meetings/previous", response_model=PreviousMeeting,
            summary="Where \"changes since\" starts",
            description="The forum's latest meeting on the plan held before `before` (a report's \"as at\" day, or "
                        "a meeting's day): reports count changes since that meeting, never from a date worked out "
                        "from the clock. With no meeting before, the day the plan was issued.", responses=READ)
def previous_meeting(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, before: DateQuery,
                     forum: Annotated[str, Query(max_length=80)] = service.IMPROVEMENT_BOARD) -> PreviousMeeting:
    plan = plan_for(session, principal, plan_id)
    found = service.forum_by_slug(session, forum)
    if found is None:
        raise NotFound(f"There is no forum {forum!r}.")
    return service.changes_since(session, plan, found, before)


@router.post("/plans/{plan_id}/meetings", response_model=MeetingPublic, status_code=201,
             summary="Schedule a meeting", description="Assistant directors and the director.", responses=WRITE)
def create_meeting(plan_id: IdPath, body: MeetingCreate, session: SessionDep, principal: CurrentPrincipal,
                   response: Response) -> MeetingPublic:
    plan = plan_for(session, principal, plan_id, Perm.meeting_manage)
    return _meeting_out(session, service.create_meeting(session, principal, plan, body), response, 201)


@router.get("/meetings/{meeting_id}", response_model=MeetingPublic, summary="Get a meeting",
            description="The ETag carries the meeting's version: send it in If-Match to change it.", responses=READ)
def get_meeting(meeting_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                response: Response) -> MeetingPublic:
    return _meeting_out(session, meeting_for(session, principal, meeting_id), response)


@router.patch("/meetings/{meeting_id}", response_model=MeetingPublic, summary="Change a meeting",
              description="Only the fields sent change. Once its papers are closed, its day, time and papers stay "
                          "as they were (409); attendees and notes may still be written. Send the ETag in If-Match.",
              responses=CHANGE)
def update_meeting(meeting_id: IdPath, body: MeetingUpdate, session: SessionDep, principal: CurrentPrincipal,
                   response: Response, if_match: IfMatch = None) -> MeetingPublic:
    meeting = meeting_for(session, principal, meeting_id, Perm.meeting_manage)
    version = require_match(if_match, "meeting", meeting.id, meeting.version)
    return _meeting_out(session, service.update_meeting(session, principal, meeting, version, body), response)



@router.post("/meetings/{meeting_id}/close-papers", response_model=MeetingPublic, summary="Close a meeting's papers",
             description="Freezes the board pack as it stands now (every action's status, due date, commentary, "
                         "evidence counts, measure readings, the areas' published commentary and the decisions of "
                         "earlier meetings) as the meeting's snapshot, which never changes: the meeting's pack is "
                         "always made from it. Changes since the same forum's previous meeting. Once only (409). "
                         "Send the meeting's ETag in If-Match.", responses=CHANGE)
def close_papers(meeting_id: IdPath, session: SessionDep, principal: CurrentPrincipal, response: Response,
                 if_match: IfMatch = None) -> MeetingPublic:
    meeting = meeting_for(session, principal, meeting_id, Perm.meeting_manage)
    version = require_match(if_match, "meeting", meeting.id, meeting.version)
    return _meeting_out(session, snapshot.close_papers(session, principal, meeting, version), response)


FROZEN = problem_responses(401, 404, 409, 422)


@router.get("/meetings/{meeting_id}/pack", response_model=BoardPack, summary="The pack the meeting saw",
            description="The snapshot frozen when its papers closed (409 while they are open), the same on every "
                        "read.", responses=FROZEN)
def get_meeting_pack(meeting_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                     response: Response) -> BoardPack:
    pack, sha256 = snapshot.frozen_pack(session, meeting_for(session, principal, meeting_id))
    response.headers["ETag"] = f'"pack-{sha256[:32]}"'
    return pack


def _pack_file(request: Request, session, principal, meeting_id: int, fmt: str, if_none_match: str | None) -> Response:
    meeting = meeting_for(session, principal, meeting_id)
    pack, _ = snapshot.frozen_pack(session, meeting)
    name = f"{pack.plan_slug}-{meeting.held_on.isoformat()}-board-pack.{FORMATS[fmt].extension}"
    return pack_response(request, session, pack, fmt, name, if_none_match)


def _file_responses(media_type: str) -> dict:
    return {200: {"content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
                  "description": "The file, made from the meeting's snapshot: the same bytes on every download.",
                  "headers": {"ETag": {"schema": {"type": "string"}},
                              "Content-Disposition": {"schema": {"type": "string"}}}},
            304: {"description": "Not modified: the If-None-Match ETag is the pack's."}, **FROZEN}




@router.get("/meetings/{meeting_id}/pack.pdf", response_class=Response, summary="The meeting's pack as PDF",
            description="A4, tagged, from the snapshot frozen when the papers closed (409 while they are open).",
            responses={**_file_responses("application/pdf"), **PDF_PENDING})
def get_meeting_pack_pdf(request: Request, meeting_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                         if_none_match: IfNoneMatch = None) -> Response:
    return _pack_file(request, session, principal, meeting_id, "pdf", if_none_match)


@router.get("/meetings/{meeting_id}/pack.xlsx", response_class=Response, summary="The meeting's pack as XLSX",
            description="A row per action, a sheet per area, from the snapshot (409 while the papers are open).",
            responses=_file_responses(FORMATS["xlsx"].media_type))
def get_meeting_pack_xlsx(request: Request, meeting_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                          if_none_match: IfNoneMatch = None) -> Response:
    return _pack_file(request, session, principal, meeting_id, "xlsx", if_none_match)


@router.get("/meetings/{meeting_id}/pack.csv", response_class=Response, summary="The meeting's pack as CSV",
            description="The XLSX's rows, UTF-8 with a BOM, from the snapshot (409 while the papers are open).",
            responses=_file_responses("text/csv"))
def get_meeting_pack_csv(request: Request, meeting_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                         if_none_match: IfNoneMatch = None) -> Response:
    return _pack_file(request, session, principal, meeting_id, "csv", if_none_match)
