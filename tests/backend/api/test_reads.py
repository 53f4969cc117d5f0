"""The read API under /api/v1, as a signed-in officer reads it."""

import datetime as dt

import pytest

from tests.backend.builders import action, haringey, user


@pytest.fixture(autouse=True)
def signed_in(client, auth):
    client.headers.update(auth("action_owner"))


def test_health_and_ready(client):
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    assert client.get("/api/v1/ready").json() == {"status": "ok"}


def test_list_and_get_plan(client, session):
    plan_id = haringey(session).id
    page = client.get("/api/v1/plans").json()
    assert page["total"] >= 1 and plan_id in [p["id"] for p in page["items"]]
    plan = client.get(f"/api/v1/plans/{plan_id}").json()
    assert plan["organisation"] == "London Borough of Haringey"
    assert [a["number"] for a in plan["areas"]] == list(range(1, 10))
    assert plan["acronyms"][0] == {"term": "IRO", "meaning": "independent reviewing officer"}
    assert sum(a["action_count"] for a in plan["areas"]) == 40


def test_areas_with_counts_and_leads(client, session):
    areas = client.get(f"/api/v1/plans/{haringey(session).id}/areas").json()
    # 1.2 and 1.3 are Blue as the published plan states.
    assert areas[0]["status_counts"] == {"not_started": 8, "red": 0, "amber": 0, "green": 0, "blue": 2}
    assert areas[0]["lead"]["name"] == "Daniel Hughes" and areas[8]["lead"] is None
    area = client.get(f"/api/v1/areas/{areas[0]['id']}").json()
    assert len(area["outcomes"]) == 3
    assert [a["ref"] for a in area["actions"]] == [f"1.{i}" for i in range(1, 11)]


def test_actions_in_a_stable_order_with_total_and_pages(client, session):
    plan_id = haringey(session).id
    first = client.get("/api/v1/actions", params={"plan_id": plan_id, "limit": 15, "count": True}).json()
    second = client.get("/api/v1/actions", params={"plan_id": plan_id, "limit": 15, "offset": 15}).json()
    third = client.get("/api/v1/actions", params={"plan_id": plan_id, "limit": 15, "offset": 30}).json()
    refs = [a["ref"] for page in (first, second, third) for a in page["items"]]
    assert first["total"] == 40 and len(refs) == 40 and len(set(refs)) == 40
    # Counted only when asked: every page says whether another follows.
    assert second["total"] is None and third["total"] is None
    assert [first["has_more"], second["has_more"], third["has_more"]] == [True, True, False]
    exact = client.get("/api/v1/actions", params={"plan_id": plan_id, "limit": 10, "offset": 30}).json()
    assert len(exact["items"]) == 10 and exact["has_more"] is False
    assert refs[:11] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "2.1"]
    assert refs[-2:] == ["9.3a", "9.3b"]


def test_filters(client, session):
    plan_id = haringey(session).id
    owner = user(session, "owner@actionplan.example")
    mine = client.get("/api/v1/actions", params={"owner_id": owner.id}).json()
    assert sorted(a["ref"] for a in mine["items"]) == ["1.2", "1.4", "3.1", "5.2"]
    area_id = action(session, "4.1").area_id
    assert client.get("/api/v1/actions", params={"area_id": area_id, "count": True}).json()["total"] == 6

    action(session, "2.4").status = "blue"
    session.commit()
    blue = client.get("/api/v1/actions", params={"plan_id": plan_id, "rag": "blue"}).json()
    assert [a["ref"] for a in blue["items"]] == ["1.2", "1.3", "2.3", "2.4", "2.5", "2.6", "6.1"]

    overdue = client.get("/api/v1/actions", params={"plan_id": plan_id, "overdue": True, "count": True}).json()
    refs = {a["ref"] for a in overdue["items"]}
    # Every dated action of 2019 is past due today, except the one now Blue; undated ones never are.
    assert "1.4" in refs and "2.4" not in refs and "1.1" not in refs
    not_overdue = client.get("/api/v1/actions", params={"plan_id": plan_id, "overdue": False, "count": True}).json()
    assert overdue["total"] + not_overdue["total"] == 40


def test_updated_since_returns_only_what_changed(client, session):
    plan_id = haringey(session).id
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    changed = action(session, "6.2")
    changed.updated_at = later + dt.timedelta(seconds=1)
    session.commit()
    page = client.get("/api/v1/actions", params={"plan_id": plan_id, "updated_since": later.isoformat()}).json()
    assert [a["ref"] for a in page["items"]] == ["6.2"]


def test_action_detail(client, session):
    body = client.get(f"/api/v1/actions/{action(session, '1.4').id}").json()
    assert body["owner"]["name"] == "Amara Okafor"
    assert [m["due_on"] for m in body["milestones"]] == ["2019-09-30", "2019-12-31"]
    assert body["overdue"] is True and body["next_due_on"] is None and body["status"] == "not_started"


def test_missing_things_are_problem_documents(client):
    for path in ("/api/v1/plans/999999", "/api/v1/areas/999999", "/api/v1/actions/999999", "/api/v1/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404 and response.json()["detail"]


def test_bad_query_is_a_problem_with_field_errors(client):
    response = client.get("/api/v1/actions", params={"limit": 0, "rag": "purple"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert {tuple(e["loc"]) for e in body["errors"]} == {("query", "limit"), ("query", "rag")}


def test_the_trend_ends_on_a_day_given_and_the_plan_says_when_it_was_last_worked_on(client, session, auth):
    import datetime as dt

    from actionplan.actions.models import ProgressNote
    from tests.backend.builders import action, haringey

    plan_id = haringey(session).id
    director = auth("director")
    # Only the plan's own statuses so far: issued 18 March 2019, when it stated its Blues.
    assert client.get(f"/api/v1/plans/{plan_id}", headers=director).json()["last_activity_on"] == "2019-03-18"
    session.add(ProgressNote(action_id=action(session, "4.1").id, text="Tracked.",
                             recorded_at=dt.datetime(2020, 3, 20, 10, tzinfo=dt.UTC)))
    session.commit()
    assert client.get(f"/api/v1/plans/{plan_id}", headers=director).json()["last_activity_on"] == "2020-03-20"
    trend = client.get(f"/api/v1/plans/{plan_id}/trend", params={"to": "2020-03-20"}, headers=director).json()
    # The ends of April 2019 … February 2020, then the day itself: the year the demo plays.
    assert [p["at"] for p in trend][:2] == ["2019-04-30", "2019-05-31"] and trend[-1]["at"] == "2020-03-20"
    assert len(trend) == 12 and trend[0]["status_counts"]["blue"] == 6
    # A day still to come is today: nothing is known of it.
    later = client.get(f"/api/v1/plans/{plan_id}/trend", params={"to": "2999-01-01", "months": 1}, headers=director)
    assert [p["at"] for p in later.json()] == [str(dt.date.today())]
    for early in ("1899-12-31", "0"):
        assert client.get(f"/api/v1/plans/{plan_id}/trend", params={"to": early}, headers=director).status_code == 422
