"""Exactly once: several workers run the same day's reminders at the same moment, each on its own
connection (PostgreSQL when the suite runs on it), then the command line runs it again; every person
gets one digest, and no (person, reason, subject, occurrence) is told twice."""

import os
import subprocess
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, col, select

from actionplan.core.config import Settings
from actionplan.core.db import make_engine
from actionplan.core.migrate import migrate
from actionplan.demo import load_demo
from actionplan.notifications.models import Notification
from actionplan.reminders.models import ReminderSent
from actionplan.reminders.service import run_reminders
from tests.backend.conftest import DEMO_PASSWORD
from tests.backend.live import COMMAND, fresh_database
from tests.backend.reminder_world import D, build

WORKERS = 6


@pytest.mark.skipif(not os.environ.get("ACTIONPLAN_TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="a race needs a database that lets writers race: SQLite lets one write at a time")
def test_workers_racing_on_one_day_tell_each_person_once(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            with Session(engine) as session:
                load_demo(session, DEMO_PASSWORD)
                world = build(session)
            settings = Settings(database_url=url, base_url="https://improvement.council.example")
            barrier = threading.Barrier(WORKERS)

            def worker(_):
                with Session(engine) as session:
                    barrier.wait()
                    return run_reminders(session, D("2019-05-13"), settings)
            with ThreadPoolExecutor(WORKERS) as pool:
                summaries = list(pool.map(worker, range(WORKERS)))

            with Session(engine) as session:
                digests = session.exec(select(Notification.user_id).where(Notification.kind == "reminder.digest")).all()
                sent = session.exec(select(ReminderSent)).all()
                linked = session.exec(select(ReminderSent).where(col(ReminderSent.notification_id).is_(None))).all()
            people = Counter(digests)
            assert people and max(people.values()) == 1, people          # one digest each
            assert sum(s.people for s in summaries) == len(people)         # told by one worker or another
            assert sum(s.reminders + s.escalations for s in summaries) == len(sent)
            assert not linked                                              # every row is in a digest
            assert {world.people[n] for n in ("Olu", "Sam", "Tom")} <= set(people)   # overdue in the quarter world

            # Another process, later the same day: nothing more.
            run = subprocess.run([COMMAND, "remind", "--date", "2019-05-13"], capture_output=True, text=True,
                                 env={**os.environ, "ACTIONPLAN_DATABASE_URL": url, "ACTIONPLAN_DATA_DIR": str(tmp_path)},
                                 timeout=120)
            assert run.returncode == 0, run.stderr
            assert "0 reminders and 0 escalations, in one digest each to 0 people" in run.stdout
            with Session(engine) as session:
                assert len(session.exec(select(ReminderSent)).all()) == len(sent)
        finally:
            engine.dispose()
