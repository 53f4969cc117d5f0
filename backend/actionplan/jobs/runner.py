"""Running jobs: scheduling periodic slots, claiming with leases, and the worker's loop.

- Scheduling: each round, every worker inserts the current slot of each periodic job as a job row
  keyed "<name>@<slot start>". The key is unique, and the insert does nothing when the row exists,
  so a slot is scheduled once however many workers race for it.
- Claiming: a conditional UPDATE moves a due job to `running`, with a fresh claim id and a lease
  (LEASE from now, or the job's own if it registered a longer one) in `run_at`, and is committed before the job runs. On PostgreSQL the candidates
  are selected FOR UPDATE SKIP LOCKED, so workers do not even contend; on either database only
  one UPDATE succeeds. A job whose worker died stays `running` until its lease passes, then is
  claimed again.
- Finishing: the job's work and the UPDATE that marks it done (only if this worker's claim still
  holds) commit together. A worker that loses its lease rolls its work back.

Every function takes `now`, so tests drive time instead of sleeping.
"""

import datetime as dt
import importlib
import logging
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from actionplan.core.types import utcnow
from actionplan.jobs import registry
from actionplan.jobs.catalogue import JOB_MODULES
from actionplan.jobs.models import Job

log = logging.getLogger("actionplan.jobs")

LEASE = dt.timedelta(minutes=5)
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
BATCH = 20
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def load_jobs() -> None:
    """Imports every module that registers jobs."""
    for module in JOB_MODULES:
        importlib.import_module(module)


def slot_start(every: dt.timedelta, now: dt.datetime) -> dt.datetime:
    return EPOCH + ((now - EPOCH) // every) * every


def slot_key(name: str, start: dt.datetime) -> str:
    return f"{name}@{start.isoformat()}"


def schedule_periodic(session: Session, now: dt.datetime, names: list[str] | None = None) -> None:
    """Inserts the current slot of each periodic job (of `names` only, if given) unless some worker
    already has. Commits."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    try:
        for spec in registry.PERIODIC.values():
            if names is not None and spec.name not in names:
                continue
            start = slot_start(spec.every, now)
            session.execute(insert(Job).values(
                name=spec.name, payload={"slot": start.isoformat()}, slot_key=slot_key(spec.name, start),
                state="pending", run_at=start, attempts=0, created_at=now).on_conflict_do_nothing())
        session.commit()
    except OperationalError:
        session.rollback()  # SQLite busy: the next round (or another worker) schedules it
        log.warning("could not schedule periodic jobs this round")


def claim(session: Session, now: dt.datetime, limit: int = BATCH, lease: dt.timedelta = LEASE,
          names: list[str] | None = None) -> list[tuple[int, str]]:
    """Leases up to `limit` due jobs (pending, or running past their lease; of `names` only, if given)
    to this worker; returns (job id, claim id) for each. Commits."""
    names = names or list(registry.QUEUED) + list(registry.PERIODIC)
    try:
        candidates = session.exec(
            select(Job.id, Job.name).where(col(Job.state).in_(("pending", "running")), col(Job.run_at) <= now,
                                 col(Job.name).in_(names))
            .order_by(col(Job.run_at), col(Job.id)).limit(limit)
            .with_for_update(skip_locked=True)).all()
        claimed = []
        for job_id, name in candidates:
            claim_id = uuid.uuid4().hex
            held = registry.LEASES.get(name, lease)
            result = session.execute(
                update(Job).where(col(Job.id) == job_id, col(Job.state).in_(("pending", "running")),
                                  col(Job.run_at) <= now)
                .values(state="running", claimed_by=claim_id, run_at=now + held, attempts=Job.attempts + 1))
            if result.rowcount == 1:
                claimed.append((job_id, claim_id))
        session.commit()
        return claimed
    except OperationalError:
        session.rollback()
        log.warning("could not claim jobs this round; another worker holds them")
        return []


def _settle(session: Session, job_id: int, claim_id: str, **values) -> bool:
    result = session.execute(update(Job).where(col(Job.id) == job_id, col(Job.claimed_by) == claim_id)
                             .values(claimed_by=None, **values))
    return result.rowcount == 1


def run_claimed(session: Session, job_id: int, claim_id: str, now: dt.datetime) -> str:
    """Runs one claimed job and records the outcome; returns the job's new state."""
    job = session.get(Job, job_id)
    name, payload, attempts = job.name, dict(job.payload), job.attempts
    try:
        if attempts > MAX_ATTEMPTS:  # died (or was killed) mid-run every time: not tried again
            raise JobLost()
        if name in registry.PERIODIC:
            registry.PERIODIC[name].fn(session, dt.datetime.fromisoformat(payload["slot"]))
        else:
            registry.QUEUED[name](session, payload)
        if _settle(session, job_id, claim_id, state="done", finished_at=utcnow(), last_error=None):
            session.commit()
            log.info("job %s %s done", job_id, name, extra={"job_id": job_id, "job": name})
            return "done"
        session.rollback()
        log.warning("job %s %s lost its lease; its work was rolled back", job_id, name)
        return "lost"
    except Exception as exc:
        session.rollback()
        failed = isinstance(exc, JobLost) or attempts >= MAX_ATTEMPTS
        if not isinstance(exc, JobLost):
            log.exception("job %s %s failed (attempt %s)", job_id, name, attempts)
        state = "failed" if failed else "pending"
        values = {"state": state, "last_error": type(exc).__name__[:200]}
        if failed:
            values["finished_at"] = utcnow()
        else:
            values["run_at"] = now + BACKOFF[attempts - 1]
        settled = _settle(session, job_id, claim_id, **values)
        session.commit()
        return state if settled else "lost"


class JobLost(Exception):
    """A job whose workers never finished it, MAX_ATTEMPTS times."""


def run_round(engine: Engine, now: dt.datetime | None = None, steps: tuple[Callable, ...] = (),
              names: list[str] | None = None) -> int:
    """One round of a worker: schedule periodic slots, run the jobs due, then each extra step
    `step(session, now) -> int` (the webhook outbox). Returns how much work was done. `names`: only
    these jobs (a test's own, run on a database other tests share)."""
    now = now or utcnow()
    done = 0
    with Session(engine) as session:
        schedule_periodic(session, now, names)
        # One at a time, so that a long job does not hold others that another worker could run.
        for _ in range(BATCH):
            claimed = claim(session, now, limit=1, names=names)
            if not claimed:
                break
            run_claimed(session, *claimed[0], now)
            done += 1
        for step in steps:
            done += step(session, now)
    return done


def run_worker(engine: Engine, stop: threading.Event, poll_seconds: float = 5.0,
               steps: tuple[Callable, ...] = ()) -> None:
    """The loop of `actionplan worker` (and of `actionplan serve`'s background thread)."""
    load_jobs()
    log.info("worker started")
    while not stop.is_set():
        done = 0
        try:
            done = run_round(engine, steps=steps)
        except Exception:
            log.exception("worker round failed; trying again shortly")
        if done == 0:
            stop.wait(poll_seconds)
    log.info("worker stopped")
