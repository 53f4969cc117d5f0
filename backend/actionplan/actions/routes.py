import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from actionplan.actions import service
from actionplan.actions.models import ActionPublic, ActionsPage, ActionStatus
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses

router = APIRouter(tags=["actions"])


@router.get("/actions", response_model=ActionsPage, summary="List actions",
            description="Filtered and paginated, in a stable order (plan, area number, printed order). "
                        "`updated_since` returns the actions changed after that moment, for incremental sync.",
            responses=problem_responses(422))
def list_actions(
    session: SessionDep,
    plan_id: int | None = None,
    area_id: int | None = None,
    rag: Annotated[ActionStatus | None, Query(description="The action's approved status.")] = None,
    owner_id: int | None = None,
    overdue: Annotated[bool | None, Query(description="true: due date passed and not Blue.")] = None,
    updated_since: Annotated[dt.datetime | None, Query(description="ISO 8601 timestamp with a zone.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ActionsPage:
    filters = service.ActionFilters(plan_id=plan_id, area_id=area_id, status=rag, owner_id=owner_id,
                                    overdue=overdue, updated_since=updated_since)
    items, total = service.list_actions(session, filters, limit, offset)
    return ActionsPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/actions/{action_id}", response_model=ActionPublic, summary="Get an action",
            responses=problem_responses(404, 422))
def get_action(action_id: int, session: SessionDep) -> ActionPublic:
    return service.get_action(session, action_id)
