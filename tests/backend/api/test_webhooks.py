"""Webhooks for integrators: subscriptions, signed full payloads delivered to a real HTTP receiver on
loopback, retries with backoff (time driven by passing `now`, never by sleeping), the delivery log and
replays, tokens that are revoked, expired or limited to one plan, and the action.overdue sweep."""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import queue
import socket
import struct
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from actionplan.actions.models import Action
from actionplan.auth import service as access
from actionplan.auth.deps import principal_for
from actionplan.core.clock import council_today
from actionplan.core.config import Settings
from actionplan.core.types import utcnow
from actionplan.webhooks import delivery
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from actionplan.webhooks.outbox import emit
from actionplan.webhooks.targets import TargetPolicy
from tests.backend.builders import action, haringey, plan_file, user
from tests.backend.conftest import DEMO_EMAILS

HOOKS = "/api/v1/webhooks"
SECRET = "a-shared-secret-of-at-least-24-characters"


# --- a receiver on loopback -----------------------------------------------------------------------

# Webhooks refuse loopback and http by default; the receivers here are on loopback over http, so
# these tests allow them explicitly, as an administrator allows an intranet receiver.
LOOPBACK = TargetPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")),
                        allow_http=True)


def deliver_due(session, now, **kwargs) -> int:
    return delivery.deliver_due(session, now, policy=LOOPBACK, **kwargs)


@pytest.fixture
def client(client, app):
    before = app.state.webhook_targets
    app.state.webhook_targets = LOOPBACK
    yield client
    app.state.webhook_targets = before



@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool
    raw_headers: object = None  # as the receiving server sees them (case-insensitive)


@dataclass
class Receiver:
    """Answers each POST with the next status queued (200 when none), and checks every signature
    the way the README tells an integrator to."""

    url: str
    secret: str = SECRET
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    statuses: "queue.Queue[int]" = field(default_factory=queue.Queue)

    def answer(self, *statuses: int) -> None:
        for status in statuses:
            self.statuses.put(status)


def verify(secret: str, headers: dict[str, str], body: bytes, now: float, tolerance: int = 300) -> bool:
    """The README's recipe, written out independently of the code under test."""
    timestamp = headers.get("x-actionplan-timestamp", "")
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    given = headers.get("x-actionplan-signature", "").removeprefix("v1=")
    return timestamp.isdigit() and abs(now - int(timestamp)) <= tolerance and hmac.compare_digest(expected, given)


@pytest.fixture
def receiver():
    received = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            time.sleep(received.delay)
            headers = {k.lower(): v for k, v in self.headers.items()}
            # Deliveries are stamped with the `now` the test passes; check against that moment.
            stamped = int(headers.get("x-actionplan-timestamp", "0") or 0)
            received.requests.append(Received(self.path, headers, body, verify(received.secret, headers, body, stamped),
                                              self.headers))
            try:
                status = received.statuses.get_nowait()
            except queue.Empty:
                status = 200
            self.send_response(status)
            if status in (301, 302, 307, 308):
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    received.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/actionplan"
    yield received
    server.shutdown()
    server.server_close()


# --- service tokens and subscriptions -----------------------------------------------------------------


def _director(session):
    return principal_for(session, user(session, DEMO_EMAILS["director"]))


