"""Measures over the API: verdicts against the trajectory, readings, corrections kept as versions,
reading as at a moment, who may enter what, and the `measure.reading` webhook event."""

import datetime as dt

import pytest

from sqlmodel import select

from actionplan.actions.models import StatusChange
from actionplan.audit.models import AuditEvent
from actionplan.auth import service as access
from actionplan.auth.deps import principal_for
from actionplan.core.types import utcnow
from actionplan.measures.models import Measure
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.backend.builders import action, haringey, user
from tests.backend.conftest import DEMO_EMAILS

API = "/api/v1"


def one_four_measure(session) -> Measure:
    return session.exec(select(Measure).where(Measure.action_id == action(session, "1.4").id)).one()


def service_token(session, scopes: list[str]) -> dict:
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    _, secret = access.create_service_token(session, director, "performance system", scopes, None, 30)
    return {"Authorization": f"Bearer {secret}"}


def post_reading(client, headers, measure_id: int, value: float = 44, taken_on: str = "2019-05-31", **extra):
    return client.post(f"{API}/measures/{measure_id}/readings",
                       json={"value": value, "taken_on": taken_on, **extra}, headers=headers)


def test_an_action_s_measures_come_with_the_seed_s_baselines_and_no_reading_yet(client, session, auth):
    response = client.get(f"{API}/actions/{action(session, '1.4').id}/measures", headers=auth("action_owner"))
    assert response.status_code == 200
    [measure] = response.json()
    assert measure["name"] == "Audits rated at least good"
    assert [(b["date"], b["value"]) for b in measure["baselines"]] == [("2018-10-31", 47), ("2019-01-31", 35)]
    assert [(t["due_on"], t["value"]) for t in measure["targets"]] == [("2019-09-30", 60), ("2019-12-31", 85)]
    assert measure["aim"] == 100 and measure["latest_reading"] is None
    assert measure["trajectory"]["verdict"] == "no_reading" and measure["trajectory"]["suggested_rag"] is None
    assert measure["approved_status"] == "not_started"


def test_a_plan_s_measures_are_listed_in_the_plan_s_order(client, session, auth):
    response = client.get(f"{API}/plans/{haringey(session).id}/measures", headers=auth("director"))
    assert [m["action_ref"] for m in response.json()] == ["1.4", "1.8", "3.3", "8.1"]


def test_the_owner_enters_a_reading_and_sees_the_verdict_without_the_status_changing(client, session, auth):
    measure = one_four_measure(session)
    response = post_reading(client, auth("action_owner"), measure.id, 44, period="May 2019",
                            source="Case file audit tool", note="Monthly audit round")
    assert response.status_code == 201, response.text
    reading = response.json()
    assert response.headers["Location"] == f"{API}/measure-readings/{reading['id']}"
    assert reading["recorded_by"]["name"] == user(session, DEMO_EMAILS["action_owner"]).name
    assert (reading["version"], reading["corrected"], reading["source"]) == (1, False, "Case file audit tool")
    shown = client.get(f"{API}/measures/{measure.id}", headers=auth("action_owner")).json()
    # 31 May 2019: the line from 35 (31 Jan) to 60 (30 Sept) stands at 47.40; 44 is 3.40 behind, tolerance 2.5.
    assert shown["trajectory"]["verdict"] == "behind"
    assert shown["trajectory"]["suggested_rag"] == "amber"
    assert round(shown["trajectory"]["gap"], 2) == -3.4 and round(shown["trajectory"]["expected"], 2) == 47.4
    assert shown["latest_reading"]["value"] == 44 and shown["approved_status"] == "not_started"
    assert session.exec(select(StatusChange).where(StatusChange.action_id == measure.action_id)).first() is None
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "measure.reading")).one()
    assert event.after["value"] == 44 and event.actor_id == user(session, DEMO_EMAILS["action_owner"]).id


