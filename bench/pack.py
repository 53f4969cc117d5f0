"""How long the board pack takes to build and render, and how big its files are.

    .venv/bin/python bench/pack.py [--actions 2000] [--database URL]

Loads the demo (the Haringey plan, and the illustrative year played on its copy) into a database of
its own (a temporary SQLite file, or a schema made and dropped on the PostgreSQL given), adds a plan of
`--actions` actions (the Haringey actions' wording repeated, 100 to an area, each with three approved
status changes with commentary, one in ten Red with its exception report, one in eight re-scheduled),
then times build_pack (the database reads) and each renderer, and prints each file's size (and the
PDF's pages). The PDF is made as the server makes it: queued (as a request for it queues it) and laid out
by the background job, run here as a worker runs it; the time is from the job's claim to its file stored.
"""

import argparse
import datetime as dt
import io
import os
import random
import secrets
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import insert, text
from sqlmodel import Session, select

from actionplan.actions.models import Action, Reschedule, StatusChange
from actionplan.core.clock import COUNCIL_TZ
from actionplan.core.config import get_settings
from actionplan.core.db import make_engine
from actionplan.core.migrate import migrate
from actionplan.core.types import utcnow
from actionplan.demo import load_demo
from actionplan.demo_history import load_history_demo
from actionplan.jobs.runner import claim, run_claimed
from actionplan.plans.models import Area, Plan
from actionplan.reports.pack import BoardPack, build_pack
from actionplan.reports.renderings import RENDER_JOB, pack_dir, request_pdf
from actionplan.reports.sheets import render_csv, render_xlsx


def big_plan(session: Session, n_actions: int, rng: random.Random) -> Plan:
    seed = session.exec(select(Plan).where(Plan.slug == "haringey-childrens-ofsted-2019")).one()
    wording = session.exec(select(Action.text, Action.target_text).where(Action.plan_id == seed.id)).all()
    start = dt.datetime(2019, 4, 1, 9, tzinfo=dt.UTC)
    plan = Plan(slug=f"bench-{n_actions}", title=f"Improvement plan of {n_actions} actions", organisation="Bench",
                issued="April 2019", issued_on=dt.date(2019, 4, 1), context="-", legend=seed.legend)
    session.add(plan)
    session.flush()
    areas = -(-n_actions // 100)
    ids = []
    for a in range(1, areas + 1):
        area = Area(plan_id=plan.id, number=a, title=f"Area {a}: {wording[a % len(wording)][0][:80]}",
                    target_heading="Target / Timescales", outcomes=[])
        session.add(area)
        session.flush()
        rows = []
        for i in range(1, min(100, n_actions - (a - 1) * 100) + 1):
            words, target = wording[(a * 100 + i) % len(wording)]
            due = dt.date(2019, 6, 30) + dt.timedelta(days=rng.randrange(600))
            rows.append(dict(plan_id=plan.id, area_id=area.id, ref=f"{a}.{i}", position=i, text=words,
                             target_text=target, status="not_started", due_on=due, original_due_on=due, version=1))
        ids += session.execute(insert(Action).returning(Action.id), rows).scalars().all()
    changes, moves = [], []
    for n, action_id in enumerate(ids):
        status = "not_started"
        for k in range(3):
            when = start + dt.timedelta(days=120 * k + rng.randrange(100))
            to = "red" if (k == 2 and n % 10 == 0) else rng.choice(["amber", "green", "blue"])
            changes.append(dict(action_id=action_id, from_status=status, to_status=to, state="approved",
                                commentary=f"Quarter {k + 1}: progress reviewed at the performance meeting; "
                                           "audits show the practice standard is being applied.",
                                exception_reason="Recruitment of the specialist posts slipped." if to == "red" else None,
                                exception_mitigation="Agency cover agreed; posts re-advertised." if to == "red" else None,
                                revised_due_on=dt.date(2021, 3, 31) if to == "red" else None,
                                proposed_at=when, decided_at=when, version=1))
            status = to
        if n % 8 == 0:
            moves.append(dict(action_id=action_id, to_due_on=dt.date(2021, 6, 30), reason="Re-planned with the board.",
                              state="approved", proposed_at=start, decided_at=start + dt.timedelta(days=30), version=1))
    for i in range(0, len(changes), 5000):
        session.execute(insert(StatusChange), changes[i:i + 5000])
    session.execute(insert(Reschedule), moves)
    session.commit()
    return plan


def timed(fn):
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def pdf_by_job(session: Session, pack: BoardPack) -> bytes:
    """Queues the pack's PDF and runs its job as a worker does; the stored file."""
    rendering = request_pdf(session, pack)
    session.commit()
    outcome = run_claimed(session, *claim(session, utcnow(), limit=1, names=[RENDER_JOB])[0], utcnow())
    assert outcome == "done", outcome
    session.refresh(rendering)
    assert rendering.state == "ready", rendering.error
    return (pack_dir(get_settings()) / f"{rendering.key}.pdf").read_bytes()


def measure(session: Session, plan: Plan, as_of: dt.datetime, since: dt.datetime | None) -> None:
    pack, built = timed(lambda: build_pack(session, plan, as_of, since))
    print(f"\n{plan.title}: {len(pack.actions)} actions, {len(pack.measures)} measures, as at {pack.as_of_date}")
    print(f"  build_pack (database)      {built:8.2f} s   JSON {len(pack.model_dump_json()) / 1024:8.0f} KB")
    renders = (("CSV", render_csv), ("XLSX", render_xlsx), ("PDF", lambda p: pdf_by_job(session, p)))
    for name, render in renders:  # the slowest last
        data, took = timed(lambda: render(pack))
        pages = f"   {len(PdfReader(io.BytesIO(data)).pages)} pages" if name == "PDF" else ""
        how = "PDF (job)" if name == "PDF" else name
        print(f"  render {how:<9}           {took:8.2f} s   size {len(data) / 1024:8.0f} KB{pages}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["ACTIONPLAN_DATA_DIR"] = str(tmp)  # where the job stores the PDFs
    get_settings.cache_clear()
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
        with Session(engine) as session:
            load_demo(session, secrets.token_urlsafe(12))
            seed = session.exec(select(Plan).where(Plan.slug == "haringey-childrens-ofsted-2019")).one()
            year = load_history_demo(session, None)[2]
            big = big_plan(session, args.actions, random.Random(42))
            end_of = lambda day: dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=COUNCIL_TZ)  # noqa: E731
            measure(session, seed, end_of(dt.date(2019, 3, 18)), None)
            measure(session, year, end_of(dt.date(2020, 3, 31)), end_of(dt.date(2019, 12, 31)))
            measure(session, big, end_of(dt.date(2020, 3, 31)), end_of(dt.date(2019, 12, 31)))
        with engine.connect() as c:
            print(f"\n{engine.dialect.name}; load average at the end: {Path('/proc/loadavg').read_text().split()[:3]}")
    finally:
        engine.dispose()
        if schema:
            with admin.begin() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
