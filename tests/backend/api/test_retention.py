"""Failed sign-ins and inspectors' reads are kept for their retention period, then deleted by
the worker's daily round or by `actionplan purge`."""

import datetime as dt
import subprocess

from sqlalchemy import delete
from sqlmodel import Session, col, select

from actionplan.auth.models import InspectorRead, SignInFailure, SignInThrottle
from actionplan.auth.retention import Retention, purge_expired
from actionplan.core.config import Settings
from actionplan.core.db import make_engine
from actionplan.core.types import utcnow
from tests.backend.builders import user
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import COMMAND, fresh_database

DEFAULTS = Retention.of(Settings())


def _rows(session: Session, now: dt.datetime, inspector_id: int) -> None:
    for days in (89, 91):
        session.add(SignInFailure(email=f"{days}-days@council.example", client="192.0.2.1",
                                  at=now - dt.timedelta(days=days)))
    for days in (729, 731):
        session.add(InspectorRead(inspector_id=inspector_id, method="GET", path=f"/api/v1/{days}-days",
                                  at=now - dt.timedelta(days=days)))
    session.add(SignInThrottle(key="a" * 64, failures=3, last_failure_at=now - dt.timedelta(minutes=30)))
    session.add(SignInThrottle(key="b" * 64, failures=3, last_failure_at=now - dt.timedelta(hours=2)))
    session.commit()


def _left(session: Session) -> tuple[set[str], set[str], set[str]]:
    return (set(session.exec(select(SignInFailure.email)).all()),
            {p for p in session.exec(select(InspectorRead.path)).all() if p.endswith("-days")},
            set(session.exec(select(SignInThrottle.key)).all()))


def test_the_defaults_keep_failed_sign_ins_90_days_and_inspector_reads_two_years():
    assert DEFAULTS == Retention(sign_in_failures=dt.timedelta(days=90), inspector_reads=dt.timedelta(days=730))


def test_records_past_their_retention_go_and_recent_ones_stay(session):
    now = utcnow()
    _rows(session, now, user(session, DEMO_EMAILS["inspector"]).id)
    deleted = purge_expired(session, DEFAULTS, now)
    assert deleted == {"failed sign-ins": 1, "inspector reads": 1, "sign-in counters": 1}
    assert _left(session) == ({"89-days@council.example"}, {"/api/v1/729-days"}, {"a" * 64})


def test_the_worker_purges_on_its_first_round(engine):
    # The worker opens its own sessions: these rows are committed, and removed at the end.
    from actionplan.jobs.models import Job
    from actionplan.jobs import DAILY
    from actionplan.jobs.runner import load_jobs, run_round, slot_key, slot_start

    load_jobs()
    tomorrow = utcnow() + DAILY  # a day whose slot no other test's round has claimed
    slot = slot_start(DAILY, tomorrow)  # the purge counts from the start of its day
    with Session(engine) as session:
        _rows(session, slot, user(session, DEMO_EMAILS["inspector"]).id)
    try:
        run_round(engine, tomorrow, names=["retention.purge"])  # not the others: the database is shared
        with Session(engine) as session:
            assert _left(session) == ({"89-days@council.example"}, {"/api/v1/729-days"}, {"a" * 64})
            [job] = session.exec(select(Job).where(Job.slot_key == slot_key("retention.purge", slot))).all()
            assert job.state == "done"
    finally:
        with Session(engine) as session:
            session.execute(delete(SignInFailure).where(col(SignInFailure.email).like("%-days@council.example")))
            session.execute(delete(InspectorRead).where(col(InspectorRead.path).like("%-days")))
            session.execute(delete(SignInThrottle).where(col(SignInThrottle.key).in_(["a" * 64, "b" * 64])))
            session.execute(delete(Job).where(col(Job.slot_key).like(f"%@{slot.isoformat()}")))
            session.commit()


def test_the_purge_command(tmp_path):
    with fresh_database(tmp_path) as url:
        env = {"ACTIONPLAN_DATABASE_URL": url, "ACTIONPLAN_DATA_DIR": str(tmp_path),
               "ACTIONPLAN_SIGN_IN_FAILURE_RETENTION_DAYS": "30"}
        subprocess.run([COMMAND, "migrate"], env=env, check=True, capture_output=True, timeout=120)
        engine = make_engine(url)
        with Session(engine) as session:
            session.add(SignInFailure(email="old@council.example", client="192.0.2.1",
                                      at=utcnow() - dt.timedelta(days=31)))
            session.add(SignInFailure(email="new@council.example", client="192.0.2.1",
                                      at=utcnow() - dt.timedelta(days=29)))
            session.commit()
        result = subprocess.run([COMMAND, "purge"], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "Deleted 1 failed sign-ins, 0 inspector reads" in result.stdout
        with Session(engine) as session:
            assert session.exec(select(SignInFailure.email)).all() == ["new@council.example"]
        engine.dispose()
