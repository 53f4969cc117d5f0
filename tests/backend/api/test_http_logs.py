"""Logs as an operator sees them: a real `actionplan serve` (uvicorn) writes one JSON object per line,
uvicorn's own lines included, and every request's line carries its id, method, path, status and
duration. And `actionplan worker --once` runs one round of background jobs."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path, **extra: str) -> dict:
    env = {**os.environ, "ACTIONPLAN_DATA_DIR": str(tmp_path), "ACTIONPLAN_SECRET_KEY": "x" * 40,
           "ACTIONPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'logs.db'}", **extra}
    env.pop("ACTIONPLAN_TEST_DATABASE_URL", None)
    return env


def _command() -> str:
    return str(Path(sys.executable).with_name("actionplan"))


def test_a_real_server_logs_json_lines_with_request_ids(tmp_path):
    env = _env(tmp_path, ACTIONPLAN_WORKER_POLL_SECONDS="0.2")
    subprocess.run([_command(), "migrate"], env=env, check=True, capture_output=True, timeout=60)
    port = _free_port()
    log_path = tmp_path / "stderr.log"
    with log_path.open("wb") as stderr:
        server = subprocess.Popen([_command(), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            base = f"http://127.0.0.1:{port}/api/v1"
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"{base}/health", timeout=1)
                    break
                except httpx.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.1)
            ok = httpx.get(f"{base}/health", headers={"X-Request-ID": "from-the-council-1"})
            refused = httpx.get(f"{base}/plans", headers={"X-Request-ID": "from-the-council-2"})
            assert (ok.status_code, refused.status_code) == (200, 401)
            assert ok.headers["x-request-id"] == "from-the-council-1"
            time.sleep(0.5)  # the worker thread takes a round
        finally:
            server.terminate()
            server.wait(timeout=15)

    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is JSON, uvicorn's included
    for entry in entries:
        assert {"time", "level", "logger", "message", "request_id"} <= set(entry)
    by_id = {e["request_id"]: e for e in entries if e["logger"] == "actionplan.http"}
    first, second = by_id["from-the-council-1"], by_id["from-the-council-2"]
    assert (first["method"], first["path"], first["status"], first["level"]) == ("GET", "/api/v1/health", 200, "INFO")
    assert (second["path"], second["status"]) == ("/api/v1/plans", 401)
    assert isinstance(first["duration_ms"], float)
    loggers = {e["logger"] for e in entries}
    assert "uvicorn.error" in loggers  # "Uvicorn running on ...", as JSON
    assert "uvicorn.access" not in loggers  # the middleware's line replaces it
    assert any(e["message"] == "worker started" for e in entries)  # ACTIONPLAN_RUN_WORKER defaults to true


def test_the_worker_command_runs_one_round(tmp_path):
    env = _env(tmp_path)
    subprocess.run([_command(), "migrate"], env=env, check=True, capture_output=True, timeout=60)
    result = subprocess.run([_command(), "worker", "--once"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # The housekeeping's periodic jobs (purge, overdue sweep, stale uploads, finished jobs), the
    # reminders' (the run, the emails) and the board packs' (old renderings forgotten): their first slots.
    assert "Ran 7 background jobs and webhook deliveries." in result.stdout
