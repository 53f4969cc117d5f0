"""Decisions and actions arising from meetings, and where they show: the actions and areas they concern."""

from fastapi import APIRouter, Response

from actionplan.actions.deps import action_for
from actionplan.auth.deps import CurrentPrincipal
from actionplan.auth.permissions import Perm
from actionplan.board import decisions
from actionplan.board.deps import decision_for, meeting_for
from actionplan.board.routes import CHANGE, READ, WRITE, IfMatch
from actionplan.board.schemas import DecisionCreate, DecisionPublic, DecisionUpdate
from actionplan.core.db import SessionDep
from actionplan.core.etag import make_etag, require_match
from actionplan.core.params import IdPath

router = APIRouter(tags=["board"])


def _decision_out(session, decision, response: Response, status: int | None = None) -> DecisionPublic:
    response.headers["ETag"] = make_etag("decision", decision.id, decision.version)
    if status == 201:
        response.headers["Location"] = f"/api/v1/decisions/{decision.id}"
    return decisions.views(session, [decision])[0]


@router.get("/meetings/{meeting_id}/decisions", response_model=list[DecisionPublic],
            summary="A meeting's decisions", description="In the order recorded.", responses=READ)
def list_meeting_decisions(meeting_id: IdPath, session: SessionDep,
                           principal: CurrentPrincipal) -> list[DecisionPublic]:
    return decisions.for_meeting(session, meeting_for(session, principal, meeting_id))


@router.post("/meetings/{meeting_id}/decisions", response_model=DecisionPublic, status_code=201,
             summary="Record a decision or an action arising",
             description="Linked to the actions or areas it concerns (where it then shows), with an owner and a due "
                         "date when it creates follow-up work. A link gives its owner no power over those actions. "
                         "Assistant directors and the director.", responses=WRITE)
def record_decision(meeting_id: IdPath, body: DecisionCreate, session: SessionDep, principal: CurrentPrincipal,
                    response: Response) -> DecisionPublic:
    meeting = meeting_for(session, principal, meeting_id, Perm.meeting_manage)
    return _decision_out(session, decisions.record(session, principal, meeting, body), response, 201)


@router.get("/decisions/{decision_id}", response_model=DecisionPublic, summary="Get a decision",
            description="The ETag carries its version: send it in If-Match to change it.", responses=READ)
def get_decision(decision_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                 response: Response) -> DecisionPublic:
    return _decision_out(session, decision_for(session, principal, decision_id), response)


@router.patch("/decisions/{decision_id}", response_model=DecisionPublic, summary="Change a decision",
              description="Only the fields sent change (`done_on` records the follow-up done); `action_ids` and "
                          "`area_ids` replace the lists. Every change is audited with before and after. Send the "
                          "ETag in If-Match.", responses=CHANGE)
def update_decision(decision_id: IdPath, body: DecisionUpdate, session: SessionDep, principal: CurrentPrincipal,
                    response: Response, if_match: IfMatch = None) -> DecisionPublic:
    decision = decision_for(session, principal, decision_id, Perm.meeting_manage)
    version = require_match(if_match, "decision", decision.id, decision.version)
    return _decision_out(session, decisions.update(session, principal, decision, version, body), response)


@router.get("/actions/{action_id}/decisions", response_model=list[DecisionPublic],
            summary="Decisions about an action",
            description="Decisions of any meeting linked to the action or to its area, oldest meeting first.",
            responses=READ)
def list_action_decisions(action_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> list[DecisionPublic]:
    return decisions.for_action(session, action_for(session, principal, action_id))
