"""Which database errors mean "the database cannot serve us now" (503, try again) and which are
bugs (500): Python's sqlite3 files both under OperationalError. Real errors from a real file."""

import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from actionplan.core.errors import database_is_unavailable


def test_a_locked_sqlite_database_is_unavailable_for_now(tmp_path):
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE note (text TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    impatient = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    try:
        with pytest.raises(OperationalError) as raised, impatient.begin() as connection:
            connection.execute(text("INSERT INTO note VALUES ('waits')"))
        assert database_is_unavailable(raised.value)
    finally:
        impatient.dispose()
        holder.close()


def test_a_fault_in_the_sql_is_a_bug_not_an_unavailable_database(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with pytest.raises(OperationalError) as raised, engine.connect() as connection:
            connection.execute(text("SELECT * FROM no_such_table"))
        assert not database_is_unavailable(raised.value)
    finally:
        engine.dispose()
