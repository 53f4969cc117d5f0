"""The real server over real HTTP, beside a trivial route of the same framework in the same uvicorn:
every figure is given with the ceiling it is measured against, on the same machine at the same time.

`serve(tmp, database)` migrates a throwaway database (an SQLite file, or a PostgreSQL schema of its
own), loads the demo, and starts uvicorn on `create_app` below: `/bench/trivial` answers from a
one-route FastAPI app, everything else from the application. `latencies` times requests one after
another on one kept-alive connection; `throughput` runs wrk when it is installed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.backend.live import Live, live_server, sign_in  # noqa: E402

TRIVIAL = "/bench/trivial"


def create_app():
    """The application, and in front of it one async route returning a small JSON object."""
    from fastapi import FastAPI

    from actionplan.main import create_app as create_actionplan

    trivial = FastAPI()

    @trivial.get(TRIVIAL)
    async def ping() -> dict:
        return {"ok": True}

    app = create_actionplan()

    async def dispatch(scope, receive, send):
        target = trivial if scope["type"] == "http" and scope["path"] == TRIVIAL else app
        await target(scope, receive, send)

    return dispatch


@contextmanager
def serve(tmp: Path, database: str | None = None, extra_env: dict | None = None,
          before_start: Callable[[str], None] | None = None) -> Iterator[Live]:
    """database: a PostgreSQL URL (a schema of its own is made and dropped), or None for SQLite.
    before_start(url): fills the database (e.g. large plans) once migrated, before the server starts."""
    if database:
        os.environ["ACTIONPLAN_TEST_DATABASE_URL"] = database
    else:
        os.environ.pop("ACTIONPLAN_TEST_DATABASE_URL", None)
    with live_server(tmp, extra_env={"ACTIONPLAN_LOG_LEVEL": "WARNING", **(extra_env or {})},
                     factory="bench.harness:create_app", before_start=before_start) as live:
        yield live


@dataclass
class Timing:
    n: int
    p50: float  # milliseconds
    p95: float
    p99: float
    bytes: int  # of the last answer


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def latencies(url: str, headers: dict | None = None, params: dict | None = None, n: int = 50,
              warm: int = 3) -> Timing:
    """n requests one after another on one connection (after `warm` unmeasured ones)."""
    runs, size = [], 0
    with httpx.Client(headers=headers, timeout=120) as client:
        for i in range(warm + n):
            start = time.perf_counter()
            answer = client.get(url, params=params)
            elapsed = (time.perf_counter() - start) * 1000
            answer.raise_for_status()
            size = len(answer.content)
            if i >= warm:
                runs.append(elapsed)
    return Timing(n, percentile(runs, 50), percentile(runs, 95), percentile(runs, 99), size)


def throughput(url: str, headers: dict | None = None, seconds: int = 5, connections: int = 8) -> float | None:
    """Requests a second by wrk (one thread), or None without wrk."""
    if not shutil.which("wrk"):
        return None
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else None


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"


def tmpdir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="bench-")


__all__ = ["TRIVIAL", "Timing", "create_app", "latencies", "machine", "serve", "sign_in", "throughput",
           "tmpdir"]
