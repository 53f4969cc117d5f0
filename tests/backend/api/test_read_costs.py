"""What a read costs, in facts that do not depend on the machine (bench/reads.py measures the
time): the SQL statements a request makes stay the same whatever the page size, the plan's size
and the length of an action's history, and a page's response does not grow with the plan."""

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import event, insert
from sqlmodel import Session

from actionplan.actions.models import Action, Milestone, StatusChange
from actionplan.plans.models import Area, Plan
from tests.backend.builders import user

START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def signed_in(client, auth):
    client.headers.update(auth("director"))


def _plan(session: Session, slug: str, n_actions: int, changes_each: int) -> tuple[int, list[int]]:
    """A plan of n actions in areas of 8, each with two milestones and a history of approved changes
    (Reds with their exception reports), by bulk inserts."""
    owner = user(session, "owner@actionplan.example").id
    plan_id = session.execute(insert(Plan).returning(Plan.id), [dict(
        slug=slug, title=slug, organisation="Cost", issued="2020", context="-", key_dates=[], legend=[],
        acronyms=[], created_at=START, updated_at=START)]).scalar_one()
    areas = session.execute(insert(Area).returning(Area.id, sort_by_parameter_order=True), [dict(
        plan_id=plan_id, number=a + 1, title=f"Area {a + 1}", target_heading="-", outcomes=[], updated_at=START)
        for a in range(-(-n_actions // 8))]).scalars().all()
    ids = session.execute(insert(Action).returning(Action.id, sort_by_parameter_order=True), [dict(
        plan_id=plan_id, area_id=areas[i // 8], ref=f"{i // 8 + 1}.{i % 8 + 1}", position=i % 8 + 1, text="-",
        target_text="-", status="red", owner_id=owner if i % 2 else None, due_on=dt.date(2021, 1, 1),
        original_due_on=dt.date(2021, 1, 1), version=1, created_at=START, updated_at=START)
        for i in range(n_actions)]).scalars().all()
    session.execute(insert(Milestone), [dict(action_id=a, position=p, due_on=dt.date(2020, 6 * p, 1), text="-")
                                        for a in ids for p in (1, 2)])
    session.execute(insert(StatusChange), [dict(
        action_id=a, from_status="amber", to_status="red", state="approved", commentary="-",
        exception_reason="Why", exception_mitigation="What", proposed_at=START + dt.timedelta(days=k),
        decided_at=START + dt.timedelta(days=k)) for a in ids for k in range(changes_each)])
    session.flush()
    return plan_id, ids


@contextmanager
def _counting(engine):
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_):
        seen.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _cost(client, engine, path: str) -> tuple[int, bytes]:
    with _counting(engine) as seen:
        response = client.get(path)
    assert response.status_code == 200, response.text
    return len(seen), response.content


@pytest.fixture
def plans(session):
    small = _plan(session, "cost-small", 6, 1)
    large = _plan(session, "cost-large", 120, 12)
    return small, large


def test_statements_per_read_do_not_grow_with_page_plan_or_history(client, engine, plans):
    (small, small_ids), (large, large_ids) = plans
    pages = {
        "one action, short page": f"/api/v1/actions?plan_id={small}&limit=1",
        "small plan": f"/api/v1/actions?plan_id={small}&limit=50",
        "large plan, first page": f"/api/v1/actions?plan_id={large}&limit=50",
        "large plan, last page": f"/api/v1/actions?plan_id={large}&limit=50&offset=100",
        "every plan": "/api/v1/actions?limit=100",
    }
    costs = {name: _cost(client, engine, path)[0] for name, path in pages.items()}
    assert len(set(costs.values())) == 1, costs
    # The signed-in user with the areas they lead, the page, its milestones, its updates; the
    # transaction's BEGIN and ROLLBACK (and PostgreSQL's pool ping) on top, the same every time.
    assert max(costs.values()) <= 7, costs
    one = {name: _cost(client, engine, f"/api/v1/actions/{action_id}")[0]
           for name, action_id in (("one change", small_ids[0]), ("twelve changes", large_ids[-1]))}
    assert len(set(one.values())) == 1 and max(one.values()) <= 7, one
    # Counting is asked for, and costs one statement more.
    assert _cost(client, engine, f"/api/v1/actions?plan_id={large}&limit=50&count=true")[0] == \
        costs["large plan, first page"] + 1


def test_a_page_does_not_grow_with_the_plan(client, engine, plans):
    (small, _), (large, _) = plans
    _, page = _cost(client, engine, f"/api/v1/actions?plan_id={large}&limit=5")
    _, later = _cost(client, engine, f"/api/v1/actions?plan_id={large}&limit=5&offset=110")
    _, whole = _cost(client, engine, f"/api/v1/actions?plan_id={small}&limit=5")
    # Five actions of a plan of 120 with long histories weigh what five of a plan of 6 do.
    assert abs(len(page) - len(whole)) < 0.1 * len(whole) and abs(len(later) - len(whole)) < 0.1 * len(whole)


def test_health_touches_no_database(client, engine):
    assert _cost(client, engine, "/api/v1/health")[0] == 0
