"""One database per run, chosen by ACTIONPLAN_TEST_DATABASE_URL (default: an SQLite file).

The schema is built by the real migrations and the demo is loaded once; each test then runs
inside a transaction that is rolled back, so tests never see each other's writes.
On PostgreSQL the run works in a schema of its own, created here and dropped at the end.
"""

import os
import secrets
import warnings
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from actionplan.core.config import Settings
from actionplan.core.db import get_session, make_engine
from actionplan.core.migrate import migrate
from actionplan.demo import load_demo
from actionplan.main import create_app

DEMO_PASSWORD = "demo-password-for-tests"
# Every writer of the audit log signs with the process's settings: the run's own key, set before they
# are first read, so that no test makes a key file in the working tree. Commands the tests start inherit it.
os.environ["ACTIONPLAN_AUDIT_KEY"] = secrets.token_urlsafe(32)


def pytest_sessionstart(session) -> None:
    """Asked for PostgreSQL and cannot have it: the run fails at once, it never skips quietly."""
    url = os.environ.get("ACTIONPLAN_TEST_DATABASE_URL")
    if not url or make_url(url).get_backend_name() != "postgresql":
        return
    probe = make_engine(url)
    try:
        with probe.connect():
            pass
    except OperationalError as exc:
        pytest.exit(f"PostgreSQL at {make_url(url).render_as_string()} is unreachable: {exc.orig}", returncode=3)
    finally:
        probe.dispose()


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("ACTIONPLAN_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def engine(tmp_path_factory) -> Iterator[Engine]:
    url = _database_url(tmp_path_factory)
    if make_url(url).get_backend_name() == "postgresql":
        schema = f"test_{secrets.token_hex(4)}"
        admin = make_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        eng = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
        try:
            yield _prepared(eng)
        finally:
            eng.dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    else:
        eng = make_engine(url)
        yield _prepared(eng)
        eng.dispose()


def _prepared(engine: Engine) -> Engine:
    migrate(engine)
    with Session(engine) as session:
        load_demo(session, DEMO_PASSWORD)
    return engine


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as s:
            yield s
        outer.rollback()


@pytest.fixture(scope="session")
def shared_app(engine, tmp_path_factory):
    """One application for the run: building it for every test would cost more than the test."""
    data = tmp_path_factory.mktemp("data")
    return create_app(Settings(database_url=engine.url.render_as_string(hide_password=False), data_dir=data,
                               evidence_dir=data / "evidence",
                               secret_key="test-secret-key-with-enough-entropy-0123456789"), engine=engine)


@pytest.fixture
def app(shared_app, session):
    def _session():
        try:
            yield session
        except Exception:
            session.rollback()  # to the savepoint: as a failed request does in production
            raise

    shared_app.dependency_overrides[get_session] = _session
    yield shared_app
    shared_app.dependency_overrides.clear()


@pytest.fixture
def client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

        with TestClient(app) as c:
            yield c


DEMO_EMAILS = {
    "action_owner": "owner@actionplan.example",
    "head_of_service": "hos@actionplan.example",
    "assistant_director": "ad@actionplan.example",
    "director": "director@actionplan.example",
    "inspector": "inspector@actionplan.example",
    "admin": "admin@actionplan.example",
}


@pytest.fixture
def auth(app, session):
    """auth("director") or auth(user) → the Authorization header of a freshly issued token."""
    from sqlmodel import select

    from actionplan.auth.tokens import issue_access_token
    from actionplan.users.models import User

    def _headers(who) -> dict[str, str]:
        user = who if isinstance(who, User) else session.exec(
            select(User).where(User.email == DEMO_EMAILS.get(who, who))).one()
        token, _ = issue_access_token(app.state.settings, user.id, user.token_version)
        return {"Authorization": f"Bearer {token}"}
    return _headers


@pytest.fixture
def render_pdfs(app, session, monkeypatch):
    """render_pdfs() runs the queued board pack PDF jobs as a worker would (the runner's own claim and
    run, in the test's transaction, writing under the app's data directory); returns their outcomes.
    A test may point ACTIONPLAN_DATA_DIR elsewhere (the worker's settings are read on each run)."""
    from actionplan.core.config import get_settings
    from actionplan.core.types import utcnow
    from actionplan.jobs.runner import claim, run_claimed
    from actionplan.reports.renderings import RENDER_JOB

    monkeypatch.setenv("ACTIONPLAN_DATA_DIR", str(app.state.settings.data_dir))

    def run() -> list[str]:
        get_settings.cache_clear()
        outcomes = []
        while claimed := claim(session, utcnow(), limit=1, names=[RENDER_JOB]):
            outcomes.append(run_claimed(session, *claimed[0], utcnow()))
        return outcomes
    yield run
    get_settings.cache_clear()
