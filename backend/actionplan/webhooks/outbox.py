"""Emitting events for webhook subscribers, in the same transaction as the change (an outbox):
an event exists exactly when the change it describes was committed.

Callers: `emit(session, "status.approved", payload, plan_id)` from the approval service,
`emit(session, "evidence.accepted", payload, plan_id)` from evidence review, `measure.reading`
from measures/service.py when a reading is entered or corrected; `action.overdue`
is emitted by the worker's sweep (webhooks/delivery.py). `payload` is the object as the API
shows it to a service token (full, not just ids); the subscriber receives it as `data` in an
envelope with the event's id, type, time and plan.
"""

import datetime as dt
import uuid

from sqlmodel import Session, col, select

from actionplan.auth.models import ServiceToken
from actionplan.auth.permissions import Principal, receives_plan_events
from actionplan.core.types import utcnow
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription

EVENT_TYPES = ("status.approved", "evidence.accepted", "action.overdue", "measure.reading")


def token_principal(token: ServiceToken) -> Principal:
    """The service account a subscription belongs to, as the rules module sees it."""
    return Principal(id=-token.id, role=None, name=f"service token {token.id} ({token.name})",
                     service_scopes=tuple(token.scopes),
                     token_plan_ids=None if token.plan_id is None else frozenset({token.plan_id}))


def token_is_live(token: ServiceToken, now: dt.datetime) -> bool:
    return token.revoked_at is None and token.expires_at > now


def live_subscriptions(session: Session, event_type: str,
                       now: dt.datetime) -> list[tuple[WebhookSubscription, ServiceToken]]:
    """Subscriptions to `event_type` whose token is neither revoked nor expired."""
    rows = session.exec(
        select(WebhookSubscription, ServiceToken)
        .join(ServiceToken, col(ServiceToken.id) == WebhookSubscription.service_token_id)
        .where(col(WebhookSubscription.deleted_at).is_(None), col(ServiceToken.revoked_at).is_(None),
               ServiceToken.expires_at > now)
        .order_by(col(WebhookSubscription.id))).all()
    return [(sub, token) for sub, token in rows if event_type in sub.event_types]


def envelope(event_id: str, event_type: str, occurred_at: dt.datetime, plan_id: int, data: dict) -> dict:
    return {"id": event_id, "type": event_type, "occurred_at": occurred_at.isoformat(), "plan_id": plan_id,
            "data": data}


def emit(session: Session, event_type: str, payload: dict, plan_id: int) -> str:
    """Queues one delivery per live subscription to `event_type` whose token may read plan
    `plan_id`. The caller commits (the event is sent only if the change is). Returns the event id."""
    assert event_type in EVENT_TYPES, event_type
    event_id = str(uuid.uuid4())
    now = utcnow()
    body = envelope(event_id, event_type, now, plan_id, payload)
    for subscription, token in live_subscriptions(session, event_type, now):
        if receives_plan_events(token_principal(token), plan_id):
            session.add(WebhookDelivery(subscription_id=subscription.id, event_id=event_id, event_type=event_type,
                                        payload=body, next_attempt_at=now, created_at=now))
    return event_id
