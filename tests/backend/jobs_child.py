"""A worker process for the job tests, forked from the test process (which has imported
everything already, so it starts at once): it registers the tests' jobs, waits for DIR/go, then
runs worker rounds until DIR/stop appears."""

import datetime as dt
import os
import time
from pathlib import Path

from actionplan import jobs
from actionplan.core.db import make_engine
from actionplan.jobs import registry
from actionplan.jobs.runner import run_round


def worker(url: str, schema: str, here: Path) -> None:
    def record(line: str) -> None:
        with open(here / "log", "a") as log:  # one short O_APPEND write: lines never interleave
            log.write(f"{line} {os.getpid()}\n")

    def _record(_session, payload: dict) -> None:
        time.sleep(0.005)
        record(str(payload["n"]))

    def _hang(_session, _payload: dict) -> None:
        (here / "hanging").write_text(str(os.getpid()))
        time.sleep(600)  # until the test kills this process

    def _tick(_session, slot: dt.datetime) -> None:
        record(f"tick@{slot.isoformat()}")

    # The tests' jobs only: the app's own (reminders, the overdue sweep …), registered in the test process
    # before the fork, would write to the database the other tests share.
    registry.QUEUED.clear()
    registry.PERIODIC.clear()
    jobs.queued("test.record")(_record)
    jobs.queued("test.hang")(_hang)
    jobs.periodic("test.tick", every=jobs.HOURLY)(_tick)

    # A connection pool of its own: none of the parent's connections is used across the fork.
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"}) if schema else make_engine(url)
    (here / f"ready-{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not (here / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    while not (here / "stop").exists() and time.monotonic() < deadline:
        if run_round(engine) == 0:
            time.sleep(0.01)
    engine.dispose()
