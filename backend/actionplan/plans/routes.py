from fastapi import APIRouter
from sqlmodel import col, select

from actionplan.auth import service as access
from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.models import InspectorGrant, InspectorRead
from actionplan.auth.permissions import Perm, visible_plan_ids
from actionplan.auth.schemas import InspectorGrantCreate, InspectorGrantPublic, InspectorReadPublic
from actionplan.core.clock import council_today
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.params import IdPath, Limit, Offset
from actionplan.plans import reads
from actionplan.plans.deps import area_for, plan_for
from actionplan.plans.models import AreaLeadUpdate, AreaPublic, AreaSummary, PlanPublic, PlansPage
from actionplan.plans.service import assign_area_lead
from actionplan.users.models import User

router = APIRouter(tags=["plans"])
READ = problem_responses(401, 404, 422)


@router.get("/plans", response_model=PlansPage, summary="List the plans I may read",
            responses=problem_responses(401, 403, 422))
def list_plans(session: SessionDep, principal: CurrentPrincipal, limit: Limit = 100, offset: Offset = 0) -> PlansPage:
    authorize(principal, Perm.plan_read)
    items, total = reads.list_plans(session, visible_plan_ids(principal), limit, offset)
    return PlansPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/plans/{plan_id}", response_model=PlanPublic, summary="Get a plan with its legend, glossary and areas",
            responses=READ)
def get_plan(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> PlanPublic:
    return reads.get_plan(session, plan_for(session, principal, plan_id))


@router.get("/plans/{plan_id}/areas", response_model=list[AreaSummary],
            summary="List a plan's areas for improvement", responses=READ)
def list_areas(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> list[AreaSummary]:
    return reads.list_areas(session, plan_for(session, principal, plan_id).id)


@router.get("/areas/{area_id}", response_model=AreaPublic, summary="Get an area with its outcomes and actions",
            tags=["areas"], responses=READ)
def get_area(area_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> AreaPublic:
    return reads.get_area(session, area_for(session, principal, area_id))


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
            summary="List inspector access to a plan", tags=["inspectors"], responses=READ | problem_responses(403))
def list_inspector_grants(plan_id: IdPath, session: SessionDep,
                          principal: CurrentPrincipal) -> list[InspectorGrantPublic]:
    plan_for(session, principal, plan_id, Perm.inspector_grant)
    rows = session.exec(select(InspectorGrant, User.name).join(User, col(User.id) == InspectorGrant.inspector_id)
                        .where(InspectorGrant.plan_id == plan_id).order_by(col(InspectorGrant.id))).all()
    return [_grant_public(g, name) for g, name in rows]


@router.post("/plans/{plan_id}/inspector-grants", response_model=InspectorGrantPublic, status_code=201,
             summary="Grant an inspector read access until a date", tags=["inspectors"],
             responses=problem_responses(401, 403, 404, 409, 422))
def grant_inspector(plan_id: IdPath, body: InspectorGrantCreate, session: SessionDep,
                    principal: CurrentPrincipal) -> InspectorGrantPublic:
    plan = plan_for(session, principal, plan_id, Perm.inspector_grant)
    grant = access.grant_inspector(session, principal, plan.id, body.inspector_id, body.expires_on, council_today())
    return _grant_public(grant, session.get(User, grant.inspector_id).name)


@router.delete("/inspector-grants/{grant_id}", response_model=InspectorGrantPublic,
               summary="Revoke an inspector's access at once", tags=["inspectors"],
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
