"""Database engine and sessions, alike for the embedded SQLite and PostgreSQL."""

import os
import sqlite3
import threading
from collections.abc import AsyncIterator
from functools import cache
from typing import Annotated

import anyio
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

# An execution option: this connection's transactions only read (on SQLite, a plain deferred BEGIN).
READ_ONLY = "actionplan_read_only"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Reads working on the database at once in a server process, unless ACTIONPLAN_READS_AT_ONCE says.
# One thread runs Python at a time, and SQLite's reads hand that lock on at every row they step
# through: with sixteen at once, a page of 50 actions took twice the CPU it takes alone. Two keep
# a core busy (one in Python, one in SQLite); PostgreSQL's reads also wait on the network.
READS_AT_ONCE = {"sqlite": 2, "postgresql": 4}


def make_engine(url: str, *, pool_size: int | None = None, **kwargs) -> Engine:
    database = make_url(url).database
    if pool_size is not None and database not in (None, "", ":memory:"):
        kwargs["pool_size"] = pool_size  # (an in-memory SQLite database has one connection per thread)
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": 30, "factory": _taking_turns(database or "")}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        # On first connect, not here: an engine made only to describe the app creates no file.
        event.listen(engine, "do_connect", lambda *_: _create_private(database))
        _make_sqlite_transactional(engine)
        return engine
    # Checked before use, so that connections lost while the database was away are replaced
    # without a restart; a database that does not answer at all is given up on in 10 s.
    connect_args = {"connect_timeout": 10, **kwargs.pop("connect_args", {})}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


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
    # a use case is one real transaction (all or nothing), as on PostgreSQL. A transaction that
    # may write takes the write lock at the start (IMMEDIATE), so concurrent writers queue
    # (busy_timeout) instead of failing when a read snapshot turns into a write. One that only
    # reads begins plainly and never waits: in WAL mode readers run beside the one writer.
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
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
            return
        dbapi_connection = conn.connection.dbapi_connection
        dbapi_connection.take_turn()
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            dbapi_connection.end_turn()
            raise


class _TakingTurns(sqlite3.Connection):
    """An SQLite connection whose write transactions take turns with the others of this process,
    in the order they asked, before taking SQLite's write lock. Left to SQLite, a waiting writer
    polls, sleeping up to 100 ms between tries, so under load newcomers overtake those that have
    waited longest; in turn, each waits for the writes ahead of it and no longer. The turn ends
    with the transaction: commit, rollback or close."""

    turns: threading.Lock  # one per database file: see _taking_turns()
    holding = False

    def take_turn(self) -> None:
        # Never indefinitely: past that, SQLite's own wait (busy_timeout) decides.
        self.holding = self.turns.acquire(timeout=30)

    def end_turn(self) -> None:
        if self.holding:
            self.holding = False
            self.turns.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()


@cache
def _taking_turns(database: str) -> type[_TakingTurns]:
    return type("SQLiteConnection", (_TakingTurns,), {"turns": threading.Lock()})


def begin_writing(session: Session) -> None:
    """Before a write in a request that only reads otherwise (a GET logging who read what): ends
    the read transaction and begins one that may write. On SQLite a read transaction cannot
    safely become a write one (once another writer has committed it fails at once with
    `database is locked`), so the write takes the lock from its start and queues like any other."""
    session.commit()
    session.connection(execution_options={READ_ONLY: False})


async def _database_place(request: Request) -> AsyncIterator[None]:
    # One of the connection pool's places, waited for on the event loop, holding neither a thread
    # nor a connection: a request that has one always finds a connection free, and a crowd
    # queues here in order instead of exhausting the pool while holding the threads. Reads have
    # places of their own, so that writes queueing for SQLite's write lock never hold them up.
    state = request.app.state
    async with state.read_places if request.method in SAFE_METHODS else state.database_places:
        yield


async def get_session(request: Request, _place: Annotated[None, Depends(_database_place)]) -> AsyncIterator[Session]:
    # Made on the event loop (a Session touches no connection until its first statement) and closed
    # in the thread pool: one trip through the pool per request for the session, not two.
    reads_only = request.method in SAFE_METHODS
    session = Session(request.app.state.engine, execution_options={READ_ONLY: True} if reads_only else None)
    try:
        yield session
    except Exception:
        # A use case that fails leaves nothing behind: not even what it flushed.
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(session.rollback)
        raise
    finally:
        # Shielded: a request cancelled here must still give its connection back.
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(_close, session)


def _close(session: Session) -> None:
    try:
        session.close()
    except DBAPIError as exc:
        # The connection was lost after the work was done (the database went away): the
        # server has dropped what was left open, and the pool has dropped the connection.
        if not exc.connection_invalidated:
            raise


SessionDep = Annotated[Session, Depends(get_session)]
