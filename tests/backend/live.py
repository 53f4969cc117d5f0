"""A real server for tests that need real HTTP: `actionplan serve` on a free loopback port, with
a database of its own (an SQLite file, or a PostgreSQL schema made and dropped here when the
suite runs on PostgreSQL), migrated, with the demo loaded (password DEMO_PASSWORD)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from actionplan.core.db import make_engine
from tests.backend.conftest import DEMO_PASSWORD

COMMAND = str(Path(sys.executable).with_name("actionplan"))
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Live:
    base: str   # http://127.0.0.1:PORT
    api: str    # …/api/v1
    pid: int
    env: dict
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def fresh_database(tmp: Path):
    """Yields a database URL of its own; PostgreSQL when the suite runs on it."""
    base = os.environ.get("ACTIONPLAN_TEST_DATABASE_URL")
    if not base or make_url(base).get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp / 'live.db'}"
        return
    schema = f"live_{secrets.token_hex(4)}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def live_server(tmp: Path, workers: int = 1, extra_env: dict | None = None, database_url: str | None = None,
                factory: str | None = None, before_start: Callable[[str], None] | None = None):
    """database_url: a database of the caller's (by default one of its own, see fresh_database).
    factory: serve this ASGI app factory ("module:function", from the repository's root) with uvicorn
    instead of `actionplan serve`. before_start(url): called once the demo is loaded."""
    with (nullcontext(database_url) if database_url else fresh_database(tmp)) as url:
        env = {**os.environ, "ACTIONPLAN_DATABASE_URL": url, "ACTIONPLAN_DATA_DIR": str(tmp),
               "ACTIONPLAN_EVIDENCE_DIR": str(tmp / "evidence"), "ACTIONPLAN_DEMO_PASSWORD": DEMO_PASSWORD,
               "ACTIONPLAN_SECRET_KEY": secrets.token_urlsafe(32), **(extra_env or {})}
        for command in ("migrate", "demo"):
            subprocess.run([COMMAND, command], env=env, check=True, capture_output=True, timeout=120)
        if before_start:
            before_start(url)
        port = free_port()
        log = tmp / "server.log"
        where = ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
        command = [COMMAND, "serve", *where] if factory is None else [
            sys.executable, "-m", "uvicorn", factory, "--factory", *where, "--no-access-log", "--log-level", "warning"]
        with log.open("wb") as out:
            server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        live = Live(base=f"http://127.0.0.1:{port}", api=f"http://127.0.0.1:{port}/api/v1", pid=server.pid,
                    env=env, log=log)
        try:
            _wait_ready(live, server)
            yield live
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_ready(live: Live, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {live.log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{live.api}/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not become ready in 60 s: {live.log.read_text()[-2000:]}")


def sign_in(live: Live, email: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    response = httpx.post(f"{live.api}/auth/token", data={"grant_type": "password", "username": email,
                                                          "password": password})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
