"""Status proposals and decisions, re-schedules, progress and history."""

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Header, Request, Response
from sqlmodel import Session

from actionplan.actions import proposals, workflow
from actionplan.actions.deps import action_for, pending_item_for
from actionplan.actions.models import Action, Reschedule, StatusChange
from actionplan.actions.schemas import (
    Decision, HistoryEntry, ProgressCreate, ProgressPublic, ProposalCreate, ProposalPublic, ProposalResubmit,
    ProposalsPage, RescheduleCreate, RescheduleDecision, ReschedulePublic, ReschedulesPage,
)
from actionplan.actions.service import users_by_id
from actionplan.auth.deps import CurrentPrincipal, authorize, authorize_decision, covered_approvers
from actionplan.auth.permissions import Perm
from actionplan.core.clock import council_today
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.etag import make_etag, require_match
from actionplan.core.params import IdPath, IdQuery, Limit, Offset
from actionplan.notifications.service import send_pending_emails

router = APIRouter(tags=["workflow"])
IfMatch = Annotated[str | None, Header(description="The ETag you read; required for every change.")]
WRITE = problem_responses(401, 403, 404, 409, 412, 422, 428)


def _email_later(tasks: BackgroundTasks, request: Request) -> None:
    """Emails go after the response; what is not sent stays queued in the rows."""
    settings = request.app.state.settings
    if not settings.smtp_host:
        return

    def send() -> None:
        with Session(request.app.state.engine) as session:
            send_pending_emails(session, settings)
    tasks.add_task(send)


def _proposal_out(session, principal, change: StatusChange, action: Action, response: Response) -> ProposalPublic:
    response.headers["ETag"] = make_etag("proposal", change.id, change.version)
    return proposals.proposals_public(session, principal, [(change, action)], covered_approvers(session, principal))[0]


@router.post("/actions/{action_id}/proposals", response_model=ProposalPublic, status_code=201,
             summary="Propose a status change", responses=WRITE,
             description="Becomes the action's status only when approved. Red needs an exception report "
                         "(reason, mitigation, revised date). Send the action's ETag in If-Match.")
def propose(action_id: IdPath, body: ProposalCreate, session: SessionDep, principal: CurrentPrincipal,
            response: Response, tasks: BackgroundTasks, request: Request, if_match: IfMatch = None) -> ProposalPublic:
    action = action_for(session, principal, action_id, Perm.status_propose)
    version = require_match(if_match, "action", action.id, action.version)
    change = workflow.propose_status_change(session, principal, action.id, version, body.to_status, body.commentary,
                                            body.exception_reason, body.exception_mitigation, body.revised_due_on,
                                            council_today())
    _email_later(tasks, request)
    return _proposal_out(session, principal, change, session.get(Action, action.id), response)


@router.get("/proposals", response_model=ProposalsPage, summary="List proposals; the approvals queue",
            description="`decidable=true` gives the approvals queue: the pending proposals you may decide, "
                        "yourself or as the cover of an approver who named you (then `decide_as` names them).",
            responses=problem_responses(401, 403, 422))
def list_proposals(session: SessionDep, principal: CurrentPrincipal,
                   state: Literal["pending", "approved", "rejected", "withdrawn", "returned"] | None = None,
                   plan_id: IdQuery = None, action_id: IdQuery = None, decidable: bool = False,
                   limit: Limit = 100, offset: Offset = 0) -> ProposalsPage:
    authorize(principal, Perm.plan_read)
    items, total = proposals.list_proposals(session, principal, covered_approvers(session, principal), state, plan_id,
                                            action_id, decidable, limit, offset)
    return ProposalsPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/proposals/{proposal_id}", response_model=ProposalPublic, summary="Get a proposal",
            description="With its decision, if any. The ETag carries its version: send it in If-Match to "
                        "decide, withdraw or resubmit it. Inspectors and service tokens see approved ones only.",
            responses=problem_responses(401, 404, 422))
