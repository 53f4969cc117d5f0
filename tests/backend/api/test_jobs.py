"""Background jobs: each runs once however many workers run, a dead worker's job is taken up
again after its lease, and a periodic job runs once per slot. Real processes and real commits
(the per-test rollback cannot be used); the same tests run on SQLite and PostgreSQL."""

import datetime as dt
import multiprocessing
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from actionplan import jobs
from actionplan.core.types import utcnow
from actionplan.jobs import registry
from actionplan.jobs.models import Job
from actionplan.jobs.runner import BACKOFF, LEASE, MAX_ATTEMPTS, run_round, slot_start
from tests.backend.jobs_child import worker



def _wait(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.fixture
def clean(engine):
    """Test jobs registered in this process, and no test job rows left behind."""
    names = ("test.record", "test.hang", "test.tick", "test.flaky", "test.mine")
    yield
    for name in names:
        registry.QUEUED.pop(name, None)
        registry.PERIODIC.pop(name, None)
    with Session(engine) as session:
        session.execute(delete(Job).where(col(Job.name).in_(names)))
        session.commit()


def _workers(engine, here: Path, count: int) -> list:
    schema = ""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    url = engine.url.render_as_string(hide_password=False)
    fork = multiprocessing.get_context("fork")
    procs = [fork.Process(target=worker, args=(url, schema, here)) for _ in range(count)]
    for proc in procs:
        proc.start()
    def started() -> bool:
        assert all(proc.is_alive() for proc in procs), "a worker process died"
        return len(list(here.glob("ready-*"))) == count

    _wait(started, "the workers to start")
    return procs


def _stop(here: Path, procs: list) -> None:
    (here / "stop").touch()
    for proc in procs:
        proc.join(timeout=30)
        if proc.is_alive():
            proc.kill()
            proc.join()


def _log(here: Path) -> list[tuple[str, str]]:
    path = here / "log"
    return [tuple(line.split()) for line in path.read_text().splitlines()] if path.exists() else []


def test_three_worker_processes_run_each_job_once_and_each_periodic_slot_once(engine, tmp_path, clean):
    n = 30
    with Session(engine) as session:
        for i in range(n):
            jobs.enqueue(session, "test.record", {"n": i})
        session.commit()
    procs = _workers(engine, tmp_path, 3)
    try:
        (tmp_path / "go").touch()
        _wait(lambda: sum(1 for job, _ in _log(tmp_path) if not job.startswith("tick")) >= n, "the jobs to run")
        _wait(lambda: any(job.startswith("tick") for job, _ in _log(tmp_path)), "the periodic job")
    finally:
        _stop(tmp_path, procs)
    log = _log(tmp_path)
    runs = Counter(job for job, _ in log)
    assert {job: count for job, count in runs.items() if count != 1} == {}  # nothing twice (a tick per slot)
    assert {job for job in runs if not job.startswith("tick")} == {str(i) for i in range(n)}
    if engine.dialect.name == "postgresql":  # SQLite's one write lock goes to whoever asks first, unfairly
        assert len({pid for job, pid in log if not job.startswith("tick")}) >= 2  # the work was shared
    with Session(engine) as session:
        states = Counter(session.exec(select(Job.state).where(Job.name == "test.record")).all())
        assert states == {"done": n}
        ticks = session.exec(select(Job).where(Job.name == "test.tick")).all()
        assert len(ticks) == len({t.slot_key for t in ticks}) >= 1 and all(t.state == "done" for t in ticks)


def test_a_killed_workers_job_is_taken_up_again_once_its_lease_has_passed(engine, tmp_path, clean):
    with Session(engine) as session:
        job = jobs.enqueue(session, "test.hang")
        session.commit()
        job_id = job.id
    [proc] = _workers(engine, tmp_path, 1)
    try:
        (tmp_path / "go").touch()
        _wait(lambda: (tmp_path / "hanging").exists(), "the job to start")
        proc.kill()  # SIGKILL: no clean-up of any kind
        proc.join()
    finally:
        _stop(tmp_path, [proc])
    ran = []
    jobs.queued("test.hang")(lambda _session, payload: ran.append(payload))
    with Session(engine) as session:
        assert session.get(Job, job_id).state == "running"
    run_round(engine, utcnow(), names=["test.hang"])  # the lease still holds: nobody takes it
    assert ran == []
    run_round(engine, utcnow() + LEASE + dt.timedelta(seconds=1), names=["test.hang"])
    assert ran == [{}]
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert (job.state, job.attempts, job.claimed_by) == ("done", 2, None)


def test_a_periodic_job_runs_once_per_slot_whoever_runs_rounds(engine, clean):
    slots = []
    jobs.periodic("test.tick", every=jobs.HOURLY)(lambda _session, slot: slots.append(slot))
    now = dt.datetime(2031, 12, 1, 9, 10, tzinfo=dt.UTC)  # a day no other test runs
    for minutes in (0, 5, 20, 49):  # four rounds (any workers) in one hour
        run_round(engine, now + dt.timedelta(minutes=minutes), names=["test.tick"])
    run_round(engine, now + dt.timedelta(minutes=55), names=["test.tick"])  # the next slot
    assert slots == [dt.datetime(2031, 12, 1, 9, tzinfo=dt.UTC), dt.datetime(2031, 12, 1, 10, tzinfo=dt.UTC)]
    assert slot_start(jobs.DAILY, now) == dt.datetime(2031, 12, 1, tzinfo=dt.UTC)


def test_a_failing_job_is_retried_with_backoff_then_recorded_as_failed_and_its_work_undone(engine, clean):
    from actionplan.auth.models import SignInFailure

    calls = []

    def flaky(session, payload):
        calls.append(payload["n"])
        session.add(SignInFailure(email="job-test@council.example", client="test", at=utcnow()))
        raise RuntimeError("the relay is down: secret detail")

    jobs.queued("test.flaky")(flaky)
    with Session(engine) as session:
        job = jobs.enqueue(session, "test.flaky", {"n": 1})
        session.commit()
        job_id = job.id
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS):
        run_round(engine, now, names=["test.flaky"])
        now += BACKOFF[attempt] if attempt < len(BACKOFF) else dt.timedelta(0)
        run_round(engine, now - dt.timedelta(seconds=1), names=["test.flaky"])  # not yet due again
    assert calls == [1] * MAX_ATTEMPTS
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert (job.state, job.attempts, job.last_error) == ("failed", MAX_ATTEMPTS, "RuntimeError")
        assert session.exec(select(SignInFailure).where(SignInFailure.email == "job-test@council.example")).all() == []


def test_a_job_commits_its_work_with_its_completion(engine, clean):
    from actionplan.auth.models import SignInFailure

    def mine(session, payload):
        session.add(SignInFailure(email=payload["email"], client="test", at=utcnow()))

    jobs.queued("test.mine")(mine)
    with Session(engine) as session:
        jobs.enqueue(session, "test.mine", {"email": "job-done@council.example"})
        session.commit()
    run_round(engine, names=["test.mine"])
    with Session(engine) as session:
        [row] = session.exec(select(SignInFailure).where(SignInFailure.email == "job-done@council.example")).all()
        session.delete(row)
        session.commit()


def test_housekeeping_registers_its_periodic_jobs():
    from actionplan.jobs.runner import load_jobs

    load_jobs()
    assert {"retention.purge", "webhooks.overdue-sweep", "storage.stale-uploads",
            "jobs.forget-finished", "reports.forget-renderings"} <= set(registry.PERIODIC)
    assert registry.LEASES["reports.render-pdf"] > LEASE  # laying out a large plan outlasts the default
    assert registry.PERIODIC["retention.purge"].every == jobs.DAILY
