"""Emitting events for webhook subscribers, in the same transaction as the change (an outbox):
an event exists exactly when the change it describes was committed."""

import uuid

from sqlmodel import Session, col, select

from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription

EVENT_TYPES = ("status.approved", "evidence.accepted", "action.overdue")


def emit(session: Session, event_type: str, payload: dict) -> None:
    """Queues one delivery per live subscription to `event_type`. The caller commits."""
    assert event_type in EVENT_TYPES, event_type
    event_id = str(uuid.uuid4())
    subscriptions = session.exec(select(WebhookSubscription).where(col(WebhookSubscription.deleted_at).is_(None)))
    for subscription in subscriptions:
        if event_type in subscription.event_types:
            session.add(WebhookDelivery(subscription_id=subscription.id, event_id=event_id, event_type=event_type,
                                        payload={"id": event_id, "type": event_type, "data": payload}))
