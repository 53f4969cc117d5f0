"""Over real HTTP, with two server processes and no worker of their own: clients racing for the same
pack's PDF queue one job between them, a separate `actionplan worker` makes the file, and every client
then gets the same bytes. The same on SQLite and PostgreSQL."""

import subprocess

import httpx
from sqlmodel import Session, func, select

from actionplan.core.db import make_engine
from actionplan.jobs.models import Job
from actionplan.reports.models import PackRendering
from actionplan.reports.renderings import RENDER_JOB
from tests.backend.api.test_concurrency import _race
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import COMMAND, live_server, sign_in

CLIENTS = 8


def _counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            renderings = session.exec(select(func.count()).select_from(PackRendering)).one()
            jobs = session.exec(select(func.count()).select_from(Job).where(Job.name == RENDER_JOB)).one()
            return renderings, jobs
    finally:
        engine.dispose()


def test_racing_clients_queue_one_job_and_a_separate_worker_makes_the_file(tmp_path):
    with live_server(tmp_path, workers=2, extra_env={"ACTIONPLAN_RUN_WORKER": "false"}) as live:
        director = sign_in(live, DEMO_EMAILS["director"])
        plan_id = httpx.get(f"{live.api}/plans", headers=director).json()["items"][0]["id"]
        url = f"{live.api}/plans/{plan_id}/pack.pdf?as_of=2019-06-30&since=2019-03-31"
        waiting = _race([lambda http: http.get(url, headers=director)] * CLIENTS)
        assert [a.status_code for a in waiting] == [202] * CLIENTS, [a.text for a in waiting]
        assert _counts(live.env["ACTIONPLAN_DATABASE_URL"]) == (1, 1)

        ran = subprocess.run([COMMAND, "worker", "--once"], env=live.env, capture_output=True, text=True, timeout=600)
        assert ran.returncode == 0, ran.stderr
        files = _race([lambda http: http.get(url, headers=director)] * CLIENTS)
        assert [f.status_code for f in files] == [200] * CLIENTS
        assert files[0].content.startswith(b"%PDF-") and len({f.content for f in files}) == 1
        etag = files[0].headers["etag"]
        assert httpx.get(url, headers={**director, "If-None-Match": etag}).status_code == 304
        assert [p.suffix for p in (tmp_path / "packs").iterdir()] == [".pdf"]  # one file, no temporary left
