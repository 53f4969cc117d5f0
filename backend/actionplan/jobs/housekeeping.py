"""The periodic jobs every installation runs (besides those features register themselves)."""

import datetime as dt
import logging

from sqlalchemy import delete
from sqlmodel import Session, col

from actionplan import jobs
from actionplan.auth.retention import Retention, purge_expired
from actionplan.core.config import get_settings
from actionplan.jobs.models import Job
from actionplan.webhooks.delivery import SWEEP_EVERY, sweep_overdue

log = logging.getLogger("actionplan.jobs")

KEEP_FINISHED_JOBS = dt.timedelta(days=30)


@jobs.periodic("retention.purge", every=jobs.DAILY)
def purge_logs(session: Session, slot: dt.datetime) -> None:
    """Failed sign-ins and inspectors' reads past their retention period."""
    log.info("expired records deleted: %s", purge_expired(session, Retention.of(get_settings()), slot))


@jobs.periodic("webhooks.overdue-sweep", every=SWEEP_EVERY)
def announce_overdue(session: Session, slot: dt.datetime) -> None:
    sweep_overdue(session, slot)


def sweep_stale_uploads_now() -> None:
    """Temporary files of uploads that a killed or crashed server never finished (also run when
    `serve` starts)."""
    from actionplan.storage.files import LocalEvidenceStore

    settings = get_settings()
    removed = LocalEvidenceStore(settings.evidence_dir).sweep_stale_uploads(settings.evidence_tmp_max_age_seconds)
    if removed:
        logging.getLogger("actionplan.storage").info("removed stale temporary uploads",
                                                     extra={"files": [str(p) for p in removed]})


@jobs.periodic("storage.stale-uploads", every=jobs.DAILY)
def sweep_stale_uploads(_session: Session, _slot: dt.datetime) -> None:
    sweep_stale_uploads_now()


@jobs.periodic("jobs.forget-finished", every=jobs.DAILY)
def forget_finished_jobs(session: Session, slot: dt.datetime) -> None:
    session.execute(delete(Job).where(col(Job.state).in_(("done", "failed")),
                                      col(Job.finished_at) < slot - KEEP_FINISHED_JOBS))
