"""The audit log against its database's owner: someone who can switch the append-only triggers off and
edit, delete or empty the table, but holds neither the audit key nor the checkpoint copies.

Each test has its own database (an SQLite file, or a PostgreSQL schema when the suite runs on it) and
data directory, and runs the `actionplan` command in this process, as an administrator would run it.
"""

import hashlib
import json
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from actionplan.audit.models import AuditEvent
from actionplan.audit.service import GENESIS, _canonical, event_mac, record
from actionplan.cli import main
from actionplan.core.config import get_settings
from actionplan.core.db import make_engine
from actionplan.core.types import utcnow
from tests.backend.conftest import DEMO_EMAILS, DEMO_PASSWORD
from tests.backend.live import COMMAND, fresh_database, live_server


@dataclass
class Log:
    engine: Engine
    data: Path
    capsys: pytest.CaptureFixture

    def run(self, *args: str) -> tuple[int, str, str]:
        """`actionplan ARGS` → (exit code, standard output, standard error)."""
        self.capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = self.capsys.readouterr()
        return code, out, err

    def write(self, count: int) -> None:
        with Session(self.engine) as session:
            for n in range(count):
                record(session, None, "test.change", "thing", n, after={"n": n}, actor_label="cli")
                session.commit()

    def ids(self) -> list[int]:
        with Session(self.engine) as session:
            return list(session.exec(select(AuditEvent.id).order_by(col(AuditEvent.id))))

    def sql(self, *statements: str, **params) -> None:
        with self.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement), params)

    def drop_guards(self) -> None:
        """What the database's owner does first."""
        if self.engine.dialect.name == "postgresql":
            self.sql("ALTER TABLE auditevent DISABLE TRIGGER ALL")
        else:
            self.sql("DROP TRIGGER auditevent_no_update", "DROP TRIGGER auditevent_no_delete")

    def rechain(self, from_id: int, seal, upto: int | None = None) -> None:
        """Re-links every event from `from_id` on and re-seals them (up to `upto`), as an attacker with the
        source code would."""
        with Session(self.engine) as session:
            events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
            previous = GENESIS
            for event in events:
                if event.id >= from_id:
                    event.prev_hash = previous
                    if upto is None or event.id <= upto:
                        event.hash = seal(event)
                    session.add(event)
                previous = event.hash
            session.commit()


def plain_sha256(event: AuditEvent) -> str:
    """How the log was sealed before it was keyed: anyone could recompute it."""
    return hashlib.sha256(_canonical(event)).hexdigest()


@pytest.fixture
def log(tmp_path, monkeypatch, capsys) -> Iterator[Log]:
    with fresh_database(tmp_path) as url:
        monkeypatch.setenv("ACTIONPLAN_DATABASE_URL", url)
        monkeypatch.setenv("ACTIONPLAN_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.delenv("ACTIONPLAN_AUDIT_KEY")  # the key in its file in the data directory, as by default
        get_settings.cache_clear()
        engine = make_engine(url)
        try:
            yield Log(engine, tmp_path / "data", capsys)
        finally:
            engine.dispose()
            get_settings.cache_clear()


def test_an_intact_log_verifies_and_its_key_is_kept_apart(log):
    code, out, _ = log.run("migrate")
    assert code == 0 and "Audit checkpoint written" in out
    log.write(5)
    code, out, _ = log.run("audit-checkpoint")
    assert code == 0 and json.loads(out.splitlines()[-1])["events"] == 5
    code, out, err = log.run("audit-verify")
    assert code == 0, err
    assert "intact: 5 events checked" in out and "matches all 2 checkpoints" in out
    key = log.data / "audit_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not (log.data / "secret_key").exists()  # its own key, not the token-signing one
    with Session(log.engine) as session:
        first = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).first()
    assert first.hash != plain_sha256(first)


def test_the_log_cannot_be_truncated(log):
    log.run("migrate")
    log.write(2)
    if log.engine.dialect.name == "postgresql":
        for statement in ("TRUNCATE auditevent", "TRUNCATE app_user CASCADE"):
            with pytest.raises(DBAPIError, match="append-only"):
                log.sql(statement)
    else:  # SQLite has no TRUNCATE; its emptying DELETE is refused
        with pytest.raises(DBAPIError, match="append-only"):
            log.sql("DELETE FROM auditevent")
    assert len(log.ids()) == 2


@pytest.mark.parametrize("seal", ["plain SHA-256", "a guessed key"])
def test_an_edit_rechained_without_the_key_is_named(log, seal):
    log.run("migrate")
    log.write(6)
    third = log.ids()[2]
    log.drop_guards()
    log.sql("UPDATE auditevent SET after = '{\"n\": 99}' WHERE id = :id", id=third)
    resealer = plain_sha256 if seal == "plain SHA-256" else (lambda e: event_mac(e, b"a guessed key" * 3))
    log.rechain(third, resealer)
    code, _, err = log.run("audit-verify")
    assert code == 1
    assert f"BROKEN at event {third} (test.change on thing 2" in err and "does not match its MAC" in err
    assert "2 events before it are intact" in err


