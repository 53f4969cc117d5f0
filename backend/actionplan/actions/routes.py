from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from actionplan.actions import service
from actionplan.actions.deps import action_for, action_ref
from actionplan.actions.models import ActionOwnerUpdate, ActionPublic, ActionsPage, ActionStatus
from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.permissions import Perm, visible_plan_ids
from actionplan.core.asof import AsOfQuery, view_as_of
from actionplan.core.db import SessionDep
from actionplan.core.etag import make_etag, require_match
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.params import IdPath, IdQuery, Limit, Offset, Timestamp
from actionplan.core.responses import model_response
from actionplan.actions.schemas import MilestoneMet
from actionplan.actions.workflow import assign_action_owner, record_milestone_met
from actionplan.core.clock import council_today

router = APIRouter(tags=["actions"])


@router.get("/actions", response_model=ActionsPage, summary="List actions",
            description="Filtered and paginated, in a stable order (plan, area number, printed order). "
                        "`updated_since` returns the actions changed after that moment, for incremental sync. "
                        "`total` is given only with `count=true` (since API 1.1.0); `has_more` says whether "
                        "another page follows.",
            responses=problem_responses(401, 403, 422))
def list_actions(
    session: SessionDep,
    principal: CurrentPrincipal,
    plan_id: Annotated[IdQuery, Query(description="Only this plan's actions.")] = None,
    area_id: Annotated[IdQuery, Query(description="Only this area's actions.")] = None,
    rag: Annotated[ActionStatus | None, Query(description="The action's approved status.")] = None,
    owner_id: Annotated[IdQuery, Query(description="Only the actions this user owns.")] = None,
    overdue: Annotated[bool | None, Query(description="true: due date passed and not Blue.")] = None,
    updated_since: Annotated[Timestamp | None, Query(
        description="Only actions changed after this moment (an ISO 8601 timestamp with its zone), for "
                    "incremental sync: keep the time of your last sync and ask for what changed since.")] = None,
    as_of: AsOfQuery = None,
    limit: Limit = 100,
    offset: Offset = 0,
    count: Annotated[bool, Query(description="true: also say how many actions match in all (`total`). "
                                              "It costs a read of every matching action: ask once, not on "
                                              "every page; `has_more` says whether to fetch the next page.")] = False,
) -> Response:
    authorize(principal, Perm.plan_read)
    filters = service.ActionFilters(visible_plan_ids=visible_plan_ids(principal), plan_id=plan_id,
                                    area_id=area_id, status=rag, owner_id=owner_id, overdue=overdue,
                                    updated_since=updated_since)
    items, total, more = service.list_actions(session, filters, limit, offset, view_as_of(as_of), count)
    return model_response(ActionsPage(items=items, total=total, has_more=more, limit=limit, offset=offset))


@router.get("/actions/{action_id}", response_model=ActionPublic, summary="Get an action",
            description="The ETag header carries the action's version: send it in If-Match to change the action.",
            responses=problem_responses(401, 404, 422))
def get_action(action_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
               as_of: AsOfQuery = None) -> Response:
    # The action with its area, owner and plan in one statement; then its milestones and updates.
    view = view_as_of(as_of)
    row = service.find_action(session, action_id, view)
    missing = f"There is no action {action_id}."
    if row is None:
        raise NotFound(missing)
    authorize(principal, Perm.plan_read, action_ref(row), not_found=missing)
    headers = {"ETag": make_etag("action", row.id, row.version)} if as_of is None else None
    return model_response(service.to_public(session, [row], view.today)[0], headers)


@router.put("/actions/{action_id}/owner", response_model=ActionPublic, summary="Set or clear an action's owner",
            description="Assistant directors and the director do this. Send the action's ETag in If-Match.",
            responses=problem_responses(401, 403, 404, 412, 422, 428))
def set_action_owner(action_id: IdPath, body: ActionOwnerUpdate, session: SessionDep, principal: CurrentPrincipal,
                     response: Response,
                     if_match: Annotated[str | None, Header(description="The action's ETag.")] = None) -> ActionPublic:
    action = action_for(session, principal, action_id, Perm.action_assign_owner)
    version = require_match(if_match, "action", action.id, action.version)
    action = assign_action_owner(session, principal, action, version, body.owner_id)
    response.headers["ETag"] = make_etag("action", action.id, action.version)
    return service.get_action(session, action)


@router.post("/actions/{action_id}/milestones/{milestone_id}/met", response_model=ActionPublic,
             summary="Record a milestone met",
             description="A milestone, or one occurrence of a repeating target (the quarterly report went), met on a "
                         "day with a note saying how. Its owner, the area's Head of Service, assistant directors and "
                         "the director; a fact like a progress note (audited, shown with who recorded it), not a "
                         "proposal. Once only: 409 if the plan states it met or someone recorded it. Send the "
                         "action's ETag in If-Match.",
             responses=problem_responses(401, 403, 404, 409, 412, 422, 428))
def record_met(action_id: IdPath, milestone_id: IdPath, body: MilestoneMet, session: SessionDep,
               principal: CurrentPrincipal, response: Response,
               if_match: Annotated[str | None, Header(description="The action's ETag.")] = None) -> ActionPublic:
    action = action_for(session, principal, action_id, Perm.milestone_record)
    version = require_match(if_match, "action", action.id, action.version)
    action = record_milestone_met(session, principal, action.id, version, milestone_id, body.met_on, body.note,
                                  council_today())
    response.headers["ETag"] = make_etag("action", action.id, action.version)
    return service.get_action(session, action)
