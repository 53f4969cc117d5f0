"""The tamper-evident audit log: appending in the caller's transaction, verifying, checkpointing.

Each event's `hash` is an HMAC-SHA256, under the audit key (kept outside the database), of its
content and of the previous event's `hash`. Someone who can edit the database but lacks the key
cannot make a changed, inserted or re-chained event verify. What a chain cannot show by itself,
events cut off its end, is caught against signed checkpoints kept outside the database.

Events written before the chain was keyed carry a plain SHA-256. They are accepted only at the
start of the log, and only as many as every checkpoint recorded (`actionplan migrate` writes the
first checkpoint, which seals them).
"""

import hashlib
import hmac
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from actionplan.audit import checkpoints as checkpoint_file
from actionplan.audit.models import AuditEvent
from actionplan.auth.permissions import Principal
from actionplan.core.config import Settings, get_settings
from actionplan.core.errors import Unavailable
from actionplan.core.types import utcnow
from actionplan.users.models import User

GENESIS = "0" * 64

log = logging.getLogger("actionplan.audit")


@dataclass(frozen=True)
class _Keys:
    """Separate keys for events and checkpoints, so that a MAC of one can never pass for the other."""

    event: bytes
    checkpoint: bytes

    @classmethod
    def derive(cls, secret: str) -> "_Keys":
        def label(name: bytes) -> bytes:
            return hmac.new(secret.encode(), name, hashlib.sha256).digest()
        return cls(event=label(b"actionplan audit event"), checkpoint=label(b"actionplan audit checkpoint"))


def _keys(settings: Settings, create: bool) -> _Keys:
    secret = settings.audit_signing_key(create=create)
    if not secret:
        raise Unavailable(f"The audit key is missing (ACTIONPLAN_AUDIT_KEY, or the file "
                          f"{settings.data_dir / 'audit_key'}): the log cannot be checked without the key "
                          "that wrote it.", code="audit_key_missing")
    return _Keys.derive(secret)


