"""An erasure racing an identical upload must not take the shared content file from the new item.

Identical content uploaded as two items shares one stored file. The erase of the first item decides
whether any other row names the content; an identical upload whose row is written but not yet committed
must either be seen by that decision or find the file gone and put its own copy back. The services run
here on a database of their own (real sessions, real commits, a real store on disk), the upload held
open at its most dangerous moment: its file found in place, its row not yet committed.
"""

import datetime as dt
import threading
import time

from sqlalchemy import text
from sqlmodel import Session, col, select

from actionplan.actions.models import Action
from actionplan.auth.deps import principal_for
from actionplan.core.db import make_engine
from actionplan.core.migrate import migrate
from actionplan.demo import load_demo
from actionplan.evidence import service
from actionplan.evidence.schemas import EvidenceUploadFields
from actionplan.storage.files import LocalEvidenceStore
from tests.backend.builders import user
from tests.backend.conftest import DEMO_EMAILS, DEMO_PASSWORD
from tests.backend.live import fresh_database

CONTENT = b"Minutes of the practice week, shared by two actions.\n" * 40


class HeldAfterFileCommit:
    """An upload that, once its file is in place (or found already there), waits before the caller
    goes on to commit the row."""

    def __init__(self, inner, reached: threading.Event, go: threading.Event):
        self._inner, self.reached, self.go = inner, reached, go

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def commit(self) -> str:
        sha256 = self._inner.commit()
        self.reached.set()
        assert self.go.wait(60)
        return sha256


def _upload(engine, store, principal, action_id: int, wrap=lambda u: u):
    with Session(engine) as session, store.open_upload(max_bytes=10**6) as upload:
        upload.write(CONTENT)
        fields = EvidenceUploadFields(title="Practice week minutes", effective_on=dt.date(2019, 1, 31),
                                      contains_personal_data=False)
        return service.upload_file(session, principal, action_id, fields, wrap(upload), "minutes.txt")


def _erase(engine, store, principal, evidence_id: int, backend: dict | None = None):
    with Session(engine) as session:
        if backend is not None:  # PostgreSQL: which server process runs this erase, to see it wait
            backend["pid"] = session.execute(text("SELECT pg_backend_pid()")).scalar()
        return service.erase(session, principal, store, evidence_id, "held a child's name")


def _waiting_on_a_lock(engine, backend: dict) -> bool:
    with engine.connect() as conn:
        return "pid" in backend and bool(conn.execute(
            text("SELECT count(*) FROM pg_locks WHERE pid = :pid AND NOT granted"), {"pid": backend["pid"]}).scalar())


def _wait(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_an_erase_racing_an_identical_upload_leaves_the_new_item_its_file(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            store = LocalEvidenceStore(tmp_path / "evidence")
            with Session(engine) as session:
                load_demo(session, DEMO_PASSWORD)
                owner = principal_for(session, user(session, DEMO_EMAILS["action_owner"]))
                director = principal_for(session, user(session, DEMO_EMAILS["director"]))
                first_action, second_action = session.exec(
                    select(Action.id).where(Action.owner_id == owner.id).order_by(col(Action.id)).limit(2)).all()

            first = _upload(engine, store, owner, first_action)
            reached, go, done = threading.Event(), threading.Event(), {}
            uploader = threading.Thread(target=lambda: done.update(second=_upload(
                engine, store, owner, second_action, wrap=lambda u: HeldAfterFileCommit(u, reached, go))))
            uploader.start()
            assert reached.wait(60)
            postgresql, backend = engine.dialect.name == "postgresql", {}
            # One connection for the eraser, so that the server process we watch is the one that erases.
            one = make_engine(url, pool_size=1, max_overflow=0) if postgresql else engine
            eraser = threading.Thread(target=lambda: done.update(
                erased=_erase(one, store, director, first.id, backend if postgresql else None)))
            eraser.start()
            if postgresql:
                _wait(lambda: not eraser.is_alive() or _waiting_on_a_lock(engine, backend))
            # On SQLite the upload holds the write lock, so the erase cannot even begin until it commits.
            go.set()
            uploader.join(60)
            eraser.join(60)
            one.dispose()

            second = done["second"]
            assert done["erased"].state == "erased"
            assert second.sha256 == first.sha256 and store.exists(second.sha256)
            with store.open(second.sha256) as f:
                assert f.read() == CONTENT

            # Erased in turn, nothing names the content: it goes. Uploaded again, it comes back.
            _erase(engine, store, director, second.id)
            assert not store.exists(first.sha256)
            again = _upload(engine, store, owner, first_action)
            assert store.exists(again.sha256)
        finally:
            engine.dispose()
