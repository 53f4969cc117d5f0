"""Commentary for the board: written by area leads, reviewed and published by assistant directors."""

from fastapi import APIRouter, Response

from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.permissions import AreaRef, CommentaryRef, Perm
from actionplan.board import commentary as board_commentary
from actionplan.board import service
from actionplan.board.deps import commentary_for, meeting_for
from actionplan.board.models import Meeting
from actionplan.board.routes import READ, IfMatch
from actionplan.board.schemas import (
    AreaCommentary, CommentaryPublic, CommentaryQueueItem, CommentaryReturn, CommentaryWrite,
)
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.etag import make_etag, require_match
from actionplan.core.params import IdPath
from actionplan.plans.deps import area_for

router = APIRouter(tags=["board"])

def _commentary_out(session, principal, commentary, response: Response, status: int | None = None):
    response.headers["ETag"] = make_etag("commentary", commentary.id, commentary.version)
    if status == 201:
        response.headers["Location"] = f"/api/v1/commentary/{commentary.id}"
    return board_commentary.one(session, principal, commentary)


@router.get("/meetings/{meeting_id}/commentary", response_model=list[AreaCommentary],
            summary="Commentary for a meeting, by area",
            description="Every area of the plan in order, with its commentary for this meeting. Those who read the "
                        "plan's drafts see every version; inspectors and service tokens see published ones only.",
            responses=READ)
def list_meeting_commentary(meeting_id: IdPath, session: SessionDep,
                            principal: CurrentPrincipal) -> list[AreaCommentary]:
    meeting = meeting_for(session, principal, meeting_id)
    return board_commentary.for_meeting(session, principal, meeting)


@router.post("/meetings/{meeting_id}/areas/{area_id}/commentary", response_model=CommentaryPublic,
             status_code=201, summary="Write an area's commentary for a meeting",
             description="A new version (the first makes the commentary; a later one replaces any unpublished "
                         "version, which is kept). The area's lead, assistant directors and the director, for a "
                         "meeting of a forum that receives commentary whose papers are still open (409 otherwise). "
                         "Once a commentary exists, send its ETag in If-Match.",
             responses=problem_responses(401, 403, 404, 409, 412, 422, 428))
def write_commentary(meeting_id: IdPath, area_id: IdPath, body: CommentaryWrite, session: SessionDep,
                     principal: CurrentPrincipal, response: Response, if_match: IfMatch = None) -> CommentaryPublic:
    meeting = meeting_for(session, principal, meeting_id)
    area = area_for(session, principal, area_id)
    if area.plan_id != meeting.plan_id:
        raise NotFound(f"There is no area {area_id} in this meeting's plan.")
    authorize(principal, Perm.commentary_write, CommentaryRef(area=AreaRef(plan_id=area.plan_id, id=area.id),
                                                              author_id=None))
    existing = board_commentary.existing(session, meeting.id, area.id)
    read_version = None
    if existing is not None:
        read_version = require_match(if_match, "commentary", existing.id, existing.version)
    commentary = board_commentary.write(session, principal, meeting, area, body.text, read_version)
    return _commentary_out(session, principal, commentary, response, 201)


@router.get("/commentary/awaiting-clearance", response_model=list[CommentaryQueueItem],
            summary="Commentary waiting for me",
            description="Drafts I may review and reviewed commentary I may publish, on meetings whose papers are "
                        "open; never my own.", responses=problem_responses(401, 422))
def commentary_awaiting(session: SessionDep, principal: CurrentPrincipal) -> list[CommentaryQueueItem]:
    waiting = board_commentary.awaiting_clearance(session, principal)
    seen = board_commentary.views(session, principal, [c for c, _ in waiting])
    return [CommentaryQueueItem(commentary=seen[c.id], meeting=service.meeting_public(session, session.get(
        Meeting, c.meeting_id)), waiting_for="review" if perm == Perm.commentary_review else "publication")
        for c, perm in waiting]


@router.get("/commentary/{commentary_id}", response_model=CommentaryPublic, summary="Get a commentary",
            description="With every version the caller may see; the ETag carries its version.", responses=READ)
def get_commentary(commentary_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                   response: Response) -> CommentaryPublic:
    return _commentary_out(session, principal, commentary_for(session, principal, commentary_id), response)


CLEAR = problem_responses(401, 403, 404, 409, 412, 422, 428)


def _clear(session, principal, response: Response, commentary_id: int, perm: Perm, if_match: str | None,
           step, *args) -> CommentaryPublic:
    """One step of clearing commentary for the board: load it for `perm`, check If-Match, take the step."""
    commentary = commentary_for(session, principal, commentary_id, perm)
    version = require_match(if_match, "commentary", commentary.id, commentary.version)
    return _commentary_out(session, principal, step(session, principal, commentary, version, *args), response)


@router.post("/commentary/{commentary_id}/review", response_model=CommentaryPublic,
             summary="Mark commentary reviewed",
             description="Its latest version, a draft, is reviewed by an assistant director or the director who "
                         "did not write it. Send its ETag in If-Match.", responses=CLEAR)
def review_commentary(commentary_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                      response: Response, if_match: IfMatch = None) -> CommentaryPublic:
    return _clear(session, principal, response, commentary_id, Perm.commentary_review, if_match,
                  board_commentary.review)


@router.post("/commentary/{commentary_id}/return", response_model=CommentaryPublic,
             summary="Return commentary to its author",
             description="With a reason; its author writes a new version. Send its ETag in If-Match.",
             responses=CLEAR)
def return_commentary(commentary_id: IdPath, body: CommentaryReturn, session: SessionDep,
                      principal: CurrentPrincipal, response: Response, if_match: IfMatch = None) -> CommentaryPublic:
    return _clear(session, principal, response, commentary_id, Perm.commentary_review, if_match,
                  board_commentary.return_to_author, body.reason)


@router.post("/commentary/{commentary_id}/publish", response_model=CommentaryPublic,
             summary="Publish reviewed commentary",
             description="It then reaches the board pack, inspectors and service tokens. An assistant director or "
                         "the director who did not write it. Send its ETag in If-Match.", responses=CLEAR)
def publish_commentary(commentary_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                       response: Response, if_match: IfMatch = None) -> CommentaryPublic:
    return _clear(session, principal, response, commentary_id, Perm.commentary_publish, if_match,
                  board_commentary.publish)
