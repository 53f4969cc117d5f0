"""Appending to the tamper-evident audit log, in the caller's transaction."""

import hashlib
import json
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from actionplan.audit.models import AuditEvent
from actionplan.auth.permissions import Principal
from actionplan.core.types import utcnow
from actionplan.users.models import User

GENESIS = "0" * 64


def event_hash(event: AuditEvent) -> str:
    content = {
        "at": event.at.isoformat(), "actor_id": event.actor_id, "actor_label": event.actor_label,
        "operation": event.operation, "object_type": event.object_type, "object_id": event.object_id,
        "before": event.before, "after": event.after, "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _actor(actor: "User | Principal | None", label: str | None) -> tuple[int | None, str]:
    if isinstance(actor, User):
        return actor.id, actor.email
    if isinstance(actor, Principal):
        return (None if actor.is_service else actor.id), actor.name
    return None, label or "system"


def record(session: Session, actor: "User | Principal | None", operation: str, object_type: str, object_id: Any,
           before: dict | None = None, after: dict | None = None, actor_label: str | None = None) -> AuditEvent:
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers on the chain's tail for the rest of this transaction.
        session.exec(text("SELECT pg_advisory_xact_lock(4242)"))
    last = session.exec(select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)).first()
    actor_id, label = _actor(actor, actor_label)
    event = AuditEvent(
        at=utcnow().replace(microsecond=0), actor_id=actor_id, actor_label=label,
        operation=operation, object_type=object_type, object_id=str(object_id),
        before=before, after=after, prev_hash=last or GENESIS, hash="",
    )
    event.hash = event_hash(event)
    session.add(event)
    return event


def verify_chain(session: Session, batch: int = 5000) -> tuple[int, AuditEvent | None, str | None]:
    """Walks the whole log in id order. Returns (events checked, first broken event, what is wrong)."""
    previous, checked, last_id = GENESIS, 0, 0
    while True:
        events = session.exec(select(AuditEvent).where(col(AuditEvent.id) > last_id)
                              .order_by(col(AuditEvent.id)).limit(batch)).all()
        if not events:
            return checked, None, None
        for event in events:
            if event.prev_hash != previous:
                return checked, event, "its link to the previous event is broken (an event was removed or reordered)"
            if event_hash(event) != event.hash:
                return checked, event, "its content does not match its hash (it was changed)"
            previous, checked, last_id = event.hash, checked + 1, event.id