def make_token(session, scopes=("plans:read", "webhooks:manage"), plan_id=None):
    row, secret = access.create_service_token(session, _director(session), "performance system", list(scopes),
                                              plan_id, 30)
    return row, {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def token(session):
    return make_token(session)


def subscribe(client, headers, url, events=("status.approved", "evidence.accepted", "action.overdue"), secret=SECRET):
    response = client.post(HOOKS, json={"url": url, "event_types": list(events), "secret": secret}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def deliveries(session, webhook_id) -> list[WebhookDelivery]:
    session.expire_all()
    return list(session.exec(select(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook_id)
                             .order_by(WebhookDelivery.id)).all())


def approved_payload(session, ref="1.4") -> tuple[dict, int]:
    """What the approval service sends: the action as the API shows it, and the change."""
    from actionplan.actions.service import get_action

    row = action(session, ref)
    return {"action": get_action(session, row).model_dump(mode="json"),
            "change": {"id": 1, "from": "not_started", "to": "amber", "commentary": "Training starts in April."}}, row.plan_id


def soon() -> dt.datetime:
    return utcnow() + dt.timedelta(seconds=1)


# --- managing subscriptions ---------------------------------------------------------------------------


def test_a_subscription_shows_its_generated_secret_once(client, token):
    _, headers = token
    created = client.post(HOOKS, json={"url": "https://performance.council.example/hooks",
                                       "event_types": ["status.approved"]}, headers=headers)
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 40
    assert created.headers["location"] == f"{HOOKS}/{body['id']}"
    listed = client.get(HOOKS, headers=headers).json()
    assert [w["id"] for w in listed] == [body["id"]] and "secret" not in listed[0]
    assert "secret" not in client.get(f"{HOOKS}/{body['id']}", headers=headers).json()


@pytest.mark.parametrize("body", [
    {"url": "ftp://performance.council.example/hooks", "event_types": ["status.approved"]},
    {"url": "https://user:pass@council.example/hooks", "event_types": ["status.approved"]},
    {"url": "http://[66c4a]/hooks", "event_types": ["status.approved"]},
    {"url": "https://council.example/hooks", "event_types": []},
    {"url": "https://council.example/hooks", "event_types": ["status.rejected"]},
    {"url": "https://council.example/hooks", "event_types": ["action.overdue", "action.overdue"]},
    {"url": "https://council.example/hooks", "event_types": ["action.overdue"], "secret": "too short"},
    {"url": "https://council.example/hooks", "event_types": ["action.overdue"], "owner": 1},
], ids=["ftp", "credentials in url", "bracketed host", "no events", "unknown event", "duplicate event", "short secret", "extra field"])
def test_a_subscription_must_make_sense(client, token, body):
    response = client.post(HOOKS, json=body, headers=token[1])
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_people_and_read_only_tokens_may_not_subscribe(client, session, auth):
    body = {"url": "https://council.example/hooks", "event_types": ["status.approved"]}
    assert client.post(HOOKS, json=body, headers=auth("director")).status_code == 403
    _, read_only = make_token(session, scopes=("plans:read",))
    assert client.post(HOOKS, json=body, headers=read_only).status_code == 403
    assert client.post(HOOKS, json=body).status_code == 401


def test_another_tokens_webhook_does_not_exist_for_me(client, session, token, receiver):
    mine = subscribe(client, token[1], receiver.url)
    _, other = make_token(session)
    for method, path in [("GET", f"{HOOKS}/{mine['id']}"), ("DELETE", f"{HOOKS}/{mine['id']}"),
                         ("GET", f"{HOOKS}/{mine['id']}/deliveries"), ("POST", f"{HOOKS}/{mine['id']}/replay")]:
        response = client.request(method, path, headers=other, json={} if method == "POST" else None)
        assert response.status_code == 404, (method, path)
    assert client.get(HOOKS, headers=other).json() == []


def test_a_token_has_at_most_25_webhooks(client, token):
    for i in range(25):
        subscribe(client, token[1], f"https://council.example/hooks/{i}", events=["action.overdue"])
    refused = client.post(HOOKS, json={"url": "https://council.example/26", "event_types": ["action.overdue"]},
                          headers=token[1])
    assert refused.status_code == 409 and refused.json()["code"] == "too_many_webhooks"


# --- delivery ---------------------------------------------------------------------------------------


def test_an_approval_is_delivered_in_full_and_signed(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url, events=["status.approved"])
    payload, plan_id = approved_payload(session)
    event_id = emit(session, "status.approved", payload, plan_id)
    session.commit()
    now = soon()
    assert deliver_due(session, now) == 1

    [got] = receiver.requests
    assert got.signature_ok, "the signature must verify with the subscription's secret"
    assert got.path == "/hooks/actionplan"
    assert got.headers["content-type"] == "application/json"
    assert got.headers["x-actionplan-event"] == "status.approved"
    assert got.headers["x-actionplan-event-id"] == event_id
    assert int(got.headers["x-actionplan-timestamp"]) == int(now.timestamp())
    sent = json.loads(got.body)
    assert sent["id"] == event_id and sent["type"] == "status.approved" and sent["plan_id"] == plan_id
    assert sent["data"] == payload  # the whole action, milestones and all, not just its id
    assert sent["data"]["action"]["ref"] == "1.4" and sent["data"]["action"]["milestones"]

    log = client.get(f"{HOOKS}/{hook['id']}/deliveries", headers=token[1]).json()
    assert log["total"] == 1
    [entry] = log["items"]
    assert (entry["state"], entry["attempts"], entry["last_status"]) == ("delivered", 1, 200)
    assert entry["event_id"] == event_id and entry["payload"] == sent
    assert client.get(f"{HOOKS}/{hook['id']}/deliveries/{entry['id']}", headers=token[1]).json() == entry


def test_the_readmes_recipe_verifies_a_real_delivery(client, session, token, receiver):
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    recipe = readme.split("Verify it before trusting the body:", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(recipe, namespace)  # noqa: S102 (our own README)
    subscribe(client, token[1], receiver.url)
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    deliver_due(session, utcnow())
    [got] = receiver.requests
    assert namespace["verify"](SECRET, got.raw_headers, got.body)
    assert not namespace["verify"](SECRET, got.raw_headers, got.body + b" ")


def test_a_tampered_body_does_not_verify(receiver):
    body = b'{"id":"1"}'
    good = {"x-actionplan-timestamp": "1700000000",
            "x-actionplan-signature": "v1=" + delivery.sign(SECRET, 1700000000, body)}
    assert verify(SECRET, good, body, 1700000000)
    assert not verify(SECRET, good, b'{"id":"2"}', 1700000000)
    assert not verify("another secret entirely, 24+ chars", good, body, 1700000000)
    assert not verify(SECRET, good, body, 1700000000 + 301)  # replayed too late


def test_a_receiver_that_fails_twice_gets_it_on_the_third_try_with_backoff(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url)
    receiver.answer(500, 503)
    payload, plan_id = approved_payload(session)
    emit(session, "status.approved", payload, plan_id)
    session.commit()
    t0 = soon()

    assert deliver_due(session, t0) == 1
    [row] = deliveries(session, hook["id"])
    assert (row.state, row.attempts, row.last_status) == ("pending", 1, 500)
    assert row.next_attempt_at == t0 + dt.timedelta(minutes=1)

    assert deliver_due(session, t0 + dt.timedelta(seconds=59)) == 0  # not yet
    t1 = t0 + dt.timedelta(minutes=1)
    assert deliver_due(session, t1) == 1
    [row] = deliveries(session, hook["id"])
    assert (row.state, row.attempts, row.last_status) == ("pending", 2, 503)
    assert row.next_attempt_at == t1 + dt.timedelta(minutes=5)

    assert deliver_due(session, t1 + dt.timedelta(minutes=4)) == 0
    t2 = t1 + dt.timedelta(minutes=5)
    assert deliver_due(session, t2) == 1
    [row] = deliveries(session, hook["id"])
    assert (row.state, row.attempts, row.last_status, row.delivered_at) == ("delivered", 3, 200, t2)
    assert len(receiver.requests) == 3
    assert len({r.headers["x-actionplan-event-id"] for r in receiver.requests}) == 1  # one event, three tries
    assert all(r.signature_ok for r in receiver.requests)


def test_after_the_last_retry_a_delivery_is_failed(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url)
    receiver.answer(*[500] * delivery.MAX_ATTEMPTS)
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    now = soon()
    waits = []
    for _ in range(delivery.MAX_ATTEMPTS):
        assert deliver_due(session, now) == 1
        [row] = deliveries(session, hook["id"])
        if row.state == "pending":
            waits.append(row.next_attempt_at - now)
            now = row.next_attempt_at
    assert waits == list(delivery.BACKOFF)  # 1 min, 5 min, 30 min, 2 h, 12 h
    assert (row.state, row.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert deliver_due(session, now + dt.timedelta(days=7)) == 0
    failed = client.get(f"{HOOKS}/{hook['id']}/deliveries", params={"state": "failed"}, headers=token[1]).json()
    assert failed["total"] == 1 and failed["items"][0]["next_attempt_at"] is None


def test_redirects_and_unreachable_receivers_are_failures_to_retry(client, session, token, receiver):
    redirected = subscribe(client, token[1], receiver.url)
    unreachable = subscribe(client, token[1], "http://127.0.0.1:9/nobody-listens")
    receiver.answer(302)
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    assert deliver_due(session, soon()) == 2
    [moved] = deliveries(session, redirected["id"])
    [refused] = deliveries(session, unreachable["id"])
    assert (moved.state, moved.last_status) == ("pending", 302)
    assert (refused.state, refused.last_status, refused.last_error) == ("pending", None, "unreachable")
    assert moved.last_error == "http_error"
    assert len(receiver.requests) == 1  # the redirect was not followed


# --- who receives what ------------------------------------------------------------------------------


def test_a_revoked_tokens_subscription_gets_nothing(client, session, token, receiver):
    row, headers = token
    hook = subscribe(client, headers, receiver.url)
    emit(session, "status.approved", *approved_payload(session))  # queued while the token was live
    session.commit()
    access.revoke_service_token(session, _director(session), row.id)

    emit(session, "status.approved", *approved_payload(session, "1.7"))  # after: not even queued
    session.commit()
    assert len(deliveries(session, hook["id"])) == 1
    deliver_due(session, soon())
    [cancelled] = deliveries(session, hook["id"])
    assert (cancelled.state, cancelled.attempts) == ("cancelled", 0)
    assert cancelled.last_error == "The service token was revoked."
    assert receiver.requests == []


def test_an_expired_tokens_subscription_gets_nothing(client, session, token, receiver):
    row, headers = token
    hook = subscribe(client, headers, receiver.url)
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    row.expires_at = utcnow() - dt.timedelta(seconds=1)
    session.add(row)
    session.commit()
    emit(session, "status.approved", *approved_payload(session, "1.7"))
    session.commit()
    deliver_due(session, soon())
    assert [d.state for d in deliveries(session, hook["id"])] == ["cancelled"]
    assert receiver.requests == []


def test_a_token_limited_to_one_plan_hears_of_that_plan_only(client, session, receiver):
    from actionplan.plans.service import import_plan

    other_plan, _ = import_plan(session, plan_file("another-council-2020"), actor_label="test")
    _, limited = make_token(session, plan_id=haringey(session).id)
    hook = subscribe(client, limited, receiver.url)
    payload, _ = approved_payload(session)
    emit(session, "status.approved", payload, other_plan.id)
    emit(session, "status.approved", payload, haringey(session).id)
    session.commit()
    assert [d.payload["plan_id"] for d in deliveries(session, hook["id"])] == [haringey(session).id]


def test_a_token_without_plans_read_receives_no_plan_data(client, session, receiver):
    _, manage_only = make_token(session, scopes=("webhooks:manage",))
    hook = subscribe(client, manage_only, receiver.url)
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    assert deliveries(session, hook["id"]) == []


def test_only_the_subscribed_event_types_are_queued(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url, events=["evidence.accepted"])
    emit(session, "status.approved", *approved_payload(session))
    emit(session, "evidence.accepted", {"evidence": {"id": 1}}, haringey(session).id)
    session.commit()
    assert [d.event_type for d in deliveries(session, hook["id"])] == ["evidence.accepted"]


def test_deleting_a_webhook_cancels_what_is_waiting(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url)
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    assert client.delete(f"{HOOKS}/{hook['id']}", headers=token[1]).status_code == 204
    assert deliver_due(session, soon()) == 0
    assert [d.state for d in deliveries(session, hook["id"])] == ["cancelled"]
    assert client.get(f"{HOOKS}/{hook['id']}", headers=token[1]).status_code == 404
    assert client.get(f"{HOOKS}/{hook['id']}/deliveries", headers=token[1]).status_code == 404
    assert client.delete(f"{HOOKS}/{hook['id']}", headers=token[1]).status_code == 404
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    assert len(deliveries(session, hook["id"])) == 1
    assert receiver.requests == []


# --- replay ----------------------------------------------------------------------------------------


def test_one_delivery_can_be_sent_again(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url)
    event_id = emit(session, "status.approved", *approved_payload(session))
    session.commit()
    deliver_due(session, soon())
    [first] = deliveries(session, hook["id"])
    replay = client.post(f"{HOOKS}/{hook['id']}/deliveries/{first.id}/replay", headers=token[1])
    assert replay.status_code == 202
    again = replay.json()
    assert again["id"] != first.id and again["event_id"] == event_id and again["state"] == "pending"
    deliver_due(session, soon() + dt.timedelta(seconds=1))
    assert [r.body for r in receiver.requests] == [receiver.requests[0].body] * 2  # the same body, signed afresh
    assert [r.headers["x-actionplan-delivery"] for r in receiver.requests] == [str(first.id), str(again["id"])]
    assert all(r.signature_ok for r in receiver.requests)
    assert client.post(f"{HOOKS}/{hook['id']}/deliveries/2147483647/replay", headers=token[1]).status_code == 404


def test_everything_after_an_event_or_since_a_time_can_be_sent_again(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url, events=["status.approved"])
    events = []
    for ref in ("1.4", "1.7", "5.2"):
        events.append(emit(session, "status.approved", *approved_payload(session, ref)))
        session.commit()
    deliver_due(session, soon())
    rows = deliveries(session, hook["id"])
    # Pretend the events happened a day apart.
    for days, row in zip((3, 2, 1), rows, strict=True):
        row.created_at = utcnow() - dt.timedelta(days=days)
        session.add(row)
    session.commit()
    url = f"{HOOKS}/{hook['id']}/replay"

    after_first = client.post(url, json={"after_event_id": events[0]}, headers=token[1]).json()
    assert (after_first["queued"], after_first["more"]) == (2, False)
    assert [d["event_id"] for d in after_first["deliveries"]] == events[1:]  # oldest first
    # Replays are not new events: replaying after the first again gives the same two.
    again = client.post(url, json={"after_event_id": events[0]}, headers=token[1]).json()
    assert [d["event_id"] for d in again["deliveries"]] == events[1:]
    since = client.post(url, json={"since": (utcnow() - dt.timedelta(days=1, hours=1)).isoformat()},
                        headers=token[1]).json()
    assert [d["event_id"] for d in since["deliveries"]] == events[2:]
    everything = client.post(url, json={}, headers=token[1]).json()
    assert [d["event_id"] for d in everything["deliveries"]] == events
    assert client.post(url, json={"since": "0001-01-01T00:00:00+01:00"}, headers=token[1]).json()["queued"] == 3

    unknown = client.post(url, json={"after_event_id": "not-an-event"}, headers=token[1])
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_event"
    assert client.post(url, json={"since": 1700000000}, headers=token[1]).status_code == 422
    assert client.post(url, json={"since": "2026-01-01T00:00:00"}, headers=token[1]).status_code == 422


# --- action.overdue ---------------------------------------------------------------------------------


def _due(session, ref: str, due_on: dt.date, status: str = "amber") -> Action:
    row = action(session, ref)
    row.due_on, row.status = due_on, status
    session.add(row)
    session.commit()
    return row


def test_an_action_passing_its_due_date_is_announced_once(client, session, token, receiver):
    hook = subscribe(client, token[1], receiver.url, events=["action.overdue"])
    yesterday = council_today() - dt.timedelta(days=1)
    late = _due(session, "1.4", yesterday)
    _due(session, "1.7", yesterday, status="blue")  # done: not overdue
    _due(session, "5.2", council_today() + dt.timedelta(days=3))  # not yet due
    now = utcnow() + dt.timedelta(seconds=1)

    assert delivery.sweep_overdue(session, now) == 1
    assert delivery.sweep_overdue(session, now + dt.timedelta(hours=2)) == 0  # once per action per due date
    [row] = deliveries(session, hook["id"])
    assert row.event_type == "action.overdue" and row.event_id == f"action.overdue:{late.id}:{yesterday}"

    deliver_due(session, now)
    [got] = receiver.requests
    assert got.signature_ok
    shown = client.get(f"/api/v1/actions/{late.id}", headers=token[1]).json()
    assert json.loads(got.body)["data"]["action"] == shown  # the action exactly as the API shows this token

    # A new date (an approved re-schedule) that passes too is news again.
    _due(session, "1.4", council_today())  # due today: overdue from tomorrow
    assert delivery.sweep_overdue(session, now) == 0
    tomorrow = now + dt.timedelta(days=1)
    assert delivery.sweep_overdue(session, tomorrow) == 1


def test_actions_overdue_before_the_subscription_existed_are_not_news(client, session, token, receiver):
    subscribe(client, token[1], receiver.url, events=["action.overdue"])
    # The demo plan is from 2019: dozens of actions have long been overdue.
    assert session.exec(select(Action).where(Action.due_on < dt.date(2020, 1, 1))).first() is not None
    assert delivery.sweep_overdue(session, utcnow()) == 0


def test_the_overdue_sweep_is_a_periodic_job_of_the_worker(client, session, token, receiver):
    from actionplan.jobs import registry
    from actionplan.jobs.runner import load_jobs

    load_jobs()
    sweep = registry.PERIODIC["webhooks.overdue-sweep"]
    assert sweep.every == delivery.SWEEP_EVERY
    subscribe(client, token[1], receiver.url, events=["action.overdue"])
    _due(session, "1.4", council_today() - dt.timedelta(days=1))
    now = utcnow() + dt.timedelta(seconds=1)
    sweep.fn(session, now)
    assert deliver_due(session, now) == 1
    assert len(receiver.requests) == 1 and receiver.requests[0].signature_ok


# --- two workers never send one delivery twice --------------------------------------------------------


def test_two_workers_never_send_the_same_delivery_twice(engine, receiver):
    """Real transactions on separate connections (the per-test rollback cannot be used). On
    PostgreSQL the candidates are claimed FOR UPDATE SKIP LOCKED; on SQLite the conditional
    lease decides (there, a worker that loses the race simply claims nothing that round)."""
    from actionplan.auth.models import ServiceToken
    from actionplan.auth.tokens import service_token_expiry

    count = 40
    with Session(engine) as session:
        token = ServiceToken(name="two workers", scopes=["plans:read", "webhooks:manage"],
                             secret_hash=hashlib.sha256(b"two-workers-test").hexdigest(),
                             expires_at=service_token_expiry(1))
        session.add(token)
        session.flush()
        subscription = WebhookSubscription(service_token_id=token.id, url=receiver.url, secret=SECRET,
                                           event_types=["status.approved"])
        session.add(subscription)
        session.flush()
        plan_id = haringey(session).id
        now = utcnow()
        for i in range(count):
            session.add(WebhookDelivery(subscription_id=subscription.id, event_id=f"two-workers-{i}",
                                        event_type="status.approved", next_attempt_at=now, created_at=now,
                                        payload={"id": f"two-workers-{i}", "plan_id": plan_id, "data": {}}))
        session.commit()
        token_id, subscription_id = token.id, subscription.id
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    receiver.delay = 0.005  # each send takes a moment, so the two workers overlap
    try:
        start = threading.Barrier(2)
        errors = []
        attempted = [0, 0]

        def work(worker: int):
            try:
                with Session(engine) as own:
                    start.wait()
                    for _ in range(200):
                        attempted[worker] += deliver_due(own, utcnow(), limit=5)
                        left = own.exec(select(WebhookDelivery.id).where(
                            WebhookDelivery.subscription_id == subscription_id,
                            WebhookDelivery.state == "pending")).first()
                        own.rollback()
                        if left is None:
                            return
            except Exception as exc:  # surfaced below: a thread's failure must fail the test
                errors.append(exc)

        workers = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=120)
        assert errors == []
        sent = sorted(r.headers["x-actionplan-event-id"] for r in receiver.requests)
        assert sent == sorted(f"two-workers-{i}" for i in range(count))  # every one, each exactly once
        assert sum(attempted) == count and min(attempted) > 0, attempted  # both workers did some
        if engine.dialect.name == "postgresql":
            assert any("FOR UPDATE SKIP LOCKED" in s for s in statements)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        with Session(engine) as session:
            for model, column, value in ((WebhookDelivery, WebhookDelivery.subscription_id, subscription_id),
                                         (WebhookSubscription, WebhookSubscription.id, subscription_id),
                                         (ServiceToken, ServiceToken.id, token_id)):
                for row in session.exec(select(model).where(column == value)).all():
                    session.delete(row)
                session.flush()
            session.commit()


# --- where webhooks may go, and what a failure tells -------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://hooks.council.example/actionplan", "https://127.0.0.1/hooks", "https://localhost:8443/hooks",
    "https://hooks.localhost/", "https://10.1.2.3/hooks", "https://192.168.0.10/hooks", "https://172.16.5.4/",
    "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/", "https://100.64.0.1/", "https://224.0.0.1/",
    "https://2130706433/hooks", "https://0x7f000001/hooks", "https://127.1/hooks",
])
def test_by_default_webhooks_go_to_public_https_receivers_only(client, app, session, token, url):
    app.state.webhook_targets = TargetPolicy()
    response = client.post(HOOKS, json={"url": url, "event_types": ["status.approved"]}, headers=token[1])
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "webhook_target_refused"
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "url"]]
    assert client.get(HOOKS, headers=token[1]).json() == []
    public = client.post(HOOKS, json={"url": "https://hooks.council.example/actionplan",
                                      "event_types": ["status.approved"]}, headers=token[1])
    assert public.status_code == 201


