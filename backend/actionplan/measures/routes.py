"""Measures of actions: their trajectory verdicts, readings and corrections."""

from typing import Annotated

from fastapi import APIRouter, Header, Response

from actionplan.actions.deps import action_for
from actionplan.auth.deps import CurrentPrincipal
from actionplan.core.asof import AsOfQuery, view_as_of
from actionplan.core.clock import council_today
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.etag import make_etag, require_match
from actionplan.core.params import IdPath
from actionplan.auth.permissions import Perm
from actionplan.measures import service
from actionplan.measures.deps import measure_for, reading_for
from actionplan.measures.schemas import (
    MeasureCreate, MeasureDetail, MeasurePublic, MeasureUpdate, ReadingCorrection, ReadingCreate, ReadingDetail,
)
from actionplan.plans.deps import area_for, plan_for

router = APIRouter(tags=["measures"])
READ = problem_responses(401, 404, 422)
WRITE = problem_responses(401, 403, 404, 422)
CHANGE = problem_responses(401, 403, 404, 412, 422, 428)
IfMatch = Annotated[str | None, Header(description="The ETag you read; required for this change.")]


def _measure_out(session, measure, response: Response) -> MeasureDetail:
    response.headers["ETag"] = make_etag("measure", measure.id, measure.version)
    return service.get_measure(session, measure, view_as_of(None))


def _created(session, measure, response: Response) -> MeasureDetail:
    response.headers["Location"] = f"/api/v1/measures/{measure.id}"
    return _measure_out(session, measure, response)


def _reading_out(session, reading, response: Response, status: int | None = None) -> ReadingDetail:
    response.headers["ETag"] = make_etag("reading", reading.entry_id, reading.version_no)
    if status == 201:
        response.headers["Location"] = f"/api/v1/measure-readings/{reading.entry_id}"
    return service.reading_detail(session, reading)


@router.get("/actions/{action_id}/measures", response_model=list[MeasurePublic], summary="List an action's measures",
            description="Each with its latest reading, whether that reading is on its trajectory, ahead or behind "
                        "and by how much, and the RAG it suggests beside the approved status.",
            responses=READ)
def list_action_measures(action_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                         as_of: AsOfQuery = None) -> list[MeasurePublic]:
    action = action_for(session, principal, action_id)
    return service.list_for_action(session, action.id, view_as_of(as_of))


@router.get("/plans/{plan_id}/measures", response_model=list[MeasurePublic], summary="List a plan's measures",
            description="Every measure of the plan in the plan's order, for the dashboard and the board report.",
            responses=READ)
def list_plan_measures(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                       as_of: AsOfQuery = None) -> list[MeasurePublic]:
    plan = plan_for(session, principal, plan_id)
    return service.list_for_plan(session, plan.id, view_as_of(as_of))


@router.post("/actions/{action_id}/measures", response_model=MeasureDetail, status_code=201,
             summary="Define a measure of an action",
             description="Heads of Service on the areas they lead, assistant directors and the director.",
             responses=WRITE)
def create_measure(action_id: IdPath, body: MeasureCreate, session: SessionDep, principal: CurrentPrincipal,
                   response: Response) -> MeasureDetail:
    action = action_for(session, principal, action_id, Perm.measure_manage)
    return _created(session, service.create_measure(session, principal, action.area_id, action.id, body), response)


@router.get("/areas/{area_id}/measures", response_model=list[MeasurePublic], summary="List an area's own measures",
            description="Measures of the area as a whole (not of one of its actions: those are on each action and "
                        "in the plan's list), each with its latest reading and verdict.",
            responses=READ)
def list_area_measures(area_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                       as_of: AsOfQuery = None) -> list[MeasurePublic]:
    area = area_for(session, principal, area_id)
    return service.list_for_area(session, area.id, view_as_of(as_of))


@router.post("/areas/{area_id}/measures", response_model=MeasureDetail, status_code=201,
             summary="Define a measure of an area as a whole",
             description="The area's Head of Service, assistant directors and the director. Its readings are "
                         "entered by the same people (owners of the area's actions read it).",
             responses=WRITE)
def create_area_measure(area_id: IdPath, body: MeasureCreate, session: SessionDep, principal: CurrentPrincipal,
                        response: Response) -> MeasureDetail:
    area = area_for(session, principal, area_id, Perm.measure_manage)
    return _created(session, service.create_measure(session, principal, area.id, None, body), response)


@router.get("/measures/{measure_id}", response_model=MeasureDetail, summary="Get a measure with its readings",
            description="`as_of` reads the readings as they stood then (corrections made later are not yet in). "
                        "The ETag carries the measure's version, which every new or corrected reading moves.",
            responses=READ)
def get_measure(measure_id: IdPath, session: SessionDep, principal: CurrentPrincipal, response: Response,
                as_of: AsOfQuery = None) -> MeasureDetail:
    measure = measure_for(session, principal, measure_id)
    if as_of is None:
        return _measure_out(session, measure, response)
    return service.get_measure(session, measure, view_as_of(as_of))


@router.patch("/measures/{measure_id}", response_model=MeasureDetail, summary="Change a measure's definition",
              description="Only the fields sent change; `baselines` and `targets` replace the lists. "
                          "Send the measure's ETag in If-Match.", responses=CHANGE)
def update_measure(measure_id: IdPath, body: MeasureUpdate, session: SessionDep, principal: CurrentPrincipal,
                   response: Response, if_match: IfMatch = None) -> MeasureDetail:
    measure = measure_for(session, principal, measure_id, Perm.measure_manage)
    version = require_match(if_match, "measure", measure.id, measure.version)
    measure = service.update_measure(session, principal, measure, version, body)
    return _measure_out(session, measure, response)


@router.post("/measures/{measure_id}/readings", response_model=ReadingDetail, status_code=201,
             summary="Enter a reading",
             description="The action's owner, the area's Head of Service, assistant directors, the director, or a "
                         "service token with `measures:write`. Emits the webhook event `measure.reading`.",
             responses=WRITE)
def record_reading(measure_id: IdPath, body: ReadingCreate, session: SessionDep, principal: CurrentPrincipal,
                   response: Response) -> ReadingDetail:
    measure = measure_for(session, principal, measure_id, Perm.measure_record)
    reading = service.record_reading(session, principal, measure, body, council_today())
    return _reading_out(session, reading, response, 201)


@router.get("/measure-readings/{reading_id}", response_model=ReadingDetail, summary="Get a reading with its versions",
            description="The ETag carries the reading's version: send it in If-Match to correct it.", responses=READ)
def get_reading(reading_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
                response: Response) -> ReadingDetail:
    return _reading_out(session, reading_for(session, principal, reading_id), response)


@router.post("/measure-readings/{reading_id}/corrections", response_model=ReadingDetail, summary="Correct a reading",
             description="A new version with the reason; the one it replaces is kept in `versions`. Send the "
                         "reading's ETag in If-Match. Emits `measure.reading`.", responses=CHANGE)
def correct_reading(reading_id: IdPath, body: ReadingCorrection, session: SessionDep, principal: CurrentPrincipal,
                    response: Response, if_match: IfMatch = None) -> ReadingDetail:
    reading = reading_for(session, principal, reading_id, Perm.measure_record)
    require_match(if_match, "reading", reading.entry_id, reading.version_no)
    reading = service.correct_reading(session, principal, reading, body, council_today())
    return _reading_out(session, reading, response)
