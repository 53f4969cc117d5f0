"""Sending webhook deliveries: signed, retried with backoff, with no state outside the database.

Every delivery is a row (the outbox). Each round of the worker (jobs/runner.py) claims the
deliveries that are due and sends each; the sweep for actions that have just become overdue is
one of its periodic jobs (jobs/housekeeping.py):

- Claiming takes a short lease: the row's next_attempt_at moves LEASE into the future in a
  conditional UPDATE, committed before anything is sent. On PostgreSQL the candidates are
  selected FOR UPDATE SKIP LOCKED, so two workers never even see the same row; on either
  database the conditional UPDATE lets only one claim succeed. A worker that dies mid-send
  leaves its lease to expire, and the delivery is tried again (at least once, never twice at once).
- Sending: POST the stored envelope as JSON, signed (see sign()), to an address the target
  policy allows (targets.py); no redirects followed. Any 2xx is delivered. Anything else is
  retried after BACKOFF[attempt], then given up as failed; the row keeps the status and one of
  ERROR_CLASSES, never what the receiver said.
- Deliveries whose subscription was deleted, or whose token was revoked or has expired, are
  cancelled unsent.

Every function takes `now`, so tests drive time instead of sleeping.
"""

import datetime as dt
import hashlib
import hmac
import json
import logging
import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from actionplan.actions.models import Action, ActionStatus
from actionplan.actions.service import get_action
from actionplan.auth.models import ServiceToken
from actionplan.auth.permissions import receives_plan_events
from actionplan.core.clock import COUNCIL_TZ
from actionplan.core.types import utcnow
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from actionplan.webhooks import targets
from actionplan.webhooks.outbox import envelope, live_subscriptions, token_is_live, token_principal
from actionplan.webhooks.targets import RefusedTarget, TargetPolicy

log = logging.getLogger("actionplan.webhooks")

BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2),
           dt.timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = dt.timedelta(minutes=5)
BATCH = 20
SIGNATURE_HEADER = "X-Actionplan-Signature"
TIMESTAMP_HEADER = "X-Actionplan-Timestamp"
# What a failed attempt records (besides the status, when the receiver answered).
ERROR_CLASSES = ("timeout", "unreachable", "tls_error", "http_error", "refused_target")
STRICT = TargetPolicy()  # public https receivers only: what a caller that passes no policy gets


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex, as sent in X-Actionplan-Signature (after "v1=")."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def post(url: str, body: bytes, headers: dict[str, str], timeout: float,
         policy: TargetPolicy) -> tuple[int | None, str | None]:
    """(status, error class): status None when nothing answered. The error is one of ERROR_CLASSES,
    never the receiver's words: what a failure says must not help map a network."""
    try:
        addresses = targets.resolve(policy, url)
        status = _send(url, addresses, body, headers, timeout)
    except RefusedTarget:
        return None, "refused_target"
    except TimeoutError:
        return None, "timeout"
    except (ssl.SSLError, ssl.CertificateError):
        return None, "tls_error"
    except (OSError, http.client.HTTPException, ValueError):
        # Refused, reset, closed mid-answer, not HTTP, no such name: alike, so they tell nothing apart.
        return None, "unreachable"
    return status, None if 200 <= status < 300 else "http_error"


def _send(url: str, addresses: list, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POSTs to one of the addresses already checked (never looking the name up again), with the
    URL's host in Host and, for https, in the certificate check. Redirects are answers, not
    followed; the answer's body is never read."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=timeout)
    connection._create_connection = lambda _address, *_args: _connect_any(addresses, connection.port, timeout)
    try:
        connection.request("POST", urlunsplit(("", "", parts.path or "/", parts.query, "")), body=body,
                           headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def _connect_any(addresses: list, port: int, timeout: float) -> socket.socket:
    error: OSError = OSError("no address")
    for address in addresses:
        try:
            return socket.create_connection((str(address), port), timeout)
        except TimeoutError:
            raise
        except OSError as exc:
            error = exc
    raise error


def claim_due(session: Session, now: dt.datetime, limit: int = BATCH) -> list[int]:
    """Leases up to `limit` due deliveries to this worker; returns their ids."""
    try:
        candidates = session.exec(
            select(WebhookDelivery.id)
            .where(col(WebhookDelivery.state) == "pending", WebhookDelivery.next_attempt_at <= now)
            .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id)).limit(limit)
            .with_for_update(skip_locked=True)).all()  # SQLite has no row locks: the UPDATE below decides
        claimed = []
        for delivery_id in candidates:
            result = session.execute(
                update(WebhookDelivery)
                .where(col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.state) == "pending",
                       col(WebhookDelivery.next_attempt_at) <= now)
                .values(next_attempt_at=now + LEASE))
            if result.rowcount == 1:
                claimed.append(delivery_id)
        session.commit()
        return claimed
    except OperationalError:
        # SQLite: another worker is writing (or our snapshot went stale under it); next round.
        session.rollback()
        log.warning("could not claim webhook deliveries this round; another worker holds them")
        return []


