"""Role changes that wait for a director's confirmation (making someone director, assistant
director or inspector needs a second person).

Revision ID: 0005_role_changes
Revises: 0004_pending_unique
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import actionplan.core.types

revision = "0005_role_changes"
down_revision = "0004_pending_unique"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "role_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", actionplan.core.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["requested_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("role_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_change_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("role_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_change_user_id"))
    op.drop_table("role_change")
