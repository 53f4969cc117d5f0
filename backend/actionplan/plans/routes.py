from typing import Annotated

from fastapi import APIRouter, Query

from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.plans import reads
from actionplan.plans.models import AreaPublic, AreaSummary, PlanPublic, PlansPage

router = APIRouter(tags=["plans"])


@router.get("/plans", response_model=PlansPage, summary="List plans", responses=problem_responses(422))
def list_plans(session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Annotated[int, Query(ge=0)] = 0) -> PlansPage:
    items, total = reads.list_plans(session, limit, offset)
    return PlansPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/plans/{plan_id}", response_model=PlanPublic, summary="Get a plan with its legend, glossary and areas",
            responses=problem_responses(404, 422))
def get_plan(plan_id: int, session: SessionDep) -> PlanPublic:
    return reads.get_plan(session, plan_id)


@router.get("/plans/{plan_id}/areas", response_model=list[AreaSummary], summary="List a plan's areas for improvement",
            responses=problem_responses(404, 422))
def list_areas(plan_id: int, session: SessionDep) -> list[AreaSummary]:
    return reads.list_areas(session, plan_id)


@router.get("/areas/{area_id}", response_model=AreaPublic, summary="Get an area with its outcomes and actions",
            tags=["areas"], responses=problem_responses(404, 422))
def get_area(area_id: int, session: SessionDep) -> AreaPublic:
    return reads.get_area(session, area_id)