def test_events_cut_off_the_end_are_found_against_a_checkpoint(log):
    log.run("migrate")
    log.write(5)
    log.run("audit-checkpoint")
    ids = log.ids()
    log.drop_guards()
    log.sql("DELETE FROM auditevent WHERE id >= :id", id=ids[3])
    code, _, err = log.run("audit-verify")
    assert code == 1
    assert ("BROKEN: the log holds 3 events, but the checkpoint of" in err
            and f"recorded event {ids[4]} as number 5, and it is gone" in err)


def test_an_emptied_log_is_found(log):
    log.run("migrate")
    log.write(3)
    log.run("audit-checkpoint")
    log.drop_guards()
    log.sql("TRUNCATE auditevent" if log.engine.dialect.name == "postgresql" else "DELETE FROM auditevent")
    assert log.ids() == []
    code, _, err = log.run("audit-verify")
    assert code == 1 and "the log holds 0 events" in err and "the log was emptied" in err


def test_a_forged_checkpoint_is_refused_and_copies_are_checked(log, tmp_path):
    log.run("migrate")
    log.write(3)
    log.run("audit-checkpoint")
    server_file = log.data / "audit-checkpoints.jsonl"
    shipped = tmp_path / "shipped-copy.jsonl"
    shipped.write_text(server_file.read_text())
    assert log.run("audit-verify", "--checkpoints", str(shipped))[0] == 0
    # The owner lowers the recorded count to match a log they then cut: the signature gives it away.
    lines = server_file.read_text().splitlines()
    forged = json.loads(lines[-1]) | {"events": 2, "event_id": log.ids()[1]}
    server_file.write_text("\n".join([*lines[:-1], json.dumps(forged)]) + "\n")
    code, _, err = log.run("audit-verify")
    assert code == 1 and f"line {len(lines)} of the checkpoint file" in err and "not signed with the audit key" in err
    # The copy elsewhere still shows the cut.
    log.drop_guards()
    log.sql("DELETE FROM auditevent WHERE id = :id", id=log.ids()[-1])
    code, _, err = log.run("audit-verify", "--checkpoints", str(shipped))
    assert code == 1 and "the log holds 2 events" in err


def test_without_a_checkpoint_the_command_says_the_end_is_unchecked(log):
    log.run("migrate")
    log.write(2)
    (log.data / "audit-checkpoints.jsonl").unlink()
    code, out, err = log.run("audit-verify")
    assert code == 3 and "intact: 2 events" in out and "No checkpoint to check it against" in err
    log.data.joinpath("audit_key").unlink()
    code, _, err = log.run("audit-verify")
    assert code == 2 and "The audit key is missing" in err


def test_events_from_before_the_key_are_sealed(log):
    log.run("migrate")
    with Session(log.engine) as session:  # rows as the version before the key wrote them
        previous = GENESIS
        for n in range(3):
            event = AuditEvent(at=utcnow().replace(microsecond=0), actor_label="cli", operation="old.change",
                               object_type="thing", object_id=str(n), prev_hash=previous, hash="")
            event.hash = previous = plain_sha256(event)
            session.add(event)
            session.commit()
    (log.data / "audit-checkpoints.jsonl").unlink()
    code, out, _ = log.run("migrate")  # the upgrade: its checkpoint seals the three
    assert code == 0 and "Audit checkpoint written" in out
    log.write(2)
    code, out, err = log.run("audit-verify")
    assert code == 0, err
    assert "intact: 5 events" in out and "The first 3 were written before the log was keyed" in out

    # Re-hashing an old event and those after it, short of the keyed ones: the checkpoint no longer matches,
    # and without the checkpoint the first keyed event, which covers the old head, does not.
    ids = log.ids()
    log.drop_guards()
    log.sql("UPDATE auditevent SET object_id = 'x' WHERE id = :id", id=ids[1])
    log.rechain(ids[1], plain_sha256, upto=ids[2])
    code, _, err = log.run("audit-verify")
    assert code == 1 and f"BROKEN at event {ids[2]}" in err and "not the event a checkpoint recorded" in err
    (log.data / "audit-checkpoints.jsonl").unlink()
    code, _, err = log.run("audit-verify")
    assert code == 1 and f"BROKEN at event {ids[3]}" in err and "does not match its MAC" in err


def test_the_server_checkpoints_on_start_and_as_the_log_grows(tmp_path):
    with live_server(tmp_path, extra_env={"ACTIONPLAN_AUDIT_CHECKPOINT_SECONDS": "0.2"}) as live:
        checkpoints = tmp_path / "audit-checkpoints.jsonl"

        def newest() -> dict:
            lines = checkpoints.read_text().splitlines() if checkpoints.exists() else []
            return json.loads(lines[-1]) if lines else {"events": 0}

        demo_events = _wait_for(lambda: newest()["events"] or None)
        token = httpx.post(f"{live.api}/auth/token", data={"username": DEMO_EMAILS["director"],
                                                           "password": DEMO_PASSWORD}, timeout=60).json()["access_token"]
        httpx.post(f"{live.api}/service-tokens", json={"name": "warehouse"},
                   headers={"Authorization": f"Bearer {token}"}, timeout=60).raise_for_status()
        _wait_for(lambda: newest()["events"] == demo_events + 1)
        assert '"message": "audit checkpoint"' in live.log.read_text()
        verified = subprocess.run([COMMAND, "audit-verify"], env=live.env, capture_output=True, text=True,
                                  timeout=120)
        assert verified.returncode == 0, verified.stderr


def _wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError("the condition did not hold in time")
