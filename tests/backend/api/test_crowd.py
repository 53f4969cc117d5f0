"""A crowd on one server (issue 14): readers never wait for a writer, health checks never queue
behind the API's work, and a hundred clients at once get answers, not 5xx. Real uvicorn on
loopback, on the suite's database; latencies are measured in bench/crowd.py, not asserted here."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import text

from actionplan.core.db import make_engine
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.crowd import prepare, run_crowd
from tests.backend.live import live_server, sign_in


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("crowd")) as server:
        yield server


def test_reads_and_health_checks_answer_while_a_writer_holds_its_lock(live):
    owner = sign_in(live, DEMO_EMAILS["action_owner"])
    me = httpx.get(f"{live.api}/users/me", headers=owner).json()
    action = httpx.get(f"{live.api}/actions", params={"owner_id": me["id"]}, headers=owner).json()["items"][0]
    url = f"{live.api}/actions/{action['id']}"
    etag = httpx.get(url, headers=owner).headers["etag"]
    database = make_engine(live.env["ACTIONPLAN_DATABASE_URL"])
    try:
        with database.connect() as writer, ThreadPoolExecutor(1) as pool:
            # A change in progress elsewhere: on SQLite it holds the database's one write lock,
            # on PostgreSQL the action's row.
            held = writer.begin()
            writer.execute(text("UPDATE action SET updated_at = updated_at WHERE id = :id"), {"id": action["id"]})
            waiting_write = pool.submit(httpx.post, f"{url}/progress", json={"text": "Waited for the lock"},
                                        headers={**owner, "If-Match": etag}, timeout=60)
            with httpx.Client(timeout=10) as http:
                # Well inside the 30 s a writer would wait for the lock: a read that queued would time out.
                assert http.get(url, headers=owner).status_code == 200
                assert http.get(f"{url}/history", headers=owner).status_code == 200
                assert http.get(f"{live.api}/ready").status_code == 200
                assert http.get(f"{live.api}/health").status_code == 200
            assert not waiting_write.done()  # the write waits its turn: it neither failed nor slipped past
            held.rollback()
            assert waiting_write.result().status_code == 201
    finally:
        database.dispose()
    history = httpx.get(f"{url}/history", headers=owner).json()
    assert [h["progress"]["text"] for h in history if h["kind"] == "progress"][-1:] == ["Waited for the lock"]


def test_a_hundred_clients_at_once_get_answers_and_every_write_lands(live):
    setup = prepare(live)
    crowd = run_crowd(live, setup, clients=100, requests=5, write_share=0.1)

    failures = crowd.server_errors()
    assert not failures, f"{len(failures)} of {len(crowd.outcomes)} failed, e.g. {failures[:5]}"
    assert {o.status for o in crowd.outcomes} <= {200, 201, 412}  # 412: another owner wrote first
    assert crowd.notes_written, "the crowd wrote nothing"
    owner = setup["who"]["action_owner"]
    for action_id in {a for a, _ in crowd.notes_written}:
        history = httpx.get(f"{live.api}/actions/{action_id}/history", headers=owner).json()
        noted = [h["progress"]["text"] for h in history if h["kind"] == "progress"]
        crowd_notes = sorted(t for t in noted if t.startswith("crowd "))
        assert crowd_notes == sorted(t for a, t in crowd.notes_written if a == action_id)  # each once, none lost