def get_proposal(proposal_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                 response: Response) -> ProposalPublic:
    change, action = pending_item_for(session, principal, StatusChange, proposal_id, "proposal")
    return _proposal_out(session, principal, change, action, response)


@router.post("/proposals/{proposal_id}/decision", response_model=ProposalPublic,
             summary="Approve, reject or return a proposal", responses=WRITE,
             description="Nobody decides their own proposal. Red and Blue need an assistant director or the "
                         "director; Blue also needs accepted evidence. A cover names `on_behalf_of_id`.")
def decide(proposal_id: IdPath, body: Decision, session: SessionDep, principal: CurrentPrincipal,
           response: Response, tasks: BackgroundTasks, request: Request, if_match: IfMatch = None) -> ProposalPublic:
    change, action = pending_item_for(session, principal, StatusChange, proposal_id, "proposal")
    on_behalf = authorize_decision(session, principal, Perm.proposal_decide, proposals.proposal_ref(action, change),
                                   body.on_behalf_of_id, f"There is no proposal {proposal_id}.")
    version = require_match(if_match, "proposal", change.id, change.version)
    change = workflow.decide_proposal(session, workflow.Decider(principal, on_behalf), change.id, version,
                                      body.decision, body.note)
    _email_later(tasks, request)
    return _proposal_out(session, principal, change, session.get(Action, change.action_id), response)


@router.post("/proposals/{proposal_id}/withdraw", response_model=ProposalPublic, summary="Withdraw my proposal",
             description="Its author, while it waits for a decision or after it was returned. Send its ETag in If-Match.",
             responses=WRITE)
def withdraw(proposal_id: IdPath, session: SessionDep, principal: CurrentPrincipal, response: Response,
             if_match: IfMatch = None) -> ProposalPublic:
    change, action = pending_item_for(session, principal, StatusChange, proposal_id, "proposal")
    authorize(principal, Perm.proposal_withdraw, proposals.proposal_ref(action, change))
    version = require_match(if_match, "proposal", change.id, change.version)
    change = workflow.withdraw_proposal(session, principal, change.id, version)
    return _proposal_out(session, principal, change, action, response)


@router.post("/proposals/{proposal_id}/resubmit", response_model=ProposalPublic,
             summary="Resubmit my proposal after it was returned", responses=WRITE,
             description="Its author, with the information asked for; it waits for a decision again. Send its ETag "
                         "in If-Match.")
def resubmit(proposal_id: IdPath, body: ProposalResubmit, session: SessionDep, principal: CurrentPrincipal,
             response: Response, if_match: IfMatch = None) -> ProposalPublic:
    change, action = pending_item_for(session, principal, StatusChange, proposal_id, "proposal")
    authorize(principal, Perm.proposal_withdraw, proposals.proposal_ref(action, change))
    version = require_match(if_match, "proposal", change.id, change.version)
    change = workflow.resubmit_proposal(session, principal, change.id, version, body.commentary,
                                        body.exception_reason, body.exception_mitigation, body.revised_due_on,
                                        council_today())
    return _proposal_out(session, principal, change, action, response)


def _reschedule_out(session, principal, reschedule: Reschedule, response: Response) -> ReschedulePublic:
    response.headers["ETag"] = make_etag("reschedule", reschedule.id, reschedule.version)
    action = session.get(Action, reschedule.action_id)
    return proposals.reschedules_public(session, principal, [(reschedule, action)],
                                        covered_approvers(session, principal))[0]


@router.post("/actions/{action_id}/reschedules", response_model=ReschedulePublic, status_code=201,
             summary="Ask to move the due date", responses=WRITE,
             description="The due date moves only when an approver approves. Send the action's ETag in If-Match.")
def request_reschedule(action_id: IdPath, body: RescheduleCreate, session: SessionDep, principal: CurrentPrincipal,
                       response: Response, tasks: BackgroundTasks, request: Request,
                       if_match: IfMatch = None) -> ReschedulePublic:
    action = action_for(session, principal, action_id, Perm.status_propose)
    version = require_match(if_match, "action", action.id, action.version)
    reschedule = workflow.request_reschedule(session, principal, action.id, version, body.to_due_on, body.reason,
                                             council_today())
    _email_later(tasks, request)
    return _reschedule_out(session, principal, reschedule, response)


