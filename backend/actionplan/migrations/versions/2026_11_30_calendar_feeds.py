"""Calendar feeds: secret addresses (hashed) of a person's calendar or of a plan's board meetings.

Revision ID: calendar_feeds
Revises: jobs
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import actionplan.core.types

revision = "calendar_feeds"
down_revision = "jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", actionplan.core.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feed_token_hash"), ["token_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_calendar_feed_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("calendar_feed")
