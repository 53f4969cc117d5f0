"""Governance forums and their meetings about a plan."""

from typing import Annotated

from fastapi import Header, APIRouter, Query, Response

from actionplan.auth.deps import CurrentPrincipal
from actionplan.auth.permissions import Perm
from actionplan.board import service
from actionplan.board.deps import meeting_for
from actionplan.board.schemas import ForumPublic, MeetingCreate, MeetingPublic, MeetingsPage, MeetingUpdate
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.etag import make_etag, require_match
from actionplan.core.params import IdPath
from actionplan.plans.deps import plan_for

router = APIRouter(tags=["board"])
READ = problem_responses(401, 404, 422)
WRITE = problem_responses(401, 403, 404, 422)
CHANGE = problem_responses(401, 403, 404, 409, 412, 422, 428)
IfMatch = Annotated[str | None, Header(description="The ETag you read; required for this change.")]
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

