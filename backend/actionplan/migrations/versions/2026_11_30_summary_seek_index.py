"""Reading a status or due date as at a moment: the per-action index carries the row's id too.

"The last approved row by a moment" orders by (decided_at, id); with the id in the index, PostgreSQL
reads that row straight off the index instead of sorting each action's rows (three times faster on
the board summary of a large plan).

Revision ID: perf_summary_seek_index
Revises: 0010_seed
"""
from alembic import op

revision = "perf_summary_seek_index"
down_revision = "outcomes"
branch_labels = None
depends_on = None

TABLES = (("statuschange", "ix_statuschange_action_decided"), ("reschedule", "ix_reschedule_action_decided"))


def upgrade() -> None:
    for table, index in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.create_index(f"{index}_id", ["action_id", "decided_at", "id"], unique=False)


def downgrade() -> None:
    for table, index in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"{index}_id")
            batch_op.create_index(index, ["action_id", "decided_at"], unique=False)
