"""The plan's reminder settings, and each person's choice of how to be reminded."""

import datetime as dt

from fastapi import APIRouter, Request

from actionplan.auth.deps import CurrentPrincipal
from actionplan.auth.permissions import Perm, Principal
from actionplan.core.clock import council_today
from actionplan.core.db import SessionDep
from actionplan.core.errors import NotFound, problem_responses
from actionplan.core.params import IdPath
from actionplan.plans.deps import plan_for
from actionplan.reminders import service
from actionplan.reminders.models import PlanReminderSettings
from actionplan.reminders.schemas import (
    BoardMeetingPublic, PlanReminderSettingsPublic, PlanReminderSettingsUpdate, ReminderChoice, ReminderChoicePublic,
)
from actionplan.reminders.workdays import add_working_days

router = APIRouter(tags=["reminders"])


def _public(session, row: PlanReminderSettings) -> PlanReminderSettingsPublic:
    today = council_today()
    lead = row.update_lead_working_days
    start = max(today, row.board_first_meeting_on or today)
    until = start + dt.timedelta(days=2 * 366)
    meetings = [m for m in service.meeting_dates(session, row, until) if m >= today]
    return PlanReminderSettingsPublic.model_validate({
        **{name: getattr(row, name) for name in service.SETTING_FIELDS},
        "plan_id": row.plan_id, "version": row.version, "updated_at": row.updated_at if row.version else None,
        "next_meetings": [BoardMeetingPublic(meeting_on=m, updates_due_on=add_working_days(m, -lead))
                          for m in meetings[:4]]})


@router.get("/plans/{plan_id}/reminder-settings", response_model=PlanReminderSettingsPublic,
            summary="When the board meets and when people are reminded",
            description="The board's cadence, how many working days before each meeting updates are due, and the "
                        "reminder thresholds; with the next meetings. Every reader of the plan may see them; "
                        "`version` 0 means nobody has changed the defaults.",
            responses=problem_responses(401, 404, 422))
def get_plan_reminder_settings(plan_id: IdPath, session: SessionDep,
                               principal: CurrentPrincipal) -> PlanReminderSettingsPublic:
    plan = plan_for(session, principal, plan_id)
    return _public(session, service.plan_settings(session, plan.id))


@router.put("/plans/{plan_id}/reminder-settings", response_model=PlanReminderSettingsPublic,
            summary="Change when the board meets and when people are reminded",
            description="Assistant directors and the director. Working days leave out weekends and the bank "
                        "holidays of England and Wales. Audited.",
            responses=problem_responses(401, 403, 404, 422))
def put_plan_reminder_settings(plan_id: IdPath, body: PlanReminderSettingsUpdate, session: SessionDep,
                               principal: CurrentPrincipal) -> PlanReminderSettingsPublic:
    plan = plan_for(session, principal, plan_id, Perm.plan_reminders_manage)
    return _public(session, service.update_plan_settings(session, principal, plan.id, body.model_dump()))


def _person(principal: Principal) -> int:
    # Reminders are personal: a service token has none.
    if principal.is_service:
        raise NotFound("Service tokens have no reminders.", code="not_a_user")
    return principal.id


@router.get("/users/me/reminder-settings", response_model=ReminderChoicePublic,
            summary="How I am reminded", responses=problem_responses(401, 404),
            description="In the app only, or in the app and by email. Until you choose, reminders and notifications "
                        "are emailed too (when the server sends email). Service tokens have none (404).")
def get_my_reminder_settings(session: SessionDep, principal: CurrentPrincipal,
                             request: Request) -> ReminderChoicePublic:
    user_id = _person(principal)
    return ReminderChoicePublic(email=service.wants_email(session, user_id),
                                email_available=bool(request.app.state.settings.smtp_host))


@router.put("/users/me/reminder-settings", response_model=ReminderChoicePublic,
            summary="Choose how I am reminded", responses=problem_responses(401, 404, 422),
            description="Yours only. Turning email on sends nothing from before: only what comes after.")
def put_my_reminder_settings(body: ReminderChoice, session: SessionDep, principal: CurrentPrincipal,
                             request: Request) -> ReminderChoicePublic:
    pref = service.set_email_choice(session, _person(principal), body.email)
    return ReminderChoicePublic(email=pref.email, email_available=bool(request.app.state.settings.smtp_host))
