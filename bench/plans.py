"""Builds large plans for the benchmarks, by bulk insert: one plan of N actions in ten areas, with a
real mix of statuses over three years of approved history (Reds with exception reports, some Red
more than once, Ambers, Greens, Blues, re-schedules), and the actions' current status and due date
kept in step with that history, as the service keeps them."""

import datetime as dt
import random

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session

from actionplan.actions.models import Action, Reschedule, StatusChange
from actionplan.plans.models import Area, Plan

START = dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC)
# The status each action ends on, by share: a plan in its second year.
FINAL = [("red", 0.12), ("amber", 0.25), ("green", 0.25), ("blue", 0.2), ("not_started", 0.18)]
CHUNK = 5000


def _final_status(rng: random.Random) -> str:
    x, total = rng.random(), 0.0
    for status, share in FINAL:
        total += share
        if x < total:
            return status
    return "not_started"


def build_plan(session: Session, n_actions: int, seed: int = 42, slug: str | None = None) -> int:
    """Adds one plan of `n_actions` actions and its history; returns its id. Commits."""
    rng = random.Random(seed)
    plan = Plan(slug=slug or f"bench-{n_actions}-{seed}", title=f"Bench plan of {n_actions} actions",
                organisation="Bench", issued="2019", context="-", created_at=START, updated_at=START)
    session.add(plan)
    session.flush()
    areas = []
    for number in range(1, 11):
        area = Area(plan_id=plan.id, number=number, title=f"Area {number}", target_heading="Timescales", outcomes=[])
        session.add(area)
        areas.append(area)
    session.flush()
    rows = []
    for i in range(n_actions):
        area = areas[i * len(areas) // n_actions]
        due = dt.date(2019, 3, 1) + dt.timedelta(days=rng.randrange(1100))
        rows.append(dict(plan_id=plan.id, area_id=area.id, ref=f"{area.number}.{i + 1}", position=i + 1, text="-",
                         target_text="-", status="not_started", due_on=due, original_due_on=due, version=1,
                         created_at=START, updated_at=START))
    ids = []
    for k in range(0, len(rows), CHUNK):
        ids += session.execute(insert(Action).returning(Action.id), rows[k:k + CHUNK]).scalars().all()
    changes, reschedules, finals = [], [], []
    for action_id, row in zip(ids, rows):
        final = _final_status(rng)
        if final == "not_started":
            continue
        # A path to the final status: one to three approved changes, a Red on the way for some.
        path = [rng.choice(["amber", "green", "red"]) for _ in range(rng.randrange(3))] + [final]
        when, before = START, "not_started"
        for status in path:
            when += dt.timedelta(days=rng.randrange(1, 200), minutes=rng.randrange(1440))
            red = status == "red"
            changes.append(dict(action_id=action_id, from_status=before, to_status=status, state="approved",
                                commentary="-", proposed_at=when, decided_at=when, version=1, source="person",
                                exception_reason=f"Why {row['ref']} is off track ({when:%B %Y})." if red else None,
                                exception_mitigation="Recovery plan agreed with the area's lead." if red else None,
                                revised_due_on=row["due_on"] + dt.timedelta(days=90) if red else None))
            before = status
        due = row["due_on"]
        if rng.random() < 0.2:
            moved_to = due + dt.timedelta(days=rng.randrange(30, 180))
            reschedules.append(dict(action_id=action_id, from_due_on=due, to_due_on=moved_to, reason="-",
                                    state="approved", proposed_at=when, decided_at=when, version=1))
            due = moved_to
        finals.append(dict(b_id=action_id, b_status=final, b_due=due))
    for k in range(0, len(changes), CHUNK):
        session.execute(insert(StatusChange), changes[k:k + CHUNK])
    for k in range(0, len(reschedules), CHUNK):
        session.execute(insert(Reschedule), reschedules[k:k + CHUNK])
    statement = (update(Action.__table__).where(Action.__table__.c.id == bindparam("b_id"))
                 .values(status=bindparam("b_status"), due_on=bindparam("b_due")))
    for k in range(0, len(finals), CHUNK):
        session.connection().execute(statement, finals[k:k + CHUNK])
    session.commit()
    return plan.id
