"""TRUNCATE of the audit log is refused too (PostgreSQL; SQLite has no TRUNCATE, and DELETE is refused).

Row triggers never fire on TRUNCATE, which empties a table without deleting rows one by one; also
when it reaches the audit log by cascading from the tables it refers to.

Revision ID: 0003_audit_keyed
Revises: 0002
"""
from alembic import op

revision = "0003_audit_keyed"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER auditevent_no_truncate BEFORE TRUNCATE ON auditevent "
                   "FOR EACH STATEMENT EXECUTE FUNCTION auditevent_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER auditevent_no_truncate ON auditevent")
