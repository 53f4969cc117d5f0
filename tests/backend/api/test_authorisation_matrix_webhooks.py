"""Webhook operations × every kind of caller × own/another token's subscription.

Beyond the usual callers, a service token with `webhooks:manage` (and `plans:read`): it owns the
world's "own" webhook; the "other" webhook belongs to another such token. The expected answer of
each cell comes from auth/permissions.check() with the subscription as the object.
"""

from dataclasses import dataclass

import pytest

from actionplan.auth import service as access
from actionplan.auth.deps import principal_for
from actionplan.auth.permissions import Perm, Principal, SubscriptionRef
from actionplan.core.types import utcnow
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.backend.builders import haringey, user
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.matrix import CALLERS, Op, caller_headers, expected_status

WEBHOOK_CALLERS = [*CALLERS, "webhook_token"]
SCOPES = ["plans:read", "webhooks:manage"]


@dataclass
class WebhookWorld:
    own_token_id: int
    own_token_secret: str
    own_webhook: int
    own_delivery: int
    own_event: str
    other_token_id: int
    other_webhook: int
    other_delivery: int


def _subscription(session, token_id: int, plan_id: int) -> tuple[int, int, str]:
    subscription = WebhookSubscription(service_token_id=token_id, url="https://council.example/hooks",
                                       secret="s" * 32, event_types=["status.approved"])
    session.add(subscription)
    session.flush()
    event_id = f"matrix-{subscription.id}"
    row = WebhookDelivery(subscription_id=subscription.id, event_id=event_id, event_type="status.approved",
                          payload={"id": event_id, "plan_id": plan_id, "data": {}}, state="delivered",
                          attempts=1, last_status=200, delivered_at=utcnow())
    session.add(row)
    session.commit()
    return subscription.id, row.id, event_id


@pytest.fixture
def world(session) -> WebhookWorld:
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    plan_id = haringey(session).id
    own, own_secret = access.create_service_token(session, director, "performance system", SCOPES, None, 30)
    other, _ = access.create_service_token(session, director, "data warehouse", SCOPES, None, 30)
    own_webhook, own_delivery, own_event = _subscription(session, own.id, plan_id)
    other_webhook, other_delivery, _ = _subscription(session, other.id, plan_id)
    return WebhookWorld(own.id, own_secret, own_webhook, own_delivery, own_event, other.id, other_webhook,
                        other_delivery)


def own(_session, w: WebhookWorld) -> SubscriptionRef:
    return SubscriptionRef(service_token_id=w.own_token_id)


def other(_session, w: WebhookWorld) -> SubscriptionRef:
    return SubscriptionRef(service_token_id=w.other_token_id)


WEBHOOK = Perm.webhook_manage
OPS = [
    Op("list webhooks", "GET", lambda w: "/api/v1/webhooks", WEBHOOK),
    Op("create webhook", "POST", lambda w: "/api/v1/webhooks", WEBHOOK,
       body=lambda w: {"url": "https://council.example/new", "event_types": ["action.overdue"]}, ok=201),
    Op("get own webhook", "GET", lambda w: f"/api/v1/webhooks/{w.own_webhook}", WEBHOOK, own),
    Op("get other webhook", "GET", lambda w: f"/api/v1/webhooks/{w.other_webhook}", WEBHOOK, other),
    Op("list own deliveries", "GET", lambda w: f"/api/v1/webhooks/{w.own_webhook}/deliveries", WEBHOOK, own),
    Op("list other deliveries", "GET", lambda w: f"/api/v1/webhooks/{w.other_webhook}/deliveries", WEBHOOK, other),
    Op("get own delivery", "GET", lambda w: f"/api/v1/webhooks/{w.own_webhook}/deliveries/{w.own_delivery}",
       WEBHOOK, own),
    Op("get other delivery", "GET", lambda w: f"/api/v1/webhooks/{w.other_webhook}/deliveries/{w.other_delivery}",
       WEBHOOK, other),
    Op("replay own delivery", "POST",
       lambda w: f"/api/v1/webhooks/{w.own_webhook}/deliveries/{w.own_delivery}/replay", WEBHOOK, own, ok=202),
    Op("replay other delivery", "POST",
       lambda w: f"/api/v1/webhooks/{w.other_webhook}/deliveries/{w.other_delivery}/replay", WEBHOOK, other, ok=202),
    Op("replay own events", "POST", lambda w: f"/api/v1/webhooks/{w.own_webhook}/replay", WEBHOOK, own,
       body=lambda w: {}, ok=202),
    Op("replay other events", "POST", lambda w: f"/api/v1/webhooks/{w.other_webhook}/replay", WEBHOOK, other,
       body=lambda w: {}, ok=202),
    Op("delete own webhook", "DELETE", lambda w: f"/api/v1/webhooks/{w.own_webhook}", WEBHOOK, own, ok=204),
    Op("delete other webhook", "DELETE", lambda w: f"/api/v1/webhooks/{w.other_webhook}", WEBHOOK, other, ok=204),
]


def _headers(session, world: WebhookWorld, caller: str, auth) -> tuple[dict, Principal]:
    if caller == "webhook_token":
        return ({"Authorization": f"Bearer {world.own_token_secret}"},
                Principal(id=-world.own_token_id, role=None, service_scopes=tuple(SCOPES)))
    return caller_headers(session, world, caller, auth)


@pytest.mark.parametrize("caller", WEBHOOK_CALLERS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_webhook_matrix(op: Op, caller: str, client, session, world, auth):
    headers, principal = _headers(session, world, caller, auth)
    expected = expected_status(op, principal, session, world)
    response = client.request(op.method, op.path(world), json=op.body(world) if op.body else None, headers=headers)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"


def test_the_matrix_expects_what_the_issue_says(session, world, auth):
    """Spelled out, so a change to the rules module cannot silently change the matrix: only the
    owning token may touch a webhook; another `webhooks:manage` token gets 404; everyone else 403."""
    get_own, get_other = OPS[2], OPS[3]
    for caller in CALLERS:
        _, principal = _headers(session, world, caller, auth)
        assert expected_status(get_own, principal, session, world) == 403
    _, token = _headers(session, world, "webhook_token", auth)
    assert expected_status(get_own, token, session, world) == 200
    assert expected_status(get_other, token, session, world) == 404


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_anonymous_gets_401_on_webhooks(op: Op, client, world):
    response = client.request(op.method, op.path(world), json=op.body(world) if op.body else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
