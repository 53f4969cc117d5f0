"""Signed checkpoints of the audit log's head, kept outside the database.

One JSON object a line: the newest event's id and MAC, how many events the log then held (and how
many of them predate the key), when, and an HMAC of all that under the audit key. The file is
append-only by convention and meant to be copied elsewhere (log shipping, a share the database
owner cannot write): a copy is as good as the original, and several may be checked together.
"""

import hashlib
import hmac
import json
import os
from pathlib import Path

FIELDS = ("event_id", "events", "legacy_events", "head", "at")


class ForgedCheckpoint(ValueError):
    """A line that the audit key did not sign: forged, edited or damaged."""


def _signature(checkpoint: dict, key: bytes) -> str:
    canonical = json.dumps({name: checkpoint[name] for name in FIELDS}, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def signed(checkpoint: dict, key: bytes) -> dict:
    return {**{name: checkpoint[name] for name in FIELDS}, "signature": _signature(checkpoint, key)}


def append(path: Path, checkpoint: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(checkpoint, sort_keys=True) + "\n").encode()
    # One write on an O_APPEND descriptor: lines from two processes never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path, key: bytes) -> list[dict]:
    checkpoints = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                checkpoint = json.loads(line)
                genuine = hmac.compare_digest(_signature(checkpoint, key), checkpoint["signature"])
            except (ValueError, KeyError, TypeError):
                genuine = False
            if not genuine:
                raise ForgedCheckpoint(f"line {number} of the checkpoint file {path} is not signed with the "
                                       "audit key: it was forged, edited or damaged")
            checkpoints.append(checkpoint)
    return checkpoints
