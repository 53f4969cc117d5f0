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
        try:
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        except OperationalError as exc:
            # Asked for PostgreSQL and cannot have it: fail the run, never skip quietly.
            pytest.exit(f"PostgreSQL at {make_url(url).render_as_string()} is unreachable: {exc.orig}", returncode=3)
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


@pytest.fixture
def app(engine, session):
    application = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False),
                                      secret_key="test-secret-key-with-enough-entropy-0123456789"), engine=engine)
    application.dependency_overrides[get_session] = lambda: session
    return application


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
