"""Reminders and notification emails as background jobs (run once per slot, whatever the number of
workers: see actionplan.jobs)."""

import datetime as dt
import logging

from sqlmodel import Session

from actionplan import jobs
from actionplan.core.clock import COUNCIL_TZ
from actionplan.core.config import get_settings
from actionplan.notifications.service import send_pending_emails
from actionplan.reminders.service import run_reminders

log = logging.getLogger("actionplan.reminders")

# Reminders go out in the working day, from this hour in London: the first hourly slot after it tells
# the day's reminders, later ones only what has newly fallen due (a new owner, say): nothing twice.
FIRST_HOUR = 7
EMAIL_EVERY = dt.timedelta(minutes=2)


@jobs.periodic("reminders.run", every=jobs.HOURLY)
def remind(session: Session, slot: dt.datetime) -> None:
    local = slot.astimezone(COUNCIL_TZ)
    if local.hour < FIRST_HOUR:
        return
    summary = run_reminders(session, local.date(), get_settings(), commit=False)
    if summary.people:
        log.info("reminders: %s reminders and %s escalations to %s people", summary.reminders,
                 summary.escalations, summary.people)


@jobs.periodic("notifications.email", every=EMAIL_EVERY)
def email(session: Session, _slot: dt.datetime) -> None:
    """Each email's row is marked sent just before the relay is given it (committed there), so two senders
    never send one twice and a worker that dies half-way resends nothing."""
    send_pending_emails(session, get_settings())
