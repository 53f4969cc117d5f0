import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from actionplan.actions import service
from actionplan.actions.deps import action_for
from actionplan.actions.models import ActionOwnerUpdate, ActionPublic, ActionsPage, ActionStatus
from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.permissions import Perm, visible_plan_ids
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.params import IdPath, IdQuery, Limit, Offset
from actionplan.plans.service import assign_action_owner

router = APIRouter(tags=["actions"])


@router.get("/actions", response_model=ActionsPage, summary="List actions",
            description="Filtered and paginated, in a stable order (plan, area number, printed order). "
                        "`updated_since` returns the actions changed after that moment, for incremental sync.",
            responses=problem_responses(401, 403, 422))
def list_actions(
    session: SessionDep,
    principal: CurrentPrincipal,
    plan_id: IdQuery = None,
    area_id: IdQuery = None,
    rag: Annotated[ActionStatus | None, Query(description="The action's approved status.")] = None,
    owner_id: IdQuery = None,
    overdue: Annotated[bool | None, Query(description="true: due date passed and not Blue.")] = None,
    updated_since: Annotated[dt.datetime | None, Query(description="ISO 8601 timestamp with a zone.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ActionsPage:
    authorize(principal, Perm.plan_read)
    filters = service.ActionFilters(visible_plan_ids=visible_plan_ids(principal), plan_id=plan_id,
                                    area_id=area_id, status=rag, owner_id=owner_id, overdue=overdue,
                                    updated_since=updated_since)
    items, total = service.list_actions(session, filters, limit, offset)
    return ActionsPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/actions/{action_id}", response_model=ActionPublic, summary="Get an action",
            responses=problem_responses(401, 404, 422))
def get_action(action_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> ActionPublic:
    return service.get_action(session, action_for(session, principal, action_id))


@router.put("/actions/{action_id}/owner", response_model=ActionPublic, summary="Set or clear an action's owner",
            description="Assistant directors and the director do this.",
            responses=problem_responses(401, 403, 404, 422))
def set_action_owner(action_id: IdPath, body: ActionOwnerUpdate, session: SessionDep,
                     principal: CurrentPrincipal) -> ActionPublic:
    action = action_for(session, principal, action_id, Perm.action_assign_owner)
    return service.get_action(session, assign_action_owner(session, principal, action, body.owner_id))
