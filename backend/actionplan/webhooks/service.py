"""A service account's webhook subscriptions, its delivery log, and replays from it."""

import datetime as dt
import secrets

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from actionplan.audit import service as audit
from actionplan.auth.deps import authorize
from actionplan.auth.permissions import Perm, Principal, SubscriptionRef
from actionplan.core.errors import Conflict, Invalid, NotFound, body_field
from actionplan.core.types import utcnow
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from actionplan.webhooks.schemas import REPLAY_BATCH, DeliveryPublic, ReplayResult, WebhookCreate, WebhookPublic
from actionplan.webhooks.targets import TargetPolicy, url_problem

# Enough for any integration; a bound so a runaway client cannot fan every event out without end.
MAX_SUBSCRIPTIONS_PER_TOKEN = 25
_EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


def subscription_for(session: Session, principal: Principal, webhook_id: int) -> WebhookSubscription:
    """The caller's own live subscription; anyone else's, or a deleted one, is answered 404."""
    authorize(principal, Perm.webhook_manage)
    subscription = session.get(WebhookSubscription, webhook_id)
    missing = f"There is no webhook {webhook_id}."
    if subscription is None or subscription.deleted_at is not None:
        raise NotFound(missing)
    authorize(principal, Perm.webhook_manage, SubscriptionRef(subscription.service_token_id), not_found=missing)
    return subscription


def list_subscriptions(session: Session, principal: Principal) -> list[WebhookSubscription]:
    authorize(principal, Perm.webhook_manage)
    return list(session.exec(select(WebhookSubscription).where(
        WebhookSubscription.service_token_id == principal.service_token_id, col(WebhookSubscription.deleted_at).is_(None))
        .order_by(col(WebhookSubscription.id))).all())


def create_subscription(session: Session, principal: Principal, body: WebhookCreate,
                        policy: TargetPolicy) -> tuple[WebhookSubscription, str]:
    """Returns the subscription and its signing secret (given, or generated), shown once."""
    authorize(principal, Perm.webhook_manage)
    refused = url_problem(policy, body.url)
    if refused is not None:
        raise Invalid(refused, code="webhook_target_refused", errors=[body_field("url", refused)])
    live = session.exec(select(func.count()).select_from(WebhookSubscription).where(
        WebhookSubscription.service_token_id == principal.service_token_id, col(WebhookSubscription.deleted_at).is_(None))).one()
    if live >= MAX_SUBSCRIPTIONS_PER_TOKEN:
        raise Conflict(f"This token already has {live} webhooks, the most it may have; delete one first.",
                       code="too_many_webhooks")
    secret = body.secret or f"whsec_{secrets.token_urlsafe(32)}"
    subscription = WebhookSubscription(service_token_id=principal.service_token_id, url=body.url, secret=secret,
                                       event_types=list(body.event_types))
    session.add(subscription)
    session.flush()
    audit.record(session, principal, "webhook.create", "webhook", subscription.id,
                 after={"url": subscription.url, "event_types": subscription.event_types})
    session.commit()
    session.refresh(subscription)
    return subscription, secret


def delete_subscription(session: Session, principal: Principal, subscription: WebhookSubscription) -> None:
    """Stops deliveries at once: what was still waiting is cancelled. The log is kept."""
    now = utcnow()
    subscription.deleted_at = now
    session.add(subscription)
    session.execute(update(WebhookDelivery)
                    .where(col(WebhookDelivery.subscription_id) == subscription.id, col(WebhookDelivery.state) == "pending")
                    .values(state="cancelled", last_error="The webhook was deleted."))
    audit.record(session, principal, "webhook.delete", "webhook", subscription.id,
                 before={"url": subscription.url, "event_types": subscription.event_types})
    session.commit()


def to_public(subscription: WebhookSubscription) -> WebhookPublic:
    return WebhookPublic(id=subscription.id, url=subscription.url, event_types=subscription.event_types,
                         created_at=subscription.created_at)


