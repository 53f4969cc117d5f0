"""Sign-in throttle counters, and an index to purge inspectors' reads by age.

Revision ID: 0006_sign_in_throttle
Revises: 0005_role_changes
"""
import sqlalchemy as sa
from alembic import op

import actionplan.core.types

revision = "0006_sign_in_throttle"
down_revision = "0005_role_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signinthrottle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("signinthrottle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signinthrottle_last_failure_at"), ["last_failure_at"], unique=False)
    with op.batch_alter_table("inspectorread", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspectorread_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inspectorread", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspectorread_at"))
    op.drop_table("signinthrottle")