@dataclass
class _Outgoing:
    url: str
    secret: str
    body: bytes
    headers: dict[str, str]


def _prepare(session: Session, delivery: WebhookDelivery, now: dt.datetime) -> _Outgoing | str:
    """What to send, or why not to send it at all."""
    subscription = session.get(WebhookSubscription, delivery.subscription_id)
    token = session.get(ServiceToken, subscription.service_token_id)
    if subscription.deleted_at is not None:
        return "The webhook was deleted."
    if token.revoked_at is not None:
        return "The service token was revoked."
    if not token_is_live(token, now):
        return "The service token has expired."
    if not receives_plan_events(token_principal(token), delivery.payload.get("plan_id", 0)):
        return "The service token may not read this plan."
    body = body_of(delivery.payload)
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "actionplan-webhooks/1",
        "X-Actionplan-Event": delivery.event_type,
        "X-Actionplan-Event-Id": delivery.event_id,
        "X-Actionplan-Delivery": str(delivery.id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: f"v1={sign(subscription.secret, timestamp, body)}",
    }
    return _Outgoing(url=subscription.url, secret=subscription.secret, body=body, headers=headers)


def attempt(session: Session, delivery_id: int, now: dt.datetime, timeout: float = 10.0,
            policy: TargetPolicy = STRICT) -> str:
    """Sends one claimed delivery and records the outcome; returns its new state."""
    delivery = session.get(WebhookDelivery, delivery_id)
    outgoing = _prepare(session, delivery, now)
    session.rollback()  # no transaction stays open while we wait on someone else's server
    if isinstance(outgoing, str):
        status, error, state = None, outgoing, "cancelled"
    else:
        status, error = post(outgoing.url, outgoing.body, outgoing.headers, timeout, policy)
        if error is None:
            state = "delivered"
        else:
            state = "failed" if delivery.attempts + 1 >= MAX_ATTEMPTS else "pending"
    delivery = session.get(WebhookDelivery, delivery_id)
    if state != "cancelled":
        delivery.attempts += 1
        delivery.last_status = status
    delivery.state, delivery.last_error = state, error
    if state == "delivered":
        delivery.delivered_at = now
    elif state == "pending":
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    session.add(delivery)
    session.commit()
    log.info("webhook delivery %s %s", delivery_id, state,
             extra={"delivery_id": delivery_id, "event_type": delivery.event_type, "status": status})
    return state


def deliver_due(session: Session, now: dt.datetime | None = None, timeout: float = 10.0,
                limit: int = BATCH, policy: TargetPolicy = STRICT) -> int:
    """Claims and sends the deliveries that are due; returns how many were attempted."""
    now = now or utcnow()
    claimed = claim_due(session, now, limit)
    for delivery_id in claimed:
        attempt(session, delivery_id, now, timeout, policy)
    return len(claimed)


def overdue_event_id(action: Action) -> str:
    return f"action.overdue:{action.id}:{action.due_on.isoformat()}"


def sweep_overdue(session: Session, now: dt.datetime | None = None) -> int:
    """Emits action.overdue once per action per due date, to each subscriber that existed when
    the action passed its due date (London time) without being Blue. What was emitted is
    remembered in the delivery rows themselves: the event id names the action and the date.
    The caller commits (the job runner, once per slot)."""
    now = now or utcnow()
    today = now.astimezone(COUNCIL_TZ).date()
    subscriptions = live_subscriptions(session, "action.overdue", now)
    if not subscriptions:
        return 0
    queued = 0
    for subscription, token in subscriptions:
        principal = token_principal(token)
        # An action became overdue the day after its due date: those that did so before the
        # subscription existed are not news to it (it can list them with ?overdue=true).
        first_due = subscription.created_at.astimezone(COUNCIL_TZ).date() - dt.timedelta(days=1)
        actions = session.exec(select(Action).where(
            col(Action.due_on) < today, col(Action.due_on) >= first_due, Action.status != ActionStatus.blue,
            col(Action.retired_in_version).is_(None))
            .order_by(col(Action.due_on), col(Action.id))).all()
        actions = [a for a in actions if receives_plan_events(principal, a.plan_id)]
        if not actions:
            continue
        sent = set(session.exec(select(WebhookDelivery.event_id).where(
            WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.event_type == "action.overdue",
            col(WebhookDelivery.event_id).in_([overdue_event_id(a) for a in actions]))).all())
        for action in actions:
            event_id = overdue_event_id(action)
            if event_id in sent:
                continue
            data = {"action": get_action(session, action).model_dump(mode="json")}
            session.add(WebhookDelivery(subscription_id=subscription.id, event_id=event_id, event_type="action.overdue",
                                        payload=envelope(event_id, "action.overdue", now, action.plan_id, data),
                                        next_attempt_at=now, created_at=now))
            queued += 1
    return queued


SWEEP_EVERY = dt.timedelta(minutes=5)  # a periodic job (jobs/housekeeping.py)
