"""Background jobs: queued and periodic jobs, claimed with leases by any number of workers.

Revision ID: jobs
Revises: board_meetings (0010_seed before the board branch was merged in)
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import actionplan.core.types

revision = "jobs"
down_revision = "board_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("slot_key", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("run_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("created_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("finished_at", actionplan.core.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_run_at"), ["run_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_slot_key"), ["slot_key"], unique=True)
        batch_op.create_index(batch_op.f("ix_job_state"), ["state"], unique=False)


def downgrade() -> None:
    op.drop_table("job")
