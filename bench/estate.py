"""Times the reads the board and council systems make, on a generated estate.

    .venv/bin/python bench/estate.py [--actions 20000] [--changes 100000] [--database URL]

Builds a fresh database (SQLite file by default, or a PostgreSQL URL — a schema of its own is
made and dropped), fills it with plans of 40 actions and approved status changes spread over
three years, then times each query in-process (the service functions the routes call) and prints
a table. Figures are for comparing changes on one machine, not promises.
"""

import argparse
import datetime as dt
import random
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session, select

from actionplan.actions.asof import ActionView
from actionplan.actions.models import Action, StatusChange
from actionplan.actions.service import ActionFilters, list_actions
from actionplan.core.db import make_engine
from actionplan.core.migrate import migrate
from actionplan.plans.models import Area, Plan
from actionplan.plans.summary import plan_report

STATUSES = ["red", "amber", "green", "blue"]


def build(session: Session, n_actions: int, n_changes: int, rng: random.Random) -> list[int]:
    plan_ids, action_ids = [], []
    start = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    for p in range(max(1, n_actions // 40)):
        plan = Plan(slug=f"plan-{p}", title=f"Plan {p}", organisation="Bench", issued="2019", context="-",
                    created_at=start, updated_at=start)
        session.add(plan)
        session.flush()
        plan_ids.append(plan.id)
        for a in range(1, 10):
            area = Area(plan_id=plan.id, number=a, title=f"Area {a}", target_heading="Timescales", outcomes=[])
            session.add(area)
            session.flush()
            rows = [dict(plan_id=plan.id, area_id=area.id, ref=f"{a}.{i}", position=i, text="-", target_text="-",
                         status="not_started", due_on=dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(1500)),
                         version=1, created_at=start, updated_at=start)
                    for i in range(1, 5 if a < 9 else 9)]
            ids = session.execute(insert(Action).returning(Action.id), rows).scalars().all()
            action_ids += ids
    session.execute(text("UPDATE action SET original_due_on = due_on"))
    changes = []
    for _ in range(n_changes):
        when = start + dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        changes.append(dict(action_id=rng.choice(action_ids), from_status="not_started", to_status=rng.choice(STATUSES),
                            state="approved", commentary="-", proposed_at=when, decided_at=when, version=1))
    for i in range(0, len(changes), 5000):
        session.execute(insert(StatusChange), changes[i:i + 5000])
    session.commit()
    # Fresh tables have no statistics; a real database has had autovacuum run on it.
    session.execute(text("ANALYZE"))
    session.commit()
    return plan_ids


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=20000)
    parser.add_argument("--changes", type=int, default=100000)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    rng = random.Random(42)
    tmp = Path(tempfile.mkdtemp())
    url, schema = args.database or f"sqlite:///{tmp / 'bench.db'}", None
    if url.startswith("postgresql"):
        schema = f"bench_{secrets.token_hex(4)}"
        admin = make_engine(url)
        with admin.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    else:
        engine = make_engine(url)
    try:
        migrate(engine)
        t = time.perf_counter()
        with Session(engine) as session:
            plan_ids = build(session, args.actions, args.changes, rng)
            n = session.exec(select(Action.id)).all()
        print(f"estate: {len(n)} actions in {len(plan_ids)} plans, {args.changes} approved changes "
              f"({engine.dialect.name}); built in {time.perf_counter() - t:.1f} s\n")
        at = ActionView(dt.datetime(2020, 3, 31, 23, tzinfo=dt.UTC))
        with Session(engine) as session:
            plan = session.get(Plan, plan_ids[len(plan_ids) // 2])
            cases = {
                "GET /actions (all plans, page of 100)": lambda: list_actions(session, ActionFilters(), 100, 0),
                "GET /actions?overdue=true (page of 100)": lambda: list_actions(
                    session, ActionFilters(overdue=True), 100, 0),
                "GET /actions?plan_id (one plan)": lambda: list_actions(session, ActionFilters(plan_id=plan.id), 100, 0),
                "GET /actions?plan_id&as_of (one plan)": lambda: list_actions(
                    session, ActionFilters(plan_id=plan.id), 100, 0, at),
                "GET /actions?as_of (all plans, page of 100)": lambda: list_actions(session, ActionFilters(), 100, 0, at),
                "GET /plans/{id}/summary (now)": lambda: plan_report(session, plan, ActionView(), None, True),
                "GET /plans/{id}/summary?as_of&since": lambda: plan_report(
                    session, plan, at, ActionView(dt.datetime(2019, 12, 31, tzinfo=dt.UTC)), True),
            }
            print(f"| {'query':46} | median ms | max ms |\n|{'-' * 48}|-----------|--------|")
            for name, fn in cases.items():
                median, worst = timed(fn)
                print(f"| {name:46} | {median:9.1f} | {worst:6.1f} |")
    finally:
        engine.dispose()
        if schema:
            with admin.begin() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
