"""What jobs exist: a name for each, mapped to its function (see the package docstring)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from actionplan.core.types import utcnow
from actionplan.jobs.models import Job

DAILY = dt.timedelta(days=1)
HOURLY = dt.timedelta(hours=1)

QueuedFn = Callable[[Session, dict], None]
PeriodicFn = Callable[[Session, dt.datetime], None]


@dataclass(frozen=True)
class Periodic:
    name: str
    every: dt.timedelta
    fn: PeriodicFn


QUEUED: dict[str, QueuedFn] = {}
PERIODIC: dict[str, Periodic] = {}
# Jobs that may take longer than the runner's default lease (see runner.LEASE), by name.
LEASES: dict[str, dt.timedelta] = {}


def queued(name: str, lease: dt.timedelta | None = None) -> Callable[[QueuedFn], QueuedFn]:
    """Registers `fn(session, payload)` as the job `name` (run once per enqueue). `lease`: how long
    a worker holds it before another may take it up, when one run can outlast the default."""
    def register(fn: QueuedFn) -> QueuedFn:
        assert name not in QUEUED and name not in PERIODIC, f"job {name} registered twice"
        QUEUED[name] = fn
        if lease is not None:
            LEASES[name] = lease
        return fn
    return register


def periodic(name: str, every: dt.timedelta) -> Callable[[PeriodicFn], PeriodicFn]:
    """Registers `fn(session, slot_start)` to run once per `every` (whatever the number of workers)."""
    def register(fn: PeriodicFn) -> PeriodicFn:
        assert name not in QUEUED and name not in PERIODIC, f"job {name} registered twice"
        assert every >= dt.timedelta(seconds=1)
        PERIODIC[name] = Periodic(name, every, fn)
        return fn
    return register


def enqueue(session: Session, name: str, payload: dict | None = None, run_at: dt.datetime | None = None) -> Job:
    """Adds a job to the caller's transaction (the caller commits). `payload` must be JSON."""
    now = utcnow()
    job = Job(name=name, payload=payload or {}, run_at=run_at or now, created_at=now)
    session.add(job)
    return job
