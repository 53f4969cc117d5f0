import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlmodel import col, select

from actionplan.auth import service as access
from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.models import InspectorGrant, InspectorRead
from actionplan.auth.permissions import Perm, sees_drafts, visible_plan_ids
from actionplan.auth.schemas import InspectorGrantCreate, InspectorGrantPublic, InspectorReadPublic
from actionplan.core.clock import council_today
from actionplan.core.asof import AsOfQuery, SinceQuery, view_as_of
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.params import Day, IdPath, Limit, Offset
from actionplan.core.responses import model_response
from actionplan.plans import reads
from actionplan.plans.deps import area_for, plan_for
from actionplan.plans.models import AreaLeadUpdate, AreaPublic, AreaSummary, PlanPublic, PlansPage
from actionplan.plans.service import assign_area_lead
from actionplan.plans.summary import (
    BoardSummary, MovementsPage, OverduePage, RedsPage, TrendPoint, board_summary, list_moved, list_overdue, list_reds,
    month_ends, plan_trend,
)
from actionplan.users.models import User

router = APIRouter(tags=["plans"])
READ = problem_responses(401, 404, 422)


@router.get("/plans", response_model=PlansPage, summary="List the plans I may read",
            description="Paginated, oldest first. Inspectors see the published plans granted to them; a service "
                        "token limited to one plan sees that plan.",
            responses=problem_responses(401, 403, 422))
def list_plans(session: SessionDep, principal: CurrentPrincipal, limit: Limit = 100, offset: Offset = 0) -> PlansPage:
    authorize(principal, Perm.plan_read)
    items, total = reads.list_plans(session, visible_plan_ids(principal), limit, offset)
    return PlansPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/plans/{plan_id}", response_model=PlanPublic, summary="Get a plan with its legend, glossary and areas",
            description="The plan's context, key dates, RAG legend, acronyms, and each area with its lead and RAG counts.",
            responses=READ)
def get_plan(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None) -> PlanPublic:
    return reads.get_plan(session, plan_for(session, principal, plan_id), view_as_of(as_of))


@router.get("/plans/{plan_id}/areas", response_model=list[AreaSummary],
            summary="List a plan's areas for improvement", responses=READ,
            description="In area order, each with its lead, action count and actions per status.")
def list_areas(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
               as_of: AsOfQuery = None) -> list[AreaSummary]:
    return reads.list_areas(session, plan_for(session, principal, plan_id).id, view_as_of(as_of))


SUMMARY_LIMIT = 50


@router.get("/plans/{plan_id}/summary", response_model=BoardSummary, summary="The board's first page: its counts",
            description="RAG counts per area and for the plan; how many actions moved since a date, are overdue, are "
                        "Red; re-scheduled counts and pending proposals; as approved at `as_of` (default now). The "
                        "same size whatever the number of actions (a row of counts per area): the lists are paged by "
                        "`/summary/moved`, `/summary/overdue` and `/summary/reds` (API 1.1; until then this answer "
                        "carried them whole).", responses=READ)
def get_summary(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None,
                since: AsOfQuery = None) -> Response:
    plan = plan_for(session, principal, plan_id)
    return model_response(board_summary(session, plan, view_as_of(as_of),
                                        view_as_of(since, "since") if since else None, sees_drafts(principal)))


@router.get("/plans/{plan_id}/summary/moved", response_model=MovementsPage,
            summary="The board's first page: what moved since a date",
            description="Actions whose approved status at `as_of` (default now) differs from the one at `since` "
                        "(from → to), in the plan's printed order, a page at a time.", responses=READ)
def get_summary_moved(plan_id: IdPath, since: SinceQuery, session: SessionDep, principal: CurrentPrincipal,
                      as_of: AsOfQuery = None, limit: Limit = SUMMARY_LIMIT, offset: Offset = 0) -> MovementsPage:
    plan = plan_for(session, principal, plan_id)
    items, following = list_moved(session, plan.id, view_as_of(as_of), view_as_of(since, "since"), limit, offset)
    return MovementsPage(items=items, limit=limit, offset=offset, next_offset=following)


@router.get("/plans/{plan_id}/summary/overdue", response_model=OverduePage,
            summary="The board's first page: what is overdue",
            description="Actions past their due date at `as_of` (default now) and not Blue, with their owner, in the "
                        "plan's printed order, a page at a time.", responses=READ)
def get_summary_overdue(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None,
                        limit: Limit = SUMMARY_LIMIT, offset: Offset = 0) -> OverduePage:
    plan = plan_for(session, principal, plan_id)
    items, following = list_overdue(session, plan.id, view_as_of(as_of), limit, offset)
    return OverduePage(items=items, limit=limit, offset=offset, next_offset=following)


@router.get("/plans/{plan_id}/summary/reds", response_model=RedsPage,
            summary="The board's first page: every Red with its exception report",
            description="Actions Red at `as_of` (default now), each with the exception report of the approved change "
                        "that made it Red, in the plan's printed order, a page at a time.", responses=READ)
def get_summary_reds(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None,
                     limit: Limit = SUMMARY_LIMIT, offset: Offset = 0) -> RedsPage:
    plan = plan_for(session, principal, plan_id)
    items, following = list_reds(session, plan.id, view_as_of(as_of), limit, offset)
    return RedsPage(items=items, limit=limit, offset=offset, next_offset=following)


@router.get("/plans/{plan_id}/trend", response_model=list[TrendPoint], summary="RAG counts over time",
            description="The plan's RAG counts as approved at the end of each of the `months` months up to `to` "
                        "(and on `to` itself), oldest first: the chart on the dashboard. `to` defaults to today, "
                        "and a day after today is read as today (nothing is known of it yet). The dashboard sends "
                        "the plan's `last_activity_on` when that is long past, so a plan played back (the "
                        "illustrative demo's April 2019 to March 2020) shows its year.", responses=READ)
