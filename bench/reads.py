"""Reads at framework speed: every read over real HTTP, beside a one-route FastAPI app.

    .venv/bin/python -m bench.reads [--databases sqlite,postgresql] [--rounds 3] [--seconds 3]
                                    [--connections 32] [--no-crowd] [--out bench/results/DATE-reads.md]

Needs `wrk` (`apt-get install -y wrk`); PostgreSQL at ACTIONPLAN_BENCH_DATABASE_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/test: a schema of its own is made and dropped).

For each database it migrates a fresh one, loads the demo (for its people) and builds the estate:
plans of 40, 2,000 and 20,000 actions in areas of 8, with milestones, approved re-schedules and
status histories (Reds with exception reports, Blues, rejected and pending proposals): about
500,000 status changes in the largest plan (bulk inserts, about a minute a database). Then it
starts the real server (`actionplan serve`, uvicorn) and the one-route app of bench/trivial.py on
the same uvicorn, and measures each read with wrk (1 thread, 32 connections, a Lua script giving
p50/p95/p99), interleaved: each round measures the trivial route, then every read; medians of the
rounds. Also: SQL statements and response bytes per request (in-process, same database), the
server's RSS growth over the runs, two workers against one, and (unless --no-crowd) the crowd of
issue 14 (bench/crowd.py) on SQLite. Writes a dated markdown table.

Adding a read is adding a row to READS: (name, path); {plan_40}, {plan_2000}, {plan_20000} and
{action} are filled from the estate. UPLOAD is the hook for the 1 GiB evidence upload row.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-not-secret"
DIRECTOR = "director@actionplan.example"
PLAN_SIZES = (40, 2000, 20000)
CHANGES_PER_ACTION = 25  # 500,000 in the 20,000-action plan

# (name, path): what is measured, in this order, after the trivial route.
READS: list[tuple[str, str]] = [
    ("GET /health", "/api/v1/health"),
    ("GET /actions?limit=50", "/api/v1/actions?limit=50"),
    ("GET /actions?limit=50&plan_id (20,000-action plan)", "/api/v1/actions?limit=50&plan_id={plan_20000}"),
    ("GET /actions/{id}", "/api/v1/actions/{action}"),
    ("summary, 40-action plan", "/api/v1/plans/{plan_40}/summary"),
    ("summary, 2,000-action plan", "/api/v1/plans/{plan_2000}/summary"),
    ("summary, 20,000-action plan", "/api/v1/plans/{plan_20000}/summary"),
]
# Reads that take seconds before issue 16: fewer connections, so that wrk sees them finish.
SLOW = {"summary, 2,000-action plan", "summary, 20,000-action plan"}
# Two workers against one, on this read (and on the trivial route).
WORKERS_READ = "GET /actions/{id}"


def _upload(api: str, auth: dict, action_id: int, file: Path) -> float:
    from bench.upload import upload_seconds

    return upload_seconds(f"{api}/actions/{action_id}/evidence", f"Authorization: {auth['Authorization']}", file)


# The 1 GiB evidence upload beside `cp`: a function (api base URL, auth headers, action id, a
# 1 GiB file) -> seconds, or None (the row then says it was not measured).
UPLOAD: Callable[[str, dict, int, Path], float] | None = _upload
UPLOAD_MIB = 1024

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d}\\n', summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""


# --- the estate ------------------------------------------------------------------------------

def build_estate(engine, rng: random.Random, sizes: tuple[int, ...] = PLAN_SIZES,
                 changes_per_action: int = CHANGES_PER_ACTION) -> dict[str, int]:
    """Plans of PLAN_SIZES actions with their histories, by bulk inserts; returns the ids to fill
    READS with."""
    from sqlalchemy import insert, select, text
    from sqlmodel import Session

    from actionplan.actions.models import Action, Milestone, Reschedule, StatusChange
    from actionplan.plans.models import Area, Plan
    from actionplan.users.models import User

    ids: dict[str, int] = {}
    start = dt.datetime(2019, 4, 1, tzinfo=dt.UTC)
    span = (dt.datetime(2026, 10, 31, tzinfo=dt.UTC) - start).total_seconds()
    with Session(engine) as session:
        people = session.execute(select(User.id)).scalars().all()
        legend = session.execute(select(Plan.legend).limit(1)).scalar_one()
        for size, label in zip(sizes, PLAN_SIZES, strict=True):
            plan_id = session.execute(insert(Plan).returning(Plan.id), [dict(
                slug=f"bench-{size}", title=f"Bench plan of {size} actions", organisation="Bench",
                issued="March 2019", issued_on=dt.date(2019, 3, 1), context="-", key_dates=[], legend=legend,
                acronyms=[], created_at=start, updated_at=start)]).scalar_one()
            ids[f"plan_{label}"] = plan_id
            n_areas = -(-size // 8)
            area_ids = session.execute(insert(Area).returning(Area.id, sort_by_parameter_order=True), [dict(
                plan_id=plan_id, number=a, title=f"Area {a}", target_heading="Timescales", outcomes=[],
                lead_id=rng.choice(people), updated_at=start) for a in range(1, n_areas + 1)]).scalars().all()
            actions, changes, reschedules, milestones = [], [], [], []
            histories = []
            for i in range(size):
                area = i // 8
                due = dt.date(2019, 6, 1) + dt.timedelta(days=rng.randrange(2400))
                history = _history(rng, rng.randint(1, 2 * changes_per_action - 1), start, span)
                approved = [h for h in history if h["state"] == "approved"]
                status = approved[-1]["to_status"] if approved else "not_started"
                moved = []
                if rng.random() < 0.1:  # re-scheduled, once or twice
                    when = start + dt.timedelta(seconds=rng.random() * span)
                    for _ in range(rng.randint(1, 2)):
                        new_due = due + dt.timedelta(days=rng.randrange(30, 200))
                        moved.append(dict(from_due_on=due, to_due_on=new_due, reason="More time needed",
                                          state="approved", proposed_at=when, decided_at=when, version=1))
                        due, when = new_due, when + dt.timedelta(days=10)
                actions.append(dict(plan_id=plan_id, area_id=area_ids[area], ref=f"{area + 1}.{i % 8 + 1}",
                                    position=i % 8 + 1, text=f"Action {i + 1} of the plan: what is to be done.",
                                    target_text="By the due date, as measured.", status=status,
                                    owner_id=rng.choice(people), due_on=due,
                                    original_due_on=moved[0]["from_due_on"] if moved else due,
                                    version=1 + len(approved), created_at=start, updated_at=start))
                histories.append((history, moved, due))
            action_ids = session.execute(insert(Action).returning(Action.id, sort_by_parameter_order=True),
                                         actions).scalars().all()
            ids.setdefault("action", action_ids[len(action_ids) // 2])
            for action_id, (history, moved, due) in zip(action_ids, histories, strict=True):
                changes += [dict(h, action_id=action_id) for h in history]
                reschedules += [dict(m, action_id=action_id) for m in moved]
                milestones += [dict(action_id=action_id, position=p, due_on=due - dt.timedelta(days=90 * (2 - p)),
                                    text=f"Milestone {p}") for p in (1, 2)]
                if len(changes) > 50_000:
                    session.execute(insert(StatusChange), changes)
                    changes = []
            for model, rows in ((StatusChange, changes), (Reschedule, reschedules), (Milestone, milestones)):
                for at in range(0, len(rows), 50_000):
                    session.execute(insert(model), rows[at:at + 50_000])
            session.commit()
        # A fresh table has no statistics; a database in service has had them gathered for it.
        session.execute(text("ANALYZE"))
        session.commit()
    return ids


def _history(rng: random.Random, n: int, start: dt.datetime, span: float) -> list[dict]:
    moments = sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(n))
    rows, status = [], "not_started"
    for k, when in enumerate(moments):
        to = rng.choices(("red", "amber", "green", "blue"), (2, 4, 5, 2))[0]
        state = "pending" if k == n - 1 and rng.random() < 0.03 else (
            "rejected" if rng.random() < 0.05 else "approved")
        red = to == "red"
        rows.append(dict(from_status=status, to_status=to, state=state, commentary="What happened this period.",
                         exception_reason="Recruitment has been slower than planned." if red else None,
                         exception_mitigation="Agency staff cover the gap until March." if red else None,
                         revised_due_on=(when + dt.timedelta(days=120)).date() if red else None,
                         proposed_at=when, decided_at=None if state == "pending" else when, version=1))
        if state == "approved":
            status = to
    return rows


# --- servers ---------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base: str
    process: subprocess.Popen

    def pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        kids = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [self.process.pid, *kids]

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return total / 1024


@contextlib.contextmanager
def serve(command: list[str], env: dict, log: Path, probe: str) -> Iterator[Server]:
    port = _free_port()
    with log.open("ab") as out:
        process = subprocess.Popen([*command, "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT,
                                   stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + 240  # a loaded machine starts slowly
        while True:
            try:
                if httpx.get(server.base + probe, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {' '.join(command)}\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_server(env: dict, log: Path, workers: int, code: Path | None = None):
    """`actionplan serve`; with `code`, the backend of another checkout (--compare) on the same database."""
    if code is not None:
        env = {**env, "PYTHONPATH": os.pathsep.join([str(code / "backend"), env["PYTHONPATH"]])}
    return serve([str(BIN / "actionplan"), "serve", "--workers", str(workers)], env, log, "/api/v1/health")


def trivial_server(env: dict, log: Path, workers: int):
    # The same uvicorn the real server runs (uvicorn[standard]: uvloop, httptools), no access log.
    return serve([str(BIN / "python"), "-m", "uvicorn", "bench.trivial:app", "--workers", str(workers),
                  "--no-access-log", "--log-level", "warning"], env, log, "/")


# --- measuring -------------------------------------------------------------------------------

@dataclass
class Run:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int


def wrk(url: str, headers: dict, seconds: float, connections: int, script: Path) -> Run:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(script), url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(re.search(r"^BENCH (.*)$", out, re.M).group(1))
    return Run(rps=data["requests"] / (data["duration_us"] / 1e6), p50_ms=data["p50"] / 1000,
               p95_ms=data["p95"] / 1000, p99_ms=data["p99"] / 1000, requests=data["requests"],
               non_2xx=data["non_2xx"], socket_errors=data["socket_errors"])


@dataclass
class Row:
    name: str
    runs: list[Run] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    statements: int | None = None
    response_bytes: int | None = None
    before: "Row | None" = None  # the same read on the --compare checkout

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    def line(self) -> str:
        errors = sum(x.non_2xx + x.socket_errors for x in self.runs)
        return (f"{statistics.median(self.ratios):.1%} | {self.median('rps'):.0f} | {self.median('p50_ms'):.1f} | "
                f"{self.median('p95_ms'):.1f} | {self.median('p99_ms'):.1f} | {errors} | {self.statements} | "
                f"{self.response_bytes:,}")


def sql_per_request(env: dict, token: str, paths: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(SQL statements, response bytes) of one request to each path, in-process, on the same database."""
    from sqlalchemy import event
    from starlette.testclient import TestClient

    from actionplan.core.config import Settings
    from actionplan.main import create_app

    saved = dict(os.environ)
    os.environ.update(env)
    try:
        app = create_app(Settings())
        count = [0]
        event.listen(app.state.engine, "before_cursor_execute", lambda *_: count.__setitem__(0, count[0] + 1))
        out = {}
        with TestClient(app) as client:
            for name, path in paths.items():
                client.get(path, headers={"Authorization": f"Bearer {token}"})  # warm
                count[0] = 0
                response = client.get(path, headers={"Authorization": f"Bearer {token}"})
                out[name] = (count[0], len(response.content))
        app.state.engine.dispose()
        return out
    finally:
        os.environ.clear()
        os.environ.update(saved)


