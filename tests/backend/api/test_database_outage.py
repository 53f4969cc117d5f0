"""When the database goes away (issue 14): a private PostgreSQL cluster, started here with initdb
and pg_ctl whatever database the suite runs on, under a real `actionplan serve` and a load of
reads and writes over HTTP; the cluster is stopped (`pg_ctl stop -m fast`, which also ends the
open connections) and started again. Every call answers 503 `database_unavailable` with
Retry-After while it is down, never 500; /health stays up and /ready says 503; the server
recovers without a restart; every write acknowledged is there, and none is half-written.
Counts and recovery times are printed, not asserted."""

import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from glob import glob
from pathlib import Path

import httpx
import pytest

from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import free_port, live_server, sign_in

DEADLINE = 30.0  # seconds for each phase to reach its condition; well beyond what any should take


def _postgres_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


@dataclass
class Cluster:
    url: str
    start: Callable[[], None]
    stop: Callable[..., None]


@contextmanager
def private_cluster():
    """A PostgreSQL cluster of this test's own, in a temporary directory on a free port. initdb
    refuses to run as root, so as root it runs as the system's postgres user."""
    bindir = _postgres_bin()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("initdb and pg_ctl are needed for the outage test (Debian's postgresql package)")
        pytest.skip("initdb and pg_ctl are not installed here")
    as_user: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="actionplan-pg-"))
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(workdir, postgres.pw_uid, postgres.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = workdir / "data", free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=60)

    def start() -> None:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(workdir / "log"), "-w", "start",
            "-o", f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1")

    def stop(mode: str = "fast") -> None:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        start()
        yield Cluster(url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", start=start, stop=stop)
    finally:
        if (data / "postmaster.pid").exists():
            stop("immediate")
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Answer:
    at: float
    kind: str
    status: int            # 0: no HTTP answer at all
    code: str | None       # the problem's code
    retry_after: str | None


class Load:
    """Owners recording progress (each on an action of their own, so no write races another) and
    readers, until told to stop; bounded in count as well."""

    MAX_CALLS = 3000

    def __init__(self, api: str, owner: dict, director: dict, actions: list[int]):
        self.api, self.owner, self.director, self.actions = api, owner, director, actions
        self.answers: list[Answer] = []
        self.acknowledged: list[tuple[int, str]] = []  # (action id, note) answered 201
        self.halt = threading.Event()
        self.threads = [threading.Thread(target=self._writer, args=(n, a)) for n, a in enumerate(actions)]
        self.threads.append(threading.Thread(target=self._reader))

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.halt.set()
        for thread in self.threads:
            thread.join()

    def _record(self, kind: str, response: httpx.Response | None) -> httpx.Response | None:
        if response is None:
            self.answers.append(Answer(time.monotonic(), kind, 0, None, None))
            return None
        code = response.json().get("code") if response.headers.get("content-type", "").startswith(
            "application/problem+json") else None
        self.answers.append(Answer(time.monotonic(), kind, response.status_code, code,
                                   response.headers.get("retry-after")))
        return response

    def _call(self, http: httpx.Client, kind: str, method: str, url: str, **kwargs) -> httpx.Response | None:
        try:
            response = self._record(kind, http.request(method, url, **kwargs))
        except httpx.TransportError:
            response = self._record(kind, None)
        if response is None or response.status_code >= 500:
            self.halt.wait(0.05)  # a client backing off a little (less than Retry-After: the test is short)
        return response

    def _writer(self, n: int, action_id: int) -> None:
        url = f"{self.api}/actions/{action_id}"
        with httpx.Client(timeout=20) as http:
            for i in range(self.MAX_CALLS):
                if self.halt.is_set():
                    return
                read = self._call(http, "read", "GET", url, headers=self.owner)
                if read is None or read.status_code != 200:
                    continue
                note = f"outage w{n} n{i}"
                wrote = self._call(http, "write", "POST", f"{url}/progress", json={"text": note},
                                   headers={**self.owner, "If-Match": read.headers["etag"]})
                if wrote is not None and wrote.status_code == 201:
                    self.acknowledged.append((action_id, note))

    def _reader(self) -> None:
        with httpx.Client(timeout=20) as http:
            for i in range(self.MAX_CALLS):
                if self.halt.is_set():
                    return
                path = ("/actions?limit=20", "/proposals", "/users/me")[i % 3]
                self._call(http, "read", "GET", f"{self.api}{path}", headers=self.director)

    def count(self, kind: str, status: int, since: float = 0.0) -> int:
        return sum(1 for a in self.answers if a.kind == kind and a.status == status and a.at >= since)


def _until(condition, what: str) -> float:
    """Waits for the condition (polling); returns the seconds it took."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > DEADLINE:
            pytest.fail(f"not within {DEADLINE:.0f} s: {what}")
        time.sleep(0.05)
    return time.monotonic() - began


def _status(url: str) -> int:
    try:
        return httpx.get(url, timeout=5).status_code
    except httpx.TransportError:
        return 0


def test_the_database_stops_and_starts_under_load(tmp_path, capsys):
    with private_cluster() as cluster, live_server(tmp_path, database_url=cluster.url) as live:
        owner, director = sign_in(live, DEMO_EMAILS["action_owner"]), sign_in(live, DEMO_EMAILS["director"])
        me = httpx.get(f"{live.api}/users/me", headers=owner).json()
        owned = httpx.get(f"{live.api}/actions", params={"owner_id": me["id"]}, headers=owner).json()["items"]
        with Load(live.api, owner, director, [a["id"] for a in owned]) as load:
            _until(lambda: load.count("write", 201) >= 20, "writes before the stop")
            stopped_at = time.monotonic()
            cluster.stop()
            written_before_stop = list(load.acknowledged)
            _until(lambda: load.count("write", 503, stopped_at) + load.count("read", 503, stopped_at) >= 20,
                   "503s while the database is down")
            down = {"health": _status(f"{live.api}/health"), "ready": _status(f"{live.api}/ready")}
            ready_while_down = httpx.get(f"{live.api}/ready", timeout=5)
            cluster.start()
            started_at = time.monotonic()
            ready_after = _until(lambda: _status(f"{live.api}/ready") == 200, "/ready answers 200 again")
            writes_after = _until(lambda: load.count("write", 201, started_at) >= 10, "writes after the restart")
        outage = [a for a in load.answers if a.at >= stopped_at and a.status >= 500]

        assert down == {"health": 200, "ready": 503}
        assert ready_while_down.json()["code"] == "database_unavailable"
        assert ready_while_down.headers["retry-after"].isdigit()
        answered = Counter(a.status for a in load.answers)
        assert set(answered) <= {200, 201, 503}, answered  # never 500, never a dropped connection
        assert outage and all(a.status == 503 and a.code == "database_unavailable" and a.retry_after
                              and a.retry_after.isdigit() for a in outage)
        assert "unhandled error" not in live.log.read_text()

        # Nothing acknowledged is lost; nothing is half-written: each note has its audit event,
        # and each audit event its note (a write cut off mid-flight is there whole or not at all).
        notes: dict[str, int] = {}
        for action in owned:
            history = httpx.get(f"{live.api}/actions/{action['id']}/history", headers=owner).json()
            notes |= {h["progress"]["text"]: h["progress"]["id"] for h in history if h["kind"] == "progress"}
        assert {note for _, note in load.acknowledged} <= set(notes)
        audited = _audited_notes(live.api, director)
        assert audited == set(notes.values())
        assert httpx.get(f"{live.api}/audit/verify", headers=director).json()["ok"] is True

    with capsys.disabled():
        first_503 = min(a.at for a in outage) - stopped_at
        print(f"\n  database outage: {len(load.answers)} calls ({dict(sorted(answered.items()))}); "
              f"{len(written_before_stop)} writes acknowledged before the stop, {len(load.acknowledged)} in all, "
              f"{len(notes)} notes stored; first 503 {first_503:.2f} s after the stop; after the start, "
              f"/ready 200 in {ready_after:.2f} s and 10 writes in {writes_after:.2f} s")


def _audited_notes(api: str, director: dict) -> set[int]:
    ids: set[int] = set()
    offset = 0
    while True:
        page = httpx.get(f"{api}/audit", params={"object_type": "progress_note", "limit": 500, "offset": offset},
                         headers=director).json()
        ids |= {int(e["object_id"]) for e in page["items"]}
        offset += len(page["items"])
        if offset >= page["total"]:
            return ids