def get_trend(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
              months: Annotated[int, Query(ge=1, le=60)] = 12,
              to: Annotated[Day | None, Query(description="The last day of the chart (YYYY-MM-DD).")] = None,
              ) -> list[TrendPoint]:
    plan = plan_for(session, principal, plan_id)
    today = council_today()
    return plan_trend(session, plan, month_ends(min(to or today, today), months))


@router.get("/areas/{area_id}", response_model=AreaPublic, summary="Get an area with its outcomes and actions",
            description="The area's outcomes and every one of its actions, in printed order.",
            tags=["areas"], responses=READ)
def get_area(area_id: IdPath, session: SessionDep, principal: CurrentPrincipal, as_of: AsOfQuery = None) -> AreaPublic:
    return reads.get_area(session, area_for(session, principal, area_id), view_as_of(as_of))


@router.put("/areas/{area_id}/lead", response_model=AreaSummary, summary="Set or clear an area's lead",
            description="The lead must be a Head of Service. Assistant directors and the director do this.",
            tags=["areas"], responses=problem_responses(401, 403, 404, 422))
def set_area_lead(area_id: IdPath, body: AreaLeadUpdate, session: SessionDep,
                  principal: CurrentPrincipal) -> AreaSummary:
    area = area_for(session, principal, area_id, Perm.area_assign_lead)
    assign_area_lead(session, principal, area, body.lead_id)
    return reads.list_areas_by_ids(session, [area.id])[0]


@router.post("/plans/{plan_id}/publish", response_model=PlanPublic, summary="Publish the plan to inspectors",
             description="Inspectors with a live grant can then read its approved content. Idempotent.",
             responses=problem_responses(401, 403, 404, 422))
def publish_plan(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> PlanPublic:
    plan = plan_for(session, principal, plan_id, Perm.plan_publish)
    return reads.get_plan(session, access.publish_plan(session, principal, plan))


def _grant_public(grant: InspectorGrant, name: str) -> InspectorGrantPublic:
    live = grant.revoked_at is None and grant.expires_on >= council_today()
    return InspectorGrantPublic(**grant.model_dump(), inspector_name=name, live=live)


@router.get("/plans/{plan_id}/inspector-grants", response_model=list[InspectorGrantPublic],
            summary="List inspector access to a plan", tags=["inspectors"],
            description="The director: every grant on this plan, live, expired or revoked, oldest first.", responses=READ | problem_responses(403))
def list_inspector_grants(plan_id: IdPath, session: SessionDep,
                          principal: CurrentPrincipal) -> list[InspectorGrantPublic]:
    plan_for(session, principal, plan_id, Perm.inspector_grant)
    rows = session.exec(select(InspectorGrant, User.name).join(User, col(User.id) == InspectorGrant.inspector_id)
                        .where(InspectorGrant.plan_id == plan_id).order_by(col(InspectorGrant.id))).all()
    return [_grant_public(g, name) for g, name in rows]


@router.post("/plans/{plan_id}/inspector-grants", response_model=InspectorGrantPublic, status_code=201,
             summary="Grant an inspector read access until a date", tags=["inspectors"],
             description="The director. The inspector reads the plan's approved content, once it is published, until "
                         "the end of `expires_on`. One live grant per inspector and plan (409).",
             responses=problem_responses(401, 403, 404, 409, 422))
def grant_inspector(plan_id: IdPath, body: InspectorGrantCreate, session: SessionDep,
                    principal: CurrentPrincipal) -> InspectorGrantPublic:
    plan = plan_for(session, principal, plan_id, Perm.inspector_grant)
    grant = access.grant_inspector(session, principal, plan.id, body.inspector_id, body.expires_on, council_today())
    return _grant_public(grant, session.get(User, grant.inspector_id).name)


@router.delete("/inspector-grants/{grant_id}", response_model=InspectorGrantPublic,
               summary="Revoke an inspector's access at once", tags=["inspectors"],
               description="The director. Takes effect on the inspector's next request; the grant stays on record.",
               responses=problem_responses(401, 403, 404, 422))
def revoke_inspector_grant(grant_id: IdPath, session: SessionDep,
                           principal: CurrentPrincipal) -> InspectorGrantPublic:
    grant = session.get(InspectorGrant, grant_id)
    if grant is None:
        raise NotFound(f"There is no inspector grant {grant_id}.")
    plan_for(session, principal, grant.plan_id, Perm.inspector_grant)
    grant = access.revoke_inspector_grant(session, principal, grant)
    return _grant_public(grant, session.get(User, grant.inspector_id).name)


@router.get("/plans/{plan_id}/inspector-reads", response_model=list[InspectorReadPublic],
            summary="What inspectors with access to this plan have read", tags=["inspectors"],
            description="Every request by an inspector who holds or held a grant on this plan, newest first.",
            responses=READ | problem_responses(403))
def list_inspector_reads(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                         limit: Limit = 100, offset: Offset = 0) -> list[InspectorReadPublic]:
    plan_for(session, principal, plan_id, Perm.inspector_grant)
    inspectors = select(InspectorGrant.inspector_id).where(InspectorGrant.plan_id == plan_id)
    rows = session.exec(select(InspectorRead, User.name).join(User, col(User.id) == InspectorRead.inspector_id)
                        .where(col(InspectorRead.inspector_id).in_(inspectors))
                        .order_by(col(InspectorRead.id).desc()).limit(limit).offset(offset)).all()
    return [InspectorReadPublic(inspector_id=r.inspector_id, inspector_name=name, at=r.at, method=r.method,
                                path=r.path) for r, name in rows]