def sql_per_request_of(code: Path | None, env: dict, token: str, paths: dict[str, str]) -> dict[str, tuple[int, int]]:
    if code is None:
        return sql_per_request(env, token, paths)
    # Another checkout's code cannot be imported beside this one: asked in a process of its own.
    child = {**env, "PYTHONPATH": os.pathsep.join([str(code / "backend"), env["PYTHONPATH"]])}
    out = subprocess.run([str(BIN / "python"), "-c", "import json, sys; from bench.reads import sql_per_request; "
                          "print(json.dumps(sql_per_request(dict(), sys.argv[1], json.loads(sys.argv[2]))))",
                          token, json.dumps(paths)], env=child, cwd=ROOT, capture_output=True, text=True, check=True)
    return {k: tuple(v) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


@contextlib.contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    """A fresh SQLite file, or a PostgreSQL schema of its own (made and dropped)."""
    from tests.backend.live import fresh_database

    saved = os.environ.pop("ACTIONPLAN_TEST_DATABASE_URL", None)
    if kind == "postgresql":
        os.environ["ACTIONPLAN_TEST_DATABASE_URL"] = os.environ.get(
            "ACTIONPLAN_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        with fresh_database(tmp) as url:
            yield url
    finally:
        os.environ.pop("ACTIONPLAN_TEST_DATABASE_URL", None)
        if saved is not None:
            os.environ["ACTIONPLAN_TEST_DATABASE_URL"] = saved


@dataclass
class DatabaseResult:
    kind: str
    build_seconds: float
    estate: str
    trivial: Row
    rows: list[Row]
    rss_before_mb: float
    rss_after_mb: float
    workers: dict[str, list[float]]  # "trivial"/"read" -> [rps with 1 worker, rps with 2]
    upload: str


def measure_database(kind: str, args, script: Path) -> DatabaseResult:
    from sqlalchemy import func, select

    from actionplan.actions.models import Action, StatusChange
    from actionplan.core.db import make_engine

    with tempfile.TemporaryDirectory() as tmp_name, database(kind, Path(tmp_name)) as url:
        tmp = Path(tmp_name)
        env = {**os.environ, "ACTIONPLAN_DATABASE_URL": url, "ACTIONPLAN_DATA_DIR": str(tmp),
               "ACTIONPLAN_EVIDENCE_DIR": str(tmp / "evidence"), "ACTIONPLAN_DEMO_PASSWORD": PASSWORD,
               "ACTIONPLAN_SECRET_KEY": secrets.token_urlsafe(32), "ACTIONPLAN_AUDIT_KEY": secrets.token_urlsafe(32),
               "ACTIONPLAN_EVIDENCE_MAX_BYTES": str((UPLOAD_MIB + 1) * 1024 * 1024),
               "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)]))}
        for command in ("migrate", "demo"):
            subprocess.run([str(BIN / "actionplan"), command], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        engine = make_engine(url)
        ids = build_estate(engine, random.Random(16), *((tuple(n // 10 for n in PLAN_SIZES), 5) if args.small else ()))
        with engine.connect() as conn:
            n_actions = conn.execute(select(func.count()).select_from(Action)).scalar_one()
            n_changes = conn.execute(select(func.count()).select_from(StatusChange)).scalar_one()
        engine.dispose()
        build_seconds = time.perf_counter() - started
        print(f"{kind}: estate of {n_actions} actions, {n_changes} status changes built in {build_seconds:.0f} s",
              flush=True)
        paths = {name: path.format(**ids) for name, path in READS}
        log = tmp / "server.log"
        rows = [Row(name) for name, _ in READS]
        trivial = Row("trivial route (bench/trivial.py)")
        codes = [None] if args.compare is None else [None, args.compare]
        if args.compare is not None:
            for row in rows:
                row.before = Row(row.name)
        with contextlib.ExitStack() as stack:
            plain = stack.enter_context(trivial_server(env, log, 1))
            apps = [stack.enter_context(app_server(env, log, 1, code)) for code in codes]
            tokens = [_sign_in(app.base) for app in apps]
            for app, token in zip(apps, tokens):
                for path in paths.values():  # once each, so the first round is not the one that warms up
                    httpx.get(app.base + path, headers={"Authorization": f"Bearer {token}"}, timeout=120)
            rss_before = apps[0].rss_mb()
            for round_ in range(args.rounds):
                base_run = wrk(plain.base + "/", {}, args.seconds, args.connections, script)
                trivial.runs.append(base_run)
                for row in rows:
                    slow = row.name in SLOW
                    for app, token, target in zip(apps, tokens, [row, row.before]):
                        auth = {"Authorization": f"Bearer {token}"}
                        # Waits behind what the last run left in flight (reads queue in order), so
                        # that no run shares the server with the one before it.
                        httpx.get(app.base + paths[row.name], headers=auth, timeout=120)
                        run = wrk(app.base + paths[row.name], auth, args.seconds * (2 if slow else 1),
                                  2 if slow else args.connections, script)
                        target.runs.append(run)
                        target.ratios.append(run.rps / base_run.rps)
                print(f"{kind}: round {round_ + 1} of {args.rounds} done", flush=True)
            rss_after = apps[0].rss_mb()
            upload = "not measured (bench/reads.py UPLOAD is not set)"
            if UPLOAD is not None:
                upload = _measure_upload(apps[0].base + "/api/v1", {"Authorization": f"Bearer {tokens[0]}"},
                                         ids["action"], tmp)
        for code, token in zip(codes, tokens):
            for name, (statements, size) in sql_per_request_of(code, env, token, paths).items():
                row = next(r for r in rows if r.name == name)
                row = row if code is None else row.before
                row.statements, row.response_bytes = statements, size
        for row in rows:
            print(f"{kind}: {row.name}: {row.line()}" + (f" (before: {row.before.line()})" if row.before else ""),
                  flush=True)
        workers = {"trivial": [], "read": [], "read before": []}
        for n in (1, 2):
            with contextlib.ExitStack() as stack:
                plain = stack.enter_context(trivial_server(env, log, n))
                apps = [stack.enter_context(app_server(env, log, n, code)) for code in codes]
                auths = [{"Authorization": f"Bearer {_sign_in(app.base)}"} for app in apps]
                runs: dict[str, list[float]] = {"trivial": [], "read": [], "read before": []}
                for _ in range(args.rounds):
                    runs["trivial"].append(wrk(plain.base + "/", {}, args.seconds, args.connections, script).rps)
                    for app, auth, key in zip(apps, auths, ["read", "read before"]):
                        runs[key].append(wrk(app.base + paths[WORKERS_READ], auth, args.seconds, args.connections,
                                             script).rps)
                for key, values in runs.items():
                    if values:
                        workers[key].append(statistics.median(values))
        estate = f"{n_actions:,} actions, {n_changes:,} status changes"
        result = DatabaseResult(kind, build_seconds, estate, trivial, rows, rss_before, rss_after, workers, upload)
        print(report([result], None, args), flush=True)
        return result


def _sign_in(base: str) -> str:
    response = httpx.post(f"{base}/api/v1/auth/token", data={"grant_type": "password", "username": DIRECTOR,
                                                             "password": PASSWORD}, timeout=30)
    response.raise_for_status()
    return response.json()["access_token"]


def _measure_upload(api: str, auth: dict, action_id: int, tmp: Path) -> str:
    from bench.upload import make_file

    source = tmp / "one-gib.pdf"
    make_file(source, UPLOAD_MIB, 0)  # reads as a PDF, as evidence must
    started = time.perf_counter()
    shutil.copyfile(source, tmp / "copy.bin")
    os.sync()
    cp_seconds = time.perf_counter() - started
    (tmp / "copy.bin").unlink()
    seconds = UPLOAD(api, auth, action_id, source)
    source.unlink()
    size = UPLOAD_MIB * 1024 * 1024 / 1e6
    return (f"{size / seconds:.0f} MB/s against cp's {size / cp_seconds:.0f} MB/s "
            f"({cp_seconds / seconds:.0%} of cp)")


# --- the report ------------------------------------------------------------------------------

def report(results: list[DatabaseResult], crowd: str | None, args) -> str:
    load = os.getloadavg()
    lines = [f"# bench/reads.py, {dt.datetime.now(dt.UTC):%d %B %Y %H:%M} UTC", "",
             f"`.venv/bin/python -m bench.reads` on {os.cpu_count()} cores; load average at the end "
             f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}. wrk 1 thread, {args.connections} connections "
             f"({2} for the slow summaries), {args.seconds:g} s a run, medians of {args.rounds} interleaved rounds. "
             "Ratios are to the one-route FastAPI app on the same uvicorn in the same round: the machine is "
             "shared, so the ratios mean more than the req/s.", ""]
    for r in results:
        lines += [f"## {'SQLite' if r.kind == 'sqlite' else 'PostgreSQL'}: {r.estate} (built in {r.build_seconds:.0f} s)",
                  "", "| read | % of trivial | req/s | p50 ms | p95 ms | p99 ms | non-2xx | SQL statements | bytes |",
                  "|---|---|---|---|---|---|---|---|---|",
                  f"| {r.trivial.name} | 100% | {r.trivial.median('rps'):.0f} | {r.trivial.median('p50_ms'):.1f} | "
                  f"{r.trivial.median('p95_ms'):.1f} | {r.trivial.median('p99_ms'):.1f} | 0 | – | – |"]
        for row in r.rows:
            lines.append(f"| {row.name} | {row.line()} |")
            if row.before:
                lines.append(f"| (before: {args.compare_label}) | {row.before.line()} |")
        t1, t2 = r.workers["trivial"]
        a1, a2 = r.workers["read"]
        lines += ["", f"- Server RSS {r.rss_before_mb:.0f} MB before the rounds, {r.rss_after_mb:.0f} MB after "
                      f"({r.rss_after_mb - r.rss_before_mb:+.1f} MB).",
                  f"- Two workers against one: {WORKERS_READ} {a1:.0f} → {a2:.0f} req/s (×{a2 / a1:.2f}); "
                  f"the trivial route {t1:.0f} → {t2:.0f} (×{t2 / t1:.2f})"
                  + (f"; before: {r.workers['read before'][0]:.0f} → {r.workers['read before'][1]:.0f} "
                     f"(×{r.workers['read before'][1] / r.workers['read before'][0]:.2f})" if r.workers["read before"] else "")
                  + ".",
                  f"- 1 GiB evidence upload: {r.upload}.", ""]
    if crowd:
        lines += ["## The crowd of issue 14 (bench/crowd.py, SQLite, 100 clients × 10 requests)", "", crowd, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--no-crowd", action="store_true")
    parser.add_argument("--compare-label", help="how the results name the --compare checkout")
    parser.add_argument("--small", action="store_true", help="a tenth of the estate, to try the bench out")
    parser.add_argument("--compare", type=Path, help="another checkout (e.g. `git worktree add /tmp/before main`): "
                                                      "its server is measured beside this one, on the same estate")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / f"{dt.date.today()}-reads.md")
    args = parser.parse_args()
    if args.compare is not None:
        args.compare = args.compare.resolve()
        args.compare_label = args.compare_label or subprocess.run(
            ["git", "-C", str(args.compare), "log", "-1", "--format=%h"], capture_output=True, text=True
        ).stdout.strip() or str(args.compare)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_SCRIPT)
        results = [measure_database(kind, args, script) for kind in args.databases.split(",") if kind]
    crowd = None
    if not args.no_crowd:
        from bench.crowd import crowd_table
        crowd = crowd_table(clients=100, requests=10, write_share=0.1)
    text = report(results, crowd, args)
    args.out.write_text(text + "\n")
    print(text)
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
