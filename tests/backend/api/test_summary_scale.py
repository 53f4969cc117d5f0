"""The board summary costs the same whatever the plan's size: as many SQL statements for a plan of
800 actions as for one of 200, an answer of the same size for the counts, and lists that come a
page at a time (API 1.1). Machine-independent: what is counted is statements and bytes, not time."""

import json

import pytest
from sqlalchemy import event
from sqlmodel import select

from actionplan.actions.asof import ActionView
from actionplan.actions.models import StatusChange
from actionplan.plans.models import Plan
from actionplan.plans.summary import plan_report
from bench.plans import build_plan

DATES = {"as_of": "2020-12-31", "since": "2019-12-31"}
LISTS = {"moved": DATES, "overdue": {"as_of": DATES["as_of"]}, "reds": {"as_of": DATES["as_of"]}}


@pytest.fixture
def plans(session):
    return {size: build_plan(session, size, seed=size, slug=f"scale-{size}") for size in (200, 800)}


def _read(client, engine, url, headers, params):
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = client.get(url, params=params, headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code == 200, response.text
    return response, statements


def test_statements_and_bytes_do_not_grow_with_the_plan(client, engine, auth, plans):
    director = auth("director")
    seen = {}
    for size, plan_id in plans.items():
        for path, params in [("summary", DATES), ("summary", {}),
                             *[(f"summary/{kind}", {**query, "limit": 10}) for kind, query in LISTS.items()]]:
            response, statements = _read(client, engine, f"/api/v1/plans/{plan_id}/{path}", director, params)
            seen[size, path, bool(params)] = (len(statements), len(response.content), response.json())
    for path, dated in {(p, d) for _, p, d in seen}:
        (small_statements, small_bytes, small), (large_statements, large_bytes, large) = (
            seen[200, path, dated], seen[800, path, dated])
        assert small_statements == large_statements, path
        if path != "summary":
            assert len(small["items"]) == len(large["items"]) == 10 and large["next_offset"] == 10, path
        # The same shape; only the digits of the counts and ids differ.
        assert abs(large_bytes - small_bytes) < 160, (path, small_bytes, large_bytes)
    assert seen[800, "summary", True][2]["red_count"] > 10


def test_the_pages_add_up_to_the_whole_report(client, session, auth, plans):
    plan = session.get(Plan, plans[200])
    director = auth("director")
    counts = client.get(f"/api/v1/plans/{plan.id}/summary", params=DATES, headers=director).json()
    pages = {}
    for kind, query in LISTS.items():
        items, offset = [], 0
        while offset is not None:
            page = client.get(f"/api/v1/plans/{plan.id}/summary/{kind}", params={**query, "offset": offset, "limit": 37},
                              headers=director).json()
            assert len(page["items"]) <= 37
            items += page["items"]
            offset = page["next_offset"]
        pages[kind] = items
    whole = json.loads(plan_report(session, plan, ActionView(_at(DATES["as_of"])), ActionView(_at(DATES["since"])),
                                   True).model_dump_json())
    for kind in LISTS:
        assert pages[kind] == whole[kind], kind
    assert (counts["moved_count"], counts["overdue_count"], counts["red_count"]) == (
        len(whole["moved"]), len(whole["overdue"]), len(whole["reds"]))
    assert counts["status_counts"] == whole["status_counts"] and counts["areas"] == whole["areas"]
    # Each Red carries the latest approved Red change by the moment read, not an earlier or later one.
    red = next(r for r in whole["reds"] if r["reason"])
    changes = session.exec(select(StatusChange).where(StatusChange.action_id == red["action_id"],
                                                      StatusChange.to_status == "red")).all()
    latest = max((c for c in changes if c.decided_at <= _at(DATES["as_of"])), key=lambda c: (c.decided_at, c.id))
    assert red["reason"] == latest.exception_reason


def _at(day: str):
    from actionplan.actions.asof import parse_as_of

    return parse_as_of(day)


def test_moved_needs_a_date_to_compare_with(client, auth, plans):
    answer = client.get(f"/api/v1/plans/{plans[200]}/summary/moved", headers=auth("director"))
    assert answer.status_code == 422 and answer.json()["errors"][0]["loc"] == ["query", "since"]
