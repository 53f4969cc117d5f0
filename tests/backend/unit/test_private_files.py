"""The embedded database and the generated signing key are readable by their owner only, whatever
the umask: anyone else on the machine could otherwise read every plan, or sign tokens."""

import os
import stat

import pytest
from sqlalchemy import text

from actionplan.core.config import Settings
from actionplan.core.db import make_engine


@pytest.fixture
def lax_umask():
    previous = os.umask(0o022)  # the usual default: files world-readable
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_sqlite_database_and_its_journal_are_created_private(tmp_path, lax_umask):
    path = tmp_path / "actionplan.db"
    engine = make_engine(f"sqlite:///{path}")
    assert not path.exists()  # an engine alone creates nothing
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert sorted(p.name for p in tmp_path.iterdir()) == ["actionplan.db", "actionplan.db-shm", "actionplan.db-wal"]
        assert {p.name: mode(p) for p in tmp_path.iterdir()} == dict.fromkeys(
            ["actionplan.db", "actionplan.db-shm", "actionplan.db-wal"], 0o600)
    engine.dispose()
    assert mode(path) == 0o600


def test_the_generated_signing_key_is_private(tmp_path, lax_umask):
    settings = Settings(data_dir=tmp_path / "var")
    key = settings.signing_key()
    assert len(key) > 40 and settings.signing_key() == key
    assert mode(tmp_path / "var" / "secret_key") == 0o600
