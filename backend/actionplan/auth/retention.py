"""How long the logs that are not audit events are kept: failed sign-ins (for looking into an
attack) and inspectors' reads (the director's oversight of inspector access). The worker
deletes older records once a day (jobs/housekeeping.py); `actionplan purge` does the same at once."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, col

from actionplan.auth import throttle
from actionplan.auth.models import InspectorRead, SignInFailure, SignInThrottle
from actionplan.core.config import Settings

@dataclass(frozen=True)
class Retention:
    sign_in_failures: dt.timedelta
    inspector_reads: dt.timedelta

    @classmethod
    def of(cls, settings: Settings) -> "Retention":
        return cls(sign_in_failures=dt.timedelta(days=settings.sign_in_failure_retention_days),
                   inspector_reads=dt.timedelta(days=settings.inspector_read_retention_days))


def purge_expired(session: Session, retention: Retention, now: dt.datetime) -> dict[str, int]:
    """Deletes records older than their retention period (and throttle counters already
    forgotten); returns how many of each. The caller commits."""
    deleted = {
        "failed sign-ins": session.execute(
            delete(SignInFailure).where(col(SignInFailure.at) < now - retention.sign_in_failures)).rowcount,
        "inspector reads": session.execute(
            delete(InspectorRead).where(col(InspectorRead.at) < now - retention.inspector_reads)).rowcount,
        "sign-in counters": session.execute(
            delete(SignInThrottle).where(col(SignInThrottle.last_failure_at) < now - throttle.FORGET_AFTER)).rowcount,
    }
    return deleted