def test_an_administrator_allows_an_intranet_receiver_by_network_or_name(client, app, token):
    app.state.webhook_targets = TargetPolicy.from_settings(
        Settings(webhook_allowed_targets=["10.20.0.0/16", "Hooks.Council.Internal"]))
    for url, status in [("https://10.20.1.5/hooks", 201), ("https://hooks.council.internal/x", 201),
                        ("https://10.21.0.1/hooks", 422), ("http://10.20.1.5/hooks", 422)]:
        response = client.post(HOOKS, json={"url": url, "event_types": ["status.approved"]}, headers=token[1])
        assert response.status_code == status, url
    with pytest.raises(ValueError, match="neither a network"):
        TargetPolicy.from_settings(Settings(webhook_allowed_targets=["http://10.0.0.1/"]))


def test_each_delivery_checks_where_the_name_resolves_to_now(client, session, token, receiver):
    # Subscribed while allowed; the allow-list is then emptied: "localhost" resolves to loopback.
    port = receiver.url.split(":")[2].split("/")[0]
    hook = subscribe(client, token[1], f"http://localhost:{port}/hooks/actionplan")
    emit(session, "status.approved", *approved_payload(session))
    session.commit()
    now = soon()
    assert delivery.deliver_due(session, now, policy=TargetPolicy(allow_http=True)) == 1
    [row] = deliveries(session, hook["id"])
    assert (row.state, row.last_status, row.last_error) == ("pending", None, "refused_target")
    assert receiver.requests == []
    assert deliver_due(session, row.next_attempt_at) == 1  # allowed again: sent to the address checked
    [got] = receiver.requests
    assert got.headers["host"] == f"localhost:{port}" and got.signature_ok