def test_a_new_reading_moves_the_measure_s_etag(client, session, auth):
    measure = one_four_measure(session)
    first = client.get(f"{API}/measures/{measure.id}", headers=auth("director"))
    post_reading(client, auth("action_owner"), measure.id)
    again = client.get(f"{API}/measures/{measure.id}", headers={**auth("director"),
                                                                "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(client, session, auth):
    measure = one_four_measure(session)
    created = post_reading(client, auth("action_owner"), measure.id, 44).json()
    url = f"{API}/measure-readings/{created['id']}/corrections"
    body = {"value": 49, "taken_on": "2019-05-31", "reason": "Two audits were counted twice"}
    assert client.post(url, json=body, headers=auth("action_owner")).status_code == 428
    assert client.post(url, json=body, headers={**auth("action_owner"), "If-Match": '"reading-1-v9"'}).status_code == 412
    read = client.get(f"{API}/measure-readings/{created['id']}", headers=auth("action_owner"))
    corrected = client.post(url, json=body, headers={**auth("action_owner"), "If-Match": read.headers["ETag"]})
    assert corrected.status_code == 200, corrected.text
    out = corrected.json()
    assert (out["id"], out["version"], out["value"], out["corrected"]) == (created["id"], 2, 49, True)
    assert [(v["version"], v["value"], v["correction_reason"]) for v in out["versions"]] == [
        (1, 44, None), (2, 49, "Two audits were counted twice")]
    assert out["versions"][0]["superseded_at"] is not None
    # Correcting the version already replaced: someone else's correction wins, this one is refused.
    stale = client.post(url, json={**body, "value": 50}, headers={**auth("director"), "If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    now = client.get(f"{API}/measures/{measure.id}", headers=auth("director")).json()
    assert [r["value"] for r in now["readings"]] == [49] and now["trajectory"]["verdict"] == "on_track"
    # The measure's table shows the correction: the reading with the figure it replaced and why.
    assert [(v["value"], v["correction_reason"]) for v in now["readings"][0]["versions"]] == [
        (44, None), (49, "Two audits were counted twice")]
    # As at the moment the first figure was entered, before the correction: the figure then.
    then = client.get(f"{API}/measures/{measure.id}", params={"as_of": created["recorded_at"]},
                      headers=auth("director")).json()
    assert [r["value"] for r in then["readings"]] == [44] and then["trajectory"]["verdict"] == "behind"
    assert [(v["value"], v["superseded_at"]) for v in then["readings"][0]["versions"]] == [(44, None)]
    # As at a day before anything was entered: no reading.
    before = client.get(f"{API}/actions/{measure.action_id}/measures", params={"as_of": "2019-03-31"},
                        headers=auth("director")).json()
    assert before[0]["trajectory"]["verdict"] == "no_reading"
    assert session.exec(select(AuditEvent).where(AuditEvent.operation == "measure.reading_correct")).one().before[
        "value"] == 44


def test_readings_are_checked(client, session, auth):
    measure = one_four_measure(session)
    over = post_reading(client, auth("action_owner"), measure.id, 120)
    assert over.status_code == 422 and over.json()["errors"][0]["loc"] == ["body", "value"]
    future = post_reading(client, auth("action_owner"), measure.id, 50, (dt.date.today() + dt.timedelta(days=3)).isoformat())
    assert future.status_code == 422 and future.json()["errors"][0]["loc"] == ["body", "taken_on"]
    assert post_reading(client, auth("action_owner"), measure.id, True).status_code == 422
    no_reason = client.post(f"{API}/measure-readings/1/corrections", json={"value": 1, "taken_on": "2019-05-31"},
                            headers=auth("action_owner"))
    assert no_reason.status_code == 422
    blank = client.post(f"{API}/measure-readings/1/corrections", json={"value": 1, "taken_on": "2019-05-31", "reason": " "},
                        headers=auth("action_owner"))
    assert blank.status_code == 422 and blank.json()["errors"][0]["loc"] == ["body", "reason"]


def test_a_council_system_posts_readings_with_measures_write(client, session, auth):
    measure = one_four_measure(session)
    assert post_reading(client, service_token(session, ["plans:read"]), measure.id).status_code == 403
    response = post_reading(client, service_token(session, ["measures:write"]), measure.id, 61, "2019-09-30",
                            source="Mosaic")
    assert response.status_code == 201, response.text
    assert response.json()["recorded_by"] is None
    assert response.json()["recorded_by_label"].endswith("(performance system)")


def test_inspectors_see_readings_once_the_plan_is_published_and_granted(client, session, auth):
    measure = one_four_measure(session)
    post_reading(client, auth("action_owner"), measure.id)
    url = f"{API}/measures/{measure.id}"
    assert client.get(url, headers=auth("inspector")).status_code == 404
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    access.publish_plan(session, director, haringey(session))
    access.grant_inspector(session, director, haringey(session).id, user(session, DEMO_EMAILS["inspector"]).id,
                           dt.date(2099, 1, 1), dt.date.today())
    shown = client.get(url, headers=auth("inspector"))
    assert shown.status_code == 200 and [r["value"] for r in shown.json()["readings"]] == [44]
    assert post_reading(client, auth("inspector"), measure.id).status_code == 403


def test_leads_define_measures_and_change_them_with_the_etag(client, session, auth):
    one_one = action(session, "1.1")  # area 1, led by the demo Head of Service; not the owner's
    body = {"name": "Days from referral to assessment", "unit": "days", "direction": "lower",
            "baselines": [{"value": 60, "date": "2019-01-01"}], "targets": [{"value": 45, "due_on": "2019-04-11"}]}
    assert client.post(f"{API}/actions/{one_one.id}/measures", json=body, headers=auth("action_owner")).status_code == 403
    created = client.post(f"{API}/actions/{one_one.id}/measures", json=body, headers=auth("head_of_service"))
    assert created.status_code == 201, created.text
    measure = created.json()
    # Lower is better: on 20 Feb the line is at 52.5, and 50 days is 2.5 better.
    reading = post_reading(client, auth("head_of_service"), measure["id"], 50, "2019-02-20")
    assert reading.status_code == 201
    shown = client.get(f"{API}/measures/{measure['id']}", headers=auth("head_of_service"))
    assert (shown.json()["trajectory"]["verdict"], shown.json()["trajectory"]["gap"]) == ("ahead", 2.5)
    url = f"{API}/measures/{measure['id']}"
    change = {"targets": [{"value": 40, "due_on": "2019-04-11"}]}
    assert client.patch(url, json=change, headers={**auth("head_of_service"), "If-Match": created.headers["ETag"]}
                        ).status_code == 412  # the reading moved it
    changed = client.patch(url, json=change, headers={**auth("head_of_service"), "If-Match": shown.headers["ETag"]})
    assert changed.status_code == 200, changed.text
    assert [t["value"] for t in changed.json()["targets"]] == [40]
    assert changed.json()["baselines"][0]["value"] == 60 and changed.json()["name"] == body["name"]
    bad = client.patch(url, json={"aim": 120, "unit": "percent"},
                       headers={**auth("head_of_service"), "If-Match": changed.headers["ETag"]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "aim"]


def test_a_reading_is_announced_to_webhook_subscribers(client, session, auth):
    headers = service_token(session, ["plans:read", "webhooks:manage"])
    subscribed = client.post(f"{API}/webhooks", json={"url": "https://council.example/hook",
                                                      "event_types": ["measure.reading"],
                                                      "secret": "a-secret-of-enough-length-0123456789"},
                             headers=headers)
    assert subscribed.status_code == 201, subscribed.text
    measure = one_four_measure(session)
    post_reading(client, auth("action_owner"), measure.id, 44)
    session.expire_all()
    [delivery] = session.exec(select(WebhookDelivery).join(WebhookSubscription).where(
        WebhookSubscription.id == subscribed.json()["id"])).all()
    data = delivery.payload["data"]
    assert delivery.event_type == "measure.reading" and data["reading"]["value"] == 44
    assert data["measure"]["trajectory"]["suggested_rag"] == "amber"


def test_a_lead_defines_a_measure_of_their_area_which_owners_in_it_read_but_do_not_enter(client, session, auth):
    area_id = action(session, "1.4").area_id
    body = {"name": "Re-referrals within 12 months", "unit": "percent", "direction": "lower",
            "baselines": [{"value": 22, "date": "2019-03-31"}], "targets": [{"value": 16, "due_on": "2020-03-31"}]}
    created = client.post(f"{API}/areas/{area_id}/measures", json=body, headers=auth("head_of_service"))
    assert created.status_code == 201, created.text
    measure = created.json()
    assert (measure["action_id"], measure["action_ref"], measure["area_id"], measure["area_number"]) == (
        None, None, area_id, 1)
    assert measure["approved_status"] is None
    # The owner of 1.4 (in area 1) reads it, and may not define one nor enter its readings.
    listed = client.get(f"{API}/areas/{area_id}/measures", headers=auth("action_owner"))
    assert [m["name"] for m in listed.json()] == ["Re-referrals within 12 months"]
    assert client.post(f"{API}/areas/{area_id}/measures", json=body, headers=auth("action_owner")).status_code == 403
    assert post_reading(client, auth("action_owner"), measure["id"], 21).status_code == 403
    reading = post_reading(client, auth("head_of_service"), measure["id"], 21, taken_on="2019-06-30")
    assert reading.status_code == 201, reading.text
    # 30 June 2019: the line from 22 (31 March 2019) to 16 (31 March 2020) stands at 22 - 6 × 91/366 = 20.51;
    # 21 is 0.49 worse, beyond the tolerance (5% of the span of 6: 0.3), so behind.
    shown = client.get(f"{API}/measures/{measure['id']}", headers=auth("action_owner")).json()
    assert shown["trajectory"]["verdict"] == "behind" and shown["trajectory"]["expected"] == pytest.approx(20.508, abs=0.001)
    # In the plan's list: area 1's own measure first, then its actions'.
    plan = client.get(f"{API}/plans/{haringey(session).id}/measures", headers=auth("director")).json()
    assert [(m["area_number"], m["action_ref"]) for m in plan] == [(1, None), (1, "1.4"), (1, "1.8"), (3, "3.3"),
                                                                   (8, "8.1")]
    # The list of an area is the area's own: 1.4's measure is on 1.4.
    assert all(m["action_id"] is None for m in listed.json())