@router.get("/reschedules", response_model=ReschedulesPage, summary="List re-schedule requests; their queue",
            description="`decidable=true` gives the pending requests for a new due date that you may decide, "
                        "yourself or as the cover of an approver who named you (then `decide_as` names them). "
                        "Inspectors and service tokens see approved ones only.",
            responses=problem_responses(401, 403, 422))
def list_reschedules(session: SessionDep, principal: CurrentPrincipal,
                     state: Literal["pending", "approved", "rejected"] | None = None, action_id: IdQuery = None,
                     decidable: bool = False, limit: Limit = 100, offset: Offset = 0) -> ReschedulesPage:
    authorize(principal, Perm.plan_read)
    items, total = proposals.list_reschedules(session, principal, covered_approvers(session, principal), state,
                                              action_id, decidable, limit, offset)
    return ReschedulesPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/reschedules/{reschedule_id}", response_model=ReschedulePublic, summary="Get a re-schedule request",
            description="With its decision, if any. The ETag carries its version: send it in If-Match to decide it.",
            responses=problem_responses(401, 404, 422))
def get_reschedule(reschedule_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                   response: Response) -> ReschedulePublic:
    reschedule, _ = pending_item_for(session, principal, Reschedule, reschedule_id, "re-schedule request")
    return _reschedule_out(session, principal, reschedule, response)


@router.post("/reschedules/{reschedule_id}/decision", response_model=ReschedulePublic,
             summary="Approve or reject a new due date", responses=WRITE,
             description="Someone who may decide proposals on the action, never whoever asked; a rejection needs a "
                         "note. Approval moves the due date. Send the re-schedule's ETag in If-Match.")
def decide_reschedule(reschedule_id: IdPath, body: RescheduleDecision, session: SessionDep,
                      principal: CurrentPrincipal, response: Response, tasks: BackgroundTasks, request: Request,
                      if_match: IfMatch = None) -> ReschedulePublic:
    reschedule, action = pending_item_for(session, principal, Reschedule, reschedule_id, "re-schedule request")
    ref = proposals.reschedule_ref(action, reschedule)
    on_behalf = authorize_decision(session, principal, Perm.proposal_decide, ref, body.on_behalf_of_id,
                                   f"There is no re-schedule request {reschedule_id}.")
    version = require_match(if_match, "reschedule", reschedule.id, reschedule.version)
    reschedule = workflow.decide_reschedule(session, workflow.Decider(principal, on_behalf), reschedule.id, version,
                                            body.decision, body.note)
    _email_later(tasks, request)
    return _reschedule_out(session, principal, reschedule, response)


@router.post("/actions/{action_id}/progress", response_model=ProgressPublic, status_code=201,
             summary="Record progress on an action", responses=WRITE,
             description="A note on the action by someone who may work on it; it joins the action's history. "
                         "Send the action's ETag in If-Match.")
def record_progress(action_id: IdPath, body: ProgressCreate, session: SessionDep, principal: CurrentPrincipal,
                    if_match: IfMatch = None) -> ProgressPublic:
    action = action_for(session, principal, action_id, Perm.action_update)
    version = require_match(if_match, "action", action.id, action.version)
    note = workflow.record_progress(session, principal, action.id, version, body.text)
    return ProgressPublic(id=note.id, action_id=note.action_id, text=note.text, recorded_at=note.recorded_at,
                          author=users_by_id(session, {note.author_id}).get(note.author_id))


@router.get("/actions/{action_id}/history", response_model=list[HistoryEntry],
            summary="Every proposal, decision, re-schedule and progress note, in order",
            description="Inspectors and service tokens see approved changes only.",
            responses=problem_responses(401, 404, 422))
def history(action_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> list[HistoryEntry]:
    action = action_for(session, principal, action_id)
    return proposals.history(session, principal, covered_approvers(session, principal), action)
