"""A plan's versions: the plan as submitted, each re-baseline, and what changed between any two."""

from typing import Annotated

from fastapi import APIRouter, Header, Response

from actionplan.auth.deps import CurrentPrincipal
from actionplan.auth.permissions import Perm
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.etag import make_etag, require_match
from actionplan.core.params import IdPath
from actionplan.plans import versions
from actionplan.plans.deps import plan_for
from actionplan.plans.models import PlanVersionPublic, PlanVersionSummary, RebaselineCreate, VersionDiff
from actionplan.plans.version_store import latest_version

router = APIRouter(tags=["plans"])
READ = problem_responses(401, 404, 422)
IfMatch = Annotated[str | None, Header(description="The ETag of the plan's versions you read; required.")]


def _versions_etag(plan_id: int, number: int) -> str:
    return make_etag("plan-versions", plan_id, number)


@router.get("/plans/{plan_id}/versions", response_model=list[PlanVersionSummary], summary="List a plan's versions",
            description="Version 1 is the plan as first imported (as submitted); each re-baseline adds the next. "
                        "Oldest first. The ETag names the latest version: send it in If-Match to re-baseline.",
            responses=READ)
def list_plan_versions(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                       response: Response) -> list[PlanVersionSummary]:
    plan = plan_for(session, principal, plan_id)
    found = versions.list_versions(session, plan.id)
    response.headers["ETag"] = _versions_etag(plan.id, found[-1].number)
    return found


@router.post("/plans/{plan_id}/versions", response_model=PlanVersionPublic, status_code=201,
             summary="Re-baseline the plan: make its next version from a changed plan file",
             description="The director. `file` is the whole plan in the import format with the changes made "
                         "(reworded or new actions, moved targets; an action left out is retired from this version, "
                         "kept with its history). Actions are matched by ref and keep their status history, "
                         "updates and evidence. Only actions change (and areas may be added): other differences "
                         "are refused (422, naming the field). 409 when the file changes nothing. Send the ETag of "
                         "`GET /plans/{id}/versions` in If-Match (428 without, 412 if another re-baseline came "
                         "first).", responses=problem_responses(401, 403, 404, 409, 412, 422, 428))
def rebaseline_plan(plan_id: IdPath, body: RebaselineCreate, session: SessionDep, principal: CurrentPrincipal,
                    response: Response, if_match: IfMatch = None) -> PlanVersionPublic:
    plan = plan_for(session, principal, plan_id, Perm.plan_rebaseline)
    read = require_match(if_match, "plan-versions", plan.id, latest_version(session, plan.id).number)
    plan_file = versions.read_rebaseline_file(body.file)
    made = versions.rebaseline(session, plan, plan_file, body.reason, body.effective_on, principal, "api",
                               read_version=read)
    response.headers["ETag"] = _versions_etag(plan.id, made.number)
    response.headers["Location"] = f"/api/v1/plans/{plan.id}/versions/{made.number}"
    return versions.get_version(session, plan.id, made.number)


@router.get("/plans/{plan_id}/versions/{number}", response_model=PlanVersionPublic,
            summary="Get one version of a plan with its actions",
            description="Every action in the plan as of that version, with its wording, target and due date as "
                        "planned then.", responses=READ)
def get_plan_version(plan_id: IdPath, number: IdPath, session: SessionDep,
                     principal: CurrentPrincipal) -> PlanVersionPublic:
    plan = plan_for(session, principal, plan_id)
    return versions.get_version(session, plan.id, number)


@router.get("/plans/{plan_id}/versions/{earlier}/diff/{later}", response_model=VersionDiff,
            summary="What changed between two versions of a plan",
            description="Actions added, retired, reworded, with their target moved, or with their planned due date "
                        "moved, going from version `earlier` to version `later` (any two, either way round), in the "
                        "plan's printed order.", responses=READ)
def diff_plan_versions(plan_id: IdPath, earlier: IdPath, later: IdPath, session: SessionDep,
                       principal: CurrentPrincipal) -> VersionDiff:
    plan = plan_for(session, principal, plan_id)
    return versions.diff_versions(session, plan.id, earlier, later)
