from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlmodel import Session

from actionplan.auth.deps import CurrentPrincipal, authorize
from actionplan.auth.permissions import Perm, Principal
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.params import IdPath
from actionplan.feeds import ics, service
from actionplan.feeds.schemas import CalendarFeedCreated, CalendarFeedStatus
from actionplan.plans.deps import plan_for

router = APIRouter(tags=["calendar feeds"])

ABOUT = ("A secret address a calendar (Outlook, Google Calendar) subscribes to, read without signing in: "
         "only its hash is kept, so the address is shown once, when it is made.")


def _status(session: Session, principal: Principal, plan_id: int | None) -> CalendarFeedStatus:
    feed = service.live_feed(session, principal.id, plan_id)
    return CalendarFeedStatus(active=feed is not None, created_at=feed.created_at if feed else None)


def _created(session: Session, principal: Principal, plan_id: int | None) -> CalendarFeedCreated:
    feed, token = service.renew(session, principal, plan_id)
    return CalendarFeedCreated(path=service.PATH.format(token=token), created_at=feed.created_at)


@router.get("/users/me/calendar-feed", response_model=CalendarFeedStatus, summary="My calendar feed",
            description="Whether my calendar feed (my actions' due dates and milestones, and the board meetings of "
                        "the plans I read) has a working address. " + ABOUT,
            responses=problem_responses(401, 403))
def my_feed(session: SessionDep, principal: CurrentPrincipal) -> CalendarFeedStatus:
    authorize(principal, Perm.calendar_feed)
    return _status(session, principal, None)


@router.post("/users/me/calendar-feed", response_model=CalendarFeedCreated, status_code=201,
             summary="Make or renew my calendar feed's address",
             description="A new secret address; the previous one stops working at once. " + ABOUT,
             responses=problem_responses(401, 403))
def renew_my_feed(session: SessionDep, principal: CurrentPrincipal) -> CalendarFeedCreated:
    authorize(principal, Perm.calendar_feed)
    return _created(session, principal, None)


@router.delete("/users/me/calendar-feed", status_code=204, summary="Revoke my calendar feed",
               description="The address stops working at once (calendars subscribed to it show nothing new).",
               responses=problem_responses(401, 403))
def revoke_my_feed(session: SessionDep, principal: CurrentPrincipal) -> None:
    authorize(principal, Perm.calendar_feed)
    service.revoke(session, principal, None)


@router.get("/users/me/calendar-feed/plans/{plan_id}", response_model=CalendarFeedStatus,
            summary="My calendar feed of a plan's board meetings",
            description="Assistant directors and the director: whether their feed of every meeting of the plan's "
                        "forums has a working address. " + ABOUT,
            responses=problem_responses(401, 403, 404, 422))
def my_board_feed(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> CalendarFeedStatus:
    plan = plan_for(session, principal, plan_id, Perm.board_calendar_feed)
    return _status(session, principal, plan.id)


@router.post("/users/me/calendar-feed/plans/{plan_id}", response_model=CalendarFeedCreated, status_code=201,
             summary="Make or renew my calendar feed of a plan's board meetings",
             description="A new secret address; the previous one stops working at once. " + ABOUT,
             responses=problem_responses(401, 403, 404, 422))
def renew_my_board_feed(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> CalendarFeedCreated:
    plan = plan_for(session, principal, plan_id, Perm.board_calendar_feed)
    return _created(session, principal, plan.id)


@router.delete("/users/me/calendar-feed/plans/{plan_id}", status_code=204,
               summary="Revoke my calendar feed of a plan's board meetings",
               description="The address stops working at once.",
               responses=problem_responses(401, 403, 404, 422))
def revoke_my_board_feed(plan_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> None:
    plan = plan_for(session, principal, plan_id, Perm.board_calendar_feed)
    service.revoke(session, principal, plan.id)


@router.get("/calendar-feeds/{token}.ics", summary="A calendar feed (iCalendar)",
            description="Open to whoever has the secret address (calendars cannot sign in). RFC 5545 text: all-day "
                        "events for due dates and milestones, meetings at their time in London. Send the ETag back "
                        "in If-None-Match to get 304 when nothing changed.",
            responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}},
                             "description": "The calendar"},
                       304: {"description": "Not changed since the ETag sent"},
                       **problem_responses(404, 422)})
def read_feed(token: Annotated[str, Path(max_length=100)], request: Request, session: SessionDep) -> Response:
    origin = str(request.base_url).rstrip("/")
    name, body = service.read(session, token, origin)
    tag = ics.etag(body)
    headers = {"ETag": tag, "Cache-Control": "private, no-cache", "X-Robots-Tag": "noindex",
               "Content-Disposition": f'inline; filename="{name}"', "Referrer-Policy": "no-referrer"}
    if tag in [t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type="text/calendar; charset=utf-8", headers=headers)