@contextmanager
def tcp_server(behaviour: str):
    """A loopback TCP server that does not answer HTTP: it closes at once, resets, or keeps silent."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            if behaviour == "reset":
                conn.recv(65536)
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            elif behaviour == "close":
                conn.close()
            else:
                held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hooks"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_a_failure_records_a_fixed_class_never_what_the_receiver_said(client, session, token, receiver):
    receiver.answer(500)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    with tcp_server("close") as closing, tcp_server("reset") as resetting, tcp_server("silent") as silent:
        hooks = {name: subscribe(client, token[1], url)["id"] for name, url in [
            ("answers 500", receiver.url), ("refuses", f"http://127.0.0.1:{closed_port}/hooks"),
            ("closes", closing), ("resets", resetting), ("never answers", silent),
            ("not tls", receiver.url.replace("http://", "https://"))]}
        emit(session, "status.approved", *approved_payload(session))
        session.commit()
        assert deliver_due(session, soon(), timeout=0.5) == len(hooks)
    outcome = {name: (deliveries(session, hook)[0].last_status, deliveries(session, hook)[0].last_error)
               for name, hook in hooks.items()}
    assert outcome == {"answers 500": (500, "http_error"), "refuses": (None, "unreachable"),
                       "closes": (None, "unreachable"), "resets": (None, "unreachable"),
                       "never answers": (None, "timeout"), "not tls": (None, "tls_error")}
    # The receiver's body ("ok") and the network's words ("Connection refused") are kept nowhere.
    [entry] = client.get(f"{HOOKS}/{hooks['answers 500']}/deliveries", headers=token[1]).json()["items"]
    assert (entry["last_status"], entry["last_error"]) == (500, "http_error")