def _canonical(event: AuditEvent) -> bytes:
    content = {
        "at": event.at.isoformat(), "actor_id": event.actor_id, "actor_label": event.actor_label,
        "operation": event.operation, "object_type": event.object_type, "object_id": event.object_id,
        "before": event.before, "after": event.after, "prev_hash": event.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_mac(event: AuditEvent, key: bytes) -> str:
    return hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()


def _legacy_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _actor(actor: "User | Principal | None", label: str | None) -> tuple[int | None, str]:
    if isinstance(actor, User):
        return actor.id, actor.email
    if isinstance(actor, Principal):
        return (None if actor.is_service else actor.id), actor.name
    return None, label or "system"


def record(session: Session, actor: "User | Principal | None", operation: str, object_type: str, object_id: Any,
           before: dict | None = None, after: dict | None = None, actor_label: str | None = None) -> AuditEvent:
    """Appends an event, keyed with this process's audit key (its settings, as every writer has them)."""
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
    event.hash = event_mac(event, _keys(get_settings(), create=True).event)
    session.add(event)
    return event


@dataclass
class ChainVerification:
    """What verify_chain found; `ok` unless `problem` says what is wrong (and `broken_event` where)."""

    events_checked: int = 0
    legacy_events: int = 0  # written before the chain was keyed: SHA-256 only
    checkpoints: list[dict] = field(default_factory=list)
    head: AuditEvent | None = None  # the newest event that verified
    broken_event: AuditEvent | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def newest_checkpoint(self) -> dict | None:
        return max(self.checkpoints, key=lambda c: c["events"], default=None)


def verify_chain(session: Session, settings: Settings, checkpoint_files: list[Path] | None = None,
                 batch: int = 5000) -> ChainVerification:
    """Walks the whole log in id order, checking every MAC and link, then the log against every checkpoint.

    `checkpoint_files` defaults to settings.audit_checkpoint_file (none yet is not an error: the result
    then says no checkpoint was checked); files named explicitly must exist.
    """
    keys = _keys(settings, create=False)
    result = ChainVerification()
    try:
        for path in checkpoint_files or [settings.audit_checkpoint_file]:
            if checkpoint_files or path.exists():
                result.checkpoints += checkpoint_file.read(path, keys.checkpoint)
    except checkpoint_file.ForgedCheckpoint as exc:
        result.problem = str(exc)
        return result
    awaited: dict[int, list[dict]] = {}
    for checkpoint in result.checkpoints:
        if checkpoint["event_id"] is not None:
            awaited.setdefault(checkpoint["event_id"], []).append(checkpoint)

    previous, keyed, last_id = GENESIS, False, 0
    while events := session.exec(select(AuditEvent).where(col(AuditEvent.id) > last_id)
                                 .order_by(col(AuditEvent.id)).limit(batch)).all():
        for event in events:
            problem = None
            if event.prev_hash != previous:
                problem = "its link to the previous event is broken (an event was removed, inserted or reordered)"
            elif hmac.compare_digest(event_mac(event, keys.event), event.hash):
                keyed = True
            elif not keyed and _legacy_hash(event) == event.hash:
                result.legacy_events += 1
            else:
                problem = "its content does not match its MAC (it was changed, or written without the audit key)"
            if problem is None and any(c["head"] != event.hash or c["events"] != result.events_checked + 1
                                       for c in awaited.pop(event.id, [])):
                problem = "it is not the event a checkpoint recorded here (the log was rewritten up to it)"
            if problem:
                result.broken_event, result.problem = event, problem
                return result
            previous, last_id, result.head = event.hash, event.id, event
            result.events_checked += 1

    if awaited:
        missing = max((c for group in awaited.values() for c in group), key=lambda c: c["events"])
        result.problem = (f"the log holds {result.events_checked} events, but the checkpoint of {missing['at']} "
                          f"recorded event {missing['event_id']} as number {missing['events']}, and it is gone "
                          "(events were removed from the end, or the log was emptied)")
    elif any(c["legacy_events"] != result.legacy_events for c in result.checkpoints):
        result.problem = (f"{result.legacy_events} events carry only the old unkeyed hash, but the checkpoints "
                          "recorded a different number (events were added or re-hashed without the audit key)")
    return result


def write_checkpoint(session: Session, settings: Settings, force: bool = False) -> tuple[ChainVerification, dict | None]:
    """Verifies the log, then appends a signed checkpoint of its head (unless unchanged, or the log is broken).

    Derived from the database alone, so any number of processes may call it: a duplicate line is harmless.
    """
    keys = _keys(settings, create=True)
    result = verify_chain(session, settings)
    if not result.ok:
        where = f" at event {result.broken_event.id}" if result.broken_event else ""
        log.error(f"the audit log failed verification{where}, so no checkpoint was written: {result.problem}")
        return result, None
    newest = result.newest_checkpoint
    if newest and newest["events"] == result.events_checked and not force:
        return result, None
    checkpoint = checkpoint_file.signed({
        "event_id": result.head.id if result.head else None, "events": result.events_checked,
        "legacy_events": result.legacy_events, "head": result.head.hash if result.head else GENESIS,
        "at": utcnow().isoformat(timespec="seconds"),
    }, keys.checkpoint)
    checkpoint_file.append(settings.audit_checkpoint_file, checkpoint)
    log.info("audit checkpoint", extra={"audit_checkpoint": checkpoint})
    return result, checkpoint


def run_checkpoints(engine: Engine, settings: Settings, stop: threading.Event) -> None:
    """`actionplan serve`'s checkpoint loop: one at start, then one each interval if the log grew."""
    while True:
        try:
            with Session(engine) as session:
                write_checkpoint(session, settings)
        except Exception:
            log.exception("audit checkpoint failed; trying again at the next interval")
        if stop.wait(settings.audit_checkpoint_seconds):
            return

