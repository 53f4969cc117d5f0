"""Outcomes an action serves: the positions of its area's outcomes, where the plan makes that clear.

Revision ID: outcomes
Revises: occurrences
"""
from alembic import op
import sqlalchemy as sa

revision = "outcomes"
down_revision = "occurrences"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("serves_outcomes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("serves_outcomes")