def delivery_public(delivery: WebhookDelivery) -> DeliveryPublic:
    return DeliveryPublic(
        id=delivery.id, webhook_id=delivery.subscription_id, event_id=delivery.event_id,
        event_type=delivery.event_type, state=delivery.state, attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at if delivery.state == "pending" else None,
        last_status=delivery.last_status, last_error=delivery.last_error, created_at=delivery.created_at,
        delivered_at=delivery.delivered_at, payload=delivery.payload)


def list_deliveries(session: Session, subscription: WebhookSubscription, state: str | None, limit: int,
                    offset: int) -> tuple[list[DeliveryPublic], int]:
    """Newest first."""
    where = [WebhookDelivery.subscription_id == subscription.id]
    if state is not None:
        where.append(col(WebhookDelivery.state) == state)
    total = session.exec(select(func.count()).select_from(WebhookDelivery).where(*where)).one()
    rows = session.exec(select(WebhookDelivery).where(*where).order_by(col(WebhookDelivery.id).desc())
                        .limit(limit).offset(offset)).all()
    return [delivery_public(d) for d in rows], total


def delivery_for(session: Session, subscription: WebhookSubscription, delivery_id: int) -> WebhookDelivery:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.subscription_id != subscription.id:
        raise NotFound(f"Webhook {subscription.id} has no delivery {delivery_id}.")
    return delivery


def _again(delivery: WebhookDelivery, now: dt.datetime) -> WebhookDelivery:
    # A new row, so the log keeps every attempt; the same event id and body, so receivers deduplicate.
    return WebhookDelivery(subscription_id=delivery.subscription_id, event_id=delivery.event_id,
                           event_type=delivery.event_type, payload=delivery.payload, next_attempt_at=now,
                           created_at=now)


def replay_delivery(session: Session, subscription: WebhookSubscription, delivery_id: int) -> DeliveryPublic:
    again = _again(delivery_for(session, subscription, delivery_id), utcnow())
    session.add(again)
    session.commit()
    session.refresh(again)
    return delivery_public(again)


def _clamped(moment: dt.datetime) -> dt.datetime:
    try:
        return min(max(moment.astimezone(dt.UTC), _EARLIEST), _LATEST)
    except OverflowError:  # year 1 at +01:00 is before the calendar starts
        return _EARLIEST if moment.year < 2000 else _LATEST


def replay_events(session: Session, subscription: WebhookSubscription, after_event_id: str | None,
                  since: dt.datetime | None) -> ReplayResult:
    """Queues every event this webhook was sent (each once, as first sent) after `after_event_id`
    and at or after `since`, oldest first, REPLAY_BATCH at a time."""
    firsts = (select(func.min(WebhookDelivery.id))
              .where(WebhookDelivery.subscription_id == subscription.id).group_by(col(WebhookDelivery.event_id)))
    where = [col(WebhookDelivery.id).in_(firsts)]
    if after_event_id is not None:
        anchor = session.exec(select(func.min(WebhookDelivery.id)).where(
            WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.event_id == after_event_id)).one()
        if anchor is None:
            raise NotFound(f"Webhook {subscription.id} was never sent event {after_event_id}.", code="unknown_event")
        where.append(col(WebhookDelivery.id) > anchor)
    if since is not None:
        where.append(col(WebhookDelivery.created_at) >= _clamped(since))
    originals = session.exec(select(WebhookDelivery).where(*where).order_by(col(WebhookDelivery.id))
                             .limit(REPLAY_BATCH + 1)).all()
    now = utcnow()
    queued = [_again(d, now) for d in originals[:REPLAY_BATCH]]
    session.add_all(queued)
    session.commit()
    for delivery in queued:
        session.refresh(delivery)
    return ReplayResult(queued=len(queued), more=len(originals) > REPLAY_BATCH,
                        deliveries=[delivery_public(d) for d in queued])
