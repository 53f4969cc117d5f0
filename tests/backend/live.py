"""A real server for tests that need real HTTP: its own fresh database (an SQLite file, or a
PostgreSQL schema made and dropped here), migrated, with the demo loaded, served by uvicorn
on a free loopback port."""

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from actionplan.core.db import make_engine
from tests.backend.conftest import DEMO_PASSWORD


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
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def live_server(tmp: Path, workers: int = 1, extra_env: dict | None = None):
    """Yields (base_url, env) of a running server with the demo loaded (password DEMO_PASSWORD)."""
    with fresh_database(tmp) as url:
        env = {**os.environ, "ACTIONPLAN_DATABASE_URL": url, "ACTIONPLAN_DATA_DIR": str(tmp),
               "ACTIONPLAN_DEMO_PASSWORD": DEMO_PASSWORD, "ACTIONPLAN_SECRET_KEY": secrets.token_urlsafe(32),
               **(extra_env or {})}
        for command in ("migrate", "demo"):
            subprocess.run([sys.executable, "-m", "actionplan.cli", command], env=env, check=True,
                           capture_output=True, timeout=120)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "actionplan.main:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, server)
            yield base, env
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/v1/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready in 30 s")


def sign_in(base: str, email: str) -> dict[str, str]:
    response = httpx.post(f"{base}/api/v1/auth/token", data={"username": email, "password": DEMO_PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
