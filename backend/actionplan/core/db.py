"""Database engine and sessions, alike for the embedded SQLite and PostgreSQL."""

import os
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        database = make_url(url).database
        # On first connect, not here: an engine made only to describe the app creates no file.
        event.listen(engine, "do_connect", lambda *_: _create_private(database))
        _make_sqlite_transactional(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _create_private(path: str | None) -> None:
    """Creates the database file readable by its owner only, before SQLite would create it with the
    umask's mode (often world-readable); SQLite gives its -wal and -shm files the same mode."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    # Only when it does not exist yet: closing any descriptor of a file drops every POSIX lock this
    # process holds on it, so opening an existing database here would break other connections' locks.
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except (FileExistsError, FileNotFoundError):
        pass  # there already; or no such directory, which SQLite reports in its own words


def _make_sqlite_transactional(engine: Engine) -> None:
    # pysqlite opens transactions lazily and mishandles SAVEPOINT; take over BEGIN so that
    # a use case is one real transaction (all or nothing), as on PostgreSQL. IMMEDIATE takes
    # the write lock at the start, so concurrent writers queue (busy_timeout) instead of
    # failing when a read snapshot turns into a write; readers are never blocked (WAL).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        try:
            yield session
        except Exception:
            # A use case that fails leaves nothing behind: not even what it flushed.
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session)]
